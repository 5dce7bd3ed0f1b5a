// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink client against the running kernel, without dpubgp.ko:
 * the kernel's own "nlctrl" family answers dumps, errors with extended
 * ACKs, and the question whether the "dpubgp" family exists.
 */
#include <errno.h>
#include <string.h>
#include <linux/genetlink.h>

#include "dpubgp_test.h"
#include "kernel/genl.h"

/* Offset of the first attribute of a generic netlink request. */
#define FIRST_ATTR_OFFSET (MNL_NLMSG_HDRLEN + MNL_ALIGN(GENL_HDRLEN))

FIXTURE(nlctrl) {
	struct dpubgp_nl nl;
	struct dpubgp_extack ext;
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_MSG_SIZE];
};

FIXTURE_SETUP(nlctrl)
{
	ASSERT_EQ(0, dpubgp_nl_open_family(&self->nl, "nlctrl", &self->ext));
}

FIXTURE_TEARDOWN(nlctrl)
{
	dpubgp_nl_close(&self->nl);
}

struct families {
	int count;
	int calls_left;		/* fail the call after this many */
	int nlctrl_seen;
};

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct families *families = data;
	const struct nlattr *attr;

	if (!families->calls_left--) {
		errno = ENOTRECOVERABLE;
		return MNL_CB_ERROR;
	}
	families->count++;
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		if (mnl_attr_get_type(attr) == CTRL_ATTR_FAMILY_NAME &&
		    !strcmp(mnl_attr_get_str(attr), "nlctrl"))
			families->nlctrl_seen++;
	return MNL_CB_OK;
}

static int dump_families(struct __test_metadata *_metadata,
			 FIXTURE_DATA(nlctrl) *self, struct families *families)
{
	struct nlmsghdr *nlh;

	nlh = dpubgp_nl_msg_start(&self->nl, self->buf, CTRL_CMD_GETFAMILY,
				  NLM_F_DUMP);
	EXPECT_EQ(0, nlh->nlmsg_flags & NLM_F_ACK)
		TH_LOG("a dump ends with NLMSG_DONE, not an ACK");
	return dpubgp_nl_talk(&self->nl, nlh, family_cb, families, &self->ext);
}

TEST_F(nlctrl, resolved)
{
	ASSERT_EQ(GENL_ID_CTRL, self->nl.family);
	ASSERT_NE(0U, self->nl.portid);
	ASSERT_EQ(0U, self->nl.events_group)
		TH_LOG("nlctrl has no \"events\" group");
	ASSERT_EQ(-ENOENT, dpubgp_nl_join_events(&self->nl));
}

TEST_F(nlctrl, dump)
{
	struct families families = { .calls_left = -1 };

	ASSERT_EQ(0, dump_families(_metadata, self, &families));
	ASSERT_LT(1, families.count);
	ASSERT_EQ(1, families.nlctrl_seen);
}

TEST_F(nlctrl, failing_callback_drains_answer)
{
	struct families families = { .calls_left = 1 };

	ASSERT_EQ(-ENOTRECOVERABLE, dump_families(_metadata, self, &families));
	ASSERT_EQ(1, families.count)
		TH_LOG("the callback is not called again once it failed");

	/* The rest of the dump was read: the socket is in step. */
	families = (struct families){ .calls_left = -1 };
	ASSERT_EQ(0, dump_families(_metadata, self, &families));
	ASSERT_EQ(1, families.nlctrl_seen);
}

TEST_F(nlctrl, extack_of_malformed_request)
{
	struct nlmsghdr *nlh;
	int ret;

	/* CTRL_ATTR_FAMILY_ID is a u16: one byte fails the policy. */
	nlh = dpubgp_nl_msg_start(&self->nl, self->buf, CTRL_CMD_GETFAMILY, 0);
	ASSERT_NE(0, nlh->nlmsg_flags & NLM_F_ACK);
	mnl_attr_put_u8(nlh, CTRL_ATTR_FAMILY_ID, 1);
	ret = dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext);
	ASSERT_GT(0, ret);
	ASSERT_EQ(ret, self->ext.error);
	ASSERT_STRNE("", self->ext.msg)
		TH_LOG("the kernel names the fault in a sentence");
	ASSERT_EQ((uint32_t)FIRST_ATTR_OFFSET, self->ext.offset);
}

TEST_F(nlctrl, extack_reset_between_requests)
{
	struct nlmsghdr *nlh;

	nlh = dpubgp_nl_msg_start(&self->nl, self->buf, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_u8(nlh, CTRL_ATTR_FAMILY_ID, 1);
	ASSERT_GT(0, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));

	nlh = dpubgp_nl_msg_start(&self->nl, self->buf, CTRL_CMD_GETFAMILY, 0);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	ASSERT_EQ(0, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	ASSERT_STREQ("", self->ext.msg);
	ASSERT_EQ(0U, self->ext.offset);
}

TEST(unknown_family)
{
	struct dpubgp_extack ext;
	struct dpubgp_nl nl;

	ASSERT_EQ(-ENOENT, dpubgp_nl_open_family(&nl, "dpubgp-nosuch", &ext));
	ASSERT_STREQ("", ext.msg);
	ASSERT_EQ(NULL, nl.sock) TH_LOG("closed on failure");
}

TEST(module_not_loaded)
{
	struct dpubgp_extack ext;
	struct dpubgp_nl nl;
	int ret;

	ret = dpubgp_nl_open(&nl, &ext);
	if (!ret) {
		dpubgp_nl_close(&nl);
		SKIP(return, "dpubgp.ko is loaded on this host");
	}
	ASSERT_EQ(-ENOENT, ret);
	ASSERT_STREQ("dpubgp kernel module is not loaded", ext.msg);
}

TEST_HARNESS_MAIN
