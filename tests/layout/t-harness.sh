#!/bin/sh
# t-harness.sh - the test harnesses count honestly: a unit test passes only
# when it made checks and none failed (tests/unit/test.h), a skipped shell
# test is reported as skipped (tests/lib.sh), and tests/run-layer carries
# the skips to its total.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'test.h counts tests, not checks' '
	cat >t.c <<-\EOF &&
	#include "test.h"
	static void test_good(void) { CHECK(1); CHECK_INT(2, 2); }
	static void test_bad(void) { CHECK(1); CHECK_INT(1, 2); CHECK(1); }
	static void test_empty(void) { }
	int main(void)
	{
		TEST_RUN(test_good);
		TEST_RUN(test_bad);
		TEST_RUN(test_empty);
		return test_done();
	}
	EOF
	${CC:-cc} -I"$TEST_TOP/tests/unit" -o t t.c -lm &&
	{ ./t >out 2>err; rc=$?; } &&
	test $rc -eq 1 &&
	echo "1 passed, 2 failed (5 checks, 1 failed)" >expect &&
	test_cmp expect out &&
	grep "t.c:3: test_bad: 1 = 1, expected 2" err &&
	grep "test_empty: made no check" err
'

test_expect_success 'a failed check outside a test fails the run' '
	cat >m.c <<-\EOF &&
	#include "test.h"
	static void test_good(void) { CHECK(1); }
	int main(void)
	{
		TEST_RUN(test_good);
		CHECK(0);
		return test_done();
	}
	EOF
	${CC:-cc} -I"$TEST_TOP/tests/unit" -o m m.c -lm &&
	{ ./m >out 2>err; rc=$?; } &&
	test $rc -eq 1 && grep "^1 passed, 1 failed" out &&
	grep "main: check failed: 0" err
'

test_expect_success 'run-layer sums passed, failed and skipped' '
	mkdir -p layer &&
	cat >layer/t-a.sh <<-EOF &&
	. "$TEST_TOP/tests/lib.sh"
	test_expect_success ok true
	test_skip "absent" "no such tool"
	test_done
	EOF
	cat >layer/t-b.sh <<-EOF &&
	. "$TEST_TOP/tests/lib.sh"
	test_expect_success ok true
	test_expect_success broken false
	test_skip "absent" "no such tool"
	test_done
	EOF
	{ "$TEST_TOP/tests/run-layer" layer >out; rc=$?; } &&
	test $rc -eq 1 &&
	grep -x "1 passed, 0 failed, 1 skipped" out &&
	grep -x "1 passed, 1 failed, 1 skipped" out &&
	tail -n 1 out >last &&
	echo "2 passed, 1 failed, 2 skipped" >expect &&
	test_cmp expect last
'

test_done
