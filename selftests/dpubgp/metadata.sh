#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The metadata service (design.md §4.4), from the tenants' side: curl from
# the hosts' namespaces, through their default routes, to
# http://169.254.169.254/, the address dpubgpd puts on the VPC's VRF
# device, answered by a listener bound to each port. The DPU has no ASN
# at first (500), then one; each port's host gets its own port's answers
# (t1's allowed prefixes are narrowed); errors, limits, counters; a
# tenant's runbook configures FRR from the metadata alone and reaches
# Established, which 200 idle connections do not disturb; the address
# goes with the VPC and with the daemon.
#
#  +-- ns "host" ------------------+      +-- ns "host1" ---------------+
#  | h0: 10.0.0.2/24 fd00::2/64     |      | h1: 10.0.1.2/24             |
#  | default via 10.0.0.1, fd00::1  |      | default via 10.0.1.1        |
#  | FRR from the runbook           |      |                             |
#  +--------------|-----------------+      +--------------|--------------+
#  +--------------|------- ns "dpu": dpubgpd -------------|--------------+
#  |  +-----------|--- vpc-blue (VRF, table 100), 169.254.169.254/32 --+ |
#  |  | t0: 10.0.0.1/24 fd00::1/64       t1: 10.0.1.1/24               | |
#  |  |   allowed: the profile's           allowed: 203.0.113.128/25   | |
#  |  +----------------------------------------------------------------+ |
#  |  u0 (default VRF): 10.2.0.1/24, the node's address                  |
#  +---------------------------------------------------------------------+
#
# Requires CONFIG_NET_VRF, FRR's bgpd, curl, jq.

ALL_TESTS="
	vrf_address
	no_asn_yet
	asn_served
	entries_t0
	entries_t1
	json_parses
	errors
	big_header
	other_port
	device_recreated
	runbook_established
	idle_connections
	counters
	vpc_removed
	clean_exit
"

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/../interop/lib.sh"

NODES=dpu
DPU_AS=4268000000
META=169.254.169.254
DEADLINE=60

# write_doc [pool] [noport]: the document; the DPU ASN pool only with
# "pool", no ports and no VPC with "noport".
write_doc()
{
	local pool="#" noport=

	for a in "$@"; do
		case $a in
		pool) pool= ;;
		noport) noport=1 ;;
		esac
	done
	cat > "$tmp/dpubgp.yaml.new" <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  dpu: {ipv4: 10.2.0.1}
	tenant:
	  common_tenant_host_asn: 65010
	  ${pool}dpu_asn_pool: {start: $DPU_AS, end: 4268999999}
	fnn:
	  routing_profiles:
	    internal:
	      allowed_anycast_prefixes: [203.0.113.0/24, "2001:db8:100::/48"]
	      tenant_leak_communities_accepted: true
	EOD
	[ -n "$noport" ] || cat >> "$tmp/dpubgp.yaml.new" <<-EOD
	vpcs:
	  blue: {vrf: vpc-blue, table: 100, routing_profile: internal}
	ports:
	  dpu:
	    t0:
	      vpc: blue
	      host: [10.0.0.2, "fd00::2"]
	      gateway: [10.0.0.1/24, "fd00::1/64"]
	    t1:
	      vpc: blue
	      host: [10.0.1.2]
	      gateway: [10.0.1.1/24]
	      allowed_anycast_prefixes: [203.0.113.128/25]
	EOD
	mv "$tmp/dpubgp.yaml.new" "$tmp/dpubgp.yaml"
}

setup()
{
	dpu_topology t1 || return 1
	# t1's host in a namespace of its own.
	ns_create host1 &&
	ip -n "${ns[host]}" link set h1 netns "${ns[host1]}" &&
	ip -n "${ns[host1]}" link set h1 up &&
	ip -n "${ns[dpu]}" addr add 10.0.1.1/24 dev t1 &&
	ip -n "${ns[host1]}" addr add 10.0.1.2/24 dev h1 &&
	ip -n "${ns[host1]}" route add default via 10.0.1.1 || return 1
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	write_doc
	start_node dpu
}

# get NS PATH [curl options]: the body of GET http://169.254.169.254PATH
# from NS, then a line "HTTP CODE".
get()
{
	local netns=${ns[$1]} path=$2

	shift 2
	ip netns exec "$netns" curl -s -m 5 -w '\nHTTP %{http_code}' "$@" \
		"http://$META$path"
}

# meta NS ENTRY: the body of /latest/meta-data/ENTRY, if it answers 200.
meta()
{
	local out

	out=$(get "$1" "/latest/meta-data/$2") || return 1
	[ "${out##*$'\n'}" = "HTTP 200" ] || return 1
	echo "${out%$'\n'*}"
}

# expect_get WHAT NS PATH EXPECTED [curl options]: body and code, as get
# prints them.
expect_get()
{
	local what=$1 netns=$2 path=$3 want=$4 got

	shift 4
	got=$(get "$netns" "$path" "$@")
	[ "$got" = "$want" ] && return 0
	ktap_print_msg "$what: GET $path from $netns: expected"
	ktap_print_lines "    " <<< "$want"
	ktap_print_msg "got"
	ktap_print_lines "    " <<< "$got"
	return 1
}

has_meta_addr()
{
	ip -n "${ns[dpu]}" -4 addr show dev vpc-blue | grep -q " $META/32 "
}

# The listener is up once the address is there and the port answers.
answers()
{
	get "$1" /latest/meta-data/ > /dev/null
}

vrf_address()
{
	slowwait $DEADLINE has_meta_addr ||
		{ ktap_print_msg "no $META/32 on vpc-blue"; return 1; }
	ip -n "${ns[dpu]}" -4 addr show dev vpc-blue |
		grep -q "$META/32 scope link proto" ||
		ktap_print_msg "(no address protocol shown by this iproute2)"
	slowwait $DEADLINE answers host ||
		{ ktap_print_msg "t0's host gets no answer"; return 1; }
}

no_asn_yet()
{
	local rc=0

	expect_get "no ASN" host /latest/meta-data/asn \
		"metadata currently unavailable
HTTP 500" || rc=1
	expect_get "no ASN, JSON" host /latest/meta-data/bgp.json \
		"metadata currently unavailable
HTTP 500" || rc=1
	expect_get "no ASN, where to peer" host /latest/meta-data/bgp/peer-ipv4 \
		"10.0.0.1
HTTP 200" || rc=1
	return $rc
}

asn_is()
{
	[ "$(meta host asn)" = "$1" ]
}

asn_served()
{
	write_doc pool
	kill -HUP "${pid[dpu]}"
	slowwait $DEADLINE asn_is $DPU_AS && return 0
	ktap_print_msg "asn: $(get host /latest/meta-data/asn)"
	return 1
}

entries_t0()
{
	local rc=0

	expect_get "/" host / "latest
HTTP 200" || rc=1
	expect_get "/latest/" host /latest/ "meta-data
HTTP 200" || rc=1
	expect_get "the entries" host /latest/meta-data/ "asn
bgp/
bgp.json
HTTP 200" || rc=1
	expect_get "bgp/" host /latest/meta-data/bgp/ "allowed-prefixes
leak-communities
peer-ipv4
peer-ipv6
tenant-asn
HTTP 200" || rc=1
	expect_get "asn" host /latest/meta-data/asn "$DPU_AS
HTTP 200" || rc=1
	expect_get "peer-ipv4" host /latest/meta-data/bgp/peer-ipv4 "10.0.0.1
HTTP 200" || rc=1
	expect_get "peer-ipv6" host /latest/meta-data/bgp/peer-ipv6 "fd00::1
HTTP 200" || rc=1
	expect_get "tenant-asn" host /latest/meta-data/bgp/tenant-asn "65010
HTTP 200" || rc=1
	expect_get "allowed-prefixes" host /latest/meta-data/bgp/allowed-prefixes \
		"203.0.113.0/24
2001:db8:100::/48
HTTP 200" || rc=1
	expect_get "leak-communities" host /latest/meta-data/bgp/leak-communities \
		"65100:1 65100:2
HTTP 200" || rc=1
	# HEAD: the same status, no body.
	expect_get "HEAD" host /latest/meta-data/asn "
HTTP 200" -I -o /dev/null || rc=1
	return $rc
}

# t1's host: its own port's answers, narrowed prefixes, no IPv6 gateway.
entries_t1()
{
	local rc=0

	slowwait $DEADLINE answers host1 ||
		{ ktap_print_msg "t1's host gets no answer"; return 1; }
	expect_get "t1 asn" host1 /latest/meta-data/asn "$DPU_AS
HTTP 200" || rc=1
	expect_get "t1 peer-ipv4" host1 /latest/meta-data/bgp/peer-ipv4 "10.0.1.1
HTTP 200" || rc=1
	expect_get "t1 peer-ipv6" host1 /latest/meta-data/bgp/peer-ipv6 "not found
HTTP 404" || rc=1
	expect_get "t1 allowed-prefixes" host1 \
		/latest/meta-data/bgp/allowed-prefixes "203.0.113.128/25
HTTP 200" || rc=1
	return $rc
}

json_parses()
{
	local json got

	json=$(meta host bgp.json) || { ktap_print_msg "no bgp.json"; return 1; }
	got=$(jq -r '[.asn, .tenant_asn, .peer_ipv4, .peer_ipv6,
		     (.allowed_prefixes | join(",")),
		     (.leak_communities | join(","))] | join(" ")' <<< "$json") ||
		{ ktap_print_msg "bgp.json does not parse: $json"; return 1; }
	expect_eq "bgp.json" \
		"$DPU_AS 65010 10.0.0.1 fd00::1 203.0.113.0/24,2001:db8:100::/48 65100:1,65100:2" \
		"$got" || return 1
	json=$(meta host1 bgp.json) || { ktap_print_msg "no bgp.json on t1"; return 1; }
	got=$(jq -r '[.peer_ipv4, (.peer_ipv6 // "none"),
		     (.allowed_prefixes | join(","))] | join(" ")' <<< "$json")
	expect_eq "t1's bgp.json" "10.0.1.1 none 203.0.113.128/25" "$got"
}

errors()
{
	local rc=0

	expect_get "unknown path" host /latest/meta-data/instance-id "not found
HTTP 404" || rc=1
	expect_get "unknown path" host /latest/user-data "not found
HTTP 404" || rc=1
	expect_get "POST" host /latest/meta-data/asn "method not allowed
HTTP 405" -X POST -d x=1 || rc=1
	expect_get "PUT" host /latest/meta-data/asn "method not allowed
HTTP 405" -X PUT || rc=1
	return $rc
}

# big_status: the status line of the answer to a request with a 1 MB
# header, from t0's host ("" when the connection was reset before).
big_status()
{
	# shellcheck disable=SC2016 # expanded by the inner bash
	ip netns exec "${ns[host]}" bash -c '
		trap "" PIPE
		exec 3<>/dev/tcp/'$META'/80 || exit 1
		{
			printf "GET /latest/meta-data/asn HTTP/1.1\r\nHost: x\r\nX-Big: "
			head -c 1048576 /dev/zero | tr "\0" a
			printf "\r\n\r\n"
		} >&3 2>/dev/null
		timeout 5 head -n 1 <&3 | tr -d "\r"' 2>/dev/null
}

big_header()
{
	local got

	got=$(big_status)
	case "$got" in
	"HTTP/1.1 431 "*|"HTTP/1.1 413 "*|"") ;;
	*)
		ktap_print_msg "1 MB header: answered '$got'"
		return 1
		;;
	esac
	kill -0 "${pid[dpu]}" || { ktap_print_msg "dpubgpd died"; return 1; }
	expect_get "after the big header" host /latest/meta-data/asn "$DPU_AS
HTTP 200"
}

# A host on t1 reaches t0's gateway, not t0's listener: only its own
# port's answers are at 169.254.169.254 (entries_t1), and no other
# address of the DPU serves any.
other_port()
{
	local rc=0 got

	got=$(ip netns exec "${ns[host1]}" curl -s -m 3 -o /dev/null \
		-w '%{http_code}' http://10.0.0.1/latest/meta-data/asn)
	expect_eq "t0's gateway from t1's host" 000 "$got" || rc=1
	got=$(ip netns exec "${ns[host]}" curl -s -m 3 -o /dev/null \
		-w '%{http_code}' http://10.0.0.1/latest/meta-data/asn)
	expect_eq "t0's gateway from t0's host" 000 "$got" || rc=1
	return $rc
}

# t1's device deleted and made again (a new ifindex): its listener is
# opened again on it, from the link events.
device_recreated()
{
	ip -n "${ns[dpu]}" link del t1 || return 1
	get host1 /latest/meta-data/asn > /dev/null &&
		{ ktap_print_msg "answered without the device"; return 1; }
	ip -n "${ns[dpu]}" link add t1 type veth peer name h1 \
		netns "${ns[host1]}" &&
	ip -n "${ns[dpu]}" link set t1 master vpc-blue &&
	ip -n "${ns[dpu]}" link set t1 up &&
	ip -n "${ns[host1]}" link set h1 up &&
	ip -n "${ns[dpu]}" addr add 10.0.1.1/24 dev t1 &&
	ip -n "${ns[host1]}" addr add 10.0.1.2/24 dev h1 &&
	ip -n "${ns[host1]}" route add default via 10.0.1.1 || return 1
	slowwait $DEADLINE answers host1 ||
		{ ktap_print_msg "no answer on the new device"; return 1; }
	expect_get "t1 again" host1 /latest/meta-data/bgp/peer-ipv4 "10.0.1.1
HTTP 200"
}

# runbook DIR: what a tenant's runbook does on its host, from the
# metadata alone: FRR peering with the DPU, announcing what it may
# (marked leaked when the DPU accepts leak communities), in DIR/bgpd.conf.
runbook()
{
	local dir=$1 md=http://169.254.169.254/latest/meta-data json
	local asn tenant peer4 peer6 leak p id

	json=$(curl -sf -m 5 "$md/bgp.json") || return 1
	asn=$(jq -r .asn <<< "$json")
	tenant=$(jq -r '.tenant_asn // 65000' <<< "$json")
	peer4=$(jq -r '.peer_ipv4 // empty' <<< "$json")
	peer6=$(jq -r '.peer_ipv6 // empty' <<< "$json")
	leak=$(jq -r '.leak_communities[0] // empty' <<< "$json")
	# The router id: our own address toward the DPU.
	id=$(ip -4 -o route get "${peer4:-169.254.169.254}" |
		sed -n 's/.* src \([0-9.]*\).*/\1/p')
	{
		echo "frr defaults traditional"
		echo "hostname tenant"
		echo "log file $dir/frr.log"
		echo "router bgp $tenant"
		echo " bgp router-id $id"
		echo " no bgp ebgp-requires-policy"
		echo " no bgp network import-check"
		echo " timers bgp 3 9"
		for p in $peer4 $peer6; do
			echo " neighbor $p remote-as $asn"
			echo " neighbor $p timers connect 1"
		done
		echo " address-family ipv4 unicast"
		[ -z "$peer6" ] || echo "  no neighbor $peer6 activate"
		jq -r '.allowed_prefixes[] | select(contains(".")) |
			"  network \(.)'"${leak:+ route-map LEAK}"'"' <<< "$json"
		echo " exit-address-family"
		echo " address-family ipv6 unicast"
		[ -z "$peer4" ] || echo "  no neighbor $peer4 activate"
		[ -z "$peer6" ] || echo "  neighbor $peer6 activate"
		jq -r '.allowed_prefixes[] | select(contains(":")) |
			"  network \(.)'"${leak:+ route-map LEAK}"'"' <<< "$json"
		echo " exit-address-family"
		if [ -n "$leak" ]; then
			echo "route-map LEAK permit 10"
			echo " set community $leak"
		fi
	} > "$dir/bgpd.conf"
}

runbook_established()
{
	local dir=$tmp/host

	mkdir -p "$dir"
	ip netns exec "${ns[host]}" bash -c \
		"$(declare -f runbook); runbook $dir" ||
		{ ktap_print_msg "the runbook failed"; return 1; }
	frr_run host "${ns[host]}" "$dir" 0
	slowwait $((4 * DEADLINE)) peer_up dpu 10.0.0.2 &&
	slowwait $DEADLINE peer_up dpu fd00::2 || {
		ktap_print_msg "the runbook's sessions did not come up; its bgpd.conf:"
		ktap_print_lines "    " < "$dir/bgpd.conf"
		return 1
	}
	# What it announced was taken.
	slowwait $DEADLINE vrf_has 203.0.113.0/24 ||
		{ ktap_print_msg "203.0.113.0/24 not in table 100"; return 1; }
}

vrf_has()
{
	ip -n "${ns[dpu]}" route show table 100 proto 124 | grep -q "^$1 "
}

# idle_conns N SECONDS: in t0's host, N connections to the service held
# idle; "OPENED CLOSED" once the server closed all of them or SECONDS
# have passed.
idle_conns()
{
	# shellcheck disable=SC2016 # expanded by the inner bash
	ip netns exec "${ns[host]}" bash -c '
		n=$1 limit=$2 fds=() closed=0
		declare -A gone
		for ((i = 0; i < n; i++)); do
			exec {fd}<>/dev/tcp/'$META'/80 2>/dev/null || break
			fds+=("$fd")
		done
		start=$SECONDS
		while [ $closed -lt ${#fds[@]} ] &&
		      [ $((SECONDS - start)) -lt "$limit" ]; do
			for fd in "${fds[@]}"; do
				[ -n "${gone[$fd]}" ] && continue
				read -r -t 0 -u "$fd" 2>/dev/null || continue
				if ! read -r -t 1 -u "$fd" _ 2>/dev/null; then
					gone[$fd]=1
					closed=$((closed + 1))
					exec {fd}<&-
				fi
			done
			sleep 0.5
		done
		echo "${#fds[@]} $closed"' - "$1" "$2"
}

# 200 idle connections are closed within the idle time (most at once,
# over the limits), and the tenant's sessions on the same DPU stay
# Established throughout (hold time 9 s): no flap counted.
idle_connections()
{
	local before after got rc=0

	before=$(peer dpu 10.0.0.2 established)
	got=$(idle_conns 200 30)
	expect_eq "idle connections opened and closed by the DPU" "200 200" \
		"$got" || rc=1
	peer_up dpu 10.0.0.2 ||
		{ ktap_print_msg "the session is $(peer dpu 10.0.0.2 fsm)"; rc=1; }
	after=$(peer dpu 10.0.0.2 established)
	expect_eq "times the session came up" "$before" "$after" || rc=1
	expect_get "after the idle connections" host /latest/meta-data/asn \
		"$DPU_AS
HTTP 200" || rc=1
	return $rc
}

# meta_count PORT FIELD: a counter of the port's metadata listener.
meta_count()
{
	ctl dpu status -o json 2>/dev/null |
		jq -r --arg p "$1" ".metadata[] | select(.interface == \$p) | .$2"
}

counters()
{
	local rc=0 f v

	for f in 'responses."200"' 'responses."404"' 'responses."405"' \
		 'responses."500"' refused requests connections; do
		v=$(meta_count t0 "$f")
		[ "${v:-0}" -gt 0 ] ||
			{ ktap_print_msg "t0's $f is '$v'"; rc=1; }
	done
	case "$(meta_count t0 'responses."431"') $(meta_count t0 'responses."413"')" in
	"0 0") ktap_print_msg "the big header counted neither 431 nor 413"
	       rc=1 ;;
	esac
	v=$(meta_count t1 'responses."200"')
	[ "${v:-0}" -gt 0 ] || { ktap_print_msg "t1's 200s are '$v'"; rc=1; }
	expect_eq "t0 listening" true "$(meta_count t0 listening)" || rc=1
	return $rc
}

no_meta_addr()
{
	! has_meta_addr
}

vpc_removed()
{
	local rc=0

	write_doc pool noport
	kill -HUP "${pid[dpu]}"
	slowwait $DEADLINE no_meta_addr ||
		{ ktap_print_msg "$META/32 still on vpc-blue"; rc=1; }
	get host /latest/meta-data/asn > /dev/null &&
		{ ktap_print_msg "still answered without the port"; rc=1; }
	write_doc pool
	kill -HUP "${pid[dpu]}"
	slowwait $DEADLINE has_meta_addr ||
		{ ktap_print_msg "$META/32 not back on vpc-blue"; rc=1; }
	slowwait $DEADLINE asn_is $DPU_AS ||
		{ ktap_print_msg "no answer once the port is back"; rc=1; }
	return $rc
}

# SIGTERM: exit 0, no sanitizer report, the address and the listeners
# gone with the daemon.
clean_exit()
{
	local rc=0

	stop_nodes || rc=1
	has_meta_addr && { ktap_print_msg "$META/32 left on vpc-blue"; rc=1; }
	ip netns exec "${ns[dpu]}" ss -Htln | grep -q ':80 ' &&
		{ ktap_print_msg "a listener on port 80 is left"; rc=1; }
	return $rc
}

diagnostics()
{
	node_logs
	ktap_print_msg "metadata in the log:"
	grep -E "metadata|169.254|http" "$tmp/dpu.log" | tail -n 15 |
		ktap_print_lines "  "
	ip -n "${ns[dpu]}" addr show dev vpc-blue 2>&1 | ktap_print_lines "  "
	ip netns exec "${ns[dpu]}" ss -tln 2>&1 | ktap_print_lines "  "
}

require_root
require_cmd "$FRR_BGPD" jq curl "$DPUBGPD" "$DPUBGPCTL"
plan_and_setup
run_all_tests diagnostics
