# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What the interop tests add to ../lib.sh: dpubgpd and the other speakers
# started in the namespaces, a fabric of nodes on one bridge, their
# status through dpubgpctl. Processes go in pid[NAME], the namespace of
# a node or speaker is ns[NAME], the test's files are in $tmp.
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), FRR_BGPD (default: /usr/lib/frr/bgpd), VTYSH (default: vtysh),
# TENANT_VRF (1: tenant ports are slaves of VRFs and the kernel's routes
# are checked; default: 1 in the VM, DPUBGP_VM=1, else 0).

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
for bin in "${O:-/nonexistent}/test" "$here/../test" "$here/../../build/test"; do
	[ -x "$bin/dpubgpd" ] && break
done
DPUBGPD=${DPUBGPD:-$bin/dpubgpd}
DPUBGPCTL=${DPUBGPCTL:-$bin/dpubgpctl}
FRR_BGPD=${FRR_BGPD:-/usr/lib/frr/bgpd}
VTYSH=${VTYSH:-vtysh}
PORT=1179
TENANT_VRF=${TENANT_VRF:-${DPUBGP_VM:-0}}
# The routing protocol id of dpubgpd's routes (design.md §4.6).
RTPROT=124
# Each poll runs dpubgpctl (ASan) and jq: not as often as slowwait would.
SLOWWAIT_INTERVAL=0.2

declare -gA addr4 addr6

# fabric_main: the main of a test on the fabric of $NODES with FRR:
# every node and FRR started, then $ALL_TESTS.
fabric_main()
{
	local node

	require_root
	require_cmd "$FRR_BGPD" "$VTYSH" jq "$DPUBGPD"
	plan_and_setup
	for node in $NODES; do
		start_node "$node"
	done
	start_frr
	run_all_tests node_logs
}

# The fabric: namespaces on a bridge br0 in the switch's namespace
# ns[sw], each with eth0 at addr4[NAME]/24 and addr6[NAME]/64.
setup_node()
{
	local n=$1

	ns_create "$n" || return 1
	ip -n "${ns[$n]}" link add eth0 type veth peer name "p-$n" \
		netns "${ns[sw]}" || return 1
	ip -n "${ns[sw]}" link set "p-$n" master br0 up
	ip -n "${ns[$n]}" addr add "${addr4[$n]}/24" dev eth0
	ip -n "${ns[$n]}" addr add "${addr6[$n]}/64" dev eth0 nodad
	ip -n "${ns[$n]}" link set eth0 up
}

# setup_fabric NAME...: the switch, the nodes of $NODES and these NAMEs
# on it, and $tmp.
setup_fabric()
{
	local n

	ns_create sw || return 1
	ip -n "${ns[sw]}" link add br0 type bridge || return 1
	ip -n "${ns[sw]}" link set br0 up
	for n in $NODES "$@"; do
		setup_node "$n" || return 1
	done
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
}

# node_logs: the tail of each node's log, as diagnostics.
node_logs()
{
	local node

	for node in $NODES; do
		ktap_print_msg "$node's log:"
		tail -n 15 "$tmp/$node.log" | ktap_print_lines "  "
	done
}

# start_node NODE [ARG...]: dpubgpd as NODE in ns[NODE], on the
# datastore $DATASTORE, else from $tmp/dpubgp.yaml (-c), with ARGs.
start_node()
{
	local n=$1 ds=(-c "$tmp/dpubgp.yaml")

	[ -z "${DATASTORE:-}" ] || ds=(--datastore "$DATASTORE")
	ip netns exec "${ns[$n]}" "$DPUBGPD" "${ds[@]}" -n "$n" \
		-s "$tmp/$n.sock" -l debug "${@:2}" 2>> "$tmp/$n.log" &
	pid[$n]=$!
}

# stop_nodes [NODE...]: SIGTERM them (default: $NODES); they exit 0,
# and no log in $tmp has a sanitizer report (no leak, no undefined
# behaviour).
stop_nodes()
{
	local n list=("$@") ret=0

	[ $# -gt 0 ] || read -ra list <<< "$NODES"
	for n in "${list[@]}"; do
		kill -TERM "${pid[$n]}" && wait "${pid[$n]}" || ret=1
		pid[$n]=
	done
	! grep -lE "Sanitizer|runtime error" "$tmp"/*.log && return $ret
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

# status NODE FIELD: a member of the node's status.
status()
{
	ctl "$1" status -o json 2>/dev/null | jq -r ".$2"
}

peer_up()
{
	[ "$(peer "$1" "$2" fsm)" = Established ]
}

# mesh_up: every node of $NODES has its mesh sessions with every other
# up (peer_up, as the test defines it), over IPv4 and IPv6.
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

# vpc_blue_doc ALLOWED LEAKS PORT...: the end of a document, on stdout:
# profile internal with the ALLOWED prefixes (a YAML list's inside) and
# tenant_leak_communities_accepted LEAKS, VPC blue (table 100) on it,
# and n1's PORTs in blue, each "IFNAME HOST GATEWAY".
vpc_blue_doc()
{
	local p ifname host gw

	cat <<-EOD
	fnn:
	  routing_profiles:
	    internal:
	      allowed_anycast_prefixes: [$1]
	      tenant_leak_communities_accepted: $2
	vpcs:
	  blue: {vrf: vpc-blue, table: 100, routing_profile: internal}
	ports:
	  n1:
	EOD
	for p in "${@:3}"; do
		read -r ifname host gw <<< "$p"
		printf '    %s:\n      vpc: blue\n      host: [%s]\n      gateway: [%s]\n' \
			"$ifname" "$host" "$gw"
	done
}

# The metrics' default address (dpubgpd --metrics).
METRICS_URL=http://127.0.0.1:9179/metrics

# scrape NODE [URL]: GET /metrics in ns[NODE] (default $METRICS_URL) into
# $tmp/scrape.
scrape()
{
	ip netns exec "${ns[$1]}" curl -sSf --max-time 5 -g \
		"${2:-$METRICS_URL}" -o "$tmp/scrape"
}

# metric NAME [LABEL=VALUE...]: the value of the first sample of NAME in
# $tmp/scrape that has these labels (and any others); nothing if none.
metric()
{
	awk -v name="$1" -v want="${*:2}" '
		BEGIN { n = split(want, w, " ") }
		index($0, name "{") == 1 || index($0, name " ") == 1 {
			for (i = 1; i <= n; i++) {
				eq = index(w[i], "=")
				if (!index($0, substr(w[i], 1, eq - 1) "=\"" substr(w[i], eq + 1) "\""))
					next
			}
			print $NF
			exit
		}' "$tmp/scrape"
}

# promtool_clean: Prometheus's promtool finds nothing to say about
# $tmp/scrape, which is not empty (promtool passes an empty text); its
# findings as diagnostics. $KSFT_SKIP without promtool (Debian's
# prometheus package).
promtool_clean()
{
	local rc

	if ! command -v "${PROMTOOL:-promtool}" > /dev/null; then
		SKIP_REASON="promtool not found (Debian's prometheus package)"
		return "$KSFT_SKIP"
	fi
	[ -s "$tmp/scrape" ] || { ktap_print_msg "an empty scrape"; return 1; }
	"${PROMTOOL:-promtool}" check metrics < "$tmp/scrape" \
		> "$tmp/promtool.out" 2>&1
	rc=$?
	ktap_print_lines "promtool: " < "$tmp/promtool.out"
	[ $rc = 0 ] && [ ! -s "$tmp/promtool.out" ]
}

# frr_run NAME NETNS DIR PORT: FRR's bgpd alone (no zebra, no kernel
# routes) in NETNS from DIR/bgpd.conf, listening on PORT, its pid file,
# vty socket and output in DIR; pid[NAME].
frr_run()
{
	ip netns exec "$2" "$FRR_BGPD" -Z -S -n -p "$4" -f "$3/bgpd.conf" \
		-i "$3/bgpd.pid" --vty_socket "$3" >> "$3/frr.out" 2>&1 &
	pid[$1]=$!
}

# vtysh_at NETNS DIR ARG...: vtysh on the bgpd frr_run started there.
vtysh_at()
{
	ip netns exec "$1" "$VTYSH" --vty_socket "$2" "${@:3}"
}

# frr_networks NETNS DIR AS NO P4 P6 [ROUTE_MAP]: that bgpd announces
# (NO empty) or withdraws (NO "no") IPv4 prefix P4 and IPv6 prefix P6
# with "network", through ROUTE_MAP. Retried until that bgpd's vty
# answers (it may still be starting); the commands are idempotent.
frr_networks()
{
	local rm=${7:+ route-map $7}

	slowwait 10 vtysh_at "$1" "$2" -c "configure terminal" -c "router bgp $3" \
		-c "address-family ipv4 unicast" -c "$4 network $5$rm" \
		-c "exit-address-family" -c "address-family ipv6 unicast" \
		-c "$4 network $6$rm" > /dev/null
}

# start_frr: FRR's bgpd in ns[frr] from $tmp/bgpd.conf, on $PORT.
start_frr()
{
	frr_run frr "${ns[frr]}" "$tmp" "$PORT"
}

vtysh()
{
	vtysh_at "${ns[frr]}" "$tmp" "$@"
}

# frr_neighbor ADDR FIELD: the field of FRR's "show bgp neighbors" JSON.
frr_neighbor()
{
	vtysh -c "show bgp neighbors $1 json" 2>/dev/null |
		jq -r --arg n "$1" '.[$n].'"$2"' // empty'
}

# start_frr_ns NAME [PORT]: one more FRR bgpd, in ns[NAME], from
# $tmp/NAME/bgpd.conf, on PORT (default $PORT; 0: not listening), with
# its pid file and vty socket in $tmp/NAME.
start_frr_ns()
{
	local n=$1

	ip netns exec "${ns[$n]}" "$FRR_BGPD" -Z -S -n -p "${2:-$PORT}" \
		-f "$tmp/$n/bgpd.conf" -i "$tmp/$n/bgpd.pid" \
		--vty_socket "$tmp/$n" >> "$tmp/$n/frr.out" 2>&1 &
	pid[$n]=$!
}

# frr_conf_head NAME AS ROUTER_ID: the start of $tmp/NAME/bgpd.conf for
# start_frr_ns NAME (made, with its directory): its log in $tmp/NAME, no
# policy required for eBGP, timers 3 9. The rest is the caller's to add.
frr_conf_head()
{
	mkdir -p "$tmp/$1"
	cat > "$tmp/$1/bgpd.conf" <<-EOC
	frr defaults traditional
	hostname $1
	log file $tmp/$1/frr.log
	router bgp $2
	 bgp router-id $3
	 no bgp ebgp-requires-policy
	 timers bgp 3 9
	EOC
}

# vtysh_ns NAME ARG...: vtysh of the FRR that start_frr_ns NAME started.
vtysh_ns()
{
	local n=$1

	shift
	ip netns exec "${ns[$n]}" "$VTYSH" --vty_socket "$tmp/$n" "$@"
}

# tenant_logs: node_logs, then the tail of the tenant's FRR's log
# ($tmp/tenant).
tenant_logs()
{
	node_logs
	ktap_print_msg "tenant FRR's log:"
	tail -n 5 "$tmp/tenant/frr.log" 2>/dev/null | ktap_print_lines "  "
}

# enslave IFNAME [VRF TABLE]: IFNAME a slave of VRF VRF (default
# vpc-blue, table 100), made if need be.
enslave()
{
	local vrf=${2:-vpc-blue} table=${3:-100}

	ip -n "${ns[n1]}" link show "$vrf" > /dev/null 2>&1 ||
		{ ip -n "${ns[n1]}" link add "$vrf" type vrf table "$table" &&
		  ip -n "${ns[n1]}" link set "$vrf" up; } || return 1
	ip -n "${ns[n1]}" link set "$1" master "$vrf"
}

# wire_port IFNAME NS DEV GATEWAYS HOSTS [VRF TABLE]: port IFNAME of n1
# with the GATEWAYS addresses (in VRF VRF, default vpc-blue, with
# TENANT_VRF=1, enslaved first: that flushes IPv6 addresses), a veth to
# DEV in ns NS with the HOSTS.
wire_port()
{
	local a

	ip -n "${ns[n1]}" link add "$1" type veth peer name "$3" \
		netns "${ns[$2]}" || return 1
	[ "$TENANT_VRF" != 1 ] || enslave "$1" "${@:6}" || return 1
	for a in $4; do
		ip -n "${ns[n1]}" addr add "$a" dev "$1" nodad || return 1
	done
	for a in $5; do
		ip -n "${ns[$2]}" addr add "$a" dev "$3" nodad || return 1
	done
	ip -n "${ns[n1]}" link set "$1" up && ip -n "${ns[$2]}" link set "$3" up
}

# The kernel's copy of a node's tenant routes (design.md §4.6), with
# TENANT_VRF=1: each path of a VPC route of the RIB is a next hop of its
# prefix in the VPC's table, of protocol $RTPROT, and a route of its port
# in the module, with its leak. As lines
#   table TABLE PREFIX via NEXT_HOP dev PORT
#   module PREFIX PORT LEAK
# from the RIB (rib_kernel_lines) and from the kernel (kernel_cmd), which
# kernel_follows compares. The kernel's lines come from the tables of
# $TENANT_TABLES (default 100).

# rib_kernel_lines: the lines the RIB on stdin (dpubgpctl rib -o json)
# asks of the kernel, sorted.
rib_kernel_lines()
{
	jq -r '.[] | select(.vpc) | .prefix as $p | .table as $t | .paths[] |
		"table \($t) \($p) via \(.next_hop) dev \(.interface)",
		"module \($p) \(.interface) \(.leak // "none")"' | sort -u
}

# kernel_cmd NODE: a command (sh -c takes it too: bgp_inject -x) that
# prints the lines of NODE's kernel, sorted.
kernel_cmd()
{
	local t f

	[ -f "$tmp/kernel_route.jq" ] || cat > "$tmp/kernel_route.jq" <<-'EOF'
	.[] | (.dst | if test("/") then . elif test(":") then . + "/128"
		   else . + "/32" end) as $d |
	if .nexthops then .nexthops[] else . end |
	"table \($t) \($d) via \(.gateway) dev \(.dev)"
	EOF
	printf '{ '
	for t in ${TENANT_TABLES:-100}; do
		for f in -4 -6; do
			# A table that does not exist (yet): no line.
			printf 'ip -n %s %s -j route show table %s proto %s 2> /dev/null | jq -r --arg t %s -f %s 2> /dev/null; ' \
				"${ns[$1]}" "$f" "$t" "$RTPROT" "$t" \
				"$tmp/kernel_route.jq"
		done
	done
	printf 'ip netns exec %s %s kernel show -o json | jq -r %s; } | sort -u' \
		"${ns[$1]}" "$DPUBGPCTL" \
		"'.routes[] | \"module \\(.prefix) \\(.ifname) \\(.leak)\"'"
}

kernel_is_rib()
{
	[ "$(ctl "$1" rib -o json | rib_kernel_lines)" = \
	  "$(eval "$(kernel_cmd "$1")")" ]
}

# kernel_follows NODE: with TENANT_VRF=1, the kernel holds NODE's RIB
# within $DEADLINE s (else the difference is shown).
kernel_follows()
{
	[ "$TENANT_VRF" = 1 ] || return 0
	slowwait "$DEADLINE" kernel_is_rib "$1" && return 0
	ktap_print_msg "$1's kernel (+) is not its RIB (-):"
	diff <(ctl "$1" rib -o json | rib_kernel_lines) \
		<(eval "$(kernel_cmd "$1")") | ktap_print_lines "  "
	return 1
}

# expect_golden NAME TEXT: TEXT (a newline added) is golden/NAME beside
# the test, byte for byte; the difference is printed when it is not.
# With DPUBGP_GOLDEN_DIR set, TEXT is written there as NAME instead (to
# update the source tree's selftests/interop/golden).
expect_golden()
{
	if [ -n "${DPUBGP_GOLDEN_DIR:-}" ]; then
		printf '%s\n' "$2" > "$DPUBGP_GOLDEN_DIR/$1"
		return
	fi
	printf '%s\n' "$2" > "$tmp/golden.$1"
	diff -u "$here/golden/$1" "$tmp/golden.$1" > "$tmp/golden.diff" &&
		return 0
	ktap_print_msg "not as golden/$1:"
	ktap_print_lines < "$tmp/golden.diff"
	return 1
}

# fabric_nodes: the bgp settings and the nodes of the three-node fabric
# (daemon.sh, datastore.sh, etcd.sh), a document on stdout; n3 has its
# own AS, n1 and n2 inherit bgp.default_node_as.
fabric_nodes()
{
	cat <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  n1: {ipv4: 10.0.1.1, ipv6: "fd00:1::1"}
	  n2: {ipv4: 10.0.1.2, ipv6: "fd00:1::2"}
	  n3: {ipv4: 10.0.1.3, ipv6: "fd00:1::3", as: 64511}
	EOD
}

# The datastore tests' fabric (datastore.sh, etcd.sh): n1, n2, n3 and
# FRR, AS 65010, on one bridge; fabric_nodes on stdin of the command
# given (dpubgpctl apply -f -, or cat > FILE), and FRR's configuration,
# peering with the three nodes over IPv4 and with n2 over IPv6 as well.
datastore_fabric()
{
	fabric_nodes | "$@" || return 1
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

# n1_sessions: "Since" and the count of Established of n1's sessions,
# one line each.
n1_sessions()
{
	ctl n1 status -o json |
		jq -r '.peers[] | select(.fsm == "Established") |
			"\(.address) \(.since) \(.established)"'
}

# peer_add_reaches_all_within_1s: the test of that name, with the test's
# "on NODE dpubgpctl-ARGS...": FRR, the global peer "bgp peer add" names,
# sees three Established sessions within a second of its return.
peer_add_reaches_all_within_1s()
{
	local start end out

	# The first write on a file says that it rewrites the hand-written document.
	out=$(on n1 bgp peer add 10.0.1.10 as 65010 2>&1) || return 1
	start=${EPOCHREALTIME/[.,]/}
	[ -z "$out" ] || ktap_print_msg "$out"
	SLOWWAIT_INTERVAL=0.02 slowwait 1 frr_established
	end=${EPOCHREALTIME/[.,]/}
	frr_states | ktap_print_lines "FRR: "
	ktap_print_msg "three Established $(((end - start) / 1000)) ms after bgp peer add returned"
	frr_established
}

# The tests of a shared datastore (datastore.sh, etcd.sh), with the
# test's "on NODE dpubgpctl-ARGS...": each change reaches the nodes it
# is for.

mesh_established()
{
	slowwait "$DEADLINE" mesh_up
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

# shellcheck disable=SC2016 # for eval
default_node_as_inherited()
{
	on n2 bgp default-node-as 64600 || return 1
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
	slowwait "$DEADLINE" mesh_up
}

# What a speaker adapter originates (speaker/README): one route per line,
# "PREFIX [med=N] [COMMUNITY...]", a COMMUNITY being A:B (RFC 1997),
# rt:A:B (a route target, RFC 4360) or A:B:C (large, RFC 8092).
ORIGINATE_DEFAULT="198.51.100.0/24 med=42 64999:42
2001:db8:51::/48 med=42 64999:42"

# originations CMD...: CMD... PREFIX NEXTHOP MED STD EXT LARGE for each route
# of ${ORIGINATE:-$ORIGINATE_DEFAULT}: NEXTHOP is $SPK4 or $SPK6 by the
# prefix's family, MED empty when not set, STD, EXT (route targets, A:B)
# and LARGE space-separated lists, empty when there are none.
originations()
{
	local prefix rest w med std ext large nh

	while read -r prefix rest; do
		[ -n "$prefix" ] || continue
		med='' std='' ext='' large=''
		for w in $rest; do
			case $w in
			med=*) med=${w#med=} ;;
			rt:*) ext="$ext ${w#rt:}" ;;
			*:*:*) large="$large $w" ;;
			*) std="$std $w" ;;
			esac
		done
		nh=$SPK4
		[[ $prefix == *:* ]] && nh=$SPK6
		"$@" "$prefix" "$nh" "$med" "${std# }" "${ext# }" \
			"${large# }" || return 1
	done <<< "${ORIGINATE:-$ORIGINATE_DEFAULT}"
}
