// SPDX-License-Identifier: GPL-2.0
/*
 * BGP header, OPEN, KEEPALIVE, NOTIFICATION and ROUTE-REFRESH messages.
 */
#include <string.h>

#include "codec/cursor.h"
#include "codec/msg.h"

#define OPT_PARAM_CAPA 2

int bgp_afi2aid(uint16_t afi, uint8_t safi, enum bgp_aid *aid)
{
	if (safi != BGP_SAFI_UNICAST)
		return -1;
	if (afi == BGP_AFI_IPV4)
		*aid = BGP_AID_IPV4;
	else if (afi == BGP_AFI_IPV6)
		*aid = BGP_AID_IPV6;
	else
		return -1;
	return 0;
}

uint16_t bgp_aid2afi(enum bgp_aid aid)
{
	return aid == BGP_AID_IPV6 ? BGP_AFI_IPV6 : BGP_AFI_IPV4;
}

int bgp_err_set(struct bgp_err *err, uint8_t code, uint8_t subcode,
		const uint8_t *data, size_t data_len, const char *reason)
{
	err->code = code;
	err->subcode = subcode;
	err->data = data;
	err->data_len = data_len;
	err->reason = reason;
	return -1;
}

/* An error whose data is a copy, in err itself. */
static int err_local(struct bgp_err *err, uint8_t code, uint8_t subcode,
		     const void *data, size_t data_len, const char *reason)
{
	memcpy(err->local_data, data, data_len);
	return bgp_err_set(err, code, subcode, err->local_data, data_len,
			   reason);
}

void bgp_hdr_put(uint8_t *buf, uint16_t len, uint8_t type)
{
	memset(buf, 0xff, BGP_MARKER_LEN);
	put_u16_at(buf + BGP_MARKER_LEN, len);
	buf[BGP_MARKER_LEN + 2] = type;
}

/* Smallest and largest length of each type (RFC 4271 4, RFC 2918 3). */
static const struct {
	uint16_t min, max;
} msg_len[] = {
	[BGP_OPEN] = { 29, BGP_MAX_LEN },
	[BGP_UPDATE] = { 23, BGP_MAX_LEN },
	[BGP_NOTIFICATION] = { 21, BGP_MAX_LEN },
	[BGP_KEEPALIVE] = { BGP_HDR_LEN, BGP_HDR_LEN },
	[BGP_ROUTE_REFRESH] = { 23, 23 },
};

int bgp_hdr_parse(const uint8_t *buf, size_t len, struct bgp_hdr *hdr,
		  struct bgp_err *err)
{
	static const uint8_t marker[BGP_MARKER_LEN] = {
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
	};
	const uint8_t *len_field = buf + BGP_MARKER_LEN;

	if (len < BGP_HDR_LEN)
		return bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_LEN, NULL,
				   0, "header: truncated");
	if (memcmp(buf, marker, sizeof(marker)))
		return bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_SYNC, NULL,
				   0, "header: marker not all ones");
	hdr->len = (uint16_t)(len_field[0] << 8 | len_field[1]);
	hdr->type = buf[BGP_MARKER_LEN + 2];
	if (hdr->type < BGP_OPEN || hdr->type > BGP_ROUTE_REFRESH)
		return bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_TYPE,
				   buf + BGP_MARKER_LEN + 2, 1,
				   "header: unknown message type");
	if (hdr->len < msg_len[hdr->type].min ||
	    hdr->len > msg_len[hdr->type].max)
		return bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_LEN,
				   len_field, 2, "header: bad message length");
	return 0;
}

int bgp_msg_body(const uint8_t *msg, size_t len, uint8_t type,
		struct bgp_cur *cur, struct bgp_err *err)
{
	struct bgp_hdr hdr;

	if (bgp_hdr_parse(msg, len, &hdr, err))
		return -1;
	if (hdr.type != type || hdr.len != len)
		return bgp_err_set(err, BGP_ERR_HEADER, BGP_ERR_HDR_LEN,
				   msg + BGP_MARKER_LEN, 2,
				   "header: length or type not this message's");
	*cur = cur_init(msg + BGP_HDR_LEN, len - BGP_HDR_LEN);
	return 0;
}

static int capa_mp(struct bgp_open *open, struct bgp_cur *cur)
{
	uint16_t afi;
	uint8_t reserved, safi;
	enum bgp_aid aid;

	if (get_u16(cur, &afi) || get_u8(cur, &reserved) || get_u8(cur, &safi))
		return -1;
	if (bgp_afi2aid(afi, safi, &aid))
		return 1;
	open->mp |= 1u << aid;
	return 0;
}

static int capa_rr(struct bgp_open *open, struct bgp_cur *cur)
{
	(void)cur;
	open->route_refresh = true;
	return 0;
}

#define GR_RESTARTED	0x8000	/* R, above the restart time */
#define GR_F_FORWARDING	0x80	/* F, in a family's flags */

static int capa_gr(struct bgp_open *open, struct bgp_cur *cur)
{
	struct bgp_gr *gr = &open->gr;
	uint8_t safi, flags;
	uint16_t word, afi;
	enum bgp_aid aid;

	if (get_u16(cur, &word))
		return -1;
	*gr = (struct bgp_gr){ .present = true,
			       .restarted = word & GR_RESTARTED,
			       .time = word & BGP_GR_TIME_MAX };
	while (cur->left) {
		if (get_u16(cur, &afi) || get_u8(cur, &safi) ||
		    get_u8(cur, &flags))
			return -1;
		if (bgp_afi2aid(afi, safi, &aid))
			continue;
		gr->families |= 1u << aid;
		if (flags & GR_F_FORWARDING)
			gr->forwarding |= 1u << aid;
	}
	return 0;
}

static int capa_as4(struct bgp_open *open, struct bgp_cur *cur)
{
	open->as4 = true;
	return get_u32(cur, &open->as);
}

/*
 * Capabilities understood: value length (len, plus any number of step
 * octets when step is not 0) and decoder. A decoder returns -1 for a
 * malformed value, 1 to keep the capability as unknown.
 */
static const struct capa_desc {
	uint8_t len, step;
	int (*decode)(struct bgp_open *open, struct bgp_cur *cur);
} capa_table[256] = {
	[BGP_CAPA_MP] = { .len = 4,
			  .decode = capa_mp },
	[BGP_CAPA_ROUTE_REFRESH] = { .len = 0,
				     .decode = capa_rr },
	[BGP_CAPA_GRACEFUL_RESTART] = { .len = 2, .step = 4,
					.decode = capa_gr },
	[BGP_CAPA_AS4] = { .len = 4,
			   .decode = capa_as4 },
};

static void capa_keep(struct bgp_open *open, uint8_t code,
		      const struct bgp_cur *value)
{
	struct bgp_capa_raw *raw;

	if (open->n_unknown == BGP_OPEN_UNKNOWN_MAX)
		return;
	raw = &open->unknown[open->n_unknown++];
	raw->code = code;
	raw->len = (uint8_t)value->left;
	raw->value = value->p;
}

static int capa_parse(struct bgp_open *open, struct bgp_cur *cur,
		      struct bgp_err *err)
{
	const struct capa_desc *desc;
	struct bgp_cur value;
	uint8_t code, len;
	int rc;

	while (cur->left) {
		if (get_u8(cur, &code) || get_u8(cur, &len) ||
		    get_sub(cur, len, &value))
			goto bad_len;
		desc = &capa_table[code];
		if (!desc->decode) {
			capa_keep(open, code, &value);
			continue;
		}
		if (desc->step ? len < desc->len ||
				 (len - desc->len) % desc->step :
				 len != desc->len)
			goto bad_len;
		rc = desc->decode(open, &(struct bgp_cur){ value.p, len });
		if (rc < 0)
			goto bad_len;
		if (rc > 0)
			capa_keep(open, code, &value);
	}
	return 0;
bad_len:
	return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC, NULL, 0,
			   "OPEN: malformed capability");
}

static int opt_params_parse(struct bgp_open *open, struct bgp_cur *cur,
			    struct bgp_err *err)
{
	struct bgp_cur param;
	uint8_t type, len;

	while (cur->left) {
		if (get_u8(cur, &type) || get_u8(cur, &len) ||
		    get_sub(cur, len, &param))
			return bgp_err_set(err, BGP_ERR_OPEN,
					   BGP_ERR_OPEN_UNSPEC, NULL, 0,
					   "OPEN: malformed optional parameter");
		if (type != OPT_PARAM_CAPA)
			return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_OPT,
					   NULL, 0,
					   "OPEN: unsupported optional parameter");
		if (capa_parse(open, &param, err))
			return -1;
	}
	return 0;
}

static int open_check_fields(const struct bgp_open *open, struct bgp_err *err)
{
	static const uint8_t version[2] = { 0, BGP_VERSION };

	if (open->version != BGP_VERSION)
		return err_local(err, BGP_ERR_OPEN, BGP_ERR_OPEN_VERSION,
				 version, sizeof(version),
				 "OPEN: unsupported version");
	if (open->as == 0)
		return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS,
				   NULL, 0, "OPEN: AS 0");
	if (open->hold == 1 || open->hold == 2)
		return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD, NULL,
				   0, "OPEN: hold time 1 or 2");
	if (open->bgp_id == 0)
		return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_BGPID, NULL,
				   0, "OPEN: BGP identifier 0");
	return 0;
}

int bgp_open_parse(const uint8_t *msg, size_t len, struct bgp_open *open,
		   struct bgp_err *err)
{
	struct bgp_cur cur, params;
	uint8_t opt_len;

	memset(open, 0, sizeof(*open));
	if (bgp_msg_body(msg, len, BGP_OPEN, &cur, err))
		return -1;
	if (get_u8(&cur, &open->version))
		goto bad_len;
	/* Nothing else can be trusted from a version this code cannot read. */
	if (open->version != BGP_VERSION)
		return open_check_fields(open, err);
	if (get_u16(&cur, &open->my_as) || get_u16(&cur, &open->hold) ||
	    get_u32(&cur, &open->bgp_id) || get_u8(&cur, &opt_len) ||
	    get_sub(&cur, opt_len, &params) || cur.left)
		goto bad_len;
	open->as = open->my_as;
	if (opt_params_parse(open, &params, err))
		return -1;
	return open_check_fields(open, err);
bad_len:
	return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_UNSPEC, NULL, 0,
			   "OPEN: optional parameters length");
}

static void put_capa_mp(struct bgp_wbuf *w, enum bgp_aid aid)
{
	put_u8(w, BGP_CAPA_MP);
	put_u8(w, 4);
	put_u16(w, bgp_aid2afi(aid));
	put_u8(w, 0);
	put_u8(w, BGP_SAFI_UNICAST);
}

static void put_capa_gr(struct bgp_wbuf *w, const struct bgp_gr *gr)
{
	enum bgp_aid aid;
	uint8_t len = 2;

	for (aid = 0; aid < BGP_AID_MAX; aid++)
		if (gr->families & (1u << aid))
			len += 4;
	put_u8(w, BGP_CAPA_GRACEFUL_RESTART);
	put_u8(w, len);
	put_u16(w, (gr->restarted ? GR_RESTARTED : 0) |
		   (gr->time & BGP_GR_TIME_MAX));
	for (aid = 0; aid < BGP_AID_MAX; aid++) {
		if (!(gr->families & (1u << aid)))
			continue;
		put_u16(w, bgp_aid2afi(aid));
		put_u8(w, BGP_SAFI_UNICAST);
		put_u8(w, gr->forwarding & (1u << aid) ? GR_F_FORWARDING : 0);
	}
}

/* The capabilities of open (understood ones first) as one list. */
static void put_capas(struct bgp_wbuf *w, const struct bgp_open *open)
{
	enum bgp_aid aid;
	unsigned int i;

	for (aid = 0; aid < BGP_AID_MAX; aid++)
		if (open->mp & (1u << aid))
			put_capa_mp(w, aid);
	if (open->route_refresh) {
		put_u8(w, BGP_CAPA_ROUTE_REFRESH);
		put_u8(w, 0);
	}
	if (open->gr.present)
		put_capa_gr(w, &open->gr);
	if (open->as4) {
		put_u8(w, BGP_CAPA_AS4);
		put_u8(w, 4);
		put_u32(w, open->as);
	}
	for (i = 0; i < open->n_unknown; i++) {
		put_u8(w, open->unknown[i].code);
		put_u8(w, open->unknown[i].len);
		put_bytes(w, open->unknown[i].value, open->unknown[i].len);
	}
}

int bgp_open_build(const struct bgp_open *open, uint8_t *buf, size_t size)
{
	struct bgp_wbuf w = wbuf_init(buf, size);
	uint8_t capas[255];
	struct bgp_wbuf cw = wbuf_init(capas, sizeof(capas) - 2);

	put_capas(&cw, open);
	if (cw.overflow || !put_reserve(&w, BGP_HDR_LEN))
		return -1;
	put_u8(&w, open->version);
	put_u16(&w, open->as > 0xffff ? BGP_AS_TRANS : (uint16_t)open->as);
	put_u16(&w, open->hold);
	put_u32(&w, open->bgp_id);
	put_u8(&w, cw.len ? (uint8_t)(cw.len + 2) : 0);
	if (cw.len) {
		put_u8(&w, OPT_PARAM_CAPA);
		put_u8(&w, (uint8_t)cw.len);
		put_bytes(&w, capas, cw.len);
	}
	if (w.overflow)
		return -1;
	bgp_hdr_put(buf, (uint16_t)w.len, BGP_OPEN);
	return (int)w.len;
}

/* The capabilities policy requires and open lacks, as 2/7's data. */
static size_t missing_capas(const struct bgp_open *open,
			    const struct bgp_open_policy *policy, uint8_t *buf,
			    size_t size)
{
	/* No multiprotocol capability: IPv4 unicast (RFC 4760 8). */
	uint8_t mp = open->mp ? open->mp : 1u << BGP_AID_IPV4;
	struct bgp_open want = {
		.mp = policy->mp_required & ~mp,
		.as4 = policy->as4_required && !open->as4,
		.route_refresh = policy->route_refresh_required &&
				 !open->route_refresh,
	};
	struct bgp_wbuf w = wbuf_init(buf, size);

	put_capas(&w, &want);
	return w.len;
}

int bgp_open_check(const struct bgp_open *open,
		   const struct bgp_open_policy *policy, struct bgp_err *err)
{
	size_t n;

	if (policy->peer_as && open->as != policy->peer_as)
		return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS,
				   NULL, 0, "OPEN: unexpected peer AS");
	if (policy->hold_required && !open->hold)
		return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_HOLD, NULL,
				   0, "OPEN: hold time 0 where keepalives are required");
	n = missing_capas(open, policy, err->local_data,
			  sizeof(err->local_data));
	if (n)
		return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_CAPA,
				   err->local_data, n,
				   "OPEN: required capability missing");
	return 0;
}

int bgp_keepalive_build(uint8_t *buf, size_t size)
{
	if (size < BGP_HDR_LEN)
		return -1;
	bgp_hdr_put(buf, BGP_HDR_LEN, BGP_KEEPALIVE);
	return BGP_HDR_LEN;
}

int bgp_notification_build(uint8_t code, uint8_t subcode, const uint8_t *data,
			   size_t data_len, uint8_t *buf, size_t size)
{
	struct bgp_wbuf w = wbuf_init(buf, size < BGP_MAX_LEN ? size :
				      BGP_MAX_LEN);

	put_reserve(&w, BGP_HDR_LEN);
	put_u8(&w, code);
	put_u8(&w, subcode);
	put_bytes(&w, data, data_len);
	if (w.overflow)
		return -1;
	bgp_hdr_put(buf, (uint16_t)w.len, BGP_NOTIFICATION);
	return (int)w.len;
}

int bgp_notification_parse(const uint8_t *msg, size_t len,
			   struct bgp_notification *n, struct bgp_err *err)
{
	struct bgp_cur cur;

	if (bgp_msg_body(msg, len, BGP_NOTIFICATION, &cur, err))
		return -1;
	/* The header check guarantees both octets. */
	get_u8(&cur, &n->code);
	get_u8(&cur, &n->subcode);
	n->data = cur.p;
	n->data_len = cur.left;
	return 0;
}

int bgp_route_refresh_build(enum bgp_aid aid, uint8_t *buf, size_t size)
{
	struct bgp_wbuf w = wbuf_init(buf, size);

	put_reserve(&w, BGP_HDR_LEN);
	put_u16(&w, bgp_aid2afi(aid));
	put_u8(&w, 0);
	put_u8(&w, BGP_SAFI_UNICAST);
	if (w.overflow)
		return -1;
	bgp_hdr_put(buf, (uint16_t)w.len, BGP_ROUTE_REFRESH);
	return (int)w.len;
}

int bgp_route_refresh_parse(const uint8_t *msg, size_t len,
			    enum bgp_aid *aid, struct bgp_err *err)
{
	struct bgp_cur cur;
	uint16_t afi = 0;
	uint8_t subtype = 0, safi = 0;

	if (bgp_msg_body(msg, len, BGP_ROUTE_REFRESH, &cur, err))
		return -1;
	get_u16(&cur, &afi);
	get_u8(&cur, &subtype);
	get_u8(&cur, &safi);
	/* BoRR, EoRR (RFC 7313 4) and the unknown ones ask for nothing. */
	if (subtype)
		return 1;
	return bgp_afi2aid(afi, safi, aid) ? 1 : 0;
}
