// SPDX-License-Identifier: GPL-2.0
/*
 * The Prometheus text format's writer (http/metrics.h): a family's
 * HELP and TYPE lines, samples with and without labels, label values
 * escaped as the format wants, thousandths written as units, and a text
 * that grows past its first allocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpubgp_test.h"
#include "http/metrics.h"

FIXTURE(prom) {
	struct prom_text t;
};

FIXTURE_SETUP(prom)
{
	memset(&self->t, 0, sizeof(self->t));
}

FIXTURE_TEARDOWN(prom)
{
	free(self->t.buf);
}

TEST_F(prom, family_and_samples)
{
	const struct prom_label l[] = {
		{ "peer", "10.0.0.2" }, { "interface", "t0" },
	};

	prom_family(&self->t, "dpubgp_session_up", "gauge", "Up or not.");
	prom_sample(&self->t, "dpubgp_session_up", l, 2, 1);
	prom_sample(&self->t, "dpubgp_rib_bytes", NULL, 0,
		    18446744073709551615ull);
	ASSERT_FALSE(self->t.failed);
	EXPECT_STREQ("# HELP dpubgp_session_up Up or not.\n"
		     "# TYPE dpubgp_session_up gauge\n"
		     "dpubgp_session_up{peer=\"10.0.0.2\",interface=\"t0\"} 1\n"
		     "dpubgp_rib_bytes 18446744073709551615\n", self->t.buf);
	EXPECT_EQ(strlen(self->t.buf), self->t.len);
}

TEST_F(prom, label_values_escaped)
{
	const struct prom_label l[] = {
		{ "vpc", "a\\b\"c\nd" }, { "empty", "" },
	};

	prom_sample(&self->t, "x", l, 2, 0);
	ASSERT_FALSE(self->t.failed);
	EXPECT_STREQ("x{vpc=\"a\\\\b\\\"c\\nd\",empty=\"\"} 0\n", self->t.buf);
}

TEST_F(prom, milli_as_units)
{
	prom_sample_milli(&self->t, "up_seconds", NULL, 0, 0);
	prom_sample_milli(&self->t, "up_seconds", NULL, 0, 12345);
	prom_sample_milli(&self->t, "up_seconds", NULL, 0, 7);
	EXPECT_STREQ("up_seconds 0.000\nup_seconds 12.345\nup_seconds 0.007\n",
		     self->t.buf);
}

/* Many samples, each a known line: none lost as the buffer grows. */
TEST_F(prom, grows)
{
	char line[64], name[16];
	size_t i, off = 0;

	for (i = 0; i < 5000; i++) {
		snprintf(name, sizeof(name), "m%zu", i);
		prom_sample(&self->t, name, NULL, 0, i);
	}
	ASSERT_FALSE(self->t.failed);
	for (i = 0; i < 5000; i++) {
		snprintf(line, sizeof(line), "m%zu %zu\n", i, i);
		ASSERT_EQ(0, strncmp(self->t.buf + off, line, strlen(line)))
			TH_LOG("line %zu", i);
		off += strlen(line);
	}
	EXPECT_EQ(off, self->t.len);
}

TEST_HARNESS_MAIN
