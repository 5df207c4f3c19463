// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-sched.c - `memdrill sched replay`: replay a review log (CSV) through
 * the FSRS-6 memory model and print each review's state; `memdrill sched
 * suspend|unsuspend|bury KEY...`: take cards out of (or back into) the
 * queue from the command line, as the drill's s and b keys do; `memdrill
 * sched optimize|evaluate` fit FSRS-6 to the review log and measure it
 * (core/optimize.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
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
#include "core/optimize.h"
#include "core/events.h"
#include "core/replay.h"
#include "core/retention.h"
#include "core/sched.h"
#include "core/store.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

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
 * Record the event @kind (suspend, unsuspend, bury, reset) for each card
 * named in @keys; a buried card comes back at the next rollover.  Every
 * key is looked up before anything is written, so a bad key changes
 * nothing.
 */
static int cmd_sched_event(int kind, char **keys, int n)
{
	struct config cfg;
	struct store *s;
	char **found = NULL;
	char err[512];
	int i, rc = EXIT_USAGE;

	if (n < 1)
		return cmd_usage(&cmd_sched_entry);
	s = cmd_open_store(&cfg, STORE_WRITE);
	if (!s)
		return EXIT_USAGE;
	found = calloc((size_t)n, sizeof(*found));
	if (!found) {
		msg_error("out of memory");
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct store_card c;

		if (store_card_find(s, keys[i], &c, err, sizeof(err)) < 0) {
			msg_error("%s", err);
			goto out;
		}
		found[i] = c.key;
		c.key = NULL;
		store_card_release(&c);
	}
	for (i = 0; i < n; i++) {
		struct event e = { .kind = kind };
		struct timespec now;

		clock_gettime(CLOCK_REALTIME, &now);
		e.time_ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
		snprintf(e.subject, sizeof(e.subject), "%s", found[i]);
		if (store_event_add(s, &e, NULL, NULL, err, sizeof(err)) < 0) {
			msg_error("%s", err);
			goto out;
		}
	}
	for (i = 0; i < n; i++)
		printf("%s %s\n", kind == EVENT_SUSPEND ? "suspended" :
		       kind == EVENT_UNSUSPEND ? "unsuspended" :
		       kind == EVENT_BURY ? "buried" : "reset", found[i]);
	rc = EXIT_OK;
out:
	for (i = 0; found && i < n; i++)
		free(found[i]);
	free(found);
	store_close(s);
	return rc;
}

static int cmd_sched_suspend(int argc, char **argv)
{
	return cmd_sched_event(EVENT_SUSPEND, argv + 1, argc - 1);
}

static int cmd_sched_unsuspend(int argc, char **argv)
{
	return cmd_sched_event(EVENT_UNSUSPEND, argv + 1, argc - 1);
}

static int cmd_sched_bury(int argc, char **argv)
{
	return cmd_sched_event(EVENT_BURY, argv + 1, argc - 1);
}

static int cmd_sched_reset(int argc, char **argv)
{
	return cmd_sched_event(EVENT_RESET, argv + 1, argc - 1);
}


/* ---- optimize, evaluate ------------------------------------------------ */

/* A review log for the optimizer: the collection's or a CSV file's. */
struct cmd_sched_log {
	struct config cfg;
	struct optim_log log;
	struct optim_set set;
	struct sbuf in;			/* standard input */
	void *map;			/* a mapped file */
	size_t maplen;
	size_t nreviews;
};

/* store_revlog_each() callback: one review into the optimizer's log. */
static int cmd_sched_log_row(void *arg, const char *key,
			     const struct store_review *r)
{
	struct optim_log *l = arg;

	(void)key;
	optim_log_add(l, r->card_id, r->time_ms, r->rating, r->state,
		      r->duration_ms);
	return 0;
}

/*
 * Load the configuration and the review log (@path, "-" for standard
 * input, NULL for the collection's) into @sl and build the items.
 * Returns 0, or -1 after reporting the error.
 */
static int cmd_sched_log_load(struct cmd_sched_log *sl, const char *path)
{
	char err[512];

	memset(sl, 0, sizeof(*sl));
	sl->log = (struct optim_log)OPTIM_LOG_INIT;
	sbuf_init(&sl->in);
	if (!path) {
		struct store *s = cmd_open_store(&sl->cfg, 0);

		if (!s)
			return -1;
		*err = '\0';
		if (store_revlog_each(s, cmd_sched_log_row, &sl->log, err,
				      sizeof(err))) {
			msg_error("%s", *err ? err :
				  "cannot read the review log");
			store_close(s);
			return -1;
		}
		store_close(s);
	} else {
		long n;

		if (config_load(&sl->cfg, paths_config(), err,
				sizeof(err)) < 0) {
			msg_error("%s", err);
			return -1;
		}
		if (!strcmp(path, "-") ? cmd_sched_read_stdin(&sl->in) :
		    cmd_sched_map(path, &sl->map, &sl->maplen)) {
			msg_error("cannot read review log '%s': %s", path,
				  strerror(errno));
			return -1;
		}
		n = optim_log_csv(&sl->log, sl->map ? sl->map : sl->in.buf,
				  sl->map ? sl->maplen : sl->in.len, err,
				  sizeof(err));
		if (n < 0) {
			msg_error("%s:%s", path, err);
			return -1;
		}
		/* the log has copied what it keeps: give the text back */
		if (sl->map)
			munmap(sl->map, sl->maplen);
		sl->map = NULL;
		sbuf_release(&sl->in);
	}
	sl->nreviews = sl->log.n;
	optim_items(&sl->log, sl->cfg.rollover_hour, &sl->set);
	return 0;
}

static void cmd_sched_log_release(struct cmd_sched_log *sl)
{
	optim_set_release(&sl->set);
	optim_log_release(&sl->log);
	if (sl->map)
		munmap(sl->map, sl->maplen);
	sbuf_release(&sl->in);
}

/* The progress bar on standard error (a terminal), redrawn per percent. */
struct cmd_sched_bar {
	const char *what;
	int last;
};

static int cmd_sched_bar(void *arg, size_t done, size_t total)
{
	struct cmd_sched_bar *b = arg;
	int pct = total ? (int)(done * 100 / total) : 100, i;

	if (pct > 100)
		pct = 100;
	if (pct == b->last)
		return 0;
	b->last = pct;
	fprintf(stderr, "\r%s [", b->what);
	for (i = 0; i < 40; i++)
		fputc(i < pct * 40 / 100 ? '#' : '.', stderr);
	fprintf(stderr, "] %3d%%", pct);
	fflush(stderr);
	return 0;
}

static void cmd_sched_bar_end(struct cmd_sched_bar *b)
{
	if (b->last >= 0)
		fprintf(stderr, "\r%-60s\r", "");
}

static void cmd_sched_json_params(const char *name, const double *w)
{
	int i;

	printf("\"%s\":[", name);
	for (i = 0; i < 21; i++)
		printf("%s%.6g", i ? "," : "", w[i]);
	printf("]");
}

static void cmd_sched_params(const char *label, const double *w)
{
	int i;

	printf("%s", label);
	for (i = 0; i < 21; i++)
		printf("%s%.4f", i ? ", " : "", w[i]);
	printf("\n");
}

static const char *const cmd_sched_status[] = {
	"defaults", "pretrained", "trained",
};

/*
 * Parse the options shared by optimize and evaluate into @save, @json,
 * @params (NULL when not given) and @path (NULL: the collection).
 */
static int cmd_sched_fit_opts(int argc, char **argv, int with_save,
			      int *save, int *json, const char **params,
			      const char **path)
{
	static const struct option opts[] = {
		{ "save", no_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "params", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*save = *json = 0;
	*params = NULL;
	while ((c = getopt_long(argc, argv, with_save ? "sjw:" : "jw:", opts,
				NULL)) != -1) {
		if (c == 's' && with_save)
			*save = 1;
		else if (c == 'j')
			*json = 1;
		else if (c == 'w')
			*params = optarg;
		else
			return -1;
	}
	if (argc - optind > 1)
		return -1;
	*path = optind < argc ? argv[optind] : NULL;
	return 0;
}

/* --params W over the config's parameters; -1 after reporting. */
static int cmd_sched_use_params(struct cmd_sched_log *sl, const char *params)
{
	char err[256];

	if (params && config_parse_params(params, sl->cfg.w, err,
					  sizeof(err)) < 0) {
		msg_error("bad --params: %s", err);
		return -1;
	}
	return 0;
}

static int cmd_sched_optimize(int argc, char **argv)
{
	struct cmd_sched_log sl;
	struct cmd_sched_bar bar = { "optimizing", -1 };
	struct optim_opts o = { 0 };
	struct optim_result res;
	struct optim_metrics cur, fit;
	const char *path, *verdict, *params;
	int save, json, better, saved = 0, rc = EXIT_USAGE;
	char err[512];

	if (cmd_sched_fit_opts(argc, argv, 1, &save, &json, &params,
			       &path) < 0)
		return cmd_usage(&cmd_sched_entry);
	if (cmd_sched_log_load(&sl, path) < 0 ||
	    cmd_sched_use_params(&sl, params) < 0)
		goto out;
	o.relearn_steps = sl.cfg.nrelearn;
	if (isatty(STDERR_FILENO)) {
		o.progress = cmd_sched_bar;
		o.arg = &bar;
	}
	optim_fit(&sl.set, sl.set.nitems, &o, &res);
	cmd_sched_bar_end(&bar);
	optim_evaluate(&sl.set, sl.cfg.w, &cur);
	optim_evaluate(&sl.set, res.w, &fit);
	/* rounding in the config moves the log loss by about 1e-6 */
	better = res.status != OPTIM_DEFAULTS && sl.set.nitems &&
		 fit.log_loss < cur.log_loss * (1 - 1e-4);
	verdict = res.status == OPTIM_DEFAULTS ? "too few items" :
		  better ? "better" : "already optimal";
	if (save) {
		if (config_save_params(paths_config(),
				       better ? res.w : sl.cfg.w,
				       (long)sl.nreviews, err,
				       sizeof(err)) < 0) {
			msg_error("%s", err);
			goto out;
		}
		saved = better;
	}
	if (json) {
		printf("{\"reviews\":%zu,\"cards\":%zu,\"items\":%zu,"
		       "\"train_items\":%zu,\"init_items\":%zu,"
		       "\"status\":\"%s\",\"verdict\":\"%s\",\"saved\":%s,",
		       sl.nreviews, sl.set.ncards, sl.set.nitems, res.ntrain,
		       res.ninit, cmd_sched_status[res.status], verdict,
		       saved ? "true" : "false");
		printf("\"current\":{\"log_loss\":%.6f,\"rmse_bins\":%.6f,",
		       cur.log_loss, cur.rmse_bins);
		cmd_sched_json_params("params", sl.cfg.w);
		printf("},\"fitted\":{\"log_loss\":%.6f,\"rmse_bins\":%.6f,",
		       fit.log_loss, fit.rmse_bins);
		cmd_sched_json_params("params", res.w);
		printf("}}\n");
	} else {
		printf("reviews: %zu of %zu cards; items: %zu (%zu after "
		       "the outlier filter)\n", sl.nreviews, sl.set.ncards,
		       sl.set.nitems, res.ntrain);
		if (res.status == OPTIM_DEFAULTS)
			printf("fit: fewer than 8 items: the default "
			       "parameters\n");
		else if (res.status == OPTIM_PRETRAINED)
			printf("fit: fewer than 64 items: initial "
			       "stabilities w0-w3 from %zu first reviews, "
			       "default w4-w20\n", res.ninit);
		else
			printf("fit: all 21 parameters (initial stabilities "
			       "from %zu first reviews)\n", res.ninit);
		if (sl.set.nitems) {
			printf("\n            log loss  RMSE(bins)\n");
			printf("current     %8.4f  %10.4f\n", cur.log_loss,
			       cur.rmse_bins);
			printf("fitted      %8.4f  %10.4f\n\n", fit.log_loss,
			       fit.rmse_bins);
		} else {
			printf("no items: a review a day or more after the "
			       "card's previous one makes one\n\n");
		}
		if (res.status == OPTIM_DEFAULTS)
			printf("verdict: too few items to fit; keeping the "
			       "current parameters\n");
		else if (!better)
			printf("verdict: already optimal: the current "
			       "parameters predict as well; keeping them\n");
		else if (saved)
			printf("verdict: the fitted parameters predict "
			       "better; saved to %s\n", paths_config());
		else
			printf("verdict: the fitted parameters predict "
			       "better; run with --save to use them\n");
		cmd_sched_params("fitted: ", res.w);
	}
	if (sl.nreviews < 400)
		msg_warn("only %zu reviews: parameters fitted to fewer than "
			 "about 400 are rough", sl.nreviews);
	if (fflush(stdout)) {
		msg_error("cannot write the result: %s", strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	cmd_sched_log_release(&sl);
	return rc;
}

static int cmd_sched_evaluate(int argc, char **argv)
{
	struct cmd_sched_log sl;
	struct cmd_sched_bar bar = { "evaluating", -1 };
	struct optim_opts o = { 0 };
	struct optim_metrics all, fit, cur;
	const char *path, *params;
	int save, json, rc = EXIT_USAGE, split;

	if (cmd_sched_fit_opts(argc, argv, 0, &save, &json, &params,
			       &path) < 0)
		return cmd_usage(&cmd_sched_entry);
	if (cmd_sched_log_load(&sl, path) < 0 ||
	    cmd_sched_use_params(&sl, params) < 0)
		goto out;
	o.relearn_steps = sl.cfg.nrelearn;
	if (isatty(STDERR_FILENO)) {
		o.progress = cmd_sched_bar;
		o.arg = &bar;
	}
	optim_evaluate(&sl.set, sl.cfg.w, &all);
	split = optim_evaluate_split(&sl.set, sl.cfg.w, &o, &fit, &cur);
	cmd_sched_bar_end(&bar);
	if (json) {
		printf("{\"reviews\":%zu,\"items\":%zu,"
		       "\"current\":{\"log_loss\":%.6f,\"rmse_bins\":%.6f}",
		       sl.nreviews, sl.set.nitems, all.log_loss,
		       all.rmse_bins);
		if (!split)
			printf(",\"split\":{\"test_items\":%zu,"
			       "\"current\":{\"log_loss\":%.6f,"
			       "\"rmse_bins\":%.6f},\"fitted\":{"
			       "\"log_loss\":%.6f,\"rmse_bins\":%.6f}}",
			       cur.n, cur.log_loss, cur.rmse_bins,
			       fit.log_loss, fit.rmse_bins);
		printf("}\n");
	} else {
		printf("reviews: %zu; items: %zu\n", sl.nreviews,
		       sl.set.nitems);
		if (sl.set.nitems)
			printf("current parameters on every item: log loss "
			       "%.4f, RMSE(bins) %.4f\n", all.log_loss,
			       all.rmse_bins);
		if (split) {
			printf("time-series split: fewer than 6 items\n");
		} else {
			printf("\ntime-series split (5 folds, %zu test "
			       "items):\n", cur.n);
			printf("                     log loss  RMSE(bins)\n");
			printf("current parameters   %8.4f  %10.4f\n",
			       cur.log_loss, cur.rmse_bins);
			printf("fitted on earlier    %8.4f  %10.4f\n",
			       fit.log_loss, fit.rmse_bins);
			printf("\n%s\n", fit.log_loss < cur.log_loss ?
			       "fitting helps: run `memdrill sched optimize`" :
			       "fitting does not help yet: the current "
			       "parameters predict as well");
		}
	}
	if (fflush(stdout)) {
		msg_error("cannot write the result: %s", strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	cmd_sched_log_release(&sl);
	return rc;
}

static int cmd_sched_items(int argc, char **argv)
{
	struct cmd_sched_log sl;
	int rc = EXIT_USAGE;
	size_t i, k;

	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1]))
		return cmd_usage(&cmd_sched_entry);
	if (cmd_sched_log_load(&sl, argc == 2 ? argv[1] : NULL) < 0)
		goto out;
	for (i = 0; i < sl.set.nitems; i++) {
		const struct optim_item *it = &sl.set.items[i];
		size_t off = sl.set.off[it->card];

		for (k = 0; k <= it->pos; k++)
			printf("%s%d:%u", k ? " " : "",
			       sl.set.rating[off + k], sl.set.dt[off + k]);
		putchar('\n');
	}
	if (fflush(stdout)) {
		msg_error("cannot write the items: %s", strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	cmd_sched_log_release(&sl);
	return rc;
}

/* store_cards_each() callback: a card as the simulation's start. */
struct cmd_sched_ret {
	struct retention_card *cards;
	size_t n, alloc;
	int64_t today;
	int rollover;
};

static int cmd_sched_ret_card(void *arg, const struct store_card *c)
{
	struct cmd_sched_ret *r = arg;
	struct retention_card *o;

	if (c->retired || c->sched.queue == STORE_Q_SUSPENDED)
		return 0;
	r->cards = xgrow(r->cards, &r->alloc, r->n + 1, sizeof(*r->cards));
	o = &r->cards[r->n++];
	memset(o, 0, sizeof(*o));
	if (c->sched.state == STORE_NEW || c->sched.stability <= 0)
		return 0;
	o->s = c->sched.stability;
	o->d = c->sched.difficulty;
	o->last_day = (int)(sched_day(c->sched.last_review, r->rollover) -
			    r->today);
	o->due_day = c->sched.state == STORE_REVIEW ?
		(int)(sched_day(c->sched.due, r->rollover) - r->today) : 0;
	if (o->last_day > 0)
		o->last_day = 0;
	return 0;
}

static int cmd_sched_retention(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "days", required_argument, NULL, 'd' },
		{ "new", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 'S' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct cmd_sched_log sl;
	struct cmd_sched_ret ret = { 0 };
	struct retention_opts o;
	struct retention_result res[28];
	struct store *s = NULL;
	double maxmin = 0;
	char err[512], *end;
	int c, i, best = 0, cur = -1, json = 0, rc = EXIT_USAGE;
	long days = 365, extra = 0;
	unsigned long long seed = 1;

	while ((c = getopt_long(argc, argv, "d:n:S:j", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			days = strtol(optarg, &end, 10);
			if (*end || !*optarg || days < 1 || days > 3650) {
				msg_error("bad --days '%s' (1 to 3650)",
					  optarg);
				return EXIT_USAGE;
			}
			break;
		case 'n':
			extra = strtol(optarg, &end, 10);
			if (*end || !*optarg || extra < 0 || extra > 100000) {
				msg_error("bad --new '%s' (0 to 100000)",
					  optarg);
				return EXIT_USAGE;
			}
			break;
		case 'S':
			seed = strtoull(optarg, &end, 10);
			if (*end || !*optarg) {
				msg_error("bad --seed '%s'", optarg);
				return EXIT_USAGE;
			}
			break;
		case 'j':
			json = 1;
			break;
		default:
			return cmd_usage(&cmd_sched_entry);
		}
	}
	if (optind != argc)
		return cmd_usage(&cmd_sched_entry);
	if (cmd_sched_log_load(&sl, NULL) < 0)
		goto out;
	s = cmd_open_store(NULL, 0);
	if (!s)
		goto out;
	ret.rollover = sl.cfg.rollover_hour;
	ret.today = sched_day(time(NULL), ret.rollover);
	if (store_cards_each(s, NULL, cmd_sched_ret_card, &ret, err,
			     sizeof(err))) {
		msg_error("%s", err);
		goto out;
	}
	if (!ret.n && !extra) {
		msg_error("no cards to simulate: import a deck or give "
			  "--new N");
		goto out;
	}
	memset(&o, 0, sizeof(o));
	o.w = sl.cfg.w;
	o.days = (int)days;
	o.new_cards = (int)extra;
	o.cards = ret.cards;
	o.ncards = ret.n;
	o.new_per_day = sl.cfg.new_per_day;
	o.reviews_per_day = sl.cfg.reviews_per_day;
	o.max_ivl = sl.cfg.max_interval;
	o.nlearn = sl.cfg.nlearn;
	o.nrelearn = sl.cfg.nrelearn;
	o.seed = seed;
	retention_from_log(&sl.log, &o);
	for (i = 0; i < 28; i++) {
		retention_simulate(&o, (70 + i) / 100.0, &res[i]);
		if (res[i].minutes_per_day > maxmin)
			maxmin = res[i].minutes_per_day;
		if (res[i].seconds_per_remembered > 0 &&
		    (res[best].seconds_per_remembered <= 0 ||
		     res[i].seconds_per_remembered <
		     res[best].seconds_per_remembered))
			best = i;
		if (fabs(res[i].retention - sl.cfg.retention) < 0.005)
			cur = i;
	}
	if (json) {
		printf("{\"cards\":%zu,\"new\":%ld,\"days\":%ld,\"seed\":%llu,"
		       "\"current\":%.2f,\"least_time_per_remembered\":%.2f,"
		       "\"rows\":[", ret.n, extra, days, seed,
		       sl.cfg.retention, res[best].retention);
		for (i = 0; i < 28; i++)
			printf("%s{\"retention\":%.2f,\"minutes_per_day\":%.3f,"
			       "\"reviews_per_day\":%.2f,\"remembered\":%.1f,"
			       "\"seconds_per_remembered\":%.2f}", i ? "," : "",
			       res[i].retention, res[i].minutes_per_day,
			       res[i].reviews_per_day, res[i].remembered,
			       res[i].seconds_per_remembered);
		printf("]}\n");
	} else {
		printf("%zu cards (+%ld new) over %ld days, limits %d new and "
		       "%d reviews a day, seed %llu\n\n", ret.n, extra, days,
		       o.new_per_day, o.reviews_per_day, seed);
		printf("retention  min/day  reviews/day  remembered  "
		       "s/remembered  min/day\n");
		for (i = 0; i < 28; i++) {
			int bar = maxmin > 0 ? (int)(res[i].minutes_per_day /
						    maxmin * 20 + 0.5) : 0, k;

			printf("  %.2f %s %8.1f  %11.1f  %10.0f  %12.1f  ",
			       res[i].retention, i == cur ? "*" : " ",
			       res[i].minutes_per_day, res[i].reviews_per_day,
			       res[i].remembered,
			       res[i].seconds_per_remembered);
			for (k = 0; k < bar; k++)
				putchar('#');
			printf("%s\n", i == cur ? " <- current" :
			       i == best ? " <- least time per card" : "");
		}
		printf("\n* the current desired_retention (%.2f).  Least time "
		       "per remembered card:\n%.2f (%.1f s each).\n",
		       sl.cfg.retention, res[best].retention,
		       res[best].seconds_per_remembered);
	}
	if (fflush(stdout)) {
		msg_error("cannot write the result: %s", strerror(errno));
		goto out;
	}
	rc = EXIT_OK;
out:
	free(ret.cards);
	if (s)
		store_close(s);
	cmd_sched_log_release(&sl);
	return rc;
}

static const struct cmd_sub cmd_sched_subs[] = {
	{ "replay", "[--params W] [--retention R] [--rollover H] FILE|-",
	  "replay a review log through FSRS-6 (below)", cmd_sched_replay },
	{ "optimize", "[--save] [--json] [--params W] [REVLOG.csv|-]",
	  "fit FSRS-6 to the review log (below)", cmd_sched_optimize },
	{ "evaluate", "[--json] [--params W] [REVLOG.csv|-]",
	  "log loss and RMSE of the parameters, and\n"
	  "whether fitting helps (time-series split)", cmd_sched_evaluate },
	{ "retention", "[--days N] [--new N] [--seed N] [--json]",
	  "minutes a day and cards remembered for\n"
	  "desired retention 0.70 to 0.97 (below)", cmd_sched_retention },
	{ "items", "[REVLOG.csv|-]", "the training items, one a line",
	  cmd_sched_items },
	{ "suspend", "KEY...", "hide the cards (key or unique prefix) from\n"
	  "every queue until unsuspended", cmd_sched_suspend },
	{ "unsuspend", "KEY...", "put the cards back (also ends a bury)",
	  cmd_sched_unsuspend },
	{ "bury", "KEY...", "hide the cards until the next rollover",
	  cmd_sched_bury },
	{ "reset", "KEY...", "forget the cards' schedules: they are new\n"
	  "again; their reviews stay in the log", cmd_sched_reset },
	{ NULL, NULL, NULL, NULL },
};

const struct cmd_entry cmd_sched_entry = {
	.name = "sched",
	.summary = "replay, fit and evaluate FSRS-6; suspend, bury, reset",
	.help =
	"sched replay:\n"
	"Reads CSV whose header names card_id,review_time,review_rating in\n"
	"any order (other columns, such as revlog export's, are skipped;\n"
	"review_time in ms since the epoch, rows in any order), groups the\n"
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
	"sched optimize:\n"
	"Fits the 21 FSRS-6 parameters to the collection's review log, or to\n"
	"a CSV file in the `revlog export` schema (card_id, review_time,\n"
	"review_rating, and optionally review_state, review_duration), by\n"
	"fsrs-rs's method: items from each card's last reset, days from the\n"
	"config's rollover_hour in the TZ zone, the outlier filter, initial\n"
	"stabilities pretrained per first rating, then Adam on the log loss.\n"
	"Fewer than 8 items: the defaults; fewer than 64: the initial\n"
	"stabilities only.  Prints the items, the log loss and RMSE(bins) of\n"
	"the current and the fitted parameters on them, and the verdict: the\n"
	"current ones are kept when they predict as well (already optimal:\n"
	"the fitted log loss is not 0.01% lower).\n"
	"Warns below about 400 reviews.  A bar shows progress on a terminal.\n"
	"\n"
	"  -s, --save           write the fitted parameters (when better)\n"
	"                       and the review count to the config\n"
	"  -j, --json           one JSON object on stdout\n"
	"  -w, --params W       the current parameters (default: the\n"
	"                       config's fsrs_params)\n"
	"\n"
	"sched evaluate:\n"
	"The current parameters' log loss and RMSE(bins) on every item, then\n"
	"fsrs-rs's time-series split: the items in time order cut in six,\n"
	"each of five folds fitted on the parts before the one it predicts;\n"
	"the current parameters on the same test items for comparison.\n"
	"Options --json and --params as for optimize.\n"
	"\n"
	"sched retention:\n"
	"Simulates the collection day by day (core/retention.h) for each\n"
	"desired retention from 0.70 to 0.97: the learner's fsrs_params, the\n"
	"cards as they stand (suspended and retired left out) plus --new N\n"
	"new ones, the daily limits, the review durations and ratings\n"
	"measured in the review log (fsrs-rs's defaults where it has too\n"
	"few).  Prints minutes a day, reviews a day, cards remembered at the\n"
	"end (the sum of their recall probabilities) and seconds per\n"
	"remembered card, with a bar of the minutes; marks the current\n"
	"desired_retention and names the least time per remembered card.\n"
	"The same seed gives the same figures.\n"
	"\n"
	"  -d, --days N         horizon in days (default 365)\n"
	"  -n, --new N          new cards added to the collection's (0)\n"
	"  -S, --seed N         the simulation's seed (default 1)\n"
	"  -j, --json           one JSON object on stdout\n"
	"\n"
	"sched items:\n"
	"The optimizer's training items in time order, one a line: the\n"
	"reviews since the card's last reset up to the item's, each as\n"
	"rating:delta_t (whole days since the previous review).\n"
	"\n"
	"sched suspend, unsuspend, bury: all keys are looked up before\n"
	"anything changes; then one line per card says what was done\n"
	"(\"suspended KEY\").\n",
	.subs = cmd_sched_subs,
};
