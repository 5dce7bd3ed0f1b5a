// SPDX-License-Identifier: GPL-2.0
/*
 * The document in etcd's keys (design.md §8): one key per object, its
 * value the object's JSON, the same tree as dpubgpctl's -o json prints.
 *
 * Both ways go through the document's own code, so that etcd holds
 * nothing the file could not: a write splits the emitter's canonical
 * document (as JSON) into keys, and a read puts the keys' values back
 * together as YAML text, one value per line, and hands it to the
 * document parser. Its validation and its sentences are then the file
 * backend's, and the line of an error says which key is at fault.
 */
#define _GNU_SOURCE	/* asprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "config/json.h"
#include "datastore/etcd.h"
#include "datastore/internal.h"

/* Where each key's value goes in the document: doc[section][sub]... */
static const struct layout {
	const char *key;		/* the key's first component */
	const char *section, *sub;
	unsigned int names;		/* components after the first: 0..2 */
	bool list;			/* the last is the "ip" of a list entry */
} layout[] = {
	{ .key = "bgp", .section = "bgp" },
	{ .key = "nodes", .section = "nodes", .names = 1 },
	{ .key = "peers", .section = "peers", .names = 1, .list = true },
	{ .key = "node_peers", .section = "node_peers", .names = 2,
	  .list = true },
	{ .key = "tenant", .section = "tenant" },
	{ .key = "dpu_asns", .section = "tenant", .sub = "dpu_asns",
	  .names = 1 },
	{ .key = "routing_profiles", .section = "fnn",
	  .sub = "routing_profiles", .names = 1 },
	{ .key = "vpcs", .section = "vpcs", .names = 1 },
	{ .key = "ports", .section = "ports", .names = 2 },
};

#define N_LAYOUT (sizeof(layout) / sizeof(layout[0]))

void etcd_snapshot_free(struct etcd_snapshot *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->kv[i].key);
		json_decref(s->kv[i].value);
	}
	free(s->kv);
	memset(s, 0, sizeof(*s));
}

/* A key's components after the first, as (pointer, length). */
struct names {
	const char *p[2];
	size_t len[2];
};

/* The layout of key, its names in *nm: NULL for a key not of the layout. */
static const struct layout *classify(const char *key, struct names *nm)
{
	const char *slash = strchr(key, '/'), *p;
	size_t first = slash ? (size_t)(slash - key) : strlen(key);
	const struct layout *l;
	unsigned int i;

	for (l = layout; l < layout + N_LAYOUT; l++)
		if (strlen(l->key) == first && !strncmp(key, l->key, first))
			break;
	if (l == layout + N_LAYOUT)
		return NULL;
	p = slash;
	for (i = 0; i < l->names; i++) {
		if (!p)
			return NULL;
		nm->p[i] = ++p;
		p = strchr(p, '/');
		nm->len[i] = p ? (size_t)(p - nm->p[i]) : strlen(nm->p[i]);
		if (!nm->len[i])
			return NULL;
	}
	return p ? NULL : l;
}

/* The YAML text of the snapshot, and the key each of its lines comes from. */
struct text {
	FILE *out;
	char *buf;
	size_t len;
	const char **line_key;	/* [line - 1] */
	size_t lines;
	int err;		/* -ENOMEM, or -EINVAL with the message set */
	char *msg;
	size_t msglen;
};

__attribute__((format(printf, 4, 5)))
static void put(struct text *t, const char *key, unsigned int indent,
		const char *fmt, ...)
{
	const char **grown;
	va_list ap;

	if (t->err)
		return;
	grown = realloc(t->line_key, (t->lines + 1) * sizeof(*grown));
	if (!grown) {
		t->err = -ENOMEM;
		return;
	}
	t->line_key = grown;
	t->line_key[t->lines++] = key;
	fprintf(t->out, "%*s", (int)indent, "");
	va_start(ap, fmt);
	vfprintf(t->out, fmt, ap);
	va_end(ap);
	fputc('\n', t->out);
}

__attribute__((format(printf, 3, 4)))
static void refuse(struct text *t, const char *key, const char *fmt, ...)
{
	size_t len;
	va_list ap;

	if (t->err)
		return;
	t->err = -EINVAL;
	len = (size_t)snprintf(t->msg, t->msglen, "%s%s: ", ETCD_PREFIX, key);
	if (len >= t->msglen)
		return;
	va_start(ap, fmt);
	vsnprintf(t->msg + len, t->msglen - len, fmt, ap);
	va_end(ap);
}

/*
 * v as JSON on one line, which YAML's flow style reads as the same tree
 * (", " and ": " between members; no "\/"), malloc()ed; NULL: no memory.
 */
static char *flow(const json_t *v)
{
	return json_dumps(v, JSON_ENCODE_ANY | JSON_ENSURE_ASCII);
}

/* The name of len bytes at p, as a JSON string: a YAML key. */
static char *quoted(const char *p, size_t len)
{
	json_t *s = json_stringn(p, len);
	char *out = s ? flow(s) : NULL;

	json_decref(s);
	return out;
}

/*
 * "NAME: VALUE" (the name of len bytes at p), "- VALUE" (p NULL), or
 * "NAME:" (v NULL), a mapping's header.
 */
static void put_value(struct text *t, const char *key, unsigned int indent,
		      const char *p, size_t len, const json_t *v)
{
	char *name = p ? quoted(p, len) : NULL;
	char *value = v ? flow(v) : strdup("");

	if (!value || (p && !name))
		t->err = t->err ? t->err : -ENOMEM;
	else if (p)
		put(t, key, indent, "%s:%s%s", name, v ? " " : "", value);
	else
		put(t, key, indent, "- %s", value);
	free(name);
	free(value);
}

/* A list entry's key names its "ip": the two must agree. */
static bool ip_is(const json_t *v, const char *p, size_t len)
{
	const char *ip = json_string_value(json_object_get(v, "ip"));

	return ip && strlen(ip) == len && !strncmp(ip, p, len);
}

/* State of the text between keys, to write each header line once. */
struct headers {
	bool section, sub;
	const char *node;	/* the first name of the last key */
	size_t node_len;
};

static void put_kv(struct text *t, const struct layout *l,
		   const struct names *nm, const struct etcd_kv *kv,
		   struct headers *h)
{
	unsigned int indent = l->sub ? 4 : 2;
	const struct layout *of;
	const char *member;
	json_t *v;

	if (!h->section)
		put(t, kv->key, 0, "%s:", l->section);
	if (l->sub && !h->sub)
		put(t, kv->key, 2, "%s:", l->sub);
	h->section = h->sub = true;
	if (!l->names) {
		if (!json_is_object(kv->value))
			refuse(t, kv->key, "not a JSON object");
		for (of = layout; of < layout + N_LAYOUT; of++)
			if (of->sub && !strcmp(of->section, l->section) &&
			    json_object_get(kv->value, of->sub))
				refuse(t, kv->key, "\"%s\" has keys of its own: %s%s/",
				       of->sub, ETCD_PREFIX, of->key);
		json_object_foreach(kv->value, member, v)
			put_value(t, kv->key, indent, member, strlen(member), v);
		return;
	}
	if (l->names == 2) {
		if (!h->node || h->node_len != nm->len[0] ||
		    strncmp(h->node, nm->p[0], nm->len[0]))
			put_value(t, kv->key, indent, nm->p[0], nm->len[0],
				  NULL);
		h->node = nm->p[0];
		h->node_len = nm->len[0];
		indent += 2;
	}
	if (!l->list) {
		put_value(t, kv->key, indent, nm->p[l->names - 1],
			  nm->len[l->names - 1], kv->value);
		return;
	}
	if (!ip_is(kv->value, nm->p[l->names - 1], nm->len[l->names - 1]))
		refuse(t, kv->key, "not an object whose \"ip\" is the key's address");
	put_value(t, kv->key, indent, NULL, 0, kv->value);
}

/* The snapshot as YAML text, section by section: 0, or t->err. */
static int write_text(struct text *t, const struct etcd_snapshot *s)
{
	struct headers h = { 0 };
	const struct layout *l, *of;
	struct names nm;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->kv[i].key, ETCD_SERIAL) &&
		    !classify(s->kv[i].key, &nm))
			refuse(t, s->kv[i].key,
			       "not a key of dpubgp's layout (design.md §8)");
	for (l = layout; l < layout + N_LAYOUT; l++) {
		if (l == layout || strcmp(l[-1].section, l->section))
			h.section = false;
		h.sub = false;
		h.node = NULL;
		for (i = 0; i < s->n; i++) {
			of = classify(s->kv[i].key, &nm);
			if (of == l)
				put_kv(t, l, &nm, &s->kv[i], &h);
		}
	}
	return t->err;
}

int etcd_layout_parse(const struct etcd_snapshot *s, struct dpubgp_doc *doc,
		      char *err, size_t errlen)
{
	struct text t = { .msg = err, .msglen = errlen };
	char reason[512];
	size_t line;
	int ret, at;

	memset(doc, 0, sizeof(*doc));
	t.out = open_memstream(&t.buf, &t.len);
	if (!t.out)
		return -ENOMEM;
	ret = write_text(&t, s);
	if (fclose(t.out) && !ret)
		ret = -ENOMEM;
	if (!ret)
		ret = dpubgp_doc_parse("", t.buf, t.len, doc, reason,
				       sizeof(reason));
	/* ":LINE:COL: reason": the line's key is the one at fault. */
	if (ret == -EINVAL && t.err != -EINVAL) {
		at = 0;
		if (sscanf(reason, ":%zu:%*u: %n", &line, &at) == 1 && at &&
		    line >= 1 && line <= t.lines)
			snprintf(err, errlen, "%s%s: %s", ETCD_PREFIX,
				 t.line_key[line - 1], reason + at);
		else
			snprintf(err, errlen, "%s: %s", ETCD_PREFIX, reason);
	}
	if (ret == -ENOMEM)
		snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
	free(t.buf);
	free(t.line_key);
	return ret;
}

/* v as the key PREFIX/NAME of out: 0 or -ENOMEM. */
static int add_key(json_t *out, const char *prefix, const char *name,
		   json_t *v)
{
	char *key;
	int ret;

	if (!name || asprintf(&key, "%s/%s", prefix, name) < 0)
		return -ENOMEM;
	ret = json_object_set_nocheck(out, key, v) ? -ENOMEM : 0;
	free(key);
	return ret;
}

/* Each entry of container as a key PREFIX/NAME of out: 0 or -ENOMEM. */
static int add_names(json_t *out, const struct layout *l, const char *prefix,
		     json_t *container)
{
	const char *name;
	json_t *v;
	size_t i;

	if (l->list) {
		json_array_foreach(container, i, v)
			if (add_key(out, prefix, json_string_value(
					json_object_get(v, "ip")), v))
				return -ENOMEM;
		return 0;
	}
	json_object_foreach(container, name, v)
		if (add_key(out, prefix, name, v))
			return -ENOMEM;
	return 0;
}

/* The tree's objects of layout l, into out: 0 or -ENOMEM. */
static int split(json_t *out, json_t *tree, const struct layout *l)
{
	json_t *c = json_object_get(tree, l->section), *whole, *sub;
	const struct layout *m;
	const char *node;
	char *prefix;
	int ret = 0;

	if (l->sub)
		c = json_object_get(c, l->sub);
	if (!c)
		return 0;
	switch (l->names) {
	case 0:
		/* Less what other keys hold (tenant's dpu_asns). */
		whole = json_copy(c);
		for (m = layout; whole && m < layout + N_LAYOUT; m++)
			if (m->sub && !strcmp(m->section, l->section))
				json_object_del(whole, m->sub);
		if (!whole || (json_object_size(whole) &&
			       json_object_set(out, l->key, whole)))
			ret = -ENOMEM;
		json_decref(whole);
		return ret;
	case 1:
		return add_names(out, l, l->key, c);
	default:
		json_object_foreach(c, node, sub) {
			if (asprintf(&prefix, "%s/%s", l->key, node) < 0)
				return -ENOMEM;
			ret = add_names(out, l, prefix, sub);
			free(prefix);
			if (ret)
				return ret;
		}
		return 0;
	}
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const struct etcd_kv *)a)->key,
		      ((const struct etcd_kv *)b)->key);
}

/*
 * Whether keys read back as the document whose canonical text is want:
 * what the layout had no key for would otherwise be lost without a word.
 */
static bool reads_back(json_t *keys, const char *want, size_t want_len)
{
	struct etcd_snapshot s = { 0 };
	struct dpubgp_doc doc;
	bool same = false;
	const char *key;
	char err[8], *text;
	size_t len;
	json_t *v;

	s.kv = calloc(json_object_size(keys) + 1, sizeof(*s.kv));
	if (!s.kv)
		return false;
	json_object_foreach(keys, key, v) {
		s.kv[s.n].key = (char *)key;
		s.kv[s.n++].value = v;
	}
	qsort(s.kv, s.n, sizeof(*s.kv), by_key);
	if (!etcd_layout_parse(&s, &doc, err, sizeof(err))) {
		if (!dpubgp_ds_canonical(&doc, &text, &len)) {
			same = len == want_len && !memcmp(text, want, len);
			free(text);
		}
		dpubgp_doc_free(&doc);
	}
	free(s.kv);	/* its keys and values are keys' */
	return same;
}

int etcd_layout_keys(const struct dpubgp_doc *doc, json_t **keys)
{
	const struct layout *l;
	json_t *tree = NULL;
	char *text = NULL;
	size_t len;
	int ret = dpubgp_ds_canonical(doc, &text, &len);

	*keys = NULL;
	if (!ret)
		tree = dpubgp_yaml_to_json(text, len);
	if (tree)
		*keys = json_object();
	for (l = layout; *keys && l < layout + N_LAYOUT; l++)
		if (split(*keys, tree, l)) {
			json_decref(*keys);
			*keys = NULL;
		}
	ret = !*keys ? -ENOMEM : reads_back(*keys, text, len) ? 0 : -EIO;
	if (ret == -EIO) {
		json_decref(*keys);
		*keys = NULL;
	}
	json_decref(tree);
	free(text);
	return ret;
}
