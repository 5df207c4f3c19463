// SPDX-License-Identifier: GPL-2.0
/*
 * test-kmsg.c - kmsg_next() on records written to a non-blocking pipe the
 * way /dev/kmsg hands them out (one per read): the prefix and the
 * continuation lines dropped, \xHH escapes undone, 0 once all are read.
 */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "engine/kmsg.h"
#include "test.h"

static int fds[2];

/* Offer one record, then read it back. */
static int next(const char *rec, struct sbuf *line)
{
	CHECK_INT(write(fds[1], rec, strlen(rec)), (long long)strlen(rec));
	return kmsg_next(fds[0], line);
}

static void test_records(void)
{
	struct sbuf line = SBUF_INIT;

	CHECK_INT(pipe(fds), 0);
	CHECK_INT(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	CHECK_INT(next("6,1,100,-;slab_lab: action redzone\n", &line), 1);
	CHECK_STR(line.buf, "slab_lab: action redzone");
	CHECK_INT(next("3,2,200,-;BUG x\\x0a----\\x5c\n SUBSYSTEM=slab\n",
		       &line), 1);
	CHECK_STR(line.buf, "BUG x\n----\\");
	CHECK_INT(next("6,4,1,-;a trailing \\x\n", &line), 1);
	CHECK_STR(line.buf, "a trailing \\x");	/* a cut escape stays */
	CHECK_INT(kmsg_next(fds[0], &line), 0);	/* EAGAIN: all read */
	close(fds[0]);
	close(fds[1]);
	sbuf_release(&line);
}

int main(void)
{
	TEST_RUN(test_records);
	return test_done();
}
