#!/bin/sh
# t-escapes.sh - text from decks, lab pages, scenarios and file names never
# reaches the terminal raw: an OSC 52 clipboard write, a screen clear, a
# C1 CSI or a right-to-left override in a card, a page or a file name is
# shown neutralised by every command that prints it (cards, stats, the
# plain drill, lab list, lab run, sim run, check and import diagnostics).
. "$(dirname "$0")/../lib.sh"

ESC=$(printf '\033')
OSC="${ESC}]52;c;aGVsbG8=$(printf '\007')"
CLR="${ESC}[2J"
C1=$(printf '\302\233')		# U+009B, CSI as one character
RLO=$(printf '\342\200\256')	# U+202E

# raw FILE...: the files hold no ESC, BEL, C1 CSI or RLO byte sequence
raw() {
	! grep -l -e "$ESC" -e "$(printf '\007')" -e "$C1" -e "$RLO" "$@"
}

cat >deck.md <<EOF2
# Title $OSC

## 1. Section $CLR

Q: What is $C1 a page $RLO evil?
A: A frame $OSC.
Tags: x$CLR
[Basic]

---

Q: Second ${CLR}card?
A: Yes.
[Basic]
EOF2

test_expect_success 'import' 'memdrill import deck.md'
test_expect_success 'cards shows no escape' '
	memdrill cards >out 2>&1 && cat out && raw out
'
test_expect_success 'the plain drill header and card text show no escape' '
	printf "1\n1\nq\n" | memdrill drill --plain >out 2>&1;
	cat out; grep -F "Section" out && raw out
'
test_expect_success 'stats (leeches, decks) show no escape' '
	memdrill stats >out 2>&1; cat out; raw out
'
printf 'Q: x\nA: y\nID: bad%s\n[Basic]\n' "$CLR" >bad.md
cp bad.md "e${CLR}.md"
test_expect_success 'check diagnostics show no escape (value, file name)' '
	! memdrill check bad.md "e${CLR}.md" >out 2>&1 && cat out &&
	grep -F "invalid ID" out && raw out
'
test_expect_success 'import diagnostics show no escape' '
	! memdrill import bad.md >out 2>&1 && cat out && raw out
'

mkdir -p home/labs/scenarios
cp "$TEST_TOP/labs/scenarios/buddy-split.scn" home/labs/scenarios/
sed -e "s/^Title: .*/Title: Split $OSC$RLO/" \
    -e "s/^Predict: A 4 MiB/Predict: $CLR A 4 MiB/" \
    "$TEST_TOP/labs/sim-buddy-split.md" >home/labs/sim-buddy-split.md
test_expect_success 'lab list shows no escape' '
	MEMDRILL_HOME=$TRASH/home memdrill lab list >out 2>&1; cat out;
	grep -F sim-buddy-split out && raw out
'
test_expect_success 'lab run shows no escape (title, predictions)' '
	MEMDRILL_HOME=$TRASH/home memdrill lab run sim-buddy-split >out 2>&1;
	cat out; grep -F "verdict" out && raw out
'
{ echo "machine ram=4M"; echo "ask \"Which $CLR pfn?\" buddy.dma[10]";
  echo "show buddyinfo"; } >esc.scn
test_expect_success 'sim run shows no escape from the scenario' '
	memdrill sim run esc.scn </dev/null >out 2>&1; cat out; raw out
'
test_done
