/* SPDX-License-Identifier: GPL-2.0 */
/*
 * labvm.h - run companion-module lab actions in a throwaway qemu VM.
 *
 * labvm_run() finds a kernel image and matching headers (Debian's
 * linux-image-amd64 / linux-headers-amd64; MEMDRILL_KERNEL and
 * MEMDRILL_KDIR override), builds kmod/ against the headers and the
 * guest's init and the userland helpers the actions need (kmod/NAME.c,
 * musl-gcc -static), packs an initramfs with the init, the modules and
 * helpers (busybox and engine/guest-helpers only for the engine's own
 * actions, which need a shell), boots
 * qemu-system-x86_64 (from the unpacked ELF vmlinux when the kernel has
 * CONFIG_PVH) with the actions on the kernel command line, and
 * captures the serial console.  Every program runs through fork/execvp
 * with an argument array, never a shell; only actions of the registry
 * reach the kernel command line and boot arguments are checked by
 * lab_boot_arg_allowed().
 * A watchdog kills the VM after LABVM_TIMEOUT seconds.
 *
 * Accelerator (`lab run --accel`, else MEMDRILL_VM_ACCEL, else auto):
 * tcg, kvm, or auto: KVM when /dev/kvm can be opened, falling back to TCG
 * when the guest prints nothing within LABVM_KVM_PROBE seconds (a KVM boot
 * hangs on the machines memdrill is developed on).  The fallback is
 * remembered in build/vm/kvm-hangs so later runs go straight to TCG.
 *
 * The guest's init (kmod/guest_init.c) learns what each action does from a
 * table the runner generates from the registry (engine/kmod-actions.h)
 * and packs as /actions; it prints each action's output between
 * "=== memdrill action MODULE ACTION begin t=NS" and "... end rc=N t=NS"
 * markers, NS the guest's monotonic clock.
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

/* A file the caller adds to the image: @src copied to /@dst (a path in
 * the initramfs, at most one folder deep: "scn/a.scn"), mode @mode. */
struct labvm_file {
	const char *src, *dst;
	int mode;
};

/* How to run the VM. */
struct labvm_opts {
	const char *boot;	/* extra kernel arguments, blank-separated */
	const char *accel;	/* "auto", "kvm", "tcg"; NULL: environment */
	/*
	 * Called with a note on each long step (building the modules,
	 * unpacking the kernel, booting); may be NULL.  The runner never
	 * prints: the caller decides whether and where to show it.
	 */
	void (*progress)(void *ctx, const char *what);
	void *ctx;
	/*
	 * Files of the caller's packed into the image as well: the program
	 * of an internal action (one memdrill's engine runs, never a page:
	 * engine/simvm.c) and its inputs.  May be NULL with @nfiles 0.
	 */
	const struct labvm_file *files;
	size_t nfiles;
	/* the watchdog in s (0: LABVM_TIMEOUT) and the guest's CPUs (0: 1) */
	int timeout, cpus;
};

/*
 * Exercises (engine/exercise.c): the action "ex OBJ", OBJ of [a-z0-9_],
 * is the learner's code the caller packs as ex/OBJ.ko (with the
 * exercise's driver as ex/OBJ.drv) or the program ex/OBJ; guest-helpers'
 * helper_exercise loads, drives and removes it (or runs it) under a
 * watchdog of its own.  A page can never name it (it is no registry
 * entry).
 */
#define LABVM_EXERCISE "ex"

/*
 * Run the @n actions @a (each in the registry, engine/kmod-actions.h, or
 * an internal action with its files in @o) in
 * one boot with @o's kernel arguments (NULL or blank-separated, each
 * allowed by lab_boot_arg_allowed()) under @o's accelerator ("auto",
 * "kvm", "tcg"; NULL: the environment's or auto).  The console text is
 * appended to @console.  Returns 0 when the VM ran every action, or -1
 * with the reason it could not run in @reason (no qemu, no kernel image,
 * no headers, build failed, boot timed out, a bad accelerator, ...).
 */
int labvm_run(const struct labvm_action *a, size_t n,
	      const struct labvm_opts *o, struct sbuf *console, char *reason,
	      size_t rsz);

/* The version of the kernel the VM boots ("6.1.0-57-amd64") into @ver;
 * 0, or -1 with the reason (no image). */
int labvm_kernel_version(struct sbuf *ver, char *reason, size_t rsz);

/* The headers of the kernel the VM boots (or $MEMDRILL_KDIR) into
 * @kdir; 0, or -1 with the reason (no image, no headers). */
int labvm_kdir(struct sbuf *kdir, char *reason, size_t rsz);

/*
 * Does memdrill ship what @module @action needs in the VM: a registry
 * entry, and kmod/MODULE.c or a helper (kmod/HELPER.c) that serves the
 * action alone?
 */
int labvm_action_ships(const char *module, const char *action);

/*
 * Append to @out the kernel log the VM printed for @module @action
 * (between its begin and end markers) and, when @ms is not NULL, set
 * *@ms to the time the action took in the guest (-1 when the markers
 * carry no time).  Returns 0, or -1 when the console has no such section.
 */
int labvm_section(const char *console, const char *module,
		  const char *action, struct sbuf *out, long long *ms);

#endif
