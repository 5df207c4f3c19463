/* SPDX-License-Identifier: GPL-2.0 */
/*
 * utf8.h - UTF-8 text on a terminal: display widths, cutting to a number
 * of columns, and the one rule for showing text from files.
 *
 * Widths are terminal columns as wcwidth() gives them in the current
 * locale (main() sets LC_CTYPE from the environment; in a non-UTF-8 locale
 * every non-ASCII byte counts as invalid).  The rules the renderer, the
 * TUI and the commands share:
 *  - a byte that does not start a valid character is one column, shown
 *    as U+FFFD;
 *  - a non-printable character (C0 and C1 controls, DEL, anything
 *    wcwidth() calls unprintable) and a bidirectional formatting
 *    character (U+202E and its kin, which would reorder the line) is one
 *    column, shown as '?';
 *  - a combining mark is zero columns, a wide (CJK) character two.
 * None of these functions fails or allocates, except utf8_sanitize()
 * growing its sbuf.
 */
#ifndef MEMDRILL_UTF8_H
#define MEMDRILL_UTF8_H

#include <stddef.h>

#include "util/sbuf.h"

/* Tab stops utf8_sanitize() expands to. */
#define UTF8_TAB 8

/*
 * The character at @s (@len > 0 bytes left): returns the bytes it takes
 * (>= 1; 1 for an invalid byte) and stores its columns in *@width.
 */
size_t utf8_char(const char *s, size_t len, int *width);

/* Columns of the @len bytes at @s. */
int utf8_width(const char *s, size_t len);

/*
 * Bytes of the longest prefix of @s (@len bytes) that is at most @cols
 * columns wide and ends between characters (0 when @cols <= 0); its width
 * goes to *@used unless @used is NULL.  A combining mark after the last
 * character that fits stays with it.
 */
size_t utf8_fit(const char *s, size_t len, int cols, int *used);

/*
 * Append @s (@len bytes) to @sb as a terminal may show it: invalid bytes
 * become U+FFFD, non-printables '?', CR and LF a space; a tab becomes
 * the spaces to the next stop of UTF8_TAB counted from column *@col when
 * @col is given (the column @s starts at), else one space.  Returns the
 * columns appended.
 */
int utf8_sanitize(struct sbuf *sb, const char *s, size_t len,
		  const int *col);

/*
 * Bytes of the well-formed UTF-8 character at @s (@len > 0 bytes left),
 * checked strictly and without the locale: 0 for a stray continuation
 * byte, a truncated sequence, an overlong form, a surrogate or a code
 * point above U+10FFFF.
 */
size_t utf8_valid(const char *s, size_t len);

#endif
