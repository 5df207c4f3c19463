/* SPDX-License-Identifier: GPL-2.0 */
/*
 * msg.h - the one place commands report to the user.
 *
 * Errors are reported once, at the command (the boundary), never from the
 * pure core or the simulator.  Text is lowercase, failure first, subject
 * quoted: msg_error("cannot open deck '%s': %s", path, strerror(errno)).
 * Deck diagnostics use msg_at() so editors can jump to file:line.
 */
#ifndef MEMDRILL_MSG_H
#define MEMDRILL_MSG_H

#include <stddef.h>
#include <stdio.h>

/* Exit statuses shared by every command. */
enum {
	EXIT_OK = 0,
	EXIT_FINDING = 1,	/* lint errors, failed expectations */
	EXIT_USAGE = 2,		/* bad usage or environment */
};

/*
 * Text from files (decks, lab pages, scenarios, a lab's output, file
 * names) reaches the terminal only through this file: msg_write() and
 * msg_print() (stdout), and the messages below, which are all sanitised
 * by utf8_sanitize() (util/utf8.h): ESC and the other controls, C1
 * controls, bidirectional overrides and invalid bytes are shown as '?' or
 * U+FFFD; newlines and tabs are kept.  A command's own styling (colour)
 * is written around it, never through it.
 */
void msg_write(FILE *f, const char *s, size_t len);
void msg_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "memdrill: " + message + newline on stderr, for progress notes. */
void msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "file:line: error: message" on stdout (diagnostics are the output). */
void msg_at(const char *file, int line, const char *kind, const char *fmt,
	    ...) __attribute__((format(printf, 4, 5)));

#endif
