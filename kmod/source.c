// SPDX-License-Identifier: GPL-2.0
/*
 * The source table of a port: the prefixes its host may source packets
 * from, its host prefixes and its tenant routes, in one longest-prefix
 * match table, so that the source filter (R1) and the choice of the route
 * a packet counts against (R3, R4) are one lookup.
 *
 * Invariant: at a prefix the table holds the port's tenant route of that
 * prefix, or the port's host prefix of it (struct dpubgp_host), which then
 * also names the tenant route of that prefix if there is one. A host
 * prefix without a route of its own names the longest tenant route of the
 * port around it, if any: a lookup that ends at a host prefix then gives
 * the route that a table of tenant routes alone would give. Routes and
 * host prefixes come and go on their own: removing one never removes the
 * other.
 *
 * A port has at most DPUBGP_PORT_HOSTS_MAX host prefixes, so a route
 * change looks at each of them for the ones it must update; finding the
 * next route around a host prefix whose route goes walks up its lengths.
 *
 * Locking: writers hold dpubgp_net.lock; readers use RCU, and a host
 * prefix's route may change under them: they see the old one or the new.
 */

#include "source.h"
#include "port.h"
#include "route.h"

#include <linux/slab.h>
#include <net/ipv6.h>

static struct dpubgp_host *to_host(struct dpubgp_source *src)
{
	return src && src->host ?
	       container_of(src, struct dpubgp_host, source) : NULL;
}

/* Whether @a holds @b: same family, @b as long or longer, same bits. An
 * IPv4 address is the first 4 bytes of the 16, so the IPv6 helpers serve
 * both families.
 */
static bool covers(const struct dpubgp_prefix *a, const struct dpubgp_prefix *b)
{
	return a->family == b->family && a->len <= b->len &&
	       ipv6_prefix_equal(&a->addr.ip6, &b->addr.ip6, a->len);
}

static bool same_prefix(const struct dpubgp_prefix *a,
			const struct dpubgp_prefix *b)
{
	return a->len == b->len && covers(a, b);
}

static struct dpubgp_source *source_at(struct dpubgp_port *port,
				       const struct dpubgp_prefix *p,
				       struct mutex *lock)
{
	return dpubgp_lpm_exact(&port->src, p, lock);
}

/* The tenant route of exactly the prefix where the table holds @src. */
struct dpubgp_route *dpubgp_source_own(struct dpubgp_source *src,
				       struct mutex *lock)
{
	struct dpubgp_host *host = to_host(src);
	struct dpubgp_route *route;

	if (!host)
		return src ? container_of(src, struct dpubgp_route, source) :
			     NULL;
	route = dpubgp_deref_locked(host->route, lock);
	return route && route->prefix.len == host->prefix.len ? route : NULL;
}

/* The port's tenant route of @p, or NULL. */
struct dpubgp_route *dpubgp_source_route_at(struct dpubgp_port *port,
					    const struct dpubgp_prefix *p,
					    struct mutex *lock)
{
	return dpubgp_source_own(source_at(port, p, lock), lock);
}

/* The port's longest tenant route around @p shorter than @below bits. */
static struct dpubgp_route *route_around(struct dpubgp_port *port,
					 const struct dpubgp_prefix *p,
					 unsigned int below, struct mutex *lock)
{
	struct dpubgp_prefix up = { .family = p->family };
	struct dpubgp_route *route;

	while (below--) {
		up.len = below;
		ipv6_addr_prefix(&up.addr.ip6, &p->addr.ip6, below);
		route = dpubgp_source_route_at(port, &up, lock);
		if (route)
			return route;
	}
	return NULL;
}

/* Add @route to the port's table. Returns 0, -EEXIST or -ENOMEM. */
int dpubgp_source_add_route(struct dpubgp_port *port,
			    struct dpubgp_route *route, struct mutex *lock)
{
	struct dpubgp_source *src = source_at(port, &route->prefix, lock);
	struct dpubgp_host *host;
	struct dpubgp_route *cur;
	unsigned int i;
	int err;

	if (dpubgp_source_own(src, lock))
		return -EEXIST;
	route->source.host = false;
	if (!src) {
		err = dpubgp_lpm_insert(&port->src, &route->prefix,
					&route->source, lock);
		if (err)
			return err;
	}
	/* The host prefixes it is now the longest route around, its own
	 * prefix's among them.
	 */
	for (i = 0; i < port->conf.n_hosts; i++) {
		if (!covers(&route->prefix, &port->conf.hosts[i]))
			continue;
		host = to_host(source_at(port, &port->conf.hosts[i], lock));
		cur = dpubgp_deref_locked(host->route, lock);
		if (!cur || cur->prefix.len < route->prefix.len)
			rcu_assign_pointer(host->route, route);
	}
	port->n_routes++;
	return 0;
}

/* Take @route, one of the port's, out of its table. */
void dpubgp_source_del_route(struct dpubgp_port *port,
			     struct dpubgp_route *route, struct mutex *lock)
{
	struct dpubgp_host *host;
	unsigned int i;

	if (source_at(port, &route->prefix, lock) == &route->source)
		dpubgp_lpm_remove(&port->src, &route->prefix, lock);
	for (i = 0; i < port->conf.n_hosts; i++) {
		if (!covers(&route->prefix, &port->conf.hosts[i]))
			continue;
		host = to_host(source_at(port, &port->conf.hosts[i], lock));
		if (dpubgp_deref_locked(host->route, lock) == route)
			rcu_assign_pointer(host->route,
					   route_around(port, &host->prefix,
							route->prefix.len,
							lock));
	}
	port->n_routes--;
}

/* Put host prefix @p in the port's table. Returns 1 if it was added, 0 if
 * it was there, or -ENOMEM.
 */
static int host_add(struct dpubgp_port *port, const struct dpubgp_prefix *p,
		    struct mutex *lock)
{
	struct dpubgp_source *src = source_at(port, p, lock);
	struct dpubgp_host *host;
	int err;

	if (to_host(src))
		return 0;
	host = kzalloc(sizeof(*host), GFP_KERNEL);
	if (!host)
		return -ENOMEM;
	host->source.host = true;
	host->prefix = *p;
	if (src) {
		/* In front of the route of its prefix. */
		RCU_INIT_POINTER(host->route, dpubgp_source_own(src, lock));
		dpubgp_lpm_replace(&port->src, p, &host->source, lock);
		return 1;
	}
	RCU_INIT_POINTER(host->route, route_around(port, p, p->len, lock));
	err = dpubgp_lpm_insert(&port->src, p, &host->source, lock);
	if (err) {
		kfree(host);
		return err;
	}
	return 1;
}

/* Take host prefix @p out of the port's table, if it is there. */
static void host_del(struct dpubgp_port *port, const struct dpubgp_prefix *p,
		     struct mutex *lock)
{
	struct dpubgp_source *src = source_at(port, p, lock);
	struct dpubgp_host *host = to_host(src);
	struct dpubgp_route *route = dpubgp_source_own(src, lock);

	if (!host)
		return;
	if (route)
		dpubgp_lpm_replace(&port->src, p, &route->source, lock);
	else
		dpubgp_lpm_remove(&port->src, p, lock);
	kfree_rcu(host, rcu);
}

static bool has_host(const struct dpubgp_port_conf *conf,
		     const struct dpubgp_prefix *p)
{
	unsigned int i;

	for (i = 0; i < conf->n_hosts; i++)
		if (same_prefix(&conf->hosts[i], p))
			return true;
	return false;
}

/* Make the host prefixes of the port's table those of @conf, the new ones
 * in before the old ones out: a reader sees the old ones, the new ones or
 * both. The caller then stores @conf in the port. Returns 0, or -ENOMEM
 * with the table as it was.
 */
int dpubgp_source_set_hosts(struct dpubgp_port *port,
			    const struct dpubgp_port_conf *conf,
			    struct mutex *lock)
{
	bool added[DPUBGP_PORT_HOSTS_MAX] = {};
	unsigned int i;
	int ret;

	for (i = 0; i < conf->n_hosts; i++) {
		ret = host_add(port, &conf->hosts[i], lock);
		if (ret < 0) {
			while (i--)
				if (added[i])
					host_del(port, &conf->hosts[i], lock);
			return ret;
		}
		added[i] = ret;
	}
	for (i = 0; i < port->conf.n_hosts; i++)
		if (!has_host(conf, &port->conf.hosts[i]))
			host_del(port, &port->conf.hosts[i], lock);
	return 0;
}

struct route_walk {
	dpubgp_source_route_fn fn;
	void *arg;
	struct mutex *lock;	/* the table's, held */
};

static int walk_route(const struct dpubgp_prefix *p, void *value, void *arg)
{
	struct route_walk *w = arg;
	struct dpubgp_route *route = dpubgp_source_own(value, w->lock);

	return route ? w->fn(route, w->arg) : 0;
}

/* Call @fn on the port's tenant routes of @family in the table's order,
 * or only on those after @after if that is not NULL, until it returns
 * non-zero, which is returned. @fn may not change the table.
 */
int dpubgp_source_walk_routes(struct dpubgp_port *port, u8 family,
			      const struct dpubgp_prefix *after,
			      dpubgp_source_route_fn fn, void *arg,
			      struct mutex *lock)
{
	struct route_walk w = { .fn = fn, .arg = arg, .lock = lock };

	return dpubgp_lpm_walk(&port->src, family, after, walk_route, &w,
			       lock);
}

struct free_walk {
	void (*free_route)(struct dpubgp_route *route, void *arg);
	void *arg;
	struct mutex *lock;	/* the table's, held */
};

static int free_one(const struct dpubgp_prefix *p, void *value, void *arg)
{
	struct dpubgp_source *src = value;
	struct free_walk *w = arg;
	struct dpubgp_route *route = dpubgp_source_own(src, w->lock);

	if (route)
		w->free_route(route, w->arg);
	if (src->host)
		kfree_rcu(container_of(src, struct dpubgp_host, source), rcu);
	return 0;
}

/* Once the port is out of the port table, so that no new reader finds its
 * source table: empty the table, freeing its host prefixes here and
 * handing each of its tenant routes to @free_route.
 */
void dpubgp_source_free(struct dpubgp_port *port,
			void (*free_route)(struct dpubgp_route *route, void *arg),
			void *arg, struct mutex *lock)
{
	struct free_walk w = { .free_route = free_route, .arg = arg,
			       .lock = lock };

	dpubgp_lpm_walk(&port->src, AF_INET, NULL, free_one, &w, lock);
	dpubgp_lpm_walk(&port->src, AF_INET6, NULL, free_one, &w, lock);
	dpubgp_lpm_free(&port->src, lock);
}
