/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpctl status and rib: the node's BGP sessions and its RIB, asked of
 * dpubgpd over its control socket (control/proto.h), printed as calicoctl
 * status prints them or as JSON: two printers over one struct
 * dpubgp_status, two over the struct dpubgp_rib_route array.
 */
#ifndef DPUBGP_CTL_STATUS_H
#define DPUBGP_CTL_STATUS_H

#include <stdio.h>
#include <time.h>

#include "control/proto.h"
#include "ctl/cmd.h"

/* The leaf "status [-o json]" of the command tree. */
int ctl_status_parse(struct ctl_req *req, int argc, char *argv[]);
int ctl_status_run(struct ctl_req *req);
/* "rib [-o json]": the daemon's tables, a path a line or as JSON. */
int ctl_rib_run(struct ctl_req *req);

/* The control socket dpubgpctl talks to (-s); DPUBGP_CONTROL_SOCKET. */
extern const char *ctl_socket_path;

/*
 * Per family (IPv4, then IPv6), Calico's layout:
 *
 *   IPv4 BGP status
 *   IP: 10.0.0.1    AS Number: 64511 (inherited)
 *   +--------------+-------------------+-------+----------+-------------+
 *   | Peer address |     Peer type     | State |  Since   |     Info    |
 *   +--------------+-------------------+-------+----------+-------------+
 *   | 10.0.0.2     | node-to-node mesh |   up  | 16:17:25 | Established |
 *   +--------------+-------------------+-------+----------+-------------+
 *
 * then an empty line; "No IPv4 peers found." instead of a table without
 * rows, and no IP line for a family the node has no address of. Cells are
 * centred as Python's prettytable centres them. Since is the local time
 * of the last change, or its date when it is 20 hours or more before now.
 * Returns 0 or -errno.
 */
int ctl_print_status_text(FILE *f, const struct dpubgp_status *st, time_t now);

/* The status object as the daemon sent it, indented by 2. */
int ctl_print_status_json(FILE *f, const struct dpubgp_status *st);

/*
 * The rib answer, a path a line: "PREFIX * via NH from PEER as_path
 * [AS,...]", then " med N", " local_pref N", " communities [...]",
 * " vpc NAME", " leak underlay|drop-overlay" where the path has them; the
 * best path of a route is marked "*". An AS_SET is a nested [...].
 * Returns 0 or -errno.
 */
int ctl_print_rib_text(FILE *f, const struct dpubgp_rib_route *routes,
		       size_t n);
/* The routes as the daemon sent them, an array indented by 2. */
int ctl_print_rib_json(FILE *f, const struct dpubgp_rib_route *routes,
		       size_t n);

#endif /* DPUBGP_CTL_STATUS_H */
