// SPDX-License-Identifier: GPL-2.0
/*
 * Random prefixes for the benchmarks: see prefixgen.h.
 */
#include <stdlib.h>
#include <string.h>

#include "prefixgen.h"

static uint64_t rnd(uint64_t *state)
{
	/* splitmix64: reproducible from the seed, good enough here */
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Prefix lengths as in a routing table: mostly /24 (IPv4), /48 (IPv6). */
static unsigned int draw_len(int family, uint64_t *state)
{
	static const uint8_t len4[] = { 16, 20, 22, 23, 24, 24, 24, 24, 24,
					24, 24, 24, 26, 28, 32, 32 };
	static const uint8_t len6[] = { 32, 36, 40, 44, 48, 48, 48, 48, 48,
					48, 48, 48, 56, 64, 64, 128 };

	return family == 4 ? len4[rnd(state) % 16] : len6[rnd(state) % 16];
}

static uint64_t hash(const struct dpubgp_prefix *p)
{
	uint64_t h = p->len * 0x100000001b3ULL;
	unsigned int i;

	for (i = 0; i < 16; i++)
		h = (h ^ p->addr[i]) * 0x100000001b3ULL;
	return h ? h : 1;
}

int prefixgen(int family, size_t n, uint64_t seed, struct dpubgp_prefix *out)
{
	size_t size = 1, i, got = 0;
	uint64_t *set, h, state = seed;
	struct dpubgp_prefix p;

	while (size < 2 * n)
		size <<= 1;
	set = calloc(size, sizeof(*set));
	if (!set)
		return -1;
	while (got < n) {
		memset(&p, 0, sizeof(p));
		p.family = family == 4 ? AF_INET : AF_INET6;
		p.len = (uint8_t)draw_len(family, &state);
		for (i = 0; i < 16; i += 8) {
			uint64_t r = rnd(&state);

			memcpy(p.addr + i, &r, 8);
		}
		if (family == 4) {
			/* unicast, and none of 0/8, 127/8 */
			p.addr[0] = (uint8_t)(1 + p.addr[0] % 223);
			if (p.addr[0] == 127)
				continue;
			memset(p.addr + 4, 0, 12);
		} else {
			p.addr[0] = 0x20;	/* 2000::/8, global */
		}
		dpubgp_prefix_mask(&p);
		h = hash(&p);
		for (i = h & (size - 1); set[i] && set[i] != h;
		     i = (i + 1) & (size - 1))
			;
		if (set[i])
			continue;	/* a duplicate, or a hash collision */
		set[i] = h;
		out[got++] = p;
	}
	free(set);
	return 0;
}
