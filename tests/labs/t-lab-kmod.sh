#!/bin/sh
# t-lab-kmod.sh - every kmod lab in one VM boot: `memdrill lab run --all
# --vm`, the page expectations against the console.  (The kmod helper's
# t-vm-*.sh test the raw runner; this is the only place the kmod labs run
# through `memdrill lab`.)  Without qemu / a kernel image the runner
# exits 2 with its reason: that is a skip, never a pass.
. "$(dirname "$0")/../lib.sh"

memdrill lab run --all --vm >all.out 2>&1
rc=$?
if [ $rc -eq 2 ] && ! grep -q ': FAILED$' all.out; then
	test_skip 'kmod labs in the VM' "$(grep -m1 '^verdict: could not run' \
		all.out | sed 's/^verdict: //')"
else
	test_expect_success 'every kmod lab passes in one boot' "
		cat all.out; test $rc -eq 0 &&
		grep '^labs: [1-9][0-9]* passed, 0 failed, 0 could not run' all.out
	"
fi

test_done
