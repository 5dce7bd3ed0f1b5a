/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A route's path attributes as one immutable, hash-consed set. Routes that
 * share attributes (most of a table) share one struct bgp_attrs: a RIB entry
 * holds a pointer, and "same attributes" is pointer equality, which is what
 * the UPDATE builder groups prefixes by.
 *
 * A set is either a decoder's scratch (its arrays point into the decoder's
 * arena) or interned (arrays in the same allocation, refcount > 0). The
 * variable parts are canonical, so equal content means equal bytes: AS_PATH
 * in four-octet wire form, communities of each kind sorted and deduplicated,
 * unknown optional transitive attributes in wire form, Partial bit set,
 * ascending by type.
 */
#ifndef DPUBGP_CODEC_ATTRSET_H
#define DPUBGP_CODEC_ATTRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum bgp_origin {
	BGP_ORIGIN_IGP = 0,
	BGP_ORIGIN_EGP = 1,
	BGP_ORIGIN_INCOMPLETE = 2,
};

/* Which of the fixed-size attributes a set holds. */
enum {
	BGP_ATTRS_ORIGIN = 1 << 0,
	BGP_ATTRS_AS_PATH = 1 << 1,
	BGP_ATTRS_NEXT_HOP = 1 << 2,
	BGP_ATTRS_MED = 1 << 3,
	BGP_ATTRS_LOCAL_PREF = 1 << 4,
	BGP_ATTRS_ATOMIC_AGGREGATE = 1 << 5,
	BGP_ATTRS_AGGREGATOR = 1 << 6,
};

struct bgp_large_community {
	uint32_t global;
	uint32_t local1;
	uint32_t local2;
};

struct bgp_attrs {
	/* Interning; not part of the value. */
	struct bgp_attrs *next;
	uint32_t refcnt;
	uint32_t hash;

	uint16_t present;	/* BGP_ATTRS_* */
	uint8_t origin;
	uint8_t nexthop_len;	/* 4 (NEXT_HOP), 16 or 32 (MP_REACH_NLRI) */
	uint8_t nexthop[32];
	uint32_t med;
	uint32_t local_pref;
	uint32_t aggregator_as;
	uint32_t aggregator_id;	/* host order */

	uint16_t aspath_len;	/* bytes */
	uint16_t n_communities;
	uint16_t n_ext_communities;
	uint16_t n_large_communities;
	uint16_t unknown_len;	/* bytes */
	const uint8_t *aspath;
	const uint32_t *communities;
	const uint64_t *ext_communities;
	const struct bgp_large_community *large_communities;
	const uint8_t *unknown;
};

uint32_t bgp_attrs_hash(const struct bgp_attrs *a);
bool bgp_attrs_equal(const struct bgp_attrs *a, const struct bgp_attrs *b);

/* Sort and deduplicate in place; return the new count. */
size_t bgp_communities_canon(uint32_t *c, size_t n);
size_t bgp_ext_communities_canon(uint64_t *c, size_t n);
size_t bgp_large_communities_canon(struct bgp_large_community *c, size_t n);

/* Exact match in a canonical array (binary search). */
bool bgp_communities_has(const struct bgp_attrs *a, uint32_t community);

struct bgp_attrs_table {
	struct bgp_attrs **buckets;
	size_t n_buckets;	/* a power of two */
	size_t count;
};

void bgp_attrs_table_init(struct bgp_attrs_table *t);
/* Every set must have been released. */
void bgp_attrs_table_destroy(struct bgp_attrs_table *t);

/*
 * The interned set equal to a, with one more reference: found, or a copy
 * of a. NULL when out of memory.
 */
const struct bgp_attrs *bgp_attrs_intern(struct bgp_attrs_table *t,
					 const struct bgp_attrs *a);
void bgp_attrs_unref(struct bgp_attrs_table *t, const struct bgp_attrs *a);

#endif /* DPUBGP_CODEC_ATTRSET_H */
