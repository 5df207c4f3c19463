// SPDX-License-Identifier: GPL-2.0
/*
 * proc.c - /proc/buddyinfo, the pages part of /proc/zoneinfo and the
 * /proc/vmstat counters the simulator keeps, byte for byte in the format
 * of mm/vmstat.c (6.1): frag_show_print, zoneinfo_show_print,
 * vmstat_text.
 */
#include <stdarg.h>
#include <stdio.h>

#include "mm.h"

/* An snprintf cursor: keeps counting once the buffer is full. */
struct proc_out {
	char *buf;
	size_t size, len;
};

static void proc_printf(struct proc_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void proc_printf(struct proc_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->len < o->size ? o->buf + o->len : NULL,
		      o->len < o->size ? o->size - o->len : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->len += (size_t)n;
}

static void proc_init(struct proc_out *o, char *buf, size_t size)
{
	o->buf = buf;
	o->size = size;
	o->len = 0;
	if (size)
		buf[0] = '\0';
}

size_t mm_proc_buddyinfo(const struct mm_machine *m, char *buf, size_t size)
{
	struct proc_out o;
	int z, order;

	proc_init(&o, buf, size);
	for (z = 0; z < MM_NR_ZONES; z++) {
		const struct mm_zone *zone = &m->zones[z];

		if (!zone->managed)	/* walk_zones_in_node(populated) */
			continue;
		proc_printf(&o, "Node %d, zone %8s ", 0, zone->name);
		for (order = 0; order < MM_MAX_ORDER; order++)
			proc_printf(&o, "%6lu ", zone->free_area[order].nr_free);
		proc_printf(&o, "\n");
	}
	return o.len;
}

/* One zone's pages block; Movable and Device are empty (@z >= 3). */
static void proc_zone(struct proc_out *o, const struct mm_machine *m, int z)
{
	static const char *const extra[] = { "Movable", "Device" };
	const struct mm_zone *zone = z < MM_NR_ZONES ? &m->zones[z] : NULL;
	int i;

	proc_printf(o, "Node %d, zone %8s", 0,
		    zone ? zone->name : extra[z - MM_NR_ZONES]);
	proc_printf(o,
		    "\n  pages free     %lu"
		    "\n        boost    %lu"
		    "\n        min      %lu"
		    "\n        low      %lu"
		    "\n        high     %lu"
		    "\n        spanned  %lu"
		    "\n        present  %lu"
		    "\n        managed  %lu"
		    "\n        cma      %lu",
		    zone ? zone->nr_free : 0, 0UL,
		    zone ? zone->wmark[MM_WMARK_MIN] : 0,
		    zone ? zone->wmark[MM_WMARK_LOW] : 0,
		    zone ? zone->wmark[MM_WMARK_HIGH] : 0,
		    zone ? (unsigned long)zone->spanned : 0,
		    zone ? (unsigned long)zone->spanned : 0,
		    zone ? zone->managed : 0, 0UL);
	proc_printf(o, "\n        protection: (%ld",
		    (long)mm_buddy_lowmem_reserve(m, z, 0));
	for (i = 1; i < MM_NR_ZONES + 2; i++)
		proc_printf(o, ", %ld", (long)mm_buddy_lowmem_reserve(m, z, i));
	proc_printf(o, ")\n");
}

size_t mm_proc_zoneinfo(const struct mm_machine *m, char *buf, size_t size)
{
	struct proc_out o;
	int z;

	proc_init(&o, buf, size);
	for (z = 0; z < MM_NR_ZONES + 2; z++)
		proc_zone(&o, m, z);
	return o.len;
}

size_t mm_proc_vmstat(const struct mm_machine *m, char *buf, size_t size)
{
	static const char *const zn[] = {
		"dma", "dma32", "normal", "movable", "device",
	};
	struct proc_out o;
	unsigned long free = 0;
	int z;

	proc_init(&o, buf, size);
	for (z = 0; z < MM_NR_ZONES; z++)
		free += m->zones[z].nr_free;
	proc_printf(&o, "nr_free_pages %lu\n", free);
	for (z = 0; z < 5; z++)
		proc_printf(&o, "pgalloc_%s %lu\n", zn[z],
			    z < MM_NR_ZONES ? m->vm.pgalloc[z] : 0);
	for (z = 0; z < 5; z++)
		proc_printf(&o, "allocstall_%s %lu\n", zn[z],
			    z == MM_ZONE_NORMAL ? m->vm.allocstall : 0);
	proc_printf(&o, "pgfree %lu\n", m->vm.pgfree);
	return o.len;
}
