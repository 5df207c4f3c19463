/* SPDX-License-Identifier: GPL-2.0 */
/*
 * labvm.h - run companion-module lab actions in a throwaway qemu VM.
 *
 * labvm_run() finds a kernel image and matching headers (Debian's
 * linux-image-amd64 / linux-headers-amd64; MEMDRILL_KERNEL and
 * MEMDRILL_KDIR override), builds kmod/ against the headers and the
 * userland helpers the actions need (kmod/NAME.c, gcc -static), packs a
 * busybox initramfs with engine/guest-init, the modules and helpers, boots
 * qemu-system-x86_64 (from the unpacked ELF vmlinux when the kernel has
 * CONFIG_PVH) with the actions on the kernel command line, and
 * captures the serial console.  Every program runs through fork/execvp
 * with an argument array, never a shell; module and action names must be
 * [a-z0-9_] and boot arguments are checked by lab_boot_arg_allowed().
 * A watchdog kills the VM after LABVM_TIMEOUT seconds.
 *
 * Accelerator (`lab run --accel`, else MEMDRILL_VM_ACCEL, else auto):
 * tcg, kvm, or auto: KVM when /dev/kvm can be opened, falling back to TCG
 * when the guest prints nothing within LABVM_KVM_PROBE seconds (a KVM boot
 * hangs on the machines memdrill is developed on).  The fallback is
 * remembered in build/vm/kvm-hangs so later runs go straight to TCG.
 */
#ifndef MEMDRILL_LABVM_H
#define MEMDRILL_LABVM_H

#include <stddef.h>

#include "util/sbuf.h"

#define LABVM_TIMEOUT 120
#define LABVM_KVM_PROBE 5

struct labvm_action {
	const char *module, *action;
};

/*
 * Run @n actions in one boot with the extra kernel arguments @boot (NULL
 * or blank-separated) under @accel ("auto", "kvm", "tcg"; NULL: the
 * environment's or auto).  The console text is appended to @console.
 * Returns 0 when the VM ran every action, or -1 with the reason it could
 * not run in @reason (no qemu, no kernel image, no headers, build failed,
 * boot timed out, a bad accelerator, ...).  Progress goes to stderr when
 * it is a terminal.
 */
int labvm_run(const struct labvm_action *a, size_t n, const char *boot,
	      const char *accel, struct sbuf *console, char *reason,
	      size_t rsz);

/* A file the caller adds to the image: @src copied to /@dst (a path in
 * the initramfs, at most one folder deep: "scn/a.scn"), mode @mode. */
struct labvm_file {
	const char *src, *dst;
	int mode;
};

/*
 * labvm_run() with @nf files of the caller's in the image as well (the
 * helper of an action marked as built by the caller, its inputs).
 */
int labvm_run_files(const struct labvm_action *a, size_t n, const char *boot,
		    const char *accel, const struct labvm_file *f, size_t nf,
		    struct sbuf *console, char *reason, size_t rsz);

/* The version of the kernel the VM boots ("6.1.0-57-amd64") into @ver;
 * 0, or -1 with the reason (no image). */
int labvm_kernel_version(struct sbuf *ver, char *reason, size_t rsz);

/*
 * Does memdrill ship what @module @action needs in the VM: kmod/MODULE.c,
 * or a userland helper (kmod/HELPER.c) that serves the action alone?
 */
int labvm_action_ships(const char *module, const char *action);

/* The VM helper program @module @action runs, or NULL (a /proc write). */
const char *labvm_action_helper(const char *module, const char *action);

/*
 * Append to @out the kernel log the VM printed for @module @action
 * (between its begin and end markers).  Returns 0, or -1 when the
 * console has no such section.
 */
int labvm_section(const char *console, const char *module,
		  const char *action, struct sbuf *out);

#endif
