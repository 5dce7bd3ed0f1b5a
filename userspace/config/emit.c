// SPDX-License-Identifier: GPL-2.0
/*
 * The datastore document as YAML, in the one canonical form dpubgp_doc_parse
 * reads back to the same tree: flow style for what the design writes on one
 * line, block style elsewhere, anything holding a ':' double-quoted.
 */
#include <errno.h>
#include <string.h>

#include "config/doc.h"
#include "config/value.h"

static void put_quoted(FILE *out, const char *text)
{
	if (strchr(text, ':'))
		fprintf(out, "\"%s\"", text);
	else
		fputs(text, out);
}

static void put_addr(FILE *out, const struct dpubgp_addr *addr)
{
	char buf[DPUBGP_ADDR_STRLEN];

	dpubgp_addr_format(addr, buf);
	put_quoted(out, buf);
}

static void put_prefix(FILE *out, const struct dpubgp_prefix *prefix)
{
	char buf[DPUBGP_PREFIX_STRLEN];

	dpubgp_prefix_format(prefix, buf, sizeof(buf));
	put_quoted(out, buf);
}

static void put_prefixes(FILE *out, const char *indent, const char *key,
			 const struct dpubgp_prefixes *list)
{
	size_t i;

	if (!list->present)
		return;
	fprintf(out, "%s%s: [", indent, key);
	for (i = 0; i < list->n; i++) {
		fputs(i ? ", " : "", out);
		put_prefix(out, &list->v[i]);
	}
	fputs("]\n", out);
}

static void put_addrs(FILE *out, const char *indent, const char *key,
		      const struct dpubgp_addrs *list)
{
	size_t i;

	fprintf(out, "%s%s: [", indent, key);
	for (i = 0; i < list->n; i++) {
		fputs(i ? ", " : "", out);
		put_addr(out, &list->v[i]);
	}
	fputs("]\n", out);
}

static void put_rts(FILE *out, const char *key, const struct dpubgp_rts *list)
{
	char buf[DPUBGP_RT_STRLEN];
	size_t i;

	fprintf(out, "      %s: [", key);
	for (i = 0; i < list->n; i++) {
		dpubgp_rt_format(&list->v[i], buf);
		fprintf(out, "%s\"%s\"", i ? ", " : "", buf);
	}
	fputs("]\n", out);
}

static void put_peers(FILE *out, const char *indent,
		      const struct dpubgp_conf_peers *peers)
{
	size_t i;

	for (i = 0; i < peers->n; i++) {
		fprintf(out, "%s- {ip: ", indent);
		put_addr(out, &peers->v[i].ip);
		fprintf(out, ", as: %u}\n", peers->v[i].as);
	}
}

static void put_bgp(FILE *out, const struct dpubgp_doc *doc)
{
	fprintf(out, "bgp:\n  default_node_as: %u\n  node_mesh: %s\n"
		"  listen_port: %u\n", doc->bgp.default_node_as,
		doc->bgp.node_mesh ? "true" : "false", doc->bgp.listen_port);
}

static void put_node(FILE *out, const struct dpubgp_conf_node *node)
{
	const char *sep = "";

	fprintf(out, "  %s: {", node->name);
	if (node->ipv4.family) {
		fputs("ipv4: ", out);
		put_addr(out, &node->ipv4);
		sep = ", ";
	}
	if (node->ipv6.family) {
		fprintf(out, "%sipv6: ", sep);
		put_addr(out, &node->ipv6);
	}
	if (node->has_as)
		fprintf(out, ", as: %u", node->as);
	fputs("}\n", out);
}

static void put_nodes(FILE *out, const struct dpubgp_doc *doc, bool alone)
{
	size_t i;

	if (doc->nodes.n || alone)
		fputs(doc->nodes.n ? "nodes:\n" : "nodes: {}\n", out);
	for (i = 0; i < doc->nodes.n; i++)
		put_node(out, &doc->nodes.v[i]);
}

static void put_global_peers(FILE *out, const struct dpubgp_doc *doc,
			     bool alone)
{
	if (doc->peers.n || alone)
		fputs(doc->peers.n ? "peers:\n" : "peers: []\n", out);
	put_peers(out, "  ", &doc->peers);
}

static void put_node_peers(FILE *out, const struct dpubgp_doc *doc,
			   bool alone)
{
	size_t i;

	if (doc->node_peers.n || alone)
		fputs(doc->node_peers.n ? "node_peers:\n" : "node_peers: {}\n",
		      out);
	for (i = 0; i < doc->node_peers.n; i++) {
		fprintf(out, "  %s:%s\n", doc->node_peers.v[i].node,
			doc->node_peers.v[i].peers.n ? "" : " []");
		put_peers(out, "    ", &doc->node_peers.v[i].peers);
	}
}

static void put_tenant(FILE *out, const struct dpubgp_conf_tenant *t,
		       bool alone)
{
	size_t i;

	if (!t->has_common_tenant_host_asn && !t->has_dpu_asn_pool &&
	    !t->anycast_site_prefixes.present && !t->dpu_asns.n) {
		if (alone)
			fputs("tenant: {}\n", out);
		return;
	}
	fputs("tenant:\n", out);
	if (t->has_common_tenant_host_asn)
		fprintf(out, "  common_tenant_host_asn: %u\n",
			t->common_tenant_host_asn);
	if (t->has_dpu_asn_pool)
		fprintf(out, "  dpu_asn_pool: {start: %u, end: %u}\n",
			t->dpu_asn_pool.start, t->dpu_asn_pool.end);
	put_prefixes(out, "  ", "anycast_site_prefixes",
		     &t->anycast_site_prefixes);
	if (t->dpu_asns.n)
		fputs("  dpu_asns:\n", out);
	for (i = 0; i < t->dpu_asns.n; i++)
		fprintf(out, "    %s: %u\n", t->dpu_asns.v[i].node,
			t->dpu_asns.v[i].as);
}

static void put_profiles(FILE *out, const struct dpubgp_doc *doc, bool alone)
{
	const struct dpubgp_conf_profile *p;
	size_t i;

	if (doc->profiles.n)
		fputs("fnn:\n  routing_profiles:\n", out);
	else if (alone)
		fputs("fnn: {routing_profiles: {}}\n", out);
	for (i = 0; i < doc->profiles.n; i++) {
		p = &doc->profiles.v[i];
		fprintf(out, "    %s:\n", p->name);
		put_prefixes(out, "      ", "allowed_anycast_prefixes",
			     &p->allowed_anycast_prefixes);
		fprintf(out, "      tenant_leak_communities_accepted: %s\n",
			p->tenant_leak_communities_accepted ? "true" : "false");
		fprintf(out, "      max_prefixes: %u\n", p->max_prefixes);
		put_rts(out, "route_target_imports", &p->route_target_imports);
		put_rts(out, "route_targets_on_exports",
			&p->route_targets_on_exports);
	}
}

static void put_vpcs(FILE *out, const struct dpubgp_doc *doc, bool alone)
{
	const struct dpubgp_conf_vpc *v;
	size_t i;

	if (doc->vpcs.n || alone)
		fputs(doc->vpcs.n ? "vpcs:\n" : "vpcs: {}\n", out);
	for (i = 0; i < doc->vpcs.n; i++) {
		v = &doc->vpcs.v[i];
		fprintf(out, "  %s: {vrf: %s, table: %u", v->name, v->vrf,
			v->table);
		if (v->routing_profile)
			fprintf(out, ", routing_profile: %s", v->routing_profile);
		fputs("}\n", out);
	}
}

static void put_port(FILE *out, const struct dpubgp_conf_port *p)
{
	fprintf(out, "    %s:\n      vpc: %s\n", p->name, p->vpc);
	put_addrs(out, "      ", "host", &p->host);
	put_prefixes(out, "      ", "gateway", &p->gateway);
	put_prefixes(out, "      ", "allowed_anycast_prefixes",
		     &p->allowed_anycast_prefixes);
	if (p->has_src_filter)
		fprintf(out, "      src_filter: %s\n",
			p->src_filter ? "true" : "false");
}

static void put_ports(FILE *out, const struct dpubgp_doc *doc, bool alone)
{
	size_t i, j;

	if (doc->ports.n || alone)
		fputs(doc->ports.n ? "ports:\n" : "ports: {}\n", out);
	for (i = 0; i < doc->ports.n; i++) {
		fprintf(out, "  %s:%s\n", doc->ports.v[i].node,
			doc->ports.v[i].ports.n ? "" : " {}");
		for (j = 0; j < doc->ports.v[i].ports.n; j++)
			put_port(out, &doc->ports.v[i].ports.v[j]);
	}
}

int dpubgp_doc_emit_sections(const struct dpubgp_doc *doc, unsigned int mask,
			     FILE *out)
{
	/* Alone: the one section asked for, which is written even if empty. */
	bool alone = mask && !(mask & (mask - 1));

	if (mask & DPUBGP_SECTION_BGP)
		put_bgp(out, doc);
	if (mask & DPUBGP_SECTION_NODES)
		put_nodes(out, doc, alone);
	if (mask & DPUBGP_SECTION_PEERS)
		put_global_peers(out, doc, alone);
	if (mask & DPUBGP_SECTION_NODE_PEERS)
		put_node_peers(out, doc, alone);
	if (mask & DPUBGP_SECTION_TENANT)
		put_tenant(out, &doc->tenant, alone);
	if (mask & DPUBGP_SECTION_PROFILES)
		put_profiles(out, doc, alone);
	if (mask & DPUBGP_SECTION_VPCS)
		put_vpcs(out, doc, alone);
	if (mask & DPUBGP_SECTION_PORTS)
		put_ports(out, doc, alone);
	return ferror(out) ? -EIO : 0;
}

int dpubgp_doc_emit(const struct dpubgp_doc *doc, FILE *out)
{
	return dpubgp_doc_emit_sections(doc, DPUBGP_SECTION_ALL, out);
}
