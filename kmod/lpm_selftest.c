// SPDX-License-Identifier: GPL-2.0
/*
 * The LPM trie against a trivially correct reference: a list of prefixes
 * searched linearly. Table-driven cases first, then a randomized
 * differential run over both families: random prefixes clustered so that
 * they nest and overlap, lookups of addresses inside them and at random,
 * exact lookups, ordered walks, and removals of half of them. Last, two
 * dense IPv4 runs grow the table past the size at which lpm.c builds its
 * directory (of 16 bits, then, with that size lowered, of 20), change the
 * shortest and longest prefixes under it, and shrink the table until the
 * directory goes, checking lookups at each step.
 *
 * In the module's test variant (see Kbuild), run at load with the module
 * parameter selftest=1; a failure makes the load fail.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "lpm.h"

#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>

#define RANDOM_PREFIXES	2048	/* per family */
#define RANDOM_LOOKUPS	4096	/* per family and phase */
#define RANDOM_BASES	16	/* clusters the random prefixes grow from */
#define DENSE_PREFIXES	12000	/* IPv4, beyond 8192: a 16-bit directory */
#define DENSE_BIG_MIN	10000	/* where the second run's table goes 20-bit */
#define DENSE_KEEP	4000	/* below 8192 / 2: no directory */
#define DENSE_LOOKUPS	2048	/* per phase */
#define DENSE_EDGES	16	/* room for dense_run()'s edges[] */

static bool selftest;
module_param(selftest, bool, 0444);
MODULE_PARM_DESC(selftest, "Test the prefix tables at load; refuse to load if they fail");

struct ref_entry {
	struct dpubgp_prefix prefix;
	void *value;
	bool present;
};

struct ref {
	struct ref_entry *e;
	unsigned int n;
};

struct st {
	struct dpubgp_lpm lpm;
	struct mutex lock;	/* the table's writer lock */
	struct ref ref;
	struct rnd_state rnd;
	unsigned int cases;
	unsigned int failed;
};

static unsigned int family_bits(u8 family)
{
	return family == AF_INET ? 32 : 128;
}

static bool covers(const struct dpubgp_prefix *p, u8 family, const u8 *addr)
{
	unsigned int i;
	__be32 a;

	if (p->family != family)
		return false;
	if (family == AF_INET) {
		/* A word at a time: the dense run has many prefixes. */
		memcpy(&a, addr, sizeof(a));
		return !p->len || !((be32_to_cpu(a ^ p->addr.ip)) >>
				    (32 - p->len));
	}
	for (i = 0; i < p->len; i++)
		if (((p->addr.bytes[i / 8] ^ addr[i / 8]) >> (7 - i % 8)) & 1)
			return false;
	return true;
}

static void *ref_lookup(const struct ref *ref, u8 family, const u8 *addr)
{
	const struct ref_entry *best = NULL;
	unsigned int i;

	for (i = 0; i < ref->n; i++) {
		const struct ref_entry *e = &ref->e[i];

		if (e->present && covers(&e->prefix, family, addr) &&
		    (!best || e->prefix.len > best->prefix.len))
			best = e;
	}
	return best ? best->value : NULL;
}

static void mask(struct dpubgp_prefix *p)
{
	unsigned int i;

	for (i = p->len; i < 128; i++)
		p->addr.bytes[i / 8] &= ~(0x80 >> (i % 8));
}

static struct dpubgp_prefix pfx(u8 family, const char *addr, u8 len)
{
	struct dpubgp_prefix p = { .family = family, .len = len };

	if (family == AF_INET)
		in4_pton(addr, -1, p.addr.bytes, -1, NULL);
	else
		in6_pton(addr, -1, p.addr.bytes, -1, NULL);
	mask(&p);
	return p;
}

static __printf(3, 4) void check(struct st *st, bool ok, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	st->cases++;
	if (ok)
		return;
	st->failed++;
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	pr_err("lpm self-test: %pV failed\n", &vaf);
	va_end(args);
}

static void *lookup(struct st *st, u8 family, const void *addr)
{
	void *v;

	rcu_read_lock();
	v = dpubgp_lpm_lookup(&st->lpm, family, addr);
	rcu_read_unlock();
	return v;
}

#define V(n) ((void *)(unsigned long)(n))

struct table_case {
	u8 family;
	const char *addr;
	unsigned long want;	/* 0: no match */
};

static void table_cases(struct st *st)
{
	static const struct { u8 family; const char *addr; u8 len; } add[] = {
		{ AF_INET, "0.0.0.0", 0 },		/* 1 */
		{ AF_INET, "10.0.0.0", 8 },		/* 2 */
		{ AF_INET, "10.1.0.0", 16 },		/* 3 */
		{ AF_INET, "10.1.2.0", 24 },		/* 4 */
		{ AF_INET, "10.1.2.3", 32 },		/* 5 */
		{ AF_INET, "10.128.0.0", 9 },		/* 6 */
		{ AF_INET, "192.168.0.0", 16 },		/* 7 */
		{ AF_INET6, "2001:db8::", 32 },		/* 8 */
		{ AF_INET6, "2001:db8:1::", 48 },	/* 9 */
		{ AF_INET6, "2001:db8:1::1", 128 },	/* 10 */
		{ AF_INET6, "fd00::", 8 },		/* 11 */
		{ AF_INET6, "8000::", 1 },		/* 12 */
	};
	static const struct table_case cases[] = {
		{ AF_INET, "10.1.2.3", 5 },
		{ AF_INET, "10.1.2.4", 4 },
		{ AF_INET, "10.1.3.1", 3 },
		{ AF_INET, "10.2.0.1", 2 },
		{ AF_INET, "10.200.0.1", 6 },
		{ AF_INET, "192.168.255.255", 7 },
		{ AF_INET, "192.169.0.0", 1 },
		{ AF_INET, "255.255.255.255", 1 },
		{ AF_INET6, "2001:db8:1::1", 10 },
		{ AF_INET6, "2001:db8:1::2", 9 },
		{ AF_INET6, "2001:db8:2::1", 8 },
		{ AF_INET6, "fd12::1", 11 },
		{ AF_INET6, "ffff::1", 12 },
		{ AF_INET6, "2001:db9::", 0 },
		{ AF_INET6, "::1", 0 },
	};
	struct dpubgp_prefix p;
	u8 addr[16];
	unsigned int i;
	void *v;

	mutex_lock(&st->lock);
	for (i = 0; i < ARRAY_SIZE(add); i++) {
		p = pfx(add[i].family, add[i].addr, add[i].len);
		check(st, !dpubgp_lpm_insert(&st->lpm, &p, V(i + 1), &st->lock),
		      "insert %s/%u", add[i].addr, add[i].len);
	}
	p = pfx(AF_INET, "10.1.0.0", 16);
	check(st, dpubgp_lpm_insert(&st->lpm, &p, V(99), &st->lock) == -EEXIST,
	      "duplicate insert refused");
	check(st, dpubgp_lpm_exact(&st->lpm, &p, &st->lock) == V(3),
	      "exact 10.1.0.0/16");
	p = pfx(AF_INET, "10.1.0.0", 17);
	check(st, !dpubgp_lpm_exact(&st->lpm, &p, &st->lock),
	      "exact of an absent prefix");
	mutex_unlock(&st->lock);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(addr, 0, sizeof(addr));
		if (cases[i].family == AF_INET)
			in4_pton(cases[i].addr, -1, addr, -1, NULL);
		else
			in6_pton(cases[i].addr, -1, addr, -1, NULL);
		v = lookup(st, cases[i].family, addr);
		check(st, v == V(cases[i].want), "lookup %s: got %lu, want %lu",
		      cases[i].addr, (unsigned long)v, cases[i].want);
	}

	/* Removing a covering prefix leaves its extensions, and back. */
	mutex_lock(&st->lock);
	p = pfx(AF_INET, "10.1.0.0", 16);
	check(st, dpubgp_lpm_remove(&st->lpm, &p, &st->lock) == V(3),
	      "remove 10.1.0.0/16");
	check(st, !dpubgp_lpm_remove(&st->lpm, &p, &st->lock),
	      "remove 10.1.0.0/16 twice");
	mutex_unlock(&st->lock);
	in4_pton("10.1.3.1", -1, addr, -1, NULL);
	check(st, lookup(st, AF_INET, addr) == V(2), "lookup after remove");
	in4_pton("10.1.2.9", -1, addr, -1, NULL);
	check(st, lookup(st, AF_INET, addr) == V(4), "extension kept");

	mutex_lock(&st->lock);
	dpubgp_lpm_free(&st->lpm, &st->lock);
	mutex_unlock(&st->lock);
	check(st, !lookup(st, AF_INET, addr), "lookup after free");
}

static void random_prefix(struct st *st, const struct dpubgp_prefix *bases,
			  u8 family, struct dpubgp_prefix *p)
{
	unsigned int bits = family_bits(family), flips, i;

	*p = bases[prandom_u32_state(&st->rnd) % RANDOM_BASES];
	/* A few flipped bits keep prefixes of one base nested or close. */
	flips = prandom_u32_state(&st->rnd) % 4;
	for (i = 0; i < flips; i++) {
		unsigned int b = prandom_u32_state(&st->rnd) % bits;

		p->addr.bytes[b / 8] ^= 0x80 >> (b % 8);
	}
	p->family = family;
	p->len = prandom_u32_state(&st->rnd) % (bits + 1);
	mask(p);
}

static bool ref_has(const struct ref *ref, const struct dpubgp_prefix *p)
{
	unsigned int i;

	for (i = 0; i < ref->n; i++)
		if (ref->e[i].present && ref->e[i].prefix.family == p->family &&
		    ref->e[i].prefix.len == p->len &&
		    !memcmp(ref->e[i].prefix.addr.bytes, p->addr.bytes, 16))
			return true;
	return false;
}

struct walk_state {
	struct st *st;
	struct dpubgp_prefix last;
	unsigned int count;
	bool ordered;
};

/* Walk order: a prefix before its extensions, else by the bit they part. */
static bool walk_before(const struct dpubgp_prefix *a,
			const struct dpubgp_prefix *b)
{
	unsigned int n = min(a->len, b->len), i;
	unsigned int ba, bb;

	for (i = 0; i < n; i++) {
		ba = (a->addr.bytes[i / 8] >> (7 - i % 8)) & 1;
		bb = (b->addr.bytes[i / 8] >> (7 - i % 8)) & 1;
		if (ba != bb)
			return ba < bb;
	}
	return a->len < b->len;
}

static int walk_check(const struct dpubgp_prefix *p, void *value, void *arg)
{
	struct walk_state *ws = arg;

	if (ws->count && !walk_before(&ws->last, p))
		ws->ordered = false;
	if (!ref_has(&ws->st->ref, p))
		ws->ordered = false;
	ws->last = *p;
	ws->count++;
	return 0;
}

/* Stops at the prefix of index ws->count, left in ws->last. */
static int walk_nth(const struct dpubgp_prefix *p, void *value, void *arg)
{
	struct walk_state *ws = arg;

	ws->last = *p;
	return !ws->count--;
}

static void random_lookups(struct st *st, const struct dpubgp_prefix *bases,
			   u8 family, unsigned int n, const char *phase)
{
	unsigned int i, bad = 0;
	struct dpubgp_prefix p;
	u8 addr[16];

	for (i = 0; i < n; i++) {
		if (i % 2) {
			prandom_bytes_state(&st->rnd, addr, sizeof(addr));
		} else {
			/* Inside or near a stored prefix. */
			random_prefix(st, bases, family, &p);
			memcpy(addr, p.addr.bytes, sizeof(addr));
			addr[15 - i % 4] ^= prandom_u32_state(&st->rnd);
			if (family == AF_INET)
				addr[3 - i % 2] ^= prandom_u32_state(&st->rnd);
		}
		if (lookup(st, family, addr) != ref_lookup(&st->ref, family, addr))
			bad++;
		cond_resched();	/* the reference is slow on debug kernels */
	}
	check(st, !bad, "%u of %u random IPv%c lookups %s", bad, n,
	      family == AF_INET ? '4' : '6', phase);
	st->cases += n - 1;
}

static unsigned int ref_count(const struct ref *ref, u8 family)
{
	unsigned int i, n = 0;

	for (i = 0; i < ref->n; i++)
		n += ref->e[i].present && ref->e[i].prefix.family == family;
	return n;
}

static void random_walk(struct st *st, u8 family)
{
	struct walk_state ws = { .st = st, .ordered = true };
	struct dpubgp_prefix mid;
	unsigned int first;

	mutex_lock(&st->lock);
	dpubgp_lpm_walk(&st->lpm, family, NULL, walk_check, &ws, &st->lock);
	check(st, ws.ordered && ws.count == ref_count(&st->ref, family),
	      "IPv%c walk: %u prefixes, want %u, ordered %d",
	      family == AF_INET ? '4' : '6', ws.count,
	      ref_count(&st->ref, family), ws.ordered);

	/* Resuming after the walk's middle prefix yields the rest, in order. */
	first = ws.count / 2;
	ws = (struct walk_state){ .st = st, .count = first };
	dpubgp_lpm_walk(&st->lpm, family, NULL, walk_nth, &ws, &st->lock);
	mid = ws.last;
	ws = (struct walk_state){ .st = st, .ordered = true, .last = mid,
				  .count = 1 };
	dpubgp_lpm_walk(&st->lpm, family, &mid, walk_check, &ws, &st->lock);
	check(st, ws.ordered && ws.count == ref_count(&st->ref, family) - first,
	      "IPv%c walk resumed after prefix %u", family == AF_INET ? '4' : '6',
	      first);
	mutex_unlock(&st->lock);
}

static void random_bases(struct st *st, u8 family,
			 struct dpubgp_prefix *bases)
{
	unsigned int i;

	for (i = 0; i < RANDOM_BASES; i++) {
		bases[i].family = family;
		prandom_bytes_state(&st->rnd, bases[i].addr.bytes, 16);
		bases[i].len = family_bits(family);
		mask(&bases[i]);
	}
}

/* Insert p in the table and the reference, under the lock. Returns 0 if
 * it went in, 1 if it was there already, -1 if the table got it wrong.
 */
static int add(struct st *st, const struct dpubgp_prefix *p)
{
	struct ref_entry *e = &st->ref.e[st->ref.n];
	int err;

	e->prefix = *p;
	e->value = V(st->ref.n + 1);
	err = dpubgp_lpm_insert(&st->lpm, p, e->value, &st->lock);
	if (err == -EEXIST && ref_has(&st->ref, p))
		return 1;
	e->present = true;
	st->ref.n++;
	return err ? -1 : 0;
}

/* Remove e from the table and the reference, under the lock; false if
 * the table got it wrong.
 */
static bool del(struct st *st, struct ref_entry *e)
{
	bool ok = dpubgp_lpm_remove(&st->lpm, &e->prefix, &st->lock) ==
		  e->value;

	e->present = false;
	return ok && !dpubgp_lpm_exact(&st->lpm, &e->prefix, &st->lock);
}

static void random_run(struct st *st, u8 family)
{
	struct dpubgp_prefix bases[RANDOM_BASES], p;
	unsigned int i, bad = 0;
	struct ref_entry *e;

	random_bases(st, family, bases);
	mutex_lock(&st->lock);
	for (i = 0; i < RANDOM_PREFIXES; i++) {
		random_prefix(st, bases, family, &p);
		bad += add(st, &p) < 0;
	}
	mutex_unlock(&st->lock);
	check(st, !bad, "%u of %u random IPv%c inserts", bad, RANDOM_PREFIXES,
	      family == AF_INET ? '4' : '6');

	random_lookups(st, bases, family, RANDOM_LOOKUPS, "after inserts");
	random_walk(st, family);

	mutex_lock(&st->lock);
	bad = 0;
	for (i = 0; i < st->ref.n; i++) {
		e = &st->ref.e[i];
		if (!e->present || e->prefix.family != family ||
		    prandom_u32_state(&st->rnd) % 2)
			continue;
		bad += !del(st, e);
	}
	mutex_unlock(&st->lock);
	check(st, !bad, "%u random IPv%c removals", bad,
	      family == AF_INET ? '4' : '6');

	random_lookups(st, bases, family, RANDOM_LOOKUPS, "after removals");
	random_walk(st, family);
}

/* Lookups of the edges of prefix p: its first and last address, and the
 * addresses just outside it.
 */
static void edge_lookups(struct st *st, const struct dpubgp_prefix *p,
			 const char *phase)
{
	u32 first = be32_to_cpu(p->addr.ip);
	u32 last = first | (u32)(0xffffffffULL >> p->len);
	u32 addrs[] = { first, last, first - 1, last + 1 };
	unsigned int i, bad = 0;
	__be32 a;

	for (i = 0; i < ARRAY_SIZE(addrs); i++) {
		a = cpu_to_be32(addrs[i]);
		bad += lookup(st, AF_INET, &a) != ref_lookup(&st->ref, AF_INET,
							       (u8 *)&a);
	}
	check(st, !bad, "%u lookups at the edges of %pI4/%u %s", bad,
	      &p->addr.ip, p->len, phase);
}

/* The table grown past the size at which lpm.c indexes it by its first
 * bits (want_bits); prefixes shorter, as long as and longer than
 * the index added and removed under it; then shrunk until the index goes.
 */
static void dense_run(struct st *st, unsigned int want_bits)
{
	static const struct { const char *addr; u8 len; } edges[] = {
		{ "0.0.0.0", 0 }, { "128.0.0.0", 1 }, { "10.0.0.0", 15 },
		{ "10.1.0.0", 16 }, { "10.1.128.0", 17 }, { "10.1.2.3", 32 },
		{ "255.255.0.0", 16 }, { "255.255.255.255", 32 },
		{ "0.0.0.0", 32 }, { "10.1.0.0", 19 }, { "10.1.16.0", 20 },
		{ "10.1.8.0", 21 },
	};
	struct ref_entry *added[ARRAY_SIZE(edges)] = {};
	struct dpubgp_prefix bases[RANDOM_BASES], p;
	unsigned int n = ref_count(&st->ref, AF_INET), i, bad = 0;
	unsigned int bits;
	struct ref_entry *e;
	bool midway = false;

	BUILD_BUG_ON(ARRAY_SIZE(edges) > DENSE_EDGES);
	random_bases(st, AF_INET, bases);
	mutex_lock(&st->lock);
	while (n < DENSE_PREFIXES) {
		cond_resched();
		random_prefix(st, bases, AF_INET, &p);
		switch (add(st, &p)) {
		case -1:
			bad++;
			fallthrough;
		case 0:
			n++;
		}
	}
	bits = dpubgp_lpm_dir_bits(&st->lpm, &st->lock);
	mutex_unlock(&st->lock);
	check(st, !bad, "%u dense IPv4 inserts", bad);
	check(st, bits == want_bits,
	      "%u IPv4 prefixes: directory of %u bits, want %u", n, bits,
	      want_bits);
	random_lookups(st, bases, AF_INET, DENSE_LOOKUPS, "with the directory");

	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		p = pfx(AF_INET, edges[i].addr, edges[i].len);
		mutex_lock(&st->lock);
		if (!ref_has(&st->ref, &p)) {
			added[i] = &st->ref.e[st->ref.n];
			check(st, !add(st, &p), "dense insert of %s/%u",
			      edges[i].addr, edges[i].len);
		}
		mutex_unlock(&st->lock);
		edge_lookups(st, &p, "after its insert");
	}
	random_lookups(st, bases, AF_INET, DENSE_LOOKUPS,
		       "with the edge prefixes");
	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		if (!added[i])
			continue;
		mutex_lock(&st->lock);
		check(st, del(st, added[i]), "dense removal of %s/%u",
		      edges[i].addr, edges[i].len);
		mutex_unlock(&st->lock);
		edge_lookups(st, &added[i]->prefix, "after its removal");
	}

	/* Three in four, in table order, until the directory goes. */
	bad = 0;
	for (i = 0; n >= DENSE_KEEP; i = (i + 1) % st->ref.n) {
		e = &st->ref.e[i];
		if (!e->present || e->prefix.family != AF_INET ||
		    !(prandom_u32_state(&st->rnd) % 4))
			continue;
		mutex_lock(&st->lock);
		bad += !del(st, e);
		mutex_unlock(&st->lock);
		if (--n < DENSE_PREFIXES / 2 && !midway) {
			random_lookups(st, bases, AF_INET, DENSE_LOOKUPS,
				       "while shrinking");
			midway = true;
		}
	}
	mutex_lock(&st->lock);
	bits = dpubgp_lpm_dir_bits(&st->lpm, &st->lock);
	mutex_unlock(&st->lock);
	check(st, !bad, "%u dense IPv4 removals", bad);
	check(st, !bits, "%u IPv4 prefixes: directory of %u bits, want none",
	      n, bits);
	random_lookups(st, bases, AF_INET, DENSE_LOOKUPS,
		       "after the directory went");
}

/* With selftest=1: returns 0 if every case passed, else -EINVAL, and logs
 * one line either way. Without: returns 0.
 */
int dpubgp_lpm_selftest(void)
{
	u64 seed = get_random_u64();
	struct st *st;
	int ret;

	if (!selftest)
		return 0;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	/* Removed entries stay in the reference: room for every insert. */
	st->ref.e = kvcalloc(2 * RANDOM_PREFIXES +
			     2 * (DENSE_PREFIXES + DENSE_EDGES),
			     sizeof(*st->ref.e), GFP_KERNEL);
	if (!st->ref.e) {
		kfree(st);
		return -ENOMEM;
	}
	mutex_init(&st->lock);
	dpubgp_lpm_init_table(&st->lpm);
	prandom_seed_state(&st->rnd, seed);

	table_cases(st);
	random_run(st, AF_INET);
	random_run(st, AF_INET6);
	dense_run(st, 16);
	/* The 20-bit directory without a linear reference of 262144. */
	mutex_lock(&st->lock);
	dpubgp_lpm_set_dir_min(&st->lpm, 20, DENSE_BIG_MIN, &st->lock);
	mutex_unlock(&st->lock);
	dense_run(st, 20);

	mutex_lock(&st->lock);
	dpubgp_lpm_free(&st->lpm, &st->lock);
	mutex_unlock(&st->lock);

	if (st->failed) {
		pr_err("lpm self-test: FAIL: %u of %u cases failed (seed %llu)\n",
		       st->failed, st->cases, seed);
		ret = -EINVAL;
	} else {
		pr_info("lpm self-test: pass: %u cases\n", st->cases);
		ret = 0;
	}
	mutex_destroy(&st->lock);
	kvfree(st->ref.e);
	kfree(st);
	return ret;
}
