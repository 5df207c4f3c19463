#!/bin/sh
# t-install.sh - `make install` as a distribution runs it (DESTDIR,
# PREFIX=/usr): the binary, man page, completions and data land where
# they belong; the installed binary, run from / without MEMDRILL_HOME,
# finds its data, imports the bundled deck, drills in plain mode and runs
# a sim lab, writing nothing into the data folder; no build path is in any
# binary; `make uninstall` leaves no file behind.  (The kmod lab from the
# installed tree is tests/labs/t-vm-install.sh.)
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/install-lib.sh"

stage=$TRASH/stage
bin=$stage/usr/bin/memdrill
data=$stage/usr/share/memdrill

test_expect_success 'make install DESTDIR PREFIX=/usr puts every file in place' '
	stage_install "$stage" &&
	(cd "$stage" && find . -type f | sort) >files &&
	cat files &&
	grep -x "./usr/bin/memdrill" files &&
	grep -x "./usr/share/man/man1/memdrill.1" files &&
	grep -x "./usr/share/bash-completion/completions/memdrill" files &&
	grep -x "./usr/share/zsh/site-functions/_memdrill" files &&
	grep -x "./usr/share/memdrill/engine/guest-helpers" files &&
	grep -x "./usr/share/memdrill/kmod/Kbuild" files &&
	for f in "$TEST_TOP"/cards/*.md "$TEST_TOP"/labs/*.md \
	    "$TEST_TOP"/labs/scenarios/*.scn "$TEST_TOP"/kmod/*.c; do
		rel=${f#"$TEST_TOP"/} &&
		cmp "$f" "$data/$rel" || exit 1
	done &&
	test -x "$bin" && test -x "$data/engine/guest-helpers" &&
	! grep -v "^./usr/" files
'

data_state "$data" >data.before

# the installed binary as a user runs it: from /, no MEMDRILL_HOME, its
# own collection
run_installed() {
	(cd / && env -u MEMDRILL_HOME MEMDRILL_DB="$TRASH/inst.db" "$bin" "$@")
}

test_expect_success 'the installed binary imports the bundled deck from /' '
	run_installed import >out &&
	MEMDRILL_DB=$TRASH/tree.db memdrill import "$TEST_TOP/cards" >expect &&
	test_cmp expect out &&
	grep " added" out
'

test_expect_success 'it drills in plain mode with a scripted answer' '
	printf "3\nq\n" | run_installed drill --plain >out &&
	grep "^graded [^ ]* 3 Good" out &&
	grep "^summary: paused, reviewed 1" out
'

test_expect_success 'it lists and runs a sim lab from the installed pages' '
	run_installed lab list >list &&
	grep "^sim-buddy-split	" list &&
	run_installed lab run sim-buddy-split >out &&
	grep "^verdict: pass" out
'

test_expect_success 'running it wrote nothing into the data folder' '
	data_state "$data" >data.after &&
	test_cmp data.before data.after
'

test_expect_success 'no build path in the installed or the built binary' '
	! strings -a "$bin" | grep -F "$TEST_TOP" &&
	! strings -a "$TEST_TOP/memdrill" | grep -F "$TEST_TOP" &&
	strings -a "$bin" | grep -x "/usr/share/memdrill"
'

test_expect_success 'a binary beside cards/ and labs/ uses them (source tree)' '
	mkdir -p tree/cards tree/labs &&
	cp "$TEST_TOP/memdrill" tree/ &&
	printf "# Tree deck\n\n## 1. S\n\nQ: Here?\nA: Yes.\n[Basic]\n" \
		>tree/cards/one.md &&
	(cd / && env -u MEMDRILL_HOME MEMDRILL_DB="$TRASH/t.db" \
		"$TRASH/tree/memdrill" import) >out &&
	grep "^1 deck file: 1 added" out
'

test_expect_success 'elsewhere it looks in the configured DATADIR, and says so' '
	mkdir -p alone && cp "$TEST_TOP/memdrill" alone/ &&
	(cd / && env -u MEMDRILL_HOME MEMDRILL_DB="$TRASH/a.db" \
		"$TRASH/alone/memdrill" import) >out 2>err;
	test $? -eq 2 && cat err &&
	grep "cannot read deck ./[^ ]*/share/memdrill/cards.: No such file" err &&
	! grep -F "$TRASH" err &&
	MEMDRILL_HOME="$TEST_TOP" MEMDRILL_DB="$TRASH/a.db" \
		alone/memdrill import >out &&
	grep " added" out
'

test_expect_success 'make uninstall leaves no file behind' '
	stage_uninstall "$stage" &&
	find "$stage" ! -type d >left &&
	test_cmp /dev/null left
'

test_done
