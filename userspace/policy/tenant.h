/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The import policy of a tenant session (design.md §4.3), on the RIB's
 * import hooks: a prefix is accepted only inside one of the port's
 * allowed prefixes (same family, at least as long, the same leading
 * bits); the leak communities 65100:1 and 65100:2 become the paths'
 * leak flags (base/leak.h) when the routing profile accepts them; and every
 * community, standard, extended and large, is stripped before the route
 * is stored, so that a tenant never injects a route target.
 *
 * Beyond its prefixes a tenant is trusted with nothing (design.md §4.3):
 * a route's next hop is the host it came from, its AS_PATH starts with
 * the tenant's AS and holds neither the node's AS nor the DPU's (the
 * RIB's loop check), and of its attributes only ORIGIN, AS_PATH,
 * NEXT_HOP and MED are kept: nothing the tenant sends, known or not,
 * reaches the fabric but the prefix and its path.
 *
 * The prefix check is the hot path of UPDATE ingest: entries are kept
 * as masked 128-bit words per family, so a prefix costs a load and two
 * masked compares per entry of its family, and nothing is allocated.
 */
#ifndef DPUBGP_POLICY_TENANT_H
#define DPUBGP_POLICY_TENANT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/prefix.h"
#include "rib/rib.h"

#define TENANT_COMMUNITY_LEAK_UNDERLAY	0xfe4c0001u	/* 65100:1 */
#define TENANT_COMMUNITY_DROP_OVERLAY	0xfe4c0002u	/* 65100:2 */

struct tenant_allow {
	uint64_t net[2];		/* the leading bits, host order */
	uint64_t mask[2];
	uint8_t len;
};

struct tenant_policy {
	struct tenant_allow *allow[BGP_AID_MAX];
	size_t n_allow[BGP_AID_MAX];
	bool leak_communities;		/* honour 65100:1 and 65100:2 */
	uint32_t node_as;		/* no tenant path may hold it */
	/* The port's host addresses: next hops of the other family. */
	struct bgp_addr *hosts;
	size_t n_hosts;
};

/* From the port's allowed prefixes (either family): 0 or -ENOMEM. */
int tenant_policy_init(struct tenant_policy *tp,
		       const struct dpubgp_prefix *allowed, size_t n,
		       bool leak_communities);
/*
 * What the tenant's paths are checked against besides the prefixes: the
 * node's AS and the port's host addresses. 0 or -ENOMEM.
 */
int tenant_policy_hosts(struct tenant_policy *tp, uint32_t node_as,
			const struct bgp_addr *hosts, size_t n);
void tenant_policy_free(struct tenant_policy *tp);
bool tenant_policy_equal(const struct tenant_policy *a,
			 const struct tenant_policy *b);

/*
 * Whether policy now accepts what policy was refused: an allowed entry
 * outside all of was's, or the leak communities newly accepted.
 */
bool tenant_policy_widens(const struct tenant_policy *was,
			  const struct tenant_policy *now);

/* Whether prefix lies inside one of the allowed entries. */
bool tenant_policy_allows(const struct tenant_policy *tp,
			  const struct dpubgp_prefix *prefix);
/*
 * The leak of a route with attributes a (DPUBGP_LEAK_DROP_OVERLAY
 * when 65100:2 is present, it wins; else DPUBGP_LEAK_UNDERLAY for
 * 65100:1; 0 when the profile does not accept them), and a stripped of
 * all its communities.
 */
uint16_t tenant_policy_attrs(const struct tenant_policy *tp,
			     struct bgp_attrs *a);

/*
 * A tenant route's attributes a, from the tenant at address peer of AS
 * peer_as, made what the DPU keeps of them: NULL, with the next hop the
 * host's (peer when the route's family is the session's, else one of the
 * port's hosts it named, with no link-local part), ORIGIN, AS_PATH, MED
 * and the RIB's LOCAL_PREF and nothing else (communities are
 * tenant_policy_attrs()'s). Or why the route is refused, to be treated
 * as withdrawn (RFC 7606 7.2 for the AS_PATH): an AS_PATH that does not
 * start with peer_as, has confederation segments or holds the node's AS;
 * a next hop of the other family that is none of the port's hosts.
 */
const char *tenant_policy_trust(const struct tenant_policy *tp,
				const struct bgp_addr *peer, uint32_t peer_as,
				struct bgp_attrs *a);

/*
 * Make conf a tenant session's: routes only in, filtered by tp (which
 * must outlive the peer; conf->policy points to it), nothing exported but
 * End-of-RIB. What it drops the RIB counts and logs at debug level by
 * reason (rib_drop_reason): outside the allowed prefixes, not allowed;
 * refused by tenant_policy_trust(), an AS loop when the AS_PATH holds
 * the node's AS, else untrusted, each UPDATE also logged as a warning.
 */
void tenant_policy_apply(struct rib_peer_conf *conf,
			 struct tenant_policy *tp);
/*
 * Make tp the policy of p, a tenant's RIB peer, in place: its routes
 * run through it again (rib_peer_reimport()), those it no longer allows
 * withdrawn, their leaks dropped when it no longer accepts the leak
 * communities. What tp newly accepts needs the routes again: see
 * tenant_policy_widens(). How many routes went.
 */
size_t tenant_policy_reapply(struct rib_peer *p, struct tenant_policy *tp);

#endif /* DPUBGP_POLICY_TENANT_H */
