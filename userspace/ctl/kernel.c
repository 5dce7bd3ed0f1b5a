// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl kernel ...: the kernel module's state, through its family.
 *
 * Values are checked for syntax only; what they mean (a VRF slave, a
 * prefix without host bits) is the kernel's to judge, and its sentence is
 * what the operator reads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <linux/dpubgp.h>

#include "base/leak.h"
#include "ctl/kernel.h"
#include "ctl/print.h"
#include "kernel/genl.h"
#include "kernel/port.h"
#include "kernel/route.h"

typedef int (*kernel_op_t)(struct ctl_req *req, struct dpubgp_nl *nl,
			   struct dpubgp_extack *ext);

static int parse_src_filter(struct ctl_req *req, const char *value)
{
	if (!strcmp(value, "on"))
		req->flags |= DPUBGP_PORT_F_SRC_FILTER;
	else if (!strcmp(value, "off"))
		req->flags &= ~(uint32_t)DPUBGP_PORT_F_SRC_FILTER;
	else
		return ctl_errorf(req,
				  "Error: src-filter must be on or off, not \"%s\".",
				  value);
	return 0;
}

static int parse_host(struct ctl_req *req, const char *value)
{
	if (dpubgp_prefix_parse(value, &req->hosts[req->nhosts]))
		return ctl_errorf(req, "Error: invalid prefix \"%s\".", value);
	req->nhosts++;
	return 0;
}

static int parse_dev(struct ctl_req *req, const char *value)
{
	req->ifname = value;
	return 0;
}

static int parse_leak(struct ctl_req *req, const char *value)
{
	if (dpubgp_leak_parse(value, &req->flags))
		return ctl_errorf(req,
				  "Error: leak must be underlay or drop-overlay, not \"%s\".",
				  value);
	return 0;
}

static const struct ctl_opt route_add_opts[] = {
	{ .name = "dev", .parse = parse_dev },
	{ .name = "leak", .parse = parse_leak },
	{ 0 }
};

static const struct ctl_opt route_del_opts[] = {
	{ .name = "dev", .parse = parse_dev },
	{ 0 }
};

static const struct ctl_opt port_set_opts[] = {
	{ .name = "src-filter", .parse = parse_src_filter },
	{ .name = "host", .parse = parse_host },
	{ 0 }
};

static const struct ctl_opt show_opts[] = {
	{ .name = "-o", .parse = ctl_parse_output },
	{ 0 }
};

static int port_set_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (argc < 1)
		return -1;
	req->ifname = argv[0];
	/* Room for a host per word: no count to get wrong. */
	req->hosts = calloc((size_t)argc, sizeof(*req->hosts));
	if (!req->hosts)
		return ctl_errorf(req, "Error: %s.", strerror(errno));
	return ctl_parse_opts(req, argc - 1, argv + 1, port_set_opts);
}

static int port_del_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (argc != 1)
		return -1;
	req->ifname = argv[0];
	return 0;
}

static int route_parse(struct ctl_req *req, int argc, char *argv[],
		       const struct ctl_opt *opts)
{
	if (argc < 1)
		return -1;
	if (dpubgp_prefix_parse(argv[0], &req->route_prefix))
		return ctl_errorf(req, "Error: invalid prefix \"%s\".",
				  argv[0]);
	if (ctl_parse_opts(req, argc - 1, argv + 1, opts))
		return -1;
	return req->ifname ? 0 : -1;
}

static int route_add_parse(struct ctl_req *req, int argc, char *argv[])
{
	return route_parse(req, argc, argv, route_add_opts);
}

static int route_del_parse(struct ctl_req *req, int argc, char *argv[])
{
	return route_parse(req, argc, argv, route_del_opts);
}

static int show_parse(struct ctl_req *req, int argc, char *argv[])
{
	return ctl_parse_opts(req, argc, argv, show_opts);
}

/*
 * Names are resolved here, in the caller's namespace, before the kernel is
 * asked anything: the kernel names ports by ifindex only.
 */
static int resolve_ifname(struct ctl_req *req)
{
	req->ifindex = if_nametoindex(req->ifname);
	if (!req->ifindex)
		return ctl_errorf(req, "Cannot find device \"%s\"",
				  req->ifname);
	return 0;
}

static int kernel_call(struct ctl_req *req, kernel_op_t op)
{
	struct dpubgp_extack ext;
	struct dpubgp_nl nl;
	int ret;

	ret = dpubgp_nl_open(&nl, &ext);
	if (!ret) {
		ret = op(req, &nl, &ext);
		dpubgp_nl_close(&nl);
	}
	return ret ? ctl_nl_error(req, ret, &ext) : 0;
}

static int port_set_op(struct ctl_req *req, struct dpubgp_nl *nl,
		       struct dpubgp_extack *ext)
{
	const struct dpubgp_port port = {
		.ifindex = req->ifindex,
		.flags = req->flags,
		.nhosts = req->nhosts,
		.hosts = req->hosts,
	};

	return dpubgp_port_set(nl, &port, ext);
}

static int port_del_op(struct ctl_req *req, struct dpubgp_nl *nl,
		       struct dpubgp_extack *ext)
{
	return dpubgp_port_del(nl, req->ifindex, ext);
}

static int route_op(struct ctl_req *req, struct dpubgp_nl *nl,
		    struct dpubgp_extack *ext)
{
	const struct dpubgp_route route = {
		.prefix = req->route_prefix,
		.ifindex = req->ifindex,
		.flags = req->flags,
	};
	const struct ctl_cmd *leaf = req->path[req->depth - 1];

	if (!strcmp(leaf->name, "add"))
		return dpubgp_route_add(nl, &route, ext);
	return dpubgp_route_del(nl, &route, ext);
}

static int show_op(struct ctl_req *req, struct dpubgp_nl *nl,
		   struct dpubgp_extack *ext)
{
	struct ctl_show show;
	int ret;

	ret = dpubgp_port_dump(nl, &show.ports, ext);
	if (ret)
		return ret;
	ret = dpubgp_route_dump(nl, &show.routes, ext);
	if (!ret && req->json)
		ret = ctl_print_show_json(stdout, &show);
	else if (!ret)
		ret = ctl_print_show_text(stdout, &show);
	dpubgp_route_list_free(&show.routes);
	dpubgp_port_list_free(&show.ports);
	return ret;
}

static int port_set_run(struct ctl_req *req)
{
	if (resolve_ifname(req))
		return -1;
	return kernel_call(req, port_set_op);
}

static int port_del_run(struct ctl_req *req)
{
	if (resolve_ifname(req))
		return -1;
	return kernel_call(req, port_del_op);
}

static int route_run(struct ctl_req *req)
{
	if (resolve_ifname(req))
		return -1;
	return kernel_call(req, route_op);
}

static int show_run(struct ctl_req *req)
{
	return kernel_call(req, show_op);
}

static const struct ctl_cmd port_cmds[] = {
	{
		.name = "set",
		.args = "IFNAME [src-filter on|off] [host PREFIX]...",
		.parse = port_set_parse,
		.run = port_set_run,
		.summary = "Make a device a port, or replace the port.",
		.help =
		"The device IFNAME, a slave of a VRF, becomes a tenant port of the\n"
		"module (design.md §5), or its port is replaced whole.\n"
		"\n"
		"  IFNAME         the tenant's device\n"
		"  src-filter     on: packets from the tenant must come from one\n"
		"                 of its host prefixes or routes (R1); off (the\n"
		"                 default here): not checked\n"
		"  host PREFIX    a prefix of the tenant's hosts; any number\n",
	},
	{
		.name = "del",
		.args = "IFNAME",
		.parse = port_del_parse,
		.run = port_del_run,
		.summary = "Remove a port, and its routes.",
	},
	{ 0 }
};

static const struct ctl_cmd route_cmds[] = {
	{
		.name = "add",
		.args = "PREFIX dev IFNAME [leak underlay|leak drop-overlay]",
		.parse = route_add_parse,
		.run = route_run,
		.summary = "Add a tenant route behind a port.",
		.help =
		"  PREFIX         the tenant's prefix, host bits clear\n"
		"  dev IFNAME     the port it is behind\n"
		"  leak underlay  reachable from the underlay too (65100:1)\n"
		"  leak drop-overlay\n"
		"                 from the underlay only (65100:2)\n",
	},
	{
		.name = "del",
		.args = "PREFIX dev IFNAME",
		.parse = route_del_parse,
		.run = route_run,
		.summary = "Remove a tenant route.",
	},
	{ 0 }
};

const struct ctl_cmd ctl_kernel_cmds[] = {
	{
		.name = "port",
		.subcmds = port_cmds,
		.summary = "The module's ports.",
	},
	{
		.name = "route",
		.subcmds = route_cmds,
		.summary = "The module's tenant routes.",
	},
	{
		.name = "show",
		.args = "[-o json]",
		.parse = show_parse,
		.run = show_run,
		.summary = "The module's ports and routes, with their counters.",
		.help =
		"Each port with its VRF, source filter, drop counter and host\n"
		"prefixes; each route with its leak, packets and bytes.\n"
		"\n"
		"  -o json        as JSON\n",
	},
	{ 0 }
};
