#!/bin/sh
# bench/labs.sh - time of each lab from command to verdict, through
# `memdrill lab run`, and of every kmod lab together in one VM boot
# (`lab run --all --vm`).  Baseline measured in the same run: `memdrill
# lab show` of the same page (parse + render, no run), so the figures show
# what the run itself costs.  Targets (issue 7, TCG on 2 cores): each kmod
# lab under 10 s, all together under 30 s.  Labs that cannot run here are
# listed with their reason.  Prints figures; it is not a test.
# Usage: bench/labs.sh [ID...]
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
bin=$top/memdrill
[ -x "$bin" ] || { echo "bench: build memdrill first (make)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export MEMDRILL_DB=$dir/bench.db MEMDRILL_HOME=$top NO_COLOR=1

now() { date +%s.%N; }
ms() { echo "($2 - $1) * 1000 / 1" | bc; }

if [ $# -eq 0 ]; then
	set -- $(ls "$top"/labs/*.md | sed 's|.*/||; s|\.md$||' | grep -v README)
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
