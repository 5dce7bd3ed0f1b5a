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
 */

#include "lpm.h"

#include <linux/bitops.h>
#include <linux/errno.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/string.h>

#define LPM_MAX_BITS	128

/* Lookups touch child, value, cidr and key, which share the first cache
 * line; the rcu_head is needed only to free the node.
 */
struct dpubgp_lpm_node {
	struct dpubgp_lpm_node __rcu *child[2];
	void __rcu *value;
	u8 cidr;
	u8 key[16];		/* host bits beyond cidr clear */
	struct rcu_head rcu;
};

static struct kmem_cache *node_cache __read_mostly;

#define deref_locked(p, lock) \
	rcu_dereference_protected(p, lockdep_is_held(lock))

static unsigned int max_bits(u8 family)
{
	return family == AF_INET ? 32 : LPM_MAX_BITS;
}

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

void dpubgp_lpm_init_table(struct dpubgp_lpm *lpm)
{
	RCU_INIT_POINTER(lpm->root4, NULL);
	RCU_INIT_POINTER(lpm->root6, NULL);
}

/* The slot that points at the node of exactly p, or at the NULL or the
 * node where it would be inserted; *parent_slot gets the slot of that
 * node's parent (NULL at the root).
 */
static struct dpubgp_lpm_node __rcu **
find_slot(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
	  struct dpubgp_lpm_node __rcu ***parent_slot, struct mutex *lock)
{
	struct dpubgp_lpm_node __rcu **slot = root_of(lpm, p->family);
	struct dpubgp_lpm_node *node;

	if (parent_slot)
		*parent_slot = NULL;
	while ((node = deref_locked(*slot, lock)) && node->cidr < p->len &&
	       node_covers(node, p->addr.bytes)) {
		if (parent_slot)
			*parent_slot = slot;
		slot = &node->child[bit_at(p->addr.bytes, node->cidr)];
	}
	return slot;
}

static struct dpubgp_lpm_node *find_exact(struct dpubgp_lpm *lpm,
					  const struct dpubgp_prefix *p,
					  struct mutex *lock)
{
	struct dpubgp_lpm_node *node;

	node = deref_locked(*find_slot(lpm, p, NULL, lock), lock);
	if (node && node->cidr == p->len && node_covers(node, p->addr.bytes))
		return node;
	return NULL;
}

/* Add p with value (not NULL). Returns 0, -EEXIST or -ENOMEM. */
int dpubgp_lpm_insert(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
		      void *value, struct mutex *lock)
{
	struct dpubgp_lpm_node __rcu **slot = find_slot(lpm, p, NULL, lock);
	struct dpubgp_lpm_node *node = deref_locked(*slot, lock);
	struct dpubgp_lpm_node *leaf, *glue;
	unsigned int common;

	if (!node) {
		leaf = node_new(p->addr.bytes, p->len, value);
		if (!leaf)
			return -ENOMEM;
		rcu_assign_pointer(*slot, leaf);
		return 0;
	}

	/* node does not cover p, or is at least as long: they part at common. */
	common = common_bits(node->key, p->addr.bytes,
			     min_t(unsigned int, node->cidr, p->len));
	if (common == node->cidr && node->cidr == p->len) {
		if (rcu_access_pointer(node->value))
			return -EEXIST;
		rcu_assign_pointer(node->value, value);
		return 0;
	}

	leaf = node_new(p->addr.bytes, p->len, value);
	if (!leaf)
		return -ENOMEM;
	if (common == p->len) {
		/* p covers node: p goes in between. */
		RCU_INIT_POINTER(leaf->child[bit_at(node->key, p->len)], node);
		rcu_assign_pointer(*slot, leaf);
		return 0;
	}

	glue = node_new(p->addr.bytes, common, NULL);
	if (!glue) {
		kmem_cache_free(node_cache, leaf);
		return -ENOMEM;
	}
	RCU_INIT_POINTER(glue->child[bit_at(p->addr.bytes, common)], leaf);
	RCU_INIT_POINTER(glue->child[bit_at(node->key, common)], node);
	rcu_assign_pointer(*slot, glue);
	return 0;
}

/* Store value (not NULL) at p if p is in the table; returns the old value,
 * or NULL if p is not there.
 */
void *dpubgp_lpm_replace(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
			 void *value, struct mutex *lock)
{
	struct dpubgp_lpm_node *node = find_exact(lpm, p, lock);
	void *old = node ? deref_locked(node->value, lock) : NULL;

	if (old)
		rcu_assign_pointer(node->value, value);
	return old;
}

/* Unlink the node in slot if it has no value and fewer than two children,
 * putting its child, if any, in its place.
 */
static void prune(struct dpubgp_lpm_node __rcu **slot, struct mutex *lock)
{
	struct dpubgp_lpm_node *node = deref_locked(*slot, lock);
	struct dpubgp_lpm_node *c0, *c1;

	if (rcu_access_pointer(node->value))
		return;
	c0 = deref_locked(node->child[0], lock);
	c1 = deref_locked(node->child[1], lock);
	if (c0 && c1)
		return;
	rcu_assign_pointer(*slot, c0 ?: c1);
	call_rcu(&node->rcu, node_free_rcu);
}

/* Remove p; returns its value, or NULL if p is not in the table. */
void *dpubgp_lpm_remove(struct dpubgp_lpm *lpm,
			const struct dpubgp_prefix *p, struct mutex *lock)
{
	struct dpubgp_lpm_node __rcu **slot, **parent_slot;
	struct dpubgp_lpm_node *node;
	void *value;

	slot = find_slot(lpm, p, &parent_slot, lock);
	node = deref_locked(*slot, lock);
	if (!node || node->cidr != p->len || !node_covers(node, p->addr.bytes))
		return NULL;
	value = deref_locked(node->value, lock);
	if (!value)
		return NULL;

	RCU_INIT_POINTER(node->value, NULL);
	prune(slot, lock);
	/* A parent without value had two children: now it may have one. */
	if (parent_slot)
		prune(parent_slot, lock);
	return value;
}

/* The value stored at exactly p, or NULL. */
void *dpubgp_lpm_exact(struct dpubgp_lpm *lpm,
		       const struct dpubgp_prefix *p, struct mutex *lock)
{
	struct dpubgp_lpm_node *node = find_exact(lpm, p, lock);

	return node ? deref_locked(node->value, lock) : NULL;
}

/* Under rcu_read_lock(): the value of the longest prefix that covers addr
 * (4 or 16 bytes, network order), or NULL.
 */
void *dpubgp_lpm_lookup(struct dpubgp_lpm *lpm, u8 family, const void *addr)
{
	struct dpubgp_lpm_node *node;
	void *best = NULL, *value;
	unsigned int bits = max_bits(family);

	node = rcu_dereference(*root_of(lpm, family));
	while (node && node_covers(node, addr)) {
		value = rcu_dereference(node->value);
		if (value)
			best = value;
		if (node->cidr == bits)
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
	node = deref_locked(*root_of(lpm, family), lock);
	if (node)
		stack[depth++] = node;
	while (depth) {
		node = stack[--depth];
		vs = after ? subtree_vs(node, after) : 1;
		if (vs < 0)
			continue;
		value = deref_locked(node->value, lock);
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
			c = deref_locked(node->child[i], lock);
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

	node = deref_locked(*slot, lock);
	RCU_INIT_POINTER(*slot, NULL);
	if (node)
		stack[depth++] = node;
	while (depth) {
		node = stack[--depth];
		for (i = 0; i < 2; i++) {
			c = deref_locked(node->child[i], lock);
			if (c)
				stack[depth++] = c;
		}
		call_rcu(&node->rcu, node_free_rcu);
	}
}

/* Empty the table; the values are the caller's to free. */
void dpubgp_lpm_free(struct dpubgp_lpm *lpm, struct mutex *lock)
{
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
