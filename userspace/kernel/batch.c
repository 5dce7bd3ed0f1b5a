// SPDX-License-Identifier: GPL-2.0
/*
 * Many requests to one sendmsg(), for either netlink family (genl.h).
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "kernel/genl.h"

/*
 * The answers to one batch: errors for the requests that failed, then the
 * ACK of its last request (sequence number last). The requests carry
 * sequence numbers first..last in the order of requests base...
 */
struct answers {
	struct dpubgp_nl_batch *b;
	uint32_t first, last;
	size_t base;
	int error;		/* the first failure's */
	bool done;
};

static int batch_ack(const struct nlmsghdr *nlh, void *data)
{
	struct answers *a = data;
	struct dpubgp_extack ext;
	uint32_t seq = nlh->nlmsg_seq;
	size_t i;
	int err;

	if (seq - a->first > a->last - a->first)
		return MNL_CB_OK;	/* not ours: an earlier batch's */
	err = dpubgp_extack_parse(nlh, &ext);
	i = a->base + (seq - a->first);
	if (err && a->b->fail)
		a->b->fail(i, &ext, a->b->data);
	if (err && !a->error) {
		a->error = err;
		a->b->ext = ext;
		a->b->failed = i;
	}
	if (seq == a->last) {
		a->done = true;
		return MNL_CB_STOP;
	}
	return MNL_CB_OK;
}

static mnl_cb_t batch_ctl[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = batch_ack,
};

static int batch_wait(struct dpubgp_nl *nl, struct answers *a)
{
	_Alignas(struct nlmsghdr) char buf[32768];
	ssize_t len;
	int ret;

	while (!a->done) {
		len = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (len < 0)
			return -errno;
		ret = mnl_cb_run2(buf, (size_t)len, 0, nl->portid, NULL, a,
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

/* Requests i... into buf until it is full: their length, 0 if none fits. */
static size_t batch_fill(struct dpubgp_nl *nl, struct dpubgp_nl_batch *b,
			 char *buf, size_t *i, struct nlmsghdr **last,
			 int *ret)
{
	struct nlmsghdr *nlh;
	size_t len = 0;

	*ret = 0;
	while (*i < b->count) {
		nlh = (struct nlmsghdr *)(buf + len);
		*ret = b->put(nl, nlh, DPUBGP_NL_BATCH_SIZE - len, *i, b->data);
		if (*ret)
			break;
		nlh->nlmsg_flags &= (uint16_t)~NLM_F_ACK;
		nlh->nlmsg_seq = ++nl->seq;
		len += NLMSG_ALIGN(nlh->nlmsg_len);
		*last = nlh;
		(*i)++;
	}
	return len;
}

int dpubgp_nl_batch(struct dpubgp_nl *nl, struct dpubgp_nl_batch *b)
{
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_BATCH_SIZE];
	struct answers a = { .b = b };
	struct nlmsghdr *last = NULL;
	size_t i = 0, len;
	int ret;

	memset(&b->ext, 0, sizeof(b->ext));
	b->failed = 0;
	batch_rcvbuf(nl);
	while (i < b->count) {
		a.base = i;
		a.first = nl->seq + 1;
		a.done = false;
		len = batch_fill(nl, b, buf, &i, &last, &ret);
		if (!len) {
			/* request i cannot be put, even alone */
			b->failed = i;
			b->ext.error = ret;
			return ret;
		}
		last->nlmsg_flags |= NLM_F_ACK;
		a.last = nl->seq;
		if (mnl_socket_sendto(nl->sock, buf, len) < 0)
			return -errno;
		ret = batch_wait(nl, &a);
		if (ret)
			return ret;
	}
	return a.error;
}
