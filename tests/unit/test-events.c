// SPDX-License-Identifier: GPL-2.0
/*
 * test-events.c - the event log's lines (format, parse, hostile input),
 * the log file reader and events_replay(): ordering, undo, bury, reset,
 * and that the replay equals grading step by step with the scheduler.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/config.h"
#include "core/events.h"
#include "core/sched.h"
#include "util/sbuf.h"
#include "test.h"

#define T0 INT64_C(1780000000000)	/* ms */

static struct event ev(int64_t seq, int64_t t, int kind, const char *key,
		       int rating)
{
	struct event e;

	memset(&e, 0, sizeof(e));
	snprintf(e.device, sizeof(e.device), "dev1");
	e.seq = seq;
	e.time_ms = t;
	e.kind = kind;
	snprintf(e.subject, sizeof(e.subject), "%s", key);
	e.rating = rating;
	return e;
}

static int parse(const char *line, struct event *e)
{
	char err[128];

	return event_parse(line, strlen(line), "dev1", e, err, sizeof(err));
}

static void test_events_round_trip(void)
{
	struct event in[3], out;
	struct sbuf sb = SBUF_INIT;
	char *nl;
	int i;

	in[0] = ev(1, T0, EVENT_REVIEW, "buddy.order-2", 4);
	in[0].duration_ms = 4200;
	in[1] = ev(2, T0 + 1, EVENT_UNDO, "buddy.order-2", 0);
	in[1].ref = 1;
	in[2] = ev(3, T0 + 2, EVENT_LAB, "kmod-slab", 0);
	snprintf(in[2].mode, sizeof(in[2].mode), "vm");
	snprintf(in[2].verdict, sizeof(in[2].verdict), "pass");
	in[2].duration_ms = 9120;
	for (i = 0; i < 3; i++) {
		sbuf_reset(&sb);
		event_format(&in[i], &sb);
		nl = strchr(sb.buf, '\n');
		CHECK(nl && nl[1] == '\0');
		CHECK_INT(event_parse(sb.buf, sb.len - 1, "dev1", &out, NULL,
				      0), 0);
		CHECK(!memcmp(&in[i], &out, sizeof(out)));
	}
	sbuf_reset(&sb);
	event_format(&in[0], &sb);
	CHECK_STR(sb.buf, "1\t1780000000000\treview\tbuddy.order-2\t4\t4200\n");
	sbuf_release(&sb);
}

static void test_events_hostile(void)
{
	static const char *const bad[] = {
		"", "1", "1\t2\treview\tk\t3", "x\t1\treview\tk\t3\t0",
		"0\t1\treview\tk\t3\t0", "1\t-5\treview\tk\t3\t0",
		"1\t1\treview\tk\t5\t0", "1\t1\treview\tk\t3\t-1",
		"1\t1\tpanic\tk\t3\t0", "1\t1\treview\tk;rm\t3\t0",
		"1\t1\treview\t--upload-pack\t3\t0x", "1\t1\tundo\tk\t1",
		"2\t1\tundo\tk\t2", "1\t1\tsuspend\tk\textra",
		"1\t1\tlab\tLAB\tsim\tpass\t1", "1\t1\tlab\tl\tkvm\tpass\t1",
		"1\t1\tlab\tl\tsim\tmaybe\t1", "1\t1\treview\tk\t3\t0\r",
		"1\t99999999999999999999\treview\tk\t3\t0",
		"1\t1\treview\tk\t3\t0\t\t\t\t\t\t", "01\t1\tbury\tk",
		"1\t-0\tbury\tk", "1\t+5\tbury\tk", "1\t 5\tbury\tk",
	};
	char big[EVENT_LINE_MAX + 10];
	struct event e;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK_MSG(parse(bad[i], &e) < 0, "accepted: %s", bad[i]);
	CHECK_INT(parse("2\t1\tundo\tk\t1", &e), 0);
	CHECK_INT(e.ref, 1);
	CHECK_INT(parse("7\t1\tbury\tk-1_x.y", &e), 0);
	CHECK_INT(e.kind, EVENT_BURY);
	memset(big, 'a', sizeof(big));
	memcpy(big, "1\t1\tbury\t", 9);
	CHECK(event_parse(big, sizeof(big), "dev1", &e, NULL, 0) < 0);
	CHECK(event_parse("1\t1\tbu\0ry\tk", 11, "dev1", &e, NULL, 0) < 0);
	CHECK(event_device_valid("3f2a9c41d07e"));
	CHECK(!event_device_valid("-x"));
	CHECK(!event_device_valid("../x"));
	CHECK(!event_device_valid(""));
}

struct collect {
	struct event e[8];
	int n;
};

static int collect_fn(void *arg, const struct event *e)
{
	struct collect *c = arg;

	if (c->n < 8)
		c->e[c->n++] = *e;
	return 0;
}

static int write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	fputs(text, f);
	return fclose(f);
}

static void test_events_read_file(void)
{
	char path[] = "/tmp/test-events-XXXXXX";
	struct collect c = { .n = 0 };
	char err[128];
	int fd = mkstemp(path), line;

	CHECK(fd >= 0);
	close(fd);
	/* a comment, two events, a torn last line */
	write_file(path, "# head\n1\t5\tbury\tk\n\n2\t6\tsuspend\tk\n3\t7\tb");
	CHECK_INT(events_read_file(path, "dev1", 0, collect_fn, &c, &line,
				   err, sizeof(err)), 0);
	CHECK_INT(c.n, 2);
	CHECK_INT(c.e[1].seq, 2);
	c.n = 0;
	CHECK_INT(events_read_file(path, "dev1", 1, collect_fn, &c, &line,
				   err, sizeof(err)), 0);
	CHECK_INT(c.n, 1);
	/* sequence numbers must rise */
	write_file(path, "1\t5\tbury\tk\n3\t6\tbury\tk\n2\t7\tbury\tk\n");
	c.n = 0;
	CHECK_INT(events_read_file(path, "dev1", 0, collect_fn, &c, &line,
				   err, sizeof(err)), -1);
	CHECK_INT(line, 3);
	CHECK(strstr(err, "not above") != NULL);
	unlink(path);
	/* a symbolic link is not read */
	CHECK_INT(symlink("/etc/passwd", path), 0);
	CHECK_INT(events_read_file(path, "dev1", 0, collect_fn, &c, &line,
				   err, sizeof(err)), -1);
	CHECK_INT(line, 0);
	unlink(path);
}

struct rows {
	struct store_review r[16];
	int n;
};

static void rows_fn(void *arg, const struct store_review *r)
{
	struct rows *w = arg;

	if (w->n < 16)
		w->r[w->n++] = *r;
}

/* The replay equals grading one review at a time with the scheduler. */
static void test_events_replay_matches_sched(void)
{
	static const int ratings[] = { 3, 3, 1, 3, 4, 2 };
	struct config cfg;
	struct event e[6];
	struct store_sched st;
	struct events_result res;
	struct sched_card c;
	struct rows w = { .n = 0 };
	int64_t t = T0;
	int i;

	config_defaults(&cfg);
	memset(&c, 0, sizeof(c));
	for (i = 0; i < 6; i++) {
		struct sched_outcome o[4];

		e[i] = ev(i + 1, t, EVENT_REVIEW, "card-x", ratings[i]);
		sched_preview(&cfg, &c, sched_seed("card-x"), t / 1000, o);
		c = o[ratings[i] - 1].card;
		t += (int64_t)(i + 1) * 3 * 86400 * 1000;
	}
	events_replay(&cfg, "card-x", e, 6, &st, rows_fn, &w, &res);
	CHECK_INT(res.reviews, 6);
	CHECK_INT(w.n, 6);
	CHECK_INT(st.state, c.state);
	CHECK_INT(st.due, c.due);
	CHECK_INT(st.reps, c.reps);
	CHECK_INT(st.lapses, c.lapses);
	CHECK(st.stability == c.s);
	CHECK(st.difficulty == c.d);
	CHECK_INT(w.r[2].rating, 1);
	CHECK_INT(w.r[2].state, STORE_REVIEW);
	/* the fuzz seed is the key: another key gives other dates */
	{
		struct store_sched st2;
		int differ = 0;
		char key[32];

		for (i = 0; i < 20 && !differ; i++) {
			snprintf(key, sizeof(key), "other-%d", i);
			events_replay(&cfg, key, e, 6, &st2, NULL, NULL, &res);
			differ = st2.due != st.due;
		}
		CHECK(differ);
	}
}

static void test_events_undo_bury_reset(void)
{
	struct config cfg;
	struct event e[6];
	struct store_sched a, b;
	struct events_result res;

	config_defaults(&cfg);
	e[0] = ev(1, T0, EVENT_REVIEW, "k", 3);
	e[1] = ev(2, T0 + 1000, EVENT_REVIEW, "k", 1);
	e[2] = ev(3, T0 + 2000, EVENT_UNDO, "k", 0);
	e[2].ref = 2;
	events_replay(&cfg, "k", e, 3, &a, NULL, NULL, &res);
	events_replay(&cfg, "k", e, 1, &b, NULL, NULL, &res);
	CHECK(!memcmp(&a, &b, sizeof(a)));
	/* an undo of another device's seq takes nothing back */
	snprintf(e[2].device, sizeof(e[2].device), "dev2");
	events_replay(&cfg, "k", e, 3, &a, NULL, NULL, &res);
	CHECK_INT(res.reviews, 2);
	e[3] = ev(4, T0 + 3000, EVENT_BURY, "k", 0);
	events_replay(&cfg, "k", e + 3, 1, &a, NULL, NULL, &res);
	CHECK_INT(a.queue, STORE_Q_BURIED);
	CHECK(a.buried_until > (T0 + 3000) / 1000);
	CHECK(a.buried_until <= (T0 + 3000) / 1000 + 86400);
	e[4] = ev(5, T0 + 4000, EVENT_SUSPEND, "k", 0);
	e[5] = ev(6, T0 + 5000, EVENT_RESET, "k", 0);
	events_replay(&cfg, "k", e, 6, &a, NULL, NULL, &res);
	CHECK_INT(a.state, STORE_NEW);
	CHECK_INT(a.reps, 0);
	CHECK_INT(a.queue, STORE_Q_NORMAL);
}

static void test_events_order(void)
{
	struct event e[3];

	e[0] = ev(9, T0, EVENT_REVIEW, "k", 3);
	snprintf(e[0].device, sizeof(e[0].device), "bbb");
	e[1] = ev(1, T0, EVENT_REVIEW, "k", 3);
	snprintf(e[1].device, sizeof(e[1].device), "aaa");
	e[2] = ev(2, T0 - 1, EVENT_REVIEW, "k", 3);
	snprintf(e[2].device, sizeof(e[2].device), "zzz");
	qsort(e, 3, sizeof(e[0]), events_cmp);
	CHECK_STR(e[0].device, "zzz");
	CHECK_STR(e[1].device, "aaa");
	CHECK_STR(e[2].device, "bbb");
}

int main(void)
{
	TEST_RUN(test_events_round_trip);
	TEST_RUN(test_events_hostile);
	TEST_RUN(test_events_read_file);
	TEST_RUN(test_events_replay_matches_sched);
	TEST_RUN(test_events_undo_bury_reset);
	TEST_RUN(test_events_order);
	return test_done();
}
