#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# fuzz.sh SECONDS: build the libFuzzer targets of userspace/fuzz, seed them
# from the builders (the document parser from userspace/fuzz/seed-doc.yaml), run each for SECONDS and print the result as KTAP, the
# executions made in each result's comment. Crashes are kept in
# $O/fuzz/crash-<target>/ (the default O is <repo>/build).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
O=${O:-$top/build}
F=$O/fuzz
mkdir -p "$F"
seconds=${1:?usage: fuzz.sh SECONDS}
targets="open update doc"

echo "TAP version 13"
echo "1..$(echo $targets | wc -w)"
if ! make -C "$top/userspace/fuzz" BUILD="$F" > "$F/build.log" 2>&1; then
	sed 's/^/# /' "$F/build.log" | tail -n 30
	n=0
	for t in $targets; do
		n=$((n + 1))
		echo "not ok $n fuzz $t decoder # build failed"
	done
	exit 0
fi
rm -rf "$F/seed-corpus"
mkdir -p "$F/seed-corpus/open" "$F/seed-corpus/update" "$F/seed-corpus/doc"
"$F/seeds" "$F/seed-corpus"
cp "$top/userspace/fuzz/seed-doc.yaml" "$F/seed-corpus/doc/"

n=0
for t in $targets; do
	n=$((n + 1))
	mkdir -p "$F/corpus-$t" "$F/crash-$t"
	log=$F/fuzz_$t.log
	rc=0
	"$F/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=1024 \
		-artifact_prefix="$F/crash-$t/" -print_final_stats=1 \
		"$F/corpus-$t" "$F/seed-corpus/$t" > "$log" 2>&1 < /dev/null || rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	if [ "$rc" = 0 ]; then
		echo "ok $n fuzz $t decoder # ${execs:-?} executions in $seconds s"
	else
		grep -E 'ERROR|SUMMARY|runtime error|artifact' "$log" |
			head -n 20 | sed 's/^/# /'
		echo "not ok $n fuzz $t decoder # exit=$rc, log: $log"
	fi
done
