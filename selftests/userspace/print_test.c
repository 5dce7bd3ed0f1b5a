// SPDX-License-Identifier: GPL-2.0
/*
 * The text and JSON printers of dpubgpctl kernel show, on a port list
 * built by hand, against golden output.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <linux/dpubgp.h>

#include "dpubgp_test.h"
#include "ctl/print.h"

FIXTURE(print) {
	struct dpubgp_prefix hosts[2];
	struct dpubgp_port ports[2];
	struct dpubgp_port_list list;
	char *out;
	size_t len;
	FILE *f;
};

/*
 * t0: filtered, an IPv4 and an IPv6 host; t1: neither filter nor hosts.
 */
FIXTURE_SETUP(print)
{
	ASSERT_EQ(0, dpubgp_prefix_parse("10.0.0.2", &self->hosts[0]));
	ASSERT_EQ(0, dpubgp_prefix_parse("fd00::2", &self->hosts[1]));
	self->ports[0] = (struct dpubgp_port){
		.ifindex = 5,
		.ifname = "t0",
		.vrf = "vpc-blue",
		.flags = DPUBGP_PORT_F_SRC_FILTER,
		.drops = 42,
		.nhosts = 2,
		.hosts = self->hosts,
	};
	self->ports[1] = (struct dpubgp_port){
		.ifindex = 7,
		.ifname = "t1",
		.vrf = "vpc-red",
	};
	self->list = (struct dpubgp_port_list){
		.count = 2,
		.room = 2,
		.ports = self->ports,
	};
	self->f = open_memstream(&self->out, &self->len);
	ASSERT_NE(NULL, self->f);
}

FIXTURE_TEARDOWN(print)
{
	if (self->f)
		fclose(self->f);
	free(self->out);
}

/* What was printed so far. */
static const char *printed(FIXTURE_DATA(print) *self)
{
	fflush(self->f);
	return self->out;
}

static int trailing_blanks(const char *text)
{
	const char *p;

	for (p = text; *p; p++)
		if (*p == ' ' && (p[1] == '\n' || !p[1]))
			return 1;
	return 0;
}

TEST_F(print, text)
{
	ASSERT_EQ(0, ctl_print_ports_text(self->f, &self->list));
	ASSERT_STREQ("port t0 (ifindex 5) vrf vpc-blue\n"
		     "  src-filter: on, drops 42\n"
		     "  hosts: 10.0.0.2/32, fd00::2/128\n"
		     "\n"
		     "port t1 (ifindex 7) vrf vpc-red\n"
		     "  src-filter: off, drops 0\n"
		     "  hosts: none\n",
		     printed(self));
	ASSERT_FALSE(trailing_blanks(printed(self)));
}

TEST_F(print, text_empty)
{
	self->list.count = 0;
	ASSERT_EQ(0, ctl_print_ports_text(self->f, &self->list));
	ASSERT_STREQ("No ports.\n", printed(self));
}

TEST_F(print, json)
{
	ASSERT_EQ(0, ctl_print_ports_json(self->f, &self->list));
	ASSERT_STREQ("{\n"
		     "  \"ports\": [\n"
		     "    {\n"
		     "      \"ifname\": \"t0\",\n"
		     "      \"ifindex\": 5,\n"
		     "      \"vrf\": \"vpc-blue\",\n"
		     "      \"src_filter\": true,\n"
		     "      \"drops\": 42,\n"
		     "      \"hosts\": [\n"
		     "        \"10.0.0.2/32\",\n"
		     "        \"fd00::2/128\"\n"
		     "      ]\n"
		     "    },\n"
		     "    {\n"
		     "      \"ifname\": \"t1\",\n"
		     "      \"ifindex\": 7,\n"
		     "      \"vrf\": \"vpc-red\",\n"
		     "      \"src_filter\": false,\n"
		     "      \"drops\": 0,\n"
		     "      \"hosts\": []\n"
		     "    }\n"
		     "  ]\n"
		     "}\n",
		     printed(self));
	ASSERT_FALSE(trailing_blanks(printed(self)));
}

/* The compact form the kernel selftests compare with, through jq -c. */
TEST_F(print, json_compact_equivalent)
{
	json_error_t error;
	json_t *root;
	char *compact;

	self->list.count = 1;
	ASSERT_EQ(0, ctl_print_ports_json(self->f, &self->list));
	root = json_loads(printed(self), 0, &error);
	ASSERT_NE(NULL, root) TH_LOG("not JSON: %s", error.text);
	compact = json_dumps(root, JSON_COMPACT);
	json_decref(root);
	ASSERT_NE(NULL, compact);
	EXPECT_STREQ("{\"ports\":[{\"ifname\":\"t0\",\"ifindex\":5,"
		     "\"vrf\":\"vpc-blue\",\"src_filter\":true,\"drops\":42,"
		     "\"hosts\":[\"10.0.0.2/32\",\"fd00::2/128\"]}]}",
		     compact);
	free(compact);
}

TEST_F(print, json_empty)
{
	self->list.count = 0;
	ASSERT_EQ(0, ctl_print_ports_json(self->f, &self->list));
	ASSERT_STREQ("{\n  \"ports\": []\n}\n", printed(self));
}

TEST_F(print, unprintable_host)
{
	self->hosts[1].family = AF_UNSPEC;
	ASSERT_EQ(-EAFNOSUPPORT, ctl_print_ports_text(self->f, &self->list));
	ASSERT_GT(0, ctl_print_ports_json(self->f, &self->list));
	ASSERT_NO_LEAKS();
}

/* Routes: one per leak kind, both families, and a counter. */
FIXTURE(print_routes) {
	struct dpubgp_route routes[3];
	struct ctl_show show;
	char *out;
	size_t len;
	FILE *f;
};

FIXTURE_SETUP(print_routes)
{
	static const char *const prefixes[] = {
		"192.0.2.0/24", "2001:db8::/32", "198.51.100.7",
	};
	static const uint32_t flags[] = {
		0, DPUBGP_ROUTE_F_LEAK_UNDERLAY, DPUBGP_ROUTE_F_ALL,
	};
	size_t i;

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, dpubgp_prefix_parse(prefixes[i],
						 &self->routes[i].prefix));
		self->routes[i].ifindex = 5;
		strcpy(self->routes[i].ifname, "t0");
		self->routes[i].flags = flags[i];
	}
	self->routes[2].packets = 12345678901ULL;
	self->routes[2].bytes = 42;
	self->show.routes = (struct dpubgp_route_list){
		.count = 3, .room = 3, .routes = self->routes,
	};
	self->f = open_memstream(&self->out, &self->len);
	ASSERT_NE(NULL, self->f);
}

FIXTURE_TEARDOWN(print_routes)
{
	if (self->f)
		fclose(self->f);
	free(self->out);
}

TEST_F(print_routes, text)
{
	ASSERT_EQ(0, ctl_print_show_text(self->f, &self->show));
	fflush(self->f);
	ASSERT_STREQ("No ports.\n"
		     "\n"
		     "route 192.0.2.0/24 dev t0 (ifindex 5) leak none packets 0 bytes 0\n"
		     "route 2001:db8::/32 dev t0 (ifindex 5) leak underlay packets 0 bytes 0\n"
		     "route 198.51.100.7/32 dev t0 (ifindex 5) leak drop-overlay packets 12345678901 bytes 42\n",
		     self->out);
}

TEST_F(print_routes, text_empty)
{
	self->show.routes.count = 0;
	ASSERT_EQ(0, ctl_print_routes_text(self->f, &self->show.routes));
	fflush(self->f);
	ASSERT_STREQ("No routes.\n", self->out);
}

TEST_F(print_routes, json)
{
	self->show.routes.count = 1;
	ASSERT_EQ(0, ctl_print_show_json(self->f, &self->show));
	fflush(self->f);
	ASSERT_STREQ("{\n"
		     "  \"ports\": [],\n"
		     "  \"routes\": [\n"
		     "    {\n"
		     "      \"prefix\": \"192.0.2.0/24\",\n"
		     "      \"ifname\": \"t0\",\n"
		     "      \"ifindex\": 5,\n"
		     "      \"leak\": \"none\",\n"
		     "      \"packets\": 0,\n"
		     "      \"bytes\": 0\n"
		     "    }\n"
		     "  ]\n"
		     "}\n",
		     self->out);
}

TEST_F(print_routes, json_compact_leaks)
{
	json_error_t error;
	char *compact;
	json_t *root;

	ASSERT_EQ(0, ctl_print_show_json(self->f, &self->show));
	fflush(self->f);
	root = json_loads(self->out, 0, &error);
	ASSERT_NE(NULL, root) TH_LOG("not JSON: %s", error.text);
	compact = json_dumps(json_object_get(root, "routes"), JSON_COMPACT);
	json_decref(root);
	ASSERT_NE(NULL, compact);
	EXPECT_STREQ("[{\"prefix\":\"192.0.2.0/24\",\"ifname\":\"t0\",\"ifindex\":5,\"leak\":\"none\",\"packets\":0,\"bytes\":0},"
		     "{\"prefix\":\"2001:db8::/32\",\"ifname\":\"t0\",\"ifindex\":5,\"leak\":\"underlay\",\"packets\":0,\"bytes\":0},"
		     "{\"prefix\":\"198.51.100.7/32\",\"ifname\":\"t0\",\"ifindex\":5,\"leak\":\"drop-overlay\",\"packets\":12345678901,\"bytes\":42}]",
		     compact);
	free(compact);
}

TEST_HARNESS_MAIN
