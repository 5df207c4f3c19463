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

	if (sbuf_read_file(&text, path) < 0 || !realpath(path, abs)) {
		snprintf(err, errsz, "cannot read deck '%s': %s", path,
			 strerror(errno));
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
 * The deck files @paths name: a file as it is, a folder's regular *.md
 * files sorted by name.  0, or -1 with a message (nothing listed).
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
			sbuf_addf(&path, "%s/%s", paths[i], names[k]);
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

int deckset_load(struct deckset *set, char *const *paths, size_t npaths,
		 char *err, size_t errsz)
{
	char **files;
	size_t nfiles, i, j;

	if (deckset_files(paths, npaths, &files, &nfiles, err, errsz) < 0)
		return -1;
	for (i = 0; i < nfiles; i++)
		if (deckset_add_file(set, files[i], err, errsz) < 0) {
			deckset_files_free(files, nfiles);
			deckset_release(set);
			return -1;
		}
	deckset_files_free(files, nfiles);
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

static int deckset_diag_cmp(const void *a, const void *b)
{
	const struct deck_diag *x = a, *y = b;

	return (x->line > y->line) - (x->line < y->line);
}

static void deckset_sort_deck(struct deck *d)
{
	if (d->ndiags > 1)
		qsort(d->diags, d->ndiags, sizeof(*d->diags),
		      deckset_diag_cmp);
}

void deckset_sort_diags(struct deckset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		deckset_sort_deck(&set->decks[i]);
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

/* deck_check_seen() callback. */
static int deckset_seen_first(void *arg, const char *key, const char **path,
			      int *line)
{
	struct deckset_seen *sn = arg;
	size_t i;

	if (!strmap_get(&sn->map, key, strlen(key), &i))
		return 0;
	*path = sn->paths[sn->where[i].file];
	*line = sn->where[i].line;
	return 1;
}

/* Check @d against the earlier files and within itself, then add it. */
static void deckset_seen_add(struct deckset_seen *sn, struct deck *d)
{
	size_t j, k;

	deck_check_seen(d, deckset_seen_first, sn);
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

/*
 * A file's mtime is trusted only when it is older than the import by this
 * much: a file written again within the same clock tick would otherwise
 * keep its size and mtime (then it is hashed next time instead).
 */
#define DECKSET_MTIME_SLACK 2000000000LL

int deckset_import(struct store *s, char *const *paths, size_t npaths,
		   void (*on_deck)(void *arg, const struct deck *d),
		   void *arg, struct deckset_result *r, char *err,
		   size_t errsz)
{
	struct deckset_seen sn = { STRMAP_INIT, NULL, 0, 0, NULL, 0, 0 };
	struct strmap named = STRMAP_INIT;
	struct sbuf text = SBUF_INIT;
	struct store_import *im = NULL;
	struct timespec now;
	char **files, abs[PATH_MAX];
	size_t nfiles, i, j;
	int rc = -1;

	memset(r, 0, sizeof(*r));
	if (deckset_files(paths, npaths, &files, &nfiles, err, errsz) < 0)
		return -1;
	r->nfiles = nfiles;
	clock_gettime(CLOCK_REALTIME, &now);
	im = store_import_begin(s, &r->st, err, errsz);
	if (!im)
		goto out;
	for (i = 0; i < nfiles; i++) {
		struct store_file old, cur;
		struct deck d = DECK_INIT;
		struct stat st;
		int known, again;

		if (stat(files[i], &st) < 0 || !realpath(files[i], abs)) {
			snprintf(err, errsz, "cannot read deck '%s': %s",
				 files[i], strerror(errno));
			goto out;
		}
		/* a file named twice is parsed twice: its cards are dups */
		again = strmap_put(&named, files[i], strlen(files[i]), i) != i;
		known = again ? 0 : store_import_file(im, abs, &old, err,
						      errsz);
		if (known < 0)
			goto out;
		cur.size = st.st_size;
		cur.mtime = (int64_t)st.st_mtim.tv_sec * 1000000000LL +
			    st.st_mtim.tv_nsec;
		if ((int64_t)now.tv_sec * 1000000000LL + now.tv_nsec -
		    cur.mtime < DECKSET_MTIME_SLACK)
			cur.mtime = 0;
		if (known && old.mtime && old.size == cur.size &&
		    old.mtime == cur.mtime) {
			if (store_import_skip(im, abs, NULL, err, errsz) < 0)
				goto out;
			continue;
		}
		sbuf_reset(&text);
		if (sbuf_read_file(&text, files[i]) < 0) {
			snprintf(err, errsz, "cannot read deck '%s': %s",
				 files[i], strerror(errno));
			goto out;
		}
		cur.hash = strmap_hash(text.buf, text.len);
		cur.size = (int64_t)text.len;
		if (known && old.size == cur.size && old.hash == cur.hash) {
			cur.cards = old.cards;
			if (store_import_skip(im, abs, &cur, err, errsz) < 0)
				goto out;
			continue;
		}
		deck_parse(&d, files[i], text.buf, text.len);
		deckset_seen_add(&sn, &d);
		deckset_sort_deck(&d);
		for (j = 0; j < d.ndiags; j++) {
			if (d.diags[j].error)
				r->nerrors++;
			else
				r->nwarnings++;
		}
		if (on_deck)
			on_deck(arg, &d);
		cur.cards = (int)d.ncards;
		/* after an error, parse on for the diagnostics only */
		if (!r->nerrors && store_import_deck(im, &d, abs, &cur, err,
						     errsz) < 0) {
			deck_release(&d);
			goto out;
		}
		deck_release(&d);
	}
	if (r->nerrors) {
		store_import_end(im, 0, err, errsz);
		im = NULL;
		rc = 1;
		goto out;
	}
	rc = store_import_end(im, 1, err, errsz);
	im = NULL;
out:
	if (im)
		store_import_end(im, 0, err, errsz);
	sbuf_release(&text);
	strmap_release(&named);
	deckset_seen_release(&sn);
	deckset_files_free(files, nfiles);
	return rc;
}
