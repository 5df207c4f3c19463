// SPDX-License-Identifier: GPL-2.0
/*
 * scn-gen.c - exercises from a seed (scn-gen.h): a buddy exercise on a
 * 16 MiB machine (one zone, DMA) and a slab exercise with one cache, each
 * run on the simulator to get the answers.
 */
#include <errno.h>
#include <stdio.h>

#include "sim/scn-gen.h"
#include "sim/scn.h"

/* A buddy exercise: alloc_pages and free_pages of orders 0-5. */
static void scn_gen_buddy(struct mm_buf *sc, uint64_t *st)
{
	int live[16], nlive = 0, i, steps = 6 + (int)(scn_gen_rand(st) % 5);
	int next = 0;

	mm_buf_printf(sc, "machine ram=16M min_free_kbytes=128\n");
	for (i = 0; i < steps; i++) {
		if (nlive && (nlive == 16 || scn_gen_rand(st) % 3 == 0)) {
			int k = (int)(scn_gen_rand(st) % (uint64_t)nlive);

			mm_buf_printf(sc, "free_pages P%d\n", live[k]);
			live[k] = live[--nlive];
		} else {
			mm_buf_printf(sc, "alloc_pages P%d order=%d\n", next,
				      (int)(scn_gen_rand(st) % 6));
			live[nlive++] = next++;
		}
	}
}

/* A slab exercise: a cache, allocations and frees in random order. */
static void scn_gen_slab(struct mm_buf *sc, uint64_t *st)
{
	static const unsigned sizes[] = { 24, 40, 100, 192, 200, 300, 700,
					  1000, 1500, 3000 };
	static const char *const flags[] = { "-", "-", "Z", "P", "FZPU" };
	unsigned size = sizes[scn_gen_rand(st) % 10];
	int i, n = 5 + (int)(scn_gen_rand(st) % 40), frees, idx[45];

	mm_buf_printf(sc, "machine ram=64M\n");
	mm_buf_printf(sc, "cache lab size=%u flags=%s\n", size,
		      flags[scn_gen_rand(st) % 5]);
	for (i = 0; i < n; i++)
		mm_buf_printf(sc, "kmem_cache_alloc lab X%d\n", i);
	frees = (int)(scn_gen_rand(st) % (uint64_t)n);
	for (i = 0; i < n; i++)
		idx[i] = i;
	/* distinct objects, random order */
	for (i = 0; i < frees; i++) {
		int j = i + (int)(scn_gen_rand(st) % (uint64_t)(n - i));
		int t = idx[i];

		idx[i] = idx[j];
		idx[j] = t;
		mm_buf_printf(sc, "kmem_cache_free lab X%d\n", idx[i]);
	}
}

/* A fault exercise: reads and writes of ranges of a 16-page mapping. */
static void scn_gen_fault(struct mm_buf *sc, uint64_t *st)
{
	int i, steps = 3 + (int)(scn_gen_rand(st) % 4);

	mm_buf_printf(sc, "machine ram=64M\nproc A\nA mmap buf 64K\n");
	for (i = 0; i < steps; i++) {
		int a = (int)(scn_gen_rand(st) % 16);
		int n = 1 + (int)(scn_gen_rand(st) % (uint64_t)(16 - a));

		mm_buf_printf(sc, "A touch buf[%d:%d] %s\n", a, a + n,
			      scn_gen_rand(st) % 2 ? "write" : "read");
	}
}

/* An OOM exercise: three or four processes, sizes and adjustments. */
static void scn_gen_oom(struct mm_buf *sc, uint64_t *st)
{
	static const int adj[] = { -1000, -500, 0, 0, 0, 300, 500 };
	int i, n = 3 + (int)(scn_gen_rand(st) % 2);

	mm_buf_printf(sc, "machine ram=64M\n");
	for (i = 0; i < n; i++) {
		mm_buf_printf(sc, "proc P%d adj=%d\n", i,
			      adj[scn_gen_rand(st) % 7]);
		mm_buf_printf(sc, "P%d mmap heap %dM\nP%d touch heap write\n",
			      i, 2 + 2 * (int)(scn_gen_rand(st) % 5), i);
	}
	mm_buf_printf(sc, "oom\n");
}

int scn_gen(enum scn_gen_kind kind, unsigned long long seed,
	    struct mm_buf *text, struct mm_buf *answers, char *err,
	    size_t errsz)
{
	static const char *const buddy_q[] = {
		"buddy.dma[0]", "buddy.dma[1]", "buddy.dma[2]", "buddy.dma[3]",
		"buddy.dma[4]", "buddy.dma[5]", "buddy.dma[6]", "buddy.dma[7]",
		"buddy.dma[8]", "buddy.dma[9]", "buddy.dma[10]",
	};
	static const char *const slab_q[] = {
		"slab.lab.objsize", "slab.lab.objperslab",
		"slab.lab.pagesperslab", "slab.lab.active_objs",
		"slab.lab.num_objs", "slab.lab.num_slabs",
	};
	static const char *const fault_q[] = {
		"A.minflt", "A.zero_maps", "A.rss",
	};
	static const char *const oom_q[] = { "oom.victim" };
	const char *const *q = buddy_q;
	int nq = 11, i, r;
	uint64_t st = seed * 2654435761ULL + 0x9E3779B97F4A7C15ULL;
	struct scn s;

	if (!st)
		st = 1;
	switch (kind) {
	case SCN_GEN_SLAB:
		scn_gen_slab(text, &st);
		q = slab_q;
		nq = 6;
		break;
	case SCN_GEN_FAULT:
		scn_gen_fault(text, &st);
		q = fault_q;
		nq = 3;
		break;
	case SCN_GEN_OOM:
		scn_gen_oom(text, &st);
		q = oom_q;
		nq = 1;
		break;
	default:
		scn_gen_buddy(text, &st);
		break;
	}
	if (text->oom) {
		snprintf(err, errsz, "out of memory");
		return -ENOMEM;
	}
	scn_init(&s, "gen");
	r = scn_run_text(&s, text->s);
	for (i = 0; !r && i < nq; i++) {
		struct scn_val v;

		r = scn_get(&s, q[i], &v);
		if (!r)
			mm_buf_printf(answers, "%s %s\n", q[i], v.str);
	}
	if (!r && answers->oom)
		r = scn_err(&s, -ENOMEM, "out of memory");
	if (r)
		snprintf(err, errsz, "line %d: %s", s.line, s.err);
	scn_free(&s);
	return r;
}
