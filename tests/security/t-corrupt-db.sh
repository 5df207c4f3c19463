#!/bin/sh
# t-corrupt-db.sh - a collection with a damaged b-tree page is not
# written into: import, the drill and suspending refuse, say how to
# recover, and leave the file as it was.  Reading commands still read.
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	test_skip "corrupt db" "sqlite3 is not installed"
	test_done
	exit
fi
python3 - >deck.md <<'PY'
print("# D\n\n## 1. S\n")
for i in range(300):
    print("Q: Question %d about pages?\nA: Answer %d, %s.\n[Basic]\n\n---\n" %
          (i, i, "long text " * 20))
PY
memdrill import deck.md >/dev/null
# damage the first page of the index the queue reads new cards through
root=$(sqlite3 "$MEMDRILL_DB" "select rootpage from sqlite_master
	where name = 'cards_order'")
psize=$(sqlite3 "$MEMDRILL_DB" "pragma page_size")
sqlite3 "$MEMDRILL_DB" "pragma journal_mode=delete" >/dev/null
printf '\377\377\377\377\377\377\377\377' |
	dd of="$MEMDRILL_DB" bs=1 seek=$(( (root - 1) * psize )) conv=notrunc \
	2>/dev/null
cp "$MEMDRILL_DB" orig.db

test_expect_success 'the damage is real' '
	test "$(sqlite3 "$MEMDRILL_DB" "pragma quick_check" | head -n 1)" != ok
'
test_expect_success 'import refuses to write, says how to recover' '
	! memdrill import deck.md >out 2>&1 && cat out &&
	grep -F "damaged" out && grep -F ".recover" out &&
	cmp "$MEMDRILL_DB" orig.db
'
test_expect_success 'the drill refuses to write' '
	! memdrill drill --plain </dev/null >out 2>&1 && cat out &&
	grep -F "damaged" out && cmp "$MEMDRILL_DB" orig.db
'
test_done
