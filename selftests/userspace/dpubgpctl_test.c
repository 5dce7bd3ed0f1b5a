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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
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

static const char *dpubgpd_path(void)
{
	const char *path = getenv("DPUBGPD");

	return path && *path ? path : DPUBGPD_DEFAULT;
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
 * Run the program at path with args, as uid when it is not -1; its
 * stdout and stderr go to memfds rather than pipes so that neither can
 * fill up while the other is read.
 */
static int run_as(struct run *run, const char *path, uid_t uid,
		  char *const args[])
{
	char *argv[ARGS_MAX + 2] = { (char *)path };
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
		    dup2(err, STDERR_FILENO) < 0 ||
		    (uid != (uid_t)-1 && (setgid(uid) || setuid(uid))))
			_exit(126);
		execv(path, argv);
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

static int run_ctl(struct run *run, char *const args[])
{
	return run_as(run, dpubgpctl_path(), (uid_t)-1, args);
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

#define ROOT_USAGE "Usage: dpubgpctl {kernel|status|rib|log-level|bgp|node|apply|get|delete|tenant|profile|port|help} ...\n"

TEST_F(cli, no_command)
{
	EXPECT_RUN(1, "", ROOT_USAGE, NULL);
}

TEST_F(cli, unknown_command)
{
	EXPECT_RUN(1, "", "Error: unknown command \"stauts\".\n" ROOT_USAGE,
		   "stauts");
}

TEST_F(cli, unknown_subcommand)
{
	EXPECT_RUN(1, "",
		   "Error: unknown command \"list\".\n"
		   "Usage: dpubgpctl kernel {port|route|show} ...\n",
		   "kernel", "list");
}

TEST_F(cli, unknown_option)
{
	EXPECT_RUN(1, "",
		   "Error: unknown option \"--verbose\".\n"
		   "Usage: dpubgpctl [OPTION]... COMMAND [ARGUMENT]...\n",
		   "--verbose", "status");
}

TEST_F(cli, socket_without_value)
{
	EXPECT_RUN(1, "", "Error: -s needs a value.\n", "-s");
}

/* --help, -h and help alone: one text, every command and option. */
TEST_F(cli, help_golden)
{
	char *const spellings[][2] = { { "--help" }, { "-h" }, { "help" } };
	size_t i;

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, run_ctl(&self->run, spellings[i]));
		EXPECT_EQ(0, self->run.status);
		EXPECT_STREQ("", self->run.err);
		EXPECT_GOLDEN("dpubgpctl-help.txt", self->run.out);
	}
	/* -s SOCKET is before the command, in every spelling. */
	EXPECT_NE(NULL, strstr(self->run.out, "-s, --socket SOCKET"));
}

/* help COMMAND for each command, and for a group and a leaf in one. */
TEST_F(cli, help_command_golden)
{
	static const struct {
		const char *golden;
		char *words[5];
	} cases[] = {
		{ "dpubgpctl-help-status.txt", { "help", "status" } },
		{ "dpubgpctl-help-rib.txt", { "help", "rib" } },
		{ "dpubgpctl-help-log-level.txt", { "help", "log-level" } },
		{ "dpubgpctl-help-kernel.txt", { "help", "kernel" } },
		{ "dpubgpctl-help-kernel-port-set.txt",
		  { "help", "kernel", "port", "set" } },
		{ "dpubgpctl-help-help.txt", { "help", "help" } },
		{ "dpubgpctl-help-bgp.txt", { "help", "bgp" } },
		{ "dpubgpctl-help-get.txt", { "help", "get" } },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ASSERT_EQ(0, run_ctl(&self->run, cases[i].words));
		EXPECT_EQ(0, self->run.status) TH_LOG("%s", cases[i].golden);
		EXPECT_STREQ("", self->run.err);
		EXPECT_GOLDEN(cases[i].golden, self->run.out);
	}
}

TEST_F(cli, help_unknown_command)
{
	EXPECT_RUN(1, "", "Error: unknown command \"bpg\".\n" ROOT_USAGE,
		   "help", "bpg");
}

/* dpubgpctl version VERSION, from git describe (or "unknown"). */
TEST_F(cli, version)
{
	char *const spellings[][2] = { { "--version" }, { "-V" } };
	size_t i;

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, run_ctl(&self->run, spellings[i]));
		EXPECT_EQ(0, self->run.status);
		EXPECT_STREQ("", self->run.err);
		EXPECT_EQ(0, strncmp(self->run.out, "dpubgpctl version ", 18));
		EXPECT_EQ(NULL, strchr(self->run.out + 18, ' '));
		EXPECT_EQ('\n', self->run.out[strlen(self->run.out) - 1]);
	}
}

TEST_F(cli, log_level_bogus)
{
	EXPECT_RUN(1, "",
		   "Error: invalid log level \"bogus\": error|warn|info|debug.\n",
		   "log-level", "bogus");
}

/*
 * The daemon's socket is root's (mode 0600): another user is told so,
 * not that dpubgpd is not running. A listener stands for the daemon.
 */
TEST_F(cli, permission_denied)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char dir[] = "/tmp/dpubgpctl-test-XXXXXX", want[256];
	int fd;

	if (geteuid())
		SKIP(return, "needs root, to run dpubgpctl as nobody");
	ASSERT_NE(NULL, mkdtemp(dir));
	ASSERT_EQ(0, chmod(dir, 0755));
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s/dpubgpd.sock", dir);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, bind(fd, (struct sockaddr *)&sun, sizeof(sun)));
	ASSERT_EQ(0, chmod(sun.sun_path, 0600));
	ASSERT_EQ(0, listen(fd, 1));
	ASSERT_EQ(0, run_as(&self->run, dpubgpctl_path(), 65534,
			    (char *[]){ "-s", sun.sun_path, "status", NULL }));
	close(fd);
	unlink(sun.sun_path);
	rmdir(dir);
	snprintf(want, sizeof(want),
		 "Error: permission denied: %s is dpubgpd's control socket, for root only.\n",
		 sun.sun_path);
	EXPECT_STREQ(want, self->run.err);
	EXPECT_STREQ("", self->run.out);
	EXPECT_EQ(1, self->run.status);
}

/* dpubgpd's own: --help (golden), --version, a bad log level. */
TEST_F(cli, dpubgpd_help_golden)
{
	ASSERT_EQ(0, access(dpubgpd_path(), X_OK))
		TH_LOG("no dpubgpd at %s: set DPUBGPD", dpubgpd_path());
	ASSERT_EQ(0, run_as(&self->run, dpubgpd_path(), (uid_t)-1,
			    (char *[]){ "--help", NULL }));
	EXPECT_EQ(0, self->run.status);
	EXPECT_STREQ("", self->run.err);
	EXPECT_GOLDEN("dpubgpd-help.txt", self->run.out);
	ASSERT_EQ(0, run_as(&self->run, dpubgpd_path(), (uid_t)-1,
			    (char *[]){ "-h", NULL }));
	EXPECT_GOLDEN("dpubgpd-help.txt", self->run.out);
}

TEST_F(cli, dpubgpd_version)
{
	ASSERT_EQ(0, run_as(&self->run, dpubgpd_path(), (uid_t)-1,
			    (char *[]){ "-V", NULL }));
	EXPECT_EQ(0, self->run.status);
	EXPECT_EQ(0, strncmp(self->run.out, "dpubgpd version ", 16));
	ASSERT_EQ(0, run_as(&self->run, dpubgpd_path(), (uid_t)-1,
			    (char *[]){ "--version", NULL }));
	EXPECT_EQ(0, self->run.status);
	EXPECT_EQ(0, strncmp(self->run.out, "dpubgpd version ", 16));
}

TEST_F(cli, dpubgpd_bad_log_level)
{
	ASSERT_EQ(0, run_as(&self->run, dpubgpd_path(), (uid_t)-1,
			    (char *[]){ "-l", "bogus", NULL }));
	EXPECT_EQ(1, self->run.status);
	EXPECT_STREQ("", self->run.out);
	EXPECT_STREQ("dpubgpd: invalid log level \"bogus\": error|warn|info|debug\n",
		     self->run.err);
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
