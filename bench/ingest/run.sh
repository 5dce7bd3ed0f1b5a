#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-ingest: UPDATE ingest through a tenant-style import policy and
# export to a fabric peer (design.md §7, first two rows), dpubgpd side
# by side with BIRD 2, FRR's bgpd, OpenBGPD and GoBGP doing the same job,
# in one run on this machine:
#
#   +-------------------+      +-----------------------+      +-------------------+
#   | ns inj            |      | ns dut                |      | ns mon            |
#   | ingest_inject     | veth | the daemon under test | veth | ingest_monitor    |
#   | AS 65010          |------| AS 65000, no FIB      |------| AS 65020          |
#   | 10.1.0.2 fd00:1::2|      | 10.1.0.1   10.2.0.1   |      | 10.2.0.2 fd00:2::2|
#   +-------------------+      | fd00:1::1  fd00:2::1  |      +-------------------+
#                              +-----------------------+
#
# A job is one daemon, one family, N prefixes, in fresh namespaces: start
# the daemon, wait for the monitor's session, read the daemon's VmRSS and
# CPU time (summed over its processes), start the injector (N prefixes
# of the family over a session of that family's transport), wait until
# the monitor holds all N, read VmRSS and CPU again, stop everything. The
# daemon's policy: on the injector's session accept a prefix only if it
# lies inside one of the allowed prefixes (ALLOWED4, ALLOWED6: ranges that
# hold every prefix the injector draws), strip every community (standard,
# extended, large), export all to the monitor; no kernel FIB programming.
#
# Each job prints a RESULT line; the end prints a table per family and N.
# All is kept in $O/results/bench-ingest/ (results.txt, each job's logs).
#
# Environment: DUTS (dpubgpd bird frr openbgpd gobgp), SIZES4 (100000
# 1000000), SIZES6 (100000), RUNS (1), SEED (1), TIMEOUT (300 s a job),
# DPUBGPD (the release build), FRR_BGPD (/usr/lib/frr/bgpd).
set -uo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
prog=bench-ingest
# The selftests' namespaces (ns_create, ns[NAME]) and slowwait.
source "$top/selftests/lib.sh"

DUTS=${DUTS:-dpubgpd bird frr openbgpd gobgp}
SIZES4=${SIZES4-100000 1000000}
SIZES6=${SIZES6-100000}
RUNS=${RUNS:-1}
SEED=${SEED:-1}
TIMEOUT=${TIMEOUT:-300}
DPUBGPD=${DPUBGPD:-$O/userspace/dpubgpd}
FRR_BGPD=${FRR_BGPD:-/usr/lib/frr/bgpd}

ALLOWED4="0.0.0.0/3 32.0.0.0/3 64.0.0.0/3 96.0.0.0/3 128.0.0.0/3 160.0.0.0/3 192.0.0.0/3"
ALLOWED6="2000::/3"
AS_INJ=65010
AS_DUT=65000
AS_MON=65020

out=$O/results/bench-ingest
dir=
dut_pid=
declare -a procs=()

# The daemon's process and its descendants (OpenBGPD forks three).
dut_pids()
{
	local p=$1 c

	[ -d /proc/"$p" ] || return 0
	echo "$p"
	# shellcheck disable=SC2013 # pids, one word each
	for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do
		dut_pids "$c"
	done
}

# Whether none of these processes runs (a zombie has exited).
gone()
{
	local p

	for p in "$@"; do
		[ -d /proc/"$p" ] && [ "$(awk '{ print $3 }' /proc/"$p"/stat 2>/dev/null)" != Z ] &&
			return 1
	done
	return 0
}

# SIGTERM to what was started (and the daemon's children), SIGKILL to
# what is still there 20 s later.
stop_procs()
{
	local p all=

	[ -n "$dut_pid" ] && all=$(dut_pids "$dut_pid")
	all="$all ${procs[*]}"
	for p in $all; do
		kill "$p" 2>/dev/null
	done
	# shellcheck disable=SC2086 # a list of pids
	if ! slowwait 20 gone $all; then
		for p in $all; do
			kill -9 "$p" 2>/dev/null
		done
	fi
	for p in $dut_pid "${procs[@]}"; do
		wait "$p" 2>/dev/null
	done
	procs=()
	dut_pid=
}

# job_cleanup: what a job started stopped, its namespaces deleted.
job_cleanup()
{
	stop_procs
	ns_cleanup
}
trap job_cleanup EXIT

setup_ns()
{
	local n

	ns_create inj dut mon || return 1
	ip -n "${ns[inj]}" link add eth0 type veth peer name inj netns "${ns[dut]}"
	ip -n "${ns[mon]}" link add eth0 type veth peer name mon netns "${ns[dut]}"
	ip -n "${ns[inj]}" addr add 10.1.0.2/24 dev eth0
	ip -n "${ns[inj]}" addr add fd00:1::2/64 dev eth0 nodad
	ip -n "${ns[dut]}" addr add 10.1.0.1/24 dev inj
	ip -n "${ns[dut]}" addr add fd00:1::1/64 dev inj nodad
	ip -n "${ns[dut]}" addr add 10.2.0.1/24 dev mon
	ip -n "${ns[dut]}" addr add fd00:2::1/64 dev mon nodad
	ip -n "${ns[mon]}" addr add 10.2.0.2/24 dev eth0
	ip -n "${ns[mon]}" addr add fd00:2::2/64 dev eth0 nodad
	for n in inj:eth0 dut:inj dut:mon mon:eth0; do
		ip -n "${ns[${n%%:*}]}" link set "${n#*:}" up
	done
}

# The addresses of a job's family: inj, the daemon's on each side, mon.
set_family()
{
	if [ "$1" = 4 ]; then
		INJ=10.1.0.2 DUT_I=10.1.0.1 DUT_M=10.2.0.1 MON=10.2.0.2
		ALLOWED=$ALLOWED4
	else
		INJ=fd00:1::2 DUT_I=fd00:1::1 DUT_M=fd00:2::1 MON=fd00:2::2
		ALLOWED=$ALLOWED6
	fi
}

# Each start_NAME FAMILY writes the configuration into $dir, starts the
# daemon in ns[dut] with its pid in $dut_pid, and sets $mon_peer and
# $mon_port, the address the daemon's session to the monitor comes from
# and the port both ends listen on and connect to.

start_dpubgpd()
{
	local p list=

	for p in $ALLOWED4 $ALLOWED6; do
		list="${list:+$list, }\"$p\""
	done
	# The injector is a tenant host behind port "inj" (design.md §4.3), the
	# monitor a global peer; the fabric listens on 1179, the tenant
	# sessions on the gateway's 179.
	cat > "$dir/dpubgp.yaml" <<-EOD
	bgp: {default_node_as: $AS_DUT, node_mesh: false, listen_port: 1179}
	nodes:
	  dut: {ipv4: 10.2.0.1, ipv6: "fd00:2::1"}
	peers:
	  - {ip: "$MON", as: $AS_MON}
	tenant:
	  dpu_asn_pool: {start: 4268000000, end: 4268999999}
	fnn:
	  routing_profiles:
	    bench:
	      allowed_anycast_prefixes: [$list]
	      tenant_leak_communities_accepted: true
	      max_prefixes: 4294967295
	vpcs:
	  blue: {vrf: vpc-blue, table: 100, routing_profile: bench}
	ports:
	  dut:
	    inj:
	      vpc: blue
	      host: [10.1.0.2, "fd00:1::2"]
	      gateway: [10.1.0.1/24, "fd00:1::1/64"]
	EOD
	ip netns exec "${ns[dut]}" "$DPUBGPD" -c "$dir/dpubgp.yaml" -n dut \
		-s "$dir/dpubgpd.sock" -l warn 2> "$dir/dut.log" &
	dut_pid=$!
	mon_peer=$DUT_M mon_port=1179
}

start_bird()
{
	local f=$1 p set=

	for p in $ALLOWED; do
		set="${set:+$set, }$p+"
	done
	cat > "$dir/bird.conf" <<-EOC
	log "$dir/dut.log" { warning, error, fatal, bug };
	router id 10.1.0.1;
	protocol device {}
	filter tenant {
		if net ~ [ $set ] then {
			bgp_community = -empty-;
			bgp_ext_community = --empty--;
			bgp_large_community = ---empty---;
			accept;
		}
		reject;
	}
	protocol bgp inj {
		local $DUT_I as $AS_DUT;
		neighbor $INJ as $AS_INJ;
		ipv$f { import filter tenant; export none; };
	}
	protocol bgp mon {
		local $DUT_M as $AS_DUT;
		neighbor $MON as $AS_MON;
		connect retry time 1;
		ipv$f { import none; export all; };
	}
	EOC
	ip netns exec "${ns[dut]}" bird -f -c "$dir/bird.conf" -s "$dir/bird.ctl" \
		-P "$dir/bird.pid" > "$dir/dut.out" 2>&1 &
	dut_pid=$!
	mon_peer=$DUT_M mon_port=179
}

start_frr()
{
	local f=$1 p i=0 pl=ip afi=ipv4 max=32

	[ "$f" = 6 ] && pl=ipv6 afi=ipv6 max=128
	{
		echo "frr defaults traditional"
		echo "hostname dut"
		echo "log file $dir/dut.log warnings"
		for p in $ALLOWED; do
			i=$((i + 5))
			echo "$pl prefix-list allowed seq $i permit $p le $max"
		done
		cat <<-EOC
		route-map tenant permit 10
		 match $pl address prefix-list allowed
		 set community none
		 set extcommunity none
		 set large-community none
		router bgp $AS_DUT
		 bgp router-id 10.1.0.1
		 no bgp ebgp-requires-policy
		 no bgp default ipv4-unicast
		 neighbor $INJ remote-as $AS_INJ
		 neighbor $MON remote-as $AS_MON
		 neighbor $MON timers connect 1
		 address-family $afi unicast
		  neighbor $INJ activate
		  neighbor $INJ route-map tenant in
		  neighbor $MON activate
		 exit-address-family
		EOC
	} > "$dir/bgpd.conf"
	ip netns exec "${ns[dut]}" "$FRR_BGPD" -Z -S -n -f "$dir/bgpd.conf" -i "$dir/bgpd.pid" \
		--vty_socket "$dir" > "$dir/dut.out" 2>&1 &
	dut_pid=$!
	mon_peer=$DUT_M mon_port=179
}

start_openbgpd()
{
	local p set=

	for p in $ALLOWED; do
		set="$set $p or-longer"
	done
	cat > "$dir/bgpd.conf" <<-EOC
	AS $AS_DUT
	router-id 10.1.0.1
	fib-update no
	socket "$dir/bgpd.sock"
	listen on $DUT_I
	listen on $DUT_M
	prefix-set allowed {$set }
	neighbor $INJ { remote-as $AS_INJ }
	neighbor $MON { remote-as $AS_MON }
	allow from $INJ prefix-set allowed set { community delete *:* large-community delete *:*:* ext-community delete rt * }
	allow to $MON
	EOC
	chmod 600 "$dir/bgpd.conf"
	ip netns exec "${ns[dut]}" bgpd -d -f "$dir/bgpd.conf" > "$dir/dut.out" 2>&1 &
	dut_pid=$!
	mon_peer=$DUT_M mon_port=179
}

start_gobgp()
{
	local f=$1 p len=32

	[ "$f" = 6 ] && len=128
	{
		cat <<-EOC
		[global.config]
		  as = $AS_DUT
		  router-id = "10.1.0.1"
		[global.apply-policy.config]
		  import-policy-list = ["tenant"]
		  default-import-policy = "reject-route"
		  default-export-policy = "accept-route"
		[[neighbors]]
		  [neighbors.config]
		    neighbor-address = "$INJ"
		    peer-as = $AS_INJ
		  [[neighbors.afi-safis]]
		    [neighbors.afi-safis.config]
		      afi-safi-name = "ipv$f-unicast"
		[[neighbors]]
		  [neighbors.config]
		    neighbor-address = "$MON"
		    peer-as = $AS_MON
		  [[neighbors.afi-safis]]
		    [neighbors.afi-safis.config]
		      afi-safi-name = "ipv$f-unicast"
		[[defined-sets.prefix-sets]]
		  prefix-set-name = "allowed"
		EOC
		for p in $ALLOWED; do
			cat <<-EOC
			  [[defined-sets.prefix-sets.prefix-list]]
			    ip-prefix = "$p"
			    masklength-range = "${p#*/}..$len"
			EOC
		done
		cat <<-EOC
		[[policy-definitions]]
		  name = "tenant"
		  [[policy-definitions.statements]]
		    name = "inside-allowed"
		    [policy-definitions.statements.conditions.match-prefix-set]
		      prefix-set = "allowed"
		    [policy-definitions.statements.actions]
		      route-disposition = "accept-route"
		    [policy-definitions.statements.actions.bgp-actions.set-community]
		      options = "remove"
		      [policy-definitions.statements.actions.bgp-actions.set-community.set-community-method]
		        communities-list = [".*"]
		    [policy-definitions.statements.actions.bgp-actions.set-ext-community]
		      options = "remove"
		      [policy-definitions.statements.actions.bgp-actions.set-ext-community.set-ext-community-method]
		        communities-list = ["rt:.*", "soo:.*"]
		    [policy-definitions.statements.actions.bgp-actions.set-large-community]
		      options = "remove"
		      [policy-definitions.statements.actions.bgp-actions.set-large-community.set-large-community-method]
		        communities-list = [".*"]
		EOC
	} > "$dir/gobgpd.toml"
	ip netns exec "${ns[dut]}" gobgpd -f "$dir/gobgpd.toml" -t toml -l warn -p \
		--api-hosts 127.0.0.1:50051 --pprof-disable > "$dir/dut.log" 2>&1 &
	dut_pid=$!
	mon_peer=$DUT_M mon_port=179
}

# "RSS_KB CPU_S" of the daemon: VmRSS and user+system time, summed.
dut_usage()
{
	local p rss=0 ticks=0 r t

	for p in $(dut_pids "$dut_pid"); do
		r=$(awk '/^VmRSS:/ { print $2 }' /proc/"$p"/status 2>/dev/null)
		t=$(sed 's/^.*) //' /proc/"$p"/stat 2>/dev/null |
			awk '{ print $12 + $13 }')
		rss=$((rss + ${r:-0}))
		ticks=$((ticks + ${t:-0}))
	done
	echo "$rss $(awk -v t="$ticks" -v hz="$(getconf CLK_TCK)" \
		'BEGIN { printf "%.2f", t / hz }')"
}

# "KEY" of the last line of FILE starting with PREFIX: its value.
field()
{
	grep "^$2" "$1" | tail -n 1 | tr ' ' '\n' | sed -n "s/^$3=//p"
}

# finished DIR INJECTOR_PID: the monitor holds N or gave up, or the
# injector failed (it runs until stopped).
finished()
{
	grep -qsE "^monitor (done|timeout)" "$1/monitor.out" || gone "$2"
}

# job RUN NAME FAMILY N: one measurement, one RESULT line.
job()
{
	local run=$1 name=$2 f=$3 n=$4 before after status secs comm

	dir=$out/run$run-$name-ipv$f-$n
	rm -rf "$dir" && mkdir -p "$dir" && chmod 755 "$dir"
	setup_ns || return 1
	set_family "$f"
	"start_$name" "$f"
	ip netns exec "${ns[mon]}" "$O/bench/ingest_monitor" -L "$MON" \
		-c "$mon_peer" -p "$mon_port" -A $AS_MON -P $AS_DUT -n "$n" -f "$f" \
		-m "$dir/mark" -w "$TIMEOUT" > "$dir/monitor.out" 2>&1 &
	procs+=($!)
	local mon_pid=$!
	if ! slowwait 60 grep -qs "^monitor established" "$dir/monitor.out"; then
		echo "RESULT ingest run=$run dut=$name family=$f prefixes=$n status=no-session" |
			tee -a "$out/results.txt"
		job_cleanup
		return 0
	fi
	before=$(dut_usage)
	ip netns exec "${ns[inj]}" "$O/bench/ingest_inject" -c "$DUT_I" \
		-b "$INJ" -A $AS_INJ -n "$n" -f "$f" -s "$SEED" \
		-m "$dir/mark" > "$dir/inject.out" 2>&1 &
	procs+=($!)
	local inj_pid=$!
	slowwait $((TIMEOUT + 30)) finished "$dir" "$inj_pid"
	after=$(dut_usage)
	kill "$inj_pid" "$mon_pid" 2>/dev/null
	wait "$inj_pid" "$mon_pid" 2>/dev/null
	secs=$(field "$dir/monitor.out" "monitor [dt]" seconds)
	comm=$(field "$dir/monitor.out" "monitor done" with_communities)
	if grep -q "^monitor done" "$dir/monitor.out"; then
		status=ok
	elif grep -q "^monitor timeout" "$dir/monitor.out"; then
		status=timeout
	else
		status=inject-failed secs=-
	fi
	echo "RESULT ingest run=$run dut=$name family=$f prefixes=$n" \
		"status=$status seconds=$secs" \
		"held=$(field "$dir/monitor.out" "monitor [dt]" prefixes)" \
		"rss_before_kb=${before% *} rss_after_kb=${after% *}" \
		"dut_cpu=$(awk -v a="${after#* }" -v b="${before#* }" 'BEGIN { printf "%.2f", a - b }')" \
		"inject_cpu=$(field "$dir/inject.out" "inject cpu" cpu)" \
		"monitor_cpu=$(field "$dir/monitor.out" "monitor cpu" cpu)" \
		"with_communities=$comm" | tee -a "$out/results.txt"
	job_cleanup
}

available()
{
	case $1 in
	dpubgpd) [ -x "$DPUBGPD" ] ;;
	bird) command -v bird > /dev/null ;;
	frr) [ -x "$FRR_BGPD" ] ;;
	openbgpd) command -v bgpd > /dev/null ;;
	gobgp) command -v gobgpd > /dev/null ;;
	*) false ;;
	esac
}

[ "$(id -u)" = 0 ] || die "run as root (network namespaces)"
"$top/scripts/deps.sh" > /dev/null || exit 1
make -s -C "$top/userspace" BUILD="$O/userspace" || exit 1
make -s -C "$top/bench/ingest" O="$O" || exit 1
mkdir -p "$out"
rm -rf "${out:?}"/*
{
	echo "RESULT host cpus=$(nproc) load=\"$(cut -d' ' -f1-3 /proc/loadavg)\" date=$(date -u +%FT%TZ)"
	for name in $DUTS; do
		available "$name" || echo "RESULT skip dut=$name"
	done
} | tee "$out/results.txt"

for run in $(seq 1 "$RUNS"); do
	for job in $(for n in $SIZES4; do echo "4:$n"; done; for n in $SIZES6; do echo "6:$n"; done); do
		for name in $DUTS; do
			available "$name" || continue
			job "$run" "$name" "${job%%:*}" "${job#*:}"
		done
	done
done
echo
"$top/bench/ingest/table.awk" "$out/results.txt"
