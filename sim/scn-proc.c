// SPDX-License-Identifier: GPL-2.0
/*
 * scn-proc.c - process lines of the scenario language (part 2, owned by
 * the sim2 helper).  Until part 2 lands, `proc` and "A mmap|touch|fork|
 * exit|mprotect|madvise|munmap" lines are rejected with a clear error.
 */
#include <errno.h>

#include "scn.h"

/* Reject a process line: part 2 builds processes. */
static int scn_proc_unbuilt(struct scn *s, int argc, char **argv)
{
	const char *verb = argc > 1 && argv[1] ? argv[1] : argv[0];

	if (argc > 0 && argv[0] && !*argv[0])
		verb = argv[0];
	return scn_err(s, -ENOSYS, "process line '%s' is not simulated yet "
		       "(process lines come in part 2)", verb);
}

const struct scn_cmd scn_proc_cmds[] = {
	{ "proc", 0, scn_proc_unbuilt },
	{ "mmap", 1, scn_proc_unbuilt },
	{ "touch", 1, scn_proc_unbuilt },
	{ "fork", 1, scn_proc_unbuilt },
	{ "exit", 1, scn_proc_unbuilt },
	{ "mprotect", 1, scn_proc_unbuilt },
	{ "madvise", 1, scn_proc_unbuilt },
	{ "munmap", 1, scn_proc_unbuilt },
	{ NULL, 0, NULL },
};

const struct scn_show scn_proc_shows[] = {
	{ NULL, NULL },
};

const struct scn_getter scn_proc_getters[] = {
	{ NULL },
};

/* Release part 2 interpreter state (none yet). */
void scn_proc_free(struct scn *s)
{
	s->proc = NULL;
}
