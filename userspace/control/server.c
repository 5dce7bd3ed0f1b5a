// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpd's control socket (server.h): clients served through the loop,
 * their answers queued and written as they take them (below, struct
 * control_client). What the answers say comes from the session layer,
 * the RIB and the daemon's control_source, through their read APIs.
 */
#define _GNU_SOURCE	/* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/array.h"
#include "base/log.h"
#include "base/prefix.h"
#include "codec/aspath.h"
#include "control/server.h"
#include "rib/glue.h"

/* BIRD's words before the last error, by where it came from. */
static const char *const error_labels[] = {
	[BGP_ERRK_NONE] = "",
	[BGP_ERRK_SOCKET] = "Socket: ",
	[BGP_ERRK_LOCAL] = "BGP Error: ",
	[BGP_ERRK_RECEIVED] = "",	/* "NOTIFICATION received: ..." */
	[BGP_ERRK_ADMIN] = "",
};

static void count_msgs(struct dpubgp_msg_counts *c, const uint64_t *by_type)
{
	c->open = by_type[BGP_OPEN];
	c->update = by_type[BGP_UPDATE];
	c->notification = by_type[BGP_NOTIFICATION];
	c->keepalive = by_type[BGP_KEEPALIVE];
	c->route_refresh = by_type[BGP_ROUTE_REFRESH];
}

/* The capabilities of an OPEN as DPUBGP_CAP_* bits. */
static uint32_t caps_of(uint8_t families, bool route_refresh, bool as4,
			bool gr)
{
	return (families & (1u << BGP_AID_IPV4) ? DPUBGP_CAP_IPV4_UNICAST : 0) |
	       (families & (1u << BGP_AID_IPV6) ? DPUBGP_CAP_IPV6_UNICAST : 0) |
	       (route_refresh ? DPUBGP_CAP_ROUTE_REFRESH : 0) |
	       (as4 ? DPUBGP_CAP_AS4 : 0) |
	       (gr ? DPUBGP_CAP_GRACEFUL_RESTART : 0);
}

static void peer_status(const struct bgp_peer *p, struct dpubgp_peer_status *s)
{
	struct in_addr id = { .s_addr = htonl(p->neg.remote_id) };
	bool up = p->state == BGP_ST_ESTABLISHED;

	bgp_addr_format(&p->conf.peer_addr, s->address, sizeof(s->address));
	s->family = p->conf.peer_addr.family == AF_INET ? 4 : 6;
	snprintf(s->type, sizeof(s->type), "%s", bgp_peer_type_name(p->conf.type));
	snprintf(s->interface, sizeof(s->interface), "%s", p->conf.dev);
	/* Held idle after its maximum prefixes, it is to start again. */
	snprintf(s->proto, sizeof(s->proto), "%s",
		 !p->started && !bgp_peer_idle_held(p) ? "down" :
		 up ? "up" : "start");
	snprintf(s->fsm, sizeof(s->fsm), "%s", bgp_state_name(p->state));
	if (p->last_error[0])
		snprintf(s->last_error, sizeof(s->last_error), "%s%s",
			 error_labels[p->last_error_kind], p->last_error);
	s->last_error_at = p->last_error[0] ? p->last_error_wall : 0;
	/* Info shows the error that keeps it from being up. */
	if (!up)
		memcpy(s->error, s->last_error, sizeof(s->error));
	s->since = p->state_since_wall;
	s->local_as = p->conf.local_as;
	/* A tenant of any AS: the one its last OPEN had. */
	s->peer_as = p->conf.peer_as ? p->conf.peer_as : p->neg.remote_as;
	s->open_as = p->open_as;
	if (p->neg.remote_id)
		inet_ntop(AF_INET, &id, s->remote_id, sizeof(s->remote_id));
	s->hold_time = up ? p->neg.hold_time : 0;
	s->keepalive_time = up ? p->neg.keepalive : 0;
	s->hold_time_configured = p->conf.hold_time;
	s->restart_time = p->neg.remote_gr ? p->neg.gr.time : 0;
	s->caps_advertised = caps_of(p->conf.families, true, true,
				     p->conf.restart_time);
	/* What its last OPEN offered, once one was taken. */
	if (p->neg.remote_id)
		s->caps_received = caps_of(p->neg.remote_families,
					   p->neg.route_refresh,
					   p->neg.remote_as4,
					   p->neg.remote_gr);
	s->uptime_ms = bgp_peer_uptime(p);
	s->established = p->stats.established;
	s->max_prefixes_reached = p->stats.max_prefixes;
	s->prefixes_in = p->stats.prefixes_in;
	s->withdrawals_in = p->stats.withdrawals_in;
	count_msgs(&s->msgs_in, p->stats.msgs_in);
	count_msgs(&s->msgs_out, p->stats.msgs_out);
}

static void rib_peer_status(const struct control_source *src,
			    const struct bgp_peer *p, const uint64_t *in,
			    struct dpubgp_peer_status *s)
{
	const struct rib_peer *rp = rib_bgpd_peer(p);
	struct dpubgp_drop_counts *by = &s->prefixes_dropped_by;
	const uint64_t *dropped;
	const char *vpc;
	int i;

	if (!rp)
		return;
	dropped = rp->stats.dropped;
	s->prefixes_received = rp->stats.received;
	s->prefixes_accepted = rp->stats.accepted;
	s->prefixes_advertised = rp->stats.updates_out;
	by->not_allowed = dropped[RIB_DROP_NOT_ALLOWED];
	by->as_loop = dropped[RIB_DROP_AS_LOOP];
	by->untrusted = dropped[RIB_DROP_UNTRUSTED];
	by->max_prefixes = dropped[RIB_DROP_MAX_PREFIXES];
	by->not_negotiated = dropped[RIB_DROP_NOT_NEGOTIATED];
	by->out_of_memory = dropped[RIB_DROP_NO_MEMORY];
	for (i = RIB_DROP_NONE + 1; i < RIB_DROP_REASONS; i++)
		s->prefixes_dropped += dropped[i];
	s->routes_in = in ? in[rp->idx] : 0;
	s->routes_out = rib_peer_routes_out(rp);
	vpc = rp->conf.table ? src->vpc(src->arg, rp->conf.table) : NULL;
	snprintf(s->vpc, sizeof(s->vpc), "%s", vpc ? vpc : "");
	if (rp->stale)
		snprintf(s->graceful_restart, sizeof(s->graceful_restart),
			 "%s", rp->up ? "eor-wait" : "restarting");
}

/* Mesh, global, node specific; IPv4 first; by address, then port within. */
static int peer_cmp(const void *a, const void *b)
{
	const struct bgp_peer *pa = *(const struct bgp_peer *const *)a;
	const struct bgp_peer *pb = *(const struct bgp_peer *const *)b;
	const struct bgp_addr *x = &pa->conf.peer_addr, *y = &pb->conf.peer_addr;

	if (pa->conf.type != pb->conf.type)
		return pa->conf.type < pb->conf.type ? -1 : 1;
	int c;

	if (x->family != y->family)
		return x->family == AF_INET ? -1 : 1;
	c = memcmp(x->family == AF_INET ? (const void *)&x->v4 : &x->v6,
		   y->family == AF_INET ? (const void *)&y->v4 : &y->v6,
		   x->family == AF_INET ? 4 : 16);
	return c ? c : strcmp(pa->conf.dev, pb->conf.dev);
}

int control_status(const struct control_source *src, struct dpubgp_status *st)
{
	struct bgp_peer *p, **sorted;
	uint64_t *in = rib_routes_by_peer(src->rib);
	size_t n = 0, i;
	int ret = -ENOMEM;

	memset(st, 0, sizeof(*st));
	for (p = src->bgp->peers; p; p = p->next)
		n++;
	sorted = calloc(n + 1, sizeof(*sorted));
	st->peers = calloc(n + 1, sizeof(*st->peers));
	if (sorted && st->peers) {
		for (p = src->bgp->peers, i = 0; p; p = p->next)
			sorted[i++] = p;
		qsort(sorted, n, sizeof(*sorted), peer_cmp);
		src->node(src->arg, st);
		st->routes_ipv4 = rib_count(src->rib, 0, BGP_AID_IPV4);
		st->routes_ipv6 = rib_count(src->rib, 0, BGP_AID_IPV6);
		for (i = 0; i < n; i++) {
			peer_status(sorted[i], &st->peers[i]);
			rib_peer_status(src, sorted[i], in, &st->peers[i]);
		}
		st->n_peers = n;
		ret = 0;
	}
	free(sorted);
	free(in);
	if (ret)
		dpubgp_status_free(st);
	return ret;
}

static json_t *status_json(const struct control_source *src)
{
	struct dpubgp_status st;
	json_t *obj;

	if (control_status(src, &st))
		return NULL;
	obj = dpubgp_status_to_json(&st);
	dpubgp_status_free(&st);
	return obj;
}

/* A path's AS_PATH as segments: 0 or -ENOMEM. */
static int path_aspath(const struct bgp_attrs *a, struct dpubgp_rib_path *out)
{
	struct bgp_aspath_iter it = bgp_aspath_iter(a->aspath, a->aspath_len);
	struct dpubgp_as_segment *seg;
	struct bgp_aspath_seg s;
	unsigned int i;

	out->as_path = calloc(a->aspath_len / 2 + 1, sizeof(*out->as_path));
	if (!out->as_path)
		return -ENOMEM;
	while (bgp_aspath_next(&it, &s)) {
		seg = &out->as_path[out->n_as_path++];
		seg->set = s.type == BGP_AS_SET;
		seg->as = calloc(s.count + 1u, sizeof(*seg->as));
		if (!seg->as)
			return -ENOMEM;
		for (i = 0; i < s.count; i++)
			seg->as[seg->n++] = bgp_aspath_seg_as(&s, i);
	}
	return 0;
}

/*
 * An extended community (RFC 4360) as FRR writes it: "RT:ASN:NN",
 * "SoO:a.b.c.d:NN", ...; one of another kind as its 8 bytes in hex.
 */
static void ext_community_format(uint64_t c, char *buf, size_t size)
{
	uint8_t type = (uint8_t)(c >> 56) & 0xbf;	/* transitive or not */
	uint8_t subtype = (uint8_t)(c >> 48);
	const char *kind = subtype == 2 ? "RT" : subtype == 3 ? "SoO" : NULL;
	struct in_addr ip = { .s_addr = htonl((uint32_t)(c >> 16)) };
	char addr[INET_ADDRSTRLEN];

	if (kind && type == 0)
		snprintf(buf, size, "%s:%u:%u", kind,
			 (unsigned int)(c >> 32) & 0xffff, (uint32_t)c);
	else if (kind && type == 1)
		snprintf(buf, size, "%s:%s:%u", kind,
			 inet_ntop(AF_INET, &ip, addr, sizeof(addr)),
			 (unsigned int)c & 0xffff);
	else if (kind && type == 2)
		snprintf(buf, size, "%s:%u:%u", kind, (uint32_t)(c >> 16),
			 (unsigned int)c & 0xffff);
	else
		snprintf(buf, size, "0x%016llx", (unsigned long long)c);
}

/* The communities of a as the rib answer lists them: 0 or -ENOMEM. */
static int path_communities(const struct bgp_attrs *a,
			    struct dpubgp_rib_path *out)
{
	size_t i;

	out->communities = calloc(a->n_communities + 1u,
				  sizeof(*out->communities));
	out->ext_communities = calloc(a->n_ext_communities + 1u,
				      sizeof(*out->ext_communities));
	out->large_communities = calloc(a->n_large_communities + 1u,
					sizeof(*out->large_communities));
	if (!out->communities || !out->ext_communities ||
	    !out->large_communities)
		return -ENOMEM;
	for (i = 0; i < a->n_communities; i++)
		out->communities[out->n_communities++] = a->communities[i];
	for (i = 0; i < a->n_ext_communities; i++)
		ext_community_format(a->ext_communities[i],
				     out->ext_communities[out->n_ext_communities++],
				     sizeof(*out->ext_communities));
	for (i = 0; i < a->n_large_communities; i++)
		snprintf(out->large_communities[out->n_large_communities++],
			 sizeof(*out->large_communities), "%u:%u:%u",
			 a->large_communities[i].global,
			 a->large_communities[i].local1,
			 a->large_communities[i].local2);
	return 0;
}

/* What a path from peer from (NULL: local) came with: 0 or -ENOMEM. */
static int path_attrs(const struct rib_peer *from, const struct bgp_attrs *a,
		      struct dpubgp_rib_path *out)
{
	static const char *const origins[] = { "igp", "egp", "incomplete" };
	struct bgp_addr nh = { 0 };
	int err;

	if (from) {
		bgp_addr_format(&from->conf.addr, out->from,
				sizeof(out->from));
		snprintf(out->interface, sizeof(out->interface), "%s",
			 from->conf.dev);
	} else {
		snprintf(out->from, sizeof(out->from), "local");
	}
	if (!a)
		return 0;
	snprintf(out->origin, sizeof(out->origin), "%s",
		 a->origin < 3 ? origins[a->origin] : "?");
	if (a->nexthop_len == 4) {
		nh.family = AF_INET;
		memcpy(&nh.v4, a->nexthop, 4);
	} else if (a->nexthop_len >= 16) {
		nh.family = AF_INET6;
		memcpy(&nh.v6, a->nexthop, 16);
	}
	if (nh.family)
		bgp_addr_format(&nh, out->next_hop, sizeof(out->next_hop));
	out->med.set = a->present & BGP_ATTRS_MED;
	out->med.value = a->med;
	out->local_pref.set = a->present & BGP_ATTRS_LOCAL_PREF;
	out->local_pref.value = a->local_pref;
	err = path_communities(a, out);
	return err ? err : path_aspath(a, out);
}

/* One path as the rib answer lists it: 0 or -ENOMEM. */
static int rib_path(const struct rib *rib, const struct rib_path *path,
		    struct dpubgp_rib_path *out)
{
	if (path->flags & DPUBGP_LEAK_MASK)
		snprintf(out->leak, sizeof(out->leak), "%s",
			 dpubgp_leak_name(path->flags));
	out->stale = path->flags & RIB_PATH_STALE;
	return path_attrs(rib_path_peer(rib, path), path->attrs, out);
}

/*
 * What a rib request asks for (control/proto.h): the routes, or the
 * dropped ones; of one table; of one prefix, or the longest that holds
 * an address; from one peer (any device when dev is "").
 */
struct rib_filter {
	bool dropped;
	bool has_table;
	uint32_t table;
	bool has_prefix;
	bool longest;
	struct dpubgp_prefix prefix;
	bool has_peer;
	struct bgp_addr peer;
	char dev[IFNAMSIZ];
};

static bool peer_matches(const struct rib_filter *f, const struct rib_peer *p)
{
	if (!f->has_peer)
		return true;
	return p && bgp_addr_equal(&p->conf.addr, &f->peer) &&
	       (!f->dev[0] || !strcmp(p->conf.dev, f->dev));
}

/* Whether prefix p is what f asks for (a dropped route's). */
static bool prefix_matches(const struct rib_filter *f,
			   const struct dpubgp_prefix *p)
{
	struct dpubgp_prefix m;

	if (!f->has_prefix)
		return true;
	if (!f->longest)
		return !memcmp(p, &f->prefix, sizeof(*p));
	if (p->family != f->prefix.family || p->len > f->prefix.len)
		return false;
	m = f->prefix;
	m.len = p->len;
	dpubgp_prefix_mask(&m);
	return !memcmp(p, &m, sizeof(*p));
}

/* The route's members besides its paths. */
static void route_head(const struct control_source *src, uint32_t table,
		       const struct dpubgp_prefix *prefix,
		       struct dpubgp_rib_route *r)
{
	const char *vpc = table ? src->vpc(src->arg, table) : NULL;

	dpubgp_prefix_format(prefix, r->prefix, sizeof(r->prefix));
	r->table = table;
	snprintf(r->vpc, sizeof(r->vpc), "%s", vpc ? vpc : "");
}

/*
 * A destination of table tab as the rib answer lists it, its paths best
 * first (those of f's peer): 0 with *obj (NULL when no path is f's), or
 * -ENOMEM.
 */
static int rib_route_json(const struct control_source *src,
			  const struct rib_filter *f,
			  const struct rib_table *tab,
			  const struct dpubgp_prefix *prefix,
			  const struct rib_dest *d, json_t **obj)
{
	const struct rib_path *best = rib_dest_best(src->rib, d), *path;
	struct dpubgp_rib_route r = { 0 };
	size_t n = 0;
	int err;

	*obj = NULL;
	route_head(src, tab->id, prefix, &r);
	for (path = best; path; path = rib_path_next(src->rib, path))
		n += peer_matches(f, rib_path_peer(src->rib, path));
	if (!n)
		return 0;
	err = dpubgp_rib_route_alloc(&r, n);
	for (path = best; !err && path; path = rib_path_next(src->rib, path)) {
		if (!peer_matches(f, rib_path_peer(src->rib, path)))
			continue;
		r.paths[r.n_paths].best = path == best;
		err = rib_path(src->rib, path, &r.paths[r.n_paths++]);
	}
	if (!err && !(*obj = dpubgp_rib_route_to_json(&r)))
		err = -ENOMEM;
	dpubgp_rib_route_free(&r);
	return err;
}

/* A route peer p dropped, as a route of one path: 0 or -ENOMEM. */
static int drop_json(const struct control_source *src,
		     const struct rib_peer *p, const struct rib_drop *drop,
		     json_t **obj)
{
	struct dpubgp_rib_route r = { 0 };
	struct dpubgp_rib_path *out;
	int err;

	route_head(src, p->conf.table, &drop->prefix, &r);
	err = dpubgp_rib_route_alloc(&r, 1);
	if (!err) {
		out = &r.paths[r.n_paths++];
		snprintf(out->dropped, sizeof(out->dropped), "%s",
			 rib_drop_reason_name(drop->reason));
		out->dropped_at = drop->at;
		err = path_attrs(p, drop->attrs, out);
	}
	if (!err && !(*obj = dpubgp_rib_route_to_json(&r)))
		err = -ENOMEM;
	dpubgp_rib_route_free(&r);
	return err;
}

/* {"log_level": LEVEL}, after setting it to the request's "level". */
static json_t *log_level_json(const json_t *req)
{
	const json_t *level = json_object_get(req, "level");
	enum log_level was = log_get_level(), now;
	char why[128];

	if (level) {
		if (!json_is_string(level) ||
		    log_parse_level(json_string_value(level), &now)) {
			snprintf(why, sizeof(why),
				 "invalid log level \"%.32s\": " LOG_LEVEL_NAMES ".",
				 json_is_string(level) ?
				 json_string_value(level) : "?");
			return json_pack("{s:s}", "error", why);
		}
		log_set_level(now);
		if (now != was)
			log_msg(now < was ? now : was,
				"log level %s, was %s (dpubgpctl log-level)",
				log_level_name(now), log_level_name(was));
	}
	return json_pack("{s:s}", "log_level",
			 log_level_name(log_get_level()));
}

static json_t *answer(const struct control_source *src, const json_t *req)
{
	const char *cmd = json_string_value(json_object_get(req, "command"));
	char why[128];

	if (!cmd)
		return json_pack("{s:s}", "error", "request without command.");
	if (!strcmp(cmd, "status"))
		return json_pack("{s:o*}", "status", status_json(src));
	if (!strcmp(cmd, "log-level"))
		return log_level_json(req);
	snprintf(why, sizeof(why), "unknown command \"%.64s\".", cmd);
	return json_pack("{s:s}", "error", why);
}

/*
 * A client of the control socket. Its request comes in and its answer
 * goes out through the loop, never blocking it: the answer is queued and
 * written as the socket takes it (EPOLLOUT). The rib answer is not built
 * whole, which for a million routes would hold the loop for seconds and
 * take hundreds of megabytes: it is produced CTL_CHUNK bytes at a time,
 * when what was queued has gone, reading the table as it is at each step
 * (a route that changes meanwhile shows in its old or its new state, as
 * in BIRD's "show route"). A client that sends no request within a
 * second, or takes nothing of its answer for CTL_IDLE_MS, is dropped.
 */
#define CTL_CHUNK	(64 * 1024)
#define CTL_REQUEST_MS	1000
#define CTL_IDLE_MS	10000

struct control_client {
	struct ev_fd ev;
	struct ev_timer idle;
	struct control_server *cs;
	struct control_client *next;
	size_t in_len;
	char in[DPUBGP_CONTROL_MAX + 1];
	char *out;
	size_t out_off, out_len, out_cap;
	bool answering;			/* the request is in */
	bool rib;			/* more of the rib answer to produce */
	bool rib_more;			/* a route was produced: "," first */
	struct rib_filter filter;	/* what the rib request asks for */
	uint32_t tab_id;		/* the rib answer's cursor: table, */
	unsigned int aid;		/* family, */
	uint32_t dest;			/* destination (dropped: peer) */
};

static void client_free(struct control_client *c)
{
	struct ev_loop *loop = &c->cs->src.bgp->loop;
	struct control_client **pp;

	for (pp = &c->cs->clients; *pp; pp = &(*pp)->next)
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	ev_timer_stop(loop, &c->idle);
	if (c->ev.fd >= 0) {
		ev_fd_del(loop, &c->ev);
		close(c->ev.fd);
		c->ev.fd = -1;
	}
	free(c->out);
	c->out = NULL;
	ev_free_later(loop, c);
}

static int out_put(struct control_client *c, const char *s, size_t n)
{
	return dpubgp_array_append(&c->out, &c->out_len, &c->out_cap, 1, s, n);
}

static int out_json(struct control_client *c, const json_t *j, const char *before)
{
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	int err = text ? 0 : -ENOMEM;

	if (!err && before)
		err = out_put(c, before, strlen(before));
	if (!err)
		err = out_put(c, text, strlen(text));
	free(text);
	return err;
}

/* A route of the answer (NULL: none), after a comma if one came before. */
static int out_route(struct control_client *c, json_t *r)
{
	int err;

	if (!r)
		return 0;
	err = out_json(c, r, c->rib_more ? "," : NULL);
	c->rib_more = true;
	json_decref(r);
	return err;
}

/*
 * The next routes of table tab for the rib answer, at most CTL_CHUNK
 * bytes from start: its family's destinations from the cursor, or the
 * one prefix asked for; c->aid is BGP_AID_MAX when the table is done.
 */
static int rib_produce_table(struct control_client *c,
			     const struct rib_table *tab, size_t start)
{
	const struct control_source *src = &c->cs->src;
	const struct rib_filter *f = &c->filter;
	struct dpubgp_prefix prefix;
	const struct rib_dest *d;
	json_t *r;
	int err = 0;

	if (f->has_prefix) {
		d = rib_table_lookup(tab, &f->prefix, f->longest, &prefix);
		if (d)
			err = rib_route_json(src, f, tab, &prefix, d, &r) ?:
			      out_route(c, r);
		c->aid = BGP_AID_MAX;
		return err;
	}
	while (!err && c->aid < BGP_AID_MAX &&
	       c->out_len - start < CTL_CHUNK) {
		d = rib_table_walk(tab, c->aid, &c->dest, &prefix);
		if (!d) {
			c->aid++;
			c->dest = 0;
			continue;
		}
		err = rib_route_json(src, f, tab, &prefix, d, &r) ?:
		      out_route(c, r);
	}
	return err;
}

/*
 * The next routes of the answer to "rib" with "dropped": each peer's
 * drops (rib_peer_drops()), a peer at a time from the cursor (c->dest).
 */
static int rib_produce_dropped(struct control_client *c, size_t start)
{
	const struct control_source *src = &c->cs->src;
	const struct rib_filter *f = &c->filter;
	const struct rib_drop *drops;
	const struct rib_peer *p;
	size_t i, n;
	json_t *r;
	int err = 0;

	if (!c->dest)
		c->dest = 1;		/* [0] is the local routes' */
	while (!err && c->dest < src->rib->n_peers &&
	       c->out_len - start < CTL_CHUNK) {
		p = src->rib->peers[c->dest++];
		if (!p || !peer_matches(f, p) ||
		    (f->has_table && p->conf.table != f->table))
			continue;
		n = rib_peer_drops(p, &drops);
		for (i = 0; !err && i < n; i++)
			if (prefix_matches(f, &drops[i].prefix))
				err = drop_json(src, p, &drops[i], &r) ?:
				      out_route(c, r);
	}
	if (!err && c->dest >= src->rib->n_peers)
		c->rib = false;
	return err;
}

/*
 * The next CTL_CHUNK bytes or so of the rib answer, or its end: the main
 * table, then the VPCs' tables by id. The cursor is a table id, so that a
 * table removed between two chunks (a VPC gone on SIGHUP) only ends its
 * own part.
 */
static int rib_produce(struct control_client *c)
{
	const struct control_source *src = &c->cs->src;
	const struct rib_filter *f = &c->filter;
	const struct rib_table *tab = rib_table_find(src->rib, c->tab_id);
	size_t start = c->out_len;
	int err = 0;

	if (f->dropped) {
		err = rib_produce_dropped(c, start);
	} else {
		if (!tab)
			c->aid = BGP_AID_MAX;
		while (!err && c->out_len - start < CTL_CHUNK) {
			if (c->aid >= BGP_AID_MAX) {
				tab = rib_table_next(src->rib, c->tab_id);
				if (!tab)
					break;
				c->tab_id = tab->id;
				c->aid = 0;
				c->dest = 0;
				if (f->has_table && tab->id != f->table) {
					c->aid = BGP_AID_MAX;
					continue;
				}
			}
			err = rib_produce_table(c, tab, start);
		}
		if (!err && c->out_len - start < CTL_CHUNK)
			c->rib = false;
	}
	if (!err && !c->rib)
		err = out_put(c, "]}\n", 3);
	return err;
}

/*
 * Write what the socket takes, producing more of a rib answer (one chunk
 * per call, so that other events run between chunks); done, the client
 * goes. -1 when c was freed.
 */
static int client_write(struct control_client *c)
{
	ssize_t n;

	if (c->out_off == c->out_len)
		c->out_off = c->out_len = 0;
	if (!c->out_len && c->rib && rib_produce(c)) {
		log_warn("control: out of memory for an answer");
		client_free(c);
		return -1;
	}
	while (c->out_off < c->out_len) {
		n = send(c->ev.fd, c->out + c->out_off, c->out_len - c->out_off,
			 MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return 0;
		if (n < 0) {
			log_debug("control: answer not sent: %s",
				  strerror(errno));
			client_free(c);
			return -1;
		}
		c->out_off += (size_t)n;
		ev_timer_arm(&c->cs->src.bgp->loop, &c->idle, CTL_IDLE_MS);
	}
	if (!c->rib) {
		client_free(c);
		return -1;
	}
	return 0;
}

/* Whether some peer is the one f names. */
static bool peer_known(const struct control_source *src,
		       const struct rib_filter *f)
{
	const struct bgp_peer *p;

	for (p = src->bgp->peers; p; p = p->next)
		if (bgp_addr_equal(&p->conf.peer_addr, &f->peer) &&
		    (!f->dev[0] || !strcmp(p->conf.dev, f->dev)))
			return true;
	return false;
}

/*
 * The rib request's members into f: NULL, or the sentence of its error
 * in why.
 */
static const char *rib_filter_parse(const struct control_source *src,
				    const json_t *req, struct rib_filter *f,
				    char *why, size_t size)
{
	const json_t *prefix = json_object_get(req, "prefix");
	const json_t *vpc = json_object_get(req, "vpc");
	const json_t *peer = json_object_get(req, "peer");
	const json_t *dropped = json_object_get(req, "dropped");
	const char *str;

	memset(f, 0, sizeof(*f));
	if ((prefix && !json_is_string(prefix)) ||
	    (vpc && !json_is_string(vpc)) || (peer && !json_is_string(peer)) ||
	    (dropped && !json_is_boolean(dropped)))
		return "prefix, vpc and peer are strings, dropped a boolean.";
	f->dropped = json_is_true(dropped);
	if (prefix) {
		str = json_string_value(prefix);
		f->has_prefix = true;
		f->longest = !strchr(str, '/');
		if (dpubgp_prefix_parse(str, &f->prefix)) {
			snprintf(why, size, "invalid prefix \"%.64s\".", str);
			return why;
		}
		dpubgp_prefix_mask(&f->prefix);
	}
	if (vpc) {
		str = json_string_value(vpc);
		f->has_table = true;
		if (!src->vpc_table(src->arg, str, &f->table)) {
			snprintf(why, size, "no VPC \"%.64s\" on this node.",
				 str);
			return why;
		}
	}
	if (peer) {
		str = json_string_value(peer);
		f->has_peer = true;
		if (bgp_peer_parse(str, &f->peer, f->dev, sizeof(f->dev))) {
			snprintf(why, size,
				 "invalid peer \"%.64s\": ADDRESS or ADDRESS%%PORT.",
				 str);
			return why;
		}
		if (!peer_known(src, f)) {
			snprintf(why, size, "no peer %.64s.", str);
			return why;
		}
	}
	return NULL;
}

/* The request is in c->in: queue the start of its answer. */
static int client_answer(struct control_client *c)
{
	const char *cmd, *error;
	json_t *req, *ans;
	char why[160];
	int err;

	c->answering = true;
	req = json_loads(c->in, JSON_DISABLE_EOF_CHECK, NULL);
	cmd = json_string_value(json_object_get(req, "command"));
	if (cmd && !strcmp(cmd, "rib")) {
		error = rib_filter_parse(&c->cs->src, req, &c->filter, why,
					 sizeof(why));
		if (!error) {
			json_decref(req);
			c->rib = true;
			return out_put(c, "{\"rib\":[", 8);
		}
		ans = json_pack("{s:s}", "error", error);
	} else {
		ans = req ? answer(&c->cs->src, req) :
		      json_pack("{s:s}", "error", "request is not JSON.");
	}
	err = out_json(c, ans, NULL);
	if (!err)
		err = out_put(c, "\n", 1);
	json_decref(ans);
	json_decref(req);
	return err;
}

/* Answer what came in (or that it was too long) as the socket takes it. */
static void client_start(struct control_client *c, bool too_long)
{
	char why[64];
	json_t *ans;
	int err;

	if (too_long) {
		c->answering = true;
		snprintf(why, sizeof(why), "request over %d bytes.",
			 DPUBGP_CONTROL_MAX);
		ans = json_pack("{s:s}", "error", why);
		err = out_json(c, ans, NULL) ?: out_put(c, "\n", 1);
		json_decref(ans);
	} else {
		err = client_answer(c);
	}
	if (err || ev_fd_mod(&c->cs->src.bgp->loop, &c->ev, EPOLLOUT)) {
		client_free(c);
		return;
	}
	ev_timer_arm(&c->cs->src.bgp->loop, &c->idle, CTL_IDLE_MS);
	client_write(c);
}

static void client_read(struct control_client *c)
{
	ssize_t n;

	n = read(c->ev.fd, c->in + c->in_len, sizeof(c->in) - 1 - c->in_len);
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		client_free(c);
		return;
	}
	c->in_len += (size_t)n;
	c->in[c->in_len] = '\0';
	if (strchr(c->in, '\n'))
		client_start(c, false);
	else if (c->in_len == sizeof(c->in) - 1)
		client_start(c, true);
}

static void client_ready(struct ev_fd *ev, uint32_t revents)
{
	struct control_client *c = container_of(ev, struct control_client, ev);

	if (ev->fd < 0)
		return;
	if (!c->answering)
		client_read(c);
	else if (revents & (EPOLLOUT | EPOLLERR | EPOLLHUP))
		client_write(c);
}

static void client_idle(struct ev_timer *t)
{
	struct control_client *c = container_of(t, struct control_client, idle);

	log_debug("control: client %s, dropped",
		  c->answering ? "not reading its answer" : "without a request");
	client_free(c);
}

static void control_ready(struct ev_fd *ev, uint32_t revents)
{
	struct control_server *cs = container_of(ev, struct control_server, ev);
	struct control_client *c;
	int fd;

	(void)revents;
	fd = accept4(ev->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (fd < 0)
		return;
	c = calloc(1, sizeof(*c));
	if (!c) {
		close(fd);
		return;
	}
	c->cs = cs;
	c->ev.fd = fd;
	c->ev.cb = client_ready;
	c->idle.cb = client_idle;
	if (ev_fd_add(&cs->src.bgp->loop, &c->ev, EPOLLIN)) {
		close(fd);
		free(c);
		return;
	}
	c->next = cs->clients;
	cs->clients = c;
	ev_timer_arm(&cs->src.bgp->loop, &c->idle, CTL_REQUEST_MS);
}

/* Whether a server answers at sun: a connection is taken, or queued. */
static bool answered(const struct sockaddr_un *sun)
{
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	bool yes;

	if (fd < 0)
		return false;
	yes = !connect(fd, (const struct sockaddr *)sun, sizeof(*sun)) ||
	      errno == EAGAIN;
	close(fd);
	return yes;
}

/*
 * A listening socket at path, where a stale socket file (nobody answers
 * there) is replaced: its fd, -EADDRINUSE when another server answers
 * there, or -errno. *st is the file's identity.
 */
static int bind_socket(const char *path, struct stat *st)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, err;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	if (answered(&sun))
		return -EADDRINUSE;
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	old = umask(0177);
	err = bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	      listen(fd, 16) || stat(path, st) ? -errno : 0;
	umask(old);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

int control_server_open(struct control_server *cs, const char *path,
			const struct control_source *src)
{
	char dir[sizeof(cs->path)];
	struct stat st;
	char *slash;
	int fd;

	memset(cs, 0, sizeof(*cs));
	cs->ev.fd = -1;
	cs->src = *src;
	if (strlen(path) >= sizeof(cs->path))
		return -ENAMETOOLONG;
	snprintf(cs->path, sizeof(cs->path), "%s", path);
	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);	/* /run/dpubgp; bind says if it failed */
	}
	fd = bind_socket(path, &st);
	if (fd < 0)
		return fd;
	cs->dev = st.st_dev;
	cs->ino = st.st_ino;
	cs->ev.fd = fd;
	cs->ev.cb = control_ready;
	return ev_fd_add(&cs->src.bgp->loop, &cs->ev, EPOLLIN);
}

void control_server_close(struct control_server *cs)
{
	struct stat st;

	while (cs->clients)
		client_free(cs->clients);
	if (cs->ev.fd < 0)
		return;
	ev_fd_del(&cs->src.bgp->loop, &cs->ev);
	close(cs->ev.fd);
	cs->ev.fd = -1;
	/* Another's socket, made there since, is not ours to remove. */
	if (!stat(cs->path, &st) && st.st_dev == cs->dev &&
	    st.st_ino == cs->ino)
		unlink(cs->path);
}
