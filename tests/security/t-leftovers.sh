#!/bin/sh
# t-leftovers.sh - what a killed memdrill leaves on the host is cleaned
# up: host mode's temporary folder and memory cgroups of a memdrill that
# died by SIGKILL are swept by the next host-mode run (those of live
# processes stay); Ctrl-C during `lab run host-memcg-oom` leaves no
# cgroup behind.
. "$(dirname "$0")/../lib.sh"

if [ ! -r /proc/self/smaps ]; then
	test_skip "leftovers" "no /proc/PID/smaps on this system"
	test_done
	exit
fi

# a PID that is surely not running: a finished child's
sh -c 'exit 0' & dead=$!
wait $dead
live=$$

mkdir -p cg tmp
export MEMDRILL_CGROUP_ROOT=$TRASH/cg TMPDIR=$TRASH/tmp
mkdir "cg/memdrill-$dead-G" "cg/memdrill-$live-G" "cg/other"
mkdir "tmp/memdrill-host-$dead.abc123" "tmp/memdrill-host-$live.def456"
head -c 4096 /dev/zero >"tmp/memdrill-host-$dead.abc123/file"

printf 'proc A\nA mmap buf 64K\nA touch buf write\nexpect A.rss == 16\n' >run.scn
test_expect_success 'a host-mode run sweeps the leftovers of dead memdrills' '
	memdrill sim run --host run.scn >out 2>&1; cat out;
	test ! -e "cg/memdrill-$dead-G" &&
	test ! -e "tmp/memdrill-host-$dead.abc123"
'
test_expect_success 'it leaves those of live processes and others alone' '
	test -d "cg/memdrill-$live-G" && test -d cg/other &&
	test -d "tmp/memdrill-host-$live.def456"
'
test_expect_success 'its own temporary folder is gone after the run' '
	test -z "$(ls tmp | grep -v "memdrill-host-$live\.")"
'
unset MEMDRILL_CGROUP_ROOT TMPDIR

cg=/sys/fs/cgroup/memory
if [ "$(id -u)" != 0 ] || [ ! -e "$cg/memory.limit_in_bytes" ] ||
   ! command -v setsid >/dev/null 2>&1; then
	test_skip "Ctrl-C during the memcg OOM lab" \
		"needs root, a v1 memory controller and setsid"
	test_done
	exit
fi
# A probe killed by SIGKILL (or by a Ctrl-C that struck while its cgroup
# existed) leaves memdrill-lab-PID behind: the next memcg OOM lab sweeps
# it.  (The probe's own SIGINT/SIGTERM clean-up is not exercised here: the
# window in which the cgroup exists is a few ms.)
sh -c 'exit 0' & dead=$!
wait $dead
test_expect_success 'the memcg OOM lab sweeps a dead probe'"'"'s cgroup' '
	mkdir "$cg/memdrill-lab-$dead" &&
	memdrill lab run host-memcg-oom </dev/null >out 2>&1; cat out;
	test ! -e "$cg/memdrill-lab-$dead"
'
rmdir "$cg/memdrill-lab-$dead" 2>/dev/null
test_done
