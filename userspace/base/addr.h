/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An IPv4 or IPv6 address, as sessions, the RIB and the daemon pass it.
 */
#ifndef DPUBGP_BASE_ADDR_H
#define DPUBGP_BASE_ADDR_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

struct bgp_addr {
	sa_family_t family;		/* AF_INET, AF_INET6; 0: none */
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

/* An IPv4 or IPv6 address: 0, else -EINVAL. */
int bgp_addr_parse(const char *str, struct bgp_addr *addr);
/* Always NUL-terminated; INET6_ADDRSTRLEN bytes are enough. */
const char *bgp_addr_format(const struct bgp_addr *addr, char *buf,
			    size_t size);
/*
 * How a peer is named everywhere (logs, status, RIB): its address, and
 * "%DEV" after it when it is reached through device dev (a tenant's
 * port: two ports may have hosts of the same address). Always
 * NUL-terminated; BGP_PEER_NAMELEN bytes are enough.
 */
#define BGP_PEER_NAMELEN	64	/* INET6_ADDRSTRLEN, '%', IFNAMSIZ */
const char *bgp_peer_format(const struct bgp_addr *addr, const char *dev,
			    char *buf, size_t size);
/*
 * The other way: "ADDRESS" (dev "") or "ADDRESS%DEV" (DEV 1 to devlen - 1
 * characters): 0, else -EINVAL.
 */
int bgp_peer_parse(const char *str, struct bgp_addr *addr, char *dev,
		   size_t devlen);
bool bgp_addr_equal(const struct bgp_addr *a, const struct bgp_addr *b);

/* A socket's address; an IPv4-mapped IPv6 one as IPv4. */
void bgp_addr_from_sockaddr(const struct sockaddr_storage *ss,
			    struct bgp_addr *a);

#endif /* DPUBGP_BASE_ADDR_H */
