#!/bin/sh
# t-edit.sh - `e` opens $EDITOR at the card's file and line (no shell),
# re-imports the file and shows the edited card; a deck broken by the
# edit imports nothing and says where; `L` on a card without a lab says so.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/tui/tmux.sh"

if ! command -v tmux >/dev/null 2>&1; then
	test_skip "tui" "tmux is not installed"
	test_done
	exit
fi
cp "$TEST_TOP/tests/tui/deck.md.in" deck.md
test_expect_success 'the test deck imports' '
	memdrill import deck.md
'

# The "editor": records its arguments, then edits the answer in place.
cat >edit.sh <<'EOS'
#!/bin/sh
printf '%s\n' "$@" >"$(dirname "$0")/editor-args"
sed -i "$EDIT_SED" "$2"
EOS
chmod +x edit.sh
export EDITOR="$TRASH/edit.sh" TM_ENV=EDIT_SED

test_expect_success 'e: editor gets +LINE and the deck file' '
	EDIT_SED="s/usually \*\*4 KiB\*\*/usually **8 KiB**/" &&
	export EDIT_SED &&
	tm_start 80 24 drill &&
	tm_wait "What is a page frame?" &&
	tm_keys e &&
	tm_wait "re-imported" &&
	sed -n 1p editor-args | grep -qx "+5" &&
	sed -n 2p editor-args | grep -q "deck.md$"
'

test_expect_success 'e: the edited answer is shown' '
	tm_keys Space &&
	tm_wait "8 KiB" &&
	tm_gone "4 KiB"
'

test_expect_success 'e: a deck broken by the edit is not imported' '
	EDIT_SED="s/^\[Basic\]$/[Basci]/" &&
	export EDIT_SED &&
	tm_start 80 24 drill &&
	tm_wait "What is a page frame?" &&
	tm_keys e &&
	tm_wait "not re-imported: deck.md:7: unknown level" &&
	memdrill show "$(memdrill cards | head -n 1 | cut -f 1)" >show.out &&
	grep -q "8 KiB" show.out
'

test_expect_success 'e again after a failed re-import opens at the error line' '
	EDIT_SED="s/^\[Basci\]$/[Basic]/" &&
	export EDIT_SED &&
	tm_keys e &&
	tm_wait "re-imported" &&
	sed -n 1p editor-args | grep -qx "+7"
'

test_expect_success 'VISUAL comes before EDITOR' '
	printf "#!/bin/sh\nprintf visual >\"%s/visual-ran\"\n" "$TRASH" >visual.sh &&
	chmod +x visual.sh &&
	TM_ENV="EDIT_SED VISUAL" VISUAL="$TRASH/visual.sh" &&
	export VISUAL &&
	tm_start 80 24 drill &&
	tm_wait "What is a page frame?" &&
	tm_keys e &&
	tm_wait "re-imported" &&
	test -f visual-ran
'

test_expect_success 'L on a card without a lab says so' '
	tm_keys L &&
	tm_wait "this card has no lab"
'

test_expect_success 'L runs memdrill lab run ID, waits, comes back' '
	printf "# Lab deck\n\n## 1. Labs\n\nQ: What splits?\nA: Buddies.\nLab: buddy-split\n[Basic]\n" >lab.md &&
	memdrill import lab.md &&
	tm_start 80 24 drill --deck "Lab deck" &&
	tm_wait "What splits?" &&
	tm_keys L &&
	tm_wait "memdrill lab run buddy-split" &&
	tm_wait "Press Enter to return" &&
	tm_keys Enter &&
	tm_wait "What splits?" &&
	grep -q "lab" "$TRASH/screen"
'

test_expect_success 'a card with a lab says so; after L: pass or FAIL, not a status' '
	printf "# Sim deck\n\n## 1. Labs\n\nQ: Buddy split?\nA: Halves.\nLab: sim-buddy-split\n[Basic]\n" >sim.md &&
	memdrill import sim.md &&
	tm_start 100 24 drill --deck "Sim deck" &&
	tm_wait "Buddy split?" &&
	grep -q "\[L lab\]" "$TRASH/screen" &&
	tm_keys L &&
	tm_wait "your answer:" &&
	for i in 1 2 3 4 5 6 7 8; do
		tm_screen >"$TRASH/screen"
		grep -q "Press Enter to return" "$TRASH/screen" && break
		tm_keys Enter && sleep 0.3
	done &&
	tm_wait "== lab sim-buddy-split: pass. Press Enter" 100 &&
	tm_keys Enter &&
	tm_wait "lab sim-buddy-split: pass" &&
	! grep -q "status 0" "$TRASH/screen"
'

test_expect_success 'a card without a lab shows no lab marker' '
	tm_start 100 24 drill --deck "TUI test deck" &&
	tm_wait "Space: show answer" &&
	! grep -q "\[L lab\]" "$TRASH/screen"
'

test_expect_success 'e on a bundled card refuses: the bundled decks are read only' '
	MEMDRILL_DB=$TRASH/bundled.db && export MEMDRILL_DB &&
	memdrill import "$TEST_TOP/cards/03-buddy.md" >/dev/null &&
	rm -f editor-args &&
	tm_start 100 24 drill &&
	tm_wait "Space: show answer" &&
	tm_keys e &&
	tm_wait "bundled decks are read only" &&
	test ! -e editor-args
'

test_done
