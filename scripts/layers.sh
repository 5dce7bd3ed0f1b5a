#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# layers.sh: check that userspace/'s folders keep to their layers. Each
# folder may include the headers of the folders listed for it below (and
# its own), nothing else of userspace/; a header named internal.h is its
# folder's alone. Includes are spelled from userspace/ ("rib/rib.h"), so
# an include names the folder it reaches into. Prints KTAP, one test per
# folder, a forbidden include as a diagnostic "FILE:LINE: ..."; exits 1
# when one is found. The order is the one in README.md's layout table and
# doc/design.md section 1.1.
set -eu
shopt -s nullglob

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top/userspace"

declare -A may=(
	[base]=""
	[codec]="base"
	[session]="base codec"
	[rib]="base codec session"
	[policy]="base codec session rib"
	[config]="base"
	[kernel]="base"
	[control]="base codec session rib"
	[daemon]="base codec session rib policy config kernel control"
	[ctl]="base kernel control"
	[fuzz]="base codec config"
)
order="base codec session rib policy config kernel control daemon ctl fuzz"

# check DIR: the forbidden includes of DIR's files, one line each.
check()
{
	local dir=$1 file line inc to

	for file in "$dir"/*.[ch]; do
		while IFS=: read -r line inc; do
			inc=${inc#*\"}
			inc=${inc%%\"*}
			to=${inc%%/*}
			if [ "$to" = "$inc" ]; then
				echo "$file:$line: \"$inc\": spell an include from userspace/"
			elif [ "$to" != "$dir" ] && [ "${inc##*/}" = internal.h ]; then
				echo "$file:$line: \"$inc\" is private to $to/"
			elif [ "$to" != "$dir" ] && [ -d "$to" ] &&
			     [[ " ${may[$dir]} " != *" $to "* ]]; then
				echo "$file:$line: \"$inc\": $dir/ may not use $to/ (it may use: ${may[$dir]:-nothing})"
			fi
		done < <(grep -n '^#include "' "$file")
	done
}

dirs=()
for d in */; do
	dirs+=("${d%/}")
done

echo "TAP version 13"
echo "1..${#dirs[@]}"
n=0
ret=0
for d in "${dirs[@]}"; do
	n=$((n + 1))
	if [ -z "${may[$d]+set}" ]; then
		echo "# userspace/$d/ has no place in the layers: add it to scripts/layers.sh"
		echo "not ok $n layers $d"
		ret=1
		continue
	fi
	out=$(check "$d")
	if [ -z "$out" ]; then
		echo "ok $n layers $d"
	else
		while IFS= read -r line; do
			echo "# $line"
		done <<< "$out"
		echo "not ok $n layers $d"
		ret=1
	fi
done
# Every folder named, in an order where each uses only those before it.
seen=" "
for d in $order; do
	for u in ${may[$d]}; do
		[[ "$seen" == *" $u "* ]] ||
			{ echo "# layers.sh: $d/ uses $u/, which comes after it" >&2; ret=1; }
	done
	seen="$seen$d "
done
exit $ret
