// SPDX-License-Identifier: GPL-2.0
/*
 * slab_lab.c - make SLUB's debugging catch real slab bugs, on purpose.
 *
 * Write an action's name to /proc/slab_lab:
 *   redzone       write one byte past a 64-byte object, then free it
 *   uaf           free an object, write into it, allocate again
 *   double_free   free the same object twice
 *   leak_destroy  destroy the cache with an object still allocated
 *   kmalloc_redzone  kmalloc(100) (a kmalloc-128 object): write into the
 *                 28 bytes of slack, then one byte past the 128; needs
 *                 the boot argument slub_debug=FZ,kmalloc-128, since the
 *                 kmalloc caches get red zones only from the boot option
 * The other actions work on a fresh cache named "slab_lab" created with
 * SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER,
 * so SLUB prints its BUG/FIX report in the kernel log.  The bugs are
 * confined to the lab's own cache; SLUB repairs what it reports.  For a
 * throwaway VM only.
 *
 * These actions need no slub_debug= on the command line (6.1, Debian's
 * CONFIG_SLUB_DEBUG=y, CONFIG_SLUB_DEBUG_ON unset): with CONFIG_SLUB_DEBUG
 * the four flags are in SLAB_DEBUG_FLAGS and so in CACHE_CREATE_MASK
 * (mm/slab.h:332, 350), kmem_cache_create_usercopy() keeps them and turns
 * on the slub_debug_enabled static key and the stack depot for them
 * (mm/slab_common.c:292-295, 317), and kmem_cache_flags() only ORs the
 * boot option's flags into the cache's own (mm/slub.c:1648).
 */
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define LAB_OBJ_SIZE 64
#define LAB_FLAGS (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | \
		   SLAB_STORE_USER)

static struct proc_dir_entry *lab_proc;

static struct kmem_cache *lab_cache_create(void)
{
	return kmem_cache_create("slab_lab", LAB_OBJ_SIZE, 0, LAB_FLAGS, NULL);
}

/* One byte past the object lands in the right red zone (0xcc). */
static int lab_redzone(struct kmem_cache *c)
{
	u8 *p = kmem_cache_alloc(c, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	pr_info("slab_lab: writing 0x42 at offset %d of a %d-byte object\n",
		LAB_OBJ_SIZE, LAB_OBJ_SIZE);
	/* the bug, on purpose: */
	OPTIMIZER_HIDE_VAR(p);
	p[LAB_OBJ_SIZE] = 0x42;
	kmem_cache_free(c, p);
	return 0;
}

/* A write after free overwrites the 0x6b poison; the next alloc checks. */
static int lab_uaf(struct kmem_cache *c)
{
	u8 *p = kmem_cache_alloc(c, GFP_KERNEL), *q;

	if (!p)
		return -ENOMEM;
	kmem_cache_free(c, p);
	pr_info("slab_lab: writing 0x42 into a freed object\n");
	OPTIMIZER_HIDE_VAR(p);
	p[8] = 0x42;
	q = kmem_cache_alloc(c, GFP_KERNEL);
	if (q)
		kmem_cache_free(c, q);
	return 0;
}

/*
 * The second free finds the object on the slab's freelist already.  A
 * second live object keeps the slab's in-use count above zero, so 6.1's
 * count check ("Slab has 0 allocated objects but 1 are to be freed") does
 * not fire first and the freelist check reports the double free itself.
 */
static int lab_double_free(struct kmem_cache *c)
{
	void *p = kmem_cache_alloc(c, GFP_KERNEL);
	void *keep = kmem_cache_alloc(c, GFP_KERNEL);

	if (!p || !keep) {
		if (p)
			kmem_cache_free(c, p);
		if (keep)
			kmem_cache_free(c, keep);
		return -ENOMEM;
	}
	kmem_cache_free(c, p);
	pr_info("slab_lab: freeing the same object again\n");
	OPTIMIZER_HIDE_VAR(p);
	kmem_cache_free(c, p);
	kmem_cache_free(c, keep);
	return 0;
}

/*
 * kmalloc(100) is served by kmalloc-128.  6.1 checks only the red zone
 * after the 128 bytes: the write into the slack (bytes 100..127) goes
 * unnoticed (6.2 added checks of the slack, from the requested size).
 */
static int lab_kmalloc_redzone(void)
{
	u8 *p = kmalloc(100, GFP_KERNEL);
	size_t sz;

	if (!p)
		return -ENOMEM;
	sz = ksize(p);
	pr_info("slab_lab: kmalloc(100) returned an object of ksize %zu\n",
		sz);
	pr_info("slab_lab: writing 0x41 at offset 100 (slack), 0x42 at offset %zu\n",
		sz);
	OPTIMIZER_HIDE_VAR(p);
	p[100] = 0x41;
	p[sz] = 0x42;
	kfree(p);
	return 0;
}

static int lab_run(const char *action)
{
	struct kmem_cache *c;
	int rc = 0;

	if (!strcmp(action, "kmalloc_redzone"))
		return lab_kmalloc_redzone();
	c = lab_cache_create();
	if (!c)
		return -ENOMEM;
	if (!strcmp(action, "redzone")) {
		rc = lab_redzone(c);
	} else if (!strcmp(action, "uaf")) {
		rc = lab_uaf(c);
	} else if (!strcmp(action, "double_free")) {
		rc = lab_double_free(c);
	} else if (!strcmp(action, "leak_destroy")) {
		/* the live object is left in the cache on purpose */
		if (!kmem_cache_alloc(c, GFP_KERNEL))
			rc = -ENOMEM;
		pr_info("slab_lab: destroying the cache with a live object\n");
	} else {
		rc = -EINVAL;
	}
	kmem_cache_destroy(c);
	return rc;
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
	pr_info("slab_lab: action %s\n", action);
	rc = lab_run(action);
	return rc ? rc : len;
}

static const struct proc_ops lab_ops = {
	.proc_write = lab_write,
};

static int __init slab_lab_init(void)
{
	lab_proc = proc_create("slab_lab", 0200, NULL, &lab_ops);
	return lab_proc ? 0 : -ENOMEM;
}

static void __exit slab_lab_exit(void)
{
	proc_remove(lab_proc);
}

module_init(slab_lab_init);
module_exit(slab_lab_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memdrill lab: SLUB debugging catches slab bugs");
