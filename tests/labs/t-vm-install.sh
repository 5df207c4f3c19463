#!/bin/sh
# t-vm-install.sh - a kmod lab run by an installed memdrill (make install
# DESTDIR PREFIX=/usr), from / without MEMDRILL_HOME: the module and
# guest program sources come from the installed data folder, are built
# and packed in the cache, and nothing is written into the data folder.
# One TCG
# boot; skipped, never passed, without qemu or a kernel image.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/labs/vm-lib.sh"
. "$TEST_TOP/tests/install-lib.sh"

vm_require 'a kmod lab from an installed memdrill'

stage=$TRASH/stage
data=$stage/usr/share/memdrill

test_expect_success 'stage make install' '
	stage_install "$stage" && test -x "$stage/usr/bin/memdrill"
'
data_state "$data" >data.before

test_expect_success 'the installed binary runs a kmod lab in the VM from /' '
	(cd / && env -u MEMDRILL_HOME MEMDRILL_DB="$TRASH/inst.db" \
		"$stage/usr/bin/memdrill" lab run kmod-kmalloc-classes) >out 2>&1;
	rc=$?; cat out; test $rc -eq 0 &&
	grep "^verdict: pass" out &&
	test -f "$XDG_CACHE_HOME/memdrill/vm/kmod/alloc_lab.ko" &&
	test -x "$XDG_CACHE_HOME/memdrill/vm/guest/guest_init"
'

test_expect_success 'the run wrote nothing into the data folder' '
	data_state "$data" >data.after &&
	test_cmp data.before data.after
'

test_done
