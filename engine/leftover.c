// SPDX-License-Identifier: GPL-2.0
/* leftover.c - sweep what dead memdrills left on the host (leftover.h). */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine/leftover.h"

/* The PID in @name after @prefix (digits up to @end), or 0. */
static long leftover_pid(const char *name, const char *prefix, char end)
{
	size_t n = strlen(prefix);
	char *e;
	long pid;

	if (strncmp(name, prefix, n) || !(name[n] >= '0' && name[n] <= '9'))
		return 0;
	pid = strtol(name + n, &e, 10);
	return *e == end && pid > 0 ? pid : 0;
}

/* Is process @pid gone (not just someone else's)? */
static int leftover_dead(long pid)
{
	return kill((pid_t)pid, 0) < 0 && errno == ESRCH;
}

/*
 * Kill every task of cgroup @dir, remove the cgroups nested in it (down to
 * @depth more levels), then @dir.  1 when removed.
 */
static int leftover_cgroup(const char *dir, int depth)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	char path[4200];
	struct dirent *e;
	struct stat st;
	long pid;
	DIR *d;
	FILE *f;
	int tries;

	if (depth > 0 && (d = opendir(dir))) {
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.' ||
			    snprintf(path, sizeof(path), "%s/%s", dir,
				     e->d_name) >= (int)sizeof(path))
				continue;
			if (!lstat(path, &st) && S_ISDIR(st.st_mode))
				leftover_cgroup(path, depth - 1);
		}
		closedir(d);
	}

	if (snprintf(path, sizeof(path), "%s/cgroup.procs", dir) >=
	    (int)sizeof(path))
		return 0;
	f = fopen(path, "r");
	if (f) {
		while (fscanf(f, "%ld", &pid) == 1)
			if (pid > 0 && pid != (long)getpid())
				kill((pid_t)pid, SIGKILL);
		fclose(f);
	}
	/* a memcg whose last task just died may be busy a moment */
	for (tries = 0; tries < 100; tries++) {
		if (!rmdir(dir))
			return 1;
		if (errno != EBUSY)
			return 0;
		nanosleep(&ts, NULL);
	}
	return 0;
}

/* Remove the files of the flat folder @dir, then the folder. */
static int leftover_tmp(const char *dir)
{
	char path[4200];
	struct dirent *e;
	DIR *d = opendir(dir);

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) <
		    (int)sizeof(path))
			unlink(path);
	}
	closedir(d);
	return !rmdir(dir);
}

/* Public (leftover.h). */
int leftover_sweep(const char *cgroot, const char *tmpdir)
{
	char path[4200];
	struct dirent *e;
	struct stat st;
	int n = 0;
	long pid;
	DIR *d;

	if (cgroot && (d = opendir(cgroot))) {
		while ((e = readdir(d))) {
			/* memdrill-lab-PID, memdrill-PID-NAME, memdrill-PID */
			pid = leftover_pid(e->d_name, "memdrill-lab-", '\0');
			if (!pid)
				pid = leftover_pid(e->d_name, "memdrill-", '-');
			if (!pid)
				pid = leftover_pid(e->d_name, "memdrill-",
						   '\0');
			if (!pid || !leftover_dead(pid))
				continue;
			if (snprintf(path, sizeof(path), "%s/%s", cgroot,
				     e->d_name) < (int)sizeof(path) &&
			    !lstat(path, &st) && S_ISDIR(st.st_mode))
				n += leftover_cgroup(path, 1);
		}
		closedir(d);
	}
	if (tmpdir && (d = opendir(tmpdir))) {
		while ((e = readdir(d))) {
			pid = leftover_pid(e->d_name, LEFTOVER_TMP_PREFIX, '.');
			if (!pid || !leftover_dead(pid))
				continue;
			if (snprintf(path, sizeof(path), "%s/%s", tmpdir,
				     e->d_name) < (int)sizeof(path) &&
			    !lstat(path, &st) && S_ISDIR(st.st_mode))
				n += leftover_tmp(path);
		}
		closedir(d);
	}
	return n;
}
