#!/bin/sh
# t-vm-shared.sh - several kmod labs share a VM boot (engine/labrun.c):
# `lab run --all`, with or without --vm, boots once for the pages whose
# Boot arguments agree, records each lab's own duration (its action's
# time in the guest), and gives a page whose Boot argument conflicts a
# boot of its own; the guest's dispatch table is the registry; every
# bundled kmod lab fits in one boot.  Four TCG boots; skipped, never
# passed, without qemu or a kernel image.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/labs/vm-lib.sh"

vm_require 'shared VM boots'
vm_shim
vm_home home kmod-buddyinfo kmod-kmalloc-classes kmod-oom kmod-pfault

test_expect_success 'lab run --all: four kmod labs, one boot' '
	MEMDRILL_HOME=$PWD/home memdrill lab run --all >out 2>&1; cat out;
	grep "^labs: 4 passed, 0 failed, 0 could not run$" out &&
	cat "$TRASH/boots" && test $(wc -l <"$TRASH/boots") -eq 1 &&
	grep " memdrill.actions=alloc_lab:buddyinfo,alloc_lab:classes,oom_lab:victim,pfault_lab:touch$" \
		"$TRASH/boots" && ! grep "slub_debug" "$TRASH/boots"
'

test_expect_success 'each lab records its own duration, not 0 ms' '
	sqlite3 "$MEMDRILL_DB" "SELECT lab, mode, verdict, duration_ms
		FROM lab_runs ORDER BY lab" >rows && cat rows &&
	test $(wc -l <rows) -eq 4 &&
	awk -F"|" "\$2 != \"vm\" || \$3 != \"pass\" || \$4 <= 0 { exit 1 }" rows &&
	test $(grep -c "^verdict: pass ([1-9][0-9]* ms)$" out) -eq 4
'

# the registry's actions, then the engine's own (sim check --vm), whose
# program comes with the run's files and which runs the shell function
# helper_simvm_check of engine/guest-helpers (labvm.c labvm_internal[])
test_expect_success 'the guest dispatch table is the registry' '
	{ memdrill lab actions | sed 1d | awk "{ print \$1, \$2, \$3 }" &&
	  echo "simvm_lab check sh:simvm_check"; } >want &&
	test_cmp want "$XDG_CACHE_HOME/memdrill/vm/root/actions"
'

# a copy of kmod-kmalloc-classes that asks for slub_debug=- conflicts
# with kmod-kmalloc-redzone's slub_debug=FZ,kmalloc-128
sed "s/^Action: classes$/&\nBoot: slub_debug=-/" \
	"$TEST_TOP/labs/kmod-kmalloc-classes.md" >home/labs/kmod-kmalloc-classes.md
cp "$TEST_TOP/labs/kmod-kmalloc-redzone.md" home/labs/

test_expect_success '--all --vm: a conflicting Boot argument boots apart' '
	grep "^Boot: slub_debug=-$" home/labs/kmod-kmalloc-classes.md &&
	: >"$TRASH/boots" &&
	MEMDRILL_HOME=$PWD/home memdrill lab run --all --vm >out 2>&1; cat out;
	grep "^labs: 5 passed, 0 failed, 0 could not run$" out &&
	cat "$TRASH/boots" && test $(wc -l <"$TRASH/boots") -eq 2 &&
	grep "slab_lab:kmalloc_redzone" "$TRASH/boots" >kr &&
	grep " slub_debug=FZ,kmalloc-128 " kr && ! grep "slub_debug=-" kr &&
	! grep "alloc_lab" kr &&
	grep -v "slab_lab:kmalloc_redzone" "$TRASH/boots" |
		grep " slub_debug=- " &&
	! grep -v "slab_lab:kmalloc_redzone" "$TRASH/boots" | grep "FZ"
'

# every bundled kmod page: their Boot lines agree, so one boot runs them
rm -rf all && vm_home all $(cd "$TEST_TOP/labs" &&
	grep -l "^Kind: kmod$" *.md | sed "s/\.md$//")

test_expect_success 'the bundled kmod labs share one boot' '
	test $(ls all/labs | wc -l) -ge 10 &&
	: >"$TRASH/boots" &&
	MEMDRILL_HOME=$PWD/all memdrill lab run --all --vm >out 2>&1; cat out;
	n=$(ls all/labs | wc -l) &&
	grep "^labs: $n passed, 0 failed, 0 could not run$" out &&
	cat "$TRASH/boots" && test $(wc -l <"$TRASH/boots") -eq 1 &&
	grep " slub_debug=FZ,kmalloc-128 " "$TRASH/boots" &&
	test $(grep -o "slub_debug" "$TRASH/boots" | wc -l) -eq 1
'

test_done
