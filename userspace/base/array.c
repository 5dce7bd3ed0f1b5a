// SPDX-License-Identifier: GPL-2.0
/*
 * Growable arrays (array.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/array.h"

int dpubgp_array_push(void *array, size_t *count, size_t *room, size_t size,
		      const void *elem)
{
	char *v;
	size_t n;

	memcpy(&v, array, sizeof(v));
	if (*count == *room) {
		n = *room ? 2 * *room : 16;
		v = reallocarray(v, n, size);
		if (!v)
			return -ENOMEM;
		memcpy(array, &v, sizeof(v));
		*room = n;
	}
	memcpy(v + *count * size, elem, size);
	(*count)++;
	return 0;
}
