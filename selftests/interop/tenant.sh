#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tenant sessions (design.md §4.3): FRR's bgpd in ns tenant plays the tenant
# host (AS 65010) behind port t0 of node n1 and announces prefixes inside
# and outside the port's allowed list, with and without the leak
# communities 65100:1 and 65100:2 and with other communities (standard,
# extended, large). dpubgpd keeps the allowed ones in VPC blue's table
# with their leak flags and no community, and exports only the leaked
# ones to its global peer, FRR in ns fab (AS 64567), with no community
# either. A wrong tenant AS is refused with 2/2 on the wire (bgp_inject);
# a withdrawal, the tenant's loss and the port's removal take the routes
# back. The port is a plain veth (no VRF on the host); tenants connect to
# port 179 on its gateway, the fabric to the node on port 1179. A second
# port t1 has its own host (ns other, bgp_inject), which reaches its own
# session but not t0's, not even with t0's host address. A third, t2, has
# no device until the test creates it: a SIGHUP then opens its listener.
#
#   +---- ns tenant ---------------+        +---- ns n1 ------------------+
#   | FRR bgpd AS 65010            |        | dpubgpd, node AS 64511,     |
#   | eth0 10.0.0.2 10.0.0.3       +--veth--+ t0 10.0.0.1/24 fd00::1/64   |
#   |      fd00::2                 |        |  (DPU AS 4268000000, :179)  |
#   +------------------------------+        | eth0 10.0.1.1 fd00:1::1     |
#                                           +-----------+-----------------+
#   +---- ns other ----------------+        |                             |
#   | eth0 10.0.2.2                +--veth--+ t1 10.0.2.1/24              |
#   +------------------------------+        +-----------+-----------------+
#   +---- ns fab -------------------+                   |
#   | FRR bgpd AS 64567, global peer|                   |
#   | eth0 10.0.1.10 fd00:1::10     +--- ns sw: br0 ----+  (port 1179)
#   +-------------------------------+
#
# With TENANT_VRF=1 the ports are slaves of a VRF vpc-blue (table 100), as
# on a DPU; that needs a kernel with VRF, which the host's lacks, e.g.
#   selftests/vm/run.sh --kernel 6.12 --no-ko \
#	--cmd "cd $O/ksft-interop/interop && TENANT_VRF=1 ./tenant.sh"
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), BGP_INJECT (default: next to this script), FRR_BGPD (default:
# /usr/lib/frr/bgpd), VTYSH (default: vtysh), TENANT_VRF.

source "$(dirname "$0")/lib.sh"

BGP_INJECT=${BGP_INJECT:-$here/bgp_inject}
DEADLINE=20
NODES="n1"
DPU_AS=4268000000
ALL_TESTS="sessions_established rib_holds_allowed_routes
	tenant_in_detail dropped_routes_shown drop_reasons_at_run_time
	port_probe_quiet fabric_gets_leaked_only other_port_isolated late_device_listened
	wrong_as_refused
	withdrawal_removes
	session_loss_removes dpu_as_refused port_removal_removes clean_exit"

addr4=([n1]=10.0.1.1 [fab]=10.0.1.10)
addr6=([n1]=fd00:1::1 [fab]=fd00:1::10)

# The document: with common_tenant_host_asn when $1 is "common", and with
# port t0 unless $2 is "noport".
write_doc()
{
	cat > "$tmp/dpubgp.yaml.new" <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  n1: {ipv4: 10.0.1.1, ipv6: "fd00:1::1"}
	peers:
	  - {ip: 10.0.1.10, as: 64567}
	  - {ip: "fd00:1::10", as: 64567}
	tenant:
	  $([ "$1" = common ] && echo "common_tenant_host_asn: 65010")
	  dpu_asn_pool: {start: $DPU_AS, end: 4268999999}
	fnn:
	  routing_profiles:
	    internal:
	      allowed_anycast_prefixes: [203.0.113.0/24, "2001:db8:100::/48"]
	      tenant_leak_communities_accepted: true
	vpcs:
	  blue: {vrf: vpc-blue, table: 100, routing_profile: internal}
	EOD
	[ "$2" = noport ] || cat >> "$tmp/dpubgp.yaml.new" <<-EOD
	ports:
	  n1:
	    t0:
	      vpc: blue
	      host: [10.0.0.2, 10.0.0.3, "fd00::2"]
	      gateway: [10.0.0.1/24, "fd00::1/64"]
	    t1:
	      vpc: blue
	      host: [10.0.2.2]
	      gateway: [10.0.2.1/24]
	    t2:
	      vpc: blue
	      host: [10.0.3.2]
	      gateway: [10.0.3.1/24]
	EOD
	mv "$tmp/dpubgp.yaml.new" "$tmp/dpubgp.yaml"
}

setup()
{
	setup_fabric fab || return 1
	ns_create tenant other || return 1
	wire_port t0 tenant eth0 "10.0.0.1/24 fd00::1/64" \
		"10.0.0.2/24 10.0.0.3/24 fd00::2/64" || return 1
	wire_port t1 other eth0 10.0.2.1/24 10.0.2.2/24 || return 1
	write_doc common
	# The tenant: two sessions (one per family) to the gateway on the
	# standard port. LEAK1/LEAK2/BOTH carry other communities as well.
	frr_conf_head tenant 65010 10.0.0.2
	cat >> "$tmp/tenant/bgpd.conf" <<-EOC
	 no bgp network import-check
	 neighbor 10.0.0.1 remote-as $DPU_AS
	 neighbor 10.0.0.1 timers connect 1
	 neighbor 10.0.0.1 update-source 10.0.0.2
	 neighbor fd00::1 remote-as $DPU_AS
	 neighbor fd00::1 timers connect 1
	 neighbor fd00::1 update-source fd00::2
	 address-family ipv4 unicast
	  network 203.0.113.0/28
	  network 198.51.100.0/24
	  network 203.0.113.16/28 route-map LEAK1
	  network 203.0.113.32/28 route-map LEAK2
	  network 203.0.113.48/28 route-map BOTH
	  network 203.0.113.64/28 route-map OTHER
	  no neighbor fd00::1 activate
	 exit-address-family
	 address-family ipv6 unicast
	  neighbor fd00::1 activate
	  network 2001:db8:100:1::/64 route-map LEAK1
	  network 2001:db8:100:2::/64 route-map OTHER
	  network 2001:db8:100:3::/64 route-map LEAK2
	  network 2001:db8:200::/48
	 exit-address-family
	route-map LEAK1 permit 10
	 set community 65100:1 65010:7
	 set large-community 65010:1:1
	route-map LEAK2 permit 10
	 set community 65100:2
	 set extcommunity rt 65010:100
	route-map BOTH permit 10
	 set community 65100:1 65100:2
	route-map OTHER permit 10
	 set community 65010:100 65010:200
	 set extcommunity rt 65010:200
	 set large-community 65010:2:2
	EOC
	frr_conf_head fab 64567 10.0.1.10
	cat >> "$tmp/fab/bgpd.conf" <<-EOC
	 neighbor 10.0.1.1 remote-as 64511
	 neighbor 10.0.1.1 port $PORT
	 neighbor 10.0.1.1 timers connect 1
	 neighbor fd00:1::1 remote-as 64511
	 neighbor fd00:1::1 port $PORT
	 neighbor fd00:1::1 timers connect 1
	 address-family ipv4 unicast
	  no neighbor fd00:1::1 activate
	 exit-address-family
	 address-family ipv6 unicast
	  neighbor fd00:1::1 activate
	 exit-address-family
	EOC
}

# vpc_routes: n1's VPC routes as sorted lines "PREFIX VPC LEAK COMMUNITIES".
vpc_routes()
{
	ctl n1 rib -o json 2>/dev/null | jq -r '.[] | select(.vpc) |
		"\(.prefix) \(.vpc) \(.paths[0].leak // "-") \(.paths[0].communities | length)"' |
		sort
}

# main_routes: n1's main-table routes as sorted lines "PREFIX FROM LEAK".
main_routes()
{
	ctl n1 rib -o json 2>/dev/null | jq -r '.[] | select(.vpc | not) |
		"\(.prefix) \(.paths[0].from) \(.paths[0].leak // "-")"' | sort
}

# fab_routes: what FRR in fab holds, "PREFIX AS_PATH COMMUNITIES" lines
# (standard, extended and large communities, "-" for none).
fab_routes()
{
	local af p

	for af in ipv4 ipv6; do
		for p in $(vtysh_ns fab -c "show bgp $af unicast json" 2>/dev/null |
			   jq -r '.routes // {} | keys[]'); do
			vtysh_ns fab -c "show bgp $af unicast $p json" |
				jq -r '.paths[0] | "'"$p"' \(.aspath.string)" +
					" \(.community.string // "-")" +
					" \(.extendedCommunity.string // "-")" +
					" \(.largeCommunity.string // "-")"'
		done
	done | sort
}

tenant_up()
{
	peer_up n1 10.0.0.2 && peer_up n1 fd00::2
}

sessions_up()
{
	tenant_up && peer_up n1 10.0.1.10 && peer_up n1 fd00:1::10
}

sessions_established()
{
	local s

	slowwait $DEADLINE sessions_up || { ctl n1 status | ktap_print_lines; return 1; }
	ctl n1 status | ktap_print_lines
	s=$(ctl n1 status -o json | jq -c '[.peers[] | select(.type == "tenant") |
		[.address, .interface, .local_as, .peer_as]]')
	ktap_print_msg "tenant peers: $s; dpu_as $(status n1 dpu_as)"
	[ "$(status n1 dpu_as)" = $DPU_AS ] && [ "$s" = "[[\"10.0.0.2\",\"t0\",$DPU_AS,65010],[\"10.0.0.3\",\"t0\",$DPU_AS,65010],[\"10.0.2.2\",\"t1\",$DPU_AS,65010],[\"10.0.3.2\",\"t2\",$DPU_AS,65010],[\"fd00::2\",\"t0\",$DPU_AS,65010]]" ]
}

VPC_WANT="2001:db8:100:1::/64 blue underlay 0
2001:db8:100:2::/64 blue - 0
2001:db8:100:3::/64 blue drop-overlay 0
203.0.113.0/28 blue - 0
203.0.113.16/28 blue underlay 0
203.0.113.32/28 blue drop-overlay 0
203.0.113.48/28 blue drop-overlay 0
203.0.113.64/28 blue - 0"

MAIN_WANT="2001:db8:100:1::/64 fd00::2 underlay
2001:db8:100:3::/64 fd00::2 drop-overlay
203.0.113.16/28 10.0.0.2 underlay
203.0.113.32/28 10.0.0.2 drop-overlay
203.0.113.48/28 10.0.0.2 drop-overlay"

vpc_is()
{
	[ "$(vpc_routes)" = "$1" ]
}

# The allowed prefixes in VPC blue's table with their leak flags and no
# community, the leaked ones in the main table too; 198.51.100.0/24 and
# 2001:db8:200::/48 dropped and counted.
rib_holds_allowed_routes()
{
	local d4 d6

	slowwait $DEADLINE vpc_is "$VPC_WANT" || { vpc_routes | ktap_print_lines "got: "; return 1; }
	ctl n1 rib | ktap_print_lines
	d4=$(peer n1 10.0.0.2 prefixes_dropped)
	d6=$(peer n1 fd00::2 prefixes_dropped)
	ktap_print_msg "dropped by policy: v4 $d4, v6 $d6; in RIB: v4" \
		"$(peer n1 10.0.0.2 routes_in), v6 $(peer n1 fd00::2 routes_in)"
	[ "$(main_routes)" = "$MAIN_WANT" ] && [ "$d4" = 1 ] &&
		[ "$d6" = 1 ] && [ "$(peer n1 10.0.0.2 routes_in)" = 5 ] &&
		[ "$(peer n1 fd00::2 routes_in)" = 3 ] &&
		[ "$(peer n1 10.0.0.2 routes_out)" = 0 ] &&
		grep -q "peer 10.0.0.2%t0: 198.51.100.0/24 dropped: not allowed" "$tmp/n1.log"
}

# dpubgpctl status PEER: the tenant's port and VPC, its counters adding
# up (received = accepted + the drops by reason), in text and JSON.
tenant_in_detail()
{
	local text

	text=$(ctl n1 status 10.0.0.2%t0) || return 1
	echo "$text" | ktap_print_lines
	grep -q '^BGP neighbor is 10.0.0.2%t0, remote AS 65010, local AS '$DPU_AS', tenant$' <<< "$text" &&
		grep -q '^  Port t0, VPC blue$' <<< "$text" &&
		grep -q '^    Dropped, not allowed: *1$' <<< "$text" &&
		[ "$(ctl n1 status 10.0.0.2 -o json | jq -r .vpc)" = blue ] &&
		[ "$(peer n1 10.0.0.2 'prefixes_accepted + ([.prefixes_dropped_by[]] | add) == .prefixes_received')" = true ] &&
		[ "$(peer n1 10.0.0.2 prefixes_dropped_by.not_allowed)" = 1 ] &&
		expect_error "Error: no peer 10.0.0.2%t1." ctl n1 status 10.0.0.2%t1
}

# rib --dropped: what the policy dropped, with the reason, in its VPC.
dropped_routes_shown()
{
	local text

	text=$(ctl n1 rib --dropped) || return 1
	echo "$text" | ktap_print_lines
	grep -q '^Table 100, VPC blue, dropped:$' <<< "$text" &&
		grep -qE '^198.51.100.0/24 +via 10.0.0.2 from 10.0.0.2%t0 as_path \[65010\] .*dropped: not allowed, at ' <<< "$text" &&
		[ "$(ctl n1 rib --dropped peer fd00::2 -o json | jq -r '.[].paths[0] | .from + " " + .dropped')" = "fd00::2 not_allowed" ] &&
		[ "$(ctl n1 rib --dropped 198.51.100.7 -o json | jq -r '.[].prefix')" = 198.51.100.0/24 ]
}

# tenant_network NETWORK [no]: the tenant announces (or withdraws) it.
tenant_network()
{
	vtysh_ns tenant -c "configure terminal" -c "router bgp 65010" \
		-c "address-family ipv4 unicast" -c "$2 network $1" > /dev/null
}

dropped_is()
{
	[ "$(peer n1 10.0.0.2 prefixes_dropped_by.not_allowed)" = "$1" ]
}

# At info level a prefix dropped is not logged; at debug, set while
# running (dpubgpctl log-level), each is, with its reason.
drop_reasons_at_run_time()
{
	local d

	d=$(peer n1 10.0.0.2 prefixes_dropped_by.not_allowed)
	ctl n1 log-level info || return 1
	tenant_network 198.51.101.0/24 || return 1
	slowwait $DEADLINE dropped_is $((d + 1)) || return 1
	ctl n1 log-level debug || return 1
	tenant_network 198.51.102.0/24 || return 1
	slowwait $DEADLINE dropped_is $((d + 2)) || return 1
	grep -E "198.51.10[12].0/24 dropped" "$tmp/n1.log" | ktap_print_lines
	tenant_network 198.51.101.0/24 no && tenant_network 198.51.102.0/24 no &&
		! grep -q "198.51.101.0/24 dropped" "$tmp/n1.log" &&
		grep -q "debug: peer 10.0.0.2%t0: 198.51.102.0/24 dropped: not allowed$" "$tmp/n1.log"
}

# A tenant's "nc -vz GATEWAY 179" (here socat): from a host without a
# session yet, and from one with its session up. Logged at debug only;
# no error in Info; the session stays.
port_probe_quiet()
{
	local mark est

	mark=$(wc -l < "$tmp/n1.log")
	est=$(peer n1 10.0.0.2 established)
	ip netns exec "${ns[tenant]}" socat -u /dev/null \
		TCP:10.0.0.1:179,bind=10.0.0.3 || return 1
	ip netns exec "${ns[tenant]}" socat -u /dev/null \
		TCP:10.0.0.1:179,bind=10.0.0.2 || return 1
	slowwait 5 eval "tail -n +$((mark + 1)) \"\$tmp/n1.log\" | grep -c 'a probe of the port' | grep -qx 2" ||
		return 1
	tail -n +"$((mark + 1))" "$tmp/n1.log" | grep -E "10.0.0.[23]%t0" |
		ktap_print_lines
	ctl n1 status | grep -E "10.0.0.[23]%t0" | ktap_print_lines
	! tail -n +"$((mark + 1))" "$tmp/n1.log" |
		grep -E "(info|warn|error): .*10.0.0.[23]%t0" &&
		! ctl n1 status | grep -E "10.0.0.[23]%t0" | grep -qi "socket" &&
		[ "$(peer n1 10.0.0.3 error)" = "" ] &&
		peer_up n1 10.0.0.2 && [ "$(peer n1 10.0.0.2 established)" = "$est" ]
}

FAB_WANT="2001:db8:100:1::/64 64511 65010 - - -
2001:db8:100:3::/64 64511 65010 - - -
203.0.113.16/28 64511 65010 - - -
203.0.113.32/28 64511 65010 - - -
203.0.113.48/28 64511 65010 - - -"

fab_is()
{
	[ "$(fab_routes)" = "$1" ]
}

# The fabric peer gets the leaked routes only, from the node's AS, with
# no community; the tenant is sent nothing.
fabric_gets_leaked_only()
{
	slowwait $DEADLINE fab_is "$FAB_WANT" || { fab_routes | ktap_print_lines "got: "; return 1; }
	fab_routes | ktap_print_lines "fab: "
	[ "$(vtysh_ns tenant -c 'show bgp neighbors json' 2>/dev/null |
		jq -c '[.[].addressFamilyInfo[].acceptedPrefixCounter]')" = "[0,0]" ] &&
		[ "$(peer n1 10.0.0.2 prefixes_advertised)" = 0 ] &&
		[ "$(peer n1 fd00::2 prefixes_advertised)" = 0 ]
}

# inject NAME AS [NS FROM TO]: bgp_inject with AS, from FROM (default:
# tenant host 10.0.0.3) in ns NS to TO (default: t0's gateway); its
# output in $tmp/NAME.out, shown as diagnostics. Its exit status. A
# connection that is never answered (its RST routed elsewhere) is given
# up after 8 s.
inject()
{
	local ret

	timeout 8 ip netns exec "${ns[${3:-tenant}]}" "$BGP_INJECT" \
		-b "${4:-10.0.0.3}" -p 179 -c "${5:-10.0.0.1}" -A "$2" \
		-i "${4:-10.0.0.3}" -w 4 > "$tmp/$1.out" 2>&1
	ret=$?
	ktap_print_lines < "$tmp/$1.out"
	return $ret
}

# refused NAME AS: the OPEN with AS got 2/2 Bad Peer AS on the wire and
# in the status.
refused()
{
	inject "$1" "$2"
	# shellcheck disable=SC2016 # for eval
	grep -q '^recv NOTIFICATION 2/2 ' "$tmp/$1.out" &&
		grep -q '^result reset$' "$tmp/$1.out" &&
		slowwait 3 eval '[ "$(peer n1 10.0.0.3 error)" = "BGP Error: Bad peer AS" ]'
}

# Port t1's host reaches its own session (hold 9 s offered, nothing sent
# but the two End-of-RIBs, though VPC blue holds t0's routes); neither it
# nor a host there that borrows t0's host address 10.0.0.3 reaches t0's
# session: t0's listener is bound to t0, and t1's takes t1's hosts only.
# (In a VRF, the answer to 10.0.0.3 leaves through t0: no connection at
# all.)
other_port_isolated()
{
	inject own_port 65010 other 10.0.2.2 10.0.2.1 || return 1
	grep -q '^established$' "$tmp/own_port.out" &&
		grep -q '^recv OPEN version 4 as 23456 hold 9 ' \
			"$tmp/own_port.out" &&
		[ "$(grep '^recv UPDATE' "$tmp/own_port.out" | tr '\n' ' ')" = \
		  "recv UPDATE 23 00000000 recv UPDATE 29 00000006800f03000201 " ] ||
		return 1
	ip -n "${ns[other]}" addr add 10.0.0.3/32 dev eth0 || return 1
	ip -n "${ns[other]}" route add 10.0.0.1/32 dev eth0 || return 1
	inject borrowed_to_t0 65010 other 10.0.0.3 10.0.0.1
	inject borrowed_to_t1 65010 other 10.0.0.3 10.0.2.1
	ip -n "${ns[other]}" addr del 10.0.0.3/32 dev eth0
	! grep -q '^recv OPEN' "$tmp/borrowed_to_t0.out" &&
		! grep -q '^recv OPEN' "$tmp/borrowed_to_t1.out" &&
		[ "$(peer n1 10.0.0.3 msgs_in.open)" = 0 ] || return 1
	[ "$TENANT_VRF" = 1 ] ||
		{ grep -q '^connected$' "$tmp/borrowed_to_t1.out" &&
		  grep -q "connection from 10.0.0.3%t1 refused: no such peer" \
			"$tmp/n1.log"; }
}

# Port t2's device appears after the start, where listening on it failed
# (logged); a SIGHUP listens on it, and its host's session comes up.
late_device_listened()
{
	grep -q "tenant port t2: listen on 10.0.3.1 port 179: No such device" \
		"$tmp/n1.log" || return 1
	wire_port t2 other eth1 10.0.3.1/24 10.0.3.2/24 || return 1
	inject late_before 65010 other 10.0.3.2 10.0.3.1
	grep -q "connect: Connection refused" "$tmp/late_before.out" ||
		return 1
	kill -HUP "${pid[n1]}"
	slowwait 5 grep -q "SIGHUP" "$tmp/n1.log" || return 1
	slowwait 5 inject late_after 65010 other 10.0.3.2 10.0.3.1 &&
		grep -q '^established$' "$tmp/late_after.out"
}

# With common_tenant_host_asn 65010, AS 65011 is refused.
wrong_as_refused()
{
	refused wrong_as 65011
}

fab_lacks()
{
	! fab_routes | grep -q "^$1 "
}

# The tenant withdraws a leaked prefix: gone from the VPC, the main
# table and the fabric.
withdrawal_removes()
{
	vtysh_ns tenant -c "configure terminal" -c "router bgp 65010" \
		-c "address-family ipv4 unicast" \
		-c "no network 203.0.113.16/28" > /dev/null || return 1
	slowwait $DEADLINE fab_lacks 203.0.113.16/28 || return 1
	! vpc_routes | grep -q "^203.0.113.16/28 " &&
		! main_routes | grep -q "^203.0.113.16/28 " &&
		fab_routes | grep -q "^203.0.113.32/28 "
}

all_gone()
{
	[ -z "$(fab_routes)" ] && [ -z "$(vpc_routes)" ] &&
		[ -z "$(main_routes)" ]
}

# The tenant goes away: all of its routes go, at the fabric too.
session_loss_removes()
{
	kill "${pid[tenant]}" && wait "${pid[tenant]}"
	pid[tenant]=
	slowwait $DEADLINE all_gone || { fab_routes | ktap_print_lines "fab: "; return 1; }
	! peer_up n1 10.0.0.2
}

# Without common_tenant_host_asn any AS but the DPU's is accepted: the
# DPU's own is refused, another one comes up.
dpu_as_refused()
{
	write_doc any
	kill -HUP "${pid[n1]}"
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ "$(peer n1 10.0.0.3 peer_as)" = 0 ]' || return 1
	refused dpu_as $DPU_AS || return 1
	inject other_as 65020
	grep -q '^established$' "$tmp/other_as.out" &&
		! grep -q '^recv NOTIFICATION' "$tmp/other_as.out"
}

# The tenant back, then its port removed from the document (SIGHUP): its
# sessions and routes go.
port_removal_removes()
{
	start_frr_ns tenant 0
	slowwait $DEADLINE fab_is "$FAB_WANT" || return 1
	ktap_print_msg "tenant back: $(fab_routes | wc -l) routes at the fabric"
	write_doc any noport
	kill -HUP "${pid[n1]}"
	slowwait $DEADLINE all_gone || return 1
	[ -z "$(ctl n1 status -o json | jq -r '.peers[] | select(.type == "tenant") | .address')" ] &&
		peer_up n1 10.0.1.10
}

clean_exit()
{
	stop_nodes
}

main()
{
	require_root
	require_cmd "$FRR_BGPD" "$VTYSH" jq "$DPUBGPD" "$BGP_INJECT"
	plan_and_setup
	start_node n1
	start_frr_ns fab
	start_frr_ns tenant 0
	run_all_tests tenant_logs
}

main "$@"
