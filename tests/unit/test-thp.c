// SPDX-License-Identifier: GPL-2.0
/*
 * test-thp.c - transparent huge pages and VMA splits of the simulator:
 * which faults get a huge PMD (mode, madvise flags, 2 MiB alignment inside
 * the VMA, an existing PTE table), fault and split counts, the huge zero
 * page, fallback when no order-9 block is free, munmap / mprotect /
 * madvise(DONTNEED) of whole and partial huge pages, fork, VMA splits and
 * merges, the VM_MAX_VMAS limit, and the allocator's invariants after.
 */
#include <errno.h>
#include <string.h>

#include "scn-test.h"
#include "sim/vm.h"
#include "test.h"

#define PG	MM_PAGE_SIZE
#define HP	VM_HPAGE_SIZE

/* Touch pages [a, b) of v; return the faults it took. */
static long touch(struct mm_machine *m, struct vm_proc *p,
		  const struct vm_vma *v, uint64_t a, uint64_t b, int write)
{
	long before = p->minflt;
	uint64_t i;

	for (i = a; i < b; i++)
		CHECK_INT(vm_access(m, p, v->base + i * PG, write), 0);
	return p->minflt - before;
}

static void test_eligible(void)
{
	struct vm_vma v = { .start = 0x200000, .end = 0x600000 };
	struct mm_machine m;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	CHECK(thp_vma_eligible(&m, &v, 0x200000));
	CHECK(thp_vma_eligible(&m, &v, 0x5ff000));
	/* the 2 MiB around addr must lie inside the VMA */
	v.start = 0x201000;
	CHECK(!thp_vma_eligible(&m, &v, 0x3ff000));
	CHECK(thp_vma_eligible(&m, &v, 0x400000));
	v.end = 0x5ff000;
	CHECK(!thp_vma_eligible(&m, &v, 0x400000));
	v.start = 0x200000;
	v.end = 0x600000;
	v.thp = VM_NOHUGEPAGE;
	CHECK(!thp_vma_eligible(&m, &v, 0x200000));
	v.thp = 0;
	v.shared = 1;		/* shmem THP: not modelled */
	CHECK(!thp_vma_eligible(&m, &v, 0x200000));
	v.shared = 0;
	m.cfg.thp = MM_THP_MADVISE;
	CHECK(!thp_vma_eligible(&m, &v, 0x200000));
	v.thp = VM_HUGEPAGE;
	CHECK(thp_vma_eligible(&m, &v, 0x200000));
	m.cfg.thp = MM_THP_NEVER;
	CHECK(!thp_vma_eligible(&m, &v, 0x200000));
	mm_machine_free(&m);
}

static void test_write_fault(void)
{
	struct mm_machine m;
	struct vm_proc *p;
	struct vm_vma *v;
	unsigned long free0, rss, anon, huge;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	free0 = mm_free_pages(&m);
	p = vm_proc_new(&m, "A", 0);
	CHECK_INT(vm_mmap(&m, p, "buf", 3 * HP / 2 + HP, 3, 0), 0);
	v = vm_vma_find(p, "buf");
	/* 5 MiB: two huge pages, then 256 small ones */
	CHECK_INT(touch(&m, p, v, 0, 1280, 1), 2 + 256);
	CHECK_INT(p->thp, 2);
	CHECK_INT(p->rss_anon, 1280);
	CHECK_INT(m.vmstat[MM_VM_THP_FAULT_ALLOC], 2);
	CHECK_INT(m.vmstat[MM_VM_THP_FAULT_FALLBACK], 0);
	/* again: present, no faults */
	CHECK_INT(touch(&m, p, v, 0, 1280, 1), 0);
	CHECK(*thp_pmd_lookup(p, v->start) & VM_PTE_PSE);
	/* smaps: Rss and AnonHugePages */
	thp_vma_rss(&m, p, v, &rss, &anon, &huge);
	CHECK_INT(rss, 1280);
	CHECK_INT(anon, 1280);
	CHECK_INT(huge, 1024);
	CHECK_INT(mm_buddy_check(&m), 0);
	vm_exit(&m, p);
	/* everything back (the zero page was there before) */
	CHECK_INT(mm_free_pages(&m), free0);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_zero_then_write(void)
{
	unsigned long rss, anon, huge;
	struct mm_machine m;
	struct vm_proc *p;
	struct vm_vma *v;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	p = vm_proc_new(&m, "A", 0);
	CHECK_INT(vm_mmap(&m, p, "buf", HP, 3, 0), 0);
	v = vm_vma_find(p, "buf");
	CHECK_INT(touch(&m, p, v, 0, 512, 0), 1);
	CHECK_INT(p->rss_anon, 0);
	CHECK_INT(p->thp, 0);
	/* the huge zero page is neither Rss nor AnonHugePages */
	thp_vma_rss(&m, p, v, &rss, &anon, &huge);
	CHECK_INT(rss + huge, 0);
	CHECK_INT(m.vmstat[MM_VM_THP_ZERO_PAGE_ALLOC], 1);
	/* the first write splits the huge zero PMD: one fault per page */
	CHECK_INT(touch(&m, p, v, 0, 512, 1), 512);
	CHECK_INT(m.vmstat[MM_VM_THP_SPLIT_PMD], 1);
	CHECK_INT(m.vmstat[MM_VM_THP_FAULT_ALLOC], 0);
	CHECK_INT(p->rss_anon, 512);
	CHECK(!(*thp_pmd_lookup(p, v->start) & VM_PTE_PSE));
	vm_exit(&m, p);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_no_zero_page(void)
{
	struct mm_machine m;
	struct vm_proc *p;
	struct vm_vma *v;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	vm_sys(&m)->thp_no_zero = 1;	/* use_zero_page = 0 */
	p = vm_proc_new(&m, "A", 0);
	CHECK_INT(vm_mmap(&m, p, "buf", HP, 3, 0), 0);
	v = vm_vma_find(p, "buf");
	CHECK_INT(touch(&m, p, v, 0, 512, 0), 1);
	CHECK_INT(p->rss_anon, 512);
	CHECK_INT(p->thp, 1);
	mm_machine_free(&m);
}

static void test_madvise_mode(void)
{
	struct mm_machine m;
	struct vm_proc *p;
	struct vm_vma *v;

	scnt_machine(&m, 64 << 20, MM_THP_MADVISE);
	p = vm_proc_new(&m, "A", 0);
	CHECK_INT(vm_mmap(&m, p, "a", HP, 3, 0), 0);
	CHECK_INT(vm_mmap(&m, p, "b", HP, 3, 0), 0);
	CHECK_INT(touch(&m, p, vm_vma_find(p, "a"), 0, 512, 1), 512);
	v = vm_vma_find(p, "b");
	CHECK_INT(thp_madvise(&m, p, v->start, v->end, VM_MADV_HUGEPAGE), 0);
	CHECK_INT(touch(&m, p, v, 0, 512, 1), 1);
	CHECK_INT(p->thp, 1);
	/* MADV_HUGEPAGE on part of a VMA splits it */
	v = vm_vma_find(p, "a");
	CHECK_INT(thp_madvise(&m, p, v->start, v->start + 16 * PG,
			      VM_MADV_HUGEPAGE), 0);
	CHECK_INT(p->nvma, 3);
	CHECK_INT(thp_madvise(&m, p, v->start, v->start + 16 * PG,
			      VM_MADV_NOHUGEPAGE), 0);
	CHECK_INT(p->nvma, 3);
	CHECK_INT(p->vma[0]->thp, VM_NOHUGEPAGE);
	CHECK_INT(thp_madvise(&m, p, 0x1000, 0x2000, VM_MADV_HUGEPAGE),
		  -ENOMEM);
	mm_machine_free(&m);
}

/* An existing PTE table at the PMD: no huge page there. */
static void test_pte_table_first(void)
{
	struct mm_machine m;
	struct vm_proc *p;
	struct vm_vma *v;

	scnt_machine(&m, 64 << 20, MM_THP_NEVER);
	p = vm_proc_new(&m, "A", 0);
	CHECK_INT(vm_mmap(&m, p, "buf", HP, 3, 0), 0);
	v = vm_vma_find(p, "buf");
	CHECK_INT(touch(&m, p, v, 0, 1, 1), 1);
	m.cfg.thp = MM_THP_ALWAYS;
	CHECK_INT(touch(&m, p, v, 1, 512, 1), 511);
	CHECK_INT(p->thp, 0);
	mm_machine_free(&m);
}

/* No free order-9 block: thp_fault_fallback and 512 small faults. */
static void test_fallback(void)
{
	static uint32_t pfns[16384];
	struct mm_machine m;
	struct vm_proc *p;
	struct vm_vma *v;
	int n = 0, i;
	size_t len;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	p = vm_proc_new(&m, "A", 0);
	while (n < 16384 && !mm_buddy_alloc(&m, 0, MM_GFP_ATOMIC,
					    MM_OWNER_KERNEL, 0, &pfns[n]))
		n++;
	/* free all but one page of every 512: no order-9 block forms */
	for (i = 0; i < n; i++)
		if (pfns[i] % 512 != 7)
			CHECK_INT(mm_buddy_free(&m, pfns[i], 0), 0);
	CHECK(mm_buddy_max_free_order(&m) < 9);
	len = m.dmesg_len;
	CHECK_INT(vm_mmap(&m, p, "buf", HP, 3, 0), 0);
	v = vm_vma_find(p, "buf");
	CHECK_INT(touch(&m, p, v, 0, 512, 1), 512);
	CHECK_INT(m.vmstat[MM_VM_THP_FAULT_FALLBACK], 1);
	CHECK_INT(m.vmstat[MM_VM_THP_FAULT_ALLOC], 0);
	/* __GFP_NOWARN: no allocation failure report */
	CHECK_INT(m.dmesg_len, len);
	CHECK_INT(p->rss_anon, 512);
	mm_machine_free(&m);
}

static void test_munmap_split(void)
{
	struct mm_machine m;
	struct vm_proc *p;
	struct vm_vma *v;
	unsigned long free1;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	p = vm_proc_new(&m, "A", 0);
	CHECK_INT(vm_mmap(&m, p, "buf", 2 * HP, 3, 0), 0);
	v = vm_vma_find(p, "buf");
	CHECK_INT(touch(&m, p, v, 0, 1024, 1), 2);
	free1 = mm_free_pages(&m);
	/* 100 pages out of the middle of the first huge page */
	CHECK_INT(vma_munmap(&m, p, v->base + 100 * PG, v->base + 200 * PG),
		  0);
	CHECK_INT(m.vmstat[MM_VM_THP_SPLIT_PMD], 1);
	CHECK_INT(p->nvma, 2);
	CHECK_INT(p->thp, 1);
	CHECK_INT(p->rss_anon, 924);
	/* only the PMD is split: the folio keeps its 512 pages until the
	 * deferred split (not modelled), NR_ANON_MAPPED drops by 100 */
	CHECK_INT(mm_free_pages(&m), free1);
	CHECK_INT(m.vmstat[MM_VM_NR_ANON_PAGES], 924);
	CHECK_INT(m.vmstat[MM_VM_NR_ANON_THPS], 1);
	/* the hole: SEGV_MAPERR */
	CHECK_INT(vm_access(&m, p, p->vma[0]->base + 150 * PG, 0), 1);
	CHECK_INT(p->last_segv_code, 1);
	/* a whole huge page: zapped, not split */
	CHECK_INT(vma_munmap(&m, p, p->vma[0]->base + HP,
			     p->vma[0]->base + 2 * HP), 0);
	CHECK_INT(m.vmstat[MM_VM_THP_SPLIT_PMD], 1);
	CHECK_INT(p->thp, 0);
	CHECK_INT(p->rss_anon, 412);
	/* the folio and its deposited PTE table (zap_deposited_table) */
	CHECK_INT(mm_free_pages(&m), free1 + 512 + 1);
	CHECK_INT(m.vmstat[MM_VM_NR_ANON_PAGES], 412);
	CHECK_INT(m.vmstat[MM_VM_NR_ANON_THPS], 0);
	CHECK_INT(mm_buddy_check(&m), 0);
	vm_exit(&m, p);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_dontneed(void)
{
	struct mm_machine m;
	struct vm_proc *p;
	struct vm_vma *v;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	p = vm_proc_new(&m, "A", 0);
	CHECK_INT(vm_mmap(&m, p, "buf", 2 * HP, 3, 0), 0);
	v = vm_vma_find(p, "buf");
	CHECK_INT(touch(&m, p, v, 0, 1024, 1), 2);
	/* whole: the PMD goes, the next read maps the huge zero page */
	CHECK_INT(thp_madvise(&m, p, v->start, v->start + HP,
			      VM_MADV_DONTNEED), 0);
	CHECK_INT(m.vmstat[MM_VM_THP_SPLIT_PMD], 0);
	CHECK_INT(p->rss_anon, 512);
	CHECK_INT(touch(&m, p, v, 0, 512, 0), 1);
	CHECK_INT(p->rss_anon, 512);
	/* part: split; the freed pages read as the small zero page */
	CHECK_INT(thp_madvise(&m, p, v->start + HP, v->start + HP + 8 * PG,
			      VM_MADV_DONTNEED), 0);
	CHECK_INT(m.vmstat[MM_VM_THP_SPLIT_PMD], 1);
	CHECK_INT(p->rss_anon, 504);
	CHECK_INT(p->nvma, 1);
	CHECK_INT(touch(&m, p, v, 512, 520, 0), 8);
	CHECK_INT(p->rss_anon, 504);
	CHECK_INT(touch(&m, p, v, 512, 520, 1), 8);
	CHECK_INT(p->rss_anon, 512);
	mm_machine_free(&m);
}

static void test_mprotect(void)
{
	struct mm_machine m;
	struct vm_proc *p;
	struct vm_vma *v;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	p = vm_proc_new(&m, "A", 0);
	CHECK_INT(vm_mmap(&m, p, "buf", 2 * HP, 3, 0), 0);
	v = vm_vma_find(p, "buf");
	CHECK_INT(touch(&m, p, v, 0, 1024, 1), 2);
	/* whole huge pages: change_huge_pmd, no split */
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, VM_PROT_R), 0);
	CHECK(!(*thp_pmd_lookup(p, v->start) & VM_PTE_RW));
	CHECK_INT(vma_mprotect(&m, p, v->start, v->end, 3), 0);
	/* 6.1 leaves it read-only: one write fault reuses the folio */
	CHECK_INT(touch(&m, p, v, 0, 512, 1), 1);
	CHECK_INT(p->reuses, 1);
	/* the middle of a huge page: 3 VMAs, a split */
	CHECK_INT(vma_mprotect(&m, p, v->start + 8 * PG, v->start + 9 * PG,
			       VM_PROT_R), 0);
	CHECK_INT(p->nvma, 3);
	CHECK_INT(m.vmstat[MM_VM_THP_SPLIT_PMD], 1);
	CHECK_INT(vm_access(&m, p, p->vma[0]->base + 8 * PG, 1), 1);
	CHECK_INT(p->last_segv_code, 2);
	/* back to rw: the pieces merge */
	CHECK_INT(vma_mprotect(&m, p, p->vma[0]->base + 8 * PG,
			       p->vma[0]->base + 9 * PG, 3), 0);
	CHECK_INT(p->nvma, 1);
	CHECK_INT(p->rss_anon, 1024);
	mm_machine_free(&m);
}

static void test_fork(void)
{
	struct mm_machine m;
	struct vm_proc *p, *c;
	struct vm_vma *v;
	uint32_t head;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	p = vm_proc_new(&m, "A", 0);
	CHECK_INT(vm_mmap(&m, p, "buf", HP, 3, 0), 0);
	v = vm_vma_find(p, "buf");
	CHECK_INT(touch(&m, p, v, 0, 512, 1), 1);
	head = (uint32_t)((*thp_pmd_lookup(p, v->start) & VM_PTE_PFN_MASK) >>
			  MM_PAGE_SHIFT);
	CHECK_INT(vm_fork(&m, p, "B"), 0);
	p = vm_proc_find(vm_sys(&m), "A");
	c = vm_proc_find(vm_sys(&m), "B");
	CHECK_INT(c->thp, 1);
	CHECK_INT(c->rss_anon, 512);
	CHECK_INT(m.pages[head].refcount, 2);
	CHECK_INT(m.vmstat[MM_VM_NR_ANON_PAGES], 512);
	/* the child writes: only its PMD is split (do_huge_pmd_wp_page ->
	 * __split_huge_pmd of the writer), then 4 KiB copies */
	CHECK_INT(touch(&m, c, vm_vma_find(c, "buf"), 0, 4, 1), 4);
	CHECK_INT(m.vmstat[MM_VM_THP_SPLIT_PMD], 1);
	CHECK_INT(c->copies, 4);
	CHECK_INT(c->thp, 0);
	CHECK_INT(p->thp, 1);
	CHECK_INT(c->rss_anon, 512);
	/* the folio: A's PMD and B's 508 PTEs */
	CHECK_INT(m.pages[head].refcount, 1 + 508);
	CHECK_INT(m.pages[head + 5].priv, 1);
	CHECK_INT(m.pages[head + 1].priv, 0);
	CHECK_INT(m.vmstat[MM_VM_NR_ANON_PAGES], 512 + 4);
	CHECK_INT(m.vmstat[MM_VM_NR_ANON_THPS], 1);
	/* the parent writes: now its PMD splits, and it copies too */
	CHECK_INT(touch(&m, p, v, 0, 1, 1), 1);
	CHECK_INT(m.vmstat[MM_VM_THP_SPLIT_PMD], 2);
	CHECK_INT(p->copies, 1);
	CHECK_INT(m.vmstat[MM_VM_NR_ANON_THPS], 0);
	/* with the child gone the folio is mapped by A alone, but no
	 * subpage is exclusive and the folio's count is 511: a write
	 * still copies (6.1; the deferred split would let it reuse) */
	vm_exit(&m, c);
	CHECK_INT(m.pages[head].refcount, 511);
	CHECK_INT(touch(&m, p, v, 1, 2, 1), 1);
	CHECK_INT(p->copies, 2);
	CHECK_INT(p->reuses, 0);
	vm_exit(&m, p);
	CHECK_INT(m.vmstat[MM_VM_NR_ANON_PAGES], 0);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/*
 * vm.max_map_count (65530): split_vma() refuses a split at map_count >=
 * 65530, do_mmap() only at map_count > 65530, munmap only a split in the
 * middle of a VMA, madvise with EAGAIN.  Lines stay cheap at the limit.
 */
static void test_vma_limit(void)
{
	struct mm_machine m;
	struct vm_proc *p;
	struct vm_vma *v;
	uint64_t base;
	int i, r = 0;

	scnt_machine(&m, 64 << 20, MM_THP_NEVER);
	p = vm_proc_new(&m, "A", 0);
	/* read-only: not charged, so larger than RAM is fine */
	CHECK_INT(vm_mmap(&m, p, "buf", 140000 * PG, VM_PROT_R, 0), 0);
	v = vm_vma_find(p, "buf");
	base = v->base;
	/* every other page PROT_NONE: two more VMAs per call */
	for (i = 1; i < 140000 && !r; i += 2)
		r = vma_mprotect(&m, p, base + i * PG, base + (i + 1) * PG,
				 0);
	CHECK_INT(r, -ENOMEM);
	/* 65529: the first split of the last call would fit, not both */
	CHECK_INT(p->nvma, VM_MAX_MAP_COUNT - 1);
	CHECK(strstr(m.err, "mprotect of 'A' fails with ENOMEM") != NULL);
	CHECK(vma_find_addr(p, base + 65529 * PG) == vma_find_addr(p, base +
	      65530 * PG));
	CHECK_INT(thp_madvise(&m, p, base + 70001 * PG, base + 70002 * PG,
			      VM_MADV_NOHUGEPAGE), -EAGAIN);
	/* mmap: 65530 -> 65531 still works, then no more */
	CHECK_INT(vm_mmap(&m, p, "x", 4 * PG, 3, 0), 0);
	CHECK_INT(vm_mmap(&m, p, "y", 4 * PG, 3, 0), 0);
	CHECK_INT(p->nvma, VM_MAX_MAP_COUNT + 1);
	CHECK_INT(vm_mmap(&m, p, "z", 4 * PG, 3, 0), -ENOMEM);
	CHECK(strstr(m.err, "mmap of 'z' fails with ENOMEM") != NULL);
	/* a middle munmap needs a split; a head or a whole VMA does not */
	v = vm_vma_find(p, "x");
	CHECK_INT(vma_munmap(&m, p, v->start + PG, v->start + 2 * PG),
		  -ENOMEM);
	CHECK_INT(vma_munmap(&m, p, v->start, v->start + PG), 0);
	CHECK_INT(p->nvma, VM_MAX_MAP_COUNT + 1);
	CHECK_INT(vma_munmap(&m, p, base, base + 10 * PG), 0);
	CHECK_INT(p->nvma, VM_MAX_MAP_COUNT + 1 - 10);
	/* names still find what is left of their mmap */
	CHECK(vm_vma_find(p, "buf") != NULL);
	CHECK_INT(vm_vma_find(p, "buf")->start, base + 10 * PG);
	CHECK_INT(vm_vma_find(p, "y")->start, vm_vma_find(p, "y")->base);
	vm_exit(&m, p);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/* mmap fails where 6.1 does: no room below TASK_SIZE, or a private
 * writable mapping larger than RAM + swap (OVERCOMMIT_GUESS). */
static void test_mmap_limits(void)
{
	struct mm_machine m;
	struct vm_proc *p;

	scnt_machine(&m, 64 << 20, MM_THP_NEVER);
	p = vm_proc_new(&m, "A", 0);
	CHECK_INT(vm_mmap(&m, p, "big", (64 << 20) + PG, 3, 0), -ENOMEM);
	CHECK(strstr(m.err, "more than RAM + swap") != NULL);
	CHECK_INT(vm_mmap(&m, p, "ram", 64 << 20, 3, 0), 0);
	CHECK_INT(vm_mmap(&m, p, "ro", 1ULL << 39, VM_PROT_R, 0), 0);
	CHECK_INT(vm_mmap(&m, p, "ro2", 1ULL << 39, VM_PROT_R, 0), -ENOMEM);
	CHECK(strstr(m.err, "below TASK_SIZE") != NULL);
	CHECK_INT(vma_mprotect(&m, p, vm_vma_find(p, "ro")->start,
			       vm_vma_find(p, "ro")->end, 3), -ENOMEM);
	CHECK_INT(p->nvma, 2);
	vm_exit(&m, p);
	mm_machine_free(&m);
}

/* xorshift: the same sequence on every machine */
static uint32_t rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

/*
 * Random touches, munmap, mprotect, madvise and forks on a THP machine
 * with a memcg: the allocator's invariants hold after every step, RSS
 * matches the mapped pages, and once every process exits all memory is
 * back but the huge zero page.
 */
static void random_run(uint32_t x)
{
	struct mm_machine m;
	struct vm_sys *vs;
	unsigned long free0;
	int step, i, bad = 0;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	vs = vm_sys(&m);
	free0 = mm_free_pages(&m);
	CHECK_INT(memcg_new(&m, "G", 10 << 20), 0);
	for (i = 0; i < 3; i++) {
		char name[2] = { (char)('A' + i), 0 };
		struct vm_proc *p = vm_proc_new(&m, name, 0);

		p->memcg = i ? 1 : 0;
		CHECK_INT(vm_mmap(&m, p, "buf", 3 * HP, 3, 0), 0);
	}
	for (step = 0; step < 1500 && !bad; step++) {
		struct vm_proc *p = &vs->proc[rnd(&x) % vs->nproc];
		struct vm_vma *v;
		uint64_t a, b;
		unsigned long rss = 0, anon, huge;
		int op = (int)(rnd(&x) % 16), k;

		if (!p->live || !(v = vm_vma_find(p, "buf")))
			continue;
		a = rnd(&x) % v->base_pages;
		b = a + 1 + rnd(&x) % (v->base_pages - a);
		a = v->base + a * PG;
		b = v->base + b * PG;
		if (op < 8) {
			for (; a < b && p->live; a += PG)
				if (vm_access(&m, p, a, op < 6) < 0)
					break;
		} else if (op == 8) {
			vma_munmap(&m, p, a, b);
		} else if (op == 9) {
			vma_mprotect(&m, p, a, b, rnd(&x) % 2 ? 3 : 1);
		} else if (op < 13) {
			thp_madvise(&m, p, a, b, op == 10 ? VM_MADV_DONTNEED :
				    op == 11 ? VM_MADV_HUGEPAGE :
				    VM_MADV_NOHUGEPAGE);
		} else if (op == 13 && vs->nproc < VM_MAX_PROCS - 1) {
			char name[16];

			snprintf(name, sizeof(name), "c%d", step);
			vm_fork(&m, p, name);
		} else if (op == 14 && rnd(&x) % 8 == 0) {
			vm_exit(&m, p);
		}
		if (mm_buddy_check(&m)) {
			CHECK_MSG(0, "step %d op %d: %s", step, op, m.err);
			bad = 1;
		}
		for (k = 0; k < vs->nproc && !bad; k++) {
			struct vm_proc *q = &vs->proc[k];
			int j;

			if (!q->live)
				continue;
			for (rss = 0, j = 0; j < q->nvma; j++) {
				unsigned long r;

				thp_vma_rss(&m, q, q->vma[j], &r, &anon,
					    &huge);
				rss += r;
			}
			if ((long)rss != q->rss_anon) {
				CHECK_MSG(0, "step %d op %d: %s rss %ld, "
					  "mapped %lu", step, op, q->name,
					  q->rss_anon, rss);
				bad = 1;
			}
		}
	}
	for (i = 0; i < vs->nproc; i++)
		vm_exit(&m, &vs->proc[i]);
	CHECK_INT(vs->memcg[0].usage, vs->stock_memcg == 1 ?
		  vs->stock_nr : 0);
	CHECK_INT(mm_free_pages(&m), free0 - (vs->have_huge_zero ? 512 : 0));
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_random(void)
{
	uint32_t seed;

	for (seed = 1; seed <= 8; seed++)
		random_run(seed * 2654435761u);
}

int main(void)
{
	TEST_RUN(test_eligible);
	TEST_RUN(test_write_fault);
	TEST_RUN(test_zero_then_write);
	TEST_RUN(test_no_zero_page);
	TEST_RUN(test_madvise_mode);
	TEST_RUN(test_pte_table_first);
	TEST_RUN(test_fallback);
	TEST_RUN(test_munmap_split);
	TEST_RUN(test_dontneed);
	TEST_RUN(test_mprotect);
	TEST_RUN(test_fork);
	TEST_RUN(test_vma_limit);
	TEST_RUN(test_mmap_limits);
	TEST_RUN(test_random);
	return test_done();
}
