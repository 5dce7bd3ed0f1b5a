#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The guest half of bench/kernel.sh: runs as root inside the VM (see
# selftests/vm/run.sh --cmd), with the module not loaded. Prints one line
# per measurement, "RESULT key=value ...", that kernel.sh tabulates.
#
# Environment: KO (the module's test variant, which has the lookup
# benchmark), KBENCH (bench/kbench), DPUBGPCTL, DPUBGPD and INJECT (the
# release dpubgpd and bench/ingest's injector: the end-to-end install;
# skipped without DPUBGPD), E2E_TIMEOUT (seconds), RUNS
# (everything is measured RUNS times over), SIZES
# (prefix counts for the lookup, load and install benchmarks), LOOKUPS (lookups
# per timing), PPS_ROUTES (tenant routes behind the pps benchmark),
# PPS_SECONDS (per measurement), PPS_ROUNDS (alternations of the two
# policies per run), SEED.
set -u

RUNS=${RUNS:-2}
SIZES=${SIZES:-1000 100000 1000000}
LOOKUPS=${LOOKUPS:-1000000}
PPS_ROUTES=${PPS_ROUTES:-10000}
PPS_SECONDS=${PPS_SECONDS:-5}
PPS_ROUNDS=${PPS_ROUNDS:-3}
SEED=${SEED:-1}
E2E_TIMEOUT=${E2E_TIMEOUT:-300}
T=$(mktemp -d)

now()
{
	date +%s.%N
}

in_ns()
{
	local ns=$1

	shift
	ip netns exec "$ns" "$@"
}

mem_used_kb()
{
	awk '/^MemTotal/ { t = $2 } /^MemAvailable/ { a = $2 }
	     END { print t - a }' /proc/meminfo
}

# The prefixes of $T/prefixes through ip -batch in namespace kb, as
# "route add PREFIX ROUTE_ARGS...": the seconds it took.
ip_batch()
{
	local t0 t1 f

	# One ip -batch of 1M routes grew to 3.6 GB (iproute2 6.1) and the
	# OOM killer took it before the end: batches of 100k, an ip each.
	rm -f "$T"/batch.*
	sed "s|^|route add |; s|\$| $*|" "$T/prefixes" |
		split -l 100000 - "$T/batch."
	t0=$(now)
	for f in "$T"/batch.*; do
		in_ns kb ip -batch "$f" || return 1
	done
	t1=$(now)
	awk "BEGIN { printf \"%.3f\", $t1 - $t0 }"
}

# kbench ARGS... in namespace kb: the seconds it reports.
kbench_s()
{
	local res

	res=$(in_ns kb "$KBENCH" "$@") || return 1
	res=${res#*seconds=}
	echo "${res%% *}"
}

# Routes of protocol 124 in table 100 of namespace kb.
vrf_routes()
{
	in_ns kb ip -"$1" route show table 100 proto 124 | wc -l
}

# lookup, load and install: in namespace kb, port t0 (in VRF vpc-blue,
# table 100) takes the prefixes as tenant routes of the module, the main
# table takes them as routes via dummy fib0, and table 100 takes them as
# dpubgpd installs them, via a host on t0.
lookup_and_load()
{
	local fam=$1 n=$2 ip_s genl_s single_s ifindex m0 m1 m2 gw rtnl_s \
		ip_n rtnl_n

	ip netns add kb
	in_ns kb ip link set lo up
	in_ns kb ip link add vpc-blue type vrf table 100
	in_ns kb ip link set vpc-blue up
	in_ns kb ip link add t0 type dummy
	in_ns kb ip link set t0 master vpc-blue up
	in_ns kb ip addr add 10.0.0.1/24 dev t0
	in_ns kb ip addr add fd00::1/64 dev t0 nodad
	in_ns kb ip link add fib0 type dummy
	in_ns kb ip link set fib0 up
	in_ns kb "$DPUBGPCTL" kernel port set t0 || return 1
	ifindex=$(in_ns kb cat /sys/class/net/t0/ifindex)

	# Not t0's subnet: a route there would take the next hop's own.
	"$KBENCH" gen "$fam" "$n" "$SEED" | grep -v '^10\.0\.0\.' \
		> "$T/prefixes"
	n=$(wc -l < "$T/prefixes")

	m0=$(mem_used_kb)
	ip_s=$(ip_batch dev fib0) || return 1
	m1=$(mem_used_kb)
	genl_s=$(kbench_s load t0 "$T/prefixes") || return 1
	m2=$(mem_used_kb)

	# One request a sendmsg(), for the batching's share, into a second
	# port; skipped at 1M.
	single_s=-
	if [ "$n" -le 100000 ]; then
		in_ns kb ip link add t1 type dummy
		in_ns kb ip link set t1 master vpc-blue up
		in_ns kb "$DPUBGPCTL" kernel port set t1 || return 1
		single_s=$(kbench_s load t1 "$T/prefixes" 1) || return 1
	fi

	echo "RESULT load family=$fam routes=$n ip_batch_s=$ip_s genl_batch_s=$genl_s genl_single_s=$single_s fib_mem_kb=$((m1 - m0)) dpubgp_mem_kb=$((m2 - m1))"

	# nsenter, not ip netns exec, which mounts a /sys without debugfs.
	echo "$ifindex $fam $LOOKUPS" |
		nsenter --net=/run/netns/kb tee \
			/sys/kernel/debug/dpubgp/lpm_bench > /dev/null ||
		return 1
	echo "RESULT lookup $(cat /sys/kernel/debug/dpubgp/lpm_bench)"

	# install: ip -batch, then (table 100 emptied) dpubgpd's requests;
	# the module's side is the load above, genl_s.
	gw=10.0.0.2
	[ "$fam" = 6 ] && gw=fd00::2
	ip_s=$(ip_batch via $gw dev t0 table 100 proto 124) || return 1
	ip_n=$(vrf_routes "$fam")
	in_ns kb ip -"$fam" route flush table 100 proto 124
	rtnl_s=$(kbench_s install t0 $gw 100 "$T/prefixes") || return 1
	rtnl_n=$(vrf_routes "$fam")
	echo "RESULT install family=$fam routes=$n ip_batch_s=$ip_s rtnl_batch_s=$rtnl_s genl_batch_s=$genl_s ip_installed=$ip_n rtnl_installed=$rtnl_n"

	ip netns del kb
	# The namespace goes asynchronously: let its routes go before the
	# next size is measured.
	sleep 2
}

# end to end, when DPUBGPD is set:
#
#   ns tn                          ns dut
#   ingest_inject  --eth0---t0--  dpubgpd, port t0 in VRF vpc-blue
#   10.0.0.2, fd00::2              (table 100): 10.0.0.1, fd00::1
#
# the injector is the tenant host behind port t0 (as in bench-ingest) and
# announces the N prefixes; the time is from its first UPDATE to the
# kernel's event of the last of them in table 100 (kbench wait).
e2e()
{
	local fam=$1 n=$2 dir=$T/e2e host=10.0.0.2 gw=10.0.0.1 want dpid ipid \
		res status mark done_ns allowed

	[ "$fam" = 6 ] && host=fd00::2 gw=fd00::1
	# What the install table measured: t0's subnet left out.
	want=$("$KBENCH" gen "$fam" "$n" "$SEED" | grep -vc '^10\.0\.0\.')
	rm -rf "$dir"
	mkdir -p "$dir"
	ip netns add tn
	ip netns add dut
	in_ns tn ip link set lo up
	in_ns dut ip link set lo up
	in_ns dut ip link add vpc-blue type vrf table 100
	in_ns dut ip link set vpc-blue up
	ip -n dut link add t0 type veth peer name eth0 netns tn
	in_ns dut ip link set t0 master vpc-blue up
	in_ns dut ip addr add 10.0.0.1/24 dev t0
	in_ns dut ip addr add fd00::1/64 dev t0 nodad
	in_ns tn ip addr add 10.0.0.2/24 dev eth0
	in_ns tn ip addr add fd00::2/64 dev eth0 nodad
	in_ns tn ip link set eth0 up
	# The node's own addresses, and a fabric peer that never answers.
	in_ns dut ip link add fab0 type dummy
	in_ns dut ip addr add 10.2.0.1/24 dev fab0
	in_ns dut ip addr add fd00:2::1/64 dev fab0 nodad
	in_ns dut ip link set fab0 up
	# bench-ingest's: every prefix the generator draws.
	allowed=$(printf '"%s", ' 0.0.0.0/3 32.0.0.0/3 64.0.0.0/3 96.0.0.0/3 \
		128.0.0.0/3 160.0.0.0/3 192.0.0.0/3 2000::/3)
	allowed=${allowed%, }
	cat > "$dir/dpubgp.yaml" <<-EOD
	bgp: {default_node_as: 65000, node_mesh: false, listen_port: 1179}
	nodes:
	  dut: {ipv4: 10.2.0.1, ipv6: "fd00:2::1"}
	peers:
	  - {ip: 10.2.0.2, as: 65020}
	tenant:
	  dpu_asn_pool: {start: 4268000000, end: 4268999999}
	fnn:
	  routing_profiles:
	    bench:
	      allowed_anycast_prefixes: [$allowed]
	      max_prefixes: 4294967295
	vpcs:
	  blue: {vrf: vpc-blue, table: 100, routing_profile: bench}
	ports:
	  dut:
	    t0:
	      vpc: blue
	      host: [10.0.0.2, "fd00::2"]
	      gateway: [10.0.0.1/24, "fd00::1/64"]
	EOD
	in_ns dut "$DPUBGPD" -c "$dir/dpubgp.yaml" -n dut -s "$dir/sock" \
		-l warn 2> "$dir/dpubgpd.log" &
	dpid=$!
	in_ns tn "$INJECT" -c $gw -b $host -A 65010 -n "$n" -f "$fam" \
		-s "$SEED" -m "$dir/mark" > "$dir/inject.out" 2>&1 &
	ipid=$!
	res=$(in_ns dut "$KBENCH" wait 100 "$want" "$E2E_TIMEOUT")
	status=$?
	mark=$(cat "$dir/mark" 2>/dev/null)
	kill "$ipid" "$dpid"
	wait "$ipid" "$dpid"
	ip netns del tn
	ip netns del dut
	done_ns=${res#*done_ns=}
	done_ns=${done_ns%% *}
	if [ "$status" != 0 ] || [ -z "$mark" ]; then
		# Said, and the other measurements go on.
		echo "e2e: IPv$fam $n: no result ($res); dpubgpd, the injector said:"
		tail -n 5 "$dir/dpubgpd.log" "$dir/inject.out"
		return 0
	fi
	echo "RESULT e2e family=$fam e2e_s=$(awk "BEGIN { printf \"%.3f\", ($done_ns - $mark) / 1e9 }") $res"
	sleep 2
}

# (b): host --t0--> dpu (vpc-blue) --u0--> underlay, UDP from a tenant VIP
# to the underlay: R1 (source filter) and R3 (the VIP's packets routed by
# the main table), with PPS_ROUTES other tenant routes on the port.
pps_setup()
{
	local ns

	for ns in host dpu underlay; do
		ip netns add $ns
		in_ns $ns ip link set lo up
	done
	in_ns dpu sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	in_ns dpu ip link add vpc-blue type vrf table 100
	in_ns dpu ip link set vpc-blue up
	ip -n dpu link add t0 type veth peer name h0 netns host
	ip -n dpu link add u0 type veth peer name u1 netns underlay
	in_ns dpu ip link set t0 master vpc-blue up
	in_ns dpu ip link set u0 up
	in_ns host ip link set h0 up
	in_ns underlay ip link set u1 up
	in_ns dpu ip addr add 10.0.0.1/24 dev t0
	in_ns dpu ip addr add 10.2.0.1/24 dev u0
	in_ns host ip addr add 10.0.0.2/24 dev h0
	in_ns host ip addr add 203.0.113.10/32 dev lo
	in_ns underlay ip addr add 10.2.0.2/24 dev u1
	in_ns host ip route add default via 10.0.0.1
	in_ns underlay ip route add default via 10.2.0.1
	# Resolve the neighbours before the clock starts.
	in_ns host ping -qc1 -W2 10.0.0.1 > /dev/null
	in_ns dpu ping -qc1 -W2 10.2.0.2 > /dev/null
	"$KBENCH" gen 4 "$PPS_ROUTES" "$SEED" | grep -v '^203\.0\.113\.' \
		> "$T/pps_prefixes"
}

pps_teardown()
{
	ip netns del host
	ip netns del dpu
	ip netns del underlay
	sleep 2
}

# Without the module: an nftables set for R1, an ip rule for R3.
pps_policy_kernel()
{
	{
		echo 'table ip kb {'
		echo ' set allowed { type ipv4_addr; flags interval; auto-merge;'
		echo '  elements = { 10.0.0.2, 203.0.113.0/24'
		sed 's/^/, /' "$T/pps_prefixes"
		echo ' } }'
		echo ' chain pre { type filter hook prerouting priority raw;'
		echo '  iifname "t0" ip saddr != @allowed drop; }'
		echo '}'
	} > "$T/nft"
	in_ns dpu nft -f "$T/nft" &&
	in_ns dpu ip rule add iif vpc-blue from 203.0.113.0/24 lookup main \
		pref 50
}

pps_policy_module()
{
	in_ns dpu "$DPUBGPCTL" kernel port set t0 src-filter on \
		host 10.0.0.2 &&
	in_ns dpu "$DPUBGPCTL" kernel route add 203.0.113.0/24 dev t0 \
		leak drop-overlay &&
	in_ns dpu "$KBENCH" load t0 "$T/pps_prefixes" > /dev/null
}

rx_packets()
{
	in_ns underlay cat /sys/class/net/u1/statistics/rx_packets
}

pps_run()
{
	local label=$1 rx0 rx1 res sent

	rx0=$(rx_packets)
	res=$(in_ns host "$KBENCH" blast 203.0.113.10 10.2.0.2 "$PPS_SECONDS") ||
		return 1
	rx1=$(rx_packets)
	sent=${res#sent=}
	sent=${sent%% *}
	echo "RESULT pps policy=$label routes=$PPS_ROUTES seconds=$PPS_SECONDS sent=$sent received=$((rx1 - rx0))"
}

mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug

echo "RESULT kernel release=$(uname -r) cpus=$(nproc) mem_kb=$(awk '/^MemTotal/ { print $2 }' /proc/meminfo)"

for run in $(seq "$RUNS"); do
	echo "RESULT run n=$run"
	# (b): without the module loaded at all, then with it, PPS_ROUNDS
	# times in turn, so that a change in the host's load hits both.
	for _ in $(seq "$PPS_ROUNDS"); do
		grep -q '^dpubgp ' /proc/modules && rmmod dpubgp
		pps_setup
		pps_policy_kernel || exit 1
		pps_run kernel || exit 1
		pps_teardown

		insmod "$KO" bench=1 || exit 1
		pps_setup
		pps_policy_module || exit 1
		pps_run dpubgp || exit 1
		pps_teardown
	done

	for n in $SIZES; do
		for fam in 4 6; do
			lookup_and_load "$fam" "$n" || exit 1
			[ -z "${DPUBGPD:-}" ] || e2e "$fam" "$n"
		done
	done
done

rmmod dpubgp
