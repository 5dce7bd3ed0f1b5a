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
#include "ctl/status.h"

int main(int argc, char *argv[])
{
	struct ctl_req req;
	int ret;

	if (argc < 1)
		return EXIT_FAILURE;
	/* -s SOCKET: dpubgpd's control socket, before the command's words. */
	if (argc > 2 && !strcmp(argv[1], "-s")) {
		ctl_socket_path = argv[2];
		argv += 2;
		argc -= 2;
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
