// SPDX-License-Identifier: GPL-2.0
/*
 * term.c - turn rendered lines into terminal text: clipping with markers,
 * ANSI colours or plain text.  The contract is in term.h.
 */
#include <langinfo.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/term.h"
#include "util/utf8.h"

/*
 * Public (term.h): colour only on a terminal without NO_COLOR whose TERM
 * is set and not "dumb".
 */
int term_color_wanted(int fd)
{
	const char *nc = getenv("NO_COLOR"), *t = getenv("TERM");

	return isatty(fd) && !(nc && *nc) && t && *t && strcmp(t, "dumb");
}

/*
 * Public (term.h): MEMDRILL_ASCII asks for ASCII drawing; so does a locale
 * whose character set is not UTF-8 (box characters would be garbage).
 */
int term_ascii_wanted(void)
{
	const char *a = getenv("MEMDRILL_ASCII");

	if (a && *a)
		return strcmp(a, "0") != 0;
	return strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
}

/* Public (term.h): the width to lay out for. */
int term_width(int fd)
{
	struct winsize ws;
	const char *cols = getenv("COLUMNS");
	long n;
	char *end;

	if (isatty(fd) && !ioctl(fd, TIOCGWINSZ, &ws) && ws.ws_col > 0)
		return ws.ws_col;
	if (cols && *cols) {
		n = strtol(cols, &end, 10);
		if (!*end && n > 0 && n < 10000)
			return (int)n;
	}
	return 80;
}

/* Public (term.h): the visible pieces of a line, with markers. */
void term_slice(const struct render_line *line, int xoff, int width,
		int flags, void (*fn)(const char *text, size_t len, int cols,
				      unsigned style, void *arg), void *arg)
{
	const char *rmark = flags & TERM_ASCII ? ">" : "\xe2\x80\xba";
	const char *lmark = flags & TERM_ASCII ? "<" : "\xe2\x80\xb9";
	int lo, hi, col = 0, cw, right;
	size_t i, j, k, start;

	if (width <= 0)
		return;
	if (xoff < 0)
		xoff = 0;
	right = line->width - xoff > width;
	lo = xoff;
	hi = xoff + width - right;
	if (xoff > 0 && line->width > xoff) {
		fn(lmark, strlen(lmark), 1, RS_MARKER, arg);
		lo++;
	}
	for (i = 0; i < line->nspans && col < hi; i++) {
		const struct render_span *sp = &line->spans[i];

		start = (size_t)-1;
		for (j = 0; j < sp->len && col < hi; j += k) {
			k = utf8_char(sp->text + j, sp->len - j, &cw);
			if (col >= lo && col + cw <= hi) {
				if (start == (size_t)-1)
					start = j;
			} else {
				if (start != (size_t)-1)
					fn(sp->text + start, j - start,
					   utf8_width(sp->text + start,
							   j - start),
					   sp->style, arg);
				start = (size_t)-1;
				/* a wide char cut by an edge: spaces */
				if (col + cw > lo && col < hi) {
					int a = col < lo ? lo : col;
					int b = col + cw > hi ? hi : col + cw;

					fn("  ", b - a, b - a, sp->style, arg);
				}
			}
			col += cw;
		}
		if (start != (size_t)-1)
			fn(sp->text + start, j - start,
			   utf8_width(sp->text + start, j - start),
			   sp->style, arg);
	}
	if (right)
		fn(rmark, strlen(rmark), 1, RS_MARKER, arg);
}

/* Public (term.h): SGR parameters for a style. */
const char *term_sgr(unsigned style)
{
	static char buf[64];
	size_t n = 0;

	buf[0] = '\0';
#define ADD(code) n += snprintf(buf + n, sizeof(buf) - n, "%s%s", \
				n ? ";" : "", code)
	if (style & (RS_BOLD | RS_HEADING | RS_TH))
		ADD("1");
	if (style & (RS_DIM | RS_BORDER | RS_QUOTE))
		ADD("2");
	if (style & RS_ITALIC)
		ADD("3");
	if (style & RS_LINK)
		ADD("4");
	if (style & RS_MARKER)
		ADD("7");
	if (style & RS_STRIKE)
		ADD("9");
	if (style & RS_HEADING)
		ADD("36");
	else if (style & RS_CODE)
		ADD("33");
	else if (style & RS_CODEBLOCK)
		ADD("32");
	else if (style & (RS_LINK | RS_URL))
		ADD("34");
	else if (style & RS_BULLET)
		ADD("36");
#undef ADD
	return buf;
}

/* term_slice callback: append to the sbuf, with SGR when ANSI. */
struct term_out {
	struct sbuf *sb;
	int ansi;
	unsigned cur;
};

/* term_slice() callback: append a piece, switching SGR as needed. */
static void term_put(const char *text, size_t len, int cols, unsigned style,
		     void *arg)
{
	struct term_out *o = arg;

	(void)cols;
	if (o->ansi && style != o->cur) {
		sbuf_addstr(o->sb, "\033[0m");
		if (*term_sgr(style))
			sbuf_addf(o->sb, "\033[%sm", term_sgr(style));
		o->cur = style;
	}
	sbuf_add(o->sb, text, len);
}

/* Public (term.h): one clipped line into @sb. */
void term_line(struct sbuf *sb, const struct render_line *line, int xoff,
	       int width, int flags)
{
	struct term_out o = { sb, flags & TERM_ANSI, 0 };

	term_slice(line, xoff, width, flags, term_put, &o);
	if (o.ansi && o.cur)
		sbuf_addstr(sb, "\033[0m");
}

/* Public (term.h): every line of @doc into @sb. */
void term_doc(struct sbuf *sb, const struct render_doc *doc, int xoff,
	      int width, int flags)
{
	size_t i;

	for (i = 0; i < doc->nlines; i++) {
		size_t start = sb->len;

		term_line(sb, &doc->lines[i], xoff, width, flags);
		while (sb->len > start && sb->buf[sb->len - 1] == ' ')
			sbuf_setlen(sb, sb->len - 1);
		sbuf_addch(sb, '\n');
	}
}
