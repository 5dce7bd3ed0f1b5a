// SPDX-License-Identifier: GPL-2.0
/*
 * The AS_PATH iterator and the questions asked of a path (aspath.h).
 */
#include "codec/aspath.h"

bool bgp_aspath_next(struct bgp_aspath_iter *it, struct bgp_aspath_seg *s)
{
	struct bgp_cur c = it->c;

	if (get_u8(&c, &s->type) || get_u8(&c, &s->count))
		return false;
	s->as = c.p;
	if (skip(&c, s->count * 4u))
		return false;
	it->c = c;
	return true;
}

unsigned int bgp_aspath_count(const uint8_t *aspath, size_t len)
{
	struct bgp_aspath_iter it = bgp_aspath_iter(aspath, len);
	struct bgp_aspath_seg s;
	unsigned int n = 0;

	while (bgp_aspath_next(&it, &s)) {
		if (s.type == BGP_AS_SEQUENCE)
			n += s.count;
		else if (s.type == BGP_AS_SET)
			n++;
	}
	return n;
}

uint32_t bgp_aspath_first(const struct bgp_attrs *a)
{
	struct bgp_aspath_iter it = bgp_aspath_iter(a->aspath, a->aspath_len);
	struct bgp_aspath_seg s;

	if (bgp_aspath_next(&it, &s) && s.type == BGP_AS_SEQUENCE && s.count)
		return bgp_aspath_seg_as(&s, 0);
	return 0;
}

bool bgp_aspath_has(const struct bgp_attrs *a, uint32_t as)
{
	struct bgp_aspath_iter it = bgp_aspath_iter(a->aspath, a->aspath_len);
	struct bgp_aspath_seg s;
	unsigned int i;

	while (bgp_aspath_next(&it, &s))
		for (i = 0; i < s.count; i++)
			if (bgp_aspath_seg_as(&s, i) == as)
				return true;
	return false;
}

uint16_t bgp_aspath_prepend(const struct bgp_attrs *a, uint32_t as,
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
