/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm.h - run companion-module lab actions in a throwaway qemu VM.
 *
 * vm_run() finds a kernel image and matching headers (Debian's
 * linux-image-amd64 / linux-headers-amd64; MEMDRILL_KERNEL and
 * MEMDRILL_KDIR override), builds kmod/ against the headers and the
 * userland helpers the actions need (kmod/NAME.c, gcc -static), packs a
 * busybox initramfs with labs/vm/init, the modules and helpers, boots
 * qemu-system-x86_64 (from the unpacked ELF vmlinux when the kernel has
 * CONFIG_PVH) with the actions on the kernel command line, and
 * captures the serial console.  Every program runs through fork/execvp
 * with an argument array, never a shell; module and action names must be
 * [a-z0-9_] and boot arguments are checked by lab_boot_arg_allowed().
 * A watchdog kills the VM after VM_TIMEOUT seconds.
 *
 * Accelerator: MEMDRILL_VM_ACCEL=tcg (the default, and what "auto" means:
 * KVM boots hang on the machines memdrill is developed on) or kvm.
 */
#ifndef MEMDRILL_VM_H
#define MEMDRILL_VM_H

#include <stddef.h>

#include "sbuf.h"

#define VM_TIMEOUT 120

struct vm_action {
	const char *module, *action;
};

/*
 * Run @n actions in one boot with the extra kernel arguments @boot (NULL
 * or blank-separated).  The console text is appended to @console.
 * Returns 0 when the VM ran every action, or -1 with the reason it could
 * not run in @reason (no qemu, no kernel image, no headers, build failed,
 * boot timed out, ...).  Progress goes to stderr when it is a terminal.
 */
int vm_run(const struct vm_action *a, size_t n, const char *boot,
	   struct sbuf *console, char *reason, size_t rsz);

/*
 * Does memdrill ship what @module @action needs in the VM: kmod/MODULE.c,
 * or a userland helper (kmod/HELPER.c) that serves the action alone?
 */
int vm_action_ships(const char *module, const char *action);

/* The VM helper program @module @action runs, or NULL (a /proc write). */
const char *vm_action_helper(const char *module, const char *action);

/*
 * Append to @out the kernel log the VM printed for @module @action
 * (between its begin and end markers).  Returns 0, or -1 when the
 * console has no such section.
 */
int vm_section(const char *console, const char *module, const char *action,
	       struct sbuf *out);

#endif
