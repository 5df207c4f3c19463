/* SPDX-License-Identifier: GPL-2.0 */
/*
 * floor.h - the baselines of `memdrill sim bench` (bench/sim.sh): the
 * least work that gives the same answers as the simulator for the same
 * operation sequence, with nothing the simulator models left out and
 * nothing added.  Each simulator figure is printed as a ratio against
 * one of these, measured in the same run (issue 20).
 *
 *   buddy  one zone of 2^order blocks: free lists per order (doubly
 *          linked, so a merge unlinks the buddy in O(1)), split by
 *          expand() and merged on free as mm/page_alloc.c, the tail
 *          placement of buddy_merge_likely(), nr_free per order and per
 *          zone, the low watermark, a block's flags, refcount and order
 *          checked on free, pgalloc and pgfree.  What the simulator does
 *          beyond it: the zonelist and its empty zones, lowmem_reserve,
 *          gfp decoding, the owner of a block, the event hook.
 *   slab   SLUB's shape on that buddy: slabs of the cache's geometry,
 *          virt_to_slab() from the address, a free pointer inside each
 *          free object, a CPU slab, the node partial list with
 *          min_partial and discard, inuse and live counts.  An invalid
 *          or double free is refused as the simulator refuses it
 *          (without slub_debug the kernel would corrupt its freelist;
 *          the simulator reports it instead): a reciprocal divide for
 *          the object index and one allocated bit per object.
 *   fault  one VMA, a 4-level page table whose tables are frames of the
 *          buddy (freed again by munmap), the zero page for a read and
 *          a zeroed frame for a write, the frame's anon/exclusive flags,
 *          refcount and mapcount, the inactive anon LRU list and its
 *          gauge, minflt, pgfault, rss and NR_ANON_MAPPED; munmap walks
 *          each PTE table once (zap_pte_range) and frees every frame.
 *
 * Functions return 0 or -1 (the simulator would have refused or failed).
 */
#ifndef MEMDRILL_FLOOR_H
#define MEMDRILL_FLOOR_H

#include <stdint.h>

#include "sim/mm.h"

struct floor_page {
	uint32_t flags;
	int32_t refcount, mapcount;
	uint32_t next, prev;	/* free list or LRU */
	uint32_t priv;		/* slab index of a slab frame */
	uint8_t order;
};

struct floor_slab;
struct floor_pt;

struct floor {
	struct floor_page *pages;
	uint32_t nr_pages;
	uint32_t head[MM_MAX_ORDER], tail[MM_MAX_ORDER];
	unsigned long nr_free[MM_MAX_ORDER], zone_free, low;
	unsigned long pgalloc, pgfree;
	/* slab: one cache */
	struct floor_slab *slabs;
	int nslabs, capslabs, free_slot, cpu, partial_head, partial_tail;
	unsigned size, objects, order, offset, min_partial, recip;
	unsigned long nr_partial, nr_slabs, live;
	/* faults: one process, one VMA */
	struct floor_pt *pgd;
	uint64_t vstart, vend;
	uint32_t zero, lru_head, lru_tail;
	unsigned long nr_lru, nr_inactive_anon, nr_anon, nr_pt;
	unsigned long minflt, pgfault, rss;
};

/* A zone of @nr_pages frames (a multiple of 2^(MM_MAX_ORDER-1)), all
 * free as max-order blocks; @low: the low watermark in pages. */
int floor_init(struct floor *f, uint32_t nr_pages, unsigned long low);
void floor_free_all(struct floor *f);

int floor_alloc(struct floor *f, unsigned order, uint32_t *pfn);
int floor_free(struct floor *f, uint32_t pfn, unsigned order);

/* A cache of @size-byte objects in slabs of @order with @objects each
 * (the simulator's geometry); its objects' addresses are direct-map
 * addresses of the floor's frames, as the simulator's are. */
int floor_slab_init(struct floor *f, unsigned size, unsigned objects,
		    unsigned order, unsigned offset, unsigned min_partial);
int floor_slab_alloc(struct floor *f, uint64_t *addr);
int floor_slab_free(struct floor *f, uint64_t addr);

/* The mapping [start, start + len) and the zero page. */
int floor_mmap(struct floor *f, uint64_t start, uint64_t len);
int floor_fault(struct floor *f, uint64_t addr, int write);
int floor_munmap(struct floor *f);

#endif
