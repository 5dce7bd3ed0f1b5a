/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpctl's datastore commands (design.md §3): calicoctl's BGP commands
 * with its grammar, output and sentences, get/apply/delete for every kind
 * of object, and the tenant side's commands. Each reads the datastore, or
 * edits it through dpubgp_ds_update(), which checks the result before it
 * writes it: a command refused leaves the datastore as it was.
 */
#ifndef DPUBGP_CTL_CONF_H
#define DPUBGP_CTL_CONF_H

#include <stdio.h>
#include <jansson.h>

#include "ctl/cmd.h"
#include "datastore/datastore.h"

/* --datastore URL and the etcd options; NULL: $DPUBGP_DATASTORE, default. */
extern struct dpubgp_ds_opts ctl_ds_opts;
/* --node NAME: this node, for node bgp peer and port; NULL: the hostname. */
extern const char *ctl_node;

extern const struct ctl_cmd ctl_bgp_cmds[];	/* bgp ... */
extern const struct ctl_cmd ctl_node_cmds[];	/* node bgp peer ... */
extern const struct ctl_cmd ctl_tenant_cmds[];	/* tenant ... */
extern const struct ctl_cmd ctl_port_cmds[];	/* port ... */

/* What "dpubgpctl help WORDS" says of them (cmd.c's table). */
#define CTL_DS_HELP							\
	"\n"								\
	"It writes the datastore (--datastore URL, else $DPUBGP_DATASTORE,\n" \
	"else file:/etc/dpubgp/dpubgp.yaml); every dpubgpd watching it\n" \
	"converges within a second, without a signal. A refused change\n" \
	"leaves the datastore as it was and exits 1.\n"
#define CTL_BGP_HELP							\
	"calicoctl's BGP configuration commands, with its grammar, output and\n" \
	"messages: the default node AS, the node-to-node mesh, and the global\n" \
	"peers every node peers with. ASNs in asplain or asdot (1.10).\n" \
	CTL_DS_HELP							\
	"\n"								\
	"  --ipv4, --ipv6  one family's table only\n"			\
	"  -o json         as JSON\n"
#define CTL_NODE_HELP							\
	"The peers of one node only (--node NAME, else the hostname, as\n" \
	"dpubgpd's -n), as calicoctl node bgp peer.\n"			\
	CTL_DS_HELP
#define CTL_APPLY_HELP							\
	"FILE (- for stdin) is a document, or part of one, in YAML or JSON,\n" \
	"parsed as dpubgpd parses its own; its references may name objects\n" \
	"already in the datastore. Each object it names is created or\n" \
	"replaced; the others stay. Errors say FILE:LINE:COLUMN.\n"	\
	CTL_DS_HELP
#define CTL_KINDS_HELP							\
	"\n"								\
	"  KIND  bgp, node, peer, node-peer (NODE/IP, or NODE), routing-profile,\n" \
	"        vpc, port (NODE/IFNAME, or NODE), tenant\n"
#define CTL_GET_HELP							\
	"The objects of KIND (all, or NAME's) as a document in canonical\n" \
	"form, which apply takes back; -o json is the same tree.\n"	\
	CTL_KINDS_HELP
#define CTL_DELETE_HELP							\
	"Remove an object; bgp and tenant go back to their defaults (the DPU\n" \
	"ASNs stay). Refused while another object still uses it.\n"	\
	CTL_DS_HELP							\
	CTL_KINDS_HELP
#define CTL_TENANT_HELP							\
	"The site's tenant-ASN policy: with a common tenant host AS, every\n" \
	"tenant session must come from it; none lets each host use its own\n" \
	"(outside the DPU pool).\n"					\
	CTL_DS_HELP
#define CTL_PROFILE_HELP						\
	"allow and disallow add and remove prefixes of the profile's\n" \
	"allowed_anycast_prefixes (allow creates the profile);\n"	\
	"leak-communities on accepts 65100:1 and 65100:2 from its tenants.\n" \
	CTL_DS_HELP
#define CTL_PORT_HELP							\
	"A tenant port of this node (--node, else the hostname): its device,\n" \
	"its VPC, its host's addresses and the gateway addresses the DPU\n" \
	"answers on.\n"							\
	CTL_DS_HELP

/* This node's name: --node, else the hostname. */
const char *ctl_this_node(void);
/* "on" or "off" into *on: 0, or -1 for another word. */
int ctl_on_off(const char *word, bool *on);

/* The datastore's document: 0, or -1 with req->err set. */
int ctl_conf_read(struct ctl_req *req, struct dpubgp_doc *doc);
/*
 * Edit the datastore's document with edit (its ctx is req, its err
 * req->err): 0, or -1. A notice of the datastore goes to stderr.
 */
int ctl_conf_update(struct ctl_req *req, dpubgp_ds_edit_fn *edit);
/* Print obj indented by 2 and drop it: 0, or -1 with req->err set. */
int ctl_print_json(struct ctl_req *req, json_t *obj);

/* apply -f FILE|-, get KIND [NAME] [-o yaml|json], delete KIND NAME */
int ctl_apply_parse(struct ctl_req *req, int argc, char *argv[]);
int ctl_apply_run(struct ctl_req *req);
int ctl_get_parse(struct ctl_req *req, int argc, char *argv[]);
int ctl_get_run(struct ctl_req *req);
int ctl_delete_parse(struct ctl_req *req, int argc, char *argv[]);
int ctl_delete_run(struct ctl_req *req);
/* profile NAME allow|disallow PREFIX... | leak-communities on|off */
int ctl_profile_parse(struct ctl_req *req, int argc, char *argv[]);
int ctl_profile_run(struct ctl_req *req);

/*
 * calicoctl's table of peers, one per family (family 4 or 6): sorted by
 * address, left-aligned as prettytable's align = "l", under heading; or
 * empty, the sentence and an empty line. peers holds the family's only.
 */
void ctl_print_peers_text(FILE *f, const char *heading, const char *empty,
			  const struct dpubgp_conf_peer *peers, size_t n);
/* The same peers as JSON: [{"ip": ..., "as": ...}], no heading. */
int ctl_print_peers_json(FILE *f, const struct dpubgp_conf_peer *peers,
			 size_t n);

#endif /* DPUBGP_CTL_CONF_H */
