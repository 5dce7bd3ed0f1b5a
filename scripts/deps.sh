#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh: install the Debian packages that building and testing dpubgp
# needs (compilers, the libraries dpubgpd links (libmnl, jansson, libyaml,
# libmicrohttpd, libcurl), kernel headers and images for the two test
# kernels, kselftest/checkpatch source, what building the debug kernel
# from it takes, qemu and what the test VM's initramfs is made of, ping
# and socat for the forwarding tests, FRR and BIRD for the interop tests,
# etcd for the etcd datastore's, nftables for the baseline of bench/,
# mandoc for the man pages' lint, systemd-analyze for the unit, dkms for
# dkms.conf, lintian, dpkg-dev and debootstrap for make deb and its test,
# prometheus for promtool, which checks the daemon's metrics; for arm64,
# the DPU's architecture: the cross compiler, the libraries' arm64 -dev
# packages (multiarch: arm64 is added to dpkg's architectures) and
# qemu-system-aarch64).
# Quick no-op when everything is installed already; apt-get update runs
# only when something has to be installed.
set -eu

PACKAGES="
	gcc make libc6-dev pkg-config libmnl-dev libjansson-dev libyaml-dev
	libmicrohttpd-dev libcurl4-openssl-dev curl
	clang-14 libclang-rt-14-dev
	rsync perl coreutils bash jq
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	linux-source-6.1 flex bison bc libelf-dev libssl-dev patch
	qemu-system-x86 busybox-static kmod cpio xz-utils iproute2 procps
	iputils-ping socat frr bird2 gobgpd openbgpd exabgp
	nftables etcd-server etcd-client
	mandoc systemd dkms lintian dpkg-dev debootstrap prometheus
	gcc-aarch64-linux-gnu qemu-system-arm libmnl-dev:arm64
	libjansson-dev:arm64 libyaml-dev:arm64 libmicrohttpd-dev:arm64
	libcurl4-openssl-dev:arm64
"

# The packages of $PACKAGES that are not installed, on one line.
missing_packages()
{
	# One dpkg-query for all: "name:arch status" for the packages dpkg
	# knows, a complaint on stderr for the others; a package of the
	# host's architecture (or all) by its name alone.
	# shellcheck disable=SC2086 # word splitting wanted
	installed=" $(dpkg-query -W \
		-f='${Package}:${Architecture} ${db:Status-Status}\n' \
		$PACKAGES 2>/dev/null |
		awk -v native="$(dpkg --print-architecture)" '$2 == "installed" {
			sub(":(" native "|all)$", "", $1)
			printf "%s ", $1
		}')"
	missing=
	for p in $PACKAGES; do
		case "$installed" in
		*" $p "*) ;;
		*) missing="$missing${missing:+ }$p" ;;
		esac
	done
	echo "$missing"
}

missing=$(missing_packages)
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "deps.sh: missing packages: $missing; run as root to install them" >&2
	exit 1
fi
echo "deps.sh: installing $missing"
export DEBIAN_FRONTEND=noninteractive
dpkg --print-foreign-architectures | grep -qx arm64 ||
	dpkg --add-architecture arm64
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing

still=$(missing_packages)
if [ -n "$still" ]; then
	echo "deps.sh: still missing after apt-get install: $still" >&2
	exit 1
fi
