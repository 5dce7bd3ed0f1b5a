// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl status: one request on dpubgpd's control socket (control.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl/status.h"

const char *ctl_socket_path = DPUBGP_CONTROL_SOCKET;

static int parse_output(struct ctl_req *req, const char *value)
{
	if (strcmp(value, "json"))
		return ctl_errorf(req,
				  "Error: output format must be json, not \"%s\".",
				  value);
	req->json = true;
	return 0;
}

static const struct ctl_opt status_opts[] = {
	{ .name = "-o", .parse = parse_output },
	{ 0 }
};

int ctl_status_parse(struct ctl_req *req, int argc, char *argv[])
{
	return ctl_parse_opts(req, argc, argv, status_opts);
}

static int control_connect(struct ctl_req *req)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(ctl_socket_path) >= sizeof(sun.sun_path))
		return ctl_errorf(req, "Error: socket path too long: %s.",
				  ctl_socket_path);
	strcpy(sun.sun_path, ctl_socket_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && !connect(fd, (struct sockaddr *)&sun, sizeof(sun)))
		return fd;
	ctl_errorf(req, "Error: dpubgpd is not running (%s: %s).",
		   ctl_socket_path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Send request, read the one-line answer: its JSON, or NULL (req->err). */
static json_t *control_call(struct ctl_req *req, const char *request)
{
	json_error_t jerr;
	json_t *answer;
	FILE *f;
	int fd;

	fd = control_connect(req);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, "r+");
	if (!f) {
		close(fd);
		ctl_errorf(req, "Error: %s.", strerror(errno));
		return NULL;
	}
	answer = NULL;
	if (fprintf(f, "%s\n", request) < 0 || fflush(f))
		ctl_errorf(req, "Error: cannot talk to dpubgpd: %s.",
			   strerror(errno));
	else if (!(answer = json_loadf(f, JSON_DISABLE_EOF_CHECK, &jerr)))
		ctl_errorf(req, "Error: bad answer from dpubgpd: %s.",
			   jerr.text);
	fclose(f);
	return answer;
}

static int print_answer(struct ctl_req *req, const json_t *answer)
{
	const json_t *error = json_object_get(answer, "error");
	struct dpubgp_status st;
	int err;

	if (json_is_string(error))
		return ctl_errorf(req, "Error: %s", json_string_value(error));
	err = dpubgp_status_from_json(json_object_get(answer, "status"), &st);
	if (err)
		return ctl_errorf(req, "Error: bad status from dpubgpd.");
	if (req->json)
		err = ctl_print_status_json(stdout, &st);
	else
		err = ctl_print_status_text(stdout, &st, time(NULL));
	dpubgp_status_free(&st);
	return err ? ctl_errorf(req, "Error: %s.", strerror(-err)) : 0;
}

int ctl_status_run(struct ctl_req *req)
{
	json_t *answer = control_call(req, "{\"command\": \"status\"}");
	int ret;

	if (!answer)
		return -1;
	ret = print_answer(req, answer);
	json_decref(answer);
	return ret;
}

/*
 * A path of the rib answer as one line: "PREFIX * via NH from PEER
 * as_path ...", ending with the VPC and leak of a tenant route.
 */
static void print_path(const json_t *route, const json_t *path)
{
	const char *prefix = json_string_value(json_object_get(route,
							       "prefix"));
	const char *vpc = json_string_value(json_object_get(route, "vpc"));
	const char *leak = json_string_value(json_object_get(path, "leak"));
	const json_t *v;
	char *asp = json_dumps(json_object_get(path, "as_path"), JSON_COMPACT);
	char *comm = json_dumps(json_object_get(path, "communities"),
				JSON_COMPACT);

	printf("%-20s %s via %s from %s as_path %s", prefix ? prefix : "?",
	       json_is_true(json_object_get(path, "best")) ? "*" : " ",
	       json_string_value(json_object_get(path, "next_hop")) ?: "-",
	       json_string_value(json_object_get(path, "from")) ?: "?",
	       asp ? asp : "[]");
	if ((v = json_object_get(path, "med")))
		printf(" med %lld", (long long)json_integer_value(v));
	if ((v = json_object_get(path, "local_pref")))
		printf(" local_pref %lld", (long long)json_integer_value(v));
	if (json_array_size(json_object_get(path, "communities")))
		printf(" communities %s", comm ? comm : "?");
	if (vpc)
		printf(" vpc %s", vpc);
	if (leak)
		printf(" leak %s", leak);
	printf("\n");
	free(asp);
	free(comm);
}

int ctl_rib_run(struct ctl_req *req)
{
	json_t *answer = control_call(req, "{\"command\": \"rib\"}");
	const json_t *error, *rib, *route, *path;
	size_t i, j;

	if (!answer)
		return -1;
	error = json_object_get(answer, "error");
	rib = json_object_get(answer, "rib");
	if (json_is_string(error) || !json_is_array(rib)) {
		ctl_errorf(req, "Error: %s", json_is_string(error) ?
			   json_string_value(error) : "bad rib from dpubgpd.");
		json_decref(answer);
		return -1;
	}
	if (req->json) {
		json_dumpf(rib, stdout, JSON_INDENT(2));
		printf("\n");
	} else {
		json_array_foreach(rib, i, route)
			json_array_foreach(json_object_get(route, "paths"), j,
					   path)
				print_path(route, path);
	}
	json_decref(answer);
	return 0;
}
