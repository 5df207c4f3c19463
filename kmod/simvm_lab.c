// SPDX-License-Identifier: GPL-2.0
/*
 * simvm_lab.c - the kernel side of the scenario language in the lab VM
 * (engine/simvm.c; docs/scenario-language.md, "The VM as the oracle"):
 * a scenario's allocation lines carried out by the real 6.1 allocators,
 * so that host mode in the guest can compare them with the simulator.
 *
 * Write one command to /proc/simvm_lab:
 *   alloc NAME ORDER GFP        alloc_pages(); GFP: kernel atomic dma dma32
 *                               nowait highuser
 *   free NAME                   __free_pages()
 *   kmalloc NAME SIZE GFP       kmalloc()
 *   kfree NAME                  kfree()
 *   cache NAME SIZE ALIGN FLAGS kmem_cache_create(); FLAGS: letters of
 *                               F Z P U (slub_debug's) and H
 *                               (SLAB_HWCACHE_ALIGN), or -
 *   destroy NAME                kmem_cache_destroy()
 *   calloc CACHE NAME           kmem_cache_alloc()
 *   cfree CACHE NAME            kmem_cache_free()
 *   write NAME OFFSET BYTE LEN  write LEN bytes BYTE at OFFSET of object
 *                               NAME, live or freed: the bug a scenario
 *                               shows, on purpose
 * Reading it gives one line per object:
 *   NAME LIVE FAILED ORDER KSIZE CACHE ZONE
 * (CACHE "-" for a page block or a kmalloc too large for a cache).
 * For a throwaway VM only: the bugs it makes are the point.
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define SIMVM_NAME	32
#define SIMVM_OBJS	512
#define SIMVM_CACHES	16

enum simvm_kind { SIMVM_PAGES, SIMVM_KMALLOC, SIMVM_SLAB };

struct simvm_obj {
	char name[SIMVM_NAME];
	enum simvm_kind kind;
	bool live, failed;
	unsigned int order;
	void *ptr;			/* kmalloc, slab object */
	struct page *page;		/* pages */
	char cache[SIMVM_NAME];		/* its cache's name, or "-" */
};

struct simvm_cache {
	char name[SIMVM_NAME];
	struct kmem_cache *s;
};

static struct simvm_obj simvm_objs[SIMVM_OBJS];
static struct simvm_cache simvm_caches[SIMVM_CACHES];
static DEFINE_MUTEX(simvm_lock);
static struct proc_dir_entry *simvm_proc;

static const struct {
	const char *name;
	gfp_t gfp;
} simvm_gfps[] = {
	{ "kernel", GFP_KERNEL }, { "atomic", GFP_ATOMIC },
	{ "dma", GFP_KERNEL | GFP_DMA }, { "dma32", GFP_KERNEL | GFP_DMA32 },
	{ "nowait", GFP_NOWAIT }, { "highuser", GFP_HIGHUSER_MOVABLE },
};

static int simvm_gfp(const char *name, gfp_t *gfp)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(simvm_gfps); i++) {
		if (!strcmp(name, simvm_gfps[i].name)) {
			*gfp = simvm_gfps[i].gfp;
			return 0;
		}
	}
	return -EINVAL;
}

/* The object named @name, or a free slot for it when @add. */
static struct simvm_obj *simvm_obj(const char *name, bool add)
{
	struct simvm_obj *free = NULL;
	size_t i;

	for (i = 0; i < SIMVM_OBJS; i++) {
		if (!strcmp(simvm_objs[i].name, name))
			return &simvm_objs[i];
		if (!free && !simvm_objs[i].name[0])
			free = &simvm_objs[i];
	}
	if (!add || !free || strlen(name) >= SIMVM_NAME)
		return NULL;
	strscpy(free->name, name, SIMVM_NAME);
	return free;
}

static struct simvm_cache *simvm_cache(const char *name, bool add)
{
	struct simvm_cache *free = NULL;
	size_t i;

	for (i = 0; i < SIMVM_CACHES; i++) {
		if (simvm_caches[i].s && !strcmp(simvm_caches[i].name, name))
			return &simvm_caches[i];
		if (!free && !simvm_caches[i].s)
			free = &simvm_caches[i];
	}
	if (!add || !free || strlen(name) >= SIMVM_NAME)
		return NULL;
	strscpy(free->name, name, SIMVM_NAME);
	return free;
}

static int simvm_alloc(const char *name, unsigned int order, gfp_t gfp)
{
	struct simvm_obj *o = simvm_obj(name, true);

	if (!o || order > MAX_ORDER - 1 || (o->live && o->kind == SIMVM_PAGES))
		return -EINVAL;
	o->kind = SIMVM_PAGES;
	o->order = order;
	strscpy(o->cache, "-", SIMVM_NAME);
	o->page = alloc_pages(gfp, order);
	o->failed = !o->page;
	o->live = !!o->page;
	return 0;
}

static int simvm_kmalloc(const char *name, size_t size, gfp_t gfp)
{
	struct simvm_obj *o = simvm_obj(name, true);
	unsigned int idx, cls;

	if (!o || !size)
		return -EINVAL;
	o->kind = SIMVM_KMALLOC;
	o->ptr = kmalloc(size, gfp);
	o->failed = !o->ptr;
	o->live = !!o->ptr;
	strscpy(o->cache, "-", SIMVM_NAME);
	o->order = 0;
	if (size > KMALLOC_MAX_CACHE_SIZE) {
		o->order = get_order(size);
		return 0;
	}
	/* the kmalloc cache's name, as create_kmalloc_caches() makes it */
	idx = kmalloc_index(size);
	cls = idx == 1 ? 96 : idx == 2 ? 192 : 1U << idx;
	if (cls >= 1024)
		snprintf(o->cache, SIMVM_NAME, "kmalloc-%uk", cls >> 10);
	else
		snprintf(o->cache, SIMVM_NAME, "kmalloc-%u", cls);
	return 0;
}

static slab_flags_t simvm_flags(const char *f)
{
	slab_flags_t flags = 0;

	for (; *f; f++) {
		if (*f == 'F')
			flags |= SLAB_CONSISTENCY_CHECKS;
		else if (*f == 'Z')
			flags |= SLAB_RED_ZONE;
		else if (*f == 'P')
			flags |= SLAB_POISON;
		else if (*f == 'U')
			flags |= SLAB_STORE_USER;
		else if (*f == 'H')
			flags |= SLAB_HWCACHE_ALIGN;
	}
	return flags;
}

static int simvm_cache_create(const char *name, unsigned int size,
			      unsigned int align, const char *flags)
{
	struct simvm_cache *c = simvm_cache(name, true);

	if (!c || !size)
		return -EINVAL;
	c->s = kmem_cache_create(c->name, size, align, simvm_flags(flags),
				 NULL);
	return c->s ? 0 : -ENOMEM;
}

static int simvm_cache_alloc(const char *cache, const char *name)
{
	struct simvm_cache *c = simvm_cache(cache, false);
	struct simvm_obj *o = simvm_obj(name, true);

	if (!c || !o)
		return -EINVAL;
	o->kind = SIMVM_SLAB;
	strscpy(o->cache, c->name, SIMVM_NAME);
	o->order = 0;
	o->ptr = kmem_cache_alloc(c->s, GFP_KERNEL);
	o->failed = !o->ptr;
	o->live = !!o->ptr;
	return 0;
}

/*
 * Free @name; a second free of a slab object is passed on: SLUB's
 * debugging is what a scenario about it shows.
 */
static int simvm_free(const char *name, int how, const char *cache)
{
	struct simvm_obj *o = simvm_obj(name, false);
	struct simvm_cache *c = cache ? simvm_cache(cache, false) : NULL;

	if (!o || (cache && !c) || o->failed)
		return -EINVAL;
	if (how == SIMVM_PAGES && o->live)
		__free_pages(o->page, o->order);
	else if (how == SIMVM_KMALLOC && o->live)
		kfree(o->ptr);
	else if (how == SIMVM_SLAB && o->ptr)
		kmem_cache_free(c->s, o->ptr);
	o->live = false;
	return 0;
}

static int simvm_write_obj(const char *name, long off, unsigned int byte,
			   unsigned int len)
{
	struct simvm_obj *o = simvm_obj(name, false);
	u8 *p;

	if (!o || !o->ptr || len > 64 || off < -64 || off > (long)PAGE_SIZE)
		return -EINVAL;
	p = o->ptr;
	/* the bug, on purpose */
	OPTIMIZER_HIDE_VAR(p);
	memset(p + off, byte, len);
	return 0;
}

static int simvm_destroy(const char *name)
{
	struct simvm_cache *c = simvm_cache(name, false);

	if (!c)
		return -EINVAL;
	kmem_cache_destroy(c->s);
	c->s = NULL;
	return 0;
}

/* One command, split at blanks in place. */
static int simvm_do(char *line)
{
	char *argv[6], *p = strim(line);
	unsigned int a, b, c;
	int argc = 0;
	long off;
	gfp_t gfp;

	while (p && *p && argc < ARRAY_SIZE(argv))
		argv[argc++] = strsep(&p, " ");
	if (!argc)
		return 0;
	if (!strcmp(argv[0], "alloc") && argc == 4 &&
	    !kstrtouint(argv[2], 10, &a) && !simvm_gfp(argv[3], &gfp))
		return simvm_alloc(argv[1], a, gfp);
	if (!strcmp(argv[0], "free") && argc == 2)
		return simvm_free(argv[1], SIMVM_PAGES, NULL);
	if (!strcmp(argv[0], "kmalloc") && argc == 4 &&
	    !kstrtouint(argv[2], 10, &a) && !simvm_gfp(argv[3], &gfp))
		return simvm_kmalloc(argv[1], a, gfp);
	if (!strcmp(argv[0], "kfree") && argc == 2)
		return simvm_free(argv[1], SIMVM_KMALLOC, NULL);
	if (!strcmp(argv[0], "cache") && argc == 5 &&
	    !kstrtouint(argv[2], 10, &a) && !kstrtouint(argv[3], 10, &b))
		return simvm_cache_create(argv[1], a, b, argv[4]);
	if (!strcmp(argv[0], "destroy") && argc == 2)
		return simvm_destroy(argv[1]);
	if (!strcmp(argv[0], "calloc") && argc == 3)
		return simvm_cache_alloc(argv[1], argv[2]);
	if (!strcmp(argv[0], "cfree") && argc == 3)
		return simvm_free(argv[2], SIMVM_SLAB, argv[1]);
	if (!strcmp(argv[0], "write") && argc == 5 &&
	    !kstrtol(argv[2], 0, &off) && !kstrtouint(argv[3], 0, &b) &&
	    !kstrtouint(argv[4], 10, &c))
		return simvm_write_obj(argv[1], off, b, c);
	return -EINVAL;
}

static ssize_t simvm_write(struct file *file, const char __user *buf,
			   size_t len, loff_t *pos)
{
	char line[128];
	int rc;

	if (len >= sizeof(line))
		return -EINVAL;
	if (copy_from_user(line, buf, len))
		return -EFAULT;
	line[len] = '\0';
	mutex_lock(&simvm_lock);
	rc = simvm_do(line);
	mutex_unlock(&simvm_lock);
	return rc ? rc : len;
}

static int simvm_show(struct seq_file *m, void *v)
{
	struct simvm_obj *o;
	size_t ks;

	mutex_lock(&simvm_lock);
	for (o = simvm_objs; o < simvm_objs + SIMVM_OBJS; o++) {
		if (!o->name[0])
			continue;
		ks = o->kind == SIMVM_PAGES ? PAGE_SIZE << o->order :
		     o->live ? ksize(o->ptr) : 0;
		seq_printf(m, "%s %d %d %u %zu %s %s\n", o->name, o->live,
			   o->failed, o->order, ks, o->cache,
			   o->live && o->kind == SIMVM_PAGES ?
			   page_zone(o->page)->name : "-");
	}
	mutex_unlock(&simvm_lock);
	return 0;
}

static int simvm_open(struct inode *inode, struct file *file)
{
	return single_open(file, simvm_show, NULL);
}

static const struct proc_ops simvm_ops = {
	.proc_open = simvm_open,
	.proc_read = seq_read,
	.proc_lseek = seq_lseek,
	.proc_release = single_release,
	.proc_write = simvm_write,
};

static int __init simvm_init(void)
{
	simvm_proc = proc_create("simvm_lab", 0600, NULL, &simvm_ops);
	return simvm_proc ? 0 : -ENOMEM;
}

static void __exit simvm_exit(void)
{
	proc_remove(simvm_proc);
}

module_init(simvm_init);
module_exit(simvm_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memdrill: scenario allocation lines on the real allocators");
