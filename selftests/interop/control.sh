#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dpubgpd's control socket under load: BIRD 2 announces tens of thousands
# of routes to node n1 over a session with a 3 s hold time (a KEEPALIVE a
# second), then a slow reader asks for the whole RIB and takes its answer
# at a few hundred kB/s. The answer goes out through the event loop: while
# the reader is still reading, dpubgpctl status is answered at once and
# the KEEPALIVEs to BIRD keep going out on time (BIRD would drop the
# session after 3 s without one); the reader gets every route.
#
#   +---------+  +-------------------------+
#   | ns n1   |  | ns bird                 |
#   | dpubgpd |  | BIRD 2 AS 65020, hold 3 |
#   | .1      |  | .20, ROUTES static      |
#   +--eth0---+  +--eth0-------------------+
#        |            |
#   +----+------------+---- ns sw: br0 ----+
#   |  10.0.1.0/24, BGP on port 1179       |
#   +--------------------------------------+
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), BIRD (default: bird), BIRDC (default: birdc), ROUTES (default
# 30000).

source "$(dirname "$0")/lib.sh"

BIRD=${BIRD:-bird}
BIRDC=${BIRDC:-birdc}
ROUTES=${ROUTES:-30000}
NODES="n1"
ALL_TESTS="routes_loaded slow_reader_does_not_hold_the_loop
	slow_reader_gets_every_route_meanwhile keepalives_on_time clean_exit"

addr4=([n1]=10.0.1.1 [bird]=10.0.1.20)
addr6=([n1]=fd00:1::1 [bird]=fd00:1::20)

setup()
{
	setup_fabric bird || return 1
	cat > "$tmp/dpubgp.yaml" <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  n1: {ipv4: 10.0.1.1}
	node_peers:
	  n1: [{ip: 10.0.1.20, as: 65020}]
	EOD
	{
		cat <<-EOC
		log "$tmp/bird.log" { warning, error, fatal };
		router id 10.0.1.20;
		protocol device {}
		protocol static s4 {
			ipv4;
		EOC
		# 10.0.0.0/24, 10.0.1.0/24, ...: ROUTES /24s.
		awk -v n="$ROUTES" 'BEGIN {
			for (i = 0; i < n; i++)
				printf "\troute 10.%d.%d.0/24 blackhole;\n",
					int(i / 256) + 100, i % 256
		}'
		cat <<-EOC
		}
		protocol bgp n1 {
			local 10.0.1.20 port $PORT as 65020;
			neighbor 10.0.1.1 port $PORT as 64511;
			hold time 3;
			keepalive time 1;
			connect retry time 1;
			ipv4 { import none; export all; };
		}
		EOC
	} > "$tmp/bird.conf"
}

birdc()
{
	ip netns exec "${ns[bird]}" "$BIRDC" -s "$tmp/bird.ctl" "$@"
}

loaded()
{
	[ "$(status n1 routes_ipv4)" = "$ROUTES" ]
}

routes_loaded()
{
	local t0=$SECONDS

	slowwait 60 loaded || { ktap_print_msg "n1 has $(status n1 routes_ipv4) routes"; return 1; }
	ktap_print_msg "$ROUTES routes from BIRD in n1's RIB within $((SECONDS - t0)) s"
	ka0=$(peer n1 10.0.1.20 msgs_out.keepalive)
	est0=$(peer n1 10.0.1.20 established)
}

# slow_reader FILE: ask for the RIB and take the answer in 16 kB steps,
# throttled (the sleep makes the reader slow; it waits for nothing).
slow_reader()
{
	echo '{"command": "rib"}' |
		ip netns exec "${ns[n1]}" socat -t 60 -b 8192 - \
			"UNIX-CONNECT:$tmp/n1.sock" |
		while :; do
			dd bs=16k count=1 iflag=fullblock status=none \
				> "$tmp/chunk" 2> /dev/null
			[ -s "$tmp/chunk" ] || break
			cat "$tmp/chunk" >> "$1"
			sleep 0.02
		done
}

now_ms()
{
	echo $(($(date +%s%N) / 1000000))
}

# While the reader is at it, status requests are answered: each within
# 2 s (ASan build, shared machine; the old blocking code took 21 s), the
# reader still reading after the last (how far it was is checked below).
slow_reader_does_not_hold_the_loop()
{
	local t ms worst=0

	: > "$tmp/rib.json"
	t_read=$(now_ms)
	slow_reader "$tmp/rib.json" &
	pid[reader]=$!
	# The reader has started taking the answer.
	slowwait 10 test -s "$tmp/rib.json" || return 1
	for _ in 1 2 3 4 5; do
		t=$(now_ms)
		ctl n1 status > /dev/null || return 1
		ms=$(($(now_ms) - t))
		[ $ms -gt $worst ] && worst=$ms
	done
	so_far=$(stat -c %s "$tmp/rib.json")
	ktap_print_msg "5 status requests during the slow read: the slowest took $worst ms;" \
		"$so_far bytes read so far"
	kill -0 "${pid[reader]}" 2> /dev/null && [ $worst -lt 2000 ]
}

slow_reader_gets_every_route_meanwhile()
{
	local n size

	wait "${pid[reader]}"
	pid[reader]=
	t_read=$(($(now_ms) - t_read))
	n=$(jq '.rib | length' "$tmp/rib.json")
	size=$(stat -c %s "$tmp/rib.json")
	ktap_print_msg "the slow reader got $n routes, $size bytes, in $t_read ms;" \
		"status was answered when it had read $so_far"
	# Blocking writes would answer status only once the whole answer
	# was written, all but the socket's and the pipe's buffers read.
	[ "$n" = "$ROUTES" ] && [ $((so_far * 2)) -lt "$size" ] &&
		[ "$(jq '[.rib[].paths[0].from] | unique' -c "$tmp/rib.json")" = '["10.0.1.20"]' ]
}

# KEEPALIVEs went to BIRD all along, one a second (at least one per
# 1.5 s, for a loaded machine; the old code sent none), and its session
# never dropped (3 s hold time).
keepalives_on_time()
{
	local ka=$(($(peer n1 10.0.1.20 msgs_out.keepalive) - ka0))

	ktap_print_msg "KEEPALIVEs to BIRD during the $t_read ms read: $ka"
	birdc show protocols n1 | ktap_print_lines "BIRD: "
	[ $ka -ge $((t_read / 1500)) ] &&
		[ "$(peer n1 10.0.1.20 established)" = "$est0" ] &&
		peer_up n1 10.0.1.20 &&
		birdc show protocols n1 | grep -qE '^n1 +BGP .* up .*Established'
}

# The node exits 0 on SIGTERM: no sanitizer report, no leak.
clean_exit()
{
	stop_nodes
}

main()
{
	require_root
	require_cmd jq socat "$BIRD" "$DPUBGPD"
	plan_and_setup
	start_node n1
	ip netns exec "${ns[bird]}" "$BIRD" -c "$tmp/bird.conf" \
		-s "$tmp/bird.ctl" -P "$tmp/bird.pid" -f >> "$tmp/bird.out" 2>&1 &
	pid[bird]=$!
	run_all_tests node_logs
}

main "$@"
