#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dpubgp.ko's life: the family is registered with its multicast group while
# the module is loaded and gone after it, unloading with state present in a
# namespace is clean, and a reload starts from empty state.
#
#   +---- ns "dpu" ----+
#   | vpc-blue (VRF)   |
#   |   t0 (port)      |
#   +------------------+
#
# Needs DPUBGP_KO, the module built for the running kernel; the VM runner
# loads it before the tests and this test leaves it loaded.

ALL_TESTS="
	family_registered
	unload_with_state
	family_gone_when_unloaded
	reload_starts_empty
"

source "$(dirname "$0")/lib.sh"

family_registered()
{
	local out

	out=$(genl ctrl get name dpubgp) ||
		{ ktap_print_msg "family dpubgp not registered"; return 1; }
	case "$out" in
	*"Name: dpubgp"*"name: events"*) return 0 ;;
	esac
	ktap_print_msg "unexpected family description: $out"
	return 1
}

unload_with_state()
{
	ns_create dpu && vrf_create dpu vpc-blue 100 &&
	ip -n "${ns[dpu]}" link add t0 type veth peer name h0 &&
	ip -n "${ns[dpu]}" link set t0 master vpc-blue &&
	ctl dpu kernel port set t0 src-filter on host 10.0.0.2 || return 1
	rmmod dpubgp ||
		{ ktap_print_msg "rmmod failed with a port present"; return 1; }
	[ ! -e /sys/module/dpubgp ] ||
		{ ktap_print_msg "module still present"; return 1; }
}

family_gone_when_unloaded()
{
	genl ctrl get name dpubgp >/dev/null 2>&1 &&
		{ ktap_print_msg "family outlived the module"; return 1; }
	expect_error "dpubgp kernel module is not loaded" ctl dpu kernel show
}

reload_starts_empty()
{
	insmod "$DPUBGP_KO" ||
		{ ktap_print_msg "insmod $DPUBGP_KO failed"; return 1; }
	expect_eq "ports after reload" '[]' "$(ctl dpu kernel show -o json | jq -c .ports)" || return 1
	ctl dpu kernel port set t0 && ctl dpu kernel port del t0
}

require_root
require_cmd ip jq genl rmmod insmod "$DPUBGPCTL"
[ -r "$DPUBGP_KO" ] || skip_all "DPUBGP_KO not set to the module for $(uname -r)"
[ -e /sys/module/dpubgp ] || { ktap_print_msg "dpubgp.ko is not loaded"; exit 1; }
run_all_tests
