// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-render.c - libFuzzer harness for the Markdown renderer.
 *
 * The first input byte picks the width (10..137) and the ASCII fallback;
 * the rest is Markdown.  Besides memory errors (ASan/UBSan), it traps when
 * a layout invariant breaks: a wrapped line wider than the width, a line
 * whose recorded width differs from its spans', a span that is not what
 * render_strwidth measures, or a clipped slice wider than the window.
 */
#include <locale.h>
#include <stdint.h>
#include <string.h>

#include "core/render.h"
#include "core/term.h"
#include "util/utf8.h"

static void fuzz_check_line(const struct render_line *l, int width)
{
	size_t i;
	int sum = 0;

	for (i = 0; i < l->nspans; i++) {
		if (utf8_width(l->spans[i].text, l->spans[i].len) !=
		    l->spans[i].width || strlen(l->spans[i].text) !=
		    l->spans[i].len || memchr(l->spans[i].text, '\n',
					      l->spans[i].len))
			__builtin_trap();
		sum += l->spans[i].width;
	}
	if (sum != l->width)
		__builtin_trap();
	if (!(l->flags & RENDER_NOWRAP) && l->width > width)
		__builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct render_doc doc = RENDER_DOC_INIT;
	struct render_opts o;
	struct sbuf sb = SBUF_INIT;
	size_t i;

	if (!init) {
		setlocale(LC_ALL, "C.UTF-8");
		init = 1;
	}
	if (!size)
		return 0;
	o.width = 10 + (data[0] & 0x7f);
	o.ascii = data[0] >> 7;
	o.prose_width = 0;
	if (render_markdown((const char *)data + 1, size - 1, &o, &doc))
		return 0;
	for (i = 0; i < doc.nlines; i++) {
		fuzz_check_line(&doc.lines[i], o.width);
		sbuf_reset(&sb);
		term_line(&sb, &doc.lines[i], (int)(i % 7), o.width - 3,
			  TERM_ANSI);
		sbuf_reset(&sb);
		term_line(&sb, &doc.lines[i], (int)(i % 5), o.width / 2, 0);
		if (utf8_width(sb.buf, sb.len) > o.width / 2)
			__builtin_trap();
	}
	sbuf_release(&sb);
	render_doc_release(&doc);
	return 0;
}
