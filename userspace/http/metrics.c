// SPDX-License-Identifier: GPL-2.0
/* The Prometheus text exposition format (metrics.h). */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/metrics.h"

static __attribute__((format(printf, 2, 3))) void add(struct prom_text *t,
						       const char *fmt, ...)
{
	size_t room;
	va_list ap;
	char *grown;
	int n;

	while (!t->failed) {
		room = t->room - t->len;
		va_start(ap, fmt);
		n = t->buf ? vsnprintf(t->buf + t->len, room, fmt, ap) : -1;
		va_end(ap);
		if (n >= 0 && (size_t)n < room) {
			t->len += (size_t)n;
			return;
		}
		room = t->room ? t->room * 2 : 4096;
		grown = realloc(t->buf, room);
		if (!grown) {
			t->failed = true;
			return;
		}
		t->buf = grown;
		t->room = room;
	}
}

/* A label value, escaped as the format wants. */
static void add_value(struct prom_text *t, const char *v)
{
	size_t span;

	for (; *v; v += span) {
		span = strcspn(v, "\\\"\n");
		add(t, "%.*s", (int)span, v);
		if (!v[span])
			return;
		add(t, "\\%c", v[span] == '\n' ? 'n' : v[span]);
		span++;
	}
}

void prom_family(struct prom_text *t, const char *name, const char *type,
		 const char *help)
{
	add(t, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void series(struct prom_text *t, const char *name,
		   const struct prom_label *labels, size_t n)
{
	size_t i;

	add(t, "%s", name);
	for (i = 0; i < n; i++) {
		add(t, "%s%s=\"", i ? "," : "{", labels[i].name);
		add_value(t, labels[i].value);
		add(t, "\"");
	}
	add(t, "%s ", n ? "}" : "");
}

void prom_sample(struct prom_text *t, const char *name,
		 const struct prom_label *labels, size_t n, uint64_t value)
{
	series(t, name, labels, n);
	add(t, "%" PRIu64 "\n", value);
}

void prom_sample_milli(struct prom_text *t, const char *name,
		       const struct prom_label *labels, size_t n,
		       uint64_t milli)
{
	series(t, name, labels, n);
	add(t, "%" PRIu64 ".%03u\n", milli / 1000, (unsigned int)(milli % 1000));
}
