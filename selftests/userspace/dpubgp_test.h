/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What dpubgp's userspace unit tests share beside kselftest_harness.h.
 */
#ifndef DPUBGP_TEST_H
#define DPUBGP_TEST_H

#include <sanitizer/lsan_interface.h>

#include "kselftest_harness.h"

/*
 * The harness runs each test in a child that ends with _exit(), past the
 * check LeakSanitizer makes at exit: a test that allocates asks for it.
 */
#define ASSERT_NO_LEAKS()						\
	ASSERT_EQ(0, __lsan_do_recoverable_leak_check())		\
		TH_LOG("memory leaked: LeakSanitizer's report is above")

#endif /* DPUBGP_TEST_H */
