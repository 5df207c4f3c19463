#!/bin/sh
# bench/sync.sh - the event log: sync and rebuild, against baselines run
# in the same run.
#
#   sync: device A holds N new events (N = 1,000 and 100,000, reviews of
#     10,000 cards); `memdrill sync` on A writes, commits and pushes them
#     to a bare repository; `memdrill sync` on B fetches, imports and
#     replays them.  Baseline: `git clone` of the same repository (the
#     transport alone).
#   rebuild: a collection of CARDS cards (100,000) and REVIEWS review
#     events (2,000,000); `memdrill rebuild` replays every card and
#     rewrites card_state and revlog.  Baselines: `memdrill import` of
#     the deck (writing the cards) and `memdrill sched replay` of the
#     same reviews as CSV (the scheduler's memory model alone, no SQL).
#     Target: a rebuild under a few seconds.
#
# Prints figures; it is not a test.  Usage: bench/sync.sh [CARDS REVIEWS]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/memdrill
cards=${1:-100000}
reviews=${2:-2000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
[ -x "$bin" ] || { echo "bench: build memdrill first (make)" >&2; exit 2; }
command -v git >/dev/null || { echo "bench: git is missing" >&2; exit 2; }
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1 TZ=UTC
unset MEMDRILL_DB

now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc; }
ratio() { echo "scale=2; $1 / $2" | bc; }

# deck FILE N: N cards with IDs c0 .. c(N-1)
deck() {
	awk -v n="$2" 'BEGIN {
		print "# Bench\n"
		for (i = 0; i < n; i++)
			printf "Q: question %d?\nA: answer %d.\nID: c%d\n[Basic]\n\n", i, i, i
	}' >"$1"
}

dev() {
	d=$1
	shift
	XDG_DATA_HOME="$dir/$d/data" XDG_CONFIG_HOME="$dir/$d/config" \
		"$bin" "$@"
}

db() { echo "$dir/$1/data/memdrill/memdrill.db"; }

# add_events DEVICE N: N review events of 10,000 cards into the collection
# of DEVICE (as if graded there), 3 days apart per card
add_events() {
	sqlite3 "$(db "$1")" "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL
		SELECT i + 1 FROM n WHERE i < $2 - 1)
		INSERT INTO events(device, seq, time, kind, subject, rating,
			duration_ms)
		SELECT (SELECT value FROM local WHERE key = 'device'),
			(SELECT coalesce(max(seq), 0) FROM events) + i + 1,
			1780000000000 + (i / 10000) * 259200000 + (i % 10000),
			'review', 'c' || (i % 10000),
			CASE WHEN i % 10 = 7 THEN 1 ELSE 3 END, 1000 FROM n"
}

echo "== sync"
deck "$dir/sync.md" 10000
git init -q --bare "$dir/remote.git"
dev A import -q "$dir/sync.md"
dev B import -q "$dir/sync.md"
dev A sync --init "$dir/remote.git" >/dev/null
dev B sync --init "$dir/remote.git" >/dev/null
for n in 1000 100000; do
	add_events A "$n"
	t0=$(now); dev A sync >/dev/null; t1=$(now)
	out=$(elapsed "$t0" "$t1")
	t0=$(now); dev B sync >"$dir/in.txt"; t1=$(now)
	in=$(elapsed "$t0" "$t1")
	grep -q "from .*: $n events" "$dir/in.txt" ||
		{ echo "bench: B did not get $n events" >&2; exit 1; }
	rm -rf "$dir/clone"
	t0=$(now); git clone -q -b main "$dir/remote.git" "$dir/clone"; t1=$(now)
	base=$(elapsed "$t0" "$t1")
	echo "$n new events: out (write, commit, push) ${out}s, in (fetch," \
		"merge, import, replay) ${in}s; baseline git clone ${base}s:" \
		"out $(ratio "$out" "$base")x, in $(ratio "$in" "$base")x"
done

echo "== rebuild: $cards cards, $reviews reviews"
deck "$dir/big.md" "$cards"
export MEMDRILL_DB="$dir/big.db"
t0=$(now); "$bin" import -q "$dir/big.md"; t1=$(now)
import=$(elapsed "$t0" "$t1")
per=$((reviews / cards))
sqlite3 "$dir/big.db" "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL
	SELECT i + 1 FROM n WHERE i < $reviews - 1)
	INSERT INTO events(device, seq, time, kind, subject, rating,
		duration_ms)
	SELECT 'bench', i + 1,
		1700000000000 + (i / $cards) * 259200000 + (i % $cards),
		'review', 'c' || (i % $cards),
		CASE WHEN i % 10 = 7 THEN 1 ELSE 3 END, 1000 FROM n"
awk -v n="$reviews" -v c="$cards" 'BEGIN {
	print "card_id,review_time,review_rating"
	for (i = 0; i < n; i++)
		printf "%d,%.0f,%d\n", i % c, 1700000000000 + int(i / c) * 259200000 + i % c, i % 10 == 7 ? 1 : 3
}' >"$dir/replay.csv"
t0=$(now); "$bin" rebuild >"$dir/rebuild.txt"; t1=$(now)
rebuild=$(elapsed "$t0" "$t1")
grep -q "of $cards cards: $reviews reviews" "$dir/rebuild.txt" ||
	{ echo "bench: rebuild replayed: $(cat "$dir/rebuild.txt")" >&2; exit 1; }
t0=$(now); "$bin" sched replay "$dir/replay.csv" >/dev/null; t1=$(now)
replay=$(elapsed "$t0" "$t1")
echo "rebuild ${rebuild}s ($per reviews per card);" \
	"import of the deck ${import}s: $(ratio "$rebuild" "$import")x;" \
	"sched replay of the reviews ${replay}s: $(ratio "$rebuild" "$replay")x"
