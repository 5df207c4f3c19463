// SPDX-License-Identifier: GPL-2.0
/*
 * test-rx.c - the bounded matcher (sim/rx.h): the ERE it accepts agrees
 * with glibc's regexec() (REG_EXTENDED | REG_NEWLINE) on patterns and
 * texts the lab pages use and on random ones; hostile patterns are
 * refused or fail within the step budget.
 */
#include <locale.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "sim/rx.h"
#include "test.h"

/* rx and glibc on @pat and @text; both must compile. */
static void test_same(const char *pat, const char *text)
{
	struct rx *rx;
	const char *why = rx_compile(pat, &rx);
	regex_t re;
	int want, got;

	CHECK_MSG(!why, "/%s/ refused: %s", pat, why ? why : "");
	if (why)
		return;
	if (regcomp(&re, pat, REG_EXTENDED | REG_NOSUB | REG_NEWLINE)) {
		CHECK_MSG(0, "glibc refuses /%s/", pat);
		rx_free(rx);
		return;
	}
	want = !regexec(&re, text, 0, NULL, 0);
	got = rx_match(rx, text, strlen(text));
	CHECK_MSG(got == want, "/%s/ on '%s': rx %d, glibc %d", pat, text,
		  got, want);
	regfree(&re);
	rx_free(rx);
}

static void test_rx_like_glibc(void)
{
	static const char *const pats[] = {
		"abc", "^abc$", "a.c", "a[bc]d", "a[^bc]d", "x*", "^$",
		"(ab|cd)+e", "a{2}", "a{2,}", "a{1,3}b", "^(a|b)*$",
		"[[:digit:]]+ ok", "[0-9a-f]+", "\\(B\\)", "[]a]", "[^]a]",
		"a|b|", "()", "(a*)*b", "^Node 0, zone +DMA( +1){3} +0",
		"kmalloc\\(100\\) ksize 128$", "é.b", "^.$", "a.b",
		"x[-a]y", "[a-]", "(^|x)y", "y($|x)", "[[:upper:]][a-z]*",
	};
	static const char *const texts[] = {
		"abc", "xabcx", "abd", "acd", "aed", "", "ababe", "cde",
		"aa", "aaab", "a", "abba", "12 ok", "deadbeef", "killed (B)",
		"]", "b", "line\nabc\nnext", "aaaab", "Node 0, zone   DMA  1 1 1 0",
		"kmalloc(100) ksize 128\nnext", "éxb", "é", "a\nb", "x-y",
		"xay", "q\ny", "y\n", "Hello",
	};
	size_t i, j;

	for (i = 0; i < sizeof(pats) / sizeof(pats[0]); i++)
		for (j = 0; j < sizeof(texts) / sizeof(texts[0]); j++)
			test_same(pats[i], texts[j]);
}

/* Random patterns over a small alphabet against random texts. */
static void test_rx_random(void)
{
	static const char *const atoms[] = {
		"a", "b", ".", "[ab]", "[^a]", "^", "$", "(a|b)", "(a|)",
		"(ab)", "\n",
	};
	static const char *const quants[] = { "", "", "*", "+", "?", "{2}",
					      "{1,3}", "{0,}" };
	char pat[64], text[16];
	int i, k, n;

	srand(7);
	for (i = 0; i < 3000; i++) {
		pat[0] = '\0';
		n = 1 + rand() % 4;
		for (k = 0; k < n; k++) {
			const char *a = atoms[rand() % 10];

			strcat(pat, a);
			if (*a != '^' && *a != '$')
				strcat(pat, quants[rand() % 8]);
		}
		n = rand() % 10;
		for (k = 0; k < n; k++)
			text[k] = "ab\nc"[rand() % 4];
		text[n] = '\0';
		test_same(pat, text);
	}
}

static void test_rx_refused(void)
{
	static const struct {
		const char *pat, *why;
	} t[] = {
		{ "(((a{1,64}){1,64}){1,64}){1,64}", "too large" },
		{ "(a)\\1", "backreferences" },
		{ "a{65}", "above 64" },
		{ "a{3,2}", "n < m" },
		{ "(a", "unmatched '('" },
		{ "a)", "unmatched ')'" },
		{ "[a", "unmatched '['" },
		{ "*a", "nothing to repeat" },
		{ "\\w", "escaped letter" },
		{ "[[:nope:]]", "unknown character class" },
		{ "[é]", "non-ASCII" },
		{ "[z-a]", "invalid range" },
	};
	struct rx *rx;
	char big[300];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		const char *why = rx_compile(t[i].pat, &rx);

		CHECK_MSG(why && strstr(why, t[i].why), "/%s/: %s", t[i].pat,
			  why ? why : "accepted");
		CHECK(!rx);
	}
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(rx_compile(big, &rx) != NULL);
}

/* A costly pattern on a long text stops at the step budget. */
static void test_rx_budget(void)
{
	size_t n = 1 << 20;
	char *text = malloc(n + 1);
	struct rx *rx;

	memset(text, 'a', n);
	text[n] = '\0';
	CHECK(!rx_compile("(.?){60}(.*){60}#", &rx));
	CHECK_INT(rx_match(rx, text, n), RX_TOO_COSTLY);
	rx_free(rx);
	CHECK(!rx_compile("a#", &rx));
	CHECK_INT(rx_match(rx, text, n), RX_NOMATCH);
	rx_free(rx);
	free(text);
}

int main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	TEST_RUN(test_rx_like_glibc);
	TEST_RUN(test_rx_random);
	TEST_RUN(test_rx_refused);
	TEST_RUN(test_rx_budget);
	return test_done();
}
