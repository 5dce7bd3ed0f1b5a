// SPDX-License-Identifier: GPL-2.0
/*
 * bgp_peer: run the session layer with peers from the command line, for
 * the interop tests. Not dpubgpd: it has no configuration document and
 * no RIB; it prints "PEER STATE" on stdout at every state change, counts
 * what it receives and, on SIGTERM or SIGINT, stops every peer with a
 * Cease and exits.
 *
 *   bgp_peer [-l LEVEL] [-p PORT] [-L ADDR]... PEER...
 *   PEER: peer=ADDR,as=N,local-as=N,id=A.B.C.D[,local=ADDR][,port=N]
 *         [,hold=N][,retry=N][,passive][,ipv4][,ipv6]
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "session/session.h"
#include "base/log.h"

static void usage(void)
{
	fprintf(stderr, "usage: bgp_peer [-l LEVEL] [-p PORT] [-L ADDR]... "
		"peer=ADDR,as=N,local-as=N,id=ID[,local=ADDR][,port=N]"
		"[,hold=N][,retry=N][,passive][,ipv4][,ipv6]...\n");
	exit(2);
}

static int parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || end == s || *end || n > max)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

static int parse_id(const char *s, uint32_t *id)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*id = ntohl(a.s_addr);
	return 0;
}

/* One key=value (or flag) of a PEER spec into c. */
static int parse_field(char *kv, struct bgp_peer_conf *c, uint8_t *families)
{
	char *val = strchr(kv, '=');
	uint32_t n;

	if (val)
		*val++ = '\0';
	if (!strcmp(kv, "passive"))
		return c->passive = true, 0;
	if (!strcmp(kv, "ipv4") || !strcmp(kv, "ipv6"))
		return *families |= 1u << (kv[3] == '4' ? BGP_AID_IPV4 :
					   BGP_AID_IPV6), 0;
	if (!val)
		return -1;
	if (!strcmp(kv, "peer"))
		return bgp_addr_parse(val, &c->peer_addr);
	if (!strcmp(kv, "local"))
		return bgp_addr_parse(val, &c->local_addr);
	if (!strcmp(kv, "id"))
		return parse_id(val, &c->router_id);
	if (!strcmp(kv, "as"))
		return parse_u32(val, UINT32_MAX, &c->peer_as);
	if (!strcmp(kv, "local-as"))
		return parse_u32(val, UINT32_MAX, &c->local_as);
	if (parse_u32(val, UINT16_MAX, &n))
		return -1;
	if (!strcmp(kv, "port"))
		return c->peer_port = (uint16_t)n, 0;
	if (!strcmp(kv, "hold"))
		return c->hold_time = (uint16_t)n, 0;
	if (!strcmp(kv, "retry"))
		return c->connect_retry = (uint16_t)n, 0;
	return -1;
}

static int parse_peer(char *spec, struct bgp_peer_conf *c)
{
	uint8_t families = 0;
	char *kv, *save;

	bgp_peer_conf_init(c);
	for (kv = strtok_r(spec, ",", &save); kv;
	     kv = strtok_r(NULL, ",", &save)) {
		if (parse_field(kv, c, &families)) {
			fprintf(stderr, "bgp_peer: bad field '%s'\n", kv);
			return -1;
		}
	}
	if (families)
		c->families = families;
	return 0;
}

static void print_state(struct bgp_peer *p, enum bgp_state old, void *arg)
{
	char name[INET6_ADDRSTRLEN];

	(void)old;
	(void)arg;
	printf("%s %s\n", bgp_addr_format(&p->conf.peer_addr, name,
					  sizeof(name)),
	       bgp_state_name(p->state));
	fflush(stdout);
}

static void print_update(struct bgp_peer *p, const struct bgp_update *u,
			 void *arg)
{
	(void)p;
	(void)arg;
	log_debug("UPDATE, action %d", u->action);
}

struct sig {
	struct ev_fd ev;
	struct bgpd *d;
};

/* Cease to everyone, give the NOTIFICATIONs a moment, leave. */
static void signalled(struct ev_fd *ev, uint32_t revents)
{
	struct sig *s = (struct sig *)ev;
	struct signalfd_siginfo si;
	uint64_t end;

	(void)revents;
	if (read(ev->fd, &si, sizeof(si)) != sizeof(si))
		return;
	log_info("signal %u: shutting down", si.ssi_signo);
	bgpd_shutdown(s->d);
	end = ev_now() + 200;
	while (ev_now() < end)
		ev_run_once(&s->d->loop, 20);
	ev_stop(&s->d->loop);
}

static int watch_signals(struct sig *s, struct bgpd *d)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_BLOCK, &set, NULL);
	s->d = d;
	s->ev.cb = signalled;
	s->ev.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	return s->ev.fd < 0 ? -errno : ev_fd_add(&d->loop, &s->ev, EPOLLIN);
}

static int add_listener(struct bgpd *d, const char *addr, uint16_t port)
{
	struct bgp_addr a;
	int ret;

	if (bgp_addr_parse(addr, &a))
		usage();
	ret = bgpd_listen(d, &a, port);
	if (ret < 0)
		fprintf(stderr, "bgp_peer: listen on %s port %u: %s\n", addr,
			port, strerror(-ret));
	return ret < 0 ? ret : 0;
}

int main(int argc, char **argv)
{
	struct bgpd_hooks hooks = { .state = print_state,
				    .update = print_update };
	const char *listen[8];
	struct bgp_peer_conf c;
	struct bgp_peer *p;
	enum log_level level;
	int opt, n_listen = 0, i, port = BGP_PORT;
	struct bgpd d;
	struct sig s;

	while ((opt = getopt(argc, argv, "l:p:L:")) != -1) {
		if (opt == 'l' && !log_parse_level(optarg, &level))
			log_set_level(level);
		else if (opt == 'p')
			port = atoi(optarg);
		else if (opt == 'L' && n_listen < 8)
			listen[n_listen++] = optarg;
		else
			usage();
	}
	if (optind == argc || bgpd_init(&d, &hooks) || watch_signals(&s, &d))
		usage();
	for (i = 0; i < n_listen; i++) {
		if (add_listener(&d, listen[i], (uint16_t)port))
			return 1;
	}
	for (i = optind; i < argc; i++) {
		if (parse_peer(argv[i], &c) || !(p = bgpd_peer_add(&d, &c)))
			return 1;
		bgp_peer_start(p);
	}
	ev_run(&d.loop);
	close(s.ev.fd);
	bgpd_close(&d);
	return 0;
}
