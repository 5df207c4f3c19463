// SPDX-License-Identifier: GPL-2.0
/*
 * test-buddy.c - the simulated buddy allocator: split, merge, placement,
 * watermarks, zone fallback, GFP_ATOMIC reserves, buddyinfo/zoneinfo
 * formats, and the invariants after long random sequences.
 */
#include <errno.h>
#include <stdlib.h>

#include "sim/mm.h"
#include "test.h"

static void machine(struct mm_machine *m, uint64_t ram, long min_free)
{
	struct mm_config cfg;

	mm_config_default(&cfg);
	cfg.ram_bytes = ram;
	cfg.min_free_kbytes = min_free;
	CHECK_INT(mm_machine_init(m, &cfg), 0);
}

static void test_split(void)
{
	struct mm_machine m;
	uint32_t a, b;

	machine(&m, 4 << 20, 128);
	CHECK_INT(m.zones[MM_ZONE_DMA].free_area[10].nr_free, 1);
	CHECK_INT(mm_buddy_alloc(&m, 3, MM_GFP_KERNEL, MM_OWNER_KERNEL, 0, &a),
		  0);
	CHECK_INT(a, 0);
	/* expand: one free block of each order 3..9 */
	for (int o = 3; o < 10; o++)
		CHECK_INT(m.zones[0].free_area[o].nr_free, 1);
	CHECK_INT(m.zones[0].free_area[10].nr_free, 0);
	CHECK_INT(mm_buddy_alloc(&m, 0, MM_GFP_KERNEL, MM_OWNER_KERNEL, 0, &b),
		  0);
	CHECK_INT(b, 8);	/* the low half of the order-3 block at 8 */
	CHECK(m.pages[a].flags & PG_head);
	CHECK_INT(mm_page_head(&m, a + 5), a);
	CHECK_INT(mm_page_head(&m, b), b);
	CHECK_INT(mm_page_head(&m, 9), 9);	/* free order-0 block */
	CHECK_INT(mm_page_head(&m, 11), 10);	/* free order-1 block */
	CHECK_INT(mm_page_head(&m, 700), 512);	/* free order-9 block */
	CHECK_INT(m.pages[a].refcount, 1);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_merge_and_placement(void)
{
	struct mm_machine m;
	uint32_t p[4];

	machine(&m, 4 << 20, 128);
	for (int i = 0; i < 4; i++)
		CHECK_INT(mm_buddy_alloc(&m, 0, MM_GFP_KERNEL, MM_OWNER_KERNEL,
					 0, &p[i]), 0);
	CHECK_INT(p[3], 3);
	CHECK_INT(mm_buddy_free(&m, p[0], 0), 0);
	CHECK_INT(m.zones[0].free_area[0].nr_free, 1);
	/* pfn 2 freed: its buddy 3 is in use, no merge; the next-higher
	 * buddy (0..1 at order 1) is not free either: head placement */
	CHECK_INT(mm_buddy_free(&m, p[2], 0), 0);
	CHECK_INT(m.zones[0].free_area[0].head, 2);
	CHECK_INT(mm_buddy_free(&m, p[1], 0), 0);	/* 0+1 -> order 1 */
	CHECK_INT(m.zones[0].free_area[0].nr_free, 1);
	CHECK_INT(m.zones[0].free_area[1].nr_free, 1);
	CHECK_INT(mm_buddy_free(&m, p[3], 0), 0);	/* all the way up */
	CHECK_INT(m.zones[0].free_area[10].nr_free, 1);
	CHECK_INT(m.zones[0].nr_free, 1024);
	/* bad frees are refused */
	CHECK_INT(mm_buddy_free(&m, p[3], 0), -EINVAL);
	CHECK(strstr(m.err, "not allocated") != NULL);
	CHECK_INT(mm_buddy_free(&m, 5000, 0), -EINVAL);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_tail_placement(void)
{
	struct mm_machine m;
	uint32_t p[8];

	machine(&m, 4 << 20, 128);
	for (int i = 0; i < 8; i++)
		CHECK_INT(mm_buddy_alloc(&m, 0, MM_GFP_KERNEL, MM_OWNER_KERNEL,
					 0, &p[i]), 0);
	/* free 2 and 3: they merge to an order-1 block at 2 whose
	 * next-higher buddy (0..1) is in use: head.  Then free 4: order 0,
	 * buddy 5 used; higher buddy of the order-1 pair 4..5 is 6..7 (used)
	 * -> head.  Free 0: buddy 1 used, higher buddy 2..3 is free at
	 * order 1 -> tail. */
	CHECK_INT(mm_buddy_free(&m, p[2], 0), 0);
	CHECK_INT(mm_buddy_free(&m, p[3], 0), 0);
	CHECK_INT(mm_buddy_free(&m, p[4], 0), 0);
	CHECK_INT(m.zones[0].free_area[0].head, 4);
	CHECK_INT(mm_buddy_free(&m, p[0], 0), 0);
	CHECK_INT(m.zones[0].free_area[0].tail, 0);
	CHECK_INT(m.zones[0].free_area[0].head, 4);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_watermarks(void)
{
	struct mm_machine m;
	uint32_t pfn;

	/* 64 MiB: lowmem 65536 KiB -> sqrt(65536*16) = 1024 KiB */
	machine(&m, 64 << 20, -1);
	CHECK_INT(m.min_free_kbytes, 1024);
	CHECK_INT(m.zones[MM_ZONE_DMA].wmark[MM_WMARK_MIN], 64);
	CHECK_INT(m.zones[MM_ZONE_DMA].wmark[MM_WMARK_LOW], 80);
	CHECK_INT(m.zones[MM_ZONE_DMA32].wmark[MM_WMARK_MIN], 192);
	CHECK_INT(m.zones[MM_ZONE_DMA32].wmark[MM_WMARK_HIGH], 288);
	mm_machine_free(&m);
	/* 4 GiB+: the clamp and the managed/1000 term */
	machine(&m, 8ULL << 30, -1);
	CHECK_INT(m.min_free_kbytes, 11585);	/* int_sqrt(8 GiB in KiB*16) */
	CHECK(m.zones[MM_ZONE_NORMAL].managed > 0);
	CHECK_INT(m.zones[MM_ZONE_NORMAL].wmark[MM_WMARK_LOW] -
		  m.zones[MM_ZONE_NORMAL].wmark[MM_WMARK_MIN],
		  m.zones[MM_ZONE_NORMAL].managed * 10 / 10000);
	/* GFP_KERNEL starts in Normal */
	CHECK_INT(mm_buddy_alloc(&m, 0, MM_GFP_KERNEL, MM_OWNER_KERNEL, 0,
				 &pfn), 0);
	CHECK_INT(m.pages[pfn].zone, MM_ZONE_NORMAL);
	CHECK_INT(mm_buddy_alloc(&m, 0, MM_GFP_DMA32, MM_OWNER_KERNEL, 0,
				 &pfn), 0);
	CHECK_INT(m.pages[pfn].zone, MM_ZONE_DMA32);
	CHECK_INT(mm_buddy_alloc(&m, 0, MM_GFP_DMA, MM_OWNER_KERNEL, 0,
				 &pfn), 0);
	CHECK_INT(m.pages[pfn].zone, MM_ZONE_DMA);
	mm_machine_free(&m);
	/* THP raises min_free_kbytes: 2 zones -> 512*2*2 + 512*2*9 pages,
	 * capped at 5% of RAM (64 MiB: 819 pages = 3276 KiB) */
	{
		struct mm_config cfg;

		mm_config_default(&cfg);
		cfg.thp = MM_THP_ALWAYS;
		CHECK_INT(mm_machine_init(&m, &cfg), 0);
		CHECK_INT(m.min_free_kbytes, 3276);
		mm_machine_free(&m);
	}
}

static void test_atomic_and_fallback(void)
{
	struct mm_machine m;
	uint32_t pfn;
	int n = 0;

	/* 32 MiB: DMA (4096) and DMA32 (4096); min_free 512 KiB = 128 pages,
	 * split 64/64 */
	machine(&m, 32 << 20, 512);
	CHECK_INT(m.zones[MM_ZONE_DMA32].wmark[MM_WMARK_MIN], 64);
	/* drain DMA32 down to its min, then the allocation falls back to DMA */
	while (mm_buddy_alloc(&m, 0, MM_GFP_KERNEL, MM_OWNER_KERNEL, 0,
			      &pfn) == 0 && m.pages[pfn].zone == MM_ZONE_DMA32)
		n++;
	/* the fast path tries every zone against LOW (64 + 16) first */
	CHECK_INT(m.pages[pfn].zone, MM_ZONE_DMA);
	CHECK_INT(m.zones[MM_ZONE_DMA32].nr_free, 80);
	CHECK_INT(m.vmstat[MM_VM_KSWAPD_WAKE], 0);
	/* drain DMA to min too: GFP_KERNEL fails, GFP_ATOMIC still works
	 * down to 64 - 32 - 8 = 24 pages */
	while (mm_buddy_alloc(&m, 0, MM_GFP_KERNEL, MM_OWNER_KERNEL, 0,
			      &pfn) == 0)
		;
	CHECK(strstr(m.err, "page allocation failure: order:0") != NULL);
	/* 6.1's GFP_HIGHUSER_MOVABLE (no KASAN_HW_TAGS bits on x86) */
	CHECK_INT(mm_buddy_alloc(&m, 0, MM_GFP_HIGHUSER_MOVABLE,
				 MM_OWNER_KERNEL, 0, &pfn), -ENOMEM);
	CHECK_STR(m.err, "page allocation failure: order:0, "
		  "mode:0x100cca(GFP_HIGHUSER_MOVABLE)");
	/* DMA keeps lowmem_reserve[Normal] = DMA32 managed / 256 = 16 */
	CHECK_INT(mm_buddy_lowmem_reserve(&m, MM_ZONE_DMA, MM_ZONE_NORMAL),
		  16);
	CHECK_INT(m.zones[MM_ZONE_DMA].nr_free, 64 + 16);
	CHECK_INT(m.zones[MM_ZONE_DMA32].nr_free, 64);
	CHECK(m.vmstat[MM_VM_KSWAPD_WAKE] > 0);
	CHECK(m.vmstat[MM_VM_ALLOCSTALL] > 0);
	n = 0;
	while (mm_buddy_alloc(&m, 0, MM_GFP_ATOMIC, MM_OWNER_KERNEL, 0,
			      &pfn) == 0)
		n++;
	CHECK_INT(m.zones[MM_ZONE_DMA32].nr_free, 24);
	CHECK_INT(m.zones[MM_ZONE_DMA].nr_free, 24 + 16);
	CHECK_INT(n, 80);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_formats(void)
{
	struct mm_machine m;
	struct mm_buf b = { 0 };
	uint32_t pfn;

	machine(&m, 64 << 20, -1);
	CHECK_INT(mm_buddy_alloc(&m, 2, MM_GFP_KERNEL, MM_OWNER_KERNEL, 0,
				 &pfn), 0);
	mm_proc_buddyinfo(&m, &b);
	CHECK_STR(b.s,
		  "Node 0, zone      DMA      0      0      0      0      0"
		  "      0      0      0      0      0      4 \n"
		  "Node 0, zone    DMA32      0      0      1      1      1"
		  "      1      1      1      1      1     11 \n");
	mm_buf_free(&b);
	mm_proc_zoneinfo(&m, &b);
	{
		static const char z[] =
			"Node 0, zone      DMA\n  pages free     4096\n"
			"        boost    0\n        min      64\n"
			"        low      80\n        high     96\n"
			"        spanned  4096\n        present  4096\n"
			"        managed  4096\n        cma      0\n"
			"        protection: (0, 48, 48, 48, 48)\n"
			"Node 0, zone    DMA32\n  pages free     12284\n";

		CHECK(strncmp(b.s, z, sizeof(z) - 1) == 0);
		/* zoneinfo_show walks every zone, the empty ones too */
		CHECK(strstr(b.s, "Node 0, zone   Normal\n  pages free     0\n")
		      != NULL);
		CHECK(strstr(b.s, "Node 0, zone   Device\n") != NULL);
	}
	mm_buf_free(&b);
	mm_proc_vmstat(&m, &b);
	CHECK(strstr(b.s, "nr_free_pages 16380\n") == b.s);
	CHECK(strstr(b.s, "\npgalloc_dma32 4\n") != NULL);
	mm_buf_free(&b);
	mm_machine_free(&m);
}

/* Random alloc/free on 256 MiB with the invariants checked throughout. */
static void test_random(void)
{
	enum { N = 512 };
	struct mm_machine m;
	uint32_t pfn[N];
	int ord[N], live[N] = { 0 };
	unsigned seed = 1;
	unsigned long used = 0;
	int i, bad = 0;

	machine(&m, 256 << 20, -1);
	for (i = 0; i < 200000; i++) {
		int k = rand_r(&seed) % N;

		if (live[k]) {
			if (mm_buddy_free(&m, pfn[k], (unsigned)ord[k]))
				bad++;
			used -= 1UL << ord[k];
			live[k] = 0;
		} else {
			ord[k] = rand_r(&seed) % MM_MAX_ORDER;
			if (mm_buddy_alloc(&m, (unsigned)ord[k], MM_GFP_KERNEL,
					   MM_OWNER_KERNEL, 0, &pfn[k]) == 0) {
				live[k] = 1;
				used += 1UL << ord[k];
				if (pfn[k] & ((1U << ord[k]) - 1))
					bad++;
			}
		}
		if (i % 20000 == 0 && mm_buddy_check(&m)) {
			bad++;
			fprintf(stderr, "%s\n", m.err);
		}
	}
	CHECK_INT(bad, 0);
	CHECK_INT(mm_buddy_check(&m), 0);
	CHECK_INT(mm_free_pages(&m) + used, m.nr_pages);
	for (i = 0; i < N; i++)
		if (live[i])
			CHECK_INT(mm_buddy_free(&m, pfn[i],
						(unsigned)ord[i]), 0);
	CHECK_INT(mm_free_pages(&m), m.nr_pages);
	CHECK_INT(mm_buddy_max_free_order(&m), 10);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/* The checker itself must catch a broken state. */
static void test_check_catches(void)
{
	struct mm_machine m;

	machine(&m, 4 << 20, 128);
	m.zones[0].free_area[10].nr_free = 2;
	CHECK_INT(mm_buddy_check(&m), -EFAULT);
	CHECK(strstr(m.err, "nr_free") != NULL);
	mm_machine_free(&m);
}

int main(void)
{
	TEST_RUN(test_split);
	TEST_RUN(test_merge_and_placement);
	TEST_RUN(test_tail_placement);
	TEST_RUN(test_watermarks);
	TEST_RUN(test_atomic_and_fallback);
	TEST_RUN(test_formats);
	TEST_RUN(test_random);
	TEST_RUN(test_check_catches);
	return test_done();
}
