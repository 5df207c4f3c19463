#!/bin/sh
# t-vm-boot.sh - the VM runner's shortcuts: it boots a CONFIG_PVH kernel
# from the ELF vmlinux it unpacked (kept in the cache's vm/, reused), falls
# back to the bzImage when it cannot tell (no /boot/config-VERSION), and
# skips the kbuild run when the modules are newer than their sources; the
# accelerator choice (--accel, MEMDRILL_VM_ACCEL, auto's fallback to TCG).
# Five or six boots; skipped, never passed, without qemu or a kernel
# image.
. "$(dirname "$0")/../lib.sh"
. "$TEST_TOP/tests/labs/vm-lib.sh"

vm_require 'VM runner shortcuts'

img=$(ls /boot/vmlinuz-* | sort | tail -n 1)
ver=${img#/boot/vmlinuz-}
vm=$XDG_CACHE_HOME/memdrill/vm
vm_home home kmod-kmalloc-classes

test_expect_success 'a PVH kernel boots from the unpacked ELF' '
	MEMDRILL_HOME=$PWD/home memdrill lab run kmod-kmalloc-classes >out &&
	grep "^verdict: pass" out &&
	if grep -q "^CONFIG_PVH=y" "/boot/config-$ver"; then
		head -c 4 "$vm/vmlinux-$ver" | od -c | grep "177   E   L   F"
	else
		test ! -e "$vm/vmlinux-$ver"
	fi
'

test_expect_success 'the second run reuses the modules: no kbuild run' '
	: >"$vm/build.log" &&
	echo marker >"$vm/build.log" &&
	MEMDRILL_HOME=$PWD/home memdrill lab run kmod-kmalloc-classes >out &&
	grep "^verdict: pass" out && grep -x marker "$vm/build.log"
'

# The image of a kmod lab: the C init (kmod/guest_init.c, musl, static),
# the module without its DWARF (its symbols kept: the kernel's reports
# name its functions), no busybox and no shell helpers.
test_expect_success 'a kmod lab image: C init, stripped module, no shell' '
	grep -x init "$vm/files" && grep -x modules/alloc_lab.ko "$vm/files" &&
	! grep -e busybox -e "^helpers$" "$vm/files" &&
	head -c 4 "$vm/guest/guest_init" | od -c | grep "177   E   L   F" &&
	(mkdir -p img && cd img && cpio -id --quiet <"$vm/initramfs.cpio") &&
	cmp "$vm/guest/guest_init" img/init &&
	readelf -S "$vm/kmod/alloc_lab.ko" | grep -q "\.debug_info" &&
	! readelf -S img/modules/alloc_lab.ko | grep -q "\.debug" &&
	readelf -s img/modules/alloc_lab.ko | grep -q " alloc_lab_init$"
'

# The init prints the kernel log as busybox dmesg did: each record's
# "<LEVEL>" left out, its "[ seconds]" stamp kept.
test_expect_success 'the guest prints the kernel log as dmesg does' '
	grep -a "^\[ *[0-9]*\.[0-9]*\] alloc_lab: " "$vm/console.log" &&
	! grep -a "^<[0-9]*>" "$vm/console.log"
'

test_expect_success 'the second run reuses the guest programs: no musl-gcc' '
	echo marker >"$vm/guest.log" &&
	MEMDRILL_HOME=$PWD/home memdrill lab run kmod-kmalloc-classes >out &&
	grep "^verdict: pass" out && grep -x marker "$vm/guest.log"
'

test_expect_success 'an image without a config boots as a bzImage' '
	cp "$img" vmlinuz-copy &&
	MEMDRILL_KERNEL=$PWD/vmlinuz-copy MEMDRILL_KDIR=/usr/src/linux-headers-$ver \
	    MEMDRILL_HOME=$PWD/home memdrill lab run kmod-kmalloc-classes >out &&
	grep "^verdict: pass" out && test ! -e "$vm/vmlinux-copy" &&
	test ! -e "$vm/vmlinuz-copy"
'

test_expect_code 2 'an unknown --accel is a usage error' '
	MEMDRILL_HOME=$PWD/home memdrill lab run kmod-kmalloc-classes \
		--accel warp
'

test_expect_success 'an unknown MEMDRILL_VM_ACCEL: could not run, named' '
	MEMDRILL_VM_ACCEL=warp MEMDRILL_HOME=$PWD/home \
		memdrill lab run kmod-kmalloc-classes >out;
	test $? -eq 2 &&
	grep "accelerator .warp. is not auto, kvm or tcg" out
'

# auto: KVM when /dev/kvm opens; a KVM boot that prints nothing in 5 s
# (as on the machines memdrill is built on) falls back to TCG and leaves
# vm/kvm-hangs in the cache, after which auto does not try KVM again.
test_expect_success '--accel auto passes, with KVM or after falling back' '
	rm -f "$vm/kvm-hangs" &&
	MEMDRILL_HOME=$PWD/home memdrill lab run kmod-kmalloc-classes \
		--accel auto >out &&
	grep "^verdict: pass" out &&
	if test -e "$vm/kvm-hangs"; then
		echo keep >"$vm/kvm-hangs" &&
		MEMDRILL_HOME=$PWD/home memdrill lab run \
			kmod-kmalloc-classes --accel auto >out &&
		grep "^verdict: pass" out &&
		grep -x keep "$vm/kvm-hangs"
	fi
'

test_done
