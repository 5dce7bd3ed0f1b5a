// SPDX-License-Identifier: GPL-2.0
/*
 * The datastore document: loading a file, freeing, lookups by name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config/doc.h"

void dpubgp_conf_node_free(struct dpubgp_conf_node *node)
{
	free(node->name);
}

void dpubgp_conf_node_peers_free(struct dpubgp_conf_node_peers *np)
{
	free(np->node);
	free(np->peers.v);
}

void dpubgp_conf_profile_free(struct dpubgp_conf_profile *p)
{
	free(p->name);
	free(p->allowed_anycast_prefixes.v);
	free(p->route_target_imports.v);
	free(p->route_targets_on_exports.v);
}

void dpubgp_conf_vpc_free(struct dpubgp_conf_vpc *vpc)
{
	free(vpc->name);
	free(vpc->vrf);
	free(vpc->routing_profile);
}

void dpubgp_conf_port_free(struct dpubgp_conf_port *p)
{
	free(p->name);
	free(p->vpc);
	free(p->host.v);
	free(p->gateway.v);
	free(p->allowed_anycast_prefixes.v);
}

void dpubgp_conf_node_ports_free(struct dpubgp_conf_node_ports *np)
{
	size_t i;

	for (i = 0; i < np->ports.n; i++)
		dpubgp_conf_port_free(&np->ports.v[i]);
	free(np->ports.v);
	free(np->node);
}

void dpubgp_conf_tenant_free(struct dpubgp_conf_tenant *t)
{
	size_t i;

	free(t->anycast_site_prefixes.v);
	for (i = 0; i < t->dpu_asns.n; i++)
		free(t->dpu_asns.v[i].node);
	free(t->dpu_asns.v);
}

#define FREE_ALL(vec, fn)						\
	do {								\
		size_t i_;						\
									\
		for (i_ = 0; i_ < (vec).n; i_++)			\
			fn(&(vec).v[i_]);				\
		free((vec).v);						\
	} while (0)

void dpubgp_doc_free(struct dpubgp_doc *doc)
{
	FREE_ALL(doc->nodes, dpubgp_conf_node_free);
	free(doc->peers.v);
	FREE_ALL(doc->node_peers, dpubgp_conf_node_peers_free);
	dpubgp_conf_tenant_free(&doc->tenant);
	FREE_ALL(doc->profiles, dpubgp_conf_profile_free);
	FREE_ALL(doc->vpcs, dpubgp_conf_vpc_free);
	FREE_ALL(doc->ports, dpubgp_conf_node_ports_free);
	memset(doc, 0, sizeof(*doc));
}

/*
 * Elements whose first member is their name, in an array that may still be
 * being filled in (names NULL past the parsed ones, not yet sorted).
 */
static const void *find(const void *arr, size_t n, size_t size,
			const char *name)
{
	const char *p = arr;
	size_t i;

	for (i = 0; i < n; i++, p += size) {
		const char *elem_name = *(char *const *)p;

		if (elem_name && !strcmp(elem_name, name))
			return p;
	}
	return NULL;
}

#define FIND(vec, name) find((vec).v, (vec).n, sizeof(*(vec).v), name)

const struct dpubgp_conf_node *dpubgp_doc_node(const struct dpubgp_doc *doc,
					       const char *name)
{
	return FIND(doc->nodes, name);
}

const struct dpubgp_conf_vpc *dpubgp_doc_vpc(const struct dpubgp_doc *doc,
					     const char *name)
{
	return FIND(doc->vpcs, name);
}

const struct dpubgp_conf_profile *
dpubgp_doc_profile(const struct dpubgp_doc *doc, const char *name)
{
	return FIND(doc->profiles, name);
}

const struct dpubgp_conf_port *dpubgp_doc_port(const struct dpubgp_doc *doc,
					       const char *node,
					       const char *port)
{
	const struct dpubgp_conf_node_ports *np = FIND(doc->ports, node);

	return np ? FIND(np->ports, port) : NULL;
}

const struct dpubgp_dpu_asn *dpubgp_doc_dpu_asn(const struct dpubgp_doc *doc,
						const char *node)
{
	return FIND(doc->tenant.dpu_asns, node);
}

/* Bounded: a document is small, and a runaway file must not eat memory. */
#define DOC_MAX_SIZE (16u << 20)

int dpubgp_doc_load(const char *path, struct dpubgp_doc *doc, char *err,
		    size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t len;
	int ret;

	memset(doc, 0, sizeof(*doc));
	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	buf = malloc(DOC_MAX_SIZE);
	len = buf ? fread(buf, 1, DOC_MAX_SIZE, f) : 0;
	if (!buf || ferror(f) || len == DOC_MAX_SIZE) {
		ret = !buf ? -ENOMEM : ferror(f) ? -EIO : -EFBIG;
		snprintf(err, errlen, "%s: %s", path, strerror(-ret));
	} else {
		ret = dpubgp_doc_parse(path, buf, len, doc, err, errlen);
	}
	free(buf);
	fclose(f);
	return ret;
}
