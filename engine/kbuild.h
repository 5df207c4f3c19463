/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbuild.h - the companion modules' sources, copied out of the data folder
 * to be built.
 *
 * The bundled kmod/ is data: read only in an installed memdrill
 * ($(DATADIR)/memdrill/kmod) and never written at run time.  Kbuild writes
 * its objects beside the sources (M=), so each runner builds in its own
 * copy under the cache (util/paths.h, paths_cache()): the VM runner in
 * vm/kmod against the VM kernel's headers, host mode in
 * kmod-host/RELEASE against the running kernel's.
 */
#ifndef MEMDRILL_KBUILD_H
#define MEMDRILL_KBUILD_H

#include <stddef.h>

/*
 * Make the folder @dir (created 0700 with missing parents) hold a copy of
 * the data folder's kmod/ sources: Kbuild, Makefile, *.c and *.h.  A
 * file is written only when its content differs from the copy's, so an
 * unchanged source keeps its time and kbuild (and the VM runner's
 * freshness check) sees it unchanged.  Files in @dir that kmod/ lacks are
 * left alone.  Returns 0, or -1 with the reason in @reason.
 */
int kbuild_sources(const char *dir, char *reason, size_t rsz);

#endif
