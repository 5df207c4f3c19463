// SPDX-License-Identifier: GPL-2.0
/* sbuf.c - growable strings; the contract is in sbuf.h. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/sbuf.h"
#include "util/xalloc.h"

char sbuf_empty[1];

void sbuf_init(struct sbuf *sb)
{
	sb->alloc = 0;
	sb->len = 0;
	sb->buf = sbuf_empty;
}

void sbuf_release(struct sbuf *sb)
{
	if (sb->alloc)
		free(sb->buf);
	sbuf_init(sb);
}

char *sbuf_detach(struct sbuf *sb, size_t *len)
{
	char *p;

	sbuf_grow(sb, 0);
	p = sb->buf;
	if (len)
		*len = sb->len;
	sbuf_init(sb);
	return p;
}

void sbuf_grow(struct sbuf *sb, size_t extra)
{
	int fresh = !sb->alloc;

	if (sb->len + extra + 1 < sb->len)
		xmalloc((size_t)-1);
	if (fresh)
		sb->buf = NULL;
	sb->buf = xgrow(sb->buf, &sb->alloc, sb->len + extra + 1, 1);
	if (fresh)
		sb->buf[0] = '\0';
}

void sbuf_setlen(struct sbuf *sb, size_t len)
{
	if (!sb->alloc)
		return;
	sb->len = len;
	sb->buf[len] = '\0';
}

void sbuf_add(struct sbuf *sb, const void *data, size_t len)
{
	sbuf_grow(sb, len);
	memcpy(sb->buf + sb->len, data, len);
	sbuf_setlen(sb, sb->len + len);
}

void sbuf_addstr(struct sbuf *sb, const char *s)
{
	sbuf_add(sb, s, strlen(s));
}

void sbuf_addch(struct sbuf *sb, int c)
{
	sbuf_grow(sb, 1);
	sb->buf[sb->len] = (char)c;
	sbuf_setlen(sb, sb->len + 1);
}

void sbuf_addchars(struct sbuf *sb, int c, size_t n)
{
	sbuf_grow(sb, n);
	memset(sb->buf + sb->len, c, n);
	sbuf_setlen(sb, sb->len + n);
}

void sbuf_vaddf(struct sbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	sbuf_grow(sb, 64);
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= sb->alloc - sb->len) {
		sbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sbuf_setlen(sb, sb->len + (size_t)n);
}

void sbuf_addf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

void sbuf_rtrim(struct sbuf *sb)
{
	size_t n = sb->len;

	while (n && strchr(" \t\r\n", sb->buf[n - 1]))
		n--;
	sbuf_setlen(sb, n);
}

const char *sbuf_read_strerror(int err)
{
	if (err == ENODEV)
		return "not a regular file";
	if (err == EFBIG)
		return "larger than memdrill reads for such a file";
	return strerror(err);
}

int sbuf_read_fd(struct sbuf *sb, int fd, size_t max)
{
	size_t old = sb->len;
	char tmp[65536];
	ssize_t n;

	for (;;) {
		if (sb->len - old > max) {
			sbuf_setlen(sb, old);
			errno = EFBIG;
			return -1;
		}
		if (sb->alloc - sb->len > sizeof(tmp)) {
			n = read(fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
			if (n > 0)
				sbuf_setlen(sb, sb->len + (size_t)n);
		} else {
			n = read(fd, tmp, sizeof(tmp));
			if (n > 0)
				sbuf_add(sb, tmp, (size_t)n);
		}
		if (n == 0)
			return 0;
		if (n < 0 && errno != EINTR) {
			int e = errno;

			sbuf_setlen(sb, old);
			errno = e;
			return -1;
		}
	}
}

int sbuf_read_file_max(struct sbuf *sb, const char *path, size_t max)
{
	struct stat st;
	int fd, e, rc;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st)) {
		rc = -1;
	} else if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : ENODEV;
		rc = -1;
	} else if ((unsigned long long)st.st_size > max) {
		errno = EFBIG;
		rc = -1;
	} else {
		if (st.st_size > 0)
			sbuf_grow(sb, (size_t)st.st_size);
		rc = sbuf_read_fd(sb, fd, max);
	}
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int sbuf_read_file(struct sbuf *sb, const char *path)
{
	return sbuf_read_file_max(sb, path, SBUF_READ_MAX);
}
