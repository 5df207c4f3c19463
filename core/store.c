// SPDX-License-Identifier: GPL-2.0
/*
 * store.c - the SQLite collection (see store.h).  The only file with SQL.
 *
 * Every write runs inside BEGIN IMMEDIATE ... COMMIT so a crash or a
 * failure leaves the collection as it was; the review path is one short
 * transaction so a grade shown as done is on disk.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/deck.h"
#include "core/events.h"
#include "core/store.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *card_get;	/* cached: the drill and cards --due call it
				 * once per card */
	struct config cfg;	/* the settings replays use */
	int have_cfg;
	/* an import of events in progress: the subjects it touched */
	struct strmap touched;
	char **tkeys;
	size_t ntkeys, tkalloc;
	sqlite3_stmt *ev_ins, *lab_ins, *sched_upd;
	/* cached: a sync's import replays card after card */
	sqlite3_stmt *key_id, *ev_card, *rl_del, *rl_ins, *rl_old;
};

static const char store_schema_v1[] =
	"CREATE TABLE decks(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL,"
	" path TEXT, meta TEXT);"
	"CREATE TABLE cards(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL,"
	" deck_id INTEGER NOT NULL REFERENCES decks(id), section TEXT,"
	" ord INTEGER, question TEXT NOT NULL, answer TEXT NOT NULL,"
	" level INTEGER, lab TEXT, tags TEXT, source TEXT, line INTEGER,"
	" hash TEXT, retired INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE card_state(card_id INTEGER PRIMARY KEY"
	" REFERENCES cards(id), state INTEGER NOT NULL DEFAULT 0,"
	" step INTEGER NOT NULL DEFAULT 0, due INTEGER, stability REAL,"
	" difficulty REAL, last_review INTEGER,"
	" reps INTEGER NOT NULL DEFAULT 0, lapses INTEGER NOT NULL DEFAULT 0,"
	" queue INTEGER NOT NULL DEFAULT 0, buried_until INTEGER,"
	" leech INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE revlog(id INTEGER PRIMARY KEY, card_id INTEGER NOT NULL"
	" REFERENCES cards(id), time INTEGER NOT NULL, rating INTEGER NOT NULL,"
	" state INTEGER NOT NULL, elapsed_days INTEGER, scheduled_days INTEGER,"
	" stability REAL, difficulty REAL, duration_ms INTEGER);"
	"CREATE TABLE lab_runs(id INTEGER PRIMARY KEY, lab TEXT NOT NULL,"
	" time INTEGER NOT NULL, mode TEXT NOT NULL, verdict TEXT NOT NULL,"
	" duration_ms INTEGER);"
	"CREATE INDEX card_state_due ON card_state(state, due);"
	"CREATE INDEX card_state_new ON card_state(state) WHERE state = 0;"
	"CREATE INDEX revlog_card ON revlog(card_id, time);"
	"CREATE INDEX revlog_time ON revlog(time);"
	"CREATE INDEX cards_order ON cards(source, ord);"
	"CREATE INDEX cards_deck ON cards(deck_id, ord);"
	"CREATE INDEX lab_runs_lab ON lab_runs(lab, time);";

#define STORE_STR_(x) #x
#define STORE_STR(x) STORE_STR_(x)
#define STORE_APP_ID_STR STORE_STR(STORE_APP_ID)

/*
 * The event log (core/events.h, docs/sync.md): events, the source of
 * truth card_state, revlog and lab_runs are replayed from, and local,
 * this collection's own facts (its device id, the sync folder).  The
 * history a collection already holds is adopted as events of its new
 * device: its reviews and lab runs in time order, then a suspend for each
 * suspended card.
 */
static const char store_migrate_events[] =
	"CREATE TABLE events(device TEXT NOT NULL, seq INTEGER NOT NULL,"
	" time INTEGER NOT NULL, kind TEXT NOT NULL, subject TEXT NOT NULL,"
	" rating INTEGER, duration_ms INTEGER, ref INTEGER, mode TEXT,"
	" verdict TEXT, PRIMARY KEY(subject, time, device, seq))"
	" WITHOUT ROWID;"
	"CREATE UNIQUE INDEX events_id ON events(device, seq);"
	"CREATE TABLE local(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"INSERT INTO local VALUES('device', lower(hex(randomblob(6))));"
	"INSERT INTO events(device, seq, time, kind, subject, rating,"
	" duration_ms, mode, verdict)"
	" SELECT (SELECT value FROM local WHERE key = 'device'),"
	" row_number() OVER (ORDER BY t, o, i), t, k, sub, rt, du, mo, ve"
	" FROM (SELECT r.time t, 0 o, r.id i, 'review' k, c.key sub,"
	" r.rating rt, coalesce(r.duration_ms, 0) du, NULL mo, NULL ve"
	" FROM revlog r JOIN cards c ON c.id = r.card_id"
	" UNION ALL SELECT l.time, 1, l.id, 'lab', l.lab, NULL,"
	" coalesce(l.duration_ms, 0), l.mode, l.verdict FROM lab_runs l"
	" UNION ALL SELECT (SELECT coalesce(max(time), 0) + 1 FROM revlog),"
	" 2, s.card_id, 'suspend', c.key, NULL, NULL, NULL, NULL"
	" FROM card_state s JOIN cards c ON c.id = s.card_id"
	" WHERE s.queue = 2);";

/*
 * Version 3 (issue 20, a collection of a million cards): every command
 * reads what it needs through an index instead of every row.
 *  - revlog_card covers what stats reads of a review, in card and time
 *    order: stats walks the index, never the table, and sorts nothing;
 *  - card_state_due covers the queue and buried test: counting the cards
 *    due (the drill's quit) reads no card_state row;
 *  - cards_retired lists the few retired cards, so a count can take
 *    them off instead of looking up every card's flag;
 *  - cards_lab: lab list finds the cards that link to a lab;
 *  - deck_files: what an import saw of each file (size, mtime, hash of
 *    the bytes, live cards), so an unchanged file is not read again.
 */
static const char store_schema_v3[] =
	/* idempotent: a collection set back to an older version by hand
	 * runs it again (SQLite stores the statements without IF ...) */
	"DROP INDEX IF EXISTS revlog_card;"
	"CREATE INDEX revlog_card ON revlog(card_id, time, rating, state,"
	" elapsed_days, duration_ms);"
	"DROP INDEX IF EXISTS card_state_due;"
	"CREATE INDEX card_state_due ON card_state(state, due, queue,"
	" buried_until);"
	"CREATE INDEX IF NOT EXISTS cards_retired ON cards(retired)"
	" WHERE retired = 1;"
	"CREATE INDEX IF NOT EXISTS cards_lab ON cards(lab)"
	" WHERE lab IS NOT NULL;"
	"CREATE TABLE IF NOT EXISTS deck_files(path TEXT PRIMARY KEY,"
	" size INTEGER NOT NULL, mtime INTEGER NOT NULL, hash TEXT NOT NULL,"
	" cards INTEGER NOT NULL);";

/*
 * Version 4 (issue 20: stats in a few hundred milliseconds at 2M reviews):
 * revlog_days, the review log summed per learner day for every review
 * before revlog_days_frame.upto (ms, the start of day upto_day in the
 * frame's time zone and rollover hour: a first review of a day never
 * straddles it), filled by stats (store_days_write()), so that stats
 * reads only the reviews since.  The triggers keep the sums true
 * whoever writes the review log: a row added, removed or changed before
 * upto takes the sums back to the start of that row's day (the days
 * from it on are deleted; a day is 86,400,000 ms in the frame's fixed
 * offset), so a sync that brings yesterday's reviews costs the next
 * stats a day of rows, not all of them; a row more than 10^13 ms (317
 * years) back empties them.  A review appended today, the drill's
 * write, is after upto and costs the WHEN's one-row lookup.
 */
#define STORE_DAYS_BACK(T)						\
	" BEGIN DELETE FROM revlog_days_frame WHERE " T " < upto -"	\
	" 10000000000000;"						\
	" DELETE FROM revlog_days WHERE NOT EXISTS (SELECT 1 FROM"	\
	" revlog_days_frame) OR day >= (SELECT upto_day - (upto - " T	\
	" + 86399999) / 86400000 FROM revlog_days_frame);"		\
	" UPDATE revlog_days_frame SET upto_day = upto_day -"		\
	" (upto - " T " + 86399999) / 86400000, upto = upto -"		\
	" (upto - " T " +"						\
	" 86399999) / 86400000 * 86400000; END;"

static const char store_schema_v4[] =
	"CREATE TABLE IF NOT EXISTS revlog_days(day INTEGER PRIMARY KEY,"
	" reviews INTEGER NOT NULL, young_pass INTEGER NOT NULL,"
	" young_total INTEGER NOT NULL, mature_pass INTEGER NOT NULL,"
	" mature_total INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS revlog_days_frame(id INTEGER PRIMARY KEY"
	" CHECK (id = 1), frame TEXT NOT NULL, upto INTEGER NOT NULL,"
	" upto_day INTEGER NOT NULL);"
	"DROP TRIGGER IF EXISTS revlog_days_ins;"
	"CREATE TRIGGER revlog_days_ins AFTER INSERT ON revlog"
	" WHEN NEW.time < (SELECT upto FROM revlog_days_frame)"
	STORE_DAYS_BACK("NEW.time")
	"DROP TRIGGER IF EXISTS revlog_days_del;"
	"CREATE TRIGGER revlog_days_del AFTER DELETE ON revlog"
	" WHEN OLD.time < (SELECT upto FROM revlog_days_frame)"
	STORE_DAYS_BACK("OLD.time")
	"DROP TRIGGER IF EXISTS revlog_days_upd;"
	"CREATE TRIGGER revlog_days_upd AFTER UPDATE ON revlog"
	" WHEN min(OLD.time, NEW.time) < (SELECT upto FROM revlog_days_frame)"
	STORE_DAYS_BACK("min(OLD.time, NEW.time)");

/* Migrations: entry i takes the schema from version i to i + 1. */
static const char *const store_migrations[STORE_VERSION] = {
	store_schema_v1,
	store_migrate_events,	/* the event log and the device id */
	store_schema_v3,	/* issue 20: indexes for scale, deck_files */
	store_schema_v4,	/* issue 20: revlog_days for stats */
};

static int store_fail(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int store_fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

/* Report the database's last error about @what. */
static int store_dberr(struct store *s, const char *what, char *err,
		       size_t errsz)
{
	int code = sqlite3_errcode(s->db);

	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		return store_fail(err, errsz, "collection '%s' is busy: "
				  "another memdrill is writing it; try again",
				  s->path);
	return store_fail(err, errsz, "cannot %s in collection '%s': %s", what,
			  s->path, sqlite3_errmsg(s->db));
}

static int store_exec(struct store *s, const char *sql, const char *what,
		      char *err, size_t errsz)
{
	if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return store_dberr(s, what, err, errsz);
	return 0;
}

static sqlite3_stmt *store_prep(struct store *s, const char *sql,
				char *err, size_t errsz)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		store_dberr(s, "read", err, errsz);
		return NULL;
	}
	return st;
}

static int store_begin(struct store *s, char *err, size_t errsz)
{
	return store_exec(s, "BEGIN IMMEDIATE", "start a transaction", err,
			  errsz);
}

static int store_commit(struct store *s, char *err, size_t errsz)
{
	if (store_exec(s, "COMMIT", "commit", err, errsz) < 0) {
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
}

static void store_rollback(struct store *s)
{
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
}

static int store_version(struct store *s, int *v, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "PRAGMA user_version", err, errsz);

	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return store_dberr(s, "read the schema version", err, errsz);
	}
	*v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Copy the collection to PATH.bak-vN before migrating it from version N. */
static int store_backup(struct store *s, int v, char *err, size_t errsz)
{
	struct sbuf sql = SBUF_INIT;
	char *q;
	int rc;

	q = sqlite3_mprintf("VACUUM INTO '%q.bak-v%d'", s->path, v);
	sbuf_addstr(&sql, q);
	sqlite3_free(q);
	rc = store_exec(s, sql.buf, "write a backup before migrating", err,
			errsz);
	sbuf_release(&sql);
	return rc;
}

static int store_migrate(struct store *s, char *err, size_t errsz)
{
	struct sbuf sql = SBUF_INIT;
	int v = 0;

	if (store_version(s, &v, err, errsz) < 0)
		return -1;
	if (v > STORE_VERSION)
		return store_fail(err, errsz, "collection '%s' has schema "
				  "version %d, newer than this memdrill "
				  "(%d): upgrade memdrill", s->path, v,
				  STORE_VERSION);
	if (v == STORE_VERSION)
		return 0;
	if (v > 0 && store_backup(s, v, err, errsz) < 0)
		return -1;
	if (store_begin(s, err, errsz) < 0)
		return -1;
	for (; v < STORE_VERSION; v++) {
		sbuf_reset(&sql);
		sbuf_addf(&sql, "%sPRAGMA user_version = %d;",
			  store_migrations[v], v + 1);
		if (store_exec(s, sql.buf, "migrate", err, errsz) < 0) {
			store_rollback(s);
			sbuf_release(&sql);
			return -1;
		}
	}
	sbuf_release(&sql);
	return store_commit(s, err, errsz);
}

/* One integer from @sql, or -1 after reporting. */
static int store_int(struct store *s, const char *sql, long long *v,
		     char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, sql, err, errsz);

	if (!st)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return store_dberr(s, "read", err, errsz);
	}
	*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/*
 * Is the file just opened a collection (store.h)?  Reads only: nothing is
 * written to a file that turns out not to be one.  *@own_id: it already
 * carries STORE_APP_ID.
 */
static int store_identify(struct store *s, int created, off_t size,
			  int *own_id, char *err, size_t errsz)
{
	long long app, v, nobj, ours;

	if (store_int(s, "PRAGMA application_id", &app, err, errsz) < 0 ||
	    store_int(s, "PRAGMA user_version", &v, err, errsz) < 0 ||
	    store_int(s, "SELECT count(*) FROM sqlite_master", &nobj, err,
		      errsz) < 0 ||
	    store_int(s, "SELECT count(*) FROM sqlite_master WHERE type = "
		      "'table' AND name IN ('decks', 'cards', 'card_state', "
		      "'revlog')", &ours, err, errsz) < 0)
		return -1;
	*own_id = app == STORE_APP_ID;
	if (app == STORE_APP_ID || (app == 0 && v >= 1 && ours == 4)) {
		if (v > STORE_VERSION)
			return store_fail(err, errsz, "collection '%s' has "
					  "schema version %lld, newer than "
					  "this memdrill (%d): upgrade "
					  "memdrill", s->path, v,
					  STORE_VERSION);
		return 0;
	}
	if (app == 0 && v == 0 && nobj == 0) {
		if (created)
			return 0;
		if (size == 0)
			return store_fail(err, errsz, "'%s' is an empty file "
					  "memdrill did not create: not a "
					  "collection (left as it is; remove "
					  "it to start a new one)", s->path);
	}
	return store_fail(err, errsz, "'%s' is not a memdrill collection "
			  "(an SQLite database of another program): refused, "
			  "left as it is", s->path);
}

/* Collections up to this size are checked whole before a write. */
#define STORE_CHECK_MAX (8 << 20)

/* PRAGMA quick_check: 0 when it says ok, else -1 with how to recover. */
static int store_check(struct store *s, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "PRAGMA quick_check(1)", err, errsz);
	const unsigned char *t;
	int rc, ok;

	if (!st)
		goto damaged;
	rc = sqlite3_step(st);
	t = rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL;
	ok = t && !strcmp((const char *)t, "ok");
	sqlite3_finalize(st);
	if (ok)
		return 0;
damaged:
	return store_fail(err, errsz, "collection '%s' is damaged (SQLite's "
			  "quick_check fails): nothing written.  Recover it "
			  "into a new file: sqlite3 '%s' .recover | sqlite3 "
			  "new.db, check it, and use new.db (memdrill --db "
			  "new.db, or move it over); or import your decks "
			  "into a new collection and replay the review log "
			  "('memdrill revlog export', 'memdrill sched "
			  "replay')", s->path, s->path);
}

struct store *store_open(const char *path, int flags, char *err,
			 size_t errsz)
{
	struct store *s;
	struct stat sb;
	/*
	 * A connection is only ever used by one thread: no mutex around
	 * each call (stats reads millions of columns: 20% of its time went
	 * to locking).
	 */
	int oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
	int created = 0, own_id = 0;

	if (stat(path, &sb) < 0) {
		if (!(flags & STORE_CREATE)) {
			store_fail(err, errsz, "no collection at '%s': run "
				   "'memdrill import' first", path);
			return NULL;
		}
		if (paths_mkdirs_for(path) < 0) {
			store_fail(err, errsz, "cannot create the folder of "
				   "'%s': %s", path, strerror(errno));
			return NULL;
		}
		oflags |= SQLITE_OPEN_CREATE;
		created = 1;
		sb.st_size = 0;
	}
	s = xcalloc(1, sizeof(*s));
	s->path = xstrdup(path);
	/* one thread uses a store: no locking in each SQLite call */
	if (sqlite3_open_v2(path, &s->db, oflags | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		store_fail(err, errsz, "cannot open collection '%s': %s", path,
			   s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 5000);
	if (store_identify(s, created, sb.st_size, &own_id, err, errsz) < 0)
		goto fail;
	/*
	 * quick_check reads the whole file: 0.5 s at 100,000 cards with
	 * their history, on every drill start and import.  Above
	 * STORE_CHECK_MAX (about 20 ms of checking) it is left out, so that
	 * opening stays flat in the collection's size; SQLite still stops a write that meets a
	 * damaged page (SQLITE_CORRUPT: rolled back, nothing committed).
	 */
	if ((flags & (STORE_WRITE | STORE_CREATE)) && !created &&
	    sb.st_size <= STORE_CHECK_MAX && store_check(s, err, errsz) < 0)
		goto fail;
	if (store_exec(s, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
		       "PRAGMA synchronous=NORMAL;", "open", err, errsz) < 0)
		goto fail;
	if (store_migrate(s, err, errsz) < 0)
		goto fail;
	if (!own_id && store_exec(s, "PRAGMA application_id = "
				  STORE_APP_ID_STR, "mark", err, errsz) < 0)
		goto fail;
	return s;
fail:
	store_close(s);
	return NULL;
}

static void store_touched_release(struct store *s)
{
	size_t i;

	for (i = 0; i < s->ntkeys; i++)
		free(s->tkeys[i]);
	free(s->tkeys);
	s->tkeys = NULL;
	s->ntkeys = s->tkalloc = 0;
	strmap_release(&s->touched);
}

void store_close(struct store *s)
{
	if (!s)
		return;
	sqlite3_finalize(s->card_get);
	sqlite3_finalize(s->ev_ins);
	sqlite3_finalize(s->lab_ins);
	sqlite3_finalize(s->sched_upd);
	sqlite3_finalize(s->key_id);
	sqlite3_finalize(s->ev_card);
	sqlite3_finalize(s->rl_del);
	sqlite3_finalize(s->rl_ins);
	sqlite3_finalize(s->rl_old);
	store_touched_release(s);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

static char *store_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	return t ? xstrdup((const char *)t) : NULL;
}

void store_card_release(struct store_card *c)
{
	free(c->key);
	free(c->deck);
	free(c->section);
	free(c->question);
	free(c->answer);
	free(c->lab);
	free(c->tags);
	free(c->source);
	memset(c, 0, sizeof(*c));
}

/* Columns 0..11 of the sched part, starting at @col. */
#define STORE_SCHED_COLS "s.state, s.step, s.due, s.stability, " \
	"s.difficulty, s.last_review, s.reps, s.lapses, s.queue, " \
	"s.buried_until, s.leech"

static void store_read_sched(sqlite3_stmt *st, int col,
			     struct store_sched *s)
{
	s->state = sqlite3_column_int(st, col);
	s->step = sqlite3_column_int(st, col + 1);
	s->due = sqlite3_column_int64(st, col + 2);
	s->stability = sqlite3_column_double(st, col + 3);
	s->difficulty = sqlite3_column_double(st, col + 4);
	s->last_review = sqlite3_column_int64(st, col + 5);
	s->reps = sqlite3_column_int(st, col + 6);
	s->lapses = sqlite3_column_int(st, col + 7);
	s->queue = sqlite3_column_int(st, col + 8);
	s->buried_until = sqlite3_column_int64(st, col + 9);
	s->leech = sqlite3_column_int(st, col + 10);
}

#define STORE_CARD_COLS "c.id, c.key, d.name, c.section, c.question, " \
	"c.answer, c.lab, c.tags, c.source, c.level, c.line, c.ord, " \
	"c.retired, " STORE_SCHED_COLS
#define STORE_CARD_FROM " FROM cards c JOIN decks d ON d.id = c.deck_id " \
	"JOIN card_state s ON s.card_id = c.id "

static void store_read_card(sqlite3_stmt *st, struct store_card *c,
			    int with_answer)
{
	c->id = sqlite3_column_int64(st, 0);
	c->key = store_text(st, 1);
	c->deck = store_text(st, 2);
	c->section = store_text(st, 3);
	c->question = store_text(st, 4);
	c->answer = with_answer ? store_text(st, 5) : NULL;
	c->lab = store_text(st, 6);
	c->tags = store_text(st, 7);
	c->source = store_text(st, 8);
	c->level = sqlite3_column_int(st, 9);
	c->line = sqlite3_column_int(st, 10);
	c->ord = sqlite3_column_int(st, 11);
	c->retired = sqlite3_column_int(st, 12);
	store_read_sched(st, 13, &c->sched);
}

int store_card_get(struct store *s, int64_t id, struct store_card *c,
		   char *err, size_t errsz)
{
	sqlite3_stmt *st;
	int rc;

	if (!s->card_get)
		s->card_get = store_prep(s, "SELECT " STORE_CARD_COLS
					 STORE_CARD_FROM "WHERE c.id = ?",
					 err, errsz);
	st = s->card_get;
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_read_card(st, c, 1);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return store_fail(err, errsz, "no card with id %lld",
				  (long long)id);
	return store_dberr(s, "read a card", err, errsz);
}

int store_keys_home(struct store *s, const char *const *keys, size_t n,
		    int (*fn)(void *arg, size_t i, const char *source,
			      int line),
		    void *arg, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT source, line FROM cards "
				      "WHERE key = ? AND retired = 0",
				      err, errsz);
	size_t i;
	int rc = SQLITE_DONE, r = 0, own = 0;

	if (!st)
		return -1;
	/* one read transaction, not one per lookup */
	if (sqlite3_get_autocommit(s->db) &&
	    sqlite3_exec(s->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK)
		own = 1;
	for (i = 0; i < n && !r; i++) {
		sqlite3_bind_text(st, 1, keys[i], -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			const char *src = (const char *)
					  sqlite3_column_text(st, 0);

			if (src)
				r = fn(arg, i, src, sqlite3_column_int(st, 1));
			rc = SQLITE_DONE;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (own)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (r)
		return r;
	if (rc != SQLITE_DONE)
		return store_dberr(s, "find a card", err, errsz);
	return 0;
}

/*
 * The least string above every string starting with @key, into @up:
 * @key with trailing 0xff bytes dropped and its last byte incremented;
 * "" (no bound) when nothing is left.
 */
static void store_prefix_end(const char *key, struct sbuf *up)
{
	sbuf_addstr(up, key);
	while (up->len && (unsigned char)up->buf[up->len - 1] == 0xff)
		sbuf_setlen(up, up->len - 1);
	if (up->len)
		up->buf[up->len - 1]++;
}

int store_card_find(struct store *s, const char *key, struct store_card *c,
		    char *err, size_t errsz)
{
	sqlite3_stmt *st;
	struct sbuf seen = SBUF_INIT, up = SBUF_INIT;
	int rc, n = 0;

	/*
	 * Both steps go through the key index: the exact key, else the keys
	 * in [key, the prefix's end) (substr(key, ...) = ?, as before,
	 * could only scan every card).
	 */
	store_prefix_end(key, &up);
	st = store_prep(s, up.len ? "SELECT " STORE_CARD_COLS STORE_CARD_FROM
			"WHERE c.retired = 0 AND c.key = ?1 UNION ALL "
			"SELECT * FROM (SELECT " STORE_CARD_COLS
			STORE_CARD_FROM "WHERE c.retired = 0 AND c.key > ?1 "
			"AND c.key < ?2 ORDER BY c.key LIMIT 6)" :
			"SELECT " STORE_CARD_COLS STORE_CARD_FROM
			"WHERE c.retired = 0 AND c.key >= ?1 "
			"ORDER BY c.key = ?1 DESC, c.key LIMIT 6",
			err, errsz);
	if (!st) {
		sbuf_release(&up);
		return -1;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, up.buf, (int)up.len, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(st, 1);

		if (n == 0) {
			store_read_card(st, c, 1);
			if (!strcmp(k, key)) {
				n = 1;
				break;
			}
		}
		sbuf_addf(&seen, "%s%s", n ? ", " : "", n < 5 ? k : "...");
		n++;
	}
	sqlite3_finalize(st);
	sbuf_release(&up);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		if (n)
			store_card_release(c);
		sbuf_release(&seen);
		return store_dberr(s, "find a card", err, errsz);
	}
	if (n == 1) {
		sbuf_release(&seen);
		return 0;
	}
	if (n == 0)
		store_fail(err, errsz, "no card '%s'", key);
	else
		store_fail(err, errsz, "card prefix '%s' is ambiguous: %s",
			   key, seen.buf);
	if (n > 1)
		store_card_release(c);
	sbuf_release(&seen);
	return -1;
}

int store_cards_each(struct store *s, const struct store_filter *f,
		     int (*fn)(void *arg, const struct store_card *c),
		     void *arg, char *err, size_t errsz)
{
	struct sbuf sql = SBUF_INIT;
	sqlite3_stmt *st;
	int rc, ret = 0;

	/* only the filters given: "?N IS NULL OR" would hide the indexes */
	sbuf_addstr(&sql, "SELECT " STORE_CARD_COLS STORE_CARD_FROM
		    "WHERE c.retired = 0");
	if (f && f->deck)
		sbuf_addstr(&sql, " AND d.name = ?1");
	if (f && f->search)
		sbuf_addstr(&sql, " AND (instr(lower(c.question), lower(?2)) "
			    "OR instr(lower(c.answer), lower(?2)))");
	if (f && f->source)
		sbuf_addstr(&sql, " AND c.source = ?3");
	if (f && f->lab)
		sbuf_addstr(&sql, " AND c.lab = ?4");
	if (!f || !f->unordered)
		sbuf_addstr(&sql, " ORDER BY c.source, c.ord");
	st = store_prep(s, sql.buf, err, errsz);
	sbuf_release(&sql);
	if (!st)
		return -1;
	if (f && f->deck)
		sqlite3_bind_text(st, 1, f->deck, -1, SQLITE_STATIC);
	if (f && f->search)
		sqlite3_bind_text(st, 2, f->search, -1, SQLITE_STATIC);
	if (f && f->source)
		sqlite3_bind_text(st, 3, f->source, -1, SQLITE_STATIC);
	if (f && f->lab)
		sqlite3_bind_text(st, 4, f->lab, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_card c;

		store_read_card(st, &c, f && f->with_text);
		ret = fn(arg, &c);
		store_card_release(&c);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_dberr(s, "list cards", err, errsz);
	sqlite3_finalize(st);
	return ret;
}

/* The stem of @path's base name: "a/03-buddy.md" -> "03-buddy". */
static void store_stem(const char *path, char *out, size_t size)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	snprintf(out, size, "%.*s", (int)(dot && dot != b ? dot - b :
					  (ptrdiff_t)strlen(b)), b);
}

int store_deck_resolve(struct store *s, const char *what, char **title,
		       struct sbuf *names, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT name, path FROM decks "
				      "ORDER BY name", err, errsz);
	char *exact = NULL, *stem = NULL, *sub = NULL;
	int rc, nsub = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *n = (const char *)sqlite3_column_text(st, 0);
		const char *p = (const char *)sqlite3_column_text(st, 1);
		char st_[256];

		if (!n)
			continue;
		store_stem(p ? p : "", st_, sizeof(st_));
		sbuf_addf(names, "%s (%s)\n", n, st_);
		if (!exact && !strcmp(n, what))
			exact = xstrdup(n);
		else if (!stem && !strcmp(st_, what))
			stem = xstrdup(n);
		else if (strcasestr(n, what) || strcasestr(st_, what)) {
			if (!nsub++)
				sub = xstrdup(n);
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(exact);
		free(stem);
		free(sub);
		return store_dberr(s, "read decks", err, errsz);
	}
	*title = exact ? exact : stem ? stem : nsub == 1 ? sub : NULL;
	if (*title != exact)
		free(exact);
	if (*title != stem)
		free(stem);
	if (*title != sub)
		free(sub);
	return *title ? 1 : nsub > 1 ? 2 : 0;
}

int store_deck_exists(struct store *s, const char *deck, char *err,
		      size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM decks WHERE name = ?",
				      err, errsz);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, deck, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_dberr(s, "read decks", err, errsz);
}

/* ---- import ---------------------------------------------------------- */

/* A set of card ids (open addressing; ids are > 0, 0 marks a free slot). */
struct store_idset {
	int64_t *slot;
	size_t size, n;
};

static size_t store_idset_pos(const struct store_idset *set, int64_t id)
{
	size_t i = (size_t)((uint64_t)id * 0x9e3779b97f4a7c15ULL) &
		   (set->size - 1);

	while (set->slot[i] && set->slot[i] != id)
		i = (i + 1) & (set->size - 1);
	return i;
}

static int store_idset_has(const struct store_idset *set, int64_t id)
{
	return set->size && set->slot[store_idset_pos(set, id)] == id;
}

static void store_idset_add(struct store_idset *set, int64_t id)
{
	size_t i;

	if (2 * (set->n + 1) > set->size) {
		struct store_idset big = { NULL, set->size ? 2 * set->size :
					   1024, 0 };

		big.slot = xcalloc(big.size, sizeof(*big.slot));
		for (i = 0; i < set->size; i++)
			if (set->slot[i])
				big.slot[store_idset_pos(&big,
					set->slot[i])] = set->slot[i];
		big.n = set->n;
		free(set->slot);
		*set = big;
	}
	i = store_idset_pos(set, id);
	if (!set->slot[i]) {
		set->slot[i] = id;
		set->n++;
	}
}

/*
 * One import: a transaction, the statements it repeats, the cards seen
 * so far (a card is looked up by key through the key index: nothing is
 * read of the cards of files that are not imported), the cards of the
 * imported files that were not seen in them (retired at the end unless a
 * later file takes them), and the files skipped as unchanged.
 */
struct store_import {
	struct store *s;
	struct store_import_stats *st;
	struct store_idset seen;
	int64_t *unseen;
	size_t nunseen, ualloc;
	struct strmap skipped;		/* source -> 0 */
	char **skipped_names;
	size_t nskipped, kalloc;
	sqlite3_stmt *find, *ins_card, *ins_state, *upd_card, *upd_where;
	sqlite3_stmt *deck_get, *deck_ins, *deck_upd;
	sqlite3_stmt *file_get, *file_put, *file_del, *of_source;
	int64_t first_new;		/* the first card id this import adds */
};

/* What the collection holds for one key. */
struct store_known {
	int64_t id;
	char hash[17];
	const char *source;	/* valid until the next lookup */
	int line, ord, retired;
};

/* Look @key up: 1 found (into @k), 0 not, -1 error. */
static int store_known_find(struct store_import *im, const char *key,
			    struct store_known *k, char *err, size_t errsz)
{
	sqlite3_stmt *st = im->find;
	const char *h;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return store_dberr(im->s, "read cards", err, errsz);
	k->id = sqlite3_column_int64(st, 0);
	h = (const char *)sqlite3_column_text(st, 1);
	snprintf(k->hash, sizeof(k->hash), "%s", h ? h : "");
	k->source = (const char *)sqlite3_column_text(st, 2);
	k->line = sqlite3_column_int(st, 3);
	k->ord = sqlite3_column_int(st, 4);
	k->retired = sqlite3_column_int(st, 5);
	return 1;
}

static int store_step_done(struct store *s, sqlite3_stmt *st,
			   const char *what, char *err, size_t errsz)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_dberr(s, what, err, errsz);
	return 0;
}

/*
 * The id of deck @d, inserting its row when new.  A later import of the
 * file that made the row refreshes its preamble (meta); files that only
 * share the title leave the row alone.
 */
static int store_deck_id(struct store_import *im, const struct deck *d,
			 const char *source, int64_t *id, char *err,
			 size_t errsz)
{
	sqlite3_stmt *st = im->deck_get;
	int rc;

	sqlite3_bind_text(st, 1, d->title, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW) {
		/* the file that made the row brings its preamble up to date */
		st = im->deck_upd;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_text(st, 2, d->meta, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, source, -1, SQLITE_STATIC);
		return store_step_done(im->s, st, "update a deck", err,
				       errsz);
	}
	if (rc != SQLITE_DONE)
		return store_dberr(im->s, "read decks", err, errsz);
	st = im->deck_ins;
	sqlite3_bind_text(st, 1, d->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, d->meta, -1, SQLITE_STATIC);
	if (store_step_done(im->s, st, "add a deck", err, errsz) < 0)
		return -1;
	*id = sqlite3_last_insert_rowid(im->s->db);
	return 0;
}

/* Bind the card columns shared by insert and update (params 1..12). */
static void store_bind_card(sqlite3_stmt *st, const struct deck_card *c,
			    int64_t deck_id, const char *source, int ord,
			    const char *hash)
{
	sqlite3_bind_text(st, 1, c->key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, deck_id);
	sqlite3_bind_text(st, 3, c->section, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, ord);
	sqlite3_bind_text(st, 5, c->question, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, c->answer, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 7, c->level);
	sqlite3_bind_text(st, 8, c->lab, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, c->tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, source, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 11, c->line);
	sqlite3_bind_text(st, 12, hash, -1, SQLITE_STATIC);
}

/* Forget the deck_files row of @path (its cards changed elsewhere). */
static int store_file_forget(struct store_import *im, const char *path,
			     char *err, size_t errsz)
{
	sqlite3_bind_text(im->file_del, 1, path, -1, SQLITE_TRANSIENT);
	return store_step_done(im->s, im->file_del, "forget a deck file", err,
			       errsz);
}

static int store_import_card(struct store_import *im,
			     const struct deck_card *c, int64_t deck_id,
			     const char *source, int ord, char *err,
			     size_t errsz)
{
	struct store_known k;
	char hash[17];
	int rc = store_known_find(im, c->key, &k, err, errsz);

	if (rc < 0)
		return -1;
	snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)c->hash);
	if (!rc) {
		int64_t id;

		store_bind_card(im->ins_card, c, deck_id, source, ord, hash);
		if (store_step_done(im->s, im->ins_card, "add a card", err,
				    errsz) < 0)
			return -1;
		id = sqlite3_last_insert_rowid(im->s->db);
		store_idset_add(&im->seen, id);
		sqlite3_bind_int64(im->ins_state, 1, id);
		im->st->added++;
		return store_step_done(im->s, im->ins_state, "add a card",
				       err, errsz);
	}
	if (store_idset_has(&im->seen, k.id))
		return store_fail(err, errsz, "card '%s' appears twice",
				  c->key);
	/* a file skipped as unchanged still holds it: the same card twice */
	if (!k.retired && k.source && strcmp(k.source, source) &&
	    strmap_get(&im->skipped, k.source, strlen(k.source), NULL))
		return store_fail(err, errsz, "%s:%d: duplicate key '%s' "
				  "(first at %s:%d)", source, c->line, c->key,
				  k.source, k.line);
	store_idset_add(&im->seen, k.id);
	if (!k.retired && !strcmp(k.hash, hash) && k.source &&
	    !strcmp(k.source, source)) {
		im->st->unchanged++;
		sqlite3_reset(im->find);
		if (k.line == c->line && k.ord == ord)
			return 0;
		sqlite3_bind_int(im->upd_where, 1, c->line);
		sqlite3_bind_int(im->upd_where, 2, ord);
		sqlite3_bind_int64(im->upd_where, 3, k.id);
		return store_step_done(im->s, im->upd_where, "move a card",
				       err, errsz);
	}
	if (k.source && strcmp(k.source, source) &&
	    store_file_forget(im, k.source, err, errsz) < 0)
		return -1;
	sqlite3_reset(im->find);
	if (k.retired)
		im->st->revived++;
	else
		im->st->updated++;
	store_bind_card(im->upd_card, c, deck_id, source, ord, hash);
	sqlite3_bind_int64(im->upd_card, 13, k.id);
	return store_step_done(im->s, im->upd_card, "update a card", err,
			       errsz);
}

/* Note the live cards of @source that its import did not see. */
static int store_import_unseen(struct store_import *im, const char *source,
			       char *err, size_t errsz)
{
	sqlite3_stmt *st = im->of_source;
	int rc;

	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);

		if (store_idset_has(&im->seen, id))
			continue;
		im->unseen = xgrow(im->unseen, &im->ualloc, im->nunseen + 1,
				   sizeof(*im->unseen));
		im->unseen[im->nunseen++] = id;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_dberr(im->s, "read cards", err, errsz);
	return 0;
}

/* Retire the cards of the imported files that no file took. */
static int store_import_retire(struct store_import *im, char *err,
			       size_t errsz)
{
	sqlite3_stmt *st = store_prep(im->s, "UPDATE cards SET retired = 1 "
				      "WHERE id = ?", err, errsz);
	size_t i;
	int rc = 0;

	if (!st)
		return -1;
	for (i = 0; i < im->nunseen && !rc; i++) {
		if (store_idset_has(&im->seen, im->unseen[i]))
			continue;	/* a later file took it */
		sqlite3_bind_int64(st, 1, im->unseen[i]);
		rc = store_step_done(im->s, st, "retire a card", err, errsz);
		im->st->retired++;
	}
	sqlite3_finalize(st);
	return rc;
}

static void store_import_free(struct store_import *im)
{
	size_t i;

	free(im->seen.slot);
	free(im->unseen);
	strmap_release(&im->skipped);
	for (i = 0; i < im->nskipped; i++)
		free(im->skipped_names[i]);
	free(im->skipped_names);
	sqlite3_finalize(im->find);
	sqlite3_finalize(im->ins_card);
	sqlite3_finalize(im->ins_state);
	sqlite3_finalize(im->upd_card);
	sqlite3_finalize(im->upd_where);
	sqlite3_finalize(im->deck_get);
	sqlite3_finalize(im->deck_ins);
	sqlite3_finalize(im->deck_upd);
	sqlite3_finalize(im->file_get);
	sqlite3_finalize(im->file_put);
	sqlite3_finalize(im->file_del);
	sqlite3_finalize(im->of_source);
	free(im);
}

static int store_import_prepare(struct store_import *im, char *err,
				size_t errsz)
{
	struct store *s = im->s;

	im->find = store_prep(s, "SELECT id, hash, source, line, ord, "
			      "retired FROM cards WHERE key = ?", err, errsz);
	im->ins_card = store_prep(s, "INSERT INTO cards(key, deck_id, "
				  "section, ord, question, answer, level, lab, "
				  "tags, source, line, hash) VALUES(?1, ?2, "
				  "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
				  err, errsz);
	im->ins_state = store_prep(s, "INSERT INTO card_state(card_id) "
				   "VALUES(?)", err, errsz);
	im->upd_card = store_prep(s, "UPDATE cards SET key = ?1, deck_id = ?2,"
				  " section = ?3, ord = ?4, question = ?5, "
				  "answer = ?6, level = ?7, lab = ?8, "
				  "tags = ?9, source = ?10, line = ?11, "
				  "hash = ?12, retired = 0 WHERE id = ?13",
				  err, errsz);
	im->upd_where = store_prep(s, "UPDATE cards SET line = ?1, ord = ?2 "
				   "WHERE id = ?3", err, errsz);
	im->deck_get = store_prep(s, "SELECT id FROM decks WHERE name = ?",
				  err, errsz);
	im->deck_ins = store_prep(s, "INSERT INTO decks(name, path, meta) "
				  "VALUES(?, ?, ?)", err, errsz);
	im->deck_upd = store_prep(s, "UPDATE decks SET meta = ?2 "
				  "WHERE id = ?1 AND path = ?3 "
				  "AND meta IS NOT ?2", err, errsz);
	im->file_get = store_prep(s, "SELECT size, mtime, hash, cards FROM "
				  "deck_files WHERE path = ?", err, errsz);
	im->file_put = store_prep(s, "INSERT OR REPLACE INTO deck_files(path, "
				  "size, mtime, hash, cards) VALUES(?, ?, ?, "
				  "?, ?)", err, errsz);
	im->file_del = store_prep(s, "DELETE FROM deck_files WHERE path = ?",
				  err, errsz);
	im->of_source = store_prep(s, "SELECT id FROM cards WHERE "
				   "source = ? AND retired = 0", err, errsz);
	if (!im->find || !im->ins_card || !im->ins_state || !im->upd_card ||
	    !im->upd_where || !im->deck_get || !im->deck_ins ||
	    !im->deck_upd || !im->file_get || !im->file_put ||
	    !im->file_del || !im->of_source)
		return -1;
	return 0;
}

static int store_replay_key(struct store *s, const char *key,
			    struct store_sched *after,
			    struct events_result *res, char *err,
			    size_t errsz);
static int store_int_query(struct store *s, const char *sql, const char *p1,
			   const char *p2, int64_t *v, char *err,
			   size_t errsz);

/*
 * Replay the cards added from @first_new on that have events already (a
 * sync brought them in before their deck): they start with their history.
 */
static int store_import_replay(struct store *s, int64_t first_new,
			       char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT c.key FROM cards c WHERE "
				      "c.id >= ? AND EXISTS (SELECT 1 FROM "
				      "events e WHERE e.subject = c.key AND "
				      "e.kind <> 'lab')", err, errsz);
	char **keys = NULL;
	size_t n = 0, alloc = 0, i;
	int rc, ret = 0;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, first_new);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		keys = xgrow(keys, &alloc, n + 1, sizeof(*keys));
		keys[n++] = store_text(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		ret = store_dberr(s, "read the event log", err, errsz);
	for (i = 0; i < n; i++) {
		if (!ret && keys[i])
			ret = store_replay_key(s, keys[i], NULL, NULL, err,
					       errsz);
		free(keys[i]);
	}
	free(keys);
	return ret;
}

struct store_import *store_import_begin(struct store *s,
					struct store_import_stats *st,
					char *err, size_t errsz)
{
	struct store_import *im = xcalloc(1, sizeof(*im));

	im->s = s;
	im->st = st;
	memset(st, 0, sizeof(*st));
	if (store_begin(s, err, errsz) < 0) {
		store_import_free(im);
		return NULL;
	}
	if (store_int_query(s, "SELECT coalesce(max(id), 0) + 1 FROM cards "
			    "WHERE ?1 IS NOT NULL", "", NULL, &im->first_new,
			    err, errsz) < 0 ||
	    store_import_prepare(im, err, errsz) < 0) {
		store_import_free(im);
		store_rollback(s);
		return NULL;
	}
	return im;
}

int store_import_file(struct store_import *im, const char *source,
		      struct store_file *f, char *err, size_t errsz)
{
	sqlite3_stmt *st = im->file_get;
	int rc;

	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *h = (const char *)sqlite3_column_text(st, 2);

		f->size = sqlite3_column_int64(st, 0);
		f->mtime = sqlite3_column_int64(st, 1);
		f->hash = h ? strtoull(h, NULL, 16) : 0;
		f->cards = sqlite3_column_int(st, 3);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return store_dberr(im->s, "read deck files", err, errsz);
}

/* Write @f as the deck_files row of @source. */
static int store_file_put(struct store_import *im, const char *source,
			  const struct store_file *f, char *err, size_t errsz)
{
	sqlite3_stmt *st = im->file_put;
	char hash[17];

	snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)f->hash);
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->size);
	sqlite3_bind_int64(st, 3, f->mtime);
	sqlite3_bind_text(st, 4, hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 5, f->cards);
	return store_step_done(im->s, st, "record a deck file", err, errsz);
}

int store_import_holder(struct store_import *im, const char *key,
			char **source, int *line, char *err, size_t errsz)
{
	struct store_known k;
	int rc = store_known_find(im, key, &k, err, errsz);

	if (rc <= 0)
		return rc;
	rc = !k.retired && k.source;
	if (rc) {
		*source = xstrdup(k.source);
		*line = k.line;
	}
	sqlite3_reset(im->find);
	return rc;
}

int store_import_skip(struct store_import *im, const char *source,
		      const struct store_file *f, char *err, size_t errsz)
{
	struct store_file old;
	int rc = store_import_file(im, source, &old, err, errsz);
	char *name;

	if (rc < 0)
		return -1;
	if (!rc)
		return store_fail(err, errsz, "deck file '%s' was never "
				  "imported", source);
	im->st->unchanged += old.cards;
	name = xstrdup(source);
	im->skipped_names = xgrow(im->skipped_names, &im->kalloc,
				  im->nskipped + 1,
				  sizeof(*im->skipped_names));
	im->skipped_names[im->nskipped] = name;
	strmap_put(&im->skipped, name, strlen(name), im->nskipped++);
	if (f)
		return store_file_put(im, source, f, err, errsz);
	return 0;
}

int store_import_deck(struct store_import *im, const struct deck *d,
		      const char *source, const struct store_file *f,
		      char *err, size_t errsz)
{
	int64_t deck_id = 0;
	size_t j;

	if (store_deck_id(im, d, source, &deck_id, err, errsz) < 0)
		return -1;
	for (j = 0; j < d->ncards; j++)
		if (store_import_card(im, &d->cards[j], deck_id, source,
				      (int)j, err, errsz) < 0)
			return -1;
	if (store_import_unseen(im, source, err, errsz) < 0)
		return -1;
	if (!f)
		return store_file_forget(im, source, err, errsz);
	return store_file_put(im, source, f, err, errsz);
}

int store_import_end(struct store_import *im, int commit, char *err,
		     size_t errsz)
{
	struct store *s = im->s;
	int rc = commit ? store_import_retire(im, err, errsz) : -1;

	if (!rc)
		rc = store_import_replay(s, im->first_new, err, errsz);
	store_import_free(im);
	if (rc < 0) {
		store_rollback(s);
		return commit ? -1 : 0;
	}
	return store_commit(s, err, errsz);
}

int store_import(struct store *s, const struct deck *decks,
		 const char *const *sources, size_t n,
		 struct store_import_stats *st, char *err, size_t errsz)
{
	struct store_import *im = store_import_begin(s, st, err, errsz);
	size_t i;

	if (!im)
		return -1;
	for (i = 0; i < n; i++)
		if (store_import_deck(im, &decks[i], sources[i], NULL, err,
				      errsz) < 0) {
			store_import_end(im, 0, err, errsz);
			return -1;
		}
	return store_import_end(im, 1, err, errsz);
}

/* ---- scheduling state and the review log ----------------------------- */

int store_sched_get(struct store *s, int64_t card_id, struct store_sched *ss,
		    char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT " STORE_SCHED_COLS
				      " FROM card_state s WHERE card_id = ?",
				      err, errsz);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, card_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		store_read_sched(st, 0, ss);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return store_fail(err, errsz, "no card with id %lld",
				  (long long)card_id);
	return store_dberr(s, "read a card's state", err, errsz);
}

/* Write @ss as card @card_id's state (inside a transaction). */
static int store_sched_write(struct store *s, int64_t card_id,
			     const struct store_sched *ss, char *err,
			     size_t errsz)
{
	sqlite3_stmt *st;
	int rc;

	if (!s->sched_upd)
		s->sched_upd = store_prep(s, "UPDATE card_state SET state = ?,"
					  " step = ?, due = ?, stability = ?, "
					  "difficulty = ?, last_review = ?, "
					  "reps = ?, lapses = ?, queue = ?, "
					  "buried_until = ?, leech = ? "
					  "WHERE card_id = ?", err, errsz);
	st = s->sched_upd;
	if (!st)
		return -1;
	sqlite3_bind_int(st, 1, ss->state);
	sqlite3_bind_int(st, 2, ss->step);
	if (ss->due)
		sqlite3_bind_int64(st, 3, ss->due);
	sqlite3_bind_double(st, 4, ss->stability);
	sqlite3_bind_double(st, 5, ss->difficulty);
	if (ss->last_review)
		sqlite3_bind_int64(st, 6, ss->last_review);
	sqlite3_bind_int(st, 7, ss->reps);
	sqlite3_bind_int(st, 8, ss->lapses);
	sqlite3_bind_int(st, 9, ss->queue);
	if (ss->buried_until)
		sqlite3_bind_int64(st, 10, ss->buried_until);
	sqlite3_bind_int(st, 11, ss->leech);
	sqlite3_bind_int64(st, 12, card_id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE)
		return store_dberr(s, "write a card's state", err, errsz);
	if (!sqlite3_changes(s->db))
		return store_fail(err, errsz, "no card with id %lld",
				  (long long)card_id);
	return 0;
}

int store_sched_put(struct store *s, int64_t card_id,
		    const struct store_sched *ss, char *err, size_t errsz)
{
	if (store_begin(s, err, errsz) < 0)
		return -1;
	if (store_sched_write(s, card_id, ss, err, errsz) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err, errsz);
}

int store_revlog_each(struct store *s,
		      int (*fn)(void *arg, const char *key,
				const struct store_review *r),
		      void *arg, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT r.id, r.card_id, r.time, "
				      "r.rating, r.state, r.elapsed_days, "
				      "r.scheduled_days, r.stability, "
				      "r.difficulty, r.duration_ms, c.key "
				      "FROM revlog r JOIN cards c ON "
				      "c.id = r.card_id ORDER BY r.time, r.id",
				      err, errsz);
	int rc, ret = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_review r = {
			.id = sqlite3_column_int64(st, 0),
			.card_id = sqlite3_column_int64(st, 1),
			.time_ms = sqlite3_column_int64(st, 2),
			.rating = sqlite3_column_int(st, 3),
			.state = sqlite3_column_int(st, 4),
			.elapsed_days = sqlite3_column_int(st, 5),
			.scheduled_days = sqlite3_column_int(st, 6),
			.stability = sqlite3_column_double(st, 7),
			.difficulty = sqlite3_column_double(st, 8),
			.duration_ms = sqlite3_column_int64(st, 9),
		};

		ret = fn(arg, (const char *)sqlite3_column_text(st, 10), &r);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_dberr(s, "read the review log", err, errsz);
	sqlite3_finalize(st);
	return ret;
}

int store_revlog_by_card(struct store *s, int64_t since_ms,
			 int (*fn)(void *arg, const struct store_review *r),
			 void *arg, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, since_ms == INT64_MIN ?
				      "SELECT card_id, time, rating, "
				      "state, elapsed_days, duration_ms "
				      "FROM revlog INDEXED BY revlog_card "
				      "ORDER BY card_id, time" :
				      "SELECT card_id, time, rating, "
				      "state, elapsed_days, duration_ms "
				      "FROM revlog INDEXED BY revlog_time "
				      "WHERE time >= ?1 ORDER BY card_id, "
				      "time, rating, state, elapsed_days, "
				      "duration_ms, id", err, errsz);
	int rc, ret = 0;

	if (!st)
		return -1;
	if (since_ms != INT64_MIN)
		sqlite3_bind_int64(st, 1, since_ms);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_review r = {
			.card_id = sqlite3_column_int64(st, 0),
			.time_ms = sqlite3_column_int64(st, 1),
			.rating = sqlite3_column_int(st, 2),
			.state = sqlite3_column_int(st, 3),
			.elapsed_days = sqlite3_column_int(st, 4),
			.duration_ms = sqlite3_column_int64(st, 5),
		};

		ret = fn(arg, &r);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_dberr(s, "read the review log", err, errsz);
	sqlite3_finalize(st);
	return ret;
}

int store_revlog_first(struct store *s, int64_t *t, char *err, size_t errsz)
{
	long long v;

	if (store_int(s, "SELECT coalesce(min(time), 9223372036854775807) "
		      "FROM revlog", &v, err, errsz) < 0)
		return -1;
	*t = v;
	return 0;
}

int store_days_read(struct store *s, const char *frame, int64_t *upto,
		    int64_t *upto_day, int64_t *version,
		    int (*fn)(void *arg, const struct store_day *d), void *arg,
		    char *err, size_t errsz)
{
	sqlite3_stmt *st;
	long long v;
	int rc, ret = 0;

	*upto = INT64_MIN;
	*upto_day = 0;
	st = store_prep(s, "SELECT upto, upto_day FROM revlog_days_frame "
			"WHERE frame = ?", err, errsz);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, frame, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*upto = sqlite3_column_int64(st, 0);
		*upto_day = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(s, "read the review log's days", err,
				   errsz);
	/* after a read: the snapshot is taken */
	if (store_int(s, "PRAGMA data_version", &v, err, errsz) < 0)
		return -1;
	*version = v;
	if (*upto == INT64_MIN)
		return 0;
	/*
	 * Sums that cannot be stats' (edited by hand): not used, so the
	 * caller reads every review and writes them again.  The bounds keep
	 * every figure and day arithmetic far from overflowing an int.
	 */
	if (store_int(s, "SELECT count(*) FROM revlog_days WHERE NOT (typeof("
		      "day) = 'integer' AND day BETWEEN -10000000 AND 10000000"
		      " AND reviews BETWEEN 0 AND 1000000000 AND young_pass "
		      "BETWEEN 0 AND young_total AND mature_pass BETWEEN 0 AND "
		      "mature_total AND young_total + mature_total <= reviews)"
		      " OR (SELECT total(reviews) FROM revlog_days) > 1e9", &v,
		      err, errsz) < 0)
		return -1;
	if (v) {
		*upto = INT64_MIN;
		return 0;
	}
	st = store_prep(s, "SELECT day, reviews, young_pass, young_total, "
			"mature_pass, mature_total FROM revlog_days ORDER BY "
			"day", err, errsz);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_day d = {
			.day = sqlite3_column_int64(st, 0),
			.reviews = sqlite3_column_int(st, 1),
			.young_pass = sqlite3_column_int(st, 2),
			.young_total = sqlite3_column_int(st, 3),
			.mature_pass = sqlite3_column_int(st, 4),
			.mature_total = sqlite3_column_int(st, 5),
		};

		ret = fn(arg, &d);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_dberr(s, "read the review log's days", err, errsz);
	sqlite3_finalize(st);
	return ret;
}

/* Inside store_days_write()'s transaction: the sums, then their end. */
static int store_days_put(struct store *s, const char *frame, int64_t upto,
			  int64_t new_upto, int64_t new_day,
			  const struct store_day *d,
			  size_t n, char *err, size_t errsz)
{
	sqlite3_stmt *st;
	size_t i;

	if (upto == INT64_MIN &&
	    store_exec(s, "DELETE FROM revlog_days", "reset the review "
		       "log's days", err, errsz) < 0)
		return -1;
	st = store_prep(s, "INSERT INTO revlog_days VALUES(?, ?, ?, ?, ?, ?)"
			" ON CONFLICT(day) DO UPDATE SET reviews = reviews + "
			"excluded.reviews, young_pass = young_pass + "
			"excluded.young_pass, young_total = young_total + "
			"excluded.young_total, mature_pass = mature_pass + "
			"excluded.mature_pass, mature_total = mature_total + "
			"excluded.mature_total", err, errsz);
	if (!st)
		return -1;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(st, 1, d[i].day);
		sqlite3_bind_int(st, 2, d[i].reviews);
		sqlite3_bind_int(st, 3, d[i].young_pass);
		sqlite3_bind_int(st, 4, d[i].young_total);
		sqlite3_bind_int(st, 5, d[i].mature_pass);
		sqlite3_bind_int(st, 6, d[i].mature_total);
		if (store_step_done(s, st, "write the review log's days", err,
				    errsz) < 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	sqlite3_finalize(st);
	st = store_prep(s, "INSERT OR REPLACE INTO revlog_days_frame "
			"VALUES(1, ?, ?, ?)", err, errsz);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, frame, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, new_upto);
	sqlite3_bind_int64(st, 3, new_day);
	if (store_step_done(s, st, "write the review log's days", err,
			    errsz) < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int store_days_write(struct store *s, const char *frame, int64_t upto,
		     int64_t new_upto, int64_t new_day, int64_t version,
		     const struct store_day *d, size_t n, char *err,
		     size_t errsz)
{
	long long v;
	int rc;

	/* a cache: never wait long for a drill or a sync that writes */
	sqlite3_busy_timeout(s->db, 200);
	rc = sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	sqlite3_busy_timeout(s->db, 5000);
	if (rc == SQLITE_BUSY)
		return 1;
	if (rc != SQLITE_OK)
		return store_dberr(s, "start a transaction", err, errsz);
	/*
	 * data_version moves when another connection commits: then rows
	 * after @upto may have come that the caller did not see (the
	 * triggers only guard the rows before it).
	 */
	if (store_int(s, "PRAGMA data_version", &v, err, errsz) < 0)
		goto fail;
	if (v != version) {
		store_rollback(s);
		return 1;
	}
	if (store_days_put(s, frame, upto, new_upto, new_day, d, n, err,
			   errsz) < 0)
		goto fail;
	return store_commit(s, err, errsz);
fail:
	store_rollback(s);
	return -1;
}

int store_reviews_since(struct store *s, const char *deck, int64_t since_ms,
			int state, int *n, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT count(*) FROM revlog r "
				      "WHERE r.time >= ?1 AND (?2 < 0 OR "
				      "r.state = ?2) AND (?3 IS NULL OR "
				      "r.card_id IN (SELECT c.id FROM cards c "
				      "JOIN decks d ON d.id = c.deck_id "
				      "WHERE d.name = ?3))", err, errsz);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, since_ms);
	sqlite3_bind_int(st, 2, state);
	if (deck)
		sqlite3_bind_text(st, 3, deck, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : store_dberr(s, "count reviews", err,
						   errsz);
}

/* ---- today's candidates ---------------------------------------------- */

/*
 * The WHERE and ORDER BY of each pick kind; ?2 now, ?3 until.  Each is
 * one range of card_state_due (or card_state_new), in index order: ties
 * of due are in card_state's rowid (card_id) order, so nothing is sorted
 * and a LIMIT stops the walk early.
 */
static const char *const store_pick_sql[] = {
	[STORE_PICK_LEARNING] = "s.state IN (1, 3) AND s.due <= ?3 "
		"ORDER BY s.due, s.card_id",
	[STORE_PICK_REVIEW] = "s.state = 2 AND s.due < ?3 "
		"ORDER BY s.due, s.card_id",
	[STORE_PICK_NEW] = "s.state = 0 ORDER BY s.card_id",
};

#define STORE_PICK_QUEUE "(s.queue = 0 OR (s.queue = 1 AND " \
	"s.buried_until <= ?2)) AND "

static sqlite3_stmt *store_pick_prep(struct store *s, int kind, int count,
				     const char *deck, int64_t now,
				     int64_t until, char *err, size_t errsz)
{
	struct sbuf sql = SBUF_INIT, cond = SBUF_INIT;
	sqlite3_stmt *st;
	char *o;

	sbuf_addstr(&cond, STORE_PICK_QUEUE);
	sbuf_addstr(&cond, store_pick_sql[kind]);
	if (count) {
		o = strstr(cond.buf, " ORDER BY");
		sbuf_setlen(&cond, (size_t)(o - cond.buf));
	}
	if (count && !deck)
		/*
		 * Count in card_state_due alone (it covers every column of
		 * the condition), less the retired cards that match: a few,
		 * through cards_retired (CROSS JOIN keeps them the outer
		 * loop).  A join would look up every due card's row.
		 */
		sbuf_addf(&sql, "SELECT (SELECT count(*) FROM card_state s "
			  "WHERE %s) - (SELECT count(*) FROM cards c CROSS "
			  "JOIN card_state s ON s.card_id = c.id WHERE "
			  "c.retired = 1 AND %s)", cond.buf, cond.buf);
	else if (!deck)
		/*
		 * The same for the ids: card_state_due alone, the retired
		 * ones (a list made once from cards_retired) left out.  A
		 * join read each candidate's cards row: 10,000 learning
		 * cards of a million-card collection were 17,000 page reads
		 * (58 -> 10 ms).
		 */
		sbuf_addf(&sql, "SELECT s.card_id FROM card_state s WHERE "
			  "s.card_id NOT IN (SELECT id FROM cards WHERE "
			  "retired = 1) AND %s", cond.buf);
	else
		sbuf_addf(&sql, "SELECT %s FROM card_state s JOIN cards c ON "
			  "c.id = s.card_id WHERE c.retired = 0 AND "
			  "c.deck_id = (SELECT id FROM decks WHERE name = ?1) "
			  "AND %s", count ? "count(*)" : "s.card_id",
			  cond.buf);
	st = store_prep(s, sql.buf, err, errsz);
	sbuf_release(&sql);
	sbuf_release(&cond);
	if (!st)
		return NULL;
	if (deck)
		sqlite3_bind_text(st, 1, deck, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_int64(st, 3, until);
	return st;
}

int store_pick(struct store *s, int kind, const char *deck, int64_t now,
	       int64_t until, int limit, int64_t **ids, size_t *n,
	       char *err, size_t errsz)
{
	sqlite3_stmt *st = store_pick_prep(s, kind, 0, deck, now, until, err,
					   errsz);
	size_t alloc = *n;
	int rc = SQLITE_DONE, got = 0;

	if (!st)
		return -1;
	while ((limit < 0 || got < limit) &&
	       (rc = sqlite3_step(st)) == SQLITE_ROW) {
		*ids = xgrow(*ids, &alloc, *n + 1, sizeof(**ids));
		(*ids)[(*n)++] = sqlite3_column_int64(st, 0);
		got++;
	}
	if (limit >= 0 && got >= limit)
		rc = SQLITE_DONE;
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_dberr(s, "read today's cards", err, errsz);
	return 0;
}

int store_pick_count(struct store *s, int kind, const char *deck,
		     int64_t now, int64_t until, int *n, char *err,
		     size_t errsz)
{
	sqlite3_stmt *st = store_pick_prep(s, kind, 1, deck, now, until, err,
					   errsz);
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return store_dberr(s, "count today's cards", err, errsz);
	return 0;
}

/*
 * The earliest due time, walking each state's range of card_state_due in
 * due order: a card's time is its due, or its bury's end when later, so
 * once a due is past the best time found nothing after it can beat it
 * (a min() over every card read them all: 40 ms at 100,000 cards).
 */
int store_next_due(struct store *s, int64_t *due, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT s.due, s.queue, "
				      "s.buried_until, c.retired FROM "
				      "card_state s JOIN cards c ON c.id = "
				      "s.card_id WHERE s.state = ?1 AND "
				      "s.due > 0 ORDER BY s.due", err, errsz);
	int64_t best = 0;
	int state, rc = SQLITE_DONE;

	if (!st)
		return -1;
	for (state = STORE_LEARNING; state <= STORE_RELEARNING; state++) {
		sqlite3_bind_int(st, 1, state);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t d = sqlite3_column_int64(st, 0), t = d;
			int queue = sqlite3_column_int(st, 1);
			int64_t until = sqlite3_column_int64(st, 2);

			if (best && d >= best)
				break;
			if (sqlite3_column_int(st, 3) ||
			    queue == STORE_Q_SUSPENDED)
				continue;
			if (queue == STORE_Q_BURIED && until > d)
				t = until;
			if (!best || t < best)
				best = t;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	*due = best;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(s, "read due times", err, errsz);
	return 0;
}

/* ---- lab runs -------------------------------------------------------- */

int store_lab_run_last(struct store *s, const char *lab, char *verdict,
		       size_t vsz, int64_t *time, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT verdict, time FROM lab_runs "
				      "WHERE lab = ? ORDER BY time DESC, "
				      "id DESC LIMIT 1", err, errsz);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, lab, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*verdict = '\0';
	*time = 0;
	if (rc == SQLITE_ROW) {
		snprintf(verdict, vsz, "%s", sqlite3_column_text(st, 0));
		*time = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(s, "read lab runs", err, errsz);
	return 0;
}

int store_lab_run_modes(struct store *s, const char *lab, char *out,
			size_t outsz, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT r.mode, r.verdict FROM "
				      "lab_runs r WHERE r.lab = ?1 AND r.id = "
				      "(SELECT id FROM lab_runs WHERE lab = ?1 "
				      "AND mode = r.mode ORDER BY verdict = "
				      "'error', time DESC, id DESC LIMIT 1) "
				      "ORDER BY r.mode", err, errsz);
	size_t len = 0;
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, lab, -1, SQLITE_STATIC);
	*out = '\0';
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = snprintf(out + len, outsz - len, "%s%s:%s",
				 len ? "," : "", sqlite3_column_text(st, 0),
				 sqlite3_column_text(st, 1));

		if (n < 0 || (size_t)n >= outsz - len)
			break;
		len += (size_t)n;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(s, "read lab runs", err, errsz);
	return 0;
}

/* ---- sched helper's additions (store.h) ------------------------------ */

/*
 * One read transaction.  (It used to map up to 1 GiB of the file: 234 MiB
 * resident for cards --due on a million cards, for no gain once the
 * queue's queries stopped reading every card.)
 */
int store_read_begin(struct store *s, char *err, size_t errsz)
{
	return store_exec(s, "BEGIN", "start a read", err, errsz);
}

void store_read_end(struct store *s)
{
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
}

/* ---- the event log (events.h, docs/sync.md) --------------------------- */

void store_set_config(struct store *s, const struct config *cfg)
{
	s->cfg = *cfg;
	s->have_cfg = 1;
}

static const struct config *store_cfg(struct store *s)
{
	if (!s->have_cfg) {
		config_defaults(&s->cfg);
		s->have_cfg = 1;
	}
	return &s->cfg;
}

int store_local_get(struct store *s, const char *key, char **val, char *err,
		    size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT value FROM local WHERE "
				      "key = ?", err, errsz);
	int rc;

	*val = NULL;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*val = store_text(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(s, "read the local settings", err, errsz);
	return 0;
}

int store_local_set(struct store *s, const char *key, const char *val,
		    char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "INSERT OR REPLACE INTO local "
				      "VALUES(?, ?)", err, errsz);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, val, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_dberr(s, "write the local settings", err, errsz);
	return 0;
}

int store_device(struct store *s, char out[EVENT_DEVICE_MAX + 1], char *err,
		 size_t errsz)
{
	char *v;

	if (store_local_get(s, "device", &v, err, errsz) < 0)
		return -1;
	if (!v || !event_device_valid(v)) {
		free(v);
		return store_fail(err, errsz, "collection '%s' has no valid "
				  "device id", s->path);
	}
	snprintf(out, EVENT_DEVICE_MAX + 1, "%s", v);
	free(v);
	return 0;
}

/* One int64 from a one-row query with text parameter @p1, @p2. */
static int store_int_query(struct store *s, const char *sql, const char *p1,
			   const char *p2, int64_t *v, char *err,
			   size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, sql, err, errsz);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, p1, -1, SQLITE_STATIC);
	if (p2)
		sqlite3_bind_text(st, 2, p2, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(s, "read the event log", err, errsz);
	return 0;
}

#define STORE_EVENT_COLS "device, seq, time, kind, subject, rating, " \
	"duration_ms, ref, mode, verdict"

/* Text column @col into @out (@size bytes, cut to fit, NUL-ended). */
static void store_event_text(sqlite3_stmt *st, int col, char *out,
			     size_t size)
{
	const char *t = (const char *)sqlite3_column_text(st, col);
	size_t n = t ? (size_t)sqlite3_column_bytes(st, col) : 0;

	if (n >= size)
		n = size - 1;
	if (n)
		memcpy(out, t, n);
	out[n] = '\0';
}

/* One event row (STORE_EVENT_COLS); the rebuild reads millions. */
static void store_event_read(sqlite3_stmt *st, struct event *e)
{
	const char *t;

	store_event_text(st, 0, e->device, sizeof(e->device));
	e->seq = sqlite3_column_int64(st, 1);
	e->time_ms = sqlite3_column_int64(st, 2);
	t = (const char *)sqlite3_column_text(st, 3);
	e->kind = event_kind_parse(t ? t : "");
	store_event_text(st, 4, e->subject, sizeof(e->subject));
	e->rating = sqlite3_column_int(st, 5);
	e->duration_ms = sqlite3_column_int64(st, 6);
	e->ref = sqlite3_column_int64(st, 7);
	store_event_text(st, 8, e->mode, sizeof(e->mode));
	store_event_text(st, 9, e->verdict, sizeof(e->verdict));
}

/* Insert @e unless its (device, seq) is there; *@added 1 when it was. */
static int store_event_insert(struct store *s, const struct event *e,
			      int *added, char *err, size_t errsz)
{
	sqlite3_stmt *st;

	if (!s->ev_ins)
		s->ev_ins = store_prep(s, "INSERT OR IGNORE INTO events("
				       STORE_EVENT_COLS ") VALUES(?1, ?2, ?3,"
				       " ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
				       err, errsz);
	st = s->ev_ins;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, e->device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, e->seq);
	sqlite3_bind_int64(st, 3, e->time_ms);
	sqlite3_bind_text(st, 4, event_kind_name(e->kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->subject, -1, SQLITE_STATIC);
	if (e->kind == EVENT_REVIEW)
		sqlite3_bind_int(st, 6, e->rating);
	if (e->kind == EVENT_REVIEW || e->kind == EVENT_LAB)
		sqlite3_bind_int64(st, 7, e->duration_ms);
	if (e->kind == EVENT_UNDO)
		sqlite3_bind_int64(st, 8, e->ref);
	if (e->kind == EVENT_LAB) {
		sqlite3_bind_text(st, 9, e->mode, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, e->verdict, -1, SQLITE_STATIC);
	}
	if (store_step_done(s, st, "log an event", err, errsz) < 0)
		return -1;
	*added = sqlite3_changes(s->db) > 0;
	return 0;
}

/* A lab event's lab_runs row. */
static int store_lab_row(struct store *s, const struct event *e, char *err,
			 size_t errsz)
{
	sqlite3_stmt *st;

	if (!s->lab_ins)
		s->lab_ins = store_prep(s, "INSERT INTO lab_runs(lab, time, "
					"mode, verdict, duration_ms) "
					"VALUES(?, ?, ?, ?, ?)", err, errsz);
	st = s->lab_ins;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, e->subject, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, e->time_ms);
	sqlite3_bind_text(st, 3, e->mode, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, e->verdict, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, e->duration_ms);
	return store_step_done(s, st, "record a lab run", err, errsz);
}

/*
 * Writes the review-log rows of a replay (events_replay's callback): in
 * batches of STORE_ROWS_BATCH rows per INSERT when @insn is prepared (the
 * rebuild writes millions; one statement per row costs twice the time),
 * in their order, so the rows get the same ids; store_rows_flush()
 * writes what is left.
 */
#define STORE_ROWS_BATCH 32

struct store_rows {
	struct store *s;
	sqlite3_stmt *ins;	/* one row */
	sqlite3_stmt *insn;	/* STORE_ROWS_BATCH rows, or NULL */
	int64_t card_id;
	int rc;
	char *err;
	size_t errsz;
	int n;			/* rows waiting in buf */
	struct {
		int64_t card_id;
		struct store_review r;
	} buf[STORE_ROWS_BATCH];
};

/* Bind row @card_id, @r as the row starting at parameter @p + 1. */
static void store_rows_bind(sqlite3_stmt *st, int p, int64_t card_id,
			    const struct store_review *r)
{
	sqlite3_bind_int64(st, p + 1, card_id);
	sqlite3_bind_int64(st, p + 2, r->time_ms);
	sqlite3_bind_int(st, p + 3, r->rating);
	sqlite3_bind_int(st, p + 4, r->state);
	sqlite3_bind_int(st, p + 5, r->elapsed_days);
	sqlite3_bind_int(st, p + 6, r->scheduled_days);
	sqlite3_bind_double(st, p + 7, r->stability);
	sqlite3_bind_double(st, p + 8, r->difficulty);
	sqlite3_bind_int64(st, p + 9, r->duration_ms);
}

/* Write the waiting rows one by one (0, or -1 with w->rc set). */
static int store_rows_flush(struct store_rows *w)
{
	int i;

	for (i = 0; !w->rc && i < w->n; i++) {
		store_rows_bind(w->ins, 0, w->buf[i].card_id, &w->buf[i].r);
		w->rc = store_step_done(w->s, w->ins, "log a review", w->err,
					w->errsz);
	}
	w->n = 0;
	return w->rc;
}

static void store_rows_add(void *arg, const struct store_review *r)
{
	struct store_rows *w = arg;
	int i, rc;

	if (w->rc)
		return;
	if (!w->insn) {
		w->buf[0].card_id = w->card_id;
		w->buf[0].r = *r;
		w->n = 1;
		store_rows_flush(w);
		return;
	}
	w->buf[w->n].card_id = w->card_id;
	w->buf[w->n].r = *r;
	if (++w->n < STORE_ROWS_BATCH)
		return;
	for (i = 0; i < STORE_ROWS_BATCH; i++)
		store_rows_bind(w->insn, 9 * i, w->buf[i].card_id,
				&w->buf[i].r);
	/* every parameter is bound again: no clearing */
	rc = sqlite3_step(w->insn);
	sqlite3_reset(w->insn);
	if (rc != SQLITE_DONE)
		w->rc = store_dberr(w->s, "log a review", w->err, w->errsz);
	w->n = 0;
}

#define STORE_REVLOG_INS "INSERT INTO revlog(card_id, time, rating, " \
	"state, elapsed_days, scheduled_days, stability, difficulty, " \
	"duration_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"

/* The batch statement of STORE_ROWS_BATCH rows. */
static sqlite3_stmt *store_rows_prep(struct store *s, char *err,
				     size_t errsz)
{
	struct sbuf sql = SBUF_INIT;
	sqlite3_stmt *st;
	int i;

	sbuf_addstr(&sql, STORE_REVLOG_INS);
	for (i = 1; i < STORE_ROWS_BATCH; i++)
		sbuf_addstr(&sql, ", (?, ?, ?, ?, ?, ?, ?, ?, ?)");
	st = store_prep(s, sql.buf, err, errsz);
	sbuf_release(&sql);
	return st;
}

/* The id of the card with key @key into *@id (0: none); 0 or -1. */
static int store_card_id(struct store *s, const char *key, int64_t *id,
			 char *err, size_t errsz)
{
	sqlite3_stmt *st;
	int rc;

	if (!s->key_id)
		s->key_id = store_prep(s, "SELECT id FROM cards WHERE key = ?",
				       err, errsz);
	st = s->key_id;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_dberr(s, "read cards", err, errsz);
	return 0;
}

/*
 * Replay the card with key @key from its events: its review-log rows and
 * its state are rewritten (inside a transaction).  A key no card has yet
 * is left alone: its events wait for the card's import.
 */
/*
 * A card's replay writes only the review-log rows that changed: the rows
 * the replay yields are compared, in order, with the card's rows as
 * stored (in id order, the order they were written); the equal prefix is
 * kept and what follows is deleted and written again.  A grade appends
 * one row and deletes none, so earlier rows keep their ids and the
 * revlog_days triggers (only rows before their day boundary count) stay
 * quiet.
 */
struct store_keep {
	struct store_rows w;
	struct store_review *old;	/* the card's rows as stored */
	size_t nold, i;		/* rows compared so far */
	int cut;		/* rows from old[i] on deleted */
	sqlite3_stmt *cut_st;	/* DELETE ... WHERE card_id AND id >= */
};

static int store_review_same(const struct store_review *a,
			     const struct store_review *b)
{
	return a->time_ms == b->time_ms && a->rating == b->rating &&
	       a->state == b->state && a->elapsed_days == b->elapsed_days &&
	       a->scheduled_days == b->scheduled_days &&
	       a->stability == b->stability &&
	       a->difficulty == b->difficulty &&
	       a->duration_ms == b->duration_ms;
}

/* Delete the card's stored rows from old[k->i] on (once). */
static void store_keep_cut(struct store_keep *k)
{
	if (k->cut || k->w.rc)
		return;
	k->cut = 1;
	if (k->i == k->nold)
		return;
	sqlite3_bind_int64(k->cut_st, 1, k->w.card_id);
	sqlite3_bind_int64(k->cut_st, 2, k->old[k->i].id);
	k->w.rc = store_step_done(k->w.s, k->cut_st, "rewrite the review "
				  "log", k->w.err, k->w.errsz);
}

/* events_replay() callback: keep an equal row, else write from here on. */
static void store_keep_add(void *arg, const struct store_review *r)
{
	struct store_keep *k = arg;

	if (!k->cut && k->i < k->nold && store_review_same(r, &k->old[k->i])) {
		k->i++;
		return;
	}
	store_keep_cut(k);
	store_rows_add(&k->w, r);
}

/* The card's stored rows, in id order, into k->old. */
static int store_keep_read(struct store *s, struct store_keep *k, char *err,
			   size_t errsz)
{
	size_t alloc = 0;
	int rc;

	if (!s->rl_old)
		s->rl_old = store_prep(s, "SELECT id, time, rating, state, "
				       "elapsed_days, scheduled_days, "
				       "stability, difficulty, duration_ms "
				       "FROM revlog WHERE card_id = ? ORDER BY "
				       "id", err, errsz);
	if (!s->rl_old)
		return -1;
	sqlite3_bind_int64(s->rl_old, 1, k->w.card_id);
	while ((rc = sqlite3_step(s->rl_old)) == SQLITE_ROW) {
		sqlite3_stmt *st = s->rl_old;
		struct store_review *r;

		k->old = xgrow(k->old, &alloc, k->nold + 1, sizeof(*k->old));
		r = &k->old[k->nold++];
		r->id = sqlite3_column_int64(st, 0);
		r->card_id = k->w.card_id;
		r->time_ms = sqlite3_column_int64(st, 1);
		r->rating = sqlite3_column_int(st, 2);
		r->state = sqlite3_column_int(st, 3);
		r->elapsed_days = sqlite3_column_int(st, 4);
		r->scheduled_days = sqlite3_column_int(st, 5);
		r->stability = sqlite3_column_double(st, 6);
		r->difficulty = sqlite3_column_double(st, 7);
		r->duration_ms = sqlite3_column_int64(st, 8);
	}
	sqlite3_reset(s->rl_old);
	if (rc != SQLITE_DONE)
		return store_dberr(s, "read the review log", err, errsz);
	return 0;
}

static int store_replay_key(struct store *s, const char *key,
			    struct store_sched *after,
			    struct events_result *res, char *err,
			    size_t errsz)
{
	struct store_keep k = {
		.w = { .s = s, .err = err, .errsz = errsz },
	};
	struct events_result r0;
	struct store_sched ss;
	struct event *ev = NULL;
	sqlite3_stmt *st;
	size_t n = 0, alloc = 0;
	int rc;

	if (store_card_id(s, key, &k.w.card_id, err, errsz) < 0)
		return -1;
	if (!k.w.card_id)
		return 0;
	if (!s->ev_card)
		s->ev_card = store_prep(s, "SELECT " STORE_EVENT_COLS " FROM "
					"events WHERE subject = ? AND kind <> "
					"'lab' ORDER BY time, device, seq",
					err, errsz);
	st = s->ev_card;
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ev = xgrow(ev, &alloc, n + 1, sizeof(*ev));
		store_event_read(st, &ev[n++]);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_DONE) {
		free(ev);
		return store_dberr(s, "read the event log", err, errsz);
	}
	if (!s->rl_del)
		s->rl_del = store_prep(s, "DELETE FROM revlog WHERE card_id = "
				       "?1 AND id >= ?2", err, errsz);
	if (s->rl_del && !s->rl_ins)
		s->rl_ins = store_prep(s, STORE_REVLOG_INS, err, errsz);
	k.cut_st = s->rl_del;
	k.w.ins = s->rl_ins;
	rc = k.w.ins ? store_keep_read(s, &k, err, errsz) : -1;
	if (!rc) {
		events_replay(store_cfg(s), key, ev, n, &ss, store_keep_add,
			      &k, res ? res : &r0);
		store_keep_cut(&k);	/* rows past the replay's: gone */
		rc = k.w.rc;
	}
	free(ev);
	free(k.old);
	if (!rc)
		rc = store_sched_write(s, k.w.card_id, &ss, err, errsz);
	if (!rc && after)
		*after = ss;
	return rc;
}

int store_event_add(struct store *s, struct event *e,
		    struct store_sched *after, int *leech, char *err,
		    size_t errsz)
{
	struct events_result res = { 0, 0 };
	int64_t v;
	int added;

	if (store_begin(s, err, errsz) < 0)
		return -1;
	if (store_device(s, e->device, err, errsz) < 0 ||
	    store_int_query(s, "SELECT coalesce(max(seq), 0) FROM events "
			    "WHERE device = ?", e->device, NULL, &v, err,
			    errsz) < 0)
		goto fail;
	e->seq = v + 1;
	if (e->kind != EVENT_LAB) {
		/* never before what this device already saw of the card */
		if (store_int_query(s, "SELECT coalesce(max(time), 0) FROM "
				    "events WHERE subject = ? AND kind <> "
				    "'lab'", e->subject, NULL, &v, err,
				    errsz) < 0)
			goto fail;
		if (e->time_ms <= v)
			e->time_ms = v + 1;
	}
	if (store_event_insert(s, e, &added, err, errsz) < 0)
		goto fail;
	if (e->kind == EVENT_LAB ? store_lab_row(s, e, err, errsz) :
	    store_replay_key(s, e->subject, after, &res, err, errsz))
		goto fail;
	if (leech)
		*leech = res.last_leech;
	return store_commit(s, err, errsz);
fail:
	store_rollback(s);
	return -1;
}

int store_events_last(struct store *s, const char *device, int64_t *seq,
		      char *err, size_t errsz)
{
	return store_int_query(s, "SELECT coalesce(max(seq), 0) FROM events "
			       "WHERE device = ?", device, NULL, seq, err,
			       errsz);
}

int store_events_each(struct store *s, const char *device, int64_t after,
		      int (*fn)(void *arg, const struct event *e),
		      void *arg, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT " STORE_EVENT_COLS " FROM "
				      "events WHERE (?1 IS NULL OR device = ?1)"
				      " AND seq > ?2 ORDER BY device, seq",
				      err, errsz);
	int rc, ret = 0;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, device, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, after);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct event e;

		store_event_read(st, &e);
		ret = fn(arg, &e);
		if (ret)
			break;
	}
	if (!ret && rc != SQLITE_DONE)
		ret = store_dberr(s, "read the event log", err, errsz);
	sqlite3_finalize(st);
	return ret;
}

int store_events_begin(struct store *s, char *err, size_t errsz)
{
	store_touched_release(s);
	return store_begin(s, err, errsz);
}

int store_events_mark(struct store *s, char *err, size_t errsz)
{
	return store_exec(s, "SAVEPOINT file", "start a savepoint", err,
			  errsz);
}

void store_events_unmark(struct store *s, int keep)
{
	if (!keep)
		sqlite3_exec(s->db, "ROLLBACK TO file", NULL, NULL, NULL);
	sqlite3_exec(s->db, "RELEASE file", NULL, NULL, NULL);
}

int store_events_put(struct store *s, const struct event *e, int *added,
		     char *err, size_t errsz)
{
	size_t len = strlen(e->subject);

	if (store_event_insert(s, e, added, err, errsz) < 0)
		return -1;
	if (!*added)
		return 0;
	if (e->kind == EVENT_LAB)
		return store_lab_row(s, e, err, errsz);
	if (!strmap_get(&s->touched, e->subject, len, NULL)) {
		s->tkeys = xgrow(s->tkeys, &s->tkalloc, s->ntkeys + 1,
				 sizeof(*s->tkeys));
		s->tkeys[s->ntkeys] = xstrdup(e->subject);
		strmap_put(&s->touched, s->tkeys[s->ntkeys], len, s->ntkeys);
		s->ntkeys++;
	}
	return 0;
}

/* More cards than this in one import: replay everything in one pass. */
#define STORE_REPLAY_BULK 2000

/* The rebuild inside the caller's transaction; 0 or -1 (not rolled back). */
static int store_rebuild_tx(struct store *s, struct store_rebuild_stats *rs,
			    char *err, size_t errsz);

int store_events_end(struct store *s, int commit, int *cards, char *err,
		     size_t errsz)
{
	size_t i;
	int n = 0;

	if (!commit) {
		store_rollback(s);
		store_touched_release(s);
		return 0;
	}
	if (s->ntkeys > STORE_REPLAY_BULK) {
		/* many cards: one pass over all events beats one per card */
		struct store_rebuild_stats rs;

		store_touched_release(s);
		if (store_rebuild_tx(s, &rs, err, errsz) < 0) {
			store_rollback(s);
			return -1;
		}
		if (cards)
			*cards = rs.cards;
		return store_commit(s, err, errsz);
	}
	for (i = 0; i < s->ntkeys; i++) {
		int64_t id;

		if (store_card_id(s, s->tkeys[i], &id, err, errsz) < 0 ||
		    (id && store_replay_key(s, s->tkeys[i], NULL, NULL, err,
					    errsz) < 0)) {
			store_rollback(s);
			store_touched_release(s);
			return -1;
		}
		n += id != 0;
	}
	store_touched_release(s);
	if (cards)
		*cards = n;
	return store_commit(s, err, errsz);
}

/* Bulk replay (rebuild): one card's events gathered, then written. */
struct store_bulk {
	struct store *s;
	struct store_rows w;
	struct event *ev;
	size_t n, alloc;
	char key[EVENT_SUBJECT_MAX + 1];
	int64_t card_id;
	struct store_rebuild_stats *st;
};

static int store_bulk_flush(struct store_bulk *b, char *err, size_t errsz)
{
	struct events_result res;
	struct store_sched ss;

	if (!b->n)
		return 0;
	b->w.card_id = b->card_id;
	events_replay(store_cfg(b->s), b->key, b->ev, b->n, &ss,
		      store_rows_add, &b->w, &res);
	b->st->cards++;
	b->st->reviews += res.reviews;
	b->n = 0;
	if (b->w.rc)
		return -1;
	return store_sched_write(b->s, b->card_id, &ss, err, errsz);
}

/*
 * Drop the indexes and triggers of the review log and the card states
 * (every row of both is written again: an index is faster built once
 * than kept up to date row by row, and a trigger would run per row),
 * their CREATE statements appended to @sql (each with its ';') for
 * store_exec() to create them again.
 */
static int store_rebuild_indexes(struct store *s, struct sbuf *sql,
				 char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT name, sql, type FROM "
				      "sqlite_master WHERE type IN ('index', "
				      "'trigger') AND tbl_name IN ('revlog', "
				      "'card_state') AND sql IS NOT NULL",
				      err, errsz);
	struct sbuf drop = SBUF_INIT;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 2);
		char *q = sqlite3_mprintf("DROP %s \"%w\";",
					  type && !strcmp(type, "trigger") ?
					  "TRIGGER" : "INDEX",
					  sqlite3_column_text(st, 0));

		sbuf_addstr(&drop, q);
		sqlite3_free(q);
		sbuf_addf(sql, "%s;", sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		sbuf_release(&drop);
		return store_dberr(s, "read the schema", err, errsz);
	}
	rc = drop.len ? store_exec(s, drop.buf, "drop the review log's "
				   "and card states' indexes and triggers",
				   err, errsz) : 0;
	sbuf_release(&drop);
	return rc;
}

/* Load key -> card id of every card into @map (keys owned by @keys). */
static int store_card_ids(struct store *s, struct strmap *map, char ***keys,
			  int64_t **ids, size_t *n, char *err, size_t errsz)
{
	sqlite3_stmt *st = store_prep(s, "SELECT key, id FROM cards", err,
				      errsz);
	size_t ka = 0, ia = 0;
	int rc;

	*n = 0;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*keys = xgrow(*keys, &ka, *n + 1, sizeof(**keys));
		*ids = xgrow(*ids, &ia, *n + 1, sizeof(**ids));
		(*keys)[*n] = store_text(st, 0);
		(*ids)[*n] = sqlite3_column_int64(st, 1);
		if ((*keys)[*n])
			strmap_put(map, (*keys)[*n], strlen((*keys)[*n]), *n);
		++*n;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return store_dberr(s, "read cards", err, errsz);
	return 0;
}

int store_rebuild(struct store *s, struct store_rebuild_stats *rs, char *err,
		  size_t errsz)
{
	int rc;

	/*
	 * A big transaction: keep its pages in memory (64 MiB).  Every
	 * review-log row's card id is read from cards in the same
	 * transaction, so checking its foreign key (a look-up per row)
	 * can only agree: off for the rebuild, on again after it.
	 */
	store_exec(s, "PRAGMA cache_size = -65536; PRAGMA foreign_keys = OFF",
		   "size the cache", err, errsz);
	rc = store_begin(s, err, errsz);
	if (!rc && store_rebuild_tx(s, rs, err, errsz) < 0) {
		store_rollback(s);
		rc = -1;
	}
	if (!rc)
		rc = store_commit(s, err, errsz);
	sqlite3_exec(s->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	return rc;
}

static int store_rebuild_tx(struct store *s, struct store_rebuild_stats *rs,
			    char *err, size_t errsz)
{
	struct store_bulk b = { .s = s, .st = rs };
	struct strmap map = STRMAP_INIT;
	struct sbuf idx = SBUF_INIT;
	char **keys = NULL;
	int64_t *ids = NULL;
	size_t nkeys = 0, i;
	sqlite3_stmt *st = NULL;
	int rc;

	memset(rs, 0, sizeof(*rs));
	b.w = (struct store_rows){ .s = s, .err = err, .errsz = errsz };
	/* the review log's and card states' indexes are built once at
	 * the end, faster than kept up to date row by row; whatever the
	 * schema says */
	if (store_card_ids(s, &map, &keys, &ids, &nkeys, err, errsz) < 0 ||
	    store_rebuild_indexes(s, &idx, err, errsz) < 0 ||
	    store_exec(s, "DELETE FROM revlog; DELETE FROM lab_runs;"
		       "DELETE FROM revlog_days_frame; DELETE FROM revlog_days;"
		       "UPDATE card_state SET state = 0, step = 0, due = NULL,"
		       " stability = NULL, difficulty = NULL, last_review = "
		       "NULL, reps = 0, lapses = 0, queue = 0, buried_until = "
		       "NULL, leech = 0", "reset the states", err, errsz) < 0)
		goto fail;
	b.w.ins = store_prep(s, STORE_REVLOG_INS, err, errsz);
	b.w.insn = b.w.ins ? store_rows_prep(s, err, errsz) : NULL;
	st = b.w.insn ? store_prep(s, "SELECT " STORE_EVENT_COLS " FROM events"
				  " WHERE kind <> 'lab' ORDER BY subject, "
				  "time, device, seq", err, errsz) : NULL;
	if (!st)
		goto fail;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 4);
		size_t k;

		if (!key)
			continue;
		if (!b.n || strcmp(key, b.key)) {
			if (store_bulk_flush(&b, err, errsz) < 0)
				goto fail;
			if (!strmap_get(&map, key, strlen(key), &k))
				continue;	/* no such card here yet */
			b.card_id = ids[k];
			snprintf(b.key, sizeof(b.key), "%s", key);
		}
		b.ev = xgrow(b.ev, &b.alloc, b.n + 1, sizeof(*b.ev));
		store_event_read(st, &b.ev[b.n++]);
		rs->events++;
	}
	if (rc != SQLITE_DONE) {
		store_dberr(s, "read the event log", err, errsz);
		goto fail;
	}
	if (store_bulk_flush(&b, err, errsz) < 0 || store_rows_flush(&b.w))
		goto fail;
	if (store_exec(s, "INSERT INTO lab_runs(lab, time, mode, verdict, "
		       "duration_ms) SELECT subject, time, mode, verdict, "
		       "duration_ms FROM events WHERE kind = 'lab' ORDER BY "
		       "time, device, seq", "rebuild the lab runs", err,
		       errsz) < 0)
		goto fail;
	rs->labs = sqlite3_changes(s->db);
	if (store_exec(s, idx.buf ? idx.buf : "", "index the review log "
		       "and the card states", err, errsz) < 0)
		goto fail;
	rc = 0;
	goto out;
fail:
	rc = -1;
out:
	sqlite3_finalize(st);
	sqlite3_finalize(b.w.ins);
	sqlite3_finalize(b.w.insn);
	free(b.ev);
	for (i = 0; i < nkeys; i++)
		free(keys[i]);
	free(keys);
	free(ids);
	strmap_release(&map);
	sbuf_release(&idx);
	return rc;
}
