#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Malformed messages on the wire against dpubgpd: RFC 7606's revised
# UPDATE error handling, header errors (RFC 4271 6.1) and bad OPENs
# (RFC 4271 6.2, RFC 5492). bgp_inject plays dpubgpd's mesh peer "inj":
# it opens the session, sends the crafted message and reports what came
# back; each test checks that on the wire (the NOTIFICATION, or a
# KEEPALIVE still coming after the message: the session stayed up) and
# in dpubgpd's status (the last error, the UPDATE and prefix counters).
# The mesh has an IPv4 and an IPv6 session, each requiring its family's
# multiprotocol capability (RFC 5492 5: Unsupported Capability, 2/7).
#
#   +------------------------- ns n1, lo ---------------------------+
#   | dpubgpd n1 10.0.1.1:1179  <--iBGP AS 64511--  bgp_inject 10.0.1.10 |
#   |            fd00::1                                      fd00::10 |
#   +----------------------------------------------------------------+
#
# n1's address is the lower one, so dpubgpd waits for inj to connect
# (and never reports a refused connection of its own).
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), BGP_INJECT (default: next to this script).

source "$(dirname "$0")/lib.sh"

SLOWWAIT_INTERVAL=0.1
BGP_INJECT=${BGP_INJECT:-$here/bgp_inject}
PEER=10.0.1.10
PEER6=fd00::10
# Which session inject and field use: inj's and n1's address of a family.
peer=$PEER
n1=10.0.1.1

ALL_TESTS="valid_update_accepted
	origin_malformed_withdraw aspath_malformed_withdraw
	nexthop_malformed_withdraw communities_length_withdraw
	missing_wellknown_withdraw origin_bad_flags_withdraw
	aggregator_bad_flags_discard duplicate_attribute_discard
	mp_reach_malformed_reset mp_duplicate_reset nlri_truncated_reset
	bad_message_length bad_marker
	open_bad_peer_as open_version_5 open_hold_1 open_hold_2
	open_unknown_capability open_no_capabilities
	open_ipv6_no_capabilities open_ipv6_ipv4_only open_mesh_ipv4_missing
	mp_reach_flags_withdraw mp_unreach_flags_withdraw
	mp_reach_flags_no_nlri_reset
	treat_as_withdraw_logged clean_exit"

setup()
{
	ns_create n1 || return 1
	ip -n "${ns[n1]}" addr add 10.0.1.1/32 dev lo
	ip -n "${ns[n1]}" addr add $PEER/32 dev lo
	ip -n "${ns[n1]}" addr add fd00::1/128 dev lo nodad
	ip -n "${ns[n1]}" addr add $PEER6/128 dev lo nodad
	tmp=$(mktemp -d)
	cat > "$tmp/dpubgp.yaml" <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  n1: {ipv4: 10.0.1.1, ipv6: "fd00::1"}
	  inj: {ipv4: $PEER, ipv6: "$PEER6"}
	EOD
	start_node n1
	slowwait 10 test -S "$tmp/n1.sock"
}

# field EXPR: jq EXPR over dpubgpd's status of the peer.
field()
{
	ip netns exec "${ns[n1]}" "$DPUBGPCTL" -s "$tmp/n1.sock" status -o json \
		2>/dev/null |
		jq -r --arg a $peer ".peers[] | select(.address == \$a) | $1"
}

# counters: "UPDATES PREFIXES WITHDRAWALS" received so far.
counters()
{
	field '"\(.msgs_in.update) \(.prefixes_in) \(.withdrawals_in)"'
}

# inject NAME ARG...: run bgp_inject as inj, its output in $tmp/NAME.out
# (shown as diagnostics); the counters before it in $before. Its exit
# status: 0 up, 1 reset.
inject()
{
	local name=$1 ret

	shift
	# The previous session must be gone from dpubgpd's side first.
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ "$(field .fsm)" != Established ]'
	before=$(counters)
	ip netns exec "${ns[n1]}" "$BGP_INJECT" -b $peer -p $PORT -c $n1 \
		-A 64511 -w 6 "$@" > "$tmp/$name.out" 2>&1
	ret=$?
	ktap_print_lines < "$tmp/$name.out"
	return $ret
}

# delta U P W: the counters grew by U updates, P prefixes, W withdrawals.
delta()
{
	local a b

	read -ra b <<< "$before"
	read -ra a <<< "$(counters)"

	ktap_print_msg "counters: updates $((a[0] - b[0])) prefixes $((a[1] - b[1]))" \
		"withdrawals $((a[2] - b[2])) (want $1 $2 $3)"
	[ $((a[0] - b[0])) = "$1" ] && [ $((a[1] - b[1])) = "$2" ] &&
		[ $((a[2] - b[2])) = "$3" ]
}

# last_error TEXT: dpubgpd's last error of the peer is TEXT.
last_error()
{
	local e want=$1

	# shellcheck disable=SC2016 # for eval
	slowwait 3 eval '[ "$(field .error)" = "$want" ]' && return 0
	e=$(field .error)
	ktap_print_msg "last error: \"$e\", want \"$want\""
	return 1
}

# While inj is still connected: Established and no error.
# ($EXTRA_CHECK too, when set.)
UP_CHECK="$DPUBGPCTL -s TMP/n1.sock status -o json | jq -e '.peers[] | select(.address == \"ADDR\") | .fsm == \"Established\" and .error == \"\"' > /dev/null"

# up NAME ARG...: the message(s) left the session up (checked on the
# wire and in the status while connected) and no NOTIFICATION came.
up()
{
	local check=${UP_CHECK//TMP/$tmp}

	check=${check//ADDR/$peer}${EXTRA_CHECK:+ && $EXTRA_CHECK}
	inject "$@" -x "$check" || return 1
	! grep -q '^recv NOTIFICATION' "$tmp/$1.out" &&
		grep -q '^result up$' "$tmp/$1.out" &&
		grep -q '^check ok$' "$tmp/$1.out"
}

# reset NAME CODE/SUBCODE [DATA] ARG...: dpubgpd answered with that
# NOTIFICATION (and DATA, hex, when not empty) and closed.
reset()
{
	local name=$1 cs=$2 data=$3

	shift 3
	inject "$name" "$@"
	[ $? = 1 ] || return 1
	grep -q "^recv NOTIFICATION $cs data ${data:-[0-9a-f-]*}\$" \
		"$tmp/$name.out" && grep -q '^result reset$' "$tmp/$name.out"
}

# UPDATE bodies: withdrawn routes length, attributes length, attributes,
# NLRI. An iBGP UPDATE (four-octet AS) for 198.51.100.0/24 via 10.0.1.10.
ORIGIN=40010100
ASPATH=400200
NH=4003040a00010a
LP=40050400000064
NLRI=18c63364
# body ATTR...: the UPDATE body with these attributes and NLRI.
body()
{
	local attrs

	attrs=$(printf %s "$@")
	printf '0000%04x%s%s' $((${#attrs} / 2)) "$attrs" "${NLRI_OVERRIDE-$NLRI}"
}

valid_update_accepted()
{
	up valid -u "$(body $ORIGIN $ASPATH $NH $LP)" && delta 1 1 0
}

# RFC 7606 7.1: an undefined ORIGIN value.
origin_malformed_withdraw()
{
	up origin -u "$(body 40010105 $ASPATH $NH $LP)" && delta 1 0 1
}

# RFC 7606 7.2: a segment announcing two ASes and holding one.
aspath_malformed_withdraw()
{
	up aspath -u "$(body $ORIGIN 40020602020000fde8 $NH $LP)" &&
		delta 1 0 1
}

# RFC 7606 7.3: NEXT_HOP of length 3.
nexthop_malformed_withdraw()
{
	up nexthop -u "$(body $ORIGIN $ASPATH 4003030a0001 $LP)" &&
		delta 1 0 1
}

# RFC 7606 7.8: COMMUNITIES not a multiple of 4 octets.
communities_length_withdraw()
{
	up communities -u "$(body $ORIGIN $ASPATH $NH $LP c00803000102)" &&
		delta 1 0 1
}

# RFC 7606 3 (d): ORIGIN missing.
missing_wellknown_withdraw()
{
	up missing -u "$(body $ASPATH $NH $LP)" && delta 1 0 1
}

# RFC 7606 3 (c): ORIGIN flagged optional.
origin_bad_flags_withdraw()
{
	up origin_flags -u "$(body c0010100 $ASPATH $NH $LP)" && delta 1 0 1
}

# RFC 7606 7.7: AGGREGATOR flagged well-known: attribute discard, the
# route stays.
aggregator_bad_flags_discard()
{
	up aggr_flags -u "$(body $ORIGIN $ASPATH $NH $LP 4007080000fde80a00010a)" &&
		delta 1 1 0
}

# RFC 7606 3 (g): a second ORIGIN is discarded, the route stays.
duplicate_attribute_discard()
{
	up duplicate -u "$(body $ORIGIN 40010102 $ASPATH $NH $LP)" &&
		delta 1 1 0
}

# RFC 7606 7.11: MP_REACH_NLRI whose next hop overruns it: session reset
# (Optional Attribute Error).
mp_reach_malformed_reset()
{
	reset mp_reach 3/9 "" \
		-u "$(NLRI_OVERRIDE='' body $ORIGIN $ASPATH $LP 800e0600020110fd00)" &&
		last_error "BGP Error: Optional attribute error"
}

# Over the IPv6 mesh session, where IPv6 unicast is negotiated: iBGP
# UPDATEs for 2001:db8:1::/48 and 2001:db8:2::/48 via fd00::10.
MP_NH=fd000000000000000000000000000010
P1=3020010db80001
P2=3020010db80002
# mp_reach FLAGS NLRI...: MP_REACH_NLRI with these flags and prefixes.
mp_reach()
{
	local flags=$1 v

	shift
	v=$(printf %s 000201 10 $MP_NH 00 "$@")
	printf '%s0e%02x%s' "$flags" $((${#v} / 2)) "$v"
}

# six FUNC: FUNC over the IPv6 session.
six()
{
	local ret

	peer=$PEER6 n1=fd00::1
	"$1"
	ret=$?
	peer=$PEER n1=10.0.1.1
	return $ret
}

# rib_is PREFIX...: n1's RIB holds exactly these prefixes from inj.
rib_is()
{
	local want

	want=$(printf '"%s",' "$@")
	echo "$DPUBGPCTL -s $tmp/n1.sock rib -o json | jq -e '[.[] | select(any(.paths[]; .from == \"$peer\")) | .prefix] | sort == ([${want%,}] | sort)' > /dev/null"
}

# RFC 7606 3 (c): MP_REACH_NLRI with wrong flags (optional transitive) is
# treat-as-withdraw, not a reset (RFC 4760 says nothing of flags): its
# prefix goes, the one the UPDATE before announced stays.
mp_reach_flags()
{
	EXTRA_CHECK=$(rib_is 2001:db8:2::/48) \
	up mp_reach_flags \
		-u "$(NLRI_OVERRIDE='' body $ORIGIN $ASPATH $LP "$(mp_reach 80 $P1 $P2)")" \
		-u "$(NLRI_OVERRIDE='' body $ORIGIN $ASPATH $LP "$(mp_reach c0 $P1)")" &&
		delta 2 2 1
}

mp_reach_flags_withdraw()
{
	six mp_reach_flags
}

# The same for MP_UNREACH_NLRI flagged transitive: its prefix is withdrawn.
mp_unreach_flags()
{
	EXTRA_CHECK=$(rib_is 2001:db8:2::/48) \
	up mp_unreach_flags \
		-u "$(NLRI_OVERRIDE='' body $ORIGIN $ASPATH $LP "$(mp_reach 80 $P1 $P2)")" \
		-u "$(NLRI_OVERRIDE='' body c00f0a000201$P1)" &&
		delta 2 2 1
}

mp_unreach_flags_withdraw()
{
	six mp_unreach_flags
}

# RFC 7606 5.2: MP_REACH_NLRI with wrong flags and no prefix, nothing else
# reachable: treat-as-withdraw has nothing to work on, so the session
# resets with the flags error (3/4, the attribute as data).
mp_reach_no_nlri()
{
	local attr

	attr=$(mp_reach c0)
	reset mp_no_nlri 3/4 "$attr" \
		-u "$(NLRI_OVERRIDE='' body $ORIGIN $ASPATH $LP "$attr")" &&
		last_error "BGP Error: Invalid attribute flags"
}

mp_reach_flags_no_nlri_reset()
{
	six mp_reach_no_nlri
}

# RFC 7606 3 (g): MP_UNREACH_NLRI twice: Malformed Attribute List.
mp_duplicate_reset()
{
	reset mp_dup 3/1 "" \
		-u "$(NLRI_OVERRIDE='' body 800f03000201 800f03000201)" &&
		last_error "BGP Error: Malformed attribute list"
}

# RFC 7606 5.3: the NLRI field ends inside a prefix: Invalid Network Field.
nlri_truncated_reset()
{
	reset nlri 3/10 "" \
		-u "$(NLRI_OVERRIDE=18c633 body $ORIGIN $ASPATH $NH $LP)" &&
		last_error "BGP Error: Invalid network field"
}

MARKER=ffffffffffffffffffffffffffffffff

# RFC 4271 6.1: a KEEPALIVE of length 20; the data is the length field.
bad_message_length()
{
	reset badlen 1/2 0014 -m "${MARKER}00140400" &&
		last_error "BGP Error: Bad message length"
}

# RFC 4271 6.1: the marker's last octet not all ones.
bad_marker()
{
	reset marker 1/1 "" -m "${MARKER%ff}fe001304" &&
		last_error "BGP Error: Connection not synchronized"
}

# RFC 4271 6.2: AS 65099 where the mesh has 64511; data empty.
open_bad_peer_as()
{
	reset open_as 2/2 "" -A 65099 &&
		last_error "BGP Error: Bad peer AS"
}

# RFC 4271 6.2: the data is the largest version supported, 4.
open_version_5()
{
	reset open_version 2/1 0004 -V 5 &&
		last_error "BGP Error: Unsupported version number"
}

open_hold_1()
{
	reset open_hold1 2/6 "" -H 1 &&
		last_error "BGP Error: Unacceptable hold time"
}

open_hold_2()
{
	reset open_hold2 2/6 "" -H 2 &&
		last_error "BGP Error: Unacceptable hold time"
}

# RFC 5492 3: a capability the speaker does not know is ignored.
open_unknown_capability()
{
	up capa -C fe03010203 -u "$(body $ORIGIN $ASPATH $NH $LP)" &&
		delta 1 1 0
}

# RFC 5492 3 / RFC 4760 8: an OPEN without capabilities is IPv4 unicast
# with two-octet ASes, which is all an IPv4 mesh session requires.
open_no_capabilities()
{
	up nocapa -N -u "$(body $ORIGIN $ASPATH $NH $LP)" && delta 1 1 0
}

# The capability TLVs of 2/7's data (RFC 5492 5): multiprotocol IPv4 and
# IPv6 unicast.
MP4=010400010001
MP6=010400020001

# info PEER TEXT: the Info column of dpubgpctl status for PEER ends in
# TEXT.
info()
{
	local line

	line=$(ip netns exec "${ns[n1]}" "$DPUBGPCTL" -s "$tmp/n1.sock" status |
		awk -F ' *[|] *' -v a="$1" '$2 == a { print $6 }')
	ktap_print_msg "status Info: $line"
	[[ "$line" == *"$2" ]]
}

# unsupported NAME PEER N1 DATA ARG...: over PEER's session, the OPEN
# built from ARG is refused with 2/7 and DATA, as status Info shows.
unsupported()
{
	local name=$1 data=$4

	peer=$2 n1=$3
	shift 4
	reset "$name" 2/7 "$data" "$@" &&
		last_error "BGP Error: Unsupported capability" &&
		info "$peer" "BGP Error: Unsupported capability"
	local ret=$?
	peer=$PEER n1=10.0.1.1
	return $ret
}

# RFC 4760 8 and 5492 5: no capabilities means IPv4 unicast only, useless
# on the IPv6 mesh session.
open_ipv6_no_capabilities()
{
	unsupported capa6_none $PEER6 fd00::1 $MP6 -N
}

# The same with IPv4 unicast offered explicitly.
open_ipv6_ipv4_only()
{
	unsupported capa6_v4 $PEER6 fd00::1 $MP6 -N -C $MP4
}

# The IPv4 mesh session when the OPEN offers IPv6 unicast alone.
open_mesh_ipv4_missing()
{
	unsupported capa4_v6 $PEER 10.0.1.1 $MP4 -N -C $MP6
}

# RFC 7606 (every malformation is logged): the treat-as-withdraw above.
treat_as_withdraw_logged()
{
	grep -E "treat-as-withdraw.*ORIGIN" "$tmp/n1.log" | ktap_print_lines |
		head -n 3
	grep -qE "treat-as-withdraw.*ORIGIN" "$tmp/n1.log"
}

# dpubgpd exits 0 on SIGTERM: no sanitizer report, no leak.
clean_exit()
{
	kill -TERM "${pid[n1]}" && wait "${pid[n1]}" || return 1
	pid[n1]=
	! grep "Sanitizer" "$tmp/n1.log"
}

log()
{
	ktap_print_msg "dpubgpd's log:"
	tail -n 10 "$tmp/n1.log" | ktap_print_lines "  "
}

main()
{
	require_root
	require_cmd jq "$DPUBGPD" "$BGP_INJECT"
	plan_and_setup "start dpubgpd in a namespace"
	run_all_tests log
}

main "$@"
