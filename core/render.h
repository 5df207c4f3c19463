/* SPDX-License-Identifier: GPL-2.0 */
/*
 * render.h - Markdown (cmark-gfm) to styled terminal lines; pure.
 *
 * render_markdown() parses a card's Markdown with the GFM table,
 * strikethrough and autolink extensions and lays it out for a screen
 * @width display columns wide: a list of lines, each a list of spans of
 * text sharing one style.  Widths are display columns as util/utf8.h
 * measures them, so CJK text counts two columns a character and aligns in
 * table cells.
 *
 * Layout rules:
 *  - Paragraphs, headings, list items, quotes and table cells wrap: Latin
 *    text at spaces, CJK text between any two characters.
 *  - Tables too wide shrink their widest column first and wrap in cells.
 *    A table of more than RENDER_MAX_COLS columns shows the first ones
 *    and a line saying how many were cut.  A line of more than
 *    RENDER_MAX_PIPES '|' is cut after the last of them before parsing
 *    (the GFM table parser is quadratic in the cells of a row).
 *  - Only the first RENDER_MAX_BYTES of the Markdown (up to a line end)
 *    are laid out, then a line saying so: cmark-gfm's tree takes some
 *    200 bytes of memory per byte of a table.
 *  - Quotes and lists nested more than RENDER_MAX_DEPTH deep are laid out
 *    as the plain text of the deeper blocks, so time and stack stay
 *    bounded whatever the input (render_lint() reports such Markdown).
 *  - Code blocks (and the ASCII diagrams in them) never wrap: their lines
 *    keep their full text and carry RENDER_NOWRAP; a front end clips them
 *    at the edge with a marker and may scroll them horizontally
 *    (term.h does both).  Such a line's width may exceed opts->width.
 *
 * Nothing here prints, exits or reads the environment.  The caller must
 * have set an LC_CTYPE that is UTF-8 (setlocale(LC_ALL, "") under a UTF-8
 * locale) for CJK widths to be right; text is sanitised by utf8_sanitize()
 * (invalid UTF-8 becomes U+FFFD, control characters '?'), so every span
 * is valid UTF-8.
 */
#ifndef MEMDRILL_RENDER_H
#define MEMDRILL_RENDER_H

#include <stddef.h>

#define RENDER_MAX_DEPTH 32	/* quotes and lists laid out as blocks */
#define RENDER_MAX_COLS 64	/* table columns shown */
#define RENDER_MAX_PIPES 256	/* a line is cut after this many '|' */
#define RENDER_MAX_BYTES 131072	/* Markdown laid out (whole lines) */

/* Style bits of a span; a front end maps them to colours/attributes. */
enum render_style {
	RS_BOLD = 1 << 0,
	RS_ITALIC = 1 << 1,
	RS_CODE = 1 << 2,	/* inline code */
	RS_HEADING = 1 << 3,
	RS_LINK = 1 << 4,	/* link text */
	RS_URL = 1 << 5,	/* link target shown after the text */
	RS_QUOTE = 1 << 6,	/* block quote bar */
	RS_BORDER = 1 << 7,	/* table border */
	RS_DIM = 1 << 8,
	RS_STRIKE = 1 << 9,
	RS_CODEBLOCK = 1 << 10,	/* text of a fenced/indented code block */
	RS_BULLET = 1 << 11,	/* list marker */
	RS_TH = 1 << 12,	/* table header cell */
	RS_MARKER = 1 << 13,	/* clip marker (added by front ends) */
};

/* Line flags. */
enum {
	RENDER_NOWRAP = 1 << 0,	/* code/table line: clip, never wrap */
	RENDER_TABLE = 1 << 1,	/* part of a table */
};

struct render_span {
	char *text;		/* owned, NUL-terminated UTF-8, no newline */
	size_t len;		/* bytes */
	int width;		/* display columns */
	unsigned style;		/* enum render_style bits */
};

struct render_line {
	struct render_span *spans;
	size_t nspans, alloc;
	int width;		/* display columns of the whole line */
	unsigned flags;		/* RENDER_NOWRAP, RENDER_TABLE */
};

struct render_doc {
	struct render_line *lines;
	size_t nlines, alloc;
	int width;		/* the width it was laid out for */
};

struct render_opts {
	int width;		/* display columns (at least 10 is used) */
	int ascii;		/* ASCII borders and bullets, not box chars */
	/*
	 * When > 0, wrapped prose (paragraphs, list items, quotes) ends by
	 * this column even when @width is wider, for readable lines on a
	 * wide screen; tables and code still use @width.
	 */
	int prose_width;
};

#define RENDER_DOC_INIT { NULL, 0, 0, 0 }

/*
 * Lay out the Markdown @md (@len bytes, need not be NUL-terminated) into
 * @doc, which must be initialised (RENDER_DOC_INIT) or released; lines are
 * appended.  Returns 0, or -1 if cmark-gfm fails to parse (out of memory);
 * @doc then holds whatever was appended.  Allocation failure otherwise
 * aborts (xalloc.h).  Trailing blank lines are not emitted.
 */
int render_markdown(const char *md, size_t len, const struct render_opts *opts,
		    struct render_doc *doc);

/*
 * Does @md go beyond what render_markdown() lays out in full (more than
 * RENDER_MAX_BYTES, nesting deeper than RENDER_MAX_DEPTH, a table wider
 * than RENDER_MAX_COLS)?
 * Returns 1 and a description in @msg (such as "quotes and lists nested
 * 20000 deep (deeper than 32 are shown as plain text)"), 0 when not, -1
 * when cmark-gfm fails (out of memory).
 */
int render_lint(const char *md, size_t len, char *msg, size_t msgsz);

/* Free every line of @doc and re-initialise it. */
void render_doc_release(struct render_doc *doc);

/*
 * Append an empty line, or one line of plain text with @style (no
 * wrapping, text sanitised as above), to @doc: front ends use these to
 * build headers and separators around rendered Markdown.
 */
void render_doc_add_blank(struct render_doc *doc);
void render_doc_add_text(struct render_doc *doc, const char *text,
			 unsigned style);

#endif
