#!/bin/sh
# t-stats-days.sh - stats keeps the review log summed per day
# (revlog_days) and reads only the reviews since: whatever writes the
# review log, the report is the one a stats reading every row prints.
. "$(dirname "$0")/../lib.sh"

cp "$TEST_TOP/tests/tui/deck.md.in" deck.md

# The report of a copy of the collection with the sums thrown away: what
# stats prints reading every review.
full() {
	rm -f full.db &&
	sqlite3 "$MEMDRILL_DB" ".backup full.db" &&
	sqlite3 full.db "DELETE FROM revlog_days_frame;
		DELETE FROM revlog_days" &&
	MEMDRILL_DB=$TRASH/full.db memdrill stats
}

frames() {
	sqlite3 "$MEMDRILL_DB" "SELECT count(*) FROM revlog_days_frame"
}

now_ms=$(($(date +%s) * 1000))

test_expect_success 'setup: 60 days of reviews, replayed from events' '
	memdrill import deck.md >/dev/null &&
	sqlite3 "$MEMDRILL_DB" "WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL
		SELECT i + 1 FROM k WHERE i < 299),
		c(n, key) AS (SELECT row_number() OVER (ORDER BY id) - 1, key
			FROM cards)
		INSERT INTO events(device, seq, time, kind, subject, rating,
			duration_ms)
		SELECT (SELECT value FROM local WHERE key = \"device\"), i + 1,
			$now_ms - (60 - i / 5) * 86400000 + (i % 5) * 60000,
			\"review\", c.key, 1 + (i * 7) % 4, 4000
		FROM k JOIN c ON c.n = i % 5" &&
	memdrill rebuild >/dev/null &&
	test "$(sqlite3 "$MEMDRILL_DB" "SELECT count(*) FROM revlog")" = 300
'

test_expect_success 'the first stats sums every closed day' '
	memdrill stats >out1 &&
	test "$(frames)" = 1 &&
	sqlite3 "$MEMDRILL_DB" "SELECT (SELECT sum(reviews) FROM revlog_days),
		(SELECT count(*) FROM revlog WHERE time <
			(SELECT upto FROM revlog_days_frame))" >sums &&
	read a b <sums && test "${a%%|*}" = "${a##*|}" &&
	test "${a%%|*}" -gt 200 &&
	full >expect && test_cmp expect out1
'

test_expect_success 'the next one reads the sums: the same report' '
	memdrill stats >out2 &&
	test_cmp out1 out2 &&
	test "$(frames)" = 1
'

test_expect_success 'a grade today keeps the sums; report as reading all' '
	printf "3\nq\n" | memdrill drill --plain >/dev/null &&
	test "$(frames)" = 1 &&
	memdrill stats >out3 &&
	! test_cmp out2 out3 >/dev/null &&
	full >expect && test_cmp expect out3
'

test_expect_success 'undo keeps them too' '
	printf "3\nu\nq\n" | memdrill drill --plain >/dev/null &&
	test "$(frames)" = 1 &&
	memdrill stats >out &&
	full >expect && test_cmp expect out
'

# The sums end at the start of the day holding time $1 (ms): upto is
# that day's start, no day from it on is summed, earlier ones are.
back_to() {
	sqlite3 "$MEMDRILL_DB" "SELECT upto <= $1 AND $1 - upto < 86400000,
		(SELECT count(*) FROM revlog_days WHERE day >= upto_day),
		(SELECT count(*) FROM revlog_days WHERE day < upto_day) > 0
		FROM revlog_days_frame" >back &&
	echo "1|0|1" >expect.back && test_cmp expect.back back
}

test_expect_success 'a review arriving in the past: sums back to its day' '
	t=$((now_ms - 5 * 86400000)) &&
	sqlite3 "$MEMDRILL_DB" "INSERT INTO revlog(card_id, time, rating,
		state, elapsed_days) SELECT min(id), $t, 1, 2, 30 FROM cards" &&
	back_to $t &&
	memdrill stats >out4 &&
	test "$(frames)" = 1 &&
	full >expect && test_cmp expect out4 &&
	! test_cmp out3 out4 >/dev/null
'

test_expect_success 'a past review changed or removed: back to its day' '
	t=$(sqlite3 "$MEMDRILL_DB" "SELECT time FROM revlog WHERE id =
		(SELECT min(id) FROM revlog WHERE time > $now_ms - 20 * 86400000)") &&
	sqlite3 "$MEMDRILL_DB" "UPDATE revlog SET rating = 4 WHERE time = $t" &&
	back_to $t &&
	memdrill stats >out &&
	full >expect && test_cmp expect out &&
	t=$(sqlite3 "$MEMDRILL_DB" "SELECT time FROM revlog WHERE id =
		(SELECT min(id) FROM revlog WHERE time > $now_ms - 30 * 86400000)") &&
	sqlite3 "$MEMDRILL_DB" "DELETE FROM revlog WHERE time = $t" &&
	back_to $t &&
	memdrill stats >out &&
	full >expect && test_cmp expect out &&
	t=$(sqlite3 "$MEMDRILL_DB" "SELECT max(time) FROM revlog WHERE time <
		$now_ms - 40 * 86400000") &&
	sqlite3 "$MEMDRILL_DB" "UPDATE revlog SET time = $now_ms - 1000
		WHERE time = $t" &&
	back_to $t &&
	memdrill stats >out &&
	full >expect && test_cmp expect out
'

test_expect_success 'a row centuries back empties them' '
	sqlite3 "$MEMDRILL_DB" "INSERT INTO revlog(card_id, time, rating,
		state) SELECT min(id), -20000000000000, 3, 2 FROM cards" &&
	test "$(frames)" = 0 &&
	test "$(sqlite3 "$MEMDRILL_DB" "SELECT count(*) FROM revlog_days")" = 0 &&
	memdrill stats >out &&
	full >expect && test_cmp expect out &&
	sqlite3 "$MEMDRILL_DB" "DELETE FROM revlog WHERE time < 0"
'

test_expect_success 'another time zone or rollover sums again' '
	TZ=Asia/Kathmandu memdrill stats >out &&
	sqlite3 "$MEMDRILL_DB" "SELECT frame FROM revlog_days_frame" >f &&
	grep -q "^tz=20700 rollover=4 " f &&
	TZ=Asia/Kathmandu full >expect && test_cmp expect out &&
	mkdir -p "$XDG_CONFIG_HOME/memdrill" &&
	echo "rollover_hour = 0" >"$XDG_CONFIG_HOME/memdrill/config" &&
	memdrill stats >out &&
	sqlite3 "$MEMDRILL_DB" "SELECT frame FROM revlog_days_frame" >f &&
	grep -q "^tz=0 rollover=0 " f &&
	full >expect && test_cmp expect out
'

test_expect_success 'a collection held by another writer: report, no sums' '
	sqlite3 "$MEMDRILL_DB" "DELETE FROM revlog_days_frame" &&
	{ echo "BEGIN IMMEDIATE; INSERT INTO local VALUES(\"x\", \"y\");";
	  sleep 3; echo "ROLLBACK;"; } | command sqlite3 "$MEMDRILL_DB" &
	sleep 1 &&
	memdrill stats >out 2>err &&
	test_cmp expect out &&
	test "$(frames)" = 0 &&
	wait &&
	memdrill stats >out && test "$(frames)" = 1
'

test_expect_success 'sums edited out of bounds are not used, written again' '
	memdrill stats >/dev/null &&
	sqlite3 "$MEMDRILL_DB" "UPDATE revlog_days SET young_pass = 2000000000
		WHERE day = (SELECT max(day) FROM revlog_days)" &&
	memdrill stats >out &&
	full >expect && test_cmp expect out &&
	test "$(sqlite3 "$MEMDRILL_DB" "SELECT max(young_pass) <= max(reviews)
		FROM revlog_days")" = 1 &&
	sqlite3 "$MEMDRILL_DB" "UPDATE revlog_days SET day = -9223372036854775808
		WHERE day = (SELECT min(day) FROM revlog_days)" &&
	memdrill stats >out &&
	full >expect && test_cmp expect out &&
	sqlite3 "$MEMDRILL_DB" "UPDATE revlog_days_frame SET upto_day =
		9223372036854775807" &&
	memdrill stats >out &&
	full >expect && test_cmp expect out &&
	sqlite3 "$MEMDRILL_DB" "UPDATE revlog_days_frame SET upto = upto + 1" &&
	memdrill stats >out &&
	full >expect && test_cmp expect out &&
	test "$(sqlite3 "$MEMDRILL_DB" "SELECT upto % 3600000
		FROM revlog_days_frame")" = 0
'

test_expect_success 'a review at the end of time is counted, not a crash' '
	sqlite3 "$MEMDRILL_DB" "INSERT INTO revlog(card_id, time, rating, state)
		SELECT min(id), -9223372036854775808, 3, 2 FROM cards;
		INSERT INTO revlog(card_id, time, rating, state)
		SELECT min(id), 9223372036854775807, 3, 2 FROM cards" &&
	memdrill stats >out &&
	full >expect && test_cmp expect out &&
	sqlite3 "$MEMDRILL_DB" "DELETE FROM revlog WHERE time < -1e18 OR time > 1e18"
'

test_expect_success 'rebuild empties them; stats after it reads all' '
	memdrill rebuild >/dev/null &&
	test "$(frames)" = 0 &&
	memdrill stats >out &&
	full >expect && test_cmp expect out &&
	test "$(sqlite3 "$MEMDRILL_DB" "SELECT count(*) FROM sqlite_master
		WHERE type = \"trigger\" AND tbl_name = \"revlog\"")" = 3
'

test_done
