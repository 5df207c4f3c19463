// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-sched.c - `memdrill sched replay`: replay a review log (CSV) through
 * the FSRS-6 memory model and print each review's state; `memdrill sched
 * suspend|unsuspend|bury KEY...`: take cards out of (or back into) the
 * queue from the command line, as the drill's s and b keys do.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "core/config.h"
#include "core/replay.h"
#include "core/sched.h"
#include "core/store.h"
#include "util/paths.h"
#include "util/sbuf.h"

/* Write and empty @out (a replay_csv_stream flush callback). */
static int cmd_sched_flush(void *arg, struct sbuf *out)
{
	(void)arg;
	if (fwrite(out->buf, 1, out->len, stdout) != out->len)
		return -1;
	sbuf_reset(out);
	return 0;
}

/*
 * Map the file at @path read-only into *@map (*@len bytes; NULL for an
 * empty file).  Returns 0, or -1 with errno set.  Mapping instead of
 * reading lets a large log come in through the page cache with
 * fault-around instead of a copy into fresh anonymous memory.
 */
static int cmd_sched_map(const char *path, void **map, size_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC), e;

	*map = NULL;
	*len = 0;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	*len = (size_t)st.st_size;
	if (*len) {
		*map = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (*map == MAP_FAILED) {
			*map = NULL;
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

/* Read all of standard input into @sb. */
static int cmd_sched_read_stdin(struct sbuf *sb)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(STDIN_FILENO, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		sbuf_add(sb, buf, (size_t)n);
	}
	return 0;
}

static int cmd_sched_replay(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "params", required_argument, NULL, 'w' },
		{ "retention", required_argument, NULL, 'r' },
		{ "rollover", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	struct replay_opts ro = { .retention = 0.9, .max_interval = 36500 };
	struct sbuf in = SBUF_INIT, out = SBUF_INIT;
	double w[21];
	void *map = NULL;
	size_t maplen = 0;
	char err[256], *end;
	int c, rc = EXIT_USAGE;
	long n;

	memcpy(w, sched_default_w, sizeof(w));
	ro.w = w;
	ro.rollover_hour = 4;
	while ((c = getopt_long(argc, argv, "w:r:o:", opts, NULL)) != -1) {
		switch (c) {
		case 'w':
			if (config_parse_params(optarg, w, err,
						sizeof(err)) < 0) {
				msg_error("bad --params: %s", err);
				return EXIT_USAGE;
			}
			break;
		case 'r':
			ro.retention = strtod(optarg, &end);
			if (*end || ro.retention <= 0 || ro.retention >= 1) {
				msg_error("bad --retention '%s' (between 0 "
					  "and 1)", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'o':
			ro.rollover_hour = (int)strtol(optarg, &end, 10);
			if (*end || !*optarg || ro.rollover_hour < 0 ||
			    ro.rollover_hour > 23) {
				msg_error("bad --rollover '%s' (0 to 23)",
					  optarg);
				return EXIT_USAGE;
			}
			break;
		default:
			return cmd_usage(&cmd_sched_entry);
		}
	}
	if (optind != argc - 1)
		return cmd_usage(&cmd_sched_entry);
	if (!strcmp(argv[optind], "-") ? cmd_sched_read_stdin(&in) :
	    cmd_sched_map(argv[optind], &map, &maplen)) {
		msg_error("cannot read review log '%s': %s", argv[optind],
			  strerror(errno));
		goto out;
	}
	n = replay_csv_stream(map ? map : in.buf, map ? maplen : in.len, &ro,
			      &out, cmd_sched_flush, NULL, err, sizeof(err));
	if (n < 0 && !strcmp(err, "0: output failed")) {
		msg_error("cannot write the replay: %s", strerror(errno));
		goto out;
	}
	if (n < 0) {
		msg_error("%s:%s", argv[optind], err);
		goto out;
	}
	if (cmd_sched_flush(NULL, &out) || fflush(stdout)) {
		msg_error("cannot write the replay: %s", strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	if (map)
		munmap(map, maplen);
	sbuf_release(&in);
	sbuf_release(&out);
	return rc;
}

/*
 * Set the queue of each card named in @keys to @queue (STORE_Q_*); a
 * buried card comes back at the next rollover.  Every key is looked up
 * before anything is written, so a bad key changes nothing.
 */
static int cmd_sched_queue(int queue, char **keys, int n)
{
	struct config cfg;
	struct store *s;
	int64_t *ids = NULL, day;
	char err[512];
	int i, rc = EXIT_USAGE;

	if (n < 1)
		return cmd_usage(&cmd_sched_entry);
	s = cmd_open_store(&cfg, STORE_WRITE);
	if (!s)
		return EXIT_USAGE;
	ids = calloc((size_t)n, sizeof(*ids));
	if (!ids) {
		msg_error("out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct store_card c;

		if (store_card_find(s, keys[i], &c, err, sizeof(err)) < 0) {
			msg_error("%s", err);
			goto out;
		}
		ids[i] = c.id;
		store_card_release(&c);
	}
	day = sched_day(time(NULL), cfg.rollover_hour);
	for (i = 0; i < n; i++) {
		struct store_sched st;

		if (store_sched_get(s, ids[i], &st, err, sizeof(err)) < 0)
			goto fail;
		st.queue = queue;
		st.buried_until = queue == STORE_Q_BURIED ?
			sched_day_start(day + 1, cfg.rollover_hour) : 0;
		if (store_sched_put(s, ids[i], &st, err, sizeof(err)) < 0)
			goto fail;
	}
	rc = EXIT_OK;
	goto out;
fail:
	msg_error("%s", err);
out:
	free(ids);
	store_close(s);
	return rc;
}

static int cmd_sched_suspend(int argc, char **argv)
{
	return cmd_sched_queue(STORE_Q_SUSPENDED, argv + 1, argc - 1);
}

static int cmd_sched_unsuspend(int argc, char **argv)
{
	return cmd_sched_queue(STORE_Q_NORMAL, argv + 1, argc - 1);
}

static int cmd_sched_bury(int argc, char **argv)
{
	return cmd_sched_queue(STORE_Q_BURIED, argv + 1, argc - 1);
}

static const struct cmd_sub cmd_sched_subs[] = {
	{ "replay", "[--params W] [--retention R] [--rollover H] FILE|-",
	  "replay a review log through FSRS-6 (below)", cmd_sched_replay },
	{ "suspend", "KEY...", "hide the cards (key or unique prefix) from\n"
	  "every queue until unsuspended", cmd_sched_suspend },
	{ "unsuspend", "KEY...", "put the cards back (also ends a bury)",
	  cmd_sched_unsuspend },
	{ "bury", "KEY...", "hide the cards until the next rollover",
	  cmd_sched_bury },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd_entry cmd_sched_entry = {
	.name = "sched",
	.summary = "replay a review log through FSRS-6; suspend, bury",
	.help =
	"sched replay:\n"
	"Reads CSV with the header card_id,review_time,review_rating\n"
	"(review_time in ms since the epoch, rows in any order), groups the\n"
	"rows by card, orders them by time and replays each card through the\n"
	"FSRS-6 memory model only (no learning steps, no fuzz).  Prints CSV:\n"
	"card_id,review_time,review_rating,elapsed_days,stability,difficulty,\n"
	"interval.  elapsed_days counts day boundaries at the rollover hour in\n"
	"the TZ zone (0 for a card's first and same-day reviews); interval is\n"
	"max(1, round(I)) days for the retention, at most 36500.\n"
	"\n"
	"  -w, --params W       17, 19 or 21 FSRS parameters, comma separated\n"
	"                       (default: FSRS-6's)\n"
	"  -r, --retention R    desired retention (default 0.9)\n"
	"  -o, --rollover H     hour a day starts, local time (default 4)\n"
	"\n"
	"sched suspend, unsuspend, bury: all keys are looked up before\n"
	"anything changes.\n",
	.subs = cmd_sched_subs,
};
