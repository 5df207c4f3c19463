// SPDX-License-Identifier: GPL-2.0
/*
 * fault.c - the anonymous page-fault paths of 6.1 (mm/memory.c):
 * do_anonymous_page (zero page on read, a zeroed page on write), do_wp_page
 * (reuse when the page is exclusive, wp_page_copy otherwise, the zero page
 * always copied), and bad_area (SIGSEGV without a counted fault: the
 * kernel counts perf/min faults only in mm_account_fault() after
 * handle_mm_fault(), which a bad area never reaches).
 */
#include <errno.h>

#include "sim/vm.h"

/* File VMAs, swap entries: file.c (file_fault, file_wp_fault) and lru.c
 * (lru_swapin). */

static const char *const vm_fr_anon[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_anonymous_page",
	"__alloc_pages(GFP_HIGHUSER_MOVABLE, order=0)",
};
static const char *const vm_fr_zero[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_anonymous_page",
	"set_pte_at(my_zero_pfn)",
};
static const char *const vm_fr_copy[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_wp_page", "wp_page_copy",
};
static const char *const vm_fr_reuse[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_wp_page", "wp_page_reuse",
};
static const char *const vm_fr_segv[] = {
	"exc_page_fault", "do_user_addr_fault", "bad_area",
	"force_sig_fault(SIGSEGV)",
};

#define VM_EMIT(m, fr, ...) do {					\
	if ((m)->event)							\
		mm_emit((m), MM_EV_FAULT, (fr),				\
			(int)(sizeof(fr) / sizeof((fr)[0])), __VA_ARGS__); \
} while (0)

/* Allocate a zeroed user frame for addr (the allocator OOM-kills and
 * retries when reclaim cannot help), anon rmap (priv = page of addr) and
 * the inactive anon LRU.  Returns 0, 1 when p itself was killed, or
 * -errno. */
int vm_new_page(struct mm_machine *m, struct vm_proc *p, uint64_t addr,
		uint32_t *pfn)
{
	struct vm_sys *vs = m->ext;
	int idx = (int)(p - vs->proc);
	int r;

	r = mm_buddy_alloc(m, 0, MM_GFP_HIGHUSER_MOVABLE, MM_OWNER_PROC,
			   (uint32_t)idx, pfn);
	if (!r && !p->live)
		mm_buddy_free(m, *pfn, 0);	/* p was the OOM victim */
	if (r || !p->live)
		return p->live ? r : 1;
	/* mem_cgroup_charge(GFP_KERNEL): may OOM-kill within the memcg */
	r = memcg_charge(m, p, 1);
	if (r) {
		mm_buddy_free(m, *pfn, 0);
		return r;
	}
	/* page_add_new_anon_rmap(): a new page is exclusive */
	m->pages[*pfn].flags |= PG_anon | PG_swapbacked | PG_anon_exclusive;
	m->pages[*pfn].mapcount = 1;
	m->vmstat[MM_VM_NR_ANON_PAGES]++;	/* NR_ANON_MAPPED */
	memcg_commit_page(m, p, *pfn, 1);
	m->pages[*pfn].priv = (uint32_t)((addr - VM_MMAP_BASE) >>
					 MM_PAGE_SHIFT);
	lru_add(m, *pfn);
	return 0;
}

static uint64_t vm_mkpte(uint32_t pfn, int writable)
{
	uint64_t pte = ((uint64_t)pfn << MM_PAGE_SHIFT) | VM_PTE_P |
		       VM_PTE_US | VM_PTE_A | VM_PTE_NX;

	if (writable)
		pte |= VM_PTE_RW | VM_PTE_D;
	return pte;
}

/* bad_area: SIGSEGV, no fault counted. */
static int vm_segv(struct mm_machine *m, struct vm_proc *p, uint64_t addr,
		   int code)
{
	p->segv++;
	p->last_segv_code = code;
	VM_EMIT(m, vm_fr_segv, "%s SIGSEGV at 0x%llx (%s)", p->name,
		(unsigned long long)addr,
		code == 1 ? "SEGV_MAPERR" : "SEGV_ACCERR");
	return 1;
}

/* do_wp_page on a present read-only PTE of a writable VMA. */
static int vm_wp_fault(struct mm_machine *m, struct vm_proc *p,
		       struct vm_vma *v, uint64_t *pte, uint64_t addr)
{
	struct vm_sys *vs = m->ext;
	uint32_t old = (uint32_t)((*pte & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT);
	/* page_count() of a THP's subpage is the folio's */
	struct mm_page *folio = &m->pages[vm_folio(m, old)];
	uint32_t pfn;
	int r;

	p->minflt++;
	m->vmstat[MM_VM_PGFAULT]++;
	if (old != vs->zero_pfn && ((m->pages[old].flags & PG_anon_exclusive) ||
				    folio->refcount == 1)) {
		/* PageAnonExclusive, or the only reference left:
		 * page_move_anon_rmap() makes it exclusive again, then
		 * wp_page_reuse() */
		m->pages[old].flags |= PG_anon_exclusive;
		*pte |= VM_PTE_RW | VM_PTE_D | VM_PTE_A;
		p->reuses++;
		VM_EMIT(m, vm_fr_reuse, "%s write 0x%llx: reuse pfn %u",
			p->name, (unsigned long long)addr, old);
		return 0;
	}
	if (old != vs->zero_pfn)
		folio->refcount++;	/* wp_page_copy's reference */
	v->has_anon = 1;		/* wp_page_copy: anon_vma_prepare() */
	r = vm_new_page(m, p, addr, &pfn);
	if (r) {
		/* an OOM kill while allocating may have dropped every
		 * mapping of old: its last reference is ours */
		if (old != vs->zero_pfn)
			vm_put_page(m, old);
		return r < 0 ? r : 0;	/* 1: p was the OOM victim */
	}
	if (old != vs->zero_pfn) {
		folio->refcount--;	/* p's PTE still holds one */
		p->copies++;
		vm_zap_pte(m, p, pte);
	}
	p->rss_anon++;
	*pte = vm_mkpte(pfn, 1);
	VM_EMIT(m, vm_fr_copy, "%s write 0x%llx: copy to pfn %u", p->name,
		(unsigned long long)addr, pfn);
	return 0;
}

/*
 * handle_mm_fault() at addr in v, whose protection allows the access: a
 * user fault, or a GUP one (gup: MAP_POPULATE, which counts a retried
 * file fault differently, file.c).  Returns as vm_access().  Inline in
 * its two callers: every simulated fault passes here.
 */
static inline __attribute__((always_inline)) int
vm_fault(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
	 uint64_t addr, int write, int gup)
{
	struct vm_sys *vs = m->ext;
	/* one walk to the PMD table serves the huge PMD check and the PTE
	 * lookup, unless the THP path changed the tables */
	struct vm_pt *t = vm_pmd_table(p, addr);
	unsigned i = vm_pt_index(addr, 2);
	uint64_t *pte;
	uint32_t pfn;
	int r = 1;

	/* huge PMDs first (__handle_mm_fault); 1, 2: go on at the PTE
	 * level.  A PMD pointing to a PTE table is no huge PMD and no
	 * pmd_none: thp_fault() would fall back at once. */
	if (!t || !t->next[i] || (t->e[i] & VM_PTE_PSE))
		r = thp_fault(m, p, v, addr, write, t);
	if (r <= 0)
		return r;
	if (r == 2)
		pte = vm_pte_lookup(p, addr);
	else if (t && t->next[i])
		pte = &t->next[i]->e[vm_pt_index(addr, 3)];
	else
		pte = NULL;
	if (pte && (*pte & VM_PTE_P)) {
		if (!write || (*pte & VM_PTE_RW)) {
			/* the hardware sets A (and D) */
			*pte |= VM_PTE_A | (write ? VM_PTE_D : 0);
			return 0;
		}
		if (v->file && (m->pages[(*pte & VM_PTE_PFN_MASK) >>
					 MM_PAGE_SHIFT].flags & PG_file))
			return file_wp_fault(m, p, v, pte, addr);
		return vm_wp_fault(m, p, v, pte, addr);
	}
	if (pte && (*pte & VM_PTE_SWP))
		return lru_swapin(m, p, v, pte, addr, write);
	if (v->file)
		return file_fault(m, p, v, addr, write, gup);
	/* the lookup found the table: the walk would allocate nothing */
	if (!pte)
		pte = vm_pte_alloc(m, p, addr);
	if (!pte)		/* p->live: out of memory; else OOM-killed */
		return p->live ? -ENOMEM : 0;
	if (!write) {
		/* read of an untouched private anon page: the zero page */
		p->minflt++;
		m->vmstat[MM_VM_PGFAULT]++;
		p->zero_maps++;
		*pte = vm_mkpte(vs->zero_pfn, 0);
		VM_EMIT(m, vm_fr_zero, "%s read 0x%llx: zero page", p->name,
			(unsigned long long)addr);
		return 0;
	}
	v->has_anon = 1;	/* do_anonymous_page(): anon_vma_prepare() */
	r = vm_new_page(m, p, addr, &pfn);
	if (r)
		return r < 0 ? r : 0;	/* 1: p was the OOM victim */
	p->minflt++;
	m->vmstat[MM_VM_PGFAULT]++;
	p->rss_anon++;
	*pte = vm_mkpte(pfn, 1);
	VM_EMIT(m, vm_fr_anon, "%s write 0x%llx: new pfn %u", p->name,
		(unsigned long long)addr, pfn);
	return 0;
}

int vm_access(struct mm_machine *m, struct vm_proc *p, uint64_t addr,
	      int write)
{
	struct vm_vma *v;

	if (!m->ext && !vm_sys(m))	/* made by the first process */
		return -ENOMEM;
	v = vma_find_addr(p, addr);
	if (!v)
		return vm_segv(m, p, addr, 1);
	if (!(v->prot & (write ? VM_PROT_W : VM_PROT_R)))
		return vm_segv(m, p, addr, 2);
	return vm_fault(m, p, v, addr, write, 0);
}

/*
 * MAP_POPULATE: __mm_populate() -> populate_vma_page_range() ->
 * __get_user_pages() faults every page in (a present page with the
 * access it needs is skipped by follow_page_mask()), with FOLL_WRITE for
 * a private writable mapping only.  A PROT_NONE VMA is not accessible:
 * no FOLL_FORCE, check_vma_flags() fails with -EFAULT and mmap's
 * populate (ignore_errors) skips the VMA: no fault, no signal.
 */
int vm_populate(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v)
{
	int write = (v->prot & VM_PROT_W) && !v->shared, r;
	uint64_t a, start = v->start, end = v->end;

	if (!(v->prot & (VM_PROT_R | VM_PROT_W)))
		return 0;
	for (a = start; a < end && p->live; a += MM_PAGE_SIZE) {
		uint64_t *pte = vm_pte_lookup(p, a);
		uint64_t *pmd = thp_pmd_lookup(p, a);

		if ((pmd && (*pmd & VM_PTE_PSE) &&
		     (!write || (*pmd & VM_PTE_RW))) ||
		    (pte && (*pte & VM_PTE_P) &&
		     (!write || (*pte & VM_PTE_RW))))
			continue;	/* follow_page_mask() finds it */
		r = vm_fault(m, p, v, a, write, 1);
		if (r < 0)
			return r;
	}
	return 0;
}
