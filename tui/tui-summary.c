// SPDX-License-Identifier: GPL-2.0
/*
 * tui-summary.c - the screen at the end of a drill session: cards
 * reviewed, again rate, time spent and what is due tomorrow.
 */
#include <stdio.h>
#include <time.h>

#include "tui/screen.h"

/* Public (tui.h): the end-of-session figures until a key. */
void tui_summary(const struct tui *t, const struct session_summary *sum,
		 int quit)
{
	char line[9][96], when[32];
	int i, n = 0, c;
	long secs = (long)(sum->ms / 1000);

	(void)t;
	snprintf(line[n++], sizeof(line[0]), "%s",
		 quit ? "Session paused - the rest stays due." :
		 "Done for today.");
	snprintf(line[n++], sizeof(line[0]), " ");
	snprintf(line[n++], sizeof(line[0]), "  reviewed     %d this session",
		 sum->reviewed);
	snprintf(line[n++], sizeof(line[0]), "  again        %d (%d%%)",
		 sum->again,
		 sum->reviewed ? sum->again * 100 / sum->reviewed : 0);
	snprintf(line[n++], sizeof(line[0]), "  time         %ldm %02lds",
		 secs / 60, secs % 60);
	snprintf(line[n++], sizeof(line[0]), "  left today   %d", sum->left);
	snprintf(line[n++], sizeof(line[0]), "  due tomorrow %d",
		 sum->due_tomorrow);
	session_format_when(sum->next_due, (int64_t)time(NULL), when,
			    sizeof(when));
	snprintf(line[n++], sizeof(line[0]), "  next due     %s", when);
	snprintf(line[n++], sizeof(line[0]), "Press any key to leave.");
	do {
		erase();
		for (i = 0; i < n && i + 1 < LINES; i++)
			tui_text(i + 1, 2, COLS - 3, line[i],
				 i ? A_NORMAL : A_BOLD);
		refresh();
		c = tui_key();
	} while (c == KEY_RESIZE);
}
