#!/bin/sh
# bench/labs.sh - time of each lab from command to verdict, through
# `memdrill lab run`, and of every kmod lab together in one VM boot
# (`lab run --all --vm`).  Baseline measured in the same run: the floor,
# a bare boot of the same kernel image with the same qemu options and
# command line whose init (bench/floor-init.c) prints a line and powers
# off: what no VM lab can go below.  Targets (issue 20): one kmod lab
# within 1.2x of the floor, all kmod labs in one boot within 1.6x.  Sim
# and host labs boot nothing: their times are printed without a ratio.
# The host is noisy (a shared VM: the same bare boot took 1.6 to 3.1 s
# within minutes, from one boot to the next), so each VM figure is
# paired with its own floor: every round boots the floor immediately
# before each kmod lab's run and before the all-in-one boot, so both of
# a pair see the same spell of host load, and the pair's ratio is run /
# floor.  Everything runs BENCH_ROUNDS times (3), the all-in-one pair
# three times a round (its figure is not pooled); printed are the median
# of each lab's pair ratios over the rounds (an odd count makes it one
# of them) with their min-max, the median run and the median of its
# floors, and whether the median ratio meets the target; then the same
# over the pairs of every kmod lab together (labs x rounds of them: the
# steadiest figure for "one kmod lab", the labs differing little).
# A verdict is FAIL if any round failed.  Labs that cannot run here are
# listed with their reason (and not tried again).  When the kernel the
# labs boot is not unpacked in the cache yet, one kmod lab runs first,
# uncounted, so that every floor boots the same image as the labs.
# Prints figures; it is not a test.
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
cache=${XDG_CACHE_HOME:-$HOME/.cache}/memdrill/vm
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
	f='' accel=-
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
# One floor boot, its MS in $f (empty when it did not get to init); the
# first sets the floor up.
floor() {
	if [ -z "${accel:-}" ]; then
		floor_setup
	else
		f=
		[ "$accel" = - ] || f=$(floor_boot "$accel" 300)
	fi
}
# timed KEY CMD...: run CMD (its output in $dir/out, its exit in $rc)
# and keep its MS in $dir/run.KEY; with a floor MS in $f, keep that in
# $dir/floor.KEY and the pair's ratio in $dir/ratio.KEY
timed() {
	key=$1
	shift
	t0=$(now)
	"$@" >"$dir/out" 2>&1 </dev/null
	rc=$?
	t1=$(now)
	[ $rc -le 1 ] || [ "$key" = all ] || return 0
	run=$(ms "$t0" "$t1")
	echo "$run" >>"$dir/run.$key"
	[ -n "$f" ] || return 0
	echo "$f" >>"$dir/floor.$key"
	echo "$f" >>"$dir/floors"
	echo "$run $f" | awk '{ printf "%.4f\n", $1 / $2 }' >>"$dir/ratio.$key"
}
# stats FILE: "MEDIAN MIN MAX" of the numbers in FILE (the median of an
# even count is the mean of the middle two), "- - -" when there are none
stats() {
	if [ -s "$1" ]; then
		sort -n "$1" | awk '{ v[NR] = $1 } END {
			m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print m, v[1], v[NR] }'
	else
		echo - - -
	fi
}
# figures KEY TARGET: sets run_ms, floor_ms, ratio ("1.23x"), spread
# ("1.20-1.31x") and meets ("met", "no", "-") for KEY's pairs
figures() {
	# shellcheck disable=SC2046
	set -- "$1" "$2" $(stats "$dir/run.$1") $(stats "$dir/floor.$1") \
		$(stats "$dir/ratio.$1")
	run_ms=$(fmt 0 "$3") floor_ms=$(fmt 0 "$6")
	ratio=- spread=- meets=- pairs=0
	[ "$9" = - ] && return
	pairs=$(wc -l <"$dir/ratio.$1")
	ratio=$(fmt 2 "$9")x spread=$(fmt 2 "${10}")-$(fmt 2 "${11}")x
	# the printed figure meets the target or not
	meets=$(awk -v r="${ratio%x}" -v t="$2" \
		'BEGIN { print r + 0 <= t + 0 ? "met" : "no" }')
}
fmt() {	# DECIMALS NUMBER ("-" stays)
	case $2 in
	-) echo - ;;
	*) awk -v d="$1" -v n="$2" 'BEGIN { printf "%.*f\n", d, n }' ;;
	esac
}
kind() { sed -n 's/^Kind: //p' "$top/labs/$1.md"; }

if [ $# -eq 0 ]; then
	# shellcheck disable=SC2046
	set -- $(grep -L '^Kind: exercise$' "$top"/labs/*.md |
		 sed 's|.*/||; s|\.md$||' | grep -v README)
fi
# warm-up, uncounted: a kmod lab run unpacks the labs' kernel into the
# cache, which the floor then boots
if ! ls "$cache"/vmlinux-* >/dev/null 2>&1; then
	for id in "$@"; do
		[ "$(kind "$id")" = kmod ] || continue
		f=
		timed warmup "$bin" lab run "$id"
		[ $rc -le 1 ] && break
		cp "$dir/out" "$dir/norun.$id"
	done
fi
r=0
while [ $r -lt "$rounds" ]; do
	r=$((r + 1))
	for id in "$@"; do
		[ -e "$dir/norun.$id" ] && continue
		f=
		[ "$(kind "$id")" = kmod ] && floor
		timed "$id" "$bin" lab run "$id"
		case $rc in
		0) ;;
		1) [ -e "$dir/fail.$id" ] || cp "$dir/out" "$dir/fail.$id" ;;
		*) cp "$dir/out" "$dir/norun.$id" ;;
		esac
	done
	# three all-in-one pairs a round: its figure stands alone where
	# the kmod labs' are pooled, and a pair costs only two boots
	n=0
	while [ $n -lt 3 ]; do
		n=$((n + 1))
		floor
		timed all "$bin" lab run --all --vm
		# the exit and labs line of the worst try
		[ -s "$dir/all.rc" ] && [ "$(cat "$dir/all.rc")" -ge $rc ] || {
			echo $rc >"$dir/all.rc"
			grep '^labs:' "$dir/out" >"$dir/all.labs"
		}
	done
done

echo "$rounds rounds; FLOOR_X: each round's run / the floor booted just before it," \
	"median (MIN-MAX) over the rounds; RUN_MS, FLOOR_MS: medians"
printf '%-26s %-5s %-7s %7s %8s %7s %-11s %s\n' LAB KIND VERDICT RUN_MS \
	FLOOR_MS FLOOR_X MIN-MAX TARGET
for id in "$@"; do
	kind=$(kind "$id")
	v=pass target=
	[ -e "$dir/fail.$id" ] && v=FAIL
	[ -e "$dir/norun.$id" ] && v=norun
	figures "$id" 1.2
	[ "$kind" = kmod ] && [ $v != norun ] && target="<=1.2x $meets"
	printf '%-26s %-5s %-7s %7s %8s %7s %-11s %s\n' "$id" "$kind" "$v" \
		"$run_ms" "$floor_ms" "$ratio" "$spread" "$target" |
		sed 's/ *$//'
	[ $v = norun ] && sed -n 's/^verdict: could not run: /    reason: /p' \
		"$dir/norun.$id"
	# a failed lab: the lines it printed of its own, and the expectations
	[ $v = FAIL ] && grep -E '^(oom_lab|slab_lab|alloc_lab|pfault)|^expect|Killed process' \
		"$dir/fail.$id" | sed 's/^/    /'
done
# every kmod lab's pairs together
for id in "$@"; do
	[ "$(kind "$id")" = kmod ] || continue
	for k in run floor ratio; do
		[ -e "$dir/$k.$id" ] && cat "$dir/$k.$id" >>"$dir/$k.kmod"
	done
done
figures kmod 1.2
printf 'one kmod lab, the pairs of every kmod lab: %s ms, floor %s ms: %s (%s over %s pairs), target <=1.2x %s\n' \
	"$run_ms" "$floor_ms" "$ratio" "$spread" "$pairs" "$meets"
# shellcheck disable=SC2046
set -- $(stats "$dir/floors")
echo "floor (bare boot, init powers off, ${accel:--}): median $(fmt 0 "$1") ms" \
	"($(fmt 0 "$2")-$(fmt 0 "$3")) over $( (cat "$dir/floors" 2>/dev/null) | wc -l) boots"
figures all 1.6
printf 'all kmod labs in one boot: %s ms, floor %s ms: %s (%s over %s pairs), target <=1.6x %s; exit %s, %s\n' \
	"$run_ms" "$floor_ms" "$ratio" "$spread" "$pairs" "$meets" \
	"$(cat "$dir/all.rc")" "$(cat "$dir/all.labs")"

[ "${BENCH_EXERCISES:-1}" = 0 ] && exit 0
# exercises: one run cold and warm against a kmod lab, then verify
ex="ex-alloc-pages"
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
	# shellcheck disable=SC2046
	set -- $(run_ms "$ex")
	run=$1 v=$2
	# shellcheck disable=SC2046
	set -- $(run_ms kmod-buddyinfo)
	printf '%-30s %9s %-6s %9s %-6s %6sx\n' "$ex ($cache cache)" "$run" \
		"$v" "$1" "$2" "$(echo "scale=2; $run / ($1 + 1)" | bc)"
done
t0=$(now)
"$bin" lab verify >"$dir/verify" 2>&1 </dev/null
rc=$?
t1=$(now)
echo "lab verify, every exercise in one boot: $(ms "$t0" "$t1") ms, exit $rc, $(grep '^exercises:' "$dir/verify")"
