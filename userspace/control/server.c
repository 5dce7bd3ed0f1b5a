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

static void peer_status(const struct bgp_peer *p, struct dpubgp_peer_status *s)
{
	bgp_addr_format(&p->conf.peer_addr, s->address, sizeof(s->address));
	s->family = p->conf.peer_addr.family == AF_INET ? 4 : 6;
	snprintf(s->type, sizeof(s->type), "%s", bgp_peer_type_name(p->conf.type));
	snprintf(s->interface, sizeof(s->interface), "%s", p->conf.dev);
	/* Held idle after its maximum prefixes, it is to start again. */
	snprintf(s->proto, sizeof(s->proto), "%s",
		 !p->started && !bgp_peer_idle_held(p) ? "down" :
		 p->state == BGP_ST_ESTABLISHED ? "up" : "start");
	snprintf(s->fsm, sizeof(s->fsm), "%s", bgp_state_name(p->state));
	if (p->last_error[0])
		snprintf(s->error, sizeof(s->error), "%s%s",
			 error_labels[p->last_error_kind], p->last_error);
	s->since = p->state_since_wall;
	s->local_as = p->conf.local_as;
	/* A tenant of any AS: the one its last OPEN had. */
	s->peer_as = p->conf.peer_as ? p->conf.peer_as : p->neg.remote_as;
	s->uptime_ms = bgp_peer_uptime(p);
	s->established = p->stats.established;
	s->max_prefixes_reached = p->stats.max_prefixes;
	s->prefixes_in = p->stats.prefixes_in;
	s->withdrawals_in = p->stats.withdrawals_in;
	count_msgs(&s->msgs_in, p->stats.msgs_in);
	count_msgs(&s->msgs_out, p->stats.msgs_out);
}

static void rib_peer_status(const struct bgp_peer *p, const uint64_t *in,
			    struct dpubgp_peer_status *s)
{
	const struct rib_peer *rp = rib_bgpd_peer(p);

	s->prefixes_received = p->stats.prefixes_in;
	if (!rp)
		return;
	s->prefixes_accepted = rp->stats.accepted;
	s->prefixes_advertised = rp->stats.updates_out;
	s->prefixes_dropped = rp->stats.policy_drop;
	s->routes_in = in ? in[rp->idx] : 0;
	s->routes_out = rib_peer_routes_out(rp);
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

static json_t *status_json(const struct control_source *src)
{
	struct dpubgp_status st = { 0 };
	struct bgp_peer *p, **sorted;
	uint64_t *in = rib_routes_by_peer(src->rib);
	json_t *obj = NULL;
	size_t n = 0, i;

	for (p = src->bgp->peers; p; p = p->next)
		n++;
	sorted = calloc(n + 1, sizeof(*sorted));
	st.peers = calloc(n + 1, sizeof(*st.peers));
	if (sorted && st.peers) {
		for (p = src->bgp->peers, i = 0; p; p = p->next)
			sorted[i++] = p;
		qsort(sorted, n, sizeof(*sorted), peer_cmp);
		src->node(src->arg, &st);
		st.routes_ipv4 = rib_count(src->rib, 0, BGP_AID_IPV4);
		st.routes_ipv6 = rib_count(src->rib, 0, BGP_AID_IPV6);
		for (i = 0; i < n; i++) {
			peer_status(sorted[i], &st.peers[i]);
			rib_peer_status(sorted[i], in, &st.peers[i]);
		}
		st.n_peers = n;
		obj = dpubgp_status_to_json(&st);
	}
	free(sorted);
	free(st.peers);
	free(st.metadata);
	free(in);
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

/* One path as the rib answer lists it: 0 or -ENOMEM. */
static int rib_path(const struct rib *rib, const struct rib_path *path,
		    struct dpubgp_rib_path *out)
{
	static const char *const origins[] = { "igp", "egp", "incomplete" };
	const struct bgp_attrs *a = path->attrs;
	const struct rib_peer *from = rib_path_peer(rib, path);
	struct bgp_addr nh = { 0 };

	if (from) {
		bgp_addr_format(&from->conf.addr, out->from,
				sizeof(out->from));
		snprintf(out->interface, sizeof(out->interface), "%s",
			 from->conf.dev);
	} else {
		snprintf(out->from, sizeof(out->from), "local");
	}
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
	if (path->flags & DPUBGP_LEAK_MASK)
		snprintf(out->leak, sizeof(out->leak), "%s",
			 dpubgp_leak_name(path->flags));
	out->stale = path->flags & RIB_PATH_STALE;
	out->communities = calloc(a->n_communities + 1,
				  sizeof(*out->communities));
	if (!out->communities)
		return -ENOMEM;
	for (; out->n_communities < a->n_communities; out->n_communities++)
		out->communities[out->n_communities] =
			a->communities[out->n_communities];
	return path_aspath(a, out);
}

/* A destination of table tab as the rib answer lists it: NULL on ENOMEM. */
static json_t *rib_route_json(const struct control_source *src,
			      const struct rib_table *tab,
			      const struct dpubgp_prefix *prefix,
			      const struct rib_dest *d)
{
	struct dpubgp_rib_route r = { 0 };
	const char *vpc = tab->id ? src->vpc(src->arg, tab->id) : NULL;
	const struct rib_path *path;
	json_t *obj = NULL;
	size_t n = 0;
	int err;

	dpubgp_prefix_format(prefix, r.prefix, sizeof(r.prefix));
	snprintf(r.vpc, sizeof(r.vpc), "%s", vpc ? vpc : "");
	for (path = rib_dest_best(src->rib, d); path;
	     path = rib_path_next(src->rib, path))
		n++;
	err = dpubgp_rib_route_alloc(&r, n);
	for (path = rib_dest_best(src->rib, d); !err && path;
	     path = rib_path_next(src->rib, path)) {
		r.paths[r.n_paths].best = !r.n_paths;
		err = rib_path(src->rib, path, &r.paths[r.n_paths++]);
	}
	if (!err)
		obj = dpubgp_rib_route_to_json(&r);
	dpubgp_rib_route_free(&r);
	return obj;
}

static json_t *answer(const struct control_source *src, const json_t *req)
{
	const char *cmd = json_string_value(json_object_get(req, "command"));
	char why[128];

	if (!cmd)
		return json_pack("{s:s}", "error", "request without command.");
	if (!strcmp(cmd, "status"))
		return json_pack("{s:o*}", "status", status_json(src));
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
	uint32_t tab_id;		/* the rib answer's cursor: table, */
	unsigned int aid;		/* family, */
	uint32_t dest;			/* destination */
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

/*
 * The next CTL_CHUNK bytes or so of the rib answer, or its end: the main
 * table, then the VPCs' tables by id. The cursor is a table id, so that a
 * table removed between two chunks (a VPC gone on SIGHUP) only ends its
 * own part.
 */
static int rib_produce(struct control_client *c)
{
	const struct control_source *src = &c->cs->src;
	const struct rib_table *tab = rib_table_find(src->rib, c->tab_id);
	struct dpubgp_prefix prefix;
	const struct rib_dest *d;
	size_t start = c->out_len;
	json_t *r;
	int err = 0;

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
		}
		d = rib_table_walk(tab, c->aid, &c->dest, &prefix);
		if (!d) {
			c->aid++;
			c->dest = 0;
			continue;
		}
		r = rib_route_json(src, tab, &prefix, d);
		err = out_json(c, r, c->rib_more ? "," : NULL);
		c->rib_more = true;
		json_decref(r);
	}
	if (!err && c->out_len - start < CTL_CHUNK) {
		c->rib = false;
		err = out_put(c, "]}\n", 3);
	}
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

/* The request is in c->in: queue the start of its answer. */
static int client_answer(struct control_client *c)
{
	const char *cmd;
	json_t *req, *ans;
	int err;

	c->answering = true;
	req = json_loads(c->in, JSON_DISABLE_EOF_CHECK, NULL);
	cmd = json_string_value(json_object_get(req, "command"));
	if (cmd && !strcmp(cmd, "rib")) {
		json_decref(req);
		c->rib = true;
		return out_put(c, "{\"rib\":[", 8);
	}
	ans = req ? answer(&c->cs->src, req) :
	      json_pack("{s:s}", "error", "request is not JSON.");
	err = out_json(c, ans, NULL);
	if (!err)
		err = out_put(c, "\n", 1);
	json_decref(ans);
	json_decref(req);
	return err;
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
	if (!strchr(c->in, '\n')) {
		if (c->in_len == sizeof(c->in) - 1)
			client_free(c);		/* too long */
		return;
	}
	if (client_answer(c) ||
	    ev_fd_mod(&c->cs->src.bgp->loop, &c->ev, EPOLLOUT)) {
		client_free(c);
		return;
	}
	ev_timer_arm(&c->cs->src.bgp->loop, &c->idle, CTL_IDLE_MS);
	client_write(c);
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

static int bind_socket(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	mode_t old;
	int fd, err;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	old = umask(0177);
	err = bind(fd, (struct sockaddr *)&sun, sizeof(sun)) ||
	      listen(fd, 16) ? -errno : 0;
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
	fd = bind_socket(path);
	if (fd < 0)
		return fd;
	cs->ev.fd = fd;
	cs->ev.cb = control_ready;
	return ev_fd_add(&cs->src.bgp->loop, &cs->ev, EPOLLIN);
}

void control_server_close(struct control_server *cs)
{
	while (cs->clients)
		client_free(cs->clients);
	if (cs->ev.fd < 0)
		return;
	ev_fd_del(&cs->src.bgp->loop, &cs->ev);
	close(cs->ev.fd);
	cs->ev.fd = -1;
	unlink(cs->path);
}
