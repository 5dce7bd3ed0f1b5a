// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpd [--datastore URL | -c DOCUMENT] [-n NODE] [-s SOCKET] [-l LEVEL] [-S]
 *
 * The datastore is --datastore's URL (datastore/datastore.h), else
 * $DPUBGP_DATASTORE, else file:/etc/dpubgp/dpubgp.yaml; -c DOCUMENT is
 * file:DOCUMENT. Runs in the foreground. Logs to stderr, or to syslog with -S or when
 * nothing reads stderr (closed, or a character device that is not a
 * terminal: /dev/null); a file, a pipe or systemd's journal stream
 * keeps the log on stderr. A document that cannot be
 * read or is invalid is refused at start: "FILE:LINE:COL: reason" on
 * stderr, exit 1. A change of the datastore (its watch) or SIGHUP reads it
 * again and converges (dpubgpd_converge); a bad document then leaves the
 * running configuration, logged. SIGTERM and SIGINT stop every session
 * with a Cease and exit 0.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
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
	struct dpubgp_ds_opts ds;
	char doc_url[PATH_MAX + sizeof("file:")];	/* -c's */
	const char *node;
	const char *socket;
	char hostname[256];
};

static void usage(void)
{
	fprintf(stderr, "Usage: dpubgpd [--datastore URL | -c DOCUMENT] [-n NODE] "
		"[-s SOCKET] [-l error|warn|info|debug] [-S]\n"
		"               [--etcd-cacert FILE] [--etcd-cert FILE] "
		"[--etcd-key FILE]\n");
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

enum { OPT_DATASTORE = 256, OPT_CACERT, OPT_CERT, OPT_KEY };

static const struct option long_opts[] = {
	{ "datastore", required_argument, NULL, OPT_DATASTORE },
	{ "etcd-cacert", required_argument, NULL, OPT_CACERT },
	{ "etcd-cert", required_argument, NULL, OPT_CERT },
	{ "etcd-key", required_argument, NULL, OPT_KEY },
	{ 0 }
};

static void parse_opts(int argc, char *argv[], struct opts *o)
{
	const char **long_dst[] = {
		[OPT_DATASTORE - OPT_DATASTORE] = &o->ds.url,
		[OPT_CACERT - OPT_DATASTORE] = &o->ds.etcd_cacert,
		[OPT_CERT - OPT_DATASTORE] = &o->ds.etcd_cert,
		[OPT_KEY - OPT_DATASTORE] = &o->ds.etcd_key,
	};
	enum log_level level;
	int opt;

	o->socket = DPUBGP_CONTROL_SOCKET;
	o->node = NULL;
	while ((opt = getopt_long(argc, argv, "c:n:s:l:S", long_opts,
				  NULL)) != -1) {
		if (opt >= OPT_DATASTORE && opt <= OPT_KEY) {
			*long_dst[opt - OPT_DATASTORE] = optarg;
		} else if (opt == 'c') {
			snprintf(o->doc_url, sizeof(o->doc_url), "file:%s",
				 optarg);
			o->ds.url = o->doc_url;
		} else if (opt == 'n')
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

/* Read the datastore again and converge; why: for the log. */
static void reload(struct dpubgpd *dd, const char *why)
{
	struct dpubgpd_plan plan;
	char err[512];

	log_info("%s: reading %s", why, dpubgp_ds_url(dd->ds));
	if (dpubgpd_plan_load(dd->ds, dd->node_name, &plan, err,
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
		reload(dd, "SIGHUP");
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

static void datastore_changed(struct ev_fd *ev, uint32_t revents)
{
	struct dpubgpd *dd = container_of(ev, struct dpubgpd, watch);

	(void)revents;
	if (dpubgp_ds_changed(dd->ds))
		reload(dd, "the datastore changed");
}

/* Converge on every change of the datastore: 0, or -1 (logged). */
static int watch_datastore(struct dpubgpd *dd)
{
	char err[512];
	int ret;

	dd->watch.cb = datastore_changed;
	dd->watch.fd = dpubgp_ds_watch(dd->ds, err, sizeof(err));
	if (dd->watch.fd < 0) {
		log_error("%s", err);
		return -1;
	}
	ret = ev_fd_add(&dd->bgp.loop, &dd->watch, EPOLLIN);
	if (ret)
		log_error("watching %s: %s", dpubgp_ds_url(dd->ds),
			  strerror(-ret));
	return ret ? -1 : 0;
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

	if (dpubgp_ds_open(&o->ds, &dd->ds, err, sizeof(err)) ||
	    dpubgpd_plan_load(dd->ds, o->node, &plan, err, sizeof(err))) {
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
	if (!ret)
		ret = watch_datastore(dd);
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
	struct opts o = { 0 };
	int ret;

	parse_opts(argc, argv, &o);
	dd.node_name = o.node;
	ret = start(&dd, &o);
	if (!ret)
		ret = ev_run(&dd.bgp.loop);
	control_server_close(&dd.control);
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
	dpubgp_ds_close(dd.ds);	/* closes the watch's descriptor */
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}
