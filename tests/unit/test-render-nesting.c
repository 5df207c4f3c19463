// SPDX-License-Identifier: GPL-2.0
/*
 * test-render-nesting.c - regression test for a fuzzer find: block quotes
 * and lists nested deeper than the renderer's prefix slots overflowed a
 * stack array.  Run under ASan in make check, this fails if it returns.
 */
#include <locale.h>

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

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	TEST_RUN(test_deep_nesting);
	return test_done();
}
