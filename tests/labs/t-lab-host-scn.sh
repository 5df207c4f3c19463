#!/bin/sh
# t-lab-host-scn.sh - a scenario as a host lab: `lab run SIM-PAGE --host`
# and `Kind: host` pages with a Scenario run the scenario with real
# processes beside the simulator (engine/simhost.c) and pass when every
# compared value agrees; a difference fails (exit 1) and a scenario host
# mode cannot run is "could not run" (exit 2), with the reason.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'a sim page with --host: real and simulated values agree' '
	memdrill lab run sim-cow-fork --host >out &&
	grep "^== sim-cow-fork: .* \[sim, host\]$" out &&
	grep -E "^labs/scenarios/cow-fork.scn:[0-9]+: agrees: C.minflt: simulator 4, host 4$" out &&
	grep "^host check: pass" out &&
	grep "^expect /host check: pass/: ok$" out &&
	grep "^verdict: pass" out
'

test_expect_success 'the run is recorded with mode host' '
	test "$(sqlite3 "$MEMDRILL_DB" "select mode || \"|\" || verdict
		from lab_runs where lab = \"sim-cow-fork\"")" = "host|pass"
'

test_expect_code 2 'a scenario without process lines: could not run, why' '
	memdrill lab run sim-buddy-split --host >out;
	rc=$?;
	grep "^verdict: could not run: not run on this machine: no process lines$" out ||
	exit 9
	exit $rc
'

# A scratch home: a host page whose scenario the simulator gets wrong on
# purpose (oom_score of a 64M machine against this machine's RAM).
mkdir -p home/labs/scenarios
cat >home/labs/scenarios/score.scn <<'SCN'
machine ram=64M
proc A
A mmap buf 1M
A touch buf write
expect A.rss == 256
expect A.oom_score == 750
SCN
cat >home/labs/host-score.md <<'PAGE'
ID: host-score
Title: oom_score on this machine
Kind: host
Scenario: score
Expect: host check: pass

A page for the test.
PAGE
sed -e 's/^ID: host-score/ID: host-rss/' -e 's/score$/rss/' \
    home/labs/host-score.md >home/labs/host-rss.md
grep -v oom_score home/labs/scenarios/score.scn >home/labs/scenarios/rss.scn

test_expect_success 'a host page with a Scenario passes when all agree' '
	MEMDRILL_HOME=$PWD/home memdrill lab run host-rss >out &&
	grep "agrees: A.rss: simulator 256, host 256" out &&
	grep "^verdict: pass" out
'

test_expect_code 1 'a value that differs fails the lab, both values shown' '
	MEMDRILL_HOME=$PWD/home memdrill lab run host-score >out;
	rc=$?;
	grep -E "differs: A.oom_score: simulator [0-9]+, host [0-9]+$" out &&
	grep "^host check: FAIL" out &&
	grep "^expect /host check: pass/: FAILED$" out || exit 9
	exit $rc
'

test_done
