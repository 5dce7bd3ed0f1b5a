// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl: the operator's CLI for dpubgp.
 *
 * Success prints only what was asked for and exits 0; any failure prints
 * why on stderr (a usage error, the sentence and the usage line) and
 * exits 1. --help and --version print on stdout and exit 0.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/cmd.h"
#include "ctl/conf.h"
#include "ctl/status.h"

/* An option before the command's words: its spellings, what it takes. */
struct global_opt {
	const char *name, *long_name;
	/* Where its value goes ("NAME VALUE" or "NAME=VALUE"); NULL: none. */
	const char **value;
	/* Take it: -1 to go on, else the status to exit with at once. */
	int (*take)(void);
};

static int take_help(void)
{
	return ctl_help(stdout) || fflush(stdout) ? EXIT_FAILURE :
	       EXIT_SUCCESS;
}

static int take_version(void)
{
	printf("dpubgpctl version %s\n", DPUBGP_VERSION);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* A new option is a line here, and one in ctl_help(). */
static const struct global_opt global_opts[] = {
	{ "-s", "--socket", &ctl_socket_path, NULL },	/* dpubgpd's socket */
	{ NULL, "--datastore", &ctl_ds_opts.url, NULL },	/* else $DPUBGP_DATASTORE */
	{ NULL, "--node", &ctl_node, NULL },		/* else the hostname */
	{ NULL, "--etcd-cacert", &ctl_ds_opts.etcd_cacert, NULL },
	{ NULL, "--etcd-cert", &ctl_ds_opts.etcd_cert, NULL },
	{ NULL, "--etcd-key", &ctl_ds_opts.etcd_key, NULL },
	{ "-h", "--help", NULL, take_help },
	{ "-V", "--version", NULL, take_version },
	{ 0 }
};

/* Whether arg is name, or name=VALUE (*value then points at VALUE). */
static bool opt_is(const char *arg, const char *name, const char **value)
{
	size_t len = name ? strlen(name) : 0;

	*value = NULL;
	if (!name || strncmp(arg, name, len))
		return false;
	if (arg[len] == '=')
		*value = arg + len + 1;
	return !arg[len] || arg[len] == '=';
}

/*
 * The options before the command: the index of its first word, or -1
 * with *status when the program ends here.
 */
static int parse_global(int argc, char *argv[], int *status)
{
	const struct global_opt *o;
	const char *value;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		for (o = global_opts; o->long_name; o++)
			if (opt_is(argv[i], o->name, &value) ||
			    opt_is(argv[i], o->long_name, &value))
				break;
		*status = EXIT_FAILURE;
		if (!o->long_name || (value && !o->value)) {
			fprintf(stderr,
				"Error: unknown option \"%s\".\nUsage: dpubgpctl [OPTION]... COMMAND [ARGUMENT]...\n",
				argv[i]);
			return -1;
		}
		if (o->take) {
			*status = o->take();
			return -1;
		}
		if (!value && i + 1 == argc) {
			fprintf(stderr, "Error: %s needs a value.\n", argv[i]);
			return -1;
		}
		*o->value = value ? value : argv[++i];
	}
	return i;
}

int main(int argc, char *argv[])
{
	struct ctl_req req;
	int first, status, ret;

	if (argc < 1)
		return EXIT_FAILURE;
	first = parse_global(argc, argv, &status);
	if (first < 0)
		return status;
	ret = ctl_parse(&req, argc - first, argv + first);
	if (!ret)
		ret = ctl_run(&req);
	/* Output that never arrived is a failure too (a full disk, a pipe). */
	if (!ret && (fflush(stdout) == EOF || ferror(stdout)))
		ret = ctl_errorf(&req, "Error: cannot write output.");
	if (ret)
		fprintf(stderr, "%s\n", req.err);
	ctl_req_release(&req);
	return ret ? EXIT_FAILURE : EXIT_SUCCESS;
}
