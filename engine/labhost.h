/* SPDX-License-Identifier: GPL-2.0 */
/*
 * labhost.h - host-kind labs: userland probes of the learner's own kernel
 * (no modules).  Each probe runs in a forked child whose output is
 * captured, so a crash or an OOM kill never takes memdrill down:
 *   fault_count  minor faults per page for reads, writes, read-then-write
 *                (getrusage ru_minflt around each loop)
 *   cow          copy-on-write after fork: child reads, child writes,
 *                parent writes after the child exits
 *   populate     MAP_POPULATE moves the faults into mmap()
 *   memcg_oom    a child inside a v1 memory cgroup with a 16 MiB limit
 *                allocates 64 MiB and is OOM-killed (root only)
 * Nothing here prints to the terminal or exits the caller.
 */
#ifndef MEMDRILL_LABHOST_H
#define MEMDRILL_LABHOST_H

#include "util/sbuf.h"

/* 1 when @probe names a shipped probe. */
int labhost_known(const char *probe);

/* The probe names, NULL-terminated (for docs and lab.c's check). */
extern const char *const labhost_probes[];

/*
 * Run @probe.  Returns 0 when it ran (its report appended to @out, one
 * fact a line), -1 when it could not run, with the reason in @reason
 * (unknown probe, not root, no memory cgroup, fork failed, ...).
 */
int labhost_run(const char *probe, struct sbuf *out, char *reason,
		size_t rsz);

/*
 * May kmod labs run on this kernel (`memdrill lab run --host`)?  Checks,
 * in order: module support (/proc/modules), kernel lockdown, headers at
 * $MEMDRILL_KDIR or /lib/modules/$(uname -r)/build, root.  Returns 0 with
 * the headers folder in @kdir, or -1 with the refusal in @reason.
 */
int labhost_kmod_ready(char *kdir, size_t ksz, char *reason, size_t rsz);

#endif
