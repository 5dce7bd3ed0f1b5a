/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a backend of the datastore provides (datastore.h says what each
 * operation means) and what the backends share.
 */
#ifndef DPUBGP_DATASTORE_INTERNAL_H
#define DPUBGP_DATASTORE_INTERNAL_H

#include "datastore/datastore.h"

struct dpubgp_ds_ops {
	const char *scheme;	/* the URL's, with its ':' */
	/* rest: the URL past the scheme. Allocates *ds. */
	int (*open)(const char *rest, const struct dpubgp_ds_opts *o,
		    struct dpubgp_ds **ds, char *err, size_t errlen);
	void (*close)(struct dpubgp_ds *ds);
	int (*read)(struct dpubgp_ds *ds, struct dpubgp_doc *doc, char *err,
		    size_t errlen);
	int (*update)(struct dpubgp_ds *ds, dpubgp_ds_edit_fn *edit, void *ctx,
		      char *err, size_t errlen);
	int (*watch)(struct dpubgp_ds *ds, char *err, size_t errlen);
	bool (*changed)(struct dpubgp_ds *ds);
};

/* The head of every backend's handle. */
struct dpubgp_ds {
	const struct dpubgp_ds_ops *ops;
	char *url;
	const char *notice;
};

extern const struct dpubgp_ds_ops dpubgp_ds_file_ops;
extern const struct dpubgp_ds_ops dpubgp_ds_etcd_ops;

/*
 * Run edit on doc and check the result (dpubgp_doc_check): 0 to write,
 * DPUBGP_DS_UNCHANGED, or -1 with err set.
 */
int dpubgp_ds_edit(struct dpubgp_doc *doc, dpubgp_ds_edit_fn *edit,
		   void *ctx, char *err, size_t errlen);

/* doc in canonical form (config/emit.c), malloc()ed into *text: 0 or -ENOMEM. */
int dpubgp_ds_canonical(const struct dpubgp_doc *doc, char **text,
			size_t *len);

/*
 * Test builds (SAN=1) die by SIGKILL at the point named by
 * $DPUBGP_FAULT, so that tests can stop a writer anywhere.
 */
#ifdef DPUBGP_FAULT_INJECTION
void dpubgp_ds_fault(const char *point);
#else
static inline void dpubgp_ds_fault(const char *point) { (void)point; }
#endif

#endif /* DPUBGP_DATASTORE_INTERNAL_H */
