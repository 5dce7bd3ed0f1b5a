/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The metadata service's answers (design.md §4.4): what a tenant host
 * learns at http://169.254.169.254/latest/meta-data/, EC2-style, about
 * the port it is behind. Pure functions of struct meta_info, which the
 * daemon fills for the port a request came in on; http/server.h serves
 * them.
 *
 *   /latest/meta-data/asn                   the DPU's ASN, decimal
 *   /latest/meta-data/bgp/peer-ipv4         the port's gateways: where to
 *   /latest/meta-data/bgp/peer-ipv6         peer (each only when there)
 *   /latest/meta-data/bgp/tenant-asn        the AS the tenant must use
 *                                           (only when the site sets one)
 *   /latest/meta-data/bgp/allowed-prefixes  one per line
 *   /latest/meta-data/bgp/leak-communities  "65100:1 65100:2", or empty
 *   /latest/meta-data/bgp.json              all of it, one JSON object
 *
 * A directory ("/latest/meta-data/", "/latest/meta-data/bgp/") lists
 * its entries, one per line, subdirectories with a trailing '/', as
 * cloud-init's EC2 datasource crawls them; values have no trailing
 * newline (EC2's don't). "/" lists "latest", "/latest/" lists
 * "meta-data". What needs the ASN (asn, bgp.json) answers 500
 * "metadata currently unavailable" while the DPU has none; an unknown
 * path, or an entry the port lacks, 404.
 */
#ifndef DPUBGP_HTTP_META_H
#define DPUBGP_HTTP_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/prefix.h"

#define META_UNAVAILABLE	"metadata currently unavailable"
#define META_LEAK_COMMUNITIES	"65100:1 65100:2"

/* What a port's host may learn. */
struct meta_info {
	uint32_t asn;			/* the DPU's; 0: none yet */
	bool has_tenant_asn;
	uint32_t tenant_asn;		/* common_tenant_host_asn */
	struct bgp_addr peer_ipv4;	/* the port's gateways; family 0: */
	struct bgp_addr peer_ipv6;	/* none */
	const struct dpubgp_prefix *allowed;	/* effective, both families */
	size_t n_allowed;
	bool leak_communities;		/* the profile accepts them */
};

/* An answer: its status and body (malloc'd, NUL-terminated, len bytes). */
struct meta_reply {
	unsigned int status;		/* 200, 404, 500 */
	const char *type;		/* "text/plain", "application/json" */
	char *body;
	size_t len;
};

/*
 * The answer to a GET of path (without its query) for mi: 0, or
 * -ENOMEM. Free r->body.
 */
int meta_answer(const struct meta_info *mi, const char *path,
		struct meta_reply *r);

#endif /* DPUBGP_HTTP_META_H */
