/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two presentations of the kernel's ports: text for people, JSON for
 * programs. Both print the same list and nothing else.
 */
#ifndef DPUBGP_CTL_PRINT_H
#define DPUBGP_CTL_PRINT_H

#include <stdio.h>

#include "kernel/port.h"
#include "kernel/route.h"

/* What dpubgpctl kernel show prints. */
struct ctl_show {
	struct dpubgp_port_list ports;
	struct dpubgp_route_list routes;
};

/*
 * One block per port, blocks apart by an empty line, "No ports." if none:
 *
 *   port t0 (ifindex 5) vrf vpc-blue
 *     src-filter: on, drops 0
 *     hosts: 10.0.0.2/32, fd00::2/128
 *
 * ("hosts: none" without hosts). Returns 0 or -errno.
 */
int ctl_print_ports_text(FILE *f, const struct dpubgp_port_list *list);

/*
 * {"ports": [{"ifname", "ifindex", "vrf", "src_filter", "drops", "hosts": [...]}]}
 * with keys in that order, indented by 2, and a final newline. Returns 0
 * or -errno.
 */
int ctl_print_ports_json(FILE *f, const struct dpubgp_port_list *list);

/*
 * One line per route, "No routes." if none:
 *
 *   route 192.0.2.0/24 dev t0 (ifindex 5) leak underlay packets 0 bytes 0
 *
 * (leak none|underlay|drop-overlay). Returns 0 or -errno.
 */
int ctl_print_routes_text(FILE *f, const struct dpubgp_route_list *list);

/* The ports, an empty line, the routes. Returns 0 or -errno. */
int ctl_print_show_text(FILE *f, const struct ctl_show *show);

/*
 * {"ports": [...as above...], "routes": [{"prefix", "ifname", "ifindex",
 * "leak", "packets", "bytes"}]}, the same layout. Returns 0 or -errno.
 */
int ctl_print_show_json(FILE *f, const struct ctl_show *show);

#endif /* DPUBGP_CTL_PRINT_H */
