#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# ksft.sh install DEST COLLECTION...
#
# Build the kselftest collections selftests/COLLECTION/ out of tree (in
# $O/selftests/COLLECTION) and install them into DEST the way the kernel's
# tools/testing/selftests/Makefile "install" target does:
#   DEST/run_kselftest.sh      the kernel's runner: prints KTAP
#   DEST/kselftest/            runner.sh, prefix.pl, module.sh
#   DEST/kselftest-list.txt    COLLECTION:TEST lines from lib.mk emit_tests
#   DEST/COLLECTION/           lib.mk install: tests, config, settings
# DEST is emptied first. A collection that fails to build is left out of
# the list, the others are installed all the same, and the exit status
# is 1.
#
# The collection Makefiles get KSFT_DIR (the framework: include
# $(KSFT_DIR)/lib.mk), O, OUTPUT, and KHDR_INCLUDES (-isystem <repo>/uapi,
# so that <linux/dpubgp.h> is the project's header).
#
# Environment: O (default: <repo>/build); KSFT_SRC, the directory holding
# the collections (default: <repo>/selftests).
set -eu

source "$(dirname "$0")/lib.sh"
src=${KSFT_SRC:-$top/selftests}
KSFT_DIR=$O/kselftest

usage()
{
	echo "usage: $0 install DEST COLLECTION..." >&2
	exit 2
}

ksft_make()
{
	c=$1
	shift
	make -C "$src/$c" OUTPUT="$O/selftests/$c" O="$O" \
		KSFT_DIR="$KSFT_DIR" KHDR_INCLUDES="-isystem $top/uapi" "$@"
}

install_collection()
{
	dest=$1
	c=$2

	if [ ! -f "$src/$c/Makefile" ]; then
		echo "ksft.sh: no such collection: $src/$c/Makefile" >&2
		return 1
	fi
	mkdir -p "$O/selftests/$c"
	if ! ksft_make "$c" all; then
		echo "ksft.sh: $src/$c failed to build" >&2
		return 1
	fi
	if ! ksft_make "$c" INSTALL_PATH="$dest/$c" install; then
		echo "ksft.sh: $src/$c failed to install" >&2
		return 1
	fi
	# The runner cds into the collection's directory and reads its
	# settings from there: make sure the directory exists even for a
	# collection with nothing to install.
	mkdir -p "$dest/$c"
	if ! list=$(ksft_make "$c" -s --no-print-directory COLLECTION="$c" \
			emit_tests); then
		echo "ksft.sh: $src/$c: make emit_tests failed" >&2
		return 1
	fi
	[ -z "$list" ] || echo "$list" >> "$dest/kselftest-list.txt"
}

do_install()
{
	[ $# -ge 1 ] || usage
	dest=$1
	shift
	case "$dest" in
	/*) ;;
	*) dest=$PWD/$dest ;;
	esac

	"$top/scripts/kselftest-fetch.sh"

	rm -rf "$dest"
	mkdir -p "$dest/kselftest"
	install -m 744 "$KSFT_DIR"/kselftest/* "$dest/kselftest/"
	install -m 744 "$KSFT_DIR/run_kselftest.sh" "$dest/"
	: > "$dest/kselftest-list.txt"

	ret=0
	for c in "$@"; do
		install_collection "$dest" "$c" || ret=1
	done
	return $ret
}

[ $# -ge 1 ] || usage
cmd=$1
shift
case "$cmd" in
install) do_install "$@" ;;
*) usage ;;
esac
