// SPDX-License-Identifier: GPL-2.0
/*
 * ex_cache.c - memdrill exercise ex-kmem-cache: a slab cache of your
 * own, with a constructor, used and destroyed without leaks.
 * The TODOs are yours; `memdrill lab run ex-kmem-cache` checks them.
 */
#include <linux/module.h>
#include <linux/slab.h>

#define EX_N 100
#define EX_MAGIC 0x6d656d6472696c6cUL

struct ex_obj {
	unsigned long magic;	/* set by the constructor */
	char payload[112];
};

static struct kmem_cache *ex_cache;
static struct ex_obj *ex_objs[EX_N];

/* The constructor: runs once per object when SLUB fills a new slab. */
static void ex_ctor(void *p)
{
	struct ex_obj *o = p;

	o->magic = EX_MAGIC;
}

static int __init ex_cache_init(void)
{
	int i, good = 0;

	/* TODO 1: create the cache "ex_cache" for struct ex_obj with
	 * ex_ctor as its constructor (kmem_cache_create) */
	ex_cache = kmem_cache_create("ex_cache", sizeof(struct ex_obj), 0, 0,
				     ex_ctor);
	if (!ex_cache) {
		pr_info("ex_cache: no cache\n");
		return -ENOMEM;
	}
	/* TODO 2: allocate EX_N objects from it into ex_objs[] */
	for (i = 0; i < EX_N; i++)
		ex_objs[i] = kmem_cache_alloc(ex_cache, GFP_KERNEL);
	for (i = 0; i < EX_N; i++)
		good += ex_objs[i] && ex_objs[i]->magic == EX_MAGIC;
	pr_info("ex_cache: %d of %d objects constructed\n", good, EX_N);
	return 0;
}

static void __exit ex_cache_exit(void)
{
	int i;

	/* TODO 3: free every object, then destroy the cache */
	for (i = 0; i < EX_N; i++)
		kmem_cache_free(ex_cache, ex_objs[i]);
	kmem_cache_destroy(ex_cache);
	pr_info("ex_cache: destroyed\n");
}

module_init(ex_cache_init);
module_exit(ex_cache_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memdrill exercise: a kmem_cache with a constructor");
