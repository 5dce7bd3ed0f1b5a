#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# build-kmod.sh [--test] KDIR OUTDIR: build dpubgp.ko for the kernel in KDIR
# under OUTDIR/<kernel release>/, out of the source tree, so that modules for
# several kernels can sit side by side. --test builds the module's test
# variant (Kbuild's DPUBGP_TEST: the LPM self-test and the lookup benchmark),
# which wants an OUTDIR of its own.
set -eu
source "$(dirname "$0")/lib.sh"
test=n
if [ "$1" = --test ]; then
	test=y
	shift
fi
kdir=$1
mkdir -p "$2"
out=$(cd "$2" && pwd)
krel=$(sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$kdir/include/generated/utsrelease.h")
dst=$out/$krel
mkdir -p "$dst"
# kbuild builds where the sources are: mirror them (cheap, keeps mtimes).
cp -pr "$top/Kbuild" "$top/kmod" "$top/uapi" "$dst/"
make -s -C "$kdir" M="$dst" DPUBGP_TEST=$test modules
echo "$dst/dpubgp.ko"
