#!/bin/sh
# bench/labs.sh - time of each lab from command to verdict, through
# `memdrill lab run`, and of every kmod lab together in one VM boot
# (`lab run --all --vm`).  Baseline measured in the same run: the floor,
# a bare boot of the same kernel image with the same qemu options and
# command line whose init (bench/floor-init.c) prints a line and powers
# off: what no VM lab can go below.  Targets (issue 20): one kmod lab
# within 1.2x of the floor, all kmod labs in one boot within 1.6x.  Sim
# and host labs boot nothing: their times are printed without a ratio.
# Everything runs BENCH_ROUNDS times (3), interleaved so that a busy
# spell of the host hits all of them alike: each round runs every lab,
# boots the floor once (after the round's first kmod lab, whose kernel
# ELF is then in the cache; else before the all-in-one boot), then the
# all-in-one boot.  Each time printed is the best of its rounds, the
# floor's too (as many tries as each lab, so the ratio is not biased),
# each ratio against that best floor; a verdict is FAIL if any round
# failed.  Labs that cannot run here are listed with their reason
# (and not tried again).  Prints figures; it is not a test.
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
rounds=${BENCH_ROUNDS:-3}
case $rounds in
''|*[!0-9]*|0) echo "bench: BENCH_ROUNDS must be a positive number" >&2
	exit 2 ;;
esac

now() { date +%s.%N; }
ms() { echo "($2 - $1) * 1000 / 1" | bc; }

# The floor: the kernel the labs boot (the ELF memdrill unpacks into its
# cache when there is one, else the bzImage) with the labs' qemu options;
# the accelerator as they pick it: MEMDRILL_VM_ACCEL, else KVM when
# /dev/kvm is there and no KVM boot hung before (kvm-hangs in the cache),
# falling back to TCG when KVM prints nothing within 20 s.  floor_setup
# picks the image and the accelerator once (accel "-" when no boot got
# to init); floor_boot ACCEL LIMIT_S prints the MS of one boot, nothing
# when it did not get to init.
# the labs' base command line (engine/labvm.c, labvm_cmdline)
base="console=ttyS0 loglevel=1 panic=-1 no5lvl cryptomgr.notests"
floor_boot() {	# ACCEL LIMIT_S
	t0=$(now)
	timeout "$2" qemu-system-x86_64 -kernel "$img" \
		-initrd "$dir/floor.cpio" -append "$base rdinit=/init" \
		-nographic -no-reboot -m 256M -accel "$1" \
		>"$dir/floor.log" 2>&1 </dev/null
	t1=$(now)
	grep -q 'memdrill floor up' "$dir/floor.log" && ms "$t0" "$t1"
}
floor_setup() {	# sets img, accel; the first boot's MS in $f
	f= accel=-
	cache=${XDG_CACHE_HOME:-$HOME/.cache}/memdrill/vm
	img=$(ls -t "$cache"/vmlinux-* 2>/dev/null | head -n 1)
	[ -n "$img" ] || img=$(ls -t /boot/vmlinuz-* 2>/dev/null | head -n 1)
	[ -n "$img" ] || return
	mkdir -p "$dir/floor"
	${CC:-cc} -static -O2 -o "$dir/floor/init" "$top/bench/floor-init.c" ||
		return
	(cd "$dir/floor" && echo init | cpio -o -H newc --quiet >../floor.cpio)
	a=${MEMDRILL_VM_ACCEL:-auto}
	if [ "$a" = auto ]; then
		if [ -w /dev/kvm ] && ! [ -e "$cache/kvm-hangs" ]; then
			f=$(floor_boot kvm 20)
			[ -n "$f" ] && { accel=kvm; return; }
		fi
		a=tcg
	fi
	f=$(floor_boot "$a" 300)
	[ -n "$f" ] && accel=$a
}
# One floor boot (the first sets the floor up); keeps the best in $fl.
nfl=0
measure_floor() {
	if [ -z "${accel:-}" ]; then
		floor_setup
	else
		f=
		[ "$accel" = - ] || f=$(floor_boot "$accel" 300)
	fi
	[ -n "$f" ] || return
	nfl=$((nfl + 1))
	[ -n "$fl" ] && [ "$fl" -le "$f" ] || fl=$f
}

# keep the lowest of NAME's figures in $dir/best.NAME
keep_best() {	# NAME MS
	[ -s "$dir/best.$1" ] && [ "$(cat "$dir/best.$1")" -le "$2" ] ||
		echo "$2" >"$dir/best.$1"
}

if [ $# -eq 0 ]; then
	set -- $(grep -L '^Kind: exercise$' "$top"/labs/*.md |
		 sed 's|.*/||; s|\.md$||' | grep -v README)
fi
fl=
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	floored=
	for id in "$@"; do
		[ -e "$dir/norun.$id" ] && continue
		kind=$(sed -n 's/^Kind: //p' "$top/labs/$id.md")
		t1=$(now)
		"$bin" lab run "$id" >"$dir/out" 2>&1 </dev/null
		rc=$?
		t2=$(now)
		case $rc in
		0) keep_best "$id" "$(ms "$t1" "$t2")" ;;
		1) keep_best "$id" "$(ms "$t1" "$t2")"
		   [ -e "$dir/fail.$id" ] || cp "$dir/out" "$dir/fail.$id" ;;
		*) cp "$dir/out" "$dir/norun.$id" ;;
		esac
		# after a kmod lab: its kernel ELF is in the cache
		if [ "$kind" = kmod ] && [ $rc -ne 2 ] && [ -z "$floored" ]; then
			measure_floor
			floored=1
		fi
	done
	[ -n "$floored" ] || measure_floor
	t0=$(now)
	"$bin" lab run --all --vm >"$dir/all" 2>&1 </dev/null
	rc=$?
	t1=$(now)
	keep_best all "$(ms "$t0" "$t1")"
	# the exit and labs line of the worst round
	[ -s "$dir/all.rc" ] && [ "$(cat "$dir/all.rc")" -ge $rc ] || {
		echo $rc >"$dir/all.rc"
		grep '^labs:' "$dir/all" >"$dir/all.labs"
	}
done

printf '%-26s %-5s %-8s %9s %9s\n' LAB KIND VERDICT RUN_MS FLOOR_X
for id in "$@"; do
	kind=$(sed -n 's/^Kind: //p' "$top/labs/$id.md")
	run=- ratio=- v=pass
	[ -e "$dir/fail.$id" ] && v=FAIL
	[ -e "$dir/norun.$id" ] && v=norun
	[ -s "$dir/best.$id" ] && run=$(cat "$dir/best.$id")
	if [ "$kind" = kmod ] && [ $v != norun ] && [ -n "$fl" ]; then
		ratio=$(echo "scale=2; $run / $fl" | bc)x
	fi
	printf '%-26s %-5s %-8s %9s %9s\n' "$id" "$kind" "$v" "$run" "$ratio"
	[ $v = norun ] && sed -n 's/^verdict: could not run: /    reason: /p' \
		"$dir/norun.$id"
	# a failed lab: the lines it printed of its own, and the expectations
	[ $v = FAIL ] && grep -E '^(oom_lab|slab_lab|alloc_lab|pfault)|^expect|Killed process' \
		"$dir/fail.$id" | sed 's/^/    /'
done
echo "floor (bare boot, init powers off, $accel, best of $nfl): ${fl:-0} ms (target: one kmod lab <= 1.2x)"
all=$(cat "$dir/best.all")
ratio=-
[ -n "$fl" ] && ratio=$(echo "scale=2; $all / $fl" | bc)x
printf 'all kmod labs in one boot: %s ms = %s the floor (target <= 1.6x), exit %s, %s\n' \
	"$all" "$ratio" \
	"$(cat "$dir/all.rc")" "$(cat "$dir/all.labs")"

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
