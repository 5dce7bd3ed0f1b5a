// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpd's control socket (control.h). A request is small and local, so
 * a client is served at once, with one-second socket timeouts bounding
 * how long a slow one can hold the loop.
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

#include "control.h"
#include "dpubgpd.h"
#include "log.h"

#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

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

/* tab's routes onto routes: {"prefix", "vpc", "paths": [best first]}. */
static int table_json(const struct dpubgpd *dd, const struct rib_table *tab,
		      json_t *routes)
{
	const struct rib *rib = &dd->rib;
	const char *vpc = vpc_of(dd, tab->id);
	const struct rib_dest *d;
	struct dpubgp_prefix prefix;
	char buf[DPUBGP_PREFIX_STRLEN];
	json_t *r, *paths;
	unsigned int aid;
	uint32_t i, j;

	for (aid = 0; aid < BGP_AID_MAX; aid++)
		for (i = 0; i < tab->af[aid].pt.dests.used; i++) {
			d = rib_ptable_live(&tab->af[aid].pt, i);
			if (!d || d->paths == RIB_NONE)
				continue;
			rib_dest_prefix(&tab->af[aid].pt, d, &prefix);
			dpubgp_prefix_format(&prefix, buf, sizeof(buf));
			paths = json_array();
			for (j = d->paths; paths && j != RIB_NONE;
			     j = rib_path_at(rib, j)->next)
				json_array_append_new(paths, path_json(
					rib, rib_path_at(rib, j),
					j == d->paths));
			r = json_pack("{s:s,s:o*}", "prefix", buf, "paths",
				      paths);
			if (r && vpc && tab->id)
				json_object_set_new(r, "vpc", json_string(vpc));
			if (!r || json_array_append_new(routes, r))
				return -ENOMEM;
		}
	return 0;
}

/* The main table, then the VPCs' tables by id. */
static json_t *rib_json(const struct dpubgpd *dd)
{
	const struct rib_table *tab, *next;
	json_t *routes = json_array();
	uint32_t last = 0;
	int err;

	if (!routes)
		return NULL;
	for (next = NULL, tab = dd->rib.tables; tab; tab = tab->next)
		if (!tab->id)
			next = tab;
	err = next ? table_json(dd, next, routes) : 0;
	for (;;) {
		next = NULL;
		for (tab = dd->rib.tables; tab; tab = tab->next)
			if (tab->id > last && (!next || tab->id < next->id))
				next = tab;
		if (err || !next)
			break;
		err = table_json(dd, next, routes);
		last = next->id;
	}
	if (err) {
		json_decref(routes);
		return NULL;
	}
	return routes;
}

static json_t *answer(const struct dpubgpd *dd, const json_t *req)
{
	const char *cmd = json_string_value(json_object_get(req, "command"));
	char why[128];

	if (!cmd)
		return json_pack("{s:s}", "error", "request without command.");
	if (!strcmp(cmd, "status"))
		return json_pack("{s:o*}", "status", status_json(dd));
	if (!strcmp(cmd, "rib"))
		return json_pack("{s:o*}", "rib", rib_json(dd));
	snprintf(why, sizeof(why), "unknown command \"%.64s\".", cmd);
	return json_pack("{s:s}", "error", why);
}

/* The request line, NUL-terminated, or -1. */
static ssize_t read_request(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len < size - 1) {
		n = read(fd, buf + len, size - 1 - len);
		if (n <= 0)
			return -1;
		len += (size_t)n;
		buf[len] = '\0';
		if (strchr(buf, '\n'))
			return (ssize_t)len;
	}
	return -1;
}

static void serve(const struct dpubgpd *dd, int fd)
{
	struct timeval tv = { .tv_sec = 1 };
	char buf[DPUBGP_CONTROL_MAX + 1];
	json_t *req, *ans = NULL;
	char *text = NULL;

	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (read_request(fd, buf, sizeof(buf)) < 0)
		return;
	req = json_loads(buf, JSON_DISABLE_EOF_CHECK, NULL);
	ans = req ? answer(dd, req) :
	      json_pack("{s:s}", "error", "request is not JSON.");
	text = ans ? json_dumps(ans, JSON_COMPACT) : NULL;
	if (text && (write(fd, text, strlen(text)) < 0 || write(fd, "\n", 1) < 0))
		log_debug("control: answer not sent: %s", strerror(errno));
	free(text);
	json_decref(ans);
	json_decref(req);
}

static void control_ready(struct ev_fd *ev, uint32_t revents)
{
	struct dpubgpd *dd = container_of(ev, struct dpubgpd, control);
	int fd;

	(void)revents;
	fd = accept4(ev->fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return;
	serve(dd, fd);
	close(fd);
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
	if (dd->control.fd < 0)
		return;
	ev_fd_del(&dd->bgp.loop, &dd->control);
	close(dd->control.fd);
	dd->control.fd = -1;
	unlink(path);
}
