// SPDX-License-Identifier: GPL-2.0
/* tui-help.c - the `?` screen of the drill: every key and what it does. */
#include "tui/screen.h"

static const char *const tui_help_lines[] = {
	"memdrill drill - keys",
	"",
	"  Space, Enter     reveal the answer",
	"  1 2 3 4          grade: Again, Hard, Good, Easy",
	"                   (the next interval is shown under each)",
	"  Up/Down, j/k     scroll one line",
	"  PgUp/PgDn        scroll one page",
	"  Home/End, g/G    top / bottom",
	"  Left/Right, h/l  scroll wide code blocks and tables sideways",
	"  u                undo the last grade, bury or suspend (repeatable)",
	"  b                bury: hide this card until tomorrow",
	"  s                suspend: hide this card until unsuspended",
	"  e                edit the card in $EDITOR, then re-import its deck",
	"  L                run the card's lab (memdrill lab run ID)",
	"  ?                this help",
	"  q                quit (every grade given is already saved)",
	"",
	"Press any key to return.",
};

/* Public (tui.h): the key list until a key (redrawn on resize). */
void tui_help(const struct tui *t)
{
	size_t i, n = sizeof(tui_help_lines) / sizeof(tui_help_lines[0]);
	int c;

	(void)t;
	do {
		erase();
		for (i = 0; i < n && (int)i < LINES; i++)
			tui_text((int)i, 1, COLS - 2, tui_help_lines[i],
				 i ? A_NORMAL : A_BOLD);
		refresh();
		c = tui_key();
	} while (c == KEY_RESIZE);
}
