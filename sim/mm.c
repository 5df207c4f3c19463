// SPDX-License-Identifier: GPL-2.0
/*
 * mm.c - the simulated machine: frames, zones, error text, events, dmesg.
 * Zones follow x86_64: DMA below 16 MiB, DMA32 below 4 GiB, Normal above;
 * one node, 4 KiB pages.  Every frame starts free in the buddy allocator.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/mm.h"
#include "sim/slub.h"

static const char *const mm_zone_names[MM_NR_ZONES] = {
	"DMA", "DMA32", "Normal"
};

static const char *const mm_vmstat_names[MM_NR_VMSTAT] = {
	[MM_VM_PGALLOC_DMA] = "pgalloc_dma",
	[MM_VM_PGALLOC_DMA32] = "pgalloc_dma32",
	[MM_VM_PGALLOC_NORMAL] = "pgalloc_normal",
	[MM_VM_PGFREE] = "pgfree",
	[MM_VM_ALLOCSTALL] = "allocstall_normal",
	[MM_VM_KSWAPD_WAKE] = "pageoutrun",
	[MM_VM_PGFAULT] = "pgfault",
	[MM_VM_PGMAJFAULT] = "pgmajfault",
	[MM_VM_THP_FAULT_ALLOC] = "thp_fault_alloc",
	[MM_VM_THP_FAULT_FALLBACK] = "thp_fault_fallback",
	[MM_VM_PGSCAN_KSWAPD] = "pgscan_kswapd",
	[MM_VM_PGSCAN_DIRECT] = "pgscan_direct",
	[MM_VM_PGSTEAL_KSWAPD] = "pgsteal_kswapd",
	[MM_VM_PGSTEAL_DIRECT] = "pgsteal_direct",
	[MM_VM_OOM_KILL] = "oom_kill",
	[MM_VM_COMPACT_STALL] = "compact_stall",
	[MM_VM_THP_FAULT_FALLBACK_CHARGE] = "thp_fault_fallback_charge",
	[MM_VM_THP_SPLIT_PMD] = "thp_split_pmd",
	[MM_VM_THP_ZERO_PAGE_ALLOC] = "thp_zero_page_alloc",
	[MM_VM_NR_INACTIVE_ANON] = "nr_inactive_anon",
	[MM_VM_NR_ACTIVE_ANON] = "nr_active_anon",
	[MM_VM_NR_INACTIVE_FILE] = "nr_inactive_file",
	[MM_VM_NR_ACTIVE_FILE] = "nr_active_file",
	[MM_VM_NR_ANON_PAGES] = "nr_anon_pages",
	[MM_VM_NR_MAPPED] = "nr_mapped",
	[MM_VM_NR_FILE_PAGES] = "nr_file_pages",
	[MM_VM_NR_DIRTY] = "nr_dirty",
	[MM_VM_PSWPIN] = "pswpin",
	[MM_VM_PSWPOUT] = "pswpout",
	[MM_VM_PGACTIVATE] = "pgactivate",
	[MM_VM_PGDEACTIVATE] = "pgdeactivate",
	[MM_VM_PGREFILL] = "pgrefill",
	[MM_VM_PGROTATED] = "pgrotated",
	[MM_VM_NR_ANON_THPS] = "nr_anon_transparent_hugepages",
};

/* Name of a vmstat counter. */
const char *mm_vmstat_name(enum mm_vmstat item)
{
	return item < MM_NR_VMSTAT ? mm_vmstat_names[item] : "?";
}

/* Defaults of the `machine` line. */
void mm_config_default(struct mm_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ram_bytes = 64ULL << 20;
	cfg->min_free_kbytes = -1;
	cfg->thp = MM_THP_NEVER;
	cfg->cpus = 1;
	cfg->readahead_kb = -1;
	cfg->fault_lock = -1;
}

/* Record a failure text; returns err. */
int mm_err(struct mm_machine *m, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof(m->err), fmt, ap);
	va_end(ap);
	return err;
}

/* Send an event to the callback, if any; formats only when someone hears. */
void mm_emit(struct mm_machine *m, enum mm_event_type type,
	     const char *const *frames, int nframes, const char *fmt, ...)
{
	struct mm_event ev;
	char text[512];
	va_list ap;

	if (!m->event)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	ev.type = type;
	ev.text = text;
	ev.frames = m->trace ? frames : NULL;
	ev.nframes = m->trace ? nframes : 0;
	m->event(m->event_ctx, &ev);
}

/* Append a line to the kernel log (kept whole: scenarios are short). */
void mm_dmesg(struct mm_machine *m, const char *fmt, ...)
{
	char line[512];
	struct mm_event ev;
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	n = strlen(line);
	if (m->dmesg_len + n + 2 > m->dmesg_cap) {
		size_t cap = m->dmesg_cap ? m->dmesg_cap * 2 : 4096;
		char *p;

		while (cap < m->dmesg_len + n + 2)
			cap *= 2;
		p = realloc(m->dmesg, cap);
		if (!p)
			goto emit;	/* log lost, event still sent */
		m->dmesg = p;
		m->dmesg_cap = cap;
	}
	memcpy(m->dmesg + m->dmesg_len, line, n);
	m->dmesg_len += n;
	m->dmesg[m->dmesg_len++] = '\n';
	m->dmesg[m->dmesg_len] = '\0';
emit:
	if (!m->event)
		return;
	ev.type = MM_EV_DMESG;
	ev.text = line;
	ev.frames = NULL;
	ev.nframes = 0;
	m->event(m->event_ctx, &ev);
}

/* Lay out the zones over [0, nr_pages). */
static void mm_setup_zones(struct mm_machine *m)
{
	uint32_t dma_end = (16U << 20) >> MM_PAGE_SHIFT;
	uint32_t dma32_end = (uint32_t)((4ULL << 30) >> MM_PAGE_SHIFT);
	uint32_t bounds[MM_NR_ZONES + 1];
	int z, o;

	bounds[0] = 0;
	bounds[1] = m->nr_pages < dma_end ? m->nr_pages : dma_end;
	bounds[2] = m->nr_pages < dma32_end ? m->nr_pages : dma32_end;
	bounds[3] = m->nr_pages;
	for (z = 0; z < MM_NR_ZONES; z++) {
		struct mm_zone *zone = &m->zones[z];

		zone->name = mm_zone_names[z];
		zone->start_pfn = bounds[z];
		zone->spanned = bounds[z + 1] - bounds[z];
		zone->present = zone->spanned;
		zone->managed = 0;	/* grows as frames are freed in */
		zone->nr_free = 0;
		for (o = 0; o < MM_MAX_ORDER; o++) {
			zone->free_area[o].head = MM_NO_PFN;
			zone->free_area[o].tail = MM_NO_PFN;
			zone->free_area[o].nr_free = 0;
		}
	}
}

int mm_machine_init(struct mm_machine *m, const struct mm_config *cfg)
{
	uint64_t pages;
	uint32_t pfn;
	int z;

	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	if (cfg->ram_bytes < (4ULL << 20) || cfg->ram_bytes > (64ULL << 30))
		return mm_err(m, -EINVAL, "invalid ram size %llu bytes "
			      "(4M to 64G)",
			      (unsigned long long)cfg->ram_bytes);
	if (cfg->cpus < 1 || cfg->cpus > 4096)
		return mm_err(m, -EINVAL, "invalid cpu count %d", cfg->cpus);
	pages = cfg->ram_bytes >> MM_PAGE_SHIFT;
	pages &= ~((1ULL << (MM_MAX_ORDER - 1)) - 1);
	m->nr_pages = (uint32_t)pages;
	m->pages = calloc(m->nr_pages, sizeof(*m->pages));
	if (!m->pages)
		return mm_err(m, -ENOMEM, "cannot allocate %u frames",
			      m->nr_pages);
	mm_setup_zones(m);
	for (pfn = 0; pfn < m->nr_pages; pfn++) {
		struct mm_page *p = &m->pages[pfn];

		for (z = MM_NR_ZONES - 1; z > 0; z--)
			if (pfn >= m->zones[z].start_pfn &&
			    m->zones[z].spanned)
				break;
		p->zone = (uint16_t)z;
		p->next = p->prev = MM_NO_PFN;
	}
	mm_buddy_init_free(m);
	m->min_free_kbytes = cfg->min_free_kbytes >= 0 ?
		cfg->min_free_kbytes : mm_buddy_default_min_free_kbytes(m);
	mm_buddy_setup_wmarks(m);
	return 0;
}

void mm_machine_free(struct mm_machine *m)
{
	if (m->ext_free)
		m->ext_free(m);
	m->ext = NULL;
	mm_slub_free_all(m);
	free(m->pages);
	m->pages = NULL;
	free(m->dmesg);
	m->dmesg = NULL;
	m->dmesg_len = m->dmesg_cap = 0;
}

unsigned long mm_free_pages(const struct mm_machine *m)
{
	unsigned long n = 0;
	int z;

	for (z = 0; z < MM_NR_ZONES; z++)
		n += m->zones[z].nr_free;
	return n;
}
