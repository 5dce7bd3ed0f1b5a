#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb-install-test.sh [CHROOT DPUBGP_DEB]: install the dpubgp package
# into a copy of CHROOT (a minimal Debian root with the package's
# dependencies; default scripts/deb-chroot.sh's, made once and cached;
# the package by default scripts/deb.sh's, from $O/userspace), run the
# installed dpubgpd in a network namespace of its
# own with the example document, ask it with the installed `dpubgpctl
# status`, stop it, purge the package and compare the root's files with
# the ones before. As root. Prints KTAP. dpubgp-dkms is not installed here: DKMS wants a compiler
# and kernel headers in the root (scripts/dkms-test.sh covers dkms.conf).
# shellcheck disable=SC2317,SC2016 # functions run through step()
set -eu

source "$(dirname "$0")/lib.sh"
source "$top/selftests/lib.sh"

[ $# = 0 ] || [ $# = 2 ] || die "usage: deb-install-test.sh [CHROOT DPUBGP_DEB]"
require_root
tmp=$(mktemp -d /tmp/dpubgp-debinst.XXXXXX)
root=$tmp/root
if [ $# = 0 ]; then
	chroot=$("$top/scripts/deb-chroot.sh" 2> "$tmp/chroot.log") ||
		skip_all "no chroot: $(tail -n 1 "$tmp/chroot.log")"
	"$top/scripts/deb.sh" "$tmp/debs" > /dev/null
	set -- "$chroot" "$tmp"/debs/dpubgp_*.deb
fi
cp -a "$1" "$root"
cp "$2" "$root/tmp/dpubgp.deb"

# The root's files, but what dpkg and apt keep of their own.
files()
{
	(cd "$root" && find . -xdev -path ./var/lib/dpkg -prune -o \
		-path ./var/log -prune -o -path ./var/cache -prune -o \
		-path ./tmp -prune -o -print | sort)
}

installed()
{
	chroot "$root" dpkg -i /tmp/dpubgp.deb &&
	chroot "$root" dpkg-query -W -f='${Status}\n' dpubgp | grep -q 'install ok installed' &&
	for f in usr/sbin/dpubgpd usr/sbin/dpubgpctl \
		 usr/lib/systemd/system/dpubgpd.service \
		 usr/lib/modules-load.d/dpubgp.conf \
		 etc/iproute2/rt_protos.d/dpubgp.conf \
		 usr/share/man/man8/dpubgpd.8.gz \
		 usr/share/doc/dpubgp/examples/dpubgp.yaml; do
		[ -e "$root/$f" ] || { echo "no /$f"; return 1; }
	done
}

answers()
{
	local doc=/etc/dpubgp/dpubgp.yaml

	mkdir -p "$root/etc/dpubgp"
	printf 'bgp: {listen_port: 1179}\nnodes:\n  n1: {ipv4: 127.0.0.1}\n' \
		> "$root$doc"
	ns_create dpu || return 1
	mkdir -p "$root/run/dpubgp"
	ip netns exec "${ns[dpu]}" chroot "$root" /usr/sbin/dpubgpd -n n1 \
		2> "$tmp/dpubgpd.log" &
	pid[dpubgpd]=$!
	if ! slowwait 10 chroot "$root" dpubgpctl status > "$tmp/status" 2>&1; then
		cat "$tmp/status" "$tmp/dpubgpd.log"
		return 1
	fi
	grep 'AS Number' "$tmp/status"
	kill "${pid[dpubgpd]}" && wait "${pid[dpubgpd]}"
	pid[dpubgpd]=
}

purged()
{
	chroot "$root" dpkg --purge dpubgp &&
	rm -rf "$root/run/dpubgp" &&
	files > "$tmp/after" &&
	diff -u "$tmp/before" "$tmp/after"
}

# step DESCRIPTION FUNCTION
step()
{
	if "$2" > "$tmp/step.log" 2>&1; then
		ktap_test_pass "$1"
	else
		ktap_print_lines < "$tmp/step.log"
		ktap_test_fail "$1"
	fi
}

files > "$tmp/before"
ktap_print_header
ktap_set_plan 3
step "dpkg -i dpubgp: its files in place" installed
step "the installed dpubgpd answers the installed dpubgpctl status" answers
step "dpkg --purge dpubgp leaves no file behind" purged
ktap_finished
