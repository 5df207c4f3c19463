/* SPDX-License-Identifier: GPL-2.0 */
/*
 * spawn.h - run a program memdrill ships or relies on (make, cpio, qemu)
 * from an argument array, never through a shell, with a time limit.
 */
#ifndef MEMDRILL_SPAWN_H
#define MEMDRILL_SPAWN_H

/*
 * Run @argv (argv[0] looked up in PATH) with stdin from the file @in,
 * stdout and stderr to the file @out (NULL: /dev/null for either), in
 * the directory @cwd (NULL: here).  It is killed after @timeout seconds.
 * Returns its exit status (128 when a signal ended it), -2 on a timeout,
 * -1 if it could not be started.
 */
int spawn_run(char *const argv[], const char *cwd, const char *in,
	      const char *out, int timeout);

/* 1 when @prog is an executable in PATH. */
int spawn_in_path(const char *prog);

#endif
