/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmodhost.h - `memdrill lab run ID --host` for kmod labs: build a
 * companion module against the learner's kernel headers, load it, trigger
 * one action, collect the kernel log the action wrote, and unload it.
 *
 * The caller has already checked that loading is possible and wanted
 * (labhost_kmod_ready(), the confirmation).  Modules are loaded with
 * finit_module(2) and removed with delete_module(2): no insmod, no shell.
 * Whatever this loads it unloads again, also when the action fails.
 */
#ifndef MEMDRILL_KMODHOST_H
#define MEMDRILL_KMODHOST_H

#include <stddef.h>

#include "util/sbuf.h"

/*
 * Build kmod/ against the headers in @kdir in a copy of its own under the
 * cache (kmod-host/RELEASE, see kbuild.h), so the VM's build of the same
 * sources is left alone; the path of @module's .ko is put in @ko.  0, or
 * -1 with @reason.
 */
int kmodhost_build(const char *kdir, const char *module, struct sbuf *ko,
		   char *reason, size_t rsz);

/*
 * Load @ko (module @module), write @action to /proc/@module, append the
 * kernel log lines written meanwhile to @out, then unload the module.
 * Returns 0 when the action ran, -1 with @reason otherwise (the module
 * was already loaded, the kernel refused it, the action failed to start,
 * it could not be unloaded -- then @reason says so and how to).
 */
int kmodhost_run(const char *ko, const char *module, const char *action,
		 struct sbuf *out, char *reason, size_t rsz);

#endif
