/* SPDX-License-Identifier: GPL-2.0 */
/*
 * deckset.h - load the deck files named on a command line.
 *
 * Each path is a deck file or a folder whose *.md files are decks (the
 * regular files dir_list() gives: sorted by name, not recursive).
 * deckset_load() reads and parses every file and checks duplicates across
 * all of them (check, lab list, the drill's re-import after an edit);
 * deckset_import() streams them into the collection (import).
 */
#ifndef MEMDRILL_DECKSET_H
#define MEMDRILL_DECKSET_H

#include <stddef.h>

#include "core/deck.h"
#include "core/store.h"

struct deckset {
	struct deck *decks;
	char **sources;		/* absolute path of each deck's file */
	size_t n, alloc;
	int nerrors, nwarnings;	/* over all decks' diagnostics */
};

#define DECKSET_INIT { NULL, NULL, 0, 0, 0, 0 }

/*
 * Load @npaths paths into @set (DECKSET_INIT).  Returns 0 when every file
 * could be read (parse errors are in the decks' diagnostics), -1 with a
 * message in @err when a path cannot be read (nothing is loaded then).
 */
int deckset_load(struct deckset *set, char *const *paths, size_t npaths,
		 char *err, size_t errsz);

/* Sort each deck's diagnostics by line, for printing in file order. */
void deckset_sort_diags(struct deckset *set);

void deckset_release(struct deckset *set);

struct store;

/* What deckset_import() did. */
struct deckset_result {
	size_t nfiles;
	int nerrors, nwarnings;
	struct store_import_stats st;
};

/*
 * Import @npaths paths into @s in one transaction, one file at a time:
 * a file whose size and mtime, else whose bytes, are as the last import
 * recorded is counted unchanged unread; any other is read, parsed,
 * checked for cards that a file before it holds, and synced.  Each parsed
 * deck goes to @on_deck(@arg, deck), its diagnostics sorted by line,
 * before it is freed: memory holds one file at a time.  Returns 0 when
 * imported; 1 when a deck had errors (@r->nerrors; nothing imported, the
 * rest still parsed for their diagnostics); -1 with a message in @err
 * (nothing imported).
 */
int deckset_import(struct store *s, char *const *paths, size_t npaths,
		   void (*on_deck)(void *arg, const struct deck *d),
		   void *arg, struct deckset_result *r, char *err,
		   size_t errsz);

#endif
