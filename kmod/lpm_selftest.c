// SPDX-License-Identifier: GPL-2.0
/*
 * The LPM trie against a trivially correct reference: a list of prefixes
 * searched linearly. Table-driven cases first, then a randomized
 * differential run over both families: random prefixes clustered so that
 * they nest and overlap, lookups of addresses inside them and at random,
 * exact lookups, ordered walks, and removals of half of them.
 *
 * Run at load with the module parameter selftest=1 (see main.c).
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "lpm.h"

#include <linux/inet.h>
#include <linux/kernel.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>

#define RANDOM_PREFIXES	2048	/* per family */
#define RANDOM_LOOKUPS	4096	/* per family and phase */
#define RANDOM_BASES	16	/* clusters the random prefixes grow from */

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

	if (p->family != family)
		return false;
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
			   u8 family, const char *phase)
{
	unsigned int i, bad = 0;
	struct dpubgp_prefix p;
	u8 addr[16];

	for (i = 0; i < RANDOM_LOOKUPS; i++) {
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
	}
	check(st, !bad, "%u of %u random IPv%c lookups %s", bad,
	      RANDOM_LOOKUPS, family == AF_INET ? '4' : '6', phase);
	st->cases += RANDOM_LOOKUPS - 1;
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

static void random_run(struct st *st, u8 family)
{
	unsigned int bits = family_bits(family), i, dup = 0, bad = 0;
	struct dpubgp_prefix bases[RANDOM_BASES];
	struct ref_entry *e;
	int err;

	for (i = 0; i < RANDOM_BASES; i++) {
		bases[i].family = family;
		prandom_bytes_state(&st->rnd, bases[i].addr.bytes, 16);
		bases[i].len = bits;
		mask(&bases[i]);
	}

	mutex_lock(&st->lock);
	for (i = 0; i < RANDOM_PREFIXES; i++) {
		e = &st->ref.e[st->ref.n];
		random_prefix(st, bases, family, &e->prefix);
		e->value = V(st->ref.n + 1);
		err = dpubgp_lpm_insert(&st->lpm, &e->prefix, e->value,
					&st->lock);
		if (err == -EEXIST && ref_has(&st->ref, &e->prefix)) {
			dup++;
			continue;
		}
		if (err)
			bad++;
		e->present = true;
		st->ref.n++;
	}
	mutex_unlock(&st->lock);
	check(st, !bad, "%u of %u random IPv%c inserts", bad, RANDOM_PREFIXES,
	      family == AF_INET ? '4' : '6');

	random_lookups(st, bases, family, "after inserts");
	random_walk(st, family);

	mutex_lock(&st->lock);
	bad = 0;
	for (i = 0; i < st->ref.n; i++) {
		e = &st->ref.e[i];
		if (!e->present || e->prefix.family != family ||
		    prandom_u32_state(&st->rnd) % 2)
			continue;
		if (dpubgp_lpm_remove(&st->lpm, &e->prefix, &st->lock) !=
		    e->value)
			bad++;
		e->present = false;
		if (dpubgp_lpm_exact(&st->lpm, &e->prefix, &st->lock))
			bad++;
	}
	mutex_unlock(&st->lock);
	check(st, !bad, "%u random IPv%c removals", bad,
	      family == AF_INET ? '4' : '6');

	random_lookups(st, bases, family, "after removals");
	random_walk(st, family);
}

/* Returns 0 if every case passed, else -EINVAL; logs one line either way. */
int dpubgp_lpm_selftest(void)
{
	u64 seed = get_random_u64();
	struct st *st;
	int ret;

	st = kzalloc(sizeof(*st), GFP_KERNEL);
	if (!st)
		return -ENOMEM;
	st->ref.e = kvcalloc(2 * RANDOM_PREFIXES, sizeof(*st->ref.e),
			     GFP_KERNEL);
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
