#!/bin/sh
# t-sync.sh - two devices (two XDG homes) and a bare repository: grades on
# both, the same card too, synced in either order, end with identical card
# states equal to a full replay; a third device that syncs from nothing
# computes the same; offline commits are pushed later; an undo, a bury and
# events of a card not imported yet travel; a bad line in another device's
# file is named and that file skipped.
. "$(dirname "$0")/../lib.sh"

if ! command -v git >/dev/null || ! command -v sqlite3 >/dev/null; then
	test_skip "sync" "git or the sqlite3 shell is not installed"
	test_done
	exit
fi
unset MEMDRILL_DB
# git must not read the tester's settings
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1

# dev NAME ARGS...: memdrill as device NAME
dev() {
	d=$1
	shift
	XDG_DATA_HOME="$TRASH/$d/data" XDG_CONFIG_HOME="$TRASH/$d/config" \
		memdrill "$@"
}

db() {
	echo "$TRASH/$1/data/memdrill/memdrill.db"
}

# Every card's state on device $1, by key.
states() {
	sqlite3 "$(db "$1")" "SELECT c.key, s.state, s.step, s.due,
		printf('%.9f', s.stability), printf('%.9f', s.difficulty),
		s.last_review, s.reps, s.lapses, s.queue, s.buried_until,
		s.leech FROM cards c JOIN card_state s ON s.card_id = c.id
		ORDER BY c.key"
}

# The review log on device $1, by key and time.
revlog() {
	sqlite3 "$(db "$1")" "SELECT c.key, r.time, r.rating, r.state,
		r.elapsed_days, r.scheduled_days, printf('%.9f', r.stability)
		FROM revlog r JOIN cards c ON c.id = r.card_id
		ORDER BY c.key, r.time"
}

same_states() {
	states "$1" >s1 && states "$2" >s2 && test_cmp s1 s2 &&
	revlog "$1" >r1 && revlog "$2" >r2 && test_cmp r1 r2
}

card() {
	printf 'Q: %s?\nA: %s.\nID: %s\n[Basic]\n\n' "$1" "$1" "$1"
}

{ echo "# Sync deck"; echo; card k1; card k2; card k3; } >deck.md

test_expect_success 'setup: a bare repository, two devices' '
	git init -q --bare remote.git &&
	dev A import deck.md >/dev/null && dev B import deck.md >/dev/null &&
	dev A sync --init "$TRASH/remote.git" >out &&
	grep "syncing through" out &&
	dev B sync --init "$TRASH/remote.git" >out &&
	test -d A/data/memdrill/sync/.git && test -d B/data/memdrill/sync/.git
'

test_expect_success 'each device has its own id, made once' '
	a=$(sqlite3 "$(db A)" "SELECT value FROM local WHERE key = \"device\"") &&
	b=$(sqlite3 "$(db B)" "SELECT value FROM local WHERE key = \"device\"") &&
	test -n "$a" && test -n "$b" && test "$a" != "$b" &&
	dev A sync >/dev/null &&
	test "$a" = "$(sqlite3 "$(db A)" \
		"SELECT value FROM local WHERE key = \"device\"")"
'

test_expect_success 'grades on both, the same card too; A, B, A' '
	printf "3\n1\nq\n" | dev A drill --plain >/dev/null &&
	printf "2\nb\n4\nq\n" | dev B drill --plain >/dev/null &&
	dev A sync >outA1 && grep "wrote 2 events" outA1 &&
	grep "^pushed" outA1 &&
	dev B sync >outB && grep "wrote 3 events" outB &&
	grep "2 events (2 reviews)" outB &&
	dev A sync >outA2 && grep "3 events (2 reviews, 1 bury)" outA2 &&
	same_states A B &&
	dev A cards --due >dueA && dev B cards --due >dueB &&
	test -s dueA && test_cmp dueA dueB &&
	test "$(sqlite3 "$(db A)" "SELECT reps FROM card_state s JOIN
		cards c ON c.id = s.card_id WHERE c.key = \"k1\"")" = 2
'

test_expect_success 'the states are a full replay (rebuild changes nothing)' '
	states A >before && revlog A >rbefore &&
	sqlite3 "$(db A)" .schema | sort >schema1 &&
	dev A rebuild >out && grep "replayed 5 events of 3 cards" out &&
	states A >after && revlog A >rafter &&
	test_cmp before after && test_cmp rbefore rafter &&
	sqlite3 "$(db A)" .schema | sort >schema2 && test_cmp schema1 schema2
'

test_expect_success 'the comparison can fail: a hand-edited state differs' '
	sqlite3 "$(db B)" "UPDATE card_state SET reps = 99" &&
	! same_states A B &&
	dev B rebuild >/dev/null && same_states A B
'

test_expect_success 'more grades, synced the other way round: B, A, B' '
	printf "4\n3\nq\n" | dev A drill --plain >/dev/null &&
	sleep 1 &&
	printf "1\nq\n" | dev B drill --plain >/dev/null &&
	dev B sync >/dev/null && dev A sync >/dev/null &&
	dev B sync >/dev/null &&
	same_states A B
'

test_expect_success 'a third device that syncs from nothing computes the same' '
	dev C import deck.md >/dev/null &&
	dev C sync --init "$TRASH/remote.git" >out &&
	grep "from .*: .* events" out &&
	same_states A C
'

test_expect_success 'an undo travels: the undone grade is in no state' '
	n=$(sqlite3 "$(db A)" "SELECT count(*) FROM revlog") &&
	dev A sched reset k2 &&
	printf "2\nu\nq\n" | dev A drill --plain >out && grep "^undone grade" out &&
	test "$(sqlite3 "$(db A)" "SELECT count(*) FROM revlog")" = "$n" &&
	test "$(sqlite3 "$(db A)" "SELECT count(*) FROM events WHERE
		kind = \"undo\"")" = 1 &&
	dev A sync >/dev/null && dev B sync >out &&
	grep "1 review, 1 undo, 1 reset" out &&
	same_states A B
'

test_expect_success 'offline: committed here, pushed at the next sync' '
	mv remote.git away.git &&
	dev A sched suspend k1 &&
	dev A sync >out 2>err &&
	grep "remote not reached" err &&
	test "$(git -C A/data/memdrill/sync status --porcelain)" = "" &&
	git -C A/data/memdrill/sync log -1 --format=%s | grep "1 event" &&
	mv away.git remote.git &&
	dev A sync >out && grep "^pushed" out &&
	dev B sync >out && grep "1 suspend" out &&
	same_states A B
'

test_expect_success 'a lab run travels: lab_runs and lab list on the other side' '
	dev A lab run sim-buddy-split >out &&
	dev A sync >/dev/null && dev B sync >out && grep "1 lab" out &&
	sqlite3 "$(db A)" "SELECT lab, time, mode, verdict FROM lab_runs" >la &&
	sqlite3 "$(db B)" "SELECT lab, time, mode, verdict FROM lab_runs" >lb &&
	test -s la && test_cmp la lb &&
	dev B lab list | grep "^sim-buddy-split.*pass"
'

test_expect_success 'events of a card not imported here wait for its deck' '
	{ echo "# More"; echo; card k9; } >more.md &&
	dev A import more.md >/dev/null &&
	dev A sched suspend k9 &&
	dev A sync >/dev/null && dev B sync >out &&
	grep "1 suspend" out && grep "0 cards replayed" out &&
	dev B import more.md >/dev/null &&
	same_states A B &&
	test "$(sqlite3 "$(db B)" "SELECT queue FROM card_state s JOIN
		cards c ON c.id = s.card_id WHERE c.key = \"k9\"")" = 2
'

test_expect_success 'a bad line in another device file: named, that file skipped' '
	git clone -q -b main remote.git evil &&
	mkdir -p evil/reviews/me &&
	printf "1\t1700000000000\treview\tk1\t3\t0\n2\t1700000000001\treview\tk1\t7\t0\n" \
		>evil/reviews/me/badbadbadbad.tsv &&
	printf "1\t1700000000000\treview\tk2\t3\t0\n" \
		>evil/reviews/me/goodgoodgood.tsv &&
	git -C evil add . &&
	git -C evil -c user.name=x -c user.email=x@x commit -qm evil &&
	git -C evil push -q origin HEAD &&
	test_expect_code_run 1 dev B sync >out 2>err &&
	grep "reviews/me/badbadbadbad.tsv:2: bad rating" err &&
	grep "from goodgoodgood: 1 event" out &&
	test "$(sqlite3 "$(db B)" "SELECT count(*) FROM events WHERE
		device = \"badbadbadbad\"")" = 0 &&
	git -C evil rm -q reviews/me/badbadbadbad.tsv &&
	git -C evil -c user.name=x -c user.email=x@x commit -qm fix &&
	git -C evil push -q origin HEAD &&
	dev A sync >/dev/null && dev B sync >/dev/null && same_states A B
'

# push_file NAME TEXT: a commit of reviews/me/NAME.tsv made outside memdrill
push_file() {
	rm -rf other && git clone -q -b main remote.git other &&
	mkdir -p other/reviews/me && printf "$2" >"other/reviews/me/$1.tsv" &&
	git -C other add . &&
	git -C other -c user.name=x -c user.email=x@x commit -qm "$1" &&
	git -C other push -q origin HEAD
}

now_ms() {
	echo $(( $(date +%s) * 1000 ))
}

test_expect_success 'clock skew: an action is never ordered before what it saw' '
	future=$(( $(now_ms) + 3600 * 1000 )) &&
	push_file fastclock000 "1\t$future\treview\tk3\t3\t0\n" &&
	dev A sync >out && grep "from fastclock000: 1 event" out &&
	dev A sched bury k3 &&
	t=$(sqlite3 "$(db A)" "SELECT max(time) FROM events WHERE
		kind = \"bury\"") &&
	test "$t" = $((future + 1)) &&
	test "$(sqlite3 "$(db A)" "SELECT queue FROM card_state s JOIN
		cards c ON c.id = s.card_id WHERE c.key = \"k3\"")" = 1 &&
	dev A sync >/dev/null && dev B sync >/dev/null && same_states A B
'

test_expect_success 'identical timestamps: ordered by device id, everywhere' '
	t=$(( $(now_ms) + 7200 * 1000 )) &&
	push_file tieb00000000 "1\t$t\treview\tk2\t1\t0\n" &&
	push_file tiea00000000 "1\t$t\treview\tk2\t4\t0\n" &&
	dev A sync >/dev/null && dev B sync >/dev/null && same_states A B &&
	sqlite3 "$(db A)" "SELECT r.rating FROM revlog r JOIN cards c ON
		c.id = r.card_id WHERE c.key = \"k2\" ORDER BY r.time DESC,
		r.id DESC LIMIT 2" >got &&
	printf "1\n4\n" >want && test_cmp want got &&
	dev B rebuild >/dev/null && same_states A B
'

test_expect_success 'a card whose ID changed on one device starts anew there' '
	sed "s/^ID: k1\$/ID: k1new/" deck.md >deck2.md && mv deck2.md deck.md &&
	dev A import deck.md >out && grep "1 added, .* 1 retired" out &&
	dev A sched suspend k1new &&
	dev A sync >/dev/null && dev B sync >/dev/null &&
	states B >before &&
	grep "^k1|" before && ! grep "^k1new|" before &&
	dev B import deck.md >/dev/null &&
	same_states A B &&
	test "$(sqlite3 "$(db B)" "SELECT s.queue, s.reps FROM card_state s
		JOIN cards c ON c.id = s.card_id WHERE c.key = \"k1new\"")" = "2|0" &&
	test "$(sqlite3 "$(db B)" "SELECT c.retired, s.reps > 0 FROM
		card_state s JOIN cards c ON c.id = s.card_id WHERE
		c.key = \"k1\"")" = "1|1"
'

test_expect_success 'a deck edited on both sides: states follow the events' '
	cp deck.md deck.orig &&
	sed "s/^A: k3.\$/A: k3, said A./" deck.orig >deck.md &&
	dev A import deck.md >/dev/null &&
	sed "s/^A: k3.\$/A: k3, said B./" deck.orig >deck.md &&
	dev B import deck.md >/dev/null &&
	test "$(sqlite3 "$(db A)" "SELECT answer FROM cards WHERE
		key = \"k3\"")" = "k3, said A." &&
	dev A sched unsuspend k3 && dev B sched suspend k2 &&
	dev A sync >/dev/null && dev B sync >/dev/null &&
	dev A sync >/dev/null && same_states A B
'

test_expect_success 'an import of many cards (one pass over all events) agrees' '
	awk "BEGIN { print \"# Many\n\"; for (i = 0; i < 2100; i++)
		printf \"Q: m%d?\nA: m.\nID: m%d\n[Basic]\n\n\", i, i }" >many.md &&
	dev A import many.md >/dev/null && dev B import many.md >/dev/null &&
	sqlite3 "$(db A)" "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL
		SELECT i + 1 FROM n WHERE i < 4199)
		INSERT INTO events(device, seq, time, kind, subject, rating,
			duration_ms)
		SELECT (SELECT value FROM local WHERE key = \"device\"),
			(SELECT max(seq) FROM events) + i + 1,
			1780000000000 + (i / 2100) * 86400000 + i, \"review\",
			\"m\" || (i % 2100), 3 - (i % 7 = 3) * 2, 900 FROM n" &&
	dev A rebuild >/dev/null &&
	dev A sync >/dev/null && dev B sync >out &&
	grep "4200 events (4200 reviews)" out &&
	same_states A B
'

test_expect_success 'someone else writing this device file: stopped, nothing lost' '
	devA=$(sqlite3 "$(db A)" "SELECT value FROM local WHERE key = \"device\"") &&
	rm -rf other && git clone -q -b main remote.git other &&
	echo "# edited" >>"other/reviews/me/$devA.tsv" &&
	git -C other -c user.name=x -c user.email=x@x commit -qam clobber &&
	git -C other push -q origin HEAD &&
	dev A sched bury k2 &&
	n=$(sqlite3 "$(db A)" "SELECT count(*) FROM events") &&
	test_expect_code_run 2 dev A sync >out 2>err &&
	grep "cannot merge the remote" err && grep "$devA.tsv" err &&
	test "$(sqlite3 "$(db A)" "SELECT count(*) FROM events")" = "$n" &&
	test ! -e A/data/memdrill/sync/.git/MERGE_HEAD
'

# v1_copy DB NEW: a copy of DB's v1 tables as memdrill 1 wrote them
# (schema version 1, before the event log), whatever migrations exist now
v1_copy() {
	sqlite3 "$2" "CREATE TABLE decks(id INTEGER PRIMARY KEY,
		name TEXT UNIQUE NOT NULL, path TEXT, meta TEXT);
	CREATE TABLE cards(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL,
		deck_id INTEGER NOT NULL REFERENCES decks(id), section TEXT,
		ord INTEGER, question TEXT NOT NULL, answer TEXT NOT NULL,
		level INTEGER, lab TEXT, tags TEXT, source TEXT, line INTEGER,
		hash TEXT, retired INTEGER NOT NULL DEFAULT 0);
	CREATE TABLE card_state(card_id INTEGER PRIMARY KEY
		REFERENCES cards(id), state INTEGER NOT NULL DEFAULT 0,
		step INTEGER NOT NULL DEFAULT 0, due INTEGER, stability REAL,
		difficulty REAL, last_review INTEGER,
		reps INTEGER NOT NULL DEFAULT 0, lapses INTEGER NOT NULL DEFAULT 0,
		queue INTEGER NOT NULL DEFAULT 0, buried_until INTEGER,
		leech INTEGER NOT NULL DEFAULT 0);
	CREATE TABLE revlog(id INTEGER PRIMARY KEY, card_id INTEGER NOT NULL
		REFERENCES cards(id), time INTEGER NOT NULL,
		rating INTEGER NOT NULL, state INTEGER NOT NULL,
		elapsed_days INTEGER, scheduled_days INTEGER, stability REAL,
		difficulty REAL, duration_ms INTEGER);
	CREATE TABLE lab_runs(id INTEGER PRIMARY KEY, lab TEXT NOT NULL,
		time INTEGER NOT NULL, mode TEXT NOT NULL,
		verdict TEXT NOT NULL, duration_ms INTEGER);
	CREATE INDEX card_state_due ON card_state(state, due);
	CREATE INDEX card_state_new ON card_state(state) WHERE state = 0;
	CREATE INDEX revlog_card ON revlog(card_id, time);
	CREATE INDEX revlog_time ON revlog(time);
	CREATE INDEX cards_order ON cards(source, ord);
	CREATE INDEX cards_deck ON cards(deck_id, ord);
	CREATE INDEX lab_runs_lab ON lab_runs(lab, time);
	ATTACH '$1' AS cur;
	INSERT INTO decks SELECT id, name, path, meta FROM cur.decks;
	INSERT INTO cards SELECT id, key, deck_id, section, ord, question,
		answer, level, lab, tags, source, line, hash, retired
		FROM cur.cards;
	INSERT INTO card_state SELECT card_id, state, step, due, stability,
		difficulty, last_review, reps, lapses, queue, buried_until,
		leech FROM cur.card_state;
	INSERT INTO revlog SELECT id, card_id, time, rating, state,
		elapsed_days, scheduled_days, stability, difficulty,
		duration_ms FROM cur.revlog;
	INSERT INTO lab_runs SELECT id, lab, time, mode, verdict,
		duration_ms FROM cur.lab_runs;
	PRAGMA user_version = 1"
}

test_expect_success 'a collection from before the event log adopts its history' '
	dev E import deck.md >/dev/null &&
	printf "3\n1\n4\nq\n" | dev E drill --plain >/dev/null &&
	dev E sched suspend k2 &&
	states E >before && revlog E >rbefore &&
	v1_copy "$(db E)" v1.db && mv v1.db "$(db E)" &&
	rm -f "$(db E)-wal" "$(db E)-shm" &&
	dev E cards >/dev/null &&
	test -f "$(db E).bak-v1" &&
	test "$(sqlite3 "$(db E)" "SELECT count(*) FROM events WHERE
		kind = \"review\"")" = 3 &&
	test "$(sqlite3 "$(db E)" "SELECT count(*) FROM events WHERE
		kind = \"suspend\"")" = 1 &&
	test -n "$(sqlite3 "$(db E)" "SELECT value FROM local WHERE
		key = \"device\"")" &&
	dev E rebuild >/dev/null &&
	states E >after && revlog E >rafter &&
	test_cmp before after && test_cmp rbefore rafter
'

test_expect_success 'an --init killed after its clone: the clone is taken up' '
	dev F import deck.md >/dev/null &&
	dev F sync --init "$TRASH/remote.git" >/dev/null &&
	sqlite3 "$(db F)" "DELETE FROM local WHERE key LIKE \"sync.%\"" &&
	test_expect_code_run 2 dev F sync --init "$TRASH/elsewhere.git" 2>err &&
	grep "exists and is not empty" err &&
	dev F sync --init "$TRASH/remote.git" >out &&
	grep "syncing through" out &&
	dev B sync >/dev/null &&
	states B >sa && states F >sf && test -s sf &&
	! grep -vxFf sa sf
'

test_expect_success 'a URL is never an option; a bad one fails cleanly' '
	dev D import deck.md >/dev/null &&
	test_expect_code_run 2 dev D sync --init "--upload-pack=touch pwned" \
		2>err &&
	grep "cannot clone" err && test ! -e pwned &&
	test_expect_code_run 2 dev D sync 2>err &&
	grep "does not sync yet" err
'

test_done
