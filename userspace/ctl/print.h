/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The two presentations of the kernel's ports: text for people, JSON for
 * programs. Both print the same list and nothing else.
 */
#ifndef DPUBGP_CTL_PRINT_H
#define DPUBGP_CTL_PRINT_H

#include <stdio.h>

#include "port.h"

/*
 * One block per port, blocks apart by an empty line, "No ports." if none:
 *
 *   port t0 (ifindex 5) vrf vpc-blue
 *     src-filter: on
 *     hosts: 10.0.0.2/32, fd00::2/128
 *
 * ("hosts: none" without hosts). Returns 0 or -errno.
 */
int ctl_print_ports_text(FILE *f, const struct dpubgp_port_list *list);

/*
 * {"ports": [{"ifname", "ifindex", "vrf", "src_filter", "hosts": [...]}]}
 * with keys in that order, indented by 2, and a final newline. Returns 0
 * or -errno.
 */
int ctl_print_ports_json(FILE *f, const struct dpubgp_port_list *list);

#endif /* DPUBGP_CTL_PRINT_H */
