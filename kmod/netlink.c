// SPDX-License-Identifier: GPL-2.0
/*
 * The "dpubgp" generic netlink family: see <linux/dpubgp.h> for the contract.
 * Policies validate every attribute before a handler runs; handlers check
 * only what a policy cannot express.
 */

#include "netlink.h"
#include "netns.h"
#include "port.h"
#include "route.h"

#include <linux/dpubgp.h>
#include <linux/if.h>
#include <linux/in.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/sock.h>

static struct genl_family dpubgp_genl_family;

enum {
	DPUBGP_NLGRP_EVENTS,
};

#define IFNAME_REPLY_ONLY	KBUILD_MODNAME ": Interface name is reply-only"
#define VRF_REPLY_ONLY		KBUILD_MODNAME ": VRF name is reply-only"
#define COUNTER_REPLY_ONLY	KBUILD_MODNAME ": Counters are reply-only"

static const struct nla_policy prefix_policy[DPUBGP_A_PREFIX_MAX + 1] = {
	[DPUBGP_A_PREFIX_ADDR4]	= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[DPUBGP_A_PREFIX_ADDR6]	= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[DPUBGP_A_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 128),
};

static const struct nla_policy hosts_policy[DPUBGP_A_HOSTS_MAX + 1] = {
	[DPUBGP_A_HOSTS_PREFIX]	= NLA_POLICY_NESTED(prefix_policy),
};

static const struct nla_policy port_set_policy[DPUBGP_A_MAX + 1] = {
	[DPUBGP_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[DPUBGP_A_PORT_IFNAME]	= { .type = NLA_REJECT,
				    .reject_message = IFNAME_REPLY_ONLY },
	[DPUBGP_A_PORT_VRF]	= { .type = NLA_REJECT,
				    .reject_message = VRF_REPLY_ONLY },
	[DPUBGP_A_PORT_FLAGS]	= NLA_POLICY_MASK(NLA_U32, DPUBGP_PORT_F_ALL),
	[DPUBGP_A_PORT_HOSTS]	= NLA_POLICY_NESTED(hosts_policy),
	[DPUBGP_A_PORT_DROPS]	= { .type = NLA_REJECT,
				    .reject_message = COUNTER_REPLY_ONLY },
};

/* FLAGS and HOSTS are left out: strict parsing refuses them here. */
static const struct nla_policy port_del_policy[DPUBGP_A_MAX + 1] = {
	[DPUBGP_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[DPUBGP_A_PORT_IFNAME]	= { .type = NLA_REJECT,
				    .reject_message = IFNAME_REPLY_ONLY },
	[DPUBGP_A_PORT_VRF]	= { .type = NLA_REJECT,
				    .reject_message = VRF_REPLY_ONLY },
};

#define REPLY_ONLY_ATTRS							\
	[DPUBGP_A_PORT_IFNAME]	= { .type = NLA_REJECT,				\
				    .reject_message = IFNAME_REPLY_ONLY },	\
	[DPUBGP_A_ROUTE_PACKETS] = { .type = NLA_REJECT,			\
				     .reject_message = COUNTER_REPLY_ONLY },	\
	[DPUBGP_A_ROUTE_BYTES]	= { .type = NLA_REJECT,				\
				    .reject_message = COUNTER_REPLY_ONLY },	\
	[DPUBGP_A_PORT_DROPS]	= { .type = NLA_REJECT,				\
				    .reject_message = COUNTER_REPLY_ONLY }

static const struct nla_policy route_add_policy[DPUBGP_A_MAX + 1] = {
	[DPUBGP_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[DPUBGP_A_ROUTE_PREFIX]	= NLA_POLICY_NESTED(prefix_policy),
	[DPUBGP_A_ROUTE_FLAGS]	= NLA_POLICY_MASK(NLA_U32, DPUBGP_ROUTE_F_ALL),
	REPLY_ONLY_ATTRS,
};

/* FLAGS left out: strict parsing refuses them here. */
static const struct nla_policy route_del_policy[DPUBGP_A_MAX + 1] = {
	[DPUBGP_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[DPUBGP_A_ROUTE_PREFIX]	= NLA_POLICY_NESTED(prefix_policy),
	REPLY_ONLY_ATTRS,
};

static const struct nla_policy flush_policy[DPUBGP_A_MAX + 1] = {
	[DPUBGP_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
};

static int parse_prefix(const struct nlattr *nest, struct dpubgp_prefix *p,
			struct netlink_ext_ack *extack)
{
	struct nlattr *tb[DPUBGP_A_PREFIX_MAX + 1];
	const struct nlattr *addr;
	int err;

	err = nla_parse_nested(tb, DPUBGP_A_PREFIX_MAX, nest, prefix_policy,
			       extack);
	if (err)
		return err;

	if (!tb[DPUBGP_A_PREFIX_ADDR4] == !tb[DPUBGP_A_PREFIX_ADDR6]) {
		NL_SET_ERR_MSG_MOD(extack,
				   "Prefix needs exactly one of IPv4 and IPv6 address");
		NL_SET_BAD_ATTR(extack, nest);
		return -EINVAL;
	}
	if (NL_REQ_ATTR_CHECK(extack, nest, tb, DPUBGP_A_PREFIX_LEN)) {
		NL_SET_ERR_MSG_MOD(extack, "Missing prefix length");
		return -EINVAL;
	}

	p->len = nla_get_u8(tb[DPUBGP_A_PREFIX_LEN]);
	addr = tb[DPUBGP_A_PREFIX_ADDR4];
	if (addr) {
		p->family = AF_INET;
		p->addr.ip = nla_get_in_addr(addr);
	} else {
		addr = tb[DPUBGP_A_PREFIX_ADDR6];
		p->family = AF_INET6;
		p->addr.ip6 = nla_get_in6_addr(addr);
	}

	/* The policy caps the length at 128, right for IPv6 only. */
	if (p->family == AF_INET && p->len > 32) {
		NL_SET_ERR_MSG_MOD(extack, "Prefix length out of range for IPv4");
		NL_SET_BAD_ATTR(extack, tb[DPUBGP_A_PREFIX_LEN]);
		return -ERANGE;
	}
	if (!dpubgp_prefix_canonical(p)) {
		NL_SET_ERR_MSG_MOD(extack, "Prefix has bits set beyond its length");
		NL_SET_BAD_ATTR(extack, addr);
		return -EINVAL;
	}
	return 0;
}

static int parse_hosts(const struct nlattr *hosts,
		       struct dpubgp_port_conf *conf,
		       struct netlink_ext_ack *extack)
{
	const struct nlattr *nla;
	int rem, err;

	/* The policy lets only DPUBGP_A_HOSTS_PREFIX through. */
	nla_for_each_nested(nla, hosts, rem) {
		if (conf->n_hosts == DPUBGP_PORT_HOSTS_MAX) {
			NL_SET_ERR_MSG_MOD(extack, "Too many host prefixes");
			NL_SET_BAD_ATTR(extack, nla);
			return -E2BIG;
		}
		err = parse_prefix(nla, &conf->hosts[conf->n_hosts], extack);
		if (err)
			return err;
		conf->n_hosts++;
	}
	return 0;
}

/* Checks the device and sets the port under RTNL, as port.c requires. */
static int install_port(struct net *net, int ifindex,
			const struct dpubgp_port_conf *conf,
			struct genl_info *info)
{
	const struct nlattr *attr = info->attrs[DPUBGP_A_PORT_IFINDEX];
	struct net_device *dev;
	int err;

	rtnl_lock();
	dev = __dev_get_by_index(net, ifindex);
	if (!dev) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "No device with this ifindex in this namespace");
		NL_SET_BAD_ATTR(info->extack, attr);
		err = -ENODEV;
		goto out;
	}
	if (!dpubgp_port_vrf(dev)) {
		NL_SET_ERR_MSG_MOD(info->extack, "Device is not enslaved to a VRF");
		NL_SET_BAD_ATTR(info->extack, attr);
		err = -EINVAL;
		goto out;
	}
	err = dpubgp_port_set(dpubgp_net(net), ifindex, conf);
out:
	rtnl_unlock();
	return err;
}

static int port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct dpubgp_port_conf *conf;
	int err = 0;

	if (GENL_REQ_ATTR_CHECK(info, DPUBGP_A_PORT_IFINDEX)) {
		NL_SET_ERR_MSG_MOD(info->extack, "Missing port ifindex");
		return -EINVAL;
	}

	conf = kzalloc(sizeof(*conf), GFP_KERNEL);
	if (!conf)
		return -ENOMEM;
	if (attrs[DPUBGP_A_PORT_FLAGS])
		conf->flags = nla_get_u32(attrs[DPUBGP_A_PORT_FLAGS]);
	if (attrs[DPUBGP_A_PORT_HOSTS])
		err = parse_hosts(attrs[DPUBGP_A_PORT_HOSTS], conf, info->extack);
	if (!err)
		err = install_port(genl_info_net(info),
				   nla_get_u32(attrs[DPUBGP_A_PORT_IFINDEX]),
				   conf, info);
	kfree(conf);
	return err;
}

static int port_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *attr = info->attrs[DPUBGP_A_PORT_IFINDEX];
	int err;

	if (GENL_REQ_ATTR_CHECK(info, DPUBGP_A_PORT_IFINDEX)) {
		NL_SET_ERR_MSG_MOD(info->extack, "Missing port ifindex");
		return -EINVAL;
	}

	err = dpubgp_net_del_port(dpubgp_net(genl_info_net(info)),
				  nla_get_u32(attr));
	if (err) {
		NL_SET_ERR_MSG_MOD(info->extack, "No such port");
		NL_SET_BAD_ATTR(info->extack, attr);
	}
	return err;
}

static int put_prefix(struct sk_buff *skb, int type,
		      const struct dpubgp_prefix *p)
{
	struct nlattr *nest;
	int err;

	nest = nla_nest_start(skb, type);
	if (!nest)
		return -EMSGSIZE;
	if (p->family == AF_INET)
		err = nla_put_in_addr(skb, DPUBGP_A_PREFIX_ADDR4, p->addr.ip);
	else
		err = nla_put_in6_addr(skb, DPUBGP_A_PREFIX_ADDR6, &p->addr.ip6);
	if (err || nla_put_u8(skb, DPUBGP_A_PREFIX_LEN, p->len))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int put_port(struct sk_buff *skb, const struct dpubgp_port_info *port,
		    const struct net_device *dev, const struct net_device *vrf)
{
	const struct dpubgp_port_conf *conf = port->conf;
	struct nlattr *hosts;
	unsigned int i;

	if (nla_put_u32(skb, DPUBGP_A_PORT_IFINDEX, port->ifindex) ||
	    nla_put_string(skb, DPUBGP_A_PORT_IFNAME, dev->name) ||
	    nla_put_string(skb, DPUBGP_A_PORT_VRF, vrf->name) ||
	    nla_put_u32(skb, DPUBGP_A_PORT_FLAGS, conf->flags) ||
	    nla_put_u64_64bit(skb, DPUBGP_A_PORT_DROPS, port->drops,
			      DPUBGP_A_PAD))
		return -EMSGSIZE;

	hosts = nla_nest_start(skb, DPUBGP_A_PORT_HOSTS);
	if (!hosts)
		return -EMSGSIZE;
	for (i = 0; i < conf->n_hosts; i++)
		if (put_prefix(skb, DPUBGP_A_HOSTS_PREFIX, &conf->hosts[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, hosts);
	return 0;
}

/* One pass of a dump, under RTNL. */
struct dump_pass {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct net *net;
	const struct net_device *dev;	/* the last route's port's */
};

static void *dump_msg_put(struct dump_pass *d, u8 cmd)
{
	struct netlink_callback *cb = d->cb;
	void *hdr;

	hdr = genlmsg_put(d->skb, NETLINK_CB(cb->skb).portid,
			  cb->nlh->nlmsg_seq, &dpubgp_genl_family, NLM_F_MULTI,
			  cmd);
	if (hdr)
		genl_dump_check_consistent(cb, hdr);
	return hdr;
}

/* One PORT_GET message for @port. */
static int dump_port(const struct dpubgp_port_info *port, void *arg)
{
	struct dump_pass *d = arg;
	struct net_device *dev = __dev_get_by_index(d->net, port->ifindex);
	struct net_device *vrf = dev ? dpubgp_port_vrf(dev) : NULL;
	void *hdr;

	/* The notifier removes a port before its device or VRF goes. */
	if (WARN_ON_ONCE(!vrf))
		return 0;

	hdr = dump_msg_put(d, DPUBGP_CMD_PORT_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (put_port(d->skb, port, dev, vrf)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

/* cb->args[0] is the ifindex to resume from. */
static int port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct dump_pass d = { .skb = skb, .cb = cb, .net = sock_net(skb->sk) };
	unsigned long pos = cb->args[0];
	int err;

	rtnl_lock();
	err = dpubgp_port_walk(dpubgp_net(d.net), &pos, &cb->seq, dump_port,
			       &d);
	rtnl_unlock();
	cb->args[0] = pos;

	/* A full skb ends this pass only; 0 ends the dump. */
	return err && skb->len ? skb->len : err;
}

/* The route's port and prefix from a ROUTE_ADD or ROUTE_DEL request. */
static int parse_route_key(struct genl_info *info, struct dpubgp_prefix *p,
			   int *ifindex)
{
	if (GENL_REQ_ATTR_CHECK(info, DPUBGP_A_PORT_IFINDEX)) {
		NL_SET_ERR_MSG_MOD(info->extack, "Missing port ifindex");
		return -EINVAL;
	}
	if (GENL_REQ_ATTR_CHECK(info, DPUBGP_A_ROUTE_PREFIX)) {
		NL_SET_ERR_MSG_MOD(info->extack, "Missing route prefix");
		return -EINVAL;
	}
	*ifindex = nla_get_u32(info->attrs[DPUBGP_A_PORT_IFINDEX]);
	return parse_prefix(info->attrs[DPUBGP_A_ROUTE_PREFIX], p,
			    info->extack);
}

/* Say why @ifindex named no port: no device, or a device not a port. */
static int no_port(struct genl_info *info, int ifindex)
{
	bool exists;

	rcu_read_lock();
	exists = dev_get_by_index_rcu(genl_info_net(info), ifindex);
	rcu_read_unlock();
	if (exists)
		NL_SET_ERR_MSG_MOD(info->extack, "Device is not a port");
	else
		NL_SET_ERR_MSG_MOD(info->extack,
				   "No device with this ifindex in this namespace");
	NL_SET_BAD_ATTR(info->extack, info->attrs[DPUBGP_A_PORT_IFINDEX]);
	return -ENODEV;
}

static int route_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *flags = info->attrs[DPUBGP_A_ROUTE_FLAGS];
	struct dpubgp_prefix p;
	int ifindex, err;

	err = parse_route_key(info, &p, &ifindex);
	if (err)
		return err;
	err = dpubgp_route_add(dpubgp_net(genl_info_net(info)), &p, ifindex,
			       flags ? nla_get_u32(flags) : 0);
	if (err == -ENODEV)
		return no_port(info, ifindex);
	if (err == -EEXIST) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "Route already exists on this port");
		NL_SET_BAD_ATTR(info->extack,
				info->attrs[DPUBGP_A_ROUTE_PREFIX]);
	}
	return err;
}

static int route_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct dpubgp_prefix p;
	int ifindex, err;

	err = parse_route_key(info, &p, &ifindex);
	if (err)
		return err;
	err = dpubgp_route_del(dpubgp_net(genl_info_net(info)), &p, ifindex);
	if (err) {
		NL_SET_ERR_MSG_MOD(info->extack, "No such route on this port");
		NL_SET_BAD_ATTR(info->extack,
				info->attrs[DPUBGP_A_ROUTE_PREFIX]);
	}
	return err;
}

static int flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	const struct nlattr *attr = info->attrs[DPUBGP_A_PORT_IFINDEX];
	struct dpubgp_net *pn = dpubgp_net(genl_info_net(info));
	int err;

	if (!attr) {
		dpubgp_routes_flush(pn);
		return 0;
	}
	err = dpubgp_routes_flush_port(pn, nla_get_u32(attr));
	if (err) {
		NL_SET_ERR_MSG_MOD(info->extack, "No such port");
		NL_SET_BAD_ATTR(info->extack, attr);
	}
	return err;
}

static int put_route(struct sk_buff *skb, const struct dpubgp_route_info *route,
		     const struct net_device *dev)
{
	if (nla_put_u32(skb, DPUBGP_A_PORT_IFINDEX, route->ifindex) ||
	    nla_put_string(skb, DPUBGP_A_PORT_IFNAME, dev->name) ||
	    put_prefix(skb, DPUBGP_A_ROUTE_PREFIX, route->prefix) ||
	    nla_put_u32(skb, DPUBGP_A_ROUTE_FLAGS, route->flags) ||
	    nla_put_u64_64bit(skb, DPUBGP_A_ROUTE_PACKETS, route->packets,
			      DPUBGP_A_PAD) ||
	    nla_put_u64_64bit(skb, DPUBGP_A_ROUTE_BYTES, route->bytes,
			      DPUBGP_A_PAD))
		return -EMSGSIZE;
	return 0;
}

/* One ROUTE_GET message for @route. */
static int dump_route(const struct dpubgp_route_info *route, void *arg)
{
	struct dump_pass *d = arg;
	void *hdr;

	if (!d->dev || d->dev->ifindex != route->ifindex)
		d->dev = __dev_get_by_index(d->net, route->ifindex);
	/* The notifier removes a port, and its routes, before its device. */
	if (WARN_ON_ONCE(!d->dev))
		return 0;

	hdr = dump_msg_put(d, DPUBGP_CMD_ROUTE_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (put_route(d->skb, route, d->dev)) {
		genlmsg_cancel(d->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(d->skb, hdr);
	return 0;
}

/* cb->ctx is where the dump resumes. */
static int route_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct dpubgp_route_pos *pos = (struct dpubgp_route_pos *)cb->ctx;
	struct dump_pass d = { .skb = skb, .cb = cb, .net = sock_net(skb->sk) };
	int err;

	BUILD_BUG_ON(sizeof(*pos) > sizeof(cb->ctx));
	rtnl_lock();
	err = dpubgp_route_walk(dpubgp_net(d.net), pos, &cb->seq, dump_route,
				&d);
	rtnl_unlock();

	/* A full skb ends this pass only; 0 ends the dump. */
	return err && skb->len ? skb->len : err;
}

/* Under RTNL, from the netdevice notifier (netns.c): announce that the
 * port of @dev is gone.
 */
static void port_gone(struct net_device *dev)
{
	struct net *net = dev_net(dev);
	struct sk_buff *skb;
	void *hdr;

	if (!genl_has_listeners(&dpubgp_genl_family, net, DPUBGP_NLGRP_EVENTS))
		return;

	skb = genlmsg_new(nla_total_size(sizeof(u32)) +
			  nla_total_size(IFNAMSIZ), GFP_KERNEL);
	if (!skb)
		goto lost;
	hdr = genlmsg_put(skb, 0, 0, &dpubgp_genl_family, 0,
			  DPUBGP_CMD_PORT_DEL);
	if (!hdr ||
	    nla_put_u32(skb, DPUBGP_A_PORT_IFINDEX, dev->ifindex) ||
	    nla_put_string(skb, DPUBGP_A_PORT_IFNAME, dev->name)) {
		nlmsg_free(skb);
		goto lost;
	}
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&dpubgp_genl_family, net, skb, 0,
				DPUBGP_NLGRP_EVENTS, GFP_KERNEL);
	return;

lost:
	/* Listeners must learn that they missed an event and resync. */
	genl_set_err(&dpubgp_genl_family, net, 0, DPUBGP_NLGRP_EVENTS,
		     -ENOBUFS);
}

static const struct genl_ops dpubgp_genl_ops[] = {
	{
		.cmd		= DPUBGP_CMD_PORT_SET,
		.doit		= port_set_doit,
		.policy		= port_set_policy,
		.maxattr	= ARRAY_SIZE(port_set_policy) - 1,
		.flags		= GENL_UNS_ADMIN_PERM,
	}, {
		.cmd		= DPUBGP_CMD_PORT_DEL,
		.doit		= port_del_doit,
		.policy		= port_del_policy,
		.maxattr	= ARRAY_SIZE(port_del_policy) - 1,
		.flags		= GENL_UNS_ADMIN_PERM,
	}, {
		/* No policy: the core refuses any attribute. */
		.cmd		= DPUBGP_CMD_PORT_GET,
		.dumpit		= port_get_dumpit,
		.flags		= GENL_UNS_ADMIN_PERM,
	}, {
		.cmd		= DPUBGP_CMD_ROUTE_ADD,
		.doit		= route_add_doit,
		.policy		= route_add_policy,
		.maxattr	= ARRAY_SIZE(route_add_policy) - 1,
		.flags		= GENL_UNS_ADMIN_PERM,
	}, {
		.cmd		= DPUBGP_CMD_ROUTE_DEL,
		.doit		= route_del_doit,
		.policy		= route_del_policy,
		.maxattr	= ARRAY_SIZE(route_del_policy) - 1,
		.flags		= GENL_UNS_ADMIN_PERM,
	}, {
		/* No policy: the core refuses any attribute. */
		.cmd		= DPUBGP_CMD_ROUTE_GET,
		.dumpit		= route_get_dumpit,
		.flags		= GENL_UNS_ADMIN_PERM,
	}, {
		.cmd		= DPUBGP_CMD_FLUSH,
		.doit		= flush_doit,
		.policy		= flush_policy,
		.maxattr	= ARRAY_SIZE(flush_policy) - 1,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};

static const struct genl_multicast_group dpubgp_genl_mcgrps[] = {
	[DPUBGP_NLGRP_EVENTS] = {
		.name	= DPUBGP_MCGRP_EVENTS,
		.flags	= GENL_MCAST_CAP_NET_ADMIN,
	},
};

/* resv_start_op stays 0: every command gets the strict header, flag and
 * attribute checks that the core keeps for ops at or above it.
 */
static struct genl_family dpubgp_genl_family __ro_after_init = {
	.name		= DPUBGP_GENL_NAME,
	.version	= DPUBGP_GENL_VERSION,
	.maxattr	= DPUBGP_A_MAX,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.ops		= dpubgp_genl_ops,
	.n_ops		= ARRAY_SIZE(dpubgp_genl_ops),
	.mcgrps		= dpubgp_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(dpubgp_genl_mcgrps),
};

static void on_port_gone(void (*fn)(struct net_device *dev))
{
	rtnl_lock();
	dpubgp_net_on_port_gone(fn);
	rtnl_unlock();
}

/* Announcements start before the family, as no port exists before it,
 * and stop before it goes: as they are made under RTNL, none can use the
 * family after it is gone.
 */
int __init dpubgp_genl_init(void)
{
	int err;

	on_port_gone(port_gone);
	err = genl_register_family(&dpubgp_genl_family);
	if (err)
		on_port_gone(NULL);
	return err;
}

void __exit dpubgp_genl_exit(void)
{
	on_port_gone(NULL);
	genl_unregister_family(&dpubgp_genl_family);
}
