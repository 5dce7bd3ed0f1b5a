# SPDX-License-Identifier: GPL-2.0
#
# dpubgp: top-level build. Everything is built under $(O) (default build/):
#   $(O)/kmod/<kernel release>/dpubgp.ko   the module, one per kernel
#   $(O)/kmod-test/<kernel release>/dpubgp.ko  its test variant (make kmod-test)
#   $(O)/userspace/                         dpubgpctl (release flags)
#   $(O)/test/                              userspace with ASan+UBSan, unit tests
#   $(O)/kselftest/                         framework from linux-source-6.1
#
# make                 module for $(KDIR) and all userspace programs
# make kmod            the module only (KDIR=... to pick the kernel)
# make kmod-test       the module's test variant, with the LPM self-test
#                      (selftest=1) and the lookup benchmark (bench=1)
# make userspace       userspace programs only
# make install         userspace, the systemd unit, man pages and the
#                      rest a DPU runs, into $(DESTDIR) (default /)
# make deb            the packages dpubgp and dpubgp-dkms into $(O)/deb
#                      (scripts/deb.sh)
# make check           install what is missing, build, run every test
# make demo            boot a VM and show the module programmed by dpubgpctl
# make fuzz            run the BGP decoders' fuzz targets, FUZZ_SECONDS each (600)
# make bench-kernel    the module against the kernel's FIB, ip -batch and
#                      nftables, in one VM (bench/README.md); not in check
# make bench-ingest    dpubgpd's UPDATE ingest and memory per route against
#                      BIRD, FRR, OpenBGPD and GoBGP (bench/README.md)

O ?= $(CURDIR)/build
export O

# The running kernel's headers, else the newest Debian headers installed.
KDIR ?= $(shell scripts/kdir.sh)

.PHONY: all kmod kmod-test userspace install deb check demo checkpatch fuzz bench-kernel \
	bench-ingest clean
all: kmod userspace

kmod kmod-test:
	@test -n "$(KDIR)" || { echo "no kernel headers found: set KDIR or apt-get install linux-headers-amd64" >&2; exit 1; }
	scripts/build-kmod.sh $(if $(filter kmod-test,$@),--test) "$(KDIR)" "$(O)/$@"

userspace:
	$(MAKE) -C userspace BUILD="$(O)/userspace"

install: userspace
	scripts/stage.sh "$(or $(DESTDIR),/)"

deb: userspace
	rm -rf "$(O)/deb"
	scripts/deb.sh "$(O)/deb"

check:
	scripts/check.sh

demo:
	scripts/demo.sh

FUZZ_SECONDS ?= 600
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)

bench-kernel:
	bench/kernel.sh

bench-ingest:
	bench/ingest/run.sh

checkpatch:
	scripts/checkpatch.sh

clean:
	rm -rf "$(O)"
