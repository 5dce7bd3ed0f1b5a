/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpd's kernel side (design.md §4.6): the document's ports in the
 * module, and the routes accepted from tenants in their VPC's VRF table
 * (rtnetlink, protocol DPUBGP_RTPROT) and in the module (genetlink, with
 * their leak flags), following the RIB and the links of the namespace.
 *
 * What is installed is kept per VPC table and prefix: the VRF route's
 * next hops and the module's routes, one per port. A change the RIB's
 * route hook reports queues the prefix; a zero-delay timer then compares
 * what the RIB wants with what is installed and sends the difference,
 * batched (many requests per sendmsg(), both families).
 *
 * At start what the kernel holds (our routes in every table, the module's
 * ports and routes) is read back and kept, stale, until the port's tenant
 * session has sent End-of-RIB for the family or the stale timer runs out:
 * restarting dpubgpd loses no packet. What belongs to no port of the
 * document goes at once.
 */
#ifndef DPUBGP_DAEMON_KERNEL_H
#define DPUBGP_DAEMON_KERNEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>

#include "base/event.h"
#include "kernel/genl.h"
#include "kernel/rtnl.h"
#include "rib/ptable.h"
#include "rib/rib.h"

/* Seconds stale routes read back at start are kept at most. */
#define DPUBGPD_STALE_TIME	300

/* A port of the document as the kernel side sees it. */
struct kport {
	char name[IF_NAMESIZE];
	uint32_t table;			/* its VPC's */
	uint32_t flags;			/* DPUBGP_PORT_F_* */
	size_t n_hosts;
	struct dpubgp_prefix *hosts;	/* /32 and /128 */
	uint32_t ifindex;		/* while eligible */
	bool eligible;			/* device up, in its VPC's VRF */
	bool in_module;			/* PORT_SET done for ifindex */
	bool stale[BGP_AID_MAX];	/* routes read back, not yet swept */
};

struct kentry;

/* The installed routes of one VPC table. */
struct kvrf {
	uint32_t table;
	struct kvrf *next;
	struct rib_ptable pt[BGP_AID_MAX];	/* prefix -> entry index */
	struct kentry *ent[BGP_AID_MAX];	/* by the ptable's index */
	size_t n_ent[BGP_AID_MAX];
};

struct kqueued {
	struct kvrf *vrf;
	uint32_t idx;
	uint8_t aid;
};

struct dpubgpd_kernel {
	struct ev_loop *loop;
	struct rib *rib;
	struct dpubgp_nl rtnl;		/* requests */
	struct dpubgp_nl links_nl;	/* link events */
	struct dpubgp_nl genl;		/* the module; sock NULL: none */
	struct ev_fd links_ev;
	struct ev_timer flush;
	struct ev_timer stale_timer;
	bool read_back;			/* the kernel's state is read */
	struct dpubgp_link *links;	/* the namespace's */
	size_t n_links, links_room;
	struct kport *ports;
	size_t n_ports;
	struct kvrf *vrfs;
	struct kqueued *queue;
	size_t n_queue, queue_room;
	uint64_t errors;		/* requests the kernel refused */
};

struct dpubgpd_port;

/* Open the sockets and read the links: 0 or -errno (logged). */
int dpubgpd_kernel_open(struct dpubgpd_kernel *k, struct ev_loop *loop,
			struct rib *rib);
void dpubgpd_kernel_close(struct dpubgpd_kernel *k);

/*
 * The document's ports are now these: program the module's, forget the
 * others' (their routes go from both places). The first call reads back
 * what the kernel holds.
 */
void dpubgpd_kernel_ports(struct dpubgpd_kernel *k,
			  const struct dpubgpd_port *ports, size_t n);

/* The VRF device of table (a VRF link whose table it is): its ifindex, or 0. */
uint32_t dpubgpd_kernel_vrf(const struct dpubgpd_kernel *k, uint32_t table);
/* The routes of table's family aid installed in its VRF table now. */
size_t dpubgpd_kernel_installed(const struct dpubgpd_kernel *k, uint32_t table,
				enum bgp_aid aid);
/* Whether a link of ifindex exists. */
bool dpubgpd_kernel_link_exists(const struct dpubgpd_kernel *k,
				uint32_t ifindex);

/* The RIB's route hook of tenant sessions (rib_peer_conf.route). */
void dpubgpd_kernel_route(struct rib_peer *p,
			  const struct dpubgp_prefix *prefix,
			  const struct bgp_attrs *a, uint16_t flags);
/* The RIB's End-of-RIB hook of tenant sessions: sweeps stale routes. */
void dpubgpd_kernel_eor(struct rib_peer *p, enum bgp_aid aid);
/*
 * Whether the port named port holds routes read back at start, not yet
 * swept: its tenants are worth a connection of ours (see peers.c).
 */
bool dpubgpd_kernel_port_stale(struct dpubgpd_kernel *k, const char *port);

#endif /* DPUBGP_DAEMON_KERNEL_H */
