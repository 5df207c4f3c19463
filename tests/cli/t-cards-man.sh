#!/bin/sh
# t-cards-man.sh - the man page renders and names every command.
. "$(dirname "$0")/../lib.sh"
man1=$TEST_TOP/docs/memdrill.1

test_expect_success 'docs/memdrill.1 renders without warnings' '
	command -v groff >/dev/null || exit 0
	groff -man -Tutf8 -ww "$man1" >out 2>err &&
	test ! -s err && grep -q "memdrill" out
'

test_expect_success 'every command in memdrill --help is in the man page' '
	memdrill --help | awk "/^commands:/ {f=1; next} /^$/ {f=0} f {print \$1}" >cmds &&
	test -s cmds &&
	while read -r c; do
		grep -q "^\.BR* \"*$c\b\|^\.BR \"$c \|^\.B $c\b" "$man1" ||
			{ echo "man page lacks $c"; exit 1; }
	done <cmds
'

test_done
