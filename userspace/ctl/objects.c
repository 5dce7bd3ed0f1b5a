// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl's commands over the whole data model (design.md §2, §3):
 *
 *   apply -f FILE|-                  a document, or part of one (YAML or
 *                                    JSON): its objects created or
 *                                    replaced, the others left
 *   get KIND [NAME] [-o yaml|json]   a document of the kind's objects,
 *                                    which apply takes back
 *   delete KIND NAME
 *   tenant host-asn [ASN|none]
 *   profile NAME allow|disallow PREFIX... | leak-communities on|off
 *   port add IFNAME vpc VPC host ADDR... gateway PREFIX... | remove IFNAME
 *
 * A kind is a table row: its section of the document, how to pick its
 * objects by name, how to remove one. Names of objects that belong to a
 * node are NODE/NAME (node-peer NODE/IP, port NODE/IFNAME); NODE alone
 * picks all of the node's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/edit.h"
#include "config/json.h"
#include "config/value.h"
#include "ctl/conf.h"

#define DOC_MAX_SIZE (16u << 20)

/* What get prints: a document borrowing the objects it names. */
struct view {
	struct dpubgp_doc doc;
	struct dpubgp_conf_node_peers np;	/* one node's, or one peer */
	struct dpubgp_conf_node_ports pp;	/* one node's port */
};

struct ctl_kind {
	const char *name;
	unsigned int section;
	bool named;		/* its objects have names (not bgp, tenant) */
	/* The object named name into v: 0, or -ENOENT. */
	int (*select)(const struct dpubgp_doc *doc, const char *name,
		      struct view *v);
	/* Remove it: 0, -ENOENT, or -1 with err set (it is still used). */
	int (*remove)(struct dpubgp_doc *doc, const char *name, char *err,
		      size_t errlen);
};

#define ONE(vec, elem) do { (vec).v = (elem); (vec).n = 1; } while (0)
#define NAMED(vec, name) dpubgp_named_find(&(vec), sizeof(*(vec).v), name)

/* name split at its '/': node into buf, the rest returned (NULL: none). */
static const char *split(const char *name, char *node, size_t size)
{
	const char *slash = strchr(name, '/');
	size_t len = slash ? (size_t)(slash - name) : strlen(name);

	snprintf(node, size, "%.*s", (int)len, name);
	return slash ? slash + 1 : NULL;
}

static int select_node(const struct dpubgp_doc *doc, const char *name,
		       struct view *v)
{
	struct dpubgp_conf_node *node = NAMED(doc->nodes, name);

	if (!node)
		return -ENOENT;
	ONE(v->doc.nodes, node);
	return 0;
}

static struct dpubgp_conf_peer *find_peer(const struct dpubgp_conf_peers *peers,
					  const char *text)
{
	struct dpubgp_addr ip;
	size_t i;

	if (dpubgp_value_addr(text, &ip))
		return NULL;
	for (i = 0; i < peers->n; i++)
		if (dpubgp_addr_equal(&peers->v[i].ip, &ip))
			return &peers->v[i];
	return NULL;
}

static int select_peer(const struct dpubgp_doc *doc, const char *name,
		       struct view *v)
{
	struct dpubgp_conf_peer *peer = find_peer(&doc->peers, name);

	if (!peer)
		return -ENOENT;
	ONE(v->doc.peers, peer);
	return 0;
}

static int select_node_peer(const struct dpubgp_doc *doc, const char *name,
			    struct view *v)
{
	char node[128];
	const char *ip = split(name, node, sizeof(node));
	struct dpubgp_conf_node_peers *np = NAMED(doc->node_peers, node);
	struct dpubgp_conf_peer *peer;

	if (!np)
		return -ENOENT;
	v->np = *np;
	if (ip) {
		peer = find_peer(&np->peers, ip);
		if (!peer)
			return -ENOENT;
		ONE(v->np.peers, peer);
	}
	ONE(v->doc.node_peers, &v->np);
	return 0;
}

static int select_profile(const struct dpubgp_doc *doc, const char *name,
			  struct view *v)
{
	struct dpubgp_conf_profile *p = NAMED(doc->profiles, name);

	if (!p)
		return -ENOENT;
	ONE(v->doc.profiles, p);
	return 0;
}

static int select_vpc(const struct dpubgp_doc *doc, const char *name,
		      struct view *v)
{
	struct dpubgp_conf_vpc *vpc = NAMED(doc->vpcs, name);

	if (!vpc)
		return -ENOENT;
	ONE(v->doc.vpcs, vpc);
	return 0;
}

static int select_port(const struct dpubgp_doc *doc, const char *name,
		       struct view *v)
{
	char node[128];
	const char *ifname = split(name, node, sizeof(node));
	struct dpubgp_conf_node_ports *np = NAMED(doc->ports, node);
	struct dpubgp_conf_port *port;

	if (!np)
		return -ENOENT;
	v->pp = *np;
	if (ifname) {
		port = NAMED(np->ports, ifname);
		if (!port)
			return -ENOENT;
		ONE(v->pp.ports, port);
	}
	ONE(v->doc.ports, &v->pp);
	return 0;
}

static int remove_bgp(struct dpubgp_doc *doc, const char *name, char *err,
		      size_t errlen)
{
	(void)name;
	(void)err;
	(void)errlen;
	doc->bgp = (struct dpubgp_conf_bgp){
		.default_node_as = DPUBGP_DEFAULT_NODE_AS, .node_mesh = true,
		.listen_port = DPUBGP_DEFAULT_LISTEN_PORT };
	return 0;
}

/* The tenant settings; the DPU ASNs are the daemons', and stay. */
static int remove_tenant(struct dpubgp_doc *doc, const char *name, char *err,
			 size_t errlen)
{
	struct dpubgp_conf_tenant *t = &doc->tenant;

	(void)name;
	(void)err;
	(void)errlen;
	free(t->anycast_site_prefixes.v);
	*t = (struct dpubgp_conf_tenant){ .dpu_asns = t->dpu_asns };
	return 0;
}

/* Remove elem from a mapping after freeing it with fn. */
#define DROP(vec, elem, fn)						\
	do {								\
		fn(elem);						\
		dpubgp_named_remove(&(vec), sizeof(*(vec).v), elem);	\
	} while (0)

static int remove_node(struct dpubgp_doc *doc, const char *name, char *err,
		       size_t errlen)
{
	struct dpubgp_conf_node *node = NAMED(doc->nodes, name);
	struct dpubgp_conf_node_peers *np = NAMED(doc->node_peers, name);
	struct dpubgp_conf_node_ports *pp = NAMED(doc->ports, name);

	if (!node)
		return -ENOENT;
	if ((np && np->peers.n) || (pp && pp->ports.n)) {
		snprintf(err, errlen,
			 "Error: node \"%s\" still has %s: delete them first.",
			 name, np && np->peers.n ? "peers" : "ports");
		return -1;
	}
	if (np)
		DROP(doc->node_peers, np, dpubgp_conf_node_peers_free);
	if (pp)
		DROP(doc->ports, pp, dpubgp_conf_node_ports_free);
	DROP(doc->nodes, node, dpubgp_conf_node_free);
	return 0;
}

static int remove_peer(struct dpubgp_doc *doc, const char *name, char *err,
		       size_t errlen)
{
	struct dpubgp_conf_peer *peer = find_peer(&doc->peers, name);

	(void)err;
	(void)errlen;
	return peer ? dpubgp_peers_remove(&doc->peers, &peer->ip) : -ENOENT;
}

static int remove_node_peer(struct dpubgp_doc *doc, const char *name,
			    char *err, size_t errlen)
{
	char node[128];
	const char *ip = split(name, node, sizeof(node));
	struct dpubgp_conf_node_peers *np = NAMED(doc->node_peers, node);
	struct dpubgp_conf_peer *peer;

	(void)err;
	(void)errlen;
	if (!np)
		return -ENOENT;
	if (ip) {
		peer = find_peer(&np->peers, ip);
		if (!peer)
			return -ENOENT;
		dpubgp_peers_remove(&np->peers, &peer->ip);
	}
	if (!ip || !np->peers.n)
		DROP(doc->node_peers, np, dpubgp_conf_node_peers_free);
	return 0;
}

static int remove_profile(struct dpubgp_doc *doc, const char *name,
			  char *err, size_t errlen)
{
	struct dpubgp_conf_profile *p = NAMED(doc->profiles, name);
	size_t i;

	if (!p)
		return -ENOENT;
	for (i = 0; i < doc->vpcs.n; i++)
		if (doc->vpcs.v[i].routing_profile &&
		    !strcmp(doc->vpcs.v[i].routing_profile, name)) {
			snprintf(err, errlen,
				 "Error: routing profile \"%s\" is used by vpc \"%s\".",
				 name, doc->vpcs.v[i].name);
			return -1;
		}
	DROP(doc->profiles, p, dpubgp_conf_profile_free);
	return 0;
}

static int remove_vpc(struct dpubgp_doc *doc, const char *name, char *err,
		      size_t errlen)
{
	struct dpubgp_conf_vpc *vpc = NAMED(doc->vpcs, name);
	const struct dpubgp_conf_node_ports *np;
	size_t i, j;

	if (!vpc)
		return -ENOENT;
	for (i = 0; i < doc->ports.n; i++) {
		np = &doc->ports.v[i];
		for (j = 0; j < np->ports.n; j++)
			if (!strcmp(np->ports.v[j].vpc, name)) {
				snprintf(err, errlen,
					 "Error: vpc \"%s\" is used by port %s/%s.",
					 name, np->node, np->ports.v[j].name);
				return -1;
			}
	}
	DROP(doc->vpcs, vpc, dpubgp_conf_vpc_free);
	return 0;
}

static int remove_port(struct dpubgp_doc *doc, const char *name, char *err,
		       size_t errlen)
{
	char node[128];
	const char *ifname = split(name, node, sizeof(node));

	(void)err;
	(void)errlen;
	return ifname ? dpubgp_doc_remove_port(doc, node, ifname) : -ENOENT;
}

static const struct ctl_kind kinds[] = {
	{ .name = "bgp", .section = DPUBGP_SECTION_BGP, .remove = remove_bgp },
	{ .name = "node", .section = DPUBGP_SECTION_NODES, .named = true,
	  .select = select_node, .remove = remove_node },
	{ .name = "peer", .section = DPUBGP_SECTION_PEERS, .named = true,
	  .select = select_peer, .remove = remove_peer },
	{ .name = "node-peer", .section = DPUBGP_SECTION_NODE_PEERS,
	  .named = true, .select = select_node_peer,
	  .remove = remove_node_peer },
	{ .name = "routing-profile", .section = DPUBGP_SECTION_PROFILES,
	  .named = true, .select = select_profile, .remove = remove_profile },
	{ .name = "vpc", .section = DPUBGP_SECTION_VPCS, .named = true,
	  .select = select_vpc, .remove = remove_vpc },
	{ .name = "port", .section = DPUBGP_SECTION_PORTS, .named = true,
	  .select = select_port, .remove = remove_port },
	{ .name = "tenant", .section = DPUBGP_SECTION_TENANT,
	  .remove = remove_tenant },
	{ 0 }
};

static int parse_kind(struct ctl_req *req, const char *word)
{
	const struct ctl_kind *k;

	for (k = kinds; k->name; k++)
		if (!strcmp(k->name, word)) {
			req->conf.kind = k;
			return 0;
		}
	return ctl_errorf(req,
			  "Error: unknown kind \"%s\": bgp, node, peer, node-peer, routing-profile, vpc, port or tenant.",
			  word);
}

static int not_found(struct ctl_req *req, char *err, size_t errlen)
{
	snprintf(err, errlen, "Error: %s \"%s\" not found.",
		 req->conf.kind->name, req->conf.name);
	return -1;
}

/* get KIND [NAME] [-o yaml|json] */

static int parse_format(struct ctl_req *req, const char *value)
{
	if (!strcmp(value, "yaml"))
		return 0;
	if (!strcmp(value, "json")) {
		req->json = true;
		return 0;
	}
	return ctl_errorf(req,
			  "Error: output format must be yaml or json, not \"%s\".",
			  value);
}

static const struct ctl_opt format_opts[] = {
	{ .name = "-o", .parse = parse_format },
	{ 0 }
};

int ctl_get_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (!argc || parse_kind(req, argv[0]))
		return -1;
	argc--;
	argv++;
	if (argc && req->conf.kind->named && strcmp(argv[0], "-o")) {
		req->conf.name = argv[0];
		argc--;
		argv++;
	}
	return ctl_parse_opts(req, argc, argv, format_opts);
}

static int print_view(struct ctl_req *req, const struct view *v)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int ret;

	if (!f)
		return ctl_errorf(req, "Error: %s.", strerror(ENOMEM));
	dpubgp_doc_emit_sections(&v->doc, req->conf.kind->section, f);
	if (fclose(f)) {
		free(buf);
		return ctl_errorf(req, "Error: %s.", strerror(ENOMEM));
	}
	if (req->json)
		ret = ctl_print_json(req, dpubgp_yaml_to_json(buf, len));
	else
		ret = fwrite(buf, 1, len, stdout) == len ? 0 :
		      ctl_errorf(req, "Error: cannot write output.");
	free(buf);
	return ret;
}

int ctl_get_run(struct ctl_req *req)
{
	struct dpubgp_doc doc;
	struct view v = { 0 };
	int ret;

	if (ctl_conf_read(req, &doc))
		return -1;
	if (req->conf.name) {
		ret = req->conf.kind->select(&doc, req->conf.name, &v);
		if (ret)
			ret = not_found(req, req->err, sizeof(req->err));
	} else {
		v.doc = doc;	/* the kind's whole section */
		ret = 0;
	}
	if (!ret)
		ret = print_view(req, &v);
	dpubgp_doc_free(&doc);
	return ret;
}

/* delete KIND NAME */

int ctl_delete_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (!argc || parse_kind(req, argv[0]))
		return -1;
	if (argc != (req->conf.kind->named ? 2 : 1))
		return -1;
	req->conf.name = req->conf.kind->named ? argv[1] : "";
	return 0;
}

static int delete_edit(struct dpubgp_doc *doc, void *ctx, char *err,
		       size_t errlen)
{
	struct ctl_req *req = ctx;
	int ret = req->conf.kind->remove(doc, req->conf.name, err, errlen);

	return ret == -ENOENT ? not_found(req, err, errlen) : ret;
}

int ctl_delete_run(struct ctl_req *req)
{
	return ctl_conf_update(req, delete_edit);
}

/* apply -f FILE|- */

int ctl_apply_parse(struct ctl_req *req, int argc, char *argv[])
{
	if (argc != 2 || strcmp(argv[0], "-f"))
		return -1;
	req->conf.file = argv[1];
	return 0;
}

/* The text to apply into req->conf.text, malloc()ed: 0, or -1. */
static int read_input(struct ctl_req *req)
{
	bool in = !strcmp(req->conf.file, "-");
	FILE *f = in ? stdin : fopen(req->conf.file, "r");
	char *buf;

	if (!f)
		return ctl_errorf(req, "Error: cannot read %s: %s.",
				  req->conf.file, strerror(errno));
	buf = malloc(DOC_MAX_SIZE);
	req->conf.text_len = buf ? fread(buf, 1, DOC_MAX_SIZE, f) : 0;
	if (!buf || ferror(f) || req->conf.text_len == DOC_MAX_SIZE)
		ctl_errorf(req, "Error: cannot read %s: %s.", req->conf.file,
			   strerror(!buf ? ENOMEM : ferror(f) ? EIO : EFBIG));
	if (!in)
		fclose(f);
	req->conf.text = buf;
	return req->err[0] ? -1 : 0;
}

static int apply_edit(struct dpubgp_doc *doc, void *ctx, char *err,
		      size_t errlen)
{
	const struct ctl_req *req = ctx;
	struct dpubgp_doc part;
	int ret;

	ret = dpubgp_doc_parse_onto(req->conf.file, req->conf.text,
				    req->conf.text_len, doc, &part, err,
				    errlen);
	if (!ret && dpubgp_doc_merge(doc, &part)) {
		snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
		ret = -1;
	}
	return ret ? -1 : 0;
}

int ctl_apply_run(struct ctl_req *req)
{
	int ret = read_input(req);

	if (!ret)
		ret = ctl_conf_update(req, apply_edit);
	free(req->conf.text);
	req->conf.text = NULL;
	return ret;
}
