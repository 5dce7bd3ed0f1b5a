/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's tenant routes: (prefix, port) with flags and counters.
 */
#ifndef DPUBGP_KERNEL_ROUTE_H
#define DPUBGP_KERNEL_ROUTE_H

#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

#include "base/prefix.h"
#include "kernel/genl.h"

struct dpubgp_route {
	struct dpubgp_prefix prefix;
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];	/* from the kernel only */
	uint32_t flags;			/* DPUBGP_ROUTE_F_* */
	uint64_t packets;		/* from the kernel only */
	uint64_t bytes;			/* from the kernel only */
};

struct dpubgp_route_list {
	size_t count;
	size_t room;
	struct dpubgp_route *routes;
};

/* Nothing is checked here: the kernel judges. Return 0 or -errno. */
int dpubgp_route_add(struct dpubgp_nl *nl, const struct dpubgp_route *route,
		     struct dpubgp_extack *ext);
int dpubgp_route_del(struct dpubgp_nl *nl, const struct dpubgp_route *route,
		     struct dpubgp_extack *ext);
/*
 * Add count routes in batches (dpubgp_nl_batch()). Every route is tried.
 * Returns 0, or the -errno of the first failure with ext filled from it
 * and *failed (if not NULL) set to its index in routes.
 */
int dpubgp_route_add_batch(struct dpubgp_nl *nl,
			   const struct dpubgp_route *routes, size_t count,
			   size_t *failed, struct dpubgp_extack *ext);

/*
 * A ROUTE_ADD (with the flags) or ROUTE_DEL (the key only) request for
 * route at buf, in room bytes: 0, -EMSGSIZE or -EAFNOSUPPORT. For
 * batches: see dpubgp_nl_batch().
 */
int dpubgp_route_put(const struct dpubgp_nl *nl, void *buf, size_t room,
		     uint8_t cmd, const struct dpubgp_route *route);

/* The routes of every port, or of port ifindex if it is not 0. */
int dpubgp_route_flush(struct dpubgp_nl *nl, uint32_t ifindex,
		       struct dpubgp_extack *ext);

/*
 * Every route of the socket's namespace, in the kernel's order, into list,
 * which is empty on error; an interrupted dump is run again a few times
 * before failing with -EINTR. Free with dpubgp_route_list_free().
 */
int dpubgp_route_dump(struct dpubgp_nl *nl, struct dpubgp_route_list *list,
		      struct dpubgp_extack *ext);
void dpubgp_route_list_free(struct dpubgp_route_list *list);

/* Fill route from a ROUTE_GET reply. Returns 0 or -EBADMSG. */
int dpubgp_route_parse(const struct nlmsghdr *nlh, struct dpubgp_route *route);

#endif /* DPUBGP_KERNEL_ROUTE_H */
