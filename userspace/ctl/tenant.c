// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl's tenant-side commands (design.md §3, §4.3), what an operator
 * reaches for without writing YAML:
 *
 *   tenant host-asn [ASN|none]        tenant.common_tenant_host_asn
 *   profile NAME allow PREFIX...      fnn.routing_profiles.NAME's
 *   profile NAME disallow PREFIX...     allowed_anycast_prefixes,
 *   profile NAME leak-communities on|off  tenant_leak_communities_accepted
 *   port add IFNAME vpc VPC host ADDR... gateway ADDR/LEN...
 *   port remove IFNAME                this node's ports (--node)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "config/edit.h"
#include "config/value.h"
#include "ctl/conf.h"

#define NAME_MAX_LEN 63

static const struct ctl_opt output_opts[] = {
	{ .name = "-o", .parse = ctl_parse_output },
	{ 0 }
};

/* tenant host-asn [ASN|none] [-o json] */

static int host_asn_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (argc && strcmp(argv[0], "-o")) {
		req->conf.set = true;
		req->conf.on = strcmp(argv[0], "none");
		if (req->conf.on && dpubgp_value_asn(argv[0], &req->conf.as))
			return ctl_errorf(req, "Invalid AS Number specified.");
		argc--;
		argv++;
	}
	return ctl_parse_opts(req, argc, argv, output_opts);
}

static int host_asn_edit(struct dpubgp_doc *doc, void *ctx, char *err,
			 size_t errlen)
{
	const struct ctl_req *req = ctx;
	struct dpubgp_conf_tenant *t = &doc->tenant;

	(void)err;
	(void)errlen;
	t->has_common_tenant_host_asn = req->conf.on;
	t->common_tenant_host_asn = req->conf.on ? req->conf.as : 0;
	return 0;
}

static int host_asn_run(struct ctl_req *req)
{
	const struct dpubgp_conf_tenant *t;
	struct dpubgp_doc doc;

	if (req->conf.set)
		return ctl_conf_update(req, host_asn_edit);
	if (ctl_conf_read(req, &doc))
		return -1;
	t = &doc.tenant;
	if (req->json)
		ctl_print_json(req, t->has_common_tenant_host_asn ?
			       json_pack("{sI}", "common_tenant_host_asn",
					 (json_int_t)t->common_tenant_host_asn) :
			       json_pack("{sn}", "common_tenant_host_asn"));
	else if (t->has_common_tenant_host_asn)
		printf("%u\n", t->common_tenant_host_asn);
	else
		puts("none");
	dpubgp_doc_free(&doc);
	return req->err[0] ? -1 : 0;
}

const struct ctl_cmd ctl_tenant_cmds[] = {
	{
		.name = "host-asn",
		.args = "[ASN|none] [-o json]",
		.parse = host_asn_parse,
		.run = host_asn_run,
		.summary = "The AS every tenant host must use; bare: print it.",
	},
	{ 0 }
};

/* profile NAME allow|disallow PREFIX... | leak-communities on|off */

enum { PROFILE_ALLOW, PROFILE_DISALLOW, PROFILE_LEAK };

static const char *const profile_actions[] = {
	[PROFILE_ALLOW] = "allow",
	[PROFILE_DISALLOW] = "disallow",
	[PROFILE_LEAK] = "leak-communities",
};

static int check_prefixes(struct ctl_req *req, char **words, int n)
{
	struct dpubgp_prefix p;
	int i;

	for (i = 0; i < n; i++)
		if (dpubgp_value_prefix(words[i], &p))
			return ctl_errorf(req, "Invalid prefix specified: %s.",
					  words[i]);
	return 0;
}

int ctl_profile_parse(struct ctl_req *req, int argc, char *argv[])
{
	int a;

	if (argc < 3)
		return -1;
	if (!dpubgp_value_name_ok(argv[0], NAME_MAX_LEN))
		return ctl_errorf(req, "Invalid routing profile name specified.");
	for (a = 0; a < 3 && strcmp(argv[1], profile_actions[a]); a++)
		;
	if (a == 3)
		return -1;
	req->conf.name = argv[0];
	req->conf.action = a;
	req->conf.words = argv + 2;
	req->conf.n_words = argc - 2;
	if (a == PROFILE_LEAK)
		return argc == 3 && !ctl_on_off(argv[2], &req->conf.on) ? 0 : -1;
	return check_prefixes(req, argv + 2, argc - 2);
}

static int prefix_index(const struct dpubgp_prefixes *list,
			const struct dpubgp_prefix *p)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		if (!memcmp(&list->v[i], p, sizeof(*p)))
			return (int)i;
	return -1;
}

static int allow(struct dpubgp_prefixes *list, const struct dpubgp_prefix *p)
{
	struct dpubgp_prefix *v;

	list->present = true;
	if (prefix_index(list, p) >= 0)
		return 0;
	v = realloc(list->v, (list->n + 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	v[list->n++] = *p;
	list->v = v;
	return 0;
}

static int profile_edit(struct dpubgp_doc *doc, void *ctx, char *err,
			size_t errlen)
{
	const struct ctl_req *req = ctx;
	struct dpubgp_conf_profile *p;
	struct dpubgp_prefixes *list;
	struct dpubgp_prefix prefix;
	int i, at;

	p = dpubgp_named_find(&doc->profiles, sizeof(*p), req->conf.name);
	if (!p && req->conf.action == PROFILE_DISALLOW) {
		snprintf(err, errlen, "Error: routing profile \"%s\" not found.",
			 req->conf.name);
		return -1;
	}
	if (!p) {
		p = dpubgp_named_get(&doc->profiles, sizeof(*p), req->conf.name);
		if (!p)
			goto nomem;
		p->max_prefixes = DPUBGP_DEFAULT_MAX_PREFIXES;
	}
	if (req->conf.action == PROFILE_LEAK) {
		p->tenant_leak_communities_accepted = req->conf.on;
		return 0;
	}
	list = &p->allowed_anycast_prefixes;
	for (i = 0; i < req->conf.n_words; i++) {
		dpubgp_value_prefix(req->conf.words[i], &prefix);
		if (req->conf.action == PROFILE_ALLOW) {
			if (allow(list, &prefix))
				goto nomem;
			continue;
		}
		at = prefix_index(list, &prefix);
		if (at < 0) {
			snprintf(err, errlen,
				 "Error: %s is not allowed by routing profile \"%s\".",
				 req->conf.words[i], req->conf.name);
			return -1;
		}
		memmove(&list->v[at], &list->v[at + 1],
			(list->n - (size_t)at - 1) * sizeof(*list->v));
		list->n--;
	}
	return 0;
nomem:
	snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
	return -1;
}

int ctl_profile_run(struct ctl_req *req)
{
	return ctl_conf_update(req, profile_edit);
}

/* port add IFNAME vpc VPC host ADDR... gateway ADDR/LEN... | remove IFNAME */

/* The words after key up to the next of keys; how many. */
static int run_of(char **argv, int argc, int i)
{
	int n = 0;

	while (i + n < argc && strcmp(argv[i + n], "vpc") &&
	       strcmp(argv[i + n], "host") && strcmp(argv[i + n], "gateway"))
		n++;
	return n;
}

static int port_add_parse(struct ctl_req *req, int argc, char *argv[])
{
	struct dpubgp_prefix p;
	struct dpubgp_addr a;
	int i, n;

	if (argc < 1 || !dpubgp_value_name_ok(argv[0], IFNAMSIZ - 1))
		return argc ? ctl_errorf(req, "Invalid interface name specified.") : -1;
	req->conf.name = argv[0];
	for (i = 1; i < argc; i += n + 1) {
		n = run_of(argv, argc, i + 1);
		if (!n || (!strcmp(argv[i], "vpc") && n != 1))
			return -1;
		if (!strcmp(argv[i], "vpc")) {
			req->conf.vpc = argv[i + 1];
		} else if (!strcmp(argv[i], "host")) {
			req->conf.words = argv + i + 1;
			req->conf.n_words = n;
		} else if (!strcmp(argv[i], "gateway")) {
			req->conf.gateways = argv + i + 1;
			req->conf.n_gateways = n;
		} else {
			return -1;
		}
	}
	if (!req->conf.vpc || !req->conf.words || !req->conf.gateways)
		return -1;
	for (i = 0; i < req->conf.n_words; i++)
		if (dpubgp_value_addr(req->conf.words[i], &a))
			return ctl_errorf(req, "Invalid IP address specified.");
	for (i = 0; i < req->conf.n_gateways; i++)
		if (!strchr(req->conf.gateways[i], '/') ||
		    dpubgp_prefix_parse(req->conf.gateways[i], &p))
			return ctl_errorf(req,
					  "Invalid gateway specified: %s (ADDRESS/LENGTH).",
					  req->conf.gateways[i]);
	return 0;
}

static int port_fill(struct dpubgp_conf_port *port, const struct ctl_req *req)
{
	int i;

	port->vpc = strdup(req->conf.vpc);
	port->host.v = calloc((size_t)req->conf.n_words, sizeof(*port->host.v));
	port->gateway.v = calloc((size_t)req->conf.n_gateways,
				 sizeof(*port->gateway.v));
	if (!port->vpc || !port->host.v || !port->gateway.v)
		return -ENOMEM;
	for (i = 0; i < req->conf.n_words; i++)
		dpubgp_value_addr(req->conf.words[i],
				  &port->host.v[port->host.n++]);
	for (i = 0; i < req->conf.n_gateways; i++)
		dpubgp_prefix_parse(req->conf.gateways[i],
				    &port->gateway.v[port->gateway.n++]);
	port->gateway.present = true;
	return 0;
}

static int port_add_edit(struct dpubgp_doc *doc, void *ctx, char *err,
			 size_t errlen)
{
	const struct ctl_req *req = ctx;
	const char *node = ctl_this_node();
	struct dpubgp_conf_node_ports *np;
	struct dpubgp_conf_port *port;
	char *name;

	if (!dpubgp_doc_node(doc, node)) {
		snprintf(err, errlen, "Error: node \"%s\" is not in the datastore.",
			 node);
		return -1;
	}
	if (!dpubgp_doc_vpc(doc, req->conf.vpc)) {
		snprintf(err, errlen, "Error: vpc \"%s\" not found.",
			 req->conf.vpc);
		return -1;
	}
	np = dpubgp_named_get(&doc->ports, sizeof(*np), node);
	port = np ? dpubgp_named_get(&np->ports, sizeof(*port),
				     req->conf.name) : NULL;
	if (!port)
		goto nomem;
	/* Replaced whole, as peer add replaces a peer: only its name stays. */
	name = port->name;
	port->name = NULL;
	dpubgp_conf_port_free(port);
	*port = (struct dpubgp_conf_port){ .name = name };
	if (port_fill(port, req))
		goto nomem;
	return 0;
nomem:
	snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
	return -1;
}

static int port_remove_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (argc != 1)
		return -1;
	req->conf.name = argv[0];
	return 0;
}

static int port_remove_edit(struct dpubgp_doc *doc, void *ctx, char *err,
			    size_t errlen)
{
	const struct ctl_req *req = ctx;
	const char *node = ctl_this_node();

	if (!dpubgp_doc_remove_port(doc, node, req->conf.name))
		return 0;
	snprintf(err, errlen, "Error: port \"%s\" not found on node \"%s\".",
		 req->conf.name, node);
	return -1;
}

static int port_add_run(struct ctl_req *req)
{
	return ctl_conf_update(req, port_add_edit);
}

static int port_remove_run(struct ctl_req *req)
{
	return ctl_conf_update(req, port_remove_edit);
}

const struct ctl_cmd ctl_port_cmds[] = {
	{
		.name = "add",
		.args = "IFNAME vpc VPC host ADDR... gateway ADDR/LEN...",
		.parse = port_add_parse,
		.run = port_add_run,
		.summary = "Create or replace this node's port, whole.",
	},
	{
		.name = "remove",
		.args = "IFNAME",
		.parse = port_remove_parse,
		.run = port_remove_run,
		.summary = "Remove this node's port.",
	},
	{ 0 }
};
