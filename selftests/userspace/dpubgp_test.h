/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What dpubgp's userspace unit tests share beside kselftest_harness.h.
 */
#ifndef DPUBGP_TEST_H
#define DPUBGP_TEST_H

#include <limits.h>
#include <sanitizer/lsan_interface.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kselftest_harness.h"

/*
 * The harness runs each test in a child that ends with _exit(), past the
 * check LeakSanitizer makes at exit: a test that allocates asks for it.
 */
#define ASSERT_NO_LEAKS()						\
	ASSERT_EQ(0, __lsan_do_recoverable_leak_check())		\
		TH_LOG("memory leaked: LeakSanitizer's report is above")

/*
 * Golden files: the exact output expected, in golden/NAME beside the
 * test's binary (installed with it, TEST_FILES), else in the source
 * tree (DPUBGP_GOLDEN_DIR). With DPUBGP_GOLDEN_UPDATE=1 in the
 * environment, a test writes what it got into the source tree's file
 * instead, to be read with git diff before it is committed.
 */
static inline char *golden_read(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t size = 0;
	FILE *m;
	int c;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &size);
	while (m && (c = fgetc(f)) != EOF)
		fputc(c, m);
	if (m)
		fclose(m);
	fclose(f);
	return buf;
}

/* The golden file's text (free it), or NULL when there is none. */
static inline char *golden_text(const char *name)
{
	char exe[PATH_MAX], path[PATH_MAX + 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash, *text = NULL;

	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		snprintf(path, sizeof(path), "%s/golden/%s", exe, name);
		text = golden_read(path);
	}
	if (!text) {
		snprintf(path, sizeof(path), "%s/%s", DPUBGP_GOLDEN_DIR, name);
		text = golden_read(path);
	}
	return text;
}

/* Write text as the source tree's golden file NAME: 0 or -1. */
static inline int golden_update(const char *name, const char *text)
{
	char path[PATH_MAX];
	FILE *f;
	int err;

	snprintf(path, sizeof(path), "%s/%s", DPUBGP_GOLDEN_DIR, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	err = fputs(text, f) == EOF;
	return fclose(f) || err ? -1 : 0;
}

/* The first line where a and b differ, 1 for the first. */
static inline int golden_line(const char *a, const char *b)
{
	int line = 1;

	for (; *a && *a == *b; a++, b++)
		line += *a == '\n';
	return line;
}

/* The text got is golden file NAME's, byte for byte. */
#define EXPECT_GOLDEN(name, got)					\
	do {								\
		const char *_got = (got) ? (got) : "";			\
		char *_want;						\
									\
		if (getenv("DPUBGP_GOLDEN_UPDATE")) {			\
			ASSERT_EQ(0, golden_update(name, _got))		\
				TH_LOG("cannot write golden/%s", name);	\
			break;						\
		}							\
		_want = golden_text(name);				\
		ASSERT_NE(NULL, _want)					\
			TH_LOG("no golden/%s; what came:\n%s", name, _got); \
		EXPECT_EQ(0, strcmp(_want, _got))			\
			TH_LOG("golden/%s differs from line %d; what came:\n%s", \
			       name, golden_line(_want, _got), _got);	\
		free(_want);						\
	} while (0)

#endif /* DPUBGP_TEST_H */
