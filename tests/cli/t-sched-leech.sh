#!/bin/sh
# t-sched-leech.sh - leeches through a real grade: the lapse that reaches
# leech_threshold (default 8) tags the card, then every half threshold
# more (12, 16, ...); leech_action = suspend also suspends it.  Each grade
# writes the state and one review-log row.
. "$(dirname "$0")/../lib.sh"

# Make the only card a review card due now with $1 lapses.
review_card() {
	sqlite3 "$MEMDRILL_DB" "update card_state set state = 2, step = 0,
		due = strftime('%s','now') - 60, stability = 3, difficulty = 6,
		last_review = strftime('%s','now') - 5 * 86400, reps = 10,
		lapses = $1, queue = 0, leech = 0"
}

state() {
	sqlite3 "$MEMDRILL_DB" "select lapses, leech, queue from card_state"
}

test_expect_success 'setup' '
	printf "# D\n\nQ: alpha\nA: a\n[Basic]\n" >d.md &&
	memdrill import d.md >/dev/null
'

test_expect_success 'the 8th lapse tags a leech; the card stays in the queue' '
	review_card 7 &&
	echo 1 | memdrill drill --plain >out &&
	grep "^graded .* 1 Again" out &&
	grep "is a leech: tagged; consider rewriting it" out &&
	echo "8|1|0" >expect && state >got && test_cmp expect got &&
	test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from revlog
		where rating = 1 and state = 2")" = 1
'

test_expect_success 'lapses 9 to 11 do not tag, 12 does (every 4 more)' '
	for n in 8 9 10; do
		review_card $n &&
		echo 1 | memdrill drill --plain >out &&
		! grep "is a leech" out &&
		echo "$((n + 1))|0|0" >expect && state >got &&
		test_cmp expect got || exit 1
	done &&
	review_card 11 &&
	echo 1 | memdrill drill --plain >/dev/null &&
	echo "12|1|0" >expect && state >got && test_cmp expect got
'

test_expect_success 'a pass is no lapse and tags nothing' '
	review_card 7 &&
	echo 3 | memdrill drill --plain >/dev/null &&
	echo "7|0|0" >expect && state >got && test_cmp expect got
'

test_expect_success 'leech_action = suspend suspends the leech' '
	mkdir -p "$XDG_CONFIG_HOME/memdrill" &&
	printf "leech_threshold = 4\nleech_action = suspend\n" \
		>"$XDG_CONFIG_HOME/memdrill/config" &&
	review_card 3 &&
	echo 1 | memdrill drill --plain >out &&
	grep "is a leech: suspended" out &&
	echo "4|1|2" >expect && state >got && test_cmp expect got &&
	memdrill cards --due >due && test ! -s due
'

test_done
