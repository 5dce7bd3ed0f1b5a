// SPDX-License-Identifier: GPL-2.0
/*
 * The ports of a network namespace, in its port table by ifindex. netns.c
 * keeps the table in step with the devices and removes a port with its
 * routes; this file makes, changes and frees ports.
 *
 * A SET changes a published port in place, its host prefixes one by one
 * (see dpubgp_source_set_hosts()) and then its flags, so a reader may see
 * a port between the old setting and the new, never without the prefixes
 * both have. A new port is stored once it is whole. All of this under
 * dpubgp_net.lock and RTNL (see netns.c).
 */

#include "port.h"
#include "source.h"

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>

/* Under RTNL: the VRF that @dev is enslaved to, or NULL. */
struct net_device *dpubgp_port_vrf(struct net_device *dev)
{
	struct net_device *master = netdev_master_upper_dev_get(dev);

	return master && netif_is_l3_master(master) ? master : NULL;
}

/* In the hooks, with bottom halves off. */
void dpubgp_port_count_drop(struct dpubgp_port *port)
{
	struct dpubgp_port_drops *drops = this_cpu_ptr(port->drops);

	u64_stats_update_begin(&drops->syncp);
	u64_stats_inc(&drops->packets);
	u64_stats_update_end(&drops->syncp);
}

static u64 port_drops(const struct dpubgp_port *port)
{
	const struct dpubgp_port_drops *drops;
	unsigned int start;
	u64 sum = 0, n;
	int cpu;

	for_each_possible_cpu(cpu) {
		drops = per_cpu_ptr(port->drops, cpu);
		do {
			start = u64_stats_fetch_begin(&drops->syncp);
			n = u64_stats_read(&drops->packets);
		} while (u64_stats_fetch_retry(&drops->syncp, start));
		sum += n;
	}
	return sum;
}

static void port_destroy(struct dpubgp_port *port)
{
	free_percpu(port->drops);
	kfree(port);
}

static void port_free_rcu(struct rcu_head *rcu)
{
	port_destroy(container_of(rcu, struct dpubgp_port, rcu));
}

/* Free @port, out of the port table and its source table freed with its
 * routes (route.c), after the readers that found it.
 */
void dpubgp_port_free(struct dpubgp_port *port)
{
	call_rcu(&port->rcu, port_free_rcu);
}

static struct dpubgp_port *port_new(int ifindex)
{
	struct dpubgp_port *port = kzalloc(sizeof(*port), GFP_KERNEL);
	int cpu;

	if (!port)
		return NULL;
	port->drops = alloc_percpu(struct dpubgp_port_drops);
	if (!port->drops) {
		kfree(port);
		return NULL;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(port->drops, cpu)->syncp);
	port->ifindex = ifindex;
	dpubgp_lpm_init_table(&port->src);
	return port;
}

/* Create the port of @ifindex, or change it, as @conf says; the caller
 * holds RTNL and has checked that the device is enslaved to a VRF.
 * Returns 0 or -ENOMEM, leaving the port as it was.
 */
int dpubgp_port_set(struct dpubgp_net *pn, int ifindex,
		    const struct dpubgp_port_conf *conf)
{
	struct dpubgp_port *port, *fresh = NULL;
	int err;

	ASSERT_RTNL();
	mutex_lock(&pn->lock);
	port = dpubgp_port_find(pn, ifindex);
	if (!port) {
		err = -ENOMEM;
		fresh = port_new(ifindex);
		if (!fresh)
			goto out;
		/* So that storing it, once whole, cannot fail. */
		err = xa_reserve(&pn->ports, ifindex, GFP_KERNEL);
		if (err)
			goto out;
		port = fresh;
	}
	/* A new port's source table is left empty if this fails. */
	err = dpubgp_source_set_hosts(port, conf, &pn->lock);
	if (err)
		goto out;
	memcpy(port->conf.hosts, conf->hosts, sizeof(conf->hosts));
	port->conf.n_hosts = conf->n_hosts;
	WRITE_ONCE(port->conf.flags, conf->flags);
	if (fresh) {
		xa_store(&pn->ports, ifindex, fresh, GFP_KERNEL);
		fresh = NULL;
	}
	dpubgp_net_changed(pn);
out:
	if (fresh) {
		xa_release(&pn->ports, ifindex);
		port_destroy(fresh);
	}
	mutex_unlock(&pn->lock);
	return err;
}

/* Under dpubgp_net.lock: take the port of @ifindex out of the table, for
 * the caller to free; NULL if there is none.
 */
struct dpubgp_port *dpubgp_port_unlink(struct dpubgp_net *pn,
				       unsigned long ifindex)
{
	lockdep_assert_held(&pn->lock);
	return xa_erase(&pn->ports, ifindex);
}

/* Call @fn on each port from ifindex *@pos on, in order, under the lock,
 * until it returns non-zero, which is returned; *@pos is left at the port
 * @fn stopped at, and *@gen is the generation of the table walked.
 */
int dpubgp_port_walk(struct dpubgp_net *pn, unsigned long *pos, u32 *gen,
		     dpubgp_port_walk_fn fn, void *arg)
{
	struct dpubgp_port_info info;
	struct dpubgp_port *port;
	unsigned long ifindex;
	int err = 0;

	mutex_lock(&pn->lock);
	*gen = pn->gen;
	dpubgp_port_for_each(pn, ifindex, port, *pos) {
		info.ifindex = port->ifindex;
		info.conf = &port->conf;
		info.drops = port_drops(port);
		err = fn(&info, arg);
		if (err)
			break;
		*pos = ifindex + 1;
	}
	mutex_unlock(&pn->lock);
	return err;
}
