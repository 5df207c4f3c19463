/* SPDX-License-Identifier: GPL-2.0 */
/*
 * term.h - styled lines (render.h) to terminal output: ANSI or plain text.
 *
 * The one place that decides colour (a terminal and NO_COLOR unset), the
 * ASCII fallback and the output width, and that clips lines wider than the
 * screen (code blocks, tables) with a marker at the edge.  The curses front
 * end uses term_slice() to get the same clipping and markers.
 */
#ifndef MEMDRILL_TERM_H
#define MEMDRILL_TERM_H

#include <stdio.h>

#include "core/render.h"
#include "util/sbuf.h"

enum {
	TERM_ANSI = 1 << 0,	/* SGR escape sequences */
	TERM_ASCII = 1 << 1,	/* ASCII clip markers */
};

/*
 * 1 when @fd is a terminal, $NO_COLOR is unset or empty and $TERM is set
 * and not "dumb".
 */
int term_color_wanted(int fd);

/*
 * 1 for ASCII borders and bullets: $MEMDRILL_ASCII set and not "0", or
 * unset and the locale's character set is not UTF-8.
 */
int term_ascii_wanted(void);

/*
 * The width to lay out for: the terminal's columns when @fd is one, else
 * $COLUMNS when it is a positive number, else 80.
 */
int term_width(int fd);

/*
 * Call @fn for each visible piece of @line in the window of @width columns
 * starting at display column @xoff: text (not NUL-terminated), bytes,
 * columns and style.  When text is hidden to the right the last column is a
 * marker ('›' or '>' with TERM_ASCII, style RS_MARKER); when @xoff > 0 and
 * the line reaches past it, the first column is '‹' / '<'.  A wide
 * character cut by an edge becomes spaces.  Never more than @width columns.
 */
void term_slice(const struct render_line *line, int xoff, int width,
		int flags, void (*fn)(const char *text, size_t len, int cols,
				      unsigned style, void *arg), void *arg);

/* Append @line's slice (see term_slice) to @sb, with SGR codes if ANSI. */
void term_line(struct sbuf *sb, const struct render_line *line, int xoff,
	       int width, int flags);

/* Every line of @doc, each followed by '\n', trailing blanks removed. */
void term_doc(struct sbuf *sb, const struct render_doc *doc, int xoff,
	      int width, int flags);

/* The SGR parameters for @style ("1;36"), "" for none; static storage. */
const char *term_sgr(unsigned style);

#endif
