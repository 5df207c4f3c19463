// SPDX-License-Identifier: GPL-2.0
/*
 * test-buddy.c - the buddy allocator: split, merge, watermarks, formats
 * and the invariants after random alloc/free sequences.
 */
#include <stdlib.h>
#include <string.h>

#include "mm.h"
#include "test.h"

static struct mm_machine *new_machine(unsigned long mb)
{
	char err[MM_ERR_LEN];
	struct mm_machine *m = mm_machine_create(mb << 20, 0, err);

	CHECK_MSG(m != NULL, "create: %s", err);
	return m;
}

/* 64M: DMA 4096 pages = 4 order-10 blocks, DMA32 12288 = 12 blocks. */
static void test_layout(void)
{
	struct mm_machine *m = new_machine(64);

	CHECK_INT(m->zones[MM_ZONE_DMA].spanned, 4096);
	CHECK_INT(m->zones[MM_ZONE_DMA32].spanned, 12288);
	CHECK_INT(m->zones[MM_ZONE_NORMAL].spanned, 0);
	CHECK_INT(m->zones[MM_ZONE_DMA32].free_area[10].nr_free, 12);
	CHECK_INT(m->zones[MM_ZONE_DMA32].free_area[0].nr_free, 0);
	/* int_sqrt(65536 * 16) = 1024 kB -> 256 pages shared by size */
	CHECK_INT(m->min_free_kbytes, 1024);
	CHECK_INT(m->zones[MM_ZONE_DMA].wmark[MM_WMARK_MIN], 64);
	CHECK_INT(m->zones[MM_ZONE_DMA32].wmark[MM_WMARK_MIN], 192);
	CHECK_INT(m->zones[MM_ZONE_DMA32].wmark[MM_WMARK_LOW], 240);
	CHECK_INT(m->zones[MM_ZONE_DMA32].wmark[MM_WMARK_HIGH], 288);
	CHECK_INT(mm_buddy_check(m), 0);
	mm_machine_destroy(m);
}

/* An order-0 request splits an order-10 block: one free of 0..9. */
static void test_split_merge(void)
{
	struct mm_machine *m = new_machine(64);
	struct mm_zone *z = &m->zones[MM_ZONE_DMA32];
	unsigned long pfn, pfn2;
	int o;

	CHECK_INT(mm_buddy_alloc(m, 0, MM_GFP_KERNEL, 1, &pfn), 0);
	CHECK_INT(pfn, 4096);	/* low half kept: first pfn of DMA32 */
	for (o = 0; o < 10; o++)
		CHECK_INT(z->free_area[o].nr_free, 1);
	CHECK_INT(z->free_area[10].nr_free, 11);
	CHECK_INT(mm_buddy_alloc(m, 0, MM_GFP_KERNEL, 2, &pfn2), 0);
	CHECK_INT(pfn2, 4097);	/* the order-0 buddy from the head */
	CHECK_INT(z->free_area[0].nr_free, 0);
	CHECK_INT(mm_buddy_free(m, pfn), 0);
	CHECK_INT(z->free_area[0].nr_free, 1);
	CHECK_INT(mm_buddy_free(m, pfn2), 0);
	for (o = 0; o < 10; o++)
		CHECK_INT(z->free_area[o].nr_free, 0);
	CHECK_INT(z->free_area[10].nr_free, 12);
	CHECK(mm_buddy_free(m, pfn2) < 0);	/* double free refused */
	CHECK(strstr(mm_error(m), "not the head") != NULL);
	CHECK_INT(m->vm.pgalloc[MM_ZONE_DMA32], 2);
	CHECK_INT(m->vm.pgfree, 2);
	CHECK_INT(mm_buddy_check(m), 0);
	mm_machine_destroy(m);
}

/* GFP_KERNEL stops at min, GFP_ATOMIC dips below it, then fails. */
static void test_watermarks(void)
{
	struct mm_machine *m = new_machine(16);	/* DMA only: 4096 pages */
	struct mm_zone *z = &m->zones[MM_ZONE_DMA];
	unsigned long pfn, n = 0;

	CHECK_INT(z->wmark[MM_WMARK_MIN], 128);	/* 512 kB */
	while (mm_buddy_alloc(m, 0, MM_GFP_KERNEL, 1, &pfn) == 0)
		n++;
	CHECK_INT(z->nr_free, 128);	/* free <= min + reserve fails */
	CHECK_INT(n, 4096 - 128);
	CHECK(m->vm.kswapd_wake > 0);
	CHECK_INT(m->vm.allocstall, 1);
	while (mm_buddy_alloc(m, 0, MM_GFP_ATOMIC, 1, &pfn) == 0)
		n++;
	/* min - min/2 - (min/2)/4 = 48 */
	CHECK_INT(z->nr_free, 48);
	CHECK_INT(mm_buddy_check(m), 0);
	mm_machine_destroy(m);
}

static void test_buddyinfo(void)
{
	struct mm_machine *m = new_machine(64);
	char buf[512];
	size_t n;

	n = mm_proc_buddyinfo(m, buf, sizeof(buf));
	CHECK_STR(buf,
		  "Node 0, zone      DMA      0      0      0      0      0      0      0      0      0      0      4 \n"
		  "Node 0, zone    DMA32      0      0      0      0      0      0      0      0      0      0     12 \n");
	CHECK_INT(n, strlen(buf));
	CHECK_INT(mm_proc_buddyinfo(m, buf, 10), n);	/* truncates */
	CHECK_INT(strlen(buf), 9);
	mm_proc_zoneinfo(m, buf, sizeof(buf));
	CHECK(strstr(buf, "Node 0, zone    DMA32\n  pages free     12288\n"
		     "        boost    0\n        min      192\n") != NULL);
	mm_machine_destroy(m);
}

/* Random orders alloc/free on 1 GiB; invariants hold throughout. */
static void test_random(void)
{
	struct mm_machine *m = new_machine(1024);
	static unsigned long held[4096];
	unsigned long nheld = 0, i, total = 0, pfn;
	unsigned int seed = 42;
	int bad = 0;

	for (i = 0; i < 200000 && !bad; i++) {
		seed = seed * 1103515245 + 12345;
		if (nheld < 4096 && ((seed >> 16) & 3)) {
			unsigned int order = (seed >> 8) % 6;

			if (!mm_buddy_alloc(m, order, MM_GFP_KERNEL, 1, &pfn))
				held[nheld++] = pfn;
		} else if (nheld) {
			unsigned long k = (seed >> 4) % nheld;

			bad |= mm_buddy_free(m, held[k]) != 0;
			held[k] = held[--nheld];
		}
		if (i % 20000 == 0)
			bad |= mm_buddy_check(m) != 0;
	}
	CHECK_MSG(!bad, "%s", mm_error(m));
	CHECK_INT(mm_buddy_check(m), 0);
	while (nheld)
		CHECK_INT(mm_buddy_free(m, held[--nheld]), 0);
	for (i = 0; i < MM_NR_ZONES; i++)
		total += m->zones[i].nr_free;
	CHECK_INT(total, 262144);
	CHECK_INT(m->zones[MM_ZONE_DMA32].free_area[10].nr_free, 252);
	CHECK_INT(mm_buddy_check(m), 0);
	mm_machine_destroy(m);
}

int main(void)
{
	TEST_RUN(test_layout);
	TEST_RUN(test_split_merge);
	TEST_RUN(test_watermarks);
	TEST_RUN(test_buddyinfo);
	TEST_RUN(test_random);
	return test_done();
}
