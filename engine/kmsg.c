// SPDX-License-Identifier: GPL-2.0
/*
 * kmsg.c - /dev/kmsg records (kmsg.h).  Each read() returns one record:
 * "prio,seq,usec,flags;text\n" then " KEY=value" continuation lines; the
 * text escapes newlines, backslashes and unprintable bytes as \xHH.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "engine/kmsg.h"

int kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd >= 0)
		lseek(fd, 0, SEEK_END);
	return fd;
}

/* Append @text up to @end to @line with the \xHH escapes undone. */
static void kmsg_unescape(const char *text, const char *end,
			  struct sbuf *line)
{
	unsigned int c;

	for (; text < end; text++) {
		if (end - text >= 4 && text[0] == '\\' && text[1] == 'x' &&
		    sscanf(text + 2, "%2x", &c) == 1) {
			sbuf_addch(line, (int)c);
			text += 3;
		} else {
			sbuf_addch(line, *text);
		}
	}
}

int kmsg_next(int fd, struct sbuf *line)
{
	char rec[8192];
	const char *text;
	ssize_t n;

	for (;;) {
		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten before we read it */
		if (n <= 0)
			return 0;	/* EAGAIN: every record is read */
		rec[n] = '\0';
		text = strchr(rec, ';');
		if (!text)
			continue;
		text++;
		sbuf_reset(line);
		kmsg_unescape(text, text + strcspn(text, "\n"), line);
		return 1;
	}
}
