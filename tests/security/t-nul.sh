#!/bin/sh
# t-nul.sh - a NUL byte in a deck is reported at its line, like invalid
# UTF-8, by check and import; nothing after it is silently cut off.
. "$(dirname "$0")/../lib.sh"

printf '# D\n\n## 1. S\n\nQ: What is a page?\nA: A frame\0 hidden text.\n[Basic]\n' >nul.md
test_expect_success 'check reports the NUL byte at its line' '
	! memdrill check nul.md >out 2>&1 &&
	cat out &&
	grep -E "^nul.md:6: error: .*NUL byte" out
'
test_expect_success 'import refuses the deck and stores nothing' '
	! memdrill import nul.md >out 2>&1 &&
	cat out &&
	grep -E "^nul.md:6: error: .*NUL byte" out &&
	{ test ! -f "$MEMDRILL_DB" ||
	  test "$(sqlite3 "$MEMDRILL_DB" "select count(*) from cards")" = 0; }
'
test_done
