// SPDX-License-Identifier: GPL-2.0
/*
 * pfault_lab.c - a driver's own page-fault handler, watched at work.
 *
 * /dev/pfault_lab is a misc device whose mmap() maps nothing: it only
 * installs pfault_vm_ops.  Every access to a page without a PTE then
 * reaches pfault_fault(), which hands back the page for that offset
 * (allocated on first use, kept until the module goes), counts the
 * fault and logs the user address, the page offset and whether the
 * access was a write (FAULT_FLAG_WRITE).  There is no .map_pages (no
 * fault-around) and no .page_mkwrite (no write-notify), so each page
 * faults exactly once per mapping, whatever the access.
 *
 * /proc/pfault_lab: read it for the count and the fault log; write
 * "reset" (or "touch", the lab's action name) to clear both.  The helper
 * kmod/pfault_touch.c maps the device and touches pages.  For a
 * throwaway VM only.
 */
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define PFAULT_PAGES 16
#define PFAULT_LOG 64

struct pfault_rec {
	unsigned long address;
	pgoff_t pgoff;
	bool write;
};

static DEFINE_MUTEX(pfault_lock);
static struct page *pfault_page[PFAULT_PAGES];
static struct pfault_rec pfault_log[PFAULT_LOG];
static unsigned int pfault_count;
static struct proc_dir_entry *pfault_proc;

/*
 * The .fault handler: return the offset's page with a reference in
 * vmf->page; the core (finish_fault) installs the PTE.
 */
static vm_fault_t pfault_fault(struct vm_fault *vmf)
{
	bool write = vmf->flags & FAULT_FLAG_WRITE;
	pgoff_t off = vmf->pgoff;
	struct page *page;

	if (off >= PFAULT_PAGES)
		return VM_FAULT_SIGBUS;
	mutex_lock(&pfault_lock);
	if (!pfault_page[off])
		pfault_page[off] = alloc_page(GFP_KERNEL | __GFP_ZERO);
	page = pfault_page[off];
	if (page) {
		get_page(page);
		if (pfault_count < PFAULT_LOG) {
			pfault_log[pfault_count].address = vmf->address;
			pfault_log[pfault_count].pgoff = off;
			pfault_log[pfault_count].write = write;
		}
		pfault_count++;
	}
	mutex_unlock(&pfault_lock);
	if (!page)
		return VM_FAULT_OOM;
	pr_info("pfault_lab: fault %s address 0x%lx pgoff %lu\n",
		write ? "write" : "read", vmf->address, off);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct pfault_vm_ops = {
	.fault = pfault_fault,
};

/* mmap maps nothing yet: the pages arrive one fault at a time. */
static int pfault_mmap(struct file *f, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff >= PFAULT_PAGES ||
	    vma_pages(vma) > PFAULT_PAGES - vma->vm_pgoff)
		return -EINVAL;
	vma->vm_ops = &pfault_vm_ops;
	return 0;
}

static const struct file_operations pfault_dev_ops = {
	.owner = THIS_MODULE,
	.mmap = pfault_mmap,
};

static struct miscdevice pfault_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "pfault_lab",
	.fops = &pfault_dev_ops,
	.mode = 0666,
};

/* /proc/pfault_lab: the count, then one line per logged fault. */
static int pfault_show(struct seq_file *m, void *v)
{
	unsigned int i;

	mutex_lock(&pfault_lock);
	seq_printf(m, "pfault_lab: %u faults\n", pfault_count);
	for (i = 0; i < pfault_count && i < PFAULT_LOG; i++)
		seq_printf(m, "pfault_lab: fault %u: %s pgoff %lu\n", i + 1,
			   pfault_log[i].write ? "write" : "read",
			   pfault_log[i].pgoff);
	mutex_unlock(&pfault_lock);
	return 0;
}

static int pfault_open(struct inode *inode, struct file *f)
{
	return single_open(f, pfault_show, NULL);
}

static ssize_t pfault_write(struct file *f, const char __user *buf,
			    size_t len, loff_t *pos)
{
	char cmd[16];

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, buf, len))
		return -EFAULT;
	cmd[len] = '\0';
	strim(cmd);
	if (strcmp(cmd, "reset") && strcmp(cmd, "touch"))
		return -EINVAL;
	mutex_lock(&pfault_lock);
	pfault_count = 0;
	mutex_unlock(&pfault_lock);
	pr_info("pfault_lab: counters reset\n");
	return len;
}

static const struct proc_ops pfault_proc_ops = {
	.proc_open = pfault_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = pfault_write,
};

static int __init pfault_lab_init(void)
{
	int rc;

	pfault_proc = proc_create("pfault_lab", 0600, NULL, &pfault_proc_ops);
	if (!pfault_proc)
		return -ENOMEM;
	rc = misc_register(&pfault_dev);
	if (rc)
		proc_remove(pfault_proc);
	return rc;
}

/* No mapping can outlive the module: an open file pins it. */
static void __exit pfault_lab_exit(void)
{
	int i;

	misc_deregister(&pfault_dev);
	proc_remove(pfault_proc);
	for (i = 0; i < PFAULT_PAGES; i++)
		if (pfault_page[i])
			__free_page(pfault_page[i]);
}

module_init(pfault_lab_init);
module_exit(pfault_lab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memdrill lab: a driver's .fault handler counts faults");
