/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_BENCH_H
#define _DPUBGP_BENCH_H

#ifdef DPUBGP_TEST
void dpubgp_bench_init(void);
void dpubgp_bench_exit(void);
#else
static inline void dpubgp_bench_init(void)
{
}

static inline void dpubgp_bench_exit(void)
{
}
#endif

#endif /* _DPUBGP_BENCH_H */
