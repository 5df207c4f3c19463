// SPDX-License-Identifier: GPL-2.0
/*
 * floor.c - the baselines of `memdrill sim bench` (see floor.h): the
 * work the simulator must do for the bench's operations, written as
 * plainly as it can be written and no plainer.  They once were bare
 * free lists (no split, no merge, one freelist for all objects, a flat
 * page table of one level): that measured the simulator against an
 * allocator doing strictly less than the kernel it models, so a ratio
 * of 0.6x could not be reached without dropping what /proc/buddyinfo,
 * slabinfo and the page-table counts show.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/floor.h"

#define FLOOR_NONE	UINT32_MAX
#define FLOOR_BUDDY	1U
#define FLOOR_HEAD	2U
#define FLOOR_SLAB	4U
#define FLOOR_ANON	8U		/* anon | swapbacked | exclusive */
#define FLOOR_LRU	16U
#define FLOOR_BASE	0xffff888000000000ULL	/* the direct map */

#define PTE_P		1ULL
#define PTE_RW		2ULL
#define PTE_BITS	(PTE_P | (1ULL << 2) | (1ULL << 5) | (1ULL << 63))
#define PTE_WBITS	(PTE_RW | (1ULL << 6))

struct floor_slab {
	uint32_t pfn, objects, inuse;
	uint64_t vaddr, freelist;	/* first free object, 0 none */
	uint8_t *mem;
	uint64_t *allocated;		/* one bit per object */
	int32_t next, prev;
	uint8_t on_partial;
};

/* A table page: entries of the leaf level, pointers above it. */
struct floor_pt {
	union {
		uint64_t pte[512];
		struct floor_pt *next[512];
	};
	uint32_t pfn;
};

/* ---- buddy ----
 *
 * The list helpers are always inline, as the simulator's are: a call
 * the simulator does not pay must not be left in the baseline. */

static inline __attribute__((always_inline)) void
floor_list_del(struct floor *f, uint32_t pfn, unsigned order)
{
	struct floor_page *p = &f->pages[pfn];

	if (p->prev != FLOOR_NONE)
		f->pages[p->prev].next = p->next;
	else
		f->head[order] = p->next;
	if (p->next != FLOOR_NONE)
		f->pages[p->next].prev = p->prev;
	else
		f->tail[order] = p->prev;
	p->flags &= ~FLOOR_BUDDY;
	f->nr_free[order]--;
	f->zone_free -= 1UL << order;
}

static inline __attribute__((always_inline)) void
floor_list_add(struct floor *f, uint32_t pfn, unsigned order, int tail)
{
	struct floor_page *p = &f->pages[pfn];

	p->flags = FLOOR_BUDDY;
	p->order = (uint8_t)order;
	p->refcount = 0;
	p->mapcount = 0;
	if (tail) {
		p->next = FLOOR_NONE;
		p->prev = f->tail[order];
		if (p->prev != FLOOR_NONE)
			f->pages[p->prev].next = pfn;
		else
			f->head[order] = pfn;
		f->tail[order] = pfn;
	} else {
		p->prev = FLOOR_NONE;
		p->next = f->head[order];
		if (p->next != FLOOR_NONE)
			f->pages[p->next].prev = pfn;
		else
			f->tail[order] = pfn;
		f->head[order] = pfn;
	}
	f->nr_free[order]++;
	f->zone_free += 1UL << order;
}

static int floor_is_buddy(struct floor *f, uint32_t pfn, unsigned order)
{
	return pfn < f->nr_pages && (f->pages[pfn].flags & FLOOR_BUDDY) &&
	       f->pages[pfn].order == order;
}

int floor_init(struct floor *f, uint32_t nr_pages, unsigned long low)
{
	uint32_t pfn;
	unsigned o;

	memset(f, 0, sizeof(*f));
	f->pages = calloc(nr_pages, sizeof(*f->pages));
	if (!f->pages)
		return -1;
	f->nr_pages = nr_pages;
	f->low = low;
	for (o = 0; o < MM_MAX_ORDER; o++)
		f->head[o] = f->tail[o] = FLOOR_NONE;
	for (pfn = 0; pfn < nr_pages; pfn += 1U << (MM_MAX_ORDER - 1))
		floor_list_add(f, pfn, MM_MAX_ORDER - 1, 1);
	f->free_slot = f->cpu = f->partial_head = f->partial_tail = -1;
	f->lru_head = f->lru_tail = FLOOR_NONE;
	return 0;
}

int floor_alloc(struct floor *f, unsigned order, uint32_t *pfn)
{
	unsigned cur;
	uint32_t i;
	struct floor_page *p;

	/* the low watermark (one zone: no zonelist, no lowmem_reserve) */
	if ((long)f->zone_free - ((1L << order) - 1) <= (long)f->low)
		return -1;
	for (cur = order; cur < MM_MAX_ORDER; cur++)
		if (f->head[cur] != FLOOR_NONE)
			break;
	if (cur == MM_MAX_ORDER)
		return -1;
	i = f->head[cur];
	floor_list_del(f, i, cur);
	while (cur > order) {		/* expand() */
		cur--;
		floor_list_add(f, i + (1U << cur), cur, 0);
	}
	p = &f->pages[i];
	p->flags = order ? FLOOR_HEAD : 0;
	p->order = (uint8_t)order;
	p->refcount = 1;
	p->mapcount = 0;
	f->pgalloc += 1UL << order;
	*pfn = i;
	return 0;
}

int floor_free(struct floor *f, uint32_t pfn, unsigned order)
{
	struct floor_page *p;
	uint32_t buddy;
	int tail = 0;

	if (pfn >= f->nr_pages || order >= MM_MAX_ORDER)
		return -1;
	p = &f->pages[pfn];
	if ((p->flags & FLOOR_BUDDY) || p->refcount <= 0 ||
	    p->order != order)
		return -1;
	p->flags = 0;
	p->refcount = 0;
	f->pgfree += 1UL << order;
	while (order < MM_MAX_ORDER - 1) {	/* __free_one_page() */
		buddy = pfn ^ (1U << order);
		if (!floor_is_buddy(f, buddy, order))
			break;
		floor_list_del(f, buddy, order);
		f->pages[buddy].order = 0;
		pfn &= buddy;
		order++;
	}
	if (order < MM_MAX_ORDER - 2) {		/* buddy_merge_likely() */
		uint32_t higher = (pfn ^ (1U << order)) & pfn;

		tail = floor_is_buddy(f, higher ^ (1U << (order + 1)),
				      order + 1);
	}
	floor_list_add(f, pfn, order, tail);
	return 0;
}

/* ---- slab ---- */

static void floor_partial_add(struct floor *f, int i)
{
	struct floor_slab *sl = &f->slabs[i];

	if (sl->on_partial)
		return;
	sl->on_partial = 1;
	sl->next = -1;
	sl->prev = f->partial_tail;
	if (f->partial_tail >= 0)
		f->slabs[f->partial_tail].next = i;
	else
		f->partial_head = i;
	f->partial_tail = i;
	f->nr_partial++;
}

static void floor_partial_del(struct floor *f, int i)
{
	struct floor_slab *sl = &f->slabs[i];

	if (!sl->on_partial)
		return;
	if (sl->prev >= 0)
		f->slabs[sl->prev].next = sl->next;
	else
		f->partial_head = sl->next;
	if (sl->next >= 0)
		f->slabs[sl->next].prev = sl->prev;
	else
		f->partial_tail = sl->prev;
	sl->on_partial = 0;
	f->nr_partial--;
}

int floor_slab_init(struct floor *f, unsigned size, unsigned objects,
		    unsigned order, unsigned offset, unsigned min_partial)
{
	f->size = size;
	f->objects = objects;
	f->order = order;
	f->offset = offset;
	f->min_partial = min_partial;
	/* reciprocal_value(): obj_to_index() without a division */
	f->recip = (unsigned)(((1ULL << 32) + size - 1) / size);
	return size && objects ? 0 : -1;
}

static int floor_new_slab(struct floor *f)
{
	size_t bytes = MM_PAGE_SIZE << f->order;
	size_t words = (f->objects + 63) / 64;
	struct floor_slab *sl;
	uint32_t pfn, i;
	int idx;

	if (floor_alloc(f, f->order, &pfn))
		return -1;
	if (f->free_slot >= 0) {
		idx = f->free_slot;
		f->free_slot = f->slabs[idx].next;
	} else {
		if (f->nslabs == f->capslabs) {
			int cap = f->capslabs ? f->capslabs * 2 : 8;
			struct floor_slab *n = realloc(f->slabs,
						       cap * sizeof(*n));

			if (!n)
				return -1;
			f->slabs = n;
			f->capslabs = cap;
		}
		idx = f->nslabs++;
		memset(&f->slabs[idx], 0, sizeof(f->slabs[idx]));
		f->slabs[idx].mem = malloc(bytes);
		f->slabs[idx].allocated = calloc(words, sizeof(uint64_t));
		if (!f->slabs[idx].mem || !f->slabs[idx].allocated)
			return -1;
	}
	sl = &f->slabs[idx];
	sl->pfn = pfn;
	sl->objects = f->objects;
	sl->inuse = 0;
	sl->vaddr = FLOOR_BASE + ((uint64_t)pfn << MM_PAGE_SHIFT);
	sl->next = sl->prev = -1;
	sl->on_partial = 0;
	f->pages[pfn].flags |= FLOOR_SLAB;
	for (i = 0; i < (1U << f->order); i++)
		f->pages[pfn + i].priv = (uint32_t)idx;
	for (i = 0; i < f->objects; i++) {
		uint64_t next = i + 1 < f->objects ?
				sl->vaddr + (uint64_t)(i + 1) * f->size : 0;

		memcpy(sl->mem + (size_t)i * f->size + f->offset, &next, 8);
	}
	sl->freelist = sl->vaddr;
	f->nr_slabs++;
	return idx;
}

static void floor_discard(struct floor *f, int idx)
{
	struct floor_slab *sl = &f->slabs[idx];

	floor_partial_del(f, idx);
	f->pages[sl->pfn].flags &= ~FLOOR_SLAB;
	floor_free(f, sl->pfn, f->order);
	sl->next = f->free_slot;
	f->free_slot = idx;
	f->nr_slabs--;
}

int floor_slab_alloc(struct floor *f, uint64_t *addr)
{
	struct floor_slab *sl;
	uint64_t obj;
	unsigned k;
	int idx = f->cpu;

	if (idx < 0 || !f->slabs[idx].freelist) {
		idx = f->partial_head;
		if (idx >= 0)
			floor_partial_del(f, idx);
		else if ((idx = floor_new_slab(f)) < 0)
			return -1;
		f->cpu = idx;
	}
	sl = &f->slabs[idx];
	obj = sl->freelist;
	k = (unsigned)(obj - sl->vaddr);
	memcpy(&sl->freelist, sl->mem + k + f->offset, 8);
	k = (unsigned)(((uint64_t)k * f->recip) >> 32);
	sl->allocated[k / 64] |= 1ULL << (k % 64);
	sl->inuse++;
	f->live++;
	*addr = obj;
	return 0;
}

int floor_slab_free(struct floor *f, uint64_t addr)
{
	uint64_t pfn = (addr - FLOOR_BASE) >> MM_PAGE_SHIFT, bit;
	struct floor_slab *sl;
	unsigned off, k;
	int idx;

	/* virt_to_slab() */
	if (addr < FLOOR_BASE || pfn >= f->nr_pages ||
	    !(f->pages[pfn - (pfn & ((1U << f->order) - 1))].flags &
	      FLOOR_SLAB))
		return -1;
	idx = (int)f->pages[pfn].priv;
	sl = &f->slabs[idx];
	/* an object's start, and allocated: else refused */
	if (addr - sl->vaddr >= (uint64_t)sl->objects * f->size)
		return -1;
	off = (unsigned)(addr - sl->vaddr);
	k = (unsigned)(((uint64_t)off * f->recip) >> 32);
	bit = 1ULL << (k % 64);
	if (k * f->size != off || !(sl->allocated[k / 64] & bit))
		return -1;
	sl->allocated[k / 64] &= ~bit;
	memcpy(sl->mem + off + f->offset, &sl->freelist, 8);
	sl->freelist = addr;
	sl->inuse--;
	f->live--;
	if (idx == f->cpu)
		return 0;
	if (sl->inuse == 0 && f->nr_partial >= f->min_partial)
		floor_discard(f, idx);
	else
		floor_partial_add(f, idx);
	return 0;
}

/* ---- faults ---- */

static struct floor_pt *floor_pt_new(struct floor *f)
{
	struct floor_pt *t;
	uint32_t pfn;

	if (floor_alloc(f, 0, &pfn))
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t) {
		floor_free(f, pfn, 0);
		return NULL;
	}
	t->pfn = pfn;
	f->nr_pt++;
	return t;
}

static void floor_pt_free(struct floor *f, struct floor_pt *t)
{
	floor_free(f, t->pfn, 0);
	free(t);
	f->nr_pt--;
}

static unsigned floor_index(uint64_t addr, int level)
{
	return (unsigned)(addr >> (39 - 9 * level)) & 511;
}

int floor_mmap(struct floor *f, uint64_t start, uint64_t len)
{
	if (!f->pgd) {
		f->pgd = floor_pt_new(f);
		if (!f->pgd || floor_alloc(f, 0, &f->zero))
			return -1;
	}
	f->vstart = start;
	f->vend = start + len;
	return 0;
}

static inline __attribute__((always_inline)) void
floor_lru_add(struct floor *f, uint32_t pfn)
{
	struct floor_page *p = &f->pages[pfn];

	p->flags |= FLOOR_LRU;
	p->prev = FLOOR_NONE;
	p->next = f->lru_head;
	if (p->next != FLOOR_NONE)
		f->pages[p->next].prev = pfn;
	else
		f->lru_tail = pfn;
	f->lru_head = pfn;
	f->nr_inactive_anon = ++f->nr_lru;	/* the vmstat gauge */
}

static inline __attribute__((always_inline)) void
floor_lru_del(struct floor *f, uint32_t pfn)
{
	struct floor_page *p = &f->pages[pfn];

	if (p->prev != FLOOR_NONE)
		f->pages[p->prev].next = p->next;
	else
		f->lru_head = p->next;
	if (p->next != FLOOR_NONE)
		f->pages[p->next].prev = p->prev;
	else
		f->lru_tail = p->prev;
	p->flags &= ~FLOOR_LRU;
	f->nr_inactive_anon = --f->nr_lru;
}

int floor_fault(struct floor *f, uint64_t addr, int write)
{
	struct floor_pt *t = f->pgd;
	uint64_t *pte;
	uint32_t pfn;
	int l;

	if (addr < f->vstart || addr >= f->vend)
		return -1;	/* bad_area */
	for (l = 0; l < 3; l++) {
		unsigned i = floor_index(addr, l);

		if (!t->next[i] && !(t->next[i] = floor_pt_new(f)))
			return -1;
		t = t->next[i];
	}
	pte = &t->pte[floor_index(addr, 3)];
	if ((*pte & PTE_P) && (!write || (*pte & PTE_RW)))
		return 0;	/* the hardware sets A and D */
	f->minflt++;
	f->pgfault++;
	if ((*pte & PTE_P) && (*pte >> MM_PAGE_SHIFT & 0xffffffffffULL) !=
	    f->zero) {		/* do_wp_page() of an exclusive page */
		*pte |= PTE_WBITS;
		return 0;
	}
	if (!write) {		/* do_anonymous_page(): the zero page */
		*pte = ((uint64_t)f->zero << MM_PAGE_SHIFT) | PTE_BITS;
		return 0;
	}
	/* do_anonymous_page(), or do_wp_page() copying the zero page */
	if (floor_alloc(f, 0, &pfn))
		return -1;
	f->pages[pfn].flags |= FLOOR_ANON;
	f->pages[pfn].mapcount = 1;
	f->nr_anon++;
	floor_lru_add(f, pfn);
	f->rss++;
	*pte = ((uint64_t)pfn << MM_PAGE_SHIFT) | PTE_BITS | PTE_WBITS;
	return 0;
}

/* free_pgtables() of the one VMA: no other mapping shares a table. */
static void floor_free_tables(struct floor *f, struct floor_pt *t, int level,
			      uint64_t start, uint64_t end)
{
	uint64_t a, step = 1ULL << (39 - 9 * level);

	for (a = start & ~(step - 1); a < end; a += step) {
		unsigned i = floor_index(a, level);

		if (!t->next[i])
			continue;
		if (level < 2)
			floor_free_tables(f, t->next[i], level + 1,
					  a > start ? a : start,
					  a + step < end ? a + step : end);
		floor_pt_free(f, t->next[i]);
		t->next[i] = NULL;
	}
}

int floor_munmap(struct floor *f)
{
	uint64_t a;

	/* zap_pte_range(): each PTE table walked to once */
	for (a = f->vstart; a < f->vend; a = (a | ((2ULL << 20) - 1)) + 1) {
		struct floor_pt *t = f->pgd;
		unsigned i, last;
		int l;

		for (l = 0; l < 3 && t; l++)
			t = t->next[floor_index(a, l)];
		if (!t)
			continue;
		last = a + (2ULL << 20) > f->vend ?
		       floor_index(f->vend - 1, 3) : 511;
		for (i = floor_index(a, 3); i <= last; i++) {
			uint64_t e = t->pte[i];
			struct floor_page *p;

			if (!(e & PTE_P))
				continue;
			t->pte[i] = 0;
			p = &f->pages[(e & 0x000ffffffffff000ULL) >>
				      MM_PAGE_SHIFT];
			if (p == &f->pages[f->zero])
				continue;
			f->rss--;
			if (--p->mapcount == 0)
				f->nr_anon--;
			if (--p->refcount > 0)
				continue;
			floor_lru_del(f, (uint32_t)(p - f->pages));
			p->flags &= ~FLOOR_ANON;
			p->refcount = 1;
			if (floor_free(f, (uint32_t)(p - f->pages), 0))
				return -1;
		}
	}
	floor_free_tables(f, f->pgd, 0, f->vstart, f->vend);
	return 0;
}

void floor_free_all(struct floor *f)
{
	int i;

	if (f->pgd)
		free(f->pgd);
	for (i = 0; i < f->nslabs; i++) {
		free(f->slabs[i].mem);
		free(f->slabs[i].allocated);
	}
	free(f->slabs);
	free(f->pages);
	memset(f, 0, sizeof(*f));
}
