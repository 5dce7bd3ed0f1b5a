// SPDX-License-Identifier: GPL-2.0
/*
 * The tenant part of the document as this node's ports, their sessions
 * and their listeners (design.md §4.3).
 *
 * Each host address of a port is a passive eBGP neighbor, IPv4 and IPv6
 * unicast, hold 9 s (keepalive 3 s), graceful restart's receiving side
 * (RFC 4724: a tenant's routes outlive its restarts), reached through
 * the port's device:
 * the listener on each gateway address, TCP port 179, is bound to the
 * device, so a port's host cannot reach another port's session. The
 * local AS is this DPU's ASN; the tenant's must be
 * tenant.common_tenant_host_asn when that is set, and is never the DPU's.
 *
 * This DPU's ASN is the one tenant.dpu_asns records for the node: on its
 * first start with ports, a node takes the lowest ASN of
 * tenant.dpu_asn_pool that no node has and writes it there; it keeps it
 * afterwards, whatever nodes come and go (design.md §4.3).
 */
#include <errno.h>
#include <ifaddrs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/prefix.h"
#include "config/edit.h"
#include "config/tenant.h"
#include "daemon/dpubgpd.h"

#define TENANT_HOLD_TIME	9
#define TENANT_CONNECT_RETRY	5	/* passive: never used */
/*
 * Seconds a tenant that went over its max_prefixes is refused, so that a
 * flapping tenant cannot churn the DPU. The environment's
 * DPUBGPD_MAX_PREFIXES_IDLE (0..65535) replaces it, for tests.
 */
#define TENANT_MAX_PREFIXES_IDLE 60

static uint16_t max_prefixes_idle(void)
{
	const char *env = getenv("DPUBGPD_MAX_PREFIXES_IDLE");
	uint64_t v;

	if (!env || dpubgp_parse_uint(env, UINT16_MAX, &v))
		return TENANT_MAX_PREFIXES_IDLE;
	return (uint16_t)v;
}

/*
 * The restart time of our Graceful Restart capability (RFC 4724), helper
 * only: a tenant is sent no route to keep, so it only tells a tenant
 * that we keep its routes across its restarts (for its own restart
 * time, not ours).
 */
#define TENANT_RESTART_TIME	120

static const struct dpubgp_conf_node_ports *
node_ports(const struct dpubgp_doc *doc, const char *node)
{
	size_t i;

	for (i = 0; i < doc->ports.n; i++)
		if (!strcmp(doc->ports.v[i].node, node))
			return &doc->ports.v[i];
	return NULL;
}

/* This DPU's ASN: 0, or -ERANGE (logged) when it has none. */
static int dpu_asn(const struct dpubgp_doc *doc, const char *node,
		   uint32_t *as)
{
	const struct dpubgp_dpu_asn *rec = dpubgp_doc_dpu_asn(doc, node);

	if (!rec) {
		log_warn("node %s has tenant ports but no ASN in tenant.dpu_asns: no tenant sessions",
			 node);
		return -ERANGE;
	}
	*as = rec->as;
	return 0;
}

static int allocate_edit(struct dpubgp_doc *doc, void *ctx, char *err,
			 size_t errlen)
{
	const struct dpubgp_asn_pool *pool = &doc->tenant.dpu_asn_pool;
	const char *node = ctx;
	uint32_t as;
	int ret = dpubgp_dpu_asn_allocate(doc, node, &as);

	if (ret == -ENOENT)
		snprintf(err, errlen,
			 "node %s has tenant ports but tenant.dpu_asn_pool is not set",
			 node);
	else if (ret == -ENOSPC)
		snprintf(err, errlen,
			 "tenant.dpu_asn_pool %u-%u is full: no ASN for node %s",
			 pool->start, pool->end, node);
	else if (ret == -ENOMEM)
		snprintf(err, errlen, "%s", strerror(ENOMEM));
	else if (!ret)
		log_info("node %s: DPU ASN %u allocated from tenant.dpu_asn_pool %u-%u",
			 node, as, pool->start, pool->end);
	return ret < 0 ? -1 : ret ? DPUBGP_DS_UNCHANGED : 0;
}

void dpubgpd_dpu_asn_record(struct dpubgp_ds *ds, const char *node,
			    struct dpubgp_doc *doc)
{
	const struct dpubgp_conf_node_ports *np = node_ports(doc, node);
	struct dpubgp_doc again;
	char err[512];

	if (!np || !np->ports.n || dpubgp_doc_dpu_asn(doc, node))
		return;
	if (dpubgp_ds_update(ds, allocate_edit, (void *)node, err,
			     sizeof(err))) {
		log_error("%s: no tenant sessions", err);
		return;
	}
	if (dpubgp_ds_read(ds, &again, err, sizeof(err))) {
		log_error("%s", err);
		return;
	}
	dpubgp_doc_free(doc);
	*doc = again;
}

const struct bgp_addr *dpubgpd_port_gateway(const struct dpubgpd_port *port,
					    sa_family_t family)
{
	size_t i;

	for (i = 0; i < port->n_gateways; i++)
		if (port->gateways[i].family == family)
			return &port->gateways[i];
	return NULL;
}

/* The port's device, VPC, gateways and policy. */
static int port_init(const struct dpubgp_doc *doc, const char *node,
		     const struct dpubgp_conf_port *cp,
		     struct dpubgpd_port *port)
{
	const struct dpubgp_conf_vpc *vpc = dpubgp_doc_vpc(doc, cp->vpc);
	const struct dpubgp_conf_profile *profile = NULL;
	struct dpubgp_prefixes allowed;
	bool leaks;
	struct dpubgp_addr a;
	size_t i;
	int err;

	snprintf(port->name, sizeof(port->name), "%s", cp->name);
	port->table = vpc->table;
	if (vpc->routing_profile)
		profile = dpubgp_doc_profile(doc, vpc->routing_profile);
	leaks = profile && profile->tenant_leak_communities_accepted;
	port->max_prefixes = profile ? profile->max_prefixes :
			     DPUBGP_DEFAULT_MAX_PREFIXES;
	port->vpc = strdup(cp->vpc);
	port->gateways = calloc(cp->gateway.n + 1, sizeof(*port->gateways));
	port->hosts = calloc(cp->host.n + 1, sizeof(*port->hosts));
	if (!port->vpc || !port->gateways || !port->hosts)
		return -ENOMEM;
	for (i = 0; i < cp->host.n; i++)
		dpubgpd_addr(&cp->host.v[i], &port->hosts[port->n_hosts++]);
	port->src_filter = !cp->has_src_filter || cp->src_filter;
	for (i = 0; i < cp->gateway.n; i++) {
		a.family = cp->gateway.v[i].family;
		memcpy(a.addr, cp->gateway.v[i].addr, sizeof(a.addr));
		dpubgpd_addr(&a, &port->gateways[port->n_gateways++]);
	}
	port->leaks = leaks;
	err = dpubgp_port_allowed(doc, node, cp->name, &allowed, log_warn_cb,
				  NULL);
	if (!err)
		err = tenant_policy_init(&port->policy, allowed.v,
					 allowed.n, leaks);
	/* Kept for the metadata service. */
	port->allowed = allowed.v;
	port->n_allowed = err ? 0 : allowed.n;
	return err;
}

/* One passive eBGP session per host address of the port. */
static int plan_hosts(struct dpubgpd_plan *plan, const struct dpubgp_doc *doc,
		      const struct dpubgp_conf_port *cp,
		      const struct dpubgpd_port *port)
{
	const struct bgp_addr *gw;
	char name[BGP_PEER_NAMELEN];
	struct bgp_peer_conf c;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < cp->host.n; i++) {
		bgp_peer_conf_init(&c);
		dpubgpd_addr(&cp->host.v[i], &c.peer_addr);
		gw = dpubgpd_port_gateway(port, c.peer_addr.family);
		if (!gw) {
			log_warn("tenant %s: the port has no gateway address of its family; ignored",
				 bgp_peer_format(&c.peer_addr, port->name,
						 name, sizeof(name)));
			continue;
		}
		c.local_addr = *gw;
		c.local_as = plan->dpu_as;
		c.peer_as = doc->tenant.has_common_tenant_host_asn ?
			    doc->tenant.common_tenant_host_asn : 0;
		c.ebgp_only = true;
		c.router_id = plan->node.router_id;
		c.hold_time = TENANT_HOLD_TIME;
		c.hold_required = true;
		c.idle_hold_time = max_prefixes_idle();
		c.connect_retry = TENANT_CONNECT_RETRY;
		c.passive = true;
		c.families = 1u << BGP_AID_IPV4 | 1u << BGP_AID_IPV6;
		c.restart_time = TENANT_RESTART_TIME;
		c.type = BGP_PEER_TENANT;
		snprintf(c.dev, sizeof(c.dev), "%s", port->name);
		err = dpubgpd_plan_add(plan, &c);
	}
	return err;
}

int dpubgpd_plan_tenants(const struct dpubgp_doc *doc, const char *node,
			 struct dpubgpd_plan *plan)
{
	const struct dpubgp_conf_node_ports *np = node_ports(doc, node);
	size_t i;
	int err = 0;

	plan->has_tenant_as = doc->tenant.has_common_tenant_host_asn;
	plan->tenant_as = doc->tenant.common_tenant_host_asn;
	if (!np || !np->ports.n)
		return 0;
	/*
	 * Without an ASN the ports are still programmed and served metadata
	 * (that there is no ASN yet), without sessions.
	 */
	if (dpu_asn(doc, node, &plan->dpu_as))
		plan->dpu_as = 0;
	plan->ports = calloc(np->ports.n, sizeof(*plan->ports));
	if (!plan->ports)
		return -ENOMEM;
	for (i = 0; !err && i < np->ports.n; i++) {
		err = port_init(doc, node, &np->ports.v[i],
				&plan->ports[plan->n_ports++]);
		/* What its paths are checked against. */
		if (!err)
			err = tenant_policy_hosts(&plan->ports[i].policy,
						  plan->node.as,
						  plan->ports[i].hosts,
						  plan->ports[i].n_hosts);
		if (!err && plan->dpu_as)
			err = plan_hosts(plan, doc, &np->ports.v[i],
					 &plan->ports[i]);
	}
	return err;
}

void dpubgpd_ports_free(struct dpubgpd_port *ports, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(ports[i].vpc);
		free(ports[i].gateways);
		free(ports[i].hosts);
		free(ports[i].allowed);
		tenant_policy_free(&ports[i].policy);
	}
	free(ports);
}

struct dpubgpd_port *dpubgpd_port_in(struct dpubgpd_port *ports, size_t n,
				     const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(ports[i].name, name))
			return &ports[i];
	return NULL;
}

struct dpubgpd_port *dpubgpd_port_find(const struct dpubgpd *dd,
				       const char *name)
{
	return dpubgpd_port_in(dd->ports, dd->n_ports, name);
}

static bool has_gateway(struct dpubgpd_port *ports, size_t n,
			const char *name, const struct bgp_addr *gw)
{
	const struct dpubgpd_port *port = dpubgpd_port_in(ports, n, name);
	size_t i;

	for (i = 0; port && i < port->n_gateways; i++)
		if (bgp_addr_equal(&port->gateways[i], gw))
			return true;
	return false;
}

/* Whether the device dev (in ifs, getifaddrs()'s) has the address a. */
static bool dev_has(const struct ifaddrs *ifs, const char *dev,
		    const struct bgp_addr *a)
{
	struct bgp_addr have;

	for (; ifs; ifs = ifs->ifa_next) {
		if (!ifs->ifa_addr || strcmp(ifs->ifa_name, dev) ||
		    (ifs->ifa_addr->sa_family != AF_INET &&
		     ifs->ifa_addr->sa_family != AF_INET6))
			continue;
		bgp_addr_from_sockaddr((const struct sockaddr_storage *)
				       ifs->ifa_addr, &have);
		if (bgp_addr_equal(&have, a))
			return true;
	}
	return false;
}

/*
 * A gateway that is not an address of its port's device is a listener
 * nobody reaches: said at each load. A device that does not exist yet is
 * the listener's own warning.
 */
static void check_gateways(const struct dpubgpd_plan *plan)
{
	const struct dpubgpd_port *port;
	char name[INET6_ADDRSTRLEN];
	struct ifaddrs *ifs;
	size_t i, j;

	if (getifaddrs(&ifs))
		return;
	for (i = 0; i < plan->n_ports; i++) {
		port = &plan->ports[i];
		if (!if_nametoindex(port->name))
			continue;
		for (j = 0; j < port->n_gateways; j++)
			if (!dev_has(ifs, port->name, &port->gateways[j]))
				log_warn("tenant port %s: gateway %s is not an address of the device: its tenants cannot reach it",
					 port->name,
					 bgp_addr_format(&port->gateways[j],
							 name, sizeof(name)));
	}
	freeifaddrs(ifs);
}

/* Listen on gw for port's tenants (again, with again). */
static void listen_gateway(struct dpubgpd *dd, const char *port,
			   const struct bgp_addr *gw, bool again)
{
	char name[INET6_ADDRSTRLEN];
	int ret;

	if (again)
		bgpd_unlisten(&dd->bgp, gw, BGP_PORT, port);
	else if (bgpd_listening(&dd->bgp, gw, BGP_PORT, port))
		return;
	ret = bgpd_listen_dev(&dd->bgp, gw, BGP_PORT, port);
	if (ret < 0)
		log_error("tenant port %s: listen on %s port %u: %s", port,
			  bgp_addr_format(gw, name, sizeof(name)), BGP_PORT,
			  strerror(-ret));
}

void dpubgpd_tenant_listeners(struct dpubgpd *dd,
			      const struct dpubgpd_plan *plan)
{
	/* No ASN, no sessions: no listeners. */
	size_t n_old = dd->dpu_as ? dd->n_ports : 0;
	size_t n_new = plan->dpu_as ? plan->n_ports : 0;
	const struct dpubgpd_port *port;
	size_t i, j;

	for (i = 0; i < n_old; i++) {
		port = &dd->ports[i];
		for (j = 0; j < port->n_gateways; j++)
			if (!has_gateway(plan->ports, n_new, port->name,
					 &port->gateways[j]))
				bgpd_unlisten(&dd->bgp, &port->gateways[j],
					      BGP_PORT, port->name);
	}
	for (i = 0; i < n_new; i++) {
		port = &plan->ports[i];
		for (j = 0; j < port->n_gateways; j++)
			listen_gateway(dd, port->name, &port->gateways[j],
				       false);
	}
	check_gateways(plan);
}

void dpubgpd_port_relisten(struct dpubgpd *dd, const char *name)
{
	const struct dpubgpd_port *port = dpubgpd_port_find(dd, name);
	size_t i;

	for (i = 0; dd->dpu_as && port && i < port->n_gateways; i++)
		listen_gateway(dd, name, &port->gateways[i], true);
	dpubgpd_meta_relisten(dd, name);
}
