/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scn-memcg.h - the memory-cgroup lines of the scenario language
 * (scn-memcg.c), hooked into scn-proc.c's tables: `memcg G limit=SIZE`
 * and the values G.usage G.limit G.failcnt G.oom_kill G.oom.
 */
#ifndef MMSIM_SCN_MEMCG_H
#define MMSIM_SCN_MEMCG_H

#include "sim/scn.h"

/* memcg G [limit=SIZE] */
int scn_memcg_new(struct scn *s, int argc, char **argv);
/* G.usage ... (a scn_getter); -ENOENT when G is no memcg. */
int scn_memcg_get(struct scn *s, const char *name, struct scn_val *v);

#endif
