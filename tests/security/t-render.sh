#!/bin/sh
# t-render.sh - a card's Markdown cannot crash or freeze the renderer:
# 20,000 nested block quotes or 50,000 nested list markers render in
# bounded stack (the deeper blocks as plain text) and check reports the
# card; a table of 20,000 columns renders, cut with a visible marker.
# The stack is limited to 1 MiB so that recursion that grows with the
# nesting fails here whatever the machine's default; the CPU limit only
# keeps a regression from hanging the layer.
. "$(dirname "$0")/../lib.sh"

gen() {
	python3 - "$@" <<'PY'
import sys
kind, key = sys.argv[1], sys.argv[2]
if kind == "quote":
    ans = ">" * 20000 + " deep end\n"
elif kind == "list":
    ans = "- " * 50000 + "deep end\n"
elif kind == "mixed":
    ans = "> - " * 15000 + "deep end\n"
elif kind == "rows":
    ans = "\n|" + "|".join(["h"] * 64) + "|\n|" + "|".join(["-"] * 64) + \
          "|\n" + "".join("|" + "|".join(["c"] * 64) + "|\n"
                          for _ in range(10000))
else:
    n = 20000
    ans = ("\n|" + "|".join(["c%05d%s" % (i, "x" * 34) for i in range(n)]) +
           "|\n|" + "|".join(["-"] * n) + "|\n|" +
           "|".join(["y" * 40] * n) + "|\n")
sys.stdout.write("# Hostile\n\n## 1. S\n\nQ: What is %s?\nA: %s\nID: %s\n"
                 "[Basic]\n" % (key, ans, key))
PY
}

if ! command -v python3 >/dev/null 2>&1; then
	test_skip "render" "python3 is not installed"
	test_done
	exit
fi

for k in quote list mixed; do
	gen $k $k >$k.md
	test_expect_success "$k: a deck nested 20,000+ deep imports" "
		memdrill import $k.md
	"
	test_expect_success "$k: show renders it in 1 MiB of stack" "
		(ulimit -s 1024; ulimit -t 60; memdrill show $k --width 60) \
			>out 2>err &&
		grep -F 'deep end' out
	"
	test_expect_success "$k: check reports the card's nesting" "
		! memdrill check $k.md >out 2>&1 &&
		cat out &&
		grep -E '^$k.md:5: error: .*nest' out
	"
done

gen table table >table.md
test_expect_success 'table: 20,000 columns import' '
	memdrill import table.md
'
test_expect_success 'table: show renders it cut, with a marker' '
	(ulimit -t 60; memdrill show table --width 80) >out 2>err &&
	grep -F "│ c0" out &&
	grep -E "table cut: [0-9]+ of (more than )?[0-9]+ columns shown" out &&
	test "$(wc -L <out)" -lt 1000
'
test_expect_success 'table: check reports the width' '
	! memdrill check table.md >out 2>&1 &&
	cat out &&
	grep -E "^table.md:5: error: .*20001 .*table" out
'
gen rows rows >rows.md
test_expect_success 'rows: a 1.3 MB table imports' 'memdrill import rows.md'
test_expect_success 'rows: show lays out the first 128 KiB, in bounded memory' '
	(ulimit -v 200000; ulimit -t 60; memdrill show rows --width 80) \
		>out 2>err;
	rc=$?; cat err; test $rc -eq 0 &&
	grep -E "card cut: [0-9]+ of [0-9]+ bytes shown" out
'
test_expect_success 'rows: check reports the size' '
	! memdrill check rows.md >out 2>&1 && cat out &&
	grep -E "^rows.md:5: error: .*bytes of Markdown" out
'
test_done
