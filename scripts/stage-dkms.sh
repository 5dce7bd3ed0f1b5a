#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stage-dkms.sh DESTDIR [VERSION]: the module's source as DKMS takes it,
# DESTDIR/usr/src/dpubgp-VERSION/ (dkms.conf, Kbuild, kmod/, uapi/), its
# dkms.conf given VERSION (default: `git describe`, as userspace's).
# Prints the source directory. `dkms add -m dpubgp -v VERSION`, then
# build and install, go from there (scripts/dkms-test.sh).
set -eu

source "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] || die "usage: stage-dkms.sh DESTDIR [VERSION]"
cd "$top"
version=${2:-$(git describe --always --dirty 2>/dev/null || echo 0)}
src=$1/usr/src/dpubgp-$version
mkdir -p "$src"
cp -pr Kbuild kmod uapi "$src/"
sed "s/@VERSION@/$version/" dkms.conf > "$src/dkms.conf"
echo "$src"
