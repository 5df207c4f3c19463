// SPDX-License-Identifier: GPL-2.0
/* kbuild.c - copy kmod/'s sources into a build folder (kbuild.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/kbuild.h"
#include "util/dir.h"
#include "util/paths.h"
#include "util/sbuf.h"

/* Is @name a kmod/ file the build needs (sources, Kbuild, Makefile)? */
static int kbuild_source(const char *name)
{
	size_t n = strlen(name);

	if (!strcmp(name, "Kbuild") || !strcmp(name, "Makefile"))
		return 1;
	return n > 2 && name[n - 2] == '.' &&
	       (name[n - 1] == 'c' || name[n - 1] == 'h');
}

/* Write @text to @path unless it holds exactly that already.  0 or -1. */
static int kbuild_update(const char *path, const struct sbuf *text)
{
	struct sbuf old = SBUF_INIT;
	int same, fd, rc = -1;

	same = sbuf_read_file(&old, path) >= 0 && old.len == text->len &&
	       !memcmp(old.buf, text->buf, text->len);
	sbuf_release(&old);
	if (same)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (write(fd, text->buf, text->len) == (ssize_t)text->len)
		rc = 0;
	if (close(fd) < 0)
		rc = -1;
	return rc;
}

int kbuild_sources(const char *dir, char *reason, size_t rsz)
{
	struct sbuf from = SBUF_INIT, to = SBUF_INIT, text = SBUF_INIT;
	char src[4096], **names;
	int i, n, rc = 0;

	if (paths_mkdirs_for(dir) < 0 ||
	    (mkdir(dir, 0700) < 0 && errno != EEXIST)) {
		snprintf(reason, rsz, "cannot create '%s': %s", dir,
			 strerror(errno));
		return -1;
	}
	/* paths_in_home() reuses one buffer: keep a copy */
	snprintf(src, sizeof(src), "%s", paths_in_home("kmod"));
	n = dir_list(src, "", &names);
	if (n < 0) {
		snprintf(reason, rsz, "cannot read '%s': %s", src,
			 strerror(errno));
		return -1;
	}
	for (i = 0; i < n && !rc; i++) {
		if (!kbuild_source(names[i]))
			continue;
		sbuf_reset(&from);
		sbuf_addf(&from, "%s/%s", src, names[i]);
		sbuf_reset(&to);
		sbuf_addf(&to, "%s/%s", dir, names[i]);
		sbuf_reset(&text);
		if (sbuf_read_file(&text, from.buf) < 0 ||
		    kbuild_update(to.buf, &text) < 0) {
			snprintf(reason, rsz, "cannot copy '%s' to '%s': %s",
				 from.buf, to.buf, strerror(errno));
			rc = -1;
		}
	}
	dir_list_free(names);
	sbuf_release(&from);
	sbuf_release(&to);
	sbuf_release(&text);
	return rc;
}
