// SPDX-License-Identifier: GPL-2.0
/*
 * test-tui-keys.c - the review screen's key table (tui/tui-review.c) is
 * the one list of its keys: dispatch finds every listed key in its own
 * entry and nothing else, the help screen lists exactly the entries, and
 * the footer shows exactly the entries that have a footer item.  No
 * terminal is needed: these are the functions the screens call.
 */
#include <string.h>

#include "tui/screen.h"
#include "test.h"

/* Dispatch: each listed code belongs to one entry, with a handler. */
static void test_keys_dispatch(void)
{
	static const int unlisted[] = { 'x', 'Q', 'S', 'B', '0', '5', 'J',
					KEY_F(1), KEY_DC, 27 };
	size_t n, i, j;
	const struct tui_keydef *k = tui_review_keys(&n);

	CHECK(n >= 10);
	for (i = 0; i < n; i++) {
		CHECK(k[i].fn != NULL);
		CHECK(k[i].codes[0] != 0);
		for (j = 0; k[i].codes[j]; j++)
			CHECK_MSG(tui_key_find(k, n, k[i].codes[j]) == &k[i],
				  "key %d of '%s' is handled by another entry",
				  k[i].codes[j], k[i].label);
	}
	for (i = 0; i < sizeof(unlisted) / sizeof(unlisted[0]); i++)
		CHECK_MSG(!tui_key_find(k, n, unlisted[i]),
			  "key %d is handled but not listed", unlisted[i]);
	CHECK(tui_key_find(k, n, 'L') != NULL);
	CHECK(tui_key_find(k, n, KEY_RESIZE) == NULL);
}

/* The help screen: one line per entry with its label, then its help. */
static void test_keys_help(void)
{
	struct sbuf help = SBUF_INIT;
	size_t n, i, labels = 0;
	const struct tui_keydef *k = tui_review_keys(&n);
	const char *l, *at;

	tui_key_help(k, n, &help);
	for (l = help.buf; *l; l = strchr(l, '\n') + 1)
		labels += l[2] != ' ';
	CHECK_INT(labels, n);
	for (i = 0, at = help.buf; i < n && at; i++) {
		char line[128];
		size_t len = strcspn(k[i].help, "\n");

		snprintf(line, sizeof(line), "  %-16s %.*s\n", k[i].label,
			 (int)len, k[i].help);
		at = strstr(at, line);
		CHECK_MSG(at != NULL, "help lacks, in order: %s", line);
	}
	CHECK(strstr(help.buf, "  L                run the card's lab") !=
	      NULL);
	CHECK(strstr(help.buf, "\n                   (the next interval") !=
	      NULL);
	sbuf_release(&help);
}

/* The footer: the entries' footer items, in order, and nothing else. */
static void test_keys_footer(void)
{
	struct sbuf foot = SBUF_INIT;
	size_t n, i, items = 0, len = 0;
	const struct tui_keydef *k = tui_review_keys(&n);
	const char *at;

	tui_key_footer(k, n, &foot);
	for (i = 0, at = foot.buf; i < n; i++) {
		if (!k[i].footer)
			continue;
		items++;
		len += strlen(k[i].footer) + (items > 1 ? 2 : 0);
		at = strstr(at, k[i].footer);
		CHECK_MSG(at != NULL, "footer lacks, in order: %s",
			  k[i].footer);
		if (!at)
			break;
	}
	CHECK(items >= 5);
	CHECK_INT(foot.len, len);
	CHECK(strstr(foot.buf, "Space: show answer") == foot.buf);
	CHECK(strstr(foot.buf, "L lab") != NULL);
	sbuf_release(&foot);
}

int main(void)
{
	TEST_RUN(test_keys_dispatch);
	TEST_RUN(test_keys_help);
	TEST_RUN(test_keys_footer);
	return test_done();
}
