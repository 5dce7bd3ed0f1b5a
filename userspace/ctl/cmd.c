// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl's command tree: dispatch, usage and help.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/cmd.h"
#include "ctl/conf.h"
#include "ctl/kernel.h"
#include "ctl/status.h"

static int help_run(struct ctl_req *req);

static const struct ctl_cmd root_cmds[] = {
	{ .name = "kernel", .subcmds = ctl_kernel_cmds },
	{ .name = "status", .args = "[-o json]", .parse = ctl_status_parse,
	  .run = ctl_status_run },
	{ .name = "rib", .args = "[-o json]", .parse = ctl_status_parse,
	  .run = ctl_rib_run },
	/* The datastore's (ctl/conf.c, objects.c, tenant.c). */
	{ .name = "bgp", .subcmds = ctl_bgp_cmds },
	{ .name = "node", .subcmds = ctl_node_cmds },
	{ .name = "apply", .args = "-f FILE|-", .parse = ctl_apply_parse,
	  .run = ctl_apply_run },
	{ .name = "get", .args = "KIND [NAME] [-o yaml|json]",
	  .parse = ctl_get_parse, .run = ctl_get_run },
	{ .name = "delete", .args = "KIND [NAME]", .parse = ctl_delete_parse,
	  .run = ctl_delete_run },
	{ .name = "tenant", .subcmds = ctl_tenant_cmds },
	{ .name = "profile",
	  .args = "NAME allow|disallow PREFIX...|leak-communities on|off",
	  .parse = ctl_profile_parse, .run = ctl_profile_run },
	{ .name = "port", .subcmds = ctl_port_cmds },
	{ .name = "help", .parse = ctl_parse_none, .run = help_run },
	{ 0 }
};

const struct ctl_cmd ctl_root = {
	.name = "dpubgpctl",
	.subcmds = root_cmds,
};

/*
 * Append to buf at pos; returns the new end, which passes size once the
 * text no longer fits (buf then holds what did, NUL-terminated).
 */
static __attribute__((format(printf, 4, 5))) size_t
append(char *buf, size_t size, size_t pos, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (pos >= size)
		return pos;
	va_start(ap, fmt);
	n = vsnprintf(buf + pos, size - pos, fmt, ap);
	va_end(ap);
	return n < 0 ? size : pos + (size_t)n;
}

/*
 * lead, then the words of path and what may follow the last: its
 * arguments for a leaf, the choice of its words for a group.
 */
static void cmd_line(char *buf, size_t size, const char *lead,
		     const struct ctl_cmd *const *path, size_t depth)
{
	const struct ctl_cmd *last = path[depth - 1];
	const struct ctl_cmd *sub;
	size_t pos, i;

	pos = append(buf, size, 0, "%s", lead);
	for (i = 0; i < depth; i++)
		pos = append(buf, size, pos, "%s%s", i ? " " : "",
			     path[i]->name);
	if (last->args)
		append(buf, size, pos, " %s", last->args);
	if (!last->subcmds)
		return;
	for (sub = last->subcmds; sub->name; sub++)
		pos = append(buf, size, pos, "%s%s",
			     sub == last->subcmds ? " {" : "|", sub->name);
	append(buf, size, pos, "} ...");
}

static int usage(struct ctl_req *req)
{
	cmd_line(req->err, sizeof(req->err), "Usage: ", req->path, req->depth);
	return -1;
}

static void help_walk(const struct ctl_cmd **path, size_t depth)
{
	const struct ctl_cmd *sub;
	char line[CTL_ERR_SIZE];

	if (!path[depth - 1]->subcmds) {
		cmd_line(line, sizeof(line), "  ", path, depth);
		puts(line);
		return;
	}
	if (depth == CTL_DEPTH_MAX)
		return;
	for (sub = path[depth - 1]->subcmds; sub->name; sub++) {
		path[depth] = sub;
		help_walk(path, depth + 1);
	}
}

static int help_run(struct ctl_req *req)
{
	const struct ctl_cmd *path[CTL_DEPTH_MAX] = { &ctl_root };

	(void)req;
	puts("Usage:");
	help_walk(path, 1);
	return 0;
}

static const struct ctl_cmd *cmd_find(const struct ctl_cmd *cmds,
				      const char *name)
{
	for (; cmds->name; cmds++)
		if (!strcmp(cmds->name, name))
			return cmds;
	return NULL;
}

int ctl_parse(struct ctl_req *req, int argc, char *argv[])
{
	const struct ctl_cmd *cmd = &ctl_root;

	memset(req, 0, sizeof(*req));
	req->path[req->depth++] = cmd;
	while (cmd->subcmds) {
		if (!argc || req->depth == CTL_DEPTH_MAX)
			return usage(req);
		cmd = cmd_find(cmd->subcmds, argv[0]);
		if (!cmd)
			return usage(req);
		req->path[req->depth++] = cmd;
		argc--;
		argv++;
	}
	if (!cmd->parse(req, argc, argv))
		return 0;
	/* A leaf that said nothing means its grammar was not followed. */
	return req->err[0] ? -1 : usage(req);
}

int ctl_run(struct ctl_req *req)
{
	return req->path[req->depth - 1]->run(req);
}

void ctl_req_release(struct ctl_req *req)
{
	free(req->hosts);
	req->hosts = NULL;
	req->nhosts = 0;
}

int ctl_parse_opts(struct ctl_req *req, int argc, char *argv[],
		   const struct ctl_opt *opts)
{
	const struct ctl_opt *opt;
	int i;

	for (i = 0; i < argc; i += 2) {
		for (opt = opts; opt->name && strcmp(opt->name, argv[i]); opt++)
			;
		if (!opt->name || i + 1 == argc)
			return -1;
		if (opt->parse(req, argv[i + 1]) < 0)
			return -1;
	}
	return 0;
}

int ctl_parse_output(struct ctl_req *req, const char *value)
{
	if (strcmp(value, "json"))
		return ctl_errorf(req,
				  "Error: output format must be json, not \"%s\".",
				  value);
	req->json = true;
	return 0;
}

int ctl_parse_none(struct ctl_req *req, int argc, char *argv[])
{
	(void)req;
	(void)argv;
	return argc ? -1 : 0;
}

int ctl_errorf(struct ctl_req *req, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(req->err, sizeof(req->err), fmt, ap);
	va_end(ap);
	return -1;
}

int ctl_nl_error(struct ctl_req *req, int error,
		 const struct dpubgp_extack *ext)
{
	const char *msg = ext->msg[0] ? ext->msg : strerror(-error);
	size_t len = strlen(msg);

	/* As iproute2: one period at the end, whoever wrote the sentence. */
	return ctl_errorf(req, "Error: %s%s", msg,
			  len && msg[len - 1] == '.' ? "" : ".");
}
