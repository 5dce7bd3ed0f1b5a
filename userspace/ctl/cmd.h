/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dpubgpctl's command tree: tables of words, each a group of further words
 * or a leaf that parses its arguments into a request and later runs it.
 * Parsing and running are apart so that the grammar can be tested without
 * touching the system.
 */
#ifndef DPUBGP_CTL_CMD_H
#define DPUBGP_CTL_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/prefix.h"
#include "config/doc.h"
#include "kernel/extack.h"

#define CTL_DEPTH_MAX 8
#define CTL_ERR_SIZE 512

struct ctl_req;

/*
 * A word of the tree. Adding a command is adding an entry to a table
 * (cmd.c's root_cmds, or a group's): usage lines, "dpubgpctl --help" and
 * "dpubgpctl help WORDS" are all drawn from the tables.
 */
struct ctl_cmd {
	const char *name;
	/* A group: its words, in a table ended by an entry without name. */
	const struct ctl_cmd *subcmds;
	/* A leaf: its arguments as usage shows them, and what it does. */
	const char *args;
	/* One sentence for the list of commands (--help). */
	const char *summary;
	/*
	 * What "dpubgpctl help WORDS" prints after the usage: paragraphs
	 * and a list of the arguments, each line ending with '\n'.
	 */
	const char *help;
	/* Fill req from the words after name; -1 on bad grammar. */
	int (*parse)(struct ctl_req *req, int argc, char *argv[]);
	/* Do it; -1 after setting req->err. */
	int (*run)(struct ctl_req *req);
};

/* "keyword VALUE" arguments of a leaf; see ctl_parse_opts(). */
struct ctl_opt {
	const char *name;
	int (*parse)(struct ctl_req *req, const char *value);
};

struct ctl_req {
	/* The words matched, from the root; the last is the leaf. */
	const struct ctl_cmd *path[CTL_DEPTH_MAX];
	size_t depth;

	/* kernel port set|del, kernel route add|del (ifname from "dev") */
	const char *ifname;
	uint32_t ifindex;		/* resolved from ifname when run */
	uint32_t flags;
	size_t nhosts;
	struct dpubgp_prefix *hosts;	/* room for every argument */

	/* kernel route add|del: the prefix, and flags for add */
	struct dpubgp_prefix route_prefix;

	/* kernel show, and every command that prints data: -o json */
	bool json;

	/* status PEER, rib peer PEER: "ADDRESS" or "ADDRESS%PORT" */
	const char *peer;
	/* rib [PREFIX|vpc NAME] [--dropped] */
	const char *prefix;
	const char *vpc;
	bool dropped;
	/* log-level [LEVEL] */
	const char *level;
	/* help [WORDS]: argv's */
	char **words;
	int n_words;

	/* The datastore's commands (ctl/conf.c). */
	struct ctl_conf {
		bool set;		/* a value to set was given */
		uint32_t as;		/* an ASN */
		bool on;		/* on|off */
		struct dpubgp_addr ip;	/* a peer's address */
		int family;		/* show: 4 or 6, 0 for both */
		const char *name;	/* a profile, port, object name */
		const struct ctl_kind *kind;	/* get, delete */
		const char *file;	/* apply -f */
		char *text;		/* what it read */
		size_t text_len;
		const char *vpc;	/* port add */
		char **words;		/* prefixes, addresses: */
		int n_words;		/* what follows the command's words */
		char **gateways;	/* port add */
		int n_gateways;
		int action;		/* profile: allow, disallow... */
	} conf;

	/* The one line to print when parsing or running fails. */
	char err[CTL_ERR_SIZE];
};

/*
 * Find the leaf the words name (argv holds the words after the program's
 * name) and let it fill req. Returns 0, or -1 with req->err set: a usage
 * line for bad grammar, a leaf's own message for a bad value.
 */
int ctl_parse(struct ctl_req *req, int argc, char *argv[]);

/* Run the leaf ctl_parse() found. Returns 0, or -1 with req->err set. */
int ctl_run(struct ctl_req *req);

/* Free what ctl_parse() allocated. */
void ctl_req_release(struct ctl_req *req);

/*
 * Parse argv as "name value" pairs from opts, each name any number of times
 * in any order. Returns -1 on a word that is no option's name, on a name
 * without value, or when an option's parse fails.
 */
int ctl_parse_opts(struct ctl_req *req, int argc, char *argv[],
		   const struct ctl_opt *opts);

/* The value of "-o": "json" sets req->json; anything else is an error. */
int ctl_parse_output(struct ctl_req *req, const char *value);

/* A leaf without arguments. */
int ctl_parse_none(struct ctl_req *req, int argc, char *argv[]);

/* A peer's name, "ADDRESS" or "ADDRESS%PORT": 0, else -1 (req->err). */
int ctl_parse_peer(struct ctl_req *req, const char *value);

/*
 * dpubgpctl --help: the usage, the commands with their summaries, the
 * options. Returns 0, or -EIO when f could not be written.
 */
int ctl_help(FILE *f);
/*
 * dpubgpctl help WORDS: the usage lines of the command the words name
 * (every leaf below a group) and its help text. 0, or -1 with
 * req->err set for words that name no command.
 */
int ctl_help_words(struct ctl_req *req, FILE *f, int n, char *const words[]);

/* Set req->err; returns -1. */
int ctl_errorf(struct ctl_req *req, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Set req->err for a failed request: "Error: <sentence>." with the kernel's
 * extack sentence, else the errno's. Returns -1.
 */
int ctl_nl_error(struct ctl_req *req, int error,
		 const struct dpubgp_extack *ext);

/* The root of the tree: the program's own name, and every command. */
extern const struct ctl_cmd ctl_root;

#endif /* DPUBGP_CTL_CMD_H */
