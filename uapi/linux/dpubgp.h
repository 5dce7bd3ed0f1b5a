/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * dpubgp: the tenant-interface prefix filter and VRF leak of a DPU.
 *
 * This header is the contract between dpubgp.ko and its userspace
 * (dpubgpd, dpubgpctl). It is the only place the generic netlink family
 * "dpubgp" is described.
 *
 * Family
 * ------
 * Generic netlink family DPUBGP_GENL_NAME, version DPUBGP_GENL_VERSION.
 * Every command requires CAP_NET_ADMIN in the user namespace that owns the
 * network namespace of the socket. State is kept per network namespace: a
 * socket only sees and changes the objects of its own namespace.
 *
 * Objects
 * -------
 * A port is a tenant-facing device, named by its ifindex, that is enslaved
 * to an l3mdev (a VRF). It carries flags (DPUBGP_PORT_F_*) and the list of
 * host prefixes its tenant host may source packets from. A port exists only
 * while its device exists and is enslaved to a VRF: unregistering the device
 * or releasing it from its VRF removes the port and announces the removal
 * on the DPUBGP_MCGRP_EVENTS multicast group.
 *
 * A tenant route is a prefix announced by the host behind a port, keyed by
 * (prefix, port): the same prefix may be announced through several ports
 * (anycast). It carries flags (DPUBGP_ROUTE_F_*) and packet and byte
 * counters. The prefixes a port's host may source packets from are its
 * host prefixes and its tenant routes. A route exists only while its port
 * does: removing a port, in any way, removes its routes with it (the
 * PORT_DEL event stands for them too).
 *
 * Commands
 * --------
 * DPUBGP_CMD_PORT_SET: create a port, or replace the flags and host
 *   prefixes of an existing one: everything is replaced, so a SET without
 *   FLAGS clears them and one without HOSTS leaves the port with none. Host
 *   prefixes come back in the order given. Takes
 *     DPUBGP_A_PORT_IFINDEX   (required)
 *     DPUBGP_A_PORT_FLAGS     (optional, default 0; unknown bits refused)
 *     DPUBGP_A_PORT_HOSTS     (optional nest; absent means no host prefix)
 *       DPUBGP_A_HOSTS_PREFIX (nest, repeated up to DPUBGP_PORT_HOSTS_MAX)
 *         DPUBGP_A_PREFIX_ADDR4 or DPUBGP_A_PREFIX_ADDR6 (exactly one)
 *         DPUBGP_A_PREFIX_LEN (required, <= 32 or <= 128)
 *   A prefix with bits set beyond its length is refused, as is a device
 *   that does not exist in the namespace or is not enslaved to a VRF.
 *
 * DPUBGP_CMD_PORT_DEL: remove a port. Takes DPUBGP_A_PORT_IFINDEX.
 *   Removing a port that does not exist fails with ENOENT.
 *
 * DPUBGP_CMD_PORT_GET: dump only (NLM_F_DUMP). Replies with one message per
 *   port, in ifindex order, carrying DPUBGP_A_PORT_IFINDEX, _IFNAME, _VRF
 *   (the name of the VRF device), _FLAGS and _HOSTS as above, and _DROPS:
 *   the packets the source filter dropped on the port since it was
 *   created (a SET keeps the count). A dump that
 *   does not fit one skb continues in the next read from the port after the
 *   last one sent. Ports changed during a dump are flagged with
 *   NLM_F_DUMP_INTR on the affected message (consistent-dump protocol).
 *
 * DPUBGP_CMD_ROUTE_ADD: add a tenant route. Takes
 *     DPUBGP_A_PORT_IFINDEX   (required: a port's ifindex)
 *     DPUBGP_A_ROUTE_PREFIX   (required nest, as DPUBGP_A_HOSTS_PREFIX)
 *     DPUBGP_A_ROUTE_FLAGS    (optional, default 0; unknown bits refused)
 *   DROP_OVERLAY implies LEAK_UNDERLAY: the kernel sets both and reports
 *   both. Adding a route that exists on that port fails with EEXIST: to
 *   change its flags, delete it and add it again.
 *
 * DPUBGP_CMD_ROUTE_DEL: remove a tenant route. Takes DPUBGP_A_PORT_IFINDEX
 *   and DPUBGP_A_ROUTE_PREFIX; ENOENT if that port has no such route.
 *
 * DPUBGP_CMD_ROUTE_GET: dump only (NLM_F_DUMP). Replies with one message
 *   per route, by port in ifindex order, then IPv4 before IPv6, then in
 *   prefix order (a prefix before the longer ones inside it), carrying
 *   DPUBGP_A_PORT_IFINDEX, _PORT_IFNAME, _ROUTE_PREFIX, _ROUTE_FLAGS,
 *   _ROUTE_PACKETS and _ROUTE_BYTES: the packets (and their IP bytes) the
 *   route matched, received on its port from a source inside it or, for a
 *   route in the leak table, on the underlay to a destination inside it.
 *   A dump that does not fit
 *   one skb continues in the next read after the last (port, prefix) sent,
 *   so a dump of any size makes progress; changes during a dump are
 *   flagged with NLM_F_DUMP_INTR.
 *
 * DPUBGP_CMD_FLUSH: remove the tenant routes of every port, or of the one
 *   port named by DPUBGP_A_PORT_IFINDEX (ENOENT if it is not a port).
 *   Ports stay.
 *
 * Batches: a request carries one object; a client batches by putting many
 * requests in one sendmsg() (each is answered, in order, with an error or,
 * if it asked with NLM_F_ACK, an acknowledgment).
 *
 * Validation is strict: nests must carry NLA_F_NESTED, unknown attributes
 * and unknown flag bits are refused, and so are NLM_F_CREATE, _REPLACE,
 * _EXCL and _APPEND (SET always creates or replaces).
 *
 * Errors: every rejected request carries an extended ACK message (a
 * sentence) and, where one attribute is at fault, its offset.
 *
 * Events
 * ------
 * Multicast group DPUBGP_MCGRP_EVENTS (joining needs CAP_NET_ADMIN):
 * DPUBGP_CMD_PORT_DEL with DPUBGP_A_PORT_IFINDEX and DPUBGP_A_PORT_IFNAME
 * when a port disappears because its device went away (deleted, or moved
 * to another namespace) or left its VRF (released, moved to another VRF,
 * or the VRF deleted). Unloading the module removes every port silently.
 *
 * Compatibility: new commands and attributes are only ever appended; a
 * message is parsed strictly, so an attribute this version does not know is
 * refused rather than silently ignored.
 */
#ifndef _UAPI_LINUX_DPUBGP_H
#define _UAPI_LINUX_DPUBGP_H

#define DPUBGP_GENL_NAME	"dpubgp"
#define DPUBGP_GENL_VERSION	1
#define DPUBGP_MCGRP_EVENTS	"events"

/* Most host prefixes one port may carry. */
#define DPUBGP_PORT_HOSTS_MAX	16

enum dpubgp_cmd {
	DPUBGP_CMD_UNSPEC,
	DPUBGP_CMD_PORT_SET,
	DPUBGP_CMD_PORT_DEL,
	DPUBGP_CMD_PORT_GET,
	DPUBGP_CMD_ROUTE_ADD,
	DPUBGP_CMD_ROUTE_DEL,
	DPUBGP_CMD_ROUTE_GET,
	DPUBGP_CMD_FLUSH,
	__DPUBGP_CMD_MAX
};

#define DPUBGP_CMD_MAX (__DPUBGP_CMD_MAX - 1)

enum dpubgp_port_flag {
	/* Drop packets received on the port from sources outside its host
	 * prefixes and tenant routes, but for IPv6 link-local and
	 * unspecified sources (neighbour discovery; never forwarded).
	 */
	DPUBGP_PORT_F_SRC_FILTER = 1U << 0,
	DPUBGP_PORT_F_ALL = DPUBGP_PORT_F_SRC_FILTER
};

enum dpubgp_route_flag {
	/* Leak the route into the underlay: reach the host from it. */
	DPUBGP_ROUTE_F_LEAK_UNDERLAY = 1U << 0,
	/* Also route the host's packets from the prefix by the underlay. */
	DPUBGP_ROUTE_F_DROP_OVERLAY = 1U << 1,
	DPUBGP_ROUTE_F_ALL = DPUBGP_ROUTE_F_LEAK_UNDERLAY |
			     DPUBGP_ROUTE_F_DROP_OVERLAY
};

enum dpubgp_attr {
	DPUBGP_A_UNSPEC,
	DPUBGP_A_PORT_IFINDEX,	/* u32 */
	DPUBGP_A_PORT_IFNAME,	/* string, in replies and events only */
	DPUBGP_A_PORT_VRF,	/* string, the VRF's name, in replies only */
	DPUBGP_A_PORT_FLAGS,	/* u32, DPUBGP_PORT_F_* */
	DPUBGP_A_PORT_HOSTS,	/* nest of DPUBGP_A_HOSTS_PREFIX */
	DPUBGP_A_ROUTE_PREFIX,	/* nest of dpubgp_prefix_attr */
	DPUBGP_A_ROUTE_FLAGS,	/* u32, DPUBGP_ROUTE_F_* */
	DPUBGP_A_ROUTE_PACKETS,	/* u64, in replies only */
	DPUBGP_A_ROUTE_BYTES,	/* u64, in replies only */
	DPUBGP_A_PAD,		/* aligns the u64s, never sent by userspace */
	DPUBGP_A_PORT_DROPS,	/* u64, in replies only */
	__DPUBGP_A_MAX
};

#define DPUBGP_A_MAX (__DPUBGP_A_MAX - 1)

enum dpubgp_hosts_attr {
	DPUBGP_A_HOSTS_UNSPEC,
	DPUBGP_A_HOSTS_PREFIX,	/* nest of dpubgp_prefix_attr */
	__DPUBGP_A_HOSTS_MAX
};

#define DPUBGP_A_HOSTS_MAX (__DPUBGP_A_HOSTS_MAX - 1)

enum dpubgp_prefix_attr {
	DPUBGP_A_PREFIX_UNSPEC,
	DPUBGP_A_PREFIX_ADDR4,	/* 4 bytes, network order */
	DPUBGP_A_PREFIX_ADDR6,	/* 16 bytes, network order */
	DPUBGP_A_PREFIX_LEN,	/* u8 */
	__DPUBGP_A_PREFIX_MAX
};

#define DPUBGP_A_PREFIX_MAX (__DPUBGP_A_PREFIX_MAX - 1)

#endif /* _UAPI_LINUX_DPUBGP_H */
