# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# BIRD 2 for matrix.sh (see README here): bird in the foreground, its
# control socket in $DIR, driven with birdc. The session is protocol
# "dut"; the routes it originates are the static protocols s4 and s6.
#
# Environment: BIRD (default: bird), BIRDC (default: birdc).

bird_available()
{
	local bin

	for bin in "${BIRD:-bird}" "${BIRDC:-birdc}"; do
		command -v "$bin" > /dev/null ||
			{ echo "no $bin: apt-get install bird2"; return 1; }
	done
}

bird_ctl()
{
	ip netns exec "$NS_SPK" "${BIRDC:-birdc}" -s "$DIR/bird.ctl" "$@" 2>/dev/null
}

# bird_origination PREFIX NEXTHOP MED STD EXT LARGE (originations): a
# static route, and its attributes set by the export filter.
bird_origination()
{
	local c

	if [[ $1 == *:* ]]; then
		bird_s6+="	route $1 blackhole;"$'\n'
	else
		bird_s4+="	route $1 blackhole;"$'\n'
	fi
	bird_tags+="	if net = $1 then {"$'\n'
	[ -z "$3" ] || bird_tags+="		bgp_med = $3;"$'\n'
	for c in $4; do
		bird_tags+="		bgp_community.add((${c//:/, }));"$'\n'
	done
	for c in $5; do
		bird_tags+="		bgp_ext_community.add((rt, ${c//:/, }));"$'\n'
	done
	for c in $6; do
		bird_tags+="		bgp_large_community.add((${c//:/, }));"$'\n'
	done
	bird_tags+="	}"$'\n'
}

# MED and community set on export: BIRD sends a MED to an eBGP peer only
# when the export filter set it. Next hop self, from our address of each
# family (a route of the other family than the session's needs one);
# next hops resolved on the link, iBGP too ("direct": there is no IGP).
# After an error (a hold timer that expired while frozen) BIRD waits
# "error wait time" before it connects or accepts again, 60 s by default.
bird_start()
{
	bird_s4='' bird_s6='' bird_tags=''
	originations bird_origination
	cat > "$DIR/bird.conf" <<-EOC
	log "$DIR/bird.log" all;
	router id $SPK4;
	protocol device {}
	protocol static s4 { ipv4;
	$bird_s4}
	protocol static s6 { ipv6;
	$bird_s6}
	filter tag_own {
	$bird_tags	accept;
	}
	protocol bgp dut {
		local as $1;
		neighbor $2 as $3;
		direct;
		hold time 6;
		keepalive time 2;
		connect retry time 2;
		error wait time 1, 5;
		ipv4 {
			import all; export filter tag_own;
			next hop self; next hop address $SPK4; gateway direct;
		};
		ipv6 {
			import all; export filter tag_own;
			next hop self; next hop address $SPK6; gateway direct;
		};
	}
	EOC
	ip netns exec "$NS_SPK" "${BIRD:-bird}" -f -c "$DIR/bird.conf" \
		-s "$DIR/bird.ctl" -P "$DIR/bird.pid" >> "$DIR/bird.out" 2>&1 &
	# shellcheck disable=SC2154 # pid[] is associative (../../lib.sh)
	pid[bird]=$!
}

bird_established()
{
	bird_ctl show protocols dut | grep -qE '^dut +BGP .* up .*Established'
}

# "show route ... all" lists the route's attributes as "BGP.NAME: VALUE".
bird_route()
{
	bird_ctl show route "$1" all protocol dut | awk '
		$1 == "BGP.as_path:" { $1 = ""; path = substr($0, 2); gsub(" ", ",", path); seen = 1 }
		$1 == "BGP.next_hop:" { nh = $2 }
		$1 == "BGP.med:" { med = $2 }
		$1 == "BGP.community:" { for (i = 2; i <= NF; i++) { c = $i; gsub(/[()]/, "", c); sub(",", ":", c); comm[n++] = c } }
		END {
			if (!seen)
				exit
			# Sorted as strings, as the README says.
			for (i = 0; i < n; i++)
				for (j = i + 1; j < n; j++)
					if (comm[j] < comm[i]) { t = comm[i]; comm[i] = comm[j]; comm[j] = t }
			for (i = 0; i < n; i++)
				list = list (i ? "," : "") comm[i]
			printf "aspath=%s nexthop=%s med=%s communities=%s\n", path, nh, med, list
		}'
}

bird_withdraw()
{
	bird_ctl disable s4 > /dev/null && bird_ctl disable s6 > /dev/null
}

bird_stop()
{
	bird_ctl down > /dev/null
	wait "${pid[bird]}"
	pid[bird]=
}
