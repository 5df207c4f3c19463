// SPDX-License-Identifier: GPL-2.0
/*
 * vm.c - processes, VMAs and 4-level page tables of the simulated machine
 * (part 2).  Frames of user pages come from the buddy allocator; an anon
 * page's mm_page.refcount counts the PTEs mapping it (no swap cache, no
 * GUP), which is what fork's COW reuse test looks at; a page-cache page
 * has one more reference, the cache's (file.c).  Huge PMDs (thp.c), VMA
 * splits (vma.c), memcg charges (memcg.c) and the LRU (lru.c) hook in
 * where pages are mapped, unmapped, copied and freed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/vm.h"

/* m->ext_free: drop every process and the zero page. */
static void vm_sys_free(struct mm_machine *m)
{
	struct vm_sys *vs = m->ext;
	int i;

	if (!vs)
		return;
	for (i = 0; i < vs->nproc; i++)
		if (vs->proc[i].live)
			vm_exit(m, &vs->proc[i]);
	file_free_all(vs);
	lru_free(vs);
	free(vs->page_memcg);
	free(vs);
	m->ext = NULL;
	m->oom_hook = NULL;
	m->reclaim_hook = NULL;
}

struct vm_sys *vm_sys(struct mm_machine *m)
{
	struct vm_sys *vs = m->ext;

	if (vs)
		return vs;
	vs = calloc(1, sizeof(*vs));
	if (!vs) {
		mm_err(m, -ENOMEM, "cannot allocate the process table");
		return NULL;
	}
	vs->oom_victim = -1;
	/* the zero page: a reserved kernel frame, never freed */
	if (mm_buddy_alloc(m, 0, MM_GFP_KERNEL, MM_OWNER_KERNEL, 0,
			   &vs->zero_pfn)) {
		free(vs);
		return NULL;
	}
	m->pages[vs->zero_pfn].flags |= PG_zero;
	if (lru_init(m, vs)) {
		free(vs);
		return NULL;
	}
	m->ext = vs;
	m->ext_free = vm_sys_free;
	m->oom_hook = vm_oom_hook;
	return vs;
}

struct vm_proc *vm_proc_find(struct vm_sys *vs, const char *name)
{
	int i;

	for (i = vs->nproc - 1; i >= 0; i--)
		if (!strcmp(vs->proc[i].name, name))
			return &vs->proc[i];
	return NULL;
}

struct vm_proc *vm_proc_new(struct mm_machine *m, const char *name, int adj)
{
	struct vm_sys *vs = vm_sys(m);
	struct vm_proc *p;

	if (!vs)
		return NULL;
	if (strlen(name) >= VM_NAME_MAX) {
		mm_err(m, -EINVAL, "process name too long '%s'", name);
		return NULL;
	}
	p = vm_proc_find(vs, name);
	if (p && p->live) {
		mm_err(m, -EEXIST, "process '%s' exists", name);
		return NULL;
	}
	if (vs->nproc == VM_MAX_PROCS) {
		mm_err(m, -ENOSPC, "too many processes at '%s'", name);
		return NULL;
	}
	p = &vs->proc[vs->nproc++];
	memset(p, 0, sizeof(*p));
	strcpy(p->name, name);
	p->adj = adj;
	p->next_addr = VM_MMAP_BASE;
	/* mm_alloc_pgd() -> pgd_alloc(): an order-1 block with PTI
	 * (PGD_ALLOCATION_ORDER: the kernel's and the user's copy), not
	 * counted in pgtables_bytes; p is not live yet, so an OOM kill
	 * the allocation needs takes another task */
	if (vm_pt_new(m, p, VM_PGD_ORDER, &p->pgd)) {
		vs->nproc--;
		return NULL;
	}
	p->live = 1;
	return p;
}

/* Public (vm.h): 2 MiB aligned starts, THP-eligible and easy to read;
 * at least 2 MiB between mappings, so two never merge. */
uint64_t vm_mmap_place(uint64_t *next, uint64_t len)
{
	uint64_t start = *next;

	*next = (start + len + (2ULL << 20) - 1 + (2ULL << 20)) &
		~((2ULL << 20) - 1);
	return start;
}

int vm_mmap_vma(struct mm_machine *m, struct vm_proc *p, const char *name,
		uint64_t len, int prot, int file, int shared,
		struct vm_vma **out)
{
	struct vm_vma *v;
	uint64_t pages, start, next;

	if (vm_vma_find(p, name))
		return mm_err(m, -EEXIST, "mapping '%s' exists in '%s'",
			      name, p->name);
	if (!len || strlen(name) >= VM_NAME_MAX)
		return mm_err(m, -EINVAL, "bad mapping '%s'", name);
	/* do_mmap(): PAGE_ALIGN(len); get_unmapped_area() finds no room
	 * past the simulator's next 2 MiB-aligned address */
	if (len > VM_TASK_SIZE - p->next_addr)
		return mm_err(m, -ENOMEM, "mmap of '%s' fails with ENOMEM: "
			      "no room for %llu bytes below TASK_SIZE in '%s' "
			      "(get_unmapped_area)", name,
			      (unsigned long long)len, p->name);
	len = (len + MM_PAGE_SIZE - 1) & ~(uint64_t)(MM_PAGE_SIZE - 1);
	pages = len >> MM_PAGE_SHIFT;
	/* mmap_region() -> accountable_mapping(): a private writable
	 * mapping is charged; __vm_enough_memory() with the default
	 * overcommit_memory=0 (OVERCOMMIT_GUESS) refuses one larger than
	 * RAM + swap */
	if (!shared && (prot & VM_PROT_W) && pages > vm_totalpages(m))
		return mm_err(m, -ENOMEM, "mmap of '%s' fails with ENOMEM: "
			      "%llu pages is more than RAM + swap (%lu pages; "
			      "__vm_enough_memory, overcommit_memory 0)", name,
			      (unsigned long long)pages, vm_totalpages(m));
	next = p->next_addr;
	start = vm_mmap_place(&next, len);
	v = vma_add(m, p, name, start, start + len);
	if (!v)
		return -ENOMEM;
	if (vma_name_set(m, p, name, v->start, pages))
		return -ENOMEM;
	p->next_addr = next;
	v->prot = prot;
	v->base = v->start;
	v->base_pages = pages;
	v->file = file;
	v->shared = shared;
	v->account = !shared && (prot & VM_PROT_W);
	*out = v;
	return 0;
}

int vm_mmap(struct mm_machine *m, struct vm_proc *p, const char *name,
	    uint64_t len, int prot, int populate)
{
	struct vm_vma *v;
	int r;

	r = vm_mmap_vma(m, p, name, len, prot, 0, 0, &v);
	if (r || !populate)
		return r;
	return vm_populate(m, p, v);
}

int vm_pt_new(struct mm_machine *m, struct vm_proc *p, unsigned order,
	      struct vm_pt **out)
{
	struct vm_sys *vs = m->ext;
	struct vm_proc *cur = vs->cur ? vs->cur : p;
	int live = p->live, r;
	struct vm_pt *t;
	uint32_t pfn;

	if (mm_buddy_alloc(m, order, MM_GFP_KERNEL, MM_OWNER_PROC,
			   (uint32_t)(p - vs->proc), &pfn))
		return live && !p->live ? 1 : -ENOMEM;
	if (live && !p->live) {
		mm_buddy_free(m, pfn, order);	/* p was the OOM victim */
		return 1;
	}
	/* __alloc_pages(): __GFP_ACCOUNT charges the page once it is had;
	 * a failed charge frees it */
	r = memcg_kmem_charge(m, cur, 1UL << order);
	if (r || (live && !p->live)) {
		if (!r)
			memcg_kmem_uncharge(m, cur->memcg, 1UL << order);
		mm_buddy_free(m, pfn, order);
		return r < 0 ? r : 1;
	}
	t = calloc(1, sizeof(*t));
	if (!t) {
		memcg_kmem_uncharge(m, cur->memcg, 1UL << order);
		mm_buddy_free(m, pfn, order);
		return mm_err(m, -ENOMEM, "cannot allocate a page table for "
			      "'%s'", p->name);
	}
	t->pfn = pfn;
	t->memcg = cur->memcg;
	*out = t;
	return 0;
}

void vm_pt_free(struct mm_machine *m, struct vm_pt *t, unsigned order)
{
	memcg_kmem_uncharge(m, t->memcg, 1UL << order);
	mm_buddy_free(m, t->pfn, order);
	free(t);
}

struct vm_pt *vm_pt_walk(struct mm_machine *m, struct vm_proc *p,
			 uint64_t addr, int level)
{
	struct vm_pt *t = p->pgd, *n;
	int l;

	for (l = 0; l < level && t; l++) {
		unsigned i = vm_pt_index(addr, l);

		if (!t->next[i] && m) {
			/* p4d_alloc (folded), __pud_alloc, __pmd_alloc,
			 * __pte_alloc: a table page; *_populate() points the
			 * entry at it.  If the OOM kill the allocation needed
			 * took p, its tables are gone: stop at once. */
			if (vm_pt_new(m, p, 0, &n))
				return NULL;
			t->next[i] = n;
			t->e[i] = vm_pt_entry(n);
			p->nr_pt++;
		}
		t = t->next[i];
	}
	return t;
}

uint64_t *vm_pte_lookup(struct vm_proc *p, uint64_t addr)
{
	struct vm_pt *t = vm_pt_walk(NULL, p, addr, 3);

	return t ? &t->e[vm_pt_index(addr, 3)] : NULL;
}

uint64_t *vm_pte_alloc(struct mm_machine *m, struct vm_proc *p,
		       uint64_t addr)
{
	struct vm_pt *t = vm_pt_walk(m, p, addr, 3);

	return t ? &t->e[vm_pt_index(addr, 3)] : NULL;
}

static void vm_put_folio(struct mm_machine *m, uint32_t f);

/* Drop one mapping of the frame a PTE points to (zap_pte_range): a swap
 * entry gives back its slot, a page-cache page stays cached. */
void vm_zap_pte(struct mm_machine *m, struct vm_proc *p, uint64_t *pte)
{
	uint32_t pfn = (uint32_t)((*pte & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT);
	struct vm_sys *vs = m->ext;
	struct mm_page *pg;

	if (!(*pte & VM_PTE_P)) {
		if (*pte & VM_PTE_SWP) {
			lru_swap_put(m, *pte);
			p->swapents--;
		}
		*pte = 0;
		return;
	}
	if (pfn == vs->zero_pfn) {
		*pte = 0;
		return;
	}
	pg = &m->pages[vm_folio(m, pfn)];
	if (pg->flags & PG_file) {
		file_unmap(m, p, pte);
		return;
	}
	*pte = 0;
	p->rss_anon--;
	if (pg->flags & PG_head) {	/* a subpage of a THP */
		thp_pte_unmap(m, pfn);
		return;
	}
	/* page_remove_rmap(): NR_ANON_MAPPED counts mapped pages */
	if (--pg->mapcount == 0)
		m->vmstat[MM_VM_NR_ANON_PAGES]--;
	vm_put_folio(m, (uint32_t)(pg - m->pages));
}

void vm_put_page(struct mm_machine *m, uint32_t pfn)
{
	vm_put_folio(m, vm_folio(m, pfn));
}

/* folio_put() of folio f (its head frame), known to the caller. */
static void vm_put_folio(struct mm_machine *m, uint32_t f)
{
	struct mm_page *pg = &m->pages[f];

	if (--pg->refcount > 0)
		return;
	if (pg->flags & PG_head) {
		thp_folio_free(m, f);
		return;
	}
	lru_del(m, f);		/* first: the group's list sizes */
	memcg_uncharge_page(m, f, 1);
	pg->refcount = 1;	/* mm_buddy_free wants an owner */
	pg->flags &= ~(PG_anon | PG_swapbacked | PG_dirty | PG_anon_exclusive);
	mm_buddy_free(m, f, 0);
}

int vm_munmap(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
	      uint64_t first, uint64_t n)
{
	uint64_t pages = (v->end - v->start) >> MM_PAGE_SHIFT;

	if (first >= pages || n > pages - first)
		return mm_err(m, -EINVAL, "range outside mapping '%s'",
			      v->name);
	/* vma.c: splits the VMA when the range is in its middle */
	return vma_munmap(m, p, v->start + (first << MM_PAGE_SHIFT),
			  v->start + ((first + n) << MM_PAGE_SHIFT));
}

void vm_zap_range(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		  uint64_t end)
{
	uint64_t a, next, x;

	thp_zap_range(m, p, start, end, 1);
	/* zap_pte_range(): one walk per PTE table (zapping a PTE frees
	 * frames, never a table) */
	for (a = start; a < end; a = next) {
		struct vm_pt *t = vm_pt_walk(NULL, p, a, 3);

		next = (a | (VM_HPAGE_SIZE - 1)) + 1;
		if (next > end)
			next = end;
		for (x = a; t && x < next; x += MM_PAGE_SIZE)
			vm_zap_pte(m, p, &t->e[vm_pt_index(x, 3)]);
	}
}

/*
 * change_pte_range() (mm/mprotect.c): removing write clears RW.  Adding
 * it maps each PTE with the VMA's new vm_page_prot, which for a private
 * mapping (COW) and for a shared file mapping with writenotify (ext4 has
 * page_mkwrite) is read-only; MM_CP_TRY_CHANGE_WRITABLE then sets RW
 * where can_change_pte_writable() allows: the PTE is dirty, and in a
 * private mapping it maps an anonymous page that is PageAnonExclusive
 * (not the zero page, not the page cache, not a page fork shared, even
 * when the other side has exited: only a write fault's reuse makes it
 * exclusive again).  Every other PTE stays read-only until a write
 * fault.  Soft-dirty tracking is off (new VMAs carry VM_SOFTDIRTY).
 */
int vm_mprotect(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
		int prot)
{
	struct vm_sys *vs = vm_sys(m);
	uint64_t a;

	if (!vs)
		return -ENOMEM;
	v->prot = prot;
	for (a = v->start; a < v->end; a += MM_PAGE_SIZE) {
		uint64_t *pte = vm_pte_lookup(p, a);
		uint32_t pfn;
		int anon;

		if (!pte || !(*pte & VM_PTE_P))
			continue;
		if (!(prot & VM_PROT_W)) {
			*pte &= ~VM_PTE_RW;
			continue;
		}
		if (!(*pte & VM_PTE_D))
			continue;
		pfn = (uint32_t)((*pte & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT);
		anon = pfn != vs->zero_pfn &&
		       (m->pages[vm_folio(m, pfn)].flags & PG_anon);
		if (v->shared ||
		    (anon && (m->pages[pfn].flags & PG_anon_exclusive)))
			*pte |= VM_PTE_RW;
	}
	return 0;
}

/* copy_present_pte() / copy_nonpresent_pte() of one PTE into the
 * child's table. */
static void vm_fork_pte(struct mm_machine *m, struct vm_proc *c,
			uint64_t *src, uint64_t *dst)
{
	struct vm_sys *vs = m->ext;
	uint32_t pfn;

	if (*src & VM_PTE_SWP) {	/* swap_duplicate */
		*dst = *src;
		lru_swap_dup(m, *src);
		c->swapents++;
		return;
	}
	if (!(*src & VM_PTE_P))
		return;
	/* a COW mapping: write-protect both; the child's copy is old
	 * (pte_mkold) */
	*src &= ~VM_PTE_RW;
	*dst = *src & ~VM_PTE_A;
	pfn = (uint32_t)((*src & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT);
	if (pfn != vs->zero_pfn) {
		struct mm_page *pg = &m->pages[vm_folio(m, pfn)];

		/* page_try_dup_anon_rmap(): shared now, not exclusive */
		m->pages[pfn].flags &= ~PG_anon_exclusive;
		if (pg->flags & PG_head) {
			thp_pte_dup(m, pfn);
		} else {
			pg->refcount++;
			pg->mapcount++;
		}
		if (pg->flags & PG_file)
			c->rss_file++;
		else
			c->rss_anon++;
	}
}

/*
 * copy_page_range() of one VMA: copy_p4d_range() ... copy_pte_range()
 * allocate the child's tables only where the parent has an entry, then
 * copy_huge_pmd() or the PTEs of [v->start, v->end).  Returns 0, 1 when
 * an allocation's OOM kill took the parent (the fork is abandoned), or
 * -ENOMEM.
 */
static int vm_fork_vma(struct mm_machine *m, struct vm_proc *parent,
		       struct vm_proc *c, const struct vm_vma *v)
{
	uint64_t a, next, x;
	int r;

	for (a = v->start; a < v->end; a = next) {
		unsigned i = vm_pt_index(a, 2);
		struct vm_pt *sp = vm_pt_walk(NULL, parent, a, 2), *dp;

		next = (a | (VM_HPAGE_SIZE - 1)) + 1;
		if (next > v->end)
			next = v->end;
		if (!sp || !sp->e[i])
			continue;	/* pmd_none: nothing to copy */
		if (sp->e[i] & VM_PTE_PSE) {
			r = thp_fork_pmd(m, parent, c, a);
			if (r)
				return r;
			continue;
		}
		dp = vm_pt_walk(m, c, a, 3);
		if (!parent->live)
			return 1;
		if (!dp)
			return -ENOMEM;
		/* the parent's tables are where they were: an allocation
		 * only reclaims pages or kills other tasks */
		sp = vm_pt_walk(NULL, parent, a, 3);
		for (x = a; x < next; x += MM_PAGE_SIZE) {
			unsigned k = vm_pt_index(x, 3);

			vm_fork_pte(m, c, &sp->e[k], &dp->e[k]);
		}
	}
	return 0;
}

int vm_fork(struct mm_machine *m, struct vm_proc *parent, const char *child)
{
	struct vm_sys *vs = vm_sys(m);
	int pi = (int)(parent - vs->proc), i, r = 0;
	struct vm_proc *old = vs->cur, *c;

	/* copy_process() runs as the parent: the child's PGD (dup_mm() ->
	 * pgd_alloc()) and the tables copy_page_range() makes are charged
	 * to the parent's memcg (current) */
	vs->cur = parent;
	c = vm_proc_new(m, child, parent->adj);
	if (!c) {
		vs->cur = old;
		return parent->live ? -EINVAL : 0;
	}
	parent = &vs->proc[pi];
	c->next_addr = parent->next_addr;
	c->memcg = parent->memcg;	/* the child stays in the cgroup */
	/* not yet a task the OOM killer can see (copy_process) */
	c->unkillable = 1;
	if (vma_copy_all(m, c, parent))
		r = -ENOMEM;
	/* vma_needs_copy(): a VMA without an anon_vma is not copied (the
	 * child's faults fill it correctly): file VMAs without COW copies,
	 * anonymous ones only read (zero pages) or never touched */
	for (i = 0; !r && i < parent->nvma; i++)
		if (parent->vma[i]->has_anon)
			r = vm_fork_vma(m, parent, c, parent->vma[i]);
	c->unkillable = 0;
	vs->cur = old;
	if (r) {
		/* dup_mmap() failed, or the parent was killed meanwhile:
		 * no child */
		vm_exit(m, c);
		return r < 0 ? r : 0;
	}
	return 0;
}

/*
 * free_pmd_range() ... free_pte_range() below one table t of level
 * (1 PUD, 2 PMD): free each lower table of [addr, end), then t itself
 * when the range of its parent entry lies within [floor, ceiling) (the
 * tests of mm/memory.c; ceiling 0 is the top of the address space).
 * Returns 1 when t was freed (the caller clears its entry).
 */
static int vm_free_level(struct mm_machine *m, struct vm_proc *p,
			 struct vm_pt *t, int level, uint64_t addr,
			 uint64_t end, uint64_t floor, uint64_t ceiling)
{
	static const int shift[4] = { 39, 30, 21, 12 };
	uint64_t start = addr, next, mask;

	do {
		unsigned i = vm_pt_index(addr, level);

		next = ((addr >> shift[level]) + 1) << shift[level];
		if (next - 1 > end - 1)
			next = end;
		if (!t->next[i] || (t->e[i] & VM_PTE_PSE))
			continue;	/* pmd_none_or_clear_bad() */
		if (level == 2 || vm_free_level(m, p, t->next[i], level + 1,
						addr, next, floor, ceiling)) {
			/* free_pte_range(), or the lower table went */
			vm_pt_free(m, t->next[i], 0);
			t->next[i] = NULL;
			t->e[i] = 0;
			p->nr_pt--;
		}
	} while (addr = next, addr != end);
	/* start &= PUD_MASK (P4D_MASK for a PUD table): t goes only when
	 * its whole span is free of other VMAs */
	mask = ~((1ULL << shift[level - 1]) - 1);
	start &= mask;
	if (start < floor)
		return 0;
	if (ceiling) {
		ceiling &= mask;
		if (!ceiling)
			return 0;
	}
	return end - 1 <= ceiling - 1;
}

void vm_free_pgd_range(struct mm_machine *m, struct vm_proc *p,
		       uint64_t addr, uint64_t end, uint64_t floor,
		       uint64_t ceiling)
{
	const uint64_t pmd_size = 1ULL << 21, pmd_mask = ~(pmd_size - 1);
	uint64_t next;

	/* free_pgd_range(): whole PMD entries inside [floor, ceiling) */
	addr &= pmd_mask;
	if (addr < floor) {
		addr += pmd_size;
		if (!addr)
			return;
	}
	if (ceiling) {
		ceiling &= pmd_mask;
		if (!ceiling)
			return;
	}
	if (end - 1 > ceiling - 1)
		end -= pmd_size;
	if (addr > end - 1)
		return;
	do {
		unsigned i = vm_pt_index(addr, 0);

		next = ((addr >> 39) + 1) << 39;
		if (next - 1 > end - 1)
			next = end;
		/* free_p4d_range() with the p4d folded: the PUD table goes
		 * under the same rule one level up (p4d_clear() clears the
		 * PGD entry); the PGD itself stays with the mm */
		if (p->pgd->next[i] &&
		    vm_free_level(m, p, p->pgd->next[i], 1, addr, next, floor,
				  ceiling)) {
			vm_pt_free(m, p->pgd->next[i], 0);
			p->pgd->next[i] = NULL;
			p->pgd->e[i] = 0;
			p->nr_pt--;
		}
	} while (addr = next, addr != end);
}

/* Free a page-table subtree, dropping every mapped frame. */
static void vm_exit_pt(struct mm_machine *m, struct vm_proc *p,
		       struct vm_pt *t, int level)
{
	unsigned i;

	for (i = 0; i < 512; i++) {
		if (level == 3) {
			vm_zap_pte(m, p, &t->e[i]);
			continue;
		}
		if (level == 2 && (t->e[i] & VM_PTE_PSE))
			thp_put_pmd(m, p, &t->e[i]);
		if (t->next[i]) {
			vm_exit_pt(m, p, t->next[i], level + 1);
			vm_pt_free(m, t->next[i], 0);
			t->next[i] = NULL;
			t->e[i] = 0;
			p->nr_pt--;
		}
	}
}

void vm_exit(struct mm_machine *m, struct vm_proc *p)
{
	if (!p->live)
		return;
	if (p->pgd) {
		/* exit_mmap(): unmap, free_pgtables(), then pgd_free() */
		vm_exit_pt(m, p, p->pgd, 0);
		vm_pt_free(m, p->pgd, VM_PGD_ORDER);
		p->pgd = NULL;
	}
	vma_free_all(p);
	p->live = 0;
}

uint64_t vm_total_vm(const struct vm_proc *p)
{
	uint64_t n = 0;
	int i;

	for (i = 0; i < p->nvma; i++)
		n += (p->vma[i]->end - p->vma[i]->start) >> MM_PAGE_SHIFT;
	return n;
}
