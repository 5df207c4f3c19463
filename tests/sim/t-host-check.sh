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

# What this kernel does on a read fault of untouched anonymous memory
# (tests/sim/zero-probe.c, independent of memdrill's probe): where it
# allocates instead of mapping 6.1's (huge) zero page, the values after
# such a read are known host differences, each named with the reason.
cc -o zero-probe "$TEST_TOP/tests/sim/zero-probe.c" &&
zero=$(./zero-probe) && huge=$(./zero-probe huge) || zero=unknown
no_zero="this kernel allocates a page on a read fault of anonymous memory; 6.1 maps the zero page (mm/memory.c do_anonymous_page)"
no_huge="this kernel allocates a huge page on a read fault of a THP range; 6.1 maps the huge zero page (mm/huge_memory.c do_huge_pmd_anonymous_page)"
sc=$TEST_TOP/labs/scenarios

test_expect_success "the bundled scenarios agree with the host kernel (zero page: $zero, huge: $huge)" '
	test "$zero" != unknown &&
	check_twice "$sc" &&
	tail -n 1 out >last &&
	grep -E "^[1-9][0-9]* passed, 0 failed$" last &&
	grep -E "^[0-9]+ skipped$" out &&
	for s in fault-demand fault-populate fault-segv cow-fork cow-exit \
		 pgtable-walk; do
		! grep "/$s.scn" out || exit 1
	done &&
	if [ "$zero" = allocates ]; then
		grep -F "$sc/fault-zero.scn:10: known host difference: A.rss: simulator 0, host 8 (since line 7: $no_zero)" out &&
		grep -F "$sc/fault-zero.scn:14: known host difference: A.minflt: simulator 16, host 8 (since line 7: $no_zero)" out
	else
		! grep "/fault-zero.scn" out
	fi &&
	if [ "$huge" = allocates ]; then
		grep -F "$sc/thp-madvise.scn:27: known host difference: B.rss: simulator 0, host 512 (since line 25: $no_huge)" out
	else
		! grep "/thp-madvise.scn:[0-9]" out
	fi &&
	! grep ": differs: " out &&
	grep "/buddy-merge.scn: skipped: no process lines$" out
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
	grep "^0 known host differences$" out &&
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

mkdir -p big
cat >big/big.scn <<'SCN'
# the simulated machine of 24 GiB lives in memdrill's heap (200 MB)
machine ram=24G
proc A
A mmap b 1M
A touch b write
expect A.oom_score <= 667
expect A.badness == 259
SCN

# A child forked from memdrill would carry that heap: oom_score 672.
test_expect_success 'the real processes do not carry the simulated machine' '
	memdrill sim check --host big >out &&
	! grep differs out &&
	grep "^1 passed, 0 failed$" out
'

mkdir -p stop
cat >stop/stop.scn <<'SCN'
proc A
A mmap b 16K
A touch b write
expect A.rss == 4
pressure 1G
expect A.minflt == 4
SCN

test_expect_code 1 'a scenario the simulator stops with an error fails' '
	memdrill sim check --host stop >out;
	rc=$?;
	grep "^stop/stop.scn:5: differs: the simulator stops here: pressure stopped after [0-9]* pages" out &&
	grep "^0 passed, 1 failed$" out ||
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
