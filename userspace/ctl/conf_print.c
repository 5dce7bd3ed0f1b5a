// SPDX-License-Identifier: GPL-2.0
/*
 * The two printers of calicoctl's peer tables: text and JSON.
 */
#include <string.h>

#include "config/value.h"
#include "ctl/conf.h"

#define AS_HEADING "AS Num"

static void rule(FILE *f, size_t w0, size_t w1)
{
	fprintf(f, "+%.*s+%.*s+\n", (int)w0 + 2,
		"------------------------------------------------------------",
		(int)w1 + 2,
		"------------------------------------------------------------");
}

void ctl_print_peers_text(FILE *f, const char *heading, const char *empty,
			  const struct dpubgp_conf_peer *peers, size_t n)
{
	char ip[DPUBGP_ADDR_STRLEN], as[sizeof("4294967295")];
	size_t w0 = strlen(heading), w1 = strlen(AS_HEADING), i;

	if (!n) {
		fprintf(f, "%s\n\n", empty);
		return;
	}
	for (i = 0; i < n; i++) {
		dpubgp_addr_format(&peers[i].ip, ip);
		snprintf(as, sizeof(as), "%u", peers[i].as);
		if (strlen(ip) > w0)
			w0 = strlen(ip);
		if (strlen(as) > w1)
			w1 = strlen(as);
	}
	rule(f, w0, w1);
	fprintf(f, "| %-*s | %-*s |\n", (int)w0, heading, (int)w1, AS_HEADING);
	rule(f, w0, w1);
	for (i = 0; i < n; i++) {
		dpubgp_addr_format(&peers[i].ip, ip);
		fprintf(f, "| %-*s | %-*u |\n", (int)w0, ip, (int)w1,
			peers[i].as);
	}
	rule(f, w0, w1);
}

int ctl_print_peers_json(FILE *f, const struct dpubgp_conf_peer *peers,
			 size_t n)
{
	char ip[DPUBGP_ADDR_STRLEN];
	json_t *a = json_array();
	size_t i;
	int err = !a;

	for (i = 0; !err && i < n; i++) {
		dpubgp_addr_format(&peers[i].ip, ip);
		err = json_array_append_new(a, json_pack("{sssI}", "ip", ip,
							 "as",
							 (json_int_t)peers[i].as));
	}
	if (!err)
		err = json_dumpf(a, f, JSON_INDENT(2)) || fputc('\n', f) == EOF;
	json_decref(a);
	return err ? -1 : 0;
}
