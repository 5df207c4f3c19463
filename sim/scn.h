/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scn.h - the scenario interpreter (docs/scenario-language.md).
 *
 * A scenario is fed one line at a time to scn_line(), so a front end can
 * pause between lines (`sim run --step`).  Everything the scenario shows
 * goes through the output callback; nothing is printed here.  Lines are
 * dispatched through a table of commands (scn.c), `expect` and `ask` read
 * values through a table of named values, and `show` through a table of
 * formatters, so part 2 (processes) adds rows rather than code paths.
 */
#ifndef MMSIM_SCN_H
#define MMSIM_SCN_H

#include "mm.h"

enum scn_out_type {
	SCN_OUT_SHOW,		/* text: a /proc file */
	SCN_OUT_EVENT,		/* text: what happened (split, merge...) */
	SCN_OUT_TRACE,		/* text: kernel call path (trace on) */
	SCN_OUT_DMESG,		/* text: a kernel log line */
	SCN_OUT_PASS,		/* text: the expect line that held */
	SCN_OUT_FAIL,		/* text: "expected ..., got ..." */
	SCN_OUT_ASK,		/* text: question, asked before the next line */
	SCN_OUT_ANSWER,		/* text: value name; value: the truth */
};

struct scn_out {
	enum scn_out_type type;
	const char *file;
	int line;
	const char *text;	/* valid only during the callback */
	long long value;
};

typedef void scn_out_fn(const struct scn_out *out, void *data);

struct scn;

/*
 * A fresh interpreter for scenario @file (the name used in messages).
 * Before a `machine` line the machine is 64M with auto min_free_kbytes.
 * Returns NULL on out of memory.  Free with scn_free().
 */
struct scn *scn_new(const char *file, scn_out_fn *out, void *data,
		    int trace);
void scn_free(struct scn *s);

/*
 * Run one line (@text, without or with its newline; not modified) as line
 * @lineno.  Returns 0, or -EINVAL / -ENOMEM with "file:line: message"
 * naming the offending token in scn_error().  A failed expect is not an
 * error: it is reported as SCN_OUT_FAIL and counted.
 */
int scn_line(struct scn *s, int lineno, const char *text);

/*
 * End of the scenario: answers an ask left pending by the last line.
 * Returns 0 or -EINVAL with a message, as scn_line.
 */
int scn_end(struct scn *s);

const char *scn_error(const struct scn *s);
int scn_passed(const struct scn *s);
int scn_failed(const struct scn *s);

/* The machine the scenario drives (for generators and tests). */
struct mm_machine *scn_machine(struct scn *s);

/*
 * Evaluate a value name such as "buddy.normal[3]" or "vmstat.pgfree".
 * Returns 0 with *@v set, or -EINVAL with a message.
 */
int scn_value(struct scn *s, const char *name, long long *v);

#endif
