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
