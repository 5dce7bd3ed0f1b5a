#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The session layer against FRR's bgpd, eBGP over IPv4 and over IPv6 on
# one veth pair, both sides active on port 1179 (so their connections may
# collide), and FRR seeing a Cease when bgp_peer exits on SIGTERM.
#
#   +--------------------------+        +--------------------------+
#   | ns dpu                   |        | ns frr                   |
#   |  bgp_peer, AS 65001      |        |  FRR bgpd, AS 65002      |
#   |  id 10.0.0.1             |        |  id 10.0.0.2             |
#   |         veth0 -----------+--------+---- veth1                |
#   |  10.0.0.1/24 fd00::1/64  |        |  10.0.0.2/24 fd00::2/64  |
#   +--------------------------+        +--------------------------+
#
# Environment: BGP_PEER (default: bgp_peer next to this script),
# FRR_BGPD (default: /usr/lib/frr/bgpd), VTYSH (default: vtysh).

source "$(dirname "$0")/lib.sh"

BGP_PEER=${BGP_PEER:-$here/bgp_peer}
DEADLINE=20
ALL_TESTS="ipv4_established ipv6_established cease_on_exit"

setup()
{
	ns_create dpu frr || return 1
	ip -n "${ns[dpu]}" link add veth0 type veth peer name veth1 \
		netns "${ns[frr]}" || return 1
	ip -n "${ns[dpu]}" addr add 10.0.0.1/24 dev veth0
	ip -n "${ns[dpu]}" addr add fd00::1/64 dev veth0 nodad
	ip -n "${ns[frr]}" addr add 10.0.0.2/24 dev veth1
	ip -n "${ns[frr]}" addr add fd00::2/64 dev veth1 nodad
	ip -n "${ns[dpu]}" link set veth0 up
	ip -n "${ns[frr]}" link set veth1 up
	tmp=$(mktemp -d)
	chmod 755 "$tmp"
	cat > "$tmp/bgpd.conf" <<-EOC
	frr defaults traditional
	hostname ${ns[frr]}
	log file $tmp/frr.log
	router bgp 65002
	 bgp router-id 10.0.0.2
	 no bgp ebgp-requires-policy
	 timers bgp 3 9
	 neighbor 10.0.0.1 remote-as 65001
	 neighbor 10.0.0.1 port $PORT
	 neighbor 10.0.0.1 timers connect 1
	 neighbor fd00::1 remote-as 65001
	 neighbor fd00::1 port $PORT
	 neighbor fd00::1 timers connect 1
	 address-family ipv6 unicast
	  neighbor fd00::1 activate
	 exit-address-family
	EOC
}

start_peer()
{
	local common="as=65002,local-as=65001,id=10.0.0.1,port=$PORT,retry=1"

	ip netns exec "${ns[dpu]}" "$BGP_PEER" -l debug -p "$PORT" \
		-L 10.0.0.1 -L fd00::1 \
		"peer=10.0.0.2,local=10.0.0.1,$common,ipv4" \
		"peer=fd00::2,local=fd00::1,$common,ipv6" \
		> "$tmp/peer.out" 2> "$tmp/peer.log" &
	pid[peer]=$!
}

frr_established()
{
	[ "$(frr_neighbor "$1" bgpState)" = Established ]
}

# Our side's last line about a peer is "ADDR Established".
peer_established()
{
	[ "$(grep "^$1 " "$tmp/peer.out" | tail -n 1)" = "$1 Established" ]
}

established()
{
	slowwait $DEADLINE frr_established "$1" &&
		slowwait 2 peer_established "$2" || return 1
	ktap_print_msg "FRR: $1 $(frr_neighbor "$1" bgpState)," \
		"hold $(frr_neighbor "$1" bgpTimerHoldTimeMsecs) ms," \
		"remote id $(frr_neighbor "$1" remoteRouterId)"
}

ipv4_established()
{
	established 10.0.0.1 10.0.0.2
}

ipv6_established()
{
	established fd00::1 fd00::2
}

frr_down_with_cease()
{
	local addr=$1 reason

	frr_established "$addr" && return 1
	reason=$(frr_neighbor "$addr" lastNotificationReason)
	case "$reason" in
	*"Cease/Administrative Shutdown"*) return 0 ;;
	esac
	return 1
}

cease_on_exit()
{
	kill -TERM "${pid[peer]}" || return 1
	wait "${pid[peer]}" || return 1
	pid[peer]=
	slowwait 5 frr_down_with_cease 10.0.0.1 &&
		slowwait 5 frr_down_with_cease fd00::1 || return 1
	ktap_print_msg "FRR: 10.0.0.1 $(frr_neighbor 10.0.0.1 bgpState):" \
		"$(frr_neighbor 10.0.0.1 lastNotificationReason)"
	ktap_print_msg "FRR: fd00::1 $(frr_neighbor fd00::1 bgpState):" \
		"$(frr_neighbor fd00::1 lastNotificationReason)"
}

logs()
{
	ktap_print_msg "FRR's log:"
	grep -hv zclient "$tmp/frr.log" "$tmp/frr.out" 2>/dev/null |
		tail -n 20 | ktap_print_lines "  "
	ktap_print_msg "bgp_peer's log:"
	tail -n 20 "$tmp/peer.log" | ktap_print_lines "  "
}

main()
{
	require_root
	require_cmd "$FRR_BGPD" "$VTYSH" jq "$BGP_PEER"
	plan_and_setup
	start_frr
	start_peer
	run_all_tests logs
}

main "$@"
