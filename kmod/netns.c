// SPDX-License-Identifier: GPL-2.0
/*
 * What the module keeps per network namespace (struct dpubgp_net): the
 * port table (port.c), each port with its source table of host prefixes
 * and tenant routes (source.c, route.c), and the leak table (route.c).
 *
 * Invariant: a port exists only while its device exists in this namespace
 * and is enslaved to an l3mdev (a VRF). Devices change under RTNL, so the
 * table follows them under RTNL: PORT_SET checks the device and stores the
 * port without dropping RTNL (netlink.c, port.c), and the netdevice
 * notifier here, which runs under RTNL, removes the port when its device
 * is unregistered (or leaves the namespace) or is released from its VRF,
 * then calls the hook the genl family registered to announce it.
 *
 * A port's routes go with it: removing a port takes it out of the port
 * table, its routes out of the leak table and frees them all, under the
 * lock.
 *
 * Locking: dpubgp_net.lock is the one writer lock of the port table, of
 * the route tables and of their generation counter. It nests inside RTNL;
 * PORT_DEL and the route commands take it without RTNL, as they do not
 * look at devices. Readers under rcu_read_lock() find a port and its
 * source table; what is removed is freed after an RCU grace period. Dumps
 * hold RTNL and the lock, which keeps each port, its device and its VRF
 * consistent with one another while a message is built.
 *
 * Teardown: the genl family stops announcing removals before it goes (see
 * netlink.c); unregistering the notifier then replays NETDEV_UNREGISTER for
 * every device, which empties every table.
 */

#include "netns.h"
#include "port.h"
#include "route.h"

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

static unsigned int dpubgp_net_id __read_mostly;

/* Set and called under RTNL. */
static void (*port_gone_hook)(struct net_device *dev);

struct dpubgp_net *dpubgp_net(const struct net *net)
{
	return net_generic(net, dpubgp_net_id);
}

/* Under the lock: take the port of @ifindex out of the namespace and free
 * it with its routes. Returns false if there was none.
 */
static bool del_port(struct dpubgp_net *pn, unsigned long ifindex)
{
	struct dpubgp_port *port = dpubgp_port_unlink(pn, ifindex);

	if (!port)
		return false;
	dpubgp_routes_free_port(pn, port);
	dpubgp_port_free(port);
	return true;
}

/* Returns 0 or -ENOENT. */
int dpubgp_net_del_port(struct dpubgp_net *pn, int ifindex)
{
	bool found;

	mutex_lock(&pn->lock);
	found = del_port(pn, ifindex);
	if (found)
		dpubgp_net_changed(pn);
	mutex_unlock(&pn->lock);
	return found ? 0 : -ENOENT;
}

/* Have @fn (NULL: nothing) called, under RTNL, with the device whose port
 * the notifier removed. Called under RTNL.
 */
void dpubgp_net_on_port_gone(void (*fn)(struct net_device *dev))
{
	ASSERT_RTNL();
	port_gone_hook = fn;
}

static void port_gone(struct net_device *dev)
{
	if (dpubgp_net_del_port(dpubgp_net(dev_net(dev)), dev->ifindex))
		return;
	if (port_gone_hook)
		port_gone_hook(dev);
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

static int __net_init net_init(struct net *net)
{
	struct dpubgp_net *pn = dpubgp_net(net);

	mutex_init(&pn->lock);
	xa_init(&pn->ports);
	dpubgp_lpm_init_table(&pn->leaked);
	pn->gen = 1;
	return 0;
}

static void __net_exit net_exit(struct net *net)
{
	struct dpubgp_net *pn = dpubgp_net(net);
	struct dpubgp_port *port;
	unsigned long ifindex;

	/* No device, request or notifier reaches these tables now: the lock
	 * is for the tables' assertions only.
	 */
	mutex_lock(&pn->lock);
	dpubgp_port_for_each(pn, ifindex, port, 0)
		del_port(pn, ifindex);
	mutex_unlock(&pn->lock);
	xa_destroy(&pn->ports);
	mutex_destroy(&pn->lock);
}

static struct pernet_operations dpubgp_net_ops = {
	.init = net_init,
	.exit = net_exit,
	.id = &dpubgp_net_id,
	.size = sizeof(struct dpubgp_net),
};

/* The notifier needs the tables, so they come first and go last. */
int __init dpubgp_netns_init(void)
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

void dpubgp_netns_exit(void)
{
	unregister_netdevice_notifier(&dpubgp_netdev_nb);
	unregister_pernet_subsys(&dpubgp_net_ops);
}
