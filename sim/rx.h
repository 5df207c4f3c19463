/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rx.h - the one regular-expression matcher for text a page or scenario
 * supplies (a lab page's Expect:, a scenario's `expect dmesg ~ /.../`),
 * with bounded time and memory; libc only, so the simulator can use it.
 *
 * The language is POSIX extended regular expressions (ERE) without
 * backreferences: literals, `.`, bracket expressions with ranges and
 * [:class:] names (ASCII members), `^`, `$`, `*`, `+`, `?`, `{m}`, `{m,}`,
 * `{m,n}`, `|` and groups; `\` before punctuation makes it literal.
 * Matching is line-wise as with REG_NEWLINE: `.` and `[^...]` never match
 * a newline, `^` and `$` match at the ends of every line; `.` and
 * `[^...]` take one UTF-8 character.  Only whether the pattern matches
 * somewhere is computed.
 *
 * The limits, part of the documented formats (docs/lab-format.md,
 * docs/scenario-language.md):
 *  - a pattern is at most RX_MAX_LEN bytes and a bound at most
 *    RX_MAX_BOUND;
 *  - compiled (bounds expanded) it is at most RX_MAX_INST instructions,
 *    so memory stays under a few hundred KiB;
 *  - matching simulates the automaton on all its states at once (no
 *    backtracking): time grows with text length times pattern size, and
 *    a match that would take more than RX_MAX_STEPS steps (about a
 *    second at worst) fails with RX_TOO_COSTLY instead.
 */
#ifndef MEMDRILL_RX_H
#define MEMDRILL_RX_H

#include <stddef.h>

#define RX_MAX_LEN 200
#define RX_MAX_BOUND 64
#define RX_MAX_INST 4000
#define RX_MAX_STEPS 50000000L

struct rx;

/*
 * Compile @pattern into *@out.  Returns NULL, or why the pattern is
 * refused (a static string such as "backreferences are not supported"),
 * with *@out NULL.
 */
const char *rx_compile(const char *pattern, struct rx **out);

enum { RX_NOMATCH = 0, RX_MATCH = 1, RX_TOO_COSTLY = -1 };

/* Does @rx match somewhere in @len bytes of @text?  RX_*. */
int rx_match(const struct rx *rx, const char *text, size_t len);

void rx_free(struct rx *rx);

#endif
