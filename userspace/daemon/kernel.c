// SPDX-License-Identifier: GPL-2.0
/*
 * The ports and tenant routes of the document in the kernel (kernel.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <linux/dpubgp.h>
#include <linux/rtnetlink.h>

#include "base/array.h"
#include "base/log.h"
#include "daemon/dpubgpd.h"
#include "kernel/port.h"
#include "kernel/route.h"

/* A module route of an entry: one per port. */
struct kmod {
	uint32_t ifindex;
	uint32_t flags;			/* DPUBGP_ROUTE_F_* */
	bool stale;
};

/* Flags no route has: what the module holds is not known. */
#define MOD_UNKNOWN UINT32_MAX

/* What is installed for one prefix of a VPC table. */
struct kentry {
	uint8_t n_nh, n_mod;
	bool queued;
	bool unknown;			/* the VRF route failed: send again */
	uint32_t nh_stale;		/* bit per next hop */
	struct dpubgp_rtnh *nh;		/* the VRF route's */
	struct kmod *mod;
};

static struct dpubgpd_kernel *kernel_of(const struct rib *rib)
{
	return &container_of(rib, struct dpubgpd, rib)->kernel;
}

static const char *prefix_str(const struct dpubgp_prefix *p, char *buf,
			      size_t size)
{
	if (dpubgp_prefix_format(p, buf, size))
		snprintf(buf, size, "?");
	return buf;
}

/* Links. */

static struct dpubgp_link *link_by_index(struct dpubgpd_kernel *k,
					 uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < k->n_links; i++)
		if (k->links[i].ifindex == ifindex)
			return &k->links[i];
	return NULL;
}

static struct dpubgp_link *link_by_name(struct dpubgpd_kernel *k,
					const char *name)
{
	size_t i;

	for (i = 0; i < k->n_links; i++)
		if (!strcmp(k->links[i].name, name))
			return &k->links[i];
	return NULL;
}

static int link_store(const struct dpubgp_link *link, void *data)
{
	struct dpubgpd_kernel *k = data;
	struct dpubgp_link *old = link_by_index(k, link->ifindex);

	if (old) {
		*old = *link;
		return 0;
	}
	return dpubgp_array_push(&k->links, &k->n_links, &k->links_room,
				 sizeof(*link), link);
}

static void link_forget(struct dpubgpd_kernel *k, uint32_t ifindex)
{
	struct dpubgp_link *link = link_by_index(k, ifindex);

	if (link)
		*link = k->links[--k->n_links];
}

uint32_t dpubgpd_kernel_vrf(const struct dpubgpd_kernel *k, uint32_t table)
{
	size_t i;

	for (i = 0; i < k->n_links; i++)
		if (k->links[i].vrf && k->links[i].vrf_table == table)
			return k->links[i].ifindex;
	return 0;
}

bool dpubgpd_kernel_link_exists(const struct dpubgpd_kernel *k,
				uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < k->n_links; i++)
		if (k->links[i].ifindex == ifindex)
			return true;
	return false;
}

/* The ifindex of port's device while it is up in its VPC's VRF, else 0. */
static uint32_t port_eligible(struct dpubgpd_kernel *k,
			      const struct kport *port)
{
	const struct dpubgp_link *dev = link_by_name(k, port->name);
	const struct dpubgp_link *vrf;

	if (!dev || !dev->up || !dev->master)
		return 0;
	vrf = link_by_index(k, dev->master);
	if (!vrf || !vrf->vrf || vrf->vrf_table != port->table)
		return 0;
	return dev->ifindex;
}

static struct kport *port_by_name(struct dpubgpd_kernel *k, const char *name)
{
	size_t i;

	for (i = 0; i < k->n_ports; i++)
		if (!strcmp(k->ports[i].name, name))
			return &k->ports[i];
	return NULL;
}

static struct kport *port_by_index(struct dpubgpd_kernel *k,
				   uint32_t ifindex)
{
	size_t i;

	for (i = 0; ifindex && i < k->n_ports; i++)
		if (k->ports[i].eligible && k->ports[i].ifindex == ifindex)
			return &k->ports[i];
	return NULL;
}

/* Installed state. */

static struct kvrf *vrf_get(struct dpubgpd_kernel *k, uint32_t table)
{
	struct kvrf *v;
	int aid;

	for (v = k->vrfs; v; v = v->next)
		if (v->table == table)
			return v;
	v = calloc(1, sizeof(*v));
	if (!v)
		return NULL;
	v->table = table;
	for (aid = 0; aid < BGP_AID_MAX; aid++)
		rib_ptable_init(&v->pt[aid], aid == BGP_AID_IPV6 ? AF_INET6 :
						 AF_INET);
	v->next = k->vrfs;
	k->vrfs = v;
	return v;
}

/* The entry of prefix in v, created empty if need be: its index or -ENOMEM. */
static int64_t entry_get(struct kvrf *v, const struct dpubgp_prefix *prefix)
{
	enum bgp_aid aid = rib_family_aid(prefix->family);
	uint32_t idx = rib_ptable_get(&v->pt[aid], prefix);
	struct kentry *grown;
	size_t n;

	if (idx == RIB_NONE)
		return -ENOMEM;
	if (idx >= v->n_ent[aid]) {
		n = v->n_ent[aid] ? v->n_ent[aid] * 2 : 64;
		while (n <= idx)
			n *= 2;
		grown = realloc(v->ent[aid], n * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		memset(grown + v->n_ent[aid], 0,
		       (n - v->n_ent[aid]) * sizeof(*grown));
		v->ent[aid] = grown;
		v->n_ent[aid] = n;
	}
	return idx;
}

static void entry_free(struct kentry *e)
{
	free(e->nh);
	free(e->mod);
	memset(e, 0, sizeof(*e));
}

static void want_flush(struct dpubgpd_kernel *k)
{
	ev_timer_arm(k->loop, &k->flush, 0);
}

static int queue(struct dpubgpd_kernel *k, struct kvrf *v, enum bgp_aid aid,
		 uint32_t idx)
{
	struct kqueued q = { .vrf = v, .idx = idx, .aid = (uint8_t)aid };
	struct kentry *e = &v->ent[aid][idx];
	int ret;

	if (e->queued)
		return 0;
	ret = dpubgp_array_push(&k->queue, &k->n_queue, &k->queue_room,
				sizeof(q), &q);
	if (ret)
		return ret;
	e->queued = true;
	want_flush(k);
	return 0;
}

static int queue_prefix(struct dpubgpd_kernel *k, uint32_t table,
			const struct dpubgp_prefix *prefix)
{
	struct kvrf *v = vrf_get(k, table);
	int64_t idx = v ? entry_get(v, prefix) : -ENOMEM;

	if (idx < 0)
		return (int)idx;
	return queue(k, v, rib_family_aid(prefix->family), (uint32_t)idx);
}

/* Every prefix of table in the RIB and installed, in family aid or all. */
static void queue_table(struct dpubgpd_kernel *k, uint32_t table)
{
	const struct rib_table *tab = rib_table_find(k->rib, table);
	struct dpubgp_prefix prefix;
	struct kvrf *v = vrf_get(k, table);
	uint32_t cursor, i;
	int aid;

	for (aid = 0; aid < BGP_AID_MAX; aid++) {
		cursor = 0;
		while (tab && rib_table_walk(tab, aid, &cursor, &prefix))
			queue_prefix(k, table, &prefix);
		for (i = 0; v && i < v->n_ent[aid]; i++)
			if (rib_ptable_live(&v->pt[aid], i))
				queue(k, v, aid, i);
	}
}

size_t dpubgpd_kernel_installed(const struct dpubgpd_kernel *k, uint32_t table,
				enum bgp_aid aid)
{
	const struct kvrf *v;
	size_t i, n = 0;

	for (v = k->vrfs; v && v->table != table; v = v->next)
		;
	for (i = 0; v && i < v->n_ent[aid]; i++)
		n += rib_ptable_live(&v->pt[aid], (uint32_t)i) &&
		     v->ent[aid][i].n_nh;
	return n;
}

/* What the RIB wants of one prefix. */

struct want {
	size_t n_nh, n_mod;
	uint32_t nh_stale;
	struct dpubgp_rtnh nh[DPUBGP_RT_MAX_NH];
	struct kmod mod[DPUBGP_RT_MAX_NH];
};

static bool nh_equal(const struct dpubgp_rtnh *a, const struct dpubgp_rtnh *b)
{
	return a->ifindex == b->ifindex && bgp_addr_equal(&a->gw, &b->gw);
}

static void want_nh(struct want *w, const struct dpubgp_rtnh *nh, bool stale)
{
	size_t i;

	for (i = 0; i < w->n_nh; i++)
		if (nh_equal(&w->nh[i], nh))
			return;
	if (w->n_nh == DPUBGP_RT_MAX_NH)
		return;
	if (stale)
		w->nh_stale |= 1u << w->n_nh;
	w->nh[w->n_nh++] = *nh;
}

/*
 * Two hosts of a port announcing one prefix share its module route: it
 * leaks if either asks, and drops from the overlay if either asks that.
 */
static void want_mod(struct want *w, uint32_t ifindex, uint32_t flags,
		     bool stale)
{
	size_t i;

	for (i = 0; i < w->n_mod; i++) {
		if (w->mod[i].ifindex != ifindex)
			continue;
		w->mod[i].flags |= flags;
		w->mod[i].stale &= stale;
		return;
	}
	if (w->n_mod < DPUBGP_RT_MAX_NH)
		w->mod[w->n_mod++] = (struct kmod){ ifindex, flags, stale };
}

/*
 * Where a tenant path of prefix goes in the VRF: via the session's peer
 * when it is of the prefix's family, else via the path's next hop if it
 * is a host address of the port (an IPv6 route over an IPv4 session).
 */
static bool path_gateway(const struct bgp_peer *bp, const struct kport *port,
			 const struct rib_path *path,
			 const struct dpubgp_prefix *prefix,
			 struct bgp_addr *gw)
{
	size_t alen = dpubgp_prefix_addrlen(prefix->family);
	size_t i;

	if (bp->conf.peer_addr.family == prefix->family) {
		*gw = bp->conf.peer_addr;
		return true;
	}
	if (path->attrs->nexthop_len < alen)
		return false;
	memset(gw, 0, sizeof(*gw));
	gw->family = prefix->family;
	memcpy(&gw->v4, path->attrs->nexthop, alen);
	for (i = 0; i < port->n_hosts; i++)
		if (port->hosts[i].family == gw->family &&
		    !memcmp(port->hosts[i].addr, &gw->v4, alen))
			return true;
	return false;
}

static void want_rib(struct dpubgpd_kernel *k, uint32_t table,
		     const struct dpubgp_prefix *prefix, struct want *w)
{
	const struct rib_path *path = rib_best(k->rib, table, prefix);
	const struct rib_peer *p;
	struct dpubgp_rtnh nh;
	struct kport *port;

	for (; path; path = rib_path_next(k->rib, path)) {
		p = path->peer < k->rib->n_peers ? k->rib->peers[path->peer] :
						   NULL;
		if (!p || !p->bgp || p->bgp->conf.type != BGP_PEER_TENANT)
			continue;
		port = port_by_name(k, p->bgp->conf.dev);
		if (!port || !port->eligible || port->table != table ||
		    !path_gateway(p->bgp, port, path, prefix, &nh.gw))
			continue;
		nh.ifindex = port->ifindex;
		want_nh(w, &nh, false);
		if (port->in_module)
			want_mod(w, port->ifindex,
				 path->flags & DPUBGP_LEAK_MASK, false);
	}
}

/* What is installed and stale stays while its port is there. */
static void want_stale(struct dpubgpd_kernel *k, uint32_t table,
		       const struct kentry *e, struct want *w)
{
	const struct kport *port;
	size_t i;

	for (i = 0; i < e->n_nh; i++) {
		port = port_by_index(k, e->nh[i].ifindex);
		if ((e->nh_stale & 1u << i) && port && port->table == table)
			want_nh(w, &e->nh[i], true);
	}
	for (i = 0; i < e->n_mod; i++) {
		port = port_by_index(k, e->mod[i].ifindex);
		if (e->mod[i].stale && e->mod[i].flags != MOD_UNKNOWN &&
		    port && port->table == table && port->in_module)
			want_mod(w, e->mod[i].ifindex, e->mod[i].flags, true);
	}
}

/* Requests. */

struct kop {
	struct kvrf *vrf;
	uint32_t idx;
	uint8_t aid;
	uint16_t type;			/* RTM_NEWROUTE, RTM_DELROUTE */
};

struct kmodop {
	uint8_t cmd;			/* DPUBGP_CMD_ROUTE_ADD, _DEL */
	struct dpubgp_route route;
};

struct ops {
	struct dpubgpd_kernel *k;
	struct kop *rt;
	size_t n_rt, rt_room;
	struct kmodop *mod;
	size_t n_mod, mod_room;
};

static bool nh_same(const struct kentry *e, const struct want *w)
{
	size_t i, j;

	if (e->unknown || e->n_nh != w->n_nh)
		return false;
	for (i = 0; i < w->n_nh; i++) {
		for (j = 0; j < e->n_nh && !nh_equal(&e->nh[j], &w->nh[i]);
		     j++)
			;
		if (j == e->n_nh)
			return false;
	}
	return true;
}

static const struct kmod *mod_find(const struct kmod *mod, size_t n,
				   uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (mod[i].ifindex == ifindex)
			return &mod[i];
	return NULL;
}

static int mod_op(struct ops *o, uint8_t cmd,
		  const struct dpubgp_prefix *prefix, const struct kmod *m)
{
	struct kmodop op = { .cmd = cmd };

	op.route.prefix = *prefix;
	op.route.ifindex = m->ifindex;
	op.route.flags = m->flags;
	return dpubgp_array_push(&o->mod, &o->n_mod, &o->mod_room, sizeof(op),
				 &op);
}

/* Module requests from what e holds to what w wants. */
static int mod_diff(struct ops *o, const struct dpubgp_prefix *prefix,
		    const struct kentry *e, const struct want *w)
{
	const struct kmod *m;
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < e->n_mod; i++) {
		m = mod_find(w->mod, w->n_mod, e->mod[i].ifindex);
		if (!m || m->flags != e->mod[i].flags)
			ret = mod_op(o, DPUBGP_CMD_ROUTE_DEL, prefix,
				     &e->mod[i]);
	}
	for (i = 0; !ret && i < w->n_mod; i++) {
		m = mod_find(e->mod, e->n_mod, w->mod[i].ifindex);
		if (!m || m->flags != w->mod[i].flags)
			ret = mod_op(o, DPUBGP_CMD_ROUTE_ADD, prefix,
				     &w->mod[i]);
	}
	return ret;
}

/* e becomes w: 0 or -ENOMEM (e unchanged). */
static int entry_take(struct kentry *e, const struct want *w)
{
	struct dpubgp_rtnh *nh = NULL;
	struct kmod *mod = NULL;

	if (w->n_nh && !(nh = malloc(w->n_nh * sizeof(*nh))))
		return -ENOMEM;
	if (w->n_mod && !(mod = malloc(w->n_mod * sizeof(*mod)))) {
		free(nh);
		return -ENOMEM;
	}
	if (nh)
		memcpy(nh, w->nh, w->n_nh * sizeof(*nh));
	if (mod)
		memcpy(mod, w->mod, w->n_mod * sizeof(*mod));
	free(e->nh);
	free(e->mod);
	e->nh = nh;
	e->mod = mod;
	e->n_nh = (uint8_t)w->n_nh;
	e->n_mod = (uint8_t)w->n_mod;
	e->nh_stale = w->nh_stale;
	e->unknown = false;
	return 0;
}

/* One queued prefix: its requests into o, its entry updated. */
static int sync_one(struct ops *o, const struct kqueued *q)
{
	struct dpubgpd_kernel *k = o->k;
	struct kentry *e = &q->vrf->ent[q->aid][q->idx];
	struct dpubgp_prefix prefix;
	struct kop op = { .vrf = q->vrf, .idx = q->idx, .aid = q->aid };
	struct want w;
	bool nh_changed;
	int ret = 0;

	e->queued = false;
	rib_dest_prefix(&q->vrf->pt[q->aid],
			rib_dest_at(&q->vrf->pt[q->aid], q->idx), &prefix);
	w.n_nh = w.n_mod = 0;
	w.nh_stale = 0;
	want_rib(k, q->vrf->table, &prefix, &w);
	want_stale(k, q->vrf->table, e, &w);
	nh_changed = !nh_same(e, &w);
	if (nh_changed) {
		op.type = w.n_nh ? RTM_NEWROUTE : RTM_DELROUTE;
		ret = dpubgp_array_push(&o->rt, &o->n_rt, &o->rt_room,
					sizeof(op), &op);
	}
	if (!ret && k->genl.sock)
		ret = mod_diff(o, &prefix, e, &w);
	if (!ret)
		ret = entry_take(e, &w);
	return ret;
}

static int rt_put(struct dpubgp_nl *nl, void *buf, size_t room, size_t i,
		  void *data)
{
	const struct ops *o = data;
	const struct kop *op = &o->rt[i];
	const struct kentry *e = &op->vrf->ent[op->aid][op->idx];
	struct dpubgp_rtnl_route rt;

	(void)nl;
	rt.table = op->vrf->table;
	rt.protocol = DPUBGP_RTPROT;
	rib_dest_prefix(&op->vrf->pt[op->aid],
			rib_dest_at(&op->vrf->pt[op->aid], op->idx), &rt.dst);
	rt.n_nh = op->type == RTM_NEWROUTE ? e->n_nh : 0;
	if (rt.n_nh)
		memcpy(rt.nh, e->nh, rt.n_nh * sizeof(rt.nh[0]));
	return dpubgp_rtnl_route_put(buf, room, op->type, &rt);
}

static void rt_fail(size_t i, const struct dpubgp_extack *ext, void *data)
{
	const struct ops *o = data;
	const struct kop *op = &o->rt[i];
	struct dpubgp_prefix prefix;
	char name[DPUBGP_PREFIX_STRLEN];

	rib_dest_prefix(&op->vrf->pt[op->aid],
			rib_dest_at(&op->vrf->pt[op->aid], op->idx), &prefix);
	if (op->type == RTM_DELROUTE && ext->error == -ESRCH)
		return;		/* gone with its device */
	/* Sent again at the next change: of the port's addresses, say. */
	op->vrf->ent[op->aid][op->idx].unknown = true;
	o->k->errors++;
	log_warn("table %u: %s %s: %s%s%s", op->vrf->table,
		 op->type == RTM_NEWROUTE ? "install" : "remove",
		 prefix_str(&prefix, name, sizeof(name)),
		 strerror(-ext->error), ext->msg[0] ? ": " : "", ext->msg);
}

static int mod_put(struct dpubgp_nl *nl, void *buf, size_t room, size_t i,
		   void *data)
{
	const struct ops *o = data;

	return dpubgp_route_put(nl, buf, room, o->mod[i].cmd,
				&o->mod[i].route);
}

/*
 * A module request failed: what the module holds for the prefix on the
 * port is not known; deleted and added again at the next sync.
 */
static void mod_unknown(struct dpubgpd_kernel *k, const struct kmodop *op)
{
	const struct kport *port = port_by_index(k, op->route.ifindex);
	enum bgp_aid aid = rib_family_aid(op->route.prefix.family);
	struct kvrf *v = port ? vrf_get(k, port->table) : NULL;
	uint32_t idx;
	struct kentry *e;
	size_t i;

	if (!v)
		return;
	idx = rib_ptable_find(&v->pt[aid], &op->route.prefix);
	if (idx == RIB_NONE)
		return;
	e = &v->ent[aid][idx];
	for (i = 0; i < e->n_mod; i++)
		if (e->mod[i].ifindex == op->route.ifindex)
			e->mod[i].flags = MOD_UNKNOWN;
}

static void mod_fail(size_t i, const struct dpubgp_extack *ext, void *data)
{
	const struct ops *o = data;
	const struct kmodop *op = &o->mod[i];
	char name[DPUBGP_PREFIX_STRLEN];

	if (op->cmd == DPUBGP_CMD_ROUTE_DEL && ext->error == -ENOENT)
		return;		/* gone with its port */
	o->k->errors++;
	mod_unknown(o->k, op);
	log_warn("module: %s %s on ifindex %u: %s%s%s",
		 op->cmd == DPUBGP_CMD_ROUTE_ADD ? "add" : "delete",
		 prefix_str(&op->route.prefix, name, sizeof(name)),
		 op->route.ifindex, strerror(-ext->error),
		 ext->msg[0] ? ": " : "", ext->msg);
}

/* Whether e's VRF route has a next hop on ifindex. */
static bool entry_nh_on(const struct kentry *e, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < e->n_nh; i++)
		if (e->nh[i].ifindex == ifindex)
			return true;
	return false;
}

/*
 * Whether e forwards path as it asks: its VRF route is in place and its
 * port's module route carries its leak.
 */
static bool path_installed(struct dpubgpd_kernel *k, const struct kentry *e,
			   const struct rib_peer *p,
			   const struct rib_path *path)
{
	const struct kport *port = port_by_name(k, p->bgp->conf.dev);
	uint32_t leak = path->flags & DPUBGP_LEAK_MASK;
	const struct kmod *m;

	if (!port || !port->in_module || e->unknown ||
	    !entry_nh_on(e, port->ifindex))
		return false;
	m = mod_find(e->mod, e->n_mod, port->ifindex);
	return m && m->flags != MOD_UNKNOWN && (m->flags & leak) == leak;
}

/*
 * The leaked tenant paths of a synced prefix reach the fabric (their
 * copy in the leak table, rib_peer_leak_set()) while the kernel forwards
 * them as they ask, and only then: the DPU never advertises what it
 * cannot forward (design.md §4.6).
 */
static void leaks_follow(struct dpubgpd_kernel *k, const struct kqueued *q)
{
	const struct kentry *e = &q->vrf->ent[q->aid][q->idx];
	const struct rib_path *path;
	struct dpubgp_prefix prefix;
	char name[DPUBGP_PREFIX_STRLEN];
	struct rib_peer *p;

	rib_dest_prefix(&q->vrf->pt[q->aid],
			rib_dest_at(&q->vrf->pt[q->aid], q->idx), &prefix);
	for (path = rib_best(k->rib, q->vrf->table, &prefix); path;
	     path = rib_path_next(k->rib, path)) {
		p = path->peer < k->rib->n_peers ? k->rib->peers[path->peer] :
						   NULL;
		if (!p || !p->conf.leak_held || !p->bgp)
			continue;
		if (rib_peer_leak_set(p, &prefix,
				      path_installed(k, e, p, path)))
			log_error("%s: its leak to the fabric: out of memory",
				  prefix_str(&prefix, name, sizeof(name)));
	}
}

/* An emptied entry leaves its table. */
static void entry_gc(const struct kqueued *q)
{
	struct kentry *e = &q->vrf->ent[q->aid][q->idx];

	if (e->n_nh || e->n_mod || e->queued)
		return;
	entry_free(e);
	rib_ptable_del(&q->vrf->pt[q->aid], q->idx);
}

static int send_ops(struct dpubgpd_kernel *k, struct ops *o)
{
	struct dpubgp_nl_batch rt = {
		.count = o->n_rt, .put = rt_put, .fail = rt_fail, .data = o,
	};
	struct dpubgp_nl_batch mod = {
		.count = o->n_mod, .put = mod_put, .fail = mod_fail, .data = o,
	};
	int ret = 0, err;

	if (o->n_rt && (err = dpubgp_nl_batch(&k->rtnl, &rt)) &&
	    rt.ext.error != err)
		ret = err;	/* the socket's, not a request's */
	if (o->n_mod && (err = dpubgp_nl_batch(&k->genl, &mod)) &&
	    mod.ext.error != err)
		ret = ret ? ret : err;
	return ret;
}

static void kernel_flush(struct dpubgpd_kernel *k)
{
	struct ops o = { .k = k };
	size_t i, n = k->n_queue, synced;
	int ret = 0;

	for (i = 0; !ret && i < n; i++)
		ret = sync_one(&o, &k->queue[i]);
	synced = ret ? i - 1 : n;
	if (ret)
		log_error("kernel sync: %s; %zu prefixes not synced until they change again",
			  strerror(-ret), n - synced);
	ret = send_ops(k, &o);
	if (ret)
		log_error("kernel sync: netlink: %s", strerror(-ret));
	for (; i < n; i++)
		k->queue[i].vrf->ent[k->queue[i].aid][k->queue[i].idx].queued =
			false;
	for (i = 0; i < n; i++) {
		/* What was not synced keeps its copies as they are. */
		if (i < synced)
			leaks_follow(k, &k->queue[i]);
		entry_gc(&k->queue[i]);
	}
	/* Whatever was queued meanwhile (nothing is) waits for the next. */
	memmove(k->queue, k->queue + n, (k->n_queue - n) * sizeof(*k->queue));
	k->n_queue -= n;
	free(o.rt);
	free(o.mod);
}

static void flush_cb(struct ev_timer *t)
{
	kernel_flush(container_of(t, struct dpubgpd_kernel, flush));
}

/* The RIB's hooks. */

void dpubgpd_kernel_route(struct rib_peer *p,
			  const struct dpubgp_prefix *prefix,
			  const struct bgp_attrs *a, uint16_t flags)
{
	struct dpubgpd_kernel *k = kernel_of(p->rib);
	char name[DPUBGP_PREFIX_STRLEN];

	(void)a;
	(void)flags;
	if (queue_prefix(k, p->conf.table, prefix))
		log_error("kernel sync: %s: out of memory",
			  prefix_str(prefix, name, sizeof(name)));
}

static bool entry_on(const struct kentry *e, uint32_t ifindex)
{
	return entry_nh_on(e, ifindex) ||
	       mod_find(e->mod, e->n_mod, ifindex) != NULL;
}

/* Forget what e holds on ifindex, keeping the order and stale bits. */
static void entry_forget(struct kentry *e, uint32_t ifindex)
{
	uint32_t stale = 0;
	size_t i, n = 0;

	for (i = 0; i < e->n_nh; i++) {
		if (e->nh[i].ifindex == ifindex)
			continue;
		if (e->nh_stale & 1u << i)
			stale |= 1u << n;
		e->nh[n++] = e->nh[i];
	}
	e->n_nh = (uint8_t)n;
	e->nh_stale = stale;
	for (i = 0, n = 0; i < e->n_mod; i++)
		if (e->mod[i].ifindex != ifindex)
			e->mod[n++] = e->mod[i];
	e->n_mod = (uint8_t)n;
}

/* Clear the stale marks of what e holds on ifindex: it is swept. */
static void entry_unstale(struct kentry *e, uint32_t ifindex)
{
	size_t i;

	for (i = 0; i < e->n_nh; i++)
		if (e->nh[i].ifindex == ifindex)
			e->nh_stale &= ~(1u << i);
	for (i = 0; i < e->n_mod; i++)
		if (e->mod[i].ifindex == ifindex)
			e->mod[i].stale = false;
}

/*
 * Every installed prefix on ifindex, of family only (BGP_AID_MAX: any),
 * queued to be looked at again, after change(e, ifindex) if set: forget
 * what it holds there (the kernel dropped it with the port, and it is to
 * be installed again) or clear its stale marks (swept).
 */
static void queue_ifindex(struct dpubgpd_kernel *k, uint32_t ifindex,
			  enum bgp_aid only,
			  void (*change)(struct kentry *e, uint32_t ifindex))
{
	struct kvrf *v;
	struct kentry *e;
	size_t i;
	int aid;

	for (v = k->vrfs; v; v = v->next)
		for (aid = 0; aid < BGP_AID_MAX; aid++) {
			if (only != BGP_AID_MAX && aid != (int)only)
				continue;
			for (i = 0; i < v->n_ent[aid]; i++) {
				e = &v->ent[aid][i];
				if (!entry_on(e, ifindex))
					continue;
				if (change)
					change(e, ifindex);
				queue(k, v, aid, (uint32_t)i);
			}
		}
}

/* Stale routes of port in family aid are swept: queued again without. */
static void sweep(struct dpubgpd_kernel *k, struct kport *port,
		  enum bgp_aid aid)
{
	port->stale[aid] = false;
	queue_ifindex(k, port->ifindex, aid, entry_unstale);
}

void dpubgpd_kernel_eor(struct rib_peer *p, enum bgp_aid aid)
{
	struct dpubgpd_kernel *k = kernel_of(p->rib);
	char name[BGP_PEER_NAMELEN];
	struct kport *port;

	if (!p->bgp)
		return;
	port = port_by_name(k, p->bgp->conf.dev);
	if (port && port->eligible && port->stale[aid]) {
		log_info("port %s: End-of-RIB from %s: its stale %s routes in the kernel swept",
			 port->name,
			 bgp_peer_format(&p->bgp->conf.peer_addr,
					 p->bgp->conf.dev, name, sizeof(name)),
			 aid == BGP_AID_IPV6 ? "IPv6" : "IPv4");
		sweep(k, port, aid);
	}
}

bool dpubgpd_kernel_port_stale(struct dpubgpd_kernel *k, const char *port)
{
	struct kport *kp = port_by_name(k, port);

	return kp && (kp->stale[BGP_AID_IPV4] || kp->stale[BGP_AID_IPV6]);
}

static void stale_expired(struct ev_timer *t)
{
	struct dpubgpd_kernel *k = container_of(t, struct dpubgpd_kernel,
						stale_timer);
	size_t i;
	int aid;

	for (i = 0; i < k->n_ports; i++)
		for (aid = 0; aid < BGP_AID_MAX; aid++)
			if (k->ports[i].stale[aid]) {
				log_info("port %s: stale routes kept %u s, swept",
					 k->ports[i].name, DPUBGPD_STALE_TIME);
				sweep(k, &k->ports[i], aid);
			}
}

/* Ports. */

static int module_port_set(struct dpubgpd_kernel *k, struct kport *port)
{
	struct dpubgp_port mp = {
		.ifindex = port->ifindex,
		.flags = port->flags,
		.nhosts = port->n_hosts,
		.hosts = port->hosts,
	};
	struct dpubgp_extack ext;
	int ret;

	if (!k->genl.sock)
		return 0;
	ret = dpubgp_port_set(&k->genl, &mp, &ext);
	if (ret) {
		k->errors++;
		log_warn("port %s: module: %s%s%s", port->name,
			 strerror(-ret), ext.msg[0] ? ": " : "", ext.msg);
		return ret;
	}
	port->in_module = true;
	return 0;
}

/*
 * The port's device came up in its VPC's VRF: the module gets the port
 * (without the routes it may hold from before, which are added again),
 * the VRF table its routes (the kernel dropped them with the device).
 */
static void port_gained(struct dpubgpd_kernel *k, struct kport *port,
			uint32_t ifindex)
{
	struct dpubgp_extack ext;

	port->ifindex = ifindex;
	port->eligible = true;
	log_info("port %s: ifindex %u in its VPC's VRF (table %u): programmed",
		 port->name, ifindex, port->table);
	if (!k->read_back) {
		queue_ifindex(k, ifindex, BGP_AID_MAX, entry_forget);
		if (k->genl.sock && dpubgp_route_flush(&k->genl, ifindex, &ext) &&
		    ext.error != -ENOENT)
			log_warn("port %s: module flush: %s", port->name,
				 strerror(-ext.error));
	}
	module_port_set(k, port);
	queue_table(k, port->table);
	if (!k->read_back)
		dpubgpd_port_relisten(container_of(k, struct dpubgpd, kernel),
				      port->name);
}

/*
 * The port's module state again (its hosts or flags changed, or an
 * earlier PORT_SET failed): once it is in the module, its routes follow.
 */
static void port_program(struct dpubgpd_kernel *k, struct kport *port)
{
	bool was = port->in_module;

	if (!module_port_set(k, port) && !was && port->in_module)
		queue_table(k, port->table);
}

/* It went down, away or out of its VRF: its routes go from both places. */
static void port_lost(struct dpubgpd_kernel *k, struct kport *port)
{
	log_info("port %s: no longer up in its VPC's VRF (table %u): routes removed",
		 port->name, port->table);
	port->eligible = false;
	port->in_module = false;
	queue_ifindex(k, port->ifindex, BGP_AID_MAX, NULL);
}

/* Follow the port's device: gained, lost, or both (re-created). */
static void port_update(struct dpubgpd_kernel *k, struct kport *port)
{
	uint32_t ifindex = port_eligible(k, port);

	if (port->eligible && port->ifindex != ifindex)
		port_lost(k, port);
	if (ifindex && !port->eligible)
		port_gained(k, port, ifindex);
}

static bool port_same(const struct kport *a, const struct kport *b)
{
	return a->table == b->table && a->flags == b->flags &&
	       a->n_hosts == b->n_hosts &&
	       !memcmp(a->hosts, b->hosts, a->n_hosts * sizeof(*a->hosts));
}

static int kport_init(struct kport *kp, const struct dpubgpd_port *port)
{
	size_t i;

	memset(kp, 0, sizeof(*kp));
	snprintf(kp->name, sizeof(kp->name), "%s", port->name);
	kp->table = port->table;
	kp->flags = port->src_filter ? DPUBGP_PORT_F_SRC_FILTER : 0;
	kp->hosts = calloc(port->n_hosts + 1, sizeof(*kp->hosts));
	if (!kp->hosts)
		return -ENOMEM;
	for (i = 0; i < port->n_hosts; i++) {
		kp->hosts[i].family = port->hosts[i].family;
		kp->hosts[i].len = (uint8_t)dpubgp_prefix_maxlen(
						port->hosts[i].family);
		memcpy(kp->hosts[i].addr, &port->hosts[i].v4,
		       dpubgp_prefix_addrlen(port->hosts[i].family));
	}
	kp->n_hosts = port->n_hosts;
	return 0;
}

static void kports_free(struct kport *ports, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ports[i].hosts);
	free(ports);
}

/* A port of the document no longer (or in another VPC). */
static void port_removed(struct dpubgpd_kernel *k, struct kport *old)
{
	struct dpubgp_extack ext;

	log_info("port %s: removed from the document: unprogrammed",
		 old->name);
	if (old->in_module && dpubgp_port_del(&k->genl, old->ifindex, &ext) &&
	    ext.error != -ENOENT)
		log_warn("port %s: module: %s", old->name,
			 strerror(-ext.error));
	if (old->eligible)
		queue_ifindex(k, old->ifindex, BGP_AID_MAX, NULL);
}

static void read_back(struct dpubgpd_kernel *k);

void dpubgpd_kernel_ports(struct dpubgpd_kernel *k,
			  const struct dpubgpd_port *ports, size_t n)
{
	struct kport *kp = calloc(n + 1, sizeof(*kp)), *old;
	bool first = !k->read_back && !k->ports;
	size_t i;

	if (!kp) {
		log_error("kernel sync: out of memory: ports left as they were");
		return;
	}
	for (i = 0; i < n; i++) {
		if (kport_init(&kp[i], &ports[i])) {
			kports_free(kp, i + 1);
			log_error("kernel sync: out of memory: ports left as they were");
			return;
		}
		old = port_by_name(k, kp[i].name);
		if (!old)
			continue;
		if (old->table != kp[i].table)
			continue;	/* removed below, then gained */
		kp[i].ifindex = old->ifindex;
		kp[i].eligible = old->eligible;
		kp[i].in_module = old->in_module;
		memcpy(kp[i].stale, old->stale, sizeof(kp[i].stale));
		if ((!port_same(old, &kp[i]) || !kp[i].in_module) &&
		    kp[i].eligible)
			port_program(k, &kp[i]);
		old->name[0] = '\0';	/* kept */
	}
	for (i = 0; i < k->n_ports; i++)
		if (k->ports[i].name[0])
			port_removed(k, &k->ports[i]);
	kports_free(k->ports, k->n_ports);
	k->ports = kp;
	k->n_ports = n;
	k->read_back = first;
	for (i = 0; i < n; i++)
		port_update(k, &k->ports[i]);
	if (first)
		read_back(k);
	k->read_back = false;
}

/* Links as they change. */

/* An address of a port came or went: what failed may work now. */
static void addr_event(struct dpubgpd_kernel *k, const struct nlmsghdr *nlh)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct kport *port;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa))
		return;
	port = port_by_index(k, ifa->ifa_index);
	if (!port)
		return;
	if (port->eligible && !port->in_module)
		port_program(k, port);
	queue_table(k, port->table);
}

static int link_event(const struct nlmsghdr *nlh, void *data)
{
	struct dpubgpd_kernel *k = data;
	struct dpubgp_link link;
	bool deleted;

	if (nlh->nlmsg_type == RTM_NEWADDR || nlh->nlmsg_type == RTM_DELADDR) {
		addr_event(k, nlh);
		return MNL_CB_OK;
	}
	if (dpubgp_link_parse(nlh, &link, &deleted))
		return MNL_CB_OK;
	if (deleted)
		link_forget(k, link.ifindex);
	else if (link_store(&link, k))
		log_error("links: out of memory");
	return MNL_CB_OK;
}

static void links_resync(struct dpubgpd_kernel *k)
{
	k->n_links = 0;
	if (dpubgp_link_dump(&k->rtnl, link_store, k))
		log_error("links: dump failed");
}

static void links_readable(struct ev_fd *ev, uint32_t revents)
{
	struct dpubgpd_kernel *k = container_of(ev, struct dpubgpd_kernel,
						links_ev);
	_Alignas(struct nlmsghdr) char buf[32768];
	ssize_t len;
	size_t i;

	(void)revents;
	for (;;) {
		len = recv(ev->fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (len < 0 && errno == ENOBUFS) {
			log_warn("links: events lost, reading them all again");
			links_resync(k);
			continue;
		}
		if (len <= 0)
			break;
		mnl_cb_run(buf, (size_t)len, 0, 0, link_event, k);
	}
	for (i = 0; i < k->n_ports; i++)
		port_update(k, &k->ports[i]);
	/* A VPC's VRF device came or went: the metadata address follows. */
	dpubgpd_meta_vrfs(container_of(k, struct dpubgpd, kernel));
}

/* Reading back what the kernel holds, at start. */

static int mod_port_back(const struct nlmsghdr *nlh, void *data)
{
	struct dpubgpd_kernel *k = data;
	struct dpubgp_port mp;
	struct dpubgp_extack ext;
	const struct kport *port;

	if (dpubgp_port_parse(nlh, &mp)) {
		dpubgp_port_release(&mp);
		return MNL_CB_OK;
	}
	port = port_by_index(k, mp.ifindex);
	if (!port) {
		log_info("module: port %s (ifindex %u) is no port of ours: removed",
			 mp.ifname, mp.ifindex);
		if (dpubgp_port_del(&k->genl, mp.ifindex, &ext))
			log_warn("module: port %s: %s", mp.ifname,
				 strerror(-ext.error));
	}
	dpubgp_port_release(&mp);
	return MNL_CB_OK;
}

static int mod_route_back(const struct dpubgp_route *r, struct dpubgpd_kernel *k)
{
	struct kport *port = port_by_index(k, r->ifindex);
	enum bgp_aid aid = rib_family_aid(r->prefix.family);
	struct kvrf *v;
	struct kentry *e;
	struct kmod *grown;
	int64_t idx;

	if (!port)
		return 0;	/* went with its port */
	v = vrf_get(k, port->table);
	idx = v ? entry_get(v, &r->prefix) : -ENOMEM;
	if (idx < 0)
		return (int)idx;
	e = &v->ent[aid][idx];
	grown = realloc(e->mod, (e->n_mod + 1u) * sizeof(*grown));
	if (!grown)
		return -ENOMEM;
	e->mod = grown;
	e->mod[e->n_mod++] = (struct kmod){ r->ifindex, r->flags, true };
	port->stale[aid] = true;
	return queue(k, v, aid, (uint32_t)idx);
}

static int rt_back(const struct dpubgp_rtnl_route *rt, void *data)
{
	struct dpubgpd_kernel *k = data;
	enum bgp_aid aid = rib_family_aid(rt->dst.family);
	struct kport *port;
	struct kentry *e;
	struct kvrf *v = vrf_get(k, rt->table);
	int64_t idx = v ? entry_get(v, &rt->dst) : -ENOMEM;
	size_t i;

	if (idx < 0)
		return (int)idx;
	e = &v->ent[aid][idx];
	free(e->nh);
	e->nh = malloc((rt->n_nh + 1) * sizeof(*e->nh));
	if (!e->nh)
		return -ENOMEM;
	if (rt->n_nh)
		memcpy(e->nh, rt->nh, rt->n_nh * sizeof(*e->nh));
	e->n_nh = (uint8_t)rt->n_nh;
	for (i = 0; i < rt->n_nh; i++) {
		port = port_by_index(k, rt->nh[i].ifindex);
		if (port && port->table == rt->table) {
			e->nh_stale |= 1u << i;
			port->stale[aid] = true;
		}
	}
	return queue(k, v, aid, (uint32_t)idx);
}

static void read_back(struct dpubgpd_kernel *k)
{
	struct dpubgp_route_list routes;
	struct dpubgp_extack ext;
	size_t i;
	int ret;

	ret = dpubgp_rtnl_route_dump(&k->rtnl, DPUBGP_RTPROT, rt_back, k);
	if (ret)
		log_error("kernel sync: reading our routes back: %s",
			  strerror(-ret));
	if (k->genl.sock) {
		ret = dpubgp_nl_dump(&k->genl, DPUBGP_CMD_PORT_GET,
				     mod_port_back, k, NULL, &ext);
		if (!ret)
			ret = dpubgp_route_dump(&k->genl, &routes, &ext);
		for (i = 0; !ret && i < routes.count; i++)
			ret = mod_route_back(&routes.routes[i], k);
		if (!ret)
			dpubgp_route_list_free(&routes);
		if (ret)
			log_error("kernel sync: reading the module back: %s",
				  strerror(-ret));
	}
	for (i = 0; i < k->n_ports; i++)
		if (k->ports[i].stale[BGP_AID_IPV4] ||
		    k->ports[i].stale[BGP_AID_IPV6]) {
			log_info("kernel sync: routes read back are kept stale until End-of-RIB or %u s",
				 DPUBGPD_STALE_TIME);
			ev_timer_arm(k->loop, &k->stale_timer,
				     DPUBGPD_STALE_TIME * 1000ull);
			break;
		}
}

int dpubgpd_kernel_open(struct dpubgpd_kernel *k, struct ev_loop *loop,
			struct rib *rib)
{
	struct dpubgp_extack ext;
	int ret;

	memset(k, 0, sizeof(*k));
	k->loop = loop;
	k->rib = rib;
	k->links_ev.fd = -1;
	k->flush.cb = flush_cb;
	k->stale_timer.cb = stale_expired;
	ret = dpubgp_nl_open_route(&k->rtnl);
	if (!ret)
		ret = dpubgp_nl_open_route(&k->links_nl);
	if (!ret)
		ret = dpubgp_rtnl_join_events(&k->links_nl);
	if (ret) {
		log_error("rtnetlink: %s", strerror(-ret));
		dpubgpd_kernel_close(k);
		return ret;
	}
	k->links_ev.fd = mnl_socket_get_fd(k->links_nl.sock);
	k->links_ev.cb = links_readable;
	ret = ev_fd_add(loop, &k->links_ev, EPOLLIN);
	if (!ret)
		ret = dpubgp_link_dump(&k->rtnl, link_store, k);
	if (ret) {
		log_error("links: %s", strerror(-ret));
		dpubgpd_kernel_close(k);
		return ret;
	}
	if (dpubgp_nl_open(&k->genl, &ext)) {
		log_warn("%s: tenant routes go to the VRF tables only, leaked ones to the fabric as accepted",
			 ext.msg[0] ? ext.msg : strerror(-ext.error));
		k->genl.sock = NULL;
	}
	return 0;
}

void dpubgpd_kernel_close(struct dpubgpd_kernel *k)
{
	struct kvrf *v, *next;
	size_t i;
	int aid;

	if (k->links_ev.fd >= 0)
		ev_fd_del(k->loop, &k->links_ev);
	if (k->loop) {
		ev_timer_stop(k->loop, &k->flush);
		ev_timer_stop(k->loop, &k->stale_timer);
	}
	dpubgp_nl_close(&k->rtnl);
	dpubgp_nl_close(&k->links_nl);
	dpubgp_nl_close(&k->genl);
	for (v = k->vrfs; v; v = next) {
		next = v->next;
		for (aid = 0; aid < BGP_AID_MAX; aid++) {
			for (i = 0; i < v->n_ent[aid]; i++)
				entry_free(&v->ent[aid][i]);
			free(v->ent[aid]);
			rib_ptable_destroy(&v->pt[aid]);
		}
		free(v);
	}
	kports_free(k->ports, k->n_ports);
	free(k->links);
	free(k->queue);
	memset(k, 0, sizeof(*k));
	k->links_ev.fd = -1;
}
