// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl's command tree: dispatch, usage and help.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>

#include "base/addr.h"
#include "base/log.h"
#include "control/proto.h"
#include "ctl/cmd.h"
#include "ctl/conf.h"
#include "ctl/kernel.h"
#include "ctl/status.h"

static int help_parse(struct ctl_req *req, int argc, char *argv[]);
static int help_run(struct ctl_req *req);

static const struct ctl_cmd root_cmds[] = {
	{
		.name = "kernel",
		.subcmds = ctl_kernel_cmds,
		.summary = "The dpubgp kernel module's ports and routes.",
		.help =
		"What the dpubgp kernel module holds, read and written over its\n"
		"generic netlink family without dpubgpd: the ports (a tenant\n"
		"device, its source filter and its host prefixes) and the tenant\n"
		"routes (a prefix behind a port, and its leak). Needs root\n"
		"(CAP_NET_ADMIN) to change anything.\n",
	},
	{
		.name = "status",
		.args = "[PEER] [-o json]",
		.parse = ctl_status_parse,
		.run = ctl_status_run,
		.summary = "The node's BGP sessions, or one of them in detail.",
		.help = CTL_STATUS_HELP,
	},
	{
		.name = "rib",
		.args = "[PREFIX|vpc NAME|peer PEER] [--dropped] [-o json]",
		.parse = ctl_rib_parse,
		.run = ctl_rib_run,
		.summary = "The routes dpubgpd holds, a table at a time.",
		.help = CTL_RIB_HELP,
	},
	{
		.name = "log-level",
		.args = "[" LOG_LEVEL_NAMES "]",
		.parse = ctl_log_level_parse,
		.run = ctl_log_level_run,
		.summary = "dpubgpd's log level, shown or set while it runs.",
		.help = CTL_LOG_LEVEL_HELP,
	},
	/* The datastore's (ctl/conf.c, objects.c, tenant.c). */
	{
		.name = "bgp",
		.subcmds = ctl_bgp_cmds,
		.summary = "The fabric's BGP configuration, as calicoctl's.",
		.help = CTL_BGP_HELP,
	},
	{
		.name = "node",
		.subcmds = ctl_node_cmds,
		.summary = "This node's own BGP peers (--node, else the hostname).",
		.help = CTL_NODE_HELP,
	},
	{
		.name = "apply",
		.args = "-f FILE|-",
		.parse = ctl_apply_parse,
		.run = ctl_apply_run,
		.summary = "Create or replace the objects a document names.",
		.help = CTL_APPLY_HELP,
	},
	{
		.name = "get",
		.args = "KIND [NAME] [-o yaml|json]",
		.parse = ctl_get_parse,
		.run = ctl_get_run,
		.summary = "Objects of the datastore, as a document apply takes back.",
		.help = CTL_GET_HELP,
	},
	{
		.name = "delete",
		.args = "KIND [NAME]",
		.parse = ctl_delete_parse,
		.run = ctl_delete_run,
		.summary = "Remove an object of the datastore.",
		.help = CTL_DELETE_HELP,
	},
	{
		.name = "tenant",
		.subcmds = ctl_tenant_cmds,
		.summary = "The site's tenant-ASN policy.",
		.help = CTL_TENANT_HELP,
	},
	{
		.name = "profile",
		.args = "NAME allow|disallow PREFIX...|leak-communities on|off",
		.parse = ctl_profile_parse,
		.run = ctl_profile_run,
		.summary = "A routing profile's anycast prefixes and leak communities.",
		.help = CTL_PROFILE_HELP,
	},
	{
		.name = "port",
		.subcmds = ctl_port_cmds,
		.summary = "This node's tenant ports.",
		.help = CTL_PORT_HELP,
	},
	{
		.name = "help",
		.args = "[COMMAND]...",
		.parse = help_parse,
		.run = help_run,
		.summary = "A command's usage and what it does.",
		.help =
		"Without a command, the list of them, as --help prints it.\n",
	},
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

/* A word that names nothing at req's depth: the sentence, then usage. */
static int unknown(struct ctl_req *req, const char *word)
{
	size_t pos = append(req->err, sizeof(req->err), 0,
			    "Error: unknown command \"%s\".\n", word);

	if (pos < sizeof(req->err))
		cmd_line(req->err + pos, sizeof(req->err) - pos, "Usage: ",
			 req->path, req->depth);
	return -1;
}

/*
 * Each leaf from path[depth - 1] down, as walk() finds them: the usage
 * line with lead, then with summaries its summary on a line of its own.
 */
static void help_walk(FILE *f, const struct ctl_cmd **path, size_t depth,
		      const char *lead, bool summaries)
{
	const struct ctl_cmd *sub, *leaf = path[depth - 1];
	char line[CTL_ERR_SIZE];

	if (!leaf->subcmds) {
		/* The words after the program's name. */
		cmd_line(line, sizeof(line), lead, path + 1, depth - 1);
		fprintf(f, "%s\n", line);
		if (summaries && leaf->summary)
			fprintf(f, "      %s\n", leaf->summary);
		return;
	}
	if (depth == CTL_DEPTH_MAX)
		return;
	for (sub = leaf->subcmds; sub->name; sub++) {
		path[depth] = sub;
		help_walk(f, path, depth + 1, lead, summaries);
	}
}

int ctl_help(FILE *f)
{
	const struct ctl_cmd *path[CTL_DEPTH_MAX] = { &ctl_root };

	fputs("Usage: dpubgpctl [OPTION]... COMMAND [ARGUMENT]...\n"
	      "       dpubgpctl -h|--help | -V|--version\n"
	      "\n"
	      "dpubgp's operator CLI: the sessions and routes of dpubgpd, asked over\n"
	      "its control socket; the datastore every dpubgpd converges on; and\n"
	      "the state of the dpubgp kernel module.\n"
	      "\n"
	      "Commands:\n", f);
	help_walk(f, path, 1, "  ", true);
	fputs("\n"
	      "Options (NAME VALUE or NAME=VALUE):\n"
	      "  -s, --socket SOCKET   dpubgpd's control socket\n"
	      "                        (default " DPUBGP_CONTROL_SOCKET ")\n"
	      "  --datastore URL       file:PATH or etcd://HOST:PORT[,HOST:PORT]...\n"
	      "                        (default $DPUBGP_DATASTORE, else\n"
	      "                        " DPUBGP_DS_DEFAULT ")\n"
	      "  --node NAME           this node (default the hostname)\n"
	      "  --etcd-cacert FILE, --etcd-cert FILE, --etcd-key FILE\n"
	      "                        TLS toward etcd\n"
	      "  -h, --help            print this help and exit\n"
	      "  -V, --version         print the version and exit\n"
	      "\n"
	      "\"dpubgpctl help COMMAND\" says more of a command. Success prints only\n"
	      "what was asked for and exits 0; a failure prints why on stderr and\n"
	      "exits 1.\n", f);
	return ferror(f) ? -EIO : 0;
}

static const struct ctl_cmd *cmd_find(const struct ctl_cmd *cmds,
				      const char *name)
{
	for (; cmds->name; cmds++)
		if (!strcmp(cmds->name, name))
			return cmds;
	return NULL;
}

int ctl_help_words(struct ctl_req *req, FILE *f, int n, char *const words[])
{
	const struct ctl_cmd *path[CTL_DEPTH_MAX] = { &ctl_root };
	const struct ctl_cmd *cmd = &ctl_root;
	size_t depth = 1;
	int i;

	for (i = 0; i < n; i++) {
		cmd = cmd->subcmds ? cmd_find(cmd->subcmds, words[i]) : NULL;
		if (!cmd || depth == CTL_DEPTH_MAX) {
			req->depth = depth;
			memcpy(req->path, path, sizeof(path));
			return unknown(req, words[i]);
		}
		path[depth++] = cmd;
	}
	if (depth == 1)
		return ctl_help(f) ? ctl_errorf(req, "Error: %s.",
						strerror(EIO)) : 0;
	fputs("Usage:\n", f);
	/* A group's leaves with their summaries, a leaf's after it. */
	help_walk(f, path, depth, "  dpubgpctl ", cmd->subcmds);
	if (cmd->summary)
		fprintf(f, "\n%s\n", cmd->summary);
	if (cmd->help)
		fprintf(f, "\n%s", cmd->help);
	return 0;
}

static int help_parse(struct ctl_req *req, int argc, char *argv[])
{
	req->words = argv;
	req->n_words = argc;
	return 0;
}

static int help_run(struct ctl_req *req)
{
	return ctl_help_words(req, stdout, req->n_words, req->words);
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
			return unknown(req, argv[0]);
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

int ctl_parse_peer(struct ctl_req *req, const char *value)
{
	struct bgp_addr addr;
	char dev[IFNAMSIZ];

	if (bgp_peer_parse(value, &addr, dev, sizeof(dev)))
		return ctl_errorf(req,
				  "Error: invalid peer \"%s\": ADDRESS, or ADDRESS%%PORT for a tenant.",
				  value);
	req->peer = value;
	return 0;
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
