// SPDX-License-Identifier: GPL-2.0
/*
 * The tenant import policy (tenant.h).
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "policy/tenant.h"

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

void tenant_policy_free(struct tenant_policy *tp)
{
	unsigned int aid;

	for (aid = 0; aid < BGP_AID_MAX; aid++)
		free(tp->allow[aid]);
	memset(tp, 0, sizeof(*tp));
}

bool tenant_policy_equal(const struct tenant_policy *a,
			 const struct tenant_policy *b)
{
	unsigned int aid;

	if (a->leak_communities != b->leak_communities)
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

static bool import_prefix(struct rib_peer *p,
			  const struct dpubgp_prefix *prefix)
{
	char buf[DPUBGP_PREFIX_STRLEN], peer[INET6_ADDRSTRLEN];

	if (tenant_policy_allows(p->conf.policy, prefix))
		return true;
	if (log_enabled(LOG_LVL_DEBUG)) {
		dpubgp_prefix_format(prefix, buf, sizeof(buf));
		log_debug("tenant %s: %s is outside the allowed prefixes, dropped",
			  bgp_addr_format(&p->conf.addr, peer, sizeof(peer)),
			  buf);
	}
	return false;
}

static bool import_attrs(struct rib_peer *p, struct bgp_attrs *a,
			 uint16_t *flags)
{
	*flags = tenant_policy_attrs(p->conf.policy, a);
	return true;
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
