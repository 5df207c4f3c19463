// SPDX-License-Identifier: GPL-2.0
/*
 * ex_shrink.c - memdrill exercise ex-shrinker: a cache of 1000 objects
 * that gives them back when the kernel asks its shrinkers for memory.
 * The TODOs are yours; `memdrill lab run ex-shrinker` checks them: the
 * VM drops its caches (echo 2 >/proc/sys/vm/drop_caches, which calls
 * every shrinker) while the module is loaded.
 */
#include <linux/list.h>
#include <linux/module.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#define EX_N 1000

struct ex_obj {
	struct list_head node;
	char payload[248];
};

static LIST_HEAD(ex_list);
static DEFINE_SPINLOCK(ex_lock);
static unsigned long ex_count;		/* objects on ex_list */
static unsigned long ex_freed;		/* freed by the shrinker */

/* TODO 1: how many objects could the shrinker free now? */
static unsigned long ex_count_objects(struct shrinker *s,
				      struct shrink_control *sc)
{
	return 0;
}

/*
 * TODO 2: free up to sc->nr_to_scan objects from ex_list (under
 * ex_lock), keep ex_count and ex_freed right, return how many were
 * freed (SHRINK_STOP when there was nothing to free).
 */
static unsigned long ex_scan_objects(struct shrinker *s,
				     struct shrink_control *sc)
{
	return SHRINK_STOP;
}

static struct shrinker ex_shrinker = {
	.count_objects = ex_count_objects,
	.scan_objects = ex_scan_objects,
	.seeks = DEFAULT_SEEKS,
};

static int __init ex_shrink_init(void)
{
	struct ex_obj *o;
	int i, err;

	for (i = 0; i < EX_N; i++) {
		o = kmalloc(sizeof(*o), GFP_KERNEL);
		if (!o)
			break;
		list_add(&o->node, &ex_list);
		ex_count++;
	}
	err = register_shrinker(&ex_shrinker, "ex_shrink");
	if (err)
		return err;
	pr_info("ex_shrink: shrinker registered, %lu objects cached\n",
		ex_count);
	return 0;
}

static void __exit ex_shrink_exit(void)
{
	struct ex_obj *o, *t;

	unregister_shrinker(&ex_shrinker);
	pr_info("ex_shrink: %lu objects freed by the shrinker\n", ex_freed);
	pr_info("ex_shrink: %lu objects left after drop_caches\n", ex_count);
	list_for_each_entry_safe(o, t, &ex_list, node)
		kfree(o);
}

module_init(ex_shrink_init);
module_exit(ex_shrink_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("memdrill exercise: a shrinker");
