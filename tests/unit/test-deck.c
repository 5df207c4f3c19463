// SPDX-License-Identifier: GPL-2.0
/*
 * test-deck.c - unit tests for the deck parser and linter (core/deck.c):
 * the user's own deck (tests/data/seed-deck.md, a copy of the seed, kept
 * unedited), structure inside code fences, tolerance of CRLF/BOM, and every
 * diagnostic with its line number.
 */
#include <stdlib.h>

#include "core/deck.h"
#include "test.h"
#include "util/sbuf.h"

static void parse(struct deck *d, const char *text)
{
	deck_parse(d, "t.md", text, strlen(text));
}

/* The diagnostic at @line, or NULL. */
static const char *diag_at(const struct deck *d, int line)
{
	size_t i;

	for (i = 0; i < d->ndiags; i++)
		if (d->diags[i].line == line)
			return d->diags[i].msg;
	return NULL;
}

static void test_seed_deck(void)
{
	struct sbuf sb = SBUF_INIT;
	struct deck d = DECK_INIT;
	int lv[4] = { 0 };
	size_t i, tables = 0, fences = 0, cjk = 0;

	CHECK_INT(sbuf_read_file(&sb, "tests/data/seed-deck.md"), 0);
	deck_parse(&d, "seed.md", sb.buf, sb.len);
	CHECK_INT(d.nerrors, 0);
	CHECK_INT(d.ncards, 41);
	CHECK_INT(d.nsections, 15);
	for (i = 0; i < d.ncards; i++) {
		lv[d.cards[i].level]++;
		tables += strstr(d.cards[i].answer, "|---") != NULL;
		fences += strstr(d.cards[i].answer, "```") != NULL;
		cjk += strstr(d.cards[i].answer, "\xe5\x86\x85") != NULL;
	}
	CHECK_INT(lv[DECK_BASIC], 11);
	CHECK_INT(lv[DECK_INTERMEDIATE], 23);
	CHECK_INT(lv[DECK_ADVANCED], 7);
	CHECK(tables > 5 && fences > 20 && cjk > 5);
	CHECK_STR(d.title, "Memory Management Flashcards - Linux Kernel "
		  "Implementation");
	CHECK(d.meta && strstr(d.meta, "Focus: Linux Kernel memory"));
	CHECK_STR(d.cards[0].section,
		  "1. Memory Architecture Overview (\xe5\x86\x85\xe5\xad\x98"
		  "\xe6\x9e\xb6\xe6\x9e\x84\xe6\xa6\x82\xe8\xbf\xb0)");
	CHECK_STR(d.cards[0].question,
		  "What are the three main layers of Linux memory management?");
	CHECK_INT(d.cards[0].line, 13);
	/* The ASCII diagram is kept to the byte, fence and all. */
	CHECK(!strncmp(d.cards[0].answer, "```\n+-----", 10));
	CHECK(strstr(sb.buf, d.cards[0].answer) != NULL);
	for (i = 0; i < d.ncards; i++)
		CHECK_MSG(strstr(sb.buf, d.cards[i].answer) != NULL,
			  "answer of card at line %d not verbatim",
			  d.cards[i].line);
	deck_release(&d);
	sbuf_release(&sb);
}

static void test_fence_content(void)
{
	struct deck d = DECK_INIT;

	parse(&d, "# T\n## 1. S\n---\nQ: What does this print?\nA:\n"
	      "```\n---\nQ: not a card\nA: not an answer\n[Basic]\n```\n"
	      "Nothing.\n[Advanced]\n---\n");
	CHECK_INT(d.nerrors, 0);
	CHECK_INT(d.ncards, 1);
	CHECK_INT(d.cards[0].level, DECK_ADVANCED);
	CHECK(strstr(d.cards[0].answer, "---\nQ: not a card\n") != NULL);
	CHECK(strstr(d.cards[0].answer, "[Basic]\n```\nNothing.") != NULL);
	deck_release(&d);
}

static void test_crlf_bom_no_newline(void)
{
	struct deck d = DECK_INIT;

	parse(&d, "\xef\xbb\xbf# T\r\n---\r\nQ: one  \r\nA: two\r\n"
	      "[Basic]   \r\n---\r\nQ: three\r\nA: four\r\n[Intermediate]");
	CHECK_INT(d.nerrors, 0);
	CHECK_INT(d.ncards, 2);
	CHECK_STR(d.title, "T");
	CHECK_STR(d.cards[0].question, "one");
	CHECK_STR(d.cards[0].answer, "two");
	CHECK_INT(d.cards[1].level, DECK_INTERMEDIATE);
	deck_release(&d);
}

static void test_metadata(void)
{
	struct deck d = DECK_INIT;
	char key[13];

	parse(&d, "---\nQ: a\nA: b\n\nLab: sim-buddy-split\nID: buddy-x\n"
	      "Tags: buddy, alloc\n[Basic]\n---\nQ: multi\nline  question\n"
	      "A: c\n[Basic]\n");
	CHECK_INT(d.nerrors, 0);
	CHECK_INT(d.ncards, 2);
	CHECK_STR(d.cards[0].lab, "sim-buddy-split");
	CHECK_INT(d.cards[0].lab_line, 5);
	CHECK_STR(d.cards[0].id, "buddy-x");
	CHECK_STR(d.cards[0].key, "buddy-x");
	CHECK_STR(d.cards[0].tags, "buddy, alloc");
	CHECK_STR(d.cards[0].answer, "b");
	deck_question_key("multi line question", key);
	CHECK_STR(d.cards[1].key, key);
	deck_question_key("  multi\tline\n\nquestion ", key);
	CHECK_STR(d.cards[1].key, key);
	deck_question_key("multi line questions", key);
	CHECK(strcmp(d.cards[1].key, key) != 0);
	CHECK_INT(strlen(key), 12);
	deck_release(&d);
}

/* Source: is peeled like the other keys; only a Kernel deck wants it. */
static void test_source(void)
{
	struct deck d = DECK_INIT;
	uint64_t h;

	parse(&d, "# T\n\n> **Kernel**: 6.1\n\n---\nQ: a\nA: b\n"
	      "Source: mm/slub.c check_object\nID: x\n[Basic]\n---\n"
	      "Q: c\nA: d\n[Basic]\n");
	CHECK_INT(d.nerrors, 0);
	CHECK_INT(d.ncards, 2);
	CHECK_STR(d.cards[0].source, "mm/slub.c check_object");
	CHECK_STR(d.cards[0].answer, "b");
	CHECK(d.cards[1].source == NULL);
	CHECK_INT(deck_wants_source(&d), 1);
	h = d.cards[0].hash;
	deck_release(&d);
	parse(&d, "---\nQ: a\nA: b\nSource: mm/slab.c\nID: x\n[Basic]\n"
	      "---\nQ: c\nA: d\nSource: x\nSource: y\n[Basic]\n");
	CHECK_INT(deck_wants_source(&d), 0);
	CHECK_INT(d.ncards, 1);
	CHECK_INT(d.nerrors, 1);
	CHECK(d.cards[0].hash != h);
	deck_release(&d);
}

static void test_missing_separator(void)
{
	struct deck d = DECK_INIT;

	parse(&d, "Q: a\nA: b\n[Basic]\nQ: c\nA: d\n[Basic]\n");
	CHECK_INT(d.nerrors, 0);
	CHECK_INT(d.ncards, 2);
	deck_release(&d);
}

static void test_diagnostics(void)
{
	struct deck d = DECK_INIT;

	parse(&d, "# T\n"			/* 1 */
	      "---\n"				/* 2 */
	      "Q: no answer\n"			/* 3 */
	      "---\n"				/* 4 */
	      "Q: empty answer\n"		/* 5 */
	      "A:\n"				/* 6 */
	      "[Basic]\n"			/* 7 */
	      "---\n"				/* 8 */
	      "Q: no level\n"			/* 9 */
	      "A: text\n"			/* 10 */
	      "---\n"				/* 11 */
	      "Q: bad level\n"			/* 12 */
	      "A: text\n"			/* 13 */
	      "[Expert]\n"			/* 14 */
	      "---\n"				/* 15 */
	      "Q: bad utf8 \xff\n"		/* 16 */
	      "A: x\n"				/* 17 */
	      "[Basic]\n"			/* 18 */
	      "---\n"				/* 19 */
	      "A: orphan\n"			/* 20 */
	      "---\n"				/* 21 */
	      "Q: bad lab\n"			/* 22 */
	      "A: x\n"				/* 23 */
	      "Lab: Bad Lab\n"			/* 24 */
	      "[Basic]\n"			/* 25 */
	      "---\n"				/* 26 */
	      "Q: fence\n"			/* 27 */
	      "A: x\n"				/* 28 */
	      "```c\n"				/* 29 */
	      "int x;\n"			/* 30 */
	      "[Basic]\n");			/* 31 */
	CHECK(diag_at(&d, 3) && strstr(diag_at(&d, 3), "missing 'A:'"));
	CHECK(diag_at(&d, 6) && strstr(diag_at(&d, 6), "empty answer"));
	CHECK(diag_at(&d, 10) && strstr(diag_at(&d, 10), "missing level"));
	CHECK(diag_at(&d, 14) && strstr(diag_at(&d, 14), "unknown level "
						  "tag '[Expert]'"));
	CHECK(diag_at(&d, 16) && strstr(diag_at(&d, 16), "invalid UTF-8"));
	CHECK(diag_at(&d, 20) && strstr(diag_at(&d, 20), "without a 'Q:'"));
	CHECK(diag_at(&d, 24) && strstr(diag_at(&d, 24), "invalid lab id"));
	CHECK(diag_at(&d, 29) && strstr(diag_at(&d, 29), "unterminated code"
						  " fence"));
	CHECK_INT(d.nerrors, 8);
	CHECK_INT(d.ncards, 1);	/* only the UTF-8 card parses */
	deck_release(&d);
}

static void test_duplicates(void)
{
	struct deck d[2] = { DECK_INIT, DECK_INIT };
	const char *a = "Q: same\nA: x\n[Basic]\n---\n"
			"Q: other\nA: y\nID: k1\n[Basic]\n";

	deck_parse(&d[0], "a.md", a, strlen(a));
	parse(&d[1], "---\nQ: same \nA: z\n[Basic]\n---\nQ: third\nA: w\n"
	      "ID: k1\n[Basic]\n");
	CHECK_INT(d[0].nerrors, 0);
	CHECK_INT(deck_check_duplicates(d, 2), 2);
	CHECK(diag_at(&d[1], 2) && strstr(diag_at(&d[1], 2),
		  "duplicate question (first at a.md:1)"));
	CHECK(diag_at(&d[1], 6) && strstr(diag_at(&d[1], 6),
		  "duplicate ID 'k1' (first at a.md:5)"));
	deck_release(&d[0]);
	deck_release(&d[1]);
}

/* Fuzzer find: a bare "## " or "# " heading underflowed its length. */
static void test_bare_headings(void)
{
	struct deck d = DECK_INIT;
	static const char text[] = "# \n## \nQ: a\nA: b\n[Basic]\n";
	char *copy = malloc(sizeof(text) - 1);

	memcpy(copy, text, sizeof(text) - 1);	/* no NUL after the text */
	deck_parse(&d, "t.md", copy, sizeof(text) - 1);
	CHECK_INT(d.ncards, 1);
	CHECK_STR(d.title, "t");	/* empty title: the file's name */
	CHECK_STR(d.cards[0].section, "");
	deck_release(&d);
	free(copy);
}

/* A fence may open right after "A: ", as Markdown sees the answer. */
static void test_fence_on_answer_line(void)
{
	struct deck d = DECK_INIT;

	parse(&d, "Q: a\nA: ```\n---\n```\ntext\n[Basic]\n---\n"
	      "Q: b\nA: c\n[Basic]\n");
	CHECK_INT(d.nerrors, 0);
	CHECK_INT(d.ncards, 2);
	CHECK(d.ncards && !strncmp(d.cards[0].answer, "```\n---\n```", 11));
	deck_release(&d);
}

int main(void)
{
	TEST_RUN(test_fence_on_answer_line);
	TEST_RUN(test_bare_headings);
	TEST_RUN(test_seed_deck);
	TEST_RUN(test_fence_content);
	TEST_RUN(test_crlf_bom_no_newline);
	TEST_RUN(test_metadata);
	TEST_RUN(test_source);
	TEST_RUN(test_missing_separator);
	TEST_RUN(test_diagnostics);
	TEST_RUN(test_duplicates);
	return test_done();
}
