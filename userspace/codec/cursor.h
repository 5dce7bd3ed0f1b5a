/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bounded cursors over wire bytes. A reader never moves past its end: a get
 * that does not fit returns -1 and leaves the cursor alone, so a decoder
 * reads "if (get_u16(&cur, &len)) goto bad_len;". A writer that runs out of
 * room remembers it (overflow) and ignores further puts: an encoder checks
 * once at the end.
 */
#ifndef DPUBGP_CODEC_CURSOR_H
#define DPUBGP_CODEC_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct bgp_cur {
	const uint8_t *p;
	size_t left;
};

static inline struct bgp_cur cur_init(const uint8_t *p, size_t len)
{
	return (struct bgp_cur){ .p = p, .left = len };
}

static inline int skip(struct bgp_cur *c, size_t n)
{
	if (c->left < n)
		return -1;
	c->p += n;
	c->left -= n;
	return 0;
}

/* A sub-cursor over the next n bytes, which this one then skips. */
static inline int get_sub(struct bgp_cur *c, size_t n, struct bgp_cur *sub)
{
	if (c->left < n)
		return -1;
	*sub = cur_init(c->p, n);
	return skip(c, n);
}

static inline int get_bytes(struct bgp_cur *c, void *dst, size_t n)
{
	if (c->left < n)
		return -1;
	memcpy(dst, c->p, n);
	return skip(c, n);
}

static inline int get_u8(struct bgp_cur *c, uint8_t *v)
{
	return get_bytes(c, v, 1);
}

static inline int get_u16(struct bgp_cur *c, uint16_t *v)
{
	if (c->left < 2)
		return -1;
	*v = (uint16_t)(c->p[0] << 8 | c->p[1]);
	return skip(c, 2);
}

static inline int get_u32(struct bgp_cur *c, uint32_t *v)
{
	if (c->left < 4)
		return -1;
	*v = (uint32_t)c->p[0] << 24 | (uint32_t)c->p[1] << 16 |
	     (uint32_t)c->p[2] << 8 | c->p[3];
	return skip(c, 4);
}

struct bgp_wbuf {
	uint8_t *buf;
	size_t len;
	size_t cap;
	bool overflow;
};

static inline struct bgp_wbuf wbuf_init(uint8_t *buf, size_t cap)
{
	return (struct bgp_wbuf){ .buf = buf, .cap = cap };
}

/* Room for n more bytes; on overflow, NULL and the writer is spent. */
static inline uint8_t *put_reserve(struct bgp_wbuf *w, size_t n)
{
	uint8_t *p;

	if (w->overflow || w->cap - w->len < n) {
		w->overflow = true;
		return NULL;
	}
	p = w->buf + w->len;
	w->len += n;
	return p;
}

static inline void put_bytes(struct bgp_wbuf *w, const void *src, size_t n)
{
	uint8_t *p = put_reserve(w, n);

	if (p && n)
		memcpy(p, src, n);
}

static inline void put_u8(struct bgp_wbuf *w, uint8_t v)
{
	put_bytes(w, &v, 1);
}

static inline void put_u16_at(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void put_u16(struct bgp_wbuf *w, uint16_t v)
{
	uint8_t *p = put_reserve(w, 2);

	if (p)
		put_u16_at(p, v);
}

static inline void put_u32(struct bgp_wbuf *w, uint32_t v)
{
	uint8_t *p = put_reserve(w, 4);

	if (p) {
		put_u16_at(p, v >> 16);
		put_u16_at(p + 2, v & 0xffff);
	}
}

#endif /* DPUBGP_CODEC_CURSOR_H */
