// SPDX-License-Identifier: GPL-2.0
/*
 * test-utf8.c - util/utf8.c: widths of ASCII, CJK, combining marks,
 * invalid bytes and controls; cutting to N columns at a character
 * boundary; the terminal-safe form of text (U+FFFD, '?', tabs); strict
 * validation.
 */
#include <locale.h>
#include <string.h>

#include "test.h"
#include "util/utf8.h"

#define W(s) utf8_width(s, strlen(s))

static void test_utf8_width(void)
{
	int w;

	CHECK_INT(W(""), 0);
	CHECK_INT(W("page"), 4);
	CHECK_INT(W("中文"), 4);
	CHECK_INT(W("e\xcc\x81"), 1);		/* e + combining acute */
	CHECK_INT(W("a\xff" "b"), 3);		/* invalid byte: one column */
	CHECK_INT(W("\xe4\xb8"), 2);		/* truncated: two bytes, two */
	CHECK_INT(W("\x01\x1b"), 2);		/* controls: one each */
	CHECK_INT(utf8_char("中x", 4, &w), 3);
	CHECK_INT(w, 2);
	CHECK_INT(utf8_char("\xc3", 1, &w), 1);
	CHECK_INT(w, 1);
}

static void test_utf8_fit(void)
{
	const char *s = "ab中文c";
	size_t len = strlen(s);
	int used;

	CHECK_INT(utf8_fit(s, len, 100, &used), len);
	CHECK_INT(used, 7);
	CHECK_INT(utf8_fit(s, len, 4, &used), 5);	/* "ab中" */
	CHECK_INT(used, 4);
	/* a wide character never straddles the edge */
	CHECK_INT(utf8_fit(s, len, 3, &used), 2);
	CHECK_INT(used, 2);
	CHECK_INT(utf8_fit(s, len, 0, &used), 0);
	CHECK_INT(used, 0);
	CHECK_INT(utf8_fit(s, len, -5, NULL), 0);
	/* a combining mark stays with its base */
	CHECK_INT(utf8_fit("e\xcc\x81x", 4, 1, &used), 3);
	CHECK_INT(used, 1);
	/* @len bounds the text, not its NUL */
	CHECK_INT(utf8_fit("abc\ndef", 3, 10, NULL), 3);
}

static void test_utf8_sanitize(void)
{
	struct sbuf sb = SBUF_INIT;
	int col = 3;

	CHECK_INT(utf8_sanitize(&sb, "a\tb", 3, NULL), 3);
	CHECK_STR(sb.buf, "a b");
	sbuf_reset(&sb);
	/* the tab runs to the next stop of 8 from column 3 + 1 */
	CHECK_INT(utf8_sanitize(&sb, "a\tb", 3, &col), 1 + 4 + 1);
	CHECK_STR(sb.buf, "a    b");
	sbuf_reset(&sb);
	CHECK_INT(utf8_sanitize(&sb, "x\x1b[31m\x7f\r\n", 9, NULL), 9);
	CHECK_STR(sb.buf, "x?[31m?  ");
	sbuf_reset(&sb);
	/* C1 control U+0085, an invalid byte, a wide character */
	CHECK_INT(utf8_sanitize(&sb, "\xc2\x85\xff中", 6, NULL), 4);
	CHECK_STR(sb.buf, "?\xef\xbf\xbd中");
	sbuf_reset(&sb);
	/* a right-to-left override and an isolate are shown, one column */
	CHECK_INT(utf8_sanitize(&sb, "a\xe2\x80\xae" "b\xe2\x81\xa6", 8,
				NULL), 4);
	CHECK_STR(sb.buf, "a?b?");
	sbuf_release(&sb);
}

static void test_utf8_valid(void)
{
	CHECK_INT(utf8_valid("a", 1), 1);
	CHECK_INT(utf8_valid("\xc3\xa9", 2), 2);
	CHECK_INT(utf8_valid("中", 3), 3);
	CHECK_INT(utf8_valid("\xf0\x9f\x98\x80", 4), 4);
	CHECK_INT(utf8_valid("\xc3", 1), 0);		/* truncated */
	CHECK_INT(utf8_valid("\x80", 1), 0);		/* continuation */
	CHECK_INT(utf8_valid("\xc0\xaf", 2), 0);	/* overlong '/' */
	CHECK_INT(utf8_valid("\xe0\x80\xaf", 3), 0);	/* overlong */
	CHECK_INT(utf8_valid("\xed\xa0\x80", 3), 0);	/* surrogate */
	CHECK_INT(utf8_valid("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
	CHECK_INT(utf8_valid("\xe4\xb8x", 3), 0);	/* bad continuation */
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	TEST_RUN(test_utf8_width);
	TEST_RUN(test_utf8_fit);
	TEST_RUN(test_utf8_sanitize);
	TEST_RUN(test_utf8_valid);
	return test_done();
}
