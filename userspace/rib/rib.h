/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RIB of dpubgpd: per table (the main one, one per VPC VRF) and per
 * address family a prefix table (ptable.h) whose destinations hold a
 * list of paths, one per peer that announced the prefix, best first.
 *
 *   rib.c      tables, peers, the Adj-RIB-In (post-policy) and Loc-RIB
 *   decide.c   best-path selection (RFC 4271 9.1.2.2)
 *   export.c   export rules, the Adj-RIB-Out, batched and packed UPDATEs
 *   glue.c     wiring to the session layer's hooks (glue.h)
 *
 * The paths of a destination are the Adj-RIB-In of every peer, after
 * the import policy; the head of the list is the Loc-RIB's route. A
 * change of the head puts the destination on its table's change queue;
 * rib_flush() hands the queue to every exporting peer, whose Adj-RIB-Out
 * is one bit per destination ("announced") plus a queue of destinations
 * to look at again. What a peer is sent is computed from the best path
 * when it is sent, so a burst of changes to one prefix costs one UPDATE.
 * A peer whose send queue is full keeps at most one batch of built
 * messages and resumes on the session layer's writable hook.
 *
 * A peer's routes go to its table; those its import policy flags as
 * leaked (DPUBGP_LEAK_MASK, base/leak.h) go to its leak table as well,
 * with the same path: that is how a tenant's routes in its VPC's table reach the
 * fabric peers of the main table (design.md §4.3).
 */
#ifndef DPUBGP_RIB_RIB_H
#define DPUBGP_RIB_RIB_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "base/leak.h"
#include "codec/attrset.h"
#include "codec/update.h"
#include "rib/ptable.h"
#include "session/session.h"

#define RIB_LOCAL_PREF_DEFAULT	100
#define RIB_MAX_PEERS		UINT16_MAX
/* The peer index of locally originated routes. */
#define RIB_PEER_LOCAL		0

struct rib;
struct rib_peer;

/*
 * A path's flags beyond its leak: kept from a session that ended, until
 * the peer announces it again or its End-of-RIB, its restart time or our
 * wait for it says it is gone (graceful restart, RFC 4724 4.2). A stale
 * path is used as any other; only the control socket shows it.
 */
#define RIB_PATH_STALE		(1u << 15)

/* A path: one peer's route to a destination. 16 bytes. */
struct rib_path {
	const struct bgp_attrs *attrs;	/* interned */
	uint32_t next;			/* next best, RIB_NONE */
	uint16_t peer;			/* RIB_PEER_LOCAL or a peer's index */
	uint16_t flags;			/* leak (base/leak.h), stale */
};

/* A growable array of destination indices. */
struct rib_idx_vec {
	uint32_t *v;
	size_t n, cap;
};

struct rib_ftable {
	struct rib_ptable pt;
	struct rib_idx_vec changed;	/* RIB_DEST_QUEUED */
	struct rib_idx_vec gc;		/* RIB_DEST_GC */
};

struct rib_table {
	uint32_t id;			/* 0: the main table */
	struct rib_table *next;
	struct rib_ftable af[BGP_AID_MAX];
};

/*
 * Import policy: accept (true) or drop one prefix. Called before the
 * attributes hook, so a dropped prefix costs nothing more.
 */
typedef bool (*rib_import_prefix_fn)(struct rib_peer *p,
				     const struct dpubgp_prefix *prefix);
/*
 * Why a prefix a peer announced is not in its table: each is counted
 * (rib_peer_stats.dropped), logged at debug level, and kept a while
 * (rib_peer_drops()).
 */
enum rib_drop_reason {
	RIB_DROP_NONE,
	RIB_DROP_NOT_ALLOWED,		/* outside the import policy's prefixes */
	RIB_DROP_AS_LOOP,		/* an AS of ours in its AS_PATH */
	RIB_DROP_UNTRUSTED,		/* attributes the import policy refuses */
	RIB_DROP_MAX_PREFIXES,		/* beyond the peer's max_prefixes */
	RIB_DROP_NOT_NEGOTIATED,	/* of a family the session did not negotiate */
	RIB_DROP_NO_MEMORY,
	RIB_DROP_REASONS,
};

/* "not_allowed", "as_loop", ...: the reason as a word, for programs. */
const char *rib_drop_reason_name(enum rib_drop_reason reason);
/* "not allowed", "AS loop", ...: the reason for people. */
const char *rib_drop_reason_text(enum rib_drop_reason reason);

/*
 * Import policy on an UPDATE's attributes (e.g. strip communities):
 * accept (RIB_DROP_NONE), with *flags (its leak, base/leak.h; 0 on
 * entry) for its paths, or drop its prefixes for a reason
 * (RIB_DROP_AS_LOOP, RIB_DROP_UNTRUSTED).
 */
typedef enum rib_drop_reason (*rib_import_attrs_fn)(struct rib_peer *p,
						    struct bgp_attrs *a,
						    uint16_t *flags);
/*
 * A change of the peer's Adj-RIB-In (attrs NULL: withdrawn), after the
 * RIB's own tables: where a tenant route leaves for the kernel (its VRF
 * and the module, with its flags: daemon/kernel.h). flags are the leak
 * only: a path going stale is no change (it keeps forwarding, RFC 4724
 * 4.2), a stale path swept is a withdrawal, one announced again an
 * announcement.
 */
typedef void (*rib_route_fn)(struct rib_peer *p,
			     const struct dpubgp_prefix *prefix,
			     const struct bgp_attrs *a, uint16_t flags);
/* End-of-RIB from the peer for family aid, after the RIB has noted it. */
typedef void (*rib_eor_fn)(struct rib_peer *p, enum bgp_aid aid);
/*
 * Export policy: reject (false) or modify what the standard rules made of
 * the best path for one prefix. Arrays a points to must outlive the call.
 */
typedef bool (*rib_export_fn)(struct rib_peer *p,
			      const struct dpubgp_prefix *prefix,
			      struct bgp_attrs *a);
/* Send one UPDATE: 0, -EAGAIN (refused: wait for rib_peer_writable()). */
typedef int (*rib_send_fn)(struct rib_peer *p, const uint8_t *msg,
			   size_t len);

struct rib_peer_conf {
	uint32_t table;			/* where its routes go and come from */
	bool leaks;			/* leaked paths to leak_table too */
	uint32_t leak_table;
	/*
	 * With leaks: a leaked path reaches leak_table (and what exports
	 * it) only once its owner says it is in place (rib_peer_leak_set());
	 * its withdrawal, or its leak's, takes the copy away at once.
	 */
	bool leak_held;
	uint32_t local_as;
	uint32_t peer_as;
	uint32_t router_id;		/* the peer's BGP identifier */
	struct bgp_addr addr;		/* the peer's address */
	char dev[IFNAMSIZ];		/* and device ("": none): its name */
	struct bgp_session session;	/* as4, ebgp: as negotiated */
	uint8_t families;		/* bit per enum bgp_aid, negotiated */
	/* Our address toward the peer, per family: next hop self. */
	struct bgp_addr nexthop[BGP_AID_MAX];
	/* iBGP: set next hop self (the default) or pass it on. */
	bool ibgp_nexthop_unchanged;
	bool no_export;			/* End-of-RIB only (tenants) */
	/*
	 * Its routes, after import policy, both families: at most this many
	 * (0: no limit). A prefix beyond it is not taken, the rest of the
	 * UPDATE neither, and limit_hit says so: the session is to close.
	 */
	uint32_t max_prefixes;
	rib_import_prefix_fn import_prefix;
	rib_import_attrs_fn import_attrs;
	rib_route_fn route;
	rib_eor_fn eor;
	rib_export_fn export;
	rib_send_fn send;		/* NULL: nothing is sent */
	void *policy;			/* what the policy hooks go by */
	void *user;
};

/*
 * Counted since the peer was added, across its sessions. Every prefix
 * announced to us (an UPDATE treated as withdrawn announces none) is
 * received, then accepted or dropped for one reason: received is
 * accepted plus the sum of dropped.
 */
struct rib_peer_stats {
	uint64_t received, accepted;	/* prefixes */
	uint64_t dropped[RIB_DROP_REASONS];
	uint64_t withdrawn;		/* prefixes */
	uint64_t treat_as_withdraw;	/* UPDATEs */
	uint64_t updates_out, withdrawals_out, eor_out;
};

/*
 * A prefix a peer announced and the RIB dropped: kept, with what it came
 * with, while the peer still announces it (rib_peer_drops()).
 */
struct rib_drop {
	struct dpubgp_prefix prefix;
	const struct bgp_attrs *attrs;	/* interned; NULL when unknown */
	time_t at;			/* wall clock */
	enum rib_drop_reason reason;
};

/* The drops a peer keeps, its last ones. */
#define RIB_DROPS_KEPT		64

/* The export side of a peer, per family. */
struct rib_peer_af {
	uint64_t *announced;		/* bit per destination */
	uint64_t *pending;		/* bit per destination queued below */
	size_t n_words;
	struct rib_idx_vec queue;
	uint32_t dump_next;		/* next slab index of the initial dump */
	bool dumping;
};

struct rib_peer {
	struct rib *rib;
	struct bgp_peer *bgp;		/* its session, if on one (glue.h) */
	uint16_t idx;
	bool up;			/* importing and exporting */
	bool blocked;			/* send refused: held holds the rest */
	uint8_t eor_rcvd;		/* bit per enum bgp_aid */
	uint8_t eor_sent;
	bool limit_hit;			/* conf.max_prefixes: until down */
	enum bgp_aid limit_aid;		/* the family of the prefix refused */
	uint32_t routes;		/* its paths in its table, now */
	uint8_t stale;			/* families with stale paths */
	struct ev_timer stale_timer;	/* the glue's: when they go */
	struct rib_peer_conf conf;
	struct rib_table *table;
	struct rib_table *leak_table;	/* NULL unless conf.leaks */
	struct rib_peer_stats stats;
	struct rib_drop *drops;		/* oldest first; NULL before any */
	size_t n_drops;
	struct rib_peer_af af[BGP_AID_MAX];
	uint8_t *held;			/* messages built, not yet taken */
	size_t held_len, held_off, held_cap;
};

struct rib {
	uint32_t local_as;
	struct bgp_attrs_table attrs;
	struct rib_slab paths;		/* struct rib_path */
	struct rib_table *tables;
	struct rib_peer **peers;	/* by index; [0] unused (local) */
	size_t n_peers;
	bool flush_scheduled;
	/* Called when there are changes to flush (e.g. to arm an idle event). */
	void (*want_flush)(struct rib *rib);
	void *user;
};

int rib_init(struct rib *rib, uint32_t local_as);
void rib_destroy(struct rib *rib);

/* The table with id, created empty if need be; NULL when out of memory. */
struct rib_table *rib_table_get(struct rib *rib, uint32_t id);
/* The table with id (0: the main table), or NULL. */
struct rib_table *rib_table_find(const struct rib *rib, uint32_t id);
/* The table with the smallest id above id, or NULL: tables in id order. */
struct rib_table *rib_table_next(const struct rib *rib, uint32_t id);

/* A peer, down; NULL when out of memory or too many. */
struct rib_peer *rib_peer_add(struct rib *rib,
			      const struct rib_peer_conf *conf);
/* Withdraws its routes first if it is up. */
void rib_peer_del(struct rib_peer *p);
/* Established: import, and dump the table to it (then End-of-RIB). */
void rib_peer_up(struct rib_peer *p);
/* Gone: its routes are withdrawn, its Adj-RIB-Out forgotten. */
void rib_peer_down(struct rib_peer *p);
/*
 * Gone, restarting (RFC 4724 4.2): its paths of families are kept,
 * marked stale, until rib_peer_sweep() or an End-of-RIB; those stale
 * already (a second restart before the first was over) and those of
 * other families are withdrawn.
 */
void rib_peer_down_graceful(struct rib_peer *p, uint8_t families);
/* Withdraw p's stale paths of families (bit per enum bgp_aid): how many. */
size_t rib_peer_sweep(struct rib_peer *p, uint8_t families);

/*
 * Run p's import policy again over its Adj-RIB-In, after a change of the
 * policy: the paths whose prefix it now refuses are withdrawn, the
 * others keep only the flags in keep (a policy that no longer takes the
 * leak communities: no leak). The Adj-RIB-In is post-policy, so this
 * only narrows: what the policy newly accepts needs the routes again
 * (ROUTE-REFRESH). How many paths went.
 */
size_t rib_peer_reimport(struct rib_peer *p, uint16_t keep);

/*
 * One decoded UPDATE from p, as the session layer's hook hands it:
 * End-of-RIB noted (sweeping the family's stale paths), treat-as-withdraw
 * honoured, AS loops dropped, the import policy applied. BGP_ACT_RESET is
 * the session layer's to act on.
 */
void rib_peer_update(struct rib_peer *p, const struct bgp_update *u);

/*
 * The Adj-RIB-In, post-policy: announce (a: scratch or interned, taken
 * as is; attrs NULL to withdraw) prefix from p. 0 or -ENOMEM.
 */
int rib_peer_route(struct rib_peer *p, const struct dpubgp_prefix *prefix,
		   const struct bgp_attrs *a);
/* Locally originated routes of table; a NULL withdraws. */
int rib_originate(struct rib *rib, uint32_t table,
		  const struct dpubgp_prefix *prefix, const struct bgp_attrs *a);

/*
 * With conf.leak_held: p's path to prefix is in place where it leaks
 * (installed), or not. Installed, a leaked path is copied to p's leak
 * table (again, when it changed); not, the copy goes. 0 or -ENOMEM.
 */
int rib_peer_leak_set(struct rib_peer *p, const struct dpubgp_prefix *prefix,
		      bool installed);

/* Export what changed, as far as the peers' send queues take it. */
void rib_flush(struct rib *rib);
/* The peer's send queue has room again. */
void rib_peer_writable(struct rib_peer *p);
/*
 * p asked for a family again (ROUTE-REFRESH): its whole table is sent
 * again, as in the first dump, at the flush this asks for.
 */
void rib_peer_refresh(struct rib_peer *p, enum bgp_aid aid);
/*
 * The prefixes p announced lately and the RIB dropped (*drops, oldest
 * first; the count returned), at most RIB_DROPS_KEPT: one it withdraws,
 * or whose next announcement is accepted, leaves the list, as does the
 * whole list when its session goes down. A prefix its policy drops on a
 * change (rib_peer_reimport()) joins it.
 */
size_t rib_peer_drops(const struct rib_peer *p, const struct rib_drop **drops);
/* Prefixes announced to p now: the size of its Adj-RIB-Out. */
uint64_t rib_peer_routes_out(const struct rib_peer *p);

/* Loc-RIB lookups: the best path, or p's path; NULL when none. */
const struct rib_path *rib_best(struct rib *rib, uint32_t table,
				const struct dpubgp_prefix *prefix);
const struct rib_path *rib_peer_path(struct rib_peer *p,
				     const struct dpubgp_prefix *prefix);
/* Routes (destinations) in a table's family. */
size_t rib_count(const struct rib *rib, uint32_t table, enum bgp_aid aid);
/*
 * The destinations of a table's family that have paths, one a call from
 * *cursor (0 to start; it is advanced), with its prefix: NULL at the end.
 * The cursor is an index, valid across changes to the table between
 * calls. rib_dest_best() and rib_path_next() walk a destination's paths.
 */
const struct rib_dest *rib_table_walk(const struct rib_table *tab,
				      enum bgp_aid aid, uint32_t *cursor,
				      struct dpubgp_prefix *prefix);
/*
 * The destination of prefix in a table, with paths, or NULL. With
 * longest, the longest of the table's prefixes that holds prefix (its
 * address, prefix->len the longest wanted), its prefix in *found.
 */
const struct rib_dest *rib_table_lookup(const struct rib_table *tab,
					const struct dpubgp_prefix *prefix,
					bool longest,
					struct dpubgp_prefix *found);
/* The peer a path came from; NULL for a local route. */
const struct rib_peer *rib_path_peer(const struct rib *rib,
				     const struct rib_path *path);
/*
 * Each peer's paths in its own table (a leaked tenant route counts once),
 * by peer index: n_peers counts, to free(); NULL when out of memory.
 */
uint64_t *rib_routes_by_peer(const struct rib *rib);
/* Bytes held by tables and paths, attribute sets not included. */
size_t rib_bytes(const struct rib *rib);

/* decide.c */
/*
 * < 0 if a is better than b (RFC 4271 9.1.2.2 as BIRD orders it): local
 * routes, highest LOCAL_PREF, shortest AS_PATH, lowest ORIGIN, lowest MED
 * (same neighbour AS), eBGP over iBGP, lowest router id, lowest address.
 */
int rib_path_cmp(const struct rib *rib, const struct rib_path *a,
		 const struct rib_path *b);

static inline struct rib_path *rib_path_at(const struct rib *rib,
					   uint32_t idx)
{
	return rib_slab_at(&rib->paths, idx);
}

/* A destination's paths, best first; NULL after the last. */
static inline const struct rib_path *rib_dest_best(const struct rib *rib,
						   const struct rib_dest *d)
{
	return d->paths == RIB_NONE ? NULL : rib_path_at(rib, d->paths);
}

static inline const struct rib_path *rib_path_next(const struct rib *rib,
						   const struct rib_path *path)
{
	return path->next == RIB_NONE ? NULL : rib_path_at(rib, path->next);
}

static inline enum bgp_aid rib_family_aid(sa_family_t family)
{
	return family == AF_INET6 ? BGP_AID_IPV6 : BGP_AID_IPV4;
}

#endif /* DPUBGP_RIB_RIB_H */
