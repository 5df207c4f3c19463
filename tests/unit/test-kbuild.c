// SPDX-License-Identifier: GPL-2.0
/*
 * test-kbuild.c - engine/kbuild.c: kmod/'s sources (Kbuild, Makefile,
 * *.c, *.h, nothing else) are copied to the build folder; an unchanged
 * source is not rewritten (its time stays, so kbuild sees it unchanged),
 * a changed one is; the data folder is only read.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/kbuild.h"
#include "test.h"
#include "util/sbuf.h"

static char tmp[] = "/tmp/memdrill-test-kbuild.XXXXXX";

static void put(const char *rel, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	f = fopen(p, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static long long mtime(const char *rel)
{
	char p[256];
	struct stat st;

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	if (stat(p, &st) < 0)
		return -1;
	return st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

/* Set @rel's time to 1 s after the epoch, to see whether it is rewritten. */
static void age(const char *rel)
{
	struct timespec t[2] = { { 1, 0 }, { 1, 0 } };
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", tmp, rel);
	utimensat(AT_FDCWD, p, t, 0);
}

static void test_kbuild_sources(void)
{
	char home[128], dst[128], reason[256] = "";
	struct sbuf t = SBUF_INIT;

	snprintf(home, sizeof(home), "%s/home/kmod", tmp);
	CHECK_INT(mkdir(home, 0755), 0);
	put("home/kmod/Kbuild", "obj-m += a.o\n");
	put("home/kmod/a.c", "int a;\n");
	put("home/kmod/a.h", "#define A 1\n");
	put("home/kmod/notes.txt", "not a source\n");
	snprintf(dst, sizeof(dst), "%s/cache/vm/kmod", tmp);

	CHECK_INT(kbuild_sources(dst, reason, sizeof(reason)), 0);
	CHECK_STR(reason, "");
	CHECK(mtime("cache/vm/kmod/Kbuild") > 0);
	CHECK(mtime("cache/vm/kmod/a.h") > 0);
	CHECK_INT(mtime("cache/vm/kmod/notes.txt"), -1);
	snprintf(dst, sizeof(dst), "%s/cache/vm/kmod/a.c", tmp);
	CHECK(sbuf_read_file(&t, dst) >= 0);
	CHECK_STR(t.buf, "int a;\n");

	/* unchanged: not rewritten */
	age("cache/vm/kmod/a.c");
	snprintf(dst, sizeof(dst), "%s/cache/vm/kmod", tmp);
	CHECK_INT(kbuild_sources(dst, reason, sizeof(reason)), 0);
	CHECK_INT(mtime("cache/vm/kmod/a.c"), 1000000000LL);

	/* changed: rewritten, the others kept */
	age("cache/vm/kmod/Kbuild");
	put("home/kmod/a.c", "int a, b;\n");
	CHECK_INT(kbuild_sources(dst, reason, sizeof(reason)), 0);
	CHECK(mtime("cache/vm/kmod/a.c") > 1000000000LL);
	CHECK_INT(mtime("cache/vm/kmod/Kbuild"), 1000000000LL);
	sbuf_reset(&t);
	snprintf(dst, sizeof(dst), "%s/cache/vm/kmod/a.c", tmp);
	CHECK(sbuf_read_file(&t, dst) >= 0);
	CHECK_STR(t.buf, "int a, b;\n");
	sbuf_release(&t);
}

static void test_kbuild_no_sources(void)
{
	char dst[128], reason[256] = "";

	setenv("MEMDRILL_HOME", "/nonexistent", 1);
	snprintf(dst, sizeof(dst), "%s/cache/other", tmp);
	CHECK_INT(kbuild_sources(dst, reason, sizeof(reason)), -1);
	CHECK_STR(reason, "cannot read '/nonexistent/kmod': No such file or "
		  "directory");
}

int main(void)
{
	char home[128];
	int rc;

	if (!mkdtemp(tmp)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(home, sizeof(home), "%s/home", tmp);
	mkdir(home, 0755);
	setenv("MEMDRILL_HOME", home, 1);
	TEST_RUN(test_kbuild_sources);
	TEST_RUN(test_kbuild_no_sources);
	rc = test_done();
	return test_rmtree(tmp) ? 1 : rc;
}
