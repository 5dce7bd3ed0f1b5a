/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small HTTP server on the daemon's event loop (libmicrohttpd, no
 * thread of its own): one listener, bound to one device or to none,
 * answering GET and HEAD through a callback. The metadata service runs
 * one per tenant port (design.md §4.4), so that a host reaches only its
 * own port's; the metrics (design.md §4.5) one on no device.
 *
 * The listening socket is ours (SO_BINDTODEVICE, IP_FREEBIND: the
 * address may be on the device's VRF master, or not there yet); we
 * accept, and hand what we keep to libmicrohttpd (MHD_add_connection),
 * whose epoll descriptor and timeout drive it from the loop. Limits, so
 * that a host can neither hold the daemon nor starve its neighbours:
 *
 *   HTTP_MAX_CONNS       connections at once per listener (8), of them
 *   HTTP_MAX_CONNS_IP    at most 4 from one address: more are closed as
 *                        soon as they are accepted ("refused")
 *   HTTP_IDLE_TIMEOUT    seconds without a byte before a connection is
 *                        closed (5)
 *   HTTP_REQUEST_TIME    seconds a connection has to complete a request,
 *                        from its start or its last answer (10): a
 *                        client that trickles bytes is cut ("cut")
 *   HTTP_MEMORY_LIMIT    bytes a connection's request may take (8 KiB):
 *                        a larger header is answered 431 by
 *                        libmicrohttpd, a longer request line 414
 *
 * Other methods than GET and HEAD get 405 (with Allow); a request body
 * is not read. Every answer is counted by its status, libmicrohttpd's
 * own refusals included.
 */
#ifndef DPUBGP_HTTP_SERVER_H
#define DPUBGP_HTTP_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <net/if.h>

#include "base/addr.h"
#include "base/event.h"

#define HTTP_MAX_CONNS		8
#define HTTP_MAX_CONNS_IP	4
#define HTTP_IDLE_TIMEOUT	5
#define HTTP_REQUEST_TIME	10
#define HTTP_MEMORY_LIMIT	8192

/* A listener's counters, since it was made. */
struct http_counts {
	uint64_t connections;		/* accepted and served */
	uint64_t refused;		/* closed at once: over the limits */
	uint64_t cut;			/* closed at HTTP_REQUEST_TIME */
	uint64_t requests;		/* request lines read */
	/* Answers by status; "other" for any status not listed. */
	uint64_t s200, s400, s404, s405, s413, s414, s431, s500, other;
};

/* An answer of the callback: body is copied, type a static string. */
struct http_answer {
	unsigned int status;
	const char *type;
	const char *body;
	size_t len;
};

/*
 * The answer to a GET (or HEAD) of path: fill a, 0; or -errno, answered
 * 500. done(arg, a) is then called, if set, once the answer is queued.
 */
struct http_handler {
	int (*get)(void *arg, const char *path, struct http_answer *a);
	void (*done)(void *arg, struct http_answer *a);
	void *arg;
};

struct http_conn;

struct http_listener {
	char dev[IF_NAMESIZE];		/* for the log; "(any)": no device */
	struct ev_loop *loop;
	struct ev_fd lev;		/* our listening socket; fd -1: none */
	struct ev_fd mev;		/* libmicrohttpd's epoll descriptor */
	struct ev_timer timer;		/* its timeout, and the request time */
	struct MHD_Daemon *mhd;
	struct http_handler handler;
	struct http_conn *conns;	/* libmicrohttpd's, open */
	unsigned int n_conns;
	struct http_counts counts;
};

/*
 * Listen on addr:port bound to device dev (which must exist; NULL: on
 * no device): 0 or -errno. Call http_listener_close() in either case. counts starts
 * from *counts when given (a listener opened again keeps counting).
 */
int http_listener_open(struct http_listener *hl, struct ev_loop *loop,
		       const char *dev, const struct bgp_addr *addr,
		       uint16_t port, const struct http_handler *handler,
		       const struct http_counts *counts);
/* Close every connection and the socket; hl is all zero then but fds -1. */
void http_listener_close(struct http_listener *hl);
/* Whether hl is open. */
bool http_listener_open_p(const struct http_listener *hl);

#endif /* DPUBGP_HTTP_SERVER_H */
