// SPDX-License-Identifier: GPL-2.0
/*
 * The session layer's context (struct bgpd) and its set of peers: their
 * configuration checked, added, found by address and device, removed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "session/internal.h"

void bgp_peer_conf_init(struct bgp_peer_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->hold_time = BGP_HOLD_DEFAULT;
	conf->connect_retry = BGP_CONNECT_RETRY_DEFAULT;
	conf->families = 1u << BGP_AID_IPV4;
}

const char *bgp_peer_conf_check(const struct bgp_peer_conf *conf)
{
	if (!conf->local_as || (!conf->peer_as && !conf->ebgp_only))
		return "AS 0";
	if (conf->peer_addr.family != AF_INET &&
	    conf->peer_addr.family != AF_INET6)
		return "no peer address";
	if (conf->local_addr.family &&
	    conf->local_addr.family != conf->peer_addr.family)
		return "local and peer addresses of different families";
	if (!conf->router_id)
		return "router-id 0";
	if (conf->hold_time == 1 || conf->hold_time == 2)
		return "hold time 1 or 2 (RFC 4271 4.2: 0 or at least 3)";
	if (!conf->connect_retry)
		return "connect-retry time 0";
	if (!conf->families ||
	    conf->families & ~((1u << BGP_AID_MAX) - 1))
		return "no or unknown address families";
	if (conf->required & ~conf->families)
		return "a required address family that is not offered";
	if (conf->restart_time > BGP_GR_TIME_MAX)
		return "restart time over 4095 s (RFC 4724 3)";
	if (conf->type > BGP_PEER_TENANT)
		return "unknown peer type";
	return NULL;
}

int bgpd_init(struct bgpd *d, const struct bgpd_hooks *hooks)
{
	int err;

	memset(d, 0, sizeof(*d));
	if (hooks)
		d->hooks = *hooks;
	d->upd = malloc(sizeof(*d->upd));
	if (!d->upd)
		return -ENOMEM;
	err = ev_loop_init(&d->loop);
	if (err) {
		free(d->upd);
		d->upd = NULL;
	}
	return err;
}

void bgpd_close(struct bgpd *d)
{
	struct bgp_peer *p;
	int i;

	while ((p = d->peers)) {
		d->peers = p->next;
		for (i = 0; i < 2; i++) {
			if (p->conn[i])
				bgp_conn_close(p->conn[i]);
		}
		free(p);
	}
	bgp_listeners_close(d);
	ev_loop_close(&d->loop);
	free(d->upd);
	d->upd = NULL;
}

struct bgp_peer *bgpd_peer_add(struct bgpd *d,
			       const struct bgp_peer_conf *conf)
{
	const char *why = bgp_peer_conf_check(conf);
	char name[BGP_PEER_NAMELEN];
	struct bgp_peer *p;

	if (!why && bgpd_peer_find(d, &conf->peer_addr, conf->dev))
		why = "a peer with this address exists";
	if (why) {
		log_error("peer %s: %s", bgp_peer_format(&conf->peer_addr,
			  conf->dev, name, sizeof(name)), why);
		errno = EINVAL;
		return NULL;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return NULL;
	p->conf = *conf;
	p->d = d;
	p->state_since = ev_now();
	p->state_since_wall = time(NULL);
	p->next = d->peers;
	d->peers = p;
	return p;
}

void bgpd_peer_del(struct bgp_peer *p, uint8_t subcode, const char *reason)
{
	struct bgp_peer **pp;

	bgp_peer_stop(p, subcode, reason);
	for (pp = &p->d->peers; *pp != p; pp = &(*pp)->next)
		;
	*pp = p->next;
	ev_free_later(&p->d->loop, p);
}

bool bgp_same_dev(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

struct bgp_peer *bgpd_peer_find(struct bgpd *d, const struct bgp_addr *addr,
				const char *dev)
{
	struct bgp_peer *p;

	for (p = d->peers; p; p = p->next) {
		if (bgp_addr_equal(&p->conf.peer_addr, addr) &&
		    bgp_same_dev(p->conf.dev, dev))
			return p;
	}
	return NULL;
}
