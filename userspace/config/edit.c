// SPDX-License-Identifier: GPL-2.0
/*
 * Changing a document in place: objects added, replaced and removed by
 * name, a part merged in, the checks before a write, a DPU's ASN.
 *
 * Every mapping of struct dpubgp_doc is { T *v; size_t n; } with T's name
 * first and v sorted by name; struct vec is that shape, read and written
 * with memcpy so that one helper serves every T.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config/edit.h"
#include "config/tenant.h"
#include "config/value.h"

struct vec {
	char *v;
	size_t n;
};

static struct vec vec_get(const void *vec)
{
	struct vec v;

	memcpy(&v, vec, sizeof(v));
	return v;
}

static void vec_set(void *vec, struct vec v)
{
	memcpy(vec, &v, sizeof(v));
}

static const char *name_at(const struct vec *v, size_t size, size_t i)
{
	return *(char *const *)(v->v + i * size);
}

/* The index of name, or where it would go; *found says which. */
static size_t lookup(const struct vec *v, size_t size, const char *name,
		     bool *found)
{
	size_t lo = 0, hi = v->n, mid;
	int cmp;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		cmp = strcmp(name_at(v, size, mid), name);
		if (!cmp) {
			*found = true;
			return mid;
		}
		if (cmp < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*found = false;
	return lo;
}

void *dpubgp_named_find(const void *vec, size_t size, const char *name)
{
	struct vec v = vec_get(vec);
	bool found;
	size_t i = lookup(&v, size, name, &found);

	return found ? v.v + i * size : NULL;
}

/* Room for a new element at i, zeroed: NULL when memory runs out. */
static void *insert_at(void *vec, size_t size, size_t i)
{
	struct vec v = vec_get(vec);
	char *arr = realloc(v.v, (v.n + 1) * size);

	if (!arr)
		return NULL;
	memmove(arr + (i + 1) * size, arr + i * size, (v.n - i) * size);
	memset(arr + i * size, 0, size);
	vec_set(vec, (struct vec){ arr, v.n + 1 });
	return arr + i * size;
}

void *dpubgp_named_get(void *vec, size_t size, const char *name)
{
	struct vec v = vec_get(vec);
	char *copy, *elem;
	bool found;
	size_t i = lookup(&v, size, name, &found);

	if (found)
		return v.v + i * size;
	copy = strdup(name);
	elem = copy ? insert_at(vec, size, i) : NULL;
	if (!elem) {
		free(copy);
		return NULL;
	}
	memcpy(elem, &copy, sizeof(copy));
	return elem;
}

void dpubgp_named_remove(void *vec, size_t size, void *elem)
{
	struct vec v = vec_get(vec);
	size_t i = (size_t)((char *)elem - v.v) / size;

	memmove(v.v + i * size, v.v + (i + 1) * size, (v.n - i - 1) * size);
	v.n--;
	vec_set(vec, v);
}

/*
 * Move elem (a T of part, name first) into the mapping vec, in place of
 * the one of the same name (freed with free_fn); elem is zeroed.
 */
static int named_put(void *vec, size_t size, void *elem,
		     void (*free_fn)(void *))
{
	struct vec v = vec_get(vec);
	const char *name = *(char **)elem;
	char *dst;
	bool found;
	size_t i = lookup(&v, size, name, &found);

	if (found) {
		dst = v.v + i * size;
		free_fn(dst);
	} else if (!(dst = insert_at(vec, size, i))) {
		return -ENOMEM;
	}
	memcpy(dst, elem, size);
	memset(elem, 0, size);
	return 0;
}

int dpubgp_peers_set(struct dpubgp_conf_peers *peers,
		     const struct dpubgp_conf_peer *peer)
{
	struct dpubgp_conf_peer *v;
	size_t i;

	for (i = 0; i < peers->n; i++)
		if (dpubgp_addr_equal(&peers->v[i].ip, &peer->ip)) {
			peers->v[i].as = peer->as;
			return 0;
		}
	v = realloc(peers->v, (peers->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[peers->n++] = *peer;
	peers->v = v;
	return 0;
}

int dpubgp_peers_remove(struct dpubgp_conf_peers *peers,
			const struct dpubgp_addr *ip)
{
	size_t i;

	for (i = 0; i < peers->n; i++)
		if (dpubgp_addr_equal(&peers->v[i].ip, ip)) {
			memmove(&peers->v[i], &peers->v[i + 1],
				(peers->n - i - 1) * sizeof(*peers->v));
			peers->n--;
			return 0;
		}
	return -ENOENT;
}

int dpubgp_doc_remove_port(struct dpubgp_doc *doc, const char *node,
			   const char *ifname)
{
	struct dpubgp_conf_node_ports *np;
	struct dpubgp_conf_port *port = NULL;

	np = dpubgp_named_find(&doc->ports, sizeof(*np), node);
	if (np)
		port = dpubgp_named_find(&np->ports, sizeof(*port), ifname);
	if (!port)
		return -ENOENT;
	dpubgp_conf_port_free(port);
	dpubgp_named_remove(&np->ports, sizeof(*port), port);
	if (!np->ports.n) {
		dpubgp_conf_node_ports_free(np);
		dpubgp_named_remove(&doc->ports, sizeof(*np), np);
	}
	return 0;
}

static int merge_peers(struct dpubgp_conf_peers *doc,
		       const struct dpubgp_conf_peers *part)
{
	size_t i;
	int err = 0;

	for (i = 0; !err && i < part->n; i++)
		err = dpubgp_peers_set(doc, &part->v[i]);
	return err;
}

/* The free functions of doc.h, as named_put() takes them. */
#define FREE_FN(fn, type) \
	static void fn##_any(void *p) { fn((type *)p); }
FREE_FN(dpubgp_conf_node_free, struct dpubgp_conf_node)
FREE_FN(dpubgp_conf_profile_free, struct dpubgp_conf_profile)
FREE_FN(dpubgp_conf_vpc_free, struct dpubgp_conf_vpc)
FREE_FN(dpubgp_conf_port_free, struct dpubgp_conf_port)

static void dpu_asn_free(void *p)
{
	free(((struct dpubgp_dpu_asn *)p)->node);
}

/* Every element of part's mapping into doc's. */
#define PUT_ALL(dst, src, fn)						\
	({								\
		size_t i_;						\
		int err_ = 0;						\
									\
		for (i_ = 0; !err_ && i_ < (src).n; i_++)		\
			err_ = named_put(&(dst), sizeof(*(src).v),	\
					 &(src).v[i_], fn);		\
		err_;							\
	})

static int merge_node_peers(struct dpubgp_doc *doc, struct dpubgp_doc *part)
{
	struct dpubgp_conf_node_peers *np;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < part->node_peers.n; i++) {
		np = dpubgp_named_get(&doc->node_peers, sizeof(*np),
				      part->node_peers.v[i].node);
		err = np ? merge_peers(&np->peers,
				       &part->node_peers.v[i].peers) : -ENOMEM;
	}
	return err;
}

static int merge_ports(struct dpubgp_doc *doc, struct dpubgp_doc *part)
{
	struct dpubgp_conf_node_ports *np;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < part->ports.n; i++) {
		np = dpubgp_named_get(&doc->ports, sizeof(*np),
				      part->ports.v[i].node);
		err = np ? PUT_ALL(np->ports, part->ports.v[i].ports,
				   dpubgp_conf_port_free_any) : -ENOMEM;
	}
	return err;
}

static void merge_tenant(struct dpubgp_conf_tenant *doc,
			 struct dpubgp_conf_tenant *part)
{
	free(doc->anycast_site_prefixes.v);
	doc->has_common_tenant_host_asn = part->has_common_tenant_host_asn;
	doc->common_tenant_host_asn = part->common_tenant_host_asn;
	doc->has_dpu_asn_pool = part->has_dpu_asn_pool;
	doc->dpu_asn_pool = part->dpu_asn_pool;
	doc->anycast_site_prefixes = part->anycast_site_prefixes;
	memset(&part->anycast_site_prefixes, 0,
	       sizeof(part->anycast_site_prefixes));
}

int dpubgp_doc_merge(struct dpubgp_doc *doc, struct dpubgp_doc *part)
{
	int err;

	if (part->has_bgp)
		doc->bgp = part->bgp;
	if (part->has_tenant)
		merge_tenant(&doc->tenant, &part->tenant);
	err = PUT_ALL(doc->nodes, part->nodes, dpubgp_conf_node_free_any) ?:
	      merge_peers(&doc->peers, &part->peers) ?:
	      merge_node_peers(doc, part) ?:
	      PUT_ALL(doc->tenant.dpu_asns, part->tenant.dpu_asns,
		      dpu_asn_free) ?:
	      PUT_ALL(doc->profiles, part->profiles,
		      dpubgp_conf_profile_free_any) ?:
	      PUT_ALL(doc->vpcs, part->vpcs, dpubgp_conf_vpc_free_any) ?:
	      merge_ports(doc, part);
	dpubgp_doc_free(part);
	return err;
}

/* The reason of a parse error, past its "FILE:LINE:COL: ". */
static const char *reason_of(const char *msg)
{
	const char *p = msg;
	int colons = 0;

	while (*p && colons < 3)
		if (*p++ == ':')
			colons++;
	return *p == ' ' ? p + 1 : msg;
}

/* doc reads back as itself: every rule of the parser holds. */
static int check_parses(const struct dpubgp_doc *doc, char *err,
			size_t errlen)
{
	struct dpubgp_doc back;
	char *buf = NULL, msg[512];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return -ENOMEM;
	ret = dpubgp_doc_emit(doc, f);
	if (fclose(f) || ret) {
		free(buf);
		return -ENOMEM;
	}
	ret = dpubgp_doc_parse("", buf, len, &back, msg, sizeof(msg));
	free(buf);
	if (!ret)
		dpubgp_doc_free(&back);
	else
		snprintf(err, errlen, "%s", reason_of(msg));
	return ret;
}

static int check_port(const struct dpubgp_doc *doc, const char *node,
		      const struct dpubgp_conf_port *port, char *err,
		      size_t errlen)
{
	const struct dpubgp_prefixes *bound = dpubgp_port_bound(doc, port);
	char buf[DPUBGP_PREFIX_STRLEN];
	size_t i;

	for (i = 0; i < port->allowed_anycast_prefixes.n; i++) {
		if (dpubgp_prefixes_cover(bound,
					  &port->allowed_anycast_prefixes.v[i]))
			continue;
		dpubgp_prefix_format(&port->allowed_anycast_prefixes.v[i], buf,
				     sizeof(buf));
		snprintf(err, errlen,
			 "ports.%s.%s: allowed_anycast_prefixes entry %s lies outside the allowed prefixes of vpc %s",
			 node, port->name, buf, port->vpc);
		return -EINVAL;
	}
	return 0;
}

int dpubgp_doc_check(const struct dpubgp_doc *doc, char *err, size_t errlen)
{
	const struct dpubgp_conf_node_ports *np;
	size_t i, j;
	int ret = check_parses(doc, err, errlen);

	for (i = 0; !ret && i < doc->ports.n; i++) {
		np = &doc->ports.v[i];
		for (j = 0; !ret && j < np->ports.n; j++)
			ret = check_port(doc, np->node, &np->ports.v[j], err,
					 errlen);
	}
	return ret;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

int dpubgp_dpu_asn_allocate(struct dpubgp_doc *doc, const char *node,
			    uint32_t *as)
{
	struct dpubgp_conf_tenant *t = &doc->tenant;
	const struct dpubgp_dpu_asn *had = dpubgp_doc_dpu_asn(doc, node);
	struct dpubgp_dpu_asn *rec;
	uint64_t next;
	uint32_t *used;
	size_t i;

	if (had) {
		*as = had->as;
		return 1;
	}
	if (!t->has_dpu_asn_pool)
		return -ENOENT;
	used = calloc(t->dpu_asns.n + 1, sizeof(*used));
	if (!used)
		return -ENOMEM;
	for (i = 0; i < t->dpu_asns.n; i++)
		used[i] = t->dpu_asns.v[i].as;
	qsort(used, t->dpu_asns.n, sizeof(*used), cmp_u32);
	/* The lowest of the pool above no used ASN but the ones below it. */
	next = t->dpu_asn_pool.start;
	for (i = 0; i < t->dpu_asns.n && used[i] <= next; i++)
		if (used[i] == next)
			next++;
	free(used);
	if (next > t->dpu_asn_pool.end)
		return -ENOSPC;
	rec = dpubgp_named_get(&t->dpu_asns, sizeof(*rec), node);
	if (!rec)
		return -ENOMEM;
	rec->as = (uint32_t)next;
	*as = rec->as;
	return 0;
}
