// SPDX-License-Identifier: GPL-2.0
/*
 * The datastore document from YAML, with libyaml's document loader.
 *
 * Every mapping goes through check_mapping() (a mapping, string keys, no
 * key twice) and then one of two walkers: parse_fields() for a fixed set of
 * keys, from a table, or parse_named() for a mapping keyed by name. Lists go
 * through parse_list(), which refuses an entry given twice. The fields of a
 * table are parsed in table order, whatever the document's order, so that
 * what a reference names (nodes, routing profiles, vpcs) is known by then.
 *
 * libyaml resolves an alias to the anchored node itself, which would let a
 * few lines of aliases stand for an exponential tree: every node is entered
 * once at most (seen[]), and a node reached twice is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>
#include <yaml.h>

#include "config/doc.h"
#include "config/value.h"

#define NAME_MAX_LEN 63
#define MAX_FIELDS 8
#define HAS(type, member) (offsetof(type, member) + 1)

struct ctx {
	const char *file;
	char *err;
	size_t errlen;
	yaml_document_t *y;
	uint8_t *seen;
	struct dpubgp_doc *doc;
	const struct dpubgp_doc *base;	/* references may name its objects */
};

/* What a reference may name: the document's objects, or its base's. */
#define KNOWN(c, lookup, name) \
	(lookup((c)->doc, name) || ((c)->base && lookup((c)->base, name)))

struct field {
	const char *key;
	int (*parse)(struct ctx *c, yaml_node_t *n, void *dst);
	size_t off;		/* of what parse fills in the object */
	size_t has;		/* HAS() of its "present" flag, or 0 */
	bool required;
};

/* A mapping keyed by name into an array; the name is an element's first member. */
struct named {
	size_t size;
	size_t name_max;
	int (*parse)(struct ctx *c, yaml_node_t *key, yaml_node_t *val,
		     void *arr, size_t i);
};

struct list {
	size_t size;
	const char *what;
	int (*parse)(struct ctx *c, yaml_node_t *n, void *elem);
	bool (*same)(const void *a, const void *b);
	void (*format)(const void *elem, char *buf);	/* 64 bytes */
};

/* What every array of the document looks like. */
struct vec {
	void *v;
	size_t n;
};

__attribute__((format(printf, 3, 4)))
static int fail(struct ctx *c, const yaml_node_t *n, const char *fmt, ...)
{
	va_list ap;
	int len;

	if (!c->errlen)
		return -EINVAL;
	len = snprintf(c->err, c->errlen, "%s:%zu:%zu: ", c->file,
		       n->start_mark.line + 1, n->start_mark.column + 1);
	if (len >= 0 && (size_t)len < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + len, c->errlen - (size_t)len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static int nomem(struct ctx *c)
{
	snprintf(c->err, c->errlen, "%s: out of memory", c->file);
	return -ENOMEM;
}

static yaml_node_t *node_of(struct ctx *c, int id)
{
	return yaml_document_get_node(c->y, id);
}

static int enter(struct ctx *c, yaml_node_t *n)
{
	size_t i = (size_t)(n - c->y->nodes.start);

	if (c->seen[i])
		return fail(c, n, "aliases are not supported");
	c->seen[i] = 1;
	return 0;
}

static const char *kind(const yaml_node_t *n)
{
	switch (n->type) {
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SEQUENCE_NODE:
		return "a list";
	default:
		return "a value";
	}
}

static int expect(struct ctx *c, yaml_node_t *n, yaml_node_type_t type)
{
	static const yaml_node_t want[] = {
		[YAML_SCALAR_NODE] = { .type = YAML_SCALAR_NODE },
		[YAML_SEQUENCE_NODE] = { .type = YAML_SEQUENCE_NODE },
		[YAML_MAPPING_NODE] = { .type = YAML_MAPPING_NODE },
	};
	int err = enter(c, n);

	if (err)
		return err;
	if (n->type != type)
		return fail(c, n, "expected %s, not %s", kind(&want[type]),
			    kind(n));
	if (type == YAML_SCALAR_NODE &&
	    strlen((const char *)n->data.scalar.value) != n->data.scalar.length)
		return fail(c, n, "NUL character in a value");
	return 0;
}

static int scalar(struct ctx *c, yaml_node_t *n, const char **str)
{
	int err = expect(c, n, YAML_SCALAR_NODE);

	*str = err ? NULL : (const char *)n->data.scalar.value;
	return err;
}

/* Booleans and numbers are plain: "true" in quotes is a string. */
static int plain(struct ctx *c, yaml_node_t *n, const char *what,
		 const char **str)
{
	int err = scalar(c, n, str);

	if (!err && n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return fail(c, n, "%s \"%s\" must not be quoted", what, *str);
	return err;
}

static const char *key_of(struct ctx *c, const yaml_node_pair_t *pair)
{
	return (const char *)node_of(c, pair->key)->data.scalar.value;
}

/* A plain "", "~" or "null": YAML's null, where a key has no value. */
static bool is_null(const yaml_node_t *n)
{
	const char *v = (const char *)n->data.scalar.value;

	return n->type == YAML_SCALAR_NODE &&
	       n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
	       (!*v || !strcmp(v, "~") || !strcmp(v, "null") ||
		!strcmp(v, "Null") || !strcmp(v, "NULL"));
}

/* A mapping's pairs; none for a null, which stands for an empty one. */
static yaml_node_pair_t *pairs_start(yaml_node_t *n)
{
	return n->type == YAML_MAPPING_NODE ? n->data.mapping.pairs.start :
	       NULL;
}

static yaml_node_pair_t *pairs_top(yaml_node_t *n)
{
	return n->type == YAML_MAPPING_NODE ? n->data.mapping.pairs.top : NULL;
}

static size_t n_pairs(yaml_node_t *n)
{
	return (size_t)(pairs_top(n) - pairs_start(n));
}

/*
 * A mapping (a null, "key:" with nothing after it, is an empty one),
 * string keys, no key twice.
 */
static int check_mapping(struct ctx *c, yaml_node_t *n)
{
	yaml_node_pair_t *p, *q, *start = pairs_start(n);
	int err;

	if (is_null(n))
		return enter(c, n);
	err = expect(c, n, YAML_MAPPING_NODE);
	for (p = start; !err && p < n->data.mapping.pairs.top; p++) {
		err = expect(c, node_of(c, p->key), YAML_SCALAR_NODE);
		for (q = start; !err && q < p; q++)
			if (!strcmp(key_of(c, p), key_of(c, q)))
				err = fail(c, node_of(c, p->key),
					   "duplicate key \"%s\"", key_of(c, p));
	}
	return err;
}

static int parse_fields(struct ctx *c, yaml_node_t *n,
			const struct field *fields, size_t n_fields, void *obj)
{
	yaml_node_t *val[MAX_FIELDS] = { NULL };
	yaml_node_pair_t *p;
	int err = check_mapping(c, n);
	size_t i;

	for (p = pairs_start(n); !err && p < pairs_top(n); p++) {
		for (i = 0; i < n_fields; i++)
			if (!strcmp(key_of(c, p), fields[i].key))
				break;
		if (i == n_fields)
			return fail(c, node_of(c, p->key),
				    "unknown key \"%s\"", key_of(c, p));
		val[i] = node_of(c, p->value);
	}
	for (i = 0; !err && i < n_fields; i++) {
		if (!val[i]) {
			if (fields[i].required)
				err = fail(c, n, "missing key \"%s\"",
					   fields[i].key);
			continue;
		}
		err = fields[i].parse(c, val[i], (char *)obj + fields[i].off);
		if (!err && fields[i].has)
			*((bool *)((char *)obj + fields[i].has - 1)) = true;
	}
	return err;
}

static void set_vec(void *dst, void *v, size_t n)
{
	struct vec vec = { v, n };

	memcpy(dst, &vec, sizeof(vec));
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int parse_named(struct ctx *c, yaml_node_t *n, const struct named *d,
		       void *dst)
{
	int err = check_mapping(c, n);
	size_t i, count;
	char *arr;

	if (err)
		return err;
	count = n_pairs(n);
	arr = calloc(count ? count : 1, d->size);
	if (!arr)
		return nomem(c);
	set_vec(dst, arr, count);	/* zeroed elements free fine */
	for (i = 0; !err && i < count; i++) {
		yaml_node_pair_t *p = &pairs_start(n)[i];
		char **name = (char **)(arr + i * d->size);

		if (!dpubgp_value_name_ok(key_of(c, p), d->name_max))
			return fail(c, node_of(c, p->key), "invalid name \"%s\"",
				    key_of(c, p));
		*name = strdup(key_of(c, p));
		if (!*name)
			return nomem(c);
		err = d->parse(c, node_of(c, p->key), node_of(c, p->value),
			       arr, i);
	}
	if (!err)
		qsort(arr, count, d->size, cmp_name);
	return err;
}

static int parse_list(struct ctx *c, yaml_node_t *n, const struct list *d,
		      void *dst)
{
	int err = expect(c, n, YAML_SEQUENCE_NODE);
	char buf[64];
	size_t i, j, count;
	char *arr;

	if (err)
		return err;
	count = (size_t)(n->data.sequence.items.top -
			 n->data.sequence.items.start);
	arr = calloc(count ? count : 1, d->size);
	if (!arr)
		return nomem(c);
	set_vec(dst, arr, count);
	for (i = 0; !err && i < count; i++) {
		yaml_node_t *item = node_of(c, n->data.sequence.items.start[i]);

		err = d->parse(c, item, arr + i * d->size);
		for (j = 0; !err && j < i; j++) {
			if (!d->same(arr + i * d->size, arr + j * d->size))
				continue;
			d->format(arr + i * d->size, buf);
			err = fail(c, item, "duplicate %s %s", d->what, buf);
		}
	}
	return err;
}

/* Values */

static int parse_asn(struct ctx *c, yaml_node_t *n, void *dst)
{
	const char *s;
	int err = scalar(c, n, &s);

	if (!err && dpubgp_value_asn(s, dst))
		return fail(c, n, "invalid AS number \"%s\"", s);
	return err;
}

/* The ASNs no speaker may be, and why. */
static const struct {
	uint32_t as;
	const char *why;
} reserved_asns[] = {
	{ 0, "RFC 7607" },
	{ 23456, "AS_TRANS, RFC 6793" },
	{ 65535, "RFC 7300" },
	{ 4294967295u, "RFC 7300" },
};

/* Why as is reserved, or NULL; the first of [as, last] that is, in *which. */
static const char *reserved_in(uint32_t as, uint32_t last, uint32_t *which)
{
	size_t i;

	for (i = 0; i < sizeof(reserved_asns) / sizeof(reserved_asns[0]); i++)
		if (reserved_asns[i].as >= as && reserved_asns[i].as <= last) {
			*which = reserved_asns[i].as;
			return reserved_asns[i].why;
		}
	return NULL;
}

/* The AS of a speaker (a node, a peer, a tenant): not a reserved one. */
static int parse_speaker_asn(struct ctx *c, yaml_node_t *n, void *dst)
{
	int err = parse_asn(c, n, dst);
	uint32_t as = *(uint32_t *)dst;
	const char *why;

	why = err ? NULL : reserved_in(as, as, &as);
	if (why)
		return fail(c, n, "AS %u is reserved (%s): no speaker has it",
			    as, why);
	return err;
}

static int parse_bool(struct ctx *c, yaml_node_t *n, void *dst)
{
	const char *s;
	int err = plain(c, n, "boolean", &s);

	if (!err && dpubgp_value_bool(s, dst))
		return fail(c, n, "invalid boolean \"%s\": true or false",
			    s);
	return err;
}

static int parse_listen_port(struct ctx *c, yaml_node_t *n, void *dst)
{
	const char *s;
	uint64_t v = 0;
	int err = plain(c, n, "port", &s);

	if (!err && (dpubgp_parse_uint(s, UINT16_MAX, &v) || !v))
		return fail(c, n, "invalid port \"%s\": 1..65535", s);
	if (!err)
		*(uint16_t *)dst = (uint16_t)v;
	return err;
}

static int parse_max_prefixes(struct ctx *c, yaml_node_t *n, void *dst)
{
	const char *s;
	uint64_t v = 0;
	int err = plain(c, n, "prefix count", &s);

	if (!err && (dpubgp_parse_uint(s, UINT32_MAX, &v) || !v))
		return fail(c, n,
			    "invalid max_prefixes \"%s\": 1..4294967295", s);
	if (!err)
		*(uint32_t *)dst = (uint32_t)v;
	return err;
}

/* 0 is no table; 253..255 are the kernel's default, main and local. */
static int parse_table(struct ctx *c, yaml_node_t *n, void *dst)
{
	const char *s;
	uint64_t v = 0;
	int err = plain(c, n, "routing table", &s);

	if (!err && (dpubgp_parse_uint(s, UINT32_MAX, &v) || !v ||
		     (v >= 253 && v <= 255)))
		return fail(c, n,
			    "invalid routing table \"%s\": 1..4294967295 but 253..255",
			    s);
	if (!err)
		*(uint32_t *)dst = (uint32_t)v;
	return err;
}

static int parse_addr_family(struct ctx *c, yaml_node_t *n,
			     struct dpubgp_addr *addr, sa_family_t family)
{
	static const char *const what[] = {
		[AF_UNSPEC] = "IP", [AF_INET] = "IPv4", [AF_INET6] = "IPv6",
	};
	struct dpubgp_addr a;
	const char *s;
	int err = scalar(c, n, &s);

	if (err)
		return err;
	if (dpubgp_value_addr(s, &a) || (family && a.family != family))
		return fail(c, n, "invalid %s address \"%s\"", what[family], s);
	*addr = a;
	return 0;
}

static int parse_addr(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_addr_family(c, n, dst, AF_UNSPEC);
}

static int parse_ipv4(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_addr_family(c, n, dst, AF_INET);
}

static int parse_ipv6(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_addr_family(c, n, dst, AF_INET6);
}

static int parse_prefix(struct ctx *c, yaml_node_t *n, void *dst)
{
	struct dpubgp_prefix p;
	const char *s;
	int err = scalar(c, n, &s);

	if (err)
		return err;
	if (dpubgp_prefix_parse(s, &p))
		return fail(c, n, "invalid prefix \"%s\"", s);
	if (dpubgp_value_prefix(s, dst))
		return fail(c, n, "invalid prefix \"%s\": host bits set", s);
	return 0;
}

/* An interface address, "addr/len": host bits are the point. */
static int parse_ifaddr(struct ctx *c, yaml_node_t *n, void *dst)
{
	const char *s;
	int err = scalar(c, n, &s);

	if (!err && (!strchr(s, '/') || dpubgp_prefix_parse(s, dst)))
		return fail(c, n, "invalid address/length \"%s\"", s);
	return err;
}

static int parse_rt(struct ctx *c, yaml_node_t *n, void *dst)
{
	const char *s;
	int err = scalar(c, n, &s);

	if (!err && dpubgp_value_rt(s, dst))
		return fail(c, n, "invalid route target \"%s\"", s);
	return err;
}

static int parse_string(struct ctx *c, yaml_node_t *n, char **dst,
			const char *what, size_t max)
{
	const char *s;
	int err = scalar(c, n, &s);

	if (err)
		return err;
	if (!dpubgp_value_name_ok(s, max))
		return fail(c, n, "invalid %s \"%s\"", what, s);
	*dst = strdup(s);
	return *dst ? 0 : nomem(c);
}

static int parse_vrf(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_string(c, n, dst, "vrf name", IFNAMSIZ - 1);
}

static int parse_profile_ref(struct ctx *c, yaml_node_t *n, void *dst)
{
	int err = parse_string(c, n, dst, "routing profile name", NAME_MAX_LEN);

	if (!err && !KNOWN(c, dpubgp_doc_profile, *(char **)dst))
		return fail(c, n, "unknown routing profile \"%s\"",
			    *(char **)dst);
	return err;
}

static int parse_vpc_ref(struct ctx *c, yaml_node_t *n, void *dst)
{
	int err = parse_string(c, n, dst, "vpc name", NAME_MAX_LEN);

	if (!err && !KNOWN(c, dpubgp_doc_vpc, *(char **)dst))
		return fail(c, n, "unknown vpc \"%s\"", *(char **)dst);
	return err;
}

/* Lists */

static bool same_addr(const void *a, const void *b)
{
	return dpubgp_addr_equal(a, b);
}

static bool same_prefix(const void *a, const void *b)
{
	return !memcmp(a, b, sizeof(struct dpubgp_prefix));
}

static bool same_rt(const void *a, const void *b)
{
	const struct dpubgp_rt *x = a, *y = b;

	return x->kind == y->kind && x->global == y->global &&
	       x->local == y->local;
}

static void format_addr(const void *elem, char *buf)
{
	dpubgp_addr_format(elem, buf);
}

static void format_prefix(const void *elem, char *buf)
{
	dpubgp_prefix_format(elem, buf, 64);
}

static void format_rt(const void *elem, char *buf)
{
	dpubgp_rt_format(elem, buf);
}

static const struct list prefix_list = {
	.size = sizeof(struct dpubgp_prefix), .what = "prefix",
	.parse = parse_prefix, .same = same_prefix, .format = format_prefix,
};

static const struct list ifaddr_list = {
	.size = sizeof(struct dpubgp_prefix), .what = "address",
	.parse = parse_ifaddr, .same = same_prefix, .format = format_prefix,
};

static const struct list addr_list = {
	.size = sizeof(struct dpubgp_addr), .what = "address",
	.parse = parse_addr, .same = same_addr, .format = format_addr,
};

static const struct list rt_list = {
	.size = sizeof(struct dpubgp_rt), .what = "route target",
	.parse = parse_rt, .same = same_rt, .format = format_rt,
};

static int parse_prefixes(struct ctx *c, yaml_node_t *n, void *dst)
{
	int err = parse_list(c, n, &prefix_list, dst);

	((struct dpubgp_prefixes *)dst)->present = true;
	return err;
}

static int parse_gateway(struct ctx *c, yaml_node_t *n, void *dst)
{
	int err = parse_list(c, n, &ifaddr_list, dst);

	((struct dpubgp_prefixes *)dst)->present = true;
	return err;
}

static int parse_addrs(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_list(c, n, &addr_list, dst);
}

static int parse_rts(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_list(c, n, &rt_list, dst);
}

#define FIELDS(c, n, table, obj) \
	parse_fields(c, n, table, sizeof(table) / sizeof(table[0]), obj)

/* Peers */

static const struct field peer_fields[] = {
	{ .key = "ip", .parse = parse_addr, .required = true,
	  .off = offsetof(struct dpubgp_conf_peer, ip) },
	{ .key = "as", .parse = parse_speaker_asn, .required = true,
	  .off = offsetof(struct dpubgp_conf_peer, as) },
};

static int parse_peer(struct ctx *c, yaml_node_t *n, void *elem)
{
	return FIELDS(c, n, peer_fields, elem);
}

static bool same_peer(const void *a, const void *b)
{
	const struct dpubgp_conf_peer *x = a, *y = b;

	return dpubgp_addr_equal(&x->ip, &y->ip);
}

static void format_peer(const void *elem, char *buf)
{
	dpubgp_addr_format(&((const struct dpubgp_conf_peer *)elem)->ip, buf);
}

static const struct list peer_list = {
	.size = sizeof(struct dpubgp_conf_peer), .what = "peer",
	.parse = parse_peer, .same = same_peer, .format = format_peer,
};

static int parse_peers(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_list(c, n, &peer_list, dst);
}

static int check_node_key(struct ctx *c, yaml_node_t *key)
{
	const char *name = (const char *)key->data.scalar.value;

	if (!KNOWN(c, dpubgp_doc_node, name))
		return fail(c, key, "unknown node \"%s\"", name);
	return 0;
}

static int parse_node_peers_elem(struct ctx *c, yaml_node_t *key,
				 yaml_node_t *val, void *arr, size_t i)
{
	struct dpubgp_conf_node_peers *e = arr;
	int err = check_node_key(c, key);

	return err ? err : parse_peers(c, val, &e[i].peers);
}

static const struct named node_peers_named = {
	.size = sizeof(struct dpubgp_conf_node_peers),
	.name_max = NAME_MAX_LEN, .parse = parse_node_peers_elem,
};

static int parse_node_peers(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_named(c, n, &node_peers_named, dst);
}

/* bgp, nodes */

static const struct field bgp_fields[] = {
	{ .key = "default_node_as", .parse = parse_speaker_asn,
	  .off = offsetof(struct dpubgp_conf_bgp, default_node_as) },
	{ .key = "node_mesh", .parse = parse_bool,
	  .off = offsetof(struct dpubgp_conf_bgp, node_mesh) },
	{ .key = "listen_port", .parse = parse_listen_port,
	  .off = offsetof(struct dpubgp_conf_bgp, listen_port) },
};

static int parse_bgp(struct ctx *c, yaml_node_t *n, void *dst)
{
	return FIELDS(c, n, bgp_fields, dst);
}

static const struct field node_fields[] = {
	{ .key = "ipv4", .parse = parse_ipv4,
	  .off = offsetof(struct dpubgp_conf_node, ipv4) },
	{ .key = "ipv6", .parse = parse_ipv6,
	  .off = offsetof(struct dpubgp_conf_node, ipv6) },
	{ .key = "as", .parse = parse_speaker_asn,
	  .off = offsetof(struct dpubgp_conf_node, as),
	  .has = HAS(struct dpubgp_conf_node, has_as) },
};

/* An address of node i that an earlier node has too, or NULL. */
static const struct dpubgp_conf_node *
shared_addr(const struct dpubgp_conf_node *nodes, size_t i,
	    const struct dpubgp_addr **addr)
{
	const struct dpubgp_addr *mine[] = { &nodes[i].ipv4, &nodes[i].ipv6 };
	size_t j, k;

	for (j = 0; j < i; j++)
		for (k = 0; k < 2; k++) {
			*addr = mine[k];
			if (mine[k]->family &&
			    (dpubgp_addr_equal(mine[k], &nodes[j].ipv4) ||
			     dpubgp_addr_equal(mine[k], &nodes[j].ipv6)))
				return &nodes[j];
		}
	return NULL;
}

static int parse_node(struct ctx *c, yaml_node_t *key, yaml_node_t *val,
		      void *arr, size_t i)
{
	struct dpubgp_conf_node *nodes = arr;
	const struct dpubgp_conf_node *other;
	const struct dpubgp_addr *addr;
	char buf[DPUBGP_ADDR_STRLEN];
	int err = FIELDS(c, val, node_fields, &nodes[i]);

	if (err)
		return err;
	if (!nodes[i].ipv4.family && !nodes[i].ipv6.family)
		return fail(c, val, "node \"%s\" has no ipv4 or ipv6 address",
			    nodes[i].name);
	other = shared_addr(nodes, i, &addr);
	if (other) {
		dpubgp_addr_format(addr, buf);
		return fail(c, val, "address %s already used by node \"%s\"",
			    buf, other->name);
	}
	(void)key;
	return 0;
}

static const struct named node_named = {
	.size = sizeof(struct dpubgp_conf_node),
	.name_max = NAME_MAX_LEN, .parse = parse_node,
};

static int parse_nodes(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_named(c, n, &node_named, dst);
}

/* tenant */

static const struct field pool_fields[] = {
	{ .key = "start", .parse = parse_asn, .required = true,
	  .off = offsetof(struct dpubgp_asn_pool, start) },
	{ .key = "end", .parse = parse_asn, .required = true,
	  .off = offsetof(struct dpubgp_asn_pool, end) },
};

static int parse_pool(struct ctx *c, yaml_node_t *n, void *dst)
{
	struct dpubgp_asn_pool *pool = dst;
	int err = FIELDS(c, n, pool_fields, pool);

	const char *why;
	uint32_t as;

	if (!err && pool->start > pool->end)
		return fail(c, n, "dpu_asn_pool starts at %u, after its end %u",
			    pool->start, pool->end);
	why = err ? NULL : reserved_in(pool->start, pool->end, &as);
	if (why)
		return fail(c, n,
			    "dpu_asn_pool %u-%u holds the reserved AS %u (%s)",
			    pool->start, pool->end, as, why);
	return err;
}

static int parse_dpu_asn(struct ctx *c, yaml_node_t *key, yaml_node_t *val,
			 void *arr, size_t i)
{
	struct dpubgp_dpu_asn *asns = arr;
	int err = parse_asn(c, val, &asns[i].as);
	size_t j;

	for (j = 0; !err && j < i; j++)
		if (asns[j].as == asns[i].as)
			return fail(c, val, "ASN %u already allocated to node \"%s\"",
				    asns[i].as, asns[j].node);
	(void)key;
	return err;
}

static const struct named dpu_asn_named = {
	.size = sizeof(struct dpubgp_dpu_asn),
	.name_max = NAME_MAX_LEN, .parse = parse_dpu_asn,
};

static int parse_dpu_asns(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_named(c, n, &dpu_asn_named, dst);
}

static const struct field tenant_fields[] = {
	{ .key = "common_tenant_host_asn", .parse = parse_speaker_asn,
	  .off = offsetof(struct dpubgp_conf_tenant, common_tenant_host_asn),
	  .has = HAS(struct dpubgp_conf_tenant, has_common_tenant_host_asn) },
	{ .key = "dpu_asn_pool", .parse = parse_pool,
	  .off = offsetof(struct dpubgp_conf_tenant, dpu_asn_pool),
	  .has = HAS(struct dpubgp_conf_tenant, has_dpu_asn_pool) },
	{ .key = "anycast_site_prefixes", .parse = parse_prefixes,
	  .off = offsetof(struct dpubgp_conf_tenant, anycast_site_prefixes) },
	{ .key = "dpu_asns", .parse = parse_dpu_asns,
	  .off = offsetof(struct dpubgp_conf_tenant, dpu_asns) },
};

/* The value of key in mapping n (already checked), or n itself. */
static yaml_node_t *value_of(struct ctx *c, yaml_node_t *n, const char *key)
{
	yaml_node_pair_t *p;

	for (p = pairs_start(n); p < pairs_top(n); p++)
		if (!strcmp(key_of(c, p), key))
			return node_of(c, p->value);
	return n;
}

/*
 * A tenant's AS from the DPUs' pool would be some DPU's own: its
 * session refused (an OPEN with our AS is 2/2), or worse, taken.
 */
static int parse_tenant(struct ctx *c, yaml_node_t *n, void *dst)
{
	struct dpubgp_conf_tenant *t = dst;
	int err = FIELDS(c, n, tenant_fields, t);

	if (!err && t->has_common_tenant_host_asn && t->has_dpu_asn_pool &&
	    t->common_tenant_host_asn >= t->dpu_asn_pool.start &&
	    t->common_tenant_host_asn <= t->dpu_asn_pool.end)
		return fail(c, value_of(c, n, "common_tenant_host_asn"),
			    "common_tenant_host_asn %u is inside dpu_asn_pool %u-%u: a DPU's AS",
			    t->common_tenant_host_asn, t->dpu_asn_pool.start,
			    t->dpu_asn_pool.end);
	return err;
}

/* fnn */

static const struct field profile_fields[] = {
	{ .key = "allowed_anycast_prefixes", .parse = parse_prefixes,
	  .off = offsetof(struct dpubgp_conf_profile,
			  allowed_anycast_prefixes) },
	{ .key = "tenant_leak_communities_accepted", .parse = parse_bool,
	  .off = offsetof(struct dpubgp_conf_profile,
			  tenant_leak_communities_accepted) },
	{ .key = "max_prefixes", .parse = parse_max_prefixes,
	  .off = offsetof(struct dpubgp_conf_profile, max_prefixes) },
	{ .key = "route_target_imports", .parse = parse_rts,
	  .off = offsetof(struct dpubgp_conf_profile, route_target_imports) },
	{ .key = "route_targets_on_exports", .parse = parse_rts,
	  .off = offsetof(struct dpubgp_conf_profile,
			  route_targets_on_exports) },
};

static int parse_profile(struct ctx *c, yaml_node_t *key, yaml_node_t *val,
			 void *arr, size_t i)
{
	struct dpubgp_conf_profile *p = &((struct dpubgp_conf_profile *)arr)[i];

	(void)key;
	p->max_prefixes = DPUBGP_DEFAULT_MAX_PREFIXES;
	return FIELDS(c, val, profile_fields, p);
}

static const struct named profile_named = {
	.size = sizeof(struct dpubgp_conf_profile),
	.name_max = NAME_MAX_LEN, .parse = parse_profile,
};

static int parse_profiles(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_named(c, n, &profile_named, dst);
}

static const struct field fnn_fields[] = {
	{ .key = "routing_profiles", .parse = parse_profiles },
};

static int parse_fnn(struct ctx *c, yaml_node_t *n, void *dst)
{
	return FIELDS(c, n, fnn_fields, dst);
}

/* vpcs */

static const struct field vpc_fields[] = {
	{ .key = "vrf", .parse = parse_vrf, .required = true,
	  .off = offsetof(struct dpubgp_conf_vpc, vrf) },
	{ .key = "table", .parse = parse_table, .required = true,
	  .off = offsetof(struct dpubgp_conf_vpc, table) },
	{ .key = "routing_profile", .parse = parse_profile_ref,
	  .off = offsetof(struct dpubgp_conf_vpc, routing_profile) },
};

static int parse_vpc(struct ctx *c, yaml_node_t *key, yaml_node_t *val,
		     void *arr, size_t i)
{
	struct dpubgp_conf_vpc *vpcs = arr;
	int err = FIELDS(c, val, vpc_fields, &vpcs[i]);
	size_t j;

	for (j = 0; !err && j < i; j++) {
		if (!strcmp(vpcs[i].vrf, vpcs[j].vrf))
			return fail(c, val, "vrf \"%s\" already used by vpc \"%s\"",
				    vpcs[i].vrf, vpcs[j].name);
		if (vpcs[i].table == vpcs[j].table)
			return fail(c, val, "table %u already used by vpc \"%s\"",
				    vpcs[i].table, vpcs[j].name);
	}
	(void)key;
	return err;
}

static const struct named vpc_named = {
	.size = sizeof(struct dpubgp_conf_vpc),
	.name_max = NAME_MAX_LEN, .parse = parse_vpc,
};

static int parse_vpcs(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_named(c, n, &vpc_named, dst);
}

/* ports */

static const struct field port_fields[] = {
	{ .key = "vpc", .parse = parse_vpc_ref, .required = true,
	  .off = offsetof(struct dpubgp_conf_port, vpc) },
	{ .key = "host", .parse = parse_addrs,
	  .off = offsetof(struct dpubgp_conf_port, host) },
	{ .key = "gateway", .parse = parse_gateway,
	  .off = offsetof(struct dpubgp_conf_port, gateway) },
	{ .key = "allowed_anycast_prefixes", .parse = parse_prefixes,
	  .off = offsetof(struct dpubgp_conf_port, allowed_anycast_prefixes) },
	{ .key = "src_filter", .parse = parse_bool,
	  .off = offsetof(struct dpubgp_conf_port, src_filter),
	  .has = HAS(struct dpubgp_conf_port, has_src_filter) },
};

/*
 * Each host inside a gateway prefix of its family, and none of them a
 * gateway: the tenant's address must be on the port's link, and its
 * own. A host without a gateway of its family is left to the daemon
 * (a warning: no session for it).
 */
static int check_hosts(struct ctx *c, yaml_node_t *n,
		       const struct dpubgp_conf_port *port)
{
	const struct dpubgp_prefixes *gws = &port->gateway;
	yaml_node_t *hosts = value_of(c, n, "host");
	char buf[DPUBGP_ADDR_STRLEN], gw[DPUBGP_PREFIX_STRLEN];
	struct dpubgp_prefix h;
	size_t i, j, of_family;
	bool inside;

	for (i = 0; i < port->host.n; i++) {
		dpubgp_addr_format(&port->host.v[i], buf);
		h.family = port->host.v[i].family;
		h.len = (uint8_t)dpubgp_prefix_maxlen(h.family);
		memcpy(h.addr, port->host.v[i].addr, sizeof(h.addr));
		inside = false;
		for (j = 0, of_family = 0; j < gws->n; j++) {
			if (gws->v[j].family != h.family)
				continue;
			of_family++;
			if (!memcmp(gws->v[j].addr, h.addr,
				    dpubgp_prefix_addrlen(h.family)))
				return fail(c, node_of(c, hosts->data.sequence.items.start[i]),
					    "host %s is the port's gateway", buf);
			inside |= dpubgp_prefix_inside(&h, &gws->v[j]);
		}
		for (j = 0; of_family && !inside && j < gws->n; j++)
			if (gws->v[j].family == h.family)
				break;
		if (of_family && !inside) {
			dpubgp_prefix_format(&gws->v[j], gw, sizeof(gw));
			return fail(c, node_of(c, hosts->data.sequence.items.start[i]),
				    "host %s is outside the port's gateway %s%s",
				    buf, gw, of_family > 1 ? " and the others of its family" : "");
		}
	}
	return 0;
}

/*
 * The list a port's allowed prefixes narrow (dpubgp_port_allowed()),
 * its VPC and profile found in the part being parsed or, for apply, in
 * the document it goes onto.
 */
static const struct dpubgp_prefixes *port_bound(const struct ctx *c,
						const struct dpubgp_conf_port *port)
{
	const struct dpubgp_conf_vpc *vpc = dpubgp_doc_vpc(c->doc, port->vpc);
	const struct dpubgp_conf_profile *profile = NULL;
	const struct dpubgp_doc *in = c->doc;

	if (!vpc && c->base) {
		in = c->base;
		vpc = dpubgp_doc_vpc(in, port->vpc);
	}
	if (vpc && vpc->routing_profile) {
		profile = dpubgp_doc_profile(c->doc, vpc->routing_profile);
		if (!profile && c->base)
			profile = dpubgp_doc_profile(c->base,
						     vpc->routing_profile);
	}
	if (profile && profile->allowed_anycast_prefixes.present)
		return &profile->allowed_anycast_prefixes;
	if (!c->doc->tenant.anycast_site_prefixes.n && c->base)
		in = c->base;
	return &in->tenant.anycast_site_prefixes;
}

/*
 * A port's list where every entry lies outside the list it narrows
 * would accept nothing at all: surely a mistake (an empty list says
 * so on purpose).
 */
static int check_narrowing(struct ctx *c, yaml_node_t *n,
			   const struct dpubgp_conf_port *port)
{
	const struct dpubgp_prefixes *list = &port->allowed_anycast_prefixes;
	const struct dpubgp_prefixes *bound = port_bound(c, port);
	size_t i, j;

	for (i = 0; i < list->n; i++)
		for (j = 0; j < bound->n; j++)
			if (dpubgp_prefix_inside(&list->v[i], &bound->v[j]))
				return 0;
	if (!list->n)
		return 0;
	return fail(c, value_of(c, n, "allowed_anycast_prefixes"),
		    "every allowed_anycast_prefixes entry lies outside vpc %s's allowed prefixes: the port accepts nothing",
		    port->vpc);
}

static int parse_port(struct ctx *c, yaml_node_t *key, yaml_node_t *val,
		      void *arr, size_t i)
{
	struct dpubgp_conf_port *port = &((struct dpubgp_conf_port *)arr)[i];
	int err = FIELDS(c, val, port_fields, port);

	(void)key;
	if (!err)
		err = check_hosts(c, val, port);
	if (!err)
		err = check_narrowing(c, val, port);
	return err;
}

static const struct named port_named = {
	.size = sizeof(struct dpubgp_conf_port),
	.name_max = IFNAMSIZ - 1, .parse = parse_port,
};

static int parse_node_ports(struct ctx *c, yaml_node_t *key, yaml_node_t *val,
			    void *arr, size_t i)
{
	struct dpubgp_conf_node_ports *e = arr;
	int err = check_node_key(c, key);

	return err ? err : parse_named(c, val, &port_named, &e[i].ports);
}

static const struct named node_ports_named = {
	.size = sizeof(struct dpubgp_conf_node_ports),
	.name_max = NAME_MAX_LEN, .parse = parse_node_ports,
};

static int parse_ports(struct ctx *c, yaml_node_t *n, void *dst)
{
	return parse_named(c, n, &node_ports_named, dst);
}

/* The document: sections in dependency order. */
static const struct field doc_fields[] = {
	{ .key = "bgp", .parse = parse_bgp,
	  .off = offsetof(struct dpubgp_doc, bgp),
	  .has = HAS(struct dpubgp_doc, has_bgp) },
	{ .key = "nodes", .parse = parse_nodes,
	  .off = offsetof(struct dpubgp_doc, nodes) },
	{ .key = "peers", .parse = parse_peers,
	  .off = offsetof(struct dpubgp_doc, peers) },
	{ .key = "node_peers", .parse = parse_node_peers,
	  .off = offsetof(struct dpubgp_doc, node_peers) },
	{ .key = "tenant", .parse = parse_tenant,
	  .off = offsetof(struct dpubgp_doc, tenant),
	  .has = HAS(struct dpubgp_doc, has_tenant) },
	{ .key = "fnn", .parse = parse_fnn,
	  .off = offsetof(struct dpubgp_doc, profiles) },
	{ .key = "vpcs", .parse = parse_vpcs,
	  .off = offsetof(struct dpubgp_doc, vpcs) },
	{ .key = "ports", .parse = parse_ports,
	  .off = offsetof(struct dpubgp_doc, ports) },
};

static int syntax_error(struct ctx *c, const yaml_parser_t *p)
{
	snprintf(c->err, c->errlen, "%s:%zu:%zu: %s", c->file,
		 p->problem_mark.line + 1, p->problem_mark.column + 1,
		 p->problem ? p->problem : "invalid YAML");
	return p->error == YAML_MEMORY_ERROR ? -ENOMEM : -EINVAL;
}

static int parse_root(struct ctx *c, yaml_node_t *root)
{
	size_t count = (size_t)(c->y->nodes.top - c->y->nodes.start);
	int err;

	if (!root || (root->type == YAML_SCALAR_NODE &&
		      root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		      !root->data.scalar.length))
		return 0;	/* an empty document: all defaults */
	c->seen = calloc(count, 1);
	if (!c->seen)
		return nomem(c);
	err = FIELDS(c, root, doc_fields, c->doc);
	free(c->seen);
	return err;
}

/* A second document in the stream is an error, not ignored. */
static int check_single(struct ctx *c, yaml_parser_t *p)
{
	yaml_document_t next;
	yaml_node_t *root;
	int err = 0;

	if (!yaml_parser_load(p, &next))
		return syntax_error(c, p);
	root = yaml_document_get_root_node(&next);
	if (root)
		err = fail(c, root, "more than one document");
	yaml_document_delete(&next);
	return err;
}

int dpubgp_doc_parse(const char *file, const void *buf, size_t len,
		     struct dpubgp_doc *doc, char *err, size_t errlen)
{
	return dpubgp_doc_parse_onto(file, buf, len, NULL, doc, err, errlen);
}

int dpubgp_doc_parse_onto(const char *file, const void *buf, size_t len,
			  const struct dpubgp_doc *base,
			  struct dpubgp_doc *doc, char *err, size_t errlen)
{
	struct ctx c = { .file = file, .err = err, .errlen = errlen,
			 .doc = doc, .base = base };
	yaml_document_t y;
	yaml_parser_t p;
	int ret;

	*doc = (struct dpubgp_doc){ .bgp = {
		.default_node_as = DPUBGP_DEFAULT_NODE_AS, .node_mesh = true,
		.listen_port = DPUBGP_DEFAULT_LISTEN_PORT } };
	if (errlen)
		err[0] = '\0';
	if (!yaml_parser_initialize(&p))
		return nomem(&c);
	yaml_parser_set_input_string(&p, buf, len);
	if (!yaml_parser_load(&p, &y)) {
		ret = syntax_error(&c, &p);
		yaml_parser_delete(&p);
		return ret;
	}
	c.y = &y;
	ret = parse_root(&c, yaml_document_get_root_node(&y));
	if (!ret && yaml_document_get_root_node(&y))
		ret = check_single(&c, &p);
	yaml_document_delete(&y);
	yaml_parser_delete(&p);
	if (ret)
		dpubgp_doc_free(doc);
	return ret;
}
