#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# dpubgpctl's datastore commands against golden transcripts: each file of
# golden/ is a session at a shell, commands after a prompt ("$ ", or
# "NODE$ " for a command run on node NODE: --node NODE) and what they
# print (stdout and stderr as one), "[exit N]" after a command that fails,
# "#" lines for the reader. The test runs every command of a transcript
# on an empty datastore, writes the transcript it sees and compares it
# with the golden one, line for line. A command that fails must leave the
# datastore as it was, byte for byte.
#
#   calico.golden   every example of Calico's "BGP Configuration"
#                   (calicoctl there, dpubgpctl here)
#   beyond.golden   the rest of the BGP commands' output, -o json,
#                   get/apply/delete, the tenant side's commands
#   errors.golden   every refusal, with its sentence
#
# Each runs twice: on a file datastore, and on etcd (NAME_etcd: a member
# the test starts on loopback, skipped without etcd-server), where the
# datastore must print the same.
#
# Environment: DPUBGPCTL (default: the ASan+UBSan build in $O/test);
# DPUBGP_GOLDEN_UPDATE=1 writes what it sees into golden/ (to review in
# git diff), from the file datastore's run.

source "$(dirname "$0")/../lib.sh"
source "$(dirname "$0")/../etcd_lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
for bin in "${O:-/nonexistent}/test" "$here/../test" "$here/../../build/test"; do
	[ -x "$bin/dpubgpctl" ] && break
done
DPUBGPCTL=${DPUBGPCTL:-$bin/dpubgpctl}
ALL_TESTS="calico beyond errors calico_etcd beyond_etcd errors_etcd"
etcd=

setup()
{
	tmp=$(mktemp -d)
	mkdir "$tmp/bin"
	# The transcripts say dpubgpctl: the binary under test, on NODE.
	cat > "$tmp/bin/dpubgpctl" <<-EOF
	#!/bin/sh
	exec "$DPUBGPCTL" \${NODE:+--node "\$NODE"} "\$@"
	EOF
	chmod +x "$tmp/bin/dpubgpctl"
	command -v "$ETCD" > /dev/null && command -v "$ETCDCTL" > /dev/null ||
		return 0
	port=$(etcd_port)
	etcd=127.0.0.1:$port
	etcd_run golden "$etcd" "127.0.0.1:$((port + 1))" \
		"golden=http://127.0.0.1:$((port + 1))"
	slowwait 20 etcd_healthy "$etcd"
}

# snapshot: the datastore's bytes (etcd's: every key with its revisions,
# and the store's revision), to compare.
snapshot()
{
	if [[ "$DPUBGP_DATASTORE" == etcd:* ]]; then
		"$ETCDCTL" --endpoints "$etcd" get --prefix /dpubgp/ -w json
	else
		cat "$tmp/dpubgp.yaml" 2> /dev/null
	fi
	echo .
}

# transcript GOLDEN: the session of GOLDEN's commands, on stdout; a failed
# command that changed the datastore is said on stderr and exits 1.
transcript()
{
	local line node cmd out rc before ret=0

	while IFS= read -r line; do
		if [[ "$line" == "#"* ]]; then
			printf '%s\n' "$line"
			continue
		fi
		[[ "$line" =~ ^([A-Za-z0-9_-]*)\$\ (.*)$ ]] || continue
		node=${BASH_REMATCH[1]}
		cmd=${BASH_REMATCH[2]}
		before=$(snapshot)
		out=$(cd "$tmp" && NODE=$node PATH="$tmp/bin:$PATH" \
			bash -c "$cmd" 2>&1)
		rc=$?
		printf '%s\n' "$line"
		[ -z "$out" ] || printf '%s\n' "$out"
		[ $rc = 0 ] && continue
		echo "[exit $rc]"
		if [ "$before" != "$(snapshot)" ]; then
			echo "'$cmd' failed and changed the datastore" >&2
			ret=1
		fi
	done < "$1"
	return $ret
}

run_golden()
{
	local golden=$here/golden/${1%_etcd}.golden ret=0

	rm -f "$tmp/dpubgp.yaml"*
	export DPUBGP_DATASTORE=file:$tmp/dpubgp.yaml
	if [ "$1" != "${1%_etcd}" ]; then
		SKIP_REASON="no etcd"
		[ -n "$etcd" ] || return "$KSFT_SKIP"
		"$ETCDCTL" --endpoints "$etcd" del --prefix /dpubgp/ > /dev/null ||
			return 1
		DPUBGP_DATASTORE=etcd://$etcd
	fi
	transcript "$golden" > "$tmp/$1.out" 2> "$tmp/$1.err" || ret=1
	ktap_print_lines < "$tmp/$1.err"
	[ "${DPUBGP_GOLDEN_UPDATE:-0}" = 0 ] || [ "$1" != "${1%_etcd}" ] ||
		cp "$tmp/$1.out" "$golden"
	if ! diff -u "$golden" "$tmp/$1.out" > "$tmp/$1.diff"; then
		ktap_print_lines < "$tmp/$1.diff"
		ret=1
	fi
	return $ret
}

require_cmd "$DPUBGPCTL" diff
plan_and_setup "make a directory and start etcd"
run_all_tests "" run_golden
