/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_SOURCE_H
#define _DPUBGP_SOURCE_H

#include "lpm.h"

#include <linux/rcupdate.h>
#include <linux/types.h>

struct dpubgp_port;
struct dpubgp_port_conf;
struct dpubgp_route;

/* What a port's source table (dpubgp_port.src) holds at a prefix: a
 * tenant route (struct dpubgp_route) or a host prefix (struct
 * dpubgp_host), each beginning with this.
 */
struct dpubgp_source {
	bool host;
};

/* A host prefix of a port. Packets from inside it count against @route:
 * the port's tenant route of the same prefix if it has one, which then
 * sits in the table behind the host prefix, else the port's longest
 * tenant route around it, else none.
 */
struct dpubgp_host {
	struct dpubgp_source source;
	struct dpubgp_prefix prefix;
	struct dpubgp_route __rcu *route;
	struct rcu_head rcu;
};

/* Returns non-zero to stop the walk. */
typedef int (*dpubgp_source_route_fn)(struct dpubgp_route *route, void *arg);

struct dpubgp_route *
dpubgp_source_own(struct dpubgp_source *src, struct mutex *lock);
struct dpubgp_route *
dpubgp_source_route_at(struct dpubgp_port *port,
		       const struct dpubgp_prefix *p, struct mutex *lock);
int dpubgp_source_add_route(struct dpubgp_port *port,
			    struct dpubgp_route *route, struct mutex *lock);
void dpubgp_source_del_route(struct dpubgp_port *port,
			     struct dpubgp_route *route, struct mutex *lock);
int dpubgp_source_set_hosts(struct dpubgp_port *port,
			    const struct dpubgp_port_conf *conf, struct mutex *lock);
int dpubgp_source_walk_routes(struct dpubgp_port *port, u8 family,
			      const struct dpubgp_prefix *after,
			      dpubgp_source_route_fn fn, void *arg, struct mutex *lock);
void dpubgp_source_free(struct dpubgp_port *port,
			void (*free_route)(struct dpubgp_route *route, void *arg),
			void *arg, struct mutex *lock);

#endif /* _DPUBGP_SOURCE_H */
