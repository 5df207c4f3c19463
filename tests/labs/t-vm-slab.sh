#!/bin/sh
# t-vm-slab.sh - the slab_lab module in the VM: each kmod slab lab passes
# its Expect lines against the real SLUB report (TCG boot, ~7 s each), and
# the runner's could-not-run reasons.  Skipped, never passed, when qemu or
# the kernel image is missing.
. "$(dirname "$0")/../lib.sh"

if ! command -v qemu-system-x86_64 >/dev/null 2>&1 ||
    ! ls /boot/vmlinuz-* >/dev/null 2>&1; then
	test_skip 'slab labs in the VM' 'no qemu-system-x86_64 or kernel image'
	test_done
	exit
fi

for lab in redzone uaf double-free leak-destroy; do
	test_expect_success "kmod-slab-$lab passes in the VM" "
		memdrill lab run kmod-slab-$lab >out 2>&1; rc=\$?;
		cat out; test \$rc -eq 0 && grep '^verdict: pass' out &&
		grep 'BUG slab_lab' out
	"
done

test_expect_success 'kmod-kmalloc-redzone: the red zone past 128 is caught, the slack is not' '
	memdrill lab run kmod-kmalloc-redzone >out 2>&1; rc=$?;
	cat out; test $rc -eq 0 && grep "^verdict: pass" out &&
	grep "BUG kmalloc-128.*Right Redzone overwritten" out &&
	grep "First byte 0x42 instead of 0xcc" out &&
	! grep "First byte 0x41" out
'

test_expect_success 'a missing kernel image: could not run, with the reason' '
	MEMDRILL_KERNEL=/nonexistent/vmlinuz memdrill lab run kmod-slab-uaf >out;
	test $? -eq 2 &&
	grep "could not run: no kernel image at /nonexistent/vmlinuz" out
'

test_expect_success 'missing headers: could not run, naming the folder' '
	MEMDRILL_KDIR=/nonexistent memdrill lab run kmod-slab-uaf >out;
	test $? -eq 2 && grep "no headers for kernel .* at .*/nonexistent" out
'

test_expect_success 'a module whose source is missing: could not run' '
	mkdir -p nomod/labs nomod/engine nomod/kmod &&
	cp "$TEST_TOP/labs/kmod-slab-uaf.md" nomod/labs/ &&
	MEMDRILL_HOME=$PWD/nomod memdrill lab run kmod-slab-uaf >out;
	test $? -eq 2 && grep "module .slab_lab. is not built" out
'

test_done
