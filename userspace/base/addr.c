// SPDX-License-Identifier: GPL-2.0
/*
 * IP addresses (addr.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/addr.h"

int bgp_addr_parse(const char *str, struct bgp_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, str, &addr->v4) == 1)
		addr->family = AF_INET;
	else if (inet_pton(AF_INET6, str, &addr->v6) == 1)
		addr->family = AF_INET6;
	else
		return -EINVAL;
	return 0;
}

int bgp_peer_parse(const char *str, struct bgp_addr *addr, char *dev,
		   size_t devlen)
{
	const char *pct = strchr(str, '%');
	char buf[INET6_ADDRSTRLEN];
	size_t len = pct ? (size_t)(pct - str) : strlen(str);

	if (!devlen || len >= sizeof(buf) ||
	    (pct && (!pct[1] || strlen(pct + 1) >= devlen)))
		return -EINVAL;
	memcpy(buf, str, len);
	buf[len] = '\0';
	if (bgp_addr_parse(buf, addr))
		return -EINVAL;
	snprintf(dev, devlen, "%s", pct ? pct + 1 : "");
	return 0;
}

const char *bgp_addr_format(const struct bgp_addr *addr, char *buf,
			    size_t size)
{
	if (!addr->family ||
	    !inet_ntop(addr->family, &addr->v4, buf, (socklen_t)size))
		snprintf(buf, size, "-");
	return buf;
}

const char *bgp_peer_format(const struct bgp_addr *addr, const char *dev,
			    char *buf, size_t size)
{
	char name[INET6_ADDRSTRLEN];

	bgp_addr_format(addr, name, sizeof(name));
	snprintf(buf, size, "%s%s%s", name, dev && *dev ? "%" : "",
		 dev ? dev : "");
	return buf;
}

bool bgp_addr_equal(const struct bgp_addr *a, const struct bgp_addr *b)
{
	if (a->family != b->family)
		return false;
	return a->family == AF_INET ? a->v4.s_addr == b->v4.s_addr :
	       !memcmp(&a->v6, &b->v6, sizeof(a->v6));
}

void bgp_addr_from_sockaddr(const struct sockaddr_storage *ss,
			    struct bgp_addr *a)
{
	const struct sockaddr_in *sin = (const struct sockaddr_in *)ss;
	const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)ss;

	memset(a, 0, sizeof(*a));
	a->family = ss->ss_family;
	if (a->family == AF_INET) {
		a->v4 = sin->sin_addr;
	} else if (IN6_IS_ADDR_V4MAPPED(&sin6->sin6_addr)) {
		a->family = AF_INET;
		memcpy(&a->v4, &sin6->sin6_addr.s6_addr[12], 4);
	} else {
		a->v6 = sin6->sin6_addr;
	}
}
