#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# layers.sh: check that userspace/'s folders keep to their layers. Each
# folder may include the headers of the folders listed for it below (and
# its own), nothing else of userspace/; a header named internal.h is its
# folder's alone. Includes are spelled from userspace/ ("rib/rib.h"), so
# an include names the folder it reaches into. Prints KTAP, one test per
# folder, a forbidden include as a diagnostic "FILE:LINE: ..."; exits 1
# when one is found. The order is the one of doc/design.md section 1.1.
set -eu
shopt -s nullglob

source "$(dirname "$0")/lib.sh"

cd "$top/userspace"

declare -A may=(
	[base]=""
	[codec]="base"
	[session]="base codec"
	[rib]="base codec session"
	[policy]="base codec session rib"
	[config]="base"
	[datastore]="base config"
	[kernel]="base"
	[control]="base codec session rib"
	[http]="base"
	[daemon]="base codec session rib policy config datastore kernel control http"
	[ctl]="base config datastore kernel control"
	[fuzz]="base codec config"
)
order="base codec session rib policy config datastore kernel control http daemon ctl fuzz"

# check DIR: the forbidden includes of DIR's files, one line each.
check()
{
	local dir=$1 file line q inc to

	while IFS= read -r file; do
		# LINE:QUOTE:INCLUDE for every #include, however spaced.
		while IFS=: read -r line q inc; do
			to=${inc%%/*}
			if [ "$to" = "$inc" ] && [ "$q" = '"' ]; then
				echo "$file:$line: \"$inc\": spell an include from userspace/"
			elif [ "$to" = "$inc" ] || [ ! -d "$to" ] ||
			     [ "$to" = "$dir" ]; then
				:	# the system's, or the folder's own
			elif [ "${inc##*/}" = internal.h ]; then
				echo "$file:$line: \"$inc\" is private to $to/"
			elif [[ " ${may[$dir]} " != *" $to "* ]]; then
				echo "$file:$line: \"$inc\": $dir/ may not use $to/ (it may use: ${may[$dir]:-nothing})"
			fi
		done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$file" |
			 sed -n 's/^\([0-9]*\):[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"]\)\([^>"]*\)[>"].*/\1:\2:\3/p')
	done < <(find "$dir" -name '*.[ch]' | sort)
}

dirs=()
for d in */; do
	dirs+=("${d%/}")
done

# Every folder named, in an order where each uses only those before it.
seen=" "
for d in $order; do
	for u in ${may[$d]}; do
		[[ "$seen" == *" $u "* ]] ||
			die "$d/ uses $u/, which comes after it in the order"
	done
	seen="$seen$d "
done

ktap_print_header
ktap_set_plan ${#dirs[@]}
for d in "${dirs[@]}"; do
	if [ -z "${may[$d]+set}" ]; then
		ktap_print_msg "userspace/$d/ has no place in the layers: add it to scripts/layers.sh"
		ktap_test_fail "layers $d"
		continue
	fi
	out=$(check "$d")
	if [ -z "$out" ]; then
		ktap_test_pass "layers $d"
	else
		echo "$out" | ktap_print_lines
		ktap_test_fail "layers $d"
	fi
done
ktap_finished
