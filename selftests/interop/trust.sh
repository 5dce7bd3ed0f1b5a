#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a tenant is trusted with (design.md §4.3): nothing but its
# prefixes. FRR's bgpd in ns tenant (AS 65010) behind port t0 of VPC blue
# sets its next hops to the fabric router's addresses: dpubgpd keeps the
# host's, and the fabric peer gets n1's. bgp_inject, a raw speaker, is a
# second tenant host behind port t2 of VPC blue and sends what FRR would
# not: a foreign first AS, a path holding the node's AS or the DPU's, an
# IPv6 route over IPv4 whose next hop is not one of the port's hosts,
# attribute 25 (IPv6-address-specific extended communities) with a route
# target on a leaked route, which must not reach the fabric (seen on the
# wire by a second bgp_inject, a fabric peer in ns raw), a hold time of
# 0 (refused, 2/6), more prefixes than the profile's max_prefixes
# (Cease 6/1 with its data, routes gone, refused for the idle time, back
# after it), and 50400 prefixes outside its allowed list (dropped,
# counted, costing no memory). FRR in ns red is a host of the same
# address 10.0.0.2 behind port t1 of VPC red: both sessions up, told
# apart by port in status, logs and RIB. t2's IPv6 gateway is not on its
# device: a warning at load. In the VM (TENANT_VRF=1) the ports are
# slaves of VRFs vpc-blue (table 100) and vpc-red (200), and at each step
# the kernel holds what the RIB holds (kernel_follows in lib.sh): every
# route refused above is refused in the VPC's table and the module too.
#
#   +---- ns tenant ------------+         +---- ns n1 ---------------------+
#   | FRR AS 65010              +--veth---+ t0 10.0.0.1/24 fd00::1/64 blue  |
#   | eth0 10.0.0.2 fd00::2     |         |                                |
#   +---------------------------+         | dpubgpd, node AS 64511,        |
#   +---- ns red ---------------+         | DPU AS 4268000000              |
#   | FRR AS 65010              +--veth---+ t1 10.0.0.1/24 red             |
#   | eth0 10.0.0.2             |         |                                |
#   +---------------------------+         |                                |
#   +---- ns inj ---------------+         |                                |
#   | bgp_inject AS 65010       +--veth---+ t2 10.0.3.1/24 blue            |
#   | eth0 10.0.3.2 fd00:3::2   |         |  (fd00:3::1 not on t2)         |
#   +---------------------------+         | eth0 10.0.1.1 fd00:1::1        |
#                                         +---------------+----------------+
#   +---- ns fab ------------------+                      |
#   | FRR AS 64567 10.0.1.10       +--- ns sw: br0 -------+  (port 1179)
#   +------------------------------+        |
#   +---- ns raw ------------------+        |
#   | bgp_inject AS 64568 10.0.1.11+--------+
#   +------------------------------+
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), BGP_INJECT (default: next to this script), FRR_BGPD (default:
# /usr/lib/frr/bgpd), VTYSH (default: vtysh). dpubgpd runs with
# DPUBGPD_MAX_PREFIXES_IDLE=$IDLE (its idle time after 6/1, 60 s by
# default), TENANT_VRF.

source "$(dirname "$0")/lib.sh"

BGP_INJECT=${BGP_INJECT:-$here/bgp_inject}
DEADLINE=20
NODES="n1"
DPU_AS=4268000000
MAX_PREFIXES=8
IDLE=12
TENANT_TABLES="100 200"
ALL_TESTS="sessions_established ports_told_apart gateway_warned
	next_hop_forced other_family_next_hop path_checked hold_time_0_refused
	attr25_not_at_fabric max_prefixes_closes back_after_idle
	flood_costs_nothing clean_exit"

addr4=([n1]=10.0.1.1 [fab]=10.0.1.10 [raw]=10.0.1.11)
addr6=([n1]=fd00:1::1 [fab]=fd00:1::10 [raw]=fd00:1::11)

write_doc()
{
	cat > "$tmp/dpubgp.yaml" <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  n1: {ipv4: 10.0.1.1, ipv6: "fd00:1::1"}
	peers:
	  - {ip: 10.0.1.10, as: 64567}
	  - {ip: 10.0.1.11, as: 64568}
	tenant:
	  common_tenant_host_asn: 65010
	  dpu_asn_pool: {start: $DPU_AS, end: 4268999999}
	fnn:
	  routing_profiles:
	    internal:
	      allowed_anycast_prefixes: [203.0.113.0/24, "2001:db8:100::/48"]
	      tenant_leak_communities_accepted: true
	      max_prefixes: $MAX_PREFIXES
	vpcs:
	  blue: {vrf: vpc-blue, table: 100, routing_profile: internal}
	  red: {vrf: vpc-red, table: 200, routing_profile: internal}
	ports:
	  n1:
	    t0:
	      vpc: blue
	      host: [10.0.0.2, "fd00::2"]
	      gateway: [10.0.0.1/24, "fd00::1/64"]
	    t1:
	      vpc: red
	      host: [10.0.0.2]
	      gateway: [10.0.0.1/24]
	    t2:
	      vpc: blue
	      host: [10.0.3.2, "fd00:3::2"]
	      gateway: [10.0.3.1/24, "fd00:3::1/64"]
	EOD
}

# frr_tenant NAME: the bgpd.conf of a tenant at 10.0.0.2, its session
# to the gateway, the rest (networks, maps) from stdin.
frr_tenant()
{
	frr_conf_head "$1" 65010 10.0.0.2
	{
		cat <<-EOC
		 no bgp network import-check
		 neighbor 10.0.0.1 remote-as $DPU_AS
		 neighbor 10.0.0.1 timers connect 1
		 neighbor 10.0.0.1 update-source 10.0.0.2
		EOC
		cat
	} >> "$tmp/$1/bgpd.conf"
}

setup()
{
	setup_fabric fab raw || return 1
	ns_create tenant red inj || return 1
	wire_port t0 tenant eth0 "10.0.0.1/24 fd00::1/64" \
		"10.0.0.2/24 fd00::2/64" || return 1
	wire_port t1 red eth0 10.0.0.1/24 10.0.0.2/24 vpc-red 200 || return 1
	wire_port t2 inj eth0 10.0.3.1/24 "10.0.3.2/24 fd00:3::2/64" || return 1
	write_doc
	# The tenant points its routes at the fabric router (its outbound
	# route maps): the DPU keeps the host as next hop.
	frr_tenant tenant <<-EOC
	 neighbor fd00::1 remote-as $DPU_AS
	 neighbor fd00::1 timers connect 1
	 neighbor fd00::1 update-source fd00::2
	 address-family ipv4 unicast
	  network 203.0.113.0/28
	  network 203.0.113.16/28 route-map LEAK1
	  neighbor 10.0.0.1 route-map ELSEWHERE4 out
	  no neighbor fd00::1 activate
	 exit-address-family
	 address-family ipv6 unicast
	  neighbor fd00::1 activate
	  neighbor fd00::1 route-map ELSEWHERE6 out
	  network 2001:db8:100:1::/64 route-map LEAK1
	 exit-address-family
	route-map LEAK1 permit 10
	 set community 65100:1
	route-map ELSEWHERE4 permit 10
	 set ip next-hop 10.0.1.10
	route-map ELSEWHERE6 permit 10
	 set ipv6 next-hop global fd00:1::10
	EOC
	frr_tenant red <<-EOC
	 address-family ipv4 unicast
	  network 203.0.113.128/28 route-map LEAK1
	 exit-address-family
	route-map LEAK1 permit 10
	 set community 65100:1
	EOC
	frr_conf_head fab 64567 10.0.1.10
	cat >> "$tmp/fab/bgpd.conf" <<-EOC
	 neighbor 10.0.1.1 remote-as 64511
	 neighbor 10.0.1.1 port $PORT
	 neighbor 10.0.1.1 timers connect 1
	 address-family ipv6 unicast
	  neighbor 10.0.1.1 activate
	 exit-address-family
	EOC
}

# tpeer ADDR PORT FIELD: a member of n1's status of the tenant ADDR on
# PORT.
tpeer()
{
	ctl n1 status -o json 2>/dev/null | jq -r --arg a "$1" --arg i "$2" \
		".peers[] | select(.address == \$a and .interface == \$i) | .$3"
}

# vpc_routes: n1's VPC routes, "PREFIX VPC FROM%PORT NEXT_HOP" lines.
vpc_routes()
{
	ctl n1 rib -o json 2>/dev/null | jq -r '.[] | select(.vpc) |
		"\(.prefix) \(.vpc) \(.paths[0].from)%\(.paths[0].interface)" +
		" \(.paths[0].next_hop)"' | sort
}

# fab_routes: FRR in fab, "PREFIX NEXT_HOP AS_PATH" lines.
fab_routes()
{
	local af

	for af in ipv4 ipv6; do
		vtysh_ns fab -c "show bgp $af unicast json" 2>/dev/null |
			jq -r '.routes // {} | to_entries[] | "\(.key)" +
				" \(.value[0].nexthops[0].ip) \(.value[0].path)"'
	done | sort
}

up_all()
{
	[ "$(tpeer 10.0.0.2 t0 fsm)" = Established ] &&
		[ "$(tpeer fd00::2 t0 fsm)" = Established ] &&
		[ "$(tpeer 10.0.0.2 t1 fsm)" = Established ] &&
		peer_up n1 10.0.1.10
}

# Both hosts 10.0.0.2, behind t0 (VPC blue) and t1 (VPC red), are up:
# the status names them by port.
sessions_established()
{
	slowwait $DEADLINE up_all || { ctl n1 status | ktap_print_lines; return 1; }
	ctl n1 status | ktap_print_lines
	ctl n1 status | grep -q "| *10.0.0.2%t0 *| *tenant *| *up *|" &&
		ctl n1 status | grep -q "| *10.0.0.2%t1 *| *tenant *| *up *|"
}

VPC_WANT="2001:db8:100:1::/64 blue fd00::2%t0 fd00::2
203.0.113.0/28 blue 10.0.0.2%t0 10.0.0.2
203.0.113.128/28 red 10.0.0.2%t1 10.0.0.2
203.0.113.16/28 blue 10.0.0.2%t0 10.0.0.2"

vpc_is()
{
	[ "$(vpc_routes)" = "$1" ]
}

# Each route in its VPC, from its host and port, in rib's JSON and text;
# the logs name the peers by port too.
ports_told_apart()
{
	slowwait $DEADLINE vpc_is "$VPC_WANT" || { vpc_routes | ktap_print_lines "got: "; return 1; }
	ctl n1 rib | ktap_print_lines
	ctl n1 rib | grep -q "^203.0.113.128/28 .* from 10.0.0.2%t1 .* vpc red" &&
		grep -q "peer 10.0.0.2%t1: OpenConfirm -> Established" \
			"$tmp/n1.log" &&
		grep -q "peer 10.0.0.2%t0: OpenConfirm -> Established" \
			"$tmp/n1.log" && kernel_follows n1
}

gateway_warned()
{
	grep -q "tenant port t2: gateway fd00:3::1 is not an address of the device" \
		"$tmp/n1.log" &&
		! grep -q "tenant port t[01]: gateway .* is not an address" \
			"$tmp/n1.log"
}

FAB_WANT="2001:db8:100:1::/64 fd00:1::1 64511 65010
203.0.113.128/28 10.0.1.1 64511 65010
203.0.113.16/28 10.0.1.1 64511 65010"

fab_is()
{
	[ "$(fab_routes)" = "$1" ]
}

# FRR sent its routes with the fabric router's addresses as next hops;
# the VPC's table has the host's, the fabric n1's.
next_hop_forced()
{
	local sent4 sent6

	sent4=$(vtysh_ns tenant -c "show bgp ipv4 unicast neighbors 10.0.0.1 advertised-routes json" 2>/dev/null |
		jq -r '.advertisedRoutes["203.0.113.0/28"].nextHop')
	sent6=$(vtysh_ns tenant -c "show bgp ipv6 unicast neighbors fd00::1 advertised-routes json" 2>/dev/null |
		jq -r '.advertisedRoutes["2001:db8:100:1::/64"].nextHopGlobal // .advertisedRoutes["2001:db8:100:1::/64"].nextHop')
	ktap_print_msg "the tenant sent next hops $sent4 and $sent6"
	[ "$sent4" = 10.0.1.10 ] || return 1
	vpc_is "$VPC_WANT" || return 1
	slowwait $DEADLINE fab_is "$FAB_WANT" || { fab_routes | ktap_print_lines "fab: "; return 1; }
	fab_routes | ktap_print_lines "fab: "
	kernel_follows n1
}

# hex_ases AS...: an AS_SEQUENCE's ASes, four octets each.
hex_ases()
{
	printf '%08x' "$@"
}

# update ATTRS NLRI: an UPDATE's body with path attributes ATTRS (hex),
# NLRI (hex).
update()
{
	printf '0000%04x%s%s' $((${#1} / 2)) "$1" "$2"
}

# attrs AS... : ORIGIN IGP, the AS_PATH of the ASes, NEXT_HOP 10.0.3.2.
attrs()
{
	printf '40010100'
	printf '4002%02x02%02x%s' $((2 + 4 * $#)) $# "$(hex_ases "$@")"
	printf '4003040a000302'
}

# inject NAME ARG...: bgp_inject from host 10.0.3.2 (ns inj) to t2's
# gateway, AS 65010; its output in $tmp/NAME.out, shown. Its exit status.
inject()
{
	local name=$1 ret

	shift
	timeout 40 ip netns exec "${ns[inj]}" "$BGP_INJECT" -b 10.0.3.2 -p 179 \
		-c 10.0.3.1 -A 65010 -i 10.0.3.2 -w 8 "$@" > "$tmp/$name.out" 2>&1
	ret=$?
	grep -v "^recv UPDATE" "$tmp/$name.out" | ktap_print_lines
	return $ret
}

# rib_at FILE: while connected, n1's rib in FILE (for bgp_inject -x).
rib_at()
{
	echo "$DPUBGPCTL -s $tmp/n1.sock rib -o json > $1"
}

# kernel_at FILE LINE: while connected (bgp_inject -x; its hold time 9,
# for time to wait), with TENANT_VRF=1, the kernel's lines (kernel_cmd) in
# FILE once they hold LINE, polled for at most 5 s. A command.
kernel_at()
{
	if [ "$TENANT_VRF" != 1 ]; then
		echo true
		return
	fi
	echo "for i in \$(seq 50); do $(kernel_cmd n1) > $1;" \
		"grep -qx '$2' $1 && break; sleep 0.1; done"
}

# kernel_was_rib NAME: the kernel's lines in $tmp/NAME.kernel (kernel_at)
# are what the RIB in $tmp/NAME.json (rib_at) asks of it.
kernel_was_rib()
{
	[ "$TENANT_VRF" = 1 ] || return 0
	diff <(rib_kernel_lines < "$tmp/$1.json") "$tmp/$1.kernel" \
		> "$tmp/$1.diff" && return 0
	ktap_print_msg "the kernel (+) was not the RIB (-):"
	ktap_print_lines "  " < "$tmp/$1.diff"
	return 1
}

# An IPv6 route over the IPv4 session keeps a next hop that is one of
# t2's hosts (fd00:3::2), and is dropped with another (fd00:3::9).
other_family_next_hop()
{
	local mp_ok mp_bad

	# MP_REACH_NLRI, IPv6 unicast, next hop $1, prefix 2001:db8:100:$2::/64.
	mp() { printf '800e1e00020110%s004020010db80100%04x' "$1" "$2"; }
	mp_ok=$(update "40010100$(printf '4002060201%s' "$(hex_ases 65010)")$(mp fd000003000000000000000000000002 9)" "")
	mp_bad=$(update "40010100$(printf '4002060201%s' "$(hex_ases 65010)")$(mp fd000003000000000000000000000009 10)" "")
	inject other_family -u "$mp_ok" -u "$mp_bad" -x "$(rib_at "$tmp/of.json")" ||
		return 1
	jq -r '.[] | select(.vpc) | "\(.prefix) \(.paths[0].next_hop)"' "$tmp/of.json" |
		ktap_print_lines "rib: "
	[ "$(jq -r '.[] | select(.prefix == "2001:db8:100:9::/64") | .paths[0].next_hop' "$tmp/of.json")" = fd00:3::2 ] &&
		[ -z "$(jq -r '.[] | select(.prefix == "2001:db8:100:a::/64") | .prefix' "$tmp/of.json")" ] &&
		grep -q "tenant 10.0.3.2%t2: UPDATE: a next hop of the other family that is not one of the port's hosts" \
			"$tmp/n1.log"
}

# A path must start with the tenant's AS and hold no AS of ours: each
# bad one is withdrawn (the session stays) and counted by its reason (a
# path holding an AS of ours is a loop), a good one is taken.
path_checked()
{
	local before after loops

	before=$(tpeer 10.0.3.2 t2 prefixes_dropped)
	loops=$(tpeer 10.0.3.2 t2 prefixes_dropped_by.as_loop)
	inject paths \
		-u "$(update "$(attrs 65099 65010)" 1ccb007140)" \
		-u "$(update "$(attrs 65010 64511)" 1ccb007150)" \
		-u "$(update "$(attrs 65010 $DPU_AS)" 1ccb0071a0)" \
		-u "$(update "$(attrs 65010 65020)" 1ccb007170)" -H 9 \
		-x "$(rib_at "$tmp/paths.json") && $(kernel_at "$tmp/paths.kernel" \
			"table 100 203.0.113.112/28 via 10.0.3.2 dev t2")" ||
		return 1
	after=$(tpeer 10.0.3.2 t2 prefixes_dropped)
	jq -r '.[] | select(.vpc) | .prefix' "$tmp/paths.json" |
		ktap_print_lines "rib: "
	ktap_print_msg "prefixes_dropped $before -> $after"
	jq -e '.[] | select(.prefix == "203.0.113.112/28")' "$tmp/paths.json" > /dev/null &&
		! jq -e '.[] | select(.prefix == "203.0.113.64/28" or .prefix == "203.0.113.80/28" or .prefix == "203.0.113.160/28")' \
			"$tmp/paths.json" > /dev/null &&
		[ "$after" = $((before + 3)) ] &&
		[ "$(tpeer 10.0.3.2 t2 prefixes_dropped_by.as_loop)" = $((loops + 2)) ] &&
		grep -q "tenant 10.0.3.2%t2: UPDATE: AS_PATH does not start with the tenant's AS: treat-as-withdraw" "$tmp/n1.log" &&
		grep -q "tenant 10.0.3.2%t2: UPDATE: AS_PATH holds the node's AS: treat-as-withdraw" "$tmp/n1.log" &&
		kernel_was_rib paths
}

# A tenant's OPEN with hold time 0: 2/6 on the wire.
hold_time_0_refused()
{
	inject hold0 -H 0
	grep -q '^recv NOTIFICATION 2/6 ' "$tmp/hold0.out" &&
		! grep -q '^established$' "$tmp/hold0.out" &&
		[ "$(tpeer 10.0.3.2 t2 error)" = "BGP Error: Unacceptable hold time" ]
}

# A leaked route carrying attribute 25 with a route target (type 0x0002,
# global administrator 2001:db8:dead:beef::1) reaches the fabric peer in
# ns raw without it: no "deadbeef" in what it gets, the route itself is
# there.
attr25_not_at_fabric()
{
	local a25

	a25="$(attrs 65010)c00804fe4c0001c0191400022001 0db8deadbeef00000000000000010064"
	timeout 30 ip netns exec "${ns[raw]}" "$BGP_INJECT" -a 10.0.1.11 \
		-p "$PORT" -A 64568 -i 10.0.1.11 -H 30 -w 20 -k 8 \
		> "$tmp/raw.out" 2>&1 &
	pid[raw]=$!
	slowwait 15 grep -q '^established$' "$tmp/raw.out" || return 1
	inject attr25 -u "$(update "${a25// /}" 1ccb007160)" -H 9 \
		-x "$(rib_at "$tmp/attr25.json") && $(kernel_at "$tmp/attr25.kernel" \
			"module 203.0.113.96/28 t2 underlay") && sleep 2"
	wait "${pid[raw]}"
	pid[raw]=
	grep "^recv UPDATE" "$tmp/raw.out" | ktap_print_lines "raw: "
	grep -q "^recv UPDATE .*1ccb007160" "$tmp/raw.out" &&
		! grep -qi "deadbeef" "$tmp/raw.out" && kernel_was_rib attr25
}

# prefixes N FIRST: the NLRI of N /32s from 203.0.113.FIRST.
prefixes()
{
	local i

	for ((i = $2; i < $2 + $1; i++)); do
		printf '20cb0071%02x' "$i"
	done
}

# One more prefix than max_prefixes: Cease 6/1 on the wire with AFI 1,
# SAFI 1 and the limit; refused at once (within the idle time); the
# session's routes gone; Idle, and counted.
max_prefixes_closes()
{
	inject over -u "$(update "$(attrs 65010)" "$(prefixes $((MAX_PREFIXES + 1)) 200)")"
	grep -q "^recv NOTIFICATION 6/1 data 00010100000008$" "$tmp/over.out" ||
		return 1
	inject during_idle
	! grep -q "^recv OPEN" "$tmp/during_idle.out" &&
		grep -q "connection from 10.0.3.2%t2 refused: peer held idle after its maximum prefixes" \
			"$tmp/n1.log" || return 1
	ctl n1 status | ktap_print_lines
	[ "$(tpeer 10.0.3.2 t2 fsm)" = Idle ] &&
		[ "$(tpeer 10.0.3.2 t2 proto)" = start ] &&
		[ "$(tpeer 10.0.3.2 t2 error)" = "BGP Error: Maximum prefixes reached" ] &&
		[ "$(tpeer 10.0.3.2 t2 max_prefixes_reached)" = 1 ] &&
		[ "$(tpeer 10.0.3.2 t2 routes_in)" = 0 ] &&
		ctl n1 status | grep -q "10.0.3.2%t2 .* Idle BGP Error: Maximum prefixes reached" &&
		! vpc_routes | grep -q "^203.0.113.20[0-9]/32 " &&
		kernel_follows n1
}

up_with_fewer()
{
	inject fewer -u "$(update "$(attrs 65010)" "$(prefixes 3 200)")" -H 9 \
		-x "$(rib_at "$tmp/fewer.json") && $(kernel_at "$tmp/fewer.kernel" \
			"table 100 203.0.113.202/32 via 10.0.3.2 dev t2")" > /dev/null
}

# After the idle time the tenant is back, with fewer routes.
back_after_idle()
{
	slowwait $((IDLE + 10)) up_with_fewer || return 1
	[ "$(jq -r '[.[] | select(.prefix | startswith("203.0.113.20"))] | length' "$tmp/fewer.json")" = 3 ] &&
		[ "$(tpeer 10.0.3.2 t2 max_prefixes_reached)" = 1 ] &&
		kernel_was_rib fewer
}

rss()
{
	awk '/^VmRSS:/ { print $2 }' "/proc/${pid[n1]}/status"
}

# flood_file B: 50400 /32s of 100.B.0.0/16 (100.64.0.0/10, outside the
# allowed list), 800 an UPDATE, as bgp_inject -f lines, in $tmp/flood.txt.
flood_file()
{
	awk -v b="$1" 'BEGIN {
		for (m = 0; m < 63; m++) {
			s = "";
			for (i = 0; i < 800; i++) {
				k = m * 800 + i;
				s = s sprintf("2064%02x%02x%02x", b, int(k / 256), k % 256);
			}
			printf "u 000000144001010040020602010000fdf24003040a000302%s\n", s;
		}
	}' > "$tmp/flood.txt"
}

# flood B: flood_file B from t2's host, counted as dropped.
flood()
{
	local d0

	d0=$(tpeer 10.0.3.2 t2 prefixes_dropped)
	flood_file "$1"
	inject flood -f "$tmp/flood.txt" -w 30 || return 1
	# shellcheck disable=SC2016 # for eval
	slowwait 10 eval '[ "$(tpeer 10.0.3.2 t2 prefixes_dropped)" = $((d0 + 50400)) ]'
}

# 50400 prefixes outside the allowed list: counted as dropped, the
# session up, and the daemon's memory (VmRSS) grows by less than 2 MiB
# (what the RIB would take for them is several times that). Measured
# over a second flood of other prefixes: the first warms the allocator
# (ASan's quarantine and shadow took up to 2.7 MiB of it in a VM).
flood_costs_nothing()
{
	local before after d0 d1

	flood 64 || return 1
	d0=$(tpeer 10.0.3.2 t2 prefixes_dropped)
	before=$(rss)
	flood 65 || return 1
	after=$(rss)
	d1=$(tpeer 10.0.3.2 t2 prefixes_dropped)
	ktap_print_msg "VmRSS $before kB -> $after kB; prefixes_dropped $d0 -> $d1"
	[ "$d1" = $((d0 + 50400)) ] && [ $((after - before)) -lt 2048 ] &&
		kernel_follows n1
}

clean_exit()
{
	stop_nodes
}

logs()
{
	node_logs
}

main()
{
	require_root
	require_cmd "$FRR_BGPD" "$VTYSH" jq "$DPUBGPD" "$BGP_INJECT"
	plan_and_setup
	DPUBGPD_MAX_PREFIXES_IDLE=$IDLE start_node n1
	start_frr_ns fab
	start_frr_ns tenant 0
	start_frr_ns red 0
	run_all_tests logs
}

main "$@"
