// SPDX-License-Identifier: GPL-2.0
/*
 * render.c - lay out a card's Markdown as styled terminal lines.
 *
 * The cmark-gfm tree is walked block by block.  Inline content of a block
 * is flattened into a sanitised byte string with one style per byte (struct
 * inl), then wrapped greedily to the width left after the prefixes of the
 * enclosing quotes and list items.  Tables measure each column's minimum
 * (longest unbreakable piece) and maximum (whole content) widths, shrink
 * the widest column until the table fits, then wrap inside cells.  Code
 * blocks keep their lines whole.  The contract is in render.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

#include "core/render.h"
#include "util/sbuf.h"
#include "util/utf8.h"
#include "util/xalloc.h"

#define RENDER_MIN_WIDTH 10
#define RENDER_MAX_PREFIX 32	/* nesting deeper than this is not indented */

/* Flattened inline content: sanitised UTF-8, a style per byte, '\n' = break. */
struct inl {
	struct sbuf buf;
	unsigned *style;
	size_t salloc;
};

/* The prefix of one enclosing block: a quote bar or a list marker. */
struct prefix {
	const char *first;	/* on the block's first line */
	const char *rest;	/* on its other lines */
	char mark[24];		/* storage for a generated list marker */
	unsigned style;
	int width;
	int used;		/* first line emitted */
};

struct ctx {
	struct render_doc *doc;
	const struct render_opts *opts;
	struct prefix pfx[RENDER_MAX_PREFIX];
	int npfx;
	int width;		/* columns left for content */
	int blank;		/* a blank line is due before the next block */
	int tight;		/* inside a tight list */
	int lists;		/* list nesting, for the bullet shape */
	int depth;		/* enclosing quotes and lists */
};

static const char render_spaces[] = "                        ";

/* ---- lines ---- */

/* Append @len bytes of @s (already sanitised) to @line, merging styles. */
static void line_add(struct render_line *line, const char *s, size_t len,
		     int width, unsigned style)
{
	struct render_span *sp;

	if (!len)
		return;
	if (line->nspans && line->spans[line->nspans - 1].style == style) {
		sp = &line->spans[line->nspans - 1];
		sp->text = xrealloc(sp->text, sp->len + len + 1);
		memcpy(sp->text + sp->len, s, len);
		sp->len += len;
		sp->text[sp->len] = '\0';
	} else {
		line->spans = xgrow(line->spans, &line->alloc,
				    line->nspans + 1, sizeof(*line->spans));
		sp = &line->spans[line->nspans++];
		sp->text = xstrndup(s, len);
		sp->len = len;
		sp->width = 0;
		sp->style = style;
	}
	sp->width += width;
	line->width += width;
}

/* line_add() for a NUL-terminated, already clean string. */
static void line_addstr(struct render_line *line, const char *s,
			unsigned style)
{
	line_add(line, s, strlen(s), utf8_width(s, strlen(s)), style);
}

/* Append @n copies of the string @s (one character) to @line. */
static void line_repeat(struct render_line *line, const char *s, int n,
			unsigned style)
{
	struct sbuf sb = SBUF_INIT;
	int i, w = utf8_width(s, strlen(s));

	for (i = 0; i < n; i++)
		sbuf_addstr(&sb, s);
	line_add(line, sb.buf, sb.len, w * n, style);
	sbuf_release(&sb);
}

/* Move every span of @src to the end of @dst; @src is left empty. */
static void line_move(struct render_line *dst, struct render_line *src)
{
	size_t i;

	for (i = 0; i < src->nspans; i++) {
		line_add(dst, src->spans[i].text, src->spans[i].len,
			 src->spans[i].width, src->spans[i].style);
		free(src->spans[i].text);
	}
	dst->flags |= src->flags;
	free(src->spans);
	memset(src, 0, sizeof(*src));
}

/* Free the spans of @line and zero it. */
static void line_release(struct render_line *line)
{
	size_t i;

	for (i = 0; i < line->nspans; i++)
		free(line->spans[i].text);
	free(line->spans);
	memset(line, 0, sizeof(*line));
}

/* Drop trailing spaces (of any style) from @line. */
static void line_rtrim(struct render_line *line)
{
	struct render_span *sp;

	while (line->nspans) {
		sp = &line->spans[line->nspans - 1];
		while (sp->len && sp->text[sp->len - 1] == ' ') {
			sp->text[--sp->len] = '\0';
			sp->width--;
			line->width--;
		}
		if (sp->len)
			break;
		free(sp->text);
		line->nspans--;
	}
}

/* Append @line to @doc, taking its spans; @line is left empty. */
static void doc_take(struct render_doc *doc, struct render_line *line)
{
	doc->lines = xgrow(doc->lines, &doc->alloc, doc->nlines + 1,
			   sizeof(*doc->lines));
	doc->lines[doc->nlines++] = *line;
	memset(line, 0, sizeof(*line));
}

/* Public (render.h): free every line of @doc. */
void render_doc_release(struct render_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nlines; i++)
		line_release(&doc->lines[i]);
	free(doc->lines);
	memset(doc, 0, sizeof(*doc));
}

/* Public (render.h): append an empty line. */
void render_doc_add_blank(struct render_doc *doc)
{
	struct render_line line = { 0 };

	doc_take(doc, &line);
}

/* Public (render.h): append one unwrapped line of text. */
void render_doc_add_text(struct render_doc *doc, const char *text,
			 unsigned style)
{
	struct render_line line = { 0 };
	struct sbuf sb = SBUF_INIT;
	int w = utf8_sanitize(&sb, text, strlen(text), NULL);

	line_add(&line, sb.buf, sb.len, w, style);
	sbuf_release(&sb);
	doc_take(doc, &line);
}

/* ---- inline content ---- */

static void inl_add(struct inl *in, const char *s, size_t len, unsigned style)
{
	size_t old = in->buf.len, i;

	utf8_sanitize(&in->buf, s, len, NULL);
	in->style = xgrow(in->style, &in->salloc, in->buf.len + 1,
			  sizeof(*in->style));
	for (i = old; i < in->buf.len; i++)
		in->style[i] = style;
}

/* inl_add() for a NUL-terminated string; NULL adds nothing. */
static void inl_addstr(struct inl *in, const char *s, unsigned style)
{
	if (s)
		inl_add(in, s, strlen(s), style);
}

/* A hard line break: the wrapper starts a new line here. */
static void inl_break(struct inl *in)
{
	sbuf_addch(&in->buf, '\n');
	in->style = xgrow(in->style, &in->salloc, in->buf.len + 1,
			  sizeof(*in->style));
	in->style[in->buf.len - 1] = 0;
}

/* Free @in and zero it. */
static void inl_release(struct inl *in)
{
	sbuf_release(&in->buf);
	free(in->style);
	memset(in, 0, sizeof(*in));
}

/* One entry of the style stack of inl_flatten. */
struct inl_frame {
	unsigned style;
	size_t start;		/* buf.len at a link's start */
};

/* The style an inline container adds, or 0 when it is not one. */
static unsigned inl_style_of(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_EMPH:
		return RS_ITALIC;
	case CMARK_NODE_STRONG:
		return RS_BOLD;
	case CMARK_NODE_LINK:
		return RS_LINK;
	case CMARK_NODE_IMAGE:
		return RS_LINK;
	default:
		if (!strcmp(cmark_node_get_type_string(n), "strikethrough"))
			return RS_STRIKE;
		return 0;
	}
}

/* After a link's text: its target, unless the text already says it. */
static void inl_link_end(struct inl *in, cmark_node *n, size_t start,
			 unsigned style)
{
	const char *url = cmark_node_get_url(n);
	size_t tlen = in->buf.len - start;
	const char *text = in->buf.buf + start;

	if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
		inl_addstr(in, "]", style | RS_DIM);
	if (!url || !*url)
		return;
	if (strlen(url) == tlen && !memcmp(url, text, tlen))
		return;
	if (!strncmp(url, "mailto:", 7) && strlen(url + 7) == tlen &&
	    !memcmp(url + 7, text, tlen))
		return;
	inl_addstr(in, " (", style | RS_URL | RS_DIM);
	inl_addstr(in, url, style | RS_URL | RS_DIM);
	inl_addstr(in, ")", style | RS_URL | RS_DIM);
}

/* Is @n a leaf block or list item (inside a subtree flattened as text)? */
static int inl_is_block(cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
	case CMARK_NODE_ITEM:
		return 1;
	default:
		return 0;
	}
}

/*
 * Flatten the inline children of @node into @in, starting from @base.
 * Iterative, so any depth of inline nesting is safe; block children (a
 * subtree rendered as text, render_flat()) are joined by spaces.
 */
static void inl_flatten(struct inl *in, cmark_node *node, unsigned base)
{
	cmark_iter *it = cmark_iter_new(node);
	struct inl_frame *stack = NULL;
	size_t depth = 0, alloc = 0;
	unsigned style = base, add;
	cmark_event_type ev;
	cmark_node *n;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (n == node)
			continue;
		add = inl_style_of(n);
		if (ev == CMARK_EVENT_EXIT) {
			if (!add && inl_is_block(n))
				inl_addstr(in, " ", style);
			if (!add || !depth)
				continue;
			depth--;
			if (cmark_node_get_type(n) == CMARK_NODE_LINK ||
			    cmark_node_get_type(n) == CMARK_NODE_IMAGE)
				inl_link_end(in, n, stack[depth].start,
					     stack[depth].style);
			style = stack[depth].style;
			continue;
		}
		if (add) {
			stack = xgrow(stack, &alloc, depth + 1, sizeof(*stack));
			stack[depth].style = style;
			if (cmark_node_get_type(n) == CMARK_NODE_IMAGE)
				inl_addstr(in, "[image: ", style | RS_DIM);
			stack[depth++].start = in->buf.len;
			style |= add;
			continue;
		}
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			inl_addstr(in, cmark_node_get_literal(n), style);
			break;
		case CMARK_NODE_CODE:
			inl_addstr(in, cmark_node_get_literal(n),
				   style | RS_CODE);
			break;
		case CMARK_NODE_HTML_INLINE:
			inl_addstr(in, cmark_node_get_literal(n),
				   style | RS_DIM);
			break;
		case CMARK_NODE_SOFTBREAK:
			inl_addstr(in, " ", style);
			break;
		case CMARK_NODE_LINEBREAK:
			inl_break(in);
			break;
		default:
			inl_addstr(in, cmark_node_get_literal(n), style);
			break;
		}
	}
	free(stack);
	cmark_iter_free(it);
}

/* Punctuation that must not start a line: it stays with what precedes. */
static int inl_no_start(const char *s, size_t n)
{
	static const char *const marks[] = {
		"，", "。", "、", "；", "：", "！", "？", "）", "」", "』",
		"》", "】", "…",
	};
	size_t i;

	if (n == 1)
		return strchr(",.;:!?)]}%", *s) != NULL;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++)
		if (strlen(marks[i]) == n && !memcmp(marks[i], s, n))
			return 1;
	return 0;
}

/*
 * The end of the unbreakable piece of @in starting at @i (not a space or
 * break): one wide character with its combining marks, or a run of narrow
 * characters.  Stores its width in *@w.
 */
static size_t inl_token(const struct inl *in, size_t i, int *w)
{
	const char *s = in->buf.buf;
	size_t n = in->buf.len, j = i, k;
	int cw, wide = -1;

	*w = 0;
	while (j < n && s[j] != ' ' && s[j] != '\n') {
		k = utf8_char(s + j, n - j, &cw);
		if ((cw == 2 && wide != -1) || (cw == 1 && wide == 1)) {
			/* a wide char is a piece of its own ... */
			if (!inl_no_start(s + j, k))
				break;
			/* ... but keeps a closing mark off the next line */
			*w += cw;
			j += k;
			break;
		}
		if (cw)
			wide = cw == 2;
		*w += cw;
		j += k;
	}
	return j;
}

/* Append bytes [@i, @j) of @in to @line, split by style. */
static void inl_emit(const struct inl *in, size_t i, size_t j,
		     struct render_line *line)
{
	size_t k;

	while (i < j) {
		k = i + 1;
		while (k < j && in->style[k] == in->style[i])
			k++;
		line_add(line, in->buf.buf + i, k - i,
			 utf8_width(in->buf.buf + i, k - i),
			 in->style[i]);
		i = k;
	}
}

/* Widest unbreakable piece and widest unwrapped line of @in. */
static void inl_measure(const struct inl *in, int *minw, int *maxw)
{
	size_t i = 0, n = in->buf.len;
	int w, col = 0;

	*minw = *maxw = 0;
	while (i < n) {
		if (in->buf.buf[i] == '\n') {
			col = 0;
			i++;
			continue;
		}
		if (in->buf.buf[i] == ' ') {
			col++;
			i++;
			continue;
		}
		i = inl_token(in, i, &w);
		col += w;
		if (w > *minw)
			*minw = w;
		if (col > *maxw)
			*maxw = col;
	}
}

/* Emit a piece too wide for a line, character by character. */
static void inl_split(const struct inl *in, size_t i, size_t j, int width,
		      struct render_line *line, struct render_doc *out)
{
	size_t k;
	int cw;

	while (i < j) {
		k = i + utf8_char(in->buf.buf + i, j - i, &cw);
		while (k < j) {	/* keep combining marks with their base */
			size_t m = utf8_char(in->buf.buf + k, j - k, &cw);

			if (cw)
				break;
			k += m;
		}
		cw = utf8_width(in->buf.buf + i, k - i);
		if (line->width && line->width + cw > width)
			doc_take(out, line);
		inl_emit(in, i, k, line);
		i = k;
	}
}

/*
 * Wrap @in to @width columns, appending the lines to @out (at least one
 * line, possibly empty).  Spaces at a wrap point are dropped.
 */
static void inl_wrap(const struct inl *in, int width, struct render_doc *out)
{
	struct render_line line = { 0 };
	size_t i = 0, j, n = in->buf.len;
	int w, space = 0;
	unsigned sstyle = 0;

	while (i < n) {
		if (in->buf.buf[i] == '\n') {
			doc_take(out, &line);
			space = 0;
			i++;
			continue;
		}
		if (in->buf.buf[i] == ' ') {
			if (!space)
				sstyle = in->style[i];
			space = 1;
			i++;
			continue;
		}
		j = inl_token(in, i, &w);
		if (line.width && line.width + space + w > width) {
			doc_take(out, &line);
			space = 0;
		}
		if (space && line.width)
			line_add(&line, " ", 1, 1, sstyle);
		space = 0;
		if (line.width + w <= width)
			inl_emit(in, i, j, &line);
		else
			inl_split(in, i, j, width, &line, out);
		i = j;
	}
	doc_take(out, &line);
}

/* ---- blocks ---- */

/* Emit @content (taken) behind the current prefixes. */
static void ctx_emit(struct ctx *c, struct render_line *content)
{
	struct render_line line = { 0 };
	struct prefix *p;
	int i;

	for (i = 0; i < c->npfx && i < RENDER_MAX_PREFIX; i++) {
		p = &c->pfx[i];
		line_addstr(&line, p->used ? p->rest : p->first, p->style);
		p->used = 1;
	}
	line_move(&line, content);
	doc_take(c->doc, &line);
}

/* Start a block: the blank line due after the previous one, if any. */
static void ctx_block_start(struct ctx *c)
{
	struct render_line line = { 0 };
	int i;

	if (c->blank && c->doc->nlines) {
		for (i = 0; i < c->npfx && i < RENDER_MAX_PREFIX; i++)
			if (c->pfx[i].used)
				line_addstr(&line, c->pfx[i].rest,
					    c->pfx[i].style);
		line_rtrim(&line);
		doc_take(c->doc, &line);
	}
	c->blank = 0;
}

/* End a block: a blank line follows unless in a tight list. */
static void ctx_block_end(struct ctx *c)
{
	c->blank = !c->tight;
}

/*
 * Push a prefix (copied); its width is taken from the content width
 * unless that would leave too little, in which case nothing is shown.
 */
static void ctx_push(struct ctx *c, const char *first, const char *rest,
		     unsigned style)
{
	struct prefix *p;
	int w = utf8_width(first, strlen(first));

	if (c->npfx >= RENDER_MAX_PREFIX) {
		c->npfx++;	/* counted, not shown */
		return;
	}
	p = &c->pfx[c->npfx++];
	memset(p, 0, sizeof(*p));
	if (c->width - w < RENDER_MIN_WIDTH) {
		p->first = p->rest = "";
		return;
	}
	snprintf(p->mark, sizeof(p->mark), "%s", first);
	p->first = p->mark;
	p->rest = rest;
	p->style = style;
	p->width = w;
	c->width -= w;
}

/* Drop the innermost prefix, giving its width back. */
static void ctx_pop(struct ctx *c)
{
	if (c->npfx-- > RENDER_MAX_PREFIX)
		return;
	c->width += c->pfx[c->npfx].width;
}

/* Wrap @in to the content width and emit the lines. */
static void ctx_emit_inl(struct ctx *c, const struct inl *in)
{
	struct render_doc tmp = RENDER_DOC_INIT;
	int w = c->width, lim;
	size_t i;

	/* prose ends by the prose column: the prefixes count toward it */
	if (c->opts->prose_width > 0) {
		lim = c->opts->prose_width - (c->opts->width - c->width);
		if (lim < 10)
			lim = 10;
		if (lim < w)
			w = lim;
	}
	inl_wrap(in, w, &tmp);
	for (i = 0; i < tmp.nlines; i++)
		ctx_emit(c, &tmp.lines[i]);
	render_doc_release(&tmp);
}

static void render_block(struct ctx *c, cmark_node *n);

/*
 * A quote or list nested deeper than RENDER_MAX_DEPTH: its whole text as
 * one paragraph, so the recursion of render_block() stays bounded.
 */
static void render_flat(struct ctx *c, cmark_node *n)
{
	struct inl in = { SBUF_INIT, NULL, 0 };

	inl_flatten(&in, n, 0);
	while (in.buf.len && in.buf.buf[in.buf.len - 1] == ' ')
		in.buf.buf[--in.buf.len] = '\0';
	ctx_block_start(c);
	ctx_emit_inl(c, &in);
	inl_release(&in);
	ctx_block_end(c);
}

/* Lay out every child block of @n in order. */
static void render_children(struct ctx *c, cmark_node *n)
{
	cmark_node *ch;

	for (ch = cmark_node_first_child(n); ch; ch = cmark_node_next(ch))
		render_block(c, ch);
}

/* A paragraph: its inline content wrapped to the width. */
static void render_paragraph(struct ctx *c, cmark_node *n, unsigned style)
{
	struct inl in = { SBUF_INIT, NULL, 0 };

	inl_flatten(&in, n, style);
	ctx_block_start(c);
	ctx_emit_inl(c, &in);
	inl_release(&in);
	ctx_block_end(c);
}

/* Headings: bold; levels 1 and 2 underlined by a rule as wide as the text. */
static void render_heading(struct ctx *c, cmark_node *n)
{
	struct render_doc tmp = RENDER_DOC_INIT;
	struct render_line rule = { 0 };
	struct inl in = { SBUF_INIT, NULL, 0 };
	int level = cmark_node_get_heading_level(n), w = 0;
	size_t i;

	inl_flatten(&in, n, RS_HEADING | RS_BOLD);
	inl_wrap(&in, c->width, &tmp);
	ctx_block_start(c);
	for (i = 0; i < tmp.nlines; i++) {
		if (tmp.lines[i].width > w)
			w = tmp.lines[i].width;
		ctx_emit(c, &tmp.lines[i]);
	}
	if (level <= 2 && w) {
		line_repeat(&rule, level == 1 ? (c->opts->ascii ? "=" : "═") :
			    (c->opts->ascii ? "-" : "─"), w,
			    RS_HEADING | RS_DIM);
		ctx_emit(c, &rule);
	}
	render_doc_release(&tmp);
	inl_release(&in);
	ctx_block_end(c);
}

/* Code and HTML blocks: one line per source line, never wrapped. */
static void render_literal(struct ctx *c, cmark_node *n, unsigned style)
{
	const char *s = cmark_node_get_literal(n), *e;
	struct render_line line = { 0 };
	struct sbuf sb = SBUF_INIT;
	int col, w;

	if (!s)
		s = "";
	ctx_block_start(c);
	while (*s) {
		e = strchr(s, '\n');
		if (!e)
			e = s + strlen(s);
		col = 0;
		sbuf_reset(&sb);
		w = utf8_sanitize(&sb, s, e - s, &col);
		line_add(&line, sb.buf, sb.len, w, style);
		line.flags |= RENDER_NOWRAP;
		ctx_emit(c, &line);
		s = *e ? e + 1 : e;
	}
	sbuf_release(&sb);
	ctx_block_end(c);
}

/* A block quote: its blocks behind a bar prefix. */
static void render_quote(struct ctx *c, cmark_node *n)
{
	const char *bar = c->opts->ascii ? "| " : "│ ";
	int tight = c->tight;

	ctx_block_start(c);
	ctx_push(c, bar, bar, RS_QUOTE | RS_DIM);
	c->tight = 0;
	c->depth++;
	render_children(c, n);
	c->depth--;
	c->tight = tight;
	ctx_pop(c);
	ctx_block_end(c);
}

/*
 * A list: each item behind its bullet or number, nested
 * lists with the next bullet shape; tight lists without blank lines.
 */
static void render_list(struct ctx *c, cmark_node *n)
{
	static const char *const bullets[] = { "• ", "◦ ", "▪ " };
	static const char *const abullets[] = { "* ", "- ", "+ " };
	int tight = c->tight, num = cmark_node_get_list_start(n);
	int ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	char mark[24];
	cmark_node *it;
	size_t w;

	ctx_block_start(c);
	c->tight = cmark_node_get_list_tight(n);
	c->depth++;
	for (it = cmark_node_first_child(n); it; it = cmark_node_next(it)) {
		if (ordered)
			snprintf(mark, sizeof(mark), "%d%c ", num++,
				 cmark_node_get_list_delim(n) ==
				 CMARK_PAREN_DELIM ? ')' : '.');
		else
			snprintf(mark, sizeof(mark), "%s",
				 (c->opts->ascii ? abullets : bullets)
				 [c->lists % 3]);
		w = utf8_width(mark, strlen(mark));
		if (w >= sizeof(render_spaces))
			w = sizeof(render_spaces) - 1;
		ctx_block_start(c);
		ctx_push(c, mark, render_spaces + sizeof(render_spaces) - 1 - w,
			 RS_BULLET);
		c->lists++;
		if (!cmark_node_first_child(it)) {
			struct render_line empty = { 0 };

			ctx_emit(c, &empty);
		}
		render_children(c, it);
		c->lists--;
		ctx_pop(c);
		ctx_block_end(c);
	}
	c->depth--;
	c->tight = tight;
	ctx_block_end(c);
}

/* A thematic break: a dim rule across the content width. */
static void render_rule(struct ctx *c)
{
	struct render_line line = { 0 };

	ctx_block_start(c);
	line_repeat(&line, c->opts->ascii ? "-" : "─", c->width, RS_DIM);
	ctx_emit(c, &line);
	ctx_block_end(c);
}

/* Is @n the GFM table node type named @what? */
static int render_is_table(cmark_node *n, const char *what)
{
	const char *t = cmark_node_get_type_string(n);

	return t && !strcmp(t, what);
}

/* ---- tables ---- */

struct table {
	int ncols, nrows;
	struct inl *cells;	/* nrows * ncols */
	int *header;		/* per row */
	int *minw, *maxw, *w;
	const uint8_t *align;
};

/* Collect the rows of @n into @t. */
static void table_collect(struct table *t, cmark_node *n)
{
	cmark_node *row, *cell;
	size_t alloc = 0, halloc = 0;
	int i, k;

	for (row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
		if (!render_is_table(row, "table_row") &&
		    !render_is_table(row, "table_header"))
			continue;
		t->cells = xgrow(t->cells, &alloc,
				 (size_t)(t->nrows + 1) * t->ncols,
				 sizeof(*t->cells));
		t->header = xgrow(t->header, &halloc, t->nrows + 1,
				  sizeof(*t->header));
		t->header[t->nrows] =
			cmark_gfm_extensions_get_table_row_is_header(row);
		for (i = 0; i < t->ncols; i++) {
			struct inl *in = &t->cells[t->nrows * t->ncols + i];

			sbuf_init(&in->buf);
			in->style = NULL;
			in->salloc = 0;
		}
		cell = cmark_node_first_child(row);
		for (k = 0; cell && k < t->ncols; cell = cmark_node_next(cell))
			inl_flatten(&t->cells[t->nrows * t->ncols + k++], cell,
				    t->header[t->nrows] ? RS_TH | RS_BOLD : 0);
		t->nrows++;
	}
}

/*
 * The width table_shrink() would give every column if all were cut down
 * to @level (a column never goes below its floor lo(@i), nor grows).
 */
static long table_level_total(const struct table *t, int phase, int level)
{
	long sum = 0;
	int i, lo, w;

	for (i = 0; i < t->ncols; i++) {
		lo = phase ? 2 : t->minw[i];
		w = t->w[i];
		if (w > lo)
			w = level > w ? w : level < lo ? lo : level;
		sum += w;
	}
	return sum;
}

/*
 * Shrink the widest column (the first of equals) by one until the total
 * is @avail or every column is at its floor: in O(ncols log width), by
 * finding the lowest level at which the total is still too wide, then
 * taking one column off the first columns at that level, as the
 * one-at-a-time loop would.
 * Returns the new total.
 */
static long table_shrink(struct table *t, int phase, long total, long avail)
{
	int i, lo, lvl, top = 0, bot = 0;

	for (i = 0; i < t->ncols; i++)
		if (t->w[i] > top)
			top = t->w[i];
	if (table_level_total(t, phase, 0) > avail) {
		lvl = 0;	/* every column at its floor */
	} else {
		/* the lowest level whose total is still too wide */
		while (top - bot > 1) {
			int mid = bot + (top - bot) / 2;

			if (table_level_total(t, phase, mid) > avail)
				top = mid;
			else
				bot = mid;
		}
		lvl = top;
	}
	for (i = 0; i < t->ncols; i++) {
		lo = phase ? 2 : t->minw[i];
		if (t->w[i] > lo && t->w[i] > lvl)
			t->w[i] = lvl < lo ? lo : lvl;
	}
	total = table_level_total(t, phase, lvl);
	for (i = 0; i < t->ncols && total > avail; i++) {
		lo = phase ? 2 : t->minw[i];
		if (t->w[i] == lvl && lvl > lo) {
			t->w[i]--;
			total--;
		}
	}
	return total;
}

/* Pick column widths: maxima, then shrink the widest until it fits. */
static void table_size(struct table *t, int avail)
{
	int i, r, phase;
	long total = 0;

	for (i = 0; i < t->ncols; i++) {
		t->minw[i] = t->maxw[i] = 1;
		for (r = 0; r < t->nrows; r++) {
			int mn, mx;

			inl_measure(&t->cells[r * t->ncols + i], &mn, &mx);
			if (mn > t->minw[i])
				t->minw[i] = mn;
			if (mx > t->maxw[i])
				t->maxw[i] = mx;
		}
		t->w[i] = t->maxw[i];
		total += t->w[i];
	}
	for (phase = 0; phase < 2 && total > avail; phase++)
		total = table_shrink(t, phase, total, avail);
}

/* A border line: @l left, @m between columns, @r right, @h fill. */
static void table_border(struct ctx *c, struct table *t, const char *l,
			 const char *m, const char *r, const char *h)
{
	struct render_line line = { 0 };
	int i;

	line_addstr(&line, l, RS_BORDER);
	for (i = 0; i < t->ncols; i++) {
		line_repeat(&line, h, t->w[i] + 2, RS_BORDER);
		line_addstr(&line, i + 1 < t->ncols ? m : r, RS_BORDER);
	}
	line.flags = RENDER_NOWRAP | RENDER_TABLE;
	ctx_emit(c, &line);
}

/* One table row: each cell wrapped to its column, aligned, side by side. */
static void table_row(struct ctx *c, struct table *t, int r)
{
	const char *bar = c->opts->ascii ? "|" : "│";
	struct render_doc *cell = xcalloc(t->ncols, sizeof(*cell));
	size_t k, height = 1;
	int i, pad, left;

	for (i = 0; i < t->ncols; i++) {
		inl_wrap(&t->cells[r * t->ncols + i], t->w[i], &cell[i]);
		if (cell[i].nlines > height)
			height = cell[i].nlines;
	}
	for (k = 0; k < height; k++) {
		struct render_line line = { 0 };

		line_addstr(&line, bar, RS_BORDER);
		for (i = 0; i < t->ncols; i++) {
			struct render_line *cl = k < cell[i].nlines ?
				&cell[i].lines[k] : NULL;
			int cw = cl ? cl->width : 0;

			pad = t->w[i] - cw > 0 ? t->w[i] - cw : 0;
			left = t->align[i] == 'r' ? pad :
				t->align[i] == 'c' ? pad / 2 : 0;
			line_repeat(&line, " ", 1 + left, 0);
			if (cl)
				line_move(&line, cl);
			line_repeat(&line, " ", 1 + pad - left, 0);
			line_addstr(&line, bar, RS_BORDER);
		}
		line.flags = RENDER_NOWRAP | RENDER_TABLE;
		ctx_emit(c, &line);
	}
	for (i = 0; i < t->ncols; i++)
		render_doc_release(&cell[i]);
	free(cell);
}

/* A GFM table: measure, size, then rows between borders. */
static void render_table(struct ctx *c, cmark_node *n)
{
	const int a = c->opts->ascii;
	uint8_t *own = NULL;
	struct table t = { 0 };
	int r, i;

	int all = cmark_gfm_extensions_get_table_columns(n);

	if (all <= 0)
		return;
	t.ncols = all > RENDER_MAX_COLS ? RENDER_MAX_COLS : all;
	t.align = cmark_gfm_extensions_get_table_alignments(n);
	t.minw = xcalloc(t.ncols, sizeof(int));
	t.maxw = xcalloc(t.ncols, sizeof(int));
	t.w = xcalloc(t.ncols, sizeof(int));
	table_collect(&t, n);
	if (!t.align)
		t.align = own = xcalloc(t.ncols, 1);
	table_size(&t, c->width - 3 * t.ncols - 1);
	ctx_block_start(c);
	table_border(c, &t, a ? "+" : "┌", a ? "+" : "┬", a ? "+" : "┐",
		     a ? "-" : "─");
	for (r = 0; r < t.nrows; r++) {
		table_row(c, &t, r);
		if (t.header[r] && r + 1 < t.nrows)
			table_border(c, &t, a ? "+" : "├", a ? "+" : "┼",
				     a ? "+" : "┤", a ? "-" : "─");
	}
	table_border(c, &t, a ? "+" : "└", a ? "+" : "┴", a ? "+" : "┘",
		     a ? "-" : "─");
	if (all > t.ncols) {
		struct render_line line = { 0 };
		char note[80];

		if (all >= RENDER_MAX_PIPES - 1)
			snprintf(note, sizeof(note), "(table cut: %d of more "
				 "than %d columns shown)", t.ncols, all);
		else
			snprintf(note, sizeof(note), "(table cut: %d of %d "
				 "columns shown)", t.ncols, all);
		line_addstr(&line, note, RS_DIM | RS_MARKER);
		line.flags = RENDER_NOWRAP;
		ctx_emit(c, &line);
	}
	ctx_block_end(c);
	for (i = 0; i < t.nrows * t.ncols; i++)
		inl_release(&t.cells[i]);
	free(own);
	free(t.cells);
	free(t.header);
	free(t.minw);
	free(t.maxw);
	free(t.w);
}

/* Lay out one block node by its type. */
static void render_block(struct ctx *c, cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
		render_children(c, n);
		break;
	case CMARK_NODE_PARAGRAPH:
		render_paragraph(c, n, 0);
		break;
	case CMARK_NODE_HEADING:
		render_heading(c, n);
		break;
	case CMARK_NODE_CODE_BLOCK:
		render_literal(c, n, RS_CODEBLOCK);
		break;
	case CMARK_NODE_HTML_BLOCK:
		render_literal(c, n, RS_DIM);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_LIST:
		if (c->depth >= RENDER_MAX_DEPTH)
			render_flat(c, n);
		else if (cmark_node_get_type(n) == CMARK_NODE_LIST)
			render_list(c, n);
		else
			render_quote(c, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		render_rule(c);
		break;
	default:
		if (render_is_table(n, "table"))
			render_table(c, n);
		else
			render_children(c, n);
		break;
	}
}

/* Create a parser with the GFM extensions attached; NULL on failure. */
static cmark_parser *render_parser(void)
{
	static const char *const exts[] = {
		"table", "strikethrough", "autolink"
	};
	cmark_syntax_extension *ext;
	cmark_parser *p;
	size_t i;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new(CMARK_OPT_DEFAULT);
	if (!p)
		return NULL;
	for (i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		ext = cmark_find_syntax_extension(exts[i]);
		if (ext)
			cmark_parser_attach_syntax_extension(p, ext);
	}
	return p;
}

/*
 * cmark-gfm's table extension appends each cell of a row to a linked
 * list by walking it, quadratic in the cells of a line: a line holding
 * more than RENDER_MAX_PIPES '|' is cut after that many (so a table row
 * keeps its first RENDER_MAX_PIPES - 1 cells) before cmark sees it.
 * Returns 1 and the cut copy in @out when a line was cut, the most '|'
 * of one line in *@most; 0 (nothing in @out) otherwise.
 */
static int render_precut(const char *md, size_t len, struct sbuf *out,
			 size_t *most)
{
	size_t i, start = 0, pipes = 0, keep = 0;
	int cut = 0;

	*most = 0;
	for (i = 0; i <= len; i++) {
		if (i < len && md[i] != '\n') {
			if (md[i] == '|' && ++pipes == RENDER_MAX_PIPES)
				keep = i + 1;
			continue;
		}
		if (pipes > *most)
			*most = pipes;
		if (pipes > RENDER_MAX_PIPES) {
			if (!cut)
				sbuf_add(out, md, start);
			cut = 1;
			sbuf_add(out, md + start, keep - start);
		} else if (cut) {
			sbuf_add(out, md + start, i - start);
		}
		if (cut && i < len)
			sbuf_addch(out, '\n');
		start = i + 1;
		pipes = 0;
	}
	return cut;
}

/*
 * Parse @md with the GFM extensions, after render_precut() and the cap of
 * RENDER_MAX_BYTES; NULL on failure (out of memory).  *@pipes: the most
 * '|' on one line; *@shown: @len, or the bytes parsed when capped.
 */
static cmark_node *render_parse(const char *md, size_t len, size_t *pipes,
				size_t *shown)
{
	cmark_parser *p = render_parser();
	struct sbuf cut = SBUF_INIT;
	cmark_node *root;
	size_t n;

	if (!p)
		return NULL;
	*shown = len;	/* all of it, unless capped below */
	if (render_precut(md, len, &cut, pipes)) {
		md = cut.buf;
		len = cut.len;
	}
	/* cmark-gfm takes ~200 bytes a byte for a table: bound the input,
	 * cut after a whole line, else between characters */
	if (len > RENDER_MAX_BYTES) {
		for (n = RENDER_MAX_BYTES; n > 0 && md[n - 1] != '\n'; n--)
			;
		if (!n)
			for (n = RENDER_MAX_BYTES;
			     n > 0 && ((unsigned char)md[n] & 0xc0) == 0x80;
			     n--)
				;
		len = n;
		*shown = n;
	}
	cmark_parser_feed(p, md, len);
	root = cmark_parser_finish(p);
	cmark_parser_free(p);
	sbuf_release(&cut);
	return root;
}

/* Public (render.h): walk the tree once, iteratively. */
int render_lint(const char *md, size_t len, char *msg, size_t msgsz)
{
	cmark_node *root, *n;
	cmark_iter *it;
	cmark_event_type ev;
	int depth = 0, deepest = 0, cols = 0, k;
	size_t pipes, shown;

	root = render_parse(md, len, &pipes, &shown);
	if (!root)
		return -1;
	it = cmark_iter_new(root);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		if (cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE ||
		    cmark_node_get_type(n) == CMARK_NODE_LIST) {
			depth += ev == CMARK_EVENT_ENTER ? 1 : -1;
			if (depth > deepest)
				deepest = depth;
		} else if (ev == CMARK_EVENT_ENTER &&
			   render_is_table(n, "table")) {
			k = cmark_gfm_extensions_get_table_columns(n);
			if (k > cols)
				cols = k;
		}
	}
	cmark_iter_free(it);
	cmark_node_free(root);
	*msg = '\0';
	if (shown < len)
		snprintf(msg, msgsz, "%zu bytes of Markdown (the renderer "
			 "shows the first %d)", len, RENDER_MAX_BYTES);
	else if (deepest > RENDER_MAX_DEPTH)
		snprintf(msg, msgsz, "quotes and lists nested %d deep (deeper "
			 "than %d are shown as plain text)", deepest,
			 RENDER_MAX_DEPTH);
	else if (pipes > RENDER_MAX_PIPES)
		snprintf(msg, msgsz, "a line of %zu '|' (a table of more than "
			 "%d columns is cut)", pipes, RENDER_MAX_COLS);
	else if (cols > RENDER_MAX_COLS)
		snprintf(msg, msgsz, "a table of %d columns (more than %d are "
			 "cut)", cols, RENDER_MAX_COLS);
	return *msg != '\0';
}

/* Public (render.h): parse with the GFM extensions, lay out. */
int render_markdown(const char *md, size_t len, const struct render_opts *opts,
		    struct render_doc *doc)
{
	struct render_opts o = *opts;
	struct ctx c;
	cmark_node *root;
	size_t pipes, shown;

	if (o.width < RENDER_MIN_WIDTH)
		o.width = RENDER_MIN_WIDTH;
	doc->width = o.width;
	root = render_parse(md, len, &pipes, &shown);
	if (!root)
		return -1;
	memset(&c, 0, sizeof(c));
	c.doc = doc;
	c.opts = &o;
	c.width = o.width;
	render_block(&c, root);
	while (doc->nlines && !doc->lines[doc->nlines - 1].width &&
	       !doc->lines[doc->nlines - 1].nspans) {
		line_release(&doc->lines[doc->nlines - 1]);
		doc->nlines--;
	}
	if (shown < len) {
		char note[96];

		snprintf(note, sizeof(note), "(card cut: %zu of %zu bytes "
			 "shown)", shown, len);
		render_doc_add_blank(doc);
		render_doc_add_text(doc, note, RS_DIM | RS_MARKER);
	}
	cmark_node_free(root);
	return 0;
}
