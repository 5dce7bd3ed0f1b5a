#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fuzz.sh SECONDS: build the libFuzzer targets of userspace/fuzz, seed them
# from the builders (the document parser from userspace/fuzz/seed-doc.yaml),
# run each for SECONDS and print the result as KTAP, the executions made in
# each result's comment; exit 1 when a target did not build or found a
# crash, which is kept in $O/fuzz/crash-<target>/ (the default O is
# <repo>/build).
set -eu

source "$(dirname "$0")/lib.sh"
F=$O/fuzz
mkdir -p "$F"
seconds=${1:?usage: fuzz.sh SECONDS}
targets=(open update doc)

ktap_print_header
ktap_set_plan ${#targets[@]}
if ! make -C "$top/userspace/fuzz" BUILD="$F" > "$F/build.log" 2>&1; then
	tail -n 30 "$F/build.log" | ktap_print_lines
	for t in "${targets[@]}"; do
		ktap_test_fail "fuzz $t decoder" "build failed"
	done
	ktap_finished
fi
rm -rf "$F/seed-corpus"
mkdir -p "$F/seed-corpus/open" "$F/seed-corpus/update" "$F/seed-corpus/doc"
"$F/seeds" "$F/seed-corpus"
cp "$top/userspace/fuzz/seed-doc.yaml" "$F/seed-corpus/doc/"

for t in "${targets[@]}"; do
	mkdir -p "$F/corpus-$t" "$F/crash-$t"
	log=$F/fuzz_$t.log
	rc=0
	"$F/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$F/crash-$t/" -print_final_stats=1 \
		"$F/corpus-$t" "$F/seed-corpus/$t" > "$log" 2>&1 < /dev/null || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$rc" = 0 ]; then
		ktap_test_pass "fuzz $t decoder" \
			"${execs:-?} executions in $seconds s"
	else
		grep -E 'ERROR|SUMMARY|runtime error|artifact' "$log" |
			head -n 20 | ktap_print_lines
		ktap_test_fail "fuzz $t decoder" "exit=$rc, log: $log"
	fi
done
ktap_finished
