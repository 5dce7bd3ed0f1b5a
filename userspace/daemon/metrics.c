// SPDX-License-Identifier: GPL-2.0
/*
 * The metrics (design.md §4.5): GET /metrics in Prometheus's text format
 * (http/metrics.h), on --metrics ADDR (default 127.0.0.1:9179), served
 * by http/server.h on the daemon's loop like the metadata service.
 *
 * Every scrape draws the numbers afresh, and only a scrape does: the
 * sessions from the control socket's status (control_status(), the
 * numbers `dpubgpctl status -o json` shows), the RIB's and the VRF
 * tables' route counts, the module's counters by a dump of its ports and
 * routes (the dumps `dpubgpctl kernel show` reads), the process's RSS.
 * Nothing is kept between scrapes, and no timer runs for them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/log.h"
#include "daemon/dpubgpd.h"
#include "http/metrics.h"
#include "kernel/port.h"
#include "kernel/route.h"

#define METRICS_PATH	"/metrics"

static const char *const family_names[BGP_AID_MAX] = {
	[BGP_AID_IPV4] = "ipv4", [BGP_AID_IPV6] = "ipv6",
};

/* A session's labels, then room for one more of a family's own. */
#define SESSION_LABELS	4

static void session_labels(const struct dpubgp_peer_status *s,
			   struct prom_label *l)
{
	l[0] = (struct prom_label){ "peer", s->address };
	l[1] = (struct prom_label){ "type", s->type };
	l[2] = (struct prom_label){ "interface", s->interface };
	l[3] = (struct prom_label){ "vpc", s->vpc };
}

/* A session family of one number each, at off in the peer's status. */
struct session_metric {
	const char *name, *type, *help;
	size_t off;
	bool milli;
};

#define PEER_OFF(m)	offsetof(struct dpubgp_peer_status, m)

static const struct session_metric session_metrics[] = {
	{ "dpubgp_session_uptime_seconds", "gauge",
	  "Time in Established, 0 when not.", PEER_OFF(uptime_ms), true },
	{ "dpubgp_session_established_total", "counter",
	  "Times the session came up.", PEER_OFF(established), false },
	{ "dpubgp_session_prefixes_received_total", "counter",
	  "Prefixes the peer announced, before import policy.",
	  PEER_OFF(prefixes_received), false },
	{ "dpubgp_session_prefixes_accepted_total", "counter",
	  "Prefixes the peer announced that the RIB took.",
	  PEER_OFF(prefixes_accepted), false },
	{ "dpubgp_session_prefixes_advertised_total", "counter",
	  "Prefixes announced to the peer.", PEER_OFF(prefixes_advertised),
	  false },
	{ "dpubgp_session_routes", "gauge",
	  "The peer's routes in the RIB now (Adj-RIB-In after policy).",
	  PEER_OFF(routes_in), false },
};

/* One counter of a structure within the peer's status, and its label. */
struct sub_counter {
	const char *value;
	size_t off;
};

static const struct sub_counter message_types[] = {
	{ "open", offsetof(struct dpubgp_msg_counts, open) },
	{ "update", offsetof(struct dpubgp_msg_counts, update) },
	{ "notification", offsetof(struct dpubgp_msg_counts, notification) },
	{ "keepalive", offsetof(struct dpubgp_msg_counts, keepalive) },
	{ "route_refresh", offsetof(struct dpubgp_msg_counts, route_refresh) },
};

#define N_MESSAGE_TYPES	(sizeof(message_types) / sizeof(message_types[0]))

static const struct {
	enum rib_drop_reason reason;
	size_t off;
} drop_reasons[] = {
	{ RIB_DROP_NOT_ALLOWED, offsetof(struct dpubgp_drop_counts, not_allowed) },
	{ RIB_DROP_AS_LOOP, offsetof(struct dpubgp_drop_counts, as_loop) },
	{ RIB_DROP_UNTRUSTED, offsetof(struct dpubgp_drop_counts, untrusted) },
	{ RIB_DROP_MAX_PREFIXES,
	  offsetof(struct dpubgp_drop_counts, max_prefixes) },
	{ RIB_DROP_NOT_NEGOTIATED,
	  offsetof(struct dpubgp_drop_counts, not_negotiated) },
	{ RIB_DROP_NO_MEMORY, offsetof(struct dpubgp_drop_counts, out_of_memory) },
};

#define N_DROP_REASONS	(sizeof(drop_reasons) / sizeof(drop_reasons[0]))

static uint64_t u64_at(const void *base, size_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)base + off, sizeof(v));
	return v;
}

/* The session state as RFC 4273's bgpPeerState: 1 idle .. 6 established. */
static uint64_t state_number(const char *fsm)
{
	int st;

	for (st = BGP_ST_IDLE; st <= BGP_ST_ESTABLISHED; st++)
		if (!strcmp(bgp_state_name(st), fsm))
			return (uint64_t)st + 1;
	return 0;
}

/*
 * A family of the counters of a structure at off in each peer's status,
 * one sample per peer and counter, the counter's label named label.
 */
static void session_by(struct prom_text *t, const char *name,
		       const char *help, const struct dpubgp_status *st,
		       size_t off, const char *label,
		       const struct sub_counter *subs, size_t n)
{
	struct prom_label l[SESSION_LABELS + 1];
	size_t i, j;

	prom_family(t, name, "counter", help);
	for (i = 0; i < st->n_peers; i++) {
		session_labels(&st->peers[i], l);
		for (j = 0; j < n; j++) {
			l[SESSION_LABELS] = (struct prom_label){ label,
								 subs[j].value };
			prom_sample(t, name, l, SESSION_LABELS + 1,
				    u64_at((const char *)&st->peers[i] + off,
					   subs[j].off));
		}
	}
}

static void sessions(struct prom_text *t, const struct dpubgp_status *st)
{
	struct sub_counter drops[N_DROP_REASONS];
	struct prom_label l[SESSION_LABELS];
	const struct session_metric *m;
	size_t i;

	prom_family(t, "dpubgp_session_state", "gauge",
		    "The session's FSM state: 1 Idle, 2 Connect, 3 Active, 4 OpenSent, 5 OpenConfirm, 6 Established.");
	for (i = 0; i < st->n_peers; i++) {
		session_labels(&st->peers[i], l);
		prom_sample(t, "dpubgp_session_state", l, SESSION_LABELS,
			    state_number(st->peers[i].fsm));
	}
	for (m = session_metrics;
	     m < session_metrics + sizeof(session_metrics) /
				   sizeof(session_metrics[0]); m++) {
		prom_family(t, m->name, m->type, m->help);
		for (i = 0; i < st->n_peers; i++) {
			session_labels(&st->peers[i], l);
			(m->milli ? prom_sample_milli : prom_sample)(
				t, m->name, l, SESSION_LABELS,
				u64_at(&st->peers[i], m->off));
		}
	}
	session_by(t, "dpubgp_session_messages_received_total",
		   "BGP messages received, by type.", st, PEER_OFF(msgs_in),
		   "message", message_types, N_MESSAGE_TYPES);
	session_by(t, "dpubgp_session_messages_sent_total",
		   "BGP messages sent, by type.", st, PEER_OFF(msgs_out),
		   "message", message_types, N_MESSAGE_TYPES);
	for (i = 0; i < N_DROP_REASONS; i++)
		drops[i] = (struct sub_counter){
			rib_drop_reason_name(drop_reasons[i].reason),
			drop_reasons[i].off };
	session_by(t, "dpubgp_session_prefixes_dropped_total",
		   "Prefixes the peer announced that the RIB dropped, by reason.",
		   st, PEER_OFF(prefixes_dropped_by), "reason", drops,
		   N_DROP_REASONS);
}

/* The VPC of RIB table id, "" for the main table or none. */
static const char *vpc_name(const struct dpubgpd *dd, uint32_t id)
{
	const char *vpc = id ? dd->control.src.vpc(dd->control.src.arg, id) :
			  NULL;

	return vpc ? vpc : "";
}

static void tables(struct prom_text *t, const struct dpubgpd *dd)
{
	const struct rib_table *tab;
	struct prom_label l[3];
	char id[16];
	size_t i, j;
	int aid;

	prom_family(t, "dpubgp_rib_routes", "gauge",
		    "Destinations in a RIB table (0: the main table).");
	for (tab = rib_table_find(&dd->rib, 0); tab;
	     tab = rib_table_next(&dd->rib, tab->id)) {
		snprintf(id, sizeof(id), "%u", tab->id);
		l[0] = (struct prom_label){ "table", id };
		l[1] = (struct prom_label){ "vpc", vpc_name(dd, tab->id) };
		for (aid = 0; aid < BGP_AID_MAX; aid++) {
			l[2] = (struct prom_label){ "family", family_names[aid] };
			prom_sample(t, "dpubgp_rib_routes", l, 3,
				    rib_count(&dd->rib, tab->id, aid));
		}
	}
	prom_family(t, "dpubgp_rib_bytes", "gauge",
		    "Bytes held by the RIB's tables and paths.");
	prom_sample(t, "dpubgp_rib_bytes", NULL, 0, rib_bytes(&dd->rib));
	prom_family(t, "dpubgp_vpc_routes_installed", "gauge",
		    "Routes dpubgpd installed in the VPC's VRF table.");
	for (i = 0; dd->kernel_up && i < dd->n_ports; i++) {
		for (j = 0; j < i; j++)
			if (dd->ports[j].table == dd->ports[i].table)
				break;
		if (j < i)
			continue;	/* the VPC's, written already */
		snprintf(id, sizeof(id), "%u", dd->ports[i].table);
		l[0] = (struct prom_label){ "vpc", dd->ports[i].vpc };
		l[1] = (struct prom_label){ "table", id };
		for (aid = 0; aid < BGP_AID_MAX; aid++) {
			l[2] = (struct prom_label){ "family", family_names[aid] };
			prom_sample(t, "dpubgp_vpc_routes_installed", l, 3,
				    dpubgpd_kernel_installed(&dd->kernel,
							     dd->ports[i].table,
							     aid));
		}
	}
}

/* The VPC of the document's port on device name, "" for another. */
static const char *port_vpc(const struct dpubgpd *dd, const char *name)
{
	const struct dpubgpd_port *port = dpubgpd_port_find(dd, name);

	return port ? port->vpc : "";
}

/* A family of a counter at off in each of the module's routes. */
static void route_family(struct prom_text *t, const struct dpubgpd *dd,
			 const char *name, const char *help,
			 const struct dpubgp_route_list *routes, size_t off)
{
	const struct dpubgp_route *r;
	char prefix[DPUBGP_PREFIX_STRLEN];
	struct prom_label l[3];

	prom_family(t, name, "counter", help);
	for (r = routes->routes; r < routes->routes + routes->count; r++) {
		if (dpubgp_prefix_format(&r->prefix, prefix, sizeof(prefix)))
			continue;
		l[0] = (struct prom_label){ "interface", r->ifname };
		l[1] = (struct prom_label){ "vpc", port_vpc(dd, r->ifname) };
		l[2] = (struct prom_label){ "prefix", prefix };
		prom_sample(t, name, l, 3, u64_at(r, off));
	}
}

/* The module's counters, by one dump of its ports and one of its routes. */
static void module(struct prom_text *t, struct dpubgpd *dd)
{
	struct dpubgp_nl *nl = &dd->kernel.genl;
	struct dpubgp_port_list ports = { 0 };
	struct dpubgp_route_list routes = { 0 };
	struct dpubgp_extack ext;
	struct prom_label l[2];
	bool up;
	size_t i;

	up = dd->kernel_up && nl->sock &&
	     !dpubgp_port_dump(nl, &ports, &ext) &&
	     !dpubgp_route_dump(nl, &routes, &ext);
	if (dd->kernel_up && nl->sock && !up)
		log_warn("metrics: the module's dump: %s",
			 ext.msg[0] ? ext.msg : strerror(-ext.error));
	prom_family(t, "dpubgp_module_up", "gauge",
		    "Whether the kernel module answered this scrape's dumps.");
	prom_sample(t, "dpubgp_module_up", NULL, 0, up);
	prom_family(t, "dpubgp_port_drops_total", "counter",
		    "Packets the module's source filter dropped on the port.");
	for (i = 0; up && i < ports.count; i++) {
		l[0] = (struct prom_label){ "interface", ports.ports[i].ifname };
		l[1] = (struct prom_label){ "vpc",
					    port_vpc(dd, ports.ports[i].ifname) };
		prom_sample(t, "dpubgp_port_drops_total", l, 2,
			    ports.ports[i].drops);
	}
	route_family(t, dd, "dpubgp_route_packets_total",
		     "Packets from the port's hosts the module counted against the tenant route.",
		     &routes, offsetof(struct dpubgp_route, packets));
	route_family(t, dd, "dpubgp_route_bytes_total",
		     "Bytes of those packets.", &routes,
		     offsetof(struct dpubgp_route, bytes));
	dpubgp_port_list_free(&ports);
	dpubgp_route_list_free(&routes);
}

/* Resident set size from /proc/self/statm (pages); 0 when unreadable. */
static uint64_t rss_bytes(void)
{
	unsigned long long size, resident = 0;
	FILE *f = fopen("/proc/self/statm", "re");

	if (!f)
		return 0;
	if (fscanf(f, "%llu %llu", &size, &resident) != 2)
		resident = 0;
	fclose(f);
	return resident * (uint64_t)sysconf(_SC_PAGESIZE);
}

static int metrics_get(void *arg, const char *path, struct http_answer *a)
{
	static const char not_found[] = "not found: try " METRICS_PATH;
	struct dpubgpd *dd = arg;
	struct prom_text t = { 0 };
	struct dpubgp_status st;

	if (strcmp(path, METRICS_PATH)) {
		*a = (struct http_answer){ .status = 404, .type = "text/plain",
			.body = not_found, .len = sizeof(not_found) - 1 };
		return 0;
	}
	if (control_status(&dd->control.src, &st))
		return -ENOMEM;
	sessions(&t, &st);
	dpubgp_status_free(&st);
	tables(&t, dd);
	module(&t, dd);
	prom_family(&t, "process_resident_memory_bytes", "gauge",
		    "Resident memory size in bytes.");
	prom_sample(&t, "process_resident_memory_bytes", NULL, 0, rss_bytes());
	if (t.failed) {
		free(t.buf);
		return -ENOMEM;
	}
	dd->metrics.body = t.buf;
	*a = (struct http_answer){ .status = 200, .type = PROM_CONTENT_TYPE,
				   .body = t.buf, .len = t.len };
	return 0;
}

static void metrics_done(void *arg, struct http_answer *a)
{
	struct dpubgpd *dd = arg;

	(void)a;
	free(dd->metrics.body);
	dd->metrics.body = NULL;
}

int dpubgpd_metrics_parse(const char *str, struct dpubgpd_metrics *m)
{
	char host[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(str, ':');
	uint64_t port;
	size_t len;

	memset(m, 0, sizeof(*m));
	m->hl.lev.fd = m->hl.mev.fd = -1;
	if (!strcmp(str, "none"))
		return 0;
	if (!colon || dpubgp_parse_uint(colon + 1, 65535, &port) || !port)
		return -EINVAL;
	len = (size_t)(colon - str);
	/* [ADDRESS] for IPv6: its own colons */
	if (len >= 2 && str[0] == '[' && str[len - 1] == ']') {
		str++;
		len -= 2;
	}
	if (len >= sizeof(host))
		return -EINVAL;
	memcpy(host, str, len);
	host[len] = '\0';
	if (bgp_addr_parse(host, &m->addr))
		return -EINVAL;
	m->port = (uint16_t)port;
	return 0;
}

void dpubgpd_metrics_open(struct dpubgpd *dd)
{
	struct dpubgpd_metrics *m = &dd->metrics;
	const struct http_handler h = {
		.get = metrics_get, .done = metrics_done, .arg = dd,
	};
	char name[INET6_ADDRSTRLEN];
	int ret;

	if (!m->port)
		return;
	bgp_addr_format(&m->addr, name, sizeof(name));
	ret = http_listener_open(&m->hl, &dd->bgp.loop, NULL, &m->addr,
				 m->port, &h, NULL);
	if (ret) {
		log_error("metrics on %s port %u: %s; serving none",
			  name, m->port, strerror(-ret));
		http_listener_close(&m->hl);
		return;
	}
	log_info("metrics on http://%s%s%s:%u" METRICS_PATH,
		 m->addr.family == AF_INET6 ? "[" : "", name,
		 m->addr.family == AF_INET6 ? "]" : "", m->port);
}

void dpubgpd_metrics_close(struct dpubgpd *dd)
{
	http_listener_close(&dd->metrics.hl);
	free(dd->metrics.body);
	dd->metrics.body = NULL;
}
