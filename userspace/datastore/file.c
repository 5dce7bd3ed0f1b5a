// SPDX-License-Identifier: GPL-2.0
/*
 * The file backend: the document at PATH, one YAML file.
 *
 * Readers read the file whole, without a lock: a writer replaces it by
 * rename(2), so a reader sees the old document or the new one, never a
 * mix. Writers serialize on flock(2) of PATH.lock, beside the document:
 * under the lock a writer reads the document, edits it, writes the whole
 * result to a temporary file in the same directory, fsyncs it, renames it
 * over PATH and fsyncs the directory. A crash at any point leaves the old
 * document or the new one (and perhaps a temporary file, which the next
 * writer removes); concurrent writers each edit the document the one
 * before them wrote, so nothing is lost.
 *
 * The document is written in canonical form (config/emit.c): comments
 * and key order of a hand-edited document do not survive a write. The
 * update's notice says so when the document was not canonical before.
 *
 * Watchers get an inotify descriptor on the directory: a writer's rename
 * is IN_MOVED_TO, an editor writing the file in place IN_CLOSE_WRITE.
 */
#define _GNU_SOURCE	/* asprintf, mkostemp */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datastore/internal.h"

/* Bounded: a document is small, and a runaway file must not eat memory. */
#define DOC_MAX_SIZE (16u << 20)
#define TMP_SUFFIX ".XXXXXX"

struct file_ds {
	struct dpubgp_ds ds;
	char *path;
	char *lock;		/* PATH.lock */
	char *dir;		/* PATH's directory */
	char *base;		/* PATH's last component */
	int inotify;
};

static struct file_ds *file_of(struct dpubgp_ds *ds)
{
	return (struct file_ds *)ds;
}

static void file_close(struct dpubgp_ds *ds)
{
	struct file_ds *f = file_of(ds);

	if (f->inotify >= 0)
		close(f->inotify);
	free(f->path);
	free(f->lock);
	free(f->dir);
	free(f->base);
	free(f);
}

static int file_open(const char *rest, const struct dpubgp_ds_opts *o,
		     struct dpubgp_ds **ds, char *err, size_t errlen)
{
	struct file_ds *f = calloc(1, sizeof(*f));
	char *copy1 = NULL, *copy2 = NULL;

	(void)o;
	/* file:///etc/x and file:/etc/x are the same file. */
	if (!strncmp(rest, "//", 2))
		rest += 2;
	if (!*rest) {
		free(f);
		snprintf(err, errlen, "Error: the file datastore needs a path: file:PATH.");
		return -EINVAL;
	}
	if (f) {
		f->inotify = -1;
		f->path = strdup(rest);
		copy1 = strdup(rest);
		copy2 = strdup(rest);
	}
	if (f && f->path && copy1 && copy2 &&
	    asprintf(&f->lock, "%s.lock", rest) >= 0) {
		f->dir = strdup(dirname(copy1));
		f->base = strdup(basename(copy2));
	}
	free(copy1);
	free(copy2);
	if (!f || !f->lock || !f->dir || !f->base) {
		if (f)
			file_close(&f->ds);
		snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
		return -ENOMEM;
	}
	*ds = &f->ds;
	return 0;
}

/*
 * The document's bytes into *buf (malloc()ed, NUL-terminated): 0, or
 * -ENOENT when there is no document, or -errno with err set.
 */
static int slurp(struct file_ds *f, char **buf, size_t *len, char *err,
		 size_t errlen)
{
	int fd = open(f->path, O_RDONLY | O_CLOEXEC);
	ssize_t n = 0;
	int ret = 0;

	*buf = NULL;
	*len = 0;
	if (fd < 0) {
		ret = -errno;
		if (ret != -ENOENT)
			snprintf(err, errlen, "Error: cannot read %s: %s.",
				 f->path, strerror(-ret));
		return ret;
	}
	*buf = malloc(DOC_MAX_SIZE + 1);
	while (*buf && *len < DOC_MAX_SIZE &&
	       (n = read(fd, *buf + *len, DOC_MAX_SIZE - *len)) > 0)
		*len += (size_t)n;
	if (!*buf || n < 0 || *len == DOC_MAX_SIZE)
		ret = !*buf ? -ENOMEM : n < 0 ? -errno : -EFBIG;
	close(fd);
	if (ret) {
		snprintf(err, errlen, "Error: cannot read %s: %s.", f->path,
			 strerror(-ret));
		free(*buf);
		*buf = NULL;
		return ret;
	}
	(*buf)[*len] = '\0';
	return 0;
}

/* The document in buf, or all defaults when there is none (buf NULL). */
static int parse(struct file_ds *f, const char *buf, size_t len,
		 struct dpubgp_doc *doc, char *err, size_t errlen)
{
	return dpubgp_doc_parse(f->path, buf ? buf : "", buf ? len : 0, doc,
				err, errlen);
}

static int file_read(struct dpubgp_ds *ds, struct dpubgp_doc *doc, char *err,
		     size_t errlen)
{
	struct file_ds *f = file_of(ds);
	size_t len;
	char *buf;
	int ret = slurp(f, &buf, &len, err, errlen);

	memset(doc, 0, sizeof(*doc));
	if (ret && ret != -ENOENT)
		return ret;
	ret = parse(f, buf, len, doc, err, errlen);
	free(buf);
	return ret;
}

/* Whether text is not what the emitter makes of the document it holds. */
static bool hand_edited(const char *text, size_t len)
{
	struct dpubgp_doc doc;
	char err[8], *again;
	size_t again_len;
	bool differs = true;

	if (dpubgp_doc_parse("", text, len, &doc, err, sizeof(err)))
		return true;
	if (!dpubgp_ds_canonical(&doc, &again, &again_len)) {
		differs = again_len != len || memcmp(again, text, len);
		free(again);
	}
	dpubgp_doc_free(&doc);
	return differs;
}

static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Temporary files a writer killed before its rename left: only a
 * writer, holding the lock, makes them, so under the lock they are stale.
 */
static void remove_stale(struct file_ds *f)
{
	size_t n = strlen(f->base);
	struct dirent *e;
	DIR *d = opendir(f->dir);
	int dfd;

	if (!d)
		return;
	dfd = dirfd(d);
	while ((e = readdir(d)))
		if (e->d_name[0] == '.' && !strncmp(e->d_name + 1, f->base, n) &&
		    strlen(e->d_name + 1 + n) == strlen(TMP_SUFFIX) &&
		    e->d_name[1 + n] == '.')
			unlinkat(dfd, e->d_name, 0);
	closedir(d);
}

/*
 * text in place of the document: a temporary file beside it, fsynced,
 * renamed over it, the directory fsynced. 0 or -errno.
 */
static int replace(struct file_ds *f, const char *text, size_t len,
		   mode_t mode)
{
	char *tmp = NULL;
	int fd = -1, dfd = -1, ret;

	if (asprintf(&tmp, "%s/.%s" TMP_SUFFIX, f->dir, f->base) < 0)
		return -ENOMEM;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto out;
	}
	/* Half the document, so that a test can stop a writer half-way. */
	ret = write_all(fd, text, len / 2);
	dpubgp_ds_fault("write");
	if (!ret)
		ret = write_all(fd, text + len / 2, len - len / 2);
	if (!ret && (fchmod(fd, mode) || fsync(fd)))
		ret = -errno;
	dpubgp_ds_fault("fsync");
	if (!ret && rename(tmp, f->path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		goto out;
	}
	dpubgp_ds_fault("rename");
	dfd = open(f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd))
		ret = -errno;
out:
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	free(tmp);
	return ret;
}

/* Under the lock: read, edit, check, write. */
static int update_locked(struct file_ds *f, dpubgp_ds_edit_fn *edit,
			 void *ctx, char *err, size_t errlen)
{
	struct dpubgp_doc doc;
	char *old = NULL, *text = NULL;
	size_t old_len, len;
	struct stat st;
	mode_t mode = 0644;
	int ret;

	ret = slurp(f, &old, &old_len, err, errlen);
	if (ret && ret != -ENOENT)
		return ret;
	if (old && !stat(f->path, &st))
		mode = st.st_mode & 07777;
	ret = parse(f, old, old_len, &doc, err, errlen);
	if (!ret) {
		ret = dpubgp_ds_edit(&doc, edit, ctx, err, errlen);
		if (ret < 0)
			ret = -EINVAL;	/* refused, err says why */
	}
	if (!ret && dpubgp_ds_canonical(&doc, &text, &len))
		ret = -ENOMEM;
	dpubgp_doc_free(&doc);
	if (ret == DPUBGP_DS_UNCHANGED) {
		free(old);
		return 0;
	}
	if (!ret) {
		remove_stale(f);
		if (old && hand_edited(old, old_len))
			f->ds.notice = "the document was hand-edited: it is written back in canonical form, without its comments and in the emitter's key order";
		ret = replace(f, text, len, mode);
		if (ret)
			snprintf(err, errlen, "Error: cannot write %s: %s.",
				 f->path, strerror(-ret));
	} else if (ret == -ENOMEM) {
		snprintf(err, errlen, "Error: %s.", strerror(ENOMEM));
	}
	free(old);
	free(text);
	return ret;
}

static int file_update(struct dpubgp_ds *ds, dpubgp_ds_edit_fn *edit,
		       void *ctx, char *err, size_t errlen)
{
	struct file_ds *f = file_of(ds);
	int lock, ret;

	lock = open(f->lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lock < 0 || flock(lock, LOCK_EX)) {
		ret = -errno;
		snprintf(err, errlen, "Error: cannot lock %s: %s.", f->lock,
			 strerror(-ret));
		if (lock >= 0)
			close(lock);
		return ret;
	}
	dpubgp_ds_fault("lock");
	ret = update_locked(f, edit, ctx, err, errlen);
	close(lock);
	return ret;
}

static int file_watch(struct dpubgp_ds *ds, char *err, size_t errlen)
{
	struct file_ds *f = file_of(ds);
	int ret;

	if (f->inotify >= 0)
		return f->inotify;
	f->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (f->inotify >= 0 &&
	    inotify_add_watch(f->inotify, f->dir,
			      IN_CLOSE_WRITE | IN_MOVED_TO | IN_DELETE) >= 0)
		return f->inotify;
	ret = -errno;
	snprintf(err, errlen, "Error: cannot watch %s: %s.", f->dir,
		 strerror(-ret));
	if (f->inotify >= 0)
		close(f->inotify);
	f->inotify = -1;
	return ret;
}

static bool file_changed(struct dpubgp_ds *ds)
{
	struct file_ds *f = file_of(ds);
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	const struct inotify_event *e;
	bool changed = false;
	ssize_t n;
	char *p;

	while ((n = read(f->inotify, buf, sizeof(buf))) > 0)
		for (p = buf; p < buf + n; p += sizeof(*e) + e->len) {
			e = (const struct inotify_event *)p;
			if ((e->mask & IN_Q_OVERFLOW) ||
			    (e->len && !strcmp(e->name, f->base)))
				changed = true;
		}
	return changed;
}

const struct dpubgp_ds_ops dpubgp_ds_file_ops = {
	.scheme = "file:",
	.open = file_open,
	.close = file_close,
	.read = file_read,
	.update = file_update,
	.watch = file_watch,
	.changed = file_changed,
};
