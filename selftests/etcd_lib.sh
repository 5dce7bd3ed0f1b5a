# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# etcd for the tests of the etcd datastore (doc/design.md §8): Debian's
# etcd-server, started by the test itself on addresses and ports of its
# own, its data in $tmp/etcd-NAME, stopped with the test (pid[etcd_NAME]:
# ../lib.sh's cleanup). Sourced after ../lib.sh.
#
# Environment: ETCD, ETCDCTL (default: etcd and etcdctl on PATH).
# shellcheck disable=SC2154 # tmp, ns_suffix: lib.sh's, sourced before

ETCD=${ETCD:-etcd}
ETCDCTL=${ETCDCTL:-etcdctl}
export ETCDCTL_API=3

# etcd_run NAME CLIENT PEER CLUSTER [CMD...]: member NAME of CLUSTER
# ("NAME=http://PEER,..."), serving clients at CLIENT (HOST:PORT) and its
# peers at PEER; run through CMD (ip netns exec NS) when given. A data
# directory that exists already is started again as it is.
etcd_run()
{
	local name=$1 client=$2 peer=$3 cluster=$4

	shift 4
	"$@" "$ETCD" --name "$name" --data-dir "$tmp/etcd-$name" \
		--listen-client-urls "http://$client" \
		--advertise-client-urls "http://$client" \
		--listen-peer-urls "http://$peer" \
		--initial-advertise-peer-urls "http://$peer" \
		--initial-cluster "$cluster" --initial-cluster-state new \
		--initial-cluster-token "dpubgp-$ns_suffix" \
		>> "$tmp/etcd-$name.log" 2>&1 &
	pid["etcd_$name"]=$!
}

# etcd_stop NAME [SIGNAL]: stop member NAME (default SIGTERM) and wait.
etcd_stop()
{
	kill -s "${2:-TERM}" "${pid["etcd_$1"]}" && wait "${pid["etcd_$1"]}"
	pid["etcd_$1"]=
	return 0
}

# etcd_healthy ENDPOINTS [CMD...]: every one of ENDPOINTS (HOST:PORT,...)
# answers, through CMD when given.
etcd_healthy()
{
	local endpoints=$1

	shift
	"$@" "$ETCDCTL" --endpoints "$endpoints" --command-timeout=1s \
		endpoint health > /dev/null 2>&1
}

# etcd_port: a client port, and the next one for peers, that nothing
# listens on; random, so that runs at the same time do not collide.
etcd_port()
{
	local port

	while :; do
		port=$((20000 + RANDOM % 20000 * 2))
		ss -Htln "sport = :$port or sport = :$((port + 1))" |
			grep -q . || break
	done
	echo "$port"
}
