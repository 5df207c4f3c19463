// SPDX-License-Identifier: GPL-2.0
/*
 * buddy.c - the buddy page allocator with the rules of mm/page_alloc.c
 * (6.1): orders 0..10, buddy = pfn ^ (1 << order), expand() keeps the low
 * half and puts each high half at the head of its free list, merging on
 * free, head/tail placement (buddy_merge_likely), per-zone free lists,
 * watermarks from min_free_kbytes (__setup_per_zone_wmarks), the zonelist
 * fallback Normal -> DMA32 -> DMA, GFP_KERNEL vs GFP_ATOMIC reserves.
 *
 * Not modelled (documented in docs/scenario-language.md): per-CPU page
 * lists (orders 0-3 go straight to the buddy lists, so /proc/buddyinfo
 * changes at once), migrate types and pageblocks, page shuffling
 * (SHUFFLE_PAGE_ALLOCATOR), compaction, highatomic reserves.
 * lowmem_reserve is modelled (setup_per_zone_lowmem_reserve).  Memory taken at boot (kernel image, memmap) is not reserved:
 * managed == present.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/mm.h"

/* Remove block head pfn from the free list of order.  Inline: every
 * allocation and nearly every free unlinks a block. */
static inline __attribute__((always_inline)) void
buddy_list_del(struct mm_machine *m, struct mm_zone *z, uint32_t pfn,
	       unsigned order)
{
	struct mm_page *p = &m->pages[pfn];
	struct mm_free_area *a = &z->free_area[order];

	if (p->prev != MM_NO_PFN)
		m->pages[p->prev].next = p->next;
	else
		a->head = p->next;
	if (p->next != MM_NO_PFN)
		m->pages[p->next].prev = p->prev;
	else
		a->tail = p->prev;
	p->next = p->prev = MM_NO_PFN;
	p->flags &= ~PG_buddy;
	a->nr_free--;
	z->nr_free -= 1UL << order;
}

/* Add a free block at the head (list_add) or tail (list_add_tail).
 * Inline: expand() and every free add one. */
static inline __attribute__((always_inline)) void
buddy_list_add(struct mm_machine *m, struct mm_zone *z, uint32_t pfn,
	       unsigned order, int tail)
{
	struct mm_page *p = &m->pages[pfn];
	struct mm_free_area *a = &z->free_area[order];

	p->flags = PG_buddy;
	p->order = (uint8_t)order;
	p->refcount = 0;
	p->mapcount = 0;
	p->owner_kind = MM_OWNER_NONE;
	p->owner = 0;
	if (tail) {
		p->next = MM_NO_PFN;
		p->prev = a->tail;
		if (a->tail != MM_NO_PFN)
			m->pages[a->tail].next = pfn;
		else
			a->head = pfn;
		a->tail = pfn;
	} else {
		p->prev = MM_NO_PFN;
		p->next = a->head;
		if (a->head != MM_NO_PFN)
			m->pages[a->head].prev = pfn;
		else
			a->tail = pfn;
		a->head = pfn;
	}
	a->nr_free++;
	z->nr_free += 1UL << order;
}

/* page_is_buddy(): pfn heads a free block of this order in zone z. */
static int buddy_is_free(struct mm_machine *m, struct mm_zone *z,
			 uint32_t pfn, unsigned order)
{
	struct mm_page *p;

	/* pfn below start_pfn wraps past spanned (< 2^32 frames) */
	if ((uint32_t)(pfn - z->start_pfn) >= z->spanned)
		return 0;
	p = &m->pages[pfn];
	return (p->flags & PG_buddy) && p->order == order;
}

/* sysctl_lowmem_reserve_ratio: DMA 256, DMA32 256, Normal 32. */
static const unsigned long buddy_reserve_ratio[MM_NR_ZONES] = {
	256, 256, 32,
};

/*
 * setup_per_zone_lowmem_reserve(): zone zi keeps from requests that may
 * use zones up to idx the managed pages of the zones above zi up to idx,
 * divided by zi's ratio.  Stored per zone, so the watermark check of
 * every allocation reads it instead of summing and dividing again.
 */
static void buddy_setup_lowmem_reserve(struct mm_machine *m)
{
	int zi, idx, j;

	for (zi = 0; zi < MM_NR_ZONES; zi++) {
		struct mm_zone *z = &m->zones[zi];

		for (idx = 0; idx < MM_NR_ZONES; idx++) {
			unsigned long managed = 0;

			for (j = zi + 1; j <= idx; j++)
				managed += m->zones[j].managed;
			z->lowmem_reserve[idx] = z->managed ?
				managed / buddy_reserve_ratio[zi] : 0;
		}
	}
}

/* Boot: hand every frame to the allocator as max-order blocks, in pfn
 * order at the list tails (memblock_free_all -> __free_pages_core). */
void mm_buddy_init_free(struct mm_machine *m)
{
	unsigned top = MM_MAX_ORDER - 1;
	int zi;

	for (zi = 0; zi < MM_NR_ZONES; zi++) {
		struct mm_zone *z = &m->zones[zi];
		uint32_t pfn;

		for (pfn = z->start_pfn; pfn < z->start_pfn + z->spanned;
		     pfn += 1U << top)
			buddy_list_add(m, z, pfn, top, 1);
		z->managed = z->present;
	}
	buddy_setup_lowmem_reserve(m);
}

/* The kernel's min_free_kbytes (init_per_zone_wmark_min) and, with THP
 * enabled, set_recommended_min_free_kbytes(). */
long mm_buddy_default_min_free_kbytes(const struct mm_machine *m)
{
	unsigned long long lowmem_kb = 0, x, r;
	unsigned long nr_zones = 0, rec;
	long v;
	int zi;

	for (zi = 0; zi < MM_NR_ZONES; zi++) {
		lowmem_kb += m->zones[zi].managed * (MM_PAGE_SIZE >> 10);
		if (m->zones[zi].managed)
			nr_zones++;
	}
	/* int_sqrt(lowmem_kbytes * 16) */
	x = lowmem_kb * 16;
	r = 0;
	while ((r + 1) * (r + 1) <= x) {
		unsigned long long step = 1;

		while ((r + step * 2) * (r + step * 2) <= x)
			step *= 2;
		r += step;
	}
	v = (long)r;
	if (v > 262144)
		v = 262144;
	if (v < 128)
		v = 128;
	if (m->cfg.thp != MM_THP_NEVER) {
		/* pageblock_nr_pages = 512; MIGRATE_PCPTYPES = 3 */
		rec = 512 * nr_zones * 2 + 512 * nr_zones * 3 * 3;
		if (rec > m->nr_pages / 20)
			rec = m->nr_pages / 20;
		rec <<= MM_PAGE_SHIFT - 10;
		if ((long)rec > v)
			v = (long)rec;
	}
	return v;
}

/* __setup_per_zone_wmarks() with watermark_scale_factor 10. */
void mm_buddy_setup_wmarks(struct mm_machine *m)
{
	unsigned long pages_min = (unsigned long)m->min_free_kbytes >>
				  (MM_PAGE_SHIFT - 10);
	unsigned long lowmem = 0;
	int zi;

	for (zi = 0; zi < MM_NR_ZONES; zi++)
		lowmem += m->zones[zi].managed;
	for (zi = 0; zi < MM_NR_ZONES; zi++) {
		struct mm_zone *z = &m->zones[zi];
		unsigned long long tmp;
		unsigned long scale;

		if (!lowmem)
			break;
		tmp = (unsigned long long)pages_min * z->managed / lowmem;
		z->wmark[MM_WMARK_MIN] = (unsigned long)tmp;
		scale = (unsigned long)((unsigned long long)z->managed * 10 /
					10000);
		tmp = (tmp >> 2) > scale ? (tmp >> 2) : scale;
		z->wmark[MM_WMARK_LOW] = z->wmark[MM_WMARK_MIN] + tmp;
		z->wmark[MM_WMARK_HIGH] = z->wmark[MM_WMARK_LOW] + tmp;
	}
}

/* GFP names and values as in 6.1 include/linux/gfp_types.h. */
const char *mm_gfp_name(unsigned gfp)
{
	static const char *const names[] = {
		[MM_GFP_KERNEL] = "GFP_KERNEL",
		[MM_GFP_ATOMIC] = "GFP_ATOMIC",
		[MM_GFP_DMA] = "GFP_KERNEL|GFP_DMA",
		[MM_GFP_DMA32] = "GFP_KERNEL|GFP_DMA32",
		[MM_GFP_HIGHUSER_MOVABLE] = "GFP_HIGHUSER_MOVABLE",
		[MM_GFP_NOWAIT] = "GFP_NOWAIT",
		[MM_GFP_TRANSHUGE_LIGHT] = "GFP_TRANSHUGE_LIGHT",
	};

	gfp &= MM_GFP_TYPE;
	return gfp < sizeof(names) / sizeof(names[0]) ? names[gfp] : "?";
}

static unsigned buddy_gfp_mask(unsigned gfp)
{
	switch (gfp & MM_GFP_TYPE) {
	case MM_GFP_KERNEL: return 0xcc0;
	case MM_GFP_ATOMIC: return 0xa20;
	case MM_GFP_DMA: return 0xcc1;
	case MM_GFP_DMA32: return 0xcc4;
	case MM_GFP_HIGHUSER_MOVABLE: return 0x100cca;
	case MM_GFP_NOWAIT: return 0x800;
	case MM_GFP_TRANSHUGE_LIGHT: return 0x1c20ca;
	}
	return 0;
}

/* Highest zone the gfp allows (gfp_zone()). */
static int buddy_highest_zone(unsigned gfp)
{
	if ((gfp & MM_GFP_TYPE) == MM_GFP_DMA)
		return MM_ZONE_DMA;
	if ((gfp & MM_GFP_TYPE) == MM_GFP_DMA32)
		return MM_ZONE_DMA32;
	return MM_ZONE_NORMAL;
}

/* zone->lowmem_reserve[idx]; idx may be 3 or 4 (Movable, Device:
 * empty here, so equal to idx 2). */
unsigned long mm_buddy_lowmem_reserve(struct mm_machine *m, int zi, int idx)
{
	if (zi < 0 || zi >= MM_NR_ZONES || idx < 0)
		return 0;
	return m->zones[zi].lowmem_reserve[idx < MM_NR_ZONES ? idx :
					   MM_NR_ZONES - 1];
}

/*
 * __zone_watermark_ok(): can zone z give 2^order pages above mark plus
 * its lowmem_reserve for requests that could use zone `highest`?
 */
static int buddy_wmark_ok(struct mm_zone *z, unsigned order, long mark,
			  unsigned gfp, int reserves, int highest,
			  unsigned *first)
{
	long free = (long)z->nr_free - ((1L << order) - 1);
	long min = mark;
	unsigned o;

	if (reserves && (gfp & MM_GFP_TYPE) == MM_GFP_ATOMIC) {
		min -= min / 2;		/* ALLOC_MIN_RESERVE (__GFP_HIGH) */
		min -= min / 4;		/* ALLOC_NON_BLOCK */
	}
	if (free <= min + (long)z->lowmem_reserve[highest])
		return 0;
	if (!order)
		return 1;
	for (o = order; o < MM_MAX_ORDER; o++)
		if (z->free_area[o].nr_free) {
			*first = o;	/* where __rmqueue_smallest finds it */
			return 1;
		}
	return 0;
}

/*
 * __rmqueue_smallest() + expand(): take a block of at least order,
 * searching from order first (the watermark check already found the
 * smallest order with a free block: nr_free counts its list).  Inline:
 * every allocation comes here.
 */
static inline __attribute__((always_inline)) int
buddy_rmqueue(struct mm_machine *m, struct mm_zone *z, unsigned order,
	      unsigned first, uint32_t *pfn_out, unsigned *from)
{
	unsigned cur, high;
	uint32_t pfn;

	for (cur = first; cur < MM_MAX_ORDER; cur++)
		if (z->free_area[cur].head != MM_NO_PFN)
			break;
	if (cur == MM_MAX_ORDER)
		return -ENOMEM;
	pfn = z->free_area[cur].head;
	buddy_list_del(m, z, pfn, cur);
	for (high = cur; high > order; ) {
		high--;
		buddy_list_add(m, z, pfn + (1U << high), high, 0);
	}
	*pfn_out = pfn;
	*from = cur;
	return 0;
}

/*
 * prep_new_page(): mark the block allocated.  Only the head carries the
 * state: marking 2^order tail frames would cost up to 1024 writes per
 * allocation; mm_page_head() finds the head of any frame instead.
 */
static void buddy_prep(struct mm_machine *m, uint32_t pfn, unsigned order,
		       int owner_kind, uint32_t owner)
{
	struct mm_page *p = &m->pages[pfn];

	p->flags = order ? PG_head : 0;
	p->order = (uint8_t)order;
	p->refcount = 1;
	p->mapcount = 0;
	p->owner_kind = (uint8_t)owner_kind;
	p->owner = owner;
	p->priv = 0;
}

uint32_t mm_page_head(const struct mm_machine *m, uint32_t pfn)
{
	unsigned o;

	if (pfn >= m->nr_pages)
		return MM_NO_PFN;
	for (o = 0; o < MM_MAX_ORDER; o++) {
		uint32_t h = pfn & ~((1U << o) - 1);
		const struct mm_page *p = &m->pages[h];

		if (p->order >= o && (p->refcount > 0 || (p->flags & PG_buddy))
		    && h + (1U << p->order) > pfn)
			return h;
	}
	return MM_NO_PFN;
}

static const char *const buddy_fast_frames[] = {
	"alloc_pages", "__alloc_pages", "get_page_from_freelist",
	"rmqueue", "rmqueue_buddy", "__rmqueue", "__rmqueue_smallest",
	"expand",
};
static const char *const buddy_slow_frames[] = {
	"alloc_pages", "__alloc_pages", "__alloc_pages_slowpath",
	"get_page_from_freelist", "rmqueue", "rmqueue_buddy", "__rmqueue",
	"__rmqueue_smallest", "expand",
};
static const char *const buddy_kswapd_frames[] = {
	"alloc_pages", "__alloc_pages", "__alloc_pages_slowpath",
	"wake_all_kswapds", "wakeup_kswapd",
};
static const char *const buddy_direct_frames[] = {
	"alloc_pages", "__alloc_pages", "__alloc_pages_slowpath",
	"__alloc_pages_direct_reclaim", "__perform_reclaim",
	"try_to_free_pages", "do_try_to_free_pages", "shrink_zones",
	"shrink_node",
};
static const char *const buddy_fail_frames[] = {
	"alloc_pages", "__alloc_pages", "__alloc_pages_slowpath",
	"warn_alloc",
};
static const char *const buddy_free_frames[] = {
	"__free_pages", "free_the_page", "__free_pages_ok", "free_one_page",
	"__free_one_page",
};
#define NFR(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* One pass over the zonelist; reserves: slow path (min) else low.
 * Inline: the fast path of every allocation is this pass, and its
 * results stay in registers instead of going through pointers. */
static inline __attribute__((always_inline)) int
buddy_try_zones(struct mm_machine *m, unsigned order, unsigned gfp,
		int reserves, uint32_t *pfn, int *zone_out, unsigned *from)
{
	int highest = buddy_highest_zone(gfp), zi;

	for (zi = highest; zi >= 0; zi--) {
		struct mm_zone *z = &m->zones[zi];
		long mark = (long)z->wmark[reserves ? MM_WMARK_MIN :
					   MM_WMARK_LOW];
		unsigned first = order;

		if (!z->managed)
			continue;
		if (!buddy_wmark_ok(z, order, mark, gfp, reserves, highest,
				    &first))
			continue;
		if (buddy_rmqueue(m, z, order, first, pfn, from) == 0) {
			*zone_out = zi;
			return 0;
		}
	}
	return -ENOMEM;
}

/* __GFP_DIRECT_RECLAIM: may the allocation reclaim itself? */
static int buddy_can_reclaim(unsigned gfp)
{
	gfp &= MM_GFP_TYPE;
	return gfp != MM_GFP_ATOMIC && gfp != MM_GFP_NOWAIT &&
	       gfp != MM_GFP_TRANSHUGE_LIGHT;
}

/* Tell the learner (and part 2's reclaim) that kswapd wakes. */
static void buddy_wake_kswapd(struct mm_machine *m, unsigned order,
			      unsigned gfp)
{
	/* pageoutrun counts balance_pgdat runs: part 2's kswapd counts
	 * them itself when it is hooked in */
	if (!m->reclaim_hook)
		m->vmstat[MM_VM_KSWAPD_WAKE]++;
	mm_emit(m, MM_EV_WMARK, buddy_kswapd_frames, NFR(buddy_kswapd_frames),
		"free pages under the low watermark: kswapd woken "
		"(order=%u, %s)", order, mm_gfp_name(gfp));
	if (m->reclaim_hook)
		m->reclaim_hook(m, order, (int)(gfp & MM_GFP_TYPE), 0);
}

/*
 * __alloc_pages_may_oom(): the OOM killer only for allocations that
 * could use ZONE_NORMAL (not GFP_DMA/DMA32: "does not needlessly kill
 * tasks for lowmem"), up to PAGE_ALLOC_COSTLY_ORDER.
 */
static int buddy_may_oom(unsigned order, unsigned gfp)
{
	return order <= 3 && buddy_can_reclaim(gfp) &&
	       !(gfp & MM_GFP_NORETRY) &&
	       buddy_highest_zone(gfp) == MM_ZONE_NORMAL;
}

/*
 * warn_alloc(): "COMM: page allocation failure: order:N, mode:...,
 * nodemask=(null)" continued by cpuset_print_current_mems_allowed()
 * (",cpuset=/,mems_allowed=0").  Not for __GFP_NOWARN, and its
 * ratelimit (nopage_rs: one message per 10 s) lets only the first
 * through: a scenario runs well within 10 s.  The stack dump and the
 * show_mem() block that follow are not printed.
 */
static void buddy_warn_alloc(struct mm_machine *m, unsigned order,
			     unsigned gfp)
{
	if ((gfp & MM_GFP_NOWARN) || m->warn_alloc_done)
		return;
	m->warn_alloc_done = 1;
	mm_dmesg(m, "memdrill: page allocation failure: order:%u, "
		 "mode:%#x(%s), nodemask=(null),cpuset=/,mems_allowed=0",
		 order, buddy_gfp_mask(gfp), mm_gfp_name(gfp));
}

/*
 * The rest of __alloc_pages_slowpath(): kswapd (not for
 * GFP_TRANSHUGE_LIGHT), the min watermark, direct reclaim while it makes
 * progress (should_reclaim_retry, at most MAX_RECLAIM_RETRIES rounds;
 * one round for __GFP_NORETRY and costly orders), then the OOM killer
 * and a retry as long as it kills, then warn_alloc and failure.
 */
static int buddy_slowpath(struct mm_machine *m, unsigned order,
			  unsigned gfp, uint32_t *pfn, int *zi,
			  unsigned *from)
{
	int tries = 0;
	unsigned long got;

	if ((gfp & MM_GFP_TYPE) != MM_GFP_TRANSHUGE_LIGHT)
		buddy_wake_kswapd(m, order, gfp);
	for (;;) {
		if (buddy_try_zones(m, order, gfp, 1, pfn, zi, from) == 0)
			return 0;
		if (!buddy_can_reclaim(gfp))
			break;
		got = 0;
		if (tries++ < 16) {
			m->vmstat[MM_VM_ALLOCSTALL]++;
			mm_emit(m, MM_EV_WMARK, buddy_direct_frames,
				NFR(buddy_direct_frames),
				"free pages under the min watermark: direct "
				"reclaim (order=%u, %s)", order,
				mm_gfp_name(gfp));
			if (m->reclaim_hook)
				got = m->reclaim_hook(m, order,
						      (int)(gfp & MM_GFP_TYPE),
						      1);
		}
		if ((gfp & MM_GFP_NORETRY) || order > 3) {
			if (got && buddy_try_zones(m, order, gfp, 1, pfn, zi,
						   from) == 0)
				return 0;
			break;
		}
		if (got && tries < 16)
			continue;
		if (!buddy_may_oom(order, gfp) || !m->oom_hook ||
		    !m->oom_hook(m, order, gfp))
			break;
		tries = 0;	/* the OOM killer made progress: retry */
	}
	buddy_warn_alloc(m, order, gfp);
	mm_emit(m, MM_EV_ALLOC_FAIL, buddy_fail_frames, NFR(buddy_fail_frames),
		"page allocation failure: order:%u, %s", order,
		mm_gfp_name(gfp));
	return mm_err(m, -ENOMEM, "page allocation failure: order:%u, "
		      "mode:%#x(%s)", order, buddy_gfp_mask(gfp),
		      mm_gfp_name(gfp));
}

int mm_buddy_alloc(struct mm_machine *m, unsigned order, unsigned gfp,
		   int owner_kind, uint32_t owner, uint32_t *pfn)
{
	unsigned from = order;
	int zi = 0, slow = 0, err;

	if (order >= MM_MAX_ORDER)
		return mm_err(m, -EINVAL, "invalid order %u (0 to %d)", order,
			      MM_MAX_ORDER - 1);
	if (buddy_try_zones(m, order, gfp, 0, pfn, &zi, &from) != 0) {
		slow = 1;
		err = buddy_slowpath(m, order, gfp, pfn, &zi, &from);
		if (err)
			return err;
	}
	buddy_prep(m, *pfn, order, owner_kind, owner);
	m->vmstat[MM_VM_PGALLOC_DMA + zi] += 1UL << order;
	if (m->event)
		mm_emit(m, MM_EV_ALLOC,
			slow ? buddy_slow_frames : buddy_fast_frames,
			(slow ? NFR(buddy_slow_frames) :
			 NFR(buddy_fast_frames)) - (from == order),
			"alloc_pages(%s, order=%u) = pfn %u in zone %s "
			"(from an order-%u block%s)", mm_gfp_name(gfp), order,
			*pfn, m->zones[zi].name, from,
			from > order ? ", split by expand" : "");
	return 0;
}

int mm_buddy_free(struct mm_machine *m, uint32_t pfn, unsigned order)
{
	struct mm_page *p;
	struct mm_zone *z;
	uint32_t buddy = 0, n;
	int tail = 0;

	if (pfn >= m->nr_pages || order >= MM_MAX_ORDER)
		return mm_err(m, -EINVAL, "invalid free of pfn %u order %u",
			      pfn, order);
	p = &m->pages[pfn];
	if ((p->flags & (PG_buddy | PG_tail)) || p->refcount <= 0)
		return mm_err(m, -EINVAL, "bad page state: pfn %u is not "
			      "allocated", pfn);
	if (p->order != order)
		return mm_err(m, -EINVAL, "bad page state: pfn %u has order "
			      "%u, freed as order %u", pfn, p->order, order);
	n = 1U << order;
	p->flags = 0;
	p->refcount = 0;
	p->mapcount = 0;
	z = mm_page_zone(m, pfn);
	m->vmstat[MM_VM_PGFREE] += n;
	/* __free_one_page(): merge while the buddy is free at this order */
	while (order < MM_MAX_ORDER - 1) {
		buddy = pfn ^ (1U << order);
		if (!buddy_is_free(m, z, buddy, order))
			break;
		buddy_list_del(m, z, buddy, order);
		m->pages[buddy].order = 0;
		pfn &= buddy;
		order++;
	}
	if (order < MM_MAX_ORDER - 2) {
		/* buddy_merge_likely(): is the next-higher buddy free? */
		uint32_t higher = (pfn ^ (1U << order)) & pfn;

		tail = buddy_is_free(m, z, higher ^ (1U << (order + 1)),
				     order + 1);
	}
	buddy_list_add(m, z, pfn, order, tail);
	if (m->event)
		mm_emit(m, MM_EV_FREE, buddy_free_frames,
			NFR(buddy_free_frames),
			"__free_pages(pfn %u, order=%u): merged to order %u "
			"at the %s of the free list", (unsigned)(p - m->pages),
			(unsigned)(n == 1 ? 0 : __builtin_ctz(n)), order,
			tail ? "tail" : "head");
	return 0;
}

int mm_buddy_max_free_order(const struct mm_machine *m)
{
	int zi, o, best = -1;

	for (zi = 0; zi < MM_NR_ZONES; zi++)
		for (o = MM_MAX_ORDER - 1; o > best; o--)
			if (m->zones[zi].free_area[o].nr_free) {
				best = o;
				break;
			}
	return best;
}

/* Walk one free list; mark frames in seen; count. */
static int buddy_check_list(struct mm_machine *m, struct mm_zone *z,
			    unsigned o, unsigned char *seen,
			    unsigned long *free)
{
	struct mm_free_area *a = &z->free_area[o];
	uint32_t pfn, prev = MM_NO_PFN, i;
	unsigned long count = 0;

	for (pfn = a->head; pfn != MM_NO_PFN; pfn = m->pages[pfn].next) {
		struct mm_page *p;

		if (pfn >= m->nr_pages || count > m->nr_pages)
			return mm_err(m, -EFAULT, "zone %s order %u: broken "
				      "free list", z->name, o);
		p = &m->pages[pfn];
		if (p->prev != prev || !(p->flags & PG_buddy) ||
		    p->order != o)
			return mm_err(m, -EFAULT, "zone %s order %u: pfn %u "
				      "badly linked or flagged", z->name, o,
				      pfn);
		if (pfn & ((1U << o) - 1))
			return mm_err(m, -EFAULT, "zone %s: free block pfn "
				      "%#x not aligned to order %u", z->name,
				      pfn, o);
		if (pfn < z->start_pfn ||
		    pfn + (1U << o) > z->start_pfn + z->spanned)
			return mm_err(m, -EFAULT, "zone %s: free block pfn "
				      "%#x outside the zone", z->name, pfn);
		for (i = 0; i < (1U << o); i++) {
			if (seen[pfn + i])
				return mm_err(m, -EFAULT, "free blocks overlap "
					      "at pfn %u", pfn + i);
			seen[pfn + i] = 1;
		}
		if (o < MM_MAX_ORDER - 1 &&
		    buddy_is_free(m, z, pfn ^ (1U << o), o))
			return mm_err(m, -EFAULT, "pfn %u and its buddy are "
				      "both free at order %u", pfn, o);
		prev = pfn;
		count++;
	}
	if (a->tail != prev || count != a->nr_free)
		return mm_err(m, -EFAULT, "zone %s order %u: nr_free %lu but "
			      "%lu blocks listed", z->name, o, a->nr_free,
			      count);
	*free += count << o;
	return 0;
}

int mm_buddy_check(struct mm_machine *m)
{
	unsigned char *seen = calloc(m->nr_pages ? m->nr_pages : 1, 1);
	unsigned long nfree = 0, used = 0, managed = 0;
	uint32_t pfn;
	int zi, err = 0;
	unsigned o;

	if (!seen)
		return mm_err(m, -ENOMEM, "cannot check: out of memory");
	for (zi = 0; zi < MM_NR_ZONES && !err; zi++) {
		struct mm_zone *z = &m->zones[zi];
		unsigned long zfree = 0;

		managed += z->managed;
		for (o = 0; o < MM_MAX_ORDER && !err; o++)
			err = buddy_check_list(m, z, o, seen, &zfree);
		if (!err && zfree != z->nr_free)
			err = mm_err(m, -EFAULT, "zone %s: nr_free %lu but "
				     "%lu pages listed", z->name, z->nr_free,
				     zfree);
		nfree += zfree;
	}
	for (pfn = 0; pfn < m->nr_pages && !err; ) {
		struct mm_page *p = &m->pages[pfn];
		uint32_t n = 1U << p->order, i;

		if (seen[pfn] || p->refcount <= 0 || (p->flags & PG_tail)) {
			if (!seen[pfn] && !(p->flags & PG_reserved))
				err = mm_err(m, -EFAULT, "pfn %u is neither "
					     "free nor allocated", pfn);
			pfn++;
			continue;
		}
		for (i = 0; i < n && !err; i++)
			if (seen[pfn + i])
				err = mm_err(m, -EFAULT, "allocated block at "
					     "pfn %u overlaps a free one",
					     pfn);
		used += n;
		pfn += n;
	}
	if (!err && nfree + used != managed)
		err = mm_err(m, -EFAULT, "free %lu + allocated %lu != managed "
			     "%lu pages", nfree, used, managed);
	free(seen);
	return err;
}
