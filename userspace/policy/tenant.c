// SPDX-License-Identifier: GPL-2.0
/*
 * The tenant import policy (tenant.h).
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "codec/aspath.h"
#include "policy/tenant.h"

/* What a tenant route keeps of its fixed attributes (design.md §4.3). */
#define TENANT_ATTRS_KEPT \
	(BGP_ATTRS_ORIGIN | BGP_ATTRS_AS_PATH | BGP_ATTRS_NEXT_HOP | \
	 BGP_ATTRS_MED | BGP_ATTRS_LOCAL_PREF)

/* The prefix's address as two host-order words, IPv4 in the top bits. */
static void load(const struct dpubgp_prefix *p, uint64_t w[2])
{
	uint64_t be[2] = { 0, 0 };

	memcpy(be, p->addr, p->family == AF_INET6 ? 16 : 4);
	w[0] = be64toh(be[0]);
	w[1] = be64toh(be[1]);
}

static uint64_t mask_of(unsigned int len)
{
	return len ? ~0ull << (64 - (len > 64 ? 64 : len)) : 0;
}

static void allow_init(struct tenant_allow *e,
		       const struct dpubgp_prefix *p)
{
	uint64_t w[2];

	load(p, w);
	e->len = p->len;
	e->mask[0] = mask_of(p->len);
	e->mask[1] = p->len > 64 ? mask_of(p->len - 64u) : 0;
	e->net[0] = w[0] & e->mask[0];
	e->net[1] = w[1] & e->mask[1];
}

int tenant_policy_init(struct tenant_policy *tp,
		       const struct dpubgp_prefix *allowed, size_t n,
		       bool leak_communities)
{
	unsigned int aid;
	size_t i;

	memset(tp, 0, sizeof(*tp));
	tp->leak_communities = leak_communities;
	for (aid = 0; aid < BGP_AID_MAX; aid++) {
		tp->allow[aid] = calloc(n + 1, sizeof(*tp->allow[aid]));
		if (!tp->allow[aid]) {
			tenant_policy_free(tp);
			return -ENOMEM;
		}
	}
	for (i = 0; i < n; i++) {
		aid = rib_family_aid(allowed[i].family);
		allow_init(&tp->allow[aid][tp->n_allow[aid]++], &allowed[i]);
	}
	return 0;
}

int tenant_policy_hosts(struct tenant_policy *tp, uint32_t node_as,
			const struct bgp_addr *hosts, size_t n)
{
	tp->node_as = node_as;
	free(tp->hosts);
	tp->n_hosts = 0;
	tp->hosts = calloc(n + 1, sizeof(*hosts));
	if (!tp->hosts)
		return -ENOMEM;
	memcpy(tp->hosts, hosts, n * sizeof(*hosts));
	tp->n_hosts = n;
	return 0;
}

void tenant_policy_free(struct tenant_policy *tp)
{
	unsigned int aid;

	for (aid = 0; aid < BGP_AID_MAX; aid++)
		free(tp->allow[aid]);
	free(tp->hosts);
	memset(tp, 0, sizeof(*tp));
}

bool tenant_policy_equal(const struct tenant_policy *a,
			 const struct tenant_policy *b)
{
	unsigned int aid;

	if (a->leak_communities != b->leak_communities ||
	    a->node_as != b->node_as || a->n_hosts != b->n_hosts ||
	    memcmp(a->hosts, b->hosts, a->n_hosts * sizeof(*a->hosts)))
		return false;
	for (aid = 0; aid < BGP_AID_MAX; aid++)
		if (a->n_allow[aid] != b->n_allow[aid] ||
		    memcmp(a->allow[aid], b->allow[aid],
			   a->n_allow[aid] * sizeof(*a->allow[aid])))
			return false;
	return true;
}

/* Whether the prefix net/len (masked words) lies inside an entry of aid. */
static bool inside(const struct tenant_policy *tp, unsigned int aid,
		   const uint64_t w[2], uint8_t len)
{
	const struct tenant_allow *e = tp->allow[aid];
	const struct tenant_allow *end = e + tp->n_allow[aid];

	for (; e < end; e++)
		if (len >= e->len && (w[0] & e->mask[0]) == e->net[0] &&
		    (w[1] & e->mask[1]) == e->net[1])
			return true;
	return false;
}

bool tenant_policy_allows(const struct tenant_policy *tp,
			  const struct dpubgp_prefix *prefix)
{
	uint64_t w[2];

	load(prefix, w);
	return inside(tp, rib_family_aid(prefix->family), w, prefix->len);
}

bool tenant_policy_widens(const struct tenant_policy *was,
			  const struct tenant_policy *now)
{
	const struct tenant_allow *e;
	unsigned int aid;
	size_t i;

	if (now->leak_communities && !was->leak_communities)
		return true;
	for (aid = 0; aid < BGP_AID_MAX; aid++)
		for (i = 0; i < now->n_allow[aid]; i++) {
			e = &now->allow[aid][i];
			if (!inside(was, aid, e->net, e->len))
				return true;
		}
	return false;
}

uint16_t tenant_policy_attrs(const struct tenant_policy *tp,
			     struct bgp_attrs *a)
{
	uint16_t flags = 0;

	if (tp->leak_communities) {
		if (bgp_communities_has(a, TENANT_COMMUNITY_DROP_OVERLAY))
			flags = DPUBGP_LEAK_DROP_OVERLAY;
		else if (bgp_communities_has(a, TENANT_COMMUNITY_LEAK_UNDERLAY))
			flags = DPUBGP_LEAK_UNDERLAY;
	}
	a->n_communities = 0;
	a->communities = NULL;
	a->n_ext_communities = 0;
	a->ext_communities = NULL;
	a->n_large_communities = 0;
	a->large_communities = NULL;
	return flags;
}

static bool is_host(const struct tenant_policy *tp, const struct bgp_addr *a)
{
	size_t i;

	for (i = 0; i < tp->n_hosts; i++)
		if (bgp_addr_equal(&tp->hosts[i], a))
			return true;
	return false;
}

/* a's next hop made the host's: NULL, or why it cannot be. */
static const char *trust_nexthop(const struct tenant_policy *tp,
				 const struct bgp_addr *peer,
				 struct bgp_attrs *a)
{
	struct bgp_addr nh = { .family = a->nexthop_len == 4 ? AF_INET :
					 AF_INET6 };
	size_t len = nh.family == AF_INET ? 4 : 16;
	void *addr = nh.family == AF_INET ? (void *)&nh.v4 : &nh.v6;

	if (!a->nexthop_len)
		return "no next hop";
	if (nh.family == peer->family)
		nh = *peer;
	else
		memcpy(addr, a->nexthop, len);
	if (nh.family != peer->family && !is_host(tp, &nh))
		return "a next hop of the other family that is not one of the port's hosts";
	memset(a->nexthop, 0, sizeof(a->nexthop));
	memcpy(a->nexthop, addr, len);
	a->nexthop_len = (uint8_t)len;
	return NULL;
}

/* Why a path is refused when it holds the node's AS: a loop. */
static const char holds_node_as[] = "AS_PATH holds the node's AS";

/* RFC 4271 6.3: from an eBGP peer, its AS first; and no AS of ours. */
static const char *trust_aspath(const struct tenant_policy *tp,
				uint32_t peer_as, const struct bgp_attrs *a)
{
	struct bgp_aspath_iter it = bgp_aspath_iter(a->aspath, a->aspath_len);
	struct bgp_aspath_seg s;
	unsigned int i;

	if (bgp_aspath_first(a) != peer_as)
		return "AS_PATH does not start with the tenant's AS";
	while (bgp_aspath_next(&it, &s)) {
		if (s.type != BGP_AS_SEQUENCE && s.type != BGP_AS_SET)
			return "AS_PATH has a confederation segment";
		for (i = 0; i < s.count; i++)
			if (bgp_aspath_seg_as(&s, i) == tp->node_as)
				return holds_node_as;
	}
	return NULL;
}

const char *tenant_policy_trust(const struct tenant_policy *tp,
				const struct bgp_addr *peer, uint32_t peer_as,
				struct bgp_attrs *a)
{
	const char *why = trust_aspath(tp, peer_as, a);

	if (!why)
		why = trust_nexthop(tp, peer, a);
	if (why)
		return why;
	a->present &= TENANT_ATTRS_KEPT;
	a->unknown = NULL;
	a->unknown_len = 0;
	return NULL;
}

/* Dropped ones are the RIB's to count and log (at debug level). */
static bool import_prefix(struct rib_peer *p,
			  const struct dpubgp_prefix *prefix)
{
	return tenant_policy_allows(p->conf.policy, prefix);
}

static enum rib_drop_reason import_attrs(struct rib_peer *p,
					 struct bgp_attrs *a, uint16_t *flags)
{
	const char *why = tenant_policy_trust(p->conf.policy, &p->conf.addr,
					      p->conf.peer_as, a);
	char peer[BGP_PEER_NAMELEN];

	if (why) {
		log_warn("tenant %s: UPDATE: %s: treat-as-withdraw",
			 bgp_peer_format(&p->conf.addr, p->conf.dev, peer,
					 sizeof(peer)), why);
		return why == holds_node_as ? RIB_DROP_AS_LOOP :
		       RIB_DROP_UNTRUSTED;
	}
	*flags = tenant_policy_attrs(p->conf.policy, a);
	return RIB_DROP_NONE;
}

void tenant_policy_apply(struct rib_peer_conf *conf,
			 struct tenant_policy *tp)
{
	conf->policy = tp;
	conf->no_export = true;
	conf->import_prefix = import_prefix;
	conf->import_attrs = import_attrs;
}

size_t tenant_policy_reapply(struct rib_peer *p, struct tenant_policy *tp)
{
	p->conf.policy = tp;
	return rib_peer_reimport(p, tp->leak_communities ? UINT16_MAX :
				 (uint16_t)~DPUBGP_LEAK_MASK);
}
