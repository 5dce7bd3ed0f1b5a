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
 *   kbench wait TABLE N SECONDS    wait until TABLE holds N routes of
 *                                  protocol 124 (or SECONDS passed), by
 *                                  route events and dumps; prints when,
 *                                  CLOCK_MONOTONIC ns
 *   kbench blast SRC DST SECONDS   UDP to DST:9 from SRC with sendmmsg()
 *                                  for SECONDS; prints the packets sent
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
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

/* Routes of protocol 124 in table, by dump or by events. */
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

/* An event: a route of ours added (not replaced) or deleted in table. */
static int count_event(const struct nlmsghdr *nlh, void *data)
{
	struct dpubgp_rtnl_route rt;
	struct count *c = data;

	if ((nlh->nlmsg_type != RTM_NEWROUTE &&
	     nlh->nlmsg_type != RTM_DELROUTE) ||
	    dpubgp_rtnl_route_parse(nlh, DPUBGP_RTPROT, &rt) != 1 ||
	    rt.table != c->table)
		return MNL_CB_OK;
	if (nlh->nlmsg_type == RTM_DELROUTE)
		c->routes -= c->routes > 0;
	else if (!(nlh->nlmsg_flags & NLM_F_REPLACE))
		c->routes++;
	return MNL_CB_OK;
}

/* A socket that hears of every route added or deleted: 0 or -errno. */
static int open_route_events(struct dpubgp_nl *ev)
{
	const int groups[] = { RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE };
	int size = 64 << 20, ret = dpubgp_nl_open_route(ev), group;
	size_t i;

	for (i = 0; !ret && i < sizeof(groups) / sizeof(groups[0]); i++) {
		group = groups[i];
		if (mnl_socket_setsockopt(ev->sock, NETLINK_ADD_MEMBERSHIP,
					  &group, sizeof(group)) < 0)
			ret = -errno;
	}
	/* 100k routes' events at once; an overrun costs a dump. */
	if (!ret)
		setsockopt(mnl_socket_get_fd(ev->sock), SOL_SOCKET,
			   SO_RCVBUFFORCE, &size, sizeof(size));
	return ret;
}

/*
 * Counted by the route events, which come as the kernel adds the routes;
 * when they say N (or the socket overran), a dump counts for sure. The
 * time printed is when the event of the Nth route was read.
 */
static int wait_routes(const char *table, size_t n, double seconds)
{
	_Alignas(struct nlmsghdr) char buf[65536];
	struct count c = { 0 }, dumped = { 0 };
	struct dpubgp_nl nl, ev;
	double end = now() + seconds, t = now();
	unsigned long dumps = 0;
	struct pollfd pfd;
	uint64_t id;
	ssize_t len;
	int ret;

	if (dpubgp_parse_uint(table, UINT32_MAX, &id)) {
		fprintf(stderr, "kbench: bad table %s\n", table);
		return 1;
	}
	c.table = dumped.table = (uint32_t)id;
	ret = open_route_events(&ev);
	if (!ret && (ret = dpubgp_nl_open_route(&nl)))
		dpubgp_nl_close(&ev);
	pfd = (struct pollfd){ .fd = ret ? -1 : mnl_socket_get_fd(ev.sock),
			       .events = POLLIN };
	while (!ret) {
		if (c.routes >= n || !dumps) {
			dumped.routes = 0;
			ret = dpubgp_rtnl_route_dump(&nl, DPUBGP_RTPROT,
						     count_route, &dumped);
			dumps++;
			c.routes = dumped.routes;
			if (ret || c.routes >= n)
				break;
		}
		if (poll(&pfd, 1, (int)((end - now()) * 1000)) <= 0)
			break;
		len = recv(pfd.fd, buf, sizeof(buf), 0);
		if (len < 0 && errno == ENOBUFS)
			dumps = 0;	/* events lost: count again */
		else if (len < 0)
			ret = -errno;
		else if (mnl_cb_run(buf, (size_t)len, 0, 0, count_event,
				    &c) < 0)
			ret = -errno;
		t = now();
	}
	if (pfd.fd >= 0) {
		dpubgp_nl_close(&nl);
		dpubgp_nl_close(&ev);
	}
	if (ret) {
		fprintf(stderr, "kbench: route events: %s\n", strerror(-ret));
		return 1;
	}
	printf("routes=%zu done_ns=%.0f dumps=%lu\n", c.routes, t * 1e9,
	       dumps);
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
