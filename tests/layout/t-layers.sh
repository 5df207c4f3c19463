#!/bin/sh
# t-layers.sh - the tree keeps its house rules (tests/layout/check-layers),
# and the checker catches each kind of breach in a scratch copy.
. "$(dirname "$0")/../lib.sh"

check="$TEST_TOP/tests/layout/check-layers"

test_expect_success 'the source tree keeps the layering rules' '
	"$check" "$TEST_TOP"
'

# copy the C folders into a scratch tree to break them one way at a time
mkdir -p tree
for d in util sim core engine tui cli; do
	cp -r "$TEST_TOP/$d" tree/
done

breach() {
	file=$1 text=$2 want=$3
	rm -rf t && cp -r tree t &&
	printf '%s\n' "$text" >>"t/$file" &&
	! "$check" "$PWD/t" >out &&
	grep -F "$want" out
}

test_expect_success 'sim/ including a core header is caught' '
	breach sim/buddy.c "#include \"core/deck.h\"" \
		"sim/buddy.c:" &&
	grep "sim/ may not include" out
'
test_expect_success 'core/ including the TUI is caught' '
	breach core/deck.c "#include \"tui/tui.h\"" "core/ may not include"
'
test_expect_success 'a header included without its folder is caught' '
	breach util/sbuf.c "#include \"xalloc.h\"" "must name its folder"
'
test_expect_success 'curses outside tui/ is caught' '
	breach core/render.c "#include <curses.h>" "only tui/ includes curses"
'
test_expect_success 'sqlite3 outside core/store.c is caught' '
	breach core/deck.c "#include <sqlite3.h>" "only core/store.c"
'
test_expect_success 'an error reported below the front end is caught' '
	breach core/deck.c "static void f(void) { msg_error(\"x\"); }" \
		"only cli/ reports errors"
'
test_expect_success 'exit() below the front end is caught' '
	breach engine/spawn.c "static void f(void) { exit(1); }" \
		"only cli/ reports errors or exits"
'
test_expect_success 'a library printing to stdout is caught' '
	breach sim/oom.c "static void f(void) { printf(\"x\"); }" \
		"writes to stdout/stderr itself"
'
test_expect_success 'printf inside a comment or string is not a breach' '
	rm -rf t && cp -r tree t &&
	printf "%s\n" "/* printf(x) */" "static const char *s = \"exit(1)\";" \
		>>t/core/deck.c &&
	"$check" "$PWD/t"
'

test_done
