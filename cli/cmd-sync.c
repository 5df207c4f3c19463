// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-sync.c - `memdrill sync`: carry the event log between devices
 * through a git repository (engine/sync.h, docs/sync.md).
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "core/events.h"
#include "core/store.h"
#include "engine/sync.h"
#include "util/paths.h"

/* "5 reviews, 1 undo" for the kinds counted in @in. */
static void cmd_sync_kinds(const struct sync_in *in)
{
	const char *sep = "";
	int k;

	for (k = 0; k < EVENT_NKINDS; k++) {
		if (!in->kinds[k])
			continue;
		printf("%s%ld %s%s", sep, in->kinds[k], event_kind_name(k),
		       in->kinds[k] == 1 ? "" : "s");
		sep = ", ";
	}
}

/* Public (cmd.h). */
int cmd_sync_report(const struct sync_result *r)
{
	const char *b = r->bad;
	size_t i;

	for (i = 0; i < r->nin; i++) {
		printf("from %s: %ld event%s (", r->in[i].device,
		       r->in[i].events, r->in[i].events == 1 ? "" : "s");
		cmd_sync_kinds(&r->in[i]);
		printf(")\n");
	}
	if (r->nin)
		printf("%d card%s replayed\n", r->cards,
		       r->cards == 1 ? "" : "s");
	while (*b) {
		size_t n = strcspn(b, "\n");

		msg_warn("skipped %.*s", (int)n, b);
		b += n + (b[n] == '\n');
	}
	return r->bad[0] ? EXIT_FINDING : EXIT_OK;
}

static int cmd_sync_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "init", required_argument, NULL, 'i' },
		{ "dir", required_argument, NULL, 'd' },
		{ "user", required_argument, NULL, 'u' },
		{ "offline", no_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *url = NULL, *dir = NULL, *user = "me";
	struct sync_result r;
	struct store_rebuild_stats rs;
	struct config cfg;
	struct store *s;
	char err[1024], folder[PATH_MAX];
	char dev[EVENT_DEVICE_MAX + 1];
	int c, offline = 0, rc = EXIT_USAGE;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'i':
			url = optarg;
			break;
		case 'd':
			dir = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'o':
			offline = 1;
			break;
		default:
			return cmd_usage(&cmd_sync_entry);
		}
	}
	if (optind != argc || ((dir || strcmp(user, "me")) && !url))
		return cmd_usage(&cmd_sync_entry);
	s = cmd_open_store(&cfg, url ? STORE_CREATE : STORE_WRITE);
	if (!s)
		return EXIT_USAGE;
	if (store_device(s, dev, err, sizeof(err)) < 0)
		goto fail;
	if (url) {
		if (!dir)
			sync_default_folder(paths_db(), folder,
					    sizeof(folder));
		else
			snprintf(folder, sizeof(folder), "%s", dir);
		if (sync_init(s, url, folder, user, err, sizeof(err)) < 0)
			goto fail;
		printf("syncing through '%s' in '%s' as %s/%s\n", url, folder,
		       user, dev);
	}
	if (sync_run(s, offline, &r, err, sizeof(err)) < 0) {
		cmd_sync_report(&r);
		sync_result_release(&r);
		goto fail;
	}
	if (r.written)
		printf("wrote %ld event%s of this device (%s)\n", r.written,
		       r.written == 1 ? "" : "s", dev);
	if (r.pushed)
		printf("pushed\n");
	else if (r.offline && !offline)
		msg_warn("remote not reached (%s): committed here, pushed at "
			 "the next sync", r.remote_err);
	rc = cmd_sync_report(&r);
	sync_result_release(&r);
	/* the first sync replays everything, history kept from before */
	if (url) {
		if (store_rebuild(s, &rs, err, sizeof(err)) < 0)
			goto fail;
		printf("replayed %ld event%s of %d card%s\n", rs.events,
		       rs.events == 1 ? "" : "s", rs.cards,
		       rs.cards == 1 ? "" : "s");
	}
	store_close(s);
	return rc;
fail:
	msg_error("%s", err);
	store_close(s);
	return EXIT_USAGE;
}

const struct cmd_entry cmd_sync_entry = {
	.name = "sync",
	.usage = "sync [--offline] | sync --init URL [--dir DIR] [--user NAME]",
	.summary = "sync reviews with your other devices through git",
	.help =
	"Writes this device's new events (reviews, undos, suspends, buries,\n"
	"resets, lab runs) to its own file reviews/USER/DEVICE.tsv in the\n"
	"sync folder, commits it, fetches and merges the remote, pushes,\n"
	"then imports the other devices' new events and replays their\n"
	"cards.  Without a network the commit waits for the next sync.\n"
	"Interrupting it at any point loses nothing (docs/sync.md).\n"
	"\n"
	"  --init URL    set up: clone URL (any git URL, an empty repository\n"
	"                too) into the sync folder, then sync and replay\n"
	"                every card from the events\n"
	"  --dir DIR     with --init: the sync folder (default: the\n"
	"                collection's folder + /sync)\n"
	"  --user NAME   with --init: your folder under reviews/ (default\n"
	"                me; in a class repository, your student name)\n"
	"  --offline     write and commit only: no fetch, no push\n"
	"\n"
	"Exit status 1 when a file of another device was skipped for a bad\n"
	"line (named as FILE:LINE).\n",
	.exec = cmd_sync_exec,
};
