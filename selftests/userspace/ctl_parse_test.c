// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl's grammar, parsed without running anything: what each command
 * line asks for, and the exact line printed for each mistake.
 */
#include <errno.h>
#include <string.h>
#include <linux/dpubgp.h>

#include "ctl/cmd.h"
#include "dpubgp_test.h"

#define ARGS_MAX 12

static int argc_of(char *const argv[])
{
	int argc = 0;

	while (argc < ARGS_MAX && argv[argc])
		argc++;
	return argc;
}

/* The words of the leaf a request names, "kernel port set" and so on. */
static const char *leaf_of(const struct ctl_req *req, char *buf, size_t size)
{
	size_t i, pos = 0;

	buf[0] = '\0';
	for (i = 1; i < req->depth; i++)
		pos += (size_t)snprintf(buf + pos, size - pos, "%s%s",
					i > 1 ? " " : "", req->path[i]->name);
	return buf;
}

FIXTURE(ctl) {
	struct ctl_req req;
	char leaf[64];
};

FIXTURE_SETUP(ctl)
{
}

FIXTURE_TEARDOWN(ctl)
{
	ctl_req_release(&self->req);
}

#define PARSE_OK(...)							\
	do {								\
		char *argv[ARGS_MAX] = { __VA_ARGS__ };			\
									\
		ASSERT_EQ(0, ctl_parse(&self->req, argc_of(argv), argv))\
			TH_LOG("refused: %s", self->req.err);		\
	} while (0)

#define LEAF() leaf_of(&self->req, self->leaf, sizeof(self->leaf))

TEST_F(ctl, port_set_bare)
{
	PARSE_OK("kernel", "port", "set", "t0");
	ASSERT_STREQ("kernel port set", LEAF());
	ASSERT_STREQ("t0", self->req.ifname);
	ASSERT_EQ(0U, self->req.flags) TH_LOG("src-filter defaults to off");
	ASSERT_EQ((size_t)0, self->req.nhosts);
}

TEST_F(ctl, port_set_full)
{
	char text[DPUBGP_PREFIX_STRLEN];

	PARSE_OK("kernel", "port", "set", "t0", "src-filter", "on", "host",
		 "10.0.0.2", "host", "fd00::2/128");
	ASSERT_STREQ("t0", self->req.ifname);
	ASSERT_EQ((uint32_t)DPUBGP_PORT_F_SRC_FILTER, self->req.flags);
	ASSERT_EQ((size_t)2, self->req.nhosts);
	ASSERT_EQ(0, dpubgp_prefix_format(&self->req.hosts[0], text,
					  sizeof(text)));
	ASSERT_STREQ("10.0.0.2/32", text);
	ASSERT_EQ(0, dpubgp_prefix_format(&self->req.hosts[1], text,
					  sizeof(text)));
	ASSERT_STREQ("fd00::2/128", text);
	ctl_req_release(&self->req);
	ASSERT_NO_LEAKS();
}

TEST_F(ctl, port_set_hosts_before_flag)
{
	PARSE_OK("kernel", "port", "set", "t0", "host", "10.0.0.2",
		 "src-filter", "on");
	ASSERT_EQ((uint32_t)DPUBGP_PORT_F_SRC_FILTER, self->req.flags);
	ASSERT_EQ((size_t)1, self->req.nhosts);
}

TEST_F(ctl, port_set_last_src_filter_wins)
{
	PARSE_OK("kernel", "port", "set", "t0", "src-filter", "on",
		 "src-filter", "off");
	ASSERT_EQ(0U, self->req.flags);
}

TEST_F(ctl, port_set_host_bits_passed_as_written)
{
	char text[DPUBGP_PREFIX_STRLEN];

	PARSE_OK("kernel", "port", "set", "t0", "host", "10.0.0.2/24");
	ASSERT_EQ(0, dpubgp_prefix_format(&self->req.hosts[0], text,
					  sizeof(text)));
	ASSERT_STREQ("10.0.0.2/24", text)
		TH_LOG("the kernel, not the CLI, refuses host bits");
}

TEST_F(ctl, port_del)
{
	PARSE_OK("kernel", "port", "del", "t0");
	ASSERT_STREQ("kernel port del", LEAF());
	ASSERT_STREQ("t0", self->req.ifname);
}

TEST_F(ctl, route_add_bare)
{
	PARSE_OK("kernel", "route", "add", "192.0.2.0/24", "dev", "t0");
	ASSERT_STREQ("kernel route add", LEAF());
	ASSERT_STREQ("t0", self->req.ifname);
	ASSERT_EQ(AF_INET, self->req.route_prefix.family);
	ASSERT_EQ(24, self->req.route_prefix.len);
	ASSERT_EQ(0U, self->req.flags);
}

TEST_F(ctl, route_add_leak_underlay)
{
	PARSE_OK("kernel", "route", "add", "2001:db8::/32", "leak", "underlay",
		 "dev", "t0");
	ASSERT_EQ((uint32_t)DPUBGP_ROUTE_F_LEAK_UNDERLAY, self->req.flags);
	ASSERT_EQ(AF_INET6, self->req.route_prefix.family);
}

TEST_F(ctl, route_add_drop_overlay)
{
	PARSE_OK("kernel", "route", "add", "192.0.2.1", "dev", "t0", "leak",
		 "drop-overlay");
	ASSERT_EQ((uint32_t)DPUBGP_ROUTE_F_ALL, self->req.flags);
	ASSERT_EQ(32, self->req.route_prefix.len);
}

TEST_F(ctl, route_del)
{
	PARSE_OK("kernel", "route", "del", "192.0.2.0/24", "dev", "t0");
	ASSERT_STREQ("kernel route del", LEAF());
	ASSERT_STREQ("t0", self->req.ifname);
}

TEST_F(ctl, show_text)
{
	PARSE_OK("kernel", "show");
	ASSERT_STREQ("kernel show", LEAF());
	ASSERT_FALSE(self->req.json);
}

TEST_F(ctl, status_json)
{
	PARSE_OK("status", "-o", "json");
	ASSERT_TRUE(self->req.json);
}

TEST_F(ctl, show_json)
{
	PARSE_OK("kernel", "show", "-o", "json");
	ASSERT_TRUE(self->req.json);
}

TEST_F(ctl, help_leaf_alone)
{
	PARSE_OK("help");
	ASSERT_STREQ("help", LEAF());
	ASSERT_EQ(0, self->req.n_words);
}

TEST_F(ctl, help_leaf_words)
{
	char *argv[] = { "help", "kernel", "port", NULL };

	ASSERT_EQ(0, ctl_parse(&self->req, 3, argv));
	ASSERT_STREQ("help", LEAF());
	ASSERT_EQ(2, self->req.n_words);
	ASSERT_STREQ("port", self->req.words[1]);
}

TEST_F(ctl, status_peer)
{
	PARSE_OK("status", "10.0.0.2%t0", "-o", "json");
	ASSERT_STREQ("status", LEAF());
	ASSERT_STREQ("10.0.0.2%t0", self->req.peer);
	ASSERT_TRUE(self->req.json);
}

TEST_F(ctl, status_json_then_peer)
{
	PARSE_OK("status", "-o", "json", "fd00:1::10");
	ASSERT_STREQ("fd00:1::10", self->req.peer);
	ASSERT_TRUE(self->req.json);
}

TEST_F(ctl, rib_bare)
{
	PARSE_OK("rib");
	ASSERT_STREQ("rib", LEAF());
	ASSERT_EQ(NULL, self->req.prefix);
	ASSERT_EQ(NULL, self->req.vpc);
	ASSERT_EQ(NULL, self->req.peer);
	ASSERT_FALSE(self->req.dropped);
}

TEST_F(ctl, rib_every_filter)
{
	PARSE_OK("rib", "--dropped", "peer", "10.0.0.2%t0", "192.0.2.0/24",
		 "vpc", "blue", "-o", "json");
	ASSERT_STREQ("192.0.2.0/24", self->req.prefix);
	ASSERT_STREQ("blue", self->req.vpc);
	ASSERT_STREQ("10.0.0.2%t0", self->req.peer);
	ASSERT_TRUE(self->req.dropped);
	ASSERT_TRUE(self->req.json);
}

TEST_F(ctl, rib_address)
{
	PARSE_OK("rib", "2001:db8::1");
	ASSERT_STREQ("2001:db8::1", self->req.prefix);
}

TEST_F(ctl, log_level_show)
{
	PARSE_OK("log-level");
	ASSERT_STREQ("log-level", LEAF());
	ASSERT_EQ(NULL, self->req.level);
}

TEST_F(ctl, log_level_set)
{
	PARSE_OK("log-level", "debug");
	ASSERT_STREQ("debug", self->req.level);
}

FIXTURE(bad_grammar) {
	struct ctl_req req;
};

FIXTURE_VARIANT(bad_grammar) {
	char *argv[ARGS_MAX];
	const char *err;
};

FIXTURE_SETUP(bad_grammar)
{
}

FIXTURE_TEARDOWN(bad_grammar)
{
	ctl_req_release(&self->req);
}

#define ROOT_USAGE "Usage: dpubgpctl {kernel|status|rib|log-level|bgp|node|apply|get|delete|tenant|profile|port|help} ..."
#define STATUS_USAGE "Usage: dpubgpctl status [PEER] [-o json]"
#define RIB_USAGE							\
	"Usage: dpubgpctl rib [PREFIX|vpc NAME|peer PEER] [--dropped] [-o json]"
#define LOG_LEVEL_USAGE							\
	"Usage: dpubgpctl log-level [error|warn|info|debug]"
#define KERNEL_USAGE "Usage: dpubgpctl kernel {port|route|show} ..."
#define PORT_USAGE "Usage: dpubgpctl kernel port {set|del} ..."
/* A word the tree does not know, then the usage where it was met. */
#define UNKNOWN(word, usage) "Error: unknown command \"" word "\".\n" usage
#define SET_USAGE							\
	"Usage: dpubgpctl kernel port set IFNAME [src-filter on|off] [host PREFIX]..."
#define DEL_USAGE "Usage: dpubgpctl kernel port del IFNAME"
#define SHOW_USAGE "Usage: dpubgpctl kernel show [-o json]"
#define ROUTE_ADD_USAGE							\
	"Usage: dpubgpctl kernel route add PREFIX dev IFNAME [leak underlay|leak drop-overlay]"
#define ROUTE_DEL_USAGE "Usage: dpubgpctl kernel route del PREFIX dev IFNAME"

#define BAD(name, _err, ...)						\
	FIXTURE_VARIANT_ADD(bad_grammar, name) {			\
		.argv = { __VA_ARGS__ }, .err = _err,			\
	}

BAD(nothing, ROOT_USAGE, NULL);
BAD(unknown_command, UNKNOWN("bogus", ROOT_USAGE), "bogus");
BAD(case_matters, UNKNOWN("Kernel", ROOT_USAGE), "Kernel");
BAD(kernel_alone, KERNEL_USAGE, "kernel");
BAD(kernel_unknown, UNKNOWN("rule", KERNEL_USAGE), "kernel", "rule");
BAD(port_alone, PORT_USAGE, "kernel", "port");
BAD(port_unknown, UNKNOWN("add", PORT_USAGE), "kernel", "port", "add", "t0");
BAD(set_no_ifname, SET_USAGE, "kernel", "port", "set");
BAD(set_unknown_word, SET_USAGE, "kernel", "port", "set", "t0", "vrf", "x");
BAD(set_host_no_value, SET_USAGE, "kernel", "port", "set", "t0", "host");
BAD(set_filter_no_value, SET_USAGE, "kernel", "port", "set", "t0",
    "src-filter");
BAD(set_bad_filter, "Error: src-filter must be on or off, not \"yes\".",
    "kernel", "port", "set", "t0", "src-filter", "yes");
BAD(set_bad_v4_host, "Error: invalid prefix \"10.0.0.300\".",
    "kernel", "port", "set", "t0", "host", "10.0.0.300");
BAD(set_bad_v6_len, "Error: invalid prefix \"fd00::/129\".",
    "kernel", "port", "set", "t0", "host", "fd00::/129");
BAD(set_bad_second_host, "Error: invalid prefix \"10.0.0.3/\".",
    "kernel", "port", "set", "t0", "host", "10.0.0.2", "host", "10.0.0.3/");
BAD(del_no_ifname, DEL_USAGE, "kernel", "port", "del");
BAD(del_two_ifnames, DEL_USAGE, "kernel", "port", "del", "t0", "t1");
BAD(show_o_no_value, SHOW_USAGE, "kernel", "show", "-o");
BAD(show_bad_format, "Error: output format must be json, not \"yaml\".",
    "kernel", "show", "-o", "yaml");
BAD(show_stray_word, SHOW_USAGE, "kernel", "show", "json");
BAD(status_two_peers, STATUS_USAGE, "status", "10.0.0.2", "10.0.0.3");
BAD(status_bad_peer,
    "Error: invalid peer \"json\": ADDRESS, or ADDRESS%PORT for a tenant.",
    "status", "json");
BAD(status_peer_empty_port,
    "Error: invalid peer \"10.0.0.2%\": ADDRESS, or ADDRESS%PORT for a tenant.",
    "status", "10.0.0.2%");
BAD(status_o_no_value, STATUS_USAGE, "status", "-o");
BAD(status_unknown_option, STATUS_USAGE, "status", "--all");
BAD(rib_two_prefixes, RIB_USAGE, "rib", "10.0.0.0/8", "10.0.0.0/16");
BAD(rib_bad_prefix,
    "Error: invalid prefix \"10.0.0.0/33\": ADDRESS or ADDRESS/LENGTH.",
    "rib", "10.0.0.0/33");
BAD(rib_vpc_no_name, RIB_USAGE, "rib", "vpc");
BAD(rib_peer_no_address, RIB_USAGE, "rib", "peer");
BAD(rib_bad_peer,
    "Error: invalid peer \"t0\": ADDRESS, or ADDRESS%PORT for a tenant.",
    "rib", "peer", "t0");
BAD(rib_bad_format, "Error: output format must be json, not \"text\".",
    "rib", "-o", "text");
BAD(log_level_bogus,
    "Error: invalid log level \"bogus\": error|warn|info|debug.",
    "log-level", "bogus");
BAD(log_level_two, LOG_LEVEL_USAGE, "log-level", "info", "debug");
BAD(route_no_prefix, ROUTE_ADD_USAGE, "kernel", "route", "add");
BAD(route_no_dev, ROUTE_ADD_USAGE, "kernel", "route", "add", "10.0.0.0/8");
BAD(route_bad_prefix, "Error: invalid prefix \"10.0.0.0/33\".",
    "kernel", "route", "add", "10.0.0.0/33", "dev", "t0");
BAD(route_bad_leak,
    "Error: leak must be underlay or drop-overlay, not \"both\".",
    "kernel", "route", "add", "10.0.0.0/8", "dev", "t0", "leak", "both");
BAD(route_del_leak, ROUTE_DEL_USAGE, "kernel", "route", "del",
    "10.0.0.0/8", "dev", "t0", "leak", "underlay");

TEST_F(bad_grammar, refused)
{
	char **argv = (char **)variant->argv;

	ASSERT_EQ(-1, ctl_parse(&self->req, argc_of(argv), argv));
	ASSERT_STREQ(variant->err, self->req.err);
	ctl_req_release(&self->req);
	ASSERT_NO_LEAKS();
}

FIXTURE(nl_error) {
	struct ctl_req req;
	struct dpubgp_extack ext;
};

FIXTURE_SETUP(nl_error)
{
	memset(&self->ext, 0, sizeof(self->ext));
}

FIXTURE_TEARDOWN(nl_error)
{
}

TEST_F(nl_error, kernel_sentence)
{
	strcpy(self->ext.msg, "Device is not enslaved to a VRF");
	ASSERT_EQ(-1, ctl_nl_error(&self->req, -EINVAL, &self->ext));
	ASSERT_STREQ("Error: Device is not enslaved to a VRF.", self->req.err);
}

TEST_F(nl_error, sentence_with_period)
{
	strcpy(self->ext.msg, "No such port.");
	ASSERT_EQ(-1, ctl_nl_error(&self->req, -ENOENT, &self->ext));
	ASSERT_STREQ("Error: No such port.", self->req.err);
}

TEST_F(nl_error, errno_alone)
{
	ASSERT_EQ(-1, ctl_nl_error(&self->req, -EPERM, &self->ext));
	ASSERT_STREQ("Error: Operation not permitted.", self->req.err);
}

TEST_HARNESS_MAIN
