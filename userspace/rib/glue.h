/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RIB on the session layer: takes over a bgpd's hooks so that UPDATEs
 * feed the Adj-RIB-In, Established brings a RIB peer up (and dumps the
 * table to it), leaving Established takes it down, and the writable hook
 * resumes a blocked export. A peer whose session ends gracefully (the
 * session layer's graceful_down) keeps its paths stale for its restart
 * time, then until its End-of-RIB once back (RFC 4724 4.2: the timer is
 * the RIB peer's stale_timer). Changes are flushed from a zero-delay timer,
 * that is once the event loop has run the batch of events at hand: a
 * burst of UPDATEs costs one export pass.
 */
#ifndef DPUBGP_RIB_GLUE_H
#define DPUBGP_RIB_GLUE_H

#include "rib/rib.h"
#include "session/session.h"

struct rib_bgpd {
	struct rib *rib;
	struct bgpd *d;
	struct ev_timer flush;
};

/* Take over d's hooks for rib. */
void rib_bgpd_attach(struct rib_bgpd *rb, struct rib *rib, struct bgpd *d);
void rib_bgpd_detach(struct rib_bgpd *rb);

/*
 * The RIB peer of session bp: conf gives its table, options and policy;
 * what OPEN negotiates (ASes, router id, families, as4/ebgp) and our
 * address as next hop self (when conf leaves it unset) are filled in when
 * the session comes up. NULL when out of memory.
 */
struct rib_peer *rib_bgpd_peer_add(struct rib_bgpd *rb, struct bgp_peer *bp,
				   const struct rib_peer_conf *conf);

/* The RIB peer of session bp, or NULL. */
static inline struct rib_peer *rib_bgpd_peer(const struct bgp_peer *bp)
{
	return bp->user;
}

/* Take bp's RIB peer off it and delete it (its routes withdrawn). */
void rib_bgpd_peer_del(struct bgp_peer *bp);

#endif /* DPUBGP_RIB_GLUE_H */
