// SPDX-License-Identifier: GPL-2.0
/*
 * test-oom.c - the OOM killer's arithmetic as mm/oom_kill.c and
 * fs/proc/base.c compute it in 6.1: badness = rss + swap entries +
 * page-table pages + oom_score_adj * (totalpages / 1000), LONG_MIN for
 * adj -1000 and unkillable tasks; /proc/PID/oom_score = (1000 + badness *
 * 1000 / totalpages) * 2 / 3; totalpages = RAM + swap; the victim is the
 * highest badness, a later task winning a tie, never an unkillable one.
 */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "scn-test.h"
#include "sim/scn.h"
#include "sim/vm.h"
#include "test.h"

static void test_badness(void)
{
	/* 100 pages + 5 swapped + 3 table pages */
	CHECK_INT(vm_oom_badness(100, 5, 3, 0, 1000000, 0), 108);
	/* adj counts in thousandths of totalpages, rounded down first */
	CHECK_INT(vm_oom_badness(100, 0, 0, 500, 262143, 0),
		  100 + 500 * 262);
	CHECK_INT(vm_oom_badness(100, 0, 0, -50, 262144, 0),
		  100 - 50 * 262);
	/* a negative badness stays negative (it is not clamped) */
	CHECK(vm_oom_badness(10, 0, 0, -999, 262144, 0) < 0);
	CHECK_INT(vm_oom_badness(100, 0, 0, -1000, 262144, 0), LONG_MIN);
	CHECK_INT(vm_oom_badness(100, 0, 0, 0, 262144, 1), LONG_MIN);
	/* below 1000 pages the adj term vanishes */
	CHECK_INT(vm_oom_badness(7, 0, 0, 1000, 999, 0), 7);
}

static void test_score(void)
{
	CHECK_INT(vm_oom_score(LONG_MIN, 262144), 0);
	CHECK_INT(vm_oom_score(0, 262144), 666);
	CHECK_INT(vm_oom_score(262144, 262144), 1333);
	CHECK_INT(vm_oom_score(131072, 262144), 1000);
	/* -totalpages: the bottom of the 0..2000 range */
	CHECK_INT(vm_oom_score(-262144, 262144), 0);
}

static void victim_is(const char *text, const char *want)
{
	struct scn_val v;
	struct scn s;

	CHECK_INT(scnt_run(&s, text), 0);
	CHECK_INT(scn_get(&s, "oom.victim", &v), 0);
	CHECK_STR(v.str, want);
	scn_free(&s);
}

static void test_victim(void)
{
	/* equal badness: the later task wins the tie */
	victim_is("machine ram=64M\n"
		  "proc A\nA mmap b 1M\nA touch b write\n"
		  "proc B\nB mmap b 1M\nB touch b write\n"
		  "oom\n", "B");
	/* the biggest wins; unkillable and adj -1000 are never chosen */
	victim_is("machine ram=64M\n"
		  "proc A\nA mmap b 2M\nA touch b write\n"
		  "proc B unkillable\nB mmap b 8M\nB touch b write\n"
		  "proc C adj=-1000\nC mmap b 8M\nC touch b write\n"
		  "proc D\nD mmap b 1M\nD touch b write\n"
		  "oom\n", "A");
	/* a small task with a high adj beats a bigger one */
	victim_is("machine ram=64M\n"
		  "proc A\nA mmap b 8M\nA touch b write\n"
		  "proc B adj=500\nB mmap b 1M\nB touch b write\n"
		  "oom\n", "B");
	/* nobody killable: no victim */
	victim_is("machine ram=64M\n"
		  "proc A adj=-1000\nA mmap b 1M\nA touch b write\n"
		  "oom\n", "none");
}

static void test_totalpages(void)
{
	struct scn s;
	struct scn_val v;
	unsigned long ram;

	CHECK_INT(scnt_run(&s, "machine ram=64M\nproc A\n"), 0);
	ram = vm_totalpages(&s.m);
	CHECK_INT(ram, 16384);
	scn_free(&s);
	CHECK_INT(scnt_run(&s, "machine ram=64M swap=32M\nproc A\n"
		      "A mmap b 4M\nA touch b write\n"), 0);
	CHECK_INT(vm_totalpages(&s.m), ram + 8192);
	/* oom_score from the same totalpages */
	CHECK_INT(scn_get(&s, "A.oom_score", &v), 0);
	CHECK_INT(v.num, vm_oom_score(vm_proc_badness(&s.m,
				&((struct vm_sys *)s.m.ext)->proc[0]),
				ram + 8192));
	scn_free(&s);
}

/*
 * The OOM killer runs inside the allocator's slow path
 * (__alloc_pages_may_oom), so a fault that it satisfies logs no
 * "page allocation failure"; it does not run for costly orders, for
 * GFP_DMA or with __GFP_NORETRY; warn_alloc() prints the 6.1 line with
 * the cpuset part, once (its ratelimit).
 */
static void test_oom_in_allocator(void)
{
	struct scn_val v;
	struct scn s;

	CHECK_INT(scnt_run(&s, "machine ram=16M\n"
		      "proc A\n"
		      "proc B\n"
		      "B mmap small 1M\n"
		      "B touch small write\n"
		      "A mmap b 15M\n"
		      "A touch b write\n"), 0);
	CHECK_INT(scn_get(&s, "oom.victim", &v), 0);
	CHECK_STR(v.str, "A");
	CHECK(strstr(s.m.dmesg, "Killed process 100 (A)") != NULL);
	CHECK(strstr(s.m.dmesg, "page allocation failure") == NULL);
	/* an order-0 GFP_KERNEL allocation kills B, then finds no task
	 * to kill: it fails with the 6.1 warning */
	CHECK_INT(scn_run_text(&s, "pressure 64M\n"), -ENOMEM);
	CHECK_INT(scnt_val(&s, "B.live"), 0);
	CHECK(strstr(s.m.dmesg, "Killed process 101 (B)") != NULL);
	CHECK(strstr(s.m.dmesg, "\nOut of memory and no killable "
		     "processes...\nmemdrill: page allocation failure: "
		     "order:0, mode:0xcc0(GFP_KERNEL), nodemask=(null),"
		     "cpuset=/,mems_allowed=0\n") != NULL);
	/* nopage_rs lets one report through per 10 s */
	CHECK_INT(scn_run_text(&s, "alloc_pages P order=4\n"
			       "alloc_pages Q order=0 gfp=dma\n"), 0);
	CHECK_INT(scnt_val(&s, "P.failed"), 1);
	CHECK_INT(scnt_val(&s, "Q.failed"), 1);
	CHECK(strstr(strstr(s.m.dmesg, "page allocation failure") + 1,
		     "page allocation failure") == NULL);
	scn_free(&s);
}

int main(void)
{
	TEST_RUN(test_badness);
	TEST_RUN(test_score);
	TEST_RUN(test_victim);
	TEST_RUN(test_totalpages);
	TEST_RUN(test_oom_in_allocator);
	return test_done();
}
