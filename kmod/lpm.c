// SPDX-License-Identifier: GPL-2.0
/*
 * Longest-prefix match over IPv4 and IPv6: a path-compressed binary trie.
 *
 * Invariant: a node stands for the prefix of its first cidr bits, and each
 * child extends its parent's prefix, child[b] by bit b at position cidr.
 * Path compression skips bits no two prefixes disagree on, so a node has a
 * value (it is a stored prefix) or two children (it is where two stored
 * prefixes part); a node with neither is never left in the trie. A lookup
 * therefore visits at most one node per distinct prefix length on its
 * path, 33 or 129 nodes whatever the number of prefixes, and the trie holds
 * fewer than two nodes per prefix.
 *
 * Readers walk the trie under RCU without a lock: a writer fills a node
 * before publishing it, changes a live trie by single pointer stores, and
 * frees an unlinked node only after a grace period, so a reader sees every
 * node whole and finds each prefix other than the one being changed.
 *
 * A large IPv4 table also gets a directory indexed by the first bits
 * of the address (16 from 8192 prefixes, 20 from 262144): a lookup starts
 * at its slot instead of the root, so a million prefixes cost it a node
 * or two, not twenty. A slot is a cache of the walk every address of the
 * slot's /bits shares: the best value among the nodes shorter than bits
 * on that path, and the node the path goes on to. The trie stays the
 * truth: a writer that changes a node or a child pointer standing for a
 * prefix of bits or fewer refills the slots under it before it frees
 * anything, so a slot never leads to a freed node. The directory costs
 * 1 MiB (16 MiB with 20 bits, an eighth of what the trie takes at a
 * million prefixes), which only tables dense enough to need it pay; it
 * shrinks or goes when the table falls to half the size that built it.
 */

#include "lpm.h"

#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/inetdevice.h>
#include <linux/lockdep.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>
#include <net/ipv6.h>

#define LPM_MAX_BITS	128

/* Directory sizes in bits, and the IPv4 table sizes that build them (a
 * table's dir_min, which only the self-test changes).
 */
static const unsigned int dir_bits[] = { 16, 20 };
static const unsigned int dir_min[] = { 8192, 262144 };

/* Lookups touch child, value, key and cidr, which share the first cache
 * line; the rcu_head is needed only to free the node. key4 lets IPv4
 * compare whole keys as one word.
 */
struct dpubgp_lpm_node {
	struct dpubgp_lpm_node __rcu *child[2];
	void __rcu *value;
	union {
		u8 key[16];	/* host bits beyond cidr clear */
		__be32 key4;
	};
	u8 cidr;
	struct rcu_head rcu;
};

struct dpubgp_lpm_slot {
	struct dpubgp_lpm_node __rcu *node;
	void __rcu *best;
};

struct dpubgp_lpm_dir {
	struct rcu_head rcu;
	unsigned int bits;
	struct dpubgp_lpm_slot slot[];	/* 1 << bits */
};

/* Where find_slot() stopped: the child pointer it ended at and the one
 * before it, each with the length of the prefix it stands for (its
 * owner's cidr plus one, 0 for the root).
 */
struct lpm_pos {
	struct dpubgp_lpm_node __rcu **slot, **parent_slot;
	unsigned int len, parent_len;
};

static struct kmem_cache *node_cache __read_mostly;

static struct dpubgp_lpm_node __rcu **
root_of(struct dpubgp_lpm *lpm, u8 family)
{
	return family == AF_INET ? &lpm->root4 : &lpm->root6;
}

static unsigned int bit_at(const u8 *key, unsigned int i)
{
	return (key[i / 8] >> (7 - i % 8)) & 1;
}

/* How many leading bits of a and b agree, at most n. */
static unsigned int common_bits(const u8 *a, const u8 *b, unsigned int n)
{
	unsigned int i, bits;
	u8 diff;

	for (i = 0; i * 8 < n; i++) {
		diff = a[i] ^ b[i];
		if (diff) {
			bits = i * 8 + 7 - __fls(diff);
			return min(bits, n);
		}
	}
	return n;
}

static bool node_covers(const struct dpubgp_lpm_node *node, const u8 *key)
{
	return common_bits(node->key, key, node->cidr) == node->cidr;
}

/* IPv4 in host order: no byte loop, one mask per node. */
static bool covers4(const struct dpubgp_lpm_node *node, u32 addr)
{
	/* A 64-bit shift: cidr 0 gives an empty mask. */
	u32 mask = (u32)(~0ULL << (32 - node->cidr));

	return !((addr ^ be32_to_cpu(node->key4)) & mask);
}

static unsigned int bit4(u32 addr, unsigned int i)
{
	return (addr >> (31 - i)) & 1;
}

/* The first cidr bits of key, the rest clear. */
static void copy_prefix(u8 *dst, const u8 *key, unsigned int cidr)
{
	unsigned int bytes = DIV_ROUND_UP(cidr, 8);

	memset(dst, 0, 16);
	memcpy(dst, key, bytes);
	if (cidr % 8)
		dst[bytes - 1] &= 0xff << (8 - cidr % 8);
}

static struct dpubgp_lpm_node *node_new(const u8 *key, unsigned int cidr,
					void *value)
{
	struct dpubgp_lpm_node *node;

	node = kmem_cache_zalloc(node_cache, GFP_KERNEL);
	if (!node)
		return NULL;
	node->cidr = cidr;
	copy_prefix(node->key, key, cidr);
	RCU_INIT_POINTER(node->value, value);
	return node;
}

static void node_free_rcu(struct rcu_head *rcu)
{
	kmem_cache_free(node_cache,
			container_of(rcu, struct dpubgp_lpm_node, rcu));
}

/* Whether the host bits of @p, beyond its length, are all clear. */
bool dpubgp_prefix_canonical(const struct dpubgp_prefix *p)
{
	struct in6_addr net6;

	if (p->family == AF_INET)
		return !(p->addr.ip & ~inet_make_mask(p->len));

	ipv6_addr_prefix(&net6, &p->addr.ip6, p->len);
	return ipv6_addr_equal(&net6, &p->addr.ip6);
}

void dpubgp_lpm_init_table(struct dpubgp_lpm *lpm)
{
	RCU_INIT_POINTER(lpm->root4, NULL);
	RCU_INIT_POINTER(lpm->root6, NULL);
	RCU_INIT_POINTER(lpm->dir4, NULL);
	lpm->count4 = 0;
	BUILD_BUG_ON(sizeof(lpm->dir_min) != sizeof(dir_min));
	memcpy(lpm->dir_min, dir_min, sizeof(dir_min));
}

/* The shared walk of the addresses of slot s, down to the first node of
 * dir->bits bits or more (or one that does not cover them).
 */
static void slot_fill(struct dpubgp_lpm *lpm, struct dpubgp_lpm_dir *dir,
		      unsigned int s, struct mutex *lock)
{
	struct dpubgp_lpm_node *node = dpubgp_deref_locked(lpm->root4, lock);
	u32 addr = s << (32 - dir->bits);
	void *best = NULL, *value;

	while (node && node->cidr < dir->bits && covers4(node, addr)) {
		value = dpubgp_deref_locked(node->value, lock);
		if (value)
			best = value;
		node = dpubgp_deref_locked(node->child[bit4(addr, node->cidr)], lock);
	}
	rcu_assign_pointer(dir->slot[s].node, node);
	rcu_assign_pointer(dir->slot[s].best, best);
}

static void dir_fill(struct dpubgp_lpm *lpm, struct dpubgp_lpm_dir *dir,
		     unsigned int first, unsigned int n, struct mutex *lock)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		slot_fill(lpm, dir, first + i, lock);
		if (i % 4096 == 4095)
			cond_resched();	/* up to 1 << 20 walks */
	}
}

/* Refill the slots under the first len bits of p after a change there. */
static void dir_fix(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
		    unsigned int len, struct mutex *lock)
{
	struct dpubgp_lpm_dir *dir = dpubgp_deref_locked(lpm->dir4, lock);
	unsigned int n;

	if (!dir || p->family != AF_INET || len > dir->bits)
		return;
	n = 1U << (dir->bits - len);
	dir_fill(lpm, dir, (be32_to_cpu(p->addr.ip) >> (32 - dir->bits)) &
		 ~(n - 1), n, lock);
}

/* The directory bits the table should have, given the bits it has: the
 * largest size it reached, until it halves.
 */
static unsigned int dir_want(const struct dpubgp_lpm *lpm, unsigned int cur)
{
	unsigned int count = lpm->count4;
	int i;

	for (i = ARRAY_SIZE(dir_bits) - 1; i >= 0; i--)
		if (count >= lpm->dir_min[i] ||
		    (cur >= dir_bits[i] && count >= lpm->dir_min[i] / 2))
			return dir_bits[i];
	return 0;
}

/* Build, resize or drop the directory as the table grows and shrinks;
 * without one lookups start at the root, so a failed allocation costs
 * only speed.
 */
static void dir_resize(struct dpubgp_lpm *lpm, struct mutex *lock)
{
	struct dpubgp_lpm_dir *old = dpubgp_deref_locked(lpm->dir4, lock), *dir = NULL;
	unsigned int bits = dir_want(lpm, old ? old->bits : 0);

	if (bits == (old ? old->bits : 0))
		return;
	if (bits) {
		dir = kvzalloc(struct_size(dir, slot, 1U << bits),
			       GFP_KERNEL | __GFP_NOWARN);
		if (!dir)
			return;
		dir->bits = bits;
		dir_fill(lpm, dir, 0, 1U << bits, lock);
	}
	rcu_assign_pointer(lpm->dir4, dir);
	if (old)
		kvfree_rcu(old, rcu);
}

#ifdef DPUBGP_TEST
unsigned int dpubgp_lpm_dir_bits(struct dpubgp_lpm *lpm, struct mutex *lock)
{
	struct dpubgp_lpm_dir *dir = dpubgp_deref_locked(lpm->dir4, lock);

	return dir ? dir->bits : 0;
}

void dpubgp_lpm_set_dir_min(struct dpubgp_lpm *lpm, unsigned int bits,
			    unsigned int min, struct mutex *lock)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dir_bits); i++)
		if (dir_bits[i] == bits)
			lpm->dir_min[i] = min;
	dir_resize(lpm, lock);
}
#endif

/* A value added (+1) or removed (-1) at p. */
static void count(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
		  int delta, struct mutex *lock)
{
	if (p->family != AF_INET)
		return;
	lpm->count4 += delta;
	dir_resize(lpm, lock);
}

/* Find the slot that points at the node of exactly p, or at the NULL or
 * the node where it would be inserted, and the slot of that node's parent
 * (NULL at the root).
 */
static void find_slot(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
		      struct lpm_pos *pos, struct mutex *lock)
{
	struct dpubgp_lpm_node *node;

	*pos = (struct lpm_pos){ .slot = root_of(lpm, p->family) };
	while ((node = dpubgp_deref_locked(*pos->slot, lock)) && node->cidr < p->len &&
	       node_covers(node, p->addr.bytes)) {
		pos->parent_slot = pos->slot;
		pos->parent_len = pos->len;
		pos->slot = &node->child[bit_at(p->addr.bytes, node->cidr)];
		pos->len = node->cidr + 1;
	}
}

static struct dpubgp_lpm_node *find_exact(struct dpubgp_lpm *lpm,
					  const struct dpubgp_prefix *p,
					  struct mutex *lock)
{
	struct dpubgp_lpm_node *node;
	struct lpm_pos pos;

	find_slot(lpm, p, &pos, lock);
	node = dpubgp_deref_locked(*pos.slot, lock);
	if (node && node->cidr == p->len && node_covers(node, p->addr.bytes))
		return node;
	return NULL;
}

/* Link p with value (not NULL) into the trie; returns the length of the
 * prefix the change stands for (see dir_fix()), or -EEXIST or -ENOMEM.
 */
static int link_prefix(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
		       void *value, struct mutex *lock)
{
	struct dpubgp_lpm_node *node, *leaf, *glue;
	unsigned int common;
	struct lpm_pos pos;

	find_slot(lpm, p, &pos, lock);
	node = dpubgp_deref_locked(*pos.slot, lock);
	if (!node) {
		leaf = node_new(p->addr.bytes, p->len, value);
		if (!leaf)
			return -ENOMEM;
		rcu_assign_pointer(*pos.slot, leaf);
		return pos.len;
	}

	/* node does not cover p, or is at least as long: they part at common. */
	common = common_bits(node->key, p->addr.bytes,
			     min_t(unsigned int, node->cidr, p->len));
	if (common == node->cidr && node->cidr == p->len) {
		if (rcu_access_pointer(node->value))
			return -EEXIST;
		rcu_assign_pointer(node->value, value);
		return p->len;
	}

	leaf = node_new(p->addr.bytes, p->len, value);
	if (!leaf)
		return -ENOMEM;
	if (common == p->len) {
		/* p covers node: p goes in between. */
		RCU_INIT_POINTER(leaf->child[bit_at(node->key, p->len)], node);
		rcu_assign_pointer(*pos.slot, leaf);
		return pos.len;
	}

	glue = node_new(p->addr.bytes, common, NULL);
	if (!glue) {
		kmem_cache_free(node_cache, leaf);
		return -ENOMEM;
	}
	RCU_INIT_POINTER(glue->child[bit_at(p->addr.bytes, common)], leaf);
	RCU_INIT_POINTER(glue->child[bit_at(node->key, common)], node);
	rcu_assign_pointer(*pos.slot, glue);
	return pos.len;
}

/* Add p with value (not NULL). Returns 0, -EEXIST or -ENOMEM. */
int dpubgp_lpm_insert(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
		      void *value, struct mutex *lock)
{
	int len = link_prefix(lpm, p, value, lock);

	if (len < 0)
		return len;
	dir_fix(lpm, p, len, lock);
	count(lpm, p, 1, lock);
	return 0;
}

/* Store value (not NULL) at p if p is in the table; returns the old value,
 * or NULL if p is not there.
 */
void *dpubgp_lpm_replace(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
			 void *value, struct mutex *lock)
{
	struct dpubgp_lpm_node *node = find_exact(lpm, p, lock);
	void *old = node ? dpubgp_deref_locked(node->value, lock) : NULL;

	if (old) {
		rcu_assign_pointer(node->value, value);
		dir_fix(lpm, p, p->len, lock);
	}
	return old;
}

/* Unlink the node in slot if it has no value and fewer than two children,
 * putting its child, if any, in its place; returns it, for the caller to
 * free once the directory no longer leads to it.
 */
static struct dpubgp_lpm_node *prune(struct dpubgp_lpm_node __rcu **slot,
				     struct mutex *lock)
{
	struct dpubgp_lpm_node *node = dpubgp_deref_locked(*slot, lock);
	struct dpubgp_lpm_node *c0, *c1;

	if (rcu_access_pointer(node->value))
		return NULL;
	c0 = dpubgp_deref_locked(node->child[0], lock);
	c1 = dpubgp_deref_locked(node->child[1], lock);
	if (c0 && c1)
		return NULL;
	rcu_assign_pointer(*slot, c0 ?: c1);
	return node;
}

/* Remove p; returns its value, or NULL if p is not in the table. */
void *dpubgp_lpm_remove(struct dpubgp_lpm *lpm,
			const struct dpubgp_prefix *p, struct mutex *lock)
{
	struct dpubgp_lpm_node *node, *gone[2] = {};
	unsigned int len = p->len, i;
	struct lpm_pos pos;
	void *value;

	find_slot(lpm, p, &pos, lock);
	node = dpubgp_deref_locked(*pos.slot, lock);
	if (!node || node->cidr != p->len || !node_covers(node, p->addr.bytes))
		return NULL;
	value = dpubgp_deref_locked(node->value, lock);
	if (!value)
		return NULL;

	RCU_INIT_POINTER(node->value, NULL);
	gone[0] = prune(pos.slot, lock);
	if (gone[0])
		len = pos.len;
	/* A parent without value had two children: now it may have one. */
	if (pos.parent_slot) {
		gone[1] = prune(pos.parent_slot, lock);
		if (gone[1])
			len = pos.parent_len;
	}
	dir_fix(lpm, p, len, lock);
	for (i = 0; i < ARRAY_SIZE(gone); i++)
		if (gone[i])
			call_rcu(&gone[i]->rcu, node_free_rcu);
	count(lpm, p, -1, lock);
	return value;
}

/* The value stored at exactly p, or NULL. */
void *dpubgp_lpm_exact(struct dpubgp_lpm *lpm,
		       const struct dpubgp_prefix *p, struct mutex *lock)
{
	struct dpubgp_lpm_node *node = find_exact(lpm, p, lock);

	return node ? dpubgp_deref_locked(node->value, lock) : NULL;
}

static void *lookup4(struct dpubgp_lpm *lpm, u32 addr)
{
	struct dpubgp_lpm_dir *dir = rcu_dereference(lpm->dir4);
	struct dpubgp_lpm_node *node;
	void *best = NULL, *value;

	if (dir) {
		struct dpubgp_lpm_slot *slot;

		slot = &dir->slot[addr >> (32 - dir->bits)];
		node = rcu_dereference(slot->node);
		best = rcu_dereference(slot->best);
	} else {
		node = rcu_dereference(lpm->root4);
	}
	while (node && covers4(node, addr)) {
		value = rcu_dereference(node->value);
		if (value)
			best = value;
		if (node->cidr == 32)
			break;
		node = rcu_dereference(node->child[bit4(addr, node->cidr)]);
	}
	return best;
}

/* Under rcu_read_lock(): the value of the longest prefix that covers addr
 * (4 or 16 bytes, network order), or NULL.
 */
void *dpubgp_lpm_lookup(struct dpubgp_lpm *lpm, u8 family, const void *addr)
{
	struct dpubgp_lpm_node *node;
	void *best = NULL, *value;
	__be32 addr4;

	if (family == AF_INET) {
		memcpy(&addr4, addr, sizeof(addr4));	/* may be unaligned */
		return lookup4(lpm, be32_to_cpu(addr4));
	}

	node = rcu_dereference(lpm->root6);
	while (node && node_covers(node, addr)) {
		value = rcu_dereference(node->value);
		if (value)
			best = value;
		if (node->cidr == LPM_MAX_BITS)
			break;
		node = rcu_dereference(node->child[bit_at(addr, node->cidr)]);
	}
	return best;
}

/* Where the prefixes of node's subtree stand against after, in walk order
 * (a prefix before its extensions, else by the first bit they differ in):
 * -1 all before or equal, 1 all after, 0 node itself is not after but
 * some of its extensions may be.
 */
static int subtree_vs(const struct dpubgp_lpm_node *node,
		      const struct dpubgp_prefix *after)
{
	unsigned int n = min_t(unsigned int, node->cidr, after->len);
	unsigned int common = common_bits(node->key, after->addr.bytes, n);

	if (common < n)
		return bit_at(node->key, common) <
		       bit_at(after->addr.bytes, common) ? -1 : 1;
	return node->cidr <= after->len ? 0 : 1;
}

/* Call fn on every prefix of family in order, or only on those that come
 * after the prefix "after" if that is not NULL (it need not be in the
 * table), until fn returns non-zero, which is returned. Under the writer
 * lock: fn may not change the table.
 */
int dpubgp_lpm_walk(struct dpubgp_lpm *lpm, u8 family,
		    const struct dpubgp_prefix *after, dpubgp_lpm_walk_fn fn,
		    void *arg, struct mutex *lock)
{
	/* Preorder: a node's pending right siblings along its path, one per
	 * level at most.
	 */
	struct dpubgp_lpm_node *stack[LPM_MAX_BITS + 2];
	struct dpubgp_lpm_node *node, *c;
	struct dpubgp_prefix p = { .family = family };
	unsigned int depth = 0;
	void *value;
	int vs, ret, i;

	if (after && after->family != family)
		after = NULL;
	node = dpubgp_deref_locked(*root_of(lpm, family), lock);
	if (node)
		stack[depth++] = node;
	while (depth) {
		node = stack[--depth];
		vs = after ? subtree_vs(node, after) : 1;
		if (vs < 0)
			continue;
		value = dpubgp_deref_locked(node->value, lock);
		if (vs > 0 && value) {
			memcpy(p.addr.bytes, node->key, sizeof(node->key));
			p.len = node->cidr;
			ret = fn(&p, value, arg);
			if (ret)
				return ret;
		}
		if (vs > 0)
			after = NULL;	/* the rest is all after */
		for (i = 1; i >= 0; i--) {
			c = dpubgp_deref_locked(node->child[i], lock);
			if (c)
				stack[depth++] = c;
		}
	}
	return 0;
}

static void free_subtree(struct dpubgp_lpm_node __rcu **slot,
			 struct mutex *lock)
{
	struct dpubgp_lpm_node *stack[LPM_MAX_BITS + 2];
	struct dpubgp_lpm_node *node, *c;
	unsigned int depth = 0;
	int i;

	node = dpubgp_deref_locked(*slot, lock);
	RCU_INIT_POINTER(*slot, NULL);
	if (node)
		stack[depth++] = node;
	while (depth) {
		node = stack[--depth];
		for (i = 0; i < 2; i++) {
			c = dpubgp_deref_locked(node->child[i], lock);
			if (c)
				stack[depth++] = c;
		}
		call_rcu(&node->rcu, node_free_rcu);
	}
}

/* Empty the table; the values are the caller's to free. */
void dpubgp_lpm_free(struct dpubgp_lpm *lpm, struct mutex *lock)
{
	lpm->count4 = 0;
	dir_resize(lpm, lock);	/* before the nodes it leads to go */
	free_subtree(&lpm->root4, lock);
	free_subtree(&lpm->root6, lock);
}

int __init dpubgp_lpm_init(void)
{
	node_cache = KMEM_CACHE(dpubgp_lpm_node, 0);
	return node_cache ? 0 : -ENOMEM;
}

/* After rcu_barrier(): no node may be waiting for its grace period. */
void dpubgp_lpm_exit(void)
{
	kmem_cache_destroy(node_cache);
}
