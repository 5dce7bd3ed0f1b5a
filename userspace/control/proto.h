/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpd's control socket: the protocol dpubgpctl speaks to the daemon.
 *
 * A Unix stream socket (default DPUBGP_CONTROL_SOCKET, mode 0600: root's;
 * a server that finds another answering at its path does not start).
 * The client sends one request, a JSON object on one line ended by '\n';
 * the daemon answers with one JSON object on one line and closes.
 * Requests:
 *
 *   {"command": "status"}
 *   {"command": "rib"}, with any of "prefix": "192.0.2.0/24" (that
 *       route in each table; an address alone: the longest prefix that
 *       holds it), "vpc": "blue" (its table alone), "peer": "10.0.0.2"
 *       or "10.0.0.2%t0" (its paths alone), "dropped": true (the routes
 *       the peers announced and the RIB dropped, rib_peer_drops())
 *   {"command": "log-level"}, with "level": "debug" to set it
 *
 * Answers: {"status": {...}} (the members of struct dpubgp_status, see
 * dpubgp_status_to_json(); "metadata", the metadata service's listeners
 * with their counters, only when the node has tenant ports); {"rib":
 * [{"prefix": "192.0.2.0/24", "table": 100, "vpc": "blue", "paths":
 * [{"from", "interface", "best", "origin", "as_path", "next_hop", "med",
 * "local_pref", "communities", "ext_communities", "large_communities",
 * "leak", "stale", "dropped", "dropped_at"}, ...]}, ...]}, the routes of
 * the main table, then of each
 * VPC's ("vpc" only there), with their paths, best first ("interface",
 * the tenant's port, only for a tenant's path: a tenant is known by its
 * address and port; "med", "local_pref", "ext_communities",
 * "large_communities" only when present; "leak", "underlay" or
 * "drop-overlay", only for a tenant route leaked by its communities;
 * "stale": true only for a path kept from a peer that is restarting,
 * RFC 4724; "dropped", the reason, and "dropped_at" only in the answer
 * to "dropped"; an AS_SET is a nested array), in no order (dpubgpctl
 * sorts them); {"log_level": "info"}; or {"error": "<sentence>"} for a
 * request the daemon does not understand, a filter that names nothing
 * (no such peer or VPC), and a request over DPUBGP_CONTROL_MAX bytes
 * (then the connection closes). One that does not arrive within a
 * second is dropped without an answer.
 * The daemon writes an answer as the client takes it, without holding its
 * other work (a rib answer is produced as it goes out, so it need not be
 * a snapshot of one instant); a client that takes nothing of its answer
 * for 10 s is dropped.
 */
#ifndef DPUBGP_CONTROL_PROTO_H
#define DPUBGP_CONTROL_PROTO_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <time.h>

#include <jansson.h>

#define DPUBGP_CONTROL_SOCKET	"/run/dpubgp/dpubgpd.sock"
#define DPUBGP_CONTROL_MAX	4096

/* The message counters of a peer, by message type. */
struct dpubgp_msg_counts {
	uint64_t open, update, notification, keepalive, route_refresh;
};

/*
 * The prefixes a peer announced that the RIB dropped, by reason: outside
 * the import policy's allowed prefixes; with an AS of ours in the
 * AS_PATH; with attributes the import policy refuses (a tenant's next
 * hop, the first AS of its AS_PATH); beyond max_prefixes; of a family
 * the session did not negotiate; for want of memory.
 */
struct dpubgp_drop_counts {
	uint64_t not_allowed, as_loop, untrusted, max_prefixes, not_negotiated,
		 out_of_memory;
};

/* Capabilities of a session (RFC 5492), as bits. */
enum {
	DPUBGP_CAP_IPV4_UNICAST = 1 << 0,	/* multiprotocol, RFC 4760 */
	DPUBGP_CAP_IPV6_UNICAST = 1 << 1,
	DPUBGP_CAP_ROUTE_REFRESH = 1 << 2,	/* RFC 2918 */
	DPUBGP_CAP_AS4 = 1 << 3,		/* RFC 6793 */
	DPUBGP_CAP_GRACEFUL_RESTART = 1 << 4,	/* RFC 4724 */
	DPUBGP_CAPS = 5,
};
/* "ipv4-unicast", "ipv6-unicast", "route-refresh", "4-octet-as", ... */
extern const char *const dpubgp_cap_names[DPUBGP_CAPS];

/* One peer of the node, as dpubgpctl status shows it. */
struct dpubgp_peer_status {
	char address[46];		/* INET6_ADDRSTRLEN */
	int family;			/* 4 or 6 */
	char type[24];			/* "node-to-node mesh", "global", ... */
	char interface[16];		/* a tenant's port, or "" */
	char proto[8];			/* BIRD's: "up", "start", "down" */
	char fsm[16];			/* "Idle" .. "Established" */
	char error[128];		/* "Socket: Connection refused", or "" */
	time_t since;			/* wall clock of the last change */
	char vpc[64];			/* a tenant's VPC, or "" */
	/*
	 * The last error, as error, but kept once the session is up again
	 * (the reason of its last reset), and when it came (0: none).
	 */
	char last_error[128];
	time_t last_error_at;
	uint32_t local_as, peer_as;
	uint32_t open_as;		/* the AS of its last OPEN; 0: none */
	char remote_id[16];		/* its BGP identifier, "" before any */
	/* In Established, what the OPENs agreed on; 0 otherwise. */
	uint32_t hold_time, keepalive_time;
	uint32_t hold_time_configured;	/* ours, in our OPEN */
	uint32_t restart_time;		/* its graceful restart time, 0 */
	/* DPUBGP_CAP_* bits: in our OPEN, in its last (0 before any). */
	uint32_t caps_advertised, caps_received;
	uint64_t uptime_ms;		/* in Established; 0 otherwise */
	uint64_t established;		/* times it came up */
	/* Times closed with 6/1 for its max_prefixes (tenants). */
	uint64_t max_prefixes_reached;
	uint64_t prefixes_in, withdrawals_in;	/* NLRI in UPDATEs, all told */
	/*
	 * The RIB's side, counted since the daemon started: prefixes
	 * received (announced to us, before import policy), accepted into
	 * the RIB, and advertised to the peer; routes_in and routes_out
	 * are the peer's routes in the RIB (Adj-RIB-In after policy) and
	 * the prefixes we have announced to it (Adj-RIB-Out), now.
	 */
	uint64_t prefixes_received, prefixes_accepted, prefixes_advertised;
	/*
	 * prefixes_received is prefixes_accepted plus prefixes_dropped, the
	 * sum of prefixes_dropped_by.
	 */
	uint64_t prefixes_dropped;
	struct dpubgp_drop_counts prefixes_dropped_by;
	uint64_t routes_in, routes_out;
	struct dpubgp_msg_counts msgs_in, msgs_out;
	/*
	 * Graceful restart (RFC 4724): "restarting" while the session is
	 * down and its routes are kept stale, "eor-wait" while it is back
	 * and some still wait for its End-of-RIB; "" otherwise.
	 */
	char graceful_restart[12];
};

/* A metadata listener's answers, by HTTP status. */
struct dpubgp_http_counts {
	uint64_t s200, s400, s404, s405, s413, s414, s431, s500, other;
};

/* The metadata service on one port (design.md §4.4). */
struct dpubgp_meta_status {
	char interface[16];		/* the port */
	bool listening;
	uint64_t connections;		/* served */
	uint64_t refused;		/* closed at once: over the limits */
	uint64_t cut;			/* closed without a complete request */
	uint64_t requests;
	struct dpubgp_http_counts responses;	/* "200": ..., "other" */
};

/* One address family of the node: its address. */
struct dpubgp_family_status {
	char address[46];		/* "" when the node has none */
};

/* What dpubgpd status answers: the node and all of its peers. */
struct dpubgp_status {
	char node[64];
	char router_id[16];
	uint32_t as;
	bool as_inherited;		/* bgp.default_node_as, not the node's */
	uint32_t dpu_as;		/* tenant sessions' local AS; 0: none */
	struct dpubgp_family_status ipv4, ipv6;
	uint64_t routes_ipv4, routes_ipv6;	/* the RIB's main table */
	struct dpubgp_peer_status *peers;
	size_t n_peers;
	/* Per port; "metadata" is left out of the JSON when there is none. */
	struct dpubgp_meta_status *metadata;
	size_t n_metadata;
};

/* An optional number: set says whether it is there. */
struct dpubgp_opt_u32 {
	bool set;
	uint32_t value;
};

/* An AS_PATH segment: a sequence, or a set (a nested array in JSON). */
struct dpubgp_as_segment {
	bool set;
	uint32_t *as;
	size_t n;
};

/* An extended or a large community in text form. */
#define DPUBGP_COMMUNITY_STRLEN	40
typedef char dpubgp_community_str[DPUBGP_COMMUNITY_STRLEN];

/* One path of a route, as dpubgpctl rib shows it. */
struct dpubgp_rib_path {
	char from[46];			/* the peer's address, or "local" */
	char interface[16];		/* and its device (a tenant's port) */
	bool best;
	char origin[12];		/* "igp", "egp", "incomplete" */
	struct dpubgp_as_segment *as_path;
	size_t n_as_path;
	char next_hop[46];		/* "" when there is none */
	struct dpubgp_opt_u32 med, local_pref;
	uint32_t *communities;		/* standard ones, AS << 16 | value */
	size_t n_communities;
	/* "RT:65000:100", "SoO:192.0.2.1:7", "0x..." (RFC 4360) */
	dpubgp_community_str *ext_communities;
	size_t n_ext_communities;
	dpubgp_community_str *large_communities;	/* "65000:1:2" */
	size_t n_large_communities;
	char leak[16];			/* "underlay", "drop-overlay", or "" */
	bool stale;			/* kept from a restarting peer */
	/* Of a dropped route: the reason ("not_allowed", ...), and when. */
	char dropped[16];
	time_t dropped_at;
};

/* One route of the rib answer: a destination of a table, best path first. */
struct dpubgp_rib_route {
	char prefix[50];		/* DPUBGP_PREFIX_STRLEN */
	uint32_t table;			/* 0: the main table */
	char vpc[64];			/* its VPC; "" in the main table */
	struct dpubgp_rib_path *paths;
	size_t n_paths;
};

/*
 * A route as a member of the rib answer's array; NULL when out of
 * memory. The JSON leaves out what is empty or unset (vpc, interface,
 * next_hop, med, local_pref, ext_communities, large_communities, leak,
 * stale, dropped, dropped_at).
 */
json_t *dpubgp_rib_route_to_json(const struct dpubgp_rib_route *r);
/*
 * Fill r from such a JSON object: 0, or -EINVAL (a member missing or of
 * the wrong type), -ENOMEM. Free with dpubgp_rib_route_free().
 */
int dpubgp_rib_route_from_json(const json_t *obj, struct dpubgp_rib_route *r);
void dpubgp_rib_route_free(struct dpubgp_rib_route *r);
/* Room for n paths, zeroed: 0 or -ENOMEM. */
int dpubgp_rib_route_alloc(struct dpubgp_rib_route *r, size_t n);

/* The status as a JSON object; NULL when out of memory. */
json_t *dpubgp_status_to_json(const struct dpubgp_status *st);
/*
 * Fill st from a JSON object as dpubgp_status_to_json() makes it: 0, or
 * -EINVAL when a member is missing or of the wrong type, -ENOMEM. Free
 * with dpubgp_status_free().
 */
int dpubgp_status_from_json(const json_t *obj, struct dpubgp_status *st);
void dpubgp_status_free(struct dpubgp_status *st);

#endif /* DPUBGP_CONTROL_PROTO_H */
