/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Path attributes (RFC 4271 5, 4760, 6793, 1997, 4360, 8092): the decoder
 * of an UPDATE's path attribute block and the encoder of a set, with the
 * error handling of RFC 7606.
 */
#ifndef DPUBGP_CODEC_ATTR_H
#define DPUBGP_CODEC_ATTR_H

#include <stdbool.h>

#include "codec/aspath.h"
#include "codec/attrset.h"
#include "codec/cursor.h"

enum bgp_attr_type {
	BGP_ATTR_ORIGIN = 1,
	BGP_ATTR_AS_PATH = 2,
	BGP_ATTR_NEXT_HOP = 3,
	BGP_ATTR_MED = 4,
	BGP_ATTR_LOCAL_PREF = 5,
	BGP_ATTR_ATOMIC_AGGREGATE = 6,
	BGP_ATTR_AGGREGATOR = 7,
	BGP_ATTR_COMMUNITIES = 8,
	BGP_ATTR_MP_REACH_NLRI = 14,
	BGP_ATTR_MP_UNREACH_NLRI = 15,
	BGP_ATTR_EXT_COMMUNITIES = 16,
	BGP_ATTR_AS4_PATH = 17,
	BGP_ATTR_AS4_AGGREGATOR = 18,
	BGP_ATTR_LARGE_COMMUNITIES = 32,
};

#define BGP_ATTR_F_OPTIONAL	0x80
#define BGP_ATTR_F_TRANSITIVE	0x40
#define BGP_ATTR_F_PARTIAL	0x20
#define BGP_ATTR_F_EXTLEN	0x10

/* What a session negotiated that changes the wire form. */
struct bgp_session {
	bool as4;	/* both sides sent the four-octet AS capability */
	bool ebgp;
};

struct bgp_update;

/*
 * Decode the path attribute block into u->attrs and u's MP blocks,
 * recording in u the RFC 7606 action of every malformation.
 */
void bgp_attrs_decode(struct bgp_update *u, struct bgp_cur *block);

/*
 * After the NLRI are known: the RFC 6793 reconstruction, the canonical
 * unknown attributes, and the well-known mandatory attributes' check.
 */
void bgp_attrs_finish(struct bgp_update *u);

/*
 * Append the attributes of a for a session, ascending by type, MP ones and
 * (unless with_nexthop) NEXT_HOP left out. Overflow is left in w.
 */
void bgp_attrs_encode(struct bgp_wbuf *w, const struct bgp_attrs *a,
		      const struct bgp_session *s, bool with_nexthop);

/* Attribute header with a two-octet length, fixed up by attr_end(). */
uint8_t *bgp_attr_begin(struct bgp_wbuf *w, uint8_t flags, uint8_t type);
void bgp_attr_end(struct bgp_wbuf *w, uint8_t *start);

#endif /* DPUBGP_CODEC_ATTR_H */
