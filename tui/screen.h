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

#endif
