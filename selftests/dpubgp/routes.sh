#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tenant routes through the operator's CLI: dpubgpctl kernel route add|del
# and show, the kernel's refusals as the operator sees them, anycast (one
# prefix through two ports), routes beside host prefixes, and routes going
# with their port.
#
#   +---------------- ns "dpu" -----------------+
#   |  vpc-blue (VRF, table 100)                 |
#   |    t0 (port) -- h0      t1 (port) -- h1    |
#   |    t2 (in the VRF, not a port) -- h2       |
#   |  u0 (veth, default VRF, not a port) -- u1  |
#   +--------------------------------------------+
#
# Requires CONFIG_NET_VRF, CONFIG_VETH, CONFIG_NET_NS and dpubgp.ko loaded.

ALL_TESTS="
	route_add_show_del
	route_leak_flags
	route_anycast
	route_and_host_prefix
	route_refusals
	route_gone_with_port
	route_gone_with_device
"

source "$(dirname "$0")/lib.sh"

# show_routes NS: "prefix ifname leak packets" lines.
show_routes()
{
	ctl "$1" kernel show -o json |
		jq -r '.routes[] | "\(.prefix) \(.ifname) \(.leak) \(.packets)"'
}

setup()
{
	local i

	ns_create dpu && vrf_create dpu vpc-blue 100 || return 1
	for i in 0 1 2; do
		ip -n "${ns[dpu]}" link add t$i type veth peer name h$i &&
		ip -n "${ns[dpu]}" link set t$i master vpc-blue || return 1
	done
	ip -n "${ns[dpu]}" link add u0 type veth peer name u1 &&
	ctl dpu kernel port set t0 host 10.0.0.2 &&
	ctl dpu kernel port set t1 host 10.0.1.2
}

route_add_show_del()
{
	ctl dpu kernel route add 192.0.2.0/24 dev t0 &&
	ctl dpu kernel route add 2001:db8::/32 dev t0 || return 1
	expect_eq "routes after add" "192.0.2.0/24 t0 none 0
2001:db8::/32 t0 none 0" "$(show_routes dpu)" || return 1
	ctl dpu kernel show | grep -q "^route 192.0.2.0/24 dev t0 (ifindex [0-9]*) leak none packets 0 bytes 0$" ||
		{ ktap_print_msg "text show lacks the route"; return 1; }
	ctl dpu kernel route del 192.0.2.0/24 dev t0 &&
	ctl dpu kernel route del 2001:db8::/32 dev t0 || return 1
	expect_eq "routes after del" "" "$(show_routes dpu)" || return 1
	ctl dpu kernel show | grep -q "^No routes.$"
}

route_leak_flags()
{
	ctl dpu kernel route add 198.51.100.0/24 dev t0 leak underlay &&
	ctl dpu kernel route add 203.0.113.0/24 dev t0 leak drop-overlay || return 1
	expect_eq "leak flags" "198.51.100.0/24 t0 underlay 0
203.0.113.0/24 t0 drop-overlay 0" "$(show_routes dpu)" || return 1
	expect_error "leak must be underlay or drop-overlay" \
		ctl dpu kernel route add 10.9.0.0/16 dev t0 leak sideways || return 1
	ctl dpu kernel route del 198.51.100.0/24 dev t0 &&
	ctl dpu kernel route del 203.0.113.0/24 dev t0
}

route_anycast()
{
	ctl dpu kernel route add 192.0.2.1/32 dev t0 leak underlay &&
	ctl dpu kernel route add 192.0.2.1/32 dev t1 leak underlay || return 1
	expect_eq "anycast routes" "192.0.2.1/32 t0 underlay 0
192.0.2.1/32 t1 underlay 0" "$(show_routes dpu)" || return 1
	expect_error "Route already exists on this port" \
		ctl dpu kernel route add 192.0.2.1/32 dev t1 || return 1
	ctl dpu kernel route del 192.0.2.1/32 dev t0 || return 1
	expect_eq "anycast after one del" "192.0.2.1/32 t1 underlay 0" \
		"$(show_routes dpu)" || return 1
	ctl dpu kernel route del 192.0.2.1/32 dev t1
}

# host_prefixes NS PORT: the port's host prefixes, one line.
host_prefixes()
{
	ctl "$1" kernel show -o json |
		jq -r --arg d "$2" '.ports[] | select(.ifname == $d) |
			.hosts | join(" ")'
}

# A port's host prefixes and its routes share its source table: the same
# prefix as both, or one inside the other, and either going leaves the
# other.
route_and_host_prefix()
{
	ctl dpu kernel route add 10.0.0.2/32 dev t0 &&
	ctl dpu kernel route add 10.0.0.0/24 dev t0 leak underlay || return 1
	expect_eq "routes beside the host prefix" "10.0.0.0/24 t0 underlay 0
10.0.0.2/32 t0 none 0" "$(show_routes dpu)" || return 1
	ctl dpu kernel route del 10.0.0.2/32 dev t0 || return 1
	expect_eq "host prefix after its route's del" "10.0.0.2/32" \
		"$(host_prefixes dpu t0)" || return 1
	ctl dpu kernel route add 10.0.0.2/32 dev t0 &&
	ctl dpu kernel port set t0 host 192.0.2.0/25 host 10.0.0.0/24 ||
		return 1
	expect_eq "routes after the host prefix went" "10.0.0.0/24 t0 underlay 0
10.0.0.2/32 t0 none 0" "$(show_routes dpu)" || return 1
	ctl dpu kernel route del 10.0.0.0/24 dev t0 &&
	ctl dpu kernel route del 10.0.0.2/32 dev t0 || return 1
	expect_eq "host prefixes after the routes went" \
		"192.0.2.0/25 10.0.0.0/24" "$(host_prefixes dpu t0)" || return 1
	expect_eq "routes after del" "" "$(show_routes dpu)" || return 1
	ctl dpu kernel port set t0 host 10.0.0.2
}

route_refusals()
{
	expect_error "Prefix has bits set beyond its length" \
		ctl dpu kernel route add 192.0.2.1/24 dev t0 || return 1
	expect_error "Device is not a port" \
		ctl dpu kernel route add 192.0.2.0/24 dev t2 || return 1
	expect_error "Device is not a port" \
		ctl dpu kernel route add 192.0.2.0/24 dev u0 || return 1
	expect_error 'Cannot find device "nosuch0"' \
		ctl dpu kernel route add 192.0.2.0/24 dev nosuch0 || return 1
	expect_error "No such route on this port" \
		ctl dpu kernel route del 192.0.2.0/24 dev t0 || return 1
	expect_error "invalid prefix" \
		ctl dpu kernel route add 192.0.2.0/33 dev t0 || return 1
	expect_eq "routes after refusals" "" "$(show_routes dpu)"
}

route_gone_with_port()
{
	ctl dpu kernel route add 192.0.2.0/24 dev t1 leak underlay &&
	ctl dpu kernel port del t1 || return 1
	expect_eq "routes after port del" "" "$(show_routes dpu)" || return 1
	ctl dpu kernel port set t1 host 10.0.1.2 || return 1
	expect_eq "routes of a new port" "" "$(show_routes dpu)"
}

route_gone_with_device()
{
	ctl dpu kernel route add 192.0.2.0/24 dev t1 leak underlay &&
	ctl dpu kernel route add 192.0.2.0/24 dev t0 leak underlay || return 1
	ip -n "${ns[dpu]}" link del t1 || return 1
	expect_eq "routes after device deletion" "192.0.2.0/24 t0 underlay 0" \
		"$(show_routes dpu)" || return 1
	ip -n "${ns[dpu]}" link set t0 nomaster || return 1
	expect_eq "routes after leaving the VRF" "" "$(show_routes dpu)"
}

require_root
require_cmd ip jq "$DPUBGPCTL"
plan_and_setup
run_all_tests
