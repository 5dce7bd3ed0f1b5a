#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh [--print]: build the debug kernel of make check from
# Debian's linux-source-6.1 (/usr/src/linux-source-6.1.tar.xz):
# "make defconfig", "make kvm_guest.config", then selftests/vm/debug-kernel.config
# (KASAN, lockdep, kmemleak, ...) merged with scripts/kconfig/merge_config.sh.
# The patches in selftests/vm/debug-kernel-patches/ are applied to the source
# first (fixes of the kernel itself that the debug options run into).
#
# The build lives outside the tree, in $DEBUG_KERNEL_CACHE (default
# /var/cache/dpubgp/debug-kernel) under a directory named by a hash of the
# config fragment, the patches, the source package version and the
# compiler, and is reused as long as they do not change. An interrupted
# build resumes. In it:
#   build/                 the kernel build tree (KDIR for external modules)
#   bzImage                the kernel image
#   modules/lib/modules/RELEASE   its modules tree (modules.builtin, ...)
#   release                the kernel release (uname -r)
# Prints that directory on stdout (everything else goes to stderr).
# --print: print it without building; exit status 1 when it is not built.
#
# Environment: DEBUG_KERNEL_CACHE, DEBUG_KERNEL_JOBS (default: nproc).
set -eu
shopt -s inherit_errexit

source "$(dirname "$0")/lib.sh"
frag=$top/selftests/vm/debug-kernel.config
patches=$top/selftests/vm/debug-kernel-patches
tarball=/usr/src/linux-source-6.1.tar.xz
cache=${DEBUG_KERNEL_CACHE:-/var/cache/dpubgp/debug-kernel}
jobs=${DEBUG_KERNEL_JOBS:-$(nproc)}

[ -r "$tarball" ] || die "$tarball not found: run scripts/deps.sh"
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1) ||
	die "linux-source-6.1 is not installed: run scripts/deps.sh"
key=$({
	echo "linux-source-6.1 $srcver"
	gcc --version | head -n 1
	cat "$frag"
	cat "$patches"/*.patch 2>/dev/null || true
} | sha256sum | cut -c 1-16)
dir=$cache/6.1-$key

made_once "$cache" "$dir" "$@"

echo "debug-kernel: building linux-source-$srcver with KASAN, lockdep and" \
     "kmemleak in $dir (the first build takes 10+ minutes)" >&2
mkdir -p "$dir"
src=$dir/linux-source-6.1
if [ ! -f "$src/Makefile" ]; then
	rm -rf "$src" "$dir/extract"
	mkdir "$dir/extract"
	tar -C "$dir/extract" -xf "$tarball"
	pt=(patch -d "$dir/extract/linux-source-6.1" -p1 --quiet
	    --no-backup-if-mismatch)
	for p in "$patches"/*.patch; do
		[ -e "$p" ] || continue
		# A newer linux-source may have the fix already.
		if "${pt[@]}" --dry-run -R < "$p" > /dev/null 2>&1; then
			echo "debug-kernel: linux-source-$srcver has" \
			     "$(basename "$p") already" >&2
			continue
		fi
		"${pt[@]}" < "$p" ||
			die "$p does not apply to linux-source-$srcver"
	done
	mv "$dir/extract/linux-source-6.1" "$src"
	rmdir "$dir/extract"
fi

b=$dir/build
k=(make -s -C "$src" O="$b")
if [ ! -f "$dir/config.done" ]; then
	mkdir -p "$b"
	"${k[@]}" defconfig >&2
	"${k[@]}" kvm_guest.config >&2
	(cd "$b" && "$src/scripts/kconfig/merge_config.sh" -m .config "$frag") >&2
	"${k[@]}" olddefconfig >&2
	# Every option of the fragment must have survived olddefconfig
	# (a missing dependency drops one silently).
	bad=$(sed -n -e 's/^\(CONFIG_[A-Z0-9_]*\)=\(.*\)$/\1=\2/p' \
		     -e 's/^# \(CONFIG_[A-Z0-9_]*\) is not set$/\1=n/p' "$frag" |
		while IFS="=" read -r opt val; do
			have=$(sed -n -e "s/^$opt=//p" \
				      -e "s/^# $opt is not set\$/n/p" "$b/.config")
			if [ "$have" != "$val" ] &&
			   ! { [ -z "$have" ] && [ "$val" = n ]; }; then
				echo "$opt=$val (got: ${have:-unset})"
			fi
		done)
	[ -z "$bad" ] || die "options the kernel config did not take:" $'\n'"$bad"
	touch "$dir/config.done"
fi

"${k[@]}" -j"$jobs" bzImage modules >&2
rm -rf "$dir/modules"
"${k[@]}" INSTALL_MOD_PATH="$dir/modules" modules_install >&2
cp "$b/arch/x86/boot/bzImage" "$dir/bzImage"
cat "$b/include/config/kernel.release" > "$dir/release"
touch "$dir/done"
echo "debug-kernel: built $(cat "$dir/release") in $dir" >&2
echo "$dir"
