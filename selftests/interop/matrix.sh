#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The interop matrix: dpubgpd against each real speaker (FRR, BIRD 2,
# GoBGP, OpenBGPD, ExaBGP), as eBGP and as iBGP, over IPv4 and over IPv6
# transport, one after the other in one topology. Each speaker is driven
# through its adapter, speaker/NAME.sh (the contract: speaker/README),
# and checked with its own CLI. Per combination: the session Established
# on both sides; the speaker's IPv4 and IPv6 routes in dpubgpd's RIB with
# their attributes; the source's routes in the speaker's RIB with our AS
# prepended toward eBGP only, next hop self, communities intact; the
# speaker's withdrawal reaching dpubgpd and the source's the speaker.
# Once per speaker (eBGP over IPv4): a restart of the speaker survived,
# a frozen speaker (SIGSTOP) dropped by the hold timer, its routes
# withdrawn, back when it thaws; and a ROUTE-REFRESH from the source
# (FRR's soft inbound reset) answered with the speaker's routes again.
#
#   +----------------+        +--------------------+        +-------------------+
#   | ns spk         |        | ns dut             |        | ns src            |
#   | the speaker    |  veth  | dpubgpd AS 64511   |  veth  | FRR bgpd AS 65100 |
#   | AS 65001/64511 +--------+ node 10.1.0.1      +--------+ the route source  |
#   | 10.1.0.2       |        | 10.1.0.1  10.2.0.1 |        | 10.2.0.2          |
#   | fd01::2        |        | fd01::1   fd02::1  |        | fd02::2           |
#   +----------------+        +--------------------+        +-------------------+
#
# The speaker, a global peer of dpubgpd, originates 198.51.100.0/24 and
# 2001:db8:51::/48 (MED 42, community 64999:42) on one session. The
# source, another global peer (eBGP, one session per family), originates
# 192.0.2.0/24 and 2001:db8:52::/48 with AS_PATH 65100 65101, MED 7 and
# communities 65100:1 65100:2, for dpubgpd to pass on to the speaker.
# BGP on port 179.
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), FRR_BGPD (default: /usr/lib/frr/bgpd), VTYSH (default:
# vtysh), SPEAKERS (default: "frr bird gobgp openbgpd exabgp").

source "$(dirname "$0")/lib.sh"

SPEAKERS=${SPEAKERS:-frr bird gobgp openbgpd exabgp}
DEADLINE=20
# The speakers' hold time (README), and the slack on detecting it (the
# polling, a loaded machine).
HOLD=6
HOLD_SLACK=4

DUT_AS=64511
SRC_AS=65100
EBGP_AS=65001
DUT4=10.1.0.1
DUT6=fd01::1
SPK4=10.1.0.2
SPK6=fd01::2
SRC4=10.2.0.2
SRC6=fd02::2

# The cases of one combination; restart and hold_timer once per speaker.
COMBO_CASES="established routes_in routes_out withdraw_in withdraw_out"
ONCE_CASES="restart hold_timer route_refresh"

# link NS1 IF1 ADDR1 NS2 IF2 ADDR2: a veth pair between ns[NS1] and
# ns[NS2], /24 and /64 from the addresses' v4 and v6 halves ("A4 A6").
link()
{
	local ns1=${ns[$1]} ns2=${ns[$4]} a1 a2

	read -ra a1 <<< "$3"
	read -ra a2 <<< "$6"

	ip -n "$ns1" link add "$2" type veth peer name "$5" netns "$ns2" ||
		return 1
	ip -n "$ns1" addr add "${a1[0]}/24" dev "$2"
	ip -n "$ns1" addr add "${a1[1]}/64" dev "$2" nodad
	ip -n "$ns2" addr add "${a2[0]}/24" dev "$5"
	ip -n "$ns2" addr add "${a2[1]}/64" dev "$5" nodad
	ip -n "$ns1" link set "$2" up
	ip -n "$ns2" link set "$5" up
}

# document [SPEAKER_IP SPEAKER_AS]: dpubgpd's datastore, to stdout.
document()
{
	cat <<-EOD
	nodes:
	  dut: {ipv4: $DUT4, ipv6: "$DUT6", as: $DUT_AS}
	peers:
	  - {ip: $SRC4, as: $SRC_AS}
	  - {ip: "$SRC6", as: $SRC_AS}
	EOD
	[ -z "$1" ] || echo "  - {ip: \"$1\", as: $2}"
}

setup()
{
	ns_create dut spk src || return 1
	# shellcheck disable=SC2034 # for the adapters (speaker/README)
	NS_SPK=${ns[spk]}
	link spk eth0 "$SPK4 $SPK6" dut eth0 "$DUT4 $DUT6" &&
		link src eth0 "$SRC4 $SRC6" dut eth1 "10.2.0.1 fd02::1" ||
		return 1
	ip -n "${ns[src]}" route add default via 10.2.0.1
	ip -n "${ns[src]}" route add default via fd02::1
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	mkdir "$tmp/src"
	document > "$tmp/dpubgp.yaml"
	# dpubgpd's node address is not on the source's link.
	cat > "$tmp/src/bgpd.conf" <<-EOC
	frr defaults traditional
	hostname src
	log file $tmp/src/frr.log
	router bgp $SRC_AS
	 bgp router-id $SRC4
	 no bgp ebgp-requires-policy
	 no bgp network import-check
	 neighbor $DUT4 remote-as $DUT_AS
	 neighbor $DUT4 disable-connected-check
	 neighbor $DUT4 timers connect 1
	 neighbor $DUT6 remote-as $DUT_AS
	 neighbor $DUT6 disable-connected-check
	 neighbor $DUT6 timers connect 1
	 address-family ipv4 unicast
	  no neighbor $DUT6 activate
	 exit-address-family
	 address-family ipv6 unicast
	  neighbor $DUT6 activate
	 exit-address-family
	route-map SOURCE permit 10
	 set as-path prepend 65101
	 set metric 7
	 set community 65100:1 65100:2
	EOC
}

# source_networks [no]: the source announces (or withdraws) its routes.
source_networks()
{
	local rm=SOURCE

	[ -z "$1" ] || rm=
	frr_networks "${ns[src]}" "$tmp/src" $SRC_AS "$1" 192.0.2.0/24 \
		2001:db8:52::/48 $rm
}

# rib_path PREFIX FROM: the path of PREFIX learned from FROM in dpubgpd's
# RIB, as [as_path, med, communities, next_hop] (compact JSON).
rib_path()
{
	ctl dut rib -o json 2>/dev/null |
		jq -c --arg p "$1" --arg f "$2" '.[] | select(.prefix == $p) |
			.paths[] | select(.from == $f) |
			[.as_path, .med, .communities, .next_hop]'
}

source_routes_in()
{
	[ -n "$(rib_path 192.0.2.0/24 $SRC4)" ] &&
		[ -n "$(rib_path 2001:db8:52::/48 $SRC6)" ]
}

# The combination under way: speaker $S, $T (ebgp or ibgp) over $F (v4
# or v6): the speaker's session address $SPK_IP and AS $SPK_AS, ours
# $DUT_IP. $COMBO names it, $RUNNING is the speaker started last.
COMBO=
RUNNING=
DIR=
declare -A unavailable

# speaker_ready NAME: the adapter is there and the speaker installed;
# else the reason in $SKIP_REASON.
speaker_ready()
{
	local adapter=$here/speaker/$1.sh reason

	if [ -z "${unavailable[$1]+set}" ]; then
		# shellcheck source=/dev/null # speaker/NAME.sh, checked alone
		if [ ! -f "$adapter" ]; then
			reason="no adapter speaker/$1.sh"
		elif source "$adapter" && reason=$("$1"_available); then
			reason=
		else
			reason=${reason:-$1 not available}
		fi
		unavailable[$1]=$reason
	fi
	SKIP_REASON=${unavailable[$1]}
	[ -z "$SKIP_REASON" ]
}

stop_running()
{
	[ -z "$RUNNING" ] || "$RUNNING"_stop
	RUNNING=
}

# combo_begin: the speaker of $S $T $F started, dpubgpd configured for
# it, the source's routes in dpubgpd.
combo_begin()
{
	stop_running
	SPK_AS=$EBGP_AS
	[ "$T" = ibgp ] && SPK_AS=$DUT_AS
	SPK_IP=$SPK4 DUT_IP=$DUT4
	[ "$F" = v6 ] && SPK_IP=$SPK6 DUT_IP=$DUT6
	document "$SPK_IP" "$SPK_AS" > "$tmp/dpubgp.yaml"
	kill -HUP "${pid[dut]}"
	source_networks
	DIR=$tmp/$COMBO
	mkdir -p "$DIR"
	slowwait $DEADLINE source_routes_in || { ktap_print_msg "no source routes"; return 1; }
	"$S"_start "$SPK_AS" "$DUT_IP" "$DUT_AS" || return 1
	RUNNING=$S
}

# both_families GET WANT P4 NH4 P6 NH6: "GET P4" prints what "WANT NH4"
# does, and "GET P6" what "WANT NH6" does.
both_families()
{
	[ "$($1 "$3")" = "$($2 "$4")" ] && [ "$($1 "$5")" = "$($2 "$6")" ]
}

speaker_rib_path()
{
	rib_path "$1" "$SPK_IP"
}

# The speaker's routes as dpubgpd should hold them: AS_PATH with its AS
# over eBGP, empty over iBGP; MED, community, next hop as sent.
in_want()
{
	local path="[$EBGP_AS]"

	[ "$T" = ibgp ] && path="[]"
	echo "[$path,42,[\"64999:42\"],\"$1\"]"
}

# routes_in [WANT]: the speaker's routes in dpubgpd's RIB are as WANT
# says; without WANT, there are none.
routes_in()
{
	both_families speaker_rib_path "${1:-true}" 198.51.100.0/24 $SPK4 \
		2001:db8:51::/48 $SPK6
}

# The source's routes as the speaker should hold them: our AS prepended
# and no MED toward eBGP (RFC 4271 5.1.4), AS_PATH and MED as received
# toward iBGP; next hop self (our node address of the route's family);
# the communities intact.
out_want()
{
	local path=65100,65101 med=

	[ "$T" = ibgp ] && med=7 || path=$DUT_AS,$path
	echo "aspath=$path nexthop=$1 med=$med communities=65100:1,65100:2"
}

# routes_out [WANT]: the same for the source's routes in the speaker.
routes_out()
{
	both_families "$S"_route "${1:-true}" 192.0.2.0/24 $DUT4 \
		2001:db8:52::/48 $DUT6
}

both_up()
{
	peer_up dut "$SPK_IP" && "$S"_established
}

down_and_gone()
{
	! peer_up dut "$SPK_IP" && routes_in
}

back_up()
{
	both_up && routes_in in_want && routes_out out_want
}

# case_diag: what dpubgpd and the speaker hold, for a failed case.
case_diag()
{
	ktap_print_msg "dpubgpd's peer $SPK_IP: $(peer dut "$SPK_IP" fsm)" \
		"$(peer dut "$SPK_IP" error)"
	ctl dut rib 2>/dev/null | ktap_print_lines "rib: "
	[ -z "$RUNNING" ] || ktap_print_msg "$S: 192.0.2.0/24 $("$S"_route 192.0.2.0/24);" \
		"2001:db8:52::/48 $("$S"_route 2001:db8:52::/48)"
	tail -n 10 "$tmp/dut.log" | ktap_print_lines "dut: "
	[ -z "$DIR" ] || tail -n 5 "$DIR"/*.log "$DIR"/*.out 2>/dev/null |
		ktap_print_lines "$S: "
}

case_established()
{
	combo_begin && slowwait $DEADLINE both_up
}

case_routes_in()
{
	slowwait $DEADLINE routes_in in_want
}

case_routes_out()
{
	slowwait $DEADLINE routes_out out_want || return 1
	ktap_print_msg "$S: 192.0.2.0/24 $("$S"_route 192.0.2.0/24)"
	ktap_print_msg "$S: 2001:db8:52::/48 $("$S"_route 2001:db8:52::/48)"
}

# A withdrawal is seen only where the routes were.
case_withdraw_in()
{
	routes_in in_want && "$S"_withdraw &&
		slowwait $DEADLINE routes_in && peer_up dut "$SPK_IP"
}

case_withdraw_out()
{
	routes_out out_want && source_networks no &&
		slowwait $DEADLINE routes_out && "$S"_established
}

case_restart()
{
	local t0

	"$S"_stop
	RUNNING=
	slowwait $DEADLINE down_and_gone || return 1
	"$S"_start "$SPK_AS" "$DUT_IP" "$DUT_AS" || return 1
	RUNNING=$S
	t0=$SECONDS
	slowwait $DEADLINE back_up || return 1
	ktap_print_msg "$S restarted: Established, routes both ways in $((SECONDS - t0)) s"
}

# The source's ROUTE-REFRESH counted, and what it is sent sent again.
refreshed()
{
	[ "$(peer dut "$SRC4" msgs_in.route_refresh)" -gt "$1" ] &&
		[ "$(peer dut "$SRC4" prefixes_advertised)" -gt "$2" ]
}

case_route_refresh()
{
	local rr adv

	rr=$(peer dut "$SRC4" msgs_in.route_refresh)
	adv=$(peer dut "$SRC4" prefixes_advertised)
	[ -n "$rr" ] && [ -n "$adv" ] || return 1
	vtysh_at "${ns[src]}" "$tmp/src" \
		-c "clear bgp ipv4 unicast $DUT4 soft in" > /dev/null || return 1
	slowwait $DEADLINE refreshed "$rr" "$adv" || return 1
	ktap_print_msg "route-refresh answered: advertised to the source $adv -> $(peer dut "$SRC4" prefixes_advertised)"
}

case_hold_timer()
{
	local t0=$SECONDS dropped error

	kill -STOP "${pid[$S]}" || return 1
	slowwait $((HOLD + HOLD_SLACK)) down_and_gone
	dropped=$?
	# Read before the thaw: Established again clears it.
	error=$(peer dut "$SPK_IP" error)
	kill -CONT "${pid[$S]}"
	ktap_print_msg "$S frozen: dropped after $((SECONDS - t0)) s: $error"
	[ $dropped = 0 ] && [[ "$error" == *"Hold timer expired"* ]] &&
		slowwait $DEADLINE back_up
}

# run_case NAME: NAME is SPEAKER_TYPE_FAMILY_CASE.
run_case()
{
	local c

	if declare -F "$1" > /dev/null; then
		"$1"
		return
	fi
	IFS=_ read -r S T F c <<< "$1"
	speaker_ready "$S" || return "$KSFT_SKIP"
	COMBO=${S}_${T}_$F
	"case_$c"
}

clean_exit()
{
	stop_running
	stop_nodes dut
}

main()
{
	local s t f c cases

	require_root
	# FRR's bgpd is the route source.
	require_cmd "$FRR_BGPD" jq "$DPUBGPD"
	ALL_TESTS=
	for s in $SPEAKERS; do
		for t in ebgp ibgp; do
			for f in v4 v6; do
				cases=$COMBO_CASES
				[ $t$f = ebgpv4 ] &&
					cases=${cases/routes_out/routes_out $ONCE_CASES}
				for c in $cases; do
					ALL_TESTS+=" ${s}_${t}_${f}_$c"
				done
			done
		done
	done
	ALL_TESTS+=" clean_exit"
	plan_and_setup
	start_node dut
	frr_run src "${ns[src]}" "$tmp/src" 179
	# SIGHUP before dpubgpd handles it would end it.
	slowwait 10 test -S "$tmp/dut.sock" ||
		ktap_exit_fail_msg "dpubgpd did not start"
	run_all_tests case_diag run_case
}

main "$@"
