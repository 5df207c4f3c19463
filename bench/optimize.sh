#!/bin/sh
# bench/optimize.sh - `memdrill sched optimize` against fsrs-rs itself.
#
# For 10k, 100k and 1M reviews (bench/optimize-gen.js: ts-fsrs-scheduled
# cards, FSRS-6 recall), in the same run, each on one core (taskset -c 0):
#   - memdrill sched optimize FILE (parse, items, fit, both evaluations),
#   - the baseline: fsrs-rs 6.5 for node (npm @open-spaced-repetition/
#     binding 0.5.0, scripts/install-deps puts it in build/cache/npm):
#     node, convertCsvToFsrsItems and computeParameters on the same file
#     (tests/data/fsrs-binding/oracle.js fit); its computeParameters
#     alone is timed inside node too.
# Prints wall and CPU seconds, peak RSS, the ratios fsrs-rs / memdrill
# (over 1: memdrill is faster or smaller; target: at least 1), and the
# log loss both fits reach (by memdrill's evaluator).  CPU seconds are the
# fairer ratio: the binding's async computeParameters idles between its
# progress polls (0.53 s wall for 0.14 s of CPU on 10k reviews), and wall
# time counts whatever else runs on the core.  Then the time and
# peak memory of `sched retention` (28 simulated years of a 10,000-card
# collection, fsrs-rs's default deck); binding 0.5.0 has no simulator to
# compare with, so those are plain figures.  Not a test.
# Usage: bench/optimize.sh [REVIEWS...]   (default: 10000 100000 1000000)
set -eu
. "$(dirname "$0")/lib.sh"
npm=${MEMDRILL_NPM_DIR:-$top/build/cache/npm}/node_modules
command -v node >/dev/null 2>&1 && [ -d "$npm/ts-fsrs" ] &&
    [ -d "$npm/@open-spaced-repetition/binding" ] || {
	echo "bench: needs node and the npm packages (scripts/install-deps)" >&2
	exit 2
}
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (/usr/bin/time)" >&2
	exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export TZ=UTC XDG_CONFIG_HOME="$dir/config" NODE_PATH="$npm"
one=
command -v taskset >/dev/null 2>&1 && one="taskset -c 0"

# run NAME CMD...: time CMD (stdout to $dir/NAME.out) into NAME.t:
# "wall user sys maxrss_kb"
run() {
	name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$dir/$name.t" $one "$@" \
		>"$dir/$name.out" 2>"$dir/$name.err"
}

field() { cut -d' ' -f"$2" "$dir/$1.t"; }
cpu() { echo "$(field "$1" 2) + $(field "$1" 3)" | bc; }
ratio() { printf '%.2f' "$(echo "$1 / $2" | bc -l)"; }

printf '%-8s %-9s %8s %8s %8s %9s\n' reviews who wall_s cpu_s peak_MB \
	log_loss
for n in ${*:-10000 100000 1000000}; do
	node "$top/bench/optimize-gen.js" "$n" >"$dir/log.csv"
	run md "$bin" sched optimize --json "$dir/log.csv"
	ORACLE_TIME=1 run rs node "$top/tests/data/fsrs-binding/oracle.js" \
		fit "$dir/log.csv" 4
	mine=$(sed 's/.*"fitted":{"log_loss":\([0-9.]*\).*/\1/' "$dir/md.out")
	theirs=$("$bin" sched evaluate --json --params "$(cat "$dir/rs.out")" \
		"$dir/log.csv" | sed 's/.*"current":{"log_loss":\([0-9.]*\).*/\1/')
	core=$(sed -n 's/^computeParameters \([0-9.]*\) s$/\1/p' "$dir/rs.err")
	printf '%-8s %-9s %8.2f %8.2f %8.1f %9s\n' "$n" memdrill \
		"$(field md 1)" "$(cpu md)" "$(echo "$(field md 4) / 1024" | bc -l)" \
		"$mine"
	printf '%-8s %-9s %8.2f %8.2f %8.1f %9s   (computeParameters %.2f s)\n' \
		"$n" fsrs-rs "$(field rs 1)" "$(cpu rs)" \
		"$(echo "$(field rs 4) / 1024" | bc -l)" "$theirs" "$core"
	echo "ratio fsrs-rs/memdrill: wall $(ratio "$(field rs 1)" \
"$(field md 1)"), cpu $(ratio "$(cpu rs)" "$(cpu md)"), computeParameters \
alone/memdrill $(ratio "$core" "$(field md 1)"), peak memory \
$(ratio "$(field rs 4)" "$(field md 4)")"
done

export XDG_DATA_HOME="$dir/data" MEMDRILL_DB="$dir/data/bench.db"
"$bin" import "$top/tests/data/seed-deck.md" >/dev/null
run ret "$bin" sched retention --new 10000
printf 'sched retention, %s cards, 365 days x 28 retentions: %.2f s wall, %.2f s cpu, %.1f MB\n' \
	"$(($(sqlite3 "$MEMDRILL_DB" 'SELECT count(*) FROM cards') + 10000))" \
	"$(field ret 1)" "$(cpu ret)" "$(echo "$(field ret 4) / 1024" | bc -l)"
