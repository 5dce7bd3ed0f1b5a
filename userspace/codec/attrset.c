// SPDX-License-Identifier: GPL-2.0
/*
 * Hash-consed path attribute sets: hashing, equality, the intern table.
 */
#include <stdlib.h>
#include <string.h>

#include "codec/attrset.h"

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

static uint32_t fnv(uint32_t h, const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n--)
		h = (h ^ *b++) * FNV_PRIME;
	return h;
}

/* The fixed part of the value, from present to aggregator_id. */
#define FIXED_START offsetof(struct bgp_attrs, present)
#define FIXED_LEN (offsetof(struct bgp_attrs, aspath_len) - FIXED_START)

/* Every variable part: pointer and byte length. */
struct span {
	const void *p;
	size_t len;
};

static void spans(const struct bgp_attrs *a, struct span s[5])
{
	s[0] = (struct span){ a->aspath, a->aspath_len };
	s[1] = (struct span){ a->communities,
			      a->n_communities * sizeof(*a->communities) };
	s[2] = (struct span){ a->ext_communities,
			      a->n_ext_communities * sizeof(uint64_t) };
	s[3] = (struct span){ a->large_communities,
			      a->n_large_communities *
			      sizeof(*a->large_communities) };
	s[4] = (struct span){ a->unknown, a->unknown_len };
}

uint32_t bgp_attrs_hash(const struct bgp_attrs *a)
{
	uint32_t h = fnv(FNV_OFFSET, (const uint8_t *)a + FIXED_START,
			 FIXED_LEN);
	struct span s[5];
	unsigned int i;

	spans(a, s);
	for (i = 0; i < 5; i++) {
		h = fnv(h, &s[i].len, sizeof(s[i].len));
		h = fnv(h, s[i].p, s[i].len);
	}
	return h;
}

bool bgp_attrs_equal(const struct bgp_attrs *a, const struct bgp_attrs *b)
{
	struct span sa[5], sb[5];
	unsigned int i;

	if (memcmp((const uint8_t *)a + FIXED_START,
		   (const uint8_t *)b + FIXED_START, FIXED_LEN))
		return false;
	spans(a, sa);
	spans(b, sb);
	for (i = 0; i < 5; i++)
		if (sa[i].len != sb[i].len ||
		    (sa[i].len && memcmp(sa[i].p, sb[i].p, sa[i].len)))
			return false;
	return true;
}

#define CMP(x, y) ((x) < (y) ? -1 : (x) > (y))

static int cmp_u32(const void *x, const void *y)
{
	return CMP(*(const uint32_t *)x, *(const uint32_t *)y);
}

static int cmp_u64(const void *x, const void *y)
{
	return CMP(*(const uint64_t *)x, *(const uint64_t *)y);
}

static int cmp_large(const void *x, const void *y)
{
	const struct bgp_large_community *a = x, *b = y;

	if (a->global != b->global)
		return CMP(a->global, b->global);
	if (a->local1 != b->local1)
		return CMP(a->local1, b->local1);
	return CMP(a->local2, b->local2);
}

static size_t canon(void *base, size_t n, size_t size,
		    int (*cmp)(const void *, const void *))
{
	uint8_t *b = base;
	size_t i, out = 0;

	if (!n)
		return 0;
	qsort(base, n, size, cmp);
	for (i = 1; i < n; i++)
		if (cmp(b + out * size, b + i * size))
			memmove(b + ++out * size, b + i * size, size);
	return out + 1;
}

size_t bgp_communities_canon(uint32_t *c, size_t n)
{
	return canon(c, n, sizeof(*c), cmp_u32);
}

size_t bgp_ext_communities_canon(uint64_t *c, size_t n)
{
	return canon(c, n, sizeof(*c), cmp_u64);
}

size_t bgp_large_communities_canon(struct bgp_large_community *c, size_t n)
{
	return canon(c, n, sizeof(*c), cmp_large);
}

bool bgp_communities_has(const struct bgp_attrs *a, uint32_t community)
{
	return a->n_communities &&
	       bsearch(&community, a->communities, a->n_communities,
		       sizeof(community), cmp_u32);
}

#define INITIAL_BUCKETS 64

void bgp_attrs_table_init(struct bgp_attrs_table *t)
{
	memset(t, 0, sizeof(*t));
}

void bgp_attrs_table_destroy(struct bgp_attrs_table *t)
{
	free(t->buckets);
	memset(t, 0, sizeof(*t));
}

static int table_grow(struct bgp_attrs_table *t)
{
	size_t n = t->n_buckets ? t->n_buckets * 2 : INITIAL_BUCKETS, i;
	struct bgp_attrs **b = calloc(n, sizeof(*b)), *a, *next;

	if (!b)
		return -1;
	for (i = 0; i < t->n_buckets; i++)
		for (a = t->buckets[i]; a; a = next) {
			next = a->next;
			a->next = b[a->hash & (n - 1)];
			b[a->hash & (n - 1)] = a;
		}
	free(t->buckets);
	t->buckets = b;
	t->n_buckets = n;
	return 0;
}

/* One allocation: the struct, then its arrays, 8-byte aligned first. */
static struct bgp_attrs *attrs_copy(const struct bgp_attrs *a)
{
	struct span s[5];
	struct bgp_attrs *c;
	uint8_t *p;
	size_t total = sizeof(*c);
	const void **dst[5];
	unsigned int i;

	spans(a, s);
	for (i = 0; i < 5; i++)
		total += s[i].len;
	c = malloc(total);
	if (!c)
		return NULL;
	*c = *a;
	dst[0] = (const void **)&c->aspath;
	dst[1] = (const void **)&c->communities;
	dst[2] = (const void **)&c->ext_communities;
	dst[3] = (const void **)&c->large_communities;
	dst[4] = (const void **)&c->unknown;
	p = (uint8_t *)(c + 1);
	/* Largest alignment first: u64, large (u32), u32, then bytes. */
	for (i = 0; i < 5; i++) {
		static const unsigned int order[5] = { 2, 3, 1, 0, 4 };
		unsigned int k = order[i];

		*dst[k] = s[k].len ? p : NULL;
		if (s[k].len)
			memcpy(p, s[k].p, s[k].len);
		p += s[k].len;
	}
	return c;
}

const struct bgp_attrs *bgp_attrs_intern(struct bgp_attrs_table *t,
					 const struct bgp_attrs *a)
{
	uint32_t hash = bgp_attrs_hash(a);
	struct bgp_attrs *c;

	if (t->count >= t->n_buckets && table_grow(t))
		return NULL;
	for (c = t->buckets[hash & (t->n_buckets - 1)]; c; c = c->next)
		if (c->hash == hash && bgp_attrs_equal(c, a)) {
			c->refcnt++;
			return c;
		}
	c = attrs_copy(a);
	if (!c)
		return NULL;
	c->hash = hash;
	c->refcnt = 1;
	c->next = t->buckets[hash & (t->n_buckets - 1)];
	t->buckets[hash & (t->n_buckets - 1)] = c;
	t->count++;
	return c;
}

void bgp_attrs_unref(struct bgp_attrs_table *t, const struct bgp_attrs *a)
{
	struct bgp_attrs **pp;

	for (pp = &t->buckets[a->hash & (t->n_buckets - 1)]; *pp != a;
	     pp = &(*pp)->next)
		;
	if (--(*pp)->refcnt)
		return;
	*pp = a->next;
	t->count--;
	free((void *)a);
}
