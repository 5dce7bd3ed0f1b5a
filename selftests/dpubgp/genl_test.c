// SPDX-License-Identifier: GPL-2.0
/*
 * The "dpubgp" generic netlink family on the wire: ports round-trip through
 * set, dump and delete; every malformed request is refused with its errno,
 * its sentence and the offset of the attribute at fault; only CAP_NET_ADMIN
 * may talk to the family; dumps larger than one message resume; a port
 * leaves with its device or its VRF, and says so on the events group.
 *
 * Each test runs in a network namespace of its own (the harness forks a
 * child per test, which unshares one):
 *
 *   vpc-blue (VRF, table 100)
 *     t0 (veth, peer h0)       a port's device
 *   u0 (veth, peer u1)         in the default VRF: never a port
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/dpubgp.h>

#include "kselftest_harness.h"
#include "kernel/genl.h"
#include "kernel/port.h"
#include "base/prefix.h"
#include "kernel/route.h"

#define MOD "dpubgp: "
#define MANY_PORTS 400

static int sh(const char *cmd)
{
	int rc = system(cmd);

	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

static struct dpubgp_prefix prefix(const char *str)
{
	struct dpubgp_prefix p;

	if (dpubgp_prefix_parse(str, &p))
		abort();
	return p;
}

FIXTURE(family) {
	struct dpubgp_nl nl;
	struct dpubgp_extack ext;
	_Alignas(struct nlmsghdr) char buf[DPUBGP_NL_MSG_SIZE];
	uint32_t t0, u0;
};

FIXTURE_SETUP(family)
{
	ASSERT_EQ(0, unshare(CLONE_NEWNET)) TH_LOG("unshare: %m");
	ASSERT_EQ(0, sh("ip link set lo up &&"
			" ip link add vpc-blue type vrf table 100 &&"
			" ip link set vpc-blue up &&"
			" ip link add t0 type veth peer name h0 &&"
			" ip link set t0 master vpc-blue &&"
			" ip link add u0 type veth peer name u1"));
	self->t0 = if_nametoindex("t0");
	self->u0 = if_nametoindex("u0");
	ASSERT_NE(0U, self->t0);
	ASSERT_EQ(0, dpubgp_nl_open(&self->nl, &self->ext))
		TH_LOG("%s", self->ext.msg);
}

FIXTURE_TEARDOWN(family)
{
	dpubgp_nl_close(&self->nl);
}

/* A PORT_SET request for ifindex, to which a test adds its attributes. */
static struct nlmsghdr *port_set_start(struct _test_data_family *self,
				       uint32_t ifindex)
{
	struct nlmsghdr *nlh;

	nlh = dpubgp_nl_msg_start(&self->nl, self->buf, DPUBGP_CMD_PORT_SET, 0);
	mnl_attr_put_u32(nlh, DPUBGP_A_PORT_IFINDEX, ifindex);
	return nlh;
}

static uint32_t offset_of(const struct nlmsghdr *nlh, const struct nlattr *a)
{
	return (const char *)a - (const char *)nlh;
}

/* One host prefix nest with the given members; addr may be NULL. */
static struct nlattr *put_host(struct nlmsghdr *nlh, int addr_type,
			       const void *addr, size_t addr_len, int len)
{
	struct nlattr *hosts, *pfx;

	hosts = mnl_attr_nest_start(nlh, DPUBGP_A_PORT_HOSTS);
	pfx = mnl_attr_nest_start(nlh, DPUBGP_A_HOSTS_PREFIX);
	if (addr)
		mnl_attr_put(nlh, addr_type, addr_len, addr);
	if (len >= 0)
		mnl_attr_put_u8(nlh, DPUBGP_A_PREFIX_LEN, len);
	mnl_attr_nest_end(nlh, pfx);
	mnl_attr_nest_end(nlh, hosts);
	return pfx;
}

/* Exactly one port in the namespace, and it is t0 as set by the test. */
static void expect_only_t0(struct __test_metadata *_metadata,
			   struct _test_data_family *self, uint32_t flags,
			   size_t nhosts)
{
	struct dpubgp_port_list list = { 0 };

	ASSERT_EQ(0, dpubgp_port_dump(&self->nl, &list, &self->ext))
		TH_LOG("%s", self->ext.msg);
	ASSERT_EQ(1U, list.count);
	EXPECT_EQ(self->t0, list.ports[0].ifindex);
	EXPECT_STREQ("t0", list.ports[0].ifname);
	EXPECT_STREQ("vpc-blue", list.ports[0].vrf);
	EXPECT_EQ(flags, list.ports[0].flags);
	EXPECT_EQ(nhosts, list.ports[0].nhosts);
	dpubgp_port_list_free(&list);
}

static size_t count_ports(struct __test_metadata *_metadata,
			  struct _test_data_family *self)
{
	struct dpubgp_port_list list = { 0 };
	size_t n;

	EXPECT_EQ(0, dpubgp_port_dump(&self->nl, &list, &self->ext))
		TH_LOG("%s", self->ext.msg);
	n = list.count;
	dpubgp_port_list_free(&list);
	return n;
}

TEST_F(family, set_dump_del)
{
	struct dpubgp_prefix hosts[] = { prefix("10.0.0.2"),
					 prefix("fd00::/64") };
	struct dpubgp_port port = { .ifindex = self->t0,
				    .flags = DPUBGP_PORT_F_SRC_FILTER,
				    .nhosts = 2, .hosts = hosts };
	struct dpubgp_port_list list = { 0 };
	char a[DPUBGP_PREFIX_STRLEN], b[DPUBGP_PREFIX_STRLEN];

	ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext))
		TH_LOG("%s", self->ext.msg);
	ASSERT_EQ(0, dpubgp_port_dump(&self->nl, &list, &self->ext));
	ASSERT_EQ(1U, list.count);
	ASSERT_EQ(2U, list.ports[0].nhosts);
	ASSERT_EQ(0, dpubgp_prefix_format(&list.ports[0].hosts[0], a, sizeof(a)));
	ASSERT_EQ(0, dpubgp_prefix_format(&list.ports[0].hosts[1], b, sizeof(b)));
	EXPECT_STREQ("10.0.0.2/32", a);
	EXPECT_STREQ("fd00::/64", b);
	dpubgp_port_list_free(&list);
	expect_only_t0(_metadata, self, DPUBGP_PORT_F_SRC_FILTER, 2);

	/* Set again: flags and hosts are replaced, not merged. */
	port.flags = 0;
	port.nhosts = 0;
	ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext));
	expect_only_t0(_metadata, self, 0, 0);

	ASSERT_EQ(0, dpubgp_port_del(&self->nl, self->t0, &self->ext));
	EXPECT_EQ(0U, count_ports(_metadata, self));
	EXPECT_EQ(-ENOENT, dpubgp_port_del(&self->nl, self->t0, &self->ext));
	EXPECT_STREQ(MOD "No such port", self->ext.msg);
}

TEST_F(family, unknown_ifindex)
{
	struct nlmsghdr *nlh = port_set_start(self, 0x7fffffff);

	EXPECT_EQ(-ENODEV, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ(MOD "No device with this ifindex in this namespace",
		     self->ext.msg);
	EXPECT_EQ(offset_of(nlh, mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN)),
		  self->ext.offset);
	EXPECT_EQ(0U, count_ports(_metadata, self));
}

TEST_F(family, ifindex_zero)
{
	struct nlmsghdr *nlh = port_set_start(self, 0);

	EXPECT_EQ(-ERANGE, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ("integer out of range", self->ext.msg);
}

TEST_F(family, not_in_vrf)
{
	struct nlmsghdr *nlh = port_set_start(self, self->u0);

	EXPECT_EQ(-EINVAL, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ(MOD "Device is not enslaved to a VRF", self->ext.msg);
	EXPECT_EQ(0U, count_ports(_metadata, self));
}

TEST_F(family, unknown_flags)
{
	struct nlmsghdr *nlh = port_set_start(self, self->t0);
	struct nlattr *flags = mnl_nlmsg_get_payload_tail(nlh);

	mnl_attr_put_u32(nlh, DPUBGP_A_PORT_FLAGS, DPUBGP_PORT_F_ALL + 1);
	EXPECT_EQ(-EINVAL, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ("reserved bit set", self->ext.msg);
	EXPECT_EQ(offset_of(nlh, flags), self->ext.offset);
	EXPECT_EQ(0U, count_ports(_metadata, self));
}

TEST_F(family, missing_ifindex)
{
	struct nlmsghdr *nlh;

	nlh = dpubgp_nl_msg_start(&self->nl, self->buf, DPUBGP_CMD_PORT_SET, 0);
	mnl_attr_put_u32(nlh, DPUBGP_A_PORT_FLAGS, 0);
	EXPECT_EQ(-EINVAL, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ(MOD "Missing port ifindex", self->ext.msg);
	EXPECT_EQ((uint32_t)DPUBGP_A_PORT_IFINDEX, self->ext.miss_type);

	nlh = dpubgp_nl_msg_start(&self->nl, self->buf, DPUBGP_CMD_PORT_DEL, 0);
	EXPECT_EQ(-EINVAL, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ(MOD "Missing port ifindex", self->ext.msg);
}

TEST_F(family, reply_only_and_unknown_attributes)
{
	struct nlmsghdr *nlh = port_set_start(self, self->t0);

	mnl_attr_put_strz(nlh, DPUBGP_A_PORT_IFNAME, "t0");
	EXPECT_EQ(-EINVAL, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ(MOD "Interface name is reply-only", self->ext.msg);

	nlh = port_set_start(self, self->t0);
	mnl_attr_put_u32(nlh, DPUBGP_A_MAX + 1, 0);
	EXPECT_EQ(-EINVAL, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ("Unknown attribute type", self->ext.msg);

	/* PORT_DEL takes the ifindex alone. */
	nlh = dpubgp_nl_msg_start(&self->nl, self->buf, DPUBGP_CMD_PORT_DEL, 0);
	mnl_attr_put_u32(nlh, DPUBGP_A_PORT_IFINDEX, self->t0);
	mnl_attr_put_u32(nlh, DPUBGP_A_PORT_FLAGS, 0);
	EXPECT_NE(0, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_EQ(0U, count_ports(_metadata, self));
}

TEST_F(family, host_bits_set)
{
	struct nlmsghdr *nlh = port_set_start(self, self->t0);
	struct in_addr a4 = { htonl(0x0a000002) };

	put_host(nlh, DPUBGP_A_PREFIX_ADDR4, &a4, sizeof(a4), 24);
	EXPECT_EQ(-EINVAL, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ(MOD "Prefix has bits set beyond its length", self->ext.msg);
	EXPECT_NE(0U, self->ext.offset);
	EXPECT_EQ(0U, count_ports(_metadata, self));
}

TEST_F(family, bad_prefix_length)
{
	struct nlmsghdr *nlh = port_set_start(self, self->t0);
	struct in_addr a4 = { htonl(0x0a000000) };
	struct in6_addr a6 = IN6ADDR_ANY_INIT;

	put_host(nlh, DPUBGP_A_PREFIX_ADDR4, &a4, sizeof(a4), 33);
	EXPECT_EQ(-ERANGE, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ(MOD "Prefix length out of range for IPv4", self->ext.msg);

	nlh = port_set_start(self, self->t0);
	put_host(nlh, DPUBGP_A_PREFIX_ADDR6, &a6, sizeof(a6), 129);
	EXPECT_EQ(-ERANGE, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ("integer out of range", self->ext.msg);

	nlh = port_set_start(self, self->t0);
	put_host(nlh, DPUBGP_A_PREFIX_ADDR4, &a4, 3, 8);
	EXPECT_EQ(-ERANGE, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ("binary attribute size out of range", self->ext.msg);
	EXPECT_NE(0U, self->ext.offset);
	EXPECT_EQ(0U, count_ports(_metadata, self));
}

TEST_F(family, prefix_needs_one_address_and_a_length)
{
	struct nlmsghdr *nlh = port_set_start(self, self->t0);
	struct in_addr a4 = { htonl(0x0a000000) };

	put_host(nlh, 0, NULL, 0, 8);
	EXPECT_EQ(-EINVAL, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ(MOD "Prefix needs exactly one of IPv4 and IPv6 address",
		     self->ext.msg);

	nlh = port_set_start(self, self->t0);
	put_host(nlh, DPUBGP_A_PREFIX_ADDR4, &a4, sizeof(a4), -1);
	EXPECT_EQ(-EINVAL, dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext));
	EXPECT_STREQ(MOD "Missing prefix length", self->ext.msg);
	EXPECT_EQ((uint32_t)DPUBGP_A_PREFIX_LEN, self->ext.miss_type);
	EXPECT_EQ(0U, count_ports(_metadata, self));
}

TEST_F(family, too_many_hosts)
{
	struct dpubgp_prefix hosts[DPUBGP_PORT_HOSTS_MAX + 1];
	struct dpubgp_port port = { .ifindex = self->t0, .hosts = hosts };
	char str[32];
	size_t i;

	for (i = 0; i < DPUBGP_PORT_HOSTS_MAX + 1; i++) {
		snprintf(str, sizeof(str), "10.0.%zu.0/24", i);
		hosts[i] = prefix(str);
	}
	port.nhosts = DPUBGP_PORT_HOSTS_MAX;
	ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext))
		TH_LOG("%s", self->ext.msg);
	port.nhosts = DPUBGP_PORT_HOSTS_MAX + 1;
	EXPECT_EQ(-E2BIG, dpubgp_port_set(&self->nl, &port, &self->ext));
	EXPECT_STREQ(MOD "Too many host prefixes", self->ext.msg);
	/* The refused request left the port as it was. */
	expect_only_t0(_metadata, self, 0, DPUBGP_PORT_HOSTS_MAX);
}

/* Without CAP_NET_ADMIN nothing passes, not even a dump. */
TEST_F(family, needs_cap_net_admin)
{
	struct dpubgp_port port = { .ifindex = self->t0 };
	struct dpubgp_port_list list = { 0 };
	int status;
	pid_t pid;

	ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* Dropping root's uid drops its capabilities. */
		if (setresuid(65534, 65534, 65534))
			_exit(10);
		if (dpubgp_port_set(&self->nl, &port, &self->ext) != -EPERM)
			_exit(11);
		if (dpubgp_port_del(&self->nl, self->t0, &self->ext) != -EPERM)
			_exit(12);
		if (dpubgp_port_dump(&self->nl, &list, &self->ext) != -EPERM)
			_exit(13);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status))
		TH_LOG("step %d was not refused with EPERM", WEXITSTATUS(status));
	expect_only_t0(_metadata, self, 0, 0);
}

/*
 * A dump far larger than one message comes back whole, in ifindex order:
 * 400 ports with four prefixes each need several skbs. Creating 400
 * devices on the debug kernel (KASAN, lockdep) under TCG takes longer
 * than the harness's default 30 s.
 */
TEST_F_TIMEOUT(family, dump_resumes, 600)
{
	struct dpubgp_prefix hosts[] = { prefix("10.0.0.0/24"),
					 prefix("10.1.0.0/16"),
					 prefix("2001:db8:1::/48"),
					 prefix("2001:db8:2::/48") };
	struct dpubgp_port port = { .nhosts = 4, .hosts = hosts };
	struct dpubgp_port_list list = { 0 };
	char name[IF_NAMESIZE];
	FILE *batch;
	size_t i;

	batch = popen("ip -batch -", "w");
	ASSERT_NE(NULL, batch);
	for (i = 0; i < MANY_PORTS; i++)
		fprintf(batch, "link add d%zu master vpc-blue type dummy\n", i);
	ASSERT_EQ(0, pclose(batch));

	for (i = 0; i < MANY_PORTS; i++) {
		snprintf(name, sizeof(name), "d%zu", i);
		port.ifindex = if_nametoindex(name);
		ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext))
			TH_LOG("%s: %s", name, self->ext.msg);
	}
	ASSERT_EQ(0, dpubgp_port_dump(&self->nl, &list, &self->ext))
		TH_LOG("%s", self->ext.msg);
	ASSERT_EQ((size_t)MANY_PORTS, list.count);
	for (i = 0; i < MANY_PORTS; i++) {
		snprintf(name, sizeof(name), "d%zu", i);
		EXPECT_STREQ(name, list.ports[i].ifname);
		EXPECT_EQ(4U, list.ports[i].nhosts);
		if (i)
			EXPECT_LT(list.ports[i - 1].ifindex,
				  list.ports[i].ifindex);
	}
	dpubgp_port_list_free(&list);
}

/* A ROUTE_* request for (ifindex, prefix); prefix may be NULL. */
static struct nlmsghdr *route_start(struct _test_data_family *self,
				    uint8_t cmd, uint32_t ifindex,
				    const char *pfx)
{
	struct dpubgp_prefix p;
	struct nlmsghdr *nlh;

	nlh = dpubgp_nl_msg_start(&self->nl, self->buf, cmd, 0);
	if (ifindex)
		mnl_attr_put_u32(nlh, DPUBGP_A_PORT_IFINDEX, ifindex);
	if (pfx) {
		p = prefix(pfx);
		dpubgp_prefix_put(nlh, sizeof(self->buf), DPUBGP_A_ROUTE_PREFIX,
				  &p);
	}
	return nlh;
}

static size_t count_routes(struct __test_metadata *_metadata,
			   struct _test_data_family *self)
{
	struct dpubgp_route_list list = { 0 };
	size_t n;

	EXPECT_EQ(0, dpubgp_route_dump(&self->nl, &list, &self->ext))
		TH_LOG("%s", self->ext.msg);
	n = list.count;
	dpubgp_route_list_free(&list);
	return n;
}

static int talk(struct _test_data_family *self, struct nlmsghdr *nlh)
{
	return dpubgp_nl_talk(&self->nl, nlh, NULL, NULL, &self->ext);
}

TEST_F(family, route_add_dump_del)
{
	struct dpubgp_port port = { .ifindex = self->t0 };
	struct dpubgp_route_list list = { 0 };
	struct nlmsghdr *nlh;

	ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext));
	nlh = route_start(self, DPUBGP_CMD_ROUTE_ADD, self->t0, "192.0.2.0/24");
	mnl_attr_put_u32(nlh, DPUBGP_A_ROUTE_FLAGS, DPUBGP_ROUTE_F_DROP_OVERLAY);
	ASSERT_EQ(0, talk(self, nlh)) TH_LOG("%s", self->ext.msg);
	ASSERT_EQ(0, dpubgp_route_dump(&self->nl, &list, &self->ext));
	ASSERT_EQ(1U, list.count);
	EXPECT_EQ(self->t0, list.routes[0].ifindex);
	EXPECT_STREQ("t0", list.routes[0].ifname);
	/* DROP_OVERLAY implies the leak. */
	EXPECT_EQ((uint32_t)DPUBGP_ROUTE_F_ALL, list.routes[0].flags);
	EXPECT_EQ(0U, list.routes[0].packets);
	dpubgp_route_list_free(&list);

	nlh = route_start(self, DPUBGP_CMD_ROUTE_DEL, self->t0, "192.0.2.0/24");
	ASSERT_EQ(0, talk(self, nlh)) TH_LOG("%s", self->ext.msg);
	EXPECT_EQ(0U, count_routes(_metadata, self));
}

TEST_F(family, route_refusals)
{
	struct dpubgp_port port = { .ifindex = self->t0 };
	struct nlmsghdr *nlh;
	struct nlattr *attr;

	ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext));

	nlh = route_start(self, DPUBGP_CMD_ROUTE_ADD, self->t0, NULL);
	EXPECT_EQ(-EINVAL, talk(self, nlh));
	EXPECT_STREQ(MOD "Missing route prefix", self->ext.msg);
	EXPECT_EQ((uint32_t)DPUBGP_A_ROUTE_PREFIX, self->ext.miss_type);

	nlh = route_start(self, DPUBGP_CMD_ROUTE_DEL, 0, "192.0.2.0/24");
	EXPECT_EQ(-EINVAL, talk(self, nlh));
	EXPECT_STREQ(MOD "Missing port ifindex", self->ext.msg);

	nlh = route_start(self, DPUBGP_CMD_ROUTE_ADD, self->t0, "192.0.2.1/24");
	EXPECT_EQ(-EINVAL, talk(self, nlh));
	EXPECT_STREQ(MOD "Prefix has bits set beyond its length", self->ext.msg);

	nlh = route_start(self, DPUBGP_CMD_ROUTE_ADD, self->t0, "192.0.2.0/24");
	attr = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u32(nlh, DPUBGP_A_ROUTE_FLAGS, DPUBGP_ROUTE_F_ALL + 1);
	EXPECT_EQ(-EINVAL, talk(self, nlh));
	EXPECT_STREQ("reserved bit set", self->ext.msg);
	EXPECT_EQ(offset_of(nlh, attr), self->ext.offset);

	nlh = route_start(self, DPUBGP_CMD_ROUTE_ADD, 0x7fffffff, "192.0.2.0/24");
	EXPECT_EQ(-ENODEV, talk(self, nlh));
	EXPECT_STREQ(MOD "No device with this ifindex in this namespace",
		     self->ext.msg);

	nlh = route_start(self, DPUBGP_CMD_ROUTE_ADD, self->u0, "192.0.2.0/24");
	EXPECT_EQ(-ENODEV, talk(self, nlh));
	EXPECT_STREQ(MOD "Device is not a port", self->ext.msg);

	nlh = route_start(self, DPUBGP_CMD_ROUTE_ADD, self->t0, "192.0.2.0/24");
	mnl_attr_put_u64(nlh, DPUBGP_A_ROUTE_PACKETS, 1);
	EXPECT_EQ(-EINVAL, talk(self, nlh));
	EXPECT_STREQ(MOD "Counters are reply-only", self->ext.msg);

	/* ROUTE_DEL takes the key alone. */
	nlh = route_start(self, DPUBGP_CMD_ROUTE_DEL, self->t0, "192.0.2.0/24");
	mnl_attr_put_u32(nlh, DPUBGP_A_ROUTE_FLAGS, 0);
	EXPECT_EQ(-EINVAL, talk(self, nlh));

	nlh = route_start(self, DPUBGP_CMD_ROUTE_DEL, self->t0, "192.0.2.0/24");
	EXPECT_EQ(-ENOENT, talk(self, nlh));
	EXPECT_STREQ(MOD "No such route on this port", self->ext.msg);

	nlh = route_start(self, DPUBGP_CMD_FLUSH, self->u0, NULL);
	EXPECT_EQ(-ENOENT, talk(self, nlh));
	EXPECT_STREQ(MOD "No such port", self->ext.msg);

	nlh = route_start(self, DPUBGP_CMD_ROUTE_ADD, self->t0, "192.0.2.0/24");
	ASSERT_EQ(0, talk(self, nlh));
	nlh = route_start(self, DPUBGP_CMD_ROUTE_ADD, self->t0, "192.0.2.0/24");
	EXPECT_EQ(-EEXIST, talk(self, nlh));
	EXPECT_STREQ(MOD "Route already exists on this port", self->ext.msg);
	EXPECT_EQ(1U, count_routes(_metadata, self));
}

/*
 * The large route dump: DUMP_PORTS ports, each with the same DUMP_ROUTES
 * prefixes per family (anycast), of three lengths and three flag sets,
 * loaded in batches. The table gives each route its index, the harness's
 * checks name it by that index.
 */
#define DUMP_PORTS 4
#define DUMP_ROUTES 15000	/* per port and family: 120000 routes */
#define DUMP_TOTAL ((size_t)DUMP_PORTS * 2 * DUMP_ROUTES)

struct dump_table {
	uint32_t ports[DUMP_PORTS];
	struct dpubgp_route *routes;	/* DUMP_TOTAL, by index */
	uint8_t *seen;			/* per index: times dumped */
	uint8_t *gone;			/* per index: deleted for good */
	size_t strays;			/* dumped routes that are none of ours */
};

/* Route i of family f (0: IPv4, 1: IPv6) on port j has index
 * (j * 2 + f) * DUMP_ROUTES + i: the kernel's dump order.
 */
static void dump_table_fill(struct dump_table *t)
{
	static const uint8_t len4[] = { 24, 28, 32 }, len6[] = { 48, 64, 128 };
	static const uint32_t flags[] = { 0, DPUBGP_ROUTE_F_LEAK_UNDERLAY,
					  DPUBGP_ROUTE_F_ALL };
	struct dpubgp_route *r = t->routes;
	size_t i, j, f;

	for (j = 0; j < DUMP_PORTS; j++)
		for (f = 0; f < 2; f++)
			for (i = 0; i < DUMP_ROUTES; i++, r++) {
				r->ifindex = t->ports[j];
				snprintf(r->ifname, sizeof(r->ifname), "t%zu", j);
				r->flags = flags[(i + j) % 3];
				if (f) {
					r->prefix = prefix("2001:db8::/48");
					r->prefix.len = len6[i % 3];
				} else {
					r->prefix = prefix("10.0.0.0/24");
					r->prefix.len = len4[i % 3];
				}
				r->prefix.addr[f ? 4 : 1] = (uint8_t)(i >> 8);
				r->prefix.addr[f ? 5 : 2] = (uint8_t)i;
			}
}

/* The index of the table route equal to r, attributes and all, or -1. */
static ssize_t dump_table_index(const struct dump_table *t,
				const struct dpubgp_route *r)
{
	const struct dpubgp_route *want;
	size_t i, j, f = r->prefix.family == AF_INET6, idx;

	for (j = 0; j < DUMP_PORTS && t->ports[j] != r->ifindex; j++)
		;
	i = (size_t)r->prefix.addr[f ? 4 : 1] << 8 | r->prefix.addr[f ? 5 : 2];
	if (j == DUMP_PORTS || i >= DUMP_ROUTES)
		return -1;
	idx = (j * 2 + f) * DUMP_ROUTES + i;
	want = &t->routes[idx];
	if (memcmp(&want->prefix, &r->prefix, sizeof(r->prefix)) ||
	    strcmp(want->ifname, r->ifname) || want->flags != r->flags ||
	    r->packets || r->bytes)
		return -1;
	return (ssize_t)idx;
}

/* Count r as dumped; returns its index, or -1 for a stray. */
static ssize_t dump_table_see(struct dump_table *t,
			      const struct dpubgp_route *r)
{
	ssize_t idx = dump_table_index(t, r);

	if (idx < 0)
		t->strays++;
	else if (t->seen[idx] < UINT8_MAX)
		t->seen[idx]++;
	return idx;
}

/*
 * Every route not gone was dumped once; a gone one at most once if the
 * dump ran while it went (it may have been on its way), else never.
 */
static void expect_dumped_once(struct __test_metadata *_metadata,
			       const struct dump_table *t, bool while_going)
{
	size_t idx, max, twice = 0, missed = 0;

	for (idx = 0; idx < DUMP_TOTAL; idx++) {
		max = t->gone[idx] && !while_going ? 0 : 1;
		if (t->seen[idx] > max)
			twice++;
		else if (!t->seen[idx] && !t->gone[idx])
			missed++;
	}
	EXPECT_EQ(0U, t->strays) TH_LOG("routes dumped that are none of ours");
	EXPECT_EQ(0U, twice) TH_LOG("routes dumped twice, or after they went");
	EXPECT_EQ(0U, missed) TH_LOG("routes missing from the dump");
}

/*
 * Between two reads of a dump, as a concurrent writer would: every
 * CHURN_EVERY routes received, delete the next CHURN_WINDOW routes (more
 * than the kernel has built ahead, so the one it resumes after is among
 * them) and add every other one back.
 */
#define CHURN_EVERY 20000
#define CHURN_WINDOW 800

struct churn {
	struct dump_table *t;
	struct dpubgp_nl nl;	/* a socket of its own: the dump's is busy */
	struct dpubgp_extack ext;
	size_t received, rounds;
	int error;
};

static int churn_window(struct churn *c, size_t idx)
{
	struct dump_table *t = c->t;
	size_t k;
	int err;

	/* Within one (port, family) run of the table. */
	if (idx % DUMP_ROUTES + CHURN_WINDOW >= DUMP_ROUTES)
		return 0;
	for (k = 1; k <= CHURN_WINDOW; k++) {
		err = dpubgp_route_del(&c->nl, &t->routes[idx + k], &c->ext);
		if (err)
			return err;
	}
	for (k = 1; k <= CHURN_WINDOW; k++) {
		if (k % 2) {
			t->gone[idx + k] = 1;
			continue;
		}
		err = dpubgp_route_add(&c->nl, &t->routes[idx + k], &c->ext);
		if (err)
			return err;
	}
	c->rounds++;
	return 0;
}

static int churn_dump_cb(const struct nlmsghdr *nlh, void *data)
{
	struct churn *c = data;
	struct dpubgp_route r;
	ssize_t idx;

	if (dpubgp_route_parse(nlh, &r)) {
		c->t->strays++;
		return MNL_CB_OK;
	}
	idx = dump_table_see(c->t, &r);
	if (++c->received % CHURN_EVERY || idx < 0 || c->error)
		return MNL_CB_OK;
	c->error = churn_window(c, (size_t)idx);
	return MNL_CB_OK;
}

/*
 * More than 100k routes on four ports, both families: a dump of a few
 * hundred skbs returns each once, with its attributes, in the kernel's
 * order; a dump that routes are deleted and added under, around the
 * point it resumes from, is flagged interrupted (NLM_F_DUMP_INTR) and
 * still returns every route that stayed exactly once; flushes empty one
 * port, then all. The debug kernel (KASAN, lockdep) under TCG needs
 * minutes for it.
 */
TEST_F_TIMEOUT(family, route_dump_resumes_and_flush, 600)
{
	struct dump_table t = { .ports = { self->t0 } };
	struct dpubgp_port port = { 0 };
	struct dpubgp_route_list list = { 0 };
	struct churn c = { .t = &t };
	struct nlmsghdr *nlh;
	char cmd[128];
	size_t i, gone = 0;

	for (i = 1; i < DUMP_PORTS; i++) {
		snprintf(cmd, sizeof(cmd), "ip link add t%zu type veth peer"
			 " name h%zu && ip link set t%zu master vpc-blue",
			 i, i, i);
		ASSERT_EQ(0, sh(cmd));
		snprintf(cmd, sizeof(cmd), "t%zu", i);
		t.ports[i] = if_nametoindex(cmd);
	}
	for (i = 0; i < DUMP_PORTS; i++) {
		port.ifindex = t.ports[i];
		ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext));
	}
	t.routes = calloc(DUMP_TOTAL, sizeof(*t.routes));
	t.seen = calloc(DUMP_TOTAL, 1);
	t.gone = calloc(DUMP_TOTAL, 1);
	ASSERT_TRUE(t.routes && t.seen && t.gone);
	dump_table_fill(&t);
	ASSERT_EQ(0, dpubgp_route_add_batch(&self->nl, t.routes, DUMP_TOTAL,
					    NULL, &self->ext))
		TH_LOG("%s", self->ext.msg);

	/* Quiet: whole, in order. */
	ASSERT_EQ(0, dpubgp_route_dump(&self->nl, &list, &self->ext))
		TH_LOG("%s", self->ext.msg);
	ASSERT_EQ(DUMP_TOTAL, list.count);
	for (i = 0; i < DUMP_TOTAL; i++)
		ASSERT_EQ((ssize_t)i, dump_table_index(&t, &list.routes[i]))
			TH_LOG("route %zu of the dump is out of place", i);
	dpubgp_route_list_free(&list);

	/* Changed between its reads. */
	ASSERT_EQ(0, dpubgp_nl_open(&c.nl, &c.ext));
	nlh = dpubgp_nl_msg_start(&self->nl, self->buf, DPUBGP_CMD_ROUTE_GET,
				  NLM_F_DUMP);
	EXPECT_EQ(-EINTR, dpubgp_nl_talk(&self->nl, nlh, churn_dump_cb, &c,
					 &self->ext))
		TH_LOG("%s", self->ext.msg);
	dpubgp_nl_close(&c.nl);
	ASSERT_EQ(0, c.error) TH_LOG("churn: %s", c.ext.msg);
	ASSERT_LE(3U, c.rounds);
	expect_dumped_once(_metadata, &t, true);

	/* Quiet again: what stayed, once; nothing that went. */
	memset(t.seen, 0, DUMP_TOTAL);
	ASSERT_EQ(0, dpubgp_route_dump(&self->nl, &list, &self->ext))
		TH_LOG("%s", self->ext.msg);
	for (i = 0; i < list.count; i++)
		dump_table_see(&t, &list.routes[i]);
	dpubgp_route_list_free(&list);
	expect_dumped_once(_metadata, &t, false);
	for (i = 0; i < DUMP_TOTAL; i++)
		gone += t.gone[i];

	ASSERT_EQ(0, dpubgp_route_flush(&self->nl, t.ports[0], &self->ext));
	for (i = 0; i < 2 * DUMP_ROUTES; i++)
		gone += !t.gone[i];
	EXPECT_EQ(DUMP_TOTAL - gone, count_routes(_metadata, self));
	ASSERT_EQ(0, dpubgp_route_flush(&self->nl, 0, &self->ext));
	EXPECT_EQ(0U, count_routes(_metadata, self));
	free(t.routes);
	free(t.seen);
	free(t.gone);
}

/*
 * Several sendmsg() batches; a failure in one does not stop the rest. The
 * debug kernel needs more than the default 30 s for them.
 */
TEST_F_TIMEOUT(family, route_add_batch, 600)
{
	struct dpubgp_port port = { .ifindex = self->t0 };
	const size_t n = 5000, dup = 3210;
	struct dpubgp_route *routes;
	size_t i, failed = 0;

	ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext));
	routes = calloc(n, sizeof(*routes));
	ASSERT_NE(NULL, routes);
	for (i = 0; i < n; i++) {
		routes[i].ifindex = self->t0;
		routes[i].prefix = prefix(i % 2 ? "2001:db8::/64" :
					  "10.0.0.0/30");
		routes[i].prefix.addr[i % 2 ? 6 : 1] = (uint8_t)(i >> 8);
		routes[i].prefix.addr[i % 2 ? 7 : 2] = (uint8_t)i;
	}
	ASSERT_EQ(0, dpubgp_route_add_batch(&self->nl, routes, n, &failed,
					    &self->ext))
		TH_LOG("%s", self->ext.msg);
	EXPECT_EQ(n, count_routes(_metadata, self));

	/* Again, with one new prefix: only the old ones fail, the first
	 * is reported, the new one is added.
	 */
	routes[dup].prefix = prefix("192.0.2.0/24");
	EXPECT_EQ(-EEXIST, dpubgp_route_add_batch(&self->nl, routes, n,
						  &failed, &self->ext));
	EXPECT_EQ(0U, failed);
	EXPECT_NE(0U, strlen(self->ext.msg));
	EXPECT_EQ(n + 1, count_routes(_metadata, self));

	/* The socket still works: nothing of the batches is left queued. */
	ASSERT_EQ(0, dpubgp_route_flush(&self->nl, 0, &self->ext));
	EXPECT_EQ(0U, count_routes(_metadata, self));
	free(routes);
}

TEST_F(family, route_gone_with_port)
{
	struct dpubgp_port port = { .ifindex = self->t0 };
	struct nlmsghdr *nlh;

	ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext));
	nlh = route_start(self, DPUBGP_CMD_ROUTE_ADD, self->t0, "fd00:1::/64");
	mnl_attr_put_u32(nlh, DPUBGP_A_ROUTE_FLAGS,
			 DPUBGP_ROUTE_F_LEAK_UNDERLAY);
	ASSERT_EQ(0, talk(self, nlh));
	ASSERT_EQ(0, sh("ip link del t0"));
	EXPECT_EQ(0U, count_routes(_metadata, self));
}

/*
 * Read one event from a socket joined to the events group; a missing event
 * fails after a few seconds instead of hanging the test.
 */
static int read_event(struct dpubgp_nl *events, uint8_t *cmd,
		      struct dpubgp_port *port)
{
	_Alignas(struct nlmsghdr) char buf[MNL_SOCKET_BUFFER_SIZE];
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct timeval timeout = { .tv_sec = 5 };
	ssize_t n;

	if (setsockopt(mnl_socket_get_fd(events->sock), SOL_SOCKET,
		       SO_RCVTIMEO, &timeout, sizeof(timeout)))
		return -errno;
	n = mnl_socket_recvfrom(events->sock, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	if (!mnl_nlmsg_ok(nlh, n) || nlh->nlmsg_type != events->family)
		return -EBADMSG;
	*cmd = ((struct genlmsghdr *)mnl_nlmsg_get_payload(nlh))->cmd;
	return dpubgp_port_parse(nlh, port);
}

static void expect_port_gone_event(struct __test_metadata *_metadata,
				   struct _test_data_family *self,
				   const char *how)
{
	struct dpubgp_port port = { .ifindex = self->t0 };
	struct dpubgp_port gone = { 0 };
	struct dpubgp_nl events;
	uint8_t cmd = 0;

	ASSERT_EQ(0, dpubgp_port_set(&self->nl, &port, &self->ext));
	ASSERT_EQ(0, dpubgp_nl_open(&events, &self->ext));
	ASSERT_EQ(0, dpubgp_nl_join_events(&events));
	ASSERT_EQ(0, sh(how));
	/* The notifier runs before the command returns: the event waits. */
	ASSERT_EQ(0, read_event(&events, &cmd, &gone));
	EXPECT_EQ(DPUBGP_CMD_PORT_DEL, cmd);
	EXPECT_EQ(self->t0, gone.ifindex);
	EXPECT_STREQ("t0", gone.ifname);
	dpubgp_port_release(&gone);
	dpubgp_nl_close(&events);
	EXPECT_EQ(0U, count_ports(_metadata, self));
}

TEST_F(family, gone_with_device)
{
	expect_port_gone_event(_metadata, self, "ip link del t0");
}

TEST_F(family, gone_with_vrf_release)
{
	expect_port_gone_event(_metadata, self, "ip link set t0 nomaster");
}

TEST_HARNESS_MAIN
