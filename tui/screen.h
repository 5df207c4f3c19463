/* SPDX-License-Identifier: GPL-2.0 */
/*
 * screen.h - private to tui/: the curses drawing helpers (tui.c) and the
 * screens other screens open (tui-help.c, tui-summary.c).  The only header
 * that includes curses.
 */
#ifndef MEMDRILL_TUI_SCREEN_H
#define MEMDRILL_TUI_SCREEN_H

#include <curses.h>

#include "core/render.h"
#include "tui/tui.h"
#include "util/sbuf.h"

/* The curses attributes for a render style. */
attr_t tui_attr(const struct tui *t, unsigned style);

/*
 * Draw @line at row @y, columns [@x, @x + @width), scrolled right by
 * @xoff columns (clipped with markers), clearing the rest of that area.
 */
void tui_draw_line(const struct tui *t, const struct render_line *line,
		   int y, int x, int xoff, int width);

/*
 * Draw @text at row @y, column @x, at most @width columns, in @attr; a
 * text cut short ends with a marker ("…", or ">" for ASCII terminals).
 */
void tui_text(int y, int x, int width, const char *text, attr_t attr);

/* Wait for one key, handling nothing; returns the getch value. */
int tui_key(void);

/*
 * One entry of a screen's key table: the keys, how the help screen and
 * the footer name them, and what they do.  A screen keeps one table and
 * feeds its dispatch (tui_key_find()), its help screen (tui_help()) and
 * its footer (tui_key_footer()) from it, so no key is listed in one place
 * and handled in another.
 */
struct tui_keydef {
	int codes[5];		/* getch values, ended by 0 */
	const char *label;	/* the keys as the help screen names them */
	const char *help;	/* what they do; '\n' starts a new line */
	const char *footer;	/* its footer item, or NULL: not shown */
	/* returns 1 to leave the screen, -1 on a failure, else 0 */
	int (*fn)(void *screen, int code);
};

/* The entry of @keys (@n entries) that handles @code, or NULL. */
const struct tui_keydef *tui_key_find(const struct tui_keydef *keys,
				      size_t n, int code);

/*
 * The help screen's lines for @keys, appended to @out one a line:
 * "  LABEL             HELP" (continuation lines of HELP indented).
 */
void tui_key_help(const struct tui_keydef *keys, size_t n, struct sbuf *out);

/* The footer items of @keys, separated by two blanks, into @out. */
void tui_key_footer(const struct tui_keydef *keys, size_t n,
		    struct sbuf *out);

/*
 * The help screen (tui-help.c): @title, then tui_key_help()'s lines for
 * @keys, shown until a key is pressed.
 */
void tui_help(const struct tui *t, const char *title,
	      const struct tui_keydef *keys, size_t n);

/* The review screen's key table (tui-review.c), for its tests. */
const struct tui_keydef *tui_review_keys(size_t *n);

/*
 * The session-end summary (tui-summary.c): shown until a key is pressed.
 * @quit is 1 when the learner quit before the queue was empty.
 */
void tui_summary(const struct tui *t, const struct session_summary *sum,
		 int quit);

#endif
