#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the demo VM, dpubgp.ko loaded: the whole story of a tenant
# VIP (doc/design.md §4.3, §4.6, §5.2). A tenant host (FRR) behind port t0
# of a DPU peers with dpubgpd, its peer ASN read from the metadata
# service at 169.254.169.254 (§4.4), and announces two VIPs, one with the leak community 65100:1. dpubgpd
# puts both in VPC blue's VRF table and in the module, the leaked one
# with its leak flag, and advertises the leaked one to the fabric. The
# overlay reaches both VIPs, the underlay only the leaked one. The
# topology is selftests/dpubgp/vips.sh's (dpu_topology): namespaces host,
# dpu, overlay and underlay.
#
# Environment: DPUBGPD, DPUBGPCTL (the release builds), O.
here=$(cd "$(dirname "$0")" && pwd)
source "$here/../selftests/dpubgp/lib.sh"
source "$here/../selftests/interop/lib.sh"

NODES=dpu

# dpubgpctl ARG...: the CLI on the DPU, shown as typed there.
dpubgpctl()
{
	echo
	echo "[dpu]\$ dpubgpctl $*"
	ctl dpu "$@"
}

# at NS CMD...: CMD in namespace NS, shown as it would be typed there.
at()
{
	local n=$1

	shift
	echo
	echo "[$n]\$ $*"
	ip netns exec "${ns[$n]}" "$@"
}

die_demo()
{
	echo "demo: $*" >&2
	tail -n 20 "$tmp/dpu.log" >&2
	exit 1
}

echo "kernel $(uname -r), $(grep -o '^dpubgp [0-9]*' /proc/modules) bytes loaded"
dpu_topology || die_demo "cannot build the topology"
for a in 203.0.113.10 203.0.113.30; do
	ip -n "${ns[host]}" addr add "$a/32" dev lo
done
tmp=$(mktemp -d)
chmod 755 "$tmp"

cat > "$tmp/dpubgp.yaml" <<EOD
nodes:
  dpu: {ipv4: 10.2.0.1}
tenant:
  dpu_asn_pool: {start: 4268000000, end: 4268999999}
fnn:
  routing_profiles:
    internal:
      allowed_anycast_prefixes: [203.0.113.0/24]
      tenant_leak_communities_accepted: true
vpcs:
  blue: {vrf: vpc-blue, table: 100, routing_profile: internal}
ports:
  dpu:
    t0:
      vpc: blue
      host: [10.0.0.2]
      gateway: [10.0.0.1/24]
EOD
echo
echo "# The datastore document of the DPU (node dpu):"
cat "$tmp/dpubgp.yaml"
start_node dpu
slowwait 10 ctl dpu status > /dev/null 2>&1 || die_demo "dpubgpd did not start"
md=http://169.254.169.254/latest/meta-data
slowwait 10 ip netns exec "${ns[host]}" curl -sf "$md/asn" > /dev/null ||
	die_demo "the metadata service did not answer"
echo
echo "# The tenant learns the DPU's ASN, and what else it needs to peer,"
echo "# from the metadata service, through its default route:"
at host curl -s "$md/asn"
echo
at host curl -s "$md/bgp.json"
echo
dpu_as=$(ip netns exec "${ns[host]}" curl -s "$md/asn")

mkdir -p "$tmp/host"
cat > "$tmp/host/bgpd.conf" <<EOC
frr defaults traditional
hostname host
router bgp 65010
 bgp router-id 10.0.0.2
 no bgp ebgp-requires-policy
 no bgp network import-check
 neighbor 10.0.0.1 remote-as $dpu_as
 neighbor 10.0.0.1 timers connect 1
 address-family ipv4 unicast
  network 203.0.113.10/32 route-map LEAK
  network 203.0.113.30/32
 exit-address-family
route-map LEAK permit 10
 set community 65100:1
EOC
echo
echo "# The tenant host's FRR: 203.0.113.10 with 65100:1 (leak to the"
echo "# underlay), 203.0.113.30 without:"
cat "$tmp/host/bgpd.conf"
frr_run host "${ns[host]}" "$tmp/host" 0
slowwait 60 eval '[ "$(ip -n "${ns[dpu]}" route show table 100 proto 124 | wc -l)" = 2 ]' ||
	die_demo "the VIPs did not reach the VRF table"

dpubgpctl status
at dpu ip route show vrf vpc-blue
echo
echo "# proto 124 is dpubgpd's: \"proto dpubgp\" once"
echo "# etc/iproute2/rt_protos.d/dpubgp.conf is installed."
at dpu ip route show table 100 proto 124
dpubgpctl kernel show
echo
echo "# From the overlay (VPC blue), both VIPs answer: the VRF routes them"
echo "# to the host."
at overlay ping -c 2 -W 2 203.0.113.10
at overlay ping -c 2 -W 2 203.0.113.30
echo
echo "# From the underlay, the leaked VIP answers (R2: the module's leak"
echo "# table sends it into VPC blue, R4 sends the answer back); the other"
echo "# does not: the tenant did not ask for the leak."
at underlay ping -c 2 -W 2 203.0.113.10
at underlay ping -c 2 -W 2 203.0.113.30 || echo "(no answer, as it should be)"
