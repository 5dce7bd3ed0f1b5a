/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-size objects in chunks, named by a 32-bit index. A route costs
 * no malloc of its own: objects live in arrays of RIB_SLAB_CHUNK, freed
 * ones are chained through their first four bytes, and indices (half a
 * pointer) are what tables store. Chunks never move, so a pointer from
 * rib_slab_at() stays valid until the object is freed.
 */
#ifndef DPUBGP_RIB_SLAB_H
#define DPUBGP_RIB_SLAB_H

#include <stddef.h>
#include <stdint.h>

#define RIB_NONE		UINT32_MAX
#define RIB_SLAB_SHIFT		12
#define RIB_SLAB_CHUNK		(1u << RIB_SLAB_SHIFT)

struct rib_slab {
	uint8_t **chunks;
	size_t n_chunks;
	size_t obj_size;	/* >= 4 */
	uint32_t free;		/* first free index, RIB_NONE */
	uint32_t used;		/* high-water mark: indices below were handed out */
	size_t live;
};

void rib_slab_init(struct rib_slab *s, size_t obj_size);
void rib_slab_destroy(struct rib_slab *s);
/* A zeroed object's index, or RIB_NONE when out of memory. */
uint32_t rib_slab_alloc(struct rib_slab *s);
void rib_slab_free(struct rib_slab *s, uint32_t idx);
/* Bytes the slab holds. */
size_t rib_slab_bytes(const struct rib_slab *s);

static inline void *rib_slab_at(const struct rib_slab *s, uint32_t idx)
{
	return s->chunks[idx >> RIB_SLAB_SHIFT] +
	       (size_t)(idx & (RIB_SLAB_CHUNK - 1)) * s->obj_size;
}

#endif /* DPUBGP_RIB_SLAB_H */
