// SPDX-License-Identifier: GPL-2.0
/*
 * test-slub.c - the simulated SLUB: cache geometry for several sizes,
 * alignments, flags and CPU counts (hand-computed from calculate_sizes()
 * and calculate_order() in 6.1), kmalloc classes, ksize, every debug
 * detection with its 6.1 text, slabinfo bytes, destroy with live objects.
 */
#include <errno.h>
#include <stdlib.h>

#include "sim/mm.h"
#include "sim/slub.h"
#include "test.h"

static void boot(struct mm_machine *m, int cpus)
{
	struct mm_config cfg;

	mm_config_default(&cfg);
	cfg.cpus = cpus;
	CHECK_INT(mm_machine_init(m, &cfg), 0);
}

/* Create a cache and return its info. */
static void geo(struct mm_machine *m, const char *name, unsigned size,
		unsigned align, const char *flags, struct mm_cache_info *ci)
{
	unsigned f = 0;
	int id = -1;

	CHECK_INT(mm_slub_parse_flags(flags, &f), 0);
	CHECK_INT(mm_slub_cache_create(m, name, size, align, f, &id), 0);
	CHECK_INT(mm_slub_info(m, id, ci), 0);
}

static void test_geometry(void)
{
	struct mm_machine m;
	struct mm_cache_info ci;

	boot(&m, 1);
	geo(&m, "c100", 100, 0, "", &ci);
	CHECK_INT(ci.size, 104);
	CHECK_INT(ci.offset, 48);	/* ALIGN_DOWN(100 / 2, 8) */
	CHECK_INT(ci.objects, 39);
	CHECK_INT(ci.order, 0);
	geo(&m, "c8", 8, 0, "", &ci);
	CHECK_INT(ci.size, 8);
	CHECK_INT(ci.objects, 512);
	geo(&m, "dbg", 100, 0, "FZPU", &ci);
	CHECK_INT(ci.inuse, 104);
	CHECK_INT(ci.offset, 104);	/* poison: free pointer outside */
	CHECK_INT(ci.red_left_pad, 8);
	CHECK_INT(ci.size, 192);	/* 104 + 8 + 64 + 8 + 8 */
	CHECK_INT(ci.objects, 21);
	geo(&m, "z64", 64, 0, "Z", &ci);
	CHECK_INT(ci.inuse, 72);	/* exact fit: a word of red zone */
	CHECK_INT(ci.offset, 32);
	CHECK_INT(ci.size, 88);
	CHECK_INT(ci.objects, 46);
	geo(&m, "a64", 100, 64, "", &ci);
	CHECK_INT(ci.size, 128);
	CHECK_INT(ci.align, 64);
	geo(&m, "big", 3000, 0, "", &ci);
	CHECK_INT(ci.order, 3);		/* 2768 waste > 1/16 but <= 1/8 */
	CHECK_INT(ci.objects, 10);
	geo(&m, "u5", 5, 0, "U", &ci);
	CHECK_INT(ci.size, 72);		/* 8 + 64 */
	mm_machine_free(&m);
}

static void test_kmalloc_geometry(void)
{
	struct mm_machine m;
	struct mm_cache_info ci;
	int id;

	boot(&m, 1);
	id = mm_slub_cache_find(&m, "kmalloc-96");
	CHECK(id >= 0);
	CHECK_INT(mm_slub_info(&m, id, &ci), 0);
	CHECK_INT(ci.objects, 42);
	id = mm_slub_cache_find(&m, "kmalloc-1k");
	CHECK_INT(mm_slub_info(&m, id, &ci), 0);
	CHECK_INT(ci.order, 1);		/* 8 objects wanted on 1 CPU */
	CHECK_INT(ci.objects, 8);
	id = mm_slub_cache_find(&m, "kmalloc-8k");
	CHECK_INT(mm_slub_info(&m, id, &ci), 0);
	CHECK_INT(ci.order, 3);
	CHECK_INT(ci.objects, 4);
	mm_machine_free(&m);
	/* 4 CPUs: min_objects = 4 * (fls(4) + 1) = 16 */
	boot(&m, 4);
	id = mm_slub_cache_find(&m, "kmalloc-2k");
	CHECK_INT(mm_slub_info(&m, id, &ci), 0);
	CHECK_INT(ci.order, 3);
	CHECK_INT(ci.objects, 16);
	mm_machine_free(&m);
}

static void test_kmalloc(void)
{
	static const struct { size_t size; const char *cache; } t[] = {
		{ 1, "kmalloc-8" }, { 8, "kmalloc-8" }, { 9, "kmalloc-16" },
		{ 24, "kmalloc-32" }, { 64, "kmalloc-64" },
		{ 65, "kmalloc-96" }, { 96, "kmalloc-96" },
		{ 97, "kmalloc-128" }, { 129, "kmalloc-192" },
		{ 192, "kmalloc-192" }, { 193, "kmalloc-256" },
		{ 257, "kmalloc-512" }, { 1025, "kmalloc-2k" },
		{ 4097, "kmalloc-8k" }, { 8192, "kmalloc-8k" },
	};
	struct mm_machine m;
	struct mm_cache_info ci;
	uint64_t addr;
	size_t i;
	int cache;

	boot(&m, 1);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		CHECK_STR(mm_slub_kmalloc_name(t[i].size), t[i].cache);
		CHECK_INT(mm_slub_kmalloc(&m, t[i].size, MM_GFP_KERNEL, &addr,
					  &cache), 0);
		CHECK_INT(mm_slub_info(&m, cache, &ci), 0);
		CHECK_STR(ci.name, t[i].cache);
		CHECK_INT(mm_slub_ksize(&m, addr), ci.size);
		CHECK_INT(mm_slub_kfree(&m, addr), 0);
	}
	CHECK(mm_slub_kmalloc_name(8193) == NULL);
	CHECK_INT(mm_slub_kmalloc(&m, 8193, MM_GFP_KERNEL, &addr, &cache), 0);
	CHECK_INT(cache, -1);
	CHECK_INT(mm_slub_ksize(&m, addr), 16384);
	CHECK_INT(mm_slub_kfree(&m, addr), 0);
	CHECK_INT(mm_slub_kfree(&m, addr), -EINVAL);
	CHECK_INT(mm_slub_kmalloc(&m, 0, MM_GFP_KERNEL, &addr, &cache),
		  -EINVAL);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/* A fresh debug cache with one allocated object. */
static int dbg(struct mm_machine *m, uint64_t *x)
{
	int id;

	boot(m, 1);
	CHECK_INT(mm_slub_cache_create(m, "lab_obj", 100, 0, MM_SLAB_DEBUG,
				       &id), 0);
	CHECK_INT(mm_slub_alloc(m, id, x), 0);
	return id;
}

static int has(struct mm_machine *m, const char *text)
{
	return m->dmesg && strstr(m->dmesg, text) != NULL;
}

static void test_bytes(void)
{
	struct mm_machine m;
	uint64_t x;
	uint8_t b;
	int id = dbg(&m, &x);

	/* allocated: left red zone 0xcc, object 0x6b..0xa5 (poisoned, no
	 * init_on_alloc with P), right red zone 0xcc */
	CHECK_INT(mm_slub_read(&m, x, -1, &b), 0);
	CHECK_INT(b, 0xcc);
	CHECK_INT(mm_slub_read(&m, x, 0, &b), 0);
	CHECK_INT(b, 0x6b);
	CHECK_INT(mm_slub_read(&m, x, 99, &b), 0);
	CHECK_INT(b, 0xa5);
	CHECK_INT(mm_slub_read(&m, x, 100, &b), 0);
	CHECK_INT(b, 0xcc);
	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_read(&m, x, 100, &b), 0);
	CHECK_INT(b, 0xbb);
	CHECK_INT(mm_slub_read(&m, x, -8, &b), 0);
	CHECK_INT(b, 0xbb);
	CHECK_INT(mm_slub_findings(&m), 0);
	mm_machine_free(&m);
}

static void test_right_redzone(void)
{
	struct mm_machine m;
	uint64_t x;
	int id = dbg(&m, &x);
	char fix[128];

	CHECK_INT(mm_slub_write(&m, x, 100, 0x42, 1), 0);
	CHECK_INT(mm_slub_free(&m, id, x), -EFAULT);
	CHECK(has(&m, "\nBUG lab_obj (Not tainted): Right Redzone "
		  "overwritten\n"));
	CHECK(has(&m, ". First byte 0x42 instead of 0xcc\n"));
	snprintf(fix, sizeof(fix), "FIX lab_obj: Restoring Right Redzone "
		 "0x%016llx-0x%016llx=0xcc\n", (unsigned long long)x + 100,
		 (unsigned long long)x + 100);
	CHECK(has(&m, fix));
	CHECK(has(&m, "FIX lab_obj: Object at 0x"));
	CHECK(strncmp(m.dmesg, "=================================="
		      "===========================================\n",
		      78) == 0);
	/* restored: the second free works and is clean */
	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_findings(&m), 1);
	mm_machine_free(&m);
}

static void test_left_redzone_and_taint(void)
{
	struct mm_machine m;
	uint64_t x, y;
	int id = dbg(&m, &x);

	CHECK_INT(mm_slub_alloc(&m, id, &y), 0);
	CHECK_INT(mm_slub_write(&m, x, 100, 0, 1), 0);
	CHECK_INT(mm_slub_write(&m, y, -3, 0, 1), 0);
	/* validate_slab() stops at the first bad object of a slab */
	CHECK_INT(mm_slub_validate(&m, id), 1);
	CHECK(has(&m, "BUG lab_obj (Not tainted): Right Redzone overwritten"));
	CHECK(!has(&m, "Left Redzone"));
	CHECK_INT(mm_slub_validate(&m, id), 1);
	CHECK(has(&m, "BUG lab_obj (Tainted: G    B             ): Left "
		  "Redzone overwritten"));
	CHECK_INT(mm_slub_validate(&m, id), 0);	/* fixed up */
	mm_machine_free(&m);
}

static void test_poison(void)
{
	struct mm_machine m;
	uint64_t x, x2;
	int id = dbg(&m, &x);

	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_write(&m, x, 10, 0x00, 2), 0);
	/* the next allocation takes the same object: checks catch it */
	CHECK_INT(mm_slub_alloc(&m, id, &x2), 0);
	CHECK(has(&m, "BUG lab_obj (Not tainted): Poison overwritten"));
	CHECK(has(&m, "First byte 0x0 instead of 0x6b"));
	CHECK(has(&m, "FIX lab_obj: Restoring Poison"));
	CHECK(has(&m, "FIX lab_obj: Marking all objects used"));
	CHECK(x2 != x);		/* that slab was given up: a new one */
	mm_machine_free(&m);
	/* End Poison and validate */
	id = dbg(&m, &x);
	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_write(&m, x, 99, 0x6b, 1), 0);
	CHECK_INT(mm_slub_validate(&m, id), 1);
	CHECK(has(&m, "End Poison overwritten"));
	CHECK(has(&m, "First byte 0x6b instead of 0xa5"));
	mm_machine_free(&m);
}

static void test_double_free_and_fp(void)
{
	struct mm_machine m;
	uint64_t x, y, keep;
	int id = dbg(&m, &x);

	/* another object in use: on_freelist() finds x, whose free
	 * pointer slab_free_freelist_hook() set to NULL first: the slab's
	 * freelist is x alone now */
	CHECK_INT(mm_slub_alloc(&m, id, &keep), 0);
	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_free(&m, id, x), -EFAULT);
	CHECK(has(&m, "BUG lab_obj (Not tainted): Object already free\n"));
	CHECK(has(&m, " objects=21 used=1 fp="));
	CHECK(has(&m, " @offset=8 fp=0x0000000000000000\n"));
	CHECK(has(&m, "not freed"));
	CHECK(!has(&m, "allocated objects"));
	/* the good free of keep walks the cut list: 1 free, not 20 */
	CHECK_INT(mm_slub_free(&m, id, keep), 0);
	CHECK(has(&m, "): Wrong object count. Counter is 1 but counted were "
		  "20\n"));
	CHECK(has(&m, "FIX lab_obj: Object count adjusted\n"));
	CHECK_INT(mm_slub_findings(&m), 2);
	/* keep again: the count (19 in use) passes, keep is found */
	CHECK_INT(mm_slub_free(&m, id, keep), -EFAULT);
	CHECK(has(&m, " objects=21 used=19 fp="));
	CHECK_INT(mm_slub_findings(&m), 3);
	mm_machine_free(&m);
	/* the slab's last object freed twice: free_debug_processing()
	 * compares slab->inuse first; the format's newline makes an empty
	 * line, then print_slab_info() and the FIX line */
	id = dbg(&m, &x);
	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_free(&m, id, x), -EFAULT);
	CHECK(has(&m, "BUG lab_obj (Not tainted): Slab has 0 allocated objects "
		  "but 1 are to be freed\n\n-----"));
	CHECK(has(&m, " objects=21 used=0 fp="));
	CHECK(!has(&m, "already free"));
	CHECK_INT(mm_slub_findings(&m), 1);
	mm_machine_free(&m);
	id = dbg(&m, &x);
	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_alloc(&m, id, &y), 0);
	CHECK_INT(mm_slub_free(&m, id, y), 0);
	/* clobber the free pointer (outside the object, at offset 104):
	 * validate_slab()'s on_freelist() ends the list at y and counts */
	CHECK_INT(mm_slub_write(&m, y, 104, 0x41, 8), 0);
	CHECK(mm_slub_validate(&m, id) >= 1);
	CHECK(has(&m, "): Freechain corrupt\n"));
	CHECK(has(&m, "): Wrong object count. Counter is 0 but counted were "
		  "20\n"));
	mm_machine_free(&m);
	/* without F the double free is not simulated: clear error */
	boot(&m, 1);
	CHECK_INT(mm_slub_cache_create(&m, "p", 64, 0, 0, &id), 0);
	CHECK_INT(mm_slub_alloc(&m, id, &x), 0);
	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_free(&m, id, x), -EINVAL);
	CHECK(strstr(m.err, "double free") != NULL);
	CHECK_INT(mm_slub_validate(&m, id), -EINVAL);
	mm_machine_free(&m);
	/* the count check needs no F: any debug flag (Z here) takes
	 * free_to_partial_list() */
	boot(&m, 1);
	CHECK_INT(mm_slub_cache_create(&m, "z", 64, 0, MM_SLAB_RED_ZONE,
				       &id), 0);
	CHECK_INT(mm_slub_alloc(&m, id, &x), 0);
	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_free(&m, id, x), -EFAULT);
	CHECK(has(&m, "BUG z (Not tainted): Slab has 0 allocated objects but "
		  "1 are to be freed\n"));
	CHECK(has(&m, "FIX z: Object at 0x"));
	mm_machine_free(&m);
}

static void test_destroy(void)
{
	struct mm_machine m;
	uint64_t x;
	int id = dbg(&m, &x);
	unsigned long free0;

	CHECK_INT(mm_slub_cache_destroy(&m, id), -EBUSY);
	CHECK(has(&m, "BUG lab_obj (Not tainted): Objects remaining in "
		  "lab_obj on __kmem_cache_shutdown()\n"));
	CHECK(has(&m, "@offset=8\n"));
	CHECK(has(&m, "kmem_cache_destroy lab_obj: Slab cache still has "
		  "objects"));
	CHECK_INT(mm_slub_cache_find(&m, "lab_obj"), id);
	free0 = mm_free_pages(&m);
	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_cache_destroy(&m, id), 0);
	CHECK_INT(mm_slub_cache_find(&m, "lab_obj"), -1);
	CHECK_INT(mm_free_pages(&m), free0 + 1);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

static void test_slabinfo(void)
{
	struct mm_machine m;
	struct mm_buf b = { 0 };
	uint64_t a[45];
	int id, i;

	boot(&m, 1);
	CHECK_INT(mm_slub_cache_create(&m, "lab", 100, 0, 0, &id), 0);
	for (i = 0; i < 45; i++)
		CHECK_INT(mm_slub_alloc(&m, id, &a[i]), 0);
	/* free 3 from the first (full, non-CPU) slab: it goes partial */
	for (i = 0; i < 3; i++)
		CHECK_INT(mm_slub_free(&m, id, a[i]), 0);
	mm_proc_slabinfo(&m, &b);
	CHECK(strncmp(b.s, "slabinfo - version: 2.1\n# name            "
		      "<active_objs> <num_objs> <objsize> <objperslab> "
		      "<pagesperslab> : tunables <limit> <batchcount> "
		      "<sharedfactor> : slabdata <active_slabs> <num_slabs> "
		      "<sharedavail>\n", 204) == 0);
	CHECK(strstr(b.s, "\nlab                   75     78    104   39    1 "
		     ": tunables    0    0    0 : slabdata      2      2      "
		     "0\nkmalloc-8k ") != NULL);
	mm_buf_free(&b);
	mm_machine_free(&m);
}

/* Many random alloc/free: counts stay consistent, memory returns. */
static void test_random(void)
{
	enum { N = 300 };
	struct mm_machine m;
	struct mm_cache_info ci;
	uint64_t a[N];
	int live[N] = { 0 }, id, i, n = 0;
	unsigned seed = 7;
	unsigned long free0;

	boot(&m, 1);
	free0 = mm_free_pages(&m);
	CHECK_INT(mm_slub_cache_create(&m, "r", 200, 0, 0, &id), 0);
	for (i = 0; i < 100000; i++) {
		int k = rand_r(&seed) % N;

		if (live[k]) {
			CHECK_INT(mm_slub_free(&m, id, a[k]), 0);
			n--;
		} else {
			CHECK_INT(mm_slub_alloc(&m, id, &a[k]), 0);
			n++;
		}
		live[k] = !live[k];
	}
	CHECK_INT(mm_slub_info(&m, id, &ci), 0);
	CHECK_INT(ci.live, n);
	for (i = 0; i < N; i++)
		if (live[i])
			CHECK_INT(mm_slub_free(&m, id, a[i]), 0);
	CHECK_INT(mm_slub_cache_destroy(&m, id), 0);
	CHECK_INT(mm_free_pages(&m), free0);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/*
 * A non-debug cache refuses the free of anything not allocated: every
 * object once freed, and a pointer inside an object, over a random run
 * with slabs made and discarded (the allocated bits must agree with the
 * freelist).  After a write clobbers a free pointer, the answer is the
 * freelist walk's again: it stops at the bad pointer, so an object past
 * it is not found free (as the walk always did).
 */
static void test_nodebug_refusals(void)
{
	enum { N = 200 };
	struct mm_machine m;
	uint64_t a[N], x, y, keep;
	int live[N] = { 0 }, id, i;
	unsigned seed = 11;

	boot(&m, 1);
	CHECK_INT(mm_slub_cache_create(&m, "r", 100, 0, 0, &id), 0);
	for (i = 0; i < 50000; i++) {
		int k = rand_r(&seed) % N;

		if (live[k]) {
			CHECK_INT(mm_slub_free(&m, id, a[k] + 8), -EINVAL);
			CHECK_INT(mm_slub_free(&m, id, a[k]), 0);
		} else if (i > 0 && a[k]) {
			/* freed, maybe on a discarded slab: refused either
			 * way, unless it was handed out again meanwhile */
			int again = 0, j;

			for (j = 0; j < N; j++)
				again |= live[j] && a[j] == a[k];
			if (!again)
				CHECK_INT(mm_slub_free(&m, id, a[k]), -EINVAL);
		}
		if (!live[k])
			CHECK_INT(mm_slub_alloc(&m, id, &a[k]), 0);
		live[k] = !live[k];
	}
	mm_machine_free(&m);
	boot(&m, 1);
	CHECK_INT(mm_slub_cache_create(&m, "p", 64, 0, 0, &id), 0);
	CHECK_INT(mm_slub_alloc(&m, id, &x), 0);
	CHECK_INT(mm_slub_alloc(&m, id, &y), 0);
	CHECK_INT(mm_slub_alloc(&m, id, &keep), 0);
	CHECK_INT(mm_slub_free(&m, id, y), 0);
	CHECK_INT(mm_slub_free(&m, id, x), 0);
	CHECK_INT(mm_slub_free(&m, id, y), -EINVAL);
	/* x's free pointer (offset 32) now points nowhere: the walk from
	 * x ends there and does not see y */
	CHECK_INT(mm_slub_write(&m, x, 32, 0x41, 8), 0);
	CHECK_INT(mm_slub_free(&m, id, y), 0);
	CHECK_INT(mm_slub_free(&m, id, x), -EINVAL);
	mm_machine_free(&m);
}

/*
 * Objects outside the first page of a multi-page slab: kfree,
 * kmem_cache_free, ksize and write find the slab through the head frame
 * of the block (virt_to_slab -> the folio), as in 6.1.
 */
static void test_multipage(void)
{
	struct mm_machine m;
	struct mm_cache_info ci;
	uint64_t a, b, x[40];
	int ca, cb, id, i;
	unsigned long free0;

	boot(&m, 1);
	free0 = mm_free_pages(&m);
	/* kmalloc-4k: order-3 slabs of 8 objects; B is in the second page */
	CHECK_INT(mm_slub_kmalloc(&m, 3000, MM_GFP_KERNEL, &a, &ca), 0);
	CHECK_INT(mm_slub_kmalloc(&m, 3000, MM_GFP_KERNEL, &b, &cb), 0);
	CHECK_INT(ca, cb);
	CHECK(b - a == 4096);
	CHECK_INT(mm_slub_ksize(&m, b), 4096);
	CHECK_INT(mm_slub_write(&m, b, 0, 0x42, 4096), 0);
	CHECK_INT(mm_slub_kfree(&m, b), 0);
	CHECK_INT(mm_slub_kfree(&m, a), 0);
	CHECK_INT(mm_slub_info(&m, ca, &ci), 0);
	CHECK_INT(ci.live, 0);
	/* a cache of 1000-byte objects (order 3, 32 per slab), debug on:
	 * every object can be freed, the last ones from page 7 */
	CHECK_INT(mm_slub_cache_create(&m, "big", 1000, 0, MM_SLAB_DEBUG,
				       &id), 0);
	CHECK_INT(mm_slub_info(&m, id, &ci), 0);
	CHECK(ci.order > 0);
	for (i = 0; i < 40; i++)
		CHECK_INT(mm_slub_alloc(&m, id, &x[i]), 0);
	for (i = 39; i >= 0; i--)
		CHECK_INT(mm_slub_free(&m, id, x[i]), 0);
	CHECK_INT(mm_slub_findings(&m), 0);
	CHECK_INT(mm_slub_cache_destroy(&m, id), 0);
	/* the kmalloc-4k slab stays (min_partial), nothing else */
	CHECK_INT(free0 - mm_free_pages(&m), 8);
	CHECK_INT(mm_buddy_check(&m), 0);
	mm_machine_free(&m);
}

/* slub_debug=FZPU at boot: kmalloc caches get the metadata too, with
 * SLAB_KMALLOC's extra orig_size word and a left pad of the alignment. */
static void test_boot_debug(void)
{
	struct mm_machine m;
	struct mm_config cfg;
	struct mm_cache_info ci;
	uint64_t x;
	int cache;

	mm_config_default(&cfg);
	cfg.slub_debug = MM_SLAB_DEBUG;
	CHECK_INT(mm_machine_init(&m, &cfg), 0);
	CHECK_INT(mm_slub_info(&m, mm_slub_cache_find(&m, "kmalloc-128"),
			       &ci), 0);
	/* 128 +8 rz =136, +8 fp =144, +64+4 tracks =212, +8 =220,
	 * +128 left pad = 348 -> aligned to 128: 384 */
	CHECK_INT(ci.size, 384);
	CHECK_INT(ci.red_left_pad, 128);
	CHECK_INT(mm_slub_kmalloc(&m, 100, MM_GFP_KERNEL, &x, &cache), 0);
	CHECK_INT(mm_slub_write(&m, x, 128, 1, 1), 0);
	CHECK_INT(mm_slub_kfree(&m, x), -EFAULT);
	CHECK(has(&m, "BUG kmalloc-128 (Not tainted): Right Redzone "
		  "overwritten"));
	mm_machine_free(&m);
}

int main(void)
{
	TEST_RUN(test_boot_debug);
	TEST_RUN(test_geometry);
	TEST_RUN(test_kmalloc_geometry);
	TEST_RUN(test_kmalloc);
	TEST_RUN(test_bytes);
	TEST_RUN(test_right_redzone);
	TEST_RUN(test_left_redzone_and_taint);
	TEST_RUN(test_poison);
	TEST_RUN(test_double_free_and_fp);
	TEST_RUN(test_destroy);
	TEST_RUN(test_slabinfo);
	TEST_RUN(test_random);
	TEST_RUN(test_nodebug_refusals);
	TEST_RUN(test_multipage);
	return test_done();
}
