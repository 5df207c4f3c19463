// SPDX-License-Identifier: GPL-2.0
/*
 * ex_pages.c - memdrill exercise ex-alloc-pages: take a block of 2^3
 * pages from the buddy allocator, say where it is, give it back.
 * The TODOs are yours; `memdrill lab run ex-alloc-pages` checks them.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>

#define EX_ORDER 3

static int __init ex_pages_init(void)
{
	struct page *page;
	unsigned long pfn;
	const char *zone;

	/* TODO 1: allocate 2^EX_ORDER contiguous pages (GFP_KERNEL) */
	page = alloc_pages(GFP_KERNEL, EX_ORDER);
	if (!page) {
		pr_info("ex_pages: no block of order %d\n", EX_ORDER);
		return -ENOMEM;
	}
	/* TODO 2: the block's first page frame number and its zone's name */
	pfn = page_to_pfn(page);
	zone = page_zone(page)->name;
	pr_info("ex_pages: order %d block at pfn %lu, %saligned to %d pages, zone %s\n",
		EX_ORDER, pfn, pfn % (1UL << EX_ORDER) ? "NOT " : "",
		1 << EX_ORDER, zone);
	/* TODO 3: give the block back to the buddy allocator */
	__free_pages(page, EX_ORDER);
	pr_info("ex_pages: freed the block\n");
	return 0;
}

static void __exit ex_pages_exit(void)
{
}

module_init(ex_pages_init);
module_exit(ex_pages_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memdrill exercise: alloc_pages of an order");
