// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl: the operator's CLI for dpubgp.
 *
 * Success prints only what was asked for and exits 0; any failure prints
 * one line on stderr and exits 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/cmd.h"
#include "ctl/conf.h"
#include "ctl/status.h"

/* Options before the command's words, "NAME VALUE" or "NAME=VALUE". */
static const struct global_opt {
	const char *name;
	const char **value;
} global_opts[] = {
	{ "-s", &ctl_socket_path },		/* dpubgpd's control socket */
	{ "--datastore", &ctl_ds_opts.url },	/* else $DPUBGP_DATASTORE */
	{ "--node", &ctl_node },		/* else the hostname */
	{ "--etcd-cacert", &ctl_ds_opts.etcd_cacert },
	{ "--etcd-cert", &ctl_ds_opts.etcd_cert },
	{ "--etcd-key", &ctl_ds_opts.etcd_key },
	{ 0 }
};

/* The global option at argv[0]: how many words it took, 0 if none. */
static int global_opt(int argc, char *argv[])
{
	const struct global_opt *o;
	size_t len;

	for (o = global_opts; o->name; o++) {
		len = strlen(o->name);
		if (strncmp(argv[0], o->name, len))
			continue;
		if (argv[0][len] == '=') {
			*o->value = argv[0] + len + 1;
			return 1;
		}
		if (!argv[0][len] && argc > 1) {
			*o->value = argv[1];
			return 2;
		}
	}
	return 0;
}

int main(int argc, char *argv[])
{
	struct ctl_req req;
	int ret, n;

	if (argc < 1)
		return EXIT_FAILURE;
	while (argc > 1 && (n = global_opt(argc - 1, argv + 1))) {
		argv += n;
		argc -= n;
	}
	ret = ctl_parse(&req, argc - 1, argv + 1);
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
