#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-kernel: the kernel module against the kernel itself, in one
# VM (selftests/vm/run.sh), every comparison side by side in the same run:
#   lookup  ns per lookup, the port's LPM table vs the main FIB table, on
#           the same random prefixes (debugfs dpubgp/lpm_bench: the
#           module's test variant, loaded with bench=1)
#   load    routes/s, batched genetlink into a port vs ip -batch into the
#           main table, the same prefixes
#   install routes/s into a VRF table via a host on a port: dpubgpd's
#           batched rtnetlink (kbench install) vs ip -batch, beside the
#           module's batched genetlink (load), the same prefixes; and
#           end to end (E2E=1): dpubgpd with a tenant announcing them,
#           from the first UPDATE to all of them in the VRF table
#   pps     UDP packets/s forwarded through the dpu namespace with the
#           module's rules (R1 source filter, R3 VIP routed by the main
#           table) vs nftables set + ip rule doing the same
# and prints a table. See bench/README.md.
#
# Environment: KERNEL (6.12), MEM (4G), RUNS (2), SIZES (1000 100000
# 1000000), LOOKUPS (1000000), PPS_ROUTES (10000), PPS_SECONDS (5),
# PPS_ROUNDS (3), SEED (1), E2E (1; 0 leaves the end-to-end install
# out), E2E_TIMEOUT (300): see guest.sh.
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"

KERNEL=${KERNEL:-6.12}
MEM=${MEM:-4G}
RUNS=${RUNS:-2}
SIZES=${SIZES:-1000 100000 1000000}
LOOKUPS=${LOOKUPS:-1000000}
PPS_ROUTES=${PPS_ROUTES:-10000}
PPS_SECONDS=${PPS_SECONDS:-5}
PPS_ROUNDS=${PPS_ROUNDS:-3}
SEED=${SEED:-1}
E2E=${E2E:-1}
E2E_TIMEOUT=${E2E_TIMEOUT:-300}

"$top/scripts/deps.sh"
kdir=$(newest "/usr/src/linux-headers-$KERNEL.*-amd64")
krel=${kdir##*/linux-headers-}
"$top/scripts/build-kmod.sh" --test "$kdir" "$O/kmod-test" > /dev/null
make -s -C "$top/userspace" BUILD="$O/userspace"
make -s -C "$top/bench/ingest" O="$O"
mkdir -p "$O/bench"
# shellcheck disable=SC2046
cc -std=gnu11 -O2 -g -Wall -Wextra -Werror -I"$top/uapi" \
	-I"$top/userspace" -o "$O/bench/kbench" "$top/bench/kbench.c" \
	"$top/bench/prefixgen.c" \
	"$O/userspace/libdpubgp.a" $(pkg-config --libs libmnl)

e2e=
[ "$E2E" = 0 ] || e2e=DPUBGPD=$O/userspace/dpubgpd
out=$O/results/bench-kernel
rm -rf "$out"
"$top/selftests/vm/run.sh" --kernel "$krel" --no-ko --mem "$MEM" \
	--timeout 7200 --out "$out" --no-stream \
	--cmd "KO=$O/kmod-test/$krel/dpubgp.ko KBENCH=$O/bench/kbench \
DPUBGPCTL=$O/userspace/dpubgpctl RUNS=$RUNS SIZES='$SIZES' \
LOOKUPS=$LOOKUPS PPS_ROUTES=$PPS_ROUTES PPS_SECONDS=$PPS_SECONDS \
PPS_ROUNDS=$PPS_ROUNDS SEED=$SEED E2E_TIMEOUT=$E2E_TIMEOUT \
INJECT=$O/bench/ingest_inject $e2e $top/bench/guest.sh" > /dev/null || {
	echo "bench-kernel: the VM run failed; see $out" >&2
	tail -n 20 "$out/output.log" >&2
	exit 1
}

grep '^RESULT' "$out/output.log" > "$out/results.txt"
"$top/bench/table.awk" "$out/results.txt"
