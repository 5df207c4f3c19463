// SPDX-License-Identifier: GPL-2.0
/*
 * test-render.c - the Markdown renderer and the terminal output helpers:
 * table alignment by display width (the seed deck's Chinese table), cell
 * wrapping, paragraph wrapping, code blocks kept whole and clipped with a
 * marker, lists, quotes, links and the ASCII fallback.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "core/render.h"
#include "core/term.h"
#include "test.h"
#include "util/utf8.h"

/* From shared/seeds/000_67b6a0e597faa956.txt, "physical vs virtual". */
static const char seed_table[] =
	"| 地址类型 | 说明 | 范围 |\n"
	"|----------|------|------|\n"
	"| **物理地址** | RAM芯片上的实际地址 | 取决于物理内存大小 |\n"
	"| **虚拟地址** | CPU/进程看到的地址 | 32位: 4GB, 64位: 128TB+ |\n";

/* Render @md at @width to plain text (no clipping beyond @clip). */
static char *plain(const char *md, int width, int ascii, int clip)
{
	struct render_opts o = { width, ascii, 0 };
	struct render_doc doc = RENDER_DOC_INIT;
	struct sbuf sb = SBUF_INIT;

	CHECK_INT(render_markdown(md, strlen(md), &o, &doc), 0);
	term_doc(&sb, &doc, 0, clip, ascii ? TERM_ASCII : 0);
	render_doc_release(&doc);
	return sbuf_detach(&sb, NULL);
}

static int is_border(const char *s, size_t n)
{
	static const char *const b[] = {
		"│", "┌", "┬", "┐", "├", "┼", "┤", "└", "┴", "┘", "|"
	};
	size_t i;

	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++)
		if (strlen(b[i]) == n && !memcmp(b[i], s, n))
			return 1;
	return 0;
}

/*
 * Display columns of the border characters of one line, as a string of
 * numbers ("0,12,30,"), so lines can be compared.
 */
static void border_cols(const char *line, size_t len, char *out, size_t sz)
{
	size_t i = 0, n, o = 0;
	int col = 0, w;

	out[0] = '\0';
	while (i < len) {
		n = utf8_char(line + i, len - i, &w);
		if ((is_border(line + i, n) ||
		     (line[0] == '+' && line[i] == '+')) && o < sz)
			o += snprintf(out + o, sz - o, "%d,", col);
		col += w;
		i += n;
	}
}

/*
 * Every line of the table in @text has its borders at the same display
 * columns and is at most @width wide.  Returns the number of lines.
 */
static int check_aligned(const char *text, int width)
{
	char first[256], cur[256];
	const char *p = text, *e;
	int lines = 0;

	first[0] = '\0';
	for (; *p; p = *e ? e + 1 : e) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		border_cols(p, e - p, cur, sizeof(cur));
		if (!*cur)
			continue;
		if (!lines++)
			strcpy(first, cur);
		CHECK_MSG(!strcmp(first, cur), "borders at %s, first line %s: "
			  "%.*s", cur, first, (int)(e - p), p);
		CHECK_MSG(utf8_width(p, e - p) <= width,
			  "line wider than %d: %.*s", width, (int)(e - p), p);
	}
	return lines;
}

static void test_seed_table_100(void)
{
	char *s = plain(seed_table, 100, 0, 100);

	/* 3 rows + 3 borders, nothing wrapped at 100 columns */
	CHECK_INT(check_aligned(s, 100), 6);
	CHECK(strstr(s, "RAM芯片上的实际地址") != NULL);
	CHECK(strstr(s, "32位: 4GB, 64位: 128TB+") != NULL);
	CHECK(strstr(s, "**") == NULL);
	free(s);
}

static void test_seed_table_60(void)
{
	char *s = plain(seed_table, 60, 0, 60);

	CHECK(check_aligned(s, 60) >= 6);
	CHECK(strstr(s, "取决于物理内存大小") != NULL);
	free(s);
}

/* Narrower than the content: cells wrap, the widest column shrinks. */
static void test_seed_table_wraps(void)
{
	char *s = plain(seed_table, 40, 0, 40);
	char *a = plain(seed_table, 40, 1, 40);

	CHECK(check_aligned(s, 40) > 6);
	CHECK(check_aligned(a, 40) > 6);
	/* the header column is narrow; it is not the one to shrink */
	CHECK(strstr(s, "地址类型") != NULL);
	CHECK(strstr(a, "+---") != NULL);
	CHECK(strstr(a, "│") == NULL);
	free(s);
	free(a);
}

static void test_table_alignment(void)
{
	const char *md = "| l | c | r |\n|:--|:-:|--:|\n| a | b | c |\n"
		"| long | 中文字 | 1234567 |\n";
	char *s = plain(md, 80, 1, 80);

	CHECK_INT(check_aligned(s, 80), 6);
	CHECK(strstr(s, "| a    |   b    |       c |") != NULL);
	if (!strstr(s, "| a    |   b    |       c |"))
		fprintf(stderr, "%s", s);
	free(s);
}

static void test_paragraph_wrap(void)
{
	const char *md = "The quick brown fox jumps over the lazy dog and "
		"keeps running far away.\n\n"
		"虚拟地址通过MMU和页表转换为物理地址，"
		"虚拟地址通过MMU和页表转换。\n";
	char *s = plain(md, 20, 0, 20);
	const char *p = s, *e;
	int lines = 0;

	for (; *p; p = e + 1) {
		e = strchr(p, '\n');
		CHECK_MSG(utf8_width(p, e - p) <= 20, "too wide: %.*s",
			  (int)(e - p), p);
		/* Latin words are never split */
		CHECK(strncmp(p, "ick", 3) && strncmp(p, "own", 3));
		lines++;
	}
	CHECK(lines >= 8);
	CHECK(strstr(s, "The quick brown fox\n") != NULL);
	free(s);
}

/* CJK closing punctuation never begins a line, at any width. */
static void test_cjk_closing_marks(void)
{
	static const char *const marks[] = { "，", "。", "」", "、", "）" };
	const char *md = "一二三四五六七八九十。后面还有文字，对吧」好的、"
			 "真的（是的）对。\n";
	int w;
	size_t k;

	for (w = 10; w <= 40; w++) {
		char *s = plain(md, w, 0, w);
		const char *p, *e;

		for (p = s; *p; p = e + 1) {
			e = strchr(p, '\n');
			for (k = 0; k < sizeof(marks) / sizeof(marks[0]); k++)
				CHECK_MSG(strncmp(p, marks[k],
						  strlen(marks[k])),
					  "width %d: line starts with %s", w,
					  marks[k]);
			CHECK(utf8_width(p, (size_t)(e - p)) <= w);
		}
		free(s);
	}
}

static void test_code_block_kept(void)
{
	const char *md = "```\n---\nQ: not a card\nA: nor this\n"
		"+------+    +------+\n|  a   |--->|  b   |\n```\n";
	char *s = plain(md, 40, 0, 40);

	CHECK_STR(s, "---\nQ: not a card\nA: nor this\n"
		  "+------+    +------+\n|  a   |--->|  b   |\n");
	free(s);
}

static void test_code_block_clipped(void)
{
	const char *md =
		"```\n0123456789abcdefghijklmnopqrstuvwxyz\nshort\n```\n";
	struct render_opts o = { 20, 0, 0 };
	struct render_doc doc = RENDER_DOC_INIT;
	struct sbuf sb = SBUF_INIT;

	CHECK_INT(render_markdown(md, strlen(md), &o, &doc), 0);
	CHECK_INT(doc.nlines, 2);
	/* full data kept for horizontal scrolling */
	CHECK_INT(doc.lines[0].width, 36);
	CHECK(doc.lines[0].flags & RENDER_NOWRAP);
	term_line(&sb, &doc.lines[0], 0, 20, 0);
	CHECK_STR(sb.buf, "0123456789abcdefghi\xe2\x80\xba");
	sbuf_reset(&sb);
	term_line(&sb, &doc.lines[0], 0, 20, TERM_ASCII);
	CHECK_STR(sb.buf, "0123456789abcdefghi>");
	sbuf_reset(&sb);
	term_line(&sb, &doc.lines[0], 10, 20, TERM_ASCII);
	CHECK_STR(sb.buf, "<bcdefghijklmnopqrs>");
	sbuf_reset(&sb);
	term_line(&sb, &doc.lines[0], 20, 20, TERM_ASCII);
	CHECK_STR(sb.buf, "<lmnopqrstuvwxyz");
	sbuf_reset(&sb);
	term_line(&sb, &doc.lines[1], 0, 20, TERM_ASCII);
	CHECK_STR(sb.buf, "short");
	sbuf_release(&sb);
	render_doc_release(&doc);
}

/* prose_width caps wrapped prose on a wide screen, not tables or code. */
static void test_prose_width(void)
{
	struct sbuf md = SBUF_INIT;
	struct render_opts o = { 160, 0, 60 };
	struct render_doc doc = RENDER_DOC_INIT;
	size_t i;
	int prose = 0, wide = 0, k;

	for (k = 0; k < 40; k++)
		sbuf_addstr(&md, "word ");
	sbuf_addstr(&md, "\n\n- ");
	for (k = 0; k < 40; k++)
		sbuf_addstr(&md, "item ");
	sbuf_addstr(&md, "\n\n| a | b |\n|---|---|\n| ");
	for (k = 0; k < 20; k++)
		sbuf_addstr(&md, "cell ");
	sbuf_addstr(&md, "| x |\n\n```\n");
	for (k = 0; k < 30; k++)
		sbuf_addstr(&md, "code ");
	sbuf_addstr(&md, "\n```\n");
	CHECK_INT(render_markdown(md.buf, md.len, &o, &doc), 0);
	for (i = 0; i < doc.nlines; i++) {
		if (doc.lines[i].flags & (RENDER_NOWRAP | RENDER_TABLE)) {
			if (doc.lines[i].width > 60)
				wide++;
		} else {
			CHECK(doc.lines[i].width <= 60);
			if (doc.lines[i].width > 50)
				prose++;
		}
	}
	CHECK(prose >= 2);	/* the paragraph and the item filled lines */
	CHECK(wide >= 2);	/* the table row and the code line did not wrap */
	render_doc_release(&doc);
	o.prose_width = 0;
	CHECK_INT(render_markdown(md.buf, md.len, &o, &doc), 0);
	CHECK(doc.lines[0].width > 100);	/* no cap: full width */
	render_doc_release(&doc);
	sbuf_release(&md);
}

/* A wide character cut by the edge becomes a space; width is kept. */
static void test_clip_wide(void)
{
	const char *md = "```\na中文字符串很长很长很长\n```\n";
	struct render_opts o = { 40, 0, 0 };
	struct render_doc doc = RENDER_DOC_INIT;
	struct sbuf sb = SBUF_INIT;

	CHECK_INT(render_markdown(md, strlen(md), &o, &doc), 0);
	term_line(&sb, &doc.lines[0], 0, 11, TERM_ASCII);
	CHECK_INT(utf8_width(sb.buf, sb.len), 11);
	CHECK_STR(sb.buf, "a中文字符 >");
	sbuf_release(&sb);
	render_doc_release(&doc);
}

static void test_lists_quotes_links(void)
{
	const char *md = "# Title\n\n- one\n- two\n  - nested\n\n"
		"1. first\n2. second\n\n> quoted *text*\n\n"
		"See [the docs](https://kernel.org) or https://lwn.net.\n";
	char *s = plain(md, 60, 1, 60);

	CHECK_STR(s, "Title\n=====\n\n* one\n* two\n  - nested\n\n"
		  "1. first\n2. second\n\n| quoted text\n\n"
		  "See the docs (https://kernel.org) or https://lwn.net.\n");
	free(s);
}

static void test_styles(void)
{
	const char *md = "**bold** *it* `code` ~~gone~~\n";
	struct render_opts o = { 40, 0, 0 };
	struct render_doc doc = RENDER_DOC_INIT;
	const struct render_line *l;

	CHECK_INT(render_markdown(md, strlen(md), &o, &doc), 0);
	CHECK_INT(doc.nlines, 1);
	l = &doc.lines[0];
	CHECK_INT(l->nspans, 7);
	CHECK_STR(l->spans[0].text, "bold");
	CHECK(l->spans[0].style & RS_BOLD);
	CHECK(l->spans[2].style & RS_ITALIC);
	CHECK(l->spans[4].style & RS_CODE);
	CHECK(l->spans[6].style & RS_STRIKE);
	CHECK_INT(l->width, 17);
	render_doc_release(&doc);
}

static void test_bad_bytes(void)
{
	const char md[] = "a\x01\xff\xfe b\tc\n";
	char *s = plain(md, 40, 0, 40);

	CHECK_STR(s, "a?\xef\xbf\xbd\xef\xbf\xbd b c\n");
	free(s);
}

/* Nesting deeper than the prefix stack: laid out, not indented further. */
static void test_deep_nesting(void)
{
	struct sbuf md = SBUF_INIT;
	char *s;
	int i;

	for (i = 0; i < 60; i++)
		sbuf_addch(&md, '>');
	sbuf_addstr(&md, " deep\n\n");
	for (i = 0; i < 60; i++) {
		sbuf_addchars(&md, ' ', i * 2);
		sbuf_addstr(&md, "- item\n");
	}
	s = plain(md.buf, 30, 1, 30);
	CHECK(strstr(s, "| | | | | ") != NULL);
	CHECK(strstr(s, "deep") != NULL);
	CHECK(check_aligned(s, 30) >= 0);
	free(s);
	sbuf_release(&md);
}

/* ANSI output: SGR around styled spans, reset at the end of the line. */
static void test_ansi(void)
{
	const char *md = "**b** `c`\n";
	struct render_opts o = { 40, 0, 0 };
	struct render_doc doc = RENDER_DOC_INIT;
	struct sbuf sb = SBUF_INIT;

	CHECK_INT(render_markdown(md, strlen(md), &o, &doc), 0);
	term_line(&sb, &doc.lines[0], 0, 40, TERM_ANSI);
	CHECK_STR(sb.buf, "\033[0m\033[1mb\033[0m \033[0m\033[33mc\033[0m");
	sbuf_reset(&sb);
	term_line(&sb, &doc.lines[0], 0, 40, 0);
	CHECK_STR(sb.buf, "b c");
	sbuf_release(&sb);
	render_doc_release(&doc);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "en_US.UTF-8");
	TEST_RUN(test_seed_table_100);
	TEST_RUN(test_seed_table_60);
	TEST_RUN(test_seed_table_wraps);
	TEST_RUN(test_table_alignment);
	TEST_RUN(test_paragraph_wrap);
	TEST_RUN(test_cjk_closing_marks);
	TEST_RUN(test_code_block_kept);
	TEST_RUN(test_code_block_clipped);
	TEST_RUN(test_clip_wide);
	TEST_RUN(test_prose_width);
	TEST_RUN(test_lists_quotes_links);
	TEST_RUN(test_styles);
	TEST_RUN(test_bad_bytes);
	TEST_RUN(test_deep_nesting);
	TEST_RUN(test_ansi);
	return test_done();
}
