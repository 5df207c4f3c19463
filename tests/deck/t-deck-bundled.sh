#!/bin/sh
# t-deck-bundled.sh - the bundled deck (cards/) lints clean, imports whole,
# uses every level, and every Lab: link names a shipped lab page.
. "$(dirname "$0")/../lib.sh"
cards=$TEST_TOP/cards
labs=$TEST_TOP/labs

# Cards counted independently of memdrill: Q: lines outside code fences.
count_cards() {
	awk '/^( ? ? ?|A: *)(```|~~~)/ { fence = !fence; next }
	     !fence && /^Q:/ { n++ } END { print n + 0 }' "$cards"/*.md
}

test_expect_success 'memdrill check cards/ labs/: no errors, no warnings' '
	memdrill check "$cards" "$labs" >out 2>err &&
	cat out err &&
	test ! -s out &&
	grep "check: 0 errors, 0 warnings" err
'

test_expect_success 'memdrill check with no path checks the bundled deck and labs' '
	memdrill check >out 2>err &&
	test ! -s out &&
	grep "check: 0 errors, 0 warnings in $(ls "$cards"/*.md | wc -l) decks" err
'

test_expect_success 'import adds every card (at least 150)' '
	want=$(count_cards) &&
	test "$want" -ge 150 &&
	memdrill import "$cards" >out &&
	grep "deck files: $want added, 0 updated" out &&
	test "$(memdrill cards | wc -l)" = "$want"
'

test_expect_success 'every level is used' '
	for l in Basic Intermediate Advanced; do
		memdrill cards | cut -f4 | grep -qx "$l" || { echo "no $l"; exit 1; }
	done
'

test_expect_success 'every card has an ID, so edits keep history' '
	total=$(count_cards) &&
	ids=$(grep -c "^ID: " "$cards"/*.md | awk -F: "{ s += \$2 } END { print s }") &&
	test "$ids" = "$total"
'

test_expect_success 'every Lab: link names a lab page' '
	grep -h "^Lab: " "$cards"/*.md | sed "s/^Lab: //" | sort -u >links &&
	while read -r id; do
		test -f "$labs/$id.md" || { echo "no page for $id"; exit 1; }
	done <links
'

test_expect_success 'at least 50 cards link to a lab, and every page is linked' '
	test "$(grep -h "^Lab: " "$cards"/*.md | wc -l)" -ge 50 &&
	for p in "$labs"/*.md; do
		id=$(basename "$p" .md) &&
		test "$id" = README || grep -qx "Lab: $id" "$cards"/*.md ||
			{ echo "no card links to $id"; exit 1; }
	done
'

test_expect_success 're-import of the bundled deck changes nothing' '
	memdrill import "$cards" >out &&
	grep "0 added, 0 updated, $(count_cards) unchanged, 0 retired" out
'

test_expect_success 'every card renders at 80 columns' '
	memdrill cards | cut -f1 | while read -r k; do
		memdrill show "$k" --width 80 >/dev/null || exit 1
	done
'

# boxcheck FILE...: in each fenced code block holding a "+---+" border,
# every line with two or more '|' has its second '|' under the border's
# right '+' (display columns: CJK text counts two, wc -L measures).
boxcheck() {
	for f in "$@"; do
		awk -v F="$f" '
		/^([AQ]: *)?(```|~~~)/ { inb = !inb; blk++; next }
		inb { printf "%s\t%d\t%d\t%s\n", F, blk, NR, $0 }' "$f"
	done | while IFS='	' read -r file blk no text; do
		case $text in
		*+---*+*)
			pre=${text%%+-*}
			rest=${text#"$pre"+}
			rest=${rest%%+*}
			echo "B	$file	$blk	$no	$(printf "%s+%s+" "$pre" "$rest" | wc -L)"
			;;
		*"|"*"|"*)
			one=${text#*|}
			two=${one%%|*}
			pre=${text%%|*}
			echo "L	$file	$blk	$no	$(printf "%s|%s|" "$pre" "$two" | wc -L)"
			;;
		esac
	done | awk -F'\t' '
	$1 == "B" { col[$2, $3] = $5; next }
	($2, $3) in col && $5 != col[$2, $3] {
		printf "%s:%d: box border at column %d, expected %d\n", $2, $4, $5,
			col[$2, $3]; bad++
	}
	END { exit bad > 0 }'
}

test_expect_success 'box diagrams: right borders line up, CJK counted two wide' '
	printf "A: \`\`\`\n+----+\n| ab |\n| 中  |\n\`\`\`\n" >box-bad.md &&
	! boxcheck box-bad.md >out && grep "box-bad.md:4: box border at column 7, expected 6" out &&
	boxcheck "$TEST_TOP"/cards/*.md
'

test_done
