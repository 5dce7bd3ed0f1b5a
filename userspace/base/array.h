/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Growable arrays: a pointer, a count and the room allocated.
 */
#ifndef DPUBGP_BASE_ARRAY_H
#define DPUBGP_BASE_ARRAY_H

#include <stddef.h>

/*
 * Append the n elements of size bytes at elems to the array at
 * *(void **)array, which holds *count elements in room for *room
 * (doubled until they fit, from 16): 0, or -ENOMEM with the array as it
 * was.
 */
int dpubgp_array_append(void *array, size_t *count, size_t *room, size_t size,
			const void *elems, size_t n);

/* Append the one element at elem. */
static inline int dpubgp_array_push(void *array, size_t *count, size_t *room,
				    size_t size, const void *elem)
{
	return dpubgp_array_append(array, count, room, size, elem, 1);
}

#endif /* DPUBGP_BASE_ARRAY_H */
