/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpctl status, rib and log-level: the node's BGP sessions, its RIB
 * and its log level, asked of dpubgpd over its control socket
 * (control/proto.h), printed as calicoctl status and FRR's show bgp
 * neighbor print them, or as JSON: printers over struct dpubgp_status,
 * over one struct dpubgp_peer_status, and over the struct
 * dpubgp_rib_route array.
 */
#ifndef DPUBGP_CTL_STATUS_H
#define DPUBGP_CTL_STATUS_H

#include <stdio.h>
#include <time.h>

#include "control/proto.h"
#include "ctl/cmd.h"

/* The leaf "status [PEER] [-o json]" of the command tree. */
int ctl_status_parse(struct ctl_req *req, int argc, char *argv[]);
int ctl_status_run(struct ctl_req *req);
#define CTL_STATUS_HELP							\
	"Per family, the node's address and AS (and this DPU's AS for its\n" \
	"tenants), then a row per session as calicoctl node status shows it:\n" \
	"its peer, type (node-to-node mesh, global, node specific, tenant),\n" \
	"state (up, start, down), since when, and its FSM state and last error.\n" \
	"With PEER, that session alone in detail, as FRR's show bgp neighbor:\n" \
	"its ASes, timers, capabilities, messages, the prefixes it sent and\n" \
	"what became of them (received is accepted plus each reason to drop),\n" \
	"its last error and when.\n"					\
	"\n"								\
	"  PEER       a peer's address; a tenant's is ADDRESS%PORT (10.0.0.2%t0),\n" \
	"             its address alone when no other port has that host\n" \
	"  -o json    as JSON, with every counter (control/proto.h)\n"
/* "rib [PREFIX|vpc NAME|peer PEER] [--dropped] [-o json]" */
int ctl_rib_parse(struct ctl_req *req, int argc, char *argv[]);
int ctl_rib_run(struct ctl_req *req);
#define CTL_RIB_HELP							\
	"The main table, then each VPC's, a header before each; in a table\n" \
	"the routes sorted by prefix (IPv4 first), a path a line, the best\n" \
	"marked \"*\", with its AS_PATH, MED, LOCAL_PREF and communities\n" \
	"(standard, extended, large), a tenant route's VPC and leak, \"stale\"\n" \
	"on a path kept from a restarting peer.\n"			\
	"\n"								\
	"  PREFIX     that route (ADDRESS/LENGTH), or for an ADDRESS the\n" \
	"             longest prefix that holds it, in each table\n"	\
	"  vpc NAME   the table of that VPC alone\n"			\
	"  peer PEER  the paths from that peer alone (ADDRESS, ADDRESS%PORT)\n" \
	"  --dropped  the routes dropped on import instead, with the reason\n" \
	"             and when: the last 64 per peer, while it announces them\n" \
	"  -o json    as JSON (control/proto.h), in the same order\n"
/* "log-level [LEVEL]" */
int ctl_log_level_parse(struct ctl_req *req, int argc, char *argv[]);
int ctl_log_level_run(struct ctl_req *req);
#define CTL_LOG_LEVEL_HELP						\
	"Without LEVEL, the level dpubgpd logs at; with it, the level from now\n" \
	"on, without a restart (it lasts until dpubgpd stops: -l sets the one\n" \
	"it starts with). debug shows each prefix dropped on import and why.\n"

/* The control socket dpubgpctl talks to (-s); DPUBGP_CONTROL_SOCKET. */
extern const char *ctl_socket_path;

/*
 * Per family (IPv4, then IPv6), Calico's layout:
 *
 *   IPv4 BGP status
 *   IP: 10.0.0.1    AS Number: 64511 (inherited)
 *   DPU AS Number: 4268000000 (tenant sessions)
 *   +--------------+-------------------+-------+----------+-------------+
 *   | Peer address |     Peer type     | State |  Since   |     Info    |
 *   +--------------+-------------------+-------+----------+-------------+
 *   | 10.0.0.2     | node-to-node mesh |   up  | 16:17:25 | Established |
 *   +--------------+-------------------+-------+----------+-------------+
 *
 * then an empty line; "No IPv4 peers found." instead of a table without
 * rows, no IP line for a family the node has no address of, no DPU line
 * without a DPU AS. A tenant is ADDRESS%PORT. Cells are
 * centred as Python's prettytable centres them. Since is the local time
 * of the last change, or its date when it is 20 hours or more before now.
 * Returns 0 or -errno.
 */
int ctl_print_status_text(FILE *f, const struct dpubgp_status *st, time_t now);

/* The status object as the daemon sent it, indented by 2. */
int ctl_print_status_json(FILE *f, const struct dpubgp_status *st);

/*
 * One peer of st in detail, as FRR's "show bgp neighbor" (the lines are
 * in ctl_print_peer_text()'s golden file, selftests/userspace/golden).
 * Returns 0 or -errno.
 */
int ctl_print_peer_text(FILE *f, const struct dpubgp_status *st,
			const struct dpubgp_peer_status *p, time_t now);
/* The peer object as the daemon sent it, indented by 2. */
int ctl_print_peer_json(FILE *f, const struct dpubgp_peer_status *p);

/*
 * The peers of st that PEER names ("ADDRESS": every port's;
 * "ADDRESS%PORT"): how many, the first in *found. -1 on a name that
 * does not parse.
 */
int ctl_status_find_peer(const struct dpubgp_status *st, const char *peer,
			 const struct dpubgp_peer_status **found);

/*
 * The routes of a rib answer in the order they print: by table (the main
 * table, 0, first), then by prefix (IPv4 first, then by address, then by
 * length); those of one prefix keep their order.
 */
void ctl_rib_sort(struct dpubgp_rib_route *routes, size_t n);

/*
 * The rib answer, sorted (ctl_rib_sort()), a table at a time: a header,
 * "Table main:" or "Table 100, VPC blue:" (", dropped" before the colon
 * for dropped routes), then a path a line: "PREFIX * via NH from PEER
 * as_path [AS,...]", then " med N", " local_pref N", " communities
 * [...]", " ext_communities [...]", " large_communities [...]", " vpc
 * NAME", " leak underlay|drop-overlay", " stale" where the path has
 * them, and for a dropped route " dropped: REASON, at TIME"; the best
 * path of a route is marked "*". An AS_SET is a nested [...]. An empty
 * line between tables; "No routes." when there are none. Returns 0 or
 * -errno.
 */
int ctl_print_rib_text(FILE *f, const struct dpubgp_rib_route *routes,
		       size_t n);
/* The routes as the daemon sent them, an array indented by 2. */
int ctl_print_rib_json(FILE *f, const struct dpubgp_rib_route *routes,
		       size_t n);

#endif /* DPUBGP_CTL_STATUS_H */
