// SPDX-License-Identifier: GPL-2.0
/*
 * vma.c - VMA ranges as mm/mmap.c and mm/mprotect.c treat them: munmap or
 * mprotect of part of a VMA splits it into 2 or 3 VMAs (split_vma), each
 * piece keeps the mapping's name and remembers the mmap it came from
 * (base, base_pages: NAME[i] still counts pages from that start), and
 * pieces of one mmap that become alike again merge (vma_merge).  The
 * array p->vma stays sorted by address, like /proc/PID/maps.
 *
 * VM_MAX_VMAS (32) stands in for vm.max_map_count (65530): a split that
 * would need more fails with -ENOMEM, as split_vma() does.
 */
#include <errno.h>
#include <string.h>

#include "sim/vm.h"

struct vm_vma *vma_find_addr(struct vm_proc *p, uint64_t addr)
{
	int i;

	for (i = 0; i < p->nvma; i++)
		if (addr >= p->vma[i].start && addr < p->vma[i].end)
			return &p->vma[i];
	return NULL;
}

static int vma_full(struct mm_machine *m, struct vm_proc *p, int need)
{
	return mm_err(m, -ENOMEM, "too many VMAs in '%s': the split needs "
		      "%d more, %d of %d used (VM_MAX_VMAS; the kernel's "
		      "vm.max_map_count)", p->name, need, p->nvma,
		      VM_MAX_VMAS);
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

int vma_split_at(struct mm_machine *m, struct vm_proc *p, uint64_t addr)
{
	struct vm_vma *v = vma_find_addr(p, addr);
	int i;

	if (!v || v->start == addr)
		return 0;
	if (p->nvma >= VM_MAX_VMAS)
		return vma_full(m, p, 1);
	/* vma_adjust_trans_huge(): a huge PMD across addr is split */
	thp_zap_range(m, p, addr, v->end, 0);
	i = (int)(v - p->vma);
	memmove(&p->vma[i + 1], &p->vma[i],
		(size_t)(p->nvma - i) * sizeof(*v));
	p->nvma++;
	p->vma[i].end = addr;
	vma_move_start(&p->vma[i + 1], addr);
	return 0;
}

int vma_split_range(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		    uint64_t end)
{
	int r = vma_split_at(m, p, start);

	return r ? r : vma_split_at(m, p, end);
}

void vma_merge_all(struct vm_proc *p)
{
	int i = 0;

	while (i + 1 < p->nvma) {
		struct vm_vma *a = &p->vma[i], *b = &p->vma[i + 1];

		if (a->end != b->start || a->base != b->base ||
		    a->prot != b->prot || a->thp != b->thp ||
		    a->shared != b->shared || a->file != b->file ||
		    strcmp(a->name, b->name)) {
			i++;
			continue;
		}
		a->end = b->end;
		memmove(b, b + 1, (size_t)(p->nvma - i - 2) * sizeof(*b));
		p->nvma--;
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

int vma_munmap(struct mm_machine *m, struct vm_proc *p, uint64_t start,
	       uint64_t end)
{
	int i, r = vma_check_range(m, p, start, end, "munmap");

	if (r)
		return r;
	for (i = 0; i < p->nvma; i++)
		if (p->vma[i].start < start && end < p->vma[i].end &&
		    p->nvma >= VM_MAX_VMAS)
			return vma_full(m, p, 1);
	vm_zap_range(m, p, start, end);
	for (i = 0; i < p->nvma; ) {
		struct vm_vma *v = &p->vma[i];

		if (v->end <= start || v->start >= end) {
			i++;
		} else if (v->start >= start && v->end <= end) {
			memmove(v, v + 1,
				(size_t)(p->nvma - i - 1) * sizeof(*v));
			p->nvma--;
		} else if (v->start < start && v->end > end) {
			/* the middle goes: two pieces stay */
			memmove(v + 1, v, (size_t)(p->nvma - i) * sizeof(*v));
			p->nvma++;
			v->end = start;
			vma_move_start(&v[1], end);
			i += 2;
		} else {
			if (v->start < start)
				v->end = start;
			else
				vma_move_start(v, end);
			i++;
		}
	}
	return 0;
}

int vma_mprotect(struct mm_machine *m, struct vm_proc *p, uint64_t start,
		 uint64_t end, int prot)
{
	int i, need, r = vma_check_range(m, p, start, end, "mprotect");
	uint64_t a;

	if (r)
		return r;
	for (a = start; a < end; a += MM_PAGE_SIZE)
		if (!vma_find_addr(p, a))
			return mm_err(m, -ENOMEM, "mprotect range of '%s' has "
				      "an unmapped hole at 0x%llx", p->name,
				      (unsigned long long)a);
	need = vma_inside(p, start) + vma_inside(p, end);
	if (p->nvma + need > VM_MAX_VMAS)
		return vma_full(m, p, need);
	r = vma_split_range(m, p, start, end);
	if (r)
		return r;
	for (i = 0; i < p->nvma; i++) {
		struct vm_vma *v = &p->vma[i];

		if (v->start < start || v->end > end)
			continue;
		thp_protect_range(m, p, v->start, v->end, prot);
		r = vm_mprotect(m, p, v, prot);
		if (r)
			return r;
	}
	vma_merge_all(p);
	return 0;
}
