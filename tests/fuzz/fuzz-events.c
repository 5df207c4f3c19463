// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-events.c - libFuzzer harness for the event log's lines (another
 * device's file is hostile input): each line of the input goes through
 * event_parse(); an accepted event must format back to the same line,
 * and the accepted events of one subject replay without a crash.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/events.h"
#include "util/sbuf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	struct event ev[64];
	struct store_sched st;
	struct events_result res;
	struct config cfg;
	struct sbuf sb = SBUF_INIT;
	size_t n = 0;
	char err[128];

	config_defaults(&cfg);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		struct event e;

		if (!event_parse(p, len, "fuzz", &e, err, sizeof(err))) {
			sbuf_reset(&sb);
			event_format(&e, &sb);
			if (sb.len != len + 1 || memcmp(sb.buf, p, len))
				abort();
			if (n < 64 && (!n || !strcmp(e.subject, ev[0].subject))
			    && e.kind != EVENT_LAB)
				ev[n++] = e;
		}
		p += len + 1;
	}
	if (n) {
		qsort(ev, n, sizeof(ev[0]), events_cmp);
		events_replay(&cfg, ev[0].subject, ev, n, &st, NULL, NULL,
			      &res);
	}
	sbuf_release(&sb);
	return 0;
}
