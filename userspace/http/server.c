// SPDX-License-Identifier: GPL-2.0
/*
 * A small HTTP server on the event loop (server.h), over libmicrohttpd
 * in its external epoll mode: no listening socket of its own, no thread.
 */
#define _GNU_SOURCE	/* accept4 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <microhttpd.h>

#include "base/log.h"
#include "http/server.h"

/* Connections taken from the backlog per wake-up: others wait their turn. */
#define ACCEPT_BATCH	64

/* One connection libmicrohttpd serves, from its start to its close. */
struct http_conn {
	struct http_listener *hl;
	struct http_conn *next, **pprev;
	int fd;
	uint64_t deadline;		/* ms: for a complete request */
	bool cut;			/* shut down at its deadline */
};

/* A request's con_cls once it has been answered. */
static char answered_mark;

static void count_status(struct http_counts *c, unsigned int status)
{
	switch (status) {
	case 200: c->s200++; break;
	case 400: c->s400++; break;
	case 404: c->s404++; break;
	case 405: c->s405++; break;
	case 413: c->s413++; break;
	case 414: c->s414++; break;
	case 431: c->s431++; break;
	case 500: c->s500++; break;
	default: c->other++; break;
	}
}

static void rearm(struct http_listener *hl)
{
	MHD_UNSIGNED_LONG_LONG ms;
	uint64_t now = ev_now(), next = UINT64_MAX, d;
	struct http_conn *c;

	if (MHD_get_timeout(hl->mhd, &ms) == MHD_YES)
		next = ms;
	for (c = hl->conns; c; c = c->next) {
		d = c->deadline > now ? c->deadline - now : 0;
		if (!c->cut && d < next)
			next = d;
	}
	if (next == UINT64_MAX)
		ev_timer_stop(hl->loop, &hl->timer);
	else
		ev_timer_arm(hl->loop, &hl->timer, next);
}

static void run(struct http_listener *hl)
{
	if (MHD_run(hl->mhd) != MHD_YES)
		log_debug("http %s: MHD_run failed", hl->dev);
	rearm(hl);
}

static void mhd_ready(struct ev_fd *ev, uint32_t revents)
{
	struct http_listener *hl = container_of(ev, struct http_listener, mev);

	(void)revents;
	if (ev->fd >= 0)
		run(hl);
}

/*
 * libmicrohttpd's timeout, and connections past their deadline: shut
 * down, so that libmicrohttpd sees them end and closes them itself.
 */
static void timer_cb(struct ev_timer *t)
{
	struct http_listener *hl = container_of(t, struct http_listener, timer);
	uint64_t now = ev_now();
	struct http_conn *c;

	for (c = hl->conns; c; c = c->next) {
		if (c->cut || c->deadline > now)
			continue;
		c->cut = true;
		hl->counts.cut++;
		log_debug("http %s: a connection without a complete request for %u s: closed",
			  hl->dev, HTTP_REQUEST_TIME);
		shutdown(c->fd, SHUT_RDWR);
	}
	run(hl);
}

static void accept_ready(struct ev_fd *ev, uint32_t revents)
{
	struct http_listener *hl = container_of(ev, struct http_listener, lev);
	struct sockaddr_storage ss;
	socklen_t len;
	bool added = false;
	int i, fd;

	(void)revents;
	for (i = 0; ev->fd >= 0 && i < ACCEPT_BATCH; i++) {
		len = sizeof(ss);
		fd = accept4(ev->fd, (struct sockaddr *)&ss, &len,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			break;
		if (hl->n_conns >= HTTP_MAX_CONNS) {
			close(fd);
			hl->counts.refused++;
			continue;
		}
		/* It closes fd when it refuses it (per-address limit). */
		if (MHD_add_connection(hl->mhd, fd, (struct sockaddr *)&ss,
				       len) != MHD_YES)
			hl->counts.refused++;
		else
			added = true;
	}
	if (added)
		run(hl);
}

static void notify_connection(void *cls, struct MHD_Connection *connection,
			      void **socket_context,
			      enum MHD_ConnectionNotificationCode toe)
{
	struct http_listener *hl = cls;
	const union MHD_ConnectionInfo *info;
	struct http_conn *c = *socket_context;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		c = calloc(1, sizeof(*c));
		if (!c)
			return;		/* not followed: no deadline */
		info = MHD_get_connection_info(connection,
					       MHD_CONNECTION_INFO_CONNECTION_FD);
		c->hl = hl;
		c->fd = info ? info->connect_fd : -1;
		c->deadline = ev_now() + HTTP_REQUEST_TIME * 1000ull;
		c->next = hl->conns;
		if (c->next)
			c->next->pprev = &c->next;
		c->pprev = &hl->conns;
		hl->conns = c;
		hl->n_conns++;
		hl->counts.connections++;
		*socket_context = c;
		return;
	}
	if (!c)
		return;
	*c->pprev = c->next;
	if (c->next)
		c->next->pprev = c->pprev;
	hl->n_conns--;
	free(c);
	*socket_context = NULL;
}

static struct http_conn *conn_of(struct MHD_Connection *connection)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(connection,
					MHD_CONNECTION_INFO_SOCKET_CONTEXT);

	return info ? info->socket_context : NULL;
}

/* A request line was read: counted, and remembered until answered. */
static void *uri_log(void *cls, const char *uri, struct MHD_Connection *con)
{
	struct http_listener *hl = cls;
	struct http_conn *c = conn_of(con);

	(void)uri;
	hl->counts.requests++;
	return c;
}

static enum MHD_Result queue(struct http_listener *hl,
			     struct MHD_Connection *connection,
			     const struct http_answer *a, bool not_allowed)
{
	struct MHD_Response *resp;
	struct http_conn *c = conn_of(connection);
	enum MHD_Result ret;

	resp = MHD_create_response_from_buffer(a->len, (void *)a->body,
					       MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, a->type);
	if (not_allowed)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
					"GET, HEAD");
	ret = MHD_queue_response(connection, a->status, resp);
	MHD_destroy_response(resp);
	if (ret == MHD_YES) {
		count_status(&hl->counts, a->status);
		if (c)
			c->deadline = ev_now() + HTTP_REQUEST_TIME * 1000ull;
	}
	return ret;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *connection,
				 const char *url, const char *method,
				 const char *version, const char *upload_data,
				 size_t *upload_data_size, void **con_cls)
{
	static const char not_allowed[] = "method not allowed";
	static const char failed[] = "internal error";
	struct http_listener *hl = cls;
	struct http_answer a = { .type = "text/plain" };
	enum MHD_Result ret;
	bool get;

	(void)version;
	(void)upload_data;
	if (*con_cls == &answered_mark) {
		*upload_data_size = 0;	/* a body we do not read */
		return MHD_YES;
	}
	*con_cls = &answered_mark;
	get = !strcmp(method, MHD_HTTP_METHOD_GET) ||
	      !strcmp(method, MHD_HTTP_METHOD_HEAD);
	if (!get) {
		a = (struct http_answer){ .status = 405, .type = "text/plain",
			.body = not_allowed, .len = sizeof(not_allowed) - 1 };
		return queue(hl, connection, &a, true);
	}
	if (hl->handler.get(hl->handler.arg, url, &a)) {
		a = (struct http_answer){ .status = 500, .type = "text/plain",
			.body = failed, .len = sizeof(failed) - 1 };
		return queue(hl, connection, &a, false);
	}
	ret = queue(hl, connection, &a, false);
	if (hl->handler.done)
		hl->handler.done(hl->handler.arg, &a);
	return ret;
}

/*
 * libmicrohttpd's messages, at debug level. The answers it sends itself
 * (431, 414, 400, ...) reach no callback of ours but this one: they are
 * counted from the message that announces them.
 */
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	static const char answered[] =
		"Error processing request (HTTP response code is %u";
	struct http_listener *hl = cls;
	char buf[256];
	va_list copy;
	size_t n;

	if (!strncmp(fmt, answered, sizeof(answered) - 1)) {
		va_copy(copy, ap);
		count_status(&hl->counts, va_arg(copy, unsigned int));
		va_end(copy);
	}
	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	while (n && buf[n - 1] == '\n')
		buf[--n] = '\0';
	log_debug("http %s: %s", hl->dev, buf);
}

/* The listening socket: bound to dev if given, nonblocking; fd or -errno. */
static int listen_socket(const char *dev, const struct bgp_addr *addr,
			 uint16_t port)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int fd, one = 1, err;

	fd = socket(addr->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0)
		return -errno;
	if (addr->family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_addr = addr->v4;
		sin->sin_port = htons(port);
		len = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = addr->v6;
		sin6->sin6_port = htons(port);
		len = sizeof(*sin6);
	}
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    (dev && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev,
				   strlen(dev))) ||
	    setsockopt(fd, addr->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
		       addr->family == AF_INET ? IP_FREEBIND : IPV6_FREEBIND,
		       &one, sizeof(one)) ||
	    (addr->family == AF_INET6 &&
	     setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one))) ||
	    bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 64)) {
		err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int http_listener_open(struct http_listener *hl, struct ev_loop *loop,
		       const char *dev, const struct bgp_addr *addr,
		       uint16_t port, const struct http_handler *handler,
		       const struct http_counts *counts)
{
	const union MHD_DaemonInfo *info;
	int ret;

	memset(hl, 0, sizeof(*hl));
	hl->lev.fd = hl->mev.fd = -1;
	hl->loop = loop;
	hl->handler = *handler;
	hl->timer.cb = timer_cb;
	hl->lev.cb = accept_ready;
	hl->mev.cb = mhd_ready;
	if (counts)
		hl->counts = *counts;
	snprintf(hl->dev, sizeof(hl->dev), "%s", dev ? dev : "(any)");
	hl->mhd = MHD_start_daemon(
		MHD_USE_EPOLL | MHD_USE_NO_LISTEN_SOCKET | MHD_USE_ERROR_LOG,
		0, NULL, NULL, access_cb, hl,
		MHD_OPTION_EXTERNAL_LOGGER, mhd_log, hl,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned int)HTTP_MAX_CONNS,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT,
		(unsigned int)HTTP_MAX_CONNS_IP,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)HTTP_IDLE_TIMEOUT,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_MEMORY_LIMIT,
		MHD_OPTION_NOTIFY_CONNECTION, notify_connection, hl,
		MHD_OPTION_URI_LOG_CALLBACK, uri_log, hl,
		MHD_OPTION_END);
	if (!hl->mhd)
		return -ENOMEM;
	info = MHD_get_daemon_info(hl->mhd, MHD_DAEMON_INFO_EPOLL_FD);
	if (!info || info->epoll_fd < 0)
		return -EINVAL;
	hl->mev.fd = info->epoll_fd;
	ret = ev_fd_add(loop, &hl->mev, EPOLLIN);
	if (ret) {
		hl->mev.fd = -1;
		return ret;
	}
	ret = listen_socket(dev, addr, port);
	if (ret < 0)
		return ret;
	hl->lev.fd = ret;
	ret = ev_fd_add(loop, &hl->lev, EPOLLIN);
	if (ret) {
		close(hl->lev.fd);
		hl->lev.fd = -1;
		return ret;
	}
	return 0;
}

bool http_listener_open_p(const struct http_listener *hl)
{
	return hl->lev.fd >= 0;
}

void http_listener_close(struct http_listener *hl)
{
	if (hl->lev.fd >= 0) {
		ev_fd_del(hl->loop, &hl->lev);
		close(hl->lev.fd);
	}
	if (hl->mev.fd >= 0)
		ev_fd_del(hl->loop, &hl->mev);
	if (hl->loop)
		ev_timer_stop(hl->loop, &hl->timer);
	/* Closes its connections: their notifications free ours. */
	if (hl->mhd)
		MHD_stop_daemon(hl->mhd);
	hl->mhd = NULL;
	hl->lev.fd = hl->mev.fd = -1;
}
