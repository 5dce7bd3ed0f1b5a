// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpd [--datastore URL | -c DOCUMENT] [-n NODE] [-s SOCKET] [-l LEVEL]
 *         [-S] [--metrics ADDRESS:PORT|none] | -h | -V
 *
 * The datastore is --datastore's URL (datastore/datastore.h), else
 * $DPUBGP_DATASTORE, else file:/etc/dpubgp/dpubgp.yaml; -c DOCUMENT is
 * file:DOCUMENT. Runs in the foreground. Logs to stderr, or to syslog with -S or when
 * nothing reads stderr (closed, or a character device that is not a
 * terminal: /dev/null); a file, a pipe or systemd's journal stream
 * keeps the log on stderr (base/log.h: with timestamps, but on the
 * journal). A document that cannot be read or is invalid is refused at
 * start: "FILE:LINE:COL: reason" on stderr, exit 1; so is a control
 * socket another dpubgpd answers at. GET /metrics is served on
 * --metrics's address (default DPUBGPD_METRICS_DEFAULT; one that cannot
 * be listened on is logged, and the daemon runs without). Under systemd's Type=notify
 * ($NOTIFY_SOCKET), READY=1 goes out once it listens.
 *
 * Signals, every one that ends a process by default said for:
 *
 *   SIGHUP           read the datastore again and converge
 *                    (dpubgpd_converge), as a change of the datastore
 *                    (its watch) does; one line logs what changed, or
 *                    "no change"; a bad document leaves the running
 *                    configuration, logged
 *   SIGTERM, SIGINT  every session stopped with a Cease (6/2), exit 0
 *   SIGUSR1          a line per session in the log (its state, since
 *                    when, its routes, its last error), nothing else
 *   SIGUSR2          ignored: nothing is asked of it
 *   SIGPIPE          ignored: a peer or a control client gone is
 *                    send()'s EPIPE
 *   SIGXFSZ          ignored: a log file over its size limit fails its
 *                    writes, not the daemon
 *   SIGQUIT          default: a core dump, as for any hung program
 *   SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS, SIGXCPU
 *                    default: a core dump; they are bugs or limits
 *   SIGALRM, SIGVTALRM, SIGPROF, SIGIO, SIGPWR, SIGSTKFLT, real-time
 *                    default: the end, without a Cease; dpubgpd asks
 *                    for none of them (no alarm, no timer signal, no
 *                    O_ASYNC), so only a mistaken kill sends one
 *   SIGKILL          cannot be caught: the peers' hold timers end the
 *                    sessions; the kernel routes stay, reconciled at
 *                    the next start (design.md §4.6)
 */
#define _GNU_SOURCE	/* strsignal */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "base/log.h"
#include "control/proto.h"
#include "daemon/dpubgpd.h"

struct opts {
	struct dpubgp_ds_opts ds;
	char doc_url[PATH_MAX + sizeof("file:")];	/* -c's */
	const char *node;
	const char *socket;
	struct dpubgpd_metrics metrics;	/* --metrics's address */
	char hostname[256];
};

enum { OPT_DATASTORE = 256, OPT_CACERT, OPT_CERT, OPT_KEY, OPT_METRICS };

static const struct option long_opts[] = {
	{ "datastore", required_argument, NULL, OPT_DATASTORE },
	{ "etcd-cacert", required_argument, NULL, OPT_CACERT },
	{ "etcd-cert", required_argument, NULL, OPT_CERT },
	{ "etcd-key", required_argument, NULL, OPT_KEY },
	{ "metrics", required_argument, NULL, OPT_METRICS },
	{ "config", required_argument, NULL, 'c' },
	{ "node", required_argument, NULL, 'n' },
	{ "socket", required_argument, NULL, 's' },
	{ "log-level", required_argument, NULL, 'l' },
	{ "syslog", no_argument, NULL, 'S' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ 0 }
};

static const char usage_line[] =
	"Usage: dpubgpd [--datastore URL | -c DOCUMENT] [-n NODE] [-s SOCKET]\n"
	"               [-l " LOG_LEVEL_NAMES "] [-S] [--metrics ADDRESS:PORT|none]\n"
	"               [--etcd-cacert FILE] [--etcd-cert FILE] [--etcd-key FILE]\n";

static void help(void)
{
	printf("%s", usage_line);
	printf("       dpubgpd -h|--help | -V|--version\n"
	       "\n"
	       "dpubgp's BGP daemon: this node's sessions with the fabric and with the\n"
	       "tenants behind its ports, their routes in the RIB and in the kernel, as\n"
	       "its datastore says. It runs in the foreground.\n"
	       "\n"
	       "Options:\n"
	       "  --datastore URL         file:PATH or etcd://HOST:PORT[,HOST:PORT]...\n"
	       "                          (default $" DPUBGP_DS_ENV ", else\n"
	       "                          " DPUBGP_DS_DEFAULT ")\n"
	       "  -c, --config DOCUMENT   the datastore file:DOCUMENT\n"
	       "  --etcd-cacert FILE, --etcd-cert FILE, --etcd-key FILE\n"
	       "                          TLS toward etcd\n"
	       "  -n, --node NODE         this node's name in it (default: the hostname)\n"
	       "  -s, --socket SOCKET     the control socket, for dpubgpctl -s\n"
	       "                          (default " DPUBGP_CONTROL_SOCKET ")\n"
	       "  -l, --log-level LEVEL   " LOG_LEVEL_NAMES " (default info);\n"
	       "                          dpubgpctl log-level changes it while running\n"
	       "  -S, --syslog            log to syslog (facility daemon), not to stderr\n"
	       "  --metrics ADDRESS:PORT  serve GET /metrics (Prometheus) there, an IPv6\n"
	       "                          address as [ADDRESS]:PORT; none: not at all\n"
	       "                          (default " DPUBGPD_METRICS_DEFAULT ")\n"
	       "  -h, --help              print this help and exit\n"
	       "  -V, --version           print the version and exit\n"
	       "\n"
	       "The log goes to stderr, with timestamps unless stderr is systemd's\n"
	       "journal, or to syslog when nothing reads stderr (/dev/null, closed).\n"
	       "\n"
	       "Signals:\n"
	       "  SIGHUP           read the datastore again (a change of it does that\n"
	       "                   without a signal); what changed is logged\n"
	       "  SIGTERM, SIGINT  close every session with a Cease, and exit 0\n"
	       "  SIGUSR1          log every session's state\n"
	       "\n"
	       "Exit status: 0 after SIGTERM or SIGINT; 1 when it cannot start (a bad\n"
	       "document, another dpubgpd at the control socket, a listener).\n");
	exit(EXIT_SUCCESS);
}

static void usage(void)
{
	fprintf(stderr, "%sTry 'dpubgpd --help' for more.\n", usage_line);
	exit(EXIT_FAILURE);
}

/* "dpubgpd: MESSAGE" on stderr, and in syslog when the log goes there. */
static __attribute__((format(printf, 1, 2))) void say(const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "dpubgpd: %s\n", msg);
	if (log_is_syslog())
		log_error("%s", msg);
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
	dpubgpd_metrics_parse(DPUBGPD_METRICS_DEFAULT, &o->metrics);
	while ((opt = getopt_long(argc, argv, "c:n:s:l:ShV", long_opts,
				  NULL)) != -1) {
		if (opt >= OPT_DATASTORE && opt <= OPT_KEY) {
			*long_dst[opt - OPT_DATASTORE] = optarg;
		} else if (opt == OPT_METRICS) {
			if (dpubgpd_metrics_parse(optarg, &o->metrics)) {
				fprintf(stderr,
					"dpubgpd: invalid --metrics \"%s\": ADDRESS:PORT, [ADDRESS]:PORT or none\n",
					optarg);
				exit(EXIT_FAILURE);
			}
		} else if (opt == 'c') {
			snprintf(o->doc_url, sizeof(o->doc_url), "file:%s",
				 optarg);
			o->ds.url = o->doc_url;
		} else if (opt == 'n') {
			o->node = optarg;
		} else if (opt == 's') {
			o->socket = optarg;
		} else if (opt == 'l') {
			if (log_parse_level(optarg, &level)) {
				fprintf(stderr,
					"dpubgpd: invalid log level \"%s\": " LOG_LEVEL_NAMES "\n",
					optarg);
				exit(EXIT_FAILURE);
			}
			log_set_level(level);
		} else if (opt == 'S') {
			log_to_syslog("dpubgpd");
		} else if (opt == 'h') {
			help();
		} else if (opt == 'V') {
			printf("dpubgpd version %s\n", DPUBGP_VERSION);
			exit(EXIT_SUCCESS);
		} else {
			usage();
		}
	}
	if (optind != argc) {
		fprintf(stderr, "dpubgpd: unexpected argument \"%s\"\n",
			argv[optind]);
		usage();
	}
	log_init();
	if (stderr_unread())
		log_to_syslog("dpubgpd");
	if (!o->node) {
		if (gethostname(o->hostname, sizeof(o->hostname) - 1)) {
			fprintf(stderr, "dpubgpd: no hostname: %s; name the node with -n\n",
				strerror(errno));
			exit(EXIT_FAILURE);
		}
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

/* Append ", N WHAT" to buf when n: the pieces of the SIGHUP line. */
static void phrase(char *buf, size_t size, size_t n, const char *what)
{
	size_t len = strlen(buf);

	if (n && len < size)
		snprintf(buf + len, size - len, "%s%zu %s", len ? ", " : "",
			 n, what);
}

/* What a reload changed, in one line that starts with why. */
static void log_changes(const struct dpubgpd *dd, const char *why,
			const struct dpubgpd_changes *c)
{
	char what[400] = "";
	size_t len;

	phrase(what, sizeof(what), c->peers_added, "peers added");
	phrase(what, sizeof(what), c->peers_removed, "peers removed");
	phrase(what, sizeof(what), c->peers_restarted, "peers restarted");
	phrase(what, sizeof(what), c->peers_policy,
	       "tenant sessions with a new policy");
	phrase(what, sizeof(what), c->peers_as,
	       "tenant sessions with a new tenant AS");
	phrase(what, sizeof(what), c->ports_added, "ports added");
	phrase(what, sizeof(what), c->ports_removed, "ports removed");
	phrase(what, sizeof(what), c->ports_changed, "ports changed");
	len = strlen(what);
	if (c->dpu_as && len < sizeof(what))
		snprintf(what + len, sizeof(what) - len, "%sDPU AS %u",
			 len ? ", " : "", dd->dpu_as);
	log_info("%s: %s: %s", why, dpubgp_ds_url(dd->ds),
		 *what ? what : "no change");
}

/* Read the datastore again and converge; why: for the log. */
static void reload(struct dpubgpd *dd, const char *why)
{
	struct dpubgpd_changes changes;
	struct dpubgpd_plan plan;
	char err[512];

	if (dpubgpd_plan_load(dd->ds, dd->node_name, &plan, err,
			      sizeof(err))) {
		log_error("%s: %s; the running configuration stays", why, err);
		return;
	}
	if (!same_listeners(&dd->node, &plan.node))
		log_warn("the node's addresses or listen_port changed: "
			 "listening as before until restarted");
	dpubgpd_converge(dd, &plan, &changes);
	dpubgpd_plan_free(&plan);
	log_changes(dd, why, &changes);
}

/* SIGUSR1: every session in a line. */
static void log_sessions(const struct dpubgpd *dd)
{
	const struct bgp_peer *p;
	const struct rib_peer *rp;
	char name[BGP_PEER_NAMELEN], since[32];
	size_t n = 0, up = 0;
	struct tm tm;

	for (p = dd->bgp.peers; p; p = p->next) {
		n++;
		up += p->state == BGP_ST_ESTABLISHED;
	}
	log_info("SIGUSR1: %zu sessions, %zu established; log level %s",
		 n, up, log_level_name(log_get_level()));
	for (p = dd->bgp.peers; p; p = p->next) {
		rp = rib_bgpd_peer(p);
		localtime_r(&p->state_since_wall, &tm);
		strftime(since, sizeof(since), "%Y-%m-%d %H:%M:%S", &tm);
		log_info("SIGUSR1: peer %s AS %u (%s): %s since %s, %u routes%s%s",
			 bgp_peer_format(&p->conf.peer_addr, p->conf.dev, name,
					 sizeof(name)),
			 p->conf.peer_as ? p->conf.peer_as : p->neg.remote_as,
			 bgp_peer_type_name(p->conf.type),
			 bgp_state_name(p->state), since,
			 rp ? rp->routes : 0,
			 p->last_error[0] ? ", last error: " : "",
			 p->last_error);
	}
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
	if (si.ssi_signo == SIGUSR1) {
		log_sessions(dd);
		return;
	}
	log_info("%s (from pid %u): closing every session",
		 strsignal((int)si.ssi_signo), si.ssi_pid);
	bgpd_shutdown(&dd->bgp);
	ev_stop(&dd->bgp.loop);
}

static int watch_signals(struct dpubgpd *dd)
{
	static const int watched[] = { SIGTERM, SIGINT, SIGHUP, SIGUSR1 };
	static const int ignored[] = { SIGPIPE, SIGUSR2, SIGXFSZ };
	sigset_t set;
	size_t i;

	for (i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		signal(ignored[i], SIG_IGN);
	sigemptyset(&set);
	for (i = 0; i < sizeof(watched) / sizeof(watched[0]); i++)
		sigaddset(&set, watched[i]);
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

/*
 * Tell systemd (Type=notify) that the control socket and the BGP
 * listeners are open: one datagram "READY=1" to $NOTIFY_SOCKET, a path
 * or, after '@', an abstract name (sd_notify(3) documents the protocol;
 * a few lines here rather than libsystemd). Nothing when it is unset; a
 * failure is logged, not fatal: the daemon works, systemd times out.
 */
static void notify_ready(void)
{
	static const char ready[] = "READY=1";
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	size_t len = path ? strlen(path) : 0;
	int fd;

	if (!len)
		return;
	if ((path[0] != '/' && path[0] != '@') || len >= sizeof(sun.sun_path)) {
		log_warn("NOTIFY_SOCKET=%s: not a socket address", path);
		return;
	}
	memcpy(sun.sun_path, path, len);
	if (path[0] == '@')
		sun.sun_path[0] = '\0';
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || sendto(fd, ready, sizeof(ready) - 1, 0,
			     (struct sockaddr *)&sun,
			     offsetof(struct sockaddr_un, sun_path) + len) < 0)
		log_warn("NOTIFY_SOCKET=%s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
}

/*
 * Everything up to the loop; a message on stderr and -1 on failure. The
 * control socket comes first, before anything touches the kernel or a
 * port: a second dpubgpd at the same socket stops there.
 */
static int start(struct dpubgpd *dd, const struct opts *o)
{
	const struct bgpd_hooks hooks = { 0 };
	struct dpubgpd_plan plan;
	char err[512];
	int ret;

	if (dpubgp_ds_open(&o->ds, &dd->ds, err, sizeof(err)) ||
	    dpubgpd_plan_load(dd->ds, o->node, &plan, err, sizeof(err))) {
		say("%s", err);
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
		ret = dpubgpd_control_open(dd, o->socket);
		if (ret == -EADDRINUSE)
			say("control socket %s: another dpubgpd answers there; not started",
			    o->socket);
		else if (ret)
			say("control socket %s: %s", o->socket, strerror(-ret));
	}
	if (!ret)
		ret = watch_signals(dd);
	if (!ret) {
		ret = dpubgpd_kernel_open(&dd->kernel, &dd->bgp.loop,
					  &dd->rib);
		dd->kernel_up = !ret;
	}
	if (!ret)
		ret = listen_node(dd, &plan.node);
	if (!ret)
		ret = watch_datastore(dd);
	if (!ret) {
		dpubgpd_converge(dd, &plan, NULL);
		dpubgpd_metrics_open(dd);
		log_info("node %s AS %u%s, %zu peers, %zu tenant ports (DPU AS %u), control socket %s (dpubgpd %s)",
			 o->node, dd->node.as,
			 dd->node.as_inherited ? " (inherited)" : "",
			 plan.n_peers, dd->n_ports, dd->dpu_as, o->socket,
			 DPUBGP_VERSION);
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
	dd.metrics = o.metrics;
	ret = start(&dd, &o);
	if (!ret) {
		notify_ready();
		ret = ev_run(&dd.bgp.loop);
	}
	dpubgpd_metrics_close(&dd);
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
	dpubgp_ds_close(dd.ds);	/* closes the watch's descriptor */
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}
