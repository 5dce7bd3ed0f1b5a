#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The metrics (design.md §4.5): GET /metrics of dpubgpd scraped with curl
# from inside n1's namespace, checked by promtool (Prometheus's own
# checker) and against what dpubgpctl status says. FRR's bgpd in ns
# tenant is a tenant host (AS 65010) behind port t0 of n1: its session's
# metrics follow it as it announces an allowed prefix and one outside
# its port's list, withdraws, and goes away. A client that opens a
# connection to the metrics and never completes its request holds up
# neither the sessions nor another scrape. --metrics none serves
# nothing, an IPv6 address serves there, a bad one stops the start.
# The host has no VRF: routes installed in the VRF table and the
# module's counters are for the VM's vips.sh.
#
#   +---- ns tenant ---------------+        +---- ns n1 -----------------+
#   | FRR bgpd AS 65010            |        | dpubgpd, node AS 64511     |
#   | eth0 10.0.0.2                +--veth--+ t0 10.0.0.1/24 (VPC blue)  |
#   +------------------------------+        | eth0 10.0.1.1 (ns sw: br0) |
#                                           | metrics 127.0.0.1:9179     |
#                                           +----------------------------+
#
# Environment: DPUBGPD, DPUBGPCTL (default: the ASan+UBSan build in
# $O/test), FRR_BGPD (default: /usr/lib/frr/bgpd), VTYSH (default:
# vtysh), PROMTOOL (default: promtool; the scrape's check is skipped
# without it).

# shellcheck disable=SC2016 # what slowwait evals is expanded there
source "$(dirname "$0")/lib.sh"

DEADLINE=20
NODES="n1"
DPU_AS=4268000000
TENANT='peer=10.0.0.2 type=tenant interface=t0 vpc=blue'
ALL_TESTS="tenant_session_up scrape_passes_promtool metrics_match_status
	metrics_follow_routes idle_scraper_blocks_nothing metrics_follow_session_loss
	other_paths_not_found metrics_none metrics_ipv6 metrics_bad_address
	clean_exit"

addr4=([n1]=10.0.1.1)
addr6=([n1]=fd00:1::1)

setup()
{
	setup_fabric || return 1
	ns_create tenant || return 1
	wire_port t0 tenant eth0 10.0.0.1/24 10.0.0.2/24 || return 1
	{
		cat <<-EOD
		bgp:
		  listen_port: $PORT
		nodes:
		  n1: {ipv4: 10.0.1.1, ipv6: "fd00:1::1"}
		tenant:
		  dpu_asn_pool: {start: $DPU_AS, end: 4268999999}
		EOD
		vpc_blue_doc 203.0.113.0/24 false "t0 10.0.0.2 10.0.0.1/24"
	} > "$tmp/dpubgp.yaml"
	frr_conf_head tenant 65010 10.0.0.2
	cat >> "$tmp/tenant/bgpd.conf" <<-EOC
	 no bgp network import-check
	 neighbor 10.0.0.1 remote-as $DPU_AS
	 neighbor 10.0.0.1 timers connect 1
	 address-family ipv4 unicast
	  network 203.0.113.0/28
	 exit-address-family
	EOC
}

# tenant_metric NAME [LABEL=VALUE...]: metric NAME of the tenant's session.
tenant_metric()
{
	# shellcheck disable=SC2086 # the labels, one word each
	metric "$1" $TENANT "${@:2}"
}

# scraped NAME VALUE [LABEL=VALUE...]: a fresh scrape has NAME at VALUE.
scraped()
{
	scrape n1 && [ "$(metric "$1" "${@:3}")" = "$2" ]
}

# tenant_network [no] PREFIX: the tenant announces, or withdraws, PREFIX.
tenant_network()
{
	vtysh_ns tenant -c "configure terminal" -c "router bgp 65010" \
		-c "address-family ipv4 unicast" -c "$*" > /dev/null
}

tenant_up()
{
	peer_up n1 10.0.0.2
}

tenant_session_up()
{
	slowwait $DEADLINE tenant_up || { ctl n1 status | ktap_print_lines; return 1; }
	slowwait $DEADLINE eval '[ "$(peer n1 10.0.0.2 routes_in)" = 1 ]'
}

# The text of a live scrape is what Prometheus takes: promtool's check
# (format and naming rules) finds nothing.
scrape_passes_promtool()
{
	scrape n1 || return 1
	ktap_print_msg "$(wc -l < "$tmp/scrape") lines, $(grep -c '^# TYPE' "$tmp/scrape") families"
	grep -q '^dpubgp_session_state{' "$tmp/scrape" && promtool_clean
}

# The tenant session's numbers are those of dpubgpctl status, its labels
# its port and VPC; the module is not loaded on the host.
metrics_match_status()
{
	local f json

	scrape n1 || return 1
	json=$(ctl n1 status -o json | jq -c '.peers[] | select(.address == "10.0.0.2")')
	grep '^dpubgp_session_[a-z_]*{peer="10.0.0.2"' "$tmp/scrape" |
		grep -v 'message=\|reason=' | ktap_print_lines
	expect_eq state 6 "$(tenant_metric dpubgp_session_state)" || return 1
	for f in prefixes_received prefixes_accepted prefixes_advertised \
		 established; do
		expect_eq "$f" "$(jq -r ".$f" <<< "$json")" \
			"$(tenant_metric "dpubgp_session_${f}_total")" || return 1
	done
	expect_eq routes "$(jq -r .routes_in <<< "$json")" \
		"$(tenant_metric dpubgp_session_routes)" || return 1
	expect_eq "updates received" "$(jq -r .msgs_in.update <<< "$json")" \
		"$(tenant_metric dpubgp_session_messages_received_total message=update)" ||
		return 1
	expect_eq "VPC blue's IPv4 routes" 1 \
		"$(metric dpubgp_rib_routes table=100 vpc=blue family=ipv4)" || return 1
	expect_eq "module up" 0 "$(metric dpubgp_module_up)" || return 1
	[ "$(tenant_metric dpubgp_session_uptime_seconds | cut -d. -f1)" -ge 0 ] &&
		[ "$(metric process_resident_memory_bytes)" -gt 1000000 ] &&
		[ "$(metric dpubgp_rib_bytes)" -gt 0 ]
}

# An allowed prefix and one outside the port's list: received +2,
# accepted +1, dropped as not_allowed +1, the UPDATEs counted, VPC
# blue's table one more; then the withdrawal takes the route back out.
metrics_follow_routes()
{
	local rcvd acc drop upd

	scrape n1 || return 1
	rcvd=$(tenant_metric dpubgp_session_prefixes_received_total)
	acc=$(tenant_metric dpubgp_session_prefixes_accepted_total)
	drop=$(tenant_metric dpubgp_session_prefixes_dropped_total reason=not_allowed)
	upd=$(tenant_metric dpubgp_session_messages_received_total message=update)
	ktap_print_msg "before: received $rcvd, accepted $acc, dropped $drop, updates $upd"
	tenant_network network 203.0.113.128/28 &&
		tenant_network network 198.51.100.0/24 || return 1
	slowwait $DEADLINE scraped dpubgp_rib_routes 2 table=100 family=ipv4 ||
		return 1
	# shellcheck disable=SC2086 # the labels, one word each
	slowwait $DEADLINE scraped dpubgp_session_prefixes_dropped_total \
		$((drop + 1)) $TENANT reason=not_allowed ||
		{ ktap_print_msg "not_allowed drops: $(tenant_metric dpubgp_session_prefixes_dropped_total reason=not_allowed)"; return 1; }
	ktap_print_msg "after: received $(tenant_metric dpubgp_session_prefixes_received_total)," \
		"accepted $(tenant_metric dpubgp_session_prefixes_accepted_total)," \
		"updates $(tenant_metric dpubgp_session_messages_received_total message=update)"
	expect_eq received $((rcvd + 2)) \
		"$(tenant_metric dpubgp_session_prefixes_received_total)" || return 1
	expect_eq accepted $((acc + 1)) \
		"$(tenant_metric dpubgp_session_prefixes_accepted_total)" || return 1
	[ "$(tenant_metric dpubgp_session_messages_received_total message=update)" -gt "$upd" ] ||
		return 1
	expect_eq routes 2 "$(tenant_metric dpubgp_session_routes)" || return 1
	tenant_network no network 203.0.113.128/28 || return 1
	# shellcheck disable=SC2086 # the labels, one word each
	slowwait $DEADLINE scraped dpubgp_session_routes 1 $TENANT
}

# A connection that never completes its request: the sessions go on, and
# another scrape is answered at once, while it is still open.
idle_scraper_blocks_nothing()
{
	local start ms

	ip netns exec "${ns[n1]}" bash -c \
		'exec 3<>/dev/tcp/127.0.0.1/9179; printf "GET /metr" >&3; sleep 4' &
	pid[idle]=$!
	slowwait 5 eval 'ip netns exec "${ns[n1]}" ss -Htn state established "( sport = :9179 )" | grep -q .' ||
		{ ktap_print_msg "the idle client never connected"; return 1; }
	start=${EPOCHREALTIME/[.,]/}
	scrape n1 || return 1
	ms=$(((${EPOCHREALTIME/[.,]/} - start) / 1000))
	ktap_print_msg "scrape answered in $ms ms beside the idle connection"
	kill -0 "${pid[idle]}" || { ktap_print_msg "the idle client is gone already"; return 1; }
	[ "$(tenant_metric dpubgp_session_state)" = 6 ] && tenant_up &&
		[ "$ms" -lt 2000 ]
	local rc=$?
	wait "${pid[idle]}"
	pid[idle]=
	return $rc
}

# The tenant gone: its session leaves Established, its uptime is 0 and
# its routes leave VPC blue's table.
metrics_follow_session_loss()
{
	kill "${pid[tenant]}" && wait "${pid[tenant]}"
	pid[tenant]=
	slowwait $DEADLINE eval 'scrape n1 && [ "$(tenant_metric dpubgp_session_state)" != 6 ]' ||
		return 1
	grep "^dpubgp_session_state{" "$tmp/scrape" | ktap_print_lines
	expect_eq uptime 0.000 "$(tenant_metric dpubgp_session_uptime_seconds)" &&
		expect_eq routes 0 "$(tenant_metric dpubgp_session_routes)" &&
		slowwait $DEADLINE scraped dpubgp_rib_routes 0 table=100 family=ipv4
}

other_paths_not_found()
{
	local code

	code=$(ip netns exec "${ns[n1]}" curl -s -o /dev/null -w '%{http_code}' \
		http://127.0.0.1:9179/)
	expect_eq "GET /" 404 "$code" || return 1
	code=$(ip netns exec "${ns[n1]}" curl -s -o /dev/null -w '%{http_code}' \
		-X POST http://127.0.0.1:9179/metrics)
	expect_eq "POST /metrics" 405 "$code"
}

# restart_n1 ARG...: n1 stopped cleanly and started again with ARGs.
restart_n1()
{
	stop_nodes n1 || return 1
	start_node n1 "$@"
	slowwait 5 eval 'ctl n1 status > /dev/null 2>&1'
}

metrics_none()
{
	restart_n1 --metrics none || return 1
	! scrape n1 2> /dev/null || { ktap_print_msg "something answers at $METRICS_URL"; return 1; }
	! ip netns exec "${ns[n1]}" ss -Htln | grep -q ':9179 '
}

metrics_ipv6()
{
	restart_n1 --metrics '[::1]:9180' || return 1
	scrape n1 'http://[::1]:9180/metrics' &&
		grep -q '^dpubgp_session_state{peer="10.0.0.2"' "$tmp/scrape" &&
		grep -q 'metrics on http://\[::1\]:9180/metrics' "$tmp/n1.log"
}

metrics_bad_address()
{
	expect_error 'invalid --metrics "127.0.0.1"' \
		ip netns exec "${ns[n1]}" "$DPUBGPD" -c "$tmp/dpubgp.yaml" -n n1 \
		-s "$tmp/bad.sock" --metrics 127.0.0.1 &&
		expect_error 'invalid --metrics "[::1:9180"' \
		ip netns exec "${ns[n1]}" "$DPUBGPD" -c "$tmp/dpubgp.yaml" -n n1 \
		-s "$tmp/bad.sock" --metrics '[::1:9180'
}

clean_exit()
{
	stop_nodes
}

main()
{
	require_root
	require_cmd "$FRR_BGPD" "$VTYSH" jq curl ss "$DPUBGPD"
	plan_and_setup
	start_node n1
	start_frr_ns tenant 0
	run_all_tests tenant_logs
}

main "$@"
