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

test_expect_success 'suspend and bury say what they did; cards shows and filters it' '
	a=$(key_of alpha) && b=$(key_of beta) &&
	memdrill sched suspend "$(echo "$a" | cut -c1-6)" >out &&
	echo "suspended $a" >expect && test_cmp expect out &&
	memdrill sched bury "$b" >out &&
	echo "buried $b" >expect && test_cmp expect out &&
	memdrill cards | cut -f1,6 >got &&
	printf "%s\tsuspended\n%s\tburied\n" "$a" "$b" >expect &&
	test_cmp expect got &&
	memdrill cards --suspended | cut -f1 >got &&
	echo "$a" >expect && test_cmp expect got &&
	memdrill cards --buried | cut -f1 >got &&
	echo "$b" >expect && test_cmp expect got &&
	memdrill sched unsuspend "$a" "$b" >out &&
	printf "unsuspended %s\nunsuspended %s\n" "$a" "$b" >expect &&
	test_cmp expect out
'

test_expect_success 'cards on a terminal never cuts the key' '
	if ! command -v script >/dev/null; then echo "no script(1)"; exit 1; fi &&
	printf "Q: long\nA: x\nID: a-very-long-card-key-for-show\n[Basic]\n" >long.md &&
	memdrill import long.md >/dev/null &&
	COLUMNS=60 script -qc "$MEMDRILL_BIN cards" /dev/null >tty.out &&
	grep "^a-very-long-card-key-for-show " tty.out &&
	memdrill show a-very-long-card-key-for-show >/dev/null
'

test_expect_success 'cards shows due dates as drill days (rollover hour applied)' '
	k=$(key_of alpha) &&
	id=$(sqlite3 "$MEMDRILL_DB" "select id from cards where key = '"'"'$k'"'"'") &&
	t=$(TZ=UTC date -d "2030-01-10 02:00" +%s) &&
	sqlite3 "$MEMDRILL_DB" "update card_state set state = 2, due = $t,
		last_review = $t - 86400, stability = 5, difficulty = 5
		where card_id = $id" &&
	TZ=UTC memdrill cards | grep "^$k	" | cut -f6 >got &&
	echo 2030-01-09 >expect && test_cmp expect got &&
	mkdir -p "$XDG_CONFIG_HOME/memdrill" &&
	echo "rollover_hour = 0" >"$XDG_CONFIG_HOME/memdrill/config" &&
	TZ=UTC memdrill cards | grep "^$k	" | cut -f6 >got &&
	rm "$XDG_CONFIG_HOME/memdrill/config" &&
	echo 2030-01-10 >expect && test_cmp expect got
'

test_done
