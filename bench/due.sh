#!/bin/sh
# bench/due.sh - today's queue on a large collection.
#
# Builds a collection of 100,000 cards (imported deck files; 60% review
# cards due from 20 days ago to 70 days ahead, 1% learning, 39% new) with
# 2,000,000 review-log rows (bench/gen.c), then measures in the same run,
# best of 5 each:
#   - `memdrill cards --due`, which builds today's queue (learning, reviews
#     due today up to the daily limit, new cards up to theirs) and prints
#     it (piped into wc -l);
#   - the baseline: the sqlite3 shell running the same queries on the
#     same file (limits never negative: SQLite reads LIMIT -1 as none),
#     fetching the same columns of the same cards and printing them (into
#     wc -l).
# Targets: within 1.5x of the baseline and under 20 ms.  Prints figures;
# it is not a test.  BENCH_DB=path keeps the collection there (for
# bench/drill.sh).
set -eu
. "$(dirname "$0")/lib.sh"
n=${BENCH_CARDS:-100000}
per=${BENCH_REVIEWS:-20}	# review-log rows a card
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=${BENCH_DB:-$work/due.db}
rm -f "$db" "$db-wal" "$db-shm"
export MEMDRILL_HOME=$top XDG_CONFIG_HOME=$work/config NO_COLOR=1

# The cards through memdrill's own import, their history from bench/gen.c
# (64-bit times, all in the past: the old SQL generator's times ran into
# the future above about 2.3M reviews).
t0=$(date +%s%N)
mkdir "$work/decks"
files=$((n / 2500)); [ "$files" -ge 4 ] || files=4
"$gen" decks "$work/decks" "$n" "$files"
"$bin" --db "$db" import -q "$work/decks"
"$gen" history "$db" "$per" "$(date +%s)"
echo "built $n cards, $(sqlite3 "$db" 'select count(*) from revlog')" \
	"reviews in $(( ($(date +%s%N) - t0) / 1000000 )) ms ($(du -h "$db" | cut -f1))"

# The same queries memdrill's queue runs (store_pick), day start at 04:00
# local, reviews limit 200 minus today's reviews, new limit 20 and at most
# what the review limit leaves.
now=$(date +%s)
dend=$(TZ=${TZ:-} date -d "$(date -d '-4 hours' +%F) 04:00 tomorrow" +%s)
dstart=$((dend - 86400))
today="(SELECT count(*) FROM revlog WHERE time >= $dstart * 1000)"
cat >"$work/q.sql" <<SQL
.mode list
.separator "\t"
WITH learn AS (SELECT s.card_id AS id FROM card_state s
  JOIN cards c ON c.id = s.card_id
  WHERE c.retired = 0 AND (s.queue = 0 OR (s.queue = 1 AND s.buried_until <= $now))
  AND s.state IN (1, 3) AND s.due <= $now + 1200 ORDER BY s.due, s.card_id),
rev AS (SELECT s.card_id AS id FROM card_state s
  JOIN cards c ON c.id = s.card_id
  WHERE c.retired = 0 AND (s.queue = 0 OR (s.queue = 1 AND s.buried_until <= $now))
  AND s.state = 2 AND s.due < $dend ORDER BY s.due, s.card_id
  LIMIT max(0, 200 - $today)),
new AS (SELECT s.card_id AS id FROM card_state s
  JOIN cards c ON c.id = s.card_id
  WHERE c.retired = 0 AND (s.queue = 0 OR (s.queue = 1 AND s.buried_until <= $now))
  AND s.state = 0 ORDER BY s.card_id
  LIMIT max(0, min(20, 200 - $today - (SELECT count(*) FROM rev)))),
q AS (SELECT id, 1 AS k FROM learn UNION ALL SELECT id, 2 FROM rev
      UNION ALL SELECT id, 3 FROM new)
SELECT c.key, d.name, c.section, c.level, substr(c.question, 1,
       instr(c.question || char(10), char(10)) - 1),
       CASE WHEN s.state = 0 THEN 'new' ELSE date(s.due, 'unixepoch') END
FROM q JOIN cards c ON c.id = q.id JOIN decks d ON d.id = c.deck_id
JOIN card_state s ON s.card_id = c.id;
SQL

best() {	# best of 5 wall-clock runs of "$@", in us; then the output
	b=
	for i in 1 2 3 4 5; do
		s=$(date +%s%N)
		out=$("$@")
		e=$(( ($(date +%s%N) - s) / 1000 ))
		if [ -z "$b" ] || [ "$e" -lt "$b" ]; then b=$e; fi
	done
	echo "$b $out"
}
set -- $(best sh -c "'$bin' --db '$db' cards --due | wc -l")
md_us=$1 md_n=$2
set -- $(best sh -c "sqlite3 '$db' <'$work/q.sql' | wc -l")
sq_us=$1 sq_n=$2

echo "today's queue:          $md_n cards (sqlite3 prints $sq_n)"
printf 'memdrill cards --due:   %.1f ms (target < 20 ms)\n' \
	"$(echo "$md_us / 1000" | bc -l)"
printf 'sqlite3 shell baseline: %.1f ms\n' "$(echo "$sq_us / 1000" | bc -l)"
printf 'ratio:                  %.2f (target <= 1.5)\n' \
	"$(echo "$md_us / $sq_us" | bc -l)"
