// SPDX-License-Identifier: GPL-2.0
/*
 * Growable arrays (array.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"

int dpubgp_array_append(void *array, size_t *count, size_t *room, size_t size,
			const void *elems, size_t n)
{
	size_t want = *room ? *room : 16;
	char *v;

	memcpy(&v, array, sizeof(v));
	while (want - *count < n)
		want *= 2;
	if (want != *room) {
		v = reallocarray(v, want, size);
		if (!v)
			return -ENOMEM;
		memcpy(array, &v, sizeof(v));
		*room = want;
	}
	if (n)
		memcpy(v + *count * size, elems, n * size);
	*count += n;
	return 0;
}
