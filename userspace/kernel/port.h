/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's ports: tenant-facing devices enslaved to a VRF, with flags
 * and the host prefixes their tenant may source packets from.
 */
#ifndef DPUBGP_KERNEL_PORT_H
#define DPUBGP_KERNEL_PORT_H

#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

#include "base/prefix.h"
#include "kernel/genl.h"

struct dpubgp_port {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];	/* from the kernel only */
	char vrf[IF_NAMESIZE];		/* from the kernel only */
	uint32_t flags;			/* DPUBGP_PORT_F_* */
	uint64_t drops;			/* from the kernel only */
	size_t nhosts;
	struct dpubgp_prefix *hosts;
};

struct dpubgp_port_list {
	size_t count;
	size_t room;
	struct dpubgp_port *ports;
};

/*
 * Create the port or replace its flags and hosts, as given by ifindex,
 * flags and hosts; nothing is checked here, the kernel judges.
 */
int dpubgp_port_set(struct dpubgp_nl *nl, const struct dpubgp_port *port,
		    struct dpubgp_extack *ext);
int dpubgp_port_del(struct dpubgp_nl *nl, uint32_t ifindex,
		    struct dpubgp_extack *ext);

/*
 * Every port of the socket's namespace, in the kernel's (ifindex) order,
 * into list, which is empty on error. An inconsistent dump is run again a
 * few times before failing with -EINTR. Free with dpubgp_port_list_free().
 */
int dpubgp_port_dump(struct dpubgp_nl *nl, struct dpubgp_port_list *list,
		     struct dpubgp_extack *ext);
void dpubgp_port_list_free(struct dpubgp_port_list *list);

/*
 * The attributes of a PORT_SET request for port (ifindex, flags, and a
 * hosts nest if it has hosts), added to nlh in a buffer of size bytes.
 * Returns 0 or -EMSGSIZE, or -EAFNOSUPPORT for a host of unknown family.
 */
int dpubgp_port_put(struct nlmsghdr *nlh, size_t size,
		    const struct dpubgp_port *port);

/*
 * Fill port from a PORT_GET reply or a port event; only the ifindex is
 * required. Returns 0, -EBADMSG or -ENOMEM; release the hosts with
 * dpubgp_port_release() in every case.
 */
int dpubgp_port_parse(const struct nlmsghdr *nlh, struct dpubgp_port *port);
void dpubgp_port_release(struct dpubgp_port *port);

/*
 * A prefix nest of the given type (DPUBGP_A_HOSTS_PREFIX, _ROUTE_PREFIX)
 * and back, shared by ports and routes. put returns 0, -EMSGSIZE or
 * -EAFNOSUPPORT; get returns 0 or -EBADMSG.
 */
int dpubgp_prefix_put(struct nlmsghdr *nlh, size_t size, uint16_t type,
		      const struct dpubgp_prefix *prefix);
int dpubgp_prefix_get(const struct nlattr *nest, struct dpubgp_prefix *prefix);

#endif /* DPUBGP_KERNEL_PORT_H */
