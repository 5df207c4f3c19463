// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-show.c - `memdrill show CARD [--width N]`: render one card's
 * question and answer as the learner sees them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/deck.h"
#include "core/render.h"
#include "core/store.h"
#include "core/term.h"
#include "util/paths.h"
#include "util/sbuf.h"

/* Render @c into @out at @width with term @flags. */
static void cmd_show_card(const struct store_card *c, int width, int flags,
			  struct sbuf *out)
{
	struct render_opts ro = { .width = width, .ascii = !!(flags &
							       TERM_ASCII) };
	struct render_doc doc = RENDER_DOC_INIT;
	struct sbuf head = SBUF_INIT;

	sbuf_addf(&head, "%s  [%s]", c->key,
		  deck_level_name((enum deck_level)c->level));
	render_doc_add_text(&doc, head.buf, RS_DIM);
	sbuf_reset(&head);
	sbuf_addf(&head, "%s%s%s", c->deck, c->section && *c->section ?
		  " > " : "", c->section ? c->section : "");
	render_doc_add_text(&doc, head.buf, RS_DIM);
	render_doc_add_blank(&doc);
	render_doc_add_text(&doc, "Q:", RS_BOLD);
	render_markdown(c->question, strlen(c->question), &ro, &doc);
	render_doc_add_blank(&doc);
	render_doc_add_text(&doc, "A:", RS_BOLD);
	render_markdown(c->answer, strlen(c->answer), &ro, &doc);
	if (c->lab) {
		sbuf_reset(&head);
		sbuf_addf(&head, "Lab: %s  (memdrill lab run %s)", c->lab,
			  c->lab);
		render_doc_add_blank(&doc);
		render_doc_add_text(&doc, head.buf, RS_DIM);
	}
	term_doc(out, &doc, 0, width, flags);
	render_doc_release(&doc);
	sbuf_release(&head);
}

static int cmd_show_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct sbuf out = SBUF_INIT;
	struct store_card c;
	struct store *s;
	char err[512], *end;
	int ch, width = 0, flags = 0;

	while ((ch = getopt_long(argc, argv, "w:", opts, NULL)) != -1) {
		if (ch != 'w')
			return cmd_usage(&cmd_show_entry);
		width = (int)strtol(optarg, &end, 10);
		if (*end || width < 10 || width > 1000) {
			msg_error("invalid width '%s' (10 to 1000)", optarg);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1)
		return cmd_usage(&cmd_show_entry);
	s = cmd_open_store(NULL, 0);
	if (!s)
		return EXIT_USAGE;
	if (store_card_find(s, argv[optind], &c, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		store_close(s);
		return EXIT_USAGE;
	}
	if (!width)
		width = term_width(STDOUT_FILENO);
	if (term_color_wanted(STDOUT_FILENO))
		flags |= TERM_ANSI;
	if (term_ascii_wanted())
		flags |= TERM_ASCII;
	cmd_show_card(&c, width, flags, &out);
	fwrite(out.buf, 1, out.len, stdout);
	sbuf_release(&out);
	store_card_release(&c);
	store_close(s);
	return EXIT_OK;
}

const struct cmd_entry cmd_show_entry = {
	.name = "show",
	.usage = "show CARD [--width N]",
	.summary = "render one card as the learner sees it",
	.help =
	"CARD is a card's key or a unique prefix of it (see memdrill cards).\n"
	"Renders the question and answer Markdown: tables aligned by display\n"
	"width, code blocks and diagrams never wrapped (clipped with a marker).\n"
	"\n"
	"  -w, --width N   lay out for N columns (default: the terminal's\n"
	"                  width, else $COLUMNS, else 80)\n"
	"\n"
	"Colour only on a terminal and when NO_COLOR is unset;\n"
	"MEMDRILL_ASCII=1 draws ASCII borders for terminals that draw box\n"
	"characters wide.\n",
	.exec = cmd_show_exec,
};
