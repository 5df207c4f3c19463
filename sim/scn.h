/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scn.h - the scenario interpreter (docs/scenario-language.md).
 *
 * A scenario is text; scn_line() runs one line of it against a simulated
 * machine.  The interpreter never prints: show output, expectation results
 * and (with tracing) events reach the caller through s->out; `ask` lines
 * through s->ask.  Failures return -errno with the text in s->err, naming
 * the bad token ("unknown command 'foo'"); the caller adds file:line.
 *
 * Dispatch is by tables, so part 2 (sim/scn-proc.c, owned by sim2) can add
 * lines, `show` pages and `expect` values without touching scn.c:
 *   scn_core_cmds[]   (scn.c)       machine, alloc_pages, cache, show ...
 *   scn_proc_cmds[]   (scn-proc.c)  proc, and "A mmap/touch/fork/..." lines
 *   scn_core_shows[] / scn_proc_shows[]     `show NAME ...`
 *   scn_core_getters[] / scn_proc_getters[] values for `expect` and `ask`
 * Each table ends with an entry whose name (or get) is NULL.
 */
#ifndef MMSIM_SCN_H
#define MMSIM_SCN_H

#include "sim/mm.h"

#define SCN_MAX_TOKENS	32
#define SCN_STR_MAX	256
#define SCN_LINE_MAX	4096	/* a longer line is an error */

struct scn;

/*
 * A command.  For a plain command (subject == 0) the line's first token is
 * .name and argv[0] is that name.  For a subject command (subject == 1,
 * process lines "A mmap buf 64K") the SECOND token is .name and argv[0] is
 * the subject ("A"), argv[1] the verb.  Returns 0 or -errno with s->err set
 * (scn_err()).
 */
struct scn_cmd {
	const char *name;
	int subject;
	int (*run)(struct scn *s, int argc, char **argv);
};

/* `show NAME args...`: argv[0] == NAME; append text to out. */
struct scn_show {
	const char *name;
	int (*show)(struct scn *s, int argc, char **argv, struct mm_buf *out);
};

/* A value: a number, or a string when is_str. */
struct scn_val {
	int is_str;
	long long num;
	char str[SCN_STR_MAX];
};

/*
 * A getter resolves a dotted name ("buddy.dma32[3]", "A.minflt",
 * "oom.victim").  Return 0 with *v filled, -ENOENT when the name is not
 * this getter's (the next getter is tried, no s->err needed), another
 * -errno with s->err set when the name is this getter's but wrong.
 * Core getters are tried first, then part 2's.
 */
struct scn_getter {
	int (*get)(struct scn *s, const char *name, struct scn_val *v);
};

/* What s->out receives. */
enum scn_out_kind {
	SCN_OUT_SHOW,		/* output of a show line (ends with '\n') */
	SCN_OUT_PASS,		/* "expect ... ok" line */
	SCN_OUT_FAIL,		/* failed expectation with the actual value */
	SCN_OUT_EVENT,		/* an event line (text, then frames) */
	SCN_OUT_TRACE,		/* one trace line ("  -> frame") */
	SCN_OUT_NOTE,		/* skipped / informational */
};

/* Named objects of the kernel-allocation lines. */
enum scn_obj_kind { SCN_OBJ_PAGES, SCN_OBJ_SLAB, SCN_OBJ_KMALLOC_LARGE };

struct scn_obj {
	char name[32];
	int kind;		/* enum scn_obj_kind */
	int live;		/* allocated and not yet freed */
	int failed;		/* the allocation failed (-ENOMEM) */
	uint32_t pfn;		/* pages / large kmalloc head */
	unsigned order;
	int cache;		/* slab: cache index */
	uint64_t addr;		/* slab: object address */
	size_t size;		/* requested size (kmalloc) */
};

struct scn {
	struct mm_machine m;
	int have_machine;	/* m initialised (lazily with defaults) */
	const char *file;	/* for messages; not owned */
	int line;

	/* output: show text, expect results, events (may be NULL) */
	void (*out)(void *ctx, enum scn_out_kind kind, const char *text);
	/*
	 * ask (may be NULL): called twice per `ask` line: first with v NULL
	 * when the line is reached (the learner predicts now), then with the
	 * true value once the NEXT simulation line has run (or at
	 * scn_finish() when none follows).
	 */
	void (*ask)(void *ctx, const char *question, const struct scn_val *v);
	void *ctx;
	int trace;		/* pass events with their frames to out */

	int passed, failed;	/* expectation counts */
	int skipped;		/* lines not run (e.g. host-only) */

	struct scn_obj *objs;
	int nobjs, capobjs;

	int ask_pending;	/* an ask waits for the next line */
	int ask_line;		/* its line number */
	char ask_q[256], ask_name[128];

	void *proc;		/* part 2 interpreter state (scn-proc.c) */
	char err[256];		/* last error text (truncated if longer) */
	/* read_ahead_kb when the machine line does not set it (host mode
	 * sets the host's); < 0: VM_READAHEAD_KB */
	long readahead_kb;
	int fault_lock;		/* likewise (MM_FAULT_LOCK_*); < 0: mmap */
};

/* Set up an interpreter; file names the scenario in messages. */
void scn_init(struct scn *s, const char *file);
/* Release the machine, objects and part-2 state. */
void scn_free(struct scn *s);

/*
 * Run one line (modified in place by the tokenizer).  Comments and blank
 * lines are no-ops.  Returns 0 or -errno with s->err naming the token.
 * A failing expect is not an error: it is counted in s->failed.
 */
int scn_line(struct scn *s, char *line);

/*
 * Split a line into at most SCN_MAX_TOKENS tokens in place (the rules of
 * scn_line(): blanks, "quotes", '#' comments, the rest after '~' is one
 * token).  Returns the count (0 for a blank line) or -EINVAL with s->err.
 */
int scn_tokenize(struct scn *s, char *line, char **argv);

/* End of scenario: answer a pending ask.  0 or -errno. */
int scn_finish(struct scn *s);

/*
 * Run a whole text (NUL-terminated, copied internally), stopping at the
 * first bad line: returns its -errno with s->line set.
 */
int scn_run_text(struct scn *s, const char *text);

/*
 * Lint a whole text: run every line as scn_run_text() does, but go on
 * after a bad line, calling @bad with its line number and s->err for
 * each.  Returns the number of bad lines.
 */
int scn_lint_text(struct scn *s, const char *text,
		  void (*bad)(void *ctx, int line, const char *err),
		  void *ctx);

/*
 * The pieces of the language host mode (engine/simhost*.c) shares, so
 * that it reads scenarios exactly as scn_line() does:
 *
 * scn_next_line(): copy the line at *pos of a text into buf (size bytes,
 * SCN_LINE_MAX for the simulator's limit), advance *pos and s->line.
 * 1 for a line, 0 at the end, -EINVAL for a line too long (s->err).
 */
int scn_next_line(struct scn *s, const char **pos, char *buf, size_t size);

/* The command scn_line() would run for these tokens (plain commands
 * first, then "A verb" subject commands), or NULL. */
const struct scn_cmd *scn_lookup(int argc, char **argv);

/* A machine line's options into *cfg (mm_config_default() for those not
 * given; readahead_kb and fault_lock stay < 0 unless given).  0 or
 * -EINVAL with s->err naming the option. */
int scn_machine_parse(struct scn *s, int argc, char **argv,
		      struct mm_config *cfg);

/*
 * repeat N [from=S] [by=K] LINE...: checks the line as scn_line() does,
 * then calls run(ctx, line) with each expansion, stopping at the first
 * nonzero return, which it returns.  Its own errors: -EINVAL, s->err.
 */
int scn_repeat(struct scn *s, int argc, char **argv,
	       int (*run)(void *ctx, char *line), void *ctx);

/*
 * A page range "NAME", "NAME[i]" or "NAME[a:b]" (pages a to b-1).
 * scn_range_name(): NAME into name (size bytes).  scn_range_pages(): the
 * range in an object of @pages pages (@what: "mapping", "file", for the
 * message) as *first and *n; no brackets: the whole object.  Both 0 or
 * -EINVAL with s->err.
 */
int scn_range_name(struct scn *s, const char *tok, char *name, size_t size);
int scn_range_pages(struct scn *s, const char *tok, uint64_t pages,
		    const char *what, uint64_t *first, uint64_t *n);

/*
 * The options of the allocation lines, read as scn_line() reads them
 * (host mode carries the lines out on a real kernel with the same
 * values).  Each 0, or -EINVAL with s->err.
 *   scn_alloc_opts(): order=N gfp=G from argv[first] on (order NULL: no
 *   order= allowed); scn_gfp_name(): the word of a gfp ("kernel").
 *   scn_cache_opts(): cache NAME size=N [align=N] [flags=FZPU]
 *   [hwcache_align] (flags: MM_SLAB_*).
 *   scn_write_opts(): write X offset=N byte=B [len=N].
 */
int scn_alloc_opts(struct scn *s, int argc, char **argv, int first,
		   long long *order, enum mm_gfp *gfp);
const char *scn_gfp_name(enum mm_gfp gfp);
struct scn_cache_opts {
	unsigned size, align, flags;
};
int scn_cache_opts(struct scn *s, int argc, char **argv,
		   struct scn_cache_opts *o);
struct scn_write_opts {
	long long off, byte, len;
};
int scn_write_opts(struct scn *s, int argc, char **argv,
		   struct scn_write_opts *w);

/* expect operators (scn_parse_op() returns one, or -1). */
enum scn_op {
	SCN_OP_EQ, SCN_OP_NE, SCN_OP_LT, SCN_OP_LE, SCN_OP_GT, SCN_OP_GE,
	SCN_OP_MATCH,		/* ~ /regex/ */
};
int scn_parse_op(const char *tok);

/* An expect right side that is a literal (number, size, word) into *v:
 * 0; 1 when tok names a value, which the caller resolves. */
int scn_literal(const char *tok, struct scn_val *v);

/* l OP r (not SCN_OP_MATCH) into *ok; 0, or -EINVAL when strings are
 * ordered (s->err). */
int scn_compare(struct scn *s, const struct scn_val *l, int op,
		const struct scn_val *r, int *ok);

/* Does text match re, written /regex/ (sim/rx.h: bounded)?  0 with *ok,
 * or -EINVAL with s->err for a bad or refused pattern, or one that gave
 * up (RX_TOO_COSTLY). */
int scn_match(struct scn *s, const char *text, const char *re, int *ok);

/* Write s->err and return err. */
int scn_err(struct scn *s, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Make sure s->m exists (default machine on first use).  0 or -errno. */
int scn_machine(struct scn *s);

/* Resolve a value name through the getter tables. 0 or -errno. */
int scn_get(struct scn *s, const char *name, struct scn_val *v);

/* Parse "64K", "4M", "1G", "16p", "4096" into bytes; 0 or -EINVAL. */
int scn_parse_size(const char *tok, uint64_t *bytes);
/* Parse a decimal or 0x number; 0 or -EINVAL. */
int scn_parse_num(const char *tok, long long *v);
/* "key=value" -> value if tok starts with key=, else NULL. */
const char *scn_kv(const char *tok, const char *key);

/* Named objects. */
struct scn_obj *scn_obj_find(struct scn *s, const char *name);
/* Add (or reuse a dead) object named name; NULL with s->err on failure. */
struct scn_obj *scn_obj_add(struct scn *s, const char *name);

/* Tables (see the top of this file). */
extern const struct scn_cmd scn_core_cmds[];
extern const struct scn_show scn_core_shows[];
extern const struct scn_getter scn_core_getters[];
extern const struct scn_cmd scn_proc_cmds[];
extern const struct scn_show scn_proc_shows[];
extern const struct scn_getter scn_proc_getters[];
/* Part 2 hooks: release s->proc (scn_free calls it). */
void scn_proc_free(struct scn *s);
/* Part 2 hook after every line that ran: background work (kswapd). */
void scn_proc_after_line(struct scn *s);

#endif
