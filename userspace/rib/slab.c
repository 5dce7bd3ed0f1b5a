// SPDX-License-Identifier: GPL-2.0
/*
 * Chunked object arrays with a free list (slab.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rib/slab.h"

void rib_slab_init(struct rib_slab *s, size_t obj_size)
{
	*s = (struct rib_slab){ .obj_size = obj_size, .free = RIB_NONE };
}

void rib_slab_destroy(struct rib_slab *s)
{
	size_t i;

	for (i = 0; i < s->n_chunks; i++)
		free(s->chunks[i]);
	free(s->chunks);
	rib_slab_init(s, s->obj_size);
}

static int add_chunk(struct rib_slab *s)
{
	uint8_t **chunks, *chunk;

	if (s->n_chunks >= (RIB_NONE >> RIB_SLAB_SHIFT))
		return -1;
	chunks = realloc(s->chunks, (s->n_chunks + 1) * sizeof(*chunks));
	if (!chunks)
		return -1;
	s->chunks = chunks;
	chunk = malloc(RIB_SLAB_CHUNK * s->obj_size);
	if (!chunk)
		return -1;
	s->chunks[s->n_chunks++] = chunk;
	return 0;
}

uint32_t rib_slab_alloc(struct rib_slab *s)
{
	uint32_t idx = s->free;

	if (idx != RIB_NONE) {
		memcpy(&s->free, rib_slab_at(s, idx), sizeof(s->free));
	} else {
		if (s->used == s->n_chunks * RIB_SLAB_CHUNK && add_chunk(s))
			return RIB_NONE;
		idx = s->used++;
	}
	memset(rib_slab_at(s, idx), 0, s->obj_size);
	s->live++;
	return idx;
}

void rib_slab_free(struct rib_slab *s, uint32_t idx)
{
	memcpy(rib_slab_at(s, idx), &s->free, sizeof(s->free));
	s->free = idx;
	s->live--;
}

size_t rib_slab_bytes(const struct rib_slab *s)
{
	return s->n_chunks * (RIB_SLAB_CHUNK * s->obj_size + sizeof(void *));
}
