#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch.sh: run the kernel's checkpatch.pl (--strict) over the module
# sources and the uapi headers and print the results as KTAP, one test per
# file, checkpatch's report as diagnostics. Exits 1 if any file has a
# finding. checkpatch.pl comes from linux-source-6.1 via kselftest-fetch.sh.
#
# Environment: O (default: <repo>/build).
set -eu

source "$(dirname "$0")/lib.sh"

"$top/scripts/kselftest-fetch.sh" >&2
checkpatch=$O/kernel-scripts/checkpatch.pl

cd "$top"
shopt -s nullglob
files=(kmod/*.[ch] uapi/linux/*.h)

ktap_print_header
ktap_set_plan ${#files[@]}
for f in "${files[@]}"; do
	if out=$("$checkpatch" --strict --no-tree --show-types -f "$f" 2>&1); then
		ktap_test_pass "checkpatch $f"
	else
		echo "$out" | ktap_print_lines
		ktap_test_fail "checkpatch $f"
	fi
done
ktap_finished
