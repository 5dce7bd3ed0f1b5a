// SPDX-License-Identifier: GPL-2.0
/*
 * The control socket's status object in JSON, both ways: the daemon
 * writes it, dpubgpctl reads it. One table per structure names its
 * members, so that the two directions cannot drift apart.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "control/proto.h"

enum field_kind { F_STR, F_INT, F_U32, F_U64, F_TIME, F_BOOL, F_COUNTS };

struct field {
	const char *name;
	enum field_kind kind;
	size_t off;
	size_t size;			/* of F_STR's buffer */
};

#define STR(s, m)	{ #m, F_STR, offsetof(s, m), sizeof(((s *)0)->m) }
#define NUM(s, m, k)	{ #m, k, offsetof(s, m), 0 }

static const struct field status_fields[] = {
	STR(struct dpubgp_status, node),
	STR(struct dpubgp_status, router_id),
	NUM(struct dpubgp_status, as, F_U32),
	NUM(struct dpubgp_status, as_inherited, F_BOOL),
	NUM(struct dpubgp_status, dpu_as, F_U32),
	{ "ipv4", F_STR, offsetof(struct dpubgp_status, ipv4.address),
	  sizeof(((struct dpubgp_status *)0)->ipv4.address) },
	{ "ipv6", F_STR, offsetof(struct dpubgp_status, ipv6.address),
	  sizeof(((struct dpubgp_status *)0)->ipv6.address) },
	NUM(struct dpubgp_status, routes_ipv4, F_U64),
	NUM(struct dpubgp_status, routes_ipv6, F_U64),
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
	NUM(struct dpubgp_peer_status, local_as, F_U32),
	NUM(struct dpubgp_peer_status, peer_as, F_U32),
	NUM(struct dpubgp_peer_status, uptime_ms, F_U64),
	NUM(struct dpubgp_peer_status, established, F_U64),
	NUM(struct dpubgp_peer_status, prefixes_in, F_U64),
	NUM(struct dpubgp_peer_status, withdrawals_in, F_U64),
	NUM(struct dpubgp_peer_status, prefixes_received, F_U64),
	NUM(struct dpubgp_peer_status, prefixes_accepted, F_U64),
	NUM(struct dpubgp_peer_status, prefixes_advertised, F_U64),
	NUM(struct dpubgp_peer_status, prefixes_dropped, F_U64),
	NUM(struct dpubgp_peer_status, routes_in, F_U64),
	NUM(struct dpubgp_peer_status, routes_out, F_U64),
	NUM(struct dpubgp_peer_status, msgs_in, F_COUNTS),
	NUM(struct dpubgp_peer_status, msgs_out, F_COUNTS),
	{ 0 }
};

static const struct field count_fields[] = {
	NUM(struct dpubgp_msg_counts, open, F_U64),
	NUM(struct dpubgp_msg_counts, update, F_U64),
	NUM(struct dpubgp_msg_counts, notification, F_U64),
	NUM(struct dpubgp_msg_counts, keepalive, F_U64),
	NUM(struct dpubgp_msg_counts, route_refresh, F_U64),
	{ 0 }
};

static json_t *to_json(const struct field *fields, const void *base);

static json_t *field_to_json(const struct field *f, const void *base)
{
	const char *p = (const char *)base + f->off;

	switch (f->kind) {
	case F_STR:
		return json_string(p);
	case F_INT:
		return json_integer(*(const int *)p);
	case F_U32:
		return json_integer(*(const uint32_t *)p);
	case F_U64:
		return json_integer((json_int_t)*(const uint64_t *)p);
	case F_TIME:
		return json_integer(*(const time_t *)p);
	case F_BOOL:
		return json_boolean(*(const bool *)p);
	case F_COUNTS:
		return to_json(count_fields, p);
	}
	return NULL;
}

static json_t *to_json(const struct field *fields, const void *base)
{
	json_t *obj = json_object();

	for (; obj && fields->name; fields++) {
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
	json_t *obj = to_json(status_fields, st);
	json_t *peers = json_array();
	size_t i;

	if (obj && peers && !json_object_set(obj, "peers", peers)) {
		for (i = 0; i < st->n_peers; i++) {
			if (json_array_append_new(peers,
				to_json(peer_fields, &st->peers[i])))
				break;
		}
		if (i == st->n_peers) {
			json_decref(peers);
			return obj;
		}
	}
	json_decref(peers);
	json_decref(obj);
	return NULL;
}

static int from_json(const struct field *fields, const json_t *obj,
		     void *base);

static int field_from_json(const struct field *f, const json_t *v, void *base)
{
	char *p = (char *)base + f->off;

	if (f->kind == F_STR) {
		if (!json_is_string(v) || json_string_length(v) >= f->size)
			return -EINVAL;
		memcpy(p, json_string_value(v), json_string_length(v) + 1);
		return 0;
	}
	if (f->kind == F_BOOL) {
		if (!json_is_boolean(v))
			return -EINVAL;
		*(bool *)p = json_is_true(v);
		return 0;
	}
	if (f->kind == F_COUNTS)
		return from_json(count_fields, v, p);
	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -EINVAL;
	if (f->kind == F_INT)
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
	const json_t *peers = json_object_get(obj, "peers");
	size_t i;
	int err;

	memset(st, 0, sizeof(*st));
	err = from_json(status_fields, obj, st);
	if (err)
		return err;
	if (!json_is_array(peers))
		return -EINVAL;
	st->peers = calloc(json_array_size(peers) + 1, sizeof(*st->peers));
	if (!st->peers)
		return -ENOMEM;
	for (i = 0; i < json_array_size(peers); i++) {
		err = from_json(peer_fields, json_array_get(peers, i),
				&st->peers[i]);
		if (err) {
			dpubgp_status_free(st);
			return err;
		}
		st->n_peers++;
	}
	return 0;
}

void dpubgp_status_free(struct dpubgp_status *st)
{
	free(st->peers);
	st->peers = NULL;
	st->n_peers = 0;
}
