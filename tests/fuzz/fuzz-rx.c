// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-rx.c - libFuzzer harness for the bounded matcher (sim/rx.h): the
 * input is a pattern, a NUL byte, then a text.  Compiling and matching
 * must not crash, leak or trip a sanitizer; a pattern accepted is at
 * most RX_MAX_LEN bytes; a match answers one of the RX_* values.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sim/rx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, '\0', size);
	size_t plen = nul ? (size_t)(nul - data) : size;
	char *pat = malloc(plen + 1);
	struct rx *rx;
	int rc;

	memcpy(pat, data, plen);
	pat[plen] = '\0';
	if (!rx_compile(pat, &rx)) {
		if (!rx || plen > RX_MAX_LEN)
			abort();
		rc = nul ? rx_match(rx, (const char *)nul + 1,
				    size - plen - 1) :
			   rx_match(rx, "", 0);
		if (rc != RX_MATCH && rc != RX_NOMATCH && rc != RX_TOO_COSTLY)
			abort();
		rx_free(rx);
	} else if (rx) {
		abort();
	}
	free(pat);
	return 0;
}
