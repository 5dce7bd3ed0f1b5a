#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh (make check): install what is missing, build everything, run
# every test, print the results as KTAP and, as the very last line,
# "N passed, N failed, N skipped" over all of them. Exit status 1 on any
# failure.
#
# Lanes, each a KTAP file in $O/results/:
#   build.ktap       the debug kernel (scripts/debug-kernel.sh), the module
#                    and its test variant for it and for the 6.1 and 6.12
#                    kernels (the module without the test variant's
#                    symbols), userspace (release and ASan+UBSan test
#                    build), the bench/ingest tools, test collections;
#                    for arm64 (cross, under $O/arm64): the module for
#                    Debian's arm64 kernel (scripts/arm64-kernel.sh),
#                    userspace and the VM's test collection, the arm64
#                    VM's root (scripts/arm64-root.sh, once)
#   checkpatch.ktap  scripts/checkpatch.sh
#   layers.ktap      scripts/layers.sh: userspace/'s folders keep to their
#                    layers
#   man.ktap         scripts/man-lint.sh: man/ lint-clean, every
#                    document key and dpubgpd option in its page
#   units.ktap       scripts/units.sh: dist/'s systemd unit verified and
#                    its exposure scored offline, dpubgpd's READY=1
#   dkms.ktap        scripts/dkms-test.sh: dkms.conf through Debian's
#                    dkms add/build/install/remove for every installed
#                    kernel's headers, in a temporary tree (about 30 s)
#   deb.ktap         scripts/deb-lint.sh: make deb's two packages, lintian
#                    clean at error level
#   deb-install.ktap scripts/deb-install-test.sh: both packages installed
#                    in a cached minimal chroot (scripts/deb-chroot.sh),
#                    DKMS's module, dpubgpd asked by dpubgpctl, purged:
#                    no file left (about 30 s)
#   unit.ktap        selftests/userspace, on the host
#   interop.ktap     selftests/interop on the host, as root: dpubgpd
#                    against FRR, BIRD 2, GoBGP, OpenBGPD and ExaBGP in
#                    network namespaces; promtool check metrics on a live
#                    scrape of GET /metrics (metrics.sh)
#   fuzz.ktap        the libFuzzer targets (BGP decoders, document
#                    parser), 20 s each (scripts/fuzz.sh)
#   vm-NAME/results.ktap  selftests/dpubgp, and the tests of
#                    selftests/interop that need VRFs ($VM_INTEROP), in a
#                    VM per kernel (selftests/vm/run.sh): Debian's 6.1 and
#                    6.12 (NAME is the release) and the debug kernel
#                    (KASAN, lockdep, kmemleak), whose tests are split over
#                    two VMs (NAME is the release and -1, -2); the first VM
#                    starts after the build, beside the lanes above, then
#                    as many VMs at once as there are cores, the slow debug
#                    ones first;
#                    vm-arm64: $ARM64_TESTS on Debian's arm64 kernel
#                    in qemu-system-aarch64
# Logs of the build steps are in $O/results/logs/.
#
# Environment: O (default: <repo>/build), VM_TIMEOUT (seconds, per VM;
# default 1200, 2400 for the debug kernel), VM_JOBS (VMs at once, default:
# nproc), DEBUG_KERNEL=0 (skip the debug kernel lane),
# DEBUG_KERNEL_CACHE (see scripts/debug-kernel.sh).
set -eu
shopt -s inherit_errexit

source "$(dirname "$0")/lib.sh"
R=$O/results
L=$R/logs

# The kernels to test on: the newest Debian headers of each series.
SERIES="6.1 6.12"
declare -A KDIR_GLOB=(
	[6.1]='/usr/src/linux-headers-6.1.*-amd64'
	[6.12]='/usr/src/linux-headers-6.12.*+deb12-amd64'
)

cd "$top"

kernel_release()
{
	sed -n 's/.*UTS_RELEASE "\(.*\)"/\1/p' "$1/include/generated/utsrelease.h"
}

# run_step NAME CMD...: run CMD with its output in $L/NAME.log and its exit
# status in $L/NAME.rc.
run_step()
{
	local name=$1 rc=0

	shift
	"$@" > "$L/$name.log" 2>&1 < /dev/null || rc=$?
	echo "$rc" > "$L/$name.rc"
	return 0
}

# step_skip NAME REASON: a step that does not run, skipped in the lane.
step_skip()
{
	echo "$2" > "$L/$1.skip"
}

# step_fail NAME REASON: a step that cannot run, failed in the lane.
step_fail()
{
	echo "$prog: $2" > "$L/$1.log"
	echo 1 > "$L/$1.rc"
}

# ktap_step NAME DESCRIPTION: the result of a finished run_step.
ktap_step()
{
	local name=$1 desc=$2 rc

	if [ -e "$L/$name.skip" ]; then
		ktap_test_skip "$desc" "$(cat "$L/$name.skip")"
		return
	fi
	rc=$(cat "$L/$name.rc" 2>/dev/null || echo none)
	if [ "$rc" = 0 ]; then
		ktap_test_pass "$desc"
	else
		tail -n 30 "$L/$name.log" 2>/dev/null | ktap_print_lines
		ktap_print_msg "full log: $L/$name.log"
		ktap_test_fail "$desc" "exit=$rc"
	fi
}

# skip_ktap DESCRIPTION REASON: a lane of one skipped test.
skip_ktap()
{
	ktap_print_header
	ktap_set_plan 1
	ktap_test_skip "$1" "$2"
	ktap_print_totals
}

# print_lane NAME FILE [LOG]: a lane's KTAP and its count, with the
# messages of selftests/vm/run.sh from LOG.
# The VMs' lanes finish while the host's run: one lane prints at a time.
print_lane()
{
	local summary

	summary=$("$top/scripts/ktap-count" "$2" 2>&1 | tail -n 1) || true
	{
		flock 8
		ktap_print_msg "==== $1"
		if [ $# -gt 2 ]; then
			grep '^vm: ' "$3" | grep -v ': kernel log: ' |
				ktap_print_lines || true
		fi
		cat "$2" 2>/dev/null || ktap_print_msg "$2 is missing"
		ktap_print_msg "==== $1: $summary (at $SECONDS s)"
	} 8> "$L/print.lock"
}

# The debug kernel, before the other builds: its module needs it, and its
# first build takes both cores for 10+ minutes (later runs reuse it). Sets
# dk (its directory, empty when there is none) and writes its release to
# $L/debug.kver (empty when there is none).
debug_kernel()
{
	dk=
	: > "$L/debug.kver"
	if [ "${DEBUG_KERNEL:-1}" = 0 ]; then
		step_skip debug-kernel "DEBUG_KERNEL=0"
		step_skip kmod-debug "DEBUG_KERNEL=0"
		return
	fi
	if ! dk=$(scripts/debug-kernel.sh --print); then
		ktap_print_msg "$prog: building the debug kernel" \
			"(KASAN, lockdep, kmemleak) into $dk: the first time" \
			"takes 10+ minutes, log in $L/debug-kernel.log" \
			"(at $SECONDS s)"
	fi
	run_step debug-kernel scripts/debug-kernel.sh
	if [ "$(cat "$L/debug-kernel.rc")" = 0 ]; then
		dk=$(tail -n 1 "$L/debug-kernel.log")
		cat "$dk/release" > "$L/debug.kver"
	else
		dk=
	fi
}

# build_kmod KDIR [OUT]: the module and its test variant, which
# lpm_selftest.sh loads, for the kernel in KDIR, under OUT (default $O).
build_kmod()
{
	scripts/build-kmod.sh "$1" "${2:-$O}/kmod" &&
	scripts/build-kmod.sh --test "$1" "${2:-$O}/kmod-test"
}

# arm64, the DPU's architecture: make's and pkg-config's cross settings
# (lib.mk takes CROSS_COMPILE, userspace/Makefile CC and AR).
ARM64_ENV=(CROSS_COMPILE=aarch64-linux-gnu- CC=aarch64-linux-gnu-gcc
	   AR=aarch64-linux-gnu-ar
	   PKG_CONFIG_LIBDIR=/usr/lib/aarch64-linux-gnu/pkgconfig:/usr/share/pkgconfig)

# build_arm64: under $O/arm64, laid out as $O is, the module for Debian's
# arm64 kernel (its headers' kbuild cross-compiles), userspace and the
# VM's tests (with the ASan+UBSan userspace they link, $O/arm64/test).
# Writes the kernel's directory to $L/arm64.dir, its release to
# $L/kmod-arm64.kver.
build_arm64()
{
	local ak

	: > "$L/arm64.dir"
	echo "(no arm64 kernel)" > "$L/kmod-arm64.kver"
	run_step arm64-kernel scripts/arm64-kernel.sh
	if [ "$(cat "$L/arm64-kernel.rc")" = 0 ]; then
		ak=$(tail -n 1 "$L/arm64-kernel.log")
		echo "$ak" > "$L/arm64.dir"
		cat "$ak/release" > "$L/kmod-arm64.kver"
		run_step kmod-arm64 build_kmod "$ak/build" "$O/arm64"
	else
		step_fail kmod-arm64 "no arm64 kernel: see arm64-kernel.log"
	fi
	run_step userspace-arm64 env "${ARM64_ENV[@]}" \
		make -C userspace BUILD="$O/arm64/userspace"
	run_step ksft-arm64 env O="$O/arm64" "${ARM64_ENV[@]}" \
		scripts/ksft.sh install "$O/arm64/ksft-vm" dpubgp
	run_step arm64-root scripts/arm64-root.sh
}

# test_code_apart KVER: the self-test and the benchmark are in the test
# variant only.
test_code_apart()
{
	local ko=$O/kmod/$1/dpubgp.ko test_ko=$O/kmod-test/$1/dpubgp.ko syms sym

	syms=$(nm "$ko") || return 1
	if grep -E 'selftest|bench' <<< "$syms"; then
		echo "$ko has the test variant's symbols above"
		return 1
	fi
	syms=$(nm "$test_ko") || return 1
	for sym in dpubgp_lpm_selftest dpubgp_bench_init; do
		grep " T $sym\$" <<< "$syms" ||
			{ echo "$test_ko has no $sym"; return 1; }
	done
}

# build_steps: the build lane, a line per step: the name of its
# run_step, a space, what it builds.
build_steps()
{
	local dkver s

	dkver=$(cat "$L/debug.kver")
	echo "debug-kernel build the debug kernel${dkver:+ $dkver}"
	echo "kmod-debug build dpubgp.ko for ${dkver:-the debug kernel}"
	for s in $SERIES; do
		echo "kmod-$s build dpubgp.ko for $(cat "$L/kmod-$s.kver")"
		echo "kmod-apart-$s self-test and bench only in the test variant for $(cat "$L/kmod-$s.kver")"
	done
	echo "arm64-kernel fetch Debian's arm64 kernel and headers $(cat "$L/kmod-arm64.kver")"
	echo "kmod-arm64 build dpubgp.ko for $(cat "$L/kmod-arm64.kver") (cross)"
	echo "userspace build userspace"
	echo "userspace-arm64 build userspace for arm64 (cross)"
	echo "userspace-test build userspace with ASan+UBSan"
	echo "bench-tools build bench/ingest's injector and monitor"
	echo "ksft-host install selftests/userspace"
	echo "ksft-interop install selftests/interop"
	echo "ksft-vm install selftests/dpubgp and selftests/interop for the VMs"
	echo "ksft-arm64 install selftests/dpubgp for arm64 (cross)"
	echo "arm64-root make the arm64 VM's root"
}

build()
{
	local kdir kver c s step steps
	local kvers=""

	for s in $SERIES; do
		kdir=$(newest "${KDIR_GLOB[$s]}")
		if [ -z "$kdir" ]; then
			step_fail "kmod-$s" "no kernel headers ${KDIR_GLOB[$s]}: run scripts/deps.sh"
			echo "(no headers)" > "$L/kmod-$s.kver"
			continue
		fi
		kver=$(kernel_release "$kdir")
		echo "$kver" > "$L/kmod-$s.kver"
		kvers="$kvers $kver"
		run_step "kmod-$s" build_kmod "$kdir" &
	done
	if [ -n "$dk" ]; then
		run_step kmod-debug build_kmod "$dk/build" &
	elif [ ! -e "$L/kmod-debug.skip" ]; then
		step_fail kmod-debug "no debug kernel: see debug-kernel.log"
	fi
	(
		run_step userspace make -C userspace BUILD="$O/userspace"
		run_step userspace-test make -C userspace BUILD="$O/test" SAN=1
		# Built, not run (make bench-ingest runs them), so that they
		# keep building with the library they link.
		run_step bench-tools make -C bench/ingest O="$O"
	) &
	build_arm64 &
	wait
	for s in $SERIES; do
		run_step "kmod-apart-$s" test_code_apart "$(cat "$L/kmod-$s.kver")"
	done

	# Host collections, then VM ones (the tests may link $O/test/*.a).
	# A collection counts from when it has a Makefile.
	if [ -f selftests/userspace/Makefile ]; then
		run_step ksft-host scripts/ksft.sh install "$O/ksft-host" userspace
	else
		step_skip ksft-host "not there yet"
	fi
	run_step ksft-interop scripts/ksft.sh install "$O/ksft-interop" interop
	c=dpubgp
	if [ ! -f selftests/dpubgp/Makefile ]; then
		c=
		step_skip ksft-vm "not there yet"
	fi
	# Without a collection this still installs the runner, for the VMs.
	run_step ksft-vm scripts/ksft.sh install "$O/ksft-vm" $c interop

	echo "$kvers" > "$L/kvers"
	mapfile -t steps < <(build_steps)
	{
		ktap_print_header
		ktap_set_plan ${#steps[@]}
		for step in "${steps[@]}"; do
			ktap_step "${step%% *}" "${step#* }"
		done
		ktap_print_totals
	} > "$R/build.ktap"
}

unit_tests()
{
	if [ ! -s "$O/ksft-host/kselftest-list.txt" ]; then
		skip_ktap "unit tests" "no selftests/userspace installed" \
			> "$R/unit.ktap"
		return
	fi
	# Append: runner.sh writes the tests' own output through a second
	# open of /dev/stdout (4>>"$logfile"), which would overwrite the
	# runner's lines if stdout were not opened with O_APPEND.
	: > "$R/unit.ktap"
	(
		export DPUBGPCTL=$O/test/dpubgpctl
		export PATH=$O/test:$PATH
		"$O/ksft-host/run_kselftest.sh"
	) >> "$R/unit.ktap" 2>&1 < /dev/null || true
}

# Interop with other speakers; its tests skip themselves when not root.
interop_tests()
{
	if [ ! -s "$O/ksft-interop/kselftest-list.txt" ]; then
		skip_ktap "interop tests" "no selftests/interop installed" \
			> "$R/interop.ktap"
		return
	fi
	: > "$R/interop.ktap"
	"$O/ksft-interop/run_kselftest.sh" >> "$R/interop.ktap" 2>&1 \
		< /dev/null || true
}

# The VMs, $VM_JOBS at once (one per core), the slowest first, the first of
# them while the host's lanes run; print each as it finishes. The debug
# kernel's tests take minutes under KASAN and TCG, so its lane is two VMs
# of about the same length: one runs $DEBUG_VM_A (the entries of the list
# that exist), the other everything else but $NOT_DEBUG: ports.sh,
# routes.sh and forwarding.sh.
DEBUG_VM_A="dpubgp:genl_test dpubgp:module.sh dpubgp:lpm_selftest.sh"
# Not on the debug kernel: dpubgpd's tests. Their kernel paths (the
# module's netlink API, ports bound to their devices, VRF routes, the
# forwarding path) are genl_test's, ports.sh's, routes.sh's and
# forwarding.sh's, which run there; under KASAN they would add a quarter
# of an hour of dpubgpd, FRR and curl in userspace.
NOT_DEBUG="dpubgp:metadata.sh dpubgp:vips.sh"
# Of the interop collection, the VMs run these, with the tenant ports in
# VRFs (TENANT_VRF=1, the default in a VM): what a tenant is trusted with
# and what its routes outlive, checked in the VPC's table and the module.
VM_INTEROP="interop:trust.sh interop:tenant_keep.sh"
# Only in the newest Debian kernel's VM: the speakers as tenants; only in
# the oldest's: $VM_INTEROP. They take the kernel paths that vips.sh takes
# in every VM already; elsewhere they would only add minutes (four and
# five under TCG, more under KASAN) to the run.
NEWEST_ONLY="dpubgp:tenants.sh"
OLDEST_ONLY=$VM_INTEROP
# The arm64 VM runs only these: the module's load and unload, the netlink
# API and the forwarding path with real packets; the other tests take the
# same kernel paths on amd64 and would only add minutes under emulation.
ARM64_TESTS="dpubgp:module.sh dpubgp:genl_test dpubgp:forwarding.sh"

# shellcheck disable=SC2317 # invoked by the trap
stop_vms()
{
	local pid

	for pid in $(jobs -p); do
		kill "$pid" 2>/dev/null || true
	done
}

# vm_tests_of KIND: the tests of a VM, on one line after a space. KIND is
# newest or oldest (a Debian kernel's), both (the only one's), other (a
# Debian kernel's between them), debug-a ($DEBUG_VM_A of the debug
# kernel's) or debug-b (the rest of the debug kernel's).
vm_tests_of()
{
	local t

	[ -s "$O/ksft-vm/kselftest-list.txt" ] || return 0
	while read -r t; do
		case "$t" in
		interop:*)
			case " $VM_INTEROP " in *" $t "*) ;; *) continue ;; esac
		esac
		case " $NEWEST_ONLY " in
		*" $t "*) [ "$1" = newest ] || [ "$1" = both ] || continue ;;
		esac
		case " $OLDEST_ONLY " in
		*" $t "*) [ "$1" = oldest ] || [ "$1" = both ] || continue ;;
		esac
		case " $NOT_DEBUG " in
		*" $t "*) case "$1" in debug-*) continue ;; esac ;;
		esac
		case "$1 $DEBUG_VM_A " in
		"debug-a"*" $t "*) ;;
		debug-a*) continue ;;
		"debug-b"*" $t "*) continue ;;
		esac
		printf ' %s' "$t"
	done < "$O/ksft-vm/kselftest-list.txt"
}

# vm_lanes: one line per VM, "NAME KVER TESTS...", the longest first.
vm_lanes()
{
	local kver kvers newest oldest kind

	if [ -n "$dk" ]; then
		kver=$(cat "$L/debug.kver")
		echo "$kver-2 $kver$(vm_tests_of debug-b)"
		echo "$kver-1 $kver$(vm_tests_of debug-a)"
	fi
	[ ! -s "$L/arm64.dir" ] ||
		echo "arm64 $(cat "$L/kmod-arm64.kver") $ARM64_TESTS"
	read -ra kvers < "$L/kvers"
	newest=$(printf '%s\n' "${kvers[@]}" | sort -V | tail -n 1)
	oldest=$(printf '%s\n' "${kvers[@]}" | sort -V | head -n 1)
	for kver in "${kvers[@]}"; do
		case "$kver" in
		"$newest") kind=newest ;;
		"$oldest") kind=oldest ;;
		*) kind=other ;;
		esac
		[ "$newest" != "$oldest" ] || kind=both
		echo "$kver $kver$(vm_tests_of $kind)"
	done
}

# Starts the VMs as cores allow: one while the host's lanes run (they take
# about one core, and the interop tests' timers want it), all of them once
# $L/host-lanes-done exists.
vm_tests()
{
	local name kver tests pid lanes=() names=() i todo=() args jobs o

	trap 'stop_vms; exit 130' INT
	trap 'stop_vms; exit 143' TERM HUP
	mapfile -t todo < <(vm_lanes)
	while [ ${#todo[@]} -gt 0 ] || [ ${#lanes[@]} -gt 0 ]; do
		jobs=1
		[ -e "$L/host-lanes-done" ] && jobs=${VM_JOBS:-$(nproc)}
		while [ ${#todo[@]} -gt 0 ] && [ ${#lanes[@]} -lt "$jobs" ]; do
			read -r name kver tests <<< "${todo[0]}"
			todo=("${todo[@]:1}")
			args=()
			o=$O
			if [ "$name" = arm64 ]; then
				args=(--arch arm64)
				o=$O/arm64
			elif [ -n "$dk" ] && [ "$kver" = "$(cat "$dk/release")" ]; then
				# KASAN and kmemleak under TCG: slower, and
				# KASAN's shadow takes an eighth of the memory.
				args=(--image "$dk/bzImage" --mem 2G
				      --modules "$dk/modules/lib/modules/$kver"
				      --timeout "${VM_TIMEOUT:-2400}"
				      --boot-timeout 300)
			fi
			[ -n "$tests" ] && args+=(--tests "$tests")
			O=$o selftests/vm/run.sh --kernel "$kver" "${args[@]}" \
				--ksft "$o/ksft-vm" --out "$R/vm-$name" \
				--no-stream \
				> "$L/vm-$name.log" 2>&1 < /dev/null &
			lanes+=($!)
			names+=("$name")
		done
		# A VM ends, or the host's lanes do: look again every second.
		sleep 1
		for i in "${!lanes[@]}"; do
			pid=${lanes[$i]}
			kill -0 "$pid" 2>/dev/null && continue
			wait "$pid" || true
			name=${names[$i]}
			print_lane "vm $name" "$R/vm-$name/results.ktap" \
				"$L/vm-$name.log"
			unset "lanes[$i]" "names[$i]"
		done
		lanes=("${lanes[@]}")
		names=("${names[@]}")
	done
}

# script_lane NAME SCRIPT [ARG]...: a lane that is a script of scripts/,
# its KTAP in $R/NAME.ktap.
script_lane()
{
	"$top/scripts/$2" "${@:3}" > "$R/$1.ktap" 2>&1 || true
	print_lane "$1" "$R/$1.ktap"
}

main()
{
	local files name vms rc=0

	"$top/scripts/deps.sh" || die "installing the dependencies failed"
	"$top/scripts/kselftest-fetch.sh" ||
		die "extracting kselftest from linux-source failed"

	rm -rf "$R"
	mkdir -p "$L"

	debug_kernel
	build
	print_lane build "$R/build.ktap"

	vm_tests &
	vms=$!
	trap 'kill "$vms" 2>/dev/null; wait "$vms"; exit 130' INT
	trap 'kill "$vms" 2>/dev/null; wait "$vms"; exit 143' TERM HUP

	script_lane checkpatch checkpatch.sh
	script_lane layers layers.sh
	script_lane man man-lint.sh
	script_lane units units.sh
	script_lane dkms dkms-test.sh
	script_lane deb deb-lint.sh
	script_lane deb-install deb-install-test.sh

	unit_tests
	print_lane "unit tests" "$R/unit.ktap"

	interop_tests
	print_lane interop "$R/interop.ktap"

	script_lane fuzz fuzz.sh 20

	touch "$L/host-lanes-done"
	wait "$vms" || true

	files="$R/build.ktap $R/checkpatch.ktap $R/layers.ktap $R/unit.ktap"
	files="$files $R/interop.ktap $R/man.ktap"
	files="$files $R/units.ktap $R/dkms.ktap $R/deb.ktap"
	files="$files $R/deb-install.ktap"
	files="$files $R/fuzz.ktap"
	while read -r name _; do
		files="$files $R/vm-$name/results.ktap"
	done < <(vm_lanes)
	# shellcheck disable=SC2086
	"$top/scripts/ktap-count" $files 2>&1 || rc=$?
	return $rc
}

main "$@"
