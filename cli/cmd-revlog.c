// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-revlog.c - `memdrill revlog export`: the review log as the CSV that
 * FSRS optimizer tools read.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/store.h"
#include "util/paths.h"

static int cmd_revlog_row(void *arg, const char *key,
			  const struct store_review *r)
{
	(void)arg;
	(void)key;
	if (printf("%lld,%lld,%d,%d,%lld\n", (long long)r->card_id,
		   (long long)r->time_ms, r->rating, r->state,
		   (long long)r->duration_ms) < 0)
		return -1;
	return 0;
}

static int cmd_revlog_exec(int argc, char **argv)
{
	struct store *s;
	char err[512];
	int rc = EXIT_OK;

	if (argc != 2 || strcmp(argv[1], "export"))
		return cmd_usage(&cmd_revlog_entry);
	s = cmd_open_store(NULL, 0);
	if (!s)
		return EXIT_USAGE;
	printf("card_id,review_time,review_rating,review_state,"
	       "review_duration\n");
	*err = '\0';
	if (store_revlog_each(s, cmd_revlog_row, NULL, err, sizeof(err)) ||
	    fflush(stdout)) {
		if (*err)
			msg_error("%s", err);
		else
			msg_error("cannot write the review log: %s",
				  strerror(errno));
		rc = EXIT_USAGE;
	}
	store_close(s);
	return rc;
}

const struct cmd_entry cmd_revlog_entry = {
	.name = "revlog",
	.usage = "revlog export",
	.summary = "write the review log as CSV",
	.help =
	"Writes every review as CSV, oldest first, with the header\n"
	"card_id,review_time,review_rating,review_state,review_duration:\n"
	"the collection's card id, ms since the epoch (UTC), rating 1-4, the\n"
	"card's state before the review (0 new, 1 learning, 2 review,\n"
	"3 relearning) and the time taken in ms: the schema FSRS optimizer\n"
	"tools read.\n",
	.exec = cmd_revlog_exec,
};
