#!/bin/sh
# t-lab-exercise.sh - exercises without a VM boot (engine/exercise.c):
# lab start copies the skeleton to the workspace under the XDG data home
# (never the data folder) and keeps it, --fresh replaces it; lab
# solution is a diff against the copy; lab run without a copy starts the
# exercise; --host is refused; code that does not build fails with the
# compiler's error at the learner's file:line and no boot.
. "$(dirname "$0")/../lib.sh"

ws=$XDG_DATA_HOME/memdrill/exercises

test_expect_success 'lab start: the skeleton in the workspace, the task' '
	memdrill lab start ex-cow-faults >out && cat out &&
	cmp "$ws/ex-cow-faults/ex_cow.c" \
	    "$TEST_TOP/labs/exercises/ex-cow-faults/skeleton/ex_cow.c" &&
	grep "^Complete .child()" out &&
	grep "^your copy: $ws/ex-cow-faults/ex_cow.c$" out &&
	grep "memdrill lab run ex-cow-faults" out &&
	test -z "$(git -C "$TEST_TOP" status --porcelain -- labs)"
'

test_expect_success 'lab start again keeps the copy; --fresh replaces it' '
	echo "/* mine */" >>"$ws/ex-cow-faults/ex_cow.c" &&
	memdrill lab start ex-cow-faults >out &&
	grep "kept; --fresh" out && grep -q "mine" "$ws/ex-cow-faults/ex_cow.c" &&
	memdrill lab start --fresh ex-cow-faults >out &&
	! grep -q "mine" "$ws/ex-cow-faults/ex_cow.c"
'

test_expect_success 'lab solution: a diff against the copy' '
	memdrill lab solution ex-cow-faults >out && cat out &&
	grep "^--- $ws/ex-cow-faults/ex_cow.c" out &&
	grep "^+ *printf(\"child read: %ld faults" out &&
	grep "^- *printf(\"child read: not measured" out
'

test_expect_success 'lab solution without a copy: the whole reference' '
	memdrill lab solution ex-percpu >out &&
	grep "no copy of yours yet" out && grep "this_cpu_inc(ex_hits);" out
'

test_expect_success 'start, solution and verify refuse a page that is no exercise' '
	test_expect_code_run 2 memdrill lab start sim-cow-fork 2>err &&
	grep "not an exercise" err &&
	test_expect_code_run 2 memdrill lab verify sim-cow-fork 2>err &&
	grep "not an exercise" err
'

test_expect_success 'lab run without a copy starts the exercise (L in the drill)' '
	memdrill lab run ex-percpu >out && cat out &&
	grep "no copy of exercise .ex-percpu. yet: starting it" out &&
	test -f "$ws/ex-percpu/ex_percpu.c"
'

test_expect_success 'lab run --host: the learner code runs in the VM only' '
	test_expect_code_run 2 memdrill lab run --host ex-percpu >out &&
	grep "could not run: an exercise runs the learner.s code in the lab VM only" out
'

if ! ls /usr/src/linux-headers-*/Makefile >/dev/null 2>&1 ||
    ! ls /boot/vmlinuz-* >/dev/null 2>&1; then
	test_skip 'a build error' 'no kernel image or headers'
	test_done
	exit
fi

test_expect_success 'code that does not build: FAIL at file:line, no boot' '
	sed -i "s/this_cpu_read(ex_hits);/this_cpu_read(ex_hits)/" \
	    "$ws/ex-percpu/ex_percpu.c" &&
	PATH=/nonexistent:$PATH test_expect_code_run 1 memdrill lab run ex-percpu \
	    >out 2>&1; cat out;
	grep "^build: FAILED$" out && grep "^verdict: FAIL: it does not build$" out &&
	grep "^  $ws/ex-percpu/ex_percpu.c:[0-9]*:[0-9]*: error: " out &&
	! grep "booting" out &&
	sqlite3 "$MEMDRILL_DB" "SELECT verdict FROM lab_runs WHERE lab = '\''ex-percpu'\'' ORDER BY rowid DESC LIMIT 1" >v &&
	echo fail >want && test_cmp want v
'

test_expect_success 'a program that does not build: gcc at file:line' '
	memdrill lab start ex-minor-faults >/dev/null &&
	echo "int broken(" >>"$ws/ex-minor-faults/ex_minflt.c" &&
	test_expect_code_run 1 memdrill lab run ex-minor-faults >out 2>&1; cat out;
	grep "^  $ws/ex-minor-faults/ex_minflt.c:[0-9]*:[0-9]*: error: " out
'

test_done
