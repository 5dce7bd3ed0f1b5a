// SPDX-License-Identifier: GPL-2.0
/*
 * Export: the standard rules, the Adj-RIB-Out and the batched UPDATEs
 * (rib.h).
 *
 * A peer's Adj-RIB-Out is a bit per destination: whether it was sent a
 * route for it. Its work is a queue of destinations whose best path
 * changed (each once: a second bit says it is queued) and, after it came
 * up, a walk of the whole table: the walk covers whatever lies ahead of
 * it, so a change there is not queued. Work is done in batches of
 * EXPORT_BATCH destinations, withdrawals first, announcements grouped by
 * attribute set and packed by the codec; End-of-RIB follows the walk.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"
#include "base/log.h"
#include "rib/internal.h"
#include "rib/rib.h"

#define EXPORT_BATCH 256

int rib_idx_push(struct rib_idx_vec *v, uint32_t idx)
{
	return dpubgp_array_push(&v->v, &v->n, &v->cap, sizeof(idx), &idx);
}

/* Bitmaps that grow as the table does. */

static bool bit_get(const uint64_t *w, size_t n_words, uint32_t i)
{
	return i / 64 < n_words && (w[i / 64] >> (i % 64) & 1);
}

static int bits_grow(struct rib_peer_af *af, uint32_t i)
{
	size_t n = af->n_words ? af->n_words : 16;
	uint64_t *a, *p;

	while (n <= i / 64)
		n *= 2;
	a = realloc(af->announced, n * sizeof(*a));
	if (a)
		af->announced = a;
	p = realloc(af->pending, n * sizeof(*p));
	if (p)
		af->pending = p;
	if (!a || !p)
		return -ENOMEM;
	memset(a + af->n_words, 0, (n - af->n_words) * sizeof(*a));
	memset(p + af->n_words, 0, (n - af->n_words) * sizeof(*p));
	af->n_words = n;
	return 0;
}

static int bit_put(struct rib_peer_af *af, uint64_t *const *w, uint32_t i,
		   bool on)
{
	if (i / 64 >= af->n_words && (!on || bits_grow(af, i)))
		return on ? -ENOMEM : 0;
	if (on)
		(*w)[i / 64] |= 1ull << (i % 64);
	else
		(*w)[i / 64] &= ~(1ull << (i % 64));
	return 0;
}

/* Whether p is sent routes of family aid. */
static bool sends_family(const struct rib_peer *p, enum bgp_aid aid)
{
	return !p->conf.no_export && (p->conf.families & (1u << aid));
}

void rib_peer_export_init(struct rib_peer *p)
{
	unsigned int aid;

	for (aid = 0; aid < BGP_AID_MAX; aid++)
		p->af[aid].dumping = sends_family(p, aid);
}

void rib_peer_export_reset(struct rib_peer *p)
{
	unsigned int aid;

	for (aid = 0; aid < BGP_AID_MAX; aid++) {
		free(p->af[aid].announced);
		free(p->af[aid].pending);
		free(p->af[aid].queue.v);
		memset(&p->af[aid], 0, sizeof(p->af[aid]));
	}
	free(p->held);
	p->held = NULL;
	p->held_len = p->held_off = p->held_cap = 0;
	p->blocked = false;
}

static bool exports(const struct rib_peer *p, const struct rib_table *tab,
		    enum bgp_aid aid)
{
	return p && p->up && p->table == tab && sends_family(p, aid);
}

/* Ask for a rib_flush() once the events at hand have run. */
static void schedule_flush(struct rib *rib)
{
	if (!rib->flush_scheduled) {
		rib->flush_scheduled = true;
		if (rib->want_flush)
			rib->want_flush(rib);
	}
}

void rib_export_changed(struct rib *rib, struct rib_ftable *ft,
			uint32_t dest)
{
	struct rib_dest *d = rib_dest_at(&ft->pt, dest);

	if (d->flags & RIB_DEST_QUEUED)
		return;
	if (rib_idx_push(&ft->changed, dest)) {
		log_error("rib: out of memory queueing a change");
		return;
	}
	d->flags |= RIB_DEST_QUEUED;
	schedule_flush(rib);
}

static void queue_dest(struct rib_peer *p, enum bgp_aid aid, uint32_t dest)
{
	struct rib_peer_af *af = &p->af[aid];

	if ((af->dumping && dest >= af->dump_next) ||
	    bit_get(af->pending, af->n_words, dest))
		return;
	if (bit_put(af, &af->pending, dest, true) ||
	    rib_idx_push(&af->queue, dest))
		log_error("rib: out of memory queueing an export");
}

/* Hand the table's changes to every peer that exports it. */
static void distribute(struct rib *rib, struct rib_table *tab,
		       enum bgp_aid aid)
{
	struct rib_ftable *ft = &tab->af[aid];
	uint32_t dest;
	size_t i, k;

	for (i = 0; i < ft->changed.n; i++) {
		dest = ft->changed.v[i];
		rib_dest_at(&ft->pt, dest)->flags &= ~RIB_DEST_QUEUED;
		for (k = 1; k < rib->n_peers; k++)
			if (exports(rib->peers[k], tab, aid))
				queue_dest(rib->peers[k], aid, dest);
	}
	ft->changed.n = 0;
}

/* Sending: what the session layer refuses is held, in order. */

static int hold(struct rib_peer *p, const uint8_t *msg, size_t len)
{
	return dpubgp_array_append(&p->held, &p->held_len, &p->held_cap, 1,
				   msg, len);
}

static int emit(void *arg, const uint8_t *msg, size_t len)
{
	struct rib_peer *p = arg;
	int rc;

	if (p->blocked)
		return hold(p, msg, len);
	rc = p->conf.send(p, msg, len);
	if (rc != -EAGAIN)
		return rc;
	p->blocked = true;
	return hold(p, msg, len);
}

/* Send what is held: 0 when all of it went. */
static int held_drain(struct rib_peer *p)
{
	size_t len;
	int rc;

	while (p->held_off < p->held_len) {
		len = (size_t)p->held[p->held_off + 16] << 8 |
		      p->held[p->held_off + 17];
		rc = p->conf.send(p, p->held + p->held_off, len);
		if (rc == -EAGAIN) {
			p->blocked = true;
			return rc;
		}
		p->held_off += len;
	}
	p->held_off = p->held_len = 0;
	return 0;
}

/* The standard rules. */

static bool nexthop_self(const struct rib_peer *p, enum bgp_aid aid,
			 struct bgp_attrs *a)
{
	const struct bgp_addr *self = &p->conf.nexthop[aid];

	if (self->family != (aid == BGP_AID_IPV6 ? AF_INET6 : AF_INET))
		return false;
	a->nexthop_len = aid == BGP_AID_IPV6 ? 16 : 4;
	memcpy(a->nexthop, &self->v6, a->nexthop_len);
	a->present |= BGP_ATTRS_NEXT_HOP;
	return true;
}

/*
 * Toward eBGP: our AS prepended, next hop self, no LOCAL_PREF, and a MED
 * only if it is ours (RFC 4271 5.1.4). Toward iBGP: LOCAL_PREF always,
 * next hop self unless the peer asks for it unchanged.
 */
static bool standard_rules(const struct rib_peer *p, enum bgp_aid aid,
			   bool local, struct bgp_attrs *a, uint8_t *aspath)
{
	if (p->conf.session.ebgp) {
		a->aspath_len = bgp_aspath_prepend(a, p->conf.local_as ?
						   p->conf.local_as :
						   p->rib->local_as, aspath);
		a->aspath = aspath;
		a->present |= BGP_ATTRS_AS_PATH;
		a->present &= (uint16_t)~BGP_ATTRS_LOCAL_PREF;
		if (!local)
			a->present &= (uint16_t)~BGP_ATTRS_MED;
		return nexthop_self(p, aid, a);
	}
	if (!(a->present & BGP_ATTRS_LOCAL_PREF)) {
		a->present |= BGP_ATTRS_LOCAL_PREF;
		a->local_pref = RIB_LOCAL_PREF_DEFAULT;
	}
	if (p->conf.ibgp_nexthop_unchanged && a->nexthop_len)
		return true;
	return nexthop_self(p, aid, a);
}

/* What p is sent for dest: an interned set, or NULL for nothing. */
static const struct bgp_attrs *decide(struct rib_peer *p, enum bgp_aid aid,
				      const struct rib_dest *d,
				      const struct dpubgp_prefix *prefix)
{
	uint8_t aspath[BGP_MAX_LEN + 8];
	const struct rib_path *best;
	const struct rib_peer *src;
	struct bgp_attrs a;

	best = rib_dest_best(p->rib, d);
	if (!best)
		return NULL;
	src = p->rib->peers[best->peer];
	if (best->peer == p->idx ||
	    (src && !src->conf.session.ebgp && !p->conf.session.ebgp))
		return NULL;
	a = *best->attrs;
	if (a.aspath_len > BGP_MAX_LEN ||
	    !standard_rules(p, aid, !src, &a, aspath))
		return NULL;
	if (p->conf.export && !p->conf.export(p, prefix, &a))
		return NULL;
	return bgp_attrs_intern(&p->rib->attrs, &a);
}

struct batch {
	struct bgp_route routes[EXPORT_BATCH];
	struct dpubgp_prefix withdrawn[EXPORT_BATCH];
	size_t n_routes, n_withdrawn;
};

/* Look at dest again for p: add what it needs to b. */
static void batch_add(struct rib_peer *p, enum bgp_aid aid, uint32_t dest,
		      struct batch *b)
{
	struct rib_ptable *pt = &p->table->af[aid].pt;
	struct rib_peer_af *af = &p->af[aid];
	const struct rib_dest *d = rib_ptable_live(pt, dest);
	struct bgp_route *r = &b->routes[b->n_routes];

	bit_put(af, &af->pending, dest, false);
	if (!d)
		return;
	rib_dest_prefix(pt, d, &r->prefix);
	r->attrs = decide(p, aid, d, &r->prefix);
	if (r->attrs) {
		if (bit_put(af, &af->announced, dest, true))
			log_error("rib: out of memory in the Adj-RIB-Out");
		b->n_routes++;
	} else if (bit_get(af->announced, af->n_words, dest)) {
		bit_put(af, &af->announced, dest, false);
		b->withdrawn[b->n_withdrawn++] = r->prefix;
	}
}

/* Fill b from the queue, then from the walk. */
static void batch_fill(struct rib_peer *p, enum bgp_aid aid, struct batch *b)
{
	struct rib_peer_af *af = &p->af[aid];
	const struct rib_ptable *pt = &p->table->af[aid].pt;
	size_t n = 0;

	for (; n < EXPORT_BATCH && af->queue.n; n++)
		batch_add(p, aid, af->queue.v[--af->queue.n], b);
	for (; n < EXPORT_BATCH && af->dumping; af->dump_next++) {
		if (af->dump_next >= pt->dests.used) {
			af->dumping = false;
			break;
		}
		if (rib_ptable_live(pt, af->dump_next)) {
			batch_add(p, aid, af->dump_next, b);
			n++;
		}
	}
}

static void batch_send(struct rib_peer *p, struct batch *b)
{
	size_t i;
	int rc;

	rc = bgp_update_withdraw(b->withdrawn, b->n_withdrawn, emit, p);
	if (!rc)
		rc = bgp_update_announce_routes(&p->conf.session, b->routes,
						b->n_routes, emit, p);
	if (rc)
		log_error("rib: exporting to a peer failed (%d)", rc);
	p->stats.withdrawals_out += b->n_withdrawn;
	p->stats.updates_out += b->n_routes;
	for (i = 0; i < b->n_routes; i++)
		bgp_attrs_unref(&p->rib->attrs, b->routes[i].attrs);
}

static bool work_left(const struct rib_peer_af *af)
{
	return af->queue.n || af->dumping;
}

/*
 * Export to p until it blocks or has nothing left; End-of-RIB after the
 * first dump (right away for a peer that is sent nothing).
 */
static void peer_drain(struct rib_peer *p)
{
	struct batch *b;
	unsigned int aid;

	if (!p->up || !p->conf.send || held_drain(p))
		return;
	b = malloc(sizeof(*b));
	if (!b)
		return;
	for (aid = 0; aid < BGP_AID_MAX && !p->blocked; aid++) {
		if (!(p->conf.families & (1u << aid)))
			continue;
		while (!p->blocked && work_left(&p->af[aid])) {
			b->n_routes = b->n_withdrawn = 0;
			batch_fill(p, aid, b);
			batch_send(p, b);
		}
		if (!work_left(&p->af[aid]) && !(p->eor_sent & (1u << aid))) {
			p->eor_sent |= (uint8_t)(1u << aid);
			p->stats.eor_out++;
			bgp_update_eor(aid, emit, p);
		}
	}
	free(b);
}

/* Whether some peer still has to look at dest. */
static bool dest_busy(const struct rib *rib, uint32_t dest, enum bgp_aid aid)
{
	const struct rib_peer_af *af;
	size_t k;

	for (k = 1; k < rib->n_peers; k++) {
		if (!rib->peers[k])
			continue;
		af = &rib->peers[k]->af[aid];
		if (bit_get(af->pending, af->n_words, dest) ||
		    bit_get(af->announced, af->n_words, dest))
			return true;
	}
	return false;
}

/* Free the pathless destinations no peer needs any more. */
static void gc(struct rib *rib, struct rib_ftable *ft, enum bgp_aid aid)
{
	struct rib_dest *d;
	size_t i, kept = 0;
	uint32_t dest;

	for (i = 0; i < ft->gc.n; i++) {
		dest = ft->gc.v[i];
		d = rib_dest_at(&ft->pt, dest);
		if (d->paths != RIB_NONE) {
			d->flags &= ~RIB_DEST_GC;
		} else if (dest_busy(rib, dest, aid) ||
			   (d->flags & RIB_DEST_QUEUED)) {
			ft->gc.v[kept++] = dest;
		} else {
			rib_ptable_del(&ft->pt, dest);
		}
	}
	ft->gc.n = kept;
}

void rib_flush(struct rib *rib)
{
	struct rib_table *tab;
	unsigned int aid;
	size_t k;

	rib->flush_scheduled = false;
	for (tab = rib->tables; tab; tab = tab->next)
		for (aid = 0; aid < BGP_AID_MAX; aid++)
			distribute(rib, tab, aid);
	for (k = 1; k < rib->n_peers; k++)
		if (rib->peers[k] && !rib->peers[k]->blocked)
			peer_drain(rib->peers[k]);
	for (tab = rib->tables; tab; tab = tab->next)
		for (aid = 0; aid < BGP_AID_MAX; aid++)
			gc(rib, &tab->af[aid], aid);
}

void rib_peer_refresh(struct rib_peer *p, enum bgp_aid aid)
{
	if (!p->up || !sends_family(p, aid))
		return;
	p->af[aid].dumping = true;
	p->af[aid].dump_next = 0;
	schedule_flush(p->rib);
}

void rib_peer_writable(struct rib_peer *p)
{
	p->blocked = false;
	rib_flush(p->rib);
}

uint64_t rib_peer_routes_out(const struct rib_peer *p)
{
	uint64_t n = 0;
	unsigned int aid;
	size_t i;

	for (aid = 0; aid < BGP_AID_MAX; aid++)
		for (i = 0; p->af[aid].announced && i < p->af[aid].n_words; i++)
			n += (uint64_t)__builtin_popcountll(p->af[aid].announced[i]);
	return n;
}
