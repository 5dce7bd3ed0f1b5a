#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Ports through the operator's CLI: dpubgpctl kernel port set|del and show,
# the kernel's refusals as the operator sees them, per-namespace state and
# the port's life bound to its device's.
#
#   +---------------- ns "dpu" -----------------+     +--- ns "host" ---+
#   |  vpc-blue (VRF, table 100)                 |     |                 |
#   |     |                                      |     |                 |
#   |    t0 (port) ------------------------------+-----+ eth0 10.0.0.2   |
#   |                                            |     +-----------------+
#   |    u0 (veth, default VRF, not a port) -- u1                        |
#   +--------------------------------------------+
#   ns "other": its own VRF and port; must never see "dpu"'s.
#
# Requires CONFIG_NET_VRF, CONFIG_VETH, CONFIG_NET_NS and dpubgp.ko loaded.

ALL_TESTS="
	port_set_show_del
	port_replace
	port_not_in_vrf
	port_host_bits
	port_bad_host_syntax
	port_unknown_device
	port_del_absent
	port_per_netns
	port_gone_with_device
	port_gone_with_vrf_release
	port_gone_with_vrf
"

source "$(dirname "$0")/lib.sh"

# show_ports NS: the ports as compact JSON objects, one a line.
show_ports()
{
	ctl "$1" kernel show -o json | jq -c '.ports[]'
}

setup()
{
	ns_create dpu host other || return 1
	vrf_create dpu vpc-blue 100 || return 1
	ip -n "${ns[dpu]}" link add t0 type veth peer name eth0 \
		netns "${ns[host]}" &&
	ip -n "${ns[dpu]}" link set t0 master vpc-blue up &&
	ip -n "${ns[host]}" link set eth0 up &&
	ip -n "${ns[dpu]}" link add u0 type veth peer name u1 &&
	vrf_create other vpc-red 200 &&
	ip -n "${ns[other]}" link add t9 type veth peer name e9 &&
	ip -n "${ns[other]}" link set t9 master vpc-red
}

port_set_show_del()
{
	local got

	ctl dpu kernel port set t0 src-filter on host 10.0.0.2 host fd00::2/128 || return 1
	got=$(show_ports dpu)
	expect_eq "port after set" \
		'{"ifname":"t0","ifindex":'"$(ifindex dpu t0)"',"vrf":"vpc-blue","src_filter":true,"drops":0,"hosts":["10.0.0.2/32","fd00::2/128"]}' \
		"$got" || return 1
	ctl dpu kernel port del t0 || return 1
	expect_eq "ports after del" "" "$(show_ports dpu)"
}

port_replace()
{
	ctl dpu kernel port set t0 src-filter on host 10.0.0.0/24 || return 1
	ctl dpu kernel port set t0 || return 1
	expect_eq "replaced port" 'false []' \
		"$(show_ports dpu | jq -r '"\(.src_filter) \(.hosts | tostring)"')" || return 1
	ctl dpu kernel port del t0
}

port_not_in_vrf()
{
	expect_error "Device is not enslaved to a VRF" \
		ctl dpu kernel port set u0 || return 1
	expect_eq "ports after refusal" "" "$(show_ports dpu)"
}

port_host_bits()
{
	expect_error "Prefix has bits set beyond its length" \
		ctl dpu kernel port set t0 host 10.0.0.2/24 || return 1
	expect_error "Prefix has bits set beyond its length" \
		ctl dpu kernel port set t0 host fd00::2/64 || return 1
	expect_eq "ports after refusal" "" "$(show_ports dpu)"
}

port_bad_host_syntax()
{
	expect_error "10.0.0.300" ctl dpu kernel port set t0 host 10.0.0.300 || return 1
	expect_error "fd00::/129" ctl dpu kernel port set t0 host fd00::/129
}

port_unknown_device()
{
	expect_error 'Cannot find device "nosuch0"' \
		ctl dpu kernel port set nosuch0
}

port_del_absent()
{
	expect_error "No such port" ctl dpu kernel port del t0
}

port_per_netns()
{
	ctl dpu kernel port set t0 host 10.0.0.2 || return 1
	ctl other kernel port set t9 host 10.9.0.2 || return 1
	expect_eq "ports seen from other" "t9" \
		"$(show_ports other | jq -r .ifname)" || return 1
	expect_eq "ports seen from dpu" "t0" \
		"$(show_ports dpu | jq -r .ifname)" || return 1
	# dpu's port name does not exist in other: it cannot be reached there.
	expect_error 'Cannot find device "t0"' ctl other kernel port del t0 || return 1
	ctl dpu kernel port del t0 && ctl other kernel port del t9
}

port_gone_with_device()
{
	ip -n "${ns[dpu]}" link add t1 type veth peer name t1p &&
	ip -n "${ns[dpu]}" link set t1 master vpc-blue &&
	ctl dpu kernel port set t1 || return 1
	ip -n "${ns[dpu]}" link del t1 || return 1
	expect_eq "ports after device deletion" "" "$(show_ports dpu)"
}

port_gone_with_vrf_release()
{
	ctl dpu kernel port set t0 || return 1
	ip -n "${ns[dpu]}" link set t0 nomaster || return 1
	expect_eq "ports after leaving the VRF" "" "$(show_ports dpu)" || return 1
	ip -n "${ns[dpu]}" link set t0 master vpc-blue
}

port_gone_with_vrf()
{
	ctl dpu kernel port set t0 || return 1
	ip -n "${ns[dpu]}" link del vpc-blue || return 1
	expect_eq "ports after VRF deletion" "" "$(show_ports dpu)"
}

ifindex()
{
	ip -n "${ns[$1]}" -j link show dev "$2" | jq '.[0].ifindex'
}

require_root
require_cmd ip jq "$DPUBGPCTL"
plan_and_setup
run_all_tests
