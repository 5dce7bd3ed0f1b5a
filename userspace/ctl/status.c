// SPDX-License-Identifier: GPL-2.0
/*
 * dpubgpctl status, rib and log-level: one request each on dpubgpd's
 * control socket (control/proto.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "base/addr.h"
#include "base/log.h"
#include "base/prefix.h"
#include "ctl/status.h"

const char *ctl_socket_path = DPUBGP_CONTROL_SOCKET;

/* "status [PEER] [-o json]", in either order. */
int ctl_status_parse(struct ctl_req *req, int argc, char *argv[])
{
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o")) {
			if (++i == argc || ctl_parse_output(req, argv[i]))
				return -1;
		} else if (argv[i][0] == '-' || req->peer) {
			return -1;
		} else if (ctl_parse_peer(req, argv[i])) {
			return -1;
		}
	}
	return 0;
}

/* "rib [PREFIX] [vpc NAME] [peer PEER] [--dropped] [-o json]", any order. */
int ctl_rib_parse(struct ctl_req *req, int argc, char *argv[])
{
	struct dpubgp_prefix prefix;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "-o")) {
			if (++i == argc || ctl_parse_output(req, argv[i]))
				return -1;
		} else if (!strcmp(argv[i], "--dropped")) {
			req->dropped = true;
		} else if (!strcmp(argv[i], "vpc")) {
			if (++i == argc)
				return -1;
			req->vpc = argv[i];
		} else if (!strcmp(argv[i], "peer")) {
			if (++i == argc || ctl_parse_peer(req, argv[i]))
				return -1;
		} else if (argv[i][0] == '-' || req->prefix) {
			return -1;
		} else if (dpubgp_prefix_parse(argv[i], &prefix)) {
			return ctl_errorf(req,
					  "Error: invalid prefix \"%s\": ADDRESS or ADDRESS/LENGTH.",
					  argv[i]);
		} else {
			req->prefix = argv[i];
		}
	}
	return 0;
}

int ctl_log_level_parse(struct ctl_req *req, int argc, char *argv[])
{
	enum log_level level;

	if (argc > 1)
		return -1;
	if (argc && log_parse_level(argv[0], &level))
		return ctl_errorf(req,
				  "Error: invalid log level \"%s\": " LOG_LEVEL_NAMES ".",
				  argv[0]);
	req->level = argc ? argv[0] : NULL;
	return 0;
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
	/* The socket is root's (mode 0600): running, but not for us. */
	if (errno == EACCES || errno == EPERM)
		ctl_errorf(req,
			   "Error: permission denied: %s is dpubgpd's control socket, for root only.",
			   ctl_socket_path);
	else
		ctl_errorf(req, "Error: dpubgpd is not running (%s: %s).",
			   ctl_socket_path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Send request, read the one-line answer: its JSON, or NULL (req->err). */
static json_t *control_call(struct ctl_req *req, json_t *request)
{
	char *text = json_dumps(request, JSON_COMPACT);
	json_error_t jerr;
	json_t *answer;
	FILE *f;
	int fd;

	json_decref(request);
	if (!text) {
		ctl_errorf(req, "Error: %s.", strerror(ENOMEM));
		return NULL;
	}
	fd = control_connect(req);
	if (fd < 0) {
		free(text);
		return NULL;
	}
	f = fdopen(fd, "r+");
	if (!f) {
		close(fd);
		free(text);
		ctl_errorf(req, "Error: %s.", strerror(errno));
		return NULL;
	}
	answer = NULL;
	if (fprintf(f, "%s\n", text) < 0 || fflush(f))
		ctl_errorf(req, "Error: cannot talk to dpubgpd: %s.",
			   strerror(errno));
	else if (!(answer = json_loadf(f, JSON_DISABLE_EOF_CHECK, &jerr)))
		ctl_errorf(req, "Error: bad answer from dpubgpd: %s.",
			   jerr.text);
	fclose(f);
	free(text);
	return answer;
}

/* The answer's error as req->err: -1, or 0 when it has none. */
static int answer_error(struct ctl_req *req, const json_t *answer)
{
	const json_t *error = json_object_get(answer, "error");

	return json_is_string(error) ?
	       ctl_errorf(req, "Error: %s", json_string_value(error)) : 0;
}

int ctl_status_find_peer(const struct dpubgp_status *st, const char *peer,
			 const struct dpubgp_peer_status **found)
{
	char dev[IFNAMSIZ];
	const struct dpubgp_peer_status *p;
	struct bgp_addr a, b;
	int n = 0;
	size_t i;

	if (bgp_peer_parse(peer, &a, dev, sizeof(dev)))
		return -1;
	*found = NULL;
	for (i = 0; i < st->n_peers; i++) {
		p = &st->peers[i];
		if (bgp_addr_parse(p->address, &b) || !bgp_addr_equal(&a, &b) ||
		    (dev[0] && strcmp(dev, p->interface)))
			continue;
		if (!n++)
			*found = p;
	}
	return n;
}

/* The peer req->peer names, alone and in detail. */
static int print_peer(struct ctl_req *req, const struct dpubgp_status *st)
{
	const struct dpubgp_peer_status *p;
	int n = ctl_status_find_peer(st, req->peer, &p), err;

	if (!n)
		return ctl_errorf(req, "Error: no peer %s.", req->peer);
	if (n > 1)
		return ctl_errorf(req,
				  "Error: %s is a tenant of %d ports: name one, as %s%%%s.",
				  req->peer, n, p->address, p->interface);
	err = req->json ? ctl_print_peer_json(stdout, p) :
	      ctl_print_peer_text(stdout, st, p, time(NULL));
	return err ? ctl_errorf(req, "Error: %s.", strerror(-err)) : 0;
}

static int print_status(struct ctl_req *req, const json_t *answer)
{
	struct dpubgp_status st;
	int err;

	if (answer_error(req, answer))
		return -1;
	err = dpubgp_status_from_json(json_object_get(answer, "status"), &st);
	if (err)
		return ctl_errorf(req, "Error: bad status from dpubgpd.");
	if (req->peer) {
		err = print_peer(req, &st);
		dpubgp_status_free(&st);
		return err;
	}
	if (req->json)
		err = ctl_print_status_json(stdout, &st);
	else
		err = ctl_print_status_text(stdout, &st, time(NULL));
	dpubgp_status_free(&st);
	return err ? ctl_errorf(req, "Error: %s.", strerror(-err)) : 0;
}

int ctl_status_run(struct ctl_req *req)
{
	json_t *answer = control_call(req, json_pack("{s:s}", "command",
						     "status"));
	int ret;

	if (!answer)
		return -1;
	ret = print_status(req, answer);
	json_decref(answer);
	return ret;
}

int ctl_log_level_run(struct ctl_req *req)
{
	json_t *request = json_pack("{s:s}", "command", "log-level");
	const json_t *level;
	json_t *answer;
	int ret = 0;

	if (request && req->level)
		json_object_set_new(request, "level", json_string(req->level));
	answer = control_call(req, request);
	if (!answer)
		return -1;
	level = json_object_get(answer, "log_level");
	if (answer_error(req, answer))
		ret = -1;
	else if (!json_is_string(level))
		ret = ctl_errorf(req, "Error: bad answer from dpubgpd.");
	else if (!req->level)
		printf("%s\n", json_string_value(level));
	json_decref(answer);
	return ret;
}

/* The rib answer's routes into *routes: 0, or -1 with req->err set. */
static int rib_from_json(struct ctl_req *req, const json_t *answer,
			 struct dpubgp_rib_route **routes, size_t *n)
{
	const json_t *rib = json_object_get(answer, "rib");
	size_t i;

	if (answer_error(req, answer))
		return -1;
	if (!json_is_array(rib))
		return ctl_errorf(req, "Error: bad rib from dpubgpd.");
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

/* {"command": "rib"} with what req asks for. */
static json_t *rib_request(const struct ctl_req *req)
{
	json_t *r = json_pack("{s:s}", "command", "rib");

	if (r && req->prefix)
		json_object_set_new(r, "prefix", json_string(req->prefix));
	if (r && req->vpc)
		json_object_set_new(r, "vpc", json_string(req->vpc));
	if (r && req->peer)
		json_object_set_new(r, "peer", json_string(req->peer));
	if (r && req->dropped)
		json_object_set_new(r, "dropped", json_true());
	return r;
}

int ctl_rib_run(struct ctl_req *req)
{
	json_t *answer = control_call(req, rib_request(req));
	struct dpubgp_rib_route *routes = NULL;
	size_t n = 0, i;
	int err, ret;

	if (!answer)
		return -1;
	err = rib_from_json(req, answer, &routes, &n);
	json_decref(answer);
	if (!err) {
		ctl_rib_sort(routes, n);
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
