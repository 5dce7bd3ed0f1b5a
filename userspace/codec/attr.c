// SPDX-License-Identifier: GPL-2.0
/*
 * Path attributes: one decoder per attribute behind a table that also says
 * the attribute's flags and what RFC 7606 does when they are wrong; the
 * decoders state the action of each malformation themselves.
 */
#include <string.h>

#include "codec/attr.h"
#include "codec/update.h"

#define F_O BGP_ATTR_F_OPTIONAL
#define F_T BGP_ATTR_F_TRANSITIVE

/* An attribute as received, header included. */
struct attr_raw {
	uint8_t flags;
	uint8_t type;
	const uint8_t *start;
	size_t total;
};

/* sub: the NOTIFICATION's subcode should RFC 7606 5.2 make it a reset. */
#define WITHDRAW(sub, why) \
	bgp_update_act(u, BGP_ACT_WITHDRAW, BGP_ERR_UPD_##sub, a->start, \
		       a->total, why)
#define DISCARD(why) \
	bgp_update_act(u, BGP_ACT_DISCARD, 0, a->start, a->total, why)
#define RESET(sub, why) \
	bgp_update_act(u, BGP_ACT_RESET, sub, a->start, a->total, why)

typedef int (*attr_decode_fn)(struct bgp_update *u, const struct attr_raw *a,
			      struct bgp_cur *val);

static int dec_origin(struct bgp_update *u, const struct attr_raw *a,
		      struct bgp_cur *val)
{
	if (val->left != 1)
		return WITHDRAW(ATTRLEN, "ORIGIN: length not 1");
	if (val->p[0] > BGP_ORIGIN_INCOMPLETE)
		return WITHDRAW(ORIGIN, "ORIGIN: undefined value");
	u->attrs.origin = val->p[0];
	u->attrs.present |= BGP_ATTRS_ORIGIN;
	return 0;
}

/*
 * Check an AS_PATH-style value of as_size-octet ASes and write it in
 * four-octet form into the arena. -1 when malformed (RFC 7606 7.2:
 * unknown segment type, empty segment, overrun or underrun).
 */
static int aspath_to4(struct bgp_update *u, struct bgp_cur *val,
		      unsigned int as_size, bool confed_ok, const uint8_t **out,
		      uint16_t *out_len)
{
	size_t cap = val->left * 4 / as_size;
	uint8_t *p = bgp_update_alloc(u, cap);
	struct bgp_wbuf w = wbuf_init(p, cap);
	uint8_t type, count;
	uint16_t as2;
	uint32_t as4 = 0;

	while (val->left) {
		if (get_u8(val, &type) || get_u8(val, &count) || !count)
			return -1;
		if (type < BGP_AS_SET || type > BGP_AS_CONFED_SET ||
		    (!confed_ok && type > BGP_AS_SEQUENCE))
			return -1;
		if (val->left < (size_t)count * as_size)
			return -1;
		put_u8(&w, type);
		put_u8(&w, count);
		for (; count; count--) {
			if (as_size == 2 && !get_u16(val, &as2))
				as4 = as2;
			else
				get_u32(val, &as4);
			put_u32(&w, as4);
		}
	}
	*out = p;
	*out_len = (uint16_t)w.len;
	return 0;
}

static int dec_aspath(struct bgp_update *u, const struct attr_raw *a,
		      struct bgp_cur *val)
{
	struct bgp_attrs *at = &u->attrs;

	if (aspath_to4(u, val, u->session.as4 ? 4 : 2, true, &at->aspath,
		       &at->aspath_len))
		return WITHDRAW(ASPATH, "AS_PATH: malformed");
	at->present |= BGP_ATTRS_AS_PATH;
	return 0;
}

static int dec_nexthop(struct bgp_update *u, const struct attr_raw *a,
		       struct bgp_cur *val)
{
	if (val->left != 4)
		return WITHDRAW(ATTRLEN, "NEXT_HOP: length not 4");
	/* RFC 4271 6.3: 0.0.0.0, multicast and class E are no next hop. */
	if (val->p[0] >= 224 || !(val->p[0] | val->p[1] | val->p[2] |
				  val->p[3]))
		return WITHDRAW(NEXTHOP, "NEXT_HOP: not a unicast address");
	memcpy(u->attrs.nexthop, val->p, 4);
	u->attrs.nexthop_len = 4;
	u->attrs.present |= BGP_ATTRS_NEXT_HOP;
	return 0;
}

static int dec_med(struct bgp_update *u, const struct attr_raw *a,
		   struct bgp_cur *val)
{
	if (val->left != 4)
		return WITHDRAW(ATTRLEN, "MULTI_EXIT_DISC: length not 4");
	get_u32(val, &u->attrs.med);
	u->attrs.present |= BGP_ATTRS_MED;
	return 0;
}

static int dec_local_pref(struct bgp_update *u, const struct attr_raw *a,
			  struct bgp_cur *val)
{
	if (u->session.ebgp)
		return DISCARD("LOCAL_PREF: from an external peer");
	if (val->left != 4)
		return WITHDRAW(ATTRLEN, "LOCAL_PREF: length not 4");
	get_u32(val, &u->attrs.local_pref);
	u->attrs.present |= BGP_ATTRS_LOCAL_PREF;
	return 0;
}

static int dec_atomic(struct bgp_update *u, const struct attr_raw *a,
		      struct bgp_cur *val)
{
	if (val->left)
		return DISCARD("ATOMIC_AGGREGATE: length not 0");
	u->attrs.present |= BGP_ATTRS_ATOMIC_AGGREGATE;
	return 0;
}

static int dec_aggregator(struct bgp_update *u, const struct attr_raw *a,
			  struct bgp_cur *val)
{
	uint16_t as2;

	if (val->left != (u->session.as4 ? 8u : 6u))
		return DISCARD("AGGREGATOR: bad length");
	if (u->session.as4) {
		get_u32(val, &u->attrs.aggregator_as);
	} else {
		get_u16(val, &as2);
		u->attrs.aggregator_as = as2;
	}
	get_u32(val, &u->attrs.aggregator_id);
	u->attrs.present |= BGP_ATTRS_AGGREGATOR;
	return 0;
}

static int dec_communities(struct bgp_update *u, const struct attr_raw *a,
			   struct bgp_cur *val)
{
	size_t i, n = val->left / 4;
	uint32_t *c;

	if (!val->left || val->left % 4)
		return WITHDRAW(OPTATTR, "COMMUNITIES: length not a multiple of 4");
	c = bgp_update_alloc(u, n * sizeof(*c));
	for (i = 0; i < n; i++)
		get_u32(val, &c[i]);
	u->attrs.communities = c;
	u->attrs.n_communities = (uint16_t)bgp_communities_canon(c, n);
	return 0;
}

static int dec_ext_communities(struct bgp_update *u, const struct attr_raw *a,
			       struct bgp_cur *val)
{
	size_t i, n = val->left / 8;
	uint32_t hi = 0, lo = 0;
	uint64_t *c;

	if (val->left % 8)
		return WITHDRAW(OPTATTR, "EXTENDED_COMMUNITIES: length not a multiple of 8");
	c = bgp_update_alloc(u, n * sizeof(*c));
	for (i = 0; i < n; i++) {
		get_u32(val, &hi);
		get_u32(val, &lo);
		c[i] = (uint64_t)hi << 32 | lo;
	}
	u->attrs.ext_communities = c;
	u->attrs.n_ext_communities = (uint16_t)bgp_ext_communities_canon(c, n);
	return 0;
}

static int dec_large_communities(struct bgp_update *u,
				 const struct attr_raw *a, struct bgp_cur *val)
{
	size_t i, n = val->left / 12;
	struct bgp_large_community *c;

	if (!val->left || val->left % 12)
		return WITHDRAW(OPTATTR, "LARGE_COMMUNITY: length not a multiple of 12");
	c = bgp_update_alloc(u, n * sizeof(*c));
	for (i = 0; i < n; i++) {
		get_u32(val, &c[i].global);
		get_u32(val, &c[i].local1);
		get_u32(val, &c[i].local2);
	}
	u->attrs.large_communities = c;
	u->attrs.n_large_communities =
		(uint16_t)bgp_large_communities_canon(c, n);
	return 0;
}

static int dec_mp_reach(struct bgp_update *u, const struct attr_raw *a,
			struct bgp_cur *val)
{
	return bgp_mp_reach_decode(u, a->start, a->total, val);
}

static int dec_mp_unreach(struct bgp_update *u, const struct attr_raw *a,
			  struct bgp_cur *val)
{
	return bgp_mp_unreach_decode(u, a->start, a->total, val);
}

/* RFC 6793: from a four-octet peer these are discarded unread. */
static int dec_as4_path(struct bgp_update *u, const struct attr_raw *a,
			struct bgp_cur *val)
{
	if (u->session.as4)
		return 0;
	if (aspath_to4(u, val, 4, false, &u->as4_path, &u->as4_path_len))
		return DISCARD("AS4_PATH: malformed");
	return 0;
}

static int dec_as4_aggregator(struct bgp_update *u, const struct attr_raw *a,
			      struct bgp_cur *val)
{
	if (u->session.as4)
		return 0;
	if (val->left != 8)
		return DISCARD("AS4_AGGREGATOR: length not 8");
	get_u32(val, &u->as4_aggregator_as);
	get_u32(val, &u->as4_aggregator_id);
	u->has_as4_aggregator = true;
	return 0;
}

static const struct attr_desc {
	uint8_t flags;			/* Optional and Transitive */
	enum bgp_action bad_flags;	/* RFC 7606 3 (c), 7 */
	const char *bad_flags_reason;
	attr_decode_fn decode;
} attr_table[256] = {
#define ATTR(type, f, act, name, fn) \
	[BGP_ATTR_##type] = { .flags = (f), .bad_flags = BGP_ACT_##act, \
			      .bad_flags_reason = name ": bad flags", \
			      .decode = (fn) }
	ATTR(ORIGIN, F_T, WITHDRAW, "ORIGIN", dec_origin),
	ATTR(AS_PATH, F_T, WITHDRAW, "AS_PATH", dec_aspath),
	ATTR(NEXT_HOP, F_T, WITHDRAW, "NEXT_HOP", dec_nexthop),
	ATTR(MED, F_O, WITHDRAW, "MULTI_EXIT_DISC", dec_med),
	ATTR(LOCAL_PREF, F_T, WITHDRAW, "LOCAL_PREF", dec_local_pref),
	ATTR(ATOMIC_AGGREGATE, F_T, DISCARD, "ATOMIC_AGGREGATE", dec_atomic),
	ATTR(AGGREGATOR, F_O | F_T, DISCARD, "AGGREGATOR", dec_aggregator),
	ATTR(COMMUNITIES, F_O | F_T, WITHDRAW, "COMMUNITIES",
	     dec_communities),
	ATTR(MP_REACH_NLRI, F_O, WITHDRAW, "MP_REACH_NLRI", dec_mp_reach),
	ATTR(MP_UNREACH_NLRI, F_O, WITHDRAW, "MP_UNREACH_NLRI",
	     dec_mp_unreach),
	ATTR(EXT_COMMUNITIES, F_O | F_T, WITHDRAW, "EXTENDED_COMMUNITIES",
	     dec_ext_communities),
	ATTR(AS4_PATH, F_O | F_T, DISCARD, "AS4_PATH", dec_as4_path),
	ATTR(AS4_AGGREGATOR, F_O | F_T, DISCARD, "AS4_AGGREGATOR",
	     dec_as4_aggregator),
	ATTR(LARGE_COMMUNITIES, F_O | F_T, WITHDRAW, "LARGE_COMMUNITY",
	     dec_large_communities),
#undef ATTR
};

static bool is_mp(uint8_t type)
{
	return type == BGP_ATTR_MP_REACH_NLRI ||
	       type == BGP_ATTR_MP_UNREACH_NLRI;
}

static int dec_unknown(struct bgp_update *u, const struct attr_raw *a)
{
	if (!(a->flags & F_O))
		return RESET(BGP_ERR_UPD_UNKNWN_WK,
			     "unrecognized well-known attribute");
	if (a->flags & F_T)
		u->unknown[a->type] = a->start;
	return 0;
}

static int dec_one(struct bgp_update *u, const struct attr_raw *a,
		   struct bgp_cur *val)
{
	const struct attr_desc *desc = &attr_table[a->type];

	if (u->seen[a->type / 8] & (1u << a->type % 8)) {
		if (is_mp(a->type))
			return bgp_update_act(u, BGP_ACT_RESET,
					      BGP_ERR_UPD_ATTRLIST, NULL, 0,
					      "MP attribute repeated");
		return DISCARD("attribute repeated");
	}
	u->seen[a->type / 8] |= 1u << a->type % 8;
	if (!desc->decode)
		return dec_unknown(u, a);
	if ((a->flags & (F_O | F_T)) != desc->flags) {
		bgp_update_act(u, desc->bad_flags, BGP_ERR_UPD_ATTRFLAGS,
			       a->start, a->total, desc->bad_flags_reason);
		/*
		 * RFC 7606 3 (c): treat-as-withdraw, RFC 4760 asking nothing
		 * else; an MP attribute still says which prefixes that
		 * withdraws (and 3 (j): if it cannot, the session resets).
		 */
		if (!is_mp(a->type))
			return u->action;
	}
	return desc->decode(u, a, val);
}

/*
 * RFC 7606 4: an attribute that overruns the block is treat-as-withdraw,
 * the NLRI field being found from the block's length; unless it is an MP
 * attribute, whose NLRI would then go unseen.
 */
static void overrun(struct bgp_update *u, const uint8_t *type)
{
	if (type && is_mp(*type))
		bgp_update_act(u, BGP_ACT_RESET, BGP_ERR_UPD_ATTRLIST, NULL, 0,
			       "MP attribute overruns the attribute block");
	else
		bgp_update_act(u, BGP_ACT_WITHDRAW, BGP_ERR_UPD_ATTRLEN, NULL,
			       0, "attribute overruns the attribute block");
}

void bgp_attrs_decode(struct bgp_update *u, struct bgp_cur *block)
{
	const uint8_t *type;
	struct attr_raw a;
	struct bgp_cur val;
	uint16_t len;
	uint8_t len8;

	while (block->left && u->action != BGP_ACT_RESET) {
		a.start = block->p;
		type = block->left >= 2 ? block->p + 1 : NULL;
		if (!type || *type != BGP_ATTR_MP_UNREACH_NLRI)
			u->attrs_other = true;
		if (get_u8(block, &a.flags) || get_u8(block, &a.type))
			goto bad_len;
		if (a.flags & BGP_ATTR_F_EXTLEN) {
			if (get_u16(block, &len))
				goto bad_len;
		} else {
			if (get_u8(block, &len8))
				goto bad_len;
			len = len8;
		}
		if (get_sub(block, len, &val))
			goto bad_len;
		a.total = (size_t)(block->p - a.start);
		dec_one(u, &a, &val);
	}
	return;
bad_len:
	overrun(u, type);
}

/* The first take ASes of AS_PATH, then AS4_PATH (RFC 6793 4.2.3). */
static void aspath_merge(struct bgp_update *u, uint32_t take)
{
	struct bgp_attrs *at = &u->attrs;
	size_t cap = at->aspath_len + u->as4_path_len;
	uint8_t *out = bgp_update_alloc(u, cap);
	struct bgp_wbuf w = wbuf_init(out, cap);
	struct bgp_aspath_iter it = bgp_aspath_iter(at->aspath, at->aspath_len);
	struct bgp_aspath_seg s;
	uint8_t n;

	while (take && bgp_aspath_next(&it, &s)) {
		n = s.count;
		if (s.type == BGP_AS_SET)
			take--;
		else if (s.type == BGP_AS_SEQUENCE)
			n = s.count < take ? s.count : (uint8_t)take, take -= n;
		put_u8(&w, s.type);
		put_u8(&w, n);
		put_bytes(&w, s.as, n * 4u);
	}
	put_bytes(&w, u->as4_path, u->as4_path_len);
	at->aspath = out;
	at->aspath_len = (uint16_t)w.len;
}

static void as4_reconstruct(struct bgp_update *u)
{
	struct bgp_attrs *at = &u->attrs;
	uint32_t n2, n4;

	if (u->has_as4_aggregator && (at->present & BGP_ATTRS_AGGREGATOR)) {
		/* A real 2-octet aggregator: both AS4 attributes are stale. */
		if (at->aggregator_as != BGP_AS_TRANS)
			return;
		at->aggregator_as = u->as4_aggregator_as;
		at->aggregator_id = u->as4_aggregator_id;
	}
	if (!u->as4_path || !(at->present & BGP_ATTRS_AS_PATH))
		return;
	n2 = bgp_aspath_count(at->aspath, at->aspath_len);
	n4 = bgp_aspath_count(u->as4_path, u->as4_path_len);
	if (n2 >= n4)
		aspath_merge(u, n2 - n4);
}

/* Unknown optional transitive attributes, Partial set, ascending by type. */
static void unknown_finish(struct bgp_update *u)
{
	uint8_t *out = bgp_update_alloc(u, BGP_MAX_LEN + 256);
	struct bgp_wbuf w = wbuf_init(out, BGP_MAX_LEN + 256);
	unsigned int t;
	uint8_t *start;
	struct bgp_cur c;
	uint8_t flags, type, len8;
	uint16_t len;

	for (t = 0; t < 256; t++) {
		if (!u->unknown[t])
			continue;
		c = cur_init(u->unknown[t], BGP_MAX_LEN);
		get_u8(&c, &flags);
		get_u8(&c, &type);
		if (flags & BGP_ATTR_F_EXTLEN)
			get_u16(&c, &len);
		else
			len = get_u8(&c, &len8) ? 0 : len8;
		start = bgp_attr_begin(&w, (flags & ~BGP_ATTR_F_EXTLEN) |
				       BGP_ATTR_F_PARTIAL, type);
		put_bytes(&w, c.p, len);
		bgp_attr_end(&w, start);
	}
	u->attrs.unknown = w.len ? out : NULL;
	u->attrs.unknown_len = (uint16_t)w.len;
}

/*
 * RFC 7606 3 (d); NEXT_HOP only for the NLRI field (RFC 4760 3). The
 * NOTIFICATION's data would be the missing type (RFC 4271 6.3).
 */
static void mandatory_check(struct bgp_update *u)
{
	static const uint8_t types[] = { BGP_ATTR_ORIGIN, BGP_ATTR_AS_PATH,
					 BGP_ATTR_NEXT_HOP };
	static const char *const why[] = { "ORIGIN missing", "AS_PATH missing",
					   "NEXT_HOP missing" };
	uint16_t present = u->attrs.present;
	int i = -1;

	if (!u->nlri.len && !u->mp_reach.present)
		return;
	if (!(present & BGP_ATTRS_ORIGIN))
		i = 0;
	else if (!(present & BGP_ATTRS_AS_PATH))
		i = 1;
	else if (u->nlri.len && !(present & BGP_ATTRS_NEXT_HOP))
		i = 2;
	if (i >= 0)
		bgp_update_act(u, BGP_ACT_WITHDRAW, BGP_ERR_UPD_MISSNG_WK,
			       &types[i], 1, why[i]);
}

void bgp_attrs_finish(struct bgp_update *u)
{
	if (!u->session.as4)
		as4_reconstruct(u);
	unknown_finish(u);
	mandatory_check(u);
}

uint8_t *bgp_attr_begin(struct bgp_wbuf *w, uint8_t flags, uint8_t type)
{
	uint8_t *start = put_reserve(w, 4);

	if (start) {
		start[0] = flags | BGP_ATTR_F_EXTLEN;
		start[1] = type;
	}
	return start;
}

void bgp_attr_end(struct bgp_wbuf *w, uint8_t *start)
{
	size_t vlen;

	if (!start || w->overflow)
		return;
	vlen = (size_t)(w->buf + w->len - start) - 4;
	if (vlen > 0xff) {
		put_u16_at(start + 2, (uint16_t)vlen);
		return;
	}
	start[0] &= ~BGP_ATTR_F_EXTLEN;
	start[2] = (uint8_t)vlen;
	memmove(start + 3, start + 4, vlen);
	w->len--;
}

/* Encoding. */

typedef void (*attr_encode_fn)(struct bgp_wbuf *w, const struct bgp_attrs *a,
			       const struct bgp_session *s);

static void put_attr(struct bgp_wbuf *w, uint8_t flags, uint8_t type,
		     const void *val, size_t len)
{
	uint8_t *start = bgp_attr_begin(w, flags, type);

	put_bytes(w, val, len);
	bgp_attr_end(w, start);
}

static void put_attr_u32(struct bgp_wbuf *w, uint8_t flags, uint8_t type,
			 uint32_t v)
{
	uint8_t *start = bgp_attr_begin(w, flags, type);

	put_u32(w, v);
	bgp_attr_end(w, start);
}

static void enc_origin(struct bgp_wbuf *w, const struct bgp_attrs *a,
		       const struct bgp_session *s)
{
	(void)s;
	if (a->present & BGP_ATTRS_ORIGIN)
		put_attr(w, F_T, BGP_ATTR_ORIGIN, &a->origin, 1);
}

static bool as_is_big(uint32_t as)
{
	return as > 0xffff;
}

/*
 * a's AS_PATH with as_size-octet ASes (AS_TRANS for those that do not
 * fit), without confederation segments unless confed. Returns whether an
 * AS did not fit.
 */
static bool put_aspath(struct bgp_wbuf *w, const struct bgp_attrs *a,
		       unsigned int as_size, bool confed)
{
	struct bgp_aspath_iter it = bgp_aspath_iter(a->aspath, a->aspath_len);
	struct bgp_aspath_seg s;
	unsigned int i;
	uint32_t as;
	bool big = false;

	while (bgp_aspath_next(&it, &s)) {
		if (!confed && s.type > BGP_AS_SEQUENCE)
			continue;
		put_u8(w, s.type);
		put_u8(w, s.count);
		for (i = 0; i < s.count; i++) {
			as = bgp_aspath_seg_as(&s, i);
			big |= as_is_big(as);
			if (as_size == 4)
				put_u32(w, as);
			else
				put_u16(w, as_is_big(as) ? BGP_AS_TRANS :
					(uint16_t)as);
		}
	}
	return big;
}

static bool aspath_has_big(const struct bgp_attrs *a)
{
	uint8_t scratch[2 * BGP_MAX_LEN];
	struct bgp_wbuf w = wbuf_init(scratch, sizeof(scratch));

	return put_aspath(&w, a, 4, true);
}

static void enc_aspath(struct bgp_wbuf *w, const struct bgp_attrs *a,
		       const struct bgp_session *s)
{
	uint8_t *start;

	if (!(a->present & BGP_ATTRS_AS_PATH))
		return;
	start = bgp_attr_begin(w, F_T, BGP_ATTR_AS_PATH);
	put_aspath(w, a, s->as4 ? 4 : 2, true);
	bgp_attr_end(w, start);
}

static void enc_med(struct bgp_wbuf *w, const struct bgp_attrs *a,
		    const struct bgp_session *s)
{
	(void)s;
	if (a->present & BGP_ATTRS_MED)
		put_attr_u32(w, F_O, BGP_ATTR_MED, a->med);
}

static void enc_local_pref(struct bgp_wbuf *w, const struct bgp_attrs *a,
			   const struct bgp_session *s)
{
	if ((a->present & BGP_ATTRS_LOCAL_PREF) && !s->ebgp)
		put_attr_u32(w, F_T, BGP_ATTR_LOCAL_PREF, a->local_pref);
}

static void enc_atomic(struct bgp_wbuf *w, const struct bgp_attrs *a,
		       const struct bgp_session *s)
{
	(void)s;
	if (a->present & BGP_ATTRS_ATOMIC_AGGREGATE)
		put_attr(w, F_T, BGP_ATTR_ATOMIC_AGGREGATE, NULL, 0);
}

static void enc_aggregator(struct bgp_wbuf *w, const struct bgp_attrs *a,
			   const struct bgp_session *s)
{
	uint8_t *start;

	if (!(a->present & BGP_ATTRS_AGGREGATOR))
		return;
	start = bgp_attr_begin(w, F_O | F_T, BGP_ATTR_AGGREGATOR);
	if (s->as4)
		put_u32(w, a->aggregator_as);
	else
		put_u16(w, as_is_big(a->aggregator_as) ? BGP_AS_TRANS :
			(uint16_t)a->aggregator_as);
	put_u32(w, a->aggregator_id);
	bgp_attr_end(w, start);
}

static void enc_communities(struct bgp_wbuf *w, const struct bgp_attrs *a,
			    const struct bgp_session *s)
{
	uint8_t *start;
	size_t i;

	(void)s;
	if (!a->n_communities)
		return;
	start = bgp_attr_begin(w, F_O | F_T, BGP_ATTR_COMMUNITIES);
	for (i = 0; i < a->n_communities; i++)
		put_u32(w, a->communities[i]);
	bgp_attr_end(w, start);
}

static void enc_ext_communities(struct bgp_wbuf *w, const struct bgp_attrs *a,
				const struct bgp_session *s)
{
	uint8_t *start;
	size_t i;

	(void)s;
	if (!a->n_ext_communities)
		return;
	start = bgp_attr_begin(w, F_O | F_T, BGP_ATTR_EXT_COMMUNITIES);
	for (i = 0; i < a->n_ext_communities; i++) {
		put_u32(w, a->ext_communities[i] >> 32);
		put_u32(w, (uint32_t)a->ext_communities[i]);
	}
	bgp_attr_end(w, start);
}

/* RFC 6793 4.2.2: to a two-octet peer, what AS_TRANS stood for. */
static void enc_as4_path(struct bgp_wbuf *w, const struct bgp_attrs *a,
			 const struct bgp_session *s)
{
	uint8_t *start;

	if (s->as4 || !(a->present & BGP_ATTRS_AS_PATH) || !aspath_has_big(a))
		return;
	start = bgp_attr_begin(w, F_O | F_T, BGP_ATTR_AS4_PATH);
	put_aspath(w, a, 4, false);
	bgp_attr_end(w, start);
}

static void enc_as4_aggregator(struct bgp_wbuf *w, const struct bgp_attrs *a,
			       const struct bgp_session *s)
{
	uint8_t *start;

	if (s->as4 || !(a->present & BGP_ATTRS_AGGREGATOR) ||
	    !as_is_big(a->aggregator_as))
		return;
	start = bgp_attr_begin(w, F_O | F_T, BGP_ATTR_AS4_AGGREGATOR);
	put_u32(w, a->aggregator_as);
	put_u32(w, a->aggregator_id);
	bgp_attr_end(w, start);
}

static void enc_large_communities(struct bgp_wbuf *w,
				  const struct bgp_attrs *a,
				  const struct bgp_session *s)
{
	const struct bgp_large_community *c;
	uint8_t *start;
	size_t i;

	(void)s;
	if (!a->n_large_communities)
		return;
	start = bgp_attr_begin(w, F_O | F_T, BGP_ATTR_LARGE_COMMUNITIES);
	for (i = 0; i < a->n_large_communities; i++) {
		c = &a->large_communities[i];
		put_u32(w, c->global);
		put_u32(w, c->local1);
		put_u32(w, c->local2);
	}
	bgp_attr_end(w, start);
}

/* Ascending by type, as RFC 4271 5 asks; NEXT_HOP is the caller's. */
static const struct {
	uint8_t type;
	attr_encode_fn encode;
} attr_encoders[] = {
	{ BGP_ATTR_ORIGIN, enc_origin },
	{ BGP_ATTR_AS_PATH, enc_aspath },
	{ BGP_ATTR_MED, enc_med },
	{ BGP_ATTR_LOCAL_PREF, enc_local_pref },
	{ BGP_ATTR_ATOMIC_AGGREGATE, enc_atomic },
	{ BGP_ATTR_AGGREGATOR, enc_aggregator },
	{ BGP_ATTR_COMMUNITIES, enc_communities },
	{ BGP_ATTR_EXT_COMMUNITIES, enc_ext_communities },
	{ BGP_ATTR_AS4_PATH, enc_as4_path },
	{ BGP_ATTR_AS4_AGGREGATOR, enc_as4_aggregator },
	{ BGP_ATTR_LARGE_COMMUNITIES, enc_large_communities },
};

/* Copy the unknown attributes at c of a type below limit. */
static void put_unknown_below(struct bgp_wbuf *w, struct bgp_cur *c,
			      unsigned int limit)
{
	const uint8_t *start;
	uint16_t len = 0;
	uint8_t hdr[2], len8;

	while (c->left >= 2 && c->p[1] < limit) {
		start = c->p;
		get_bytes(c, hdr, 2);
		if (hdr[0] & BGP_ATTR_F_EXTLEN)
			get_u16(c, &len);
		else
			len = get_u8(c, &len8) ? 0 : len8;
		skip(c, len);
		put_bytes(w, start, (size_t)(c->p - start));
	}
}

void bgp_attrs_encode(struct bgp_wbuf *w, const struct bgp_attrs *a,
		      const struct bgp_session *s, bool with_nexthop)
{
	struct bgp_cur unknown = cur_init(a->unknown, a->unknown_len);
	size_t i;

	for (i = 0; i < sizeof(attr_encoders) / sizeof(attr_encoders[0]); i++) {
		put_unknown_below(w, &unknown, attr_encoders[i].type);
		attr_encoders[i].encode(w, a, s);
		if (attr_encoders[i].type == BGP_ATTR_AS_PATH && with_nexthop &&
		    a->nexthop_len == 4)
			put_attr(w, F_T, BGP_ATTR_NEXT_HOP, a->nexthop, 4);
	}
	put_unknown_below(w, &unknown, 256);
}
