// SPDX-License-Identifier: GPL-2.0
/*
 * The BGP finite state machine of RFC 4271 section 8, per connection from
 * OpenSent on, and per peer before (Idle, Connect, Active). Every error
 * sends the NOTIFICATION the RFC names before the connection closes; the
 * peer then waits in Active, accepting, and retries its own connection
 * when the connect-retry timer fires.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "base/log.h"
#include "codec/cursor.h"
#include "session/internal.h"

static const char *const state_names[] = {
	[BGP_ST_IDLE] = "Idle",
	[BGP_ST_CONNECT] = "Connect",
	[BGP_ST_ACTIVE] = "Active",
	[BGP_ST_OPENSENT] = "OpenSent",
	[BGP_ST_OPENCONFIRM] = "OpenConfirm",
	[BGP_ST_ESTABLISHED] = "Established",
};

const char *bgp_state_name(enum bgp_state state)
{
	return state_names[state];
}

static const char *const peer_type_names[] = {
	[BGP_PEER_MESH] = "node-to-node mesh",
	[BGP_PEER_GLOBAL] = "global",
	[BGP_PEER_NODE] = "node specific",
	[BGP_PEER_TENANT] = "tenant",
};

const char *bgp_peer_type_name(enum bgp_peer_type type)
{
	return peer_type_names[type];
}

/* The texts of last_error, as operators know them. */
static const char *const err_texts[][12] = {
	[BGP_ERR_HEADER] = { "Message header error", "Connection not synchronized",
			     "Bad message length", "Bad message type" },
	[BGP_ERR_OPEN] = { "OPEN message error", "Unsupported version number",
			   "Bad peer AS", "Bad BGP identifier",
			   "Unsupported optional parameter", NULL,
			   "Unacceptable hold time", "Unsupported capability" },
	[BGP_ERR_UPDATE] = { "UPDATE message error", "Malformed attribute list",
			     "Unrecognized well-known attribute",
			     "Missing mandatory attribute",
			     "Invalid attribute flags",
			     "Invalid attribute length",
			     "Invalid ORIGIN attribute", "AS routing loop",
			     "Invalid NEXT_HOP attribute",
			     "Optional attribute error",
			     "Invalid network field", "Malformed AS_PATH" },
	[BGP_ERR_HOLD] = { "Hold timer expired" },
	[BGP_ERR_FSM] = { "Finite state machine error" },
	[BGP_ERR_CEASE] = { "Cease", "Maximum prefixes reached",
			    "Administrative shutdown", "Peer de-configured",
			    "Administrative reset", "Connection rejected",
			    "Other configuration change",
			    "Connection collision resolution",
			    "Out of resources" },
};

static const char *err_text(uint8_t code, uint8_t subcode)
{
	const char *s = NULL;

	if (code && code <= BGP_ERR_CEASE) {
		if (subcode < 12)
			s = err_texts[code][subcode];
		if (!s)
			s = err_texts[code][0];
	}
	return s ? s : "Unknown error";
}

static const char *peer_name(const struct bgp_peer *p, char *buf, size_t size)
{
	return bgp_peer_format(&p->conf.peer_addr, p->conf.dev, buf, size);
}

/*
 * The most advanced connection's state from OpenSent on; else Connect
 * while a connect is in progress; else Active, or Idle when stopped.
 */
static enum bgp_state peer_state_now(const struct bgp_peer *p)
{
	enum bgp_state s = p->started ? BGP_ST_ACTIVE : BGP_ST_IDLE;
	bool connecting = false;
	int i;

	for (i = 0; i < 2; i++) {
		if (!p->conn[i])
			continue;
		if (p->conn[i]->state == BGP_ST_CONNECT)
			connecting = true;
		else if (p->conn[i]->state > s)
			s = p->conn[i]->state;
	}
	return s <= BGP_ST_ACTIVE && connecting ? BGP_ST_CONNECT : s;
}

static const char *families_text(uint8_t families)
{
	static const char *const texts[] = {
		"no family", "IPv4 unicast", "IPv6 unicast",
		"IPv4 and IPv6 unicast",
	};

	return texts[families & 3];
}

/*
 * The pending last_error: as the reason of "session down" when the
 * session just ended (down), else alone. An error of our own stop
 * (reload, shutdown) is news, not a warning; one repeated (a connect
 * refused every connect-retry seconds) is for debugging.
 */
static void log_error_pending(struct bgp_peer *p, bool down)
{
	char name[BGP_PEER_NAMELEN];
	enum log_level level = LOG_LVL_WARN;

	if (!p->error_pending && !down)
		return;
	peer_name(p, name, sizeof(name));
	if (p->last_error_kind == BGP_ERRK_ADMIN)
		level = LOG_LVL_INFO;
	if (!p->error_pending) {
		log_msg(LOG_LVL_INFO, "peer %s: session down", name);
		return;
	}
	p->error_pending = false;
	if (!down && p->error_repeated)
		level = LOG_LVL_DEBUG;
	log_msg(level, "peer %s: %s%s%s%s%s", name, down ? "session down: " : "",
		p->last_error, *p->error_detail ? " (" : "", p->error_detail,
		*p->error_detail ? ")" : "");
}

static void peer_update_state(struct bgp_peer *p)
{
	enum bgp_state old = p->state, now = peer_state_now(p);
	char name[BGP_PEER_NAMELEN];

	if (now == old) {
		log_error_pending(p, false);
		return;
	}
	p->state = now;
	p->state_since = ev_now();
	p->state_since_wall = time(NULL);
	peer_name(p, name, sizeof(name));
	log_debug("peer %s: %s -> %s", name, bgp_state_name(old),
		  bgp_state_name(now));
	if (now == BGP_ST_ESTABLISHED)
		log_info("peer %s: session up (AS %u, hold time %u s, %s)",
			 name, p->neg.remote_as, p->neg.hold_time,
			 families_text(p->neg.families));
	log_error_pending(p, old == BGP_ST_ESTABLISHED);
	if (p->d->hooks.state)
		p->d->hooks.state(p, old, p->d->hooks.arg);
}

/*
 * last_error is prefix and text; kind says where it came from; detail
 * (NULL: none) goes to the log only. Logged by peer_update_state().
 */
static void set_error_detail(struct bgp_peer *p, enum bgp_error_kind kind,
			     const char *prefix, const char *text,
			     const char *detail)
{
	char was[sizeof(p->last_error)];

	snprintf(was, sizeof(was), "%s", p->last_error);
	p->last_error_kind = *text ? kind : BGP_ERRK_NONE;
	snprintf(p->last_error, sizeof(p->last_error), "%s%s", prefix, text);
	snprintf(p->error_detail, sizeof(p->error_detail), "%s",
		 detail ? detail : "");
	p->error_repeated = !strcmp(was, p->last_error);
	p->last_error_wall = time(NULL);
	p->error_pending = *text;
}

static void set_error(struct bgp_peer *p, enum bgp_error_kind kind,
		      const char *prefix, const char *text)
{
	set_error_detail(p, kind, prefix, text, NULL);
}

/*
 * Close c, and start over when it was the peer's last connection. An
 * Established c that ends gracefully (graceful_down) keeps its routes
 * when the peer can restart gracefully.
 */
static void conn_close_as(struct bgp_conn *c, bool graceful)
{
	struct bgp_peer *p = c->peer;

	p->graceful_down = graceful && c->state == BGP_ST_ESTABLISHED &&
			   p->neg.gr.present;
	bgp_conn_close(c);
	if (p->started && !p->conn[BGP_CONN_OUT] && !p->conn[BGP_CONN_IN] &&
	    !p->connect_retry.armed)
		ev_timer_arm(&p->d->loop, &p->connect_retry,
			     p->conf.connect_retry * 1000ull);
	peer_update_state(p);
	p->graceful_down = false;
}

static void conn_down(struct bgp_conn *c)
{
	conn_close_as(c, false);
}

static void send_notification(struct bgp_conn *c, uint8_t code,
			      uint8_t subcode, const uint8_t *data,
			      size_t data_len)
{
	uint8_t msg[BGP_MAX_LEN];
	int len;

	len = bgp_notification_build(code, subcode, data, data_len, msg,
				     sizeof(msg));
	if (len < 0)	/* data too long: the codes alone still fit */
		len = bgp_notification_build(code, subcode, NULL, 0, msg,
					     sizeof(msg));
	bgp_conn_send(c, msg, (size_t)len);
}

/*
 * NOTIFICATION code/subcode, last_error its text (detail, NULL or more
 * for the log), and close.
 */
static void notify_as(struct bgp_conn *c, uint8_t code, uint8_t subcode,
		      const uint8_t *data, size_t data_len, bool graceful,
		      const char *detail)
{
	if (c->state >= BGP_ST_OPENSENT)
		send_notification(c, code, subcode, data, data_len);
	set_error_detail(c->peer, BGP_ERRK_LOCAL, "", err_text(code, subcode),
			 detail);
	conn_close_as(c, graceful);
}

static void notify(struct bgp_conn *c, uint8_t code, uint8_t subcode,
		   const uint8_t *data, size_t data_len)
{
	notify_as(c, code, subcode, data, data_len, false, NULL);
}

void bgp_fsm_error(struct bgp_conn *c, const struct bgp_err *err)
{
	const struct bgp_peer *p = c->peer;
	char detail[96];

	snprintf(detail, sizeof(detail), "%s",
		 err->reason ? err->reason : "");
	/* Which AS came, and which one was wanted. */
	if (err->code == BGP_ERR_OPEN && err->subcode == BGP_ERR_OPEN_PEER_AS) {
		if (p->conf.peer_as)
			snprintf(detail, sizeof(detail),
				 "AS %u in its OPEN, AS %u expected",
				 p->open_as, p->conf.peer_as);
		else
			snprintf(detail, sizeof(detail),
				 "AS %u in its OPEN, any AS but %u expected",
				 p->open_as, p->conf.local_as);
	}
	notify_as(c, err->code, err->subcode, err->data, err->data_len, false,
		  detail);
}

void bgp_fsm_tcp_failed(struct bgp_conn *c, const char *reason)
{
	struct bgp_peer *p = c->peer;
	enum bgp_state before = c->before;
	uint64_t since = c->before_since;
	time_t since_wall = c->before_since_wall;
	char name[BGP_PEER_NAMELEN];

	/*
	 * An incoming connection closed before a byte came in is no
	 * session's: a probe of the port (a tenant's "nc -vz GATEWAY
	 * 179"). It leaves no error, and the peer's state as it was.
	 */
	if (c->dir == BGP_CONN_IN && !c->heard &&
	    c->state == BGP_ST_OPENSENT) {
		log_debug("peer %s: connection closed before any message (a probe of the port?): %s",
			  peer_name(p, name, sizeof(name)), reason);
		conn_close_as(c, false);
		if (p->state == before) {
			p->state_since = since;
			p->state_since_wall = since_wall;
		}
		return;
	}
	set_error(p, BGP_ERRK_SOCKET, "", reason);
	conn_close_as(c, true);
}

static void send_simple(struct bgp_conn *c, int len, const uint8_t *msg)
{
	if (len > 0)
		bgp_conn_send(c, msg, (size_t)len);
}

static void send_keepalive(struct bgp_conn *c)
{
	uint8_t msg[BGP_HDR_LEN];

	send_simple(c, bgp_keepalive_build(msg, sizeof(msg)), msg);
}

static void send_open(struct bgp_conn *c)
{
	const struct bgp_peer_conf *conf = &c->peer->conf;
	struct bgp_open open = {
		.version = BGP_VERSION,
		.as = conf->local_as,
		.hold = conf->hold_time,
		.bgp_id = conf->router_id,
		.as4 = true,
		.route_refresh = true,
		.mp = conf->families,
		.gr = { .present = conf->restart_time != 0,
			.time = conf->restart_time },
	};
	uint8_t msg[BGP_MAX_LEN];

	send_simple(c, bgp_open_build(&open, msg, sizeof(msg)), msg);
}

static void hold_expired(struct ev_timer *t)
{
	struct bgp_conn *c = container_of(t, struct bgp_conn, hold);

	/* The peer is gone, or too busy to talk: it may be restarting. */
	notify_as(c, BGP_ERR_HOLD, 0, NULL, 0, true, NULL);
}

static void keepalive_due(struct ev_timer *t)
{
	struct bgp_conn *c = container_of(t, struct bgp_conn, keepalive);

	send_keepalive(c);
	ev_timer_arm(&c->peer->d->loop, t, c->neg.keepalive * 1000ull);
}

static void restart_hold(struct bgp_conn *c)
{
	if (c->neg.hold_time)
		ev_timer_arm(&c->peer->d->loop, &c->hold,
			     c->neg.hold_time * 1000ull);
}

void bgp_fsm_tcp_up(struct bgp_conn *c)
{
	struct bgp_peer *p = c->peer;

	c->hold.cb = hold_expired;
	c->keepalive.cb = keepalive_due;
	c->state = BGP_ST_OPENSENT;
	send_open(c);
	ev_timer_arm(&p->d->loop, &c->hold, BGP_HOLD_OPEN * 1000ull);
	peer_update_state(p);
}

/* What the peer's OPEN leaves for this session, RFC 4271 4.2 and 6.2. */
static void negotiate(struct bgp_conn *c, const struct bgp_open *open)
{
	const struct bgp_peer_conf *conf = &c->peer->conf;
	uint8_t mp = open->mp;

	/* No multiprotocol capability: IPv4 unicast only (RFC 4760 8). */
	if (!mp)
		mp = 1u << BGP_AID_IPV4;
	c->neg.remote_id = open->bgp_id;
	c->neg.remote_as = open->as;
	c->neg.hold_time = open->hold < conf->hold_time ? open->hold :
							  conf->hold_time;
	c->neg.keepalive = c->neg.hold_time / 3;
	c->neg.families = mp & conf->families;
	c->neg.route_refresh = open->route_refresh;
	c->neg.remote_families = mp;
	c->neg.remote_hold = open->hold;
	c->neg.remote_as4 = open->as4;
	c->neg.remote_gr = open->gr.present;
	memset(&c->neg.gr, 0, sizeof(c->neg.gr));
	if (conf->restart_time && open->gr.present) {
		c->neg.gr = open->gr;
		c->neg.gr.families &= c->neg.families;
		c->neg.gr.forwarding &= c->neg.families;
	}
	c->neg.session.as4 = open->as4;
	c->neg.session.ebgp = conf->local_as != open->as;
}

static int check_open(struct bgp_conn *c, const uint8_t *msg, size_t len,
		      struct bgp_open *open, struct bgp_err *err)
{
	const struct bgp_peer_conf *conf = &c->peer->conf;
	struct bgp_open_policy policy = { .peer_as = conf->peer_as,
					  .mp_required = conf->required,
					  .hold_required = conf->hold_required };
	int rc = bgp_open_parse(msg, len, open, err);

	/* Its AS is known when it is all that is wrong (AS 0). */
	if (!rc || (err->code == BGP_ERR_OPEN &&
		    err->subcode == BGP_ERR_OPEN_PEER_AS))
		c->peer->open_as = open->as;
	if (rc || bgp_open_check(open, &policy, err))
		return -1;
	if (conf->ebgp_only && open->as == conf->local_as)
		return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_PEER_AS,
				   NULL, 0, "OPEN: peer AS is ours");
	/* RFC 6286 2.2: an identifier equal to ours is for iBGP too. */
	if (open->bgp_id == conf->router_id)
		return bgp_err_set(err, BGP_ERR_OPEN, BGP_ERR_OPEN_BGPID,
				   msg + BGP_HDR_LEN + 5, 4,
				   "OPEN: BGP identifier is ours");
	return 0;
}

/*
 * A peer that restarted (killed, or its host rebooted) before its end of
 * the TCP connection could close it connects again while our session
 * still looks Established, and would be refused until our hold timer
 * (or a reset drawn by our next KEEPALIVE) ends the old session. As BIRD
 * and FRR do for a peer that restarts gracefully, a valid OPEN on a new
 * connection it opened means the old session is gone: it is closed and
 * the new one goes on. Not in the first moments of the old session,
 * where this is two connections opened at once (RFC 4271 6.8: the
 * Established one stays).
 */
#define BGP_RESTART_AFTER_MS	1000

static bool peer_restarted(const struct bgp_conn *c,
			   const struct bgp_conn *other)
{
	return other->state == BGP_ST_ESTABLISHED && c->dir == BGP_CONN_IN &&
	       ev_now() - c->peer->established_since >= BGP_RESTART_AFTER_MS;
}

/*
 * RFC 4271 6.8: c has the peer's OPEN; if the other connection is in
 * OpenConfirm, the one opened by the side with the lower identifier goes;
 * beside an Established one, c goes (unless the peer restarted, above).
 * Returns -1 when c was closed.
 */
static int resolve_collision(struct bgp_conn *c)
{
	struct bgp_conn *other = c->peer->conn[!c->dir], *loser;
	char name[BGP_PEER_NAMELEN];
	bool local_lower;

	if (!other || other->state < BGP_ST_OPENCONFIRM)
		return 0;
	local_lower = c->peer->conf.router_id < c->neg.remote_id;
	if (peer_restarted(c, other)) {
		log_info("peer %s: OPEN on a new connection while Established: the peer restarted, closing the old session",
			 peer_name(c->peer, name, sizeof(name)));
		send_notification(other, BGP_ERR_CEASE, BGP_CEASE_COLLISION,
				  NULL, 0);
		set_error(c->peer, BGP_ERRK_LOCAL, "",
			  err_text(BGP_ERR_CEASE, BGP_CEASE_COLLISION));
		/* RFC 4724 4.2: as if the old connection had closed. */
		conn_close_as(other, true);
		return 0;
	}
	if (other->state == BGP_ST_ESTABLISHED)
		loser = c;
	else
		loser = c->peer->conn[local_lower ? BGP_CONN_OUT : BGP_CONN_IN];
	send_notification(loser, BGP_ERR_CEASE, BGP_CEASE_COLLISION, NULL, 0);
	log_info("peer %s: collision, closing the %s connection",
		 peer_name(c->peer, name, sizeof(name)), loser->dir == BGP_CONN_OUT ? "outgoing" : "incoming");
	conn_down(loser);
	return loser == c ? -1 : 0;
}

static int recv_open(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_open open;
	struct bgp_err err;

	if (check_open(c, msg, len, &open, &err)) {
		bgp_fsm_error(c, &err);
		return -1;
	}
	negotiate(c, &open);
	if (resolve_collision(c))
		return -1;
	send_keepalive(c);
	c->state = BGP_ST_OPENCONFIRM;
	ev_timer_stop(&c->peer->d->loop, &c->hold);
	restart_hold(c);
	if (c->neg.keepalive)
		ev_timer_arm(&c->peer->d->loop, &c->keepalive,
			     c->neg.keepalive * 1000ull);
	peer_update_state(c->peer);
	return 0;
}

static void established(struct bgp_conn *c)
{
	struct bgp_peer *p = c->peer;

	c->state = BGP_ST_ESTABLISHED;
	p->neg = c->neg;
	p->established_since = ev_now();
	p->stats.established++;
	/* last_error stays, as the reason of the last reset. */
	p->error_pending = false;
	ev_timer_stop(&p->d->loop, &p->connect_retry);
	peer_update_state(p);
}

static int recv_notification(struct bgp_conn *c, const uint8_t *msg,
			     size_t len)
{
	struct bgp_notification n;
	struct bgp_err err;
	char text[64];

	if (bgp_notification_parse(msg, len, &n, &err)) {
		n.code = 0;
		n.subcode = 0;
	}
	snprintf(text, sizeof(text), "%s (%u/%u)",
		 err_text(n.code, n.subcode), n.code, n.subcode);
	set_error(c->peer, BGP_ERRK_RECEIVED, "NOTIFICATION received: ",
		  text);
	conn_down(c);
	return -1;
}

/* Treat-as-withdraw makes every prefix of the UPDATE a withdrawal. */
static void count_prefixes(struct bgp_peer *p, const struct bgp_update *u)
{
	bool withdraw_all = u->action == BGP_ACT_WITHDRAW;
	const struct bgp_nlri *runs[] = { &u->nlri, &u->mp_reach,
					  &u->withdrawn, &u->mp_unreach };
	struct dpubgp_prefix prefix;
	struct bgp_nlri n;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		n = *runs[i];
		if (!n.present)
			continue;
		while (bgp_nlri_next(&n, &prefix) > 0) {
			if (i < 2 && !withdraw_all)
				p->stats.prefixes_in++;
			else
				p->stats.withdrawals_in++;
		}
	}
}

static int recv_update(struct bgp_conn *c, const uint8_t *msg, size_t len)
{
	struct bgp_peer *p = c->peer;
	struct bgp_update *u = p->d->upd;
	char name[BGP_PEER_NAMELEN];

	if (bgp_update_parse(u, msg, len, &p->neg.session) == BGP_ACT_RESET) {
		bgp_fsm_error(c, &u->err);
		return -1;
	}
	/* RFC 7606 2: what is handled without a reset is still logged. */
	if (u->action == BGP_ACT_WITHDRAW || u->action == BGP_ACT_DISCARD)
		log_warn("peer %s: UPDATE: %s: %s",
			 peer_name(p, name, sizeof(name)),
			 u->action == BGP_ACT_WITHDRAW ? "treat-as-withdraw" :
			 "attribute discard", u->reason ? u->reason : "?");
	count_prefixes(p, u);
	if (p->d->hooks.update)
		p->d->hooks.update(p, u, p->d->hooks.arg);
	return 0;
}

static int recv_route_refresh(struct bgp_conn *c, const uint8_t *msg,
			      size_t len)
{
	struct bgp_peer *p = c->peer;
	enum bgp_aid aid;
	struct bgp_err err;
	int rc;

	rc = bgp_route_refresh_parse(msg, len, &aid, &err);
	if (rc < 0) {
		bgp_fsm_error(c, &err);
		return -1;
	}
	/* An unknown or unnegotiated family is ignored (RFC 2918 4). */
	if (!rc && (c->neg.families & (1u << aid)) && p->d->hooks.refresh)
		p->d->hooks.refresh(p, aid, p->d->hooks.arg);
	return 0;
}

/* A message the state does not expect: 5/subcode by state. */
static int unexpected(struct bgp_conn *c)
{
	uint8_t subcode = c->state == BGP_ST_OPENSENT ? BGP_FSM_IN_OPENSENT :
			  c->state == BGP_ST_OPENCONFIRM ?
			  BGP_FSM_IN_OPENCONFIRM : BGP_FSM_IN_ESTABLISHED;

	notify(c, BGP_ERR_FSM, subcode, NULL, 0);
	return -1;
}

static int recv_keepalive(struct bgp_conn *c)
{
	if (c->state == BGP_ST_OPENCONFIRM)
		established(c);
	return 0;
}

int bgp_fsm_msg(struct bgp_conn *c, const uint8_t *msg, size_t len,
		uint8_t type)
{
	c->peer->stats.msgs_in[type]++;
	if (type == BGP_NOTIFICATION)
		return recv_notification(c, msg, len);
	if (c->state == BGP_ST_OPENSENT)
		return type == BGP_OPEN ? recv_open(c, msg, len) :
					  unexpected(c);
	if (c->state >= BGP_ST_OPENCONFIRM)
		restart_hold(c);
	if (type == BGP_KEEPALIVE)
		return recv_keepalive(c);
	if (c->state != BGP_ST_ESTABLISHED)
		return unexpected(c);
	switch (type) {
	case BGP_UPDATE:
		return recv_update(c, msg, len);
	case BGP_ROUTE_REFRESH:
		return recv_route_refresh(c, msg, len);
	default:
		return unexpected(c);
	}
}

void bgp_fsm_writable(struct bgp_conn *c)
{
	struct bgp_peer *p = c->peer;

	if (!c->tx_blocked)
		return;
	c->tx_blocked = false;
	if (p->d->hooks.writable)
		p->d->hooks.writable(p, p->d->hooks.arg);
}

static struct bgp_conn *established_conn(struct bgp_peer *p)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (p->conn[i] && p->conn[i]->state == BGP_ST_ESTABLISHED)
			return p->conn[i];
	}
	return NULL;
}

int bgp_peer_send(struct bgp_peer *p, const uint8_t *msg, size_t len)
{
	struct bgp_conn *c = established_conn(p);

	if (!c)
		return -ENOTCONN;
	if (bgp_conn_queued(c) > BGP_TX_HIGH) {
		c->tx_blocked = true;
		return -EAGAIN;
	}
	return bgp_conn_send(c, msg, len);
}

int bgp_peer_refresh(struct bgp_peer *p)
{
	struct bgp_conn *c = established_conn(p);
	uint8_t msg[BGP_HDR_LEN + 4];
	enum bgp_aid aid;

	if (!c)
		return -ENOTCONN;
	if (!c->neg.route_refresh)
		return -EOPNOTSUPP;
	for (aid = 0; aid < BGP_AID_MAX; aid++)
		if (c->neg.families & (1u << aid))
			send_simple(c, bgp_route_refresh_build(aid, msg,
							       sizeof(msg)),
				    msg);
	return 0;
}

uint64_t bgp_peer_uptime(const struct bgp_peer *p)
{
	return p->state == BGP_ST_ESTABLISHED ?
	       ev_now() - p->established_since : 0;
}

/* Open our connection unless there is one or the session is up. */
static void connect_now(struct bgp_peer *p)
{
	char text[96];
	int err;

	if (p->conn[BGP_CONN_OUT] || established_conn(p))
		return;
	err = bgp_conn_connect(p);
	if (err) {
		snprintf(text, sizeof(text), "%s", strerror(-err));
		set_error(p, BGP_ERRK_SOCKET, "", text);
	}
}

static void connect_out(struct bgp_peer *p)
{
	if (!p->conf.passive)
		connect_now(p);
}

void bgp_peer_connect_once(struct bgp_peer *p)
{
	if (!p->started || bgp_peer_idle_held(p))
		return;
	connect_now(p);
	peer_update_state(p);
}

static void connect_retry_expired(struct ev_timer *t)
{
	struct bgp_peer *p = container_of(t, struct bgp_peer, connect_retry);
	struct bgp_conn *out = p->conn[BGP_CONN_OUT];

	/* RFC 4271 8.2.2: a connect that has not completed starts over. */
	if (out && out->state == BGP_ST_CONNECT)
		bgp_conn_close(out);
	ev_timer_arm(&p->d->loop, t, p->conf.connect_retry * 1000ull);
	connect_out(p);
	peer_update_state(p);
}

void bgp_peer_start(struct bgp_peer *p)
{
	if (p->started)
		return;
	ev_timer_stop(&p->d->loop, &p->idle_hold);
	p->started = true;
	p->connect_retry.cb = connect_retry_expired;
	ev_timer_arm(&p->d->loop, &p->connect_retry,
		     p->conf.connect_retry * 1000ull);
	connect_out(p);
	peer_update_state(p);
}

/* Not started; a Cease on every connection that has sent its OPEN. */
static void cease_all(struct bgp_peer *p, uint8_t subcode,
		      const uint8_t *data, size_t data_len)
{
	int i;

	p->started = false;
	ev_timer_stop(&p->d->loop, &p->connect_retry);
	for (i = 0; i < 2; i++) {
		if (p->conn[i]) {
			if (p->conn[i]->state >= BGP_ST_OPENSENT)
				send_notification(p->conn[i], BGP_ERR_CEASE,
						  subcode, data, data_len);
			bgp_conn_close(p->conn[i]);
		}
	}
}

void bgp_peer_stop(struct bgp_peer *p, uint8_t subcode, const char *reason)
{

	cease_all(p, subcode, NULL, 0);
	ev_timer_stop(&p->d->loop, &p->idle_hold);
	set_error(p, BGP_ERRK_ADMIN, "", reason);
	peer_update_state(p);
}

static void idle_hold_over(struct ev_timer *t)
{
	bgp_peer_start(container_of(t, struct bgp_peer, idle_hold));
}

void bgp_peer_max_prefixes(struct bgp_peer *p, enum bgp_aid aid,
			   uint32_t limit)
{
	uint8_t data[7];
	struct bgp_wbuf w = wbuf_init(data, sizeof(data));
	char name[BGP_PEER_NAMELEN];

	put_u16(&w, bgp_aid2afi(aid));
	put_u8(&w, BGP_SAFI_UNICAST);
	put_u32(&w, limit);
	log_warn("peer %s: more than %u prefixes, closed for %u s",
		 peer_name(p, name, sizeof(name)), limit,
		 p->conf.idle_hold_time);
	p->stats.max_prefixes++;
	cease_all(p, BGP_CEASE_MAX_PREFIXES, data, sizeof(data));
	set_error(p, BGP_ERRK_LOCAL, "",
		  err_text(BGP_ERR_CEASE, BGP_CEASE_MAX_PREFIXES));
	p->idle_hold.cb = idle_hold_over;
	ev_timer_arm(&p->d->loop, &p->idle_hold,
		     p->conf.idle_hold_time * 1000ull);
	peer_update_state(p);
}

void bgpd_shutdown(struct bgpd *d)
{
	struct bgp_peer *p;

	for (p = d->peers; p; p = p->next) {
		if (p->started)
			bgp_peer_stop(p, BGP_CEASE_ADMIN_SHUTDOWN,
				      "Administrative shutdown");
	}
}
