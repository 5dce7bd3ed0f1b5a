#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Every tenant speaker a host may run, in turn: FRR, BIRD 2, GoBGP,
# OpenBGPD and ExaBGP as the tenant host behind port t0 (vips.sh's
# topology, without t1), each driven by the interop matrix's adapter
# (../interop/speaker/NAME.sh: one session, here over IPv4, carrying
# both families). Each announces
#
#   203.0.113.10/32   65100:1 and a large community   leaked to the underlay
#   203.0.113.20/32   65100:2 and a route target      dropped from the overlay
#   203.0.113.30/32   none                            the VRF only
#   198.51.100.1/32   65100:1                         not allowed: dropped
#   2001:db8:100::10  65100:1                         leaked to the underlay
#
# and for each: table 100 holds exactly the allowed routes via the host,
# the module holds them with their leak flags, the fabric peer (FRR in
# the underlay) holds exactly the leaked ones and no community of any
# kind; pings and TCP connections from the overlay and the underlay reach
# exactly what the rules say; the speaker stopped as its operator stops
# it, both kernel places and the fabric are empty again. Before it
# stops, dpubgpd is killed (-9) and started again: the kernel keeps the
# routes, and the speaker comes back.
#
# The kernel paths are vips.sh's; this test is about the speakers, so
# scripts/check.sh runs it in the 6.1 and 6.12 VMs, not the debug one.
#
# Requires CONFIG_NET_VRF, dpubgp.ko loaded, FRR's bgpd (the fabric), the
# speakers (a missing one is skipped with the reason), ping, socat, jq.

ALL_TESTS="
	frr_tenant
	bird_tenant
	gobgp_tenant
	openbgpd_tenant
	exabgp_tenant
"

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../interop/lib.sh"

NODES=dpu
DPU_AS=4268000000
TENANT_AS=65010
DEADLINE=60
TCP_PORT=8080

# The adapters' contract (speaker/README): the speaker's side, dpubgpd's.
NS_SPK=
SPK4=10.0.0.2
SPK6=fd00::2
DUT4=10.0.0.1
# shellcheck disable=SC2034 # for the adapters (speaker/README)
DUT6=fd00::1
DIR=
# shellcheck disable=SC2034 # for the adapters' originations
ORIGINATE="203.0.113.10/32 65100:1 65010:1:1
203.0.113.20/32 65100:2 rt:65010:100
203.0.113.30/32
198.51.100.1/32 65100:1
2001:db8:100::10/128 65100:1"

VRF="203.0.113.10 via 10.0.0.2 dev t0
203.0.113.20 via 10.0.0.2 dev t0
203.0.113.30 via 10.0.0.2 dev t0
2001:db8:100::10 via fd00::2 dev t0"
MOD="203.0.113.10/32 t0 underlay
203.0.113.20/32 t0 drop-overlay
203.0.113.30/32 t0 none
2001:db8:100::10/128 t0 underlay"
FAB="2001:db8:100::10/128
203.0.113.10/32
203.0.113.20/32"

write_doc()
{
	cat > "$tmp/dpubgp.yaml" <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  dpu: {ipv4: 10.2.0.1, ipv6: "fd02::1"}
	peers:
	  - {ip: 10.2.0.2, as: 64567}
	tenant:
	  common_tenant_host_asn: $TENANT_AS
	  dpu_asn_pool: {start: $DPU_AS, end: 4268999999}
	fnn:
	  routing_profiles:
	    internal:
	      allowed_anycast_prefixes: [203.0.113.0/24, "2001:db8:100::/48"]
	      tenant_leak_communities_accepted: true
	vpcs:
	  blue: {vrf: vpc-blue, table: 100, routing_profile: internal}
	ports:
	  dpu:
	    t0:
	      vpc: blue
	      host: [10.0.0.2, "fd00::2"]
	      gateway: [10.0.0.1/24, "fd00::1/64"]
	EOD
}

setup()
{
	local a

	dpu_topology || return 1
	for a in 203.0.113.10 203.0.113.20 203.0.113.30 198.51.100.1; do
		ip -n "${ns[host]}" addr add "$a/32" dev lo || return 1
	done
	ip -n "${ns[host]}" addr add 2001:db8:100::10/128 dev lo || return 1
	dpu_neighbours_resolved || return 1
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	# shellcheck disable=SC2034 # for the adapters (speaker/README)
	NS_SPK=${ns[host]}
	write_doc
	underlay_frr_conf
	# A TCP service on every VIP of the host: it says its name.
	ip netns exec "${ns[host]}" socat -T 5 \
		"TCP6-LISTEN:$TCP_PORT,ipv6only=0,reuseaddr,fork" \
		SYSTEM:"echo tenant" 2> /dev/null &
	pid[tcp]=$!
	start_node dpu
	frr_run underlay "${ns[underlay]}" "$tmp/underlay" 0
	slowwait $((4 * DEADLINE)) peer_up dpu 10.2.0.2 ||
		{ ktap_print_msg "the fabric peer did not come up"; return 1; }
}

# fab_communities: "PREFIX COMMUNITIES" of each route the fabric peer
# holds that carries a community of any kind (standard, extended, large).
fab_communities()
{
	local p af

	for p in $(fab_routes); do
		af=ipv4
		[[ $p == *:* ]] && af=ipv6
		vtysh_at "${ns[underlay]}" "$tmp/underlay" \
			-c "show bgp $af unicast $p json" 2>/dev/null |
			jq -r --arg p "$p" '.paths[]? |
				[.community.string, .extendedCommunity.string,
				 .largeCommunity.string] | map(select(. != null)) |
				select(length > 0) | "\($p) \(join(" "))"'
	done
}

# tcp_reaches NS ADDR: a TCP connection from ns[NS] to the host's
# service at ADDR gets its answer.
tcp_reaches()
{
	local to="TCP:$2:$TCP_PORT"

	[[ $2 == *:* ]] && to="TCP6:[$2]:$TCP_PORT"
	[ "$(ip netns exec "${ns[$1]}" socat -T 3 - "$to,connect-timeout=3" \
		< /dev/null 2>/dev/null)" = tenant ]
}

expect_tcp()
{
	local want=$1 what=$2 from=$3 addr=$4

	if tcp_reaches "$from" "$addr"; then
		[ "$want" = yes ] && return 0
		ktap_print_msg "TCP, $what: $from reaches $addr:$TCP_PORT"
	else
		[ "$want" = no ] && return 0
		ktap_print_msg "TCP, $what: $from does not reach $addr:$TCP_PORT"
	fi
	return 1
}

# The rules (design.md §5.2) with packets, as vips.sh's pings, and TCP.
traffic_follows_rules()
{
	local rc=0

	expect_reach "leaked" overlay 203.0.113.10 || rc=1
	expect_reach "leaked" underlay 203.0.113.10 || rc=1
	expect_reach "leaked, IPv6" overlay 2001:db8:100::10 || rc=1
	expect_reach "leaked, IPv6" underlay 2001:db8:100::10 || rc=1
	expect_reach "dropped from the overlay" underlay 203.0.113.20 || rc=1
	expect_no_reach "dropped from the overlay" overlay 203.0.113.20 || rc=1
	expect_reach "not leaked" overlay 203.0.113.30 || rc=1
	expect_no_reach "not leaked" underlay 203.0.113.30 || rc=1
	expect_no_reach "not allowed" overlay 198.51.100.1 || rc=1
	expect_tcp yes "leaked" underlay 203.0.113.10 || rc=1
	expect_tcp yes "leaked, IPv6" underlay 2001:db8:100::10 || rc=1
	expect_tcp yes "not leaked" overlay 203.0.113.30 || rc=1
	expect_tcp no "not leaked" underlay 203.0.113.30 || rc=1
	expect_tcp no "not allowed" overlay 198.51.100.1 || rc=1
	return $rc
}

# who_connected: who opened the tenant's TCP connection, as ns dpu's
# socket says: dpubgpd (its local port is not its listening one) or the
# tenant.
who_connected()
{
	local lport

	lport=$(ip netns exec "${ns[dpu]}" ss -Htn state established \
		'dst 10.0.0.2' | awk '{ n = split($3, a, ":"); print a[n]; exit }')
	case "$lport" in
	"") echo "nobody" ;;
	"$PORT") echo "the tenant" ;;
	*) echo "dpubgpd" ;;
	esac
}

# restart_keeps NAME: dpubgpd killed (-9) and started again. The VRF
# table and the module keep the tenant's routes while it is down; the
# speaker is back within 45 s and the kernel and the fabric hold what
# they held. Who connected (dpubgpd's connect-once of design.md §4.6, or
# the speaker's retry, which the adapters shorten) and when is printed,
# not asserted: vips.sh checks the connect-once with FRR's own timers.
restart_keeps()
{
	local t0 rc=0

	kill -KILL "${pid[dpu]}" && wait "${pid[dpu]}" 2> /dev/null
	pid[dpu]=
	output_is vrf_routes "$VRF" && output_is mod_routes "$MOD" ||
		{ ktap_print_msg "$1: dpubgpd killed, the kernel changed"; rc=1; }
	t0=$(date +%s%N)
	start_node dpu
	if ! slowwait 45 peer_up dpu 10.0.0.2; then
		ktap_print_msg "$1: not back within 45 s of dpubgpd's restart"
		return 1
	fi
	ktap_print_msg "$1: back $((($(date +%s%N) - t0) / 1000000)) ms" \
		"after dpubgpd's restart, connected by $(who_connected)"
	expect_now "$1 back: table 100" vrf_routes "$VRF" || rc=1
	expect_now "$1 back: module" mod_routes "$MOD" || rc=1
	expect_now "$1 back: fabric" fab_routes "$FAB" || rc=1
	return $rc
}

# tenant NAME: the speaker NAME as the tenant, from its start to its stop.
tenant()
{
	local s=${1%_tenant} rc=0 comms
	local adapter=$here/../interop/speaker/$s.sh

	# shellcheck source=/dev/null # speaker/NAME.sh, checked alone
	source "$adapter" || return 1
	if ! SKIP_REASON=$("$s"_available); then
		return "$KSFT_SKIP"
	fi
	DIR=$tmp/$s
	mkdir -p "$DIR"
	"$s"_start "$TENANT_AS" "$DUT4" "$DPU_AS" || return 1
	slowwait $((2 * DEADLINE)) peer_up dpu 10.0.0.2 ||
		{ ktap_print_msg "$s: the session did not come up"; "$s"_stop; return 1; }
	expect_now "$s: table 100" vrf_routes "$VRF" || rc=1
	expect_now "$s: module" mod_routes "$MOD" || rc=1
	expect_now "$s: fabric" fab_routes "$FAB" || rc=1
	comms=$(fab_communities)
	[ -z "$comms" ] ||
		{ ktap_print_msg "$s: the fabric got communities:";
		  ktap_print_lines "    " <<< "$comms"; rc=1; }
	traffic_follows_rules || rc=1
	restart_keeps "$s" || rc=1
	"$s"_stop
	expect_now "$s stopped: table 100" vrf_routes "" || rc=1
	expect_now "$s stopped: module" mod_routes "" || rc=1
	expect_now "$s stopped: fabric" fab_routes "" || rc=1
	[ $rc = 0 ] || tenant_diagnostics "$s"
	return $rc
}

# tenant_diagnostics NAME: what dpubgpd and the speaker said.
tenant_diagnostics()
{
	ktap_print_msg "dpubgpd's view of the tenant:"
	ctl dpu status 10.0.0.2 2>&1 | tail -n 25 | ktap_print_lines "  "
	ctl dpu rib --dropped 2>&1 | ktap_print_lines "  "
	grep -E "10\.0\.0\.2%t0" "$tmp/dpu.log" | tail -n 15 |
		ktap_print_lines "  dpu: "
	find "$DIR" -name '*.log' -exec tail -n 10 {} + 2>/dev/null |
		ktap_print_lines "  $1: "
}

require_root
require_cmd "$FRR_BGPD" "$VTYSH" jq ping socat "$DPUBGPD" "$DPUBGPCTL"
plan_and_setup
run_all_tests "" tenant
