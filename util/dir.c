// SPDX-License-Identifier: GPL-2.0
/* dir.c - sorted listing of a folder's regular files (dir.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/dir.h"
#include "util/xalloc.h"

static int dir_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Does @name end in @suffix, with something before it? */
static int dir_match(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);

	return n > k && !strcmp(name + n - k, suffix);
}

int dir_list(const char *dir, const char *suffix, char ***names)
{
	DIR *dp = opendir(dir);
	struct dirent *de;
	struct stat st;
	size_t n = 0, alloc = 0;
	char **v = NULL;

	*names = NULL;
	if (!dp)
		return -1;
	while ((de = readdir(dp))) {
		if (de->d_name[0] == '.' || !dir_match(de->d_name, suffix))
			continue;
		if (fstatat(dirfd(dp), de->d_name, &st, 0) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		v = xgrow(v, &alloc, n + 2, sizeof(*v));
		v[n++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (!v)
		v = xcalloc(1, sizeof(*v));
	qsort(v, n, sizeof(*v), dir_cmp);
	v[n] = NULL;
	*names = v;
	return (int)n;
}

void dir_list_free(char **names)
{
	char **p;

	if (!names)
		return;
	for (p = names; *p; p++)
		free(*p);
	free(names);
}
