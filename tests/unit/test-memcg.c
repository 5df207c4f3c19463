// SPDX-License-Identifier: GPL-2.0
/*
 * test-memcg.c - the cgroup v1 memory controller of the simulator: charge
 * batching through the per-CPU stock, the limit and failcnt, uncharge on
 * free, the OOM kill confined to the group with totalpages = the limit,
 * the toucher killed mid-touch, no killable task, THP charges that fall
 * back instead of killing, mem_cgroup_get_max() with swap, and the
 * kernel log lines.
 */
#include <errno.h>
#include <string.h>

#include "vm.h"
#include "test.h"

#define PG	MM_PAGE_SIZE

static void machine(struct mm_machine *m, uint64_t ram, enum mm_thp thp)
{
	struct mm_config cfg;

	mm_config_default(&cfg);
	cfg.ram_bytes = ram;
	cfg.thp = thp;
	CHECK_INT(mm_machine_init(m, &cfg), 0);
	CHECK(vm_sys(m) != NULL);
}

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

	machine(&m, 64 << 20, MM_THP_NEVER);
	CHECK_INT(memcg_new(&m, "G", 1 << 20), 0);
	CHECK_INT(memcg_new(&m, "G", 1 << 20), -EEXIST);
	CHECK_INT(memcg_find(&m, "G"), 1);
	CHECK_INT(memcg_find(&m, "H"), 0);
	g = &vm_sys(&m)->memcg[0];
	CHECK_INT(g->limit, 256);
	p = proc(&m, "A", 0, 1, 1 << 20);
	/* MEMCG_CHARGE_BATCH: the first page charges 64 */
	CHECK_INT(touch(&m, p, 0, 1), 0);
	CHECK_INT(g->usage, 64);
	CHECK_INT(vm_sys(&m)->stock_nr, 63);
	CHECK_INT(touch(&m, p, 1, 65), 0);
	CHECK_INT(g->usage, 128);
	CHECK_INT(touch(&m, p, 65, 256), 0);
	CHECK_INT(g->usage, 256);
	CHECK_INT(g->oom_kill, 0);
	CHECK_INT(g->failcnt, 0);
	/* freeing uncharges; the stock keeps what it holds */
	vm_exit(&m, p);
	CHECK_INT(g->usage, vm_sys(&m)->stock_nr);
	/* 266 pages: the 257th page's batch of 64 fails, then 1 fits */
	CHECK_INT(memcg_new(&m, "H", 266 * PG), 0);
	g = &vm_sys(&m)->memcg[1];
	p = proc(&m, "B", 0, 2, 2 << 20);
	CHECK_INT(touch(&m, p, 0, 257), 0);
	CHECK_INT(g->usage, 257);
	CHECK_INT(g->failcnt, 1);
	CHECK_INT(g->oom_kill, 0);
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

	machine(&m, 256 << 20, MM_THP_NEVER);
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
	/* Y goes over at its 425th page: X (604 points) dies, not Y
	 * (424 + 3 + 100), and Y carries on */
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

	machine(&m, 64 << 20, MM_THP_NEVER);
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

	machine(&m, 64 << 20, MM_THP_NEVER);
	free0 = mm_free_pages(&m);
	CHECK_INT(memcg_new(&m, "G", 4 << 20), 0);
	a = proc(&m, "A", 500, 1, 4 << 20);
	CHECK_INT(touch(&m, a, 0, 600), 0);
	CHECK_INT(vm_fork(&m, a, "B"), 0);
	b = vm_proc_find(vm_sys(&m), "B");
	b->adj = -500;
	/* the 425th copy goes over: A (600 + 4 + 500) dies, not B */
	CHECK_INT(touch(&m, b, 0, 600), 0);
	CHECK_INT(a->live, 0);
	CHECK_INT(b->live, 1);
	CHECK_INT(b->rss_anon, 600);
	/* the rest are B's alone now: reused, not copied */
	CHECK_INT(b->copies, 425);
	CHECK_INT(b->reuses, 175);
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

	machine(&m, 64 << 20, MM_THP_NEVER);
	CHECK_INT(memcg_new(&m, "G", 1 << 20), 0);
	a = proc(&m, "A", -1000, 1, 2 << 20);
	CHECK_INT(touch(&m, a, 0, 512), -ENOMEM);
	CHECK(strstr(m.err, "memcg 'G' is out of memory and has no "
		     "killable process") != NULL);
	CHECK(strstr(m.dmesg, "Out of memory and no killable processes...")
	      != NULL);
	CHECK_INT(a->live, 1);
	CHECK_INT(a->rss_anon, 256);
	mm_machine_free(&m);
}

/* An order-9 charge over the limit never kills: it falls back. */
static void test_thp_charge(void)
{
	struct mm_machine m;
	struct vm_proc *a;

	machine(&m, 64 << 20, MM_THP_ALWAYS);
	CHECK_INT(memcg_new(&m, "G", 3 << 20), 0);
	a = proc(&m, "A", 0, 1, 4 << 20);
	CHECK_INT(touch(&m, a, 0, 512), 0);
	CHECK_INT(a->thp, 1);
	CHECK_INT(vm_sys(&m)->memcg[0].usage, 512);
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

int main(void)
{
	TEST_RUN(test_batch);
	TEST_RUN(test_victim_in_group);
	TEST_RUN(test_self_victim);
	TEST_RUN(test_cow_victim);
	TEST_RUN(test_no_victim);
	TEST_RUN(test_thp_charge);
	TEST_RUN(test_get_max_swap);
	return test_done();
}
