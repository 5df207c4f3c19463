// SPDX-License-Identifier: GPL-2.0
/*
 * events.c - the event log's lines and the replay of a card (events.h).
 *
 * The replay is the one place that turns events into a card's state: the
 * drill's grade, bury and suspend, `sched suspend`, a sync's import and
 * `memdrill rebuild` all go through it (store.c calls it), so a state
 * computed on one device is the state every device computes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "core/deck.h"
#include "core/events.h"
#include "core/sched.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

static const char *const event_kinds[EVENT_NKINDS] = {
	[EVENT_REVIEW] = "review",
	[EVENT_UNDO] = "undo",
	[EVENT_SUSPEND] = "suspend",
	[EVENT_UNSUSPEND] = "unsuspend",
	[EVENT_BURY] = "bury",
	[EVENT_RESET] = "reset",
	[EVENT_LAB] = "lab",
};

const char *event_kind_name(int kind)
{
	if (kind < 0 || kind >= EVENT_NKINDS)
		return NULL;
	return event_kinds[kind];
}

int event_kind_parse(const char *name)
{
	int k;

	for (k = 0; k < EVENT_NKINDS; k++)
		if (!strcmp(name, event_kinds[k]))
			return k;
	return -1;
}

int event_device_valid(const char *s)
{
	size_t n = 0;

	if (*s == '-')
		return 0;
	for (; *s; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '-'))
			return 0;
	return n >= 1 && n <= EVENT_DEVICE_MAX;
}

void event_device_new(char out[EVENT_DEVICE_MAX + 1])
{
	unsigned char b[6];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	size_t i;

	if (fd < 0 || read(fd, b, sizeof(b)) != (ssize_t)sizeof(b)) {
		struct timeval tv;
		uint64_t x;

		gettimeofday(&tv, NULL);
		x = ((uint64_t)tv.tv_sec * 1000003u) ^
		    ((uint64_t)tv.tv_usec << 20) ^ (uint64_t)getpid();
		for (i = 0; i < sizeof(b); i++)
			b[i] = (unsigned char)(x >> (8 * i));
	}
	if (fd >= 0)
		close(fd);
	for (i = 0; i < sizeof(b); i++)
		snprintf(out + 2 * i, 3, "%02x", b[i]);
}

void event_format(const struct event *e, struct sbuf *out)
{
	sbuf_addf(out, "%lld\t%lld\t%s\t%s", (long long)e->seq,
		  (long long)e->time_ms, event_kind_name(e->kind), e->subject);
	switch (e->kind) {
	case EVENT_REVIEW:
		sbuf_addf(out, "\t%d\t%lld", e->rating,
			  (long long)e->duration_ms);
		break;
	case EVENT_UNDO:
		sbuf_addf(out, "\t%lld", (long long)e->ref);
		break;
	case EVENT_LAB:
		sbuf_addf(out, "\t%s\t%s\t%lld", e->mode, e->verdict,
			  (long long)e->duration_ms);
		break;
	}
	sbuf_addch(out, '\n');
}

/*
 * A decimal in [@lo, @hi] (@lo >= 0) into *@v, written as event_format()
 * writes it: digits, no sign, no leading zero.  0 or -1.
 */
static int event_num(const char *s, int64_t lo, int64_t hi, int64_t *v)
{
	char *end;
	long long x;

	if (!(*s >= '0' && *s <= '9') || (*s == '0' && s[1]))
		return -1;
	errno = 0;
	x = strtoll(s, &end, 10);
	if (errno || *end || x < lo || x > hi)
		return -1;
	*v = x;
	return 0;
}

static int event_fail(char *err, size_t errsz, const char *msg)
{
	snprintf(err, errsz, "%s", msg);
	return -1;
}

int event_parse(const char *line, size_t len, const char *device,
		struct event *e, char *err, size_t errsz)
{
	/* the fields each kind has after the subject */
	static const int nextra[EVENT_NKINDS] = {
		[EVENT_REVIEW] = 2, [EVENT_UNDO] = 1, [EVENT_LAB] = 3,
	};
	char buf[EVENT_LINE_MAX + 1], *f[9], *p;
	int64_t v;
	int n = 0;

	if (len > EVENT_LINE_MAX)
		return event_fail(err, errsz, "line too long");
	if (memchr(line, '\0', len) || memchr(line, '\r', len))
		return event_fail(err, errsz, "control character in a line");
	memcpy(buf, line, len);
	buf[len] = '\0';
	for (p = buf; n < 9; n++) {
		f[n] = p;
		p = strchr(p, '\t');
		if (!p) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	if (p)
		return event_fail(err, errsz, "too many fields");
	memset(e, 0, sizeof(*e));
	snprintf(e->device, sizeof(e->device), "%s", device);
	if (n < 4)
		return event_fail(err, errsz, "expected SEQ, TIME, KIND and "
				  "SUBJECT separated by tabs");
	if (event_num(f[0], 1, INT64_C(1) << 53, &e->seq) < 0)
		return event_fail(err, errsz, "bad sequence number");
	/* from 1970 to the year 9999 */
	if (event_num(f[1], 0, INT64_C(253402300799999), &e->time_ms) < 0)
		return event_fail(err, errsz, "bad time");
	e->kind = event_kind_parse(f[2]);
	if (e->kind < 0)
		return event_fail(err, errsz, "unknown event kind");
	if (strlen(f[3]) > EVENT_SUBJECT_MAX ||
	    !deck_valid_id(f[3], e->kind == EVENT_LAB))
		return event_fail(err, errsz, e->kind == EVENT_LAB ?
				  "bad lab id" : "bad card key");
	snprintf(e->subject, sizeof(e->subject), "%s", f[3]);
	if (n != 4 + nextra[e->kind])
		return event_fail(err, errsz, "wrong number of fields for "
				  "this kind");
	switch (e->kind) {
	case EVENT_REVIEW:
		if (event_num(f[4], 1, 4, &v) < 0)
			return event_fail(err, errsz, "bad rating");
		e->rating = (int)v;
		if (event_num(f[5], 0, INT64_C(1) << 40, &e->duration_ms) < 0)
			return event_fail(err, errsz, "bad duration");
		break;
	case EVENT_UNDO:
		if (event_num(f[4], 1, e->seq - 1, &e->ref) < 0)
			return event_fail(err, errsz, "bad undone sequence "
					  "number");
		break;
	case EVENT_LAB:
		if (strcmp(f[4], "sim") && strcmp(f[4], "host") &&
		    strcmp(f[4], "vm"))
			return event_fail(err, errsz, "bad lab mode");
		if (strcmp(f[5], "pass") && strcmp(f[5], "fail") &&
		    strcmp(f[5], "error"))
			return event_fail(err, errsz, "bad lab verdict");
		snprintf(e->mode, sizeof(e->mode), "%s", f[4]);
		snprintf(e->verdict, sizeof(e->verdict), "%s", f[5]);
		if (event_num(f[6], 0, INT64_C(1) << 40, &e->duration_ms) < 0)
			return event_fail(err, errsz, "bad duration");
		break;
	}
	return 0;
}

int events_read_file(const char *path, const char *device, int64_t after,
		     int (*fn)(void *arg, const struct event *e), void *arg,
		     int *line, char *err, size_t errsz)
{
	struct sbuf t = SBUF_INIT;
	struct stat sb;
	int64_t prev = 0;
	size_t pos = 0;
	int rc = 0;

	*line = 0;
	if (lstat(path, &sb) < 0 || !S_ISREG(sb.st_mode))
		return event_fail(err, errsz, "not a regular file");
	if (sb.st_size > EVENTS_FILE_MAX)
		return event_fail(err, errsz, "larger than 512 MiB");
	if (sbuf_read_file(&t, path) < 0) {
		snprintf(err, errsz, "cannot read: %s", strerror(errno));
		return -1;
	}
	while (!rc && pos < t.len) {
		const char *l = t.buf + pos, *nl = memchr(l, '\n', t.len - pos);
		struct event e;
		size_t len;

		++*line;
		if (!nl)
			break;	/* a torn last line: not there yet */
		len = (size_t)(nl - l);
		pos += len + 1;
		if (!len || *l == '#')
			continue;
		if (event_parse(l, len, device, &e, err, errsz) < 0) {
			rc = -1;
			break;
		}
		if (e.seq <= prev) {
			snprintf(err, errsz, "sequence number %lld not above "
				 "%lld", (long long)e.seq, (long long)prev);
			rc = -1;
			break;
		}
		prev = e.seq;
		if (e.seq > after)
			rc = fn(arg, &e);
	}
	sbuf_release(&t);
	return rc;
}

int events_cmp(const void *a, const void *b)
{
	const struct event *x = a, *y = b;
	int c;

	if (x->time_ms != y->time_ms)
		return x->time_ms < y->time_ms ? -1 : 1;
	c = strcmp(x->device, y->device);
	if (c)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Leech: a lapse reaching the threshold, then every half threshold; with
 * leech_action = suspend the card is also suspended.  1 when marked.
 */
static int events_leech(const struct config *cfg, int before_state,
			int rating, struct store_sched *st)
{
	int t = cfg->leech_threshold, half = t / 2 > 0 ? t / 2 : 1;

	if (rating != SCHED_AGAIN || before_state != STORE_REVIEW ||
	    st->lapses < t || (st->lapses - t) % half)
		return 0;
	st->leech = 1;
	if (cfg->leech_suspend)
		st->queue = STORE_Q_SUSPENDED;
	return 1;
}

/* Apply the review @e to @st; its log row into @r. */
static int events_review(const struct config *cfg, uint64_t seed,
			 const struct event *e, struct store_sched *st,
			 struct store_review *r)
{
	struct sched_card sc = {
		.state = st->state, .step = st->step, .due = st->due,
		.last_review = st->last_review, .s = st->stability,
		.d = st->difficulty, .reps = st->reps, .lapses = st->lapses,
	};
	struct sched_outcome out;
	const struct sched_outcome *o = &out;
	int64_t now = e->time_ms / 1000;
	int before = st->state;

	sched_next(cfg, &sc, seed, now, e->rating, &out);
	st->state = o->card.state;
	st->step = o->card.step;
	st->due = o->card.due;
	st->stability = o->card.s;
	st->difficulty = o->card.d;
	st->last_review = o->card.last_review;
	st->reps = o->card.reps;
	st->lapses = o->card.lapses;
	st->queue = STORE_Q_NORMAL;
	st->buried_until = 0;
	memset(r, 0, sizeof(*r));
	r->time_ms = e->time_ms;
	r->rating = e->rating;
	r->state = before;
	r->elapsed_days = o->elapsed_days;
	r->scheduled_days = o->scheduled_days;
	r->stability = o->card.s;
	r->difficulty = o->card.d;
	r->duration_ms = e->duration_ms;
	return events_leech(cfg, before, e->rating, st);
}

void events_replay(const struct config *cfg, const char *key,
		   const struct event *ev, size_t n, struct store_sched *st,
		   void (*review)(void *arg, const struct store_review *r),
		   void *arg, struct events_result *res)
{
	uint64_t seed = sched_seed(key);
	unsigned char small[64], *undone = n <= sizeof(small) ? small :
		xcalloc(n, 1);
	size_t i, j;

	memset(st, 0, sizeof(*st));
	memset(res, 0, sizeof(*res));
	memset(undone, 0, n);
	for (i = 0; i < n; i++) {
		if (ev[i].kind != EVENT_UNDO)
			continue;
		undone[i] = 1;
		for (j = 0; j < n; j++)
			if (ev[j].seq == ev[i].ref &&
			    ev[j].kind != EVENT_UNDO &&
			    !strcmp(ev[j].device, ev[i].device))
				undone[j] = 1;
	}
	for (i = 0; i < n; i++) {
		const struct event *e = &ev[i];
		struct store_review r;
		int64_t day;

		if (undone[i])
			continue;
		res->last_leech = 0;
		switch (e->kind) {
		case EVENT_REVIEW:
			res->last_leech = events_review(cfg, seed, e, st, &r);
			res->reviews++;
			if (review)
				review(arg, &r);
			break;
		case EVENT_SUSPEND:
			st->queue = STORE_Q_SUSPENDED;
			st->buried_until = 0;
			break;
		case EVENT_UNSUSPEND:
			st->queue = STORE_Q_NORMAL;
			st->buried_until = 0;
			break;
		case EVENT_BURY:
			day = sched_day(e->time_ms / 1000, cfg->rollover_hour);
			st->queue = STORE_Q_BURIED;
			st->buried_until = sched_day_start(day + 1,
							   cfg->rollover_hour);
			break;
		case EVENT_RESET:
			memset(st, 0, sizeof(*st));
			break;
		}
	}
	if (undone != small)
		free(undone);
}
