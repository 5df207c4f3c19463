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
	p->live = 1;
	p->adj = adj;
	p->next_addr = VM_MMAP_BASE;
	p->pgd = calloc(1, sizeof(*p->pgd));
	if (!p->pgd) {
		vs->nproc--;
		mm_err(m, -ENOMEM, "cannot allocate a pgd for '%s'", name);
		return NULL;
	}
	return p;
}

int vm_mmap_vma(struct mm_machine *m, struct vm_proc *p, const char *name,
		uint64_t len, int prot, int file, int shared,
		struct vm_vma **out)
{
	struct vm_vma *v;
	uint64_t pages;

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
	v = vma_add(m, p, name, p->next_addr, p->next_addr + len);
	if (!v)
		return -ENOMEM;
	if (vma_name_set(m, p, name, v->start, pages))
		return -ENOMEM;
	/* 2 MiB aligned starts: THP-eligible and easy to read */
	v->prot = prot;
	v->base = v->start;
	v->base_pages = pages;
	v->file = file;
	v->shared = shared;
	v->account = !shared && (prot & VM_PROT_W);
	p->next_addr = (v->end + (2ULL << 20) - 1 + (2ULL << 20)) &
		       ~((2ULL << 20) - 1);
	*out = v;
	return 0;
}

int vm_mmap(struct mm_machine *m, struct vm_proc *p, const char *name,
	    uint64_t len, int prot, int populate)
{
	struct vm_vma *v;
	uint64_t a;
	int r;

	r = vm_mmap_vma(m, p, name, len, prot, 0, 0, &v);
	if (r || !populate)
		return r;
	/* MAP_POPULATE: populate_vma_page_range() with write intent
	 * (FOLL_WRITE for a writable private mapping) */
	for (a = v->start; a < v->end; a += MM_PAGE_SIZE) {
		r = vm_access(m, p, a, (prot & VM_PROT_W) != 0);

		if (r < 0)
			return r;
	}
	return 0;
}

struct vm_pt *vm_pt_walk(struct mm_machine *m, struct vm_proc *p,
			 uint64_t addr, int level)
{
	struct vm_pt *t = p->pgd;
	int l;

	for (l = 0; l < level && t; l++) {
		unsigned i = vm_pt_index(addr, l);

		if (!t->next[i] && m) {
			t->next[i] = calloc(1, sizeof(struct vm_pt));
			if (!t->next[i]) {
				mm_err(m, -ENOMEM, "cannot allocate a page "
				       "table for '%s'", p->name);
				return NULL;
			}
			/* upper entries: P|RW|US|A, like _PAGE_TABLE */
			t->e[i] = VM_PTE_P | VM_PTE_RW | VM_PTE_US | VM_PTE_A;
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
	pg = &m->pages[pfn];
	if (pg->flags & PG_file) {
		file_unmap(m, p, pte);
		return;
	}
	*pte = 0;
	p->rss_anon--;
	pg->mapcount--;
	if (--pg->refcount == 0) {
		lru_del(m, pfn);	/* first: the group's list sizes */
		memcg_uncharge_page(m, pfn, 1);
		pg->refcount = 1;	/* mm_buddy_free wants an owner */
		pg->flags &= ~(PG_anon | PG_swapbacked | PG_dirty);
		mm_buddy_free(m, pfn, 0);
	}
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
	uint64_t a;

	thp_zap_range(m, p, start, end, 1);
	for (a = start; a < end; a += MM_PAGE_SIZE) {
		uint64_t *pte = vm_pte_lookup(p, a);

		if (pte)
			vm_zap_pte(m, p, pte);
	}
}

int vm_mprotect(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
		int prot)
{
	uint64_t a;

	struct vm_sys *vs = vm_sys(m);

	if (!vs)
		return -ENOMEM;
	v->prot = prot;
	/* change_pte_range(): removing write clears RW.  Adding it sets RW
	 * at once where can_change_pte_writable() allows: a dirty PTE of an
	 * exclusive anonymous page (not the zero page, not COW-shared). */
	for (a = v->start; a < v->end; a += MM_PAGE_SIZE) {
		uint64_t *pte = vm_pte_lookup(p, a);
		uint32_t pfn;

		if (!pte || !(*pte & VM_PTE_P))
			continue;
		if (!(prot & VM_PROT_W)) {
			*pte &= ~VM_PTE_RW;
			continue;
		}
		pfn = (uint32_t)((*pte & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT);
		if ((*pte & VM_PTE_D) && pfn != vs->zero_pfn &&
		    m->pages[pfn].refcount == 1)
			*pte |= VM_PTE_RW;
	}
	return 0;
}

/* Copy one page-table subtree from parent to child (copy_page_range). */
static int vm_fork_pt(struct mm_machine *m, struct vm_proc *c,
		      struct vm_pt *src, struct vm_pt *dst, int level)
{
	unsigned i;

	for (i = 0; i < 512; i++) {
		if (level < 3) {
			if (!src->next[i])
				continue;
			dst->next[i] = calloc(1, sizeof(struct vm_pt));
			if (!dst->next[i])
				return mm_err(m, -ENOMEM, "cannot copy page "
					      "tables to '%s'", c->name);
			dst->e[i] = src->e[i];
			c->nr_pt++;
			if (vm_fork_pt(m, c, src->next[i], dst->next[i],
				       level + 1))
				return -ENOMEM;
			if (level == 2 && (src->e[i] & VM_PTE_PSE))
				thp_fork_pmd(m, c, &src->e[i], &dst->e[i]);
			continue;
		}
		if (src->e[i] & VM_PTE_SWP) {	/* swap_duplicate */
			dst->e[i] = src->e[i];
			lru_swap_dup(m, src->e[i]);
			c->swapents++;
			continue;
		}
		if (!(src->e[i] & VM_PTE_P))
			continue;
		/* copy_present_pte(): COW mapping -> wrprotect both */
		src->e[i] &= ~VM_PTE_RW;
		dst->e[i] = src->e[i];
		{
			uint32_t pfn = (uint32_t)((src->e[i] &
						   VM_PTE_PFN_MASK) >>
						  MM_PAGE_SHIFT);
			struct vm_sys *vs = m->ext;

			if (pfn != vs->zero_pfn) {
				struct mm_page *pg = &m->pages[pfn];

				pg->refcount++;
				pg->mapcount++;
				if (pg->flags & PG_file)
					c->rss_file++;
				else
					c->rss_anon++;
			}
		}
	}
	return 0;
}

int vm_fork(struct mm_machine *m, struct vm_proc *parent, const char *child)
{
	struct vm_sys *vs = vm_sys(m);
	int pi = (int)(parent - vs->proc);
	struct vm_proc *c = vm_proc_new(m, child, parent->adj);

	if (!c)
		return -EINVAL;
	parent = &vs->proc[pi];
	if (vma_copy_all(m, c, parent))
		return -ENOMEM;
	c->next_addr = parent->next_addr;
	c->memcg = parent->memcg;	/* the child stays in the cgroup */
	if (vm_fork_pt(m, c, parent->pgd, c->pgd, 0))
		return -ENOMEM;
	file_fork_fixup(m, parent, c);
	return 0;
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
			free(t->next[i]);
			t->next[i] = NULL;
			p->nr_pt--;
		}
	}
}

void vm_exit(struct mm_machine *m, struct vm_proc *p)
{
	if (!p->live)
		return;
	if (p->pgd) {
		vm_exit_pt(m, p, p->pgd, 0);
		free(p->pgd);
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
