// SPDX-License-Identifier: GPL-2.0
/*
 * One TCP connection of a peer. The receive buffer holds what has been
 * read and not yet decoded: every whole message in it is handed to the
 * FSM in place, a partial one waits for the next read. The send queue
 * holds what the socket did not take; EPOLLOUT is asked for only while it
 * is not empty.
 */
#include <errno.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/log.h"
#include "session/internal.h"

static socklen_t to_sockaddr(const struct bgp_addr *a, uint16_t port,
			     struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (a->family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr = a->v4;
		return sizeof(*sin);
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_port = htons(port);
	sin6->sin6_addr = a->v6;
	return sizeof(*sin6);
}

static void conn_ready(struct ev_fd *ev, uint32_t revents);

static struct bgp_conn *conn_new(struct bgp_peer *p, int dir, int fd)
{
	struct bgp_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->peer = p;
	c->dir = dir;
	c->ev.fd = fd;
	c->ev.cb = conn_ready;
	p->conn[dir] = c;
	return c;
}

static int conn_register(struct bgp_conn *c, uint32_t events)
{
	int one = 1;

	setsockopt(c->ev.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return ev_fd_add(&c->peer->d->loop, &c->ev, events);
}

static int open_socket(const struct bgp_peer_conf *conf)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	fd = socket(conf->peer_addr.family,
		    SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	/* Routed in the device's VRF, as its listener's connections are. */
	if (conf->dev[0] &&
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, conf->dev,
		       (socklen_t)strlen(conf->dev) + 1)) {
		close(fd);
		return -errno;
	}
	if (conf->local_addr.family) {
		len = to_sockaddr(&conf->local_addr, 0, &ss);
		if (bind(fd, (struct sockaddr *)&ss, len)) {
			close(fd);
			return -errno;
		}
	}
	len = to_sockaddr(&conf->peer_addr,
			  conf->peer_port ? conf->peer_port : BGP_PORT, &ss);
	if (connect(fd, (struct sockaddr *)&ss, len) && errno != EINPROGRESS) {
		close(fd);
		return -errno;
	}
	return fd;
}

int bgp_conn_connect(struct bgp_peer *p)
{
	struct bgp_conn *c;
	int fd, err;

	fd = open_socket(&p->conf);
	if (fd < 0)
		return fd;
	c = conn_new(p, BGP_CONN_OUT, fd);
	if (!c) {
		close(fd);
		return -ENOMEM;
	}
	c->state = BGP_ST_CONNECT;
	err = conn_register(c, EPOLLOUT);
	if (err)
		bgp_conn_close(c);
	return err;
}

int bgp_conn_accept(struct bgp_peer *p, int fd)
{
	struct bgp_conn *c = conn_new(p, BGP_CONN_IN, fd);
	int err;

	if (!c) {
		close(fd);
		return -ENOMEM;
	}
	c->before = p->state;
	c->before_since = p->state_since;
	c->before_since_wall = p->state_since_wall;
	err = conn_register(c, EPOLLIN);
	if (err) {
		bgp_conn_close(c);
		return err;
	}
	bgp_fsm_tcp_up(c);
	return 0;
}

void bgp_conn_close(struct bgp_conn *c)
{
	struct ev_loop *loop = &c->peer->d->loop;
	uint8_t drain[512];

	if (c->ev.fd < 0)
		return;
	ev_fd_del(loop, &c->ev);
	ev_timer_stop(loop, &c->hold);
	ev_timer_stop(loop, &c->keepalive);
	/*
	 * Unread data would make close() send a reset, which may overtake
	 * the NOTIFICATION just queued: read it away, then close our half.
	 */
	while (read(c->ev.fd, drain, sizeof(drain)) > 0)
		;
	shutdown(c->ev.fd, SHUT_WR);
	close(c->ev.fd);
	c->ev.fd = -1;
	free(c->tx);
	c->tx = NULL;
	c->peer->conn[c->dir] = NULL;
	ev_free_later(loop, c);
}

void bgp_conn_move(struct bgp_conn *c, int dir)
{
	c->peer->conn[c->dir] = NULL;
	c->dir = dir;
	c->peer->conn[dir] = c;
}

size_t bgp_conn_queued(const struct bgp_conn *c)
{
	return c->tx_len - c->tx_off;
}

static void update_events(struct bgp_conn *c)
{
	uint32_t events = EPOLLIN;

	if (bgp_conn_queued(c))
		events |= EPOLLOUT;
	ev_fd_mod(&c->peer->d->loop, &c->ev, events);
}

/* Write what the socket takes; a failure is remembered, not acted on. */
static void flush(struct bgp_conn *c)
{
	ssize_t n;

	while (bgp_conn_queued(c) && !c->tx_error) {
		n = send(c->ev.fd, c->tx + c->tx_off, bgp_conn_queued(c),
			 MSG_NOSIGNAL);
		if (n < 0) {
			if (errno != EAGAIN && errno != EINTR)
				c->tx_error = errno;
			if (errno != EINTR)
				break;
			continue;
		}
		c->tx_off += (size_t)n;
	}
	if (c->tx_error || !bgp_conn_queued(c))
		c->tx_off = c->tx_len = 0;
}

static int tx_reserve(struct bgp_conn *c, size_t len)
{
	size_t cap;
	uint8_t *tx;

	if (c->tx_off && c->tx_len + len > c->tx_cap) {
		memmove(c->tx, c->tx + c->tx_off, bgp_conn_queued(c));
		c->tx_len -= c->tx_off;
		c->tx_off = 0;
	}
	if (c->tx_len + len <= c->tx_cap)
		return 0;
	cap = c->tx_cap ? c->tx_cap : 4 * BGP_MAX_LEN;
	while (cap < c->tx_len + len)
		cap *= 2;
	tx = realloc(c->tx, cap);
	if (!tx)
		return -ENOMEM;
	c->tx = tx;
	c->tx_cap = cap;
	return 0;
}

int bgp_conn_send(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	if (c->tx_error)
		return 0;	/* the read side will see the connection go */
	if (tx_reserve(c, len))
		return -ENOMEM;
	memcpy(c->tx + c->tx_len, msg, len);
	c->tx_len += len;
	if (msg[BGP_MARKER_LEN + 2] < BGP_MSG_TYPES)
		c->peer->stats.msgs_out[msg[BGP_MARKER_LEN + 2]]++;
	flush(c);
	if (c->state != BGP_ST_CONNECT)
		update_events(c);
	return 0;
}

static void connected(struct bgp_conn *c)
{
	int err = 0;
	socklen_t len = sizeof(err);

	getsockopt(c->ev.fd, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err) {
		bgp_fsm_tcp_failed(c, strerror(err));
		return;
	}
	ev_fd_mod(&c->peer->d->loop, &c->ev, EPOLLIN);
	bgp_fsm_tcp_up(c);
}

/* Decode every whole message at the start of rx; -1 if c was closed. */
static int decode_rx(struct bgp_conn *c)
{
	struct bgp_err err;
	struct bgp_hdr hdr;
	size_t off = 0;

	while (c->rx_len - off >= BGP_HDR_LEN) {
		if (bgp_hdr_parse(c->rx + off, c->rx_len - off, &hdr, &err)) {
			bgp_fsm_error(c, &err);
			return -1;
		}
		if (c->rx_len - off < hdr.len)
			break;
		/* A hook may have stopped the peer: c->ev.fd is then -1. */
		if (bgp_fsm_msg(c, c->rx + off, hdr.len, hdr.type) ||
		    c->ev.fd < 0)
			return -1;
		off += hdr.len;
	}
	memmove(c->rx, c->rx + off, c->rx_len - off);
	c->rx_len -= off;
	return 0;
}

static void receive(struct bgp_conn *c)
{
	ssize_t n;

	for (;;) {
		n = read(c->ev.fd, c->rx + c->rx_len, BGP_RX_SIZE - c->rx_len);
		if (n == 0) {
			bgp_fsm_tcp_failed(c, "Connection closed by peer");
			return;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				bgp_fsm_tcp_failed(c, strerror(errno));
			return;
		}
		c->rx_len += (size_t)n;
		c->heard = true;
		if (decode_rx(c))
			return;
	}
}

static void conn_ready(struct ev_fd *ev, uint32_t revents)
{
	struct bgp_conn *c = (struct bgp_conn *)ev;
	bool was_full;

	if (ev->fd < 0)
		return;		/* closed earlier in this batch */
	if (c->state == BGP_ST_CONNECT) {
		connected(c);
		return;
	}
	if (revents & EPOLLOUT) {
		was_full = bgp_conn_queued(c) > BGP_TX_LOW;
		flush(c);
		update_events(c);
		if (was_full && bgp_conn_queued(c) <= BGP_TX_LOW)
			bgp_fsm_writable(c);
		if (ev->fd < 0)
			return;
	}
	if (revents & (EPOLLIN | EPOLLERR | EPOLLHUP))
		receive(c);
}

void bgp_peer_local_addr(const struct bgp_peer *p, struct bgp_addr *addr)
{
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned int i;

	*addr = p->conf.local_addr;
	for (i = 0; i < 2 && !addr->family; i++) {
		len = sizeof(ss);
		if (p->conn[i] && p->conn[i]->state == BGP_ST_ESTABLISHED &&
		    !getsockname(p->conn[i]->ev.fd, (struct sockaddr *)&ss,
				 &len))
			bgp_addr_from_sockaddr(&ss, addr);
	}
}
