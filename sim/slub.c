// SPDX-License-Identifier: GPL-2.0
/*
 * slub.c - SLUB as in mm/slub.c (6.1) on the simulated machine.
 *
 * Geometry: calculate_sizes() and calculate_order() (slub_max_order 3,
 * min_objects 4 * (fls(cpus) + 1)), struct track of 32 bytes
 * (CONFIG_STACKDEPOT), kmalloc caches with natural alignment for powers of
 * two and SLAB_KMALLOC.  Non-debug caches allocate from a per-CPU slab
 * (one CPU modelled) and keep node partial lists; debug caches (any of
 * F Z P U) have no CPU slab, as in 6.1 (alloc_single_from_partial).
 * Slabinfo counts objects free on partial slabs as inactive, so the CPU
 * slab's free objects show as active, as the kernel's count_partial() does.
 *
 * Not modelled: per-CPU partial lists, freelist randomization
 * (SLAB_FREELIST_RANDOM) and pointer hardening (free pointers are stored
 * plain), cache merging (aliases), the hex dumps and stack traces of the
 * reports, hashed %p (addresses print unhashed, as with no_hash_pointers).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/slub.h"

#define SLUB_RED_INACTIVE	0xbb
#define SLUB_RED_ACTIVE		0xcc
#define POISON_INUSE		0x5a
#define POISON_FREE		0x6b
#define POISON_END		0xa5
#define TRACK_SIZE		32	/* sizeof(struct track), STACKDEPOT */
#define SLUB_MAX_ORDER		3
#define MAX_OBJS_PER_PAGE	32767
#define VMEMMAP_START		0xffffea0000000000ULL
#define NO_SLAB			(-1)

struct mm_slab {
	uint32_t pfn;
	uint32_t objects, inuse;
	uint64_t vaddr;		/* slab_address() */
	uint64_t freelist;	/* first free object, 0 = none */
	uint8_t *mem;		/* the slab's bytes; kept for reuse */
	size_t memsize;
	/* non-debug caches: bit i set while object i is allocated, so a
	 * free tells a double free without walking the freelist; kept for
	 * reuse.  Trusted only while no `write` hit the slab (written):
	 * a write may corrupt a free pointer, and then only the walk
	 * answers as before. */
	uint64_t *allocated;
	int32_t next, prev;	/* partial list / free-slot list */
	uint8_t live, on_partial, written;
};

struct mm_cache {
	char name[32];
	unsigned object_size, size, align, inuse, offset, red_left_pad;
	unsigned order, objects, flags, min_partial;
	/* reciprocal_value(size) for obj_to_index(): ceil(2^32 / size) */
	uint32_t reciprocal_size;
	int alive;
	struct mm_slab *slabs;
	int nslabs, capslabs, free_slot;
	int cpu;			/* CPU slab or NO_SLAB */
	int partial_head, partial_tail;
	unsigned long nr_partial, nr_slabs, live;
};

struct mm_slab_state {
	struct mm_cache *caches;
	int ncaches, capcaches;
	int kmalloc[14];	/* by kmalloc index (1 = 96, 2 = 192, 3..13) */
	unsigned long findings;
	int tainted;
	int via_kmalloc;	/* the current call came from kmalloc/kfree */
};

/* ---- state ---- */

static int slub_create(struct mm_machine *m, const char *name,
		       unsigned size, unsigned align, unsigned flags,
		       int *id);

/* The SLUB state, created on first use with the kmalloc caches. */
static struct mm_slab_state *slub_state(struct mm_machine *m)
{
	static const unsigned order[] = { 3, 4, 5, 6, 1, 7, 2, 8, 9, 10, 11,
					  12, 13 };
	struct mm_slab_state *st;
	size_t i;

	if (m->slab)
		return m->slab;
	st = calloc(1, sizeof(*st));
	if (!st)
		return NULL;
	m->slab = st;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		unsigned idx = order[i], size;
		char name[32];

		size = idx == 1 ? 96 : idx == 2 ? 192 : 1U << idx;
		if (size >= 1024)
			snprintf(name, sizeof(name), "kmalloc-%uk", size >> 10);
		else
			snprintf(name, sizeof(name), "kmalloc-%u", size);
		if (slub_create(m, name, size, 8, MM_SLAB_KMALLOC,
				&st->kmalloc[idx])) {
			mm_slub_free_all(m);
			return NULL;
		}
	}
	return st;
}

static struct mm_cache *slub_cache(struct mm_machine *m, int id)
{
	struct mm_slab_state *st = m->slab;

	if (!st || id < 0 || id >= st->ncaches || !st->caches[id].alive)
		return NULL;
	return &st->caches[id];
}

int mm_slub_parse_flags(const char *s, unsigned *flags)
{
	*flags = 0;
	if (!strcmp(s, "-"))
		return 0;
	for (; *s; s++) {
		switch (*s) {
		case 'F': *flags |= MM_SLAB_CONSISTENCY; break;
		case 'Z': *flags |= MM_SLAB_RED_ZONE; break;
		case 'P': *flags |= MM_SLAB_POISON; break;
		case 'U': *flags |= MM_SLAB_STORE_USER; break;
		default: return -EINVAL;
		}
	}
	return 0;
}

/* ---- geometry ---- */

static unsigned slub_align_up(unsigned x, unsigned a)
{
	return (x + a - 1) & ~(a - 1);
}

static unsigned slub_get_order(unsigned long size)
{
	unsigned order = 0;

	while ((MM_PAGE_SIZE << order) < size)
		order++;
	return order;
}

static unsigned slub_fls(unsigned x)
{
	unsigned r = 0;

	while (x) {
		r++;
		x >>= 1;
	}
	return r;
}

static unsigned order_objects(unsigned order, unsigned size)
{
	return (unsigned)((MM_PAGE_SIZE << order) / size);
}

static unsigned calc_slab_order(unsigned size, unsigned min_objects,
				unsigned max_order, unsigned fract_leftover)
{
	unsigned order;

	if (order_objects(0, size) > MAX_OBJS_PER_PAGE)
		return slub_get_order((unsigned long)size *
				      MAX_OBJS_PER_PAGE) - 1;
	for (order = slub_get_order((unsigned long)min_objects * size);
	     order <= max_order; order++) {
		unsigned long slab_size = MM_PAGE_SIZE << order;
		unsigned long rem = slab_size % size;

		if (rem <= slab_size / fract_leftover)
			break;
	}
	return order;
}

static int calculate_order(unsigned size, int cpus)
{
	unsigned min_objects, max_objects, order, fraction;

	min_objects = 4 * (slub_fls((unsigned)cpus) + 1);
	max_objects = order_objects(SLUB_MAX_ORDER, size);
	if (min_objects > max_objects)
		min_objects = max_objects;
	while (min_objects > 1) {
		for (fraction = 16; fraction >= 4; fraction /= 2) {
			order = calc_slab_order(size, min_objects,
						SLUB_MAX_ORDER, fraction);
			if (order <= SLUB_MAX_ORDER)
				return (int)order;
		}
		min_objects--;
	}
	order = calc_slab_order(size, 1, SLUB_MAX_ORDER, 1);
	if (order <= SLUB_MAX_ORDER)
		return (int)order;
	order = calc_slab_order(size, 1, MM_MAX_ORDER, 1);
	if (order < MM_MAX_ORDER)
		return (int)order;
	return -ENOSYS;
}

/* calculate_alignment() + calculate_sizes(). */
static int slub_calculate_sizes(struct mm_cache *c, unsigned align,
				int cpus)
{
	unsigned flags = c->flags, size, ralign, min_partial;
	int order;

	if (flags & MM_SLAB_HWCACHE_ALIGN) {
		ralign = 64;
		while (c->object_size <= ralign / 2)
			ralign /= 2;
		if (align < ralign)
			align = ralign;
	}
	if (align < 8)
		align = 8;
	c->align = slub_align_up(align, 8);

	size = slub_align_up(c->object_size, 8);
	if ((flags & MM_SLAB_RED_ZONE) && size == c->object_size)
		size += 8;
	c->inuse = size;
	if ((flags & MM_SLAB_POISON) ||
	    ((flags & MM_SLAB_RED_ZONE) && c->object_size < 8)) {
		c->offset = size;
		size += 8;
	} else {
		c->offset = (c->object_size / 2) & ~7u;
	}
	if (flags & MM_SLAB_STORE_USER) {
		size += 2 * TRACK_SIZE;
		if (flags & MM_SLAB_KMALLOC)
			size += 4;
	}
	c->red_left_pad = 0;
	if (flags & MM_SLAB_RED_ZONE) {
		size += 8;
		c->red_left_pad = slub_align_up(8, c->align);
		size += c->red_left_pad;
	}
	size = slub_align_up(size, c->align);
	c->size = size;
	c->reciprocal_size = (uint32_t)(((1ULL << 32) + size - 1) / size);
	order = calculate_order(size, cpus);
	if (order < 0)
		return order;
	c->order = (unsigned)order;
	c->objects = order_objects(c->order, size);
	min_partial = (slub_fls(size) - 1) / 2;
	if (min_partial > 10)
		min_partial = 10;
	if (min_partial < 5)
		min_partial = 5;
	c->min_partial = min_partial;
	return 0;
}

static int slub_create(struct mm_machine *m, const char *name,
		       unsigned size, unsigned align, unsigned flags,
		       int *id)
{
	struct mm_slab_state *st = m->slab;
	struct mm_cache *c;

	if (st->ncaches == st->capcaches) {
		int cap = st->capcaches ? st->capcaches * 2 : 32;
		struct mm_cache *p = realloc(st->caches, cap * sizeof(*p));

		if (!p)
			return mm_err(m, -ENOMEM, "out of memory");
		st->caches = p;
		st->capcaches = cap;
	}
	c = &st->caches[st->ncaches];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->object_size = size;
	c->flags = flags | (m->cfg.slub_debug & MM_SLAB_DEBUG);
	if ((flags & MM_SLAB_KMALLOC) && !(size & (size - 1)) && align < size)
		align = size;	/* natural alignment for kmalloc-2^n */
	if (slub_calculate_sizes(c, align, m->cfg.cpus))
		return mm_err(m, -EINVAL, "cannot create cache '%s': object "
			      "size %u does not fit a slab", name, size);
	c->cpu = NO_SLAB;
	c->partial_head = c->partial_tail = NO_SLAB;
	c->free_slot = NO_SLAB;
	c->alive = 1;
	*id = st->ncaches++;
	return 0;
}

int mm_slub_cache_create(struct mm_machine *m, const char *name,
			 unsigned size, unsigned align, unsigned flags,
			 int *id)
{
	if (!slub_state(m))
		return mm_err(m, -ENOMEM, "out of memory");
	if (!*name || strlen(name) >= 32)
		return mm_err(m, -EINVAL, "invalid cache name '%s'", name);
	if (mm_slub_cache_find(m, name) >= 0)
		return mm_err(m, -EEXIST, "cache '%s' already exists", name);
	if (size == 0 || size > (8U << 20))
		return mm_err(m, -EINVAL, "invalid object size %u", size);
	if (align & (align - 1))
		return mm_err(m, -EINVAL, "invalid alignment %u", align);
	return slub_create(m, name, size, align, flags & ~MM_SLAB_KMALLOC,
			   id);
}

int mm_slub_cache_find(struct mm_machine *m, const char *name)
{
	struct mm_slab_state *st = slub_state(m);
	int i;

	if (!st)
		return -1;
	for (i = st->ncaches - 1; i >= 0; i--)
		if (st->caches[i].alive && !strcmp(st->caches[i].name, name))
			return i;
	return -1;
}

/* count_partial(count_free) */
static unsigned long slub_partial_free(struct mm_cache *c)
{
	unsigned long n = 0;
	int i;

	for (i = c->partial_head; i != NO_SLAB; i = c->slabs[i].next)
		n += c->slabs[i].objects - c->slabs[i].inuse;
	return n;
}

int mm_slub_info(struct mm_machine *m, int id, struct mm_cache_info *ci)
{
	struct mm_cache *c = slub_cache(m, id);

	if (!c)
		return mm_err(m, -ENOENT, "no cache %d", id);
	ci->name = c->name;
	ci->object_size = c->object_size;
	ci->size = c->size;
	ci->align = c->align;
	ci->inuse = c->inuse;
	ci->offset = c->offset;
	ci->red_left_pad = c->red_left_pad;
	ci->order = c->order;
	ci->objects = c->objects;
	ci->flags = c->flags;
	ci->min_partial = c->min_partial;
	ci->num_slabs = ci->active_slabs = c->nr_slabs;
	ci->num_objs = c->nr_slabs * c->objects;
	ci->active_objs = ci->num_objs - slub_partial_free(c);
	ci->live = c->live;
	return 0;
}

/* ---- bytes, pointers, lists ---- */

static uint64_t slub_get_fp(struct mm_cache *c, struct mm_slab *sl,
			    uint64_t obj)
{
	uint64_t v;

	memcpy(&v, sl->mem + (obj - sl->vaddr) + c->offset, 8);
	return v;
}

static void slub_set_fp(struct mm_cache *c, struct mm_slab *sl, uint64_t obj,
			uint64_t fp)
{
	memcpy(sl->mem + (obj - sl->vaddr) + c->offset, &fp, 8);
}

static void partial_add(struct mm_cache *c, int i, int tail)
{
	struct mm_slab *sl = &c->slabs[i];

	if (sl->on_partial)
		return;
	sl->on_partial = 1;
	if (tail || c->partial_head == NO_SLAB) {
		sl->next = NO_SLAB;
		sl->prev = c->partial_tail;
		if (c->partial_tail != NO_SLAB)
			c->slabs[c->partial_tail].next = i;
		else
			c->partial_head = i;
		c->partial_tail = i;
	} else {
		sl->prev = NO_SLAB;
		sl->next = c->partial_head;
		c->slabs[c->partial_head].prev = i;
		c->partial_head = i;
	}
	c->nr_partial++;
}

static void partial_del(struct mm_cache *c, int i)
{
	struct mm_slab *sl = &c->slabs[i];

	if (!sl->on_partial)
		return;
	if (sl->prev != NO_SLAB)
		c->slabs[sl->prev].next = sl->next;
	else
		c->partial_head = sl->next;
	if (sl->next != NO_SLAB)
		c->slabs[sl->next].prev = sl->prev;
	else
		c->partial_tail = sl->prev;
	sl->next = sl->prev = NO_SLAB;
	sl->on_partial = 0;
	c->nr_partial--;
}

/*
 * The head frame of the slab holding addr, or NULL.  As virt_to_slab()
 * (mm/slab.h): the folio of the address, i.e. the HEAD frame of its
 * block (an object past the first page of a multi-page slab lies in a
 * tail frame, which carries no owner), then folio_test_slab().
 */
static inline __attribute__((always_inline)) struct mm_page *
slub_head(struct mm_machine *m, uint64_t addr)
{
	struct mm_page *p;
	uint64_t pfn;

	if (addr < MM_PAGE_OFFSET)
		return NULL;
	pfn = (addr - MM_PAGE_OFFSET) >> MM_PAGE_SHIFT;
	if (pfn >= m->nr_pages)
		return NULL;
	/* an object of an order-0 slab, or of the first page: its own
	 * frame is the head (a tail frame carries no PG_slab) */
	if (!(m->pages[pfn].flags & PG_slab) || m->pages[pfn].refcount <= 0)
		pfn = mm_page_head(m, (uint32_t)pfn);
	if (pfn == MM_NO_PFN)
		return NULL;
	p = &m->pages[pfn];
	if (p->owner_kind != MM_OWNER_SLAB || !(p->flags & PG_slab))
		return NULL;
	return p;
}

/* Slab holding addr (slub_head()), or NULL; *cid gets its cache. */
static struct mm_slab *slub_lookup(struct mm_machine *m, uint64_t addr,
				   int *cid)
{
	struct mm_page *p = slub_head(m, addr);
	struct mm_cache *c;

	if (!p)
		return NULL;
	c = slub_cache(m, (int)p->owner);
	if (!c || p->priv >= (uint32_t)c->nslabs)
		return NULL;
	*cid = (int)p->owner;
	return &c->slabs[p->priv];
}

/*
 * check_valid_pointer().  The offset's remainder by size comes from a
 * multiplication, as obj_to_index() gets the index (reciprocal_divide):
 * a 64-bit division was most of a free's time.  Exact here: an offset x
 * inside the slab is below 2^22 (a slab is at most order 10), so for
 * x = k * size the product x * ceil(2^32 / size) >> 32 is
 * k + (k * e >> 32) with e < size, i.e. k; any other x gives a quotient
 * whose multiple is not x.  (size >= 8: the reciprocal fits 32 bits.)
 */
static int slub_valid_ptr(struct mm_cache *c, struct mm_slab *sl,
			  uint64_t obj)
{
	uint64_t base, x;

	if (!obj)
		return 1;
	base = obj - c->red_left_pad;
	if (base < sl->vaddr || base >= sl->vaddr +
	    (uint64_t)sl->objects * c->size)
		return 0;
	x = base - sl->vaddr;
	return ((x * c->reciprocal_size) >> 32) * c->size == x;
}

/* ---- reports (6.1 text) ---- */

static const char *slub_tainted(struct mm_machine *m)
{
	return m->slab->tainted ? "Tainted: G    B             " :
		"Not tainted";
}

static void slab_bug(struct mm_machine *m, struct mm_cache *c,
		     const char *what)
{
	m->slab->findings++;
	mm_dmesg(m, "============================================="
		 "================================");
	mm_dmesg(m, "BUG %s (%s): %s", c->name, slub_tainted(m), what);
	mm_dmesg(m, "---------------------------------------------"
		 "--------------------------------");
	mm_dmesg(m, "%s", "");
}

static void print_slab_info(struct mm_machine *m, struct mm_slab *sl,
			    unsigned order)
{
	mm_dmesg(m, "Slab 0x%016llx objects=%u used=%u fp=0x%016llx "
		 "flags=0x%x(slab%s|node=0|zone=%u)",
		 (unsigned long long)(VMEMMAP_START + (uint64_t)sl->pfn * 64),
		 sl->objects, sl->inuse, (unsigned long long)sl->freelist,
		 order ? 0x10200 : 0x200, order ? "|head" : "",
		 (unsigned)m->pages[sl->pfn].zone);
}

static void print_trailer(struct mm_machine *m, struct mm_cache *c,
			  struct mm_slab *sl, uint64_t obj)
{
	print_slab_info(m, sl, c->order);
	mm_dmesg(m, "Object 0x%016llx @offset=%llu fp=0x%016llx",
		 (unsigned long long)obj,
		 (unsigned long long)(obj - sl->vaddr),
		 (unsigned long long)slub_get_fp(c, sl, obj));
	mm_dmesg(m, "%s", "");
}

static void slab_taint(struct mm_machine *m)
{
	m->slab->tainted = 1;
}

static void slab_fix(struct mm_machine *m, struct mm_cache *c,
		     const char *text)
{
	mm_dmesg(m, "FIX %s: %s", c->name, text);
}

/*
 * on_freelist(): walk the slab's freelist for obj (0: none, to check the
 * list), repairing what the walk finds as 6.1 does: a bad pointer ends
 * the list ("Freechain corrupt" at the object before it, or "Freepointer
 * corrupt" and the list cleared at the head), and slab->inuse is set to
 * the objects not on the list ("Wrong object count").  1 when obj is on
 * it (or obj is 0 and the list is usable).
 */
static int on_freelist(struct mm_machine *m, struct mm_cache *c,
		       struct mm_slab *sl, uint64_t obj)
{
	uint64_t fp = sl->freelist, object = 0;
	unsigned nr = 0;
	char text[100];

	while (fp && nr <= sl->objects) {
		if (fp == obj)
			return 1;
		if (!slub_valid_ptr(c, sl, fp)) {
			if (object) {
				slab_bug(m, c, "Freechain corrupt");
				print_trailer(m, c, sl, object);
				slab_taint(m);
				slub_set_fp(c, sl, object, 0);
			} else {
				slab_bug(m, c, "Freepointer corrupt");
				print_slab_info(m, sl, c->order);
				slab_taint(m);
				sl->freelist = 0;
				sl->inuse = sl->objects;
				slab_fix(m, c, "Freelist cleared");
				return 0;
			}
			break;
		}
		object = fp;
		fp = slub_get_fp(c, sl, object);
		nr++;
	}
	if (sl->inuse != sl->objects - nr) {
		snprintf(text, sizeof(text), "Wrong object count. Counter is "
			 "%u but counted were %u", sl->inuse,
			 sl->objects - nr);
		slab_bug(m, c, text);
		print_slab_info(m, sl, c->order);
		slab_taint(m);
		sl->inuse = sl->objects - nr;
		slab_fix(m, c, "Object count adjusted");
	}
	return obj == 0;
}

/* check_bytes_and_report(): 1 if [start, start+n) all equal value. */
static int check_bytes(struct mm_machine *m, struct mm_cache *c,
		       struct mm_slab *sl, uint64_t obj, const char *what,
		       uint64_t start, unsigned value, unsigned n)
{
	uint8_t *b = sl->mem + (start - sl->vaddr);
	unsigned i, fault, end;
	char text[160];

	for (i = 0; i < n && b[i] == value; i++)
		;
	if (i == n)
		return 1;
	fault = i;
	end = n;
	while (end > fault && b[end - 1] == value)
		end--;
	snprintf(text, sizeof(text), "%s overwritten", what);
	slab_bug(m, c, text);
	mm_dmesg(m, "0x%016llx-0x%016llx @offset=%llu. First byte 0x%x "
		 "instead of 0x%x", (unsigned long long)(start + fault),
		 (unsigned long long)(start + end - 1),
		 (unsigned long long)(start + fault - sl->vaddr), b[fault],
		 value);
	print_trailer(m, c, sl, obj);
	slab_taint(m);
	snprintf(text, sizeof(text), "Restoring %s 0x%016llx-0x%016llx=0x%x",
		 what, (unsigned long long)(start + fault),
		 (unsigned long long)(start + end - 1), value);
	slab_fix(m, c, text);
	memset(b + fault, (int)value, end - fault);
	return 0;
}

/* Where the metadata after the object ends (get_info_end + tracks). */
static unsigned slub_meta_end(struct mm_cache *c)
{
	unsigned off = c->offset >= c->inuse ? c->inuse + 8 : c->inuse;

	if (c->flags & MM_SLAB_STORE_USER) {
		off += 2 * TRACK_SIZE;
		if (c->flags & MM_SLAB_KMALLOC)
			off += 4;
	}
	return off;
}

/* check_object() */
static int check_object(struct mm_machine *m, struct mm_cache *c,
			struct mm_slab *sl, uint64_t obj, unsigned val)
{
	if (c->flags & MM_SLAB_RED_ZONE) {
		if (!check_bytes(m, c, sl, obj, "Left Redzone",
				 obj - c->red_left_pad, val, c->red_left_pad))
			return 0;
		if (!check_bytes(m, c, sl, obj, "Right Redzone",
				 obj + c->object_size, val,
				 c->inuse - c->object_size))
			return 0;
	} else if ((c->flags & MM_SLAB_POISON) && c->object_size < c->inuse) {
		check_bytes(m, c, sl, obj, "Alignment padding",
			    obj + c->object_size, POISON_INUSE,
			    c->inuse - c->object_size);
	}
	if (c->flags & MM_SLAB_POISON) {
		unsigned end = slub_meta_end(c);
		unsigned from_obj = c->size - c->red_left_pad;

		if (val != SLUB_RED_ACTIVE &&
		    (!check_bytes(m, c, sl, obj, "Poison", obj, POISON_FREE,
				  c->object_size - 1) ||
		     !check_bytes(m, c, sl, obj, "End Poison",
				  obj + c->object_size - 1, POISON_END, 1)))
			return 0;
		if (end < from_obj)
			check_bytes(m, c, sl, obj, "Object padding", obj + end,
				    POISON_INUSE, from_obj - end);
	}
	if (c->offset < c->inuse && val == SLUB_RED_ACTIVE)
		return 1;
	if (!slub_valid_ptr(c, sl, slub_get_fp(c, sl, obj))) {
		slab_bug(m, c, "Freepointer corrupt");
		print_trailer(m, c, sl, obj);
		slab_taint(m);
		slub_set_fp(c, sl, obj, 0);
		return 0;
	}
	return 1;
}

/* init_object() */
static void init_object(struct mm_cache *c, struct mm_slab *sl, uint64_t obj,
			unsigned val)
{
	uint8_t *p = sl->mem + (obj - sl->vaddr);

	if (c->flags & MM_SLAB_RED_ZONE)
		memset(p - c->red_left_pad, (int)val, c->red_left_pad);
	if (c->flags & MM_SLAB_POISON) {
		memset(p, POISON_FREE, c->object_size - 1);
		p[c->object_size - 1] = POISON_END;
	}
	if (c->flags & MM_SLAB_RED_ZONE)
		memset(p + c->object_size, (int)val, c->inuse - c->object_size);
}

/* Index of a valid object in its slab (obj_to_index()). */
static unsigned slub_obj_index(struct mm_cache *c, struct mm_slab *sl,
			       uint64_t obj)
{
	return (unsigned)(((obj - c->red_left_pad - sl->vaddr) *
			   c->reciprocal_size) >> 32);
}

/* Is obj on the slab's freelist?  A plain walk, no reports. */
static int slub_on_list(struct mm_cache *c, struct mm_slab *sl, uint64_t obj)
{
	uint64_t fp = sl->freelist;
	unsigned n = 0;

	while (fp && n <= sl->objects) {
		if (fp == obj)
			return 1;
		if (!slub_valid_ptr(c, sl, fp))
			return 0;
		fp = slub_get_fp(c, sl, fp);
		n++;
	}
	return 0;
}

/*
 * Is the valid object obj free (on the freelist)?  In a non-debug cache
 * its allocated bit answers what the walk would, unless a write may have
 * corrupted the list: the list holds exactly the free objects otherwise
 * (only slub_take() and slub_free() change it, and keep the bits).  A
 * debug cache (its checks may repair the list) walks.  The last check
 * of a non-debug free: when obj is allocated, its bit is cleared here
 * for the free that follows.
 */
static int slub_obj_free(struct mm_cache *c, struct mm_slab *sl, uint64_t obj)
{
	uint64_t *w, bit;
	unsigned i;

	if ((c->flags & MM_SLAB_DEBUG) || sl->written)
		return slub_on_list(c, sl, obj);
	i = slub_obj_index(c, sl, obj);
	w = &sl->allocated[i / 64];
	bit = 1ULL << (i % 64);
	if (!(*w & bit))
		return 1;
	*w &= ~bit;
	return 0;
}

/* ---- slabs ---- */

/* Call paths after the entry point (which slub_emit() puts first). */
static const char *const slub_new_frames[] = {
	"slab_alloc_node", "__slab_alloc", "___slab_alloc", "new_slab",
	"allocate_slab", "alloc_slab_page", "alloc_pages",
};
static const char *const slub_fast_frames[] = {
	"slab_alloc_node",
};
static const char *const slub_partial_frames[] = {
	"slab_alloc_node", "__slab_alloc", "___slab_alloc", "get_partial",
	"get_partial_node",
};
static const char *const slub_free_frames[] = {
	"slab_free", "do_slab_free",
};
static const char *const slub_slowfree_frames[] = {
	"slab_free", "do_slab_free", "__slab_free",
};
static const char *const slub_debugfree_frames[] = {
	"slab_free", "do_slab_free", "__slab_free", "free_to_partial_list",
	"free_debug_processing",
};
static const char *const slub_discard_frames[] = {
	"slab_free", "do_slab_free", "__slab_free", "discard_slab",
	"free_slab", "__free_slab", "__free_pages",
};
#define NFR(a) ((int)(sizeof(a) / sizeof((a)[0])))

/*
 * Emit a slab event whose call path starts at the entry point in use:
 * kmem_cache_alloc/kmem_cache_free, or kmalloc/kfree (6.1 names).
 */
static void slub_emit(struct mm_machine *m, int alloc,
		      const char *const *tail, int ntail, const char *fmt,
		      ...) __attribute__((format(printf, 5, 6)));
static void slub_emit(struct mm_machine *m, int alloc,
		      const char *const *tail, int ntail, const char *fmt,
		      ...)
{
	static const char *const cache_alloc[] = {
		"kmem_cache_alloc", "__kmem_cache_alloc_lru", "slab_alloc",
	};
	static const char *const kmalloc_alloc[] = {
		"kmalloc", "kmalloc_trace", "__kmem_cache_alloc_node",
	};
	static const char *const cache_free[] = { "kmem_cache_free" };
	static const char *const kmalloc_free[] = {
		"kfree", "__kmem_cache_free",
	};
	const char *frames[16];
	const char *const *head;
	int nhead, n = 0, i;
	char text[256];
	va_list ap;

	if (!m->event)
		return;
	if (alloc) {
		head = m->slab->via_kmalloc ? kmalloc_alloc : cache_alloc;
		nhead = 3;
	} else {
		head = m->slab->via_kmalloc ? kmalloc_free : cache_free;
		nhead = m->slab->via_kmalloc ? 2 : 1;
	}
	for (i = 0; i < nhead; i++)
		frames[n++] = head[i];
	for (i = 0; i < ntail && n < 16; i++)
		frames[n++] = tail[i];
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	mm_emit(m, MM_EV_SLAB, frames, n, "%s", text);
}

/* new_slab(): pages from the buddy allocator, objects linked in order. */
static int slub_new_slab(struct mm_machine *m, int cid, struct mm_cache *c,
			 enum mm_gfp gfp)
{
	size_t bytes = MM_PAGE_SIZE << c->order;
	struct mm_slab *sl;
	uint32_t pfn, i;
	int idx, err;

	err = mm_buddy_alloc(m, c->order, gfp, MM_OWNER_SLAB, (uint32_t)cid,
			     &pfn);
	if (err)
		return err;
	if (c->free_slot != NO_SLAB) {
		idx = c->free_slot;
		c->free_slot = c->slabs[idx].next;
	} else {
		if (c->nslabs == c->capslabs) {
			int cap = c->capslabs ? c->capslabs * 2 : 8;
			struct mm_slab *p = realloc(c->slabs,
						    cap * sizeof(*p));

			if (!p)
				goto nomem;
			c->slabs = p;
			c->capslabs = cap;
		}
		idx = c->nslabs++;
		memset(&c->slabs[idx], 0, sizeof(c->slabs[idx]));
	}
	sl = &c->slabs[idx];
	if (!(c->flags & MM_SLAB_DEBUG)) {
		size_t words = (c->objects + 63) / 64;

		if (!sl->allocated)
			sl->allocated = calloc(words, sizeof(uint64_t));
		else
			memset(sl->allocated, 0, words * sizeof(uint64_t));
		if (!sl->allocated) {
			sl->next = c->free_slot;
			c->free_slot = idx;
			goto nomem;
		}
		sl->written = 0;
	}
	if (sl->memsize != bytes) {
		free(sl->mem);
		sl->mem = malloc(bytes);
		sl->memsize = sl->mem ? bytes : 0;
		if (!sl->mem) {
			sl->next = c->free_slot;
			c->free_slot = idx;
			goto nomem;
		}
	}
	sl->pfn = pfn;
	sl->objects = c->objects;
	sl->inuse = 0;
	sl->vaddr = MM_PAGE_OFFSET + ((uint64_t)pfn << MM_PAGE_SHIFT);
	sl->next = sl->prev = NO_SLAB;
	sl->live = 1;
	sl->on_partial = 0;
	m->pages[pfn].flags |= PG_slab;
	for (i = 0; i < (1U << c->order); i++)
		m->pages[pfn + i].priv = (uint32_t)idx;
	if (c->flags & MM_SLAB_POISON)
		memset(sl->mem, POISON_INUSE, bytes);
	else if (c->flags & MM_SLAB_DEBUG)
		memset(sl->mem, 0, bytes);
	for (i = 0; i < c->objects; i++) {
		uint64_t obj = sl->vaddr + (uint64_t)i * c->size +
			       c->red_left_pad;

		if (c->flags & (MM_SLAB_RED_ZONE | MM_SLAB_POISON |
				MM_SLAB_STORE_USER))
			init_object(c, sl, obj, SLUB_RED_INACTIVE);
		slub_set_fp(c, sl, obj, i + 1 < c->objects ?
			    obj + c->size : 0);
	}
	sl->freelist = sl->vaddr + c->red_left_pad;
	c->nr_slabs++;
	slub_emit(m, 1, slub_new_frames, NFR(slub_new_frames),
		"new_slab(%s): order-%u slab at pfn %u, %u objects of %u "
		"bytes", c->name, c->order, pfn, c->objects, c->size);
	return idx;
nomem:
	mm_buddy_free(m, pfn, c->order);
	return mm_err(m, -ENOMEM, "out of memory");
}

/* discard_slab(): back to the buddy allocator (bytes kept for reuse). */
static void slub_discard(struct mm_machine *m, struct mm_cache *c, int idx)
{
	struct mm_slab *sl = &c->slabs[idx];
	uint32_t i;

	partial_del(c, idx);
	if (c->cpu == idx)
		c->cpu = NO_SLAB;
	for (i = 0; i < (1U << c->order); i++)
		m->pages[sl->pfn + i].priv = 0;
	m->pages[sl->pfn].flags &= ~PG_slab;
	mm_buddy_free(m, sl->pfn, c->order);
	sl->live = 0;
	sl->next = c->free_slot;
	c->free_slot = idx;
	c->nr_slabs--;
	slub_emit(m, 0, slub_discard_frames, NFR(slub_discard_frames),
		"discard_slab(%s): empty slab at pfn %u freed", c->name,
		sl->pfn);
}

/* Take the first object of slab idx (non-debug caches). */
static inline __attribute__((always_inline)) uint64_t
slub_take(struct mm_cache *c, struct mm_slab *sl)
{
	uint64_t obj = sl->freelist;

	if (!sl->written) {
		unsigned i = slub_obj_index(c, sl, obj);

		sl->allocated[i / 64] |= 1ULL << (i % 64);
	}
	sl->freelist = slub_get_fp(c, sl, obj);
	sl->inuse++;
	c->live++;
	return obj;
}

/* alloc_debug_processing() */
static int slub_alloc_debug(struct mm_machine *m, struct mm_cache *c,
			    struct mm_slab *sl, uint64_t obj)
{
	if (c->flags & MM_SLAB_CONSISTENCY) {
		int ok = slub_valid_ptr(c, sl, obj);

		if (!ok) {
			slab_bug(m, c, "Freelist Pointer check fails");
			print_trailer(m, c, sl, obj);
			slab_taint(m);
		} else {
			ok = check_object(m, c, sl, obj, SLUB_RED_INACTIVE);
		}
		if (!ok) {
			slab_fix(m, c, "Marking all objects used");
			sl->inuse = sl->objects;
			sl->freelist = 0;
			return 0;
		}
	}
	init_object(c, sl, obj, SLUB_RED_ACTIVE);
	return 1;
}

/* Debug caches: alloc_single_from_partial / _from_new_slab. */
static int slub_alloc_debug_cache(struct mm_machine *m, int cid,
				  struct mm_cache *c, uint64_t *addr)
{
	int tries;

	for (tries = 0; tries < 64; tries++) {
		int idx = c->partial_head;
		struct mm_slab *sl;
		uint64_t obj;

		if (idx == NO_SLAB) {
			idx = slub_new_slab(m, cid, c, MM_GFP_KERNEL);
			if (idx < 0)
				return idx;
			partial_add(c, idx, 0);
		}
		sl = &c->slabs[idx];
		obj = sl->freelist;
		if (!slub_alloc_debug(m, c, sl, obj)) {
			partial_del(c, idx);
			continue;
		}
		sl->freelist = slub_get_fp(c, sl, obj);
		sl->inuse++;
		c->live++;
		if (sl->inuse == sl->objects || !sl->freelist)
			partial_del(c, idx);
		*addr = obj;
		slub_emit(m, 1, slub_partial_frames,
			NFR(slub_partial_frames),
			"kmem_cache_alloc(%s) = 0x%llx (alloc_single_from_"
			"partial)", c->name, (unsigned long long)obj);
		return 0;
	}
	return mm_err(m, -ENOMEM, "cache '%s': every slab failed its checks",
		      c->name);
}

int mm_slub_alloc(struct mm_machine *m, int id, uint64_t *addr)
{
	struct mm_cache *c = slub_cache(m, id);
	struct mm_slab *sl;
	int idx;

	if (!c)
		return mm_err(m, -ENOENT, "no cache %d", id);
	if (c->flags & MM_SLAB_DEBUG)
		return slub_alloc_debug_cache(m, id, c, addr);
	if (c->cpu != NO_SLAB) {
		sl = &c->slabs[c->cpu];
		if (sl->freelist) {
			*addr = slub_take(c, sl);
			if (m->event)
				slub_emit(m, 1, slub_fast_frames,
					NFR(slub_fast_frames),
					"kmem_cache_alloc(%s) = 0x%llx "
					"(cpu freelist)", c->name,
					(unsigned long long)*addr);
			return 0;
		}
		c->cpu = NO_SLAB;	/* full: off every list, as SLUB */
	}
	idx = c->partial_head;
	if (idx != NO_SLAB) {
		partial_del(c, idx);
		slub_emit(m, 1, slub_partial_frames,
			NFR(slub_partial_frames),
			"%s: CPU slab refilled from the partial list", c->name);
	} else {
		idx = slub_new_slab(m, id, c, MM_GFP_KERNEL);
		if (idx < 0)
			return idx;
	}
	c->cpu = idx;
	*addr = slub_take(c, &c->slabs[idx]);
	return 0;
}

/* The end of a failed free_debug_processing(): the object stays. */
static int slub_not_freed(struct mm_machine *m, struct mm_cache *c,
			  uint64_t obj)
{
	char text[64];

	snprintf(text, sizeof(text), "Object at 0x%016llx not freed",
		 (unsigned long long)obj);
	slab_fix(m, c, text);
	slub_emit(m, 0, slub_debugfree_frames, NFR(slub_debugfree_frames),
		"kmem_cache_free(%s, 0x%llx): debug check failed, object "
		"not freed", c->name, (unsigned long long)obj);
	return -EFAULT;
}

/* Common free; frames name the entry point.  Inline in its two
 * callers (kmem_cache_free, kfree), as slub_head() and slub_take():
 * every object alloc and free runs them. */
static inline __attribute__((always_inline)) int
slub_free(struct mm_machine *m, int cid, struct mm_cache *c,
	  struct mm_slab *sl, uint64_t obj)
{
	int idx = (int)(sl - c->slabs);
	char text[100];

	/* slab_free_freelist_hook() builds the freelist to free: the
	 * object's free pointer is set to NULL (the list's end) before any
	 * check, so a double free cuts the slab's freelist after it */
	if ((c->flags & MM_SLAB_DEBUG) && slub_valid_ptr(c, sl, obj))
		slub_set_fp(c, sl, obj, 0);
	if ((c->flags & MM_SLAB_DEBUG) && sl->inuse < 1) {
		/* free_debug_processing(): before any object check, a debug
		 * cache (any of F Z P U) compares slab->inuse with the count
		 * to free; slab_err() keeps the format's own newline (an
		 * empty line follows the BUG line), then print_slab_info(),
		 * the taint and slab_fix() */
		snprintf(text, sizeof(text), "Slab has %u allocated objects "
			 "but 1 are to be freed\n", sl->inuse);
		slab_bug(m, c, text);
		print_slab_info(m, sl, c->order);
		slab_taint(m);
		return slub_not_freed(m, c, obj);
	}
	if ((c->flags & MM_SLAB_CONSISTENCY)) {
		int ok = 1;

		if (!slub_valid_ptr(c, sl, obj)) {
			snprintf(text, sizeof(text), "Invalid object pointer "
				 "0x%016llx", (unsigned long long)obj);
			slab_bug(m, c, text);
			print_slab_info(m, sl, c->order);
			slab_taint(m);
			ok = 0;
		} else if (on_freelist(m, c, sl, obj)) {
			slab_bug(m, c, "Object already free");
			print_trailer(m, c, sl, obj);
			slab_taint(m);
			ok = 0;
		} else if (!check_object(m, c, sl, obj, SLUB_RED_ACTIVE)) {
			ok = 0;
		}
		if (!ok)
			return slub_not_freed(m, c, obj);
	} else if (!slub_valid_ptr(c, sl, obj) || slub_obj_free(c, sl, obj)) {
		return mm_err(m, -EINVAL, "invalid or double free of "
			      "0x%llx in cache '%s' (without slub_debug F the "
			      "kernel would not notice and corrupt the "
			      "freelist; not simulated)",
			      (unsigned long long)obj, c->name);
	}
	(void)cid;
	if (c->flags & MM_SLAB_DEBUG)
		init_object(c, sl, obj, SLUB_RED_INACTIVE);
	slub_set_fp(c, sl, obj, sl->freelist);
	sl->freelist = obj;
	sl->inuse--;
	c->live--;
	if (idx == c->cpu) {
		if (m->event)
			slub_emit(m, 0, slub_free_frames,
				NFR(slub_free_frames),
				"kmem_cache_free(%s, 0x%llx) to the cpu "
				"freelist", c->name, (unsigned long long)obj);
		return 0;
	}
	if (m->event)
		slub_emit(m, 0, (c->flags & MM_SLAB_DEBUG) ?
			slub_debugfree_frames : slub_slowfree_frames,
			(c->flags & MM_SLAB_DEBUG) ?
			NFR(slub_debugfree_frames) : NFR(slub_slowfree_frames),
			"kmem_cache_free(%s, 0x%llx) to slab at pfn %u",
			c->name, (unsigned long long)obj, sl->pfn);
	/* free_to_partial_list() / __slab_free(): n->nr_partial counts the
	 * slab itself when it is on the list */
	if (sl->inuse == 0 && c->nr_partial >= c->min_partial) {
		slub_discard(m, c, idx);
		return 0;
	}
	partial_add(c, idx, 1);
	return 0;
}

int mm_slub_free(struct mm_machine *m, int id, uint64_t addr)
{
	struct mm_cache *c = slub_cache(m, id);
	struct mm_page *p;

	if (!c)
		return mm_err(m, -ENOENT, "no cache %d", id);
	/* slub_lookup() with the cache known: it must be the slab's */
	p = slub_head(m, addr);
	if (!p || p->owner != (uint32_t)id ||
	    p->priv >= (uint32_t)c->nslabs)
		return mm_err(m, -EINVAL, "object 0x%llx is not in cache "
			      "'%s'", (unsigned long long)addr, c->name);
	return slub_free(m, id, c, &c->slabs[p->priv], addr);
}

/* ---- kmalloc ---- */

/* kmalloc_index() */
static int slub_kmalloc_index(size_t size)
{
	static const uint8_t size_index[24] = {
		3, 4, 5, 5, 6, 6, 6, 6, 1, 1, 1, 1, 7, 7, 7, 7,
		2, 2, 2, 2, 2, 2, 2, 2,
	};

	if (size == 0 || size > 8192)
		return -1;
	if (size <= 192)
		return size_index[(size - 1) / 8];
	return (int)slub_fls((unsigned)size - 1);
}

const char *mm_slub_kmalloc_name(size_t size)
{
	static const char *const names[14] = {
		NULL, "kmalloc-96", "kmalloc-192", "kmalloc-8", "kmalloc-16",
		"kmalloc-32", "kmalloc-64", "kmalloc-128", "kmalloc-256",
		"kmalloc-512", "kmalloc-1k", "kmalloc-2k", "kmalloc-4k",
		"kmalloc-8k",
	};
	int i = slub_kmalloc_index(size);

	return i < 0 ? NULL : names[i];
}

static const char *const slub_large_frames[] = {
	"kmalloc", "kmalloc_large", "__kmalloc_large_node", "alloc_pages",
};

int mm_slub_kmalloc(struct mm_machine *m, size_t size, enum mm_gfp gfp,
		    uint64_t *addr, int *cache)
{
	struct mm_slab_state *st = slub_state(m);
	uint32_t pfn;
	int idx, err;

	if (!st)
		return mm_err(m, -ENOMEM, "out of memory");
	if (size == 0)
		return mm_err(m, -EINVAL, "kmalloc of 0 bytes returns "
			      "ZERO_SIZE_PTR, not memory");
	idx = slub_kmalloc_index(size);
	if (idx >= 0) {
		*cache = st->kmalloc[idx];
		(void)gfp;
		st->via_kmalloc = 1;
		err = mm_slub_alloc(m, *cache, addr);
		st->via_kmalloc = 0;
		return err;
	}
	err = mm_buddy_alloc(m, slub_get_order(size), gfp, MM_OWNER_KERNEL,
			     1, &pfn);
	if (err)
		return err;
	mm_emit(m, MM_EV_ALLOC, slub_large_frames, NFR(slub_large_frames),
		"kmalloc(%zu) > 8k: order-%u pages from the page allocator",
		size, slub_get_order(size));
	*cache = -1;
	*addr = MM_PAGE_OFFSET + ((uint64_t)pfn << MM_PAGE_SHIFT);
	return 0;
}

/* A large kmalloc's head pfn, or -1. */
static int64_t slub_large_pfn(struct mm_machine *m, uint64_t addr)
{
	uint64_t pfn;
	struct mm_page *p;

	if (addr < MM_PAGE_OFFSET || (addr & (MM_PAGE_SIZE - 1)))
		return -1;
	pfn = (addr - MM_PAGE_OFFSET) >> MM_PAGE_SHIFT;
	if (pfn >= m->nr_pages)
		return -1;
	p = &m->pages[pfn];
	if (p->owner_kind != MM_OWNER_KERNEL || p->owner != 1 ||
	    p->refcount <= 0 || (p->flags & PG_tail))
		return -1;
	return (int64_t)pfn;
}

int mm_slub_kfree(struct mm_machine *m, uint64_t addr)
{
	struct mm_slab *sl;
	int64_t pfn;
	int cid, err;

	sl = slub_lookup(m, addr, &cid);
	if (sl) {
		m->slab->via_kmalloc = 1;
		err = slub_free(m, cid, &m->slab->caches[cid], sl, addr);
		m->slab->via_kmalloc = 0;
		return err;
	}
	pfn = slub_large_pfn(m, addr);
	if (pfn < 0)
		return mm_err(m, -EINVAL, "kfree of 0x%llx: not a kmalloc "
			      "allocation", (unsigned long long)addr);
	return mm_buddy_free(m, (uint32_t)pfn, m->pages[pfn].order);
}

size_t mm_slub_ksize(struct mm_machine *m, uint64_t addr)
{
	struct mm_slab *sl;
	struct mm_cache *c;
	int64_t pfn;
	int cid;

	sl = slub_lookup(m, addr, &cid);
	if (sl) {
		c = &m->slab->caches[cid];
		if (c->flags & (MM_SLAB_RED_ZONE | MM_SLAB_POISON))
			return c->object_size;
		if (c->flags & MM_SLAB_STORE_USER)
			return c->inuse;
		return c->size;
	}
	pfn = slub_large_pfn(m, addr);
	if (pfn < 0)
		return 0;
	return MM_PAGE_SIZE << m->pages[pfn].order;
}

/* ---- writes, validate, destroy ---- */

int mm_slub_write(struct mm_machine *m, uint64_t addr, long off,
		  uint8_t byte, size_t len)
{
	struct mm_slab *sl;
	uint64_t at = addr + (uint64_t)(int64_t)off;
	int cid;

	sl = slub_lookup(m, addr, &cid);
	if (!sl)
		return mm_err(m, -EFAULT, "write to 0x%llx: not a slab object",
			      (unsigned long long)addr);
	if (at < sl->vaddr || at + len > sl->vaddr + sl->memsize)
		return mm_err(m, -EFAULT, "write at offset %ld (%zu bytes) "
			      "leaves the slab", off, len);
	memset(sl->mem + (at - sl->vaddr), byte, len);
	sl->written = 1;	/* its allocated bits no longer suffice */
	return 0;
}

int mm_slub_read(struct mm_machine *m, uint64_t addr, long off, uint8_t *b)
{
	struct mm_slab *sl;
	uint64_t at = addr + (uint64_t)(int64_t)off;
	int cid;

	sl = slub_lookup(m, addr, &cid);
	if (!sl || at < sl->vaddr || at >= sl->vaddr + sl->memsize)
		return mm_err(m, -EFAULT, "read outside a slab");
	*b = sl->mem[at - sl->vaddr];
	return 0;
}

/* validate_slab(): check every object of one slab. */
static void slub_validate_slab(struct mm_machine *m, struct mm_cache *c,
			       struct mm_slab *sl)
{
	unsigned char freemap[MAX_OBJS_PER_PAGE / 8 + 1];
	uint64_t fp;
	unsigned i, n = 0;

	if (!on_freelist(m, c, sl, 0))
		return;
	fp = sl->freelist;
	memset(freemap, 0, (sl->objects + 7) / 8);
	while (fp && n++ <= sl->objects && slub_valid_ptr(c, sl, fp)) {
		i = (unsigned)((fp - c->red_left_pad - sl->vaddr) / c->size);
		freemap[i / 8] |= (unsigned char)(1u << (i % 8));
		fp = slub_get_fp(c, sl, fp);
	}
	for (i = 0; i < sl->objects; i++) {
		uint64_t obj = sl->vaddr + (uint64_t)i * c->size +
			       c->red_left_pad;
		unsigned val = (freemap[i / 8] >> (i % 8)) & 1 ?
			       SLUB_RED_INACTIVE : SLUB_RED_ACTIVE;

		if (!check_object(m, c, sl, obj, val))
			break;
	}
}

int mm_slub_validate(struct mm_machine *m, int id)
{
	struct mm_cache *c = slub_cache(m, id);
	unsigned long before;
	int i;

	if (!c)
		return mm_err(m, -ENOENT, "no cache %d", id);
	if (!(c->flags & MM_SLAB_DEBUG))
		return mm_err(m, -EINVAL, "validate on cache '%s': only debug "
			      "caches can be validated (6.1 returns "
			      "-EINVAL)", c->name);
	before = m->slab->findings;
	for (i = 0; i < c->nslabs; i++)
		if (c->slabs[i].live)
			slub_validate_slab(m, c, &c->slabs[i]);
	return (int)(m->slab->findings - before);
}

int mm_slub_cache_destroy(struct mm_machine *m, int id)
{
	struct mm_cache *c = slub_cache(m, id);
	char text[128];
	int i, busy = 0;

	if (!c)
		return mm_err(m, -ENOENT, "no cache %d", id);
	if (c->flags & MM_SLAB_KMALLOC)
		return mm_err(m, -EPERM, "cannot destroy kmalloc cache '%s'",
			      c->name);
	/* flush_all(): the CPU slab goes back to the node lists */
	if (c->cpu != NO_SLAB) {
		struct mm_slab *sl = &c->slabs[c->cpu];

		c->cpu = NO_SLAB;
		if (sl->inuse < sl->objects)
			partial_add(c, (int)(sl - c->slabs), 0);
	}
	/* free_partial() */
	for (i = c->partial_head; i != NO_SLAB; ) {
		struct mm_slab *sl = &c->slabs[i];
		int next = sl->next;

		if (!sl->inuse) {
			slub_discard(m, c, i);
		} else {
			uint64_t fp;
			unsigned k;

			snprintf(text, sizeof(text), "Objects remaining in %s "
				 "on __kmem_cache_shutdown()", c->name);
			slab_bug(m, c, text);
			print_slab_info(m, sl, c->order);
			slab_taint(m);
			for (k = 0; k < sl->objects; k++) {
				uint64_t obj = sl->vaddr +
					(uint64_t)k * c->size + c->red_left_pad;

				for (fp = sl->freelist; fp && fp != obj;
				     fp = slub_get_fp(c, sl, fp))
					if (!slub_valid_ptr(c, sl, fp))
						break;
				if (fp != obj)
					mm_dmesg(m, "Object 0x%016llx "
						 "@offset=%llu",
						 (unsigned long long)obj,
						 (unsigned long long)(obj -
							sl->vaddr));
			}
		}
		i = next;
	}
	if (c->nr_slabs) {
		busy = 1;
		mm_dmesg(m, "------------[ cut here ]------------");
		mm_dmesg(m, "kmem_cache_destroy %s: Slab cache still has "
			 "objects when called from memdrill_sim+0x0/0x0",
			 c->name);
		mm_dmesg(m, "WARNING: CPU: 0 PID: 1 at mm/slab_common.c:493 "
			 "kmem_cache_destroy+0x0/0x0");
		return -EBUSY;
	}
	(void)busy;
	for (i = 0; i < c->nslabs; i++) {
		free(c->slabs[i].mem);
		free(c->slabs[i].allocated);
	}
	free(c->slabs);
	c->slabs = NULL;
	c->nslabs = c->capslabs = 0;
	c->alive = 0;
	return 0;
}

unsigned long mm_slub_findings(struct mm_machine *m)
{
	return m->slab ? m->slab->findings : 0;
}

void mm_proc_slabinfo(struct mm_machine *m, struct mm_buf *b)
{
	struct mm_slab_state *st = slub_state(m);
	int i;

	mm_buf_printf(b, "slabinfo - version: 2.1\n");
	mm_buf_printf(b, "# name            <active_objs> <num_objs> "
		      "<objsize> <objperslab> <pagesperslab> : tunables "
		      "<limit> <batchcount> <sharedfactor> : slabdata "
		      "<active_slabs> <num_slabs> <sharedavail>\n");
	if (!st)
		return;
	for (i = st->ncaches - 1; i >= 0; i--) {
		struct mm_cache_info ci;

		if (mm_slub_info(m, i, &ci))
			continue;
		mm_buf_printf(b, "%-17s %6lu %6lu %6u %4u %4d", ci.name,
			      ci.active_objs, ci.num_objs, ci.size,
			      ci.objects, 1 << ci.order);
		mm_buf_printf(b, " : tunables %4u %4u %4u", 0u, 0u, 0u);
		mm_buf_printf(b, " : slabdata %6lu %6lu %6lu\n",
			      ci.active_slabs, ci.num_slabs, 0UL);
	}
}

void mm_slub_free_all(struct mm_machine *m)
{
	struct mm_slab_state *st = m->slab;
	int i, j;

	if (!st)
		return;
	for (i = 0; i < st->ncaches; i++) {
		for (j = 0; j < st->caches[i].nslabs; j++) {
			free(st->caches[i].slabs[j].mem);
			free(st->caches[i].slabs[j].allocated);
		}
		free(st->caches[i].slabs);
	}
	free(st->caches);
	free(st);
	m->slab = NULL;
}
