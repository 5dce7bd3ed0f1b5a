/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Random prefixes for the benchmarks, reproducible from a seed: N distinct
 * prefixes with lengths drawn as in a real routing table (mostly /24 for
 * IPv4, /48 for IPv6), IPv4 in 1-223/8 less 127/8, IPv6 in 2000::/8. The
 * kernel bench (kbench gen) and the ingest injector draw the same lists.
 */
#ifndef DPUBGP_BENCH_PREFIXGEN_H
#define DPUBGP_BENCH_PREFIXGEN_H

#include <stddef.h>
#include <stdint.h>

#include "base/prefix.h"

/* n distinct prefixes of family (4 or 6) into out: 0, or -1 (no memory). */
int prefixgen(int family, size_t n, uint64_t seed, struct dpubgp_prefix *out);

#endif /* DPUBGP_BENCH_PREFIXGEN_H */
