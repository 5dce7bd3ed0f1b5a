/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the BGP codec's tests share: messages written as hex, spaces
 * allowed, "M" standing for the 16-octet marker.
 */
#ifndef DPUBGP_BGP_TEST_H
#define DPUBGP_BGP_TEST_H

#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "codec/msg.h"

static inline int hexval(char c)
{
	return isdigit((unsigned char)c) ? c - '0' :
	       tolower((unsigned char)c) - 'a' + 10;
}

/* Bytes of hex into buf; their count. */
static inline size_t unhex(const char *hex, uint8_t *buf)
{
	size_t n = 0;

	for (; *hex; hex++) {
		if (*hex == ' ')
			continue;
		if (*hex == 'M') {
			memset(buf + n, 0xff, BGP_MARKER_LEN);
			n += BGP_MARKER_LEN;
			continue;
		}
		buf[n++] = (uint8_t)(hexval(hex[0]) << 4 | hexval(hex[1]));
		hex++;
	}
	return n;
}

#endif /* DPUBGP_BGP_TEST_H */
