// SPDX-License-Identifier: GPL-2.0
/*
 * Tenant routes of a network namespace, in two kinds of table: per port,
 * the port's routes by prefix (the sources its host may use), and per
 * namespace, the leaked routes by destination (where underlay traffic is
 * let in).
 *
 * Invariant: every route is in its port's table; a prefix is in the leak
 * table if and only if some port has a leaking route for it, and then it
 * holds one of those routes (anycast: the others stand by and take over
 * when it goes). The leaking routes of a prefix are linked in a ring
 * (dpubgp_route.holders) that has no head: the leak table reaches it
 * through the route it holds, so handing a prefix over to a standby costs
 * the same whatever the number of ports. A port's table exists while it
 * has routes, and a route only while its port does (port.c flushes a port
 * it removes).
 *
 * Locking: every change is made under dpubgp_net.lock, the lock the
 * tables are written under; readers use RCU, so routes and tables are
 * freed after a grace period.
 */

#include "route.h"
#include "port.h"

#include <linux/slab.h>
#include <linux/socket.h>

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

static struct dpubgp_port_routes *port_routes(struct dpubgp_net *pn,
					      int ifindex)
{
	struct dpubgp_port_routes *pr = xa_load(&pn->routes, ifindex);
	int err;

	if (pr)
		return pr;
	pr = kzalloc(sizeof(*pr), GFP_KERNEL);
	if (!pr)
		return ERR_PTR(-ENOMEM);
	dpubgp_lpm_init_table(&pr->src);
	err = xa_err(xa_store(&pn->routes, ifindex, pr, GFP_KERNEL));
	if (err) {
		kfree(pr);
		return ERR_PTR(err);
	}
	return pr;
}

static void put_port_routes(struct dpubgp_net *pn, int ifindex,
			    struct dpubgp_port_routes *pr)
{
	if (pr->count)
		return;
	xa_erase(&pn->routes, ifindex);
	dpubgp_lpm_free(&pr->src, &pn->lock);
	kfree_rcu(pr, rcu);
}

/* Returns 0, -ENODEV if @ifindex is not a port, -EEXIST or -ENOMEM. */
int dpubgp_route_add(struct dpubgp_net *pn, const struct dpubgp_prefix *p,
		     int ifindex, u32 flags)
{
	struct dpubgp_port_routes *pr;
	struct dpubgp_route *route;
	int err;

	route = kzalloc(sizeof(*route), GFP_KERNEL);
	if (!route)
		return -ENOMEM;
	route->prefix = *p;
	route->ifindex = ifindex;
	route->flags = flags;
	if (flags & DPUBGP_ROUTE_F_DROP_OVERLAY)
		route->flags |= DPUBGP_ROUTE_F_LEAK_UNDERLAY;

	mutex_lock(&pn->lock);
	if (!xa_load(&pn->ports, ifindex)) {
		err = -ENODEV;
		goto out;
	}
	pr = port_routes(pn, ifindex);
	if (IS_ERR(pr)) {
		err = PTR_ERR(pr);
		goto out;
	}
	err = dpubgp_lpm_insert(&pr->src, p, route, &pn->lock);
	if (err)
		goto out_put;
	pr->count++;
	if (route->flags & DPUBGP_ROUTE_F_LEAK_UNDERLAY) {
		err = leak(pn, route);
		if (err) {
			dpubgp_lpm_remove(&pr->src, p, &pn->lock);
			pr->count--;
			goto out_put;
		}
	}
	dpubgp_net_changed(pn);
	mutex_unlock(&pn->lock);
	return 0;

out_put:
	put_port_routes(pn, ifindex, pr);
out:
	mutex_unlock(&pn->lock);
	kfree(route);
	return err;
}

/* Returns 0 or -ENOENT. */
int dpubgp_route_del(struct dpubgp_net *pn, const struct dpubgp_prefix *p,
		     int ifindex)
{
	struct dpubgp_port_routes *pr;
	struct dpubgp_route *route = NULL;

	mutex_lock(&pn->lock);
	pr = xa_load(&pn->routes, ifindex);
	if (pr)
		route = dpubgp_lpm_remove(&pr->src, p, &pn->lock);
	if (route) {
		unleak(pn, route);
		pr->count--;
		put_port_routes(pn, ifindex, pr);
		dpubgp_net_changed(pn);
	}
	mutex_unlock(&pn->lock);

	if (!route)
		return -ENOENT;
	kfree_rcu(route, rcu);
	return 0;
}

static int flush_one(const struct dpubgp_prefix *p, void *value, void *arg)
{
	struct dpubgp_route *route = value;

	/* The port's own table is left whole until the walk is over. */
	unleak(arg, route);
	kfree_rcu(route, rcu);
	return 0;
}

/* Under dpubgp_net.lock: remove every route of the port. */
void dpubgp_routes_flush_port(struct dpubgp_net *pn, int ifindex)
{
	struct dpubgp_port_routes *pr = xa_load(&pn->routes, ifindex);

	lockdep_assert_held(&pn->lock);
	if (!pr)
		return;
	dpubgp_lpm_walk(&pr->src, AF_INET, NULL, flush_one, pn, &pn->lock);
	dpubgp_lpm_walk(&pr->src, AF_INET6, NULL, flush_one, pn, &pn->lock);
	pr->count = 0;
	put_port_routes(pn, ifindex, pr);
	dpubgp_net_changed(pn);
}

/* Under dpubgp_net.lock: remove every route of the namespace. */
void dpubgp_routes_flush(struct dpubgp_net *pn)
{
	struct dpubgp_port_routes *pr;
	unsigned long ifindex;

	lockdep_assert_held(&pn->lock);
	xa_for_each(&pn->routes, ifindex, pr)
		dpubgp_routes_flush_port(pn, ifindex);
}
