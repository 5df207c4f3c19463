/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tui.h - the ncursesw front end of the drill: shared drawing helpers
 * (tui.c) and one entry point per screen (tui-review.c, tui-help.c,
 * tui-summary.c).
 *
 * The screens draw rendered Markdown (render.h) through term_slice() so
 * clipping and markers match the plain output.  They never print to stdout
 * while curses is active; errors are shown on the status line, and what
 * must outlive the screen is returned to the command.
 */
#ifndef MEMDRILL_TUI_H
#define MEMDRILL_TUI_H

#include <curses.h>

#include "render.h"
#include "session.h"

/* Display settings fixed for the whole screen session. */
struct tui {
	int color;		/* colours in use */
	int ascii;		/* ASCII borders, bullets and markers */
};

/* initscr and friends; returns 0, or -1 when the terminal cannot do it. */
int tui_start(struct tui *t);
/* Leave curses (endwin); tui_start's settings are kept for a resume. */
void tui_stop(void);

/* The curses attributes for a render style. */
attr_t tui_attr(const struct tui *t, unsigned style);

/*
 * Draw @line at row @y, columns [@x, @x + @width), scrolled right by
 * @xoff columns (clipped with markers), clearing the rest of that area.
 */
void tui_draw_line(const struct tui *t, const struct render_line *line,
		   int y, int x, int xoff, int width);

/* Draw @text at row @y, column @x, at most @width columns, in @attr. */
void tui_text(int y, int x, int width, const char *text, attr_t attr);

/* Wait for one key, handling nothing; returns the getch value. */
int tui_key(void);

/* The help screen (tui-help.c): shown until a key is pressed. */
void tui_help(const struct tui *t);

/*
 * The session-end summary (tui-summary.c): shown until a key is pressed.
 * @quit is 1 when the learner quit before the queue was empty.
 */
void tui_summary(const struct tui *t, const struct session_summary *sum,
		 int quit);

/*
 * The review screen (tui-review.c): runs the session until the queue is
 * empty or the learner quits; shows the summary.  @db is passed to the
 * `memdrill lab run` child.  Returns 0, or -1 when the session failed
 * (@err then holds the message, to print after leaving curses).
 */
int tui_review(const struct tui *t, struct session *s, const char *db,
	       char *err, size_t errsz);

#endif
