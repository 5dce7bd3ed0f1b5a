// SPDX-License-Identifier: GPL-2.0
/*
 * The document's values (ASNs, route targets, prefixes), a node's AS, mesh
 * and peers, and a port's allowed prefixes: absent and empty differ.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dpubgp_test.h"
#include "config/doc.h"
#include "config/fabric.h"
#include "config/tenant.h"
#include "config/value.h"

TEST(asn)
{
	static const struct { const char *text; int ret; uint32_t as; } cases[] = {
		{ "0", 0, 0 }, { "65001", 0, 65001 },
		{ "4294967295", 0, 4294967295u }, { "1.0", 0, 65536 },
		{ "65535.65535", 0, 4294967295u }, { "0.5", 0, 5 },
		{ "4294967296", -EINVAL, 0 }, { "65536.1", -EINVAL, 0 },
		{ "1.65536", -EINVAL, 0 }, { "1.", -EINVAL, 0 }, { ".1", -EINVAL, 0 },
		{ "1.2.3", -EINVAL, 0 }, { "01", -EINVAL, 0 }, { "", -EINVAL, 0 },
		{ "AS65001", -EINVAL, 0 }, { " 1", -EINVAL, 0 }, { "+1", -EINVAL, 0 },
	};
	uint32_t as;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		as = 7;
		ASSERT_EQ(cases[i].ret, dpubgp_value_asn(cases[i].text, &as))
			TH_LOG("\"%s\"", cases[i].text);
		ASSERT_EQ(cases[i].ret ? 7 : cases[i].as, as);
	}
}

TEST(route_target)
{
	static const struct { const char *text, *canonical; } cases[] = {
		{ "65000:4294967295", "65000:4294967295" },
		{ "65536:65535", "65536:65535" },
		{ "1.0:1", "65536:1" },
		{ "192.0.2.1:65535", "192.0.2.1:65535" },
		{ "65536:65536", NULL }, { "192.0.2.1:65536", NULL },
		{ "192.0.2:1", NULL }, { ":1", NULL }, { "1:", NULL },
		{ "1", NULL }, { "fd00::1:1", NULL },
	};
	char buf[DPUBGP_RT_STRLEN];
	struct dpubgp_rt rt;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = dpubgp_value_rt(cases[i].text, &rt);

		ASSERT_EQ(cases[i].canonical ? 0 : -EINVAL, ret)
			TH_LOG("\"%s\"", cases[i].text);
		if (ret)
			continue;
		dpubgp_rt_format(&rt, buf);
		ASSERT_STREQ(cases[i].canonical, buf);
	}
}

TEST(prefix_canonical_and_inside)
{
	struct dpubgp_prefix outer, p;

	ASSERT_EQ(0, dpubgp_value_prefix("203.0.113.0/24", &outer));
	ASSERT_EQ(-EINVAL, dpubgp_value_prefix("203.0.113.128/24", &p));
	ASSERT_EQ(-EINVAL, dpubgp_value_prefix("2001:db8::1/127", &p));
	ASSERT_EQ(0, dpubgp_value_prefix("2001:db8::/127", &p));
	ASSERT_EQ(0, dpubgp_value_prefix("203.0.113.0/28", &p));
	ASSERT_TRUE(dpubgp_prefix_inside(&p, &outer));
	ASSERT_TRUE(dpubgp_prefix_inside(&outer, &outer));
	ASSERT_FALSE(dpubgp_prefix_inside(&outer, &p));
	ASSERT_EQ(0, dpubgp_value_prefix("203.0.112.0/28", &p));
	ASSERT_FALSE(dpubgp_prefix_inside(&p, &outer));
	ASSERT_EQ(0, dpubgp_value_prefix("203.0.113.0/25", &outer));
	ASSERT_EQ(0, dpubgp_value_prefix("203.0.113.128/25", &p));
	ASSERT_FALSE(dpubgp_prefix_inside(&p, &outer));
	ASSERT_EQ(0, dpubgp_value_prefix("::/0", &outer));
	ASSERT_FALSE(dpubgp_prefix_inside(&p, &outer)) TH_LOG("family");
	ASSERT_EQ(0, dpubgp_value_prefix("0.0.0.0/0", &outer));
	ASSERT_TRUE(dpubgp_prefix_inside(&p, &outer));
}

TEST(bool_and_name)
{
	bool b = false;

	ASSERT_EQ(0, dpubgp_value_bool("TRUE", &b));
	ASSERT_TRUE(b);
	ASSERT_EQ(0, dpubgp_value_bool("False", &b));
	ASSERT_FALSE(b);
	ASSERT_EQ(-EINVAL, dpubgp_value_bool("on", &b));
	ASSERT_EQ(-EINVAL, dpubgp_value_bool("1", &b));
	ASSERT_TRUE(dpubgp_value_name_ok("pf0hpf", 15));
	ASSERT_TRUE(dpubgp_value_name_ok("vpc-blue.1_x", 15));
	ASSERT_FALSE(dpubgp_value_name_ok("-x", 15));
	ASSERT_FALSE(dpubgp_value_name_ok("", 15));
	ASSERT_FALSE(dpubgp_value_name_ok("a/b", 15));
	ASSERT_FALSE(dpubgp_value_name_ok("0123456789abcdef", 15));
}

/* Warnings, collected on one line each. */
struct warnings {
	char text[1024];
	unsigned int n;
};

static void collect(void *ctx, const char *msg)
{
	struct warnings *w = ctx;
	size_t len = strlen(w->text);

	snprintf(w->text + len, sizeof(w->text) - len, "%s\n", msg);
	w->n++;
}

static int parse(const char *text, struct dpubgp_doc *doc)
{
	char err[256];
	int ret = dpubgp_doc_parse("t.yaml", text, strlen(text), doc, err,
				   sizeof(err));

	if (ret)
		fprintf(stderr, "# %s\n", err);
	return ret;
}

static const char fabric[] =
	"bgp: {default_node_as: 64600}\n"
	"nodes:\n"
	"  a: {ipv4: 192.0.2.1, ipv6: \"2001:db8::9\", as: 65001}\n"
	"  b: {ipv4: 192.0.2.2, ipv6: \"2001:db8::1\"}\n"
	"  c: {ipv4: 192.0.2.3}\n"
	"peers:\n"
	"  - {ip: 192.20.30.40, as: 64567}\n"
	"node_peers:\n"
	"  a: [{ip: \"aa:bb::ff\", as: 64514}, {ip: 192.20.30.40, as: 64567}]\n";

TEST(node_as)
{
	struct dpubgp_doc doc;
	bool inherited;

	ASSERT_EQ(0, parse(fabric, &doc));
	ASSERT_EQ(65001u, dpubgp_node_as(&doc, dpubgp_doc_node(&doc, "a"),
					&inherited));
	ASSERT_FALSE(inherited);
	ASSERT_EQ(64600u, dpubgp_node_as(&doc, dpubgp_doc_node(&doc, "b"),
					&inherited));
	ASSERT_TRUE(inherited);
	dpubgp_doc_free(&doc);
	ASSERT_EQ(0, parse("nodes: {b: {ipv4: 192.0.2.2}}\n", &doc));
	ASSERT_EQ(64511u, dpubgp_node_as(&doc, dpubgp_doc_node(&doc, "b"),
					&inherited));
	ASSERT_TRUE(inherited);
	dpubgp_doc_free(&doc);
	ASSERT_NO_LEAKS();
}

TEST(mesh)
{
	struct dpubgp_mesh_peers mesh;
	struct dpubgp_doc doc;
	char buf[DPUBGP_ADDR_STRLEN];

	ASSERT_EQ(0, parse(fabric, &doc));
	ASSERT_EQ(-ENOENT, dpubgp_mesh_peers(&doc, "x", &mesh));
	ASSERT_EQ(0, dpubgp_mesh_peers(&doc, "a", &mesh));
	/* b over IPv4 and IPv6, c over IPv4 only. */
	ASSERT_EQ(3u, mesh.n);
	ASSERT_STREQ("b", mesh.v[0].node->name);
	dpubgp_addr_format(&mesh.v[0].remote, buf);
	ASSERT_STREQ("192.0.2.2", buf);
	ASSERT_EQ(64600u, mesh.v[0].as);
	ASSERT_TRUE(mesh.v[0].passive) TH_LOG("192.0.2.1 is the lower");
	ASSERT_STREQ("b", mesh.v[1].node->name);
	dpubgp_addr_format(&mesh.v[1].local, buf);
	ASSERT_STREQ("2001:db8::9", buf);
	ASSERT_FALSE(mesh.v[1].passive) TH_LOG("2001:db8::9 is the higher");
	ASSERT_STREQ("c", mesh.v[2].node->name);
	free(mesh.v);

	/* The other side of each pair is the other way round. */
	ASSERT_EQ(0, dpubgp_mesh_peers(&doc, "b", &mesh));
	ASSERT_EQ(3u, mesh.n);
	ASSERT_EQ(65001u, mesh.v[0].as);
	ASSERT_FALSE(mesh.v[0].passive);
	ASSERT_TRUE(mesh.v[1].passive);
	free(mesh.v);
	dpubgp_doc_free(&doc);

	ASSERT_EQ(0, parse("bgp: {node_mesh: false}\n"
			   "nodes: {a: {ipv4: 192.0.2.1}, b: {ipv4: 192.0.2.2}}\n",
			   &doc));
	ASSERT_EQ(0, dpubgp_mesh_peers(&doc, "a", &mesh));
	ASSERT_EQ(0u, mesh.n);
	free(mesh.v);
	dpubgp_doc_free(&doc);
	ASSERT_NO_LEAKS();
}

TEST(peers)
{
	struct warnings w = { .n = 0 };
	struct dpubgp_conf_peers peers;
	struct dpubgp_doc doc;

	ASSERT_EQ(0, parse(fabric, &doc));
	ASSERT_EQ(1u, dpubgp_global_peers(&doc)->n);
	ASSERT_EQ(0, dpubgp_node_peers(&doc, "a", &peers, collect, &w));
	ASSERT_EQ(1u, peers.n);
	ASSERT_EQ(64514u, peers.v[0].as);
	ASSERT_STREQ("node_peers.a: peer 192.20.30.40 duplicates a global peer, ignored\n",
		     w.text);
	free(peers.v);
	ASSERT_EQ(0, dpubgp_node_peers(&doc, "b", &peers, collect, &w));
	ASSERT_EQ(0u, peers.n);
	free(peers.v);
	ASSERT_EQ(-ENOENT, dpubgp_node_peers(&doc, "x", &peers, NULL, NULL));
	dpubgp_doc_free(&doc);
	ASSERT_NO_LEAKS();
}

/* A port's allowed prefixes, with what the resolver warns about. */
FIXTURE(allowed) {
	struct dpubgp_doc doc;
	struct warnings w;
};

FIXTURE_VARIANT(allowed) {
	const char *site;	/* the tenant section's line, or "" */
	const char *profile;	/* the profile's allowed_anycast_prefixes line */
	const char *port;	/* the port's allowed_anycast_prefixes line */
	const char *want;	/* the result, space-separated */
	unsigned int warnings;
	const char *first_warning;
};

FIXTURE_SETUP(allowed)
{
	char text[1024];

	snprintf(text, sizeof(text),
		 "nodes: {a: {ipv4: 192.0.2.1}}\n"
		 "%s"
		 "fnn: {routing_profiles: {internal: {%s}}}\n"
		 "vpcs: {blue: {vrf: vpc-blue, table: 100, routing_profile: internal}}\n"
		 "ports: {a: {p0: {vpc: blue%s}}}\n",
		 variant->site, variant->profile, variant->port);
	ASSERT_EQ(0, parse(text, &self->doc)) TH_LOG("%s", text);
	memset(&self->w, 0, sizeof(self->w));
}

FIXTURE_TEARDOWN(allowed)
{
	dpubgp_doc_free(&self->doc);
}

#define SITE "tenant: {anycast_site_prefixes: [198.51.100.0/24]}\n"
#define PROFILE "allowed_anycast_prefixes: [203.0.113.0/24, \"2001:db8:100::/48\"]"
#define DEPRECATED "ports.a.p0: vpc blue's routing profile has no " \
	"allowed_anycast_prefixes: using tenant.anycast_site_prefixes, which is deprecated\n"

FIXTURE_VARIANT_ADD(allowed, profile_list) {
	.site = SITE, .profile = PROFILE, .port = "",
	.want = "203.0.113.0/24 2001:db8:100::/48 ",
};

FIXTURE_VARIANT_ADD(allowed, port_narrows) {
	.site = SITE, .profile = PROFILE,
	.port = ", allowed_anycast_prefixes: [203.0.113.0/28, \"2001:db8:100:1::/64\"]",
	.want = "203.0.113.0/28 2001:db8:100:1::/64 ",
};

FIXTURE_VARIANT_ADD(allowed, port_outside_ignored) {
	.site = SITE, .profile = PROFILE,
	.port = ", allowed_anycast_prefixes: [198.51.100.0/28, 203.0.113.16/28, 203.0.0.0/16]",
	.want = "203.0.113.16/28 ", .warnings = 2,
	.first_warning = "ports.a.p0: allowed_anycast_prefixes entry "
		"198.51.100.0/28 lies outside the vpc's allowed prefixes, ignored\n",
};

FIXTURE_VARIANT_ADD(allowed, port_empty_accepts_nothing) {
	.site = SITE, .profile = PROFILE,
	.port = ", allowed_anycast_prefixes: []", .want = "",
};

FIXTURE_VARIANT_ADD(allowed, profile_empty_accepts_nothing) {
	.site = SITE, .profile = "allowed_anycast_prefixes: []", .port = "",
	.want = "",
};

FIXTURE_VARIANT_ADD(allowed, profile_absent_site_fallback) {
	.site = SITE, .profile = "", .port = "",
	.want = "198.51.100.0/24 ", .warnings = 1, .first_warning = DEPRECATED,
};

FIXTURE_VARIANT_ADD(allowed, profile_absent_site_bounds_port) {
	.site = SITE, .profile = "",
	.port = ", allowed_anycast_prefixes: [198.51.100.128/25, 203.0.113.0/24]",
	.want = "198.51.100.128/25 ", .warnings = 2, .first_warning = DEPRECATED,
};

FIXTURE_VARIANT_ADD(allowed, nothing_anywhere) {
	.site = "", .profile = "", .port = "",
	.want = "", .warnings = 1, .first_warning = DEPRECATED,
};

TEST_F(allowed, resolve)
{
	char got[512] = "", buf[DPUBGP_PREFIX_STRLEN];
	struct dpubgp_prefixes out;
	size_t i;

	ASSERT_EQ(-ENOENT, dpubgp_port_allowed(&self->doc, "a", "p1", &out,
					       NULL, NULL));
	ASSERT_EQ(0, dpubgp_port_allowed(&self->doc, "a", "p0", &out, collect,
					 &self->w));
	ASSERT_TRUE(out.present);
	for (i = 0; i < out.n; i++) {
		dpubgp_prefix_format(&out.v[i], buf, sizeof(buf));
		strcat(got, buf);
		strcat(got, " ");
	}
	free(out.v);
	ASSERT_STREQ(variant->want, got);
	ASSERT_EQ(variant->warnings, self->w.n) TH_LOG("%s", self->w.text);
	if (variant->first_warning)
		ASSERT_EQ(0, strncmp(variant->first_warning, self->w.text,
				     strlen(variant->first_warning)))
			TH_LOG("%s", self->w.text);
	ASSERT_NO_LEAKS();
}

TEST_HARNESS_MAIN
