// SPDX-License-Identifier: GPL-2.0
/* config.c - read the settings file (see config.h for the keys). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	} else if (!strcmp(k, "fsrs_params")) {
		return config_parse_params(v, c->w, why, whysz);
	} else {
		snprintf(why, whysz, "unknown key");
		return -1;
	}
	return 0;
range:
	snprintf(why, whysz, "bad value '%s' (see memdrill drill --help)", v);
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
			 sbuf_read_strerror(errno));
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
