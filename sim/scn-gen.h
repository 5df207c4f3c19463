/* SPDX-License-Identifier: GPL-2.0 */
/*
 * scn-gen.h - exercises generated from a seed (`memdrill sim gen`): an
 * allocation/free sequence as scenario text, solved on the simulator.
 * The same seed gives the same exercise on every machine (xorshift64*).
 */
#ifndef MMSIM_SCN_GEN_H
#define MMSIM_SCN_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "sim/mm.h"

enum scn_gen_kind {
	SCN_GEN_BUDDY,		/* alloc/free_pages; fill in buddyinfo */
	SCN_GEN_SLAB,		/* a cache, allocs, frees; slabinfo */
	SCN_GEN_FAULT,		/* reads and writes of a mapping; faults */
	SCN_GEN_OOM,		/* a process table; the OOM killer's victim */
};

/* The generator's next number (xorshift64*); *st must not be 0.  Inline:
 * bench/sim.sh's loops draw from it too. */
static inline uint64_t scn_gen_rand(uint64_t *st)
{
	*st ^= *st >> 12;
	*st ^= *st << 25;
	*st ^= *st >> 27;
	return *st * 0x2545F4914F6CDD1DULL;
}

/*
 * Write the exercise of @kind for @seed into @text (scenario lines, no
 * header) and its answers into @answers, one "VALUE ANSWER\n" line per
 * question (VALUE is a value name of the scenario language).  Returns 0,
 * or -errno when the exercise does not run, with the reason in @err;
 * the buffers are the caller's to free (mm_buf_free) either way.
 */
int scn_gen(enum scn_gen_kind kind, unsigned long long seed,
	    struct mm_buf *text, struct mm_buf *answers, char *err,
	    size_t errsz);

#endif
