/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a node's dpubgpd makes of the document's tenant part (design.md
 * §4.3).
 */
#ifndef DPUBGP_CONFIG_TENANT_H
#define DPUBGP_CONFIG_TENANT_H

#include "config/doc.h"

/*
 * The prefixes a tenant may announce on a port (design.md §4.3):
 * the port's allowed_anycast_prefixes if present, less the entries outside
 * its VPC profile's list (each reported through warn); else the VPC
 * profile's list; else, when the profile has none (or the VPC no profile),
 * the deprecated tenant.anycast_site_prefixes (reported through warn). The
 * profile's list is the bound of the port's; when it is absent, the site
 * list is (which is warned about, deprecated as it is). Absent lists are
 * empty ones. out->present is always set; free out->v. Returns 0, -ENOENT
 * for an unknown node or port, -ENOMEM.
 */
int dpubgp_port_allowed(const struct dpubgp_doc *doc, const char *node,
			const char *port, struct dpubgp_prefixes *out,
			dpubgp_warn_fn *warn, void *ctx);

/*
 * What bounds port's allowed prefixes: its VPC profile's list when the
 * profile has one, else tenant.anycast_site_prefixes (deprecated); never
 * NULL.
 */
const struct dpubgp_prefixes *dpubgp_port_bound(const struct dpubgp_doc *doc,
						const struct dpubgp_conf_port *port);

/* Whether prefix lies inside an entry of list. */
bool dpubgp_prefixes_cover(const struct dpubgp_prefixes *list,
			   const struct dpubgp_prefix *prefix);

#endif /* DPUBGP_CONFIG_TENANT_H */
