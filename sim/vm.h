/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm.h - part 2 of the simulator: processes, their VMAs, 4-level x86_64
 * page tables, the anonymous fault paths (fault.c) and the OOM killer's
 * arithmetic (oom.c).  Everything lives in a struct vm_sys hung on
 * mm_machine.ext; frames come from the buddy allocator (owner MM_OWNER_PROC).
 *
 * Not modelled yet: file mappings, THP, LRU/reclaim, swap, memcg.
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
};

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
};

struct vm_sys {
	struct vm_proc proc[VM_MAX_PROCS];
	int nproc;
	uint32_t zero_pfn;	/* the shared zero page */
	int oom_victim;		/* index, -1 when none */
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

#endif
