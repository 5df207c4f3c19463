// SPDX-License-Identifier: GPL-2.0
/* paths.c - the collection, config and bundled-data locations (paths.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/paths.h"

/* Set by the Makefile from BINDIR and DATADIR (util/paths.o only). */
#ifndef MEMDRILL_BINDIR
#define MEMDRILL_BINDIR "/usr/local/bin"
#endif
#ifndef MEMDRILL_DATADIR
#define MEMDRILL_DATADIR "/usr/local/share/memdrill"
#endif

static const char *paths_db_override;

void paths_set_db(const char *path)
{
	paths_db_override = path;
}

/* The length of @dir without trailing slashes (but "/" stays "/"). */
static int paths_dirlen(const char *dir)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return n == 1 && *dir == '/' ? 0 : (int)n;
}

/*
 * $VAR if set to an absolute path, else $HOME/@fallback, joined with
 * @tail.  A relative $VAR is ignored, as the XDG base directory spec
 * says; no "//" is made.
 */
static const char *paths_xdg(char *buf, size_t size, const char *var,
			     const char *fallback, const char *tail)
{
	const char *base = getenv(var);
	const char *home = getenv("HOME");

	if (base && *base == '/')
		snprintf(buf, size, "%.*s/%s", paths_dirlen(base), base, tail);
	else if (home && *home)
		snprintf(buf, size, "%.*s/%s/%s", paths_dirlen(home), home,
			 fallback, tail);
	else
		snprintf(buf, size, "./%s/%s", fallback, tail);
	return buf;
}

const char *paths_db(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("MEMDRILL_DB");

	if (paths_db_override)
		return paths_db_override;
	if (env && *env)
		return env;
	if (!*buf)
		paths_xdg(buf, sizeof(buf), "XDG_DATA_HOME", ".local/share",
			  "memdrill/memdrill.db");
	return buf;
}

const char *paths_config(void)
{
	static char buf[PATH_MAX];

	if (!*buf)
		paths_xdg(buf, sizeof(buf), "XDG_CONFIG_HOME", ".config",
			  "memdrill/config");
	return buf;
}

static int paths_is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* Is @dir/@sub a folder? */
static int paths_has_dir(const char *dir, const char *sub)
{
	char buf[PATH_MAX];

	return snprintf(buf, sizeof(buf), "%s/%s", dir, sub) <
	       (int)sizeof(buf) && paths_is_dir(buf);
}

/* Steps 2 to 4 of paths_home() (paths.h), into @buf. */
static void paths_find_home(char *buf, size_t size)
{
	char exe[PATH_MAX];
	size_t bin = strlen(MEMDRILL_BINDIR);
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *slash;

	snprintf(buf, size, "%s", MEMDRILL_DATADIR);
	if (n <= 0)
		return;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (!slash)
		return;
	*slash = '\0';
	if (paths_has_dir(exe, "cards") && paths_has_dir(exe, "labs")) {
		snprintf(buf, size, "%s", exe);
		return;
	}
	/* ROOT + BINDIR: try ROOT + DATADIR */
	if ((size_t)(slash - exe) > bin && !strcmp(slash - bin,
						   MEMDRILL_BINDIR)) {
		char staged[PATH_MAX];

		slash[-(ssize_t)bin] = '\0';
		if (snprintf(staged, sizeof(staged), "%s%s", exe,
			     MEMDRILL_DATADIR) < (int)sizeof(staged) &&
		    paths_is_dir(staged))
			snprintf(buf, size, "%s", staged);
	}
}

const char *paths_home(void)
{
	static char buf[PATH_MAX];
	const char *env = getenv("MEMDRILL_HOME");

	if (env && *env)
		return env;
	if (!*buf)
		paths_find_home(buf, sizeof(buf));
	return buf;
}

const char *paths_cache(void)
{
	static char buf[PATH_MAX];

	if (!*buf)
		paths_xdg(buf, sizeof(buf), "XDG_CACHE_HOME", ".cache",
			  "memdrill");
	if (paths_mkdirs_for(buf) < 0 ||
	    (mkdir(buf, 0700) < 0 && errno != EEXIST))
		return NULL;
	return buf;
}

const char *paths_data(void)
{
	static char buf[PATH_MAX];

	if (!*buf)
		paths_xdg(buf, sizeof(buf), "XDG_DATA_HOME", ".local/share",
			  "memdrill");
	return buf;
}

const char *paths_in_home(const char *rel)
{
	static char buf[PATH_MAX];

	/* a cut path names no file: opening it fails and says which */
	const char *home = paths_home();

	if (snprintf(buf, sizeof(buf), "%.*s/%s", paths_dirlen(home), home,
		     rel) >= (int)sizeof(buf))
		errno = ENAMETOOLONG;
	return buf;
}

static char *paths_extra_decks, *paths_extra_labs;

void paths_set_search(const char *deck_paths, const char *lab_paths)
{
	free(paths_extra_decks);
	free(paths_extra_labs);
	paths_extra_decks = deck_paths && *deck_paths ? strdup(deck_paths) :
			    NULL;
	paths_extra_labs = lab_paths && *lab_paths ? strdup(lab_paths) : NULL;
}

/* Add @dir (@n bytes) to @dirs unless a folder already there is it. */
static void paths_search_add(char ***dirs, int *n, const char *dir,
			     size_t len, int must_exist)
{
	char buf[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
	char **grown;
	int i;

	if (!len || len >= sizeof(buf))
		return;
	memcpy(buf, dir, len);
	buf[len] = '\0';
	while (len > 1 && buf[len - 1] == '/')
		buf[--len] = '\0';
	if (must_exist && !paths_is_dir(buf))
		return;
	for (i = 0; i < *n; i++)
		if (!strcmp((*dirs)[i], buf) ||
		    (realpath((*dirs)[i], a) && realpath(buf, b) &&
		     !strcmp(a, b)))
			return;
	grown = realloc(*dirs, (size_t)(*n + 2) * sizeof(**dirs));
	if (!grown)
		return;
	*dirs = grown;
	(*dirs)[*n] = strdup(buf);
	if ((*dirs)[*n])
		(*n)++;
	(*dirs)[*n] = NULL;
}

int paths_search(const char *kind, char ***dirs)
{
	char own[PATH_MAX], tail[64];
	const char *extra = strcmp(kind, "labs") ? paths_extra_decks :
			    paths_extra_labs;
	int n = 0;

	*dirs = calloc(1, sizeof(**dirs));
	if (!*dirs)
		return 0;
	paths_search_add(dirs, &n, paths_in_home(kind),
			 strlen(paths_in_home(kind)), 0);
	snprintf(tail, sizeof(tail), "memdrill/%s", kind);
	paths_xdg(own, sizeof(own), "XDG_DATA_HOME", ".local/share", tail);
	paths_search_add(dirs, &n, own, strlen(own), 1);
	while (extra && *extra) {
		size_t len = strcspn(extra, ":");

		paths_search_add(dirs, &n, extra, len, 1);
		extra += len + (extra[len] == ':');
	}
	return n;
}

void paths_search_free(char **dirs)
{
	char **d;

	for (d = dirs; d && *d; d++)
		free(*d);
	free(dirs);
}

int paths_mkdirs_for(const char *path)
{
	char buf[PATH_MAX];
	char *p;

	if (strlen(path) >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(buf, path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return 0;
}
