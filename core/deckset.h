/* SPDX-License-Identifier: GPL-2.0 */
/*
 * deckset.h - load the deck files named on a command line.
 *
 * Each path is a deck file or a folder whose *.md files are decks (the
 * regular files dir_list() gives: sorted by name, not recursive); "-" is
 * a deck read from standard input, its source "-".  Every file is read and parsed; duplicates
 * across all of them are checked.  Used by import, check and the drill's
 * re-import after an edit.
 */
#ifndef MEMDRILL_DECKSET_H
#define MEMDRILL_DECKSET_H

#include <stddef.h>

#include "core/deck.h"

/* A deck file is at most this big (and so is one on standard input). */
#define DECKSET_MAX_FILE (64u << 20)

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

struct store;
/*
 * Report (as the later card's error) each card of @set whose key a live
 * card of the collection @s has, imported from a file outside @set that
 * still holds that key: importing it would take that card over.  A card
 * whose old file no longer holds it has moved, which is fine.  Returns
 * the number found, or -1 with a message in @err.
 */
int deckset_check_store(struct deckset *set, struct store *s, char *err,
			size_t errsz);

/* Sort each deck's diagnostics by line, for printing in file order. */
void deckset_sort_diags(struct deckset *set);

void deckset_release(struct deckset *set);

#endif
