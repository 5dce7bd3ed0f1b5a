#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The file datastore shared by three dpubgpd nodes, changed with
# dpubgpctl only, never a signal: every daemon converges within a second
# (inotify), sessions that did not change stay up, concurrent writers
# lose nothing, a writer killed anywhere leaves a valid document, a DPU's
# ASN is allocated once and kept. FRR's bgpd is the peer the commands
# add, AS 65010; BGP on port 1179.
#
#   +---------+  +---------+  +---------+  +-------------------+
#   | ns n1   |  | ns n2   |  | ns n3   |  | ns frr            |
#   | dpubgpd |  | dpubgpd |  | dpubgpd |  | FRR bgpd AS 65010 |
#   | .1 ::1  |  | .2 ::2  |  | .3 ::3  |  | .10 ::10          |
#   +--eth0---+  +--eth0---+  +--eth0---+  +--eth0-------------+
#        |            |            |            |
#   +----+------------+------------+------------+---- ns sw: br0 ----+
#   |  10.0.1.0/24, fd00:1::/64               $tmp/dpubgp.yaml: all  |
#   +----------------------------------------------------------------+
#
# n3 has its own AS (64511), n1 and n2 inherit bgp.default_node_as.
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test, whose writers die at $DPUBGP_FAULT), FRR_BGPD, VTYSH.

source "$(dirname "$0")/lib.sh"

DEADLINE=20
NODES="n1 n2 n3"
ALL_TESTS="mesh_established peer_add_reaches_all_within_1s
	default_node_as_inherited node_peer_on_one_node node_mesh_off_on
	concurrent_adds_lose_nothing hand_edit_invalid_keeps_running
	killed_writer_leaves_valid_document dpu_asn_allocated_once clean_exit"

addr4=([n1]=10.0.1.1 [n2]=10.0.1.2 [n3]=10.0.1.3 [frr]=10.0.1.10)
addr6=([n1]=fd00:1::1 [n2]=fd00:1::2 [n3]=fd00:1::3 [frr]=fd00:1::10)

setup()
{
	setup_fabric frr || return 1
	export DPUBGP_DATASTORE=file:$tmp/dpubgp.yaml
	cat > "$tmp/dpubgp.yaml" <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  n1: {ipv4: 10.0.1.1, ipv6: "fd00:1::1"}
	  n2: {ipv4: 10.0.1.2, ipv6: "fd00:1::2"}
	  n3: {ipv4: 10.0.1.3, ipv6: "fd00:1::3", as: 64511}
	EOD
	frr_conf_head frr 65010 10.0.1.10
	mv "$tmp/frr/bgpd.conf" "$tmp/bgpd.conf"
	for n in 10.0.1.1 10.0.1.2 10.0.1.3 fd00:1::2; do
		cat >> "$tmp/bgpd.conf" <<-EOC
		 neighbor $n remote-as 64511
		 neighbor $n port $PORT
		 neighbor $n timers connect 1
		EOC
	done
	printf ' address-family ipv6 unicast\n  neighbor fd00:1::2 activate\n exit-address-family\n' \
		>> "$tmp/bgpd.conf"
}

# dpubgpctl on the shared datastore, as NODE.
on()
{
	local n=$1

	shift
	"$DPUBGPCTL" --node "$n" "$@"
}

# frr_states: "ADDR STATE" of each of FRR's neighbours.
frr_states()
{
	vtysh -c "show bgp neighbors json" 2>/dev/null |
		jq -r 'to_entries[] | "\(.key) \(.value.bgpState)"'
}

frr_established()
{
	[ "$(frr_states | grep -c "^10\.0\.1\.[123] Established$")" = 3 ]
}

mesh_gone()
{
	local n

	for n in $NODES; do
		[ "$(ctl "$n" status -o json |
			jq '[.peers[] | select(.type == "node-to-node mesh")] | length')" = 0 ] ||
			return 1
	done
}

mesh_established()
{
	slowwait $DEADLINE mesh_up
}

# The one change reaches every node: FRR sees three Established sessions
# within a second of the command's return.
peer_add_reaches_all_within_1s()
{
	local start end out

	# The first write says that it rewrites the hand-written document.
	out=$(on n1 bgp peer add 10.0.1.10 as 65010 2>&1) || return 1
	start=${EPOCHREALTIME/[.,]/}
	[ -z "$out" ] || ktap_print_msg "$out"
	SLOWWAIT_INTERVAL=0.02 slowwait 1 frr_established
	end=${EPOCHREALTIME/[.,]/}
	frr_states | ktap_print_lines "FRR: "
	ktap_print_msg "three Established $(((end - start) / 1000)) ms after bgp peer add returned"
	frr_established
}

default_node_as_inherited()
{
	on n2 bgp default-node-as 64600 || return 1
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ "$(status n1 as)" = 64600 ] && [ "$(status n2 as)" = 64600 ]' ||
		return 1
	ctl n1 status | grep '^IP: 10' | ktap_print_lines
	ctl n3 status | grep '^IP: 10' | ktap_print_lines
	[ "$(status n1 as_inherited)" = true ] && [ "$(status n3 as)" = 64511 ] &&
		[ "$(status n3 as_inherited)" = false ] &&
		ctl n1 status | grep -q '^IP: 10.0.1.1    AS Number: 64600 (inherited)$' &&
		ctl n3 status | grep -q '^IP: 10.0.1.3    AS Number: 64511$' &&
		on n2 bgp default-node-as 64511 &&
		slowwait 5 eval '[ "$(status n1 as)" = 64511 ]'
}

node_peer_on_one_node()
{
	on n2 node bgp peer add fd00:1::10 as 65010 || return 1
	slowwait 5 peer_up n2 fd00:1::10 || return 1
	ctl n2 status | grep fd00:1::10 | ktap_print_lines
	[ "$(peer n2 fd00:1::10 type)" = "node specific" ] &&
		[ -z "$(peer n1 fd00:1::10 type)" ] &&
		[ -z "$(peer n3 fd00:1::10 type)" ]
}

node_mesh_off_on()
{
	on n3 bgp node-mesh off || return 1
	slowwait 5 mesh_gone || return 1
	ktap_print_msg "mesh off: no mesh session on any node; FRR's kept: $(frr_states | grep -c Established)"
	frr_established || return 1
	on n1 bgp node-mesh on || return 1
	slowwait $DEADLINE mesh_up
}

# "Since" and the count of Established of n1's sessions, one line each.
n1_sessions()
{
	ctl n1 status -o json |
		jq -r '.peers[] | select(.fsm == "Established") |
			"\(.address) \(.since) \(.established)"'
}

global_peers()
{
	"$DPUBGPCTL" bgp peer show -o json | jq length
}

n1_global_peers()
{
	[ "$(ctl n1 status -o json |
		jq '[.peers[] | select(.type == "global")] | length')" = "$1" ]
}

# 50 writers at once: 50 peers more, in the document and on every node;
# the sessions that were up stay up.
concurrent_adds_lose_nothing()
{
	local before i writers=()

	before=$(n1_sessions)
	for i in $(seq 1 50); do
		on n1 bgp peer add "10.0.2.$i" as $((65100 + i)) &
		writers+=($!)
	done
	wait "${writers[@]}"
	ktap_print_msg "after 50 concurrent adds: $(global_peers) global peers (want 51)"
	[ "$(global_peers)" = 51 ] || return 1
	slowwait 5 n1_global_peers 51 || return 1
	writers=()
	for i in $(seq 1 50); do
		on n2 bgp peer remove "10.0.2.$i" > /dev/null &
		writers+=($!)
	done
	wait "${writers[@]}"
	ktap_print_msg "after 50 concurrent removes: $(global_peers)"
	[ "$(global_peers)" = 1 ] && slowwait 5 n1_global_peers 1 &&
		[ "$before" = "$(n1_sessions)" ]
}

# An edit by hand that does not parse reaches the daemons: they log it
# and keep running what they had.
hand_edit_invalid_keeps_running()
{
	local before good

	before=$(n1_sessions)
	good=$(cat "$tmp/dpubgp.yaml")
	sed -i 's/10\.0\.1\.10,/10.0.1.300,/' "$tmp/dpubgp.yaml"
	slowwait 5 grep -q "10.0.1.300.*the running configuration stays" \
		"$tmp/n1.log" || return 1
	grep -h "the running configuration stays" "$tmp/n1.log" | tail -n 1 |
		ktap_print_lines
	printf '%s\n' "$good" > "$tmp/dpubgp.yaml"
	[ "$before" = "$(n1_sessions)" ]
}

# A writer killed at each point of its write: the document is the old
# one or the new one, and the next writer goes on.
killed_writer_leaves_valid_document()
{
	local point rc ret=0

	for point in lock write fsync rename; do
		# (In a subshell: the shell's "Killed" goes with its stderr.)
		(DPUBGP_FAULT=$point on n1 bgp peer add 10.0.3.1 as 65300) 2> /dev/null
		rc=$?
		if [ $rc != 137 ] || ! "$DPUBGPCTL" bgp peer show > /dev/null; then
			ktap_print_msg "killed at $point: exit $rc, document: $("$DPUBGPCTL" bgp peer show 2>&1 | tail -n 1)"
			ret=1
		fi
		ktap_print_msg "killed at $point: exit $rc, document valid," \
			"peer 10.0.3.1 $("$DPUBGPCTL" get peer 10.0.3.1 > /dev/null 2>&1 &&
				echo written || echo not written)"
		on n1 bgp peer remove 10.0.3.1 > /dev/null 2>&1
	done
	on n1 bgp peer add 10.0.3.2 as 65300 && on n1 bgp peer remove 10.0.3.2 > /dev/null &&
		[ -z "$(find "$tmp" -maxdepth 1 -name '.dpubgp.yaml.*')" ] && return $ret
	return 1
}

dpu_asn_of()
{
	"$DPUBGPCTL" --datastore "file:$tmp/asn/dpubgp.yaml" get tenant -o json |
		jq -r --arg n "$1" '.tenant.dpu_asns[$n] // empty'
}

# start_solo NODE: dpubgpd on the DPU ASN document, in NODE's namespace.
start_solo()
{
	ip netns exec "${ns[$1]}" "$DPUBGPD" --datastore "file:$tmp/asn/dpubgp.yaml" \
		-n "$1" -s "$tmp/asn/$1.sock" -l debug 2>> "$tmp/asn/$1.log" &
	pid[asn_$1]=$!
}

stop_solo()
{
	kill "${pid[asn_$1]}" && wait "${pid[asn_$1]}"
	pid[asn_$1]=
}

# Nodes with ports take the lowest free ASN of a pool of two, in the
# order they start, and keep it across restarts and node additions; the
# third is refused, with a message.
dpu_asn_allocated_once()
{
	local n

	mkdir -p "$tmp/asn"
	cat > "$tmp/asn/dpubgp.yaml" <<-EOD
	bgp: {listen_port: 1180}
	nodes:
	  n1: {ipv4: 10.0.1.1}
	  n2: {ipv4: 10.0.1.2}
	  n3: {ipv4: 10.0.1.3}
	tenant:
	  dpu_asn_pool: {start: 4268000000, end: 4268000001}
	vpcs:
	  blue: {vrf: vpc-blue, table: 100}
	ports:
	  n1: {t0: {vpc: blue, host: [10.9.0.2], gateway: [10.9.0.1/30]}}
	  n2: {t0: {vpc: blue, host: [10.9.0.2], gateway: [10.9.0.1/30]}}
	  n3: {t0: {vpc: blue, host: [10.9.0.2], gateway: [10.9.0.1/30]}}
	EOD
	start_solo n3
	slowwait 10 eval '[ -n "$(dpu_asn_of n3)" ]' || return 1
	start_solo n1
	slowwait 10 eval '[ -n "$(dpu_asn_of n1)" ]' || return 1
	start_solo n2
	slowwait 10 grep -q "is full" "$tmp/asn/n2.log" || return 1
	grep -h "is full" "$tmp/asn/n2.log" | ktap_print_lines
	ktap_print_msg "n3 $(dpu_asn_of n3), n1 $(dpu_asn_of n1), n2 '$(dpu_asn_of n2)'"
	[ "$(dpu_asn_of n3)" = 4268000000 ] && [ "$(dpu_asn_of n1)" = 4268000001 ] &&
		[ -z "$(dpu_asn_of n2)" ] || return 1
	# A node added before them all, n1 restarted: the ASNs stay.
	echo 'nodes: {a0: {ipv4: 10.0.1.9}}' |
		"$DPUBGPCTL" --datastore "file:$tmp/asn/dpubgp.yaml" apply -f - || return 1
	stop_solo n1 || return 1
	start_solo n1
	slowwait 10 eval '[ "$(ctl_asn n1)" = 4268000001 ]' || return 1
	for n in n1 n2 n3; do
		stop_solo $n || return 1
	done
	! grep -lE "Sanitizer|runtime error" "$tmp"/asn/*.log &&
		[ "$(dpu_asn_of n3)" = 4268000000 ] && [ "$(dpu_asn_of n1)" = 4268000001 ]
}

# ctl_asn NODE: the DPU AS the solo daemon of NODE runs with.
ctl_asn()
{
	ip netns exec "${ns[$1]}" "$DPUBGPCTL" -s "$tmp/asn/$1.sock" status -o json \
		2>/dev/null | jq -r .dpu_as
}

clean_exit()
{
	stop_nodes
}

fabric_main
