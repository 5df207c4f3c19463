/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmd.h - the command descriptor table (after tmux's cmd_entry).
 *
 * Each command lives in its own file cmd-NAME.c and defines one
 * `const struct cmd_entry cmd_NAME_entry`.  main.c lists them, handles the
 * global options (--db, --help, --version) and `memdrill CMD --help`, then
 * calls exec with argv[0] == the command name and getopt state reset.
 * exec returns an exit status (msg.h: EXIT_OK, EXIT_FINDING, EXIT_USAGE)
 * and reports its own errors.
 */
#ifndef MEMDRILL_CMD_H
#define MEMDRILL_CMD_H

struct cmd_entry {
	const char *name;
	const char *usage;	/* after "memdrill ", e.g. "import [PATH...]" */
	const char *summary;	/* one line for `memdrill --help` */
	const char *help;	/* options and details for `memdrill CMD --help` */
	int (*exec)(int argc, char **argv);
};

extern const struct cmd_entry cmd_drill_entry;
extern const struct cmd_entry cmd_import_entry;
extern const struct cmd_entry cmd_check_entry;
extern const struct cmd_entry cmd_cards_entry;
extern const struct cmd_entry cmd_show_entry;
extern const struct cmd_entry cmd_stats_entry;
extern const struct cmd_entry cmd_sched_entry;
extern const struct cmd_entry cmd_revlog_entry;
extern const struct cmd_entry cmd_lab_entry;
extern const struct cmd_entry cmd_sim_entry;

/* Print "usage: memdrill USAGE" and a hint to stderr; returns EXIT_USAGE. */
int cmd_usage(const struct cmd_entry *entry);

struct config;
/*
 * Open the collection (paths_db(), store_open() @flags) and, when @cfg is
 * not NULL, load the configuration first.  On failure the error is
 * reported here and NULL is returned: the caller exits with EXIT_USAGE.
 */
struct store *cmd_open_store(struct config *cfg, int flags);

struct deckset;
/* Print every diagnostic of @set, by file and line, as FILE:LINE: KIND: ... */
void cmd_print_deck_diags(struct deckset *set);

#endif
