#!/bin/sh
# t-sim-check.sh - `memdrill sim check` over the bundled scenarios, and
# that a failing expectation makes it fail.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'every bundled scenario passes its expect lines' '
	memdrill sim check "$TEST_TOP/labs/scenarios" >out &&
	tail -n 1 out >last &&
	grep -E "^[0-9]+ passed, 0 failed$" last &&
	n=$(ls "$TEST_TOP"/labs/scenarios/*.scn | wc -l) &&
	grep "^$n passed" last
'

# tests/sim/data: scenarios for the simulator's fidelity that host mode
# also runs (t-host-check.sh); tests/sim/fidelity: the same kind, whose
# values a 6.18 host shows differently for reasons of its own (each file
# says which), checked on the simulator only.
test_expect_success 'the fidelity scenarios pass on the simulator' '
	for d in data fidelity; do
		memdrill sim check "$TEST_TOP/tests/sim/$d" >out &&
		n=$(ls "$TEST_TOP"/tests/sim/$d/*.scn | wc -l) &&
		grep "^$n passed, 0 failed$" out || exit 1
	done
'

test_expect_success 'sim check defaults to labs/scenarios of the home' '
	memdrill sim check >out &&
	grep -E "^[0-9]+ passed, 0 failed$" out
'

mkdir -p bad
cat >bad/wrong.scn <<'SCN'
# a wrong prediction
machine ram=4M
alloc_pages P order=0
expect buddy.dma[0] == 7
SCN
cp "$TEST_TOP/labs/scenarios/buddy-merge.scn" bad/good.scn
printf 'machine ram=4M\nshow buddyinfo\n' >bad/noexpect.scn

test_expect_code 1 'a failed expectation fails the check with its line' '
	memdrill sim check bad >out;
	rc=$?;
	grep "bad/wrong.scn:4: FAILED: buddy.dma\[0\] == 7 (is 1)" out &&
	grep "bad/noexpect.scn:1: error: scenario has no expect lines" out &&
	grep "^1 passed, 2 failed$" out &&
	exit $rc
'

test_expect_code 2 'a missing folder is a usage error' '
	memdrill sim check nowhere 2>err;
	rc=$?;
	grep "cannot open scenario folder .nowhere." err && exit $rc
'

test_done
