// SPDX-License-Identifier: GPL-2.0
/*
 * The datastore document: loading a file, freeing, lookups by name.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config/doc.h"

static void free_profile(struct dpubgp_conf_profile *p)
{
	free(p->name);
	free(p->allowed_anycast_prefixes.v);
	free(p->route_target_imports.v);
	free(p->route_targets_on_exports.v);
}

static void free_port(struct dpubgp_conf_port *p)
{
	free(p->name);
	free(p->vpc);
	free(p->host.v);
	free(p->gateway.v);
	free(p->allowed_anycast_prefixes.v);
}

static void free_node_ports(struct dpubgp_conf_node_ports *np)
{
	size_t i;

	for (i = 0; i < np->ports.n; i++)
		free_port(&np->ports.v[i]);
	free(np->ports.v);
	free(np->node);
}

void dpubgp_doc_free(struct dpubgp_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nodes.n; i++)
		free(doc->nodes.v[i].name);
	free(doc->nodes.v);
	free(doc->peers.v);
	for (i = 0; i < doc->node_peers.n; i++) {
		free(doc->node_peers.v[i].node);
		free(doc->node_peers.v[i].peers.v);
	}
	free(doc->node_peers.v);
	free(doc->tenant.anycast_site_prefixes.v);
	for (i = 0; i < doc->profiles.n; i++)
		free_profile(&doc->profiles.v[i]);
	free(doc->profiles.v);
	for (i = 0; i < doc->vpcs.n; i++) {
		free(doc->vpcs.v[i].name);
		free(doc->vpcs.v[i].vrf);
		free(doc->vpcs.v[i].routing_profile);
	}
	free(doc->vpcs.v);
	for (i = 0; i < doc->ports.n; i++)
		free_node_ports(&doc->ports.v[i]);
	free(doc->ports.v);
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
