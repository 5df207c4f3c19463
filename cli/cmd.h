/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cmd.h - the command descriptor table (after tmux's cmd_entry).
 *
 * Each command lives in its own file cmd-NAME.c and defines one
 * `const struct cmd_entry cmd_NAME_entry`.  main.c lists them, handles the
 * global options (--db, --help, --version) and `memdrill CMD --help`
 * (cmd_help()), then calls cmd_run(): exec with argv[0] == the command
 * name, or for a command made of subcommands (`lab`, `sim`, `sched`) the
 * subcommand's exec with argv[0] == its name; getopt state is reset
 * either way.  exec returns an exit status (msg.h: EXIT_OK, EXIT_FINDING,
 * EXIT_USAGE) and reports its own errors.
 */
#ifndef MEMDRILL_CMD_H
#define MEMDRILL_CMD_H

/*
 * One subcommand (`memdrill lab run`).  A command's table of them, ended
 * by an entry whose name is NULL, is used for dispatch, for its usage
 * lines and --help, and for the "unknown subcommand" error: adding a
 * subcommand is one entry.
 */
struct cmd_sub {
	const char *name;
	const char *args;	/* its usage after "memdrill CMD NAME" */
	/*
	 * For CMD --help: lines of at most 58 columns separated by \n.
	 * NULL: hidden (not listed, still runs).
	 */
	const char *summary;
	int (*exec)(int argc, char **argv);	/* argv[0] == name */
};

struct cmd_entry {
	const char *name;
	/* after "memdrill ", e.g. "import [PATH...]"; NULL with subs */
	const char *usage;
	const char *summary;	/* one line for `memdrill --help` */
	const char *help;	/* options and details for `memdrill CMD --help` */
	int (*exec)(int argc, char **argv);	/* NULL with subs */
	const struct cmd_sub *subs;	/* NULL, or the subcommands */
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
extern const struct cmd_entry cmd_sync_entry;
extern const struct cmd_entry cmd_rebuild_entry;
extern const struct cmd_entry cmd_class_entry;
extern const struct cmd_entry cmd_config_entry;

/*
 * Run @entry with @argc/@argv (argv[0] its name): its exec, or the
 * subcommand argv[1] names, with argv[0] replaced by the whole command
 * ("memdrill lab run") for getopt's messages.  A missing subcommand prints the usage, an
 * unknown one "unknown CMD subcommand 'X'" and then the usage; both
 * return EXIT_USAGE.
 */
int cmd_run(const struct cmd_entry *entry, int argc, char **argv);

/*
 * Print the usage lines ("usage: memdrill USAGE", one "   or: ..." per
 * further subcommand) and a hint to stderr; returns EXIT_USAGE.
 */
int cmd_usage(const struct cmd_entry *entry);

/* `memdrill CMD --help` on stdout: usage, summary, subcommands, help. */
void cmd_help(const struct cmd_entry *entry);

struct config;
/*
 * Open the collection (paths_db(), store_open() @flags) and, when @cfg is
 * not NULL, load the configuration first.  On failure the error is
 * reported here and NULL is returned: the caller exits with EXIT_USAGE.
 */
struct store *cmd_open_store(struct config *cfg, int flags);

/*
 * The title of the deck --deck @what names (store_deck_resolve(): title,
 * file stem or unique substring), malloc'd; NULL after reporting "no
 * deck 'X'" (or "'X' matches several decks") with the list of decks.
 */
char *cmd_resolve_deck(struct store *s, const char *what);

struct deckset;
/* Print every diagnostic of @set, by file and line, as FILE:LINE: KIND: ... */
void cmd_print_deck_diags(struct deckset *set);
/*
 * Warn (FILE:1: warning: ...) about each file of @set without an error
 * that holds no card (a README, a lab page); @what ends the message.
 * Returns the number of such files.
 */
int cmd_warn_no_cards(const struct deckset *set, const char *what);

/*
 * The engine's progress notes (struct labvm_opts.progress): shown as
 * "memdrill: WHAT" on stderr when it is a terminal, else dropped.
 */
void cmd_progress(void *ctx, const char *what);

struct sync_result;
/*
 * Print what a sync brought in (per device, by kind; the cards
 * replayed) and warn about each skipped file.  Returns EXIT_FINDING when
 * a file was skipped, else EXIT_OK.
 */
int cmd_sync_report(const struct sync_result *r);

#endif
