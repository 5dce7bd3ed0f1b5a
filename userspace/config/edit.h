/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Changing a document in place: what the datastore's writers (dpubgpctl's
 * commands, a daemon recording its ASN) do to the tree between reading it
 * and writing it back, and the checks a document passes before it is
 * written.
 *
 * An object is what the design's etcd layout gives a key of its own: the
 * bgp settings, a node, a global peer, a node's peer, the tenant
 * settings, a node's DPU ASN, a routing profile, a vpc, a port.
 */
#ifndef DPUBGP_CONFIG_EDIT_H
#define DPUBGP_CONFIG_EDIT_H

#include "config/doc.h"

/*
 * In a mapping keyed by name (an array sorted by name whose elements
 * start with their name, as every one of struct dpubgp_doc's), the
 * element named name, or NULL. vec points at the array's { v, n }.
 */
void *dpubgp_named_find(const void *vec, size_t size, const char *name);

/*
 * The same, created (zeroed, with a copy of name) where it is missing:
 * NULL only when memory runs out.
 */
void *dpubgp_named_get(void *vec, size_t size, const char *name);

/* Take elem (found by dpubgp_named_find) out of the array; free it first. */
void dpubgp_named_remove(void *vec, size_t size, void *elem);

/* Add peer to peers, or give the peer of its address peer's AS: 0, -ENOMEM. */
int dpubgp_peers_set(struct dpubgp_conf_peers *peers,
		     const struct dpubgp_conf_peer *peer);

/* Remove the peer of address ip: 0, or -ENOENT when there is none. */
int dpubgp_peers_remove(struct dpubgp_conf_peers *peers,
			const struct dpubgp_addr *ip);

/*
 * Remove port ifname of node, and the node's key of ports when it was its
 * last: 0, or -ENOENT when there is no such port.
 */
int dpubgp_doc_remove_port(struct dpubgp_doc *doc, const char *node,
			   const char *ifname);

/*
 * Move every object of part into doc, in place of doc's of the same name:
 * a "bgp" section replaces doc's bgp settings, a "tenant" section its
 * tenant settings (not the DPU ASNs, which are objects of their own);
 * nodes, peers (by address), a node's peers, DPU ASNs, routing profiles,
 * vpcs and ports (by node and name) are added or replaced one by one.
 * What part does not name stays. part is left empty. 0 or -ENOMEM (doc
 * then holds some of part's objects).
 */
int dpubgp_doc_merge(struct dpubgp_doc *doc, struct dpubgp_doc *part);

/*
 * Whether doc may be written: it reads back as itself (every rule of the
 * parser: references, addresses and tables used twice...), and what the
 * daemon would only warn about is refused here, where it is written: a
 * port's allowed_anycast_prefixes entry outside its vpc's list. 0, or
 * -EINVAL with the reason in err (no location: the document is not text
 * yet), -ENOMEM.
 */
int dpubgp_doc_check(const struct dpubgp_doc *doc, char *err, size_t errlen);

/*
 * Record an ASN of tenant.dpu_asn_pool for node in tenant.dpu_asns: the
 * lowest no node has. 0 with *as when it is done, 1 with *as when node
 * had one already, -ENOENT when there is no pool, -ENOSPC when the pool
 * is full, -ENOMEM.
 */
int dpubgp_dpu_asn_allocate(struct dpubgp_doc *doc, const char *node,
			    uint32_t *as);

#endif /* DPUBGP_CONFIG_EDIT_H */
