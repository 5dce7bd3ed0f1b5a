// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the UPDATE decoder on the four kinds of session (the
 * first input byte picks one), walking every NLRI run and interning the
 * attributes it decoded.
 */
#include <stdlib.h>

#include "codec/update.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(struct bgp_nlri *n)
{
	struct dpubgp_prefix p;

	while (bgp_nlri_next(n, &p))
		if (p.len > (p.family == AF_INET ? 32 : 128))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct bgp_update u;
	struct bgp_attrs_table t;
	const struct bgp_attrs *a;
	struct bgp_session s;

	if (!size)
		return 0;
	s = (struct bgp_session){ .as4 = data[0] & 1, .ebgp = data[0] & 2 };
	if (bgp_update_parse(&u, data + 1, size - 1, &s) == BGP_ACT_RESET) {
		if (!u.reason || u.err.code == 0)
			abort();
		return 0;
	}
	walk(&u.withdrawn);
	walk(&u.nlri);
	walk(&u.mp_reach);
	walk(&u.mp_unreach);
	bgp_attrs_table_init(&t);
	a = bgp_attrs_intern(&t, &u.attrs);
	if (!a || !bgp_attrs_equal(a, &u.attrs))
		abort();
	bgp_attrs_unref(&t, a);
	bgp_attrs_table_destroy(&t);
	return 0;
}
