#!/bin/sh
# t-host-limit.sh - host mode cannot take more than the scenario's machine
# asks for: its processes run in a memory cgroup sized from the machine
# line (ram + 64 MiB, at most half the host's RAM), so `A mmap M 1536M
# populate` on `machine ram=64M` does not populate 1.5 GiB; a scenario
# whose files add up to more than 1 GiB, or whose mappings add up to more
# than half the host's RAM, is refused before anything runs.
. "$(dirname "$0")/../lib.sh"

if [ ! -r /proc/self/smaps ]; then
	test_skip "host limits" "no /proc/PID/smaps on this system"
	test_done
	exit
fi

printf 'machine ram=64M\nfile F 700M\nfile G 700M\nproc A\nA mmap m 4K\nexpect A.rss == 0\n' >files.scn
test_expect_success 'files over 1 GiB in all are refused before any is written' '
	mkdir -p tmp &&
	TMPDIR=$TRASH/tmp sh -c "ulimit -f 2048 && exec \"\$@\"" sh \
		"$MEMDRILL_BIN" sim run --host files.scn >out 2>&1;
	cat out;
	grep -E "^files.scn:3: error: .*1 GiB" out &&
	test -z "$(find tmp -type f -size +1M)"
'

total=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
huge=$(( total / 1024 * 3 / 4 ))M
printf 'proc A\nA mmap m %s\nexpect A.rss == 0\n' "$huge" >huge.scn
test_expect_success 'mappings over half the host RAM are refused' '
	! memdrill sim run --host huge.scn >out 2>&1; cat out;
	grep -F "half of this host" out
'

cg=/sys/fs/cgroup/memory
if [ "$(id -u)" != 0 ] || [ ! -e "$cg/memory.limit_in_bytes" ]; then
	test_skip "the run's cgroup" "needs root and a v1 memory controller"
	test_done
	exit
fi
printf 'machine ram=64M\nproc A\nA mmap M 1536M populate\nexpect A.rss > 0\n' >big.scn
test_expect_success 'ram=64M cannot populate 1.5 GiB on the host' '
	/usr/bin/time -f "%M" -o rss "$MEMDRILL_BIN" sim run --host big.scn \
		>out 2>&1;
	cat out rss;
	test "$(tail -n 1 rss)" -lt 400000
'
test_expect_success 'the run leaves no cgroup behind' '
	test -z "$(ls $cg | grep "^memdrill-")"
'
test_done
