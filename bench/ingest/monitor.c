// SPDX-License-Identifier: GPL-2.0
/*
 * ingest_monitor: the receiving end of bench/ingest. One BGP session with
 * the device under test, run by the project's session layer
 * (session/session.h: the FSM, timers, decoding), that counts the distinct
 * prefixes it holds in a RIB prefix table (rib/ptable.h): an announcement
 * adds its prefix, a withdrawal (or a treat-as-withdraw) removes it. Once
 * it holds N it prints the time since the injector's mark and keeps the
 * session up, so that the device's memory can be read with everything in
 * place, until SIGTERM or SIGINT.
 *
 *   ingest_monitor -L LOCAL -c PEER [-p PORT] [-A AS] [-P PEER_AS] [-i ID]
 *                  -n N [-f 4|6] [-m MARKFILE] [-w SECONDS]
 *
 *   -L LOCAL    our address: listen on it (port -p, default 179) and
 *               connect from it
 *   -c PEER     the device under test; we connect every second and
 *               accept its connections too (collisions resolved by the FSM)
 *   -A, -P      our AS (65020) and the device's (65000)
 *   -f 4|6      the family negotiated and counted (default 4)
 *   -m MARKFILE where the injector wrote its start (CLOCK_MONOTONIC ns)
 *   -w SECONDS  give up waiting for N after this long (default 600)
 *
 * Lines on stdout (key=value, for bench/ingest/run.sh):
 *   monitor established
 *   monitor done prefixes=N seconds=S with_communities=C,E,L updates=U
 *   monitor timeout prefixes=HELD seconds=S updates=U
 *   monitor cpu=SECONDS          (user + system, at exit)
 * with_communities counts the prefixes that arrived with standard (C),
 * extended (E) and large (L) communities: 0,0,0 when the device stripped
 * them all.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "session/session.h"
#include "base/log.h"
#include "rib/ptable.h"

struct monitor {
	struct bgpd d;
	struct rib_ptable table;
	size_t want;
	const char *markfile;
	uint64_t updates;
	/* Prefixes that arrived with standard, extended, large communities. */
	uint64_t with_comm[3];
	bool done;
	struct ev_timer timeout;
	struct ev_fd sig;
};

static void usage(void)
{
	fprintf(stderr, "usage: ingest_monitor -L LOCAL -c PEER [-p PORT] "
		"[-A AS] [-P PEER_AS] [-i ID] -n N [-f 4|6] [-m MARKFILE] "
		"[-w SECONDS]\n");
	exit(2);
}

static double cpu_seconds(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* Seconds from the injector's mark to now; -1 without one. */
static double since_mark(const char *file)
{
	unsigned long long mark;
	struct timespec ts;
	FILE *f;
	int ok;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	f = file ? fopen(file, "r") : NULL;
	if (!f)
		return -1;
	ok = fscanf(f, "%llu", &mark) == 1;
	fclose(f);
	if (!ok)
		return -1;
	return ((double)ts.tv_sec * 1e9 + (double)ts.tv_nsec -
		(double)mark) / 1e9;
}

static void announce(struct monitor *m, struct bgp_nlri n,
		     const struct bgp_attrs *a)
{
	struct dpubgp_prefix p;
	size_t before;

	while (bgp_nlri_next(&n, &p) == 1) {
		if (p.family != m->table.family)
			continue;
		before = m->table.count;
		if (rib_ptable_get(&m->table, &p) == RIB_NONE) {
			fprintf(stderr, "ingest_monitor: out of memory\n");
			exit(1);
		}
		if (m->table.count == before)
			continue;
		m->with_comm[0] += a->n_communities != 0;
		m->with_comm[1] += a->n_ext_communities != 0;
		m->with_comm[2] += a->n_large_communities != 0;
	}
}

static void withdraw(struct monitor *m, struct bgp_nlri n)
{
	struct dpubgp_prefix p;
	uint32_t dest;

	while (bgp_nlri_next(&n, &p) == 1) {
		if (p.family != m->table.family)
			continue;
		dest = rib_ptable_find(&m->table, &p);
		if (dest != RIB_NONE)
			rib_ptable_del(&m->table, dest);
	}
}

static void on_update(struct bgp_peer *p, const struct bgp_update *u,
		      void *arg)
{
	struct monitor *m = arg;

	(void)p;
	m->updates++;
	withdraw(m, u->withdrawn);
	withdraw(m, u->mp_unreach);
	if (u->action == BGP_ACT_WITHDRAW) {
		withdraw(m, u->nlri);
		withdraw(m, u->mp_reach);
	} else if (u->action != BGP_ACT_RESET) {
		announce(m, u->nlri, &u->attrs);
		announce(m, u->mp_reach, &u->attrs);
	}
	if (!m->done && m->table.count >= m->want) {
		m->done = true;
		ev_timer_stop(&m->d.loop, &m->timeout);
		printf("monitor done prefixes=%zu seconds=%.3f "
		       "with_communities=%llu,%llu,%llu updates=%llu\n",
		       m->table.count, since_mark(m->markfile),
		       (unsigned long long)m->with_comm[0],
		       (unsigned long long)m->with_comm[1],
		       (unsigned long long)m->with_comm[2],
		       (unsigned long long)m->updates);
		fflush(stdout);
	}
}

static void on_state(struct bgp_peer *p, enum bgp_state old, void *arg)
{
	(void)old;
	(void)arg;
	if (p->state == BGP_ST_ESTABLISHED) {
		printf("monitor established\n");
		fflush(stdout);
	}
}

static void timed_out(struct ev_timer *t)
{
	struct monitor *m = (struct monitor *)((char *)t -
		offsetof(struct monitor, timeout));

	printf("monitor timeout prefixes=%zu seconds=%.3f updates=%llu\n",
	       m->table.count, since_mark(m->markfile),
	       (unsigned long long)m->updates);
	fflush(stdout);
}

static void signalled(struct ev_fd *ev, uint32_t revents)
{
	struct monitor *m = (struct monitor *)((char *)ev -
		offsetof(struct monitor, sig));
	struct signalfd_siginfo si;

	(void)revents;
	if (read(ev->fd, &si, sizeof(si)) != sizeof(si))
		return;
	ev_stop(&m->d.loop);
}

static int watch_signals(struct monitor *m)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	m->sig.cb = signalled;
	m->sig.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return m->sig.fd < 0 ? -1 : ev_fd_add(&m->d.loop, &m->sig, EPOLLIN);
}

int main(int argc, char **argv)
{
	static struct monitor m = { .want = 0 };
	struct bgpd_hooks hooks = { .update = on_update, .state = on_state,
				    .arg = &m };
	const char *local = NULL, *peer = NULL;
	unsigned int timeout = 600;
	struct bgp_peer_conf c;
	struct bgp_addr listen;
	struct in_addr id;
	struct bgp_peer *p;
	int opt, family = 4, port = BGP_PORT;

	bgp_peer_conf_init(&c);
	c.local_as = 65020;
	c.peer_as = 65000;
	c.router_id = 0x0aff0002;
	c.connect_retry = 1;
	c.type = BGP_PEER_GLOBAL;
	while ((opt = getopt(argc, argv, "L:c:p:A:P:i:n:f:m:w:")) != -1) {
		if (opt == 'L')
			local = optarg;
		else if (opt == 'c')
			peer = optarg;
		else if (opt == 'p')
			port = atoi(optarg);
		else if (opt == 'A')
			c.local_as = (uint32_t)strtoul(optarg, NULL, 10);
		else if (opt == 'P')
			c.peer_as = (uint32_t)strtoul(optarg, NULL, 10);
		else if (opt == 'i' && inet_pton(AF_INET, optarg, &id) == 1)
			c.router_id = ntohl(id.s_addr);
		else if (opt == 'n')
			m.want = strtoul(optarg, NULL, 10);
		else if (opt == 'f')
			family = atoi(optarg);
		else if (opt == 'm')
			m.markfile = optarg;
		else if (opt == 'w')
			timeout = (unsigned int)atoi(optarg);
		else
			usage();
	}
	if (!local || !peer || !m.want || (family != 4 && family != 6) ||
	    bgp_addr_parse(local, &listen) || bgp_addr_parse(peer, &c.peer_addr))
		usage();
	log_set_level(LOG_LVL_WARN);
	c.local_addr = listen;
	c.peer_port = (uint16_t)port;
	c.families = 1u << (family == 4 ? BGP_AID_IPV4 : BGP_AID_IPV6);
	rib_ptable_init(&m.table, family == 4 ? AF_INET : AF_INET6);
	if (bgpd_init(&m.d, &hooks) || watch_signals(&m) ||
	    bgpd_listen(&m.d, &listen, (uint16_t)port) < 0)
		return 1;
	p = bgpd_peer_add(&m.d, &c);
	if (!p)
		return 1;
	m.timeout.cb = timed_out;
	ev_timer_arm(&m.d.loop, &m.timeout, (uint64_t)timeout * 1000);
	bgp_peer_start(p);
	ev_run(&m.d.loop);
	printf("monitor cpu=%.3f\n", cpu_seconds());
	bgpd_close(&m.d);
	rib_ptable_destroy(&m.table);
	close(m.sig.fd);
	return 0;
}
