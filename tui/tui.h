/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tui.h - the ncursesw front end of the drill, as the drill command sees
 * it: start and stop the screen, run the review screen.  Curses itself
 * stays behind tui/screen.h, the screens' private header: nothing outside
 * tui/ includes curses.
 *
 * The screens draw rendered Markdown (render.h) through term_slice() so
 * clipping and markers match the plain output.  They never print to stdout
 * while curses is active; errors are shown on the status line, and what
 * must outlive the screen is returned to the command.
 */
#ifndef MEMDRILL_TUI_H
#define MEMDRILL_TUI_H

#include <stddef.h>

#include "core/session.h"

/* Display settings fixed for the whole screen session. */
struct tui {
	int color;		/* colours in use */
	int ascii;		/* ASCII borders, bullets and markers */
};

/* initscr and friends; returns 0, or -1 when the terminal cannot do it. */
int tui_start(struct tui *t);
/* Leave curses (endwin); tui_start's settings are kept for a resume. */
void tui_stop(void);

/*
 * The review screen (tui-review.c): runs the session until the queue is
 * empty or the learner quits; shows the summary.  @db is passed to the
 * `memdrill lab run` child.  Returns 0, or -1 when the session failed
 * (@err then holds the message, to print after leaving curses).
 */
int tui_review(const struct tui *t, struct session *s, const char *db,
	       char *err, size_t errsz);

#endif
