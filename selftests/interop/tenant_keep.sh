#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What a tenant's routes and sessions outlive (design.md §4.3): edits of
# the shared routing profile and of common_tenant_host_asn, taken in
# place without a session restart (our Since, FRR's connection and
# NOTIFICATION counters unchanged; a narrowed prefix leaves the fabric, a
# widened one comes, asked for with ROUTE-REFRESH); and the tenant's own
# restart, with graceful restart (RFC 4724).
#
# Three tenant hosts behind ports t0, t1 and t2 of node n1, all in VPC
# blue with routing profile "internal"; the fabric peer is FRR in ns fab.
# The tenant on t0 is FRR's bgpd with graceful restart (restart time
# $RESTART_TIME s, forwarding state preserved: the F bit), the one on t1
# FRR without (graceful-restart-disable), the one on t2 first bgp_inject
# without capabilities (no route refresh: a widened policy restarts its
# session), then BIRD with graceful restart, started for its own cases
# last and restarted in graceful recovery (bird -R: R and F bits).
#
#   +---- ns tenant (FRR, GR) ----+        +---- ns n1 ------------------+
#   | eth0 10.0.0.2               +--veth--+ t0 10.0.0.1/24              |
#   +-----------------------------+        |  dpubgpd, node AS 64511,    |
#   +---- ns plain (FRR) ---------+        |  DPU AS 4268000000, :179    |
#   | eth0 10.0.2.2               +--veth--+ t1 10.0.2.1/24              |
#   +-----------------------------+        |                             |
#   +---- ns bird (inject, BIRD) -+        |                             |
#   | eth0 10.0.3.2               +--veth--+ t2 10.0.3.1/24              |
#   +-----------------------------+        | eth0 10.0.1.1               |
#   +---- ns fab -------------------+      +-----------+-----------------+
#   | FRR bgpd AS 64567, global peer|                  |
#   | eth0 10.0.1.10                +--- ns sw: br0 ---+  (port 1179)
#   +-------------------------------+
#
# The graceful restart cases kill the tenant's speaker with SIGKILL (no
# NOTIFICATION: its kernel closes the connection) while a watcher polls
# the fabric peer for the tenant's leaked route. In the VM (TENANT_VRF=1)
# the ports are slaves of VRF vpc-blue (table 100), and after each step
# the kernel holds what the RIB holds (kernel_follows in lib.sh): a policy
# edit reaches the VPC's table and the module, and a restarting tenant's
# stale routes stay in both, forwarding.
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), BGP_INJECT (default: next to this script), FRR_BGPD
# (default: /usr/lib/frr/bgpd), VTYSH (default: vtysh); bird from PATH
# (its cases skipped without it); TENANT_VRF.

source "$(dirname "$0")/lib.sh"

BGP_INJECT=${BGP_INJECT:-$here/bgp_inject}
DEADLINE=20
NODES="n1"
DPU_AS=4268000000
# A VM under software emulation takes up to 20 s to start FRR again.
RESTART_TIME=$((${DPUBGP_VM:-0} ? 40 : 15))
ALL_TESTS="sessions_established
	policy_narrowed_in_place policy_widened_refreshed
	policy_leaks_off_and_on policy_widened_no_route_refresh_restarts
	tenant_asn_changed_in_place
	gr_kill_keeps_routes_stale gr_back_sweeps_after_eor
	gr_restart_time_ends gr_no_forwarding_state_sweeps_at_open
	gr_without_capability_removes_at_once
	gr_bird_kill_keeps_routes_stale gr_bird_recovers
	clean_exit"

addr4=([n1]=10.0.1.1 [fab]=10.0.1.10)
addr6=([n1]=fd00:1::1 [fab]=fd00:1::10)

# write_doc [ALLOWED [LEAKS [ASN]]]: the document; profile internal with
# ALLOWED prefixes (default: 203.0.113.0/24), leak communities accepted
# unless LEAKS is false, common_tenant_host_asn ASN (default 65010; 0:
# none).
write_doc()
{
	{
		cat <<-EOD
		bgp:
		  listen_port: $PORT
		nodes:
		  n1: {ipv4: 10.0.1.1}
		peers:
		  - {ip: 10.0.1.10, as: 64567}
		tenant:
		  $([ "${3:-65010}" = 0 ] || echo "common_tenant_host_asn: ${3:-65010}")
		  dpu_asn_pool: {start: $DPU_AS, end: 4268999999}
		EOD
		vpc_blue_doc "${1:-203.0.113.0/24}" "${2:-true}" \
			"t0 10.0.0.2 10.0.0.1/24" "t1 10.0.2.2 10.0.2.1/24" \
			"t2 10.0.3.2 10.0.3.1/24"
	} > "$tmp/dpubgp.yaml.new"
	mv "$tmp/dpubgp.yaml.new" "$tmp/dpubgp.yaml"
}

# tenant_conf NAME ADDR GR NETWORK...: the bgpd.conf of tenant NAME at
# ADDR, AS 65010, with the graceful restart lines GR (";" between
# lines), announcing each NETWORK ("PREFIX" or "PREFIX route-map LEAK1",
# the latter with 65100:1).
tenant_conf()
{
	local name=$1 addr=$2 gr=$3 n

	shift 3
	mkdir -p "$tmp/$name"
	{
		# The route-map first: one defined after the network that
		# names it is applied seconds later, after End-of-RIB.
		cat <<-EOC
		frr defaults traditional
		hostname $name
		log file $tmp/$name/frr.log
		route-map LEAK1 permit 10
		 set community 65100:1
		router bgp 65010
		 bgp router-id $addr
		 no bgp ebgp-requires-policy
		 no bgp network import-check
		EOC
		tr ';' '\n' <<< "$gr" | sed 's/^/ /'
		cat <<-EOC
		 timers bgp 3 9
		 neighbor ${addr%.*}.1 remote-as $DPU_AS
		 neighbor ${addr%.*}.1 timers connect 1
		 neighbor ${addr%.*}.1 update-source $addr
		 address-family ipv4 unicast
		EOC
		for n in "$@"; do
			echo "  network $n"
		done
		echo " exit-address-family"
	} > "$tmp/$name/bgpd.conf"
}

GR_LINES="bgp graceful-restart;bgp graceful-restart preserve-fw-state;bgp graceful-restart restart-time $RESTART_TIME"

setup()
{
	setup_fabric fab || return 1
	ns_create tenant plain bird || return 1
	wire_port t0 tenant eth0 10.0.0.1/24 10.0.0.2/24 || return 1
	wire_port t1 plain eth0 10.0.2.1/24 10.0.2.2/24 || return 1
	wire_port t2 bird eth0 10.0.3.1/24 10.0.3.2/24 || return 1
	write_doc
	tenant_conf tenant 10.0.0.2 "$GR_LINES" 203.0.113.0/28 \
		"203.0.113.16/28 route-map LEAK1" \
		"203.0.113.32/28 route-map LEAK1"
	tenant_conf plain 10.0.2.2 "bgp graceful-restart-disable" \
		"203.0.113.64/28 route-map LEAK1" \
		"198.51.100.0/24 route-map LEAK1"
	frr_conf_head fab 64567 10.0.1.10
	cat >> "$tmp/fab/bgpd.conf" <<-EOC
	 neighbor 10.0.1.1 remote-as 64511
	 neighbor 10.0.1.1 port $PORT
	 neighbor 10.0.1.1 timers connect 1
	EOC
}

# vpc_routes: n1's VPC routes as sorted lines "PREFIX FROM LEAK STALE".
vpc_routes()
{
	ctl n1 rib -o json 2>/dev/null | jq -r '.[] | select(.vpc) |
		.prefix as $p | .paths[] |
		"\($p) \(.from) \(.leak // "-") \(.stale // false)"' | sort
}

vpc_is()
{
	[ "$(vpc_routes)" = "$1" ]
}

# vpc_from_is PEER ROUTES: the VPC routes from PEER are ROUTES.
vpc_from_is()
{
	[ "$(vpc_routes | grep " $1 ")" = "$2" ]
}

# fab_routes: the prefixes FRR in fab holds, sorted.
fab_routes()
{
	vtysh_ns fab -c "show bgp ipv4 unicast json" 2>/dev/null |
		jq -r '.routes // {} | keys[]' | sort
}

fab_is()
{
	[ "$(fab_routes | tr '\n' ' ')" = "$1" ]
}

# frr_counter NAME FIELD: FIELD of tenant NAME's FRR's neighbor (the DPU).
frr_counter()
{
	vtysh_ns "$1" -c "show bgp neighbors json" 2>/dev/null |
		jq -r ".[] | .$2"
}

tenants_up()
{
	peer_up n1 10.0.0.2 && peer_up n1 10.0.2.2 && peer_up n1 10.0.1.10
}

ALL_VPC="203.0.113.0/28 10.0.0.2 - false
203.0.113.16/28 10.0.0.2 underlay false
203.0.113.32/28 10.0.0.2 underlay false
203.0.113.64/28 10.0.2.2 underlay false"
ALL_FAB="203.0.113.16/28 203.0.113.32/28 203.0.113.64/28 "

# Both tenants up, the tenant on t0 with graceful restart on both sides
# (FRR: advertised and received), the one on t1 without; their routes in
# the VPC and, leaked, at the fabric.
sessions_established()
{
	slowwait $DEADLINE tenants_up || { ctl n1 status | ktap_print_lines; return 1; }
	slowwait $DEADLINE vpc_is "$ALL_VPC" || { vpc_routes | ktap_print_lines "got: "; return 1; }
	slowwait $DEADLINE fab_is "$ALL_FAB" || { fab_routes | ktap_print_lines "fab: "; return 1; }
	ktap_print_msg "GR at the tenant: $(frr_counter tenant neighborCapabilities.gracefulRestart)," \
		"plain: $(frr_counter plain neighborCapabilities.gracefulRestart)"
	[ "$(frr_counter tenant neighborCapabilities.gracefulRestart)" = advertisedAndReceived ] &&
		[ "$(frr_counter plain neighborCapabilities.gracefulRestart)" != advertisedAndReceived ] ||
		return 1
	SESSIONS=$(sessions)
	ktap_print_lines <<< "$SESSIONS"
}

# sessions: what would show a restart of the tenants' sessions: our
# Since of each, and FRR's count of connections and NOTIFICATIONs.
sessions()
{
	local n

	echo "$(peer n1 10.0.0.2 since) $(peer n1 10.0.2.2 since)"
	for n in tenant plain; do
		echo "$n: $(frr_counter "$n" connectionsEstablished)" \
			"$(frr_counter "$n" messageStats.notificationsRecv)" \
			"$(frr_counter "$n" messageStats.notificationsSent)"
	done
}

# reload [ALLOWED [LEAKS [ASN]]]: write_doc with those, and SIGHUP.
reload()
{
	local n

	n=$(grep -c SIGHUP "$tmp/n1.log")
	write_doc "$@"
	kill -HUP "${pid[n1]}"
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ "$(grep -c SIGHUP "$tmp/n1.log")" -gt "$n" ]'
}

# converged VPC FAB: the RIB's VPC routes are VPC and the fabric's FAB,
# and the sessions never restarted.
converged()
{
	slowwait $DEADLINE vpc_is "$1" || { vpc_routes | ktap_print_lines "got: "; return 1; }
	slowwait $DEADLINE fab_is "$2" || { fab_routes | ktap_print_lines "fab: "; return 1; }
	expect_eq "sessions" "$SESSIONS" "$(sessions)" && kernel_follows n1
}

# The profile narrowed, 203.0.113.32/28 no longer allowed: gone from the
# VPC and the fabric, the sessions kept.
policy_narrowed_in_place()
{
	reload "203.0.113.0/27, 203.0.113.64/28" || return 1
	converged "203.0.113.0/28 10.0.0.2 - false
203.0.113.16/28 10.0.0.2 underlay false
203.0.113.64/28 10.0.2.2 underlay false" "203.0.113.16/28 203.0.113.64/28 " &&
		grep -q "10.0.0.2%t0 AS 65010 (tenant, passive): routing policy changed: 1 routes withdrawn$" "$tmp/n1.log"
}

# Widened again, and to 198.51.100.0/24 that the tenant on t1 announced
# all along: the tenants are asked for their routes again (ROUTE-REFRESH)
# and both prefixes appear, in the VPC and at the fabric.
policy_widened_refreshed()
{
	local rr

	rr=$(frr_counter plain messageStats.routeRefreshRecv)
	reload "203.0.113.0/24, 198.51.100.0/24" || return 1
	converged "198.51.100.0/24 10.0.2.2 underlay false
$ALL_VPC" "198.51.100.0/24 $ALL_FAB" || return 1
	ktap_print_msg "ROUTE-REFRESH at t1's tenant: $rr, then" \
		"$(frr_counter plain messageStats.routeRefreshRecv)"
	[ "$(frr_counter plain messageStats.routeRefreshRecv)" -gt "$rr" ]
}

# The profile stops accepting the leak communities: the routes stay in
# the VPC, unleaked, and leave the fabric; accepted again, the tenants
# send them again and they leak again. Back to the first document.
policy_leaks_off_and_on()
{
	reload "203.0.113.0/24" false || return 1
	converged "203.0.113.0/28 10.0.0.2 - false
203.0.113.16/28 10.0.0.2 - false
203.0.113.32/28 10.0.0.2 - false
203.0.113.64/28 10.0.2.2 - false" "" || return 1
	reload || return 1
	converged "$ALL_VPC" "$ALL_FAB"
}

# A tenant that offered no route refresh (bgp_inject on t2, no
# capabilities) is restarted when the policy widens: it is the only way
# to have its routes again. The others are not. Back to the first
# document.
policy_widened_no_route_refresh_restarts()
{
	timeout 30 ip netns exec "${ns[bird]}" "$BGP_INJECT" -b 10.0.3.2 \
		-p 179 -c 10.0.3.1 -A 65010 -i 10.0.3.2 -N -H 30 -w 25 \
		-k 8 > "$tmp/norr.out" 2>&1 &
	pid[norr]=$!
	slowwait 10 peer_up n1 10.0.3.2 || return 1
	reload "203.0.113.0/24, 198.51.100.0/24" || return 1
	slowwait 5 grep -q '^recv NOTIFICATION 6/6 ' "$tmp/norr.out" ||
		{ ktap_print_lines < "$tmp/norr.out"; return 1; }
	kill "${pid[norr]}" 2> /dev/null
	wait "${pid[norr]}" 2> /dev/null
	pid[norr]=
	grep -q "10.0.3.2%t2 AS 65010 (tenant, passive): routing policy widened, and the tenant offered no route refresh" "$tmp/n1.log" &&
		reload && converged "$ALL_VPC" "$ALL_FAB"
}

# common_tenant_host_asn gone, then back: the tenants' AS fits both (t2's
# session, not up, takes it as well).
tenant_asn_changed_in_place()
{
	reload "" "" 0 || return 1
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ "$(peer n1 10.0.0.2 peer_as)" = 65010 ]' || return 1
	reload || return 1
	converged "$ALL_VPC" "$ALL_FAB" &&
		[ "$(grep -cE "peer 10\.0\.[02]\.2%t[01] .*: tenant AS changed, the session's fits: kept" "$tmp/n1.log")" = 4 ]
}

# watch_fab PREFIX: in the background, a line every 0.2 s in
# $tmp/watch.log, "PREFIX" while the fabric holds it, "gone" when not.
watch_fab()
{
	: > "$tmp/watch.log"
	while :; do
		if fab_routes | grep -qx "$1"; then
			echo "$(date +%T.%N | cut -c 1-12) $1"
		else
			echo "$(date +%T.%N | cut -c 1-12) gone"
		fi >> "$tmp/watch.log"
		sleep 0.2
	done &
	pid[watch]=$!
}

watch_stop()
{
	kill "${pid[watch]}" && wait "${pid[watch]}" 2> /dev/null
	pid[watch]=
	ktap_print_msg "fabric watched $(wc -l < "$tmp/watch.log") times," \
		"$(grep -c gone "$tmp/watch.log") without the route"
	grep gone "$tmp/watch.log" | ktap_print_lines
	! grep -q gone "$tmp/watch.log"
}

kill_tenant()
{
	kill -KILL "${pid[$1]}" && wait "${pid[$1]}" 2> /dev/null
	pid[$1]=
}

STALE_VPC="203.0.113.0/28 10.0.0.2 - true
203.0.113.16/28 10.0.0.2 underlay true
203.0.113.32/28 10.0.0.2 underlay true
203.0.113.64/28 10.0.2.2 underlay false"

# The tenant with graceful restart killed (SIGKILL, no NOTIFICATION):
# its routes stay, marked stale in the RIB's text and JSON, and at the
# fabric; the status says it is restarting.
gr_kill_keeps_routes_stale()
{
	watch_fab 203.0.113.16/28
	kill_tenant tenant
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ "$(peer n1 10.0.0.2 graceful_restart)" = restarting ]' ||
		{ peer n1 10.0.0.2 fsm | ktap_print_lines "fsm: "; return 1; }
	ctl n1 rib | ktap_print_lines
	vpc_is "$STALE_VPC" && fab_is "$ALL_FAB" && kernel_follows n1 &&
		[ "$(ctl n1 rib | grep -c ' stale$')" = 5 ] &&
		grep -q "routes kept stale for its restart time, $RESTART_TIME s" "$tmp/n1.log"
}

# Back within its restart time, without 203.0.113.32/28: what it
# announces again is fresh; after its End-of-RIB the rest is gone, from
# the fabric too. The leaked route it kept never left the fabric.
gr_back_sweeps_after_eor()
{
	local since

	since=$(peer n1 10.0.2.2 since)
	tenant_conf tenant 10.0.0.2 "$GR_LINES" 203.0.113.0/28 \
		"203.0.113.16/28 route-map LEAK1"
	start_frr_ns tenant 0
	slowwait $DEADLINE vpc_is "203.0.113.0/28 10.0.0.2 - false
203.0.113.16/28 10.0.0.2 underlay false
203.0.113.64/28 10.0.2.2 underlay false" || { vpc_routes | ktap_print_lines "got: "; return 1; }
	slowwait $DEADLINE fab_is "203.0.113.16/28 203.0.113.64/28 " ||
		{ fab_routes | ktap_print_lines "fab: "; return 1; }
	watch_stop || return 1
	ktap_print_msg "status: $(peer n1 10.0.0.2 graceful_restart)"
	[ "$(peer n1 10.0.0.2 graceful_restart)" = null ] && kernel_follows n1 &&
		grep -q "stale routes wait for End-of-RIB" "$tmp/n1.log" &&
		[ "$(peer n1 10.0.2.2 since)" = "$since" ]
}

# Killed again and not back: at its restart time its routes go, at the
# fabric too; not before.
gr_restart_time_ends()
{
	local start=$SECONDS

	kill_tenant tenant
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ "$(peer n1 10.0.0.2 graceful_restart)" = restarting ]' ||
		return 1
	slowwait $((RESTART_TIME + 10)) fab_is "203.0.113.64/28 " || return 1
	ktap_print_msg "routes gone $((SECONDS - start)) s after the kill"
	[ $((SECONDS - start)) -ge $((RESTART_TIME - 1)) ] &&
		vpc_is "203.0.113.64/28 10.0.2.2 underlay false" &&
		[ "$(peer n1 10.0.0.2 graceful_restart)" = null ] &&
		kernel_follows n1
}

# Back with graceful restart but without its forwarding state (no F
# bit), then killed, then back so again: the stale routes go as its OPEN
# comes (RFC 4724 4.2), before it announces them again.
gr_no_forwarding_state_sweeps_at_open()
{
	local gr="bgp graceful-restart;bgp graceful-restart restart-time $RESTART_TIME"

	tenant_conf tenant 10.0.0.2 "$gr" 203.0.113.0/28
	start_frr_ns tenant 0
	slowwait $DEADLINE vpc_is "203.0.113.0/28 10.0.0.2 - false
203.0.113.64/28 10.0.2.2 underlay false" || return 1
	kill_tenant tenant
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ "$(peer n1 10.0.0.2 graceful_restart)" = restarting ]' ||
		return 1
	start_frr_ns tenant 0
	slowwait $DEADLINE grep -q "10.0.0.2%t0: its OPEN keeps no forwarding state: 1 stale routes removed" "$tmp/n1.log" &&
		slowwait $DEADLINE vpc_is "203.0.113.0/28 10.0.0.2 - false
203.0.113.64/28 10.0.2.2 underlay false" &&
		[ "$(peer n1 10.0.0.2 graceful_restart)" = null ]
}

# The tenant without graceful restart killed: its routes go at once.
gr_without_capability_removes_at_once()
{
	kill_tenant plain
	slowwait 5 fab_is "" && slowwait 2 vpc_from_is 10.0.2.2 "" &&
		kernel_follows n1 &&
		! grep -q "10.0.2.2%t1: routes kept stale" "$tmp/n1.log"
}

# bird_conf PREFIX...: BIRD as the tenant on t2, graceful restart on
# ($RESTART_TIME s), announcing each PREFIX, the first with 65100:1.
bird_conf()
{
	local n

	mkdir -p "$tmp/bird"
	{
		cat <<-EOC
		log "$tmp/bird/bird.log" all;
		router id 10.0.3.2;
		protocol device {}
		protocol static s4 {
			ipv4;
		EOC
		for n in "$@"; do
			echo "	route $n blackhole;"
		done
		cat <<-EOC
		}
		protocol bgp dpu {
			local 10.0.3.2 as 65010;
			neighbor 10.0.3.1 as $DPU_AS;
			direct;
			hold time 9;
			keepalive time 3;
			connect retry time 1;
			error wait time 1, 5;
			graceful restart on;
			graceful restart time $RESTART_TIME;
			ipv4 {
				import none;
				export filter {
					if net = $1 then bgp_community.add((65100, 1));
					accept;
				};
			};
		}
		EOC
	} > "$tmp/bird/bird.conf"
}

# start_bird [ARG...]: bird in ns bird with ARGs (-R: graceful recovery).
start_bird()
{
	ip netns exec "${ns[bird]}" bird -f -c "$tmp/bird/bird.conf" \
		-s "$tmp/bird/bird.ctl" "$@" >> "$tmp/bird/bird.out" 2>&1 &
	pid[bird]=$!
}

BIRD_VPC="203.0.113.112/28 10.0.3.2 - false
203.0.113.96/28 10.0.3.2 underlay false"

# BIRD with graceful restart, killed (SIGKILL): its routes stay, stale,
# in the RIB and at the fabric.
gr_bird_kill_keeps_routes_stale()
{
	command -v bird > /dev/null || { SKIP_REASON="no bird"; return "$KSFT_SKIP"; }
	bird_conf 203.0.113.96/28 203.0.113.112/28
	start_bird
	slowwait $DEADLINE vpc_from_is 10.0.3.2 "$BIRD_VPC" ||
		{ vpc_routes | ktap_print_lines "got: "; return 1; }
	slowwait $DEADLINE fab_is "203.0.113.96/28 " || return 1
	watch_fab 203.0.113.96/28
	kill_tenant bird
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ "$(peer n1 10.0.3.2 graceful_restart)" = restarting ]' ||
		return 1
	vpc_from_is 10.0.3.2 "203.0.113.112/28 10.0.3.2 - true
203.0.113.96/28 10.0.3.2 underlay true" && fab_is "203.0.113.96/28 " &&
		kernel_follows n1
}

# BIRD back in graceful recovery (-R: restarted, forwarding state kept)
# without 203.0.113.112/28: that one goes after its End-of-RIB, the
# other never left the fabric.
gr_bird_recovers()
{
	[ -n "$(peer n1 10.0.3.2 graceful_restart)" ] || return "$KSFT_SKIP"
	bird_conf 203.0.113.96/28
	start_bird -R
	slowwait $DEADLINE vpc_from_is 10.0.3.2 \
		"203.0.113.96/28 10.0.3.2 underlay false" ||
		{ vpc_routes | ktap_print_lines "got: "; return 1; }
	watch_stop && kernel_follows n1 &&
		grep -q "10.0.3.2%t2: End-of-RIB, 1 stale routes of IPv4 removed" "$tmp/n1.log"
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
	start_frr_ns plain 0
	run_all_tests tenant_logs
}

main "$@"
