#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dkms-test.sh: dkms.conf as an operator's DKMS uses it, with Debian's
# dkms, against every kernel whose headers are installed
# (/usr/src/linux-headers-*-amd64), all in a temporary tree: the source
# (scripts/stage-dkms.sh), DKMS's own tree (--dkmstree), the installed
# modules (--installtree, no depmod) and the signing key DKMS makes. The
# host's /lib/modules and /var/lib/dkms are left alone. Prints KTAP:
# `dkms add`; per kernel `dkms build` and `dkms install`, then modinfo
# of the installed module (its name, and a vermagic of that kernel);
# `dkms remove --all` leaving no module behind. Exits 1 when one fails.
# shellcheck disable=SC2317 # the functions run through result()
set -eu
shopt -s nullglob

source "$(dirname "$0")/lib.sh"

version=0.0-dkmstest
tmp=$(mktemp -d /tmp/dpubgp-dkms.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/dkms" "$tmp/modules"
# DKMS signs what it builds, with a key it makes where these say.
export mok_signing_key=$tmp/mok.key mok_certificate=$tmp/mok.pub
trees=(--sourcetree "$tmp/usr/src" --dkmstree "$tmp/dkms"
       --installtree "$tmp/modules")

# result DESCRIPTION LOG CMD...: a test, CMD's output its diagnostics
# when it fails.
result()
{
	local desc=$1 log=$2

	shift 2
	if "$@" > "$log" 2>&1; then
		ktap_test_pass "$desc"
	else
		tail -n 20 "$log" | ktap_print_lines
		ktap_test_fail "$desc"
	fi
}

kernel_release()
{
	sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$1/include/generated/utsrelease.h"
}

dkms_kernel()
{
	local kdir=$1 kver=$2 ko info

	mkdir -p "$tmp/modules/$kver"
	dkms build -m dpubgp -v "$version" -k "$kver" "${trees[@]}" \
		--kernelsourcedir "$kdir" &&
	dkms install -m dpubgp -v "$version" -k "$kver" "${trees[@]}" \
		--kernelsourcedir "$kdir" --no-depmod || return 1
	ko=$(find "$tmp/modules/$kver" -name 'dpubgp.ko*')
	[ -n "$ko" ] || { echo "no dpubgp.ko under $tmp/modules/$kver"; return 1; }
	info=$(modinfo "$ko") || return 1
	echo "$info"
	if ! grep -qx 'name: *dpubgp' <<< "$info" ||
	   ! grep -q "^vermagic: *$kver " <<< "$info"; then
		echo "$ko: not dpubgp for $kver"
		return 1
	fi
}

dkms_add()
{
	"$top/scripts/stage-dkms.sh" "$tmp" "$version" &&
	dkms add -m dpubgp -v "$version" "${trees[@]}"
}

dkms_remove()
{
	local left

	dkms remove -m dpubgp -v "$version" --all "${trees[@]}" --no-depmod ||
		return 1
	left=$(find "$tmp/modules" -name 'dpubgp.ko*')
	[ -z "$left" ] || { echo "left behind: $left"; return 1; }
}

kdirs=(/usr/src/linux-headers-*-amd64)
ktap_print_header
if [ ${#kdirs[@]} = 0 ]; then
	ktap_skip_all "no kernel headers: run scripts/deps.sh"
	exit "$KSFT_SKIP"
fi
ktap_set_plan $((${#kdirs[@]} + 2))
cd "$tmp"	# dkms works from where it is started
result "dkms add" "$tmp/add.log" dkms_add
for kdir in "${kdirs[@]}"; do
	kver=$(kernel_release "$kdir")
	result "dkms build and install, modinfo for $kver" \
		"$tmp/$kver.log" dkms_kernel "$kdir" "$kver"
done
result "dkms remove --all leaves no module" "$tmp/remove.log" dkms_remove
ktap_finished
