#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# arm64-root.sh [--print]: print the directory of a minimal Debian 12
# arm64 root for the arm64 test VM (selftests/vm/run.sh --arch arm64):
# what the kernel selftests run (bash, iproute2, ping, socat, jq, kmod)
# and the libraries the test programs link, ASan's and UBSan's included.
# Made once, as root: debootstrap's first stage on the host (it downloads
# and unpacks), its second stage (dpkg configures) in the arm64 VM, on
# this root read-write, since the host runs no arm64 program. It lives
# outside the tree, in $ARM64_ROOT_CACHE (default
# /var/cache/dpubgp/arm64-root), under a name made of what it holds; the
# second stage's VM results are in second-stage/ beside it.
# --print: print it without making it; exit status 1 when it is not made.
set -eu
shopt -s inherit_errexit

source "$(dirname "$0")/lib.sh"

include=bash,iproute2,iputils-ping,socat,jq,kmod,procps,busybox-static
include+=,libmnl0,libjansson4,libyaml-0-2,libmicrohttpd12,libcurl4
include+=,libasan8,libubsan1
cache=${ARM64_ROOT_CACHE:-/var/cache/dpubgp/arm64-root}
dir=$cache/bookworm-$(echo "$include" | md5sum | cut -c1-8)

made_once "$cache" "$dir" "$@"

tmp=$dir.tmp
rm -rf "$dir" "$tmp"
debootstrap --foreign --arch=arm64 --variant=minbase \
	--include="$include" bookworm "$tmp" "$(debian_mirror)" >&2 ||
	die "debootstrap's first stage into $tmp failed"
# The first stage's /proc is a link to the host's: the guest mounts
# its own there.
rm "$tmp/proc"
mkdir "$tmp/proc"
# dpkg's fsync of every file over 9p would take the second stage
# from minutes to most of an hour.
echo force-unsafe-io > "$tmp/etc/dpkg/dpkg.cfg.d/arm64-root"
"$top/scripts/arm64-kernel.sh" > /dev/null
echo "arm64-root: debootstrap's second stage in the arm64 VM" \
     "(minutes under TCG)" >&2
# The guest's /dev is its devtmpfs; qemu's 9p opens no device node
# of the root, which debootstrap's check of its target does
# (container=lxc skips that check). It unmounts the guest's /proc when
# it ends: guest-init.sh wants it back.
"$top/selftests/vm/run.sh" --arch arm64 --root "$tmp" --root-rw \
	--no-ko --no-stream --out "$cache/second-stage" \
	--cmd 'container=lxc /debootstrap/debootstrap --second-stage &&
	       mount -t proc proc /proc' >&2 ||
	die "debootstrap's second stage failed: see $cache/second-stage/"
rm "$tmp/etc/dpkg/dpkg.cfg.d/arm64-root"
mv "$tmp" "$dir"
touch "$dir/done"
echo "$dir"
