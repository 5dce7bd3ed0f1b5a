/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IPv4 and IPv6 prefixes in text form: "a.b.c.d[/len]", "x::y[/len]"; and
 * the decimal numbers they and the document's values are written with.
 */
#ifndef DPUBGP_BASE_PREFIX_H
#define DPUBGP_BASE_PREFIX_H

#include <stdint.h>
#include <stddef.h>
#include <sys/socket.h>
#include <netinet/in.h>

/* Longest text form, NUL included: an IPv6 address and "/128". */
#define DPUBGP_PREFIX_STRLEN (INET6_ADDRSTRLEN + sizeof("/128") - 1)

struct dpubgp_prefix {
	sa_family_t family;	/* AF_INET or AF_INET6 */
	uint8_t len;		/* <= dpubgp_prefix_maxlen(family) */
	uint8_t addr[16];	/* network order; IPv4 uses the first 4 */
};

/*
 * Decimal digits, no sign, no blanks, no leading zero (every number has
 * exactly one spelling), at most max: 0, else -EINVAL.
 */
int dpubgp_parse_uint(const char *str, uint64_t max, uint64_t *val);

/* Clear the bits of prefix->addr beyond prefix->len (the host bits). */
void dpubgp_prefix_mask(struct dpubgp_prefix *prefix);

/* 32 for AF_INET, 128 for AF_INET6, 0 for anything else. */
unsigned int dpubgp_prefix_maxlen(sa_family_t family);

/* Bytes of address for the family: 4, 16, or 0 if unknown. */
size_t dpubgp_prefix_addrlen(sa_family_t family);

/*
 * Parse "addr[/len]"; no length means a host prefix. Host bits beyond the
 * length are kept as written: whether they are acceptable is for the user
 * of the prefix to say. Returns 0, or -EINVAL on any syntax error.
 */
int dpubgp_prefix_parse(const char *str, struct dpubgp_prefix *prefix);

/*
 * Write "addr/len" into buf (DPUBGP_PREFIX_STRLEN bytes are always enough).
 * Returns 0, -EAFNOSUPPORT for an unknown family, -ENOSPC if buf is short.
 */
int dpubgp_prefix_format(const struct dpubgp_prefix *prefix, char *buf,
			 size_t size);

#endif /* DPUBGP_BASE_PREFIX_H */
