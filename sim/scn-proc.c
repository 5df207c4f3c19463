// SPDX-License-Identifier: GPL-2.0
/*
 * scn-proc.c - process lines of the scenario language (part 2, owned by
 * the sim2 helper).  Until part 2 lands, `proc` and "A mmap|touch|fork|
 * exit|mprotect|madvise|munmap" lines are rejected with a clear error.
 */
#include <errno.h>

#include "scn.h"

/* Reject a process line: part 2 builds processes. */
static int scn_proc_unbuilt_verb(struct scn *s, const char *verb)
{
	return scn_err(s, -ENOSYS, "process line '%s' is not simulated yet "
		       "(process lines come in part 2)", verb);
}

/* `proc A`, `pressure 40M`: the verb is the first token. */
static int scn_proc_unbuilt(struct scn *s, int argc, char **argv)
{
	(void)argc;
	return scn_proc_unbuilt_verb(s, argv[0]);
}

/* `A mmap ...`: the verb is the second token. */
static int scn_proc_unbuilt_subject(struct scn *s, int argc, char **argv)
{
	(void)argc;
	return scn_proc_unbuilt_verb(s, argv[1]);
}

const struct scn_cmd scn_proc_cmds[] = {
	{ "proc", 0, scn_proc_unbuilt },
	{ "pressure", 0, scn_proc_unbuilt },
	{ "mmap", 1, scn_proc_unbuilt_subject },
	{ "touch", 1, scn_proc_unbuilt_subject },
	{ "fork", 1, scn_proc_unbuilt_subject },
	{ "exit", 1, scn_proc_unbuilt_subject },
	{ "mprotect", 1, scn_proc_unbuilt_subject },
	{ "madvise", 1, scn_proc_unbuilt_subject },
	{ "munmap", 1, scn_proc_unbuilt_subject },
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
