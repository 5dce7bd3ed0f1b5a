/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpctl kernel ...: the kernel module's state, through its family.
 */
#ifndef DPUBGP_CTL_KERNEL_H
#define DPUBGP_CTL_KERNEL_H

#include "ctl/cmd.h"

extern const struct ctl_cmd ctl_kernel_cmds[];

#endif /* DPUBGP_CTL_KERNEL_H */
