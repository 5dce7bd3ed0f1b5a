#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# deb-lint.sh: scripts/deb.sh's packages (make deb), built into a scratch
# directory from the release build ($O/userspace), each through lintian:
# no finding at error level. Prints KTAP; exits 1 when one fails.
set -eu

source "$(dirname "$0")/lib.sh"

tmp=$(mktemp -d /tmp/dpubgp-deblint.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

ktap_print_header
ktap_set_plan 3
if "$top/scripts/deb.sh" "$tmp/debs" > "$tmp/debs.log" 2>&1; then
	ktap_test_pass "make deb: dpubgp and dpubgp-dkms"
else
	ktap_print_lines < "$tmp/debs.log"
	ktap_test_fail "make deb: dpubgp and dpubgp-dkms"
fi
for pkg in dpubgp dpubgp-dkms; do
	deb=$(compgen -G "$tmp/debs/${pkg}_*.deb" || true)
	if [ -n "$deb" ] &&
	   lintian --fail-on error "$deb" > "$tmp/lintian.log" 2>&1; then
		ktap_test_pass "lintian $pkg: no error"
	else
		grep -v 'root privileges' "$tmp/lintian.log" 2>/dev/null |
			ktap_print_lines || true
		ktap_test_fail "lintian $pkg: no error"
	fi
done
ktap_finished
