// SPDX-License-Identifier: GPL-2.0
/*
 * rtnetlink routes and links (rtnl.h).
 */
#include <errno.h>
#include <string.h>
#include <linux/rtnetlink.h>
#include <linux/if_link.h>

#include "kernel/nlattr.h"
#include "kernel/rtnl.h"

static const struct dpubgp_attr_policy route_policy[RTA_MAX + 1] = {
	[RTA_DST] = { .type = MNL_TYPE_BINARY },
	[RTA_GATEWAY] = { .type = MNL_TYPE_BINARY },
	[RTA_OIF] = { .type = MNL_TYPE_U32 },
	[RTA_TABLE] = { .type = MNL_TYPE_U32 },
	[RTA_MULTIPATH] = { .type = MNL_TYPE_BINARY },
	[RTA_VIA] = { .type = MNL_TYPE_BINARY },
};

/* RTA_GATEWAY for a gateway of the route's family, else RTA_VIA. */
static bool put_gw(struct nlmsghdr *nlh, size_t room, sa_family_t family,
		   const struct bgp_addr *gw)
{
	size_t alen = dpubgp_prefix_addrlen(gw->family);
	struct {
		struct rtvia via;
		uint8_t addr[16];
	} v;

	if (!gw->family)
		return true;
	if (gw->family == family)
		return mnl_attr_put_check(nlh, room, RTA_GATEWAY, alen,
					  &gw->v4);
	v.via.rtvia_family = gw->family;
	memcpy(v.addr, &gw->v4, alen);
	return mnl_attr_put_check(nlh, room, RTA_VIA,
				  sizeof(v.via) + alen, &v);
}

static bool put_multipath(struct nlmsghdr *nlh, size_t room,
			  const struct dpubgp_rtnl_route *rt)
{
	struct nlattr *mp = mnl_attr_nest_start_check(nlh, room,
						      RTA_MULTIPATH);
	struct rtnexthop *rtnh;
	size_t i;

	if (!mp)
		return false;
	for (i = 0; i < rt->n_nh; i++) {
		if (mnl_nlmsg_size(nlh->nlmsg_len - NLMSG_HDRLEN +
				   sizeof(*rtnh)) > room)
			return false;
		rtnh = mnl_nlmsg_get_payload_tail(nlh);
		memset(rtnh, 0, sizeof(*rtnh));
		rtnh->rtnh_ifindex = (int)rt->nh[i].ifindex;
		nlh->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
		if (!put_gw(nlh, room, rt->dst.family, &rt->nh[i].gw))
			return false;
		rtnh->rtnh_len = (unsigned short)
			((char *)mnl_nlmsg_get_payload_tail(nlh) -
			 (char *)rtnh);
	}
	mnl_attr_nest_end(nlh, mp);
	return true;
}

int dpubgp_rtnl_route_put(void *buf, size_t room, uint16_t type,
		  const struct dpubgp_rtnl_route *rt)
{
	size_t alen = dpubgp_prefix_addrlen(rt->dst.family);
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	bool ok;

	if (room < NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*rtm)) || !alen)
		return -EMSGSIZE;
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (type == RTM_NEWROUTE)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = (unsigned char)rt->dst.family;
	rtm->rtm_dst_len = rt->dst.len;
	rtm->rtm_table = rt->table < 256 ? (unsigned char)rt->table :
					  RT_TABLE_UNSPEC;
	rtm->rtm_protocol = rt->protocol;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	ok = mnl_attr_put_u32_check(nlh, room, RTA_TABLE, rt->table) &&
	     mnl_attr_put_check(nlh, room, RTA_DST, alen, rt->dst.addr);
	if (ok && type == RTM_NEWROUTE && rt->n_nh == 1)
		ok = put_gw(nlh, room, rt->dst.family, &rt->nh[0].gw) &&
		     mnl_attr_put_u32_check(nlh, room, RTA_OIF,
					    rt->nh[0].ifindex);
	else if (ok && type == RTM_NEWROUTE && rt->n_nh > 1)
		ok = put_multipath(nlh, room, rt);
	return ok ? 0 : -EMSGSIZE;
}

/* A next hop's gateway from RTA_GATEWAY (of the route's family) or RTA_VIA. */
static int get_gw(const struct nlattr *gateway, const struct nlattr *via,
		  sa_family_t family, struct bgp_addr *gw)
{
	const struct rtvia *v;
	size_t alen;

	memset(gw, 0, sizeof(*gw));
	if (gateway) {
		alen = dpubgp_prefix_addrlen(family);
		if (mnl_attr_get_payload_len(gateway) != alen)
			return -EBADMSG;
		gw->family = family;
		memcpy(&gw->v4, mnl_attr_get_payload(gateway), alen);
	} else if (via) {
		v = mnl_attr_get_payload(via);
		if (mnl_attr_get_payload_len(via) < sizeof(*v))
			return -EBADMSG;
		alen = dpubgp_prefix_addrlen(v->rtvia_family);
		if (!alen ||
		    mnl_attr_get_payload_len(via) != sizeof(*v) + alen)
			return -EBADMSG;
		gw->family = v->rtvia_family;
		memcpy(&gw->v4, v->rtvia_addr, alen);
	}
	return 0;
}

static int get_multipath(const struct nlattr *mp, struct dpubgp_rtnl_route *rt)
{
	const struct nlattr *tb[RTA_MAX + 1];
	const char *p = mnl_attr_get_payload(mp);
	size_t left = mnl_attr_get_payload_len(mp);
	const struct rtnexthop *rtnh;
	struct dpubgp_rtnh *nh;
	struct nlattr *attr;
	size_t attrs;

	while (left >= sizeof(*rtnh)) {
		rtnh = (const struct rtnexthop *)p;
		if (rtnh->rtnh_len < sizeof(*rtnh) || rtnh->rtnh_len > left)
			return -EBADMSG;
		memset(tb, 0, sizeof(tb));
		attrs = rtnh->rtnh_len - (size_t)RTNH_ALIGN(sizeof(*rtnh));
		if (rtnh->rtnh_len < (size_t)RTNH_ALIGN(sizeof(*rtnh)))
			attrs = 0;
		mnl_attr_for_each_payload((void *)RTNH_DATA(rtnh), attrs) {
			if (mnl_attr_get_type(attr) == RTA_GATEWAY ||
			    mnl_attr_get_type(attr) == RTA_VIA)
				tb[mnl_attr_get_type(attr)] = attr;
		}
		if (rt->n_nh < DPUBGP_RT_MAX_NH) {
			nh = &rt->nh[rt->n_nh++];
			nh->ifindex = (uint32_t)rtnh->rtnh_ifindex;
			if (get_gw(tb[RTA_GATEWAY], tb[RTA_VIA],
				   rt->dst.family, &nh->gw))
				return -EBADMSG;
		}
		if ((size_t)RTNH_ALIGN(rtnh->rtnh_len) >= left)
			break;
		left -= (size_t)RTNH_ALIGN(rtnh->rtnh_len);
		p += RTNH_ALIGN(rtnh->rtnh_len);
	}
	return 0;
}

int dpubgp_rtnl_route_parse(const struct nlmsghdr *nlh, uint8_t protocol,
		    struct dpubgp_rtnl_route *rt)
{
	const struct nlattr *tb[RTA_MAX + 1];
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	size_t alen;

	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*rtm))
		return -EBADMSG;
	if (rtm->rtm_protocol != protocol || rtm->rtm_type != RTN_UNICAST ||
	    (rtm->rtm_flags & RTM_F_CLONED))
		return 0;
	alen = dpubgp_prefix_addrlen(rtm->rtm_family);
	if (!alen || rtm->rtm_dst_len > alen * 8 ||
	    dpubgp_attr_parse(nlh, sizeof(*rtm), route_policy, RTA_MAX, tb))
		return -EBADMSG;
	memset(rt, 0, sizeof(*rt));
	rt->protocol = rtm->rtm_protocol;
	rt->table = tb[RTA_TABLE] ? mnl_attr_get_u32(tb[RTA_TABLE]) :
				    rtm->rtm_table;
	rt->dst.family = rtm->rtm_family;
	rt->dst.len = rtm->rtm_dst_len;
	if (tb[RTA_DST]) {
		if (mnl_attr_get_payload_len(tb[RTA_DST]) != alen)
			return -EBADMSG;
		memcpy(rt->dst.addr, mnl_attr_get_payload(tb[RTA_DST]), alen);
	}
	if (tb[RTA_MULTIPATH])
		return get_multipath(tb[RTA_MULTIPATH], rt) ? -EBADMSG : 1;
	rt->n_nh = 1;
	rt->nh[0].ifindex = tb[RTA_OIF] ? mnl_attr_get_u32(tb[RTA_OIF]) : 0;
	return get_gw(tb[RTA_GATEWAY], tb[RTA_VIA], rt->dst.family,
		      &rt->nh[0].gw) ? -EBADMSG : 1;
}

struct rt_dump {
	uint8_t protocol;
	int (*cb)(const struct dpubgp_rtnl_route *rt, void *data);
	void *data;
};

static int rt_dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct rt_dump *d = arg;
	struct dpubgp_rtnl_route rt;
	int ret;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	ret = dpubgp_rtnl_route_parse(nlh, d->protocol, &rt);
	if (ret > 0)
		ret = d->cb(&rt, d->data);
	if (ret < 0) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

/* A dump request of type for family (AF_UNSPEC: all) with a header of hdrlen. */
static struct nlmsghdr *dump_start(void *buf, uint16_t type, size_t hdrlen,
				   uint8_t family)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	uint8_t *hdr;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	hdr = mnl_nlmsg_put_extra_header(nlh, hdrlen);
	hdr[0] = family;	/* rtm_family, ifi_family: first byte of both */
	return nlh;
}

int dpubgp_rtnl_route_dump(struct dpubgp_nl *nl, uint8_t protocol,
		   int (*cb)(const struct dpubgp_rtnl_route *rt, void *data),
		   void *data)
{
	_Alignas(struct nlmsghdr) char buf[256];
	struct rt_dump d = { .protocol = protocol, .cb = cb, .data = data };
	struct dpubgp_extack ext;
	const uint8_t families[] = { AF_INET, AF_INET6 };
	size_t i;
	int ret = 0;

	for (i = 0; !ret && i < sizeof(families); i++)
		ret = dpubgp_nl_talk(nl, dump_start(buf, RTM_GETROUTE,
						    sizeof(struct rtmsg),
						    families[i]),
				     rt_dump_cb, &d, &ext);
	return ret;
}

static const struct dpubgp_attr_policy link_policy[IFLA_MAX + 1] = {
	[IFLA_IFNAME] = { .type = MNL_TYPE_NUL_STRING, .len = IF_NAMESIZE },
	[IFLA_MASTER] = { .type = MNL_TYPE_U32 },
	[IFLA_LINKINFO] = { .type = MNL_TYPE_NESTED },
};

static const struct dpubgp_attr_policy info_policy[IFLA_INFO_MAX + 1] = {
	[IFLA_INFO_KIND] = { .type = MNL_TYPE_NUL_STRING, .len = 64 },
	[IFLA_INFO_DATA] = { .type = MNL_TYPE_NESTED },
};

static const struct dpubgp_attr_policy vrf_policy[IFLA_VRF_MAX + 1] = {
	[IFLA_VRF_TABLE] = { .type = MNL_TYPE_U32 },
};

static int link_info(const struct nlattr *nest, struct dpubgp_link *link)
{
	const struct nlattr *info[IFLA_INFO_MAX + 1];
	const struct nlattr *vrf[IFLA_VRF_MAX + 1];

	if (dpubgp_attr_parse_nested(nest, info_policy, IFLA_INFO_MAX, info))
		return -EBADMSG;
	if (!info[IFLA_INFO_KIND] ||
	    strcmp(mnl_attr_get_str(info[IFLA_INFO_KIND]), "vrf"))
		return 0;
	link->vrf = true;
	if (info[IFLA_INFO_DATA]) {
		if (dpubgp_attr_parse_nested(info[IFLA_INFO_DATA], vrf_policy,
					     IFLA_VRF_MAX, vrf))
			return -EBADMSG;
		if (vrf[IFLA_VRF_TABLE])
			link->vrf_table = mnl_attr_get_u32(vrf[IFLA_VRF_TABLE]);
	}
	return 0;
}

int dpubgp_link_parse(const struct nlmsghdr *nlh, struct dpubgp_link *link,
		      bool *deleted)
{
	const struct nlattr *tb[IFLA_MAX + 1];
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

	memset(link, 0, sizeof(*link));
	if (mnl_nlmsg_get_payload_len(nlh) >= sizeof(*ifi) &&
	    ifi->ifi_family != AF_UNSPEC)
		return -ENOENT;
	if ((nlh->nlmsg_type != RTM_NEWLINK &&
	     nlh->nlmsg_type != RTM_DELLINK) ||
	    mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifi) ||
	    dpubgp_attr_parse(nlh, sizeof(*ifi), link_policy, IFLA_MAX, tb) ||
	    !tb[IFLA_IFNAME] || ifi->ifi_index <= 0)
		return -EBADMSG;
	*deleted = nlh->nlmsg_type == RTM_DELLINK;
	link->ifindex = (uint32_t)ifi->ifi_index;
	snprintf(link->name, sizeof(link->name), "%s",
		 mnl_attr_get_str(tb[IFLA_IFNAME]));
	link->up = ifi->ifi_flags & IFF_UP;
	if (tb[IFLA_MASTER])
		link->master = mnl_attr_get_u32(tb[IFLA_MASTER]);
	return tb[IFLA_LINKINFO] ? link_info(tb[IFLA_LINKINFO], link) : 0;
}

struct link_dump {
	int (*cb)(const struct dpubgp_link *link, void *data);
	void *data;
};

static int link_dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct link_dump *d = arg;
	struct dpubgp_link link;
	bool deleted;
	int ret;

	ret = dpubgp_link_parse(nlh, &link, &deleted);
	if (ret == -ENOENT)
		return MNL_CB_OK;
	if (!ret)
		ret = d->cb(&link, d->data);
	if (ret) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int dpubgp_link_dump(struct dpubgp_nl *nl,
		     int (*cb)(const struct dpubgp_link *link, void *data),
		     void *data)
{
	_Alignas(struct nlmsghdr) char buf[256];
	struct link_dump d = { .cb = cb, .data = data };
	struct dpubgp_extack ext;

	return dpubgp_nl_talk(nl, dump_start(buf, RTM_GETLINK,
					     sizeof(struct ifinfomsg),
					     AF_UNSPEC),
			      link_dump_cb, &d, &ext);
}

/* Addresses. */

int dpubgp_rtnl_addr(struct dpubgp_nl *nl, uint16_t type,
		     const struct dpubgp_ifaddr *a, uint8_t scope,
		     struct dpubgp_extack *ext)
{
	_Alignas(struct nlmsghdr) char buf[256];
	size_t alen = dpubgp_prefix_addrlen(a->addr.family);
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	memset(ext, 0, sizeof(*ext));
	if (!alen)
		return -EAFNOSUPPORT;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (type == RTM_NEWADDR)
		nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = (unsigned char)a->addr.family;
	ifa->ifa_prefixlen = a->len;
	ifa->ifa_scope = scope;
	ifa->ifa_index = a->ifindex;
	mnl_attr_put(nlh, IFA_LOCAL, alen, &a->addr.v4);
	mnl_attr_put(nlh, IFA_ADDRESS, alen, &a->addr.v4);
	if (a->proto)
		mnl_attr_put_u8(nlh, IFA_PROTO, a->proto);
	return dpubgp_nl_talk(nl, nlh, NULL, NULL, ext);
}

static const struct dpubgp_attr_policy addr_policy[IFA_MAX + 1] = {
	[IFA_ADDRESS] = { .type = MNL_TYPE_BINARY },
	[IFA_LOCAL] = { .type = MNL_TYPE_BINARY },
	[IFA_PROTO] = { .type = MNL_TYPE_U8 },
};

int dpubgp_rtnl_addr_parse(const struct nlmsghdr *nlh,
			   struct dpubgp_ifaddr *a)
{
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *tb[IFA_MAX + 1] = { 0 };
	const struct nlattr *at;
	size_t alen;

	memset(a, 0, sizeof(*a));
	if (mnl_nlmsg_get_payload_len(nlh) < sizeof(*ifa))
		return -EBADMSG;
	alen = dpubgp_prefix_addrlen(ifa->ifa_family);
	if (!alen)
		return -EAFNOSUPPORT;
	if (dpubgp_attr_parse(nlh, sizeof(*ifa), addr_policy, IFA_MAX, tb) < 0)
		return -EBADMSG;
	at = tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS];
	if (!at || mnl_attr_get_payload_len(at) != alen)
		return -EBADMSG;
	a->ifindex = ifa->ifa_index;
	a->len = ifa->ifa_prefixlen;
	a->addr.family = ifa->ifa_family;
	memcpy(&a->addr.v4, mnl_attr_get_payload(at), alen);
	if (tb[IFA_PROTO])
		a->proto = mnl_attr_get_u8(tb[IFA_PROTO]);
	return 0;
}

struct addr_dump {
	int (*cb)(const struct dpubgp_ifaddr *a, void *data);
	void *data;
};

static int addr_dump_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct addr_dump *d = arg;
	struct dpubgp_ifaddr a;
	int ret;

	if (nlh->nlmsg_type != RTM_NEWADDR ||
	    dpubgp_rtnl_addr_parse(nlh, &a))
		return MNL_CB_OK;
	ret = d->cb(&a, d->data);
	if (ret) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

int dpubgp_rtnl_addr_dump(struct dpubgp_nl *nl,
			  int (*cb)(const struct dpubgp_ifaddr *a, void *data),
			  void *data)
{
	_Alignas(struct nlmsghdr) char buf[256];
	struct addr_dump d = { .cb = cb, .data = data };
	struct dpubgp_extack ext;

	return dpubgp_nl_talk(nl, dump_start(buf, RTM_GETADDR,
					     sizeof(struct ifaddrmsg),
					     AF_UNSPEC),
			      addr_dump_cb, &d, &ext);
}

int dpubgp_rtnl_join_events(struct dpubgp_nl *nl)
{
	const int groups[] = {
		RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR,
	};
	size_t i;
	int group;

	for (i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		group = groups[i];
		if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP,
					  &group, sizeof(group)) < 0)
			return -errno;
	}
	return 0;
}
