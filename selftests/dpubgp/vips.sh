#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tenant VIPs in the forwarding path, end to end (design.md §4.6): FRR
# as the tenant host announces VIPs to dpubgpd, which installs them in
# the VPC's VRF table (protocol dpubgp) and in the module with their leak
# flags, and exports the leaked ones to the fabric (FRR in the underlay);
# pings from the overlay and the underlay reach exactly what the rules
# say. Then withdrawal, dpubgpd killed (-9) and restarted while the
# underlay pings a leaked VIP, anycast (a second FRR on port t1, h1
# 10.0.1.2, announces a VIP too: a multipath route), the tenant's loss,
# the port's device deleted and re-created, port t0 moved to VPC green
# (VRF vpc-green, table 200), the ports removed from the document. The
# module's counters in dpubgpd's metrics (GET /metrics, curl in ns dpu,
# promtool's check) move as pings go through the port.
#
#  +------ ns "host" (FRR, AS 65010) ---+
#  | lo: 203.0.113.10 (65100:1)          |   .20 (65100:2), .30 (none),
#  |     2001:db8:100::10 (65100:1)      |   198.51.100.1 (not allowed)
#  | h0: 10.0.0.2/24 fd00::2/64          |
#  +--------------|----------------------+
#  +--------------|-------- ns "dpu": dpubgpd, node AS 64511 ---------+
#  |  +-----------|------ vpc-blue (VRF, table 100) --------------+   |
#  |  | t0 (port): 10.0.0.1/24 fd00::1/64, DPU AS 4268000000       |   |
#  |  | o0: 10.1.0.1/24 fd01::1/64                                 |   |
#  |  +-----------|-----------------------------------------------+   |
#  |  u0 (default VRF): 10.2.0.1/24 fd02::1/64                         |
#  +--------------|------------------------------------|--------------+
#  +--- ns "overlay" ---+                  +--- ns "underlay" (FRR, AS 64567) ---+
#  | o1: 10.1.0.2/24    |                  | u1: 10.2.0.2/24 fd02::2/64          |
#  +--------------------+                  +-------------------------------------+
#
# Requires CONFIG_NET_VRF, dpubgp.ko loaded, FRR's bgpd, ping, jq.

ALL_TESTS="
	vrf_holds_allowed
	module_holds_leaks
	fabric_gets_leaked
	pings_follow_rules
	src_filter
	metrics_follow_pings
	unforwarded_not_advertised
	withdrawal_removes
	restart_loses_nothing
	anycast
	session_loss_removes
	device_recreated
	vpc_changed
	port_removed
	clean_exit
"

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../interop/lib.sh"

NODES=dpu
DPU_AS=4268000000
VIPS4="203.0.113.10 203.0.113.20 203.0.113.30"
VIP6=2001:db8:100::10
DEADLINE=60

# write_doc [noport|green]: the document, with ports t0 and t1 unless
# "noport", t0 in VPC green with "green".
write_doc()
{
	local vpc=blue

	[ "$1" != green ] || vpc=green
	cat > "$tmp/dpubgp.yaml.new" <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  dpu: {ipv4: 10.2.0.1, ipv6: "fd02::1"}
	peers:
	  - {ip: 10.2.0.2, as: 64567}
	tenant:
	  common_tenant_host_asn: 65010
	  dpu_asn_pool: {start: $DPU_AS, end: 4268999999}
	fnn:
	  routing_profiles:
	    internal:
	      allowed_anycast_prefixes: [203.0.113.0/24, "2001:db8:100::/48"]
	      tenant_leak_communities_accepted: true
	vpcs:
	  blue: {vrf: vpc-blue, table: 100, routing_profile: internal}
	  green: {vrf: vpc-green, table: 200, routing_profile: internal}
	EOD
	[ "$1" = noport ] || cat >> "$tmp/dpubgp.yaml.new" <<-EOD
	ports:
	  dpu:
	    t0:
	      vpc: $vpc
	      host: [10.0.0.2, "fd00::2"]
	      gateway: [10.0.0.1/24, "fd00::1/64"]
	    t1:
	      vpc: blue
	      host: [10.0.1.2]
	      gateway: [10.0.1.1/24]
	EOD
	mv "$tmp/dpubgp.yaml.new" "$tmp/dpubgp.yaml"
}

write_frr()
{
	frr_conf_head host 65010 10.0.0.2
	cat >> "$tmp/host/bgpd.conf" <<-EOC
	 no bgp network import-check
	 neighbor 10.0.0.1 remote-as $DPU_AS
	 neighbor 10.0.0.1 timers connect 1
	 neighbor 10.0.0.1 update-source 10.0.0.2
	 neighbor fd00::1 remote-as $DPU_AS
	 neighbor fd00::1 timers connect 1
	 neighbor fd00::1 update-source fd00::2
	 address-family ipv4 unicast
	  network 203.0.113.10/32 route-map LEAK1
	  network 203.0.113.20/32 route-map LEAK2
	  network 203.0.113.30/32
	  network 198.51.100.1/32 route-map LEAK1
	  no neighbor fd00::1 activate
	 exit-address-family
	 address-family ipv6 unicast
	  neighbor fd00::1 activate
	  network $VIP6/128 route-map LEAK1
	 exit-address-family
	route-map LEAK1 permit 10
	 set community 65100:1
	 set large-community 65010:1:1
	route-map LEAK2 permit 10
	 set community 65100:2
	 set extcommunity rt 65010:100
	EOC
	# A second host, on t1, announces the leaked VIP too: anycast.
	frr_conf_head host2 65010 10.0.1.2
	cat >> "$tmp/host2/bgpd.conf" <<-EOC
	 no bgp network import-check
	 neighbor 10.0.1.1 remote-as $DPU_AS
	 neighbor 10.0.1.1 timers connect 1
	 neighbor 10.0.1.1 update-source 10.0.1.2
	 address-family ipv4 unicast
	  network 203.0.113.10/32 route-map LEAK1
	 exit-address-family
	route-map LEAK1 permit 10
	 set community 65100:1
	EOC
	underlay_frr_conf
}

setup()
{
	dpu_topology t1 || return 1
	for a in $VIPS4 198.51.100.1 203.0.113.99; do
		ip -n "${ns[host]}" addr add "$a/32" dev lo || return 1
	done
	ip -n "${ns[host]}" addr add "$VIP6/128" dev lo || return 1
	dpu_neighbours_resolved || return 1
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	write_doc
	write_frr
	addrs dpu t1 10.0.1.1/24 fd00:1::1/64 &&
	addrs host h1 10.0.1.2/24 fd00:1::2/64 || return 1
	start_node dpu
	# Listening, as FRR does by default: dpubgpd connects after a restart.
	frr_run host "${ns[host]}" "$tmp/host" 179
	frr_run underlay "${ns[underlay]}" "$tmp/underlay" 0
}

ALL_VRF="203.0.113.10 via 10.0.0.2 dev t0
203.0.113.20 via 10.0.0.2 dev t0
203.0.113.30 via 10.0.0.2 dev t0
$VIP6 via fd00::2 dev t0"
ALL_MOD="203.0.113.10/32 t0 underlay
203.0.113.20/32 t0 drop-overlay
203.0.113.30/32 t0 none
$VIP6/128 t0 underlay"
ALL_FAB="$VIP6/128
203.0.113.10/32
203.0.113.20/32"

# The sessions come up first: under TCG on a loaded host that takes its
# time (FRR's and dpubgpd's starts, the fabric's connect retries).
vrf_holds_allowed()
{
	slowwait $((4 * DEADLINE)) peer_up dpu 10.0.0.2 &&
	slowwait $DEADLINE peer_up dpu fd00::2 ||
		{ ktap_print_msg "the tenant's sessions did not come up"; return 1; }
	expect_now "table 100, proto $RTPROT" vrf_routes "$ALL_VRF"
}

module_holds_leaks()
{
	expect_now "module routes" mod_routes "$ALL_MOD"
}

fabric_gets_leaked()
{
	expect_now "fabric peer's routes" fab_routes "$ALL_FAB"
}

# R2-R4 and the VRF route: the leaked VIPs answer the underlay, the
# overlay reaches what is not dropped from it.
pings_follow_rules()
{
	local rc=0

	expect_reach "leaked" overlay 203.0.113.10 || rc=1
	expect_reach "leaked" underlay 203.0.113.10 || rc=1
	expect_reach "leaked, IPv6" overlay $VIP6 || rc=1
	expect_reach "leaked, IPv6" underlay $VIP6 || rc=1
	expect_reach "dropped from the overlay" underlay 203.0.113.20 || rc=1
	expect_no_reach "dropped from the overlay" overlay 203.0.113.20 || rc=1
	expect_reach "not leaked" overlay 203.0.113.30 || rc=1
	expect_no_reach "not leaked" underlay 203.0.113.30 || rc=1
	expect_no_reach "not allowed" overlay 198.51.100.1 || rc=1
	return $rc
}

# port_drops: the module's drop counter of t0.
port_drops()
{
	ctl dpu kernel show -o json | jq -r '.ports[] | select(.ifname == "t0") | .drops'
}

src_filter()
{
	local before after rc=0

	expect_reach "from an announced VIP" host 10.1.0.2 -I 203.0.113.30 ||
		rc=1
	before=$(port_drops)
	expect_no_reach "from an address not announced" host 10.1.0.2 \
		-I 203.0.113.99 || rc=1
	after=$(port_drops)
	[ "$after" -gt "$before" ] ||
		{ ktap_print_msg "drops $before -> $after"; rc=1; }
	return $rc
}

# The module's counters through dpubgpd's metrics: a ping from a VIP
# counts against its route (packets, bytes), one from an address not
# announced in t0's drops; the VRF routes and the module are there, and
# promtool finds nothing to say about a scrape with the module's samples.
metrics_follow_pings()
{
	local pkts bytes drops route="interface=t0 vpc=blue prefix=203.0.113.30/32"

	scrape dpu || return 1
	# shellcheck disable=SC2086 # the labels, one word each
	pkts=$(metric dpubgp_route_packets_total $route)
	# shellcheck disable=SC2086
	bytes=$(metric dpubgp_route_bytes_total $route)
	drops=$(metric dpubgp_port_drops_total interface=t0 vpc=blue)
	ktap_print_msg "before: $route packets $pkts bytes $bytes; t0 drops $drops"
	expect_eq "module up" 1 "$(metric dpubgp_module_up)" &&
		expect_eq "IPv4 VRF routes" 3 \
			"$(metric dpubgp_vpc_routes_installed vpc=blue family=ipv4)" &&
		expect_eq "IPv6 VRF routes" 1 \
			"$(metric dpubgp_vpc_routes_installed vpc=blue family=ipv6)" &&
		[ -n "$pkts" ] && [ -n "$bytes" ] && [ -n "$drops" ] || return 1
	expect_reach "from an announced VIP" host 10.1.0.2 -I 203.0.113.30 &&
		expect_no_reach "from an address not announced" host 10.1.0.2 \
			-I 203.0.113.99 || return 1
	scrape dpu || return 1
	# shellcheck disable=SC2086
	ktap_print_msg "after: packets $(metric dpubgp_route_packets_total $route)" \
		"bytes $(metric dpubgp_route_bytes_total $route);" \
		"t0 drops $(metric dpubgp_port_drops_total interface=t0)"
	# shellcheck disable=SC2086
	[ "$(metric dpubgp_route_packets_total $route)" -gt "$pkts" ] &&
		[ "$(metric dpubgp_route_bytes_total $route)" -gt "$bytes" ] &&
		[ "$(metric dpubgp_port_drops_total interface=t0)" -gt "$drops" ] &&
		promtool_clean
}

# t0_into VRF: t0 a slave of VRF, with its gateway addresses again (the
# VRF change cycles the device, which takes its IPv6 ones).
t0_into()
{
	ip -n "${ns[dpu]}" link set t0 master "$1" &&
		ip -n "${ns[dpu]}" addr replace 10.0.0.1/24 dev t0 &&
		ip -n "${ns[dpu]}" addr replace fd00::1/64 dev t0 nodad
}

# t0 out of its VRF (nomaster): the DPU can no longer forward to the
# tenant's VIPs, so they leave table 100, the module and the fabric,
# though the IPv4 session stays up and the RIB keeps its routes (the
# VPC's, with the leak flags): never advertise what the DPU cannot
# forward. (The IPv6 session goes: the VRF change cycles t0, which takes
# its IPv6 addresses.) Back in the VRF, the three places get them again.
unforwarded_not_advertised()
{
	local rc=0 since4

	since4=$(peer dpu 10.0.0.2 since)
	ip -n "${ns[dpu]}" link set t0 nomaster || return 1
	expect_now "t0 out of its VRF, table 100" vrf_routes "" || rc=1
	expect_now "t0 out of its VRF, module" mod_routes "" || rc=1
	expect_now "t0 out of its VRF, fabric" fab_routes "" || rc=1
	expect_eq "t0 out of its VRF, the IPv4 session's paths in the RIB" \
		"$VIPS4" "$(ctl dpu rib vpc blue |
			awk '/from 10\.0\.0\.2%t0 .* vpc blue/ {
				sub("/32", "", $1); print $1 }' | xargs)" || rc=1
	expect_eq "t0 out of its VRF, IPv4 session since" "$since4" \
		"$(peer dpu 10.0.0.2 since)" || rc=1
	t0_into vpc-blue || return 1
	slowwait $DEADLINE peer_up dpu 10.0.0.2 &&
		slowwait $DEADLINE peer_up dpu fd00::2 ||
		{ ktap_print_msg "the tenant's sessions are not up"; rc=1; }
	expect_now "t0 back in its VRF, table 100" vrf_routes "$ALL_VRF" || rc=1
	expect_now "t0 back in its VRF, module" mod_routes "$ALL_MOD" || rc=1
	expect_now "t0 back in its VRF, fabric" fab_routes "$ALL_FAB" || rc=1
	return $rc
}

tenant_vty()
{
	vtysh_at "${ns[host]}" "$tmp/host" -c "configure terminal" \
		-c "router bgp 65010" -c "address-family ipv4 unicast" "$@" \
		> /dev/null
}

withdrawal_removes()
{
	local rc=0

	tenant_vty -c "no network 203.0.113.30/32"
	expect_now "withdrawn, table 100" vrf_routes "$(grep -v 203.0.113.30 <<< "$ALL_VRF")" || rc=1
	expect_now "withdrawn, module" mod_routes "$(grep -v 203.0.113.30 <<< "$ALL_MOD")" || rc=1
	tenant_vty -c "network 203.0.113.30/32"
	expect_now "announced again" vrf_routes "$ALL_VRF" || rc=1
	return $rc
}

# ping_lost FILE: the packets ping lost, from its summary in FILE.
ping_lost()
{
	awk '/packets transmitted/ { print $1 - $4 }' "$1"
}

# tenant_connect_timer ARGS: FRR's connect timer toward 10.0.0.1 and
# fd00::1, "timers connect 1" or "no timers connect" (120 s).
tenant_connect_timer()
{
	vtysh_at "${ns[host]}" "$tmp/host" -c "configure terminal" \
		-c "router bgp 65010" \
		-c "$1 neighbor 10.0.0.1 timers connect $2" \
		-c "$1 neighbor fd00::1 timers connect $2" > /dev/null
}

# tenant_waits: FRR's session to 10.0.0.1 is Active (its connect failed;
# it waits for its connect timer or our connection).
tenant_waits()
{
	vtysh_at "${ns[host]}" "$tmp/host" -c "show bgp neighbors 10.0.0.1 json" |
		jq -e '.["10.0.0.1"].bgpState == "Active"' > /dev/null
}

# kill -9, and a route withdrawn while dpubgpd is down; the underlay
# pings a leaked VIP every 100 ms all along. The tenant is back with
# FRR's default connect timer (120 s): dpubgpd, finding stale routes of
# the port, connects to it once.
restart_loses_nothing()
{
	local rc=0 lost

	tenant_connect_timer no ""
	ip netns exec "${ns[underlay]}" ping -i 0.1 -W 1 203.0.113.10 \
		> "$tmp/ping.out" 2>&1 &
	pid[ping]=$!
	kill -0 "${pid[dpu]}" || { ktap_print_msg "dpubgpd is not running"; rc=1; }
	kill -9 "${pid[dpu]}"
	wait "${pid[dpu]}" 2> /dev/null
	tenant_vty -c "no network 203.0.113.30/32"
	slowwait $DEADLINE tenant_waits ||
		{ ktap_print_msg "the tenant did not notice"; rc=1; }
	start_node dpu
	# Well before FRR's own retry, 120 s (less its jitter) away.
	slowwait 45 peer_up dpu 10.0.0.2 ||
		{ ktap_print_msg "the tenant did not come back within 45 s"; rc=1; }
	tenant_connect_timer "" 1
	expect_now "after restart, table 100" vrf_routes "$(grep -v 203.0.113.30 <<< "$ALL_VRF")" || rc=1
	expect_now "after restart, module" mod_routes "$(grep -v 203.0.113.30 <<< "$ALL_MOD")" || rc=1
	kill -INT "${pid[ping]}"
	wait "${pid[ping]}"
	pid[ping]=
	lost=$(ping_lost "$tmp/ping.out")
	expect_eq "pings lost across the restart" 0 "$lost" || rc=1
	tenant_vty -c "network 203.0.113.30/32"
	expect_now "announced again" vrf_routes "$ALL_VRF" || rc=1
	return $rc
}

# anycast_hops: the next hops of 203.0.113.10 in table 100, "GW DEV".
anycast_hops()
{
	ip -j -n "${ns[dpu]}" route show table 100 proto $RTPROT 203.0.113.10 |
		jq -r '.[0] | if .nexthops then .nexthops[] else . end |
			"\(.gateway) \(.dev)"' | sort
}

# Two hosts on two ports announce one VIP: one route with a next hop per
# host, and a module route on each port; one goes: the other's stays.
anycast()
{
	local rc=0

	frr_run host2 "${ns[host]}" "$tmp/host2" 0
	expect_now "anycast next hops" anycast_hops "10.0.0.2 t0
10.0.1.2 t1" || rc=1
	expect_now "anycast, module" mod_routes "$ALL_MOD
203.0.113.10/32 t1 underlay" || rc=1
	kill "${pid[host2]}"
	wait "${pid[host2]}"
	pid[host2]=
	expect_now "one host gone" anycast_hops "10.0.0.2 t0" || rc=1
	expect_now "one host gone, module" mod_routes "$ALL_MOD" || rc=1
	return $rc
}

session_loss_removes()
{
	local rc=0

	kill "${pid[host]}"
	wait "${pid[host]}"
	expect_now "tenant gone, table 100" vrf_routes "" || rc=1
	expect_now "tenant gone, module" mod_routes "" || rc=1
	expect_now "tenant gone, fabric" fab_routes "" || rc=1
	frr_run host "${ns[host]}" "$tmp/host" 179
	expect_now "tenant back" vrf_routes "$ALL_VRF" || rc=1
	return $rc
}

mod_ports()
{
	ctl dpu kernel show -o json 2>/dev/null | jq -r '.ports[].ifname' | sort
}

device_recreated()
{
	local rc=0

	ip -n "${ns[dpu]}" link del t0
	expect_now "device gone, module ports" mod_ports t1 || rc=1
	expect_now "device gone, table 100" vrf_routes "" || rc=1
	veth_pair dpu t0 host h0 &&
	ip -n "${ns[dpu]}" link set t0 master vpc-blue &&
	addrs dpu t0 10.0.0.1/24 fd00::1/64 &&
	addrs host h0 10.0.0.2/24 fd00::2/64 &&
	gateway host 10.0.0.1 fd00::1 || rc=1
	expect_now "device back, module ports" mod_ports "t0
t1" || rc=1
	expect_now "device back, table 100" vrf_routes "$ALL_VRF" || rc=1
	expect_now "device back, module" mod_routes "$ALL_MOD" || rc=1
	return $rc
}

vrf_routes_green()
{
	vrf_routes 200
}

# t0 moved to VPC green in the document: its routes leave table 100,
# the module and the fabric, t1 stays; once t0 is a slave of green's VRF,
# the tenant is back and its routes are in table 200.
vpc_changed()
{
	local rc=0

	write_doc green
	kill -HUP "${pid[dpu]}"
	expect_now "VPC changed, module ports" mod_ports t1 || rc=1
	expect_now "VPC changed, table 100" vrf_routes "" || rc=1
	expect_now "VPC changed, module" mod_routes "" || rc=1
	expect_now "VPC changed, fabric" fab_routes "" || rc=1
	vrf_create dpu vpc-green 200 && t0_into vpc-green || rc=1
	expect_now "in VRF vpc-green, module ports" mod_ports "t0
t1" || rc=1
	expect_now "in VRF vpc-green, table 200" vrf_routes_green "$ALL_VRF" ||
		rc=1
	expect_now "in VRF vpc-green, module" mod_routes "$ALL_MOD" || rc=1
	expect_now "in VRF vpc-green, fabric" fab_routes "$ALL_FAB" || rc=1
	output_is vrf_routes "" ||
		{ ktap_print_msg "table 100 holds routes again"; rc=1; }
	return $rc
}

port_removed()
{
	local rc=0

	write_doc noport
	kill -HUP "${pid[dpu]}"
	expect_now "port removed, module ports" mod_ports "" || rc=1
	expect_now "port removed, table 100" vrf_routes "" || rc=1
	expect_now "port removed, table 200" vrf_routes_green "" || rc=1
	expect_now "port removed, module" mod_routes "" || rc=1
	return $rc
}

# SIGTERM: exit 0, no sanitizer report; what is installed stays.
clean_exit()
{
	stop_nodes
}

# diagnostics: the node's log, the kernel's routes, the last pings.
diagnostics()
{
	node_logs
	ktap_print_msg "kernel sync in the log:"
	grep -E "port t0|stale|End-of-RIB|table 100|module" "$tmp/dpu.log" |
		tail -n 15 | ktap_print_lines "  "
	ktap_print_msg "table 100:"
	ip -n "${ns[dpu]}" route show table 100 proto $RTPROT |
		ktap_print_lines "  "
	ip -n "${ns[dpu]}" -6 route show table 100 proto $RTPROT |
		ktap_print_lines "  "
	ktap_print_msg "module:"
	ctl dpu kernel show 2>&1 | ktap_print_lines "  "
	[ ! -f "$tmp/ping.out" ] || tail -n 5 "$tmp/ping.out" | ktap_print_lines "  ping: "
}

require_root
require_cmd "$FRR_BGPD" "$VTYSH" jq ping curl "$DPUBGPD" "$DPUBGPCTL"
plan_and_setup
run_all_tests diagnostics
