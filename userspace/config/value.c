// SPDX-License-Identifier: GPL-2.0
/*
 * The document's scalar values in text form.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "config/value.h"

int dpubgp_value_asn(const char *str, uint32_t *as)
{
	char half[sizeof("65535")];
	const char *dot = strchr(str, '.');
	uint64_t hi, lo;
	size_t n;

	if (!dot) {
		if (dpubgp_parse_uint(str, UINT32_MAX, &lo))
			return -EINVAL;
		*as = (uint32_t)lo;
		return 0;
	}
	n = (size_t)(dot - str);
	if (n >= sizeof(half))
		return -EINVAL;
	memcpy(half, str, n);
	half[n] = '\0';
	if (dpubgp_parse_uint(half, UINT16_MAX, &hi) ||
	    dpubgp_parse_uint(dot + 1, UINT16_MAX, &lo))
		return -EINVAL;
	*as = (uint32_t)(hi << 16 | lo);
	return 0;
}

int dpubgp_value_bool(const char *str, bool *val)
{
	static const char *const words[][3] = {
		{ "false", "False", "FALSE" },
		{ "true", "True", "TRUE" },
	};
	size_t b, i;

	for (b = 0; b < 2; b++)
		for (i = 0; i < 3; i++)
			if (!strcmp(str, words[b][i])) {
				*val = b;
				return 0;
			}
	return -EINVAL;
}

int dpubgp_value_addr(const char *str, struct dpubgp_addr *addr)
{
	struct dpubgp_addr a = { 0 };

	a.family = strchr(str, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(a.family, str, a.addr) != 1)
		return -EINVAL;
	*addr = a;
	return 0;
}

/* Whether the bits of addr beyond len are all zero. */
static bool host_bits_clear(const struct dpubgp_prefix *p)
{
	size_t bytes = dpubgp_prefix_addrlen(p->family);
	size_t i;

	for (i = p->len / 8; i < bytes; i++) {
		unsigned int keep = i == p->len / 8 ? p->len % 8 : 0;
		uint8_t mask = (uint8_t)(0xff >> keep);

		if (p->addr[i] & mask)
			return false;
	}
	return true;
}

int dpubgp_value_prefix(const char *str, struct dpubgp_prefix *prefix)
{
	struct dpubgp_prefix p;

	if (dpubgp_prefix_parse(str, &p) || !host_bits_clear(&p))
		return -EINVAL;
	*prefix = p;
	return 0;
}

int dpubgp_value_rt(const char *str, struct dpubgp_rt *rt)
{
	char global[INET_ADDRSTRLEN];
	const char *colon = strrchr(str, ':');
	struct dpubgp_rt r;
	struct in_addr in;
	uint64_t local;
	size_t n;

	if (!colon || (size_t)(colon - str) >= sizeof(global))
		return -EINVAL;
	n = (size_t)(colon - str);
	memcpy(global, str, n);
	global[n] = '\0';
	if (strchr(global, '.') && strchr(global, '.') != strrchr(global, '.')) {
		if (inet_pton(AF_INET, global, &in) != 1)
			return -EINVAL;
		r.kind = DPUBGP_RT_IPV4;
		r.global = ntohl(in.s_addr);
	} else {
		if (dpubgp_value_asn(global, &r.global))
			return -EINVAL;
		r.kind = r.global > UINT16_MAX ? DPUBGP_RT_AS4 : DPUBGP_RT_AS2;
	}
	if (dpubgp_parse_uint(colon + 1, r.kind == DPUBGP_RT_AS2 ?
			      UINT32_MAX : UINT16_MAX, &local))
		return -EINVAL;
	r.local = (uint32_t)local;
	*rt = r;
	return 0;
}

bool dpubgp_value_name_ok(const char *str, size_t max)
{
	size_t len = strlen(str);
	const char *p;

	if (!len || len > max || *str == '.' || *str == '-' || *str == '_')
		return false;
	for (p = str; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || strchr("._-", *p)))
			return false;
	return true;
}

bool dpubgp_prefix_inside(const struct dpubgp_prefix *prefix,
			  const struct dpubgp_prefix *outer)
{
	unsigned int full = outer->len / 8, rest = outer->len % 8;
	uint8_t mask = (uint8_t)(0xff00 >> rest);

	if (prefix->family != outer->family || prefix->len < outer->len)
		return false;
	if (memcmp(prefix->addr, outer->addr, full))
		return false;
	return !rest || !((prefix->addr[full] ^ outer->addr[full]) & mask);
}

bool dpubgp_addr_equal(const struct dpubgp_addr *a,
		       const struct dpubgp_addr *b)
{
	return a->family == b->family &&
	       !memcmp(a->addr, b->addr, dpubgp_prefix_addrlen(a->family));
}

void dpubgp_addr_format(const struct dpubgp_addr *addr, char *buf)
{
	if (!inet_ntop(addr->family, addr->addr, buf, DPUBGP_ADDR_STRLEN))
		strcpy(buf, "?");
}

void dpubgp_rt_format(const struct dpubgp_rt *rt, char *buf)
{
	struct in_addr in = { .s_addr = htonl(rt->global) };
	char global[INET_ADDRSTRLEN];

	if (rt->kind == DPUBGP_RT_IPV4)
		inet_ntop(AF_INET, &in, global, sizeof(global));
	else
		snprintf(global, sizeof(global), "%u", rt->global);
	snprintf(buf, DPUBGP_RT_STRLEN, "%s:%u", global, rt->local);
}
