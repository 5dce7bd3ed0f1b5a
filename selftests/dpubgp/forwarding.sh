#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The forwarding path, IPv4 and IPv6: the source filter of a port (R1),
# the leak of a tenant route into the underlay (R2), the return of its
# host's packets by the underlay (R3, R4), the route counters, host
# prefixes beside tenant routes, and an anycast VIP leaked through two
# ports.
#
#  +------ ns "host" ------+
#  | lo: 203.0.113.10/32    |  VIPs, the tenant's anycast services
#  |     2001:db8:100::10   |
#  |     198.51.100.66/32   |  spoofed sources
#  |     2001:db8:bad::66   |
#  | h0: 10.0.0.2/24        |
#  |     fd00::2/64         |
#  | h1 (no address)        |
#  +-----------|---|--------+
#              |   |
#  +-----------|---|----------- ns "dpu" ------------------------------+
#  |  +--------|---|----- vpc-blue (VRF, table 100) ---------------+   |
#  |  | t0 (port): 10.0.0.1/24, fd00::1/64                         |   |
#  |  |   src-filter on, host 10.0.0.2, host fd00::2               |   |
#  |  | t1 (port): src-filter on, host 10.0.1.2, host fd00:1::2    |   |
#  |  | o0: 10.1.0.1/24, fd01::1/64                                |   |
#  |  | table 100: VIPs via the host on t0 (as dpubgpd installs)   |   |
#  |  +--------|---------------------------------------------------+   |
#  |  u0 (default VRF): 10.2.0.1/24, fd02::1/64                        |
#  +-----------|--------------------------------------|----------------+
#              |                                      |
#  +--- ns "overlay" ----+               +--- ns "underlay" ---+
#  | o1: 10.1.0.2/24      |               | u1: 10.2.0.2/24     |
#  |     fd01::2/64       |               |     fd02::2/64      |
#  +----------------------+               +---------------------+
#
# Requires CONFIG_NET_VRF, CONFIG_VETH, CONFIG_NET_NS, dpubgp.ko loaded,
# ping and socat.

ALL_TESTS="
	src_filter
	no_leak
	leak_underlay
	drop_overlay
	route_deleted
	counters
	host_and_route
	anycast
"

source "$(dirname "$0")/lib.sh"

VIP4=203.0.113.10
VIP6=2001:db8:100::10

setup()
{
	dpu_topology t1 &&
	addrs host lo $VIP4/32 $VIP6/128 &&
	addrs host lo 198.51.100.66/32 2001:db8:bad::66/128 || return 1

	ip -n "${ns[dpu]}" route add table 100 $VIP4/32 via 10.0.0.2 dev t0 &&
	ip -n "${ns[dpu]}" -6 route add table 100 $VIP6/128 via fd00::2 dev t0 &&
	ctl dpu kernel port set t0 src-filter on host 10.0.0.2 host fd00::2 &&
	ctl dpu kernel port set t1 src-filter on host 10.0.1.2 \
		host fd00:1::2 || return 1

	# -t 5: a client sends EOF first (see tcp_hello), and the listener
	# must not close before its echo writes. The listeners go with their
	# namespace's last socket user: cleanup kills them.
	ip netns exec "${ns[host]}" socat -t 5 TCP-LISTEN:8080,reuseaddr,fork \
		SYSTEM:'echo hello' &
	pid[listen4]=$!
	ip netns exec "${ns[host]}" socat -t 5 \
		TCP6-LISTEN:8080,ipv6only=1,reuseaddr,fork SYSTEM:'echo hello' &
	pid[listen6]=$!
	slowwait 5 listening
}

listening()
{
	[ "$(ip netns exec "${ns[host]}" ss -Hltn 'sport = 8080' | wc -l)" -eq 2 ]
}

# tcp_hello NS DST: a TCP connection to the host's listener. The client
# sends EOF at once (stdin is empty); it and the listener then wait up to
# 5 s (-t) for the answer: socat's default half a second is shorter than
# the listener's fork and exec of echo on the debug kernel under TCG.
tcp_hello()
{
	local out

	out=$(ip netns exec "${ns[$1]}" timeout 10 socat -t 5 -T 5 - \
		"TCP:$2:8080,connect-timeout=3" </dev/null 2>/dev/null)
	[ "$out" = hello ] && return 0
	ktap_print_msg "TCP to $2 from $1: got '$out'"
	return 1
}

# route_add [leak KIND]: the VIPs as fresh tenant routes of t0 (counters
# at 0), whatever a failed test left behind.
route_add()
{
	ctl dpu kernel route del $VIP4/32 dev t0 2>/dev/null
	ctl dpu kernel route del $VIP6/128 dev t0 2>/dev/null
	ctl dpu kernel route add $VIP4/32 dev t0 "$@" &&
	ctl dpu kernel route add $VIP6/128 dev t0 "$@"
}

route_del()
{
	ctl dpu kernel route del $VIP4/32 dev t0 &&
	ctl dpu kernel route del $VIP6/128 dev t0
}

drops()
{
	ctl dpu kernel show -o json | jq -r '.ports[0].drops'
}

# route_counters PREFIX: "packets bytes" of the route of PREFIX.
route_counters()
{
	ctl dpu kernel show -o json |
		jq -r --arg p "$1" '.routes[] | select(.prefix == $p) |
			"\(.packets) \(.bytes)"'
}

# Spoofed sources are dropped and counted, and a port set keeps the count;
# the host's addresses and the VIP, a tenant route of the port, pass.
src_filter()
{
	local before

	route_add || return 1
	expect_reach "host address" host 10.1.0.2 &&
	expect_reach "host address" host fd01::2 &&
	expect_reach "VIP source" host 10.1.0.2 -I $VIP4 &&
	expect_reach "VIP source" host fd01::2 -I $VIP6 || return 1

	before=$(drops)
	expect_no_reach "spoofed" host 10.1.0.2 -I 198.51.100.66 &&
	expect_no_reach "spoofed" host fd01::2 -I 2001:db8:bad::66 ||
		return 1
	expect_eq "drops counted" $((before + 4)) "$(drops)" || return 1
	t0_hosts || return 1
	expect_eq "drops kept by a port set" $((before + 4)) "$(drops)" ||
		return 1
	route_del
}

# A route without flags: the overlay reaches the VIP, the underlay not.
no_leak()
{
	route_add || return 1
	expect_reach "overlay" overlay $VIP4 &&
	expect_reach "overlay" overlay $VIP6 &&
	expect_no_reach "underlay" underlay $VIP4 &&
	expect_no_reach "underlay" underlay $VIP6 || return 1
	route_del
}

leak_underlay()
{
	route_add leak underlay || return 1
	expect_reach "overlay" overlay $VIP4 &&
	expect_reach "overlay" overlay $VIP6 &&
	expect_reach "underlay" underlay $VIP4 &&
	expect_reach "underlay" underlay $VIP6 &&
	tcp_hello underlay $VIP4 &&
	tcp_hello underlay "[$VIP6]" &&
	tcp_hello overlay $VIP4 || return 1
	route_del
}

# The host's answers from the VIP go by the underlay: the overlay's
# requests get there but their answers do not come back.
drop_overlay()
{
	route_add leak drop-overlay || return 1
	expect_reach "underlay" underlay $VIP4 &&
	expect_reach "underlay" underlay $VIP6 &&
	tcp_hello underlay $VIP4 &&
	expect_no_reach "overlay" overlay $VIP4 &&
	expect_no_reach "overlay" overlay $VIP6 || return 1
	route_del
}

# Without its route, the VIP is neither reached from the underlay nor a
# source the filter lets through.
route_deleted()
{
	route_add leak underlay || return 1
	expect_reach "underlay" underlay $VIP4 || return 1
	route_del || return 1
	expect_no_reach "underlay" underlay $VIP4 &&
	expect_no_reach "underlay" underlay $VIP6 &&
	expect_no_reach "overlay" overlay $VIP4 &&
	expect_no_reach "overlay" overlay $VIP6
}

# Five echoes from the underlay: five requests in, five answers out, each
# matching the route (84 and 104 bytes: 56 bytes of data).
counters()
{
	local n=5 vip

	route_add leak underlay || return 1
	for vip in $VIP4 $VIP6; do
		ip netns exec "${ns[underlay]}" ping -q -c $n -i 0.2 -w 10 "$vip" \
			>/dev/null ||
			{ ktap_print_msg "pings from the underlay failed"; return 1; }
	done
	expect_eq "IPv4 counters" "$((2 * n)) $((2 * n * 84))" \
		"$(route_counters $VIP4/32)" &&
	expect_eq "IPv6 counters" "$((2 * n)) $((2 * n * 104))" \
		"$(route_counters $VIP6/128)" || return 1
	route_del
}

# t0_hosts [PREFIX...]: t0's host prefixes, the host's addresses and these.
t0_hosts()
{
	local args=(host 10.0.0.2 host fd00::2) p

	for p in "$@"; do
		args+=(host "$p")
	done
	ctl dpu kernel port set t0 src-filter on "${args[@]}"
}

# expect_source_count WHAT SRC PREFIX N: N echoes from the host's source
# SRC to the overlay count N packets of 84 bytes on t0's route of PREFIX.
expect_source_count()
{
	local n=$4

	ip netns exec "${ns[host]}" ping -q -c "$n" -i 0.2 -w 10 -I "$2" 10.1.0.2 \
		>/dev/null || { ktap_print_msg "$1: echoes from $2 failed"; return 1; }
	expect_eq "$1: counters of $3" "$n $((n * 84))" "$(route_counters "$3")"
}

# Host prefixes and tenant routes share the port's source table. The VIPs
# as both: the echoes from a VIP count on its route; without the route
# the host prefix lets them through, and without the host prefix the
# route. A route around the host's address counts its echoes.
host_and_route()
{
	local n=3

	t0_hosts $VIP4 $VIP6 && route_add || return 1
	expect_source_count "VIP both" $VIP4 $VIP4/32 $n || return 1
	route_del || return 1
	expect_reach "VIP host prefix" host 10.1.0.2 -I $VIP4 &&
	expect_reach "VIP host prefix" host fd01::2 -I $VIP6 || return 1
	route_add && t0_hosts || return 1
	expect_reach "VIP route" host 10.1.0.2 -I $VIP4 &&
	expect_reach "VIP route" host fd01::2 -I $VIP6 || return 1
	route_del || return 1
	expect_no_reach "VIP neither" host 10.1.0.2 -I $VIP4 &&
	expect_no_reach "VIP neither" host fd01::2 -I $VIP6 || return 1

	ctl dpu kernel route add 10.0.0.0/24 dev t0 || return 1
	expect_source_count "route around" 10.0.0.2 10.0.0.0/24 $n || return 1
	ctl dpu kernel route del 10.0.0.0/24 dev t0 || return 1
	expect_reach "host address" host 10.1.0.2
}

# port_packets PREFIX: the packets of the routes of PREFIX on t0 and t1,
# "-" for a port without one.
port_packets()
{
	ctl dpu kernel show -o json |
		jq -r --arg p "$1" '[("t0", "t1") as $d |
			[.routes[] | select(.prefix == $p and .ifname == $d) |
			 .packets][0] // "-" | tostring] | join(" ")'
}

# delta BEFORE AFTER: AFTER - BEFORE, or - when there was no route.
delta()
{
	if [ "$1" = - ] || [ "$2" = - ]; then
		echo -
	else
		echo $(($2 - $1))
	fi
}

# expect_underlay_count VIP N T0 T1: N echoes from the underlay to VIP
# add T0 and T1 packets to its routes on t0 and t1 (- for no route).
expect_underlay_count()
{
	local vip=$1 n=$2 prefix=$1/32 b0 b1 a0 a1

	[[ $vip == *:* ]] && prefix=$vip/128
	read -r b0 b1 <<< "$(port_packets "$prefix")"
	ip netns exec "${ns[underlay]}" ping -q -c "$n" -i 0.2 -w 10 "$vip" \
		>/dev/null || { ktap_print_msg "echoes from the underlay to $vip failed"; return 1; }
	read -r a0 a1 <<< "$(port_packets "$prefix")"
	expect_eq "$prefix: packets on t0 and t1" "$3 $4" \
		"$(delta "$b0" "$a0") $(delta "$b1" "$a1")"
}

# anycast_t1 [leak KIND | none]: the VIPs as fresh tenant routes of t1
# with those flags, or no routes of t1 for them.
anycast_t1()
{
	local vip

	for vip in $VIP4/32 $VIP6/128; do
		ctl dpu kernel route del "$vip" dev t1 2>/dev/null
		[ "${1-}" = none ] && continue
		ctl dpu kernel route add "$vip" dev t1 "$@" || return 1
	done
}

# The VIPs announced through t1 and then t0, both leaking: the leak
# holds t1's routes (the first added: the underlay's requests count
# there) and hands over to t0's when they go; the VIPs leave the
# underlay when no port leaks them, though both ports still have them.
# The host answers through t0 only, so t0 always has the VIPs: its
# routes count the answers and, leaking, let them out by the underlay.
anycast()
{
	local n=3

	anycast_t1 leak drop-overlay && route_add leak underlay || return 1
	expect_underlay_count $VIP4 $n $n $n &&
	expect_underlay_count $VIP6 $n $n $n || return 1

	anycast_t1 none || return 1
	expect_underlay_count $VIP4 $n $((2 * n)) - &&
	expect_underlay_count $VIP6 $n $((2 * n)) - || return 1

	anycast_t1 && route_add || return 1
	expect_no_reach "underlay" underlay $VIP4 &&
	expect_no_reach "underlay" underlay $VIP6 || return 1
	anycast_t1 none && route_del
}

require_root
require_cmd ip jq ping socat ss timeout "$DPUBGPCTL"
plan_and_setup
run_all_tests
