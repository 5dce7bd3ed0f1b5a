# SPDX-License-Identifier: GPL-2.0
#
# OpenBGPD (Debian's openbgpd: bgpd and bgpctl) as a speaker of the
# interop matrix; the contract is in README. Sourced: functions only, the
# helpers named openbgpd_* too.
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
# A freeze must stop the whole process group: bgpd's session engine, which
# keeps the session alive, is a child of pid[openbgpd]; setsid makes that
# pid the group's leader (kill -STOP -- -PID).
#
# Environment: OPENBGPD (default /usr/sbin/bgpd), BGPCTL (default
# /usr/sbin/bgpctl).

openbgpd_available()
{
	local bin

	for bin in "${OPENBGPD:-/usr/sbin/bgpd}" "${BGPCTL:-/usr/sbin/bgpctl}"; do
		if [ ! -x "$bin" ]; then
			echo "no $bin: apt-get install openbgpd"
			return 1
		fi
	done
	if ! getent passwd _openbgpd > /dev/null; then
		echo "no user _openbgpd (systemd-sysusers creates it)"
		return 1
	fi
}

openbgpd_ctl()
{
	ip netns exec "$NS_SPK" "${BGPCTL:-/usr/sbin/bgpctl}" \
		-s "$DIR/bgpd.sock" "$@"
}

# openbgpd_conf LOCAL_AS PEER_IP PEER_AS: $DIR/bgpd.conf, its sections in
# bgpd.conf(5)'s order. Both local addresses are given so that the
# session's other family has a next hop of its own.
openbgpd_conf()
{
	local set="set { med 42 community 64999:42 }"

	cat > "$DIR/bgpd.conf" <<-EOC
	AS $1
	router-id $SPK4
	holdtime 6
	connect-retry 5
	fib-update no
	socket "$DIR/bgpd.sock"
	network 198.51.100.0/24 $set
	network 2001:db8:51::/48 $set
	neighbor $2 {
		remote-as $3
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
	ip netns exec "$NS_SPK" setsid "${OPENBGPD:-/usr/sbin/bgpd}" -d \
		-f "$DIR/bgpd.conf" >> "$DIR/bgpd.log" 2>&1 &
	pid[openbgpd]=$!
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
	kill -TERM "${pid[openbgpd]}" && wait "${pid[openbgpd]}"
	pid[openbgpd]=
}
