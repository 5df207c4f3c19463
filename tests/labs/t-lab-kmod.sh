#!/bin/sh
# t-lab-kmod.sh - every kmod lab in one VM boot: `memdrill lab run --all
# --vm`, the page expectations against the console.  Every page whose
# module ships in kmod/ (oom_lab: its helper kmod/oom_hog.c, no module)
# must pass; pages whose module is not written yet must say "could not
# run" with that reason, never pass.  Without qemu or
# a kernel image nothing can run: that is a skip, never a pass.
. "$(dirname "$0")/../lib.sh"

shipped=0 pending=0
for p in "$TEST_TOP"/labs/kmod-*.md; do
	m=$(sed -n 's/^Module: //p' "$p")
	[ "$m" = oom_lab ] && m=oom_hog
	if [ -f "$TEST_TOP/kmod/$m.c" ]; then
		shipped=$((shipped + 1))
	else
		pending=$((pending + 1))
	fi
done

if ! command -v qemu-system-x86_64 >/dev/null 2>&1 ||
    ! ls /boot/vmlinuz-* >/dev/null 2>&1; then
	test_skip 'kmod labs in the VM' 'no qemu-system-x86_64 or kernel image'
	test_done
	exit
fi

memdrill lab run --all --vm >all.out 2>&1
rc=$?

test_expect_success "every kmod lab whose module ships passes ($shipped)" "
	cat all.out;
	test $shipped -gt 0 &&
	grep '^labs: $shipped passed, 0 failed, $pending could not run$' all.out
"

test_expect_success "the $pending pages without a module say why" "
	test \$(grep -c 'could not run: module .* is not built' all.out) = $pending &&
	test $rc -eq \$([ $pending -gt 0 ] && echo 2 || echo 0)
"

test_done
