// SPDX-License-Identifier: GPL-2.0
/*
 * Best-path selection (RFC 4271 9.1.2.2, in the order BIRD and Calico
 * apply it).
 */
#include <arpa/inet.h>
#include <string.h>

#include "codec/attr.h"
#include "rib/rib.h"

static uint32_t local_pref(const struct bgp_attrs *a)
{
	return a->present & BGP_ATTRS_LOCAL_PREF ? a->local_pref :
	       RIB_LOCAL_PREF_DEFAULT;
}

static uint32_t med(const struct bgp_attrs *a)
{
	return a->present & BGP_ATTRS_MED ? a->med : 0;
}

/* -1 if x should win with the smaller value, 1 if y, else 0. */
static int lower(uint64_t x, uint64_t y)
{
	return (x > y) - (x < y);
}

static int addr_cmp(const struct bgp_addr *a, const struct bgp_addr *b)
{
	if (a->family != b->family)
		return lower(a->family, b->family);
	return memcmp(&a->v6, &b->v6, a->family == AF_INET ? 4 : 16);
}

/* Decision steps that look at the attributes only. */
static int attrs_cmp(const struct bgp_attrs *a, const struct bgp_attrs *b)
{
	int c;

	c = lower(local_pref(b), local_pref(a));
	if (!c)
		c = lower(bgp_aspath_len(a), bgp_aspath_len(b));
	if (!c)
		c = lower(a->origin, b->origin);
	if (!c && bgp_aspath_first(a) == bgp_aspath_first(b))
		c = lower(med(a), med(b));
	return c;
}

/* Decision steps that look at the peers the paths came from. */
static int peer_cmp(const struct rib_peer *a, const struct rib_peer *b)
{
	int c;

	c = lower(!a->conf.session.ebgp, !b->conf.session.ebgp);
	if (!c)
		c = lower(a->conf.router_id, b->conf.router_id);
	if (!c)
		c = addr_cmp(&a->conf.addr, &b->conf.addr);
	return c;
}

int rib_path_cmp(const struct rib *rib, const struct rib_path *a,
		 const struct rib_path *b)
{
	int c;

	/* Ours win, as BIRD's static routes do by preference. */
	c = lower(a->peer != RIB_PEER_LOCAL, b->peer != RIB_PEER_LOCAL);
	if (c || a->peer == RIB_PEER_LOCAL)
		return c;
	c = attrs_cmp(a->attrs, b->attrs);
	if (c)
		return c;
	return peer_cmp(rib->peers[a->peer], rib->peers[b->peer]);
}
