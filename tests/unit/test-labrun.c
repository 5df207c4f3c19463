// SPDX-License-Identifier: GPL-2.0
/*
 * test-labrun.c - unit tests for engine/labrun.c: the runner decision for
 * every kind and mode, and running sim pages end to end (verdicts, the
 * first failing expectation, --trace kept out of the matching, a runner
 * that cannot run) in a scratch memdrill home.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/labrun.h"
#include "test.h"

static char test_home[] = "/tmp/test-labrun.XXXXXX";
static char test_labs[300];

/* Parse @text as a page named @id.md of the scratch home into @pg. */
static int test_page(const char *id, const char *text, struct lab_page *pg)
{
	struct lab_diags ds = { .n = 0 };
	char path[400];

	memset(pg, 0, sizeof(*pg));
	snprintf(path, sizeof(path), "%s/%s.md", test_labs, id);
	return lab_parse_text(path, text, strlen(text), test_labs, pg, &ds);
}

/* One row of the decision: a kind (and whether it names a probe). */
struct test_row {
	enum lab_kind kind;
	int probe;
	enum labrun_runner r[3];	/* by mode: default, --vm, --host */
	int ignored[3];
};

static void test_labrun_decision(void)
{
	static const struct test_row rows[] = {
		{ LAB_SIM, 0, { LABRUN_BY_SIM, LABRUN_BY_SIM,
				LABRUN_BY_SIM_HOST }, { 0, 1, 0 } },
		{ LAB_HOST, 1, { LABRUN_BY_PROBE, LABRUN_BY_PROBE,
				 LABRUN_BY_PROBE }, { 0, 1, 1 } },
		{ LAB_HOST, 0, { LABRUN_BY_SIM_HOST, LABRUN_BY_SIM_HOST,
				 LABRUN_BY_SIM_HOST }, { 0, 1, 1 } },
		{ LAB_KMOD, 0, { LABRUN_BY_VM, LABRUN_BY_VM,
				 LABRUN_BY_KMOD_HOST }, { 0, 0, 0 } },
	};
	size_t i;
	int m;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct lab_page pg = { 0 };

		pg.kind = rows[i].kind;
		pg.action = rows[i].probe ? "cow" : NULL;
		for (m = 0; m < 3; m++) {
			int ign = -1;

			CHECK_INT(labrun_runner(&pg, (enum labrun_mode)m, &ign),
				  rows[i].r[m]);
			CHECK_INT(ign, rows[i].ignored[m]);
		}
	}
	CHECK_STR(labrun_runner_mode(LABRUN_BY_SIM), "sim");
	CHECK_STR(labrun_runner_mode(LABRUN_BY_SIM_HOST), "host");
	CHECK_STR(labrun_runner_mode(LABRUN_BY_PROBE), "host");
	CHECK_STR(labrun_runner_mode(LABRUN_BY_KMOD_HOST), "host");
	CHECK_STR(labrun_runner_mode(LABRUN_BY_VM), "vm");
}

#define TEST_SIM_PAGE(id, expects) \
	"ID: " id "\nTitle: t\nKind: sim\nScenario: four\n" expects "\n"

static void test_labrun_sim_pass_fail(void)
{
	struct labrun_opts o = { .mode = LABRUN_MODE_DEFAULT };
	struct labrun_result res = LABRUN_RESULT_INIT;
	struct lab_page pg;

	CHECK_INT(test_page("ok", TEST_SIM_PAGE("ok",
		  "Expect: scenario expects: 1 passed, 0 failed\n"
		  "Expect: ^ok: P.minflt == 4$"), &pg), 0);
	CHECK_INT(labrun_page(&pg, &o, &res), LABRUN_PASS);
	CHECK_INT(res.runner, LABRUN_BY_SIM);
	CHECK_INT(res.nchecks, 2);
	CHECK_INT(res.first_failed, -1);
	CHECK(res.checks[0].ok && res.checks[1].ok);
	CHECK_STR(res.checks[1].re, "^ok: P.minflt == 4$");
	CHECK(strstr(res.out.buf, "scenario expects: 1 passed, 0 failed\n"));
	CHECK(res.ms >= 0);
	labrun_result_release(&res);
	lab_page_release(&pg);

	CHECK_INT(test_page("bad", TEST_SIM_PAGE("bad",
		  "Expect: scenario expects\nExpect: minflt == 5\n"
		  "Expect: nothing like this"), &pg), 0);
	CHECK_INT(labrun_page(&pg, &o, &res), LABRUN_FAIL);
	CHECK_INT(res.first_failed, 1);
	CHECK(res.checks[0].ok && !res.checks[1].ok && !res.checks[2].ok);
	labrun_result_release(&res);
	lab_page_release(&pg);
}

/* --trace shows the events, but Expect lines never match them. */
static void test_labrun_sim_trace(void)
{
	struct labrun_opts o = { .mode = LABRUN_MODE_DEFAULT, .trace = 1 };
	struct labrun_result res = LABRUN_RESULT_INIT;
	struct lab_page pg;

	CHECK_INT(test_page("tr", TEST_SIM_PAGE("tr",
		  "Expect: do_anonymous_page"), &pg), 0);
	CHECK_INT(labrun_page(&pg, &o, &res), LABRUN_FAIL);
	CHECK(strstr(res.out.buf, "do_anonymous_page") != NULL);
	CHECK(strstr(res.out.buf, "scenario expects: 1 passed") != NULL);
	labrun_result_release(&res);
	o.trace = 0;
	CHECK_INT(labrun_page(&pg, &o, &res), LABRUN_FAIL);
	CHECK(!strstr(res.out.buf, "do_anonymous_page"));
	labrun_result_release(&res);
	lab_page_release(&pg);
}

/* Could not run: no checks, a reason, the verdict says so. */
static void test_labrun_not_run(void)
{
	struct labrun_opts o = { .mode = LABRUN_MODE_HOST };
	struct labrun_result res = LABRUN_RESULT_INIT;
	struct lab_page pg;
	char path[400];

	CHECK_INT(test_page("gone", TEST_SIM_PAGE("gone", "Expect: x"), &pg),
		  0);
	snprintf(path, sizeof(path), "%s/scenarios/four.scn", test_labs);
	CHECK_INT(rename(path, "/tmp/test-labrun-four.scn"), 0);
	o.mode = LABRUN_MODE_DEFAULT;
	CHECK_INT(labrun_page(&pg, &o, &res), LABRUN_NOT_RUN);
	CHECK_INT(res.nchecks, 0);
	CHECK(strstr(res.reason, "cannot read scenario") != NULL);
	CHECK_INT(rename("/tmp/test-labrun-four.scn", path), 0);
	labrun_result_release(&res);
	lab_page_release(&pg);

	/* a helper action never runs on the learner's kernel */
	CHECK_INT(test_page("kp", "ID: kp\nTitle: t\nKind: kmod\n"
			    "Module: pfault_lab\nAction: touch\nExpect: x\n\n",
			    &pg), 0);
	o.mode = LABRUN_MODE_HOST;
	CHECK_INT(labrun_page(&pg, &o, &res), LABRUN_NOT_RUN);
	CHECK_INT(res.runner, LABRUN_BY_KMOD_HOST);
	CHECK_STR(res.reason, "'pfault_lab touch' runs the helper "
		  "'pfault_touch' inside the lab VM only; use --vm");
	labrun_result_release(&res);
	lab_page_release(&pg);
}

struct test_seen {
	size_t order[4];
	int n;
	enum labrun_verdict v[4];
};

static void test_each(void *arg, size_t i, const struct labrun_result *res)
{
	struct test_seen *s = arg;

	s->order[s->n] = i;
	s->v[s->n++] = res->verdict;
}

/* Several pages: each reported once, in order; the passes counted. */
static void test_labrun_pages(void)
{
	struct labrun_opts o = { .mode = LABRUN_MODE_DEFAULT };
	struct test_seen seen = { .n = 0 };
	struct lab_page pg[3];

	test_page("p1", TEST_SIM_PAGE("p1", "Expect: 1 passed"), &pg[0]);
	test_page("p2", TEST_SIM_PAGE("p2", "Expect: 2 passed"), &pg[1]);
	test_page("p3", TEST_SIM_PAGE("p3", "Expect: 0 failed"), &pg[2]);
	CHECK_INT(labrun_pages(pg, 3, &o, test_each, &seen), 2);
	CHECK_INT(seen.n, 3);
	CHECK(seen.order[0] == 0 && seen.order[1] == 1 && seen.order[2] == 2);
	CHECK_INT(seen.v[0], LABRUN_PASS);
	CHECK_INT(seen.v[1], LABRUN_FAIL);
	CHECK_INT(seen.v[2], LABRUN_PASS);
	lab_page_release(&pg[0]);
	lab_page_release(&pg[1]);
	lab_page_release(&pg[2]);
}

int main(void)
{
	char path[400];
	FILE *f;
	int rc;

	if (!mkdtemp(test_home))
		return 2;
	snprintf(test_labs, sizeof(test_labs), "%s/labs", test_home);
	snprintf(path, sizeof(path), "%s/scenarios", test_labs);
	if (mkdir(test_labs, 0755) < 0 || mkdir(path, 0755) < 0)
		return 2;
	strcat(path, "/four.scn");
	f = fopen(path, "w");
	if (!f)
		return 2;
	fputs("machine ram=64M\nproc P\nP mmap buf 16K\nP touch buf write\n"
	      "expect P.minflt == 4\n", f);
	fclose(f);
	setenv("MEMDRILL_HOME", test_home, 1);

	TEST_RUN(test_labrun_decision);
	TEST_RUN(test_labrun_sim_pass_fail);
	TEST_RUN(test_labrun_sim_trace);
	TEST_RUN(test_labrun_not_run);
	TEST_RUN(test_labrun_pages);

	snprintf(path, sizeof(path), "rm -rf '%s'", test_home);
	rc = system(path);
	return test_done() || rc ? 1 : 0;
}
