// SPDX-License-Identifier: GPL-2.0
/*
 * The RIB's export side: what each kind of peer is sent, decoded with the
 * codec. Two peers feed routes (one eBGP, one iBGP) and two are sent
 * them (one eBGP, one iBGP); every UPDATE sent is parsed as the receiver
 * would parse it.
 */
/* Expected values are written as plain literals against unsigned fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include "dpubgp_test.h"
#include "rib_test.h"

FIXTURE(export) {
	struct rib rib;
	struct rib_peer *ebgp_in, *ibgp_in, *ebgp_out, *ibgp_out;
	struct sent *to_ebgp, *to_ibgp;
};

static struct rib_peer *out_peer(struct rib *rib, uint32_t as, uint32_t id,
				 const char *addr, struct sent **s)
{
	struct rib_peer *p = test_peer(rib, as, id, addr);

	*s = calloc(1, sizeof(**s));
	if (!p || !*s)
		return NULL;
	(*s)->refuse_after = -1;
	p->conf.user = *s;
	p->conf.send = sent_cb;
	return p;
}

FIXTURE_SETUP(export)
{
	ASSERT_EQ(0, rib_init(&self->rib, TEST_AS));
	self->ebgp_in = test_peer(&self->rib, 65001, 1, "10.0.0.1");
	self->ibgp_in = test_peer(&self->rib, TEST_AS, 2, "10.0.0.2");
	self->ebgp_out = out_peer(&self->rib, 65002, 3, "10.0.0.3",
				  &self->to_ebgp);
	self->ibgp_out = out_peer(&self->rib, TEST_AS, 4, "10.0.0.4",
				  &self->to_ibgp);
	ASSERT_NE(NULL, self->ebgp_out);
	ASSERT_NE(NULL, self->ibgp_out);
	self->ebgp_in->conf.no_export = self->ibgp_in->conf.no_export = true;
}

FIXTURE_TEARDOWN(export)
{
	rib_destroy(&self->rib);
	free(self->to_ebgp);
	free(self->to_ibgp);
	ASSERT_NO_LEAKS();
}

static void up_all(FIXTURE_DATA(export) *self)
{
	rib_peer_up(self->ebgp_in);
	rib_peer_up(self->ibgp_in);
	rib_peer_up(self->ebgp_out);
	rib_peer_up(self->ibgp_out);
}

static int route(struct rib_peer *p, const char *prefix, const char *path,
		 const char *nh, int64_t med, int64_t lp)
{
	struct dpubgp_prefix pfx = test_prefix(prefix);
	struct test_attrs t;
	struct bgp_attrs *a = test_attrs(&t, path, nh);

	if (med >= 0) {
		a->present |= BGP_ATTRS_MED;
		a->med = (uint32_t)med;
	}
	if (lp >= 0) {
		a->present |= BGP_ATTRS_LOCAL_PREF;
		a->local_pref = (uint32_t)lp;
	}
	return rib_peer_route(p, &pfx, a);
}

static bool path_is(const struct sent_route *r, const char *path)
{
	struct test_attrs t;
	const struct bgp_attrs *a = test_attrs(&t, path, NULL);

	return r->attrs.aspath_len == a->aspath_len &&
	       !memcmp(r->attrs.aspath, a->aspath, a->aspath_len);
}

static bool nexthop_is(const struct sent_route *r, const char *nh)
{
	struct dpubgp_prefix p = test_prefix(nh);

	return r->attrs.nexthop_len == dpubgp_prefix_addrlen(p.family) &&
	       !memcmp(r->attrs.nexthop, p.addr, r->attrs.nexthop_len);
}

TEST_F(export, initial_dump_then_end_of_rib)
{
	rib_peer_up(self->ebgp_in);
	ASSERT_EQ(0, route(self->ebgp_in, "10.1.0.0/16", "65001", "10.0.0.1",
			   -1, -1));
	ASSERT_EQ(0, route(self->ebgp_in, "2001:db8:1::/48", "65001",
			   "fd00::1", -1, -1));
	rib_flush(&self->rib);
	rib_peer_up(self->ebgp_out);
	rib_flush(&self->rib);
	ASSERT_EQ(2, self->to_ebgp->n);
	ASSERT_EQ(1, self->to_ebgp->eor[BGP_AID_IPV4]);
	ASSERT_EQ(1, self->to_ebgp->eor[BGP_AID_IPV6]);
	ASSERT_LT(sent_find(self->to_ebgp, "10.1.0.0/16")->msg,
		  self->to_ebgp->eor_at[BGP_AID_IPV4]);
	ASSERT_LT(sent_find(self->to_ebgp, "2001:db8:1::/48")->msg,
		  self->to_ebgp->eor_at[BGP_AID_IPV6]);
	/* End-of-RIB once: later changes are plain UPDATEs. */
	ASSERT_EQ(0, route(self->ebgp_in, "10.2.0.0/16", "65001", "10.0.0.1",
			   -1, -1));
	rib_flush(&self->rib);
	ASSERT_EQ(1, self->to_ebgp->eor[BGP_AID_IPV4]);
	ASSERT_NE(NULL, sent_find(self->to_ebgp, "10.2.0.0/16"));
	/* An empty table still gets its End-of-RIB. */
	rib_peer_up(self->ibgp_out);
	rib_flush(&self->rib);
	ASSERT_EQ(1, self->to_ibgp->eor[BGP_AID_IPV4]);
	ASSERT_EQ(1, self->to_ibgp->eor[BGP_AID_IPV6]);
}

/* Only the families negotiated with a peer, End-of-RIB for each. */
TEST_F(export, negotiated_families_only)
{
	rib_peer_up(self->ebgp_in);
	ASSERT_EQ(0, route(self->ebgp_in, "10.1.0.0/16", "65001", "10.0.0.1",
			   -1, -1));
	ASSERT_EQ(0, route(self->ebgp_in, "2001:db8:1::/48", "65001",
			   "fd00::1", -1, -1));
	self->ebgp_out->conf.families = 1u << BGP_AID_IPV6;
	self->ibgp_out->conf.families = 1u << BGP_AID_IPV4;
	rib_peer_up(self->ebgp_out);
	rib_peer_up(self->ibgp_out);
	rib_flush(&self->rib);
	ASSERT_EQ(1, self->to_ebgp->n);
	ASSERT_NE(NULL, sent_find(self->to_ebgp, "2001:db8:1::/48"));
	ASSERT_EQ(0, self->to_ebgp->eor[BGP_AID_IPV4]);
	ASSERT_EQ(1, self->to_ebgp->eor[BGP_AID_IPV6]);
	ASSERT_EQ(1, self->to_ibgp->n);
	ASSERT_NE(NULL, sent_find(self->to_ibgp, "10.1.0.0/16"));
	ASSERT_EQ(1, self->to_ibgp->eor[BGP_AID_IPV4]);
	ASSERT_EQ(0, self->to_ibgp->eor[BGP_AID_IPV6]);
	/* Later changes too. */
	ASSERT_EQ(0, route(self->ebgp_in, "10.2.0.0/16", "65001", "10.0.0.1",
			   -1, -1));
	rib_flush(&self->rib);
	ASSERT_EQ(1, self->to_ebgp->n);
	ASSERT_EQ(2, self->to_ibgp->n);
}

TEST_F(export, toward_ebgp)
{
	const struct sent_route *r;

	up_all(self);
	ASSERT_EQ(0, route(self->ebgp_in, "10.1.0.0/16", "65001 7", "10.0.0.1",
			   5, 300));
	ASSERT_EQ(0, route(self->ebgp_in, "2001:db8:1::/48", "65001",
			   "fd00::1", -1, -1));
	rib_flush(&self->rib);
	r = sent_find(self->to_ebgp, "10.1.0.0/16");
	ASSERT_NE(NULL, r);
	ASSERT_TRUE(path_is(r, "65000 65001 7"));
	ASSERT_TRUE(nexthop_is(r, "192.0.2.1"));
	ASSERT_FALSE(r->attrs.present & BGP_ATTRS_LOCAL_PREF);
	ASSERT_FALSE(r->attrs.present & BGP_ATTRS_MED);
	r = sent_find(self->to_ebgp, "2001:db8:1::/48");
	ASSERT_NE(NULL, r);
	ASSERT_TRUE(nexthop_is(r, "2001:db8::1"));
	ASSERT_TRUE(path_is(r, "65000 65001"));
}

TEST_F(export, our_med_goes_to_ebgp)
{
	struct dpubgp_prefix pfx = test_prefix("10.9.0.0/16");
	const struct sent_route *r;
	struct test_attrs t;
	struct bgp_attrs *a = test_attrs(&t, "", NULL);

	up_all(self);
	a->present |= BGP_ATTRS_MED;
	a->med = 42;
	ASSERT_EQ(0, rib_originate(&self->rib, 0, &pfx, a));
	rib_flush(&self->rib);
	r = sent_find(self->to_ebgp, "10.9.0.0/16");
	ASSERT_NE(NULL, r);
	ASSERT_TRUE(path_is(r, "65000"));
	ASSERT_TRUE(r->attrs.present & BGP_ATTRS_MED);
	ASSERT_EQ(42, r->attrs.med);
	r = sent_find(self->to_ibgp, "10.9.0.0/16");
	ASSERT_NE(NULL, r);
	ASSERT_EQ(0, r->attrs.aspath_len);
	ASSERT_EQ(RIB_LOCAL_PREF_DEFAULT, r->attrs.local_pref);
	ASSERT_TRUE(nexthop_is(r, "192.0.2.1"));
}

TEST_F(export, toward_ibgp)
{
	const struct sent_route *r;

	up_all(self);
	ASSERT_EQ(0, route(self->ebgp_in, "10.1.0.0/16", "65001", "10.0.0.1",
			   7, -1));
	rib_flush(&self->rib);
	r = sent_find(self->to_ibgp, "10.1.0.0/16");
	ASSERT_NE(NULL, r);
	ASSERT_TRUE(path_is(r, "65001"));
	ASSERT_TRUE(nexthop_is(r, "192.0.2.1"));	/* self by default */
	ASSERT_TRUE(r->attrs.present & BGP_ATTRS_LOCAL_PREF);
	ASSERT_EQ(RIB_LOCAL_PREF_DEFAULT, r->attrs.local_pref);
	ASSERT_EQ(7, r->attrs.med);
}

TEST_F(export, ibgp_next_hop_unchanged)
{
	const struct sent_route *r;

	self->ibgp_out->conf.ibgp_nexthop_unchanged = true;
	up_all(self);
	ASSERT_EQ(0, route(self->ebgp_in, "10.1.0.0/16", "65001", "10.0.0.1",
			   -1, -1));
	rib_flush(&self->rib);
	r = sent_find(self->to_ibgp, "10.1.0.0/16");
	ASSERT_NE(NULL, r);
	ASSERT_TRUE(nexthop_is(r, "10.0.0.1"));
}

TEST_F(export, ibgp_learned_not_to_ibgp)
{
	up_all(self);
	ASSERT_EQ(0, route(self->ibgp_in, "10.1.0.0/16", "65009", "10.0.0.2",
			   -1, 100));
	rib_flush(&self->rib);
	ASSERT_EQ(NULL, sent_find(self->to_ibgp, "10.1.0.0/16"));
	ASSERT_NE(NULL, sent_find(self->to_ebgp, "10.1.0.0/16"));
}

TEST_F(export, not_back_to_its_source)
{
	up_all(self);
	ASSERT_EQ(0, route(self->ebgp_out, "10.1.0.0/16", "65002", "10.0.0.3",
			   -1, -1));
	rib_flush(&self->rib);
	ASSERT_EQ(NULL, sent_find(self->to_ebgp, "10.1.0.0/16"));
	ASSERT_NE(NULL, sent_find(self->to_ibgp, "10.1.0.0/16"));
}

TEST_F(export, withdrawals)
{
	const struct sent_route *r;

	up_all(self);
	ASSERT_EQ(0, route(self->ebgp_in, "10.1.0.0/16", "65001", "10.0.0.1",
			   -1, -1));
	ASSERT_EQ(0, route(self->ibgp_in, "10.1.0.0/16", "65009", "10.0.0.2",
			   -1, 100));
	rib_flush(&self->rib);
	ASSERT_FALSE(sent_find(self->to_ibgp, "10.1.0.0/16")->withdraw);
	/* The best is now iBGP-learned: the iBGP peer loses the route. */
	ASSERT_EQ(0, rib_peer_route(self->ebgp_in,
				    &(struct dpubgp_prefix[]){
					test_prefix("10.1.0.0/16") }[0], NULL));
	rib_flush(&self->rib);
	r = sent_find(self->to_ibgp, "10.1.0.0/16");
	ASSERT_TRUE(r->withdraw);
	r = sent_find(self->to_ebgp, "10.1.0.0/16");
	ASSERT_FALSE(r->withdraw);
	ASSERT_TRUE(path_is(r, "65000 65009"));
	rib_peer_down(self->ibgp_in);
	rib_flush(&self->rib);
	ASSERT_TRUE(sent_find(self->to_ebgp, "10.1.0.0/16")->withdraw);
	/* Nothing left to withdraw from anyone: the destination is gone. */
	ASSERT_EQ(0, rib_count(&self->rib, 0, BGP_AID_IPV4));
}

/* N prefixes 10.x.y.0/24 alternating between two attribute sets. */
#define N_BURST 1000

static void burst(FIXTURE_DATA(export) *self, const char *path2)
{
	char prefix[32];
	int i;

	for (i = 0; i < N_BURST; i++) {
		snprintf(prefix, sizeof(prefix), "10.%d.%d.0/24", i / 256,
			 i % 256);
		route(self->ebgp_in, prefix, i % 2 ? path2 : "65001",
		      "10.0.0.1", -1, -1);
	}
}

TEST_F(export, burst_grouped_and_packed)
{
	size_t i, n_a = 0, n_b = 0, route_msgs;

	up_all(self);
	rib_flush(&self->rib);
	self->to_ebgp->msgs = 0;
	memset(self->to_ebgp->eor, 0, sizeof(self->to_ebgp->eor));
	/* Three changes of every prefix before the flush: sent once. */
	burst(self, "65001 1");
	burst(self, "65001 2");
	burst(self, "65001 3");
	rib_flush(&self->rib);
	ASSERT_EQ(N_BURST, self->to_ebgp->n);
	for (i = 0; i < self->to_ebgp->n; i++) {
		n_a += path_is(&self->to_ebgp->r[i], "65000 65001");
		n_b += path_is(&self->to_ebgp->r[i], "65000 65001 3");
	}
	ASSERT_EQ(N_BURST / 2, n_a);
	ASSERT_EQ(N_BURST / 2, n_b);
	/*
	 * 4 bytes a /24: 1000 fit in two messages per set, but a batch of
	 * 256 destinations is cut in one message per set.
	 */
	route_msgs = self->to_ebgp->msgs;
	ASSERT_LE(route_msgs, 2 * (N_BURST / 256 + 1));
	TH_LOG("%zu prefixes in %zu UPDATEs", self->to_ebgp->n, route_msgs);
}

static bool no_10_2(struct rib_peer *p, const struct dpubgp_prefix *prefix,
		    struct bgp_attrs *a)
{
	if (prefix->addr[0] == 10 && prefix->addr[1] == 2)
		return false;
	a->present |= BGP_ATTRS_MED;
	a->med = 77;
	return true;
}

TEST_F(export, export_policy)
{
	self->ebgp_out->conf.export = no_10_2;
	up_all(self);
	route(self->ebgp_in, "10.1.0.0/16", "65001", "10.0.0.1", -1, -1);
	route(self->ebgp_in, "10.2.0.0/16", "65001", "10.0.0.1", -1, -1);
	rib_flush(&self->rib);
	ASSERT_EQ(77, sent_find(self->to_ebgp, "10.1.0.0/16")->attrs.med);
	ASSERT_EQ(NULL, sent_find(self->to_ebgp, "10.2.0.0/16"));
	ASSERT_NE(NULL, sent_find(self->to_ibgp, "10.2.0.0/16"));
}

TEST_F(export, backpressure)
{
	up_all(self);
	self->to_ebgp->refuse_after = 1;
	burst(self, "65001 1");
	rib_flush(&self->rib);
	ASSERT_TRUE(self->ebgp_out->blocked);
	ASSERT_EQ(0, self->to_ebgp->eor[BGP_AID_IPV4]);
	ASSERT_GT(N_BURST, self->to_ebgp->n);
	/* The other peer is not held up. */
	ASSERT_EQ(N_BURST, self->to_ibgp->n);
	self->to_ebgp->refuse_after = -1;
	rib_peer_writable(self->ebgp_out);
	ASSERT_FALSE(self->ebgp_out->blocked);
	ASSERT_EQ(N_BURST, self->to_ebgp->n);
	ASSERT_EQ(1, self->to_ebgp->eor[BGP_AID_IPV4]);
	ASSERT_EQ(1, self->to_ebgp->eor[BGP_AID_IPV6]);
}

/* ROUTE-REFRESH: the family's table again, no second End-of-RIB. */
TEST_F(export, route_refresh)
{
	up_all(self);
	ASSERT_EQ(0, route(self->ebgp_in, "10.1.0.0/16", "65001", "10.0.0.1",
			   -1, -1));
	ASSERT_EQ(0, route(self->ebgp_in, "10.2.0.0/16", "65001", "10.0.0.1",
			   -1, -1));
	ASSERT_EQ(0, route(self->ebgp_in, "2001:db8:1::/48", "65001",
			   "fd00::1", -1, -1));
	rib_flush(&self->rib);
	ASSERT_EQ(3, self->to_ebgp->n);
	rib_flush(&self->rib);
	ASSERT_EQ(3, self->to_ebgp->n);	/* nothing changed: nothing sent */

	rib_peer_refresh(self->ebgp_out, BGP_AID_IPV4);
	rib_flush(&self->rib);
	ASSERT_EQ(5, self->to_ebgp->n);
	ASSERT_FALSE(self->to_ebgp->r[3].withdraw);
	ASSERT_FALSE(self->to_ebgp->r[4].withdraw);
	ASSERT_EQ(AF_INET, self->to_ebgp->r[3].prefix.family);
	ASSERT_EQ(AF_INET, self->to_ebgp->r[4].prefix.family);
	ASSERT_TRUE(path_is(sent_find(self->to_ebgp, "10.2.0.0/16"),
			    "65000 65001"));
	ASSERT_EQ(1, self->to_ebgp->eor[BGP_AID_IPV4]);
	/* The other peer asked nothing; one that is sent nothing gets none. */
	ASSERT_EQ(3, self->to_ibgp->n);
	rib_peer_refresh(self->ebgp_in, BGP_AID_IPV4);
	ASSERT_FALSE(self->ebgp_in->af[BGP_AID_IPV4].dumping);
	rib_flush(&self->rib);
	ASSERT_EQ(5, self->to_ebgp->n);
	ASSERT_EQ(3, self->to_ibgp->n);
}

TEST_HARNESS_MAIN
