/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A prefix table of one address family: prefix -> destination.
 *
 * Destinations live in a slab (24 bytes each) and are found through an
 * open-addressing hash of 4-byte slab indices, linear probing, kept at
 * most 3/4 full, with backward-shift deletion (no tombstones). A route
 * thus costs its destination, its path (rib.h) and about 6 bytes of
 * hash slot; the attributes are shared (attrset.h).
 */
#ifndef DPUBGP_RIB_PTABLE_H
#define DPUBGP_RIB_PTABLE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/prefix.h"
#include "rib/slab.h"

enum {
	RIB_DEST_QUEUED = 1 << 0,	/* on the table's change queue */
	RIB_DEST_GC = 1 << 1,		/* pathless, on the table's gc list */
	RIB_DEST_LIVE = 1 << 2,		/* in the table (not a free slab slot) */
};

struct rib_dest {
	uint8_t addr[16];
	uint8_t len;
	uint8_t flags;		/* RIB_DEST_* */
	uint16_t unused;
	uint32_t paths;		/* path index of the best, RIB_NONE */
};

struct rib_ptable {
	sa_family_t family;
	struct rib_slab dests;
	uint32_t *slots;	/* dest index + 1; 0: empty */
	size_t n_slots;		/* a power of two */
	size_t count;
};

void rib_ptable_init(struct rib_ptable *t, sa_family_t family);
void rib_ptable_destroy(struct rib_ptable *t);
/* The destination of p (same family), or RIB_NONE. */
uint32_t rib_ptable_find(const struct rib_ptable *t,
			 const struct dpubgp_prefix *p);
/* Found or added; RIB_NONE when out of memory. */
uint32_t rib_ptable_get(struct rib_ptable *t, const struct dpubgp_prefix *p);
void rib_ptable_del(struct rib_ptable *t, uint32_t dest);
/* Bytes the table holds (slab and hash). */
size_t rib_ptable_bytes(const struct rib_ptable *t);

static inline struct rib_dest *rib_dest_at(const struct rib_ptable *t,
					   uint32_t dest)
{
	return rib_slab_at(&t->dests, dest);
}

/* The live destination at slab index i, or NULL: for walks. */
static inline struct rib_dest *rib_ptable_live(const struct rib_ptable *t,
					       uint32_t i)
{
	struct rib_dest *d;

	if (i >= t->dests.used)
		return NULL;
	d = rib_dest_at(t, i);
	return d->flags & RIB_DEST_LIVE ? d : NULL;
}

void rib_dest_prefix(const struct rib_ptable *t, const struct rib_dest *d,
		     struct dpubgp_prefix *p);

#endif /* DPUBGP_RIB_PTABLE_H */
