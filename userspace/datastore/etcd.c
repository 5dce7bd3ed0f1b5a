// SPDX-License-Identifier: GPL-2.0
/*
 * The etcd backend: etcd v3 through its JSON gateway (POST /v3/kv/range,
 * /v3/kv/txn and /v3/watch, keys and values in base64), over libcurl.
 * The keys are etcd_layout.c's, below ETCD_PREFIX.
 *
 * A read is one range request over the prefix: every key at one
 * revision, a consistent snapshot. An update runs the edit on such a
 * snapshot and writes what changed (puts and deletes, and ETCD_SERIAL)
 * in one transaction whose compare is that no key of the prefix has a
 * mod_revision past the snapshot's: another writer since makes it fail,
 * and the update starts again from a fresh read. Two daemons taking the
 * last free DPU ASN at once are two such updates: one fails its compare,
 * reads the other's ASN, and takes the next.
 *
 * Requests go to the endpoints of the URL in order, from the one that
 * answered last; one that cannot be reached (or answers that it is
 * unavailable) passes the request on to the next. One-shot requests are
 * synchronous, with short timeouts: a read at reload holds the daemon's
 * loop no longer than that.
 *
 * The watch is a curl multi handle streaming /v3/watch from the last
 * snapshot's revision + 1, without a thread: its sockets and a timerfd
 * (curl's timeouts, or the next attempt) are in an epoll descriptor of
 * their own, which is what the daemon polls; dpubgp_ds_changed() drives
 * curl. A watch that ends tries the next endpoint at once, and once
 * every endpoint failed, waits 1 s, doubling up to 30 s. Once a watch is
 * back, the daemon is told to read again: what it runs meanwhile is what
 * it read last. A compacted start revision is the same: a full re-read.
 */
#define _GNU_SOURCE	/* asprintf */
#include <curl/curl.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "base/log.h"
#include "datastore/etcd.h"
#include "datastore/internal.h"

#define PREFIX_END "/dpubgp/v10"	/* the prefix's last byte + 1 */
#define CONNECT_TIMEOUT_MS 2000L
#define REQUEST_TIMEOUT_MS 3000L	/* a hung member holds dpubgpd no longer */
#define ANSWER_MAX (64u << 20)		/* a runaway answer must not eat memory */
#define CONFLICTS_MAX 1000		/* writers that came first, in a row */
#define BACKOFF_MIN_MS 1000u
#define BACKOFF_MAX_MS 30000u

struct buf {
	char *p;
	size_t len;
};

struct watch {
	CURLM *multi;
	CURL *easy;		/* the watch request; NULL between attempts */
	int epfd;		/* what the daemon polls: sockets and timer */
	int timer;		/* timerfd: curl's timeout, or the next attempt */
	struct buf stream;	/* what came, less the whole messages taken */
	long long next_rev;	/* where the next watch starts; 0: now */
	size_t endpoint;	/* the one this attempt talks to */
	size_t failed;		/* endpoints failed in a row */
	unsigned int backoff_ms;
	bool lost;		/* since the last watch was up */
	bool compacted;		/* start again at once, from next_rev */
	bool changed;		/* what dpubgp_ds_changed() says next */
	char why[128];		/* etcd's reason to end the watch */
};

struct etcd_ds {
	struct dpubgp_ds ds;
	char **endpoints;	/* "http://HOST:PORT" */
	size_t n_endpoints;
	size_t current;		/* the endpoint that answered last */
	const char *cacert, *cert, *key;	/* the options': outlive us */
	CURL *curl;		/* one-shot requests */
	struct curl_slist *headers;
	long long revision;	/* of the last snapshot read */
	struct watch w;
};

static struct etcd_ds *etcd_of(struct dpubgp_ds *ds)
{
	return (struct etcd_ds *)ds;
}

/* base64 (RFC 4648, padded), as the gateway wants bytes */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static json_t *base64_json(const char *p, size_t len)
{
	char *out = malloc(4 * ((len + 2) / 3) + 1), *o = out;
	uint32_t v;
	size_t i;
	json_t *s;

	if (!out)
		return NULL;
	for (i = 0; i < len; i += 3) {
		v = (uint32_t)(uint8_t)p[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)(uint8_t)p[i + 1] << 8;
		if (i + 2 < len)
			v |= (uint8_t)p[i + 2];
		*o++ = b64[v >> 18];
		*o++ = b64[(v >> 12) & 63];
		*o++ = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		*o++ = i + 2 < len ? b64[v & 63] : '=';
	}
	*o = '\0';
	s = json_string(out);
	free(out);
	return s;
}

/* The bytes of base64 s, NUL-terminated, malloc()ed: NULL when not base64. */
static char *unbase64(const char *s, size_t *len)
{
	size_t n = s ? strlen(s) : 0, i, bits = 0;
	char *out = malloc(n / 4 * 3 + 1);
	const char *c;
	uint32_t v = 0;

	if (!out || n % 4) {
		free(out);
		return NULL;
	}
	*len = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '=' && i >= n - 2)
			break;
		c = s[i] ? strchr(b64, s[i]) : NULL;
		if (!c) {
			free(out);
			return NULL;
		}
		v = v << 6 | (uint32_t)(c - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[(*len)++] = (char)(v >> bits);
		}
	}
	out[*len] = '\0';
	return out;
}

/* An int64 of the gateway's JSON: a string of digits (or a number). */
static long long int64_of(const json_t *v)
{
	return json_is_string(v) ? strtoll(json_string_value(v), NULL, 10) :
	       json_integer_value(v);
}

/* { "key": PREFIX, "range_end": PREFIX_END }, the whole prefix. */
static json_t *prefix_range(void)
{
	return json_pack("{s:o, s:o}",
			 "key", base64_json(ETCD_PREFIX, strlen(ETCD_PREFIX)),
			 "range_end", base64_json(PREFIX_END, strlen(PREFIX_END)));
}

/* requests */

static size_t collect(char *data, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	char *grown;

	n *= size;
	if (b->len + n > ANSWER_MAX)
		return 0;
	grown = realloc(b->p, b->len + n + 1);
	if (!grown)
		return 0;
	b->p = grown;
	memcpy(b->p + b->len, data, n);
	b->len += n;
	b->p[b->len] = '\0';
	return n;
}

/* c made a POST of body to path at endpoint, its answer to write. */
static int request(struct etcd_ds *e, CURL *c, size_t endpoint,
		   const char *path, json_t *body, curl_write_callback write,
		   void *arg)
{
	char *text = json_dumps(body, JSON_COMPACT), *url = NULL;
	int ret = -ENOMEM;

	json_decref(body);
	if (!text || asprintf(&url, "%s%s", e->endpoints[endpoint], path) < 0)
		goto out;
	curl_easy_reset(c);
	if (curl_easy_setopt(c, CURLOPT_URL, url) ||
	    curl_easy_setopt(c, CURLOPT_COPYPOSTFIELDS, text) ||
	    curl_easy_setopt(c, CURLOPT_HTTPHEADER, e->headers) ||
	    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) ||
	    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, CONNECT_TIMEOUT_MS) ||
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write) ||
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, arg) ||
	    (e->cacert && curl_easy_setopt(c, CURLOPT_CAINFO, e->cacert)) ||
	    (e->cert && curl_easy_setopt(c, CURLOPT_SSLCERT, e->cert)) ||
	    (e->key && curl_easy_setopt(c, CURLOPT_SSLKEY, e->key)))
		goto out;
	ret = 0;
out:
	free(text);
	free(url);
	return ret;
}

/*
 * The gateway's error in an answer, or NULL: {"error": ..., "code": N,
 * "message": ...}; *code its gRPC code.
 */
static const char *answer_error(const json_t *answer, long long *code)
{
	const json_t *error = json_object_get(answer, "error");
	const json_t *msg = json_object_get(answer, "message");

	/* A stream's error is an object: {"error": {"grpc_code": N, ...}}. */
	if (json_is_object(error)) {
		*code = int64_of(json_object_get(error, "grpc_code"));
		msg = json_object_get(error, "message");
	} else {
		*code = int64_of(json_object_get(answer, "code"));
	}
	if (!msg)
		msg = error;
	return msg ? (json_string_value(msg) ?: "unknown error") : NULL;
}

/*
 * Whether an error of gRPC code is this member's, not the request's: it
 * is stopping or has no leader (Canceled, DeadlineExceeded,
 * Unavailable). The next member may serve.
 */
static bool member_down(long long code)
{
	return code == 1 || code == 4 || code == 14;
}

/*
 * POST body (taken) to path, from the endpoint that answered last on:
 * the answer in *answer. 0, or -errno with err set: etcd unreachable,
 * or its error.
 */
static int post(struct etcd_ds *e, const char *path, json_t *body,
		json_t **answer, char *err, size_t errlen)
{
	char reason[256] = "";
	const char *error;
	struct buf b = { 0 };
	json_error_t jerr;
	long long code;
	size_t tried;
	CURLcode rc;
	int ret = 0;

	*answer = NULL;
	for (tried = 0; tried < e->n_endpoints; tried++) {
		b.len = 0;
		json_incref(body);
		if (request(e, e->curl, e->current, path, body, collect, &b) ||
		    curl_easy_setopt(e->curl, CURLOPT_TIMEOUT_MS,
				     REQUEST_TIMEOUT_MS)) {
			ret = -ENOMEM;
			break;
		}
		rc = curl_easy_perform(e->curl);
		if (rc == CURLE_WRITE_ERROR) {
			ret = -EFBIG;
			break;
		}
		if (rc) {
			snprintf(reason, sizeof(reason), "%s",
				 curl_easy_strerror(rc));
		} else {
			*answer = json_loadb(b.p ? b.p : "", b.len, 0, &jerr);
			error = answer_error(*answer, &code);
			if (!*answer || !error || !member_down(code))
				break;
			snprintf(reason, sizeof(reason), "%s", error);
			json_decref(*answer);
			*answer = NULL;
		}
		e->current = (e->current + 1) % e->n_endpoints;
	}
	json_decref(body);
	free(b.p);
	if (ret) {
		snprintf(err, errlen, "Error: etcd at %s: %s.",
			 e->endpoints[e->current], strerror(-ret));
		return ret;
	}
	if (tried == e->n_endpoints) {
		snprintf(err, errlen, "Error accessing etcd (%s). Is etcd running?",
			 reason);
		return -EHOSTUNREACH;
	}
	if (!*answer) {
		snprintf(err, errlen, "Error: etcd at %s answered what is not JSON.",
			 e->endpoints[e->current]);
		return -EPROTO;
	}
	error = answer_error(*answer, &code);
	if (error) {
		snprintf(err, errlen, "Error: etcd: %s.", error);
		json_decref(*answer);
		*answer = NULL;
		return -EIO;
	}
	return 0;
}

/* reads */

/* The key and value of kv into out: 0, or -EINVAL with err set. */
static int take_kv(const json_t *kv, struct etcd_kv *out, long long *serial,
		   char *err, size_t errlen)
{
	size_t klen, vlen, i;
	json_error_t jerr;
	char *key = unbase64(json_string_value(json_object_get(kv, "key")),
			     &klen);
	char *value = unbase64(json_string_value(json_object_get(kv, "value")),
			       &vlen);
	int ret = -EINVAL;

	memset(out, 0, sizeof(*out));
	if (!key || !value || klen < strlen(ETCD_PREFIX) ||
	    memcmp(key, ETCD_PREFIX, strlen(ETCD_PREFIX))) {
		snprintf(err, errlen, "Error: etcd answered a key outside %s.",
			 ETCD_PREFIX);
		goto out;
	}
	/* Printable, so that messages can name it as it is. */
	for (i = 0; i < klen; i++)
		if (key[i] <= ' ' || key[i] > '~') {
			snprintf(err, errlen,
				 "%s: a key below it is not printable ASCII",
				 ETCD_PREFIX);
			goto out;
		}
	out->value = json_loadb(value, vlen, JSON_DECODE_ANY |
				JSON_REJECT_DUPLICATES, &jerr);
	if (!out->value) {
		snprintf(err, errlen, "%s: not JSON: %s (line %d, column %d)",
			 key, jerr.text, jerr.line, jerr.column);
		goto out;
	}
	out->key = strdup(key + strlen(ETCD_PREFIX));
	if (!out->key) {
		snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
		ret = -ENOMEM;
		goto out;
	}
	if (!strcmp(out->key, ETCD_SERIAL))
		*serial = json_integer_value(out->value);
	ret = 0;
out:
	if (ret) {
		json_decref(out->value);
		out->value = NULL;
	}
	free(key);
	free(value);
	return ret;
}

/* Every key of the prefix, at one revision: 0, or -errno with err set. */
static int snapshot(struct etcd_ds *e, struct etcd_snapshot *s, char *err,
		    size_t errlen)
{
	json_t *answer, *kvs, *kv;
	size_t i;
	int ret;

	memset(s, 0, sizeof(*s));
	ret = post(e, "/v3/kv/range", prefix_range(), &answer, err, errlen);
	if (ret)
		return ret;
	s->revision = int64_of(json_object_get(json_object_get(answer,
						"header"), "revision"));
	kvs = json_object_get(answer, "kvs");
	s->kv = calloc(json_array_size(kvs) + 1, sizeof(*s->kv));
	if (!s->kv)
		ret = -ENOMEM;
	json_array_foreach(kvs, i, kv) {
		if (ret)
			break;
		ret = take_kv(kv, &s->kv[s->n], &s->serial, err, errlen);
		s->n += !ret;
	}
	json_decref(answer);
	if (ret == -ENOMEM)
		snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
	if (ret)
		etcd_snapshot_free(s);
	else
		e->revision = s->revision;
	return ret;
}

static int etcd_read(struct dpubgp_ds *ds, struct dpubgp_doc *doc, char *err,
		     size_t errlen)
{
	struct etcd_snapshot s;
	int ret = snapshot(etcd_of(ds), &s, err, errlen);

	memset(doc, 0, sizeof(*doc));
	if (ret)
		return ret;
	ret = etcd_layout_parse(&s, doc, err, errlen);
	etcd_snapshot_free(&s);
	return ret;
}

/* writes */

static json_t *put_op(const char *key, const json_t *value)
{
	char *text = json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
	char *full = NULL;
	json_t *op = NULL;

	if (text && asprintf(&full, "%s%s", ETCD_PREFIX, key) >= 0)
		op = json_pack("{s:{s:o, s:o}}", "request_put",
			       "key", base64_json(full, strlen(full)),
			       "value", base64_json(text, strlen(text)));
	free(text);
	free(full);
	return op;
}

static json_t *delete_op(const char *key)
{
	char *full = NULL;
	json_t *op = NULL;

	if (asprintf(&full, "%s%s", ETCD_PREFIX, key) >= 0)
		op = json_pack("{s:{s:o}}", "request_delete_range",
			       "key", base64_json(full, strlen(full)));
	free(full);
	return op;
}

/*
 * The operations from s to keys into ops: a put for each key new or
 * changed, a delete for each gone. 0 or -ENOMEM.
 */
static int diff(const struct etcd_snapshot *s, json_t *keys, json_t *ops)
{
	json_t *old = json_object(), *v;
	const char *key;
	size_t i;
	int ret = old ? 0 : -ENOMEM;

	for (i = 0; !ret && i < s->n; i++)
		if (strcmp(s->kv[i].key, ETCD_SERIAL))
			ret = json_object_set(old, s->kv[i].key, s->kv[i].value);
	json_object_foreach(keys, key, v)
		if (!ret && !json_equal(v, json_object_get(old, key)))
			ret = json_array_append_new(ops, put_op(key, v));
	json_object_foreach(old, key, v)
		if (!ret && !json_object_get(keys, key))
			ret = json_array_append_new(ops, delete_op(key));
	json_decref(old);
	return ret ? -ENOMEM : 0;
}

/*
 * One read, edit and transaction: 0, -EAGAIN when another writer came
 * first, or -errno with err set.
 */
static int update_once(struct etcd_ds *e, dpubgp_ds_edit_fn *edit, void *ctx,
		       char *err, size_t errlen)
{
	json_t *keys = NULL, *ops = NULL, *serial, *compare, *answer;
	struct etcd_snapshot s;
	struct dpubgp_doc doc;
	int ret = snapshot(e, &s, err, errlen);

	if (ret)
		return ret;
	ret = etcd_layout_parse(&s, &doc, err, errlen);
	if (!ret) {
		ret = dpubgp_ds_edit(&doc, edit, ctx, err, errlen);
		if (ret < 0)
			ret = -EINVAL;	/* refused, err says why */
	}
	if (!ret)
		ret = etcd_layout_keys(&doc, &keys);
	dpubgp_doc_free(&doc);
	if (!ret) {
		ops = json_array();
		ret = ops ? diff(&s, keys, ops) : -ENOMEM;
	}
	if (!ret && !json_array_size(ops))
		ret = DPUBGP_DS_UNCHANGED;
	serial = json_integer(s.serial + 1);
	if (!ret && json_array_append_new(ops, put_op(ETCD_SERIAL, serial)))
		ret = -ENOMEM;
	json_decref(serial);
	json_decref(keys);
	if (ret) {
		json_decref(ops);
		etcd_snapshot_free(&s);
		if (ret == -ENOMEM)
			snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
		else if (ret == -EIO)	/* a model without its layout: a bug */
			snprintf(err, errlen,
				 "Error: the document does not fit etcd's layout (design.md §8).");
		return ret == DPUBGP_DS_UNCHANGED ? 0 : ret;
	}
	/* Nobody wrote below the prefix since the snapshot. */
	compare = prefix_range();
	if (json_object_set_new(compare, "target", json_string("MOD")) ||
	    json_object_set_new(compare, "result", json_string("LESS")) ||
	    json_object_set_new(compare, "mod_revision",
				json_integer(s.revision + 1))) {
		json_decref(compare);
		compare = NULL;
	}
	etcd_snapshot_free(&s);
	ret = post(e, "/v3/kv/txn", json_pack("{s:[o], s:o}", "compare",
					       compare, "success", ops),
		   &answer, err, errlen);
	if (ret)
		return ret;
	ret = json_is_true(json_object_get(answer, "succeeded")) ? 0 : -EAGAIN;
	json_decref(answer);
	return ret;
}

static int etcd_update(struct dpubgp_ds *ds, dpubgp_ds_edit_fn *edit,
		       void *ctx, char *err, size_t errlen)
{
	unsigned int conflicts;
	int ret = -EAGAIN;

	for (conflicts = 0; ret == -EAGAIN && conflicts < CONFLICTS_MAX;
	     conflicts++)
		ret = update_once(etcd_of(ds), edit, ctx, err, errlen);
	if (ret == -EAGAIN)
		snprintf(err, errlen,
			 "Error: %u other writers came first, one after the other: nothing written.",
			 CONFLICTS_MAX);
	return ret;
}

/* the watch */

static void arm(struct watch *w, long ms)
{
	struct itimerspec t = {
		.it_value.tv_sec = ms / 1000,
		.it_value.tv_nsec = ms % 1000 * 1000000 + (ms == 0),
	};

	/* ms < 0: disarmed, all zero. */
	if (ms < 0)
		t.it_value.tv_nsec = 0;
	timerfd_settime(w->timer, 0, &t, NULL);
}

/* A message of the watch's stream: 0, or -1 to end the watch. */
static int watch_message(struct etcd_ds *e, const json_t *m)
{
	struct watch *w = &e->w;
	const json_t *r = json_object_get(m, "result"), *ev;
	long long code, rev;
	size_t i;

	if (!r) {
		snprintf(w->why, sizeof(w->why), "%s",
			 answer_error(m, &code) ?: "not a watch response");
		return -1;
	}
	if (json_is_true(json_object_get(r, "canceled"))) {
		rev = int64_of(json_object_get(r, "compact_revision"));
		if (rev <= 0)
			return -1;
		log_info("etcd watch: revision %lld compacted: reading %s again",
			 w->next_rev, e->ds.url);
		w->next_rev = rev;
		w->compacted = w->changed = true;
		return -1;
	}
	if (json_is_true(json_object_get(r, "created"))) {
		if (w->lost)
			log_info("etcd watch at %s: back; reading %s again",
				 e->endpoints[w->endpoint], e->ds.url);
		w->changed |= w->lost;
		w->lost = false;
		w->failed = 0;
		w->backoff_ms = BACKOFF_MIN_MS;
	}
	json_array_foreach(json_object_get(r, "events"), i, ev) {
		rev = int64_of(json_object_get(json_object_get(ev, "kv"),
					       "mod_revision"));
		if (rev >= w->next_rev)
			w->next_rev = rev + 1;
		w->changed = true;
	}
	return 0;
}

/* The stream's bytes: each whole JSON message taken as it completes. */
static size_t stream_write(char *data, size_t size, size_t n, void *arg)
{
	struct etcd_ds *e = arg;
	struct buf *b = &e->w.stream;
	size_t at = 0, len = n * size;
	json_error_t jerr;
	json_t *m;
	int ret = 0;

	if (collect(data, 1, len, b) != len)
		return 0;
	while (!ret) {
		at += strspn(b->p + at, " \t\r\n");
		if (at == b->len)
			break;
		m = json_loadb(b->p + at, b->len - at, JSON_DISABLE_EOF_CHECK,
			       &jerr);
		if (!m) {
			/* Half a message: the rest comes next. */
			if (json_error_code(&jerr) != json_error_premature_end_of_input)
				ret = -1;
			break;
		}
		at += (size_t)jerr.position;
		ret = watch_message(e, m);
		json_decref(m);
	}
	memmove(b->p, b->p + at, b->len - at + 1);
	b->len -= at;
	return ret ? 0 : len;
}

static void watch_start(struct etcd_ds *e)
{
	struct watch *w = &e->w;
	json_t *create = prefix_range();

	if (create && w->next_rev)
		json_object_set_new(create, "start_revision",
				    json_integer(w->next_rev));
	w->easy = curl_easy_init();
	w->stream.len = 0;
	/*
	 * No time limit on the stream, but TCP keepalives: a member that
	 * vanished without a word is noticed.
	 */
	if (!w->easy ||
	    request(e, w->easy, w->endpoint, "/v3/watch",
		    json_pack("{s:o}", "create_request", create),
		    stream_write, e) ||
	    curl_easy_setopt(w->easy, CURLOPT_TCP_KEEPALIVE, 1L) ||
	    curl_easy_setopt(w->easy, CURLOPT_TCP_KEEPIDLE, 10L) ||
	    curl_easy_setopt(w->easy, CURLOPT_TCP_KEEPINTVL, 5L) ||
	    curl_multi_add_handle(w->multi, w->easy)) {
		log_error("etcd watch: cannot start a request: %s",
			  strerror(ENOMEM));
		curl_easy_cleanup(w->easy);
		w->easy = NULL;
		arm(w, BACKOFF_MAX_MS);
	}
}

/* The watch request ended (rc): the next one, now or after a while. */
static void watch_ended(struct etcd_ds *e, CURLcode rc)
{
	struct watch *w = &e->w;

	/* Before arm(): removing the handle disarms curl's timer. */
	curl_multi_remove_handle(w->multi, w->easy);
	curl_easy_cleanup(w->easy);
	w->easy = NULL;
	if (w->compacted) {
		w->compacted = false;
		arm(w, 0);
		return;
	}
	if (!w->lost)
		log_warn("etcd watch at %s ended (%s): running on what was read last; trying again",
			 e->endpoints[w->endpoint], *w->why ? w->why :
			 rc ? curl_easy_strerror(rc) : "closed by etcd");
	*w->why = '\0';
	w->lost = true;
	w->endpoint = (w->endpoint + 1) % e->n_endpoints;
	if (++w->failed < e->n_endpoints) {
		arm(w, 0);
		return;
	}
	w->failed = 0;
	log_debug("etcd watch: no endpoint answers; trying again in %u ms",
		  w->backoff_ms);
	arm(w, w->backoff_ms);
	w->backoff_ms = w->backoff_ms * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS :
			w->backoff_ms * 2;
}

static int on_socket(CURL *easy, curl_socket_t s, int what, void *arg,
		     void *socketp)
{
	struct watch *w = arg;
	struct epoll_event ev = { .data.fd = s };

	(void)easy;
	(void)socketp;
	if (what == CURL_POLL_REMOVE) {
		epoll_ctl(w->epfd, EPOLL_CTL_DEL, s, NULL);
		return 0;
	}
	ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0) |
		    (what & CURL_POLL_OUT ? EPOLLOUT : 0);
	if (epoll_ctl(w->epfd, EPOLL_CTL_MOD, s, &ev) && errno == ENOENT)
		epoll_ctl(w->epfd, EPOLL_CTL_ADD, s, &ev);
	return 0;
}

static int on_timer(CURLM *multi, long ms, void *arg)
{
	(void)multi;
	arm(arg, ms);
	return 0;
}

static int etcd_watch(struct dpubgp_ds *ds, char *err, size_t errlen)
{
	struct etcd_ds *e = etcd_of(ds);
	struct watch *w = &e->w;
	struct epoll_event ev = { .events = EPOLLIN };

	if (w->epfd >= 0)
		return w->epfd;
	w->multi = curl_multi_init();
	w->epfd = epoll_create1(EPOLL_CLOEXEC);
	w->timer = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	ev.data.fd = w->timer;
	if (!w->multi || w->epfd < 0 || w->timer < 0 ||
	    epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->timer, &ev) ||
	    curl_multi_setopt(w->multi, CURLMOPT_SOCKETFUNCTION, on_socket) ||
	    curl_multi_setopt(w->multi, CURLMOPT_SOCKETDATA, w) ||
	    curl_multi_setopt(w->multi, CURLMOPT_TIMERFUNCTION, on_timer) ||
	    curl_multi_setopt(w->multi, CURLMOPT_TIMERDATA, w)) {
		snprintf(err, errlen, "Error: cannot watch %s: %s.", ds->url,
			 strerror(errno ?: ENOMEM));
		return -ENOMEM;
	}
	w->next_rev = e->revision ? e->revision + 1 : 0;
	w->endpoint = e->current;
	w->backoff_ms = BACKOFF_MIN_MS;
	watch_start(e);
	return w->epfd;
}

static bool etcd_changed(struct dpubgp_ds *ds)
{
	struct etcd_ds *e = etcd_of(ds);
	struct watch *w = &e->w;
	struct epoll_event ev[8];
	uint64_t ticks;
	CURLMsg *msg;
	int i, n, flags, running, left;
	bool changed;

	n = epoll_wait(w->epfd, ev, 8, 0);
	for (i = 0; i < n; i++) {
		if (ev[i].data.fd != w->timer) {
			flags = (ev[i].events & EPOLLIN ? CURL_CSELECT_IN : 0) |
				(ev[i].events & EPOLLOUT ? CURL_CSELECT_OUT : 0) |
				(ev[i].events & (EPOLLERR | EPOLLHUP) ?
				 CURL_CSELECT_ERR : 0);
			curl_multi_socket_action(w->multi, ev[i].data.fd, flags,
						 &running);
			continue;
		}
		if (read(w->timer, &ticks, sizeof(ticks)) < 0)
			continue;
		if (w->easy)
			curl_multi_socket_action(w->multi, CURL_SOCKET_TIMEOUT,
						 0, &running);
		else
			watch_start(e);
	}
	while (w->easy && (msg = curl_multi_info_read(w->multi, &left)))
		if (msg->msg == CURLMSG_DONE)
			watch_ended(e, msg->data.result);
	changed = w->changed;
	w->changed = false;
	return changed;
}

/* open and close */

static void etcd_close(struct dpubgp_ds *ds)
{
	struct etcd_ds *e = etcd_of(ds);
	size_t i;

	if (e->w.easy) {
		curl_multi_remove_handle(e->w.multi, e->w.easy);
		curl_easy_cleanup(e->w.easy);
	}
	curl_multi_cleanup(e->w.multi);
	if (e->w.epfd >= 0)
		close(e->w.epfd);
	if (e->w.timer >= 0)
		close(e->w.timer);
	free(e->w.stream.p);
	curl_easy_cleanup(e->curl);
	curl_slist_free_all(e->headers);
	for (i = 0; i < e->n_endpoints; i++)
		free(e->endpoints[i]);
	free(e->endpoints);
	free(e);
	curl_global_cleanup();
}

/* "//HOST:PORT[,HOST:PORT...]" into e->endpoints: 0, -EINVAL, -ENOMEM. */
static int parse_endpoints(struct etcd_ds *e, const char *rest,
			   const char *scheme)
{
	const char *p, *end;
	size_t len;

	if (strncmp(rest, "//", 2))
		return -EINVAL;
	for (p = rest + 2; ; p = end + 1) {
		end = strchrnul(p, ',');
		len = (size_t)(end - p);
		if (!len || memchr(p, '/', len) || memchr(p, '@', len) ||
		    !memchr(p, ':', len))
			return -EINVAL;
		e->endpoints = reallocarray(e->endpoints, e->n_endpoints + 1,
					    sizeof(*e->endpoints));
		if (!e->endpoints ||
		    asprintf(&e->endpoints[e->n_endpoints], "%s%.*s", scheme,
			     (int)len, p) < 0)
			return -ENOMEM;
		e->n_endpoints++;
		if (!*end)
			return 0;
	}
}

static int etcd_open(const char *rest, const struct dpubgp_ds_opts *o,
		     struct dpubgp_ds **ds, char *err, size_t errlen)
{
	bool tls = o->etcd_cacert || o->etcd_cert || o->etcd_key;
	struct etcd_ds *e;
	int ret;

	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		snprintf(err, errlen, "Error: cannot start libcurl.");
		return -ENOMEM;
	}
	e = calloc(1, sizeof(*e));
	if (!e) {
		curl_global_cleanup();
		snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
		return -ENOMEM;
	}
	e->w.epfd = e->w.timer = -1;
	e->cacert = o->etcd_cacert;
	e->cert = o->etcd_cert;
	e->key = o->etcd_key;
	ret = parse_endpoints(e, rest, tls ? "https://" : "http://");
	if (!ret) {
		e->curl = curl_easy_init();
		e->headers = curl_slist_append(NULL,
					       "Content-Type: application/json");
		ret = e->curl && e->headers ? 0 : -ENOMEM;
	}
	if (ret == -EINVAL)
		snprintf(err, errlen,
			 "Error: bad etcd datastore \"etcd:%s\": etcd://HOST:PORT[,HOST:PORT...].",
			 rest);
	else if (ret)
		snprintf(err, errlen, "Error: %s.", strerror(-ret));
	if (ret) {
		etcd_close(&e->ds);
		return ret;
	}
	*ds = &e->ds;
	return 0;
}

const struct dpubgp_ds_ops dpubgp_ds_etcd_ops = {
	.scheme = "etcd:",
	.open = etcd_open,
	.close = etcd_close,
	.read = etcd_read,
	.update = etcd_update,
	.watch = etcd_watch,
	.changed = etcd_changed,
};
