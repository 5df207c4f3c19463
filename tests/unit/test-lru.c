// SPDX-License-Identifier: GPL-2.0
/*
 * test-lru.c - LRU lists and reclaim (sim/lru.c): mark_page_accessed
 * promotion, kswapd running to the high watermark and stopping there,
 * direct reclaim batches, mapped young pages outliving unmapped ones,
 * anon never reclaimed without swap (OOM instead), swap-out and swap-in.
 */
#include <errno.h>
#include <stdlib.h>

#include "scn-test.h"
#include "sim/scn.h"
#include "sim/vm.h"
#include "test.h"

/* The LRU lists' lengths equal the pages walked on them. */
static void check_lists(struct mm_machine *m)
{
	struct vm_sys *vs = m->ext;
	int i;

	for (i = 0; i < VM_NR_LRU; i++) {
		unsigned long n = 0;
		uint32_t p;

		for (p = vs->lru.head[i]; p != MM_NO_PFN; p = m->pages[p].next)
			n++;
		CHECK_INT(n, vs->lru.nr[i]);
	}
	CHECK_INT(mm_buddy_check(m), 0);
}

static void test_promotion(void)
{
	struct scn s;
	struct vm_sys *vs;
	uint32_t pfn;

	CHECK_INT(scnt_run(&s, "machine ram=64M\nfile F 4K cached=all\n"), 0);
	vs = s.m.ext;
	pfn = vs->file[0].pfn[0];
	/* new cache page: inactive, unreferenced */
	CHECK(!(s.m.pages[pfn].flags & (PG_active | PG_referenced)));
	CHECK(s.m.pages[pfn].flags & PG_lru);
	lru_mark_accessed(&s.m, pfn);
	CHECK(s.m.pages[pfn].flags & PG_referenced);
	CHECK(!(s.m.pages[pfn].flags & PG_active));
	CHECK_INT(scnt_val(&s, "vmstat.pgactivate"), 0);
	lru_mark_accessed(&s.m, pfn);
	CHECK(s.m.pages[pfn].flags & PG_active);
	CHECK(!(s.m.pages[pfn].flags & PG_referenced));
	CHECK_INT(scnt_val(&s, "vmstat.pgactivate"), 1);
	CHECK_INT(scnt_val(&s, "lru.active_file"), 1);
	CHECK_INT(scnt_val(&s, "lru.inactive_file"), 0);
	/* active: a further access only sets referenced */
	lru_mark_accessed(&s.m, pfn);
	CHECK_INT(scnt_val(&s, "vmstat.pgactivate"), 1);
	check_lists(&s.m);
	scn_free(&s);
	/* anon faults go to the inactive anon list (6.1) */
	CHECK_INT(scnt_run(&s, "machine ram=64M\nproc A\nA mmap b 16K\n"
		      "A touch b write\n"), 0);
	CHECK_INT(scnt_val(&s, "lru.inactive_anon"), 4);
	CHECK_INT(scnt_val(&s, "lru.active_anon"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.nr_anon_pages"), 4);
	scn_free(&s);
}

static void test_kswapd_high(void)
{
	struct scn s;
	struct vm_sys *vs;

	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file F 40M cached=all\n"
		      "pressure 24M\n"), 0);
	vs = s.m.ext;
	CHECK(scnt_val(&s, "vmstat.pgsteal_kswapd") > 0);
	CHECK_INT(scnt_val(&s, "vmstat.pageoutrun"), 1);
	CHECK_INT(scnt_val(&s, "vmstat.pgscan_kswapd"),
		  scnt_val(&s, "vmstat.pgsteal_kswapd"));
	CHECK(lru_balanced(&s.m, MM_ZONE_NORMAL));
	CHECK(!vs->lru.kswapd_pending);
	/* it stopped at high: far from emptying the cache */
	CHECK(scnt_val(&s, "F.cached") > 9000);
	CHECK_INT(scnt_val(&s, "vmstat.nr_file_pages"), scnt_val(&s, "F.cached"));
	/* a second kswapd run finds the node balanced: no scan */
	{
		long long sc = scnt_val(&s, "vmstat.pgscan_kswapd");

		CHECK_INT(lru_kswapd(&s.m, MM_ZONE_NORMAL), 0);
		CHECK_INT(scnt_val(&s, "vmstat.pgscan_kswapd"), sc);
	}
	check_lists(&s.m);
	scn_free(&s);
}

static void test_direct_batch(void)
{
	struct scn s;
	unsigned long r;

	CHECK_INT(scnt_run(&s, "machine ram=64M\nfile F 40M cached=all\n"), 0);
	r = lru_direct(&s.m);
	/* do_try_to_free_pages stops once it has SWAP_CLUSTER_MAX */
	CHECK(r >= 32 && r < 64);
	CHECK_INT(scnt_val(&s, "vmstat.pgsteal_direct"), r);
	CHECK_INT(scnt_val(&s, "F.cached"), 10240 - (long long)r);
	check_lists(&s.m);
	scn_free(&s);
}

static void test_mapped_young(void)
{
	struct scn s;

	/* M is mapped and touched (young PTEs), U only cached */
	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "file M 4M cached=all\n"
		      "file U 36M cached=all\n"
		      "proc A\n"
		      "A mmap m 4M file=M r\n"
		      "A touch m read\n"
		      "pressure 24M\n"), 0);
	CHECK(scnt_val(&s, "vmstat.pgsteal_kswapd") +
	      scnt_val(&s, "vmstat.pgsteal_direct") > 0);
	CHECK_INT(scnt_val(&s, "M.cached"), 1024);
	CHECK_INT(scnt_val(&s, "A.rss_file"), 1024);
	CHECK(scnt_val(&s, "U.cached") < 9216);
	check_lists(&s.m);
	scn_free(&s);
}

static void test_no_swap_no_anon_reclaim(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "proc A\n"
		      "A mmap b 32M\n"
		      "A touch b write\n"
		      "pressure 7850p\n"), 0);
	/* kswapd ran (free fell under low) but found nothing to do */
	CHECK_INT(scnt_val(&s, "vmstat.pageoutrun"), 1);
	CHECK_INT(scnt_val(&s, "vmstat.oom_kill"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.pswpout"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.pgsteal_kswapd"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.pgscan_kswapd"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.pgsteal_direct"), 0);
	/* anon scanned never: get_scan_count is SCAN_FILE without swap */
	CHECK_INT(scnt_val(&s, "vmstat.pgscan_direct"), 0);
	CHECK_INT(scnt_val(&s, "A.rss_anon"), 8192);
	scn_free(&s);
	/* more than fits: the OOM killer, not swap */
	CHECK_INT(scnt_run(&s, "machine ram=64M\n"
		      "proc A\n"
		      "A mmap b 32M\n"
		      "A touch b write\n"
		      "pressure 40M\n"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.pswpout"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.oom_kill"), 1);
	CHECK_INT(scnt_val(&s, "A.live"), 0);
	check_lists(&s.m);
	scn_free(&s);
}

static void test_swap(void)
{
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=64M swap=64M\n"
		      "proc A\n"
		      "A mmap b 32M\n"
		      "A touch b write\n"
		      "pressure 31M\n"), 0);
	CHECK(scnt_val(&s, "vmstat.pswpout") > 0);
	CHECK_INT(scnt_val(&s, "A.swapents"), scnt_val(&s, "vmstat.pswpout"));
	CHECK_INT(scnt_val(&s, "swap.used"), scnt_val(&s, "A.swapents"));
	CHECK_INT(scnt_val(&s, "A.rss_anon") + scnt_val(&s, "A.swapents"), 8192);
	/* the oldest pages went first: touching them is a major fault */
	CHECK_INT(scn_run_text(&s, "A touch b[0:4] write\n"), 0);
	CHECK_INT(scnt_val(&s, "A.majflt"), 4);
	CHECK_INT(scnt_val(&s, "vmstat.pswpin"), 4);
	check_lists(&s.m);
	/* fork shares swap entries; exit gives the slots back */
	CHECK_INT(scn_run_text(&s, "A fork B\nB exit\nA exit\n"), 0);
	CHECK_INT(scnt_val(&s, "swap.used"), 0);
	CHECK_INT(scnt_val(&s, "vmstat.nr_anon_pages"), 0);
	check_lists(&s.m);
	scn_free(&s);
}

int main(void)
{
	TEST_RUN(test_promotion);
	TEST_RUN(test_kswapd_high);
	TEST_RUN(test_direct_batch);
	TEST_RUN(test_mapped_young);
	TEST_RUN(test_no_swap_no_anon_reclaim);
	TEST_RUN(test_swap);
	return test_done();
}
