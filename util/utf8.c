// SPDX-License-Identifier: GPL-2.0
/* utf8.c - display width, cutting and sanitising of UTF-8 (utf8.h). */
#include <string.h>
#include <wchar.h>

#include "util/utf8.h"

/*
 * Bidirectional formatting characters (marks, embeddings, overrides,
 * isolates): zero columns to wcwidth(), but they reorder what follows, so
 * text from a file could show a line other than the one it holds.
 */
static int utf8_bidi(wchar_t wc)
{
	return wc == 0x061c || wc == 0x200e || wc == 0x200f ||
	       (wc >= 0x202a && wc <= 0x202e) ||
	       (wc >= 0x2066 && wc <= 0x2069);
}

/* Decode one character; *wc is -1 for an invalid byte.  Returns bytes. */
static size_t utf8_decode(const char *s, size_t len, wchar_t *wc, int *width)
{
	mbstate_t st;
	size_t n;
	int w;

	if ((unsigned char)*s < 0x80) {
		*wc = (unsigned char)*s;
		*width = 1;
		return 1;
	}
	memset(&st, 0, sizeof(st));
	n = mbrtowc(wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*wc = -1;
		*width = 1;
		return 1;
	}
	w = wcwidth(*wc);
	*width = w < 0 || utf8_bidi(*wc) ? 1 : w;
	return n;
}

size_t utf8_char(const char *s, size_t len, int *width)
{
	wchar_t wc;

	return utf8_decode(s, len, &wc, width);
}

int utf8_width(const char *s, size_t len)
{
	size_t i = 0;
	int w, total = 0;

	while (i < len) {
		i += utf8_char(s + i, len - i, &w);
		total += w;
	}
	return total;
}

size_t utf8_fit(const char *s, size_t len, int cols, int *used)
{
	size_t i = 0, n;
	int w, col = 0;

	while (i < len) {
		n = utf8_char(s + i, len - i, &w);
		if (col + w > cols)
			break;
		col += w;
		i += n;
	}
	if (used)
		*used = col;
	return i;
}

int utf8_sanitize(struct sbuf *sb, const char *s, size_t len,
		  const int *col)
{
	size_t i = 0, n;
	wchar_t wc;
	int w, total = 0;

	while (i < len) {
		n = utf8_decode(s + i, len - i, &wc, &w);
		if (wc == '\t' && col) {
			w = UTF8_TAB - (*col + total) % UTF8_TAB;
			sbuf_addchars(sb, ' ', w);
		} else if (wc == '\t' || wc == '\n' || wc == '\r') {
			sbuf_addch(sb, ' ');
		} else if (wc == -1) {
			sbuf_addstr(sb, "\xef\xbf\xbd");
		} else if (wc < 0x20 || wc == 0x7f ||
			   (wc >= 0x80 && wc < 0xa0) ||
			   (wc >= 0x80 && wcwidth(wc) < 0) || utf8_bidi(wc)) {
			sbuf_addch(sb, '?');
		} else {
			sbuf_add(sb, s + i, n);
		}
		total += w;
		i += n;
	}
	return total;
}

size_t utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t k, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		k = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		k = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		k = 4;
	else
		return 0;
	if (len < k)
		return 0;
	cp = s[0] & (0x7f >> k);
	for (i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 ||
						  cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}
