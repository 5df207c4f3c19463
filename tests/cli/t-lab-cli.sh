#!/bin/sh
# t-lab-cli.sh - `memdrill lab list|show|run` and `memdrill check` on lab
# pages: listing, rendering, refusals, exit codes, recorded runs, links.
. "$(dirname "$0")/../lib.sh"

test_expect_success 'lab list shows every page with its kind' '
	memdrill lab list >out &&
	n=$(ls "$MEMDRILL_HOME"/labs/*.md | grep -vc README.md) &&
	test $(grep -c "^[a-z]" out) -eq "$n" &&
	grep "^host-cow	host	-	Copy-on-write after fork" out &&
	grep "^kmod-slab-redzone	kmod	" out
'

test_expect_success 'lab show renders the prose and the predictions' '
	memdrill lab show host-cow >out &&
	grep "^Copy-on-write after fork" out &&
	grep "^Predict before you run it:" out &&
	grep "After fork, how many faults" out &&
	grep "^What to predict" out &&
	! grep "^## " out &&
	! grep "^Expect:" out
'

test_expect_code 2 'lab show of an unknown lab fails' '
	memdrill lab show no-such-lab 2>err; rc=$?;
	grep "unknown lab .no-such-lab." err && exit $rc
'

test_expect_code 2 'a lab id with a path in it is refused' '
	memdrill lab run ../etc/passwd 2>err; rc=$?;
	grep "invalid lab id" err && exit $rc
'

test_expect_code 2 '--vm and --host together are a usage error' '
	memdrill lab run kmod-pfault --vm --host
'

test_expect_success 'a host lab runs, passes and is recorded' '
	memdrill lab run host-fault-count >out &&
	grep "^expect /write 64 untouched pages.*: ok$" out &&
	grep "^predict: " out &&
	grep "^verdict: pass" out &&
	memdrill lab list >list &&
	grep "^host-fault-count	host	host:pass	" list &&
	sqlite3 "$MEMDRILL_DB" "SELECT lab, mode, verdict, duration_ms >= 0,
		time > 1600000000000 FROM lab_runs" >rows &&
	echo "host-fault-count|host|pass|1|1" >expect &&
	test_cmp expect rows
'

if [ -e /proc/modules ]; then
	test_skip 'kmod --host refusal without module support' \
		'this kernel has module support'
else
	test_expect_code 2 'kmod --host refuses a kernel without modules' '
		memdrill lab run kmod-slab-redzone --host --yes >out; rc=$?;
		grep "^verdict: could not run: this kernel has no module support" out &&
		sqlite3 "$MEMDRILL_DB" "SELECT mode, verdict FROM lab_runs
			WHERE lab = '\''kmod-slab-redzone'\''" >rows &&
		echo "host|error" >expect && test_cmp expect rows && exit $rc
	'
fi

test_expect_success 'lab actions lists the registry: module, action, helper' '
	memdrill lab actions >out &&
	head -n 1 out | grep "^MODULE  *ACTION  *HELPER  *WHAT$" &&
	grep -E "^pfault_lab +touch +pfault_touch +map 16 pages" out &&
	grep -E "^slab_lab +redzone +- +" out &&
	test $(sed 1d out | wc -l) -ge 10 &&
	test_expect_code_run 2 memdrill lab actions extra
'

test_expect_code 2 'kmod --host: a helper action is refused, with the way out' '
	memdrill lab run kmod-pfault --host --yes >out; rc=$?;
	grep "^== kmod-pfault: .* \[kmod, host\]$" out &&
	grep "^verdict: could not run: .pfault_lab touch. runs the helper .pfault_touch. inside the lab VM only; use --vm$" out &&
	exit $rc
'

test_expect_success 'lab run --trace: the call paths shown, matched without them' '
	memdrill lab run sim-redzone --trace >out &&
	grep "^  kmem_cache_alloc -> " out &&
	grep "^verdict: pass" out &&
	memdrill lab run sim-redzone >plain &&
	! grep -- " -> " plain
'

# A private home whose labs/ holds a broken page and a card linking to a
# missing lab.
mkdir -p h/labs h/cards
cp "$MEMDRILL_HOME"/labs/host-cow.md h/labs/
cat >h/labs/bad-page.md <<'PAGE'
ID: bad-page
Title: Broken
Kind: kmod
Module: slab_lab
Action: rm_rf
Boot: init=/bin/sh
Expect: (oops

Prose.
PAGE
cat >h/cards/d.md <<'DECK'
# Deck

## 1. Section

Q: What is COW?
A: Copy on write.
Lab: host-cow
[Basic]

---

Q: What is missing?
A: A lab page.
Lab: no-such-page
[Basic]
DECK

test_expect_code 1 'check reports bad pages and links both ways' '
	MEMDRILL_HOME=$PWD/h memdrill check h/cards h/labs 2>err; rc=$?;
	cat err;
	grep "bad-page.md:[0-9]*: error: .*rm_rf. is not shipped" err &&
	grep "bad-page.md:[0-9]*: error: boot argument .init=/bin/sh. is not allowed" err &&
	grep "bad-page.md:7: error: bad regular expression" err &&
	grep "d.md:[0-9]*: error: unknown lab .no-such-page." err &&
	grep "bad-page.md:1: warning: no card links to lab .bad-page." err &&
	! grep "warning: no card links to lab .host-cow." err && exit $rc
'

test_expect_success 'lab list names the cards that link (no collection)' '
	MEMDRILL_HOME=$PWD/h MEMDRILL_DB=$PWD/none.db memdrill lab list \
		>out 2>err &&
	grep "no collection" err &&
	grep -E "^host-cow	host	-	.*	[a-z0-9-]+$" out &&
	! test -e none.db
'

test_expect_success 'lab list names the cards that link (collection)' '
	MEMDRILL_HOME=$PWD/h MEMDRILL_DB=$PWD/c.db memdrill import h/cards &&
	MEMDRILL_HOME=$PWD/h MEMDRILL_DB=$PWD/c.db memdrill cards >cards &&
	key=$(grep -i "cow" cards | awk "{print \$1}") && test -n "$key" &&
	MEMDRILL_HOME=$PWD/h MEMDRILL_DB=$PWD/c.db memdrill lab list >out &&
	grep -E "^host-cow	.*	$key$" out
'

test_expect_code 2 'lab run of an invalid page says why and runs nothing' '
	MEMDRILL_HOME=$PWD/h memdrill lab run bad-page >out 2>err; rc=$?;
	cat out err;
	cat out err | grep "bad-page.md:7: error: bad regular expression" &&
	grep "lab page .*bad-page.md. is not valid" err &&
	! grep "^==" out && exit $rc
'

test_expect_success 'lab list: the last verdict per mode; could not run never hides one' '
	sqlite3 "$MEMDRILL_DB" "INSERT INTO lab_runs(lab, time, mode, verdict,
		duration_ms) VALUES
		('"'"'kmod-pfault'"'"', 1000, '"'"'vm'"'"', '"'"'fail'"'"', 5),
		('"'"'kmod-pfault'"'"', 2000, '"'"'vm'"'"', '"'"'pass'"'"', 5),
		('"'"'kmod-pfault'"'"', 3000, '"'"'host'"'"', '"'"'error'"'"', 0),
		('"'"'kmod-pfault'"'"', 4000, '"'"'vm'"'"', '"'"'error'"'"', 0)" &&
	memdrill lab list >list &&
	grep "^kmod-pfault	kmod	host:error,vm:pass	" list
'

test_expect_success 'a sim lab shows each expectation with its line and meaning' '
	memdrill lab run sim-buddy-split </dev/null >out &&
	grep -B1 "^buddy-split.scn:10: ok: buddy.dma\[10\] == 1$" out >pair &&
	head -n 1 pair | grep "^# 4 MiB = 1024 frames" &&
	grep "^buddy-split.scn:15: ok: X.pfn == 0$" out &&
	test "$(grep -c "^# the order-10 block split down" out)" = 1
'

test_done
