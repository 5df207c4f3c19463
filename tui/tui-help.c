// SPDX-License-Identifier: GPL-2.0
/*
 * tui-help.c - the `?` screen of the drill, and the key tables it is
 * made from (screen.h, struct tui_keydef): a screen's one list of keys
 * feeds its dispatch, its help screen and its footer.
 */
#include <stdio.h>
#include <string.h>

#include "tui/screen.h"

#define TUI_HELP_COL 16		/* the width of the keys column */

/* Public (screen.h): the entry whose codes hold @code. */
const struct tui_keydef *tui_key_find(const struct tui_keydef *keys,
				      size_t n, int code)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; keys[i].codes[j]; j++)
			if (keys[i].codes[j] == code)
				return &keys[i];
	return NULL;
}

/* Public (screen.h): "  LABEL  HELP" lines, HELP's own lines aligned. */
void tui_key_help(const struct tui_keydef *keys, size_t n, struct sbuf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const char *h = keys[i].help;
		const char *label = keys[i].label;

		do {
			size_t len = strcspn(h, "\n");

			sbuf_addf(out, "  %-*s %.*s\n", TUI_HELP_COL, label,
				  (int)len, h);
			label = "";
			h += len + (h[len] == '\n');
		} while (*h);
	}
}

/* Public (screen.h): the footer items in table order. */
void tui_key_footer(const struct tui_keydef *keys, size_t n,
		    struct sbuf *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (keys[i].footer)
			sbuf_addf(out, "%s%s", out->len ? "  " : "",
				  keys[i].footer);
}

/* Public (screen.h): the key list until a key (redrawn on resize). */
void tui_help(const struct tui *t, const char *title,
	      const struct tui_keydef *keys, size_t n)
{
	struct sbuf text = SBUF_INIT;
	const char *l;
	int c, y;

	(void)t;
	sbuf_addf(&text, "%s\n\n", title);
	tui_key_help(keys, n, &text);
	sbuf_addstr(&text, "\nPress any key to return.\n");
	do {
		erase();
		for (l = text.buf, y = 0; *l && y < LINES; y++) {
			size_t len = strcspn(l, "\n");
			char line[256];

			snprintf(line, sizeof(line), "%.*s", (int)len, l);
			tui_text(y, 1, COLS - 2, line, y ? A_NORMAL : A_BOLD);
			l += len + (l[len] == '\n');
		}
		refresh();
		c = tui_key();
	} while (c == KEY_RESIZE);
	sbuf_release(&text);
}
