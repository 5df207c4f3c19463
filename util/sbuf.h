/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sbuf.h - a growable, always NUL-terminated byte string (after git's strbuf).
 *
 * Contract:
 *  - An sbuf is valid after SBUF_INIT or sbuf_init(); buf is then never NULL
 *    and buf[len] is always '\0' (buf may also contain NULs before len).
 *  - Appending never fails (allocation aborts, see xalloc.h).
 *  - sbuf_release() frees the memory and leaves the sbuf re-initialised.
 *  - sbuf_detach() hands the buffer to the caller (free() it) and resets.
 */
#ifndef MEMDRILL_SBUF_H
#define MEMDRILL_SBUF_H

#include <stdarg.h>
#include <stddef.h>

struct sbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char sbuf_empty[];
#define SBUF_INIT { 0, 0, sbuf_empty }

void sbuf_init(struct sbuf *sb);
void sbuf_release(struct sbuf *sb);
char *sbuf_detach(struct sbuf *sb, size_t *len);
void sbuf_grow(struct sbuf *sb, size_t extra);
void sbuf_setlen(struct sbuf *sb, size_t len);
static inline void sbuf_reset(struct sbuf *sb)
{
	sbuf_setlen(sb, 0);
}

void sbuf_add(struct sbuf *sb, const void *data, size_t len);
void sbuf_addstr(struct sbuf *sb, const char *s);
void sbuf_addch(struct sbuf *sb, int c);
/* Append @n copies of byte @c. */
void sbuf_addchars(struct sbuf *sb, int c, size_t n);
void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap);
/* Remove trailing blanks (space, tab, CR, LF). */
void sbuf_rtrim(struct sbuf *sb);

/*
 * Read the whole file at @path into @sb (appending).  Only a regular file
 * (after symbolic links) of at most @max bytes is read: anything else
 * fails at once, without blocking (a FIFO) or reading on (a device such
 * as /dev/zero).  Returns 0, or -1 with errno set: ENODEV for what is not
 * a regular file, EFBIG for a file over the limit; sbuf_read_strerror()
 * says either in words.  @sb is left as it was on failure.
 * sbuf_read_file() has the limit SBUF_READ_MAX.
 */
#define SBUF_READ_MAX (1u << 30)
int sbuf_read_file_max(struct sbuf *sb, const char *path, size_t max);
int sbuf_read_file(struct sbuf *sb, const char *path);

/* Read @fd to its end, at most @max bytes (EFBIG beyond); 0 or -1. */
int sbuf_read_fd(struct sbuf *sb, int fd, size_t max);

/* strerror() for an errno of sbuf_read_file(). */
const char *sbuf_read_strerror(int err);

#endif
