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
static dpubgp_community_str ext[] = { "RT:65010:7", "SoO:192.0.2.1:9" };
static dpubgp_community_str large[] = { "65010:1:2" };

static struct dpubgp_rib_path main_paths[] = {
	{ .from = "10.0.1.1", .best = true, .origin = "igp",
	  .as_path = two_segs, .n_as_path = 3, .next_hop = "10.0.1.1" },
	{ .from = "fd00:1::1", .origin = "incomplete", .as_path = two_segs,
	  .n_as_path = 1, .next_hop = "fd00:1::1",
	  .med = { true, 50 }, .local_pref = { true, 100 },
	  .communities = comms, .n_communities = 2,
	  .ext_communities = ext, .n_ext_communities = 2,
	  .large_communities = large, .n_large_communities = 1 },
};

static struct dpubgp_rib_path one_path[] = {
	{ .from = "10.0.1.1", .best = true, .origin = "igp",
	  .as_path = two_segs, .n_as_path = 1, .next_hop = "10.0.1.1" },
};

static struct dpubgp_rib_path tenant_path[] = {
	{ .from = "10.0.0.2", .interface = "t0", .best = true, .origin = "igp",
	  .as_path = tenant_seg, .n_as_path = 1, .next_hop = "10.0.0.2",
	  .leak = "drop-overlay", .stale = true },
};

static struct dpubgp_rib_path dropped_path[] = {
	{ .from = "10.0.0.2", .interface = "t0", .origin = "igp",
	  .as_path = tenant_seg, .n_as_path = 1, .next_hop = "10.0.0.2",
	  .dropped = "not_allowed", .dropped_at = 1795278600 },
};

/* As the daemon sends them: a VPC's table after the main one, unsorted. */
static const struct dpubgp_rib_route routes[] = {
	{ .prefix = "2001:db8::/32", .paths = one_path, .n_paths = 1 },
	{ .prefix = "192.0.2.0/24", .paths = main_paths, .n_paths = 2 },
	{ .prefix = "10.0.0.0/8", .paths = one_path, .n_paths = 1 },
	{ .prefix = "192.0.2.0/23", .paths = one_path, .n_paths = 1 },
	{ .prefix = "203.0.113.8/29", .table = 100, .vpc = "blue",
	  .paths = tenant_path, .n_paths = 1 },
	{ .prefix = "203.0.113.0/29", .table = 100, .vpc = "blue",
	  .paths = tenant_path, .n_paths = 1 },
};
#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

FIXTURE(rib) {
	struct dpubgp_rib_route sorted[N_ROUTES];
	char *out;
	size_t len;
	FILE *f;
};

FIXTURE_SETUP(rib)
{
	setenv("TZ", "UTC0", 1);
	tzset();
	memcpy(self->sorted, routes, sizeof(routes));
	ctl_rib_sort(self->sorted, N_ROUTES);
	self->f = open_memstream(&self->out, &self->len);
	ASSERT_NE(NULL, self->f);
}

FIXTURE_TEARDOWN(rib)
{
	if (self->f)
		fclose(self->f);
	free(self->out);
}

/* By table, then prefix: IPv4 first, by address, then by length. */
TEST_F(rib, sorted)
{
	static const char *const order[] = {
		"10.0.0.0/8", "192.0.2.0/23", "192.0.2.0/24", "2001:db8::/32",
		"203.0.113.0/29", "203.0.113.8/29",
	};
	size_t i;

	for (i = 0; i < N_ROUTES; i++)
		EXPECT_STREQ(order[i], self->sorted[i].prefix);
	ASSERT_NO_LEAKS();
}

TEST_F(rib, text_golden)
{
	ASSERT_EQ(0, ctl_print_rib_text(self->f, self->sorted, N_ROUTES));
	fflush(self->f);
	EXPECT_GOLDEN("rib.txt", self->out);
}

TEST_F(rib, json_golden)
{
	ASSERT_EQ(0, ctl_print_rib_json(self->f, self->sorted, N_ROUTES));
	fflush(self->f);
	EXPECT_GOLDEN("rib.json", self->out);
}

TEST_F(rib, dropped_golden)
{
	const struct dpubgp_rib_route r[] = {
		{ .prefix = "198.51.100.0/24", .table = 100, .vpc = "blue",
		  .paths = dropped_path, .n_paths = 1 },
	};

	ASSERT_EQ(0, ctl_print_rib_text(self->f, r, 1));
	fflush(self->f);
	EXPECT_GOLDEN("rib-dropped.txt", self->out);
}

TEST_F(rib, empty)
{
	ASSERT_EQ(0, ctl_print_rib_text(self->f, NULL, 0));
	fflush(self->f);
	EXPECT_STREQ("No routes.\n", self->out);
}

/* to_json, as the daemon sends it; then from_json and the text again. */
TEST_F(rib, json_round_trip)
{
	struct dpubgp_rib_route back[N_ROUTES + 1];
	const struct dpubgp_rib_route all[] = {
		routes[1], routes[4],
		{ .prefix = "198.51.100.0/24", .table = 100, .vpc = "blue",
		  .paths = dropped_path, .n_paths = 1 },
	};
	char *text, *again;
	json_t *a = json_array();
	size_t i, n = sizeof(all) / sizeof(all[0]);

	for (i = 0; i < n; i++)
		ASSERT_EQ(0, json_array_append_new(a,
			dpubgp_rib_route_to_json(&all[i])));
	text = json_dumps(a, JSON_COMPACT);
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, dpubgp_rib_route_from_json(json_array_get(a, i),
							&back[i]));
	json_decref(a);
	a = json_array();
	for (i = 0; i < n; i++)
		ASSERT_EQ(0, json_array_append_new(a,
			dpubgp_rib_route_to_json(&back[i])));
	again = json_dumps(a, JSON_COMPACT);
	EXPECT_STREQ(text, again);
	free(text);
	free(again);
	json_decref(a);
	for (i = 0; i < n; i++)
		dpubgp_rib_route_free(&back[i]);
	ASSERT_NO_LEAKS();
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
