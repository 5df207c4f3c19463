// SPDX-License-Identifier: GPL-2.0
/*
 * test-strmap.c - util/strmap.c: put keeps the first value, get finds
 * every key after the table has grown many times, keys are spans (a
 * prefix is another key, NULs count), an empty map finds nothing.
 */
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "util/strmap.h"

#define NKEYS 5000

static void test_strmap_many(void)
{
	static char keys[NKEYS][16];
	struct strmap m = STRMAP_INIT;
	size_t i, v, bad = 0;

	for (i = 0; i < NKEYS; i++) {
		snprintf(keys[i], sizeof(keys[i]), "card%zu", i);
		if (strmap_put(&m, keys[i], strlen(keys[i]), i) != i)
			bad++;
	}
	CHECK_INT(bad, 0);
	CHECK_INT(m.n, NKEYS);
	for (i = 0; i < NKEYS; i++)
		if (!strmap_get(&m, keys[i], strlen(keys[i]), &v) || v != i)
			bad++;
	CHECK_INT(bad, 0);
	/* a second put of a key keeps the first value */
	CHECK_INT(strmap_put(&m, "card17", 6, 99), 17);
	CHECK_INT(m.n, NKEYS);
	CHECK(!strmap_get(&m, "card", 4, NULL));
	CHECK(!strmap_get(&m, "card5000", 8, NULL));
	strmap_release(&m);
	CHECK_INT(m.n, 0);
	CHECK(!strmap_get(&m, "card1", 5, NULL));
}

static void test_strmap_spans(void)
{
	const char text[] = "abc,ab,a\0b,";
	struct strmap m = STRMAP_INIT;
	size_t v = 0;

	CHECK(!strmap_get(&m, "abc", 3, &v));
	CHECK_INT(strmap_put(&m, text, 3, 1), 1);	/* "abc" */
	CHECK_INT(strmap_put(&m, text + 4, 2, 2), 2);	/* "ab" */
	CHECK_INT(strmap_put(&m, text + 7, 3, 3), 3);	/* "a\0b" */
	CHECK_INT(strmap_put(&m, "", 0, 4), 4);
	CHECK(strmap_get(&m, "ab", 2, &v) && v == 2);
	CHECK(strmap_get(&m, "abc", 3, &v) && v == 1);
	CHECK(strmap_get(&m, "a\0b", 3, &v) && v == 3);
	CHECK(!strmap_get(&m, "a", 1, &v));
	CHECK(strmap_get(&m, "x", 0, &v) && v == 4);
	strmap_release(&m);
}

int main(void)
{
	TEST_RUN(test_strmap_many);
	TEST_RUN(test_strmap_spans);
	return test_done();
}
