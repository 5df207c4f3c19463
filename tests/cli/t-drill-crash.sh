#!/bin/sh
# t-drill-crash.sh - a drill killed with SIGKILL after N grades has N
# review-log rows; two drills on one collection never corrupt it.
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	test_skip "crash" "the sqlite3 shell is not installed"
	test_done
	exit
fi
cp "$TEST_TOP/tests/tui/deck.md.in" deck.md
test_expect_success 'the test deck imports' '
	memdrill import deck.md
'

# wait_lines PATTERN N FILE: wait until FILE has N lines matching PATTERN.
wait_lines() {
	i=0
	while [ "$(grep -c "$1" "$3" 2>/dev/null)" -lt "$2" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || return 1
		sleep 0.05
	done
}

test_expect_success 'SIGKILL after 3 grades leaves 3 review-log rows' '
	mkfifo fifo &&
	{ memdrill drill --plain <fifo >out 2>err & echo $! >pid; } &&
	exec 3>fifo &&
	for n in 1 2 3; do
		wait_lines "^grade?" $n out || exit 1
		echo 4 >&3
	done &&
	wait_lines "^graded" 3 out &&
	kill -9 "$(cat pid)" &&
	exec 3>&- &&
	[ "$(sqlite3 "$MEMDRILL_DB" "select count(*) from revlog")" = 3 ] &&
	[ "$(sqlite3 "$MEMDRILL_DB" "pragma integrity_check")" = ok ]
'

test_expect_success 'two drills at once: both finish, collection intact' '
	rm -f "$MEMDRILL_DB"* &&
	memdrill import deck.md >/dev/null 2>&1 &&
	{ printf "1\n1\n1\n1\n1\nq\n" | memdrill drill --plain >a 2>ea & } &&
	{ printf "1\n1\n1\n1\n1\nq\n" | memdrill drill --plain >b 2>eb & } &&
	wait &&
	grep -q "^summary" a && grep -q "^summary" b &&
	[ "$(sqlite3 "$MEMDRILL_DB" "pragma integrity_check")" = ok ] &&
	rows=$(sqlite3 "$MEMDRILL_DB" "select count(*) from revlog") &&
	graded=$(cat a b | grep -c "^graded") &&
	echo "rows $rows graded $graded" &&
	[ "$rows" = "$graded" ]
'

test_expect_success 'collection locked over 5 s: clear error, retry works' '
	rm -f "$MEMDRILL_DB"* fifo2 &&
	memdrill import deck.md >/dev/null 2>&1 &&
	mkfifo fifo2 &&
	{ memdrill drill --plain <fifo2 >out 2>err & echo $! >pid; } &&
	exec 4>fifo2 &&
	wait_lines "^grade?" 1 out &&
	{ ( echo "BEGIN IMMEDIATE;"; sleep 7; echo "COMMIT;" ) |
	  sqlite3 "$MEMDRILL_DB" & echo $! >lockpid; } &&
	sleep 0.5 &&
	echo 4 >&4 &&
	wait_lines "^error: not saved: " 1 out &&
	[ "$(grep -c "^graded" out)" = 0 ] &&
	while kill -0 "$(cat lockpid)" 2>/dev/null; do sleep 0.1; done &&
	echo 4 >&4 &&
	wait_lines "^graded" 1 out &&
	echo q >&4 &&
	exec 4>&- &&
	wait_lines "^summary" 1 out &&
	grep "^error: not saved: " out &&
	[ "$(sqlite3 "$MEMDRILL_DB" "select count(*) from revlog")" = 1 ]
'

test_done
