// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl's BGP commands, as calicoctl's (design.md §3):
 *
 *   bgp default-node-as [ASN]          bare: prints the value
 *   bgp node-mesh [on|off]             bare: prints on or off
 *   bgp peer add <IP> as <ASN>         global peers
 *   bgp peer remove <IP>
 *   bgp peer show [--ipv4|--ipv6]
 *   node bgp peer add|remove|show ...  this node's (--node, else hostname)
 *
 * One table of peer commands serves both scopes: a leaf under "node" works
 * on the node's peers, one under "bgp" on the global ones. Sentences are
 * calicoctl's. A parse checks the values; the edit runs under the
 * datastore's update, on the latest document.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/edit.h"
#include "config/value.h"
#include "ctl/conf.h"

struct dpubgp_ds_opts ctl_ds_opts;
const char *ctl_node;

#define INVALID_IP "Invalid IP address specified."
#define INVALID_AS "Invalid AS Number specified."

static const struct ctl_opt output_opts[] = {
	{ .name = "-o", .parse = ctl_parse_output },
	{ 0 }
};

/* Whether the command is a node's ("node bgp peer ..."), not global. */
static bool node_scope(const struct ctl_req *req)
{
	return !strcmp(req->path[1]->name, "node");
}

const char *ctl_this_node(void)
{
	static char host[256];

	if (ctl_node)
		return ctl_node;
	if (gethostname(host, sizeof(host) - 1))
		strcpy(host, "localhost");
	return host;
}

static int open_ds(struct ctl_req *req, struct dpubgp_ds **ds)
{
	return dpubgp_ds_open(&ctl_ds_opts, ds, req->err, sizeof(req->err));
}

int ctl_conf_read(struct ctl_req *req, struct dpubgp_doc *doc)
{
	struct dpubgp_ds *ds;
	int ret = open_ds(req, &ds);

	if (ret)
		return -1;
	ret = dpubgp_ds_read(ds, doc, req->err, sizeof(req->err));
	dpubgp_ds_close(ds);
	return ret ? -1 : 0;
}

int ctl_conf_update(struct ctl_req *req, dpubgp_ds_edit_fn *edit)
{
	struct dpubgp_ds *ds;
	int ret = open_ds(req, &ds);

	if (ret)
		return -1;
	ret = dpubgp_ds_update(ds, edit, req, req->err, sizeof(req->err));
	if (!ret && dpubgp_ds_notice(ds))
		fprintf(stderr, "Note: %s: %s.\n", dpubgp_ds_url(ds),
			dpubgp_ds_notice(ds));
	dpubgp_ds_close(ds);
	return ret ? -1 : 0;
}

/* [-o json] after the words a leaf takes. */
static int parse_output(struct ctl_req *req, int argc, char *argv[])
{
	return ctl_parse_opts(req, argc, argv, output_opts);
}

int ctl_print_json(struct ctl_req *req, json_t *obj)
{
	int err = !obj || json_dumpf(obj, stdout, JSON_INDENT(2)) ||
		  fputc('\n', stdout) == EOF;

	json_decref(obj);
	return err ? ctl_errorf(req, "Error: cannot write output.") : 0;
}

/* bgp default-node-as [ASN] */

static int default_as_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (argc && strcmp(argv[0], "-o")) {
		if (dpubgp_value_asn(argv[0], &req->conf.as))
			return ctl_errorf(req, INVALID_AS);
		req->conf.set = true;
		argc--;
		argv++;
	}
	return parse_output(req, argc, argv);
}

static int default_as_edit(struct dpubgp_doc *doc, void *ctx, char *err,
			   size_t errlen)
{
	const struct ctl_req *req = ctx;

	(void)err;
	(void)errlen;
	if (doc->bgp.default_node_as == req->conf.as)
		return DPUBGP_DS_UNCHANGED;
	doc->bgp.default_node_as = req->conf.as;
	return 0;
}

static int default_as_run(struct ctl_req *req)
{
	struct dpubgp_doc doc;

	if (req->conf.set)
		return ctl_conf_update(req, default_as_edit);
	if (ctl_conf_read(req, &doc))
		return -1;
	if (req->json)
		ctl_print_json(req, json_pack("{sI}", "default_node_as",
					  (json_int_t)doc.bgp.default_node_as));
	else
		printf("%u\n", doc.bgp.default_node_as);
	dpubgp_doc_free(&doc);
	return req->err[0] ? -1 : 0;
}

/* bgp node-mesh [on|off] */

int ctl_on_off(const char *word, bool *on)
{
	if (!strcmp(word, "on") || !strcmp(word, "off")) {
		*on = !strcmp(word, "on");
		return 0;
	}
	return -1;
}

static int mesh_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (argc && strcmp(argv[0], "-o")) {
		if (ctl_on_off(argv[0], &req->conf.on))
			return -1;
		req->conf.set = true;
		argc--;
		argv++;
	}
	return parse_output(req, argc, argv);
}

static int mesh_edit(struct dpubgp_doc *doc, void *ctx, char *err,
		     size_t errlen)
{
	const struct ctl_req *req = ctx;

	(void)err;
	(void)errlen;
	if (doc->bgp.node_mesh == req->conf.on)
		return DPUBGP_DS_UNCHANGED;
	doc->bgp.node_mesh = req->conf.on;
	return 0;
}

static int mesh_run(struct ctl_req *req)
{
	struct dpubgp_doc doc;

	if (req->conf.set)
		return ctl_conf_update(req, mesh_edit);
	if (ctl_conf_read(req, &doc))
		return -1;
	if (req->json)
		ctl_print_json(req, json_pack("{sb}", "node_mesh",
					  doc.bgp.node_mesh));
	else
		puts(doc.bgp.node_mesh ? "on" : "off");
	dpubgp_doc_free(&doc);
	return req->err[0] ? -1 : 0;
}

/* [node] bgp peer add|remove|show */

static int peer_add_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (argc != 3 || strcmp(argv[1], "as"))
		return -1;
	if (dpubgp_value_addr(argv[0], &req->conf.ip))
		return ctl_errorf(req, INVALID_IP);
	if (dpubgp_value_asn(argv[2], &req->conf.as))
		return ctl_errorf(req, INVALID_AS);
	return 0;
}

static int peer_remove_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (argc != 1)
		return -1;
	if (dpubgp_value_addr(argv[0], &req->conf.ip))
		return ctl_errorf(req, INVALID_IP);
	return 0;
}

static int peer_show_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (argc && (!strcmp(argv[0], "--ipv4") || !strcmp(argv[0], "--ipv6"))) {
		req->conf.family = argv[0][5] - '0';
		argc--;
		argv++;
	}
	return parse_output(req, argc, argv);
}

/*
 * The peers the command works on: the global ones, or the node's (NULL
 * when the node has none and create is false). Sets err when the node is
 * not in the document.
 */
static struct dpubgp_conf_peers *scope_peers(const struct ctl_req *req,
					     struct dpubgp_doc *doc,
					     bool create, char *err,
					     size_t errlen)
{
	const char *node = ctl_this_node();
	struct dpubgp_conf_node_peers *np;

	if (!node_scope(req))
		return &doc->peers;
	if (!dpubgp_doc_node(doc, node)) {
		snprintf(err, errlen, "Error: node \"%s\" is not in the datastore.",
			 node);
		return NULL;
	}
	if (!create) {
		np = dpubgp_named_find(&doc->node_peers, sizeof(*np), node);
		return np ? &np->peers : NULL;
	}
	np = dpubgp_named_get(&doc->node_peers, sizeof(*np), node);
	if (!np)
		snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
	return np ? &np->peers : NULL;
}

static int peer_add_edit(struct dpubgp_doc *doc, void *ctx, char *err,
			 size_t errlen)
{
	const struct ctl_req *req = ctx;
	struct dpubgp_conf_peers *peers = scope_peers(req, doc, true, err,
						      errlen);
	const struct dpubgp_conf_peer peer = { req->conf.ip, req->conf.as };

	if (!peers)
		return -1;
	if (dpubgp_peers_set(peers, &peer)) {
		snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
		return -1;
	}
	return 0;
}

/* A node's peers without any left: no key of its own either. */
static void drop_empty_node_peers(struct dpubgp_doc *doc)
{
	size_t i = doc->node_peers.n;

	while (i--)
		if (!doc->node_peers.v[i].peers.n) {
			dpubgp_conf_node_peers_free(&doc->node_peers.v[i]);
			dpubgp_named_remove(&doc->node_peers,
					    sizeof(*doc->node_peers.v),
					    &doc->node_peers.v[i]);
		}
}

static int peer_remove_edit(struct dpubgp_doc *doc, void *ctx, char *err,
			    size_t errlen)
{
	const struct ctl_req *req = ctx;
	struct dpubgp_conf_peers *peers;
	char ip[DPUBGP_ADDR_STRLEN];

	err[0] = '\0';
	peers = scope_peers(req, doc, false, err, errlen);
	if (peers && !dpubgp_peers_remove(peers, &req->conf.ip)) {
		drop_empty_node_peers(doc);
		return 0;
	}
	if (!err[0]) {
		dpubgp_addr_format(&req->conf.ip, ip);
		snprintf(err, errlen, node_scope(req) ?
			 "%s is not a configured peer for this node." :
			 "%s is not a globally configured peer.", ip);
	}
	return -1;
}

static int peer_add_run(struct ctl_req *req)
{
	return ctl_conf_update(req, peer_add_edit);
}

static int peer_remove_run(struct ctl_req *req)
{
	if (ctl_conf_update(req, peer_remove_edit))
		return -1;
	printf("BGP peer removed from %s configuration\n",
	       node_scope(req) ? "node" : "global");
	return 0;
}

static int cmp_peer(const void *a, const void *b)
{
	const struct dpubgp_conf_peer *x = a, *y = b;

	if (x->ip.family != y->ip.family)
		return x->ip.family == AF_INET ? -1 : 1;
	return memcmp(x->ip.addr, y->ip.addr, sizeof(x->ip.addr));
}

/* The peers of family (AF_INET, AF_INET6, AF_UNSPEC: both), sorted. */
static size_t select_peers(const struct dpubgp_conf_peers *peers,
			   sa_family_t family, struct dpubgp_conf_peer *out)
{
	size_t i, n = 0;

	for (i = 0; peers && i < peers->n; i++)
		if (!family || peers->v[i].ip.family == family)
			out[n++] = peers->v[i];
	qsort(out, n, sizeof(*out), cmp_peer);
	return n;
}

static void show_family(const struct ctl_req *req,
			const struct dpubgp_conf_peers *peers, int family,
			struct dpubgp_conf_peer *buf)
{
	char heading[64], empty[64];
	size_t n = select_peers(peers, family == 4 ? AF_INET : AF_INET6, buf);

	if (node_scope(req)) {
		snprintf(heading, sizeof(heading),
			 "Node specific IPv%d BGP Peer", family);
		snprintf(empty, sizeof(empty),
			 "No IPv%d BGP Peers defined for this node.", family);
	} else {
		snprintf(heading, sizeof(heading), "Global IPv%d BGP Peer",
			 family);
		snprintf(empty, sizeof(empty),
			 "No global IPv%d BGP Peers defined.", family);
	}
	ctl_print_peers_text(stdout, heading, empty, buf, n);
}

static int peer_show_run(struct ctl_req *req)
{
	static const sa_family_t families[] = { AF_UNSPEC, AF_INET, [6] = AF_INET6 };
	const struct dpubgp_conf_peers *peers;
	struct dpubgp_conf_peer *buf;
	struct dpubgp_doc doc;
	int f;

	if (ctl_conf_read(req, &doc))
		return -1;
	peers = scope_peers(req, &doc, false, req->err, sizeof(req->err));
	buf = calloc((peers ? peers->n : 0) + 1, sizeof(*buf));
	if (!buf)
		ctl_errorf(req, "Error: %s.", strerror(ENOMEM));
	if (buf && !req->err[0] && req->json &&
	    ctl_print_peers_json(stdout, buf,
				 select_peers(peers, families[req->conf.family],
					      buf)))
		ctl_errorf(req, "Error: cannot write output.");
	for (f = 4; buf && !req->err[0] && !req->json && f <= 6; f += 2)
		if (!req->conf.family || req->conf.family == f)
			show_family(req, peers, f, buf);
	free(buf);
	dpubgp_doc_free(&doc);
	return req->err[0] ? -1 : 0;
}

static const struct ctl_cmd peer_cmds[] = {
	{
		.name = "add",
		.args = "<IP> as <ASN>",
		.parse = peer_add_parse,
		.run = peer_add_run,
		.summary = "Add a peer, or give it this AS.",
	},
	{
		.name = "remove",
		.args = "<IP>",
		.parse = peer_remove_parse,
		.run = peer_remove_run,
		.summary = "Remove a peer.",
	},
	{
		.name = "show",
		.args = "[--ipv4|--ipv6] [-o json]",
		.parse = peer_show_parse,
		.run = peer_show_run,
		.summary = "The peers, a table per family.",
	},
	{ 0 }
};

const struct ctl_cmd ctl_bgp_cmds[] = {
	{
		.name = "default-node-as",
		.args = "[ASN] [-o json]",
		.parse = default_as_parse,
		.run = default_as_run,
		.summary = "The AS of nodes without their own; bare: print it.",
	},
	{
		.name = "node-mesh",
		.args = "[on|off] [-o json]",
		.parse = mesh_parse,
		.run = mesh_run,
		.summary = "The node-to-node mesh on or off; bare: print it.",
	},
	{ .name = "peer", .subcmds = peer_cmds },
	{ 0 }
};

static const struct ctl_cmd node_bgp_cmds[] = {
	{ .name = "peer", .subcmds = peer_cmds },
	{ 0 }
};

const struct ctl_cmd ctl_node_cmds[] = {
	{ .name = "bgp", .subcmds = node_bgp_cmds },
	{ 0 }
};
