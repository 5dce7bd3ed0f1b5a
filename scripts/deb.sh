#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb.sh OUTDIR: the two Debian packages, with dpkg-deb from staged trees
# (no debian/ source package: what they hold is scripts/stage.sh's and
# scripts/stage-dkms.sh's):
#   dpubgp        dpubgpd, dpubgpctl, the systemd unit, the modules-load.d
#                 entry, the rt_protos.d name, the man pages
#   dpubgp-dkms   the module's source and dkms.conf; its postinst has
#                 DKMS build and install it for the installed kernels
# Their version is 0~N.gHASH (N commits, HEAD's hash), the release
# build's binaries ($O/userspace: make userspace); the maintainer
# $DEB_MAINTAINER, else git's user. Prints the .deb paths.
set -eu

source "$(dirname "$0")/lib.sh"

[ $# = 1 ] || die "usage: deb.sh OUTDIR"
mkdir -p "$1"
out=$(cd "$1" && pwd)
cd "$top"
version=0~$(git rev-list --count HEAD).g$(git rev-parse --short HEAD)
arch=$(dpkg --print-architecture)
maintainer=${DEB_MAINTAINER:-}
if [ -z "$maintainer" ]; then
	name=$(git config user.name) && email=$(git config user.email) ||
		die "no maintainer for the packages: set DEB_MAINTAINER='NAME <MAIL>', or git's user.name and user.email"
	maintainer="$name <$email>"
fi
tmp=$(mktemp -d /tmp/dpubgp-deb.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# docs ROOT PACKAGE: the copyright and changelog Debian wants of each.
docs()
{
	local doc=$1/usr/share/doc/$2

	install -D -m 0644 dist/deb/copyright "$doc/copyright"
	printf '%s (%s) unstable; urgency=medium\n\n  * Built from %s.\n\n -- %s  %s\n' \
		"$2" "$version" "$(git rev-parse HEAD)" \
		"$maintainer" \
		"$(git log -1 --format=%aD)" | gzip -9n > "$doc/changelog.gz"
	chmod 0644 "$doc/changelog.gz"
}

# control ROOT PACKAGE ARCH DEPENDS DESCRIPTION...: DEBIAN/control.
control()
{
	local root=$1 pkg=$2 a=$3 deps=$4

	shift 4
	mkdir -p "$root/DEBIAN"
	{
		echo "Package: $pkg"
		echo "Version: $version"
		echo "Architecture: $a"
		echo "Maintainer: $maintainer"
		echo "Installed-Size: $(du -sk --exclude=DEBIAN "$root" | cut -f1)"
		echo "Depends: $deps"
		echo "Section: net"
		echo "Priority: optional"
		printf 'Description: %s\n' "$1"
		shift
		printf ' %s\n' "$@"
	} > "$root/DEBIAN/control"
}

# The shared libraries' packages, as dpkg-shlibdeps finds them.
shlibdeps()
{
	mkdir -p "$tmp/shlib/debian"
	printf 'Source: dpubgp\n\nPackage: dpubgp\nArchitecture: any\n' \
		> "$tmp/shlib/debian/control"
	# It warns that the binaries are not in debian/dpubgp/: true.
	(cd "$tmp/shlib" && dpkg-shlibdeps -O "$@" 2> ../shlib.log) |
		sed -n 's/^shlibs:Depends=//p'
}

# maint ROOT NAME: DEBIAN/NAME from dist/deb/PACKAGE.NAME, @VERSION@ set.
maint()
{
	sed "s/@VERSION@/${version%%-*}/g" "dist/deb/$(basename "$1").$2" \
		> "$1/DEBIAN/$2"
	chmod 0755 "$1/DEBIAN/$2"
}

# dpubgp
root=$tmp/dpubgp
scripts/stage.sh "$root"
strip --remove-section=.comment --remove-section=.note \
	"$root"/usr/sbin/dpubgpd "$root"/usr/sbin/dpubgpctl
gzip -9n "$root"/usr/share/man/man*/*
docs "$root" dpubgp
control "$root" dpubgp "$arch" \
	"$(shlibdeps "$root"/usr/sbin/dpubgpd "$root"/usr/sbin/dpubgpctl), iproute2" \
	"tenant-facing BGP edge of a DPU" \
	"dpubgpd peers eBGP with the tenant hosts behind a DPU's ports and" \
	"with the fabric as Calico nodes do, enforces the site's tenant" \
	"policy, and installs the tenants' routes in their VPC's VRF table" \
	"and in the dpubgp kernel module (package dpubgp-dkms); dpubgpctl is" \
	"the operator's CLI."
echo /etc/iproute2/rt_protos.d/dpubgp.conf > "$root/DEBIAN/conffiles"
for s in postinst prerm postrm; do
	maint "$root" "$s"
done
dpkg-deb --root-owner-group -Zxz --build "$root" \
	"$out/dpubgp_${version}_$arch.deb" > /dev/null

# dpubgp-dkms
root=$tmp/dpubgp-dkms
scripts/stage-dkms.sh "$root" "$version" > /dev/null
docs "$root" dpubgp-dkms
control "$root" dpubgp-dkms all "dkms" \
	"dpubgp kernel module, built by DKMS" \
	"The source of dpubgp.ko, the forwarding half of dpubgp: tenant" \
	"source filtering and route leaking between VRFs, programmed by" \
	"dpubgpd over generic netlink. DKMS builds it for every installed" \
	"kernel, and again for each new one."
for s in postinst prerm; do
	maint "$root" "$s"
done
dpkg-deb --root-owner-group -Zxz --build "$root" \
	"$out/dpubgp-dkms_${version}_all.deb" > /dev/null
echo "$out/dpubgp_${version}_$arch.deb"
echo "$out/dpubgp-dkms_${version}_all.deb"
