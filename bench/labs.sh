#!/bin/sh
# bench/labs.sh - time of each lab from command to verdict, through
# `memdrill lab run`, and of every kmod lab together in one VM boot
# (`lab run --all --vm`).  Baseline measured in the same run: `memdrill
# lab show` of the same page (parse + render, no run), so the figures show
# what the run itself costs.  Targets (issue 7, TCG on 2 cores): each kmod
# lab under 10 s, all together under 30 s.  Labs that cannot run here are
# listed with their reason.  Prints figures; it is not a test.
# Exercises (issue 19): `lab run` of one exercise (ex-alloc-pages, its
# solution in the workspace) from command to verdict, build included,
# with a cold cache (a fresh XDG_CACHE_HOME: kbuild from scratch and the
# kernel unpacked) and warm (the same run again), against a kmod lab's
# run (kmod-buddyinfo) in the same cache as the baseline; then `lab
# verify` of every exercise (target: one boot, under 30 s under TCG on 2
# cores).  BENCH_EXERCISES=0 leaves them out.
# Usage: bench/labs.sh [ID...]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/memdrill
[ -x "$bin" ] || { echo "bench: build memdrill first (make)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export MEMDRILL_DB=$dir/bench.db MEMDRILL_HOME=$top NO_COLOR=1
export XDG_DATA_HOME=$dir/data

now() { date +%s.%N; }
ms() { echo "($2 - $1) * 1000 / 1" | bc; }

if [ $# -eq 0 ]; then
	set -- $(grep -L '^Kind: exercise$' "$top"/labs/*.md |
		 sed 's|.*/||; s|\.md$||' | grep -v README)
fi
printf '%-26s %-5s %-8s %9s %9s %7s\n' LAB KIND VERDICT RUN_MS SHOW_MS RATIO
for id in "$@"; do
	kind=$(sed -n 's/^Kind: //p' "$top/labs/$id.md")
	t0=$(now)
	"$bin" lab show "$id" >/dev/null 2>&1
	t1=$(now)
	"$bin" lab run "$id" >"$dir/out" 2>&1 </dev/null
	rc=$?
	t2=$(now)
	case $rc in 0) v=pass ;; 1) v=FAIL ;; *) v=norun ;; esac
	show=$(ms "$t0" "$t1")
	run=$(ms "$t1" "$t2")
	ratio=$(echo "scale=1; $run / ($show + 1)" | bc)
	printf '%-26s %-5s %-8s %9s %9s %6sx\n' "$id" "$kind" "$v" "$run" \
		"$show" "$ratio"
	[ $rc -eq 2 ] && sed -n 's/^verdict: could not run: /    reason: /p' \
		"$dir/out"
	# a failed lab: the lines it printed of its own, and the expectations
	[ $rc -eq 1 ] && grep -E '^(oom_lab|slab_lab|alloc_lab|pfault)|^expect|Killed process' \
		"$dir/out" | sed 's/^/    /'
done
t0=$(now)
"$bin" lab run --all --vm >"$dir/all" 2>&1 </dev/null
rc=$?
t1=$(now)
echo "all kmod labs in one boot: $(ms "$t0" "$t1") ms, exit $rc, $(grep '^labs:' "$dir/all")"

[ "${BENCH_EXERCISES:-1}" = 0 ] && exit 0
# exercises: one run cold and warm against a kmod lab, then verify
ex=ex-alloc-pages
"$bin" lab start "$ex" >/dev/null &&
cp "$top/labs/exercises/$ex/solution/ex_pages.c" \
    "$XDG_DATA_HOME/memdrill/exercises/$ex/ex_pages.c" || exit 2
run_ms() {	# run_ms ID: "MS VERDICT" of one lab run
	t0=$(now)
	"$bin" lab run "$1" >"$dir/out" 2>&1 </dev/null
	rc=$?
	t1=$(now)
	case $rc in 0) v=pass ;; 1) v=FAIL ;; *) v=norun ;; esac
	echo "$(ms "$t0" "$t1") $v"
}
printf '%-30s %9s %-6s %9s %-6s %7s\n' EXERCISE RUN_MS VERDICT BASE_MS VERDICT RATIO
for cache in cold warm; do
	if [ $cache = cold ]; then
		export XDG_CACHE_HOME=$dir/cache
		rm -rf "$XDG_CACHE_HOME"
	fi
	set -- $(run_ms "$ex")
	run=$1 v=$2
	set -- $(run_ms kmod-buddyinfo)
	printf '%-30s %9s %-6s %9s %-6s %6sx\n' "$ex ($cache cache)" "$run" \
		"$v" "$1" "$2" "$(echo "scale=2; $run / ($1 + 1)" | bc)"
done
t0=$(now)
"$bin" lab verify >"$dir/verify" 2>&1 </dev/null
rc=$?
t1=$(now)
echo "lab verify, every exercise in one boot: $(ms "$t0" "$t1") ms, exit $rc, $(grep '^exercises:' "$dir/verify")"
