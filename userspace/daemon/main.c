// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpd [-c DOCUMENT] [-n NODE] [-s SOCKET] [-l LEVEL] [-S]
 *
 * Runs in the foreground. Logs to stderr, or to syslog with -S or when
 * nothing reads stderr (closed, or a character device that is not a
 * terminal: /dev/null); a file, a pipe or systemd's journal stream
 * keeps the log on stderr. A document that cannot be
 * read or is invalid is refused at start: "FILE:LINE:COL: reason" on
 * stderr, exit 1. SIGHUP reads it again and converges (dpubgpd_converge);
 * a bad document then leaves the running configuration, logged. SIGTERM
 * and SIGINT stop every session with a Cease and exit 0.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/log.h"
#include "control/proto.h"
#include "daemon/dpubgpd.h"

struct opts {
	const char *doc;
	const char *node;
	const char *socket;
	char hostname[256];
};

static void usage(void)
{
	fprintf(stderr, "Usage: dpubgpd [-c DOCUMENT] [-n NODE] [-s SOCKET] "
		"[-l error|warn|info|debug] [-S]\n");
	exit(EXIT_FAILURE);
}

/* Whether nothing reads stderr: closed, or /dev/null (a non-tty device). */
static bool stderr_unread(void)
{
	struct stat st;

	if (fstat(STDERR_FILENO, &st))
		return true;
	return S_ISCHR(st.st_mode) && !isatty(STDERR_FILENO);
}

static void parse_opts(int argc, char *argv[], struct opts *o)
{
	enum log_level level;
	int opt;

	o->doc = "/etc/dpubgp/dpubgp.yaml";
	o->socket = DPUBGP_CONTROL_SOCKET;
	o->node = NULL;
	while ((opt = getopt(argc, argv, "c:n:s:l:S")) != -1) {
		if (opt == 'c')
			o->doc = optarg;
		else if (opt == 'n')
			o->node = optarg;
		else if (opt == 's')
			o->socket = optarg;
		else if (opt == 'l' && !log_parse_level(optarg, &level))
			log_set_level(level);
		else if (opt == 'S')
			log_to_syslog("dpubgpd");
		else
			usage();
	}
	if (optind != argc)
		usage();
	if (stderr_unread())
		log_to_syslog("dpubgpd");
	if (!o->node) {
		if (gethostname(o->hostname, sizeof(o->hostname) - 1))
			usage();
		o->node = o->hostname;
	}
}

static bool same_listeners(const struct dpubgpd_node *a,
			   const struct dpubgpd_node *b)
{
	return a->listen_port == b->listen_port &&
	       bgp_addr_equal(&a->ipv4, &b->ipv4) &&
	       bgp_addr_equal(&a->ipv6, &b->ipv6);
}

static void reload(struct dpubgpd *dd)
{
	struct dpubgpd_plan plan;
	char err[512];

	log_info("SIGHUP: reading %s", dd->doc_path);
	if (dpubgpd_plan_load(dd->doc_path, dd->node_name, &plan, err,
			      sizeof(err))) {
		log_error("%s; the running configuration stays", err);
		return;
	}
	if (!same_listeners(&dd->node, &plan.node))
		log_warn("the node's addresses or listen_port changed: "
			 "listening as before until restarted");
	dpubgpd_converge(dd, &plan);
	dpubgpd_plan_free(&plan);
}

static void signalled(struct ev_fd *ev, uint32_t revents)
{
	struct dpubgpd *dd = container_of(ev, struct dpubgpd, signals);
	struct signalfd_siginfo si;

	(void)revents;
	if (read(ev->fd, &si, sizeof(si)) != sizeof(si))
		return;
	if (si.ssi_signo == SIGHUP) {
		reload(dd);
		return;
	}
	log_info("signal %u: closing every session", si.ssi_signo);
	bgpd_shutdown(&dd->bgp);
	ev_stop(&dd->bgp.loop);
}

static int watch_signals(struct dpubgpd *dd)
{
	sigset_t set;

	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_BLOCK, &set, NULL);
	dd->signals.cb = signalled;
	dd->signals.fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (dd->signals.fd < 0)
		return -errno;
	return ev_fd_add(&dd->bgp.loop, &dd->signals, EPOLLIN);
}

static int listen_node(struct dpubgpd *dd, const struct dpubgpd_node *node)
{
	const struct bgp_addr *addrs[] = { &node->ipv4, &node->ipv6 };
	char name[INET6_ADDRSTRLEN];
	int i, ret;

	for (i = 0; i < 2; i++) {
		if (!addrs[i]->family)
			continue;
		ret = bgpd_listen(&dd->bgp, addrs[i], node->listen_port);
		if (ret < 0) {
			log_error("listen on %s port %u: %s",
				  bgp_addr_format(addrs[i], name, sizeof(name)),
				  node->listen_port, strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/* Everything up to the loop; a message on stderr and -1 on failure. */
static int start(struct dpubgpd *dd, const struct opts *o)
{
	const struct bgpd_hooks hooks = { 0 };
	struct dpubgpd_plan plan;
	char err[512];
	int ret;

	if (dpubgpd_plan_load(o->doc, o->node, &plan, err, sizeof(err))) {
		fprintf(stderr, "dpubgpd: %s\n", err);
		if (log_is_syslog())
			log_error("%s", err);
		return -1;
	}
	ret = bgpd_init(&dd->bgp, &hooks);
	if (!ret) {
		ret = rib_init(&dd->rib, plan.node.as);
		dd->rib_up = !ret;
	}
	if (!ret) {
		/* The RIB takes the session layer's hooks. */
		rib_bgpd_attach(&dd->rib_glue, &dd->rib, &dd->bgp);
		ret = watch_signals(dd);
	}
	if (!ret) {
		ret = dpubgpd_kernel_open(&dd->kernel, &dd->bgp.loop,
					  &dd->rib);
		dd->kernel_up = !ret;
	}
	if (!ret)
		ret = listen_node(dd, &plan.node);
	if (!ret && (ret = dpubgpd_control_open(dd, o->socket)))
		log_error("control socket %s: %s", o->socket, strerror(-ret));
	if (!ret) {
		dpubgpd_converge(dd, &plan);
		log_info("node %s AS %u%s, %zu peers, %zu tenant ports (DPU AS %u), control socket %s",
			 o->node, dd->node.as,
			 dd->node.as_inherited ? " (inherited)" : "",
			 plan.n_peers, dd->n_ports, dd->dpu_as, o->socket);
	}
	dpubgpd_plan_free(&plan);
	return ret ? -1 : 0;
}

int main(int argc, char *argv[])
{
	struct dpubgpd dd = { .signals.fd = -1, .control.ev.fd = -1 };
	struct opts o;
	int ret;

	parse_opts(argc, argv, &o);
	dd.doc_path = o.doc;
	dd.node_name = o.node;
	ret = start(&dd, &o);
	if (!ret)
		ret = ev_run(&dd.bgp.loop);
	control_server_close(&dd.control);
	/* Before the kernel side: its socket removes the addresses. */
	dpubgpd_meta_close(&dd);
	if (dd.kernel_up)
		dpubgpd_kernel_close(&dd.kernel);
	if (dd.signals.fd >= 0)
		close(dd.signals.fd);
	if (dd.rib_up)
		rib_bgpd_detach(&dd.rib_glue);
	if (dd.bgp.upd)
		bgpd_close(&dd.bgp);
	if (dd.rib_up)
		rib_destroy(&dd.rib);
	dpubgpd_ports_free(dd.ports, dd.n_ports);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}
