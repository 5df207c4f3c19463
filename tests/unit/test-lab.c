// SPDX-License-Identifier: GPL-2.0
/*
 * test-lab.c - unit tests for engine/lab.c (page parsing and validation)
 * and engine/labhost.c (the probes and the kmod host-mode refusal).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/kmod-actions.h"
#include "engine/lab.h"
#include "engine/labhost.h"
#include "test.h"

static char test_dir[] = "/tmp/test-lab.XXXXXX";

/* Write @text to test_dir/@name; return its path (static buffer). */
static const char *test_page(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", test_dir, name);
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

/* Parse @text as test_dir/@name; return the diagnostics' error count. */
static int test_parse(const char *name, const char *text,
		      struct lab_diags *ds)
{
	struct lab_page pg = { 0 };
	int rc;

	memset(ds, 0, sizeof(*ds));
	rc = lab_parse(test_page(name, text), test_dir, &pg, ds);
	lab_page_release(&pg);
	CHECK_INT(rc < 0, ds->errors > 0);
	return ds->errors;
}

/* Does a diagnostic on @line contain @needle? */
static int test_has(const struct lab_diags *ds, int line, const char *needle)
{
	int i;

	for (i = 0; i < ds->n; i++)
		if ((line < 0 || ds->d[i].line == line) &&
		    strstr(ds->d[i].msg, needle))
			return 1;
	return 0;
}

static void test_lab_valid(void)
{
	struct lab_page pg = { 0 };
	struct lab_diags ds = { .n = 0 };
	const char *p = test_page("ok-page.md",
		"ID: ok-page\nTitle: A page\nKind: kmod\n"
		"Module: slab_lab\nAction: redzone\nBoot: slub_debug=FZPU\n"
		"Expect: Right Redzone\nExpect: ^x+$\n"
		"Predict: what? | this | and that\n\n# Prose\nText.\n");

	CHECK_INT(lab_parse(p, test_dir, &pg, &ds), 0);
	CHECK_INT(ds.errors, 0);
	CHECK_STR(pg.id, "ok-page");
	CHECK_INT(pg.kind, LAB_KMOD);
	CHECK_INT(pg.nexpect, 2);
	CHECK_STR(pg.expect[1], "^x+$");
	CHECK_INT(pg.npredict, 1);
	CHECK_STR(pg.predict[0].question, "what?");
	CHECK_STR(pg.predict[0].answer, "this | and that");
	CHECK_STR(pg.prose, "# Prose\nText.\n");
	lab_page_release(&pg);
}

static void test_lab_bad_regex_line(void)
{
	struct lab_diags ds;

	CHECK_INT(test_parse("re.md", "ID: re\nTitle: t\nKind: host\n"
			     "Action: cow\nExpect: ok\nExpect: (unclosed\n\n",
			     &ds), 1);
	CHECK(test_has(&ds, 6, "bad regular expression '(unclosed'"));
}

/*
 * Patterns beyond the bounded matcher's limits (sim/rx.h) are refused
 * up front: expanded too far, a bound too high, a backreference.
 */
static void test_lab_regex_refused(void)
{
	struct lab_diags ds;

	CHECK(test_parse("r.md", "ID: r\nTitle: t\nKind: host\n"
			 "Action: cow\nExpect: ok\n"
			 "Expect: (((a{1,64}){1,64}){1,64}){1,64}\n"
			 "Expect: (a{1,200})\nExpect: [[:digit:]+]+ ok{2}\n"
			 "Expect: (.*)\\1\n\n", &ds));
	CHECK(test_has(&ds, 6, "too large once its bounds are expanded"));
	CHECK(test_has(&ds, 7, "a repetition bound above 64"));
	CHECK(!test_has(&ds, 8, "regular expression"));
	CHECK(test_has(&ds, 9, "backreferences are not supported"));
	CHECK_INT(ds.errors, 3);
}

static void test_lab_shipped_only(void)
{
	struct lab_diags ds;

	CHECK(test_parse("m.md", "ID: m\nTitle: t\nKind: kmod\n"
			 "Module: evil_lab\nAction: rm\nExpect: x\n\n", &ds));
	CHECK(test_has(&ds, 5, "'evil_lab rm' is not shipped"));
	CHECK(test_parse("h.md", "ID: h\nTitle: t\nKind: host\n"
			 "Action: sh -c reboot\nExpect: x\n\n", &ds));
	CHECK(test_has(&ds, 4, "unknown host probe"));
	CHECK(test_parse("s.md", "ID: s\nTitle: t\nKind: sim\n"
			 "Scenario: nope\nExpect: x\n\n", &ds));
	CHECK(test_has(&ds, 4, "unknown scenario 'nope'"));
	CHECK(test_parse("s2.md", "ID: s2\nTitle: t\nKind: sim\n"
			 "Scenario: ../../etc/passwd\nExpect: x\n\n", &ds));
	CHECK(test_has(&ds, -1, "needs 'Scenario:'"));
}

static void test_lab_header_errors(void)
{
	struct lab_diags ds;

	CHECK(test_parse("Bad_ID.md", "ID: Bad_ID\nTitle: t\nKind: host\n"
			 "Action: cow\nExpect: x\n\n", &ds));
	CHECK(test_has(&ds, -1, "invalid 'ID:'"));
	CHECK(test_parse("x.md", "ID: y\nTitle: t\nKind: host\n"
			 "Action: cow\nExpect: x\n\n", &ds));
	CHECK(test_has(&ds, -1, "does not match the file name"));
	CHECK(test_parse("k.md", "ID: k\nTitle: t\nKind: vm\n"
			 "Expect: x\n\n", &ds));
	CHECK(test_has(&ds, 3, "unknown kind 'vm'"));
	CHECK(test_parse("d.md", "ID: d\nTitle: t\nTitle: u\nKind: host\n"
			 "Action: cow\nExpect: x\nPredict: no bar\n"
			 "Colour: red\nno colon here\n\n", &ds));
	CHECK(test_has(&ds, 3, "'Title:' given twice"));
	CHECK(test_has(&ds, 7, "'Predict:' needs 'question | answer'"));
	CHECK(test_has(&ds, 8, "unknown header 'Colour:'"));
	CHECK(test_has(&ds, 9, "expected 'Key: value'"));
	CHECK(test_parse("e.md", "ID: e\nTitle: t\nKind: host\n"
			 "Action: cow\n\n", &ds));
	CHECK(test_has(&ds, -1, "no 'Expect:' line"));
}

/* An exercise page: its keys, Forbid and Hint, and its shipped files. */
static void test_lab_exercise(void)
{
	static const char page[] = "ID: ex-t\nTitle: t\nKind: exercise\n"
		"Exercise: module\nSource: ex_t.c\nDriver: ex_drv\n"
		"Skeleton-fails: 2\nExpect: a\nHint: do a\nForbid: BUG\n"
		"Hint: no bug\nExpect: c\n\n## Task\n\nWrite it.\n";
	struct lab_page pg = { 0 };
	struct lab_diags ds;
	char path[256];

	/* nothing shipped yet: each missing file is an error */
	CHECK_INT(test_parse("ex-t.md", page, &ds), 3);
	CHECK(test_has(&ds, -1, "exercises/ex-t/skeleton/ex_t.c"));
	CHECK(test_has(&ds, -1, "exercises/ex-t/solution/ex_t.c"));
	CHECK(test_has(&ds, -1, "exercises/ex-t/ex_drv.c"));
	snprintf(path, sizeof(path), "%s/exercises", test_dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/exercises/ex-t", test_dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/exercises/ex-t/skeleton", test_dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/exercises/ex-t/solution", test_dir);
	mkdir(path, 0755);
	test_page("exercises/ex-t/skeleton/ex_t.c", "x\n");
	test_page("exercises/ex-t/solution/ex_t.c", "x\n");
	test_page("exercises/ex-t/ex_drv.c", "x\n");
	memset(&ds, 0, sizeof(ds));
	CHECK_INT(lab_parse(test_page("ex-t.md", page), test_dir, &pg, &ds),
		  0);
	CHECK_INT(pg.kind, LAB_EXERCISE);
	CHECK_INT(pg.exercise, LAB_EX_MODULE);
	CHECK_STR(pg.source, "ex_t.c");
	CHECK_STR(pg.driver, "ex_drv");
	CHECK_INT(pg.skeleton_fails, 2);
	CHECK_INT(pg.nexpect, 3);
	CHECK_INT(pg.forbid[0], 0);
	CHECK_INT(pg.forbid[1], 1);
	CHECK_STR(pg.hint[0], "do a");
	CHECK_STR(pg.hint[1], "no bug");
	CHECK(pg.hint[2] == NULL);
	lab_page_release(&pg);
	/* the exercise keys' own errors */
	CHECK(test_parse("ex-t.md", "ID: ex-t\nTitle: t\nKind: exercise\n"
			 "Exercise: script\nSource: ../x.c\n"
			 "Skeleton-fails: 9\nHint: early\nExpect: a\n\n", &ds));
	CHECK(test_has(&ds, 4, "unknown exercise 'script'"));
	CHECK(test_has(&ds, 5, "'Source:' must be NAME.c"));
	CHECK(test_has(&ds, 7, "'Hint:' must follow"));
	CHECK(test_has(&ds, -1, "needs 'Exercise: module'"));
	CHECK(test_has(&ds, -1, "'Skeleton-fails: 9' but the page has 1"));
	CHECK(test_parse("h2.md", "ID: h2\nTitle: t\nKind: host\n"
			 "Action: cow\nExpect: x\nSource: a.c\n\n", &ds));
	CHECK(test_has(&ds, -1, "belong to exercise pages"));
}

static void test_lab_boot_args(void)
{
	struct lab_diags ds;

	CHECK(lab_boot_arg_allowed("slub_debug=FZPU"));
	CHECK(lab_boot_arg_allowed("slub_debug=FZ,slab_lab"));
	CHECK(lab_boot_arg_allowed("no5lvl"));
	CHECK(!lab_boot_arg_allowed("init=/bin/sh"));
	CHECK(!lab_boot_arg_allowed("slub_debug=$(reboot)"));
	CHECK(!lab_boot_arg_allowed("slub_debugx=1"));
	CHECK(test_parse("b.md", "ID: b\nTitle: t\nKind: kmod\n"
			 "Module: slab_lab\nAction: uaf\nExpect: x\n"
			 "Boot: loglevel=8 rdinit=/x\n\n", &ds));
	CHECK(test_has(&ds, 7, "boot argument 'rdinit=/x' is not allowed"));
	CHECK(!test_has(&ds, -1, "loglevel"));
}

/* The X-macro registry, counted where it is written. */
#define TEST_COUNT(module, action, helper, what) + 1
static const size_t test_nregistry = 0 KMOD_ACTIONS(TEST_COUNT);
#undef TEST_COUNT

static int test_lab_id(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
	       strlen(s);
}

/*
 * lab_actions[] is the registry: every entry found by lab_action_find(),
 * none twice, names fit for the kernel command line and a guest shell
 * function, and nothing else is found.
 */
static void test_lab_registry(void)
{
	size_t i, j;

	CHECK_INT(lab_nactions, test_nregistry);
	CHECK(lab_nactions >= 10);
	for (i = 0; i < lab_nactions; i++) {
		const struct lab_action *a = &lab_actions[i];

		CHECK_MSG(lab_action_find(a->module, a->action) == a,
			  "'%s %s' is not found as itself", a->module,
			  a->action);
		CHECK(test_lab_id(a->module) && test_lab_id(a->action));
		CHECK(!a->helper || test_lab_id(a->helper));
		CHECK(a->what && *a->what);
		for (j = i + 1; j < lab_nactions; j++)
			CHECK_MSG(strcmp(a->module, lab_actions[j].module) ||
				  strcmp(a->action, lab_actions[j].action),
				  "'%s %s' is registered twice", a->module,
				  a->action);
	}
	CHECK(lab_action_find("slab_lab", "double_free") != NULL);
	CHECK(!lab_action_find("slab_lab", "touch"));
	CHECK(!lab_action_find("slab_lab", "kmalloc"));
	CHECK(!lab_action_find("slab_lab", "redzone "));
	CHECK_STR(lab_action_find("oom_lab", "victim")->helper, "oom_hog");
	CHECK(!lab_action_find("alloc_lab", "classes")->helper);
	CHECK(labhost_known("memcg_oom"));
	CHECK(!labhost_known("memcg"));
}

/* A page may name only registry actions: an unregistered one of a
 * registered module is refused at the Action line. */
static void test_lab_unregistered_action(void)
{
	struct lab_diags ds;
	char page[256];

	CHECK_INT(test_parse("k1.md", "ID: k1\nTitle: t\nKind: kmod\n"
			     "Module: slab_lab\nAction: redzone\nExpect: x\n\n",
			     &ds), 0);
	snprintf(page, sizeof(page), "ID: k2\nTitle: t\nKind: kmod\n"
		 "Module: %s\nAction: %s_not\nExpect: x\n\n",
		 lab_actions[0].module, lab_actions[0].action);
	CHECK_INT(test_parse("k2.md", page, &ds), 1);
	CHECK(test_has(&ds, 5, "is not shipped with memdrill"));
}

/* The fault-count probe really counts: one fault per page, then none. */
static void test_labhost_fault_count(void)
{
	struct sbuf out = SBUF_INIT;
	char reason[256] = "";

	CHECK_INT(labhost_run("fault_count", &out, reason, sizeof(reason)),
		  0);
	CHECK(strstr(out.buf, "write 64 untouched pages: ") != NULL);
	CHECK(strstr(out.buf, "write them again: 0 minor faults") != NULL);
	CHECK_INT(labhost_run("nope", &out, reason, sizeof(reason)), -1);
	CHECK_STR(reason, "unknown host probe 'nope'");
	sbuf_release(&out);
}

/* Here /proc/modules may be missing: the refusal must say so. */
static void test_labhost_kmod_ready(void)
{
	char kdir[256], reason[256] = "";
	struct stat st;
	int rc = labhost_kmod_ready(kdir, sizeof(kdir), reason,
				    sizeof(reason));

	if (stat("/proc/modules", &st) < 0) {
		CHECK_INT(rc, -1);
		CHECK(strstr(reason, "no module support") != NULL);
	} else {
		CHECK(rc == 0 || *reason);
	}
}

int main(void)
{
	if (!mkdtemp(test_dir))
		return 2;
	TEST_RUN(test_lab_valid);
	TEST_RUN(test_lab_bad_regex_line);
	TEST_RUN(test_lab_regex_refused);
	TEST_RUN(test_lab_shipped_only);
	TEST_RUN(test_lab_header_errors);
	TEST_RUN(test_lab_exercise);
	TEST_RUN(test_lab_boot_args);
	TEST_RUN(test_lab_registry);
	TEST_RUN(test_lab_unregistered_action);
	TEST_RUN(test_labhost_fault_count);
	TEST_RUN(test_labhost_kmod_ready);
	if (test_rmtree(test_dir))
		return 2;
	return test_done();
}
