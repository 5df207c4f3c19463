// SPDX-License-Identifier: GPL-2.0
/*
 * proc.c - the kernel's /proc formats for the simulated machine:
 * /proc/buddyinfo (frag_show_print), the first part of /proc/zoneinfo
 * (zoneinfo_show_print), /proc/vmstat (the counters kept), and the growable
 * text buffer they write into.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/mm.h"

void mm_buf_printf(struct mm_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = 1;
			return;
		}
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		{
			size_t cap = b->cap ? b->cap * 2 : 1024;
			char *p;

			while (cap < b->len + (size_t)n + 1)
				cap *= 2;
			p = realloc(b->s, cap);
			if (!p) {
				b->oom = 1;
				return;
			}
			b->s = p;
			b->cap = cap;
		}
	}
}

void mm_buf_free(struct mm_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

/* /proc/buddyinfo: populated zones only. */
void mm_proc_buddyinfo(struct mm_machine *m, struct mm_buf *b)
{
	int zi, o;

	for (zi = 0; zi < MM_NR_ZONES; zi++) {
		struct mm_zone *z = &m->zones[zi];

		if (!z->present)
			continue;
		mm_buf_printf(b, "Node %d, zone %8s ", 0, z->name);
		for (o = 0; o < MM_MAX_ORDER; o++)
			mm_buf_printf(b, "%6lu ", z->free_area[o].nr_free);
		mm_buf_printf(b, "\n");
	}
}

/*
 * /proc/zoneinfo, the free/watermark/size block and the protection line
 * (lowmem_reserve) of every zone: zoneinfo_show walks all MAX_NR_ZONES
 * zones, empty ones included (Debian's 6.1 has ZONE_MOVABLE and
 * ZONE_DEVICE, both empty here).
 */
void mm_proc_zoneinfo(struct mm_machine *m, struct mm_buf *b)
{
	static const struct mm_zone empty[2] = {
		{ .name = "Movable" }, { .name = "Device" },
	};
	int zi, i;

	for (zi = 0; zi < MM_NR_ZONES + 2; zi++) {
		const struct mm_zone *z = zi < MM_NR_ZONES ?
			&m->zones[zi] : &empty[zi - MM_NR_ZONES];

		mm_buf_printf(b, "Node %d, zone %8s", 0, z->name);
		mm_buf_printf(b,
			      "\n  pages free     %lu"
			      "\n        boost    %lu"
			      "\n        min      %lu"
			      "\n        low      %lu"
			      "\n        high     %lu"
			      "\n        spanned  %lu"
			      "\n        present  %lu"
			      "\n        managed  %lu"
			      "\n        cma      %lu",
			      z->nr_free, 0UL, z->wmark[MM_WMARK_MIN],
			      z->wmark[MM_WMARK_LOW], z->wmark[MM_WMARK_HIGH],
			      z->spanned, z->present, z->managed, 0UL);
		mm_buf_printf(b, "\n        protection: (%lu",
			      mm_buddy_lowmem_reserve(m, zi, 0));
		for (i = 1; i < MM_NR_ZONES + 2; i++)
			mm_buf_printf(b, ", %lu",
				      mm_buddy_lowmem_reserve(m, zi, i));
		mm_buf_printf(b, ")\n");
	}
}

/* /proc/vmstat: "name value" lines for the counters the simulator keeps,
 * nr_free_pages first, then the node counters, then the events, in the
 * kernel's order (vmstat_text[]). */
void mm_proc_vmstat(struct mm_machine *m, struct mm_buf *b)
{
	/* the order of vmstat_text[] in mm/vmstat.c */
	static const enum mm_vmstat order[] = {
		MM_VM_NR_INACTIVE_ANON, MM_VM_NR_ACTIVE_ANON,
		MM_VM_NR_INACTIVE_FILE, MM_VM_NR_ACTIVE_FILE,
		MM_VM_NR_ANON_PAGES, MM_VM_NR_MAPPED, MM_VM_NR_FILE_PAGES,
		MM_VM_NR_DIRTY, MM_VM_NR_ANON_THPS, MM_VM_PSWPIN, MM_VM_PSWPOUT,
		MM_VM_PGALLOC_DMA, MM_VM_PGALLOC_DMA32, MM_VM_PGALLOC_NORMAL,
		MM_VM_ALLOCSTALL, MM_VM_PGFREE, MM_VM_PGACTIVATE,
		MM_VM_PGDEACTIVATE, MM_VM_PGFAULT,
		MM_VM_PGMAJFAULT, MM_VM_PGREFILL, MM_VM_PGSTEAL_KSWAPD,
		MM_VM_PGSTEAL_DIRECT,
		MM_VM_PGSCAN_KSWAPD, MM_VM_PGSCAN_DIRECT, MM_VM_KSWAPD_WAKE,
		MM_VM_PGROTATED, MM_VM_OOM_KILL, MM_VM_COMPACT_STALL,
		MM_VM_THP_FAULT_ALLOC, MM_VM_THP_FAULT_FALLBACK,
		MM_VM_THP_FAULT_FALLBACK_CHARGE, MM_VM_THP_SPLIT_PMD,
		MM_VM_THP_ZERO_PAGE_ALLOC,
	};
	size_t i;

	mm_buf_printf(b, "nr_free_pages %lu\n", mm_free_pages(m));
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		mm_buf_printf(b, "%s %lu\n", mm_vmstat_name(order[i]),
			      m->vmstat[order[i]]);
}
