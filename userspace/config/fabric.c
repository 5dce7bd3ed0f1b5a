// SPDX-License-Identifier: GPL-2.0
/*
 * A node's fabric peering from the document (Calico semantics).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/fabric.h"
#include "config/value.h"

uint32_t dpubgp_node_as(const struct dpubgp_doc *doc,
			const struct dpubgp_conf_node *node, bool *inherited)
{
	if (inherited)
		*inherited = !node->has_as;
	return node->has_as ? node->as : doc->bgp.default_node_as;
}

static void add_mesh_peer(const struct dpubgp_doc *doc,
			  const struct dpubgp_conf_node *self,
			  const struct dpubgp_conf_node *other,
			  const struct dpubgp_addr *local,
			  const struct dpubgp_addr *remote,
			  struct dpubgp_mesh_peers *out)
{
	struct dpubgp_mesh_peer *p = &out->v[out->n];

	if (!local->family || !remote->family)
		return;
	(void)self;
	p->node = other;
	p->local = *local;
	p->remote = *remote;
	p->as = dpubgp_node_as(doc, other, NULL);
	p->passive = memcmp(local->addr, remote->addr, sizeof(local->addr)) < 0;
	out->n++;
}

int dpubgp_mesh_peers(const struct dpubgp_doc *doc, const char *node,
		      struct dpubgp_mesh_peers *out)
{
	const struct dpubgp_conf_node *self = dpubgp_doc_node(doc, node);
	const struct dpubgp_conf_node *other;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!self)
		return -ENOENT;
	if (!doc->bgp.node_mesh)
		return 0;
	out->v = calloc(doc->nodes.n * 2 + 1, sizeof(*out->v));
	if (!out->v)
		return -ENOMEM;
	for (i = 0; i < doc->nodes.n; i++) {
		other = &doc->nodes.v[i];
		if (other == self)
			continue;
		add_mesh_peer(doc, self, other, &self->ipv4, &other->ipv4, out);
		add_mesh_peer(doc, self, other, &self->ipv6, &other->ipv6, out);
	}
	return 0;
}

const struct dpubgp_conf_peers *dpubgp_global_peers(const struct dpubgp_doc *doc)
{
	return &doc->peers;
}

static bool is_global(const struct dpubgp_doc *doc,
		      const struct dpubgp_conf_peer *peer)
{
	size_t i;

	for (i = 0; i < doc->peers.n; i++)
		if (dpubgp_addr_equal(&doc->peers.v[i].ip, &peer->ip))
			return true;
	return false;
}

static void warn_duplicate(const char *node, const struct dpubgp_conf_peer *p,
			   dpubgp_warn_fn *warn, void *ctx)
{
	char addr[DPUBGP_ADDR_STRLEN], msg[160];

	if (!warn)
		return;
	dpubgp_addr_format(&p->ip, addr);
	snprintf(msg, sizeof(msg),
		 "node_peers.%s: peer %s duplicates a global peer, ignored",
		 node, addr);
	warn(ctx, msg);
}

int dpubgp_node_peers(const struct dpubgp_doc *doc, const char *node,
		      struct dpubgp_conf_peers *out, dpubgp_warn_fn *warn,
		      void *ctx)
{
	const struct dpubgp_conf_node_peers *np = NULL;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (!dpubgp_doc_node(doc, node))
		return -ENOENT;
	for (i = 0; i < doc->node_peers.n && !np; i++)
		if (!strcmp(doc->node_peers.v[i].node, node))
			np = &doc->node_peers.v[i];
	if (!np)
		return 0;
	out->v = calloc(np->peers.n + 1, sizeof(*out->v));
	if (!out->v)
		return -ENOMEM;
	for (i = 0; i < np->peers.n; i++) {
		if (is_global(doc, &np->peers.v[i]))
			warn_duplicate(node, &np->peers.v[i], warn, ctx);
		else
			out->v[out->n++] = np->peers.v[i];
	}
	return 0;
}
