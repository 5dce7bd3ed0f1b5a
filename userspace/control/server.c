// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpd's control socket (control.h): clients served through the
 * loop, their answers queued and written as they take them (below,
 * struct ctl_client).
 */
#define _GNU_SOURCE	/* accept4 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "control/proto.h"
#include "daemon/dpubgpd.h"
#include "base/log.h"

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
	snprintf(s->proto, sizeof(s->proto), "%s", !p->started ? "down" :
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
	s->prefixes_in = p->stats.prefixes_in;
	s->withdrawals_in = p->stats.withdrawals_in;
	count_msgs(&s->msgs_in, p->stats.msgs_in);
	count_msgs(&s->msgs_out, p->stats.msgs_out);
}

/* Prefixes announced to rp now: its Adj-RIB-Out bits. */
static uint64_t routes_out(const struct rib_peer *rp)
{
	uint64_t n = 0;
	unsigned int aid;
	size_t i;

	for (aid = 0; aid < BGP_AID_MAX; aid++)
		for (i = 0; rp->af[aid].announced && i < rp->af[aid].n_words;
		     i++)
			n += (uint64_t)__builtin_popcountll(rp->af[aid].announced[i]);
	return n;
}

/* Whether tab is the table of RIB peer idx. */
static bool own_table(const struct rib *rib, uint16_t idx,
		      const struct rib_table *tab)
{
	return idx < rib->n_peers && rib->peers[idx] &&
	       rib->peers[idx]->table == tab;
}

/*
 * Paths per RIB peer index in the peer's own table (a leaked tenant
 * route counts once), one walk: n_peers counts.
 */
static uint64_t *routes_in(const struct rib *rib)
{
	uint64_t *n = calloc(rib->n_peers + 1, sizeof(*n));
	const struct rib_table *tab;
	const struct rib_dest *d;
	const struct rib_path *path;
	unsigned int aid;
	uint32_t i, j;

	for (tab = rib->tables; n && tab; tab = tab->next) {
		for (aid = 0; aid < BGP_AID_MAX; aid++)
			for (i = 0; i < tab->af[aid].pt.dests.used; i++) {
				d = rib_ptable_live(&tab->af[aid].pt, i);
				for (j = d ? d->paths : RIB_NONE; j != RIB_NONE;
				     j = path->next) {
					path = rib_path_at(rib, j);
					if (own_table(rib, path->peer, tab))
						n[path->peer]++;
				}
			}
	}
	return n;
}

static void rib_peer_status(const struct bgp_peer *p, const uint64_t *in,
			    struct dpubgp_peer_status *s)
{
	const struct rib_peer *rp = p->user;

	s->prefixes_received = p->stats.prefixes_in;
	if (!rp)
		return;
	s->prefixes_accepted = rp->stats.accepted;
	s->prefixes_advertised = rp->stats.updates_out;
	s->prefixes_dropped = rp->stats.policy_drop;
	s->routes_in = in ? in[rp->idx] : 0;
	s->routes_out = routes_out(rp);
}

/* Mesh, global, node specific; IPv4 first; by address within. */
static int peer_cmp(const void *a, const void *b)
{
	const struct bgp_peer *pa = *(const struct bgp_peer *const *)a;
	const struct bgp_peer *pb = *(const struct bgp_peer *const *)b;
	const struct bgp_addr *x = &pa->conf.peer_addr, *y = &pb->conf.peer_addr;

	if (pa->conf.type != pb->conf.type)
		return pa->conf.type < pb->conf.type ? -1 : 1;
	if (x->family != y->family)
		return x->family == AF_INET ? -1 : 1;
	return memcmp(x->family == AF_INET ? (const void *)&x->v4 : &x->v6,
		      y->family == AF_INET ? (const void *)&y->v4 : &y->v6,
		      x->family == AF_INET ? 4 : 16);
}

static void node_status(const struct dpubgpd *dd, struct dpubgp_status *st)
{
	struct in_addr id = { .s_addr = htonl(dd->node.router_id) };

	snprintf(st->node, sizeof(st->node), "%s", dd->node_name);
	inet_ntop(AF_INET, &id, st->router_id, sizeof(st->router_id));
	st->as = dd->node.as;
	st->as_inherited = dd->node.as_inherited;
	st->dpu_as = dd->dpu_as;
	if (dd->node.ipv4.family)
		bgp_addr_format(&dd->node.ipv4, st->ipv4.address,
				sizeof(st->ipv4.address));
	if (dd->node.ipv6.family)
		bgp_addr_format(&dd->node.ipv6, st->ipv6.address,
				sizeof(st->ipv6.address));
}

static json_t *status_json(const struct dpubgpd *dd)
{
	struct dpubgp_status st = { 0 };
	struct bgp_peer *p, **sorted;
	uint64_t *in = routes_in(&dd->rib);
	json_t *obj = NULL;
	size_t n = 0, i;

	for (p = dd->bgp.peers; p; p = p->next)
		n++;
	sorted = calloc(n + 1, sizeof(*sorted));
	st.peers = calloc(n + 1, sizeof(*st.peers));
	if (sorted && st.peers) {
		for (p = dd->bgp.peers, i = 0; p; p = p->next)
			sorted[i++] = p;
		qsort(sorted, n, sizeof(*sorted), peer_cmp);
		node_status(dd, &st);
		st.routes_ipv4 = rib_count((struct rib *)&dd->rib, 0,
					   BGP_AID_IPV4);
		st.routes_ipv6 = rib_count((struct rib *)&dd->rib, 0,
					   BGP_AID_IPV6);
		for (i = 0; i < n; i++) {
			peer_status(sorted[i], &st.peers[i]);
			rib_peer_status(sorted[i], in, &st.peers[i]);
		}
		st.n_peers = n;
		obj = dpubgp_status_to_json(&st);
	}
	free(sorted);
	free(st.peers);
	free(in);
	return obj;
}

/* One path's attributes as the rib request lists them. */
static json_t *path_json(const struct rib *rib, const struct rib_path *path,
			 bool best)
{
	const struct bgp_attrs *a = path->attrs;
	static const char *const origins[] = { "igp", "egp", "incomplete" };
	json_t *o = json_object(), *asp = json_array(), *comm = json_array();
	char buf[INET6_ADDRSTRLEN];
	struct bgp_addr nh = { 0 };
	size_t off = 0, i;
	uint8_t type, count;
	uint32_t as;

	if (!o || !asp || !comm) {
		json_decref(o);
		json_decref(asp);
		json_decref(comm);
		return NULL;
	}
	if (path->peer == RIB_PEER_LOCAL || path->peer >= rib->n_peers ||
	    !rib->peers[path->peer])
		snprintf(buf, sizeof(buf), "local");
	else
		bgp_addr_format(&rib->peers[path->peer]->conf.addr, buf,
				sizeof(buf));
	json_object_set_new(o, "from", json_string(buf));
	json_object_set_new(o, "best", json_boolean(best));
	json_object_set_new(o, "origin", json_string(
		a->origin < 3 ? origins[a->origin] : "?"));
	/* AS_PATH: four-octet ASNs; a set as a nested array. */
	while (off + 2 <= a->aspath_len) {
		json_t *set = NULL;

		type = a->aspath[off];
		count = a->aspath[off + 1];
		off += 2;
		if (type == 1)		/* AS_SET */
			set = json_array();
		for (i = 0; i < count && off + 4 <= a->aspath_len; i++) {
			memcpy(&as, a->aspath + off, 4);
			off += 4;
			json_array_append_new(set ? set : asp,
					      json_integer(ntohl(as)));
		}
		if (set)
			json_array_append_new(asp, set);
	}
	json_object_set_new(o, "as_path", asp);
	if (a->nexthop_len == 4) {
		nh.family = AF_INET;
		memcpy(&nh.v4, a->nexthop, 4);
	} else if (a->nexthop_len >= 16) {
		nh.family = AF_INET6;
		memcpy(&nh.v6, a->nexthop, 16);
	}
	if (nh.family)
		json_object_set_new(o, "next_hop", json_string(
			bgp_addr_format(&nh, buf, sizeof(buf))));
	if (a->present & BGP_ATTRS_MED)
		json_object_set_new(o, "med", json_integer(a->med));
	if (a->present & BGP_ATTRS_LOCAL_PREF)
		json_object_set_new(o, "local_pref",
				    json_integer(a->local_pref));
	for (i = 0; i < a->n_communities; i++) {
		snprintf(buf, sizeof(buf), "%u:%u", a->communities[i] >> 16,
			 a->communities[i] & 0xffff);
		json_array_append_new(comm, json_string(buf));
	}
	json_object_set_new(o, "communities", comm);
	if (path->flags & RIB_PATH_LEAKED)
		json_object_set_new(o, "leak", json_string(
			path->flags & RIB_PATH_DROP_OVERLAY ? "drop-overlay" :
			"underlay"));
	return o;
}

/* The VPC whose table id is, or NULL (the main table, or none). */
static const char *vpc_of(const struct dpubgpd *dd, uint32_t id)
{
	size_t i;

	for (i = 0; id && i < dd->n_ports; i++)
		if (dd->ports[i].table == id)
			return dd->ports[i].vpc;
	return NULL;
}

/*
 * One destination of a table: {"prefix": ..., "vpc": ..., "paths": [best
 * first]}, "vpc" only for a VPC's table.
 */
static json_t *dest_json(const struct rib *rib, const char *vpc,
			 const struct rib_ptable *pt, const struct rib_dest *d)
{
	char buf[DPUBGP_PREFIX_STRLEN];
	struct dpubgp_prefix prefix;
	json_t *paths = json_array();
	uint32_t j;

	rib_dest_prefix(pt, d, &prefix);
	dpubgp_prefix_format(&prefix, buf, sizeof(buf));
	for (j = d->paths; paths && j != RIB_NONE;
	     j = rib_path_at(rib, j)->next)
		json_array_append_new(paths, path_json(rib, rib_path_at(rib, j),
						       j == d->paths));
	return json_pack("{s:s,s:s*,s:o*}", "prefix", buf, "vpc", vpc,
			 "paths", paths);
}

static json_t *answer(const struct dpubgpd *dd, const json_t *req)
{
	const char *cmd = json_string_value(json_object_get(req, "command"));
	char why[128];

	if (!cmd)
		return json_pack("{s:s}", "error", "request without command.");
	if (!strcmp(cmd, "status"))
		return json_pack("{s:o*}", "status", status_json(dd));
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

struct ctl_client {
	struct ev_fd ev;
	struct ev_timer idle;
	struct dpubgpd *dd;
	struct ctl_client *next;
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

static void client_free(struct ctl_client *c)
{
	struct ev_loop *loop = &c->dd->bgp.loop;
	struct ctl_client **pp;

	for (pp = &c->dd->clients; *pp; pp = &(*pp)->next)
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

static int out_put(struct ctl_client *c, const char *s, size_t n)
{
	size_t cap = c->out_cap ? c->out_cap : CTL_CHUNK;
	char *grown;

	while (cap - c->out_len < n)
		cap *= 2;
	if (cap != c->out_cap) {
		grown = realloc(c->out, cap);
		if (!grown)
			return -ENOMEM;
		c->out = grown;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, s, n);
	c->out_len += n;
	return 0;
}

static int out_json(struct ctl_client *c, const json_t *j, const char *before)
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

/* The table of id (0: the main table), or NULL. */
static const struct rib_table *table_by_id(const struct rib *rib, uint32_t id)
{
	const struct rib_table *tab;

	for (tab = rib->tables; tab && tab->id != id; tab = tab->next)
		;
	return tab;
}

/* The VPC's table with the smallest id above id, or NULL. */
static const struct rib_table *table_after(const struct rib *rib, uint32_t id)
{
	const struct rib_table *tab, *next = NULL;

	for (tab = rib->tables; tab; tab = tab->next)
		if (tab->id > id && (!next || tab->id < next->id))
			next = tab;
	return next;
}

/*
 * The next CTL_CHUNK bytes or so of the rib answer, or its end: the main
 * table, then the VPCs' tables by id. The cursor is a table id, so that a
 * table removed between two chunks (a VPC gone on SIGHUP) only ends its
 * own part.
 */
static int rib_produce(struct ctl_client *c)
{
	const struct rib *rib = &c->dd->rib;
	const struct rib_table *tab = table_by_id(rib, c->tab_id);
	const struct rib_ptable *pt;
	const struct rib_dest *d;
	size_t start = c->out_len;
	const char *vpc;
	json_t *r;
	int err = 0;

	if (!tab)
		c->aid = BGP_AID_MAX;
	while (!err && c->out_len - start < CTL_CHUNK) {
		if (c->aid >= BGP_AID_MAX) {
			tab = table_after(rib, c->tab_id);
			if (!tab)
				break;
			c->tab_id = tab->id;
			c->aid = 0;
			c->dest = 0;
		}
		pt = &tab->af[c->aid].pt;
		if (c->dest >= pt->dests.used) {
			c->aid++;
			c->dest = 0;
			continue;
		}
		d = rib_ptable_live(pt, c->dest++);
		if (!d || d->paths == RIB_NONE)
			continue;
		vpc = vpc_of(c->dd, tab->id);
		r = dest_json(rib, vpc, pt, d);
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
static int client_write(struct ctl_client *c)
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
		ev_timer_arm(&c->dd->bgp.loop, &c->idle, CTL_IDLE_MS);
	}
	if (!c->rib) {
		client_free(c);
		return -1;
	}
	return 0;
}

/* The request is in c->in: queue the start of its answer. */
static int client_answer(struct ctl_client *c)
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
	ans = req ? answer(c->dd, req) :
	      json_pack("{s:s}", "error", "request is not JSON.");
	err = out_json(c, ans, NULL);
	if (!err)
		err = out_put(c, "\n", 1);
	json_decref(ans);
	json_decref(req);
	return err;
}

static void client_read(struct ctl_client *c)
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
	    ev_fd_mod(&c->dd->bgp.loop, &c->ev, EPOLLOUT)) {
		client_free(c);
		return;
	}
	ev_timer_arm(&c->dd->bgp.loop, &c->idle, CTL_IDLE_MS);
	client_write(c);
}

static void client_ready(struct ev_fd *ev, uint32_t revents)
{
	struct ctl_client *c = container_of(ev, struct ctl_client, ev);

	if (ev->fd < 0)
		return;
	if (!c->answering)
		client_read(c);
	else if (revents & (EPOLLOUT | EPOLLERR | EPOLLHUP))
		client_write(c);
}

static void client_idle(struct ev_timer *t)
{
	struct ctl_client *c = container_of(t, struct ctl_client, idle);

	log_debug("control: client %s, dropped",
		  c->answering ? "not reading its answer" : "without a request");
	client_free(c);
}

static void control_ready(struct ev_fd *ev, uint32_t revents)
{
	struct dpubgpd *dd = container_of(ev, struct dpubgpd, control);
	struct ctl_client *c;
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
	c->dd = dd;
	c->ev.fd = fd;
	c->ev.cb = client_ready;
	c->idle.cb = client_idle;
	if (ev_fd_add(&dd->bgp.loop, &c->ev, EPOLLIN)) {
		close(fd);
		free(c);
		return;
	}
	c->next = dd->clients;
	dd->clients = c;
	ev_timer_arm(&dd->bgp.loop, &c->idle, CTL_REQUEST_MS);
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

int dpubgpd_control_open(struct dpubgpd *dd, const char *path)
{
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];
	char *slash;
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		mkdir(dir, 0755);	/* /run/dpubgp; bind says if it failed */
	}
	fd = bind_socket(path);
	if (fd < 0)
		return fd;
	dd->control.fd = fd;
	dd->control.cb = control_ready;
	return ev_fd_add(&dd->bgp.loop, &dd->control, EPOLLIN);
}

void dpubgpd_control_close(struct dpubgpd *dd, const char *path)
{
	while (dd->clients)
		client_free(dd->clients);
	if (dd->control.fd < 0)
		return;
	ev_fd_del(&dd->bgp.loop, &dd->control);
	close(dd->control.fd);
	dd->control.fd = -1;
	unlink(path);
}
