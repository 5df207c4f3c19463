// SPDX-License-Identifier: GPL-2.0
/*
 * gen.c - data and timing for the benchmarks in bench/ (not part of
 * memdrill).  All arithmetic is 64-bit: times in milliseconds do not wrap
 * as they did in awk's printf "%d" (mawk caps it at 2^31 - 1).
 *
 *	gen decks DIR CARDS FILES [CSV]
 *		write CARDS cards into FILES deck files DIR/deckNNNN.md (a
 *		table, a code block and CJK text in each answer; every other
 *		card has an ID: (the first zz-first-card), every 1,000th
 *		a Lab: line); with CSV, also
 *		the rows memdrill's import stores for them (key, deck,
 *		section, ord, question, answer, level, source, line), for a
 *		baseline loading the same rows into the same schema
 *	gen history DB REVIEWS NOW
 *		give the cards of the collection DB a history: 60% review
 *		cards due from 20 days ago to 70 days after NOW, 1% learning
 *		cards due now, 39% new; REVIEWS review-log rows a card on
 *		average, spread over the 400 days before NOW's day, all on
 *		the reviewed cards, in time order
 *	gen log REVIEWS
 *		a review-log CSV (card_id,review_time,review_rating) for
 *		`sched replay`: REVIEWS / 20 cards, 20 reviews each, 3 days
 *		apart, interleaved by card
 *	gen run OUT CMD [ARG...]
 *		run CMD with stdout to OUT and stdin from /dev/null; print
 *		"WALL_US MAXRSS_KB EXIT"
 *	gen drill MEMDRILL DB
 *		start `MEMDRILL --db DB drill --plain`, wait for the first
 *		question, answer q; print "FIRST_US QUIT_US MAXRSS_KB"
 */
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t gen_seed = 88172645463325252ULL;

static uint64_t gen_rand(void)
{
	gen_seed ^= gen_seed << 13;
	gen_seed ^= gen_seed >> 7;
	gen_seed ^= gen_seed << 17;
	return gen_seed;
}

static int64_t gen_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void gen_die(const char *what)
{
	fprintf(stderr, "gen: %s\n", what);
	exit(2);
}

/* CSV field: quoted, quotes doubled. */
static void gen_csv(FILE *f, const char *s, int last)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
	fputc(last ? '\n' : ',', f);
}

static int gen_decks(const char *dir, int64_t n, int64_t files,
		     const char *csvpath)
{
	FILE *csv = NULL;
	int64_t f, i, k = 0;
	char path[4096], key[64], sec[64], q[256], a[1024], title[64];

	if (csvpath && !(csv = fopen(csvpath, "w")))
		gen_die("cannot write the CSV");
	for (f = 0; f < files; f++) {
		int64_t per = n / files + (f < n % files);
		FILE *o;
		int line;

		snprintf(path, sizeof(path), "%s/deck%04" PRId64 ".md", dir, f);
		o = fopen(path, "w");
		if (!o)
			gen_die("cannot write a deck");
		snprintf(title, sizeof(title), "Bench deck %" PRId64, f);
		fprintf(o, "# %s\n\n## 1. Section %" PRId64 "\n\n", title,
			f % 40);
		snprintf(sec, sizeof(sec), "1. Section %" PRId64, f % 40);
		line = 5;
		for (i = 0; i < per; i++, k++) {
			int qline;

			fprintf(o, "---\n\n");
			line += 2;
			qline = line;
			snprintf(q, sizeof(q), "Question %" PRId64 ": what "
				 "happens at order %" PRId64 "?", k, k % 11);
			snprintf(a, sizeof(a), "| 字段 | value |\n|---|---|\n"
				 "| order | %" PRId64 " |\n| pfn | %" PRId64
				 " |\n\n```c\nstruct page *p = alloc_pages("
				 "GFP_KERNEL, %" PRId64 ");\n```\n解释 %"
				 PRId64 "：伙伴系统把块一分为二。", k % 11,
				 k * 8, k % 11, k);
			fprintf(o, "Q: %s\nA: %s\n", q, a);
			line += 10;
			if (k % 1000 == 7) {
				fprintf(o, "Lab: kmod-buddyinfo\n");
				line++;
			}
			if (!k) {	/* for a unique prefix: zz-f */
				fprintf(o, "ID: zz-first-card\n");
				line++;
				snprintf(key, sizeof(key), "zz-first-card");
			} else if (k % 2) {
				fprintf(o, "ID: bench-%" PRId64 "\n", k);
				line++;
				snprintf(key, sizeof(key), "bench-%" PRId64, k);
			} else {
				snprintf(key, sizeof(key), "q%" PRId64, k);
			}
			fprintf(o, "[Intermediate]\n\n");
			line += 2;
			if (csv) {
				char num[32];

				gen_csv(csv, key, 0);
				gen_csv(csv, title, 0);
				gen_csv(csv, sec, 0);
				snprintf(num, sizeof(num), "%" PRId64, i);
				gen_csv(csv, num, 0);
				gen_csv(csv, q, 0);
				gen_csv(csv, a, 0);
				gen_csv(csv, "2", 0);
				gen_csv(csv, path, 0);
				snprintf(num, sizeof(num), "%d", qline);
				gen_csv(csv, num, 1);
			}
		}
		if (fclose(o))
			gen_die("cannot write a deck");
	}
	if (csv && fclose(csv))
		gen_die("cannot write the CSV");
	return 0;
}

static void gen_sql(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fprintf(stderr, "gen: %s: %s\n", sql, msg ? msg : "?");
		exit(2);
	}
}

static sqlite3_stmt *gen_prep(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "gen: %s: %s\n", sql, sqlite3_errmsg(db));
		exit(2);
	}
	return st;
}

static void gen_step(sqlite3 *db, sqlite3_stmt *st)
{
	if (sqlite3_step(st) != SQLITE_DONE) {
		fprintf(stderr, "gen: %s\n", sqlite3_errmsg(db));
		exit(2);
	}
	sqlite3_reset(st);
}

static int gen_history(const char *path, int64_t per, int64_t now)
{
	sqlite3 *db;
	sqlite3_stmt *st, *up, *ins;
	int64_t *ids = NULL, *rev = NULL, n = 0, alloc = 0, nrev = 0, i, j;
	int64_t total, day0 = now - now % 86400 - 400 * 86400;

	if (sqlite3_open(path, &db) != SQLITE_OK)
		gen_die("cannot open the collection");
	gen_sql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"
		"BEGIN");
	st = gen_prep(db, "SELECT id FROM cards ORDER BY id");
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (n == alloc) {
			alloc = alloc ? 2 * alloc : 1024;
			ids = realloc(ids, alloc * sizeof(*ids));
			rev = realloc(rev, alloc * sizeof(*rev));
			if (!ids || !rev)
				gen_die("out of memory");
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	up = gen_prep(db, "UPDATE card_state SET state = ?2, step = 0, "
		      "due = ?3, stability = ?4, difficulty = ?5, "
		      "last_review = ?6, reps = ?7, lapses = ?8, queue = ?9, "
		      "buried_until = ?10 WHERE card_id = ?1");
	for (i = 0; i < n; i++) {
		int64_t c = i % 100, reps = 0;
		int state = c < 60 ? 2 : c == 60 ? 1 : 0;

		sqlite3_bind_int64(up, 1, ids[i]);
		sqlite3_bind_int(up, 2, state);
		if (state) {
			rev[nrev++] = ids[i];
			reps = 3;
			sqlite3_bind_int64(up, 3, state == 2 ?
					   now + ((i % 90) - 20) * 86400 :
					   now - 60);
			sqlite3_bind_double(up, 4, 5.0 + i % 20);
			sqlite3_bind_double(up, 5, 5.0);
			sqlite3_bind_int64(up, 6, now - 40 * 86400);
		}
		sqlite3_bind_int64(up, 7, reps);
		sqlite3_bind_int64(up, 8, state && i % 97 == 3 ? 9 : 0);
		sqlite3_bind_int(up, 9, i % 500 == 11 ? 2 : i % 500 == 12);
		if (i % 500 == 12)
			sqlite3_bind_int64(up, 10, now - 3600);
		gen_step(db, up);
		sqlite3_clear_bindings(up);
	}
	sqlite3_finalize(up);
	ins = gen_prep(db, "INSERT INTO revlog(card_id, time, rating, state, "
		       "elapsed_days, scheduled_days, stability, difficulty, "
		       "duration_ms) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)");
	total = per * n;
	if (nrev) {
		int64_t rounds = (total + nrev - 1) / nrev, r, done = 0;
		int64_t gap = 399 * 86400 / (rounds ? rounds : 1);

		/* round r reviews every card once: rows in time order */
		for (r = 0; r < rounds && done < total; r++)
			for (j = 0; j < nrev && done < total; j++, done++) {
				int64_t t = day0 + r * gap + (j * 7919) % gap;
				uint64_t x = gen_rand() % 10;

				sqlite3_bind_int64(ins, 1, rev[j]);
				sqlite3_bind_int64(ins, 2, t * 1000);
				sqlite3_bind_int(ins, 3, x == 0 ? 1 : x == 1 ?
						 2 : x == 2 ? 4 : 3);
				sqlite3_bind_int(ins, 4, r ? 2 : 0);
				sqlite3_bind_int64(ins, 5, r ? gap / 86400 :
						   0);
				sqlite3_bind_int64(ins, 6, gap / 86400);
				sqlite3_bind_double(ins, 7, 5.0 + r);
				sqlite3_bind_double(ins, 8, 5.0);
				sqlite3_bind_int64(ins, 9,
						   5000 + gen_rand() % 10000);
				gen_step(db, ins);
			}
	}
	sqlite3_finalize(ins);
	gen_sql(db, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)");
	sqlite3_close(db);
	free(ids);
	free(rev);
	return 0;
}

static int gen_log(int64_t n)
{
	int64_t cards = n / 20, r, c;

	printf("card_id,review_time,review_rating\n");
	for (r = 0; r < 20; r++)
		for (c = 0; c < cards; c++) {
			int64_t t = 1600000000000LL + r * 3 * 86400000LL +
				c * 1000;

			printf("card%" PRId64 ",%" PRId64 ",%d\n", c, t,
			       (int)(1 + gen_rand() % 4));
		}
	return fflush(stdout) ? 2 : 0;
}

static int gen_run(const char *out, char **argv)
{
	int64_t t0 = gen_now_us();
	struct rusage ru;
	int status;
	pid_t pid = fork();

	if (pid < 0)
		gen_die("cannot fork");
	if (!pid) {
		int o = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int i = open("/dev/null", O_RDONLY);

		if (o < 0 || i < 0)
			_exit(127);
		dup2(o, 1);
		dup2(i, 0);
		execvp(argv[0], argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		gen_die("cannot wait");
	printf("%" PRId64 " %ld %d\n", gen_now_us() - t0, ru.ru_maxrss,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	return 0;
}

/* Read lines until one starts with "grade?"; 0, or -1 at EOF. */
static int gen_wait_prompt(FILE *f)
{
	char line[4096];

	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "grade?", 6))
			return 0;
	return -1;
}

static int gen_drill(const char *bin, const char *db)
{
	int in[2], out[2], status;
	int64_t t0, first, quit;
	struct rusage ru;
	FILE *to, *from;
	pid_t pid;

	if (pipe(in) || pipe(out))
		gen_die("cannot pipe");
	signal(SIGPIPE, SIG_IGN);
	t0 = gen_now_us();
	pid = fork();
	if (!pid) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		close(in[1]);
		close(out[0]);
		execl(bin, "memdrill", "--db", db, "drill", "--plain",
		      (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	to = fdopen(in[1], "w");
	from = fdopen(out[0], "r");
	if (gen_wait_prompt(from))
		gen_die("the drill showed no question");
	first = gen_now_us() - t0;
	t0 = gen_now_us();
	fprintf(to, "q\n");
	fclose(to);
	while (fgetc(from) != EOF)
		;
	if (wait4(pid, &status, 0, &ru) < 0)
		gen_die("cannot wait");
	quit = gen_now_us() - t0;
	printf("%" PRId64 " %" PRId64 " %ld\n", first, quit, ru.ru_maxrss);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "decks"))
		return gen_decks(argv[2], atoll(argv[3]), atoll(argv[4]),
				 argc > 5 ? argv[5] : NULL);
	if (argc == 5 && !strcmp(argv[1], "history"))
		return gen_history(argv[2], atoll(argv[3]), atoll(argv[4]));
	if (argc == 3 && !strcmp(argv[1], "log"))
		return gen_log(atoll(argv[2]));
	if (argc >= 4 && !strcmp(argv[1], "run"))
		return gen_run(argv[2], argv + 3);
	if (argc == 4 && !strcmp(argv[1], "drill"))
		return gen_drill(argv[2], argv[3]);
	fprintf(stderr, "usage: gen decks DIR CARDS FILES [CSV] | history DB "
		"REVIEWS NOW | log REVIEWS | run OUT CMD... | drill "
		"MEMDRILL DB\n");
	return 2;
}
