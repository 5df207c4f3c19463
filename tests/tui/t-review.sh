#!/bin/sh
# t-review.sh - the curses review screen in tmux: reveal, grade, the
# Chinese table aligned on screen, undo, bury, suspend, resize, quit in
# the middle of a session and resume.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/tui/tmux.sh"

if ! command -v tmux >/dev/null 2>&1; then
	test_skip "tui" "tmux is not installed"
	test_done
	exit
fi
have_sqlite=$(command -v sqlite3 || true)

cp "$TEST_TOP/tests/tui/deck.md.in" deck.md
test_expect_success 'the test deck imports' '
	memdrill import deck.md
'

test_expect_success 'the header counts new, learning and review cards left' '
	MEMDRILL_DB=$TRASH/counts.db memdrill import deck.md >/dev/null &&
	MEMDRILL_DB=$TRASH/counts.db && export MEMDRILL_DB &&
	tm_start 100 24 drill &&
	tm_wait "5 new  0 learning  0 review" &&
	tm_keys Space && tm_wait "4 KiB" && tm_keys 1 &&
	tm_wait "4 new  1 learning  0 review"
'

test_expect_success 'screen shows the first question, not the answer' '
	tm_start 80 24 drill &&
	tm_wait "What is a page frame?" &&
	grep -q "Space: show answer" "$TRASH/screen" &&
	grep -q "TUI test deck" "$TRASH/screen" &&
	tm_gone "4 KiB"
'

test_expect_success 'Space reveals the answer and the four grades' '
	tm_keys Space &&
	tm_wait "4 KiB" &&
	grep -q "1 Again" "$TRASH/screen" &&
	grep -q "4 Easy" "$TRASH/screen"
'

test_expect_success 'grade 3 stores one review and shows the next card' '
	tm_keys 3 &&
	tm_wait "physical address and virtual" &&
	tm_gone "4 KiB" &&
	{ [ -z "$have_sqlite" ] || [ "$(count_revlog)" = 1 ]; }
'

test_expect_success 'Chinese table columns line up on screen' '
	tm_keys Enter &&
	tm_wait "RAM芯片上的实际地址" &&
	aligned "$TRASH/screen"
'

test_expect_success 'undo brings the graded card back and drops its review' '
	tm_keys u &&
	tm_wait "What is a page frame?" &&
	grep -q "undid grade" "$TRASH/screen" &&
	{ [ -z "$have_sqlite" ] || [ "$(count_revlog)" = 0 ]; }
'

test_expect_success 'grade again after undo' '
	tm_keys Space && tm_wait "4 KiB" && tm_keys 4 &&
	tm_wait "physical address and virtual"
'

test_expect_success 'resize redraws: narrower lines, table still aligned' '
	tm_keys Space && tm_wait "RAM芯片" &&
	tm resize-window -t "$(tm_t)" -x 50 -y 30 &&
	sleep 0.3 &&
	tm_wait "地址类型" &&
	awk "{ print }" "$TRASH/screen" | while IFS= read -r l; do
		[ "$(printf "%s" "$l" | wc -L)" -le 50 ] || exit 1
	done &&
	aligned "$TRASH/screen"
'

test_expect_success 'too small a window says so, then recovers' '
	tm resize-window -t "$(tm_t)" -x 20 -y 6 &&
	tm_wait "terminal too small" &&
	tm resize-window -t "$(tm_t)" -x 80 -y 24 &&
	tm_wait "RAM芯片上的实际地址" &&
	aligned "$TRASH/screen"
'

test_expect_success 'bury hides the card without a review' '
	tm_keys b &&
	tm_wait "buddy allocator split" &&
	grep -q "buried" "$TRASH/screen" &&
	{ [ -z "$have_sqlite" ] || [ "$(count_revlog)" = 1 ]; }
'

test_expect_success 'suspend hides the card without a review' '
	tm_keys s &&
	tm_wait "Which zone serves ISA DMA?" &&
	grep -q "suspended" "$TRASH/screen" &&
	{ [ -z "$have_sqlite" ] ||
	  [ "$(sqlite3 "$MEMDRILL_DB" "select count(*) from card_state
	      where queue = 2")" = 1 ]; }
'

test_expect_success 'undo of suspend brings that card back' '
	tm_keys u &&
	tm_wait "buddy allocator split" &&
	grep -q "undid suspend" "$TRASH/screen"
'

test_expect_success 'help screen and back' '
	tm_keys "?" && tm_wait "this help" && tm_keys x &&
	tm_wait "buddy allocator split"
'

test_expect_success 'q mid-session shows the summary, then leaves' '
	tm_keys q &&
	tm_wait "Session paused" &&
	grep -q "reviewed     1" "$TRASH/screen" &&
	tm_keys x &&
	tm_wait "EXITED 0"
'

test_expect_success 'resume: graded and buried cards are not shown again' '
	tm_start 80 24 drill &&
	tm_wait "buddy allocator split" &&
	tm_gone "page frame" &&
	tm_keys Space && tm_wait "two buddies" && tm_keys 4 &&
	tm_wait "Which zone serves ISA DMA?" &&
	tm_keys q && tm_wait "Session paused" && tm_keys x &&
	tm_wait "EXITED 0"
'

test_expect_success 'last card graded: the summary says done for today' '
	tm_start 80 24 drill &&
	tm_wait "Space: show answer" &&
	for i in 1 2 3 4 5 6; do
		tm_screen >"$TRASH/screen"
		grep -q "Done for today" "$TRASH/screen" && break
		tm_keys Space && sleep 0.2 && tm_keys 4 && sleep 0.3
	done &&
	tm_wait "Done for today" &&
	grep -q "left today   0" "$TRASH/screen" &&
	grep -q "reviewed     [0-9]* this session" "$TRASH/screen" &&
	grep -q "next due     \(today\|tomorrow\|20[0-9-]*\) [0-9][0-9]:[0-9][0-9]" "$TRASH/screen" &&
	tm_keys x && tm_wait "EXITED 0"
'

test_done
