// SPDX-License-Identifier: GPL-2.0
/*
 * Best-path selection (RFC 4271 9.1.2.2, in the order BIRD and Calico
 * apply it) and the AS_PATH helpers it needs. AS_PATH is the interned
 * set's canonical four-octet wire form, so it is walked with no checks
 * beyond its bounds: the decoder validated it.
 */
#include <arpa/inet.h>
#include <string.h>

#include "codec/attr.h"
#include "rib/rib.h"

struct seg {
	uint8_t type;
	uint8_t count;
	const uint8_t *as;	/* count four-octet ASNs */
};

/* Next segment at *off: 1, or 0 at the end. */
static int next_seg(const struct bgp_attrs *a, size_t *off, struct seg *s)
{
	if (*off + 2 > a->aspath_len)
		return 0;
	s->type = a->aspath[*off];
	s->count = a->aspath[*off + 1];
	s->as = a->aspath + *off + 2;
	*off += 2 + (size_t)s->count * 4;
	return *off <= a->aspath_len;
}

static uint32_t seg_as(const struct seg *s, unsigned int i)
{
	uint32_t as;

	memcpy(&as, s->as + 4 * i, 4);
	return ntohl(as);
}

unsigned int rib_aspath_len(const struct bgp_attrs *a)
{
	unsigned int len = 0;
	struct seg s;
	size_t off = 0;

	while (next_seg(a, &off, &s)) {
		if (s.type == BGP_AS_SEQUENCE)
			len += s.count;
		else if (s.type == BGP_AS_SET)
			len++;
	}
	return len;
}

uint32_t rib_aspath_first(const struct bgp_attrs *a)
{
	struct seg s;
	size_t off = 0;

	if (next_seg(a, &off, &s) && s.type == BGP_AS_SEQUENCE && s.count)
		return seg_as(&s, 0);
	return 0;
}

bool rib_aspath_has(const struct bgp_attrs *a, uint32_t as)
{
	struct seg s;
	size_t off = 0;
	unsigned int i;

	while (next_seg(a, &off, &s))
		for (i = 0; i < s.count; i++)
			if (seg_as(&s, i) == as)
				return true;
	return false;
}

uint16_t rib_aspath_prepend(const struct bgp_attrs *a, uint32_t as,
			    uint8_t *buf)
{
	uint32_t be = htonl(as);
	bool join = a->aspath_len >= 2 && a->aspath[0] == BGP_AS_SEQUENCE &&
		    a->aspath[1] < 255;
	size_t off = join ? 2 : 0;

	buf[0] = BGP_AS_SEQUENCE;
	buf[1] = (uint8_t)(join ? a->aspath[1] + 1 : 1);
	memcpy(buf + 2, &be, 4);
	if (a->aspath_len > off)
		memcpy(buf + 6, a->aspath + off, a->aspath_len - off);
	return (uint16_t)(6 + a->aspath_len - off);
}

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
		c = lower(rib_aspath_len(a), rib_aspath_len(b));
	if (!c)
		c = lower(a->origin, b->origin);
	if (!c && rib_aspath_first(a) == rib_aspath_first(b))
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
