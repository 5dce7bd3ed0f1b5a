// SPDX-License-Identifier: GPL-2.0
/*
 * Tenant routes of a network namespace, in two kinds of table: per port,
 * its source table (source.c: the sources its host may use, its host
 * prefixes beside its routes), and per namespace, the leaked routes by
 * destination (where underlay traffic is let in).
 *
 * Invariant: every route is in its port's table; a prefix is in the leak
 * table if and only if some port has a leaking route for it, and then it
 * holds one of those routes (anycast: the others stand by and take over
 * when it goes). The leaking routes of a prefix are linked in a ring
 * (dpubgp_route.holders) that has no head: the leak table reaches it
 * through the route it holds, so handing a prefix over to a standby costs
 * the same whatever the number of ports. A route exists only while its
 * port does (netns.c frees a port's routes with the port).
 *
 * Locking: every change is made under dpubgp_net.lock, the lock the
 * tables are written under; readers use RCU, so routes and tables are
 * freed after a grace period.
 */

#include "route.h"
#include "netns.h"
#include "port.h"

#include <linux/slab.h>
#include <linux/socket.h>

/* A route is 80 bytes: from its own cache rather than kmalloc's 96-byte
 * bucket, 16 MB less for a million of them.
 */
static struct kmem_cache *route_cache __read_mostly;

int __init dpubgp_route_init(void)
{
	route_cache = KMEM_CACHE(dpubgp_route, 0);
	return route_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no route may be waiting for its grace period. */
void dpubgp_route_exit(void)
{
	kmem_cache_destroy(route_cache);
}

static void route_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(route_cache,
			container_of(head, struct dpubgp_route, rcu));
}

static void route_free(struct dpubgp_route *route)
{
	call_rcu(&route->rcu, route_free_rcu);
}

/* Put a leaking @route in the leak table, or in the ring of the route
 * already there for its prefix. Returns 0 or -ENOMEM.
 */
static int leak(struct dpubgp_net *pn, struct dpubgp_route *route)
{
	struct dpubgp_route *holder;

	holder = dpubgp_lpm_exact(&pn->leaked, &route->prefix, &pn->lock);
	if (holder) {
		list_add_tail(&route->holders, &holder->holders);
		return 0;
	}
	INIT_LIST_HEAD(&route->holders);
	return dpubgp_lpm_insert(&pn->leaked, &route->prefix, route, &pn->lock);
}

/* Take a leaking @route out of the leak table, handing its prefix to the
 * next route of its ring if there is one.
 */
static void unleak(struct dpubgp_net *pn, struct dpubgp_route *route)
{
	struct dpubgp_route *standby;

	if (!(route->flags & DPUBGP_ROUTE_F_LEAK_UNDERLAY))
		return;
	standby = list_first_entry_or_null(&route->holders,
					   struct dpubgp_route, holders);
	list_del(&route->holders);
	if (dpubgp_lpm_exact(&pn->leaked, &route->prefix, &pn->lock) != route)
		return;
	if (standby)
		dpubgp_lpm_replace(&pn->leaked, &route->prefix, standby,
				   &pn->lock);
	else
		dpubgp_lpm_remove(&pn->leaked, &route->prefix, &pn->lock);
}

/* Returns 0, -ENODEV if @ifindex is not a port, -EEXIST or -ENOMEM. */
int dpubgp_route_add(struct dpubgp_net *pn, const struct dpubgp_prefix *p,
		     int ifindex, u32 flags)
{
	struct dpubgp_route *route;
	struct dpubgp_port *port;
	int err;

	route = kmem_cache_zalloc(route_cache, GFP_KERNEL);
	if (!route)
		return -ENOMEM;
	route->prefix = *p;
	route->ifindex = ifindex;
	route->flags = flags;
	if (flags & DPUBGP_ROUTE_F_DROP_OVERLAY)
		route->flags |= DPUBGP_ROUTE_F_LEAK_UNDERLAY;

	mutex_lock(&pn->lock);
	port = dpubgp_port_find(pn, ifindex);
	if (!port) {
		err = -ENODEV;
		goto out;
	}
	err = dpubgp_source_add_route(port, route, &pn->lock);
	if (err)
		goto out;
	if (route->flags & DPUBGP_ROUTE_F_LEAK_UNDERLAY) {
		err = leak(pn, route);
		if (err) {
			dpubgp_source_del_route(port, route, &pn->lock);
			goto out;
		}
	}
	dpubgp_net_changed(pn);
	mutex_unlock(&pn->lock);
	return 0;

out:
	mutex_unlock(&pn->lock);
	kmem_cache_free(route_cache, route);
	return err;
}

/* Under dpubgp_net.lock: take @route out of its port's table and the leak
 * table, and free it.
 */
static void route_unlink(struct dpubgp_net *pn, struct dpubgp_port *port,
			 struct dpubgp_route *route)
{
	dpubgp_source_del_route(port, route, &pn->lock);
	unleak(pn, route);
	route_free(route);
}

/* Returns 0 or -ENOENT. */
int dpubgp_route_del(struct dpubgp_net *pn, const struct dpubgp_prefix *p,
		     int ifindex)
{
	struct dpubgp_route *route = NULL;
	struct dpubgp_port *port;

	mutex_lock(&pn->lock);
	port = dpubgp_port_find(pn, ifindex);
	if (port)
		route = dpubgp_source_route_at(port, p, &pn->lock);
	if (route) {
		route_unlink(pn, port, route);
		dpubgp_net_changed(pn);
	}
	mutex_unlock(&pn->lock);
	return route ? 0 : -ENOENT;
}

static int first_route(struct dpubgp_route *route, void *arg)
{
	struct dpubgp_route **first = arg;

	*first = route;
	return 1;
}

/* Under dpubgp_net.lock: remove every route of @port; its host prefixes
 * stay. One walk per route, each from the last route removed: a walk may
 * not change the table it walks.
 */
static void flush_port(struct dpubgp_net *pn, struct dpubgp_port *port)
{
	static const u8 families[] = { AF_INET, AF_INET6 };
	struct dpubgp_route *route;
	struct dpubgp_prefix after;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(families); i++) {
		if (!dpubgp_source_walk_routes(port, families[i], NULL,
					       first_route, &route, &pn->lock))
			continue;
		do {
			after = route->prefix;
			route_unlink(pn, port, route);
		} while (dpubgp_source_walk_routes(port, families[i], &after,
						   first_route, &route,
						   &pn->lock));
	}
	dpubgp_net_changed(pn);
}

/* Remove every route of the port of @ifindex. Returns 0 or -ENOENT. */
int dpubgp_routes_flush_port(struct dpubgp_net *pn, int ifindex)
{
	struct dpubgp_port *port;

	mutex_lock(&pn->lock);
	port = dpubgp_port_find(pn, ifindex);
	if (port)
		flush_port(pn, port);
	mutex_unlock(&pn->lock);
	return port ? 0 : -ENOENT;
}

/* Remove every route of the namespace. */
void dpubgp_routes_flush(struct dpubgp_net *pn)
{
	struct dpubgp_port *port;
	unsigned long ifindex;

	mutex_lock(&pn->lock);
	dpubgp_port_for_each(pn, ifindex, port, 0)
		flush_port(pn, port);
	mutex_unlock(&pn->lock);
}

struct route_walk {
	struct dpubgp_route_pos *pos;
	dpubgp_route_walk_fn fn;
	void *arg;
};

static int walk_one(struct dpubgp_route *route, void *arg)
{
	struct route_walk *w = arg;
	struct dpubgp_route_info info = {
		.ifindex = route->ifindex,
		.prefix = &route->prefix,
		.flags = route->flags,
		.packets = atomic64_read(&route->packets),
		.bytes = atomic64_read(&route->bytes),
	};
	int err;

	err = w->fn(&info, w->arg);
	if (err)
		return err;
	w->pos->after = route->prefix;
	w->pos->has_after = true;
	return 0;
}

static const struct dpubgp_prefix *
resume_after(const struct dpubgp_route_pos *pos)
{
	return pos->has_after ? &pos->after : NULL;
}

/* Under dpubgp_net.lock: the routes of @port from w->pos on. */
static int walk_port(struct dpubgp_net *pn, struct dpubgp_port *port,
		     struct route_walk *w)
{
	struct dpubgp_route_pos *pos = w->pos;
	int err;

	if (!pos->has_after || pos->after.family == AF_INET) {
		err = dpubgp_source_walk_routes(port, AF_INET, resume_after(pos),
						walk_one, w, &pn->lock);
		if (err)
			return err;
	}
	if (pos->has_after && pos->after.family != AF_INET6)
		pos->has_after = false;
	return dpubgp_source_walk_routes(port, AF_INET6, resume_after(pos),
					 walk_one, w, &pn->lock);
}

/* Call @fn on each route from *@pos on, port by port in ifindex order,
 * under the lock, until it returns non-zero, which is returned; *@pos is
 * left at the route @fn stopped at, and *@gen is the generation of the
 * tables walked.
 */
int dpubgp_route_walk(struct dpubgp_net *pn, struct dpubgp_route_pos *pos,
		      u32 *gen, dpubgp_route_walk_fn fn, void *arg)
{
	struct route_walk w = { .pos = pos, .fn = fn, .arg = arg };
	struct dpubgp_port *port;
	unsigned long ifindex;
	int err = 0;

	mutex_lock(&pn->lock);
	*gen = pn->gen;
	dpubgp_port_for_each(pn, ifindex, port, pos->ifindex) {
		if (ifindex != pos->ifindex) {
			pos->ifindex = ifindex;
			pos->has_after = false;
		}
		err = walk_port(pn, port, &w);
		if (err)
			break;
		pos->ifindex = ifindex + 1;
		pos->has_after = false;
	}
	mutex_unlock(&pn->lock);
	return err;
}

static void free_port_route(struct dpubgp_route *route, void *arg)
{
	unleak(arg, route);
	route_free(route);
}

/* Under dpubgp_net.lock, once @port is out of the port table, so that no
 * new reader finds its source table: free its routes, out of the leak
 * table, and the source table with them (source.c frees the host
 * prefixes).
 */
void dpubgp_routes_free_port(struct dpubgp_net *pn, struct dpubgp_port *port)
{
	lockdep_assert_held(&pn->lock);
	dpubgp_source_free(port, free_port_route, pn, &pn->lock);
}
