// SPDX-License-Identifier: GPL-2.0
/*
 * test-dir.c - util/dir.c: a folder's regular files with a suffix, sorted;
 * dot files, sub-folders, FIFOs and dangling links left out; a missing
 * folder is an error with errno.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "util/dir.h"

static char tmp[] = "/tmp/memdrill-test-dir.XXXXXX";

static void touch(const char *name)
{
	char p[256];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", tmp, name);
	fd = open(p, O_WRONLY | O_CREAT, 0644);
	if (fd >= 0)
		close(fd);
}

static void test_dir_list(void)
{
	char p[256], q[256], **names;
	int n;

	touch("b.md");
	touch("a.md");
	touch("c.md.orig");
	touch(".hidden.md");
	touch(".md");
	touch("README.md");
	snprintf(p, sizeof(p), "%s/sub.md", tmp);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/fifo.md", tmp);
	CHECK_INT(mkfifo(p, 0644), 0);
	snprintf(p, sizeof(p), "%s/link.md", tmp);
	snprintf(q, sizeof(q), "%s/a.md", tmp);
	CHECK_INT(symlink(q, p), 0);
	snprintf(p, sizeof(p), "%s/dangling.md", tmp);
	CHECK_INT(symlink("/nonexistent/x", p), 0);

	n = dir_list(tmp, ".md", &names);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK_STR(names[0], "README.md");
		CHECK_STR(names[1], "a.md");
		CHECK_STR(names[2], "b.md");
		CHECK_STR(names[3], "link.md");
		CHECK(names[4] == NULL);
	}
	dir_list_free(names);

	n = dir_list(tmp, "", &names);
	CHECK_INT(n, 5);		/* and c.md.orig */
	dir_list_free(names);

	n = dir_list(tmp, ".scn", &names);
	CHECK_INT(n, 0);
	CHECK(names && !names[0]);
	dir_list_free(names);
}

static void test_dir_missing(void)
{
	char **names = (char **)1;

	errno = 0;
	CHECK_INT(dir_list("/nonexistent/folder", ".md", &names), -1);
	CHECK_INT(errno, ENOENT);
	CHECK(names == NULL);
	dir_list_free(NULL);
}

int main(void)
{
	int rc;

	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	TEST_RUN(test_dir_list);
	TEST_RUN(test_dir_missing);
	rc = test_done();
	return test_rmtree(tmp) ? 1 : rc;
}
