// SPDX-License-Identifier: GPL-2.0
/*
 * spawn.c - fork/execvp with redirected files and a watchdog.  The parent
 * polls waitpid() so that a hung child (a build, a VM) is killed after its
 * time limit instead of hanging memdrill.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/spawn.h"

/* In the child: set up the files and exec; never returns. */
static void __attribute__((noreturn))
spawn_child(char *const argv[], const char *cwd, const char *in,
			const char *out)
{
	int fi = open(in ? in : "/dev/null", O_RDONLY);
	int fo = open(out ? out : "/dev/null",
		      O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fi < 0 || fo < 0 || (cwd && chdir(cwd) < 0))
		_exit(127);
	dup2(fi, 0);
	dup2(fo, 1);
	dup2(fo, 2);
	execvp(argv[0], argv);
	_exit(127);
}

int spawn_start(char *const argv[], const char *cwd, const char *in,
		const char *out)
{
	pid_t pid = fork();

	if (!pid)
		spawn_child(argv, cwd, in, out);
	return pid;
}

/* Kill @pid and reap it. */
static void spawn_kill(pid_t pid)
{
	int status;

	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
}

int spawn_wait(int pid, int timeout, int (*watch)(void *arg), void *arg)
{
	/* 1 ms, doubling to 20 ms: a quick child (git) is reaped quickly */
	struct timespec nap = { 0, 1000 * 1000 };
	time_t end = time(NULL) + timeout;
	int status;

	if (pid < 0)
		return -1;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
		if (r < 0 && errno != EINTR)
			return -1;
		if (watch && watch(arg)) {
			spawn_kill(pid);
			return -3;
		}
		if (time(NULL) >= end) {
			spawn_kill(pid);
			return -2;
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < 20 * 1000 * 1000)
			nap.tv_nsec = nap.tv_nsec * 2 > 20 * 1000 * 1000 ?
				20 * 1000 * 1000 : nap.tv_nsec * 2;
	}
}

int spawn_run(char *const argv[], const char *cwd, const char *in,
	      const char *out, int timeout)
{
	return spawn_wait(spawn_start(argv, cwd, in, out), timeout, NULL,
			  NULL);
}

int spawn_in_path(const char *prog)
{
	const char *path = getenv("PATH");
	char buf[4096];

	if (!path || !*path)
		path = "/usr/bin:/bin";
	while (*path) {
		size_t n = strcspn(path, ":");

		if (n && n < sizeof(buf) - strlen(prog) - 2) {
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path,
				 prog);
			if (!access(buf, X_OK))
				return 1;
		}
		path += n;
		if (*path == ':')
			path++;
	}
	return 0;
}
