#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# units.sh: the systemd unit of dist/, offline (no systemd needed as PID
# 1). Prints KTAP:
#   - `systemd-analyze verify` clean (exit 0 and no message: it only
#     warns about a misspelt setting) on the unit as installed: the tree
#     staged by scripts/stage.sh under a root that also holds the
#     system's units (the unit's dependencies) and kill (ExecReload), so
#     that ExecStart's /usr/sbin/dpubgpd and the Documentation= man pages
#     are the staged ones (--root, MANPATH);
#   - `systemd-analyze security` exposure at most $MAX_EXPOSURE (its
#     score printed);
#   - dpubgpd sends READY=1 to $NOTIFY_SOCKET (Type=notify) with its
#     control socket open: as root, in a network namespace of its own.
# Uses the release build, $O/userspace (make userspace). Exits 1 when a
# test fails.
set -eu

source "$(dirname "$0")/lib.sh"
# slowwait, and the cleanup of $tmp, pid[] and ns[] on exit.
source "$top/selftests/lib.sh"

MAX_EXPOSURE=2.5
unit=dpubgpd.service
tmp=$(mktemp -d /tmp/dpubgp-units.XXXXXX)
root=$tmp/root

# result DESCRIPTION OUTPUT RC: a test, OUTPUT its diagnostics.
result()
{
	if [ "$3" = 0 ] && [ -z "$2" ]; then
		ktap_test_pass "$1"
	else
		[ -z "$2" ] || echo "$2" | ktap_print_lines
		ktap_test_fail "$1"
	fi
}

verify()
{
	MANPATH=$root/usr/share/man systemd-analyze verify --root="$root" \
		"$unit" 2>&1
}

exposure()
{
	local out score

	out=$(systemd-analyze security --offline=yes --root="$root" \
		"$unit" 2>&1) || { echo "$out"; return 1; }
	score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' <<< "$out")
	echo "$score" > "$tmp/score"
	awk -v s="$score" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(s != "" && s <= m) }' ||
		grep '✗' <<< "$out"
}

# Under Type=notify: READY=1 arrives, and the control socket is there.
ready()
{
	local dir=$tmp/ready

	mkdir "$dir"
	printf 'bgp: {listen_port: 1179}\nnodes:\n  n1: {ipv4: 127.0.0.1}\n' \
		> "$dir/doc.yaml"
	ns_create dpu || return 1
	socat -u UNIX-RECV:"$dir/notify" OPEN:"$dir/got",creat &
	pid[socat]=$!
	slowwait 5 test -S "$dir/notify" || { echo "socat: no $dir/notify"; return 1; }
	NOTIFY_SOCKET=$dir/notify ip netns exec "${ns[dpu]}" \
		"$root/usr/sbin/dpubgpd" -c "$dir/doc.yaml" -n n1 \
		-s "$dir/ctl" 2> "$dir/log" &
	pid[dpubgpd]=$!
	if ! slowwait 10 grep -qx READY=1 "$dir/got"; then
		echo "no READY=1 within 10 s; dpubgpd's log:"
		cat "$dir/log"
	elif [ ! -S "$dir/ctl" ]; then
		echo "READY=1 before the control socket"
	fi
}

cd "$top"
ktap_print_header
ktap_set_plan 3
rc=0
out=$(scripts/stage.sh "$root" 2>&1) || rc=$?
if [ "$rc" = 0 ]; then
	cp -a /usr/lib/systemd/system/. "$root/usr/lib/systemd/system/"
	cp dist/dpubgpd.service "$root/usr/lib/systemd/system/"
	install -D -t "$root/usr/bin" /usr/bin/kill
	ln -s usr/bin "$root/bin"
	out=$(verify) || rc=$?
fi
result "systemd-analyze verify $unit" "$out" "$rc"
rc=0
out=$(exposure) || rc=$?
[ -s "$tmp/score" ] &&
	ktap_print_msg "systemd-analyze security $unit: $(cat "$tmp/score")"
result "systemd-analyze security $unit at most $MAX_EXPOSURE" "$out" "$rc"
if [ "$(id -u)" != 0 ]; then
	ktap_test_skip "dpubgpd: READY=1 once listening" "not root (a network namespace)"
else
	# Not $(ready): its daemons would hold the substitution's pipe.
	ready > "$tmp/ready.out" 2>&1
	result "dpubgpd: READY=1 once listening" "$(cat "$tmp/ready.out")" 0
fi
ktap_finished
