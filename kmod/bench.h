/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_BENCH_H
#define _DPUBGP_BENCH_H

void dpubgp_bench_init(void);
void dpubgp_bench_exit(void);

#endif /* _DPUBGP_BENCH_H */
