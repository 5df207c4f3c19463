#!/bin/sh
# t-cards-collection.sh - docs/collection.md matches the collection memdrill
# writes: the schema block is what `.schema` prints, every column has a
# row in its table's section, and the version, journal mode and time
# units are as documented.
. "$(dirname "$0")/../lib.sh"
doc=$TEST_TOP/docs/collection.md

if ! command -v sqlite3 >/dev/null; then
	test_skip "collection" "the sqlite3 shell is not installed"
	test_expect_success 'a version-1 collection migrates: backup, data, schema' '
	sqlite3 v1.db <"$TEST_TOP/tests/data/collection-v1.sql" &&
	memdrill --db v1.db cards >out &&
	echo "old-one" >expect && cut -f1 out >keys && test_cmp expect keys &&
	test "$(sqlite3 v1.db.bak-v1 "PRAGMA user_version")" = 1 &&
	test "$(sqlite3 v1.db "PRAGMA user_version")" = \
		"$(sqlite3 "$MEMDRILL_DB" "PRAGMA user_version")" &&
	sqlite3 v1.db .schema >migrated &&
	sqlite3 "$MEMDRILL_DB" .schema >fresh &&
	sort migrated >a && sort fresh >b && test_cmp b a &&
	test "$(sqlite3 v1.db "SELECT count(*) FROM revlog")" = 1 &&
	memdrill --db v1.db show old-one --width 40 | grep "Old answer"
'

test_done
	exit
fi

printf '# Doc deck\n\n## 1. A\n\nQ: One?\nA: Yes.\n[Basic]\n\n---\n\nQ: Two?\nA: No.\n[Advanced]\n' >deck.md

test_expect_success 'the schema block in the doc is what .schema prints' '
	memdrill import deck.md >/dev/null &&
	sed -n "/^\`\`\`sql\$/,/^\`\`\`\$/p" "$doc" | sed "1d;\$d" >expect &&
	test -s expect &&
	sqlite3 "$MEMDRILL_DB" .schema >actual &&
	test_cmp expect actual
'

test_expect_success 'every column has a row under its table heading' '
	for t in $(sqlite3 "$MEMDRILL_DB" "SELECT name FROM sqlite_master
			WHERE type = \"table\""); do
		sed -n "/^### $t\$/,/^##/p" "$doc" >sect &&
		grep -q "^|" sect || { echo "no table for $t"; exit 1; }
		sqlite3 "$MEMDRILL_DB" "SELECT name FROM pragma_table_info(\"$t\")
			WHERE name NOT IN (\"id\")" >cols &&
		test -s cols &&
		while read -r c; do
			grep -q "^| [^|]*\`$c\`" sect ||
				{ echo "$t.$c is not documented"; exit 1; }
		done <cols
	done
'

test_expect_success 'schema version and WAL as documented' '
	v=$(sqlite3 "$MEMDRILL_DB" "PRAGMA user_version") &&
	grep -q "PRAGMA user_version\` ($v for this memdrill)" "$doc" &&
	test "$(sqlite3 "$MEMDRILL_DB" "PRAGMA journal_mode")" = wal
'

test_expect_success 'a new card has a state row: new, due NULL' '
	sqlite3 "$MEMDRILL_DB" "SELECT count(*), sum(s.state), count(s.due)
		FROM cards c JOIN card_state s ON s.card_id = c.id" >out &&
	echo "2|0|0" >expect &&
	test_cmp expect out
'

test_expect_success 'a grade: revlog.time in ms, card_state in seconds' '
	before=$(date +%s) &&
	echo 3 | memdrill drill --plain >/dev/null &&
	after=$(date +%s) &&
	sqlite3 "$MEMDRILL_DB" "SELECT r.time, r.rating, r.state,
		s.last_review, s.due FROM revlog r JOIN card_state s
		ON s.card_id = r.card_id" >row &&
	test "$(wc -l <row)" -eq 1 &&
	IFS="|" read -r t rating state last due <row &&
	test "$rating" -eq 3 && test "$state" -eq 0 &&
	test "$t" -ge $((before * 1000)) &&
	test "$t" -le $((after * 1000 + 999)) &&
	test "$last" -ge "$before" && test "$last" -le "$after" &&
	test "$due" -ge "$last" && test "$due" -lt $((after + 400 * 86400))
'

test_expect_success 'a retired card keeps its state and revlog rows' '
	printf "# Doc deck\n\n## 1. A\n\nQ: Two?\nA: No.\n[Advanced]\n" \
		>deck.md &&
	memdrill import deck.md >out &&
	grep -q "1 retired" out &&
	sqlite3 "$MEMDRILL_DB" "SELECT c.retired, count(r.id) FROM cards c
		JOIN card_state s ON s.card_id = c.id
		LEFT JOIN revlog r ON r.card_id = c.id
		WHERE c.question = \"One?\" GROUP BY c.id" >out &&
	echo "1|1" >expect &&
	test_cmp expect out
'

test_expect_success 'a changed preamble reaches the deck row; a namesake does not' '
	printf "# Meta deck\n\n> **Kernel**: 6.1\n\nQ: M?\nA: m.\n[Basic]\n" \
		>meta.md &&
	memdrill import meta.md >/dev/null &&
	echo "Kernel: 6.1" >expect &&
	sqlite3 "$MEMDRILL_DB" "SELECT rtrim(meta, char(10)) FROM decks
		WHERE name = \"Meta deck\"" >got && test_cmp expect got &&
	sed -i "s/6\.1/6.12/" meta.md &&
	memdrill import meta.md >/dev/null &&
	echo "Kernel: 6.12" >expect &&
	sqlite3 "$MEMDRILL_DB" "SELECT rtrim(meta, char(10)) FROM decks
		WHERE name = \"Meta deck\"" >got && test_cmp expect got &&
	mkdir -p other &&
	printf "# Meta deck\n\n> **Kernel**: 5.4\n\nQ: N?\nA: n.\n[Basic]\n" \
		>other/meta.md &&
	memdrill import other/meta.md >/dev/null &&
	sqlite3 "$MEMDRILL_DB" "SELECT rtrim(meta, char(10)) FROM decks
		WHERE name = \"Meta deck\"" >got && test_cmp expect got
'

test_expect_success 'a version-1 collection migrates: backup, data, schema' '
	sqlite3 v1.db <"$TEST_TOP/tests/data/collection-v1.sql" &&
	memdrill --db v1.db cards >out &&
	echo "old-one" >expect && cut -f1 out >keys && test_cmp expect keys &&
	test "$(sqlite3 v1.db.bak-v1 "PRAGMA user_version")" = 1 &&
	test "$(sqlite3 v1.db "PRAGMA user_version")" = \
		"$(sqlite3 "$MEMDRILL_DB" "PRAGMA user_version")" &&
	sqlite3 v1.db .schema >migrated &&
	sqlite3 "$MEMDRILL_DB" .schema >fresh &&
	sort migrated >a && sort fresh >b && test_cmp b a &&
	test "$(sqlite3 v1.db "SELECT count(*) FROM revlog")" = 1 &&
	memdrill --db v1.db show old-one --width 40 | grep "Old answer"
'

test_done
