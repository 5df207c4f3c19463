/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sync.h - the event log carried between devices by git (docs/sync.md).
 *
 * The sync folder is memdrill's own clone of a git repository (any URL
 * git understands).  Each device appends its events (core/events.h) to
 * its own file reviews/USER/DEVICE.tsv and never writes another's, so a
 * merge never conflicts on them.  git runs from an argument array
 * (spawn.h), never through a shell; nothing read from the repository
 * becomes an option.  The collection stays the truth for this device's
 * events until they are pushed: whatever a killed sync left in the
 * folder is reset and written again from the collection, so no event is
 * lost at any point.  Nothing here prints or exits.
 */
#ifndef MEMDRILL_SYNC_H
#define MEMDRILL_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "core/events.h"

struct store;

/* What came in from one device's file. */
struct sync_in {
	char device[EVENT_DEVICE_MAX + 1];
	long kinds[EVENT_NKINDS];	/* new events by kind */
	long events;
};

struct sync_result {
	long written;		/* this device's events written out */
	int committed;		/* a commit was made */
	int pushed;		/* the remote got our commits */
	int offline;		/* the remote could not be reached */
	char remote_err[512];	/* why (git's last line), when offline */
	struct sync_in *in;	/* one per file that brought events */
	size_t nin;
	int cards;		/* cards replayed */
	/* files skipped for a bad line: "FILE:LINE: why" lines */
	char bad[1024];
};

void sync_result_release(struct sync_result *r);

/* The default sync folder of the collection @db: its folder + "/sync". */
void sync_default_folder(const char *db, char *out, size_t outsz);

/*
 * Set this collection up to sync through @url: clone it into @folder
 * (which must not exist or be empty), or start an empty history when the
 * remote is empty; remember @folder and @user (the learner's folder name
 * under reviews/, [a-z0-9-]) in the collection.  Returns 0, or -1 with a
 * message in @err.
 */
int sync_init(struct store *s, const char *url, const char *folder,
	      const char *user, char *err, size_t errsz);

/*
 * One sync: write this device's new events, commit, fetch and merge,
 * push (both skipped when @offline or the remote is unreachable: that is
 * reported in @res, not an error), import the other devices' new events
 * and replay their cards.  Returns 0, or -1 with a message in @err (a
 * merge that conflicts on files other than the logs, a broken folder);
 * what was imported before the error stays imported.
 */
int sync_run(struct store *s, int offline, struct sync_result *res,
	     char *err, size_t errsz);

/*
 * Import every event file of @user in the sync folder (no git), as
 * sync_run()'s last step does; memdrill rebuild calls it before the
 * replay.  Returns 0, or -1 with a message.  A collection never set up
 * for sync imports nothing.
 */
int sync_import(struct store *s, struct sync_result *res, char *err,
		size_t errsz);

#endif
