// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-lab.c - libFuzzer harness for the lab-page parser: any bytes must
 * parse without a crash, leak or sanitizer report; every diagnostic line
 * lies inside the input; a page that parses without errors names only
 * shipped things (valid id, known kind, an Expect line, allowed boot
 * arguments).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "engine/lab.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lab_page pg = { 0 };
	struct lab_diags ds = { .n = 0 };
	size_t i, lines = 1;
	int rc;

	for (i = 0; i < size && data[i]; i++)
		lines += data[i] == '\n';
	rc = lab_parse_text("labs/x.md", (const char *)data, size,
			    "/nonexistent", &pg, &ds);
	for (i = 0; i < (size_t)ds.n; i++)
		if (ds.d[i].line < 0 || (size_t)ds.d[i].line > lines)
			abort();
	if (rc == 0 && (!pg.id || strcmp(pg.id, "x") || !pg.kind ||
			!pg.nexpect || !pg.title))
		abort();
	if (rc == 0 && pg.kind == LAB_KMOD &&
	    !lab_action_find(pg.module, pg.action))
		abort();
	lab_page_release(&pg);
	return 0;
}
