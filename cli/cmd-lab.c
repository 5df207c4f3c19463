// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-lab.c - `memdrill lab list | show ID | run ID|--all [--vm|--host]`.
 * list: every page in the bundled labs/ folder with its kind, last result
 * and the cards linking to it.  show: the page rendered.  run: the lab by
 * kind (sim: the scenario through libmmsim; kmod: the VM runner, or the
 * host kernel with --host; host: a labhost.c probe), then each Expect
 * regex against the output, the predictions, a verdict, and a lab_runs
 * row.  Exit 0 pass, 1 an expectation failed, 2 could not run.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/deckset.h"
#include "core/render.h"
#include "core/store.h"
#include "core/term.h"
#include "engine/kmodhost.h"
#include "engine/lab.h"
#include "engine/labhost.h"
#include "engine/labvm.h"
#include "engine/simhost.h"
#include "sim/scn.h"	/* libmmsim's scenario interpreter */
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

enum { RUN_PASS, RUN_FAIL, RUN_ERROR };
enum { MODE_DEFAULT, MODE_VM, MODE_HOST };

struct lab_opts {
	int mode;		/* MODE_* for kmod labs */
	int yes;		/* no confirmation before loading a module */
	int ask;		/* ask the Predict questions first (a tty) */
	const char *accel;	/* --accel: auto, kvm, tcg (NULL: default) */
	/*
	 * --all --vm: one boot ran every shipped module action; its console
	 * (or, when it could not run, the reason) serves every kmod page.
	 */
	const struct sbuf *vm_console;
	const char *vm_reason;
};

/*
 * A sim page run with --host: its scenario runs with real processes beside
 * the simulator (cmd_lab_run_host_scn) and passes when they agree.
 */
static int cmd_lab_sim_on_host(const struct lab_page *pg,
			       const struct lab_opts *o)
{
	return pg->kind == LAB_SIM && o->mode == MODE_HOST;
}

/* The learner's answers to a page's Predict questions, when asked. */
struct lab_guesses {
	char text[LAB_MAX_LIST][256];
	int n;
};

static const char *const cmd_lab_verdicts[] = { "pass", "fail", "error" };

static long long cmd_lab_now_ms(int monotonic)
{
	struct timespec ts;

	clock_gettime(monotonic ? CLOCK_MONOTONIC : CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int cmd_lab_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted ids of every page (*.md) in @dir; NULL-terminated, owned. */
static char **cmd_lab_ids(const char *dir, size_t *n)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	char **ids = NULL;
	size_t alloc = 0;

	*n = 0;
	if (!dp)
		return NULL;
	while ((de = readdir(dp))) {
		size_t len = strlen(de->d_name);

		if (len < 4 || strcmp(de->d_name + len - 3, ".md") ||
		    de->d_name[0] == '.' || !strcmp(de->d_name, "README.md"))
			continue;
		ids = xgrow(ids, &alloc, *n + 2, sizeof(*ids));
		ids[(*n)++] = xstrndup(de->d_name, len - 3);
	}
	closedir(dp);
	if (ids) {
		qsort(ids, *n, sizeof(*ids), cmd_lab_cmp);
		ids[*n] = NULL;
	}
	return ids;
}

static void cmd_lab_free_ids(char **ids, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

/* Load labs/@id.md; print its diagnostics on failure.  0 or -1. */
static int cmd_lab_load(const char *id, struct lab_page *pg)
{
	struct lab_diags ds = { .n = 0 };
	struct sbuf path = SBUF_INIT;
	char labdir[4096];
	int i, rc;

	snprintf(labdir, sizeof(labdir), "%s", paths_in_home("labs"));
	if (!*id || strspn(id, "abcdefghijklmnopqrstuvwxyz0123456789_-") !=
	    strlen(id)) {
		msg_error("invalid lab id '%s' (use [a-z0-9_-])", id);
		return -1;
	}
	sbuf_addf(&path, "%s/%s.md", labdir, id);
	rc = lab_parse(path.buf, labdir, pg, &ds);
	if (rc < 0 && ds.n && ds.d[0].line == 0) {
		msg_error("unknown lab '%s' (no page %s)", id, path.buf);
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

static void cmd_lab_list_one(struct store *s, const struct deckset *set,
			     const char *id)
{
	struct lab_page pg = { 0 };
	struct cmd_lab_links l = { id, SBUF_INIT };
	char verdict[32] = "", err[256];
	int64_t t = 0;

	if (cmd_lab_load(id, &pg) < 0) {
		printf("%-26s %-4s %-5s %s\n", id, "?", "-", "(invalid page)");
		return;
	}
	if (s) {
		store_cards_each(s, NULL, cmd_lab_link_fn, &l, err,
				 sizeof(err));
		store_lab_run_last(s, id, verdict, sizeof(verdict), &t, err,
				   sizeof(err));
	} else {
		cmd_lab_links_bundled(set, &l);
	}
	printf("%-26s %-4s %-5s %s  [cards: %s]\n", id,
	       lab_kind_name(pg.kind), *verdict ? verdict : "-", pg.title,
	       l.keys.len ? l.keys.buf : "none");
	sbuf_release(&l.keys);
	lab_page_release(&pg);
}

static int cmd_lab_list(void)
{
	struct deckset set = DECKSET_INIT;
	char err[512], **ids;
	struct store *s;
	size_t n, i;

	ids = cmd_lab_ids(paths_in_home("labs"), &n);
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
	printf("%-26s %-4s %-5s %s\n", "ID", "KIND", "LAST", "TITLE");
	for (i = 0; i < n; i++)
		cmd_lab_list_one(s, &set, ids[i]);
	deckset_release(&set);
	store_close(s);
	cmd_lab_free_ids(ids, n);
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
	sbuf_addf(&head, "%s  [%s lab]  memdrill lab run %s", pg.id,
		  lab_kind_name(pg.kind), pg.id);
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

/* ---- run ---- */

/* The interpreter's output: everything but trace frames, one per line. */
static void cmd_lab_sim_out(void *ctx, enum scn_out_kind kind,
			    const char *text)
{
	struct sbuf *out = ctx;
	size_t n = strlen(text);

	if (kind == SCN_OUT_TRACE)
		return;
	sbuf_addstr(out, text);
	if (!n || text[n - 1] != '\n')
		sbuf_addch(out, '\n');
}

/*
 * sim kind: run labs/scenarios/NAME.scn through libmmsim in-process, then
 * add "scenario expects: N passed, M failed" so pages can check that the
 * scenario's own expect lines held.
 */
static int cmd_lab_run_sim(const struct lab_page *pg, struct sbuf *out,
			   char *reason, size_t rsz)
{
	struct sbuf path = SBUF_INIT, text = SBUF_INIT;
	struct scn *s;
	int rc = -1;

	sbuf_addf(&path, "%s/scenarios/%s.scn", paths_in_home("labs"),
		  pg->scenario);
	if (sbuf_read_file(&text, path.buf) < 0) {
		snprintf(reason, rsz, "cannot read scenario '%s': %s",
			 path.buf, strerror(errno));
		goto out_path;
	}
	s = xcalloc(1, sizeof(*s));
	scn_init(s, path.buf);
	s->out = cmd_lab_sim_out;
	s->ctx = out;
	if (scn_run_text(s, text.buf) < 0) {
		snprintf(reason, rsz, "%.200s:%d: %.280s", path.buf, s->line,
			 s->err);
	} else {
		sbuf_addf(out, "scenario expects: %d passed, %d failed\n",
			  s->passed, s->failed);
		rc = 0;
	}
	scn_free(s);
	free(s);
out_path:
	sbuf_release(&text);
	sbuf_release(&path);
	return rc;
}

/* Each host-mode item of the child below, as `sim check --host` shows it. */
static void cmd_lab_host_item(void *ctx, const struct simhost_item *it)
{
	printf("%s:%d: %s\n", (const char *)ctx, it->line, it->text);
}

/*
 * The child of cmd_lab_run_host_scn(): compare the scenario on the
 * simulator and on this kernel, writing to @fd; exit 0 agree, 1 differ,
 * 3 skipped (the reason is the last line).
 */
static void __attribute__((noreturn))
cmd_lab_host_scn_child(const char *path, int fd)
{
	struct simhost_opts o = { .check = 1, .verbose = 1 };
	struct simhost_result r;
	enum simhost_verdict v;

	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	close(fd);
	/* FILE:LINE in the output relative to the home, as in the page */
	if (!chdir(paths_home()))
		path += strlen(paths_home()) + 1;
	o.out = cmd_lab_host_item;
	o.ctx = (void *)path;
	v = simhost_run(path, &o, &r);
	if (v == SIMHOST_PASS && r.known)
		printf("host check: pass: the simulator and this kernel "
		       "agree, but for %d known host difference%s\n", r.known,
		       r.known == 1 ? "" : "s");
	else if (v == SIMHOST_PASS)
		printf("host check: pass: the simulator and this kernel "
		       "agree\n");
	else if (v == SIMHOST_ERROR)
		msg_at(path, r.line, "error", "host: %s", r.why);
	else if (v == SIMHOST_FAIL)
		printf("host check: FAIL: the simulator and this kernel "
		       "differ\n");
	else
		printf("%s\n", r.why);
	fflush(stdout);
	_exit(v == SIMHOST_PASS ? 0 : v == SIMHOST_SKIP ? 3 : 1);
}

/*
 * host kind with a Scenario: the scenario's process lines run with real
 * processes (simhost.c) beside the simulator, in a child whose output is
 * the lab's; every compared value is listed, agreeing or not.
 */
static int cmd_lab_run_host_scn(const struct lab_page *pg, struct sbuf *out,
				char *reason, size_t rsz)
{
	struct sbuf path = SBUF_INIT;
	char buf[4096];
	int fd[2], status = 0, rc = -1;
	ssize_t n;
	pid_t pid;

	sbuf_addf(&path, "%s/scenarios/%s.scn", paths_in_home("labs"),
		  pg->scenario);
	fflush(stdout);
	if (pipe(fd) < 0 || (pid = fork()) < 0) {
		snprintf(reason, rsz, "cannot start host mode: %s",
			 strerror(errno));
		goto out;
	}
	if (!pid) {
		close(fd[0]);
		cmd_lab_host_scn_child(path.buf, fd[1]);
	}
	close(fd[1]);
	while ((n = read(fd[0], buf, sizeof(buf))) > 0 ||
	       (n < 0 && errno == EINTR))
		if (n > 0)
			sbuf_add(out, buf, (size_t)n);
	close(fd[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) <= 1) {
		rc = 0;		/* ran: the Expect lines judge it */
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
		const char *last;

		sbuf_rtrim(out);
		last = strrchr(out->buf, '\n');
		snprintf(reason, rsz, "not run on this machine: %s",
			 last ? last + 1 : out->buf);
		sbuf_reset(out);
	} else {
		snprintf(reason, rsz, "host mode stopped before its verdict");
	}
out:
	sbuf_release(&path);
	return rc;
}

/* Does kmod/ ship the source of @module? */
static int cmd_lab_module_ships(const char *module)
{
	struct sbuf p = SBUF_INIT;
	int ok;

	sbuf_addf(&p, "%s/%s.c", paths_in_home("kmod"), module);
	ok = !access(p.buf, R_OK);
	sbuf_release(&p);
	return ok;
}

/* Ask before loading a module into the running kernel. */
static int cmd_lab_confirm(const struct lab_page *pg, const char *kdir)
{
	char ans[16];

	printf("will build %s.ko against %s, load it into this kernel, run "
	       "its '%s' action and unload it\n", pg->module, kdir,
	       pg->action);
	printf("continue? [y/N] ");
	fflush(stdout);
	if (!fgets(ans, sizeof(ans), stdin))
		return 0;
	return ans[0] == 'y' || ans[0] == 'Y';
}

/* kmod kind on the learner's kernel: refuse unless it is safe to. */
static int cmd_lab_run_kmod_host(const struct lab_page *pg,
				 const struct lab_opts *o, struct sbuf *out,
				 char *reason, size_t rsz)
{
	struct sbuf ko = SBUF_INIT;
	char kdir[4096];
	int rc = -1;

	if (labvm_action_helper(pg->module, pg->action)) {
		snprintf(reason, rsz, "'%s %s' runs the helper '%s' inside the "
			 "lab VM only; use --vm", pg->module, pg->action,
			 labvm_action_helper(pg->module, pg->action));
		return -1;
	}
	if (!cmd_lab_module_ships(pg->module)) {
		snprintf(reason, rsz, "module '%s' is not built (no kmod/%s.c "
			 "ships yet)", pg->module, pg->module);
		return -1;
	}
	if (labhost_kmod_ready(kdir, sizeof(kdir), reason, rsz) < 0)
		return -1;
	if (!o->yes && !cmd_lab_confirm(pg, kdir)) {
		snprintf(reason, rsz, "not confirmed: nothing was loaded");
		return -1;
	}
	if (kmodhost_build(kdir, pg->module, &ko, reason, rsz) == 0)
		rc = kmodhost_run(ko.buf, pg->module, pg->action, out, reason,
				  rsz);
	sbuf_release(&ko);
	return rc;
}

/*
 * kmod kind in a throwaway VM: the action's kernel log is the output.
 * Under --all the shared boot's console is used instead of a new boot.
 */
static int cmd_lab_run_kmod_vm(const struct lab_page *pg,
			       const struct lab_opts *o, struct sbuf *out,
			       char *reason, size_t rsz)
{
	struct labvm_action a = { pg->module, pg->action };
	struct sbuf console = SBUF_INIT;
	int rc = -1;

	if (!labvm_action_ships(pg->module, pg->action)) {
		snprintf(reason, rsz, "module '%s' is not built (no kmod/%s.c "
			 "ships yet)", pg->module, pg->module);
		goto out;
	}
	if (o->vm_reason) {
		snprintf(reason, rsz, "%s", o->vm_reason);
		goto out;
	}
	if (o->vm_console)
		sbuf_addstr(&console, o->vm_console->buf);
	else if (labvm_run(&a, 1, pg->boot, o->accel, &console, reason,
			   rsz) < 0)
		goto out;
	if (labvm_section(console.buf, a.module, a.action, out) < 0) {
		snprintf(reason, rsz, "the VM printed no output for %s %s",
			 a.module, a.action);
		goto out;
	}
	rc = 0;
out:
	sbuf_release(&console);
	return rc;
}

/* Run @pg by kind into @out; 0, or -1 with @reason (could not run). */
static int cmd_lab_execute(const struct lab_page *pg,
			   const struct lab_opts *o, struct sbuf *out,
			   char *reason, size_t rsz)
{
	switch (pg->kind) {
	case LAB_SIM:
		if (cmd_lab_sim_on_host(pg, o))
			return cmd_lab_run_host_scn(pg, out, reason, rsz);
		return cmd_lab_run_sim(pg, out, reason, rsz);
	case LAB_HOST:
		if (!pg->action)
			return cmd_lab_run_host_scn(pg, out, reason, rsz);
		return labhost_run(pg->action, out, reason, rsz);
	case LAB_KMOD:
		if (o->mode == MODE_HOST)
			return cmd_lab_run_kmod_host(pg, o, out, reason, rsz);
		return cmd_lab_run_kmod_vm(pg, o, out, reason, rsz);
	default:
		snprintf(reason, rsz, "the page has no kind");
		return -1;
	}
}

/* Check every Expect regex against @out; the number that failed. */
static int cmd_lab_expect(const struct lab_page *pg,
			  const struct lab_opts *o, const char *out)
{
	int i, failed = 0;
	regex_t re;

	if (cmd_lab_sim_on_host(pg, o)) {
		/* the page's Expect lines are about the simulator's output */
		int ok = strstr(out, "\nhost check: pass") != NULL;

		printf("expect /host check: pass/: %s\n", ok ? "ok" : "FAILED");
		return !ok;
	}
	for (i = 0; i < pg->nexpect; i++) {
		int ok = 0;

		if (!regcomp(&re, pg->expect[i], REG_EXTENDED | REG_NOSUB |
			     REG_NEWLINE)) {
			ok = !regexec(&re, out, 0, NULL, 0);
			regfree(&re);
		}
		printf("expect /%s/: %s\n", pg->expect[i], ok ? "ok" :
		       "FAILED");
		failed += !ok;
	}
	return failed;
}

/* On a terminal: ask each Predict question before the lab runs. */
static void cmd_lab_ask(const struct lab_page *pg, struct lab_guesses *g)
{
	int i;

	g->n = 0;
	for (i = 0; i < pg->npredict; i++) {
		printf("predict: %s\n  your answer: ", pg->predict[i].question);
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
		printf("predict: %s\n", pg->predict[i].question);
		if (i < g->n)
			printf("  you said: %s\n", g->text[i]);
		printf("  answer: %s\n", pg->predict[i].answer);
	}
}

static const char *cmd_lab_mode(const struct lab_page *pg,
				const struct lab_opts *o)
{
	if (pg->kind == LAB_SIM && o->mode != MODE_HOST)
		return "sim";
	if (pg->kind == LAB_HOST || o->mode == MODE_HOST)
		return "host";
	return "vm";
}

static void cmd_lab_record(const struct lab_page *pg, const char *mode,
			   int verdict, long long start, long long ms)
{
	char err[512];
	struct store *s = store_open(paths_db(), STORE_CREATE, err,
				     sizeof(err));

	if (!s || store_lab_run_add(s, pg->id, start, mode,
				    cmd_lab_verdicts[verdict], ms, err,
				    sizeof(err)) < 0)
		msg_warn("the run was not recorded: %s", err);
	store_close(s);
}

/* Run one loaded page end to end; RUN_*. */
static int cmd_lab_run_page(const struct lab_page *pg,
			    const struct lab_opts *o)
{
	long long start = cmd_lab_now_ms(0), t0 = cmd_lab_now_ms(1), ms;
	const char *mode = cmd_lab_mode(pg, o);
	struct lab_guesses g = { .n = 0 };
	struct sbuf out = SBUF_INIT;
	char reason[512] = "";
	int verdict;

	printf("== %s: %s [%s, %s]\n", pg->id, pg->title,
	       lab_kind_name(pg->kind), mode);
	if (o->ask)
		cmd_lab_ask(pg, &g);
	fflush(stdout);
	t0 = cmd_lab_now_ms(1);
	if (cmd_lab_execute(pg, o, &out, reason, sizeof(reason)) < 0) {
		fwrite(out.buf, 1, out.len, stdout);
		verdict = RUN_ERROR;
	} else {
		fwrite(out.buf, 1, out.len, stdout);
		if (out.len && out.buf[out.len - 1] != '\n')
			putchar('\n');
		verdict = cmd_lab_expect(pg, o, out.buf) ? RUN_FAIL :
			  RUN_PASS;
		cmd_lab_predictions(pg, &g);
	}
	ms = cmd_lab_now_ms(1) - t0;
	if (verdict == RUN_ERROR)
		printf("verdict: could not run: %s\n", reason);
	else
		printf("verdict: %s (%lld ms)\n", verdict == RUN_PASS ?
		       "pass" : "FAIL: an expectation did not hold", ms);
	fflush(stdout);
	cmd_lab_record(pg, mode, verdict, start, ms);
	sbuf_release(&out);
	return verdict;
}

static int cmd_lab_exit(int verdict)
{
	return verdict == RUN_PASS ? EXIT_OK : verdict == RUN_FAIL ?
	       EXIT_FINDING : EXIT_USAGE;
}

static int cmd_lab_run_one(const char *id, const struct lab_opts *o)
{
	struct lab_page pg = { 0 };
	int verdict;

	if (cmd_lab_load(id, &pg) < 0)
		return EXIT_USAGE;
	if ((pg.kind == LAB_HOST && o->mode != MODE_DEFAULT) ||
	    (pg.kind == LAB_SIM && o->mode == MODE_VM))
		msg_warn("%s applies to kmod labs%s; '%s' is a %s lab",
			 o->mode == MODE_VM ? "--vm" : "--host",
			 o->mode == MODE_VM ? "" : " and sim labs", id,
			 lab_kind_name(pg.kind));
	verdict = cmd_lab_run_page(&pg, o);
	lab_page_release(&pg);
	return cmd_lab_exit(verdict);
}

/*
 * --all --vm: boot once for every kmod page whose module ships, with the
 * union of their boot arguments; the pages then read their sections.
 */
static void cmd_lab_boot_all(char **ids, size_t n, struct sbuf *console,
			     char *reason, size_t rsz, struct lab_opts *o)
{
	struct labvm_action *a = xcalloc(n ? n : 1, sizeof(*a));
	struct lab_page *pg = xcalloc(n ? n : 1, sizeof(*pg));
	struct sbuf boot = SBUF_INIT;
	size_t i, na = 0;

	for (i = 0; i < n; i++) {
		if (cmd_lab_load(ids[i], &pg[i]) < 0 ||
		    pg[i].kind != LAB_KMOD ||
		    !labvm_action_ships(pg[i].module, pg[i].action))
			continue;
		a[na].module = pg[i].module;
		a[na++].action = pg[i].action;
		if (pg[i].boot && !strstr(boot.buf, pg[i].boot))
			sbuf_addf(&boot, " %s", pg[i].boot);
	}
	if (na && labvm_run(a, na, boot.buf, o->accel, console, reason,
			    rsz) < 0)
		o->vm_reason = reason;
	else
		o->vm_console = console;
	for (i = 0; i < n; i++)
		lab_page_release(&pg[i]);
	free(pg);
	free(a);
	sbuf_release(&boot);
}

/* --all: every lab (only kmod labs with --vm); worst verdict wins. */
static int cmd_lab_run_all(const struct lab_opts *opts)
{
	int worst = RUN_PASS, nfail = 0, nerr = 0, npass = 0;
	struct sbuf console = SBUF_INIT;
	struct lab_opts all = *opts, *o = &all;
	char reason[1024] = "";
	size_t n, i;
	char **ids = cmd_lab_ids(paths_in_home("labs"), &n);

	if (!ids) {
		msg_error("no lab pages in '%s'", paths_in_home("labs"));
		return EXIT_USAGE;
	}
	if (o->mode == MODE_VM)
		cmd_lab_boot_all(ids, n, &console, reason, sizeof(reason), o);
	for (i = 0; i < n; i++) {
		struct lab_page pg = { 0 };
		int v;

		if (cmd_lab_load(ids[i], &pg) < 0) {
			nerr++;
			continue;
		}
		if (o->mode == MODE_VM && pg.kind != LAB_KMOD) {
			lab_page_release(&pg);
			continue;
		}
		v = cmd_lab_run_page(&pg, o);
		npass += v == RUN_PASS;
		nfail += v == RUN_FAIL;
		nerr += v == RUN_ERROR;
		lab_page_release(&pg);
	}
	cmd_lab_free_ids(ids, n);
	sbuf_release(&console);
	printf("labs: %d passed, %d failed, %d could not run\n", npass, nfail,
	       nerr);
	if (nfail)
		worst = RUN_FAIL;
	else if (nerr)
		worst = RUN_ERROR;
	return cmd_lab_exit(worst);
}

static int cmd_lab_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "vm", no_argument, NULL, 'v' },
		{ "host", no_argument, NULL, 'H' },
		{ "yes", no_argument, NULL, 'y' },
		{ "all", no_argument, NULL, 'a' },
		{ "accel", required_argument, NULL, 'A' },
		{ NULL, 0, NULL, 0 },
	};
	struct lab_opts o = { .mode = MODE_DEFAULT };
	int ch, all = 0;

	while ((ch = getopt_long(argc, argv, "y", opts, NULL)) != -1) {
		if (ch == 'v' || ch == 'H') {
			if (o.mode != MODE_DEFAULT)
				return cmd_usage(&cmd_lab_entry);
			o.mode = ch == 'v' ? MODE_VM : MODE_HOST;
		} else if (ch == 'y') {
			o.yes = 1;
		} else if (ch == 'a') {
			all = 1;
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
	o.ask = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	if (all || optind != argc - 1)
		return cmd_usage(&cmd_lab_entry);
	return cmd_lab_run_one(argv[optind], &o);
}

static int cmd_lab_exec(int argc, char **argv)
{
	if (argc < 2)
		return cmd_usage(&cmd_lab_entry);
	if (!strcmp(argv[1], "list") && argc == 2)
		return cmd_lab_list();
	if (!strcmp(argv[1], "show") && argc == 3)
		return cmd_lab_show(argv[2]);
	if (!strcmp(argv[1], "run"))
		return cmd_lab_run(argc - 1, argv + 1);
	return cmd_usage(&cmd_lab_entry);
}

const struct cmd_entry cmd_lab_entry = {
	.name = "lab",
	.usage = "lab list | show ID | run (ID | --all) [--vm | --host] "
		 "[--accel auto|kvm|tcg] [--yes]",
	.summary = "list, read and run labs",
	.help =
	"  list            every lab page: id, kind, last result, title and\n"
	"                  the cards that link to it\n"
	"  show ID         the page rendered: what to predict, watch, why\n"
	"  run ID          run the lab, print its output, each expectation\n"
	"                  and prediction, and a verdict; the run is recorded\n"
	"                  in the collection (time, mode, verdict, duration)\n"
	"\n"
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
	"  --all           run every lab (with --vm: every kmod lab)\n"
	"\n"
	"On a terminal, run ID first asks the page's Predict questions and\n"
	"shows your answers next to the right ones after the run.\n"
	"sim labs run a scenario in the simulator; host labs run a userland\n"
	"probe (fault counting, COW, MAP_POPULATE, memcg OOM) in a child, or\n"
	"a scenario with real processes compared with the simulator.\n"
	"Exit status: 0 pass, 1 an expectation failed, 2 could not run.\n",
	.exec = cmd_lab_exec,
};
