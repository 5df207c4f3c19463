// SPDX-License-Identifier: GPL-2.0
/* test-config.c - the settings file: defaults, every key, bad values. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "core/config.h"
#include "core/sched.h"
#include "test.h"

static char path[] = "/tmp/memdrill-config-XXXXXX";

static int load(struct config *c, const char *text, char *err, size_t sz)
{
	FILE *f = fopen(path, "w");

	fputs(text, f);
	fclose(f);
	return config_load(c, path, err, sz);
}

static void test_defaults(void)
{
	struct config c;
	char err[256];

	CHECK_INT(config_load(&c, "/nonexistent/memdrill/config", err,
			      sizeof(err)), 0);
	CHECK_NEAR(c.retention, 0.9, 0);
	CHECK_INT(c.new_per_day, 20);
	CHECK_INT(c.reviews_per_day, 200);
	CHECK_INT(c.nlearn, 2);
	CHECK_INT(c.learn_steps[0], 60);
	CHECK_INT(c.learn_steps[1], 600);
	CHECK_INT(c.nrelearn, 1);
	CHECK_INT(c.relearn_steps[0], 600);
	CHECK_INT(c.rollover_hour, 4);
	CHECK_INT(c.leech_threshold, 8);
	CHECK_INT(c.learn_ahead, 1200);
	CHECK_NEAR(c.w[20], sched_default_w[20], 0);
}

static void test_every_key(void)
{
	struct config c;
	char err[256];

	CHECK_INT(load(&c, "# my settings\n\n"
		       "desired_retention = 0.85\n"
		       "new_per_day=5\n"
		       "  reviews_per_day =  50  \n"
		       "learning_steps = 30s 5m 1h\n"
		       "relearning_steps = 1d\n"
		       "learn_ahead = 0\n"
		       "rollover_hour = 0\n"
		       "review_order = retrievability\n"
		       "leech_threshold = 4\n"
		       "leech_action = suspend\n"
		       "maximum_interval = 365\n"
		       "fuzz = off\n"
		       "fsrs_params = 0.4, 0.6, 2.4, 5.8, 4.93, 0.94, 0.86, "
		       "0.01, 1.49, 0.14, 0.94, 2.18, 0.05, 0.34, 1.26, 0.29, "
		       "2.61\n", err, sizeof(err)), 0);
	CHECK_NEAR(c.retention, 0.85, 0);
	CHECK_INT(c.new_per_day, 5);
	CHECK_INT(c.reviews_per_day, 50);
	CHECK_INT(c.nlearn, 3);
	CHECK_INT(c.learn_steps[2], 3600);
	CHECK_INT(c.relearn_steps[0], 86400);
	CHECK_INT(c.learn_ahead, 0);
	CHECK_INT(c.rollover_hour, 0);
	CHECK_INT(c.order_retrievability, 1);
	CHECK_INT(c.leech_threshold, 4);
	CHECK_INT(c.leech_suspend, 1);
	CHECK_INT(c.max_interval, 365);
	CHECK_INT(c.fuzz, 0);
	CHECK_NEAR(c.w[4], 4.93 + 2 * 0.94, 1e-12);	/* 17 -> 21 upgrade */
	CHECK_NEAR(c.w[20], 0.5, 0);
}

/* A bad line: error names the file, the line and the key; defaults stay. */
static void test_bad_values(void)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{ "desired_retention = 1.5\n", ":1: 'desired_retention': bad value '1.5'" },
		{ "\nnew_per_day = lots\n", ":2: 'new_per_day': bad value 'lots'" },
		{ "rollover_hour = 24\n", ":1: 'rollover_hour'" },
		{ "learning_steps = 1m 5x\n", ":1: 'learning_steps'" },
		{ "colour = blue\n", ":1: 'colour': unknown key" },
		{ "just words\n", ":1: expected 'key = value'" },
		{ "fsrs_params = 1, 2, 3\n", ":1: 'fsrs_params': 3 parameters given" },
		{ "review_order = random\n", ":1: 'review_order'" },
	};
	struct config c;
	char err[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(load(&c, cases[i].text, err, sizeof(err)), -1);
		CHECK_MSG(strstr(err, path) && strstr(err, cases[i].want),
			  "error '%s' lacks '%s'", err, cases[i].want);
		CHECK_INT(c.new_per_day, 20);	/* defaults kept */
	}
}

int main(void)
{
	int fd = mkstemp(path);

	if (fd >= 0)
		close(fd);
	TEST_RUN(test_defaults);
	TEST_RUN(test_every_key);
	TEST_RUN(test_bad_values);
	unlink(path);
	return test_done();
}
