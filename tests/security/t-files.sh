#!/bin/sh
# t-files.sh - files that are not files: a FIFO or a link to /dev/zero
# where a deck, a lab page or a scenario is expected is refused at once,
# naming it, whether named on the command line or found in a folder; a
# file over the size limit is refused, naming it.  Every command runs
# under `timeout` and a memory limit so the old behaviour (blocking on
# the FIFO, reading /dev/zero until out of memory) fails rather than
# hangs.
. "$(dirname "$0")/../lib.sh"

lim() {
	timeout 10 sh -c 'ulimit -v 400000 && exec "$@"' lim "$MEMDRILL_BIN" "$@"
}

mkdir -p decks home/labs/scenarios home/cards
cp "$TEST_TOP/tests/data/seed-deck.md" decks/good.md
mkfifo decks/fifo.md
ln -s /dev/zero decks/zero.md
mkfifo fifo.md
ln -s /dev/zero zero.md

for f in fifo.md zero.md; do
	test_expect_success "check refuses $f on the command line, naming it" "
		test_expect_code_run 2 lim check $f >out 2>&1;
		cat out; grep -F \"'$f'\" out && grep -F 'not a regular file' out
	"
	test_expect_success "import refuses $f, naming it" "
		test_expect_code_run 2 lim import $f >out 2>&1;
		cat out; grep -F \"'$f'\" out && grep -F 'not a regular file' out
	"
done
test_expect_success 'a folder with a FIFO and a /dev/zero link imports its decks' '
	lim import decks >out 2>&1; rc=$?; cat out; test $rc -eq 0
'

cp "$TEST_TOP/labs/host-cow.md" home/labs/
mkfifo home/labs/fifo.md
ln -s /dev/zero home/labs/zero.md
test_expect_success 'check of a labs folder with a FIFO finishes' '
	lim check home/labs >out 2>&1; rc=$?; cat out;
	test $rc -le 1 && grep -F "check:" out
'
test_expect_success 'lab list with a FIFO in the labs folder finishes' '
	MEMDRILL_HOME=$TRASH/home lim lab list >out 2>&1; rc=$?; cat out;
	test $rc -eq 0 && grep -F host-cow out
'
test_expect_success 'lab show of a FIFO page is refused' '
	MEMDRILL_HOME=$TRASH/home lim lab show fifo >out 2>&1; rc=$?;
	cat out; test $rc -eq 2 && grep -F "not a regular file" out
'
mkfifo s.scn
test_expect_success 'sim run of a FIFO is refused' '
	test_expect_code_run 2 lim sim run s.scn >out 2>&1;
	cat out; grep -F "not a regular file" out
'
test_expect_success 'a deck over the size limit is refused, naming it' '
	head -c 70000000 /dev/zero | tr "\0" "a" >big.md &&
	test_expect_code_run 2 lim check big.md >out 2>&1;
	cat out; grep -F "'"'big.md'"'" out && grep -F "larger than" out
'
test_done
