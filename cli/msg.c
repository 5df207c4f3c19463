// SPDX-License-Identifier: GPL-2.0
/* msg.c - error, warning and diagnostic output (see msg.h). */
#include <stdarg.h>
#include <stdio.h>

#include "cli/msg.h"

static void msg_v(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	fputs("memdrill: ", f);
	fputs(prefix, f);
	vfprintf(f, fmt, ap);
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

	printf("%s:%d: %s: ", file, line, kind);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}
