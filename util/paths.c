// SPDX-License-Identifier: GPL-2.0
/* paths.c - the collection, config and bundled-data locations (paths.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/paths.h"

#ifndef MEMDRILL_SRCDIR
#define MEMDRILL_SRCDIR "."
#endif

static const char *paths_db_override;

void paths_set_db(const char *path)
{
	paths_db_override = path;
}

/* $VAR if set and non-empty, else $HOME/@fallback, joined with @tail. */
static const char *paths_xdg(char *buf, size_t size, const char *var,
			     const char *fallback, const char *tail)
{
	const char *base = getenv(var);
	const char *home = getenv("HOME");

	if (base && *base)
		snprintf(buf, size, "%s/%s", base, tail);
	else
		snprintf(buf, size, "%s/%s/%s", home && *home ? home : ".",
			 fallback, tail);
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

const char *paths_home(void)
{
	const char *env = getenv("MEMDRILL_HOME");

	return env && *env ? env : MEMDRILL_SRCDIR;
}

const char *paths_in_home(const char *rel)
{
	static char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s/%s", paths_home(), rel);
	return buf;
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
