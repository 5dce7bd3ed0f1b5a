# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# KTAP output from shell, the kernel's kselftest/ktap_helpers.sh (which
# the 6.1 framework of scripts/kselftest-fetch.sh predates) with its
# names: the tree's one KTAP emitter. The shell selftests get it through
# selftests/lib.sh (installed as kselftest/ktap_helpers.sh beside the
# framework's runner, as the kernel installs it), the scripts through
# scripts/lib.sh.
#
#   ktap_print_header              "TAP version 13"; a new document, its
#                                  tests numbered and counted from 1
#   ktap_set_plan N                "1..N"
#   ktap_skip_all REASON           "1..0 # SKIP REASON": nothing to run
#   ktap_test_pass DESC [COMMENT]  "ok N DESC # COMMENT"
#   ktap_test_fail DESC [COMMENT]  "not ok N DESC # COMMENT"
#   ktap_test_skip DESC [REASON]   "ok N DESC # SKIP REASON"
#   ktap_print_msg MSG...          "# MSG", a diagnostic
#   ktap_print_lines [PREFIX]      each line of stdin as "# PREFIXLINE"
#   ktap_print_totals              "# Totals: pass:N fail:N ... skip:N ..."
#   ktap_exit_fail_msg MSG         "Bail out! MSG", the totals, exit 1
#   ktap_finished                  the totals; exit 0 when every planned
#                                  test passed or was skipped, else 1
#
# POSIX sh, and every function returns 0: callers may run under set -eu.

# The exit statuses of kselftest (KSFT_SKIP: for the callers).
KSFT_PASS=0
KSFT_FAIL=1
# shellcheck disable=SC2034
KSFT_SKIP=4

ktap_print_header()
{
	KTAP_TESTNO=1
	KTAP_PLAN=0
	KTAP_CNT_PASS=0
	KTAP_CNT_FAIL=0
	KTAP_CNT_SKIP=0
	echo "TAP version 13"
}

ktap_set_plan()
{
	KTAP_PLAN=$1
	echo "1..$1"
}

ktap_skip_all()
{
	echo "1..0 # SKIP $*"
}

# __ktap_test RESULT DESC [DIRECTIVE]
__ktap_test()
{
	printf '%s %d %s%s\n' "$1" "$KTAP_TESTNO" "$2" "${3:+ # $3}"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
}

ktap_test_pass()
{
	__ktap_test ok "$1" "${2:-}"
	KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1))
}

ktap_test_fail()
{
	__ktap_test "not ok" "$1" "${2:-}"
	KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1))
}

ktap_test_skip()
{
	__ktap_test ok "$1" "SKIP${2:+ $2}"
	KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1))
}

ktap_print_msg()
{
	echo "# $*"
}

# ktap_print_lines [PREFIX]: without carriage returns (a serial
# console's) and trailing blanks.
ktap_print_lines()
{
	tr -d '\r' | awk -v p="# ${1:-}" '{ s = p $0; sub(/ +$/, "", s); print s }'
}

ktap_print_totals()
{
	echo "# Totals: pass:$KTAP_CNT_PASS fail:$KTAP_CNT_FAIL xfail:0 xpass:0 skip:$KTAP_CNT_SKIP error:0"
}

ktap_exit_fail_msg()
{
	echo "Bail out! $*"
	ktap_print_totals
	exit "$KSFT_FAIL"
}

ktap_finished()
{
	ktap_print_totals
	if [ $((KTAP_CNT_PASS + KTAP_CNT_SKIP)) -eq "$KTAP_PLAN" ]; then
		exit "$KSFT_PASS"
	fi
	exit "$KSFT_FAIL"
}
