// SPDX-License-Identifier: GPL-2.0
/*
 * bgp_inject: a raw BGP speaker for tests. It connects to a speaker (or
 * accepts one connection), sends an OPEN (built from options, or given as
 * hex), completes the OPEN exchange, sends the crafted messages in order
 * and then waits to see whether the session survived them.
 *
 *   bgp_inject [-b LOCAL] [-p PORT] (-c ADDR | -a ADDR) [-A AS] [-i ID]
 *              [-H HOLD] [-V VERSION] [-N] [-C CAPAHEX]... [-O HEX]
 *              [-u HEX | -m HEX | -f FILE]... [-w SECONDS] [-x CMD]
 *              [-k SECONDS]
 *
 *   -c ADDR     connect to ADDR (port -p, default 179), from LOCAL if -b
 *   -a ADDR     listen on ADDR and accept one connection
 *   -A -i -H -V our OPEN: AS (default 65010; above 65535 AS_TRANS and the
 *               four-octet capability), identifier (10.0.1.10), hold time
 *               (3), version (4)
 *   -N          no capabilities at all (IPv4 unicast, two-octet AS)
 *   -C HEX      one more capability, code, length and value
 *   -O HEX      send this whole message instead of the built OPEN
 *   -u HEX      an UPDATE: HEX is its body, the header is added
 *   -m HEX      a raw message: HEX is sent as it is, header included
 *   -f FILE     messages from FILE, one a line: "u HEX" or "m HEX"
 *               ('#' lines and blank ones ignored)
 *   -w SECONDS  give up after this long (default 8)
 *   -x CMD      once the session survived, run CMD (sh -c) while still
 *               connected; its failure is exit status 4
 *   -k SECONDS  then keep printing what arrives for this long (a peer's
 *               UPDATEs, say; nothing is sent, so less than the hold time)
 *
 * HEX may hold spaces, ':' and '.' between bytes. Every message received
 * is printed on stdout, one line each:
 *   recv OPEN version V as AS hold H id A.B.C.D
 *   recv KEEPALIVE | recv UPDATE LEN HEX | recv ROUTE-REFRESH HEX
 *   recv NOTIFICATION CODE/SUBCODE data HEX (data - when empty)
 * and the progress as "established", "sent TYPE LEN", "closed", and at the
 * end "result up", "result reset" or "result timeout".
 *
 * The session survived when a KEEPALIVE arrives at least 300 ms after the
 * last crafted message was sent: a KEEPALIVE already on its way when the
 * message was read would arrive earlier; one sent after it was processed
 * comes after any NOTIFICATION the message caused. With hold time 3 the
 * peer sends one a second.
 *
 * Exit status: 0 the session is up, 1 it was reset (NOTIFICATION or close),
 * 2 usage or connection error, 3 timeout, 4 -x CMD failed.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "codec/msg.h"

#define MAX_MSGS	64
#define ALIVE_AFTER_MS	300

struct out_msg {
	uint8_t *buf;
	size_t len;
};

static struct out_msg msgs[MAX_MSGS];
static unsigned int n_msgs;
/* The values of -C capabilities, which the OPEN points into. */
static uint8_t *capas[BGP_OPEN_UNKNOWN_MAX];

static void usage(void)
{
	fprintf(stderr, "usage: bgp_inject [-b LOCAL] [-p PORT] (-c ADDR | -a ADDR) "
		"[-A AS] [-i ID] [-H HOLD] [-V VERSION] [-N] [-C CAPAHEX]... "
		"[-O HEX] [-u HEX | -m HEX | -f FILE]... [-w SECONDS] [-x CMD] "
		"[-k SECONDS]\n");
	exit(2);
}

static void die(const char *what)
{
	fprintf(stderr, "bgp_inject: %s\n", what);
	exit(2);
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* HEX to bytes in a new buffer of extra + n bytes at offset extra. */
static uint8_t *parse_hex(const char *s, size_t extra, size_t *len)
{
	uint8_t *buf = calloc(1, extra + strlen(s) / 2 + 1);
	size_t n = 0;
	int hi, lo;

	if (!buf)
		die("out of memory");
	while (*s) {
		if (isspace((unsigned char)*s) || *s == ':' || *s == '.') {
			s++;
			continue;
		}
		hi = hexval(s[0]);
		lo = s[1] ? hexval(s[1]) : -1;
		if (hi < 0 || lo < 0) {
			fprintf(stderr, "bgp_inject: bad hex at \"%s\"\n", s);
			exit(2);
		}
		buf[extra + n++] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	*len = n;
	return buf;
}

static void add_msg(uint8_t *buf, size_t len)
{
	if (n_msgs == MAX_MSGS)
		die("too many messages");
	msgs[n_msgs].buf = buf;
	msgs[n_msgs].len = len;
	n_msgs++;
}

static void add_update(const char *hex)
{
	size_t len;
	uint8_t *buf = parse_hex(hex, BGP_HDR_LEN, &len);

	if (len + BGP_HDR_LEN > 0xffff)
		die("UPDATE too long");
	bgp_hdr_put(buf, (uint16_t)(len + BGP_HDR_LEN), BGP_UPDATE);
	add_msg(buf, len + BGP_HDR_LEN);
}

static void add_raw(const char *hex)
{
	size_t len;
	uint8_t *buf = parse_hex(hex, 0, &len);

	add_msg(buf, len);
}

static void add_file(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[4 * BGP_MAX_LEN];
	char *s;

	if (!f) {
		perror(path);
		exit(2);
	}
	while (fgets(line, sizeof(line), f)) {
		s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s || *s == '#')
			continue;
		if (s[0] == 'u' && isspace((unsigned char)s[1]))
			add_update(s + 2);
		else if (s[0] == 'm' && isspace((unsigned char)s[1]))
			add_raw(s + 2);
		else
			die("a message line starts with \"u \" or \"m \"");
	}
	fclose(f);
}

static int parse_addr(const char *s, uint16_t port,
		      struct sockaddr_storage *ss, socklen_t *sl)
{
	struct sockaddr_in *in = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (inet_pton(AF_INET, s, &in->sin_addr) == 1) {
		in->sin_family = AF_INET;
		in->sin_port = htons(port);
		*sl = sizeof(*in);
		return 0;
	}
	if (inet_pton(AF_INET6, s, &in6->sin6_addr) == 1) {
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons(port);
		*sl = sizeof(*in6);
		return 0;
	}
	return -1;
}

static void print_hex(const uint8_t *p, size_t len)
{
	size_t i;

	if (!len)
		printf("-");
	for (i = 0; i < len; i++)
		printf("%02x", p[i]);
}

static const char *const type_names[] = {
	[BGP_OPEN] = "OPEN", [BGP_UPDATE] = "UPDATE",
	[BGP_NOTIFICATION] = "NOTIFICATION", [BGP_KEEPALIVE] = "KEEPALIVE",
	[BGP_ROUTE_REFRESH] = "ROUTE-REFRESH",
};

static void send_all(int fd, const uint8_t *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* The peer may have reset already: the reader says so. */
			printf("send: %s\n", strerror(errno));
			return;
		}
		buf += n;
		len -= (size_t)n;
	}
}

static void send_msg(int fd, const uint8_t *buf, size_t len)
{
	uint8_t type = len >= BGP_HDR_LEN ? buf[18] : 0;

	send_all(fd, buf, len);
	printf("sent %s %zu\n", type >= BGP_OPEN && type <= BGP_ROUTE_REFRESH ?
	       type_names[type] : "RAW", len);
	fflush(stdout);
}

/* Print one received message; returns its type. */
static uint8_t show(const uint8_t *msg, size_t len)
{
	uint8_t type = msg[18];
	const uint8_t *body = msg + BGP_HDR_LEN;
	size_t blen = len - BGP_HDR_LEN;
	struct in_addr id;

	switch (type) {
	case BGP_OPEN:
		if (blen < 10) {
			printf("recv OPEN short ");
			print_hex(body, blen);
			break;
		}
		memcpy(&id, body + 5, 4);
		printf("recv OPEN version %u as %u hold %u id %s", body[0],
		       body[1] << 8 | body[2], body[3] << 8 | body[4],
		       inet_ntoa(id));
		break;
	case BGP_NOTIFICATION:
		if (blen < 2) {
			printf("recv NOTIFICATION short");
			break;
		}
		printf("recv NOTIFICATION %u/%u data ", body[0], body[1]);
		print_hex(body + 2, blen - 2);
		break;
	case BGP_KEEPALIVE:
		printf("recv KEEPALIVE");
		break;
	case BGP_UPDATE:
	case BGP_ROUTE_REFRESH:
		printf("recv %s %zu ", type_names[type], len);
		print_hex(body, blen);
		break;
	default:
		printf("recv type %u %zu", type, len);
	}
	printf("\n");
	fflush(stdout);
	return type;
}

static int connect_to(const char *local, const char *remote, uint16_t port)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd;

	if (parse_addr(remote, port, &ss, &sl))
		die("bad address");
	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	if (local) {
		struct sockaddr_storage ls;
		socklen_t lsl;

		if (parse_addr(local, 0, &ls, &lsl) ||
		    bind(fd, (struct sockaddr *)&ls, lsl))
			die("bind to the local address");
	}
	if (connect(fd, (struct sockaddr *)&ss, sl)) {
		fprintf(stderr, "bgp_inject: connect: %s\n", strerror(errno));
		exit(2);
	}
	return fd;
}

static int accept_on(const char *addr, uint16_t port, int timeout_ms)
{
	struct sockaddr_storage ss;
	struct pollfd pfd;
	socklen_t sl;
	int fd, c, one = 1;

	if (parse_addr(addr, port, &ss, &sl))
		die("bad address");
	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, 1))
		die("cannot listen");
	printf("listening\n");
	fflush(stdout);
	pfd.fd = fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, timeout_ms) != 1) {
		printf("result timeout\n");
		exit(3);
	}
	c = accept(fd, NULL, NULL);
	if (c < 0)
		die("accept");
	close(fd);
	return c;
}

enum phase { OPENSENT, OPENCONFIRM, ESTABLISHED, WAITING, KEEPING };

int main(int argc, char **argv)
{
	struct bgp_open open = {
		.version = BGP_VERSION, .as = 65010, .hold = 3,
		.as4 = true, .route_refresh = true,
		.mp = 1u << BGP_AID_IPV4 | 1u << BGP_AID_IPV6,
	};
	const char *local = NULL, *remote = NULL, *listen_addr = NULL;
	const char *cmd = NULL;
	uint8_t *raw_open = NULL, *capa;
	size_t raw_open_len = 0, capa_len;
	unsigned long port = 179;
	double wait_s = 8, keep_s = 0;
	uint8_t buf[2 * BGP_MAX_LEN], obuf[BGP_MAX_LEN];
	size_t have = 0;
	uint64_t deadline, sent_at = 0;
	enum phase phase = OPENSENT;
	struct in_addr id;
	struct bgp_hdr hdr;
	struct bgp_err err;
	struct pollfd pfd;
	unsigned int i;
	int fd, opt, len, timeout;
	ssize_t n;

	inet_pton(AF_INET, "10.0.1.10", &id);
	open.bgp_id = ntohl(id.s_addr);
	while ((opt = getopt(argc, argv, "a:A:b:c:C:f:H:i:k:m:NO:p:u:V:w:x:")) != -1) {
		switch (opt) {
		case 'a':
			listen_addr = optarg;
			break;
		case 'A':
			open.as = (uint32_t)strtoul(optarg, NULL, 0);
			break;
		case 'b':
			local = optarg;
			break;
		case 'c':
			remote = optarg;
			break;
		case 'C':
			if (open.n_unknown == BGP_OPEN_UNKNOWN_MAX)
				die("too many capabilities");
			capa = parse_hex(optarg, 0, &capa_len);
			capas[open.n_unknown] = capa;
			if (capa_len < 2 || capa[1] != capa_len - 2)
				die("-C: code, length, value");
			open.unknown[open.n_unknown].code = capa[0];
			open.unknown[open.n_unknown].len = capa[1];
			open.unknown[open.n_unknown].value = capa + 2;
			open.n_unknown++;
			break;
		case 'f':
			add_file(optarg);
			break;
		case 'H':
			open.hold = (uint16_t)strtoul(optarg, NULL, 0);
			break;
		case 'i':
			if (inet_pton(AF_INET, optarg, &id) != 1)
				usage();
			open.bgp_id = ntohl(id.s_addr);
			break;
		case 'k':
			keep_s = strtod(optarg, NULL);
			break;
		case 'm':
			add_raw(optarg);
			break;
		case 'N':
			open.as4 = false;
			open.route_refresh = false;
			open.mp = 0;
			break;
		case 'O':
			raw_open = parse_hex(optarg, 0, &raw_open_len);
			break;
		case 'p':
			port = strtoul(optarg, NULL, 0);
			if (!port || port > 65535)
				usage();
			break;
		case 'u':
			add_update(optarg);
			break;
		case 'V':
			open.version = (uint8_t)strtoul(optarg, NULL, 0);
			break;
		case 'w':
			wait_s = strtod(optarg, NULL);
			break;
		case 'x':
			cmd = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc || !remote == !listen_addr)
		usage();
	if (open.as > 0xffff)
		open.as4 = true;

	deadline = now_ms() + (uint64_t)(wait_s * 1000);
	fd = remote ? connect_to(local, remote, (uint16_t)port) :
		      accept_on(listen_addr, (uint16_t)port,
				(int)(wait_s * 1000));
	printf("connected\n");
	if (raw_open) {
		send_msg(fd, raw_open, raw_open_len);
	} else {
		len = bgp_open_build(&open, obuf, sizeof(obuf));
		if (len < 0)
			die("OPEN does not fit");
		send_msg(fd, obuf, (size_t)len);
	}

	pfd.fd = fd;
	pfd.events = POLLIN;
	for (;;) {
		uint64_t t = now_ms();

		if (t >= deadline) {
			if (phase == KEEPING)
				return 0;
			printf("result timeout\n");
			return 3;
		}
		timeout = (int)(deadline - t);
		if (poll(&pfd, 1, timeout) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		if (!pfd.revents)
			continue;
		n = recv(fd, buf + have, sizeof(buf) - have, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			printf("closed%s%s\n", n < 0 ? ": " : "",
			       n < 0 ? strerror(errno) : "");
			printf("result reset\n");
			return 1;
		}
		have += (size_t)n;
		while (have >= BGP_HDR_LEN) {
			uint8_t type;

			if (bgp_hdr_parse(buf, have, &hdr, &err)) {
				printf("recv bad header %u/%u\n", err.code,
				       err.subcode);
				printf("result reset\n");
				return 1;
			}
			if (have < hdr.len)
				break;
			type = show(buf, hdr.len);
			memmove(buf, buf + hdr.len, have - hdr.len);
			have -= hdr.len;
			if (type == BGP_NOTIFICATION) {
				printf("result reset\n");
				return 1;
			}
			if (type == BGP_OPEN && phase == OPENSENT) {
				len = bgp_keepalive_build(obuf, sizeof(obuf));
				send_msg(fd, obuf, (size_t)len);
				phase = OPENCONFIRM;
			} else if (type == BGP_KEEPALIVE &&
				   phase == OPENCONFIRM) {
				phase = ESTABLISHED;
				printf("established\n");
				for (i = 0; i < n_msgs; i++)
					send_msg(fd, msgs[i].buf, msgs[i].len);
				sent_at = now_ms();
				phase = WAITING;
			} else if (type == BGP_KEEPALIVE && phase == WAITING &&
				   now_ms() >= sent_at + ALIVE_AFTER_MS) {
				printf("result up\n");
				fflush(stdout);
				if (cmd && system(cmd) != 0) {
					printf("check failed\n");
					return 4;
				}
				if (cmd)
					printf("check ok\n");
				if (keep_s <= 0)
					return 0;
				fflush(stdout);
				phase = KEEPING;
				deadline = now_ms() + (uint64_t)(keep_s * 1000);
			}
		}
	}
}
