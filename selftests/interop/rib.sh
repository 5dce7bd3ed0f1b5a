#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dpubgpd's RIB between FRR and the fabric: FRR's bgpd (AS 65010) is the
# eBGP peer of node A (n1) over IPv4 and IPv6 and announces IPv4 and IPv6
# prefixes with communities and a MED; node B (n2) is A's iBGP mesh
# peer. The routes reach A, go on to B with their attributes (next hop
# self), and follow FRR's withdrawal. FRR's host rebooting (its
# namespace gone without a FIN, then back with FRR) is taken at its first
# OPEN, not at A's hold timer or next KEEPALIVE. (A speaker's restart and
# freeze, routes both ways with every speaker: matrix.sh.)
#
#   +---------+  +---------+  +-------------------+
#   | ns n1 A |  | ns n2 B |  | ns frr            |
#   | dpubgpd |  | dpubgpd |  | FRR bgpd AS 65010 |
#   | .1 ::1  |  | .2 ::2  |  | .10 ::10          |
#   +--eth0---+  +--eth0---+  +--eth0-------------+
#        |            |            |
#   +----+------------+------------+---- ns sw: br0 ----+
#   |  10.0.1.0/24, fd00:1::/64, BGP on port 1179       |
#   +---------------------------------------------------+
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), FRR_BGPD (default: /usr/lib/frr/bgpd), VTYSH (default: vtysh).

source "$(dirname "$0")/lib.sh"

DEADLINE=15
NODES="n1 n2"
ALL_TESTS="sessions_established routes_at_a counters_match_frr
	rib_sorted_and_filtered routes_at_b_intact frr_reboot_taken_at_once
	withdrawal_propagates clean_exit"

addr4=([n1]=10.0.1.1 [n2]=10.0.1.2 [frr]=10.0.1.10)
addr6=([n1]=fd00:1::1 [n2]=fd00:1::2 [frr]=fd00:1::10)

setup()
{
	setup_fabric frr || return 1
	cat > "$tmp/dpubgp.yaml" <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  n1: {ipv4: 10.0.1.1, ipv6: "fd00:1::1"}
	  n2: {ipv4: 10.0.1.2, ipv6: "fd00:1::2"}
	node_peers:
	  n1: [{ip: 10.0.1.10, as: 65010}, {ip: "fd00:1::10", as: 65010}]
	EOD
	# Without zebra, "network" needs no import check; hold 9 s.
	cat > "$tmp/bgpd.conf" <<-EOC
	frr defaults traditional
	hostname frr
	log file $tmp/frr.log
	router bgp 65010
	 bgp router-id 10.0.1.10
	 no bgp ebgp-requires-policy
	 no bgp network import-check
	 timers bgp 3 9
	 neighbor 10.0.1.1 remote-as 64511
	 neighbor 10.0.1.1 port $PORT
	 neighbor 10.0.1.1 timers connect 1
	 neighbor fd00:1::1 remote-as 64511
	 neighbor fd00:1::1 port $PORT
	 neighbor fd00:1::1 timers connect 1
	 address-family ipv4 unicast
	  network 192.0.2.0/24 route-map TAG
	  network 198.51.100.0/24
	  no neighbor fd00:1::1 activate
	 exit-address-family
	 address-family ipv6 unicast
	  neighbor fd00:1::1 activate
	  network 2001:db8:1::/48 route-map TAG
	 exit-address-family
	route-map TAG permit 10
	 set community 65010:100 65010:200
	 set metric 50
	EOC
}

# route NODE PREFIX: the best path of PREFIX in NODE's RIB, compact JSON.
route()
{
	ctl "$1" rib -o json 2>/dev/null |
		jq -c --arg p "$2" '.[] | select(.prefix == $p) | .paths[0]'
}

# routes NODE V4 V6: NODE's RIB holds that many routes per family.
routes()
{
	[ "$(status "$1" routes_ipv4)" = "$2" ] &&
		[ "$(status "$1" routes_ipv6)" = "$3" ]
}

sessions_up()
{
	peer_up n1 10.0.1.10 && peer_up n1 fd00:1::10 &&
		peer_up n1 10.0.1.2 && peer_up n1 fd00:1::2 &&
		peer_up n2 10.0.1.1 && peer_up n2 fd00:1::1
}

sessions_established()
{
	slowwait $DEADLINE sessions_up
}

routes_at_a()
{
	local in4 in6

	slowwait $DEADLINE routes n1 2 1 || return 1
	in4=$(peer n1 10.0.1.10 routes_in)
	in6=$(peer n1 fd00:1::10 routes_in)
	ktap_print_msg "A: routes v4 $(status n1 routes_ipv4) v6 $(status n1 routes_ipv6);" \
		"from FRR v4: received $(peer n1 10.0.1.10 prefixes_received)" \
		"accepted $(peer n1 10.0.1.10 prefixes_accepted) in RIB $in4;" \
		"v6: received $(peer n1 fd00:1::10 prefixes_received)" \
		"accepted $(peer n1 fd00:1::10 prefixes_accepted) in RIB $in6"
	[ "$in4" = 2 ] && [ "$in6" = 1 ] &&
		[ "$(peer n1 10.0.1.10 prefixes_accepted)" -ge 2 ] &&
		[ "$(peer n1 10.0.1.10 prefixes_received)" -ge 2 ]
}

# frr_sent ADDR AF FIELD: of FRR's neighbor ADDR, the messages it sent
# (AF "msgs": messageStats.FIELD) or the prefixes of a family
# (addressFamilyInfo.AF.FIELD).
frr_sent()
{
	if [ "$2" = msgs ]; then
		frr_neighbor "$1" "messageStats.$3"
	else
		frr_neighbor "$1" "addressFamilyInfo.$2.$3"
	fi
}

# What A counts of each session with FRR is what FRR says it sent; what
# A received is what it accepted and what it dropped, by reason.
counters_match_frr()
{
	local a f

	for a in 10.0.1.10 fd00:1::10; do
		ctl n1 status "$a" | sed -n '/Messages:/,$p' | ktap_print_lines
		[ "$(peer n1 "$a" 'prefixes_accepted + ([.prefixes_dropped_by[]] | add)')" = \
			"$(peer n1 "$a" prefixes_received)" ] &&
			[ "$(peer n1 "$a" prefixes_dropped)" = 0 ] || return 1
	done
	f=$(frr_sent 10.0.1.1 ipv4Unicast sentPrefixCounter)
	ktap_print_msg "FRR to A over IPv4: $f prefixes," \
		"$(frr_sent 10.0.1.1 msgs updatesSent) UPDATEs," \
		"$(frr_sent 10.0.1.1 msgs opensSent) OPENs; A received" \
		"$(peer n1 10.0.1.10 prefixes_received), $(peer n1 10.0.1.10 msgs_in.update), $(peer n1 10.0.1.10 msgs_in.open)"
	[ "$(peer n1 10.0.1.10 prefixes_received)" = "$f" ] &&
		[ "$(peer n1 fd00:1::10 prefixes_received)" = \
		  "$(frr_sent fd00:1::1 ipv6Unicast sentPrefixCounter)" ] &&
		[ "$(peer n1 10.0.1.10 msgs_in.update)" = \
		  "$(frr_sent 10.0.1.1 msgs updatesSent)" ] &&
		[ "$(peer n1 10.0.1.10 msgs_in.open)" = \
		  "$(frr_sent 10.0.1.1 msgs opensSent)" ] &&
		[ "$(peer n1 fd00:1::10 msgs_in.update)" = \
		  "$(frr_sent fd00:1::1 msgs updatesSent)" ]
}

# dpubgpctl rib, whole and filtered, text and JSON, against golden files.
rib_sorted_and_filtered()
{
	expect_golden rib.txt "$(ctl n1 rib)" &&
		expect_golden rib-address.txt "$(ctl n1 rib 192.0.2.77)" &&
		expect_golden rib-prefix.json \
			"$(ctl n1 rib 198.51.100.0/24 -o json)" &&
		expect_golden rib-peer.json \
			"$(ctl n1 rib peer fd00:1::10 -o json)" &&
		[ "$(ctl n1 rib 203.0.113.0/24)" = "No routes." ] &&
		expect_error 'Error: no peer 10.0.1.99.' \
			ctl n1 rib peer 10.0.1.99 &&
		expect_error 'Error: no VPC "blue" on this node.' \
			ctl n1 rib vpc blue
}

# At B over iBGP: AS_PATH as FRR sent it (no prepend on iBGP), its
# communities and MED (FRR gives its networks MED 0 unless set),
# LOCAL_PREF 100, next hop A's address (self).
b_has_routes()
{
	routes n2 2 1 &&
		[ "$(route n2 192.0.2.0/24 | jq -c '[.from, .as_path, .communities, .med, .local_pref, .next_hop]')" = '["10.0.1.1",[65010],["65010:100","65010:200"],50,100,"10.0.1.1"]' ] &&
		[ "$(route n2 198.51.100.0/24 | jq -c '[.from, .as_path, .communities, .med, .next_hop]')" = '["10.0.1.1",[65010],[],0,"10.0.1.1"]' ] &&
		[ "$(route n2 2001:db8:1::/48 | jq -c '[.from, .as_path, .communities, .med, .local_pref, .next_hop]')" = '["fd00:1::1",[65010],["65010:100","65010:200"],50,100,"fd00:1::1"]' ]
}

routes_at_b_intact()
{
	slowwait $DEADLINE b_has_routes || { ctl n2 rib | ktap_print_lines; return 1; }
	ctl n2 rib | ktap_print_lines "B: "
	ktap_print_msg "A to B: advertised v4 $(peer n1 10.0.1.2 prefixes_advertised)" \
		"(now $(peer n1 10.0.1.2 routes_out)), v6" \
		"$(peer n1 fd00:1::2 prefixes_advertised)" \
		"(now $(peer n1 fd00:1::2 routes_out)); B to A: $(peer n1 10.0.1.2 routes_in)"
	# iBGP-learned routes do not go back over iBGP.
	[ "$(peer n1 10.0.1.2 routes_out)" = 2 ] &&
		[ "$(peer n1 fd00:1::2 routes_out)" = 1 ] &&
		[ "$(peer n1 10.0.1.2 routes_in)" = 0 ] &&
		[ "$(peer n2 10.0.1.1 routes_out)" = 0 ]
}

b_lacks()
{
	routes n2 "$1" "$2" && [ -z "$(route n2 "$3")" ]
}

withdrawal_propagates()
{
	local t0=$SECONDS

	vtysh -c "configure terminal" -c "router bgp 65010" \
		-c "address-family ipv4 unicast" \
		-c "no network 198.51.100.0/24" > /dev/null || return 1
	slowwait $DEADLINE b_lacks 1 1 198.51.100.0/24 || return 1
	ktap_print_msg "withdrawn at B within $((SECONDS - t0)) s; A: v4 $(status n1 routes_ipv4)"
	routes n1 1 1 && [ -n "$(route n2 192.0.2.0/24)" ]
}

frr_back()
{
	[ "$(peer n1 10.0.1.10 established)" -gt "$1" ] &&
		[ "$(peer n1 fd00:1::10 established)" -gt "$2" ] && b_has_routes
}

# FRR's host reboots: its link goes first, so that neither its FIN nor a
# reset reaches A, then FRR and its namespace; they come back with the
# same addresses. A's sessions still look Established; FRR's first OPEN
# on a new connection ends them (no Cease refusing FRR, no wait for A's
# hold timer, 9 s, or its next KEEPALIVE drawing a reset, 3 s).
frr_reboot_taken_at_once()
{
	local e4 e6 mark t0

	slowwait $DEADLINE frr_back 0 0 || return 1
	e4=$(peer n1 10.0.1.10 established)
	e6=$(peer n1 fd00:1::10 established)
	mark=$(wc -l < "$tmp/n1.log")
	ip -n "${ns[sw]}" link del "p-frr" || return 1
	kill -KILL "${pid[frr]}"
	wait "${pid[frr]}" 2> /dev/null
	pid[frr]=
	ip netns del "${ns[frr]}"
	setup_node frr || return 1
	t0=$SECONDS
	start_frr
	slowwait $DEADLINE frr_back "$e4" "$e6" ||
		{ tail -n +"$mark" "$tmp/n1.log" | ktap_print_lines; return 1; }
	ktap_print_msg "FRR rebooted: sessions and routes back within $((SECONDS - t0)) s"
	tail -n +"$((mark + 1))" "$tmp/n1.log" |
		grep -E "10.0.1.10|fd00:1::10" | grep -E "restarted|collision" |
		ktap_print_lines
	# Each old session was closed by the new OPEN, no new one refused.
	[ "$(tail -n +"$((mark + 1))" "$tmp/n1.log" |
		grep -cE 'peer (10.0.1.10|fd00:1::10): OPEN on a new connection while Established')" = 2 ] &&
		! tail -n +"$((mark + 1))" "$tmp/n1.log" |
		grep -E 'peer (10.0.1.10|fd00:1::10): collision, closing the incoming'
}

# The nodes exit 0 on SIGTERM: no sanitizer report, no leak.
clean_exit()
{
	stop_nodes
}

fabric_main "$@"
