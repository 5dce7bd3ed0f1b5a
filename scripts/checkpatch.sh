#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh: run the kernel's checkpatch.pl (--strict) over the module
# sources and the uapi headers and print the results as KTAP, one test per
# file, checkpatch's report as diagnostics. Exits 1 if any file has a
# finding. checkpatch.pl comes from linux-source-6.1 via kselftest-fetch.sh.
#
# Environment: O (default: <repo>/build).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$top/build}
case "$O" in /*) ;; *) O=$PWD/$O ;; esac
export O

"$top/scripts/kselftest-fetch.sh" >&2
checkpatch=$O/kernel-scripts/checkpatch.pl

cd "$top"
files=$(ls kmod/*.[ch] uapi/linux/*.h 2>/dev/null || true)

echo "TAP version 13"
echo "1..$(echo $files | wc -w)"
n=0
ret=0
for f in $files; do
	n=$((n + 1))
	if out=$("$checkpatch" --strict --no-tree --show-types -f "$f" 2>&1); then
		echo "ok $n checkpatch $f"
	else
		echo "$out" | sed -e 's/^/# /' -e 's/ *$//'
		echo "not ok $n checkpatch $f"
		ret=1
	fi
done
exit $ret
