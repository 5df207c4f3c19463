/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm.h - part 2 of the simulator: processes, their VMAs, 4-level x86_64
 * page tables, the anonymous fault paths (fault.c) and the OOM killer's
 * arithmetic (oom.c).  Everything lives in a struct vm_sys hung on
 * mm_machine.ext; frames come from the buddy allocator (owner MM_OWNER_PROC).
 *
 * THP (thp.c), VMA splits (vma.c), memory cgroups v1 (memcg.c), file
 * mappings and the page cache (file.c), the LRU lists, reclaim and swap
 * (lru.c) hang off the same state.
 * Functions return 0 or -errno with the text in m->err (mm_err()).
 */
#ifndef MMSIM_VM_H
#define MMSIM_VM_H

#include <stdint.h>

#include "sim/mm.h"

#define VM_MAX_PROCS	32
/* vm.max_map_count's default, DEFAULT_MAX_MAP_COUNT (include/linux/mm.h):
 * USHRT_MAX - MAPCOUNT_ELF_CORE_MARGIN */
#define VM_MAX_MAP_COUNT	65530
#define VM_NAME_MAX	32
/* TASK_SIZE_MAX with 4-level page tables: the end of user space */
#define VM_TASK_SIZE	((1ULL << 47) - 4096)

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
	/* simfile: file mappings (file.c) */
	int file;		/* index + 1 of the mapped file, 0: anonymous */
	/* vma->anon_vma, set by anon_vma_prepare() on the first
	 * anonymous page (a write fault, a COW copy, a THP fault; never a
	 * zero-page read): fork copies the PTEs of such VMAs only */
	int has_anon;
	int account;		/* VM_ACCOUNT: charged (private, writable) */
	uint64_t pgoff;		/* vm_pgoff: file page at start (a split
				 * must advance it for the upper part) */
};

/* struct vm_vma.thp */
#define VM_HUGEPAGE	1
#define VM_NOHUGEPAGE	2

/* PMD-sized pages (HPAGE_PMD_*). */
#define VM_HPAGE_ORDER	9
#define VM_HPAGE_NR	512
#define VM_HPAGE_SIZE	(2ULL << 20)

/* An mmap line's NAME and the range it mapped: NAME[i] counts pages from
 * base, whatever munmap and splits did to its VMAs since. */
struct vm_name {
	char name[VM_NAME_MAX];	/* "" in a free slot */
	uint64_t base, pages;
};

/*
 * One page-table page: 512 entries; upper levels point to the next.  Its
 * frame is a real allocation from the buddy allocator (pfn), which an
 * upper entry holds as the hardware would (vm_pt_entry()).
 */
struct vm_pt {
	uint64_t e[512];	/* leaf level: PTE values */
	struct vm_pt *next[512];	/* upper levels only */
	uint32_t pfn;		/* the table's frame */
	int memcg;		/* charged to (index + 1), 0 none */
};

/* PGD_ALLOCATION_ORDER with CONFIG_PAGE_TABLE_ISOLATION (Debian's 6.1):
 * the PGD is two pages, the kernel's half and the user's. */
#define VM_PGD_ORDER	1
/* _PAGE_TABLE: the bits of an entry pointing to a lower table
 * (P RW US A D, arch/x86/include/asm/pgtable_types.h) */
#define VM_PTE_TABLE	0x67ULL

/* The upper-level entry pointing to table t (pmd_populate() ...). */
static inline uint64_t vm_pt_entry(const struct vm_pt *t)
{
	return ((uint64_t)t->pfn << 12) | VM_PTE_TABLE;
}

struct vm_proc {
	char name[VM_NAME_MAX];
	int live;
	int adj;		/* oom_score_adj */
	int unkillable;		/* a kernel thread / init (never chosen) */
	/* the VMAs, sorted by address as /proc/PID/maps lists them (the
	 * kernel's maple tree); each is its own allocation, so a pointer
	 * stays valid while others are split, merged or removed */
	struct vm_vma **vma;
	int nvma, capvma;
	/* the names of the mmaps, hashed (vma.c): where each began */
	struct vm_name *names;
	uint32_t names_cap, names_used;
	uint64_t next_addr;	/* where the next mmap goes */
	struct vm_pt *pgd;
	long nr_pt;		/* PUD+PMD+PTE table pages (mm_pgtables_bytes) */
	long rss_anon;
	long minflt, majflt, copies, zero_maps, segv, reuses;
	int last_segv_code;	/* 1 SEGV_MAPERR, 2 SEGV_ACCERR */
	/* appended for THP and memcg */
	long thp;		/* huge PMDs mapping an anonymous THP */
	int memcg;		/* memory cgroup: index + 1, 0 = root */
	/* appended for files and swap (file.c, lru.c) */
	long rss_file;		/* MM_FILEPAGES */
	long swapents;		/* MM_SWAPENTS */
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
	unsigned long kmem;	/* v1 memory.kmem.usage: page tables */
	unsigned long oom;	/* MEMCG_OOM events (under_oom) */
	unsigned long oom_kill;	/* memory.oom_control: oom_kill */
};

/* simfile: the PTE of a swapped-out page: not present, slot in the pfn
 * bits (a swp_entry_t; the real encoding differs). */
#define VM_PTE_SWP	(1ULL << 10)

#define VM_MAX_FILES	16
#define VM_FILE_MAX_PAGES	(1UL << 20)	/* 4 GiB: the index is an array */
/* fault_around_bytes 65536 and the default bdi ra_pages
 * (VM_READAHEAD_PAGES; the machine's readahead_kb / 4 is used). */
#define VM_FAULT_AROUND_PAGES	16
#define VM_RA_PAGES		32
#define VM_MMAP_LOTSAMISS	100
/* First address of mmaps: anon pages keep (addr - base) >> 12 in priv. */
#define VM_MMAP_BASE	0x7f0000000000ULL

/*
 * Where a process's next mapping of len bytes starts (its first at
 * VM_MMAP_BASE): returns the start and moves *next past it.  Host mode
 * places the real mappings at the same addresses.
 */
uint64_t vm_mmap_place(uint64_t *next, uint64_t len);

/* simfile: a file and its page cache (address_space). */
struct vm_file {
	char name[VM_NAME_MAX];
	uint64_t pages;		/* i_size in pages */
	uint32_t *pfn;		/* cached frame per index or MM_NO_PFN */
	long cached;		/* mapping->nrpages */
	unsigned mmap_miss;	/* file_ra_state.mmap_miss */
	/* file_ra_state of the mappings' struct file: the last window */
	uint64_t ra_start, ra_size, ra_async;
};

/* simfile: LRU list indexes (enum lru_list order). */
enum vm_lru_list {
	VM_LRU_INACTIVE_ANON, VM_LRU_ACTIVE_ANON,
	VM_LRU_INACTIVE_FILE, VM_LRU_ACTIVE_FILE, VM_NR_LRU,
};

/* simfile: the node's lruvec, kswapd's state and the swap device. */
struct vm_lru {
	uint32_t head[VM_NR_LRU], tail[VM_NR_LRU];	/* pfns */
	unsigned long nr[VM_NR_LRU];
	int kswapd_pending;	/* woken; runs when the line ends */
	int kswapd_highest;	/* highest_zoneidx of the wake-up */
	int in_reclaim;		/* no nested reclaim */
	unsigned long swap_pages;	/* swap device size */
	unsigned long swap_used;
	uint16_t *swap_map;	/* per slot: PTEs holding it (swap_map[]) */
	unsigned long swap_next;	/* where the slot search starts */
	/* appended for memcg reclaim: each group's share of the lists
	 * (its lruvec's sizes; index = memcg index) */
	unsigned long memcg_nr[VM_MAX_MEMCG][VM_NR_LRU];
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
	 * index given; lru_init() sets lru_memcg_reclaim); NULL: nothing
	 * reclaimable.  Returns pages freed. */
	unsigned long (*memcg_reclaim)(struct mm_machine *m, int memcg,
				       unsigned long nr);
	/* folio->memcg_data: the group each frame is charged to (index +
	 * 1, 0 none), one byte per frame, made by the first memcg_new() */
	uint8_t *page_memcg;
	/* simfile: page cache, LRU, reclaim, swap */
	struct vm_file file[VM_MAX_FILES];
	int nfile;
	struct vm_lru lru;
	/* appended for memcg page cache: the task whose read or fault runs
	 * now (current; its memcg is charged for new page-cache pages),
	 * NULL outside them (file F cached=: the root) */
	struct vm_proc *cur;
};

/* The part-2 state of m, created on first use; NULL with m->err set. */
struct vm_sys *vm_sys(struct mm_machine *m);
struct vm_proc *vm_proc_find(struct vm_sys *vs, const char *name);
/* New process (name unique); NULL with m->err. */
struct vm_proc *vm_proc_new(struct mm_machine *m, const char *name, int adj);
/* The VMA of an mmap of len bytes named name (do_mmap): file is the
 * mapped file's index + 1 or 0, shared MAP_SHARED.  Fails with -ENOMEM
 * where 6.1 does (vm.max_map_count, no room below TASK_SIZE, a private
 * writable mapping larger than RAM + swap). */
int vm_mmap_vma(struct mm_machine *m, struct vm_proc *p, const char *name,
		uint64_t len, int prot, int file, int shared,
		struct vm_vma **out);
/* mmap len bytes (rounded up to pages); populate pre-faults for write. */
int vm_mmap(struct mm_machine *m, struct vm_proc *p, const char *name,
	    uint64_t len, int prot, int populate);
struct vm_vma *vm_vma_find(struct vm_proc *p, const char *name);
/*
 * A zeroed page-table page of 2^order frames for p from the buddy
 * allocator (GFP_PGTABLE_USER: it may reclaim and OOM-kill), charged as
 * kmem to the memcg of current (vs->cur, else p: __GFP_ACCOUNT), which
 * may OOM-kill within the group too.  Returns 0, 1 when p, live before,
 * or current was the OOM victim (p's tables are gone), or -ENOMEM with
 * m->err.
 */
int vm_pt_new(struct mm_machine *m, struct vm_proc *p, unsigned order,
	      struct vm_pt **out);
/* Give a page-table page back to the buddy allocator, its kmem charge
 * to the group's charge stock. */
void vm_pt_free(struct mm_machine *m, struct vm_pt *t, unsigned order);
/*
 * The page-table page at @level (1 PUD, 2 PMD, 3 PTE) on the way to addr.
 * With m, missing tables are allocated (counted in nr_pt; NULL with
 * m->err when out of memory, or when the OOM kill the allocation needed
 * took p: p->live says which); without, NULL when one is missing.
 */
struct vm_pt *vm_pt_walk(struct mm_machine *m, struct vm_proc *p,
			 uint64_t addr, int level);
/* vm_pt_walk(NULL, p, addr, 2) inline, for the fault path. */
static inline struct vm_pt *vm_pmd_table(const struct vm_proc *p,
					 uint64_t addr)
{
	struct vm_pt *t = p->pgd ? p->pgd->next[vm_pt_index(addr, 0)] : NULL;

	return t ? t->next[vm_pt_index(addr, 1)] : NULL;
}
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
/* put_page() of an anonymous page, or of the THP a subpage belongs to:
 * drop one reference, free it (LRU, memcg charge) with the last. */
void vm_put_page(struct mm_machine *m, uint32_t pfn);
/* Clear one PTE, dropping its page or swap entry (zap_pte_range). */
void vm_zap_pte(struct mm_machine *m, struct vm_proc *p, uint64_t *pte);
/* A new anon page for addr of p (OOM kill and retry once), on the
 * inactive anon LRU.  0, 1 when p itself was killed, or -errno. */
int vm_new_page(struct mm_machine *m, struct vm_proc *p, uint64_t addr,
		uint32_t *pfn);
/* Pages of all VMAs (total-vm). */
uint64_t vm_total_vm(const struct vm_proc *p);
/*
 * page_folio(): the frame holding the state of the page mapped at pfn.
 * A PTE can map a subpage of an anonymous THP (after its PMD was split):
 * the tail frames of a block carry no reference count (struct mm_page),
 * so a frame without one is a subpage and its folio is the 2 MiB-aligned
 * head.  Any other mapped frame is its own folio.
 */
static inline uint32_t vm_folio(const struct mm_machine *m, uint32_t pfn)
{
	return m->pages[pfn].refcount ? pfn : pfn & ~(uint32_t)(512 - 1);
}

/* fork: child is a COW copy of parent. */
int vm_fork(struct mm_machine *m, struct vm_proc *parent, const char *child);
/* exit: tear down the address space. */
void vm_exit(struct mm_machine *m, struct vm_proc *p);

/* fault.c: one access at addr (write != 0: store).  Returns 0 (the
 * access completed, maybe after a fault), 1 when SIGSEGV was delivered,
 * -errno on simulator failure (out of memory). */
int vm_access(struct mm_machine *m, struct vm_proc *p, uint64_t addr,
	      int write);

/* MAP_POPULATE of v (__mm_populate): GUP faults for every page not yet
 * mapped with the access needed; nothing for a PROT_NONE VMA.  0 or
 * -errno; p may be OOM-killed meanwhile. */
int vm_populate(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v);

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
/* mm_machine.oom_hook: out_of_memory() for a failing allocation; 1 when
 * it killed a task. */
int vm_oom_hook(struct mm_machine *m, unsigned order, unsigned gfp);
/* Badness against a given totalpages (a memcg OOM uses its limit). */
long vm_proc_badness_in(struct mm_machine *m, struct vm_proc *p,
			unsigned long totalpages);

/*
 * free_pgd_range() (mm/memory.c): free the page tables of [addr, end)
 * that no VMA outside [floor, ceiling) can need (ceiling 0: the top), as
 * free_pgtables() does after munmap; counted off nr_pt.
 */
void vm_free_pgd_range(struct mm_machine *m, struct vm_proc *p,
		       uint64_t addr, uint64_t end, uint64_t floor,
		       uint64_t ceiling);
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
/* The fault path for huge PMDs, given the PMD table of addr (the
 * caller's walk, NULL when there is none): 0 done, 1 fall back to the
 * PTE path with the tables as they were, 2 fall back after the tables
 * may have changed (walk again), -errno.  Counts the fault when it
 * handles it. */
int thp_fault(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
	      uint64_t addr, int write, struct vm_pt *t);
/* Before an operation on [start, end): split huge PMDs it covers only in
 * part; with zap, also unmap those it covers whole (zap_huge_pmd). */
void thp_zap_range(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		   uint64_t end, int zap);
/* mprotect of whole huge PMDs in [start, end) (change_huge_pmd). */
void thp_protect_range(struct mm_machine *m, struct vm_proc *p,
		       uint64_t start, uint64_t end, int prot);
/* One more PTE maps subpage pfn of an anonymous THP (fork, a PMD split):
 * page_dup_rmap() and get_page() on the folio. */
void thp_pte_dup(struct mm_machine *m, uint32_t pfn);
/* A PTE mapping subpage pfn of an anonymous THP goes (zap, COW):
 * page_remove_rmap() and put_page(); the folio is freed with its last
 * reference. */
void thp_pte_unmap(struct mm_machine *m, uint32_t pfn);
/* The folio's last reference went (vm_put_page()): back to the buddy
 * allocator with its memcg charge. */
void thp_folio_free(struct mm_machine *m, uint32_t head);
/* Drop one huge PMD mapping (exit, zap). */
void thp_put_pmd(struct mm_machine *m, struct vm_proc *p, uint64_t *pmd);
/* fork: share the parent's huge PMD at addr with the child
 * (copy_huge_pmd), allocating the child's tables.  0, 1 when an
 * allocation's OOM kill took the parent, -ENOMEM. */
int thp_fork_pmd(struct mm_machine *m, struct vm_proc *parent,
		 struct vm_proc *c, uint64_t addr);
/* madvise(MADV_HUGEPAGE / MADV_NOHUGEPAGE / MADV_DONTNEED). */
#define VM_MADV_HUGEPAGE	14
#define VM_MADV_NOHUGEPAGE	15
#define VM_MADV_DONTNEED	4
int thp_madvise(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		uint64_t end, int advice);
/* Rss, Anonymous and AnonHugePages of a VMA in pages
 * (smaps_pte_entry / smaps_pmd_entry). */
void thp_vma_rss(struct mm_machine *m, struct vm_proc *p,
		 const struct vm_vma *v, unsigned long *rss,
		 unsigned long *anon, unsigned long *huge);
/* AnonHugePages of a range in pages (smaps). */
unsigned long thp_anon_huge_pages(struct mm_machine *m, struct vm_proc *p,
				  uint64_t start, uint64_t end);

/* vma.c: VMA ranges (mm/mmap.c split_vma, vma_merge, mprotect.c). */
/* A new VMA [start, end) named name, inserted in address order (the
 * caller checked the range is free); NULL with m->err when the process
 * has more than vm.max_map_count VMAs (do_mmap: -ENOMEM). */
struct vm_vma *vma_add(struct mm_machine *m, struct vm_proc *p,
		       const char *name, uint64_t start, uint64_t end);
/* Drop every VMA and name of p (exit). */
void vma_free_all(struct vm_proc *p);
/* Give child a copy of parent's VMAs and names (dup_mmap); 0 or
 * -ENOMEM. */
int vma_copy_all(struct mm_machine *m, struct vm_proc *child,
		 const struct vm_proc *parent);
/* Index of the first VMA ending above addr (p->nvma when none).  Inline
 * with vma_find_addr(): every simulated fault looks its VMA up. */
static inline int vma_index(const struct vm_proc *p, uint64_t addr)
{
	int lo = 0, hi = p->nvma;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;

		if (p->vma[mid]->end <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
/* Record (or reuse) the name of an mmap at base; 0 or -ENOMEM. */
int vma_name_set(struct mm_machine *m, struct vm_proc *p, const char *name,
		 uint64_t base, uint64_t pages);
/* Split so that a VMA boundary falls at addr (no-op when one does). */
int vma_split_at(struct mm_machine *m, struct vm_proc *p, uint64_t addr);
/* Would the splits at start and end pass vm.max_map_count?  0, or err
 * (-ENOMEM; madvise: -EAGAIN) with m->err naming the call what. */
int vma_split_range_check(struct mm_machine *m, struct vm_proc *p,
			  uint64_t start, uint64_t end, int err,
			  const char *what);
/* Split at both ends of [start, end), so whole VMAs cover it. */
int vma_split_range(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		    uint64_t end);
/* Is [start, end) a page-aligned range wholly covered by VMAs?  0,
 * -EINVAL (bad range) or -ENOMEM (a hole), m->err naming the call what. */
int vma_range_mapped(struct mm_machine *m, struct vm_proc *p,
		     uint64_t start, uint64_t end, const char *what);
/* munmap / mprotect of [start, end) over any VMAs it touches. */
int vma_munmap(struct mm_machine *m, struct vm_proc *p, uint64_t start,
	       uint64_t end);
int vma_mprotect(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		 uint64_t end, int prot);
/* Merge the VMAs of one mmap in and around [start, end) that became alike
 * again (vma_merge). */
void vma_merge_range(struct vm_proc *p, uint64_t start, uint64_t end);
/* The VMA holding addr, or NULL. */
static inline struct vm_vma *vma_find_addr(struct vm_proc *p, uint64_t addr)
{
	int i = vma_index(p, addr);

	return i < p->nvma && p->vma[i]->start <= addr ? p->vma[i] : NULL;
}

/* memcg.c: cgroup v1 memory controller (mm/memcontrol.c). */
/* A new group; limit in bytes (rounded down to pages). */
int memcg_new(struct mm_machine *m, const char *name, uint64_t limit);
/* Index + 1 of a group, 0 when unknown. */
int memcg_find(struct mm_machine *m, const char *name);
/* Charge nr pages for p with __GFP_NORETRY when noretry
 * (readahead_gfp_mask): after reclaim and the drain it fails with
 * -ENOMEM instead of retrying and OOM-killing. */
int memcg_charge_gfp(struct mm_machine *m, struct vm_proc *p,
		     unsigned long nr, int noretry);
/* Charge nr pages for p (try_charge_memcg; order 0 may OOM-kill within
 * the group).  0, 1 when p itself was killed, -ENOMEM (no charge).  A
 * task in no group (the root) has nothing to charge: answered inline,
 * as the commit and uncharge below, since every user fault asks. */
static inline int memcg_charge(struct mm_machine *m, struct vm_proc *p,
			       unsigned long nr)
{
	return p->memcg ? memcg_charge_gfp(m, p, nr, 0) : 0;
}
/* Record that frames [pfn, pfn + nr) are charged to p's group
 * (commit_charge: folio->memcg_data). */
void memcg_commit_group(struct mm_machine *m, struct vm_proc *p, uint32_t pfn,
			unsigned long nr);
static inline void memcg_commit_page(struct mm_machine *m, struct vm_proc *p,
				     uint32_t pfn, unsigned long nr)
{
	if (p->memcg)
		memcg_commit_group(m, p, pfn, nr);
}
/* Uncharge frames [pfn, pfn + nr) being freed from the group they were
 * charged to (none: no-op).  Every path that frees a charged page calls
 * it. */
void memcg_uncharge_group(struct mm_machine *m, uint32_t pfn,
			  unsigned long nr);
static inline void memcg_uncharge_page(struct mm_machine *m, uint32_t pfn,
				       unsigned long nr)
{
	const struct vm_sys *vs = m->ext;

	if (vs->page_memcg && vs->page_memcg[pfn])
		memcg_uncharge_group(m, pfn, nr);
}
/* __memcg_kmem_charge_page(): nr kernel pages (page tables) for current
 * p, charged to its group as memcg_charge() does and counted in kmem.
 * 0 (also in the root: nothing to charge), 1 when p was killed, -ENOMEM
 * (no charge). */
int memcg_kmem_charge(struct mm_machine *m, struct vm_proc *p,
		      unsigned long nr);
/* __memcg_kmem_uncharge_page(): nr kernel pages of group memcg (index +
 * 1; 0 none) freed; the charge goes to the per-CPU stock (refill_stock),
 * leaving the counter when the stock drains. */
void memcg_kmem_uncharge(struct mm_machine *m, int memcg, unsigned long nr);
/* mem_cgroup_get_max(): limit plus the swap it may use, in pages. */
unsigned long memcg_get_max(struct mm_machine *m, int memcg);

/* ---- simfile: file.c (page cache, file faults) ---- */

struct vm_file *file_find(struct vm_sys *vs, const char *name);
/* file F SIZE cached=N: a file of size bytes with its first `cached`
 * pages in the page cache. */
int file_new(struct mm_machine *m, const char *name, uint64_t size,
	     uint64_t cached);
/* mmap of f (from offset 0) as VMA name; populate as MAP_POPULATE. */
int file_mmap(struct mm_machine *m, struct vm_proc *p, const char *name,
	      uint64_t len, int prot, struct vm_file *f, int shared,
	      int populate);
/* read(2) by p of pages [first, first+n): cache them (charged to p's
 * memcg), mark_page_accessed.  0 also when p was OOM-killed meanwhile. */
int file_read(struct mm_machine *m, struct vm_proc *p, struct vm_file *f,
	      uint64_t first, uint64_t n);
/* Fault on a not-present PTE of a file VMA (do_fault), from a user
 * access or GUP (gup: MAP_POPULATE).  Returns as vm_access. */
int file_fault(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
	       uint64_t addr, int write, int gup);
/* Write fault on a present read-only page-cache PTE (do_wp_page). */
int file_wp_fault(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
		  uint64_t *pte, uint64_t addr);
/* Drop a clean, unmapped page-cache page (__remove_mapping). */
void file_evict(struct mm_machine *m, uint32_t pfn);
/* The fault-around window [*start, *end] (inclusive page indexes in the
 * VMA; add vm_pgoff for file indexes) of a fault at addr in a VMA of
 * vma_pages pages at vm_start (do_fault_around). */
void file_fault_around_window(uint64_t vm_start, uint64_t vma_pages,
			      uint64_t addr, uint64_t *start, uint64_t *end);
/* Drop one PTE's mapping of a page-cache page. */
void file_unmap(struct mm_machine *m, struct vm_proc *p, uint64_t *pte);
/* file_ra_state.ra_pages of m's files (read_ahead_kb / 4). */
uint64_t file_ra_pages(const struct mm_machine *m);
/* The mmap read-around window of a major fault at page idx
 * (do_sync_mmap_readahead): *start, *size, *async (0 size: none). */
void file_readaround_window(uint64_t ra_pages, uint64_t idx,
			    uint64_t *start, uint64_t *size, uint64_t *async);
/* Release every file's page-cache index (the machine is going away). */
void file_free_all(struct vm_sys *vs);

/* ---- simfile: lru.c (LRU lists, reclaim, swap) ---- */

/* Set up the LRU and swap; hooks reclaim into the buddy allocator. */
int lru_init(struct mm_machine *m, struct vm_sys *vs);
void lru_free(struct vm_sys *vs);
/* folio_add_lru: a new page to the inactive list of its type. */
void lru_add(struct mm_machine *m, uint32_t pfn);
/* Take a page off its LRU list (it is being freed). */
void lru_del(struct mm_machine *m, uint32_t pfn);
/* folio_mark_accessed: inactive,unreferenced -> inactive,referenced ->
 * active. */
void lru_mark_accessed(struct mm_machine *m, uint32_t pfn);
/* Run kswapd if an allocation woke it (the end of a scenario line). */
void lru_kswapd_pending(struct mm_machine *m);
/* kswapd's balance_pgdat until a zone <= highest is above high. */
unsigned long lru_kswapd(struct mm_machine *m, int highest);
/* Direct reclaim (try_to_free_pages): SWAP_CLUSTER_MAX pages. */
unsigned long lru_direct(struct mm_machine *m);
/* try_to_free_mem_cgroup_pages: reclaim max(nr, 32) pages charged to
 * memcg (index) only; vm_sys.memcg_reclaim points here. */
unsigned long lru_memcg_reclaim(struct mm_machine *m, int memcg,
				unsigned long nr);
/* pgdat_balanced(): a zone <= highest has free > high + lowmem_reserve. */
int lru_balanced(struct mm_machine *m, int highest);
/* do_swap_page on a swap PTE.  Returns as vm_access. */
int lru_swapin(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
	       uint64_t *pte, uint64_t addr, int write);
/* Drop a swap entry (zap_pte_range / exit). */
void lru_swap_put(struct mm_machine *m, uint64_t pte);
/* Take one more reference on a swap entry (fork: swap_duplicate). */
void lru_swap_dup(struct mm_machine *m, uint64_t pte);
/* /proc/meminfo lines the simulator keeps. */
void lru_meminfo(struct mm_machine *m, struct mm_buf *b);
/* pressure: n GFP_KERNEL order-0 pages that stay allocated. */
int lru_pressure(struct mm_machine *m, unsigned long n,
		 unsigned long *got);

#endif
