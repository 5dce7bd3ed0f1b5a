// SPDX-License-Identifier: GPL-2.0
/*
 * The tenant import policy (policy/tenant.h): the allowed-prefix
 * check against table-driven cases and, on random prefixes, against the
 * document's own containment test (dpubgp_prefix_inside); the leak
 * communities and the stripping of every community; what a tenant is
 * trusted with (next hop, AS_PATH, attributes kept); and a tenant peer
 * in a VPC's table of the RIB, fed UPDATEs through the codec, whose
 * leaked routes, and only those, follow into the main table and out to a
 * fabric peer, and whose max_prefixes holds.
 */
/* Expected values are written as plain literals against unsigned fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include "dpubgp_test.h"
#include "rib_test.h"
#include "policy/tenant.h"
#include "config/value.h"

#define VPC_TABLE 100

static const char *const allowed[] = {
	"203.0.113.0/24", "198.51.100.128/25", "192.0.2.7/32",
	"2001:db8:100::/48", "2001:db8:200::/64", "2001:db8:300::/65",
};

struct allow_case {
	const char *prefix;
	bool accepted;
};

static const struct allow_case allow_cases[] = {
	{ "203.0.113.0/24", true },		/* the entry itself */
	{ "203.0.113.128/25", true },
	{ "203.0.113.10/32", true },
	{ "203.0.112.0/23", false },		/* shorter than the entry */
	{ "203.0.114.0/24", false },
	{ "198.51.100.128/26", true },
	{ "198.51.100.0/25", false },		/* the other half */
	{ "192.0.2.7/32", true },
	{ "192.0.2.6/32", false },
	{ "0.0.0.0/0", false },
	{ "2001:db8:100::/48", true },
	{ "2001:db8:100:ffff::/64", true },
	{ "2001:db8:101::/48", false },
	{ "2001:db8::/32", false },
	{ "2001:db8:200::/64", true },		/* 64 bits: one word */
	{ "2001:db8:200:0:8000::/65", true },
	{ "2001:db8:200:1::/64", false },
	{ "2001:db8:300::/65", true },		/* 65: into the second */
	{ "2001:db8:300:0:7fff::/80", true },
	{ "2001:db8:300:0:8000::/65", false },
	{ "2001:db8:300::/64", false },
	{ "203.0.113.0/24", true },
	{ "::/0", false },
	{ "cb00:7100::/24", false },		/* 203.0.113 as IPv6 bits */
};

/* The port's hosts: 10.0.0.2 and fd00::2, the tenant's sessions. */
static int policy_hosts(struct tenant_policy *tp)
{
	struct bgp_addr hosts[] = { test_addr("10.0.0.2"),
				    test_addr("fd00::2") };

	return tenant_policy_hosts(tp, TEST_AS, hosts, 2);
}

static int policy_init(struct tenant_policy *tp, bool leaks)
{
	struct dpubgp_prefix v[sizeof(allowed) / sizeof(allowed[0])];
	size_t i;
	int err;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		v[i] = test_prefix(allowed[i]);
	err = tenant_policy_init(tp, v, sizeof(v) / sizeof(v[0]), leaks);
	return err ? err : policy_hosts(tp);
}

TEST(prefix_allowed_cases)
{
	struct tenant_policy tp;
	struct dpubgp_prefix p;
	size_t i;

	ASSERT_EQ(0, policy_init(&tp, false));
	for (i = 0; i < sizeof(allow_cases) / sizeof(allow_cases[0]); i++) {
		p = test_prefix(allow_cases[i].prefix);
		EXPECT_EQ(allow_cases[i].accepted,
			  tenant_policy_allows(&tp, &p))
			TH_LOG("%s", allow_cases[i].prefix);
	}
	tenant_policy_free(&tp);
}

/* A policy from a list of prefixes separated by spaces. */
static void policy_of(struct tenant_policy *tp, const char *list, bool leaks)
{
	struct dpubgp_prefix v[8];
	char buf[256], *save, *w;
	size_t n = 0;

	snprintf(buf, sizeof(buf), "%s", list);
	for (w = strtok_r(buf, " ", &save); w && n < 8;
	     w = strtok_r(NULL, " ", &save))
		v[n++] = test_prefix(w);
	if (tenant_policy_init(tp, v, n, leaks))
		abort();
}

struct widen_case {
	const char *was, *now;
	bool leaks_was, leaks_now;
	bool widens;
};

static const struct widen_case widen_cases[] = {
	{ "203.0.113.0/24", "203.0.113.0/24", true, true, false },
	{ "203.0.113.0/24", "203.0.113.0/25", true, true, false },
	{ "203.0.113.0/24", "203.0.113.0/25 203.0.113.128/26", true, true,
	  false },
	{ "203.0.113.0/24", "", true, true, false },
	{ "203.0.113.0/25", "203.0.113.0/24", true, true, true },
	{ "203.0.113.0/24", "203.0.113.0/24 198.51.100.0/24", true, true,
	  true },
	{ "203.0.113.0/24", "2001:db8::/32", true, true, true },
	{ "203.0.113.0/24 2001:db8::/32", "2001:db8:1::/48", true, true,
	  false },
	{ "203.0.113.0/24", "203.0.113.0/24", true, false, false },
	{ "203.0.113.0/24", "203.0.113.0/24", false, true, true },
	{ "203.0.113.0/24", "203.0.113.0/25", false, true, true },
};

TEST(policy_widens_cases)
{
	struct tenant_policy was, now;
	const struct widen_case *c;
	size_t i;

	for (i = 0; i < sizeof(widen_cases) / sizeof(widen_cases[0]); i++) {
		c = &widen_cases[i];
		policy_of(&was, c->was, c->leaks_was);
		policy_of(&now, c->now, c->leaks_now);
		EXPECT_EQ(c->widens, tenant_policy_widens(&was, &now))
			TH_LOG("[%s]%s -> [%s]%s", c->was,
			       c->leaks_was ? " leaks" : "", c->now,
			       c->leaks_now ? " leaks" : "");
		tenant_policy_free(&was);
		tenant_policy_free(&now);
	}
}

TEST(empty_list_accepts_nothing)
{
	struct tenant_policy tp;
	struct dpubgp_prefix p = test_prefix("203.0.113.0/24");

	ASSERT_EQ(0, tenant_policy_init(&tp, NULL, 0, true));
	ASSERT_FALSE(tenant_policy_allows(&tp, &p));
	p = test_prefix("::/0");
	ASSERT_FALSE(tenant_policy_allows(&tp, &p));
	tenant_policy_free(&tp);
}

/* A random prefix of family, near one of the allowed entries half the time. */
static struct dpubgp_prefix random_prefix(sa_family_t family,
					  const struct dpubgp_prefix *near)
{
	struct dpubgp_prefix p = { .family = family };
	unsigned int max = dpubgp_prefix_maxlen(family), i;

	for (i = 0; i < 16; i++)
		p.addr[i] = (uint8_t)random();
	if (near && random() % 2)
		memcpy(p.addr, near->addr, 1 + random() % (max / 8));
	p.len = (uint8_t)(random() % (max + 1));
	for (i = p.len; i < 128; i++)
		p.addr[i / 8] &= (uint8_t)~(0x80 >> (i % 8));
	return p;
}

/* The same answers as a linear walk with the document's own test. */
TEST(prefix_allowed_matches_reference)
{
	size_t n = sizeof(allowed) / sizeof(allowed[0]), i, k;
	struct dpubgp_prefix v[sizeof(allowed) / sizeof(allowed[0])], p;
	struct tenant_policy tp;
	bool want;

	for (i = 0; i < n; i++)
		v[i] = test_prefix(allowed[i]);
	ASSERT_EQ(0, tenant_policy_init(&tp, v, n, false));
	srandom(4268);
	for (k = 0; k < 200000; k++) {
		p = random_prefix(k % 2 ? AF_INET6 : AF_INET, &v[k % n]);
		for (want = false, i = 0; i < n && !want; i++)
			want = dpubgp_prefix_inside(&p, &v[i]);
		ASSERT_EQ(want, tenant_policy_allows(&tp, &p));
	}
	tenant_policy_free(&tp);
}

struct comm_case {
	uint32_t comms[3];
	size_t n;
	bool accepted;		/* tenant_leak_communities_accepted */
	uint16_t flags;
};

static const struct comm_case comm_cases[] = {
	{ { 0 }, 0, true, 0 },
	{ { 0xfde80001 }, 1, true, 0 },			/* 65000:1 */
	{ { 0xfe4c0001 }, 1, true, DPUBGP_LEAK_UNDERLAY },
	{ { 0xfe4c0002 }, 1, true, DPUBGP_LEAK_DROP_OVERLAY },
	{ { 0xfe4c0001, 0xfe4c0002 }, 2, true, DPUBGP_LEAK_DROP_OVERLAY },
	{ { 0xfde80001, 0xfe4c0001, 0xfe4c0003 }, 3, true,
	  DPUBGP_LEAK_UNDERLAY },
	{ { 0xfe4c0001 }, 1, false, 0 },		/* not honoured */
	{ { 0xfe4c0001, 0xfe4c0002 }, 2, false, 0 },
};

TEST(leak_communities_and_strip)
{
	static const uint64_t ext[] = { 0x0002fe4c00000001ull };
	static const struct bgp_large_community large[] = { { 65100, 1, 1 } };
	struct tenant_policy tp[2];
	struct test_attrs t;
	struct bgp_attrs *a;
	size_t i;

	ASSERT_EQ(0, tenant_policy_init(&tp[0], NULL, 0, false));
	ASSERT_EQ(0, tenant_policy_init(&tp[1], NULL, 0, true));
	for (i = 0; i < sizeof(comm_cases) / sizeof(comm_cases[0]); i++) {
		a = test_attrs(&t, "65010", "10.0.0.2");
		a->communities = comm_cases[i].comms;
		a->n_communities = (uint16_t)comm_cases[i].n;
		a->ext_communities = ext;
		a->n_ext_communities = 1;
		a->large_communities = large;
		a->n_large_communities = 1;
		EXPECT_EQ(comm_cases[i].flags,
			  tenant_policy_attrs(&tp[comm_cases[i].accepted], a))
			TH_LOG("case %zu", i);
		EXPECT_EQ(0, a->n_communities + a->n_ext_communities +
			  a->n_large_communities);
		EXPECT_EQ(NULL, a->communities);
		EXPECT_EQ(NULL, a->ext_communities);
		EXPECT_EQ(NULL, a->large_communities);
	}
	ASSERT_FALSE(tenant_policy_equal(&tp[0], &tp[1]));
	tenant_policy_free(&tp[0]);
	tenant_policy_free(&tp[1]);
}

struct trust_case {
	const char *session;	/* the tenant's address, AS 65010 */
	const char *path;
	const char *nh;		/* as sent */
	const char *want_nh;	/* as kept; NULL: refused */
};

static const struct trust_case trust_cases[] = {
	{ "10.0.0.2", "65010", "10.0.0.2", "10.0.0.2" },
	/* Another next hop (the fabric router's, say): the host's. */
	{ "10.0.0.2", "65010", "10.0.1.10", "10.0.0.2" },
	{ "fd00::2", "65010", "2001:db8::1", "fd00::2" },
	/* The other family: one of the port's hosts, or refused. */
	{ "10.0.0.2", "65010", "fd00::2", "fd00::2" },
	{ "10.0.0.2", "65010", "fd00::3", NULL },
	{ "fd00::2", "65010", "10.0.0.2", "10.0.0.2" },
	{ "fd00::2", "65010", "10.0.1.10", NULL },
	/* The tenant's AS first (RFC 4271 6.3), never the node's. */
	{ "10.0.0.2", "65010 65020 {65030 65040}", "10.0.0.2", "10.0.0.2" },
	{ "10.0.0.2", "65010 65010", "10.0.0.2", "10.0.0.2" },
	{ "10.0.0.2", "65099 65010", "10.0.0.2", NULL },
	{ "10.0.0.2", "{65010}", "10.0.0.2", NULL },
	{ "10.0.0.2", "", "10.0.0.2", NULL },
	{ "10.0.0.2", "65010 65000", "10.0.0.2", NULL },	/* TEST_AS */
	{ "10.0.0.2", "65010 {65000}", "10.0.0.2", NULL },
};

TEST(trust_next_hop_and_path)
{
	const struct trust_case *c;
	struct bgp_addr session, want;
	struct tenant_policy tp;
	struct test_attrs t;
	struct bgp_attrs *a;
	size_t i;

	ASSERT_EQ(0, tenant_policy_init(&tp, NULL, 0, false));
	ASSERT_EQ(0, policy_hosts(&tp));
	for (i = 0; i < sizeof(trust_cases) / sizeof(trust_cases[0]); i++) {
		c = &trust_cases[i];
		a = test_attrs(&t, c->path, c->nh);
		session = test_addr(c->session);
		if (!c->want_nh) {
			EXPECT_NE(NULL, tenant_policy_trust(&tp, &session,
							    65010, a))
				TH_LOG("case %zu", i);
			continue;
		}
		ASSERT_EQ(NULL, tenant_policy_trust(&tp, &session, 65010, a))
			TH_LOG("case %zu", i);
		want = test_addr(c->want_nh);
		ASSERT_EQ(want.family == AF_INET ? 4 : 16, a->nexthop_len)
			TH_LOG("case %zu", i);
		EXPECT_EQ(0, memcmp(a->nexthop, &want.v4, a->nexthop_len))
			TH_LOG("case %zu", i);
	}
	tenant_policy_free(&tp);
}

/*
 * Of what a tenant sends, ORIGIN, AS_PATH, NEXT_HOP and MED stay (and the
 * RIB's LOCAL_PREF); unknown attributes (here 25, the IPv6-address-
 * specific extended communities, which can carry a route target),
 * ATOMIC_AGGREGATE and AGGREGATOR go; an MP next hop loses its
 * link-local half.
 */
TEST(trust_strips_attributes)
{
	static const uint8_t unknown[] = { 0xe0, 25, 20, 0x00, 0x02,
					   0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
					   0, 0, 0, 0, 0, 0, 0, 1, 0, 100 };
	struct bgp_addr session = test_addr("10.0.0.2");
	struct tenant_policy tp;
	struct test_attrs t;
	struct bgp_attrs *a = test_attrs(&t, "65010", "fd00::2");

	ASSERT_EQ(0, tenant_policy_init(&tp, NULL, 0, false));
	ASSERT_EQ(0, policy_hosts(&tp));
	a->present |= BGP_ATTRS_MED | BGP_ATTRS_LOCAL_PREF |
		      BGP_ATTRS_ATOMIC_AGGREGATE | BGP_ATTRS_AGGREGATOR;
	a->med = 5;
	a->aggregator_as = 65010;
	a->unknown = unknown;
	a->unknown_len = sizeof(unknown);
	memset(a->nexthop + 16, 0xfe, 16);	/* a link-local part */
	a->nexthop_len = 32;
	ASSERT_EQ(NULL, tenant_policy_trust(&tp, &session, 65010, a));
	EXPECT_EQ(BGP_ATTRS_ORIGIN | BGP_ATTRS_AS_PATH | BGP_ATTRS_NEXT_HOP |
		  BGP_ATTRS_MED | BGP_ATTRS_LOCAL_PREF, a->present);
	EXPECT_EQ(5, a->med);
	EXPECT_EQ(NULL, a->unknown);
	EXPECT_EQ(0, a->unknown_len);
	EXPECT_EQ(16, a->nexthop_len);
	EXPECT_EQ(0, a->nexthop[16]);
	tenant_policy_free(&tp);
}

/*
 * A tenant (AS 65010) in VPC_TABLE leaking to the main table, where an
 * eBGP fabric peer (AS 64567) is sent what leaks; UPDATEs go through the
 * codec into rib_peer_update().
 */
FIXTURE(tenant) {
	struct rib rib;
	struct tenant_policy tp;
	struct rib_peer *tenant, *fabric;
	struct sent *to_fabric;
	struct bgp_update u;
	unsigned int hook_calls, hook_withdrawals;
	uint16_t hook_flags;
};

static void *hook_self;

static void route_hook(struct rib_peer *p, const struct dpubgp_prefix *prefix,
		       const struct bgp_attrs *a, uint16_t flags)
{
	FIXTURE_DATA(tenant) *self = hook_self;

	self->hook_calls++;
	self->hook_withdrawals += !a;
	self->hook_flags = flags;
}

FIXTURE_SETUP(tenant)
{
	struct rib_peer_conf c = {
		.table = VPC_TABLE, .leaks = true, .leak_table = 0,
		.local_as = 4268000000u, .peer_as = 65010, .router_id = 2,
		.addr = test_addr("10.0.0.2"),
		.session = { .as4 = true, .ebgp = true },
		.families = 1u << BGP_AID_IPV4 | 1u << BGP_AID_IPV6,
		.route = route_hook,
		.max_prefixes = 4,
	};

	hook_self = self;
	ASSERT_EQ(0, rib_init(&self->rib, TEST_AS));
	ASSERT_EQ(0, policy_init(&self->tp, true));
	tenant_policy_apply(&c, &self->tp);
	self->tenant = rib_peer_add(&self->rib, &c);
	self->fabric = test_peer(&self->rib, 64567, 3, "10.0.1.10");
	self->to_fabric = calloc(1, sizeof(*self->to_fabric));
	ASSERT_NE(NULL, self->tenant);
	ASSERT_NE(NULL, self->fabric);
	ASSERT_NE(NULL, self->to_fabric);
	self->to_fabric->refuse_after = -1;
	self->fabric->conf.user = self->to_fabric;
	self->fabric->conf.send = sent_cb;
	rib_peer_up(self->tenant);
	rib_peer_up(self->fabric);
}

FIXTURE_TEARDOWN(tenant)
{
	rib_destroy(&self->rib);
	tenant_policy_free(&self->tp);
	free(self->to_fabric);
	ASSERT_NO_LEAKS();
}

static int feed_cb(void *arg, const uint8_t *msg, size_t len)
{
	FIXTURE_DATA(tenant) *self = arg;

	bgp_update_parse(&self->u, msg, len, &self->tenant->conf.session);
	rib_peer_update(self->tenant, &self->u);
	return 0;
}

/* The tenant announces prefix with community (0: none) and a large one. */
static void announce(FIXTURE_DATA(tenant) *self, const char *prefix,
		     uint32_t community)
{
	static const struct bgp_large_community large[] = { { 65010, 1, 1 } };
	struct dpubgp_prefix pfx = test_prefix(prefix);
	struct test_attrs t;
	struct bgp_attrs *a = test_attrs(&t, "65010", pfx.family == AF_INET ?
					 "10.0.0.2" : "fd00::2");

	a->communities = &community;
	a->n_communities = community != 0;
	a->large_communities = large;
	a->n_large_communities = 1;
	bgp_update_announce(&self->tenant->conf.session, a, &pfx, 1, feed_cb,
			    self);
}

static void withdraw(FIXTURE_DATA(tenant) *self, const char *prefix)
{
	struct dpubgp_prefix pfx = test_prefix(prefix);

	bgp_update_withdraw(&pfx, 1, feed_cb, self);
}

static const struct rib_path *path_in(FIXTURE_DATA(tenant) *self,
				      uint32_t table, const char *prefix)
{
	struct dpubgp_prefix pfx = test_prefix(prefix);

	return rib_best(&self->rib, table, &pfx);
}

TEST_F(tenant, allowed_routes_in_the_vpc_table)
{
	const struct rib_path *path;

	announce(self, "203.0.113.0/28", 0);
	announce(self, "192.0.2.0/24", 0xfe4c0001);	/* outside */
	announce(self, "2001:db8:100:1::/64", 0);
	path = path_in(self, VPC_TABLE, "203.0.113.0/28");
	ASSERT_NE(NULL, path);
	ASSERT_EQ(0, path->flags);
	ASSERT_EQ(0, path->attrs->n_communities +
		  path->attrs->n_large_communities);
	ASSERT_NE(NULL, path_in(self, VPC_TABLE, "2001:db8:100:1::/64"));
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "192.0.2.0/24"));
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.0/28"));
	ASSERT_EQ(1, self->tenant->stats.dropped[RIB_DROP_NOT_ALLOWED]);
	ASSERT_EQ(2, self->tenant->stats.accepted);
	ASSERT_EQ(3, self->tenant->stats.received);
	ASSERT_EQ(2, rib_count(&self->rib, VPC_TABLE, BGP_AID_IPV4) +
		  rib_count(&self->rib, VPC_TABLE, BGP_AID_IPV6));
	ASSERT_EQ(0, rib_count(&self->rib, 0, BGP_AID_IPV4));
	rib_flush(&self->rib);
	ASSERT_EQ(0, self->to_fabric->n);
}

TEST_F(tenant, leaked_routes_reach_the_fabric)
{
	const struct sent_route *r;

	announce(self, "203.0.113.16/28", 0xfe4c0001);
	announce(self, "203.0.113.32/28", 0xfe4c0002);
	announce(self, "2001:db8:100:3::/64", 0xfe4c0002);
	announce(self, "203.0.113.0/28", 0);
	ASSERT_EQ(DPUBGP_LEAK_UNDERLAY,
		  path_in(self, VPC_TABLE, "203.0.113.16/28")->flags);
	ASSERT_EQ(DPUBGP_LEAK_UNDERLAY,
		  path_in(self, 0, "203.0.113.16/28")->flags);
	ASSERT_EQ(DPUBGP_LEAK_DROP_OVERLAY,
		  path_in(self, 0, "203.0.113.32/28")->flags);
	ASSERT_EQ(self->tenant->idx,
		  path_in(self, 0, "2001:db8:100:3::/64")->peer);
	rib_flush(&self->rib);
	ASSERT_EQ(3, self->to_fabric->n);
	ASSERT_EQ(NULL, sent_find(self->to_fabric, "203.0.113.0/28"));
	r = sent_find(self->to_fabric, "203.0.113.16/28");
	ASSERT_NE(NULL, r);
	ASSERT_FALSE(r->withdraw);
	/* Our AS prepended toward the eBGP fabric, no community. */
	ASSERT_EQ(2, bgp_aspath_len(&r->attrs));
	ASSERT_EQ(TEST_AS, bgp_aspath_first(&r->attrs));
	ASSERT_EQ(0, r->attrs.n_large_communities +
		  r->attrs.n_ext_communities);
	ASSERT_NE(NULL, sent_find(self->to_fabric, "2001:db8:100:3::/64"));
}

TEST_F(tenant, leak_follows_the_route)
{
	const struct sent_route *r;

	announce(self, "203.0.113.16/28", 0xfe4c0001);
	rib_flush(&self->rib);
	/* Announced again without the community: no longer leaked. */
	announce(self, "203.0.113.16/28", 0);
	ASSERT_EQ(0, path_in(self, VPC_TABLE, "203.0.113.16/28")->flags);
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.16/28"));
	rib_flush(&self->rib);
	r = sent_find(self->to_fabric, "203.0.113.16/28");
	ASSERT_NE(NULL, r);
	ASSERT_TRUE(r->withdraw);
	/* Leaked again, then withdrawn: gone from both tables. */
	announce(self, "203.0.113.16/28", 0xfe4c0002);
	ASSERT_NE(NULL, path_in(self, 0, "203.0.113.16/28"));
	withdraw(self, "203.0.113.16/28");
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "203.0.113.16/28"));
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.16/28"));
}

/*
 * Held (conf.leak_held): a leaked route reaches the fabric only once its
 * owner says it is installed; a change waits for it too; installed no
 * more, or withdrawn, it leaves the fabric at once.
 */
TEST_F(tenant, held_leak_waits_for_install)
{
	struct dpubgp_prefix pfx = test_prefix("203.0.113.16/28");
	const struct sent_route *r;

	self->tenant->conf.leak_held = true;
	announce(self, "203.0.113.16/28", 0xfe4c0001);
	ASSERT_NE(NULL, path_in(self, VPC_TABLE, "203.0.113.16/28"));
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.16/28"));
	rib_flush(&self->rib);
	ASSERT_EQ(0, self->to_fabric->n);
	/* Not installed: nothing to take away. */
	ASSERT_EQ(0, rib_peer_leak_set(self->tenant, &pfx, false));
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.16/28"));
	ASSERT_EQ(0, rib_peer_leak_set(self->tenant, &pfx, true));
	ASSERT_EQ(DPUBGP_LEAK_UNDERLAY,
		  path_in(self, 0, "203.0.113.16/28")->flags);
	rib_flush(&self->rib);
	r = sent_find(self->to_fabric, "203.0.113.16/28");
	ASSERT_NE(NULL, r);
	ASSERT_FALSE(r->withdraw);
	/* 65100:2 instead: the fabric keeps the old copy until installed. */
	announce(self, "203.0.113.16/28", 0xfe4c0002);
	ASSERT_EQ(DPUBGP_LEAK_UNDERLAY,
		  path_in(self, 0, "203.0.113.16/28")->flags);
	ASSERT_EQ(0, rib_peer_leak_set(self->tenant, &pfx, true));
	ASSERT_EQ(DPUBGP_LEAK_DROP_OVERLAY,
		  path_in(self, 0, "203.0.113.16/28")->flags);
	/* The kernel lost it (its port went): the fabric loses it. */
	ASSERT_EQ(0, rib_peer_leak_set(self->tenant, &pfx, false));
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.16/28"));
	rib_flush(&self->rib);
	ASSERT_TRUE(sent_find(self->to_fabric, "203.0.113.16/28")->withdraw);
	/* Installed again, then withdrawn: gone at once. */
	ASSERT_EQ(0, rib_peer_leak_set(self->tenant, &pfx, true));
	ASSERT_NE(NULL, path_in(self, 0, "203.0.113.16/28"));
	withdraw(self, "203.0.113.16/28");
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.16/28"));
	/* Installed, not leaked: no copy. */
	announce(self, "203.0.113.32/28", 0);
	pfx = test_prefix("203.0.113.32/28");
	ASSERT_EQ(0, rib_peer_leak_set(self->tenant, &pfx, true));
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.32/28"));
}

TEST_F(tenant, session_loss_takes_everything)
{
	announce(self, "203.0.113.16/28", 0xfe4c0001);
	announce(self, "2001:db8:100:1::/64", 0xfe4c0002);
	announce(self, "203.0.113.0/28", 0);
	rib_flush(&self->rib);
	ASSERT_EQ(2, self->to_fabric->n);
	rib_peer_down(self->tenant);
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "203.0.113.0/28"));
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.16/28"));
	ASSERT_EQ(NULL, path_in(self, 0, "2001:db8:100:1::/64"));
	rib_flush(&self->rib);
	ASSERT_EQ(4, self->to_fabric->n);
	ASSERT_TRUE(sent_find(self->to_fabric, "203.0.113.16/28")->withdraw);
	ASSERT_TRUE(sent_find(self->to_fabric,
			      "2001:db8:100:1::/64")->withdraw);
	ASSERT_EQ(0, rib_count(&self->rib, VPC_TABLE, BGP_AID_IPV4));
	ASSERT_EQ(0, rib_count(&self->rib, 0, BGP_AID_IPV4));
}

/* The route hook hears of every change of the tenant's routes. */
TEST_F(tenant, route_hook)
{
	announce(self, "203.0.113.16/28", 0xfe4c0002);
	ASSERT_EQ(1, self->hook_calls);
	ASSERT_EQ(DPUBGP_LEAK_DROP_OVERLAY, self->hook_flags);
	announce(self, "192.0.2.0/24", 0);	/* dropped: never there */
	ASSERT_EQ(1, self->hook_calls);
	announce(self, "203.0.113.0/28", 0);
	rib_peer_down(self->tenant);
	ASSERT_EQ(4, self->hook_calls);
	ASSERT_EQ(2, self->hook_withdrawals);
}

#define V4	(1u << BGP_AID_IPV4)
#define V6	(1u << BGP_AID_IPV6)

static bool stale(FIXTURE_DATA(tenant) *self, uint32_t table,
		  const char *prefix)
{
	const struct rib_path *path = path_in(self, table, prefix);

	return path && (path->flags & RIB_PATH_STALE);
}

/*
 * Graceful restart (RFC 4724 4.2): the tenant's IPv4 routes are kept,
 * stale, in both tables and at the fabric; its IPv6 ones (a family it
 * did not list) go. Back, what it announces again is fresh, and its
 * IPv4 End-of-RIB sweeps what it did not; the route hook hears of
 * nothing but the withdrawals and the announcements.
 */
TEST_F(tenant, graceful_restart_keeps_routes_stale)
{
	announce(self, "203.0.113.16/28", 0xfe4c0001);
	announce(self, "203.0.113.0/28", 0);
	announce(self, "2001:db8:100:1::/64", 0xfe4c0002);
	rib_flush(&self->rib);
	ASSERT_EQ(2, self->to_fabric->n);
	ASSERT_EQ(3, self->hook_calls);

	rib_peer_down_graceful(self->tenant, V4);
	ASSERT_EQ(V4, self->tenant->stale);
	ASSERT_TRUE(stale(self, VPC_TABLE, "203.0.113.16/28"));
	ASSERT_TRUE(stale(self, 0, "203.0.113.16/28"));
	ASSERT_EQ(DPUBGP_LEAK_UNDERLAY | RIB_PATH_STALE,
		  path_in(self, 0, "203.0.113.16/28")->flags);
	ASSERT_TRUE(stale(self, VPC_TABLE, "203.0.113.0/28"));
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "2001:db8:100:1::/64"));
	ASSERT_EQ(4, self->hook_calls);
	ASSERT_EQ(1, self->hook_withdrawals);
	rib_flush(&self->rib);
	ASSERT_EQ(3, self->to_fabric->n);
	ASSERT_FALSE(sent_find(self->to_fabric, "203.0.113.16/28")->withdraw);
	ASSERT_TRUE(sent_find(self->to_fabric,
			      "2001:db8:100:1::/64")->withdraw);

	rib_peer_up(self->tenant);
	announce(self, "203.0.113.16/28", 0xfe4c0001);
	ASSERT_FALSE(stale(self, VPC_TABLE, "203.0.113.16/28"));
	ASSERT_FALSE(stale(self, 0, "203.0.113.16/28"));
	ASSERT_TRUE(stale(self, VPC_TABLE, "203.0.113.0/28"));
	ASSERT_EQ(5, self->hook_calls);
	bgp_update_eor(BGP_AID_IPV4, feed_cb, self);
	ASSERT_EQ(0, self->tenant->stale);
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "203.0.113.0/28"));
	ASSERT_NE(NULL, path_in(self, 0, "203.0.113.16/28"));
	ASSERT_EQ(6, self->hook_calls);
	ASSERT_EQ(2, self->hook_withdrawals);
	rib_flush(&self->rib);
	/* The leaked route never left the fabric. */
	ASSERT_FALSE(sent_find(self->to_fabric, "203.0.113.16/28")->withdraw);
}

/*
 * A second restart before the first is over drops what stayed stale
 * (RFC 4724 4.2) and keeps what came again; the restart time's end
 * sweeps the rest.
 */
TEST_F(tenant, second_restart_drops_what_stayed_stale)
{
	announce(self, "203.0.113.16/28", 0xfe4c0001);
	announce(self, "203.0.113.0/28", 0);
	rib_peer_down_graceful(self->tenant, V4 | V6);
	rib_peer_up(self->tenant);
	announce(self, "203.0.113.0/28", 0);
	rib_peer_down_graceful(self->tenant, V4 | V6);
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "203.0.113.16/28"));
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.16/28"));
	ASSERT_TRUE(stale(self, VPC_TABLE, "203.0.113.0/28"));
	rib_peer_sweep(self->tenant, V4 | V6);
	ASSERT_EQ(0, self->tenant->stale);
	rib_flush(&self->rib);
	ASSERT_EQ(0, rib_count(&self->rib, VPC_TABLE, BGP_AID_IPV4));
	ASSERT_EQ(0, rib_count(&self->rib, 0, BGP_AID_IPV4));
	ASSERT_EQ(self->hook_calls - 3, self->hook_withdrawals);
}

/*
 * A narrower policy runs again over the tenant's routes in place: the
 * prefix it no longer allows goes, from the VPC, the main table, the
 * fabric and the route hook; the others stay, stale ones stale.
 */
TEST_F(tenant, narrowed_policy_in_place)
{
	struct tenant_policy narrow;
	unsigned int calls;

	announce(self, "2001:db8:100:1::/64", 0);
	rib_peer_down_graceful(self->tenant, V4 | V6);
	rib_peer_up(self->tenant);
	announce(self, "203.0.113.16/28", 0xfe4c0001);
	announce(self, "203.0.113.32/28", 0xfe4c0001);
	rib_flush(&self->rib);
	calls = self->hook_calls;
	policy_of(&narrow, "203.0.113.0/27 2001:db8:100::/48", true);
	ASSERT_EQ(1, tenant_policy_reapply(self->tenant, &narrow));
	ASSERT_EQ(&narrow, self->tenant->conf.policy);
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "203.0.113.32/28"));
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.32/28"));
	ASSERT_EQ(DPUBGP_LEAK_UNDERLAY,
		  path_in(self, 0, "203.0.113.16/28")->flags);
	ASSERT_TRUE(stale(self, VPC_TABLE, "2001:db8:100:1::/64"));
	ASSERT_EQ(calls + 1, self->hook_calls);
	rib_flush(&self->rib);
	ASSERT_TRUE(sent_find(self->to_fabric, "203.0.113.32/28")->withdraw);
	/* What it now refuses is refused when announced, too. */
	announce(self, "203.0.113.48/28", 0);
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "203.0.113.48/28"));
	rib_peer_down(self->tenant);
	tenant_policy_free(&narrow);
}

/*
 * A profile that stops accepting the leak communities: the routes stay
 * in the VPC, their leaks go (from the main table and the fabric), and
 * the route hook hears the new flags.
 */
TEST_F(tenant, leaks_off_in_place)
{
	struct tenant_policy noleak;

	announce(self, "203.0.113.16/28", 0xfe4c0001);
	announce(self, "2001:db8:100:3::/64", 0xfe4c0002);
	announce(self, "203.0.113.0/28", 0);
	rib_flush(&self->rib);
	ASSERT_EQ(2, self->to_fabric->n);
	policy_of(&noleak, "203.0.113.0/24 2001:db8:100::/48", false);
	ASSERT_EQ(0, tenant_policy_reapply(self->tenant, &noleak));
	ASSERT_EQ(0, path_in(self, VPC_TABLE, "203.0.113.16/28")->flags);
	ASSERT_EQ(0, path_in(self, VPC_TABLE, "2001:db8:100:3::/64")->flags);
	ASSERT_EQ(NULL, path_in(self, 0, "203.0.113.16/28"));
	ASSERT_EQ(NULL, path_in(self, 0, "2001:db8:100:3::/64"));
	ASSERT_EQ(0, self->hook_flags);
	ASSERT_EQ(5, self->hook_calls);
	ASSERT_EQ(0, self->hook_withdrawals);
	rib_flush(&self->rib);
	ASSERT_TRUE(sent_find(self->to_fabric, "203.0.113.16/28")->withdraw);
	ASSERT_TRUE(sent_find(self->to_fabric,
			      "2001:db8:100:3::/64")->withdraw);
	rib_peer_down(self->tenant);
	tenant_policy_free(&noleak);
}

/* The tenant is sent nothing but End-of-RIB. */
TEST(tenant_is_sent_end_of_rib_only)
{
	struct rib_peer_conf c = {
		.table = VPC_TABLE, .leaks = true,
		.local_as = 4268000000u, .peer_as = 65010, .router_id = 2,
		.addr = test_addr("10.0.0.2"),
		.session = { .as4 = true, .ebgp = true },
		.families = 1u << BGP_AID_IPV4 | 1u << BGP_AID_IPV6,
		.send = sent_cb,
	};
	struct tenant_policy tp;
	struct dpubgp_prefix pfx = test_prefix("203.0.113.0/24");
	struct test_attrs t;
	struct rib_peer *p;
	struct sent *s = calloc(1, sizeof(*s));
	struct rib rib;

	ASSERT_NE(NULL, s);
	s->refuse_after = -1;
	ASSERT_EQ(0, rib_init(&rib, TEST_AS));
	ASSERT_EQ(0, policy_init(&tp, true));
	ASSERT_EQ(0, rib_originate(&rib, VPC_TABLE, &pfx,
				   test_attrs(&t, "", "192.0.2.1")));
	tenant_policy_apply(&c, &tp);
	c.user = s;
	p = rib_peer_add(&rib, &c);
	ASSERT_NE(NULL, p);
	rib_peer_up(p);
	rib_flush(&rib);
	ASSERT_EQ(0, s->n);
	ASSERT_EQ(1, s->eor[BGP_AID_IPV4]);
	ASSERT_EQ(1, s->eor[BGP_AID_IPV6]);
	ASSERT_EQ(2, s->msgs);
	rib_destroy(&rib);
	tenant_policy_free(&tp);
	free(s);
	ASSERT_NO_LEAKS();
}

TEST_HARNESS_MAIN

/*
 * The tenant's routes, both families, count against max_prefixes (4,
 * after the import policy); a change of one it has costs nothing; the
 * prefix beyond is not taken, nor the rest of its UPDATE, and the
 * session is to close (limit_hit, in the prefix's family).
 */
TEST_F(tenant, max_prefixes)
{
	const char *const pfx[] = { "203.0.113.16/28", "192.0.2.0/24",
				    "2001:db8:100:1::/64", "203.0.113.0/28",
				    "203.0.113.32/28" };
	struct dpubgp_prefix two[2] = { test_prefix("2001:db8:100:2::/64"),
					test_prefix("2001:db8:100:3::/64") };
	struct test_attrs t;
	size_t i;

	for (i = 0; i < 5; i++)		/* 192.0.2.0/24 is not allowed */
		announce(self, pfx[i], 0);
	announce(self, "203.0.113.0/28", 0xfe4c0001);
	ASSERT_EQ(4, self->tenant->routes);
	ASSERT_FALSE(self->tenant->limit_hit);
	bgp_update_announce(&self->tenant->conf.session,
			    test_attrs(&t, "65010", "fd00::2"), two, 2,
			    feed_cb, self);
	ASSERT_TRUE(self->tenant->limit_hit);
	ASSERT_EQ(BGP_AID_IPV6, self->tenant->limit_aid);
	ASSERT_EQ(4, self->tenant->routes);
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "2001:db8:100:2::/64"));
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "2001:db8:100:3::/64"));
	/* Nothing more is taken until the session is down and up again. */
	withdraw(self, "203.0.113.0/28");
	ASSERT_EQ(4, self->tenant->routes);
	rib_peer_down(self->tenant);
	ASSERT_EQ(0, self->tenant->routes);
	rib_peer_up(self->tenant);
	ASSERT_FALSE(self->tenant->limit_hit);
	announce(self, "2001:db8:100:2::/64", 0);
	ASSERT_EQ(1, self->tenant->routes);
}

/* A route the tenant's trust refuses is withdrawn, counted per prefix. */
TEST_F(tenant, untrusted_route_withdrawn)
{
	struct dpubgp_prefix two[2] = { test_prefix("203.0.113.0/28"),
					test_prefix("203.0.113.16/28") };
	const struct rib_path *path;
	struct test_attrs t;

	bgp_update_announce(&self->tenant->conf.session,
			    test_attrs(&t, "65010", "10.0.1.10"), two, 2,
			    feed_cb, self);
	path = path_in(self, VPC_TABLE, "203.0.113.0/28");
	ASSERT_NE(NULL, path);
	ASSERT_EQ(0, memcmp(path->attrs->nexthop, "\x0a\x00\x00\x02", 4));
	bgp_update_announce(&self->tenant->conf.session,
			    test_attrs(&t, "65099 65010", "10.0.0.2"), two, 2,
			    feed_cb, self);
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "203.0.113.0/28"));
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "203.0.113.16/28"));
	ASSERT_EQ(2, self->tenant->stats.dropped[RIB_DROP_UNTRUSTED]);
	ASSERT_EQ(0, self->tenant->routes);
}

/* A path holding the node's AS is a loop, not a matter of trust. */
TEST_F(tenant, node_as_is_a_loop)
{
	struct dpubgp_prefix one = test_prefix("203.0.113.0/28");
	struct test_attrs t;

	bgp_update_announce(&self->tenant->conf.session,
			    test_attrs(&t, "65010 65000", "10.0.0.2"), &one, 1,
			    feed_cb, self);
	ASSERT_EQ(NULL, path_in(self, VPC_TABLE, "203.0.113.0/28"));
	ASSERT_EQ(1, self->tenant->stats.dropped[RIB_DROP_AS_LOOP]);
	ASSERT_EQ(0, self->tenant->stats.dropped[RIB_DROP_UNTRUSTED]);
}
