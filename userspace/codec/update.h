/* SPDX-License-Identifier: GPL-2.0 */
/*
 * UPDATE messages: the decoder, with RFC 7606's revised error handling,
 * and builders that pack prefixes under the 4096-byte limit.
 *
 * A decoded UPDATE says what to do with it (u->action):
 *   BGP_ACT_NONE      apply it as it is
 *   BGP_ACT_DISCARD   apply it; attributes were dropped (u->reason)
 *   BGP_ACT_WITHDRAW  treat-as-withdraw: every prefix of nlri and
 *                     mp_reach is withdrawn, as are withdrawn and
 *                     mp_unreach (with attributes besides MP_UNREACH and
 *                     no reachable NLRI it is a reset: RFC 7606 5.2)
 *   BGP_ACT_RESET     send NOTIFICATION u->err and close the session
 */
#ifndef DPUBGP_CODEC_UPDATE_H
#define DPUBGP_CODEC_UPDATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/prefix.h"
#include "codec/attr.h"
#include "codec/attrset.h"
#include "codec/msg.h"

enum bgp_action {
	BGP_ACT_NONE,
	BGP_ACT_DISCARD,
	BGP_ACT_WITHDRAW,
	BGP_ACT_RESET,
};

/* A run of NLRI, checked: every prefix in it decodes. */
struct bgp_nlri {
	bool present;
	enum bgp_aid aid;
	const uint8_t *p;
	size_t len;
};

struct bgp_update {
	enum bgp_action action;
	const char *reason;		/* of the most severe action */
	unsigned int n_discarded;
	/*
	 * BGP_ACT_RESET: the NOTIFICATION; BGP_ACT_WITHDRAW: the one a reset
	 * would send (RFC 7606 5.2).
	 */
	struct bgp_err err;
	struct bgp_session session;

	struct bgp_attrs attrs;
	struct bgp_nlri withdrawn, nlri, mp_reach, mp_unreach;
	uint8_t mp_nexthop_len;		/* 16 or 32 for IPv6, 4 for IPv4 */
	uint8_t mp_nexthop[32];

	/* Decoding state. */
	uint8_t seen[256 / 8];
	bool attrs_other;		/* an attribute besides MP_UNREACH */
	const uint8_t *unknown[256];	/* unknown transitive, by type */
	const uint8_t *as4_path;	/* AS4_PATH value, four-octet form */
	uint16_t as4_path_len;
	bool has_as4_aggregator;
	uint32_t as4_aggregator_as, as4_aggregator_id;
	size_t arena_used;
	uint64_t arena[6 * BGP_MAX_LEN / sizeof(uint64_t)];
};

/*
 * Decode the UPDATE msg (header included, len bytes) received on session s.
 * u may point into msg afterwards. Returns u->action.
 */
enum bgp_action bgp_update_parse(struct bgp_update *u, const uint8_t *msg,
				 size_t len, const struct bgp_session *s);

/* Whether u is an End-of-RIB marker (RFC 4724 2), and for which family. */
bool bgp_update_is_eor(const struct bgp_update *u, enum bgp_aid *aid);

/* Next prefix of a checked run: 1, or 0 at its end. */
int bgp_nlri_next(struct bgp_nlri *n, struct dpubgp_prefix *prefix);

/*
 * Record an action for the attribute at attr (attr_len bytes, header
 * included; NULL for none): the most severe action wins. Returns action.
 */
enum bgp_action bgp_update_act(struct bgp_update *u, enum bgp_action action,
			       uint8_t subcode, const uint8_t *attr,
			       size_t attr_len, const char *reason);

/* Arena memory for the decoded attributes; never fails (sized for it). */
void *bgp_update_alloc(struct bgp_update *u, size_t size);

/* Decoders of MP_REACH_NLRI and MP_UNREACH_NLRI values. */
int bgp_mp_reach_decode(struct bgp_update *u, const uint8_t *attr,
			size_t attr_len, struct bgp_cur *val);
int bgp_mp_unreach_decode(struct bgp_update *u, const uint8_t *attr,
			  size_t attr_len, struct bgp_cur *val);

/* Each message built is handed to emit; its nonzero return stops. */
typedef int (*bgp_emit_fn)(void *arg, const uint8_t *msg, size_t len);

/*
 * Announce n prefixes of one family (AF_INET: NLRI field and NEXT_HOP;
 * AF_INET6: MP_REACH_NLRI) with attributes a, in as few UPDATEs as fit.
 * Returns 0, -1 if the attributes alone do not fit, or emit's return.
 */
int bgp_update_announce(const struct bgp_session *s,
			const struct bgp_attrs *a,
			const struct dpubgp_prefix *prefixes, size_t n,
			bgp_emit_fn emit, void *arg);
int bgp_update_withdraw(const struct dpubgp_prefix *prefixes, size_t n,
			bgp_emit_fn emit, void *arg);
/* End-of-RIB: an empty UPDATE, or one with an empty MP_UNREACH_NLRI. */
int bgp_update_eor(enum bgp_aid aid, bgp_emit_fn emit, void *arg);

struct bgp_route {
	struct dpubgp_prefix prefix;
	const struct bgp_attrs *attrs;	/* interned */
};

/*
 * Announce routes, grouped by attribute set and family: routes is sorted
 * in place so that each group is one bgp_update_announce().
 */
int bgp_update_announce_routes(const struct bgp_session *s,
			       struct bgp_route *routes, size_t n,
			       bgp_emit_fn emit, void *arg);

#endif /* DPUBGP_CODEC_UPDATE_H */
