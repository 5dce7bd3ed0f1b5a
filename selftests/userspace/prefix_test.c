// SPDX-License-Identifier: GPL-2.0
/*
 * Prefixes in text form: every accepted spelling prints back canonically,
 * every syntax error is refused and leaves the result alone.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "dpubgp_test.h"
#include "base/prefix.h"

FIXTURE(roundtrip) {
	struct dpubgp_prefix prefix;
};

FIXTURE_VARIANT(roundtrip) {
	const char *text;
	sa_family_t family;
	unsigned int len;
	const char *canonical;
};

FIXTURE_SETUP(roundtrip)
{
}

FIXTURE_TEARDOWN(roundtrip)
{
}

#define ROUNDTRIP(name, _text, _family, _len, _canonical)		\
	FIXTURE_VARIANT_ADD(roundtrip, name) {				\
		.text = _text, .family = _family, .len = _len,		\
		.canonical = _canonical,				\
	}

ROUNDTRIP(v4_host_implicit, "10.0.0.2", AF_INET, 32, "10.0.0.2/32");
ROUNDTRIP(v4_host_explicit, "10.0.0.2/32", AF_INET, 32, "10.0.0.2/32");
ROUNDTRIP(v4_net, "10.0.0.0/24", AF_INET, 24, "10.0.0.0/24");
ROUNDTRIP(v4_host_bits_kept, "10.0.0.2/24", AF_INET, 24, "10.0.0.2/24");
ROUNDTRIP(v4_default, "0.0.0.0/0", AF_INET, 0, "0.0.0.0/0");
ROUNDTRIP(v4_all_ones, "255.255.255.255", AF_INET, 32, "255.255.255.255/32");
ROUNDTRIP(v6_host_implicit, "fd00::2", AF_INET6, 128, "fd00::2/128");
ROUNDTRIP(v6_net, "fd00::/64", AF_INET6, 64, "fd00::/64");
ROUNDTRIP(v6_host_bits_kept, "fd00::2/64", AF_INET6, 64, "fd00::2/64");
ROUNDTRIP(v6_default, "::/0", AF_INET6, 0, "::/0");
ROUNDTRIP(v6_uncompressed_upper, "FD00:0:0:0:0:0:0:2/128", AF_INET6, 128,
	  "fd00::2/128");
ROUNDTRIP(v6_mapped_v4, "::ffff:10.0.0.1/128", AF_INET6, 128,
	  "::ffff:10.0.0.1/128");
ROUNDTRIP(v6_longest, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128", AF_INET6,
	  128, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128");

TEST_F(roundtrip, parse_then_format)
{
	char text[DPUBGP_PREFIX_STRLEN];

	ASSERT_EQ(0, dpubgp_prefix_parse(variant->text, &self->prefix))
		TH_LOG("\"%s\" refused", variant->text);
	ASSERT_EQ(variant->family, self->prefix.family);
	ASSERT_EQ(variant->len, self->prefix.len);
	ASSERT_EQ(0, dpubgp_prefix_format(&self->prefix, text, sizeof(text)));
	ASSERT_STREQ(variant->canonical, text);

	/* The canonical form is a fixed point. */
	ASSERT_EQ(0, dpubgp_prefix_parse(text, &self->prefix));
	ASSERT_EQ(0, dpubgp_prefix_format(&self->prefix, text, sizeof(text)));
	ASSERT_STREQ(variant->canonical, text);
}

FIXTURE(syntax_error) {
	struct dpubgp_prefix prefix;
};

FIXTURE_VARIANT(syntax_error) {
	const char *text;
};

FIXTURE_SETUP(syntax_error)
{
	memset(&self->prefix, 0xa5, sizeof(self->prefix));
}

FIXTURE_TEARDOWN(syntax_error)
{
}

#define SYNTAX_ERROR(name, _text)					\
	FIXTURE_VARIANT_ADD(syntax_error, name) { .text = _text }

SYNTAX_ERROR(empty, "");
SYNTAX_ERROR(len_only, "/24");
SYNTAX_ERROR(word, "host");
SYNTAX_ERROR(v4_octet_too_big, "10.0.0.300");
SYNTAX_ERROR(v4_three_octets, "10.0.0");
SYNTAX_ERROR(v4_five_octets, "10.0.0.0.1");
SYNTAX_ERROR(v4_leading_zero, "010.0.0.1");
SYNTAX_ERROR(v4_hex, "0x0a.0.0.1");
SYNTAX_ERROR(leading_blank, " 10.0.0.1");
SYNTAX_ERROR(trailing_blank, "10.0.0.1 ");
SYNTAX_ERROR(empty_len, "10.0.0.1/");
SYNTAX_ERROR(v4_len_33, "10.0.0.0/33");
SYNTAX_ERROR(len_leading_zero, "10.0.0.0/024");
SYNTAX_ERROR(len_plus, "10.0.0.0/+8");
SYNTAX_ERROR(len_minus, "10.0.0.0/-1");
SYNTAX_ERROR(len_blank, "10.0.0.0/ 8");
SYNTAX_ERROR(len_trailing, "10.0.0.0/8x");
SYNTAX_ERROR(two_slashes, "10.0.0.0/8/8");
SYNTAX_ERROR(len_wraps_u32, "10.0.0.0/4294967328");
SYNTAX_ERROR(len_huge, "fd00::/99999999999999999999999999");
SYNTAX_ERROR(v6_len_129, "fd00::/129");
SYNTAX_ERROR(v6_triple_colon, "fd00:::1");
SYNTAX_ERROR(v6_two_gaps, "fd00::1::2");
SYNTAX_ERROR(v6_bad_digit, "fd00::g");
SYNTAX_ERROR(v6_nine_groups, "1:2:3:4:5:6:7:8:9");
SYNTAX_ERROR(v6_zone, "fe80::1%eth0");
SYNTAX_ERROR(address_too_long,
	     "0000:0000:0000:0000:0000:0000:0000:0000:0000:0000:0000/64");

TEST_F(syntax_error, refused)
{
	struct dpubgp_prefix untouched;

	memcpy(&untouched, &self->prefix, sizeof(untouched));
	ASSERT_EQ(-EINVAL, dpubgp_prefix_parse(variant->text, &self->prefix))
		TH_LOG("\"%s\" accepted", variant->text);
	ASSERT_EQ(0, memcmp(&untouched, &self->prefix, sizeof(untouched)));
}

TEST(address_bytes)
{
	static const uint8_t v4[16] = { 10, 0, 0, 2 };
	static const uint8_t v6[16] = { 0xfd, [15] = 2 };
	struct dpubgp_prefix prefix;

	ASSERT_EQ(0, dpubgp_prefix_parse("10.0.0.2/31", &prefix));
	ASSERT_EQ(0, memcmp(v4, prefix.addr, sizeof(v4)))
		TH_LOG("IPv4 must fill the first 4 bytes, zero the rest");
	ASSERT_EQ(0, dpubgp_prefix_parse("fd00::2", &prefix));
	ASSERT_EQ(0, memcmp(v6, prefix.addr, sizeof(v6)));
}

TEST(format_exact_room)
{
	const char *longest = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128";
	char text[DPUBGP_PREFIX_STRLEN];
	struct dpubgp_prefix prefix;
	size_t need = strlen(longest) + 1;

	ASSERT_LE(need, sizeof(text));
	ASSERT_EQ(0, dpubgp_prefix_parse(longest, &prefix));
	ASSERT_EQ(0, dpubgp_prefix_format(&prefix, text, need));
	ASSERT_STREQ(longest, text);
	ASSERT_EQ(-ENOSPC, dpubgp_prefix_format(&prefix, text, need - 1));
}

TEST(format_unknown_family)
{
	struct dpubgp_prefix prefix = { .family = AF_UNSPEC };
	char text[DPUBGP_PREFIX_STRLEN];

	ASSERT_EQ(-EAFNOSUPPORT,
		  dpubgp_prefix_format(&prefix, text, sizeof(text)));
}

/* Host bits cleared: at, below and across byte boundaries, /0, full length. */
TEST(mask_clears_host_bits)
{
	static const struct {
		sa_family_t family;
		uint8_t len;
		const char *want;
	} cases[] = {
		{ AF_INET, 0, "0.0.0.0/0" },
		{ AF_INET, 5, "248.0.0.0/5" },
		{ AF_INET, 19, "255.255.224.0/19" },
		{ AF_INET, 24, "255.255.255.0/24" },
		{ AF_INET, 32, "255.255.255.255/32" },
		{ AF_INET6, 47, "ffff:ffff:fffe::/47" },
		{ AF_INET6, 128, "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128" },
	};
	char text[DPUBGP_PREFIX_STRLEN];
	struct dpubgp_prefix prefix;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		prefix.family = cases[i].family;
		prefix.len = cases[i].len;
		memset(prefix.addr, 0xff, sizeof(prefix.addr));
		if (prefix.family == AF_INET)
			memset(prefix.addr + 4, 0, sizeof(prefix.addr) - 4);
		dpubgp_prefix_mask(&prefix);
		ASSERT_EQ(0, dpubgp_prefix_format(&prefix, text, sizeof(text)));
		ASSERT_STREQ(cases[i].want, text);
	}
}

TEST(family_lengths)
{
	ASSERT_EQ(32U, dpubgp_prefix_maxlen(AF_INET));
	ASSERT_EQ(128U, dpubgp_prefix_maxlen(AF_INET6));
	ASSERT_EQ(0U, dpubgp_prefix_maxlen(AF_UNSPEC));
	ASSERT_EQ(sizeof(struct in_addr), dpubgp_prefix_addrlen(AF_INET));
	ASSERT_EQ(sizeof(struct in6_addr), dpubgp_prefix_addrlen(AF_INET6));
	ASSERT_EQ((size_t)0, dpubgp_prefix_addrlen(AF_PACKET));
}

TEST_HARNESS_MAIN
