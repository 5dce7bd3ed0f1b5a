/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_ROUTE_H
#define _DPUBGP_ROUTE_H

#include "lpm.h"

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct dpubgp_net;

/* A tenant route: (prefix, port). Only the counters ever change: the
 * forwarding hooks (hooks.c) count the packets the route matched.
 */
struct dpubgp_route {
	struct dpubgp_prefix prefix;
	int ifindex;
	u32 flags;		/* DPUBGP_ROUTE_F_* */
	atomic64_t packets;
	atomic64_t bytes;
	/* Writers only: a ring of the leaking routes of the same prefix
	 * (anycast), the one in the leak table among them.
	 */
	struct list_head holders;
	struct rcu_head rcu;
};

/* The tenant routes of one port, by prefix: where its host may source
 * packets from beside its host prefixes.
 */
struct dpubgp_port_routes {
	struct dpubgp_lpm src;
	unsigned int count;
	struct rcu_head rcu;
};

int dpubgp_route_add(struct dpubgp_net *pn, const struct dpubgp_prefix *p,
		     int ifindex, u32 flags);
int dpubgp_route_del(struct dpubgp_net *pn, const struct dpubgp_prefix *p,
		     int ifindex);
void dpubgp_routes_flush_port(struct dpubgp_net *pn, int ifindex);
void dpubgp_routes_flush(struct dpubgp_net *pn);

#endif /* _DPUBGP_ROUTE_H */
