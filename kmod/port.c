// SPDX-License-Identifier: GPL-2.0
/*
 * The port table of a network namespace.
 *
 * Invariant: a port exists only while its device exists in this namespace
 * and is enslaved to an l3mdev (a VRF). Devices change under RTNL, so the
 * table follows them under RTNL: PORT_SET checks the device and stores the
 * port without dropping RTNL, and the netdevice notifier, which runs under
 * RTNL, removes the port when its device is unregistered (or leaves the
 * namespace) or is released from its VRF.
 *
 * A port's source table (source.c), its host prefixes and tenant routes
 * (route.c), go with it: removing a port frees them under the same lock.
 *
 * Locking: dpubgp_net.lock is the one writer lock of the table, of the
 * route tables and of their generation counter. It nests inside RTNL;
 * PORT_DEL and the route commands take it without RTNL, as they do not
 * look at devices. Readers under rcu_read_lock() find a port and its
 * source table; a SET changes a published port in place, its host
 * prefixes one by one (see dpubgp_source_set_hosts()) and then its flags,
 * so a reader may see a port between the old setting and the new, never
 * without the prefixes both have. A removed port is freed after an RCU
 * grace period. Dumps hold RTNL and the lock, which keeps each port, its
 * device and its VRF consistent with one another while a message is
 * built.
 *
 * Teardown: the genl family stops announcing removals before it goes (see
 * netlink.c); unregistering the notifier then replays NETDEV_UNREGISTER for
 * every device, which empties every table.
 */

#include "port.h"
#include "netlink.h"
#include "route.h"

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

static unsigned int dpubgp_net_id __read_mostly;

struct dpubgp_net *dpubgp_net(const struct net *net)
{
	return net_generic(net, dpubgp_net_id);
}

/* Under RTNL: the VRF that @dev is enslaved to, or NULL. */
struct net_device *dpubgp_port_vrf(struct net_device *dev)
{
	struct net_device *master = netdev_master_upper_dev_get(dev);

	return master && netif_is_l3_master(master) ? master : NULL;
}

void dpubgp_net_changed(struct dpubgp_net *pn)
{
	lockdep_assert_held(&pn->lock);
	/* nl_dump_check_consistent() reads 0 as "no sequence yet". */
	if (!++pn->gen)
		pn->gen = 1;
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

static void port_free_rcu(struct rcu_head *rcu)
{
	struct dpubgp_port *port = container_of(rcu, struct dpubgp_port, rcu);

	free_percpu(port->drops);
	kfree(port);
}

/* Free @port, out of the port table, after the readers that found it. */
static void port_free(struct dpubgp_port *port)
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
		port = fresh;
	}
	err = dpubgp_source_set_hosts(port, conf, &pn->lock);
	if (err)
		goto out;
	memcpy(port->conf.hosts, conf->hosts, sizeof(conf->hosts));
	port->conf.n_hosts = conf->n_hosts;
	WRITE_ONCE(port->conf.flags, conf->flags);
	if (fresh) {
		err = xa_err(xa_store(&pn->ports, ifindex, fresh, GFP_KERNEL));
		if (err)
			goto out;
		fresh = NULL;
	}
	dpubgp_net_changed(pn);
out:
	if (fresh) {
		dpubgp_routes_free_port(pn, fresh);
		port_free(fresh);
	}
	mutex_unlock(&pn->lock);
	return err;
}

static struct dpubgp_port *take_port(struct dpubgp_net *pn,
				     unsigned long ifindex)
{
	struct dpubgp_port *port;

	mutex_lock(&pn->lock);
	port = xa_erase(&pn->ports, ifindex);
	if (port) {
		dpubgp_routes_free_port(pn, port);
		dpubgp_net_changed(pn);
	}
	mutex_unlock(&pn->lock);
	return port;
}

int dpubgp_port_del(struct dpubgp_net *pn, unsigned long ifindex)
{
	struct dpubgp_port *port = take_port(pn, ifindex);

	if (!port)
		return -ENOENT;
	port_free(port);
	return 0;
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

static void port_gone(struct net_device *dev)
{
	struct dpubgp_port *port = take_port(dpubgp_net(dev_net(dev)),
					     dev->ifindex);

	if (!port)
		return;
	port_free(port);
	dpubgp_genl_port_gone(dev);
}

static int netdev_event(struct notifier_block *nb, unsigned long event,
			void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct netdev_notifier_changeupper_info *info = ptr;

	switch (event) {
	case NETDEV_CHANGEUPPER:
		if (!info->linking && netif_is_l3_master(info->upper_dev))
			port_gone(dev);
		break;
	case NETDEV_UNREGISTER:
		port_gone(dev);
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block dpubgp_netdev_nb = {
	.notifier_call = netdev_event,
};

static int __net_init dpubgp_net_init(struct net *net)
{
	struct dpubgp_net *pn = dpubgp_net(net);

	mutex_init(&pn->lock);
	xa_init(&pn->ports);
	dpubgp_lpm_init_table(&pn->leaked);
	pn->gen = 1;
	return 0;
}

static void __net_exit dpubgp_net_exit(struct net *net)
{
	struct dpubgp_net *pn = dpubgp_net(net);
	struct dpubgp_port *port;
	unsigned long ifindex;

	/* No device, request or notifier reaches these tables now: the lock
	 * is for the tables' assertions only.
	 */
	mutex_lock(&pn->lock);
	dpubgp_port_for_each(pn, ifindex, port, 0) {
		xa_erase(&pn->ports, ifindex);
		dpubgp_routes_free_port(pn, port);
		port_free(port);
	}
	mutex_unlock(&pn->lock);
	xa_destroy(&pn->ports);
	mutex_destroy(&pn->lock);
}

static struct pernet_operations dpubgp_net_ops = {
	.init = dpubgp_net_init,
	.exit = dpubgp_net_exit,
	.id = &dpubgp_net_id,
	.size = sizeof(struct dpubgp_net),
};

/* The notifier needs the tables, so they come first and go last. */
int __init dpubgp_port_init(void)
{
	int err;

	err = register_pernet_subsys(&dpubgp_net_ops);
	if (err)
		goto err_pernet;

	err = register_netdevice_notifier(&dpubgp_netdev_nb);
	if (err)
		goto err_notifier;

	return 0;

err_notifier:
	unregister_pernet_subsys(&dpubgp_net_ops);
err_pernet:
	return err;
}

void dpubgp_port_exit(void)
{
	unregister_netdevice_notifier(&dpubgp_netdev_nb);
	unregister_pernet_subsys(&dpubgp_net_ops);
}
