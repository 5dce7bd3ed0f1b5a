#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb-install-test.sh [CHROOT DEBDIR]: install the packages dpubgp and
# dpubgp-dkms of DEBDIR into a copy of CHROOT (a minimal Debian root with
# their dependencies and its kernel's headers; default
# scripts/deb-chroot.sh's, made once and cached; the packages by default
# scripts/deb.sh's, from $O/userspace): DKMS builds the module for the
# root's kernel; run the installed dpubgpd in a network namespace of its
# own with the example document, ask it with the installed `dpubgpctl
# status` and for its metrics (GET /metrics), stop it, purge the package and compare the root's files with
# the ones before (but for the signing key DKMS made for itself). As
# root. Prints KTAP.
# shellcheck disable=SC2317,SC2016 # functions run through step()
set -eu

source "$(dirname "$0")/lib.sh"
source "$top/selftests/lib.sh"

[ $# = 0 ] || [ $# = 2 ] || die "usage: deb-install-test.sh [CHROOT DEBDIR]"
require_root
tmp=$(mktemp -d /tmp/dpubgp-debinst.XXXXXX)
root=$tmp/root
if [ $# = 0 ]; then
	chroot=$("$top/scripts/deb-chroot.sh" 2> "$tmp/chroot.log") ||
		skip_all "no chroot: $(tail -n 1 "$tmp/chroot.log")"
	"$top/scripts/deb.sh" "$tmp/debs" > /dev/null
	set -- "$chroot" "$tmp/debs"
fi
cp -a "$1" "$root"
cp "$2"/dpubgp_*.deb "$root/tmp/dpubgp.deb"
cp "$2"/dpubgp-dkms_*.deb "$root/tmp/dpubgp-dkms.deb"
# The root's kernel: its headers', its modules' index made as its image
# would have (the root has no image: DKMS needs only the headers).
kver=$(basename "$(compgen -G "$root/usr/src/linux-headers-*-amd64" || true)")
kver=${kver#linux-headers-}
[ -z "$kver" ] || chroot "$root" depmod -a "$kver" 2> /dev/null

# in_root CMD...: CMD chrooted into the root, with /proc and /dev there
# (DKMS wants them) in a mount namespace of its own: they go with it, and
# nothing of the host is under the root when the cleanup removes it.
in_root()
{
	unshare -m --propagation private sh -c \
		'mount -t proc proc "$0/proc" && mount --bind /dev "$0/dev" &&
		 exec chroot "$0" "$@"' "$root" "$@"
}

# The root's files, but what dpkg and apt keep of their own.
files()
{
	(cd "$root" && find . -xdev -path ./var/lib/dpkg -prune -o \
		-path ./var/log -prune -o -path ./var/cache -prune -o \
		-path ./tmp -prune -o -path './var/lib/dkms/mok.*' -prune -o \
		-print | sort)
}

installed()
{
	in_root dpkg -i /tmp/dpubgp.deb /tmp/dpubgp-dkms.deb &&
	[ "$(in_root dpkg-query -W -f='${Status}\n' dpubgp dpubgp-dkms)" = \
	  "$(printf 'install ok installed\ninstall ok installed')" ] &&
	for f in usr/sbin/dpubgpd usr/sbin/dpubgpctl \
		 usr/lib/systemd/system/dpubgpd.service \
		 usr/lib/modules-load.d/dpubgp.conf \
		 etc/iproute2/rt_protos.d/dpubgp.conf \
		 usr/share/man/man8/dpubgpd.8.gz \
		 usr/share/doc/dpubgp/examples/dpubgp.yaml; do
		[ -e "$root/$f" ] || { echo "no /$f"; return 1; }
	done
}

# DKMS built the module for the root's kernel (its headers'), at install.
module()
{
	local ko

	in_root dkms status
	ko=$root/lib/modules/$kver/updates/dkms/dpubgp.ko
	[ -e "$ko" ] || { echo "no $ko"; return 1; }
	modinfo "$ko" | grep "^vermagic: *$kver "
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
	grep 'AS Number' "$tmp/status" || return 1
	# Its metrics, at the default address (the host's curl, in its
	# namespace: the minimal root has none).
	ip netns exec "${ns[dpu]}" curl -sSf --max-time 5 \
		http://127.0.0.1:9179/metrics > "$tmp/metrics" &&
		grep '^dpubgp_rib_bytes ' "$tmp/metrics" || return 1
	kill "${pid[dpubgpd]}" && wait "${pid[dpubgpd]}"
	pid[dpubgpd]=
}

purged()
{
	in_root dpkg --purge dpubgp dpubgp-dkms &&
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
ktap_set_plan 4
step "dpkg -i dpubgp dpubgp-dkms: the files in place" installed
step "dpubgp-dkms: DKMS built and installed dpubgp.ko for the root's kernel" module
step "the installed dpubgpd answers the installed dpubgpctl status and GET /metrics" answers
step "dpkg --purge dpubgp dpubgp-dkms leaves no file behind" purged
ktap_finished
