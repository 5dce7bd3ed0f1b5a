/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_NETLINK_H
#define _DPUBGP_NETLINK_H

struct net_device;

void dpubgp_genl_port_gone(struct net_device *dev);

int dpubgp_genl_init(void);
void dpubgp_genl_exit(void);

#endif /* _DPUBGP_NETLINK_H */
