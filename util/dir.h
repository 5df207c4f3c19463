/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dir.h - the files of a folder, as every command that reads a folder of
 * decks, lab pages, scenarios or sources lists them.
 */
#ifndef MEMDRILL_DIR_H
#define MEMDRILL_DIR_H

/*
 * The names (not paths) of the regular files in @dir whose names end in
 * @suffix and are longer than it ("" takes every name), sorted by
 * strcmp().  Names starting with '.' are left out, and so is anything that
 * is not a regular file once symbolic links are followed (folders, FIFOs,
 * sockets, devices, dangling links), so a caller can read each one
 * without blocking.  Not recursive.
 *
 * Returns the number of names and stores a NULL-terminated array of owned
 * strings in *@names (free it with dir_list_free()); -1 with errno set
 * when @dir cannot be opened, *@names then NULL.
 */
int dir_list(const char *dir, const char *suffix, char ***names);

/* Free a dir_list() result; NULL is fine. */
void dir_list_free(char **names);

#endif
