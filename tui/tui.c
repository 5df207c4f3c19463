// SPDX-License-Identifier: GPL-2.0
/*
 * tui.c - curses set-up and the drawing helpers every screen shares:
 * style to attribute mapping and drawing one rendered line with clipping.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/term.h"
#include "tui/screen.h"
#include "util/utf8.h"

enum {
	TUI_PAIR_HEADING = 1,
	TUI_PAIR_CODE,
	TUI_PAIR_CODEBLOCK,
	TUI_PAIR_LINK,
	TUI_PAIR_BULLET,
	TUI_PAIR_BORDER,
};

/* Public (tui.h): enter curses, colours as term_color_wanted() says. */
int tui_start(struct tui *t)
{
	/* newterm, unlike initscr, returns NULL for an unknown $TERM */
	if (!newterm(NULL, stdout, stdin))
		return -1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	t->color = has_colors() && term_color_wanted(STDOUT_FILENO);
	if (t->color) {
		start_color();
		use_default_colors();
		init_pair(TUI_PAIR_HEADING, COLOR_CYAN, -1);
		init_pair(TUI_PAIR_CODE, COLOR_YELLOW, -1);
		init_pair(TUI_PAIR_CODEBLOCK, COLOR_GREEN, -1);
		init_pair(TUI_PAIR_LINK, COLOR_BLUE, -1);
		init_pair(TUI_PAIR_BULLET, COLOR_CYAN, -1);
		init_pair(TUI_PAIR_BORDER, COLOR_BLUE, -1);
	}
	return 0;
}

/* Public (tui.h): leave curses. */
void tui_stop(void)
{
	endwin();
}

/* Public (tui.h): curses attributes for a render style. */
attr_t tui_attr(const struct tui *t, unsigned style)
{
	attr_t a = A_NORMAL;

	if (style & (RS_BOLD | RS_HEADING | RS_TH))
		a |= A_BOLD;
	if (style & (RS_DIM | RS_QUOTE))
		a |= A_DIM;
	if (style & RS_ITALIC)
		a |= A_ITALIC;
	if (style & RS_LINK)
		a |= A_UNDERLINE;
	if (style & RS_MARKER)
		a |= A_REVERSE;
	if (!t->color)
		return a;
	if (style & RS_HEADING)
		a |= COLOR_PAIR(TUI_PAIR_HEADING);
	else if (style & RS_CODE)
		a |= COLOR_PAIR(TUI_PAIR_CODE);
	else if (style & RS_CODEBLOCK)
		a |= COLOR_PAIR(TUI_PAIR_CODEBLOCK);
	else if (style & (RS_LINK | RS_URL))
		a |= COLOR_PAIR(TUI_PAIR_LINK);
	else if (style & RS_BULLET)
		a |= COLOR_PAIR(TUI_PAIR_BULLET);
	else if (style & RS_BORDER)
		a |= COLOR_PAIR(TUI_PAIR_BORDER);
	return a;
}

struct tui_put {
	const struct tui *t;
};

/* term_slice() callback: draw one piece in its attributes. */
static void tui_put(const char *text, size_t len, int cols, unsigned style,
		    void *arg)
{
	struct tui_put *p = arg;

	(void)cols;
	attrset(tui_attr(p->t, style));
	addnstr(text, (int)len);
}

/* Public (tui.h): one rendered line, clipped, rest blanked. */
void tui_draw_line(const struct tui *t, const struct render_line *line,
		   int y, int x, int xoff, int width)
{
	struct tui_put p = { t };
	int cy, cx;

	move(y, x);
	if (line)
		term_slice(line, xoff, width, t->ascii ? TERM_ASCII : 0,
			   tui_put, &p);
	attrset(A_NORMAL);
	getyx(stdscr, cy, cx);
	if (cy != y)
		return;
	if (x + width >= COLS)
		clrtoeol();
	else
		for (; cx < x + width; cx++)
			addch(' ');
}

/* Public (tui.h): text cut to @width display columns. */
void tui_text(int y, int x, int width, const char *text, attr_t attr)
{
	size_t len = strlen(text);
	size_t n = utf8_fit(text, len, width, NULL);

	attrset(attr);
	if (n < len && width > 1) {
		/* cut: say so with a marker in the last column */
		n = utf8_fit(text, len, width - 1, NULL);
		mvaddnstr(y, x, text, (int)n);
		addstr(term_ascii_wanted() ? ">" : "…");
	} else {
		mvaddnstr(y, x, text, (int)n);
	}
	attrset(A_NORMAL);
}

/* Public (tui.h): block for the next key. */
int tui_key(void)
{
	int c;

	do
		c = getch();
	while (c == ERR);
	return c;
}
