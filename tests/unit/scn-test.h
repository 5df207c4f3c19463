/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scn-test.h - running scenario text in unit tests:
 * scnt_run() runs @text on a fresh interpreter, keeping what the scenario
 * printed in scnt_out (a failed expect also goes to stderr), and
 * scnt_val() reads a value by name.  The caller scn_free()s.
 * scnt_machine() builds a bare machine with its part-2 state, for tests
 * that call the vm_ / thp_ / memcg_ functions directly.
 */
#ifndef MEMDRILL_SCN_TEST_H
#define MEMDRILL_SCN_TEST_H

#include <stdio.h>

#include "sim/scn.h"
#include "sim/vm.h"
#include "test.h"

static char scnt_out[65536];
static size_t scnt_len;

static inline void scnt_capture(void *ctx, enum scn_out_kind kind,
				const char *text)
{
	(void)ctx;
	if (kind == SCN_OUT_FAIL)
		fprintf(stderr, "scenario: %s\n", text);
	scnt_len += (size_t)snprintf(scnt_out + scnt_len,
				     sizeof(scnt_out) - scnt_len, "%s%s",
				     text, kind == SCN_OUT_SHOW ? "" : "\n");
	if (scnt_len >= sizeof(scnt_out))
		scnt_len = sizeof(scnt_out) - 1;
}

/* Run @text on a fresh interpreter; 0, or its error (also printed). */
static inline int scnt_run(struct scn *s, const char *text)
{
	int r;

	scnt_len = 0;
	scnt_out[0] = '\0';
	scn_init(s, "t.scn");
	s->out = scnt_capture;
	r = scn_run_text(s, text);
	if (r)
		fprintf(stderr, "line %d: %s\n", s->line, s->err);
	return r;
}

/* A number by name, -1 when there is no such value. */
static inline long long scnt_val(struct scn *s, const char *name)
{
	struct scn_val v;

	if (scn_get(s, name, &v))
		return -1;
	return v.num;
}

/* A machine of @ram bytes with THP mode @thp and its process state. */
static inline void scnt_machine(struct mm_machine *m, uint64_t ram,
				enum mm_thp thp)
{
	struct mm_config cfg;

	mm_config_default(&cfg);
	cfg.ram_bytes = ram;
	cfg.thp = thp;
	CHECK_INT(mm_machine_init(m, &cfg), 0);
	CHECK(vm_sys(m) != NULL);
}

#endif
