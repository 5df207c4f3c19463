// SPDX-License-Identifier: GPL-2.0
/*
 * mm.c - the simulated machine: zones laid out as on x86_64, the page
 * array, events and the error convention shared by all of libmmsim.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mm.h"

#define MM_DMA_END	(16UL << 20)
#define MM_DMA32_END	(4UL << 30)

static const char *const mm_zone_names[MM_NR_ZONES] = {
	"DMA", "DMA32", "Normal",
};

/* Lay out the zones: [0,16M) DMA, [16M,4G) DMA32, [4G,...) Normal. */
static void mm_layout_zones(struct mm_machine *m)
{
	unsigned long bounds[MM_NR_ZONES + 1] = {
		0, MM_DMA_END, MM_DMA32_END, m->ram_bytes,
	};
	int z;

	for (z = 0; z < MM_NR_ZONES; z++) {
		struct mm_zone *zone = &m->zones[z];
		unsigned long lo = bounds[z], hi = bounds[z + 1];
		int o;

		if (hi > m->ram_bytes)
			hi = m->ram_bytes;
		if (z == MM_NR_ZONES - 1)
			hi = m->ram_bytes;
		zone->name = mm_zone_names[z];
		zone->start_pfn = lo >> MM_PAGE_SHIFT;
		zone->spanned = hi > lo ? (hi - lo) >> MM_PAGE_SHIFT : 0;
		zone->managed = zone->spanned;
		for (o = 0; o < MM_MAX_ORDER; o++) {
			zone->free_area[o].head = MM_NO_PFN;
			zone->free_area[o].tail = MM_NO_PFN;
		}
	}
}

/* Hand every page of every zone to the buddy allocator, largest first. */
static void mm_free_all(struct mm_machine *m)
{
	int z;

	m->booting = 1;		/* memblock_free_all: __free_pages_core */
	for (z = 0; z < MM_NR_ZONES; z++) {
		struct mm_zone *zone = &m->zones[z];
		unsigned long pfn = zone->start_pfn;
		unsigned long end = pfn + zone->spanned;

		for (; pfn < end; pfn++) {
			m->pages[pfn].zone = z;
			m->pages[pfn].mapcount = -1;
			m->pages[pfn].next = MM_NO_PFN;
			m->pages[pfn].prev = MM_NO_PFN;
		}
		pfn = zone->start_pfn;
		while (pfn < end) {
			unsigned int o = MM_MAX_ORDER - 1;

			while (o && ((pfn & ((1UL << o) - 1)) ||
				     pfn + (1UL << o) > end))
				o--;
			m->pages[pfn].flags = MM_PG_HEAD;
			m->pages[pfn].order = o;
			m->pages[pfn].refcount = 1;
			mm_buddy_free(m, pfn);
			pfn += 1UL << o;
		}
	}
	m->booting = 0;
	memset(&m->vm, 0, sizeof(m->vm));
}

struct mm_machine *mm_machine_create(unsigned long ram_bytes,
				     unsigned long min_free_kbytes, char *err)
{
	struct mm_machine *m;

	if (ram_bytes < MM_DMA_END || ram_bytes > (64UL << 30) ||
	    ram_bytes % MM_PAGE_SIZE) {
		if (err)
			snprintf(err, MM_ERR_LEN,
				 "cannot create machine: ram must be a multiple of 4K from 16M to 64G");
		errno = EINVAL;
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m)
		goto nomem;
	m->ram_bytes = ram_bytes;
	m->nr_pages = ram_bytes >> MM_PAGE_SHIFT;
	m->pages = calloc(m->nr_pages, sizeof(*m->pages));
	if (!m->pages) {
		free(m);
		goto nomem;
	}
	mm_layout_zones(m);
	mm_free_all(m);
	mm_buddy_set_min_free(m, min_free_kbytes);
	return m;
nomem:
	if (err)
		snprintf(err, MM_ERR_LEN, "cannot create machine: %s",
			 strerror(ENOMEM));
	errno = ENOMEM;
	return NULL;
}

void mm_machine_destroy(struct mm_machine *m)
{
	if (!m)
		return;
	free(m->pages);
	free(m);
}

void mm_machine_set_event(struct mm_machine *m, mm_event_fn *fn, void *data,
			  int trace)
{
	m->event = fn;
	m->event_data = data;
	m->trace = trace;
}

const char *mm_error(const struct mm_machine *m)
{
	return m->err;
}

int mm_set_error(struct mm_machine *m, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m->err, sizeof(m->err), fmt, ap);
	va_end(ap);
	return err;
}

void mm_emit(struct mm_machine *m, enum mm_event_type type, int zone,
	     unsigned long pfn, unsigned int order, const char *text)
{
	struct mm_event ev = {
		.type = type, .zone = zone, .pfn = pfn, .order = order,
		.text = text,
	};

	if (!m->event)
		return;
	if (type == MM_EV_TRACE && !m->trace)
		return;
	m->event(&ev, m->event_data);
}

int mm_parse_size(const char *s, unsigned long *bytes)
{
	unsigned long long v = 0, mul = 1;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	while (isdigit((unsigned char)*p)) {
		v = v * 10 + (unsigned long long)(*p - '0');
		if (v > (1ULL << 50))
			return -EINVAL;
		p++;
	}
	switch (*p) {
	case 'k': case 'K': mul = 1ULL << 10; p++; break;
	case 'm': case 'M': mul = 1ULL << 20; p++; break;
	case 'g': case 'G': mul = 1ULL << 30; p++; break;
	case 'p': mul = MM_PAGE_SIZE; p++; break;
	}
	if (*p)
		return -EINVAL;
	*bytes = (unsigned long)(v * mul);
	return 0;
}
