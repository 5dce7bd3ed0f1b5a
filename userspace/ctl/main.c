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
#include "ctl/status.h"

/* An option before the command's words: its spellings, what it takes. */
struct global_opt {
	const char *name, *long_name;
	bool value;
	/* Take it: -1 to go on, else the status to exit with at once. */
	int (*take)(const char *value);
};

static int take_socket(const char *value)
{
	ctl_socket_path = value;
	return -1;
}

static int take_help(const char *value)
{
	(void)value;
	return ctl_help(stdout) || fflush(stdout) ? EXIT_FAILURE :
	       EXIT_SUCCESS;
}

static int take_version(const char *value)
{
	(void)value;
	printf("dpubgpctl version %s\n", DPUBGP_VERSION);
	return fflush(stdout) ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* -s, -h, -V; a new option is a line here, and one in ctl_help(). */
static const struct global_opt global_opts[] = {
	{ "-s", "--socket", true, take_socket },
	{ "-h", "--help", false, take_help },
	{ "-V", "--version", false, take_version },
	{ 0 }
};

/*
 * The options before the command: the index of its first word, or -1
 * with *status when the program ends here.
 */
static int parse_global(int argc, char *argv[], int *status)
{
	const struct global_opt *o;
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		for (o = global_opts; o->name; o++)
			if (!strcmp(argv[i], o->name) ||
			    !strcmp(argv[i], o->long_name))
				break;
		*status = EXIT_FAILURE;
		if (!o->name) {
			fprintf(stderr,
				"Error: unknown option \"%s\".\nUsage: dpubgpctl [-s SOCKET] COMMAND [ARGUMENT]...\n",
				argv[i]);
			return -1;
		}
		if (o->value && i + 1 == argc) {
			fprintf(stderr, "Error: %s needs a value.\n", argv[i]);
			return -1;
		}
		*status = o->take(o->value ? argv[i + 1] : NULL);
		if (*status >= 0)
			return -1;
		i += o->value;
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
