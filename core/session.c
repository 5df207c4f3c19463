// SPDX-License-Identifier: GPL-2.0
/*
 * session.c - one drill session: the order of cards, learning cards coming
 * back later in the session, the undo stack and the counts, over a backend
 * (session-backend.h) that loads cards and commits.  The contract is in
 * session.h.
 *
 * Order: the backend's list for today, front to back.  A graded card whose
 * new due time falls before the end of the learner's day (a learning or
 * relearning step) goes to the learning list and comes back once due; when
 * only learning cards are left, the earliest is shown up to the backend's
 * learn-ahead limit early (Anki: 20 minutes), else the session ends.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/session-backend.h"
#include "util/xalloc.h"

enum session_kind { SESSION_GRADE, SESSION_BURY, SESSION_SUSPEND };

struct session_undo {
	enum session_kind kind;
	int64_t card_id;
	int64_t revlog_id;
	int rating;
	int64_t duration_ms;
	struct session_sched before;
	int was_learning;	/* the card came from the learning list */
	int64_t learn_due;	/* and was due then */
};

struct session_learn {
	int64_t id;
	int64_t due;
};

struct session {
	struct session_backend b;
	int64_t *queue;		/* today's list; [pos, n) still to show */
	size_t pos, n, qalloc;
	struct session_learn *learn;	/* learning cards back later */
	size_t nlearn, lalloc;
	struct session_undo *undo;
	size_t nundo, ualloc;
	struct session_loaded cur;
	int have_cur;
	int cur_from_learn;	/* current card was taken from learn[] */
	int64_t cur_learn_due;
	int done_before;	/* reviews today before this session */
	int reload_line;	/* the last failed reload's error line */
	size_t counts[3];	/* queue[]: learning, review, new */
	int have_counts;
	int last_leech;		/* session_last_leech() */
	struct session_summary sum;
	char err[512];
	char ukey[128];
};

/* Public (session-backend.h): a session over backend @b. */
struct session *session_new(const struct session_backend *b,
			    const char *deck, char *err, size_t errsz)
{
	struct session *s = xcalloc(1, sizeof(*s));
	int64_t now;

	s->b = *b;
	now = s->b.now(s->b.ctx);
	if (s->b.today(s->b.ctx, deck, now, &s->queue, &s->n, err, errsz) ||
	    s->b.done_since(s->b.ctx, deck, s->b.day_start(s->b.ctx, now),
			    &s->done_before)) {
		if (!*err)
			snprintf(err, errsz, "cannot read today's queue");
		s->b.close(s->b.ctx);
		free(s->queue);
		free(s);
		return NULL;
	}
	s->qalloc = s->n;
	if (s->b.today_counts) {
		s->b.today_counts(s->b.ctx, s->counts);
		s->have_counts = s->counts[0] + s->counts[1] + s->counts[2] ==
				 s->n;
	}
	return s;
}

/* Public (session.h): close the backend, free the session. */
void session_close(struct session *s)
{
	if (!s)
		return;
	s->b.close(s->b.ctx);
	free(s->queue);
	free(s->learn);
	free(s->undo);
	free(s);
}

/* Public (session.h): why the last call failed. */
const char *session_error(struct session *s)
{
	return s->err[0] ? s->err : "unknown error";
}

/* Make sure a failure carries a message. */
static void session_fail(struct session *s)
{
	if (!s->err[0])
		snprintf(s->err, sizeof(s->err), "collection failure");
}

/* Index of the learning card due first, or -1. */
static int session_first_learn(struct session *s)
{
	size_t i;
	int best = -1;

	for (i = 0; i < s->nlearn; i++)
		if (best < 0 || s->learn[i].due < s->learn[best].due)
			best = (int)i;
	return best;
}

/* Drop learning entry @i (order does not matter). */
static void session_learn_remove(struct session *s, size_t i)
{
	s->learn[i] = s->learn[--s->nlearn];
}

/* Put @id back at the front of today's list. */
static void session_push_front(struct session *s, int64_t id)
{
	if (s->pos > 0) {
		s->queue[--s->pos] = id;
		return;
	}
	s->queue = xgrow(s->queue, &s->qalloc, s->n + 1, sizeof(*s->queue));
	memmove(s->queue + 1, s->queue, s->n * sizeof(*s->queue));
	s->queue[0] = id;
	s->n++;
}

/*
 * Public (session.h): learning cards once due, then today's
 * list, then learning cards within the learn-ahead window.
 */
int session_next(struct session *s, const struct session_card **card)
{
	int64_t now, id;
	int li;

	if (s->have_cur) {
		*card = &s->cur.card;
		return 1;
	}
	s->err[0] = '\0';
	now = s->b.now(s->b.ctx);
	li = session_first_learn(s);
	s->cur_from_learn = 0;
	if (li >= 0 && (s->learn[li].due <= now || (s->pos == s->n &&
	    s->learn[li].due <= now + s->b.learn_ahead))) {
		id = s->learn[li].id;
		s->cur_learn_due = s->learn[li].due;
		s->cur_from_learn = 1;
		session_learn_remove(s, li);
	} else if (s->pos < s->n) {
		id = s->queue[s->pos++];
	} else {
		return 0;
	}
	if (s->b.load(s->b.ctx, id, &s->cur, s->err, sizeof(s->err))) {
		session_fail(s);
		return -1;
	}
	s->have_cur = 1;
	*card = &s->cur.card;
	return 1;
}

/* Public (session.h): a short human interval. */
void session_format_interval(double days, char *buf, size_t size)
{
	double mins = days * 1440;

	if (mins < 1)
		snprintf(buf, size, "<1m");
	else if (mins < 60)
		snprintf(buf, size, "%.0fm", mins);
	else if (days < 1)
		snprintf(buf, size, "%.0fh", mins / 60);
	else if (days < 30)
		snprintf(buf, size, "%.0fd", days);
	else if (days < 365)
		snprintf(buf, size, "%.1fmo", days / 30.44);
	else
		snprintf(buf, size, "%.1fy", days / 365.25);
}

/* Noon of @t's local date, to count calendar days across DST changes. */
static time_t session_noon(const struct tm *t)
{
	struct tm x;

	memset(&x, 0, sizeof(x));
	x.tm_year = t->tm_year;
	x.tm_mon = t->tm_mon;
	x.tm_mday = t->tm_mday;
	x.tm_hour = 12;
	x.tm_isdst = -1;
	return mktime(&x);
}

/* Public (session.h). */
void session_format_when(int64_t t, int64_t now, char *buf, size_t size)
{
	time_t tt = (time_t)t, tn = (time_t)now;
	struct tm a, b;
	long days;

	if (!t) {
		snprintf(buf, size, "none");
		return;
	}
	if (t <= now) {
		snprintf(buf, size, "now");
		return;
	}
	localtime_r(&tt, &a);
	localtime_r(&tn, &b);
	days = (long)((session_noon(&a) - session_noon(&b) + 43200) / 86400);
	if (days == 0)
		strftime(buf, size, "today %H:%M", &a);
	else if (days == 1)
		strftime(buf, size, "tomorrow %H:%M", &a);
	else
		strftime(buf, size, "%Y-%m-%d %H:%M", &a);
}

/* Public (session.h): the current card's next intervals. */
void session_preview(struct session *s, char ivl[4][16])
{
	double days[4];
	int i;

	if (!s->have_cur) {
		for (i = 0; i < 4; i++)
			snprintf(ivl[i], 16, "-");
		return;
	}
	s->b.preview(s->b.ctx, &s->cur, s->b.now(s->b.ctx), days);
	for (i = 0; i < 4; i++)
		session_format_interval(days[i], ivl[i], 16);
}

/* Record the current card's state before an action. */
static struct session_undo *session_push_undo(struct session *s,
					      enum session_kind kind)
{
	struct session_undo *u;

	s->undo = xgrow(s->undo, &s->ualloc, s->nundo + 1, sizeof(*s->undo));
	u = &s->undo[s->nundo++];
	memset(u, 0, sizeof(*u));
	u->kind = kind;
	u->card_id = s->cur.card.id;
	u->before = s->cur.sched;
	u->was_learning = s->cur_from_learn;
	u->learn_due = s->cur_learn_due;
	return u;
}

/*
 * Public (session.h): commit a grade; a step due today comes
 * back later in the session.
 */
int session_grade(struct session *s, int rating, int64_t duration_ms)
{
	struct session_sched after = { 0 };
	struct session_undo *u;
	int64_t now, rid, end;

	if (!s->have_cur || rating < 1 || rating > 4)
		return -1;
	s->err[0] = '\0';
	now = s->b.now(s->b.ctx);
	if (s->b.grade(s->b.ctx, &s->cur, rating, now, duration_ms, &rid,
		       &after, s->err, sizeof(s->err))) {
		session_fail(s);
		return -1;
	}
	u = session_push_undo(s, SESSION_GRADE);
	u->revlog_id = rid;
	u->rating = rating;
	u->duration_ms = duration_ms;
	s->last_leech = !after.marked_leech ? 0 : after.queue == 2 ? 2 : 1;
	s->sum.reviewed++;
	s->sum.again += rating == 1;
	s->sum.ms += duration_ms;
	end = s->b.day_start(s->b.ctx, now) + 86400;
	if (after.due && after.due < end && after.queue == 0) {
		s->learn = xgrow(s->learn, &s->lalloc, s->nlearn + 1,
				 sizeof(*s->learn));
		s->learn[s->nlearn].id = s->cur.card.id;
		s->learn[s->nlearn++].due = after.due;
	}
	s->have_cur = 0;
	return 0;
}

/* Public (session.h). */
int session_last_leech(const struct session *s)
{
	return s->last_leech;
}

/* Bury (@queue 1, until the next day) or suspend (@queue 2). */
static int session_hide(struct session *s, int queue)
{
	struct session_sched st;
	int64_t now, id = 0;

	if (!s->have_cur)
		return -1;
	s->err[0] = '\0';
	now = s->b.now(s->b.ctx);
	st = s->cur.sched;
	st.queue = queue;
	st.buried_until = queue == 1 ? s->b.day_start(s->b.ctx, now) + 86400
		: 0;
	if (s->b.set_sched(s->b.ctx, s->cur.card.id, &st, 0, &id, s->err,
			   sizeof(s->err))) {
		session_fail(s);
		return -1;
	}
	session_push_undo(s, queue == 1 ? SESSION_BURY : SESSION_SUSPEND)
		->revlog_id = id;
	if (queue == 1)
		s->sum.buried++;
	else
		s->sum.suspended++;
	s->have_cur = 0;
	return 0;
}

/* Public (session.h): hide the card until the next day. */
int session_bury(struct session *s)
{
	return session_hide(s, 1);
}

/* Public (session.h): hide the card until unsuspended. */
int session_suspend(struct session *s)
{
	return session_hide(s, 2);
}

/* Forget the card @id wherever the session holds it. */
static void session_forget(struct session *s, int64_t id)
{
	size_t i;

	for (i = 0; i < s->nlearn; i++)
		if (s->learn[i].id == id)
			session_learn_remove(s, i--);
	if (s->have_cur && s->cur.card.id == id) {
		/* shown again after the undone one */
		if (s->cur_from_learn) {
			s->learn = xgrow(s->learn, &s->lalloc, s->nlearn + 1,
					 sizeof(*s->learn));
			s->learn[s->nlearn].id = id;
			s->learn[s->nlearn++].due = s->cur_learn_due;
		} else {
			session_push_front(s, id);
		}
		s->have_cur = 0;
	}
}

/*
 * Public (session.h): revert the newest action in the
 * collection and in the session's counts and order.
 */
int session_undo(struct session *s, const char **what, const char **key)
{
	struct session_undo *u;
	static const char *const names[] = { "grade", "bury", "suspend" };
	int rc;

	if (!s->nundo)
		return 0;
	s->err[0] = '\0';
	u = &s->undo[s->nundo - 1];
	if (u->kind == SESSION_GRADE)
		rc = s->b.ungrade(s->b.ctx, u->card_id, u->revlog_id,
				  &u->before, s->err, sizeof(s->err));
	else
		rc = s->b.set_sched(s->b.ctx, u->card_id, &u->before,
				    u->revlog_id, NULL, s->err,
				    sizeof(s->err));
	if (rc) {
		session_fail(s);
		return -1;
	}
	s->nundo--;
	if (u->kind == SESSION_GRADE) {
		s->sum.reviewed--;
		s->sum.again -= u->rating == 1;
		s->sum.ms -= u->duration_ms;
	} else if (u->kind == SESSION_BURY) {
		s->sum.buried--;
	} else {
		s->sum.suspended--;
	}
	/* the current card goes back to where it came from */
	if (s->have_cur)
		session_forget(s, s->cur.card.id);
	session_forget(s, u->card_id);
	if (u->was_learning) {
		s->learn = xgrow(s->learn, &s->lalloc, s->nlearn + 1,
				 sizeof(*s->learn));
		s->learn[s->nlearn].id = u->card_id;
		s->learn[s->nlearn++].due = u->learn_due;
		/* shown next: make it the earliest and due */
		s->learn[s->nlearn - 1].due = s->b.now(s->b.ctx) - 1;
	} else {
		session_push_front(s, u->card_id);
	}
	if (s->b.load(s->b.ctx, u->card_id, &s->cur, s->err, sizeof(s->err))) {
		session_fail(s);
		return -1;
	}
	snprintf(s->ukey, sizeof(s->ukey), "%s", s->cur.card.key);
	*what = names[u->kind];
	*key = s->ukey;
	return 1;
}

/* Public (session.h): re-import the card's file, reload it. */
int session_reload(struct session *s)
{
	char path[4096], key[256];
	int64_t id;
	int line, rc;

	s->err[0] = '\0';
	if (!s->have_cur || !s->cur.card.source) {
		snprintf(s->err, sizeof(s->err),
			 "this card has no source file");
		return -1;
	}
	snprintf(path, sizeof(path), "%s", s->cur.card.source);
	snprintf(key, sizeof(key), "%s", s->cur.card.key);
	line = s->cur.card.line;
	rc = s->b.reimport(s->b.ctx, path, s->err, sizeof(s->err));
	s->reload_line = rc > 0 ? rc : 0;
	if (rc ||
	    s->b.find(s->b.ctx, key, path, line, &id, s->err,
		      sizeof(s->err)) ||
	    s->b.load(s->b.ctx, id, &s->cur, s->err, sizeof(s->err))) {
		session_fail(s);
		return -1;
	}
	return 0;
}

/* Public (session.h). */
int session_reload_line(const struct session *s)
{
	return s->reload_line;
}

/* Public (session.h): what is left, by kind. */
int session_counts(const struct session *s, int *newc, int *learn,
		   int *review)
{
	size_t l = s->counts[0], r = l + s->counts[1];

	if (!s->have_counts)
		return -1;
	*learn = (int)(s->pos < l ? l - s->pos : 0) + (int)s->nlearn;
	*review = (int)(s->pos < r ? r - (s->pos > l ? s->pos : l) : 0);
	*newc = (int)(s->n - (s->pos > r ? s->pos : r));
	if (s->have_cur) {
		if (s->cur.card.state == 0)
			(*newc)++;
		else if (s->cur.card.state == 2)
			(*review)++;
		else
			(*learn)++;
	}
	return 0;
}

/* Public (session.h): done today and left in the session. */
void session_progress(struct session *s, int *done, int *left)
{
	*done = s->done_before + s->sum.reviewed;
	*left = (int)(s->n - s->pos) + (int)s->nlearn + s->have_cur;
}

/* Public (session.h): the session's counts for the end. */
void session_summary(struct session *s, struct session_summary *out)
{
	int64_t now = s->b.now(s->b.ctx);
	int n = 0;

	*out = s->sum;
	out->left = (int)(s->n - s->pos) + (int)s->nlearn + s->have_cur;
	if (!s->b.due_before(s->b.ctx, s->b.day_start(s->b.ctx, now) +
			     2 * 86400, &n))
		out->due_tomorrow = n;
	out->next_due = 0;
	if (s->b.next_due && s->b.next_due(s->b.ctx, &out->next_due))
		out->next_due = 0;
}
