/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a node's dpubgpd makes of the document's fabric part (design.md
 * §4.2): its AS, its node-to-node mesh, its global and node-specific
 * peers.
 */
#ifndef DPUBGP_CONFIG_FABRIC_H
#define DPUBGP_CONFIG_FABRIC_H

#include "config/doc.h"

/*
 * The node's AS: nodes.<n>.as, else bgp.default_node_as (which is 64511
 * when absent); *inherited (may be NULL) says it is the default's.
 */
uint32_t dpubgp_node_as(const struct dpubgp_doc *doc,
			const struct dpubgp_conf_node *node, bool *inherited);

/* A node-to-node (iBGP) session of the mesh, one per pair and family. */
struct dpubgp_mesh_peer {
	const struct dpubgp_conf_node *node;	/* the other node */
	struct dpubgp_addr local, remote;	/* same family */
	uint32_t as;				/* the other node's AS */
	bool passive;		/* local < remote: wait for the other side */
};

struct dpubgp_mesh_peers {
	struct dpubgp_mesh_peer *v;
	size_t n;
};

/*
 * The mesh sessions of node: one with every other node for each family
 * both have an address of, none when bgp.node_mesh is false. Sorted by
 * node name, IPv4 first. Free out->v. Returns 0, -ENOENT for an unknown
 * node, -ENOMEM.
 */
int dpubgp_mesh_peers(const struct dpubgp_doc *doc, const char *node,
		      struct dpubgp_mesh_peers *out);

/* The global peers: every node peers with them. */
const struct dpubgp_conf_peers *dpubgp_global_peers(const struct dpubgp_doc *doc);

/*
 * The node-specific peers of node, less those whose address is a global
 * peer's (each reported through warn, which may be NULL). Free out->v.
 * Returns 0 (an empty list for a node without any), -ENOENT for an unknown
 * node, -ENOMEM.
 */
int dpubgp_node_peers(const struct dpubgp_doc *doc, const char *node,
		      struct dpubgp_conf_peers *out, dpubgp_warn_fn *warn,
		      void *ctx);

#endif /* DPUBGP_CONFIG_FABRIC_H */
