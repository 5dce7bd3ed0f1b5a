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
	snprintf(r->cell[0], CELL_MAX, "%s", p->address);
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
