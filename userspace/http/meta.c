// SPDX-License-Identifier: GPL-2.0
/*
 * The metadata service's answers (meta.h).
 */
#define _GNU_SOURCE		/* vasprintf */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "http/meta.h"

#define TEXT	"text/plain"
#define JSON	"application/json"

/* The body of r: printf-style, or -ENOMEM. */
static int reply(struct meta_reply *r, unsigned int status, const char *type,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int reply(struct meta_reply *r, unsigned int status, const char *type,
		 const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&r->body, fmt, ap);
	va_end(ap);
	if (n < 0) {
		r->body = NULL;
		return -ENOMEM;
	}
	r->status = status;
	r->type = type;
	r->len = (size_t)n;
	return 0;
}

static int not_found(struct meta_reply *r)
{
	return reply(r, 404, TEXT, "not found");
}

static int unavailable(struct meta_reply *r)
{
	return reply(r, 500, TEXT, "%s", META_UNAVAILABLE);
}

static int addr_reply(struct meta_reply *r, const struct bgp_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (!a->family)
		return not_found(r);
	return reply(r, 200, TEXT, "%s", bgp_addr_format(a, buf, sizeof(buf)));
}

/* The allowed prefixes, one per line, no newline after the last. */
static int prefixes_reply(struct meta_reply *r, const struct meta_info *mi)
{
	char buf[DPUBGP_PREFIX_STRLEN];
	size_t size = 0, i;
	FILE *f = open_memstream(&r->body, &size);

	if (!f)
		return -ENOMEM;
	for (i = 0; i < mi->n_allowed; i++) {
		if (dpubgp_prefix_format(&mi->allowed[i], buf, sizeof(buf)))
			continue;
		fprintf(f, "%s%s", i ? "\n" : "", buf);
	}
	if (fclose(f)) {
		free(r->body);
		r->body = NULL;
		return -ENOMEM;
	}
	r->status = 200;
	r->type = TEXT;
	r->len = size;
	return 0;
}

/* The entries of /latest/meta-data/bgp/ the port has. */
static int bgp_dir(struct meta_reply *r, const struct meta_info *mi)
{
	return reply(r, 200, TEXT, "allowed-prefixes\nleak-communities%s%s%s",
		     mi->peer_ipv4.family ? "\npeer-ipv4" : "",
		     mi->peer_ipv6.family ? "\npeer-ipv6" : "",
		     mi->has_tenant_asn ? "\ntenant-asn" : "");
}

static int json_set_addr(json_t *o, const char *key, const struct bgp_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (!a->family)
		return 0;
	return json_object_set_new(o, key,
				   json_string(bgp_addr_format(a, buf,
							       sizeof(buf))));
}

static json_t *info_json(const struct meta_info *mi)
{
	json_t *o = json_object(), *allowed = json_array(),
	       *leaks = json_array();
	char buf[DPUBGP_PREFIX_STRLEN];
	size_t i;
	int err;

	err = !o || !allowed || !leaks;
	for (i = 0; !err && i < mi->n_allowed; i++)
		if (!dpubgp_prefix_format(&mi->allowed[i], buf, sizeof(buf)))
			err = json_array_append_new(allowed, json_string(buf));
	if (!err && mi->leak_communities)
		err = json_array_append_new(leaks, json_string("65100:1")) ||
		      json_array_append_new(leaks, json_string("65100:2"));
	if (!err)
		err = json_object_set_new(o, "asn", json_integer(mi->asn)) ||
		      json_set_addr(o, "peer_ipv4", &mi->peer_ipv4) ||
		      json_set_addr(o, "peer_ipv6", &mi->peer_ipv6) ||
		      (mi->has_tenant_asn &&
		       json_object_set_new(o, "tenant_asn",
					   json_integer(mi->tenant_asn))) ||
		      json_object_set(o, "allowed_prefixes", allowed) ||
		      json_object_set(o, "leak_communities", leaks);
	json_decref(allowed);
	json_decref(leaks);
	if (err) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static int json_reply(struct meta_reply *r, const struct meta_info *mi)
{
	json_t *o;

	if (!mi->asn)
		return unavailable(r);
	o = info_json(mi);
	r->body = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) :
		  NULL;
	json_decref(o);
	if (!r->body)
		return -ENOMEM;
	r->status = 200;
	r->type = JSON;
	r->len = strlen(r->body);
	return 0;
}

/*
 * path without its prefix "/latest/meta-data/" (NULL when it lacks it),
 * "" for the directory itself: "/latest/meta-data" names it too.
 */
static const char *meta_path(const char *path)
{
	static const char prefix[] = "/latest/meta-data";

	if (strncmp(path, prefix, sizeof(prefix) - 1))
		return NULL;
	path += sizeof(prefix) - 1;
	if (!*path)
		return path;
	return *path == '/' ? path + 1 : NULL;
}

int meta_answer(const struct meta_info *mi, const char *path,
		struct meta_reply *r)
{
	const char *p = meta_path(path);

	memset(r, 0, sizeof(*r));
	if (!strcmp(path, "/"))
		return reply(r, 200, TEXT, "latest");
	if (!strcmp(path, "/latest") || !strcmp(path, "/latest/"))
		return reply(r, 200, TEXT, "meta-data");
	if (!p)
		return not_found(r);
	if (!*p)
		return reply(r, 200, TEXT, "asn\nbgp/\nbgp.json");
	if (!strcmp(p, "asn"))
		return mi->asn ? reply(r, 200, TEXT, "%u", mi->asn) :
		       unavailable(r);
	if (!strcmp(p, "bgp.json"))
		return json_reply(r, mi);
	if (!strcmp(p, "bgp") || !strcmp(p, "bgp/"))
		return bgp_dir(r, mi);
	if (!strcmp(p, "bgp/peer-ipv4"))
		return addr_reply(r, &mi->peer_ipv4);
	if (!strcmp(p, "bgp/peer-ipv6"))
		return addr_reply(r, &mi->peer_ipv6);
	if (!strcmp(p, "bgp/tenant-asn"))
		return mi->has_tenant_asn ?
		       reply(r, 200, TEXT, "%u", mi->tenant_asn) :
		       not_found(r);
	if (!strcmp(p, "bgp/allowed-prefixes"))
		return prefixes_reply(r, mi);
	if (!strcmp(p, "bgp/leak-communities"))
		return reply(r, 200, TEXT, "%s",
			     mi->leak_communities ? META_LEAK_COMMUNITIES : "");
	return not_found(r);
}
