/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpd's control socket: the protocol dpubgpctl speaks to the daemon.
 *
 * A Unix stream socket (default DPUBGP_CONTROL_SOCKET, mode 0600). The
 * client sends one request, a JSON object on one line ended by '\n'; the
 * daemon answers with one JSON object on one line and closes. Requests:
 *
 *   {"command": "status"}
 *   {"command": "rib"}
 *
 * Answers: {"status": {...}} (the members of struct dpubgp_status, see
 * dpubgp_status_to_json(); "metadata", the metadata service's listeners
 * with their counters, only when the node has tenant ports); {"rib": [{"prefix": "192.0.2.0/24",
 * "vpc": "blue", "paths": [{"from", "interface", "best", "origin",
 * "as_path", "next_hop", "med", "local_pref", "communities", "leak",
 * "stale"}, ...]}, ...]}, the routes of the main table, then of each
 * VPC's ("vpc" only there), with their paths, best first ("interface",
 * the tenant's port, only for a tenant's path: a tenant is known by its
 * address and port; "med", "local_pref" only when present;
 * "leak", "underlay" or "drop-overlay", only for a tenant route leaked
 * by its communities; "stale": true only for a path kept from a peer
 * that is restarting, RFC 4724; an AS_SET is a nested array); or {"error":
 * "<sentence>"} for a request the
 * daemon does not understand. A request over DPUBGP_CONTROL_MAX bytes, or
 * one that does not arrive within a second, is dropped without an answer.
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
	uint32_t local_as, peer_as;
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
	uint64_t prefixes_dropped;	/* by the import policy */
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
	char leak[16];			/* "underlay", "drop-overlay", or "" */
	bool stale;			/* kept from a restarting peer */
};

/* One route of the rib answer: a destination of a table, best path first. */
struct dpubgp_rib_route {
	char prefix[50];		/* DPUBGP_PREFIX_STRLEN */
	char vpc[64];			/* its VPC; "" in the main table */
	struct dpubgp_rib_path *paths;
	size_t n_paths;
};

/*
 * A route as a member of the rib answer's array; NULL when out of
 * memory. The JSON leaves out what is empty or unset (vpc, interface,
 * next_hop, med, local_pref, leak).
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
