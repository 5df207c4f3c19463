#!/bin/sh
# bench/drill.sh - the drill on a 100,000-card collection, plain mode:
# time from start to the first question, median time per grade over 1,000
# grades (grade committed and the next card printed), and peak RSS.
# Targets: first question < 50 ms, median grade < 2 ms, RSS < 20 MB.
#
# The collection comes from bench/due.sh (BENCH_DB, when it leaves one);
# otherwise it is generated here: memdrill creates the schema by importing
# a one-card deck, then the sqlite3 shell fills in 100,000 cards: 60%
# review cards due from 20 days ago to 70 days ahead (about 13,000 due
# today), 1% learning cards due now, 39% new.
set -eu
cd "$(dirname "$0")/.."
make -s all >/dev/null
work=$(mktemp -d)
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
db=${BENCH_DB:-$work/bench.db}
n=${BENCH_CARDS:-100000}
grades=${BENCH_GRADES:-1000}
if [ ! -f "$db" ]; then
	command -v sqlite3 >/dev/null || {
		echo "bench/drill.sh: needs the sqlite3 shell"; exit 2; }
	printf '# Bench\n\n## 1. One\n\nQ: seed?\nA: seed.\n[Basic]\n' \
		>"$work/seed.md"
	./memdrill --db "$db" import "$work/seed.md" >/dev/null
	start=$(date +%s%N)
	sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode=WAL;
BEGIN;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $n)
INSERT INTO cards(key, deck_id, section, ord, question, answer, level,
		  source, line, hash, retired)
SELECT printf('b%06d', i), (SELECT min(id) FROM decks),
       printf('%d. Section %d', i % 40, i % 40), i + 1,
       printf('Question %d: what does the buddy allocator do with order %d?',
	      i, i % 11),
       'Answer ' || i || '.' || char(10) || char(10) || '| a | b |' ||
	  char(10) || '|---|---|' || char(10) || '| ' || i || ' | 中文 |' ||
	  char(10) || char(10) || '\`\`\`' || char(10) ||
	  'struct page *p = alloc_pages(GFP_KERNEL, ' || (i % 11) || ');' ||
	  char(10) || '\`\`\`' || char(10),
       1 + i % 3, 'bench.md', i * 6, printf('%016x', i), 0
FROM s;
INSERT INTO card_state(card_id, state, step, due, stability, difficulty,
		       last_review, reps, lapses, queue)
SELECT id,
       CASE WHEN ord % 100 < 60 THEN 2 WHEN ord % 100 = 60 THEN 1 ELSE 0 END,
       0,
       CASE WHEN ord % 100 < 60
	    THEN strftime('%s','now') + ((ord % 90) - 20) * 86400
	    WHEN ord % 100 = 60 THEN strftime('%s','now') - 60
	    ELSE NULL END,
       CASE WHEN ord % 100 <= 60 THEN 5.0 + ord % 20 ELSE NULL END,
       CASE WHEN ord % 100 <= 60 THEN 5.0 ELSE NULL END,
       CASE WHEN ord % 100 <= 60 THEN strftime('%s','now') - 40 * 86400
	    ELSE NULL END,
       CASE WHEN ord % 100 <= 60 THEN 3 ELSE 0 END, 0, 0
FROM cards WHERE key LIKE 'b%' AND id NOT IN (SELECT card_id FROM card_state);
COMMIT;
SQL
	echo "generated $n cards in $(( ($(date +%s%N) - start) / 1000000 )) ms"
fi
mkdir -p build/bench
${CC:-cc} -O2 -o build/bench/drill-bench bench/drill-bench.c
echo "collection: $db ($(du -h "$db" | cut -f1))"
sqlite3 "$db" "SELECT 'cards ' || count(*) || ', new ' || sum(state = 0) ||
	', learning ' || sum(state IN (1, 3)) || ', review ' ||
	sum(state = 2) || ', due now ' || sum(state > 0 AND due <=
	strftime('%s','now')) FROM card_state"
before=$(sqlite3 "$db" 'select count(*) from revlog')
build/bench/drill-bench ./memdrill "$db" "$grades"
after=$(sqlite3 "$db" 'select count(*) from revlog')
echo "review-log rows added: $((after - before)) (expected $grades)"
