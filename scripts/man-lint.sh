#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# man-lint.sh: the man pages of man/. Prints KTAP: a test per page,
# `mandoc -T lint -W warning` clean; and two that keep the pages true as
# the code grows: every key of the document's parser
# (userspace/config/parse.c's field tables) in dpubgp.yaml(5), every long
# option of dpubgpd (userspace/daemon/main.c) in dpubgpd(8); and the
# example of dpubgp.yaml(5) is dist/dpubgp.yaml (the packages' example),
# which the parser takes (dpubgpctl get, from $O/userspace). Exits 1 when
# one fails.
set -eu
shopt -s nullglob

source "$(dirname "$0")/lib.sh"

cd "$top"

pages=(man/*.[1-9])

# missing PAGE BEFORE NAME...: the NAMEs that no item of PAGE's lists
# (an .It line) holds after the regex BEFORE, as a word or a component
# of a dotted key (Sy bgp.default_node_as names bgp and default_node_as).
missing()
{
	local page=$1 before=$2 name

	shift 2
	for name in "$@"; do
		grep -qE "^\.It .*$before$name( |\.|\[|\$)" "$page" ||
			echo "$page: no item names $name"
	done
}

# check DESCRIPTION OUTPUT: a test, OUTPUT its diagnostics.
check()
{
	if [ -z "$2" ]; then
		ktap_test_pass "$1"
	else
		echo "$2" | ktap_print_lines
		ktap_test_fail "$1"
	fi
}

ktap_print_header
ktap_set_plan $((${#pages[@]} + 3))
for page in "${pages[@]}"; do
	check "mandoc lint ${page#man/}" \
		"$(mandoc -T lint -W warning "$page" 2>&1 || true)"
done
mapfile -t keys < <(sed -n 's/.*\.key = "\([a-z_0-9]*\)".*/\1/p' \
	userspace/config/parse.c | sort -u)
check "dpubgp.yaml.5 names every key of the document" \
	"$(missing man/dpubgp.yaml.5 '(Sy |[a-z]\.)' "${keys[@]}")"
mapfile -t opts < <(sed -n '/long_opts\[\]/,/^};/s/.*{ "\([a-z-]*\)".*/-\1/p' \
	userspace/daemon/main.c)
check "dpubgpd.8 names every option of dpubgpd" \
	"$(missing man/dpubgpd.8 'Fl ' "${opts[@]}")"
check "dpubgp.yaml.5's example is dist/dpubgp.yaml, and it parses" \
	"$(sed -n '/^Every key:/,/^\.Ed/p' man/dpubgp.yaml.5 | sed '1,2d;$d' |
	   diff -u dist/dpubgp.yaml - 2>&1
	   "$O/userspace/dpubgpctl" --datastore file:dist/dpubgp.yaml \
		get node 2>&1 > /dev/null)"
ktap_finished
