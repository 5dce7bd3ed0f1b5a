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
 * A port's tenant routes (route.c) go with it: removing a port flushes
 * them under the same lock.
 *
 * Locking: dpubgp_net.lock is the one writer lock of the table, of the
 * route tables and of their generation counter. It nests inside RTNL;
 * PORT_DEL and the route commands take it without RTNL, as they do not
 * look at devices. A published port is never modified:
 * writers replace it and free the old one after an RCU grace period, so
 * readers under rcu_read_lock() see a whole port or none. Dumps hold RTNL
 * and the lock, which keeps each port, its device and its VRF consistent
 * with one another while a message is built.
 *
 * Teardown: the genl family stops announcing removals before it goes (see
 * netlink.c); unregistering the notifier then replays NETDEV_UNREGISTER for
 * every device, which empties every table.
 */

#include "port.h"
#include "netlink.h"
#include "route.h"

#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/ipv6.h>
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

bool dpubgp_prefix_canonical(const struct dpubgp_prefix *p)
{
	struct in6_addr net6;

	if (p->family == AF_INET)
		return !(p->addr.ip & ~inet_make_mask(p->len));

	ipv6_addr_prefix(&net6, &p->addr.ip6, p->len);
	return ipv6_addr_equal(&net6, &p->addr.ip6);
}

void dpubgp_net_changed(struct dpubgp_net *pn)
{
	lockdep_assert_held(&pn->lock);
	/* nl_dump_check_consistent() reads 0 as "no sequence yet". */
	if (!++pn->gen)
		pn->gen = 1;
}

/* Store @port in place of any port of its device; the caller holds RTNL and
 * has checked that the device is enslaved to a VRF. The table owns @port on
 * success only.
 */
int dpubgp_port_replace(struct dpubgp_net *pn, struct dpubgp_port *port)
{
	struct dpubgp_port *old;

	ASSERT_RTNL();
	mutex_lock(&pn->lock);
	/* Drops counted on the old port after this read are lost: a SET
	 * is rare, and the hooks would need a lock to avoid it.
	 */
	old = xa_load(&pn->ports, port->ifindex);
	if (old)
		atomic64_set(&port->drops, atomic64_read(&old->drops));
	old = xa_store(&pn->ports, port->ifindex, port, GFP_KERNEL);
	if (!xa_is_err(old))
		dpubgp_net_changed(pn);
	mutex_unlock(&pn->lock);

	if (xa_is_err(old))
		return xa_err(old);
	kfree_rcu(old, rcu);
	return 0;
}

static struct dpubgp_port *take_port(struct dpubgp_net *pn,
				     unsigned long ifindex)
{
	struct dpubgp_port *port;

	mutex_lock(&pn->lock);
	port = xa_erase(&pn->ports, ifindex);
	if (port) {
		dpubgp_routes_flush_port(pn, ifindex);
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
	kfree_rcu(port, rcu);
	return 0;
}

static void port_gone(struct net_device *dev)
{
	struct dpubgp_port *port = take_port(dpubgp_net(dev_net(dev)),
					     dev->ifindex);

	if (!port)
		return;
	kfree_rcu(port, rcu);
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
	xa_init(&pn->routes);
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
	dpubgp_routes_flush(pn);
	mutex_unlock(&pn->lock);
	xa_for_each(&pn->ports, ifindex, port)
		kfree_rcu(port, rcu);
	xa_destroy(&pn->ports);
	xa_destroy(&pn->routes);
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
