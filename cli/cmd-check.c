// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-check.c - `memdrill check [PATH...]`: lint decks and lab pages.
 *
 * Decks are parsed (deck.c reports their own problems); then links are
 * checked both ways: a card's `Lab:` must name a page, and a page no card
 * links to is a warning.  A folder named `labs` is a folder of lab pages;
 * every other path is a deck file or a folder of decks.  Lab pages
 * themselves are validated by check_lab_page() (lab_parse(), engine/lab.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/deckset.h"
#include "core/render.h"
#include "engine/lab.h"
#include "util/dir.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

struct check_state {
	const char *labdir;	/* where Lab: ids resolve */
	int labdir_given;	/* lab pages were named: check them too */
	int errors, warnings;
};

/*
 * Validate the lab page at @path, printing FILE:LINE: diagnostics and
 * adding to *@errors / *@warnings.
 */
static void check_lab_page(const char *path, int *errors, int *warnings)
{
	struct lab_page pg = { 0 };
	struct lab_diags ds = { .n = 0 };
	char *dir = xstrdup(path), *slash = strrchr(dir, '/');
	int i;

	if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	lab_parse(path, dir, &pg, &ds);
	for (i = 0; i < ds.n; i++) {
		msg_at(path, ds.d[i].line ? ds.d[i].line : 1,
		       ds.d[i].error ? "error" : "warning", "%s", ds.d[i].msg);
		if (!ds.d[i].error)
			(*warnings)++;
	}
	*errors += ds.errors;
	lab_page_release(&pg);
	free(dir);
}

static const char *check_base(const char *path)
{
	size_t n = strlen(path);
	const char *s;

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (s = path + n; s > path && s[-1] != '/'; s--)
		;
	return s;
}

static int check_is_labdir(const char *path)
{
	struct stat st;
	const char *b = check_base(path);

	return !stat(path, &st) && S_ISDIR(st.st_mode) &&
	       !strncmp(b, "labs", 4) && (b[4] == '\0' || b[4] == '/');
}

static int check_page_exists(const struct check_state *cs, const char *id)
{
	struct sbuf p = SBUF_INIT;
	struct stat st;
	int ok;

	sbuf_addf(&p, "%s/%s.md", cs->labdir, id);
	ok = !stat(p.buf, &st);
	sbuf_release(&p);
	return ok;
}

/*
 * Every card's Lab: must name a page; in a deck that names its Kernel,
 * a card without Source: is a warning.
 */
static void check_card_links(struct check_state *cs,
			     const struct deckset *set)
{
	size_t i, j;

	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->decks[i].ncards; j++) {
			const struct deck_card *c = &set->decks[i].cards[j];

			if (!c->source && deck_wants_source(&set->decks[i])) {
				msg_at(set->decks[i].path, c->line, "warning",
				       "card has no 'Source:' line (the deck "
				       "names its Kernel)");
				cs->warnings++;
			}
			if (!c->lab || check_page_exists(cs, c->lab))
				continue;
			msg_at(set->decks[i].path, c->lab_line, "error",
			       "unknown lab '%s' (no page %s/%s.md)", c->lab,
			       cs->labdir, c->lab);
			cs->errors++;
		}
}

/* Every card's Markdown must be within what the renderer lays out. */
static void check_card_render(struct check_state *cs,
			      const struct deckset *set)
{
	char why[160];
	size_t i, j;

	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->decks[i].ncards; j++) {
			const struct deck_card *c = &set->decks[i].cards[j];
			const char *part = "question";

			if (render_lint(c->question, strlen(c->question), why,
					sizeof(why)) != 1) {
				part = "answer";
				if (render_lint(c->answer, strlen(c->answer),
						why, sizeof(why)) != 1)
					continue;
			}
			msg_at(set->decks[i].path, c->line, "error",
			       "the %s has %s", part, why);
			cs->errors++;
		}
}

static int check_linked(const struct deckset *set, const char *id)
{
	size_t i, j;

	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->decks[i].ncards; j++)
			if (set->decks[i].cards[j].lab &&
			    !strcmp(set->decks[i].cards[j].lab, id))
				return 1;
	return 0;
}

/* Validate every page in the lab folder; warn for pages nobody links. */
static void check_lab_pages(struct check_state *cs,
			    const struct deckset *set)
{
	char **names, **name;

	if (dir_list(cs->labdir, ".md", &names) < 0) {
		msg_error("cannot read folder '%s'", cs->labdir);
		cs->errors++;
		return;
	}
	for (name = names; *name; name++) {
		struct sbuf path = SBUF_INIT;
		char *id;

		if (!strcmp(*name, "README.md"))
			continue;
		id = xstrndup(*name, strlen(*name) - 3);
		sbuf_addf(&path, "%s/%s", cs->labdir, *name);
		check_lab_page(path.buf, &cs->errors, &cs->warnings);
		if (set->n && !check_linked(set, id)) {
			msg_at(path.buf, 1, "warning",
			       "no card links to lab '%s'", id);
			cs->warnings++;
		}
		sbuf_release(&path);
		free(id);
	}
	dir_list_free(names);
}

/*
 * Split the arguments into lab folders and deck paths; with none, the
 * bundled cards/ and labs/.  Fills @decks (argc + 1 slots).
 */
static size_t check_args(int argc, char **argv, char **decks,
			 struct check_state *cs)
{
	size_t n = 0;
	int i;

	if (argc < 2) {
		decks[n++] = (char *)paths_in_home("cards");
		cs->labdir_given = 1;
		return n;
	}
	for (i = 1; i < argc; i++) {
		if (check_is_labdir(argv[i])) {
			cs->labdir = argv[i];
			cs->labdir_given = 1;
		} else {
			decks[n++] = argv[i];
		}
	}
	return n;
}

static int cmd_check_exec(int argc, char **argv)
{
	struct check_state cs = { 0 };
	struct deckset set = DECKSET_INIT;
	char err[512], labdir[4096], cards[4096];
	char **decks;
	size_t ndecks;
	int rc = EXIT_USAGE;

	if (argc > 1 && argv[1][0] == '-' && argv[1][1])
		return cmd_usage(&cmd_check_entry);
	/* paths_in_home() reuses one buffer: keep copies. */
	snprintf(labdir, sizeof(labdir), "%s", paths_in_home("labs"));
	cs.labdir = labdir;
	decks = xcalloc((size_t)argc + 1, sizeof(*decks));
	ndecks = check_args(argc, argv, decks, &cs);
	if (argc < 2) {
		snprintf(cards, sizeof(cards), "%s", decks[0]);
		decks[0] = cards;
	}
	if (deckset_load(&set, decks, ndecks, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		goto out;
	}
	cmd_print_deck_diags(&set);
	cs.errors += set.nerrors;
	cs.warnings += set.nwarnings;
	check_card_links(&cs, &set);
	check_card_render(&cs, &set);
	if (cs.labdir_given)
		check_lab_pages(&cs, &set);
	fprintf(stderr, "check: %d error%s, %d warning%s in %zu deck%s\n",
		cs.errors, cs.errors == 1 ? "" : "s", cs.warnings,
		cs.warnings == 1 ? "" : "s", set.n, set.n == 1 ? "" : "s");
	rc = cs.errors ? EXIT_FINDING : EXIT_OK;
out:
	deckset_release(&set);
	free(decks);
	return rc;
}

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "check [PATH...]",
	.summary = "lint decks and lab pages",
	.help =
	"Checks deck files (or folders of *.md decks) and, for a folder named\n"
	"labs, its lab pages.  Without PATH: the bundled cards/ and labs/.\n"
	"Prints one line per problem as FILE:LINE: error|warning: MESSAGE:\n"
	"missing A:, empty answer, missing or unknown level tag, unterminated\n"
	"code fence, invalid UTF-8, a question or ID: that appears twice, a\n"
	"Lab: naming no page, Markdown nested or a table wider than the\n"
	"renderer lays out, a bad lab page, and (warnings) a lab page no\n"
	"card links to, a card without Source: in a deck naming its Kernel.\n"
	"Exit status 1 when there are errors.\n",
	.exec = cmd_check_exec,
};
