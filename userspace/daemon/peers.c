// SPDX-License-Identifier: GPL-2.0
/*
 * The fabric part of the document as this node's peers (design.md §4.2), and
 * converging the running peers to them.
 *
 * A peer is known by its address: a session keeps running across reloads
 * as long as its configuration (bgp_peer_conf) is the same field for
 * field; any difference restarts it, but for a tenant's AS that its
 * session still fits. A tenant session follows a change of its port's
 * import policy in place (design.md §4.3).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "config/fabric.h"
#include "daemon/dpubgpd.h"

/*
 * Seconds between our connection attempts. RFC 4271's 120 s would leave a
 * node that starts before its neighbours without sessions for two
 * minutes; BIRD also retries within seconds at start.
 */
#define DPUBGPD_CONNECT_RETRY	5

void dpubgpd_addr(const struct dpubgp_addr *a, struct bgp_addr *b)
{
	memset(b, 0, sizeof(*b));
	b->family = a->family;
	if (a->family == AF_INET)
		memcpy(&b->v4, a->addr, 4);
	else if (a->family == AF_INET6)
		memcpy(&b->v6, a->addr, 16);
}

/* The node's IPv4 address, else FNV-1a of its name (never 0). */
static uint32_t router_id(const struct dpubgpd_node *node, const char *name)
{
	uint32_t h = 2166136261u;

	if (node->ipv4.family)
		return ntohl(node->ipv4.v4.s_addr);
	for (; *name; name++)
		h = (h ^ (uint8_t)*name) * 16777619u;
	return h ? h : 1;
}

static void plan_node(const struct dpubgp_doc *doc,
		      const struct dpubgp_conf_node *n, struct dpubgpd_node *node)
{
	node->as = dpubgp_node_as(doc, n, &node->as_inherited);
	dpubgpd_addr(&n->ipv4, &node->ipv4);
	dpubgpd_addr(&n->ipv6, &node->ipv6);
	node->router_id = router_id(node, n->name);
	node->listen_port = doc->bgp.listen_port;
}

static const struct bgp_peer_conf *plan_find(const struct dpubgpd_plan *plan,
					     const struct bgp_addr *addr,
					     const char *dev)
{
	size_t i;

	for (i = 0; i < plan->n_peers; i++)
		if (bgp_addr_equal(&plan->peers[i].peer_addr, addr) &&
		    !strcmp(plan->peers[i].dev, dev))
			return &plan->peers[i];
	return NULL;
}

int dpubgpd_plan_add(struct dpubgpd_plan *plan, const struct bgp_peer_conf *c)
{
	struct bgp_peer_conf *grown;

	grown = realloc(plan->peers, (plan->n_peers + 1) * sizeof(*c));
	if (!grown)
		return -ENOMEM;
	plan->peers = grown;
	plan->peers[plan->n_peers++] = *c;
	return 0;
}

/* One session to remote; a duplicate or one we have no source for is left out. */
static int plan_peer(struct dpubgpd_plan *plan, const struct dpubgp_addr *remote,
		     uint32_t as, enum bgp_peer_type type, bool passive)
{
	const struct dpubgpd_node *node = &plan->node;
	char name[INET6_ADDRSTRLEN];
	struct bgp_peer_conf c;

	bgp_peer_conf_init(&c);
	dpubgpd_addr(remote, &c.peer_addr);
	c.local_addr = remote->family == AF_INET ? node->ipv4 : node->ipv6;
	bgp_addr_format(&c.peer_addr, name, sizeof(name));
	if (!c.local_addr.family) {
		log_warn("peer %s: the node has no address of its family; ignored",
			 name);
		return 0;
	}
	if (plan_find(plan, &c.peer_addr, "")) {
		log_warn("peer %s (%s): a session to it exists; ignored", name,
			 bgp_peer_type_name(type));
		return 0;
	}
	c.local_as = node->as;
	c.peer_as = as;
	c.peer_port = node->listen_port;
	c.router_id = node->router_id;
	c.connect_retry = DPUBGPD_CONNECT_RETRY;
	c.passive = passive;
	/*
	 * A mesh pair has a session per family, each carrying its own
	 * family only; a global or node-specific peer has one session that
	 * carries both (RFC 4760), whatever its transport.
	 */
	if (type == BGP_PEER_MESH)
		c.families = 1u << (remote->family == AF_INET ? BGP_AID_IPV4 :
				    BGP_AID_IPV6);
	else
		c.families = 1u << BGP_AID_IPV4 | 1u << BGP_AID_IPV6;
	/*
	 * What the peer must offer: the mesh session's family; IPv6 on an
	 * IPv6 session, which without it would carry nothing of its own
	 * transport (an IPv4 session without capabilities is IPv4 unicast).
	 */
	if (type == BGP_PEER_MESH)
		c.required = c.families;
	else if (remote->family == AF_INET6)
		c.required = 1u << BGP_AID_IPV6;
	c.type = type;
	return dpubgpd_plan_add(plan, &c);
}

static int plan_list(struct dpubgpd_plan *plan,
		     const struct dpubgp_conf_peers *peers,
		     enum bgp_peer_type type)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < peers->n; i++)
		err = plan_peer(plan, &peers->v[i].ip, peers->v[i].as, type,
				false);
	return err;
}

static int plan_peers(const struct dpubgp_doc *doc, const char *node,
		      struct dpubgpd_plan *plan)
{
	struct dpubgp_mesh_peers mesh = { 0 };
	struct dpubgp_conf_peers own = { 0 };
	size_t i;
	int err;

	err = dpubgp_mesh_peers(doc, node, &mesh);
	for (i = 0; !err && i < mesh.n; i++)
		err = plan_peer(plan, &mesh.v[i].remote, mesh.v[i].as,
				BGP_PEER_MESH, mesh.v[i].passive);
	if (!err)
		err = plan_list(plan, dpubgp_global_peers(doc), BGP_PEER_GLOBAL);
	if (!err)
		err = dpubgp_node_peers(doc, node, &own, log_warn_cb, NULL);
	if (!err)
		err = plan_list(plan, &own, BGP_PEER_NODE);
	free(mesh.v);
	free(own.v);
	return err;
}

int dpubgpd_plan_load(struct dpubgp_ds *ds, const char *node,
		      struct dpubgpd_plan *plan, char *err, size_t errlen)
{
	const struct dpubgp_conf_node *n;
	struct dpubgp_doc doc;
	int ret;

	memset(plan, 0, sizeof(*plan));
	if (dpubgp_ds_read(ds, &doc, err, errlen))
		return -1;
	dpubgpd_dpu_asn_record(ds, node, &doc);
	n = dpubgp_doc_node(&doc, node);
	ret = -1;
	if (!n) {
		snprintf(err, errlen, "%s: no node \"%s\" in the datastore",
			 dpubgp_ds_url(ds), node);
	} else {
		plan_node(&doc, n, &plan->node);
		ret = plan_peers(&doc, node, plan);
		if (!ret)
			ret = dpubgpd_plan_tenants(&doc, node, plan);
		if (ret)
			snprintf(err, errlen, "%s: %s", dpubgp_ds_url(ds),
				 strerror(-ret));
	}
	dpubgp_doc_free(&doc);
	if (ret)
		dpubgpd_plan_free(plan);
	return ret ? -1 : 0;
}

void dpubgpd_plan_free(struct dpubgpd_plan *plan)
{
	free(plan->peers);
	plan->peers = NULL;
	plan->n_peers = 0;
	dpubgpd_ports_free(plan->ports, plan->n_ports);
	plan->ports = NULL;
	plan->n_ports = 0;
}

static bool conf_equal(const struct bgp_peer_conf *a,
		       const struct bgp_peer_conf *b)
{
	return a->local_as == b->local_as && a->peer_as == b->peer_as &&
	       bgp_addr_equal(&a->local_addr, &b->local_addr) &&
	       bgp_addr_equal(&a->peer_addr, &b->peer_addr) &&
	       a->peer_port == b->peer_port && a->router_id == b->router_id &&
	       a->hold_time == b->hold_time &&
	       a->hold_required == b->hold_required &&
	       a->idle_hold_time == b->idle_hold_time &&
	       a->connect_retry == b->connect_retry &&
	       a->passive == b->passive && a->families == b->families &&
	       a->required == b->required &&
	       a->restart_time == b->restart_time &&
	       a->type == b->type && a->ebgp_only == b->ebgp_only &&
	       !strcmp(a->dev, b->dev);
}

static void log_peer(const struct bgp_peer_conf *c, const char *what)
{
	char name[BGP_PEER_NAMELEN];

	log_info("peer %s AS %u (%s%s): %s",
		 bgp_peer_format(&c->peer_addr, c->dev, name, sizeof(name)),
		 c->peer_as,
		 bgp_peer_type_name(c->type), c->passive ? ", passive" : "",
		 what);
}

/* What a running session does about the plan. */
enum peer_fate {
	PEER_KEEP,
	PEER_REPOLICY,		/* its routes through its new policy */
	PEER_REFRESH,		/* that, and its routes asked for again */
	PEER_RESTART,
};

/*
 * Whether tenant session p may take want's tenant AS in place: its
 * Established session's AS fits it (a session not that far yet is
 * checked against it at its OPEN; one in between restarts).
 */
static bool tenant_as_fits(const struct bgp_peer *p,
			   const struct bgp_peer_conf *want)
{
	if (p->conf.type != BGP_PEER_TENANT)
		return false;
	if (p->state == BGP_ST_ESTABLISHED)
		return !want->peer_as || want->peer_as == p->neg.remote_as;
	return p->state < BGP_ST_OPENSENT;
}

/*
 * How tenant session p follows its port in plan: another VPC restarts
 * it; a policy that only narrows runs again over its routes in place,
 * as does a wider one, which also needs the tenant's routes again (the
 * RIB keeps what the old policy accepted, not what it dropped): a
 * ROUTE-REFRESH, or where the tenant offered none, a restart.
 */
static enum peer_fate port_fate(const struct bgp_peer *p,
				const struct dpubgpd_plan *plan,
				struct tenant_policy **policy)
{
	const struct rib_peer *rp = rib_bgpd_peer(p);
	struct dpubgpd_port *port;

	if (p->conf.type != BGP_PEER_TENANT)
		return PEER_KEEP;
	port = rp ? dpubgpd_port_in(plan->ports, plan->n_ports,
				    p->conf.dev) : NULL;
	if (!port || rp->conf.table != port->table)
		return PEER_RESTART;
	*policy = &port->policy;
	if (tenant_policy_equal(rp->conf.policy, &port->policy))
		return PEER_KEEP;
	if (!tenant_policy_widens(rp->conf.policy, &port->policy) ||
	    p->state != BGP_ST_ESTABLISHED)
		return PEER_REPOLICY;
	if (p->neg.route_refresh)
		return PEER_REFRESH;
	log_peer(&p->conf, "routing policy widened, and the tenant offered no route refresh to send its routes again");
	return PEER_RESTART;
}

/*
 * What p does about want, its configuration in the plan: the same is
 * kept, a tenant's AS that still fits is taken in place, anything else
 * restarts; then its port's policy (port_fate()).
 */
static enum peer_fate peer_fate(struct bgp_peer *p,
				const struct bgp_peer_conf *want,
				const struct dpubgpd_plan *plan,
				struct tenant_policy **policy,
				struct dpubgpd_changes *changes)
{
	struct bgp_peer_conf same = *want;
	enum peer_fate fate;

	same.peer_as = p->conf.peer_as;
	if (!conf_equal(&same, &p->conf) ||
	    (want->peer_as != p->conf.peer_as && !tenant_as_fits(p, want)))
		return PEER_RESTART;
	fate = port_fate(p, plan, policy);
	if (fate != PEER_RESTART && want->peer_as != p->conf.peer_as) {
		p->conf.peer_as = want->peer_as;
		changes->peers_as++;
		log_peer(&p->conf,
			 "tenant AS changed, the session's fits: kept");
	}
	return fate;
}

/* p's routes through its port's new policy, asked for again if refresh. */
static void repolicy(struct bgp_peer *p, struct tenant_policy *policy,
		     bool refresh)
{
	size_t gone = tenant_policy_reapply(rib_bgpd_peer(p), policy);
	char what[96];

	snprintf(what, sizeof(what),
		 "routing policy changed: %zu routes withdrawn%s", gone,
		 refresh ? ", ROUTE-REFRESH sent" : "");
	log_peer(&p->conf, what);
	if (refresh && bgp_peer_refresh(p))
		log_peer(&p->conf, "ROUTE-REFRESH not sent: session down");
}

/*
 * The RIB peer of session p, in the main table. Whether it is eBGP or
 * iBGP comes from the OPENs (the ASes), as do the families. Next hop
 * self for both families, from the node's addresses rather than the
 * session's socket: a session of one family may carry the other's routes
 * (MP-BGP), and a route must then still leave with a next hop of its own
 * family. A family the node has no address for is left unset, and the
 * glue falls back to our end of the connection.
 */
static int rib_peer_attach(struct dpubgpd *dd, struct bgp_peer *p)
{
	struct rib_peer_conf rc = { .table = 0 };
	struct dpubgpd_port *port;

	rc.nexthop[BGP_AID_IPV4] = dd->node.ipv4;
	rc.nexthop[BGP_AID_IPV6] = dd->node.ipv6;
	if (p->conf.type == BGP_PEER_TENANT) {
		port = dpubgpd_port_find(dd, p->conf.dev);
		if (!port)
			return -ENOENT;
		rc.table = port->table;
		rc.leaks = true;
		rc.leak_table = 0;
		/* To the fabric once the module leaks it (kernel.c). */
		rc.leak_held = dd->kernel_up && dd->kernel.genl.sock;
		rc.max_prefixes = port->max_prefixes;
		tenant_policy_apply(&rc, &port->policy);
		rc.route = dpubgpd_kernel_route;
		rc.eor = dpubgpd_kernel_eor;
	}
	return rib_bgpd_peer_add(&dd->rib_glue, p, &rc) ? 0 : -ENOMEM;
}

/*
 * The running ports are plan's from now on; the tenant sessions that
 * stay point to their port's policy in them, and take its max_prefixes
 * (for the routes they take from now on: a lower limit does not close a
 * session that is over it until it sends a prefix more).
 */
static void take_ports(struct dpubgpd *dd, struct dpubgpd_plan *plan)
{
	struct dpubgpd_port *port;
	struct rib_peer *rp;
	struct bgp_peer *p;

	dpubgpd_ports_free(dd->ports, dd->n_ports);
	dd->ports = plan->ports;
	dd->n_ports = plan->n_ports;
	dd->dpu_as = plan->dpu_as;
	dd->has_tenant_as = plan->has_tenant_as;
	dd->tenant_as = plan->tenant_as;
	plan->ports = NULL;
	plan->n_ports = 0;
	for (p = dd->bgp.peers; p; p = p->next) {
		rp = rib_bgpd_peer(p);
		port = p->conf.type == BGP_PEER_TENANT ?
		       dpubgpd_port_find(dd, p->conf.dev) : NULL;
		if (rp && port) {
			rp->conf.policy = &port->policy;
			rp->conf.max_prefixes = port->max_prefixes;
		}
	}
}

/* Stop p and forget its routes (withdrawn from the other peers). */
static void peer_del(struct bgp_peer *p, uint8_t subcode, const char *reason)
{
	bgpd_peer_del(p, subcode, reason);
	rib_bgpd_peer_del(p);
}

static bool addrs_equal(const struct bgp_addr *a, size_t na,
			const struct bgp_addr *b, size_t nb)
{
	size_t i;

	if (na != nb)
		return false;
	for (i = 0; i < na; i++)
		if (!bgp_addr_equal(&a[i], &b[i]))
			return false;
	return true;
}

static bool port_equal(const struct dpubgpd_port *a,
		       const struct dpubgpd_port *b)
{
	return !strcmp(a->vpc, b->vpc) && a->table == b->table &&
	       addrs_equal(a->gateways, a->n_gateways, b->gateways,
			   b->n_gateways) &&
	       addrs_equal(a->hosts, a->n_hosts, b->hosts, b->n_hosts) &&
	       a->src_filter == b->src_filter &&
	       a->max_prefixes == b->max_prefixes &&
	       tenant_policy_equal(&a->policy, &b->policy);
}

/* The running ports against plan's: added, removed, changed. */
static void count_ports(struct dpubgpd *dd, struct dpubgpd_plan *plan,
			struct dpubgpd_changes *changes)
{
	struct dpubgpd_port *was;
	size_t i;

	for (i = 0; i < plan->n_ports; i++) {
		was = dpubgpd_port_find(dd, plan->ports[i].name);
		if (!was)
			changes->ports_added++;
		else if (!port_equal(was, &plan->ports[i]))
			changes->ports_changed++;
	}
	for (i = 0; i < dd->n_ports; i++)
		if (!dpubgpd_port_in(plan->ports, plan->n_ports,
				     dd->ports[i].name))
			changes->ports_removed++;
	changes->dpu_as = dd->dpu_as != plan->dpu_as;
}

void dpubgpd_converge(struct dpubgpd *dd, struct dpubgpd_plan *plan,
		      struct dpubgpd_changes *changes)
{
	struct tenant_policy *policy = NULL;
	struct dpubgpd_changes none;
	const struct bgp_peer_conf *want;
	struct bgp_peer *p, *next;
	enum peer_fate fate;
	size_t i, started = 0;

	if (!changes)
		changes = &none;
	memset(changes, 0, sizeof(*changes));
	for (p = dd->bgp.peers; p; p = next) {
		next = p->next;
		want = plan_find(plan, &p->conf.peer_addr, p->conf.dev);
		fate = want ? peer_fate(p, want, plan, &policy, changes) :
		       PEER_RESTART;
		if (fate == PEER_REPOLICY || fate == PEER_REFRESH) {
			repolicy(p, policy, fate == PEER_REFRESH);
			changes->peers_policy++;
		}
		if (fate != PEER_RESTART)
			continue;
		log_peer(&p->conf, want ? "changed, restarting" : "removed");
		if (want)
			changes->peers_restarted++;
		else
			changes->peers_removed++;
		peer_del(p, want ? BGP_CEASE_CONFIG_CHANGE :
			 BGP_CEASE_DECONFIGURED,
			 want ? "Other configuration change" :
			 "Peer de-configured");
	}
	count_ports(dd, plan, changes);
	dd->node = plan->node;
	dpubgpd_tenant_listeners(dd, plan);
	take_ports(dd, plan);
	if (dd->kernel_up)
		dpubgpd_kernel_ports(&dd->kernel, dd->ports, dd->n_ports);
	dpubgpd_meta_ports(dd);
	for (i = 0; i < plan->n_peers; i++) {
		if (bgpd_peer_find(&dd->bgp, &plan->peers[i].peer_addr,
				   plan->peers[i].dev))
			continue;
		p = bgpd_peer_add(&dd->bgp, &plan->peers[i]);
		if (!p)
			continue;	/* logged */
		if (rib_peer_attach(dd, p)) {
			log_peer(&p->conf, "no RIB peer (out of memory)");
			bgpd_peer_del(p, BGP_CEASE_OUT_OF_RESOURCES,
				      "Out of resources");
			continue;
		}
		log_peer(&p->conf, "started");
		started++;
		bgp_peer_start(p);
		/*
		 * A tenant we forward for from before our restart may
		 * retry its connection only minutes from now (FRR: 120 s);
		 * the stale routes would go meanwhile. Call it once.
		 */
		if (p->conf.type == BGP_PEER_TENANT && dd->kernel_up &&
		    dpubgpd_kernel_port_stale(&dd->kernel, p->conf.dev)) {
			log_peer(&p->conf, "holds stale routes in the kernel: connecting once");
			bgp_peer_connect_once(p);
		}
	}
	/* A restarted peer is started again: not a new one. */
	changes->peers_added = started > changes->peers_restarted ?
			       started - changes->peers_restarted : 0;
}
