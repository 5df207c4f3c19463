// SPDX-License-Identifier: GPL-2.0
/*
 * test-scn.c - the scenario interpreter: every line kind, values for
 * expect, errors naming the token, process lines rejected until part 2,
 * ask answered after the next line, and random garbage lines that must
 * produce errors, never crashes.
 */
#include <errno.h>
#include <stdlib.h>

#include "sim/scn.h"
#include "test.h"

static char outbuf[65536];
static size_t outlen;
static char asked[256], truth[256];
static int asks;

static void out(void *ctx, enum scn_out_kind kind, const char *text)
{
	(void)ctx;
	(void)kind;
	outlen += (size_t)snprintf(outbuf + outlen, sizeof(outbuf) - outlen,
				   "%s%s", text,
				   kind == SCN_OUT_SHOW ? "" : "\n");
	if (outlen >= sizeof(outbuf))
		outlen = sizeof(outbuf) - 1;
}

static void ask(void *ctx, const char *q, const struct scn_val *v)
{
	(void)ctx;
	if (!v) {
		snprintf(asked, sizeof(asked), "%s", q);
	} else {
		snprintf(truth, sizeof(truth), "%s", v->str);
		asks++;
	}
}

/* Run a text; returns the error, s stays usable. */
static int run(struct scn *s, const char *text)
{
	outlen = 0;
	outbuf[0] = '\0';
	scn_init(s, "t.scn");
	s->out = out;
	s->ask = ask;
	return scn_run_text(s, text);
}

static void test_expect(void)
{
	struct scn s;

	CHECK_INT(run(&s, "machine ram=4M\n"
		      "alloc_pages P order=2\n"
		      "expect P.pfn == 0\n"
		      "expect buddy.dma[2] == 1\n"
		      "expect buddy.dma[2] != 2\n"
		      "expect mem.free < 1024\n"
		      "expect mem.free >= 1020\n"
		      "expect P.zone == DMA\n"
		      "expect zone.dma.free == mem.free\n"
		      "expect buddy.dma[3] == 5\n"), 0);
	CHECK_INT(s.passed, 7);
	CHECK_INT(s.failed, 1);
	CHECK(strstr(outbuf, "FAILED: buddy.dma[3] == 5 (is 1)") != NULL);
	scn_free(&s);
}

static void test_show(void)
{
	struct scn s;

	CHECK_INT(run(&s, "machine ram=4M\nshow buddyinfo\n"), 0);
	CHECK_STR(outbuf, "Node 0, zone      DMA      0      0      0      0"
		  "      0      0      0      0      0      0      1 \n");
	scn_free(&s);
	CHECK_INT(run(&s, "show slabinfo\n"), 0);	/* default machine */
	CHECK(strncmp(outbuf, "slabinfo - version: 2.1\n", 24) == 0);
	scn_free(&s);
}

static void test_errors(void)
{
	static const struct { const char *line, *err; } t[] = {
		{ "frobnicate 3", "unknown command 'frobnicate'" },
		{ "alloc_pages P order=11", "invalid order '11' (0 to 10)" },
		{ "alloc_pages P order=x", "invalid order 'x' (0 to 10)" },
		{ "alloc_pages P colour=red", "unknown option 'colour=red'" },
		{ "alloc_pages 9P", "invalid name '9P'" },
		{ "free_pages Q", "unknown name 'Q'" },
		{ "machine ram=3M",
		  "invalid ram size 3145728 bytes (4M to 64G)" },
		{ "machine ram=lots", "invalid size 'lots'" },
		{ "machine thp=sometimes",
		  "invalid thp mode 'sometimes' (never, madvise, always)" },
		{ "machine colour=red", "unknown machine option 'colour=red'" },
		{ "cache C", "cache 'C' needs size=N" },
		{ "cache C size=8 flags=Q",
		  "invalid flags 'Q' (letters F Z P U)" },
		{ "cache C size=8 align=3", "invalid align '3'" },
		{ "kmem_cache_alloc nope X", "unknown cache 'nope'" },
		{ "show everything", "unknown show 'everything'" },
		{ "expect mem.free", "expect needs VALUE OP VALUE" },
		{ "expect mem.free <> 3", "unknown operator '<>' (== != < <= > "
		  ">= ~)" },
		{ "expect nothing.here == 3", "unknown value 'nothing.here'" },
		{ "expect buddy.moon[1] == 3",
		  "unknown zone in 'buddy.moon[1]' (dma, dma32, normal)" },
		{ "expect buddy.dma[11] == 3",
		  "invalid order in 'buddy.dma[11]'" },
		{ "expect dmesg ~ oops",
		  "invalid pattern 'oops' (write /regex/)" },
		{ "expect dmesg ~ /(/", "invalid regular expression '/(/': "
		  "unmatched '('" },
		{ "expect dmesg ~ /(e)\\1/", "invalid regular expression "
		  "'/(e)\\1/': backreferences are not supported" },
		{ "expect dmesg ~ /(((a{1,64}){1,64}){1,64}){1,64}/",
		  "invalid regular expression "
		  "'/(((a{1,64}){1,64}){1,64}){1,64}/': too large once its "
		  "bounds are expanded (more than 4000 states)" },
		{ "ask \"unterminated", "unterminated quote '\"unterminated'" },
		{ "kmalloc K 0",
		  "kmalloc of 0 bytes returns ZERO_SIZE_PTR, not memory" },
		{ "repeat 2 repeat 2 show vmstat", "repeat does not nest" },
		{ "A mmap buf 64K", "unknown process 'A'" },
	};
	struct scn s;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		char text[256];

		snprintf(text, sizeof(text), "%s\n", t[i].line);
		CHECK(run(&s, text) < 0);
		CHECK_STR(s.err, t[i].err);
		CHECK_INT(s.line, 1);
		scn_free(&s);
	}
	/* a bad word after a process names the word, not the process */
	CHECK(run(&s, "proc A\nA frobnicate buf\n") < 0);
	CHECK_INT(s.line, 2);
	CHECK_STR(s.err, "unknown process command 'frobnicate' (after 'A')");
	scn_free(&s);
	/* machine must come first */
	CHECK(run(&s, "show vmstat\n\n# c\nmachine ram=8M\n") < 0);
	CHECK_INT(s.line, 4);
	CHECK_STR(s.err, "'machine' must come before any other simulation "
		  "line");
	scn_free(&s);
}

static void test_ask_after_next_line(void)
{
	struct scn s;

	/* resolved after the line following the ask: Y does not exist
	 * yet then, so it is an error at the ask's line */
	CHECK(run(&s, "machine ram=4M\nask \"q\" Y.pfn\nalloc_pages X "
		  "order=0\n") < 0);
	CHECK_INT(s.line, 2);
	scn_free(&s);
	asks = 0;
	CHECK_INT(run(&s, "machine ram=4M\nalloc_pages X order=0\n"
		      "ask \"Which pfn will Y get?\" Y.pfn\n"
		      "alloc_pages Y order=0\n"), 0);
	CHECK_STR(asked, "Which pfn will Y get?");
	CHECK_STR(truth, "1");
	CHECK_INT(asks, 1);
	scn_free(&s);
}

static void test_repeat_and_trace(void)
{
	struct scn s;

	scn_init(&s, "t.scn");
	s.out = out;
	s.trace = 1;
	outlen = 0;
	CHECK_INT(scn_run_text(&s, "machine ram=4M\n"
			       "repeat 4 from=10 by=5 alloc_pages P# order=0\n"
			       "expect P25.pfn == 3\n"), 0);
	CHECK_INT(s.passed, 1);
	CHECK(strstr(outbuf, "__rmqueue_smallest -> expand") != NULL ||
	      strstr(outbuf, "-> expand") != NULL);
	scn_free(&s);
}

/* Random garbage: every line either runs or fails with a message. */
static void test_garbage(void)
{
	static const char *const words[] = {
		"machine", "alloc_pages", "free_pages", "cache", "kmalloc",
		"kfree", "write", "validate", "show", "expect", "ask",
		"kmem_cache_alloc", "kmem_cache_free", "kmem_cache_destroy",
		"repeat", "P", "X", "C", "order=3", "size=100", "flags=FZPU",
		"offset=-9", "byte=0x42", "len=99999", "==", "~", "/x/",
		"\"q", "q\"", "buddyinfo", "slabinfo", "dmesg", "mem.free",
		"slab.C.size", "#", "0", "-1", "99999999999999999999", "[", "]",
		"buddy.dma[", "=", "ram=4M", "A", "mmap", "proc", "~~", "\t",
	};
	unsigned seed = 12345;
	int i, j, errs = 0;
	struct scn s;

	scn_init(&s, "fuzz.scn");
	for (i = 0; i < 20000; i++) {
		char line[512];
		size_t len = 0;
		int n = rand_r(&seed) % 8;

		for (j = 0; j < n; j++) {
			size_t nw = sizeof(words) / sizeof(words[0]);
			const char *w = words[(size_t)rand_r(&seed) % nw];

			len += (size_t)snprintf(line + len, sizeof(line) - len,
						"%s%s", j ? " " : "", w);
		}
		line[len] = '\0';
		if (rand_r(&seed) % 10 == 0 && len)
			line[rand_r(&seed) % len] = (char)(rand_r(&seed) % 256);
		if (scn_line(&s, line) < 0) {
			errs++;
			CHECK(s.err[0] != '\0');
		}
	}
	CHECK(errs > 1000);
	scn_free(&s);
}

int main(void)
{
	TEST_RUN(test_expect);
	TEST_RUN(test_show);
	TEST_RUN(test_errors);
	TEST_RUN(test_ask_after_next_line);
	TEST_RUN(test_repeat_and_trace);
	TEST_RUN(test_garbage);
	return test_done();
}
