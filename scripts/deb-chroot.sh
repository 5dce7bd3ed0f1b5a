#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb-chroot.sh: print the directory of a minimal Debian 12 root with the
# dpubgp package's dependencies, for scripts/deb-install-test.sh; made
# once with debootstrap from the host's Debian mirror (a minute; as
# root), then reused. It lives outside the tree, in $DEB_CHROOT_CACHE
# (default /var/cache/dpubgp/chroot), under a name made of what it
# holds: a new list of packages makes a new root.
set -eu

source "$(dirname "$0")/lib.sh"

include=libmnl0,libjansson4,libyaml-0-2,libmicrohttpd12,libcurl4,iproute2,init-system-helpers
# dpubgp-dkms: DKMS, and what it builds the module with for the root's
# kernel headers
include+=,dkms,gcc,make,libc6-dev,linux-headers-amd64
cache=${DEB_CHROOT_CACHE:-/var/cache/dpubgp/chroot}
dir=$cache/bookworm-$(echo "$include" | md5sum | cut -c1-8)
if [ ! -e "$dir/.done" ]; then
	rm -rf "$dir"
	mkdir -p "$cache"
	debootstrap --variant=minbase --include="$include" bookworm "$dir" \
		"$(debian_mirror)" >&2 ||
		die "debootstrap into $dir failed"
	touch "$dir/.done"
fi
echo "$dir"
