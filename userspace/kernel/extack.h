/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's answer to a request: an errno and its extended ACK.
 */
#ifndef DPUBGP_KERNEL_EXTACK_H
#define DPUBGP_KERNEL_EXTACK_H

#include <stdint.h>
#include <linux/netlink.h>

#define DPUBGP_EXTACK_MSG_SIZE 256

struct dpubgp_extack {
	/* 0 or -errno, as the kernel answered. */
	int error;
	/*
	 * NLMSGERR_ATTR_MSG: the kernel's sentence, without a final period
	 * added, or "" if it gave none. dpubgp_nl_open() also puts its own
	 * sentence here when the family is missing.
	 */
	char msg[DPUBGP_EXTACK_MSG_SIZE];
	/*
	 * NLMSGERR_ATTR_OFFS: where the attribute at fault starts in the
	 * request, in bytes from its struct nlmsghdr; 0 if none was named
	 * (no attribute can start at 0).
	 */
	uint32_t offset;
	/*
	 * NLMSGERR_ATTR_MISS_TYPE and _MISS_NEST: a required attribute that
	 * was absent, and the offset of the nest it was missing from; 0 if
	 * none, or if it was missing at the top level.
	 */
	uint32_t miss_type;
	uint32_t miss_nest;
};

/*
 * Fill ext from an NLMSG_ERROR or NLMSG_DONE message: the error, and the
 * TLVs that follow the original request (or its header alone, if the ACK
 * was capped) when NLM_F_ACK_TLVS is set. Returns ext->error, or -EBADMSG
 * if the message is malformed.
 */
int dpubgp_extack_parse(const struct nlmsghdr *nlh, struct dpubgp_extack *ext);

#endif /* DPUBGP_KERNEL_EXTACK_H */
