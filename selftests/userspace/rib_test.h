/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the RIB's tests share: attribute sets from a few fields and an AS
 * path written as text, peers of a given kind, and a sender that keeps
 * what a peer is sent and decodes it with the codec.
 */
#ifndef DPUBGP_RIB_TEST_H
#define DPUBGP_RIB_TEST_H

#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "codec/attr.h"
#include "rib/rib.h"
#include "codec/update.h"

/* An attribute set under construction, with room for its AS_PATH. */
struct test_attrs {
	struct bgp_attrs a;
	uint8_t aspath[256];
};

static inline void test_seg(struct test_attrs *t, size_t *len, size_t *seg,
			    uint8_t type)
{
	*seg = *len;
	t->aspath[(*len)++] = type;
	t->aspath[(*len)++] = 0;
}

/*
 * ORIGIN IGP, next hop nh (NULL: none), AS_PATH from path: ASNs separated
 * by spaces, "{a b}" for an AS_SET.
 */
static inline struct bgp_attrs *test_attrs(struct test_attrs *t,
					   const char *path, const char *nh)
{
	size_t len = 0, seg = SIZE_MAX;
	struct dpubgp_prefix p;
	uint32_t as;
	char *end;

	memset(t, 0, sizeof(*t));
	t->a.present = BGP_ATTRS_ORIGIN | BGP_ATTRS_AS_PATH;
	while (*path) {
		if (*path == ' ' || *path == '{' || *path == '}') {
			if (*path == '{')
				test_seg(t, &len, &seg, BGP_AS_SET);
			else if (*path == '}')
				seg = SIZE_MAX;
			path++;
			continue;
		}
		if (seg == SIZE_MAX)
			test_seg(t, &len, &seg, BGP_AS_SEQUENCE);
		as = htonl((uint32_t)strtoul(path, &end, 10));
		path = end;
		memcpy(t->aspath + len, &as, 4);
		len += 4;
		t->aspath[seg + 1]++;
	}
	t->a.aspath = len ? t->aspath : NULL;
	t->a.aspath_len = (uint16_t)len;
	if (nh && !dpubgp_prefix_parse(nh, &p)) {
		t->a.present |= BGP_ATTRS_NEXT_HOP;
		t->a.nexthop_len = (uint8_t)dpubgp_prefix_addrlen(p.family);
		memcpy(t->a.nexthop, p.addr, t->a.nexthop_len);
	}
	return &t->a;
}

static inline struct dpubgp_prefix test_prefix(const char *s)
{
	struct dpubgp_prefix p;

	if (dpubgp_prefix_parse(s, &p))
		abort();
	return p;
}

static inline struct bgp_addr test_addr(const char *s)
{
	struct bgp_addr a;

	if (bgp_addr_parse(s, &a))
		abort();
	return a;
}

#define TEST_AS 65000

/* A peer: eBGP when as differs from TEST_AS; id and address given. */
static inline struct rib_peer *test_peer(struct rib *rib, uint32_t as,
					 uint32_t id, const char *addr)
{
	struct rib_peer_conf c = {
		.local_as = TEST_AS, .peer_as = as, .router_id = id,
		.addr = test_addr(addr),
		.session = { .as4 = true, .ebgp = as != TEST_AS },
		.families = 1u << BGP_AID_IPV4 | 1u << BGP_AID_IPV6,
		.nexthop = { [BGP_AID_IPV4] = test_addr("192.0.2.1"),
			     [BGP_AID_IPV6] = test_addr("2001:db8::1") },
	};

	return rib_peer_add(rib, &c);
}

/* What a peer was sent, decoded. */
struct sent_route {
	struct dpubgp_prefix prefix;
	bool withdraw;
	struct bgp_attrs attrs;		/* scratch: aspath copied below */
	uint8_t aspath[64];
	unsigned int msg;		/* which message it came in */
};

struct sent {
	struct sent_route r[4096];
	size_t n;
	unsigned int msgs, eor[BGP_AID_MAX];
	unsigned int eor_at[BGP_AID_MAX];	/* msgs before it */
	int refuse_after;		/* -EAGAIN after that many; -1 never */
};

static inline void sent_nlri(struct sent *s, const struct bgp_update *u,
			     struct bgp_nlri n, bool withdraw, bool mp)
{
	struct sent_route *r;

	if (!n.present)
		return;
	while (s->n < 4096 && bgp_nlri_next(&n, &s->r[s->n].prefix)) {
		r = &s->r[s->n++];
		r->withdraw = withdraw;
		r->msg = s->msgs - 1;
		if (withdraw)
			continue;
		r->attrs = u->attrs;
		if (mp) {
			memcpy(r->attrs.nexthop, u->mp_nexthop, 16);
			r->attrs.nexthop_len = u->mp_nexthop_len;
		}
		memcpy(r->aspath, u->attrs.aspath,
		       u->attrs.aspath_len < 64 ? u->attrs.aspath_len : 64);
		r->attrs.aspath = r->aspath;
		r->attrs.communities = NULL;
		r->attrs.n_communities = 0;
	}
}

/* A rib_send_fn: p->conf.user is a struct sent. */
static inline int sent_cb(struct rib_peer *p, const uint8_t *msg, size_t len)
{
	static struct bgp_update u;
	struct sent *s = p->conf.user;
	enum bgp_aid aid;

	if (s->refuse_after >= 0 && s->msgs >= (unsigned int)s->refuse_after)
		return -EAGAIN;
	if (bgp_update_parse(&u, msg, len, &p->conf.session) != BGP_ACT_NONE)
		abort();
	s->msgs++;
	if (bgp_update_is_eor(&u, &aid)) {
		s->eor[aid]++;
		s->eor_at[aid] = s->msgs - 1;
		return 0;
	}
	sent_nlri(s, &u, u.withdrawn, true, false);
	sent_nlri(s, &u, u.mp_unreach, true, true);
	sent_nlri(s, &u, u.nlri, false, false);
	sent_nlri(s, &u, u.mp_reach, false, true);
	return 0;
}

static inline const struct sent_route *sent_find(const struct sent *s,
						 const char *prefix)
{
	struct dpubgp_prefix p = test_prefix(prefix);
	size_t i;

	for (i = s->n; i-- > 0;)
		if (s->r[i].prefix.len == p.len &&
		    !memcmp(s->r[i].prefix.addr, p.addr, 16) &&
		    s->r[i].prefix.family == p.family)
			return &s->r[i];
	return NULL;
}

#endif /* DPUBGP_RIB_TEST_H */
