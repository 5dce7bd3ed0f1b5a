// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 and IPv6 prefixes in text form.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>

#include "base/prefix.h"

unsigned int dpubgp_prefix_maxlen(sa_family_t family)
{
	return dpubgp_prefix_addrlen(family) * 8;
}

size_t dpubgp_prefix_addrlen(sa_family_t family)
{
	switch (family) {
	case AF_INET:
		return sizeof(struct in_addr);
	case AF_INET6:
		return sizeof(struct in6_addr);
	default:
		return 0;
	}
}

void dpubgp_prefix_mask(struct dpubgp_prefix *prefix)
{
	unsigned int i;

	for (i = 0; i < sizeof(prefix->addr); i++) {
		if (i * 8 >= prefix->len)
			prefix->addr[i] = 0;
		else if (i * 8 + 8 > prefix->len)
			prefix->addr[i] &= (uint8_t)(0xff00 >> (prefix->len % 8));
	}
}

int dpubgp_parse_uint(const char *str, uint64_t max, uint64_t *val)
{
	uint64_t v = 0;
	const char *p;

	if (!*str || (str[0] == '0' && str[1]))
		return -EINVAL;
	for (p = str; *p; p++) {
		if (*p < '0' || *p > '9')
			return -EINVAL;
		v = v * 10 + (uint64_t)(*p - '0');
		if (v > max)
			return -EINVAL;
	}
	*val = v;
	return 0;
}

/* A length no greater than max, in its one spelling (dpubgp_parse_uint). */
static int parse_len(const char *str, unsigned int max, uint8_t *len)
{
	uint64_t val;

	if (dpubgp_parse_uint(str, max, &val))
		return -EINVAL;
	*len = (uint8_t)val;
	return 0;
}

int dpubgp_prefix_parse(const char *str, struct dpubgp_prefix *prefix)
{
	char addr[INET6_ADDRSTRLEN];
	const char *slash = strchr(str, '/');
	size_t addrlen = slash ? (size_t)(slash - str) : strlen(str);
	struct dpubgp_prefix p = { 0 };

	if (addrlen >= sizeof(addr))
		return -EINVAL;
	memcpy(addr, str, addrlen);
	addr[addrlen] = '\0';

	p.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (inet_pton(p.family, addr, p.addr) != 1)
		return -EINVAL;
	p.len = (uint8_t)dpubgp_prefix_maxlen(p.family);
	if (slash && parse_len(slash + 1, p.len, &p.len))
		return -EINVAL;

	*prefix = p;
	return 0;
}

int dpubgp_prefix_format(const struct dpubgp_prefix *prefix, char *buf,
			 size_t size)
{
	char addr[INET6_ADDRSTRLEN];
	int n;

	if (!dpubgp_prefix_addrlen(prefix->family))
		return -EAFNOSUPPORT;
	if (!inet_ntop(prefix->family, prefix->addr, addr, sizeof(addr)))
		return -errno;
	n = snprintf(buf, size, "%s/%u", addr, prefix->len);
	if (n < 0 || (size_t)n >= size)
		return -ENOSPC;
	return 0;
}
