// SPDX-License-Identifier: GPL-2.0
/*
 * The prefix table: a slab of destinations and an open-addressing hash
 * of their indices (ptable.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rib/ptable.h"

#define INITIAL_SLOTS 64

void rib_ptable_init(struct rib_ptable *t, sa_family_t family)
{
	*t = (struct rib_ptable){ .family = family };
	rib_slab_init(&t->dests, sizeof(struct rib_dest));
}

void rib_ptable_destroy(struct rib_ptable *t)
{
	rib_slab_destroy(&t->dests);
	free(t->slots);
	rib_ptable_init(t, t->family);
}

static size_t addr_bytes(const struct rib_ptable *t)
{
	return dpubgp_prefix_addrlen(t->family);
}

/* FNV-1a over the address and the length, then a final mix. */
static uint32_t key_hash(const uint8_t *addr, size_t n, uint8_t len)
{
	uint32_t h = 2166136261u ^ len;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ addr[i]) * 16777619u;
	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	return h ^ (h >> 12);
}

static uint32_t dest_hash(const struct rib_ptable *t, uint32_t dest)
{
	const struct rib_dest *d = rib_dest_at(t, dest);

	return key_hash(d->addr, addr_bytes(t), d->len);
}

static bool dest_is(const struct rib_ptable *t, uint32_t dest,
		    const struct dpubgp_prefix *p)
{
	const struct rib_dest *d = rib_dest_at(t, dest);

	return d->len == p->len && !memcmp(d->addr, p->addr, addr_bytes(t));
}

/* The slot holding p, or the empty one where it would go. */
static size_t probe(const struct rib_ptable *t, const struct dpubgp_prefix *p)
{
	size_t mask = t->n_slots - 1;
	size_t i = key_hash(p->addr, addr_bytes(t), p->len) & mask;

	while (t->slots[i] && !dest_is(t, t->slots[i] - 1, p))
		i = (i + 1) & mask;
	return i;
}

uint32_t rib_ptable_find(const struct rib_ptable *t,
			 const struct dpubgp_prefix *p)
{
	size_t i;

	if (!t->n_slots || p->family != t->family)
		return RIB_NONE;
	i = probe(t, p);
	return t->slots[i] ? t->slots[i] - 1 : RIB_NONE;
}

static int grow(struct rib_ptable *t)
{
	size_t n = t->n_slots ? t->n_slots * 2 : INITIAL_SLOTS, i, k;
	uint32_t *slots = calloc(n, sizeof(*slots));

	if (!slots)
		return -1;
	for (i = 0; i < t->n_slots; i++) {
		if (!t->slots[i])
			continue;
		k = dest_hash(t, t->slots[i] - 1) & (n - 1);
		while (slots[k])
			k = (k + 1) & (n - 1);
		slots[k] = t->slots[i];
	}
	free(t->slots);
	t->slots = slots;
	t->n_slots = n;
	return 0;
}

uint32_t rib_ptable_get(struct rib_ptable *t, const struct dpubgp_prefix *p)
{
	struct rib_dest *d;
	uint32_t dest;
	size_t i;

	if ((t->count + 1) * 4 > t->n_slots * 3 && grow(t))
		return RIB_NONE;
	i = probe(t, p);
	if (t->slots[i])
		return t->slots[i] - 1;
	dest = rib_slab_alloc(&t->dests);
	if (dest == RIB_NONE)
		return RIB_NONE;
	d = rib_dest_at(t, dest);
	memcpy(d->addr, p->addr, addr_bytes(t));
	d->len = p->len;
	d->paths = RIB_NONE;
	d->flags = RIB_DEST_LIVE;
	t->slots[i] = dest + 1;
	t->count++;
	return dest;
}

/* Whether home lies cyclically in (hole, i]: then i may not move to hole. */
static bool stays(size_t hole, size_t i, size_t home)
{
	return hole <= i ? hole < home && home <= i : hole < home || home <= i;
}

void rib_ptable_del(struct rib_ptable *t, uint32_t dest)
{
	struct dpubgp_prefix p;
	size_t mask = t->n_slots - 1, hole, i;

	rib_dest_prefix(t, rib_dest_at(t, dest), &p);
	hole = probe(t, &p);
	for (i = (hole + 1) & mask; t->slots[i]; i = (i + 1) & mask) {
		if (stays(hole, i, dest_hash(t, t->slots[i] - 1) & mask))
			continue;
		t->slots[hole] = t->slots[i];
		hole = i;
	}
	t->slots[hole] = 0;
	t->count--;
	rib_dest_at(t, dest)->flags = 0;
	rib_slab_free(&t->dests, dest);
}

size_t rib_ptable_bytes(const struct rib_ptable *t)
{
	return rib_slab_bytes(&t->dests) + t->n_slots * sizeof(*t->slots);
}

void rib_dest_prefix(const struct rib_ptable *t, const struct rib_dest *d,
		     struct dpubgp_prefix *p)
{
	memset(p, 0, sizeof(*p));
	p->family = t->family;
	p->len = d->len;
	memcpy(p->addr, d->addr, addr_bytes(t));
}
