#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dpubgpd from one document on three nodes, and FRR's bgpd as their
# global peer (IPv4) and as node-specific peers over IPv6: n1's, and n2's
# with the wrong AS configured. All on one bridge, BGP on port 1179.
#
#   +---------+  +---------+  +---------+  +-------------------+
#   | ns n1   |  | ns n2   |  | ns n3   |  | ns frr            |
#   | dpubgpd |  | dpubgpd |  | dpubgpd |  | FRR bgpd AS 65010 |
#   | .1 ::1  |  | .2 ::2  |  | .3 ::3  |  | .10 ::10          |
#   +--eth0---+  +--eth0---+  +--eth0---+  +--eth0-------------+
#        |            |            |            |
#   +----+------------+------------+------------+---- ns sw: br0 ----+
#   |  10.0.1.0/24, fd00:1::/64                                      |
#   +----------------------------------------------------------------+
#
# n1, n2: AS 64511 inherited (bgp.default_node_as unset); n3: 64511 set.
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), FRR_BGPD (default: /usr/lib/frr/bgpd), VTYSH (default: vtysh).

ksft_skip=4
here=$(cd "$(dirname "$0")" && pwd)
for bin in "${O:-/nonexistent}/test" "$here/../test" "$here/../../build/test"; do
	[ -x "$bin/dpubgpd" ] && break
done
DPUBGPD=${DPUBGPD:-$bin/dpubgpd}
DPUBGPCTL=${DPUBGPCTL:-$bin/dpubgpctl}
FRR_BGPD=${FRR_BGPD:-/usr/lib/frr/bgpd}
VTYSH=${VTYSH:-vtysh}
PORT=1179
DEADLINE=20
NODES="n1 n2 n3"
ALL_TESTS="bad_document_refused mesh_established mesh_status_text
	global_and_node_specific bad_peer_as sighup_adds_peer
	sighup_bad_document sighup_removes_peer sigterm_sends_cease clean_exit"

suffix=$(mktemp -u XXXXXX)
SW=sw-$suffix
tmp=
frr_pid=
declare -A ns pid addr4 addr6
addr4=([n1]=10.0.1.1 [n2]=10.0.1.2 [n3]=10.0.1.3 [frr]=10.0.1.10)
addr6=([n1]=fd00:1::1 [n2]=fd00:1::2 [n3]=fd00:1::3 [frr]=fd00:1::10)

cleanup()
{
	local n

	for n in "${!pid[@]}"; do
		[ -n "${pid[$n]}" ] && kill "${pid[$n]}" 2>/dev/null
	done
	[ -n "$frr_pid" ] && kill "$frr_pid" 2>/dev/null
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

N1_PEERS='{ip: "fd00:1::10", as: 65010}'

# document [N1_PEERS]: the datastore, to stdout.
document()
{
	cat <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  n1: {ipv4: 10.0.1.1, ipv6: "fd00:1::1"}
	  n2: {ipv4: 10.0.1.2, ipv6: "fd00:1::2"}
	  n3: {ipv4: 10.0.1.3, ipv6: "fd00:1::3", as: 64511}
	peers:
	  - {ip: 10.0.1.10, as: 65010}
	node_peers:
	  n1: [${1-$N1_PEERS}]
	  n2: [{ip: "fd00:1::10", as: 65099}]
	EOD
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
	for n in $NODES frr; do
		setup_node "$n" || return 1
	done
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	document > "$tmp/dpubgp.yaml"
	cat > "$tmp/bgpd.conf" <<-EOC
	frr defaults traditional
	hostname frr
	log file $tmp/frr.log
	router bgp 65010
	 bgp router-id 10.0.1.10
	 no bgp ebgp-requires-policy
	 timers bgp 3 9
	 neighbor 10.0.1.1 remote-as 64511
	 neighbor 10.0.1.2 remote-as 64511
	 neighbor 10.0.1.3 remote-as 64511
	 neighbor fd00:1::1 remote-as 64511
	 neighbor fd00:1::2 remote-as 64511
	 address-family ipv6 unicast
	  neighbor fd00:1::1 activate
	  neighbor fd00:1::2 activate
	 exit-address-family
	EOC
	for n in 10.0.1.1 10.0.1.2 10.0.1.3 fd00:1::1 fd00:1::2; do
		sed -i "/^ timers bgp/a\\ neighbor $n port $PORT\\n neighbor $n timers connect 1" \
			"$tmp/bgpd.conf"
	done
}

start_node()
{
	local n=$1

	ip netns exec "${ns[$n]}" "$DPUBGPD" -c "$tmp/dpubgp.yaml" -n "$n" \
		-s "$tmp/$n.sock" -l debug 2> "$tmp/$n.log" &
	pid[$n]=$!
}

start_frr()
{
	ip netns exec "${ns[frr]}" "$FRR_BGPD" -Z -S -n -p "$PORT" \
		-f "$tmp/bgpd.conf" -i "$tmp/bgpd.pid" --vty_socket "$tmp" \
		> "$tmp/frr.out" 2>&1 &
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

peer_up()
{
	[ "$(peer "$1" "$2" fsm)" = Established ] &&
		[ "$(peer "$1" "$2" proto)" = up ]
}

frr_neighbor()
{
	ip netns exec "${ns[frr]}" "$VTYSH" --vty_socket "$tmp" \
		-c "show bgp neighbors $1 json" 2>/dev/null |
		jq -r --arg n "$1" '.[$n].'"$2"' // empty'
}

bad_document_refused()
{
	local out ret

	sed 's/10.0.1.3,/10.0.1.300,/' "$tmp/dpubgp.yaml" > "$tmp/bad.yaml"
	out=$(ip netns exec "${ns[n1]}" "$DPUBGPD" -c "$tmp/bad.yaml" -n n1 \
		-s "$tmp/bad.sock" 2>&1)
	ret=$?
	echo "# exit $ret: $out"
	[ $ret = 1 ] &&
		[[ "$out" =~ ^"dpubgpd: $tmp/bad.yaml:"[0-9]+:[0-9]+": " ]]
}

# Established TCP connections between two nodes on $PORT, seen from all.
mesh_connections()
{
	local n

	for n in $NODES; do
		ip netns exec "${ns[$n]}" ss -Htn state established \
			"( sport = :$PORT )"
	done | grep -cE "10\.0\.1\.[123]:[0-9]+ +10\.0\.1\.[123]:|fd00:1::[123]\]:[0-9]+ +\[fd00:1::[123]\]:"
}

mesh_up()
{
	local n m

	for n in $NODES; do
		for m in $NODES; do
			[ "$n" = "$m" ] && continue
			peer_up "$n" "${addr4[$m]}" && peer_up "$n" "${addr6[$m]}" ||
				return 1
		done
	done
}

mesh_established()
{
	wait_for $DEADLINE mesh_up || return 1
	# A listening side sees each session once: 3 pairs, 2 families.
	echo "# mesh: $(mesh_connections) TCP sessions on port $PORT (want 6)"
	[ "$(mesh_connections)" = 6 ] &&
		[ "$(ctl n1 status -o json | jq '.peers | length')" -ge 4 ]
}

mesh_status_text()
{
	local out

	out=$(ctl n2 status) || return 1
	echo "$out" | sed 's/^/# /'
	grep -q '^IP: 10.0.1.2    AS Number: 64511 (inherited)$' <<< "$out" &&
		grep -q '^IP: fd00:1::2    AS Number: 64511 (inherited)$' <<< "$out" &&
		[ "$(grep -cE '^\| +(10\.0\.1\.[13]|fd00:1::[13]) +\| node-to-node mesh \|   up  \| [0-9:]{8} \| +Established +\|$' <<< "$out")" = 4 ] &&
		ctl n3 status | grep -q '^IP: 10.0.1.3    AS Number: 64511$'
}

global_and_node_specific()
{
	local n

	for n in $NODES; do
		wait_for $DEADLINE peer_up "$n" 10.0.1.10 || return 1
		[ "$(peer "$n" 10.0.1.10 type)" = global ] || return 1
	done
	wait_for $DEADLINE peer_up n1 fd00:1::10 || return 1
	[ "$(peer n1 fd00:1::10 type)" = "node specific" ] || return 1
	ctl n1 status | grep -E '(global|node specific)' | sed 's/^/# /'
}

bad_peer_as_seen()
{
	ctl n2 status | grep -qE '^\| +fd00:1::10 +\| +node specific +\| start \| [0-9:]{8} \| +[A-Za-z]+ BGP Error: Bad peer AS +\|$'
}

bad_peer_as()
{
	wait_for $DEADLINE bad_peer_as_seen || return 1
	ctl n2 status | grep fd00:1::10 | sed 's/^/# /'
}

# The Since and the times Established of n1's peers, one line each.
n1_sessions()
{
	ctl n1 status -o json |
		jq -r '.peers[] | select(.fsm == "Established") |
			"\(.address) \(.since) \(.established)"'
}

sighup_adds_peer()
{
	local before after

	before=$(n1_sessions)
	document "$N1_PEERS, {ip: 10.0.1.20, as: 65020}" > "$tmp/dpubgp.yaml"
	kill -HUP "${pid[n1]}"
	wait_for 5 eval '[ -n "$(peer n1 10.0.1.20 type)" ]' || return 1
	after=$(n1_sessions)
	echo "# added: 10.0.1.20 $(peer n1 10.0.1.20 type)," \
		"$(peer n1 10.0.1.20 fsm) $(peer n1 10.0.1.20 error)"
	echo "# kept: $(echo "$before" | wc -l) sessions, Since and count unchanged"
	[ "$(echo "$before" | wc -l)" = 6 ] && [ "$before" = "$after" ]
}

sighup_bad_document()
{
	local before=$(n1_sessions)

	echo "nodes: {n1: {ipv4: 10.0.1.1, as: 4294967296}}" > "$tmp/dpubgp.yaml"
	kill -HUP "${pid[n1]}"
	wait_for 5 grep -q "the running configuration stays" "$tmp/n1.log" ||
		return 1
	grep "the running configuration stays" "$tmp/n1.log" | sed 's/^/# /'
	[ "$(n1_sessions)" = "$before" ] &&
		[ "$(peer n1 10.0.1.20 type)" = "node specific" ]
}

# frr_down_with_cease ADDR SUBCODE_TEXT
frr_down_with_cease()
{
	[ "$(frr_neighbor "$1" bgpState)" != Established ] &&
		[[ "$(frr_neighbor "$1" lastNotificationReason)" == *"Cease/$2"* ]]
}

# Removing n1's IPv6 peer sends it a Cease; the other sessions stay.
sighup_removes_peer()
{
	local before

	before=$(n1_sessions | grep -v fd00:1::10)
	document '{ip: 10.0.1.20, as: 65020}' > "$tmp/dpubgp.yaml"
	kill -HUP "${pid[n1]}"
	wait_for 5 frr_down_with_cease fd00:1::1 "Peer De-configured" ||
		return 1
	echo "# FRR: fd00:1::1 $(frr_neighbor fd00:1::1 bgpState):" \
		"$(frr_neighbor fd00:1::1 lastNotificationReason)"
	[ -z "$(peer n1 fd00:1::10 type)" ] && [ "$(n1_sessions)" = "$before" ]
}

sigterm_sends_cease()
{
	kill -TERM "${pid[n1]}" || return 1
	wait "${pid[n1]}" || return 1
	pid[n1]=
	wait_for 5 frr_down_with_cease 10.0.1.1 "Administrative Shutdown" ||
		return 1
	echo "# FRR: 10.0.1.1 $(frr_neighbor 10.0.1.1 bgpState):" \
		"$(frr_neighbor 10.0.1.1 lastNotificationReason)"
	[ ! -e "$tmp/n1.sock" ]
}

# n2 and n3 exit 0 on SIGTERM: no sanitizer report, no leak.
clean_exit()
{
	local n ret=0

	for n in n2 n3; do
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
	command -v "$VTYSH" > /dev/null || skip_all "no vtysh"
	command -v jq > /dev/null || skip_all "no jq"
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
