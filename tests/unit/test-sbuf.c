// SPDX-License-Identifier: GPL-2.0
/* test-sbuf.c - unit tests for util/sbuf.c and util/paths.c. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test.h"
#include "util/paths.h"
#include "util/sbuf.h"

static void test_sbuf_add(void)
{
	struct sbuf sb = SBUF_INIT;

	CHECK_STR(sb.buf, "");
	sbuf_addstr(&sb, "page");
	sbuf_addch(&sb, ' ');
	sbuf_addf(&sb, "order=%d", 3);
	CHECK_STR(sb.buf, "page order=3");
	CHECK_INT(sb.len, 12);
	sbuf_addchars(&sb, ' ', 3);
	sbuf_rtrim(&sb);
	CHECK_INT(sb.len, 12);
	sbuf_reset(&sb);
	CHECK_STR(sb.buf, "");
	sbuf_release(&sb);
}

static void test_sbuf_long_format(void)
{
	struct sbuf sb = SBUF_INIT;
	char big[1000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	sbuf_addf(&sb, "<%s>", big);
	CHECK_INT(sb.len, 1001);
	CHECK(sb.buf[0] == '<' && sb.buf[1000] == '>' && !sb.buf[1001]);
	sbuf_release(&sb);
}

static void test_sbuf_detach(void)
{
	struct sbuf sb = SBUF_INIT;
	size_t len;
	char *p;

	sbuf_addstr(&sb, "buddy");
	p = sbuf_detach(&sb, &len);
	CHECK_STR(p, "buddy");
	CHECK_INT(len, 5);
	CHECK_INT(sb.len, 0);
	free(p);
}

static void test_sbuf_read_file(void)
{
	struct sbuf sb = SBUF_INIT;

	CHECK_INT(sbuf_read_file(&sb, "/nonexistent/memdrill"), -1);
	CHECK_INT(sb.len, 0);
	CHECK_INT(sbuf_read_file(&sb, "Makefile"), 0);
	CHECK(sb.len > 0);
	sbuf_release(&sb);
	/* a device is refused at once, not read until memory runs out */
	errno = 0;
	CHECK_INT(sbuf_read_file(&sb, "/dev/zero"), -1);
	CHECK_INT(errno, ENODEV);
	CHECK(!strcmp(sbuf_read_strerror(ENODEV), "not a regular file"));
	CHECK_INT(sb.len, 0);
}

static void test_paths_db(void)
{
	setenv("MEMDRILL_DB", "/tmp/x.db", 1);
	CHECK_STR(paths_db(), "/tmp/x.db");
	paths_set_db("/tmp/y.db");
	CHECK_STR(paths_db(), "/tmp/y.db");
	paths_set_db(NULL);
	unsetenv("MEMDRILL_DB");
	setenv("XDG_DATA_HOME", "/data", 1);
	CHECK_STR(paths_db(), "/data/memdrill/memdrill.db");
}

static void test_paths_cache(void)
{
	char tmp[] = "/tmp/memdrill-test-cache.XXXXXX", want[128];
	struct stat st;

	if (!mkdtemp(tmp)) {
		CHECK_MSG(0, "mkdtemp failed");
		return;
	}
	snprintf(want, sizeof(want), "%s/a/b", tmp);
	setenv("XDG_CACHE_HOME", want, 1);
	snprintf(want, sizeof(want), "%s/a/b/memdrill", tmp);
	CHECK_STR(paths_cache(), want);
	CHECK(!stat(want, &st) && S_ISDIR(st.st_mode) &&
	      (st.st_mode & 07777) == 0700);
	CHECK_STR(paths_cache(), want);		/* there already: fine */
	CHECK_INT(test_rmtree(tmp), 0);
}

static void test_paths_home(void)
{
	setenv("MEMDRILL_HOME", "/opt/md", 1);
	CHECK_STR(paths_home(), "/opt/md");
	CHECK_STR(paths_in_home("labs"), "/opt/md/labs");
	unsetenv("MEMDRILL_HOME");
	/* build/tests holds no cards/: the configured data folder */
	CHECK(strcmp(paths_home(), "/opt/md") != 0);
	CHECK_INT(strlen(paths_home()) > 9 &&
		  !strcmp(paths_home() + strlen(paths_home()) - 9,
			  "/memdrill"), 1);
}

int main(void)
{
	TEST_RUN(test_sbuf_add);
	TEST_RUN(test_sbuf_long_format);
	TEST_RUN(test_sbuf_detach);
	TEST_RUN(test_sbuf_read_file);
	TEST_RUN(test_paths_db);
	TEST_RUN(test_paths_cache);
	TEST_RUN(test_paths_home);
	return test_done();
}
