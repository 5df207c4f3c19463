#!/bin/sh
# t-vm-oom.sh - the oom_lab helpers in the VM: kmod-oom passes (the
# memory cgroup's OOM killer takes hogA, spares hogB at oom_score_adj
# -1000), the scores printed before the kill rank the hogs as the kernel
# did, and a copy of the page naming the wrong victim fails.  One TCG
# boot; skipped, never passed, without qemu or a kernel image.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/labs/vm-lib.sh"

test_expect_success 'without kmod/oom_hog.c: could not run' '
	mkdir -p nohelper/labs nohelper/engine nohelper/kmod &&
	cp "$TEST_TOP/labs/kmod-oom.md" nohelper/labs/ &&
	MEMDRILL_HOME=$PWD/nohelper memdrill lab run kmod-oom >out;
	test $? -eq 2 && grep "could not run: module .oom_lab. is not built" out
'

vm_require 'oom_lab in the VM'

vm_home home kmod-oom &&
# the wrong copy names hogC as the first victim (on a loaded host the
# killer may strike hogC too, later, so the Killed line would not do)
vm_wrong home kmod-oom kmod-oom-wrong 's/first victim hogA/first victim hogC/'
MEMDRILL_HOME=$PWD/home memdrill lab run --all --vm >all.out 2>&1
rc=$?

test_expect_success 'one boot: the page passes, the wrong victim fails' '
	cat all.out; test $rc -eq 1 &&
	grep "^labs: 1 passed, 1 failed, 0 could not run$" all.out
'

test_expect_success 'kmod-oom: every expectation holds' '
	sed -n "/^== kmod-oom:/,/^verdict/p" all.out >page.out &&
	test $(grep -c "^expect .*: ok$" page.out) -eq \
	    $(grep -c "^Expect:" "$TEST_TOP/labs/kmod-oom.md") &&
	grep "^verdict: pass" page.out
'

test_expect_success 'the highest oom_score beforehand is the one killed' '
	sed -n "s/^oom_lab: \(hog.\) pid \([0-9]*\) .* oom_score \([0-9]*\)$/\3 \1 \2/p" \
	    page.out | sort -n | tail -n 1 >top &&
	read score name pid <top &&
	grep "Killed process $pid ($name)" page.out &&
	grep "^oom_lab: $name pid $pid killed" page.out
'

test_expect_success 'the copy naming the wrong victim fails on it' '
	sed -n "/^== kmod-oom-wrong:/,/^verdict/p" all.out >wrong.out &&
	grep "first victim hogC\\$/: FAILED" wrong.out &&
	grep "^verdict: FAIL" wrong.out
'

test_done
