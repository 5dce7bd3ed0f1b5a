// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's tenant routes, through the ROUTE_* and FLUSH commands.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/genetlink.h>
#include <linux/dpubgp.h>

#include "base/array.h"
#include "kernel/nlattr.h"
#include "kernel/port.h"
#include "kernel/route.h"

static const struct dpubgp_attr_policy route_policy[DPUBGP_A_MAX + 1] = {
	[DPUBGP_A_PORT_IFINDEX] = { .type = MNL_TYPE_U32 },
	[DPUBGP_A_PORT_IFNAME] = { .type = MNL_TYPE_NUL_STRING,
				   .len = IF_NAMESIZE },
	[DPUBGP_A_ROUTE_PREFIX] = { .type = MNL_TYPE_NESTED },
	[DPUBGP_A_ROUTE_FLAGS] = { .type = MNL_TYPE_U32 },
	[DPUBGP_A_ROUTE_PACKETS] = { .type = MNL_TYPE_U64 },
	[DPUBGP_A_ROUTE_BYTES] = { .type = MNL_TYPE_U64 },
};

int dpubgp_route_parse(const struct nlmsghdr *nlh, struct dpubgp_route *route)
{
	const struct nlattr *tb[DPUBGP_A_MAX + 1];
	const struct nlattr *name;

	memset(route, 0, sizeof(*route));
	if (dpubgp_attr_parse(nlh, sizeof(struct genlmsghdr), route_policy,
			      DPUBGP_A_MAX, tb) < 0 ||
	    !tb[DPUBGP_A_PORT_IFINDEX] || !tb[DPUBGP_A_ROUTE_PREFIX] ||
	    dpubgp_prefix_get(tb[DPUBGP_A_ROUTE_PREFIX], &route->prefix))
		return -EBADMSG;

	route->ifindex = mnl_attr_get_u32(tb[DPUBGP_A_PORT_IFINDEX]);
	name = tb[DPUBGP_A_PORT_IFNAME];
	if (name)
		memcpy(route->ifname, mnl_attr_get_payload(name),
		       mnl_attr_get_payload_len(name));
	if (tb[DPUBGP_A_ROUTE_FLAGS])
		route->flags = mnl_attr_get_u32(tb[DPUBGP_A_ROUTE_FLAGS]);
	if (tb[DPUBGP_A_ROUTE_PACKETS])
		route->packets = mnl_attr_get_u64(tb[DPUBGP_A_ROUTE_PACKETS]);
	if (tb[DPUBGP_A_ROUTE_BYTES])
		route->bytes = mnl_attr_get_u64(tb[DPUBGP_A_ROUTE_BYTES]);
	return 0;
}

int dpubgp_route_put(const struct dpubgp_nl *nl, void *buf, size_t room,
		     uint8_t cmd, const struct dpubgp_route *route)
{
	struct nlmsghdr *nlh;
	int ret;

	if (room < NLMSG_HDRLEN + GENL_HDRLEN)
		return -EMSGSIZE;
	nlh = dpubgp_nl_msg_start(nl, buf, cmd, 0);
	if (!mnl_attr_put_u32_check(nlh, room, DPUBGP_A_PORT_IFINDEX,
				    route->ifindex))
		return -EMSGSIZE;
	ret = dpubgp_prefix_put(nlh, room, DPUBGP_A_ROUTE_PREFIX,
				&route->prefix);
	if (ret)
		return ret;
	if (cmd == DPUBGP_CMD_ROUTE_ADD &&
	    !mnl_attr_put_u32_check(nlh, room, DPUBGP_A_ROUTE_FLAGS,
				    route->flags))
		return -EMSGSIZE;
	return 0;
}

static int route_request(struct dpubgp_nl *nl, uint8_t cmd,
			 const struct dpubgp_route *route,
			 struct dpubgp_extack *ext)
{
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_MSG_SIZE];
	int ret;

	memset(ext, 0, sizeof(*ext));
	ret = dpubgp_route_put(nl, buf, sizeof(buf), cmd, route);
	if (ret)
		return ret;
	return dpubgp_nl_talk(nl, (struct nlmsghdr *)buf, NULL, NULL, ext);
}

int dpubgp_route_add(struct dpubgp_nl *nl, const struct dpubgp_route *route,
		     struct dpubgp_extack *ext)
{
	return route_request(nl, DPUBGP_CMD_ROUTE_ADD, route, ext);
}

/* Put routes[i] as a ROUTE_ADD request. */
static int add_put(struct dpubgp_nl *nl, void *buf, size_t room, size_t i,
		   void *data)
{
	const struct dpubgp_route *routes = data;

	return dpubgp_route_put(nl, buf, room, DPUBGP_CMD_ROUTE_ADD,
				&routes[i]);
}

int dpubgp_route_add_batch(struct dpubgp_nl *nl,
			   const struct dpubgp_route *routes, size_t count,
			   size_t *failed, struct dpubgp_extack *ext)
{
	struct dpubgp_nl_batch b = {
		.count = count,
		.put = add_put,
		.data = (void *)routes,
	};
	int ret = dpubgp_nl_batch(nl, &b);

	*ext = b.ext;
	if (ret && failed)
		*failed = b.failed;
	return ret;
}

int dpubgp_route_del(struct dpubgp_nl *nl, const struct dpubgp_route *route,
		     struct dpubgp_extack *ext)
{
	return route_request(nl, DPUBGP_CMD_ROUTE_DEL, route, ext);
}

int dpubgp_route_flush(struct dpubgp_nl *nl, uint32_t ifindex,
		       struct dpubgp_extack *ext)
{
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	memset(ext, 0, sizeof(*ext));
	nlh = dpubgp_nl_msg_start(nl, buf, DPUBGP_CMD_FLUSH, 0);
	if (ifindex &&
	    !mnl_attr_put_u32_check(nlh, sizeof(buf), DPUBGP_A_PORT_IFINDEX,
				    ifindex))
		return -EMSGSIZE;
	return dpubgp_nl_talk(nl, nlh, NULL, NULL, ext);
}

static int route_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dpubgp_route_list *list = data;
	struct dpubgp_route route;
	int ret;

	ret = dpubgp_route_parse(nlh, &route);
	if (!ret)
		ret = dpubgp_array_push(&list->routes, &list->count, &list->room,
					sizeof(route), &route);
	if (ret) {
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static void route_list_reset(void *list)
{
	dpubgp_route_list_free(list);
}

int dpubgp_route_dump(struct dpubgp_nl *nl, struct dpubgp_route_list *list,
		      struct dpubgp_extack *ext)
{
	memset(list, 0, sizeof(*list));
	return dpubgp_nl_dump(nl, DPUBGP_CMD_ROUTE_GET, route_dump_cb, list,
			      route_list_reset, ext);
}

void dpubgp_route_list_free(struct dpubgp_route_list *list)
{
	free(list->routes);
	memset(list, 0, sizeof(*list));
}
