/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exercise.h - exercises (docs/lab-format.md, "Exercises"): the learner
 * writes a module or a program from a skeleton; memdrill builds it and
 * checks it in the lab VM.
 *
 * The skeleton and the reference solution ship in
 * labs/exercises/ID/{skeleton,solution}/SOURCE (read only); the learner's
 * copy lives in the workspace, paths_data()/exercises/ID/SOURCE, never in
 * the data folder.  A run copies the file to build into the cache
 * (vm/ex-run/ or, for exercise_verify(), vm/ex-verify/), builds it there
 * (a module with kbuild against the VM kernel's headers, a program with
 * gcc -static), packs it as the VM action "ex OBJ" (labvm.h) and boots
 * the VM with two CPUs.  The learner's code only ever runs in the VM.
 *
 * Nothing here prints or exits: results come back in struct
 * labrun_result, with the messages that matter in its notes.
 */
#ifndef MEMDRILL_EXERCISE_H
#define MEMDRILL_EXERCISE_H

#include <stddef.h>

#include "engine/lab.h"
#include "engine/labrun.h"
#include "util/sbuf.h"

/* The learner's copy of @pg's source into @path. */
void exercise_workspace(const struct lab_page *pg, struct sbuf *path);

/*
 * Copy the skeleton of @pg to the workspace (its folder made 0700 as
 * needed), unless a copy is there and @fresh is 0.  The copy's path goes
 * to @path.  Returns 1 copied, 0 kept the learner's copy, -1 with the
 * reason.
 */
int exercise_start(const struct lab_page *pg, int fresh, struct sbuf *path,
		   char *reason, size_t rsz);

/* The "## Task" section of @pg's prose (without its heading) into @out. */
void exercise_task(const struct lab_page *pg, struct sbuf *out);

/*
 * Build and run the learner's copy of @pg in the VM and check it into
 * @res: LABRUN_PASS, LABRUN_FAIL (a check failed, the code did not build,
 * the module oopsed or hung: res->notes says what matters, res->hint the
 * page's hint), or LABRUN_NOT_RUN (no copy yet, no VM, --host).
 */
enum labrun_verdict exercise_run(const struct lab_page *pg,
				 const struct labrun_opts *o,
				 struct labrun_result *res);

/*
 * The instructor's check: for each of the @n exercise pages, the
 * solution must pass and the untouched skeleton must fail with the
 * page's Skeleton-fails check first; all built together and run in one
 * boot.  @each gets each page's results and the verdict on the page
 * (@why empty when it holds).  Returns the number of pages that hold.
 */
size_t exercise_verify(const struct lab_page *pages, size_t n,
		       const struct labrun_opts *o,
		       void (*each)(void *arg, size_t i,
				    const struct labrun_result *solution,
				    const struct labrun_result *skeleton,
				    const char *why),
		       void *arg);

/*
 * The reference solution of @pg as a unified diff against the learner's
 * copy (`diff -u`, run without a shell), or the solution itself when
 * there is no copy (*@had_copy 0).  0, or -1 with the reason.
 */
int exercise_solution(const struct lab_page *pg, struct sbuf *out,
		      int *had_copy, char *reason, size_t rsz);

#endif
