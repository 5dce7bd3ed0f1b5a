/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_LPM_H
#define _DPUBGP_LPM_H

#include <linux/in6.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

/* An RCU pointer read by the writer, which holds lock. */
#define dpubgp_deref_locked(p, lock) \
	rcu_dereference_protected(p, lockdep_is_held(lock))

/* An address prefix in network byte order, host bits clear. */
struct dpubgp_prefix {
	union {
		__be32 ip;
		struct in6_addr ip6;
		u8 bytes[16];
	} addr;
	u8 family;		/* AF_INET or AF_INET6 */
	u8 len;
};

struct dpubgp_lpm_node;
struct dpubgp_lpm_dir;

/* A longest-prefix-match table of IPv4 and IPv6 prefixes, each prefix
 * holding one non-NULL pointer of the caller's. Readers run under
 * rcu_read_lock(); writers hold the mutex they pass in, the same one for
 * every call on a table. The members are the table's own (see lpm.c).
 */
struct dpubgp_lpm {
	struct dpubgp_lpm_node __rcu *root4;
	struct dpubgp_lpm_node __rcu *root6;
	struct dpubgp_lpm_dir __rcu *dir4;	/* large IPv4 tables only */
	unsigned int count4;			/* IPv4 prefixes */
	unsigned int dir_min[2];	/* count4 from which dir4 has 16, 20 bits */
};

/* Returns non-zero to stop the walk. */
typedef int (*dpubgp_lpm_walk_fn)(const struct dpubgp_prefix *prefix,
				  void *value, void *arg);

bool dpubgp_prefix_canonical(const struct dpubgp_prefix *p);

void dpubgp_lpm_init_table(struct dpubgp_lpm *lpm);
int dpubgp_lpm_insert(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
		      void *value, struct mutex *lock);
void *dpubgp_lpm_replace(struct dpubgp_lpm *lpm, const struct dpubgp_prefix *p,
			 void *value, struct mutex *lock);
void *dpubgp_lpm_remove(struct dpubgp_lpm *lpm,
			const struct dpubgp_prefix *p, struct mutex *lock);
void *dpubgp_lpm_exact(struct dpubgp_lpm *lpm,
		       const struct dpubgp_prefix *p, struct mutex *lock);
void *dpubgp_lpm_lookup(struct dpubgp_lpm *lpm, u8 family, const void *addr);
int dpubgp_lpm_walk(struct dpubgp_lpm *lpm, u8 family,
		    const struct dpubgp_prefix *after, dpubgp_lpm_walk_fn fn,
		    void *arg, struct mutex *lock);
void dpubgp_lpm_free(struct dpubgp_lpm *lpm, struct mutex *lock);

#ifdef DPUBGP_TEST
int dpubgp_lpm_selftest(void);
/* For the self-test: the bits of a table's directory (0: none), and the
 * IPv4 table size from which it builds one of @bits bits.
 */
unsigned int dpubgp_lpm_dir_bits(struct dpubgp_lpm *lpm, struct mutex *lock);
void dpubgp_lpm_set_dir_min(struct dpubgp_lpm *lpm, unsigned int bits,
			    unsigned int min, struct mutex *lock);
#else
static inline int dpubgp_lpm_selftest(void)
{
	return 0;
}
#endif

int dpubgp_lpm_init(void);
void dpubgp_lpm_exit(void);

#endif /* _DPUBGP_LPM_H */
