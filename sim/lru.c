// SPDX-License-Identifier: GPL-2.0
/*
 * lru.c - the LRU lists, page reclaim and swap of 6.1 with the classic
 * two-list LRU (Debian's 6.1 builds MGLRU but leaves it off:
 * CONFIG_LRU_GEN_ENABLED is not set), after mm/swap.c and mm/vmscan.c.
 *
 * Lists: inactive/active anon and file, linked through mm_page.next/prev
 * (head = most recently added).  New pages go to the inactive list of
 * their type (folio_add_lru; since 5.9 also anon faults).  read(2) calls
 * folio_mark_accessed: inactive,unreferenced -> inactive,referenced ->
 * active (pgactivate).  Mapped pages only get PTE young bits, which
 * reclaim reads and clears through the rmap (folio_referenced).
 *
 * Reclaim: kswapd (balance_pgdat: priority 12 down to 1, each pass
 * reclaiming the sum of max(high, 32) over the zones, until a zone is
 * above high) and direct reclaim (do_try_to_free_pages: 32 pages).  Each
 * pass is shrink_node -> shrink_lruvec: scan = list size >> priority
 * (get_scan_count: file only without swap or in cache_trim_mode, else
 * anon:file as swappiness 60:140), in batches of SWAP_CLUSTER_MAX;
 * shrink_active_list deactivates when inactive_is_low(); shrink_folio_list
 * applies folio_check_references (activate / keep / reclaim).
 *
 * Memcg reclaim (try_to_free_mem_cgroup_pages, called by try_charge_memcg
 * over the limit): do_try_to_free_pages on the group's own lruvec.  The
 * simulator keeps one node LRU and filters it: a memcg scan walks the
 * node lists from the tail and takes only the pages charged to the group
 * (vm_sys.page_memcg), which is the order of the group's own lruvec, and
 * sizes come from vm_lru.memcg_nr (kept by lru_link/lru_unlink).  As in
 * 6.1 (mm/vmscan.c: cgroup_reclaim(sc)) it counts no global pgscan_*,
 * pgsteal_* or pgrefill (only memory.stat would), has no file_is_tiny
 * test, and anon is scanned only when swap has a free slot.
 *
 * In the simulator kswapd is synchronous but deferred: a wake-up from the
 * allocator marks it pending and it runs when the scenario line ends
 * (scn_proc_after_line), so an allocation burst can fall to min and
 * reclaim directly first, as on a real machine.
 *
 * Not modelled: the swap cache (swap-out frees the page at once, swap-in
 * frees the slot at once), swap readahead, writeback time (a dirty page
 * found by reclaim is cleaned at once and rotated to the inactive tail),
 * workingset refault detection, mlock/unevictable, slab shrinkers,
 * kswapd_failures, watermark boosting, per-CPU LRU batches.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/vm.h"

#define LRU_SWAP_CLUSTER_MAX	32
#define LRU_DEF_PRIORITY	12

/* scan_control, the part the simulator uses. */
struct lru_sc {
	int direct;
	int memcg;			/* target group: index + 1, 0 none */
	int priority;
	int may_swap;
	int may_deactivate[2];		/* [0] anon, [1] file */
	unsigned long nr_to_reclaim, nr_reclaimed, nr_scanned;
};

static const char *const lru_fr_kswapd[] = {
	"kswapd", "balance_pgdat", "kswapd_shrink_node", "shrink_node",
	"shrink_lruvec", "shrink_inactive_list", "shrink_folio_list",
};
static const char *const lru_fr_direct[] = {
	"__alloc_pages_slowpath", "__alloc_pages_direct_reclaim",
	"try_to_free_pages", "do_try_to_free_pages", "shrink_zones",
	"shrink_node", "shrink_lruvec", "shrink_inactive_list",
};
static const char *const lru_fr_memcg[] = {
	"try_charge_memcg", "try_to_free_mem_cgroup_pages",
	"do_try_to_free_pages", "shrink_zones", "shrink_node",
	"shrink_node_memcgs", "shrink_lruvec", "shrink_inactive_list",
};
static const char *const lru_fr_swapin[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_swap_page", "swap_readpage",
};
#define LRU_NFR(a) ((int)(sizeof(a) / sizeof((a)[0])))

static struct vm_lru *lru_of(struct mm_machine *m)
{
	return &((struct vm_sys *)m->ext)->lru;
}

/* The list a page belongs on (folio_lru_list). */
static int lru_index(const struct mm_page *pg)
{
	return ((pg->flags & PG_file) ? VM_LRU_INACTIVE_FILE :
		VM_LRU_INACTIVE_ANON) + ((pg->flags & PG_active) ? 1 : 0);
}

/*
 * Keep the nr_{in,}active_{anon,file} vmstat gauges equal to the lists:
 * list i just changed (only lru_link and lru_unlink change a list's
 * count, and both call this), so only its gauge is stored; storing all
 * four reloaded the counts just written (a store-forwarding stall that
 * was most of lru_link's time).
 */
static void lru_gauge(struct mm_machine *m, struct vm_lru *l, int i)
{
	static const int gauge[] = {
		[VM_LRU_INACTIVE_ANON] = MM_VM_NR_INACTIVE_ANON,
		[VM_LRU_ACTIVE_ANON] = MM_VM_NR_ACTIVE_ANON,
		[VM_LRU_INACTIVE_FILE] = MM_VM_NR_INACTIVE_FILE,
		[VM_LRU_ACTIVE_FILE] = MM_VM_NR_ACTIVE_FILE,
	};

	m->vmstat[gauge[i]] = l->nr[i];
}

/* The memcg pfn is charged to: index + 1, 0 none. */
static int lru_memcg_of(struct mm_machine *m, uint32_t pfn)
{
	struct vm_sys *vs = m->ext;

	return vs->page_memcg ? vs->page_memcg[pfn] : 0;
}

/* Link pfn at the head (or the tail) of its list.  Inline: every
 * fault and every freed page links or unlinks one. */
static inline __attribute__((always_inline)) void
lru_link(struct mm_machine *m, uint32_t pfn, int tail)
{
	struct vm_lru *l = lru_of(m);
	struct mm_page *pg = &m->pages[pfn];
	int i = lru_index(pg), g = lru_memcg_of(m, pfn);

	pg->flags |= PG_lru;
	if (tail) {
		pg->next = MM_NO_PFN;
		pg->prev = l->tail[i];
		if (l->tail[i] != MM_NO_PFN)
			m->pages[l->tail[i]].next = pfn;
		else
			l->head[i] = pfn;
		l->tail[i] = pfn;
	} else {
		pg->prev = MM_NO_PFN;
		pg->next = l->head[i];
		if (l->head[i] != MM_NO_PFN)
			m->pages[l->head[i]].prev = pfn;
		else
			l->tail[i] = pfn;
		l->head[i] = pfn;
	}
	l->nr[i]++;
	if (g)
		l->memcg_nr[g - 1][i]++;
	lru_gauge(m, l, i);
}

/* Unlink pfn from its list (isolation). */
static inline __attribute__((always_inline)) void
lru_unlink(struct mm_machine *m, uint32_t pfn)
{
	struct vm_lru *l = lru_of(m);
	struct mm_page *pg = &m->pages[pfn];
	int i = lru_index(pg), g;

	if (!(pg->flags & PG_lru))
		return;
	if (pg->prev != MM_NO_PFN)
		m->pages[pg->prev].next = pg->next;
	else
		l->head[i] = pg->next;
	if (pg->next != MM_NO_PFN)
		m->pages[pg->next].prev = pg->prev;
	else
		l->tail[i] = pg->prev;
	pg->next = pg->prev = MM_NO_PFN;
	pg->flags &= ~PG_lru;
	l->nr[i]--;
	g = lru_memcg_of(m, pfn);
	if (g)
		l->memcg_nr[g - 1][i]--;
	lru_gauge(m, l, i);
}

void lru_add(struct mm_machine *m, uint32_t pfn)
{
	struct mm_page *pg = &m->pages[pfn];

	pg->flags &= ~(PG_active | PG_referenced);
	lru_link(m, pfn, 0);
}

void lru_del(struct mm_machine *m, uint32_t pfn)
{
	struct mm_page *pg = &m->pages[pfn];

	lru_unlink(m, pfn);
	pg->flags &= ~(PG_active | PG_referenced);
}

/* folio_activate: to the head of the active list. */
static void lru_activate(struct mm_machine *m, uint32_t pfn)
{
	lru_unlink(m, pfn);
	m->pages[pfn].flags |= PG_active;
	lru_link(m, pfn, 0);
	m->vmstat[MM_VM_PGACTIVATE]++;
}

void lru_mark_accessed(struct mm_machine *m, uint32_t pfn)
{
	struct mm_page *pg = &m->pages[pfn];

	if (!(pg->flags & PG_referenced)) {
		pg->flags |= PG_referenced;
	} else if (!(pg->flags & PG_active)) {
		lru_activate(m, pfn);
		pg->flags &= ~PG_referenced;
	}
}

/* ---- rmap ---- */

/* What to do with each PTE mapping a page. */
enum lru_rmap_op { LRU_RMAP_YOUNG, LRU_RMAP_UNMAP };

/*
 * Walk the PTEs mapping pfn (rmap_walk): a page-cache page is looked up
 * in every VMA mapping its file at its index, an anon page at its address
 * (priv) in every live process (fork keeps the address).  YOUNG counts
 * and clears the young bits (folio_referenced); UNMAP removes the PTEs
 * (try_to_unmap), anon ones becoming swap entry slot.  Returns the
 * count of young PTEs, or of PTEs unmapped.
 */
static int lru_rmap(struct mm_machine *m, uint32_t pfn, enum lru_rmap_op op,
		    unsigned long slot)
{
	struct vm_sys *vs = m->ext;
	struct mm_page *pg = &m->pages[pfn];
	int file = (pg->flags & PG_file) != 0, i, j, n = 0;

	for (i = 0; i < vs->nproc; i++) {
		struct vm_proc *p = &vs->proc[i];

		if (!p->live)
			continue;
		/* an anon page has one address: its VMA is found by it */
		j = file ? 0 : vma_index(p, VM_MMAP_BASE +
					 ((uint64_t)pg->priv << MM_PAGE_SHIFT));
		for (; j < p->nvma; j++) {
			struct vm_vma *v = p->vma[j];
			uint64_t a = file ? v->start +
				((pg->priv - v->pgoff) << MM_PAGE_SHIFT) :
				VM_MMAP_BASE +
				((uint64_t)pg->priv << MM_PAGE_SHIFT);
			uint64_t *pte;

			if (!file && a < v->start)
				break;
			if (file && (v->file != (int)pg->owner + 1 ||
				     pg->priv < v->pgoff))
				continue;
			if (a < v->start || a >= v->end)
				continue;
			pte = vm_pte_lookup(p, a);
			if (!pte || !(*pte & VM_PTE_P) ||
			    (uint32_t)((*pte & VM_PTE_PFN_MASK) >>
				       MM_PAGE_SHIFT) != pfn)
				continue;
			if (op == LRU_RMAP_YOUNG) {
				if (*pte & VM_PTE_A)
					n++;
				*pte &= ~VM_PTE_A;
				continue;
			}
			n++;
			if (file) {
				file_unmap(m, p, pte);
				continue;
			}
			*pte = ((uint64_t)slot << MM_PAGE_SHIFT) | VM_PTE_SWP;
			vs->lru.swap_map[slot]++;
			p->rss_anon--;
			p->swapents++;
			pg->mapcount--;
			pg->refcount--;
		}
	}
	return n;
}

/* ---- swap ---- */

/* get_swap_page: a free slot, or -1 when swap is full (or absent). */
static long lru_swap_alloc(struct vm_lru *l)
{
	unsigned long i, s;

	for (i = 0; i < l->swap_pages; i++) {
		s = (l->swap_next + i) % l->swap_pages;
		if (!l->swap_map[s]) {
			l->swap_next = s + 1;
			l->swap_used++;
			return (long)s;
		}
	}
	return -1;
}

static unsigned long lru_swap_slot(uint64_t pte)
{
	return (unsigned long)((pte & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT);
}

void lru_swap_put(struct mm_machine *m, uint64_t pte)
{
	struct vm_lru *l = lru_of(m);
	unsigned long s = lru_swap_slot(pte);

	if (s < l->swap_pages && l->swap_map[s] && --l->swap_map[s] == 0)
		l->swap_used--;
}

void lru_swap_dup(struct mm_machine *m, uint64_t pte)
{
	struct vm_lru *l = lru_of(m);
	unsigned long s = lru_swap_slot(pte);

	if (s < l->swap_pages)
		l->swap_map[s]++;
}

int lru_swapin(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
	       uint64_t *pte, uint64_t addr, int write)
{
	uint64_t old = *pte;
	uint32_t pfn;
	int r;

	(void)v;
	r = vm_new_page(m, p, addr, &pfn);
	if (r)
		return r < 0 ? r : 0;
	lru_swap_put(m, old);
	p->swapents--;
	p->rss_anon++;
	p->majflt++;
	m->vmstat[MM_VM_PGFAULT]++;
	m->vmstat[MM_VM_PGMAJFAULT]++;
	m->vmstat[MM_VM_PSWPIN]++;
	*pte = ((uint64_t)pfn << MM_PAGE_SHIFT) | VM_PTE_P | VM_PTE_US |
	       VM_PTE_A | VM_PTE_NX;
	if (write)
		*pte |= VM_PTE_RW | VM_PTE_D;
	if (m->event)
		mm_emit(m, MM_EV_FAULT, lru_fr_swapin, LRU_NFR(lru_fr_swapin),
			"%s %s 0x%llx: major fault, swap slot %lu read into "
			"pfn %u", p->name, write ? "write" : "read",
			(unsigned long long)addr, lru_swap_slot(old), pfn);
	return 0;
}

/* ---- reclaim ---- */

/* Size of list i in the lruvec reclaim works on: the node's, or the
 * target memcg's share (lruvec_lru_size). */
static unsigned long lru_size(struct vm_lru *l, int memcg, int i)
{
	return memcg ? l->memcg_nr[memcg - 1][i] : l->nr[i];
}

/* inactive_is_low(): inactive * inactive_ratio < active (memcg: in the
 * group's lruvec). */
static int lru_inactive_is_low(struct vm_lru *l, int memcg, int file)
{
	unsigned long in = lru_size(l, memcg, file ? VM_LRU_INACTIVE_FILE :
				    VM_LRU_INACTIVE_ANON);
	unsigned long act = lru_size(l, memcg, file ? VM_LRU_ACTIVE_FILE :
				     VM_LRU_ACTIVE_ANON);
	unsigned long gb = (in + act) >> (30 - MM_PAGE_SHIFT), ratio = 1;

	if (gb)
		while ((ratio + 1) * (ratio + 1) <= 10 * gb)
			ratio++;	/* int_sqrt(10 * gb) */
	return in * ratio < act;
}

/* Swap is usable: the device exists and has a free slot. */
static int lru_can_swap(struct vm_lru *l)
{
	return l->swap_pages && l->swap_used < l->swap_pages;
}

/* The page nearest the tail of list i, from pfn towards the head, that
 * belongs to the lruvec scanned (memcg: charged to it); MM_NO_PFN. */
static uint32_t lru_scan_from(struct mm_machine *m, int memcg, uint32_t pfn)
{
	while (memcg && pfn != MM_NO_PFN && lru_memcg_of(m, pfn) != memcg)
		pfn = m->pages[pfn].prev;
	return pfn;
}

/* shrink_active_list: deactivate up to nr pages from the tail (no
 * VM_EXEC in the simulator, so every scanned page moves).  Memcg reclaim
 * counts no global pgrefill. */
static void lru_shrink_active(struct mm_machine *m, int memcg, int file,
			      unsigned long nr)
{
	struct vm_lru *l = lru_of(m);
	int i = file ? VM_LRU_ACTIVE_FILE : VM_LRU_ACTIVE_ANON;
	uint32_t pfn = lru_scan_from(m, memcg, l->tail[i]);

	while (nr-- && pfn != MM_NO_PFN) {
		uint32_t next = lru_scan_from(m, memcg, m->pages[pfn].prev);

		if (!memcg)
			m->vmstat[MM_VM_PGREFILL]++;
		lru_rmap(m, pfn, LRU_RMAP_YOUNG, 0);
		lru_unlink(m, pfn);
		m->pages[pfn].flags &= ~PG_active;
		lru_link(m, pfn, 0);
		m->vmstat[MM_VM_PGDEACTIVATE]++;
		pfn = next;
	}
}

/* What shrink_folio_list decides for one page. */
enum lru_ref { LRU_ACTIVATE, LRU_KEEP, LRU_RECLAIM };

/* folio_check_references (VM_LOCKED and VM_EXEC are not simulated). */
static enum lru_ref lru_check_references(struct mm_machine *m, uint32_t pfn)
{
	struct mm_page *pg = &m->pages[pfn];
	int ptes = lru_rmap(m, pfn, LRU_RMAP_YOUNG, 0);
	int ref = (pg->flags & PG_referenced) != 0;

	pg->flags &= ~PG_referenced;
	if (ptes) {
		pg->flags |= PG_referenced;
		if (ref || ptes > 1)
			return LRU_ACTIVATE;
		return LRU_KEEP;
	}
	return LRU_RECLAIM;	/* RECLAIM_CLEAN for file is the same here */
}

/* Try to free one isolated page: 1 freed, 0 put back (*tail: to the
 * inactive tail after writeback, else to its list's head). */
static int lru_reclaim_one(struct mm_machine *m, struct lru_sc *sc,
			   uint32_t pfn, int *tail)
{
	struct vm_lru *l = lru_of(m);
	struct mm_page *pg = &m->pages[pfn];
	int file = (pg->flags & PG_file) != 0;
	long slot;

	*tail = 0;
	/* an extra reference (a fault in progress): folio_ref_freeze fails */
	if (pg->refcount > pg->mapcount + file)
		return 0;
	switch (lru_check_references(m, pfn)) {
	case LRU_ACTIVATE:
		pg->flags |= PG_active;
		m->vmstat[MM_VM_PGACTIVATE]++;
		return 0;
	case LRU_KEEP:
		return 0;
	case LRU_RECLAIM:
		break;
	}
	if (!file) {
		slot = sc->may_swap ? lru_swap_alloc(l) : -1;
		if (slot < 0) {		/* add_to_swap failed: activate */
			pg->flags |= PG_active;
			m->vmstat[MM_VM_PGACTIVATE]++;
			return 0;
		}
		/* try_to_unmap: every PTE now holds the slot */
		lru_rmap(m, pfn, LRU_RMAP_UNMAP, (unsigned long)slot);
		if (!l->swap_map[slot])
			l->swap_used--;
		m->vmstat[MM_VM_PSWPOUT]++;
		m->vmstat[MM_VM_NR_ANON_PAGES]--;
		pg->flags &= ~(PG_anon | PG_swapbacked | PG_dirty |
			       PG_active | PG_referenced);
		pg->refcount = 1;
		pg->mapcount = 0;
		memcg_uncharge_page(m, pfn, 1);	/* the charge leaves with it */
		mm_buddy_free(m, pfn, 0);
		return 1;
	}
	if (pg->mapcount)
		lru_rmap(m, pfn, LRU_RMAP_UNMAP, 0);
	if (pg->flags & PG_dirty) {
		/* pageout(): the write is instant here; on completion
		 * folio_rotate_reclaimable moves it to the inactive tail */
		pg->flags &= ~PG_dirty;
		m->vmstat[MM_VM_NR_DIRTY]--;
		m->vmstat[MM_VM_PGROTATED]++;
		*tail = 1;
		return 0;
	}
	file_evict(m, pfn);
	return 1;
}

/* shrink_inactive_list: isolate up to nr pages from the tail, reclaim
 * what shrink_folio_list can, put the rest back. */
static unsigned long lru_shrink_inactive(struct mm_machine *m,
					 struct lru_sc *sc, int file,
					 unsigned long nr)
{
	struct vm_lru *l = lru_of(m);
	int i = file ? VM_LRU_INACTIVE_FILE : VM_LRU_INACTIVE_ANON;
	uint32_t batch[LRU_SWAP_CLUSTER_MAX];
	int back[LRU_SWAP_CLUSTER_MAX];
	unsigned long n = 0, k, freed = 0;
	uint32_t pfn = lru_scan_from(m, sc->memcg, l->tail[i]);

	while (n < nr && n < LRU_SWAP_CLUSTER_MAX && pfn != MM_NO_PFN) {
		batch[n] = pfn;
		pfn = lru_scan_from(m, sc->memcg, m->pages[pfn].prev);
		lru_unlink(m, batch[n]);
		n++;
	}
	sc->nr_scanned += n;
	if (!sc->memcg)		/* cgroup_reclaim(): memory.stat only */
		m->vmstat[sc->direct ? MM_VM_PGSCAN_DIRECT :
			  MM_VM_PGSCAN_KSWAPD] += n;
	for (k = 0; k < n; k++) {
		int tail;

		back[k] = -1;
		if (lru_reclaim_one(m, sc, batch[k], &tail))
			freed++;
		else
			back[k] = tail;
	}
	for (k = 0; k < n; k++)
		if (back[k] >= 0)
			lru_link(m, batch[k], back[k]);
	if (!sc->memcg)
		m->vmstat[sc->direct ? MM_VM_PGSTEAL_DIRECT :
			  MM_VM_PGSTEAL_KSWAPD] += freed;
	return freed;
}

/* prepare_scan_count's file_is_tiny: file + free pages under the sum of
 * the high watermarks, and anon worth scanning: reclaim anon only. */
static int lru_file_is_tiny(struct mm_machine *m, struct vm_lru *l,
			    struct lru_sc *sc)
{
	unsigned long high = 0;
	int zi;

	for (zi = 0; zi < MM_NR_ZONES; zi++)
		high += m->zones[zi].wmark[MM_WMARK_HIGH];
	return l->nr[VM_LRU_INACTIVE_FILE] + l->nr[VM_LRU_ACTIVE_FILE] +
	       mm_free_pages(m) <= high && !sc->may_deactivate[0] &&
	       (l->nr[VM_LRU_INACTIVE_ANON] >> sc->priority);
}

/*
 * get_scan_count: how much of each list to scan at sc->priority.  The
 * balance: file only without swap; equal at priority 0; anon only when
 * file is tiny; file only in cache_trim_mode (inactive file big enough
 * and not low); else anon:file as swappiness 60 : 140 (no I/O costs
 * recorded yet in the simulator).
 */
static void lru_scan_count(struct mm_machine *m, struct vm_lru *l,
			   struct lru_sc *sc, unsigned long nr[VM_NR_LRU])
{
	enum { SCAN_FRACT, SCAN_EQUAL, SCAN_ANON, SCAN_FILE } bal;
	int i;

	if (!sc->may_swap)
		bal = SCAN_FILE;
	else if (!sc->priority)
		bal = SCAN_EQUAL;
	else if (!sc->memcg && lru_file_is_tiny(m, l, sc))
		bal = SCAN_ANON;	/* only for global reclaim */
	else if ((lru_size(l, sc->memcg, VM_LRU_INACTIVE_FILE) >>
		  sc->priority) &&
		 !sc->may_deactivate[1])
		bal = SCAN_FILE;	/* cache_trim_mode */
	else
		bal = SCAN_FRACT;
	for (i = 0; i < VM_NR_LRU; i++) {
		int file = i >= VM_LRU_INACTIVE_FILE;
		unsigned long scan = lru_size(l, sc->memcg, i) >>
				     sc->priority;

		if ((bal == SCAN_FILE && !file) || (bal == SCAN_ANON && file))
			scan = 0;
		else if (bal == SCAN_FRACT)
			scan = scan * (file ? 140 : 60) / 201;
		nr[i] = scan;
	}
}

/* shrink_node -> shrink_lruvec at sc->priority. */
static void lru_shrink_node(struct mm_machine *m, struct lru_sc *sc)
{
	struct vm_lru *l = lru_of(m);
	unsigned long nr[VM_NR_LRU], reclaimed = 0, n;
	int i;

	sc->may_swap = lru_can_swap(l);
	sc->may_deactivate[0] = lru_inactive_is_low(l, sc->memcg, 0);
	sc->may_deactivate[1] = lru_inactive_is_low(l, sc->memcg, 1);
	lru_scan_count(m, l, sc, nr);
	while (nr[VM_LRU_INACTIVE_ANON] || nr[VM_LRU_ACTIVE_FILE] ||
	       nr[VM_LRU_INACTIVE_FILE]) {
		for (i = 0; i < VM_NR_LRU; i++) {
			int file = i >= VM_LRU_INACTIVE_FILE;

			if (!nr[i])
				continue;
			n = nr[i] < LRU_SWAP_CLUSTER_MAX ? nr[i] :
				LRU_SWAP_CLUSTER_MAX;
			nr[i] -= n;
			if (i == VM_LRU_ACTIVE_ANON ||
			    i == VM_LRU_ACTIVE_FILE) {
				if (sc->may_deactivate[file])
					lru_shrink_active(m, sc->memcg, file,
							  n);
				continue;
			}
			reclaimed += lru_shrink_inactive(m, sc, file, n);
		}
		if (reclaimed >= sc->nr_to_reclaim)
			break;
	}
	if (sc->may_swap && lru_inactive_is_low(l, sc->memcg, 0))
		lru_shrink_active(m, sc->memcg, 0, LRU_SWAP_CLUSTER_MAX);
	sc->nr_reclaimed += reclaimed;
}

int lru_balanced(struct mm_machine *m, int highest)
{
	int zi, any = 0;

	for (zi = 0; zi <= highest && zi < MM_NR_ZONES; zi++) {
		struct mm_zone *z = &m->zones[zi];

		if (!z->managed)
			continue;
		any = 1;
		if (z->nr_free > z->wmark[MM_WMARK_HIGH] +
		    mm_buddy_lowmem_reserve(m, zi, highest))
			return 1;
	}
	return !any;
}

unsigned long lru_kswapd(struct mm_machine *m, int highest)
{
	struct vm_lru *l = lru_of(m);
	struct lru_sc sc = { .priority = LRU_DEF_PRIORITY };
	unsigned long before, scanned0 = m->vmstat[MM_VM_PGSCAN_KSWAPD];
	int zi;

	m->vmstat[MM_VM_KSWAPD_WAKE]++;		/* pageoutrun */
	do {
		if (lru_balanced(m, highest))
			break;
		/* kswapd_age_node */
		if (lru_can_swap(l) && lru_inactive_is_low(l, 0, 0))
			lru_shrink_active(m, 0, 0, LRU_SWAP_CLUSTER_MAX);
		sc.nr_to_reclaim = 0;
		for (zi = 0; zi <= highest && zi < MM_NR_ZONES; zi++) {
			unsigned long h = m->zones[zi].wmark[MM_WMARK_HIGH];

			if (m->zones[zi].managed)
				sc.nr_to_reclaim += h > LRU_SWAP_CLUSTER_MAX ?
					h : LRU_SWAP_CLUSTER_MAX;
		}
		sc.nr_scanned = 0;
		before = sc.nr_reclaimed;
		lru_shrink_node(m, &sc);
		if (sc.nr_scanned < sc.nr_to_reclaim ||
		    sc.nr_reclaimed == before)
			sc.priority--;
	} while (sc.priority >= 1);
	if (m->event)
		mm_emit(m, MM_EV_RECLAIM, lru_fr_kswapd, LRU_NFR(lru_fr_kswapd),
			"kswapd: scanned %lu, reclaimed %lu, stopped at "
			"priority %d, %s (free %lu)",
			m->vmstat[MM_VM_PGSCAN_KSWAPD] - scanned0,
			sc.nr_reclaimed, sc.priority,
			lru_balanced(m, highest) ? "balanced: a zone is above "
			"high" : "not balanced", mm_free_pages(m));
	return sc.nr_reclaimed;
}

unsigned long lru_direct(struct mm_machine *m)
{
	struct lru_sc sc = {
		.direct = 1, .priority = LRU_DEF_PRIORITY,
		.nr_to_reclaim = LRU_SWAP_CLUSTER_MAX,
	};
	unsigned long scanned0 = m->vmstat[MM_VM_PGSCAN_DIRECT];

	do {
		lru_shrink_node(m, &sc);
		if (sc.nr_reclaimed >= sc.nr_to_reclaim)
			break;
	} while (--sc.priority >= 0);
	if (m->event)
		mm_emit(m, MM_EV_RECLAIM, lru_fr_direct, LRU_NFR(lru_fr_direct),
			"direct reclaim: scanned %lu, reclaimed %lu",
			m->vmstat[MM_VM_PGSCAN_DIRECT] - scanned0,
			sc.nr_reclaimed);
	return sc.nr_reclaimed;
}

unsigned long lru_memcg_reclaim(struct mm_machine *m, int memcg,
				unsigned long nr)
{
	struct vm_lru *l = lru_of(m);
	struct lru_sc sc = {
		.direct = 1, .memcg = memcg + 1, .priority = LRU_DEF_PRIORITY,
		.nr_to_reclaim = nr > LRU_SWAP_CLUSTER_MAX ? nr :
				 LRU_SWAP_CLUSTER_MAX,
	};
	unsigned long scanned = 0;

	if (l->in_reclaim)
		return 0;
	l->in_reclaim = 1;
	do {
		sc.nr_scanned = 0;
		lru_shrink_node(m, &sc);
		scanned += sc.nr_scanned;
		if (sc.nr_reclaimed >= sc.nr_to_reclaim)
			break;
	} while (--sc.priority >= 0);
	l->in_reclaim = 0;
	if (m->event)
		mm_emit(m, MM_EV_RECLAIM, lru_fr_memcg, LRU_NFR(lru_fr_memcg),
			"memcg %s reclaim: scanned %lu, reclaimed %lu",
			((struct vm_sys *)m->ext)->memcg[memcg].name, scanned,
			sc.nr_reclaimed);
	return sc.nr_reclaimed;
}

/* The zone index an allocation may use at most (gfp_zone). */
static int lru_gfp_highest(int gfp)
{
	if (gfp == MM_GFP_DMA)
		return MM_ZONE_DMA;
	if (gfp == MM_GFP_DMA32)
		return MM_ZONE_DMA32;
	return MM_ZONE_NORMAL;
}

/* m->reclaim_hook: kswapd is marked pending (it runs when the line ends);
 * direct reclaim runs now. */
static unsigned long lru_hook(struct mm_machine *m, unsigned order, int gfp,
			      int direct)
{
	struct vm_lru *l = lru_of(m);
	unsigned long r;

	(void)order;
	if (l->in_reclaim)
		return 0;
	if (!direct) {
		if (!l->kswapd_pending ||
		    lru_gfp_highest(gfp) > l->kswapd_highest)
			l->kswapd_highest = lru_gfp_highest(gfp);
		l->kswapd_pending = 1;
		return 0;
	}
	l->in_reclaim = 1;
	r = lru_direct(m);
	l->in_reclaim = 0;
	return r;
}

void lru_kswapd_pending(struct mm_machine *m)
{
	struct vm_sys *vs = m->ext;
	struct vm_lru *l;

	if (!vs || m->reclaim_hook != lru_hook)
		return;
	l = &vs->lru;
	if (!l->kswapd_pending)
		return;
	l->kswapd_pending = 0;
	l->in_reclaim = 1;
	lru_kswapd(m, l->kswapd_highest);
	l->in_reclaim = 0;
}

int lru_init(struct mm_machine *m, struct vm_sys *vs)
{
	struct vm_lru *l = &vs->lru;
	int i;

	for (i = 0; i < VM_NR_LRU; i++)
		l->head[i] = l->tail[i] = MM_NO_PFN;
	l->swap_pages = (unsigned long)(m->cfg.swap_bytes >> MM_PAGE_SHIFT);
	if (l->swap_pages) {
		l->swap_map = calloc(l->swap_pages, sizeof(*l->swap_map));
		if (!l->swap_map)
			return mm_err(m, -ENOMEM, "cannot allocate the swap "
				      "map");
	}
	m->reclaim_hook = lru_hook;
	vs->memcg_reclaim = lru_memcg_reclaim;
	return 0;
}

void lru_free(struct vm_sys *vs)
{
	free(vs->lru.swap_map);
	vs->lru.swap_map = NULL;
}

int lru_pressure(struct mm_machine *m, unsigned long n, unsigned long *got)
{
	uint32_t pfn;
	int r;

	for (*got = 0; *got < n; (*got)++) {
		/* may reclaim and OOM-kill (buddy.c's slow path) */
		r = mm_buddy_alloc(m, 0, MM_GFP_KERNEL, MM_OWNER_KERNEL, 1,
				   &pfn);
		if (r)
			return r;
	}
	return 0;
}

/* One /proc/meminfo line (show_val_kb). */
static void lru_kb(struct mm_buf *b, const char *name, unsigned long pages)
{
	char label[20];

	snprintf(label, sizeof(label), "%s:", name);
	mm_buf_printf(b, "%-16s%8lu kB\n", label,
		      pages << (MM_PAGE_SHIFT - 10));
}

void lru_meminfo(struct mm_machine *m, struct mm_buf *b)
{
	struct vm_lru *l = lru_of(m);
	unsigned long total = 0;
	int zi;

	for (zi = 0; zi < MM_NR_ZONES; zi++)
		total += m->zones[zi].managed;
	lru_kb(b, "MemTotal", total);
	lru_kb(b, "MemFree", mm_free_pages(m));
	lru_kb(b, "Cached", m->vmstat[MM_VM_NR_FILE_PAGES]);
	lru_kb(b, "Active", l->nr[VM_LRU_ACTIVE_ANON] +
	       l->nr[VM_LRU_ACTIVE_FILE]);
	lru_kb(b, "Inactive", l->nr[VM_LRU_INACTIVE_ANON] +
	       l->nr[VM_LRU_INACTIVE_FILE]);
	lru_kb(b, "Active(anon)", l->nr[VM_LRU_ACTIVE_ANON]);
	lru_kb(b, "Inactive(anon)", l->nr[VM_LRU_INACTIVE_ANON]);
	lru_kb(b, "Active(file)", l->nr[VM_LRU_ACTIVE_FILE]);
	lru_kb(b, "Inactive(file)", l->nr[VM_LRU_INACTIVE_FILE]);
	lru_kb(b, "SwapTotal", l->swap_pages);
	lru_kb(b, "SwapFree", l->swap_pages - l->swap_used);
	lru_kb(b, "Dirty", m->vmstat[MM_VM_NR_DIRTY]);
	lru_kb(b, "AnonPages", m->vmstat[MM_VM_NR_ANON_PAGES]);
	lru_kb(b, "Mapped", m->vmstat[MM_VM_NR_MAPPED]);
	lru_kb(b, "AnonHugePages", m->vmstat[MM_VM_NR_ANON_THPS] *
	       VM_HPAGE_NR);
}
