// SPDX-License-Identifier: GPL-2.0
/*
 * vma.c - VMA ranges as mm/mmap.c and mm/mprotect.c treat them: munmap or
 * mprotect of part of a VMA splits it into 2 or 3 VMAs (split_vma), each
 * piece keeps the mapping's name and remembers the mmap it came from
 * (base, base_pages: NAME[i] still counts pages from that start), and
 * pieces of one mmap that become alike again merge (vma_merge).
 *
 * p->vma is an array of pointers sorted by address (the order of
 * /proc/PID/maps; the kernel keeps a maple tree): lookups by address
 * are binary searches, and a split or a merge moves pointers only.  The
 * names of the mmaps sit in a small open-addressing hash, so a process
 * can hold vm.max_map_count (65530, DEFAULT_MAX_MAP_COUNT) VMAs and
 * every line stays cheap.  The limit is checked where 6.1 checks it:
 * do_mmap() fails with -ENOMEM when map_count > max_map_count (the
 * 65531st VMA is allowed), split_vma() when map_count >= max_map_count,
 * munmap only for a split in the middle of one VMA
 * (do_mas_align_munmap), madvise with -EAGAIN (madvise_vma_behavior()
 * turns split_vma's -ENOMEM into -EAGAIN).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/vm.h"

/* Make room for one more pointer in p->vma. */
static int vma_grow(struct mm_machine *m, struct vm_proc *p)
{
	struct vm_vma **a;
	int cap;

	if (p->nvma < p->capvma)
		return 0;
	cap = p->capvma ? p->capvma * 2 : 8;
	a = realloc(p->vma, (size_t)cap * sizeof(*a));
	if (!a)
		return mm_err(m, -ENOMEM, "cannot allocate the VMAs of '%s'",
			      p->name);
	p->vma = a;
	p->capvma = cap;
	return 0;
}

/* Put v at index i (i and above move up). */
static int vma_insert(struct mm_machine *m, struct vm_proc *p, int i,
		      struct vm_vma *v)
{
	if (vma_grow(m, p))
		return -ENOMEM;
	memmove(&p->vma[i + 1], &p->vma[i],
		(size_t)(p->nvma - i) * sizeof(*p->vma));
	p->vma[i] = v;
	p->nvma++;
	return 0;
}

/* Drop the VMA at index i. */
static void vma_remove(struct vm_proc *p, int i)
{
	free(p->vma[i]);
	memmove(&p->vma[i], &p->vma[i + 1],
		(size_t)(p->nvma - i - 1) * sizeof(*p->vma));
	p->nvma--;
}

struct vm_vma *vma_add(struct mm_machine *m, struct vm_proc *p,
		       const char *name, uint64_t start, uint64_t end)
{
	struct vm_vma *v;

	if (p->nvma > VM_MAX_MAP_COUNT) {
		mm_err(m, -ENOMEM, "mmap of '%s' fails with ENOMEM: '%s' has "
		       "%d VMAs, more than vm.max_map_count %d (do_mmap)",
		       name, p->name, p->nvma, VM_MAX_MAP_COUNT);
		return NULL;
	}
	v = calloc(1, sizeof(*v));
	if (!v || vma_insert(m, p, vma_index(p, start), v)) {
		free(v);
		mm_err(m, -ENOMEM, "cannot allocate a VMA for '%s'", name);
		return NULL;
	}
	strcpy(v->name, name);
	v->start = start;
	v->end = end;
	return v;
}

void vma_free_all(struct vm_proc *p)
{
	while (p->nvma)
		free(p->vma[--p->nvma]);
	free(p->vma);
	p->vma = NULL;
	p->capvma = 0;
	free(p->names);
	p->names = NULL;
	p->names_cap = p->names_used = 0;
}

int vma_copy_all(struct mm_machine *m, struct vm_proc *c,
		 const struct vm_proc *parent)
{
	int i;

	for (i = 0; i < parent->nvma; i++) {
		struct vm_vma *v = malloc(sizeof(*v));

		if (!v || vma_insert(m, c, c->nvma, v)) {
			free(v);
			return mm_err(m, -ENOMEM, "cannot copy the VMAs to "
				      "'%s'", c->name);
		}
		*v = *parent->vma[i];
	}
	if (parent->names_cap) {
		c->names = malloc(parent->names_cap * sizeof(*c->names));
		if (!c->names)
			return mm_err(m, -ENOMEM, "cannot copy the mappings "
				      "to '%s'", c->name);
		memcpy(c->names, parent->names,
		       parent->names_cap * sizeof(*c->names));
		c->names_cap = parent->names_cap;
		c->names_used = parent->names_used;
	}
	return 0;
}

/* ---- the names of the mmaps ---- */

/* FNV-1a of a name. */
static uint32_t vma_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* The slot holding name, or the free slot where it would go. */
static struct vm_name *vma_name_slot(const struct vm_proc *p,
				     const char *name)
{
	uint32_t i = vma_hash(name) & (p->names_cap - 1);

	while (p->names[i].name[0] && strcmp(p->names[i].name, name))
		i = (i + 1) & (p->names_cap - 1);
	return &p->names[i];
}

int vma_name_set(struct mm_machine *m, struct vm_proc *p, const char *name,
		 uint64_t base, uint64_t pages)
{
	struct vm_name *n;

	if ((p->names_used + 1) * 2 > p->names_cap) {
		struct vm_name *old = p->names;
		uint32_t i, cap = p->names_cap ? p->names_cap * 2 : 16;

		p->names = calloc(cap, sizeof(*p->names));
		if (!p->names) {
			p->names = old;
			return mm_err(m, -ENOMEM, "cannot allocate mapping "
				      "'%s'", name);
		}
		p->names_cap = cap;
		for (i = 0; old && i < cap / 2; i++)
			if (old[i].name[0])
				*vma_name_slot(p, old[i].name) = old[i];
		free(old);
	}
	n = vma_name_slot(p, name);
	if (!n->name[0]) {
		strcpy(n->name, name);
		p->names_used++;
	}
	n->base = base;
	n->pages = pages;
	return 0;
}

struct vm_vma *vm_vma_find(struct vm_proc *p, const char *name)
{
	struct vm_name *n;
	int i;

	if (!p->names_cap)
		return NULL;
	n = vma_name_slot(p, name);
	if (!n->name[0])
		return NULL;
	/* the first VMA left of that mmap, if munmap left any */
	i = vma_index(p, n->base);
	if (i == p->nvma || p->vma[i]->base != n->base ||
	    strcmp(p->vma[i]->name, name))
		return NULL;
	return p->vma[i];
}

/* ---- splits and merges ---- */

static int vma_full(struct mm_machine *m, struct vm_proc *p, int err,
		    const char *what)
{
	return mm_err(m, err, "%s of '%s' fails with %s: splitting a VMA "
		      "would pass vm.max_map_count (%d VMAs, the limit is %d)",
		      what, p->name, err == -EAGAIN ? "EAGAIN" : "ENOMEM",
		      p->nvma, VM_MAX_MAP_COUNT);
}

/*
 * Move a VMA's start up to addr (split_vma's upper part, a trimmed head):
 * a file mapping's vm_pgoff follows, so the same address keeps mapping
 * the same file page.
 */
static void vma_move_start(struct vm_vma *v, uint64_t addr)
{
	v->pgoff += (addr - v->start) >> MM_PAGE_SHIFT;
	v->start = addr;
}

/* Is addr strictly inside a VMA (so a split would be needed there)? */
static int vma_inside(struct vm_proc *p, uint64_t addr)
{
	struct vm_vma *v = vma_find_addr(p, addr);

	return v && v->start != addr;
}

/* __split_vma(): the piece above addr becomes a VMA of its own. */
static int vma_split(struct mm_machine *m, struct vm_proc *p, int i,
		     uint64_t addr)
{
	struct vm_vma *v = p->vma[i], *n = malloc(sizeof(*n));

	if (!n || vma_insert(m, p, i + 1, n)) {
		free(n);
		return mm_err(m, -ENOMEM, "cannot allocate a VMA for '%s'",
			      p->name);
	}
	/* vma_adjust_trans_huge(): a huge PMD across addr is split */
	thp_zap_range(m, p, addr, v->end, 0);
	*n = *v;
	v->end = addr;
	vma_move_start(n, addr);
	return 0;
}

int vma_split_at(struct mm_machine *m, struct vm_proc *p, uint64_t addr)
{
	int i = vma_index(p, addr);

	if (i == p->nvma || p->vma[i]->start >= addr)
		return 0;
	if (p->nvma >= VM_MAX_MAP_COUNT)
		return vma_full(m, p, -ENOMEM, "split_vma");
	return vma_split(m, p, i, addr);
}

int vma_split_range_check(struct mm_machine *m, struct vm_proc *p,
			  uint64_t start, uint64_t end, int err,
			  const char *what)
{
	int at_start = vma_inside(p, start);

	/* the split at the start, then the one at the end, each checking
	 * map_count >= max_map_count */
	if ((at_start && p->nvma >= VM_MAX_MAP_COUNT) ||
	    (vma_inside(p, end) && p->nvma + at_start >= VM_MAX_MAP_COUNT))
		return vma_full(m, p, err, what);
	return 0;
}

int vma_split_range(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		    uint64_t end)
{
	int r = vma_split_at(m, p, start);

	return r ? r : vma_split_at(m, p, end);
}

void vma_merge_range(struct vm_proc *p, uint64_t start, uint64_t end)
{
	int i = vma_index(p, start);

	if (i > 0)
		i--;
	while (i + 1 < p->nvma && p->vma[i]->start <= end) {
		struct vm_vma *a = p->vma[i], *b = p->vma[i + 1];

		if (a->end != b->start || a->base != b->base ||
		    a->prot != b->prot || a->thp != b->thp ||
		    a->shared != b->shared || a->file != b->file ||
		    strcmp(a->name, b->name)) {
			i++;
			continue;
		}
		/* is_mergeable_anon_vma(): the merged VMA keeps the
		 * anon_vma either had */
		a->has_anon |= b->has_anon;
		a->end = b->end;
		vma_remove(p, i + 1);
	}
}

static int vma_check_range(struct mm_machine *m, struct vm_proc *p,
			   uint64_t start, uint64_t end, const char *what)
{
	if (start >= end || ((start | end) & (MM_PAGE_SIZE - 1)))
		return mm_err(m, -EINVAL, "bad %s range in '%s'", what,
			      p->name);
	return 0;
}

int vma_range_mapped(struct mm_machine *m, struct vm_proc *p,
		     uint64_t start, uint64_t end, const char *what)
{
	int r = vma_check_range(m, p, start, end, what);
	uint64_t a;

	for (a = start; !r && a < end; ) {
		struct vm_vma *v = vma_find_addr(p, a);

		if (!v)
			return mm_err(m, -ENOMEM, "%s of '%s' fails with "
				      "ENOMEM: the range has an unmapped hole "
				      "at 0x%llx", what, p->name,
				      (unsigned long long)a);
		a = v->end;
	}
	return r;
}

/*
 * Remove the VMAs from index i up to end (the last one is cut at end),
 * then free_pgtables() over them as unmap_region() does: the detached
 * VMAs in groups no more than PMD_SIZE apart, each group's tables freed
 * between floor (the end of the VMA before) and the start of the next
 * group, or of the VMA after (the ceiling).
 */
static int vma_detach(struct mm_machine *m, struct vm_proc *p, int i,
		      uint64_t end)
{
	uint64_t floor = i > 0 ? p->vma[i - 1]->end : 0, ceiling, *r;
	int n = 0, k, g;

	r = malloc(2 * sizeof(*r) * (size_t)(p->nvma - i));
	if (!r)
		return mm_err(m, -ENOMEM, "out of memory in munmap");
	while (i < p->nvma && p->vma[i]->start < end) {
		struct vm_vma *v = p->vma[i];

		r[2 * n] = v->start;
		r[2 * n++ + 1] = v->end < end ? v->end : end;
		if (v->end > end) {
			vma_move_start(v, end);
			break;
		}
		vma_remove(p, i);
	}
	ceiling = i < p->nvma ? p->vma[i]->start : 0;
	for (k = 0; k < n; k = g) {
		for (g = k + 1; g < n && r[2 * g] <= r[2 * g - 1] +
		     VM_HPAGE_SIZE; g++)
			;
		vm_free_pgd_range(m, p, r[2 * k], r[2 * g - 1], floor,
				  g < n ? r[2 * g] : ceiling);
	}
	free(r);
	return 0;
}

int vma_munmap(struct mm_machine *m, struct vm_proc *p, uint64_t start,
	       uint64_t end)
{
	int i, r = vma_check_range(m, p, start, end, "munmap");
	struct vm_vma *v;

	if (r)
		return r;
	i = vma_index(p, start);
	if (i == p->nvma || p->vma[i]->start >= end)
		return 0;	/* nothing mapped there */
	v = p->vma[i];
	if (v->start < start && end < v->end &&
	    p->nvma >= VM_MAX_MAP_COUNT)
		return vma_full(m, p, -ENOMEM, "munmap");
	vm_zap_range(m, p, start, end);
	if (v->start < start) {
		/* the lower part stays (a middle: the upper part too) */
		r = vma_split(m, p, i, start);
		if (r)
			return r;
		i++;
	}
	r = vma_detach(m, p, i, end);
	return r;
}

int vma_mprotect(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		 uint64_t end, int prot)
{
	int i, r = vma_range_mapped(m, p, start, end, "mprotect");
	uint64_t a;

	if (r)
		return r;
	/* mprotect_fixup() splits at the start, then at the end, each
	 * split_vma() checking map_count >= max_map_count */
	r = vma_split_range_check(m, p, start, end, -ENOMEM, "mprotect");
	if (r)
		return r;
	for (a = start; a < end; ) {
		/* mprotect_fixup(): a private VMA turning writable is
		 * charged now (security_vm_enough_memory_mm) */
		struct vm_vma *v = vma_find_addr(p, a);
		uint64_t e = v->end < end ? v->end : end;
		uint64_t a0 = v->start > start ? v->start : start;

		if ((prot & VM_PROT_W) && !v->shared && !v->account &&
		    (e - a0) >> MM_PAGE_SHIFT > vm_totalpages(m))
			return mm_err(m, -ENOMEM, "mprotect of '%s' fails with "
				      "ENOMEM: making %llu pages writable is "
				      "more than RAM + swap (%lu pages)",
				      p->name, (unsigned long long)
				      ((e - a0) >> MM_PAGE_SHIFT),
				      vm_totalpages(m));
		a = v->end;
	}
	r = vma_split_range(m, p, start, end);
	if (r)
		return r;
	for (i = vma_index(p, start); i < p->nvma && p->vma[i]->end <= end;
	     i++) {
		struct vm_vma *v = p->vma[i];

		thp_protect_range(m, p, v->start, v->end, prot);
		if ((prot & VM_PROT_W) && !v->shared)
			v->account = 1;		/* VM_ACCOUNT */
		r = vm_mprotect(m, p, v, prot);
		if (r)
			return r;
	}
	vma_merge_range(p, start, end);
	return 0;
}
