#!/bin/sh
# t-vm-pfault.sh - pfault_lab in the VM: kmod-pfault's expectations hold
# against the real driver (8 faults for 10 touches on 8 pages, the read
# then write of page 3 faults once), a copy of the page that expects a
# fault per touch fails, and without the helper's source the page cannot
# run.  One TCG boot; skipped, never passed, without qemu or a kernel.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/labs/vm-lib.sh"

test_expect_success 'without kmod/pfault_touch.c: could not run' '
	mkdir -p nohelper/labs nohelper/engine nohelper/kmod &&
	cp "$TEST_TOP/labs/kmod-pfault.md" nohelper/labs/ &&
	cp "$TEST_TOP/kmod/pfault_lab.c" nohelper/kmod/ &&
	MEMDRILL_HOME=$PWD/nohelper memdrill lab run kmod-pfault >out;
	test $? -eq 2 && grep "could not run: module .pfault_lab. is not built" out
'

vm_require 'pfault_lab in the VM'

vm_home home kmod-pfault &&
vm_wrong home kmod-pfault kmod-pfault-wrong 's/8 faults/10 faults/'
MEMDRILL_HOME=$PWD/home memdrill lab run --all --vm >all.out 2>&1
rc=$?

test_expect_success 'one boot: the page passes, the broken copy fails' '
	cat all.out; test $rc -eq 1 &&
	grep "^labs: 1 passed, 1 failed, 0 could not run$" all.out
'

test_expect_success 'kmod-pfault: every expectation holds' '
	sed -n "/^== kmod-pfault:/,/^verdict/p" all.out >page.out &&
	test $(grep -c "^expect .*: ok$" page.out) -eq \
	    $(grep -c "^Expect:" "$TEST_TOP/labs/kmod-pfault.md") &&
	grep "^verdict: pass" page.out
'

test_expect_success 'the driver counts one fault per distinct page' '
	grep "^pfault_touch: 10 touches on 8 distinct pages" page.out &&
	grep "^pfault_lab: 8 faults" page.out &&
	test $(grep -c "^pfault_lab: fault [0-9]*:" page.out) -eq 8 &&
	test $(grep -c "^pfault_lab: fault [0-9]*: .* pgoff 3$" page.out) -eq 1 &&
	! grep "^pfault_lab: fault [0-9]*: write pgoff 3$" page.out
'

test_expect_success 'the copy expecting a fault per touch fails on it' '
	sed -n "/^== kmod-pfault-wrong:/,/^verdict/p" all.out >wrong.out &&
	grep "^expect /\^pfault_lab: 10 faults\$/: FAILED" wrong.out &&
	grep "^verdict: FAIL" wrong.out
'

test_done
