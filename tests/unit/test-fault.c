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
	CHECK_INT(free_before - mm_free_pages(&m), 4);
	/* the parent then: still a fault, but the frame is its own now */
	CHECK_INT(touch_all(&m, p, pv, 1), 4);
	CHECK_INT(p->copies, 0);
	CHECK_INT(p->reuses, 4);
	CHECK_INT(free_before - mm_free_pages(&m), 4);
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
	/* every frame is back (page-table pages are not buddy frames here) */
	CHECK_INT(free0 - mm_free_pages(&m), 0);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
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
	return test_done();
}
