// SPDX-License-Identifier: GPL-2.0
/*
 * The RIB on the session layer's hooks (glue.h).
 */
#include <string.h>

#include "rib/glue.h"

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
}

static void on_state(struct bgp_peer *bp, enum bgp_state old, void *arg)
{
	struct rib_peer *p = bp->user;

	if (!p)
		return;
	if (bp->state == BGP_ST_ESTABLISHED)
		established(p, bp);
	else if (old == BGP_ST_ESTABLISHED)
		rib_peer_down(p);
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
	if (p)
		rib_peer_del(p);
}
