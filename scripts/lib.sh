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
#   debian_mirror    the host's Debian mirror, for debootstrap
#   made_once CACHE DIR [--print]   the start of a script that makes DIR
#                    in CACHE once (see the function)
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

debian_mirror()
{
	local m

	m=$(sed -n 's/^URIs: *\([^ ]*\).*/\1/p' \
		/etc/apt/sources.list.d/debian.sources 2>/dev/null | head -n 1)
	echo "${m:-http://deb.debian.org/debian}"
}

# made_once CACHE DIR [ARG]: the start of a script that makes DIR, under
# the cache directory CACHE, once and prints it. With ARG --print, print
# DIR and exit, with status 1 when DIR is not made (has no file "done").
# Else take CACHE's lock for the rest of the script and, when DIR is made
# already, print it and exit.
made_once()
{
	if [ "${3:-}" = --print ]; then
		echo "$2"
		[ -f "$2/done" ]
		exit
	fi
	mkdir -p "$1"
	exec 9> "$1/lock"
	flock 9
	if [ -f "$2/done" ]; then
		echo "$2"
		exit 0
	fi
}
