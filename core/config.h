/* SPDX-License-Identifier: GPL-2.0 */
/*
 * config.h - the learner's settings: $XDG_CONFIG_HOME/memdrill/config.
 *
 * `key = value` lines, `#` comments, blank lines ignored.  Keys:
 *   desired_retention   0.70 .. 0.99              (0.9)
 *   new_per_day         0 .. 9999                 (20)
 *   reviews_per_day     0 .. 99999                (200; also caps new)
 *   learning_steps      durations, e.g. "1m 10m"  (1m 10m)
 *   relearning_steps    durations                 (10m)
 *   learn_ahead         minutes 0 .. 1440          (20)
 *   rollover_hour       0 .. 23, local time        (4)
 *   review_order        due | retrievability       (due)
 *   leech_threshold     1 .. 99 lapses             (8; warned every half)
 *   leech_action        tag | suspend              (tag)
 *   maximum_interval    1 .. 36500 days            (36500)
 *   fsrs_params         17, 19 or 21 numbers       (FSRS-6 defaults)
 *   fuzz                on | off                   (on)
 *   deck_paths          folders, ':'-separated     (none)
 *   lab_paths           folders, ':'-separated     (none)
 *   fsrs_fit_reviews    reviews in the log when fsrs_params were
 *                       fitted (written by `sched optimize --save`) (0)
 * Durations: N s|m|h|d.  Parsing never prints: a bad line gives
 * "FILE:LINE: ..." in the error buffer naming the key.
 */
#ifndef MEMDRILL_CONFIG_H
#define MEMDRILL_CONFIG_H

#include <stddef.h>

#define CONFIG_MAX_STEPS 8

struct config {
	double retention;
	int new_per_day, reviews_per_day;
	int learn_steps[CONFIG_MAX_STEPS];	/* seconds */
	int nlearn;
	int relearn_steps[CONFIG_MAX_STEPS];
	int nrelearn;
	int learn_ahead;		/* seconds */
	int rollover_hour;
	int order_retrievability;
	int leech_threshold, leech_suspend;
	int max_interval;
	double w[21];			/* FSRS-6 parameters (upgraded) */
	int fuzz;
	long fit_reviews;
	/* more folders of decks and of lab pages, ':'-separated ("") */
	char deck_paths[1024], lab_paths[1024];
};

/*
 * Append @c to @out as a settings file that config_load() reads back to
 * the same values: for every key a `# what (accepted values)` comment,
 * then `key = value`.
 */
struct sbuf;
void config_format(const struct config *c, struct sbuf *out);

/* The defaults above. */
void config_defaults(struct config *c);

/*
 * Defaults, then the file at @path if it exists.  Returns 0, or -1 with
 * "PATH:LINE: ..." in @err (the config is then the defaults).
 */
int config_load(struct config *c, const char *path, char *err,
		size_t errsz);

/*
 * Parse a parameter list (17, 19 or 21 numbers separated by commas or
 * blanks) into @w upgraded to FSRS-6's 21.  Returns 0 or -1 with @err.
 */
int config_parse_params(const char *s, double w[21], char *err,
			size_t errsz);

/*
 * Write @w as fsrs_params and @reviews as fsrs_fit_reviews into the file
 * at @path: their lines are replaced (or appended), every other line
 * kept; the file is written whole to PATH.tmp and renamed over, its
 * folder made when missing.  Returns 0, or -1 with @err.
 */
int config_save_params(const char *path, const double w[21], long reviews,
		       char *err, size_t errsz);

#endif
