#!/bin/sh
# bench/labs.sh - time of each lab from command to verdict, through
# `memdrill lab run`, and of every kmod lab together in one VM boot
# (`lab run --all --vm`).  Baseline measured in the same run: the floor,
# a bare boot of the same kernel image with the same qemu options and
# command line whose init (bench/floor-init.c) prints a line and powers
# off: what no VM lab can go below.  Targets (issue 20): one kmod lab
# within 1.2x of the floor, all kmod labs in one boot within 1.6x.  Sim
# and host labs boot nothing: their times are printed without a ratio.
# Labs that cannot run here are listed with their reason.  Prints
# figures; it is not a test.
# Exercises (issue 19): `lab run` of one exercise (ex-alloc-pages, its
# solution in the workspace) from command to verdict, build included,
# with a cold cache (a fresh XDG_CACHE_HOME: kbuild from scratch and the
# kernel unpacked) and warm (the same run again), against a kmod lab's
# run (kmod-buddyinfo) in the same cache as the baseline; then `lab
# verify` of every exercise (target: one boot, under 30 s under TCG on 2
# cores).  BENCH_EXERCISES=0 leaves them out.
# Usage: bench/labs.sh [ID...]
set -u
. "$(dirname "$0")/lib.sh"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
export MEMDRILL_DB=$dir/bench.db MEMDRILL_HOME=$top NO_COLOR=1
export XDG_DATA_HOME=$dir/data

now() { date +%s.%N; }
ms() { echo "($2 - $1) * 1000 / 1" | bc; }

# The floor: the kernel the labs boot (the ELF memdrill unpacks into its
# cache when there is one, else the bzImage) with the labs' qemu options;
# the accelerator as they pick it: MEMDRILL_VM_ACCEL, else KVM when
# /dev/kvm is there and no KVM boot hung before (kvm-hangs in the cache),
# falling back to TCG when KVM prints nothing within 20 s.  Prints "MS
# ACCEL", "0 -" when no boot got to init.
# the labs' base command line (engine/labvm.c, labvm_cmdline)
base="console=ttyS0 loglevel=1 panic=-1 no5lvl cryptomgr.notests"
floor_boot() {	# ACCEL LIMIT_S
	t0=$(now)
	timeout "$2" qemu-system-x86_64 -kernel "$img" \
		-initrd "$dir/floor.cpio" -append "$base rdinit=/init" \
		-nographic -no-reboot -m 256M -accel "$1" \
		>"$dir/floor.log" 2>&1 </dev/null
	t1=$(now)
	grep -q 'memdrill floor up' "$dir/floor.log" &&
		echo "$(ms "$t0" "$t1") $1"
}
floor() {
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/memdrill/vm
	img=$(ls -t "$cache"/vmlinux-* 2>/dev/null | head -n 1)
	[ -n "$img" ] || img=$(ls -t /boot/vmlinuz-* 2>/dev/null | head -n 1)
	[ -n "$img" ] || { echo 0 -; return; }
	mkdir -p "$dir/floor"
	${CC:-cc} -static -O2 -o "$dir/floor/init" "$top/bench/floor-init.c" ||
		{ echo 0 -; return; }
	(cd "$dir/floor" && echo init | cpio -o -H newc --quiet >../floor.cpio)
	accel=${MEMDRILL_VM_ACCEL:-auto}
	if [ "$accel" = auto ]; then
		accel=tcg
		[ -w /dev/kvm ] && ! [ -e "$cache/kvm-hangs" ] && accel=kvm
		[ "$accel" = kvm ] && floor_boot kvm 20 && return
		accel=tcg
	fi
	floor_boot "$accel" 300 || echo 0 -
}
measure_floor() { r=$(floor); fl=${r%% *} accel=${r#* }; }

if [ $# -eq 0 ]; then
	set -- $(grep -L '^Kind: exercise$' "$top"/labs/*.md |
		 sed 's|.*/||; s|\.md$||' | grep -v README)
fi
printf '%-26s %-5s %-8s %9s %9s\n' LAB KIND VERDICT RUN_MS FLOOR_X
fl=
for id in "$@"; do
	kind=$(sed -n 's/^Kind: //p' "$top/labs/$id.md")
	t1=$(now)
	"$bin" lab run "$id" >"$dir/out" 2>&1 </dev/null
	rc=$?
	t2=$(now)
	case $rc in 0) v=pass ;; 1) v=FAIL ;; *) v=norun ;; esac
	run=$(ms "$t1" "$t2")
	ratio=-
	if [ "$kind" = kmod ] && [ $rc -ne 2 ]; then
		# after a kmod lab: its kernel ELF is in the cache
		[ -n "$fl" ] || measure_floor
		[ "$fl" -gt 0 ] && ratio=$(echo "scale=2; $run / $fl" | bc)x
	fi
	printf '%-26s %-5s %-8s %9s %9s\n' "$id" "$kind" "$v" "$run" "$ratio"
	[ $rc -eq 2 ] && sed -n 's/^verdict: could not run: /    reason: /p' \
		"$dir/out"
	# a failed lab: the lines it printed of its own, and the expectations
	[ $rc -eq 1 ] && grep -E '^(oom_lab|slab_lab|alloc_lab|pfault)|^expect|Killed process' \
		"$dir/out" | sed 's/^/    /'
done
[ -n "$fl" ] || measure_floor
echo "floor (bare boot, init powers off, $accel): $fl ms (target: one kmod lab <= 1.2x)"
t0=$(now)
"$bin" lab run --all --vm >"$dir/all" 2>&1 </dev/null
rc=$?
t1=$(now)
all=$(ms "$t0" "$t1")
printf 'all kmod labs in one boot: %s ms = %sx the floor (target <= 1.6x), exit %s, %s\n' \
	"$all" "$( [ "$fl" -gt 0 ] && echo "scale=2; $all / $fl" | bc || echo -)" \
	"$rc" "$(grep '^labs:' "$dir/all")"

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
