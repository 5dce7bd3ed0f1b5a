// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl status's printers against golden output: Calico's own example
 * (calico-bgp-configuration.md), errors in Info, dates in Since, families
 * without peers, and the JSON's round trip through the control protocol's
 * codec. Times are UTC.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dpubgp_test.h"
#include "ctl/status.h"

/* 2026-11-21 16:30:00 UTC */
#define NOW	1795278600
#define AT(h, m, s)	(NOW - (16 * 3600 + 30 * 60) + (h) * 3600 + (m) * 60 + (s))

#define PEER(_addr, _fam, _type, _proto, _fsm, _err, _since)		\
	{ .address = _addr, .family = _fam, .type = _type,		\
	  .proto = _proto, .fsm = _fsm, .error = _err, .since = _since }

FIXTURE(status) {
	struct dpubgp_status st;
	char *out;
	size_t len;
	FILE *f;
};

FIXTURE_SETUP(status)
{
	setenv("TZ", "UTC0", 1);
	tzset();
	self->st = (struct dpubgp_status){
		.node = "Node1", .router_id = "172.17.42.20", .as = 64511,
		.as_inherited = true,
		.ipv4 = { "172.17.42.20" }, .ipv6 = { "aa:bb::fe" },
	};
	self->f = open_memstream(&self->out, &self->len);
	ASSERT_NE(NULL, self->f);
}

FIXTURE_TEARDOWN(status)
{
	if (self->f)
		fclose(self->f);
	free(self->out);
}

static const char *print(struct __test_metadata *_metadata,
			 FIXTURE_DATA(status) *self,
			 struct dpubgp_peer_status *peers, size_t n)
{
	self->st.peers = peers;
	self->st.n_peers = n;
	EXPECT_EQ(0, ctl_print_status_text(self->f, &self->st, NOW));
	fflush(self->f);
	return self->out;
}

/*
 * Calico's example, byte for byte, but for one cell: the reference's IPv6
 * row shows "|   aa:bb::ff  |", which prettytable (which calicoctl used)
 * cannot print; it centres an odd-length text with the odd space on the
 * right, as the IPv4 rows "| 10.20.30.40  |" and "|  Since   |" show.
 */
TEST_F(status, calico_example)
{
	struct dpubgp_peer_status peers[] = {
		PEER("172.17.42.21", 4, "node-to-node mesh", "up",
		     "Established", "", AT(16, 17, 25)),
		PEER("10.20.30.40", 4, "global", "start", "Connect", "",
		     AT(16, 28, 38)),
		PEER("192.10.0.0", 4, "node specific", "start", "Connect", "",
		     AT(16, 28, 57)),
		PEER("aa:bb::ff", 6, "node-to-node mesh", "up", "Established",
		     "", AT(16, 17, 26)),
	};

	EXPECT_STREQ(
"IPv4 BGP status\n"
"IP: 172.17.42.20    AS Number: 64511 (inherited)\n"
"+--------------+-------------------+-------+----------+-------------+\n"
"| Peer address |     Peer type     | State |  Since   |     Info    |\n"
"+--------------+-------------------+-------+----------+-------------+\n"
"| 172.17.42.21 | node-to-node mesh |   up  | 16:17:25 | Established |\n"
"| 10.20.30.40  |       global      | start | 16:28:38 |   Connect   |\n"
"|  192.10.0.0  |   node specific   | start | 16:28:57 |   Connect   |\n"
"+--------------+-------------------+-------+----------+-------------+\n"
"\n"
"IPv6 BGP status\n"
"IP: aa:bb::fe    AS Number: 64511 (inherited)\n"
"+--------------+-------------------+-------+----------+-------------+\n"
"| Peer address |     Peer type     | State |  Since   |     Info    |\n"
"+--------------+-------------------+-------+----------+-------------+\n"
"|  aa:bb::ff   | node-to-node mesh |   up  | 16:17:26 | Established |\n"
"+--------------+-------------------+-------+----------+-------------+\n"
"\n", print(_metadata, self, peers, 4));
}

/* Errors widen Info; a change 20 h ago or more shows its date. */
TEST_F(status, errors_and_dates)
{
	struct dpubgp_peer_status peers[] = {
		PEER("10.0.0.2", 4, "node-to-node mesh", "start", "Active",
		     "Socket: Connection refused", NOW - 20 * 3600),
		PEER("10.0.0.9", 4, "node specific", "start", "Idle",
		     "BGP Error: Bad peer AS", NOW - 20 * 3600 + 1),
	};

	self->st.as_inherited = false;
	self->st.as = 65001;
	self->st.ipv6.address[0] = '\0';
	EXPECT_STREQ(
"IPv4 BGP status\n"
"IP: 172.17.42.20    AS Number: 65001\n"
"+--------------+-------------------+-------+------------+-----------------------------------+\n"
"| Peer address |     Peer type     | State |   Since    |                Info               |\n"
"+--------------+-------------------+-------+------------+-----------------------------------+\n"
"|   10.0.0.2   | node-to-node mesh | start | 2026-11-20 | Active Socket: Connection refused |\n"
"|   10.0.0.9   |   node specific   | start |  20:30:01  |    Idle BGP Error: Bad peer AS    |\n"
"+--------------+-------------------+-------+------------+-----------------------------------+\n"
"\n"
"IPv6 BGP status\n"
"No IPv6 peers found.\n"
"\n", print(_metadata, self, peers, 2));
}

/*
 * Tenants are named by address and port: two ports' hosts of one
 * address are two rows; one held idle after its max_prefixes says so.
 */
TEST_F(status, tenants_by_port)
{
	struct dpubgp_peer_status peers[] = {
		PEER("10.0.0.2", 4, "tenant", "up", "Established", "",
		     AT(16, 17, 25)),
		PEER("10.0.0.2", 4, "tenant", "start", "Idle",
		     "BGP Error: Maximum prefixes reached", AT(16, 28, 38)),
	};

	snprintf(peers[0].interface, sizeof(peers[0].interface), "t0");
	snprintf(peers[1].interface, sizeof(peers[1].interface), "t1");
	self->st.ipv6.address[0] = '\0';
	self->st.dpu_as = 4268000000u;
	EXPECT_STREQ(
"IPv4 BGP status\n"
"IP: 172.17.42.20    AS Number: 64511 (inherited)\n"
"DPU AS Number: 4268000000 (tenant sessions)\n"
"+--------------+-----------+-------+----------+------------------------------------------+\n"
"| Peer address | Peer type | State |  Since   |                   Info                   |\n"
"+--------------+-----------+-------+----------+------------------------------------------+\n"
"| 10.0.0.2%t0  |   tenant  |   up  | 16:17:25 |               Established                |\n"
"| 10.0.0.2%t1  |   tenant  | start | 16:28:38 | Idle BGP Error: Maximum prefixes reached |\n"
"+--------------+-----------+-------+----------+------------------------------------------+\n"
"\n"
"IPv6 BGP status\n"
"DPU AS Number: 4268000000 (tenant sessions)\n"
"No IPv6 peers found.\n"
"\n", print(_metadata, self, peers, 2));
}

/* A tenant up, whose counters add up, with an earlier error. */
static void tenant_peer(struct dpubgp_peer_status *p)
{
	*p = (struct dpubgp_peer_status)PEER("10.0.0.2", 4, "tenant", "up",
					      "Established", "", AT(16, 20, 0));
	snprintf(p->interface, sizeof(p->interface), "t0");
	snprintf(p->vpc, sizeof(p->vpc), "blue");
	snprintf(p->remote_id, sizeof(p->remote_id), "10.0.0.2");
	snprintf(p->last_error, sizeof(p->last_error),
		 "BGP Error: Bad peer AS");
	p->last_error_at = AT(16, 19, 50);
	p->local_as = 4268000000u;
	p->peer_as = 65010;
	p->open_as = 65010;
	p->hold_time = 9;
	p->keepalive_time = 3;
	p->hold_time_configured = 9;
	p->restart_time = 120;
	p->caps_advertised = DPUBGP_CAP_IPV4_UNICAST | DPUBGP_CAP_IPV6_UNICAST |
			     DPUBGP_CAP_ROUTE_REFRESH | DPUBGP_CAP_AS4 |
			     DPUBGP_CAP_GRACEFUL_RESTART;
	p->caps_received = DPUBGP_CAP_IPV4_UNICAST | DPUBGP_CAP_ROUTE_REFRESH |
			   DPUBGP_CAP_AS4 | DPUBGP_CAP_GRACEFUL_RESTART;
	p->uptime_ms = 600500;
	p->established = 2;
	p->msgs_in = (struct dpubgp_msg_counts){ 2, 5, 0, 300, 0 };
	p->msgs_out = (struct dpubgp_msg_counts){ 2, 2, 1, 301, 1 };
	p->prefixes_in = 12;
	p->withdrawals_in = 1;
	p->prefixes_received = 12;
	p->prefixes_accepted = 6;
	p->prefixes_dropped = 6;
	p->prefixes_dropped_by = (struct dpubgp_drop_counts){
		.not_allowed = 3, .as_loop = 1, .untrusted = 2 };
	p->routes_in = 5;
}

/* dpubgpctl status PEER: FRR's show bgp neighbor, golden. */
TEST_F(status, peer_text_golden)
{
	struct dpubgp_peer_status peers[2];

	tenant_peer(&peers[0]);
	peers[1] = (struct dpubgp_peer_status)PEER("fd00:1::10", 6,
		"node specific", "start", "Active", "BGP Error: Bad peer AS",
		NOW - 30 * 3600);
	snprintf(peers[1].last_error, sizeof(peers[1].last_error),
		 "BGP Error: Bad peer AS");
	peers[1].last_error_at = AT(16, 29, 59);
	peers[1].local_as = 64511;
	peers[1].peer_as = 65099;
	peers[1].open_as = 65010;
	peers[1].hold_time_configured = 90;
	peers[1].caps_advertised = DPUBGP_CAP_IPV4_UNICAST |
				   DPUBGP_CAP_IPV6_UNICAST |
				   DPUBGP_CAP_ROUTE_REFRESH | DPUBGP_CAP_AS4;
	peers[1].msgs_in.open = 3;
	peers[1].msgs_out = (struct dpubgp_msg_counts){ 3, 0, 3, 0, 0 };
	self->st.peers = peers;
	self->st.n_peers = 2;
	EXPECT_EQ(0, ctl_print_peer_text(self->f, &self->st, &peers[0], NOW));
	fputc('\n', self->f);
	EXPECT_EQ(0, ctl_print_peer_text(self->f, &self->st, &peers[1], NOW));
	fflush(self->f);
	EXPECT_GOLDEN("status-peer.txt", self->out);
}

TEST_F(status, peer_json_golden)
{
	struct dpubgp_peer_status peer;

	tenant_peer(&peer);
	EXPECT_EQ(0, ctl_print_peer_json(self->f, &peer));
	fflush(self->f);
	EXPECT_GOLDEN("status-peer.json", self->out);
}

/* ADDRESS finds every port's tenant of that address; %PORT one. */
TEST_F(status, find_peer)
{
	struct dpubgp_peer_status peers[3];
	const struct dpubgp_peer_status *p;

	tenant_peer(&peers[0]);
	tenant_peer(&peers[1]);
	snprintf(peers[1].interface, sizeof(peers[1].interface), "t1");
	peers[2] = (struct dpubgp_peer_status)PEER("fd00::2", 6, "global",
		"up", "Established", "", NOW);
	self->st.peers = peers;
	self->st.n_peers = 3;
	EXPECT_EQ(2, ctl_status_find_peer(&self->st, "10.0.0.2", &p));
	EXPECT_EQ(&peers[0], p);
	EXPECT_EQ(1, ctl_status_find_peer(&self->st, "10.0.0.2%t1", &p));
	EXPECT_EQ(&peers[1], p);
	EXPECT_EQ(1, ctl_status_find_peer(&self->st, "FD00:0::2", &p));
	EXPECT_EQ(&peers[2], p);
	EXPECT_EQ(0, ctl_status_find_peer(&self->st, "10.0.0.3", &p));
	EXPECT_EQ(-1, ctl_status_find_peer(&self->st, "t0", &p));
}

TEST_F(status, json_round_trip)
{
	struct dpubgp_peer_status peers[] = {
		PEER("fd00::2", 6, "global", "up", "Established", "",
		     AT(1, 2, 3)),
	};
	struct dpubgp_status back;
	json_t *obj;

	peers[0].msgs_in.update = 7;
	peers[0].msgs_out.keepalive = 1ull << 40;
	peers[0].uptime_ms = 1234;
	self->st.peers = peers;
	self->st.n_peers = 1;
	obj = dpubgp_status_to_json(&self->st);
	ASSERT_NE(NULL, obj);
	ASSERT_EQ(0, dpubgp_status_from_json(obj, &back));
	json_decref(obj);
	ASSERT_EQ(1u, back.n_peers);
	EXPECT_STREQ("Node1", back.node);
	EXPECT_STREQ("aa:bb::fe", back.ipv6.address);
	EXPECT_TRUE(back.as_inherited);
	EXPECT_STREQ("fd00::2", back.peers[0].address);
	EXPECT_STREQ("global", back.peers[0].type);
	EXPECT_EQ(6, back.peers[0].family);
	EXPECT_EQ(AT(1, 2, 3), back.peers[0].since);
	EXPECT_EQ(7u, back.peers[0].msgs_in.update);
	EXPECT_EQ(1ull << 40, back.peers[0].msgs_out.keepalive);
	EXPECT_EQ(1234u, back.peers[0].uptime_ms);
	dpubgp_status_free(&back);
	/* Every member of a tenant's, back as it was. */
	tenant_peer(&peers[0]);
	obj = dpubgp_status_to_json(&self->st);
	ASSERT_EQ(0, dpubgp_status_from_json(obj, &back));
	json_decref(obj);
	EXPECT_EQ(0, memcmp(&peers[0], &back.peers[0], sizeof(peers[0])));
	dpubgp_status_free(&back);
}

/* The metadata listeners' counters, and their absence. */
TEST_F(status, json_metadata)
{
	struct dpubgp_meta_status meta[] = {
		{ .interface = "t0", .listening = true, .connections = 3,
		  .refused = 196, .cut = 1, .requests = 5,
		  .responses = { .s200 = 2, .s404 = 1, .s405 = 1,
				 .s431 = 1 } },
	};
	struct dpubgp_status back;
	json_t *obj, *responses;

	self->st.metadata = meta;
	self->st.n_metadata = 1;
	obj = dpubgp_status_to_json(&self->st);
	ASSERT_NE(NULL, obj);
	responses = json_object_get(json_array_get(json_object_get(obj,
						"metadata"), 0), "responses");
	EXPECT_EQ(2, json_integer_value(json_object_get(responses, "200")));
	EXPECT_EQ(1, json_integer_value(json_object_get(responses, "431")));
	ASSERT_EQ(0, dpubgp_status_from_json(obj, &back));
	json_decref(obj);
	ASSERT_EQ(1u, back.n_metadata);
	EXPECT_STREQ("t0", back.metadata[0].interface);
	EXPECT_TRUE(back.metadata[0].listening);
	EXPECT_EQ(196u, back.metadata[0].refused);
	EXPECT_EQ(1u, back.metadata[0].cut);
	EXPECT_EQ(1u, back.metadata[0].responses.s405);
	EXPECT_EQ(1u, back.metadata[0].responses.s431);
	dpubgp_status_free(&back);

	/* No ports: no "metadata" member, and none needed back. */
	self->st.n_metadata = 0;
	obj = dpubgp_status_to_json(&self->st);
	ASSERT_NE(NULL, obj);
	EXPECT_EQ(NULL, json_object_get(obj, "metadata"));
	ASSERT_EQ(0, dpubgp_status_from_json(obj, &back));
	EXPECT_EQ(0u, back.n_metadata);
	json_decref(obj);
	dpubgp_status_free(&back);
}

TEST_F(status, json_refused)
{
	struct dpubgp_status back;
	json_t *obj = json_pack("{s:s}", "node", "n1");

	ASSERT_NE(NULL, obj);
	EXPECT_EQ(-EINVAL, dpubgp_status_from_json(obj, &back));
	json_decref(obj);
}

TEST_HARNESS_MAIN
