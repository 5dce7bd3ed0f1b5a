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

/* ROUTE_ADD carries the flags, ROUTE_DEL only the key. */
static int route_request(struct dpubgp_nl *nl, uint8_t cmd,
			 const struct dpubgp_route *route,
			 struct dpubgp_extack *ext)
{
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_MSG_SIZE];
	struct nlmsghdr *nlh;
	int ret;

	memset(ext, 0, sizeof(*ext));
	nlh = dpubgp_nl_msg_start(nl, buf, cmd, 0);
	if (!mnl_attr_put_u32_check(nlh, sizeof(buf), DPUBGP_A_PORT_IFINDEX,
				    route->ifindex))
		return -EMSGSIZE;
	ret = dpubgp_prefix_put(nlh, sizeof(buf), DPUBGP_A_ROUTE_PREFIX,
				&route->prefix);
	if (ret)
		return ret;
	if (cmd == DPUBGP_CMD_ROUTE_ADD &&
	    !mnl_attr_put_u32_check(nlh, sizeof(buf), DPUBGP_A_ROUTE_FLAGS,
				    route->flags))
		return -EMSGSIZE;
	return dpubgp_nl_talk(nl, nlh, NULL, NULL, ext);
}

int dpubgp_route_add(struct dpubgp_nl *nl, const struct dpubgp_route *route,
		     struct dpubgp_extack *ext)
{
	return route_request(nl, DPUBGP_CMD_ROUTE_ADD, route, ext);
}

/*
 * The answers to one batch: errors for the requests that failed, then the
 * ACK of its last request (sequence number last). The requests carry
 * sequence numbers first..last in the order of routes[base...].
 */
struct batch {
	uint32_t first, last;
	size_t base;
	size_t *failed;
	struct dpubgp_extack *ext;
	int error;		/* the first failure's */
	int done;
};

static int batch_ack(const struct nlmsghdr *nlh, void *data)
{
	struct batch *b = data;
	struct dpubgp_extack ext;
	uint32_t seq = nlh->nlmsg_seq;
	int err;

	if (seq - b->first > b->last - b->first)
		return MNL_CB_OK;	/* not ours: an earlier batch's */
	err = dpubgp_extack_parse(nlh, &ext);
	if (err && !b->error) {
		b->error = err;
		*b->ext = ext;
		if (b->failed)
			*b->failed = b->base + (seq - b->first);
	}
	if (seq == b->last) {
		b->done = 1;
		return MNL_CB_STOP;
	}
	return MNL_CB_OK;
}

static mnl_cb_t batch_ctl[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = batch_ack,
};

static int batch_put(struct dpubgp_nl *nl, char *buf, size_t room,
		     const struct dpubgp_route *route, struct nlmsghdr **nlhp)
{
	struct nlmsghdr *nlh;
	int ret;

	if (room < DPUBGP_NL_MSG_SIZE / 64)
		return -EMSGSIZE;
	nlh = dpubgp_nl_msg_start(nl, buf, DPUBGP_CMD_ROUTE_ADD, 0);
	nlh->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
	if (!mnl_attr_put_u32_check(nlh, room, DPUBGP_A_PORT_IFINDEX,
				    route->ifindex))
		return -EMSGSIZE;
	ret = dpubgp_prefix_put(nlh, room, DPUBGP_A_ROUTE_PREFIX,
				&route->prefix);
	if (ret)
		return ret;
	if (!mnl_attr_put_u32_check(nlh, room, DPUBGP_A_ROUTE_FLAGS,
				    route->flags))
		return -EMSGSIZE;
	nlh->nlmsg_seq = ++nl->seq;
	*nlhp = nlh;
	return 0;
}

static int batch_wait(struct dpubgp_nl *nl, struct batch *b)
{
	_Alignas(struct nlmsghdr) char buf[32768];
	ssize_t len;
	int ret;

	while (!b->done) {
		len = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (len < 0)
			return -errno;
		ret = mnl_cb_run2(buf, (size_t)len, 0, nl->portid, NULL, b,
				  batch_ctl, MNL_ARRAY_SIZE(batch_ctl));
		if (ret < 0)
			return -errno;
	}
	return 0;
}

/*
 * The kernel runs a whole batch within sendmsg(), and every failing request
 * queues an error (an skb of its own, some 1 KiB of receive buffer) before
 * the first is read: make room for a batch that fails throughout, or the
 * kernel drops the answers and the read fails with ENOBUFS. Forcing the
 * size needs CAP_NET_ADMIN, which every request needs anyway.
 */
#define BATCH_RCVBUF (4 << 20)

static void batch_rcvbuf(struct dpubgp_nl *nl)
{
	int size = BATCH_RCVBUF;
	int fd = mnl_socket_get_fd(nl->sock);

	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof(size)) < 0)
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

int dpubgp_route_add_batch(struct dpubgp_nl *nl,
			   const struct dpubgp_route *routes, size_t count,
			   size_t *failed, struct dpubgp_extack *ext)
{
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_BATCH_SIZE];
	struct batch b = { .failed = failed, .ext = ext };
	struct nlmsghdr *nlh = NULL;
	size_t i = 0, len;
	int ret;

	memset(ext, 0, sizeof(*ext));
	batch_rcvbuf(nl);
	while (i < count) {
		b.base = i;
		b.first = nl->seq + 1;
		b.done = 0;
		len = 0;
		ret = 0;
		while (i < count && !ret) {
			ret = batch_put(nl, buf + len, sizeof(buf) - len,
					&routes[i], &nlh);
			if (!ret) {
				len += nlh->nlmsg_len;
				i++;
			}
		}
		if (!len) {
			/* routes[i] cannot be put, even alone */
			if (failed)
				*failed = i;
			return ret;
		}
		nlh->nlmsg_flags |= NLM_F_ACK;
		b.last = nl->seq;
		if (mnl_socket_sendto(nl->sock, buf, len) < 0)
			return -errno;
		ret = batch_wait(nl, &b);
		if (ret)
			return ret;
	}
	return b.error;
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
