# SPDX-License-Identifier: GPL-2.0
#
# What dpubgp's kselftest collections share: the framework's location, the
# sanitized build of userspace they link, and lib.mk itself. A collection's
# Makefile sets TEST_GEN_PROGS / TEST_PROGS / TEST_FILES and includes this.

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
O ?= $(TOP)/build
KSFT_DIR ?= $(O)/kselftest
TEST_BUILD := $(O)/test

ifeq ($(wildcard $(KSFT_DIR)/lib.mk),)
$(error no kselftest framework in $(KSFT_DIR): run scripts/kselftest-fetch.sh)
endif

DPUBGP_LIBS := $(TEST_BUILD)/libdpubgpctl.a $(TEST_BUILD)/libdpubgp.a
SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

# -Wno-unused-parameter: kselftest_harness.h's own functions have some.
CFLAGS += -std=gnu11 -O1 -g -Wall -Wextra -Wno-unused-parameter -Werror \
	-Wshadow -Wformat=2 $(SANITIZE) \
	-I$(KSFT_DIR) -I$(TOP)/uapi -I$(TOP)/userspace \
	$(shell pkg-config --cflags libmnl jansson yaml-0.1 libmicrohttpd libcurl) \
	-DDPUBGPCTL_DEFAULT='"$(TEST_BUILD)/dpubgpctl"' \
	-DDPUBGPD_DEFAULT='"$(TEST_BUILD)/dpubgpd"'
LDFLAGS += $(SANITIZE)
LDLIBS += $(DPUBGP_LIBS) $(shell pkg-config --libs libmnl jansson yaml-0.1 libmicrohttpd libcurl)

# lib.mk makes every test depend on LOCAL_HDRS and leaves them off the
# link line: the place for what a test is built from besides its .c.
LOCAL_HDRS += $(wildcard *.h) $(wildcard $(TOP)/userspace/*/*.h) $(DPUBGP_LIBS)

include $(KSFT_DIR)/lib.mk

# TEST_INCLUDES: files the collection shares with others, named from its
# directory (../lib.sh), installed at the same place from INSTALL_PATH,
# as newer kernels' lib.mk does (6.1's does not know the variable).
install: install_includes
install_includes:
	$(if $(INSTALL_PATH),,$(error set INSTALL_PATH to use install))
	for f in $(TEST_INCLUDES); do \
		mkdir -p "$(INSTALL_PATH)/$$(dirname "$$f")" && \
		rsync -a "$$f" "$(INSTALL_PATH)/$$f" || exit 1; \
	done

# lib.mk expects OUTPUT to exist, as the kernel's selftests Makefile makes it.
$(TEST_GEN_PROGS) $(TEST_GEN_FILES): | $(OUTPUT)
$(OUTPUT):
	mkdir -p $@

# One sub-make brings all of $(TEST_BUILD) up to date, dpubgpctl included
# (tests run it); it rewrites a file only when it changes.
$(TEST_BUILD)/libdpubgpctl.a: $(TEST_BUILD)/libdpubgp.a
$(TEST_BUILD)/libdpubgp.a: FORCE
	$(MAKE) -C $(TOP)/userspace BUILD=$(TEST_BUILD) SAN=1

.PHONY: FORCE install_includes
