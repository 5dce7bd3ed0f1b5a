# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# FRR's bgpd for matrix.sh (see README here): bgpd alone (-Z -S -n, no
# zebra), its vty socket in $DIR, driven with vtysh.

frr_available()
{
	[ -x "$FRR_BGPD" ] || { echo "no $FRR_BGPD: apt-get install frr"; return 1; }
	command -v "$VTYSH" > /dev/null || { echo "no vtysh: apt-get install frr"; return 1; }
}

frr_vtysh()
{
	vtysh_at "$NS_SPK" "$DIR" "$@"
}

# Without zebra bgpd knows no interface addresses: the next hops of its
# own routes are set explicitly, per family (a route of the other family
# than the session's would have none).
frr_start()
{
	frr_as=$1
	frr_peer=$2
	cat > "$DIR/bgpd.conf" <<-EOC
	frr defaults traditional
	hostname spk
	log file $DIR/frr.log
	router bgp $1
	 bgp router-id $SPK4
	 no bgp ebgp-requires-policy
	 no bgp network import-check
	 timers bgp 2 6
	 neighbor $2 remote-as $3
	 neighbor $2 timers connect 2
	 address-family ipv4 unicast
	  neighbor $2 activate
	  neighbor $2 route-map NH4 out
	  network 198.51.100.0/24 route-map ORIGINATE
	 exit-address-family
	 address-family ipv6 unicast
	  neighbor $2 activate
	  neighbor $2 route-map NH6 out
	  network 2001:db8:51::/48 route-map ORIGINATE
	 exit-address-family
	route-map ORIGINATE permit 10
	 set metric 42
	 set community 64999:42
	route-map NH4 permit 10
	 set ip next-hop $SPK4
	route-map NH6 permit 10
	 set ipv6 next-hop global $SPK6
	EOC
	frr_run frr "$NS_SPK" "$DIR" 179
}

frr_established()
{
	[ "$(frr_vtysh -c "show bgp neighbors $frr_peer json" 2>/dev/null |
		jq -r --arg n "$frr_peer" '.[$n].bgpState')" = Established ]
}

# The path from dpubgpd (FRR's own, if any, has peerId 0.0.0.0).
frr_route()
{
	local afi=ipv4

	[[ "$1" == *:* ]] && afi=ipv6
	frr_vtysh -c "show bgp $afi unicast $1 json" 2>/dev/null |
		jq -r --arg p "$frr_peer" '.paths[]? | select(.peer.peerId == $p) |
			"aspath=\(.aspath.segments // [] | map(.list[]) | map(tostring) | join(","))" +
			" nexthop=\(.nexthops[0].ip)" +
			" med=\(.metric // "")" +
			" communities=\(.community.list // [] | sort | join(","))"'
}

frr_withdraw()
{
	frr_networks "$NS_SPK" "$DIR" "$frr_as" no 198.51.100.0/24 \
		2001:db8:51::/48
}

frr_stop()
{
	kill "${pid[frr]}"
	wait "${pid[frr]}"
	pid[frr]=
}
