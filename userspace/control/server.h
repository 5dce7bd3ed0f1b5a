/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpd's control socket: the server end of the protocol in proto.h,
 * on the session layer's event loop. It answers from the session layer
 * and the RIB, and asks the daemon (struct control_source) for what only
 * the daemon knows: the node, and the VPC of a RIB table.
 */
#ifndef DPUBGP_CONTROL_SERVER_H
#define DPUBGP_CONTROL_SERVER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/un.h>

#include "control/proto.h"
#include "rib/rib.h"
#include "session/session.h"

struct control_source {
	struct bgpd *bgp;		/* its peers, and the event loop */
	const struct rib *rib;
	/* The node's members of the status answer (node .. ipv6, dpu_as). */
	void (*node)(void *arg, struct dpubgp_status *st);
	/* The name of the VPC whose RIB table is id (not 0), or NULL. */
	const char *(*vpc)(void *arg, uint32_t id);
	/* The RIB table of VPC name into *id: false when it has none. */
	bool (*vpc_table)(void *arg, const char *name, uint32_t *id);
	void *arg;
};

struct control_client;

struct control_server {
	struct ev_fd ev;		/* the listening socket; fd -1: closed */
	struct control_source src;
	struct control_client *clients;
	char path[sizeof(((struct sockaddr_un *)0)->sun_path)];
	dev_t dev;			/* the socket file's identity */
	ino_t ino;
};

/*
 * Listen on path (its directory made; a stale socket file, one nobody
 * answers at, replaced): 0, -EADDRINUSE when another server answers at
 * path, or -errno. Call control_server_close() in either case.
 */
int control_server_open(struct control_server *cs, const char *path,
			const struct control_source *src);
/*
 * The status answer (proto.h) as a structure, peers sorted as dpubgpctl
 * shows them: 0 or -ENOMEM. Free with dpubgp_status_free(). The
 * metrics (design.md §4.5) are drawn from it too.
 */
int control_status(const struct control_source *src, struct dpubgp_status *st);

/*
 * Drop the clients, close the socket and remove its file (unless another
 * server's replaced it since).
 */
void control_server_close(struct control_server *cs);

#endif /* DPUBGP_CONTROL_SERVER_H */
