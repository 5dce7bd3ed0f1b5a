/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tenant route's leak: the module's route flags (DPUBGP_ROUTE_F_* of
 * the uapi header), which the RIB's paths carry as they are. The two
 * leaks a tenant can ask for, with the communities of design.md §4.3:
 * 65100:1 leaks to the underlay; 65100:2 also drops the route from the
 * overlay, and implies the leak. Their names are the CLI's and the
 * control protocol's.
 */
#ifndef DPUBGP_BASE_LEAK_H
#define DPUBGP_BASE_LEAK_H

#include <stdint.h>

#include <linux/dpubgp.h>

/* The route flags that say a route is leaked: either leak. */
#define DPUBGP_LEAK_MASK \
	(DPUBGP_ROUTE_F_LEAK_UNDERLAY | DPUBGP_ROUTE_F_DROP_OVERLAY)
#define DPUBGP_LEAK_UNDERLAY	DPUBGP_ROUTE_F_LEAK_UNDERLAY
#define DPUBGP_LEAK_DROP_OVERLAY \
	(DPUBGP_ROUTE_F_LEAK_UNDERLAY | DPUBGP_ROUTE_F_DROP_OVERLAY)

/* "drop-overlay", "underlay" or, for no leak, "none". */
const char *dpubgp_leak_name(uint32_t flags);
/* "underlay" or "drop-overlay" into *flags: 0, else -EINVAL. */
int dpubgp_leak_parse(const char *name, uint32_t *flags);

#endif /* DPUBGP_BASE_LEAK_H */
