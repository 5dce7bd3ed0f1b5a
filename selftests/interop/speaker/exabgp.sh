# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# ExaBGP 4.2 (Debian's exabgp: exabgp and exabgpcli) as a speaker of the
# interop matrix; the contract is in README. Sourced: the defaults below
# and functions, the helpers named exabgp_* too.
#
# exabgp runs as one process, as root (it would drop to nobody, who cannot
# open the CLI's pipes, root's and 0600), logging to $DIR/exabgp.log. --root $DIR is
# where it and exabgpcli look for the CLI's named pipes, $DIR/run/; the
# pipes' name is made from $DIR so that pipes of another instance in
# /run (searched first) are never taken for ours. The two routes are the
# neighbor's static routes; exabgpcli withdraws them. The neighbor keeps
# an Adj-RIB-In (adj-rib-in true): "show adj-rib in extensive" is how its
# CLI shows what dpubgpd sent.
#
# ExaBGP's own connection retries back off up to 60 s, beyond the
# contract's 5 s: it also listens on port 179 (tcp.bind), so that
# dpubgpd's retries, every 5 s, bring the session back as well.
#
# Environment: EXABGP (default /usr/sbin/exabgp), EXABGPCLI (default
# /usr/sbin/exabgpcli).

EXABGP=${EXABGP:-/usr/sbin/exabgp}
EXABGPCLI=${EXABGPCLI:-/usr/sbin/exabgpcli}

exabgp_available()
{
	local bin

	for bin in "$EXABGP" "$EXABGPCLI"; do
		[ -x "$bin" ] ||
			{ echo "no $bin: apt-get install exabgp"; return 1; }
	done
}

exabgp_pipename()
{
	echo "exabgp-$(printf %s "$DIR" | cksum | cut -d' ' -f1)"
}

exabgp_cli()
{
	ip netns exec "$NS_SPK" env exabgp.api.pipename="$(exabgp_pipename)" \
		"$EXABGPCLI" --root "$DIR" "$@"
}

# exabgp_route_line PREFIX NEXTHOP MED STD EXT LARGE (originations): its
# "route" statement, without the semicolon.
exabgp_route_line()
{
	local c ext=''

	for c in $5; do ext+=" target:$c"; done
	echo "route $1 next-hop $2${3:+ med $3}${4:+ community [ $4 ]}${ext:+ extended-community [$ext ]}${6:+ large-community [ $6 ]}"
}

exabgp_static()
{
	echo "		$(exabgp_route_line "$@");"
}

# exabgp_conf LOCAL_AS PEER_IP PEER_AS: $DIR/exabgp.conf.
exabgp_conf()
{
	local local_addr=$SPK4

	[ "${2#*:}" = "$2" ] || local_addr=$SPK6
	cat > "$DIR/exabgp.conf" <<-EOC
	neighbor $2 {
		router-id $SPK4;
		local-address $local_addr;
		local-as $1;
		peer-as $3;
		hold-time 6;
		adj-rib-in true;
		family {
			ipv4 unicast;
			ipv6 unicast;
		}
		static {
	$(originations exabgp_static)
		}
	}
	EOC
}

exabgp_start()
{
	local pipe end

	exabgp_conf "$@"
	pipe=$DIR/run/$(exabgp_pipename)
	mkdir -p "$DIR/run"
	for end in in out; do
		[ -p "$pipe.$end" ] || mkfifo -m 600 "$pipe.$end" || return 1
	done
	ip netns exec "$NS_SPK" env \
		exabgp.daemon.user=root \
		exabgp.api.cli=true \
		exabgp.api.pipename="$(exabgp_pipename)" \
		exabgp.tcp.bind="$SPK4 $SPK6" \
		exabgp.log.destination=stderr \
		"$EXABGP" --root "$DIR" "$DIR/exabgp.conf" \
		>> "$DIR/exabgp.log" 2>&1 &
	# shellcheck disable=SC2154 # pid[] is associative (../../lib.sh)
	pid[exabgp]=$!
}

exabgp_established()
{
	exabgp_cli show neighbor summary 2>/dev/null |
		awk '$4 == "established" { up = 1 } END { exit !up }'
}

# "show adj-rib in extensive" prints a line a route, e.g.
#   neighbor 10.0.1.1 local-ip 10.0.1.20 ... family-allowed in-open ipv4
#   unicast 192.0.2.0/24 next-hop 10.0.1.1 origin igp as-path [ 64511
#   65010 ] med 50 community [ 65010:100 65010:200 ]
# (a list of one without its brackets).
exabgp_route()
{
	exabgp_cli show adj-rib in extensive 2>/dev/null | awk -v p="$1" '
		# list(i): the list (or single value) at field i, in a[1..n].
		function list(i,    n) {
			if ($i != "[") {
				a[1] = $i
				return 1
			}
			for (i++; i <= NF && $i != "]"; i++)
				a[++n] = $i
			return n
		}
		# joined(n): a[1..n] sorted (insertion sort), comma-separated.
		function joined(n, sort,    i, j, v, s) {
			for (i = 2; sort && i <= n; i++) {
				v = a[i]
				for (j = i - 1; j > 0 && a[j] > v; j--)
					a[j + 1] = a[j]
				a[j + 1] = v
			}
			for (i = 1; i <= n; i++)
				s = s (i > 1 ? "," : "") a[i]
			return s
		}
		{
			for (i = 1; i <= NF && $i != p; i++)
				;
			if (i > NF)
				next
			for (; i <= NF; i++) {
				if ($i == "next-hop")
					nh = $(i + 1)
				else if ($i == "med")
					med = $(i + 1)
				else if ($i == "as-path")
					path = joined(list(i + 1), 0)
				else if ($i == "community")
					comms = joined(list(i + 1), 1)
			}
			printf "aspath=%s nexthop=%s med=%s communities=%s\n",
				path, nh, med, comms
			exit
		}'
}

exabgp_withdraw_one()
{
	exabgp_cli withdraw route "$1" next-hop "$2" > /dev/null
}

exabgp_withdraw()
{
	originations exabgp_withdraw_one
}

exabgp_stop()
{
	kill -TERM "${pid[exabgp]}" && wait "${pid[exabgp]}"
	pid[exabgp]=
}
