// SPDX-License-Identifier: GPL-2.0
/*
 * thp.c - anonymous transparent huge pages as in 6.1 (mm/huge_memory.c,
 * mm/memory.c): which faults get a PMD-sized folio (hugepage_vma_check +
 * transhuge_vma_suitable), do_huge_pmd_anonymous_page (an order-9 folio,
 * or the huge zero page for a read), do_huge_pmd_wp_page (reuse, or split
 * and fall back to 4 KiB faults), zap_huge_pmd, change_huge_pmd,
 * copy_huge_pmd and __split_huge_pmd, and madvise(HUGEPAGE, NOHUGEPAGE,
 * DONTNEED).
 *
 * A huge PMD entry has VM_PTE_PSE and the 2 MiB frame's head pfn; the PTE
 * table the kernel deposits (pgtable_trans_huge_deposit) hangs in the PMD
 * table's next[] slot, empty, and becomes the PTE table at a split.
 *
 * An anonymous folio stays one order-9 block for as long as anything
 * maps it, as in 6.1: __split_huge_pmd() splits one process's PMD into
 * 512 PTEs of its subpages and leaves the folio (and every other
 * process's PMD) alone; split_huge_page() would come from the deferred
 * split shrinker under memory pressure, which is not modelled, so the
 * whole 2 MiB stay allocated until the last mapping goes.  The counts
 * (6.1's with PG_double_map): the head frame's refcount is the folio's
 * (one per PMD and one per subpage PTE mapping it), its mapcount the
 * compound (PMD) mapcount; each frame's priv counts the PTEs mapping
 * that subpage, and its PG_anon_exclusive flag is the subpage's.
 * NR_ANON_MAPPED counts a subpage while a PMD or a PTE maps it,
 * NR_ANON_THPS the folios a PMD maps.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/vm.h"

#define THP_MASK	(~(VM_HPAGE_SIZE - 1))

static const char *const thp_fr_alloc[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"create_huge_pmd", "do_huge_pmd_anonymous_page",
	"__do_huge_pmd_anonymous_page",
};
static const char *const thp_fr_zero[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"create_huge_pmd", "do_huge_pmd_anonymous_page",
	"set_huge_zero_page",
};
static const char *const thp_fr_fallback[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"create_huge_pmd", "do_huge_pmd_anonymous_page",
	"count_vm_event(THP_FAULT_FALLBACK)",
};
static const char *const thp_fr_wp_split[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"wp_huge_pmd", "do_huge_pmd_wp_page", "__split_huge_pmd",
};
static const char *const thp_fr_wp_reuse[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"wp_huge_pmd", "do_huge_pmd_wp_page",
	"maybe_pmd_mkwrite(pmd_mkdirty)",
};
static const char *const thp_fr_split[] = {
	"__split_huge_pmd", "__split_huge_pmd_locked",
};

#define THP_EMIT(m, type, fr, ...) do {					\
	if ((m)->event)							\
		mm_emit((m), (type), (fr),				\
			(int)(sizeof(fr) / sizeof((fr)[0])), __VA_ARGS__); \
} while (0)

static uint32_t thp_pfn(uint64_t e)
{
	return (uint32_t)((e & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT);
}

static int thp_is_zero(struct vm_sys *vs, uint64_t e)
{
	return vs->have_huge_zero && thp_pfn(e) == vs->huge_zero_pfn;
}

uint64_t *thp_pmd_lookup(struct vm_proc *p, uint64_t addr)
{
	struct vm_pt *t = vm_pt_walk(NULL, p, addr, 2);

	return t ? &t->e[vm_pt_index(addr, 2)] : NULL;
}

/*
 * hugepage_vma_check() (mm/huge_memory.c) at fault time: only anonymous
 * VMAs (vma_is_anonymous()) get a huge PMD.  A file mapping, private or
 * shared, never does: file_thp_enabled() is tried only outside a fault
 * (khugepaged, smaps), needs VM_EXEC and CONFIG_READ_ONLY_THP_FOR_FS,
 * which Debian's 6.1 leaves unset; shmem files are not simulated.  So
 * smaps' THPeligible is 0 for a file VMA too.
 */
int thp_vma_eligible(struct mm_machine *m, const struct vm_vma *v,
		     uint64_t addr)
{
	uint64_t haddr = addr & THP_MASK;

	if (v->file || v->shared || (v->thp & VM_NOHUGEPAGE))
		return 0;
	if (m->cfg.thp == MM_THP_NEVER)
		return 0;
	if (m->cfg.thp == MM_THP_MADVISE && !(v->thp & VM_HUGEPAGE))
		return 0;
	/* transhuge_vma_suitable(): the whole 2 MiB inside the VMA */
	return haddr >= v->start && haddr + VM_HPAGE_SIZE <= v->end;
}

/* mm_get_huge_zero_page(): allocated on first use with (GFP_TRANSHUGE |
 * __GFP_ZERO) & ~__GFP_MOVABLE (direct reclaim, __GFP_NOWARN; a costly
 * order: no OOM kill), never freed here. */
static int thp_huge_zero(struct mm_machine *m, struct vm_sys *vs)
{
	if (vs->have_huge_zero)
		return 0;
	if (mm_buddy_alloc(m, VM_HPAGE_ORDER, MM_GFP_HIGHUSER_MOVABLE |
			   MM_GFP_NOWARN, MM_OWNER_KERNEL, 0,
			   &vs->huge_zero_pfn))
		return -ENOMEM;
	m->pages[vs->huge_zero_pfn].flags |= PG_zero;
	m->vmstat[MM_VM_THP_ZERO_PAGE_ALLOC]++;
	vs->have_huge_zero = 1;
	return 0;
}

/*
 * pte_alloc_one(): the PTE table the kernel deposits with every huge PMD
 * (pgtable_trans_huge_deposit(), mm_inc_nr_ptes()); it hangs in
 * t->next[i] until a split withdraws it.  0, 1 when the allocation's OOM
 * kill took p (t is gone with p's tables), or -ENOMEM.
 */
static int thp_deposit(struct mm_machine *m, struct vm_proc *p,
		       struct vm_pt *t, unsigned i)
{
	struct vm_pt *d;
	int r = vm_pt_new(m, p, 0, &d);

	if (r)
		return r;
	t->next[i] = d;
	p->nr_pt++;
	return 0;
}

static void thp_count_fault(struct mm_machine *m, struct vm_proc *p)
{
	p->minflt++;
	m->vmstat[MM_VM_PGFAULT]++;
}

/* An order-9 folio for a write fault (vma_thp_gfp_mask(), the default
 * defrag=madvise): GFP_TRANSHUGE (direct reclaim) with MADV_HUGEPAGE,
 * else GFP_TRANSHUGE_LIGHT | __GFP_NORETRY (no reclaim, no kswapd);
 * __GFP_NOWARN either way, and a costly order never OOM-kills. */
static int thp_alloc_folio(struct mm_machine *m, struct vm_proc *p,
			   struct vm_vma *v, uint32_t *pfn)
{
	struct vm_sys *vs = m->ext;
	unsigned gfp = (v->thp & VM_HUGEPAGE) ? MM_GFP_HIGHUSER_MOVABLE :
		       MM_GFP_TRANSHUGE_LIGHT | MM_GFP_NORETRY;

	return mm_buddy_alloc(m, VM_HPAGE_ORDER, gfp | MM_GFP_NOWARN,
			      MM_OWNER_PROC, (uint32_t)(p - vs->proc), pfn) ?
	       -ENOMEM : 0;
}

/*
 * page_add_new_anon_rmap() of a new folio: exclusive, one PMD mapping,
 * no subpage mapped by a PTE, NR_ANON_MAPPED and NR_ANON_THPS up by 512.
 * The folio is kept off the LRU lists (not reclaimed while huge).
 */
static void thp_folio_init(struct mm_machine *m, uint32_t head)
{
	unsigned j;

	for (j = 0; j < VM_HPAGE_NR; j++) {
		m->pages[head + j].priv = 0;
		m->pages[head + j].mapcount = 0;
		if (j)
			m->pages[head + j].flags = 0;
	}
	m->pages[head].flags |= PG_anon | PG_swapbacked | PG_dirty |
				PG_anon_exclusive;
	m->pages[head].mapcount = 1;
	m->vmstat[MM_VM_NR_ANON_PAGES] += VM_HPAGE_NR;
	m->vmstat[MM_VM_NR_ANON_THPS]++;
}

void thp_folio_free(struct mm_machine *m, uint32_t head)
{
	unsigned j;

	memcg_uncharge_page(m, head, VM_HPAGE_NR);
	for (j = 1; j < VM_HPAGE_NR; j++)
		m->pages[head + j].flags = 0;
	m->pages[head].refcount = 1;	/* mm_buddy_free wants an owner */
	m->pages[head].flags &= ~(PG_anon | PG_swapbacked | PG_dirty |
				  PG_anon_exclusive);
	mm_buddy_free(m, head, VM_HPAGE_ORDER);
}

/* One PMD mapping fewer (page_remove_anon_compound_rmap() + put_page()):
 * the subpages no PTE maps leave NR_ANON_MAPPED with the last PMD. */
static void thp_compound_unmap(struct mm_machine *m, uint32_t head)
{
	struct mm_page *h = &m->pages[head];
	unsigned j;

	if (--h->mapcount == 0) {
		m->vmstat[MM_VM_NR_ANON_THPS]--;
		for (j = 0; j < VM_HPAGE_NR; j++)
			if (!m->pages[head + j].priv)
				m->vmstat[MM_VM_NR_ANON_PAGES]--;
	}
	vm_put_page(m, head);
}

void thp_pte_dup(struct mm_machine *m, uint32_t pfn)
{
	m->pages[pfn].priv++;
	m->pages[vm_folio(m, pfn)].refcount++;
}

void thp_pte_unmap(struct mm_machine *m, uint32_t pfn)
{
	uint32_t head = vm_folio(m, pfn);

	if (--m->pages[pfn].priv == 0 && !m->pages[head].mapcount)
		m->vmstat[MM_VM_NR_ANON_PAGES]--;
	vm_put_page(m, pfn);
}

/* do_huge_pmd_anonymous_page(): 0 mapped, 1 fall back, -errno. */
static int thp_anon_fault(struct mm_machine *m, struct vm_proc *p,
			  struct vm_vma *v, uint64_t addr, int write)
{
	struct vm_sys *vs = m->ext;
	uint64_t haddr = addr & THP_MASK;
	struct vm_pt *t = vm_pt_walk(m, p, addr, 2);
	unsigned i = vm_pt_index(addr, 2);
	uint32_t pfn;
	int r;

	if (!t)
		return p->live ? -ENOMEM : 0;
	/* anon_vma_prepare() comes first, the huge zero page too */
	v->has_anon = 1;
	if (!write && !vs->thp_no_zero) {
		r = thp_deposit(m, p, t, i);
		if (r)
			return r < 0 ? r : 0;
		if (thp_huge_zero(m, vs)) {
			/* pte_free() of the table taken first */
			vm_pt_free(m, t->next[i], 0);
			t->next[i] = NULL;
			p->nr_pt--;
			m->vmstat[MM_VM_THP_FAULT_FALLBACK]++;
			return 1;
		}
		/* read-only, like vm_page_prot of a private mapping */
		t->e[i] = ((uint64_t)vs->huge_zero_pfn << MM_PAGE_SHIFT) |
			  VM_PTE_P | VM_PTE_US | VM_PTE_A | VM_PTE_PSE |
			  VM_PTE_NX;
		thp_count_fault(m, p);
		p->zero_maps++;
		THP_EMIT(m, MM_EV_FAULT, thp_fr_zero, "%s read 0x%llx: huge "
			 "zero page (pfn %u, 2 MiB)", p->name,
			 (unsigned long long)haddr, vs->huge_zero_pfn);
		return 0;
	}
	if (thp_alloc_folio(m, p, v, &pfn)) {
		m->vmstat[MM_VM_THP_FAULT_FALLBACK]++;
		THP_EMIT(m, MM_EV_FAULT, thp_fr_fallback, "%s write 0x%llx: "
			 "no free 2 MiB block, fall back to 4 KiB pages",
			 p->name, (unsigned long long)haddr);
		return 1;
	}
	r = memcg_charge(m, p, VM_HPAGE_NR);
	if (r) {
		/* order 9: never a memcg OOM kill, the charge just fails */
		mm_buddy_free(m, pfn, VM_HPAGE_ORDER);
		m->vmstat[MM_VM_THP_FAULT_FALLBACK]++;
		m->vmstat[MM_VM_THP_FAULT_FALLBACK_CHARGE]++;
		THP_EMIT(m, MM_EV_FAULT, thp_fr_fallback, "%s write 0x%llx: "
			 "memcg charge of 512 pages failed, fall back",
			 p->name, (unsigned long long)haddr);
		return 1;
	}
	memcg_commit_page(m, p, pfn, VM_HPAGE_NR);
	r = thp_deposit(m, p, t, i);
	if (r) {
		memcg_uncharge_page(m, pfn, VM_HPAGE_NR);
		mm_buddy_free(m, pfn, VM_HPAGE_ORDER);
		return r < 0 ? r : 0;
	}
	thp_folio_init(m, pfn);
	t->e[i] = ((uint64_t)pfn << MM_PAGE_SHIFT) | VM_PTE_P | VM_PTE_RW |
		  VM_PTE_US | VM_PTE_A | VM_PTE_D | VM_PTE_PSE | VM_PTE_NX;
	p->rss_anon += VM_HPAGE_NR;
	p->thp++;
	m->vmstat[MM_VM_THP_FAULT_ALLOC]++;
	thp_count_fault(m, p);
	THP_EMIT(m, MM_EV_FAULT, thp_fr_alloc, "%s write 0x%llx: 2 MiB "
		 "folio at pfn %u", p->name, (unsigned long long)haddr, pfn);
	return 0;
}

/* __split_huge_pmd_locked() of one huge PMD: the deposited table gets
 * 512 PTEs (the small zero page, or the folio's subpages). */
static void thp_split_pmd(struct mm_machine *m, struct vm_proc *p,
			  struct vm_pt *t, unsigned i)
{
	struct vm_sys *vs = m->ext;
	uint64_t e = t->e[i], bits;
	struct vm_pt *pte = t->next[i];
	uint32_t head, excl;
	unsigned j;

	m->vmstat[MM_VM_THP_SPLIT_PMD]++;
	/* pgtable_trans_huge_withdraw() + pmd_populate() */
	t->e[i] = vm_pt_entry(pte);
	if (thp_is_zero(vs, e)) {
		/* __split_huge_zero_page_pmd(): my_zero_pfn, read-only */
		for (j = 0; j < 512; j++)
			pte->e[j] = ((uint64_t)vs->zero_pfn << MM_PAGE_SHIFT) |
				    VM_PTE_P | VM_PTE_US | VM_PTE_A | VM_PTE_NX;
		return;
	}
	/* the PMD's write and young bits, not its dirty bit ("we don't do
	 * pte_mkdirty when dirty==true": the folio is marked dirty);
	 * PageAnonExclusive passes from the head to every subpage */
	bits = VM_PTE_P | VM_PTE_US | VM_PTE_NX |
	       (e & (VM_PTE_RW | VM_PTE_A));
	head = thp_pfn(e);
	excl = m->pages[head].flags & PG_anon_exclusive;
	for (j = 0; j < VM_HPAGE_NR; j++) {
		pte->e[j] = ((uint64_t)(head + j) << MM_PAGE_SHIFT) | bits;
		m->pages[head + j].flags |= excl;
		thp_pte_dup(m, head + j);
	}
	thp_compound_unmap(m, head);
	p->thp--;
}

/* Split p's huge PMD t->e[i] (__split_huge_pmd): only this mapping;
 * the folio and other processes' PMDs stay as they are. */
static void thp_split(struct mm_machine *m, struct vm_proc *p,
		      struct vm_pt *t, unsigned i)
{
	THP_EMIT(m, MM_EV_INFO, thp_fr_split, "%s: split huge %sPMD", p->name,
		 thp_is_zero(m->ext, t->e[i]) ? "zero " : "");
	thp_split_pmd(m, p, t, i);
}

/* A write to a read-only huge PMD: do_huge_pmd_wp_page(). */
static int thp_wp(struct mm_machine *m, struct vm_proc *p, struct vm_pt *t,
		  unsigned i, uint64_t addr)
{
	uint64_t *pmd = &t->e[i];
	uint32_t pfn = thp_pfn(*pmd);

	if (thp_is_zero(m->ext, *pmd)) {
		/* goto fallback: split, then handle_pte_fault -> do_wp_page
		 * copies the one small zero page written (counted there) */
		THP_EMIT(m, MM_EV_FAULT, thp_fr_wp_split, "%s write 0x%llx: "
			 "huge zero PMD split, fall back to 4 KiB", p->name,
			 (unsigned long long)addr);
		thp_split(m, p, t, i);
		return 1;
	}
	if ((m->pages[pfn].flags & PG_anon_exclusive) ||
	    m->pages[pfn].refcount == 1) {
		/* PageAnonExclusive, or page_count() == 1:
		 * page_move_anon_rmap(), then reuse the whole folio */
		m->pages[pfn].flags |= PG_anon_exclusive;
		thp_count_fault(m, p);
		*pmd |= VM_PTE_RW | VM_PTE_D | VM_PTE_A;
		p->reuses++;
		THP_EMIT(m, MM_EV_FAULT, thp_fr_wp_reuse, "%s write 0x%llx: "
			 "reuse 2 MiB folio pfn %u", p->name,
			 (unsigned long long)addr, pfn);
		return 0;
	}
	/* shared after fork: unlock_fallback -> __split_huge_pmd() of the
	 * writer's PMD only, then do_wp_page() copies the 4 KiB page (the
	 * folio's count is far above 1) */
	THP_EMIT(m, MM_EV_FAULT, thp_fr_wp_split, "%s write 0x%llx: shared "
		 "huge PMD split in %s only, fall back to 4 KiB", p->name,
		 (unsigned long long)addr, p->name);
	thp_split(m, p, t, i);
	return 1;
}

int thp_fault(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
	      uint64_t addr, int write, struct vm_pt *t)
{
	unsigned i = vm_pt_index(addr, 2);
	int r;

	if (t && (t->e[i] & VM_PTE_PSE)) {
		if (!write || (t->e[i] & VM_PTE_RW)) {
			/* no fault: the hardware sets A and D */
			t->e[i] |= VM_PTE_A | (write ? VM_PTE_D : 0);
			return 0;
		}
		r = thp_wp(m, p, t, i, addr);	/* 1: after a split */
		return r == 1 ? 2 : r;
	}
	/* pmd_none(): no PTE table yet, and the VMA allows a huge page */
	if ((t && (t->e[i] || t->next[i])) || !thp_vma_eligible(m, v, addr))
		return 1;
	/* 1: maybe after allocating tables or a deposit */
	r = thp_anon_fault(m, p, v, addr, write);
	return r == 1 ? 2 : r;
}

void thp_put_pmd(struct mm_machine *m, struct vm_proc *p, uint64_t *pmd)
{
	struct vm_sys *vs = m->ext;
	uint32_t pfn = thp_pfn(*pmd);
	uint64_t e = *pmd;

	*pmd = 0;
	if (!(e & VM_PTE_PSE) || thp_is_zero(vs, e))
		return;
	p->rss_anon -= VM_HPAGE_NR;
	p->thp--;
	thp_compound_unmap(m, pfn);
}

int thp_fork_pmd(struct mm_machine *m, struct vm_proc *parent,
		 struct vm_proc *c, uint64_t addr)
{
	unsigned i = vm_pt_index(addr, 2);
	struct vm_pt *dp, *d;
	uint64_t *src;
	uint32_t pfn;
	int r;

	/* copy_pmd_range(): the child's PMD table, then copy_huge_pmd()'s
	 * pte_alloc_one() for the table to deposit */
	dp = vm_pt_walk(m, c, addr, 2);
	if (!parent->live)
		return 1;
	if (!dp)
		return -ENOMEM;
	r = vm_pt_new(m, c, 0, &d);
	if (!parent->live) {
		if (!r)
			vm_pt_free(m, d, 0);
		return 1;
	}
	if (r)
		return r;
	dp->next[i] = d;
	c->nr_pt++;
	src = &vm_pt_walk(NULL, parent, addr, 2)->e[i];
	pfn = thp_pfn(*src);
	if (thp_is_zero(m->ext, *src)) {
		dp->e[i] = *src & ~VM_PTE_A;
		return 0;
	}
	/* share, write-protect both; the child's is old (pmd_mkold);
	 * page_try_dup_anon_rmap() clears PageAnonExclusive */
	*src &= ~VM_PTE_RW;
	dp->e[i] = *src & ~VM_PTE_A;
	m->pages[pfn].flags &= ~PG_anon_exclusive;
	m->pages[pfn].refcount++;
	m->pages[pfn].mapcount++;
	c->rss_anon += VM_HPAGE_NR;
	c->thp++;
	return 0;
}

void thp_zap_range(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		   uint64_t end, int zap)
{
	uint64_t x;

	for (x = start & THP_MASK; x < end; x += VM_HPAGE_SIZE) {
		struct vm_pt *t = vm_pt_walk(NULL, p, x, 2);
		unsigned i = vm_pt_index(x, 2);
		int whole = x >= start && x + VM_HPAGE_SIZE <= end;

		if (!t || !(t->e[i] & VM_PTE_PSE))
			continue;
		if (!whole) {
			thp_split(m, p, t, i);
		} else if (zap) {
			/* zap_huge_pmd(): the folio and the deposited
			 * table go (zap_deposited_table) */
			thp_put_pmd(m, p, &t->e[i]);
			vm_pt_free(m, t->next[i], 0);
			t->next[i] = NULL;
			p->nr_pt--;
		}
	}
}

void thp_protect_range(struct mm_machine *m, struct vm_proc *p,
		       uint64_t start, uint64_t end, int prot)
{
	uint64_t x;

	(void)m;
	/* change_huge_pmd() in 6.1 only removes write; adding it leaves the
	 * PMD read-only until a write fault reuses it */
	if (prot & VM_PROT_W)
		return;
	for (x = start & THP_MASK; x < end; x += VM_HPAGE_SIZE) {
		uint64_t *pmd = thp_pmd_lookup(p, x);

		if (pmd && (*pmd & VM_PTE_PSE))
			*pmd &= ~VM_PTE_RW;
	}
}

/* madvise(MADV_HUGEPAGE / MADV_NOHUGEPAGE): VMA flags, splitting the
 * VMAs at the range's ends (madvise_update_vma). */
static int thp_madvise_flags(struct mm_machine *m, struct vm_proc *p,
			     uint64_t start, uint64_t end, int advice)
{
	int i, r;

	/* madvise_vma_behavior() turns split_vma()'s -ENOMEM into -EAGAIN */
	r = vma_split_range_check(m, p, start, end, -EAGAIN, "madvise");
	if (!r)
		r = vma_split_range(m, p, start, end);
	if (r)
		return r;
	for (i = vma_index(p, start); i < p->nvma && p->vma[i]->end <= end;
	     i++)
		p->vma[i]->thp = advice == VM_MADV_HUGEPAGE ? VM_HUGEPAGE :
				 VM_NOHUGEPAGE;
	vma_merge_range(p, start, end);
	return 0;
}

int thp_madvise(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		uint64_t end, int advice)
{
	int r = vma_range_mapped(m, p, start, end, "madvise");

	if (r)
		return r;
	switch (advice) {
	case VM_MADV_HUGEPAGE:
	case VM_MADV_NOHUGEPAGE:
		return thp_madvise_flags(m, p, start, end, advice);
	case VM_MADV_DONTNEED:
		/* zap_page_range(): the VMAs stay, the pages go */
		vm_zap_range(m, p, start, end);
		return 0;
	}
	return mm_err(m, -EINVAL, "unknown madvise advice %d", advice);
}

void thp_vma_rss(struct mm_machine *m, struct vm_proc *p,
		 const struct vm_vma *v, unsigned long *rss,
		 unsigned long *anon, unsigned long *huge)
{
	struct vm_sys *vs = m->ext;
	uint64_t a = v->start;

	*rss = *anon = 0;
	*huge = thp_anon_huge_pages(m, p, v->start, v->end);
	while (a < v->end) {
		uint64_t *pmd = thp_pmd_lookup(p, a), *pte;

		if (pmd && (*pmd & VM_PTE_PSE)) {
			/* a huge PMD lies wholly inside its VMA */
			if (!thp_is_zero(vs, *pmd)) {
				*rss += VM_HPAGE_NR;
				*anon += VM_HPAGE_NR;
			}
			a = (a & THP_MASK) + VM_HPAGE_SIZE;
			continue;
		}
		pte = vm_pte_lookup(p, a);
		/* vm_normal_page(): the zero page is not counted;
		 * smaps_account(): Anonymous counts PageAnon pages only, not
		 * the page cache a file VMA maps */
		if (pte && (*pte & VM_PTE_P) && thp_pfn(*pte) != vs->zero_pfn) {
			uint32_t f = vm_folio(m, thp_pfn(*pte));

			(*rss)++;
			if (m->pages[f].flags & PG_anon)
				(*anon)++;
		}
		a += MM_PAGE_SIZE;
	}
}

unsigned long thp_anon_huge_pages(struct mm_machine *m, struct vm_proc *p,
				  uint64_t start, uint64_t end)
{
	unsigned long n = 0;
	uint64_t x;

	for (x = start & THP_MASK; x < end; x += VM_HPAGE_SIZE) {
		uint64_t *pmd = thp_pmd_lookup(p, x);

		/* smaps_pmd_entry(): the huge zero page is not counted */
		if (pmd && (*pmd & VM_PTE_PSE) && !thp_is_zero(m->ext, *pmd) &&
		    x >= start && x + VM_HPAGE_SIZE <= end)
			n += VM_HPAGE_NR;
	}
	return n;
}
