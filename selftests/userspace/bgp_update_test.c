// SPDX-License-Identifier: GPL-2.0
/*
 * UPDATE: a golden message, every RFC 7606 case with its exact action,
 * round trips of every attribute through the builders (four-octet and
 * two-octet sessions), packing under 4096 bytes, End-of-RIB, interning.
 */
#include <stdlib.h>

/* Expected values are written as plain literals against unsigned fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include "dpubgp_test.h"
#include "bgp_test.h"
#include "codec/update.h"

static const struct bgp_session as4_ebgp = { .as4 = true, .ebgp = true };
static const struct bgp_session as4_ibgp = { .as4 = true };
static const struct bgp_session as2_ebgp = { .ebgp = true };

#define ORIGIN "40010100"
#define ASPATH "4002060201 0000fde9"
#define NEXTHOP "4003040a000001"
#define BASE ORIGIN ASPATH NEXTHOP
#define NLRI "100a01"
#define MP_REACH_V6 "800e1a 0002 01 10 20010db8000000000000000000000001 00 2020010db8"
#define MP_UNREACH_V6 "800f03 000201"

/* An UPDATE of withdrawn routes, path attributes and NLRI, all hex. */
static size_t mk_update(uint8_t *msg, const char *wd, const char *attrs,
			const char *nlri)
{
	size_t n = BGP_HDR_LEN, k;

	k = unhex(wd, msg + n + 2);
	put_u16_at(msg + n, (uint16_t)k);
	n += 2 + k;
	k = unhex(attrs, msg + n + 2);
	put_u16_at(msg + n, (uint16_t)k);
	n += 2 + k;
	n += unhex(nlri, msg + n);
	bgp_hdr_put(msg, (uint16_t)n, BGP_UPDATE);
	return n;
}

TEST(golden_update_decodes)
{
	static struct bgp_update u;
	uint8_t msg[BGP_MAX_LEN];
	size_t len = unhex("M 002e 02 0000 0014 40010100 4002060201 0000fde9"
			   " 4003040a000001 100a01", msg);
	struct dpubgp_prefix p;

	ASSERT_EQ(BGP_ACT_NONE, bgp_update_parse(&u, msg, len, &as4_ebgp));
	ASSERT_EQ(BGP_ORIGIN_IGP, u.attrs.origin);
	ASSERT_EQ(6, u.attrs.aspath_len);
	ASSERT_EQ(4, u.attrs.nexthop_len);
	ASSERT_EQ(1, bgp_nlri_next(&u.nlri, &p));
	ASSERT_EQ(16, p.len);
	ASSERT_EQ(10, p.addr[0]);
	ASSERT_EQ(1, p.addr[1]);
	ASSERT_EQ(0, bgp_nlri_next(&u.nlri, &p));
}

FIXTURE(rfc7606) {
	struct bgp_update u;
	uint8_t msg[BGP_MAX_LEN];
	size_t len;
};

FIXTURE_VARIANT(rfc7606) {
	const struct bgp_session *session;
	const char *withdrawn, *attrs, *nlri;
	enum bgp_action action;
	uint8_t subcode;	/* of 3/x when BGP_ACT_RESET */
	const char *reason;
};

FIXTURE_SETUP(rfc7606)
{
	self->len = mk_update(self->msg, variant->withdrawn, variant->attrs,
			      variant->nlri);
}

FIXTURE_TEARDOWN(rfc7606)
{
}

#define CASE(name, s, a, n, act, sub, why)				\
	FIXTURE_VARIANT_ADD(rfc7606, name) {				\
		.session = &(s), .withdrawn = "", .attrs = a, .nlri = n, \
		.action = BGP_ACT_##act, .subcode = sub, .reason = why,	\
	}

CASE(valid, as4_ebgp, BASE, NLRI, NONE, 0, NULL);
CASE(valid_v6_mp_only, as4_ebgp, ORIGIN ASPATH MP_REACH_V6, "", NONE, 0, NULL);
CASE(origin_length_2, as4_ebgp, "4001020000" ASPATH NEXTHOP, NLRI, WITHDRAW, 0,
     "ORIGIN: length not 1");
CASE(origin_value_3, as4_ebgp, "40010103" ASPATH NEXTHOP, NLRI, WITHDRAW, 0,
     "ORIGIN: undefined value");
CASE(origin_flags_optional, as4_ebgp, "c0010100" ASPATH NEXTHOP, NLRI,
     WITHDRAW, 0, "ORIGIN: bad flags");
CASE(aspath_segment_type_5, as4_ebgp, ORIGIN "4002060501 0000fde9" NEXTHOP,
     NLRI, WITHDRAW, 0, "AS_PATH: malformed");
CASE(aspath_segment_overrun, as4_ebgp, ORIGIN "4002060202 0000fde9" NEXTHOP,
     NLRI, WITHDRAW, 0, "AS_PATH: malformed");
CASE(aspath_segment_empty, as4_ebgp, ORIGIN "4002020200" NEXTHOP, NLRI,
     WITHDRAW, 0, "AS_PATH: malformed");
CASE(aspath_one_octet_left, as4_ebgp, ORIGIN "4002070201 0000fde9 02" NEXTHOP,
     NLRI, WITHDRAW, 0, "AS_PATH: malformed");
CASE(aspath_4octet_on_2octet_session, as2_ebgp, BASE, NLRI, WITHDRAW, 0,
     "AS_PATH: malformed");
CASE(nexthop_length_5, as4_ebgp, ORIGIN ASPATH "4003050a00000100", NLRI,
     WITHDRAW, 0, "NEXT_HOP: length not 4");
CASE(nexthop_zero, as4_ebgp, ORIGIN ASPATH "40030400000000", NLRI, WITHDRAW,
     0, "NEXT_HOP: not a unicast address");
CASE(nexthop_multicast, as4_ebgp, ORIGIN ASPATH "400304e0000001", NLRI,
     WITHDRAW, 0, "NEXT_HOP: not a unicast address");
CASE(med_length_2, as4_ebgp, BASE "8004020001", NLRI, WITHDRAW, 0,
     "MULTI_EXIT_DISC: length not 4");
CASE(med_flags_transitive, as4_ebgp, BASE "c0040400000001", NLRI, WITHDRAW, 0,
     "MULTI_EXIT_DISC: bad flags");
CASE(local_pref_from_ebgp, as4_ebgp, BASE "40050400000064", NLRI, DISCARD, 0,
     "LOCAL_PREF: from an external peer");
CASE(local_pref_length_3, as4_ibgp, BASE "400503000064", NLRI, WITHDRAW, 0,
     "LOCAL_PREF: length not 4");
CASE(atomic_aggregate_length_1, as4_ebgp, BASE "40060100", NLRI, DISCARD, 0,
     "ATOMIC_AGGREGATE: length not 0");
CASE(aggregator_length_6_on_as4, as4_ebgp, BASE "c00706fde90a000001", NLRI,
     DISCARD, 0, "AGGREGATOR: bad length");
CASE(aggregator_flags, as4_ebgp, BASE "4007080000fde90a000001", NLRI, DISCARD,
     0, "AGGREGATOR: bad flags");
CASE(communities_length_3, as4_ebgp, BASE "c00803000001", NLRI, WITHDRAW, 0,
     "COMMUNITIES: length not a multiple of 4");
CASE(communities_length_0, as4_ebgp, BASE "c00800", NLRI, WITHDRAW, 0,
     "COMMUNITIES: length not a multiple of 4");
CASE(ext_communities_length_7, as4_ebgp, BASE "c0100700020000fde900", NLRI,
     WITHDRAW, 0, "EXTENDED_COMMUNITIES: length not a multiple of 8");
CASE(large_communities_length_11, as4_ebgp,
     BASE "c0200b0000fde900000001000000", NLRI, WITHDRAW, 0,
     "LARGE_COMMUNITY: length not a multiple of 12");
CASE(duplicate_med, as4_ebgp, BASE "80040400000001 80040400000002", NLRI,
     DISCARD, 0, "attribute repeated");
CASE(duplicate_mp_unreach, as4_ebgp, MP_UNREACH_V6 MP_UNREACH_V6, "", RESET,
     1, "MP attribute repeated");
CASE(duplicate_mp_reach, as4_ebgp, ORIGIN ASPATH MP_REACH_V6 MP_REACH_V6, "",
     RESET, 1, "MP attribute repeated");
CASE(missing_origin, as4_ebgp, ASPATH NEXTHOP, NLRI, WITHDRAW, 0,
     "ORIGIN missing");
CASE(missing_aspath, as4_ebgp, ORIGIN NEXTHOP, NLRI, WITHDRAW, 0,
     "AS_PATH missing");
CASE(missing_nexthop, as4_ebgp, ORIGIN ASPATH, NLRI, WITHDRAW, 0,
     "NEXT_HOP missing");
CASE(missing_aspath_mp, as4_ebgp, ORIGIN MP_REACH_V6, "", WITHDRAW, 0,
     "AS_PATH missing");
CASE(missing_all_without_nlri, as4_ebgp, "", "", NONE, 0, NULL);
CASE(mp_reach_nexthop_length_5, as4_ebgp,
     ORIGIN ASPATH "800e0f 0002 01 05 2001db8000 00 2020010db8", "", RESET, 9,
     "MP_REACH_NLRI: bad next hop length");
CASE(mp_reach_truncated, as4_ebgp, ORIGIN ASPATH "800e04 0002 01 10", "",
     RESET, 9, "MP_REACH_NLRI: truncated");
CASE(mp_reach_prefix_129, as4_ebgp,
     ORIGIN ASPATH "800e16 0002 01 10 20010db8000000000000000000000001 00 81",
     "", RESET, 9, "MP_REACH_NLRI: malformed prefix");
CASE(mp_reach_prefix_truncated, as4_ebgp,
     ORIGIN ASPATH "800e17 0002 01 10 20010db8000000000000000000000001 00 402001",
     "", RESET, 9, "MP_REACH_NLRI: malformed prefix");
/*
 * RFC 7606 3 (c): MP attributes with wrong flags are treat-as-withdraw
 * (RFC 4760 asks nothing else), their prefixes still read; 5.2: with no
 * reachable NLRI left to withdraw, a reset; 3 (j), 7.11: when the prefixes
 * cannot be read, a reset.
 */
CASE(mp_reach_flags, as4_ebgp,
     ORIGIN ASPATH "c00e1a 0002 01 10 20010db8000000000000000000000001 00 2020010db8",
     "", WITHDRAW, 0, "MP_REACH_NLRI: bad flags");
CASE(mp_reach_flags_well_known, as4_ebgp,
     ORIGIN ASPATH "400e1a 0002 01 10 20010db8000000000000000000000001 00 2020010db8",
     "", WITHDRAW, 0, "MP_REACH_NLRI: bad flags");
CASE(mp_unreach_flags, as4_ebgp, "c00f08 0002 01 2020010db8", "", WITHDRAW,
     0, "MP_UNREACH_NLRI: bad flags");
CASE(mp_reach_flags_no_nlri, as4_ebgp,
     ORIGIN ASPATH "c00e15 0002 01 10 20010db8000000000000000000000001 00",
     "", RESET, 4, "MP_REACH_NLRI: bad flags");
CASE(mp_reach_flags_bad_nexthop, as4_ebgp,
     ORIGIN ASPATH "c00e0f 0002 01 05 2001db8000 00 2020010db8", "", RESET, 9,
     "MP_REACH_NLRI: bad next hop length");
CASE(mp_unreach_flags_prefix_129, as4_ebgp, "c00f04 000201 81", "", RESET,
     9, "MP_UNREACH_NLRI: malformed prefix");
/* RFC 7606 5.2: attributes, an error, no reachable NLRI: a reset. */
CASE(origin_malformed_no_nlri, as4_ebgp, "40010105" ASPATH, "", RESET, 6,
     "ORIGIN: undefined value");
CASE(origin_missing_no_nlri_mp_unreach, as4_ebgp,
     ASPATH "800f08 0002 01 2020010db8", "", NONE, 0, NULL);
CASE(aggregator_discard_no_nlri, as4_ebgp,
     ORIGIN ASPATH "4007080000fde80a00010a", "", DISCARD, 0, NULL);
CASE(mp_unreach_prefix_129, as4_ebgp, "800f04 000201 81", "", RESET, 9,
     "MP_UNREACH_NLRI: malformed prefix");
CASE(mp_reach_unknown_afi, as4_ebgp, BASE "800e05 0019 46 00 00", NLRI,
     DISCARD, 0, "MP_REACH_NLRI: unsupported AFI/SAFI");
CASE(attribute_overruns_block, as4_ebgp, BASE "c0081000000001", NLRI,
     WITHDRAW, 0, "attribute overruns the attribute block");
CASE(two_octets_left_in_block, as4_ebgp, BASE "c008", NLRI, WITHDRAW, 0,
     "attribute overruns the attribute block");
CASE(mp_reach_overruns_block, as4_ebgp, BASE "800e20 0002", NLRI, RESET, 1,
     "MP attribute overruns the attribute block");
CASE(unknown_well_known, as4_ebgp, BASE "40630100", NLRI, RESET, 2,
     "unrecognized well-known attribute");
CASE(nlri_truncated, as4_ebgp, BASE, "180a01", RESET, 10,
     "NLRI: malformed prefix");
CASE(nlri_prefix_33, as4_ebgp, BASE, "210a01020304", RESET, 10,
     "NLRI: malformed prefix");
CASE(as4_path_confed_on_2octet, as2_ebgp,
     ORIGIN "40020402 01fde9" NEXTHOP "c011060301 0000fde9", NLRI, DISCARD,
     0, "AS4_PATH: malformed");
CASE(as4_aggregator_length_6, as2_ebgp,
     ORIGIN "40020402 01fde9" NEXTHOP "c01206 fde90a000001", NLRI, DISCARD, 0,
     "AS4_AGGREGATOR: length not 8");

TEST_F(rfc7606, action)
{
	struct bgp_update *u = &self->u;

	ASSERT_EQ(variant->action,
		  bgp_update_parse(u, self->msg, self->len, variant->session))
		TH_LOG("reason: %s", u->reason ? u->reason : "(none)");
	if (variant->reason)
		ASSERT_STREQ(variant->reason, u->reason);
	if (variant->action == BGP_ACT_RESET) {
		ASSERT_EQ(BGP_ERR_UPDATE, u->err.code);
		ASSERT_EQ(variant->subcode, u->err.subcode);
	}
}

TEST(withdrawn_length_overruns)
{
	static struct bgp_update u;
	uint8_t msg[64];
	size_t len = unhex("M 0017 02 0005 0000", msg);

	ASSERT_EQ(BGP_ACT_RESET, bgp_update_parse(&u, msg, len, &as4_ebgp));
	ASSERT_EQ(1, u.err.subcode);
}

/* Found by fuzz_update: a header length not the message's is 1/2. */
TEST(header_length_not_the_messages)
{
	static struct bgp_update u;
	uint8_t msg[64];
	size_t len = unhex("M 0017 02 0000 0000 e5e5", msg);

	ASSERT_EQ(BGP_ACT_RESET, bgp_update_parse(&u, msg, len, &as4_ebgp));
	ASSERT_EQ(BGP_ERR_HEADER, u.err.code);
	ASSERT_EQ(BGP_ERR_HDR_LEN, u.err.subcode);
	ASSERT_EQ(2, u.err.data_len);
}

TEST(reset_data_is_the_attribute)
{
	static struct bgp_update u;
	uint8_t msg[BGP_MAX_LEN], attr[32];
	size_t len = mk_update(msg, "", BASE "40630100", NLRI);
	size_t n = unhex("40630100", attr);

	ASSERT_EQ(BGP_ACT_RESET, bgp_update_parse(&u, msg, len, &as4_ebgp));
	ASSERT_EQ(n, u.err.data_len);
	ASSERT_EQ(0, memcmp(attr, u.err.data, n));
}

TEST(duplicate_keeps_first)
{
	static struct bgp_update u;
	uint8_t msg[BGP_MAX_LEN];
	size_t len = mk_update(msg, "", BASE "80040400000001 80040400000002",
			       NLRI);

	ASSERT_EQ(BGP_ACT_DISCARD, bgp_update_parse(&u, msg, len, &as4_ebgp));
	ASSERT_EQ(1, u.attrs.med);
}

TEST(communities_canonical_and_unknown_attributes)
{
	static struct bgp_update u;
	uint8_t msg[BGP_MAX_LEN];
	uint8_t want[16];
	size_t len = mk_update(msg, "",
			       BASE "c0080c fde90002 fde90001 fde90002"
			       " c0630101 80640101", NLRI);

	ASSERT_EQ(BGP_ACT_NONE, bgp_update_parse(&u, msg, len, &as4_ebgp));
	ASSERT_EQ(2, u.attrs.n_communities);
	ASSERT_EQ(0xfde90001, u.attrs.communities[0]);
	ASSERT_EQ(0xfde90002, u.attrs.communities[1]);
	ASSERT_TRUE(bgp_communities_has(&u.attrs, 0xfde90002));
	ASSERT_FALSE(bgp_communities_has(&u.attrs, 0xfde90003));
	/* Transitive kept with Partial set; non-transitive dropped. */
	ASSERT_EQ(unhex("e0630101", want), u.attrs.unknown_len);
	ASSERT_EQ(0, memcmp(want, u.attrs.unknown, u.attrs.unknown_len));
}

/* Messages captured from the builders. */
struct sink {
	unsigned int n;
	size_t lens[64];
	uint8_t msgs[64][BGP_MAX_LEN];
};

static int collect(void *arg, const uint8_t *msg, size_t len)
{
	struct sink *s = arg;

	if (s->n == 64)
		return -1;
	memcpy(s->msgs[s->n], msg, len);
	s->lens[s->n++] = len;
	return 0;
}

static const uint32_t comms[] = { 0xfde90001, 0xfde90002 };
static const uint64_t ext[] = { 0x00020000fde90001ull };
static const struct bgp_large_community large[] = { { 4200000001u, 1, 2 } };
/* AS_SEQUENCE 65001 4200000001, AS_SET 65003 */
static const uint8_t path[] = { 2, 2, 0, 0, 0xfd, 0xe9, 0xfa, 0x56, 0xea, 0x01,
				1, 1, 0, 0, 0xfd, 0xeb };
static const uint8_t unknown[] = { 0xe0, 0x63, 1, 7 };

static struct bgp_attrs full_attrs(bool v6)
{
	struct bgp_attrs a = {
		.present = BGP_ATTRS_ORIGIN | BGP_ATTRS_AS_PATH |
			   BGP_ATTRS_NEXT_HOP | BGP_ATTRS_MED |
			   BGP_ATTRS_ATOMIC_AGGREGATE | BGP_ATTRS_AGGREGATOR,
		.origin = BGP_ORIGIN_INCOMPLETE, .med = 10,
		.aggregator_as = 4200000002u, .aggregator_id = 0x0a000009,
		.aspath = path, .aspath_len = sizeof(path),
		.communities = comms, .n_communities = 2,
		.ext_communities = ext, .n_ext_communities = 1,
		.large_communities = large, .n_large_communities = 1,
		.unknown = unknown, .unknown_len = sizeof(unknown),
		.nexthop_len = v6 ? 16 : 4,
	};

	a.nexthop[0] = v6 ? 0x20 : 10;
	a.nexthop[v6 ? 15 : 3] = 1;
	return a;
}

static struct dpubgp_prefix *many_prefixes(size_t n, bool v6)
{
	struct dpubgp_prefix *p = calloc(n, sizeof(*p));
	size_t i;

	for (i = 0; i < n; i++) {
		p[i].family = v6 ? AF_INET6 : AF_INET;
		p[i].len = v6 ? 64 : 24;
		p[i].addr[0] = v6 ? 0x20 : 10;
		p[i].addr[1] = (uint8_t)(i >> 8);
		p[i].addr[2] = (uint8_t)i;
	}
	return p;
}

FIXTURE(roundtrip) {
	struct sink sink;
	struct bgp_update u;
};

FIXTURE_VARIANT(roundtrip) {
	const struct bgp_session *session;
	bool v6;
	size_t n;
	unsigned int messages;
};

FIXTURE_SETUP(roundtrip)
{
}

FIXTURE_TEARDOWN(roundtrip)
{
}

FIXTURE_VARIANT_ADD(roundtrip, v4_as4_one) { &as4_ebgp, false, 1, 1 };
FIXTURE_VARIANT_ADD(roundtrip, v4_as2_one) { &as2_ebgp, false, 1, 1 };
FIXTURE_VARIANT_ADD(roundtrip, v6_as4_one) { &as4_ebgp, true, 1, 1 };
FIXTURE_VARIANT_ADD(roundtrip, v6_as2_one) { &as2_ebgp, true, 1, 1 };
/* 4 octets a /24: (4096 - 23 - attributes) / 4 per message. */
FIXTURE_VARIANT_ADD(roundtrip, v4_as4_3000) { &as4_ebgp, false, 3000, 4 };
/* 9 octets a /64. */
FIXTURE_VARIANT_ADD(roundtrip, v6_as2_3000) { &as2_ebgp, true, 3000, 7 };

TEST_F(roundtrip, announce_then_withdraw)
{
	struct bgp_attrs a = full_attrs(variant->v6);
	struct dpubgp_prefix *p = many_prefixes(variant->n, variant->v6), q;
	struct bgp_nlri *nlri;
	size_t seen = 0;
	unsigned int i;

	ASSERT_EQ(0, bgp_update_announce(variant->session, &a, p, variant->n,
					 collect, &self->sink));
	ASSERT_EQ(variant->messages, self->sink.n);
	for (i = 0; i < self->sink.n; i++) {
		ASSERT_GE(BGP_MAX_LEN, self->sink.lens[i]);
		ASSERT_EQ(BGP_ACT_NONE,
			  bgp_update_parse(&self->u, self->sink.msgs[i],
					   self->sink.lens[i], variant->session))
			TH_LOG("%s", self->u.reason);
		if (variant->v6) {
			memcpy(self->u.attrs.nexthop, self->u.mp_nexthop, 16);
			self->u.attrs.nexthop_len = self->u.mp_nexthop_len;
			self->u.attrs.present |= BGP_ATTRS_NEXT_HOP;
		}
		ASSERT_TRUE(bgp_attrs_equal(&a, &self->u.attrs));
		nlri = variant->v6 ? &self->u.mp_reach : &self->u.nlri;
		while (bgp_nlri_next(nlri, &q))
			ASSERT_EQ(0, memcmp(&p[seen++], &q, sizeof(q)));
	}
	ASSERT_EQ(variant->n, seen);

	self->sink.n = 0;
	seen = 0;
	ASSERT_EQ(0, bgp_update_withdraw(p, variant->n, collect, &self->sink));
	for (i = 0; i < self->sink.n; i++) {
		ASSERT_EQ(BGP_ACT_NONE,
			  bgp_update_parse(&self->u, self->sink.msgs[i],
					   self->sink.lens[i], variant->session));
		nlri = variant->v6 ? &self->u.mp_unreach : &self->u.withdrawn;
		while (bgp_nlri_next(nlri, &q))
			ASSERT_EQ(0, memcmp(&p[seen++], &q, sizeof(q)));
	}
	ASSERT_EQ(variant->n, seen);
	free(p);
}

TEST(as4_attributes_toward_a_two_octet_peer)
{
	static struct sink sink;
	static struct bgp_update u;
	struct bgp_attrs a = full_attrs(false);
	struct dpubgp_prefix p = { .family = AF_INET, .len = 8, .addr = { 10 } };

	ASSERT_EQ(0, bgp_update_announce(&as2_ebgp, &a, &p, 1, collect, &sink));
	ASSERT_EQ(BGP_ACT_NONE, bgp_update_parse(&u, sink.msgs[0], sink.lens[0],
						 &as2_ebgp));
	/* The real ASes beside AS_TRANS on the wire... */
	ASSERT_TRUE(u.has_as4_aggregator);
	ASSERT_EQ(4200000002u, u.as4_aggregator_as);
	ASSERT_NE(NULL, u.as4_path);
	/* ...and reconstructed (RFC 6793 4.2.3). */
	ASSERT_EQ(4200000002u, u.attrs.aggregator_as);
	ASSERT_EQ(sizeof(path), u.attrs.aspath_len);
	ASSERT_EQ(0, memcmp(path, u.attrs.aspath, sizeof(path)));
}

TEST(end_of_rib)
{
	static struct sink sink;
	static struct bgp_update u;
	uint8_t want[64];
	enum bgp_aid aid;

	ASSERT_EQ(0, bgp_update_eor(BGP_AID_IPV4, collect, &sink));
	ASSERT_EQ(0, bgp_update_eor(BGP_AID_IPV6, collect, &sink));
	ASSERT_EQ(unhex("M 0017 02 0000 0000", want), sink.lens[0]);
	ASSERT_EQ(0, memcmp(want, sink.msgs[0], sink.lens[0]));
	ASSERT_EQ(unhex("M 001d 02 0000 0006 800f03000201", want), sink.lens[1]);
	ASSERT_EQ(0, memcmp(want, sink.msgs[1], sink.lens[1]));
	bgp_update_parse(&u, sink.msgs[0], sink.lens[0], &as4_ebgp);
	ASSERT_TRUE(bgp_update_is_eor(&u, &aid));
	ASSERT_EQ(BGP_AID_IPV4, aid);
	bgp_update_parse(&u, sink.msgs[1], sink.lens[1], &as4_ebgp);
	ASSERT_TRUE(bgp_update_is_eor(&u, &aid));
	ASSERT_EQ(BGP_AID_IPV6, aid);
}

TEST(intern_and_group)
{
	static struct sink sink;
	struct bgp_attrs_table t;
	struct bgp_attrs a = full_attrs(false), b = full_attrs(false);
	const struct bgp_attrs *ia, *ib, *ic;
	struct bgp_route routes[6];
	unsigned int i;

	bgp_attrs_table_init(&t);
	ia = bgp_attrs_intern(&t, &a);
	ib = bgp_attrs_intern(&t, &b);
	ASSERT_TRUE(ia == ib);
	ASSERT_EQ(2, ia->refcnt);
	b.med = 11;
	ic = bgp_attrs_intern(&t, &b);
	ASSERT_TRUE(ic != ia);
	ASSERT_EQ(2, t.count);
	for (i = 0; i < 6; i++)
		routes[i] = (struct bgp_route){
			.prefix = { .family = AF_INET, .len = 16,
				    .addr = { 10, (uint8_t)i } },
			.attrs = i % 2 ? ia : ic,
		};
	ASSERT_EQ(0, bgp_update_announce_routes(&as4_ebgp, routes, 6, collect,
						&sink));
	ASSERT_EQ(2, sink.n);
	bgp_attrs_unref(&t, ia);
	bgp_attrs_unref(&t, ib);
	bgp_attrs_unref(&t, ic);
	ASSERT_EQ(0, t.count);
	bgp_attrs_table_destroy(&t);
	ASSERT_NO_LEAKS();
}

TEST_HARNESS_MAIN
