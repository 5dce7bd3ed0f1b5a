// SPDX-License-Identifier: GPL-2.0
/*
 * The RIB on real sessions, end to end: two daemon contexts in one
 * process, each with its RIB attached, peering eBGP on loopback. Routes
 * originated into A's RIB reach B's Adj-RIB-In with their attributes,
 * End-of-RIB arrives, and a withdrawal and a session loss are followed;
 * graceful restart negotiated, a ROUTE-REFRESH asked for. IPv4 and IPv6
 * sessions as variants, both families on each.
 */
/* Expected values are written as plain literals against unsigned fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include "dpubgp_test.h"
#include "rib/glue.h"
#include "base/log.h"
#include "rib_test.h"

#define AS_A 65001
#define AS_B 65002

FIXTURE(e2e) {
	struct bgpd a, b;
	struct rib rib_a, rib_b;
	struct rib_bgpd rb_a, rb_b;
	struct bgp_addr addr;
	struct bgp_peer *pa, *pb;
	struct rib_peer *ra, *rb;
};

FIXTURE_VARIANT(e2e) {
	const char *addr;
};

FIXTURE_VARIANT_ADD(e2e, ipv4) {
	.addr = "127.0.0.1",
};

FIXTURE_VARIANT_ADD(e2e, ipv6) {
	.addr = "::1",
};

static struct bgp_peer *add_peer(struct bgpd *d, const struct bgp_addr *addr,
				 int peer_port, uint32_t as, uint32_t peer_as,
				 uint32_t id)
{
	struct bgp_peer_conf c;

	bgp_peer_conf_init(&c);
	c.local_as = as;
	c.peer_as = peer_as;
	c.local_addr = *addr;
	c.peer_addr = *addr;
	c.peer_port = (uint16_t)peer_port;
	c.router_id = id;
	c.connect_retry = 1;
	c.families = 1u << BGP_AID_IPV4 | 1u << BGP_AID_IPV6;
	return bgpd_peer_add(d, &c);
}

/* Next hop self for the family the session is not of. */
static struct rib_peer_conf rib_conf(void)
{
	return (struct rib_peer_conf){
		.nexthop = { [BGP_AID_IPV4] = test_addr("127.0.0.1"),
			     [BGP_AID_IPV6] = test_addr("::1") },
	};
}

FIXTURE_SETUP(e2e)
{
	struct rib_peer_conf conf = rib_conf();
	int port_a, port_b;

	log_set_level(getenv("BGP_TEST_DEBUG") ? LOG_LVL_DEBUG : LOG_LVL_ERROR);
	ASSERT_EQ(0, bgp_addr_parse(variant->addr, &self->addr));
	ASSERT_EQ(0, bgpd_init(&self->a, NULL));
	ASSERT_EQ(0, bgpd_init(&self->b, NULL));
	ASSERT_EQ(0, rib_init(&self->rib_a, AS_A));
	ASSERT_EQ(0, rib_init(&self->rib_b, AS_B));
	rib_bgpd_attach(&self->rb_a, &self->rib_a, &self->a);
	rib_bgpd_attach(&self->rb_b, &self->rib_b, &self->b);
	port_a = bgpd_listen(&self->a, &self->addr, 0);
	port_b = bgpd_listen(&self->b, &self->addr, 0);
	ASSERT_LT(0, port_a);
	ASSERT_LT(0, port_b);
	self->pa = add_peer(&self->a, &self->addr, port_b, AS_A, AS_B, 1);
	self->pb = add_peer(&self->b, &self->addr, port_a, AS_B, AS_A, 2);
	ASSERT_NE(NULL, self->pa);
	ASSERT_NE(NULL, self->pb);
	self->ra = rib_bgpd_peer_add(&self->rb_a, self->pa, &conf);
	self->rb = rib_bgpd_peer_add(&self->rb_b, self->pb, &conf);
	ASSERT_NE(NULL, self->ra);
	ASSERT_NE(NULL, self->rb);
}

FIXTURE_TEARDOWN(e2e)
{
	rib_bgpd_detach(&self->rb_a);
	rib_bgpd_detach(&self->rb_b);
	bgpd_close(&self->a);
	bgpd_close(&self->b);
	rib_destroy(&self->rib_a);
	rib_destroy(&self->rib_b);
	ASSERT_NO_LEAKS();
}

/* Run both loops until cond(self) holds, or ms pass. */
static bool run_until(FIXTURE_DATA(e2e) *self,
		      bool (*cond)(FIXTURE_DATA(e2e) *self), uint64_t ms)
{
	uint64_t end = ev_now() + ms;

	while (ev_now() < end && !cond(self)) {
		ev_run_once(&self->a.loop, 10);
		ev_run_once(&self->b.loop, 10);
	}
	return cond(self);
}

static bool b_has_eor(FIXTURE_DATA(e2e) *self)
{
	return self->rb->eor_rcvd == 3;
}

static bool b_has_no_v4(FIXTURE_DATA(e2e) *self)
{
	return !rib_count(&self->rib_b, 0, BGP_AID_IPV4);
}

static bool b_is_down(FIXTURE_DATA(e2e) *self)
{
	return !self->rb->up && !rib_count(&self->rib_b, 0, BGP_AID_IPV6);
}

static const uint32_t comms[] = { 0xfde90001, 0xfde90002 };

static int originate(struct rib *rib, const char *prefix)
{
	struct dpubgp_prefix p = test_prefix(prefix);
	struct test_attrs t;
	struct bgp_attrs *a = test_attrs(&t, "", NULL);

	a->present |= BGP_ATTRS_MED;
	a->med = 5;
	a->communities = comms;
	a->n_communities = 2;
	return rib_originate(rib, 0, &p, a);
}

TEST_F(e2e, routes_reach_the_peer)
{
	const struct rib_path *path;
	struct dpubgp_prefix v4 = test_prefix("10.1.0.0/16");
	struct dpubgp_prefix v6 = test_prefix("2001:db8:1::/48");

	ASSERT_EQ(0, originate(&self->rib_a, "10.1.0.0/16"));
	ASSERT_EQ(0, originate(&self->rib_a, "2001:db8:1::/48"));
	bgp_peer_start(self->pa);
	bgp_peer_start(self->pb);
	ASSERT_TRUE(run_until(self, b_has_eor, 5000))
		TH_LOG("A %s (%s), B %s (%s)", bgp_state_name(self->pa->state),
		       self->pa->last_error, bgp_state_name(self->pb->state),
		       self->pb->last_error);
	path = rib_peer_path(self->rb, &v4);
	ASSERT_NE(NULL, path);
	ASSERT_EQ(1, bgp_aspath_len(path->attrs));
	ASSERT_EQ(AS_A, bgp_aspath_first(path->attrs));
	ASSERT_EQ(5, path->attrs->med);
	ASSERT_EQ(2, path->attrs->n_communities);
	ASSERT_EQ(0, memcmp(comms, path->attrs->communities, sizeof(comms)));
	ASSERT_EQ(4, path->attrs->nexthop_len);
	ASSERT_EQ(127, path->attrs->nexthop[0]);	/* 127.0.0.1 */
	path = rib_peer_path(self->rb, &v6);
	ASSERT_NE(NULL, path);
	ASSERT_EQ(AS_A, bgp_aspath_first(path->attrs));
	ASSERT_EQ(16, path->attrs->nexthop_len);
	ASSERT_EQ(1, path->attrs->nexthop[15]);	/* ::1 */

	/* A withdrawal crosses too. */
	ASSERT_EQ(0, rib_originate(&self->rib_a, 0, &v4, NULL));
	ASSERT_TRUE(run_until(self, b_has_no_v4, 5000));
	ASSERT_NE(NULL, rib_peer_path(self->rb, &v6));
	/* B back to A: nothing (A's own routes, AS loop at best). */
	ASSERT_EQ(0, self->ra->stats.accepted);

	/* The session goes: B forgets what A sent. */
	bgp_peer_stop(self->pa, BGP_CEASE_ADMIN_SHUTDOWN, "test");
	ASSERT_TRUE(run_until(self, b_is_down, 5000));
}

static bool b_has_v6_eor(FIXTURE_DATA(e2e) *self)
{
	return self->rb->eor_rcvd & self->ra->eor_rcvd & 1u << BGP_AID_IPV6;
}

/*
 * B offers IPv6 unicast only: whatever the transport, the session carries
 * IPv6 alone, and A neither sends nor takes IPv4.
 */
TEST_F(e2e, only_the_negotiated_family)
{
	struct dpubgp_prefix v4 = test_prefix("10.1.0.0/16");
	struct dpubgp_prefix v6 = test_prefix("2001:db8:1::/48");

	self->pb->conf.families = 1u << BGP_AID_IPV6;
	ASSERT_EQ(0, originate(&self->rib_a, "10.1.0.0/16"));
	ASSERT_EQ(0, originate(&self->rib_a, "2001:db8:1::/48"));
	ASSERT_EQ(0, originate(&self->rib_b, "10.2.0.0/16"));
	bgp_peer_start(self->pa);
	bgp_peer_start(self->pb);
	ASSERT_TRUE(run_until(self, b_has_v6_eor, 5000))
		TH_LOG("A %s (%s), B %s (%s)", bgp_state_name(self->pa->state),
		       self->pa->last_error, bgp_state_name(self->pb->state),
		       self->pb->last_error);
	ASSERT_EQ(1u << BGP_AID_IPV6, self->pa->neg.families);
	ASSERT_EQ(1u << BGP_AID_IPV6, self->pb->neg.families);
	ASSERT_EQ(1u << BGP_AID_IPV6, self->ra->conf.families);
	ASSERT_NE(NULL, rib_peer_path(self->rb, &v6));
	ASSERT_EQ(NULL, rib_peer_path(self->rb, &v4));
	ASSERT_EQ(1u << BGP_AID_IPV6, self->rb->eor_rcvd);
	ASSERT_EQ(1, self->ra->stats.eor_out);
	/* B's IPv4 route stays with B. */
	ASSERT_EQ(1u << BGP_AID_IPV6, self->ra->eor_rcvd);
	ASSERT_EQ(1, rib_count(&self->rib_a, 0, BGP_AID_IPV4));
}

static bool a_has_refresh(FIXTURE_DATA(e2e) *self)
{
	return self->pa->stats.msgs_in[BGP_ROUTE_REFRESH] == 2;
}

/*
 * Graceful restart is negotiated when both sides send the capability
 * (ours: helper only, no family), and not when one does not; B's
 * bgp_peer_refresh() asks A for both families again.
 */
TEST_F(e2e, graceful_restart_negotiated_and_refresh_sent)
{
	self->pa->conf.restart_time = 120;
	self->pb->conf.restart_time = 90;
	bgp_peer_start(self->pa);
	bgp_peer_start(self->pb);
	ASSERT_TRUE(run_until(self, b_has_eor, 5000));
	ASSERT_TRUE(self->pa->neg.gr.present);
	ASSERT_EQ(90, self->pa->neg.gr.time);
	ASSERT_EQ(0, self->pa->neg.gr.families);
	ASSERT_EQ(120, self->pb->neg.gr.time);
	ASSERT_EQ(0, bgp_peer_refresh(self->pb));
	ASSERT_TRUE(run_until(self, a_has_refresh, 5000));
	ASSERT_EQ(2, self->pb->stats.msgs_out[BGP_ROUTE_REFRESH]);
	/* Stopped on purpose: not graceful, B's RIB peer is down. */
	bgp_peer_stop(self->pa, BGP_CEASE_ADMIN_SHUTDOWN, "test");
	ASSERT_TRUE(run_until(self, b_is_down, 5000));
	ASSERT_EQ(0, self->rb->stale);
}

TEST_F(e2e, graceful_restart_needs_both_sides)
{
	self->pa->conf.restart_time = 120;
	bgp_peer_start(self->pa);
	bgp_peer_start(self->pb);
	ASSERT_TRUE(run_until(self, b_has_eor, 5000));
	ASSERT_FALSE(self->pa->neg.gr.present);
	ASSERT_FALSE(self->pb->neg.gr.present);
}

TEST_HARNESS_MAIN
