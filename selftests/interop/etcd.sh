#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The etcd datastore (doc/design.md §8) shared by three dpubgpd nodes,
# changed with dpubgpctl from the nodes: a three-member etcd cluster the
# test starts itself (Debian's etcd-server), in its own namespace on the
# fabric. Every daemon converges within a second of a change (its etcd
# watch), each change reaching the nodes it is for (datastore.sh's
# tests, from lib.sh: default-node-as, a node's peer, the mesh); a value that is not valid stops neither the daemons nor their
# sessions; 20 daemons starting at once get 20 distinct DPU ASNs; the
# whole cluster stopped 10 s and started again keeps the sessions up
# and converges after; one member killed, the CLI and the daemons go on
# through the others; a daemon whose watch comes back to a compacted
# revision reads everything again; etcd unreachable is the CLI's
# sentence. FRR's
# bgpd is the peer the commands add, AS 65010; BGP on port 1179.
#
#   +---------+  +---------+  +---------+  +-----------+  +---------------+
#   | ns n1   |  | ns n2   |  | ns n3   |  | ns frr    |  | ns etcd       |
#   | dpubgpd |  | dpubgpd |  | dpubgpd |  | FRR bgpd  |  | e0 .20  e1 .21|
#   | .1 ::1  |  | .2 ::2  |  | .3 ::3  |  | .10 ::10  |  | e2 .22 :2379  |
#   +--eth0---+  +--eth0---+  +--eth0---+  +--eth0-----+  +--eth0---------+
#        |            |            |            |               |
#   +----+------------+------------+------------+---------------+--------+
#   |  ns sw: br0, 10.0.1.0/24, fd00:1::/64                              |
#   +--------------------------------------------------------------------+
#
# In ns etcd besides: a one-member etcd on 127.0.0.1:2479 and 20 dpubgpd
# (nodes a01..a20 at 127.0.1.N) for the DPU ASNs.
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), FRR_BGPD, VTYSH, ETCD, ETCDCTL.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../etcd_lib.sh"

# shellcheck disable=SC2034 # lib.sh's waits use it
DEADLINE=20
NODES="n1 n2 n3"
ALL_TESTS="mesh_established peer_add_reaches_all_within_1s
	default_node_as_inherited node_peer_on_one_node node_mesh_off_on
	invalid_value_keeps_running dpu_asns_distinct
	etcd_down_10s_sessions_stay member_killed_goes_on
	compacted_while_away etcd_unreachable_sentence clean_exit"

addr4=([n1]=10.0.1.1 [n2]=10.0.1.2 [n3]=10.0.1.3 [frr]=10.0.1.10 [etcd]=10.0.1.20)
addr6=([n1]=fd00:1::1 [n2]=fd00:1::2 [n3]=fd00:1::3 [frr]=fd00:1::10 [etcd]=fd00:1::20)
MEMBERS="e0 e1 e2"
declare -A member=([e0]=10.0.1.20 [e1]=10.0.1.21 [e2]=10.0.1.22)
CLUSTER=e0=http://10.0.1.20:2380,e1=http://10.0.1.21:2380,e2=http://10.0.1.22:2380
ENDPOINTS=10.0.1.20:2379,10.0.1.21:2379,10.0.1.22:2379
DATASTORE=etcd://$ENDPOINTS
ASN_ETCD=127.0.0.1:2479
N_ASN=20

in_etcd()
{
	ip netns exec "${ns[etcd]}" "$@"
}

# etcdctl_ ARG...: etcdctl on the cluster.
etcdctl_()
{
	in_etcd "$ETCDCTL" --endpoints "$ENDPOINTS" "$@"
}

# start_member NAME: member NAME of the cluster, on its data as it is.
start_member()
{
	etcd_run "$1" "${member[$1]}:2379" "${member[$1]}:2380" "$CLUSTER" \
		ip netns exec "${ns[etcd]}"
}

cluster_healthy()
{
	etcd_healthy "$ENDPOINTS" in_etcd
}

setup()
{
	local m

	setup_fabric frr etcd || return 1
	ip -n "${ns[etcd]}" addr add 10.0.1.21/24 dev eth0 &&
		ip -n "${ns[etcd]}" addr add 10.0.1.22/24 dev eth0 || return 1
	for m in $MEMBERS; do
		start_member "$m"
	done
	slowwait 30 cluster_healthy || return 1
	datastore_fabric on n1 apply -f -
}

# on NODE ARG...: dpubgpctl on the cluster, as NODE, from its namespace.
on()
{
	local n=$1

	shift
	ip netns exec "${ns[$n]}" "$DPUBGPCTL" --datastore "$DATASTORE" \
		--node "$n" "$@"
}

# A value that is not JSON, written around dpubgpctl: the daemons log
# it with its key and keep what they run; the CLI refuses to write on it.
invalid_value_keeps_running()
{
	local before

	before=$(n1_sessions)
	etcdctl_ put /dpubgp/v1/nodes/n9 '{"ipv4": "10.0.1.9"' > /dev/null ||
		return 1
	slowwait 5 grep -q "/dpubgp/v1/nodes/n9: not JSON.*the running configuration stays" \
		"$tmp/n1.log" || return 1
	grep -h "the running configuration stays" "$tmp/n1.log" | tail -n 1 |
		ktap_print_lines
	expect_error "/dpubgp/v1/nodes/n9: not JSON" on n1 bgp peer add 10.0.2.1 as 65001 ||
		return 1
	etcdctl_ del /dpubgp/v1/nodes/n9 > /dev/null &&
		[ "$before" = "$(n1_sessions)" ]
}

asn_node()
{
	printf 'a%02d' "$1"
}

# asn_records: the DPU ASNs recorded, one line each.
asn_records()
{
	in_etcd "$ETCDCTL" --endpoints "$ASN_ETCD" get --prefix \
		/dpubgp/v1/dpu_asns/ --print-value-only | grep .
}

asn_all_recorded()
{
	[ "$(asn_records | wc -l)" = $N_ASN ]
}

# 20 daemons with ports start at once on one etcd with a pool of 20
# ASNs: each takes one, in a transaction that fails when another took
# it first, so all 20 are distinct (and the pool full).
dpu_asns_distinct()
{
	local i n ret=0

	mkdir -p "$tmp/asn"
	etcd_run asn "$ASN_ETCD" 127.0.0.1:2480 asn=http://127.0.0.1:2480 \
		ip netns exec "${ns[etcd]}"
	slowwait 20 etcd_healthy "$ASN_ETCD" in_etcd || return 1
	{
		echo "bgp: {listen_port: 1180, node_mesh: false}"
		echo "tenant: {dpu_asn_pool: {start: 4268000000, end: 4268000019}}"
		echo "vpcs: {blue: {vrf: vpc-blue, table: 100}}"
		echo "nodes:"
		for i in $(seq 1 $N_ASN); do
			echo "  $(asn_node "$i"): {ipv4: 127.0.1.$i}"
		done
		echo "ports:"
		for i in $(seq 1 $N_ASN); do
			echo "  $(asn_node "$i"): {t0: {vpc: blue, host: [10.9.0.2], gateway: [10.9.0.1/30]}}"
		done
	} > "$tmp/asn/doc.yaml"
	in_etcd "$DPUBGPCTL" --datastore "etcd://$ASN_ETCD" apply -f "$tmp/asn/doc.yaml" ||
		return 1
	for i in $(seq 1 $N_ASN); do
		n=$(asn_node "$i")
		ip netns exec "${ns[etcd]}" "$DPUBGPD" --datastore "etcd://$ASN_ETCD" \
			-n "$n" -s "$tmp/asn/$n.sock" 2>> "$tmp/asn/$n.log" &
		pid[asn_$n]=$!
	done
	slowwait 60 asn_all_recorded
	ktap_print_msg "$(asn_records | wc -l) ASNs recorded, $(asn_records | sort -u | wc -l) distinct, from $(asn_records | sort -n | head -n 1) to $(asn_records | sort -n | tail -n 1)"
	[ "$(asn_records | sort -u | wc -l)" = $N_ASN ] || ret=1
	for i in $(seq 1 $N_ASN); do
		n=$(asn_node "$i")
		kill "${pid[asn_$n]}"
		if ! wait "${pid[asn_$n]}"; then
			ktap_print_msg "$n did not exit 0; its log:"
			tail -n 5 "$tmp/asn/$n.log" | ktap_print_lines "  "
			ret=1
		fi
		pid[asn_$n]=
	done
	etcd_stop asn
	for n in "$tmp"/asn/*.log; do
		grep -qE "Sanitizer|runtime error" "$n" || continue
		ktap_print_msg "$n:"
		grep -A 12 -E "Sanitizer|runtime error" "$n" | ktap_print_lines "  "
		ret=1
	done
	return $ret
}

frr_not_established()
{
	! frr_established
}

# peer_on NODES ADDR: the nodes that run a session with ADDR are NODES
# (a count, of $NODES).
peer_on()
{
	local n count=0

	for n in $NODES; do
		[ -z "$(peer "$n" "$2" type)" ] || count=$((count + 1))
	done
	[ "$count" = "$1" ]
}

# converge SECONDS NODES ADDR WHAT: wait for peer_on NODES ADDR, then
# say how long WHAT took, and n1's last lines about its watch.
converge()
{
	local start=${EPOCHREALTIME/[.,]/} end

	slowwait "$1" peer_on "$2" "$3" || return 1
	end=${EPOCHREALTIME/[.,]/}
	ktap_print_msg "$4: $(((end - start) / 1000)) ms after the command"
	grep -h "etcd watch" "$tmp/n1.log" | grep -v debug | tail -n 2 |
		ktap_print_lines
}

# The whole cluster stopped for 10 s: the sessions stay up meanwhile;
# started again on its data, a change made right after reaches every
# daemon (its watch back, from where it was, after its backoff).
etcd_down_10s_sessions_stay()
{
	local before m

	before=$(n1_sessions)
	for m in $MEMBERS; do
		etcd_stop "$m"
	done
	# For 10 s, FRR's three sessions never leave Established.
	if slowwait 10 frr_not_established; then
		ktap_print_msg "a session went down while etcd was stopped"
		return 1
	fi
	for m in $MEMBERS; do
		start_member "$m"
	done
	slowwait 30 cluster_healthy || return 1
	on n2 bgp peer add 10.0.2.1 as 65001 || return 1
	converge 40 3 10.0.2.1 "the peer added after the restart on every node" &&
		[ "$before" = "$(n1_sessions)" ] && frr_established
}

# watched_member NODE: the member NODE's watch is on: where it last
# came back, else the first.
watched_member()
{
	local ip m

	ip=$(grep -o "etcd watch at http://[0-9.]*:2379: back" "$tmp/$1.log" |
		tail -n 1 | sed 's|.*http://||; s|:2379.*||')
	for m in $MEMBERS; do
		[ "${member[$m]}" = "${ip:-${member[e0]}}" ] && echo "$m"
	done
}

# The member n1's watch is on, killed: the CLI, given it as its first
# endpoint, and the daemons' watches go on through the others.
member_killed_goes_on()
{
	local m

	m=$(watched_member n1)
	# (The shell's "Killed" goes with its stderr.)
	{ etcd_stop "$m" KILL; } 2> /dev/null
	ip netns exec "${ns[n3]}" "$DPUBGPCTL" \
		--datastore "etcd://${member[$m]}:2379,$ENDPOINTS" \
		bgp peer remove 10.0.2.1 > /dev/null || return 1
	converge 10 0 10.0.2.1 "$m killed: the peer removed from every node" ||
		return 1
	on n1 bgp peer show | ktap_print_lines
	start_member "$m"
	slowwait 30 cluster_healthy && frr_established
}

# lines NODE PATTERN: how many lines of NODE's log match PATTERN.
lines()
{
	grep -c "$2" "$tmp/$1.log"
}

more_lines()
{
	[ "$(lines "$1" "$2")" -gt "$3" ]
}

# n1_has_peers ADDR...: n1 runs a session with each.
n1_has_peers()
{
	local a

	for a in "$@"; do
		[ -n "$(peer n1 "$a" type)" ] || return 1
	done
}

# n1 cut off from etcd (its packets to port 2379 refused) at the first
# of three peers added, and etcd compacting its history past the last:
# n1's watch, back, finds where it was compacted, and n1 reads the whole
# datastore again: it has the three peers.
compacted_while_away()
{
	local ended compacted rev i

	ended=$(lines n1 "etcd watch at .* ended")
	compacted=$(lines n1 "compacted: reading")
	ip netns exec "${ns[n1]}" nft -f - <<-EOF || return 1
	table inet etcd_cut {
		chain out {
			type filter hook output priority 0
			tcp dport 2379 reject with tcp reset
		}
	}
	EOF
	on n2 bgp peer add 10.0.2.2 as 65002 || return 1
	slowwait 10 more_lines n1 "etcd watch at .* ended" "$ended" || return 1
	on n2 bgp peer add 10.0.2.3 as 65003 &&
		on n2 bgp peer add 10.0.2.4 as 65004 || return 1
	rev=$(etcdctl_ get /dpubgp/v1/serial -w json | jq -r .header.revision)
	etcdctl_ compaction "$rev" > /dev/null || return 1
	ip netns exec "${ns[n1]}" nft delete table inet etcd_cut || return 1
	slowwait 40 more_lines n1 "compacted: reading" "$compacted" || return 1
	grep -h "compacted: reading" "$tmp/n1.log" | tail -n 1 | ktap_print_lines
	slowwait 5 n1_has_peers 10.0.2.2 10.0.2.3 10.0.2.4 || return 1
	for i in 2 3 4; do
		on n2 bgp peer remove "10.0.2.$i" > /dev/null || return 1
	done
}

# No etcd at the URL: calicoctl's sentence, exit 1, nothing on stdout.
etcd_unreachable_sentence()
{
	local out err rc

	out=$("$DPUBGPCTL" --datastore etcd://127.0.0.1:9 bgp peer show \
		2> "$tmp/unreachable.err")
	rc=$?
	err=$(cat "$tmp/unreachable.err")
	ktap_print_msg "$err"
	expect_eq "exit" 1 "$rc" && expect_eq "stdout" "" "$out" &&
		expect_eq "stderr" \
		"Error accessing etcd (Couldn't connect to server). Is etcd running?" \
		"$err"
}

clean_exit()
{
	stop_nodes
}

require_cmd "$ETCD" "$ETCDCTL"
fabric_main
