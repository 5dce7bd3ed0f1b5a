#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# kselftest-fetch.sh: extract the kselftest framework and checkpatch from
# Debian's linux-source tarball into the build directory (never into the
# source tree):
#   $O/kselftest/       kselftest.h kselftest_harness.h lib.mk
#                       run_kselftest.sh kselftest/{runner.sh,prefix.pl,...}
#   $O/kernel-scripts/  checkpatch.pl spelling.txt const_structs.checkpatch
# Does nothing when both are there and were extracted from the tarball as it
# is now (path, size and mtime recorded in a stamp: dpkg gives a tarball
# the mtime it has in the .deb, which may well be older than the stamp).
#
# Environment: O (default: <repo>/build), LINUX_SOURCE (default: the newest
# /usr/src/linux-source-6.1*.tar.xz).
set -eu

source "$(dirname "$0")/lib.sh"

tarball=${LINUX_SOURCE:-$(newest "/usr/src/linux-source-6.1*.tar.xz")}
if [ -z "$tarball" ] || [ ! -r "$tarball" ]; then
	die "no /usr/src/linux-source-6.1*.tar.xz:" \
	    "run scripts/deps.sh (apt-get install linux-source-6.1)"
fi

ksft=$O/kselftest
kscripts=$O/kernel-scripts
stamp=$O/.kselftest-fetch.stamp

id=$(stat -L -c '%n %s %Y' "$tarball")
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$id" ] &&
   [ -f "$ksft/lib.mk" ] && [ -f "$kscripts/checkpatch.pl" ]; then
	exit 0
fi

tmp=$O/.kselftest-fetch.tmp
cleanup()
{
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' HUP INT TERM

rm -rf "$tmp"
mkdir -p "$tmp"
# The tarball's top directory is named after it: linux-source-6.1/...
prefix=$(basename "$tarball" .tar.xz)
st=$prefix/tools/testing/selftests
echo "kselftest-fetch.sh: extracting kselftest and checkpatch from $tarball"
# The .xz is multi-block: let xz decompress on all cores.
xz -dc -T0 "$tarball" | tar -x -C "$tmp" \
	"$st/kselftest.h" "$st/kselftest_harness.h" "$st/lib.mk" \
	"$st/run_kselftest.sh" "$st/kselftest" \
	"$prefix/scripts/checkpatch.pl" "$prefix/scripts/spelling.txt" \
	"$prefix/scripts/const_structs.checkpatch"

mkdir -p "$tmp/kselftest" "$tmp/kernel-scripts"
for f in kselftest.h kselftest_harness.h lib.mk run_kselftest.sh kselftest; do
	mv "$tmp/$st/$f" "$tmp/kselftest/"
done
for f in checkpatch.pl spelling.txt const_structs.checkpatch; do
	mv "$tmp/$prefix/scripts/$f" "$tmp/kernel-scripts/"
done

rm -rf "$ksft" "$kscripts"
mv "$tmp/kselftest" "$ksft"
mv "$tmp/kernel-scripts" "$kscripts"
echo "$id" > "$stamp"
