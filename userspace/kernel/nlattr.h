/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validated parsing of received netlink attributes against a policy, the
 * userspace counterpart of the kernel's nla_parse().
 */
#ifndef DPUBGP_KERNEL_NLATTR_H
#define DPUBGP_KERNEL_NLATTR_H

#include <stdint.h>
#include <libmnl/libmnl.h>

/*
 * What one attribute type must look like. Types whose entry is left zeroed
 * (MNL_TYPE_UNSPEC) are skipped, as are types above the policy's maximum: a
 * newer kernel may send attributes this program does not know, and ignoring
 * them is what keeps old userspace working.
 *
 * len: 0 checks the length mnl_attr_validate() knows for the type (exact for
 * integers); for MNL_TYPE_NUL_STRING the most bytes, NUL included; for any
 * other type the exact payload length.
 */
struct dpubgp_attr_policy {
	enum mnl_attr_data_type type;
	uint16_t len;
};

/*
 * Point tb[type] (tb has max + 1 entries) at each attribute of the message
 * that starts offset bytes into its payload, or of the nest, after checking
 * it against policy[type]. A repeated attribute leaves the last one.
 * Returns 0 or -EBADMSG.
 */
int dpubgp_attr_parse(const struct nlmsghdr *nlh, unsigned int offset,
		      const struct dpubgp_attr_policy *policy, uint16_t max,
		      const struct nlattr **tb);
int dpubgp_attr_parse_nested(const struct nlattr *nest,
			     const struct dpubgp_attr_policy *policy,
			     uint16_t max, const struct nlattr **tb);

#endif /* DPUBGP_KERNEL_NLATTR_H */
