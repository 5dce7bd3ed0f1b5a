#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# BIRD 2 as an external peer of dpubgpd over IPv4 and IPv6: BIRD (AS
# 65020) announces static routes to node n1, and gets from n1 what FRR
# (AS 65010, IPv4) announced to it, AS_PATH prepended, next hop self.
# Node-specific peers negotiate IPv4 and IPv6 unicast on their one
# session (RFC 4760), whatever its transport: BIRD sends an IPv6 prefix
# over its IPv4 session and an IPv4 prefix over its IPv6 session, FRR an
# IPv6 prefix over its IPv4 session, and each gets the other family back
# over the same sessions, with n1's address of the route's family as the
# next hop.
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

source "$(dirname "$0")/lib.sh"

BIRD=${BIRD:-bird}
BIRDC=${BIRDC:-birdc}
DEADLINE=15
NODES="n1"
ALL_TESTS="bird_established routes_from_bird routes_to_bird mp_from_bird mp_to_bird
	mp_to_frr clean_exit"

addr4=([n1]=10.0.1.1 [frr]=10.0.1.10 [bird]=10.0.1.20)
addr6=([n1]=fd00:1::1 [frr]=fd00:1::10 [bird]=fd00:1::20)

setup()
{
	setup_fabric $NODES frr bird || return 1
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
	 address-family ipv6 unicast
	  network 2001:db8:10::/48
	  neighbor 10.0.1.1 activate
	  neighbor 10.0.1.1 route-map v6nh out
	 exit-address-family
	route-map v6nh permit 10
	 set ipv6 next-hop global fd00:1::10
	EOC
	cat > "$tmp/bird.conf" <<-EOC
	log "$tmp/bird.log" all;
	router id 10.0.1.20;
	protocol device {}
	protocol static s4 { ipv4; route 203.0.113.0/24 blackhole; }
	protocol static s6 { ipv6; route 2001:db8:2::/48 blackhole; }
	# The other family of each session.
	protocol static x6 { ipv6; route 2001:db8:3::/48 blackhole; }
	protocol static x4 { ipv4; route 198.51.100.0/24 blackhole; }
	protocol bgp n1_v4 {
		local 10.0.1.20 port $PORT as 65020;
		neighbor 10.0.1.1 port $PORT as 64511;
		connect retry time 1;
		ipv4 { import all; export where proto = "s4"; };
		ipv6 {
			next hop address fd00:1::20;
			import all; export where proto = "x6";
		};
	}
	protocol bgp n1_v6 {
		local fd00:1::20 port $PORT as 65020;
		neighbor fd00:1::1 port $PORT as 64511;
		connect retry time 1;
		ipv6 { import all; export where proto = "s6"; };
		ipv4 {
			next hop address 10.0.1.20;
			import all; export where proto = "x4";
		};
	}
	EOC
}

start_bird()
{
	ip netns exec "${ns[bird]}" "$BIRD" -c "$tmp/bird.conf" \
		-s "$tmp/bird.ctl" -P "$tmp/bird.pid" -f >> "$tmp/bird.out" 2>&1 &
	pid[bird]=$!
}

birdc()
{
	ip netns exec "${ns[bird]}" "$BIRDC" -s "$tmp/bird.ctl" "$@"
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
	[ "$(peer n1 10.0.1.20 routes_in)" -ge 1 ] &&
		[ "$(peer n1 fd00:1::20 routes_in)" -ge 1 ] &&
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

# rib_path PREFIX FROM FIELD: a field of n1's path to PREFIX from peer FROM,
# in dpubgpctl rib -o json.
rib_path()
{
	ctl n1 rib -o json 2>/dev/null |
		jq -r --arg p "$1" --arg f "$2" \
		'.[] | select(.prefix == $p) | .paths[] | select(.from == $f) | .'"$3"
}

n1_has_mp_routes()
{
	[ "$(rib_path 2001:db8:3::/48 10.0.1.20 next_hop)" = fd00:1::20 ] &&
		[ "$(rib_path 2001:db8:3::/48 10.0.1.20 'as_path[0]')" = 65020 ] &&
		[ "$(rib_path 198.51.100.0/24 fd00:1::20 next_hop)" = 10.0.1.20 ] &&
		[ "$(rib_path 2001:db8:10::/48 10.0.1.10 next_hop)" = fd00:1::10 ]
}

# IPv6 over BIRD's and FRR's IPv4 sessions and IPv4 over BIRD's IPv6
# session, into n1's RIB; each prefix from one session only.
mp_from_bird()
{
	wait_for $DEADLINE n1_has_mp_routes ||
		{ ctl n1 rib | sed 's/^/# /'; return 1; }
	ctl n1 rib | grep -E '^(2001:db8:(3|10)::/48|198.51.100.0/24) ' |
		sed 's/^/# n1: /'
	[ "$(rib_path 2001:db8:3::/48 fd00:1::20 next_hop)" = "" ] &&
		[ "$(rib_path 198.51.100.0/24 10.0.1.20 next_hop)" = "" ] &&
		[ "$(peer n1 10.0.1.20 routes_in)" = 2 ] &&
		[ "$(peer n1 fd00:1::20 routes_in)" = 2 ]
}

# bird_route PREFIX PROTOCOL: BIRD's route to PREFIX from that session.
bird_route()
{
	birdc show route "$1" protocol "$2" all
}

bird_has_mp_routes()
{
	bird_route 2001:db8:10::/48 n1_v4 | grep -q 'BGP.as_path: 64511 65010' &&
		bird_route 2001:db8:10::/48 n1_v4 | grep -q 'BGP.next_hop: fd00:1::1$' &&
		bird_route 192.0.2.0/24 n1_v6 | grep -q 'BGP.as_path: 64511 65010' &&
		bird_route 192.0.2.0/24 n1_v6 | grep -q 'BGP.next_hop: 10.0.1.1$'
}

# FRR's IPv6 prefix to BIRD over the IPv4 session, its IPv4 prefix over
# the IPv6 session, each with n1's address of the prefix's family.
mp_to_bird()
{
	wait_for $DEADLINE bird_has_mp_routes ||
		{ birdc show route all | sed 's/^/# /'; return 1; }
	{ bird_route 2001:db8:10::/48 n1_v4; bird_route 192.0.2.0/24 n1_v6; } |
		sed 's/^/# BIRD: /'
}

frr_has_bird_v6()
{
	vtysh -c "show bgp ipv6 unicast 2001:db8:3::/48 json" 2>/dev/null |
		jq -e '.paths[] | select(.aspath.string == "64511 65020") |
			select(.nexthops[0].ip == "fd00:1::1")' > /dev/null
}

# BIRD's IPv6 prefix (learned over an IPv4 session) to FRR over its IPv4
# session, checked in FRR's own CLI; FRR negotiated IPv6 unicast there.
mp_to_frr()
{
	wait_for $DEADLINE frr_has_bird_v6 ||
		{ vtysh -c "show bgp ipv6 unicast" | sed 's/^/# /'; return 1; }
	vtysh -c "show bgp ipv6 unicast 2001:db8:3::/48" | sed 's/^/# FRR: /'
	[ "$(frr_neighbor 10.0.1.1 'neighborCapabilities.multiprotocolExtensions.ipv6Unicast.advertisedAndReceived')" = true ]
}

# The nodes exit 0 on SIGTERM: no sanitizer report, no leak.
clean_exit()
{
	stop_nodes $NODES
}

main()
{
	local node

	[ "$(id -u)" = 0 ] || skip_all "needs root for network namespaces"
	[ -x "$FRR_BGPD" ] || skip_all "no $FRR_BGPD: apt-get install frr"
	command -v jq > /dev/null || skip_all "no jq"
	command -v "$BIRD" > /dev/null || skip_all "no $BIRD: apt-get install bird2"
	[ -x "$DPUBGPD" ] || skip_all "no $DPUBGPD: build userspace"
	ktap_plan
	if ! setup; then
		echo "Bail out! cannot build the namespaces"
		exit 1
	fi
	for node in $NODES; do
		start_node "$node"
	done
	start_frr
	start_bird
	run_tests node_logs
	exit
}

main "$@"
