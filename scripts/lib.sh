# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What the tree's scripts share, sourced by bash scripts wherever they are
# in the tree (source "$(dirname "$0")/lib.sh" from scripts/):
#   top    the top of the source tree
#   O      the build directory, exported: $O made absolute, default
#          $top/build
#   prog   the script's name without .sh, what die starts with
#   die MESSAGE...   say so on stderr and exit 1
#   newest GLOB...   the path matching a GLOB that sorts last by version
# and the KTAP emitter, selftests/kselftest/ktap_helpers.sh.

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
O=${O:-$top/build}
case "$O" in
/*) ;;
*) O=$PWD/$O ;;
esac
export O
prog=$(basename "$0" .sh)

source "$top/selftests/kselftest/ktap_helpers.sh"

die()
{
	echo "$prog: $*" >&2
	exit 1
}

# The newest kernel, headers or tarball installed: nothing if none.
newest()
{
	local glob

	for glob in "$@"; do
		compgen -G "$glob" || true
	done | sort -V | tail -n 1
}
