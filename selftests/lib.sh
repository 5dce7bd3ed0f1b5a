# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The helpers of dpubgp's shell selftests, in the shape of the kernel's
# net/lib.sh, sourced by each collection's own lib.sh (selftests/dpubgp,
# selftests/interop), which adds what only its tests need. Installed
# beside the collections (TEST_INCLUDES, see common.mk), as the KTAP
# emitter is, kselftest/ktap_helpers.sh.
#
# A test lists its test functions in ALL_TESTS and ends with
#
#	require_root
#	require_cmd ip jq ...
#	plan_and_setup          (when it has a setup function)
#	run_all_tests
#
# which prints the KTAP header, the plan (the number of ALL_TESTS), one
# result per test, the totals, and exits 0 or 1 (4 when skip_all skipped
# it all). A test returns non-zero on failure after saying why with
# ktap_print_msg, or $KSFT_SKIP to be skipped for $SKIP_REASON.
#
# What a test starts is undone on exit, whatever happens: the namespaces
# of ns_create (ns[NAME]), the processes it records in pid[NAME] (its
# other background jobs must end with them), and the directory $tmp.

source "$(dirname "${BASH_SOURCE[0]}")/kselftest/ktap_helpers.sh"

declare -gA ns pid
tmp=
SKIP_REASON=
# slowwait's polling period, in seconds.
SLOWWAIT_INTERVAL=0.1
# The namespaces of a run share it: runs at the same time do not collide.
ns_suffix=$(mktemp -u XXXXXX)
planned=

skip_all()
{
	ktap_print_header
	ktap_skip_all "$*"
	exit "$KSFT_SKIP"
}

require_root()
{
	[ "$(id -u)" = 0 ] || skip_all "needs root"
}

# require_cmd CMD...: skip the whole test unless each CMD, a command or
# the path of a program, is there.
require_cmd()
{
	local cmd

	for cmd in "$@"; do
		command -v "$cmd" > /dev/null || skip_all "$cmd not found"
	done
}

# ns_create NAME...: a namespace NAME-<suffix of the run> each, lo up,
# in ns[NAME].
ns_create()
{
	local name

	for name in "$@"; do
		ns[$name]=$name-$ns_suffix
		ip netns add "${ns[$name]}" || return 1
		ip -n "${ns[$name]}" link set lo up
	done
}

ns_cleanup()
{
	local n

	for n in "${ns[@]}"; do
		ip netns del "$n" 2> /dev/null
	done
	ns=()
}

cleanup()
{
	local p

	# A test may have stopped (SIGSTOP) a process.
	for p in "${pid[@]}"; do
		[ -n "$p" ] && kill -CONT "$p" 2> /dev/null &&
			kill "$p" 2> /dev/null
	done
	wait 2> /dev/null
	ns_cleanup
	[ -z "$tmp" ] || rm -rf "$tmp"
}
trap cleanup EXIT

# slowwait SECONDS CMD...: run CMD every $SLOWWAIT_INTERVAL s until it
# succeeds; fail when it still does not once SECONDS have passed.
slowwait()
{
	local deadline=$((${EPOCHREALTIME/[.,]/} + $1 * 1000000))

	shift
	until "$@"; do
		[ "${EPOCHREALTIME/[.,]/}" -lt "$deadline" ] || return 1
		sleep "$SLOWWAIT_INTERVAL"
	done
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq()
{
	[ "$2" = "$3" ] && return 0
	ktap_print_msg "$1: expected '$2', got '$3'"
	return 1
}

# expect_error SENTENCE CMD...: CMD must exit 1 and print SENTENCE (a
# substring) on stderr.
expect_error()
{
	local want=$1 err rc

	shift
	err=$("$@" 2>&1 > /dev/null)
	rc=$?
	if [ $rc -ne 1 ]; then
		ktap_print_msg "'$*' exited $rc, expected 1 (stderr: $err)"
		return 1
	fi
	case "$err" in
	*"$want"*) return 0 ;;
	esac
	ktap_print_msg "'$*' printed '$err', expected '$want'"
	return 1
}

# The header and the plan, once.
plan_all_tests()
{
	local tests

	[ -z "$planned" ] || return 0
	planned=1
	# shellcheck disable=SC2206 # the list's words
	tests=($ALL_TESTS)
	ktap_print_header
	ktap_set_plan ${#tests[@]}
}

# plan_and_setup [WHAT]: the plan, then the test's function setup; if
# that fails, "Bail out! cannot WHAT" (default: build the topology).
plan_and_setup()
{
	plan_all_tests
	setup || ktap_exit_fail_msg "cannot ${1:-build the topology}"
}

# run_all_tests [ON_FAIL [RUNNER]]: a result for each of $ALL_TESTS, a
# function, or with RUNNER the argument of "RUNNER TEST"; ON_FAIL prints
# diagnostics before a "not ok". Then the totals, and exit.
run_all_tests()
{
	local on_fail=${1:-} runner=${2:-} t rc

	plan_all_tests
	for t in $ALL_TESTS; do
		${runner:+"$runner"} "$t"
		rc=$?
		if [ $rc = 0 ]; then
			ktap_test_pass "$t"
		elif [ $rc = "$KSFT_SKIP" ]; then
			ktap_test_skip "$t" "$SKIP_REASON"
		else
			${on_fail:+"$on_fail"}
			ktap_test_fail "$t"
		fi
	done
	ktap_finished
}
