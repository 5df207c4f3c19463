/* SPDX-License-Identifier: GPL-2.0 */
/*
 * paths.h - where memdrill keeps and finds things.
 *
 * Every function returns a pointer to static storage, computed once.
 */
#ifndef MEMDRILL_PATHS_H
#define MEMDRILL_PATHS_H

/* Set by the global --db option; wins over MEMDRILL_DB and the default. */
void paths_set_db(const char *path);

/*
 * The collection: --db, else $MEMDRILL_DB, else
 * $XDG_DATA_HOME/memdrill/memdrill.db (~/.local/share/memdrill/...).
 */
const char *paths_db(void);

/* $XDG_CONFIG_HOME/memdrill/config (~/.config/memdrill/config). */
const char *paths_config(void);

/*
 * The folder holding the bundled cards/, labs/ and kmod/: $MEMDRILL_HOME,
 * else the source tree memdrill was built in.
 */
const char *paths_home(void);

/* paths_home() + "/" + @rel, in a static buffer overwritten by each call. */
const char *paths_in_home(const char *rel);

/*
 * Create every missing directory leading to the file @path (mode 0700).
 * Returns 0 or -1 with errno set.
 */
int paths_mkdirs_for(const char *path);

#endif
