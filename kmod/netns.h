/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_NETNS_H
#define _DPUBGP_NETNS_H

#include "lpm.h"

#include <linux/lockdep.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

struct net;
struct net_device;

/* What the module keeps per network namespace. Each table is changed by
 * the file that owns it, all of them under the one lock (see netns.c).
 */
struct dpubgp_net {
	struct mutex lock;	/* the writer lock of everything below */
	struct xarray ports;	/* ifindex -> struct dpubgp_port: port.c */
	struct dpubgp_lpm leaked; /* leaked tenant routes by destination: route.c */
	u32 gen;		/* bumped on every change, never 0 */
};

struct dpubgp_net *dpubgp_net(const struct net *net);
int dpubgp_net_del_port(struct dpubgp_net *pn, int ifindex);
void dpubgp_net_on_port_gone(void (*fn)(struct net_device *dev));

/* Under the lock, after a change that dumps must see as one. */
static inline void dpubgp_net_changed(struct dpubgp_net *pn)
{
	lockdep_assert_held(&pn->lock);
	/* nl_dump_check_consistent() reads 0 as "no sequence yet". */
	if (!++pn->gen)
		pn->gen = 1;
}

int dpubgp_netns_init(void);
void dpubgp_netns_exit(void);

#endif /* _DPUBGP_NETNS_H */
