/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The session layer of dpubgpd: BGP peers, their connections and the
 * RFC 4271 finite state machine, on one event loop (base/event.h).
 *
 *   peer.c      the context (struct bgpd) and its peers: configuration
 *               checked, added, found by address and device, removed
 *   listener.c  listening sockets, incoming connections to their peers
 *   conn.c      one TCP connection: connect with a source address,
 *               framing of the receive buffer, the send queue and its
 *               backpressure
 *   fsm.c       the FSM per peer: OPEN and its checks, capabilities, hold
 *               and keepalive timers, collision detection, NOTIFICATIONs,
 *               ROUTE-REFRESH
 *
 * internal.h is between these files; users of the layer read this one.
 *
 * A peer has at most two connections, the one it opened and the one it
 * accepted; both run the FSM from OpenSent on, until collision detection
 * (RFC 4271 6.8) closes one. The peer's state is its most advanced
 * connection's, or Active (waiting for a connection, retrying its own
 * every connect-retry seconds) when it has none, or Idle when stopped.
 *
 * Configuration comes in as a struct bgp_peer_conf; where it is read from
 * is not this layer's business. Routes leave through the hooks.
 */
#ifndef DPUBGP_SESSION_SESSION_H
#define DPUBGP_SESSION_SESSION_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "base/addr.h"
#include "base/event.h"
#include "codec/attr.h"
#include "codec/msg.h"
#include "codec/update.h"

#define BGP_PORT			179
#define BGP_HOLD_DEFAULT		90
#define BGP_CONNECT_RETRY_DEFAULT	120
/* The hold timer while waiting for an OPEN (RFC 4271 8: "4 minutes"). */
#define BGP_HOLD_OPEN			240

enum bgp_state {
	BGP_ST_IDLE,
	BGP_ST_CONNECT,
	BGP_ST_ACTIVE,
	BGP_ST_OPENSENT,
	BGP_ST_OPENCONFIRM,
	BGP_ST_ESTABLISHED,
};

const char *bgp_state_name(enum bgp_state state);

/* What a peer is to the node, for status output (Calico's words). */
enum bgp_peer_type {
	BGP_PEER_MESH,
	BGP_PEER_GLOBAL,
	BGP_PEER_NODE,
	BGP_PEER_TENANT,
};

const char *bgp_peer_type_name(enum bgp_peer_type type);

struct bgp_peer_conf {
	uint32_t local_as;
	uint32_t peer_as;		/* 0 with ebgp_only: any but ours */
	bool ebgp_only;			/* our AS in an OPEN: 2/2 */
	struct bgp_addr local_addr;	/* source of connections; 0: any */
	struct bgp_addr peer_addr;
	uint16_t peer_port;		/* where to connect; 0: BGP_PORT */
	uint32_t router_id;		/* host order, not 0 */
	uint16_t hold_time;		/* seconds: 0 (none) or >= 3 */
	bool hold_required;		/* the peer's hold time 0: 2/6 */
	/*
	 * Seconds the peer is held Idle, its connections refused, after
	 * bgp_peer_max_prefixes() closed it (RFC 4486's idle time); 0:
	 * started again at once.
	 */
	uint16_t idle_hold_time;
	uint16_t connect_retry;		/* seconds, > 0 */
	bool passive;			/* never connect, only accept */
	uint8_t families;		/* bit per enum bgp_aid, not 0 */
	/*
	 * Families the peer's OPEN must offer (an OPEN without multiprotocol
	 * capabilities offers IPv4 unicast, RFC 4760 8), else it is refused
	 * with Unsupported Capability (RFC 5492 5: 2/7, the missing ones as
	 * data). A subset of families; 0: none.
	 */
	uint8_t required;
	/*
	 * The Graceful Restart capability (RFC 4724) with this restart
	 * time, helper only (no family: we keep no forwarding state of our
	 * own for the peer to wait for); 0: not sent.
	 */
	uint16_t restart_time;
	enum bgp_peer_type type;
	/*
	 * The device the peer is reached through ("": any), SO_BINDTODEVICE
	 * on its listener and on the connections it opens: a peer is known
	 * by its address and its device, so that the same address behind
	 * two devices (two VRFs) is two peers, and a connection reaches a
	 * peer only through its device.
	 */
	char dev[IFNAMSIZ];
};

/* Hold 90 s, connect-retry 120 s, IPv4 unicast; the rest zero. */
void bgp_peer_conf_init(struct bgp_peer_conf *conf);
/* Why conf cannot run, or NULL. */
const char *bgp_peer_conf_check(const struct bgp_peer_conf *conf);

#define BGP_MSG_TYPES	(BGP_ROUTE_REFRESH + 1)

struct bgp_peer_stats {
	uint64_t msgs_in[BGP_MSG_TYPES];	/* by enum bgp_type */
	uint64_t msgs_out[BGP_MSG_TYPES];
	uint64_t prefixes_in;			/* announced in UPDATEs */
	uint64_t withdrawals_in;
	uint64_t established;			/* times it came up */
	uint64_t max_prefixes;			/* closed for its limit */
};

/* What the peer agreed to in OPEN, valid in Established. */
struct bgp_negotiated {
	uint32_t remote_id;			/* host order */
	uint32_t remote_as;			/* from the peer's OPEN */
	uint16_t hold_time;			/* 0: no hold timer */
	uint16_t keepalive;
	uint8_t families;			/* both sides' */
	bool route_refresh;			/* the peer offered it */
	/* What the peer's OPEN offered, for status output. */
	uint8_t remote_families;		/* bit per enum bgp_aid */
	uint16_t remote_hold;			/* its hold time */
	bool remote_as4;
	bool remote_gr;				/* its Graceful Restart capability */
	/*
	 * The peer's Graceful Restart capability when both sides sent one
	 * (present false otherwise), its families those negotiated.
	 */
	struct bgp_gr gr;
	struct bgp_session session;		/* as4, ebgp: for the codec */
};

/* Where last_error came from, for status output (BIRD's words). */
enum bgp_error_kind {
	BGP_ERRK_NONE,
	BGP_ERRK_SOCKET,		/* "Socket: " TCP connect, reset, close */
	BGP_ERRK_LOCAL,			/* "BGP Error: " we sent a NOTIFICATION */
	BGP_ERRK_RECEIVED,		/* "Received: " the peer sent one */
	BGP_ERRK_ADMIN,			/* stopped by us */
};

struct bgpd;
struct bgp_conn;

struct bgp_peer {
	struct bgp_peer_conf conf;
	struct bgpd *d;
	struct bgp_peer *next;
	void *user;				/* the RIB's */

	enum bgp_state state;
	bool started;
	uint64_t state_since;			/* ev_now() */
	time_t state_since_wall;		/* for "Since" in status */
	uint64_t established_since;		/* ev_now(); uptime */
	/*
	 * The last error, "" before any; kept when the session comes up
	 * again, as the reason of its last reset.
	 */
	char last_error[96];
	enum bgp_error_kind last_error_kind;
	time_t last_error_wall;			/* when last_error was set */
	/*
	 * last_error is logged once the peer's state is known: as the
	 * reason of "session down" when it ended the session, else alone;
	 * with error_detail after it (what the status line leaves out).
	 */
	bool error_pending;
	bool error_repeated;			/* the same as the one before */
	char error_detail[96];
	/*
	 * The AS of the peer's last OPEN (its four-octet one), even one
	 * refused with Bad Peer AS; 0 before any.
	 */
	uint32_t open_as;
	/*
	 * For the state hook as the peer leaves Established: whether its
	 * routes may outlive the session (RFC 4724 4.2). True when both
	 * sides sent the Graceful Restart capability and the session ended
	 * without a NOTIFICATION that meant it: the connection closed or
	 * reset, the hold timer expired (a dead peer hears no 4/0), or the
	 * peer restarted and sent an OPEN on a new connection. An error
	 * NOTIFICATION either way, or our own stop, is not graceful.
	 */
	bool graceful_down;
	struct bgp_peer_stats stats;
	struct bgp_negotiated neg;

	struct bgp_conn *conn[2];		/* BGP_CONN_OUT, BGP_CONN_IN */
	struct ev_timer connect_retry;
	struct ev_timer idle_hold;		/* armed: held Idle */
};

struct bgpd_hooks {
	/* Each UPDATE decoded in Established; u->action says what to do. */
	void (*update)(struct bgp_peer *p, const struct bgp_update *u,
		       void *arg);
	/* The peer's state changed. */
	void (*state)(struct bgp_peer *p, enum bgp_state old, void *arg);
	/* The send queue fell below its low mark after a refusal. */
	void (*writable)(struct bgp_peer *p, void *arg);
	/*
	 * A ROUTE-REFRESH for a family both sides negotiated: what the peer
	 * is sent of it is to be sent again (RFC 2918 4).
	 */
	void (*refresh)(struct bgp_peer *p, enum bgp_aid aid, void *arg);
	void *arg;
};

struct bgpd_listener;

struct bgpd {
	struct ev_loop loop;
	struct bgp_peer *peers;
	struct bgpd_listener *listeners;
	struct bgpd_hooks hooks;
	struct bgp_update *upd;			/* decoding space, reused */
};

int bgpd_init(struct bgpd *d, const struct bgpd_hooks *hooks);
/* Close everything at once, sending nothing: see bgpd_shutdown(). */
void bgpd_close(struct bgpd *d);

/*
 * Listen on addr:port (port 0: one the kernel picks) for the peers'
 * connections: the port bound, or -errno.
 */
int bgpd_listen(struct bgpd *d, const struct bgp_addr *addr, uint16_t port);
/*
 * The same, bound to device dev (NULL or "": none) for the peers whose
 * conf.dev it is: only their connections are taken from it. The address
 * may be one the device does not have yet (IP_FREEBIND).
 */
int bgpd_listen_dev(struct bgpd *d, const struct bgp_addr *addr,
		    uint16_t port, const char *dev);
/* Close the listener of addr:port on dev; false if there is none. */
bool bgpd_unlisten(struct bgpd *d, const struct bgp_addr *addr, uint16_t port,
		   const char *dev);
/* Whether there is a listener of addr:port on dev. */
bool bgpd_listening(struct bgpd *d, const struct bgp_addr *addr,
		    uint16_t port, const char *dev);

/* A copy of conf, checked (NULL, errno EINVAL, reason logged), stopped. */
struct bgp_peer *bgpd_peer_add(struct bgpd *d,
			       const struct bgp_peer_conf *conf);
/* The peer of addr behind dev (NULL or "": none); NULL if there is none. */
struct bgp_peer *bgpd_peer_find(struct bgpd *d, const struct bgp_addr *addr,
				const char *dev);

/*
 * Stop p (a Cease with subcode on its connections), take it off the list
 * and free it once the current events have run.
 */
void bgpd_peer_del(struct bgp_peer *p, uint8_t subcode, const char *reason);

/* Start the FSM: connect (unless passive) and accept connections. */
void bgp_peer_start(struct bgp_peer *p);
/*
 * Connect to the peer now, once, even when it is passive (it then goes
 * on waiting): dpubgpd after its own restart, toward a tenant whose
 * routes it still forwards, so that a tenant with a long connect-retry
 * (FRR's 120 s) is back in seconds. Nothing when p is stopped, held
 * Idle, has a connection of its own or is Established; RFC 4271 6.8
 * settles a collision with the peer's connection.
 */
void bgp_peer_connect_once(struct bgp_peer *p);
/*
 * Stop: a Cease NOTIFICATION with subcode on every connection that has
 * sent its OPEN, then Idle until started again.
 */
void bgp_peer_stop(struct bgp_peer *p, uint8_t subcode, const char *reason);
/*
 * p sent more prefixes than limit: Cease, Maximum Number of Prefixes
 * Reached (6/1, RFC 4486 4: AFI and SAFI of aid and limit as data) on
 * every connection that has sent its OPEN, then Idle, every connection
 * refused, for conf.idle_hold_time seconds, then started again.
 */
void bgp_peer_max_prefixes(struct bgp_peer *p, enum bgp_aid aid,
			   uint32_t limit);
/* Whether p is held Idle after bgp_peer_max_prefixes(). */
static inline bool bgp_peer_idle_held(const struct bgp_peer *p)
{
	return p->idle_hold.armed;
}
/* Every peer stopped with Cease, Administrative Shutdown (6/2). */
void bgpd_shutdown(struct bgpd *d);

/*
 * Send one whole message (UPDATE, ROUTE-REFRESH) in Established: 0;
 * -ENOTCONN when not Established; -EAGAIN when the send queue is over its
 * high mark (the writable hook says when to go on).
 */
int bgp_peer_send(struct bgp_peer *p, const uint8_t *msg, size_t len);

/*
 * Ask the peer for its routes again (RFC 2918): a ROUTE-REFRESH for each
 * negotiated family. 0; -ENOTCONN when not Established; -EOPNOTSUPP when
 * the peer did not offer route refresh.
 */
int bgp_peer_refresh(struct bgp_peer *p);

/* ms since the peer entered Established; 0 when it is not. */
uint64_t bgp_peer_uptime(const struct bgp_peer *p);
/*
 * Our address toward p: conf.local_addr when set, else the local end of
 * its Established connection; family 0 when there is neither.
 */
void bgp_peer_local_addr(const struct bgp_peer *p, struct bgp_addr *addr);

#define BGP_CEASE_MAX_PREFIXES		1
#define BGP_CEASE_ADMIN_SHUTDOWN	2
#define BGP_CEASE_DECONFIGURED		3
#define BGP_CEASE_ADMIN_RESET		4
#define BGP_CEASE_CONFIG_CHANGE		6
#define BGP_CEASE_COLLISION		7
#define BGP_CEASE_OUT_OF_RESOURCES	8
#define BGP_FSM_IN_OPENSENT		1
#define BGP_FSM_IN_OPENCONFIRM		2
#define BGP_FSM_IN_ESTABLISHED		3

#endif /* DPUBGP_SESSION_SESSION_H */
