// SPDX-License-Identifier: GPL-2.0
/*
 * memcg.c - the cgroup v1 memory controller as 6.1 charges user pages
 * (mm/memcontrol.c): try_charge_memcg() with the per-CPU charge stock
 * (MEMCG_CHARGE_BATCH = 64 pages taken at once; one CPU is modelled),
 * failcnt bumped by every failed page_counter_try_charge(), reclaim
 * within the group (try_to_free_mem_cgroup_pages), the drain and
 * MAX_RECLAIM_RETRIES (16) retries, then mem_cgroup_oom() for orders up to
 * PAGE_ALLOC_COSTLY_ORDER (3): out_of_memory() with CONSTRAINT_MEMCG,
 * select_bad_process() among the group's tasks with totalpages =
 * mem_cgroup_get_max(), and the kernel log lines of dump_header(),
 * mem_cgroup_print_oom_meminfo(), dump_tasks(), dump_oom_summary() and
 * __oom_kill_process().
 *
 * Anonymous pages are charged to the faulting process's group, page-cache
 * pages to the group of the task whose read(2) or fault brought them in
 * (file.c: __filemap_add_folio -> mem_cgroup_charge(folio, NULL, gfp));
 * readahead charges with __GFP_NORETRY (readahead_gfp_mask): no retries,
 * no OOM, the page is just not read ahead.  Reclaim within the group is
 * lru.c's lru_memcg_reclaim() (vm_sys.memcg_reclaim).  Page tables are
 * charged as kmem to current's group (GFP_PGTABLE_USER has __GFP_ACCOUNT:
 * __memcg_kmem_charge_page() -> obj_cgroup_charge_pages() ->
 * try_charge_memcg(), and the v1 kmem counter) and uncharged into the
 * stock (obj_cgroup_uncharge_pages() -> refill_stock()); the slab objects
 * the kernel also charges (vm_area_struct, anon_vma: SLAB_ACCOUNT) are
 * not modelled, so "kmem: usage" shows the page tables only.  A frame
 * remembers its
 * group in vm_sys.page_memcg (folio->memcg_data), not in struct mm_page,
 * whose words the LRU and rmap use.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "sim/vm.h"

#define MEMCG_RETRIES		16	/* MAX_RECLAIM_RETRIES */
#define MEMCG_COSTLY_PAGES	8	/* 1 << PAGE_ALLOC_COSTLY_ORDER */
/* K(PAGE_COUNTER_MAX): what an unlimited counter prints */
#define MEMCG_MAX_KB		(VM_PAGE_COUNTER_MAX * 4)

static const char *const memcg_fr_reclaim[] = {
	"mem_cgroup_charge", "try_charge_memcg",
	"try_to_free_mem_cgroup_pages",
};
static const char *const memcg_fr_oom[] = {
	"mem_cgroup_charge", "try_charge_memcg", "mem_cgroup_oom",
	"mem_cgroup_out_of_memory", "out_of_memory", "select_bad_process",
	"oom_kill_process",
};

int memcg_find(struct mm_machine *m, const char *name)
{
	struct vm_sys *vs = vm_sys(m);
	int i;

	for (i = 0; vs && i < vs->nmemcg; i++)
		if (!strcmp(vs->memcg[i].name, name))
			return i + 1;
	return 0;
}

int memcg_new(struct mm_machine *m, const char *name, uint64_t limit)
{
	struct vm_sys *vs = vm_sys(m);
	struct vm_memcg *g;

	if (!vs)
		return -ENOMEM;
	if (!name[0] || strlen(name) >= VM_NAME_MAX || strchr(name, '.'))
		return mm_err(m, -EINVAL, "bad memcg name '%s'", name);
	if (memcg_find(m, name))
		return mm_err(m, -EEXIST, "memcg '%s' exists", name);
	if (vs->nmemcg == VM_MAX_MEMCG)
		return mm_err(m, -ENOSPC, "too many memcgs at '%s'", name);
	if (!vs->page_memcg) {
		vs->page_memcg = calloc(m->nr_pages, 1);
		if (!vs->page_memcg)
			return mm_err(m, -ENOMEM, "cannot allocate the "
				      "memcg map for '%s'", name);
	}
	g = &vs->memcg[vs->nmemcg++];
	memset(g, 0, sizeof(*g));
	strcpy(g->name, name);
	/* page_counter_memparse(): bytes / PAGE_SIZE, at most the max */
	g->limit = limit / MM_PAGE_SIZE;
	if (g->limit > VM_PAGE_COUNTER_MAX)
		g->limit = VM_PAGE_COUNTER_MAX;
	return 0;
}

unsigned long memcg_get_max(struct mm_machine *m, int memcg)
{
	struct vm_sys *vs = m->ext;
	unsigned long max = vs->memcg[memcg - 1].limit;
	unsigned long swap = (unsigned long)(m->cfg.swap_bytes >>
					     MM_PAGE_SHIFT);

	/* v1 with memsw accounting and swappiness 60: memsw.max is
	 * unlimited, so the swap excess is all of the swap */
	if (swap > VM_PAGE_COUNTER_MAX - max)
		swap = VM_PAGE_COUNTER_MAX - max;
	return max + swap;
}

/* drain_stock(): give this CPU's pre-charged pages back. */
static void memcg_drain_stock(struct vm_sys *vs)
{
	if (vs->stock_memcg)
		vs->memcg[vs->stock_memcg - 1].usage -= vs->stock_nr;
	vs->stock_memcg = 0;
	vs->stock_nr = 0;
}

/* consume_stock() */
static int memcg_consume_stock(struct vm_sys *vs, int id, unsigned long nr)
{
	if (nr > VM_MEMCG_CHARGE_BATCH || vs->stock_memcg != id ||
	    vs->stock_nr < nr)
		return 0;
	vs->stock_nr -= nr;
	return 1;
}

/* refill_stock() */
static void memcg_refill_stock(struct vm_sys *vs, int id, unsigned long nr)
{
	if (vs->stock_memcg != id) {
		memcg_drain_stock(vs);
		vs->stock_memcg = id;
	}
	vs->stock_nr += nr;
	if (vs->stock_nr > VM_MEMCG_CHARGE_BATCH)
		memcg_drain_stock(vs);
}

/* page_counter_try_charge(): a failure bumps failcnt. */
static int memcg_try_counter(struct vm_memcg *g, unsigned long nr)
{
	if (g->usage + nr > g->limit) {
		g->failcnt++;
		return 0;
	}
	g->usage += nr;
	return 1;
}

/* dump_header() for a memcg OOM: the lines of the kernel log (the stack
 * dump and the "Memory cgroup stats" block are left out). */
static void memcg_dump_header(struct mm_machine *m, struct vm_proc *cur,
			      int id)
{
	struct vm_sys *vs = m->ext;
	struct vm_memcg *g = &vs->memcg[id - 1];
	int i;

	mm_dmesg(m, "%s invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), "
		 "order=0, oom_score_adj=%d", cur->name, cur->adj);
	mm_dmesg(m, "memory: usage %lukB, limit %lukB, failcnt %lu",
		 g->usage * 4, g->limit * 4, g->failcnt);
	mm_dmesg(m, "memory+swap: usage %lukB, limit %lukB, failcnt 0",
		 g->usage * 4, MEMCG_MAX_KB);
	mm_dmesg(m, "kmem: usage %lukB, limit %lukB, failcnt 0",
		 g->kmem * 4, MEMCG_MAX_KB);
	mm_dmesg(m, "Tasks state (memory values in pages):");
	mm_dmesg(m, "[  pid  ]   uid  tgid total_vm      rss pgtables_bytes "
		 "swapents oom_score_adj name");
	for (i = 0; i < vs->nproc; i++) {
		struct vm_proc *q = &vs->proc[i];

		if (!q->live || q->memcg != id || q->unkillable)
			continue;
		mm_dmesg(m, "[%7d] %5d %5d %8llu %8lu %8ld %8lu         %5d %s",
			 100 + i, 0, 100 + i,
			 (unsigned long long)vm_total_vm(q),
			 (unsigned long)q->rss_anon, q->nr_pt * 4096, 0UL,
			 q->adj, q->name);
	}
}

/* mem_cgroup_out_of_memory() -> out_of_memory(): returns 1 when a task
 * was killed, 0 when none could be. */
static int memcg_oom_kill(struct mm_machine *m, struct vm_proc *cur, int id)
{
	struct vm_sys *vs = m->ext;
	struct vm_memcg *g = &vs->memcg[id - 1];
	unsigned long total = memcg_get_max(m, id);
	long chosen = LONG_MIN;
	int i, victim = -1;
	struct vm_proc *p;

	if (!total)
		total = 1;
	g->oom++;
	for (i = 0; i < vs->nproc; i++) {
		long pts;

		if (!vs->proc[i].live || vs->proc[i].memcg != id)
			continue;
		pts = vm_proc_badness_in(m, &vs->proc[i], total);
		if (pts == LONG_MIN || pts < chosen)
			continue;
		chosen = pts;
		victim = i;
	}
	memcg_dump_header(m, cur, id);
	if (victim < 0) {
		mm_dmesg(m, "Out of memory and no killable processes...");
		return 0;
	}
	p = &vs->proc[victim];
	mm_dmesg(m, "oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),"
		 "cpuset=/,mems_allowed=0,oom_memcg=/%s,task_memcg=/%s,"
		 "task=%s,pid=%d,uid=0", g->name, g->name, p->name,
		 100 + victim);
	if (m->event)
		mm_emit(m, MM_EV_OOM, memcg_fr_oom,
			(int)(sizeof(memcg_fr_oom) / sizeof(memcg_fr_oom[0])),
			"memcg %s oom: kill %s, points %ld of totalpages %lu",
			g->name, p->name, chosen, total);
	mm_dmesg(m, "Memory cgroup out of memory: Killed process %d (%s) "
		 "total-vm:%llukB, anon-rss:%lukB, file-rss:0kB, "
		 "shmem-rss:0kB, UID:0 pgtables:%lukB oom_score_adj:%d",
		 100 + victim, p->name,
		 (unsigned long long)vm_total_vm(p) * 4,
		 (unsigned long)p->rss_anon * 4, (unsigned long)p->nr_pt * 4,
		 p->adj);
	vs->oom_victim = victim;
	g->oom_kill++;
	m->vmstat[MM_VM_OOM_KILL]++;
	vm_exit(m, p);
	return 1;
}

/* The rest of try_charge_memcg() after the counter refused nr pages:
 * reclaim, drain, (__GFP_NORETRY: give up), retries, OOM.  0 retry the
 * charge, 1 cur was killed, -ENOMEM give up. */
static int memcg_over_limit(struct mm_machine *m, struct vm_proc *cur,
			    int id, unsigned long nr, int noretry,
			    int *drained, int *retries)
{
	struct vm_sys *vs = m->ext;
	struct vm_memcg *g = &vs->memcg[id - 1];
	unsigned long got = 0;

	if (vs->memcg_reclaim)
		got = vs->memcg_reclaim(m, id - 1, nr);
	if (m->event && !*drained)	/* once per charge, not per retry */
		mm_emit(m, MM_EV_RECLAIM, memcg_fr_reclaim,
			(int)(sizeof(memcg_fr_reclaim) /
			      sizeof(memcg_fr_reclaim[0])),
			"memcg %s over its limit (%lu of %lu pages): "
			"reclaimed %lu", g->name, g->usage, g->limit, got);
	if (g->usage + nr <= g->limit)
		return 0;
	if (!*drained) {
		if (vs->stock_memcg == id)
			memcg_drain_stock(vs);
		*drained = 1;
		return 0;
	}
	if (noretry)
		return -ENOMEM;
	if (got && nr <= MEMCG_COSTLY_PAGES)
		return 0;
	if ((*retries)-- > 0)
		return 0;
	if (nr > MEMCG_COSTLY_PAGES)
		return -ENOMEM;	/* mem_cgroup_oom(): not for costly orders */
	if (!memcg_oom_kill(m, cur, id))
		return mm_err(m, -ENOMEM, "memcg '%s' is out of memory and "
			      "has no killable process: '%s' would retry "
			      "its fault for ever", g->name, cur->name);
	if (!cur->live)
		return 1;
	*retries = MEMCG_RETRIES;
	return 0;
}

/* try_charge_memcg(): the stock, the counter (batch, then nr), then
 * memcg_over_limit() until the charge fits or fails. */
int memcg_charge_gfp(struct mm_machine *m, struct vm_proc *p,
		     unsigned long nr, int noretry)
{
	struct vm_sys *vs = m->ext;
	unsigned long batch = nr > VM_MEMCG_CHARGE_BATCH ? nr :
			      VM_MEMCG_CHARGE_BATCH;
	int id = p->memcg, drained = 0, retries = MEMCG_RETRIES, r;
	struct vm_memcg *g;

	if (!id)
		return 0;
	g = &vs->memcg[id - 1];
	for (;;) {
		if (memcg_consume_stock(vs, id, nr))
			return 0;
		if (memcg_try_counter(g, batch)) {
			if (batch > nr)
				memcg_refill_stock(vs, id, batch - nr);
			return 0;
		}
		if (batch > nr) {
			batch = nr;
			continue;
		}
		r = memcg_over_limit(m, p, id, nr, noretry, &drained,
				     &retries);
		if (r)
			return r;
	}
}

int memcg_kmem_charge(struct mm_machine *m, struct vm_proc *p,
		      unsigned long nr)
{
	struct vm_sys *vs = m->ext;
	int id = p->memcg, r;

	if (!id)
		return 0;	/* get_obj_cgroup_from_current(): the root */
	r = memcg_charge(m, p, nr);
	if (!r)
		vs->memcg[id - 1].kmem += nr;	/* memcg_account_kmem() */
	return r;
}

void memcg_kmem_uncharge(struct mm_machine *m, int memcg, unsigned long nr)
{
	struct vm_sys *vs = m->ext;
	struct vm_memcg *g;

	if (!memcg)
		return;
	g = &vs->memcg[memcg - 1];
	g->kmem = g->kmem > nr ? g->kmem - nr : 0;
	memcg_refill_stock(vs, memcg, nr);
}

void memcg_commit_group(struct mm_machine *m, struct vm_proc *p, uint32_t pfn,
			unsigned long nr)
{
	struct vm_sys *vs = m->ext;

	if (p->memcg && vs->page_memcg)
		memset(vs->page_memcg + pfn, p->memcg, nr);
}

void memcg_uncharge_group(struct mm_machine *m, uint32_t pfn,
			  unsigned long nr)
{
	struct vm_sys *vs = m->ext;
	struct vm_memcg *g;
	int id;

	if (!vs->page_memcg || !vs->page_memcg[pfn])
		return;
	id = vs->page_memcg[pfn];
	memset(vs->page_memcg + pfn, 0, nr);
	g = &vs->memcg[id - 1];
	g->usage = g->usage > nr ? g->usage - nr : 0;
}
