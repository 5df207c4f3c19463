#!/bin/sh
# t-drill-plain.sh - `memdrill drill` plain line protocol: question and
# answer as plain text, grades 1-4, undo, bury, suspend, bad input, end of
# input, the summary, resuming, and the help text describing it.
. "$(dirname "$0")/../lib.sh"

cp "$TEST_TOP/tests/tui/deck.md.in" deck.md
test_expect_success 'the test deck imports' '
	memdrill import deck.md
'
have_sqlite=$(command -v sqlite3 || true)

test_expect_success 'help documents the line protocol' '
	memdrill drill --help >help &&
	grep -q "^  --plain" help &&
	grep -q "grade? 1 Again IVL" help &&
	grep -q "summary: done|paused" help
'

test_expect_code 2 'unknown option is a usage error' '
	memdrill drill --bogus </dev/null
'

test_expect_success 'end of input: first card printed, then summary' '
	memdrill drill </dev/null >out &&
	head -n 1 out | grep -q "^card .*TUI test deck > 1. Basics  \[Basic\]  (0 done, 5 left)" &&
	sed -n 2p out | grep -qx "Q:" &&
	grep -qx "What is a page frame?" out &&
	grep -qx "A:" out &&
	grep -q "^A fixed-size block of physical memory, usually 4 KiB.$" out &&
	grep -q "^grade? 1 Again .* | 4 Easy .* | u b s q$" out &&
	tail -n 1 out | grep -q "^summary: paused, reviewed 0, again 0 (0%)"
'

test_expect_success 'table answer is aligned plain text' '
	printf "4\nq\n" | memdrill drill --plain >out &&
	grep -q "^│ 物理地址 │ RAM芯片上的实际地址 │" out
'

test_expect_success 'grades, undo, bury, suspend and bad input' '
	rm -f "$MEMDRILL_DB" "$MEMDRILL_DB-wal" "$MEMDRILL_DB-shm" &&
	memdrill import deck.md >/dev/null 2>&1 &&
	printf "3\nu\n4\nx\n\n4\nb\ns\nu\nq\n" | memdrill drill --plain >out &&
	grep "^graded" out >graded &&
	test_line_count() { [ "$(wc -l <"$2")" -eq "$1" ]; } &&
	test_line_count 3 graded &&
	grep -q "^undone grade " out &&
	grep -q "^error: expected 1, 2, 3, 4, u, b, s or q$" out &&
	grep -q "^buried " out &&
	grep -q "^suspended " out &&
	grep -q "^undone suspend " out &&
	tail -n 1 out | grep -q "^summary: paused, reviewed 2, again 0"
'

test_expect_success 'review log holds exactly the grades not undone' '
	[ -z "$have_sqlite" ] ||
	[ "$(sqlite3 "$MEMDRILL_DB" "select count(*) from revlog")" = 2 ]
'

test_expect_success 'resume: easy cards are not due again, buried hidden' '
	memdrill drill --plain </dev/null >out2 &&
	head -n 1 out2 | grep -q "(2 done, " &&
	! grep -q "What is a page frame?" out2
'

test_expect_success 'Again keeps the card in today'"'"'s queue' '
	printf "1\nq\n" | memdrill drill --plain >out3 &&
	grep -q "^graded .* 1 Again, next in 1m" out3 &&
	left=$(head -n 1 out3 | sed -n "s/.*done, \([0-9]*\) left.*/\1/p") &&
	tail -n 1 out3 | grep "left $left," &&
	memdrill drill --plain </dev/null >out4 &&
	head -n 1 out4 | grep "done, $left left"
'

test_expect_code 2 'an unknown --deck is a clear error' '
	memdrill drill --deck "No such deck" </dev/null 2>err;
	rc=$?; grep -q "no deck .No such deck." err; exit $rc
'

test_expect_success '--deck limits the queue to that deck' '
	printf "# Other deck\n\n## 1. X\n\nQ: Other?\nA: Yes.\n[Basic]\n" \
		>other.md &&
	memdrill import other.md >/dev/null &&
	memdrill drill --deck "Other deck" </dev/null >o &&
	grep -qx "Other?" o &&
	head -n 1 o | grep -q " done, 1 left)" &&
	! grep -q "TUI test deck" o
'

test_expect_success '"done" in a --deck session counts that deck only' '
	test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from revlog")" -gt 0 &&
	printf "3\nq\n" | memdrill drill --plain --deck "Other deck" >o2 &&
	grep -q "^graded " o2 &&
	printf "# Third\n\n## 1. Y\n\nQ: Third?\nA: Yes.\n[Basic]\n" \
		>third.md &&
	memdrill import third.md >/dev/null &&
	memdrill drill --deck Third </dev/null >o3 &&
	head -n 1 o3 | grep "(0 done, 1 left)"
'

test_expect_success 'a graduation shows the scheduled days, not time to the rollover' '
	rm -f "$MEMDRILL_DB" "$MEMDRILL_DB-wal" "$MEMDRILL_DB-shm" &&
	memdrill import deck.md >/dev/null 2>&1 &&
	mkdir -p "$XDG_CONFIG_HOME/memdrill" &&
	h=$(( ($(date -u +%H | sed "s/^0//") + 1) % 24 )) &&
	echo "rollover_hour = $h" >"$XDG_CONFIG_HOME/memdrill/config" &&
	printf "4\nq\n" | TZ=UTC memdrill drill --plain >out &&
	rm "$XDG_CONFIG_HOME/memdrill/config" &&
	days=$(sqlite3 "$MEMDRILL_DB" "select scheduled_days from revlog") &&
	test "$days" -ge 1 &&
	grep "^graded .* 4 Easy, next in ${days}d$" out &&
	grep "^grade? .* 4 Easy ${days}d " out
'

test_expect_success 'the summary says when the next card falls due' '
	rm -f "$MEMDRILL_DB" "$MEMDRILL_DB-wal" "$MEMDRILL_DB-shm" &&
	memdrill import deck.md >/dev/null 2>&1 &&
	printf "q\n" | memdrill drill --plain >out &&
	tail -n 1 out | grep -q ", next due none$" &&
	printf "4\nq\n" | memdrill drill --plain >out &&
	due=$(sqlite3 "$MEMDRILL_DB" "select due from card_state where state = 2") &&
	d=$(date -d "@$due" +%F) &&
	if [ "$d" = "$(date +%F)" ]; then
		want="today $(date -d "@$due" +%H:%M)"
	elif [ "$d" = "$(date -d "+1 day" +%F)" ]; then
		want="tomorrow $(date -d "@$due" +%H:%M)"
	else
		want=$(date -d "@$due" "+%Y-%m-%d %H:%M")
	fi &&
	tail -n 1 out | grep -q ", next due $want$"
'

test_expect_success 'a card with a lab says so on its card line' '
	printf "# Lab deck\n\nQ: split?\nA: halves\nLab: sim-buddy-split\n[Basic]\n" >labdeck.md &&
	MEMDRILL_DB=$TRASH/lab.db memdrill import labdeck.md >/dev/null &&
	MEMDRILL_DB=$TRASH/lab.db memdrill drill </dev/null >out &&
	head -n 1 out | grep -q "(0 done, 1 left)  lab sim-buddy-split$" &&
	memdrill drill </dev/null | head -n 1 | grep -vq " lab "
'

test_done
