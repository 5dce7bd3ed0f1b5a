// SPDX-License-Identifier: GPL-2.0
/*
 * The prefix table against a trivially correct reference (a linear
 * array), under random additions and deletions in both families; and the
 * memory a route costs, printed as a diagnostic for bench/.
 */
/* Expected values are written as plain literals against unsigned fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include <stdio.h>

#include "dpubgp_test.h"
#include "rib_test.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* Few distinct prefixes, so that additions and deletions collide. */
static struct dpubgp_prefix small_random(sa_family_t family)
{
	struct dpubgp_prefix p = { .family = family };
	unsigned int max = dpubgp_prefix_maxlen(family);

	p.len = (uint8_t)(rnd() % (max + 1));
	p.addr[0] = (uint8_t)(rnd() % 4);
	p.addr[1] = (uint8_t)(rnd() % 8);
	p.addr[max / 8 - 1] = (uint8_t)rnd();
	dpubgp_prefix_mask(&p);
	return p;
}

#define REF_MAX 4096

struct ref {
	struct dpubgp_prefix p[REF_MAX];
	size_t n;
};

static long ref_find(const struct ref *r, const struct dpubgp_prefix *p)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->p[i].len == p->len && !memcmp(r->p[i].addr, p->addr, 16))
			return (long)i;
	return -1;
}

static bool same(const struct rib_ptable *t, uint32_t dest,
		 const struct dpubgp_prefix *p)
{
	struct dpubgp_prefix q;

	rib_dest_prefix(t, rib_dest_at(t, dest), &q);
	return q.len == p->len && !memcmp(q.addr, p->addr, 16);
}

static void differential(struct __test_metadata *_metadata,
			 sa_family_t family)
{
	static struct ref ref;
	struct rib_ptable t;
	struct dpubgp_prefix p;
	uint32_t dest;
	long k;
	int op;

	ref.n = 0;
	rib_ptable_init(&t, family);
	for (op = 0; op < 50000; op++) {
		p = small_random(family);
		k = ref_find(&ref, &p);
		dest = rib_ptable_find(&t, &p);
		ASSERT_EQ(k < 0, dest == RIB_NONE) TH_LOG("op %d", op);
		if (dest != RIB_NONE)
			ASSERT_TRUE(same(&t, dest, &p));
		if (rnd() % 2 && k >= 0) {
			rib_ptable_del(&t, dest);
			ref.p[k] = ref.p[--ref.n];
		} else if (k < 0 && ref.n < REF_MAX) {
			ASSERT_NE(RIB_NONE, rib_ptable_get(&t, &p));
			ref.p[ref.n++] = p;
		}
		ASSERT_EQ(ref.n, t.count);
	}
	for (k = 0; k < (long)ref.n; k++) {
		dest = rib_ptable_find(&t, &ref.p[k]);
		ASSERT_NE(RIB_NONE, dest);
		ASSERT_TRUE(same(&t, dest, &ref.p[k]));
	}
	rib_ptable_destroy(&t);
}

TEST(ptable_against_reference_v4)
{
	differential(_metadata, AF_INET);
	ASSERT_NO_LEAKS();
}

TEST(ptable_against_reference_v6)
{
	differential(_metadata, AF_INET6);
	ASSERT_NO_LEAKS();
}

/* An IPv4 table's length mix, about the DFZ's (per cent, summed). */
static unsigned int realistic_len(void)
{
	static const struct { unsigned int pct, len; } mix[] = {
		{ 58, 24 }, { 68, 23 }, { 78, 22 }, { 83, 21 }, { 88, 20 },
		{ 91, 19 }, { 93, 18 }, { 95, 17 }, { 97, 16 }, { 100, 15 },
	};
	unsigned int r = rnd() % 100, i;

	for (i = 0; r >= mix[i].pct; i++)
		;
	return mix[i].len;
}

#define N_ROUTES 1000000
#define N_ATTR_SETS 1000

TEST(bytes_per_route)
{
	struct test_attrs t;
	struct dpubgp_prefix p = { .family = AF_INET };
	struct rib_peer *peer;
	struct rib rib;
	char path[32];
	uint32_t addr;
	size_t n, bytes;

	ASSERT_EQ(0, rib_init(&rib, TEST_AS));
	peer = test_peer(&rib, 65001, 1, "10.0.0.1");
	ASSERT_NE(NULL, peer);
	while (rib_count(&rib, 0, BGP_AID_IPV4) < N_ROUTES) {
		p.len = (uint8_t)realistic_len();
		addr = htonl(rnd() << 8 | (rnd() & 0xff));
		memcpy(p.addr, &addr, 4);
		dpubgp_prefix_mask(&p);
		snprintf(path, sizeof(path), "65001 %u", rnd() % N_ATTR_SETS);
		ASSERT_EQ(0, rib_peer_route(peer, &p,
					    test_attrs(&t, path, "10.0.0.1")));
	}
	n = rib_count(&rib, 0, BGP_AID_IPV4);
	bytes = rib_bytes(&rib);
	printf("# bytes/route: %.1f (%zu routes, one path each, %zu bytes in "
	       "tables and paths; %zu shared attribute sets not counted)\n",
	       (double)bytes / n, n, bytes, rib.attrs.count);
	fflush(stdout);	/* the harness ends a test with _exit() */
	ASSERT_GT(100.0, (double)bytes / n);
	rib_destroy(&rib);
	ASSERT_NO_LEAKS();
}

TEST_HARNESS_MAIN
