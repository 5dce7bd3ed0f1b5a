// SPDX-License-Identifier: GPL-2.0
/*
 * Validated parsing of received netlink attributes against a policy.
 */
#include <errno.h>
#include <string.h>

#include "kernel/nlattr.h"

struct attr_parse {
	const struct dpubgp_attr_policy *policy;
	uint16_t max;
	const struct nlattr **tb;
};

static int attr_validate(const struct nlattr *attr,
			 const struct dpubgp_attr_policy *policy)
{
	if (!policy->len)
		return mnl_attr_validate(attr, policy->type);
	if (policy->type != MNL_TYPE_NUL_STRING)
		return mnl_attr_validate2(attr, policy->type, policy->len);
	/* mnl_attr_validate2() would demand exactly len bytes of a string. */
	if (mnl_attr_validate(attr, policy->type) < 0)
		return -1;
	return mnl_attr_get_payload_len(attr) <= policy->len ? 0 : -1;
}

static int attr_parse_cb(const struct nlattr *attr, void *data)
{
	const struct attr_parse *parse = data;
	uint16_t type = mnl_attr_get_type(attr);

	if (type > parse->max || parse->policy[type].type == MNL_TYPE_UNSPEC)
		return MNL_CB_OK;
	if (attr_validate(attr, &parse->policy[type]) < 0)
		return MNL_CB_ERROR;
	parse->tb[type] = attr;
	return MNL_CB_OK;
}

int dpubgp_attr_parse(const struct nlmsghdr *nlh, unsigned int offset,
		      const struct dpubgp_attr_policy *policy, uint16_t max,
		      const struct nlattr **tb)
{
	struct attr_parse parse = { .policy = policy, .max = max, .tb = tb };

	memset(tb, 0, (max + 1U) * sizeof(*tb));
	if (mnl_nlmsg_get_payload_len(nlh) < offset)
		return -EBADMSG;
	if (mnl_attr_parse(nlh, offset, attr_parse_cb, &parse) < 0)
		return -EBADMSG;
	return 0;
}

int dpubgp_attr_parse_nested(const struct nlattr *nest,
			     const struct dpubgp_attr_policy *policy,
			     uint16_t max, const struct nlattr **tb)
{
	struct attr_parse parse = { .policy = policy, .max = max, .tb = tb };

	memset(tb, 0, (max + 1U) * sizeof(*tb));
	if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0)
		return -EBADMSG;
	if (mnl_attr_parse_nested(nest, attr_parse_cb, &parse) < 0)
		return -EBADMSG;
	return 0;
}
