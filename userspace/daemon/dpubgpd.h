/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpd: the daemon around the session layer (session/session.h).
 *
 *   main.c     options, start-up, signals (signalfd: SIGHUP reloads,
 *              SIGTERM/SIGINT stop with a Cease), the event loop
 *   peers.c    the document's fabric part (design.md §4.2) as peer
 *              configurations, and converging the running peers to them
 *   tenants.c  the document's tenant part (design.md §4.3): this DPU's ASN,
 *              its ports, their sessions, listeners and import policy
 *   status.c   what the control socket (control/server.h) asks of the
 *              daemon: the node's status, the VPC of a RIB table
 *   meta.c     the metadata service (design.md §4.4): a listener per
 *              port on 169.254.169.254:80 (http/server.h), the address
 *              on the VPCs' VRF devices, the answers (http/meta.h)
 *   metrics.c  GET /metrics (design.md §4.5) on --metrics's address
 *              (http/server.h), in Prometheus's format (http/metrics.h)
 *
 * The RIB (rib/rib.h) holds the main table and a table per VPC;
 * rib/glue.h puts it on the session layer's hooks. Every fabric session has a RIB peer
 * in the main table, every tenant session one in its VPC's table whose
 * leaked routes go to the main table as well (peers.c).
 */
#ifndef DPUBGP_DAEMON_DPUBGPD_H
#define DPUBGP_DAEMON_DPUBGPD_H

#include <stdbool.h>
#include <stdint.h>

#include "config/doc.h"
#include "control/server.h"
#include "datastore/datastore.h"
#include "daemon/kernel.h"
#include "http/server.h"
#include "policy/tenant.h"
#include "rib/glue.h"
#include "rib/rib.h"
#include "session/session.h"

/* What the document says about this node, beyond its peers. */
struct dpubgpd_node {
	uint32_t as;
	bool as_inherited;
	struct bgp_addr ipv4, ipv6;	/* family 0 when absent */
	uint32_t router_id;		/* host order */
	uint16_t listen_port;
};

/* A tenant port of this node: its device, VPC and import policy. */
struct dpubgpd_port {
	char name[IFNAMSIZ];		/* the device (peers' conf.dev) */
	char *vpc;
	uint32_t table;			/* the VPC's: its RIB table */
	struct bgp_addr *gateways;	/* where its tenants connect to */
	size_t n_gateways;
	struct bgp_addr *hosts;		/* its tenant hosts */
	size_t n_hosts;
	bool src_filter;		/* the module's source filter */
	struct tenant_policy policy;	/* shared by its peers */
	uint32_t max_prefixes;		/* per session: its profile's */
	/* What the metadata service tells its host. */
	struct dpubgp_prefix *allowed;	/* effective allowed prefixes */
	size_t n_allowed;
	bool leaks;			/* leak communities accepted */
};

/* The peer configurations the document asks of this node. */
struct dpubgpd_plan {
	struct dpubgpd_node node;
	struct bgp_peer_conf *peers;
	size_t n_peers;
	uint32_t dpu_as;		/* tenant sessions' local AS; 0: none */
	bool has_tenant_as;
	uint32_t tenant_as;		/* common_tenant_host_asn */
	/* Every port, with or without dpu_as (no sessions without). */
	struct dpubgpd_port *ports;
	size_t n_ports;
};

/* A port's metadata listener (meta.c). */
struct dpubgpd_meta_port {
	char name[IFNAMSIZ];
	struct dpubgpd *dd;
	struct http_listener hl;	/* fds -1: not listening */
	struct http_counts counts;	/* of the listeners closed before */
	char *body;			/* the answer being queued */
};

/* The VRF device of a VPC table that has our 169.254.169.254/32. */
struct dpubgpd_meta_vrf {
	uint32_t table;
	uint32_t ifindex;
};

struct dpubgpd_meta {
	struct dpubgpd_meta_port **ports;
	size_t n_ports;
	struct dpubgpd_meta_vrf *vrfs;
	size_t n_vrfs, vrfs_room;
	bool swept;			/* leftovers of an earlier run gone */
};

/* The metrics' listener (metrics.c). */
struct dpubgpd_metrics {
	struct bgp_addr addr;
	uint16_t port;			/* 0: --metrics none */
	struct http_listener hl;	/* fds -1: not listening */
	char *body;			/* the answer being queued */
};

struct dpubgpd {
	struct bgpd bgp;
	struct rib rib;			/* the main table (id 0) */
	struct rib_bgpd rib_glue;
	bool rib_up;			/* rib initialised, glue attached */
	struct dpubgp_ds *ds;		/* where the document is */
	struct ev_fd watch;		/* its changes */
	const char *node_name;
	struct dpubgpd_node node;	/* the running one */
	uint32_t dpu_as;
	bool has_tenant_as;
	uint32_t tenant_as;
	struct dpubgpd_port *ports;	/* the running ones */
	size_t n_ports;
	struct dpubgpd_meta meta;
	struct dpubgpd_metrics metrics;
	struct ev_fd signals;
	struct control_server control;
	struct dpubgpd_kernel kernel;
	bool kernel_up;
};

/*
 * Read the datastore's document and plan this node's peers (recording
 * this DPU's ASN first where it has none yet): 0, or -1 with the reason
 * ("FILE:LINE:COL: reason" for a bad document) in err.
 */
int dpubgpd_plan_load(struct dpubgp_ds *ds, const char *node,
		      struct dpubgpd_plan *plan, char *err, size_t errlen);
void dpubgpd_plan_free(struct dpubgpd_plan *plan);

/* The document's form of an address as the session layer's. */
void dpubgpd_addr(const struct dpubgp_addr *a, struct bgp_addr *b);
/* Add c to plan's peers: 0 or -ENOMEM. */
int dpubgpd_plan_add(struct dpubgpd_plan *plan, const struct bgp_peer_conf *c);

/* What dpubgpd_converge() changed, for the one line a SIGHUP logs. */
struct dpubgpd_changes {
	size_t peers_added, peers_removed, peers_restarted;
	size_t peers_policy;		/* a tenant's policy, taken in place */
	size_t peers_as;		/* a tenant's AS, taken in place */
	size_t ports_added, ports_removed, ports_changed;
	bool dpu_as;			/* this DPU's ASN */
};

/*
 * Make the running peers those of plan: new ones start, gone ones get a
 * Cease (Peer de-configured), changed ones restart (Cease, Other
 * configuration change); the others keep their sessions. A tenant
 * session also restarts when its port's VPC changed; a change of its
 * port's import policy, or of the tenant AS where its session's still
 * fits, is taken in place. Takes plan's ports. What changed goes to
 * *changes (NULL: nowhere).
 */
void dpubgpd_converge(struct dpubgpd *dd, struct dpubgpd_plan *plan,
		      struct dpubgpd_changes *changes);

/* tenants.c */
/*
 * Plan this node's tenant ports and their sessions (design.md §4.3): 0, or
 * -ENOMEM. What cannot run (no ASN for this DPU, say) is logged and left
 * out.
 */
int dpubgpd_plan_tenants(const struct dpubgp_doc *doc, const char *node,
			 struct dpubgpd_plan *plan);
void dpubgpd_ports_free(struct dpubgpd_port *ports, size_t n);
/*
 * A node with tenant ports and no ASN in tenant.dpu_asns yet takes the
 * lowest free one of tenant.dpu_asn_pool, by a datastore write (which
 * fails over to the next free one when another node took it first);
 * *doc is then read again. Failures (a full pool, a write refused) are
 * logged: the node then runs no tenant session.
 */
void dpubgpd_dpu_asn_record(struct dpubgp_ds *ds, const char *node,
			    struct dpubgp_doc *doc);
/* The port's first gateway address of family, or NULL. */
const struct bgp_addr *dpubgpd_port_gateway(const struct dpubgpd_port *port,
					    sa_family_t family);
/* The port of device name among ports, or NULL. */
struct dpubgpd_port *dpubgpd_port_in(struct dpubgpd_port *ports, size_t n,
				     const char *name);
/* The running port of device name, or NULL. */
struct dpubgpd_port *dpubgpd_port_find(const struct dpubgpd *dd,
				       const char *name);
/*
 * Listen on the gateways of plan's ports (again where that failed
 * before: a device that did not exist yet), no longer on the others'.
 */
void dpubgpd_tenant_listeners(struct dpubgpd *dd,
			      const struct dpubgpd_plan *plan);

/*
 * The device of port name was (re)created: its listeners, bound to the
 * old device, are opened again on the new one.
 */
void dpubgpd_port_relisten(struct dpubgpd *dd, const char *name);

/* meta.c */
/*
 * The running ports changed: listeners for the new ones, none for the
 * gone ones; the VRF addresses follow (dpubgpd_meta_vrfs()).
 */
void dpubgpd_meta_ports(struct dpubgpd *dd);
/* The device of port name was (re)created: its listener again. */
void dpubgpd_meta_relisten(struct dpubgpd *dd, const char *name);
/*
 * 169.254.169.254/32 on the VRF device of each VPC of the running ports,
 * on no other: after a change of the ports or of the links.
 */
void dpubgpd_meta_vrfs(struct dpubgpd *dd);
/* At exit: the listeners closed, the addresses removed. */
void dpubgpd_meta_close(struct dpubgpd *dd);
/* The listeners' part of the status answer: 0 or -ENOMEM. */
int dpubgpd_meta_status(const struct dpubgpd *dd, struct dpubgp_status *st);

/* metrics.c */
#define DPUBGPD_METRICS_DEFAULT	"127.0.0.1:9179"
/*
 * --metrics's ADDRESS:PORT ([ADDRESS]:PORT for IPv6), or "none" (port
 * 0), into m, which is reset: 0 or -EINVAL.
 */
int dpubgpd_metrics_parse(const char *str, struct dpubgpd_metrics *m);
/* Listen as m says, if at all; a failure is logged, and leaves none. */
void dpubgpd_metrics_open(struct dpubgpd *dd);
void dpubgpd_metrics_close(struct dpubgpd *dd);

/* status.c */
/* Serve the control socket at path: 0 or -errno. */
int dpubgpd_control_open(struct dpubgpd *dd, const char *path);

#endif /* DPUBGP_DAEMON_DPUBGPD_H */
