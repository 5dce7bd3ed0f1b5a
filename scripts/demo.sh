#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make demo: install what is missing, build the module for Debian's newest
# 6.12 kernel, dpubgpd and dpubgpctl, boot that kernel under qemu and run
# demo-guest.sh in it: a tenant's VIPs from FRR through dpubgpd into the
# VRF and the module, and pings that follow the rules.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$top/scripts/deps.sh"
"$top/scripts/kselftest-fetch.sh"
kdir=$(newest "/usr/src/linux-headers-6.12.*+deb12-amd64")
"$top/scripts/build-kmod.sh" "$kdir" "$O/kmod" >/dev/null
make -s -C "$top/userspace" BUILD="$O/userspace"
exec "$top/selftests/vm/run.sh" --kernel "${kdir##*/linux-headers-}" \
	--out "$O/results/demo" --stream \
	--cmd "DPUBGPD=$O/userspace/dpubgpd DPUBGPCTL=$O/userspace/dpubgpctl $top/scripts/demo-guest.sh"
