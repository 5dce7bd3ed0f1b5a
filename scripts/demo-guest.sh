#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the demo VM, dpubgp.ko loaded: a VRF with a tenant port,
# programmed and read back with dpubgpctl.
set -eu
dpubgpctl()
{
	"$DPUBGPCTL" "$@"
}

step()
{
	echo
	echo "\$ $*"
	"$@"
}

echo "kernel $(uname -r), $(grep -o '^dpubgp [0-9]*' /proc/modules) bytes loaded"
step ip link add vpc-blue type vrf table 100
step ip link set vpc-blue up
step ip link add t0 type veth peer name h0
step ip link set t0 master vpc-blue up
step dpubgpctl kernel port set t0 src-filter on host 10.0.0.2 host fd00::2
step dpubgpctl kernel show
step dpubgpctl kernel show -o json
echo
echo "# the kernel refuses what it cannot honour, and says why:"
step dpubgpctl kernel port set h0 || true
step dpubgpctl kernel port set t0 host 10.0.0.2/24 || true
step ip link del t0
step dpubgpctl kernel show
