// SPDX-License-Identifier: GPL-2.0
/*
 * BGP messages other than UPDATE: golden bytes of real messages, round
 * trips through the builders, and the NOTIFICATION of every OPEN error.
 */
/* Expected values are written as plain literals against unsigned fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include "dpubgp_test.h"
#include "bgp_test.h"
#include "codec/msg.h"

/* AS 65001, hold 90, id 10.0.0.1, MP IPv4 and IPv6, route refresh, AS4. */
#define OPEN_GOLDEN "M 0033 01 04 fde9 005a 0a000001 16 0214" \
	" 010400010001 010400020001 0200 41040000fde9"

TEST(open_golden_decodes)
{
	uint8_t msg[BGP_MAX_LEN];
	size_t len = unhex(OPEN_GOLDEN, msg);
	struct bgp_open open;
	struct bgp_err err;

	ASSERT_EQ(0, bgp_open_parse(msg, len, &open, &err)) TH_LOG("%s", err.reason);
	ASSERT_EQ(65001, open.as);
	ASSERT_EQ(90, open.hold);
	ASSERT_EQ(0x0a000001, open.bgp_id);
	ASSERT_EQ(3, open.mp);
	ASSERT_TRUE(open.as4);
	ASSERT_TRUE(open.route_refresh);
	ASSERT_EQ(0, open.n_unknown);
}

TEST(open_golden_encodes)
{
	uint8_t want[BGP_MAX_LEN], got[BGP_MAX_LEN];
	size_t len = unhex(OPEN_GOLDEN, want);
	struct bgp_open open = {
		.version = 4, .as = 65001, .hold = 90, .bgp_id = 0x0a000001,
		.mp = 3, .as4 = true, .route_refresh = true,
	};

	ASSERT_EQ((int)len, bgp_open_build(&open, got, sizeof(got)));
	ASSERT_EQ(0, memcmp(want, got, len));
}

TEST(open_roundtrip_big_as_and_unknown_capabilities)
{
	static const uint8_t fqdn[] = { 1, 'h', 0 }, ext[] = { 1, 2, 3 };
	struct bgp_open in = {
		.version = 4, .as = 4200000001u, .hold = 9, .bgp_id = 7,
		.mp = 2, .as4 = true, .n_unknown = 2,
		.unknown = { { 73, sizeof(fqdn), fqdn },
			     { 200, sizeof(ext), ext } },
	}, out;
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_err err;
	int len = bgp_open_build(&in, msg, sizeof(msg));
	unsigned int i;

	ASSERT_LT(0, len);
	ASSERT_EQ(0, bgp_open_parse(msg, (size_t)len, &out, &err));
	ASSERT_EQ(BGP_AS_TRANS, out.my_as);
	ASSERT_EQ(in.as, out.as);
	ASSERT_EQ(in.hold, out.hold);
	ASSERT_EQ(in.mp, out.mp);
	ASSERT_FALSE(out.route_refresh);
	ASSERT_EQ(in.n_unknown, out.n_unknown);
	for (i = 0; i < in.n_unknown; i++) {
		ASSERT_EQ(in.unknown[i].code, out.unknown[i].code);
		ASSERT_EQ(in.unknown[i].len, out.unknown[i].len);
		ASSERT_EQ(0, memcmp(in.unknown[i].value, out.unknown[i].value,
				    in.unknown[i].len));
	}
}

/*
 * The Graceful Restart capability (RFC 4724 3) as FRR sends it with
 * "bgp graceful-restart" (120 s, IPv4 unicast, no F bit), as a speaker
 * restarted with its forwarding state (R, F on IPv6 only, an unknown
 * family skipped) and as a helper (no family).
 */
FIXTURE(gr_capa) {
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_open open;
	struct bgp_err err;
};

FIXTURE_VARIANT(gr_capa) {
	const char *hex;
	struct bgp_gr want;
};

FIXTURE_SETUP(gr_capa)
{
	size_t len = unhex(variant->hex, self->msg);

	ASSERT_EQ(0, bgp_open_parse(self->msg, len, &self->open, &self->err))
		TH_LOG("%s", self->err.reason);
}

FIXTURE_TEARDOWN(gr_capa)
{
}

FIXTURE_VARIANT_ADD(gr_capa, frr_restarting) {
	.hex = "M 0027 01 04 fde9 005a 0a000001 0a 0208 4006 0078 000101 00",
	.want = { .present = true, .time = 120, .families = 1 },
};

FIXTURE_VARIANT_ADD(gr_capa, restarted_forwarding) {
	.hex = "M 002f 01 04 fde9 005a 0a000001 12 0210 400e 8fff"
	       " 000101 00 000201 80 001980 46",
	.want = { .present = true, .restarted = true, .time = 4095,
		  .families = 3, .forwarding = 2 },
};

FIXTURE_VARIANT_ADD(gr_capa, helper) {
	.hex = "M 0023 01 04 fde9 005a 0a000001 06 0204 4002 0000",
	.want = { .present = true },
};

FIXTURE_VARIANT_ADD(gr_capa, absent) {
	.hex = "M 001d 01 04 fde9 005a 0a000001 00",
	.want = { .present = false },
};

TEST_F(gr_capa, decodes)
{
	const struct bgp_gr *gr = &self->open.gr;

	ASSERT_EQ(variant->want.present, gr->present);
	ASSERT_EQ(variant->want.restarted, gr->restarted);
	ASSERT_EQ(variant->want.time, gr->time);
	ASSERT_EQ(variant->want.families, gr->families);
	ASSERT_EQ(variant->want.forwarding, gr->forwarding);
	ASSERT_EQ(0, self->open.n_unknown);
}

/* What is decoded is built again, byte for byte (the unknown family gone). */
TEST_F(gr_capa, roundtrip)
{
	struct bgp_open again;
	uint8_t msg[BGP_MAX_LEN];
	int len;

	self->open.version = BGP_VERSION;
	len = bgp_open_build(&self->open, msg, sizeof(msg));
	ASSERT_LT(0, len);
	ASSERT_EQ(0, bgp_open_parse(msg, (size_t)len, &again, &self->err));
	ASSERT_EQ(0, memcmp(&self->open.gr, &again.gr, sizeof(again.gr)));
}

/* dpubgpd's own: 120 s, helper only, beside the other capabilities. */
TEST(gr_capa_helper_golden)
{
	uint8_t want[BGP_MAX_LEN], got[BGP_MAX_LEN];
	size_t len = unhex("M 0037 01 04 fde9 0009 0a000001 1a 0218"
			   " 010400010001 010400020001 0200 40020078"
			   " 41040000fde9", want);
	struct bgp_open open = {
		.version = 4, .as = 65001, .hold = 9, .bgp_id = 0x0a000001,
		.mp = 3, .as4 = true, .route_refresh = true,
		.gr = { .present = true, .time = 120 },
	};

	ASSERT_EQ((int)len, bgp_open_build(&open, got, sizeof(got)));
	ASSERT_EQ(0, memcmp(want, got, len));
}

FIXTURE(bad_msg) {
	uint8_t msg[BGP_MAX_LEN];
	size_t len;
	struct bgp_err err;
};

FIXTURE_VARIANT(bad_msg) {
	const char *hex;
	uint8_t code, subcode;
	const char *data;	/* hex, NULL for none */
};

FIXTURE_SETUP(bad_msg)
{
	self->len = unhex(variant->hex, self->msg);
}

FIXTURE_TEARDOWN(bad_msg)
{
}

#define BAD(name, _hex, _code, _sub, _data)				\
	FIXTURE_VARIANT_ADD(bad_msg, name) {				\
		.hex = _hex, .code = _code, .subcode = _sub,		\
		.data = _data,						\
	}

BAD(marker, "fffffffffffffffffffffffffffffffe 0013 04", 1, 1, NULL);
BAD(keepalive_long, "M 0014 04 00", 1, 2, "0014");
BAD(length_over_4096, "M 1001 02", 1, 2, "1001");
BAD(update_short, "M 0016 02 000000", 1, 2, "0016");
BAD(type_unknown, "M 0013 07", 1, 3, "07");
BAD(open_version3, "M 001d 01 03 fde9 005a 0a000001 00", 2, 1, "0004");
BAD(open_hold_1, "M 001d 01 04 fde9 0001 0a000001 00", 2, 6, NULL);
BAD(open_hold_2, "M 001d 01 04 fde9 0002 0a000001 00", 2, 6, NULL);
BAD(open_bgp_id_0, "M 001d 01 04 fde9 005a 00000000 00", 2, 3, NULL);
BAD(open_as_0, "M 001d 01 04 0000 005a 0a000001 00", 2, 2, NULL);
BAD(open_auth_param, "M 0020 01 04 fde9 005a 0a000001 03 010100", 2, 4, NULL);
BAD(open_param_overrun, "M 0020 01 04 fde9 005a 0a000001 03 020500", 2, 0, NULL);
BAD(open_opt_len_short, "M 0020 01 04 fde9 005a 0a000001 01 020100", 2, 0, NULL);
BAD(open_as4_len_3, "M 0024 01 04 fde9 005a 0a000001 07 0205 4103000001", 2, 0, NULL);
BAD(open_gr_len_1, "M 0022 01 04 fde9 005a 0a000001 05 0203 4001 00", 2, 0, NULL);
BAD(open_gr_family_short, "M 0026 01 04 fde9 005a 0a000001 09 0207 4005 0078 000101", 2, 0, NULL);

static int decode_any(const uint8_t *msg, size_t len, struct bgp_err *err)
{
	struct bgp_open open;
	struct bgp_hdr hdr;

	if (bgp_hdr_parse(msg, len, &hdr, err))
		return -1;
	if (hdr.type == BGP_OPEN)
		return bgp_open_parse(msg, len, &open, err);
	return 0;
}

TEST_F(bad_msg, notification)
{
	uint8_t data[BGP_ERR_DATA_MAX];
	size_t n = variant->data ? unhex(variant->data, data) : 0;

	ASSERT_EQ(-1, decode_any(self->msg, self->len, &self->err));
	ASSERT_EQ(variant->code, self->err.code) TH_LOG("%s", self->err.reason);
	ASSERT_EQ(variant->subcode, self->err.subcode) TH_LOG("%s", self->err.reason);
	ASSERT_EQ(n, self->err.data_len);
	if (n)
		ASSERT_EQ(0, memcmp(data, self->err.data, n));
}

TEST(open_check_required_capabilities)
{
	struct bgp_open open = { .version = 4, .as = 65001, .mp = 1 };
	struct bgp_open_policy policy = { .mp_required = 3, .as4_required = true };
	uint8_t want[32];
	size_t n = unhex("010400020001 410400000000", want);
	struct bgp_err err;

	ASSERT_EQ(-1, bgp_open_check(&open, &policy, &err));
	ASSERT_EQ(2, err.code);
	ASSERT_EQ(7, err.subcode);
	ASSERT_EQ(n, err.data_len);
	ASSERT_EQ(0, memcmp(want, err.data, n));
	open.mp = 3;
	open.as4 = true;
	ASSERT_EQ(0, bgp_open_check(&open, &policy, &err));
	policy.peer_as = 65002;
	ASSERT_EQ(-1, bgp_open_check(&open, &policy, &err));
	ASSERT_EQ(2, err.subcode);
}

/* Where keepalives are required (tenants), a hold time of 0 is 2/6. */
TEST(open_check_hold_required)
{
	struct bgp_open open = { .version = 4, .as = 65001, .hold = 0 };
	struct bgp_open_policy policy = { 0 };
	struct bgp_err err;

	ASSERT_EQ(0, bgp_open_check(&open, &policy, &err));
	policy.hold_required = true;
	ASSERT_EQ(-1, bgp_open_check(&open, &policy, &err));
	ASSERT_EQ(2, err.code);
	ASSERT_EQ(6, err.subcode);
	ASSERT_EQ(0, err.data_len);
	open.hold = 3;
	ASSERT_EQ(0, bgp_open_check(&open, &policy, &err));
}

/* RFC 4760 8: an OPEN without multiprotocol capabilities is IPv4 unicast. */
TEST(open_check_no_mp_is_ipv4)
{
	struct bgp_open open = { .version = 4, .as = 65001 };
	struct bgp_open_policy policy = { .mp_required = 1 };
	uint8_t want[32];
	size_t n = unhex("010400020001", want);
	struct bgp_err err;

	ASSERT_EQ(0, bgp_open_check(&open, &policy, &err));
	policy.mp_required = 3;
	ASSERT_EQ(-1, bgp_open_check(&open, &policy, &err));
	ASSERT_EQ(2, err.code);
	ASSERT_EQ(7, err.subcode);
	ASSERT_EQ(n, err.data_len);
	ASSERT_EQ(0, memcmp(want, err.data, n));
	/* Offering IPv6 alone withdraws the implied IPv4. */
	open.mp = 2;
	n = unhex("010400010001", want);
	ASSERT_EQ(-1, bgp_open_check(&open, &policy, &err));
	ASSERT_EQ(n, err.data_len);
	ASSERT_EQ(0, memcmp(want, err.data, n));
}

TEST(keepalive_golden)
{
	uint8_t want[32], got[32];
	size_t n = unhex("M 0013 04", want);

	ASSERT_EQ((int)n, bgp_keepalive_build(got, sizeof(got)));
	ASSERT_EQ(0, memcmp(want, got, n));
}

TEST(notification_golden_and_roundtrip)
{
	uint8_t want[64], got[64];
	size_t n = unhex("M 0017 03 02 02 fde9", want);
	struct bgp_notification note;
	struct bgp_err err;

	ASSERT_EQ((int)n, bgp_notification_build(2, 2, want + 21, 2, got,
						  sizeof(got)));
	ASSERT_EQ(0, memcmp(want, got, n));
	ASSERT_EQ(0, bgp_notification_parse(got, n, &note, &err));
	ASSERT_EQ(2, note.code);
	ASSERT_EQ(2, note.subcode);
	ASSERT_EQ(2, note.data_len);
	ASSERT_EQ(0, memcmp(note.data, want + 21, 2));
}

TEST(route_refresh_golden_and_roundtrip)
{
	uint8_t want[32], got[32];
	size_t n = unhex("M 0017 05 0002 00 01", want);
	enum bgp_aid aid;
	struct bgp_err err;

	ASSERT_EQ((int)n, bgp_route_refresh_build(BGP_AID_IPV6, got, sizeof(got)));
	ASSERT_EQ(0, memcmp(want, got, n));
	ASSERT_EQ(0, bgp_route_refresh_parse(got, n, &aid, &err));
	ASSERT_EQ(BGP_AID_IPV6, aid);
	/* An AFI/SAFI not known is ignored (RFC 2918 4). */
	n = unhex("M 0017 05 0019 00 46", got);
	ASSERT_EQ(1, bgp_route_refresh_parse(got, n, &aid, &err));
}

TEST_HARNESS_MAIN
