// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-cards.c - `memdrill cards`: one line per card (key, deck, section,
 * level, first line of the question, due date).  On a terminal the
 * columns are aligned under a header; piped, the fields are separated by
 * tabs with no header so scripts can cut them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "core/deck.h"
#include "core/queue.h"
#include "core/sched.h"
#include "core/store.h"
#include "core/term.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* A terminal's row, kept until every key is known (the key column fits
 * the widest: a key is never cut, it is what show, suspend, bury take). */
struct cards_row {
	char *key, *section, *q;
	int level;
	char due[16];
};

struct cards_out {
	int tty, width, n;
	int only;		/* STORE_Q_SUSPENDED or _BURIED: only those */
	int rollover;		/* the settings' rollover hour */
	time_t now;
	struct sbuf line;
	struct cards_row *rows;
	size_t nrows, alloc;
	int keyw;
};

/* The first line of @s, without Markdown emphasis markers. */
static void cards_first_line(struct sbuf *sb, const char *s)
{
	size_t n = strcspn(s, "\n");

	for (; n; s++, n--)
		if (*s != '*' && *s != '`' && *s != '\t')
			sbuf_addch(sb, *s);
}

/* The card's queue: STORE_Q_SUSPENDED, _BURIED (until a later rollover)
 * or _NORMAL. */
static int cards_queue(const struct store_card *c, time_t now)
{
	if (c->sched.queue == STORE_Q_SUSPENDED)
		return STORE_Q_SUSPENDED;
	if (c->sched.queue == STORE_Q_BURIED && c->sched.buried_until > now)
		return STORE_Q_BURIED;
	return STORE_Q_NORMAL;
}

/*
 * The due date as a drill day: the date of the learner's day (starting
 * at the rollover hour) the card falls due in, so a card due at 02:00
 * with a rollover at 4 shows the day before.
 */
static void cards_due(char *buf, size_t size, const struct store_card *c,
		      time_t now, int rollover)
{
	struct tm tm;
	time_t t = (time_t)sched_day_start(sched_day(c->sched.due, rollover),
					   rollover);
	int q = cards_queue(c, now);

	if (q != STORE_Q_NORMAL) {
		snprintf(buf, size, "%s", q == STORE_Q_SUSPENDED ?
			 "suspended" : "buried");
		return;
	}
	if (c->sched.state == STORE_NEW || !c->sched.due) {
		snprintf(buf, size, "new");
		return;
	}
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/* Append @s to @sb padded or cut (ending in "…") to @w display columns. */
static void cards_col(struct sbuf *sb, const char *s, int w)
{
	size_t len = strlen(s), n;
	int used = utf8_width(s, len);

	if (used <= w) {
		sbuf_add(sb, s, len);
	} else {
		n = utf8_fit(s, len, w - 1, &used);
		sbuf_add(sb, s, n);
		sbuf_addstr(sb, "…");
		used++;
	}
	sbuf_addchars(sb, ' ', used < w ? (size_t)(w - used) : 0);
}

static int cards_one(void *arg, const struct store_card *c)
{
	struct cards_out *o = arg;
	struct sbuf q = SBUF_INIT;
	struct cards_row *r;
	char due[16];
	int w;

	if (o->only && cards_queue(c, o->now) != o->only)
		return 0;
	cards_due(due, sizeof(due), c, o->now, o->rollover);
	cards_first_line(&q, c->question);
	o->n++;
	if (!o->tty) {
		sbuf_reset(&o->line);
		sbuf_addf(&o->line, "%s\t%s\t%s\t%s\t%s\t%s\n", c->key,
			  c->deck, c->section ? c->section : "",
			  deck_level_name((enum deck_level)c->level), q.buf,
			  due);
		msg_write(stdout, o->line.buf, o->line.len);
		sbuf_release(&q);
		return 0;
	}
	o->rows = xgrow(o->rows, &o->alloc, o->nrows + 1, sizeof(*o->rows));
	r = &o->rows[o->nrows++];
	r->key = xstrdup(c->key);
	r->section = xstrdup(c->section ? c->section : "");
	r->q = sbuf_detach(&q, NULL);
	r->level = c->level;
	memcpy(r->due, due, sizeof(due));
	w = utf8_width(c->key, strlen(c->key));
	if (w > o->keyw)
		o->keyw = w;
	return 0;
}

/* The terminal's table: header, rows, count. */
static void cards_print_rows(struct cards_out *o)
{
	size_t i;
	int qw = o->width - (o->keyw + 1 + 22 + 13 + 11);

	sbuf_reset(&o->line);
	cards_col(&o->line, "KEY", o->keyw);
	sbuf_addstr(&o->line, " SECTION               LEVEL        "
		    "QUESTION / DUE\n");
	msg_write(stdout, o->line.buf, o->line.len);
	for (i = 0; i < o->nrows; i++) {
		struct cards_row *r = &o->rows[i];

		sbuf_reset(&o->line);
		cards_col(&o->line, r->key, o->keyw);
		sbuf_addch(&o->line, ' ');
		cards_col(&o->line, r->section, 21);
		sbuf_addch(&o->line, ' ');
		cards_col(&o->line, deck_level_name(r->level), 12);
		sbuf_addch(&o->line, ' ');
		cards_col(&o->line, r->q, qw > 10 ? qw : 10);
		sbuf_addf(&o->line, " %s", r->due);
		sbuf_rtrim(&o->line);
		sbuf_addch(&o->line, '\n');
		msg_write(stdout, o->line.buf, o->line.len);
		free(r->key);
		free(r->section);
		free(r->q);
	}
	free(o->rows);
	o->rows = NULL;
	o->nrows = 0;
	printf("%d card%s\n", o->n, o->n == 1 ? "" : "s");
}

/* Today's cards in queue order, fetched by id (not a scan of all cards). */
static int cards_each_due(struct store *s, const struct store_filter *f,
			  const struct queue_today *q, struct cards_out *o,
			  char *err, size_t errsz)
{
	size_t i;

	for (i = 0; i < q->n; i++) {
		struct store_card c;
		int keep;

		if (store_card_get(s, q->ids[i], &c, err, errsz) < 0)
			return -1;
		keep = !f->search || strcasestr(c.question, f->search) ||
		       strcasestr(c.answer, f->search);
		if (keep)
			cards_one(o, &c);
		store_card_release(&c);
	}
	return 0;
}

static int cmd_cards_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "deck", required_argument, NULL, 'd' },
		{ "search", required_argument, NULL, 's' },
		{ "due", no_argument, NULL, 'u' },
		{ "suspended", no_argument, NULL, 'S' },
		{ "buried", no_argument, NULL, 'B' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_filter f = { 0 };
	struct cards_out o = { .line = SBUF_INIT };
	struct queue_today today = QUEUE_TODAY_INIT;
	struct config cfg;
	char err[512];
	struct store *s;
	char *deck = NULL;
	int ch, due = 0, rc = EXIT_USAGE;

	while ((ch = getopt_long(argc, argv, "d:s:u", opts, NULL)) != -1) {
		if (ch == 'S')
			o.only = STORE_Q_SUSPENDED;
		else if (ch == 'B')
			o.only = STORE_Q_BURIED;
		else if (ch == 'd')
			f.deck = optarg;
		else if (ch == 's')
			f.search = optarg;
		else if (ch == 'u')
			due = 1;
		else
			return cmd_usage(&cmd_cards_entry);
	}
	if (optind != argc)
		return cmd_usage(&cmd_cards_entry);
	s = cmd_open_store(NULL, 0);
	if (!s)
		return EXIT_USAGE;
	if (f.deck && !(f.deck = deck = cmd_resolve_deck(s, f.deck)))
		goto out;
	if (config_load(&cfg, paths_config(), err, sizeof(err)) < 0) {
		msg_error("%s", err);
		goto out;
	}
	o.rollover = cfg.rollover_hour;
	/* one read snapshot for the queue and the cards it names */
	if (due && (store_read_begin(s, err, sizeof(err)) < 0 ||
		    queue_today_load(s, &cfg, f.deck, time(NULL), &today,
				     err, sizeof(err)) < 0)) {
		msg_error("%s", err);
		goto out;
	}
	o.tty = isatty(STDOUT_FILENO);
	o.width = term_width(STDOUT_FILENO);
	o.now = time(NULL);
	o.keyw = 3;
	if ((due ? cards_each_due(s, &f, &today, &o, err, sizeof(err)) :
	     store_cards_each(s, &f, cards_one, &o, err, sizeof(err))) < 0) {
		msg_error("%s", err);
		goto out;
	}
	if (o.tty)
		cards_print_rows(&o);
	rc = EXIT_OK;
out:
	if (due)
		store_read_end(s);
	queue_today_release(&today);
	sbuf_release(&o.line);
	store_close(s);
	free(deck);
	return rc;
}

const struct cmd_entry cmd_cards_entry = {
	.name = "cards",
	.usage = "cards [--deck D] [--search TEXT] [--due] [--suspended | "
		 "--buried]",
	.summary = "list cards, one per line",
	.help =
	"Lists live (not retired) cards in deck order.  On a terminal:\n"
	"aligned columns under a header.  Piped: tab-separated fields, no\n"
	"header: key, deck, section, level, first line of the question, due\n"
	"day (YYYY-MM-DD: the drill day, which starts at the rollover hour;\n"
	"\"new\", \"suspended\" or \"buried\").  The key is never cut: it\n"
	"is what show, sched suspend and bury take.\n"
	"\n"
	"  -d, --deck D        only deck D: its title, its file's stem\n"
	"                      (03-buddy) or a unique part of either\n"
	"  -s, --search TEXT   only cards whose question or answer contains\n"
	"                      TEXT (case-insensitive for ASCII)\n"
	"  -u, --due           only the cards in today's queue\n"
	"      --suspended     only suspended cards\n"
	"      --buried        only cards buried until the next rollover\n",
	.exec = cmd_cards_exec,
};
