// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-deck.c - libFuzzer harness for the deck parser: any bytes must
 * parse without a crash, leak or sanitizer report, every diagnostic line
 * must lie inside the input, and every card must have a key and a level.
 */
#include <stdint.h>
#include <stdlib.h>

#include "core/deck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct deck d[2] = { DECK_INIT, DECK_INIT };
	size_t i, lines = 1;

	for (i = 0; i < size; i++)
		lines += data[i] == '\n';
	deck_parse(&d[0], "a.md", (const char *)data, size);
	deck_parse(&d[1], "b.md", (const char *)data, size / 2);
	deck_check_duplicates(d, 2);
	for (i = 0; i < d[0].ndiags; i++)
		if (d[0].diags[i].line < 1 ||
		    (size_t)d[0].diags[i].line > lines)
			abort();
	for (i = 0; i < d[0].ncards; i++)
		if (!d[0].cards[i].key[0] || !d[0].cards[i].level ||
		    !d[0].cards[i].answer[0])
			abort();
	deck_release(&d[0]);
	deck_release(&d[1]);
	return 0;
}
