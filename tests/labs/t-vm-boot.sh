#!/bin/sh
# t-vm-boot.sh - the VM runner's shortcuts: it boots a CONFIG_PVH kernel
# from the ELF vmlinux it unpacked (kept in build/vm, reused), falls back
# to the bzImage when it cannot tell (no /boot/config-VERSION), and skips
# the kbuild run when the modules are newer than their sources.  Two TCG
# boots; skipped, never passed, without qemu or a kernel image.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/labs/vm-lib.sh"

vm_require 'VM runner shortcuts'

img=$(ls /boot/vmlinuz-* | sort | tail -n 1)
ver=${img#/boot/vmlinuz-}
vm_home home kmod-kmalloc-classes

test_expect_success 'a PVH kernel boots from the unpacked ELF' '
	MEMDRILL_HOME=$PWD/home memdrill lab run kmod-kmalloc-classes >out &&
	grep "^verdict: pass" out &&
	if grep -q "^CONFIG_PVH=y" "/boot/config-$ver"; then
		head -c 4 "home/build/vm/vmlinux-$ver" | od -c | grep "177   E   L   F"
	else
		test ! -e "home/build/vm/vmlinux-$ver"
	fi
'

test_expect_success 'the second run reuses the modules: no kbuild run' '
	: >home/build/vm/build.log &&
	echo marker >home/build/vm/build.log &&
	MEMDRILL_HOME=$PWD/home memdrill lab run kmod-kmalloc-classes >out &&
	grep "^verdict: pass" out && grep -x marker home/build/vm/build.log
'

test_expect_success 'an image without a config boots as a bzImage' '
	cp "$img" vmlinuz-copy &&
	MEMDRILL_KERNEL=$PWD/vmlinuz-copy MEMDRILL_KDIR=/usr/src/linux-headers-$ver \
	    MEMDRILL_HOME=$PWD/home memdrill lab run kmod-kmalloc-classes >out &&
	grep "^verdict: pass" out && test ! -e home/build/vm/vmlinux-copy &&
	test ! -e home/build/vm/vmlinuz-copy
'

test_done
