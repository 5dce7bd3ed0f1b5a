/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A netlink client: a socket of the generic netlink family "dpubgp" (or
 * of rtnetlink, kernel/rtnl.h), requests sent one at a time and answered
 * in full before the next, or many to a sendmsg() (dpubgp_nl_batch()).
 */
#ifndef DPUBGP_KERNEL_GENL_H
#define DPUBGP_KERNEL_GENL_H

#include <stddef.h>
#include <stdint.h>
#include <libmnl/libmnl.h>

#include "kernel/extack.h"

/* Room for one request; what dpubgp_nl_msg_start() expects of buf. */
#define DPUBGP_NL_MSG_SIZE 8192

/* Bytes of requests one batch sends in one sendmsg(). */
#define DPUBGP_NL_BATCH_SIZE 65536

struct dpubgp_nl {
	struct mnl_socket *sock;
	uint32_t portid;
	uint32_t seq;		/* of the last request sent */
	uint16_t family;	/* generic netlink id of the family */
	uint32_t events_group;	/* id of DPUBGP_MCGRP_EVENTS, 0 if none */
};

/*
 * Open a socket that asks for extended and capped ACKs, and look the family
 * up. Returns 0 or -errno; -ENOENT with ext->msg "dpubgp kernel module is
 * not loaded" if the family is not registered.
 */
int dpubgp_nl_open(struct dpubgp_nl *nl, struct dpubgp_extack *ext);

/*
 * The same for any generic netlink family, minus the sentence: tests use
 * it to talk to the kernel's own "nlctrl" where no dpubgp.ko is loaded.
 */
int dpubgp_nl_open_family(struct dpubgp_nl *nl, const char *name,
			  struct dpubgp_extack *ext);
/* An rtnetlink socket, with the same options: 0 or -errno. */
int dpubgp_nl_open_route(struct dpubgp_nl *nl);
void dpubgp_nl_close(struct dpubgp_nl *nl);

/*
 * Start a request of the family in buf: netlink and genetlink headers for
 * cmd, with NLM_F_REQUEST, the given flags, and NLM_F_ACK unless flags has
 * NLM_F_DUMP (a dump ends with NLMSG_DONE). buf is DPUBGP_NL_MSG_SIZE bytes
 * aligned for the headers: _Alignas(struct nlmsghdr) char buf[...]. Add
 * attributes with mnl_attr_put_*_check(nlh, DPUBGP_NL_MSG_SIZE, ...).
 */
struct nlmsghdr *dpubgp_nl_msg_start(const struct dpubgp_nl *nl, void *buf,
				     uint8_t cmd, uint16_t flags);

/*
 * Send the request nlh (any content: tests send malformed ones on purpose)
 * under the next sequence number, then read until its ACK, error or
 * NLMSG_DONE, passing each reply message to cb(nlh, data) if cb is set. A
 * cb that fails (MNL_CB_ERROR with errno set) is not called again, but the
 * answer is still read to its end so that the socket stays usable.
 *
 * Returns 0 or -errno: the kernel's error, else cb's, else -EINTR if the
 * kernel flagged a dump as inconsistent (NLM_F_DUMP_INTR: run it again).
 * ext is reset, then filled from the kernel's ACK or NLMSG_DONE.
 */
int dpubgp_nl_talk(struct dpubgp_nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb,
		   void *data, struct dpubgp_extack *ext);

/*
 * Dump command cmd, cb called on each object: 0 or -errno. A dump the
 * kernel flags as inconsistent (NLM_F_DUMP_INTR: the objects changed
 * under it) is reset(data) and done again, up to three times in all,
 * then -EINTR; on any failure data is reset.
 */
int dpubgp_nl_dump(struct dpubgp_nl *nl, uint8_t cmd, mnl_cb_t cb, void *data,
		   void (*reset)(void *data), struct dpubgp_extack *ext);

/*
 * Subscribe the socket to DPUBGP_MCGRP_EVENTS. Events carry sequence number
 * 0, which dpubgp_nl_talk() cannot tell from replies: keep a socket for
 * events only, and read it with mnl_socket_recvfrom(), mnl_cb_run() and
 * dpubgp_port_parse(). Returns 0 or -errno.
 */
int dpubgp_nl_join_events(struct dpubgp_nl *nl);

/*
 * A batch of count requests (batch.c): put(nl, buf, room, i, data) writes
 * request i as a whole message at buf, in at most room bytes (0, else
 * -EMSGSIZE, or any -errno that makes the request unsendable). As many as
 * fit in DPUBGP_NL_BATCH_SIZE go in one sendmsg(), each without NLM_F_ACK
 * but the last of its batch, so that the kernel answers only failures and
 * the end of each batch; the socket's receive buffer is grown so that a
 * batch failing throughout fits (needs CAP_NET_ADMIN, as every request
 * does). Every request is tried; fail(i, ext, data), if set, hears of
 * each that failed, the kernel's answer in ext.
 */
struct dpubgp_nl_batch {
	size_t count;
	int (*put)(struct dpubgp_nl *nl, void *buf, size_t room, size_t i,
		   void *data);
	void (*fail)(size_t i, const struct dpubgp_extack *ext, void *data);
	void *data;
	/* Out: the first failure, its index, the kernel's answer to it. */
	size_t failed;
	struct dpubgp_extack ext;
};

/*
 * Send b's requests: 0, or the -errno of the first failure (b->failed,
 * b->ext), or of the socket.
 */
int dpubgp_nl_batch(struct dpubgp_nl *nl, struct dpubgp_nl_batch *b);

#endif /* DPUBGP_KERNEL_GENL_H */
