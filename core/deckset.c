// SPDX-License-Identifier: GPL-2.0
/* deckset.c - read and parse the deck files of a command (deckset.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "core/deckset.h"
#include "core/store.h"
#include "util/dir.h"
#include "util/sbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

static int deckset_add_file(struct deckset *set, const char *path,
			    char *err, size_t errsz)
{
	struct sbuf text = SBUF_INIT;
	char abs[PATH_MAX];
	struct deck *d;

	if (!strcmp(path, "-")) {
		/* standard input: its source is "-" */
		if (sbuf_read_fd(&text, 0, DECKSET_MAX_FILE) < 0) {
			snprintf(err, errsz, "cannot read a deck from standard "
				 "input: %s", errno == EFBIG ? "larger than "
				 "64 MiB" : strerror(errno));
			sbuf_release(&text);
			return -1;
		}
		strcpy(abs, "-");
	} else if (sbuf_read_file_max(&text, path, DECKSET_MAX_FILE) < 0 ||
		   !realpath(path, abs)) {
		snprintf(err, errsz, "cannot read deck '%s': %s", path,
			 errno == EFBIG ? "larger than 64 MiB" :
			 sbuf_read_strerror(errno));
		sbuf_release(&text);
		return -1;
	}
	set->decks = xgrow(set->decks, &set->alloc, set->n + 1,
			   sizeof(*set->decks));
	set->sources = xrealloc(set->sources, set->alloc *
				sizeof(*set->sources));
	d = &set->decks[set->n];
	memset(d, 0, sizeof(*d));
	deck_parse(d, path, text.buf, text.len);
	set->sources[set->n++] = xstrdup(abs);
	sbuf_release(&text);
	return 0;
}

static int deckset_add_dir(struct deckset *set, const char *dir, char *err,
			   size_t errsz)
{
	struct sbuf path = SBUF_INIT;
	char **names;
	int i, n = dir_list(dir, ".md", &names), rc = 0;

	if (n < 0) {
		snprintf(err, errsz, "cannot read folder '%s': %s", dir,
			 strerror(errno));
		return -1;
	}
	for (i = 0; i < n && !rc; i++) {
		sbuf_reset(&path);
		sbuf_addf(&path, "%s%s%s", dir,
			  dir[strlen(dir) - 1] == '/' ? "" : "/", names[i]);
		rc = deckset_add_file(set, path.buf, err, errsz);
	}
	sbuf_release(&path);
	dir_list_free(names);
	return rc;
}

int deckset_load(struct deckset *set, char *const *paths, size_t npaths,
		 char *err, size_t errsz)
{
	size_t i, j;
	struct stat st;

	for (i = 0; i < npaths; i++) {
		int rc;

		if (!strcmp(paths[i], "-")) {
			rc = deckset_add_file(set, paths[i], err, errsz);
		} else if (stat(paths[i], &st) < 0) {
			snprintf(err, errsz, "cannot read deck '%s': %s",
				 paths[i], strerror(errno));
			rc = -1;
		} else if (S_ISDIR(st.st_mode)) {
			rc = deckset_add_dir(set, paths[i], err, errsz);
		} else {
			rc = deckset_add_file(set, paths[i], err, errsz);
		}
		if (rc < 0) {
			deckset_release(set);
			return -1;
		}
	}
	deck_check_duplicates(set->decks, set->n);
	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->decks[i].ndiags; j++) {
			if (set->decks[i].diags[j].error)
				set->nerrors++;
			else
				set->nwarnings++;
		}
	return 0;
}

/* Does the file @path (still) hold a card keyed @key?  Its line, or 0. */
static int deckset_file_holds(const char *path, const char *key)
{
	struct sbuf text = SBUF_INIT;
	struct deck d = DECK_INIT;
	size_t i;
	int line = 0;

	if (sbuf_read_file_max(&text, path, DECKSET_MAX_FILE) < 0)
		return 0;
	deck_parse(&d, path, text.buf, text.len);
	for (i = 0; i < d.ncards && !line; i++)
		if (!strcmp(d.cards[i].key, key))
			line = d.cards[i].line;
	deck_release(&d);
	sbuf_release(&text);
	return line;
}

struct deckset_known {
	struct deckset *set;
	size_t (*refs)[2];	/* per key: deck, card */
	int found;
};

static int deckset_known_fn(void *arg, size_t r, const char *source,
			    int line)
{
	struct deckset_known *k = arg;
	struct deckset *set = k->set;
	struct deck *d;
	size_t i;

	for (i = 0; i < set->n; i++)
		if (!strcmp(source, set->sources[i]))
			return 0;	/* re-imported now: not a takeover */
	d = &set->decks[k->refs[r][0]];
	line = deckset_file_holds(source, d->cards[k->refs[r][1]].key);
	if (!line)
		return 0;		/* gone from there: the card moved */
	deck_diag_duplicate(d, &d->cards[k->refs[r][1]], "already in the "
			    "collection from", source, line);
	set->nerrors++;
	k->found++;
	return 0;
}

int deckset_check_store(struct deckset *set, struct store *s, char *err,
			size_t errsz)
{
	struct deckset_known k = { .set = set };
	const char **keys = NULL;
	size_t i, j, n = 0, alloc = 0, kalloc = 0;
	int rc;

	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->decks[i].ncards; j++) {
			k.refs = xgrow(k.refs, &alloc, n + 1, sizeof(*k.refs));
			keys = xgrow(keys, &kalloc, n + 1, sizeof(*keys));
			k.refs[n][0] = i;
			k.refs[n][1] = j;
			keys[n++] = set->decks[i].cards[j].key;
		}
	rc = n ? store_keys_home(s, keys, n, deckset_known_fn, &k, err,
				 errsz) : 0;
	free(keys);
	free(k.refs);
	return rc < 0 ? -1 : k.found;
}

static int deckset_diag_cmp(const void *a, const void *b)
{
	const struct deck_diag *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

void deckset_sort_diags(struct deckset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		struct deck *d = &set->decks[i];

		if (d->ndiags > 1)
			qsort(d->diags, d->ndiags, sizeof(*d->diags),
			      deckset_diag_cmp);
	}
}

void deckset_release(struct deckset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++) {
		deck_release(&set->decks[i]);
		free(set->sources[i]);
	}
	free(set->decks);
	free(set->sources);
	memset(set, 0, sizeof(*set));
}

/* ---- streaming import ---- */

/* Append @path (copied) to the list @files. */
static void deckset_push(char ***files, size_t *n, size_t *alloc,
			 const char *path)
{
	*files = xgrow(*files, alloc, *n + 1, sizeof(**files));
	(*files)[(*n)++] = xstrdup(path);
}

static void deckset_files_free(char **files, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(files[i]);
	free(files);
}

/*
 * The deck files @paths name, as deckset_load() reads them: "-" as it
 * is, a file as it is, a folder's *.md files sorted by name.  0, or -1
 * with a message (nothing listed).
 */
static int deckset_files(char *const *paths, size_t npaths, char ***files,
			 size_t *n, char *err, size_t errsz)
{
	struct sbuf path = SBUF_INIT;
	struct stat st;
	size_t alloc = 0, i;
	char **names;
	int k, m;

	*files = NULL;
	*n = 0;
	for (i = 0; i < npaths; i++) {
		if (!strcmp(paths[i], "-")) {
			deckset_push(files, n, &alloc, paths[i]);
			continue;
		}
		if (stat(paths[i], &st) < 0) {
			snprintf(err, errsz, "cannot read deck '%s': %s",
				 paths[i], strerror(errno));
			goto fail;
		}
		if (!S_ISDIR(st.st_mode)) {
			deckset_push(files, n, &alloc, paths[i]);
			continue;
		}
		m = dir_list(paths[i], ".md", &names);
		if (m < 0) {
			snprintf(err, errsz, "cannot read folder '%s': %s",
				 paths[i], strerror(errno));
			goto fail;
		}
		for (k = 0; k < m; k++) {
			sbuf_reset(&path);
			sbuf_addf(&path, "%s%s%s", paths[i],
				  paths[i][strlen(paths[i]) - 1] == '/' ? "" :
				  "/", names[k]);
			deckset_push(files, n, &alloc, path.buf);
		}
		dir_list_free(names);
	}
	sbuf_release(&path);
	return 0;
fail:
	sbuf_release(&path);
	deckset_files_free(*files, *n);
	*files = NULL;
	*n = 0;
	return -1;
}

/* The keys of the files parsed so far: where each was first seen. */
struct deckset_seen {
	struct strmap map;	/* key -> index in where */
	struct deckset_where {
		char *key;
		size_t file;	/* index in paths */
		int line;
	} *where;
	size_t n, alloc;
	char **paths;		/* as given, of the files parsed */
	size_t npaths, palloc;
};

/* Report @d's cards an earlier file of the import has; then add them. */
static void deckset_seen_add(struct deckset_seen *sn, struct deck *d)
{
	size_t j, k;

	for (j = 0; j < d->ncards; j++) {
		const struct deck_card *c = &d->cards[j];

		if (strmap_get(&sn->map, c->key, strlen(c->key), &k))
			deck_diag_duplicate(d, c, "first at",
					    sn->paths[sn->where[k].file],
					    sn->where[k].line);
	}
	deck_check_duplicates(d, 1);
	deckset_push(&sn->paths, &sn->npaths, &sn->palloc, d->path);
	for (j = 0; j < d->ncards; j++) {
		const struct deck_card *c = &d->cards[j];

		if (strmap_get(&sn->map, c->key, strlen(c->key), NULL))
			continue;
		sn->where = xgrow(sn->where, &sn->alloc, sn->n + 1,
				  sizeof(*sn->where));
		k = sn->n++;
		sn->where[k].key = xstrdup(c->key);
		sn->where[k].file = sn->npaths - 1;
		sn->where[k].line = c->line;
		strmap_put(&sn->map, sn->where[k].key,
			   strlen(sn->where[k].key), k);
	}
}

static void deckset_seen_release(struct deckset_seen *sn)
{
	size_t i;

	for (i = 0; i < sn->n; i++)
		free(sn->where[i].key);
	free(sn->where);
	strmap_release(&sn->map);
	deckset_files_free(sn->paths, sn->npaths);
}

/* What deckset_import() knows of each file before reading it. */
struct deckset_file {
	char *abs;		/* realpath; NULL for "-" */
	int known, same;	/* a record; unchanged (skipped) */
	struct store_file rec, cur;
};

/*
 * deckset_check_store() for one deck while importing: a card whose live
 * card in the collection comes from another file that still holds it.
 * A file of this import that is unchanged still holds what it held; one
 * that changed settles its own cards; any other file is read.
 */
static int deckset_import_takeover(struct store_import *im, struct deck *d,
				   const char *abs, const struct strmap *byabs,
				   const struct deckset_file *f, char *err,
				   size_t errsz)
{
	size_t j, k;

	for (j = 0; j < d->ncards; j++) {
		const struct deck_card *c = &d->cards[j];
		char *src = NULL;
		int line = 0, rc;

		rc = store_import_holder(im, c->key, &src, &line, err, errsz);
		if (rc < 0)
			return -1;
		if (!rc || !strcmp(src, abs)) {
			free(src);
			continue;
		}
		if (strmap_get(byabs, src, strlen(src), &k)) {
			if (f[k].same)
				deck_diag_duplicate(d, c, "first at", src,
						    line);
		} else if (strcmp(src, "-") &&
			   (line = deckset_file_holds(src, c->key))) {
			deck_diag_duplicate(d, c, "already in the collection "
					    "from", src, line);
		}
		free(src);
	}
	return 0;
}

/*
 * A file's mtime is trusted only when it is older than the import by this
 * much: a file written again within the same clock tick would otherwise
 * keep its size and mtime (it is hashed next time instead).
 */
#define DECKSET_MTIME_SLACK 2000000000LL

int deckset_import(struct store *s, char *const *paths, size_t npaths,
		   void (*on_deck)(void *arg, const struct deck *d),
		   void *arg, struct deckset_result *r, char *err,
		   size_t errsz)
{
	struct deckset_seen sn = { STRMAP_INIT, NULL, 0, 0, NULL, 0, 0 };
	struct strmap byabs = STRMAP_INIT;
	struct sbuf text = SBUF_INIT;
	struct store_import *im = NULL;
	struct deckset_file *f = NULL;
	struct timespec now;
	char **files, abs[PATH_MAX];
	size_t nfiles, i, j;
	int64_t now_ns;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (deckset_files(paths, npaths, &files, &nfiles, err, errsz) < 0)
		return -1;
	clock_gettime(CLOCK_REALTIME, &now);
	now_ns = (int64_t)now.tv_sec * 1000000000LL + now.tv_nsec;
	f = xcalloc(nfiles + 1, sizeof(*f));
	im = store_import_begin(s, &r->st, err, errsz);
	if (!im)
		goto out;
	/* what each file is before any is read: unchanged by size, mtime */
	for (i = 0; i < nfiles; i++) {
		struct stat st;

		if (!strcmp(files[i], "-"))
			continue;
		if (stat(files[i], &st) < 0 || !realpath(files[i], abs)) {
			snprintf(err, errsz, "cannot read deck '%s': %s",
				 files[i], strerror(errno));
			goto out;
		}
		f[i].abs = xstrdup(abs);
		strmap_put(&byabs, f[i].abs, strlen(f[i].abs), i);
		f[i].known = store_import_file(im, abs, &f[i].rec, err,
					       errsz);
		if (f[i].known < 0)
			goto out;
		f[i].cur.size = st.st_size;
		f[i].cur.mtime = (int64_t)st.st_mtim.tv_sec * 1000000000LL +
				 st.st_mtim.tv_nsec;
		if (now_ns - f[i].cur.mtime < DECKSET_MTIME_SLACK)
			f[i].cur.mtime = 0;
		f[i].same = f[i].known && f[i].rec.mtime &&
			    f[i].rec.size == f[i].cur.size &&
			    f[i].rec.mtime == f[i].cur.mtime;
	}
	for (i = 0; i < nfiles; i++) {
		struct deck d = DECK_INIT;
		int ret;

		if (f[i].same) {
			if (store_import_skip(im, f[i].abs, NULL, err,
					      errsz) < 0)
				goto out;
			r->nfiles++;
			continue;
		}
		sbuf_reset(&text);
		if (!f[i].abs) {
			if (sbuf_read_fd(&text, 0, DECKSET_MAX_FILE) < 0) {
				snprintf(err, errsz, "cannot read a deck from "
					 "standard input: %s", errno == EFBIG ?
					 "larger than 64 MiB" :
					 strerror(errno));
				goto out;
			}
		} else if (sbuf_read_file_max(&text, files[i],
					      DECKSET_MAX_FILE) < 0) {
			snprintf(err, errsz, "cannot read deck '%s': %s",
				 files[i], errno == EFBIG ?
				 "larger than 64 MiB" :
				 sbuf_read_strerror(errno));
			goto out;
		}
		f[i].cur.hash = strmap_hash(text.buf, text.len);
		f[i].cur.size = (int64_t)text.len;
		if (f[i].abs && f[i].known &&
		    f[i].rec.size == f[i].cur.size &&
		    f[i].rec.hash == f[i].cur.hash) {
			/* touched, same bytes: a new mtime on record */
			f[i].same = 1;
			f[i].cur.cards = f[i].rec.cards;
			if (store_import_skip(im, f[i].abs, &f[i].cur, err,
					      errsz) < 0)
				goto out;
			r->nfiles++;
			continue;
		}
		deck_parse(&d, files[i], text.buf, text.len);
		deckset_seen_add(&sn, &d);
		if (deckset_import_takeover(im, &d, f[i].abs ? f[i].abs : "-",
					    &byabs, f, err, errsz) < 0) {
			deck_release(&d);
			goto out;
		}
		if (d.ndiags > 1)
			qsort(d.diags, d.ndiags, sizeof(*d.diags),
			      deckset_diag_cmp);
		for (j = 0; j < d.ndiags; j++) {
			if (d.diags[j].error)
				r->nerrors++;
			else
				r->nwarnings++;
		}
		if (on_deck)
			on_deck(arg, &d);
		f[i].cur.cards = (int)d.ncards;
		ret = 0;
		if (d.nerrors)
			r->nbad++;	/* skipped whole */
		else if (!(ret = store_import_deck(im, &d, f[i].abs ?
						   f[i].abs : "-", f[i].abs ?
						   &f[i].cur : NULL, err,
						   errsz)))
			r->nfiles++;
		deck_release(&d);
		if (ret < 0)
			goto out;
	}
	rc = store_import_end(im, 1, err, errsz);
	im = NULL;
out:
	if (im)
		store_import_end(im, 0, err, errsz);
	sbuf_release(&text);
	strmap_release(&byabs);
	deckset_seen_release(&sn);
	for (i = 0; i < nfiles; i++)
		free(f[i].abs);
	free(f);
	deckset_files_free(files, nfiles);
	return rc;
}
