/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The etcd backend's own declarations: how the document is laid out in
 * keys (etcd_layout.c), for the backend (etcd.c).
 *
 * Every object of the document (config/edit.h) is one key below
 * ETCD_PREFIX holding its JSON (design.md §8), plus ETCD_SERIAL, which
 * every write puts: a write that only deletes keys still moves the
 * prefix's highest mod_revision, so that comparing that one number is
 * enough for a writer to know that nobody wrote since its snapshot.
 */
#ifndef DPUBGP_DATASTORE_ETCD_H
#define DPUBGP_DATASTORE_ETCD_H

#include <stddef.h>
#include <jansson.h>

#include "config/doc.h"

#define ETCD_PREFIX "/dpubgp/v1/"
#define ETCD_SERIAL "serial"	/* below the prefix: the count of writes */

/* A key below the prefix (without it) and its value, as JSON. */
struct etcd_kv {
	char *key;
	json_t *value;
};

/* What a read saw: the keys of the prefix in etcd's order (by bytes). */
struct etcd_snapshot {
	long long revision;
	struct etcd_kv *kv;
	size_t n;
	long long serial;	/* ETCD_SERIAL's value, 0 without one */
};

void etcd_snapshot_free(struct etcd_snapshot *s);

/*
 * The document the keys of s make, parsed by the document parser: 0, or
 * -EINVAL with err "KEY: reason" (the key whose value is at fault, named
 * whole: /dpubgp/v1/nodes/n1), -ENOMEM.
 */
int etcd_layout_parse(const struct etcd_snapshot *s, struct dpubgp_doc *doc,
		      char *err, size_t errlen);

/*
 * The keys (below the prefix) and values doc is stored as, into *keys: a
 * JSON object, key to value. 0, -ENOMEM, or -EIO when they would not
 * read back as doc (what the layout has no key for).
 */
int etcd_layout_keys(const struct dpubgp_doc *doc, json_t **keys);

#endif /* DPUBGP_DATASTORE_ETCD_H */
