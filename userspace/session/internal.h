/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Between the FSM (fsm.c), its connections (conn.c), the peer set
 * (peer.c) and the listeners (listener.c); private to session/: its users
 * read session.h.
 */
#ifndef DPUBGP_SESSION_INTERNAL_H
#define DPUBGP_SESSION_INTERNAL_H

#include "session/session.h"

enum { BGP_CONN_OUT, BGP_CONN_IN };

/* Receive room: whole messages are decoded in place. */
#define BGP_RX_SIZE	(16 * BGP_MAX_LEN)
/* The send queue refuses bgp_peer_send() above HIGH until below LOW. */
#define BGP_TX_HIGH	(256 * 1024)
#define BGP_TX_LOW	(64 * 1024)

struct bgp_conn {
	struct ev_fd ev;		/* fd -1 once closed */
	struct bgp_peer *peer;
	int dir;			/* BGP_CONN_OUT or BGP_CONN_IN */
	enum bgp_state state;		/* CONNECT, then OPENSENT on */
	struct ev_timer hold;
	struct ev_timer keepalive;
	struct bgp_negotiated neg;	/* from its OPEN */
	bool tx_blocked;		/* a send was refused: call writable */
	bool heard;			/* a byte came in on it */
	/*
	 * The peer's state and its times as this incoming connection
	 * came: what a probe of the port (closed before a byte came in)
	 * leaves behind it.
	 */
	enum bgp_state before;
	uint64_t before_since;
	time_t before_since_wall;
	int tx_error;			/* errno of a failed write */

	uint8_t *tx;
	size_t tx_off, tx_len, tx_cap;
	size_t rx_len;
	uint8_t rx[BGP_RX_SIZE];
};

/* conn.c */
/* Start a connection to the peer; -errno when it fails at once. */
int bgp_conn_connect(struct bgp_peer *p);
/* Take fd, accepted from the peer; -errno (fd closed) on failure. */
int bgp_conn_accept(struct bgp_peer *p, int fd);
/* Queue a whole message and push what the socket takes: 0 or -ENOMEM. */
int bgp_conn_send(struct bgp_conn *c, const uint8_t *msg, size_t len);
size_t bgp_conn_queued(const struct bgp_conn *c);
/* Move c to the peer's other, empty slot: Established only. */
void bgp_conn_move(struct bgp_conn *c, int dir);
/* Close and unlink from the peer; the memory goes at the end of the batch. */
void bgp_conn_close(struct bgp_conn *c);

/* peer.c */
/* Whether two device names are the same one (NULL and "" are none). */
bool bgp_same_dev(const char *a, const char *b);

/* listener.c */
/* Close and free every listener of d. */
void bgp_listeners_close(struct bgpd *d);

/* fsm.c: what conn.c reports. */
void bgp_fsm_tcp_up(struct bgp_conn *c);
void bgp_fsm_tcp_failed(struct bgp_conn *c, const char *reason);
/* A whole message, header checked; -1 if c was closed meanwhile. */
int bgp_fsm_msg(struct bgp_conn *c, const uint8_t *msg, size_t len,
		uint8_t type);
/* Send NOTIFICATION err and close c; the reason becomes last_error. */
void bgp_fsm_error(struct bgp_conn *c, const struct bgp_err *err);
void bgp_fsm_writable(struct bgp_conn *c);

#endif /* DPUBGP_SESSION_INTERNAL_H */
