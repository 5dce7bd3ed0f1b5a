/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The document's scalar values in text form. Each parser takes the whole
 * string, returns 0 or -EINVAL, and leaves its result alone on error.
 */
#ifndef DPUBGP_CONFIG_VALUE_H
#define DPUBGP_CONFIG_VALUE_H

#include <stdbool.h>
#include <stdint.h>

#include "config/doc.h"

/* Longest text of an address, a route target, an ASN; NUL included. */
#define DPUBGP_ADDR_STRLEN INET6_ADDRSTRLEN
#define DPUBGP_RT_STRLEN sizeof("4294967295:4294967295")

/* asplain (0..4294967295) or asdot "L.R" (halves <= 65535). */
int dpubgp_value_asn(const char *str, uint32_t *as);

/* true/True/TRUE or false/False/FALSE. */
int dpubgp_value_bool(const char *str, bool *val);

/* An IPv4 or IPv6 address, no length. */
int dpubgp_value_addr(const char *str, struct dpubgp_addr *addr);

/* A prefix whose host bits are all zero. */
int dpubgp_value_prefix(const char *str, struct dpubgp_prefix *prefix);

/* "ASN:NN" or "a.b.c.d:NN" within the ranges of its RFC 4360 type. */
int dpubgp_value_rt(const char *str, struct dpubgp_rt *rt);

/* A name: 1..max of [A-Za-z0-9._-], starting with a letter or digit. */
bool dpubgp_value_name_ok(const char *str, size_t max);

/* True when prefix lies inside outer: same family, length and bits. */
bool dpubgp_prefix_inside(const struct dpubgp_prefix *prefix,
			  const struct dpubgp_prefix *outer);

bool dpubgp_addr_equal(const struct dpubgp_addr *a,
		       const struct dpubgp_addr *b);

/* Text forms; buf holds DPUBGP_ADDR_STRLEN / DPUBGP_RT_STRLEN bytes. */
void dpubgp_addr_format(const struct dpubgp_addr *addr, char *buf);
void dpubgp_rt_format(const struct dpubgp_rt *rt, char *buf);

#endif /* DPUBGP_CONFIG_VALUE_H */
