/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpd: the daemon around the session layer (bgpd.h).
 *
 *   main.c     options, start-up, signals (signalfd: SIGHUP reloads,
 *              SIGTERM/SIGINT stop with a Cease), the event loop
 *   peers.c    the document's fabric part (DESIGN 4.2) as peer
 *              configurations, and converging the running peers to them
 *   control.c  the control socket (control.h) and the status it serves
 *
 * The RIB (rib.h) holds the main table; glue.h puts it on the session
 * layer's hooks, and every fabric session has a RIB peer in it (peers.c).
 */
#ifndef DPUBGP_DAEMON_DPUBGPD_H
#define DPUBGP_DAEMON_DPUBGPD_H

#include <stdbool.h>
#include <stdint.h>

#include "bgpd.h"
#include "doc.h"
#include "glue.h"
#include "rib.h"

/* What the document says about this node, beyond its peers. */
struct dpubgpd_node {
	uint32_t as;
	bool as_inherited;
	struct bgp_addr ipv4, ipv6;	/* family 0 when absent */
	uint32_t router_id;		/* host order */
	uint16_t listen_port;
};

/* The peer configurations the document asks of this node. */
struct dpubgpd_plan {
	struct dpubgpd_node node;
	struct bgp_peer_conf *peers;
	size_t n_peers;
};

struct dpubgpd {
	struct bgpd bgp;
	struct rib rib;			/* the main table (id 0) */
	struct rib_bgpd rib_glue;
	bool rib_up;			/* rib initialised, glue attached */
	const char *doc_path;
	const char *node_name;
	struct dpubgpd_node node;	/* the running one */
	struct ev_fd signals;
	struct ev_fd control;
	struct ctl_client *clients;	/* of the control socket */
};

/*
 * Read the document at path and plan this node's peers: 0, or -1 with
 * the reason ("FILE:LINE:COL: reason" for a bad document) in err.
 */
int dpubgpd_plan_load(const char *path, const char *node,
		      struct dpubgpd_plan *plan, char *err, size_t errlen);
void dpubgpd_plan_free(struct dpubgpd_plan *plan);

/*
 * Make the running peers those of plan: new ones start, gone ones get a
 * Cease (Peer de-configured), changed ones restart (Cease, Other
 * configuration change); the others keep their sessions.
 */
void dpubgpd_converge(struct dpubgpd *dd, const struct dpubgpd_plan *plan);

/* Listen on path (an old socket file is replaced): 0 or -errno. */
int dpubgpd_control_open(struct dpubgpd *dd, const char *path);
void dpubgpd_control_close(struct dpubgpd *dd, const char *path);

#endif /* DPUBGP_DAEMON_DPUBGPD_H */
