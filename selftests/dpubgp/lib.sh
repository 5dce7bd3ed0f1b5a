# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by dpubgp's shell kselftests, in the shape of the kernel's
# net selftests: uniquely named namespaces that are removed on exit whatever
# happens, KTAP output over an ALL_TESTS list, and waiting on a condition
# with a deadline instead of sleeping.
#
# A test function returns non-zero on failure after saying why with diag;
# run_all_tests prints one KTAP result per function and exits 0, 1 or 4.

ksft_skip=4
: "${DPUBGPCTL:=dpubgpctl}"
: "${DPUBGP_KO:=}"

NAMESPACES=""

diag()
{
	echo "# $*"
}

skip_all()
{
	echo "TAP version 13"
	echo "1..0 # SKIP $*"
	exit $ksft_skip
}

require_cmd()
{
	local cmd

	for cmd in "$@"; do
		command -v "$cmd" >/dev/null || skip_all "$cmd not found"
	done
}

require_root()
{
	[ "$(id -u)" -eq 0 ] || skip_all "needs root"
}

# ns_create VAR: create a namespace with a name unique to this run and
# store its name in VAR.
ns_create()
{
	local name="dpubgp-$1-$$"

	ip netns add "$name" || return 1
	ip -n "$name" link set lo up
	NAMESPACES="$NAMESPACES $name"
	eval "$1=$name"
}

ns_cleanup()
{
	local ns

	for ns in $NAMESPACES; do
		ip netns del "$ns" 2>/dev/null
	done
	NAMESPACES=""
}

# vrf_create NS NAME TABLE: a VRF ending with unreachable defaults, as the
# kernel's forwarding/lib.sh builds them.
vrf_create()
{
	local ns=$1 vrf=$2 table=$3

	ip -n "$ns" link add "$vrf" type vrf table "$table" &&
	ip -n "$ns" link set "$vrf" up &&
	ip -n "$ns" -4 route add table "$table" unreachable default metric 4278198272 &&
	ip -n "$ns" -6 route add table "$table" unreachable default metric 4278198272
}

# ctl NS ARGS...: dpubgpctl inside a namespace.
ctl()
{
	local ns=$1

	shift
	ip netns exec "$ns" "$DPUBGPCTL" "$@"
}

# expect_eq WHAT EXPECTED ACTUAL
expect_eq()
{
	[ "$2" = "$3" ] && return 0
	diag "$1: expected '$2', got '$3'"
	return 1
}

# expect_error SENTENCE CMD...: CMD must exit 1 and print SENTENCE (a
# substring) on stderr.
expect_error()
{
	local want=$1 err rc

	shift
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	if [ $rc -ne 1 ]; then
		diag "'$*' exited $rc, expected 1 (stderr: $err)"
		return 1
	fi
	case "$err" in
	*"$want"*) return 0 ;;
	esac
	diag "'$*' printed '$err', expected '$want'"
	return 1
}

# slowwait SECONDS CMD...: poll CMD until it succeeds or the deadline passes.
slowwait()
{
	local deadline=$(($(date +%s) + $1))

	shift
	until "$@"; do
		[ "$(date +%s)" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

run_all_tests()
{
	local t n=0 failed=0

	echo "TAP version 13"
	echo "1..$(echo $ALL_TESTS | wc -w)"
	for t in $ALL_TESTS; do
		n=$((n + 1))
		if $t; then
			echo "ok $n $t"
		else
			echo "not ok $n $t"
			failed=1
		fi
	done
	return $failed
}

trap ns_cleanup EXIT
