// SPDX-License-Identifier: GPL-2.0
/*
 * Lookup benchmark: the port tables against the kernel's FIB, on the same
 * prefixes, in the same run. Loaded with bench=1, the module's test
 * variant (see Kbuild) offers debugfs dpubgp/lpm_bench. Writing "IFINDEX
 * FAMILY LOOKUPS" (FAMILY 4 or 6) in a network namespace whose port
 * IFINDEX holds tenant routes and whose main table holds the same
 * prefixes (bench/kernel.sh loads both) draws LOOKUPS addresses, each
 * inside a random one of the port's prefixes, and times looking all of
 * them up
 *   - in the port's table: dpubgp_lpm_lookup(), what hooks.c calls;
 *   - in the main table: fib_table_lookup() for IPv4, the table lookup
 *     under ip_route_input (no rules, no dst); ip6_pol_route() for IPv6,
 *     the table lookup under ip6_route_input with the per-CPU dst it
 *     takes and releases (fib6_table_lookup() is not exported);
 * in turns of 4096 lookups, twice, to warm the caches, the second timed.
 * Changes to the namespace's ports and routes wait for the run to end.
 * Reading the file gives the last result as key=value.
 */

#include "bench.h"
#include "netns.h"
#include "port.h"
#include "route.h"

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/ktime.h>
#include <linux/moduleparam.h>
#include <linux/nsproxy.h>
#include <linux/prandom.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ip_fib.h>
#include <net/net_namespace.h>

#define BENCH_MAX_LOOKUPS	(16U * 1024 * 1024)
#define BENCH_CHUNK		4096	/* lookups between reschedules */

static bool bench;
module_param(bench, bool, 0444);
MODULE_PARM_DESC(bench, "Offer the lookup benchmark in debugfs dpubgp/lpm_bench (see bench/)");

static struct dentry *bench_dir;
static DEFINE_MUTEX(bench_lock);	/* runs one at a time, and result */
static char result[256];

struct prefixes {
	struct dpubgp_prefix *p;
	unsigned int n, room;
};

static int collect(const struct dpubgp_prefix *prefix, void *value, void *arg)
{
	struct prefixes *ps = arg;

	if (ps->n == ps->room)
		return -ENOSPC;
	ps->p[ps->n++] = *prefix;
	return 0;
}

/* An address inside @p: its bits, and random host bits. */
static void draw(const struct dpubgp_prefix *p, u8 *addr, unsigned int bytes,
		 struct rnd_state *rnd)
{
	unsigned int i;
	u8 keep;

	prandom_bytes_state(rnd, addr, bytes);
	for (i = 0; i < bytes; i++) {
		if (i * 8 + 8 <= p->len)
			keep = 0xff;
		else if (i * 8 >= p->len)
			keep = 0;
		else
			keep = 0xff << (8 - p->len % 8);
		addr[i] = (p->addr.bytes[i] & keep) | (addr[i] & ~keep);
	}
}

static u64 time_lpm(struct dpubgp_lpm *lpm, u8 family, const u8 *addrs,
		    unsigned int n, unsigned int *hits)
{
	unsigned int bytes = family == AF_INET ? 4 : 16;
	unsigned int i, found = 0;
	u64 start = 0, ns = 0;

	for (i = 0; i < n; i++) {
		if (i % BENCH_CHUNK == 0) {
			if (i)
				rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
			start = ktime_get_ns();
		}
		found += !!dpubgp_lpm_lookup(lpm, family, addrs + i * bytes);
		if (i % BENCH_CHUNK == BENCH_CHUNK - 1 || i == n - 1)
			ns += ktime_get_ns() - start;
	}
	if (n)
		rcu_read_unlock();
	*hits = found;
	return ns;
}

static u64 time_fib4(struct fib_table *tb, const u8 *addrs, unsigned int n,
		     unsigned int *hits)
{
	struct fib_result res;
	unsigned int i, found = 0;
	u64 start = 0, ns = 0;

	for (i = 0; i < n; i++) {
		struct flowi4 fl4 = {
			.daddr = *(const __be32 *)(addrs + i * 4),
		};

		if (i % BENCH_CHUNK == 0) {
			if (i)
				rcu_read_unlock();
			cond_resched();
			rcu_read_lock();
			start = ktime_get_ns();
		}
		found += !fib_table_lookup(tb, &fl4, &res, FIB_LOOKUP_NOREF);
		if (i % BENCH_CHUNK == BENCH_CHUNK - 1 || i == n - 1)
			ns += ktime_get_ns() - start;
	}
	if (n)
		rcu_read_unlock();
	*hits = found;
	return ns;
}

static u64 time_fib6(struct net *net, struct fib6_table *tb, const u8 *addrs,
		     unsigned int n, unsigned int *hits)
{
	unsigned int i, found = 0;
	struct rt6_info *rt;
	u64 start = 0, ns = 0;

	for (i = 0; i < n; i++) {
		struct flowi6 fl6 = {};

		memcpy(&fl6.daddr, addrs + i * 16, 16);
		if (i % BENCH_CHUNK == 0) {
			cond_resched();
			start = ktime_get_ns();
		}
		rt = ip6_pol_route(net, tb, 0, &fl6, NULL, 0);
		found += !rt->dst.error;
		ip6_rt_put(rt);
		if (i % BENCH_CHUNK == BENCH_CHUNK - 1 || i == n - 1)
			ns += ktime_get_ns() - start;
	}
	*hits = found;
	return ns;
}

struct timing {
	u64 lpm_ns, fib_ns;
	unsigned int lpm_hits, fib_hits;
};

/* Look @n addresses up in @lpm and in the main table (@tb4 or @tb6), twice,
 * the first time to warm the caches. The two tables take turns chunk by
 * chunk, so that a change in the machine's load (a VM's host is shared)
 * hits both alike.
 */
static void time_tables(struct net *net, struct dpubgp_lpm *lpm,
			struct fib_table *tb4, struct fib6_table *tb6,
			u8 family, const u8 *addrs, unsigned int n,
			struct timing *t)
{
	unsigned int bytes = family == AF_INET ? 4 : 16;
	unsigned int hits, i, pass, chunk;

	for (pass = 0; pass < 2; pass++) {
		*t = (struct timing){};
		for (i = 0; i < n; i += chunk) {
			const u8 *a = addrs + i * bytes;

			chunk = min(n - i, BENCH_CHUNK);
			t->lpm_ns += time_lpm(lpm, family, a, chunk, &hits);
			t->lpm_hits += hits;
			if (tb4)
				t->fib_ns += time_fib4(tb4, a, chunk, &hits);
			else
				t->fib_ns += time_fib6(net, tb6, a, chunk,
						       &hits);
			t->fib_hits += hits;
		}
	}
}

static int run(struct net *net, int ifindex, u8 family, unsigned int n)
{
	unsigned int bytes = family == AF_INET ? 4 : 16;
	struct dpubgp_net *pn = dpubgp_net(net);
	struct dpubgp_port *port;
	struct prefixes ps = {};
	struct fib6_table *tb6 = NULL;
	struct fib_table *tb4 = NULL;
	struct rnd_state rnd;
	struct timing t;
	unsigned int i;
	u8 *addrs;
	int err;

	addrs = vmalloc(array_size(n, bytes));
	if (!addrs)
		return -ENOMEM;

	mutex_lock(&pn->lock);
	port = dpubgp_port_find(pn, ifindex);
	err = -ENOENT;
	if (!port)
		goto unlock;
	/* The source table holds the host prefixes too. */
	ps.room = port->n_routes + port->conf.n_hosts;
	ps.p = kvmalloc_array(ps.room, sizeof(*ps.p), GFP_KERNEL);
	err = -ENOMEM;
	if (!ps.p)
		goto unlock;
	err = dpubgp_lpm_walk(&port->src, family, NULL, collect, &ps,
			      &pn->lock);
	if (!err && !ps.n)
		err = -ENOENT;
unlock:
	mutex_unlock(&pn->lock);
	if (err)
		goto out;

	prandom_seed_state(&rnd, get_random_u64());
	for (i = 0; i < n; i++)
		draw(&ps.p[prandom_u32_state(&rnd) % ps.n], addrs + i * bytes,
		     bytes, &rnd);

	if (family == AF_INET) {
		rtnl_lock();
		tb4 = fib_new_table(net, RT_TABLE_MAIN);
		rtnl_unlock();
	} else {
		tb6 = fib6_get_table(net, RT6_TABLE_MAIN);
	}
	err = -ENOENT;
	if (!tb4 && !tb6)
		goto out;

	/* The port's table is looked up under RCU, as the hooks do, and
	 * with the writer lock held: the RCU read side is left between the
	 * chunks to reschedule, and the lock keeps the port and its routes
	 * from being freed meanwhile.
	 */
	mutex_lock(&pn->lock);
	port = dpubgp_port_find(pn, ifindex);
	if (port)
		time_tables(net, &port->src, tb4, tb6, family, addrs, n, &t);
	mutex_unlock(&pn->lock);
	err = -ENOENT;
	if (!port)
		goto out;

	mutex_lock(&bench_lock);
	snprintf(result, sizeof(result),
		 "family=%u prefixes=%u lookups=%u lpm_ns=%llu lpm_hits=%u fib_ns=%llu fib_hits=%u\n",
		 family == AF_INET ? 4 : 6, ps.n, n, t.lpm_ns, t.lpm_hits,
		 t.fib_ns, t.fib_hits);
	mutex_unlock(&bench_lock);
	err = 0;
out:
	kvfree(ps.p);
	vfree(addrs);
	return err;
}

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	unsigned int family, n;
	char buf[64];
	int ifindex, err;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	if (sscanf(buf, "%d %u %u", &ifindex, &family, &n) != 3 ||
	    (family != 4 && family != 6) || !n || n > BENCH_MAX_LOOKUPS)
		return -EINVAL;
	err = run(current->nsproxy->net_ns, ifindex,
		  family == 4 ? AF_INET : AF_INET6, n);
	return err ?: len;
}

static ssize_t bench_read(struct file *file, char __user *ubuf, size_t len,
			  loff_t *ppos)
{
	char buf[sizeof(result)];

	mutex_lock(&bench_lock);
	strscpy(buf, result, sizeof(buf));
	mutex_unlock(&bench_lock);
	return simple_read_from_buffer(ubuf, len, ppos, buf, strlen(buf));
}

static const struct file_operations bench_fops = {
	.owner = THIS_MODULE,
	.write = bench_write,
	.read = bench_read,
	.llseek = default_llseek,
};

void __init dpubgp_bench_init(void)
{
	if (!bench)
		return;
	bench_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("lpm_bench", 0600, bench_dir, NULL, &bench_fops);
}

void dpubgp_bench_exit(void)
{
	debugfs_remove(bench_dir);	/* nothing if NULL */
}
