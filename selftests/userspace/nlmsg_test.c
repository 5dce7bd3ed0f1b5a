// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink messages built byte for byte with libmnl: the extended ACKs the
 * kernel answers with, the PORT_SET requests the library sends and the
 * PORT_GET replies it reads, well formed and not.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <linux/genetlink.h>
#include <linux/dpubgp.h>

#include "dpubgp_test.h"
#include "kernel/extack.h"
#include "kernel/port.h"

#define BUF_SIZE 1024
#define FAMILY_ID 0x20		/* any dynamic generic netlink id */
#define GENL_HDRLEN_TOTAL (MNL_NLMSG_HDRLEN + MNL_ALIGN(GENL_HDRLEN))

static struct nlmsghdr *genl_start(void *buf, uint8_t cmd)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = FAMILY_ID;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = DPUBGP_GENL_VERSION;
	return nlh;
}

/*
 * A request whose length is not a multiple of 4, as the kernel copies it
 * into an uncapped error: its last attribute, an odd-sized string, loses
 * its padding. Its first attribute has type 1, as NLMSGERR_ATTR_MSG does,
 * so that a parser which fails to skip it reads garbage.
 */
static struct nlmsghdr *odd_request(void *buf)
{
	struct nlmsghdr *nlh = genl_start(buf, DPUBGP_CMD_PORT_SET);

	mnl_attr_put_u32(nlh, DPUBGP_A_PORT_IFINDEX, 5);
	mnl_attr_put_strz(nlh, DPUBGP_A_PORT_IFNAME, "abcde");
	nlh->nlmsg_len -= 2;
	return nlh;
}

/* An NLMSG_ERROR answering req: capped to its header, or with it all. */
static struct nlmsghdr *error_start(void *buf, const struct nlmsghdr *req,
				    int error, bool capped)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	size_t len = mnl_nlmsg_get_payload_len(req);
	struct nlmsgerr *err;

	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_flags = capped ? NLM_F_CAPPED : 0;
	err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
	err->error = error;
	err->msg = *req;
	if (!capped)
		memcpy(mnl_nlmsg_put_extra_header(nlh, len),
		       mnl_nlmsg_get_payload(req), len);
	return nlh;
}

static struct nlmsghdr *done_start(void *buf, int error)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	int *payload;

	nlh->nlmsg_type = NLMSG_DONE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	payload = mnl_nlmsg_put_extra_header(nlh, sizeof(*payload));
	*payload = error;
	return nlh;
}

static void put_msg(struct nlmsghdr *nlh, const char *msg)
{
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
}

TEST(ack)
{
	_Alignas(struct nlmsghdr) char req[BUF_SIZE], buf[BUF_SIZE];
	struct dpubgp_extack ext;
	struct nlmsghdr *nlh;

	nlh = error_start(buf, odd_request(req), 0, true);
	ASSERT_EQ(0, dpubgp_extack_parse(nlh, &ext));
	ASSERT_EQ(0, ext.error);
	ASSERT_STREQ("", ext.msg);
	ASSERT_EQ(0U, ext.offset);
}

TEST(error_capped)
{
	_Alignas(struct nlmsghdr) char req[BUF_SIZE], buf[BUF_SIZE];
	struct dpubgp_extack ext;
	struct nlmsghdr *nlh;

	nlh = error_start(buf, odd_request(req), -EINVAL, true);
	put_msg(nlh, "Device is not enslaved to a VRF");
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, GENL_HDRLEN_TOTAL);
	ASSERT_EQ(-EINVAL, dpubgp_extack_parse(nlh, &ext));
	ASSERT_EQ(-EINVAL, ext.error);
	ASSERT_STREQ("Device is not enslaved to a VRF", ext.msg);
	ASSERT_EQ(GENL_HDRLEN_TOTAL, ext.offset);
}

TEST(error_uncapped_skips_request)
{
	_Alignas(struct nlmsghdr) char req[BUF_SIZE], buf[BUF_SIZE];
	struct dpubgp_extack ext;
	struct nlmsghdr *nlh;

	nlh = error_start(buf, odd_request(req), -ERANGE, false);
	put_msg(nlh, "Prefix has bits set beyond its length");
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 44);
	ASSERT_EQ(-ERANGE, dpubgp_extack_parse(nlh, &ext));
	ASSERT_STREQ("Prefix has bits set beyond its length", ext.msg);
	ASSERT_EQ(44U, ext.offset);
}

TEST(tlvs_ignored_without_flag)
{
	_Alignas(struct nlmsghdr) char req[BUF_SIZE], buf[BUF_SIZE];
	struct dpubgp_extack ext;
	struct nlmsghdr *nlh;

	nlh = error_start(buf, odd_request(req), -EPERM, true);
	mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "not flagged");
	ASSERT_EQ(-EPERM, dpubgp_extack_parse(nlh, &ext));
	ASSERT_STREQ("", ext.msg);
}

TEST(missing_attribute)
{
	_Alignas(struct nlmsghdr) char req[BUF_SIZE], buf[BUF_SIZE];
	struct dpubgp_extack ext;
	struct nlmsghdr *nlh;

	nlh = error_start(buf, odd_request(req), -EINVAL, true);
	nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, DPUBGP_A_PREFIX_LEN);
	mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_NEST, 36);
	ASSERT_EQ(-EINVAL, dpubgp_extack_parse(nlh, &ext));
	ASSERT_STREQ("", ext.msg);
	ASSERT_EQ((uint32_t)DPUBGP_A_PREFIX_LEN, ext.miss_type);
	ASSERT_EQ(36U, ext.miss_nest);
}

TEST(warning_on_success)
{
	_Alignas(struct nlmsghdr) char req[BUF_SIZE], buf[BUF_SIZE];
	struct dpubgp_extack ext;
	struct nlmsghdr *nlh;

	nlh = error_start(buf, odd_request(req), 0, true);
	put_msg(nlh, "Deprecated attribute");
	ASSERT_EQ(0, dpubgp_extack_parse(nlh, &ext));
	ASSERT_STREQ("Deprecated attribute", ext.msg);
}

TEST(unknown_tlvs_skipped)
{
	_Alignas(struct nlmsghdr) char req[BUF_SIZE], buf[BUF_SIZE];
	static const char cookie[3] = "abc";
	struct dpubgp_extack ext;
	struct nlmsghdr *nlh;

	nlh = error_start(buf, odd_request(req), -EINVAL, true);
	mnl_attr_put(nlh, NLMSGERR_ATTR_COOKIE, sizeof(cookie), cookie);
	mnl_attr_put_u16(nlh, 200, 7);
	put_msg(nlh, "after unknown ones");
	ASSERT_EQ(-EINVAL, dpubgp_extack_parse(nlh, &ext));
	ASSERT_STREQ("after unknown ones", ext.msg);
}

TEST(long_msg_truncated)
{
	_Alignas(struct nlmsghdr) char req[BUF_SIZE], buf[BUF_SIZE];
	char msg[2 * DPUBGP_EXTACK_MSG_SIZE];
	struct dpubgp_extack ext;
	struct nlmsghdr *nlh;

	memset(msg, 'x', sizeof(msg) - 1);
	msg[sizeof(msg) - 1] = '\0';
	nlh = error_start(buf, odd_request(req), -EINVAL, true);
	put_msg(nlh, msg);
	ASSERT_EQ(-EINVAL, dpubgp_extack_parse(nlh, &ext));
	ASSERT_EQ((size_t)DPUBGP_EXTACK_MSG_SIZE - 1, strlen(ext.msg));
	ASSERT_EQ(0, strncmp(msg, ext.msg, DPUBGP_EXTACK_MSG_SIZE - 1));
}

TEST(done)
{
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
	struct dpubgp_extack ext;

	ASSERT_EQ(0, dpubgp_extack_parse(done_start(buf, 0), &ext));
}

TEST(done_with_error)
{
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
	struct dpubgp_extack ext;
	struct nlmsghdr *nlh;

	nlh = done_start(buf, -ENOBUFS);
	put_msg(nlh, "Dump failed");
	ASSERT_EQ(-ENOBUFS, dpubgp_extack_parse(nlh, &ext));
	ASSERT_EQ(-ENOBUFS, ext.error);
	ASSERT_STREQ("Dump failed", ext.msg);
}

/* Ways to spoil a capped error answer; each must give -EBADMSG. */
enum ack_defect {
	ACK_SHORT,		/* payload shorter than struct nlmsgerr */
	ACK_POSITIVE,		/* errors are negative */
	ACK_ERRNO_HUGE,		/* beyond any errno */
	ACK_MSG_NO_NUL,		/* NLMSGERR_ATTR_MSG not terminated */
	ACK_OFFS_U16,		/* NLMSGERR_ATTR_OFFS of 2 bytes */
	ACK_ORIG_TOO_SHORT,	/* uncapped, request shorter than a header */
	ACK_ORIG_TOO_LONG,	/* uncapped, request longer than the answer */
	ACK_DONE_SHORT,		/* NLMSG_DONE without its int */
	ACK_NOT_AN_ACK,		/* a data message */
};

FIXTURE(bad_ack) {
	_Alignas(struct nlmsghdr) char req[BUF_SIZE];
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
};

FIXTURE_VARIANT(bad_ack) {
	enum ack_defect defect;
};

FIXTURE_SETUP(bad_ack)
{
}

FIXTURE_TEARDOWN(bad_ack)
{
}

FIXTURE_VARIANT_ADD(bad_ack, short) { .defect = ACK_SHORT };
FIXTURE_VARIANT_ADD(bad_ack, positive) { .defect = ACK_POSITIVE };
FIXTURE_VARIANT_ADD(bad_ack, errno_huge) { .defect = ACK_ERRNO_HUGE };
FIXTURE_VARIANT_ADD(bad_ack, msg_no_nul) { .defect = ACK_MSG_NO_NUL };
FIXTURE_VARIANT_ADD(bad_ack, offs_u16) { .defect = ACK_OFFS_U16 };
FIXTURE_VARIANT_ADD(bad_ack, orig_too_short) { .defect = ACK_ORIG_TOO_SHORT };
FIXTURE_VARIANT_ADD(bad_ack, orig_too_long) { .defect = ACK_ORIG_TOO_LONG };
FIXTURE_VARIANT_ADD(bad_ack, done_short) { .defect = ACK_DONE_SHORT };
FIXTURE_VARIANT_ADD(bad_ack, not_an_ack) { .defect = ACK_NOT_AN_ACK };

static struct nlmsghdr *bad_ack_build(void *buf, void *req,
				      enum ack_defect defect)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;

	switch (defect) {
	case ACK_SHORT:
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = NLMSG_ERROR;
		mnl_nlmsg_put_extra_header(nlh, sizeof(*err) - 4);
		return nlh;
	case ACK_POSITIVE:
		return error_start(buf, odd_request(req), EINVAL, true);
	case ACK_ERRNO_HUGE:
		return error_start(buf, odd_request(req), -5000, true);
	case ACK_MSG_NO_NUL:
		nlh = error_start(buf, odd_request(req), -EINVAL, true);
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, 3, "abc");
		return nlh;
	case ACK_OFFS_U16:
		nlh = error_start(buf, odd_request(req), -EINVAL, true);
		put_msg(nlh, "fine");
		mnl_attr_put_u16(nlh, NLMSGERR_ATTR_OFFS, 20);
		return nlh;
	case ACK_ORIG_TOO_SHORT:
	case ACK_ORIG_TOO_LONG:
		nlh = error_start(buf, odd_request(req), -EINVAL, false);
		put_msg(nlh, "fine");
		err = mnl_nlmsg_get_payload(nlh);
		err->msg.nlmsg_len = defect == ACK_ORIG_TOO_SHORT ? 8 : 4000;
		return nlh;
	case ACK_DONE_SHORT:
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = NLMSG_DONE;
		return nlh;
	case ACK_NOT_AN_ACK:
		return genl_start(buf, DPUBGP_CMD_PORT_GET);
	}
	return NULL;
}

TEST_F(bad_ack, refused)
{
	struct nlmsghdr *nlh;
	struct dpubgp_extack ext;

	nlh = bad_ack_build(self->buf, self->req, variant->defect);
	ASSERT_NE(NULL, nlh);
	ASSERT_EQ(-EBADMSG, dpubgp_extack_parse(nlh, &ext));
}

static struct dpubgp_prefix test_hosts[2];

static void hosts_init(void)
{
	dpubgp_prefix_parse("10.0.0.2", &test_hosts[0]);
	dpubgp_prefix_parse("fd00::2/127", &test_hosts[1]);
}

/* Check one prefix nest as the contract describes it. */
static bool prefix_nest_ok(const struct nlattr *nest,
			   const struct dpubgp_prefix *prefix)
{
	uint16_t addrtype = prefix->family == AF_INET ? DPUBGP_A_PREFIX_ADDR4 :
							DPUBGP_A_PREFIX_ADDR6;
	const struct nlattr *attr;
	int seen = 0;

	mnl_attr_for_each_nested(attr, nest) {
		if (mnl_attr_get_type(attr) == addrtype &&
		    mnl_attr_get_payload_len(attr) ==
			    dpubgp_prefix_addrlen(prefix->family) &&
		    !memcmp(mnl_attr_get_payload(attr), prefix->addr,
			    mnl_attr_get_payload_len(attr)))
			seen |= 1;
		else if (mnl_attr_get_type(attr) == DPUBGP_A_PREFIX_LEN &&
			 mnl_attr_get_payload_len(attr) == 1 &&
			 mnl_attr_get_u8(attr) == prefix->len)
			seen |= 2;
		else
			return false;
	}
	return seen == 3;
}

TEST(port_put_layout)
{
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
	struct dpubgp_port port = {
		.ifindex = 5,
		.flags = DPUBGP_PORT_F_SRC_FILTER,
		.nhosts = 2,
		.hosts = test_hosts,
	};
	const struct nlattr *attr, *prefix;
	struct nlmsghdr *nlh;
	size_t i;

	hosts_init();
	nlh = genl_start(buf, DPUBGP_CMD_PORT_SET);
	ASSERT_EQ(0, dpubgp_port_put(nlh, sizeof(buf), &port));

	attr = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
	ASSERT_EQ(DPUBGP_A_PORT_IFINDEX, mnl_attr_get_type(attr));
	ASSERT_EQ(4, mnl_attr_get_payload_len(attr));
	ASSERT_EQ(5U, mnl_attr_get_u32(attr));

	attr = mnl_attr_next(attr);
	ASSERT_EQ(DPUBGP_A_PORT_FLAGS, mnl_attr_get_type(attr));
	ASSERT_EQ(4, mnl_attr_get_payload_len(attr));
	ASSERT_EQ((uint32_t)DPUBGP_PORT_F_SRC_FILTER, mnl_attr_get_u32(attr));

	/* The kernel's strict parsing refuses nests without NLA_F_NESTED. */
	attr = mnl_attr_next(attr);
	ASSERT_EQ(DPUBGP_A_PORT_HOSTS, mnl_attr_get_type(attr));
	ASSERT_TRUE(attr->nla_type & NLA_F_NESTED);
	i = 0;
	mnl_attr_for_each_nested(prefix, attr) {
		ASSERT_LT(i, port.nhosts);
		ASSERT_EQ(DPUBGP_A_HOSTS_PREFIX, mnl_attr_get_type(prefix));
		ASSERT_TRUE(prefix->nla_type & NLA_F_NESTED);
		ASSERT_TRUE(prefix_nest_ok(prefix, &port.hosts[i]))
			TH_LOG("host %zu badly encoded", i);
		i++;
	}
	ASSERT_EQ(port.nhosts, i);

	attr = mnl_attr_next(attr);
	ASSERT_EQ((char *)mnl_nlmsg_get_payload_tail(nlh), (char *)attr)
		TH_LOG("attributes after the hosts");
}

TEST(port_put_without_hosts)
{
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
	struct dpubgp_port port = { .ifindex = 7 };
	struct nlmsghdr *nlh;
	const struct nlattr *attr;

	nlh = genl_start(buf, DPUBGP_CMD_PORT_SET);
	ASSERT_EQ(0, dpubgp_port_put(nlh, sizeof(buf), &port));
	mnl_attr_for_each(attr, nlh, GENL_HDRLEN)
		ASSERT_NE(DPUBGP_A_PORT_HOSTS, mnl_attr_get_type(attr))
			TH_LOG("no hosts is spelled as no nest");
}

TEST(port_put_no_room)
{
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
	struct dpubgp_port port = { .ifindex = 5, .nhosts = 2 };
	struct nlmsghdr *nlh;

	hosts_init();
	port.hosts = test_hosts;
	nlh = genl_start(buf, DPUBGP_CMD_PORT_SET);
	ASSERT_EQ(-EMSGSIZE, dpubgp_port_put(nlh, nlh->nlmsg_len + 20, &port));
}

TEST(port_put_unknown_family)
{
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
	struct dpubgp_prefix host = { .family = AF_UNSPEC };
	struct dpubgp_port port = { .ifindex = 5, .nhosts = 1, .hosts = &host };

	ASSERT_EQ(-EAFNOSUPPORT,
		  dpubgp_port_put(genl_start(buf, DPUBGP_CMD_PORT_SET),
				  sizeof(buf), &port));
}

TEST(port_put_then_parse)
{
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
	struct dpubgp_port port = {
		.ifindex = 9,
		.flags = DPUBGP_PORT_F_SRC_FILTER,
		.nhosts = 2,
		.hosts = test_hosts,
	};
	struct dpubgp_port back;
	struct nlmsghdr *nlh;

	hosts_init();
	nlh = genl_start(buf, DPUBGP_CMD_PORT_SET);
	ASSERT_EQ(0, dpubgp_port_put(nlh, sizeof(buf), &port));
	ASSERT_EQ(0, dpubgp_port_parse(nlh, &back));
	EXPECT_EQ(port.ifindex, back.ifindex);
	EXPECT_EQ(port.flags, back.flags);
	EXPECT_STREQ("", back.ifname);
	EXPECT_STREQ("", back.vrf);
	EXPECT_EQ(port.nhosts, back.nhosts);
	EXPECT_EQ(0, memcmp(port.hosts, back.hosts,
			    port.nhosts * sizeof(*port.hosts)));
	dpubgp_port_release(&back);
	ASSERT_NO_LEAKS();
}

/* Ways to spoil a PORT_GET reply; each must give -EBADMSG. */
enum reply_defect {
	REPLY_GOOD,
	REPLY_GENL_SHORT,	/* no room for the genetlink header */
	REPLY_NO_IFINDEX,
	REPLY_IFINDEX_U16,
	REPLY_IFNAME_NO_NUL,
	REPLY_IFNAME_TOO_LONG,	/* 16 characters and the NUL */
	REPLY_FLAGS_U8,
	REPLY_HOSTS_SHORT,	/* a nest of 2 bytes */
	REPLY_PREFIX_BOTH,	/* ADDR4 and ADDR6 */
	REPLY_PREFIX_NEITHER,
	REPLY_PREFIX_NO_LEN,
	REPLY_ADDR4_16_BYTES,
	REPLY_V4_LEN_33,
	REPLY_V6_LEN_129,	/* in the second prefix: the first is freed */
};

static void reply_prefix(struct nlmsghdr *nlh, enum reply_defect defect)
{
	static const uint8_t addr4[4] = { 10, 0, 0, 2 };
	static const uint8_t addr16[16] = { 10, 0, 0, 2 };
	struct nlattr *nest = mnl_attr_nest_start(nlh, DPUBGP_A_HOSTS_PREFIX);

	if (defect == REPLY_ADDR4_16_BYTES)
		mnl_attr_put(nlh, DPUBGP_A_PREFIX_ADDR4, 16, addr16);
	else if (defect != REPLY_PREFIX_NEITHER)
		mnl_attr_put(nlh, DPUBGP_A_PREFIX_ADDR4, 4, addr4);
	if (defect == REPLY_PREFIX_BOTH)
		mnl_attr_put(nlh, DPUBGP_A_PREFIX_ADDR6, 16, addr16);
	if (defect != REPLY_PREFIX_NO_LEN)
		mnl_attr_put_u8(nlh, DPUBGP_A_PREFIX_LEN,
				defect == REPLY_V4_LEN_33 ? 33 : 32);
	mnl_attr_nest_end(nlh, nest);
}

static void reply_hosts(struct nlmsghdr *nlh, enum reply_defect defect)
{
	static const uint8_t addr6[16] = { 0xfd, [15] = 2 };
	struct nlattr *hosts, *nest;

	if (defect == REPLY_HOSTS_SHORT) {
		mnl_attr_put_u16(nlh, DPUBGP_A_PORT_HOSTS, 0);
		return;
	}
	hosts = mnl_attr_nest_start(nlh, DPUBGP_A_PORT_HOSTS);
	reply_prefix(nlh, defect);
	/* What a newer kernel might add beside its prefixes. */
	mnl_attr_put_u32(nlh, DPUBGP_A_HOSTS_MAX + 1, 0);
	nest = mnl_attr_nest_start(nlh, DPUBGP_A_HOSTS_PREFIX);
	mnl_attr_put(nlh, DPUBGP_A_PREFIX_ADDR6, sizeof(addr6), addr6);
	mnl_attr_put_u8(nlh, DPUBGP_A_PREFIX_LEN,
			defect == REPLY_V6_LEN_129 ? 129 : 128);
	mnl_attr_nest_end(nlh, nest);
	mnl_attr_nest_end(nlh, hosts);
}

static struct nlmsghdr *reply_build(void *buf, enum reply_defect defect)
{
	struct nlmsghdr *nlh = genl_start(buf, DPUBGP_CMD_PORT_GET);

	if (defect == REPLY_GENL_SHORT) {
		nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
		return nlh;
	}
	if (defect == REPLY_IFINDEX_U16)
		mnl_attr_put_u16(nlh, DPUBGP_A_PORT_IFINDEX, 5);
	else if (defect != REPLY_NO_IFINDEX)
		mnl_attr_put_u32(nlh, DPUBGP_A_PORT_IFINDEX, 5);
	if (defect == REPLY_IFNAME_NO_NUL)
		mnl_attr_put(nlh, DPUBGP_A_PORT_IFNAME, 2, "t0");
	else
		mnl_attr_put_strz(nlh, DPUBGP_A_PORT_IFNAME,
				  defect == REPLY_IFNAME_TOO_LONG ?
				  "sixteen-chars-xx" : "t0");
	mnl_attr_put_strz(nlh, DPUBGP_A_PORT_VRF, "vpc-blue");
	if (defect == REPLY_FLAGS_U8)
		mnl_attr_put_u8(nlh, DPUBGP_A_PORT_FLAGS, 1);
	else
		mnl_attr_put_u32(nlh, DPUBGP_A_PORT_FLAGS,
				 DPUBGP_PORT_F_SRC_FILTER);
	/* What a newer kernel might add to a port. */
	mnl_attr_put_u32(nlh, DPUBGP_A_MAX + 1, 0);
	reply_hosts(nlh, defect);
	return nlh;
}

TEST(port_parse_reply)
{
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
	char text[DPUBGP_PREFIX_STRLEN];
	struct dpubgp_port port;

	ASSERT_EQ(0, dpubgp_port_parse(reply_build(buf, REPLY_GOOD), &port));
	EXPECT_EQ(5U, port.ifindex);
	EXPECT_STREQ("t0", port.ifname);
	EXPECT_STREQ("vpc-blue", port.vrf);
	EXPECT_EQ((uint32_t)DPUBGP_PORT_F_SRC_FILTER, port.flags);
	ASSERT_EQ((size_t)2, port.nhosts);
	ASSERT_EQ(0, dpubgp_prefix_format(&port.hosts[0], text, sizeof(text)));
	EXPECT_STREQ("10.0.0.2/32", text);
	ASSERT_EQ(0, dpubgp_prefix_format(&port.hosts[1], text, sizeof(text)));
	EXPECT_STREQ("fd00::2/128", text);
	dpubgp_port_release(&port);
	ASSERT_NO_LEAKS();
}

TEST(port_parse_event)
{
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
	struct dpubgp_port port;
	struct nlmsghdr *nlh;

	nlh = genl_start(buf, DPUBGP_CMD_PORT_DEL);
	mnl_attr_put_u32(nlh, DPUBGP_A_PORT_IFINDEX, 12);
	mnl_attr_put_strz(nlh, DPUBGP_A_PORT_IFNAME, "t1");
	ASSERT_EQ(0, dpubgp_port_parse(nlh, &port));
	EXPECT_EQ(12U, port.ifindex);
	EXPECT_STREQ("t1", port.ifname);
	EXPECT_STREQ("", port.vrf);
	EXPECT_EQ((size_t)0, port.nhosts);
	dpubgp_port_release(&port);
}

FIXTURE(bad_reply) {
	_Alignas(struct nlmsghdr) char buf[BUF_SIZE];
};

FIXTURE_VARIANT(bad_reply) {
	enum reply_defect defect;
};

FIXTURE_SETUP(bad_reply)
{
}

FIXTURE_TEARDOWN(bad_reply)
{
}

#define BAD_REPLY(name, _defect)					\
	FIXTURE_VARIANT_ADD(bad_reply, name) { .defect = _defect }

BAD_REPLY(genl_short, REPLY_GENL_SHORT);
BAD_REPLY(no_ifindex, REPLY_NO_IFINDEX);
BAD_REPLY(ifindex_u16, REPLY_IFINDEX_U16);
BAD_REPLY(ifname_no_nul, REPLY_IFNAME_NO_NUL);
BAD_REPLY(ifname_too_long, REPLY_IFNAME_TOO_LONG);
BAD_REPLY(flags_u8, REPLY_FLAGS_U8);
BAD_REPLY(hosts_short, REPLY_HOSTS_SHORT);
BAD_REPLY(prefix_both, REPLY_PREFIX_BOTH);
BAD_REPLY(prefix_neither, REPLY_PREFIX_NEITHER);
BAD_REPLY(prefix_no_len, REPLY_PREFIX_NO_LEN);
BAD_REPLY(addr4_16_bytes, REPLY_ADDR4_16_BYTES);
BAD_REPLY(v4_len_33, REPLY_V4_LEN_33);
BAD_REPLY(v6_len_129, REPLY_V6_LEN_129);

TEST_F(bad_reply, refused)
{
	struct dpubgp_port port;

	ASSERT_EQ(-EBADMSG,
		  dpubgp_port_parse(reply_build(self->buf, variant->defect),
				    &port));
	dpubgp_port_release(&port);
	ASSERT_NO_LEAKS();
}

TEST_HARNESS_MAIN
