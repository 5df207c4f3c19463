// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-rebuild.c - `memdrill rebuild`: recompute the collection's card
 * states, review log and lab runs from the event log (docs/sync.md).
 */
#include <stdio.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "core/store.h"
#include "engine/sync.h"

static int cmd_rebuild_exec(int argc, char **argv)
{
	struct store_rebuild_stats rs;
	struct sync_result r;
	struct config cfg;
	struct store *s;
	char err[1024];
	int rc;

	(void)argv;
	if (argc != 1)
		return cmd_usage(&cmd_rebuild_entry);
	s = cmd_open_store(&cfg, STORE_WRITE);
	if (!s)
		return EXIT_USAGE;
	if (sync_import(s, &r, err, sizeof(err)) < 0) {
		sync_result_release(&r);
		goto fail;
	}
	rc = cmd_sync_report(&r);
	sync_result_release(&r);
	if (store_rebuild(s, &rs, err, sizeof(err)) < 0)
		goto fail;
	printf("replayed %ld event%s of %d card%s: %ld review%s, %d lab "
	       "run%s\n", rs.events, rs.events == 1 ? "" : "s", rs.cards,
	       rs.cards == 1 ? "" : "s", rs.reviews,
	       rs.reviews == 1 ? "" : "s", rs.labs, rs.labs == 1 ? "" : "s");
	store_close(s);
	return rc;
fail:
	msg_error("%s", err);
	store_close(s);
	return EXIT_USAGE;
}

const struct cmd_entry cmd_rebuild_entry = {
	.name = "rebuild",
	.usage = "rebuild",
	.summary = "recompute every card's schedule from the event log",
	.help =
	"The collection's card states, review log and lab runs are a cache\n"
	"of the event log.  rebuild imports any new events in the sync\n"
	"folder, then recomputes all three from the events under the\n"
	"current settings, in one transaction (after changing settings, or\n"
	"to check that a collection is what its events say).\n",
	.exec = cmd_rebuild_exec,
};
