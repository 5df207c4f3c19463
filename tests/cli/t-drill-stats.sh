#!/bin/sh
# t-drill-stats.sh - `memdrill stats` after a few plain-mode grades: the
# figures follow the review log, the report fits 80 columns and is plain
# text when piped.
. "$(dirname "$0")/../lib.sh"

cp "$TEST_TOP/tests/tui/deck.md.in" deck.md

test_expect_code 2 'no collection yet: an error, not a crash' '
	memdrill stats
'

test_expect_success 'the test deck imports' '
	memdrill import deck.md
'

test_expect_success 'fresh collection: all new, nothing reviewed' '
	memdrill stats >out &&
	grep -q "^  0 reviewed, 0 again (0%)" out &&
	grep -q "^Cards: 5 (new 5, learning 0, review 0" out &&
	grep -q "^By level: Basic 3, Intermediate 1, Advanced 1$" out
'

test_expect_success 'after grades: today, forecast, states, buried' '
	printf "4\n1\n4\nb\nq\n" | memdrill drill --plain >drill.out &&
	memdrill stats >out &&
	grep -q "^  3 reviewed, 1 again (33%)" out &&
	grep -q "^Forecast: 3 due in the next 30 days" out &&
	grep -q "new 2, learning 1, review 2, relearning 0; suspended 0, buried 1" out &&
	grep -q "Reviews, past year: 3 " out
'

test_expect_success 'report fits 80 columns and has no escapes when piped' '
	memdrill stats >out &&
	[ "$(wc -L <out)" -le 80 ] &&
	! grep -q "$(printf "\033")" out
'

test_expect_success 'MEMDRILL_ASCII=1 gives an ASCII-only report' '
	MEMDRILL_ASCII=1 memdrill stats >out &&
	! LC_ALL=C grep -q "[^ -~]" out
'

test_expect_success 'plurals: a section of one card says "1 card,"' '
	printf "# One\n\n## Lonely\n\nQ: alone\nA: yes\n[Basic]\n" >one.md &&
	MEMDRILL_DB=$TRASH/one.db memdrill import one.md >/dev/null &&
	MEMDRILL_DB=$TRASH/one.db memdrill stats >out &&
	grep "Lonely  *1 card,  *0 due" out &&
	! grep " 1 cards" out
'

test_done
