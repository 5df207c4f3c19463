// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - memdrill's entry point: global options and the command table.
 *
 * `memdrill [--db PATH] [CMD] [ARGS]`; no command means `drill`.  `--db` is
 * accepted anywhere before a `--` so `memdrill import --db x` works too.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "engine/simhost.h"
#include "util/paths.h"

#ifndef MEMDRILL_VERSION
#define MEMDRILL_VERSION "0.0.0"
#endif

static const struct cmd_entry *main_table[] = {
	&cmd_drill_entry,
	&cmd_import_entry,
	&cmd_check_entry,
	&cmd_cards_entry,
	&cmd_show_entry,
	&cmd_stats_entry,
	&cmd_sched_entry,
	&cmd_revlog_entry,
	&cmd_lab_entry,
	&cmd_sim_entry,
	&cmd_sync_entry,
	&cmd_rebuild_entry,
	&cmd_class_entry,
	&cmd_config_entry,
};

#define MAIN_NCMDS (sizeof(main_table) / sizeof(main_table[0]))

static void main_help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: memdrill [--db PATH] [COMMAND] [ARGS]\n\n"
		"A terminal flashcard drill for Linux memory management, with\n"
		"labs that make each behaviour happen.  Without a command,\n"
		"runs today's drill.\n\ncommands:\n");
	for (i = 0; i < MAIN_NCMDS; i++)
		fprintf(f, "  %-8s %s\n", main_table[i]->name,
			main_table[i]->summary);
	fprintf(f, "\noptions:\n"
		"  --db PATH   the collection (default $MEMDRILL_DB, else\n"
		"              $XDG_DATA_HOME/memdrill/memdrill.db)\n"
		"  --help      this text (also `memdrill help`); `memdrill help\n"
		"              COMMAND` or `memdrill COMMAND --help` for one\n"
		"              command\n"
		"  --version   print the version\n\n"
		"exit status: 0 success, 1 a finding (lint errors, failed\n"
		"expectations), 2 usage or environment error.\n");
}

static const struct cmd_entry *main_find(const char *name)
{
	size_t i;

	for (i = 0; i < MAIN_NCMDS; i++)
		if (!strcmp(main_table[i]->name, name))
			return main_table[i];
	return NULL;
}

/*
 * Remove `--db PATH` / `--db=PATH` from argv (up to a `--`), recording the
 * path.  Returns the new argc, or -1 when --db has no value.
 */
static int main_take_db(int argc, char **argv)
{
	int i, j = 1, rest = 0;

	for (i = 1; i < argc; i++) {
		if (!rest && !strcmp(argv[i], "--"))
			rest = 1;
		if (!rest && !strcmp(argv[i], "--db")) {
			if (i + 1 >= argc)
				return -1;
			paths_set_db(argv[++i]);
			continue;
		}
		if (!rest && !strncmp(argv[i], "--db=", 5)) {
			paths_set_db(argv[i] + 5);
			continue;
		}
		argv[j++] = argv[i];
	}
	argv[j] = NULL;
	return j;
}

static int main_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return 0;
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static char *drill_argv[] = { "drill", NULL };
	const struct cmd_entry *entry;

	/* host mode's process spawner (engine/simhost.h): nothing else */
	if (argc > 1 && !strcmp(argv[1], SIMHOST_CHILD_ARG))
		return simhost_child_exec(argc, argv);
	setlocale(LC_ALL, "");
	argc = main_take_db(argc, argv);
	if (argc < 0) {
		msg_error("option '--db' needs a path");
		return EXIT_USAGE;
	}
	if (argc < 2) {
		argc = 1;
		argv = drill_argv;
	} else {
		argc--;
		argv++;
		if (!strcmp(argv[0], "--help") || !strcmp(argv[0], "-h")) {
			main_help(stdout);
			return EXIT_OK;
		}
		if (!strcmp(argv[0], "--version")) {
			printf("memdrill %s\n", MEMDRILL_VERSION);
			return EXIT_OK;
		}
	}
	if (!strcmp(argv[0], "help")) {
		/* memdrill help [COMMAND]: the same as --help */
		if (argc < 2) {
			main_help(stdout);
			return EXIT_OK;
		}
		entry = main_find(argv[1]);
		if (!entry) {
			msg_error("unknown command '%s'", argv[1]);
			fprintf(stderr, "try 'memdrill --help'\n");
			return EXIT_USAGE;
		}
		cmd_help(entry);
		return EXIT_OK;
	}
	entry = main_find(argv[0]);
	if (!entry) {
		msg_error("unknown command '%s'", argv[0]);
		fprintf(stderr, "try 'memdrill --help'\n");
		return EXIT_USAGE;
	}
	if (main_wants_help(argc, argv)) {
		cmd_help(entry);
		return EXIT_OK;
	}
	return cmd_run(entry, argc, argv);
}
