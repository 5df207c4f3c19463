#!/bin/sh
# t-host-check.sh - `memdrill sim check --host`: every scenario host mode
# can run is run on the simulator and on the host, and every value with a
# real equivalent must be the same on both.
. "$(dirname "$0")/../lib.sh"

if [ ! -r /proc/self/smaps ]; then
	test_skip "host mode" "no /proc/PID/smaps on this system"
	test_done
fi

# check_twice DIR: sim check --host DIR into out, and once more if it
# failed; only a difference that comes back fails.  The host is a shared,
# busy machine: a page the kernel dropped from the cache at the wrong
# moment is noise, a modelling error repeats.  The first run's
# differences are shown.
check_twice() {
	memdrill sim check --host "$1" >out && return 0
	echo "first run:" && grep differs out
	memdrill sim check --host "$1" >out
}

test_expect_success 'the bundled scenarios agree with the host kernel' '
	check_twice "$TEST_TOP/labs/scenarios" &&
	tail -n 1 out >last &&
	grep -E "^[1-9][0-9]* passed, 0 failed$" last &&
	grep -E "^[0-9]+ skipped$" out &&
	for s in fault-demand fault-zero fault-populate fault-segv cow-fork cow-exit; do
		! grep "/$s.scn" out || exit 1
	done &&
	grep "/buddy-merge.scn: skipped: no process lines$" out &&
	grep "/pgtable-walk.scn: skipped: no expect line with a real equivalent$" out
'

test_expect_success 'the host-only scenarios agree too (or say why not)' '
	check_twice "$TEST_TOP/tests/sim/data" &&
	grep -E "^[0-9]+ passed, 0 failed$" out &&
	n=$(ls "$TEST_TOP"/tests/sim/data/*.scn | wc -l) &&
	p=$(sed -n "s/ passed, 0 failed//p" out) &&
	k=$(sed -n "s/ skipped$//p" out) &&
	test $((p + k)) -eq "$n" &&
	if [ "$k" -gt 0 ]; then grep ": skipped: ." out; fi
'

mkdir -p differ
cat >differ/score.scn <<'SCN'
# the simulated machine has 64M; the host has its own RAM
machine ram=64M
proc A
A mmap heap 8M
A touch heap write
expect A.minflt == 2048
expect A.oom_score == 750
SCN
cp "$TEST_TOP/labs/scenarios/fault-demand.scn" differ/

test_expect_success 'the scenario passes on the simulator alone' '
	memdrill sim run differ/score.scn >out &&
	grep "ok: A.oom_score == 750" out
'

test_expect_code 1 'a value that differs fails the check, both values shown' '
	memdrill sim check --host differ >out;
	rc=$?;
	grep -E "^differ/score.scn:7: differs: A.oom_score: simulator 750, host 6[0-9][0-9]$" out &&
	! grep "score.scn:6" out &&
	grep "^0 skipped$" out &&
	grep "^1 passed, 1 failed$" out ||
	exit 9
	exit $rc
'

printf 'proc A\nA mmap b 4K\nA touch b[9] write\nexpect A.rss == 1\n' >differ/bad.scn
test_expect_code 1 'a bad line fails the check with FILE:LINE' '
	memdrill sim check --host differ >out;
	rc=$?;
	grep "^differ/bad.scn:3: error: host: bad page range .b\[9\]. (mapping has 1 pages)$" out &&
	grep "^1 passed, 2 failed$" out ||
	exit 9
	exit $rc
'

mkdir -p bound
cat >bound/ok.scn <<'SCN'
# a bound both sides meet, though the values differ (750 against 6xx)
machine ram=64M
proc A
A mmap heap 8M
A touch heap write
expect A.oom_score > 500
expect A.oom_score != 0
SCN

test_expect_success 'a bound compares verdicts: different values, same verdict pass' '
	memdrill sim check --host bound >out &&
	! grep "differs" out &&
	grep "^1 passed, 0 failed$" out
'

sed "s/^expect A.oom_score != 0$/expect A.oom_score >= 700/" bound/ok.scn \
	>bound/no.scn
test_expect_code 1 'a bound whose verdicts differ fails, both values shown' '
	memdrill sim check --host bound >out;
	rc=$?;
	grep -E "^bound/no.scn:7: differs: A.oom_score >= 700: simulator 750 \(true\), host 6[0-9][0-9] \(false\)$" out &&
	! grep "ok.scn" out &&
	grep "^1 passed, 1 failed$" out ||
	exit 9
	exit $rc
'

test_done
