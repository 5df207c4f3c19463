/* SPDX-License-Identifier: GPL-2.0 */
/*
 * labrun.h - run lab pages (docs/lab-format.md, "Running"): decide which
 * runner serves a page, run it, match the page's Expect lines against the
 * output and return a verdict.
 *
 * The runners: the simulator in-process (sim labs), a scenario on the
 * simulator and with real processes side by side (labrun_sim_host()), a
 * host probe (labhost.h), the lab VM (labvm.h) and a module loaded into
 * the running kernel (kmodhost.h).  labrun_runner() is the only place
 * that chooses among them.
 *
 * Nothing here prints, reads the terminal or exits: output and reasons
 * come back in struct labrun_result, and the caller supplies callbacks
 * for progress notes and for the confirmation asked before a module is
 * loaded into the running kernel.
 */
#ifndef MEMDRILL_LABRUN_H
#define MEMDRILL_LABRUN_H

#include <stddef.h>

#include "engine/lab.h"
#include "util/sbuf.h"

/* What the learner asked for (`lab run`'s --vm, --host, neither). */
enum labrun_mode {
	LABRUN_MODE_DEFAULT,
	LABRUN_MODE_VM,
	LABRUN_MODE_HOST,
};

/* Who runs a page. */
enum labrun_runner {
	LABRUN_BY_SIM,		/* its scenario in libmmsim, in-process */
	/* its scenario on the simulator and with real processes */
	LABRUN_BY_SIM_HOST,
	LABRUN_BY_PROBE,	/* a host probe (labhost.h) */
	LABRUN_BY_VM,		/* its module action in the lab VM */
	LABRUN_BY_KMOD_HOST,	/* its module in the running kernel */
	/* an exercise: the learner's copy built and run in the VM */
	LABRUN_BY_EXERCISE,
};

enum labrun_verdict {
	LABRUN_PASS,		/* every expectation held */
	LABRUN_FAIL,		/* it ran and an expectation did not hold */
	LABRUN_NOT_RUN,		/* it could not run; the reason says why */
};

struct labrun_opts {
	enum labrun_mode mode;
	/* sim labs: add the simulator's events and call paths to the output */
	int trace;
	/* the VM's accelerator (labvm.h); NULL: the environment's or auto */
	const char *accel;
	/*
	 * Before a module is loaded into the running kernel: @what says
	 * what will be built, loaded and run.  Returns nonzero to go on.
	 * NULL: go on without asking (--yes).
	 */
	int (*confirm)(void *ctx, const char *what);
	/* A note on each long step (building, booting); may be NULL. */
	void (*progress)(void *ctx, const char *what);
	void *ctx;		/* for both callbacks */
};

/* One expectation and whether it held. */
struct labrun_check {
	/*
	 * The page's Expect line (for a sim page run on the host, "host
	 * check: pass"); it lives as long as the page.
	 */
	const char *re;
	int forbid;		/* a Forbid line: ok when it does not match */
	int ok;
};

struct labrun_result {
	enum labrun_verdict verdict;
	enum labrun_runner runner;
	/* the lab's output (not run: what it printed before it stopped) */
	struct sbuf out;
	char reason[1024];	/* LABRUN_NOT_RUN: why */
	struct labrun_check checks[LAB_MAX_LIST];
	int nchecks;		/* 0 when it did not run */
	/* the index in checks of the first that did not hold, or -1 */
	int first_failed;
	/*
	 * How long the run took; in a VM boot shared by several pages, the
	 * action's own time in the guest.
	 */
	long long ms;
	/*
	 * Exercises: the messages that matter (build errors at file:line,
	 * an oops, a SLUB report, the watchdog, the last console lines),
	 * the page's Hint for the first check that failed (or NULL), and
	 * whether the learner's code failed to build (a FAIL, no checks).
	 */
	struct sbuf notes;
	const char *hint;
	int build_failed;
};

#define LABRUN_RESULT_INIT { .out = SBUF_INIT, .notes = SBUF_INIT, \
			     .first_failed = -1 }

void labrun_result_release(struct labrun_result *res);

/*
 * The runner that serves @pg under @mode: the one decision of "which
 * runner for this kind and mode".  sim: the simulator, or with --host
 * the scenario on the host; host: its probe, or its scenario on the
 * host; kmod: the VM, or with --host the running kernel.  *@ignored
 * (when not NULL) is set to 1 when @mode does not apply to the page's
 * kind (--vm for sim and host pages, --host for host pages).
 */
enum labrun_runner labrun_runner(const struct lab_page *pg,
				 enum labrun_mode mode, int *ignored);

/* How a runner is recorded in lab_runs.mode: "sim", "host" or "vm". */
const char *labrun_runner_mode(enum labrun_runner runner);

/*
 * Run @pg under @o into @res (LABRUN_RESULT_INIT or released), then
 * check its expectations.  Returns res->verdict.
 */
enum labrun_verdict labrun_page(const struct lab_page *pg,
				const struct labrun_opts *o,
				struct labrun_result *res);

/*
 * Match @pg's checks against @text (line-wise, REG_NEWLINE) into @res:
 * checks, first_failed, hint and the verdict (pass or fail).
 */
void labrun_check_text(const struct lab_page *pg, const char *text,
		       struct labrun_result *res);

/*
 * Run the @n pages @pages in order, calling @each with each page's index
 * and result once it is known (@res is released after the call).  Pages
 * the VM runs share boots: one for every set of pages whose Boot
 * arguments do not conflict (the same argument with different values),
 * booted when its first page comes.  Returns the number of pages that
 * passed.
 */
size_t labrun_pages(const struct lab_page *pages, size_t n,
		    const struct labrun_opts *o,
		    void (*each)(void *arg, size_t i,
				 const struct labrun_result *res),
		    void *arg);

/*
 * Host mode of the scenario at @path (engine/simhost.h): its process
 * lines run with real processes beside the simulator, and every compared
 * value is appended to @out ("FILE:LINE: agrees: ..." or "differs: ...",
 * FILE relative to the memdrill home), then "host check: pass: ..." or
 * "host check: FAIL: ...".  Returns LABRUN_PASS when all agree,
 * LABRUN_FAIL when a value differs, LABRUN_NOT_RUN with @reason when the
 * scenario cannot run here (no process lines, another THP mode, ...).
 */
enum labrun_verdict labrun_sim_host(const char *path,
				    const struct labrun_opts *o,
				    struct sbuf *out, char *reason,
				    size_t rsz);

#endif
