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
