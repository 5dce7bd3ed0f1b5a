// SPDX-License-Identifier: GPL-2.0
/*
 * ingest_inject: the injector of bench/ingest. It draws N distinct prefixes
 * of one family (prefixgen.h: a routing table's length mix, reproducible
 * from the seed), encodes them with the project's codec into UPDATEs of up
 * to 4096 bytes, all with one attribute set (AS_PATH [AS], communities
 * AS:100 and 65100:1 (leak to the underlay), extended community RT AS:1,
 * large community AS:1:1), then End-of-RIB, all before it connects. It
 * connects to the device under test, exchanges OPENs (four-octet AS, the
 * family's multiprotocol capability) and writes the whole stream through
 * a non-blocking socket with a large send buffer: a write() per POLLOUT,
 * so a few hundred syscalls for a million prefixes. It then keeps the
 * session up with KEEPALIVEs until SIGTERM or SIGINT. A connection that
 * fails before Established (a daemon not listening yet) is retried every
 * second, 30 times.
 *
 *   ingest_inject -c ADDR [-b LOCAL] [-p PORT] [-A AS] [-i ID] -n N
 *                 [-f 4|6] [-s SEED] [-m MARKFILE]
 *
 *   -c ADDR     the device under test (port -p, default 179)
 *   -b LOCAL    our address: the connection's source and the next hop
 *               (required)
 *   -A AS       our AS (default 65010)
 *   -i ID       our BGP identifier (default 10.255.0.1)
 *   -f 4|6      the prefixes' family (default 4); IPv6 goes in MP_REACH
 *   -m MARKFILE the CLOCK_MONOTONIC time (ns) of the first UPDATE's write
 *
 * Lines on stdout (key=value, for bench/ingest/run.sh):
 *   inject built prefixes=N messages=M bytes=B
 *   inject established peer_as=AS hold=S
 *   inject sent prefixes=N messages=M bytes=B writes=W seconds=S
 *   inject cpu=SECONDS            (user + system, at exit)
 * Exit status: 0 stopped by a signal, 1 the session failed, 2 usage.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "codec/attrset.h"
#include "codec/msg.h"
#include "prefixgen.h"
#include "codec/update.h"

#define HOLD_TIME	180
#define SNDBUF		(4 << 20)
#define RETRIES		30

struct buf {
	uint8_t *p;
	size_t len, cap;
};

struct opts {
	const char *peer, *local;
	uint16_t port;
	uint32_t as, id;
	size_t n;
	int family;
	uint64_t seed;
	const char *markfile;
};

static volatile sig_atomic_t stopped;

static void on_signal(int sig)
{
	(void)sig;
	stopped = 1;
}

static void usage(void)
{
	fprintf(stderr, "usage: ingest_inject -c ADDR [-b LOCAL] [-p PORT] "
		"[-A AS] [-i ID] -n N [-f 4|6] [-s SEED] [-m MARKFILE]\n");
	exit(2);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* User + system CPU seconds of this process. */
static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static int append(void *arg, const uint8_t *msg, size_t len)
{
	struct buf *b = arg;
	uint8_t *p;

	if (b->len + len > b->cap) {
		b->cap = b->cap ? 2 * b->cap : 1 << 20;
		p = realloc(b->p, b->cap);
		if (!p)
			return -1;
		b->p = p;
	}
	memcpy(b->p + b->len, msg, len);
	b->len += len;
	return 0;
}

/* The whole stream: the UPDATEs of N prefixes and End-of-RIB. */
static int build(const struct opts *o, const uint8_t *nexthop,
		 struct buf *out, size_t *n_msgs)
{
	uint32_t communities[] = { o->as << 16 | 100, 65100u << 16 | 1 };
	uint64_t ext[] = { 0x0002ULL << 48 | (uint64_t)(o->as & 0xffff) << 32 | 1 };
	struct bgp_large_community large[] = { { o->as, 1, 1 } };
	struct bgp_session s = { .as4 = true, .ebgp = true };
	uint8_t aspath[6] = { BGP_AS_SEQUENCE, 1 };
	struct bgp_attrs a = {
		.present = BGP_ATTRS_ORIGIN | BGP_ATTRS_AS_PATH |
			   BGP_ATTRS_NEXT_HOP,
		.origin = BGP_ORIGIN_IGP,
		.aspath = aspath, .aspath_len = sizeof(aspath),
		.communities = communities, .n_communities = 2,
		.ext_communities = ext, .n_ext_communities = 1,
		.large_communities = large, .n_large_communities = 1,
	};
	struct dpubgp_prefix *prefixes;
	const uint8_t *p;
	int ret;

	aspath[2] = (uint8_t)(o->as >> 24);
	aspath[3] = (uint8_t)(o->as >> 16);
	aspath[4] = (uint8_t)(o->as >> 8);
	aspath[5] = (uint8_t)o->as;
	a.nexthop_len = o->family == 4 ? 4 : 16;
	memcpy(a.nexthop, nexthop, a.nexthop_len);
	prefixes = calloc(o->n ? o->n : 1, sizeof(*prefixes));
	if (!prefixes || prefixgen(o->family, o->n, o->seed, prefixes)) {
		free(prefixes);
		return -1;
	}
	ret = bgp_update_announce(&s, &a, prefixes, o->n, append, out);
	free(prefixes);
	if (ret || bgp_update_eor(o->family == 4 ? BGP_AID_IPV4 : BGP_AID_IPV6,
				  append, out))
		return -1;
	*n_msgs = 0;
	for (p = out->p; p < out->p + out->len; (*n_msgs)++)
		p += p[BGP_MARKER_LEN] << 8 | p[BGP_MARKER_LEN + 1];
	return 0;
}

static int sockaddr_parse(const char *str, uint16_t port,
			  struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, str, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		*len = sizeof(*sin);
		return 0;
	}
	if (inet_pton(AF_INET6, str, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		*len = sizeof(*sin6);
		return 0;
	}
	return -1;
}

static int dial(const struct opts *o)
{
	struct sockaddr_storage peer, local;
	socklen_t peer_len, local_len;
	int fd, size = SNDBUF;

	if (sockaddr_parse(o->peer, o->port, &peer, &peer_len) ||
	    sockaddr_parse(o->local, 0, &local, &local_len) ||
	    peer.ss_family != local.ss_family)
		usage();
	fd = socket(peer.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	/* Past net.core.wmem_max when we may (root), else as far as it goes. */
	if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &size, sizeof(size)))
		setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	if (bind(fd, (struct sockaddr *)&local, local_len) ||
	    connect(fd, (struct sockaddr *)&peer, peer_len)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const uint8_t *msg, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(fd, msg, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			struct pollfd pfd = { .fd = fd, .events = POLLOUT };

			if (errno != EAGAIN || poll(&pfd, 1, 1000) < 0)
				return -1;
			continue;
		}
		msg += n;
		len -= (size_t)n;
	}
	return 0;
}

struct session {
	int fd;
	uint8_t rx[2 * BGP_MAX_LEN];
	size_t rx_len;
	bool got_open, established;
	uint32_t peer_as;
	uint16_t hold;
};

/* One message from the peer: 0, or -1 when the session is over. */
static int handle(struct session *s, const uint8_t *msg, size_t len,
		  uint8_t type)
{
	struct bgp_notification n;
	struct bgp_open open;
	struct bgp_err err;
	uint8_t ka[BGP_HDR_LEN];

	switch (type) {
	case BGP_OPEN:
		if (s->got_open || bgp_open_parse(msg, len, &open, &err)) {
			fprintf(stderr, "ingest_inject: bad OPEN\n");
			return -1;
		}
		if (!open.as4) {
			fprintf(stderr, "ingest_inject: no four-octet AS\n");
			return -1;
		}
		s->got_open = true;
		s->peer_as = open.as;
		s->hold = open.hold < HOLD_TIME ? open.hold : HOLD_TIME;
		return send_all(s->fd, ka, (size_t)bgp_keepalive_build(ka,
								sizeof(ka)));
	case BGP_KEEPALIVE:
		s->established |= s->got_open;
		return 0;
	case BGP_NOTIFICATION:
		if (!bgp_notification_parse(msg, len, &n, &err))
			fprintf(stderr, "ingest_inject: NOTIFICATION %u/%u\n",
				n.code, n.subcode);
		return -1;
	default:
		return 0;	/* UPDATEs (there should be none), refreshes */
	}
}

/* Read what is there and handle every whole message: 0 or -1. */
static int receive(struct session *s)
{
	struct bgp_err err;
	struct bgp_hdr hdr;
	size_t off = 0;
	ssize_t n;

	n = recv(s->fd, s->rx + s->rx_len, sizeof(s->rx) - s->rx_len,
		 MSG_DONTWAIT);
	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -1;
	if (n == 0) {
		fprintf(stderr, "ingest_inject: the peer closed\n");
		return -1;
	}
	s->rx_len += (size_t)n;
	while (s->rx_len - off >= BGP_HDR_LEN) {
		if (bgp_hdr_parse(s->rx + off, s->rx_len - off, &hdr, &err))
			return -1;
		if (s->rx_len - off < hdr.len)
			break;
		if (handle(s, s->rx + off, hdr.len, hdr.type))
			return -1;
		off += hdr.len;
	}
	memmove(s->rx, s->rx + off, s->rx_len - off);
	s->rx_len -= off;
	return 0;
}

static int open_session(struct session *s, const struct opts *o)
{
	struct bgp_open open = {
		.version = BGP_VERSION,
		.my_as = o->as > 0xffff ? BGP_AS_TRANS : (uint16_t)o->as,
		.hold = HOLD_TIME, .bgp_id = o->id, .as = o->as, .as4 = true,
		.route_refresh = true,
		.mp = 1u << (o->family == 4 ? BGP_AID_IPV4 : BGP_AID_IPV6),
	};
	uint8_t msg[BGP_MAX_LEN];
	struct pollfd pfd;
	uint64_t deadline = now_ns() + 30 * 1000000000ULL;
	int len;

	s->fd = dial(o);
	if (s->fd < 0) {
		perror("ingest_inject: connect");
		return -1;
	}
	s->rx_len = 0;
	s->got_open = s->established = false;
	len = bgp_open_build(&open, msg, sizeof(msg));
	if (len < 0 || send_all(s->fd, msg, (size_t)len))
		return -1;
	while (!s->established && !stopped && now_ns() < deadline) {
		pfd = (struct pollfd){ .fd = s->fd, .events = POLLIN };
		if (poll(&pfd, 1, 1000) > 0 && receive(s))
			return -1;
	}
	return s->established ? 0 : -1;
}

static void write_mark(const char *file, uint64_t ns)
{
	FILE *f;

	if (!file)
		return;
	f = fopen(file, "w");
	if (!f || fprintf(f, "%llu\n", (unsigned long long)ns) < 0 ||
	    fclose(f)) {
		perror("ingest_inject: mark file");
		exit(1);
	}
}

/*
 * Write the stream as fast as the peer takes it, then keep the session
 * alive until a signal: 0, or -1 when the session failed.
 */
static int run(struct session *s, const struct opts *o, const struct buf *b,
	       size_t n_msgs)
{
	uint64_t start, ka_every, next_ka;
	unsigned long writes = 0;
	uint8_t ka[BGP_HDR_LEN];
	struct pollfd pfd;
	size_t off = 0;
	ssize_t n;

	ka_every = (uint64_t)(s->hold ? s->hold : HOLD_TIME) / 3 * 1000000000ULL;
	next_ka = now_ns() + ka_every;
	start = now_ns();
	write_mark(o->markfile, start);
	while (!stopped) {
		pfd = (struct pollfd){ .fd = s->fd, .events = POLLIN };
		if (off < b->len)
			pfd.events |= POLLOUT;
		if (poll(&pfd, 1, 1000) < 0 && errno != EINTR)
			return -1;
		if (pfd.revents & (POLLIN | POLLERR | POLLHUP) && receive(s))
			return -1;
		if (pfd.revents & POLLOUT) {
			n = send(s->fd, b->p + off, b->len - off,
				 MSG_NOSIGNAL | MSG_DONTWAIT);
			writes++;
			if (n < 0 && errno != EAGAIN && errno != EINTR)
				return -1;
			off += n > 0 ? (size_t)n : 0;
			if (off == b->len)
				printf("inject sent prefixes=%zu messages=%zu "
				       "bytes=%zu writes=%lu seconds=%.3f\n",
				       o->n, n_msgs, b->len, writes,
				       (double)(now_ns() - start) / 1e9),
				fflush(stdout);
		}
		/* KEEPALIVEs go between messages: only once all is sent. */
		if (off == b->len && now_ns() >= next_ka) {
			if (send_all(s->fd, ka, (size_t)bgp_keepalive_build(
					     ka, sizeof(ka))))
				return -1;
			next_ka += ka_every;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = { .port = 179, .as = 65010, .id = 0x0aff0001,
			  .family = 4, .seed = 1 };
	struct sigaction sa = { .sa_handler = on_signal };
	struct session s = { .fd = -1 };
	uint8_t nexthop[16];
	struct buf b = { 0 };
	struct in_addr id;
	size_t n_msgs;
	int opt, ret, attempt;

	while ((opt = getopt(argc, argv, "c:b:p:A:i:n:f:s:m:")) != -1) {
		if (opt == 'c')
			o.peer = optarg;
		else if (opt == 'b')
			o.local = optarg;
		else if (opt == 'p')
			o.port = (uint16_t)atoi(optarg);
		else if (opt == 'A')
			o.as = (uint32_t)strtoul(optarg, NULL, 10);
		else if (opt == 'i' && inet_pton(AF_INET, optarg, &id) == 1)
			o.id = ntohl(id.s_addr);
		else if (opt == 'n')
			o.n = strtoul(optarg, NULL, 10);
		else if (opt == 'f')
			o.family = atoi(optarg);
		else if (opt == 's')
			o.seed = strtoull(optarg, NULL, 10);
		else if (opt == 'm')
			o.markfile = optarg;
		else
			usage();
	}
	if (!o.peer || !o.local || !o.n || !o.as ||
	    (o.family != 4 && o.family != 6) ||
	    inet_pton(o.family == 4 ? AF_INET : AF_INET6, o.local,
		      nexthop) != 1)
		usage();
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	if (build(&o, nexthop, &b, &n_msgs)) {
		fprintf(stderr, "ingest_inject: out of memory\n");
		return 1;
	}
	printf("inject built prefixes=%zu messages=%zu bytes=%zu\n", o.n,
	       n_msgs, b.len);
	fflush(stdout);
	/* A daemon just started may not listen yet: retry, as BGP would. */
	for (attempt = 1; (ret = open_session(&s, &o)) && attempt < RETRIES &&
	     !stopped; attempt++) {
		if (s.fd >= 0)
			close(s.fd);
		poll(NULL, 0, 1000);
	}
	if (!ret) {
		printf("inject established peer_as=%u hold=%u\n", s.peer_as,
		       s.hold);
		fflush(stdout);
		ret = run(&s, &o, &b, n_msgs);
	}
	printf("inject cpu=%.3f\n", cpu_seconds());
	if (s.fd >= 0)
		close(s.fd);
	free(b.p);
	return ret ? 1 : 0;
}
