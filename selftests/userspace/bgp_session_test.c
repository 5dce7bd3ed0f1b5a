// SPDX-License-Identifier: GPL-2.0
/*
 * The session layer on loopback TCP, in one process: two daemon contexts
 * that reach Established with each other (both active, so their
 * connections collide, or one passive), and one context against a raw
 * socket that plays a broken or silent peer, whose NOTIFICATIONs are read
 * off the wire. IPv4 and IPv6 as variants.
 */
/* Expected values are written as plain literals against unsigned fields. */
#pragma GCC diagnostic ignored "-Wsign-compare"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "dpubgp_test.h"
#include "bgp_test.h"
#include "session/session.h"
#include "base/log.h"
#include "session/internal.h"

#define ID_A 0x0a000001
#define ID_B 0x0a000002
#define AS_A 65001
#define AS_B 65002

FIXTURE(session) {
	struct bgpd a, b;
	struct bgp_addr addr;
	int port_a, port_b;
};

FIXTURE_VARIANT(session) {
	const char *addr;
};

FIXTURE_VARIANT_ADD(session, ipv4) {
	.addr = "127.0.0.1",
};

FIXTURE_VARIANT_ADD(session, ipv6) {
	.addr = "::1",
};

FIXTURE_SETUP(session)
{
	log_set_level(getenv("BGP_TEST_DEBUG") ? LOG_LVL_DEBUG : LOG_LVL_ERROR);
	ASSERT_EQ(0, bgp_addr_parse(variant->addr, &self->addr));
	ASSERT_EQ(0, bgpd_init(&self->a, NULL));
	ASSERT_EQ(0, bgpd_init(&self->b, NULL));
	self->port_a = bgpd_listen(&self->a, &self->addr, 0);
	self->port_b = bgpd_listen(&self->b, &self->addr, 0);
	ASSERT_LT(0, self->port_a);
	ASSERT_LT(0, self->port_b);
}

FIXTURE_TEARDOWN(session)
{
	bgpd_close(&self->a);
	bgpd_close(&self->b);
	ASSERT_NO_LEAKS();
}

/* Both contexts share the loopback address: each has one peer on it. */
static struct bgp_peer *add_peer(struct bgpd *d, const struct bgp_addr *addr,
				 int peer_port, uint32_t as, uint32_t peer_as,
				 uint32_t id, uint16_t hold, bool passive)
{
	struct bgp_peer_conf c;

	bgp_peer_conf_init(&c);
	c.local_as = as;
	c.peer_as = peer_as;
	c.local_addr = *addr;
	c.peer_addr = *addr;
	c.peer_port = (uint16_t)peer_port;
	c.router_id = id;
	c.hold_time = hold;
	c.connect_retry = 1;
	c.passive = passive;
	c.families = 1u << BGP_AID_IPV4 | 1u << BGP_AID_IPV6;
	return bgpd_peer_add(d, &c);
}

/* Run both loops until both peers are in state, or ms pass. */
static bool run_until(struct bgpd *a, struct bgp_peer *pa, struct bgpd *b,
		      struct bgp_peer *pb, enum bgp_state state, uint64_t ms)
{
	uint64_t end = ev_now() + ms;

	while (ev_now() < end) {
		if (pa->state == state && (!pb || pb->state == state))
			return true;
		ev_run_once(&a->loop, 10);
		if (b)
			ev_run_once(&b->loop, 10);
	}
	return pa->state == state && (!pb || pb->state == state);
}

static void both_established(struct __test_metadata *_metadata,
			     FIXTURE_DATA(session) *self, bool passive_a)
{
	struct bgp_peer *pa, *pb;

	pa = add_peer(&self->a, &self->addr, self->port_b, AS_A, AS_B, ID_A,
		      9, passive_a);
	pb = add_peer(&self->b, &self->addr, self->port_a, AS_B, AS_A, ID_B,
		      6, false);
	ASSERT_NE(NULL, pa);
	ASSERT_NE(NULL, pb);
	bgp_peer_start(pa);
	bgp_peer_start(pb);
	ASSERT_TRUE(run_until(&self->a, pa, &self->b, pb,
			      BGP_ST_ESTABLISHED, 5000))
		TH_LOG("A %s (%s), B %s (%s)", bgp_state_name(pa->state),
		       pa->last_error, bgp_state_name(pb->state),
		       pb->last_error);
	/* Collision detection leaves one connection on each side. */
	ASSERT_TRUE(!pa->conn[0] != !pa->conn[1]);
	ASSERT_TRUE(!pb->conn[0] != !pb->conn[1]);
	ASSERT_EQ(6, pa->neg.hold_time);
	ASSERT_EQ(2, pa->neg.keepalive);
	ASSERT_EQ(3, pa->neg.families);
	ASSERT_EQ(ID_B, pa->neg.remote_id);
	ASSERT_TRUE(pa->neg.session.as4);
	ASSERT_TRUE(pa->neg.session.ebgp);
	ASSERT_TRUE(pa->neg.route_refresh);
	ASSERT_LE(1, pa->stats.msgs_in[BGP_OPEN]);
	ASSERT_LE(1, pa->stats.msgs_out[BGP_KEEPALIVE]);
	ASSERT_EQ(1, pa->stats.established);
}

TEST_F(session, established_both_active)
{
	both_established(_metadata, self, false);
}

TEST_F(session, established_one_passive)
{
	both_established(_metadata, self, true);
}

TEST_F(session, shutdown_sends_cease)
{
	struct bgp_peer *pb;

	both_established(_metadata, self, false);
	pb = self->b.peers;
	bgpd_shutdown(&self->a);
	ASSERT_EQ(BGP_ST_IDLE, self->a.peers->state);
	ASSERT_TRUE(run_until(&self->b, pb, NULL, NULL, BGP_ST_ACTIVE, 2000));
	ASSERT_STREQ("NOTIFICATION received: Administrative shutdown (6/2)",
		     pb->last_error);
}

TEST_F(session, connection_refused)
{
	struct bgp_peer *pa;
	int port = self->port_b;

	/* A port nobody listens on any more: B's. */
	bgpd_close(&self->b);
	ASSERT_EQ(0, bgpd_init(&self->b, NULL));
	pa = add_peer(&self->a, &self->addr, port, AS_A, AS_B, ID_A, 9, false);
	bgp_peer_start(pa);
	ASSERT_TRUE(run_until(&self->a, pa, NULL, NULL, BGP_ST_ACTIVE, 2000));
	ASSERT_STREQ("Connection refused", pa->last_error);
}

/* A raw peer: a blocking socket connected to A's listener. */
static int raw_connect(const struct bgp_addr *addr, int port)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int fd;

	fd = socket(addr->family, SOCK_STREAM, 0);
	if (addr->family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		sin->sin_addr = addr->v4;
		len = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		sin6->sin6_addr = addr->v6;
		len = sizeof(*sin6);
	}
	if (fd >= 0 && connect(fd, (struct sockaddr *)&ss, len)) {
		close(fd);
		return -1;
	}
	return fd;
}

static size_t open_msg(uint8_t *buf, uint8_t version, uint32_t as,
		       uint16_t hold, uint32_t id)
{
	struct bgp_open open = {
		.version = version, .as = as, .hold = hold, .bgp_id = id,
		.as4 = true, .mp = 1,
	};

	return (size_t)bgp_open_build(&open, buf, BGP_MAX_LEN);
}

/*
 * Run A's loop until the raw peer received a NOTIFICATION or ms pass; the
 * NOTIFICATION's code << 8 | subcode, -1 on EOF without one, -2 on timeout.
 */
static uint8_t raw_data[BGP_MAX_LEN];	/* the last one's data */
static size_t raw_data_len;

static int raw_wait_notification(struct bgpd *a, int fd, uint64_t ms)
{
	static uint8_t buf[BGP_RX_SIZE];
	uint64_t end = ev_now() + ms;
	size_t len = 0, off = 0;
	ssize_t n;

	while (ev_now() < end) {
		ev_run_once(&a->loop, 10);
		n = recv(fd, buf + len, sizeof(buf) - len, MSG_DONTWAIT);
		if (n == 0)
			return -1;
		if (n > 0)
			len += (size_t)n;
		while (len - off >= BGP_HDR_LEN) {
			uint16_t mlen = (uint16_t)(buf[off + 16] << 8 |
						   buf[off + 17]);

			if (len - off < mlen)
				break;
			if (buf[off + 18] == BGP_NOTIFICATION) {
				raw_data_len = mlen - 21u;
				memcpy(raw_data, buf + off + 21, raw_data_len);
				return buf[off + 19] << 8 | buf[off + 20];
			}
			off += mlen;
		}
	}
	return -2;
}

static struct bgp_peer *passive_a(FIXTURE_DATA(session) *self, uint16_t hold)
{
	struct bgp_peer *pa;

	pa = add_peer(&self->a, &self->addr, 1, AS_A, AS_B, ID_A, hold, true);
	if (pa)
		bgp_peer_start(pa);
	return pa;
}

TEST_F(session, hold_timer_expires)
{
	uint8_t msg[2 * BGP_MAX_LEN];
	struct bgp_peer *pa = passive_a(self, 3);
	size_t len;
	int fd;

	ASSERT_NE(NULL, pa);
	fd = raw_connect(&self->addr, self->port_a);
	ASSERT_LE(0, fd);
	/* OPEN and KEEPALIVE in one write: two messages in one read. */
	len = open_msg(msg, 4, AS_B, 3, ID_B);
	len += (size_t)bgp_keepalive_build(msg + len, BGP_HDR_LEN);
	ASSERT_EQ((ssize_t)len, write(fd, msg, len));
	ASSERT_TRUE(run_until(&self->a, pa, NULL, NULL, BGP_ST_ESTABLISHED,
			      2000)) TH_LOG("%s", pa->last_error);
	/* Silent from now on: hold 3 s, so the NOTIFICATION comes in 3 s. */
	ASSERT_EQ(BGP_ERR_HOLD << 8, raw_wait_notification(&self->a, fd, 5000));
	ASSERT_STREQ("Hold timer expired", pa->last_error);
	ASSERT_EQ(BGP_ST_ACTIVE, pa->state);
	close(fd);
}

TEST_F(session, partial_reads)
{
	uint8_t msg[2 * BGP_MAX_LEN];
	struct bgp_peer *pa = passive_a(self, 90);
	size_t len, i;
	int fd;

	ASSERT_NE(NULL, pa);
	fd = raw_connect(&self->addr, self->port_a);
	ASSERT_LE(0, fd);
	len = open_msg(msg, 4, AS_B, 90, ID_B);
	len += (size_t)bgp_keepalive_build(msg + len, BGP_HDR_LEN);
	/* One byte per read of A. */
	for (i = 0; i < len; i++) {
		ASSERT_EQ(1, write(fd, msg + i, 1));
		ev_run_once(&self->a.loop, 5);
	}
	ASSERT_TRUE(run_until(&self->a, pa, NULL, NULL, BGP_ST_ESTABLISHED,
			      2000)) TH_LOG("%s", pa->last_error);
	ASSERT_EQ(1, pa->stats.msgs_in[BGP_KEEPALIVE]);
	close(fd);
}

static void count_update(struct bgp_peer *p, const struct bgp_update *u,
			 void *arg)
{
	(*(int *)arg)++;
}

/* A raw peer in Established with A; its socket, or -1. */
static int raw_established(struct __test_metadata *_metadata,
			   FIXTURE_DATA(session) *self, struct bgp_peer *pa)
{
	uint8_t msg[2 * BGP_MAX_LEN];
	size_t len;
	int fd;

	fd = raw_connect(&self->addr, self->port_a);
	if (fd < 0)
		return -1;
	len = open_msg(msg, 4, AS_B, 90, ID_B);
	len += (size_t)bgp_keepalive_build(msg + len, BGP_HDR_LEN);
	if (write(fd, msg, len) != (ssize_t)len ||
	    !run_until(&self->a, pa, NULL, NULL, BGP_ST_ESTABLISHED, 2000)) {
		close(fd);
		return -1;
	}
	return fd;
}

static void stop_on_update(struct bgp_peer *p, const struct bgp_update *u,
			   void *arg)
{
	(*(int *)arg)++;
	bgp_peer_stop(p, BGP_CEASE_ADMIN_RESET, "stopped by the hook");
}

#define UPDATE_10_1 "M 002e 02 0000 0014 40010100 4002060201 0000fde9" \
		    " 4003040a000001 100a01"

/*
 * UPDATEs from a raw peer in Established reach the update hook: two of
 * 10.1.0.0/16, then one whose withdrawn overruns (3/1); a hook that stops
 * the peer ends the batch of messages it came in.
 */
static const struct {
	const char *name;
	void (*hook)(struct bgp_peer *p, const struct bgp_update *u,
		     void *arg);
	const char *msgs;
	int notification, updates;
	uint64_t msgs_in, prefixes_in;
	enum bgp_state state;		/* after */
	const char *error;
} hook_cases[] = {
	{ "counted", count_update, UPDATE_10_1 UPDATE_10_1 "M 0017 02 0005 0000",
	  BGP_ERR_UPDATE << 8 | BGP_ERR_UPD_ATTRLIST, 2, 3, 2, BGP_ST_ACTIVE,
	  "Malformed attribute list" },
	{ "stopped", stop_on_update, UPDATE_10_1 UPDATE_10_1,
	  BGP_ERR_CEASE << 8 | BGP_CEASE_ADMIN_RESET, 1, 1, 1, BGP_ST_IDLE,
	  "stopped by the hook" },
};

TEST_F(session, updates_reach_the_hook)
{
	uint8_t msg[3 * BGP_MAX_LEN];
	struct bgp_peer *pa;
	int fd, updates;
	size_t len, i;

	for (i = 0; i < sizeof(hook_cases) / sizeof(hook_cases[0]); i++) {
		pa = passive_a(self, 90);
		ASSERT_NE(NULL, pa);
		updates = 0;
		self->a.hooks.update = hook_cases[i].hook;
		self->a.hooks.arg = &updates;
		fd = raw_established(_metadata, self, pa);
		ASSERT_LE(0, fd);
		len = unhex(hook_cases[i].msgs, msg);
		ASSERT_EQ((ssize_t)len, write(fd, msg, len));
		ASSERT_EQ(hook_cases[i].notification,
			  raw_wait_notification(&self->a, fd, 2000))
			TH_LOG("%s", hook_cases[i].name);
		ASSERT_EQ(hook_cases[i].updates, updates);
		ASSERT_EQ(hook_cases[i].msgs_in, pa->stats.msgs_in[BGP_UPDATE]);
		ASSERT_EQ(hook_cases[i].prefixes_in, pa->stats.prefixes_in);
		ASSERT_EQ(hook_cases[i].state, pa->state);
		ASSERT_STREQ(hook_cases[i].error, pa->last_error);
		close(fd);
		bgpd_peer_del(pa, BGP_CEASE_DECONFIGURED, "next case");
		ev_run_once(&self->a.loop, 0);
	}
}

/*
 * OPENs from a raw peer to A: refused with the NOTIFICATION RFC 4271 6.2
 * names, or RFC 5492 5's Unsupported Capability with the capabilities A
 * requires and the OPEN lacks (one without any multiprotocol capability
 * offers IPv4 unicast, RFC 4760 8); or accepted.
 */
static const struct open_case {
	uint8_t version;
	uint32_t as;
	uint16_t hold;
	uint32_t id;
	uint8_t mp;			/* offered */
	uint8_t required;		/* by A */
	int notification;		/* 0: accepted */
	const char *data;		/* hex; NULL: not checked */
	const char *error;
} open_cases[] = {
	{ 3, AS_B, 90, ID_B, 1, 0, BGP_ERR_OPEN << 8 | BGP_ERR_OPEN_VERSION,
	  "0004", "Unsupported version number" },
	{ 4, 65009, 90, ID_B, 1, 0, BGP_ERR_OPEN << 8 | BGP_ERR_OPEN_PEER_AS,
	  NULL, "Bad peer AS" },
	{ 4, AS_B, 2, ID_B, 1, 0, BGP_ERR_OPEN << 8 | BGP_ERR_OPEN_HOLD,
	  NULL, "Unacceptable hold time" },
	{ 4, AS_B, 1, ID_B, 1, 0, BGP_ERR_OPEN << 8 | BGP_ERR_OPEN_HOLD,
	  NULL, "Unacceptable hold time" },
	{ 4, AS_B, 90, 0, 1, 0, BGP_ERR_OPEN << 8 | BGP_ERR_OPEN_BGPID,
	  NULL, "Bad BGP identifier" },
	{ 4, AS_B, 90, ID_A, 1, 0, BGP_ERR_OPEN << 8 | BGP_ERR_OPEN_BGPID,
	  NULL, "Bad BGP identifier" },
	{ 4, AS_B, 90, ID_B, 1, 2, BGP_ERR_OPEN << 8 | BGP_ERR_OPEN_CAPA,
	  "010400020001", "Unsupported capability" },
	{ 4, AS_B, 90, ID_B, 0, 2, BGP_ERR_OPEN << 8 | BGP_ERR_OPEN_CAPA,
	  "010400020001", "Unsupported capability" },
	{ 4, AS_B, 90, ID_B, 2, 1, BGP_ERR_OPEN << 8 | BGP_ERR_OPEN_CAPA,
	  "010400010001", "Unsupported capability" },
	{ 4, AS_B, 90, ID_B, 0, 3, BGP_ERR_OPEN << 8 | BGP_ERR_OPEN_CAPA,
	  "010400020001", "Unsupported capability" },
	{ 4, AS_B, 90, ID_B, 3, 3, 0, NULL, NULL },
	{ 4, AS_B, 90, ID_B, 0, 1, 0, NULL, NULL },
	{ 4, AS_B, 90, ID_B, 2, 0, 0, NULL, NULL },
};

TEST_F(session, open_cases)
{
	struct bgp_peer *pa = passive_a(self, 90);
	uint8_t msg[BGP_MAX_LEN], data[16];
	const struct open_case *c;
	struct bgp_open open;
	size_t len, n, i;
	int fd;

	ASSERT_NE(NULL, pa);
	for (i = 0; i < sizeof(open_cases) / sizeof(open_cases[0]); i++) {
		c = &open_cases[i];
		open = (struct bgp_open){ .version = c->version, .as = c->as,
					  .hold = c->hold, .bgp_id = c->id,
					  .as4 = true, .mp = c->mp };
		pa->conf.required = c->required;
		fd = raw_connect(&self->addr, self->port_a);
		ASSERT_LE(0, fd);
		len = (size_t)bgp_open_build(&open, msg, sizeof(msg));
		ASSERT_EQ((ssize_t)len, write(fd, msg, len));
		if (!c->notification) {
			ASSERT_TRUE(run_until(&self->a, pa, NULL, NULL,
					      BGP_ST_OPENCONFIRM, 2000))
				TH_LOG("case %zu: %s", i, pa->last_error);
			close(fd);
			ASSERT_TRUE(run_until(&self->a, pa, NULL, NULL,
					      BGP_ST_ACTIVE, 2000));
			continue;
		}
		ASSERT_EQ(c->notification,
			  raw_wait_notification(&self->a, fd, 2000))
			TH_LOG("case %zu", i);
		if (c->data) {
			n = unhex(c->data, data);
			ASSERT_EQ(n, raw_data_len) TH_LOG("case %zu", i);
			ASSERT_EQ(0, memcmp(data, raw_data, n))
				TH_LOG("case %zu", i);
		}
		ASSERT_STREQ(c->error, pa->last_error);
		close(fd);
	}
}

/*
 * B "restarts" without its end closing: a raw connection from B's address
 * sends B's OPEN to A. In the first second of A's session that is a
 * collision (RFC 4271 6.8: the Established connection stays, the new one
 * gets 6/7); later it means B restarted: A closes the old session (B gets
 * 6/7 on it) and the new connection becomes the session, whether the old
 * one was A's incoming connection or its outgoing one.
 */
static void restarted_peer_taken(struct __test_metadata *_metadata,
				 FIXTURE_DATA(session) *self, bool passive_a)
{
	struct bgp_open open = { .version = 4, .as = AS_B, .hold = 90,
				 .bgp_id = ID_B, .as4 = true, .mp = 3 };
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_peer *pa, *pb;
	uint64_t end;
	size_t len;
	int fd;

	both_established(_metadata, self, passive_a);
	pa = self->a.peers;
	pb = self->b.peers;
	len = (size_t)bgp_open_build(&open, msg, sizeof(msg));
	fd = raw_connect(&self->addr, self->port_a);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)len, write(fd, msg, len));
	ASSERT_EQ(BGP_ERR_CEASE << 8 | BGP_CEASE_COLLISION,
		  raw_wait_notification(&self->a, fd, 2000));
	close(fd);
	ASSERT_EQ(BGP_ST_ESTABLISHED, pa->state);

	end = ev_now() + 1100;
	while (ev_now() < end) {
		ev_run_once(&self->a.loop, 10);
		ev_run_once(&self->b.loop, 10);
	}
	fd = raw_connect(&self->addr, self->port_a);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)len, write(fd, msg, len));
	ASSERT_TRUE(run_until(&self->a, pa, NULL, NULL, BGP_ST_OPENCONFIRM,
			      2000)) TH_LOG("A %s", bgp_state_name(pa->state));
	ASSERT_STREQ("Connection collision resolution", pa->last_error);
	len = (size_t)bgp_keepalive_build(msg, sizeof(msg));
	ASSERT_EQ((ssize_t)len, write(fd, msg, len));
	ASSERT_TRUE(run_until(&self->a, pa, NULL, NULL, BGP_ST_ESTABLISHED,
			      2000));
	ASSERT_EQ(2, pa->stats.established);
	ASSERT_TRUE(!pa->conn[0] != !pa->conn[1]);
	/* B's session is the one that went, with Cease 6/7. */
	end = ev_now() + 2000;
	while (ev_now() < end && pb->state == BGP_ST_ESTABLISHED)
		ev_run_once(&self->b.loop, 10);
	ASSERT_STREQ("NOTIFICATION received: Connection collision resolution (6/7)",
		     pb->last_error);
	close(fd);
}

TEST_F(session, restarted_peer_taken_outgoing)
{
	restarted_peer_taken(_metadata, self, false);
}

TEST_F(session, restarted_peer_taken_incoming)
{
	restarted_peer_taken(_metadata, self, true);
}

TEST_F(session, unexpected_message_is_fsm_error)
{
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_peer *pa = passive_a(self, 90);
	int fd;

	ASSERT_NE(NULL, pa);
	fd = raw_connect(&self->addr, self->port_a);
	ASSERT_LE(0, fd);
	/* A KEEPALIVE in OpenSent, where only an OPEN may come. */
	ASSERT_EQ(BGP_HDR_LEN, write(fd, msg, (size_t)bgp_keepalive_build(msg,
							sizeof(msg))));
	ASSERT_EQ(BGP_ERR_FSM << 8 | BGP_FSM_IN_OPENSENT,
		  raw_wait_notification(&self->a, fd, 2000));
	close(fd);
}

TEST_F(session, bad_marker_is_header_error)
{
	uint8_t msg[BGP_MAX_LEN];
	struct bgp_peer *pa = passive_a(self, 90);
	size_t len;
	int fd;

	ASSERT_NE(NULL, pa);
	fd = raw_connect(&self->addr, self->port_a);
	ASSERT_LE(0, fd);
	len = open_msg(msg, 4, AS_B, 90, ID_B);
	msg[3] = 0;
	ASSERT_EQ((ssize_t)len, write(fd, msg, len));
	ASSERT_EQ(BGP_ERR_HEADER << 8 | BGP_ERR_HDR_SYNC,
		  raw_wait_notification(&self->a, fd, 2000));
	close(fd);
}

TEST_F(session, unknown_peer_refused)
{
	struct bgp_addr other = self->addr;
	struct bgp_peer_conf c;
	int fd;

	/* A's only peer has another address than the one we come from. */
	bgp_peer_conf_init(&c);
	c.local_as = AS_A;
	c.peer_as = AS_B;
	c.router_id = ID_A;
	if (other.family == AF_INET)
		other.v4.s_addr = htonl(0x7f000002);
	else
		other.v6.s6_addr[0] = 0xfd;
	c.peer_addr = other;
	bgp_peer_start(bgpd_peer_add(&self->a, &c));
	fd = raw_connect(&self->addr, self->port_a);
	ASSERT_LE(0, fd);
	ASSERT_EQ(-1, raw_wait_notification(&self->a, fd, 2000));
	close(fd);
}

TEST(conf_check)
{
	struct bgp_peer_conf c;

	bgp_peer_conf_init(&c);
	ASSERT_EQ(90, c.hold_time);
	c.local_as = 1;
	c.peer_as = 2;
	c.router_id = 1;
	ASSERT_EQ(0, bgp_addr_parse("192.0.2.1", &c.peer_addr));
	ASSERT_EQ(NULL, bgp_peer_conf_check(&c));
	c.hold_time = 2;
	ASSERT_NE(NULL, bgp_peer_conf_check(&c));
	c.hold_time = 0;
	ASSERT_EQ(NULL, bgp_peer_conf_check(&c));
	c.required = 1u << BGP_AID_IPV6;	/* not offered */
	ASSERT_NE(NULL, bgp_peer_conf_check(&c));
	c.families |= c.required;
	ASSERT_EQ(NULL, bgp_peer_conf_check(&c));
	ASSERT_EQ(0, bgp_addr_parse("2001:db8::1", &c.local_addr));
	ASSERT_NE(NULL, bgp_peer_conf_check(&c));
}

TEST_HARNESS_MAIN
