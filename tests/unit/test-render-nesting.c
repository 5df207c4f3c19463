// SPDX-License-Identifier: GPL-2.0
/*
 * test-render-nesting.c - regression test for a fuzzer find: block quotes
 * and lists nested deeper than the renderer's prefix slots overflowed a
 * stack array.  Run under ASan in make check, this fails if it returns.
 */
#include <locale.h>
#include <string.h>

#include "core/render.h"
#include "test.h"
#include "util/sbuf.h"

static void test_deep_nesting(void)
{
	struct render_opts ro = { .width = 40 };
	struct render_doc doc = RENDER_DOC_INIT;
	struct sbuf md = SBUF_INIT;
	size_t i;

	sbuf_addchars(&md, '>', 200);
	sbuf_addstr(&md, " deep\n\n");
	for (i = 0; i < 60; i++) {
		sbuf_addchars(&md, ' ', i * 2);
		sbuf_addstr(&md, "- item\n");
	}
	CHECK_INT(render_markdown(md.buf, md.len, &ro, &doc), 0);
	CHECK(doc.nlines >= 2);
	for (i = 0; i < doc.nlines; i++)
		if (!(doc.lines[i].flags & RENDER_NOWRAP))
			CHECK_MSG(doc.lines[i].width <= 40 + 40,
				  "line %zu is %d columns", i,
				  doc.lines[i].width);
	render_doc_release(&doc);
	sbuf_release(&md);
}

/* Does @doc hold @text in one of its spans? */
static int doc_has(const struct render_doc *doc, const char *text)
{
	size_t i, k;

	for (i = 0; i < doc->nlines; i++)
		for (k = 0; k < doc->lines[i].nspans; k++)
			if (strstr(doc->lines[i].spans[k].text, text))
				return 1;
	return 0;
}

/*
 * A poison card: 20,000 nested quotes, 50,000 nested list markers, both
 * mixed.  The renderer's stack must not grow with the depth (under ASan
 * the old recursion overflowed); the deep text still shows, and
 * render_lint() reports the depth.
 */
static void test_poison_depth(void)
{
	static const char *const unit[] = { ">", "- ", "> - " };
	static const int reps[] = { 20000, 50000, 15000 };
	struct render_opts ro = { .width = 60 };
	char why[160];
	size_t k;
	int i;

	for (k = 0; k < 3; k++) {
		struct render_doc doc = RENDER_DOC_INIT;
		struct sbuf md = SBUF_INIT;

		for (i = 0; i < reps[k]; i++)
			sbuf_addstr(&md, unit[k]);
		sbuf_addstr(&md, " deep end\n");
		CHECK_INT(render_markdown(md.buf, md.len, &ro, &doc), 0);
		CHECK_MSG(doc_has(&doc, "deep end"), "case %zu", k);
		CHECK_INT(render_lint(md.buf, md.len, why, sizeof(why)), 1);
		CHECK_MSG(strstr(why, "nested") != NULL, "%s", why);
		render_doc_release(&doc);
		sbuf_release(&md);
	}
}

/* A table wider than RENDER_MAX_COLS: cut, with a visible note. */
static void test_wide_table(void)
{
	struct render_opts ro = { .width = 80 };
	struct render_doc doc = RENDER_DOC_INIT;
	struct sbuf md = SBUF_INIT;
	char why[160];
	int i, r;

	for (r = 0; r < 3; r++) {
		for (i = 0; i < 100; i++)
			sbuf_addstr(&md, r == 1 ? "|-" : "| cell ");
		sbuf_addstr(&md, "|\n");
	}
	CHECK_INT(render_markdown(md.buf, md.len, &ro, &doc), 0);
	CHECK(doc_has(&doc, "(table cut: 64 of 100 columns shown)"));
	CHECK_INT(render_lint(md.buf, md.len, why, sizeof(why)), 1);
	CHECK_MSG(strstr(why, "100 columns") != NULL, "%s", why);
	render_doc_release(&doc);
	sbuf_reset(&md);
	sbuf_addstr(&md, "> a\n\n|a|b|\n|-|-|\n");
	CHECK_INT(render_lint(md.buf, md.len, why, sizeof(why)), 0);
	sbuf_release(&md);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	TEST_RUN(test_deep_nesting);
	TEST_RUN(test_poison_depth);
	TEST_RUN(test_wide_table);
	return test_done();
}
