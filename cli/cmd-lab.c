// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-lab.c - `memdrill lab list | show ID | actions | run ID|--all
 * [--vm|--host] [--trace]`.  list: every page in the bundled labs/ folder
 * with its kind, last result and the cards linking to it.  show: the page
 * rendered.  actions: the kmod actions memdrill ships.  run: the page
 * through the lab engine (engine/labrun.h), which picks the runner, runs
 * it and checks the Expect lines; this file asks the Predict questions,
 * prints the output, each expectation, the predictions and the verdict,
 * and records the run in lab_runs.  Exit 0 pass, 1 an expectation failed,
 * 2 could not run.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/deck.h"
#include "core/deckset.h"
#include "core/render.h"
#include "core/events.h"
#include "core/store.h"
#include "core/term.h"
#include "engine/exercise.h"
#include "engine/lab.h"
#include "engine/labrun.h"
#include "util/dir.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

/* The learner's answers to a page's Predict questions, when asked. */
struct lab_guesses {
	char text[LAB_MAX_LIST][256];
	int n;
};

/* Load lab @id (lab_find()); print its diagnostics on failure.  0 or -1. */
static int cmd_lab_load(const char *id, struct lab_page *pg)
{
	struct lab_diags ds = { .n = 0 };
	struct sbuf path = SBUF_INIT, labdir = SBUF_INIT;
	int i, rc;

	if (!deck_lab_id_valid(id)) {
		msg_error("invalid lab id '%s' (" DECK_LAB_ID_HELP ")", id);
		return -1;
	}
	lab_find(id, &path, &labdir);
	rc = lab_parse(path.buf, labdir.buf, pg, &ds);
	sbuf_release(&labdir);
	if (rc < 0 && ds.n && ds.d[0].line == 0 && errno == ENOENT) {
		msg_error("unknown lab '%s' (no page %s)", id, path.buf);
	} else if (rc < 0 && ds.n && ds.d[0].line == 0) {
		msg_error("%s: %s", path.buf, ds.d[0].msg);
	} else if (rc < 0) {
		for (i = 0; i < ds.n; i++)
			msg_at(path.buf, ds.d[i].line ? ds.d[i].line : 1,
			       ds.d[i].error ? "error" : "warning", "%s",
			       ds.d[i].msg);
		msg_error("lab page '%s' is not valid", path.buf);
	}
	sbuf_release(&path);
	if (rc < 0)
		lab_page_release(pg);
	return rc;
}

/* ---- list ---- */

struct cmd_lab_links {
	const char *id;
	struct sbuf keys;
};

static int cmd_lab_link_fn(void *arg, const struct store_card *c)
{
	struct cmd_lab_links *l = arg;

	if (c->lab && !strcmp(c->lab, l->id))
		sbuf_addf(&l->keys, "%s%s", l->keys.len ? "," : "", c->key);
	return 0;
}

/* Without a collection: the bundled decks' cards that link to @l->id. */
static void cmd_lab_links_bundled(const struct deckset *set,
				  struct cmd_lab_links *l)
{
	size_t i, j;

	for (i = 0; i < set->n; i++)
		for (j = 0; j < set->decks[i].ncards; j++) {
			const struct deck_card *c = &set->decks[i].cards[j];

			if (c->lab && !strcmp(c->lab, l->id))
				sbuf_addf(&l->keys, "%s%s", l->keys.len ?
					  "," : "", c->key);
		}
}

/*
 * One page's line: on a terminal aligned columns, piped tab-separated
 * fields (id, kind, last results, title, linking card keys).
 */
static void cmd_lab_list_one(struct store *s, const struct deckset *set,
			     const char *id, int tty)
{
	struct lab_page pg = { 0 };
	struct cmd_lab_links l = { id, SBUF_INIT };
	char verdict[128] = "", err[256];

	if (cmd_lab_load(id, &pg) < 0) {
		msg_print(tty ? "%-26s %-8s %-9s %s\n" :
			  "%s\t%s\t%s\t%s\t\n", id, "?", "-",
			  "(invalid page)");
		return;
	}
	if (s) {
		struct store_filter f = { .lab = id };

		store_cards_each(s, &f, cmd_lab_link_fn, &l, err,
				 sizeof(err));
		store_lab_run_modes(s, id, verdict, sizeof(verdict), err,
				    sizeof(err));
	} else {
		cmd_lab_links_bundled(set, &l);
	}
	if (tty)
		msg_print("%-26s %-8s %-9s %s  [cards: %s]\n", id,
			  lab_kind_name(pg.kind), *verdict ? verdict : "-",
			  pg.title, l.keys.len ? l.keys.buf : "none");
	else
		msg_print("%s\t%s\t%s\t%s\t%s\n", id, lab_kind_name(pg.kind),
			  *verdict ? verdict : "-", pg.title,
			  l.keys.len ? l.keys.buf : "");
	sbuf_release(&l.keys);
	lab_page_release(&pg);
}

static int cmd_lab_list(void)
{
	struct deckset set = DECKSET_INIT;
	char err[512], **ids;
	struct store *s;
	size_t n, i;
	int tty;

	ids = lab_ids(&n);
	if (!ids) {
		msg_error("no lab pages in '%s'", paths_in_home("labs"));
		return EXIT_USAGE;
	}
	s = store_open(paths_db(), 0, err, sizeof(err));
	if (!s) {
		char *cards = xstrdup(paths_in_home("cards"));

		msg_info("no collection: links from the bundled cards, no "
			 "results (%s)", err);
		if (deckset_load(&set, &cards, 1, err, sizeof(err)) < 0)
			msg_warn("%s", err);
		free(cards);
	}
	tty = isatty(STDOUT_FILENO);
	if (tty)
		printf("%-26s %-8s %-9s %s\n", "ID", "KIND", "LAST", "TITLE");
	for (i = 0; i < n; i++)
		cmd_lab_list_one(s, &set, ids[i], tty);
	deckset_release(&set);
	store_close(s);
	dir_list_free(ids);
	return EXIT_OK;
}

/* ---- show ---- */

static int cmd_lab_show(const char *id)
{
	struct render_doc doc = RENDER_DOC_INIT;
	struct sbuf out = SBUF_INIT, head = SBUF_INIT;
	struct render_opts ro = { 0 };
	struct lab_page pg = { 0 };
	int i, flags = 0;

	if (cmd_lab_load(id, &pg) < 0)
		return EXIT_USAGE;
	ro.width = term_width(STDOUT_FILENO);
	if (term_color_wanted(STDOUT_FILENO))
		flags |= TERM_ANSI;
	if (term_ascii_wanted())
		flags |= TERM_ASCII;
	ro.ascii = !!(flags & TERM_ASCII);
	render_doc_add_text(&doc, pg.title, RS_HEADING | RS_BOLD);
	sbuf_addf(&head, "%s  [%s lab]  memdrill lab %s %s", pg.id,
		  lab_kind_name(pg.kind), pg.kind == LAB_EXERCISE ? "start" :
		  "run", pg.id);
	render_doc_add_text(&doc, head.buf, RS_DIM);
	sbuf_reset(&head);
	for (i = 0; i < pg.npredict; i++)
		sbuf_addf(&head, "%s- %s\n", i ? "" :
			  "**Predict before you run it:**\n\n",
			  pg.predict[i].question);
	if (pg.npredict) {
		render_doc_add_blank(&doc);
		render_markdown(head.buf, head.len, &ro, &doc);
	}
	render_doc_add_blank(&doc);
	render_markdown(pg.prose, strlen(pg.prose), &ro, &doc);
	term_doc(&out, &doc, 0, ro.width, flags);
	fwrite(out.buf, 1, out.len, stdout);
	render_doc_release(&doc);
	sbuf_release(&out);
	sbuf_release(&head);
	lab_page_release(&pg);
	return EXIT_OK;
}

/* ---- actions ---- */

/* The registry of kmod actions (engine/kmod-actions.h), one a line. */
static int cmd_lab_actions(int argc, char **argv)
{
	size_t i;

	(void)argv;
	if (argc != 1)
		return cmd_usage(&cmd_lab_entry);
	printf("%-10s %-15s %-12s %s\n", "MODULE", "ACTION", "HELPER", "WHAT");
	for (i = 0; i < lab_nactions; i++)
		printf("%-10s %-15s %-12s %s\n", lab_actions[i].module,
		       lab_actions[i].action, lab_actions[i].helper ?
		       lab_actions[i].helper : "-", lab_actions[i].what);
	return EXIT_OK;
}

/* ---- run ---- */

/* lab_runs.verdict for each labrun verdict. */
static const char *const cmd_lab_verdicts[] = {
	[LABRUN_PASS] = "pass",
	[LABRUN_FAIL] = "fail",
	[LABRUN_NOT_RUN] = "error",
};

/* Ask before a module is loaded into the running kernel (no --yes). */
static int cmd_lab_confirm(void *ctx, const char *what)
{
	char ans[16];

	(void)ctx;
	printf("%s\ncontinue? [y/N] ", what);
	fflush(stdout);
	if (!fgets(ans, sizeof(ans), stdin))
		return 0;
	return ans[0] == 'y' || ans[0] == 'Y';
}

/* On a terminal: ask each Predict question before the lab runs. */
static void cmd_lab_ask(const struct lab_page *pg, struct lab_guesses *g)
{
	int i;

	g->n = 0;
	for (i = 0; i < pg->npredict; i++) {
		msg_print("predict: %s\n  your answer: ",
			  pg->predict[i].question);
		fflush(stdout);
		if (!fgets(g->text[i], sizeof(g->text[i]), stdin))
			break;
		g->text[i][strcspn(g->text[i], "\n")] = '\0';
		g->n++;
	}
}

static void cmd_lab_predictions(const struct lab_page *pg,
				const struct lab_guesses *g)
{
	int i;

	for (i = 0; i < pg->npredict; i++) {
		msg_print("predict: %s\n", pg->predict[i].question);
		if (i < g->n)
			msg_print("  you said: %s\n", g->text[i]);
		msg_print("  answer: %s\n", pg->predict[i].answer);
	}
}

/* "== ID: Title [kind, mode]", before the lab's output. */
static void cmd_lab_header(const struct lab_page *pg,
			   enum labrun_runner runner)
{
	msg_print("== %s: %s [%s, %s]\n", pg->id, pg->title,
	       lab_kind_name(pg->kind), labrun_runner_mode(runner));
	fflush(stdout);
}

static void cmd_lab_record(const struct lab_page *pg,
			   const struct labrun_result *res)
{
	struct timespec now;
	struct event e = { .kind = EVENT_LAB };
	char err[512];
	struct store *s = store_open(paths_db(), STORE_CREATE, err,
				     sizeof(err));

	clock_gettime(CLOCK_REALTIME, &now);
	e.time_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000 -
		res->ms;
	snprintf(e.subject, sizeof(e.subject), "%s", pg->id);
	snprintf(e.mode, sizeof(e.mode), "%s",
		 labrun_runner_mode(res->runner));
	snprintf(e.verdict, sizeof(e.verdict), "%s",
		 cmd_lab_verdicts[res->verdict]);
	e.duration_ms = res->ms;
	if (!s || store_event_add(s, &e, NULL, NULL, err, sizeof(err)) < 0)
		msg_warn("the run was not recorded: %s", err);
	store_close(s);
}

/* Print @text's lines indented, as a terminal may show them. */
static void cmd_lab_lines(const char *text, const char *indent)
{
	struct sbuf line = SBUF_INIT;
	const char *p, *nl;

	for (p = text; *p; p = nl + 1) {
		int col = 0;

		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		sbuf_reset(&line);
		utf8_sanitize(&line, p, (size_t)(nl - p), &col);
		printf("%s%s\n", indent, line.buf);
		if (!*nl)
			break;
	}
	sbuf_release(&line);
}

/*
 * An exercise's verdict: the first check that failed (or the build),
 * the page's hint for it and the messages that matter.
 */
static void cmd_lab_exercise_verdict(const struct labrun_result *res)
{
	const struct labrun_check *c = res->first_failed >= 0 ?
				       &res->checks[res->first_failed] : NULL;

	if (res->verdict == LABRUN_PASS)
		printf("verdict: pass (%lld ms)\n", res->ms);
	else if (res->build_failed)
		printf("verdict: FAIL: it does not build\n");
	else if (c)
		printf("verdict: FAIL: check %d, %s /%s/, did not hold "
		       "(%lld ms)\n", res->first_failed + 1, c->forbid ?
		       "forbid" : "expect", c->re, res->ms);
	else
		printf("verdict: FAIL (%lld ms)\n", res->ms);
	if (res->verdict == LABRUN_PASS)
		return;
	if (res->hint)
		printf("hint: %s\n", res->hint);
	if (res->notes.len) {
		printf("what matters:\n");
		cmd_lab_lines(res->notes.buf, "  ");
	}
}

/* The output, each expectation, the predictions, the verdict; record. */
static void cmd_lab_report(const struct lab_page *pg,
			   const struct labrun_result *res,
			   const struct lab_guesses *g)
{
	const struct sbuf *out = &res->out;
	int i;

	msg_write(stdout, out->buf, out->len);
	if (res->verdict == LABRUN_NOT_RUN) {
		msg_print("verdict: could not run: %s\n", res->reason);
	} else {
		if (out->len && out->buf[out->len - 1] != '\n')
			putchar('\n');
		if (res->build_failed)
			printf("build: FAILED\n");
		for (i = 0; i < res->nchecks; i++)
			msg_print("%s /%s/: %s\n", res->checks[i].forbid ?
				  "forbid" : "expect", res->checks[i].re,
			       res->checks[i].ok ? "ok" : "FAILED");
		cmd_lab_predictions(pg, g);
		if (pg->kind == LAB_EXERCISE)
			cmd_lab_exercise_verdict(res);
		else
			printf("verdict: %s (%lld ms)\n", res->verdict ==
			       LABRUN_PASS ? "pass" : "FAIL: an expectation "
			       "did not hold", res->ms);
	}
	fflush(stdout);
	cmd_lab_record(pg, res);
}

static int cmd_lab_exit(enum labrun_verdict v)
{
	return v == LABRUN_PASS ? EXIT_OK : v == LABRUN_FAIL ? EXIT_FINDING :
	       EXIT_USAGE;
}

/* ---- exercises: start, solution, verify ---- */

static int cmd_lab_has_copy(const struct lab_page *pg)
{
	struct sbuf p = SBUF_INIT;
	int ok;

	exercise_workspace(pg, &p);
	ok = !access(p.buf, F_OK);
	sbuf_release(&p);
	return ok;
}

/* Copy the skeleton (unless kept), print the task, the path, the check. */
static int cmd_lab_start_page(const struct lab_page *pg, int fresh)
{
	struct sbuf path = SBUF_INIT, task = SBUF_INIT;
	char reason[1024];
	int rc = exercise_start(pg, fresh, &path, reason, sizeof(reason));

	if (rc < 0) {
		msg_error("cannot start exercise '%s': %s", pg->id, reason);
		sbuf_release(&path);
		return EXIT_USAGE;
	}
	printf("== %s: %s [exercise, %s]\n", pg->id, pg->title,
	       pg->exercise == LAB_EX_MODULE ? "kernel module" :
	       "userland program");
	exercise_task(pg, &task);
	if (task.len) {
		printf("\n");
		cmd_lab_lines(task.buf, "");
		printf("\n");
	}
	printf("%s: %s\n", rc ? "your copy" : "your copy (kept; --fresh "
	       "replaces it with the skeleton)", path.buf);
	printf("check it:   memdrill lab run %s   (builds it and runs it in "
	       "the lab VM)\n", pg->id);
	printf("stuck?      memdrill lab solution %s   (the reference, as a "
	       "diff)\n", pg->id);
	sbuf_release(&path);
	sbuf_release(&task);
	return EXIT_OK;
}

/* Load @id and refuse a page that is not an exercise. */
static int cmd_lab_load_exercise(const char *id, struct lab_page *pg)
{
	if (cmd_lab_load(id, pg) < 0)
		return -1;
	if (pg->kind == LAB_EXERCISE)
		return 0;
	msg_error("lab '%s' is a %s lab, not an exercise", id,
		  lab_kind_name(pg->kind));
	lab_page_release(pg);
	return -1;
}

static int cmd_lab_start(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fresh", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct lab_page pg = { 0 };
	int ch, fresh = 0, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'f')
			return cmd_usage(&cmd_lab_entry);
		fresh = 1;
	}
	if (optind != argc - 1)
		return cmd_usage(&cmd_lab_entry);
	if (cmd_lab_load_exercise(argv[optind], &pg) < 0)
		return EXIT_USAGE;
	rc = cmd_lab_start_page(&pg, fresh);
	lab_page_release(&pg);
	return rc;
}

static int cmd_lab_solution(int argc, char **argv)
{
	struct lab_page pg = { 0 };
	struct sbuf out = SBUF_INIT;
	char reason[1024];
	int had;

	if (argc != 2)
		return cmd_usage(&cmd_lab_entry);
	if (cmd_lab_load_exercise(argv[1], &pg) < 0)
		return EXIT_USAGE;
	if (exercise_solution(&pg, &out, &had, reason, sizeof(reason)) < 0) {
		msg_error("cannot show the solution of '%s': %s", pg.id,
			  reason);
		lab_page_release(&pg);
		return EXIT_USAGE;
	}
	if (!had)
		printf("(no copy of yours yet: the whole reference)\n");
	else if (!out.len)
		printf("(your copy is the reference solution)\n");
	cmd_lab_lines(out.buf, "");
	sbuf_release(&out);
	lab_page_release(&pg);
	return EXIT_OK;
}

static void cmd_lab_verify_each(void *arg, size_t i,
				const struct labrun_result *sol,
				const struct labrun_result *skel,
				const char *why)
{
	const struct lab_page *pages = arg;
	const struct labrun_result *bad = NULL;

	printf("%-24s %s", pages[i].id, *why ? "FAILED: " : "ok");
	if (*why)
		printf("%s", why);
	else
		printf(" (solution passes; skeleton fails check %d)",
		       skel->first_failed + 1);
	printf("\n");
	if (!*why)
		return;
	bad = sol->verdict != LABRUN_PASS ? sol : skel;
	if (bad->verdict == LABRUN_NOT_RUN)
		cmd_lab_lines(bad->reason, "  ");
	else if (bad == sol && sol->first_failed >= 0)
		printf("  solution: check %d, /%s/, did not hold\n",
		       sol->first_failed + 1,
		       sol->checks[sol->first_failed].re);
	if (bad->notes.len)
		cmd_lab_lines(bad->notes.buf, "  ");
	if (bad->out.len && bad->verdict != LABRUN_NOT_RUN) {
		printf("  output:\n");
		cmd_lab_lines(bad->out.buf, "    ");
	}
}

/*
 * verify [ID...]: each exercise's solution passes and its untouched
 * skeleton fails with the page's Skeleton-fails check; one boot.
 */
static int cmd_lab_verify(int argc, char **argv)
{
	struct labrun_opts o = { .progress = cmd_progress };
	struct lab_page *pages;
	size_t n = 0, i, good, nids;
	char **ids = NULL;
	int bad = 0;

	if (argc > 1 && argv[1][0] == '-')
		return cmd_usage(&cmd_lab_entry);
	if (argc == 1)
		ids = lab_ids(&nids);
	else
		nids = (size_t)argc - 1;
	pages = xcalloc(nids ? nids : 1, sizeof(*pages));
	for (i = 0; i < nids; i++) {
		const char *id = argc == 1 ? ids[i] : argv[i + 1];

		if (cmd_lab_load(id, &pages[n]) < 0) {
			bad++;
			continue;
		}
		if (pages[n].kind == LAB_EXERCISE) {
			n++;
			continue;
		}
		if (argc > 1) {
			msg_error("lab '%s' is not an exercise", id);
			bad++;
		}
		lab_page_release(&pages[n]);
	}
	dir_list_free(ids);
	if (!n && !bad)
		msg_error("no exercise pages in '%s'", paths_in_home("labs"));
	good = n ? exercise_verify(pages, n, &o, cmd_lab_verify_each, pages) :
	       0;
	printf("exercises: %zu hold, %zu do not, %d invalid\n", good,
	       n - good, bad);
	for (i = 0; i < n; i++)
		lab_page_release(&pages[i]);
	free(pages);
	return bad || !n ? EXIT_USAGE : good == n ? EXIT_OK : EXIT_FINDING;
}

static int cmd_lab_run_one(const char *id, const struct labrun_opts *o,
			   int ask)
{
	struct labrun_result res = LABRUN_RESULT_INIT;
	struct lab_guesses g = { .n = 0 };
	struct lab_page pg = { 0 };
	enum labrun_runner runner;
	enum labrun_verdict v;
	int ignored;

	if (cmd_lab_load(id, &pg) < 0)
		return EXIT_USAGE;
	if (pg.kind == LAB_EXERCISE && !cmd_lab_has_copy(&pg)) {
		/* nothing to check yet: the run starts the exercise */
		int rc;

		printf("no copy of exercise '%s' yet: starting it\n", id);
		rc = cmd_lab_start_page(&pg, 0);
		lab_page_release(&pg);
		return rc;
	}
	runner = labrun_runner(&pg, o->mode, &ignored);
	if (ignored)
		msg_warn("%s applies to kmod labs%s; '%s' is a %s lab",
			 o->mode == LABRUN_MODE_VM ? "--vm" : "--host",
			 o->mode == LABRUN_MODE_VM ? "" : " and sim labs", id,
			 lab_kind_name(pg.kind));
	cmd_lab_header(&pg, runner);
	if (ask)
		cmd_lab_ask(&pg, &g);
	v = labrun_page(&pg, o, &res);
	cmd_lab_report(&pg, &res, &g);
	labrun_result_release(&res);
	lab_page_release(&pg);
	return cmd_lab_exit(v);
}

/* What --all counts while the engine runs its pages. */
struct cmd_lab_all {
	const struct lab_page *pages;
	int npass, nfail, nerr;
};

static void cmd_lab_all_each(void *arg, size_t i,
			     const struct labrun_result *res)
{
	static const struct lab_guesses none = { .n = 0 };
	struct cmd_lab_all *all = arg;

	cmd_lab_header(&all->pages[i], res->runner);
	cmd_lab_report(&all->pages[i], res, &none);
	all->npass += res->verdict == LABRUN_PASS;
	all->nfail += res->verdict == LABRUN_FAIL;
	all->nerr += res->verdict == LABRUN_NOT_RUN;
}

/*
 * --all: every lab (with --vm, the labs the VM runs); the engine boots
 * the VM once for the kmod labs that can share a boot.  Worst verdict
 * wins.
 */
static int cmd_lab_run_all(const struct labrun_opts *o)
{
	struct cmd_lab_all all = { NULL, 0, 0, 0 };
	struct lab_page *pages;
	size_t n, i, np = 0;
	char **ids = lab_ids(&n);

	if (!ids) {
		msg_error("no lab pages in '%s'", paths_in_home("labs"));
		return EXIT_USAGE;
	}
	pages = xcalloc(n, sizeof(*pages));
	for (i = 0; i < n; i++) {
		if (cmd_lab_load(ids[i], &pages[np]) < 0) {
			all.nerr++;
			continue;
		}
		if (pages[np].kind == LAB_EXERCISE ||
		    (o->mode == LABRUN_MODE_VM &&
		     labrun_runner(&pages[np], o->mode, NULL) != LABRUN_BY_VM))
			lab_page_release(&pages[np]);
		else
			np++;
	}
	dir_list_free(ids);
	all.pages = pages;
	labrun_pages(pages, np, o, cmd_lab_all_each, &all);
	for (i = 0; i < np; i++)
		lab_page_release(&pages[i]);
	free(pages);
	printf("labs: %d passed, %d failed, %d could not run\n", all.npass,
	       all.nfail, all.nerr);
	return cmd_lab_exit(all.nfail ? LABRUN_FAIL : all.nerr ?
			    LABRUN_NOT_RUN : LABRUN_PASS);
}

static int cmd_lab_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vm", no_argument, NULL, 'v' },
		{ "host", no_argument, NULL, 'H' },
		{ "yes", no_argument, NULL, 'y' },
		{ "all", no_argument, NULL, 'a' },
		{ "accel", required_argument, NULL, 'A' },
		{ "trace", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct labrun_opts o = {
		.mode = LABRUN_MODE_DEFAULT,
		.confirm = cmd_lab_confirm,
		.progress = cmd_progress,
	};
	int ch, all = 0;

	while ((ch = getopt_long(argc, argv, "y", opts, NULL)) != -1) {
		if (ch == 'v' || ch == 'H') {
			if (o.mode != LABRUN_MODE_DEFAULT)
				return cmd_usage(&cmd_lab_entry);
			o.mode = ch == 'v' ? LABRUN_MODE_VM : LABRUN_MODE_HOST;
		} else if (ch == 'y') {
			o.confirm = NULL;
		} else if (ch == 'a') {
			all = 1;
		} else if (ch == 't') {
			o.trace = 1;
		} else if (ch == 'A' && (!strcmp(optarg, "auto") ||
					 !strcmp(optarg, "kvm") ||
					 !strcmp(optarg, "tcg"))) {
			o.accel = optarg;
		} else {
			return cmd_usage(&cmd_lab_entry);
		}
	}
	if (all && optind == argc)
		return cmd_lab_run_all(&o);
	if (all || optind != argc - 1)
		return cmd_usage(&cmd_lab_entry);
	return cmd_lab_run_one(argv[optind], &o,
			       isatty(STDIN_FILENO) && isatty(STDOUT_FILENO));
}

static int cmd_lab_list_exec(int argc, char **argv)
{
	(void)argv;
	return argc == 1 ? cmd_lab_list() : cmd_usage(&cmd_lab_entry);
}

static int cmd_lab_show_exec(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--"))
		return cmd_lab_show(argv[2]);
	return argc == 2 ? cmd_lab_show(argv[1]) : cmd_usage(&cmd_lab_entry);
}

static const struct cmd_sub cmd_lab_subs[] = {
	{ "list", "", "every lab page: id, kind, last result in each mode\n"
	  "(sim:pass,vm:fail; could not run only when the mode has no\n"
	  "verdict), title and the cards that link to it; piped:\n"
	  "tab-separated, no header", cmd_lab_list_exec },
	{ "show", "ID", "the page rendered: what to predict, watch, why",
	  cmd_lab_show_exec },
	{ "actions", "", "the kmod actions memdrill ships: module, action,\n"
	  "the VM helper it runs, what it does", cmd_lab_actions },
	{ "run", "(ID | --all) [--vm | --host] [--accel auto|kvm|tcg] "
	  "[--yes] [--trace]", "run the lab, print its output, each "
	  "expectation\nand prediction, and a verdict; the run is recorded\n"
	  "in the collection (time, mode, verdict, duration)", cmd_lab_run },
	{ "start", "ID [--fresh]", "an exercise: copy its skeleton to your\n"
	  "workspace (kept if there), print the task, the path\n"
	  "and how to check it", cmd_lab_start },
	{ "solution", "ID", "an exercise's reference solution, as a diff\n"
	  "against your copy", cmd_lab_solution },
	{ "verify", "[ID...]", "every exercise (or those named): its solution\n"
	  "passes and its skeleton fails the check its page\n"
	  "names, in one VM boot", cmd_lab_verify },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd_entry cmd_lab_entry = {
	.name = "lab",
	.summary = "list, read and run labs",
	.help =
	"Options of run:\n"
	"  --vm            kmod labs: run in a throwaway qemu VM (default)\n"
	"  --host          kmod labs: build and load the module into this\n"
	"                  kernel; refused without module support, under\n"
	"                  lockdown, without headers or without root.\n"
	"                  sim labs: run the scenario with real processes\n"
	"                  beside the simulator; pass when they agree\n"
	"  --accel A       the VM's accelerator: auto (default: KVM when\n"
	"                  /dev/kvm opens, TCG when a KVM boot prints\n"
	"                  nothing within 5 s, remembered in build/vm/\n"
	"                  kvm-hangs), kvm or tcg; also MEMDRILL_VM_ACCEL\n"
	"  -y, --yes       do not ask before loading a module (--host)\n"
	"  --trace         sim labs: add the simulator's events and their\n"
	"                  kernel call paths to the output (the Expect lines\n"
	"                  are matched without them)\n"
	"  --all           run every lab (with --vm, every kmod lab); kmod\n"
	"                  labs share a VM boot when their Boot arguments\n"
	"                  agree\n"
	"\n"
	"On a terminal, run ID first asks the page's Predict questions and\n"
	"shows your answers next to the right ones after the run.\n"
	"sim labs run a scenario in the simulator; host labs run a userland\n"
	"probe (fault counting, COW, MAP_POPULATE, memcg OOM) in a child, or\n"
	"a scenario with real processes compared with the simulator.\n"
	"Exercises (kind exercise): start copies the skeleton to\n"
	"$XDG_DATA_HOME/memdrill/exercises/ID/; run builds your copy and\n"
	"runs it in the VM only (two CPUs, watchdogs), then names the first\n"
	"check that failed, its hint, and the build errors, oops or SLUB\n"
	"report that matter; --fresh (start) replaces your copy.\n"
	"Exit status: 0 pass, 1 an expectation failed, 2 could not run.\n",
	.subs = cmd_lab_subs,
};
