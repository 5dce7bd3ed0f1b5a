/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rtnetlink for the daemon: the routes it installs in VRF tables
 * (RTM_NEWROUTE, RTM_DELROUTE, dumps by routing protocol id) and the
 * links it follows (RTM_NEWLINK, RTM_DELLINK: a port's device, its VRF
 * master and that VRF's table). Sockets from dpubgp_nl_open_route().
 */
#ifndef DPUBGP_KERNEL_RTNL_H
#define DPUBGP_KERNEL_RTNL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

#include "base/addr.h"
#include "base/prefix.h"
#include "kernel/genl.h"

/*
 * dpubgpd's routing protocol id (rtm_protocol): "ip route show proto
 * dpubgp" lists exactly its routes once etc/iproute2/rt_protos.d/dpubgp.conf
 * names it. Not in iproute2's list of assigned ids.
 */
#define DPUBGP_RTPROT 124

/* Most next hops of a route: more announcers of a prefix are left out. */
#define DPUBGP_RT_MAX_NH 32

struct dpubgp_rtnh {
	uint32_t ifindex;
	struct bgp_addr gw;		/* family 0: none (on-link) */
};

struct dpubgp_rtnl_route {
	uint32_t table;
	uint8_t protocol;
	struct dpubgp_prefix dst;
	size_t n_nh;
	struct dpubgp_rtnh nh[DPUBGP_RT_MAX_NH];
};

/*
 * An RTM_NEWROUTE (create or replace: the route becomes exactly rt, one
 * next hop or a multipath route) or RTM_DELROUTE (the whole route of
 * rt->dst in rt->table with rt->protocol, whatever its next hops) request
 * at buf, in room bytes: 0 or -EMSGSIZE. For dpubgp_nl_batch().
 */
int dpubgp_rtnl_route_put(void *buf, size_t room, uint16_t type,
		  const struct dpubgp_rtnl_route *rt);

/*
 * Fill rt from an RTM_NEWROUTE message: 1 when it is a unicast route of
 * protocol (a table's own, not a cached clone), 0 when it is another
 * route, -EBADMSG. Next hops beyond DPUBGP_RT_MAX_NH are left out.
 */
int dpubgp_rtnl_route_parse(const struct nlmsghdr *nlh, uint8_t protocol,
		    struct dpubgp_rtnl_route *rt);

/*
 * Every route of protocol, IPv4 and IPv6, every table: cb(rt, data) on
 * each, which returns 0 or -errno to stop. 0 or -errno.
 */
int dpubgp_rtnl_route_dump(struct dpubgp_nl *nl, uint8_t protocol,
		   int (*cb)(const struct dpubgp_rtnl_route *rt, void *data),
		   void *data);

struct dpubgp_link {
	uint32_t ifindex;
	char name[IF_NAMESIZE];
	uint32_t master;		/* ifindex, 0: none */
	bool up;			/* IFF_UP */
	bool vrf;			/* a VRF device */
	uint32_t vrf_table;		/* its table, if vrf */
};

/*
 * Fill link from an RTM_NEWLINK or RTM_DELLINK message: 0, -EBADMSG, or
 * -ENOENT for a message of one address family (AF_INET6 sends its own,
 * without the master or the link's kind): only AF_UNSPEC ones describe
 * the link. *deleted tells which.
 */
int dpubgp_link_parse(const struct nlmsghdr *nlh, struct dpubgp_link *link,
		      bool *deleted);

/* Every link: cb(link, data), 0 or -errno to stop. 0 or -errno. */
int dpubgp_link_dump(struct dpubgp_nl *nl,
		     int (*cb)(const struct dpubgp_link *link, void *data),
		     void *data);

/* An interface address, as RTM_NEWADDR and RTM_DELADDR carry it. */
struct dpubgp_ifaddr {
	uint32_t ifindex;
	struct bgp_addr addr;		/* IFA_LOCAL, else IFA_ADDRESS */
	uint8_t len;			/* prefix length */
	uint8_t proto;			/* IFA_PROTO; 0: none said */
};

/*
 * Put a (its address, length and proto; scope scope) on its device
 * (RTM_NEWADDR: created, or replaced when there) or take it off
 * (RTM_DELADDR): 0 or -errno, the kernel's sentence in ext. IFA_PROTO
 * (Linux 6.0) lets a later start tell dpubgpd's addresses from others.
 */
int dpubgp_rtnl_addr(struct dpubgp_nl *nl, uint16_t type,
		     const struct dpubgp_ifaddr *a, uint8_t scope,
		     struct dpubgp_extack *ext);

/*
 * Fill a from an RTM_NEWADDR or RTM_DELADDR message: 0, or -EBADMSG,
 * -EAFNOSUPPORT for a family other than IPv4 and IPv6.
 */
int dpubgp_rtnl_addr_parse(const struct nlmsghdr *nlh,
			   struct dpubgp_ifaddr *a);

/*
 * Every IPv4 and IPv6 address of the namespace: cb(a, data), 0 or -errno
 * to stop. 0 or -errno.
 */
int dpubgp_rtnl_addr_dump(struct dpubgp_nl *nl,
			  int (*cb)(const struct dpubgp_ifaddr *a, void *data),
			  void *data);

/*
 * Join RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR and RTNLGRP_IPV6_IFADDR: link
 * and address events on this socket. 0 or -errno.
 */
int dpubgp_rtnl_join_events(struct dpubgp_nl *nl);

#endif /* DPUBGP_KERNEL_RTNL_H */
