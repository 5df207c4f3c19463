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

/*
 * spawn_run() in two steps: start @argv as above (returns the pid, -1 if
 * fork failed), then wait up to @timeout seconds.  While waiting, @watch
 * (when not NULL) is called with @arg every 1 ms at first, the pause
 * doubling to 20 ms (so a quick child is reaped quickly); when it returns
 * nonzero the child is killed and spawn_wait() returns -3.
 */
int spawn_start(char *const argv[], const char *cwd, const char *in,
		const char *out);
int spawn_wait(int pid, int timeout, int (*watch)(void *arg), void *arg);

/* 1 when @prog is an executable in PATH. */
int spawn_in_path(const char *prog);

#endif
