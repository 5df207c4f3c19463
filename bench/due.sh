#!/bin/sh
# bench/due.sh - today's queue on a large collection.
#
# Builds a collection of 100,000 cards (60% review cards due from 20 days
# ago to 70 days ahead, 1% learning, 39% new) with 2,000,000 review-log
# rows, then measures in the same run, best of 5 each:
#   - `memdrill cards --due`, which builds today's queue (learning, reviews
#     due today up to the daily limit, new cards up to theirs) and prints
#     it (piped into wc -l);
#   - the baseline: the sqlite3 shell running the equivalent indexed
#     queries on the same file and counting the rows.
# Targets: within 1.5x of the baseline and under 20 ms.  Prints figures;
# it is not a test.  BENCH_DB=path keeps the collection there (for
# bench/drill.sh).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/memdrill
n=${BENCH_CARDS:-100000}
reviews=${BENCH_REVIEWS:-2000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=${BENCH_DB:-$work/due.db}
[ -x "$bin" ] || { echo "bench: build memdrill first (make)" >&2; exit 2; }
rm -f "$db" "$db-wal" "$db-shm"

printf '# Bench\n\n## 1. One\n\nQ: seed?\nA: seed.\n[Basic]\n' >"$work/seed.md"
"$bin" --db "$db" import -q "$work/seed.md"
t0=$(date +%s%N)
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n)
INSERT INTO cards(key, deck_id, section, ord, question, answer, level,
		  source, line, hash)
SELECT printf('b%06d', i), (SELECT min(id) FROM decks), 'Section', i + 1,
       printf('Question %d: which order does expand keep?', i),
       'The low half, order ' || (i % 11) || '.', 1 + i % 3, '/bench.md',
       i * 6, printf('%016x', i)
FROM s;
INSERT INTO card_state(card_id, state, due, stability, difficulty,
		       last_review, reps)
SELECT id,
       CASE WHEN ord % 100 < 60 THEN 2 WHEN ord % 100 = 60 THEN 1 ELSE 0 END,
       CASE WHEN ord % 100 < 60
	    THEN strftime('%s','now') + ((ord % 90) - 20) * 86400
	    WHEN ord % 100 = 60 THEN strftime('%s','now') - 60 END,
       CASE WHEN ord % 100 <= 60 THEN 5.0 + ord % 20 END,
       CASE WHEN ord % 100 <= 60 THEN 5.0 END,
       CASE WHEN ord % 100 <= 60 THEN strftime('%s','now') - 40 * 86400 END,
       CASE WHEN ord % 100 <= 60 THEN 3 ELSE 0 END
FROM cards WHERE key LIKE 'b%';
WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r
			WHERE i < $reviews)
INSERT INTO revlog(card_id, time, rating, state, elapsed_days,
		   scheduled_days, stability, difficulty, duration_ms)
SELECT 2 + (i * 7919) % $n,
       (strftime('%s','now') - 86400 * 400 + i * 15) * 1000,
       1 + i % 4, 2, 3, 5, 5.0, 5.0, 8000
FROM r;
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
echo "built $n cards, $reviews reviews in" \
	"$(( ($(date +%s%N) - t0) / 1000000 )) ms ($(du -h "$db" | cut -f1))"

# The same queries memdrill's queue runs (store_pick), day start at 04:00
# local, reviews limit 200 minus today's reviews, new limit 20 and at most
# what the review limit leaves.
now=$(date +%s)
dend=$(TZ=${TZ:-} date -d "$(date -d '-4 hours' +%F) 04:00 tomorrow" +%s)
dstart=$((dend - 86400))
cat >"$work/q.sql" <<SQL
SELECT count(*) FROM (
 SELECT * FROM (SELECT c.id FROM card_state s JOIN cards c ON c.id = s.card_id
  WHERE c.retired = 0 AND (s.queue = 0 OR (s.queue = 1 AND s.buried_until <= $now))
  AND s.state IN (1, 3) AND s.due <= $now + 1200 ORDER BY s.due, c.id)
 UNION ALL
 SELECT * FROM (SELECT c.id FROM card_state s JOIN cards c ON c.id = s.card_id
  WHERE c.retired = 0 AND (s.queue = 0 OR (s.queue = 1 AND s.buried_until <= $now))
  AND s.state = 2 AND s.due < $dend ORDER BY s.due, c.id
  LIMIT 200 - (SELECT count(*) FROM revlog WHERE time >= $dstart * 1000))
 UNION ALL
 SELECT * FROM (SELECT c.id FROM card_state s JOIN cards c ON c.id = s.card_id
  WHERE c.retired = 0 AND (s.queue = 0 OR (s.queue = 1 AND s.buried_until <= $now))
  AND s.state = 0 ORDER BY s.card_id
  LIMIT max(0, min(20, 200 - (SELECT count(*) FROM revlog
			       WHERE time >= $dstart * 1000)
		   - min(200, (SELECT count(*) FROM card_state
			       WHERE state = 2 AND due < $dend))))));
SQL

best() {	# best of 5 wall-clock runs of "$@", in ms; prints the last output
	b=999999
	for i in 1 2 3 4 5; do
		s=$(date +%s%N)
		out=$("$@")
		e=$(( ($(date +%s%N) - s) / 1000 ))
		[ "$e" -lt "$b" ] && b=$e
	done
	echo "$b $out"
}
set -- $(best sh -c "'$bin' --db '$db' cards --due | wc -l")
md_us=$1 md_n=$2
set -- $(best sh -c "sqlite3 '$db' <'$work/q.sql'")
sq_us=$1 sq_n=$2

echo "today's queue:          $md_n cards (sqlite3 counts $sq_n)"
printf 'memdrill cards --due:   %.1f ms (target < 20 ms)\n' \
	"$(echo "$md_us / 1000" | bc -l)"
printf 'sqlite3 shell baseline: %.1f ms\n' "$(echo "$sq_us / 1000" | bc -l)"
printf 'ratio:                  %.2f (target <= 1.5)\n' \
	"$(echo "$md_us / $sq_us" | bc -l)"
