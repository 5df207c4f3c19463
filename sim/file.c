// SPDX-License-Identifier: GPL-2.0
/*
 * file.c - files, their page cache and the file-mapping fault paths of 6.1
 * (mm/memory.c do_fault, mm/filemap.c filemap_fault / filemap_map_pages,
 * mm/readahead.c).
 *
 * A page-cache page is a frame from the buddy allocator: PG_file, owner
 * MM_OWNER_PAGECACHE (owner = file index, priv = page index in the file),
 * refcount = 1 for the cache + one per PTE.  New cache pages go to the
 * inactive file LRU (filemap_add_folio -> folio_add_lru).
 *
 * Faults (a mapping starts at file offset 0; munmap of its head advances
 * vm_pgoff):
 *   read:  do_read_fault: do_fault_around maps the cached, up-to-date pages
 *          of the 16-page window (not PG_readahead ones); if that mapped
 *          the faulting page the fault is minor; else filemap_fault: an
 *          uncached page counts pgmajfault and gets the mmap read-around
 *          of do_sync_mmap_readahead (ra_pages = the machine's
 *          readahead_kb / 4 around the page, the mark ra_pages/4 from its
 *          end), a cached PG_readahead page starts the next window
 *          (page_cache_async_ra -> ondemand_readahead).  Both drop the
 *          mmap_lock for the I/O (maybe_unlock_mmap_for_io): the fault
 *          returns VM_FAULT_RETRY, the x86 handler redoes it with
 *          FAULT_FLAG_TRIED, do_fault_around maps the now-cached window,
 *          and mm_account_fault() counts a major fault (6.1; with the
 *          per-VMA lock of 6.4+, machine fault_lock=vma, the
 *          PG_readahead case counts minor).
 *   write, private: do_cow_fault (filemap_fault, then an anon copy).
 *   write, shared: do_shared_fault (map writable, dirty the cache page).
 * Not modelled: the VM_SEQ_READ/VM_RAND_READ hints, one file_ra_state per
 * file (the kernel has one per open file), fault-around with large
 * folios, I/O time (a window is up to date at once), writeback I/O (see
 * lru.c).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/vm.h"

static const char *const file_fr_around[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_fault", "do_read_fault", "do_fault_around",
	"filemap_map_pages",
};
static const char *const file_fr_fault[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_fault", "do_read_fault", "__do_fault",
	"filemap_fault",
};
static const char *const file_fr_major[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_fault", "do_read_fault", "__do_fault",
	"filemap_fault", "do_sync_mmap_readahead", "page_cache_ra_order",
};
static const char *const file_fr_async[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_fault", "do_read_fault", "__do_fault",
	"filemap_fault", "do_async_mmap_readahead", "page_cache_async_ra",
};
static const char *const file_fr_cow[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_fault", "do_cow_fault", "__do_fault",
	"filemap_fault",
};
static const char *const file_fr_shared[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_fault", "do_shared_fault", "__do_fault",
	"filemap_fault",
};
static const char *const file_fr_wp_copy[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_wp_page", "wp_page_copy",
};
static const char *const file_fr_wp_shared[] = {
	"exc_page_fault", "handle_mm_fault", "__handle_mm_fault",
	"handle_pte_fault", "do_wp_page", "wp_page_shared",
};
static const char *const file_fr_read[] = {
	"ksys_read", "vfs_read", "filemap_read", "folio_mark_accessed",
};

#define FILE_EMIT(m, fr, ...) do {					\
	if ((m)->event)							\
		mm_emit((m), MM_EV_FAULT, (fr),				\
			(int)(sizeof(fr) / sizeof((fr)[0])), __VA_ARGS__); \
} while (0)

struct vm_file *file_find(struct vm_sys *vs, const char *name)
{
	int i;

	for (i = 0; i < vs->nfile; i++)
		if (!strcmp(vs->file[i].name, name))
			return &vs->file[i];
	return NULL;
}

/*
 * filemap_add_folio: a new frame for index idx of f, charged to the
 * memcg of vs->cur (current; none: the root), on the inactive file LRU.
 * Allocation may reclaim (and evict other cache pages); so may the
 * charge, within the group.  ra: readahead_gfp_mask (__GFP_NORETRY: the
 * charge gives up without an OOM kill).  0, 1 when vs->cur was killed by
 * its memcg's OOM killer, or -errno; -ENOSPC when the page was allocated
 * but the memcg charge failed (filemap_add_folio() < 0).
 */
static int file_add_page(struct mm_machine *m, struct vm_file *f,
			 uint64_t idx, uint32_t *pfn, int ra)
{
	struct vm_sys *vs = m->ext;
	struct mm_page *pg;
	int r;

	/* readahead_gfp_mask(): __GFP_NORETRY | __GFP_NOWARN, no OOM */
	r = mm_buddy_alloc(m, 0, MM_GFP_HIGHUSER_MOVABLE |
			   (ra ? MM_GFP_NORETRY | MM_GFP_NOWARN : 0),
			   MM_OWNER_PAGECACHE, (uint32_t)(f - vs->file), pfn);
	if (r)
		return r;
	if (vs->cur && vs->cur->live) {
		/* mem_cgroup_charge(folio, NULL, gfp): current's group */
		r = memcg_charge_gfp(m, vs->cur, 1, ra);
		if (r) {
			mm_buddy_free(m, *pfn, 0);
			return r == -ENOMEM ? -ENOSPC : r;
		}
		memcg_commit_page(m, vs->cur, *pfn, 1);
	}
	pg = &m->pages[*pfn];
	pg->flags |= PG_file;
	pg->priv = (uint32_t)idx;
	f->pfn[idx] = *pfn;
	f->cached++;
	m->vmstat[MM_VM_NR_FILE_PAGES]++;
	lru_add(m, *pfn);
	return 0;
}

int file_new(struct mm_machine *m, const char *name, uint64_t size,
	     uint64_t cached)
{
	struct vm_sys *vs = vm_sys(m);
	struct vm_file *f;
	uint64_t i, pages = (size + MM_PAGE_SIZE - 1) >> MM_PAGE_SHIFT;
	uint32_t pfn;
	int r;

	if (!vs)
		return -ENOMEM;
	if (file_find(vs, name))
		return mm_err(m, -EEXIST, "file '%s' exists", name);
	if (vs->nfile == VM_MAX_FILES)
		return mm_err(m, -ENOSPC, "too many files at '%s'", name);
	if (!pages || strlen(name) >= VM_NAME_MAX)
		return mm_err(m, -EINVAL, "bad file '%s'", name);
	if (pages > VM_FILE_MAX_PAGES)
		return mm_err(m, -EINVAL, "file '%s' is larger than 4 GiB",
			      name);
	if (cached > pages)
		return mm_err(m, -EINVAL, "cached pages of '%s' exceed its "
			      "size", name);
	f = &vs->file[vs->nfile];
	memset(f, 0, sizeof(*f));
	f->pfn = malloc(pages * sizeof(*f->pfn));
	if (!f->pfn)
		return mm_err(m, -ENOMEM, "cannot allocate file '%s'", name);
	for (i = 0; i < pages; i++)
		f->pfn[i] = MM_NO_PFN;
	strcpy(f->name, name);
	f->pages = pages;
	vs->nfile++;
	for (i = 0; i < cached; i++) {
		r = file_add_page(m, f, i, &pfn, 0);
		if (r)
			return r;
	}
	return 0;
}

/*
 * Cache page i of f for a read: page_cache_ra_unbounded() (reached by
 * force_page_cache_ra() on a FMODE_RANDOM descriptor) charges with
 * readahead_gfp_mask; when that fails filemap_create_folio() charges
 * again with the mapping's gfp, which may OOM-kill within the memcg.
 */
static int file_read_page(struct mm_machine *m, struct vm_file *f,
			  uint64_t i, uint32_t *pfn)
{
	int r = file_add_page(m, f, i, pfn, 1);

	if ((r == -ENOMEM || r == -ENOSPC) && f->pfn[i] == MM_NO_PFN)
		r = file_add_page(m, f, i, pfn, 0);
	return r == -ENOSPC ? -ENOMEM : r;
}

int file_read(struct mm_machine *m, struct vm_proc *p, struct vm_file *f,
	      uint64_t first, uint64_t n)
{
	struct vm_sys *vs = m->ext;
	struct vm_proc *old = vs->cur;
	uint64_t i;
	uint32_t pfn;
	int r = 0;

	if (first >= f->pages || n > f->pages - first)
		return mm_err(m, -EINVAL, "read outside file '%s'", f->name);
	vs->cur = p;
	for (i = first; i < first + n; i++) {
		pfn = f->pfn[i];
		if (pfn == MM_NO_PFN) {
			r = file_read_page(m, f, i, &pfn);
			if (r)
				break;
		}
		lru_mark_accessed(m, pfn);
	}
	vs->cur = old;
	if (r > 0 || (r && p && !p->live))
		return 0;	/* the memcg OOM killer chose p */
	if (r)
		return r;
	FILE_EMIT(m, file_fr_read, "read '%s' pages %llu-%llu: %ld cached",
		  f->name, (unsigned long long)first,
		  (unsigned long long)(first + n - 1), f->cached);
	return 0;
}

void file_evict(struct mm_machine *m, uint32_t pfn)
{
	struct vm_sys *vs = m->ext;
	struct mm_page *pg = &m->pages[pfn];
	struct vm_file *f = &vs->file[pg->owner];

	lru_del(m, pfn);
	memcg_uncharge_page(m, pfn, 1);	/* mem_cgroup_uncharge */
	f->pfn[pg->priv] = MM_NO_PFN;
	f->cached--;
	m->vmstat[MM_VM_NR_FILE_PAGES]--;
	if (pg->flags & PG_dirty)
		m->vmstat[MM_VM_NR_DIRTY]--;
	pg->flags &= ~(PG_file | PG_dirty | PG_readahead | PG_referenced);
	pg->refcount = 1;
	mm_buddy_free(m, pfn, 0);
}

void file_free_all(struct vm_sys *vs)
{
	int i;

	for (i = 0; i < vs->nfile; i++) {
		free(vs->file[i].pfn);
		vs->file[i].pfn = NULL;
	}
}

void file_fault_around_window(uint64_t vm_start, uint64_t vma_pages,
			      uint64_t addr, uint64_t *start, uint64_t *end)
{
	uint64_t nr = VM_FAULT_AROUND_PAGES;
	uint64_t mask = ~(nr * MM_PAGE_SIZE - 1);
	uint64_t a = addr & mask;
	uint64_t pgoff = (addr - vm_start) >> MM_PAGE_SHIFT;
	uint64_t off, e;

	if (a < vm_start)
		a = vm_start;
	off = ((addr - a) >> MM_PAGE_SHIFT) & 511;
	*start = pgoff - off;
	/* the end of the page table, of the VMA, or nr pages on */
	e = *start - ((a >> MM_PAGE_SHIFT) & 511) + 511;
	if (e > vma_pages - 1)
		e = vma_pages - 1;
	if (e > *start + nr - 1)
		e = *start + nr - 1;
	*end = e;
}

/* Map cache page pfn at addr (do_set_pte): young, writable and dirty only
 * when asked. */
static void file_map(struct mm_machine *m, struct vm_proc *p, uint64_t *pte,
		     uint32_t pfn, int write)
{
	struct mm_page *pg = &m->pages[pfn];

	*pte = ((uint64_t)pfn << MM_PAGE_SHIFT) | VM_PTE_P | VM_PTE_US |
	       VM_PTE_A | VM_PTE_NX;
	if (write) {
		*pte |= VM_PTE_RW | VM_PTE_D;
		if (!(pg->flags & PG_dirty))
			m->vmstat[MM_VM_NR_DIRTY]++;
		pg->flags |= PG_dirty;
	}
	pg->refcount++;
	if (pg->mapcount++ == 0)
		m->vmstat[MM_VM_NR_MAPPED]++;
	p->rss_file++;
}

/* Drop one PTE's mapping of a cache page (zap_pte_range / try_to_unmap):
 * a dirty PTE dirties the page. */
void file_unmap(struct mm_machine *m, struct vm_proc *p, uint64_t *pte)
{
	uint32_t pfn = (uint32_t)((*pte & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT);
	struct mm_page *pg = &m->pages[pfn];

	if ((*pte & VM_PTE_D) && !(pg->flags & PG_dirty)) {
		pg->flags |= PG_dirty;
		m->vmstat[MM_VM_NR_DIRTY]++;
	}
	*pte = 0;
	pg->refcount--;
	if (--pg->mapcount == 0)
		m->vmstat[MM_VM_NR_MAPPED]--;
	p->rss_file--;
}

/* read_pages(): the batch [from, to) of f is read (instantly here): its
 * pages are unlocked and readahead drops its references. */
static void file_read_pages(struct mm_machine *m, struct vm_file *f,
			    uint64_t from, uint64_t to)
{
	for (; from < to; from++)
		m->pages[f->pfn[from]].refcount--;
}

/*
 * page_cache_ra_unbounded() over [start, start+size) clipped to EOF: the
 * missing pages are allocated and added to the cache, each still locked
 * and referenced until read_pages() submits the batch, so reclaim (the
 * charge of a later page of the batch may reclaim within the memcg)
 * cannot take them; a page already cached ends the batch, and so does a
 * failed charge, after which readahead goes on with the next index; a
 * failed allocation stops it.  The page at nr - async gets PG_readahead.
 */
static void file_readahead(struct mm_machine *m, struct vm_file *f,
			   uint64_t start, uint64_t size, uint64_t async)
{
	uint64_t i, nr, batch;
	uint32_t pfn;
	int r;

	if (start >= f->pages)
		return;
	nr = f->pages - start < size ? f->pages - start : size;
	for (i = batch = 0; i < nr; i++) {
		if (f->pfn[start + i] != MM_NO_PFN) {
			file_read_pages(m, f, start + batch, start + i);
			batch = i + 1;
			continue;
		}
		r = file_add_page(m, f, start + i, &pfn, 1);
		if (r == -ENOSPC) {
			file_read_pages(m, f, start + batch, start + i);
			batch = i + 1;
			continue;
		}
		if (r)
			break;
		m->pages[pfn].refcount++;
		if (nr >= async && i == nr - async)
			m->pages[pfn].flags |= PG_readahead;
	}
	file_read_pages(m, f, start + batch, start + i);
}

uint64_t file_ra_pages(const struct mm_machine *m)
{
	long kb = m->cfg.readahead_kb;

	/* read_ahead_kb_store: ra_pages = kb >> (PAGE_SHIFT - 10) */
	return (uint64_t)(kb < 0 ? MM_READAHEAD_KB : kb) / 4;
}

void file_readaround_window(uint64_t ra_pages, uint64_t idx,
			    uint64_t *start, uint64_t *size, uint64_t *async)
{
	*start = idx > ra_pages / 2 ? idx - ra_pages / 2 : 0;
	*size = ra_pages;
	*async = ra_pages / 4;
}

/* get_next_ra_size: ramp a window of cur pages up towards max. */
static uint64_t file_next_ra_size(uint64_t cur, uint64_t max)
{
	if (cur < max / 16)
		return 4 * cur;
	if (cur <= max / 2)
		return 2 * cur;
	return max;
}

/* get_init_ra_size for a request of size pages. */
static uint64_t file_init_ra_size(uint64_t size, uint64_t max)
{
	uint64_t n = 1;

	while (n < size)
		n <<= 1;
	if (n <= max / 32)
		return n * 4;
	if (n <= max / 4)
		return n * 2;
	return max;
}

/*
 * ondemand_readahead after a PG_readahead page idx was hit
 * (page_cache_async_ra, req_size ra_pages): the expected hit pushes the
 * window on (start += size, ramped up, all of it async); another marked
 * page starts from the first missing page after it.
 */
static void file_ondemand_ra(struct mm_machine *m, struct vm_file *f,
			     uint64_t idx, uint64_t max)
{
	uint64_t s, add;

	if (!idx) {
		f->ra_start = 0;
		f->ra_size = file_init_ra_size(max, max);
		f->ra_async = f->ra_size > max ? f->ra_size - max :
			      f->ra_size;
	} else if (idx == f->ra_start + f->ra_size - f->ra_async ||
		   idx == f->ra_start + f->ra_size) {
		f->ra_start += f->ra_size;
		add = file_next_ra_size(f->ra_size, max);
		f->ra_size = add > f->ra_size ? add : f->ra_size;
		f->ra_async = f->ra_size;
	} else {
		/* page_cache_next_miss(idx + 1, max) */
		for (s = idx + 1; s < f->pages && s <= idx + max; s++)
			if (f->pfn[s] == MM_NO_PFN)
				break;
		if (s - idx > max)
			return;
		f->ra_start = s;
		f->ra_size = file_next_ra_size(s - idx + max, max);
		f->ra_async = f->ra_size;
	}
	/* readit: a window that would hit its own mark grows at once */
	if (idx == f->ra_start && f->ra_size == f->ra_async) {
		add = file_next_ra_size(f->ra_size, max);
		if (f->ra_size + add <= max) {
			f->ra_async = add;
			f->ra_size += add;
		} else {
			f->ra_size = max;
			f->ra_async = max >> 1;
		}
	}
	file_readahead(m, f, f->ra_start, f->ra_size, f->ra_async);
}

/*
 * do_async_mmap_readahead on a cached page: mmap_miss--, and on a
 * PG_readahead page page_cache_async_ra (the mark is cleared, the next
 * window read).  Returns 1 when it dropped the mmap_lock for that
 * (maybe_unlock_mmap_for_io): the fault then ends in VM_FAULT_RETRY.
 */
static int file_async_ra(struct mm_machine *m, struct vm_file *f,
			 uint64_t idx)
{
	uint32_t pfn = f->pfn[idx];
	uint64_t ra = file_ra_pages(m);

	if (!ra)
		return 0;
	if (f->mmap_miss)
		f->mmap_miss--;
	if (!(m->pages[pfn].flags & PG_readahead))
		return 0;
	m->pages[pfn].flags &= ~PG_readahead;
	file_ondemand_ra(m, f, idx, ra);
	return 1;
}

/*
 * do_sync_mmap_readahead for a missing page idx: VM_HUGEPAGE reads two
 * PMD-sized windows from the aligned index (even without ra_pages);
 * otherwise, unless mmap_miss says the file is read at random, the
 * read-around of ra_pages centred on idx with the mark ra_pages/4 from
 * its end.
 */
static void file_sync_ra(struct mm_machine *m, struct vm_file *f,
			 const struct vm_vma *v, uint64_t idx)
{
	uint64_t ra = file_ra_pages(m);

	if (v->thp == VM_HUGEPAGE) {
		f->ra_size = 2 * VM_HPAGE_NR;
		f->ra_async = VM_HPAGE_NR;
		file_readahead(m, f, idx & ~(uint64_t)(VM_HPAGE_NR - 1),
			       f->ra_size, f->ra_async);
		return;
	}
	if (!ra)
		return;
	if (f->mmap_miss < VM_MMAP_LOTSAMISS * 10)
		f->mmap_miss++;
	if (f->mmap_miss > VM_MMAP_LOTSAMISS)
		return;
	file_readaround_window(ra, idx, &f->ra_start, &f->ra_size,
			       &f->ra_async);
	file_readahead(m, f, f->ra_start, f->ra_size, f->ra_async);
}

/* What the first attempt of filemap_fault returned. */
#define FILE_DONE	0	/* the page, found */
#define FILE_RETRY	1	/* VM_FAULT_RETRY: async readahead started */
#define FILE_MAJOR	2	/* VM_FAULT_RETRY | VM_FAULT_MAJOR: read */

/*
 * filemap_fault: find index idx in the cache or read it.  On success
 * *pfn holds an extra reference (the fault's), which the caller drops.
 * *retry (FILE_*) tells whether the first attempt ended in
 * VM_FAULT_RETRY: the page was missing (read-around, then the page read:
 * FILE_MAJOR) or it carried PG_readahead (async readahead: FILE_RETRY).
 * Either way the mmap_lock was dropped for I/O and the fault is redone;
 * file_count() says how it is counted.  tried: this is that second
 * attempt (FAULT_FLAG_TRIED: no async readahead).
 */
static int file_filemap_fault(struct mm_machine *m, struct vm_file *f,
			      const struct vm_vma *v, uint64_t idx,
			      int tried, uint32_t *pfn, int *retry)
{
	int r;

	*retry = FILE_DONE;
	if (f->pfn[idx] != MM_NO_PFN) {
		/* filemap_get_folio(): the reference is held across the
		 * async readahead, whose charges may reclaim */
		*pfn = f->pfn[idx];
		m->pages[*pfn].refcount++;
		if (!tried && file_async_ra(m, f, idx))
			*retry = FILE_RETRY;
		return 0;
	}
	*retry = FILE_MAJOR;
	m->vmstat[MM_VM_PGMAJFAULT]++;
	file_sync_ra(m, f, v, idx);
	if (f->pfn[idx] == MM_NO_PFN) {
		/* no readahead, or it could not keep this page:
		 * __filemap_get_folio(FGP_CREAT) with the fault's gfp */
		r = file_add_page(m, f, idx, pfn, 0);
		if (r)
			return r == -ENOSPC ? -ENOMEM : r;
	}
	*pfn = f->pfn[idx];
	m->pages[*pfn].refcount++;
	return 0;
}

/* do_fault_around + filemap_map_pages: returns the pages mapped; *hit
 * when the faulting page was one of them. */
static int file_map_pages(struct mm_machine *m, struct vm_proc *p,
			  struct vm_vma *v, struct vm_file *f, uint64_t addr,
			  int *hit, uint64_t *ws, uint64_t *we)
{
	uint64_t pgoff = v->pgoff + ((addr - v->start) >> MM_PAGE_SHIFT), i;
	uint64_t vpages = (v->end - v->start) >> MM_PAGE_SHIFT;
	int n = 0;

	file_fault_around_window(v->start, vpages, addr, ws, we);
	*ws += v->pgoff;
	*we += v->pgoff;
	if (*we > f->pages - 1)
		*we = f->pages - 1;
	*hit = 0;
	for (i = *ws; i <= *we; i++) {
		uint32_t pfn = f->pfn[i];
		uint64_t *pte;

		if (pfn == MM_NO_PFN || (m->pages[pfn].flags & PG_readahead))
			continue;
		if (f->mmap_miss)
			f->mmap_miss--;
		pte = vm_pte_alloc(m, p, v->start +
				   ((i - v->pgoff) << MM_PAGE_SHIFT));
		if (!pte)	/* dead p: the caller sees p->live */
			return p->live ? -ENOMEM : 0;
		if (*pte)
			continue;	/* present or a swap entry */
		file_map(m, p, pte, pfn, 0);
		n++;
		if (i == pgoff)
			*hit = 1;
	}
	return n;
}

/* wp_page_copy / do_cow_fault: replace the cache page by an anon copy. */
static int file_cow(struct mm_machine *m, struct vm_proc *p,
		    struct vm_vma *v, uint64_t addr, uint32_t src)
{
	uint64_t *pte;
	uint32_t pfn;
	int r;

	r = vm_new_page(m, p, addr, &pfn);
	if (r)
		return r < 0 ? r : 0;
	pte = vm_pte_alloc(m, p, addr);
	if (!pte)
		return p->live ? -ENOMEM : 0;
	if (*pte & VM_PTE_P) {
		/* the cache page's own mapping goes */
		if ((uint32_t)((*pte & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT) ==
		    src)
			file_unmap(m, p, pte);
	}
	*pte = ((uint64_t)pfn << MM_PAGE_SHIFT) | VM_PTE_P | VM_PTE_US |
	       VM_PTE_A | VM_PTE_NX | VM_PTE_RW | VM_PTE_D;
	p->rss_anon++;
	p->copies++;
	v->has_anon = 1;
	return 0;
}

/* What one attempt of a file fault (one handle_mm_fault() call) did. */
enum file_att {
	FILE_ATT_AROUND,	/* fault-around mapped the page */
	FILE_ATT_FOUND,		/* filemap_fault() found it: mapped */
	FILE_ATT_READ,		/* a TRIED attempt read it (MAJOR) */
	FILE_ATT_RETRY,		/* VM_FAULT_RETRY: async readahead */
	FILE_ATT_RETRY_MAJOR,	/* VM_FAULT_RETRY | VM_FAULT_MAJOR: read */
};

/*
 * One attempt of do_read_fault() (do_fault_around() first, then
 * filemap_fault()), do_cow_fault() or do_shared_fault() at addr, with
 * FAULT_FLAG_TRIED when tried.  An attempt that had to drop the mmap_lock
 * for I/O maps nothing and returns VM_FAULT_RETRY.  Returns an enum
 * file_att, or -errno; p may have been OOM-killed (the caller checks).
 */
static int file_attempt(struct mm_machine *m, struct vm_proc *p,
			struct vm_vma *v, struct vm_file *f, uint64_t addr,
			int write, int tried)
{
	uint64_t pgoff = v->pgoff + ((addr - v->start) >> MM_PAGE_SHIFT);
	uint64_t ws, we, *pte;
	uint32_t pfn;
	int n = 0, hit = 0, retry, r;

	if (!write) {
		n = file_map_pages(m, p, v, f, addr, &hit, &ws, &we);
		if (n < 0 || !p->live)
			return n < 0 ? n : FILE_ATT_AROUND;
		if (hit) {
			FILE_EMIT(m, file_fr_around, "%s read 0x%llx: "
				  "fault-around mapped %d cached pages of "
				  "'%s' (window %llu-%llu)", p->name,
				  (unsigned long long)addr, n, f->name,
				  (unsigned long long)ws,
				  (unsigned long long)we);
			return FILE_ATT_AROUND;
		}
	}
	r = file_filemap_fault(m, f, v, pgoff, tried, &pfn, &retry);
	if (r)
		return r < 0 ? r : FILE_ATT_FOUND;	/* 1: p was killed */
	if (!p->live || (retry && !tried)) {
		m->pages[pfn].refcount--;
		if (retry == FILE_MAJOR)
			FILE_EMIT(m, file_fr_major, "%s %s 0x%llx: '%s' page "
				  "%llu not cached: read-around (%ld pages "
				  "cached), VM_FAULT_RETRY", p->name,
				  write ? "write" : "read",
				  (unsigned long long)addr, f->name,
				  (unsigned long long)pgoff, f->cached);
		else if (retry)
			FILE_EMIT(m, file_fr_async, "%s %s 0x%llx: '%s' page "
				  "%llu PG_readahead: async readahead (%ld "
				  "pages cached), VM_FAULT_RETRY", p->name,
				  write ? "write" : "read",
				  (unsigned long long)addr, f->name,
				  (unsigned long long)pgoff, f->cached);
		return retry == FILE_MAJOR ? FILE_ATT_RETRY_MAJOR :
		       FILE_ATT_RETRY;
	}
	if (write && !v->shared) {
		r = file_cow(m, p, v, addr, pfn);
		FILE_EMIT(m, file_fr_cow, "%s write 0x%llx: private copy of "
			  "'%s' page %llu", p->name, (unsigned long long)addr,
			  f->name, (unsigned long long)pgoff);
	} else {
		pte = vm_pte_alloc(m, p, addr);
		r = pte ? 0 : p->live ? -ENOMEM : 0;
		if (pte && !*pte)
			file_map(m, p, pte, pfn, write);
		if (write)
			FILE_EMIT(m, file_fr_shared, "%s write 0x%llx: '%s' "
				  "page %llu mapped writable, dirty", p->name,
				  (unsigned long long)addr, f->name,
				  (unsigned long long)pgoff);
		else
			FILE_EMIT(m, file_fr_fault, "%s read 0x%llx: '%s' "
				  "page %llu found in the page cache", p->name,
				  (unsigned long long)addr, f->name,
				  (unsigned long long)pgoff);
	}
	m->pages[pfn].refcount--;
	if (r)
		return r;
	return retry ? FILE_ATT_READ : FILE_ATT_FOUND;
}

/*
 * do_fault() as the x86 fault handler or GUP drive it, and
 * mm_account_fault(): attempts until one completes; the fault counts
 * major when the last attempt returned VM_FAULT_MAJOR or ran with
 * FAULT_FLAG_TRIED.
 *   user fault, mmap_lock (6.1): a VM_FAULT_RETRY is redone with
 *     FAULT_FLAG_TRIED, so every retried fault is major; PGFAULT counts
 *     each handle_mm_fault() entry;
 *   user fault, per-VMA lock (6.4+, fault_lock=vma): the retry gets
 *     FAULT_FLAG_TRIED only after VM_FAULT_MAJOR (a retry for async
 *     readahead counts minor); PGFAULT counts completed faults;
 *   GUP (MAP_POPULATE: __mm_populate() -> populate_vma_page_range() ->
 *     __get_user_pages() -> faultin_page()): after VM_FAULT_RETRY the
 *     walk starts over without FOLL_TRIED, so the fault that completes is
 *     a fresh one, minor when the page is cached by then; min_flt and
 *     maj_flt count it (regs is NULL: no perf event), PGFAULT each entry.
 */
static int file_do_fault(struct mm_machine *m, struct vm_proc *p,
			 struct vm_vma *v, uint64_t addr, int write, int gup)
{
	struct vm_sys *vs = m->ext;
	struct vm_file *f = &vs->file[v->file - 1];
	int vma = m->cfg.fault_lock == MM_FAULT_LOCK_VMA, tried = 0, n, r;

	/* bounded: each attempt caches what it waited for */
	for (n = 1;; n++) {
		r = file_attempt(m, p, v, f, addr, write, tried);
		if (r < 0 || !p->live)
			return r < 0 ? r : 0;
		if (r != FILE_ATT_RETRY && r != FILE_ATT_RETRY_MAJOR)
			break;
		/* a TRIED attempt always completes; 8 attempts bound a
		 * page that memory pressure keeps evicting */
		if ((!gup && (!vma || r == FILE_ATT_RETRY_MAJOR || n > 1)) ||
		    n >= 8)
			tried = 1;
	}
	m->vmstat[MM_VM_PGFAULT] += vma ? 1 : (unsigned long)n;
	if (r == FILE_ATT_READ || tried)
		p->majflt++;
	else
		p->minflt++;
	return 0;
}

/* do_fault with p as current: new cache pages are charged to its memcg. */
int file_fault(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
	       uint64_t addr, int write, int gup)
{
	struct vm_sys *vs = m->ext;
	struct vm_proc *old = vs->cur;
	int r;

	vs->cur = p;
	r = file_do_fault(m, p, v, addr, write, gup);
	vs->cur = old;
	return r;
}

int file_wp_fault(struct mm_machine *m, struct vm_proc *p, struct vm_vma *v,
		  uint64_t *pte, uint64_t addr)
{
	uint32_t pfn = (uint32_t)((*pte & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT);
	struct mm_page *pg = &m->pages[pfn];
	int r;

	p->minflt++;
	m->vmstat[MM_VM_PGFAULT]++;
	if (v->shared) {
		*pte |= VM_PTE_RW | VM_PTE_D | VM_PTE_A;
		if (!(pg->flags & PG_dirty))
			m->vmstat[MM_VM_NR_DIRTY]++;
		pg->flags |= PG_dirty;
		FILE_EMIT(m, file_fr_wp_shared, "%s write 0x%llx: shared "
			  "page cache pfn %u made writable, dirty", p->name,
			  (unsigned long long)addr, pfn);
		return 0;
	}
	pg->refcount++;		/* get_page: reclaim leaves it alone */
	r = file_cow(m, p, v, addr, pfn);
	pg->refcount--;
	FILE_EMIT(m, file_fr_wp_copy, "%s write 0x%llx: private copy of "
		  "page cache pfn %u", p->name, (unsigned long long)addr, pfn);
	return r;
}

int file_mmap(struct mm_machine *m, struct vm_proc *p, const char *name,
	      uint64_t len, int prot, struct vm_file *f, int shared,
	      int populate)
{
	struct vm_sys *vs = m->ext;
	struct vm_vma *v;
	int r;

	if (((len + MM_PAGE_SIZE - 1) >> MM_PAGE_SHIFT) > f->pages)
		return mm_err(m, -EINVAL, "mapping '%s' is larger than file "
			      "'%s' (pages past EOF would raise SIGBUS)", name,
			      f->name);
	r = vm_mmap_vma(m, p, name, len, prot, (int)(f - vs->file) + 1,
			shared, &v);
	if (r || !populate)
		return r;
	return vm_populate(m, p, v);
}
