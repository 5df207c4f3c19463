// SPDX-License-Identifier: GPL-2.0
/*
 * alloc_lab.c - what kmalloc, vmalloc and the buddy allocator really hand
 * out, printed to the kernel log.
 *
 * Write an action's name to /proc/alloc_lab:
 *   contiguity  kmalloc(64K), vmalloc(64K) and alloc_pages(order 4): the
 *               PFN behind each of the 16 pages, and whether they are
 *               consecutive
 *   classes     kmalloc() of a list of sizes and ksize() of each: the size
 *               class the request was rounded up to
 *   buddyinfo   the free block counts per order of the zone that serves
 *               an order-4 GFP_KERNEL request, before the allocation,
 *               after it and after the free (as /proc/buddyinfo prints
 *               them)
 * Everything allocated is freed before the write returns.  For a
 * throwaway VM only.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#define LAB_ORDER 4
#define LAB_PAGES (1 << LAB_ORDER)
#define LAB_BYTES (LAB_PAGES * PAGE_SIZE)

static struct proc_dir_entry *lab_proc;

/* Print @pfn[] and whether each one follows the previous one. */
static void lab_report_pfns(const char *what, const unsigned long *pfn)
{
	int i, runs = 1;

	for (i = 0; i < LAB_PAGES; i++) {
		runs += i && pfn[i] != pfn[i - 1] + 1;
		pr_info("alloc_lab: %s page %2d pfn 0x%lx\n", what, i, pfn[i]);
	}
	if (runs == 1)
		pr_info("alloc_lab: %s: %d pages, pfns contiguous\n", what,
			LAB_PAGES);
	else
		pr_info("alloc_lab: %s: %d pages, pfns not contiguous (%d runs)\n",
			what, LAB_PAGES, runs);
}

static int lab_contiguity(void)
{
	unsigned long pfn[LAB_PAGES];
	struct page *pages;
	int i, rc = -ENOMEM;
	char *k, *v;

	k = kmalloc(LAB_BYTES, GFP_KERNEL);
	v = vmalloc(LAB_BYTES);
	pages = alloc_pages(GFP_KERNEL, LAB_ORDER);
	if (!k || !v || !pages)
		goto out;
	rc = 0;
	pr_info("alloc_lab: kmalloc 64K: direct map %s, vmalloc area %s\n",
		virt_addr_valid(k) ? "yes" : "no",
		is_vmalloc_addr(k) ? "yes" : "no");
	for (i = 0; i < LAB_PAGES; i++)
		pfn[i] = page_to_pfn(virt_to_page(k + i * PAGE_SIZE));
	lab_report_pfns("kmalloc", pfn);
	pr_info("alloc_lab: vmalloc 64K: direct map %s, vmalloc area %s\n",
		virt_addr_valid(v) ? "yes" : "no",
		is_vmalloc_addr(v) ? "yes" : "no");
	for (i = 0; i < LAB_PAGES; i++)
		pfn[i] = vmalloc_to_pfn(v + i * PAGE_SIZE);
	lab_report_pfns("vmalloc", pfn);
	for (i = 0; i < LAB_PAGES; i++)
		pfn[i] = page_to_pfn(pages + i);
	lab_report_pfns("alloc_pages", pfn);
out:
	if (pages)
		__free_pages(pages, LAB_ORDER);
	vfree(v);
	kfree(k);
	return rc;
}

static int lab_classes(void)
{
	static const size_t sizes[] = { 1, 8, 9, 64, 65, 96, 97, 100, 128,
					129, 192, 193, 200, 256, 1000, 4096,
					5000, 8193 };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		void *p = kmalloc(sizes[i], GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		pr_info("alloc_lab: kmalloc(%zu) ksize %zu\n", sizes[i],
			ksize(p));
		kfree(p);
	}
	return 0;
}

/* One /proc/buddyinfo line for @z, headed by @when. */
static void lab_buddyinfo(const char *when, struct zone *z)
{
	char line[MAX_ORDER * 8 + 1];
	int order, n = 0;

	for (order = 0; order < MAX_ORDER; order++)
		n += scnprintf(line + n, sizeof(line) - n, " %6lu",
			       READ_ONCE(z->free_area[order].nr_free));
	pr_info("alloc_lab: %-11s Node %d, zone %8s%s\n", when,
		zone_to_nid(z), z->name, line);
}

/*
 * The zone an order-4 GFP_KERNEL request comes from is the highest
 * populated one up to ZONE_NORMAL of node 0 (DMA32 in a small VM).
 */
static int lab_buddy(void)
{
	pg_data_t *pgdat = NODE_DATA(first_online_node);
	struct zone *z = NULL;
	struct page *page;
	int i;

	for (i = 0; i <= ZONE_NORMAL; i++)
		if (populated_zone(&pgdat->node_zones[i]))
			z = &pgdat->node_zones[i];
	if (!z)
		return -ENODEV;
	pr_info("alloc_lab: free blocks per order 0..%d\n", MAX_ORDER - 1);
	lab_buddyinfo("before", z);
	page = alloc_pages(GFP_KERNEL, LAB_ORDER);
	if (!page)
		return -ENOMEM;
	lab_buddyinfo("allocated", z);
	pr_info("alloc_lab: order-%d block at pfn 0x%lx from zone %s\n",
		LAB_ORDER, page_to_pfn(page), page_zone(page)->name);
	__free_pages(page, LAB_ORDER);
	lab_buddyinfo("freed", z);
	return 0;
}

static int lab_run(const char *action)
{
	if (!strcmp(action, "contiguity"))
		return lab_contiguity();
	if (!strcmp(action, "classes"))
		return lab_classes();
	if (!strcmp(action, "buddyinfo"))
		return lab_buddy();
	return -EINVAL;
}

static ssize_t lab_write(struct file *f, const char __user *buf,
			 size_t len, loff_t *pos)
{
	char action[32];
	int rc;

	if (len >= sizeof(action))
		return -EINVAL;
	if (copy_from_user(action, buf, len))
		return -EFAULT;
	action[len] = '\0';
	strim(action);
	pr_info("alloc_lab: action %s\n", action);
	rc = lab_run(action);
	return rc ? rc : len;
}

static const struct proc_ops lab_ops = {
	.proc_write = lab_write,
};

static int __init alloc_lab_init(void)
{
	lab_proc = proc_create("alloc_lab", 0200, NULL, &lab_ops);
	return lab_proc ? 0 : -ENOMEM;
}

static void __exit alloc_lab_exit(void)
{
	proc_remove(lab_proc);
}

module_init(alloc_lab_init);
module_exit(alloc_lab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memdrill lab: kmalloc, vmalloc and buddy allocations");
