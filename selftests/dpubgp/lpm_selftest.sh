#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The module's own test of its longest-prefix-match tables: loading the
# module's test variant with selftest=1 runs table-driven cases and a
# randomized differential run against a linear reference, logs one line
# with the number of cases, and refuses to load if any failed.
#
#   (no topology: the self-test needs no device or namespace)
#
# Needs DPUBGP_TEST_KO, the test variant (make kmod-test), and DPUBGP_KO;
# leaves the module loaded as the VM runner loaded it, DPUBGP_KO without
# parameters.

ALL_TESTS="
	selftest_at_load
"

source "$(dirname "$0")/lib.sh"

selftest_at_load()
{
	local line rc=0

	rmmod dpubgp || { ktap_print_msg "rmmod failed"; return 1; }
	insmod "$DPUBGP_TEST_KO" selftest=1 || rc=1
	line=$(dmesg | grep -o 'dpubgp: lpm self-test: .*' | tail -n 1)
	ktap_print_msg "${line:-no self-test line in the kernel log}"
	[ $rc -eq 0 ] && rmmod dpubgp
	insmod "$DPUBGP_KO" || { ktap_print_msg "reload without selftest failed"; return 1; }
	[ $rc -eq 0 ] || { ktap_print_msg "insmod selftest=1 failed"; return 1; }
	case "$line" in
	*"lpm self-test: pass: "*" cases") return 0 ;;
	esac
	ktap_print_msg "no pass line"
	return 1
}

require_root
require_cmd rmmod insmod dmesg
[ -r "$DPUBGP_KO" ] || skip_all "DPUBGP_KO not set to the module for $(uname -r)"
[ -r "$DPUBGP_TEST_KO" ] ||
	skip_all "DPUBGP_TEST_KO not set to the module's test variant for $(uname -r)"
[ -e /sys/module/dpubgp ] || { ktap_print_msg "dpubgp.ko is not loaded"; exit 1; }
run_all_tests
