// SPDX-License-Identifier: GPL-2.0
/*
 * The RIB on the session layer's hooks (glue.h).
 */
#include <string.h>

#include "base/log.h"
#include "rib/glue.h"

/*
 * Seconds a peer back from a graceful restart has to send its End-of-RIB
 * before its stale paths go (RFC 4724 4.2 leaves it to us): FRR's
 * stalepath-time.
 */
#define RIB_BGPD_EOR_WAIT	360

static void flush_cb(struct ev_timer *t)
{
	rib_flush(container_of(t, struct rib_bgpd, flush)->rib);
}

static void want_flush(struct rib *rib)
{
	struct rib_bgpd *rb = rib->user;

	ev_timer_arm(&rb->d->loop, &rb->flush, 0);
}

static int send_cb(struct rib_peer *p, const uint8_t *msg, size_t len)
{
	return bgp_peer_send(p->bgp, msg, len);
}

static void on_update(struct bgp_peer *bp, const struct bgp_update *u,
		      void *arg)
{
	struct rib_peer *p = bp->user;

	(void)arg;
	if (!p)
		return;
	rib_peer_update(p, u);
	if (p->limit_hit)
		bgp_peer_max_prefixes(bp, p->limit_aid, p->conf.max_prefixes);
}

/* "peer ADDR on DEV: BEFORE N AFTER (graceful restart)" */
static void log_stale(const struct bgp_peer *bp, const char *before,
		      size_t n, const char *after)
{
	char name[BGP_PEER_NAMELEN];

	log_info("peer %s: %s %zu %s (graceful restart)",
		 bgp_peer_format(&bp->conf.peer_addr, bp->conf.dev, name,
				 sizeof(name)), before, n, after);
}

static void stale_expired(struct ev_timer *t)
{
	struct rib_peer *p = container_of(t, struct rib_peer, stale_timer);

	if (p->stale)
		log_stale(p->bgp, "stale routes removed after",
			  p->up ? RIB_BGPD_EOR_WAIT : p->bgp->neg.gr.time, "s");
	rib_peer_sweep(p, p->stale);
	want_flush(p->rib);
}

static void stale_wait(struct rib_peer *p, unsigned int seconds)
{
	struct rib_bgpd *rb = p->rib->user;

	p->stale_timer.cb = stale_expired;
	ev_timer_arm(&rb->d->loop, &p->stale_timer, seconds * 1000ull);
}

/*
 * Back in Established: stale paths stay for the families whose
 * forwarding state the peer kept, until their End-of-RIB (or our wait
 * for it); the others go now (RFC 4724 4.2).
 */
static void restart_over(struct rib_peer *p, const struct bgp_peer *bp)
{
	struct rib_bgpd *rb = p->rib->user;
	uint8_t lost = p->stale & (uint8_t)~bp->neg.gr.forwarding;

	if (lost)
		log_stale(bp, "its OPEN keeps no forwarding state:",
			  rib_peer_sweep(p, lost), "stale routes removed");
	if (!p->stale) {
		ev_timer_stop(&rb->d->loop, &p->stale_timer);
		return;
	}
	log_stale(bp, "stale routes wait for End-of-RIB for",
		  RIB_BGPD_EOR_WAIT, "s");
	stale_wait(p, RIB_BGPD_EOR_WAIT);
}

/*
 * Out of Established: a peer that can restart gracefully and did not
 * end the session on purpose keeps its routes, stale, for its restart
 * time; any other loses them now.
 */
static void session_lost(struct rib_peer *p, const struct bgp_peer *bp)
{
	struct rib_bgpd *rb = p->rib->user;

	if (!bp->graceful_down || !bp->neg.gr.families) {
		ev_timer_stop(&rb->d->loop, &p->stale_timer);
		rib_peer_down(p);
		return;
	}
	rib_peer_down_graceful(p, bp->neg.gr.families);
	log_stale(bp, "routes kept stale for its restart time,",
		  bp->neg.gr.time, "s");
	stale_wait(p, bp->neg.gr.time);
}

static void established(struct rib_peer *p, const struct bgp_peer *bp)
{
	struct bgp_addr self;
	enum bgp_aid aid;

	p->conf.local_as = bp->conf.local_as;
	p->conf.peer_as = bp->neg.remote_as;	/* a tenant's: any */
	p->conf.router_id = bp->neg.remote_id;
	p->conf.addr = bp->conf.peer_addr;
	p->conf.session = bp->neg.session;
	p->conf.families = bp->neg.families;
	bgp_peer_local_addr(bp, &self);
	aid = self.family == AF_INET6 ? BGP_AID_IPV6 : BGP_AID_IPV4;
	if (self.family && !p->conf.nexthop[aid].family)
		p->conf.nexthop[aid] = self;
	rib_peer_up(p);
	restart_over(p, bp);
}

static void on_state(struct bgp_peer *bp, enum bgp_state old, void *arg)
{
	struct rib_peer *p = bp->user;

	if (!p)
		return;
	if (bp->state == BGP_ST_ESTABLISHED)
		established(p, bp);
	else if (old == BGP_ST_ESTABLISHED)
		session_lost(p, bp);
	want_flush(((struct rib_bgpd *)arg)->rib);
}

static void on_writable(struct bgp_peer *bp, void *arg)
{
	(void)arg;
	if (bp->user)
		rib_peer_writable(bp->user);
}

static void on_refresh(struct bgp_peer *bp, enum bgp_aid aid, void *arg)
{
	(void)arg;
	if (bp->user)
		rib_peer_refresh(bp->user, aid);
}

void rib_bgpd_attach(struct rib_bgpd *rb, struct rib *rib, struct bgpd *d)
{
	memset(rb, 0, sizeof(*rb));
	rb->rib = rib;
	rb->d = d;
	rb->flush.cb = flush_cb;
	rib->user = rb;
	rib->want_flush = want_flush;
	d->hooks = (struct bgpd_hooks){ .update = on_update,
					.state = on_state,
					.writable = on_writable,
					.refresh = on_refresh, .arg = rb };
}

void rib_bgpd_detach(struct rib_bgpd *rb)
{
	ev_timer_stop(&rb->d->loop, &rb->flush);
	rb->d->hooks = (struct bgpd_hooks){ 0 };
	rb->rib->want_flush = NULL;
}

struct rib_peer *rib_bgpd_peer_add(struct rib_bgpd *rb, struct bgp_peer *bp,
				   const struct rib_peer_conf *conf)
{
	struct rib_peer *p = rib_peer_add(rb->rib, conf);

	if (!p)
		return NULL;
	p->bgp = bp;
	p->conf.send = send_cb;
	memcpy(p->conf.dev, bp->conf.dev, sizeof(p->conf.dev));
	bp->user = p;
	return p;
}

void rib_bgpd_peer_del(struct bgp_peer *bp)
{
	struct rib_peer *p = bp->user;

	bp->user = NULL;
	if (!p)
		return;
	ev_timer_stop(&((struct rib_bgpd *)p->rib->user)->d->loop,
		      &p->stale_timer);
	rib_peer_del(p);
}
