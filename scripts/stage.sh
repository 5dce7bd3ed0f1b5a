#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stage.sh DESTDIR [BUILD]: install what a DPU runs into DESTDIR, laid
# out as on the DPU: dpubgpd and dpubgpctl (from BUILD, default
# $O/userspace: make userspace) in /usr/sbin, the systemd unit, the
# modules-load.d entry, the rt_protos.d name of dpubgpd's routes, the man
# pages, an example document. `make install` and the packaging lanes use it.
set -eu

source "$(dirname "$0")/lib.sh"

[ $# -ge 1 ] || die "usage: stage.sh DESTDIR [BUILD]"
dest=$1
build=${2:-$O/userspace}

cd "$top"
install -D -m 0755 -t "$dest/usr/sbin" "$build/dpubgpd" "$build/dpubgpctl"
install -D -m 0644 -t "$dest/usr/lib/systemd/system" dist/dpubgpd.service
install -D -m 0644 -t "$dest/usr/lib/modules-load.d" \
	dist/modules-load.d/dpubgp.conf
install -D -m 0644 -t "$dest/etc/iproute2/rt_protos.d" \
	etc/iproute2/rt_protos.d/dpubgp.conf
install -D -m 0644 -t "$dest/usr/share/doc/dpubgp/examples" dist/dpubgp.yaml
install -D -m 0644 -t "$dest/usr/share/man/man5" man/*.5
install -D -m 0644 -t "$dest/usr/share/man/man8" man/*.8
