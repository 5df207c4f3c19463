// SPDX-License-Identifier: GPL-2.0
/*
 * test-fault.c - the anonymous fault paths of the simulator, driven
 * through vm_access() on a bare machine: a first write allocates a zeroed
 * page (do_anonymous_page), a first read maps the zero page and the write
 * after it faults again, a second access to a present page takes no
 * fault, fork write-protects both sides (the first writer copies, the
 * other then reuses), MAP_POPULATE pre-faults for write, PROT_NONE and
 * read-only writes are SIGSEGV without a fault (SEGV_ACCERR), an address
 * outside every VMA is SEGV_MAPERR, and munmap/exit give every frame back.
 */
#include <string.h>

#include "scn-test.h"
#include "sim/vm.h"
#include "test.h"

#define PG	MM_PAGE_SIZE

/* A process with one mapping of @pages pages; its VMA in *@v. */
static struct vm_proc *proc_with(struct mm_machine *m, const char *name,
				 uint64_t pages, int prot, int populate,
				 struct vm_vma **v)
{
	struct vm_proc *p = vm_proc_new(m, name, 0);

	CHECK(p != NULL);
	CHECK_INT(vm_mmap(m, p, "buf", pages * PG, prot, populate), 0);
	*v = vm_vma_find(p, "buf");
	CHECK(*v != NULL);
	return p;
}

/* Access every page of @v; the faults it took. */
static long touch_all(struct mm_machine *m, struct vm_proc *p,
		      const struct vm_vma *v, int write)
{
	long before = p->minflt;
	uint64_t a;

	for (a = v->start; a < v->end; a += PG)
		CHECK_INT(vm_access(m, p, a, write), 0);
	return p->minflt - before;
}

static void test_write_first(void)
{
	struct mm_machine m;
	struct vm_vma *v;
	struct vm_proc *p;
	unsigned long free0;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	free0 = mm_free_pages(&m);
	p = proc_with(&m, "A", 16, VM_PROT_R | VM_PROT_W, 0, &v);
	CHECK_INT(p->rss_anon, 0);		/* demand paging */
	CHECK_INT(touch_all(&m, p, v, 1), 16);
	CHECK_INT(p->rss_anon, 16);
	CHECK_INT(p->zero_maps, 0);
	CHECK_INT(touch_all(&m, p, v, 1), 0);	/* present: no fault */
	CHECK_INT(touch_all(&m, p, v, 0), 0);
	CHECK(*vm_pte_lookup(p, v->start) & VM_PTE_D);
	vm_exit(&m, p);
	CHECK_INT(mm_free_pages(&m), free0);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_zero_page(void)
{
	struct mm_machine m;
	struct vm_sys *vs;
	struct vm_vma *v;
	struct vm_proc *p;
	uint64_t pte;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	vs = m.ext;
	p = proc_with(&m, "A", 8, VM_PROT_R | VM_PROT_W, 0, &v);
	CHECK_INT(touch_all(&m, p, v, 0), 8);
	CHECK_INT(p->rss_anon, 0);
	CHECK_INT(p->zero_maps, 8);
	pte = *vm_pte_lookup(p, v->start);
	CHECK_INT((pte & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT, vs->zero_pfn);
	CHECK(!(pte & VM_PTE_RW));
	CHECK_INT(touch_all(&m, p, v, 1), 8);	/* read then write: 2 each */
	CHECK_INT(p->rss_anon, 8);
	pte = *vm_pte_lookup(p, v->start);
	CHECK((pte & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT != vs->zero_pfn);
	CHECK(pte & VM_PTE_RW);
	mm_machine_free(&m);
}

static void test_populate(void)
{
	struct mm_machine m;
	struct vm_vma *v;
	struct vm_proc *p;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	p = proc_with(&m, "A", 32, VM_PROT_R | VM_PROT_W, 1, &v);
	CHECK_INT(p->rss_anon, 32);	/* pre-faulted with write intent */
	CHECK_INT(touch_all(&m, p, v, 1), 0);
	CHECK_INT(p->zero_maps, 0);
	mm_machine_free(&m);
}

static void test_cow(void)
{
	struct mm_machine m;
	struct vm_vma *pv, *cv;
	struct vm_proc *p, *c;
	unsigned long free_before;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	p = proc_with(&m, "P", 4, VM_PROT_R | VM_PROT_W, 0, &pv);
	CHECK_INT(touch_all(&m, p, pv, 1), 4);
	free_before = mm_free_pages(&m);
	CHECK_INT(vm_fork(&m, p, "C"), 0);
	c = vm_proc_find(m.ext, "C");
	CHECK(c != NULL);
	cv = vm_vma_find(c, "buf");
	CHECK_INT(c->rss_anon, 4);		/* shared frames */
	CHECK(!(*vm_pte_lookup(p, pv->start) & VM_PTE_RW));
	CHECK(!(*vm_pte_lookup(c, cv->start) & VM_PTE_RW));
	/* reads of shared pages: no fault */
	CHECK_INT(touch_all(&m, c, cv, 0), 0);
	/* the child writes first: a fault and a copy per page */
	CHECK_INT(touch_all(&m, c, cv, 1), 4);
	CHECK_INT(c->copies, 4);
	/* 4 copies, the child's PGD (2 pages with PTI) and its PUD, PMD
	 * and PTE tables */
	CHECK_INT(free_before - mm_free_pages(&m), 4 + 2 + 3);
	CHECK_INT(c->nr_pt, 3);
	/* the parent then: still a fault, but the frame is its own now */
	CHECK_INT(touch_all(&m, p, pv, 1), 4);
	CHECK_INT(p->copies, 0);
	CHECK_INT(p->reuses, 4);
	CHECK_INT(free_before - mm_free_pages(&m), 4 + 2 + 3);
	mm_machine_free(&m);
}

static void test_reuse_after_exit(void)
{
	struct mm_machine m;
	struct vm_vma *pv;
	struct vm_proc *p;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	p = proc_with(&m, "P", 4, VM_PROT_R | VM_PROT_W, 0, &pv);
	CHECK_INT(touch_all(&m, p, pv, 1), 4);
	CHECK_INT(vm_fork(&m, p, "C"), 0);
	vm_exit(&m, vm_proc_find(m.ext, "C"));
	/* refcount 1 again, PTE still read-only: a fault, no copy */
	CHECK_INT(touch_all(&m, p, pv, 1), 4);
	CHECK_INT(p->copies, 0);
	CHECK_INT(p->reuses, 4);
	mm_machine_free(&m);
}

static void test_segv(void)
{
	struct mm_machine m;
	struct vm_vma *v;
	struct vm_proc *p;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	p = proc_with(&m, "A", 4, VM_PROT_R, 0, &v);
	CHECK_INT(vm_access(&m, p, v->start, 1), 1);	/* read-only */
	CHECK_INT(p->segv, 1);
	CHECK_INT(p->last_segv_code, 2);		/* SEGV_ACCERR */
	CHECK_INT(p->minflt, 0);
	CHECK_INT(vm_mprotect(&m, p, v, 0), 0);		/* PROT_NONE */
	CHECK_INT(vm_access(&m, p, v->start, 0), 1);
	CHECK_INT(p->last_segv_code, 2);
	CHECK_INT(vm_access(&m, p, v->end + 64 * PG, 0), 1);
	CHECK_INT(p->last_segv_code, 1);		/* SEGV_MAPERR */
	CHECK_INT(p->segv, 3);
	CHECK_INT(p->minflt, 0);
	mm_machine_free(&m);
}

static void test_munmap(void)
{
	struct mm_machine m;
	struct vm_vma *v;
	struct vm_proc *p;
	unsigned long free0;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	free0 = mm_free_pages(&m);
	p = proc_with(&m, "A", 16, VM_PROT_R | VM_PROT_W, 0, &v);
	CHECK_INT(touch_all(&m, p, v, 1), 16);
	CHECK_INT(vm_munmap(&m, p, v, 0, 16), 0);
	CHECK_INT(p->rss_anon, 0);
	CHECK_INT(p->nvma, 0);
	/* every frame is back: free_pgtables() freed the PTE, PMD and PUD
	 * tables no other VMA needs; the PGD (2 pages) stays with the mm */
	CHECK_INT(p->nr_pt, 0);
	CHECK_INT(free0 - mm_free_pages(&m), 2);
	CHECK_INT(mm_buddy_check(&m), 0);
	vm_exit(&m, p);
	CHECK_INT(free0 - mm_free_pages(&m), 0);
	mm_machine_free(&m);
}

/*
 * Page-table pages are buddy frames (__pud_alloc, __pmd_alloc,
 * __pte_alloc; the PGD is pgd_alloc's order-1 block with PTI): each
 * upper entry holds the next table's frame with _PAGE_TABLE's bits, and
 * show pagetable prints it.
 */
static void test_pgtable_frames(void)
{
	struct mm_machine m;
	struct vm_vma *v;
	struct vm_proc *p;
	struct vm_pt *t;
	unsigned long free0;
	int l;
	struct scn s;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	free0 = mm_free_pages(&m);
	p = proc_with(&m, "A", 4, VM_PROT_R | VM_PROT_W, 0, &v);
	CHECK_INT(free0 - mm_free_pages(&m), 2);
	CHECK_INT(m.pages[p->pgd->pfn].order, 1);
	CHECK_INT(touch_all(&m, p, v, 1), 4);
	CHECK_INT(p->nr_pt, 3);
	CHECK_INT(free0 - mm_free_pages(&m), 2 + 3 + 4);
	for (t = p->pgd, l = 0; l < 3; l++) {
		unsigned i = vm_pt_index(v->start, l);
		struct vm_pt *n = t->next[i];

		CHECK(n != NULL);
		CHECK(t->e[i] == (((uint64_t)n->pfn << 12) | 0x67));
		CHECK_INT(m.pages[n->pfn].owner_kind, MM_OWNER_PROC);
		CHECK_INT(m.pages[n->pfn].refcount, 1);
		t = n;
	}
	vm_exit(&m, p);
	CHECK_INT(mm_free_pages(&m), free0);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);

	CHECK_INT(scnt_run(&s, "proc A\nA mmap buf 8K\nA touch buf write\n"
			   "show pagetable A buf[1]\n"), 0);
	CHECK(strstr(scnt_out, "buf[1] 0x7f0000001000\npgd table at pfn ") !=
	      NULL);
	CHECK(strstr(scnt_out, "067 P RW US A D pfn ") != NULL);
	CHECK(strstr(scnt_out, " (pud table)\npud[0] = 0x") != NULL);
	CHECK(strstr(scnt_out, " (pte table)\npte[1] = 0x8") != NULL);
	scn_free(&s);
}

/*
 * munmap frees the page tables nothing else can need, as free_pgtables()
 * and free_pgd_range() decide: a PTE table when its 2 MiB hold no other
 * VMA, a PMD table when its 1 GiB do not, a PUD table likewise for its
 * 512 GiB; a partial munmap keeps a shared one.
 */
static void test_free_pgtables(void)
{
	struct mm_machine m;
	struct vm_vma *v, *w;
	struct vm_proc *p;
	unsigned long free0;
	uint64_t b;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	free0 = mm_free_pages(&m);
	p = proc_with(&m, "A", 1024, VM_PROT_R | VM_PROT_W, 0, &v);
	b = v->start;
	CHECK_INT(vm_mmap(&m, p, "w", 4 * PG, 3, 0), 0);
	w = vm_vma_find(p, "w");
	CHECK_INT(touch_all(&m, p, v, 1), 1024);
	CHECK_INT(touch_all(&m, p, w, 1), 4);
	/* PUD, PMD, 2 PTE tables for buf (4 MiB), 1 for w */
	CHECK_INT(p->nr_pt, 5);
	/* the last page of buf's first 2 MiB: that table stays */
	CHECK_INT(vma_munmap(&m, p, b + 511 * PG, b + 512 * PG), 0);
	CHECK_INT(p->nr_pt, 5);
	/* buf's second 2 MiB, wholly: its table goes */
	CHECK_INT(vma_munmap(&m, p, b + 512 * PG, b + 1024 * PG), 0);
	CHECK_INT(p->nr_pt, 4);
	/* the rest of buf: its table goes, w keeps the PMD and PUD */
	CHECK_INT(vma_munmap(&m, p, b, b + 511 * PG), 0);
	CHECK_INT(p->nr_pt, 3);
	CHECK_INT(vma_munmap(&m, p, w->start, w->end), 0);
	CHECK_INT(p->nr_pt, 0);
	CHECK_INT(free0 - mm_free_pages(&m), 2);
	vm_exit(&m, p);
	CHECK_INT(mm_free_pages(&m), free0);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/*
 * fork copies the page tables of a VMA only when it has an anon_vma
 * (copy_page_range() -> vma_needs_copy()): a mapping only read (zero
 * pages) or populated read-only has none, so the child refaults it;
 * once a page was written every PTE is copied, the child's made old.
 */
static void test_fork_needs_copy(void)
{
	struct mm_machine m;
	struct vm_vma *v, *cv, *w;
	struct vm_proc *p, *c;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	p = proc_with(&m, "A", 4, VM_PROT_R | VM_PROT_W, 0, &v);
	CHECK_INT(vm_mmap(&m, p, "ro", 4 * PG, VM_PROT_R, 1), 0);
	CHECK_INT(touch_all(&m, p, v, 0), 4);
	CHECK_INT(p->zero_maps, 8);
	CHECK(!v->has_anon);
	CHECK_INT(vm_fork(&m, p, "B"), 0);
	c = vm_proc_find(m.ext, "B");
	CHECK_INT(c->nr_pt, 0);
	cv = vm_vma_find(c, "buf");
	CHECK(vm_pte_lookup(c, cv->start) == NULL);
	/* the child faults the zero page in again; the parent does not */
	CHECK_INT(touch_all(&m, c, cv, 0), 4);
	CHECK_INT(touch_all(&m, c, vm_vma_find(c, "ro"), 0), 4);
	CHECK_INT(touch_all(&m, p, v, 0), 0);
	/* a write gives A's VMA an anon_vma: now all of it is copied */
	CHECK_INT(vm_access(&m, p, v->start, 1), 0);
	CHECK(v->has_anon);
	CHECK_INT(vm_fork(&m, p, "C"), 0);
	c = vm_proc_find(m.ext, "C");
	w = vm_vma_find(c, "buf");
	CHECK_INT(c->nr_pt, 3);
	CHECK_INT(c->rss_anon, 1);
	CHECK(*vm_pte_lookup(p, v->start) & VM_PTE_A);
	CHECK(!(*vm_pte_lookup(c, w->start) & VM_PTE_A));	/* pte_mkold */
	CHECK_INT(touch_all(&m, c, w, 0), 0);
	CHECK(w->has_anon);
	mm_machine_free(&m);
}

/*
 * mprotect back to rw (can_change_pte_writable()): a dirty PTE of a
 * PageAnonExclusive page gets RW at once; a page fork shared stays
 * read-only even after the other side exited (fork cleared the flag,
 * only a write fault's reuse sets it again); the zero page stays
 * read-only; a shared file mapping gets RW back on its dirty PTEs
 * (writenotify), a private one never on page-cache PTEs.
 */
static void test_mprotect_writable(void)
{
	struct mm_machine m;
	struct vm_vma *v, *cv;
	struct vm_proc *p, *c;
	struct scn s;

	scnt_machine(&m, 64ULL << 20, MM_THP_NEVER);
	p = proc_with(&m, "A", 4, VM_PROT_R | VM_PROT_W, 0, &v);
	CHECK_INT(touch_all(&m, p, v, 1), 4);
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, VM_PROT_R), 0);
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, 3), 0);
	CHECK_INT(touch_all(&m, p, v, 1), 0);	/* exclusive: RW at once */
	CHECK_INT(vm_fork(&m, p, "B"), 0);
	vm_exit(&m, vm_proc_find(m.ext, "B"));
	CHECK_INT(m.pages[(*vm_pte_lookup(p, v->start) & VM_PTE_PFN_MASK) >>
			  12].refcount, 1);
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, VM_PROT_R), 0);
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, 3), 0);
	/* refcount 1, but not exclusive: a write fault reuses each */
	CHECK_INT(touch_all(&m, p, v, 1), 4);
	CHECK_INT(p->reuses, 4);
	/* ...which makes them exclusive again */
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, VM_PROT_R), 0);
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, 3), 0);
	CHECK_INT(touch_all(&m, p, v, 1), 0);
	/* the child's COW copy is exclusive, the parent's original not */
	CHECK_INT(vm_fork(&m, p, "C"), 0);
	c = vm_proc_find(m.ext, "C");
	cv = vm_vma_find(c, "buf");
	CHECK_INT(touch_all(&m, c, cv, 1), 4);
	CHECK_INT(c->copies, 4);
	CHECK_INT(vma_mprotect(&m, c, cv->start, cv->end, VM_PROT_R), 0);
	CHECK_INT(vma_mprotect(&m, c, cv->start, cv->end, 3), 0);
	CHECK_INT(touch_all(&m, c, cv, 1), 0);
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, VM_PROT_R), 0);
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, 3), 0);
	CHECK_INT(touch_all(&m, p, v, 1), 4);
	/* zero pages: read-only, a write copies */
	CHECK_INT(vm_mmap(&m, p, "z", 2 * PG, 3, 0), 0);
	v = vm_vma_find(p, "z");
	CHECK_INT(touch_all(&m, p, v, 0), 2);
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, VM_PROT_R), 0);
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, 3), 0);
	CHECK_INT(touch_all(&m, p, v, 1), 2);
	mm_machine_free(&m);

	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 64K cached=all\n"
		      "proc A\n"
		      "A mmap s 64K file=F shared rw\n"
		      "A mmap p 64K file=F private rw\n"
		      "A touch s[0:2] write\n"
		      "A touch s[2:4] read\n"
		      "A touch p[0:2] read\n"
		      "A mprotect s r\nA mprotect s rw\n"
		      "A mprotect p r\nA mprotect p rw\n"), 0);
	CHECK_INT(scnt_val(&s, "A.minflt"), 4);
	/* writenotify: the dirty PTEs are writable again, the clean not */
	CHECK_INT(scn_run_text(&s, "A touch s[0:4] write\n"), 0);
	CHECK_INT(scnt_val(&s, "A.minflt"), 4 + 2);
	/* page cache in a private mapping: a write copies */
	CHECK_INT(scn_run_text(&s, "A touch p[0:2] write\n"), 0);
	CHECK_INT(scnt_val(&s, "A.copies"), 2);
	scn_free(&s);
}

int main(void)
{
	TEST_RUN(test_write_first);
	TEST_RUN(test_zero_page);
	TEST_RUN(test_populate);
	TEST_RUN(test_cow);
	TEST_RUN(test_reuse_after_exit);
	TEST_RUN(test_segv);
	TEST_RUN(test_munmap);
	TEST_RUN(test_pgtable_frames);
	TEST_RUN(test_free_pgtables);
	TEST_RUN(test_fork_needs_copy);
	TEST_RUN(test_mprotect_writable);
	return test_done();
}
