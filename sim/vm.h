/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm.h - part 2 of the simulator: processes, their VMAs, 4-level x86_64
 * page tables, the anonymous fault paths (fault.c) and the OOM killer's
 * arithmetic (oom.c).  Everything lives in a struct vm_sys hung on
 * mm_machine.ext; frames come from the buddy allocator (owner MM_OWNER_PROC).
 *
 * THP (thp.c), VMA splits (vma.c) and memory cgroups v1 (memcg.c) hang
 * off the same state.  Not modelled yet: file mappings, LRU/reclaim, swap.
 * Functions return 0 or -errno with the text in m->err (mm_err()).
 */
#ifndef MMSIM_VM_H
#define MMSIM_VM_H

#include <stdint.h>

#include "mm.h"

#define VM_MAX_PROCS	32
#define VM_MAX_VMAS	32
#define VM_NAME_MAX	32

/* PTE bits (arch/x86/include/asm/pgtable_types.h). */
#define VM_PTE_P	(1ULL << 0)
#define VM_PTE_RW	(1ULL << 1)
#define VM_PTE_US	(1ULL << 2)
#define VM_PTE_A	(1ULL << 5)
#define VM_PTE_D	(1ULL << 6)
#define VM_PTE_PSE	(1ULL << 7)	/* PMD: maps a 2 MiB page */
#define VM_PTE_NX	(1ULL << 63)
#define VM_PTE_PFN_MASK	0x000ffffffffff000ULL

/* VMA protections (VM_READ / VM_WRITE). */
#define VM_PROT_R	1
#define VM_PROT_W	2

/* Index of a virtual address at page-table level 0..3 (PGD..PTE). */
static inline unsigned vm_pt_index(uint64_t addr, int level)
{
	static const unsigned shift[4] = { 39, 30, 21, 12 };

	return (unsigned)((addr >> shift[level]) & 511);
}

struct vm_vma {
	char name[VM_NAME_MAX];
	uint64_t start, end;	/* [start, end) page aligned */
	int prot;		/* VM_PROT_* */
	int shared;		/* MAP_SHARED (anonymous shared: not modelled) */
	/* appended for THP and VMA splits (thp.c, vma.c) */
	uint64_t base;		/* start of the mmap this piece came from */
	uint64_t base_pages;	/* its length in pages (NAME[i] indexes it) */
	int thp;		/* VM_HUGEPAGE / VM_NOHUGEPAGE (madvise) */
};

/* struct vm_vma.thp */
#define VM_HUGEPAGE	1
#define VM_NOHUGEPAGE	2

/* PMD-sized pages (HPAGE_PMD_*). */
#define VM_HPAGE_ORDER	9
#define VM_HPAGE_NR	512
#define VM_HPAGE_SIZE	(2ULL << 20)

/* One page-table page: 512 entries; upper levels point to the next. */
struct vm_pt {
	uint64_t e[512];	/* leaf level: PTE values */
	struct vm_pt *next[512];	/* upper levels only */
};

struct vm_proc {
	char name[VM_NAME_MAX];
	int live;
	int adj;		/* oom_score_adj */
	int unkillable;		/* a kernel thread / init (never chosen) */
	struct vm_vma vma[VM_MAX_VMAS];
	int nvma;
	uint64_t next_addr;	/* where the next mmap goes */
	struct vm_pt *pgd;
	long nr_pt;		/* PUD+PMD+PTE table pages (mm_pgtables_bytes) */
	long rss_anon;
	long minflt, majflt, copies, zero_maps, segv, reuses;
	int last_segv_code;	/* 1 SEGV_MAPERR, 2 SEGV_ACCERR */
	/* appended for THP and memcg */
	long thp;		/* huge PMDs mapping an anonymous THP */
	int memcg;		/* memory cgroup: index + 1, 0 = root */
};

#define VM_MAX_MEMCG	8
/* PAGE_COUNTER_MAX on 64 bit: LONG_MAX / PAGE_SIZE (no limit). */
#define VM_PAGE_COUNTER_MAX	(0x7fffffffffffffffUL / MM_PAGE_SIZE)
/* MEMCG_CHARGE_BATCH: charges are taken 64 pages at a time (per CPU). */
#define VM_MEMCG_CHARGE_BATCH	64

/* A v1 memory cgroup (memory.* files); counters in pages. */
struct vm_memcg {
	char name[VM_NAME_MAX];
	unsigned long limit;	/* memory.max (limit_in_bytes / 4096) */
	unsigned long usage;	/* page_counter_read(&memcg->memory) */
	unsigned long failcnt;	/* memory.failcnt */
	unsigned long oom;	/* MEMCG_OOM events (under_oom) */
	unsigned long oom_kill;	/* memory.oom_control: oom_kill */
};

struct vm_sys {
	struct vm_proc proc[VM_MAX_PROCS];
	int nproc;
	uint32_t zero_pfn;	/* the shared zero page */
	int oom_victim;		/* index, -1 when none */
	/* appended for THP and memcg */
	int thp_no_zero;	/* use_zero_page = 0 */
	int have_huge_zero;	/* the huge zero page exists */
	uint32_t huge_zero_pfn;
	struct vm_memcg memcg[VM_MAX_MEMCG];
	int nmemcg;
	int stock_memcg;	/* this CPU's memcg_stock: index + 1, 0 */
	unsigned long stock_nr;	/* pages charged ahead in the stock */
	/* try_to_free_mem_cgroup_pages() hook (reclaim within one memcg,
	 * index given); NULL: nothing reclaimable.  Returns pages freed. */
	unsigned long (*memcg_reclaim)(struct mm_machine *m, int memcg,
				       unsigned long nr);
	/* folio->memcg_data: the group each frame is charged to (index +
	 * 1, 0 none), one byte per frame, made by the first memcg_new() */
	uint8_t *page_memcg;
};

/* The part-2 state of m, created on first use; NULL with m->err set. */
struct vm_sys *vm_sys(struct mm_machine *m);
struct vm_proc *vm_proc_find(struct vm_sys *vs, const char *name);
/* New process (name unique); NULL with m->err. */
struct vm_proc *vm_proc_new(struct mm_machine *m, const char *name, int adj);
/* mmap len bytes (rounded up to pages); populate pre-faults for write. */
int vm_mmap(struct mm_machine *m, struct vm_proc *p, const char *name,
	    uint64_t len, int prot, int populate);
struct vm_vma *vm_vma_find(struct vm_proc *p, const char *name);
/* Leaf PTE of addr, or NULL when no table exists (no allocation). */
uint64_t *vm_pte_lookup(struct vm_proc *p, uint64_t addr);
/* Leaf PTE of addr, allocating tables; NULL with m->err when out of
 * memory. */
uint64_t *vm_pte_alloc(struct mm_machine *m, struct vm_proc *p,
		       uint64_t addr);
/* Unmap pages [first, first+n) of a VMA (all of it: drop the VMA). */
int vm_munmap(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
	      uint64_t first, uint64_t n);
int vm_mprotect(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
		int prot);
/* Pages of all VMAs (total-vm). */
uint64_t vm_total_vm(const struct vm_proc *p);
/* fork: child is a COW copy of parent. */
int vm_fork(struct mm_machine *m, struct vm_proc *parent, const char *child);
/* exit: tear down the address space. */
void vm_exit(struct mm_machine *m, struct vm_proc *p);

/* fault.c: one access at addr (write != 0: store).  Returns 0 (the
 * access completed, maybe after a fault), 1 when SIGSEGV was delivered,
 * -errno on simulator failure (out of memory). */
int vm_access(struct mm_machine *m, struct vm_proc *p, uint64_t addr,
	      int write);

/* oom.c: the kernel's arithmetic (mm/oom_kill.c, fs/proc/base.c). */
#define VM_OOM_SCORE_ADJ_MIN	(-1000)
long vm_oom_badness(long rss, long swapents, long pgtables, int adj,
		    unsigned long totalpages, int unkillable);
/* /proc/PID/oom_score from a badness (LONG_MIN -> 0). */
long vm_oom_score(long badness, unsigned long totalpages);
/* Badness of a process on m (totalpages = managed RAM + swap). */
long vm_proc_badness(struct mm_machine *m, struct vm_proc *p);
unsigned long vm_totalpages(struct mm_machine *m);
/* out_of_memory(): choose (the later task wins a tie), kill, log dmesg.
 * Returns the victim's index or -1 (no killable task). */
int vm_oom_kill(struct mm_machine *m, const char *reason);
/* Badness against a given totalpages (a memcg OOM uses its limit). */
long vm_proc_badness_in(struct mm_machine *m, struct vm_proc *p,
			unsigned long totalpages);

/* vm.c: drop the mapping a PTE holds (the frame goes with its last
 * mapping, uncharged from its memcg). */
void vm_unmap_pte(struct mm_machine *m, struct vm_proc *p, uint64_t *pte);
/* vm.c: unmap the pages of [start, end) (VMAs unchanged): huge PMDs are
 * zapped or split first (thp_zap_range). */
void vm_zap_range(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		  uint64_t end);

/* thp.c: transparent huge pages (mm/huge_memory.c). */
/* Does a fault at addr in v get a huge PMD (hugepage_vma_check +
 * transhuge_vma_suitable)? */
int thp_vma_eligible(struct mm_machine *m, const struct vm_vma *v,
		     uint64_t addr);
/* The PMD entry of addr, or NULL when no PMD table exists. */
uint64_t *thp_pmd_lookup(struct vm_proc *p, uint64_t addr);
/* The fault path for huge PMDs: 0 done, 1 fall back to the PTE path,
 * -errno.  Counts the fault when it handles it. */
int thp_fault(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
	      uint64_t addr, int write);
/* Before an operation on [start, end): split huge PMDs it covers only in
 * part; with zap, also unmap those it covers whole (zap_huge_pmd). */
void thp_zap_range(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		   uint64_t end, int zap);
/* mprotect of whole huge PMDs in [start, end) (change_huge_pmd). */
void thp_protect_range(struct mm_machine *m, struct vm_proc *p,
		       uint64_t start, uint64_t end, int prot);
/* Drop one huge PMD mapping (exit, zap). */
void thp_put_pmd(struct mm_machine *m, struct vm_proc *p, uint64_t *pmd);
/* fork: share a huge PMD with the child (copy_huge_pmd). */
void thp_fork_pmd(struct mm_machine *m, struct vm_proc *c, uint64_t *src,
		  uint64_t *dst);
/* madvise(MADV_HUGEPAGE / MADV_NOHUGEPAGE / MADV_DONTNEED). */
#define VM_MADV_HUGEPAGE	14
#define VM_MADV_NOHUGEPAGE	15
#define VM_MADV_DONTNEED	4
int thp_madvise(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		uint64_t end, int advice);
/* Rss and AnonHugePages of a VMA in pages (smaps_pte/pmd_entry). */
void thp_vma_rss(struct mm_machine *m, struct vm_proc *p,
		 const struct vm_vma *v, unsigned long *rss,
		 unsigned long *huge);
/* AnonHugePages of a range in pages (smaps). */
unsigned long thp_anon_huge_pages(struct mm_machine *m, struct vm_proc *p,
				  uint64_t start, uint64_t end);

/* vma.c: VMA ranges (mm/mmap.c split_vma, vma_merge, mprotect.c). */
/* Split so that a VMA boundary falls at addr (no-op when one does). */
int vma_split_at(struct mm_machine *m, struct vm_proc *p, uint64_t addr);
/* munmap / mprotect of [start, end) over any VMAs it touches. */
int vma_munmap(struct mm_machine *m, struct vm_proc *p, uint64_t start,
	       uint64_t end);
int vma_mprotect(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		 uint64_t end, int prot);
/* Merge neighbours of one mmap that became alike again (vma_merge). */
void vma_merge_all(struct vm_proc *p);
/* The VMA holding addr, or NULL. */
struct vm_vma *vma_find_addr(struct vm_proc *p, uint64_t addr);

/* memcg.c: cgroup v1 memory controller (mm/memcontrol.c). */
/* A new group; limit in bytes (rounded down to pages). */
int memcg_new(struct mm_machine *m, const char *name, uint64_t limit);
/* Index + 1 of a group, 0 when unknown. */
int memcg_find(struct mm_machine *m, const char *name);
/* Charge nr pages for p (try_charge_memcg; order 0 may OOM-kill within
 * the group).  0, 1 when p itself was killed, -ENOMEM (no charge). */
int memcg_charge(struct mm_machine *m, struct vm_proc *p, unsigned long nr);
/* Record that frames [pfn, pfn + nr) are charged to p's group
 * (commit_charge: folio->memcg_data). */
void memcg_commit_page(struct mm_machine *m, struct vm_proc *p, uint32_t pfn,
		       unsigned long nr);
/* Uncharge frames [pfn, pfn + nr) being freed from the group they were
 * charged to (none: no-op).  Every path that frees a charged page calls
 * it. */
void memcg_uncharge_page(struct mm_machine *m, uint32_t pfn,
			 unsigned long nr);
/* mem_cgroup_get_max(): limit plus the swap it may use, in pages. */
unsigned long memcg_get_max(struct mm_machine *m, int memcg);

#endif
