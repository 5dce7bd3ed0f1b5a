#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# arm64-kernel.sh [--print]: Debian's arm64 kernel of the DPU, for the
# module's cross build and the arm64 test VM: the linux-headers and
# linux-image packages (arm64) of the release of the newest 6.12 amd64
# headers installed, downloaded with apt-get and extracted, not installed.
# The headers' kbuild programs (fixdep, modpost) are the host's own
# linux-kbuild of that release, which the amd64 headers brought; their
# .kernelvariables set ARCH=arm64 and CROSS_COMPILE=aarch64-linux-gnu-.
#
# Cached outside the tree, in $ARM64_KERNEL_CACHE (default
# /var/cache/dpubgp/arm64-kernel) under RELEASE-VERSION, the packages'
# release and version. In it:
#   build/                 the headers (KDIR for the module)
#   Image                  the kernel image
#   modules/lib/modules/RELEASE   its modules, with modules.dep
#   busybox                busybox-static for the VM's initramfs
#   release                the kernel release (uname -r)
# Prints that directory on stdout; --print prints it without making it,
# exit status 1 when it is not made.
set -eu
shopt -s inherit_errexit

source "$(dirname "$0")/lib.sh"
cache=${ARM64_KERNEL_CACHE:-/var/cache/dpubgp/arm64-kernel}

amd64=$(newest '/usr/src/linux-headers-6.12.*+deb12-amd64')
[ -n "$amd64" ] || die "no 6.12 amd64 headers: run scripts/deps.sh"
abi=${amd64#/usr/src/linux-headers-}
abi=${abi%-amd64}
version=$(dpkg-query -W -f='${Version}' "linux-headers-$abi-common") ||
	die "linux-headers-$abi-common is not installed"
release=$abi-arm64
dir=$cache/$release-$version

made_once "$cache" "$dir" "$@"

echo "arm64-kernel: fetching linux-headers-$release and linux-image-$release" \
     "$version into $dir" >&2
rm -rf "$dir"
mkdir -p "$dir/debs" "$dir/x"
(cd "$dir/debs" && apt-get download -q \
	"linux-headers-$release:arm64=$version" \
	"linux-image-$release:arm64=$version" busybox-static:arm64) >&2 ||
	die "apt-get download failed (is arm64 added? run scripts/deps.sh)"
for deb in "$dir"/debs/*.deb; do
	dpkg-deb -x "$deb" "$dir/x"
done

# The headers' scripts -> ../../lib/linux-kbuild-ABI/scripts: the host's.
mkdir -p "$dir/x/usr/lib"
ln -s "/usr/lib/linux-kbuild-$abi" "$dir/x/usr/lib/linux-kbuild-$abi"
ln -s "x/usr/src/linux-headers-$release" "$dir/build"
mv "$dir/x/boot/vmlinuz-$release" "$dir/Image"
mkdir -p "$dir/modules/lib"
mv "$dir/x/lib/modules" "$dir/modules/lib/"
depmod -b "$dir/modules" "$release"
mv "$dir/x/bin/busybox" "$dir/busybox"
rm -rf "$dir/debs" "$dir/x/boot" "$dir/x/usr/share"
echo "$release" > "$dir/release"
touch "$dir/done"
echo "$dir"
