#!/bin/sh
# t-two-drills.sh - two plain-mode drills on one collection, driven in
# lock step through FIFOs: whatever the interleaving of grades and undos,
# a card's state and the review log agree (as many reps as log rows, the
# state's stability that of the last row).
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	test_skip "two drills" "sqlite3 is not installed"
	test_done
	exit
fi
printf '# D\n\n## 1. S\n\nQ: What is a page?\nA: A frame.\nID: page\n[Basic]\n' >d.md
memdrill import d.md >/dev/null

# wait_out FILE TEXT [N]: until FILE holds TEXT N times (default 1)
wait_out() {
	i=0
	while [ "$(grep -cF -- "$2" "$1" 2>/dev/null)" -lt "${3:-1}" ]; do
		i=$((i + 1))
		[ $i -lt 100 ] || { echo "timed out on $1: $2"; cat "$1"; return 1; }
		sleep 0.1
	done
}

start() {
	rm -f a.in b.in a.out b.out
	mkfifo a.in b.in
	memdrill drill --plain <a.in >a.out 2>&1 &
	exec 3>a.in
	memdrill drill --plain <b.in >b.out 2>&1 &
	exec 4>b.in
	wait_out a.out "grade?" && wait_out b.out "grade?"
}

# stop: quit both (a drill whose queue ran out has already left: a
# subshell takes the SIGPIPE)
stop() {
	(echo q >&3) 2>/dev/null; (echo q >&4) 2>/dev/null
	exec 3>&- 4>&-
	wait
}

# agree: the card's state matches its review log
agree() {
	sqlite3 "$MEMDRILL_DB" "select s.reps, (select count(*) from revlog),
		s.stability, coalesce((select stability from revlog
		order by id desc limit 1), 0) from card_state s" >st &&
	cat st &&
	awk -F'|' '$1 != $2 || $3 != $4 { exit 1 }' st
}

test_expect_success 'both drills show the same card, both grade it' '
	start &&
	echo 3 >&3 && wait_out a.out graded &&
	echo 1 >&4 && wait_out b.out graded &&
	stop &&
	test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from revlog")" = 2 &&
	agree
'

sqlite3 "$MEMDRILL_DB" "delete from revlog; update card_state set state = 0,
	step = 0, due = null, stability = 0, difficulty = 0,
	last_review = null, reps = 0, lapses = 0"
test_expect_success 'an undo after the other drill graded keeps them in step' '
	start &&
	echo 3 >&3 && wait_out a.out graded &&
	echo 4 >&4 && wait_out b.out graded &&
	echo u >&3 && { wait_out a.out "undone" || wait_out a.out "error"; } &&
	cat a.out && stop &&
	agree
'
test_done
