// SPDX-License-Identifier: GPL-2.0
#define _GNU_SOURCE	/* accept4 */
/*
 * The listening sockets and the dispatch of what they accept. An incoming
 * connection goes to the configured peer of its source address and of the
 * listener's device; one from an address no peer there has, or for a peer
 * that is stopped or already has an incoming connection, is closed at once
 * (RFC 4271 8.2.1.1: a speaker accepts connections only from the peers it
 * knows).
 *
 * A listener bound to a device (SO_BINDTODEVICE) sees only the connections
 * that arrive on it; with l3mdev, a socket bound to a VRF's slave matches
 * them too, as the slave is the packet's second interface index (sdif).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "base/log.h"
#include "session/internal.h"

struct bgpd_listener {
	struct ev_fd ev;
	struct bgpd *d;
	struct bgpd_listener *next;
	struct bgp_addr addr;
	uint16_t port;
	char dev[IFNAMSIZ];		/* "": not bound to a device */
};
static void dispatch(struct bgpd_listener *l, int fd,
		     const struct bgp_addr *from)
{
	struct bgp_peer *p = bgpd_peer_find(l->d, from, l->dev);
	char name[BGP_PEER_NAMELEN];
	const char *why = NULL;

	if (!p)
		why = "no such peer";
	else if (bgp_peer_idle_held(p))
		why = "peer held idle after its maximum prefixes";
	else if (!p->started)
		why = "peer stopped";
	else if (p->conn[BGP_CONN_IN] &&
		 (p->conn[BGP_CONN_IN]->state != BGP_ST_ESTABLISHED ||
		  p->conn[BGP_CONN_OUT]))
		why = "peer has an incoming connection already";
	/*
	 * An Established incoming connection makes room: a new one may be
	 * the peer back from a restart (fsm.c, resolve_collision), and
	 * an Established connection's direction no longer matters.
	 */
	else if (p->conn[BGP_CONN_IN])
		bgp_conn_move(p->conn[BGP_CONN_IN], BGP_CONN_OUT);
	if (why) {
		log_info("connection from %s refused: %s",
			 bgp_peer_format(from, l->dev, name, sizeof(name)),
			 why);
		close(fd);
		return;
	}
	bgp_conn_accept(p, fd);
}

static void listener_ready(struct ev_fd *ev, uint32_t revents)
{
	struct bgpd_listener *l = (struct bgpd_listener *)ev;
	struct sockaddr_storage ss;
	struct bgp_addr from;
	socklen_t len;
	int fd;

	(void)revents;
	while (ev->fd >= 0) {
		len = sizeof(ss);
		fd = accept4(ev->fd, (struct sockaddr *)&ss, &len,
			     SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;		/* EAGAIN, or a connection gone already */
		bgp_addr_from_sockaddr(&ss, &from);
		dispatch(l, fd, &from);
	}
}

/* Bound to dev, and to an address dev may not have yet. */
static int bind_to_dev(int fd, sa_family_t family, const char *dev)
{
	int one = 1;

	if (setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev,
		       (socklen_t)strlen(dev) + 1) ||
	    (family == AF_INET ?
	     setsockopt(fd, IPPROTO_IP, IP_FREEBIND, &one, sizeof(one)) :
	     setsockopt(fd, IPPROTO_IPV6, IPV6_FREEBIND, &one, sizeof(one))))
		return -errno;
	return 0;
}

static int listen_socket(const struct bgp_addr *addr, uint16_t port,
			 const char *dev)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len = sizeof(*sin);
	int fd, one = 1;

	fd = socket(addr->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd < 0)
		return -errno;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (*dev && (one = bind_to_dev(fd, addr->family, dev))) {
		close(fd);
		return one;
	}
	one = 1;
	if (addr->family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = addr->v6;
		len = sizeof(*sin6);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr = addr->v4;
	}
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 64)) {
		one = -errno;
		close(fd);
		return one;
	}
	return fd;
}

static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len))
		return -errno;
	return ntohs(ss.ss_family == AF_INET ?
		     ((struct sockaddr_in *)&ss)->sin_port :
		     ((struct sockaddr_in6 *)&ss)->sin6_port);
}

int bgpd_listen(struct bgpd *d, const struct bgp_addr *addr, uint16_t port)
{
	return bgpd_listen_dev(d, addr, port, NULL);
}

int bgpd_listen_dev(struct bgpd *d, const struct bgp_addr *addr,
		    uint16_t port, const char *dev)
{
	struct bgpd_listener *l;
	int fd, err;

	if (!dev)
		dev = "";
	if (strlen(dev) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	fd = listen_socket(addr, port, dev);
	if (fd < 0)
		return fd;
	l = calloc(1, sizeof(*l));
	if (!l) {
		close(fd);
		return -ENOMEM;
	}
	l->d = d;
	l->addr = *addr;
	l->port = port;
	snprintf(l->dev, sizeof(l->dev), "%s", dev);
	l->ev.fd = fd;
	l->ev.cb = listener_ready;
	err = ev_fd_add(&d->loop, &l->ev, EPOLLIN);
	if (err) {
		close(fd);
		free(l);
		return err;
	}
	l->next = d->listeners;
	d->listeners = l;
	return bound_port(fd);
}

static struct bgpd_listener **listener_find(struct bgpd *d,
					     const struct bgp_addr *addr,
					     uint16_t port, const char *dev)
{
	struct bgpd_listener **pl;

	for (pl = &d->listeners; *pl; pl = &(*pl)->next)
		if ((*pl)->port == port && bgp_addr_equal(&(*pl)->addr, addr) &&
		    bgp_same_dev((*pl)->dev, dev))
			return pl;
	return NULL;
}

bool bgpd_listening(struct bgpd *d, const struct bgp_addr *addr,
		    uint16_t port, const char *dev)
{
	return listener_find(d, addr, port, dev);
}

bool bgpd_unlisten(struct bgpd *d, const struct bgp_addr *addr, uint16_t port,
		   const char *dev)
{
	struct bgpd_listener **pl = listener_find(d, addr, port, dev), *l;

	if (!pl)
		return false;
	l = *pl;
	*pl = l->next;
	ev_fd_del(&d->loop, &l->ev);
	close(l->ev.fd);
	l->ev.fd = -1;		/* a pending event of it finds it dead */
	ev_free_later(&d->loop, l);
	return true;
}

void bgp_listeners_close(struct bgpd *d)
{
	struct bgpd_listener *l;

	while ((l = d->listeners)) {
		d->listeners = l->next;
		close(l->ev.fd);
		free(l);
	}
}
