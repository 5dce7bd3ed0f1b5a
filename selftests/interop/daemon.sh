#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dpubgpd from one document on three nodes, and FRR's bgpd as their
# global peer (IPv4) and as node-specific peers over IPv6: n1's, and n2's
# with the wrong AS configured. All on one bridge, BGP on port 1179.
#
#   +---------+  +---------+  +---------+  +-------------------+
#   | ns n1   |  | ns n2   |  | ns n3   |  | ns frr            |
#   | dpubgpd |  | dpubgpd |  | dpubgpd |  | FRR bgpd AS 65010 |
#   | .1 ::1  |  | .2 ::2  |  | .3 ::3  |  | .10 ::10          |
#   +--eth0---+  +--eth0---+  +--eth0---+  +--eth0-------------+
#        |            |            |            |
#   +----+------------+------------+------------+---- ns sw: br0 ----+
#   |  10.0.1.0/24, fd00:1::/64                                      |
#   +----------------------------------------------------------------+
#
# n1, n2: AS 64511 inherited (bgp.default_node_as unset); n3: 64511 set.
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), FRR_BGPD (default: /usr/lib/frr/bgpd), VTYSH (default: vtysh).

source "$(dirname "$0")/lib.sh"

DEADLINE=20
NODES="n1 n2 n3"
ALL_TESTS="bad_document_refused mesh_established mesh_status_text
	global_and_node_specific bad_peer_as sighup_adds_peer
	sighup_no_change sighup_bad_document sighup_removes_peer
	second_daemon_refused sigusr1_logs_sessions log_level_at_run_time
	oversized_request_answered sigterm_sends_cease
	syslog_when_stderr_unread clean_exit"

addr4=([n1]=10.0.1.1 [n2]=10.0.1.2 [n3]=10.0.1.3 [frr]=10.0.1.10)
addr6=([n1]=fd00:1::1 [n2]=fd00:1::2 [n3]=fd00:1::3 [frr]=fd00:1::10)

N1_PEERS='{ip: "fd00:1::10", as: 65010}'

# document [N1_PEERS]: the datastore, to stdout.
document()
{
	cat <<-EOD
	bgp:
	  listen_port: $PORT
	nodes:
	  n1: {ipv4: 10.0.1.1, ipv6: "fd00:1::1"}
	  n2: {ipv4: 10.0.1.2, ipv6: "fd00:1::2"}
	  n3: {ipv4: 10.0.1.3, ipv6: "fd00:1::3", as: 64511}
	peers:
	  - {ip: 10.0.1.10, as: 65010}
	node_peers:
	  n1: [${1-$N1_PEERS}]
	  n2: [{ip: "fd00:1::10", as: 65099}]
	EOD
}

setup()
{
	setup_fabric frr || return 1
	document > "$tmp/dpubgp.yaml"
	cat > "$tmp/bgpd.conf" <<-EOC
	frr defaults traditional
	hostname frr
	log file $tmp/frr.log
	router bgp 65010
	 bgp router-id 10.0.1.10
	 no bgp ebgp-requires-policy
	 timers bgp 3 9
	 neighbor 10.0.1.1 remote-as 64511
	 neighbor 10.0.1.2 remote-as 64511
	 neighbor 10.0.1.3 remote-as 64511
	 neighbor fd00:1::1 remote-as 64511
	 neighbor fd00:1::2 remote-as 64511
	 address-family ipv6 unicast
	  neighbor fd00:1::1 activate
	  neighbor fd00:1::2 activate
	 exit-address-family
	EOC
	for n in 10.0.1.1 10.0.1.2 10.0.1.3 fd00:1::1 fd00:1::2; do
		sed -i "/^ timers bgp/a\\ neighbor $n port $PORT\\n neighbor $n timers connect 1" \
			"$tmp/bgpd.conf"
	done
}

# Established and the proto (the kernel side) up too.
peer_up()
{
	[ "$(peer "$1" "$2" fsm)" = Established ] &&
		[ "$(peer "$1" "$2" proto)" = up ]
}

bad_document_refused()
{
	local out ret

	sed 's/10.0.1.3,/10.0.1.300,/' "$tmp/dpubgp.yaml" > "$tmp/bad.yaml"
	out=$(ip netns exec "${ns[n1]}" "$DPUBGPD" -c "$tmp/bad.yaml" -n n1 \
		-s "$tmp/bad.sock" 2>&1)
	ret=$?
	ktap_print_msg "exit $ret: $out"
	[ $ret = 1 ] &&
		[[ "$out" =~ ^"dpubgpd: $tmp/bad.yaml:"[0-9]+:[0-9]+": " ]]
}

# Established TCP connections between two nodes on $PORT, seen from all.
mesh_connections()
{
	local n

	for n in $NODES; do
		ip netns exec "${ns[$n]}" ss -Htn state established \
			"( sport = :$PORT )"
	done | grep -cE "10\.0\.1\.[123]:[0-9]+ +10\.0\.1\.[123]:|fd00:1::[123]\]:[0-9]+ +\[fd00:1::[123]\]:"
}

mesh_established()
{
	slowwait $DEADLINE mesh_up || return 1
	# A listening side sees each session once: 3 pairs, 2 families.
	ktap_print_msg "mesh: $(mesh_connections) TCP sessions on port $PORT (want 6)"
	[ "$(mesh_connections)" = 6 ] &&
		[ "$(ctl n1 status -o json | jq '.peers | length')" -ge 4 ]
}

mesh_status_text()
{
	local out

	out=$(ctl n2 status) || return 1
	echo "$out" | ktap_print_lines
	grep -q '^IP: 10.0.1.2    AS Number: 64511 (inherited)$' <<< "$out" &&
		grep -q '^IP: fd00:1::2    AS Number: 64511 (inherited)$' <<< "$out" &&
		[ "$(grep -cE '^\| +(10\.0\.1\.[13]|fd00:1::[13]) +\| node-to-node mesh \|   up  \| [0-9:]{8} \| +Established +\|$' <<< "$out")" = 4 ] &&
		ctl n3 status | grep -q '^IP: 10.0.1.3    AS Number: 64511$'
}

global_and_node_specific()
{
	local n

	for n in $NODES; do
		slowwait $DEADLINE peer_up "$n" 10.0.1.10 || return 1
		[ "$(peer "$n" 10.0.1.10 type)" = global ] || return 1
	done
	slowwait $DEADLINE peer_up n1 fd00:1::10 || return 1
	[ "$(peer n1 fd00:1::10 type)" = "node specific" ] || return 1
	ctl n1 status | grep -E '(global|node specific)' | ktap_print_lines
}

bad_peer_as_seen()
{
	ctl n2 status | grep -qE '^\| +fd00:1::10 +\| +node specific +\| start \| [0-9:]{8} \| +[A-Za-z]+ BGP Error: Bad peer AS +\|$'
}

# n2 expects AS 65099 of FRR, which is 65010: the log says which came,
# and so does the peer's detail (dpubgpctl status PEER).
bad_peer_as()
{
	local detail

	slowwait $DEADLINE bad_peer_as_seen || return 1
	ctl n2 status | grep fd00:1::10 | ktap_print_lines
	grep -m 1 "peer fd00:1::10: Bad peer AS" "$tmp/n2.log" | ktap_print_lines
	detail=$(ctl n2 status fd00:1::10) || return 1
	echo "$detail" | head -n 8 | ktap_print_lines
	grep -q "peer fd00:1::10: Bad peer AS (AS 65010 in its OPEN, AS 65099 expected)" "$tmp/n2.log" &&
		grep -q '^BGP neighbor is fd00:1::10, remote AS 65099, local AS 64511, node specific$' <<< "$detail" &&
		grep -q '^  AS in its last OPEN: 65010$' <<< "$detail" &&
		grep -qE '^  Last error: BGP Error: Bad peer AS, at [0-9-]{10} [0-9:]{8}$' <<< "$detail" &&
		[ "$(peer n2 fd00:1::10 open_as)" = 65010 ]
}

# The Since and the times Established of n1's peers, one line each.
n1_sessions()
{
	ctl n1 status -o json |
		jq -r '.peers[] | select(.fsm == "Established") |
			"\(.address) \(.since) \(.established)"'
}

sighup_adds_peer()
{
	local before after

	before=$(n1_sessions)
	document "$N1_PEERS, {ip: 10.0.1.20, as: 65020}" > "$tmp/dpubgp.yaml"
	kill -HUP "${pid[n1]}"
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ -n "$(peer n1 10.0.1.20 type)" ]' || return 1
	after=$(n1_sessions)
	ktap_print_msg "added: 10.0.1.20 $(peer n1 10.0.1.20 type)," \
		"$(peer n1 10.0.1.20 fsm) $(peer n1 10.0.1.20 error)"
	ktap_print_msg "kept: $(echo "$before" | wc -l) sessions, Since and count unchanged"
	[ "$(echo "$before" | wc -l)" = 6 ] && [ "$before" = "$after" ]
}

# The one line a SIGHUP logs: what changed, here nothing; the counters
# of a peer it leaves alone stay.
sighup_no_change()
{
	local n counts

	counts=$(peer n1 10.0.1.10 '[.msgs_in.open, .msgs_in.update, .prefixes_received, .established] | @text')
	n=$(grep -c "SIGHUP: " "$tmp/n1.log")
	kill -HUP "${pid[n1]}"
	# shellcheck disable=SC2016 # for eval
	slowwait 5 eval '[ "$(grep -c "SIGHUP: " "$tmp/n1.log")" -gt "$n" ]' ||
		return 1
	grep "SIGHUP: " "$tmp/n1.log" | ktap_print_lines
	# The write reached the daemon by its watch, or by the signal.
	grep -qE "(SIGHUP|the datastore changed): file:$tmp/dpubgp.yaml: 1 peers added$" \
		"$tmp/n1.log" &&
		grep "SIGHUP: " "$tmp/n1.log" | tail -n 1 |
		grep -q "SIGHUP: file:$tmp/dpubgp.yaml: no change$" &&
		expect_eq "counters kept" "$counts" \
			"$(peer n1 10.0.1.10 '[.msgs_in.open, .msgs_in.update, .prefixes_received, .established] | @text')"
}

sighup_bad_document()
{
	local before

	before=$(n1_sessions)

	echo "nodes: {n1: {ipv4: 10.0.1.1, as: 4294967296}}" > "$tmp/dpubgp.yaml"
	kill -HUP "${pid[n1]}"
	slowwait 5 grep -q "the running configuration stays" "$tmp/n1.log" ||
		return 1
	grep "the running configuration stays" "$tmp/n1.log" | ktap_print_lines
	[ "$(n1_sessions)" = "$before" ] &&
		[ "$(peer n1 10.0.1.20 type)" = "node specific" ]
}

# A second dpubgpd at n2's socket: refused at once, exit 1, with a
# sentence; n2 keeps its socket and answers.
second_daemon_refused()
{
	local out ret

	out=$(ip netns exec "${ns[n2]}" "$DPUBGPD" -c "$tmp/dpubgp.yaml" -n n2 \
		-s "$tmp/n2.sock" 2>&1)
	ret=$?
	ktap_print_msg "exit $ret: $out"
	[ $ret = 1 ] &&
		[ "$out" = "dpubgpd: control socket $tmp/n2.sock: another dpubgpd answers there; not started" ] &&
		[ -S "$tmp/n2.sock" ] && kill -0 "${pid[n2]}" &&
		[ "$(status n2 node)" = n2 ]
}

# SIGUSR1 logs a line per session and nothing else happens: n3 runs on,
# its sessions as they were.
sigusr1_logs_sessions()
{
	local before

	before=$(ctl n3 status -o json | jq -c '[.peers[] | [.address, .established, .since]]')
	kill -USR1 "${pid[n3]}" || return 1
	slowwait 5 grep -q "SIGUSR1: peer 10.0.1.10 " "$tmp/n3.log" || return 1
	grep "SIGUSR1: " "$tmp/n3.log" | ktap_print_lines
	kill -0 "${pid[n3]}" &&
		[ "$(ctl n3 status -o json | jq -c '[.peers[] | [.address, .established, .since]]')" = "$before" ] &&
		grep -qE "SIGUSR1: [0-9]+ sessions, [0-9]+ established; log level debug" "$tmp/n3.log"
}

# dpubgpctl log-level: shown, set without a restart, logged.
log_level_at_run_time()
{
	[ "$(ctl n3 log-level)" = debug ] || return 1
	ctl n3 log-level warn || return 1
	[ "$(ctl n3 log-level)" = warn ] || return 1
	ctl n3 log-level debug || return 1
	expect_error 'Error: invalid log level "loud": error|warn|info|debug.' \
		ctl n3 log-level loud || return 1
	grep "log level" "$tmp/n3.log" | ktap_print_lines
	[ "$(ctl n3 log-level)" = debug ] &&
		grep -q "log level warn, was debug (dpubgpctl log-level)" "$tmp/n3.log" &&
		grep -q "log level debug, was warn (dpubgpctl log-level)" "$tmp/n3.log"
}

# A request over 4096 bytes gets an error line before the close.
oversized_request_answered()
{
	local answer

	answer=$(head -c 5000 /dev/zero | tr '\0' x |
		ip netns exec "${ns[n3]}" socat -t 5 - "UNIX-CONNECT:$tmp/n3.sock")
	ktap_print_msg "answer: $answer"
	[ "$answer" = '{"error":"request over 4096 bytes."}' ] &&
		[ "$(status n3 node)" = n3 ]
}

# frr_down_with_cease ADDR SUBCODE_TEXT
frr_down_with_cease()
{
	[ "$(frr_neighbor "$1" bgpState)" != Established ] &&
		[[ "$(frr_neighbor "$1" lastNotificationReason)" == *"Cease/$2"* ]]
}

# Removing n1's IPv6 peer sends it a Cease; the other sessions stay.
sighup_removes_peer()
{
	local before

	before=$(n1_sessions | grep -v fd00:1::10)
	document '{ip: 10.0.1.20, as: 65020}' > "$tmp/dpubgp.yaml"
	kill -HUP "${pid[n1]}"
	slowwait 5 frr_down_with_cease fd00:1::1 "Peer De-configured" ||
		return 1
	ktap_print_msg "FRR: fd00:1::1 $(frr_neighbor fd00:1::1 bgpState):" \
		"$(frr_neighbor fd00:1::1 lastNotificationReason)"
	[ -z "$(peer n1 fd00:1::10 type)" ] && [ "$(n1_sessions)" = "$before" ]
}

sigterm_sends_cease()
{
	kill -TERM "${pid[n1]}" || return 1
	wait "${pid[n1]}" || return 1
	pid[n1]=
	slowwait 5 frr_down_with_cease 10.0.1.1 "Administrative Shutdown" ||
		return 1
	ktap_print_msg "FRR: 10.0.1.1 $(frr_neighbor 10.0.1.1 bgpState):" \
		"$(frr_neighbor 10.0.1.1 lastNotificationReason)"
	[ ! -e "$tmp/n1.sock" ]
}

# syslog_run ARGS -- STDERR: a node "solo" on n1's loopback, in a mount
# namespace whose /dev is a fresh tmpfs holding null, urandom and a
# /dev/log that socat receives into $tmp/syslog; its stderr to STDERR.
# Returns once a line of it reached syslog, and stops it.
syslog_run()
{
	local args=$1 err=$2

	: > "$tmp/syslog"
	cat > "$tmp/solo.yaml" <<-EOD
	bgp: {listen_port: $((PORT + 1))}
	nodes:
	  solo: {ipv4: 127.0.0.1}
	EOD
	# shellcheck disable=SC2016 # for bash -c
	ip netns exec "${ns[n1]}" unshare -m --propagation private bash -c '
		mount -t tmpfs dev /dev &&
		mknod -m 666 /dev/null c 1 3 && mknod -m 444 /dev/urandom c 1 9 ||
			exit 1
		socat -u UNIX-RECV:/dev/log OPEN:"$1/syslog",append &
		log=$!
		for i in $(seq 50); do [ -S /dev/log ] && break; sleep 0.1; done
		"$2" -c "$1/solo.yaml" -n solo -s "$1/solo.sock" $3 2> "$4" &
		d=$!
		for i in $(seq 100); do
			grep -q "dpubgpd.*node solo" "$1/syslog" && break
			sleep 0.1
		done
		kill $d; wait $d; ret=$?
		kill $log
		exit $ret' syslog_run "$tmp" "$DPUBGPD" "$args" "$err"
}

# With stderr on /dev/null, or with -S, the log goes to syslog; with -S
# and stderr on a file, the file gets none of it.
syslog_when_stderr_unread()
{
	syslog_run "" /dev/null || return 1
	ktap_print_msg "2>/dev/null: $(head -n 1 "$tmp/syslog")"
	grep -q "dpubgpd\[[0-9]*\]: node solo AS 64511" "$tmp/syslog" ||
		return 1
	syslog_run -S "$tmp/solo.err" || return 1
	ktap_print_msg "-S: $(head -n 1 "$tmp/syslog")"
	grep -q "dpubgpd\[[0-9]*\]: node solo AS 64511" "$tmp/syslog" &&
		[ ! -s "$tmp/solo.err" ]
}

# n2 and n3 exit 0 on SIGTERM: no sanitizer report, no leak.
clean_exit()
{
	stop_nodes n2 n3
}

fabric_main "$@"
