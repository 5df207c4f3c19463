// SPDX-License-Identifier: GPL-2.0
/* msg.c - error, warning and diagnostic output (see msg.h). */
#include <stdarg.h>
#include <stdio.h>

#include "cli/msg.h"
#include "util/sbuf.h"
#include "util/utf8.h"

void msg_write(FILE *f, const char *s, size_t len)
{
	struct sbuf sb = SBUF_INIT;
	size_t i = 0, j;

	while (i < len) {
		for (j = i; j < len && s[j] != '\n' && s[j] != '\t'; j++)
			;
		utf8_sanitize(&sb, s + i, j - i, NULL);
		if (j < len)
			sbuf_addch(&sb, s[j]);
		i = j + 1;
	}
	fwrite(sb.buf, 1, sb.len, f);
	sbuf_release(&sb);
}

static void msg_vwrite(FILE *f, const char *fmt, va_list ap)
{
	struct sbuf sb = SBUF_INIT;

	sbuf_vaddf(&sb, fmt, ap);
	msg_write(f, sb.buf, sb.len);
	sbuf_release(&sb);
}

void msg_print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vwrite(stdout, fmt, ap);
	va_end(ap);
}

static void msg_v(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	fputs("memdrill: ", f);
	fputs(prefix, f);
	msg_vwrite(f, fmt, ap);
	fputc('\n', f);
}

void msg_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_v(stderr, "error: ", fmt, ap);
	va_end(ap);
}

void msg_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_v(stderr, "warning: ", fmt, ap);
	va_end(ap);
}

void msg_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_v(stderr, "", fmt, ap);
	va_end(ap);
}

void msg_at(const char *file, int line, const char *kind, const char *fmt, ...)
{
	va_list ap;

	msg_print("%s:%d: %s: ", file, line, kind);
	va_start(ap, fmt);
	msg_vwrite(stdout, fmt, ap);
	va_end(ap);
	putchar('\n');
}
