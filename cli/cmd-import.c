// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-import.c - `memdrill import [PATH...]`: sync deck files into the
 * collection, all or nothing.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/deckset.h"
#include "core/store.h"
#include "util/paths.h"

static int cmd_import_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct deckset set = DECKSET_INIT;
	struct store_import_stats st;
	char *def[] = { (char *)paths_in_home("cards") };
	char err[512];
	struct store *s;
	int c, quiet = 0, rc = EXIT_USAGE;

	while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		if (c != 'q')
			return cmd_usage(&cmd_import_entry);
		quiet = 1;
	}
	if (deckset_load(&set, optind < argc ? argv + optind : def,
			 optind < argc ? (size_t)(argc - optind) : 1,
			 err, sizeof(err)) < 0) {
		msg_error("%s", err);
		return EXIT_USAGE;
	}
	cmd_print_deck_diags(&set);
	cmd_warn_no_cards(&set, "; nothing imported from it");
	if (set.nerrors) {
		msg_error("cannot import: %d error%s in the decks; nothing "
			  "was imported", set.nerrors,
			  set.nerrors == 1 ? "" : "s");
		rc = EXIT_FINDING;
		goto out;
	}
	s = store_open(paths_db(), STORE_CREATE, err, sizeof(err));
	if (!s) {
		msg_error("%s", err);
		goto out;
	}
	if (store_import(s, set.decks, (const char *const *)set.sources,
			 set.n, &st, err, sizeof(err)) < 0) {
		msg_error("%s; nothing was imported", err);
	} else {
		if (!quiet)
			printf("%zu deck file%s: %d added, %d updated, "
			       "%d unchanged, %d retired, %d revived\n",
			       set.n, set.n == 1 ? "" : "s", st.added,
			       st.updated, st.unchanged, st.retired,
			       st.revived);
		rc = EXIT_OK;
	}
	store_close(s);
out:
	deckset_release(&set);
	return rc;
}

const struct cmd_entry cmd_import_entry = {
	.name = "import",
	.usage = "import [--quiet] [PATH...]",
	.summary = "sync decks into the collection",
	.help =
	"Reads each PATH (a deck file, or a folder of *.md decks; default:\n"
	"the bundled cards/) and syncs it into the collection in one\n"
	"transaction.  A deck with errors imports nothing and leaves the\n"
	"collection unchanged.  Cards are matched by their ID: line, else by\n"
	"their question text; a card gone from its file is retired (hidden,\n"
	"history kept) and comes back with its history when it returns.\n"
	"\n"
	"  -q, --quiet   print nothing on success\n",
	.exec = cmd_import_exec,
};
