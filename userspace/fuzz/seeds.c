// SPDX-License-Identifier: GPL-2.0
/*
 * seeds DIR: write a small seed corpus for the fuzz targets, made by the
 * builders: DIR/open/ and DIR/update/ (an UPDATE seed is prefixed with the
 * session byte fuzz_update.c reads).
 */
#include <stdio.h>
#include <stdlib.h>

#include "codec/update.h"

static const char *dir;
static unsigned int count;
static uint8_t session_byte;

static int save(void *arg, const uint8_t *msg, size_t len)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/seed-%u", dir, (const char *)arg,
		 count++);
	f = fopen(path, "w");
	if (!f)
		return -1;
	if (((const char *)arg)[0] == 'u')
		fputc(session_byte, f);
	fwrite(msg, 1, len, f);
	return fclose(f);
}

static int open_seed(void)
{
	static const uint8_t fqdn[] = { 1, 'h', 0 };
	struct bgp_open o = {
		.version = 4, .as = 4200000001u, .hold = 9, .bgp_id = 1,
		.mp = 3, .as4 = true, .route_refresh = true,
		.gr = { .present = true, .restarted = true, .time = 120,
			.families = 3, .forwarding = 1 },
		.n_unknown = 1, .unknown = { { 73, sizeof(fqdn), fqdn } },
	};
	uint8_t buf[BGP_MAX_LEN];
	int len = bgp_open_build(&o, buf, sizeof(buf));

	return len < 0 ? -1 : save("open", buf, (size_t)len);
}

static int update_seeds(const struct bgp_session *s, uint8_t byte)
{
	static const uint32_t comms[] = { 0xfde90001 };
	static const uint64_t ext[] = { 0x00020000fde90001ull };
	static const struct bgp_large_community large[] = { { 1, 2, 3 } };
	static const uint8_t path[] = { 2, 2, 0, 0, 0xfd, 0xe9, 0xfa, 0x56,
					0xea, 0x01, 1, 1, 0, 0, 0xfd, 0xeb };
	struct bgp_attrs a = {
		.present = 0x7f, .origin = 1, .med = 5, .local_pref = 100,
		.aggregator_as = 4200000002u, .aggregator_id = 9,
		.aspath = path, .aspath_len = sizeof(path),
		.communities = comms, .n_communities = 1,
		.ext_communities = ext, .n_ext_communities = 1,
		.large_communities = large, .n_large_communities = 1,
		.nexthop_len = 4, .nexthop = { 10, 0, 0, 1 },
	};
	struct dpubgp_prefix v4[2] = {
		{ .family = AF_INET, .len = 24, .addr = { 10, 1, 2 } },
		{ .family = AF_INET, .len = 32, .addr = { 10, 1, 3, 4 } },
	};
	struct dpubgp_prefix v6 = { .family = AF_INET6, .len = 48,
				    .addr = { 0x20, 0x01, 0x0d, 0xb8 } };

	session_byte = byte;
	if (bgp_update_announce(s, &a, v4, 2, save, "update") ||
	    bgp_update_withdraw(v4, 2, save, "update") ||
	    bgp_update_withdraw(&v6, 1, save, "update") ||
	    bgp_update_eor(BGP_AID_IPV4, save, "update") ||
	    bgp_update_eor(BGP_AID_IPV6, save, "update"))
		return -1;
	a.nexthop_len = 16;
	a.nexthop[0] = 0x20;
	return bgp_update_announce(s, &a, &v6, 1, save, "update");
}

int main(int argc, char **argv)
{
	static const struct bgp_session as2 = { .ebgp = true };
	static const struct bgp_session as4 = { .as4 = true };

	if (argc != 2) {
		fprintf(stderr, "usage: seeds DIR\n");
		return 2;
	}
	dir = argv[1];
	if (open_seed() || update_seeds(&as2, 2) || update_seeds(&as4, 1)) {
		perror("seeds");
		return 1;
	}
	return 0;
}
