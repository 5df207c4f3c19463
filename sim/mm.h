/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm.h - libmmsim: a simulated x86_64 machine for learning Linux memory
 * management (kernel 6.1 rules).
 *
 * The library uses libc only.  It never prints and never exits: it reports
 * what happens through an event callback (struct mm_event) and reports
 * failures by returning 0 / -errno with a message in m->err.
 *
 * Error convention (every function that can fail):
 *   return 0 on success, a negative errno on failure (-ENOMEM, -EINVAL,
 *   -ENOENT, -EEXIST, -EFAULT ...) and the failure text, lowercase, failure
 *   first, subject quoted, in m->err (mm_err() writes it).  Callers print it.
 *
 * Memory: one allocation for the frame array at mm_machine_init(), a few per
 * kmem_cache / slab at creation.  Hot paths (buddy alloc/free, object
 * alloc/free) never call malloc.
 *
 * Extension points for part 2 (sim2: sim/vm.c fault.c oom.c reclaim.c):
 *   - m->ext is an opaque pointer owned by part 2 (process table ...);
 *     m->ext_free is called by mm_machine_free() to release it.
 *   - frames carry flags (PG_*), refcount, mapcount, order and owner;
 *     PG_anon/PG_lru/PG_active/PG_referenced ... are for part 2.
 *   - vmstat counters: enum mm_vmstat has the part-2 counters already.
 *   - mm_dmesg() appends a kernel log line (also sent as MM_EV_DMESG).
 *   - the scenario interpreter (scn.h) has tables part 2 fills.
 */
#ifndef MMSIM_MM_H
#define MMSIM_MM_H

#include <stddef.h>
#include <stdint.h>

#define MM_PAGE_SHIFT	12
#define MM_PAGE_SIZE	(1UL << MM_PAGE_SHIFT)
#define MM_MAX_ORDER	11		/* 6.1: orders 0..10, exclusive bound */
#define MM_NO_PFN	UINT32_MAX	/* list terminator / "no frame" */

/* Zones, in the kernel's order (lowest first).  Fallback goes downwards. */
enum mm_zone_type {
	MM_ZONE_DMA,		/* below 16 MiB */
	MM_ZONE_DMA32,		/* below 4 GiB */
	MM_ZONE_NORMAL,		/* above 4 GiB */
	MM_NR_ZONES,
};

/* Page flags (a subset of include/linux/page-flags.h plus sim bits). */
enum mm_page_flag {
	PG_buddy	= 1u << 0,	/* head of a free buddy block */
	/* head of an allocated compound block */
	PG_head		= 1u << 1,
	PG_tail		= 1u << 2,	/* tail page of an allocated block */
	PG_slab		= 1u << 3,	/* (head) page belongs to a slab */
	PG_reserved	= 1u << 4,	/* not given to the buddy allocator */
	PG_anon		= 1u << 5,	/* part 2: anonymous page */
	PG_lru		= 1u << 6,	/* part 2: on an LRU list */
	PG_active	= 1u << 7,	/* part 2: active LRU */
	PG_referenced	= 1u << 8,	/* part 2 */
	PG_dirty	= 1u << 9,	/* part 2 */
	PG_swapbacked	= 1u << 10,	/* part 2 */
	PG_zero		= 1u << 11,	/* part 2: the (huge) zero page */
	PG_file		= 1u << 12,	/* part 2: page-cache page */
	/* part 2: PageAnonExclusive (6.1 reuses PG_mappedtodisk): mapped by
	 * one process only, so a write may reuse it.  Per 4 KiB page: on
	 * the tail frames of a THP split into PTEs too. */
	PG_anon_exclusive = 1u << 13,
	PG_readahead	= 1u << 20,	/* simfile: async readahead marker */
};

/* Who owns an allocated frame (struct mm_page.owner_kind). */
enum mm_owner_kind {
	MM_OWNER_NONE,		/* free or reserved */
	/* alloc_pages from a scenario / kmalloc_large */
	MM_OWNER_KERNEL,
	MM_OWNER_SLAB,		/* owner = cache index */
	MM_OWNER_PROC,		/* part 2: owner = process id */
	MM_OWNER_PAGECACHE,	/* part 2: owner = file id */
};

/*
 * One frame's state: 32 bytes (the kernel's struct page is 64).
 * A block (free or allocated) keeps its state in its HEAD frame; tail
 * frames are not marked (PG_tail is never set by the allocator, to keep
 * alloc/free O(1) per block): use mm_page_head() to find a frame's head.
 * next/prev link free blocks (heads only) into the zone's free lists and
 * are free for the owner's use while the frame is allocated (part 2 LRU
 * lists may use them for head pages).
 */
struct mm_page {
	uint32_t flags;		/* PG_* */
	int32_t refcount;	/* page_ref_count(); 0 when free */
	int32_t mapcount;	/* page_mapcount(); 0 when unmapped */
	uint8_t order;		/* block order on a head (free or allocated) */
	uint8_t owner_kind;	/* enum mm_owner_kind */
	uint16_t zone;		/* enum mm_zone_type */
	uint32_t owner;		/* owner id (see owner_kind) */
	uint32_t next, prev;	/* list links (pfns) or MM_NO_PFN */
	uint32_t priv;		/* owner's private word (slab: slab index) */
};

/* A free list: doubly linked list of block heads by pfn. */
struct mm_free_area {
	uint32_t head, tail;
	unsigned long nr_free;
};

enum mm_wmark { MM_WMARK_MIN, MM_WMARK_LOW, MM_WMARK_HIGH, MM_NR_WMARK };

struct mm_zone {
	const char *name;		/* "DMA", "DMA32", "Normal" */
	uint32_t start_pfn;
	unsigned long spanned, present, managed;
	unsigned long nr_free;		/* NR_FREE_PAGES */
	unsigned long wmark[MM_NR_WMARK];
	/* lowmem_reserve[idx]: see mm_buddy_lowmem_reserve(); computed
	 * once the zones' managed pages are known, as the kernel's
	 * setup_per_zone_lowmem_reserve() stores it (idx 3 and 4, the
	 * empty Movable and Device zones, equal idx 2) */
	unsigned long lowmem_reserve[MM_NR_ZONES];
	struct mm_free_area free_area[MM_MAX_ORDER];
};

/* /proc/vmstat counters the simulator keeps (names in mm_vmstat_name()). */
enum mm_vmstat {
	MM_VM_PGALLOC_DMA, MM_VM_PGALLOC_DMA32, MM_VM_PGALLOC_NORMAL,
	MM_VM_PGFREE,
	MM_VM_ALLOCSTALL,		/* direct reclaim entered */
	MM_VM_KSWAPD_WAKE,		/* pageoutrun-like: kswapd woken */
	MM_VM_PGFAULT, MM_VM_PGMAJFAULT,	/* part 2 */
	MM_VM_THP_FAULT_ALLOC, MM_VM_THP_FAULT_FALLBACK, /* part 2 */
	MM_VM_PGSCAN_KSWAPD, MM_VM_PGSCAN_DIRECT,	/* part 2 */
	MM_VM_PGSTEAL_KSWAPD, MM_VM_PGSTEAL_DIRECT,	/* part 2 */
	MM_VM_OOM_KILL,			/* part 2 */
	MM_VM_COMPACT_STALL,
	MM_VM_THP_FAULT_FALLBACK_CHARGE,	/* part 2: THP (thp.c) */
	MM_VM_THP_SPLIT_PMD,
	MM_VM_THP_ZERO_PAGE_ALLOC,
	/* simfile: LRU, page cache, reclaim and swap (sim/lru.c) */
	MM_VM_NR_INACTIVE_ANON, MM_VM_NR_ACTIVE_ANON,	/* node gauges */
	MM_VM_NR_INACTIVE_FILE, MM_VM_NR_ACTIVE_FILE,
	MM_VM_NR_ANON_PAGES, MM_VM_NR_MAPPED, MM_VM_NR_FILE_PAGES,
	MM_VM_NR_DIRTY,
	MM_VM_PSWPIN, MM_VM_PSWPOUT,			/* events */
	MM_VM_PGACTIVATE, MM_VM_PGDEACTIVATE, MM_VM_PGREFILL,
	MM_VM_PGROTATED,
	/* NR_ANON_THPS in THPs, as /proc/vmstat prints it
	 * (nr_anon_transparent_hugepages) */
	MM_VM_NR_ANON_THPS,
	MM_NR_VMSTAT,
};

/* Event types delivered to the callback. */
enum mm_event_type {
	MM_EV_ALLOC,		/* buddy allocation done */
	MM_EV_FREE,		/* buddy free done */
	MM_EV_ALLOC_FAIL,	/* buddy allocation failed */
	MM_EV_WMARK,		/* watermark crossed: kswapd / direct reclaim */
	MM_EV_SLAB,		/* slab alloc/free/new slab/destroy */
	MM_EV_DMESG,		/* a kernel log line (text has no newline) */
	MM_EV_FAULT,		/* part 2: page fault */
	MM_EV_RECLAIM,		/* part 2 */
	MM_EV_OOM,		/* part 2 */
	MM_EV_INFO,		/* anything else worth telling */
};

/*
 * An event.  text is one line without newline; frames are the kernel call
 * path (outermost first, 6.1 function names, may carry "(args)"), nframes
 * may be 0.  Everything is valid only during the callback.
 */
struct mm_event {
	enum mm_event_type type;
	const char *text;
	const char *const *frames;
	int nframes;
};

typedef void (*mm_event_fn)(void *ctx, const struct mm_event *ev);

/*
 * The lock a user fault first runs under, which decides how a retried
 * fault is counted: MMAP (6.1): every VM_FAULT_RETRY is retried with
 * FAULT_FLAG_TRIED, counted major; VMA (6.4+ x86 per-VMA locks): a retry
 * of the VMA-locked attempt is marked TRIED only after VM_FAULT_MAJOR.
 */
enum mm_fault_lock { MM_FAULT_LOCK_MMAP, MM_FAULT_LOCK_VMA };

/* VM_READAHEAD_PAGES * 4: the default bdi read_ahead_kb (128 KiB). */
#define MM_READAHEAD_KB	128

/* THP mode of /sys/kernel/mm/transparent_hugepage/enabled. */
enum mm_thp { MM_THP_NEVER, MM_THP_MADVISE, MM_THP_ALWAYS };

/* Machine configuration (the `machine` scenario line). */
struct mm_config {
	uint64_t ram_bytes;		/* rounded down to 4 MiB (order 10) */
	long min_free_kbytes;		/* < 0: computed as the kernel does */
	enum mm_thp thp;
	uint64_t swap_bytes;
	int cpus;
	unsigned slub_debug;		/* slub_debug= boot flags for every
					 * cache (MM_SLAB_* of slub.h), 0 */
	long readahead_kb;		/* the files' bdi read_ahead_kb
					 * (ra_pages * 4); < 0: default */
	int fault_lock;			/* MM_FAULT_LOCK_*; < 0: default */
};

struct mm_slab_state;		/* slub.c */

struct mm_machine {
	struct mm_config cfg;
	uint32_t nr_pages;		/* frames 0 .. nr_pages-1 */
	struct mm_page *pages;
	struct mm_zone zones[MM_NR_ZONES];
	long min_free_kbytes;		/* effective value */
	unsigned long vmstat[MM_NR_VMSTAT];

	mm_event_fn event;		/* may be NULL */
	void *event_ctx;
	int trace;			/* nonzero: events carry frames */

	char err[256];			/* last failure text */

	char *dmesg;			/* kernel log, lines ending '\n' */
	size_t dmesg_len, dmesg_cap;

	struct mm_slab_state *slab;	/* SLUB state (slub.c) */

	/*
	 * Part 2 reclaim hook, may be NULL.  Called by the buddy allocator
	 * with direct=0 when a zone falls under low (wake kswapd: reclaim to
	 * high) and with direct=1 when an allocation fails the min watermark
	 * and the gfp may reclaim (direct reclaim); returns the number of
	 * frames it freed (the allocation is retried when > 0).
	 */
	unsigned long (*reclaim_hook)(struct mm_machine *m, unsigned order,
				      int gfp,
				      int direct);
	/*
	 * Part 2 OOM hook, may be NULL: __alloc_pages_may_oom() ->
	 * out_of_memory() for an allocation that reclaim could not satisfy
	 * and that may OOM-kill (order <= 3, reclaim allowed, no
	 * __GFP_NORETRY, not for DMA/DMA32 only).  Returns nonzero when it
	 * killed a task (the allocation is retried).
	 */
	int (*oom_hook)(struct mm_machine *m, unsigned order, unsigned gfp);
	int warn_alloc_done;		/* warn_alloc()'s ratelimit fired */
	void *ext;			/* part 2 state, owned by part 2 */
	void (*ext_free)(struct mm_machine *m);
};

/* ---- machine (mm.c) ---- */

/* Fill *cfg with the defaults: 64 MiB, auto min_free_kbytes, THP never,
 * no swap, 1 CPU. */
void mm_config_default(struct mm_config *cfg);

/*
 * Build the machine: frames, zones (DMA < 16M, DMA32 < 4G, Normal above),
 * every frame free in the buddy allocator, watermarks.  RAM must be
 * 4 MiB .. 64 GiB (below 16 MiB the machine has only ZONE_DMA).  Returns
 * 0 or -EINVAL/-ENOMEM (m->err says why); on failure the machine holds
 * nothing and mm_machine_free() is still safe.
 */
int mm_machine_init(struct mm_machine *m, const struct mm_config *cfg);
/* Release everything (slab caches, frames, dmesg, part-2 ext). */
void mm_machine_free(struct mm_machine *m);

/* Write the failure text into m->err and return err (a -errno). */
int mm_err(struct mm_machine *m, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Emit an event (no-op without a callback); frames only when m->trace. */
void mm_emit(struct mm_machine *m, enum mm_event_type type,
	     const char *const *frames, int nframes, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Append one line to the kernel log and emit MM_EV_DMESG. */
void mm_dmesg(struct mm_machine *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Name of a vmstat counter as in /proc/vmstat. */
const char *mm_vmstat_name(enum mm_vmstat item);
/* Total free pages over all zones. */
unsigned long mm_free_pages(const struct mm_machine *m);

/* ---- buddy allocator (buddy.c) ---- */

/* GFP flags the simulator understands. */
enum mm_gfp {
	MM_GFP_KERNEL,		/* may reclaim; stops at the min watermark */
	MM_GFP_ATOMIC,		/* no reclaim; may dip under min (min/2) */
	MM_GFP_DMA,		/* GFP_KERNEL | GFP_DMA: only ZONE_DMA */
	MM_GFP_DMA32,		/* GFP_KERNEL | GFP_DMA32: DMA32, DMA */
	MM_GFP_HIGHUSER_MOVABLE,	/* part 2: user pages (like KERNEL) */
	MM_GFP_NOWAIT,		/* no reclaim, stops at min (ALLOC_WMARK_MIN) */
	/* GFP_TRANSHUGE_LIGHT: user pages without any reclaim, not even
	 * kswapd's (a THP fault outside MADV_HUGEPAGE, defrag=madvise) */
	MM_GFP_TRANSHUGE_LIGHT,
};
/* Modifiers or-ed into an enum mm_gfp: the __GFP_ bits the simulator
 * knows.  MM_GFP_TYPE masks the enum back out. */
#define MM_GFP_TYPE	0xffu
#define MM_GFP_NOWARN	0x100u	/* __GFP_NOWARN: no warn_alloc() */
#define MM_GFP_NORETRY	0x200u	/* __GFP_NORETRY: no retry, no OOM */
/* "GFP_KERNEL", "GFP_KERNEL|GFP_DMA" ... (%pGg) of a gfp (modifiers
 * ignored). */
const char *mm_gfp_name(unsigned gfp);

/*
 * Allocate 2^order frames.  On success *pfn is the head frame: refcount 1,
 * PG_head set on the head when order > 0, owner set to (kind, owner);
 * tail frames are left as they are (see struct mm_page).  Zone fallback
 * Normal -> DMA32 -> DMA (as the gfp allows): every zone is tried against
 * its low watermark first (fast path), then against min (GFP_KERNEL) or
 * the reserve GFP_ATOMIC may use (min - min/2, less a quarter).  Failing
 * low emits MM_EV_WMARK (kswapd woken), failing min emits it for direct
 * reclaim.
 * @gfp is an enum mm_gfp, maybe or-ed with MM_GFP_NOWARN / _NORETRY.
 * Returns 0, -EINVAL (bad order) or -ENOMEM (m->err: "page allocation
 * failure: order:N, mode:...").  Does no reclaim itself: part 2 hooks
 * reclaim (m->reclaim_hook) and the OOM killer (m->oom_hook) into the
 * slow path, which calls them as __alloc_pages_slowpath() does before it
 * gives up; the warn_alloc() line goes to dmesg once (its ratelimit).
 */
int mm_buddy_alloc(struct mm_machine *m, unsigned order, unsigned gfp,
		   int owner_kind, uint32_t owner, uint32_t *pfn);
/* Free a block allocated with mm_buddy_alloc (head pfn, same order).
 * Returns 0 or -EINVAL (not an allocated head, or order mismatch). */
int mm_buddy_free(struct mm_machine *m, uint32_t pfn, unsigned order);

/*
 * Check the allocator's invariants: free lists consistent, every free block
 * aligned to its order and inside its zone, no two free blocks overlap,
 * no buddy pair both free at the same order, free + allocated = managed.
 * Returns 0 or -EFAULT with the first broken rule in m->err.
 */
int mm_buddy_check(struct mm_machine *m);

/* Head frame of the free or allocated block holding pfn, or MM_NO_PFN.
 * Heads only: slab pages also carry their slab in every frame's priv. */
uint32_t mm_page_head(const struct mm_machine *m, uint32_t pfn);

/* Largest order with a free block in any zone, or -1. */
int mm_buddy_max_free_order(const struct mm_machine *m);

/* Put every frame into the free lists as max-order blocks (boot). */
void mm_buddy_init_free(struct mm_machine *m);
/* Recompute watermarks from m->min_free_kbytes (setup_per_zone_wmarks). */
void mm_buddy_setup_wmarks(struct mm_machine *m);
/*
 * zone->lowmem_reserve[idx] of zone zi (setup_per_zone_lowmem_reserve):
 * pages of zi kept from requests that may use zones up to idx; idx 3 and
 * 4 are the (always empty) Movable and Device zones.
 */
unsigned long mm_buddy_lowmem_reserve(struct mm_machine *m, int zi, int idx);
/* The kernel's default min_free_kbytes for this machine. */
long mm_buddy_default_min_free_kbytes(const struct mm_machine *m);

/* Zone of a frame. */
static inline struct mm_zone *mm_page_zone(struct mm_machine *m, uint32_t pfn)
{
	return &m->zones[m->pages[pfn].zone];
}

/* ---- output formats (proc.c); each appends to a buffer ---- */

/* A growable text buffer (libc malloc; on failure .oom is set). */
struct mm_buf {
	char *s;
	size_t len, cap;
	int oom;
};
void mm_buf_printf(struct mm_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void mm_buf_free(struct mm_buf *b);

void mm_proc_buddyinfo(struct mm_machine *m, struct mm_buf *b);
void mm_proc_zoneinfo(struct mm_machine *m, struct mm_buf *b);
void mm_proc_vmstat(struct mm_machine *m, struct mm_buf *b);

#endif
