// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-cards.c - `memdrill cards`: one line per card (key, deck, section,
 * level, first line of the question, due date).  On a terminal the
 * columns are aligned under a header; piped, the fields are separated by
 * tabs with no header so scripts can cut them.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "core/deck.h"
#include "core/queue.h"
#include "core/store.h"
#include "core/term.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/utf8.h"

struct cards_out {
	int tty, width, n;
	struct sbuf line;
};

/* The first line of @s, without Markdown emphasis markers. */
static void cards_first_line(struct sbuf *sb, const char *s)
{
	size_t n = strcspn(s, "\n");

	for (; n; s++, n--)
		if (*s != '*' && *s != '`' && *s != '\t')
			sbuf_addch(sb, *s);
}

static void cards_due(char *buf, size_t size, const struct store_card *c)
{
	struct tm tm;
	time_t t = (time_t)c->sched.due;

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
	char due[16];
	int qw;

	cards_due(due, sizeof(due), c);
	cards_first_line(&q, c->question);
	sbuf_reset(&o->line);
	if (!o->tty) {
		sbuf_addf(&o->line, "%s\t%s\t%s\t%s\t%s\t%s\n", c->key,
			  c->deck, c->section ? c->section : "",
			  deck_level_name((enum deck_level)c->level), q.buf,
			  due);
	} else {
		qw = o->width - (14 + 22 + 13 + 11);
		cards_col(&o->line, c->key, 13);
		sbuf_addch(&o->line, ' ');
		cards_col(&o->line, c->section ? c->section : "", 21);
		sbuf_addch(&o->line, ' ');
		cards_col(&o->line, deck_level_name(c->level), 12);
		sbuf_addch(&o->line, ' ');
		cards_col(&o->line, q.buf, qw > 10 ? qw : 10);
		sbuf_addf(&o->line, " %s", due);
		sbuf_rtrim(&o->line);
		sbuf_addch(&o->line, '\n');
	}
	msg_write(stdout, o->line.buf, o->line.len);
	o->n++;
	sbuf_release(&q);
	return 0;
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
		{ NULL, 0, NULL, 0 },
	};
	struct store_filter f = { 0 };
	struct cards_out o = { .line = SBUF_INIT };
	struct queue_today today = QUEUE_TODAY_INIT;
	struct config cfg;
	char err[512];
	struct store *s;
	int ch, due = 0, rc = EXIT_USAGE;

	while ((ch = getopt_long(argc, argv, "d:s:u", opts, NULL)) != -1) {
		if (ch == 'd')
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
	if (f.deck && store_deck_exists(s, f.deck, err, sizeof(err)) != 1) {
		msg_error("no deck '%s'", f.deck);
		goto out;
	}
	if (due && config_load(&cfg, paths_config(), err, sizeof(err)) < 0) {
		msg_error("%s", err);
		goto out;
	}
	/* one read snapshot for the queue and the cards it names */
	if (due && (store_read_begin(s, err, sizeof(err)) < 0 ||
		    queue_today_load(s, &cfg, f.deck, time(NULL), &today,
				     err, sizeof(err)) < 0)) {
		msg_error("%s", err);
		goto out;
	}
	o.tty = isatty(STDOUT_FILENO);
	o.width = term_width(STDOUT_FILENO);
	if (o.tty)
		printf("%-13s %-21s %-12s %s\n", "KEY", "SECTION", "LEVEL",
		       "QUESTION / DUE");
	if ((due ? cards_each_due(s, &f, &today, &o, err, sizeof(err)) :
	     store_cards_each(s, &f, cards_one, &o, err, sizeof(err))) < 0) {
		msg_error("%s", err);
		goto out;
	}
	if (o.tty)
		printf("%d card%s\n", o.n, o.n == 1 ? "" : "s");
	rc = EXIT_OK;
out:
	if (due)
		store_read_end(s);
	queue_today_release(&today);
	sbuf_release(&o.line);
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_cards_entry = {
	.name = "cards",
	.usage = "cards [--deck D] [--search TEXT] [--due]",
	.summary = "list cards, one per line",
	.help =
	"Lists live (not retired) cards in deck order.  On a terminal:\n"
	"aligned columns under a header.  Piped: tab-separated fields, no\n"
	"header: key, deck, section, level, first line of the question, due\n"
	"date (YYYY-MM-DD local, or \"new\").\n"
	"\n"
	"  -d, --deck D        only deck D (its title)\n"
	"  -s, --search TEXT   only cards whose question or answer contains\n"
	"                      TEXT (case-insensitive for ASCII)\n"
	"  -u, --due           only the cards in today's queue\n",
	.exec = cmd_cards_exec,
};
