// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl status's two printers: Calico's tables and JSON.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

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

int ctl_print_status_json(FILE *f, const struct dpubgp_status *st)
{
	json_t *obj = dpubgp_status_to_json(st);
	int err;

	if (!obj)
		return -ENOMEM;
	err = json_dumpf(obj, f, JSON_INDENT(2)) ? -EIO : 0;
	json_decref(obj);
	if (!err)
		fputc('\n', f);
	return err;
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

static void print_path(FILE *f, const struct dpubgp_rib_route *r,
		       const struct dpubgp_rib_path *p)
{
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
	if (r->vpc[0])
		fprintf(f, " vpc %s", r->vpc);
	if (p->leak[0])
		fprintf(f, " leak %s", p->leak);
	if (p->stale)
		fputs(" stale", f);
	fputc('\n', f);
}

int ctl_print_rib_text(FILE *f, const struct dpubgp_rib_route *routes,
		       size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < routes[i].n_paths; j++)
			print_path(f, &routes[i], &routes[i].paths[j]);
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
