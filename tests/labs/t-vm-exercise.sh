#!/bin/sh
# t-vm-exercise.sh - exercises in the lab VM (engine/exercise.c): `lab
# verify` builds every shipped exercise's solution and skeleton and runs
# them in one boot (each solution passes, each skeleton fails its page's
# Skeleton-fails check first); code that oopses or hangs the guest gives
# a verdict with the kernel's report or the watchdog, never a hang; a
# learner's passing run is recorded.  Three TCG boots; skipped, never
# passed, without qemu or a kernel image.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/labs/vm-lib.sh"

vm_require 'exercises in the VM'
vm_shim

test_expect_success 'lab verify: every exercise holds, in one boot' '
	memdrill lab verify >out 2>&1; rc=$?; cat out; test $rc -eq 0 &&
	n=$(grep -l "^Kind: exercise$" "$TEST_TOP"/labs/*.md | wc -l) &&
	test "$n" -ge 8 &&
	grep "^exercises: $n hold, 0 do not, 0 invalid$" out &&
	test $(grep -c " ok (solution passes; skeleton fails check [0-9]*)$" out) -eq "$n" &&
	cat "$TRASH/boots" && test $(wc -l <"$TRASH/boots") -eq 1 &&
	grep " preempt=full .*memdrill.actions=ex:ex_" "$TRASH/boots"
'

# A scratch home: two exercises whose "solutions" crash the kernel in
# the two ways a learner's module can: an oops, and a loop that never
# ends (the guest's watchdog gives up on insmod after 15 s).
mkdir -p home/labs home/engine &&
cp "$TEST_TOP/engine/guest-helpers" home/engine/ &&
ln -s "$TEST_TOP/kmod" home/kmod
mkpage() {	# mkpage ID OBJ BODY: an exercise whose solution runs BODY
	mkdir -p "home/labs/exercises/$1/skeleton" \
	    "home/labs/exercises/$1/solution" &&
	printf 'ID: %s\nTitle: t\nKind: exercise\nExercise: module\nSource: %s.c\nSkeleton-fails: 1\nExpect: %s: done\nHint: the hint for %s\n\n## Task\n\nx\n' \
	    "$1" "$2" "$2" "$1" >"home/labs/$1.md" &&
	for k in skeleton solution; do
		body=$3
		[ $k = skeleton ] && body='return 0;'
		printf '#include <linux/module.h>\n#include <linux/delay.h>\nstatic int *volatile ex_p;\nstatic int __init ex_init(void)\n{\n\t%s\n}\nstatic void __exit ex_exit(void) { }\nmodule_init(ex_init);\nmodule_exit(ex_exit);\nMODULE_LICENSE("GPL");\n' \
		    "$body" >"home/labs/exercises/$1/$k/$2.c" || return
	done
}
mkpage ex-oops ex_oops 'return *ex_p;'
mkpage ex-hang ex_hang 'for (;;) cpu_relax(); return 0;'

test_expect_success 'an oops and a hang: verdicts with what matters, one boot' '
	: >"$TRASH/boots" &&
	MEMDRILL_HOME=$PWD/home memdrill lab verify >out 2>&1; rc=$?; cat out;
	test $rc -eq 1 &&
	grep "^exercises: 0 hold, 2 do not, 0 invalid$" out &&
	grep "^ex-oops .*FAILED: the solution does not pass" out &&
	grep "BUG: kernel NULL pointer dereference" out &&
	grep "RIP: .*ex_init" out &&
	grep "^ex-hang .*FAILED: the solution does not pass" out &&
	grep "memdrill: watchdog: ./ex/ex_insmod /ex/ex_hang_sol.ko. still running after 15 s" out &&
	test $(wc -l <"$TRASH/boots") -eq 1
'

test_expect_success 'a learner run that passes is recorded (vm, pass)' '
	memdrill lab start ex-alloc-pages >/dev/null &&
	cp "$TEST_TOP/labs/exercises/ex-alloc-pages/solution/ex_pages.c" \
	    "$XDG_DATA_HOME/memdrill/exercises/ex-alloc-pages/" &&
	memdrill lab run ex-alloc-pages >out 2>&1; rc=$?; cat out; test $rc -eq 0 &&
	grep "^verdict: pass" out &&
	grep "^forbid /Bad page state|BUG/: ok$" out &&
	sqlite3 "$MEMDRILL_DB" "SELECT mode, verdict FROM lab_runs WHERE lab = '\''ex-alloc-pages'\''" >v &&
	echo "vm|pass" >want && test_cmp want v
'

test_done
