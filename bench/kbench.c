// SPDX-License-Identifier: GPL-2.0
/*
 * kbench: the userspace half of the kernel benchmarks (bench/kernel.sh).
 *
 *   kbench gen 4|6 N SEED          N distinct random prefixes, one a line
 *   kbench load IFNAME FILE [1]    add FILE's prefixes as tenant routes of
 *                                  port IFNAME, batched (or one request a
 *                                  sendmsg() with 1); prints the rate
 *   kbench install IFNAME GW TABLE FILE
 *                                  install FILE's prefixes via GW dev IFNAME
 *                                  in TABLE as dpubgpd does (rtnetlink,
 *                                  batched); prints the rate
 *   kbench wait TABLE N SECONDS    dump the routes of protocol 124 until
 *                                  TABLE holds N (or SECONDS passed);
 *                                  prints when, CLOCK_MONOTONIC ns
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
#include <linux/rtnetlink.h>

#include "base/addr.h"
#include "base/prefix.h"
#include "kernel/genl.h"
#include "kernel/route.h"
#include "kernel/rtnl.h"
#include "prefixgen.h"

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

/*
 * FILE's prefixes, one a line, into *prefixes: their count; 0, and nothing
 * to free, if there are none or on failure.
 */
static size_t read_prefixes(const char *file, struct dpubgp_prefix **prefixes)
{
	struct dpubgp_prefix *p = NULL, *grown;
	size_t n = 0, room = 0;
	char line[128];
	FILE *f = fopen(file, "r");

	if (!f) {
		fprintf(stderr, "kbench: %s: %s\n", file, strerror(errno));
		return 0;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (n == room) {
			room = room ? 2 * room : 1024;
			grown = realloc(p, room * sizeof(*p));
			if (!grown)
				goto fail;
			p = grown;
		}
		if (dpubgp_prefix_parse(line, &p[n++])) {
			fprintf(stderr, "kbench: bad prefix %s\n", line);
			goto fail;
		}
	}
	fclose(f);
	*prefixes = p;
	return n;
fail:
	fclose(f);
	free(p);
	return 0;
}

static int report(size_t n, double t, int ret, size_t failed,
		  const struct dpubgp_extack *ext)
{
	if (ret) {
		fprintf(stderr, "kbench: route %zu: %s (%s)\n", failed,
			strerror(-ret), ext->msg);
		return 1;
	}
	printf("routes=%zu seconds=%.3f rate=%.0f\n", n, t, (double)n / t);
	return 0;
}

static int load(const char *ifname, const char *file, int single)
{
	unsigned int ifindex = if_nametoindex(ifname);
	struct dpubgp_prefix *prefixes = NULL;
	struct dpubgp_route *routes;
	size_t n, i, failed = 0;
	struct dpubgp_extack ext;
	struct dpubgp_nl nl;
	double t;
	int ret = 0;

	if (!ifindex) {
		fprintf(stderr, "kbench: %s: %s\n", ifname, strerror(errno));
		return 1;
	}
	n = read_prefixes(file, &prefixes);
	routes = n ? calloc(n, sizeof(*routes)) : NULL;
	if (!routes) {
		free(prefixes);
		return 1;
	}
	for (i = 0; i < n; i++) {
		routes[i].prefix = prefixes[i];
		routes[i].ifindex = ifindex;
	}
	free(prefixes);
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
	free(routes);
	return report(n, t, ret, failed, &ext);
}

/* What install_put() makes request i of: prefixes[i] via nh in table. */
struct install {
	const struct dpubgp_prefix *prefixes;
	uint32_t table;
	struct dpubgp_rtnh nh;
};

/* Request i as kernel.c's rt_put() makes it: one next hop, protocol 124. */
static int install_put(struct dpubgp_nl *nl, void *buf, size_t room, size_t i,
		       void *data)
{
	const struct install *in = data;
	struct dpubgp_rtnl_route rt = {
		.table = in->table,
		.protocol = DPUBGP_RTPROT,
		.dst = in->prefixes[i],
		.n_nh = 1,
		.nh[0] = in->nh,
	};

	(void)nl;
	return dpubgp_rtnl_route_put(buf, room, RTM_NEWROUTE, &rt);
}

static int install(const char *ifname, const char *gw, const char *table,
		   const char *file)
{
	struct dpubgp_prefix *prefixes = NULL;
	struct install in = { .nh.ifindex = if_nametoindex(ifname) };
	struct dpubgp_nl_batch b = { .put = install_put, .data = &in };
	struct dpubgp_nl nl;
	uint64_t id;
	double t;
	int ret;

	if (!in.nh.ifindex || bgp_addr_parse(gw, &in.nh.gw) ||
	    dpubgp_parse_uint(table, UINT32_MAX, &id)) {
		fprintf(stderr, "kbench: bad port %s, gateway %s or table %s\n",
			ifname, gw, table);
		return 1;
	}
	in.table = (uint32_t)id;
	b.count = read_prefixes(file, &prefixes);
	in.prefixes = prefixes;
	if (!b.count)
		return 1;
	ret = dpubgp_nl_open_route(&nl);
	if (ret) {
		fprintf(stderr, "kbench: rtnetlink: %s\n", strerror(-ret));
		free(prefixes);
		return 1;
	}
	t = now();
	ret = dpubgp_nl_batch(&nl, &b);
	t = now() - t;
	dpubgp_nl_close(&nl);
	free(prefixes);
	return report(b.count, t, ret, b.failed, &b.ext);
}

struct count {
	uint32_t table;
	size_t routes;
};

static int count_route(const struct dpubgp_rtnl_route *rt, void *data)
{
	struct count *c = data;

	c->routes += rt->table == c->table;
	return 0;
}

/*
 * A dump, then a pause of three times as long (10 ms at least), so that
 * the polling takes at most a quarter of the CPU from what it waits for.
 * The time printed is the end of the first dump that found N; N was
 * reached after the end of the one before, window_s earlier.
 */
static int wait_routes(const char *table, size_t n, double seconds)
{
	struct count c = { 0 };
	struct timespec pause;
	struct dpubgp_nl nl;
	double start = now(), t = start, prev = start, begin, wait_s;
	unsigned long dumps = 0;
	uint64_t id;
	int ret;

	if (dpubgp_parse_uint(table, UINT32_MAX, &id)) {
		fprintf(stderr, "kbench: bad table %s\n", table);
		return 1;
	}
	c.table = (uint32_t)id;
	ret = dpubgp_nl_open_route(&nl);
	while (!ret && t - start < seconds) {
		begin = now();
		c.routes = 0;
		ret = dpubgp_rtnl_route_dump(&nl, DPUBGP_RTPROT, count_route,
					     &c);
		prev = t;
		t = now();
		dumps++;
		if (ret || c.routes >= n)
			break;
		wait_s = 3 * (t - begin);
		wait_s = wait_s < 0.01 ? 0.01 : wait_s;
		pause.tv_sec = (time_t)wait_s;
		pause.tv_nsec = (long)((wait_s - (double)pause.tv_sec) * 1e9);
		nanosleep(&pause, NULL);
	}
	dpubgp_nl_close(&nl);
	if (ret) {
		fprintf(stderr, "kbench: route dump: %s\n", strerror(-ret));
		return 1;
	}
	printf("routes=%zu done_ns=%.0f window_s=%.3f dumps=%lu\n", c.routes,
	       t * 1e9, t - prev, dumps);
	return c.routes < n;
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
	if (argc == 6 && !strcmp(argv[1], "install"))
		return install(argv[2], argv[3], argv[4], argv[5]);
	if (argc == 5 && !strcmp(argv[1], "wait"))
		return wait_routes(argv[2], strtoul(argv[3], NULL, 0),
				   atof(argv[4]));
	if (argc == 5 && !strcmp(argv[1], "blast"))
		return blast(argv[2], argv[3], atof(argv[4]));
	fprintf(stderr, "usage: kbench gen 4|6 N SEED | load IFNAME FILE [1] | install IFNAME GW TABLE FILE | wait TABLE N SECONDS | blast SRC DST SECONDS\n");
	return 2;
}
