// SPDX-License-Identifier: GPL-2.0
/*
 * The RIB's import side: best-path selection, one table row per
 * tie-breaker (each pair inserted in both orders), and what UPDATEs do
 * to the Adj-RIB-In: AS loops, treat-as-withdraw, End-of-RIB, the import
 * policy hooks, LOCAL_PREF from eBGP.
 */
/* Expected values are written as plain literals against unsigned fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include "dpubgp_test.h"
#include "bgp_test.h"
#include "codec/cursor.h"
#include "rib_test.h"

struct side {
	uint32_t as;		/* the peer's: eBGP unless TEST_AS */
	uint32_t id;
	const char *addr;
	const char *path;
	uint8_t origin;
	int64_t med;		/* -1: none */
	int64_t local_pref;	/* -1: none */
};

struct decide_case {
	const char *name;
	struct side a, b;
	bool b_wins;
};

#define NO -1
static const struct decide_case cases[] = {
	{ "highest LOCAL_PREF",
	  { TEST_AS, 2, "10.0.0.2", "65001 65002", 0, NO, 200 },
	  { TEST_AS, 1, "10.0.0.1", "65001", 0, NO, 100 }, false },
	{ "LOCAL_PREF missing counts 100",
	  { TEST_AS, 1, "10.0.0.1", "65001", 0, NO, NO },
	  { TEST_AS, 2, "10.0.0.2", "65001 1", 0, NO, 101 }, true },
	{ "shortest AS_PATH",
	  { 65001, 2, "10.0.0.2", "65001", 0, NO, NO },
	  { 65002, 1, "10.0.0.1", "65002 1", 0, NO, NO }, false },
	{ "AS_SET counts one",
	  { 65001, 2, "10.0.0.2", "65001 {1 2 3}", 0, NO, NO },
	  { 65002, 1, "10.0.0.1", "65002 3 4", 0, NO, NO }, false },
	{ "lowest ORIGIN",
	  { 65001, 2, "10.0.0.2", "65001", BGP_ORIGIN_IGP, NO, NO },
	  { 65002, 1, "10.0.0.1", "65002", BGP_ORIGIN_EGP, NO, NO }, false },
	{ "ORIGIN EGP over INCOMPLETE",
	  { 65001, 1, "10.0.0.1", "65001", BGP_ORIGIN_INCOMPLETE, NO, NO },
	  { 65002, 2, "10.0.0.2", "65002", BGP_ORIGIN_EGP, NO, NO }, true },
	{ "lowest MED from the same neighbour AS",
	  { 65001, 1, "10.0.0.1", "65001 1", 0, 10, NO },
	  { 65001, 2, "10.0.0.2", "65001 2", 0, 5, NO }, true },
	{ "MED missing counts 0",
	  { 65001, 2, "10.0.0.2", "65001 1", 0, NO, NO },
	  { 65001, 1, "10.0.0.1", "65001 2", 0, 1, NO }, false },
	{ "MED not compared across neighbour ASes",
	  { 65001, 1, "10.0.0.1", "65001 1", 0, 50, NO },
	  { 65002, 2, "10.0.0.2", "65002 1", 0, 5, NO }, false },
	{ "eBGP over iBGP",
	  { 65001, 2, "10.0.0.2", "65001", 0, NO, 100 },
	  { TEST_AS, 1, "10.0.0.1", "65001", 0, NO, 100 }, false },
	{ "lowest router id",
	  { 65001, 2, "10.0.0.1", "65001", 0, NO, NO },
	  { 65002, 1, "10.0.0.2", "65002", 0, NO, NO }, true },
	{ "lowest peer address",
	  { 65001, 7, "10.0.0.2", "65001", 0, NO, NO },
	  { 65002, 7, "10.0.0.1", "65002", 0, NO, NO }, true },
	{ "lowest peer address, IPv6",
	  { 65001, 7, "fd00::1", "65001", 0, NO, NO },
	  { 65002, 7, "fd00::2", "65002", 0, NO, NO }, false },
};

static struct rib_peer *side_peer(struct rib *rib, const struct side *s,
				  const struct dpubgp_prefix *prefix)
{
	struct rib_peer *p = test_peer(rib, s->as, s->id, s->addr);
	struct test_attrs t;
	struct bgp_attrs *a = test_attrs(&t, s->path, "10.9.9.9");

	a->origin = s->origin;
	if (s->med >= 0) {
		a->present |= BGP_ATTRS_MED;
		a->med = (uint32_t)s->med;
	}
	if (s->local_pref >= 0) {
		a->present |= BGP_ATTRS_LOCAL_PREF;
		a->local_pref = (uint32_t)s->local_pref;
	}
	if (p && rib_peer_route(p, prefix, a))
		return NULL;
	return p;
}

TEST(best_path_table)
{
	struct dpubgp_prefix prefix = test_prefix("10.1.0.0/16");
	const struct decide_case *c;
	struct rib_peer *pa, *pb;
	struct rib rib;
	int order;

	for (c = cases; c < cases + ARRAY_SIZE(cases); c++) {
		for (order = 0; order < 2; order++) {
			ASSERT_EQ(0, rib_init(&rib, TEST_AS));
			if (order) {
				pb = side_peer(&rib, &c->b, &prefix);
				pa = side_peer(&rib, &c->a, &prefix);
			} else {
				pa = side_peer(&rib, &c->a, &prefix);
				pb = side_peer(&rib, &c->b, &prefix);
			}
			ASSERT_NE(NULL, pa);
			ASSERT_NE(NULL, pb);
			ASSERT_EQ((c->b_wins ? pb : pa)->idx,
				  rib_best(&rib, 0, &prefix)->peer)
				TH_LOG("%s (order %d)", c->name, order);
			/* The loser takes over once the winner withdraws. */
			rib_peer_route(c->b_wins ? pb : pa, &prefix, NULL);
			ASSERT_EQ((c->b_wins ? pa : pb)->idx,
				  rib_best(&rib, 0, &prefix)->peer);
			rib_destroy(&rib);
		}
	}
	ASSERT_NO_LEAKS();
}

TEST(local_routes_win)
{
	struct dpubgp_prefix prefix = test_prefix("10.1.0.0/16");
	const struct side s = { 65001, 1, "10.0.0.1", "", 0, NO, 1000 };
	struct test_attrs t;
	struct rib rib;

	ASSERT_EQ(0, rib_init(&rib, TEST_AS));
	ASSERT_NE(NULL, side_peer(&rib, &s, &prefix));
	ASSERT_EQ(0, rib_originate(&rib, 0, &prefix, test_attrs(&t, "", NULL)));
	ASSERT_EQ(RIB_PEER_LOCAL, rib_best(&rib, 0, &prefix)->peer);
	rib_destroy(&rib);
	ASSERT_NO_LEAKS();
}

TEST(aspath_helpers)
{
	struct test_attrs t;
	struct bgp_attrs *a = test_attrs(&t, "65001 65002 {7 8} 9", NULL);
	struct bgp_attrs b = *a;
	uint8_t buf[64];

	ASSERT_EQ(4, bgp_aspath_len(a));
	ASSERT_EQ(65001, bgp_aspath_first(a));
	ASSERT_TRUE(bgp_aspath_has(a, 8));
	ASSERT_FALSE(bgp_aspath_has(a, 65000));
	b.aspath_len = bgp_aspath_prepend(a, 65000, buf);
	b.aspath = buf;
	ASSERT_EQ(a->aspath_len + 4, b.aspath_len);
	ASSERT_EQ(5, bgp_aspath_len(&b));
	ASSERT_EQ(65000, bgp_aspath_first(&b));
	/* An empty path or one that opens with a set gets a new segment. */
	a = test_attrs(&t, "", NULL);
	ASSERT_EQ(6, bgp_aspath_prepend(a, 65000, buf));
	a = test_attrs(&t, "{1 2}", NULL);
	ASSERT_EQ(6 + a->aspath_len, bgp_aspath_prepend(a, 65000, buf));
}

/* UPDATEs into a peer, through the codec's builder and decoder. */
FIXTURE(import) {
	struct rib rib;
	struct rib_peer *ebgp, *ibgp;
	struct bgp_update u;
	struct rib_peer *to;
};

FIXTURE_SETUP(import)
{
	ASSERT_EQ(0, rib_init(&self->rib, TEST_AS));
	self->ebgp = test_peer(&self->rib, 65001, 1, "10.0.0.1");
	self->ibgp = test_peer(&self->rib, TEST_AS, 2, "10.0.0.2");
	ASSERT_NE(NULL, self->ebgp);
	ASSERT_NE(NULL, self->ibgp);
	self->ebgp->conf.no_export = self->ibgp->conf.no_export = true;
	rib_peer_up(self->ebgp);
	rib_peer_up(self->ibgp);
}

FIXTURE_TEARDOWN(import)
{
	rib_destroy(&self->rib);
	ASSERT_NO_LEAKS();
}

static int feed_cb(void *arg, const uint8_t *msg, size_t len)
{
	FIXTURE_DATA(import) *self = arg;

	bgp_update_parse(&self->u, msg, len, &self->to->conf.session);
	rib_peer_update(self->to, &self->u);
	return 0;
}

static void announce(FIXTURE_DATA(import) *self, struct rib_peer *p,
		     const struct bgp_attrs *a, const char *prefix)
{
	struct dpubgp_prefix pfx = test_prefix(prefix);

	self->to = p;
	bgp_update_announce(&p->conf.session, a, &pfx, 1, feed_cb, self);
}

/* One UPDATE for every prefix of a NULL-terminated list. */
static void announce_list(FIXTURE_DATA(import) *self, struct rib_peer *p,
			  const struct bgp_attrs *a, const char *const *list)
{
	struct dpubgp_prefix pfx[16];
	size_t n = 0;

	while (list[n] && n < 16) {
		pfx[n] = test_prefix(list[n]);
		n++;
	}
	self->to = p;
	bgp_update_announce(&p->conf.session, a, pfx, n, feed_cb, self);
}

#define ANNOUNCE(self, p, a, ...) \
	announce_list(self, p, a, (const char *const[]){ __VA_ARGS__, NULL })

static void withdraw(FIXTURE_DATA(import) *self, struct rib_peer *p,
		     const char *prefix)
{
	struct dpubgp_prefix pfx = test_prefix(prefix);

	self->to = p;
	bgp_update_withdraw(&pfx, 1, feed_cb, self);
}

#define PFX(s) (&(struct dpubgp_prefix[]){ test_prefix(s) }[0])

TEST_F(import, announce_and_withdraw_both_families)
{
	struct test_attrs t, t6;
	struct dpubgp_prefix v4 = test_prefix("10.1.0.0/16");
	struct dpubgp_prefix v6 = test_prefix("2001:db8:1::/48");
	const struct rib_path *path;

	announce(self, self->ebgp, test_attrs(&t, "65001", "10.0.0.1"),
		 "10.1.0.0/16");
	announce(self, self->ebgp, test_attrs(&t6, "65001", "fd00::1"),
		 "2001:db8:1::/48");
	path = rib_peer_path(self->ebgp, &v4);
	ASSERT_NE(NULL, path);
	ASSERT_EQ(4, path->attrs->nexthop_len);
	/* LOCAL_PREF from an eBGP peer is ours, not theirs. */
	ASSERT_TRUE(path->attrs->present & BGP_ATTRS_LOCAL_PREF);
	ASSERT_EQ(RIB_LOCAL_PREF_DEFAULT, path->attrs->local_pref);
	path = rib_peer_path(self->ebgp, &v6);
	ASSERT_NE(NULL, path);
	ASSERT_EQ(16, path->attrs->nexthop_len);
	ASSERT_EQ(0xfd, path->attrs->nexthop[0]);
	/* One interned set per family: same path, different next hops. */
	ASSERT_EQ(1, rib_count(&self->rib, 0, BGP_AID_IPV4));
	ASSERT_EQ(1, rib_count(&self->rib, 0, BGP_AID_IPV6));
	withdraw(self, self->ebgp, "10.1.0.0/16");
	withdraw(self, self->ebgp, "2001:db8:1::/48");
	ASSERT_EQ(NULL, rib_best(&self->rib, 0, &v4));
	ASSERT_EQ(NULL, rib_best(&self->rib, 0, &v6));
	ASSERT_EQ(2, self->ebgp->stats.withdrawn);
}

TEST_F(import, as_loop_is_a_withdrawal)
{
	struct dpubgp_prefix v4 = test_prefix("10.1.0.0/16");
	struct test_attrs t;

	announce(self, self->ebgp, test_attrs(&t, "65001", "10.0.0.1"),
		 "10.1.0.0/16");
	ASSERT_NE(NULL, rib_best(&self->rib, 0, &v4));
	announce(self, self->ebgp,
		 test_attrs(&t, "65001 65000 65003", "10.0.0.1"),
		 "10.1.0.0/16");
	ASSERT_EQ(NULL, rib_best(&self->rib, 0, &v4));
	ASSERT_EQ(1, self->ebgp->stats.dropped[RIB_DROP_AS_LOOP]);
	announce(self, self->ebgp, test_attrs(&t, "65001 {7 65000}", "10.0.0.1"),
		 "10.2.0.0/16");
	ASSERT_EQ(NULL, rib_best(&self->rib, 0, PFX("10.2.0.0/16")));
	ASSERT_EQ(2, self->ebgp->stats.dropped[RIB_DROP_AS_LOOP]);
	/* Received: the first, accepted, and the two looped. */
	ASSERT_EQ(3, self->ebgp->stats.received);
	ASSERT_EQ(1, self->ebgp->stats.accepted);
}

TEST_F(import, treat_as_withdraw)
{
	struct dpubgp_prefix v4 = test_prefix("10.1.0.0/16");
	uint8_t msg[BGP_MAX_LEN];
	struct test_attrs t;
	size_t len;

	announce(self, self->ebgp, test_attrs(&t, "65001", "10.0.0.1"),
		 "10.1.0.0/16");
	ASSERT_NE(NULL, rib_best(&self->rib, 0, &v4));
	/* ORIGIN 3 is undefined: RFC 7606 7.1, treat-as-withdraw. */
	len = unhex("M 002e 02 0000 0014 40010103 4002060201 0000fde9"
		    " 4003040a000001 100a01", msg);
	ASSERT_EQ(BGP_ACT_WITHDRAW,
		  bgp_update_parse(&self->u, msg, len,
				   &self->ebgp->conf.session));
	rib_peer_update(self->ebgp, &self->u);
	ASSERT_EQ(NULL, rib_best(&self->rib, 0, &v4));
	ASSERT_EQ(1, self->ebgp->stats.treat_as_withdraw);
}

TEST_F(import, end_of_rib_noted)
{
	self->to = self->ibgp;
	ASSERT_EQ(0, self->ibgp->eor_rcvd);
	bgp_update_eor(BGP_AID_IPV6, feed_cb, self);
	ASSERT_EQ(1u << BGP_AID_IPV6, self->ibgp->eor_rcvd);
	bgp_update_eor(BGP_AID_IPV4, feed_cb, self);
	ASSERT_EQ(3, self->ibgp->eor_rcvd);
	ASSERT_EQ(0, rib_count(&self->rib, 0, BGP_AID_IPV4));
}

static bool inside_10_8(struct rib_peer *p, const struct dpubgp_prefix *x)
{
	return x->family == AF_INET && x->addr[0] == 10 && x->len >= 8;
}

static enum rib_drop_reason strip_communities(struct rib_peer *p,
					      struct bgp_attrs *a,
					      uint16_t *flags)
{
	a->n_communities = 0;
	a->communities = NULL;
	return RIB_DROP_NONE;
}

TEST_F(import, import_policy)
{
	static const uint32_t comms[] = { 0xfe4c0001 };
	struct dpubgp_prefix in = test_prefix("10.1.0.0/16");
	struct dpubgp_prefix out = test_prefix("192.168.0.0/16");
	struct test_attrs t;
	struct bgp_attrs *a = test_attrs(&t, "65001", "10.0.0.1");

	self->ebgp->conf.import_prefix = inside_10_8;
	self->ebgp->conf.import_attrs = strip_communities;
	a->communities = comms;
	a->n_communities = 1;
	announce(self, self->ebgp, a, "10.1.0.0/16");
	announce(self, self->ebgp, a, "192.168.0.0/16");
	ASSERT_NE(NULL, rib_best(&self->rib, 0, &in));
	ASSERT_EQ(0, rib_best(&self->rib, 0, &in)->attrs->n_communities);
	ASSERT_EQ(NULL, rib_best(&self->rib, 0, &out));
	ASSERT_EQ(1, self->ebgp->stats.dropped[RIB_DROP_NOT_ALLOWED]);
	ASSERT_EQ(1, self->ebgp->stats.accepted);
	ASSERT_EQ(2, self->ebgp->stats.received);
}

static enum rib_drop_reason refuse_all(struct rib_peer *p, struct bgp_attrs *a,
				       uint16_t *flags)
{
	return RIB_DROP_UNTRUSTED;
}

/* Every prefix received is accepted or dropped for one reason. */
TEST_F(import, counters_add_up)
{
	struct test_attrs t;
	uint64_t sum = 0;
	int i;

	self->ebgp->conf.import_prefix = inside_10_8;
	self->ebgp->conf.max_prefixes = 2;
	ANNOUNCE(self, self->ebgp, test_attrs(&t, "65001", "10.0.0.1"),
		 "10.1.0.0/16", "192.168.0.0/16", "10.2.0.0/16",
		 "10.3.0.0/16", "10.4.0.0/16");
	ASSERT_TRUE(self->ebgp->limit_hit);
	self->ebgp->limit_hit = false;
	ANNOUNCE(self, self->ebgp, test_attrs(&t, "65001 65000", "10.0.0.1"),
		 "10.5.0.0/16", "10.6.0.0/16");
	self->ebgp->conf.import_attrs = refuse_all;
	announce(self, self->ebgp, test_attrs(&t, "65001", "10.0.0.1"),
		 "10.7.0.0/16");
	ASSERT_EQ(8, self->ebgp->stats.received);
	ASSERT_EQ(2, self->ebgp->stats.accepted);
	ASSERT_EQ(1, self->ebgp->stats.dropped[RIB_DROP_NOT_ALLOWED]);
	ASSERT_EQ(2, self->ebgp->stats.dropped[RIB_DROP_MAX_PREFIXES]);
	ASSERT_EQ(2, self->ebgp->stats.dropped[RIB_DROP_AS_LOOP]);
	ASSERT_EQ(1, self->ebgp->stats.dropped[RIB_DROP_UNTRUSTED]);
	for (i = 0; i < RIB_DROP_REASONS; i++)
		sum += self->ebgp->stats.dropped[i];
	ASSERT_EQ(self->ebgp->stats.received,
		  self->ebgp->stats.accepted + sum);
}

/*
 * The drops kept: each with its reason, the last RIB_DROPS_KEPT, while
 * the peer announces them; a withdrawal, an acceptance or the session's
 * end takes them off.
 */
TEST_F(import, drops_kept)
{
	const struct rib_drop *drops;
	struct test_attrs t;
	char name[32];
	int i;

	self->ebgp->conf.import_prefix = inside_10_8;
	ANNOUNCE(self, self->ebgp, test_attrs(&t, "65001", "10.0.0.1"),
		 "192.168.0.0/16", "192.168.1.0/24", "10.1.0.0/16");
	ASSERT_EQ(2, rib_peer_drops(self->ebgp, &drops));
	ASSERT_EQ(RIB_DROP_NOT_ALLOWED, drops[0].reason);
	ASSERT_EQ(24, drops[1].prefix.len);
	ASSERT_NE(NULL, drops[0].attrs);
	ASSERT_EQ(4, drops[0].attrs->nexthop_len);
	ASSERT_NE(0, drops[0].at);
	withdraw(self, self->ebgp, "192.168.0.0/16");
	ASSERT_EQ(1, rib_peer_drops(self->ebgp, &drops));
	ASSERT_EQ(24, drops[0].prefix.len);
	/* Dropped again for another reason: one entry, the newest. */
	announce(self, self->ebgp, test_attrs(&t, "65001 65000", "10.0.0.1"),
		 "192.168.1.0/24");
	ASSERT_EQ(1, rib_peer_drops(self->ebgp, &drops));
	ASSERT_EQ(RIB_DROP_AS_LOOP, drops[0].reason);
	/* Accepted after all: gone. */
	self->ebgp->conf.import_prefix = NULL;
	announce(self, self->ebgp, test_attrs(&t, "65001", "10.0.0.1"),
		 "192.168.1.0/24");
	ASSERT_EQ(0, rib_peer_drops(self->ebgp, &drops));
	self->ebgp->conf.import_prefix = inside_10_8;
	for (i = 0; i < RIB_DROPS_KEPT + 3; i++) {
		snprintf(name, sizeof(name), "172.16.%d.0/24", i);
		announce(self, self->ebgp,
			 test_attrs(&t, "65001", "10.0.0.1"), name);
	}
	ASSERT_EQ(RIB_DROPS_KEPT, rib_peer_drops(self->ebgp, &drops));
	ASSERT_EQ(3, drops[0].prefix.addr[2]);
	ASSERT_EQ(RIB_DROPS_KEPT + 2, drops[RIB_DROPS_KEPT - 1].prefix.addr[2]);
	rib_peer_down(self->ebgp);
	ASSERT_EQ(0, rib_peer_drops(self->ebgp, &drops));
}

/* A family not negotiated with the peer is ignored, both ways. */
TEST_F(import, other_family_ignored)
{
	struct dpubgp_prefix v4 = test_prefix("10.1.0.0/16");
	struct dpubgp_prefix v6 = test_prefix("2001:db8:1::/48");
	struct test_attrs t, t6;

	self->ibgp->conf.families = 1u << BGP_AID_IPV4;
	announce(self, self->ibgp, test_attrs(&t6, "", "fd00::2"),
		 "2001:db8:1::/48");
	announce(self, self->ibgp, test_attrs(&t, "", "10.0.0.2"),
		 "10.1.0.0/16");
	ASSERT_EQ(NULL, rib_best(&self->rib, 0, &v6));
	ASSERT_NE(NULL, rib_best(&self->rib, 0, &v4));
	ASSERT_EQ(1, self->ibgp->stats.accepted);
	ASSERT_EQ(1, self->ibgp->stats.dropped[RIB_DROP_NOT_NEGOTIATED]);
	/* The eBGP peer has it; the IPv4-only peer cannot withdraw it. */
	announce(self, self->ebgp, test_attrs(&t6, "65001", "fd00::1"),
		 "2001:db8:1::/48");
	withdraw(self, self->ibgp, "2001:db8:1::/48");
	ASSERT_NE(NULL, rib_best(&self->rib, 0, &v6));
	/* A withdrawal is no prefix received: not counted. */
	ASSERT_EQ(1, self->ibgp->stats.dropped[RIB_DROP_NOT_NEGOTIATED]);
	ASSERT_EQ(0, self->ibgp->stats.withdrawn);
	/* An IPv6-only peer's UPDATEs have an empty IPv4 field: nothing. */
	self->ebgp->conf.families = 1u << BGP_AID_IPV6;
	announce(self, self->ebgp, test_attrs(&t6, "65001", "fd00::1"),
		 "2001:db8:2::/48");
	ASSERT_NE(NULL, rib_best(&self->rib, 0, PFX("2001:db8:2::/48")));
	ASSERT_EQ(0, self->ebgp->stats.dropped[RIB_DROP_NOT_NEGOTIATED]);
}

TEST_F(import, peer_down_withdraws_its_routes)
{
	struct dpubgp_prefix v4 = test_prefix("10.1.0.0/16");
	struct test_attrs t;

	announce(self, self->ebgp, test_attrs(&t, "65001", "10.0.0.1"),
		 "10.1.0.0/16");
	announce(self, self->ibgp, test_attrs(&t, "65009 1", "10.0.0.9"),
		 "10.1.0.0/16");
	ASSERT_EQ(self->ebgp->idx, rib_best(&self->rib, 0, &v4)->peer);
	rib_peer_down(self->ebgp);
	ASSERT_EQ(self->ibgp->idx, rib_best(&self->rib, 0, &v4)->peer);
	rib_peer_down(self->ibgp);
	ASSERT_EQ(NULL, rib_best(&self->rib, 0, &v4));
	rib_flush(&self->rib);
	ASSERT_EQ(0, rib_count(&self->rib, 0, BGP_AID_IPV4));
}

TEST_HARNESS_MAIN
