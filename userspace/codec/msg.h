/* SPDX-License-Identifier: GPL-2.0 */
/*
 * BGP-4 messages (RFC 4271): the header, OPEN with capabilities (RFC 5492:
 * multiprotocol RFC 4760, route refresh RFC 2918, graceful restart RFC
 * 4724, four-octet AS RFC 6793), KEEPALIVE, NOTIFICATION, ROUTE-REFRESH.
 * UPDATE is in update.h.
 *
 * Decoders take one whole message, header included, and either fill their
 * result or describe the NOTIFICATION to send in a struct bgp_err. Nothing
 * is allocated: results may point into the message they were decoded from.
 */
#ifndef DPUBGP_CODEC_MSG_H
#define DPUBGP_CODEC_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define BGP_MARKER_LEN	16
#define BGP_HDR_LEN	19
#define BGP_MAX_LEN	4096
#define BGP_VERSION	4
#define BGP_AS_TRANS	23456

enum bgp_type {
	BGP_OPEN = 1,
	BGP_UPDATE = 2,
	BGP_NOTIFICATION = 3,
	BGP_KEEPALIVE = 4,
	BGP_ROUTE_REFRESH = 5,
};

/* NOTIFICATION error codes and the subcodes used here (RFC 4271 4.5). */
enum bgp_err_code {
	BGP_ERR_HEADER = 1,
	BGP_ERR_OPEN = 2,
	BGP_ERR_UPDATE = 3,
	BGP_ERR_HOLD = 4,
	BGP_ERR_FSM = 5,
	BGP_ERR_CEASE = 6,
};

enum {
	BGP_ERR_HDR_SYNC = 1,
	BGP_ERR_HDR_LEN = 2,
	BGP_ERR_HDR_TYPE = 3,
};

enum {
	BGP_ERR_OPEN_UNSPEC = 0,
	BGP_ERR_OPEN_VERSION = 1,
	BGP_ERR_OPEN_PEER_AS = 2,
	BGP_ERR_OPEN_BGPID = 3,
	BGP_ERR_OPEN_OPT = 4,
	BGP_ERR_OPEN_HOLD = 6,
	BGP_ERR_OPEN_CAPA = 7,
};

enum {
	BGP_ERR_UPD_ATTRLIST = 1,
	BGP_ERR_UPD_UNKNWN_WK = 2,
	BGP_ERR_UPD_MISSNG_WK = 3,
	BGP_ERR_UPD_ATTRFLAGS = 4,
	BGP_ERR_UPD_ATTRLEN = 5,
	BGP_ERR_UPD_ORIGIN = 6,
	BGP_ERR_UPD_NEXTHOP = 8,
	BGP_ERR_UPD_OPTATTR = 9,
	BGP_ERR_UPD_NETWORK = 10,
	BGP_ERR_UPD_ASPATH = 11,
};

/* Room for the data of any NOTIFICATION this code sends of its own. */
#define BGP_ERR_DATA_MAX 64

/*
 * A NOTIFICATION to send, and why. data points into the offending message
 * (an attribute, say) or at local_data; reason is a constant for the log.
 */
struct bgp_err {
	uint8_t code;
	uint8_t subcode;
	const uint8_t *data;
	size_t data_len;
	const char *reason;
	uint8_t local_data[BGP_ERR_DATA_MAX];
};

/* Address families this code knows, as OpenBGPD's "aid". */
enum bgp_aid {
	BGP_AID_IPV4 = 0,	/* AFI 1, SAFI 1 */
	BGP_AID_IPV6 = 1,	/* AFI 2, SAFI 1 */
	BGP_AID_MAX,
};

#define BGP_AFI_IPV4	1
#define BGP_AFI_IPV6	2
#define BGP_SAFI_UNICAST 1

/* AFI/SAFI to aid: 0, or -1 for a pair this code does not know. */
int bgp_afi2aid(uint16_t afi, uint8_t safi, enum bgp_aid *aid);
uint16_t bgp_aid2afi(enum bgp_aid aid);

struct bgp_hdr {
	uint16_t len;
	uint8_t type;
};

/*
 * Check the header at buf (at least BGP_HDR_LEN bytes): marker (1/1),
 * length within the bounds of its type (1/2), type (1/3). The message is
 * hdr->len bytes long; the caller reads that many before decoding it.
 */
int bgp_hdr_parse(const uint8_t *buf, size_t len, struct bgp_hdr *hdr,
		  struct bgp_err *err);

/*
 * Check the header of the whole message msg (len bytes), which must be of
 * type, and set cur over its body.
 */
struct bgp_cur;
int bgp_msg_body(const uint8_t *msg, size_t len, uint8_t type,
		 struct bgp_cur *cur, struct bgp_err *err);

/* Capabilities (RFC 5492) this code understands. */
enum {
	BGP_CAPA_MP = 1,
	BGP_CAPA_ROUTE_REFRESH = 2,
	BGP_CAPA_GRACEFUL_RESTART = 64,
	BGP_CAPA_AS4 = 65,
};

/* The restart time is 12 bits (RFC 4724 3). */
#define BGP_GR_TIME_MAX	4095

/*
 * The Graceful Restart capability (RFC 4724 3). A speaker that lists no
 * family only helps its peers restart (the receiving side); one that
 * lists a family keeps that family's routes of its peers across its own
 * restarts, and its forwarding state when the family's F bit is set.
 * Families this code does not know are skipped.
 */
struct bgp_gr {
	bool present;
	bool restarted;		/* R: the sender has just restarted */
	uint16_t time;		/* restart time, s, <= BGP_GR_TIME_MAX */
	uint8_t families;	/* bit per enum bgp_aid listed */
	uint8_t forwarding;	/* those of families with F */
};

#define BGP_OPEN_UNKNOWN_MAX 16

struct bgp_capa_raw {
	uint8_t code;
	uint8_t len;
	const uint8_t *value;
};

struct bgp_open {
	uint8_t version;
	uint16_t my_as;		/* the 2-octet field: AS_TRANS for a big AS */
	uint16_t hold;
	uint32_t bgp_id;	/* host order */
	uint32_t as;		/* the AS4 capability's, else my_as */
	bool as4;
	bool route_refresh;
	uint8_t mp;		/* bit per enum bgp_aid */
	struct bgp_gr gr;
	/* Capabilities not understood, in the order received; the rest dropped. */
	uint8_t n_unknown;
	struct bgp_capa_raw unknown[BGP_OPEN_UNKNOWN_MAX];
};

/*
 * Decode an OPEN and check what needs no configuration: version (2/1),
 * hold time 1 or 2 (2/6), BGP identifier 0 (2/3), AS 0 (2/2), optional
 * parameters other than capabilities (2/4), capability lengths (2/0).
 */
int bgp_open_parse(const uint8_t *msg, size_t len, struct bgp_open *open,
		   struct bgp_err *err);

/* What the local side requires of a peer's OPEN. */
struct bgp_open_policy {
	uint32_t peer_as;	/* 0: any */
	uint8_t mp_required;	/* bit per enum bgp_aid; no MP: IPv4 */
	bool as4_required;
	bool route_refresh_required;
	bool hold_required;	/* hold time 0 refused */
};

/*
 * The checks that need configuration: the peer's AS (2/2), a hold time
 * of 0 where keepalives are required (2/6), required capabilities (2/7,
 * the missing ones as data).
 */
int bgp_open_check(const struct bgp_open *open,
		   const struct bgp_open_policy *policy, struct bgp_err *err);

/*
 * Encoders write one whole message into buf and return its length, or -1
 * when it does not fit.
 */
int bgp_open_build(const struct bgp_open *open, uint8_t *buf, size_t size);
int bgp_keepalive_build(uint8_t *buf, size_t size);
int bgp_notification_build(uint8_t code, uint8_t subcode, const uint8_t *data,
			   size_t data_len, uint8_t *buf, size_t size);
int bgp_route_refresh_build(enum bgp_aid aid, uint8_t *buf, size_t size);

struct bgp_notification {
	uint8_t code;
	uint8_t subcode;
	const uint8_t *data;
	size_t data_len;
};

int bgp_notification_parse(const uint8_t *msg, size_t len,
			   struct bgp_notification *n, struct bgp_err *err);

/*
 * A ROUTE-REFRESH for an AFI/SAFI this code does not know is to be ignored
 * (RFC 2918 4), and so is one whose subtype (RFC 7313 5: the reserved
 * octet of RFC 2918) is not 0, a request: 1, else 0 with *aid set.
 */
int bgp_route_refresh_parse(const uint8_t *msg, size_t len,
			    enum bgp_aid *aid, struct bgp_err *err);

/* Helpers shared by the decoders. */
int bgp_err_set(struct bgp_err *err, uint8_t code, uint8_t subcode,
		const uint8_t *data, size_t data_len, const char *reason);
void bgp_hdr_put(uint8_t *buf, uint16_t len, uint8_t type);

#endif /* DPUBGP_CODEC_MSG_H */
