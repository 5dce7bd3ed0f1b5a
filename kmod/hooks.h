/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _DPUBGP_HOOKS_H
#define _DPUBGP_HOOKS_H

int dpubgp_hooks_init(void);
void dpubgp_hooks_exit(void);

#endif /* _DPUBGP_HOOKS_H */
