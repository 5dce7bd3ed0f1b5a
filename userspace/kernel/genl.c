// SPDX-License-Identifier: GPL-2.0
/*
 * A generic netlink client for the "dpubgp" family.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <linux/genetlink.h>
#include <linux/dpubgp.h>

#include "kernel/genl.h"
#include "kernel/nlattr.h"

/*
 * The kernel builds dump skbs of up to 32 KiB once a reader has offered
 * that much (netlink_dump()); a shorter buffer would truncate them.
 */
#define RECV_SIZE 32768

struct talk {
	mnl_cb_t cb;
	void *data;
	struct dpubgp_extack *ext;
	int error;		/* the kernel's */
	int cb_error;		/* the first of cb's */
};

static const struct dpubgp_attr_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID] = { .type = MNL_TYPE_U16 },
	[CTRL_ATTR_MCAST_GROUPS] = { .type = MNL_TYPE_NESTED },
};

static const struct dpubgp_attr_policy
	mcgrp_policy[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
	[CTRL_ATTR_MCAST_GRP_NAME] = { .type = MNL_TYPE_NUL_STRING,
				       .len = GENL_NAMSIZ },
	[CTRL_ATTR_MCAST_GRP_ID] = { .type = MNL_TYPE_U32 },
};

static struct nlmsghdr *genl_msg_start(void *buf, uint16_t type, uint8_t cmd,
				       uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	if ((flags & NLM_F_DUMP) != NLM_F_DUMP)
		nlh->nlmsg_flags |= NLM_F_ACK;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *dpubgp_nl_msg_start(const struct dpubgp_nl *nl, void *buf,
				     uint8_t cmd, uint16_t flags)
{
	return genl_msg_start(buf, nl->family, cmd, DPUBGP_GENL_VERSION, flags);
}

static int talk_data(const struct nlmsghdr *nlh, void *arg)
{
	struct talk *t = arg;

	if (!t->cb || t->cb_error)
		return MNL_CB_OK;
	errno = 0;
	if (t->cb(nlh, t->data) == MNL_CB_ERROR)
		t->cb_error = errno ? -errno : -EIO;
	return MNL_CB_OK;
}

static int talk_ack(const struct nlmsghdr *nlh, void *arg)
{
	struct talk *t = arg;

	t->error = dpubgp_extack_parse(nlh, t->ext);
	return MNL_CB_STOP;
}

/*
 * Control messages whose entry is NULL (NOOP, OVERRUN) are skipped. Not
 * const only because mnl_cb_run2() takes it so.
 */
static mnl_cb_t talk_ctl[NLMSG_MIN_TYPE] = {
	[NLMSG_ERROR] = talk_ack,
	[NLMSG_DONE] = talk_ack,
};

/*
 * libmnl fails the rest of a read at a message flagged NLM_F_DUMP_INTR,
 * which would leave the end of the dump queued on the socket for the next
 * request to trip on. Note the flag and clear it instead, so that the dump
 * is read to its end and reported as interrupted after.
 */
static bool clear_dump_intr(void *buf, ssize_t len)
{
	struct nlmsghdr *nlh = buf;
	int left = (int)len;
	bool intr = false;

	for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
		intr |= nlh->nlmsg_flags & NLM_F_DUMP_INTR;
		nlh->nlmsg_flags &= (uint16_t)~NLM_F_DUMP_INTR;
	}
	return intr;
}

int dpubgp_nl_talk(struct dpubgp_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data, struct dpubgp_extack *ext)
{
	_Alignas(struct nlmsghdr) char buf[RECV_SIZE];
	struct talk t = { .cb = cb, .data = data, .ext = ext };
	bool intr = false;
	ssize_t len;
	int ret;

	memset(ext, 0, sizeof(*ext));
	nlh->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		len = mnl_socket_recvfrom(nl->sock, buf, sizeof(buf));
		if (len < 0)
			return -errno;
		intr |= clear_dump_intr(buf, len);
		ret = mnl_cb_run2(buf, (size_t)len, nl->seq, nl->portid,
				  talk_data, &t, talk_ctl,
				  MNL_ARRAY_SIZE(talk_ctl));
	} while (ret == MNL_CB_OK);
	if (ret < 0)
		return -errno;
	if (t.error)
		return t.error;
	if (t.cb_error)
		return t.cb_error;
	return intr ? -EINTR : 0;
}

/* Find the id of the multicast group called name; leave *id if none. */
static int mcgrp_find(const struct nlattr *groups, const char *name,
		      uint32_t *id)
{
	const struct nlattr *tb[CTRL_ATTR_MCAST_GRP_MAX + 1];
	const struct nlattr *grp;

	mnl_attr_for_each_nested(grp, groups) {
		if (dpubgp_attr_parse_nested(grp, mcgrp_policy,
					     CTRL_ATTR_MCAST_GRP_MAX, tb) < 0)
			return -EBADMSG;
		if (tb[CTRL_ATTR_MCAST_GRP_NAME] &&
		    tb[CTRL_ATTR_MCAST_GRP_ID] &&
		    !strcmp(mnl_attr_get_str(tb[CTRL_ATTR_MCAST_GRP_NAME]),
			    name)) {
			*id = mnl_attr_get_u32(tb[CTRL_ATTR_MCAST_GRP_ID]);
			return 0;
		}
	}
	return 0;
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct dpubgp_nl *nl = data;

	if (dpubgp_attr_parse(nlh, sizeof(struct genlmsghdr), ctrl_policy,
			      CTRL_ATTR_MAX, tb) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID])
		goto bad;
	nl->family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_MCAST_GROUPS] &&
	    mcgrp_find(tb[CTRL_ATTR_MCAST_GROUPS], DPUBGP_MCGRP_EVENTS,
		       &nl->events_group) < 0)
		goto bad;
	return MNL_CB_OK;
bad:
	errno = EBADMSG;
	return MNL_CB_ERROR;
}

static int family_lookup(struct dpubgp_nl *nl, const char *name,
			 struct dpubgp_extack *ext)
{
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_MSG_SIZE];
	struct nlmsghdr *nlh;

	nlh = genl_msg_start(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, 0);
	if (!mnl_attr_put_strz_check(nlh, sizeof(buf), CTRL_ATTR_FAMILY_NAME,
				     name))
		return -EMSGSIZE;
	return dpubgp_nl_talk(nl, nlh, family_cb, nl, ext);
}

static int socket_setup(struct dpubgp_nl *nl)
{
	int one = 1;

	if (mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one,
				  sizeof(one)) < 0 ||
	    mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one,
				  sizeof(one)) < 0 ||
	    mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0)
		return -errno;
	nl->portid = mnl_socket_get_portid(nl->sock);
	/* As libmnl's examples: unlikely to match a stale earlier answer. */
	nl->seq = (uint32_t)time(NULL);
	return 0;
}

int dpubgp_nl_open_family(struct dpubgp_nl *nl, const char *name,
			  struct dpubgp_extack *ext)
{
	int ret;

	memset(nl, 0, sizeof(*nl));
	memset(ext, 0, sizeof(*ext));
	nl->sock = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!nl->sock)
		return -errno;
	ret = socket_setup(nl);
	if (!ret)
		ret = family_lookup(nl, name, ext);
	if (ret)
		dpubgp_nl_close(nl);
	return ret;
}

int dpubgp_nl_open_route(struct dpubgp_nl *nl)
{
	int ret;

	memset(nl, 0, sizeof(*nl));
	nl->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->sock)
		return -errno;
	ret = socket_setup(nl);
	if (ret)
		dpubgp_nl_close(nl);
	return ret;
}

int dpubgp_nl_open(struct dpubgp_nl *nl, struct dpubgp_extack *ext)
{
	int ret = dpubgp_nl_open_family(nl, DPUBGP_GENL_NAME, ext);

	if (ret == -ENOENT)
		snprintf(ext->msg, sizeof(ext->msg),
			 "%s kernel module is not loaded", DPUBGP_GENL_NAME);
	return ret;
}

void dpubgp_nl_close(struct dpubgp_nl *nl)
{
	if (nl->sock)
		mnl_socket_close(nl->sock);
	nl->sock = NULL;
}

int dpubgp_nl_join_events(struct dpubgp_nl *nl)
{
	int group = (int)nl->events_group;

	if (!group)
		return -ENOENT;
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP, &group,
				  sizeof(group)) < 0)
		return -errno;
	return 0;
}

/* Runs of a dump that keeps being interrupted by changes before giving up. */
#define DUMP_TRIES 3

int dpubgp_nl_dump(struct dpubgp_nl *nl, uint8_t cmd, mnl_cb_t cb, void *data,
		   void (*reset)(void *data), struct dpubgp_extack *ext)
{
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_MSG_SIZE];
	struct nlmsghdr *nlh;
	int tries = DUMP_TRIES;
	int ret;

	do {
		nlh = dpubgp_nl_msg_start(nl, buf, cmd, NLM_F_DUMP);
		ret = dpubgp_nl_talk(nl, nlh, cb, data, ext);
		if (ret)
			reset(data);
	} while (ret == -EINTR && --tries);
	return ret;
}
