#!/bin/sh
# bench/sim.sh - simulator speed: buddy alloc+free pairs/s on a 1 GiB
# machine with random orders 0-10, kmem_cache alloc+free pairs/s,
# simulated page faults/s (first writes; zero-page reads then writes), the
# wall time of `memdrill sim check` over labs/scenarios, and beside it the
# time of `memdrill sim check --host` (the same scenarios on the simulator
# and with real processes on this kernel) as a ratio.  Times are the
# median of RUNS runs (default 5).
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
