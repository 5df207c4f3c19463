#!/bin/sh
# t-search-paths.sh - decks and labs are found on search paths: the
# bundled ones, the learner's own under $XDG_DATA_HOME/memdrill, and the
# folders the settings name (deck_paths, lab_paths), added to each other.
. "$(dirname "$0")/../lib.sh"

own=$XDG_DATA_HOME/memdrill
mkdir -p "$own/cards" "$own/labs/scenarios" extra-labs/scenarios
printf "# Mine\n\nQ: my own card\nA: yes\nLab: my-lab\n[Basic]\n" >"$own/cards/mine.md"
cat >"$own/labs/my-lab.md" <<'PAGE'
ID: my-lab
Title: A learner's own lab
Kind: sim
Scenario: my-scn
Expect: ok: mem.free == 1024

Prose.
PAGE
printf "machine ram=4M\n# all free\nexpect mem.free == 1024\n" >"$own/labs/scenarios/my-scn.scn"
sed -e 's/my-lab/far-lab/; s/my-scn/far-scn/' "$own/labs/my-lab.md" >extra-labs/far-lab.md
cp "$own/labs/scenarios/my-scn.scn" extra-labs/scenarios/far-scn.scn

test_expect_success 'lab list: the bundled labs and the learner own, added' '
	memdrill lab list >list 2>/dev/null &&
	grep "^my-lab	sim	" list &&
	grep "^sim-buddy-split	sim	" list &&
	! grep "^far-lab" list
'

test_expect_success 'lab run and lab show find the learner lab and its scenario' '
	memdrill lab run my-lab </dev/null >out &&
	grep "^my-scn.scn:3: ok: mem.free == 1024" out &&
	grep "^verdict: pass" out &&
	memdrill lab show my-lab | grep "learner"
'

test_expect_success 'lab_paths in the settings adds a folder' '
	mkdir -p "$XDG_CONFIG_HOME/memdrill" &&
	echo "lab_paths = $TRASH/extra-labs" >"$XDG_CONFIG_HOME/memdrill/config" &&
	memdrill lab list >list 2>/dev/null &&
	grep "^far-lab	sim	" list && grep "^my-lab	" list &&
	memdrill lab run far-lab </dev/null | grep "^verdict: pass" &&
	memdrill sim run far-scn | grep "far-scn.scn:3: ok"
'

test_expect_success 'import without PATH: the bundled decks and the learner own' '
	memdrill import >out &&
	test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from cards where question = '"'"'my own card'"'"'")" = 1 &&
	n=$(cat "$TEST_TOP"/cards/*.md | grep -c "^\[\(Basic\|Intermediate\|Advanced\)\]") &&
	test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from cards")" = $((n + 1))
'

test_expect_success 'check without PATH: every deck and page on the paths, links resolve' '
	memdrill check >out 2>err;
	cat out err &&
	nd=$(ls "$TEST_TOP"/cards/*.md | wc -l) &&
	grep "in $((nd + 1)) decks," err &&
	! grep "unknown lab .my-lab." out &&
	! grep "error" out
'

test_done
