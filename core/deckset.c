// SPDX-License-Identifier: GPL-2.0
/* deckset.c - read and parse the deck files of a command (deckset.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/deckset.h"
#include "util/dir.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

static int deckset_add_file(struct deckset *set, const char *path,
			    char *err, size_t errsz)
{
	struct sbuf text = SBUF_INIT;
	char abs[PATH_MAX];
	struct deck *d;

	if (sbuf_read_file(&text, path) < 0 || !realpath(path, abs)) {
		snprintf(err, errsz, "cannot read deck '%s': %s", path,
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
		sbuf_addf(&path, "%s/%s", dir, names[i]);
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

		if (stat(paths[i], &st) < 0) {
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
