// SPDX-License-Identifier: GPL-2.0
/*
 * ex_fault.c - memdrill exercise ex-fault-handler: a driver whose mmap()
 * maps nothing and whose .fault handler hands out one page per fault.
 * The TODO is yours; `memdrill lab run ex-fault-handler` checks it with
 * a program that maps /dev/ex_fault, writes and reads back 8 pages.
 */
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>

#define EX_PAGES 8

static DEFINE_MUTEX(ex_lock);
static struct page *ex_page[EX_PAGES];	/* allocated on first fault */
static unsigned int ex_faults;		/* faults handled */

/*
 * TODO: the .fault handler.  Hand back the page for vmf->pgoff
 * (allocate it on first use into ex_page[], zeroed), with a reference
 * of its own for the mapping (get_page), in vmf->page, and return 0;
 * count the fault in ex_faults.  An offset past EX_PAGES is
 * VM_FAULT_SIGBUS.
 */
static vm_fault_t ex_fault(struct vm_fault *vmf)
{
	pgoff_t off = vmf->pgoff;
	struct page *page;

	if (off >= EX_PAGES)
		return VM_FAULT_SIGBUS;
	mutex_lock(&ex_lock);
	if (!ex_page[off])
		ex_page[off] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	page = ex_page[off];
	if (page) {
		get_page(page);
		ex_faults++;
	}
	mutex_unlock(&ex_lock);
	if (!page)
		return VM_FAULT_OOM;
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct ex_vm_ops = {
	.fault = ex_fault,
};

static int ex_mmap(struct file *f, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff >= EX_PAGES ||
	    vma_pages(vma) > EX_PAGES - vma->vm_pgoff)
		return -EINVAL;
	vma->vm_ops = &ex_vm_ops;
	return 0;
}

static const struct file_operations ex_fops = {
	.owner = THIS_MODULE,
	.mmap = ex_mmap,
};

static struct miscdevice ex_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "ex_fault",
	.fops = &ex_fops,
	.mode = 0666,
};

static int __init ex_fault_init(void)
{
	return misc_register(&ex_dev);
}

static void __exit ex_fault_exit(void)
{
	int i, pages = 0;

	misc_deregister(&ex_dev);
	for (i = 0; i < EX_PAGES; i++) {
		if (!ex_page[i])
			continue;
		pages++;
		__free_page(ex_page[i]);
	}
	pr_info("ex_fault: %u faults for %d pages\n", ex_faults, pages);
}

module_init(ex_fault_init);
module_exit(ex_fault_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memdrill exercise: a driver's .fault handler");
