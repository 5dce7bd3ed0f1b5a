/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_PORT_H
#define _DPUBGP_PORT_H

#include "lpm.h"

#include <linux/atomic.h>
#include <linux/dpubgp.h>
#include <linux/in6.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/xarray.h>

struct net;
struct net_device;

/* Never modified once in a table but for its counter: writers replace the
 * whole port, carrying the counter over.
 */
struct dpubgp_port {
	struct rcu_head rcu;
	int ifindex;
	u32 flags;		/* DPUBGP_PORT_F_* */
	atomic64_t drops;	/* by the source filter (hooks.c) */
	unsigned int n_hosts;
	struct dpubgp_prefix hosts[DPUBGP_PORT_HOSTS_MAX];
};

struct dpubgp_net {
	struct mutex lock;	/* the writer lock of everything below */
	struct xarray ports;	/* ifindex -> struct dpubgp_port */
	struct xarray routes;	/* ifindex -> struct dpubgp_port_routes */
	struct dpubgp_lpm leaked; /* leaked tenant routes by destination */
	u32 gen;		/* bumped on every change, never 0 */
};

struct dpubgp_net *dpubgp_net(const struct net *net);
struct net_device *dpubgp_port_vrf(struct net_device *dev);
int dpubgp_port_replace(struct dpubgp_net *pn, struct dpubgp_port *port);
int dpubgp_port_del(struct dpubgp_net *pn, unsigned long ifindex);
void dpubgp_net_changed(struct dpubgp_net *pn);
bool dpubgp_prefix_canonical(const struct dpubgp_prefix *p);

int dpubgp_port_init(void);
void dpubgp_port_exit(void);

#endif /* _DPUBGP_PORT_H */
