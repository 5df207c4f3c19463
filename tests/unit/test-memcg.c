// SPDX-License-Identifier: GPL-2.0
/*
 * test-memcg.c - the cgroup v1 memory controller of the simulator: charge
 * batching through the per-CPU stock, the limit and failcnt, uncharge on
 * free, the OOM kill confined to the group with totalpages = the limit,
 * the toucher killed mid-touch, no killable task, THP charges that fall
 * back instead of killing, mem_cgroup_get_max() with swap, and the
 * kernel log lines; page-cache pages charged to the reader's (and the
 * faulting task's) group and uncharged on eviction, reclaim within the
 * group (another group's and the root's cache untouched), anon reclaimed
 * only with swap, and the OOM kill only when reclaim frees nothing.
 */
#include <errno.h>
#include <string.h>

#include "scn-test.h"
#include "sim/vm.h"
#include "test.h"

#define PG	MM_PAGE_SIZE

static struct vm_proc *proc(struct mm_machine *m, const char *name, int adj,
			    int memcg, uint64_t bytes)
{
	struct vm_proc *p = vm_proc_new(m, name, adj);

	CHECK(p != NULL);
	p->memcg = memcg;
	CHECK_INT(vm_mmap(m, p, "heap", bytes, 3, 0), 0);
	return p;
}

/* Write pages [a, b) of p's heap; stop when p dies. */
static int touch(struct mm_machine *m, struct vm_proc *p, uint64_t a,
		 uint64_t b)
{
	uint64_t base = vm_vma_find(p, "heap")->base, i;
	int r = 0;

	for (i = a; i < b && p->live && !r; i++)
		r = vm_access(m, p, base + i * PG, 1);
	return r;
}

static void test_batch(void)
{
	struct mm_machine m;
	struct vm_memcg *g;
	struct vm_proc *p;

	scnt_machine(&m, 64 << 20, MM_THP_NEVER);
	CHECK_INT(memcg_new(&m, "G", 1 << 20), 0);
	CHECK_INT(memcg_new(&m, "G", 1 << 20), -EEXIST);
	CHECK_INT(memcg_find(&m, "G"), 1);
	CHECK_INT(memcg_find(&m, "H"), 0);
	g = &vm_sys(&m)->memcg[0];
	CHECK_INT(g->limit, 256);
	p = proc(&m, "A", 0, 1, 1 << 20);
	/* MEMCG_CHARGE_BATCH: the first charge takes 64; the first fault
	 * charges its PUD, PMD and PTE tables (kmem) and its page */
	CHECK_INT(touch(&m, p, 0, 1), 0);
	CHECK_INT(g->usage, 64);
	CHECK_INT(g->kmem, 3);
	CHECK_INT(vm_sys(&m)->stock_nr, 60);
	CHECK_INT(touch(&m, p, 1, 61), 0);
	CHECK_INT(g->usage, 64);
	CHECK_INT(vm_sys(&m)->stock_nr, 0);
	CHECK_INT(touch(&m, p, 61, 62), 0);
	CHECK_INT(g->usage, 128);
	/* 253 pages and 3 tables fill the 256 pages */
	CHECK_INT(touch(&m, p, 62, 253), 0);
	CHECK_INT(g->usage, 256);
	CHECK_INT(g->oom_kill, 0);
	CHECK_INT(g->failcnt, 0);
	/* freeing uncharges the pages; the tables' charge goes to the
	 * stock (refill_stock), which keeps what it holds */
	vm_exit(&m, p);
	CHECK_INT(g->kmem, 0);
	CHECK_INT(vm_sys(&m)->stock_nr, 3);
	CHECK_INT(g->usage, 3);
	/* 266 pages: 3 tables and 257 pages; from the 257th charge on, the
	 * batch of 64 fails (failcnt), then 1 fits */
	CHECK_INT(memcg_new(&m, "H", 266 * PG), 0);
	g = &vm_sys(&m)->memcg[1];
	p = proc(&m, "B", 0, 2, 2 << 20);
	CHECK_INT(touch(&m, p, 0, 257), 0);
	CHECK_INT(g->usage, 260);
	CHECK_INT(g->failcnt, 4);
	CHECK_INT(g->oom_kill, 0);
	/* charging H drained G's stock: G is back to 0 */
	CHECK_INT(vm_sys(&m)->memcg[0].usage, 0);
	mm_machine_free(&m);
}

/*
 * The victim comes from G only, with totalpages = G's limit: Y's
 * adj=100 adds 100 * (1024 / 1000) = 100 points in G but would add
 * 100 * (65536 / 1000) = 6500 against the whole machine.
 */
static void test_victim_in_group(void)
{
	struct mm_machine m;
	struct vm_proc *x, *y, *out;
	struct vm_memcg *g;

	scnt_machine(&m, 256 << 20, MM_THP_NEVER);
	CHECK_INT(memcg_new(&m, "G", 4 << 20), 0);
	g = &vm_sys(&m)->memcg[0];
	CHECK_INT(memcg_get_max(&m, 1), 1024);
	out = proc(&m, "big", 1000, 0, 32 << 20);
	x = proc(&m, "X", 0, 1, 4 << 20);
	y = proc(&m, "Y", 100, 1, 4 << 20);
	CHECK_INT(touch(&m, out, 0, 8192), 0);
	CHECK_INT(touch(&m, x, 0, 600), 0);
	CHECK_INT(touch(&m, y, 0, 200), 0);
	CHECK_INT(g->failcnt, 0);
	CHECK(vm_proc_badness(&m, y) > vm_proc_badness(&m, x));
	CHECK(vm_proc_badness_in(&m, y, 1024) <
	      vm_proc_badness_in(&m, x, 1024));
	/* with X's 4 page tables and Y's 3 charged too, Y goes over at its
	 * 418th page: X (600 + 4 points) dies, not Y (417 + 3 + 100), and
	 * Y carries on */
	CHECK_INT(touch(&m, y, 200, 500), 0);
	CHECK_INT(g->oom_kill, 1);
	CHECK_INT(x->live, 0);
	CHECK_INT(y->live, 1);
	CHECK_INT(y->rss_anon, 500);
	CHECK_INT(out->live, 1);
	CHECK_INT(vm_sys(&m)->oom_victim, 1);
	CHECK_INT(m.vmstat[MM_VM_OOM_KILL], 1);
	/* 2 batch + 1 after the drain + 16 retries before the kill */
	CHECK_INT(g->failcnt, 19);
	CHECK(strstr(m.dmesg, "Y invoked oom-killer: gfp_mask=0xcc0("
		     "GFP_KERNEL), order=0, oom_score_adj=100\n") != NULL);
	CHECK(strstr(m.dmesg, "memory: usage 4096kB, limit 4096kB, "
		     "failcnt 19\n") != NULL);
	CHECK(strstr(m.dmesg, "kmem: usage 28kB, limit ") != NULL);
	CHECK(strstr(m.dmesg, "oom-kill:constraint=CONSTRAINT_MEMCG,"
		     "nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/G,"
		     "task_memcg=/G,task=X,pid=101,uid=0\n") != NULL);
	CHECK(strstr(m.dmesg, "Memory cgroup out of memory: Killed process "
		     "101 (X) total-vm:4096kB, anon-rss:2400kB, file-rss:0kB, "
		     "shmem-rss:0kB, UID:0 pgtables:16kB oom_score_adj:0\n") !=
	      NULL);
	/* dump_tasks lists G's tasks only */
	CHECK(strstr(m.dmesg, " big\n") == NULL);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/* The toucher itself is the victim: it dies mid-touch. */
static void test_self_victim(void)
{
	struct mm_machine m;
	struct vm_proc *a, *b;

	scnt_machine(&m, 64 << 20, MM_THP_NEVER);
	CHECK_INT(memcg_new(&m, "G", 2 << 20), 0);
	a = proc(&m, "A", -500, 1, 1 << 20);
	b = proc(&m, "B", 0, 1, 4 << 20);
	CHECK_INT(touch(&m, a, 0, 100), 0);
	CHECK_INT(touch(&m, b, 0, 1024), 0);
	CHECK_INT(b->live, 0);
	CHECK_INT(a->live, 1);
	CHECK(b->minflt < 1024 && b->minflt > 300);
	CHECK_INT(vm_sys(&m)->memcg[0].oom_kill, 1);
	mm_machine_free(&m);
}

/* A child's copy-on-write charge kills its parent, which shared the
 * pages being copied: the old pages must still be freed. */
static void test_cow_victim(void)
{
	struct mm_machine m;
	struct vm_proc *a, *b;
	unsigned long free0;

	scnt_machine(&m, 64 << 20, MM_THP_NEVER);
	free0 = mm_free_pages(&m);
	CHECK_INT(memcg_new(&m, "G", 4 << 20), 0);
	a = proc(&m, "A", 500, 1, 4 << 20);
	CHECK_INT(touch(&m, a, 0, 600), 0);
	CHECK_INT(vm_fork(&m, a, "B"), 0);
	b = vm_proc_find(vm_sys(&m), "B");
	b->adj = -500;
	/* A's 600 pages and 4 tables, B's PGD (2 pages, charged to the
	 * parent's group by fork) and 4 tables: the 415th copy goes over
	 * and A (600 + 4 + 500) dies, not B */
	CHECK_INT(touch(&m, b, 0, 600), 0);
	CHECK_INT(a->live, 0);
	CHECK_INT(b->live, 1);
	CHECK_INT(b->rss_anon, 600);
	/* the rest are B's alone now: reused, not copied */
	CHECK_INT(b->copies, 415);
	CHECK_INT(b->reuses, 185);
	CHECK_INT(mm_buddy_check(&m), 0);
	vm_exit(&m, b);
	CHECK_INT(mm_free_pages(&m), free0);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_no_victim(void)
{
	struct mm_machine m;
	struct vm_proc *a;

	scnt_machine(&m, 64 << 20, MM_THP_NEVER);
	CHECK_INT(memcg_new(&m, "G", 1 << 20), 0);
	a = proc(&m, "A", -1000, 1, 2 << 20);
	CHECK_INT(touch(&m, a, 0, 512), -ENOMEM);
	CHECK(strstr(m.err, "memcg 'G' is out of memory and has no "
		     "killable process") != NULL);
	CHECK(strstr(m.dmesg, "Out of memory and no killable processes...")
	      != NULL);
	CHECK_INT(a->live, 1);
	CHECK_INT(a->rss_anon, 253);	/* and 3 page tables */
	mm_machine_free(&m);
}

/* An order-9 charge over the limit never kills: it falls back. */
static void test_thp_charge(void)
{
	struct mm_machine m;
	struct vm_proc *a;

	scnt_machine(&m, 64 << 20, MM_THP_ALWAYS);
	CHECK_INT(memcg_new(&m, "G", 3 << 20), 0);
	a = proc(&m, "A", 0, 1, 4 << 20);
	CHECK_INT(touch(&m, a, 0, 512), 0);
	CHECK_INT(a->thp, 1);
	/* the PUD and PMD tables take a batch of 64, the huge page its
	 * 512, the deposited PTE table one page of the stock */
	CHECK_INT(vm_sys(&m)->memcg[0].usage, 576);
	CHECK_INT(vm_sys(&m)->stock_nr, 61);
	CHECK_INT(touch(&m, a, 512, 700), 0);
	CHECK_INT(m.vmstat[MM_VM_THP_FAULT_FALLBACK], 1);
	CHECK_INT(m.vmstat[MM_VM_THP_FAULT_FALLBACK_CHARGE], 1);
	CHECK_INT(vm_sys(&m)->memcg[0].oom_kill, 0);
	CHECK_INT(a->rss_anon, 700);
	vm_exit(&m, a);
	CHECK_INT(vm_sys(&m)->memcg[0].usage, vm_sys(&m)->stock_nr);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_get_max_swap(void)
{
	struct mm_machine m;
	struct mm_config cfg;

	mm_config_default(&cfg);
	cfg.swap_bytes = 8 << 20;
	CHECK_INT(mm_machine_init(&m, &cfg), 0);
	CHECK_INT(memcg_new(&m, "G", 4 << 20), 0);
	CHECK_INT(memcg_new(&m, "U", (uint64_t)VM_PAGE_COUNTER_MAX * PG), 0);
	CHECK_INT(memcg_get_max(&m, 1), 1024 + 2048);
	CHECK_INT(memcg_get_max(&m, 2), VM_PAGE_COUNTER_MAX);
	mm_machine_free(&m);
}

/* A file of n pages; its index in vm_sys.file. */
static struct vm_file *file(struct mm_machine *m, const char *name,
			    uint64_t pages, uint64_t cached)
{
	CHECK_INT(file_new(m, name, pages * PG, cached), 0);
	return file_find(vm_sys(m), name);
}

/* The group a cached page of f is charged to (index + 1, 0 root). */
static int charged_to(struct mm_machine *m, struct vm_file *f, uint64_t i)
{
	return f->pfn[i] == MM_NO_PFN ? -1 :
	       vm_sys(m)->page_memcg[f->pfn[i]];
}

/* read(2) and read faults charge the cache to the task's group. */
static void test_pagecache_charge(void)
{
	struct mm_machine m;
	struct vm_proc *a, *r;
	struct vm_file *f, *c;
	struct vm_memcg *g;
	uint64_t base;

	scnt_machine(&m, 64 << 20, MM_THP_NEVER);
	CHECK_INT(memcg_new(&m, "G", 4 << 20), 0);
	g = &vm_sys(&m)->memcg[0];
	a = proc(&m, "A", 0, 1, 1 << 20);
	r = proc(&m, "R", 0, 0, 1 << 20);
	f = file(&m, "F", 100, 0);
	c = file(&m, "C", 10, 10);	/* cached=: nobody's */
	CHECK_INT(charged_to(&m, c, 0), 0);
	CHECK_INT(g->usage, 0);
	CHECK_INT(file_read(&m, a, f, 0, 10), 0);
	CHECK_INT(f->cached, 10);
	CHECK_INT(charged_to(&m, f, 9), 1);
	CHECK_INT(g->usage, 64);		/* one batch */
	CHECK_INT(g->usage - vm_sys(&m)->stock_nr, 10);
	/* a root task's read charges nobody */
	CHECK_INT(file_read(&m, r, f, 10, 10), 0);
	CHECK_INT(charged_to(&m, f, 10), 0);
	CHECK_INT(g->usage - vm_sys(&m)->stock_nr, 10);
	/* a page already cached stays with its group */
	CHECK_INT(file_read(&m, a, f, 10, 1), 0);
	CHECK_INT(charged_to(&m, f, 10), 0);
	/* a read fault by A charges the read-around window */
	CHECK_INT(file_mmap(&m, a, "map", 100 * PG, 1, f, 0, 0), 0);
	base = vm_vma_find(a, "map")->base;
	CHECK_INT(vm_access(&m, a, base + 60 * PG, 0), 0);
	CHECK_INT(charged_to(&m, f, 60), 1);
	CHECK_INT(g->usage - vm_sys(&m)->stock_nr,
		  (unsigned long)(f->cached - 10) + 3);	/* + A's tables */
	/* eviction uncharges; usage without the stock is G's pages */
	vm_exit(&m, a);
	file_evict(&m, f->pfn[0]);
	CHECK_INT(charged_to(&m, f, 0), -1);
	CHECK_INT(f->cached, 51);
	CHECK_INT(g->usage - vm_sys(&m)->stock_nr,
		  (unsigned long)(f->cached - 10));
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/* Over its limit a group drops its own cache, oldest first; another
 * group's and the root's cache stay, no global reclaim is counted. */
static void test_reclaim_own_group(void)
{
	struct mm_machine m;
	struct vm_proc *a, *b, *r;
	struct vm_file *fg, *fh, *fr;
	struct vm_memcg *g, *h;

	scnt_machine(&m, 64 << 20, MM_THP_NEVER);
	CHECK_INT(memcg_new(&m, "G", 1 << 20), 0);	/* 256 pages */
	CHECK_INT(memcg_new(&m, "H", 8 << 20), 0);
	g = &vm_sys(&m)->memcg[0];
	h = &vm_sys(&m)->memcg[1];
	a = proc(&m, "A", 0, 1, 1 << 20);
	b = proc(&m, "B", 0, 2, 1 << 20);
	r = proc(&m, "R", 0, 0, 1 << 20);
	fg = file(&m, "FG", 400, 0);
	fh = file(&m, "FH", 100, 0);
	fr = file(&m, "FR", 100, 0);
	CHECK_INT(file_read(&m, r, fr, 0, 100), 0);
	CHECK_INT(file_read(&m, b, fh, 0, 100), 0);
	CHECK_INT(file_read(&m, a, fg, 0, 400), 0);
	CHECK(g->usage <= g->limit);
	CHECK(g->failcnt > 0);
	CHECK(fg->cached < 400 && fg->cached > 192);
	CHECK_INT(charged_to(&m, fg, 0), -1);	/* the oldest went first */
	CHECK_INT(charged_to(&m, fg, 399), 1);
	CHECK_INT(fh->cached, 100);
	CHECK_INT(fr->cached, 100);
	CHECK_INT(h->usage - (vm_sys(&m)->stock_memcg == 2 ?
			      vm_sys(&m)->stock_nr : 0), 100);
	CHECK_INT(g->oom_kill, 0);
	CHECK_INT(m.vmstat[MM_VM_PGSCAN_DIRECT], 0);
	CHECK_INT(m.vmstat[MM_VM_PGSTEAL_DIRECT], 0);
	CHECK_INT(m.vmstat[MM_VM_PGSCAN_KSWAPD], 0);
	CHECK_INT(vm_sys(&m)->lru.memcg_nr[0][VM_LRU_INACTIVE_FILE] +
		  vm_sys(&m)->lru.memcg_nr[0][VM_LRU_ACTIVE_FILE],
		  (unsigned long)fg->cached);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/* Without swap anon is not reclaimed: the cache goes, then the OOM kill
 * comes only when reclaim frees nothing. */
static void test_cache_then_oom(void)
{
	struct mm_machine m;
	struct vm_proc *a;
	struct vm_file *f;
	struct vm_memcg *g;

	scnt_machine(&m, 64 << 20, MM_THP_NEVER);
	CHECK_INT(memcg_new(&m, "G", 1 << 20), 0);
	g = &vm_sys(&m)->memcg[0];
	a = proc(&m, "A", 0, 1, 2 << 20);
	f = file(&m, "F", 100, 0);
	CHECK_INT(file_read(&m, a, f, 0, 100), 0);
	CHECK_INT(f->cached, 100);
	/* 100 cache + 200 anon > 256: cache reclaimed, no kill */
	CHECK_INT(touch(&m, a, 0, 200), 0);
	CHECK_INT(a->live, 1);
	CHECK_INT(g->oom_kill, 0);
	CHECK(f->cached > 0 && f->cached <= 56);
	CHECK_INT(a->rss_anon, 200);
	CHECK_INT(m.vmstat[MM_VM_PSWPOUT], 0);
	/* 300 anon > 256: every cache page goes, then the kill */
	CHECK_INT(touch(&m, a, 200, 300), 0);
	CHECK_INT(f->cached, 0);
	CHECK_INT(g->oom_kill, 1);
	CHECK_INT(a->live, 0);
	CHECK_INT(m.vmstat[MM_VM_PSWPOUT], 0);
	CHECK(strstr(m.dmesg, "Memory cgroup out of memory: Killed process "
		     "100 (A)") != NULL);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/* With swap, memcg reclaim swaps the group's anon out instead of an OOM
 * kill. */
static void test_swap_anon(void)
{
	struct mm_machine m;
	struct mm_config cfg;
	struct vm_proc *a;
	struct vm_memcg *g;

	mm_config_default(&cfg);
	cfg.ram_bytes = 64 << 20;
	cfg.thp = MM_THP_NEVER;
	cfg.swap_bytes = 8 << 20;
	CHECK_INT(mm_machine_init(&m, &cfg), 0);
	CHECK(vm_sys(&m) != NULL);
	CHECK_INT(memcg_new(&m, "G", 1 << 20), 0);
	g = &vm_sys(&m)->memcg[0];
	a = proc(&m, "A", 0, 1, 2 << 20);
	CHECK_INT(touch(&m, a, 0, 400), 0);
	CHECK_INT(a->live, 1);
	CHECK_INT(g->oom_kill, 0);
	CHECK(g->usage <= g->limit);
	CHECK(m.vmstat[MM_VM_PSWPOUT] > 0);
	CHECK_INT(a->rss_anon + a->swapents, 400);
	CHECK_INT(m.vmstat[MM_VM_PGSCAN_DIRECT], 0);
	mm_machine_free(&m);
}

/*
 * A task whose memcg is smaller than the readahead window maps a larger
 * file: the charges of a window reclaim within the group while the
 * window is read.  6.1 keeps the pages of a readahead batch (locked,
 * referenced until read_pages()) and the page being faulted
 * (filemap_get_folio()'s reference across do_async_mmap_readahead()), so
 * every fault maps its page; the simulator lost the faulted page and
 * read frame MM_NO_PFN.  A charge that fails skips that page only
 * (page_cache_ra_unbounded() goes on with the next index).
 */
static void test_readahead_small_memcg(void)
{
	struct scn s;
	uint64_t i;
	char line[64];

	CHECK_INT(scnt_run(&s, "memcg G limit=64K\n"
		      "file F 2M\n"
		      "proc A memcg=G\n"
		      "A mmap m 2M file=F\n"), 0);
	for (i = 0; i < 512; i++) {
		snprintf(line, sizeof(line), "A touch m[%llu] read\n",
			 (unsigned long long)i);
		CHECK_INT(scn_run_text(&s, line), 0);
		/* the page is mapped now (maybe alone: the group's reclaim
		 * unmaps the others) */
		if (scnt_val(&s, "A.rss_file") < 1) {
			CHECK_MSG(0, "m[%llu] not mapped",
				  (unsigned long long)i);
			break;
		}
	}
	CHECK_INT(scnt_val(&s, "A.live"), 1);
	CHECK(scnt_val(&s, "G.usage") <= 64 << 10);
	CHECK(scnt_val(&s, "F.cached") <= 16);
	CHECK(scnt_val(&s, "G.failcnt") > 0);
	CHECK_INT(scnt_val(&s, "G.oom_kill"), 0);
	CHECK_INT(mm_buddy_check(&s.m), 0);
	scn_free(&s);
}

int main(void)
{
	TEST_RUN(test_batch);
	TEST_RUN(test_victim_in_group);
	TEST_RUN(test_self_victim);
	TEST_RUN(test_cow_victim);
	TEST_RUN(test_no_victim);
	TEST_RUN(test_thp_charge);
	TEST_RUN(test_get_max_swap);
	TEST_RUN(test_pagecache_charge);
	TEST_RUN(test_reclaim_own_group);
	TEST_RUN(test_cache_then_oom);
	TEST_RUN(test_swap_anon);
	TEST_RUN(test_readahead_small_memcg);
	return test_done();
}
