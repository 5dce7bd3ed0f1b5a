// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's answer to a request: an errno and its extended ACK.
 *
 * libmnl 1.0.4 reports the errno of an NLMSG_ERROR but not the TLVs after
 * it, which carry the sentence the kernel wrote for the user.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kernel/extack.h"
#include "kernel/nlattr.h"

/* The kernel's errnos, as in its MAX_ERRNO: anything else is garbage. */
#define ERRNO_MAX 4095

static const struct dpubgp_attr_policy extack_policy[NLMSGERR_ATTR_MAX + 1] = {
	[NLMSGERR_ATTR_MSG] = { .type = MNL_TYPE_NUL_STRING },
	[NLMSGERR_ATTR_OFFS] = { .type = MNL_TYPE_U32 },
	[NLMSGERR_ATTR_MISS_TYPE] = { .type = MNL_TYPE_U32 },
	[NLMSGERR_ATTR_MISS_NEST] = { .type = MNL_TYPE_U32 },
};

/*
 * The error an NLMSG_DONE or NLMSG_ERROR carries, and where its TLVs start
 * in its payload: after the int of a DONE; after the struct nlmsgerr of an
 * ERROR, and after the request's payload too unless the ACK was capped.
 */
static int ack_header(const struct nlmsghdr *nlh, int *error, size_t *hdrlen)
{
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

	if (nlh->nlmsg_type == NLMSG_DONE) {
		if (len < sizeof(int))
			return -EBADMSG;
		memcpy(error, err, sizeof(*error));
		*hdrlen = sizeof(int);
		return 0;
	}
	if (nlh->nlmsg_type != NLMSG_ERROR || len < sizeof(*err))
		return -EBADMSG;
	*error = err->error;
	*hdrlen = sizeof(*err);
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		return 0;
	if (err->msg.nlmsg_len < MNL_NLMSG_HDRLEN)
		return -EBADMSG;
	*hdrlen += mnl_nlmsg_get_payload_len(&err->msg);
	return 0;
}

int dpubgp_extack_parse(const struct nlmsghdr *nlh, struct dpubgp_extack *ext)
{
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t hdrlen;
	int error;

	memset(ext, 0, sizeof(*ext));
	if (ack_header(nlh, &error, &hdrlen) < 0)
		return -EBADMSG;
	if (error > 0 || error < -ERRNO_MAX)
		return -EBADMSG;
	ext->error = error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return error;

	if (hdrlen > mnl_nlmsg_get_payload_len(nlh) ||
	    dpubgp_attr_parse(nlh, (unsigned int)hdrlen, extack_policy,
			      NLMSGERR_ATTR_MAX, tb) < 0)
		return -EBADMSG;
	if (tb[NLMSGERR_ATTR_MSG])
		snprintf(ext->msg, sizeof(ext->msg), "%s",
			 mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]));
	if (tb[NLMSGERR_ATTR_OFFS])
		ext->offset = mnl_attr_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE])
		ext->miss_type = mnl_attr_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
	if (tb[NLMSGERR_ATTR_MISS_NEST])
		ext->miss_nest = mnl_attr_get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
	return error;
}
