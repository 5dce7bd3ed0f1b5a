/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The datastore document (design.md §2) as a plain C tree.
 *
 * Every mapping keyed by name (nodes, node_peers, routing profiles, vpcs,
 * ports) is an array sorted by name; lists keep the document's order.
 * Absent and empty differ where the design says so: a prefix list carries
 * a "present" flag, an optional number a "has_" flag.
 *
 * Parsing validates everything: unknown and duplicate keys, values,
 * duplicate list entries and references are errors, reported as
 * "FILE:LINE:COL: reason" for the first one found. The references checked:
 * a vpc's routing_profile names a routing profile; a port's vpc names a vpc;
 * every key of node_peers and of ports names a node. Within the document,
 * no two nodes share an address and no two vpcs a vrf or a table.
 */
#ifndef DPUBGP_CONFIG_DOC_H
#define DPUBGP_CONFIG_DOC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/prefix.h"

#define DPUBGP_DEFAULT_NODE_AS 64511u
#define DPUBGP_DEFAULT_LISTEN_PORT 179
#define DPUBGP_DEFAULT_MAX_PREFIXES 1000u

/* An IP address; family 0 when absent. */
struct dpubgp_addr {
	sa_family_t family;	/* AF_INET or AF_INET6 */
	uint8_t addr[16];	/* network order; IPv4 uses the first 4 */
};

struct dpubgp_addrs {
	struct dpubgp_addr *v;
	size_t n;
};

struct dpubgp_prefixes {
	struct dpubgp_prefix *v;
	size_t n;
	bool present;		/* the key was there, maybe with [] */
};

struct dpubgp_conf_bgp {
	uint32_t default_node_as;
	bool node_mesh;
	uint16_t listen_port;
};

struct dpubgp_conf_node {
	char *name;
	struct dpubgp_addr ipv4, ipv6;	/* at least one of them */
	bool has_as;
	uint32_t as;
};

struct dpubgp_conf_peer {
	struct dpubgp_addr ip;
	uint32_t as;
};

struct dpubgp_conf_peers {
	struct dpubgp_conf_peer *v;
	size_t n;
};

struct dpubgp_conf_node_peers {
	char *node;
	struct dpubgp_conf_peers peers;
};

/* tenant.dpu_asns.<node>: the ASN allocated to a node, once (§4.3). */
struct dpubgp_dpu_asn {
	char *node;
	uint32_t as;
};

struct dpubgp_conf_tenant {
	bool has_common_tenant_host_asn;
	uint32_t common_tenant_host_asn;
	bool has_dpu_asn_pool;
	struct dpubgp_asn_pool { uint32_t start, end; } dpu_asn_pool; /* start <= end */
	struct dpubgp_prefixes anycast_site_prefixes;	/* deprecated */
	/* Written by the daemons, sorted by node; no ASN twice. */
	struct { struct dpubgp_dpu_asn *v; size_t n; } dpu_asns;
};

/* A route target: "ASN:NN" or "a.b.c.d:NN" (RFC 4360 types 0, 1 and 2). */
enum dpubgp_rt_kind {
	DPUBGP_RT_AS2,		/* global 2-octet AS, local 32 bits */
	DPUBGP_RT_IPV4,		/* global IPv4 address, local 16 bits */
	DPUBGP_RT_AS4,		/* global 4-octet AS, local 16 bits */
};

struct dpubgp_rt {
	enum dpubgp_rt_kind kind;
	uint32_t global;	/* the AS, or the IPv4 address in host order */
	uint32_t local;
};

struct dpubgp_rts {
	struct dpubgp_rt *v;
	size_t n;
};

struct dpubgp_conf_profile {
	char *name;
	struct dpubgp_prefixes allowed_anycast_prefixes;
	bool tenant_leak_communities_accepted;
	uint32_t max_prefixes;		/* per tenant session, 1.. */
	struct dpubgp_rts route_target_imports;
	struct dpubgp_rts route_targets_on_exports;
};

struct dpubgp_conf_vpc {
	char *name;
	char *vrf;
	uint32_t table;			/* 1..2^32-1, not 253..255 */
	char *routing_profile;		/* NULL: none */
};

struct dpubgp_conf_port {
	char *name;
	char *vpc;
	struct dpubgp_addrs host;
	struct dpubgp_prefixes gateway;	/* interface addresses: host bits allowed */
	struct dpubgp_prefixes allowed_anycast_prefixes;
	/* The module's source filter on the port; default (absent): on. */
	bool src_filter;
	bool has_src_filter;
};

struct dpubgp_conf_node_ports {
	char *node;
	struct { struct dpubgp_conf_port *v; size_t n; } ports;
};

struct dpubgp_doc {
	/* The sections "bgp" and "tenant" were in the text (dpubgp_doc_merge). */
	bool has_bgp, has_tenant;
	struct dpubgp_conf_bgp bgp;
	struct { struct dpubgp_conf_node *v; size_t n; } nodes;
	struct dpubgp_conf_peers peers;
	struct { struct dpubgp_conf_node_peers *v; size_t n; } node_peers;
	struct dpubgp_conf_tenant tenant;
	struct { struct dpubgp_conf_profile *v; size_t n; } profiles;
	struct { struct dpubgp_conf_vpc *v; size_t n; } vpcs;
	struct { struct dpubgp_conf_node_ports *v; size_t n; } ports;
};

/* Where helpers report what they ignore; msg is one line, no newline. */
typedef void dpubgp_warn_fn(void *ctx, const char *msg);

/*
 * Parse the YAML document in buf (len bytes; file names it in messages).
 * An empty document is all defaults. Returns 0, -EINVAL with the first
 * error in err as "file:line:col: reason", or -ENOMEM. On error, doc is left
 * empty (safe to free).
 */
int dpubgp_doc_parse(const char *file, const void *buf, size_t len,
		     struct dpubgp_doc *doc, char *err, size_t errlen);

/*
 * The same for a part of a document that is to be merged into base
 * (dpubgp_doc_merge): its references (nodes, vpcs, routing profiles) may
 * name base's objects too.
 */
int dpubgp_doc_parse_onto(const char *file, const void *buf, size_t len,
			  const struct dpubgp_doc *base,
			  struct dpubgp_doc *doc, char *err, size_t errlen);

/* The same, for the file at path; -errno when it cannot be read. */
int dpubgp_doc_load(const char *path, struct dpubgp_doc *doc, char *err,
		    size_t errlen);

void dpubgp_doc_free(struct dpubgp_doc *doc);

/*
 * Write doc as YAML in canonical form: the sections and keys in the order
 * above, names sorted, ASNs asplain, prefixes canonical, every bgp value
 * spelled out, absent optional values left out. Returns 0 or -EIO.
 */
int dpubgp_doc_emit(const struct dpubgp_doc *doc, FILE *out);

/* The sections of a document, for dpubgp_doc_emit_sections(). */
enum {
	DPUBGP_SECTION_BGP		= 1 << 0,
	DPUBGP_SECTION_NODES		= 1 << 1,
	DPUBGP_SECTION_PEERS		= 1 << 2,
	DPUBGP_SECTION_NODE_PEERS	= 1 << 3,
	DPUBGP_SECTION_TENANT		= 1 << 4,
	DPUBGP_SECTION_PROFILES		= 1 << 5,
	DPUBGP_SECTION_VPCS		= 1 << 6,
	DPUBGP_SECTION_PORTS		= 1 << 7,
	DPUBGP_SECTION_ALL		= (1 << 8) - 1,
};

/*
 * The sections of doc in the mask only, in the same form; a section asked
 * for alone is written even when empty ("tenant: {}"), so that what
 * dpubgpctl get prints is a document too.
 */
int dpubgp_doc_emit_sections(const struct dpubgp_doc *doc, unsigned int mask,
			     FILE *out);

/* Lookups by name; NULL when there is none. */
const struct dpubgp_conf_node *dpubgp_doc_node(const struct dpubgp_doc *doc,
					       const char *name);
const struct dpubgp_conf_vpc *dpubgp_doc_vpc(const struct dpubgp_doc *doc,
					     const char *name);
const struct dpubgp_conf_profile *
dpubgp_doc_profile(const struct dpubgp_doc *doc, const char *name);
const struct dpubgp_conf_port *dpubgp_doc_port(const struct dpubgp_doc *doc,
					       const char *node,
					       const char *port);
/* The ASN recorded for node in tenant.dpu_asns, or NULL. */
const struct dpubgp_dpu_asn *dpubgp_doc_dpu_asn(const struct dpubgp_doc *doc,
						const char *node);

/* What the free of a whole document frees of one object of a kind. */
void dpubgp_conf_node_free(struct dpubgp_conf_node *node);
void dpubgp_conf_node_peers_free(struct dpubgp_conf_node_peers *np);
void dpubgp_conf_profile_free(struct dpubgp_conf_profile *profile);
void dpubgp_conf_vpc_free(struct dpubgp_conf_vpc *vpc);
void dpubgp_conf_port_free(struct dpubgp_conf_port *port);
void dpubgp_conf_node_ports_free(struct dpubgp_conf_node_ports *np);
void dpubgp_conf_tenant_free(struct dpubgp_conf_tenant *tenant);

#endif /* DPUBGP_CONFIG_DOC_H */
