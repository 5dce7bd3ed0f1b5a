#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Stage 2 of the test VM (see run.sh and init), PID 1 on the host's root
# file system as the guest sees it: read-only 9p under a tmpfs overlay, so
# the host's files are all there (/lib/modules for modprobe, $O with the
# module and the tests) and writes stay in the guest.
#
# Reads the job from the writable results share that init mounted on
# /run/results: job.env, written by run.sh. Writes there:
#   output.log   stdout+stderr of run_kselftest.sh or of the command
#   insmod.log   rmmod.log   what insmod/rmmod of the module said
#   kmemleak.log what kmemleak found after the module's removal
#   dmesg.log    the kernel log at the end
#   status       key=value lines: boot, insmod, tests_started, tests,
#                rmmod, kmemleak (number of leaks, none, error), finished
# and powers the VM off.
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
R=/run/results

msg()
{
	echo "vm-guest: $*"
}

power_off()
{
	sync
	/bin/busybox poweroff -f
	# Only if busybox is gone: sysrq powers off asynchronously, and init
	# must not exit meanwhile (the kernel would panic).
	echo o > /proc/sysrq-trigger
	while :; do
		read -r -t 60 < /dev/console || true
	done
}
trap power_off EXIT

status()
{
	echo "$1=$2" >> "$R/status"
}

uptime_s()
{
	local up
	read -r up _ < /proc/uptime
	echo "$up"
}

if [ ! -r "$R/job.env" ]; then
	msg "FAILED: no job.env on the results share $R"
	exit 1
fi

# KVER MODDIR O KSFT CMD DPUBGP_KO DPUBGP_TEST_KO HOST_PWD TESTS
# shellcheck source=/dev/null # written by run.sh
. "$R/job.env"
status boot "$(uptime_s)"

# A kernel whose modules are not in the host's /lib/modules (run.sh
# --modules): put them there for modprobe.
if [ "$MODDIR" != "/lib/modules/$KVER" ] &&
   ! { mkdir -p "/lib/modules/$KVER" &&
       mount --bind "$MODDIR" "/lib/modules/$KVER"; }; then
	msg "cannot bind-mount $MODDIR on /lib/modules/$KVER"
fi

ulimit -c 0

export O KSFT
export DPUBGP_KO DPUBGP_TEST_KO
export DPUBGPCTL=$O/test/dpubgpctl
export DPUBGP_VM=1
export DPUBGP_RESULTS=$R
export PATH=$O/test:$PATH
export HOME=/root

modname=
if [ -n "$DPUBGP_KO" ]; then
	modname=${DPUBGP_KO##*/}
	modname=${modname%.ko}
	modname=${modname//-/_}
	insmod "$DPUBGP_KO" > "$R/insmod.log" 2>&1
	status insmod $?
fi

status tests_started "$(uptime_s)"
if [ -n "$CMD" ]; then
	msg "running: $CMD"
	(cd "$HOST_PWD" 2>/dev/null || cd /; exec bash -c "$CMD") \
		>> "$R/output.log" 2>&1 < /dev/null
else
	args=()
	for t in ${TESTS:-}; do
		args+=(-t "$t")
	done
	msg "running: $KSFT/run_kselftest.sh ${args[*]}"
	"$KSFT/run_kselftest.sh" "${args[@]}" >> "$R/output.log" 2>&1 < /dev/null
fi
status tests $?
msg "tests done after $(uptime_s) s"

if [ -n "$modname" ]; then
	if grep -q "^$modname " /proc/modules; then
		rmmod "$modname" > "$R/rmmod.log" 2>&1
		status rmmod $?
	else
		status rmmod notloaded
	fi
fi

# Leaks: kmemleak does not report objects younger than 5 s, and an object
# is reported once two scans found it unreferenced and unchanged.
kmemleak=/sys/kernel/debug/kmemleak
if [ -e "$kmemleak" ]; then
	sleep 6
	if echo scan > "$kmemleak" && echo scan > "$kmemleak" &&
	   cat "$kmemleak" > "$R/kmemleak.log"; then
		status kmemleak "$(grep -c '^unreferenced object' "$R/kmemleak.log")"
	else
		status kmemleak error
	fi
else
	status kmemleak none
fi

dmesg > "$R/dmesg.log" 2>&1
status finished "$(uptime_s)"
