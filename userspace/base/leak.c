// SPDX-License-Identifier: GPL-2.0
/*
 * The names of a tenant route's leak (leak.h).
 */
#include <errno.h>
#include <string.h>

#include "base/leak.h"

const char *dpubgp_leak_name(uint32_t flags)
{
	if (flags & DPUBGP_ROUTE_F_DROP_OVERLAY)
		return "drop-overlay";
	if (flags & DPUBGP_ROUTE_F_LEAK_UNDERLAY)
		return "underlay";
	return "none";
}

int dpubgp_leak_parse(const char *name, uint32_t *flags)
{
	if (!strcmp(name, "underlay"))
		*flags = DPUBGP_LEAK_UNDERLAY;
	else if (!strcmp(name, "drop-overlay"))
		*flags = DPUBGP_LEAK_DROP_OVERLAY;
	else
		return -EINVAL;
	return 0;
}
