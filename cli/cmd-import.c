// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-import.c - `memdrill import [PATH...]`: sync deck files into the
 * collection, each file all or nothing.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "core/deckset.h"
#include "core/store.h"
#include "util/paths.h"
#include "util/xalloc.h"

/* deckset_import() callback: a deck as it is parsed, before it is synced. */
static void cmd_import_deck(void *arg, const struct deck *d)
{
	(void)arg;
	cmd_print_deck(d);
	cmd_warn_no_cards_deck(d, "; nothing imported from it");
	if (d->nerrors)
		msg_error("cannot import '%s': %d error%s; nothing from it "
			  "was imported", d->path, d->nerrors,
			  d->nerrors == 1 ? "" : "s");
}

/* Remove the collection file an import created and then rolled back. */
static void cmd_import_uncreate(const char *db)
{
	static const char *const side[] = { "", "-wal", "-shm", "-journal" };
	char path[PATH_MAX];
	size_t i;

	for (i = 0; i < sizeof(side) / sizeof(side[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", db, side[i]);
		unlink(path);
	}
}

static int cmd_import_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	struct deckset_result r;
	struct config cfg;
	char **def = NULL;
	int ndef = 0;
	char err[512];
	const char *db = paths_db();
	struct store *s;
	int c, quiet = 0, rc = EXIT_USAGE, created, done;

	while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		if (c != 'q')
			return cmd_usage(&cmd_import_entry);
		quiet = 1;
	}
	/* settings only matter to cards whose synced history waits */
	if (config_load(&cfg, paths_config(), err, sizeof(err)) < 0) {
		msg_warn("%s; cards with synced history are replayed under "
			 "the default settings", err);
		config_defaults(&cfg);
	}
	created = access(db, F_OK) < 0;
	s = store_open(db, STORE_CREATE, err, sizeof(err));
	if (!s) {
		msg_error("%s", err);
		return EXIT_USAGE;
	}
	store_set_config(s, &cfg);
	if (optind == argc)	/* the deck search path */
		ndef = paths_search("cards", &def);
	/* one file at a time; an unchanged file is not read again */
	done = deckset_import(s, optind < argc ? argv + optind : def,
			      optind < argc ? (size_t)(argc - optind) :
			      (size_t)ndef, cmd_import_deck, NULL, &r, err,
			      sizeof(err));
	paths_search_free(def);
	if (done < 0) {
		msg_error("%s; nothing was imported", err);
	} else {
		if (!quiet || r.nbad)
			printf("%zu deck file%s: %d added, %d updated, "
			       "%d unchanged, %d retired, %d revived%s\n",
			       r.nfiles, r.nfiles == 1 ? "" : "s",
			       r.st.added, r.st.updated, r.st.unchanged,
			       r.st.retired, r.st.revived, r.nbad ?
			       " (files with errors skipped)" : "");
		rc = r.nbad ? EXIT_FINDING : EXIT_OK;
	}
	store_close(s);
	/* a failed first import leaves no empty collection behind */
	if (done < 0 && created)
		cmd_import_uncreate(db);
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
	"Files are read one at a time; a file unchanged since the last\n"
	"import (same size and time, or same bytes) is not read again.\n"
	"\n"
	"  -q, --quiet   print nothing on success\n",
	.exec = cmd_import_exec,
};
