// SPDX-License-Identifier: GPL-2.0
/*
 * labrun.c - run lab pages (see labrun.h): the runner decision, the
 * runners' glue, expectation checks, and the VM boots several pages share.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/exercise.h"
#include "engine/kmodhost.h"
#include "engine/labhost.h"
#include "engine/labrun.h"
#include "engine/labvm.h"
#include "engine/simhost.h"
#include "sim/rx.h"
#include "sim/scn.h"
#include "util/paths.h"
#include "util/xalloc.h"

static long long labrun_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void labrun_result_release(struct labrun_result *res)
{
	sbuf_release(&res->out);
	sbuf_release(&res->notes);
	memset(res, 0, sizeof(*res));
	sbuf_init(&res->out);
	sbuf_init(&res->notes);
	res->first_failed = -1;
}

enum labrun_runner labrun_runner(const struct lab_page *pg,
				 enum labrun_mode mode, int *ignored)
{
	enum labrun_runner r;
	int ign = 0;

	switch (pg->kind) {
	case LAB_EXERCISE:	/* --host: refused by exercise_run() */
		r = LABRUN_BY_EXERCISE;
		break;
	case LAB_KMOD:
		r = mode == LABRUN_MODE_HOST ? LABRUN_BY_KMOD_HOST :
		    LABRUN_BY_VM;
		break;
	case LAB_HOST:
		r = pg->action ? LABRUN_BY_PROBE : LABRUN_BY_SIM_HOST;
		ign = mode != LABRUN_MODE_DEFAULT;
		break;
	default:	/* LAB_SIM; a page without a kind never parses */
		r = mode == LABRUN_MODE_HOST ? LABRUN_BY_SIM_HOST :
		    LABRUN_BY_SIM;
		ign = mode == LABRUN_MODE_VM;
		break;
	}
	if (ignored)
		*ignored = ign;
	return r;
}

const char *labrun_runner_mode(enum labrun_runner runner)
{
	switch (runner) {
	case LABRUN_BY_SIM:
		return "sim";
	case LABRUN_BY_VM:
	case LABRUN_BY_EXERCISE:
		return "vm";
	default:
		return "host";
	}
}

/*
 * The scenario page @pg names, into @path: scenarios/NAME.scn in the
 * page's own folder (a lab folder on the search path), as lab_parse()
 * checked it.
 */
static void labrun_scenario_path(const struct lab_page *pg,
				 struct sbuf *path)
{
	const char *slash = pg->path ? strrchr(pg->path, '/') : NULL;

	if (slash)
		sbuf_addf(path, "%.*s/scenarios/%s.scn",
			  (int)(slash - pg->path), pg->path, pg->scenario);
	else
		sbuf_addf(path, "%s/scenarios/%s.scn", paths_in_home("labs"),
			  pg->scenario);
}

/* ---- sim: the scenario in libmmsim ---- */

struct labrun_sim_out {
	struct sbuf *out;	/* everything, as the learner sees it */
	struct sbuf *plain;	/* without events and trace frames */
	int trace;
	const struct scn *s;	/* for the line of an expect result */
	const char *name;	/* NAME.scn, for FILE:LINE */
	const char *text;	/* the scenario */
	size_t *starts;		/* offset of each line (1-based), nlines */
	int nlines;
	int why_line;		/* the comment block shown last */
};

/* Line @no of the scenario: its start, length without the newline. */
static const char *labrun_sim_line(const struct labrun_sim_out *so, int no,
				   size_t *len)
{
	const char *p = so->text + so->starts[no - 1];

	*len = strcspn(p, "\n");
	return p + strspn(p, " \t");
}

/*
 * An expect result's meaning: the comment block above it (over the
 * expect, show, ask and blank lines between), added to @out before the
 * first result it explains.
 */
static void labrun_sim_why(struct labrun_sim_out *so, int line)
{
	static const char *const skip[] = { "expect ", "show ", "ask " };
	int i = line - 1, first;
	size_t len, k;

	for (; i >= 1; i--) {
		const char *p = labrun_sim_line(so, i, &len);

		for (k = 0; k < 3; k++)
			if (!strncmp(p, skip[k], strlen(skip[k])))
				break;
		if (k == 3 && *p != '\n' && *p != '\0' && *p != '\r')
			break;
	}
	if (i < 1 || *labrun_sim_line(so, i, &len) != '#')
		return;
	for (first = i; first > 1 &&
	     *labrun_sim_line(so, first - 1, &len) == '#'; first--)
		;
	if (first == so->why_line)
		return;
	so->why_line = first;
	for (; first <= i; first++) {
		const char *p = labrun_sim_line(so, first, &len);

		sbuf_addf(so->out, "%.*s\n", (int)(len - (size_t)(p -
			  (so->text + so->starts[first - 1]))), p);
	}
}

static void labrun_sim_add(struct sbuf *sb, const char *text)
{
	size_t n = strlen(text);

	sbuf_addstr(sb, text);
	if (!n || text[n - 1] != '\n')
		sbuf_addch(sb, '\n');
}

/* The interpreter's output, one item per line; events only traced. */
static void labrun_sim_cb(void *ctx, enum scn_out_kind kind, const char *text)
{
	struct labrun_sim_out *so = ctx;
	int traced = kind == SCN_OUT_EVENT || kind == SCN_OUT_TRACE;

	if (traced && !so->trace)
		return;
	if ((kind == SCN_OUT_PASS || kind == SCN_OUT_FAIL) && so->s &&
	    so->s->line >= 1 && so->s->line <= so->nlines) {
		/*
		 * each expectation with its line and what it means, for
		 * the learner; Expect lines match the plain "ok: ..."
		 */
		labrun_sim_why(so, so->s->line);
		sbuf_addf(so->out, "%s:%d: ", so->name, so->s->line);
	}
	labrun_sim_add(so->out, text);
	if (!traced)
		labrun_sim_add(so->plain, text);
}

/* Index the lines of @so->text. */
static void labrun_sim_index(struct labrun_sim_out *so)
{
	const char *p = so->text;
	size_t alloc = 0;

	so->nlines = 0;
	for (;;) {
		so->starts = xgrow(so->starts, &alloc, (size_t)so->nlines + 1,
				   sizeof(*so->starts));
		so->starts[so->nlines++] = (size_t)(p - so->text);
		p = strchr(p, '\n');
		if (!p || !*++p)
			break;
	}
}

/*
 * Run labs/scenarios/NAME.scn through libmmsim in-process, then add
 * "scenario expects: N passed, M failed" so pages can check that the
 * scenario's own expect lines held.  @plain gets the same without the
 * trace and without the FILE:LINE and comment that @out gives each
 * expect result: what the Expect lines are matched against.
 */
static int labrun_sim(const struct lab_page *pg, const struct labrun_opts *o,
		      struct sbuf *out, struct sbuf *plain, char *reason,
		      size_t rsz)
{
	struct labrun_sim_out so = { out, plain, o->trace, NULL, NULL, NULL,
				     NULL, 0, 0 };
	struct sbuf path = SBUF_INIT, text = SBUF_INIT, name = SBUF_INIT;
	struct scn *s;
	int rc = -1;

	labrun_scenario_path(pg, &path);
	if (sbuf_read_file(&text, path.buf) < 0) {
		snprintf(reason, rsz, "cannot read scenario '%s': %s",
			 path.buf, strerror(errno));
		goto out_path;
	}
	sbuf_addf(&name, "%s.scn", pg->scenario);
	so.name = name.buf;
	so.text = text.buf;
	labrun_sim_index(&so);
	s = xcalloc(1, sizeof(*s));
	so.s = s;
	scn_init(s, path.buf);
	s->out = labrun_sim_cb;
	s->ctx = &so;
	s->trace = o->trace;
	if (scn_run_text(s, text.buf) < 0) {
		snprintf(reason, rsz, "%.200s:%d: %.280s", path.buf, s->line,
			 s->err);
	} else {
		char sum[64];

		snprintf(sum, sizeof(sum), "scenario expects: %d passed, %d "
			 "failed\n", s->passed, s->failed);
		sbuf_addstr(out, sum);
		sbuf_addstr(plain, sum);
		rc = 0;
	}
	scn_free(s);
	free(s);
out_path:
	free(so.starts);
	sbuf_release(&name);
	sbuf_release(&text);
	sbuf_release(&path);
	return rc;
}

/* ---- sim host: the scenario with real processes ---- */

/* Where host mode's items go: the page's output, FILE:LINE first. */
struct labrun_host {
	const char *path;	/* relative to the home, as in the page */
	struct sbuf *out;
};

static void labrun_host_item(void *ctx, const struct simhost_item *it)
{
	struct labrun_host *h = ctx;

	sbuf_addf(h->out, "%s:%d: %s\n", h->path, it->line, it->text);
}

/*
 * Host mode is the engine's own call now (simhost_run() prints nothing
 * and cleans up its processes, memcgs and files before it returns): the
 * items come through a callback, the verdict in struct simhost_result.
 */
enum labrun_verdict labrun_sim_host(const char *path,
				    const struct labrun_opts *o,
				    struct sbuf *out, char *reason,
				    size_t rsz)
{
	struct simhost_opts so = { .check = 1, .verbose = 1 };
	struct labrun_host h = { path, out };
	struct simhost_result r;
	size_t hl = strlen(paths_home());
	enum labrun_verdict v = LABRUN_NOT_RUN;

	(void)o;	/* host mode has no trace yet */
	if (!strncmp(path, paths_home(), hl) && path[hl] == '/')
		h.path = path + hl + 1;
	so.out = labrun_host_item;
	so.ctx = &h;
	switch (simhost_run(path, &so, &r)) {
	case SIMHOST_PASS:
		sbuf_addstr(out, "host check: pass: the simulator and this "
			    "kernel agree");
		if (r.known)
			sbuf_addf(out, ", but for %d known host "
				  "difference%s", r.known,
				  r.known == 1 ? "" : "s");
		sbuf_addch(out, '\n');
		v = LABRUN_PASS;
		break;
	case SIMHOST_FAIL:
		sbuf_addstr(out, "host check: FAIL: the simulator and this "
			    "kernel differ\n");
		v = LABRUN_FAIL;
		break;
	case SIMHOST_SKIP:
		snprintf(reason, rsz, "not run on this machine: %s", r.why);
		sbuf_reset(out);
		break;
	case SIMHOST_ERROR:
		snprintf(reason, rsz, "%s:%d: host: %s", h.path, r.line,
			 r.why);
		break;
	}
	simhost_result_release(&r);
	return v;
}

/* A scenario page on the host: it ran when host mode gave a verdict. */
static int labrun_scenario_on_host(const struct lab_page *pg,
				   const struct labrun_opts *o,
				   struct sbuf *out, char *reason, size_t rsz)
{
	struct sbuf path = SBUF_INIT;
	enum labrun_verdict v;

	labrun_scenario_path(pg, &path);
	v = labrun_sim_host(path.buf, o, out, reason, rsz);
	sbuf_release(&path);
	return v == LABRUN_NOT_RUN ? -1 : 0;
}

/* ---- kmod: the running kernel, or the VM ---- */

/* kmod page on the learner's kernel: refuse unless it is safe to. */
static int labrun_kmod_host(const struct lab_page *pg,
			    const struct labrun_opts *o, struct sbuf *out,
			    char *reason, size_t rsz)
{
	const struct lab_action *la = lab_action_find(pg->module, pg->action);
	struct sbuf ko = SBUF_INIT, what = SBUF_INIT;
	char kdir[4096];
	int rc = -1, go;

	if (la && la->helper) {
		snprintf(reason, rsz, "'%s %s' runs the helper '%s' inside the "
			 "lab VM only; use --vm", pg->module, pg->action,
			 la->helper);
		return -1;
	}
	if (!lab_kmod_source(pg->module)) {
		snprintf(reason, rsz, "module '%s' is not built (no kmod/%s.c "
			 "ships yet)", pg->module, pg->module);
		return -1;
	}
	if (labhost_kmod_ready(kdir, sizeof(kdir), reason, rsz) < 0)
		return -1;
	sbuf_addf(&what, "will build %s.ko against %s, load it into this "
		  "kernel, run its '%s' action and unload it", pg->module,
		  kdir, pg->action);
	go = !o->confirm || o->confirm(o->ctx, what.buf);
	sbuf_release(&what);
	if (!go) {
		snprintf(reason, rsz, "not confirmed: nothing was loaded");
		return -1;
	}
	if (kmodhost_build(kdir, pg->module, &ko, reason, rsz) == 0)
		rc = kmodhost_run(ko.buf, pg->module, pg->action, out, reason,
				  rsz);
	sbuf_release(&ko);
	return rc;
}

static void labrun_vm_opts(const struct labrun_opts *o, const char *boot,
			   struct labvm_opts *vo)
{
	memset(vo, 0, sizeof(*vo));
	vo->boot = boot;
	vo->accel = o->accel;
	vo->progress = o->progress;
	vo->ctx = o->ctx;
}

/* The page's section of a VM console into @out; 0 or -1 with @reason. */
static int labrun_vm_section(const struct lab_page *pg, const char *console,
			     struct sbuf *out, long long *ms, char *reason,
			     size_t rsz)
{
	if (labvm_section(console, pg->module, pg->action, out, ms) == 0)
		return 0;
	snprintf(reason, rsz, "the VM printed no output for %s %s",
		 pg->module, pg->action);
	return -1;
}

static int labrun_vm_ships(const struct lab_page *pg, char *reason,
			   size_t rsz)
{
	if (labvm_action_ships(pg->module, pg->action))
		return 1;
	snprintf(reason, rsz, "module '%s' is not built (no kmod/%s.c ships "
		 "yet)", pg->module, pg->module);
	return 0;
}

/* kmod page in a throwaway VM of its own: the action's kernel log. */
static int labrun_vm(const struct lab_page *pg, const struct labrun_opts *o,
		     struct sbuf *out, char *reason, size_t rsz)
{
	struct labvm_action a = { pg->module, pg->action };
	struct sbuf console = SBUF_INIT;
	struct labvm_opts vo;
	int rc = -1;

	labrun_vm_opts(o, pg->boot, &vo);
	if (labrun_vm_ships(pg, reason, rsz) &&
	    labvm_run(&a, 1, &vo, &console, reason, rsz) == 0)
		rc = labrun_vm_section(pg, console.buf, out, NULL, reason, rsz);
	sbuf_release(&console);
	return rc;
}

/* ---- one page ---- */

/* Run @pg with runner @r into @res->out (and @plain); 0, or -1 (reason). */
static int labrun_execute(const struct lab_page *pg,
			  const struct labrun_opts *o, enum labrun_runner r,
			  struct labrun_result *res, struct sbuf *plain)
{
	char *why = res->reason;
	size_t wsz = sizeof(res->reason);

	switch (r) {
	case LABRUN_BY_SIM:
		return labrun_sim(pg, o, &res->out, plain, why, wsz);
	case LABRUN_BY_SIM_HOST:
		return labrun_scenario_on_host(pg, o, &res->out, why, wsz);
	case LABRUN_BY_PROBE:
		return labhost_run(pg->action, &res->out, why, wsz);
	case LABRUN_BY_KMOD_HOST:
		return labrun_kmod_host(pg, o, &res->out, why, wsz);
	case LABRUN_BY_VM:
		return labrun_vm(pg, o, &res->out, why, wsz);
	case LABRUN_BY_EXERCISE:	/* exercise_run(), never here */
		break;
	}
	snprintf(why, wsz, "no runner");
	return -1;
}

/*
 * Match each expectation against @text (line-wise, REG_NEWLINE) and set
 * the verdict.  A sim page run on the host is judged by host mode's own
 * verdict line: its Expect lines describe the simulator's output.
 */
static void labrun_check(const struct lab_page *pg, const char *text,
			 struct labrun_result *res)
{
	static const char host_pass[] = "host check: pass";

	labrun_check_text(pg, text, res);
	if (pg->kind != LAB_SIM || res->runner != LABRUN_BY_SIM_HOST)
		return;
	res->nchecks = 1;
	res->checks[0].re = host_pass;
	res->checks[0].forbid = 0;
	res->checks[0].ok = strstr(text, host_pass) != NULL;
	res->first_failed = res->checks[0].ok ? -1 : 0;
	res->hint = NULL;
	res->verdict = res->checks[0].ok ? LABRUN_PASS : LABRUN_FAIL;
}

void labrun_check_text(const struct lab_page *pg, const char *text,
		       struct labrun_result *res)
{
	struct rx *re;
	int i, m;

	res->nchecks = pg->nexpect;
	res->first_failed = -1;
	res->hint = NULL;
	for (i = 0; i < pg->nexpect; i++) {
		struct labrun_check *c = &res->checks[i];

		c->re = pg->expect[i];
		c->forbid = pg->forbid[i];
		c->ok = 0;
		/* a pattern that gives up (RX_TOO_COSTLY) does not hold */
		if (!rx_compile(c->re, &re)) {
			m = rx_match(re, text, strlen(text)) == RX_MATCH;
			c->ok = c->forbid ? !m : m;
			rx_free(re);
		}
		if (!c->ok && res->first_failed < 0) {
			res->first_failed = i;
			res->hint = pg->hint[i];
		}
	}
	res->verdict = res->first_failed < 0 ? LABRUN_PASS : LABRUN_FAIL;
}

/*
 * After the runner: the verdict from @rc (0 ran, -1 could not run) and
 * the checks against the output (@plain for a simulator run: without
 * trace, expectation lines and their comments).
 */
static void labrun_judge(const struct lab_page *pg, int rc,
			 const struct sbuf *plain, struct labrun_result *res)
{
	if (rc < 0) {
		res->verdict = LABRUN_NOT_RUN;
		res->nchecks = 0;
		return;
	}
	labrun_check(pg, res->runner == LABRUN_BY_SIM ? plain->buf :
		     res->out.buf, res);
}

enum labrun_verdict labrun_page(const struct lab_page *pg,
				const struct labrun_opts *o,
				struct labrun_result *res)
{
	struct sbuf plain = SBUF_INIT;
	long long t0 = labrun_now_ms();
	int rc;

	if (pg->kind == LAB_EXERCISE)
		return exercise_run(pg, o, res);
	res->runner = labrun_runner(pg, o->mode, NULL);
	res->reason[0] = '\0';
	rc = labrun_execute(pg, o, res->runner, res, &plain);
	labrun_judge(pg, rc, &plain, res);
	res->ms = labrun_now_ms() - t0;
	sbuf_release(&plain);
	return res->verdict;
}

/* ---- several pages: shared VM boots ---- */

/* One boot shared by pages whose Boot arguments agree. */
struct labrun_boot {
	struct labvm_action *a;
	size_t na;
	struct sbuf args;	/* the union of the pages' Boot arguments */
	int state;		/* 0 not booted yet, 1 ran, -1 failed */
	struct sbuf console;
	char reason[1024];
};

/*
 * Does the argument @tok conflict with @args (the same name with another
 * value)?  *@have is set when @args holds @tok itself.
 */
static int labrun_arg_conflicts(const char *args, const char *tok, int *have)
{
	size_t n = strcspn(tok, "="), len;
	const char *p = args;

	*have = 0;
	while (*(p += strspn(p, " \t"))) {
		len = strcspn(p, " \t");
		if (len == strlen(tok) && !strncmp(p, tok, len))
			*have = 1;
		else if (strcspn(p, "= \t") == n && !strncmp(p, tok, n))
			return 1;
		p += len;
	}
	return 0;
}

/*
 * Add @boot (a page's Boot arguments, may be NULL) to @b's arguments
 * unless one of them conflicts with what @b already boots with; 0 added,
 * -1 conflict (nothing added).
 */
static int labrun_boot_join(struct labrun_boot *b, const char *boot)
{
	char *copy, *tok, *save = NULL;
	int have, rc = 0;

	if (!boot)
		return 0;
	copy = xstrdup(boot);
	for (tok = strtok_r(copy, " \t", &save); tok && !rc;
	     tok = strtok_r(NULL, " \t", &save))
		rc = labrun_arg_conflicts(b->args.buf, tok, &have) ? -1 : 0;
	free(copy);
	if (rc)
		return -1;
	copy = xstrdup(boot);
	for (tok = strtok_r(copy, " \t", &save); tok;
	     tok = strtok_r(NULL, " \t", &save))
		if (!labrun_arg_conflicts(b->args.buf, tok, &have) && !have)
			sbuf_addf(&b->args, "%s%s", b->args.len ? " " : "",
				  tok);
	free(copy);
	return 0;
}

/* Add @pg's action to @b, once. */
static void labrun_boot_add(struct labrun_boot *b, const struct lab_page *pg)
{
	size_t i;

	for (i = 0; i < b->na; i++)
		if (!strcmp(b->a[i].module, pg->module) &&
		    !strcmp(b->a[i].action, pg->action))
			return;
	b->a[b->na].module = pg->module;
	b->a[b->na++].action = pg->action;
}

/*
 * Put every page the VM runs (and whose action ships) into the first
 * boot its Boot arguments agree with; @of[i] is page i's boot or -1.
 * Returns the number of boots.
 */
static size_t labrun_boots_plan(const struct lab_page *pages, size_t n,
				const struct labrun_opts *o,
				struct labrun_boot *boots, int *of)
{
	size_t i, nb = 0, b;

	for (i = 0; i < n; i++) {
		of[i] = -1;
		if (labrun_runner(&pages[i], o->mode, NULL) != LABRUN_BY_VM ||
		    !labvm_action_ships(pages[i].module, pages[i].action))
			continue;
		for (b = 0; b < nb; b++)
			if (!labrun_boot_join(&boots[b], pages[i].boot))
				break;
		if (b == nb) {
			boots[nb].a = xcalloc(n, sizeof(*boots[nb].a));
			sbuf_init(&boots[nb].args);
			sbuf_init(&boots[nb].console);
			labrun_boot_join(&boots[nb++], pages[i].boot);
		}
		labrun_boot_add(&boots[b], &pages[i]);
		of[i] = (int)b;
	}
	return nb;
}

/* Page @pg from its shared boot @b (booted now if it is the first). */
static int labrun_from_boot(const struct lab_page *pg,
			    const struct labrun_opts *o,
			    struct labrun_boot *b, struct labrun_result *res)
{
	struct labvm_opts vo;
	long long ms = -1;
	int rc;

	if (!b->state) {
		labrun_vm_opts(o, b->args.buf, &vo);
		b->state = labvm_run(b->a, b->na, &vo, &b->console, b->reason,
				     sizeof(b->reason)) ? -1 : 1;
	}
	if (b->state < 0) {
		snprintf(res->reason, sizeof(res->reason), "%s", b->reason);
		return -1;
	}
	rc = labrun_vm_section(pg, b->console.buf, &res->out, &ms,
			       res->reason, sizeof(res->reason));
	res->ms = ms > 0 ? ms : 0;
	return rc;
}

size_t labrun_pages(const struct lab_page *pages, size_t n,
		    const struct labrun_opts *o,
		    void (*each)(void *arg, size_t i,
				 const struct labrun_result *res),
		    void *arg)
{
	struct labrun_boot *boots = xcalloc(n ? n : 1, sizeof(*boots));
	int *of = xcalloc(n ? n : 1, sizeof(*of));
	size_t i, nb, passed = 0;

	nb = labrun_boots_plan(pages, n, o, boots, of);
	for (i = 0; i < n; i++) {
		struct labrun_result res = LABRUN_RESULT_INIT;

		if (of[i] < 0) {
			labrun_page(&pages[i], o, &res);
		} else {
			res.runner = LABRUN_BY_VM;
			labrun_judge(&pages[i],
				     labrun_from_boot(&pages[i], o,
						      &boots[of[i]], &res),
				     NULL, &res);
		}
		passed += res.verdict == LABRUN_PASS;
		each(arg, i, &res);
		labrun_result_release(&res);
	}
	for (i = 0; i < nb; i++) {
		free(boots[i].a);
		sbuf_release(&boots[i].args);
		sbuf_release(&boots[i].console);
	}
	free(boots);
	free(of);
	return passed;
}
