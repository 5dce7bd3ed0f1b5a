# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# GoBGP for matrix.sh (see README here): gobgpd from a TOML file in $DIR,
# its gRPC API on the speaker namespace's loopback, driven with gobgp.
#
# Environment: GOBGPD (default: gobgpd), GOBGP (default: gobgp).

gobgp_available()
{
	local bin

	for bin in "${GOBGPD:-gobgpd}" "${GOBGP:-gobgp}"; do
		command -v "$bin" > /dev/null ||
			{ echo "no $bin: apt-get install gobgpd"; return 1; }
	done
}

gobgp_cli()
{
	ip netns exec "$NS_SPK" "${GOBGP:-gobgp}" -u 127.0.0.1 -p 50051 "$@"
}

# gobgp_originate add|del: the two routes, next hop per family.
# gobgp_route_op add|del PREFIX NEXTHOP MED STD EXT LARGE: one route of
# originations into or out of the global RIB.
gobgp_route_op()
{
	local op=$1 af=ipv4 args=()

	[[ $2 == *:* ]] && af=ipv6
	if [ "$op" = add ]; then
		args=(nexthop "$3")
		[ -z "$4" ] || args+=(med "$4")
		[ -z "$5" ] || args+=(community "${5// /,}")
		# shellcheck disable=SC2206 # one word per route target
		[ -z "$6" ] || args+=(rt $6)
		[ -z "$7" ] || args+=(large-community "${7// /,}")
	fi
	gobgp_cli global rib "$op" -a $af "$2" "${args[@]}" > /dev/null
}

gobgp_originate()
{
	originations gobgp_route_op "$1"
}

gobgp_start()
{
	gobgp_peer=$2
	cat > "$DIR/gobgpd.toml" <<-EOC
	[global.config]
	  as = $1
	  router-id = "$SPK4"
	  port = 179
	[[neighbors]]
	  [neighbors.config]
	    neighbor-address = "$2"
	    peer-as = $3
	  [neighbors.timers.config]
	    hold-time = 6
	    keepalive-interval = 2
	    connect-retry = 2
	  [[neighbors.afi-safis]]
	    [neighbors.afi-safis.config]
	      afi-safi-name = "ipv4-unicast"
	  [[neighbors.afi-safis]]
	    [neighbors.afi-safis.config]
	      afi-safi-name = "ipv6-unicast"
	EOC
	ip netns exec "$NS_SPK" "${GOBGPD:-gobgpd}" -f "$DIR/gobgpd.toml" -t toml \
		--api-hosts 127.0.0.1:50051 --pprof-disable \
		>> "$DIR/gobgpd.log" 2>&1 &
	# shellcheck disable=SC2154 # pid[] is associative (../../lib.sh)
	pid[gobgp]=$!
	slowwait 10 eval 'gobgp_cli global > /dev/null 2>&1' &&
		gobgp_originate add
}

gobgp_established()
{
	[ "$(gobgp_cli neighbor "$gobgp_peer" -j 2>/dev/null |
		jq -r '.state.session_state')" = 6 ]
}

# Its Adj-RIB-In from dpubgpd, attributes by type code: AS_PATH 2,
# NEXT_HOP 3 or MP_REACH_NLRI 14, MED 4, COMMUNITIES 8 (as numbers).
gobgp_route()
{
	local afi=ipv4

	[[ "$1" == *:* ]] && afi=ipv6
	gobgp_cli neighbor "$gobgp_peer" adj-in "$1" -a $afi -j 2>/dev/null |
		jq -r '.[][]? | .attrs as $a | def attr(t): $a[] | select(.type == t);
			"aspath=\([attr(2) | .as_paths[].asns[] | tostring] | join(","))" +
			" nexthop=\([attr(3, 14) | .nexthop][0] // "")" +
			" med=\([attr(4) | .metric][0] // "")" +
			" communities=\([attr(8) | .communities[] |
				"\(. / 65536 | floor):\(. % 65536)"] | sort | join(","))"'
}

gobgp_withdraw()
{
	gobgp_originate del
}

gobgp_stop()
{
	kill "${pid[gobgp]}"
	wait "${pid[gobgp]}"
	pid[gobgp]=
}
