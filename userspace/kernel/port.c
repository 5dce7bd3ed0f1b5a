// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's ports, through the dpubgp family's PORT_* commands.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/dpubgp.h>

#include "base/array.h"
#include "kernel/nlattr.h"
#include "kernel/port.h"

static const struct dpubgp_attr_policy port_policy[DPUBGP_A_MAX + 1] = {
	[DPUBGP_A_PORT_IFINDEX] = { .type = MNL_TYPE_U32 },
	[DPUBGP_A_PORT_IFNAME] = { .type = MNL_TYPE_NUL_STRING,
				   .len = IF_NAMESIZE },
	[DPUBGP_A_PORT_VRF] = { .type = MNL_TYPE_NUL_STRING,
				.len = IF_NAMESIZE },
	[DPUBGP_A_PORT_FLAGS] = { .type = MNL_TYPE_U32 },
	[DPUBGP_A_PORT_HOSTS] = { .type = MNL_TYPE_NESTED },
	[DPUBGP_A_PORT_DROPS] = { .type = MNL_TYPE_U64 },
};

static const struct dpubgp_attr_policy
	prefix_policy[DPUBGP_A_PREFIX_MAX + 1] = {
	[DPUBGP_A_PREFIX_ADDR4] = { .type = MNL_TYPE_BINARY,
				    .len = sizeof(struct in_addr) },
	[DPUBGP_A_PREFIX_ADDR6] = { .type = MNL_TYPE_BINARY,
				    .len = sizeof(struct in6_addr) },
	[DPUBGP_A_PREFIX_LEN] = { .type = MNL_TYPE_U8 },
};

int dpubgp_prefix_put(struct nlmsghdr *nlh, size_t size, uint16_t type,
		      const struct dpubgp_prefix *prefix)
{
	size_t addrlen = dpubgp_prefix_addrlen(prefix->family);
	uint16_t addrtype = prefix->family == AF_INET ? DPUBGP_A_PREFIX_ADDR4 :
							DPUBGP_A_PREFIX_ADDR6;
	struct nlattr *nest;

	if (!addrlen)
		return -EAFNOSUPPORT;
	nest = mnl_attr_nest_start_check(nlh, size, type);
	if (!nest ||
	    !mnl_attr_put_check(nlh, size, addrtype, addrlen, prefix->addr) ||
	    !mnl_attr_put_u8_check(nlh, size, DPUBGP_A_PREFIX_LEN, prefix->len))
		return -EMSGSIZE;
	mnl_attr_nest_end(nlh, nest);
	return 0;
}

static int hosts_put(struct nlmsghdr *nlh, size_t size,
		     const struct dpubgp_port *port)
{
	struct nlattr *nest;
	size_t i;
	int ret;

	nest = mnl_attr_nest_start_check(nlh, size, DPUBGP_A_PORT_HOSTS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < port->nhosts; i++) {
		ret = dpubgp_prefix_put(nlh, size, DPUBGP_A_HOSTS_PREFIX,
				 &port->hosts[i]);
		if (ret)
			return ret;
	}
	mnl_attr_nest_end(nlh, nest);
	return 0;
}

int dpubgp_port_put(struct nlmsghdr *nlh, size_t size,
		    const struct dpubgp_port *port)
{
	if (!mnl_attr_put_u32_check(nlh, size, DPUBGP_A_PORT_IFINDEX,
				    port->ifindex) ||
	    !mnl_attr_put_u32_check(nlh, size, DPUBGP_A_PORT_FLAGS,
				    port->flags))
		return -EMSGSIZE;
	/* The contract spells "no hosts" as an absent nest. */
	return port->nhosts ? hosts_put(nlh, size, port) : 0;
}

int dpubgp_prefix_get(const struct nlattr *nest, struct dpubgp_prefix *prefix)
{
	const struct nlattr *tb[DPUBGP_A_PREFIX_MAX + 1];
	const struct nlattr *addr;

	if (dpubgp_attr_parse_nested(nest, prefix_policy, DPUBGP_A_PREFIX_MAX,
				     tb) < 0)
		return -EBADMSG;
	if (!tb[DPUBGP_A_PREFIX_ADDR4] == !tb[DPUBGP_A_PREFIX_ADDR6] ||
	    !tb[DPUBGP_A_PREFIX_LEN])
		return -EBADMSG;

	memset(prefix, 0, sizeof(*prefix));
	prefix->family = tb[DPUBGP_A_PREFIX_ADDR4] ? AF_INET : AF_INET6;
	prefix->len = mnl_attr_get_u8(tb[DPUBGP_A_PREFIX_LEN]);
	if (prefix->len > dpubgp_prefix_maxlen(prefix->family))
		return -EBADMSG;
	addr = tb[DPUBGP_A_PREFIX_ADDR4] ?: tb[DPUBGP_A_PREFIX_ADDR6];
	memcpy(prefix->addr, mnl_attr_get_payload(addr),
	       mnl_attr_get_payload_len(addr));
	return 0;
}

static int hosts_get(const struct nlattr *nest, struct dpubgp_port *port)
{
	const struct nlattr *attr;
	size_t room = 0;
	int ret;

	mnl_attr_for_each_nested(attr, nest)
		room++;
	if (!room)
		return 0;
	port->hosts = calloc(room, sizeof(*port->hosts));
	if (!port->hosts)
		return -ENOMEM;
	mnl_attr_for_each_nested(attr, nest) {
		/* Skip what a newer kernel may add beside the prefixes. */
		if (mnl_attr_get_type(attr) != DPUBGP_A_HOSTS_PREFIX)
			continue;
		ret = dpubgp_prefix_get(attr, &port->hosts[port->nhosts]);
		if (ret)
			return ret;
		port->nhosts++;
	}
	return 0;
}

/* The policy bounds the string, NUL included, to IF_NAMESIZE. */
static void name_get(char name[IF_NAMESIZE], const struct nlattr *attr)
{
	memcpy(name, mnl_attr_get_payload(attr),
	       mnl_attr_get_payload_len(attr));
}

int dpubgp_port_parse(const struct nlmsghdr *nlh, struct dpubgp_port *port)
{
	const struct nlattr *tb[DPUBGP_A_MAX + 1];

	memset(port, 0, sizeof(*port));
	if (dpubgp_attr_parse(nlh, sizeof(struct genlmsghdr), port_policy,
			      DPUBGP_A_MAX, tb) < 0 ||
	    !tb[DPUBGP_A_PORT_IFINDEX])
		return -EBADMSG;

	port->ifindex = mnl_attr_get_u32(tb[DPUBGP_A_PORT_IFINDEX]);
	if (tb[DPUBGP_A_PORT_IFNAME])
		name_get(port->ifname, tb[DPUBGP_A_PORT_IFNAME]);
	if (tb[DPUBGP_A_PORT_VRF])
		name_get(port->vrf, tb[DPUBGP_A_PORT_VRF]);
	if (tb[DPUBGP_A_PORT_FLAGS])
		port->flags = mnl_attr_get_u32(tb[DPUBGP_A_PORT_FLAGS]);
	if (tb[DPUBGP_A_PORT_DROPS])
		port->drops = mnl_attr_get_u64(tb[DPUBGP_A_PORT_DROPS]);
	if (tb[DPUBGP_A_PORT_HOSTS])
		return hosts_get(tb[DPUBGP_A_PORT_HOSTS], port);
	return 0;
}

void dpubgp_port_release(struct dpubgp_port *port)
{
	free(port->hosts);
	port->hosts = NULL;
	port->nhosts = 0;
}

int dpubgp_port_set(struct dpubgp_nl *nl, const struct dpubgp_port *port,
		    struct dpubgp_extack *ext)
{
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_MSG_SIZE];
	struct nlmsghdr *nlh;
	int ret;

	/* Reset here too: the request may not even be built. */
	memset(ext, 0, sizeof(*ext));
	nlh = dpubgp_nl_msg_start(nl, buf, DPUBGP_CMD_PORT_SET, 0);
	ret = dpubgp_port_put(nlh, sizeof(buf), port);
	if (ret)
		return ret;
	return dpubgp_nl_talk(nl, nlh, NULL, NULL, ext);
}

int dpubgp_port_del(struct dpubgp_nl *nl, uint32_t ifindex,
		    struct dpubgp_extack *ext)
{
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	memset(ext, 0, sizeof(*ext));
	nlh = dpubgp_nl_msg_start(nl, buf, DPUBGP_CMD_PORT_DEL, 0);
	if (!mnl_attr_put_u32_check(nlh, sizeof(buf), DPUBGP_A_PORT_IFINDEX,
				    ifindex))
		return -EMSGSIZE;
	return dpubgp_nl_talk(nl, nlh, NULL, NULL, ext);
}

static int port_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct dpubgp_port_list *list = data;
	struct dpubgp_port port;
	int ret;

	ret = dpubgp_port_parse(nlh, &port);
	if (!ret)
		ret = dpubgp_array_push(&list->ports, &list->count, &list->room,
					sizeof(port), &port);
	if (ret) {
		dpubgp_port_release(&port);
		errno = -ret;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static void port_list_reset(void *list)
{
	dpubgp_port_list_free(list);
}

int dpubgp_port_dump(struct dpubgp_nl *nl, struct dpubgp_port_list *list,
		     struct dpubgp_extack *ext)
{
	memset(list, 0, sizeof(*list));
	return dpubgp_nl_dump(nl, DPUBGP_CMD_PORT_GET, port_dump_cb, list,
			      port_list_reset, ext);
}

void dpubgp_port_list_free(struct dpubgp_port_list *list)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		dpubgp_port_release(&list->ports[i]);
	free(list->ports);
	memset(list, 0, sizeof(*list));
}
