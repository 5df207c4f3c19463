// SPDX-License-Identifier: GPL-2.0
/*
 * ex_uaf.c - memdrill exercise ex-slab-uaf: ex_uaf_sum() has a bug that
 * SLUB's debugging catches.  Find it and fix it: the sum must be right
 * and SLUB must have nothing to report.
 * `memdrill lab run ex-slab-uaf` checks it.
 */
#include <linux/module.h>
#include <linux/slab.h>

#define EX_N 100
/* red zones, poisoning, the last users, consistency checks */
#define EX_DEBUG (SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | \
		  SLAB_STORE_USER)

struct ex_item {
	long value;
};

static struct kmem_cache *ex_uaf_cache;

/*
 * Sum the values 0..EX_N-1 held in EX_N objects, clearing each object
 * and giving it back as it goes.
 * TODO: this function has a bug; the kernel log tells you where.
 */
static long ex_uaf_sum(void)
{
	struct ex_item *items[EX_N];
	long total = 0;
	int i;

	for (i = 0; i < EX_N; i++) {
		items[i] = kmem_cache_alloc(ex_uaf_cache, GFP_KERNEL);
		if (!items[i])
			return -1;
		items[i]->value = i;
	}
	for (i = 0; i < EX_N; i++) {
		kmem_cache_free(ex_uaf_cache, items[i]);
		total += items[i]->value;
		items[i]->value = 0;
	}
	return total;
}

/* Allocate every object again: SLUB checks each free object's poison. */
static void ex_uaf_reuse(void)
{
	struct ex_item *items[EX_N];
	int i;

	for (i = 0; i < EX_N; i++)
		items[i] = kmem_cache_alloc(ex_uaf_cache, GFP_KERNEL);
	for (i = 0; i < EX_N; i++)
		if (items[i])
			kmem_cache_free(ex_uaf_cache, items[i]);
}

static int __init ex_uaf_init(void)
{
	ex_uaf_cache = kmem_cache_create("ex_uaf", sizeof(struct ex_item), 0,
					 EX_DEBUG, NULL);
	if (!ex_uaf_cache)
		return -ENOMEM;
	pr_info("ex_uaf: total %ld\n", ex_uaf_sum());
	ex_uaf_reuse();
	kmem_cache_destroy(ex_uaf_cache);
	pr_info("ex_uaf: cache destroyed\n");
	return 0;
}

static void __exit ex_uaf_exit(void)
{
}

module_init(ex_uaf_init);
module_exit(ex_uaf_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memdrill exercise: find a use-after-free");
