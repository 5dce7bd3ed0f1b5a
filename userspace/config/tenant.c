// SPDX-License-Identifier: GPL-2.0
/*
 * A port's tenant policy from the document.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/tenant.h"
#include "config/value.h"

__attribute__((format(printf, 3, 4)))
static void warnf(dpubgp_warn_fn *warn, void *ctx, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn(ctx, msg);
}

bool dpubgp_prefixes_cover(const struct dpubgp_prefixes *list,
			   const struct dpubgp_prefix *p)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (dpubgp_prefix_inside(p, &list->v[i]))
			return true;
	return false;
}

/* The port's list, less what lies outside bound. */
static void narrow(const struct dpubgp_prefixes *list,
		   const struct dpubgp_prefixes *bound, const char *where,
		   struct dpubgp_prefixes *out, dpubgp_warn_fn *warn, void *ctx)
{
	char buf[DPUBGP_PREFIX_STRLEN];
	size_t i;

	for (i = 0; i < list->n; i++) {
		if (dpubgp_prefixes_cover(bound, &list->v[i])) {
			out->v[out->n++] = list->v[i];
			continue;
		}
		dpubgp_prefix_format(&list->v[i], buf, sizeof(buf));
		warnf(warn, ctx,
		      "%s: allowed_anycast_prefixes entry %s lies outside the vpc's allowed prefixes, ignored",
		      where, buf);
	}
}

const struct dpubgp_prefixes *dpubgp_port_bound(const struct dpubgp_doc *doc,
						const struct dpubgp_conf_port *port)
{
	const struct dpubgp_conf_vpc *vpc = dpubgp_doc_vpc(doc, port->vpc);
	const struct dpubgp_conf_profile *profile = NULL;

	if (vpc && vpc->routing_profile)
		profile = dpubgp_doc_profile(doc, vpc->routing_profile);
	if (profile && profile->allowed_anycast_prefixes.present)
		return &profile->allowed_anycast_prefixes;
	return &doc->tenant.anycast_site_prefixes;
}

int dpubgp_port_allowed(const struct dpubgp_doc *doc, const char *node,
			const char *port, struct dpubgp_prefixes *out,
			dpubgp_warn_fn *warn, void *ctx)
{
	const struct dpubgp_conf_port *p = dpubgp_doc_port(doc, node, port);
	const struct dpubgp_prefixes *bound, *list;
	char where[160];

	memset(out, 0, sizeof(*out));
	if (!p)
		return -ENOENT;
	snprintf(where, sizeof(where), "ports.%s.%s", node, port);
	bound = dpubgp_port_bound(doc, p);
	if (bound == &doc->tenant.anycast_site_prefixes)
		warnf(warn, ctx,
		      "%s: vpc %s's routing profile has no allowed_anycast_prefixes: using tenant.anycast_site_prefixes, which is deprecated",
		      where, p->vpc);
	list = p->allowed_anycast_prefixes.present ?
	       &p->allowed_anycast_prefixes : bound;
	out->present = true;
	out->v = calloc(list->n + 1, sizeof(*out->v));
	if (!out->v)
		return -ENOMEM;
	narrow(list, bound, where, out, warn, ctx);
	return 0;
}
