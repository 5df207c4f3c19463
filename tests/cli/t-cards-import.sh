#!/bin/sh
# t-cards-import.sh - import, re-import, edits that keep history, retire
# and revive, and a broken deck that leaves the collection untouched.
. "$(dirname "$0")/../lib.sh"

cat >deck.md <<'DECK'
# Test deck

## 1. Buddy

---

Q: What does `expand` keep?
A: The low half.
[Basic]

---

Q: What is the buddy of pfn 8 at order 3?
A: | pfn | buddy |
|---|---|
| 8 | 0 |
ID: buddy-of-8
[Intermediate]

---

Q: Which flag allocates user pages?
A: GFP_HIGHUSER_MOVABLE
[Advanced]
DECK

test_expect_success 'first import adds every card' '
	memdrill import deck.md >out &&
	echo "1 deck file: 3 added, 0 updated, 0 unchanged, 0 retired, 0 revived" >expect &&
	test_cmp expect out
'

test_expect_success 're-import of an unchanged deck changes nothing' '
	cp "$MEMDRILL_DB" before.db &&
	memdrill import deck.md >out &&
	grep "0 added, 0 updated, 3 unchanged, 0 retired" out &&
	test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from cards")" = 3
'

test_expect_success 'editing an answer, level and whitespace keeps history' '
	key=$(memdrill cards | awk -F"\t" "/expand/ {print \$1}") &&
	id=$(sqlite3 "$MEMDRILL_DB" "select id from cards where key=\"$key\"") &&
	sqlite3 "$MEMDRILL_DB" "insert into revlog(card_id,time,rating,state)
		values($id, 1000, 3, 0)" &&
	sed -e "s/The low half./The lower half, always./" \
	    -e "s/^Q: What does \`expand\` keep?/Q:   What  does \`expand\`   keep?/" \
	    -e "0,/\[Basic\]/s//[Advanced]/" deck.md >deck2.md &&
	mv deck2.md deck.md &&
	memdrill import deck.md >out &&
	grep "0 added, 1 updated, 2 unchanged" out &&
	test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from revlog r
		join cards c on c.id=r.card_id where c.key=\"$key\"")" = 1
'

test_expect_success 'a question edit keeps history when the card has an ID' '
	sed "s/buddy of pfn 8/buddy of page frame 8/" deck.md >deck2.md &&
	mv deck2.md deck.md &&
	memdrill import deck.md >out &&
	grep "0 added, 1 updated" out &&
	memdrill show buddy-of-8 --width 60 | grep "page frame 8"
'

test_expect_success 'moving a card to another file keeps its key and history' '
	awk "/^Q: Which flag/{f=1} f" deck.md >other.md &&
	awk "/^Q: Which flag/{exit} {print}" deck.md >deck2.md &&
	mv deck2.md deck.md &&
	memdrill import deck.md other.md >out &&
	grep "2 deck files: 0 added, 1 updated, 2 unchanged, 0 retired" out
'

test_expect_success 'a card gone from its file is retired, then revived' '
	awk "/^Q:.*expand/{exit} {print}" deck.md >d1.md &&
	awk "/^Q: What is the buddy/{f=1} f" deck.md >>d1.md &&
	cp deck.md keep.md && mv d1.md deck.md &&
	memdrill import deck.md >out &&
	grep "0 added, 0 updated, 1 unchanged, 1 retired" out &&
	test "$(memdrill cards | wc -l)" = 2 &&
	mv keep.md deck.md &&
	memdrill import deck.md >out &&
	grep "1 unchanged, 0 retired, 1 revived" out &&
	test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from revlog")" = 1
'

test_expect_success 'a broken deck imports nothing, collection byte-for-byte' '
	sqlite3 "$MEMDRILL_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	cp "$MEMDRILL_DB" before.db &&
	printf "Q: new card\nA: fine\n[Basic]\n---\nQ: broken\nA: no level\n" >broken.md &&
	test_expect_code_run 1 memdrill import broken.md 2>err >out &&
	grep "broken.md:6: error: missing level tag" out &&
	grep "cannot import .broken.md.: 1 error; nothing from it was imported" err &&
	cmp before.db "$MEMDRILL_DB"
'

test_expect_success 'per file all or nothing: the good files are imported' '
	printf "Q: another good card\nA: yes\n[Basic]\n" >good2.md &&
	test_expect_code_run 1 memdrill import good2.md broken.md 2>err >out &&
	grep "^1 deck file: 1 added, .* (files with errors skipped)" out &&
	test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from cards where question = '"'"'another good card'"'"'")" = 1 &&
	test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from cards where question = '"'"'new card'"'"'")" = 0
'

test_expect_success 'an ID the collection has from another file is refused, naming both' '
	mkdir -p other &&
	printf "Q: mine\nA: x\nID: buddy-of-8\n[Basic]\n" >other/steal.md &&
	id=$(sqlite3 "$MEMDRILL_DB" "select id from cards where key = '"'"'buddy-of-8'"'"'") &&
	src=$(sqlite3 "$MEMDRILL_DB" "select source from cards where id = $id") &&
	test_expect_code_run 1 memdrill import other/steal.md >out 2>err &&
	grep "^other/steal.md:1: error: duplicate ID .buddy-of-8. (already in the collection from $src:[0-9]*)" out &&
	test "$(sqlite3 "$MEMDRILL_DB" "select source from cards where id = $id")" = "$src"
'

test_expect_success 'a card that moved to another file keeps its history' '
	printf "Q: moving\nA: x\nID: mover\n[Basic]\n" >from.md &&
	memdrill import from.md >/dev/null &&
	mv from.md to.md &&
	memdrill import to.md >out &&
	grep "0 added, 1 updated" out
'

test_expect_success 'a corrupt collection is reported, not overwritten' '
	printf "not a database at all, just text..........." >bad.db &&
	cp bad.db bad.copy &&
	test_expect_code_run 2 memdrill --db bad.db import deck.md 2>err &&
	grep "bad.db" err && grep -i "not a database" err &&
	cmp bad.db bad.copy
'

test_expect_success 'a collection from a newer memdrill is refused, untouched' '
	cp "$MEMDRILL_DB" newer.db &&
	sqlite3 newer.db "PRAGMA user_version = 99" &&
	cp newer.db newer.copy &&
	test_expect_code_run 2 memdrill --db newer.db cards 2>err &&
	grep "schema version 99, newer than this memdrill" err &&
	cmp newer.db newer.copy
'

test_expect_success 'a missing deck path is a usage error naming it' '
	test_expect_code_run 2 memdrill import nope.md 2>err &&
	grep "cannot read deck '"'"'nope.md'"'"'" err
'

test_expect_success 'the seed deck imports unedited: 41 cards, 15 sections' '
	memdrill --db seed.db import "$TEST_TOP/tests/data/seed-deck.md" >out &&
	grep "41 added" out &&
	test "$(sqlite3 seed.db "select count(distinct section) from cards")" = 15 &&
	test "$(sqlite3 seed.db "select group_concat(n) from (select count(*) n
		from cards group by level order by level)")" = "11,23,7"
'

test_expect_success 'a file with no cards (a lab page) warns, imports nothing' '
	printf "ID: p\nTitle: t\nKind: sim\nExpect: x\n\nProse.\n" >labpage.md &&
	set -x; 	before=$(sqlite3 "$MEMDRILL_DB" "select count(*) from cards") &&
	memdrill import labpage.md >out 2>err &&
	grep "^labpage.md:1: warning: no cards in this file" out &&
	after=$(sqlite3 "$MEMDRILL_DB" "select count(*) from cards") &&
	test "$before" = "$after"
'

test_expect_success 'import - reads a deck from standard input' '
	printf "# Piped\n\nQ: from a pipe\nA: yes\n[Basic]\n" | memdrill import - >out &&
	grep "^1 deck file: 1 added" out &&
	test "$(sqlite3 "$MEMDRILL_DB" "select source from cards where question = '"'"'from a pipe'"'"'")" = - &&
	printf "Q: broken\nA:\n[Basic]\n" | test_expect_code_run 1 memdrill import - >out 2>err &&
	grep "^-:2: error: empty answer" out
'

test_done
