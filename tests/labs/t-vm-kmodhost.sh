#!/bin/sh
# t-vm-kmodhost.sh - `lab run --host`'s module path (engine/kmodhost.c:
# finit_module, the action, /dev/kmsg, delete_module) for real.  This
# machine's kernel cannot load modules, so a static probe built from
# kmodhost.c runs it as PID 1's child in the lab VM's kernel (TCG), with
# slab_lab.ko built against the VM kernel's headers.  Skipped, never
# passed, without qemu, a kernel image, headers or a static libc.
. "$(dirname "$0")/../lib.sh"

src=$TEST_TOP
img=$(ls /boot/vmlinuz-* 2>/dev/null | sort -V | tail -n 1)
ver=${img#/boot/vmlinuz-}
kdir=/usr/src/linux-headers-$ver
if ! command -v qemu-system-x86_64 >/dev/null 2>&1 || [ -z "$img" ] ||
    [ ! -f "$kdir/Makefile" ] || [ ! -x /bin/busybox ]; then
	test_skip 'module load/unload on a real kernel' \
		'no qemu, kernel image, headers or busybox'
	test_done
	exit
fi

test_expect_success 'build slab_lab.ko and the static probe' '
	mkdir -p kmod root/bin root/proc root/sys root/dev &&
	cp "$src"/kmod/Kbuild "$src"/kmod/*.c kmod/ &&
	make -s -C "$kdir" M="$PWD/kmod" modules >build.log 2>&1 &&
	gcc -static -O2 -I"$src" -o root/probe \
		"$src/tests/labs/kmodhost-probe.c" "$src/engine/kmodhost.c" \
		"$src/engine/kbuild.c" "$src/engine/spawn.c" \
		"$src/engine/kmsg.c" "$src/util/sbuf.c" "$src/util/xalloc.c" \
		"$src/util/paths.c" "$src/util/dir.c" &&
	cp kmod/slab_lab.ko root/ && cp /bin/busybox root/bin/
'

# The init: the probe loads, acts and unloads; then the same with the
# module already loaded by insmod, which the probe must leave alone.
mkdir -p root
cat >root/init <<'INIT'
#!/bin/busybox sh
/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
echo "=== run 1"
/probe /slab_lab.ko slab_lab redzone
echo "=== modules after 1: $(cut -d' ' -f1 /proc/modules | tr '\n' ' ')"
insmod /slab_lab.ko
echo "=== run 2"
/probe /slab_lab.ko slab_lab redzone
echo "=== modules after 2: $(cut -d' ' -f1 /proc/modules | tr '\n' ' ')"
echo "=== done"
poweroff -f
INIT
chmod +x root/init

test_expect_success 'boot the probe in the VM (TCG)' '
	(cd root && find . | cpio -o -H newc --quiet) >initramfs.cpio &&
	timeout 120 qemu-system-x86_64 -kernel "$img" -initrd initramfs.cpio \
		-append "console=ttyS0 loglevel=1 panic=-1 no5lvl" \
		-nographic -no-reboot -m 256M -accel tcg </dev/null |
		tr -d "\r" >console &&
	grep "=== done" console
'

test_expect_success 'the action ran and its SLUB report was collected' '
	sed -n "/=== run 1/,/=== modules after 1/p" console >run1 &&
	cat run1 &&
	grep "BUG slab_lab.*Right Redzone overwritten" run1 &&
	grep "^probe: ok" run1 &&
	! grep -F "\\x0a" run1
'

test_expect_success 'the probe unloaded what it loaded' '
	grep "=== modules after 1: *$" console
'

test_expect_success 'an already loaded module is refused and left loaded' '
	sed -n "/=== run 2/,/=== modules after 2/p" console >run2 &&
	grep "probe: failed: module .slab_lab. is already loaded" run2 &&
	grep "=== modules after 2: slab_lab" console
'

test_done
