#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Print the kernel build directory to build the module against: the running
# kernel's, else the newest Debian linux-headers-*-amd64 installed.
set -eu
source "$(dirname "$0")/lib.sh"
running=/lib/modules/$(uname -r)/build
if [ -d "$running" ]; then
	echo "$running"
	exit 0
fi
newest "/usr/src/linux-headers-*-amd64"
