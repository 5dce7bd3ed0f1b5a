// SPDX-License-Identifier: GPL-2.0
/*
 * The datastore document: every field parsed, every error reported as
 * "FILE:LINE:COL: reason" (golden), the canonical emitter's round trip.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "dpubgp_test.h"
#include "config/doc.h"
#include "config/value.h"

#define F "dpubgp.yaml"

/*
 * The example of doc/design.md §2, as written there, and its canonical
 * form (the golden file of the round trip): the same but for comments and
 * one flow sequence.
 */
#define EXAMPLE_NODES							\
	"  node_mesh: true\n"						\
	"  listen_port: 179\n"						\
	"nodes:\n"							\
	"  dpu-a: {ipv4: 192.0.2.1, ipv6: \"2001:db8::1\", as: 65001}\n"	\
	"peers:\n"							\
	"  - {ip: 192.20.30.40, as: 64567}\n"				\
	"node_peers:\n"
#define EXAMPLE_TENANT_TO_PORTS						\
	"tenant:\n"							\
	"  common_tenant_host_asn: 65010\n"				\
	"  dpu_asn_pool: {start: 4268000000, end: 4268999999}\n"	\
	"  anycast_site_prefixes: []\n"					\
	"fnn:\n"							\
	"  routing_profiles:\n"						\
	"    internal:\n"						\
	"      allowed_anycast_prefixes: [203.0.113.0/24, \"2001:db8:100::/48\"]\n" \
	"      tenant_leak_communities_accepted: true\n"			\
	"      max_prefixes: 1000\n"					\
	"      route_target_imports: []\n"					\
	"      route_targets_on_exports: []\n"				\
	"vpcs:\n"							\
	"  blue: {vrf: vpc-blue, table: 100, routing_profile: internal}\n" \
	"ports:\n"							\
	"  dpu-a:\n"							\
	"    pf0hpf:\n"							\
	"      vpc: blue\n"							\
	"      host: [10.0.0.2, \"fd00::2\"]\n"				\
	"      gateway: [10.0.0.1/30, \"fd00::1/126\"]\n"

static const char design[] =
	"bgp:\n"
	"  default_node_as: 64511          # global default\n"
	EXAMPLE_NODES
	"  dpu-a: [{ip: \"aa:bb::ff\", as: 64514}]\n"
	EXAMPLE_TENANT_TO_PORTS
	"      allowed_anycast_prefixes: [203.0.113.0/28]   # optional\n";

static const char design_canonical[] =
	"bgp:\n"
	"  default_node_as: 64511\n"
	EXAMPLE_NODES
	"  dpu-a:\n"
	"    - {ip: \"aa:bb::ff\", as: 64514}\n"
	EXAMPLE_TENANT_TO_PORTS
	"      allowed_anycast_prefixes: [203.0.113.0/28]\n";

static int parse(const char *text, struct dpubgp_doc *doc, char *err)
{
	return dpubgp_doc_parse(F, text, strlen(text), doc, err, 256);
}

/* doc as YAML, in a malloc()ed string. */
static char *emit(const struct dpubgp_doc *doc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	if (dpubgp_doc_emit(doc, f)) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	return buf;
}

static void addr_text(const struct dpubgp_addr *a, char *buf)
{
	dpubgp_addr_format(a, buf);
}

/* Every field of design.md's example, by name: numbers, then texts. */
TEST(design_example_fields)
{
	char err[256], ipv4[DPUBGP_PREFIX_STRLEN], ipv6[DPUBGP_PREFIX_STRLEN];
	char gateway[DPUBGP_PREFIX_STRLEN];
	const struct dpubgp_conf_profile *profile;
	const struct dpubgp_conf_port *port;
	const struct dpubgp_conf_vpc *vpc;
	struct dpubgp_doc doc;
	size_t i;

	ASSERT_EQ(0, parse(design, &doc, err)) TH_LOG("%s", err);
	profile = dpubgp_doc_profile(&doc, "internal");
	vpc = dpubgp_doc_vpc(&doc, "blue");
	port = dpubgp_doc_port(&doc, "dpu-a", "pf0hpf");
	ASSERT_NE(NULL, profile);
	ASSERT_NE(NULL, vpc);
	ASSERT_NE(NULL, port);
	ASSERT_EQ(1u, doc.nodes.n);
	ASSERT_EQ(1u, doc.node_peers.n);
	addr_text(&doc.nodes.v[0].ipv4, ipv4);
	addr_text(&doc.nodes.v[0].ipv6, ipv6);
	dpubgp_prefix_format(&port->gateway.v[0], gateway, sizeof(gateway));
	{
		const struct { const char *what; uint64_t got, want; } num[] = {
			{ "bgp.default_node_as", doc.bgp.default_node_as, 64511 },
			{ "bgp.node_mesh", doc.bgp.node_mesh, 1 },
			{ "bgp.listen_port", doc.bgp.listen_port, 179 },
			{ "nodes.dpu-a.has_as", doc.nodes.v[0].has_as, 1 },
			{ "nodes.dpu-a.as", doc.nodes.v[0].as, 65001 },
			{ "peers.n", doc.peers.n, 1 },
			{ "peers[0].as", doc.peers.v[0].as, 64567 },
			{ "node_peers.dpu-a[0].as",
			  doc.node_peers.v[0].peers.v[0].as, 64514 },
			{ "tenant.has_common_tenant_host_asn",
			  doc.tenant.has_common_tenant_host_asn, 1 },
			{ "tenant.common_tenant_host_asn",
			  doc.tenant.common_tenant_host_asn, 65010 },
			{ "tenant.has_dpu_asn_pool", doc.tenant.has_dpu_asn_pool, 1 },
			{ "tenant.dpu_asn_pool.start",
			  doc.tenant.dpu_asn_pool.start, 4268000000u },
			{ "tenant.dpu_asn_pool.end",
			  doc.tenant.dpu_asn_pool.end, 4268999999u },
			{ "tenant.anycast_site_prefixes.present",
			  doc.tenant.anycast_site_prefixes.present, 1 },
			{ "tenant.anycast_site_prefixes.n",
			  doc.tenant.anycast_site_prefixes.n, 0 },
			{ "internal.allowed_anycast_prefixes.n",
			  profile->allowed_anycast_prefixes.n, 2 },
			{ "internal.tenant_leak_communities_accepted",
			  profile->tenant_leak_communities_accepted, 1 },
			{ "internal.max_prefixes", profile->max_prefixes,
			  1000 },
			{ "vpcs.blue.table", vpc->table, 100 },
			{ "pf0hpf.host.n", port->host.n, 2 },
			{ "pf0hpf.gateway.n", port->gateway.n, 2 },
			{ "pf0hpf.allowed_anycast_prefixes.present",
			  port->allowed_anycast_prefixes.present, 1 },
			{ "pf0hpf.allowed_anycast_prefixes.n",
			  port->allowed_anycast_prefixes.n, 1 },
		};
		const struct { const char *what, *got, *want; } text[] = {
			{ "nodes[0].name", doc.nodes.v[0].name, "dpu-a" },
			{ "nodes.dpu-a.ipv4", ipv4, "192.0.2.1" },
			{ "nodes.dpu-a.ipv6", ipv6, "2001:db8::1" },
			{ "vpcs.blue.vrf", vpc->vrf, "vpc-blue" },
			{ "pf0hpf.vpc", port->vpc, "blue" },
			{ "pf0hpf.gateway[0]", gateway, "10.0.0.1/30" },
		};

		for (i = 0; i < sizeof(num) / sizeof(num[0]); i++)
			ASSERT_EQ(num[i].want, num[i].got) TH_LOG("%s", num[i].what);
		for (i = 0; i < sizeof(text) / sizeof(text[0]); i++)
			ASSERT_STREQ(text[i].want, text[i].got)
				TH_LOG("%s", text[i].what);
	}
	ASSERT_EQ(NULL, dpubgp_doc_port(&doc, "dpu-a", "pf1hpf"));
	dpubgp_doc_free(&doc);
	ASSERT_NO_LEAKS();
}

TEST(defaults_of_an_empty_document)
{
	static const char *const empty[] = { "", "# nothing\n", "---\n", "{}\n" };
	struct dpubgp_doc doc;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(empty) / sizeof(empty[0]); i++) {
		ASSERT_EQ(0, parse(empty[i], &doc, err)) TH_LOG("%s", err);
		ASSERT_EQ(64511u, doc.bgp.default_node_as);
		ASSERT_TRUE(doc.bgp.node_mesh);
		ASSERT_EQ(179u, doc.bgp.listen_port);
		ASSERT_FALSE(doc.tenant.anycast_site_prefixes.present);
		dpubgp_doc_free(&doc);
	}
	ASSERT_NO_LEAKS();
}

/* Round trips: text -> canonical text, which is a fixed point. */
FIXTURE(roundtrip) {
	struct dpubgp_doc doc;
};

FIXTURE_VARIANT(roundtrip) {
	const char *text;
	const char *canonical;
};

FIXTURE_SETUP(roundtrip)
{
}

FIXTURE_TEARDOWN(roundtrip)
{
}

FIXTURE_VARIANT_ADD(roundtrip, design) {
	.text = design, .canonical = design_canonical,
};

FIXTURE_VARIANT_ADD(roundtrip, empty) {
	.text = "",
	.canonical = "bgp:\n  default_node_as: 64511\n  node_mesh: true\n"
		     "  listen_port: 179\n",
};

/* The daemons' records of DPU ASNs: sorted by node, asplain. */
FIXTURE_VARIANT_ADD(roundtrip, dpu_asns) {
	.text = "tenant: {dpu_asns: {z: 1.0, a: 4268000000}}\n",
	.canonical = "bgp:\n  default_node_as: 64511\n  node_mesh: true\n"
		     "  listen_port: 179\n"
		     "tenant:\n  dpu_asns:\n    a: 4268000000\n    z: 65536\n",
};

FIXTURE_VARIANT_ADD(roundtrip, sorted_asdot_optional) {
	.text = "bgp: {default_node_as: 1.10, node_mesh: False, listen_port: 1790}\n"
		"nodes:\n"
		"  z: {ipv6: \"fd00::b\"}\n"
		"  a: {ipv4: 192.0.2.2, as: \"1.0\"}\n"
		"node_peers: {a: []}\n"
		"fnn: {routing_profiles: {p: {route_target_imports: [\"65000:1\", \"192.0.2.1:7\", \"1.2:3\"]}}}\n"
		"vpcs: {v: {vrf: vrf-v, table: 4294967295}}\n"
		"ports: {a: {}, z: {eth0: {vpc: v, allowed_anycast_prefixes: []}}}\n",
	.canonical = "bgp:\n  default_node_as: 65546\n  node_mesh: false\n"
		     "  listen_port: 1790\n"
		     "nodes:\n"
		     "  a: {ipv4: 192.0.2.2, as: 65536}\n"
		     "  z: {ipv6: \"fd00::b\"}\n"
		     "node_peers:\n"
		     "  a: []\n"
		     "fnn:\n  routing_profiles:\n    p:\n"
		     "      tenant_leak_communities_accepted: false\n"
		     "      max_prefixes: 1000\n"
		     "      route_target_imports: [\"65000:1\", \"192.0.2.1:7\", \"65538:3\"]\n"
		     "      route_targets_on_exports: []\n"
		     "vpcs:\n  v: {vrf: vrf-v, table: 4294967295}\n"
		     "ports:\n  a: {}\n  z:\n    eth0:\n      vpc: v\n"
		     "      host: []\n      allowed_anycast_prefixes: []\n",
};

TEST_F(roundtrip, canonical_fixed_point)
{
	char err[256], *once, *twice;

	ASSERT_EQ(0, parse(variant->text, &self->doc, err)) TH_LOG("%s", err);
	once = emit(&self->doc);
	dpubgp_doc_free(&self->doc);
	ASSERT_NE(NULL, once);
	ASSERT_STREQ(variant->canonical, once);
	ASSERT_EQ(0, parse(once, &self->doc, err)) TH_LOG("%s", err);
	twice = emit(&self->doc);
	dpubgp_doc_free(&self->doc);
	ASSERT_NE(NULL, twice);
	ASSERT_STREQ(once, twice);
	free(once);
	free(twice);
	ASSERT_NO_LEAKS();
}

/* Errors: the first one, where it is, in words. */
FIXTURE(error) {
	struct dpubgp_doc doc;
};

FIXTURE_VARIANT(error) {
	const char *text;
	const char *message;
};

FIXTURE_SETUP(error)
{
}

FIXTURE_TEARDOWN(error)
{
}

#define ERROR(name, _text, _message)					\
	FIXTURE_VARIANT_ADD(error, name) {				\
		.text = _text, .message = F ":" _message,		\
	}

#define NODE_A "nodes: {a: {ipv4: 192.0.2.1}}\n"
#define VPC_V "vpcs: {v: {vrf: vrf-v, table: 10}}\n"

ERROR(syntax, "bgp: [1, 2\n", "2:1: did not find expected ',' or ']'");
ERROR(tab_indent, "bgp:\n\tnode_mesh: true\n",
      "2:1: found character that cannot start any token");
ERROR(two_documents, "bgp: {}\n---\nbgp: {}\n", "3:1: more than one document");
ERROR(root_list, "- 1\n", "1:1: expected a mapping, not a list");
ERROR(root_value, "hello\n", "1:1: expected a mapping, not a value");
ERROR(unknown_top, "bgpp: {}\n", "1:1: unknown key \"bgpp\"");
ERROR(unknown_bgp, "bgp:\n  node_mssh: true\n", "2:3: unknown key \"node_mssh\"");
ERROR(duplicate_top, "bgp: {}\nbgp: {}\n", "2:1: duplicate key \"bgp\"");
ERROR(duplicate_bgp, "bgp: {listen_port: 1, listen_port: 2}\n",
      "1:23: duplicate key \"listen_port\"");
ERROR(key_not_string, "bgp: {[a]: 1}\n", "1:7: expected a value, not a list");
ERROR(string_section, "bgp: \"\"\n", "1:6: expected a mapping, not a value");
ERROR(alias, "bgp: &b {}\nfnn: *b\n", "1:6: aliases are not supported");
ERROR(nul, "bgp: {listen_port: \"1\\0\"}\n", "1:20: NUL character in a value");
ERROR(asdot_high, "bgp:\n  default_node_as: 65536.1\n",
      "2:20: invalid AS number \"65536.1\"");
ERROR(asdot_low, "bgp: {default_node_as: 1.65536}\n",
      "1:24: invalid AS number \"1.65536\"");
ERROR(asplain_high, "bgp: {default_node_as: 4294967296}\n",
      "1:24: invalid AS number \"4294967296\"");
ERROR(asn_negative, "bgp: {default_node_as: -1}\n",
      "1:24: invalid AS number \"-1\"");
ERROR(asn_leading_zero, "bgp: {default_node_as: 065001}\n",
      "1:24: invalid AS number \"065001\"");
ERROR(asn_list, "bgp: {default_node_as: [1]}\n",
      "1:24: expected a value, not a list");
ERROR(bool_yes, "bgp: {node_mesh: yes}\n",
      "1:18: invalid boolean \"yes\": true or false");
ERROR(bool_quoted, "bgp: {node_mesh: \"true\"}\n",
      "1:18: boolean \"true\" must not be quoted");
ERROR(port_zero, "bgp: {listen_port: 0}\n", "1:20: invalid port \"0\": 1..65535");
ERROR(port_high, "bgp: {listen_port: 65536}\n",
      "1:20: invalid port \"65536\": 1..65535");
ERROR(port_quoted, "bgp: {listen_port: '179'}\n",
      "1:20: port \"179\" must not be quoted");
ERROR(node_no_addr, "nodes:\n  a: {as: 1}\n",
      "2:6: node \"a\" has no ipv4 or ipv6 address");
ERROR(node_bad_name, "nodes: {\"a b\": {ipv4: 192.0.2.1}}\n",
      "1:9: invalid name \"a b\"");
ERROR(node_v6_as_v4, "nodes: {a: {ipv4: \"fd00::1\"}}\n",
      "1:19: invalid IPv4 address \"fd00::1\"");
ERROR(node_v4_as_v6, "nodes: {a: {ipv6: 192.0.2.1}}\n",
      "1:19: invalid IPv6 address \"192.0.2.1\"");
ERROR(node_addr_len, "nodes: {a: {ipv4: 192.0.2.1/32}}\n",
      "1:19: invalid IPv4 address \"192.0.2.1/32\"");
ERROR(node_unknown_key, "nodes: {a: {ipv4: 192.0.2.1, asn: 1}}\n",
      "1:30: unknown key \"asn\"");
ERROR(node_shared_addr,
      "nodes:\n  a: {ipv4: 192.0.2.1}\n  b: {ipv4: 192.0.2.1}\n",
      "3:6: address 192.0.2.1 already used by node \"a\"");
ERROR(peer_missing_as, "peers:\n  - {ip: 192.0.2.9}\n",
      "2:5: missing key \"as\"");
ERROR(peer_bad_ip, "peers: [{ip: 192.0.2.300, as: 1}]\n",
      "1:14: invalid IP address \"192.0.2.300\"");
ERROR(peer_twice,
      "peers:\n  - {ip: 192.0.2.9, as: 1}\n  - {ip: 192.0.2.9, as: 2}\n",
      "3:5: duplicate peer 192.0.2.9");
ERROR(peer_not_list, "peers: {ip: 192.0.2.9}\n",
      "1:8: expected a list, not a mapping");
ERROR(node_peers_unknown_node, NODE_A "node_peers: {b: []}\n",
      "2:14: unknown node \"b\"");
ERROR(node_peer_twice,
      NODE_A "node_peers: {a: [{ip: \"fd00::9\", as: 1}, {ip: \"FD00:0::9\", as: 1}]}\n",
      "2:42: duplicate peer fd00::9");
ERROR(pool_reversed, "tenant: {dpu_asn_pool: {start: 2, end: 1}}\n",
      "1:24: dpu_asn_pool starts at 2, after its end 1");
ERROR(dpu_asn_twice, "tenant: {dpu_asns: {a: 7, b: 7}}\n",
      "1:30: ASN 7 already allocated to node \"a\"");
ERROR(dpu_asn_bad, "tenant: {dpu_asns: {a: 1.65536}}\n",
      "1:24: invalid AS number \"1.65536\"");
ERROR(pool_missing_end, "tenant: {dpu_asn_pool: {start: 2}}\n",
      "1:24: missing key \"end\"");
ERROR(site_host_bits, "tenant: {anycast_site_prefixes: [10.0.0.1/24]}\n",
      "1:34: invalid prefix \"10.0.0.1/24\": host bits set");
ERROR(site_bad_prefix, "tenant: {anycast_site_prefixes: [10.0.0.0/33]}\n",
      "1:34: invalid prefix \"10.0.0.0/33\"");
ERROR(site_prefix_twice,
      "tenant: {anycast_site_prefixes: [\"fd00::/8\", \"fd00:0::/8\"]}\n",
      "1:46: duplicate prefix fd00::/8");
ERROR(profile_bad_rt, "fnn: {routing_profiles: {p: {route_target_imports: [\"1:65536\", \"65536:65536\"]}}}\n",
      "1:64: invalid route target \"65536:65536\"");
ERROR(profile_rt_no_colon, "fnn: {routing_profiles: {p: {route_targets_on_exports: [\"1\"]}}}\n",
      "1:57: invalid route target \"1\"");
ERROR(profile_rt_twice, "fnn: {routing_profiles: {p: {route_target_imports: [\"1:1\", \"0.1:1\"]}}}\n",
      "1:60: duplicate route target 1:1");
ERROR(profile_unknown_key, "fnn: {routing_profiles: {p: {allowed_prefixes: []}}}\n",
      "1:30: unknown key \"allowed_prefixes\"");
ERROR(profile_max_prefixes_zero, "fnn: {routing_profiles: {p: {max_prefixes: 0}}}\n",
      "1:44: invalid max_prefixes \"0\": 1..4294967295");
ERROR(profile_max_prefixes_big, "fnn: {routing_profiles: {p: {max_prefixes: 4294967296}}}\n",
      "1:44: invalid max_prefixes \"4294967296\": 1..4294967295");
ERROR(fnn_unknown_key, "fnn: {profiles: {}}\n", "1:7: unknown key \"profiles\"");
ERROR(vpc_unknown_profile, "vpcs:\n  v: {vrf: vrf-v, table: 10, routing_profile: internl}\n",
      "2:47: unknown routing profile \"internl\"");
ERROR(vpc_missing_vrf, "vpcs:\n  v: {table: 10}\n", "2:6: missing key \"vrf\"");
ERROR(vpc_vrf_too_long, "vpcs: {v: {vrf: vrf-0123456789ab, table: 10}}\n",
      "1:17: invalid vrf name \"vrf-0123456789ab\"");
ERROR(vpc_table_main, "vpcs: {v: {vrf: vrf-v, table: 254}}\n",
      "1:31: invalid routing table \"254\": 1..4294967295 but 253..255");
ERROR(vpc_table_zero, "vpcs: {v: {vrf: vrf-v, table: 0}}\n",
      "1:31: invalid routing table \"0\": 1..4294967295 but 253..255");
ERROR(vpc_shared_vrf, "vpcs:\n  v: {vrf: x, table: 10}\n  w: {vrf: x, table: 11}\n",
      "3:6: vrf \"x\" already used by vpc \"v\"");
ERROR(vpc_shared_table, "vpcs:\n  v: {vrf: x, table: 10}\n  w: {vrf: y, table: 10}\n",
      "3:6: table 10 already used by vpc \"v\"");
ERROR(ports_unknown_node, NODE_A VPC_V "ports:\n  b: {}\n",
      "4:3: unknown node \"b\"");
ERROR(port_unknown_vpc, NODE_A VPC_V "ports:\n  a:\n    p0: {vpc: w}\n",
      "5:15: unknown vpc \"w\"");
ERROR(port_missing_vpc, NODE_A VPC_V "ports:\n  a:\n    p0: {host: []}\n",
      "5:9: missing key \"vpc\"");
ERROR(port_name_too_long, NODE_A VPC_V "ports:\n  a:\n    p0123456789abcdef: {vpc: v}\n",
      "5:5: invalid name \"p0123456789abcdef\"");
ERROR(port_host_prefix, NODE_A VPC_V "ports: {a: {p0: {vpc: v, host: [10.0.0.2/32]}}}\n",
      "3:33: invalid IP address \"10.0.0.2/32\"");
ERROR(port_host_twice, NODE_A VPC_V "ports: {a: {p0: {vpc: v, host: [10.0.0.2, 10.0.0.2]}}}\n",
      "3:43: duplicate address 10.0.0.2");
ERROR(port_gateway_no_len, NODE_A VPC_V "ports: {a: {p0: {vpc: v, gateway: [10.0.0.1]}}}\n",
      "3:36: invalid address/length \"10.0.0.1\"");
ERROR(port_allowed_host_bits, NODE_A VPC_V
      "ports: {a: {p0: {vpc: v, allowed_anycast_prefixes: [203.0.113.1/28]}}}\n",
      "3:53: invalid prefix \"203.0.113.1/28\": host bits set");

TEST_F(error, golden_message)
{
	char err[256];

	ASSERT_EQ(-EINVAL, parse(variant->text, &self->doc, err));
	ASSERT_STREQ(variant->message, err);
	/* Nothing is left to free, and freeing again is harmless. */
	ASSERT_EQ(0u, self->doc.nodes.n);
	dpubgp_doc_free(&self->doc);
	ASSERT_NO_LEAKS();
}

/*
 * The mistakes caught at load that a tenant would otherwise find: every
 * sentence, with its line and column, in golden/conf-errors.txt.
 */
#define PROFILE_P "fnn: {routing_profiles: {p: {allowed_anycast_prefixes: [203.0.113.0/24]}}}\n"
#define VPC_VP "vpcs: {v: {vrf: vrf-v, table: 10, routing_profile: p}}\n"

static const struct {
	const char *name, *text;
} mistakes[] = {
	{ "node_as_0", "nodes: {a: {ipv4: 192.0.2.1, as: 0}}\n" },
	{ "node_as_trans", "nodes:\n  a: {ipv4: 192.0.2.1, as: 23456}\n" },
	{ "default_as_65535", "bgp: {default_node_as: 65535}\n" },
	{ "peer_as_last", "peers: [{ip: 192.0.2.9, as: 4294967295}]\n" },
	{ "node_peer_as_asdot", NODE_A
	  "node_peers: {a: [{ip: 192.0.2.9, as: 0.23456}]}\n" },
	{ "tenant_as_reserved", "tenant: {common_tenant_host_asn: 65535}\n" },
	{ "pool_holds_reserved",
	  "tenant:\n  dpu_asn_pool: {start: 64512, end: 65535}\n" },
	{ "pool_from_0", "tenant: {dpu_asn_pool: {start: 0, end: 10}}\n" },
	{ "tenant_as_in_pool",
	  "tenant:\n  common_tenant_host_asn: 65010\n"
	  "  dpu_asn_pool: {start: 65000, end: 65100}\n" },
	{ "host_is_gateway", NODE_A VPC_V
	  "ports:\n  a:\n    p0:\n      vpc: v\n"
	  "      host: [10.0.0.2, 10.0.0.1]\n      gateway: [10.0.0.1/24]\n" },
	{ "host_outside_gateway", NODE_A VPC_V
	  "ports:\n  a:\n    p0:\n      vpc: v\n"
	  "      host: [10.0.1.2]\n      gateway: [10.0.0.1/24]\n" },
	{ "host_v6_outside_gateways", NODE_A VPC_V
	  "ports:\n  a:\n    p0:\n      vpc: v\n"
	  "      host: [10.0.0.2, \"fd01::2\"]\n"
	  "      gateway: [10.0.0.1/24, \"fd00::1/64\", \"fd00:1::1/64\"]\n" },
	{ "narrowing_accepts_nothing", NODE_A PROFILE_P VPC_VP
	  "ports:\n  a:\n    p0:\n      vpc: v\n"
	  "      allowed_anycast_prefixes: [198.51.100.0/28, 203.0.112.0/23]\n" },
	{ "narrowing_site_list_nothing", NODE_A VPC_V
	  "tenant: {anycast_site_prefixes: [203.0.113.0/24]}\n"
	  "ports:\n  a:\n    p0: {vpc: v, allowed_anycast_prefixes: [\"2001:db8::/48\"]}\n" },
	{ "null_peer", "peers:\n  -\n" },
	{ "null_port_missing_vpc", NODE_A VPC_V "ports:\n  a:\n    p0:\n" },
};

TEST(mistakes_golden)
{
	struct dpubgp_doc doc;
	char err[256], *out = NULL;
	size_t i, len = 0;
	FILE *f = open_memstream(&out, &len);

	ASSERT_NE(NULL, f);
	for (i = 0; i < sizeof(mistakes) / sizeof(mistakes[0]); i++) {
		EXPECT_EQ(-EINVAL, parse(mistakes[i].text, &doc, err))
			TH_LOG("%s was taken", mistakes[i].name);
		fprintf(f, "%s: %s\n", mistakes[i].name, err);
		dpubgp_doc_free(&doc);
	}
	fclose(f);
	EXPECT_GOLDEN("conf-errors.txt", out);
	free(out);
	ASSERT_NO_LEAKS();
}

/* What is right beside the mistakes above is taken. */
TEST(not_mistakes)
{
	static const char *const fine[] = {
		/* A null where a mapping goes is an empty one. */
		"bgp:\nnodes:\n  a: {ipv4: 192.0.2.1}\ntenant: ~\nfnn: null\nports:\n  a:\n",
		"nodes: {a: {ipv4: 192.0.2.1, as: 65534}}\n",
		"tenant:\n  common_tenant_host_asn: 65010\n"
		"  dpu_asn_pool: {start: 65011, end: 65100}\n",
		"tenant: {dpu_asn_pool: {start: 4200000000, end: 4294967294}}\n",
		/* A family without a gateway is the daemon's to warn about. */
		NODE_A VPC_V "ports: {a: {p0: {vpc: v, host: [10.0.0.2, \"fd00::2\"], gateway: [10.0.0.1/30]}}}\n",
		NODE_A VPC_V "ports: {a: {p0: {vpc: v, host: [\"fd00:1::2\"], gateway: [\"fd00::1/64\", \"fd00:1::1/64\"]}}}\n",
		/* One entry inside is enough; the others are warned of. */
		NODE_A PROFILE_P VPC_VP "ports: {a: {p0: {vpc: v, allowed_anycast_prefixes: [198.51.100.0/28, 203.0.113.0/28]}}}\n",
		/* Empty on purpose: nothing allowed. */
		NODE_A PROFILE_P VPC_VP "ports: {a: {p0: {vpc: v, allowed_anycast_prefixes: []}}}\n",
	};
	struct dpubgp_doc doc;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		EXPECT_EQ(0, parse(fine[i], &doc, err))
			TH_LOG("case %zu: %s", i, err);
		dpubgp_doc_free(&doc);
	}
	ASSERT_NO_LEAKS();
}

/* Sections are read in dependency order, whatever the document's. */
TEST(references_to_later_sections)
{
	static const char text[] =
		"ports: {a: {p0: {vpc: v}}}\n" VPC_V NODE_A
		"node_peers: {a: []}\n";
	struct dpubgp_doc doc;
	char err[256];

	ASSERT_EQ(0, parse(text, &doc, err)) TH_LOG("%s", err);
	ASSERT_NE(NULL, dpubgp_doc_port(&doc, "a", "p0"));
	dpubgp_doc_free(&doc);
	ASSERT_NO_LEAKS();
}

TEST(error_buffer_truncated)
{
	struct dpubgp_doc doc;
	char err[8];

	ASSERT_EQ(-EINVAL, dpubgp_doc_parse(F, "x: 1\n", 5, &doc, err,
					    sizeof(err)));
	ASSERT_STREQ("dpubgp.", err);
	ASSERT_EQ(-EINVAL, dpubgp_doc_parse(F, "x: 1\n", 5, &doc, NULL, 0));
}

TEST(load_missing_file)
{
	struct dpubgp_doc doc;
	char err[256];

	ASSERT_EQ(-ENOENT, dpubgp_doc_load("/nonexistent/dpubgp.yaml", &doc,
					   err, sizeof(err)));
	ASSERT_STREQ("/nonexistent/dpubgp.yaml: No such file or directory", err);
}

TEST_HARNESS_MAIN
