// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-scn.c - libFuzzer harness for the scenario interpreter: every line
 * of any input is run (continuing after errors, to reach deeper states)
 * on a small machine, chosen by the first byte (THP always or madvise,
 * with or without swap), so that every fault path is reached; a failing
 * line must leave an error text, and no input may crash, leak or trip a
 * sanitizer.  The buddy invariants must hold at the end.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scn.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const machines[] = {
		"machine ram=16M",
		"machine ram=16M thp=always",
		"machine ram=16M thp=madvise swap=8M",
		"machine ram=32M thp=always swap=16M",
	};
	char line[512];
	struct scn s;
	size_t i = 0;

	scn_init(&s, "fuzz.scn");
	strcpy(line, machines[size ? data[0] & 3 : 0]);
	if (scn_line(&s, line))
		abort();
	while (i < size) {
		size_t n = 0;

		while (i < size && data[i] != '\n' && n < sizeof(line) - 1)
			line[n++] = (char)data[i++];
		while (i < size && data[i] != '\n')
			i++;
		i++;
		line[n] = '\0';
		s.line++;
		if (scn_line(&s, line) < 0 && !s.err[0])
			abort();
	}
	scn_finish(&s);
	if (mm_buddy_check(&s.m))
		abort();
	scn_free(&s);
	return 0;
}
