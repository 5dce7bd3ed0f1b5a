/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Prometheus text exposition format (version 0.0.4), written into a
 * growing buffer: what GET /metrics answers (design.md §4.5). The daemon
 * says what to write; this only spells it:
 *
 *   # HELP dpubgp_session_up Whether the session is Established.
 *   # TYPE dpubgp_session_up gauge
 *   dpubgp_session_up{peer="10.0.0.2",interface="t0"} 1
 *
 * A family's samples follow its HELP and TYPE lines, all of them before
 * the next family's (the format wants a family in one group). Label
 * values are escaped (backslash, double quote, newline); names are the
 * caller's constants, not checked. Out of memory, the text is marked
 * failed and further writes do nothing: check it once at the end.
 */
#ifndef DPUBGP_HTTP_METRICS_H
#define DPUBGP_HTTP_METRICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PROM_CONTENT_TYPE	"text/plain; version=0.0.4; charset=utf-8"

struct prom_text {
	char *buf;			/* NUL-terminated; free() it */
	size_t len, room;
	bool failed;			/* out of memory */
};

struct prom_label {
	const char *name;
	const char *value;
};

/* A family's "# HELP" and "# TYPE" lines; type "counter" or "gauge". */
void prom_family(struct prom_text *t, const char *name, const char *type,
		 const char *help);
/* A sample: name{labels} value; n labels (0: no braces). */
void prom_sample(struct prom_text *t, const char *name,
		 const struct prom_label *labels, size_t n, uint64_t value);
/* The same, for a value in thousandths written in units ("12.345"). */
void prom_sample_milli(struct prom_text *t, const char *name,
		       const struct prom_label *labels, size_t n,
		       uint64_t milli);

#endif /* DPUBGP_HTTP_METRICS_H */
