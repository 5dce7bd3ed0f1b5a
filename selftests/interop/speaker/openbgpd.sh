# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# OpenBGPD (Debian's openbgpd: bgpd and bgpctl) as a speaker of the
# interop matrix; the contract is in README. Sourced: the defaults below
# and functions, the helpers named openbgpd_* too.
#
# bgpd runs in the foreground (-d), logging to $DIR/bgpd.log, with its
# control socket in $DIR (the configuration's "socket"; bgpctl -s). Its
# session and route engines drop privileges to _openbgpd and chroot into
# that user's home, /run/openbgpd, which systemd would create
# (RuntimeDirectory): without systemd we make it. fib-update no: the
# kernel's tables of $NS_SPK are not its business here.
#
# The two networks come from the configuration; withdrawing them is a
# configuration without them and "bgpctl reload", as an operator does.
#
# bgpd is a parent process and its engines, each a process it re-executes
# (bgpd -S the session engine, -R the route engine, -T RTR). pid[openbgpd]
# is the session engine's: the process that holds the session, so that a
# SIGSTOP to it freezes the session (the parent only supervises); a
# SIGTERM to it ends them all (the parent follows its engine).
# openbgpd_parent is the parent's pid, our child.
#
# Environment: OPENBGPD (default /usr/sbin/bgpd), BGPCTL (default
# /usr/sbin/bgpctl).

OPENBGPD=${OPENBGPD:-/usr/sbin/bgpd}
BGPCTL=${BGPCTL:-/usr/sbin/bgpctl}

openbgpd_available()
{
	local bin

	for bin in "$OPENBGPD" "$BGPCTL"; do
		[ -x "$bin" ] ||
			{ echo "no $bin: apt-get install openbgpd"; return 1; }
	done
	getent passwd _openbgpd > /dev/null ||
		{ echo "no user _openbgpd: systemd-sysusers creates it"; return 1; }
}

openbgpd_ctl()
{
	ip netns exec "$NS_SPK" "$BGPCTL" -s "$DIR/bgpd.sock" "$@"
}

# openbgpd_conf LOCAL_AS PEER_IP PEER_AS: $DIR/bgpd.conf, its sections in
# bgpd.conf(5)'s order.
#
# The next hops are set on the networks and kept (nexthop no-modify, which
# bgpd honours on multihop sessions only): left to itself, Debian's bgpd
# 7.7 sent ::1 as the IPv6 next hop over an IPv4 session, whatever the
# neighbor's local-address said, and ignored a next hop set on the network
# of the other family on a directly connected eBGP session.
# openbgpd_network PREFIX NEXTHOP MED STD EXT LARGE (originations).
openbgpd_network()
{
	local set="nexthop $2" c

	[ -z "$3" ] || set+=" med $3"
	for c in $4; do set+=" community $c"; done
	for c in $5; do set+=" ext-community rt $c"; done
	for c in $6; do set+=" large-community $c"; done
	echo "network $1 set { $set }"
}

openbgpd_conf()
{
	cat > "$DIR/bgpd.conf" <<-EOC
	AS $1
	router-id $SPK4
	holdtime 6
	connect-retry 5
	fib-update no
	socket "$DIR/bgpd.sock"
	$(originations openbgpd_network)
	neighbor $2 {
		remote-as $3
		multihop 2
		set nexthop no-modify
		local-address $SPK4
		local-address $SPK6
		announce IPv4 unicast
		announce IPv6 unicast
	}
	allow from any
	allow to any
	EOC
}

openbgpd_start()
{
	local home

	openbgpd_peer=$2
	openbgpd_conf "$1" "$2" "$3"
	home=$(getent passwd _openbgpd | cut -d: -f6)
	mkdir -p "$home"
	ip netns exec "$NS_SPK" "$OPENBGPD" -d \
		-f "$DIR/bgpd.conf" >> "$DIR/bgpd.log" 2>&1 &
	openbgpd_parent=$!
	slowwait 10 openbgpd_session_engine
}

# openbgpd_session_engine: the session engine forked, its pid in
# pid[openbgpd].
openbgpd_session_engine()
{
	# shellcheck disable=SC2154 # pid[] is associative (../../lib.sh)
	pid[openbgpd]=$(pgrep -P "$openbgpd_parent" -f '^[^ ]*bgpd -S')
	[ -n "${pid[openbgpd]}" ]
}

openbgpd_established()
{
	[ "$(openbgpd_ctl -j show neighbor "$openbgpd_peer" 2>/dev/null |
		jq -r '.neighbors[0].state')" = Established ]
}

# The route in the Adj-RIB-In of the session with dpubgpd (bgpctl's "in":
# before the input filters, which accept everything anyway); "detail" has
# the communities. exit_nexthop is the NEXT_HOP attribute (true_nexthop
# the resolved gateway). OpenBGPD keeps an absent MED as 0 (RFC 4271
# 9.1.2.2 compares it so) and bgpctl shows "metric 0" for both: 0 is
# printed as absent.
openbgpd_route()
{
	openbgpd_ctl -j show rib in detail neighbor "$openbgpd_peer" "$1" \
		2>/dev/null |
		jq -r --arg p "$1" '.rib[]? | select(.prefix == $p) |
			"aspath=\(.aspath | split(" ") | join(","))" +
			" nexthop=\(.exit_nexthop)" +
			" med=\(if .metric == 0 then "" else .metric end)" +
			" communities=\([.communities[]? | tostring] | sort | join(","))"' |
		head -n 1
}

openbgpd_withdraw()
{
	sed -i '/^network /d' "$DIR/bgpd.conf"
	openbgpd_ctl reload > /dev/null
}

openbgpd_stop()
{
	kill -TERM "$openbgpd_parent" && wait "$openbgpd_parent"
	pid[openbgpd]=
}
