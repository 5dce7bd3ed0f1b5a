// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the header and OPEN decoders, and OPEN's round trip. */
#include <stdlib.h>
#include <string.h>

#include "codec/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_open open, again;
	struct bgp_open_policy policy = { .mp_required = 3, .as4_required = true };
	uint8_t buf[BGP_MAX_LEN];
	struct bgp_err err;
	int len;

	if (bgp_open_parse(data, size, &open, &err))
		return 0;
	bgp_open_check(&open, &policy, &err);
	/* What decodes encodes, and decodes to the same. */
	len = bgp_open_build(&open, buf, sizeof(buf));
	if (len < 0)
		return 0;
	if (bgp_open_parse(buf, (size_t)len, &again, &err) ||
	    again.as != open.as || again.mp != open.mp ||
	    memcmp(&again.gr, &open.gr, sizeof(open.gr)) ||
	    again.n_unknown != open.n_unknown)
		abort();
	return 0;
}
