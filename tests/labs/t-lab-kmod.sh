#!/bin/sh
# t-lab-kmod.sh - every kmod lab through `memdrill lab run --all --vm`, the
# page expectations against the console.  Every page whose action ships
# (kmod/MODULE.c, or for a helper action its kmod/HELPER.c, as `lab
# actions` lists them) must pass; pages whose module is not written yet
# must say "could not run" with that reason, never pass.  The labs share
# boots: fewer boots than labs, each lab's duration its own.  Without
# qemu or a kernel image nothing can run: that is a skip, never a pass.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/labs/vm-lib.sh"

memdrill lab actions | sed 1d >actions
shipped=0 pending=0
for p in "$TEST_TOP"/labs/kmod-*.md; do
	m=$(sed -n 's/^Module: //p' "$p") a=$(sed -n 's/^Action: //p' "$p")
	h=$(awk -v m="$m" -v a="$a" '$1 == m && $2 == a { print $3 }' actions)
	[ "$h" = - ] && h=$m
	if [ -f "$TEST_TOP/kmod/$h.c" ]; then
		shipped=$((shipped + 1))
	else
		pending=$((pending + 1))
	fi
done

vm_require 'kmod labs in the VM'
vm_shim

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

test_expect_success 'fewer boots than labs; each lab timed on its own' '
	cat "$TRASH/boots" &&
	test $(wc -l <"$TRASH/boots") -ge 1 &&
	test $(wc -l <"$TRASH/boots") -lt $shipped &&
	test $(grep -c "^verdict: pass ([1-9][0-9]* ms)$" all.out) -eq $shipped
'

test_done
