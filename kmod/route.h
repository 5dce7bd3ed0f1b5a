/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_ROUTE_H
#define _DPUBGP_ROUTE_H

#include "lpm.h"
#include "source.h"

#include <linux/atomic.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

struct dpubgp_net;
struct dpubgp_port;

/* A tenant route: (prefix, port). Only the counters ever change: the
 * forwarding hooks (hooks.c) count the packets the route matched.
 */
struct dpubgp_route {
	struct dpubgp_source source;	/* in its port's source table */
	struct dpubgp_prefix prefix;
	int ifindex;
	u32 flags;		/* DPUBGP_ROUTE_F_* */
	/* Shared, unlike a port's drops: per-CPU counters would take 16
	 * bytes per possible CPU for each of up to millions of routes, and
	 * an allocation from the per-CPU allocator for each add (conntrack's
	 * accounting keeps atomic64 per entry for the same reason).
	 */
	atomic64_t packets;
	atomic64_t bytes;
	/* Writers only: a ring of the leaking routes of the same prefix
	 * (anycast), the one in the leak table among them.
	 */
	struct list_head holders;
	struct rcu_head rcu;
};

/* Under rcu_read_lock(): the tenant route that packets from inside the
 * prefix where a port's source table holds @src count against, or NULL.
 */
static inline struct dpubgp_route *
dpubgp_source_route(struct dpubgp_source *src)
{
	if (!src->host)
		return container_of(src, struct dpubgp_route, source);
	return rcu_dereference(container_of(src, struct dpubgp_host,
					    source)->route);
}

/* A route as a dump shows it. */
struct dpubgp_route_info {
	int ifindex;
	const struct dpubgp_prefix *prefix;
	u32 flags;
	u64 packets;
	u64 bytes;
};

/* Where a route walk resumes: after route @after of port @ifindex. */
struct dpubgp_route_pos {
	u32 ifindex;
	bool has_after;
	struct dpubgp_prefix after;
};

/* Returns non-zero to stop the walk. */
typedef int (*dpubgp_route_walk_fn)(const struct dpubgp_route_info *route,
				    void *arg);

int dpubgp_route_init(void);
void dpubgp_route_exit(void);
int dpubgp_route_add(struct dpubgp_net *pn, const struct dpubgp_prefix *p,
		     int ifindex, u32 flags);
int dpubgp_route_del(struct dpubgp_net *pn, const struct dpubgp_prefix *p,
		     int ifindex);
int dpubgp_routes_flush_port(struct dpubgp_net *pn, int ifindex);
void dpubgp_routes_flush(struct dpubgp_net *pn);
int dpubgp_route_walk(struct dpubgp_net *pn, struct dpubgp_route_pos *pos,
		      u32 *gen, dpubgp_route_walk_fn fn, void *arg);
void dpubgp_routes_free_port(struct dpubgp_net *pn, struct dpubgp_port *port);

#endif /* _DPUBGP_ROUTE_H */
