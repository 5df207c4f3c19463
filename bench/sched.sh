#!/bin/sh
# bench/sched.sh - `memdrill sched replay` throughput.
#
# Generates 1,000,000 reviews (50,000 cards x 20, 3 days apart, rows
# interleaved by card; bench/gen.c), then in the same run measures:
#   - the baseline: reading the same CSV and splitting every row into its
#     three fields (awk -F, summing a field, so every row is touched),
#   - `memdrill sched replay` on it (target: over 2M reviews/s).
# Prints figures; it is not a test.  Usage: bench/sched.sh [REVIEWS]
set -eu
. "$(dirname "$0")/lib.sh"
n=${1:-1000000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT

# bench/gen.c: 64-bit times (awk's printf "%d" capped them at 2^31 - 1
# in mawk, so every review had the same time)
"$gen" log "$n" >"$dir/log.csv"

now() { date +%s.%N; }
t0=$(now); awk -F, '{ s += $3 } END { print s > "/dev/null" }' "$dir/log.csv"
t1=$(now)
base=$(echo "$t1 - $t0" | bc)
t0=$(now); TZ=UTC "$bin" sched replay --rollover 0 "$dir/log.csv" >"$dir/out.csv"
t1=$(now)
rep=$(echo "$t1 - $t0" | bc)
rows=$(($(wc -l <"$dir/out.csv") - 1))

echo "reviews:                $rows ($(du -h "$dir/log.csv" | cut -f1) of CSV)"
printf 'baseline read+split:    %.3f s (awk -F,)\n' "$base"
printf 'sched replay:           %.3f s = %.2f M reviews/s (target > 2)\n' \
	"$rep" "$(echo "$rows / $rep / 1000000" | bc -l)"
printf 'ratio replay/baseline:  %.2f\n' "$(echo "$rep / $base" | bc -l)"
