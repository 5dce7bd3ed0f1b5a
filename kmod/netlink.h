/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_NETLINK_H
#define _DPUBGP_NETLINK_H

int dpubgp_genl_init(void);
void dpubgp_genl_exit(void);

#endif /* _DPUBGP_NETLINK_H */
