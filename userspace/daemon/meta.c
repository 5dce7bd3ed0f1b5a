// SPDX-License-Identifier: GPL-2.0
/*
 * The metadata service (design.md §4.4): each port's host asks
 * http://169.254.169.254/ what it needs to peer with this DPU.
 *
 * A listener per port, on 169.254.169.254:80 bound to the port's device
 * (http/server.h), the way the port's BGP listeners are: a packet from
 * a port's host arrives on the port, so only that port's listener takes
 * it, and the answers are that port's (http/meta.h). For the address to
 * be local in the VPC's VRF, dpubgpd puts 169.254.169.254/32 (scope
 * link, IFA_PROTO dpubgp) on the VRF device of each VPC of its ports,
 * removes it when no port of the VPC is left, and at exit; a start
 * removes what an earlier run left on VRFs it no longer serves.
 *
 * A port whose device does not exist yet gets its listener when the
 * device appears (kernel.c follows the links), a re-created device
 * again on its new ifindex. The listeners run on the daemon's event
 * loop, each with its limits, and cannot hold up the BGP sessions.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "base/array.h"
#include "base/log.h"
#include "daemon/dpubgpd.h"
#include "http/meta.h"

#define META_PORT	80

static const struct bgp_addr meta_addr = {
	.family = AF_INET,
	.v4 = { .s_addr = 0xfea9fea9 },	/* 169.254.169.254, any byte order */
};

/* The answer to a GET of path on mp's port. */
static int meta_get(void *arg, const char *path, struct http_answer *a)
{
	struct dpubgpd_meta_port *mp = arg;
	const struct dpubgpd *dd = mp->dd;
	const struct dpubgpd_port *port = dpubgpd_port_find(dd, mp->name);
	const struct bgp_addr *gw;
	struct meta_info mi = { .asn = dd->dpu_as };
	struct meta_reply r;
	int err;

	if (!port)
		return -ENOENT;
	mi.has_tenant_asn = dd->has_tenant_as;
	mi.tenant_asn = dd->tenant_as;
	gw = dpubgpd_port_gateway(port, AF_INET);
	if (gw)
		mi.peer_ipv4 = *gw;
	gw = dpubgpd_port_gateway(port, AF_INET6);
	if (gw)
		mi.peer_ipv6 = *gw;
	mi.allowed = port->allowed;
	mi.n_allowed = port->n_allowed;
	mi.leak_communities = port->leaks;
	err = meta_answer(&mi, path, &r);
	if (err)
		return err;
	log_debug("metadata %s: GET %s: %u", mp->name, path, r.status);
	mp->body = r.body;
	*a = (struct http_answer){ .status = r.status, .type = r.type,
				   .body = r.body, .len = r.len };
	return 0;
}

static void meta_done(void *arg, struct http_answer *a)
{
	struct dpubgpd_meta_port *mp = arg;

	(void)a;
	free(mp->body);
	mp->body = NULL;
}

/* Close mp's listener, keeping its counts for the next. */
static void meta_unlisten(struct dpubgpd_meta_port *mp)
{
	if (!http_listener_open_p(&mp->hl))
		return;
	mp->counts = mp->hl.counts;
	http_listener_close(&mp->hl);
}

static void meta_listen(struct dpubgpd *dd, struct dpubgpd_meta_port *mp)
{
	const struct http_handler h = {
		.get = meta_get, .done = meta_done, .arg = mp,
	};
	int ret;

	meta_unlisten(mp);
	if (!if_nametoindex(mp->name)) {
		log_info("port %s: no device yet: metadata listener when it appears",
			 mp->name);
		return;
	}
	ret = http_listener_open(&mp->hl, &dd->bgp.loop, mp->name, &meta_addr,
				 META_PORT, &h, &mp->counts);
	if (ret) {
		log_error("port %s: metadata listener on 169.254.169.254:%u: %s",
			  mp->name, META_PORT, strerror(-ret));
		mp->counts = mp->hl.counts;
		http_listener_close(&mp->hl);
		return;
	}
	log_info("port %s: metadata service on 169.254.169.254:%u",
		 mp->name, META_PORT);
}

static struct dpubgpd_meta_port *meta_port(const struct dpubgpd *dd,
					   const char *name)
{
	size_t i;

	for (i = 0; i < dd->meta.n_ports; i++)
		if (!strcmp(dd->meta.ports[i]->name, name))
			return dd->meta.ports[i];
	return NULL;
}

/* Freed after the loop's current events: one of them may be its. */
static void meta_port_free(struct dpubgpd *dd, struct dpubgpd_meta_port *mp)
{
	meta_unlisten(mp);
	free(mp->body);
	ev_free_later(&dd->bgp.loop, mp);
}

void dpubgpd_meta_ports(struct dpubgpd *dd)
{
	struct dpubgpd_meta *m = &dd->meta;
	struct dpubgpd_meta_port **ports, *mp;
	size_t i, n = 0;

	ports = calloc(dd->n_ports + 1, sizeof(*ports));
	if (!ports) {
		log_error("metadata: out of memory: listeners left as they were");
		return;
	}
	for (i = 0; i < dd->n_ports; i++) {
		mp = meta_port(dd, dd->ports[i].name);
		if (!mp) {
			mp = calloc(1, sizeof(*mp));
			if (!mp) {
				log_error("port %s: metadata: out of memory",
					  dd->ports[i].name);
				continue;
			}
			snprintf(mp->name, sizeof(mp->name), "%s",
				 dd->ports[i].name);
			mp->dd = dd;
			mp->hl.lev.fd = mp->hl.mev.fd = -1;
		}
		ports[n++] = mp;
	}
	/* The old ones no port kept. */
	for (i = 0; i < m->n_ports; i++)
		if (!dpubgpd_port_find(dd, m->ports[i]->name))
			meta_port_free(dd, m->ports[i]);
	free(m->ports);
	m->ports = ports;
	m->n_ports = n;
	for (i = 0; i < n; i++)
		if (!http_listener_open_p(&ports[i]->hl))
			meta_listen(dd, ports[i]);
	dpubgpd_meta_vrfs(dd);
}

void dpubgpd_meta_relisten(struct dpubgpd *dd, const char *name)
{
	struct dpubgpd_meta_port *mp = meta_port(dd, name);

	if (mp)
		meta_listen(dd, mp);
}

/* VRF addresses. */

static int vrf_addr(struct dpubgpd *dd, uint16_t type, uint32_t ifindex,
		    uint32_t table)
{
	struct dpubgp_ifaddr a = {
		.ifindex = ifindex, .addr = meta_addr, .len = 32,
		.proto = DPUBGP_RTPROT,
	};
	struct dpubgp_extack ext;
	int ret;

	ret = dpubgp_rtnl_addr(&dd->kernel.rtnl, type, &a, RT_SCOPE_LINK,
			       &ext);
	if (type == RTM_NEWADDR && ret)
		log_warn("table %u: 169.254.169.254/32 on its VRF device (ifindex %u): %s%s%s",
			 table, ifindex, strerror(-ret),
			 ext.msg[0] ? ": " : "", ext.msg);
	else if (type == RTM_NEWADDR)
		log_info("table %u: 169.254.169.254/32 on its VRF device (ifindex %u)",
			 table, ifindex);
	else if (!ret)
		log_info("table %u: 169.254.169.254/32 removed from its VRF device (ifindex %u)",
			 table, ifindex);
	return ret;
}

static bool table_wanted(const struct dpubgpd *dd, uint32_t table)
{
	size_t i;

	for (i = 0; i < dd->n_ports; i++)
		if (dd->ports[i].table == table)
			return true;
	return false;
}

/* The VPC table whose VRF device is ifindex, among the running ports'. */
static uint32_t vrf_table(struct dpubgpd *dd, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < dd->n_ports; i++)
		if (dpubgpd_kernel_vrf(&dd->kernel, dd->ports[i].table) ==
		    ifindex)
			return dd->ports[i].table;
	return 0;
}

/* Where an earlier run left 169.254.169.254/32: ifindexes. */
struct leftovers {
	uint32_t *v;
	size_t n, room;
};

static int leftover(const struct dpubgp_ifaddr *a, void *data)
{
	struct leftovers *l = data;

	if (a->proto != DPUBGP_RTPROT || a->len != 32 ||
	    !bgp_addr_equal(&a->addr, &meta_addr))
		return 0;
	return dpubgp_array_push(&l->v, &l->n, &l->room, sizeof(*l->v),
				 &a->ifindex);
}

/*
 * At the first sync: an address of an earlier run (kill -9) is ours
 * again where it is wanted, and goes where it is not.
 */
static void sweep(struct dpubgpd *dd)
{
	struct dpubgpd_meta *m = &dd->meta;
	struct leftovers l = { 0 };
	uint32_t table;
	size_t i;

	if (dpubgp_rtnl_addr_dump(&dd->kernel.rtnl, leftover, &l))
		log_warn("metadata: reading the addresses back failed");
	for (i = 0; i < l.n; i++) {
		table = vrf_table(dd, l.v[i]);
		if (!table) {
			vrf_addr(dd, RTM_DELADDR, l.v[i], 0);
			continue;
		}
		if (dpubgp_array_push(&m->vrfs, &m->n_vrfs, &m->vrfs_room,
				      sizeof(*m->vrfs),
				      &(struct dpubgpd_meta_vrf){
					.table = table, .ifindex = l.v[i] }))
			log_error("metadata: out of memory");
	}
	free(l.v);
}

void dpubgpd_meta_vrfs(struct dpubgpd *dd)
{
	struct dpubgpd_meta *m = &dd->meta;
	struct dpubgpd_meta_vrf *v;
	uint32_t ifindex;
	size_t i, j;

	if (!dd->kernel_up)
		return;
	if (!m->swept) {
		m->swept = true;
		sweep(dd);
	}
	/* Ours that are no longer wanted, or whose VRF changed. */
	for (i = 0; i < m->n_vrfs;) {
		v = &m->vrfs[i];
		ifindex = table_wanted(dd, v->table) ?
			  dpubgpd_kernel_vrf(&dd->kernel, v->table) : 0;
		if (ifindex == v->ifindex) {
			i++;
			continue;
		}
		/* A VRF device gone took the address with it. */
		if (dpubgpd_kernel_link_exists(&dd->kernel, v->ifindex))
			vrf_addr(dd, RTM_DELADDR, v->ifindex, v->table);
		*v = m->vrfs[--m->n_vrfs];
	}
	for (i = 0; i < dd->n_ports; i++) {
		ifindex = dpubgpd_kernel_vrf(&dd->kernel, dd->ports[i].table);
		if (!ifindex)
			continue;
		for (j = 0; j < m->n_vrfs; j++)
			if (m->vrfs[j].table == dd->ports[i].table)
				break;
		if (j < m->n_vrfs ||
		    vrf_addr(dd, RTM_NEWADDR, ifindex, dd->ports[i].table))
			continue;
		if (dpubgp_array_push(&m->vrfs, &m->n_vrfs, &m->vrfs_room,
				      sizeof(*m->vrfs),
				      &(struct dpubgpd_meta_vrf){
					.table = dd->ports[i].table,
					.ifindex = ifindex }))
			log_error("metadata: out of memory");
	}
}

void dpubgpd_meta_close(struct dpubgpd *dd)
{
	struct dpubgpd_meta *m = &dd->meta;
	size_t i;

	for (i = 0; i < m->n_ports; i++) {
		meta_unlisten(m->ports[i]);
		free(m->ports[i]->body);
		free(m->ports[i]);
	}
	free(m->ports);
	for (i = 0; dd->kernel_up && i < m->n_vrfs; i++)
		if (dpubgpd_kernel_link_exists(&dd->kernel, m->vrfs[i].ifindex))
			vrf_addr(dd, RTM_DELADDR, m->vrfs[i].ifindex,
				 m->vrfs[i].table);
	free(m->vrfs);
	memset(m, 0, sizeof(*m));
}

int dpubgpd_meta_status(const struct dpubgpd *dd, struct dpubgp_status *st)
{
	const struct dpubgpd_meta_port *mp;
	struct dpubgp_meta_status *ms;
	const struct http_counts *c;
	size_t i;

	st->metadata = calloc(dd->meta.n_ports + 1, sizeof(*st->metadata));
	if (!st->metadata)
		return -ENOMEM;
	for (i = 0; i < dd->meta.n_ports; i++) {
		mp = dd->meta.ports[i];
		ms = &st->metadata[i];
		c = http_listener_open_p(&mp->hl) ? &mp->hl.counts :
		    &mp->counts;
		snprintf(ms->interface, sizeof(ms->interface), "%s", mp->name);
		ms->listening = http_listener_open_p(&mp->hl);
		ms->connections = c->connections;
		ms->refused = c->refused;
		ms->cut = c->cut;
		ms->requests = c->requests;
		ms->responses = (struct dpubgp_http_counts){
			.s200 = c->s200, .s400 = c->s400, .s404 = c->s404,
			.s405 = c->s405, .s413 = c->s413, .s414 = c->s414,
			.s431 = c->s431, .s500 = c->s500, .other = c->other,
		};
	}
	st->n_metadata = dd->meta.n_ports;
	return 0;
}
