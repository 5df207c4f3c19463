#!/bin/sh
# t-lab-id.sh - a card's `Lab:` link never becomes an option: an id that
# is not [a-z0-9][a-z0-9_-]* is refused by check and import, `lab run`
# takes an id after `--` as an id, and the drill's L key refuses a bad id
# already in a collection instead of running `memdrill lab run --all`.
. "$(dirname "$0")/../lib.sh"

card() {
	printf '# Deck\n\n## 1. S\n\nQ: What is a page?\nA: A frame.\nLab: %s\n[Basic]\n' "$1"
}

for id in --all -y --vm -all --help; do
	card "$id" >"bad.md"
	test_expect_success "import refuses Lab: $id, naming the line" "
		! memdrill import bad.md >err 2>&1 &&
		cat err &&
		grep -F 'bad.md:7:' err && grep -F 'invalid lab id' err &&
		! sqlite3 \"\$MEMDRILL_DB\" 'select lab from cards' 2>/dev/null |
			grep -F -- '$id'
	"
	test_expect_success "check reports Lab: $id as an invalid id" "
		! memdrill check bad.md >err 2>&1 &&
		cat err &&
		grep -F 'bad.md:7:' err && grep -F 'invalid lab id' err
	"
done

test_expect_success 'a lab id that cannot be a file name is refused' '
	card "$(printf "x%0300d" 0)" >long.md &&
	! memdrill import long.md >err 2>&1 && grep -F "invalid lab id" err
'

test_expect_success 'lab run takes an id after -- as an id, not --all' '
	! memdrill lab run -- --all >out 2>err &&
	cat out err &&
	grep -F "invalid lab id" err &&
	! grep -F "labs:" out
'

test_expect_success 'lab show refuses an option-like id' '
	! memdrill lab show -- -x 2>err && grep -F "invalid lab id" err
'

# The drill: a card already in the collection whose lab is "--all" (an
# older memdrill imported it).  L must refuse it, not run every lab.  The
# data folder is a copy with no lab page, so even the old code runs nothing
# heavy: it would print "no lab pages".
if ! command -v tmux >/dev/null 2>&1 || ! command -v sqlite3 >/dev/null 2>&1
then
	test_skip "drill L key" "tmux or sqlite3 is not installed"
	test_done
	exit
fi
. "$TEST_TOP/tests/tui/tmux.sh"
card sim-buddy-split >good.md
test_expect_success 'a card linked to a lab imports' '
	memdrill import good.md &&
	sqlite3 "$MEMDRILL_DB" "update cards set lab = '"'"'--all'"'"'" &&
	test "$(sqlite3 "$MEMDRILL_DB" "select lab from cards")" = --all
'
mkdir -p fakehome/labs
test_expect_success 'the drill L key refuses the id --all' '
	MEMDRILL_HOME=$TRASH/fakehome tm_start 100 30 drill &&
	tm_wait "What is a page?" &&
	tm_keys Space && tm_wait "A frame." &&
	tm_keys L && tm_wait "invalid lab id" &&
	tm_gone "== memdrill lab run" && tm_gone "no lab pages"
'
test_done
