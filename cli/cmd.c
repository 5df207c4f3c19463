// SPDX-License-Identifier: GPL-2.0
/*
 * cmd.c - helpers shared by the command files (cmd.h).  Kept out of main.c
 * so the unit-test binaries, which link every drill object but main.o,
 * can link the commands too.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "core/deckset.h"
#include "core/store.h"
#include "util/paths.h"
#include "util/sbuf.h"

/* The usage lines of @entry: one per visible subcommand, or its usage. */
static void cmd_usage_lines(FILE *f, const struct cmd_entry *entry)
{
	const struct cmd_sub *sub;
	const char *lead = "usage:";

	if (!entry->subs) {
		fprintf(f, "usage: memdrill %s\n", entry->usage);
		return;
	}
	for (sub = entry->subs; sub->name; sub++) {
		if (!sub->summary)
			continue;
		fprintf(f, "%s memdrill %s %s%s%s\n", lead, entry->name,
			sub->name, *sub->args ? " " : "", sub->args);
		lead = "   or:";
	}
}

/* Public (cmd.h): the usage lines and a hint, on stderr. */
int cmd_usage(const struct cmd_entry *entry)
{
	cmd_usage_lines(stderr, entry);
	fprintf(stderr, "try 'memdrill %s --help'\n", entry->name);
	return EXIT_USAGE;
}

/* Public (cmd.h): usage, summary, the subcommands' summaries, help. */
void cmd_help(const struct cmd_entry *entry)
{
	const struct cmd_sub *sub;

	cmd_usage_lines(stdout, entry);
	printf("\n%s\n", entry->summary);
	if (entry->subs)
		printf("\nsubcommands:\n");
	for (sub = entry->subs; sub && sub->name; sub++) {
		const char *l = sub->summary;
		int first = 1;

		while (l && *l) {
			size_t n = strcspn(l, "\n");

			printf("  %-15s %.*s\n", first ? sub->name : "", (int)n,
			       l);
			first = 0;
			l += n + (l[n] == '\n');
		}
	}
	if (entry->help && *entry->help)
		printf("\n%s", entry->help);
}

/* Public (cmd.h): exec, or the subcommand argv[1] names. */
int cmd_run(const struct cmd_entry *entry, int argc, char **argv)
{
	/* getopt names argv[0] in its messages: the whole command */
	static char full[128];
	const struct cmd_sub *sub;
	struct config cfg;
	char err[256];

	/* the settings' deck and lab folders; a bad file is reported by
	 * the commands that read the settings */
	if (!config_load(&cfg, paths_config(), err, sizeof(err)))
		paths_set_search(cfg.deck_paths, cfg.lab_paths);
	optind = 0;
	if (!entry->subs) {
		snprintf(full, sizeof(full), "memdrill %s", entry->name);
		argv[0] = full;
		return entry->exec(argc, argv);
	}
	if (argc < 2)
		return cmd_usage(entry);
	for (sub = entry->subs; sub->name; sub++)
		if (!strcmp(sub->name, argv[1])) {
			snprintf(full, sizeof(full), "memdrill %s %s",
				 entry->name, sub->name);
			argv[1] = full;
			return sub->exec(argc - 1, argv + 1);
		}
	msg_error("unknown %s subcommand '%s'", entry->name, argv[1]);
	return cmd_usage(entry);
}

/* Public (cmd.h): config, then the store; errors reported once, here. */
struct store *cmd_open_store(struct config *cfg, int flags)
{
	struct store *s;
	char err[512];

	if (cfg && config_load(cfg, paths_config(), err, sizeof(err)) < 0) {
		msg_error("%s", err);
		return NULL;
	}
	s = store_open(paths_db(), flags, err, sizeof(err));
	if (!s)
		msg_error("%s", err);
	else if (cfg)
		store_set_config(s, cfg);
	return s;
}

void cmd_print_deck_diags(struct deckset *set)
{
	size_t i, j;

	deckset_sort_diags(set);
	for (i = 0; i < set->n; i++) {
		const struct deck *d = &set->decks[i];

		for (j = 0; j < d->ndiags; j++)
			msg_at(d->path, d->diags[j].line,
			       d->diags[j].error ? "error" : "warning", "%s",
			       d->diags[j].msg);
	}
}

char *cmd_resolve_deck(struct store *s, const char *what)
{
	struct sbuf names = SBUF_INIT;
	char err[512], *title = NULL;
	int rc = store_deck_resolve(s, what, &title, &names, err, sizeof(err));

	if (rc < 0) {
		msg_error("%s", err);
	} else if (rc != 1) {
		msg_error(rc ? "'%s' matches several decks; the decks (title "
			  "and file stem):" : "no deck '%s'; the decks (title "
			  "and file stem):", what);
		fputs(names.len ? names.buf : "(none: run memdrill import)\n",
		      stderr);
	}
	sbuf_release(&names);
	return title;
}

int cmd_warn_no_cards(const struct deckset *set, const char *what)
{
	size_t i;
	int n = 0;

	for (i = 0; i < set->n; i++)
		if (!set->decks[i].ncards && !set->decks[i].nerrors) {
			msg_at(set->decks[i].path, 1, "warning",
			       "no cards in this file (a card starts with "
			       "'Q:')%s", what);
			n++;
		}
	return n;
}

void cmd_progress(void *ctx, const char *what)
{
	(void)ctx;
	if (isatty(STDERR_FILENO))
		msg_info("%s", what);
}
