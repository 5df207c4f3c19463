#!/bin/sh
# t-cards-man.sh - the man page renders and names every command and
# every long option of each command's --help.
. "$(dirname "$0")/../lib.sh"
man1=$TEST_TOP/docs/memdrill.1

# man_escape OPT: OPT as roff writes it, every - as \-.
man_escape() {
	printf '%s\n' "$1" | sed 's/-/\\-/g'
}

if command -v groff >/dev/null; then
	test_expect_success 'docs/memdrill.1 renders without warnings' '
		groff -man -Tutf8 -ww "$man1" >out 2>err &&
		test ! -s err && grep -q "memdrill" out
	'
else
	test_skip "man page renders" "groff is not installed"
fi

test_expect_success 'every command in memdrill --help is in the man page' '
	memdrill --help | awk "/^commands:/ {f=1; next} /^$/ {f=0} f {print \$1}" >cmds &&
	test -s cmds &&
	while read -r c; do
		grep -q "^\.BR* \"*$c\b\|^\.BR \"$c \|^\.B $c\b" "$man1" ||
			{ echo "man page lacks $c"; exit 1; }
	done <cmds
'

test_expect_success 'every long option in each command'"'"'s --help is in it' '
	memdrill --help | awk "/^commands:/ {f=1; next} /^$/ {f=0} f {print \$1}" >cmds &&
	test -s cmds &&
	n=0 &&
	while read -r c; do
		memdrill "$c" --help >h || exit 1
		for o in $(grep -o -- "--[a-z][a-z-]*" h | sort -u); do
			n=$((n + 1))
			m=$(man_escape "$o")
			grep -qF -- "$m" "$man1" ||
				{ echo "man page lacks $c $o"; exit 1; }
		done
	done <cmds &&
	test "$n" -gt 10
'

test_done
