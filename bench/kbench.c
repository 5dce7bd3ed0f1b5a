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

#include "kernel/genl.h"
#include "base/prefix.h"
#include "prefixgen.h"
#include "kernel/route.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int gen(int family, size_t n, uint64_t seed)
{
	struct dpubgp_prefix *prefixes = calloc(n ? n : 1, sizeof(*prefixes));
	char buf[DPUBGP_PREFIX_STRLEN];
	size_t i;

	if (!prefixes || prefixgen(family, n, seed, prefixes)) {
		free(prefixes);
		return 1;
	}
	for (i = 0; i < n; i++) {
		dpubgp_prefix_format(&prefixes[i], buf, sizeof(buf));
		puts(buf);
	}
	free(prefixes);
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
