#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-kmod.sh KDIR OUTDIR: build dpubgp.ko for the kernel in KDIR under
# OUTDIR/<kernel release>/, out of the source tree, so that modules for
# several kernels can sit side by side.
set -eu
source "$(dirname "$0")/lib.sh"
kdir=$1
mkdir -p "$2"
out=$(cd "$2" && pwd)
krel=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$kdir/include/generated/utsrelease.h")
dst=$out/$krel
mkdir -p "$dst"
# kbuild builds where the sources are: mirror them (cheap, keeps mtimes).
cp -pr "$top/Kbuild" "$top/kmod" "$top/uapi" "$dst/"
make -s -C "$kdir" M="$dst" modules
echo "$dst/dpubgp.ko"
