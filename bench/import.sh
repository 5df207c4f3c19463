#!/bin/sh
# bench/import.sh - import speed against the sqlite3 shell as a baseline.
#
# Generates 20,000 cards in 40 deck files (each answer has a table and a
# code block), then measures in the same run:
#   - the first import into an empty collection (cards/s),
#   - an unchanged re-import (target: under 100 ms),
#   - the baseline: the sqlite3 shell loading the same card texts from CSV
#     into a table with the same columns (target: first import within 2x).
# Prints figures; it is not a test.  Usage: bench/import.sh [CARDS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/memdrill
n=${1:-20000}
files=40
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
[ -x "$bin" ] || { echo "bench: build memdrill first (make)" >&2; exit 2; }

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

awk -v n="$n" -v files="$files" -v dir="$dir" -v q='"' '
BEGIN {
	per = n / files
	for (f = 0; f < files; f++) {
		path = sprintf("%s/deck%02d.md", dir, f)
		printf "# Bench deck %d\n\n## 1. Section\n\n", f > path
		for (i = 0; i < per; i++) {
			k = f * per + i
			printf "---\n\nQ: Question %d: what happens at order %d?\n", k, k % 11 > path
			printf "A: | 字段 | value |\n|---|---|\n| order | %d |\n| pfn | %d |\n\n", k % 11, k * 8 > path
			printf "```c\nstruct page *p = alloc_pages(GFP_KERNEL, %d);\n```\n", k % 11 > path
			printf "解释 %d：伙伴系统把块一分为二。\n", k > path
			if (k % 2) printf "ID: bench-%d\n", k > path
			printf "[Intermediate]\n\n" > path
			# the same texts as CSV for the baseline
			printf "%s%d%s,%sQuestion %d: what happens at order %d?%s,%s| 字段 | value |\n|---|---|\n| order | %d |\n| pfn | %d |\n\n```c\nstruct page *p = alloc_pages(GFP_KERNEL, %d);\n```\n解释 %d：伙伴系统把块一分为二。%s\n", q, k, q, q, k, k % 11, q, q, k % 11, k * 8, k % 11, k, q > (dir "/cards.csv")
		}
	}
}'

export MEMDRILL_DB="$dir/bench.db"
t0=$(now); "$bin" import -q "$dir" ; t1=$(now)
first=$(elapsed "$t0" "$t1")
t0=$(now); "$bin" import -q "$dir" ; t1=$(now)
again=$(elapsed "$t0" "$t1")

t0=$(now)
sqlite3 "$dir/base.db" <<SQL
PRAGMA journal_mode=WAL;
CREATE TABLE cards(id INTEGER PRIMARY KEY, key TEXT UNIQUE NOT NULL,
	question TEXT NOT NULL, answer TEXT NOT NULL);
CREATE TABLE csv(key TEXT, question TEXT, answer TEXT);
.mode csv
.import $dir/cards.csv csv
INSERT INTO cards(key, question, answer) SELECT * FROM csv;
SQL
t1=$(now)
base=$(elapsed "$t0" "$t1")

cards=$(sqlite3 "$MEMDRILL_DB" "select count(*) from cards")
echo "cards:                 $cards in $files files"
printf 'first import:          %.3f s (%.0f cards/s)\n' "$first" \
	"$(echo "$cards / $first" | bc -l)"
printf 'baseline sqlite3 CSV:  %.3f s (%.0f cards/s)\n' "$base" \
	"$(echo "$cards / $base" | bc -l)"
printf 'ratio import/baseline: %.2f (target <= 2)\n' \
	"$(echo "$first / $base" | bc -l)"
printf 'unchanged re-import:   %.1f ms (target < 100 ms)\n' \
	"$(echo "$again * 1000" | bc -l)"
