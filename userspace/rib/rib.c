// SPDX-License-Identifier: GPL-2.0
/*
 * Tables, peers, the Adj-RIB-In and the Loc-RIB (rib.h).
 *
 * Invariant: a destination's path list is sorted best first by
 * rib_path_cmp() and holds at most one path per peer, which holds a
 * reference on its interned attributes. A destination left with no path
 * stays in its table (RIB_DEST_GC) until no peer has it to withdraw, so
 * that its index is never reused under a peer's Adj-RIB-Out bit.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "rib/internal.h"
#include "rib/rib.h"

int rib_init(struct rib *rib, uint32_t local_as)
{
	memset(rib, 0, sizeof(*rib));
	rib->local_as = local_as;
	bgp_attrs_table_init(&rib->attrs);
	rib_slab_init(&rib->paths, sizeof(struct rib_path));
	rib->peers = calloc(1, sizeof(*rib->peers));
	if (!rib->peers)
		return -ENOMEM;
	rib->n_peers = 1;
	return 0;
}

static void attrs_hold(const struct bgp_attrs *a)
{
	((struct bgp_attrs *)a)->refcnt++;
}

static void path_free(struct rib *rib, uint32_t idx)
{
	bgp_attrs_unref(&rib->attrs, rib_path_at(rib, idx)->attrs);
	rib_slab_free(&rib->paths, idx);
}

/* Drops. */

static const char *const drop_names[][2] = {
	[RIB_DROP_NONE] = { "none", "not dropped" },
	[RIB_DROP_NOT_ALLOWED] = { "not_allowed", "not allowed" },
	[RIB_DROP_AS_LOOP] = { "as_loop", "AS loop" },
	[RIB_DROP_UNTRUSTED] = { "untrusted", "untrusted attributes" },
	[RIB_DROP_MAX_PREFIXES] = { "max_prefixes", "over max_prefixes" },
	[RIB_DROP_NOT_NEGOTIATED] = { "not_negotiated",
				      "family not negotiated" },
	[RIB_DROP_NO_MEMORY] = { "out_of_memory", "out of memory" },
};

const char *rib_drop_reason_name(enum rib_drop_reason reason)
{
	return reason < RIB_DROP_REASONS ? drop_names[reason][0] : "?";
}

const char *rib_drop_reason_text(enum rib_drop_reason reason)
{
	return reason < RIB_DROP_REASONS ? drop_names[reason][1] : "?";
}

/* prefix leaves p's drops, if there. */
static void drops_forget(struct rib_peer *p, const struct dpubgp_prefix *prefix)
{
	struct rib_drop *d;
	size_t i;

	for (i = 0; i < p->n_drops; i++) {
		d = &p->drops[i];
		if (memcmp(&d->prefix, prefix, sizeof(*prefix)))
			continue;
		if (d->attrs)
			bgp_attrs_unref(&p->rib->attrs, d->attrs);
		p->n_drops--;
		memmove(d, d + 1, (p->n_drops - i) * sizeof(*d));
		return;
	}
}

static void drops_clear(struct rib_peer *p)
{
	while (p->n_drops)
		drops_forget(p, &p->drops[p->n_drops - 1].prefix);
	free(p->drops);
	p->drops = NULL;
}

/* prefix, dropped with attributes a (interned or NULL), the newest drop. */
static void drops_keep(struct rib_peer *p, const struct dpubgp_prefix *prefix,
		       enum rib_drop_reason reason, const struct bgp_attrs *a)
{
	struct rib_drop *d;

	if (!p->drops) {
		p->drops = calloc(RIB_DROPS_KEPT, sizeof(*p->drops));
		if (!p->drops)
			return;
	}
	drops_forget(p, prefix);
	if (p->n_drops == RIB_DROPS_KEPT)
		drops_forget(p, &p->drops[0].prefix);
	d = &p->drops[p->n_drops++];
	d->prefix = *prefix;
	d->attrs = a;
	if (a)
		attrs_hold(a);
	d->at = time(NULL);
	d->reason = reason;
}

/* One prefix of an UPDATE from p dropped: counted, kept, logged. */
static void drop(struct rib_peer *p, const struct dpubgp_prefix *prefix,
		 enum rib_drop_reason reason, const struct bgp_attrs *a)
{
	char name[BGP_PEER_NAMELEN], buf[DPUBGP_PREFIX_STRLEN];

	p->stats.dropped[reason]++;
	if (reason != RIB_DROP_NO_MEMORY)
		drops_keep(p, prefix, reason, a);
	if (!log_enabled(LOG_LVL_DEBUG))
		return;
	dpubgp_prefix_format(prefix, buf, sizeof(buf));
	log_debug("peer %s: %s dropped: %s",
		  bgp_peer_format(&p->conf.addr, p->conf.dev, name,
				  sizeof(name)),
		  buf, rib_drop_reason_text(reason));
}

size_t rib_peer_drops(const struct rib_peer *p, const struct rib_drop **drops)
{
	*drops = p->drops;
	return p->n_drops;
}

static void table_destroy(struct rib *rib, struct rib_table *tab)
{
	struct rib_dest *d;
	unsigned int aid;
	uint32_t i, p, next;

	for (aid = 0; aid < BGP_AID_MAX; aid++) {
		for (i = 0; i < tab->af[aid].pt.dests.used; i++) {
			d = rib_ptable_live(&tab->af[aid].pt, i);
			for (p = d ? d->paths : RIB_NONE; p != RIB_NONE;
			     p = next) {
				next = rib_path_at(rib, p)->next;
				path_free(rib, p);
			}
		}
		rib_ptable_destroy(&tab->af[aid].pt);
		free(tab->af[aid].changed.v);
		free(tab->af[aid].gc.v);
	}
	free(tab);
}

void rib_destroy(struct rib *rib)
{
	struct rib_table *tab;
	size_t i;

	for (i = 1; i < rib->n_peers; i++)
		if (rib->peers[i]) {
			drops_clear(rib->peers[i]);
			rib_peer_export_reset(rib->peers[i]);
			free(rib->peers[i]);
		}
	free(rib->peers);
	while ((tab = rib->tables)) {
		rib->tables = tab->next;
		table_destroy(rib, tab);
	}
	rib_slab_destroy(&rib->paths);
	bgp_attrs_table_destroy(&rib->attrs);
}

struct rib_table *rib_table_find(const struct rib *rib, uint32_t id)
{
	struct rib_table *tab;

	for (tab = rib->tables; tab; tab = tab->next)
		if (tab->id == id)
			return tab;
	return NULL;
}

struct rib_table *rib_table_next(const struct rib *rib, uint32_t id)
{
	struct rib_table *tab, *next = NULL;

	for (tab = rib->tables; tab; tab = tab->next)
		if (tab->id > id && (!next || tab->id < next->id))
			next = tab;
	return next;
}

struct rib_table *rib_table_get(struct rib *rib, uint32_t id)
{
	struct rib_table *tab = rib_table_find(rib, id);

	if (tab)
		return tab;
	tab = calloc(1, sizeof(*tab));
	if (!tab)
		return NULL;
	tab->id = id;
	rib_ptable_init(&tab->af[BGP_AID_IPV4].pt, AF_INET);
	rib_ptable_init(&tab->af[BGP_AID_IPV6].pt, AF_INET6);
	tab->next = rib->tables;
	rib->tables = tab;
	return tab;
}

/* Unlink peer's path from d: its index, or RIB_NONE. */
static uint32_t path_unlink(struct rib *rib, struct rib_dest *d,
			    uint16_t peer)
{
	uint32_t *pp, idx;

	for (pp = &d->paths; *pp != RIB_NONE;
	     pp = &rib_path_at(rib, *pp)->next) {
		idx = *pp;
		if (rib_path_at(rib, idx)->peer == peer) {
			*pp = rib_path_at(rib, idx)->next;
			return idx;
		}
	}
	return RIB_NONE;
}

static void path_insert(struct rib *rib, struct rib_dest *d, uint32_t idx)
{
	struct rib_path *path = rib_path_at(rib, idx);
	uint32_t *pp = &d->paths;

	while (*pp != RIB_NONE &&
	       rib_path_cmp(rib, rib_path_at(rib, *pp), path) <= 0)
		pp = &rib_path_at(rib, *pp)->next;
	path->next = *pp;
	*pp = idx;
}

static void gc_push(struct rib_ftable *ft, uint32_t dest)
{
	struct rib_dest *d = rib_dest_at(&ft->pt, dest);

	/* Left out when out of memory: freed with the table instead. */
	if (!(d->flags & RIB_DEST_GC) && !rib_idx_push(&ft->gc, dest))
		d->flags |= RIB_DEST_GC;
}

/* What the Loc-RIB holds for d, to tell whether a change changed it. */
static const struct bgp_attrs *head_of(struct rib *rib, struct rib_dest *d,
				       uint16_t *peer)
{
	if (d->paths == RIB_NONE)
		return NULL;
	*peer = rib_path_at(rib, d->paths)->peer;
	return rib_path_at(rib, d->paths)->attrs;
}

/* path_set()'s answer: the peer had a path, with these flags. */
#define HAD_PATH	(1 << 16)

/*
 * Set (a interned, or NULL to remove) peer's path in dest of ft, and
 * queue dest when its best path changed. Returns the old path's flags
 * with HAD_PATH, 0 when there was none, or -ENOMEM.
 */
static int path_set(struct rib *rib, struct rib_ftable *ft, uint32_t dest,
		    uint16_t peer, const struct bgp_attrs *a, uint16_t flags)
{
	struct rib_dest *d = rib_dest_at(&ft->pt, dest);
	uint16_t old_peer = 0, new_peer = 0;
	const struct bgp_attrs *old = head_of(rib, d, &old_peer);
	uint32_t idx = path_unlink(rib, d, peer);
	int had = 0;

	if (idx != RIB_NONE) {
		had = HAD_PATH | rib_path_at(rib, idx)->flags;
		path_free(rib, idx);
	}
	if (a) {
		idx = rib_slab_alloc(&rib->paths);
		if (idx == RIB_NONE)
			return -ENOMEM;
		attrs_hold(a);
		rib_path_at(rib, idx)->attrs = a;
		rib_path_at(rib, idx)->peer = peer;
		rib_path_at(rib, idx)->flags = flags;
		path_insert(rib, d, idx);
	}
	if (head_of(rib, d, &new_peer) != old || new_peer != old_peer)
		rib_export_changed(rib, ft, dest);
	if (d->paths == RIB_NONE)
		gc_push(ft, dest);
	return had;
}

/* Announce or withdraw prefix in tab for peer; a interned or NULL. */
static int route_set(struct rib *rib, struct rib_table *tab, uint16_t peer,
		     const struct dpubgp_prefix *prefix,
		     const struct bgp_attrs *a, uint16_t flags)
{
	struct rib_ftable *ft = &tab->af[rib_family_aid(prefix->family)];
	uint32_t dest = a ? rib_ptable_get(&ft->pt, prefix) :
			    rib_ptable_find(&ft->pt, prefix);

	if (dest == RIB_NONE)
		return a ? -ENOMEM : 0;
	return path_set(rib, ft, dest, peer, a, flags);
}

/*
 * What follows a change of p's path in its own table (had: path_set()'s
 * answer): the copy in the leak table follows the leak flags, and the
 * route hook hears of it.
 */
static int peer_route_changed(struct rib_peer *p,
			      const struct dpubgp_prefix *prefix,
			      const struct bgp_attrs *a, uint16_t flags,
			      int had)
{
	bool leak = a && (flags & DPUBGP_LEAK_MASK);
	int rc = 0;

	if (a && !had)
		p->routes++;
	else if (!a && had)
		p->routes--;

	/* Held: rib_peer_leak_set() copies it once it is in place. */
	if (p->leak_table && (leak || (had & DPUBGP_LEAK_MASK)) &&
	    !(leak && p->conf.leak_held))
		rc = route_set(p->rib, p->leak_table, p->idx, prefix,
			       leak ? a : NULL, flags);
	if (p->conf.route && (a || had))
		p->conf.route(p, prefix, a, flags & DPUBGP_LEAK_MASK);
	return rc < 0 ? rc : 0;
}

/* p's path to prefix: a interned, or NULL to withdraw. 0 or -ENOMEM. */
static int peer_route_set(struct rib_peer *p,
			  const struct dpubgp_prefix *prefix,
			  const struct bgp_attrs *a, uint16_t flags)
{
	int had = route_set(p->rib, p->table, p->idx, prefix, a, flags);

	if (had < 0)
		return had;
	return peer_route_changed(p, prefix, a, flags, had);
}

/* A reference on the interned set equal to a; NULL for NULL. */
static const struct bgp_attrs *intern(struct rib *rib,
				      const struct bgp_attrs *a)
{
	return a ? bgp_attrs_intern(&rib->attrs, a) : NULL;
}

int rib_peer_route(struct rib_peer *p, const struct dpubgp_prefix *prefix,
		   const struct bgp_attrs *a)
{
	const struct bgp_attrs *in = intern(p->rib, a);
	int rc;

	if (a && !in)
		return -ENOMEM;
	rc = peer_route_set(p, prefix, in, 0);
	if (in)
		bgp_attrs_unref(&p->rib->attrs, in);
	return rc;
}

int rib_originate(struct rib *rib, uint32_t table,
		  const struct dpubgp_prefix *prefix, const struct bgp_attrs *a)
{
	struct rib_table *tab = rib_table_get(rib, table);
	const struct bgp_attrs *in = intern(rib, a);
	int rc;

	if (!tab || (a && !in))
		rc = -ENOMEM;
	else
		rc = route_set(rib, tab, RIB_PEER_LOCAL, prefix, in, 0);
	if (in)
		bgp_attrs_unref(&rib->attrs, in);
	return rc < 0 ? rc : 0;
}

/* Peers. */

static int peer_slot(struct rib *rib)
{
	struct rib_peer **peers;
	size_t i;

	for (i = 1; i < rib->n_peers; i++)
		if (!rib->peers[i])
			return (int)i;
	if (rib->n_peers > RIB_MAX_PEERS)
		return -1;
	peers = realloc(rib->peers, (rib->n_peers + 1) * sizeof(*peers));
	if (!peers)
		return -1;
	rib->peers = peers;
	rib->peers[rib->n_peers] = NULL;
	return (int)rib->n_peers++;
}

struct rib_peer *rib_peer_add(struct rib *rib,
			      const struct rib_peer_conf *conf)
{
	struct rib_table *tab = rib_table_get(rib, conf->table);
	bool leaks = conf->leaks && conf->leak_table != conf->table;
	struct rib_table *leak = leaks ? rib_table_get(rib, conf->leak_table) :
				 NULL;
	int slot = tab && (leak || !leaks) ? peer_slot(rib) : -1;
	struct rib_peer *p;

	if (slot < 0)
		return NULL;
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->rib = rib;
	p->idx = (uint16_t)slot;
	p->conf = *conf;
	p->table = tab;
	p->leak_table = leak;
	rib->peers[slot] = p;
	return p;
}

/* peer's path in d, or NULL. */
static struct rib_path *dest_path(struct rib *rib, const struct rib_dest *d,
				  uint16_t peer)
{
	const struct rib_path *path;

	for (path = rib_dest_best(rib, d); path;
	     path = rib_path_next(rib, path))
		if (path->peer == peer)
			return (struct rib_path *)path;
	return NULL;
}

/* p's path to prefix in tab (its own table or its leak table), or NULL. */
static struct rib_path *peer_path_in(struct rib_peer *p,
				     struct rib_table *tab,
				     const struct dpubgp_prefix *prefix)
{
	struct rib_ptable *pt = &tab->af[rib_family_aid(prefix->family)].pt;
	uint32_t dest = rib_ptable_find(pt, prefix);

	return dest == RIB_NONE ? NULL :
	       dest_path(p->rib, rib_dest_at(pt, dest), p->idx);
}

/* p's path to prefix, and its copy in the leak table, marked stale. */
static void mark_stale(struct rib_peer *p, const struct dpubgp_prefix *prefix,
		       struct rib_path *path)
{
	path->flags |= RIB_PATH_STALE;
	if (!p->leak_table || !(path->flags & DPUBGP_LEAK_MASK))
		return;
	path = peer_path_in(p, p->leak_table, prefix);
	if (path)
		path->flags |= RIB_PATH_STALE;
}

int rib_peer_leak_set(struct rib_peer *p, const struct dpubgp_prefix *prefix,
		      bool installed)
{
	const struct rib_path *path, *copy;

	if (!p->leak_table)
		return 0;
	path = installed ? peer_path_in(p, p->table, prefix) : NULL;
	if (path && !(path->flags & DPUBGP_LEAK_MASK))
		path = NULL;
	copy = peer_path_in(p, p->leak_table, prefix);
	if (!path && !copy)
		return 0;
	if (path && copy && copy->attrs == path->attrs &&
	    copy->flags == path->flags)
		return 0;
	return route_set(p->rib, p->leak_table, p->idx, prefix,
			 path ? path->attrs : NULL,
			 path ? path->flags : 0) < 0 ? -ENOMEM : 0;
}

/* What becomes of p's paths of a family. */
enum paths_fate {
	PATHS_WITHDRAW,		/* all of them */
	PATHS_SWEEP,		/* the stale ones */
	PATHS_STALE,		/* stale ones withdrawn, the rest stale */
	PATHS_REIMPORT,		/* through the import policy again */
};

/*
 * p's path to prefix through its import policy again, its flags masked
 * with keep: withdrawn (true) when the policy now refuses the prefix,
 * else set again when its flags change.
 */
static bool reimport(struct rib_peer *p, const struct dpubgp_prefix *prefix,
		     struct rib_path *path, uint16_t keep)
{
	const struct bgp_attrs *a = path->attrs;
	uint16_t flags = path->flags & (keep | RIB_PATH_STALE);

	if (p->conf.import_prefix && !p->conf.import_prefix(p, prefix)) {
		drops_keep(p, prefix, RIB_DROP_NOT_ALLOWED, a);
		peer_route_set(p, prefix, NULL, 0);
		return true;
	}
	if (flags != path->flags) {
		attrs_hold(a);	/* the path's reference goes with it */
		peer_route_set(p, prefix, a, flags);
		bgp_attrs_unref(&p->rib->attrs, a);
	}
	return false;
}

/*
 * What became of p's paths of families (bit per enum bgp_aid): how many
 * were withdrawn.
 */
static size_t peer_paths(struct rib_peer *p, unsigned int families,
			 enum paths_fate fate, uint16_t keep)
{
	struct dpubgp_prefix prefix;
	struct rib_ftable *ft;
	struct rib_path *path;
	struct rib_dest *d;
	unsigned int aid;
	size_t gone = 0;
	uint32_t i;
	int had;

	for (aid = 0; aid < BGP_AID_MAX; aid++) {
		ft = &p->table->af[aid];
		if (!(families & (1u << aid)))
			continue;
		for (i = 0; i < ft->pt.dests.used; i++) {
			d = rib_ptable_live(&ft->pt, i);
			path = d ? dest_path(p->rib, d, p->idx) : NULL;
			if (!path)
				continue;
			rib_dest_prefix(&ft->pt, d, &prefix);
			if (fate == PATHS_REIMPORT) {
				gone += reimport(p, &prefix, path, keep);
				continue;
			}
			if (fate != PATHS_WITHDRAW &&
			    !(path->flags & RIB_PATH_STALE)) {
				if (fate == PATHS_STALE)
					mark_stale(p, &prefix, path);
				continue;
			}
			had = path_set(p->rib, ft, i, p->idx, NULL, 0);
			peer_route_changed(p, &prefix, NULL, 0, had);
			gone++;
		}
	}
	return gone;
}

#define ALL_FAMILIES	((1u << BGP_AID_MAX) - 1)

/* Remove every path of p from its table (and its leak table). */
static void withdraw_all(struct rib_peer *p)
{
	peer_paths(p, ALL_FAMILIES, PATHS_WITHDRAW, 0);
	p->stale = 0;
}

void rib_peer_del(struct rib_peer *p)
{
	drops_clear(p);
	withdraw_all(p);
	rib_peer_export_reset(p);
	p->rib->peers[p->idx] = NULL;
	free(p);
}

void rib_peer_up(struct rib_peer *p)
{
	if (p->up)
		return;
	rib_peer_export_init(p);
	p->up = true;
	p->limit_hit = false;
	p->eor_rcvd = 0;
	p->eor_sent = 0;
}

void rib_peer_down(struct rib_peer *p)
{
	if (!p->up)
		return;
	p->up = false;
	drops_clear(p);
	withdraw_all(p);
	rib_peer_export_reset(p);
}

void rib_peer_down_graceful(struct rib_peer *p, uint8_t families)
{
	if (!p->up)
		return;
	p->up = false;
	drops_clear(p);
	peer_paths(p, families, PATHS_STALE, 0);
	peer_paths(p, ALL_FAMILIES & ~families, PATHS_WITHDRAW, 0);
	p->stale = families;
	rib_peer_export_reset(p);
}

size_t rib_peer_sweep(struct rib_peer *p, uint8_t families)
{
	size_t gone = peer_paths(p, p->stale & families, PATHS_SWEEP, 0);

	p->stale &= (uint8_t)~families;
	return gone;
}

size_t rib_peer_reimport(struct rib_peer *p, uint16_t keep)
{
	return peer_paths(p, ALL_FAMILIES, PATHS_REIMPORT, keep);
}

/* Import of UPDATEs. */

/*
 * Whether n holds prefixes of a family negotiated with p. Another
 * family's (which a peer has no business sending, RFC 4760 6) are
 * ignored, as FRR and BIRD do, so that a mesh session never holds the
 * other family's routes.
 */
static bool negotiated(struct rib_peer *p, const struct bgp_nlri *n)
{
	if (!n->present || !n->len)
		return false;
	return p->conf.families & (1u << n->aid);
}

/* Withdraw n's prefixes. */
static void withdraw_nlri(struct rib_peer *p, struct bgp_nlri n)
{
	struct dpubgp_prefix prefix;

	if (!negotiated(p, &n))
		return;
	while (bgp_nlri_next(&n, &prefix)) {
		p->stats.withdrawn++;
		if (p->n_drops)
			drops_forget(p, &prefix);
		peer_route_set(p, &prefix, NULL, 0);
	}
}

/*
 * Drop every prefix of n, announced with attributes a (scratch, or
 * NULL), for reason; withdrawn when withdraw (as RFC 7606 treats a path
 * it cannot take: a path held before is gone).
 */
static void drop_nlri(struct rib_peer *p, struct bgp_nlri n,
		      enum rib_drop_reason reason, const struct bgp_attrs *a,
		      bool withdraw)
{
	const struct bgp_attrs *in = a ? bgp_attrs_intern(&p->rib->attrs, a) :
				     NULL;
	struct dpubgp_prefix prefix;

	while (bgp_nlri_next(&n, &prefix)) {
		p->stats.received++;
		drop(p, &prefix, reason, in);
		if (withdraw)
			peer_route_set(p, &prefix, NULL, 0);
	}
	if (in)
		bgp_attrs_unref(&p->rib->attrs, in);
}

/*
 * The attributes a path of n gets, before policy: the family's next hop,
 * and for an eBGP peer our default LOCAL_PREF in place of any it sent.
 */
static void import_attrs(const struct rib_peer *p, const struct bgp_update *u,
			 bool mp, struct bgp_attrs *a)
{
	*a = u->attrs;
	if (mp) {
		memcpy(a->nexthop, u->mp_nexthop, u->mp_nexthop_len);
		a->nexthop_len = u->mp_nexthop_len;
		a->present |= BGP_ATTRS_NEXT_HOP;
	}
	if (p->conf.session.ebgp) {
		a->present |= BGP_ATTRS_LOCAL_PREF;
		a->local_pref = RIB_LOCAL_PREF_DEFAULT;
	}
}

/*
 * Whether taking prefix would take p over its limit (a prefix it has
 * already only changes): noted in limit_hit, and prefix is not taken.
 */
static bool over_limit(struct rib_peer *p, const struct dpubgp_prefix *prefix)
{
	if (!p->conf.max_prefixes || p->routes < p->conf.max_prefixes ||
	    rib_peer_path(p, prefix))
		return false;
	p->limit_hit = true;
	p->limit_aid = rib_family_aid(prefix->family);
	return true;
}

static void announce_nlri(struct rib_peer *p, const struct bgp_update *u,
			  struct bgp_nlri n, bool mp)
{
	enum rib_drop_reason why = RIB_DROP_NONE;
	const struct bgp_attrs *in;
	struct dpubgp_prefix prefix;
	struct bgp_attrs a;
	uint16_t flags = 0;

	if (!n.present || !n.len)
		return;
	if (!negotiated(p, &n)) {
		drop_nlri(p, n, RIB_DROP_NOT_NEGOTIATED, NULL, false);
		return;
	}
	import_attrs(p, u, mp, &a);
	if (bgp_aspath_has(&a, p->conf.local_as))
		why = RIB_DROP_AS_LOOP;
	else if (p->conf.import_attrs)
		why = p->conf.import_attrs(p, &a, &flags);
	if (why) {
		drop_nlri(p, n, why, &a, true);
		return;
	}
	in = bgp_attrs_intern(&p->rib->attrs, &a);
	while (bgp_nlri_next(&n, &prefix)) {
		p->stats.received++;
		/* Past the limit, the rest of the UPDATE is not taken. */
		if (!in)
			why = RIB_DROP_NO_MEMORY;
		else if (p->limit_hit)
			why = RIB_DROP_MAX_PREFIXES;
		else if (p->conf.import_prefix &&
			 !p->conf.import_prefix(p, &prefix))
			why = RIB_DROP_NOT_ALLOWED;
		else if (over_limit(p, &prefix))
			why = RIB_DROP_MAX_PREFIXES;
		else
			why = RIB_DROP_NONE;
		if (!why && peer_route_set(p, &prefix, in, flags))
			why = RIB_DROP_NO_MEMORY;
		if (!why) {
			p->stats.accepted++;
			if (p->n_drops)
				drops_forget(p, &prefix);
			continue;
		}
		drop(p, &prefix, why, in);
		/* A path it had is gone with what replaced it. */
		if (why == RIB_DROP_NOT_ALLOWED || why == RIB_DROP_NO_MEMORY)
			peer_route_set(p, &prefix, NULL, 0);
	}
	if (in)
		bgp_attrs_unref(&p->rib->attrs, in);
}

void rib_peer_update(struct rib_peer *p, const struct bgp_update *u)
{
	char name[BGP_PEER_NAMELEN];
	enum bgp_aid aid;

	if (!p->up || p->limit_hit || u->action == BGP_ACT_RESET)
		return;
	if (bgp_update_is_eor(u, &aid)) {
		p->eor_rcvd |= (uint8_t)(1u << aid);
		if (p->stale & (1u << aid))
			log_info("peer %s: End-of-RIB, %zu stale routes of %s removed (graceful restart)",
				 bgp_peer_format(&p->conf.addr, p->conf.dev,
						 name, sizeof(name)),
				 rib_peer_sweep(p, (uint8_t)(1u << aid)),
				 aid == BGP_AID_IPV6 ? "IPv6" : "IPv4");
		if (p->conf.eor)
			p->conf.eor(p, aid);
		return;
	}
	withdraw_nlri(p, u->withdrawn);
	withdraw_nlri(p, u->mp_unreach);
	if (u->action == BGP_ACT_WITHDRAW) {
		p->stats.treat_as_withdraw++;
		withdraw_nlri(p, u->nlri);
		withdraw_nlri(p, u->mp_reach);
		return;
	}
	announce_nlri(p, u, u->nlri, false);
	announce_nlri(p, u, u->mp_reach, true);
}

/* Lookups. */

static const struct rib_dest *lookup(struct rib *rib, uint32_t table,
				     const struct dpubgp_prefix *prefix)
{
	struct rib_table *tab = rib_table_find(rib, table);
	struct rib_ptable *pt;
	uint32_t dest;

	if (!tab)
		return NULL;
	pt = &tab->af[rib_family_aid(prefix->family)].pt;
	dest = rib_ptable_find(pt, prefix);
	return dest == RIB_NONE ? NULL : rib_dest_at(pt, dest);
}

const struct rib_path *rib_best(struct rib *rib, uint32_t table,
				const struct dpubgp_prefix *prefix)
{
	const struct rib_dest *d = lookup(rib, table, prefix);

	return d ? rib_dest_best(rib, d) : NULL;
}

const struct rib_path *rib_peer_path(struct rib_peer *p,
				     const struct dpubgp_prefix *prefix)
{
	return peer_path_in(p, p->table, prefix);
}

const struct rib_dest *rib_table_lookup(const struct rib_table *tab,
					const struct dpubgp_prefix *prefix,
					bool longest,
					struct dpubgp_prefix *found)
{
	const struct rib_ptable *pt =
		&tab->af[rib_family_aid(prefix->family)].pt;
	const struct rib_dest *d;
	uint32_t dest;
	int len;

	*found = *prefix;
	for (len = prefix->len; len >= 0; len--) {
		found->len = (uint8_t)len;
		dpubgp_prefix_mask(found);
		dest = rib_ptable_find(pt, found);
		d = dest == RIB_NONE ? NULL : rib_dest_at(pt, dest);
		if (d && d->paths != RIB_NONE)
			return d;
		if (!longest)
			break;
	}
	return NULL;
}

size_t rib_count(const struct rib *rib, uint32_t table, enum bgp_aid aid)
{
	struct rib_table *tab = rib_table_find(rib, table);

	return tab ? tab->af[aid].pt.count : 0;
}

const struct rib_dest *rib_table_walk(const struct rib_table *tab,
				      enum bgp_aid aid, uint32_t *cursor,
				      struct dpubgp_prefix *prefix)
{
	const struct rib_ptable *pt = &tab->af[aid].pt;
	const struct rib_dest *d;

	while (*cursor < pt->dests.used) {
		d = rib_ptable_live(pt, (*cursor)++);
		if (d && d->paths != RIB_NONE) {
			rib_dest_prefix(pt, d, prefix);
			return d;
		}
	}
	return NULL;
}

const struct rib_peer *rib_path_peer(const struct rib *rib,
				     const struct rib_path *path)
{
	if (path->peer == RIB_PEER_LOCAL || path->peer >= rib->n_peers)
		return NULL;
	return rib->peers[path->peer];
}

uint64_t *rib_routes_by_peer(const struct rib *rib)
{
	uint64_t *n = calloc(rib->n_peers + 1, sizeof(*n));
	const struct rib_table *tab;
	const struct rib_ptable *pt;
	const struct rib_path *path;
	const struct rib_peer *p;
	const struct rib_dest *d;
	unsigned int aid;
	uint32_t i;

	for (tab = rib->tables; n && tab; tab = tab->next)
		for (aid = 0; aid < BGP_AID_MAX; aid++) {
			pt = &tab->af[aid].pt;
			for (i = 0; i < pt->dests.used; i++) {
				d = rib_ptable_live(pt, i);
				for (path = d ? rib_dest_best(rib, d) : NULL;
				     path; path = rib_path_next(rib, path)) {
					p = path->peer < rib->n_peers ?
					    rib->peers[path->peer] : NULL;
					/* A leaked path counts in its own table. */
					if (p && p->table == tab)
						n[path->peer]++;
				}
			}
		}
	return n;
}

size_t rib_bytes(const struct rib *rib)
{
	const struct rib_table *tab;
	size_t bytes = rib_slab_bytes(&rib->paths);
	unsigned int aid;

	for (tab = rib->tables; tab; tab = tab->next)
		for (aid = 0; aid < BGP_AID_MAX; aid++)
			bytes += rib_ptable_bytes(&tab->af[aid].pt) +
				 (tab->af[aid].changed.cap +
				  tab->af[aid].gc.cap) * sizeof(uint32_t);
	return bytes;
}
