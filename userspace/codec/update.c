// SPDX-License-Identifier: GPL-2.0
/*
 * UPDATE messages: framing, NLRI, MP_REACH_NLRI/MP_UNREACH_NLRI, and the
 * builders. The path attributes themselves are attr.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "codec/update.h"

enum bgp_action bgp_update_act(struct bgp_update *u, enum bgp_action action,
			       uint8_t subcode, const uint8_t *attr,
			       size_t attr_len, const char *reason)
{
	if (action == BGP_ACT_DISCARD)
		u->n_discarded++;
	if (action <= u->action)
		return action;
	u->action = action;
	u->reason = reason;
	if (action >= BGP_ACT_WITHDRAW)
		bgp_err_set(&u->err, BGP_ERR_UPDATE, subcode, attr, attr_len,
			    reason);
	return action;
}

void *bgp_update_alloc(struct bgp_update *u, size_t size)
{
	void *p = (uint8_t *)u->arena + u->arena_used;

	size = (size + 7) & ~(size_t)7;
	/* Sized for the worst a 4096-byte message can ask: a bug if not. */
	if (sizeof(u->arena) - u->arena_used < size)
		abort();
	u->arena_used += size;
	return p;
}

static unsigned int aid_maxlen(enum bgp_aid aid)
{
	return aid == BGP_AID_IPV6 ? 128 : 32;
}

/* Check that block is a run of prefixes of aid, and keep it in n. */
static int nlri_check(struct bgp_cur block, enum bgp_aid aid,
		      struct bgp_nlri *n)
{
	*n = (struct bgp_nlri){ .present = true, .aid = aid, .p = block.p,
				.len = block.left };
	while (block.left) {
		uint8_t plen;

		if (get_u8(&block, &plen) || plen > aid_maxlen(aid) ||
		    skip(&block, (plen + 7u) / 8))
			return -1;
	}
	return 0;
}

int bgp_nlri_next(struct bgp_nlri *n, struct dpubgp_prefix *prefix)
{
	struct bgp_cur c = cur_init(n->p, n->len);
	uint8_t plen;
	size_t bytes;

	if (get_u8(&c, &plen))
		return 0;
	bytes = (plen + 7u) / 8;
	memset(prefix, 0, sizeof(*prefix));
	prefix->family = n->aid == BGP_AID_IPV6 ? AF_INET6 : AF_INET;
	prefix->len = plen;
	get_bytes(&c, prefix->addr, bytes);
	/* Bits past the length mean nothing (RFC 4271 4.3): clear them. */
	if (plen % 8)
		prefix->addr[bytes - 1] &= (uint8_t)(0xff00 >> (plen % 8));
	n->p = c.p;
	n->len = c.left;
	return 1;
}

#define RESET(sub, why) \
	bgp_update_act(u, BGP_ACT_RESET, sub, attr, attr_len, why)
#define DISCARD(why) \
	bgp_update_act(u, BGP_ACT_DISCARD, 0, attr, attr_len, why)

static int mp_afi(struct bgp_cur *val, enum bgp_aid *aid)
{
	uint16_t afi;
	uint8_t safi;

	if (get_u16(val, &afi) || get_u8(val, &safi))
		return -1;
	return bgp_afi2aid(afi, safi, aid) ? 1 : 0;
}

static bool mp_nexthop_len_ok(enum bgp_aid aid, uint8_t len)
{
	if (aid == BGP_AID_IPV6)
		return len == 16 || len == 32;
	return len == 4;
}

/* RFC 7606 7.11, 5.3: what cannot be parsed here resets the session. */
int bgp_mp_reach_decode(struct bgp_update *u, const uint8_t *attr,
			size_t attr_len, struct bgp_cur *val)
{
	enum bgp_aid aid;
	uint8_t nh_len, reserved;
	int rc = mp_afi(val, &aid);

	if (rc > 0)
		return DISCARD("MP_REACH_NLRI: unsupported AFI/SAFI");
	if (rc < 0 || get_u8(val, &nh_len))
		goto bad_len;
	if (!mp_nexthop_len_ok(aid, nh_len))
		return RESET(BGP_ERR_UPD_OPTATTR,
			     "MP_REACH_NLRI: bad next hop length");
	if (get_bytes(val, u->mp_nexthop, nh_len) || get_u8(val, &reserved))
		goto bad_len;
	if (nlri_check(*val, aid, &u->mp_reach))
		return RESET(BGP_ERR_UPD_OPTATTR,
			     "MP_REACH_NLRI: malformed prefix");
	u->mp_nexthop_len = nh_len;
	return 0;
bad_len:
	return RESET(BGP_ERR_UPD_OPTATTR, "MP_REACH_NLRI: truncated");
}

int bgp_mp_unreach_decode(struct bgp_update *u, const uint8_t *attr,
			  size_t attr_len, struct bgp_cur *val)
{
	enum bgp_aid aid;
	int rc = mp_afi(val, &aid);

	if (rc > 0)
		return DISCARD("MP_UNREACH_NLRI: unsupported AFI/SAFI");
	if (rc < 0)
		return RESET(BGP_ERR_UPD_OPTATTR, "MP_UNREACH_NLRI: truncated");
	if (nlri_check(*val, aid, &u->mp_unreach))
		return RESET(BGP_ERR_UPD_OPTATTR,
			     "MP_UNREACH_NLRI: malformed prefix");
	return 0;
}

static enum bgp_action reset(struct bgp_update *u, uint8_t subcode,
			     const char *reason)
{
	return bgp_update_act(u, BGP_ACT_RESET, subcode, NULL, 0, reason);
}

enum bgp_action bgp_update_parse(struct bgp_update *u, const uint8_t *msg,
				 size_t len, const struct bgp_session *s)
{
	struct bgp_cur cur, withdrawn, attrs;
	uint16_t wlen, alen;

	memset(u, 0, offsetof(struct bgp_update, arena));
	u->session = *s;
	if (bgp_msg_body(msg, len, BGP_UPDATE, &cur, &u->err)) {
		u->action = BGP_ACT_RESET;
		u->reason = u->err.reason;
		return u->action;
	}
	if (get_u16(&cur, &wlen) || get_sub(&cur, wlen, &withdrawn))
		return reset(u, BGP_ERR_UPD_ATTRLIST,
			     "withdrawn routes length overruns the message");
	if (get_u16(&cur, &alen) || get_sub(&cur, alen, &attrs))
		return reset(u, BGP_ERR_UPD_ATTRLIST,
			     "path attribute length overruns the message");
	if (nlri_check(withdrawn, BGP_AID_IPV4, &u->withdrawn))
		return reset(u, BGP_ERR_UPD_NETWORK,
			     "withdrawn routes: malformed prefix");
	bgp_attrs_decode(u, &attrs);
	if (u->action == BGP_ACT_RESET)
		return u->action;
	if (nlri_check(cur, BGP_AID_IPV4, &u->nlri))
		return reset(u, BGP_ERR_UPD_NETWORK, "NLRI: malformed prefix");
	bgp_attrs_finish(u);
	/*
	 * RFC 7606 5.2: path attributes besides MP_UNREACH_NLRI and no
	 * reachable NLRI: the NLRI may not have been found right, so an
	 * error that is not attribute discard resets the session.
	 */
	if (u->action == BGP_ACT_WITHDRAW && u->attrs_other && !u->nlri.len &&
	    !u->mp_reach.len) {
		u->action = BGP_ACT_RESET;
		u->reason = u->err.reason;
	}
	return u->action;
}

bool bgp_update_is_eor(const struct bgp_update *u, enum bgp_aid *aid)
{
	bool no_attrs = !u->attrs.present && !u->mp_reach.present;

	if (u->action != BGP_ACT_NONE || !no_attrs || u->withdrawn.len ||
	    u->nlri.len)
		return false;
	if (!u->mp_unreach.present) {
		*aid = BGP_AID_IPV4;
		return true;
	}
	*aid = u->mp_unreach.aid;
	return !u->mp_unreach.len;
}

/* Building. */

static void msg_begin(struct bgp_wbuf *w, uint8_t *buf)
{
	*w = wbuf_init(buf, BGP_MAX_LEN);
	put_reserve(w, BGP_HDR_LEN);
}

static int msg_emit(struct bgp_wbuf *w, bgp_emit_fn emit, void *arg)
{
	bgp_hdr_put(w->buf, (uint16_t)w->len, BGP_UPDATE);
	return emit(arg, w->buf, w->len);
}

static size_t prefix_size(const struct dpubgp_prefix *p)
{
	return 1 + (p->len + 7u) / 8;
}

/*
 * As many of the n prefixes as fit with reserve bytes left over; how many
 * were written. The caller makes sure at least one does.
 */
static size_t put_prefixes(struct bgp_wbuf *w, const struct dpubgp_prefix *p,
			   size_t n, size_t reserve)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (w->cap - w->len < prefix_size(&p[i]) + reserve)
			break;
		put_u8(w, p[i].len);
		put_bytes(w, p[i].addr, prefix_size(&p[i]) - 1);
	}
	return i;
}

static bool one_family(const struct dpubgp_prefix *p, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if (p[i].family != p[0].family)
			return false;
	return n && (p[0].family == AF_INET || p[0].family == AF_INET6);
}

static void put_mp_head(struct bgp_wbuf *w, enum bgp_aid aid)
{
	put_u16(w, bgp_aid2afi(aid));
	put_u8(w, BGP_SAFI_UNICAST);
}

/* One UPDATE of the prefixes that fit: how many, or 0 if none did. */
static size_t announce_one(struct bgp_wbuf *w, const struct bgp_attrs *a,
			   const uint8_t *attrs, size_t attrs_len,
			   const struct dpubgp_prefix *p, size_t n)
{
	uint8_t *alen, *mp;
	size_t done;

	put_u16(w, 0);
	alen = put_reserve(w, 2);
	if (p[0].family == AF_INET) {
		put_bytes(w, attrs, attrs_len);
		if (alen)
			put_u16_at(alen, (uint16_t)attrs_len);
		return put_prefixes(w, p, n, 0);
	}
	mp = bgp_attr_begin(w, BGP_ATTR_F_OPTIONAL, BGP_ATTR_MP_REACH_NLRI);
	put_mp_head(w, BGP_AID_IPV6);
	put_u8(w, a->nexthop_len);
	put_bytes(w, a->nexthop, a->nexthop_len);
	put_u8(w, 0);
	done = put_prefixes(w, p, n, attrs_len);
	bgp_attr_end(w, mp);
	put_bytes(w, attrs, attrs_len);
	if (alen && !w->overflow)
		put_u16_at(alen, (uint16_t)(w->buf + w->len - alen - 2));
	return done;
}

/* One UPDATE withdrawing the prefixes that fit: how many. */
static size_t withdraw_one(struct bgp_wbuf *w, const struct dpubgp_prefix *p,
			   size_t n)
{
	uint8_t *len = put_reserve(w, 2), *mp;
	size_t done;

	if (p[0].family == AF_INET) {
		done = put_prefixes(w, p, n, 2);
		if (len)
			put_u16_at(len, (uint16_t)(w->buf + w->len - len - 2));
		put_u16(w, 0);
		return done;
	}
	if (len)
		put_u16_at(len, 0);
	len = put_reserve(w, 2);
	mp = bgp_attr_begin(w, BGP_ATTR_F_OPTIONAL, BGP_ATTR_MP_UNREACH_NLRI);
	put_mp_head(w, BGP_AID_IPV6);
	done = put_prefixes(w, p, n, 0);
	bgp_attr_end(w, mp);
	if (len && !w->overflow)
		put_u16_at(len, (uint16_t)(w->buf + w->len - len - 2));
	return done;
}

/*
 * The UPDATEs of prefixes (one family), as many in each as fit: announced
 * with a, whose attributes are encoded in attrs, or withdrawn (a NULL).
 * 0, -1 when a prefix does not fit in a message, or emit's error.
 */
static int emit_updates(const struct bgp_attrs *a, const uint8_t *attrs,
			size_t attrs_len, const struct dpubgp_prefix *prefixes,
			size_t n, bgp_emit_fn emit, void *arg)
{
	uint8_t buf[BGP_MAX_LEN];
	struct bgp_wbuf w;
	size_t done;
	int rc;

	while (n) {
		msg_begin(&w, buf);
		done = a ? announce_one(&w, a, attrs, attrs_len, prefixes, n) :
		       withdraw_one(&w, prefixes, n);
		if (!done || w.overflow)
			return -1;
		rc = msg_emit(&w, emit, arg);
		if (rc)
			return rc;
		prefixes += done;
		n -= done;
	}
	return 0;
}

int bgp_update_announce(const struct bgp_session *s,
			const struct bgp_attrs *a,
			const struct dpubgp_prefix *prefixes, size_t n,
			bgp_emit_fn emit, void *arg)
{
	uint8_t attrs[BGP_MAX_LEN];
	struct bgp_wbuf aw = wbuf_init(attrs, sizeof(attrs));
	bool v4 = n && prefixes[0].family == AF_INET;

	if (!n)
		return 0;
	if (!one_family(prefixes, n) ||
	    !mp_nexthop_len_ok(v4 ? BGP_AID_IPV4 : BGP_AID_IPV6,
			       a->nexthop_len))
		return -1;
	bgp_attrs_encode(&aw, a, s, v4);
	if (aw.overflow)
		return -1;
	return emit_updates(a, attrs, aw.len, prefixes, n, emit, arg);
}

int bgp_update_withdraw(const struct dpubgp_prefix *prefixes, size_t n,
			bgp_emit_fn emit, void *arg)
{
	if (!n)
		return 0;
	if (!one_family(prefixes, n))
		return -1;
	return emit_updates(NULL, NULL, 0, prefixes, n, emit, arg);
}

int bgp_update_eor(enum bgp_aid aid, bgp_emit_fn emit, void *arg)
{
	uint8_t buf[BGP_MAX_LEN], *len, *mp;
	struct bgp_wbuf w;

	msg_begin(&w, buf);
	put_u16(&w, 0);
	len = put_reserve(&w, 2);
	if (aid == BGP_AID_IPV6) {
		mp = bgp_attr_begin(&w, BGP_ATTR_F_OPTIONAL,
				    BGP_ATTR_MP_UNREACH_NLRI);
		put_mp_head(&w, aid);
		bgp_attr_end(&w, mp);
	}
	put_u16_at(len, (uint16_t)(w.buf + w.len - len - 2));
	return msg_emit(&w, emit, arg);
}

/* Prefixes handed to bgp_update_announce() at a time. */
#define GROUP_CHUNK 512

static int route_cmp(const void *x, const void *y)
{
	const struct bgp_route *a = x, *b = y;
	uintptr_t pa = (uintptr_t)a->attrs, pb = (uintptr_t)b->attrs;

	if (pa != pb)
		return pa < pb ? -1 : 1;
	return (a->prefix.family > b->prefix.family) -
	       (a->prefix.family < b->prefix.family);
}

static bool same_group(const struct bgp_route *a, const struct bgp_route *b)
{
	return a->attrs == b->attrs && a->prefix.family == b->prefix.family;
}

int bgp_update_announce_routes(const struct bgp_session *s,
			       struct bgp_route *routes, size_t n,
			       bgp_emit_fn emit, void *arg)
{
	struct dpubgp_prefix prefixes[GROUP_CHUNK];
	size_t i = 0, k;
	int rc;

	qsort(routes, n, sizeof(*routes), route_cmp);
	while (i < n) {
		/* A group of more than fit in one message is cut in pieces. */
		for (k = 0; i + k < n && k < GROUP_CHUNK &&
		     same_group(&routes[i], &routes[i + k]); k++)
			prefixes[k] = routes[i + k].prefix;
		rc = bgp_update_announce(s, routes[i].attrs, prefixes, k, emit,
					 arg);
		if (rc)
			return rc;
		i += k;
	}
	return 0;
}
