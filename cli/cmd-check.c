// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-check.c - `memdrill check [PATH...]`: lint decks and lab pages.
 *
 * Decks are parsed (deck.c reports their own problems); then links are
 * checked both ways: a card's `Lab:` must name a page, and a page no card
 * links to is a warning.  A folder named `labs` is a folder of lab pages;
 * anywhere else, a *.scn file is a scenario and a *.md file is a lab page
 * when lab_text_is_page() says so, else a deck.  Lab pages themselves are
 * validated by check_lab_page() (lab_parse(), engine/lab.c), and the
 * scenario each names is linted line by line (scn_lint_text()), once.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/deckset.h"
#include "core/render.h"
#include "engine/lab.h"
#include "sim/scn.h"
#include "util/dir.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* A growing list of owned strings. */
struct check_list {
	char **v;
	size_t n, alloc;
};

struct check_state {
	const char *labdir;	/* where Lab: ids resolve */
	int labdir_given;	/* lab pages were named: check them too */
	int errors, warnings;
	struct check_list pages;	/* lab pages named outside labdir */
	struct check_list page_ids;	/* ids of the pages checked */
	struct check_list scns;		/* scenario files to lint */
	struct check_list linted;	/* real paths of scenarios linted */
	size_t npages;
};

static void check_list_add(struct check_list *l, const char *s)
{
	l->v = xgrow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	l->v[l->n++] = xstrdup(s);
}

static int check_list_has(const struct check_list *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

static void check_list_free(struct check_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static void check_scn_bad(void *ctx, int line, const char *err)
{
	struct check_state *cs = ((void **)ctx)[0];
	const char *path = ((void **)ctx)[1];

	msg_at(path, line ? line : 1, "error", "%s", err);
	cs->errors++;
}

/* Lint the scenario at @path once, every bad line reported. */
static void check_scenario(struct check_state *cs, const char *path)
{
	struct sbuf text = SBUF_INIT;
	char real[4096];
	void *ctx[2] = { cs, (void *)path };
	struct scn *s;

	if (!realpath(path, real))
		snprintf(real, sizeof(real), "%s", path);
	if (check_list_has(&cs->linted, real))
		return;
	check_list_add(&cs->linted, real);
	if (sbuf_read_file(&text, path) < 0) {
		msg_error("cannot read scenario '%s': %s", path,
			  strerror(errno));
		cs->errors++;
		return;
	}
	if (memchr(text.buf, '\0', text.len)) {
		msg_at(path, 1, "error", "not a text file");
		cs->errors++;
		sbuf_release(&text);
		return;
	}
	s = xcalloc(1, sizeof(*s));
	scn_init(s, path);
	scn_lint_text(s, text.buf, check_scn_bad, ctx);
	scn_free(s);
	free(s);
	sbuf_release(&text);
}

/*
 * Validate the lab page at @path, printing FILE:LINE: diagnostics and
 * adding to the counts; then lint the scenario it names.
 */
static void check_lab_page(struct check_state *cs, const char *path)
{
	struct lab_page pg = { 0 };
	struct lab_diags ds = { .n = 0 };
	struct sbuf scn = SBUF_INIT;
	struct stat st;
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
			cs->warnings++;
	}
	cs->errors += ds.errors;
	cs->npages++;
	if (pg.id)
		check_list_add(&cs->page_ids, pg.id);
	if (pg.scenario && !strchr(pg.scenario, '/')) {
		sbuf_addf(&scn, "%s/scenarios/%s.scn", dir, pg.scenario);
		if (!stat(scn.buf, &st) && S_ISREG(st.st_mode))
			check_scenario(cs, scn.buf);
	}
	sbuf_release(&scn);
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
	ok = !stat(p.buf, &st) || check_list_has(&cs->page_ids, id) ||
	     !lab_find(id, NULL, NULL);
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
		check_lab_page(cs, path.buf);
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

static int check_has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n > k && !strcmp(s + n - k, suffix);
}

/*
 * Sort the file @path: a scenario (*.scn), a lab page (by its content)
 * or a deck (added to @decks).  -1 when it cannot be read.
 */
static int check_file(struct check_state *cs, const char *path,
		      char **decks, size_t *n)
{
	struct sbuf text = SBUF_INIT;

	if (!strcmp(path, "-")) {
		decks[(*n)++] = xstrdup(path);
		return 0;
	}
	if (check_has_suffix(path, ".scn")) {
		check_list_add(&cs->scns, path);
		return 0;
	}
	if (sbuf_read_file_max(&text, path, DECKSET_MAX_FILE) < 0) {
		msg_error("cannot read '%s': %s", path, errno == EFBIG ?
			  "larger than 64 MiB" : sbuf_read_strerror(errno));
		return -1;
	}
	if (lab_text_is_page(text.buf, text.len))
		check_list_add(&cs->pages, path);
	else
		decks[(*n)++] = xstrdup(path);
	sbuf_release(&text);
	return 0;
}

/* A folder that is not a lab folder: its *.md and *.scn files. */
static int check_dir(struct check_state *cs, const char *dir, char ***decks,
		     size_t *n, size_t *alloc)
{
	char **names;
	int i, k, rc = 0;

	for (k = 0; k < 2 && !rc; k++) {
		int m = dir_list(dir, k ? ".scn" : ".md", &names);

		if (m < 0) {
			msg_error("cannot read folder '%s': %s", dir,
				  strerror(errno));
			return -1;
		}
		*decks = xgrow(*decks, alloc, *n + (size_t)m + 1,
			       sizeof(**decks));
		for (i = 0; i < m && !rc; i++) {
			struct sbuf p = SBUF_INIT;

			sbuf_addf(&p, "%s%s%s", dir,
				  dir[strlen(dir) - 1] == '/' ? "" : "/",
				  names[i]);
			rc = check_file(cs, p.buf, *decks, n);
			sbuf_release(&p);
		}
		dir_list_free(names);
	}
	return rc;
}

/*
 * Split the arguments into lab folders, lab pages, scenarios and deck
 * files; with none, the bundled cards/ and labs/.  Returns the deck
 * paths (owned, in *@decks, @n of them), or -1.
 */
static int check_args(int argc, char **argv, char ***decks, size_t *n,
		      struct check_state *cs)
{
	size_t alloc = 0;
	struct stat st;
	int i;

	*n = 0;
	*decks = xgrow(NULL, &alloc, (size_t)argc + 1, sizeof(**decks));
	if (argc < 2) {
		/* the search paths: bundled, the learner's, the settings' */
		char **dirs;
		int k, nd = paths_search("cards", &dirs);

		*decks = xgrow(*decks, &alloc, (size_t)nd + 1,
			       sizeof(**decks));
		for (k = 0; k < nd; k++)
			(*decks)[(*n)++] = xstrdup(dirs[k]);
		paths_search_free(dirs);
		nd = paths_search("labs", &dirs);
		for (k = 1; k < nd; k++) {
			char **names;
			int m = dir_list(dirs[k], ".md", &names), j;

			for (j = 0; j < m; j++) {
				struct sbuf p = SBUF_INIT;

				sbuf_addf(&p, "%s/%s", dirs[k], names[j]);
				if (strcmp(names[j], "README.md"))
					check_list_add(&cs->pages, p.buf);
				sbuf_release(&p);
			}
			dir_list_free(names);
		}
		paths_search_free(dirs);
		cs->labdir_given = 1;
		return 0;
	}
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-")) {
			*decks = xgrow(*decks, &alloc, *n + 1,
				       sizeof(**decks));
			check_file(cs, argv[i], *decks, n);
		} else if (check_is_labdir(argv[i])) {
			size_t k = strlen(argv[i]);

			while (k > 1 && argv[i][k - 1] == '/')
				argv[i][--k] = '\0';
			cs->labdir = argv[i];
			cs->labdir_given = 1;
		} else if (stat(argv[i], &st) < 0) {
			msg_error("cannot read '%s': %s", argv[i],
				  strerror(errno));
			return -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (check_dir(cs, argv[i], decks, n, &alloc) < 0)
				return -1;
		} else {
			*decks = xgrow(*decks, &alloc, *n + 1,
				       sizeof(**decks));
			if (check_file(cs, argv[i], *decks, n) < 0)
				return -1;
		}
	}
	return 0;
}

static int cmd_check_exec(int argc, char **argv)
{
	struct check_state cs = { 0 };
	struct deckset set = DECKSET_INIT;
	char err[512], labdir[4096];
	char **decks = NULL;
	size_t ndecks = 0, i;
	int rc = EXIT_USAGE;

	if (argc > 1 && argv[1][0] == '-' && argv[1][1])
		return cmd_usage(&cmd_check_entry);
	/* paths_in_home() reuses one buffer: keep a copy. */
	snprintf(labdir, sizeof(labdir), "%s", paths_in_home("labs"));
	cs.labdir = labdir;
	if (check_args(argc, argv, &decks, &ndecks, &cs) < 0)
		goto out;
	if (deckset_load(&set, decks, ndecks, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		goto out;
	}
	cmd_print_deck_diags(&set);
	cs.errors += set.nerrors;
	cs.warnings += set.nwarnings + cmd_warn_no_cards(&set, "");
	for (i = 0; i < cs.pages.n; i++)
		check_lab_page(&cs, cs.pages.v[i]);
	for (i = 0; i < cs.scns.n; i++)
		check_scenario(&cs, cs.scns.v[i]);
	check_card_links(&cs, &set);
	check_card_render(&cs, &set);
	if (cs.labdir_given)
		check_lab_pages(&cs, &set);
	fprintf(stderr, "check: %d error%s, %d warning%s in %zu deck%s, "
		"%zu lab page%s, %zu scenario%s\n",
		cs.errors, cs.errors == 1 ? "" : "s", cs.warnings,
		cs.warnings == 1 ? "" : "s", set.n, set.n == 1 ? "" : "s",
		cs.npages, cs.npages == 1 ? "" : "s", cs.linted.n,
		cs.linted.n == 1 ? "" : "s");
	rc = cs.errors ? EXIT_FINDING : EXIT_OK;
out:
	deckset_release(&set);
	for (i = 0; i < ndecks; i++)
		free(decks[i]);
	free(decks);
	check_list_free(&cs.pages);
	check_list_free(&cs.page_ids);
	check_list_free(&cs.scns);
	check_list_free(&cs.linted);
	return rc;
}

const struct cmd_entry cmd_check_entry = {
	.name = "check",
	.usage = "check [PATH...]",
	.summary = "lint decks and lab pages",
	.help =
	"Checks deck files, lab pages and scenarios.  A folder named labs\n"
	"is a folder of lab pages; anywhere else a *.scn file is a scenario\n"
	"and a *.md file is a lab page when its header says so (ID:, Title:,\n"
	"Kind: ... lines), else a deck.  The scenario each page names is\n"
	"linted too, every bad line.  Without PATH: the decks and labs on\n"
	"the search paths (the bundled cards/ and labs/, your own under\n"
	"$XDG_DATA_HOME/memdrill, the settings' deck_paths and lab_paths).\n"
	"The last line counts errors, warnings, decks, lab pages and\n"
	"scenarios.\n"
	"Prints one line per problem as FILE:LINE: error|warning: MESSAGE:\n"
	"missing A:, empty answer, missing or unknown level tag, unterminated\n"
	"code fence, invalid UTF-8, a question or ID: that appears twice, a\n"
	"Lab: naming no page, Markdown nested deeper, a table wider or a\n"
	"card longer than the renderer lays out, a NUL byte, a bad lab\n"
	"page, and (warnings) a lab page no card links to, a card without\n"
	"Source: in a deck naming its Kernel, a file with no cards.  Exit\n"
	"status 1 when there are errors.\n",
	.exec = cmd_check_exec,
};
