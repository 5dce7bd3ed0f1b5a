// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl rib's printers against golden output, and the rib answer's
 * round trip through the control protocol's codec: a route with two
 * paths (an AS_SET in one, MED, LOCAL_PREF and communities in the
 * other), a tenant route in a VPC with its leak, kept stale from a
 * restarting tenant, and answers the codec
 * must refuse.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpubgp_test.h"
#include "ctl/status.h"

static uint32_t seq[] = { 65010, 65020 };
static uint32_t set[] = { 64512, 64513 };
static uint32_t tail[] = { 65030 };
static struct dpubgp_as_segment two_segs[] = {
	{ .as = seq, .n = 2 },
	{ .set = true, .as = set, .n = 2 },
	{ .as = tail, .n = 1 },
};
static struct dpubgp_as_segment tenant_seg[] = { { .as = tail, .n = 1 } };
static uint32_t comms[] = { 65010u << 16 | 100, 65010u << 16 | 200 };

static struct dpubgp_rib_path main_paths[] = {
	{ .from = "10.0.1.1", .best = true, .origin = "igp",
	  .as_path = two_segs, .n_as_path = 3, .next_hop = "10.0.1.1" },
	{ .from = "fd00:1::1", .origin = "incomplete", .as_path = two_segs,
	  .n_as_path = 1, .next_hop = "fd00:1::1",
	  .med = { true, 50 }, .local_pref = { true, 100 },
	  .communities = comms, .n_communities = 2 },
};

static struct dpubgp_rib_path tenant_path[] = {
	{ .from = "10.0.0.2", .interface = "t0", .best = true, .origin = "igp",
	  .as_path = tenant_seg, .n_as_path = 1, .next_hop = "10.0.0.2",
	  .leak = "drop-overlay", .stale = true },
};

static const struct dpubgp_rib_route routes[] = {
	{ .prefix = "192.0.2.0/24", .paths = main_paths, .n_paths = 2 },
	{ .prefix = "203.0.113.8/29", .vpc = "blue", .paths = tenant_path,
	  .n_paths = 1 },
};

static const char golden[] =
	"192.0.2.0/24         * via 10.0.1.1 from 10.0.1.1 as_path [65010,65020,[64512,64513],65030]\n"
	"192.0.2.0/24           via fd00:1::1 from fd00:1::1 as_path [65010,65020] med 50 local_pref 100 communities [\"65010:100\",\"65010:200\"]\n"
	"203.0.113.8/29       * via 10.0.0.2 from 10.0.0.2%t0 as_path [65030] vpc blue leak drop-overlay stale\n";

static const char golden_json[] =
	"[{\"prefix\":\"192.0.2.0/24\",\"paths\":["
	"{\"from\":\"10.0.1.1\",\"best\":true,\"origin\":\"igp\","
	"\"as_path\":[65010,65020,[64512,64513],65030],"
	"\"next_hop\":\"10.0.1.1\",\"communities\":[]},"
	"{\"from\":\"fd00:1::1\",\"best\":false,\"origin\":\"incomplete\","
	"\"as_path\":[65010,65020],\"next_hop\":\"fd00:1::1\",\"med\":50,"
	"\"local_pref\":100,\"communities\":[\"65010:100\",\"65010:200\"]}]},"
	"{\"prefix\":\"203.0.113.8/29\",\"vpc\":\"blue\",\"paths\":["
	"{\"from\":\"10.0.0.2\",\"interface\":\"t0\",\"best\":true,\"origin\":\"igp\","
	"\"as_path\":[65030],\"next_hop\":\"10.0.0.2\",\"communities\":[],"
	"\"leak\":\"drop-overlay\",\"stale\":true}]}]";

FIXTURE(rib) {
	char *out;
	size_t len;
	FILE *f;
};

FIXTURE_SETUP(rib)
{
	self->f = open_memstream(&self->out, &self->len);
	ASSERT_NE(NULL, self->f);
}

FIXTURE_TEARDOWN(rib)
{
	if (self->f)
		fclose(self->f);
	free(self->out);
}

TEST_F(rib, text)
{
	ASSERT_EQ(0, ctl_print_rib_text(self->f, routes, 2));
	fflush(self->f);
	ASSERT_STREQ(golden, self->out);
}

/* to_json, as the daemon sends it; then from_json and the text again. */
TEST_F(rib, json_round_trip)
{
	struct dpubgp_rib_route back[2];
	json_t *a = json_array();
	char *text;
	size_t i;

	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, json_array_append_new(a,
			dpubgp_rib_route_to_json(&routes[i])));
	text = json_dumps(a, JSON_COMPACT);
	ASSERT_STREQ(golden_json, text);
	free(text);
	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, dpubgp_rib_route_from_json(json_array_get(a, i),
							&back[i]));
	json_decref(a);
	ASSERT_EQ(0, ctl_print_rib_text(self->f, back, 2));
	fflush(self->f);
	ASSERT_STREQ(golden, self->out);
	for (i = 0; i < 2; i++)
		dpubgp_rib_route_free(&back[i]);
	ASSERT_NO_LEAKS();
}

TEST_F(rib, json_printer)
{
	json_t *j;
	char *text;

	ASSERT_EQ(0, ctl_print_rib_json(self->f, routes, 2));
	fflush(self->f);
	j = json_loads(self->out, 0, NULL);
	ASSERT_NE(NULL, j);
	text = json_dumps(j, JSON_COMPACT);
	ASSERT_STREQ(golden_json, text);
	free(text);
	json_decref(j);
}

/* Whatever the daemon sent, a bad member is refused and nothing leaks. */
TEST(rib_from_json_refuses)
{
	static const char *const bad[] = {
		"{\"paths\":[]}",
		"{\"prefix\":\"192.0.2.0/24\"}",
		"{\"prefix\":\"192.0.2.0/24\",\"paths\":[{\"from\":\"x\"}]}",
		"{\"prefix\":\"192.0.2.0/24\",\"paths\":[{\"from\":\"x\",\"best\":true,\"origin\":\"igp\",\"as_path\":[1,\"2\"],\"communities\":[]}]}",
		"{\"prefix\":\"192.0.2.0/24\",\"paths\":[{\"from\":\"x\",\"best\":true,\"origin\":\"igp\",\"as_path\":[1,[2,{}]],\"communities\":[]}]}",
		"{\"prefix\":\"192.0.2.0/24\",\"paths\":[{\"from\":\"x\",\"best\":true,\"origin\":\"igp\",\"as_path\":[1],\"communities\":[\"70000:1\"]}]}",
		"{\"prefix\":\"192.0.2.0/24\",\"paths\":[{\"from\":\"x\",\"best\":true,\"origin\":\"igp\",\"as_path\":[1],\"communities\":[],\"med\":-1}]}",
		"{\"prefix\":\"192.0.2.0/24\",\"paths\":[{\"from\":\"x\",\"best\":true,\"origin\":\"igp\",\"as_path\":[1],\"communities\":[],\"med\":4294967296}]}",
	};
	struct dpubgp_rib_route r;
	json_t *j;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		j = json_loads(bad[i], 0, NULL);
		ASSERT_NE(NULL, j) TH_LOG("case %zu does not parse", i);
		EXPECT_EQ(-EINVAL, dpubgp_rib_route_from_json(j, &r))
			TH_LOG("case %zu: %s", i, bad[i]);
		EXPECT_EQ(NULL, r.paths);
		json_decref(j);
	}
	ASSERT_NO_LEAKS();
}

TEST_HARNESS_MAIN
