#!/bin/sh
# bench/sim.sh - simulator speed: buddy alloc+free pairs/s on a 1 GiB
# machine with random orders 0-10, kmem_cache alloc+free pairs/s, and the
# wall time of `memdrill sim check` over labs/scenarios.
# Targets (issue 5): over 20M pairs/s each.  PAIRS=N changes the count.
set -eu
cd "$(dirname "$0")/.."
[ -x ./memdrill ] || make -s memdrill
./memdrill sim bench "${PAIRS:-5000000}"
start=$(date +%s%N)
./memdrill sim check >/dev/null
end=$(date +%s%N)
n=$(ls labs/scenarios/*.scn | wc -l)
echo "sim check over $n scenarios: $(( (end - start) / 1000000 )) ms"
