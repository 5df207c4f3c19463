/* SPDX-License-Identifier: GPL-2.0 */
/*
 * deck.h - the deck format: parse and lint one Markdown deck file; pure.
 *
 * A deck (docs/deck-format.md) is `# Title`, an optional preamble whose
 * `> **Key**: value` lines are metadata, `## N. Section` headings, and
 * cards separated by `---` lines.  A card is `Q:` text, then `A:` text
 * (both may span lines), ending with a level tag line `[Basic]`,
 * `[Intermediate]` or `[Advanced]`; `Lab:`, `ID:` and `Tags:` lines may
 * stand right before the level tag.  Inside a code fence every line is
 * content.  CRLF, a UTF-8 BOM, trailing blanks and a missing final
 * newline are accepted.
 *
 * deck_parse() never prints; problems become diagnostics in the deck.
 */
#ifndef MEMDRILL_DECK_H
#define MEMDRILL_DECK_H

#include <stddef.h>
#include <stdint.h>

enum deck_level {
	DECK_LEVEL_NONE = 0,
	DECK_BASIC = 1,
	DECK_INTERMEDIATE = 2,
	DECK_ADVANCED = 3,
};

/* All strings are owned by the deck and freed by deck_release(). */
struct deck_card {
	char *key;		/* ID: value, else deck_question_key() */
	char *id;		/* the ID: value, or NULL */
	char *section;		/* heading text without "## ", or "" */
	char *question;		/* Markdown, trimmed */
	char *answer;		/* Markdown, trimmed */
	char *lab;		/* Lab: id, or NULL */
	char *tags;		/* Tags: value as written, or NULL */
	char *source;		/* Source: value as written, or NULL */
	enum deck_level level;
	int line;		/* line of the Q: */
	int lab_line;		/* line of the Lab:, 0 if none */
	uint64_t hash;		/* of the content (see deck_card_hash) */
};

struct deck_diag {
	int line;
	int error;		/* 1 error, 0 warning */
	char *msg;
};

struct deck {
	char *path;		/* as given to deck_parse */
	char *title;		/* `# Title` text, else the file's base name */
	char *meta;		/* preamble metadata as "Key: value\n" lines */
	struct deck_card *cards;
	size_t ncards, alloc;
	struct deck_diag *diags;
	size_t ndiags, dalloc;
	int nerrors;
	int nsections;
};

#define DECK_INIT { 0 }

/*
 * Parse @len bytes of @text read from @path into @d (DECK_INIT or
 * released).  Always succeeds; d->nerrors counts the errors among
 * d->diags.  Cards with errors are left out of d->cards.
 */
void deck_parse(struct deck *d, const char *path, const char *text,
		size_t len);

void deck_release(struct deck *d);

/*
 * Does @d promise its cards are right for a kernel version (a `Kernel`
 * preamble line, "> **Kernel**: ...")?  Such a deck must trace every
 * card to the source with a `Source:` line; `memdrill check` warns on a
 * card without one.
 */
int deck_wants_source(const struct deck *d);

/* "Basic", "Intermediate", "Advanced", or "" for DECK_LEVEL_NONE. */
const char *deck_level_name(enum deck_level level);

/*
 * The key of a card without an ID: 12 hex digits of the 64-bit FNV-1a
 * hash of the question with every run of white space collapsed to one
 * space and the ends trimmed, so re-wrapping a question keeps its key.
 * Writes 13 bytes to @out.
 */
void deck_question_key(const char *question, char out[13]);

/*
 * The one rule for a lab id, wherever one enters (a card's `Lab:`, a lab
 * page's `ID:` and `Scenario:`, `memdrill lab run|show ID`, the drill's L
 * key): 1 to DECK_LAB_ID_MAX bytes of [a-z0-9_-], the first a letter or a
 * digit, so an id is a file name and can never read as an option.
 * DECK_LAB_ID_HELP says so in a diagnostic.  Returns 1 when @id is valid.
 */
#define DECK_LAB_ID_MAX 64
#define DECK_LAB_ID_HELP "use [a-z0-9_-], starting with a letter or digit"
int deck_lab_id_valid(const char *id);

/*
 * Is @s a valid lab id (@lab: deck_lab_id_valid()) or card ID (letters,
 * digits, '.', '-', '_')?  1 yes, 0 no (also for "").
 */
int deck_valid_id(const char *s, int lab);

/*
 * Report cards sharing a key across @n decks as errors on the later
 * occurrence (a duplicate ID, or the same question twice), added to the
 * deck holding it.  Returns the number of duplicates found.
 */
int deck_check_duplicates(struct deck *decks, size_t n);

/*
 * Report card @c of @d as an error: its key is also the card at
 * @file:@line ("duplicate ID 'x' (HOW FILE:LINE)", or "duplicate
 * question (...)" for a card without an ID).
 */
void deck_diag_duplicate(struct deck *d, const struct deck_card *c,
			 const char *how, const char *file, int line);

#endif
