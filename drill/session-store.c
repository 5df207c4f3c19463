// SPDX-License-Identifier: GPL-2.0
/*
 * session-store.c - the drill session's backend over the collection
 * (store.h), the scheduler (sched.h) and today's queue (queue.h).
 *
 * Placeholder until the store and scheduler are merged: session_open()
 * reports that the collection is not built yet.
 */
#include <stdio.h>

#include "session-backend.h"

struct session *session_open(const char *db, const char *deck, char *err,
			     size_t errsz)
{
	(void)deck;
	snprintf(err, errsz, "cannot open collection '%s': the store is not "
		 "built yet", db);
	return NULL;
}
