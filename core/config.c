// SPDX-License-Identifier: GPL-2.0
/* config.c - read the settings file (see config.h for the keys). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/sched.h"
#include "util/sbuf.h"

void config_defaults(struct config *c)
{
	memset(c, 0, sizeof(*c));
	c->retention = 0.9;
	c->new_per_day = 20;
	c->reviews_per_day = 200;
	c->learn_steps[0] = 60;
	c->learn_steps[1] = 600;
	c->nlearn = 2;
	c->relearn_steps[0] = 600;
	c->nrelearn = 1;
	c->learn_ahead = 20 * 60;
	c->rollover_hour = 4;
	c->leech_threshold = 8;
	c->max_interval = 36500;
	memcpy(c->w, sched_default_w, sizeof(c->w));
	c->fuzz = 1;
}

static int config_int(const char *v, long lo, long hi, int *out)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi)
		return -1;
	*out = (int)n;
	return 0;
}

/* "1m 10m" -> seconds; at most CONFIG_MAX_STEPS, each 1 s .. 30 d. */
static int config_steps(const char *v, int *steps, int *n)
{
	char buf[256], *tok, *save = NULL;

	if (strlen(v) >= sizeof(buf))
		return -1;
	strcpy(buf, v);
	*n = 0;
	for (tok = strtok_r(buf, " ,\t", &save); tok;
	     tok = strtok_r(NULL, " ,\t", &save)) {
		char *end;
		long x = strtol(tok, &end, 10);
		long mul = !strcmp(end, "s") ? 1 : !strcmp(end, "m") ? 60 :
			   !strcmp(end, "h") ? 3600 : !strcmp(end, "d") ?
			   86400 : 0;

		if (end == tok || !mul || x < 1 || x * mul > 30 * 86400 ||
		    *n == CONFIG_MAX_STEPS)
			return -1;
		steps[(*n)++] = (int)(x * mul);
	}
	return 0;
}

int config_parse_params(const char *s, double w[21], char *err,
			size_t errsz)
{
	double in[22];
	int n = 0;

	while (*s) {
		char *end;

		while (*s == ' ' || *s == ',' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (n == 22)
			break;
		errno = 0;
		in[n] = strtod(s, &end);
		if (end == s || errno) {
			snprintf(err, errsz, "not a number at '%.20s'", s);
			return -1;
		}
		n++;
		s = end;
	}
	if (sched_upgrade_params(in, n, w) < 0) {
		snprintf(err, errsz, "%d parameters given, expected 17, 19 "
			 "or 21", n);
		return -1;
	}
	return 0;
}

/* Every key: its accepted values and what it does, in file order. */
static const struct {
	const char *key, *range, *what;
} config_keys[] = {
	{ "desired_retention", "0.70 .. 0.99",
	  "the recall probability intervals aim for" },
	{ "new_per_day", "0 .. 9999", "new cards a day" },
	{ "reviews_per_day", "0 .. 99999", "reviews a day (also caps new)" },
	{ "learning_steps", "up to 8 durations N s|m|h|d, 1s .. 30d",
	  "steps of a new card before it graduates" },
	{ "relearning_steps", "up to 8 durations N s|m|h|d, 1s .. 30d",
	  "steps after a lapse" },
	{ "learn_ahead", "minutes 0 .. 1440",
	  "how early a learning card may be shown" },
	{ "rollover_hour", "0 .. 23, local time", "the hour a new day starts" },
	{ "review_order", "due | retrievability",
	  "reviews by due date, or least likely recalled first" },
	{ "leech_threshold", "1 .. 99 lapses",
	  "lapses that make a leech (warned again every half)" },
	{ "leech_action", "tag | suspend", "what happens to a leech" },
	{ "maximum_interval", "1 .. 36500 days", "the longest interval" },
	{ "fsrs_params", "17, 19 or 21 numbers",
	  "FSRS weights (from an optimizer); 17/19 are upgraded" },
	{ "fuzz", "on | off", "spread review intervals by a few percent" },
	{ "fsrs_fit_reviews", "0 or more",
	  "reviews in the log when fsrs_params were fitted" },
	{ "deck_paths", "folders separated by ':'",
	  "more folders of decks, after the bundled and your own" },
	{ "lab_paths", "folders separated by ':'",
	  "more folders of lab pages, after the bundled and your own" },
};

#define CONFIG_NKEYS (sizeof(config_keys) / sizeof(config_keys[0]))

/* The accepted values of @key, for messages. */
static const char *config_range(const char *key)
{
	size_t i;

	for (i = 0; i < CONFIG_NKEYS; i++)
		if (!strcmp(config_keys[i].key, key))
			return config_keys[i].range;
	return "";
}

/* "1m 10m" from seconds, each in the largest unit that divides it. */
static void config_format_steps(struct sbuf *out, const int *steps, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		int s = steps[i];

		if (i)
			sbuf_addch(out, ' ');
		if (s % 86400 == 0)
			sbuf_addf(out, "%dd", s / 86400);
		else if (s % 3600 == 0)
			sbuf_addf(out, "%dh", s / 3600);
		else if (s % 60 == 0)
			sbuf_addf(out, "%dm", s / 60);
		else
			sbuf_addf(out, "%ds", s);
	}
}

void config_format(const struct config *c, struct sbuf *out)
{
	size_t i;
	int k;

	for (i = 0; i < CONFIG_NKEYS; i++) {
		const char *key = config_keys[i].key;

		sbuf_addf(out, "# %s (%s)\n%s = ", config_keys[i].what,
			  config_keys[i].range, key);
		switch (i) {
		case 0:
			sbuf_addf(out, "%g", c->retention);
			break;
		case 1:
			sbuf_addf(out, "%d", c->new_per_day);
			break;
		case 2:
			sbuf_addf(out, "%d", c->reviews_per_day);
			break;
		case 3:
			config_format_steps(out, c->learn_steps, c->nlearn);
			break;
		case 4:
			config_format_steps(out, c->relearn_steps,
					    c->nrelearn);
			break;
		case 5:
			sbuf_addf(out, "%d", c->learn_ahead / 60);
			break;
		case 6:
			sbuf_addf(out, "%d", c->rollover_hour);
			break;
		case 7:
			sbuf_addstr(out, c->order_retrievability ?
				    "retrievability" : "due");
			break;
		case 8:
			sbuf_addf(out, "%d", c->leech_threshold);
			break;
		case 9:
			sbuf_addstr(out, c->leech_suspend ? "suspend" : "tag");
			break;
		case 10:
			sbuf_addf(out, "%d", c->max_interval);
			break;
		case 11:
			for (k = 0; k < 21; k++)
				sbuf_addf(out, "%s%.8g", k ? ", " : "",
					  c->w[k]);
			break;
		case 12:
			sbuf_addstr(out, c->fuzz ? "on" : "off");
			break;
		case 13:
			sbuf_addf(out, "%ld", c->fit_reviews);
			break;
		case 14:
			sbuf_addstr(out, c->deck_paths);
			break;
		case 15:
			sbuf_addstr(out, c->lab_paths);
			break;
		}
		sbuf_rtrim(out);	/* "key =" for an empty value */
		sbuf_addch(out, '\n');
	}
}

/* Apply one `key = value`; returns -1 with a reason in @why. */
static int config_set(struct config *c, const char *k, const char *v,
		      char *why, size_t whysz)
{
	int x;

	if (!strcmp(k, "desired_retention")) {
		char *end;
		double r = strtod(v, &end);

		if (end == v || *end || r < 0.7 || r > 0.99)
			goto range;
		c->retention = r;
	} else if (!strcmp(k, "new_per_day")) {
		if (config_int(v, 0, 9999, &c->new_per_day))
			goto range;
	} else if (!strcmp(k, "reviews_per_day")) {
		if (config_int(v, 0, 99999, &c->reviews_per_day))
			goto range;
	} else if (!strcmp(k, "learning_steps")) {
		if (config_steps(v, c->learn_steps, &c->nlearn))
			goto range;
	} else if (!strcmp(k, "relearning_steps")) {
		if (config_steps(v, c->relearn_steps, &c->nrelearn))
			goto range;
	} else if (!strcmp(k, "learn_ahead")) {
		if (config_int(v, 0, 1440, &x))
			goto range;
		c->learn_ahead = x * 60;
	} else if (!strcmp(k, "rollover_hour")) {
		if (config_int(v, 0, 23, &c->rollover_hour))
			goto range;
	} else if (!strcmp(k, "review_order")) {
		if (strcmp(v, "due") && strcmp(v, "retrievability"))
			goto range;
		c->order_retrievability = !strcmp(v, "retrievability");
	} else if (!strcmp(k, "leech_threshold")) {
		if (config_int(v, 1, 99, &c->leech_threshold))
			goto range;
	} else if (!strcmp(k, "leech_action")) {
		if (strcmp(v, "tag") && strcmp(v, "suspend"))
			goto range;
		c->leech_suspend = !strcmp(v, "suspend");
	} else if (!strcmp(k, "maximum_interval")) {
		if (config_int(v, 1, 36500, &c->max_interval))
			goto range;
	} else if (!strcmp(k, "fuzz")) {
		if (strcmp(v, "on") && strcmp(v, "off"))
			goto range;
		c->fuzz = !strcmp(v, "on");
	} else if (!strcmp(k, "deck_paths") || !strcmp(k, "lab_paths")) {
		char *dst = k[0] == 'd' ? c->deck_paths : c->lab_paths;

		if (strlen(v) >= sizeof(c->deck_paths))
			goto range;
		strcpy(dst, v);
	} else if (!strcmp(k, "fsrs_params")) {
		return config_parse_params(v, c->w, why, whysz);
	} else if (!strcmp(k, "fsrs_fit_reviews")) {
		char *end;
		long n;

		errno = 0;
		n = strtol(v, &end, 10);
		if (errno || end == v || *end || n < 0)
			goto range;
		c->fit_reviews = n;
	} else {
		snprintf(why, whysz, "unknown key");
		return -1;
	}
	return 0;
range:
	snprintf(why, whysz, "bad value '%s' (%s; see memdrill config "
		 "--help)", v, config_range(k));
	return -1;
}

static char *config_trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_load(struct config *c, const char *path, char *err,
		size_t errsz)
{
	struct sbuf text = SBUF_INIT;
	char *line, *next, why[160];
	int no = 0;

	config_defaults(c);
	if (sbuf_read_file(&text, path) < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errsz, "cannot read config '%s': %s", path,
			 strerror(errno));
		return -1;
	}
	for (line = text.buf; line; line = next) {
		char *eq, *k;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		no++;
		k = config_trim(line);
		if (!*k || *k == '#')
			continue;
		eq = strchr(k, '=');
		if (!eq) {
			snprintf(err, errsz, "%s:%d: expected 'key = value'",
				 path, no);
			goto fail;
		}
		*eq = '\0';
		k = config_trim(k);
		if (config_set(c, k, config_trim(eq + 1), why,
			       sizeof(why)) < 0) {
			snprintf(err, errsz, "%s:%d: '%s': %s", path, no, k,
				 why);
			goto fail;
		}
	}
	sbuf_release(&text);
	return 0;
fail:
	sbuf_release(&text);
	config_defaults(c);
	return -1;
}

/* Is @line (a config line) the setting @key? */
static int config_line_is(const char *line, const char *key)
{
	size_t n = strlen(key);

	while (*line == ' ' || *line == '\t')
		line++;
	if (strncmp(line, key, n))
		return 0;
	line += n;
	while (*line == ' ' || *line == '\t')
		line++;
	return *line == '=';
}

/* mkdir -p of the folder holding @path. */
static void config_mkdirs(const char *path)
{
	char buf[4096], *p;

	if (strlen(path) >= sizeof(buf))
		return;
	strcpy(buf, path);
	for (p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		mkdir(buf, 0755);
		*p = '/';
	}
}

int config_save_params(const char *path, const double w[21], long reviews,
		       char *err, size_t errsz)
{
	struct sbuf old = SBUF_INIT, out = SBUF_INIT, tmp = SBUF_INIT;
	int have_w = 0, have_n = 0, i, rc = -1;
	char *line, *next;
	FILE *f;

	if (sbuf_read_file(&old, path) < 0 && errno != ENOENT) {
		snprintf(err, errsz, "cannot read config '%s': %s", path,
			 strerror(errno));
		goto out;
	}
	for (line = old.buf; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if (config_line_is(line, "fsrs_params")) {
			if (have_w++)
				continue;
			sbuf_addstr(&out, "fsrs_params =");
			for (i = 0; i < 21; i++)
				sbuf_addf(&out, "%s %.4f", i ? "," : "", w[i]);
			sbuf_addch(&out, '\n');
		} else if (config_line_is(line, "fsrs_fit_reviews")) {
			if (!have_n++)
				sbuf_addf(&out, "fsrs_fit_reviews = %ld\n",
					  reviews);
		} else {
			sbuf_addf(&out, "%s\n", line);
		}
	}
	if (!have_w) {
		sbuf_addstr(&out, "fsrs_params =");
		for (i = 0; i < 21; i++)
			sbuf_addf(&out, "%s %.4f", i ? "," : "", w[i]);
		sbuf_addch(&out, '\n');
	}
	if (!have_n)
		sbuf_addf(&out, "fsrs_fit_reviews = %ld\n", reviews);
	config_mkdirs(path);
	sbuf_addf(&tmp, "%s.tmp", path);
	f = fopen(tmp.buf, "w");
	if (!f || fwrite(out.buf, 1, out.len, f) != out.len ||
	    fflush(f) || fsync(fileno(f))) {
		snprintf(err, errsz, "cannot write config '%s': %s", tmp.buf,
			 strerror(errno));
		if (f)
			fclose(f);
		unlink(tmp.buf);
		goto out;
	}
	if (fclose(f) || rename(tmp.buf, path) < 0) {
		snprintf(err, errsz, "cannot write config '%s': %s", path,
			 strerror(errno));
		unlink(tmp.buf);
		goto out;
	}
	rc = 0;
out:
	sbuf_release(&old);
	sbuf_release(&out);
	sbuf_release(&tmp);
	return rc;
}
