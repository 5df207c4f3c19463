#!/bin/sh
# bench/sim.sh - simulator speed: buddy alloc+free pairs/s on a 1 GiB
# machine with random orders 0-10, kmem_cache alloc+free pairs/s,
# simulated page faults/s (first writes; zero-page reads then writes), the
# wall time of `memdrill sim check` over labs/scenarios, and beside it the
# time of `memdrill sim check --host` (the same scenarios on the simulator
# and with real processes on this kernel) as a ratio, and the time of
# `memdrill sim check --vm` (every scenario against the real 6.1 kernel in
# one lab VM boot) as a ratio against its baseline: the same command
# over an empty folder, which boots the same kernel and image and powers
# off.  Each oracle's count of compared values is printed.  Times are
# the median of RUNS runs (default 5; VMRUNS, default 3, for the VM).
# The VM part runs only when qemu and a kernel image are there; it boots,
# so hold the machine's VM lock around this script where there is one.
# Each of the first four figures is also printed as a ratio against a
# baseline doing the same bookkeeping in the same run (target 0.6x,
# issue 20): a minimal buddy allocator (split and merge, free counts),
# a minimal SLUB on it (slabs, CPU slab, partial list) and a minimal
# 4-level page table with the LRU list; cli/floor.h says what each does.
# Targets: over 20M pairs/s each (issue 5), over 5M faults/s (issue 6).
# PAIRS=N changes the number of pairs and of faults.
set -eu
cd "$(dirname "$0")/.."
[ -x ./memdrill ] || make -s memdrill
./memdrill sim bench "${PAIRS:-5000000}"

# median_ms CMD...: the median wall time of RUNS runs of CMD, in ms.
median_ms() {
	i=0
	while [ $i -lt "${RUNS:-5}" ]; do
		start=$(date +%s%N)
		"$@" >/dev/null || true
		end=$(date +%s%N)
		echo $(( (end - start) / 1000000 ))
		i=$((i + 1))
	done | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

n=$(ls labs/scenarios/*.scn | wc -l)
sim=$(median_ms ./memdrill sim check)
host=$(median_ms ./memdrill sim check --host)
echo "sim check over $n scenarios: $sim ms"
echo "sim check --host over $n scenarios: $host ms" \
     "($(awk -v h="$host" -v s="$sim" 'BEGIN { printf "%.1f", s ? h / s : 0 }')x sim check)"

# values compared by each oracle, from the summary line of sim check
compared() {
	"$@" 2>/dev/null | sed -n 's/^\([0-9]*\) values compared$/\1/p'
}
echo "values compared on the host: $(compared ./memdrill sim check --host)"
if command -v qemu-system-x86_64 >/dev/null 2>&1 &&
   ls /boot/vmlinuz-* >/dev/null 2>&1; then
	empty=$(mktemp -d)
	trap 'rm -rf "$empty"' EXIT
	./memdrill sim check --vm "$empty" >/dev/null 2>&1 || true  # builds
	vm=$(RUNS=${VMRUNS:-3} median_ms ./memdrill sim check --vm)
	boot=$(RUNS=${VMRUNS:-3} median_ms ./memdrill sim check --vm "$empty")
	ratio=$(awk -v v="$vm" -v b="$boot" \
		'BEGIN { printf "%.2f", b ? v / b : 0 }')
	echo "sim check --vm over $n scenarios: $vm ms, one boot" \
	     "(${ratio}x a bare boot of the same kernel and image:" \
	     "$boot ms; scenarios $((vm - boot)) ms)"
	echo "values compared in the VM: $(compared ./memdrill sim check --vm)"
else
	echo "sim check --vm: skipped (no qemu-system-x86_64 or kernel image)"
fi