/* SPDX-License-Identifier: GPL-2.0 */
/*
 * AS_PATH in its canonical form, the one every decoded and interned set
 * holds (attrset.h): segments of a type, a count and count four-octet
 * ASNs in network order, whatever the session's AS size was. The decoder
 * validated it, so the iterator only minds its bounds; every walk of an
 * AS_PATH (decision, loop check, AS4 reconstruction, encoding, printing)
 * goes through it.
 */
#ifndef DPUBGP_CODEC_ASPATH_H
#define DPUBGP_CODEC_ASPATH_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "codec/attrset.h"
#include "codec/cursor.h"

enum bgp_aspath_seg_type {
	BGP_AS_SET = 1,
	BGP_AS_SEQUENCE = 2,
	BGP_AS_CONFED_SEQUENCE = 3,
	BGP_AS_CONFED_SET = 4,
};

struct bgp_aspath_seg {
	uint8_t type;			/* enum bgp_aspath_seg_type */
	uint8_t count;
	const uint8_t *as;		/* count ASNs, four octets each */
};

struct bgp_aspath_iter {
	struct bgp_cur c;
};

static inline struct bgp_aspath_iter bgp_aspath_iter(const uint8_t *aspath,
						     size_t len)
{
	return (struct bgp_aspath_iter){ .c = cur_init(aspath, len) };
}

/* The next segment into s: true, or false at the end (or a short one). */
bool bgp_aspath_next(struct bgp_aspath_iter *it, struct bgp_aspath_seg *s);

/* The segment's i-th AS, host order. */
static inline uint32_t bgp_aspath_seg_as(const struct bgp_aspath_seg *s,
					 unsigned int i)
{
	uint32_t as;

	memcpy(&as, s->as + 4 * i, 4);
	return ntohl(as);
}

/*
 * The length the decision process and RFC 6793's reconstruction count:
 * a sequence its ASes, a set one, confederation segments none.
 */
unsigned int bgp_aspath_count(const uint8_t *aspath, size_t len);

static inline unsigned int bgp_aspath_len(const struct bgp_attrs *a)
{
	return bgp_aspath_count(a->aspath, a->aspath_len);
}

/* The first AS of a's path (the neighbour's), 0 if it starts otherwise. */
uint32_t bgp_aspath_first(const struct bgp_attrs *a);
bool bgp_aspath_has(const struct bgp_attrs *a, uint32_t as);
/* Write as followed by a's AS_PATH into buf (aspath_len + 6 bytes). */
uint16_t bgp_aspath_prepend(const struct bgp_attrs *a, uint32_t as,
			    uint8_t *buf);

#endif /* DPUBGP_CODEC_ASPATH_H */
