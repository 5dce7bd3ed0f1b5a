// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl status: one request on dpubgpd's control socket (control/proto.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ctl/status.h"

const char *ctl_socket_path = DPUBGP_CONTROL_SOCKET;

static const struct ctl_opt status_opts[] = {
	{ .name = "-o", .parse = ctl_parse_output },
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

/* The rib answer's routes into *routes: 0, or -1 with req->err set. */
static int rib_from_json(struct ctl_req *req, const json_t *answer,
			 struct dpubgp_rib_route **routes, size_t *n)
{
	const json_t *error = json_object_get(answer, "error");
	const json_t *rib = json_object_get(answer, "rib");
	size_t i;

	if (json_is_string(error) || !json_is_array(rib))
		return ctl_errorf(req, "Error: %s", json_is_string(error) ?
				  json_string_value(error) :
				  "bad rib from dpubgpd.");
	*routes = calloc(json_array_size(rib) + 1, sizeof(**routes));
	if (!*routes)
		return ctl_errorf(req, "Error: %s.", strerror(ENOMEM));
	for (i = 0; i < json_array_size(rib); i++) {
		if (dpubgp_rib_route_from_json(json_array_get(rib, i),
					       &(*routes)[i]))
			return ctl_errorf(req, "Error: bad rib from dpubgpd.");
		(*n)++;
	}
	return 0;
}

int ctl_rib_run(struct ctl_req *req)
{
	json_t *answer = control_call(req, "{\"command\": \"rib\"}");
	struct dpubgp_rib_route *routes = NULL;
	size_t n = 0, i;
	int err, ret;

	if (!answer)
		return -1;
	err = rib_from_json(req, answer, &routes, &n);
	json_decref(answer);
	if (!err) {
		ret = req->json ? ctl_print_rib_json(stdout, routes, n) :
		      ctl_print_rib_text(stdout, routes, n);
		if (ret)
			err = ctl_errorf(req, "Error: %s.", strerror(-ret));
	}
	for (i = 0; i < n; i++)
		dpubgp_rib_route_free(&routes[i]);
	free(routes);
	return err;
}
