#!/bin/sh
# t-vm-alloc.sh - alloc_lab in the VM: the three pages (kmod-kmalloc-
# vmalloc, kmod-kmalloc-classes, kmod-buddyinfo) pass against the real
# allocators, the numbers behind them hold (kmalloc and alloc_pages
# contiguous, ksize classes, one order-4 block leaves and comes back), and
# a copy of the classes page with a wrong class fails.  One TCG boot;
# skipped, never passed, without qemu or a kernel image.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/labs/vm-lib.sh"

test_expect_success 'without kmod/alloc_lab.c: could not run' '
	mkdir -p nomod/labs nomod/engine nomod/kmod &&
	cp "$TEST_TOP/labs/kmod-buddyinfo.md" nomod/labs/ &&
	MEMDRILL_HOME=$PWD/nomod memdrill lab run kmod-buddyinfo >out;
	test $? -eq 2 && grep "could not run: module .alloc_lab. is not built" out
'

vm_require 'alloc_lab in the VM'

pages="kmod-kmalloc-vmalloc kmod-kmalloc-classes kmod-buddyinfo"
vm_home home $pages &&
vm_wrong home kmod-kmalloc-classes kmod-classes-wrong \
	's/kmalloc\\(200\\) ksize 256/kmalloc\\(200\\) ksize 224/'
MEMDRILL_HOME=$PWD/home memdrill lab run --all --vm >all.out 2>&1
rc=$?

test_expect_success 'one boot: the three pages pass, the broken copy fails' '
	cat all.out; test $rc -eq 1 &&
	grep "^labs: 3 passed, 1 failed, 0 could not run$" all.out
'

for id in $pages; do
	test_expect_success "$id: every expectation holds" "
		sed -n '/^== $id:/,/^verdict/p' all.out >$id.out &&
		test \$(grep -c '^expect .*: ok\$' $id.out) -eq \
		    \$(grep -c '^Expect:' '$TEST_TOP/labs/$id.md') &&
		grep '^verdict: pass' $id.out
	"
done

test_expect_success 'contiguity: 16 consecutive pfns for kmalloc and alloc_pages' '
	for a in kmalloc alloc_pages; do
		grep "alloc_lab: $a page" kmod-kmalloc-vmalloc.out |
		    sed "s/.* pfn 0x//" >pfns.$a &&
		test $(wc -l <pfns.$a) -eq 16 &&
		first=$(printf "%d" 0x$(head -n 1 pfns.$a)) &&
		last=$(printf "%d" 0x$(tail -n 1 pfns.$a)) &&
		test $((last - first)) -eq 15 || exit 1
	done
'

test_expect_success 'classes: every ksize is at least the request' '
	sed -n "s/.*alloc_lab: kmalloc(\([0-9]*\)) ksize \([0-9]*\)$/\1 \2/p" \
	    kmod-kmalloc-classes.out >sizes &&
	test $(wc -l <sizes) -eq 18 &&
	while read req got; do
		test "$got" -ge "$req" || exit 1
	done <sizes
'

test_expect_success 'buddyinfo: the order-4 block leaves and returns' '
	grep -E "alloc_lab: (before|allocated|freed) " kmod-buddyinfo.out |
	    sed "s/.*zone *[A-Za-z0-9]* *//" >counts &&
	test $(wc -l <counts) -eq 3 &&
	b=$(sed -n 1p counts | awk "{ s = 0; for (i = 1; i <= NF; i++) s += \$i * 2 ^ (i - 1); print s }") &&
	a=$(sed -n 2p counts | awk "{ s = 0; for (i = 1; i <= NF; i++) s += \$i * 2 ^ (i - 1); print s }") &&
	test $((b - a)) -eq 16
'

test_expect_success 'the copy with a wrong class fails on it' '
	sed -n "/^== kmod-classes-wrong:/,/^verdict/p" all.out >wrong.out &&
	grep "ksize 224\$/: FAILED" wrong.out && grep "^verdict: FAIL" wrong.out
'

test_done
