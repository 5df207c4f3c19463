// SPDX-License-Identifier: GPL-2.0
/*
 * buddy.c - the buddy page allocator of mm/page_alloc.c (6.1): per-zone
 * free lists by order, __rmqueue_smallest + expand on allocation,
 * __free_one_page merging on free, watermarks from min_free_kbytes, the
 * lowmem reserve, and the fast path / slow path split of __alloc_pages.
 */
#include <errno.h>
#include <stdio.h>

#include "mm.h"

/* sysctl_lowmem_reserve_ratio: DMA 256, DMA32 256, Normal 32. */
static const unsigned long buddy_reserve_ratio[MM_NR_ZONES] = {
	256, 256, 32,
};

/* ALLOC_* bits of mm/internal.h that the simulator uses. */
#define BUDDY_WMARK_MIN		0
#define BUDDY_WMARK_LOW		1
#define BUDDY_MIN_RESERVE	0x10	/* __GFP_HIGH: min -= min / 2 */
#define BUDDY_NON_BLOCK		0x20	/* cannot reclaim: min -= min / 4 */

/* Unlink free block @pfn of @order from its zone's list. */
static void buddy_del(struct mm_machine *m, struct mm_zone *zone,
		      unsigned long pfn, unsigned int order)
{
	struct mm_free_area *area = &zone->free_area[order];
	struct mm_page *p = &m->pages[pfn];

	if (p->prev != MM_NO_PFN)
		m->pages[p->prev].next = p->next;
	else
		area->head = p->next;
	if (p->next != MM_NO_PFN)
		m->pages[p->next].prev = p->prev;
	else
		area->tail = p->prev;
	p->next = p->prev = MM_NO_PFN;
	p->flags &= ~MM_PG_BUDDY;
	area->nr_free--;
	zone->nr_free -= 1UL << order;
}

/* Put free block @pfn of @order at the head (or tail) of its list. */
static void buddy_add(struct mm_machine *m, struct mm_zone *zone,
		      unsigned long pfn, unsigned int order, int to_tail)
{
	struct mm_free_area *area = &zone->free_area[order];
	struct mm_page *p = &m->pages[pfn];

	p->flags = MM_PG_BUDDY;
	p->order = order;
	p->refcount = 0;
	p->owner = 0;
	if (to_tail) {
		p->next = MM_NO_PFN;
		p->prev = area->tail;
		if (area->tail != MM_NO_PFN)
			m->pages[area->tail].next = pfn;
		else
			area->head = pfn;
		area->tail = pfn;
	} else {
		p->prev = MM_NO_PFN;
		p->next = area->head;
		if (area->head != MM_NO_PFN)
			m->pages[area->head].prev = pfn;
		else
			area->tail = pfn;
		area->head = pfn;
	}
	area->nr_free++;
	zone->nr_free += 1UL << order;
}

/* page_is_buddy(): @pfn heads a free block of @order in zone @z. */
static int buddy_is_free(const struct mm_machine *m, unsigned long pfn,
			 unsigned int order, int z)
{
	const struct mm_page *p;

	if (pfn >= m->nr_pages)
		return 0;
	p = &m->pages[pfn];
	return (p->flags & MM_PG_BUDDY) && p->order == order && p->zone == z;
}

int mm_buddy_zone_of(const struct mm_machine *m, unsigned long pfn)
{
	return m->pages[pfn].zone;
}

void mm_buddy_set_min_free(struct mm_machine *m, unsigned long kbytes)
{
	unsigned long lowmem = 0, pages_min;
	int z;

	for (z = 0; z < MM_NR_ZONES; z++)
		lowmem += m->zones[z].managed;
	if (!kbytes) {
		/* calculate_min_free_kbytes(): int_sqrt(lowmem_kb * 16) */
		unsigned long long v = (unsigned long long)lowmem * 4 * 16;
		unsigned long r = 0;

		while ((unsigned long long)(r + 1) * (r + 1) <= v)
			r++;
		kbytes = r < 128 ? 128 : r > 262144 ? 262144 : r;
	}
	m->min_free_kbytes = kbytes;
	pages_min = kbytes >> (MM_PAGE_SHIFT - 10);
	/* __setup_per_zone_wmarks(), watermark_scale_factor 10 */
	for (z = 0; z < MM_NR_ZONES; z++) {
		struct mm_zone *zone = &m->zones[z];
		unsigned long tmp, scale;

		tmp = (unsigned long)((unsigned long long)pages_min *
				      zone->managed / lowmem);
		zone->wmark[MM_WMARK_MIN] = tmp;
		scale = (unsigned long)((unsigned long long)zone->managed *
					10 / 10000);
		tmp = (tmp >> 2) > scale ? tmp >> 2 : scale;
		zone->wmark[MM_WMARK_LOW] = zone->wmark[MM_WMARK_MIN] + tmp;
		zone->wmark[MM_WMARK_HIGH] = zone->wmark[MM_WMARK_LOW] + tmp;
	}
}

/*
 * zone->lowmem_reserve[@idx] as setup_per_zone_lowmem_reserve() computes
 * it; @idx may be MM_NR_ZONES and MM_NR_ZONES + 1 (Movable, Device:
 * both empty here).
 */
unsigned long mm_buddy_lowmem_reserve(const struct mm_machine *m, int z,
				      int idx)
{
	unsigned long managed = 0;
	int j;

	if (idx <= z || z >= MM_NR_ZONES || !m->zones[z].managed)
		return 0;
	for (j = z + 1; j <= idx && j < MM_NR_ZONES; j++)
		managed += m->zones[j].managed;
	return managed / buddy_reserve_ratio[z];
}

/* __zone_watermark_ok() for highest_zoneidx Normal. */
static int buddy_wmark_ok(const struct mm_machine *m, int z,
			  unsigned int order, unsigned long mark, int flags)
{
	const struct mm_zone *zone = &m->zones[z];
	long free_pages = (long)zone->nr_free - ((1L << order) - 1);
	long min = (long)mark;
	unsigned int o;

	if (flags & BUDDY_MIN_RESERVE) {
		min -= min / 2;
		if (flags & BUDDY_NON_BLOCK)
			min -= min / 4;
	}
	if (free_pages <= min + (long)mm_buddy_lowmem_reserve(m, z,
							      MM_ZONE_NORMAL))
		return 0;
	if (!order)
		return 1;
	for (o = order; o < MM_MAX_ORDER; o++)
		if (zone->free_area[o].nr_free)
			return 1;
	return 0;
}

/* __rmqueue_smallest() + expand(): take a block, split off high halves. */
static unsigned long buddy_rmqueue(struct mm_machine *m, int z,
				   unsigned int order)
{
	struct mm_zone *zone = &m->zones[z];
	unsigned int cur, high;
	unsigned long pfn;
	char line[160];

	for (cur = order; cur < MM_MAX_ORDER; cur++)
		if (zone->free_area[cur].head != MM_NO_PFN)
			break;
	if (cur == MM_MAX_ORDER)
		return MM_NO_PFN;
	pfn = zone->free_area[cur].head;
	buddy_del(m, zone, pfn, cur);
	if (m->trace) {
		snprintf(line, sizeof(line),
			 "  -> rmqueue -> __rmqueue_smallest(zone %s, order %u): takes pfn %#lx from free_area[%u]",
			 zone->name, order, pfn, cur);
		mm_emit(m, MM_EV_TRACE, z, pfn, cur, line);
	}
	for (high = cur; high > order; ) {
		unsigned long half;

		high--;
		half = pfn + (1UL << high);
		buddy_add(m, zone, half, high, 0);
		if (m->trace) {
			snprintf(line, sizeof(line),
				 "  -> expand: high half pfn %#lx to free_area[%u]",
				 half, high);
			mm_emit(m, MM_EV_TRACE, z, half, high, line);
		}
		mm_emit(m, MM_EV_SPLIT, z, half, high, NULL);
	}
	return pfn;
}

/* get_page_from_freelist(): zones Normal -> DMA32 -> DMA. */
static unsigned long buddy_from_freelist(struct mm_machine *m,
					 unsigned int order, int wmark,
					 int flags, int *zone_out)
{
	int z;

	for (z = MM_NR_ZONES - 1; z >= 0; z--) {
		unsigned long pfn;

		if (!m->zones[z].managed)
			continue;
		if (!buddy_wmark_ok(m, z, order, m->zones[z].wmark[wmark],
				    flags))
			continue;
		pfn = buddy_rmqueue(m, z, order);
		if (pfn != MM_NO_PFN) {
			*zone_out = z;
			return pfn;
		}
	}
	return MM_NO_PFN;
}

/* wake_all_kswapds(): kswapd0 would reclaim until high (part 2). */
static void buddy_wake_kswapd(struct mm_machine *m)
{
	const struct mm_zone *zone = &m->zones[MM_NR_ZONES - 1];
	char line[160];
	int z;

	for (z = MM_NR_ZONES - 1; z > 0 && !zone->managed; z--)
		zone = &m->zones[z - 1];
	m->vm.kswapd_wake++;
	snprintf(line, sizeof(line),
		 "kswapd0 woken: zone %s free %lu, low %lu, high %lu",
		 zone->name, zone->nr_free, zone->wmark[MM_WMARK_LOW],
		 zone->wmark[MM_WMARK_HIGH]);
	mm_emit(m, MM_EV_WMARK, z, 0, 0, line);
	mm_emit(m, MM_EV_TRACE, z, 0, 0,
		"  -> __alloc_pages_slowpath -> wake_all_kswapds -> wakeup_kswapd");
}

/* Account and tag an allocated block. */
static void buddy_prep(struct mm_machine *m, unsigned long pfn,
		       unsigned int order, int z, uint32_t owner)
{
	struct mm_page *p = &m->pages[pfn];
	unsigned long i;

	p->flags = MM_PG_HEAD;
	p->order = order;
	p->refcount = 1;
	p->mapcount = -1;
	p->owner = owner;
	for (i = 1; i < (1UL << order); i++)
		m->pages[pfn + i].flags = MM_PG_TAIL;
	m->vm.pgalloc[z] += 1UL << order;
	mm_emit(m, MM_EV_ALLOC, z, pfn, order, NULL);
}

/* warn_alloc()'s first line, as dmesg shows it. */
static int buddy_fail(struct mm_machine *m, unsigned int order,
		      enum mm_gfp gfp)
{
	char line[160];

	m->vm.alloc_fail++;
	snprintf(line, sizeof(line),
		 "memdrill: page allocation failure: order:%u, mode:%s, nodemask=(null)",
		 order, gfp == MM_GFP_ATOMIC ? "0xa20(GFP_ATOMIC)" :
		 "0xcc0(GFP_KERNEL)");
	mm_emit(m, MM_EV_DMESG, -1, 0, order, line);
	mm_emit(m, MM_EV_FAIL, -1, 0, order, NULL);
	return mm_set_error(m, -ENOMEM,
			    "cannot allocate order-%u block: no zone above its watermark with a free block",
			    order);
}

int mm_buddy_alloc(struct mm_machine *m, unsigned int order, enum mm_gfp gfp,
		   uint32_t owner, unsigned long *pfn_out)
{
	unsigned long pfn;
	int z = 0, flags;

	if (order >= MM_MAX_ORDER)
		return mm_set_error(m, -EINVAL,
				    "cannot allocate order %u: orders are 0-%d",
				    order, MM_MAX_ORDER - 1);
	if (m->trace) {
		char line[160];

		snprintf(line, sizeof(line),
			 "  alloc_pages -> __alloc_pages(%s, order=%u) -> get_page_from_freelist (ALLOC_WMARK_LOW)",
			 gfp == MM_GFP_ATOMIC ? "GFP_ATOMIC" : "GFP_KERNEL",
			 order);
		mm_emit(m, MM_EV_TRACE, -1, 0, order, line);
	}
	pfn = buddy_from_freelist(m, order, BUDDY_WMARK_LOW, 0, &z);
	if (pfn != MM_NO_PFN)
		goto got;
	/* __alloc_pages_slowpath: kswapd, then the min watermark */
	buddy_wake_kswapd(m);
	flags = gfp == MM_GFP_ATOMIC ? BUDDY_MIN_RESERVE | BUDDY_NON_BLOCK : 0;
	mm_emit(m, MM_EV_TRACE, -1, 0, order,
		"  -> get_page_from_freelist (ALLOC_WMARK_MIN)");
	pfn = buddy_from_freelist(m, order, BUDDY_WMARK_MIN, flags, &z);
	if (pfn != MM_NO_PFN)
		goto got;
	if (gfp == MM_GFP_ATOMIC)
		return buddy_fail(m, order, gfp);
	/* direct reclaim: nothing reclaimable in part 1 */
	m->vm.allocstall++;
	mm_emit(m, MM_EV_WMARK, -1, 0, order,
		"direct reclaim: the allocating task reclaims (allocstall_normal); nothing is reclaimable here");
	mm_emit(m, MM_EV_TRACE, -1, 0, order,
		"  -> __alloc_pages_direct_reclaim -> __perform_reclaim -> try_to_free_pages");
	return buddy_fail(m, order, gfp);
got:
	buddy_prep(m, pfn, order, z, owner);
	*pfn_out = pfn;
	return 0;
}

/* __free_one_page(): merge upwards, then head or tail placement. */
static void buddy_free_one(struct mm_machine *m, unsigned long pfn,
			   unsigned int order, int z)
{
	struct mm_zone *zone = &m->zones[z];
	int to_tail = m->booting;

	while (order < MM_MAX_ORDER - 1) {
		unsigned long buddy = pfn ^ (1UL << order);

		if (!buddy_is_free(m, buddy, order, z))
			break;
		buddy_del(m, zone, buddy, order);
		m->pages[buddy].flags = 0;
		if (m->trace) {
			char line[120];

			snprintf(line, sizeof(line),
				 "  -> __free_one_page: merge pfn %#lx with buddy %#lx at order %u",
				 pfn, buddy, order);
			mm_emit(m, MM_EV_TRACE, z, pfn, order, line);
		}
		mm_emit(m, MM_EV_MERGE, z, pfn & buddy, order + 1, NULL);
		m->pages[pfn].flags = 0;
		pfn &= buddy;
		order++;
	}
	/* buddy_merge_likely(): is the parent's buddy free? */
	if (!to_tail && order < MM_MAX_ORDER - 2) {
		unsigned long higher = pfn & ~(1UL << order);

		to_tail = buddy_is_free(m, higher ^ (1UL << (order + 1)),
					order + 1, z);
	}
	buddy_add(m, zone, pfn, order, to_tail);
}

int mm_buddy_free(struct mm_machine *m, unsigned long pfn)
{
	struct mm_page *p;
	unsigned int order;
	unsigned long i;
	int z;

	if (pfn >= m->nr_pages || !(m->pages[pfn].flags & MM_PG_HEAD))
		return mm_set_error(m, -EINVAL,
				    "cannot free pfn %#lx: not the head of an allocated block",
				    pfn);
	p = &m->pages[pfn];
	order = p->order;
	z = p->zone;
	for (i = 1; i < (1UL << order); i++)
		m->pages[pfn + i].flags = 0;
	p->flags = 0;
	p->refcount = 0;
	m->vm.pgfree += 1UL << order;
	mm_emit(m, MM_EV_TRACE, z, pfn, order,
		"  __free_pages -> free_the_page -> __free_pages_ok -> free_one_page -> __free_one_page");
	buddy_free_one(m, pfn, order, z);
	mm_emit(m, MM_EV_FREE, z, pfn, order, NULL);
	return 0;
}

/* Walk zone @z's frames in block steps checking what the lists say. */
static int buddy_check_zone(struct mm_machine *m, int z)
{
	struct mm_zone *zone = &m->zones[z];
	unsigned long pfn = zone->start_pfn, end = pfn + zone->spanned;
	unsigned long free = 0, used = 0, listed = 0, blocks = 0;
	unsigned int o;

	for (o = 0; o < MM_MAX_ORDER; o++) {
		unsigned long n = 0, q;

		for (q = zone->free_area[o].head; q != MM_NO_PFN;
		     q = m->pages[q].next) {
			if (!buddy_is_free(m, q, o, z) || (q & ((1UL << o) - 1)) ||
			    q < zone->start_pfn || q + (1UL << o) > end)
				return mm_set_error(m, -EFAULT,
						    "zone %s: bad free block pfn %#lx order %u",
						    zone->name, q, o);
			if (++n > zone->spanned)
				return mm_set_error(m, -EFAULT,
						    "zone %s: free list %u loops",
						    zone->name, o);
		}
		if (n != zone->free_area[o].nr_free)
			return mm_set_error(m, -EFAULT,
					    "zone %s: free_area[%u].nr_free %lu, list has %lu",
					    zone->name, o,
					    zone->free_area[o].nr_free, n);
		listed += n << o;
		blocks += n;
	}
	while (pfn < end) {
		struct mm_page *p = &m->pages[pfn];
		unsigned long n = 1UL << p->order, i;

		if (!(p->flags & (MM_PG_BUDDY | MM_PG_HEAD)))
			return mm_set_error(m, -EFAULT,
					    "zone %s: pfn %#lx is inside no block",
					    zone->name, pfn);
		if (pfn & (n - 1) || pfn + n > end)
			return mm_set_error(m, -EFAULT,
					    "zone %s: block pfn %#lx order %u misaligned",
					    zone->name, pfn, p->order);
		for (i = 1; i < n; i++)
			if (m->pages[pfn + i].flags & (MM_PG_BUDDY | MM_PG_HEAD))
				return mm_set_error(m, -EFAULT,
						    "zone %s: blocks overlap at pfn %#lx",
						    zone->name, pfn + i);
		if (p->flags & MM_PG_BUDDY) {
			free += n;
			blocks--;
		} else {
			used += n;
		}
		pfn += n;
	}
	if (free != zone->nr_free || listed != free || blocks ||
	    free + used != zone->managed)
		return mm_set_error(m, -EFAULT,
				    "zone %s: free %lu + used %lu != managed %lu (nr_free %lu)",
				    zone->name, free, used, zone->managed,
				    zone->nr_free);
	return 0;
}

int mm_buddy_check(struct mm_machine *m)
{
	int z, ret;

	for (z = 0; z < MM_NR_ZONES; z++) {
		ret = buddy_check_zone(m, z);
		if (ret)
			return ret;
	}
	return 0;
}
