// SPDX-License-Identifier: GPL-2.0
/*
 * kbench: the userspace half of the kernel benchmarks (bench/kernel.sh).
 *
 *   kbench gen 4|6 N SEED          N distinct random prefixes, one a line
 *   kbench load IFNAME FILE [1]    add FILE's prefixes as tenant routes of
 *                                  port IFNAME, batched (or one request a
 *                                  sendmsg() with 1); prints the rate
 *   kbench blast SRC DST SECONDS   UDP to DST:9 from SRC with sendmmsg()
 *                                  for SECONDS; prints the packets sent
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "genl.h"
#include "prefix.h"
#include "route.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rnd_state;

static uint64_t rnd(void)
{
	/* splitmix64: reproducible from the seed, good enough here */
	uint64_t z = (rnd_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Prefix lengths as in a routing table: mostly /24 (IPv4), /48 (IPv6). */
static unsigned int draw_len(int family)
{
	static const uint8_t len4[] = { 16, 20, 22, 23, 24, 24, 24, 24, 24,
					24, 24, 24, 26, 28, 32, 32 };
	static const uint8_t len6[] = { 32, 36, 40, 44, 48, 48, 48, 48, 48,
					48, 48, 48, 56, 64, 64, 128 };

	return family == 4 ? len4[rnd() % 16] : len6[rnd() % 16];
}

static void mask(struct dpubgp_prefix *p)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		if (i * 8 >= p->len)
			p->addr[i] = 0;
		else if (i * 8 + 8 > p->len)
			p->addr[i] &= (uint8_t)(0xff << (8 - p->len % 8));
	}
}

static uint64_t hash(const struct dpubgp_prefix *p)
{
	uint64_t h = p->len * 0x100000001b3ULL;
	unsigned int i;

	for (i = 0; i < 16; i++)
		h = (h ^ p->addr[i]) * 0x100000001b3ULL;
	return h ? h : 1;
}

static int gen(int family, size_t n, uint64_t seed)
{
	size_t size = 1, i, got = 0;
	uint64_t *set, h;
	struct dpubgp_prefix p;
	char buf[DPUBGP_PREFIX_STRLEN];

	while (size < 2 * n)
		size <<= 1;
	set = calloc(size, sizeof(*set));
	if (!set)
		return 1;
	rnd_state = seed;
	while (got < n) {
		memset(&p, 0, sizeof(p));
		p.family = family == 4 ? AF_INET : AF_INET6;
		p.len = (uint8_t)draw_len(family);
		for (i = 0; i < 16; i += 8) {
			uint64_t r = rnd();

			memcpy(p.addr + i, &r, 8);
		}
		if (family == 4) {
			/* unicast, and none of 0/8, 127/8 */
			p.addr[0] = (uint8_t)(1 + p.addr[0] % 223);
			if (p.addr[0] == 127)
				continue;
			memset(p.addr + 4, 0, 12);
		} else {
			p.addr[0] = 0x20;	/* 2000::/8, global */
		}
		mask(&p);
		h = hash(&p);
		for (i = h & (size - 1); set[i] && set[i] != h;
		     i = (i + 1) & (size - 1))
			;
		if (set[i])
			continue;	/* a duplicate, or a hash collision */
		set[i] = h;
		dpubgp_prefix_format(&p, buf, sizeof(buf));
		puts(buf);
		got++;
	}
	free(set);
	return 0;
}

static int load(const char *ifname, const char *file, int single)
{
	struct dpubgp_route *routes = NULL;
	size_t n = 0, room = 0, i, failed = 0;
	struct dpubgp_extack ext;
	struct dpubgp_nl nl;
	unsigned int ifindex = if_nametoindex(ifname);
	char line[128];
	double t;
	FILE *f;
	int ret = 0;

	f = fopen(file, "r");
	if (!ifindex || !f) {
		fprintf(stderr, "kbench: %s: %s\n", f ? ifname : file,
			strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (n == room) {
			room = room ? 2 * room : 1024;
			routes = realloc(routes, room * sizeof(*routes));
			if (!routes)
				return 1;
		}
		memset(&routes[n], 0, sizeof(routes[n]));
		if (dpubgp_prefix_parse(line, &routes[n].prefix)) {
			fprintf(stderr, "kbench: bad prefix %s\n", line);
			return 1;
		}
		routes[n++].ifindex = ifindex;
	}
	fclose(f);
	if (dpubgp_nl_open(&nl, &ext)) {
		fprintf(stderr, "kbench: %s\n", ext.msg);
		return 1;
	}
	t = now();
	if (single) {
		for (i = 0; i < n && !ret; i++)
			ret = dpubgp_route_add(&nl, &routes[i], &ext);
		failed = i - 1;
	} else {
		ret = dpubgp_route_add_batch(&nl, routes, n, &failed, &ext);
	}
	t = now() - t;
	dpubgp_nl_close(&nl);
	if (ret) {
		fprintf(stderr, "kbench: route %zu: %s (%s)\n", failed,
			strerror(-ret), ext.msg);
		return 1;
	}
	printf("routes=%zu seconds=%.3f rate=%.0f\n", n, t, (double)n / t);
	free(routes);
	return 0;
}

#define BLAST_BATCH 64

static int blast(const char *src, const char *dst, double seconds)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	struct mmsghdr msgs[BLAST_BATCH];
	struct iovec iov;
	char payload[64] = "kbench";
	unsigned long long sent = 0;
	double start, end;
	int fd, i, ret;

	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || inet_pton(AF_INET, src, &sin.sin_addr) != 1 ||
	    bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		goto err;
	sin.sin_port = htons(9);
	if (inet_pton(AF_INET, dst, &sin.sin_addr) != 1 ||
	    connect(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0)
		goto err;
	iov.iov_base = payload;
	iov.iov_len = sizeof(payload);
	memset(msgs, 0, sizeof(msgs));
	for (i = 0; i < BLAST_BATCH; i++) {
		msgs[i].msg_hdr.msg_iov = &iov;
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	start = now();
	end = start + seconds;
	while (now() < end) {
		ret = sendmmsg(fd, msgs, BLAST_BATCH, 0);
		if (ret > 0)
			sent += (unsigned int)ret;
		else if (errno != ENOBUFS && errno != EAGAIN &&
			 errno != ECONNREFUSED)
			goto err;
	}
	printf("sent=%llu seconds=%.3f\n", sent, now() - start);
	close(fd);
	return 0;
err:
	perror("kbench: blast");
	return 1;
}

int main(int argc, char *argv[])
{
	if (argc == 5 && !strcmp(argv[1], "gen"))
		return gen(atoi(argv[2]), strtoul(argv[3], NULL, 0),
			   strtoull(argv[4], NULL, 0));
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "load"))
		return load(argv[2], argv[3], argc == 5);
	if (argc == 5 && !strcmp(argv[1], "blast"))
		return blast(argv[2], argv[3], atof(argv[4]));
	fprintf(stderr, "usage: kbench gen 4|6 N SEED | load IFNAME FILE [1] | blast SRC DST SECONDS\n");
	return 2;
}
