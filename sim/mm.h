/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mm.h - libmmsim: a simulated x86_64 machine's physical memory.
 *
 * One node, 4 KiB pages, zones as on x86_64 (DMA below 16M, DMA32 below
 * 4G, Normal above), a struct mm_page per frame and the buddy allocator of
 * mm/page_alloc.c (6.1).  The library uses libc only, never prints and
 * never exits: events (and the kernel call path they take) are reported
 * through a callback, formatted /proc files are written into caller
 * buffers, and every fallible function returns 0 or -errno with a message
 * in the machine's error buffer (mm_error()).
 *
 * Not modelled: per-CPU page lists (orders 0-3 go straight to and from the
 * zone free lists, so /proc/buddyinfo changes at once, where a real kernel
 * shows the change only after a pcp batch drain), memory holes, reserved
 * pages (every page of every zone is managed), migrate types and page
 * shuffling.
 */
#ifndef MMSIM_MM_H
#define MMSIM_MM_H

#include <stddef.h>
#include <stdint.h>

#define MM_PAGE_SHIFT	12
#define MM_PAGE_SIZE	(1UL << MM_PAGE_SHIFT)
#define MM_MAX_ORDER	11	/* orders 0..10, exclusive bound as in 6.1 */
#define MM_ERR_LEN	256

enum mm_zone_type {
	MM_ZONE_DMA,
	MM_ZONE_DMA32,
	MM_ZONE_NORMAL,
	MM_NR_ZONES,
};

enum mm_wmark {
	MM_WMARK_MIN,
	MM_WMARK_LOW,
	MM_WMARK_HIGH,
	MM_NR_WMARK,
};

/* Page flags (a subset of enum pageflags). */
#define MM_PG_BUDDY	(1U << 0)	/* head of a free buddy block */
#define MM_PG_HEAD	(1U << 1)	/* head of an allocated block */
#define MM_PG_TAIL	(1U << 2)	/* tail page of an allocated block */
#define MM_PG_SLAB	(1U << 3)	/* owned by a slab cache */

/* Allocation flags: GFP_KERNEL may reclaim; GFP_ATOMIC may not but may
 * dip below the min watermark (ALLOC_HIGH in 6.1). */
enum mm_gfp {
	MM_GFP_KERNEL,
	MM_GFP_ATOMIC,
};

/* Free-list links are frame numbers; MM_NO_PFN ends a list. */
#define MM_NO_PFN	UINT32_MAX

/* The state of one 4 KiB frame: 24 bytes, so 1 GiB costs 6 MiB. */
struct mm_page {
	uint32_t next, prev;	/* free-list links (heads of free blocks) */
	uint16_t flags;		/* MM_PG_* */
	uint8_t order;		/* order of the block this page heads */
	uint8_t zone;		/* enum mm_zone_type */
	int32_t refcount;	/* 1 for an allocated head, 0 free */
	int32_t mapcount;	/* -1 = unmapped, as page->_mapcount */
	uint32_t owner;		/* caller's tag (scenario object id), 0 none */
};

struct mm_free_area {
	uint32_t head;		/* first pfn, MM_NO_PFN when empty */
	uint32_t tail;
	unsigned long nr_free;
};

struct mm_zone {
	const char *name;	/* "DMA", "DMA32", "Normal" */
	uint32_t start_pfn;
	uint32_t spanned;	/* 0 for an absent zone */
	unsigned long managed;
	unsigned long nr_free;
	unsigned long wmark[MM_NR_WMARK];
	struct mm_free_area free_area[MM_MAX_ORDER];
};

/* /proc/vmstat counters the simulator maintains. */
struct mm_vmstat {
	unsigned long pgalloc[MM_NR_ZONES];	/* pages, as the kernel */
	unsigned long pgfree;
	unsigned long allocstall;	/* direct reclaim entered */
	unsigned long kswapd_wake;	/* not in /proc/vmstat, for expect */
	unsigned long alloc_fail;	/* not in /proc/vmstat, for expect */
};

enum mm_event_type {
	MM_EV_ALLOC,		/* pages allocated */
	MM_EV_FREE,		/* pages freed */
	MM_EV_SPLIT,		/* expand() put a high half on a free list */
	MM_EV_MERGE,		/* __free_one_page merged with its buddy */
	MM_EV_WMARK,		/* a watermark crossing (kswapd, reclaim) */
	MM_EV_FAIL,		/* an allocation failed */
	MM_EV_TRACE,		/* text: a kernel call path */
	MM_EV_DMESG,		/* text: a kernel log line */
};

struct mm_event {
	enum mm_event_type type;
	int zone;
	unsigned long pfn;
	unsigned int order;
	const char *text;	/* valid only during the callback */
};

typedef void mm_event_fn(const struct mm_event *ev, void *data);

struct mm_machine {
	unsigned long ram_bytes;
	unsigned long nr_pages;
	unsigned long min_free_kbytes;
	struct mm_page *pages;		/* nr_pages entries */
	struct mm_zone zones[MM_NR_ZONES];
	struct mm_vmstat vm;
	mm_event_fn *event;		/* may be NULL */
	void *event_data;
	int trace;			/* emit MM_EV_TRACE events */
	int booting;			/* frees go to the tail (FPI_TO_TAIL) */
	char err[MM_ERR_LEN];
};

/*
 * Create a machine with @ram_bytes of RAM (a multiple of 4 KiB, at least
 * 16 MiB, at most 64 GiB), all pages free.  @min_free_kbytes 0 means
 * "auto" (sqrt(lowmem_kbytes * 16) clamped to 128..262144, as
 * init_per_zone_wmark_min()).  Returns the machine (free with
 * mm_machine_destroy) or NULL with errno set and, if @err is not NULL, a
 * message in @err (MM_ERR_LEN bytes).
 */
struct mm_machine *mm_machine_create(unsigned long ram_bytes,
				     unsigned long min_free_kbytes, char *err);
void mm_machine_destroy(struct mm_machine *m);

/* Route events to @fn (NULL: drop them); @trace adds MM_EV_TRACE paths. */
void mm_machine_set_event(struct mm_machine *m, mm_event_fn *fn, void *data,
			  int trace);

/* The message of the last failure (empty string if none). */
const char *mm_error(const struct mm_machine *m);

/* Set the error message; returns @err (a negative errno) for chaining. */
int mm_set_error(struct mm_machine *m, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Send an event; a no-op without a callback. */
void mm_emit(struct mm_machine *m, enum mm_event_type type, int zone,
	     unsigned long pfn, unsigned int order, const char *text);

/* Parse "64M", "4G", "16p", "4096" (bytes); returns 0 or -EINVAL. */
int mm_parse_size(const char *s, unsigned long *bytes);

/* --- buddy.c ----------------------------------------------------------- */

/* Recompute min_free_kbytes (0 = auto) and every zone's watermarks. */
void mm_buddy_set_min_free(struct mm_machine *m, unsigned long kbytes);

/*
 * Allocate 2^@order pages (__alloc_pages): zones Normal -> DMA32 -> DMA,
 * each while its free pages stay above the watermark the request may use.
 * Returns the first pfn in *@pfn and 0, or -ENOMEM / -EINVAL with a
 * message.  @owner tags the head page.
 */
int mm_buddy_alloc(struct mm_machine *m, unsigned int order, enum mm_gfp gfp,
		   uint32_t owner, unsigned long *pfn);

/* Free the block headed by @pfn (__free_pages); -EINVAL if not allocated. */
int mm_buddy_free(struct mm_machine *m, unsigned long pfn);

/*
 * zone->lowmem_reserve[@idx] of zone @z (setup_per_zone_lowmem_reserve):
 * pages of zone @z kept back from requests that could use zone @idx.
 * @idx 3 and 4 are the (empty) Movable and Device zones.
 */
unsigned long mm_buddy_lowmem_reserve(const struct mm_machine *m, int z,
				      int idx);

/* Zone of @pfn. */
int mm_buddy_zone_of(const struct mm_machine *m, unsigned long pfn);

/*
 * Check the allocator's invariants (free lists consistent with page flags,
 * blocks aligned to their order and inside their zone, no two blocks
 * overlapping, free + used = managed).  0 or -EFAULT with a message.
 */
int mm_buddy_check(struct mm_machine *m);

/* --- proc.c: /proc files in the kernel's formats ------------------------ */

/*
 * Each writes the file into @buf (@size bytes, always NUL-terminated when
 * @size > 0) and returns the length the whole text needs, like snprintf.
 */
size_t mm_proc_buddyinfo(const struct mm_machine *m, char *buf, size_t size);
size_t mm_proc_zoneinfo(const struct mm_machine *m, char *buf, size_t size);
size_t mm_proc_vmstat(const struct mm_machine *m, char *buf, size_t size);

#endif
