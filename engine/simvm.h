/* SPDX-License-Identifier: GPL-2.0 */
/*
 * simvm.h - the scenario language against the real 6.1 kernel in the
 * throwaway lab VM (`sim run FILE --vm`, `sim check --vm [DIR]`).
 *
 * Host mode (simhost.h) is built as a static program (kmod/simvm_guest.c
 * with the engine, sim and util sources: the same code, the simulator
 * beside it in lock step) and run in one boot of Debian's 6.1 kernel
 * (labvm.h) over every scenario given; its results come back over the
 * console as struct simhost_result, one per scenario.  The guest is the
 * machine a shared host cannot be: root with every capability (adj
 * -1000), nothing else running, 6.1's own zero page, THP mode set from
 * each machine line, the files on an ext2 RAM disk whose read_ahead_kb
 * is the simulated machine's default (128).
 */
#ifndef MEMDRILL_SIMVM_H
#define MEMDRILL_SIMVM_H

#include <stddef.h>

#include "engine/labvm.h"
#include "engine/simhost.h"

/*
 * Run the @n scenarios at @paths in one VM boot under @vm's accelerator
 * and progress callback (its boot arguments and files are simvm's own).  o->check compares with the simulator (sim
 * check --vm), else each expect line is checked (sim run --vm); o->out
 * gets the items of each scenario as they are read back, ctx first,
 * after @start(@sctx, i) for scenario i (either may be NULL).  res[i] is
 * filled for every scenario (release each with simhost_result_release());
 * one the VM did not finish is SIMHOST_ERROR.  Returns 0, or -1 with
 * @reason when the VM could not run at all (no qemu, no kernel, a build
 * failed).
 */
int simvm_run(const char *const *paths, size_t n,
	      const struct labvm_opts *vm, const struct simhost_opts *o,
	      void (*start)(void *sctx, size_t i), void *sctx,
	      struct simhost_result *res, char *reason, size_t rsz);

#endif
