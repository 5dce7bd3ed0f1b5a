/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_PORT_H
#define _DPUBGP_PORT_H

#include "lpm.h"
#include "netns.h"

#include <linux/dpubgp.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/u64_stats_sync.h>
#include <linux/xarray.h>

struct net_device;

/* A port as PORT_SET gives it. */
struct dpubgp_port_conf {
	u32 flags;		/* DPUBGP_PORT_F_* */
	unsigned int n_hosts;
	struct dpubgp_prefix hosts[DPUBGP_PORT_HOSTS_MAX];	/* as given */
};

/* Packets the source filter dropped on one CPU. */
struct dpubgp_port_drops {
	u64_stats_t packets;
	struct u64_stats_sync syncp;
};

/* The hooks (hooks.c) look up src, read conf.flags and count drops, all
 * in the first cache line; the host prefixes beyond it are for dumps.
 * A SET changes the port in place: see port.c.
 */
struct dpubgp_port {
	/* Where its host may source from: its host prefixes and its tenant
	 * routes (source.h).
	 */
	struct dpubgp_lpm src;
	/* Per CPU: a flood of spoofed packets, spread over the CPUs, would
	 * make one shared counter bounce between their caches.
	 */
	struct dpubgp_port_drops __percpu *drops;
	int ifindex;
	unsigned int n_routes;
	struct dpubgp_port_conf conf;
	struct rcu_head rcu;
};

/* A port as a dump shows it. */
struct dpubgp_port_info {
	int ifindex;
	const struct dpubgp_port_conf *conf;
	u64 drops;
};

/* Returns non-zero to stop the walk. */
typedef int (*dpubgp_port_walk_fn)(const struct dpubgp_port_info *port,
				   void *arg);

/* Under dpubgp_net.lock or rcu_read_lock(): the port of @ifindex, or NULL. */
static inline struct dpubgp_port *dpubgp_port_find(struct dpubgp_net *pn,
						   int ifindex)
{
	return xa_load(&pn->ports, ifindex);
}

/* Under dpubgp_net.lock: every port from ifindex @start on, in order. */
#define dpubgp_port_for_each(pn, ifindex, port, start) \
	xa_for_each_start(&(pn)->ports, ifindex, port, start)

struct net_device *dpubgp_port_vrf(struct net_device *dev);
int dpubgp_port_set(struct dpubgp_net *pn, int ifindex,
		    const struct dpubgp_port_conf *conf);
struct dpubgp_port *dpubgp_port_unlink(struct dpubgp_net *pn,
				       unsigned long ifindex);
void dpubgp_port_free(struct dpubgp_port *port);
int dpubgp_port_walk(struct dpubgp_net *pn, unsigned long *pos, u32 *gen,
		     dpubgp_port_walk_fn fn, void *arg);
void dpubgp_port_count_drop(struct dpubgp_port *port);

#endif /* _DPUBGP_PORT_H */
