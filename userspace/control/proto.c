// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket's objects in JSON, both ways: the daemon writes
 * them, dpubgpctl reads them. One table per structure names its
 * members, so that the two directions cannot drift apart.
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "control/proto.h"

enum field_kind {
	F_STR,
	F_OSTR,			/* left out when "" */
	F_INT,
	F_U32,
	F_OU32,			/* struct dpubgp_opt_u32, left out when unset */
	F_U64,
	F_TIME,
	F_BOOL,
	F_OBOOL,		/* left out when false */
	F_OTIME,		/* left out when 0 */
	F_STRUCT,		/* a structure, an object */
	F_FLAGS,		/* uint32_t bits, as an array of their names */
	F_ASPATH,		/* struct dpubgp_as_segment array */
	F_COMMUNITIES,		/* uint32_t array, as "AS:value" strings */
	F_OSTRS,		/* dpubgp_community_str array, left out when empty */
	F_OBJECTS,		/* array of structures, each an object */
	F_OOBJECTS,		/* the same, left out when empty */
};

struct field {
	const char *name;
	enum field_kind kind;
	size_t off;
	size_t aux;		/* a string's buffer size; an array's count */
	/* F_OBJECTS, F_OOBJECTS, F_STRUCT: the structure's fields */
	const struct field *sub;
	size_t size;			/* F_OBJECTS: the structure's size */
	const char *const *names;	/* F_FLAGS: bit i's name */
	size_t n_names;
};

const char *const dpubgp_cap_names[DPUBGP_CAPS] = {
	"ipv4-unicast", "ipv6-unicast", "route-refresh", "4-octet-as",
	"graceful-restart",
};

#define FIELD(_name, _kind, _off, _aux) \
	{ .name = _name, .kind = _kind, .off = _off, .aux = _aux }
#define STR(s, m)	FIELD(#m, F_STR, offsetof(s, m), sizeof(((s *)0)->m))
#define OSTR(s, m)	FIELD(#m, F_OSTR, offsetof(s, m), sizeof(((s *)0)->m))
#define NUM(s, m, k)	FIELD(#m, k, offsetof(s, m), 0)
#define ARRAY(s, m, n, k) FIELD(#m, k, offsetof(s, m), offsetof(s, n))
#define OBJECTS(s, m, n, f) \
	{ .name = #m, .kind = F_OBJECTS, .off = offsetof(s, m), \
	  .aux = offsetof(s, n), .sub = f, .size = sizeof(*((s *)0)->m) }
#define STRUCT(s, m, f) \
	{ .name = #m, .kind = F_STRUCT, .off = offsetof(s, m), .sub = f }
#define FLAGS(s, m, t) \
	{ .name = #m, .kind = F_FLAGS, .off = offsetof(s, m), .names = t, \
	  .n_names = sizeof(t) / sizeof(t[0]) }
#define OOBJECTS(s, m, n, f) \
	{ .name = #m, .kind = F_OOBJECTS, .off = offsetof(s, m), \
	  .aux = offsetof(s, n), .sub = f, .size = sizeof(*((s *)0)->m) }

static const struct field count_fields[] = {
	NUM(struct dpubgp_msg_counts, open, F_U64),
	NUM(struct dpubgp_msg_counts, update, F_U64),
	NUM(struct dpubgp_msg_counts, notification, F_U64),
	NUM(struct dpubgp_msg_counts, keepalive, F_U64),
	NUM(struct dpubgp_msg_counts, route_refresh, F_U64),
	{ 0 }
};

static const struct field drop_fields[] = {
	NUM(struct dpubgp_drop_counts, not_allowed, F_U64),
	NUM(struct dpubgp_drop_counts, as_loop, F_U64),
	NUM(struct dpubgp_drop_counts, untrusted, F_U64),
	NUM(struct dpubgp_drop_counts, max_prefixes, F_U64),
	NUM(struct dpubgp_drop_counts, not_negotiated, F_U64),
	NUM(struct dpubgp_drop_counts, out_of_memory, F_U64),
	{ 0 }
};

static const struct field peer_fields[] = {
	STR(struct dpubgp_peer_status, address),
	NUM(struct dpubgp_peer_status, family, F_INT),
	STR(struct dpubgp_peer_status, type),
	STR(struct dpubgp_peer_status, interface),
	STR(struct dpubgp_peer_status, proto),
	STR(struct dpubgp_peer_status, fsm),
	STR(struct dpubgp_peer_status, error),
	NUM(struct dpubgp_peer_status, since, F_TIME),
	OSTR(struct dpubgp_peer_status, vpc),
	STR(struct dpubgp_peer_status, last_error),
	NUM(struct dpubgp_peer_status, last_error_at, F_TIME),
	NUM(struct dpubgp_peer_status, local_as, F_U32),
	NUM(struct dpubgp_peer_status, peer_as, F_U32),
	NUM(struct dpubgp_peer_status, open_as, F_U32),
	STR(struct dpubgp_peer_status, remote_id),
	NUM(struct dpubgp_peer_status, hold_time, F_U32),
	NUM(struct dpubgp_peer_status, keepalive_time, F_U32),
	NUM(struct dpubgp_peer_status, hold_time_configured, F_U32),
	NUM(struct dpubgp_peer_status, restart_time, F_U32),
	FLAGS(struct dpubgp_peer_status, caps_advertised, dpubgp_cap_names),
	FLAGS(struct dpubgp_peer_status, caps_received, dpubgp_cap_names),
	NUM(struct dpubgp_peer_status, uptime_ms, F_U64),
	NUM(struct dpubgp_peer_status, established, F_U64),
	NUM(struct dpubgp_peer_status, max_prefixes_reached, F_U64),
	NUM(struct dpubgp_peer_status, prefixes_in, F_U64),
	NUM(struct dpubgp_peer_status, withdrawals_in, F_U64),
	NUM(struct dpubgp_peer_status, prefixes_received, F_U64),
	NUM(struct dpubgp_peer_status, prefixes_accepted, F_U64),
	NUM(struct dpubgp_peer_status, prefixes_advertised, F_U64),
	NUM(struct dpubgp_peer_status, prefixes_dropped, F_U64),
	STRUCT(struct dpubgp_peer_status, prefixes_dropped_by, drop_fields),
	NUM(struct dpubgp_peer_status, routes_in, F_U64),
	NUM(struct dpubgp_peer_status, routes_out, F_U64),
	STRUCT(struct dpubgp_peer_status, msgs_in, count_fields),
	STRUCT(struct dpubgp_peer_status, msgs_out, count_fields),
	OSTR(struct dpubgp_peer_status, graceful_restart),
	{ 0 }
};

static const struct field http_fields[] = {
	FIELD("200", F_U64, offsetof(struct dpubgp_http_counts, s200), 0),
	FIELD("400", F_U64, offsetof(struct dpubgp_http_counts, s400), 0),
	FIELD("404", F_U64, offsetof(struct dpubgp_http_counts, s404), 0),
	FIELD("405", F_U64, offsetof(struct dpubgp_http_counts, s405), 0),
	FIELD("413", F_U64, offsetof(struct dpubgp_http_counts, s413), 0),
	FIELD("414", F_U64, offsetof(struct dpubgp_http_counts, s414), 0),
	FIELD("431", F_U64, offsetof(struct dpubgp_http_counts, s431), 0),
	FIELD("500", F_U64, offsetof(struct dpubgp_http_counts, s500), 0),
	NUM(struct dpubgp_http_counts, other, F_U64),
	{ 0 }
};

static const struct field meta_fields[] = {
	STR(struct dpubgp_meta_status, interface),
	NUM(struct dpubgp_meta_status, listening, F_BOOL),
	NUM(struct dpubgp_meta_status, connections, F_U64),
	NUM(struct dpubgp_meta_status, refused, F_U64),
	NUM(struct dpubgp_meta_status, cut, F_U64),
	NUM(struct dpubgp_meta_status, requests, F_U64),
	STRUCT(struct dpubgp_meta_status, responses, http_fields),
	{ 0 }
};

static const struct field status_fields[] = {
	STR(struct dpubgp_status, node),
	STR(struct dpubgp_status, router_id),
	NUM(struct dpubgp_status, as, F_U32),
	NUM(struct dpubgp_status, as_inherited, F_BOOL),
	NUM(struct dpubgp_status, dpu_as, F_U32),
	FIELD("ipv4", F_STR, offsetof(struct dpubgp_status, ipv4.address),
	      sizeof(((struct dpubgp_status *)0)->ipv4.address)),
	FIELD("ipv6", F_STR, offsetof(struct dpubgp_status, ipv6.address),
	      sizeof(((struct dpubgp_status *)0)->ipv6.address)),
	NUM(struct dpubgp_status, routes_ipv4, F_U64),
	NUM(struct dpubgp_status, routes_ipv6, F_U64),
	OBJECTS(struct dpubgp_status, peers, n_peers, peer_fields),
	OOBJECTS(struct dpubgp_status, metadata, n_metadata, meta_fields),
	{ 0 }
};

static const struct field path_fields[] = {
	STR(struct dpubgp_rib_path, from),
	OSTR(struct dpubgp_rib_path, interface),
	NUM(struct dpubgp_rib_path, best, F_BOOL),
	STR(struct dpubgp_rib_path, origin),
	ARRAY(struct dpubgp_rib_path, as_path, n_as_path, F_ASPATH),
	OSTR(struct dpubgp_rib_path, next_hop),
	NUM(struct dpubgp_rib_path, med, F_OU32),
	NUM(struct dpubgp_rib_path, local_pref, F_OU32),
	ARRAY(struct dpubgp_rib_path, communities, n_communities,
	      F_COMMUNITIES),
	ARRAY(struct dpubgp_rib_path, ext_communities, n_ext_communities,
	      F_OSTRS),
	ARRAY(struct dpubgp_rib_path, large_communities, n_large_communities,
	      F_OSTRS),
	OSTR(struct dpubgp_rib_path, leak),
	NUM(struct dpubgp_rib_path, stale, F_OBOOL),
	OSTR(struct dpubgp_rib_path, dropped),
	NUM(struct dpubgp_rib_path, dropped_at, F_OTIME),
	{ 0 }
};

static const struct field route_fields[] = {
	STR(struct dpubgp_rib_route, prefix),
	NUM(struct dpubgp_rib_route, table, F_U32),
	OSTR(struct dpubgp_rib_route, vpc),
	OBJECTS(struct dpubgp_rib_route, paths, n_paths, path_fields),
	{ 0 }
};

static json_t *to_json(const struct field *fields, const void *base);

static json_t *objects_to_json(const struct field *f, const char *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++) {
		if (json_array_append_new(a, to_json(f->sub, v + i * f->size))) {
			json_decref(a);
			return NULL;
		}
	}
	return a;
}

static size_t count_at(const struct field *f, const void *base)
{
	return *(const size_t *)((const char *)base + f->aux);
}

static json_t *aspath_to_json(const struct dpubgp_as_segment *segs, size_t n)
{
	json_t *path = json_array(), *set;
	size_t i, j;

	for (i = 0; path && i < n; i++) {
		set = segs[i].set ? json_array() : path;
		for (j = 0; set && j < segs[i].n; j++)
			json_array_append_new(set, json_integer(segs[i].as[j]));
		if (segs[i].set && json_array_append_new(path, set)) {
			json_decref(path);
			return NULL;
		}
	}
	return path;
}

static json_t *communities_to_json(const uint32_t *c, size_t n)
{
	json_t *a = json_array();
	char buf[12];
	size_t i;

	for (i = 0; a && i < n; i++) {
		snprintf(buf, sizeof(buf), "%u:%u", c[i] >> 16, c[i] & 0xffff);
		json_array_append_new(a, json_string(buf));
	}
	return a;
}

static json_t *strs_to_json(const dpubgp_community_str *v, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *flags_to_json(const struct field *f, uint32_t bits)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; a && i < f->n_names; i++)
		if (bits & (1u << i))
			json_array_append_new(a, json_string(f->names[i]));
	return a;
}

/* Whether an optional member is there to be written. */
static bool field_present(const struct field *f, const void *base)
{
	const char *p = (const char *)base + f->off;

	if (f->kind == F_OSTR)
		return *p;
	if (f->kind == F_OU32)
		return ((const struct dpubgp_opt_u32 *)p)->set;
	if (f->kind == F_OBOOL)
		return *(const bool *)p;
	if (f->kind == F_OTIME)
		return *(const time_t *)p;
	if (f->kind == F_OSTRS || f->kind == F_OOBJECTS)
		return count_at(f, base);
	return true;
}

static json_t *field_to_json(const struct field *f, const void *base)
{
	const char *p = (const char *)base + f->off;

	switch (f->kind) {
	case F_STR:
	case F_OSTR:
		return json_string(p);
	case F_OU32:
		return json_integer(((const struct dpubgp_opt_u32 *)p)->value);
	case F_ASPATH:
		return aspath_to_json(*(struct dpubgp_as_segment *const *)p,
				      count_at(f, base));
	case F_COMMUNITIES:
		return communities_to_json(*(uint32_t *const *)p,
					   count_at(f, base));
	case F_OBJECTS:
	case F_OOBJECTS:
		return objects_to_json(f, *(const char *const *)p,
				       count_at(f, base));
	case F_INT:
		return json_integer(*(const int *)p);
	case F_U32:
		return json_integer(*(const uint32_t *)p);
	case F_U64:
		return json_integer((json_int_t)*(const uint64_t *)p);
	case F_TIME:
	case F_OTIME:
		return json_integer(*(const time_t *)p);
	case F_BOOL:
	case F_OBOOL:
		return json_boolean(*(const bool *)p);
	case F_STRUCT:
		return to_json(f->sub, p);
	case F_FLAGS:
		return flags_to_json(f, *(const uint32_t *)p);
	case F_OSTRS:
		return strs_to_json(*(const dpubgp_community_str *const *)p,
				    count_at(f, base));
	}
	return NULL;
}

static json_t *to_json(const struct field *fields, const void *base)
{
	json_t *obj = json_object();

	for (; obj && fields->name; fields++) {
		if (!field_present(fields, base))
			continue;
		if (json_object_set_new(obj, fields->name,
					field_to_json(fields, base))) {
			json_decref(obj);
			return NULL;
		}
	}
	return obj;
}

json_t *dpubgp_status_to_json(const struct dpubgp_status *st)
{
	return to_json(status_fields, st);
}

static int from_json(const struct field *fields, const json_t *obj,
		     void *base);

/* Whether v is a JSON number from 0 to max. */
static bool in_range(const json_t *v, json_int_t max)
{
	return json_is_integer(v) && json_integer_value(v) >= 0 &&
	       json_integer_value(v) <= max;
}

static int aspath_from_json(const json_t *v, struct dpubgp_as_segment **segs,
			    size_t *n)
{
	struct dpubgp_as_segment *seg;
	const json_t *e, *set;
	size_t i, j, k;

	if (!json_is_array(v))
		return -EINVAL;
	/* A run of numbers is one sequence; each array, a set. */
	*segs = calloc(json_array_size(v) + 1, sizeof(**segs));
	if (!*segs)
		return -ENOMEM;
	for (i = 0; i < json_array_size(v); i = j) {
		e = json_array_get(v, i);
		set = json_is_array(e) ? e : NULL;
		for (j = i; !set && j < json_array_size(v) &&
		     json_is_integer(json_array_get(v, j)); j++)
			;
		if (set)
			j = i + 1;
		else if (j == i)
			return -EINVAL;
		seg = &(*segs)[(*n)++];
		seg->set = set != NULL;
		seg->as = calloc((set ? json_array_size(set) : j - i) + 1,
				 sizeof(*seg->as));
		if (!seg->as)
			return -ENOMEM;
		for (k = 0; k < (set ? json_array_size(set) : j - i); k++) {
			e = set ? json_array_get(set, k) :
			    json_array_get(v, i + k);
			if (!in_range(e, UINT32_MAX))
				return -EINVAL;
			seg->as[seg->n++] = (uint32_t)json_integer_value(e);
		}
	}
	return 0;
}

static int communities_from_json(const json_t *v, uint32_t **c, size_t *n)
{
	unsigned int hi, lo;
	const json_t *e;
	size_t i;

	if (!json_is_array(v))
		return -EINVAL;
	*c = calloc(json_array_size(v) + 1, sizeof(**c));
	if (!*c)
		return -ENOMEM;
	json_array_foreach(v, i, e) {
		if (!json_is_string(e) ||
		    sscanf(json_string_value(e), "%u:%u", &hi, &lo) != 2 ||
		    hi > 0xffff || lo > 0xffff)
			return -EINVAL;
		(*c)[(*n)++] = hi << 16 | lo;
	}
	return 0;
}

static int strs_from_json(const json_t *v, dpubgp_community_str **a,
			  size_t *n)
{
	const json_t *e;
	size_t i;

	if (!json_is_array(v))
		return -EINVAL;
	*a = calloc(json_array_size(v) + 1, sizeof(**a));
	if (!*a)
		return -ENOMEM;
	json_array_foreach(v, i, e) {
		if (!json_is_string(e) ||
		    json_string_length(e) >= sizeof(**a))
			return -EINVAL;
		memcpy((*a)[(*n)++], json_string_value(e),
		       json_string_length(e) + 1);
	}
	return 0;
}

/* Names of f->names; an unknown one is one a newer daemon sent: left out. */
static int flags_from_json(const struct field *f, const json_t *v,
			   uint32_t *bits)
{
	const json_t *e;
	size_t i, j;

	if (!json_is_array(v))
		return -EINVAL;
	json_array_foreach(v, i, e) {
		if (!json_is_string(e))
			return -EINVAL;
		for (j = 0; j < f->n_names; j++)
			if (!strcmp(json_string_value(e), f->names[j]))
				*bits |= 1u << j;
	}
	return 0;
}

/* Counted as each begins, so that what it allocated is freed. */
static int objects_from_json(const struct field *f, const json_t *v, char **a,
			     size_t *n)
{
	size_t i;
	int err;

	if (!json_is_array(v))
		return -EINVAL;
	*a = calloc(json_array_size(v) + 1, f->size);
	if (!*a)
		return -ENOMEM;
	for (i = 0; i < json_array_size(v); i++) {
		(*n)++;
		err = from_json(f->sub, json_array_get(v, i), *a + i * f->size);
		if (err)
			return err;
	}
	return 0;
}

/* The largest value a number of kind holds (json_int_t's, 64 bits, at most). */
static json_int_t max_of(enum field_kind kind)
{
	if (kind == F_INT)
		return INT_MAX;
	if (kind == F_U32 || kind == F_OU32)
		return UINT32_MAX;
	return LLONG_MAX;
}

static int field_from_json(const struct field *f, const json_t *v, void *base)
{
	char *p = (char *)base + f->off;
	size_t *n = (size_t *)((char *)base + f->aux);

	if (!v && (f->kind == F_OSTR || f->kind == F_OU32 ||
		   f->kind == F_OBOOL || f->kind == F_OTIME ||
		   f->kind == F_OSTRS || f->kind == F_OOBJECTS))
		return 0;		/* left out: "", unset, false, 0, [] */
	if (f->kind == F_OSTRS)
		return strs_from_json(v, (dpubgp_community_str **)p, n);
	if (f->kind == F_FLAGS)
		return flags_from_json(f, v, (uint32_t *)p);
	if (f->kind == F_ASPATH)
		return aspath_from_json(v, (struct dpubgp_as_segment **)p, n);
	if (f->kind == F_COMMUNITIES)
		return communities_from_json(v, (uint32_t **)p, n);
	if (f->kind == F_OBJECTS || f->kind == F_OOBJECTS)
		return objects_from_json(f, v, (char **)p, n);
	if (f->kind == F_STR || f->kind == F_OSTR) {
		if (!json_is_string(v) || json_string_length(v) >= f->aux)
			return -EINVAL;
		memcpy(p, json_string_value(v), json_string_length(v) + 1);
		return 0;
	}
	if (f->kind == F_BOOL || f->kind == F_OBOOL) {
		if (!json_is_boolean(v))
			return -EINVAL;
		*(bool *)p = json_is_true(v);
		return 0;
	}
	if (f->kind == F_STRUCT)
		return from_json(f->sub, v, p);
	if (!in_range(v, max_of(f->kind)))
		return -EINVAL;
	if (f->kind == F_OU32)
		*(struct dpubgp_opt_u32 *)p = (struct dpubgp_opt_u32){
			.set = true, .value = (uint32_t)json_integer_value(v) };
	else if (f->kind == F_INT)
		*(int *)p = (int)json_integer_value(v);
	else if (f->kind == F_U32)
		*(uint32_t *)p = (uint32_t)json_integer_value(v);
	else if (f->kind == F_U64)
		*(uint64_t *)p = (uint64_t)json_integer_value(v);
	else
		*(time_t *)p = (time_t)json_integer_value(v);
	return 0;
}

static int from_json(const struct field *fields, const json_t *obj,
		     void *base)
{
	int err;

	if (!json_is_object(obj))
		return -EINVAL;
	for (; fields->name; fields++) {
		err = field_from_json(fields, json_object_get(obj, fields->name),
				      base);
		if (err)
			return err;
	}
	return 0;
}

int dpubgp_status_from_json(const json_t *obj, struct dpubgp_status *st)
{
	int err;

	memset(st, 0, sizeof(*st));
	err = from_json(status_fields, obj, st);
	if (err)
		dpubgp_status_free(st);
	return err;
}

void dpubgp_status_free(struct dpubgp_status *st)
{
	free(st->peers);
	st->peers = NULL;
	st->n_peers = 0;
	free(st->metadata);
	st->metadata = NULL;
	st->n_metadata = 0;
}

int dpubgp_rib_route_alloc(struct dpubgp_rib_route *r, size_t n)
{
	r->paths = calloc(n + 1, sizeof(*r->paths));
	return r->paths ? 0 : -ENOMEM;
}

json_t *dpubgp_rib_route_to_json(const struct dpubgp_rib_route *r)
{
	return to_json(route_fields, r);
}

int dpubgp_rib_route_from_json(const json_t *obj, struct dpubgp_rib_route *r)
{
	int err;

	memset(r, 0, sizeof(*r));
	err = from_json(route_fields, obj, r);
	if (err)
		dpubgp_rib_route_free(r);
	return err;
}

void dpubgp_rib_route_free(struct dpubgp_rib_route *r)
{
	struct dpubgp_rib_path *p;
	size_t i, j;

	for (i = 0; i < r->n_paths; i++) {
		p = &r->paths[i];
		for (j = 0; p->as_path && j < p->n_as_path; j++)
			free(p->as_path[j].as);
		free(p->as_path);
		free(p->communities);
		free(p->ext_communities);
		free(p->large_communities);
	}
	free(r->paths);
	r->paths = NULL;
	r->n_paths = 0;
}
