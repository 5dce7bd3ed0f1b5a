// SPDX-License-Identifier: GPL-2.0
/*
 * The dpubgpctl binary as the operator runs it: exit codes and the exact
 * lines on stdout and stderr, for what needs no kernel module.
 *
 * DPUBGPCTL names the binary; by default the sanitized build's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "dpubgp_test.h"
#include "kernel/genl.h"

#define ARGS_MAX 8
#define OUT_MAX 4096

/* A device name no test host has. */
#define NODEV "dpubgp-nodev0"

struct run {
	int status;		/* exit code, or -1 if it did not exit */
	char out[OUT_MAX];
	char err[OUT_MAX];
};

static const char *dpubgpctl_path(void)
{
	const char *path = getenv("DPUBGPCTL");

	return path && *path ? path : DPUBGPCTL_DEFAULT;
}

/* All of a memfd the child wrote, as a string. */
static int slurp(int fd, char *buf, size_t size)
{
	ssize_t len = pread(fd, buf, size - 1, 0);

	if (len < 0)
		return -errno;
	buf[len] = '\0';
	return 0;
}

/*
 * Run dpubgpctl with args; its stdout and stderr go to memfds rather than
 * pipes so that neither can fill up while the other is read.
 */
static int run_ctl(struct run *run, char *const args[])
{
	char *argv[ARGS_MAX + 2] = { "dpubgpctl" };
	int out = memfd_create("stdout", MFD_CLOEXEC);
	int err = memfd_create("stderr", MFD_CLOEXEC);
	int i, status, ret = -EIO;
	pid_t pid;

	for (i = 0; i < ARGS_MAX && args[i]; i++)
		argv[i + 1] = args[i];
	if (out < 0 || err < 0)
		goto close;
	pid = fork();
	if (pid == 0) {
		if (dup2(out, STDOUT_FILENO) < 0 ||
		    dup2(err, STDERR_FILENO) < 0)
			_exit(126);
		execv(dpubgpctl_path(), argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		goto close;
	run->status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	ret = slurp(out, run->out, sizeof(run->out)) ?:
	      slurp(err, run->err, sizeof(run->err));
close:
	if (out >= 0)
		close(out);
	if (err >= 0)
		close(err);
	return ret;
}

FIXTURE(cli) {
	struct run run;
};

FIXTURE_SETUP(cli)
{
	ASSERT_EQ(0, access(dpubgpctl_path(), X_OK))
		TH_LOG("no dpubgpctl at %s: set DPUBGPCTL", dpubgpctl_path());
}

FIXTURE_TEARDOWN(cli)
{
}

/* Run the words given; expect exit code, stdout and stderr exactly. */
#define EXPECT_RUN(_status, _out, _err, ...)				\
	do {								\
		char *args[ARGS_MAX] = { __VA_ARGS__ };			\
									\
		ASSERT_EQ(0, run_ctl(&self->run, args));		\
		EXPECT_STREQ(_err, self->run.err);			\
		EXPECT_STREQ(_out, self->run.out);			\
		ASSERT_EQ(_status, self->run.status);			\
	} while (0)

TEST_F(cli, no_command)
{
	EXPECT_RUN(1, "", "Usage: dpubgpctl {kernel|status|rib|bgp|node|apply|get|delete|tenant|profile|port|help} ...\n", NULL);
}

TEST_F(cli, missing_ifname)
{
	EXPECT_RUN(1, "",
		   "Usage: dpubgpctl kernel port set IFNAME [src-filter on|off] [host PREFIX]...\n",
		   "kernel", "port", "set");
}

TEST_F(cli, bad_prefix)
{
	EXPECT_RUN(1, "", "Error: invalid prefix \"10.0.0.300\".\n",
		   "kernel", "port", "set", "t0", "host", "10.0.0.300");
}

TEST_F(cli, bad_output_format)
{
	EXPECT_RUN(1, "", "Error: output format must be json, not \"xml\".\n",
		   "kernel", "show", "-o", "xml");
}

TEST_F(cli, set_unknown_device)
{
	EXPECT_RUN(1, "", "Cannot find device \"" NODEV "\"\n",
		   "kernel", "port", "set", NODEV, "host", "10.0.0.2");
}

TEST_F(cli, del_unknown_device)
{
	EXPECT_RUN(1, "", "Cannot find device \"" NODEV "\"\n",
		   "kernel", "port", "del", NODEV);
}

TEST_F(cli, help)
{
	EXPECT_RUN(0,
		   "Usage:\n"
		   "  dpubgpctl kernel port set IFNAME [src-filter on|off] [host PREFIX]...\n"
		   "  dpubgpctl kernel port del IFNAME\n"
		   "  dpubgpctl kernel route add PREFIX dev IFNAME [leak underlay|leak drop-overlay]\n"
		   "  dpubgpctl kernel route del PREFIX dev IFNAME\n"
		   "  dpubgpctl kernel show [-o json]\n"
		   "  dpubgpctl status [-o json]\n"
		   "  dpubgpctl rib [-o json]\n"
		   "  dpubgpctl bgp default-node-as [ASN] [-o json]\n"
		   "  dpubgpctl bgp node-mesh [on|off] [-o json]\n"
		   "  dpubgpctl bgp peer add <IP> as <ASN>\n"
		   "  dpubgpctl bgp peer remove <IP>\n"
		   "  dpubgpctl bgp peer show [--ipv4|--ipv6] [-o json]\n"
		   "  dpubgpctl node bgp peer add <IP> as <ASN>\n"
		   "  dpubgpctl node bgp peer remove <IP>\n"
		   "  dpubgpctl node bgp peer show [--ipv4|--ipv6] [-o json]\n"
		   "  dpubgpctl apply -f FILE|-\n"
		   "  dpubgpctl get KIND [NAME] [-o yaml|json]\n"
		   "  dpubgpctl delete KIND [NAME]\n"
		   "  dpubgpctl tenant host-asn [ASN|none] [-o json]\n"
		   "  dpubgpctl profile NAME allow|disallow PREFIX...|leak-communities on|off\n"
		   "  dpubgpctl port add IFNAME vpc VPC host ADDR... gateway ADDR/LEN...\n"
		   "  dpubgpctl port remove IFNAME\n"
		   "  dpubgpctl help\n",
		   "", "help");
}

TEST_F(cli, status_daemon_not_running)
{
	EXPECT_RUN(1, "",
		   "Error: dpubgpd is not running (/nonexistent/dpubgpd.sock: No such file or directory).\n",
		   "-s", "/nonexistent/dpubgpd.sock", "status");
}

TEST_F(cli, status_bad_output_format)
{
	EXPECT_RUN(1, "", "Error: output format must be json, not \"xml\".\n",
		   "status", "-o", "xml");
}

TEST_F(cli, module_not_loaded)
{
	struct dpubgp_extack ext;
	struct dpubgp_nl nl;

	if (!dpubgp_nl_open(&nl, &ext)) {
		dpubgp_nl_close(&nl);
		SKIP(return, "dpubgp.ko is loaded on this host");
	}
	EXPECT_RUN(1, "", "Error: dpubgp kernel module is not loaded.\n",
		   "kernel", "show", "-o", "json");
}

TEST_HARNESS_MAIN
