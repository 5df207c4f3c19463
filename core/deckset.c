// SPDX-License-Identifier: GPL-2.0
/* deckset.c - read and parse the deck files of a command (deckset.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/deckset.h"
#include "core/store.h"
#include "util/dir.h"
#include "util/sbuf.h"
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
