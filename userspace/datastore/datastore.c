// SPDX-License-Identifier: GPL-2.0
/*
 * The datastore: the backend of a URL, and what every backend shares.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/edit.h"
#include "datastore/internal.h"

static const struct dpubgp_ds_ops *const backends[] = {
	&dpubgp_ds_file_ops,
	&dpubgp_ds_etcd_ops,
};

int dpubgp_ds_open(const struct dpubgp_ds_opts *o, struct dpubgp_ds **ds,
		   char *err, size_t errlen)
{
	const char *url = o->url ? o->url : getenv(DPUBGP_DS_ENV);
	const struct dpubgp_ds_ops *ops;
	size_t i, len;
	int ret;

	if (!url || !*url)
		url = DPUBGP_DS_DEFAULT;
	for (i = 0; i < sizeof(backends) / sizeof(backends[0]); i++) {
		ops = backends[i];
		len = strlen(ops->scheme);
		if (strncmp(url, ops->scheme, len))
			continue;
		ret = ops->open(url + len, o, ds, err, errlen);
		if (ret)
			return ret;
		(*ds)->ops = ops;
		(*ds)->url = strdup(url);
		if (!(*ds)->url) {
			dpubgp_ds_close(*ds);
			snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
			return -ENOMEM;
		}
		return 0;
	}
	snprintf(err, errlen,
		 "Error: unknown datastore \"%s\": file:PATH or etcd://HOST:PORT[,HOST:PORT...].",
		 url);
	return -EINVAL;
}

void dpubgp_ds_close(struct dpubgp_ds *ds)
{
	char *url;

	if (!ds)
		return;
	url = ds->url;
	ds->ops->close(ds);
	free(url);
}

const char *dpubgp_ds_url(const struct dpubgp_ds *ds)
{
	return ds->url;
}

int dpubgp_ds_read(struct dpubgp_ds *ds, struct dpubgp_doc *doc, char *err,
		   size_t errlen)
{
	return ds->ops->read(ds, doc, err, errlen);
}

int dpubgp_ds_update(struct dpubgp_ds *ds, dpubgp_ds_edit_fn *edit, void *ctx,
		     char *err, size_t errlen)
{
	ds->notice = NULL;
	return ds->ops->update(ds, edit, ctx, err, errlen);
}

const char *dpubgp_ds_notice(const struct dpubgp_ds *ds)
{
	return ds->notice;
}

int dpubgp_ds_watch(struct dpubgp_ds *ds, char *err, size_t errlen)
{
	return ds->ops->watch(ds, err, errlen);
}

bool dpubgp_ds_changed(struct dpubgp_ds *ds)
{
	return ds->ops->changed(ds);
}

int dpubgp_ds_edit(struct dpubgp_doc *doc, dpubgp_ds_edit_fn *edit,
		   void *ctx, char *err, size_t errlen)
{
	char reason[512];
	size_t len;
	int ret = edit(doc, ctx, err, errlen);

	if (ret)
		return ret < 0 ? -1 : DPUBGP_DS_UNCHANGED;
	ret = dpubgp_doc_check(doc, reason, sizeof(reason));
	if (ret == -ENOMEM)
		snprintf(reason, sizeof(reason), "%s", strerror(ENOMEM));
	if (!ret)
		return 0;
	/* One period at the end, as every sentence of the CLI. */
	len = strlen(reason);
	snprintf(err, errlen, "Error: %s%s", reason,
		 len && reason[len - 1] == '.' ? "" : ".");
	return -1;
}

int dpubgp_ds_canonical(const struct dpubgp_doc *doc, char **text,
			size_t *len)
{
	FILE *out = open_memstream(text, len);
	int ret;

	if (!out)
		return -ENOMEM;
	ret = dpubgp_doc_emit(doc, out);
	if (fclose(out) || ret) {
		free(*text);
		*text = NULL;
		return -ENOMEM;
	}
	return 0;
}

#ifdef DPUBGP_FAULT_INJECTION
void dpubgp_ds_fault(const char *point)
{
	const char *want = getenv("DPUBGP_FAULT");

	if (want && !strcmp(want, point))
		raise(SIGKILL);
}
#endif
