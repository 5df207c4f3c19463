// SPDX-License-Identifier: GPL-2.0
/*
 * tui-review.c - the full-screen review: header with deck, section, level
 * and progress, the question, the answer on Space/Enter, grades 1-4 with
 * their next intervals, scrolling (both ways for code and tables), undo,
 * bury, suspend, edit in $EDITOR, run the card's lab, help, resize.
 *
 * Each action goes through the session (session.h), which commits before
 * returning, so the next card is only drawn once the grade is stored.
 * Child programs (the editor, `memdrill lab run`) are started with
 * fork/exec after leaving curses, never through a shell.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/deck.h"
#include "core/term.h"
#include "tui/screen.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define REVIEW_HSTEP 8		/* columns per sideways scroll */
#define REVIEW_PROSE 100	/* prose wraps by this column on wide screens */

struct review {
	const struct tui *t;
	struct session *s;
	const char *db;
	const struct session_card *card;
	struct render_doc doc;
	int revealed;
	int yoff, xoff;
	int width;		/* the doc was laid out for */
	int wide;		/* widest clipped line */
	int *blockw;		/* per line: widest line of its code block or
				 * table (RENDER_NOWRAP run), else its own */
	size_t blockw_alloc;
	char ivl[4][16];
	char status[256];
	int64_t shown;		/* monotonic ms when the card appeared */
	int64_t away;		/* ms spent in the editor or a lab */
};

static const char *const review_grades[] = { "Again", "Hard", "Good", "Easy" };
static const char *const review_levels[] = {
	"", "Basic", "Intermediate", "Advanced"
};

/* Monotonic milliseconds, for time spent on a card. */
static int64_t review_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Set the one-line message shown under the card. */
static void review_status(struct review *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set the one-line message shown under the card. */
static void review_status(struct review *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->status, sizeof(r->status), fmt, ap);
	va_end(ap);
}

/* Rows for the card: all but header, progress, status, keys. */
static int review_body_rows(void)
{
	return LINES - 4;
}

/*
 * A code block or table scrolls sideways as one piece (as less -S does):
 * every line of a run of RENDER_NOWRAP lines gets the run's widest width.
 */
static void review_blocks(struct review *r)
{
	size_t i, j, k;

	r->blockw = xgrow(r->blockw, &r->blockw_alloc,
			  r->doc.nlines ? r->doc.nlines : 1,
			  sizeof(*r->blockw));
	for (i = 0; i < r->doc.nlines; i = j) {
		int w = r->doc.lines[i].width;

		j = i + 1;
		if (r->doc.lines[i].flags & RENDER_NOWRAP)
			for (; j < r->doc.nlines &&
			       (r->doc.lines[j].flags & RENDER_NOWRAP); j++)
				if (r->doc.lines[j].width > w)
					w = r->doc.lines[j].width;
		for (k = i; k < j; k++)
			r->blockw[k] = w;
	}
}

/* Lay out the question (and the answer once revealed) for the screen. */
static void review_layout(struct review *r)
{
	struct render_opts o = { COLS - 2, r->t->ascii, REVIEW_PROSE };
	struct sbuf rule = SBUF_INIT;
	const char *q = r->card->question, *a = r->card->answer;
	size_t i;
	int w;

	render_doc_release(&r->doc);
	r->width = COLS;
	render_markdown(q, strlen(q), &o, &r->doc);
	if (r->revealed) {
		render_doc_add_blank(&r->doc);
		for (w = 0; w < o.width; w++)
			sbuf_addstr(&rule, r->t->ascii ? "-" : "─");
		render_doc_add_text(&r->doc, rule.buf, RS_DIM);
		render_doc_add_blank(&r->doc);
		render_markdown(a, strlen(a), &o, &r->doc);
		sbuf_release(&rule);
	}
	r->wide = 0;
	for (i = 0; i < r->doc.nlines; i++)
		if (r->doc.lines[i].width > r->wide)
			r->wide = r->doc.lines[i].width;
	review_blocks(r);
}

/* Keep the scroll offsets inside the document. */
static void review_clamp(struct review *r)
{
	int max = (int)r->doc.nlines - review_body_rows();
	int xmax = r->wide - (COLS - 2) + 1;

	if (r->yoff > max)
		r->yoff = max;
	if (r->yoff < 0)
		r->yoff = 0;
	if (r->xoff > xmax)
		r->xoff = xmax;
	if (r->xoff < 0)
		r->xoff = 0;
}

/*
 * " deck › section" in at most @width columns: the deck title gives way
 * first (cut with "…"), so the section stays readable.
 */
static void review_where(struct review *r, char *buf, size_t size,
			 int width)
{
	const char *deck = r->card->deck ? r->card->deck : "";
	const char *sec = r->card->section ? r->card->section : "";
	const char *sep = *sec ? (r->t->ascii ? " > " : " › ") : "";
	int room = width - 1 - utf8_width(sep, strlen(sep)) -
		utf8_width(sec, strlen(sec));
	size_t i, len = strlen(deck);

	if (utf8_width(deck, len) <= room) {
		snprintf(buf, size, " %s%s%s", deck, sep, sec);
		return;
	}
	/* the longest prefix of the deck title that fits with "…" */
	i = utf8_fit(deck, len, room - 1, NULL);
	if (room > 4)
		snprintf(buf, size, " %.*s%s%s%s", (int)i, deck,
			 r->t->ascii ? "~" : "…", sep, sec);
	else
		snprintf(buf, size, " %s", sec);
}

/*
 * Row 0: deck, section, level and key; row 1: progress bar
 * of done against done + left today.
 */
static void review_header(struct review *r)
{
	char left[256], right[96];
	int done, leftn, total, bw, fill, i, rw, nn, nl, nr;

	session_progress(r->s, &done, &leftn);
	total = done + leftn;
	/* a card with a lab says so on both sides: L runs it */
	snprintf(right, sizeof(right), "%s%s  %s ",
		 r->card->lab && *r->card->lab ? "[L lab]  " : "",
		 r->card->level > 0 && r->card->level <= 3 ?
		 review_levels[r->card->level] : "", r->card->key);
	rw = utf8_width(right, strlen(right));
	review_where(r, left, sizeof(left), COLS - rw - 2);
	attrset(A_REVERSE);
	mvhline(0, 0, ' ', COLS);
	tui_text(0, 0, COLS - rw - 1, left, A_REVERSE | A_BOLD);
	if (rw < COLS)
		tui_text(0, COLS - rw, rw, right, A_REVERSE);
	/*
	 * progress: the bar is done / today's total; the figures are what
	 * is left by kind (a learning card coming back does not grow them
	 * as a total would), else done/total
	 */
	if (!session_counts(r->s, &nn, &nl, &nr)) {
		snprintf(right, sizeof(right), " %d new  %d learning  %d "
			 "review", nn, nl, nr);
		if ((int)strlen(right) > COLS / 2)
			snprintf(right, sizeof(right), " %dn %dl %dr", nn, nl,
				 nr);
	} else {
		snprintf(right, sizeof(right), " %d/%d", done, total);
	}
	rw = (int)strlen(right);
	bw = COLS - 2 - rw;
	fill = total > 0 && bw > 0 ? (int)((long)done * bw / total) : 0;
	move(1, 1);
	attrset(A_BOLD);
	for (i = 0; i < bw; i++) {
		if (i == fill)
			attrset(A_DIM);
		addstr(i < fill ? (r->t->ascii ? "#" : "━") :
		       (r->t->ascii ? "-" : "─"));
	}
	attrset(A_NORMAL);
	addstr(right);
}

static void review_footer_keys(struct sbuf *out);

/*
 * The status (or scroll position) row and the keys row with
 * each grade's next interval once the answer shows.
 */
static void review_footer(struct review *r)
{
	char buf[256];
	int rows = review_body_rows(), n = 0, i;

	if (r->status[0]) {
		tui_text(LINES - 2, 1, COLS - 2, r->status, A_BOLD);
	} else if ((int)r->doc.nlines > rows || r->wide > COLS - 2) {
		if ((int)r->doc.nlines > rows)
			n = snprintf(buf, sizeof(buf),
				     "lines %d-%d of %zu (j/k, PgUp/PgDn)  ",
				     r->yoff + 1, r->yoff + rows,
				     r->doc.nlines);
		if (r->wide > COLS - 2)
			snprintf(buf + n, sizeof(buf) - n,
				 "h/l: scroll sideways (col %d)", r->xoff);
		tui_text(LINES - 2, 1, COLS - 2, buf, A_DIM);
	}
	if (!r->revealed) {
		struct sbuf keys = SBUF_INIT;

		review_footer_keys(&keys);
		tui_text(LINES - 1, 1, COLS - 2, keys.buf, A_DIM);
		sbuf_release(&keys);
		return;
	}
	move(LINES - 1, 1);
	for (i = 0, n = 0; i < 4; i++) {
		n += snprintf(buf + n, sizeof(buf) - n, "%d %s %s   ", i + 1,
			      review_grades[i], r->ivl[i]);
	}
	tui_text(LINES - 1, 1, COLS - 2, buf, A_BOLD);
}

/* Redraw the whole screen, laying out again after a resize. */
static void review_draw(struct review *r)
{
	int rows, y;
	size_t i;

	erase();
	if (LINES < 8 || COLS < 24) {
		tui_text(0, 0, COLS, "terminal too small", A_BOLD);
		refresh();
		return;
	}
	if (r->width != COLS)
		review_layout(r);
	review_clamp(r);
	review_header(r);
	rows = review_body_rows();
	for (y = 0; y < rows; y++) {
		i = (size_t)(r->yoff + y);
		if (i >= r->doc.nlines)
			break;
		/* only blocks wider than the screen scroll sideways */
		tui_draw_line(r->t, &r->doc.lines[i], 2 + y, 1,
			      r->blockw[i] > COLS - 2 ? r->xoff : 0,
			      COLS - 2);
	}
	review_footer(r);
	refresh();
}

/* Split $EDITOR at blanks into @argv (no shell); returns the count. */
static int review_split(char *cmd, char **argv, int max)
{
	int n = 0;
	char *p = strtok(cmd, " \t");

	while (p && n < max) {
		argv[n++] = p;
		p = strtok(NULL, " \t");
	}
	return n;
}

/*
 * Run @argv in a child with the terminal, curses left.  When @errline is
 * given the child's stderr is copied to ours and its last line kept.
 * Returns the exit status, 127 when it could not be run, -1 on fork error.
 */
static int review_spawn(char *const argv[], int use_path, char *errline,
			size_t errsz)
{
	int fd[2] = { -1, -1 }, status;
	pid_t pid;

	if (errline && pipe(fd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		if (errline) {
			dup2(fd[1], 2);
			close(fd[0]);
			close(fd[1]);
		}
		if (use_path)
			execvp(argv[0], argv);
		else
			execv("/proc/self/exe", argv);
		fprintf(stderr, "memdrill: error: cannot run '%s': %s\n",
			argv[0], strerror(errno));
		_exit(127);
	}
	if (errline) {
		char buf[512], cur[256];
		size_t n = 0;
		ssize_t got;
		ssize_t k;

		close(fd[1]);
		errline[0] = cur[0] = '\0';
		while ((got = read(fd[0], buf, sizeof(buf))) > 0) {
			if (write(2, buf, got) < 0)
				break;
			for (k = 0; k < got; k++) {
				if (buf[k] == '\n') {
					cur[n] = '\0';
					if (n)
						snprintf(errline, errsz, "%s",
							 cur);
					n = 0;
				} else if (n + 1 < sizeof(cur)) {
					cur[n++] = buf[k];
				}
			}
		}
		cur[n] = '\0';
		if (n)
			snprintf(errline, errsz, "%s", cur);
		close(fd[0]);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

/* Is @source in the bundled cards/ folder (paths_home())? */
static int review_bundled(const char *source)
{
	char home[PATH_MAX];
	size_t n;

	if (!realpath(paths_in_home("cards"), home))
		return 0;
	n = strlen(home);
	return !strncmp(source, home, n) && source[n] == '/';
}

/* `e`: the card's deck file in $EDITOR at its line, then re-import it. */
static void review_edit(struct review *r)
{
	const char *env = getenv("VISUAL");
	char *cmd, *argv[20], lineopt[32];
	int64_t t0 = review_now_ms();
	int argc, rc, line;

	if (!r->card->source || !*r->card->source ||
	    !strcmp(r->card->source, "-")) {
		review_status(r, "this card has no source file to edit");
		return;
	}
	if (review_bundled(r->card->source)) {
		/* the next update would undo (or conflict with) the edit */
		review_status(r, "bundled decks are read only: your own cards "
			      "go in $XDG_DATA_HOME/memdrill/cards");
		return;
	}
	if (!env || !*env)
		env = getenv("EDITOR");
	cmd = xstrdup(env && *env ? env : "vi");
	argc = review_split(cmd, argv, 16);
	if (!argc) {
		free(cmd);
		review_status(r, "$VISUAL and $EDITOR are empty");
		return;
	}
	/* after a failed re-import, at the error; else at the card */
	line = session_reload_line(r->s);
	snprintf(lineopt, sizeof(lineopt), "+%d", line > 0 ? line :
		 r->card->line > 0 ? r->card->line : 1);
	argv[argc++] = lineopt;
	argv[argc++] = (char *)r->card->source;
	argv[argc] = NULL;
	def_prog_mode();
	endwin();
	rc = review_spawn(argv, 1, NULL, 0);
	reset_prog_mode();
	clearok(stdscr, TRUE);	/* the editor drew over the screen */
	r->away += review_now_ms() - t0;
	if (rc) {
		review_status(r, "editor '%s' failed (status %d); nothing "
			      "re-imported", argv[0], rc);
		free(cmd);
		return;
	}
	free(cmd);
	if (session_reload(r->s)) {
		review_status(r, "%s", session_error(r->s));
		return;
	}
	if (session_next(r->s, &r->card) <= 0) {
		r->card = NULL;
		return;
	}
	review_status(r, "re-imported '%s'", r->card->source ?
		      r->card->source : "");
	session_preview(r->s, r->ivl);
	r->width = 0;
}

/* `L`: leave curses, run `memdrill lab run ID`, wait for Enter, return. */
static void review_lab(struct review *r)
{
	char *argv[8], errline[200];
	const char *verdict;
	int64_t t0 = review_now_ms();
	int rc, c, n = 0;

	if (!r->card->lab || !*r->card->lab) {
		review_status(r, "this card has no lab");
		return;
	}
	if (!deck_lab_id_valid(r->card->lab)) {
		review_status(r, "invalid lab id on this card (%s); "
			      "re-import its deck", DECK_LAB_ID_HELP);
		return;
	}
	argv[n++] = "memdrill";
	if (r->db) {
		argv[n++] = "--db";
		argv[n++] = (char *)r->db;
	}
	argv[n++] = "lab";
	argv[n++] = "run";
	argv[n++] = "--";	/* the id is data, never an option */
	argv[n++] = (char *)r->card->lab;
	argv[n] = NULL;
	def_prog_mode();
	endwin();
	printf("\n== memdrill lab run %s\n", r->card->lab);
	fflush(stdout);
	rc = review_spawn(argv, 0, errline, sizeof(errline));
	/* lab run's exit status: 0 pass, 1 FAIL, else could not run */
	verdict = rc == 0 ? "pass" : rc == 1 ? "FAIL" : "could not run";
	printf("\n== lab %s: %s. Press Enter to return to the drill.",
	       r->card->lab, verdict);
	fflush(stdout);
	while ((c = getchar()) != EOF && c != '\n')
		;
	reset_prog_mode();
	r->away += review_now_ms() - t0;
	if (rc != 0 && rc != 1 && errline[0])
		review_status(r, "lab %s: could not run: %s", r->card->lab,
			      errline);
	else
		review_status(r, "lab %s: %s", r->card->lab, verdict);
	clearok(stdscr, TRUE);
}

/* A grade key on the revealed card: commit, then move on. */
static int review_grade(struct review *r, int rating)
{
	int64_t d = review_now_ms() - r->shown - r->away;

	review_status(r, "%s: %s, next in %s", r->card->key,
		      review_grades[rating - 1], r->ivl[rating - 1]);
	if (session_grade(r->s, rating, d < 0 ? 0 : d)) {
		/* nothing stored: say so and keep the card */
		review_status(r, "not saved: %s", session_error(r->s));
		return 0;
	}
	if (session_last_leech(r->s))
		review_status(r, "%s is a leech: %s", r->card->key,
			      session_last_leech(r->s) == 2 ? "suspended" :
			      "tagged; consider rewriting it");
	r->card = NULL;
	return 0;
}

/* Space, Enter: reveal; once revealed, Space pages down. */
static int review_key_reveal(void *screen, int c)
{
	struct review *r = screen;

	if (!r->revealed) {
		r->revealed = 1;
		r->width = 0;
	} else if (c == ' ') {
		r->yoff += review_body_rows() - 1;
	}
	return 0;
}

static int review_key_grade(void *screen, int c)
{
	struct review *r = screen;

	if (!r->revealed) {
		review_status(r, "show the answer first (Space)");
		return 0;
	}
	return review_grade(r, c - '0');
}

/* Up/Down, j/k, PgUp/PgDn, Home/End, g/G: scroll. */
static int review_key_scroll(void *screen, int c)
{
	struct review *r = screen;
	int page = review_body_rows() - 1;

	if (c == KEY_UP || c == 'k')
		r->yoff--;
	else if (c == KEY_DOWN || c == 'j')
		r->yoff++;
	else if (c == KEY_PPAGE)
		r->yoff -= page;
	else if (c == KEY_NPAGE)
		r->yoff += page;
	else if (c == KEY_HOME || c == 'g')
		r->yoff = 0;
	else
		r->yoff = (int)r->doc.nlines;
	return 0;
}

static int review_key_sideways(void *screen, int c)
{
	struct review *r = screen;

	r->xoff += c == KEY_LEFT || c == 'h' ? -REVIEW_HSTEP : REVIEW_HSTEP;
	return 0;
}

static int review_key_undo(void *screen, int c)
{
	struct review *r = screen;
	const char *what, *key;
	int rc = session_undo(r->s, &what, &key);

	(void)c;
	if (rc < 0) {
		review_status(r, "cannot undo: %s", session_error(r->s));
		r->card = NULL;
		return 0;
	}
	if (!rc) {
		review_status(r, "nothing to undo");
		return 0;
	}
	review_status(r, "undid %s of %s", what, key);
	r->card = NULL;
	return 0;
}

/* b, s: bury or suspend the card. */
static int review_key_hide(void *screen, int c)
{
	struct review *r = screen;

	review_status(r, "%s %s", c == 'b' ? "buried" : "suspended",
		      r->card->key);
	if ((c == 'b' ? session_bury : session_suspend)(r->s)) {
		review_status(r, "not saved: %s", session_error(r->s));
		return 0;
	}
	r->card = NULL;
	return 0;
}

static int review_key_edit(void *screen, int c)
{
	(void)c;
	review_edit(screen);
	return 0;
}

static int review_key_lab(void *screen, int c)
{
	(void)c;
	review_lab(screen);
	return 0;
}

static int review_key_help(void *screen, int c);

static int review_key_quit(void *screen, int c)
{
	(void)screen;
	(void)c;
	return 1;
}

/* The review screen's keys: dispatch, help screen and footer. */
static const struct tui_keydef review_keys[] = {
	{ { ' ', '\n', '\r', KEY_ENTER }, "Space, Enter",
	  "reveal the answer", "Space: show answer", review_key_reveal },
	{ { '1', '2', '3', '4' }, "1 2 3 4", "grade: Again, Hard, Good, Easy\n"
	  "(the next interval is shown under each)", NULL, review_key_grade },
	{ { KEY_UP, KEY_DOWN, 'j', 'k' }, "Up/Down, j/k", "scroll one line",
	  NULL, review_key_scroll },
	{ { KEY_PPAGE, KEY_NPAGE }, "PgUp/PgDn", "scroll one page", NULL,
	  review_key_scroll },
	{ { KEY_HOME, KEY_END, 'g', 'G' }, "Home/End, g/G", "top / bottom",
	  NULL, review_key_scroll },
	{ { KEY_LEFT, KEY_RIGHT, 'h', 'l' }, "Left/Right, h/l",
	  "scroll wide code blocks and tables sideways", NULL,
	  review_key_sideways },
	{ { 'u' }, "u", "undo the last grade, bury or suspend (repeatable)",
	  "u undo", review_key_undo },
	{ { 'b' }, "b", "bury: hide this card until tomorrow", "b bury",
	  review_key_hide },
	{ { 's' }, "s", "suspend: hide this card until unsuspended",
	  "s suspend", review_key_hide },
	{ { 'e' }, "e", "edit the card in $EDITOR, then re-import its deck",
	  "e edit", review_key_edit },
	{ { 'L' }, "L", "run the card's lab (memdrill lab run ID)", "L lab",
	  review_key_lab },
	{ { '?' }, "?", "this help", "? help", review_key_help },
	{ { 'q' }, "q", "quit (every grade given is already saved)", "q quit",
	  review_key_quit },
};

#define REVIEW_NKEYS (sizeof(review_keys) / sizeof(review_keys[0]))

static int review_key_help(void *screen, int c)
{
	struct review *r = screen;

	(void)c;
	tui_help(r->t, "memdrill drill - keys", review_keys, REVIEW_NKEYS);
	return 0;
}

/* The keys row before the answer shows: the table's footer items. */
static void review_footer_keys(struct sbuf *out)
{
	tui_key_footer(review_keys, REVIEW_NKEYS, out);
}

/* Public (screen.h): the table, for the tests. */
const struct tui_keydef *tui_review_keys(size_t *n)
{
	*n = REVIEW_NKEYS;
	return review_keys;
}

/* Handle one key; returns 1 to quit, -1 on a session failure, else 0. */
static int review_key(struct review *r, int c)
{
	const struct tui_keydef *k;

	if (c == KEY_RESIZE) {	/* not a key: the terminal changed size */
		r->width = 0;
		return 0;
	}
	k = tui_key_find(review_keys, REVIEW_NKEYS, c);
	return k ? k->fn(r, c) : 0;
}

/* Public (tui.h): the review loop until done or quit. */
int tui_review(const struct tui *t, struct session *s, const char *db,
	       char *err, size_t errsz)
{
	struct review r;
	struct session_summary sum;
	int rc = 0, quit = 0, c;

	memset(&r, 0, sizeof(r));
	r.t = t;
	r.s = s;
	r.db = db;
	for (;;) {
		if (!r.card) {
			rc = session_next(s, &r.card);
			if (rc <= 0)
				break;
			r.revealed = 0;
			r.yoff = r.xoff = 0;
			r.width = 0;
			r.away = 0;
			r.shown = review_now_ms();
			session_preview(s, r.ivl);
		}
		review_draw(&r);
		c = tui_key();
		if (c != KEY_RESIZE)
			r.status[0] = '\0';
		rc = review_key(&r, c);
		if (rc) {
			quit = rc > 0;
			break;
		}
	}
	render_doc_release(&r.doc);
	free(r.blockw);
	if (rc < 0) {
		snprintf(err, errsz, "%s", session_error(s));
		return -1;
	}
	session_summary(s, &sum);
	tui_summary(t, &sum, quit && sum.left > 0);
	return 0;
}
