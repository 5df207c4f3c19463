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

/*
 * $XDG_CONFIG_HOME/memdrill/config (~/.config/memdrill/config).  Here and
 * in paths_db() and paths_cache(), an XDG variable that is not an
 * absolute path is ignored (the XDG base directory spec).
 */
const char *paths_config(void);

/*
 * The folder holding the bundled cards/, labs/, kmod/ and engine/ files
 * (read only: nothing is written there), the first of:
 *  1. $MEMDRILL_HOME, when set and not empty;
 *  2. the folder of the running binary (/proc/self/exe) when it holds
 *     cards/ and labs/: a binary run from its source tree;
 *  3. ROOT + the configured DATADIR + "/memdrill", when the binary's folder
 *     is ROOT + the configured BINDIR and that folder exists: an
 *     installation staged under a DESTDIR or moved as a whole (ROOT is ""
 *     for an ordinary installation);
 *  4. the configured DATADIR + "/memdrill" (make DATADIR=..., default
 *     /usr/local/share), where `make install` puts the data.
 * Computed once, except that $MEMDRILL_HOME is read on every call.
 */
const char *paths_home(void);

/*
 * The folder for what memdrill builds from the data and may build again
 * (modules, the lab VM's initramfs, unpacked kernels):
 * $XDG_CACHE_HOME/memdrill, else ~/.cache/memdrill.  Created (mode 0700,
 * with missing parents) on each call when missing.  Returns NULL with
 * errno set when it cannot be created.
 */
const char *paths_cache(void);

/*
 * The learner's own files (the exercises' workspace, docs/lab-format.md):
 * $XDG_DATA_HOME/memdrill, else ~/.local/share/memdrill.  Not created.
 */
const char *paths_data(void);

/* paths_home() + "/" + @rel, in a static buffer overwritten by each call. */
const char *paths_in_home(const char *rel);

/*
 * Folders named by the settings (deck_paths, lab_paths: ':'-separated),
 * set once by the front end after reading them; NULL or "" for none.
 */
void paths_set_search(const char *deck_paths, const char *lab_paths);

/*
 * The search path for @kind, "cards" or "labs": the bundled folder
 * (paths_in_home(@kind)), then $XDG_DATA_HOME/memdrill/@kind (the
 * learner's own, ~/.local/share/memdrill/@kind), then the folders the
 * settings name; the bundled one always, the others when they are
 * folders, each once.  Returns the count and a NULL-terminated array of
 * owned strings in *@dirs (free with paths_search_free()).
 */
int paths_search(const char *kind, char ***dirs);
void paths_search_free(char **dirs);

/*
 * Create every missing directory leading to the file @path (mode 0700).
 * Returns 0 or -1 with errno set.
 */
int paths_mkdirs_for(const char *path);

#endif
