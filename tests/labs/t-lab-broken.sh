#!/bin/sh
# t-lab-broken.sh - a lab whose expectation does not hold must fail the
# run (exit 1, verdict FAIL, recorded as fail), so a wrong Expect can
# never pass the suite.  The fixture is a copy of a real host page with
# one expectation inverted.
. "$(dirname "$0")/../lib.sh"

mkdir -p h/labs
sed 's/^Expect: write them again: \[0-9\]+ minor faults \\(0 per page\\)$/Expect: write them again: [0-9]+ minor faults \\(1 per page\\)/' \
	"$MEMDRILL_HOME"/labs/host-fault-count.md >h/labs/host-fault-count.md

test_expect_success 'the fixture really changed an expectation' '
	! cmp -s "$MEMDRILL_HOME"/labs/host-fault-count.md \
		h/labs/host-fault-count.md &&
	grep "^Expect: write them again: .*(1 per page" h/labs/host-fault-count.md
'

test_expect_code 1 'a failing Expect fails the run with exit 1' '
	MEMDRILL_HOME=$PWD/h memdrill lab run host-fault-count >out; rc=$?;
	cat out;
	grep "^expect /write them again.*: FAILED$" out &&
	grep "^verdict: FAIL" out && exit $rc
'

test_expect_success 'the failed run is recorded as fail' '
	sqlite3 "$MEMDRILL_DB" "SELECT verdict FROM lab_runs" >rows &&
	echo fail >expect && test_cmp expect rows
'

test_expect_code 1 '--all fails when one lab fails' '
	MEMDRILL_HOME=$PWD/h memdrill lab run --all >out; rc=$?;
	grep "^labs: 0 passed, 1 failed, 0 could not run" out && exit $rc
'

# The same for a sim lab: the red-zone byte is 0xcc, not 0xbb.
mkdir -p s/labs/scenarios
cp "$MEMDRILL_HOME"/labs/scenarios/redzone.scn s/labs/scenarios/
sed 's/^Expect: First byte 0x42 instead of 0xcc$/Expect: First byte 0x42 instead of 0xbb/' \
	"$MEMDRILL_HOME"/labs/sim-redzone.md >s/labs/sim-redzone.md

test_expect_code 1 'a failing Expect fails a sim lab too' '
	grep -q "instead of 0xbb" s/labs/sim-redzone.md &&
	MEMDRILL_HOME=$PWD/s memdrill lab run sim-redzone >out; rc=$?;
	cat out;
	grep "^expect /First byte 0x42 instead of 0xbb/: FAILED$" out &&
	grep "^expect /scenario expects: .*/: ok$" out &&
	grep "^verdict: FAIL" out && exit $rc
'

test_done
