#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# BIRD 2 as an external peer of dpubgpd over IPv4 and IPv6: BIRD (AS
# 65020) announces static routes to node n1, and gets from n1 what FRR
# (AS 65010, IPv4) announced to it, AS_PATH prepended, next hop self.
#
#   +---------+  +-------------------+  +-------------------+
#   | ns n1   |  | ns bird           |  | ns frr            |
#   | dpubgpd |  | BIRD 2 AS 65020   |  | FRR bgpd AS 65010 |
#   | .1 ::1  |  | .20 ::20          |  | .10               |
#   +--eth0---+  +--eth0-------------+  +--eth0-------------+
#        |            |                      |
#   +----+------------+----------------------+-- ns sw: br0 --+
#   |  10.0.1.0/24, fd00:1::/64, BGP on port 1179              |
#   +----------------------------------------------------------+
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), BIRD (default: bird), BIRDC (default: birdc), FRR_BGPD
# (default: /usr/lib/frr/bgpd).

ksft_skip=4
here=$(cd "$(dirname "$0")" && pwd)
for bin in "${O:-/nonexistent}/test" "$here/../test" "$here/../../build/test"; do
	[ -x "$bin/dpubgpd" ] && break
done
DPUBGPD=${DPUBGPD:-$bin/dpubgpd}
DPUBGPCTL=${DPUBGPCTL:-$bin/dpubgpctl}
FRR_BGPD=${FRR_BGPD:-/usr/lib/frr/bgpd}
BIRD=${BIRD:-bird}
BIRDC=${BIRDC:-birdc}
PORT=1179
DEADLINE=15
NODES="n1"
ALL_TESTS="bird_established routes_from_bird routes_to_bird clean_exit"

suffix=$(mktemp -u XXXXXX)
SW=sw-$suffix
tmp=
frr_pid=
bird_pid=
declare -A ns pid addr4 addr6
addr4=([n1]=10.0.1.1 [frr]=10.0.1.10 [bird]=10.0.1.20)
addr6=([n1]=fd00:1::1 [frr]=fd00:1::10 [bird]=fd00:1::20)

cleanup()
{
	local n

	[ -n "$frr_pid" ] && kill -CONT "$frr_pid" 2>/dev/null
	for n in "${!pid[@]}"; do
		[ -n "${pid[$n]}" ] && kill "${pid[$n]}" 2>/dev/null
	done
	[ -n "$frr_pid" ] && kill "$frr_pid" 2>/dev/null
	[ -n "$bird_pid" ] && kill "$bird_pid" 2>/dev/null
	wait 2>/dev/null
	for n in "${ns[@]}" "$SW"; do
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

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds.
wait_for()
{
	local end=$((SECONDS + $1))

	shift
	while [ $SECONDS -lt $end ]; do
		"$@" && return 0
		sleep 0.2
	done
	"$@"
}

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

setup()
{
	local n

	ip netns add "$SW" || return 1
	ip -n "$SW" link add br0 type bridge || return 1
	ip -n "$SW" link set br0 up
	for n in $NODES frr bird; do
		setup_node "$n" || return 1
	done
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	cat > "$tmp/dpubgp.yaml" <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  n1: {ipv4: 10.0.1.1, ipv6: "fd00:1::1"}
	node_peers:
	  n1: [{ip: 10.0.1.20, as: 65020}, {ip: "fd00:1::20", as: 65020},
	       {ip: 10.0.1.10, as: 65010}]
	EOD
	cat > "$tmp/bgpd.conf" <<-EOC
	frr defaults traditional
	hostname frr
	log file $tmp/frr.log
	router bgp 65010
	 bgp router-id 10.0.1.10
	 no bgp ebgp-requires-policy
	 no bgp network import-check
	 neighbor 10.0.1.1 remote-as 64511
	 neighbor 10.0.1.1 port $PORT
	 neighbor 10.0.1.1 timers connect 1
	 address-family ipv4 unicast
	  network 192.0.2.0/24
	 exit-address-family
	EOC
	cat > "$tmp/bird.conf" <<-EOC
	log "$tmp/bird.log" all;
	router id 10.0.1.20;
	protocol device {}
	protocol static s4 { ipv4; route 203.0.113.0/24 blackhole; }
	protocol static s6 { ipv6; route 2001:db8:2::/48 blackhole; }
	protocol bgp n1_v4 {
		local 10.0.1.20 port $PORT as 65020;
		neighbor 10.0.1.1 port $PORT as 64511;
		connect retry time 1;
		ipv4 { import all; export all; };
	}
	protocol bgp n1_v6 {
		local fd00:1::20 port $PORT as 65020;
		neighbor fd00:1::1 port $PORT as 64511;
		connect retry time 1;
		ipv6 { import all; export all; };
	}
	EOC
}

start_bird()
{
	ip netns exec "${ns[bird]}" "$BIRD" -c "$tmp/bird.conf" \
		-s "$tmp/bird.ctl" -P "$tmp/bird.pid" -f >> "$tmp/bird.out" 2>&1 &
	bird_pid=$!
}

birdc()
{
	ip netns exec "${ns[bird]}" "$BIRDC" -s "$tmp/bird.ctl" "$@"
}

start_node()
{
	local n=$1

	ip netns exec "${ns[$n]}" "$DPUBGPD" -c "$tmp/dpubgp.yaml" -n "$n" \
		-s "$tmp/$n.sock" -l debug 2>> "$tmp/$n.log" &
	pid[$n]=$!
}

start_frr()
{
	ip netns exec "${ns[frr]}" "$FRR_BGPD" -Z -S -n -p "$PORT" \
		-f "$tmp/bgpd.conf" -i "$tmp/bgpd.pid" --vty_socket "$tmp" \
		>> "$tmp/frr.out" 2>&1 &
	frr_pid=$!
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

bird_up()
{
	peer_up n1 10.0.1.20 && peer_up n1 fd00:1::20 &&
		[ "$(birdc show protocols | grep -cE '^n1_v[46] +BGP .* up .*Established')" = 2 ]
}

bird_established()
{
	wait_for $DEADLINE bird_up || { birdc show protocols | sed 's/^/# /'; return 1; }
	birdc show protocols | grep n1_ | sed 's/^/# BIRD: /'
}

n1_has_bird_routes()
{
	[ "$(peer n1 10.0.1.20 routes_in)" = 1 ] &&
		[ "$(peer n1 fd00:1::20 routes_in)" = 1 ] &&
		ctl n1 rib | grep -q '^203.0.113.0/24 .* as_path \[65020\]' &&
		ctl n1 rib | grep -q '^2001:db8:2::/48 .* as_path \[65020\]'
}

routes_from_bird()
{
	wait_for $DEADLINE n1_has_bird_routes || { ctl n1 rib | sed 's/^/# /'; return 1; }
	ctl n1 rib | sed 's/^/# n1: /'
}

bird_has_frr_route()
{
	birdc show route 192.0.2.0/24 all | grep -q 'BGP.as_path: 64511 65010' &&
		birdc show route 192.0.2.0/24 all | grep -q 'BGP.next_hop: 10.0.1.1'
}

routes_to_bird()
{
	wait_for $DEADLINE bird_has_frr_route ||
		{ birdc show route all | sed 's/^/# /'; return 1; }
	birdc show route 192.0.2.0/24 all | sed 's/^/# BIRD: /'
	# BIRD's own routes are not sent back to it (eBGP, its AS in the path).
	echo "# n1 to BIRD v4: routes_out $(peer n1 10.0.1.20 routes_out), v6 $(peer n1 fd00:1::20 routes_out)"
	[ "$(peer n1 10.0.1.20 routes_out)" -ge 1 ]
}

# The nodes exit 0 on SIGTERM: no sanitizer report, no leak.
clean_exit()
{
	local n ret=0

	for n in $NODES; do
		kill -TERM "${pid[$n]}" && wait "${pid[$n]}" || ret=1
		pid[$n]=
	done
	! grep -l "Sanitizer" "$tmp"/n?.log && return $ret
}

main()
{
	local n=0 t ret=0 node

	[ "$(id -u)" = 0 ] || skip_all "needs root for network namespaces"
	[ -x "$FRR_BGPD" ] || skip_all "no $FRR_BGPD: apt-get install frr"
	command -v jq > /dev/null || skip_all "no jq"
	command -v "$BIRD" > /dev/null || skip_all "no $BIRD: apt-get install bird2"
	[ -x "$DPUBGPD" ] || skip_all "no $DPUBGPD: build userspace"
	echo "TAP version 13"
	echo "1..$(echo $ALL_TESTS | wc -w)"
	if ! setup; then
		echo "Bail out! cannot build the namespaces"
		exit 1
	fi
	for node in $NODES; do
		start_node "$node"
	done
	start_frr
	start_bird
	for t in $ALL_TESTS; do
		n=$((n + 1))
		if $t; then
			echo "ok $n $t"
		else
			ret=1
			for node in $NODES; do
				echo "# $node's log:"
				tail -n 15 "$tmp/$node.log" | sed 's/^/#   /'
			done
			echo "not ok $n $t"
		fi
	done
	exit $ret
}

main "$@"
