#!/bin/sh
# t-sched-queue.sh - `memdrill sched suspend|unsuspend|bury`: cards leave
# and rejoin today's queue (seen through `memdrill cards --due`); a bad key
# changes nothing.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'setup: two new cards, both due today' '
	printf "# D\n\nQ: alpha\nA: a\n[Basic]\n\nQ: beta\nA: b\n[Basic]\n" \
		>d.md &&
	memdrill import d.md >/dev/null &&
	memdrill cards --due | cut -f5 >due &&
	printf "alpha\nbeta\n" >expect && test_cmp expect due
'

key_of() {
	sqlite3 "$MEMDRILL_DB" "select key from cards where question = '$1'"
}

test_expect_success 'suspend hides a card; unsuspend brings it back' '
	k=$(key_of alpha) && test -n "$k" &&
	memdrill sched suspend "$k" &&
	test "$(sqlite3 "$MEMDRILL_DB" "select s.queue from card_state s
		join cards c on c.id = s.card_id where c.key = '\''$k'\''")" = 2 &&
	memdrill cards --due | cut -f5 >due &&
	echo beta >expect && test_cmp expect due &&
	memdrill sched unsuspend "$k" &&
	memdrill cards --due | cut -f5 >due &&
	printf "alpha\nbeta\n" >expect && test_cmp expect due
'

test_expect_success 'bury hides a card until the next rollover' '
	k=$(key_of beta) &&
	memdrill sched bury "$k" &&
	memdrill cards --due | cut -f5 >due &&
	echo alpha >expect && test_cmp expect due &&
	until=$(sqlite3 "$MEMDRILL_DB" "select s.buried_until from card_state s
		join cards c on c.id = s.card_id where c.key = '\''$k'\''") &&
	now=$(date +%s) &&
	test "$until" -gt "$now" && test "$until" -le $((now + 90000)) &&
	memdrill sched unsuspend "$k" &&
	memdrill cards --due | cut -f5 >due &&
	printf "alpha\nbeta\n" >expect && test_cmp expect due
'

test_expect_success 'an unknown key is an error and nothing changes' '
	k=$(key_of alpha) &&
	test_expect_code_run 2 memdrill sched suspend "$k" no-such-card 2>err &&
	grep "no-such-card" err &&
	memdrill cards --due | cut -f5 >due &&
	printf "alpha\nbeta\n" >expect && test_cmp expect due
'

test_expect_success 'no key is a usage error' '
	test_expect_code_run 2 memdrill sched suspend
'

test_done
