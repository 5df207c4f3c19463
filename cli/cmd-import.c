// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-import.c - `memdrill import [PATH...]`: sync deck files into the
 * collection, all or nothing.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/deckset.h"
#include "core/store.h"
#include "util/paths.h"

/* deckset_import() callback: a deck's diagnostics, as it is parsed. */
static void cmd_import_deck(void *arg, const struct deck *d)
{
	(void)arg;
	cmd_print_deck(d);
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
	char *def[] = { (char *)paths_in_home("cards") };
	char err[512];
	const char *db = paths_db();
	struct store *s;
	int c, quiet = 0, rc = EXIT_USAGE, created, done;

	while ((c = getopt_long(argc, argv, "q", opts, NULL)) != -1) {
		if (c != 'q')
			return cmd_usage(&cmd_import_entry);
		quiet = 1;
	}
	created = access(db, F_OK) < 0;
	s = store_open(db, STORE_CREATE, err, sizeof(err));
	if (!s) {
		msg_error("%s", err);
		return EXIT_USAGE;
	}
	done = deckset_import(s, optind < argc ? argv + optind : def,
			      optind < argc ? (size_t)(argc - optind) : 1,
			      cmd_import_deck, NULL, &r, err, sizeof(err));
	if (done > 0) {
		msg_error("cannot import: %d error%s in the decks; nothing "
			  "was imported", r.nerrors, r.nerrors == 1 ? "" : "s");
		rc = EXIT_FINDING;
	} else if (done < 0) {
		msg_error("%s; nothing was imported", err);
	} else {
		if (!quiet)
			printf("%zu deck file%s: %d added, %d updated, "
			       "%d unchanged, %d retired, %d revived\n",
			       r.nfiles, r.nfiles == 1 ? "" : "s",
			       r.st.added, r.st.updated, r.st.unchanged,
			       r.st.retired, r.st.revived);
		rc = EXIT_OK;
	}
	store_close(s);
	/* a failed first import leaves no empty collection behind */
	if (done && created)
		cmd_import_uncreate(db);
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
	"Files are read one at a time; a file unchanged since the last\n"
	"import (same size and time, or same bytes) is not read again.\n"
	"\n"
	"  -q, --quiet   print nothing on success\n",
	.exec = cmd_import_exec,
};
