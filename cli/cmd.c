// SPDX-License-Identifier: GPL-2.0
/*
 * cmd.c - helpers shared by the command files (cmd.h).  Kept out of main.c
 * so the unit-test binaries, which link every drill object but main.o,
 * can link the commands too.
 */
#include <stdio.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "core/deckset.h"
#include "core/store.h"
#include "util/paths.h"

/* Public (cmd.h): the usage line and a hint, on stderr. */
int cmd_usage(const struct cmd_entry *entry)
{
	fprintf(stderr, "usage: memdrill %s\n"
		"try 'memdrill %s --help'\n", entry->usage, entry->name);
	return EXIT_USAGE;
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
