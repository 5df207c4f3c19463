/* SPDX-License-Identifier: GPL-2.0 */
/*
 * slub.h - the SLUB slab allocator of the simulated machine (mm/slub.c,
 * 6.1): cache geometry as calculate_sizes()/calculate_order() compute it,
 * slabs from the buddy allocator, freelists stored inside the objects,
 * kmalloc size classes, and slub_debug (F Z P U) with the kernel's reports
 * written to the kernel log (mm_dmesg) in the 6.1 message text.
 *
 * Objects live at direct-map addresses (MM_PAGE_OFFSET + pfn * 4096 +
 * offset); their bytes exist (one buffer per slab), so red zones, poison
 * and free pointers can really be overwritten by `write`.
 *
 * All functions return 0 / -errno with m->err set, unless noted.  A debug
 * finding (a BUG report) is not an error: it goes to dmesg and is counted
 * in m->slab findings (mm_slub_findings()).
 */
#ifndef MMSIM_SLUB_H
#define MMSIM_SLUB_H

#include "sim/mm.h"

#define MM_PAGE_OFFSET	0xffff888000000000ULL	/* x86_64 4-level, no KASLR */

/* Cache flags (SLAB_* of include/linux/slab.h, reduced). */
enum mm_slab_flag {
	MM_SLAB_CONSISTENCY	= 1u << 0,	/* F */
	MM_SLAB_RED_ZONE	= 1u << 1,	/* Z */
	MM_SLAB_POISON		= 1u << 2,	/* P */
	MM_SLAB_STORE_USER	= 1u << 3,	/* U */
	MM_SLAB_HWCACHE_ALIGN	= 1u << 4,
	MM_SLAB_KMALLOC		= 1u << 5,
	MM_SLAB_DEBUG		= 0xf,
};

/* Geometry and counts of a cache (what slabinfo and sysfs show). */
struct mm_cache_info {
	const char *name;
	unsigned object_size;	/* requested size */
	/* object + metadata, aligned (slabinfo objsize) */
	unsigned size;
	unsigned align, inuse, offset, red_left_pad;
	unsigned order;		/* slab order; pagesperslab = 1 << order */
	unsigned objects;	/* objects per slab */
	unsigned flags;
	unsigned min_partial;	/* sysfs min_partial (set_min_partial) */
	unsigned long active_objs, num_objs, active_slabs, num_slabs;
	unsigned long live;	/* objects allocated and not freed */
};

/* Parse "FZPU" letters (any order, "-" or "" for none). 0 or -EINVAL. */
int mm_slub_parse_flags(const char *s, unsigned *flags);

/* kmem_cache_create(): *id gets the cache.  -EEXIST if the name is used,
 * -EINVAL for size 0 or > 8M or an alignment not a power of two. */
int mm_slub_cache_create(struct mm_machine *m, const char *name,
			 unsigned size, unsigned align, unsigned flags,
			 int *id);
/* Cache id by name, or -1. */
int mm_slub_cache_find(struct mm_machine *m, const char *name);
/* kmem_cache_destroy(): with live objects reports as 6.1 does and keeps
 * the cache (returns -EBUSY). */
int mm_slub_cache_destroy(struct mm_machine *m, int id);
int mm_slub_info(struct mm_machine *m, int id, struct mm_cache_info *info);

/* kmem_cache_alloc(): *addr is the object's address. */
int mm_slub_alloc(struct mm_machine *m, int id, uint64_t *addr);
/* kmem_cache_free().  A debug finding (double free ...) returns -EFAULT
 * after reporting it in dmesg: the object is not freed, as in the kernel. */
int mm_slub_free(struct mm_machine *m, int id, uint64_t addr);

/* kmalloc(): size classes up to 8k, larger from the page allocator
 * (*cache = -1 then).  kfree() finds the cache from the page. */
int mm_slub_kmalloc(struct mm_machine *m, size_t size, enum mm_gfp gfp,
		    uint64_t *addr, int *cache);
int mm_slub_kfree(struct mm_machine *m, uint64_t addr);
/* ksize(): usable size of an allocation, 0 if addr is not one. */
size_t mm_slub_ksize(struct mm_machine *m, uint64_t addr);
/* Name of the kmalloc cache for size ("kmalloc-96"), NULL above 8k. */
const char *mm_slub_kmalloc_name(size_t size);

/* Write bytes at addr + off (off may be negative): a possibly bad write.
 * -EFAULT when the range is not inside one slab / page allocation. */
int mm_slub_write(struct mm_machine *m, uint64_t addr, long off,
		  uint8_t byte, size_t len);
/* Read one byte (for tests). */
int mm_slub_read(struct mm_machine *m, uint64_t addr, long off, uint8_t *b);

/* /sys/kernel/slab/C/validate: check every object; returns the number of
 * findings (reported in dmesg), or -errno. */
int mm_slub_validate(struct mm_machine *m, int id);

/* Number of BUG reports so far. */
unsigned long mm_slub_findings(struct mm_machine *m);

/* /proc/slabinfo, version 2.1. */
void mm_proc_slabinfo(struct mm_machine *m, struct mm_buf *b);

/* Release every cache (machine teardown). */
void mm_slub_free_all(struct mm_machine *m);

#endif
