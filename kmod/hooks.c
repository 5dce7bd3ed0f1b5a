// SPDX-License-Identifier: GPL-2.0
/*
 * The forwarding path: netfilter hooks at PRE_ROUTING, IPv4 and IPv6, in
 * every network namespace.
 *
 * A packet received on a device enslaved to a VRF passes PRE_ROUTING twice,
 * on that device and then on the VRF device; only the first pass is ours,
 * the second is let through at once. The first pass goes by the device:
 *   - a port: one lookup of the source in the port's source table
 *     (source.c) gives both the source filter (R1) and the port's longest
 *     tenant route holding the source, which picks the table: a
 *     DROP_OVERLAY route the main table (R3), a LEAK_UNDERLAY route the
 *     VRF's, or the main one if the VRF has no route (R4);
 *   - the underlay (a device enslaved to no VRF): a destination in the leak
 *     table is routed in the VRF of the leaking route's port (R2);
 *   - anything else is left alone at the cost of the lookups (R5).
 *
 * A rule routes a packet by attaching the route it chose as the skb's dst:
 * input routing leaves a packet that carries one alone, and so does the VRF
 * driver. The route is the one the kernel's input route lookup gives as if
 * the packet had come in on a device of the wanted table: the VRF device
 * for the VRF's table (as the VRF driver does with its ports' packets), the
 * loopback device, which no l3mdev rule maps to a VRF, for the main table.
 * The packet keeps its input device, and rp_filter, the forwarding
 * switches, the route caches and ICMP errors work as for any packet.
 *
 * The hooks run early (before defragmentation and conntrack), so a spoofed
 * packet costs nothing more; destination NAT later in PRE_ROUTING drops
 * the dst it makes stale, and the packet is then routed as usual.
 *
 * The hooks stay registered in every namespace while the module is loaded:
 * a namespace without ports pays an indirect call and an empty-table test
 * per packet. Registering them with a namespace's first port would save
 * that, at the price of a synchronize_net() under RTNL whenever the last
 * port goes.
 */

#include "hooks.h"
#include "netns.h"
#include "port.h"
#include "route.h"

#include <linux/inetdevice.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/ip6_route.h>
#include <net/l3mdev.h>
#include <net/net_namespace.h>
#include <net/route.h>

/* The addresses of a packet, in network order. */
struct pkt_addrs {
	u8 family;
	const void *saddr;
	const void *daddr;
};

static void pkt_addrs(const struct sk_buff *skb, u8 pf, struct pkt_addrs *a)
{
	if (pf == NFPROTO_IPV4) {
		a->family = AF_INET;
		a->saddr = &ip_hdr(skb)->saddr;
		a->daddr = &ip_hdr(skb)->daddr;
	} else {
		a->family = AF_INET6;
		a->saddr = &ipv6_hdr(skb)->saddr;
		a->daddr = &ipv6_hdr(skb)->daddr;
	}
}

/* The IPv6 link-local and unspecified sources: neighbour discovery needs
 * them and they are never forwarded.
 */
static bool link_source(const struct pkt_addrs *a)
{
	int type;

	if (a->family != AF_INET6)
		return false;
	type = ipv6_addr_type(a->saddr);
	return type == IPV6_ADDR_ANY || type & IPV6_ADDR_LINKLOCAL;
}

/* Multicast, broadcast and (IPv6) link-scope destinations belong to the
 * link the packet came in on: no rule reroutes them.
 */
static bool reroutable(const struct pkt_addrs *a)
{
	__be32 daddr;

	if (a->family == AF_INET6)
		return !rt6_need_strict(a->daddr);
	daddr = *(const __be32 *)a->daddr;
	return !ipv4_is_multicast(daddr) && !ipv4_is_lbcast(daddr);
}

static int route4(struct sk_buff *skb, struct net_device *table_dev)
{
	const struct iphdr *iph = ip_hdr(skb);
	int err;

	err = ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos,
				   table_dev);
	return err ?: skb_dst(skb)->error;
}

static int route6(struct sk_buff *skb, struct net_device *table_dev)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.flowi6_iif = table_dev->ifindex,
		.daddr = ip6h->daddr,
		.saddr = ip6h->saddr,
		.flowlabel = ip6_flowinfo(ip6h),
		.flowi6_mark = skb->mark,
		.flowi6_proto = ip6h->nexthdr,
	};
	struct dst_entry *dst;

	dst = ip6_route_input_lookup(dev_net(table_dev), table_dev, &fl6, skb,
				     RT6_LOOKUP_F_HAS_SADDR);
	skb_dst_set(skb, dst);
	return dst->error;
}

/* Attach the route of @skb in the table @table_dev stands for. Returns 0,
 * or an error with an error route attached (the table has no route) or
 * none (the packet is not routable).
 */
static int route_in(struct sk_buff *skb, const struct pkt_addrs *a,
		    struct net_device *table_dev)
{
	skb_dst_drop(skb);
	if (a->family == AF_INET)
		return route4(skb, table_dev);
	return route6(skb, table_dev);
}

static unsigned int routed(const struct sk_buff *skb)
{
	return skb_dst(skb) ? NF_ACCEPT : NF_DROP;
}

static void count(struct dpubgp_route *route, const struct sk_buff *skb)
{
	atomic64_inc(&route->packets);
	atomic64_add(skb->len, &route->bytes);
}

static unsigned int from_port(struct sk_buff *skb, struct dpubgp_net *pn,
			      struct net_device *dev, const struct pkt_addrs *a)
{
	struct dpubgp_source *src;
	struct dpubgp_route *route;
	struct dpubgp_port *port;
	struct net_device *vrf;

	port = dpubgp_port_find(pn, dev->ifindex);
	if (!port)
		return NF_ACCEPT;
	src = dpubgp_lpm_lookup(&port->src, a->family, a->saddr);
	if (!src) {
		if (!(READ_ONCE(port->conf.flags) & DPUBGP_PORT_F_SRC_FILTER) ||
		    link_source(a))
			return NF_ACCEPT;
		dpubgp_port_count_drop(port);
		return NF_DROP;
	}
	route = dpubgp_source_route(src);
	if (!route)
		return NF_ACCEPT;	/* a host prefix, no route around it */

	count(route, skb);
	if (!(route->flags & DPUBGP_ROUTE_F_LEAK_UNDERLAY) || !reroutable(a))
		return NF_ACCEPT;
	if (!(route->flags & DPUBGP_ROUTE_F_DROP_OVERLAY)) {
		vrf = l3mdev_master_dev_rcu(dev);
		if (!vrf || !route_in(skb, a, vrf))
			return NF_ACCEPT;
	}
	route_in(skb, a, dev_net(dev)->loopback_dev);
	return routed(skb);
}

static unsigned int from_underlay(struct sk_buff *skb, struct dpubgp_net *pn,
				  struct net_device *dev,
				  const struct pkt_addrs *a)
{
	struct net_device *port_dev, *vrf;
	struct dpubgp_route *route;

	route = dpubgp_lpm_lookup(&pn->leaked, a->family, a->daddr);
	if (!route)
		return NF_ACCEPT;
	count(route, skb);
	port_dev = dev_get_by_index_rcu(dev_net(dev), route->ifindex);
	vrf = port_dev ? l3mdev_master_dev_rcu(port_dev) : NULL;
	if (!vrf || !reroutable(a))
		return NF_ACCEPT;
	route_in(skb, a, vrf);
	return routed(skb);
}

static unsigned int dpubgp_prerouting(void *priv, struct sk_buff *skb,
				      const struct nf_hook_state *state)
{
	struct net_device *dev = state->in;
	struct pkt_addrs a;

	/* The second pass, on the VRF device, and local traffic. */
	if (netif_is_l3_master(dev) || dev->flags & IFF_LOOPBACK)
		return NF_ACCEPT;

	pkt_addrs(skb, state->pf, &a);
	if (netif_is_l3_slave(dev))
		return from_port(skb, dpubgp_net(state->net), dev, &a);
	return from_underlay(skb, dpubgp_net(state->net), dev, &a);
}

static const struct nf_hook_ops dpubgp_nf_ops[] = {
	{
		.hook		= dpubgp_prerouting,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP_PRI_RAW_BEFORE_DEFRAG,
	},
	{
		.hook		= dpubgp_prerouting,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_PRE_ROUTING,
		.priority	= NF_IP6_PRI_RAW_BEFORE_DEFRAG,
	},
};

static int __net_init dpubgp_hooks_net_init(struct net *net)
{
	return nf_register_net_hooks(net, dpubgp_nf_ops,
				     ARRAY_SIZE(dpubgp_nf_ops));
}

static void __net_exit dpubgp_hooks_net_exit(struct net *net)
{
	nf_unregister_net_hooks(net, dpubgp_nf_ops, ARRAY_SIZE(dpubgp_nf_ops));
}

/* Registered after netns.c's pernet operations: a namespace's hooks come
 * after its tables and go before them.
 */
static struct pernet_operations dpubgp_hooks_net_ops = {
	.init = dpubgp_hooks_net_init,
	.exit = dpubgp_hooks_net_exit,
};

int __init dpubgp_hooks_init(void)
{
	return register_pernet_subsys(&dpubgp_hooks_net_ops);
}

void dpubgp_hooks_exit(void)
{
	unregister_pernet_subsys(&dpubgp_hooks_net_ops);
}
