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

# frr_origination PREFIX NEXTHOP MED STD EXT LARGE (originations): a
# "network" line for its family and its route map, O<n>.
frr_origination()
{
	local map=O$((++frr_maps_n))

	if [[ $1 == *:* ]]; then
		frr_net6+="  network $1 route-map $map"$'\n'
	else
		frr_net4+="  network $1 route-map $map"$'\n'
	fi
	frr_maps+="route-map $map permit 10"$'\n'
	[ -z "$3" ] || frr_maps+=" set metric $3"$'\n'
	[ -z "$4" ] || frr_maps+=" set community $4"$'\n'
	[ -z "$5" ] || frr_maps+=" set extcommunity rt $5"$'\n'
	[ -z "$6" ] || frr_maps+=" set large-community $6"$'\n'
}

# Without zebra bgpd knows no interface addresses: the next hops of its
# own routes are set explicitly, per family (a route of the other family
# than the session's would have none).
frr_start()
{
	frr_as=$1
	frr_peer=$2
	frr_net4='' frr_net6='' frr_maps='' frr_maps_n=0
	originations frr_origination
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
	${frr_net4} exit-address-family
	 address-family ipv6 unicast
	  neighbor $2 activate
	  neighbor $2 route-map NH6 out
	${frr_net6} exit-address-family
	${frr_maps}route-map NH4 permit 10
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

frr_no_network()
{
	local af=ipv4

	[[ $1 == *:* ]] && af=ipv6
	frr_vtysh -c "configure terminal" -c "router bgp $frr_as" \
		-c "address-family $af unicast" -c "no network $1" > /dev/null
}

frr_withdraw()
{
	originations frr_no_network
}

frr_stop()
{
	kill "${pid[frr]}"
	wait "${pid[frr]}"
	pid[frr]=
}
