#!/bin/sh
# t-sync-kill.sh - a sync killed (SIGKILL) at any point loses no event:
# memdrill alone (its git child runs on) or with its git children, at
# delays spread over a whole sync; after one clean sync the remote holds
# every event of the device, in order, and a second device computes the
# same card states.
. "$(dirname "$0")/../lib.sh"

if ! command -v git >/dev/null || ! command -v sqlite3 >/dev/null ||
   ! command -v setsid >/dev/null; then
	test_skip "sync kill" "git, setsid or the sqlite3 shell is missing"
	test_done
	exit
fi
unset MEMDRILL_DB
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

dev() {
	d=$1
	shift
	XDG_DATA_HOME="$TRASH/$d/data" XDG_CONFIG_HOME="$TRASH/$d/config" \
		memdrill "$@"
}

db() {
	echo "$TRASH/$1/data/memdrill/memdrill.db"
}

states() {
	sqlite3 "$(db "$1")" "SELECT c.key, s.state, s.due, s.reps,
		s.queue, s.buried_until FROM cards c JOIN card_state s ON
		s.card_id = c.id ORDER BY c.key"
}

printf '# K\n\nQ: a?\nA: a.\nID: ka\n[Basic]\n\nQ: b?\nA: b.\nID: kb\n[Basic]\n' \
	>deck.md

test_expect_success 'setup' '
	git init -q --bare remote.git &&
	dev A import deck.md >/dev/null && dev B import deck.md >/dev/null &&
	dev A sync --init "$TRASH/remote.git" >/dev/null &&
	dev B sync --init "$TRASH/remote.git" >/dev/null
'

# Kill sync number $1 after $2 seconds: odd numbers kill memdrill alone,
# even ones its whole process group (git too).
kill_sync() {
	XDG_DATA_HOME="$TRASH/A/data" XDG_CONFIG_HOME="$TRASH/A/config" \
		setsid "$MEMDRILL_BIN" sync >/dev/null 2>&1 &
	pid=$!
	sleep "$2"
	if [ $(($1 % 2)) = 1 ]; then
		kill -9 "$pid" 2>/dev/null
	else
		kill -9 -- "-$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	return 0
}

test_expect_success 'twenty syncs killed at spread points, events between' '
	i=1 &&
	while [ $i -le 20 ]; do
		if [ $((i % 3)) = 0 ]; then
			dev A sched unsuspend ka kb
		else
			dev A sched bury ka && dev A sched suspend kb
		fi || exit 1
		# 0 to 400 ms: a whole sync takes about 300 ms
		kill_sync $i "$(printf "0.%03d" $(( (i * 53) % 400 )))" ||
			exit 1
		i=$((i + 1))
	done &&
	killed=$(sqlite3 "$(db A)" "SELECT count(*) FROM events") &&
	test "$killed" -ge 30
'

test_expect_success 'one clean sync: the remote has every event, in order' '
	dev A sync >out 2>err &&
	devA=$(sqlite3 "$(db A)" "SELECT value FROM local WHERE key = \"device\"") &&
	git -C remote.git show "main:reviews/me/$devA.tsv" >file &&
	grep -v "^#" file | cut -f1 >seqs &&
	sqlite3 "$(db A)" "SELECT seq FROM events WHERE device = \"$devA\"
		ORDER BY seq" >want &&
	test_cmp want seqs &&
	grep -v "^#" file | cut -f3,4 >kinds &&
	sqlite3 -separator "	" "$(db A)" "SELECT kind, subject FROM events
		WHERE device = \"$devA\" ORDER BY seq" >wantk &&
	test_cmp wantk kinds &&
	test "$(git -C A/data/memdrill/sync status --porcelain)" = ""
'

test_expect_success 'what a kill leaves (locks, a torn line, stray files) is undone' '
	git="git -C A/data/memdrill/sync" &&
	devA=$(sqlite3 "$(db A)" "SELECT value FROM local WHERE key = \"device\"") &&
	dev A sched bury kb &&
	touch A/data/memdrill/sync/.git/index.lock \
		A/data/memdrill/sync/.git/refs/heads/main.lock &&
	printf "99\t17" >>"A/data/memdrill/sync/reviews/me/$devA.tsv" &&
	echo stray >A/data/memdrill/sync/reviews/me/stray.tsv &&
	dev A sync >out 2>err && grep "wrote 1 event" out &&
	test ! -e A/data/memdrill/sync/.git/index.lock &&
	test "$($git status --porcelain)" = "" &&
	git -C remote.git show "main:reviews/me/$devA.tsv" | grep -v "^#" |
		cut -f1 >seqs &&
	sqlite3 "$(db A)" "SELECT seq FROM events WHERE device = \"$devA\"
		ORDER BY seq" >want &&
	test_cmp want seqs
'

test_expect_success 'a second device computes the same states' '
	dev B sync >/dev/null &&
	states A >a && states B >b && test_cmp a b
'

test_expect_success 'an import killed mid-way leaves nothing half done' '
	i=1 &&
	while [ $i -le 6 ]; do
		dev A sched bury ka && dev A sync >/dev/null &&
		XDG_DATA_HOME="$TRASH/B/data" XDG_CONFIG_HOME="$TRASH/B/config" \
			setsid "$MEMDRILL_BIN" sync >/dev/null 2>&1 &
		pid=$! &&
		sleep "$(printf "0.%03d" $((i * 45)))" &&
		kill -9 -- "-$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		i=$((i + 1))
	done &&
	dev B sync >/dev/null &&
	states A >a && states B >b && test_cmp a b &&
	dev B rebuild >/dev/null && states B >b2 && test_cmp a b2
'

test_done
