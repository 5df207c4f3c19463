#!/bin/sh
# t-foreign-db.sh - a database that is not a memdrill collection is
# refused and left untouched, byte for byte: another program's SQLite
# file, one with its own `cards` table, a memdrill collection from a newer
# schema kept in rollback-journal mode, and a zero-length file memdrill
# did not create.  A collection from before the application id still
# opens, and gets the id.
. "$(dirname "$0")/../lib.sh"

if ! command -v sqlite3 >/dev/null 2>&1; then
	test_skip "foreign db" "sqlite3 is not installed"
	test_done
	exit
fi
cp "$TEST_TOP/tests/data/seed-deck.md" deck.md

# untouched NAME CMD...: CMD on NAME fails, NAME is byte-identical and
# has no WAL file after it
untouched() {
	f=$1
	shift
	cp "$f" "$f.orig" &&
	! memdrill --db "$f" "$@" >out 2>&1 &&
	cat out &&
	cmp "$f" "$f.orig" &&
	test ! -e "$f-wal" &&
	test "$(sqlite3 "$f" "pragma journal_mode")" = delete
}

sqlite3 other.db "create table notes(id integer primary key, t text);
	insert into notes(t) values ('mine');"
test_expect_success 'another program'"'"'s database is refused untouched' '
	untouched other.db cards && grep -F "not a memdrill collection" out
'
test_expect_success 'import into it is refused untouched too' '
	untouched other.db import deck.md
'
sqlite3 cards.db "create table cards(id integer primary key, front text);"
test_expect_success 'a database with its own cards table is refused untouched' '
	untouched cards.db cards && grep -F "not a memdrill collection" out
'
test_expect_success 'a collection from a newer memdrill is refused untouched' '
	memdrill --db newer.db import deck.md >/dev/null &&
	sqlite3 newer.db "pragma journal_mode=delete; pragma user_version=99" \
		>/dev/null &&
	untouched newer.db cards && grep -F "newer than this memdrill" out
'
: >empty.db
test_expect_success 'a zero-length file memdrill did not create is refused' '
	! memdrill --db empty.db import deck.md >out 2>&1 && cat out &&
	test ! -s empty.db && grep -F "empty.db" out
'
test_expect_success 'a new collection gets the application id' '
	memdrill --db new.db import deck.md >/dev/null &&
	test "$(sqlite3 new.db "pragma application_id")" != 0
'
test_expect_success 'a collection from before the id opens and gets it' '
	memdrill --db old.db import deck.md >/dev/null &&
	sqlite3 old.db "pragma application_id=0" &&
	memdrill --db old.db cards >out &&
	test -s out &&
	test "$(sqlite3 old.db "pragma application_id")" != 0
'
test_done
