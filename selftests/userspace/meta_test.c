// SPDX-License-Identifier: GPL-2.0
/*
 * The metadata service's answers (http/meta.h): every entry for a port
 * with everything, for one with nothing (no ASN yet, no tenant ASN, one
 * family, no leak communities, nothing allowed), the directories as
 * cloud-init's EC2 datasource crawls them, and unknown paths.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "dpubgp_test.h"
#include "http/meta.h"

FIXTURE(meta) {
	struct dpubgp_prefix allowed[2];
	struct meta_info full, bare;
	struct meta_reply r;
};

FIXTURE_SETUP(meta)
{
	ASSERT_EQ(0, dpubgp_prefix_parse("203.0.113.0/24", &self->allowed[0]));
	ASSERT_EQ(0, dpubgp_prefix_parse("2001:db8:100::/48",
					 &self->allowed[1]));
	self->full = (struct meta_info){
		.asn = 4268000000u, .has_tenant_asn = true,
		.tenant_asn = 65010, .allowed = self->allowed, .n_allowed = 2,
		.leak_communities = true,
	};
	ASSERT_EQ(0, bgp_addr_parse("10.0.0.1", &self->full.peer_ipv4));
	ASSERT_EQ(0, bgp_addr_parse("fd00::1", &self->full.peer_ipv6));
	self->bare = (struct meta_info){ 0 };
	ASSERT_EQ(0, bgp_addr_parse("10.0.1.1", &self->bare.peer_ipv4));
	memset(&self->r, 0, sizeof(self->r));
}

FIXTURE_TEARDOWN(meta)
{
	free(self->r.body);
}

/* The answer to path for mi, as "STATUS TYPE BODY". */
static const char *answer(struct __test_metadata *_metadata,
			  FIXTURE_DATA(meta) *self, const struct meta_info *mi,
			  const char *path)
{
	static char buf[512];

	free(self->r.body);
	EXPECT_EQ(0, meta_answer(mi, path, &self->r));
	EXPECT_EQ(strlen(self->r.body), self->r.len);
	snprintf(buf, sizeof(buf), "%u %s %s", self->r.status, self->r.type,
		 self->r.body);
	return buf;
}

#define ANSWER(mi, path) answer(_metadata, self, &self->mi, path)

TEST_F(meta, entries)
{
	EXPECT_STREQ("200 text/plain 4268000000", ANSWER(full, "/latest/meta-data/asn"));
	EXPECT_STREQ("200 text/plain 10.0.0.1", ANSWER(full, "/latest/meta-data/bgp/peer-ipv4"));
	EXPECT_STREQ("200 text/plain fd00::1", ANSWER(full, "/latest/meta-data/bgp/peer-ipv6"));
	EXPECT_STREQ("200 text/plain 65010", ANSWER(full, "/latest/meta-data/bgp/tenant-asn"));
	EXPECT_STREQ("200 text/plain 203.0.113.0/24\n2001:db8:100::/48",
		     ANSWER(full, "/latest/meta-data/bgp/allowed-prefixes"));
	EXPECT_STREQ("200 text/plain 65100:1 65100:2",
		     ANSWER(full, "/latest/meta-data/bgp/leak-communities"));
}

TEST_F(meta, directories)
{
	EXPECT_STREQ("200 text/plain latest", ANSWER(full, "/"));
	EXPECT_STREQ("200 text/plain meta-data", ANSWER(full, "/latest/"));
	EXPECT_STREQ("200 text/plain meta-data", ANSWER(full, "/latest"));
	EXPECT_STREQ("200 text/plain asn\nbgp/\nbgp.json",
		     ANSWER(full, "/latest/meta-data/"));
	EXPECT_STREQ("200 text/plain asn\nbgp/\nbgp.json",
		     ANSWER(full, "/latest/meta-data"));
	EXPECT_STREQ("200 text/plain allowed-prefixes\nleak-communities\npeer-ipv4\npeer-ipv6\ntenant-asn",
		     ANSWER(full, "/latest/meta-data/bgp/"));
	/* Only what answers 200 is listed. */
	EXPECT_STREQ("200 text/plain allowed-prefixes\nleak-communities\npeer-ipv4",
		     ANSWER(bare, "/latest/meta-data/bgp/"));
}

TEST_F(meta, bare)
{
	EXPECT_STREQ("500 text/plain " META_UNAVAILABLE,
		     ANSWER(bare, "/latest/meta-data/asn"));
	EXPECT_STREQ("500 text/plain " META_UNAVAILABLE,
		     ANSWER(bare, "/latest/meta-data/bgp.json"));
	EXPECT_STREQ("200 text/plain 10.0.1.1", ANSWER(bare, "/latest/meta-data/bgp/peer-ipv4"));
	EXPECT_STREQ("404 text/plain not found", ANSWER(bare, "/latest/meta-data/bgp/peer-ipv6"));
	EXPECT_STREQ("404 text/plain not found", ANSWER(bare, "/latest/meta-data/bgp/tenant-asn"));
	EXPECT_STREQ("200 text/plain ", ANSWER(bare, "/latest/meta-data/bgp/allowed-prefixes"));
	EXPECT_STREQ("200 text/plain ", ANSWER(bare, "/latest/meta-data/bgp/leak-communities"));
}

TEST_F(meta, unknown)
{
	static const char *const paths[] = {
		"", "/latest/user-data", "/latest/meta-data/instance-id",
		"/latest/meta-dataX", "/latest/meta-data/asn/",
		"/latest/meta-data/bgp/nope", "/latest/meta-data//asn",
		"/2009-04-04/meta-data/asn", "/LATEST/meta-data/asn",
	};
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		EXPECT_STREQ("404 text/plain not found", ANSWER(full, paths[i]));
}

TEST_F(meta, json)
{
	json_error_t err;
	json_t *o, *a;

	ANSWER(full, "/latest/meta-data/bgp.json");
	ASSERT_EQ(200u, self->r.status);
	EXPECT_STREQ("application/json", self->r.type);
	o = json_loads(self->r.body, 0, &err);
	ASSERT_NE(NULL, o);
	EXPECT_EQ(4268000000, json_integer_value(json_object_get(o, "asn")));
	EXPECT_EQ(65010, json_integer_value(json_object_get(o, "tenant_asn")));
	EXPECT_STREQ("10.0.0.1", json_string_value(json_object_get(o, "peer_ipv4")));
	EXPECT_STREQ("fd00::1", json_string_value(json_object_get(o, "peer_ipv6")));
	a = json_object_get(o, "allowed_prefixes");
	EXPECT_EQ(2u, json_array_size(a));
	EXPECT_STREQ("2001:db8:100::/48", json_string_value(json_array_get(a, 1)));
	a = json_object_get(o, "leak_communities");
	EXPECT_EQ(2u, json_array_size(a));
	EXPECT_STREQ("65100:2", json_string_value(json_array_get(a, 1)));
	json_decref(o);

	/* What a port lacks is left out; lists are there, empty. */
	self->bare.asn = 4268000001u;
	ANSWER(bare, "/latest/meta-data/bgp.json");
	o = json_loads(self->r.body, 0, &err);
	ASSERT_NE(NULL, o);
	EXPECT_EQ(NULL, json_object_get(o, "tenant_asn"));
	EXPECT_EQ(NULL, json_object_get(o, "peer_ipv6"));
	EXPECT_EQ(0u, json_array_size(json_object_get(o, "allowed_prefixes")));
	EXPECT_TRUE(json_is_array(json_object_get(o, "leak_communities")));
	json_decref(o);
}

TEST_HARNESS_MAIN
