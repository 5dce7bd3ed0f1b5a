# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# What the kernel selftests of dpubgp.ko add to ../lib.sh: the CLI and
# the module under test, and VRFs. Helpers that take a namespace take its
# ns_create NAME.

source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

: "${DPUBGPCTL:=dpubgpctl}"
: "${DPUBGP_KO:=}"

# vrf_create NS NAME TABLE: a VRF ending with unreachable defaults, as the
# kernel's forwarding/lib.sh builds them.
vrf_create()
{
	local netns=${ns[$1]} vrf=$2 table=$3

	ip -n "$netns" link add "$vrf" type vrf table "$table" &&
	ip -n "$netns" link set "$vrf" up &&
	ip -n "$netns" -4 route add table "$table" unreachable default metric 4278198272 &&
	ip -n "$netns" -6 route add table "$table" unreachable default metric 4278198272
}

# ctl NS ARGS...: dpubgpctl inside a namespace.
ctl()
{
	local netns=${ns[$1]}

	shift
	ip netns exec "$netns" "$DPUBGPCTL" "$@"
}

# veth_pair NS1 DEV1 NS2 DEV2: a veth between two namespaces.
veth_pair()
{
	ip -n "${ns[$1]}" link add "$2" type veth peer name "$4" \
		netns "${ns[$3]}" &&
	ip -n "${ns[$1]}" link set "$2" up &&
	ip -n "${ns[$3]}" link set "$4" up
}

# addrs NS DEV ADDR4 ADDR6
addrs()
{
	ip -n "${ns[$1]}" addr add "$3" dev "$2" &&
	ip -n "${ns[$1]}" addr add "$4" dev "$2" nodad
}

# gateway NS GW4 GW6
gateway()
{
	ip -n "${ns[$1]}" route add default via "$2" &&
	ip -n "${ns[$1]}" -6 route add default via "$3"
}

# reaches NS DST [ping options]: one echo answered, polling for a few
# seconds while neighbours resolve.
reaches()
{
	local netns=${ns[$1]} dst=$2

	shift 2
	slowwait 10 ip netns exec "$netns" ping -q -c 1 -W 2 "$@" "$dst" \
		>/dev/null 2>&1
}

# unanswered NS DST [ping options]: two echoes, no answer.
unanswered()
{
	local netns=${ns[$1]} dst=$2

	shift 2
	! ip netns exec "$netns" ping -q -c 2 -i 0.2 -W 1 "$@" "$dst" \
		>/dev/null 2>&1
}

# expect_reach WHAT NS DST [ping options], expect_no_reach likewise.
expect_reach()
{
	local what=$1

	shift
	reaches "$@" && return 0
	ktap_print_msg "$what: $1 -> $2 unanswered"
	return 1
}

expect_no_reach()
{
	local what=$1

	shift
	unanswered "$@" && return 0
	ktap_print_msg "$what: $1 -> $2 answered"
	return 1
}

# dpu_topology [PORT...]: the forwarding tests' topology: ns host, dpu,
# overlay and underlay; in dpu the VRF vpc-blue (table 100) with port t0
# (10.0.0.1/24, fd00::1/64; the host's h0 10.0.0.2, fd00::2) and the
# overlay's o0 (10.1.0.1/24, fd01::1/64; o1 .2), and the underlay's u0
# (10.2.0.1/24, fd02::1/64; u1 .2) in the default VRF; default routes
# toward dpu. Each PORT (t1, ...) is one more veth from dpu to host
# (h1, ...) in the VRF, without addresses.
dpu_topology()
{
	local p

	ns_create host dpu overlay underlay || return 1
	ip netns exec "${ns[dpu]}" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1 net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0 &&
	vrf_create dpu vpc-blue 100 || return 1
	for p in t0 "$@"; do
		veth_pair dpu "$p" host "h${p#t}" &&
		ip -n "${ns[dpu]}" link set "$p" master vpc-blue || return 1
	done
	veth_pair dpu o0 overlay o1 &&
	veth_pair dpu u0 underlay u1 &&
	ip -n "${ns[dpu]}" link set o0 master vpc-blue || return 1
	addrs dpu t0 10.0.0.1/24 fd00::1/64 &&
	addrs dpu o0 10.1.0.1/24 fd01::1/64 &&
	addrs dpu u0 10.2.0.1/24 fd02::1/64 &&
	addrs host h0 10.0.0.2/24 fd00::2/64 &&
	addrs overlay o1 10.1.0.2/24 fd01::2/64 &&
	addrs underlay u1 10.2.0.2/24 fd02::2/64 &&
	gateway host 10.0.0.1 fd00::1 &&
	gateway overlay 10.1.0.1 fd01::1 &&
	gateway underlay 10.2.0.1 fd02::1
}

# dpu_neighbours_resolved: the DPU's neighbours on o0, u0 and t0 resolved
# (a ping each), so that the first test's pings do not wait for ARP.
dpu_neighbours_resolved()
{
	ip netns exec "${ns[overlay]}" ping -q -c 1 -W 5 10.1.0.1 > /dev/null &&
	ip netns exec "${ns[underlay]}" ping -q -c 1 -W 5 10.2.0.1 > /dev/null &&
	ip netns exec "${ns[host]}" ping -q -c 1 -W 5 10.0.0.1 > /dev/null
}

# underlay_frr_conf: $tmp/underlay/bgpd.conf, FRR (AS 64567) in ns
# "underlay" as the node's global peer, IPv4 and IPv6 on one session to
# its port $PORT (frr_conf_head is ../interop/lib.sh's).
underlay_frr_conf()
{
	frr_conf_head underlay 64567 10.2.0.2
	cat >> "$tmp/underlay/bgpd.conf" <<-EOC
	 neighbor 10.2.0.1 remote-as 64511
	 neighbor 10.2.0.1 port $PORT
	 neighbor 10.2.0.1 timers connect 1
	 address-family ipv6 unicast
	  neighbor 10.2.0.1 activate
	 exit-address-family
	EOC
}

# What a tenant-path test (vips.sh, tenants.sh) reads back, in the
# topology of dpu_topology with dpubgpd's routes of protocol $RTPROT in
# table 100, FRR as the fabric peer in ns "underlay" (its state in
# $tmp/underlay) and a wait of at most $DEADLINE seconds.

# vrf_routes [TABLE]: our routes in table TABLE (default 100), "PREFIX via
# GW dev DEV" lines.
vrf_routes()
{
	local f

	for f in -4 -6; do
		ip -n "${ns[dpu]}" "$f" route show table "${1:-100}" \
			proto "$RTPROT" 2> /dev/null |
			awk '{ print $1, $2, $3, $4, $5 }'
	done | sort
}

# mod_routes: the module's routes, "PREFIX PORT LEAK" lines.
mod_routes()
{
	ctl dpu kernel show -o json 2>/dev/null |
		jq -r '.routes[] | "\(.prefix) \(.ifname) \(.leak)"' | sort
}

# fab_routes: the prefixes FRR in the underlay holds, sorted.
fab_routes()
{
	local af

	for af in ipv4 ipv6; do
		vtysh_at "${ns[underlay]}" "$tmp/underlay" \
			-c "show bgp $af unicast json" 2>/dev/null |
			jq -r '.routes // {} | keys[]'
	done | sort
}

# output_is FUNC EXPECTED: FUNC prints the lines of EXPECTED, sorted.
output_is()
{
	[ "$("$1")" = "$(sort <<< "$2")" ]
}

# expect_now WHAT FUNC EXPECTED: FUNC's output becomes EXPECTED within
# $DEADLINE s.
expect_now()
{
	local got

	slowwait "$DEADLINE" output_is "$2" "$3" && return 0
	got=$($2)
	ktap_print_msg "$1: expected"
	ktap_print_lines "    " <<< "$3"
	ktap_print_msg "got"
	ktap_print_lines "    " <<< "$got"
	return 1
}
