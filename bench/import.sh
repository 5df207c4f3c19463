#!/bin/sh
# bench/import.sh - import speed against the sqlite3 shell as a baseline.
#
# Generates 20,000 cards in 40 deck files (each answer has a table and a
# code block; bench/gen.c), then measures in the same run:
#   - the first import into an empty collection (cards/s),
#   - an unchanged re-import (target: under 20 ms),
#   - the baseline: the sqlite3 shell loading the same rows from CSV into
#     memdrill's schema (as its import creates it): the decks, the cards
#     with the same columns and indexes, a card_state row each, in one
#     transaction (target: first import within 2x).
# Prints figures; it is not a test.  Usage: bench/import.sh [CARDS]
set -eu
. "$(dirname "$0")/lib.sh"
n=${1:-20000}
files=40
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export MEMDRILL_HOME=$top XDG_CONFIG_HOME=$dir/config

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }

mkdir "$dir/decks"
"$gen" decks "$dir/decks" "$n" "$files" "$dir/cards.csv"
# memdrill's schema, as its import creates it, for the baseline
printf '# Seed\n\nQ: seed?\nA: seed.\n[Basic]\n' >"$dir/seed.md"
"$bin" --db "$dir/seed.db" import -q "$dir/seed.md"
sqlite3 "$dir/seed.db" .schema >"$dir/schema.sql"

export MEMDRILL_DB="$dir/bench.db"
t0=$(now); "$bin" import -q "$dir/decks" ; t1=$(now)
first=$(elapsed "$t0" "$t1")
t0=$(now); "$bin" import -q "$dir/decks" ; t1=$(now)
again=$(elapsed "$t0" "$t1")

# the same rows into the same schema: decks, cards, a card_state each
t0=$(now)
sqlite3 "$dir/base.db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
PRAGMA synchronous=NORMAL;
PRAGMA foreign_keys=ON;
.read $dir/schema.sql
BEGIN;
CREATE TEMP TABLE csv(key, deck, section, ord, question, answer, level,
		      source, line);
.import --csv $dir/cards.csv csv
INSERT INTO decks(name, path) SELECT deck, min(source) FROM csv
	GROUP BY deck ORDER BY min(rowid);
INSERT INTO cards(key, deck_id, section, ord, question, answer, level,
		  source, line, hash)
	SELECT key, (SELECT id FROM decks WHERE name = deck), section, ord,
	       question, answer, level, source, line,
	       printf('%016x', rowid * 2654435761) FROM csv;
INSERT INTO card_state(card_id) SELECT id FROM cards;
COMMIT;
SQL
t1=$(now)
base=$(elapsed "$t0" "$t1")

cards=$(sqlite3 "$MEMDRILL_DB" "select count(*) from cards")
bcards=$(sqlite3 "$dir/base.db" "select count(*) from cards")
echo "cards:                 $cards in $files files (baseline $bcards)"
printf 'first import:          %.3f s (%.0f cards/s)\n' "$first" \
	"$(echo "$cards / $first" | bc -l)"
printf 'baseline sqlite3 CSV:  %.3f s (%.0f cards/s)\n' "$base" \
	"$(echo "$cards / $base" | bc -l)"
printf 'ratio import/baseline: %.2f (target <= 2)\n' \
	"$(echo "$first / $base" | bc -l)"
printf 'unchanged re-import:   %.1f ms (target < 20 ms)\n' \
	"$(echo "$again * 1000" | bc -l)"
