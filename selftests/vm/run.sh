#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh: boot a Debian kernel in qemu (TCG) on the host's own root file
# system and run the installed kselftests, or a command, in it.
#
# usage: run.sh --kernel KVER (--ksft DEST | --cmd 'COMMAND') [options]
#   --arch arm64    an arm64 guest (qemu-system-aarch64 -M virt, Cortex-A72 as
#                   on a BlueField-2) on Debian's arm64 kernel and modules
#                   (scripts/arm64-kernel.sh; KVER defaults to its release)
#                   and an arm64 root (scripts/arm64-root.sh)
#   --root DIR      the guest's root file system instead of the host's (or
#                   the arm64 root); the guest sees the host's directories
#                   of the tree, $O and the modules at their own paths
#   --root-rw       write to it (no overlay): how arm64-root.sh configures it
#   --kernel KVER   kernel release, /boot/vmlinuz-KVER and /lib/modules/KVER;
#                   a prefix such as 6.1 or 6.12 picks the newest match
#   --image PATH    boot this kernel image instead of /boot/vmlinuz-KVER
#                   (then KVER must be its exact release)
#   --modules DIR   its modules tree (with modules.dep, modules.builtin)
#                   instead of /lib/modules/KVER; the guest sees it there
#   --ksft DEST     run DEST/run_kselftest.sh (see scripts/ksft.sh install)
#   --cmd COMMAND   run "bash -c COMMAND" instead, in the current directory
#   --out DIR       results directory (default: $O/results/vm-KVER)
#   --ko PATH       module to insmod before and rmmod after the tests
#                   (default: $O/kmod/KVER/dpubgp.ko)
#   --test-ko PATH  the module's test variant, for the tests that load it
#                   (default: $O/kmod-test/KVER/dpubgp.ko)
#   --no-ko         no module
#   --tests 'C:T ...'  run only these collection:test entries (run_kselftest.sh -t)
#   --timeout SEC   kill the VM after SEC seconds (default: $VM_TIMEOUT or 1200)
#   --boot-timeout SEC  a VM that has not reached guest-init.sh after SEC
#                   seconds (default: a quarter of --timeout) is stopped and
#                   booted once more
#   --smp N, --mem SIZE   guest CPUs (default 1) and memory (default 1G)
#   --stream, --no-stream show the tests' output while they run (default:
#                   when stdout is a terminal)
# Environment: O (default: <repo>/build), VM_TIMEOUT, VM_APPEND (added to
# the kernel command line).
#
# The initramfs (busybox-static, the modules that mounting the host's root
# over virtio-9p needs, and ./init) is cached in $O/vm/KVER/ and rebuilt when
# one of its inputs changes (a kernel with them built in, like the one of
# scripts/debug-kernel.sh, gets none). ./init mounts the host's root
# read-only with a tmpfs overlay and switch_roots into ./guest-init.sh, which
# loads the module, runs the tests with the environment
#   O  KSFT  DPUBGP_KO  DPUBGP_TEST_KO  DPUBGPCTL=$O/test/dpubgpctl
#   PATH=$O/test:...
#   DPUBGP_VM=1  DPUBGP_RESULTS=/run/results (the results share)
# and powers off. Module autoloading (vrf, veth, ...) works through the
# host's /sbin/modprobe and /lib/modules (--modules DIR is bind-mounted on
# /lib/modules/KVER). On a kernel with kmemleak, the guest scans for leaks
# after the tests and the module's removal (kmemleak.log).
#
# Results in DIR: console.log (serial console: kernel messages of level
# warning and up), output.log (the tests' stdout+stderr), dmesg.log, status,
# insmod.log, rmmod.log, kmemleak.log, qemu.log, and results.ktap: output.log
# followed by the VM's own results (insmod, tests finished, rmmod, kernel log
# clean, kmemleak clean).
# stdout gets results.ktap (streamed or at the end). Exit status: 0 when
# scripts/ktap-count finds no failure in results.ktap.
#
# A VM that runs out of time is sent an NMI (qemu's monitor, monitor.sock),
# which panics the guest (unknown_nmi_panic) with its backtrace, the state
# of every task, the locks held and the whole kernel log on the console
# (panic_print): console.log says where it was stuck. A VM that did not
# get to guest-init.sh by the boot deadline is diagnosed the same way, its
# console kept as console.boot1.log, and booted a second time: nothing of
# ours has run by then (guest-init.sh loads the module).
set -eu
shopt -s inherit_errexit

here=$(cd "$(dirname "$0")" && pwd)
source "$here/../../scripts/lib.sh"
prog=vm

# Modules needed to mount the root: virtio_pci is built in on 6.12.
INITRAMFS_MODULES="virtio_pci 9pnet_virtio 9p overlay"
# Warnings and worse on the console (the whole log is in dmesg.log); an
# oops ends the run at once rather than leave the tests hanging on the
# locks it held, a panic ends qemu (-no-reboot). Stall and lockup detectors
# more patient than the default 21 s and 2 x 10 s: under TCG on a loaded
# host a vCPU can be starved for that long and bugs still show, later.
# VM_APPEND adds to it (say, loglevel=8).
KCMDLINE="console=ttyS0 loglevel=5 panic=-1 oops=panic"
KCMDLINE+=" rcupdate.rcu_cpu_stall_timeout=60 watchdog_thresh=30"
# An NMI from the host (see stop_qemu) panics the guest, which then prints
# every task's state (0x1), the locks held (0x8) and the whole log (0x20).
KCMDLINE+=" unknown_nmi_panic panic_print=0x29"
KCMDLINE+="${VM_APPEND:+ $VM_APPEND}"
# A kernel log line matching this fails the run.
KLOG_BAD='WARNING:|BUG:|Oops|Call Trace|general protection fault|kernel BUG'
KLOG_BAD+='|Kernel panic|rcu: INFO|rcu_.* self-detected stall|detected stalls'
KLOG_BAD+='|suspicious RCU usage|possible circular locking'
KLOG_BAD+='|possible recursive locking|inconsistent lock state'
KLOG_BAD+='|UBSAN:|KASAN:|kmemleak|unreferenced object|soft lockup'
KLOG_BAD+='|hard LOCKUP|blocked for more than|refcount_t:|list_add corruption'
KLOG_BAD+='|list_del corruption'
# ... unless it matches this (kmemleak's boot message).
KLOG_OK='kmemleak: Kernel memory leak detector initialized'

arch=amd64
root=
root_rw=
kernel=
image=
moddir=
ksft=
cmd=
out=
ko=
test_ko=
noko=
timeout=${VM_TIMEOUT:-1200}
boot_timeout=
tests=
smp=1
mem=1G
stream=
[ -t 1 ] && stream=1

qpid=
tpid=

usage()
{
	sed -n '4,39s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

cleanup()
{
	if [ -n "$qpid" ] && kill -0 "$qpid" 2>/dev/null; then
		echo "vm: $kernel: interrupted, stopping qemu" >&2
		kill "$qpid" 2>/dev/null || true
	fi
	if [ -n "$tpid" ] && kill -0 "$tpid" 2>/dev/null; then
		kill "$tpid" 2>/dev/null || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

parse_args()
{
	while [ $# -gt 0 ]; do
		case "$1" in
		--arch) arch=${2?}; shift ;;
		--root) root=${2?}; shift ;;
		--root-rw) root_rw=1 ;;
		--kernel) kernel=${2?}; shift ;;
		--image) image=${2?}; shift ;;
		--modules) moddir=${2?}; shift ;;
		--ksft) ksft=${2?}; shift ;;
		--cmd) cmd=${2?}; shift ;;
		--out) out=${2?}; shift ;;
		--ko) ko=${2?}; shift ;;
		--test-ko) test_ko=${2?}; shift ;;
		--no-ko) noko=1 ;;
		--tests) tests=${2?}; shift ;;
		--timeout) timeout=${2?}; shift ;;
		--boot-timeout) boot_timeout=${2?}; shift ;;
		--smp) smp=${2?}; shift ;;
		--mem) mem=${2?}; shift ;;
		--stream) stream=1 ;;
		--no-stream) stream= ;;
		-h|--help) usage ;;
		*) echo "vm: unknown argument: $1" >&2; usage ;;
		esac
		shift
	done
	[ -n "$kernel" ] || [ "$arch" = arm64 ] || usage
	[ -n "$ksft" ] || [ -n "$cmd" ] || usage
	[ -z "$tests" ] || [ -n "$ksft" ] || usage
	boot_timeout=${boot_timeout:-$((timeout / 4))}
}

abspath()
{
	case "$1" in
	/*) echo "$1" ;;
	*) echo "$PWD/$1" ;;
	esac
}

# The guest sees the host's root, except for what it mounts itself; on
# a root of its own, the host's directories in $binds.
check_visible()
{
	local d

	if [ "$root" != / ]; then
		for d in $binds; do
			case "$1/" in "$d"/*) return 0 ;; esac
		done
		die "$1: the guest sees only $binds of the host"
	fi
	case "$1" in
	/run/*|/dev/*|/proc/*|/sys/*)
		die "$1: the guest mounts its own /run, /dev, /proc and /sys" \
		    "and cannot see this path" ;;
	esac
}

# What differs between the guests: qemu and its machine, the console,
# whether an NMI can be sent (x86 only), busybox of the initramfs, the
# kernel and the root arm64 has by default.
arch_setup()
{
	local ak

	case "$arch" in
	amd64)
		qemu=(qemu-system-x86_64)
		nmi=1
		busybox=/bin/busybox
		;;
	arm64)
		ak=$("$top/scripts/arm64-kernel.sh" --print) ||
			die "no arm64 kernel in $ak: run scripts/arm64-kernel.sh"
		qemu=(qemu-system-aarch64 -M virt -cpu cortex-a72)
		nmi=
		busybox=$ak/busybox
		kernel=${kernel:-$(cat "$ak/release")}
		image=${image:-$ak/Image}
		moddir=${moddir:-$ak/modules/lib/modules/$kernel}
		if [ -z "$root" ]; then
			root=$("$top/scripts/arm64-root.sh" --print) ||
				die "no arm64 root in $root: run scripts/arm64-root.sh"
		fi
		KCMDLINE=${KCMDLINE/console=ttyS0/console=ttyAMA0}
		KCMDLINE=${KCMDLINE/ unknown_nmi_panic/}
		;;
	*) die "--arch $arch: amd64 or arm64" ;;
	esac
	root=$(abspath "${root:-/}")
}

resolve_kernel()
{
	local k

	if [ -n "$image" ]; then
		image=$(abspath "$image")
		[ -r "$image" ] || die "kernel image $image is not readable"
	elif [ ! -e "/boot/vmlinuz-$kernel" ]; then
		k=$(newest "/boot/vmlinuz-$kernel.*" "/boot/vmlinuz-$kernel-*")
		[ -n "$k" ] || die "no kernel /boot/vmlinuz-$kernel:" \
			"apt-get install the linux-image package (scripts/deps.sh)"
		kernel=${k#/boot/vmlinuz-}
	fi
	image=${image:-/boot/vmlinuz-$kernel}
	[ -r "$image" ] || die "$image is not readable"
	moddir=$(abspath "${moddir:-/lib/modules/$kernel}")
	[ -r "$moddir/modules.dep" ] ||
		die "no $moddir/modules.dep for kernel $kernel"
	binds="$top $O $moddir"
	check_visible "$moddir"
}

# Print the modules to insmod, dependencies first, as paths relative to
# /lib/modules/KVER; "?name" for one that modules.dep does not know.
module_load_order()
{
	awk -v want="$INITRAMFS_MODULES" '
	{
		m = $1
		sub(/:$/, "", m)
		deps[m] = ""
		for (i = 2; i <= NF; i++)
			deps[m] = deps[m] " " $i
		name = m
		sub(/.*\//, "", name)
		sub(/\.ko(\.[a-z]+)?$/, "", name)
		path[name] = m
	}
	function load(m,	d, n, i) {
		if (m in done)
			return
		done[m] = 1
		n = split(deps[m], d, " ")
		for (i = n; i >= 1; i--)
			load(d[i])
		print m
	}
	END {
		n = split(want, w, " ")
		for (i = 1; i <= n; i++) {
			if (w[i] in path)
				load(path[w[i]])
			else
				print "?" w[i]
		}
	}' "$moddir/modules.dep"
}

modules_for_initramfs()
{
	local m

	module_load_order | while read -r m; do
		case "$m" in
		\?*)
			m=${m#\?}
			grep -q "/$m\.ko\$" "$moddir/modules.builtin" ||
				die "module $m is neither in modules.dep nor built into $kernel"
			;;
		*) echo "$m" ;;
		esac
	done
}

initramfs_key()
{
	local mods=$1 m

	{
		echo "$kernel"
		stat -L -c '%n %s %Y' "$moddir/modules.dep"
		sha256sum "$here/init" "$0"
		stat -L -c '%n %s %Y' "$busybox"
		for m in $mods; do
			stat -L -c '%n %s %Y' "$moddir/$m"
		done
	} | sha256sum | cut -d' ' -f1
}

# $O/vm/KVER/initramfs.cpio: busybox, init, the modules (decompressed: the
# busybox insmod does not read .ko.xz), modules.list in load order.
build_initramfs()
{
	local dir=$1 mods=$2 key=$3 tmp m dst

	echo "vm: building the initramfs for $kernel" >&2
	mkdir -p "$dir"
	tmp=$(mktemp -d "$dir/initramfs.XXXXXX")
	mkdir -p "$tmp/root/bin"
	cp "$busybox" "$tmp/root/bin/busybox"
	cp "$here/init" "$tmp/root/init"
	chmod 755 "$tmp/root/init"
	: > "$tmp/root/modules.list"
	for m in $mods; do
		dst=$tmp/root/lib/modules/$kernel/${m%.ko*}.ko
		mkdir -p "$(dirname "$dst")"
		case "$m" in
		*.ko) cp "$moddir/$m" "$dst" ;;
		*.ko.xz) xz -dc "$moddir/$m" > "$dst" ;;
		*.ko.gz) gzip -dc "$moddir/$m" > "$dst" ;;
		*.ko.zst) zstd -qdc "$moddir/$m" > "$dst" ;;
		*) rm -rf "$tmp"; die "$m: unknown module compression" ;;
		esac
		echo "${dst#"$tmp"/root}" >> "$tmp/root/modules.list"
	done
	(cd "$tmp/root" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --quiet) > "$tmp/initramfs.cpio"
	mv "$tmp/initramfs.cpio" "$dir/initramfs.cpio"
	echo "$key" > "$dir/initramfs.key"
	rm -rf "$tmp"
}

initramfs()
{
	local dir=$O/vm/$kernel mods key

	mods=$(modules_for_initramfs)
	key=$(initramfs_key "$mods")
	if [ ! -f "$dir/initramfs.cpio" ] ||
	   [ "$(cat "$dir/initramfs.key" 2>/dev/null)" != "$key" ]; then
		build_initramfs "$dir" "$mods" "$key"
	fi
	echo "$dir/initramfs.cpio"
}

sq()
{
	printf "'%s'" "${1//\'/\'\\\'\'}"
}

write_job()
{
	{
		echo "KVER=$(sq "$kernel")"
		echo "MODDIR=$(sq "$moddir")"
		echo "O=$(sq "$O")"
		echo "KSFT=$(sq "$ksft")"
		echo "CMD=$(sq "$cmd")"
		echo "DPUBGP_KO=$(sq "$ko")"
		echo "DPUBGP_TEST_KO=$(sq "$test_ko")"
		echo "HOST_PWD=$(sq "$PWD")"
		echo "TESTS=$(sq "$tests")"
	} > "$out/job.env"
}

now_ms()
{
	local t=${EPOCHREALTIME/[.,]/}

	echo $((t / 1000))
}

secs()
{
	printf '%d.%d' $(($1 / 1000)) $(($1 % 1000 / 100))
}

# stop_qemu REASON: ask the guest for its state (an NMI: it panics and
# prints it, then qemu exits, -no-reboot), give it a minute to do so (KASAN
# under TCG prints slowly), then kill qemu.
stop_qemu()
{
	local deadline

	echo "vm: $kernel: $1: NMI to the guest for its state (console.log), then stopping qemu" >&2
	deadline=$(now_ms)
	if [ -n "$nmi" ] && [ -S "$out/monitor.sock" ]; then
		echo nmi | socat -t 2 - "UNIX-CONNECT:$out/monitor.sock" \
			> /dev/null 2>&1 || true
		deadline=$((deadline + 60000))
	fi
	while kill -0 "$qpid" 2>/dev/null && [ "$(now_ms)" -lt "$deadline" ]; do
		sleep 0.2
	done
	kill "$qpid" 2>/dev/null || true
	deadline=$(($(now_ms) + 10000))
	while kill -0 "$qpid" 2>/dev/null; do
		if [ "$(now_ms)" -ge "$deadline" ]; then
			kill -KILL "$qpid" 2>/dev/null || true
		fi
		sleep 0.2
	done
}

# Boot, wait for the VM to power off, the boot deadline (guest-init.sh not
# reached) or the deadline, note when the tests started. Sets qrc, timed_out,
# boot_hung, boot_ms, total_ms.
boot()
{
	local initrd=$1 start deadline boot_deadline booted=
	local append=$KCMDLINE ro=,readonly=on hostdirs=()

	timed_out=
	boot_hung=
	boot_ms=
	rm -f "$out/monitor.sock"
	# A root of its own: init mounts the host's on /host and binds the
	# directories of $binds at their paths (the kernel hands init the
	# parameters it does not know as environment variables).
	if [ "$root" != / ]; then
		hostdirs=(-fsdev "local,id=host,path=/,security_model=none,readonly=on,multidevs=remap"
			  -device "virtio-9p-pci,fsdev=host,mount_tag=host")
		append+=" dpubgp_binds=${binds// /,}"
	fi
	if [ -n "$root_rw" ]; then
		ro=
		append+=" dpubgp_root_rw=1"
	fi
	start=$(now_ms)
	"${qemu[@]}" -accel tcg -m "$mem" -smp "$smp" \
		-nodefaults -no-user-config -display none -no-reboot \
		-kernel "$image" -initrd "$initrd" \
		-append "$append -- $here/guest-init.sh" \
		-serial "file:$out/console.log" \
		-monitor "unix:$out/monitor.sock,server=on,wait=off" \
		-fsdev "local,id=hostroot,path=$root,security_model=none$ro,multidevs=remap" \
		-device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot \
		"${hostdirs[@]}" \
		-fsdev local,id=results,path="$out",security_model=none \
		-device virtio-9p-pci,fsdev=results,mount_tag=results \
		< /dev/null > "$out/qemu.log" 2>&1 &
	qpid=$!
	if [ -n "$stream" ]; then
		tail -n +1 -s 0.2 -f --pid="$qpid" "$out/output.log" &
		tpid=$!
	fi

	deadline=$((start + timeout * 1000))
	boot_deadline=$((start + boot_timeout * 1000))
	while kill -0 "$qpid" 2>/dev/null; do
		if [ -z "$boot_ms" ] && grep -q '^tests_started=' "$out/status"; then
			boot_ms=$(($(now_ms) - start))
		fi
		if [ "$(now_ms)" -ge "$boot_deadline" ] && [ -z "$booted" ]; then
			if grep -q '^boot=' "$out/status"; then
				booted=1
			else
				boot_hung=1
				stop_qemu "not booted after $boot_timeout s"
				break
			fi
		fi
		if [ "$(now_ms)" -ge "$deadline" ]; then
			timed_out=1
			stop_qemu "timed out after $timeout s"
			break
		fi
		sleep 0.2
	done
	qrc=0
	wait "$qpid" || qrc=$?
	qpid=
	rm -f "$out/monitor.sock"
	if [ -n "$tpid" ]; then
		wait "$tpid" || true
		tpid=
	fi
	total_ms=$(($(now_ms) - start))
}

status_of()
{
	sed -n "s/^$1=//p" "$out/status" | tail -n 1
}

# The kernel log lines matching $KLOG_BAD, each with the rest of its report
# (up to its "---[ end" line, 60 lines at most). From dmesg.log when the
# guest got to write it, else from what the console caught.
kernel_log_problems()
{
	local log=$out/console.log

	[ -n "$(status_of finished)" ] && log=$out/dmesg.log
	tr -d '\r' < "$log" | awk -v bad="$KLOG_BAD" -v good="$KLOG_OK" '
	!/^\[ *[0-9]+\.[0-9]+\] / { next }
	/NMI received for unknown reason/ { exit }
	$0 ~ good { next }
	left > 0 {
		print
		left--
		if (/---\[ end/)
			left = 0
		next
	}
	$0 ~ bad {
		print
		left = 60
	}' | head -n 200
}

# What the guest was doing when stop_qemu's NMI panicked it: the panic
# and the interrupted CPU's backtrace, from the console.
nmi_state()
{
	[ -f "$out/console.log" ] || return 0
	tr -d '\r' < "$out/console.log" | awk '
	/Kernel panic - not syncing/ { on = 1 }
	on == 1 && /^\[ *[0-9]+\.[0-9]+\] / {
		print
		if (++n >= 45 || /<\/TASK>/)
			on = 2
		next
	}
	on == 2 && / state:D / && d++ < 10 { print }
	on == 2 && /Kernel panic - not syncing/ { exit }'
}

# The VM's own results, appended to results.ktap after the tests' output:
# a function each, that prints its result.
VM_CHECKS=(insmod_ok tests_finished rmmod_ok kernel_log_clean kmemleak_clean)

vm_ktap()
{
	local check

	ktap_print_header
	ktap_set_plan ${#VM_CHECKS[@]}
	for check in "${VM_CHECKS[@]}"; do
		"$check"
	done
	ktap_print_totals
}

insmod_ok()
{
	local st

	if [ -z "$ko" ]; then
		ktap_test_skip "insmod (no module) ($kernel)" "--no-ko"
		return
	fi
	st=$(status_of insmod)
	if [ "$st" = 0 ]; then
		ktap_test_pass "insmod $(basename "$ko") ($kernel)"
		return
	fi
	ktap_print_lines < "$out/insmod.log" 2>/dev/null || true
	[ -f "$ko" ] || ktap_print_msg "$ko does not exist"
	ktap_test_fail "insmod $(basename "$ko") ($kernel)" \
		"${st:+exit=}${st:-did not finish}"
}

tests_finished()
{
	local st what="run_kselftest.sh"

	[ -n "$cmd" ] && what="command"
	st=$(status_of tests)
	if [ "$st" = 0 ]; then
		ktap_test_pass "$what finished ($kernel)"
		return
	fi
	if [ -n "$st" ]; then
		ktap_test_fail "$what finished ($kernel)" "exit=$st"
		return
	fi
	if [ -n "$boot_hung" ]; then
		ktap_print_msg "not booted after $boot_timeout s, twice;" \
			"the guest's state at the time is in $out/console.log"
	elif [ -n "$timed_out" ]; then
		ktap_print_msg "timed out after $timeout s (got as far as:" \
			"$(tr '\n' ' ' < "$out/status")): the guest's state" \
			"at the time is in $out/console.log"
	else
		ktap_print_msg "the VM stopped before the tests finished" \
			"(qemu exit status $qrc); last console lines:"
		tail -n 25 "$out/console.log" | ktap_print_lines
		ktap_print_lines < "$out/qemu.log"
	fi
	ktap_test_fail "$what finished ($kernel)"
}

rmmod_ok()
{
	local st desc

	if [ -z "$ko" ]; then
		ktap_test_skip "rmmod (no module) ($kernel)" "--no-ko"
		return
	fi
	desc="rmmod $(basename "$ko" .ko) ($kernel)"
	st=$(status_of rmmod)
	case "$st" in
	0) ktap_test_pass "$desc" ;;
	notloaded) ktap_test_skip "$desc" "not loaded at the end" ;;
	*)
		ktap_print_lines < "$out/rmmod.log" 2>/dev/null || true
		ktap_test_fail "$desc" "${st:+exit=}${st:-did not finish}" ;;
	esac
}

kernel_log_clean()
{
	local problems

	problems=$(kernel_log_problems)
	if [ -z "$problems" ] && [ -n "$(status_of finished)" ]; then
		ktap_test_pass "kernel log clean ($kernel)"
		return
	fi
	if [ -n "$problems" ]; then
		echo "$problems" | ktap_print_lines
		ktap_print_msg "see $out/dmesg.log and $out/console.log"
	else
		ktap_print_msg "no complete kernel log (the VM did not finish)"
	fi
	if [ -n "$timed_out$boot_hung" ]; then
		ktap_print_msg "the guest when it was stopped:"
		nmi_state | ktap_print_lines
	fi
	ktap_test_fail "kernel log clean ($kernel)"
}

kmemleak_clean()
{
	local st desc="kmemleak clean ($kernel)"

	st=$(status_of kmemleak)
	case "$st" in
	0) ktap_test_pass "$desc" ;;
	none) ktap_test_skip "$desc" "no kmemleak in this kernel" ;;
	'') ktap_test_fail "$desc" "no scan (the VM did not finish)" ;;
	error) ktap_test_fail "$desc" "the scan failed" ;;
	*)
		head -n 100 "$out/kmemleak.log" | ktap_print_lines
		ktap_print_msg "see $out/kmemleak.log"
		ktap_test_fail "$desc" "$st suspected leaks"
		;;
	esac
}

main()
{
	local initrd rc summary

	parse_args "$@"
	arch_setup
	resolve_kernel
	out=$(abspath "${out:-$O/results/vm-$kernel}")
	if [ -n "$ksft" ]; then
		ksft=$(abspath "$ksft")
		[ -x "$ksft/run_kselftest.sh" ] ||
			die "$ksft/run_kselftest.sh not found: install the tests with scripts/ksft.sh install"
		check_visible "$ksft"
	fi
	if [ -n "$noko" ]; then
		ko=
		test_ko=
	else
		ko=$(abspath "${ko:-$O/kmod/$kernel/dpubgp.ko}")
		check_visible "$ko"
		test_ko=$(abspath "${test_ko:-$O/kmod-test/$kernel/dpubgp.ko}")
		check_visible "$test_ko"
	fi
	check_visible "$O"
	command -v "${qemu[0]}" > /dev/null ||
		die "${qemu[0]} not found: run scripts/deps.sh"
	[ -x "$busybox" ] || die "$busybox not found: run scripts/deps.sh"

	initrd=$(initramfs)

	mkdir -p "$out"
	(cd "$out" && rm -f console.log output.log insmod.log rmmod.log \
		dmesg.log kmemleak.log status job.env qemu.log results.ktap)
	: > "$out/output.log"
	: > "$out/status"
	write_job

	boot "$initrd"
	if [ -n "$boot_hung" ]; then
		mv "$out/console.log" "$out/console.boot1.log"
		echo "vm: $kernel: booting again (the first boot's console is" \
		     "in console.boot1.log)" >&2
		: > "$out/status"
		: > "$out/output.log"
		boot "$initrd"
	fi

	{
		cat "$out/output.log"
		[ -z "$(tail -c 1 "$out/output.log")" ] || echo
		vm_ktap
	} > "$out/results.ktap"

	if [ -n "$stream" ]; then
		vm_ktap
	else
		cat "$out/results.ktap"
	fi

	rc=0
	summary=$("$top/scripts/ktap-count" "$out/results.ktap" 2>/dev/null) || rc=$?
	ktap_print_msg "vm $kernel: booted to the tests in" \
		"$([ -n "$boot_ms" ] && secs "$boot_ms" || echo ?) s," \
		"ran $(secs "$total_ms") s: ${summary##*$'\n'}"
	kernel_log_problems | sed "s/^/vm: $kernel: kernel log: /" >&2
	return $rc
}

main "$@"
