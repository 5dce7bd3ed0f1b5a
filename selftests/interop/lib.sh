#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the interop tests: sourced as source "$(dirname "$0")/lib.sh".
# Each test records the processes it starts in pid[NAME] and its network
# namespaces in ns[NAME]; the EXIT trap stops and deletes them.
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), FRR_BGPD (default: /usr/lib/frr/bgpd), VTYSH (default: vtysh).

ksft_skip=4
here=$(cd "$(dirname "$0")" && pwd)
for bin in "${O:-/nonexistent}/test" "$here/../test" "$here/../../build/test"; do
	[ -x "$bin/dpubgpd" ] && break
done
DPUBGPD=${DPUBGPD:-$bin/dpubgpd}
DPUBGPCTL=${DPUBGPCTL:-$bin/dpubgpctl}
FRR_BGPD=${FRR_BGPD:-/usr/lib/frr/bgpd}
VTYSH=${VTYSH:-vtysh}
PORT=1179
# wait_for's polling interval.
WAIT_INTERVAL=0.2

suffix=$(mktemp -u XXXXXX)
SW=
tmp=
declare -A ns pid addr4 addr6

cleanup()
{
	local n

	# A test may have stopped (SIGSTOP) a speaker.
	for n in "${!pid[@]}"; do
		[ -n "${pid[$n]}" ] && kill -CONT "${pid[$n]}" 2>/dev/null &&
			kill "${pid[$n]}" 2>/dev/null
	done
	wait 2>/dev/null
	for n in "${ns[@]}" $SW; do
		ip netns del "$n" 2>/dev/null
	done
	[ -n "$tmp" ] && rm -rf "$tmp"
}
trap cleanup EXIT

skip_all()
{
	echo "TAP version 13"
	echo "1..0 # SKIP $1"
	exit $ksft_skip
}

# require NEED...: skip the whole test unless run as root and every NEED
# is there: frr (FRR's bgpd), vtysh, jq, socat, bird ($BIRD), dpubgpd,
# bgp_peer ($BGP_PEER), bgp_inject ($BGP_INJECT).
require()
{
	local need

	[ "$(id -u)" = 0 ] || skip_all "needs root for network namespaces"
	for need in "$@"; do
		case $need in
		frr) [ -x "$FRR_BGPD" ] ||
			skip_all "no $FRR_BGPD: apt-get install frr" ;;
		vtysh|jq|socat) command -v "${need/vtysh/$VTYSH}" > /dev/null ||
			skip_all "no $need" ;;
		bird) command -v "$BIRD" > /dev/null ||
			skip_all "no $BIRD: apt-get install bird2" ;;
		dpubgpd) [ -x "$DPUBGPD" ] ||
			skip_all "no $DPUBGPD: build userspace" ;;
		bgp_peer) [ -x "$BGP_PEER" ] ||
			skip_all "no $BGP_PEER: build selftests/interop" ;;
		bgp_inject) [ -x "$BGP_INJECT" ] ||
			skip_all "no $BGP_INJECT: build selftests/interop" ;;
		*) skip_all "require: unknown need $need" ;;
		esac
	done
}

# plan_and_setup [WHAT]: the KTAP plan, then the test's setup; if that
# fails, "Bail out! cannot WHAT" (default: build the namespaces).
# shellcheck disable=SC2120 # rfc7606.sh passes WHAT
plan_and_setup()
{
	ktap_plan
	if ! setup; then
		echo "Bail out! cannot ${1:-build the namespaces}"
		exit 1
	fi
}

# fabric_main: the main of a test on the fabric of $NODES with FRR:
# every node and FRR started, then $ALL_TESTS.
fabric_main()
{
	local node

	require frr vtysh jq dpubgpd
	plan_and_setup
	for node in $NODES; do
		start_node "$node"
	done
	start_frr
	run_tests node_logs
	exit
}

# wait_for SECONDS CMD...: poll CMD every $WAIT_INTERVAL s until it
# succeeds.
wait_for()
{
	local end=$((SECONDS + $1))

	shift
	while [ $SECONDS -lt $end ]; do
		"$@" && return 0
		sleep $WAIT_INTERVAL
	done
	"$@"
}

# ktap_plan: the KTAP header and plan for $ALL_TESTS.
ktap_plan()
{
	echo "TAP version 13"
	echo "1..$(echo $ALL_TESTS | wc -w)"
}

# run_tests DIAG [RUNNER]: run $ALL_TESTS, a KTAP line each; DIAG prints
# diagnostics before a "not ok". A test is a function, or with RUNNER
# the argument of "RUNNER TEST". A test that returns $ksft_skip is
# reported "ok N TEST # SKIP $SKIP_REASON". Returns 1 if any failed.
run_tests()
{
	local n=0 t ret=0 rc

	for t in $ALL_TESTS; do
		n=$((n + 1))
		${2:-} $t
		rc=$?
		if [ $rc = 0 ]; then
			echo "ok $n $t"
		elif [ $rc = $ksft_skip ]; then
			echo "ok $n $t # SKIP $SKIP_REASON"
		else
			ret=1
			$1
			echo "not ok $n $t"
		fi
	done
	return $ret
}

# The fabric: namespaces on a bridge br0 in a switch namespace, each
# with eth0 at addr4[NAME]/24 and addr6[NAME]/64.
setup_node()
{
	local n=$1

	ns[$n]=$n-$suffix
	ip netns add "${ns[$n]}" || return 1
	ip -n "${ns[$n]}" link add eth0 type veth peer name "p-$n" \
		netns "$SW" || return 1
	ip -n "$SW" link set "p-$n" master br0 up
	ip -n "${ns[$n]}" link set lo up
	ip -n "${ns[$n]}" addr add "${addr4[$n]}/24" dev eth0
	ip -n "${ns[$n]}" addr add "${addr6[$n]}/64" dev eth0 nodad
	ip -n "${ns[$n]}" link set eth0 up
}

# setup_fabric NAME...: the switch and these nodes on it, and $tmp.
setup_fabric()
{
	local n

	SW=sw-$suffix
	ip netns add "$SW" || return 1
	ip -n "$SW" link add br0 type bridge || return 1
	ip -n "$SW" link set br0 up
	for n in "$@"; do
		setup_node "$n" || return 1
	done
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
}

# node_logs: the tail of each node's log, as diagnostics.
node_logs()
{
	local node

	for node in $NODES; do
		echo "# $node's log:"
		tail -n 15 "$tmp/$node.log" | sed 's/^/#   /'
	done
}

# start_node NODE: dpubgpd as NODE in ns[NODE], from $tmp/dpubgp.yaml.
start_node()
{
	local n=$1

	ip netns exec "${ns[$n]}" "$DPUBGPD" -c "$tmp/dpubgp.yaml" -n "$n" \
		-s "$tmp/$n.sock" -l debug 2>> "$tmp/$n.log" &
	pid[$n]=$!
}

# stop_nodes NODE...: SIGTERM them; they exit 0, and no log in $tmp
# has a sanitizer report (no leak).
stop_nodes()
{
	local n ret=0

	for n in "$@"; do
		kill -TERM "${pid[$n]}" && wait "${pid[$n]}" || ret=1
		pid[$n]=
	done
	! grep -l "Sanitizer" "$tmp"/*.log && return $ret
}

ctl()
{
	local n=$1

	shift
	ip netns exec "${ns[$n]}" "$DPUBGPCTL" -s "$tmp/$n.sock" "$@"
}

# peer NODE ADDR FIELD: a member of the node's status of that peer.
peer()
{
	ctl "$1" status -o json 2>/dev/null |
		jq -r --arg a "$2" ".peers[] | select(.address == \$a) | .$3"
}

# status NODE FIELD: a member of the node's status.
status()
{
	ctl "$1" status -o json 2>/dev/null | jq -r ".$2"
}

peer_up()
{
	[ "$(peer "$1" "$2" fsm)" = Established ]
}

# frr_run NAME NETNS DIR PORT: FRR's bgpd alone (no zebra, no kernel
# routes) in NETNS from DIR/bgpd.conf, listening on PORT, its pid file,
# vty socket and output in DIR; pid[NAME].
frr_run()
{
	ip netns exec "$2" "$FRR_BGPD" -Z -S -n -p "$4" -f "$3/bgpd.conf" \
		-i "$3/bgpd.pid" --vty_socket "$3" >> "$3/frr.out" 2>&1 &
	pid[$1]=$!
}

# vtysh_at NETNS DIR ARG...: vtysh on the bgpd frr_run started there.
vtysh_at()
{
	ip netns exec "$1" "$VTYSH" --vty_socket "$2" "${@:3}"
}

# frr_networks NETNS DIR AS NO P4 P6 [ROUTE_MAP]: that bgpd announces
# (NO empty) or withdraws (NO "no") IPv4 prefix P4 and IPv6 prefix P6
# with "network", through ROUTE_MAP. Retried until that bgpd's vty
# answers (it may still be starting); the commands are idempotent.
frr_networks()
{
	local rm=${7:+ route-map $7}

	wait_for 10 vtysh_at "$1" "$2" -c "configure terminal" -c "router bgp $3" \
		-c "address-family ipv4 unicast" -c "$4 network $5$rm" \
		-c "exit-address-family" -c "address-family ipv6 unicast" \
		-c "$4 network $6$rm" > /dev/null
}

# start_frr: FRR's bgpd in ns[frr] from $tmp/bgpd.conf, on $PORT.
start_frr()
{
	frr_run frr "${ns[frr]}" "$tmp" "$PORT"
}

vtysh()
{
	vtysh_at "${ns[frr]}" "$tmp" "$@"
}

# frr_neighbor ADDR FIELD: the field of FRR's "show bgp neighbors" JSON.
frr_neighbor()
{
	vtysh -c "show bgp neighbors $1 json" 2>/dev/null |
		jq -r --arg n "$1" '.[$n].'"$2"' // empty'
}

# start_frr_ns NAME [PORT]: one more FRR bgpd, in ns[NAME], from
# $tmp/NAME/bgpd.conf, on PORT (default $PORT; 0: not listening), with
# its pid file and vty socket in $tmp/NAME.
start_frr_ns()
{
	local n=$1

	ip netns exec "${ns[$n]}" "$FRR_BGPD" -Z -S -n -p "${2:-$PORT}" \
		-f "$tmp/$n/bgpd.conf" -i "$tmp/$n/bgpd.pid" \
		--vty_socket "$tmp/$n" >> "$tmp/$n/frr.out" 2>&1 &
	pid[$n]=$!
}

# vtysh_ns NAME ARG...: vtysh of the FRR that start_frr_ns NAME started.
vtysh_ns()
{
	local n=$1

	shift
	ip netns exec "${ns[$n]}" "$VTYSH" --vty_socket "$tmp/$n" "$@"
}
