#!/bin/sh
# t-host-memcg.sh - host mode with memory cgroups: a real, contained OOM
# kill mapped to oom.victim and dmesg; a missing controller or no root
# skips the scenario with the reason; no cgroup or child is left behind,
# not after a bad line, not after SIGTERM.
. "$(dirname "$0")/../lib.sh"

root=${MEMDRILL_CGROUP_ROOT:-/sys/fs/cgroup/memory}
unset MEMDRILL_CGROUP_ROOT

# The memcgs are ROOT/memdrill-PID/NAME; other runs of memdrill on the
# same machine make their own, so this run's names are its own (Gt$$).
G=Gt$$
sed "s/\bG\b/$G/g" "$TEST_TOP/tests/sim/data/host-memcg-oom.scn" >oom.scn

test_expect_success 'without a memory controller the scenario is skipped' '
	MEMDRILL_CGROUP_ROOT=/nonexistent memdrill sim run --host oom.scn >out &&
	if [ "$(id -u)" = 0 ]; then
		why="no cgroup v1 memory controller at ./nonexistent."
	else
		why="memcg lines need root"
	fi &&
	grep "^oom.scn: skipped: not run on the host: $why$" out
'

leftovers() {
	ls "$root" | grep "^memdrill-[0-9]*-$1\$"
}

if [ "$(id -u)" != 0 ] || [ ! -f "$root/memory.limit_in_bytes" ] ||
   [ ! -r /dev/kmsg ]; then
	test_skip "memcg OOM on the host" "needs root, $root and /dev/kmsg"
	test_done
fi

# The kernel can kill A as well once B is chosen: exit_mmap() sets
# MMF_OOM_SKIP before tlb_finish_mmu() frees B's pages, and A, still
# charging, finds the group full with B passed over (the same in 6.1).
# Host mode reports that as a known host difference with the reason;
# oom.victim is the killer's choice, the first victim: B either way.
race="the kernel killed .A. too, while B.s memory was still being freed"
test_expect_success 'the kernel kills B inside the memcg; nothing is left' '
	memdrill sim run --host oom.scn >out;
	cat >expect <<-EOF &&
	oom.scn:16: ok: oom.victim == none
	oom.scn:18: ok: oom.victim == B
	oom.scn:19: ok: B.live == 0
	oom.scn:20: ok: A.live == 1
	oom.scn:21: ok: A.rss == 1280
	oom.scn:22: ok: $G.oom_kill == 1
	oom.scn:23: ok: $G.limit == 8M
	oom.scn:24: ok: dmesg ~ /Memory cgroup out of memory: Killed process 101 \(B\)/
	oom.scn:27: ok: $G.failcnt > 0
	9 ok, 0 failed, 0 skipped, 0 known
	EOF
	if grep -q "known host difference" out; then
		grep "^oom.scn:18: ok: oom.victim == B$" out &&
		grep "^oom.scn:20: known host difference: A.live == 1 (is 0): $race" out &&
		grep "^oom.scn:19: ok: B.live == 0$" out &&
		grep "^oom.scn:24: ok: dmesg ~ " out &&
		grep "^oom.scn:27: ok: $G.failcnt > 0$" out &&
		grep "^6 ok, 0 failed, 0 skipped, 3 known$" out
	else
		test_cmp expect out
	fi &&
	! leftovers $G ||
	{ cat out; false; }
'

sed 's/oom.victim == B/oom.victim == A/' oom.scn >wrong.scn
test_expect_code 1 'a wrong victim fails with the real one' '
	memdrill sim run --host wrong.scn >out;
	rc=$?;
	grep "^wrong.scn:18: FAILED: oom.victim == A (is B)$" out &&
	! leftovers $G || exit 9
	exit $rc
'

cat >bad.scn <<SCN
memcg Gbad$$ limit=8M
proc A memcg=Gbad$$
A mmap heap 1M
A touch heap write
expect A.rss == 256
A frob
SCN

test_expect_code 2 'a bad line after the memcg: cgroup and child removed' '
	memdrill sim run --host bad.scn >out;
	rc=$?;
	grep "^bad.scn:5: ok: A.rss == 256$" out &&
	grep "^bad.scn:6: error: unknown process command .frob. (after .A.)$" out &&
	! leftovers Gbad$$ ||
	exit 9
	exit $rc
'

cat >long.scn <<SCN
memcg Gterm$$ limit=64M
proc A memcg=Gterm$$
A mmap heap 1M
repeat 100000 A touch heap[0] write
expect A.rss == 1
SCN

# The cgroup is memdrill-PID/Gterm, in the run's memcg memdrill-PID of
# this run's memdrill (as root with a v1 controller); wait until its
# child is in it (not only until the folder exists), and never leave the
# run going when the test fails.
test_expect_success 'SIGTERM in the middle: cgroup and children removed' '
	"$MEMDRILL_BIN" sim run --host long.scn >out &
	pid=$! &&
	cg=$root/memdrill-$pid/Gterm$$ &&
	i=0 &&
	while [ $i -lt 100 ] && ! grep -q . "$cg/cgroup.procs" 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done &&
	kids=$(cat "$cg/cgroup.procs" 2>/dev/null) &&
	test -n "$kids" &&
	kill -TERM $pid &&
	{ wait $pid; test $? -eq 143; } &&
	test ! -e "$cg" && test ! -e "$root/memdrill-$pid" &&
	for k in $kids; do ! kill -0 $k 2>/dev/null || exit 1; done ||
	{ kill -KILL $pid 2>/dev/null; wait $pid; exit 1; }
'

test_done
