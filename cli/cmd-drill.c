// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-drill.c - `memdrill drill [--deck D] [--plain]`: today's review.
 *
 * On a terminal this is the curses screen (tui-review.c).  With --plain,
 * or when stdin or stdout is not a terminal, it speaks a line protocol for
 * scripts and tests (documented in the help text below, which is the
 * reference; keep them in step).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/render.h"
#include "core/session.h"
#include "core/store.h"
#include "core/term.h"
#include "tui/tui.h"
#include "util/paths.h"
#include "util/sbuf.h"

static const char *const drill_grades[] = { "Again", "Hard", "Good", "Easy" };
static const char *const drill_levels[] = {
	"", "Basic", "Intermediate", "Advanced"
};

/* Monotonic milliseconds, for time spent on a card. */
static int64_t drill_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Print @md as plain text, laid out for @width columns. */
static void drill_print_md(const char *md, int width, int ascii)
{
	struct render_opts o = { width, ascii, 0 };
	struct render_doc doc = RENDER_DOC_INIT;
	struct sbuf sb = SBUF_INIT;

	render_markdown(md, strlen(md), &o, &doc);
	term_doc(&sb, &doc, 0, width, ascii ? TERM_ASCII : 0);
	msg_write(stdout, sb.buf, sb.len);
	sbuf_release(&sb);
	render_doc_release(&doc);
}

/* One card in the plain protocol, ending with the prompt. */
static void drill_print_card(struct session *s, const struct session_card *c,
			     const char ivl[4][16], int width, int ascii)
{
	int done, left, i;

	session_progress(s, &done, &left);
	msg_print("card %s  %s%s%s  [%s]  (%d done, %d left)%s%s\n", c->key,
	       c->deck ? c->deck : "", c->section && *c->section ? " > " : "",
	       c->section ? c->section : "",
	       c->level > 0 && c->level <= 3 ? drill_levels[c->level] : "?",
	       done, left, c->lab && *c->lab ? "  lab " : "",
	       c->lab && *c->lab ? c->lab : "");
	printf("Q:\n");
	drill_print_md(c->question, width, ascii);
	printf("A:\n");
	drill_print_md(c->answer, width, ascii);
	printf("grade?");
	for (i = 0; i < 4; i++)
		printf(" %d %s %s |", i + 1, drill_grades[i], ivl[i]);
	printf(" u b s q\n");
	fflush(stdout);
}

/* Read one command line; returns its first non-blank byte, 'q' at EOF. */
static int drill_read_cmd(char *line, size_t size)
{
	char *p;

	for (;;) {
		if (!fgets(line, (int)size, stdin))
			return 'q';
		for (p = line; *p == ' ' || *p == '\t'; p++)
			;
		if (*p == '\n' || *p == '\r' || !*p)
			continue;	/* blank lines are ignored */
		if (p[1] && p[1] != '\n' && p[1] != '\r' && p[1] != ' ')
			return '?';
		return *p;
	}
}

/* The protocol's last line. */
static void drill_print_summary(struct session *s, int quit)
{
	struct session_summary sum;
	char when[32];

	session_summary(s, &sum);
	session_format_when(sum.next_due, (int64_t)time(NULL), when,
			    sizeof(when));
	printf("summary: %s, reviewed %d, again %d (%d%%), time %llds, "
	       "left %d, due tomorrow %d, next due %s\n",
	       quit && sum.left ? "paused" : "done", sum.reviewed, sum.again,
	       sum.reviewed ? sum.again * 100 / sum.reviewed : 0,
	       (long long)(sum.ms / 1000), sum.left, sum.due_tomorrow, when);
}

/* A grade, bury, suspend or undo failed: nothing changed; say so. */
static void drill_not_saved(struct session *s)
{
	printf("error: not saved: %s\n", session_error(s));
	fflush(stdout);
}

/* The line protocol; returns an exit status. */
static int drill_plain(struct session *s)
{
	const struct session_card *c;
	const char *what, *key;
	char line[256], ivl[4][16], keybuf[128];
	int width = term_width(1), ascii = term_ascii_wanted();
	int rc, cmd, quit = 0;
	int64_t shown;

	for (;;) {
		rc = session_next(s, &c);
		if (rc < 0)
			goto fail;
		if (!rc)
			break;
		session_preview(s, ivl);
		drill_print_card(s, c, ivl, width, ascii);
		shown = drill_now_ms();
again:
		cmd = drill_read_cmd(line, sizeof(line));
		switch (cmd) {
		case '1': case '2': case '3': case '4':
			snprintf(keybuf, sizeof(keybuf), "%s", c->key);
			if (session_grade(s, cmd - '0',
					  drill_now_ms() - shown)) {
				drill_not_saved(s);
				goto again;
			}
			printf("graded %s %c %s, next in %s\n", keybuf, cmd,
			       drill_grades[cmd - '1'], ivl[cmd - '1']);
			if (session_last_leech(s))
				printf("%s is a leech: %s\n", keybuf,
				       session_last_leech(s) == 2 ?
				       "suspended" :
				       "tagged; consider rewriting it");
			break;
		case 'u':
			rc = session_undo(s, &what, &key);
			if (rc < 0) {
				drill_not_saved(s);
				break;
			}
			if (rc)
				printf("undone %s %s\n", what, key);
			else
				printf("nothing to undo\n");
			break;
		case 'b':
		case 's':
			snprintf(keybuf, sizeof(keybuf), "%s", c->key);
			if ((cmd == 'b' ? session_bury : session_suspend)(s)) {
				drill_not_saved(s);
				goto again;
			}
			printf("%s %s\n", cmd == 'b' ? "buried" : "suspended",
			       keybuf);
			break;
		case 'q':
			quit = 1;
			break;
		default:
			printf("error: expected 1, 2, 3, 4, u, b, s or q\n");
			fflush(stdout);
			goto again;
		}
		fflush(stdout);
		if (quit)
			break;
	}
	drill_print_summary(s, quit);
	return EXIT_OK;
fail:
	fflush(stdout);
	msg_error("%s", session_error(s));
	return EXIT_USAGE;
}

/* The curses front end; errors are printed after endwin. */
static int drill_screen(struct session *s)
{
	struct tui t = { 0, term_ascii_wanted() };
	char err[512];
	int rc;

	if (tui_start(&t)) {
		msg_error("cannot start the terminal screen for TERM '%s'; "
			  "try --plain", getenv("TERM") ? getenv("TERM") : "");
		return EXIT_USAGE;
	}
	rc = tui_review(&t, s, paths_db(), err, sizeof(err));
	tui_stop();
	if (rc) {
		msg_error("%s", err);
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

/* Options, then the screen or the line protocol. */
static int cmd_drill_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "deck", required_argument, NULL, 'd' },
		{ "plain", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 }
	};
	const char *deck = NULL;
	char *title = NULL;
	struct session *s;
	char err[512];
	int plain = 0, c, rc;

	while ((c = getopt_long(argc, argv, "d:p", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			deck = optarg;
			break;
		case 'p':
			plain = 1;
			break;
		default:
			return cmd_usage(&cmd_drill_entry);
		}
	}
	if (optind < argc)
		return cmd_usage(&cmd_drill_entry);
	if (!isatty(0) || !isatty(1))
		plain = 1;
	if (deck) {
		struct store *st = cmd_open_store(NULL, 0);

		if (!st)
			return EXIT_USAGE;
		deck = title = cmd_resolve_deck(st, deck);
		store_close(st);
		if (!deck)
			return EXIT_USAGE;
	}
	s = session_open(paths_db(), deck, err, sizeof(err));
	free(title);
	if (!s) {
		msg_error("%s", err);
		return EXIT_USAGE;
	}
	rc = plain ? drill_plain(s) : drill_screen(s);
	session_close(s);
	return rc;
}

const struct cmd_entry cmd_drill_entry = {
	.name = "drill",
	.usage = "drill [--deck D] [--plain]",
	.summary = "today's drill: review due cards",
	.help =
	"Reviews today's queue: due learning cards, due reviews, then new\n"
	"cards.  Each grade is saved before the next card appears.\n"
	"\n"
	"options:\n"
	"  --deck D   only cards of deck D: its title, its file's stem\n"
	"             (03-buddy) or a unique part of either\n"
	"  --plain    the line protocol below, even on a terminal\n"
	"\n"
	"screen keys: Space/Enter show the answer; 1 Again, 2 Hard, 3 Good,\n"
	"4 Easy; arrows, j/k, PgUp/PgDn scroll; h/l scroll code sideways;\n"
	"u undo; b bury; s suspend; e edit in $VISUAL/$EDITOR and re-import;\n"
	"L run the card's lab; ? help; q quit.\n"
	"\n"
	"plain mode (--plain, or stdin or stdout not a terminal), per card:\n"
	"  card KEY  DECK > SECTION  [LEVEL]  (N done, M left)  [lab ID]\n"
	"  (the lab part only for a card with a Lab: line)\n"
	"  Q:\n"
	"  ...the question as plain text...\n"
	"  A:\n"
	"  ...the answer as plain text...\n"
	"  grade? 1 Again IVL | 2 Hard IVL | 3 Good IVL | 4 Easy IVL |"
	" u b s q\n"
	"then reads one line: 1-4 grade, u undo, b bury, s suspend, q quit\n"
	"(end of input quits; blank lines are ignored).  Replies:\n"
	"  graded KEY R NAME, next in IVL | undone grade|bury|suspend KEY |\n"
	"  nothing to undo | buried KEY | suspended KEY |\n"
	"  error: expected 1, 2, 3, 4, u, b, s or q   (then reads again) |\n"
	"  error: not saved: WHY   (e.g. the collection is locked by\n"
	"  another memdrill for over 5 s; nothing changed, reads again)\n"
	"and at the end:\n"
	"  summary: done|paused, reviewed N, again N (P%), time Ns, left N,\n"
	"  due tomorrow N, next due WHEN   (reviewed: in this session; WHEN:\n"
	"  now, today HH:MM, tomorrow HH:MM, YYYY-MM-DD HH:MM or none)\n"
	"Width: $COLUMNS, else 80.  MEMDRILL_ASCII=1: ASCII borders.\n",
	.exec = cmd_drill_exec,
};
