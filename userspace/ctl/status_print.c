// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl status's two printers: Calico's tables and JSON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/prefix.h"
#include "ctl/status.h"

#define COLS		5
#define CELL_MAX	192
#define SINCE_DATE_AFTER	(20 * 3600)	/* BIRD's: the date, not the time */

static const char *const headers[COLS] = {
	"Peer address", "Peer type", "State", "Since", "Info",
};

struct row {
	char cell[COLS][CELL_MAX];
};

static void format_since(char *buf, size_t size, time_t since, time_t now)
{
	struct tm tm;

	localtime_r(&since, &tm);
	strftime(buf, size, now - since < SINCE_DATE_AFTER ? "%H:%M:%S" :
		 "%Y-%m-%d", &tm);
}

static void fill_row(struct row *r, const struct dpubgp_peer_status *p,
		     time_t now)
{
	snprintf(r->cell[0], CELL_MAX, "%s%s%s", p->address,
		 *p->interface ? "%" : "", p->interface);
	snprintf(r->cell[1], CELL_MAX, "%s", p->type);
	snprintf(r->cell[2], CELL_MAX, "%s", p->proto);
	format_since(r->cell[3], CELL_MAX, p->since, now);
	snprintf(r->cell[4], CELL_MAX, "%s%s%s", p->fsm, *p->error ? " " : "",
		 p->error);
}

static void print_rule(FILE *f, const size_t *width)
{
	int c;

	for (c = 0; c < COLS; c++)
		fprintf(f, "+%.*s", (int)width[c] + 2,
			"----------------------------------------------------------------"
			"----------------------------------------------------------------"
			"----------------------------------------------------------------");
	fputs("+\n", f);
}

/*
 * prettytable's centring: an odd excess goes right of an odd-length text
 * and left of an even-length one.
 */
static void print_cells(FILE *f, const char *const *cells, const size_t *width)
{
	size_t len, excess, left;
	int c;

	for (c = 0; c < COLS; c++) {
		len = strlen(cells[c]);
		excess = width[c] - len;
		left = excess / 2 + (excess % 2 && !(len % 2));
		fprintf(f, "| %*s%s%*s ", (int)left, "", cells[c],
			(int)(excess - left), "");
	}
	fputs("|\n", f);
}

static void print_table(FILE *f, const struct row *rows, size_t n)
{
	const char *cells[COLS];
	size_t width[COLS], i;
	int c;

	for (c = 0; c < COLS; c++) {
		width[c] = strlen(headers[c]);
		for (i = 0; i < n; i++)
			if (strlen(rows[i].cell[c]) > width[c])
				width[c] = strlen(rows[i].cell[c]);
	}
	print_rule(f, width);
	print_cells(f, headers, width);
	print_rule(f, width);
	for (i = 0; i < n; i++) {
		for (c = 0; c < COLS; c++)
			cells[c] = rows[i].cell[c];
		print_cells(f, cells, width);
	}
	print_rule(f, width);
}

static int print_family(FILE *f, const struct dpubgp_status *st, int family,
			time_t now)
{
	const char *addr = family == 4 ? st->ipv4.address : st->ipv6.address;
	struct row *rows;
	size_t i, n = 0;

	rows = calloc(st->n_peers + 1, sizeof(*rows));
	if (!rows)
		return -ENOMEM;
	for (i = 0; i < st->n_peers; i++)
		if (st->peers[i].family == family)
			fill_row(&rows[n++], &st->peers[i], now);
	fprintf(f, "IPv%d BGP status\n", family);
	if (*addr)
		fprintf(f, "IP: %s    AS Number: %u%s\n", addr, st->as,
			st->as_inherited ? " (inherited)" : "");
	if (st->dpu_as)
		fprintf(f, "DPU AS Number: %u (tenant sessions)\n", st->dpu_as);
	if (n)
		print_table(f, rows, n);
	else
		fprintf(f, "No IPv%d peers found.\n", family);
	fputc('\n', f);
	free(rows);
	return 0;
}

int ctl_print_status_text(FILE *f, const struct dpubgp_status *st, time_t now)
{
	int err = print_family(f, st, 4, now);

	return err ? err : print_family(f, st, 6, now);
}

static int print_json(FILE *f, json_t *obj);

int ctl_print_status_json(FILE *f, const struct dpubgp_status *st)
{
	return print_json(f, dpubgp_status_to_json(st));
}

/* A JSON object, indented by 2, and a newline. */
static int print_json(FILE *f, json_t *obj)
{
	int err;

	if (!obj)
		return -ENOMEM;
	err = json_dumpf(obj, f, JSON_INDENT(2)) ? -EIO : 0;
	json_decref(obj);
	if (!err && fputc('\n', f) == EOF)
		err = -EIO;
	return err;
}

int ctl_print_peer_json(FILE *f, const struct dpubgp_peer_status *p)
{
	struct dpubgp_status one = { .peers = (struct dpubgp_peer_status *)p,
				     .n_peers = 1 };
	json_t *st = dpubgp_status_to_json(&one);
	json_t *peer = json_incref(json_array_get(json_object_get(st, "peers"),
						  0));

	json_decref(st);
	return print_json(f, peer);
}

/* "01:02:03", or "3d01h02m" from a day on: FRR's uptime. */
static void format_duration(char *buf, size_t size, uint64_t s)
{
	if (s < 86400)
		snprintf(buf, size, "%02u:%02u:%02u", (unsigned int)(s / 3600),
			 (unsigned int)(s / 60 % 60), (unsigned int)(s % 60));
	else
		snprintf(buf, size, "%ud%02uh%02um", (unsigned int)(s / 86400),
			 (unsigned int)(s / 3600 % 24),
			 (unsigned int)(s / 60 % 60));
}

/* "2026-11-21 16:17:25", local time. */
static void format_time(char *buf, size_t size, time_t t)
{
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
}

static const char *const cap_texts[DPUBGP_CAPS] = {
	"IPv4 unicast", "IPv6 unicast", "Route refresh", "4-octet AS",
	"Graceful restart",
};

static void print_caps(FILE *f, const struct dpubgp_peer_status *p)
{
	uint32_t bit;
	int i;

	fputs("  Capabilities:\n", f);
	for (i = 0; i < DPUBGP_CAPS; i++) {
		bit = 1u << i;
		if (!((p->caps_advertised | p->caps_received) & bit))
			continue;
		fprintf(f, "    %s: %s%s%s", cap_texts[i],
			p->caps_advertised & bit ? "advertised" : "",
			(p->caps_advertised & p->caps_received & bit) ?
			" and " : "",
			p->caps_received & bit ? "received" : "");
		if (bit == DPUBGP_CAP_GRACEFUL_RESTART && p->restart_time)
			fprintf(f, ", its restart time %u s", p->restart_time);
		fputc('\n', f);
	}
}

static void print_msgs(FILE *f, const struct dpubgp_peer_status *p)
{
	const struct dpubgp_msg_counts *o = &p->msgs_out, *i = &p->msgs_in;
	const struct {
		const char *what;
		uint64_t sent, rcvd;
	} rows[] = {
		{ "Opens", o->open, i->open },
		{ "Notifications", o->notification, i->notification },
		{ "Updates", o->update, i->update },
		{ "Keepalives", o->keepalive, i->keepalive },
		{ "Route refresh", o->route_refresh, i->route_refresh },
		{ "Total", o->open + o->notification + o->update +
			   o->keepalive + o->route_refresh,
		  i->open + i->notification + i->update + i->keepalive +
		  i->route_refresh },
	};
	size_t r;
	char what[24];

	fprintf(f, "  Messages:%*s%10s %10s\n", 14, "", "Sent", "Rcvd");
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		snprintf(what, sizeof(what), "%s:", rows[r].what);
		fprintf(f, "    %-20s %10llu %10llu\n", what,
			(unsigned long long)rows[r].sent,
			(unsigned long long)rows[r].rcvd);
	}
}

static void print_prefixes(FILE *f, const struct dpubgp_peer_status *p)
{
	const struct dpubgp_drop_counts *d = &p->prefixes_dropped_by;
	const struct {
		const char *what;
		uint64_t n;
	} rows[] = {
		{ "Received", p->prefixes_received },
		{ "Accepted", p->prefixes_accepted },
		{ "Dropped, not allowed", d->not_allowed },
		{ "Dropped, AS loop", d->as_loop },
		{ "Dropped, untrusted", d->untrusted },
		{ "Dropped, over max_prefixes", d->max_prefixes },
		{ "Dropped, not negotiated", d->not_negotiated },
		{ "Dropped, out of memory", d->out_of_memory },
		{ "Withdrawn", p->withdrawals_in },
		{ "In the RIB now", p->routes_in },
		{ "Advertised", p->prefixes_advertised },
		{ "Advertised now", p->routes_out },
	};
	char what[40];
	size_t r;

	fputs("  Prefixes (received = accepted + dropped):\n", f);
	for (r = 0; r < sizeof(rows) / sizeof(rows[0]); r++) {
		snprintf(what, sizeof(what), "%s:", rows[r].what);
		fprintf(f, "    %-28s %10llu\n", what,
			(unsigned long long)rows[r].n);
	}
}

int ctl_print_peer_text(FILE *f, const struct dpubgp_status *st,
			const struct dpubgp_peer_status *p, time_t now)
{
	char when[32], ago[32];

	fprintf(f, "BGP neighbor is %s%s%s, remote AS %u, local AS %u, %s\n",
		p->address, *p->interface ? "%" : "", p->interface,
		p->peer_as, p->local_as, p->type);
	if (*p->interface)
		fprintf(f, "  Port %s, VPC %s\n", p->interface,
			*p->vpc ? p->vpc : "-");
	fprintf(f, "  Remote router ID %s, local router ID %s\n",
		*p->remote_id ? p->remote_id : "-", st->router_id);
	if (p->open_as)
		fprintf(f, "  AS in its last OPEN: %u\n", p->open_as);
	format_time(when, sizeof(when), p->since);
	format_duration(ago, sizeof(ago),
			now > p->since ? (uint64_t)(now - p->since) : 0);
	fprintf(f, "  BGP state %s (%s), since %s, %s ago\n", p->fsm,
		p->proto, when, ago);
	if (!strcmp(p->fsm, "Established")) {
		format_duration(ago, sizeof(ago), p->uptime_ms / 1000);
		fprintf(f, "  Up for %s; hold time %u s, keepalive interval %u s\n",
			ago, p->hold_time, p->keepalive_time);
	}
	fprintf(f, "  Configured hold time %u s\n", p->hold_time_configured);
	fprintf(f, "  Established %llu times; closed for max_prefixes %llu times\n",
		(unsigned long long)p->established,
		(unsigned long long)p->max_prefixes_reached);
	if (*p->graceful_restart)
		fprintf(f, "  Graceful restart: %s\n", p->graceful_restart);
	if (*p->last_error) {
		format_time(when, sizeof(when), p->last_error_at);
		fprintf(f, "  Last error: %s, at %s\n", p->last_error, when);
	}
	print_caps(f, p);
	print_msgs(f, p);
	print_prefixes(f, p);
	return ferror(f) ? -EIO : 0;
}

static void print_aspath(FILE *f, const struct dpubgp_rib_path *p)
{
	const struct dpubgp_as_segment *seg;
	const char *sep = "";
	size_t i, j;

	fputc('[', f);
	for (i = 0; i < p->n_as_path; i++) {
		seg = &p->as_path[i];
		if (seg->set) {
			fprintf(f, "%s[", sep);
			sep = "";
		}
		for (j = 0; j < seg->n; j++, sep = ",")
			fprintf(f, "%s%u", sep, seg->as[j]);
		if (seg->set) {
			fputc(']', f);
			sep = ",";
		}
	}
	fputc(']', f);
}

/* " NAME ["A","B"]" for a list that is not empty. */
static void print_strs(FILE *f, const char *name,
		       const dpubgp_community_str *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(f, "%s\"%s\"", i ? "," : name, v[i]);
	if (n)
		fputc(']', f);
}

static const char *const drop_texts[][2] = {
	{ "not_allowed", "not allowed" },
	{ "as_loop", "AS loop" },
	{ "untrusted", "untrusted attributes" },
	{ "max_prefixes", "over max_prefixes" },
	{ "not_negotiated", "family not negotiated" },
	{ "out_of_memory", "out of memory" },
};

static const char *drop_text(const char *reason)
{
	size_t i;

	for (i = 0; i < sizeof(drop_texts) / sizeof(drop_texts[0]); i++)
		if (!strcmp(reason, drop_texts[i][0]))
			return drop_texts[i][1];
	return reason;
}

static void print_path(FILE *f, const struct dpubgp_rib_route *r,
		       const struct dpubgp_rib_path *p)
{
	char when[32];
	size_t i;

	fprintf(f, "%-20s %s via %s from %s%s%s as_path ", r->prefix,
		p->best ? "*" : " ", p->next_hop[0] ? p->next_hop : "-",
		p->from, *p->interface ? "%" : "", p->interface);
	print_aspath(f, p);
	if (p->med.set)
		fprintf(f, " med %u", p->med.value);
	if (p->local_pref.set)
		fprintf(f, " local_pref %u", p->local_pref.value);
	for (i = 0; i < p->n_communities; i++)
		fprintf(f, "%s\"%u:%u\"", i ? "," : " communities [",
			p->communities[i] >> 16, p->communities[i] & 0xffff);
	if (p->n_communities)
		fputc(']', f);
	print_strs(f, " ext_communities [", p->ext_communities,
		   p->n_ext_communities);
	print_strs(f, " large_communities [", p->large_communities,
		   p->n_large_communities);
	if (r->vpc[0])
		fprintf(f, " vpc %s", r->vpc);
	if (p->leak[0])
		fprintf(f, " leak %s", p->leak);
	if (p->stale)
		fputs(" stale", f);
	if (p->dropped[0]) {
		format_time(when, sizeof(when), p->dropped_at);
		fprintf(f, " dropped: %s, at %s", drop_text(p->dropped), when);
	}
	fputc('\n', f);
}

/* The order of two prefixes: IPv4 first, then address, then length. */
static int prefix_cmp(const char *a, const char *b)
{
	struct dpubgp_prefix x, y;
	int c;

	if (dpubgp_prefix_parse(a, &x) || dpubgp_prefix_parse(b, &y))
		return strcmp(a, b);
	if (x.family != y.family)
		return x.family == AF_INET ? -1 : 1;
	c = memcmp(x.addr, y.addr, sizeof(x.addr));
	return c ? c : x.len - y.len;
}

struct sort_key {
	struct dpubgp_rib_route *r;
	size_t i;
};

static int route_cmp(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	int c;

	if (x->r->table != y->r->table)
		return x->r->table < y->r->table ? -1 : 1;
	c = prefix_cmp(x->r->prefix, y->r->prefix);
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

void ctl_rib_sort(struct dpubgp_rib_route *routes, size_t n)
{
	struct dpubgp_rib_route *copy = calloc(n + 1, sizeof(*copy));
	struct sort_key *keys = calloc(n + 1, sizeof(*keys));
	size_t i;

	if (copy && keys) {
		for (i = 0; i < n; i++)
			keys[i] = (struct sort_key){ &copy[i], i };
		memcpy(copy, routes, n * sizeof(*routes));
		qsort(keys, n, sizeof(*keys), route_cmp);
		for (i = 0; i < n; i++)
			routes[i] = *keys[i].r;
	}
	free(keys);
	free(copy);
}

int ctl_print_rib_text(FILE *f, const struct dpubgp_rib_route *routes,
		       size_t n)
{
	const struct dpubgp_rib_route *r;
	bool dropped;
	size_t i, j;

	if (!n)
		fputs("No routes.\n", f);
	for (i = 0; i < n; i++) {
		r = &routes[i];
		if (!i || r->table != routes[i - 1].table) {
			dropped = r->n_paths && r->paths[0].dropped[0];
			if (i)
				fputc('\n', f);
			if (!r->table)
				fprintf(f, "Table main%s:\n",
					dropped ? ", dropped" : "");
			else
				fprintf(f, "Table %u%s%s%s:\n", r->table,
					*r->vpc ? ", VPC " : "", r->vpc,
					dropped ? ", dropped" : "");
		}
		for (j = 0; j < r->n_paths; j++)
			print_path(f, r, &r->paths[j]);
	}
	return ferror(f) ? -EIO : 0;
}

int ctl_print_rib_json(FILE *f, const struct dpubgp_rib_route *routes,
		       size_t n)
{
	json_t *a = json_array();
	size_t i;
	int err = a ? 0 : -ENOMEM;

	for (i = 0; !err && i < n; i++)
		if (json_array_append_new(a, dpubgp_rib_route_to_json(&routes[i])))
			err = -ENOMEM;
	if (!err && (json_dumpf(a, f, JSON_INDENT(2)) || fputc('\n', f) == EOF))
		err = -EIO;
	json_decref(a);
	return err;
}
