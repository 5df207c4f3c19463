// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-import.c - `memdrill import [PATH...]`: sync deck files into the
 * collection, each file all or nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "core/deckset.h"
#include "core/store.h"
#include "util/paths.h"
#include "util/xalloc.h"

static int cmd_import_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct deckset set = DECKSET_INIT;
	struct store_import_stats st;
	struct config cfg;
	char **def = NULL;
	int ndef = 0;
	char err[512];
	struct store *s = NULL;
	struct deck *ok = NULL;
	const char **oksrc = NULL;
	size_t i, nok = 0, nbad = 0;
	int c, quiet = 0, rc = EXIT_USAGE;

	while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		if (c != 'q')
			return cmd_usage(&cmd_import_entry);
		quiet = 1;
	}
	if (optind == argc)	/* the deck search path */
		ndef = paths_search("cards", &def);
	if (deckset_load(&set, optind < argc ? argv + optind : def,
			 optind < argc ? (size_t)(argc - optind) :
			 (size_t)ndef, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		paths_search_free(def);
		return EXIT_USAGE;
	}
	paths_search_free(def);
	/* settings only matter to cards whose synced history waits */
	if (config_load(&cfg, paths_config(), err, sizeof(err)) < 0) {
		msg_warn("%s; cards with synced history are replayed under "
			 "the default settings", err);
		config_defaults(&cfg);
	}
	s = store_open(paths_db(), STORE_CREATE, err, sizeof(err));
	if (!s) {
		msg_error("%s", err);
		goto out;
	}
	store_set_config(s, &cfg);
	if (deckset_check_store(&set, s, err, sizeof(err)) < 0) {
		msg_error("%s", err);
		goto out;
	}
	cmd_print_deck_diags(&set);
	cmd_warn_no_cards(&set, "; nothing imported from it");
	/* per file all or nothing: a file with errors is skipped whole */
	ok = xcalloc(set.n + 1, sizeof(*ok));
	oksrc = xcalloc(set.n + 1, sizeof(*oksrc));
	for (i = 0; i < set.n; i++) {
		if (set.decks[i].nerrors) {
			msg_error("cannot import '%s': %d error%s; nothing "
				  "from it was imported", set.decks[i].path,
				  set.decks[i].nerrors,
				  set.decks[i].nerrors == 1 ? "" : "s");
			nbad++;
			continue;
		}
		ok[nok] = set.decks[i];
		oksrc[nok++] = set.sources[i];
	}
	if (store_import(s, ok, oksrc, nok, &st, err, sizeof(err)) < 0) {
		msg_error("%s; nothing was imported", err);
		goto out;
	}
	if (!quiet || nbad)
		printf("%zu deck file%s: %d added, %d updated, %d unchanged, "
		       "%d retired, %d revived%s\n", nok, nok == 1 ? "" : "s",
		       st.added, st.updated, st.unchanged, st.retired,
		       st.revived, nbad ? " (files with errors skipped)" : "");
	rc = nbad ? EXIT_FINDING : EXIT_OK;
out:
	free(ok);
	free(oksrc);
	if (s)
		store_close(s);
	deckset_release(&set);
	return rc;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "import [--quiet] [PATH...]",
	.summary = "sync decks into the collection",
	.help =
	"Reads each PATH (a deck file, or a folder of *.md decks; default:\n"
	"the deck search path: the bundled cards/, your own decks in\n"
	"$XDG_DATA_HOME/memdrill/cards and the settings' deck_paths; -\n"
	"reads one from standard input) and syncs it into the collection\n"
	"in one transaction.  Each file is all or nothing: a file with\n"
	"errors is skipped whole (its cards keep their state) and the\n"
	"other files are imported; the exit status is then 1.  A card\n"
	"whose ID: (or question) the collection already has from another\n"
	"file that still holds it is an error naming both places.  Cards\n"
	"are matched by their ID: line, else by their question text; a\n"
	"card gone from its file is retired (hidden, history kept) and\n"
	"comes back with its history when it returns.\n"
	"\n"
	"  -q, --quiet   print nothing on success\n",
	.exec = cmd_import_exec,
};
