// SPDX-License-Identifier: GPL-2.0
/*
 * test-scn.c - the scenario interpreter: values, expect, ask, errors that
 * name file:line and the token, and random garbage lines that must be
 * refused or run, never crash.
 */
#include <stdlib.h>
#include <string.h>

#include "scn.h"
#include "test.h"

static int n_fail, n_answer;
static long long last_answer;

static void on_out(const struct scn_out *o, void *data)
{
	(void)data;
	if (o->type == SCN_OUT_FAIL)
		n_fail++;
	if (o->type == SCN_OUT_ANSWER) {
		n_answer++;
		last_answer = o->value;
	}
}

static struct scn *run(const char *const *lines)
{
	struct scn *s = scn_new("t.scn", on_out, NULL, 1);
	int i;

	for (i = 0; lines[i]; i++)
		CHECK_MSG(scn_line(s, i + 1, lines[i]) == 0, "line %d: %s",
			  i + 1, scn_error(s));
	return s;
}

static void test_expect(void)
{
	static const char *const lines[] = {
		"machine ram=64M  # comment",
		"",
		"alloc_pages A order=3",
		"expect buddy.dma32[3] == 1",
		"expect buddy.dma32[3] != 1",
		"expect A.pfn >= 4096",
		"expect zone.dma32.free < 12288",
		"ask \"pfn of B?\" B.pfn",
		"alloc_pages B order=0",
		"expect vmstat.pgalloc_dma32 == 9",
		NULL,
	};
	struct scn *s;

	n_fail = n_answer = 0;
	s = run(lines);
	CHECK_INT(scn_passed(s), 4);
	CHECK_INT(scn_failed(s), 1);
	CHECK_INT(n_fail, 1);
	CHECK_INT(n_answer, 1);
	CHECK_INT(last_answer, 0x1008);
	scn_free(s);
}

struct bad {
	const char *line;
	const char *msg;
};

static void test_errors(void)
{
	static const struct bad bad[] = {
		{ "frobnicate x", "t.scn:1: unknown command 'frobnicate'" },
		{ "proc A", "t.scn:1: process lines are not supported yet (part 2): 'proc'" },
		{ "A mmap buf 64K", "t.scn:1: process lines are not supported yet (part 2): 'A'" },
		{ "alloc_pages A order=11", "t.scn:1: bad order '11' (0-10)" },
		{ "alloc_pages A order=1 gfp=nofs", "t.scn:1: bad gfp 'nofs' (kernel or atomic)" },
		{ "free_pages Z", "t.scn:1: unknown name 'Z'" },
		{ "expect buddy.dma[11] == 0", "t.scn:1: bad value 'buddy.dma[11]'" },
		{ "expect buddy.dma[1] =~ 0", "t.scn:1: bad operator '=~'" },
		{ "expect nothing == 0", "t.scn:1: unknown value 'nothing'" },
		{ "machine ram=3M", "t.scn:1: cannot create machine" },
		{ "machine ram=64Q", "t.scn:1: bad size '64Q'" },
		{ "show slabinfo", "t.scn:1: 'show slabinfo' is not supported yet" },
		{ "ask \"unterminated", "t.scn:1: unterminated quote" },
		{ "show", "t.scn:1: wrong number of arguments to 'show'" },
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct scn *s = scn_new("t.scn", NULL, NULL, 0);

		CHECK_MSG(scn_line(s, 1, bad[i].line) < 0, "accepted '%s'",
			  bad[i].line);
		CHECK_MSG(!strncmp(scn_error(s), bad[i].msg,
				   strlen(bad[i].msg)),
			  "'%s': got '%s'", bad[i].line, scn_error(s));
		scn_free(s);
	}
}

/* Random lines from a vocabulary and random bytes: no crash, sane error. */
static void test_garbage(void)
{
	static const char *const words[] = {
		"machine", "alloc_pages", "free_pages", "show", "expect",
		"ask", "A", "B", "order=0", "order=10", "order=-1", "gfp=atomic",
		"ram=16M", "buddyinfo", "zoneinfo", "vmstat", "dmesg", "==",
		"<", "buddy.dma[0]", "buddy.normal[", "zone.dma.min", "\"",
		"\"q\"", "#", "0x10", "99999999999999999999", "A.pfn", "B.ok",
		"min_free_kbytes=1", "proc", "mmap", "",
	};
	unsigned int seed = 7;
	int i, bad = 0;

	for (i = 0; i < 20000; i++) {
		struct scn *s = scn_new("g.scn", on_out, NULL, i & 1);
		char line[600];
		size_t len = 0;
		int k, n, ret;

		seed = seed * 1103515245 + 12345;
		n = (seed >> 16) % 8;
		for (k = 0; k < n; k++) {
			const char *w;

			seed = seed * 1103515245 + 12345;
			if ((seed >> 20) % 7 == 0) {
				line[len++] = (char)((seed >> 8) & 0xff ?
						     (seed >> 8) & 0xff : 'x');
			} else {
				w = words[(seed >> 16) %
					  (sizeof(words) / sizeof(words[0]))];
				len += (size_t)snprintf(line + len,
							sizeof(line) - len,
							"%s", w);
			}
			line[len++] = ' ';
		}
		line[len] = '\0';
		ret = scn_line(s, 3, line);
		if (ret && strncmp(scn_error(s), "g.scn:3: ", 9))
			bad++;
		ret = scn_line(s, 4, line);	/* and again, after state */
		if (ret && strncmp(scn_error(s), "g.scn:4: ", 9))
			bad++;
		scn_end(s);
		scn_free(s);
	}
	CHECK_INT(bad, 0);
}

int main(void)
{
	TEST_RUN(test_expect);
	TEST_RUN(test_errors);
	TEST_RUN(test_garbage);
	return test_done();
}
