/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The datastore (design.md §8): where the document lives, read and
 * written the same way whatever the backend, chosen by URL:
 *
 *   file:PATH                 one YAML document on disk (the default,
 *                             file:/etc/dpubgp/dpubgp.yaml)
 *   etcd://HOST:PORT[,...]    etcd v3, one key per object (etcd.c)
 *
 * A reader gets a consistent snapshot of the whole document. A writer
 * gives a function that edits the document; the datastore runs it on the
 * latest document and writes the result atomically, or runs it again on
 * the newer one when another writer came first, so that concurrent
 * writers lose nothing. What is written has passed dpubgp_doc_check().
 * A watcher gets a file descriptor that becomes readable when the
 * document may have changed.
 *
 * Every message in err is one line for people, complete as printed.
 */
#ifndef DPUBGP_DATASTORE_DATASTORE_H
#define DPUBGP_DATASTORE_DATASTORE_H

#include <stdbool.h>
#include <stddef.h>

#include "config/doc.h"

#define DPUBGP_DS_DEFAULT "file:/etc/dpubgp/dpubgp.yaml"
#define DPUBGP_DS_ENV "DPUBGP_DATASTORE"

struct dpubgp_ds;

struct dpubgp_ds_opts {
	const char *url;	/* NULL: $DPUBGP_DATASTORE, else the default */
	/* TLS to etcd (https then); the handle keeps them: they outlive it. */
	const char *etcd_cacert, *etcd_cert, *etcd_key;
};

/*
 * Edit doc, the latest document, in place. Returns 0 to have it written,
 * DPUBGP_DS_UNCHANGED to write nothing, or -1 with the message in err
 * (nothing written). May be called more than once.
 */
typedef int dpubgp_ds_edit_fn(struct dpubgp_doc *doc, void *ctx, char *err,
			      size_t errlen);
#define DPUBGP_DS_UNCHANGED 1

/* Open the datastore of o's URL: 0, or -errno with err set. */
int dpubgp_ds_open(const struct dpubgp_ds_opts *o, struct dpubgp_ds **ds,
		   char *err, size_t errlen);
void dpubgp_ds_close(struct dpubgp_ds *ds);

/* Its URL, for messages. */
const char *dpubgp_ds_url(const struct dpubgp_ds *ds);

/*
 * The document (all defaults when there is none yet): 0, or -errno with
 * err set ("FILE:LINE:COL: reason" for a document that does not parse).
 */
int dpubgp_ds_read(struct dpubgp_ds *ds, struct dpubgp_doc *doc, char *err,
		   size_t errlen);

/* Read, edit, check, write (see above): 0, or -errno with err set. */
int dpubgp_ds_update(struct dpubgp_ds *ds, dpubgp_ds_edit_fn *edit, void *ctx,
		     char *err, size_t errlen);

/*
 * What the last update has to say beside its result, or NULL: that a
 * hand-edited document was written back in canonical form.
 */
const char *dpubgp_ds_notice(const struct dpubgp_ds *ds);

/*
 * Start watching: a descriptor that becomes readable when the document
 * may have changed (poll it; dpubgp_ds_changed() drains it), or -errno
 * with err set.
 */
int dpubgp_ds_watch(struct dpubgp_ds *ds, char *err, size_t errlen);

/* Drain the watch: whether the document may have changed since. */
bool dpubgp_ds_changed(struct dpubgp_ds *ds);

#endif /* DPUBGP_DATASTORE_DATASTORE_H */
