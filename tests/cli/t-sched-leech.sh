#!/bin/sh
# t-sched-leech.sh - leeches through a real grade: the lapse that reaches
# leech_threshold (default 8) tags the card, then every half threshold
# more (12, 16, ...); leech_action = suspend also suspends it.  Each grade
# writes the state and one review-log row.
. "$(dirname "$0")/../lib.sh"

# Make the only card a review card due now with $1 lapses: its event log
# becomes an Easy 400 days ago, then $1 times Again and Good 30 days
# apart, and the collection is rebuilt from it (the events are the
# truth; card_state is their replay).
review_card() {
	sqlite3 "$MEMDRILL_DB" "delete from events;
		insert into events(device, seq, time, kind, subject, rating,
			duration_ms)
		select (select value from local where key = 'device'), 1,
			(strftime('%s','now') - 400 * 86400) * 1000, 'review',
			key, 4, 0 from cards;" &&
	i=1 && while [ $i -le "$1" ]; do
		sqlite3 "$MEMDRILL_DB" "insert into events(device, seq, time,
			kind, subject, rating, duration_ms)
			select device, seq + 1, time + 30 * 86400000, 'review',
			subject, 1, 0 from events where seq = (select max(seq)
			from events);
			insert into events(device, seq, time, kind, subject,
			rating, duration_ms)
			select device, seq + 1, time + 3600000, 'review',
			subject, 3, 0 from events where seq = (select max(seq)
			from events);" || return 1
		i=$((i + 1))
	done &&
	memdrill rebuild >/dev/null
}

again_rows() {
	sqlite3 "$MEMDRILL_DB" "select count(*) from revlog
		where rating = 1 and state = 2"
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
	echo "7|0|0" >expect && state >got && test_cmp expect got &&
	before=$(again_rows) &&
	echo 1 | memdrill drill --plain >out &&
	grep "^graded .* 1 Again" out &&
	grep "is a leech: tagged; consider rewriting it" out &&
	echo "8|1|0" >expect && state >got && test_cmp expect got &&
	test "$(again_rows)" = $((before + 1))
'

test_expect_success 'lapses 9 to 11 do not tag, 12 does (every 4 more)' '
	for n in 8 9 10; do
		review_card $n &&
		echo 1 | memdrill drill --plain >out &&
		! grep "is a leech" out &&
		echo "$((n + 1))|1|0" >expect && state >got &&
		test_cmp expect got || exit 1
	done &&
	review_card 11 &&
	echo 1 | memdrill drill --plain >out &&
	grep "is a leech: tagged" out &&
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
