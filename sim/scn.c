// SPDX-License-Identifier: GPL-2.0
/*
 * scn.c - the scenario interpreter core: tokenizer, command/show/getter
 * tables, the machine line, kernel-allocation lines, show, expect, ask.
 * Process lines are looked up in scn-proc.c's tables (part 2).
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sim/rx.h"
#include "sim/scn.h"
#include "sim/slub.h"
#include "sim/vm.h"

int scn_err(struct scn *s, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	return err;
}

/* Send text to the caller's output hook. */
static void scn_out(struct scn *s, enum scn_out_kind kind, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
static void scn_out(struct scn *s, enum scn_out_kind kind, const char *fmt,
		    ...)
{
	char text[1024];
	va_list ap;

	if (!s->out)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	s->out(s->ctx, kind, text);
}

/* Machine events: shown only when tracing (dmesg lines always stored). */
static void scn_event(void *ctx, const struct mm_event *ev)
{
	struct scn *s = ctx;
	char line[128];
	size_t len = 0;
	int i;

	if (!s->trace || !s->out)
		return;
	scn_out(s, SCN_OUT_EVENT, "%s%s", ev->type == MM_EV_DMESG ?
		"dmesg: " : "", ev->text);
	/* the call path, " -> " joined, wrapped under 80 columns */
	for (i = 0; i < ev->nframes; i++) {
		const char *f = ev->frames[i];
		size_t need = strlen(f) + 4;

		if (len && len + need > 76) {
			scn_out(s, SCN_OUT_TRACE, "%s", line);
			len = 0;
		}
		len += (size_t)snprintf(line + len, sizeof(line) - len, "%s%s",
					len ? " -> " : (i ? "  -> " : "  "),
					f);
		if (len >= sizeof(line))
			len = sizeof(line) - 1;
	}
	if (len)
		scn_out(s, SCN_OUT_TRACE, "%s", line);
}

void scn_init(struct scn *s, const char *file)
{
	memset(s, 0, sizeof(*s));
	s->file = file ? file : "<scenario>";
	s->readahead_kb = -1;
	s->fault_lock = -1;
}

void scn_free(struct scn *s)
{
	scn_proc_free(s);
	if (s->have_machine)
		mm_machine_free(&s->m);
	s->have_machine = 0;
	free(s->objs);
	s->objs = NULL;
	s->nobjs = s->capobjs = 0;
}

/* Bring up the machine from cfg. */
static int scn_boot(struct scn *s, const struct mm_config *in)
{
	struct mm_config c = *in, *cfg = &c;
	int err;

	if (c.readahead_kb < 0)
		c.readahead_kb = s->readahead_kb >= 0 ? s->readahead_kb :
				 MM_READAHEAD_KB;
	if (c.fault_lock < 0)
		c.fault_lock = s->fault_lock >= 0 ? s->fault_lock :
			       MM_FAULT_LOCK_MMAP;
	err = mm_machine_init(&s->m, cfg);

	if (err) {
		scn_err(s, err, "%s", s->m.err);
		mm_machine_free(&s->m);
		return err;
	}
	s->m.event = scn_event;
	s->m.event_ctx = s;
	s->m.trace = s->trace;
	s->have_machine = 1;
	return 0;
}

int scn_machine(struct scn *s)
{
	struct mm_config cfg;

	if (s->have_machine)
		return 0;
	mm_config_default(&cfg);
	return scn_boot(s, &cfg);
}

/* ---- parsing helpers ---- */

int scn_parse_num(const char *tok, long long *v)
{
	char *end;

	if (!tok || !*tok)
		return -EINVAL;
	errno = 0;
	*v = strtoll(tok, &end, 0);
	if (errno || *end)
		return -EINVAL;
	return 0;
}

int scn_parse_size(const char *tok, uint64_t *bytes)
{
	unsigned long long v, mult = 1;
	char *end;

	if (!tok || !isdigit((unsigned char)*tok))
		return -EINVAL;
	errno = 0;
	v = strtoull(tok, &end, 0);
	if (errno)
		return -EINVAL;
	switch (*end) {
	case '\0': break;
	case 'k': case 'K': mult = 1ULL << 10; end++; break;
	case 'm': case 'M': mult = 1ULL << 20; end++; break;
	case 'g': case 'G': mult = 1ULL << 30; end++; break;
	case 'p': mult = MM_PAGE_SIZE; end++; break;
	default: return -EINVAL;
	}
	if (*end || (v && v > (~0ULL) / mult))
		return -EINVAL;
	*bytes = v * mult;
	return 0;
}

const char *scn_kv(const char *tok, const char *key)
{
	size_t n = strlen(key);

	if (strncmp(tok, key, n) == 0 && tok[n] == '=')
		return tok + n + 1;
	return NULL;
}

/* Public (scn.h). */
int scn_range_name(struct scn *s, const char *tok, char *name, size_t size)
{
	size_t len = strcspn(tok, "[");

	if (len == 0 || len >= size)
		return scn_err(s, -EINVAL, "bad name '%s'", tok);
	memcpy(name, tok, len);
	name[len] = '\0';
	return 0;
}

/* Public (scn.h). */
int scn_range_pages(struct scn *s, const char *tok, uint64_t pages,
		    const char *what, uint64_t *first, uint64_t *n)
{
	const char *br = strchr(tok, '['), *q;
	char *end;
	long a, b;

	*first = 0;
	*n = pages;
	if (!br)
		return 0;
	a = strtol(br + 1, &end, 10);
	if (end == br + 1 || a < 0)
		return scn_err(s, -EINVAL, "bad page range '%s'", tok);
	b = a + 1;
	if (*end == ':') {
		q = end + 1;
		b = strtol(q, &end, 10);
		if (end == q)
			return scn_err(s, -EINVAL, "bad page range '%s'", tok);
	}
	if (strcmp(end, "]") || b <= a || (uint64_t)b > pages)
		return scn_err(s, -EINVAL, "bad page range '%s' (%s has %llu "
			       "pages)", tok, what, (unsigned long long)pages);
	*first = (uint64_t)a;
	*n = (uint64_t)(b - a);
	return 0;
}

/* ---- named objects ---- */

struct scn_obj *scn_obj_find(struct scn *s, const char *name)
{
	int i;

	for (i = 0; i < s->nobjs; i++)
		if (strcmp(s->objs[i].name, name) == 0)
			return &s->objs[i];
	return NULL;
}

/* A valid object name: letter, then letters, digits, _ (max 31). */
static int scn_valid_name(const char *name)
{
	size_t i, n = strlen(name);

	if (!n || n >= 32 || !isalpha((unsigned char)name[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && name[i] != '_' &&
		    name[i] != '-')
			return 0;
	return 1;
}

struct scn_obj *scn_obj_add(struct scn *s, const char *name)
{
	struct scn_obj *o = scn_obj_find(s, name);

	if (!scn_valid_name(name)) {
		scn_err(s, -EINVAL, "invalid name '%s'", name);
		return NULL;
	}
	if (o && o->live) {
		scn_err(s, -EEXIST, "'%s' is still allocated", name);
		return NULL;
	}
	if (!o) {
		if (s->nobjs == s->capobjs) {
			int cap = s->capobjs ? s->capobjs * 2 : 16;
			struct scn_obj *p = realloc(s->objs, cap * sizeof(*p));

			if (!p) {
				scn_err(s, -ENOMEM, "out of memory");
				return NULL;
			}
			s->objs = p;
			s->capobjs = cap;
		}
		o = &s->objs[s->nobjs++];
	}
	memset(o, 0, sizeof(*o));
	strcpy(o->name, name);
	return o;
}

/* Look up a live object of a kind for a free line. */
static struct scn_obj *scn_obj_need(struct scn *s, const char *name)
{
	struct scn_obj *o = scn_obj_find(s, name);

	if (!o) {
		scn_err(s, -ENOENT, "unknown name '%s'", name);
		return NULL;
	}
	return o;
}

/* ---- machine line ---- */

/* Public (scn.h): the options of a machine line into *cfg. */
int scn_machine_parse(struct scn *s, int argc, char **argv,
		      struct mm_config *cfg_out)
{
	struct mm_config cfg;
	const char *v;
	long long n;
	int i;

	mm_config_default(&cfg);
	for (i = 1; i < argc; i++) {
		if ((v = scn_kv(argv[i], "ram"))) {
			if (scn_parse_size(v, &cfg.ram_bytes))
				return scn_err(s, -EINVAL, "invalid size "
					       "'%s'", v);
		} else if ((v = scn_kv(argv[i], "thp"))) {
			if (!strcmp(v, "never"))
				cfg.thp = MM_THP_NEVER;
			else if (!strcmp(v, "madvise"))
				cfg.thp = MM_THP_MADVISE;
			else if (!strcmp(v, "always"))
				cfg.thp = MM_THP_ALWAYS;
			else
				return scn_err(s, -EINVAL, "invalid thp mode "
					       "'%s' (never, madvise, always)",
					       v);
		} else if ((v = scn_kv(argv[i], "min_free_kbytes"))) {
			if (!strcmp(v, "auto"))
				cfg.min_free_kbytes = -1;
			else if (scn_parse_num(v, &n) || n < 0 ||
				 n > 1048576)
				return scn_err(s, -EINVAL, "invalid "
					       "min_free_kbytes '%s'", v);
			else
				cfg.min_free_kbytes = (long)n;
		} else if ((v = scn_kv(argv[i], "swap"))) {
			if (scn_parse_size(v, &cfg.swap_bytes))
				return scn_err(s, -EINVAL, "invalid size "
					       "'%s'", v);
		} else if ((v = scn_kv(argv[i], "slub_debug"))) {
			if (mm_slub_parse_flags(v, &cfg.slub_debug))
				return scn_err(s, -EINVAL, "invalid slub_debug "
					       "'%s' (letters F Z P U)", v);
		} else if ((v = scn_kv(argv[i], "fault_lock"))) {
			if (!strcmp(v, "mmap"))
				cfg.fault_lock = MM_FAULT_LOCK_MMAP;
			else if (!strcmp(v, "vma"))
				cfg.fault_lock = MM_FAULT_LOCK_VMA;
			else
				return scn_err(s, -EINVAL, "invalid fault_lock "
					       "'%s' (mmap, vma)", v);
		} else if ((v = scn_kv(argv[i], "readahead_kb"))) {
			if (scn_parse_num(v, &n) || n < 0 || n > 1048576)
				return scn_err(s, -EINVAL, "invalid "
					       "readahead_kb '%s'", v);
			cfg.readahead_kb = (long)n;
		} else if ((v = scn_kv(argv[i], "cpus"))) {
			if (scn_parse_num(v, &n) || n < 1 || n > 4096)
				return scn_err(s, -EINVAL, "invalid cpu count "
					       "'%s'", v);
			cfg.cpus = (int)n;
		} else {
			return scn_err(s, -EINVAL, "unknown machine option "
				       "'%s'", argv[i]);
		}
	}
	*cfg_out = cfg;
	return 0;
}

static int scn_cmd_machine(struct scn *s, int argc, char **argv)
{
	struct mm_config cfg;
	int err;

	if (s->have_machine)
		return scn_err(s, -EINVAL, "'machine' must come before any "
			       "other simulation line");
	err = scn_machine_parse(s, argc, argv, &cfg);
	return err ? err : scn_boot(s, &cfg);
}

/* ---- kernel allocations ---- */

static const struct { const char *name; enum mm_gfp gfp; } scn_gfps[] = {
	{ "kernel", MM_GFP_KERNEL }, { "atomic", MM_GFP_ATOMIC },
	{ "dma", MM_GFP_DMA }, { "dma32", MM_GFP_DMA32 },
	{ "nowait", MM_GFP_NOWAIT },
	{ "highuser", MM_GFP_HIGHUSER_MOVABLE },
};

/* Public (scn.h). */
const char *scn_gfp_name(enum mm_gfp gfp)
{
	size_t i;

	for (i = 0; i < sizeof(scn_gfps) / sizeof(scn_gfps[0]); i++)
		if (scn_gfps[i].gfp == gfp)
			return scn_gfps[i].name;
	return "kernel";
}

static int scn_parse_gfp(struct scn *s, const char *v, enum mm_gfp *gfp)
{
	size_t i;

	for (i = 0; i < sizeof(scn_gfps) / sizeof(scn_gfps[0]); i++)
		if (!strcmp(v, scn_gfps[i].name)) {
			*gfp = scn_gfps[i].gfp;
			return 0;
		}
	return scn_err(s, -EINVAL, "unknown gfp '%s' (kernel, atomic, dma, "
		       "dma32, nowait, highuser)", v);
}

/* Public (scn.h): order=N gfp=G. */
int scn_alloc_opts(struct scn *s, int argc, char **argv, int first,
		   long long *order, enum mm_gfp *gfp)
{
	const char *v;
	int i;

	for (i = first; i < argc; i++) {
		if (order && (v = scn_kv(argv[i], "order"))) {
			if (scn_parse_num(v, order) || *order < 0 ||
			    *order >= MM_MAX_ORDER)
				return scn_err(s, -EINVAL, "invalid order "
					       "'%s' (0 to %d)", v,
					       MM_MAX_ORDER - 1);
		} else if ((v = scn_kv(argv[i], "gfp"))) {
			if (scn_parse_gfp(s, v, gfp))
				return -EINVAL;
		} else {
			return scn_err(s, -EINVAL, "unknown option '%s'",
				       argv[i]);
		}
	}
	return 0;
}

static int scn_cmd_alloc_pages(struct scn *s, int argc, char **argv)
{
	enum mm_gfp gfp = MM_GFP_KERNEL;
	long long order = 0;
	struct scn_obj *o;
	int err;

	if (argc < 2)
		return scn_err(s, -EINVAL, "alloc_pages needs a name");
	if (scn_alloc_opts(s, argc, argv, 2, &order, &gfp))
		return -EINVAL;
	if ((err = scn_machine(s)))
		return err;
	o = scn_obj_add(s, argv[1]);
	if (!o)
		return -EINVAL;
	o->kind = SCN_OBJ_PAGES;
	o->order = (unsigned)order;
	err = mm_buddy_alloc(&s->m, o->order, gfp, MM_OWNER_KERNEL, 0,
			     &o->pfn);
	if (err == -ENOMEM) {
		o->failed = 1;
		return 0;
	}
	if (err)
		return scn_err(s, err, "%s", s->m.err);
	o->live = 1;
	return 0;
}

static int scn_cmd_free_pages(struct scn *s, int argc, char **argv)
{
	struct scn_obj *o;
	int err;

	if (argc != 2)
		return scn_err(s, -EINVAL, "free_pages needs one name");
	o = scn_obj_need(s, argv[1]);
	if (!o)
		return -ENOENT;
	if (o->kind != SCN_OBJ_PAGES)
		return scn_err(s, -EINVAL, "'%s' was not allocated with "
			       "alloc_pages", argv[1]);
	if (!o->live)
		return scn_err(s, -EINVAL, "'%s' is not allocated", argv[1]);
	err = mm_buddy_free(&s->m, o->pfn, o->order);
	if (err)
		return scn_err(s, err, "%s", s->m.err);
	o->live = 0;
	return 0;
}

/* Cache id from a name token. */
static int scn_cache(struct scn *s, const char *name, int *id)
{
	int err = scn_machine(s);

	if (err)
		return err;
	*id = mm_slub_cache_find(&s->m, name);
	if (*id < 0)
		return scn_err(s, -ENOENT, "unknown cache '%s'", name);
	return 0;
}

/* Public (scn.h). */
int scn_cache_opts(struct scn *s, int argc, char **argv,
		   struct scn_cache_opts *o)
{
	long long size = -1, align = 0;
	unsigned flags = 0;
	const char *v;
	int i;

	if (argc < 2)
		return scn_err(s, -EINVAL, "cache needs a name");
	for (i = 2; i < argc; i++) {
		if ((v = scn_kv(argv[i], "size"))) {
			uint64_t b;

			if (scn_parse_size(v, &b) || b == 0 || b > (8U << 20))
				return scn_err(s, -EINVAL, "invalid size "
					       "'%s'", v);
			size = (long long)b;
		} else if ((v = scn_kv(argv[i], "align"))) {
			if (scn_parse_num(v, &align) || align < 0 ||
			    align > 4096 || (align & (align - 1)))
				return scn_err(s, -EINVAL, "invalid align "
					       "'%s'", v);
		} else if ((v = scn_kv(argv[i], "flags"))) {
			if (mm_slub_parse_flags(v, &flags))
				return scn_err(s, -EINVAL, "invalid flags "
					       "'%s' (letters F Z P U)", v);
		} else if (!strcmp(argv[i], "hwcache_align")) {
			flags |= MM_SLAB_HWCACHE_ALIGN;
		} else {
			return scn_err(s, -EINVAL, "unknown option '%s'",
				       argv[i]);
		}
	}
	if (size < 0)
		return scn_err(s, -EINVAL, "cache '%s' needs size=N", argv[1]);
	o->size = (unsigned)size;
	o->align = (unsigned)align;
	o->flags = flags;
	return 0;
}

static int scn_cmd_cache(struct scn *s, int argc, char **argv)
{
	struct scn_cache_opts o;
	int id, err;

	if ((err = scn_cache_opts(s, argc, argv, &o)) ||
	    (err = scn_machine(s)))
		return err;
	err = mm_slub_cache_create(&s->m, argv[1], o.size, o.align, o.flags,
				   &id);
	if (err)
		return scn_err(s, err, "%s", s->m.err);
	return 0;
}

static int scn_cmd_cache_destroy(struct scn *s, int argc, char **argv)
{
	int id, err;

	if (argc != 2)
		return scn_err(s, -EINVAL, "%s needs one cache", argv[0]);
	if ((err = scn_cache(s, argv[1], &id)))
		return err;
	err = mm_slub_cache_destroy(&s->m, id);
	if (err && err != -EBUSY)
		return scn_err(s, err, "%s", s->m.err);
	return 0;	/* -EBUSY: reported in dmesg, cache kept (as 6.1) */
}

static int scn_cmd_cache_alloc(struct scn *s, int argc, char **argv)
{
	struct scn_obj *o;
	int id, err;

	if (argc != 3)
		return scn_err(s, -EINVAL, "kmem_cache_alloc needs a cache and "
			       "a name");
	if ((err = scn_cache(s, argv[1], &id)))
		return err;
	o = scn_obj_add(s, argv[2]);
	if (!o)
		return -EINVAL;
	o->kind = SCN_OBJ_SLAB;
	o->cache = id;
	err = mm_slub_alloc(&s->m, id, &o->addr);
	if (err == -ENOMEM) {
		o->failed = 1;
		return 0;
	}
	if (err)
		return scn_err(s, err, "%s", s->m.err);
	o->live = 1;
	return 0;
}

static int scn_cmd_cache_free(struct scn *s, int argc, char **argv)
{
	struct scn_obj *o;
	int id, err;

	if (argc != 3)
		return scn_err(s, -EINVAL, "kmem_cache_free needs a cache and "
			       "a name");
	if ((err = scn_cache(s, argv[1], &id)))
		return err;
	o = scn_obj_need(s, argv[2]);
	if (!o)
		return -ENOENT;
	if (o->kind != SCN_OBJ_SLAB || o->failed)
		return scn_err(s, -EINVAL, "'%s' is not a slab object",
			       argv[2]);
	err = mm_slub_free(&s->m, id, o->addr);
	if (err == -EFAULT)
		return 0;	/* a finding, reported in dmesg */
	if (err)
		return scn_err(s, err, "%s", s->m.err);
	o->live = 0;
	return 0;
}

static int scn_cmd_kmalloc(struct scn *s, int argc, char **argv)
{
	enum mm_gfp gfp = MM_GFP_KERNEL;
	struct scn_obj *o;
	uint64_t size;
	int err;

	if (argc < 3)
		return scn_err(s, -EINVAL, "kmalloc needs a name and a size");
	if (scn_parse_size(argv[2], &size) || size > (64ULL << 20))
		return scn_err(s, -EINVAL, "invalid size '%s'", argv[2]);
	if (scn_alloc_opts(s, argc, argv, 3, NULL, &gfp))
		return -EINVAL;
	if ((err = scn_machine(s)))
		return err;
	o = scn_obj_add(s, argv[1]);
	if (!o)
		return -EINVAL;
	o->kind = SCN_OBJ_SLAB;
	o->size = (size_t)size;
	err = mm_slub_kmalloc(&s->m, (size_t)size, gfp, &o->addr, &o->cache);
	if (err == -ENOMEM) {
		o->failed = 1;
		return 0;
	}
	if (err)
		return scn_err(s, err, "%s", s->m.err);
	if (o->cache < 0)
		o->kind = SCN_OBJ_KMALLOC_LARGE;
	o->live = 1;
	return 0;
}

static int scn_cmd_kfree(struct scn *s, int argc, char **argv)
{
	struct scn_obj *o;
	int err;

	if (argc != 2)
		return scn_err(s, -EINVAL, "kfree needs one name");
	o = scn_obj_need(s, argv[1]);
	if (!o)
		return -ENOENT;
	if (o->kind == SCN_OBJ_PAGES || o->failed)
		return scn_err(s, -EINVAL, "'%s' was not allocated with "
			       "kmalloc", argv[1]);
	err = mm_slub_kfree(&s->m, o->addr);
	if (err == -EFAULT)
		return 0;
	if (err)
		return scn_err(s, err, "%s", s->m.err);
	o->live = 0;
	return 0;
}

/* Public (scn.h). */
int scn_write_opts(struct scn *s, int argc, char **argv,
		   struct scn_write_opts *w)
{
	long long off = 0, byte = -1, len = 1;
	const char *v;
	int i;

	if (argc < 2)
		return scn_err(s, -EINVAL, "write needs an object name");
	for (i = 2; i < argc; i++) {
		if ((v = scn_kv(argv[i], "offset"))) {
			if (scn_parse_num(v, &off) || off < -65536 ||
			    off > (64 << 20))
				return scn_err(s, -EINVAL, "invalid offset "
					       "'%s'", v);
		} else if ((v = scn_kv(argv[i], "byte"))) {
			if (scn_parse_num(v, &byte) || byte < 0 || byte > 255)
				return scn_err(s, -EINVAL, "invalid byte "
					       "'%s'", v);
		} else if ((v = scn_kv(argv[i], "len"))) {
			if (scn_parse_num(v, &len) || len < 1 ||
			    len > (64 << 20))
				return scn_err(s, -EINVAL, "invalid len '%s'",
					       v);
		} else {
			return scn_err(s, -EINVAL, "unknown option '%s'",
				       argv[i]);
		}
	}
	if (byte < 0)
		return scn_err(s, -EINVAL, "write needs byte=N");
	w->off = off;
	w->byte = byte;
	w->len = len;
	return 0;
}

static int scn_cmd_write(struct scn *s, int argc, char **argv)
{
	struct scn_write_opts w;
	struct scn_obj *o;
	int err;

	if ((err = scn_write_opts(s, argc, argv, &w)))
		return err;
	o = scn_obj_need(s, argv[1]);
	if (!o)
		return -ENOENT;
	if (o->kind == SCN_OBJ_PAGES || o->failed)
		return scn_err(s, -EINVAL, "'%s' is not a slab object",
			       argv[1]);
	err = mm_slub_write(&s->m, o->addr, (long)w.off, (uint8_t)w.byte,
			    (size_t)w.len);
	if (err)
		return scn_err(s, err, "%s", s->m.err);
	return 0;
}

static int scn_cmd_validate(struct scn *s, int argc, char **argv)
{
	int id, err;

	if (argc != 2)
		return scn_err(s, -EINVAL, "validate needs one cache");
	if ((err = scn_cache(s, argv[1], &id)))
		return err;
	err = mm_slub_validate(&s->m, id);
	if (err < 0)
		return scn_err(s, err, "%s", s->m.err);
	return 0;
}

/* ---- show ---- */

static int scn_show_buddyinfo(struct scn *s, int argc, char **argv,
			      struct mm_buf *b)
{
	(void)argc; (void)argv;
	mm_proc_buddyinfo(&s->m, b);
	return 0;
}

static int scn_show_zoneinfo(struct scn *s, int argc, char **argv,
			     struct mm_buf *b)
{
	(void)argc; (void)argv;
	mm_proc_zoneinfo(&s->m, b);
	return 0;
}

static int scn_show_slabinfo(struct scn *s, int argc, char **argv,
			     struct mm_buf *b)
{
	(void)argc; (void)argv;
	mm_proc_slabinfo(&s->m, b);
	return 0;
}

static int scn_show_vmstat(struct scn *s, int argc, char **argv,
			   struct mm_buf *b)
{
	(void)argc; (void)argv;
	mm_proc_vmstat(&s->m, b);
	return 0;
}

static int scn_show_dmesg(struct scn *s, int argc, char **argv,
			  struct mm_buf *b)
{
	(void)argc; (void)argv;
	if (s->m.dmesg_len)
		mm_buf_printf(b, "%s", s->m.dmesg);
	return 0;
}

const struct scn_show scn_core_shows[] = {
	{ "buddyinfo", scn_show_buddyinfo },
	{ "zoneinfo", scn_show_zoneinfo },
	{ "slabinfo", scn_show_slabinfo },
	{ "vmstat", scn_show_vmstat },
	{ "dmesg", scn_show_dmesg },
	{ NULL, NULL },
};

static const struct scn_show *scn_find_show(const struct scn_show *t,
					    const char *name)
{
	for (; t->name; t++)
		if (!strcmp(t->name, name))
			return t;
	return NULL;
}

static int scn_cmd_show(struct scn *s, int argc, char **argv)
{
	const struct scn_show *sh;
	struct mm_buf b = { 0 };
	int err;

	if (argc < 2)
		return scn_err(s, -EINVAL, "show needs what to show");
	sh = scn_find_show(scn_core_shows, argv[1]);
	if (!sh)
		sh = scn_find_show(scn_proc_shows, argv[1]);
	if (!sh)
		return scn_err(s, -EINVAL, "unknown show '%s'", argv[1]);
	if ((err = scn_machine(s)))
		return err;
	err = sh->show(s, argc - 1, argv + 1, &b);
	if (!err && b.oom)
		err = scn_err(s, -ENOMEM, "out of memory");
	if (!err && b.len && s->out)
		s->out(s->ctx, SCN_OUT_SHOW, b.s);
	mm_buf_free(&b);
	return err;
}

/* ---- values for expect / ask ---- */

static int scn_zone_by_name(const char *name, size_t n)
{
	static const char *const names[] = { "dma", "dma32", "normal" };
	int z;

	for (z = 0; z < MM_NR_ZONES; z++)
		if (strlen(names[z]) == n && !strncasecmp(name, names[z], n))
			return z;
	return -1;
}

static void scn_setnum(struct scn_val *v, long long n)
{
	v->is_str = 0;
	v->num = n;
	snprintf(v->str, sizeof(v->str), "%lld", n);
}

static void scn_setstr(struct scn_val *v, const char *str)
{
	v->is_str = 1;
	v->num = 0;
	snprintf(v->str, sizeof(v->str), "%s", str);
}

/* buddy.ZONE[N], buddy.ZONE.free, zone.ZONE.FIELD */
static int scn_get_zone(struct scn *s, const char *name, struct scn_val *v)
{
	const char *z, *dot;
	struct mm_zone *zone;
	int zi, buddy;

	buddy = !strncmp(name, "buddy.", 6);
	if (!buddy && strncmp(name, "zone.", 5))
		return -ENOENT;
	z = name + (buddy ? 6 : 5);
	dot = z + strcspn(z, ".[");
	zi = scn_zone_by_name(z, (size_t)(dot - z));
	if (zi < 0)
		return scn_err(s, -EINVAL, "unknown zone in '%s' (dma, dma32, "
			       "normal)", name);
	zone = &s->m.zones[zi];
	if (buddy && *dot == '[') {
		char *end;
		long o = strtol(dot + 1, &end, 10);

		if (end == dot + 1 || *end != ']' || end[1] || o < 0 ||
		    o >= MM_MAX_ORDER)
			return scn_err(s, -EINVAL, "invalid order in '%s'",
				       name);
		scn_setnum(v, (long long)zone->free_area[o].nr_free);
		return 0;
	}
	if (*dot != '.')
		return scn_err(s, -EINVAL, "invalid value '%s'", name);
	dot++;
	if (!strcmp(dot, "free"))
		scn_setnum(v, (long long)zone->nr_free);
	else if (!buddy && !strcmp(dot, "min"))
		scn_setnum(v, (long long)zone->wmark[MM_WMARK_MIN]);
	else if (!buddy && !strcmp(dot, "low"))
		scn_setnum(v, (long long)zone->wmark[MM_WMARK_LOW]);
	else if (!buddy && !strcmp(dot, "high"))
		scn_setnum(v, (long long)zone->wmark[MM_WMARK_HIGH]);
	else if (!buddy && !strcmp(dot, "spanned"))
		scn_setnum(v, (long long)zone->spanned);
	else if (!buddy && !strcmp(dot, "present"))
		scn_setnum(v, (long long)zone->present);
	else if (!buddy && !strcmp(dot, "managed"))
		scn_setnum(v, (long long)zone->managed);
	else
		return scn_err(s, -EINVAL, "unknown field in '%s'", name);
	return 0;
}

/* mem.free, mem.min_free_kbytes, mem.max_order, slub.bugs, dmesg */
static int scn_get_mem(struct scn *s, const char *name, struct scn_val *v)
{
	if (!strcmp(name, "mem.free"))
		scn_setnum(v, (long long)mm_free_pages(&s->m));
	else if (!strcmp(name, "mem.min_free_kbytes"))
		scn_setnum(v, s->m.min_free_kbytes);
	else if (!strcmp(name, "mem.max_order"))
		scn_setnum(v, mm_buddy_max_free_order(&s->m));
	else if (!strcmp(name, "slub.bugs"))
		scn_setnum(v, (long long)mm_slub_findings(&s->m));
	else if (!strcmp(name, "dmesg")) {
		/* the last SCN_STR_MAX-1 bytes are not enough: regex on the
		 * whole log is done by expect itself */
		scn_setstr(v, s->m.dmesg ? s->m.dmesg : "");
	} else
		return -ENOENT;
	return 0;
}

/* vmstat.NAME */
static int scn_get_vmstat(struct scn *s, const char *name, struct scn_val *v)
{
	int i;

	if (strncmp(name, "vmstat.", 7))
		return -ENOENT;
	for (i = 0; i < MM_NR_VMSTAT; i++)
		if (!strcmp(name + 7, mm_vmstat_name(i))) {
			scn_setnum(v, (long long)s->m.vmstat[i]);
			return 0;
		}
	if (!strcmp(name + 7, "nr_free_pages")) {
		scn_setnum(v, (long long)mm_free_pages(&s->m));
		return 0;
	}
	return scn_err(s, -EINVAL, "unknown vmstat counter '%s'", name + 7);
}

/* slab.CACHE.FIELD (cache names may contain dots? no: up to last dot) */
static int scn_get_slab(struct scn *s, const char *name, struct scn_val *v)
{
	struct mm_cache_info ci;
	char cname[64];
	const char *f;
	size_t n;
	int id;

	if (strncmp(name, "slab.", 5))
		return -ENOENT;
	f = strrchr(name, '.');
	n = (size_t)(f - (name + 5));
	if (f == name + 4 || n == 0 || n >= sizeof(cname))
		return scn_err(s, -EINVAL, "invalid value '%s' (slab.CACHE."
			       "FIELD)", name);
	memcpy(cname, name + 5, n);
	cname[n] = '\0';
	f++;
	id = mm_slub_cache_find(&s->m, cname);
	if (id < 0 || mm_slub_info(&s->m, id, &ci))
		return scn_err(s, -EINVAL, "unknown cache '%s'", cname);
#define F(x) if (!strcmp(f, #x)) { scn_setnum(v, (long long)ci.x); return 0; }
	F(active_objs) F(num_objs) F(active_slabs) F(num_slabs)
	F(object_size) F(size) F(align) F(inuse) F(offset) F(red_left_pad)
	F(order) F(objects) F(live)
#undef F
	if (!strcmp(f, "objsize")) {
		scn_setnum(v, ci.size);
		return 0;
	}
	if (!strcmp(f, "objperslab")) {
		scn_setnum(v, ci.objects);
		return 0;
	}
	if (!strcmp(f, "pagesperslab")) {
		scn_setnum(v, 1LL << ci.order);
		return 0;
	}
	return scn_err(s, -EINVAL, "unknown slab field '%s'", f);
}

/* NAME.FIELD for named allocations: pfn order zone failed live addr
 * cache ksize */
static int scn_get_obj(struct scn *s, const char *name, struct scn_val *v)
{
	const char *dot = strchr(name, '.');
	struct mm_cache_info ci;
	struct scn_obj *o;
	char oname[32];
	size_t n;

	if (!dot || (n = (size_t)(dot - name)) >= sizeof(oname))
		return -ENOENT;
	memcpy(oname, name, n);
	oname[n] = '\0';
	o = scn_obj_find(s, oname);
	if (!o)
		return -ENOENT;
	dot++;
	if (!strcmp(dot, "failed"))
		scn_setnum(v, o->failed);
	else if (!strcmp(dot, "live"))
		scn_setnum(v, o->live);
	else if (o->kind == SCN_OBJ_PAGES && !strcmp(dot, "pfn"))
		scn_setnum(v, o->pfn);
	else if (o->kind == SCN_OBJ_PAGES && !strcmp(dot, "order"))
		scn_setnum(v, o->order);
	else if (o->kind == SCN_OBJ_PAGES && !strcmp(dot, "zone"))
		scn_setstr(v, o->failed ? "-" :
			   mm_page_zone(&s->m, o->pfn)->name);
	else if (o->kind != SCN_OBJ_PAGES && !strcmp(dot, "addr"))
		scn_setnum(v, (long long)o->addr);
	else if (o->kind != SCN_OBJ_PAGES && !strcmp(dot, "ksize"))
		scn_setnum(v, (long long)mm_slub_ksize(&s->m, o->addr));
	else if (o->kind != SCN_OBJ_PAGES && !strcmp(dot, "cache")) {
		if (o->cache < 0 || mm_slub_info(&s->m, o->cache, &ci))
			scn_setstr(v, "-");
		else
			scn_setstr(v, ci.name);
	} else
		return scn_err(s, -EINVAL, "unknown field '%s' of '%s'", dot,
			       oname);
	return 0;
}

const struct scn_getter scn_core_getters[] = {
	{ scn_get_zone }, { scn_get_mem }, { scn_get_vmstat },
	{ scn_get_slab }, { scn_get_obj }, { NULL },
};

int scn_get(struct scn *s, const char *name, struct scn_val *v)
{
	const struct scn_getter *g;
	int err, pass;

	if ((err = scn_machine(s)))
		return err;
	for (pass = 0; pass < 2; pass++) {
		g = pass ? scn_proc_getters : scn_core_getters;
		for (; g->get; g++) {
			err = g->get(s, name, v);
			if (err != -ENOENT)
				return err;
		}
	}
	return scn_err(s, -ENOENT, "unknown value '%s'", name);
}

/* ---- expect / ask ---- */

/* Public (scn.h). */
int scn_parse_op(const char *t)
{
	static const char *const ops[] = { "==", "!=", "<", "<=", ">", ">=",
					   "~" };
	int i;

	for (i = 0; i < 7; i++)
		if (!strcmp(t, ops[i]))
			return i;
	return -1;
}

/* Public (scn.h): a number, a size or a word; 1 for a value name. */
int scn_literal(const char *tok, struct scn_val *v)
{
	uint64_t b;
	long long n;

	if (!scn_parse_num(tok, &n)) {
		scn_setnum(v, n);
		return 0;
	}
	if (tok[0] == '-' && !scn_parse_num(tok + 1, &n)) {
		scn_setnum(v, -n);
		return 0;
	}
	if (!scn_parse_size(tok, &b)) {
		scn_setnum(v, (long long)b);
		return 0;
	}
	if (strchr(tok, '.') || strchr(tok, '['))
		return 1;
	scn_setstr(v, tok);
	return 0;
}

/* The right-hand side: a literal, or a value name resolved here. */
static int scn_rhs(struct scn *s, const char *tok, struct scn_val *v)
{
	return scn_literal(tok, v) ? scn_get(s, tok, v) : 0;
}

/* Public (scn.h). */
int scn_compare(struct scn *s, const struct scn_val *l, int op,
		const struct scn_val *r, int *ok)
{
	if (op < 0 || op >= SCN_OP_MATCH)
		return scn_err(s, -EINVAL, "invalid operator");
	if (l->is_str != r->is_str || l->is_str) {
		int c = strcmp(l->str, r->str);

		if (op != SCN_OP_EQ && op != SCN_OP_NE)
			return scn_err(s, -EINVAL, "cannot order '%s' and "
				       "'%s'", l->str, r->str);
		*ok = op == SCN_OP_EQ ? c == 0 : c != 0;
	} else {
		long long a = l->num, b = r->num;

		*ok = op == SCN_OP_EQ ? a == b : op == SCN_OP_NE ? a != b :
		      op == SCN_OP_LT ? a < b : op == SCN_OP_LE ? a <= b :
		      op == SCN_OP_GT ? a > b : a >= b;
	}
	return 0;
}

/* Public (scn.h). */
int scn_match(struct scn *s, const char *text, const char *re, int *ok)
{
	size_t n = strlen(re);
	const char *why;
	char pat[512];
	struct rx *rx;
	int rc;

	if (n < 2 || re[0] != '/' || re[n - 1] != '/' || n - 2 >= sizeof(pat))
		return scn_err(s, -EINVAL, "invalid pattern '%s' (write "
			       "/regex/)", re);
	memcpy(pat, re + 1, n - 2);
	pat[n - 2] = '\0';
	why = rx_compile(pat, &rx);
	if (why)
		return scn_err(s, -EINVAL, "invalid regular expression '%s': "
			       "%s", re, why);
	rc = rx_match(rx, text, strlen(text));
	rx_free(rx);
	if (rc == RX_TOO_COSTLY)
		return scn_err(s, -EINVAL, "pattern '%s' gave up: more than "
			       "%ld steps on this text", re, RX_MAX_STEPS);
	*ok = rc == RX_MATCH;
	return 0;
}

static int scn_cmd_expect(struct scn *s, int argc, char **argv)
{
	struct scn_val l, r;
	int op, ok = 0, err;
	const char *text;

	if (argc != 4)
		return scn_err(s, -EINVAL, "expect needs VALUE OP VALUE");
	op = scn_parse_op(argv[2]);
	if (op < 0)
		return scn_err(s, -EINVAL, "unknown operator '%s' (== != < <= "
			       "> >= ~)", argv[2]);
	if ((err = scn_get(s, argv[1], &l)))
		return err;
	if (op == SCN_OP_MATCH) {
		text = !strcmp(argv[1], "dmesg") ?
			(s->m.dmesg ? s->m.dmesg : "") : l.str;
		if ((err = scn_match(s, text, argv[3], &ok)))
			return err;
		r.is_str = 1;
		snprintf(r.str, sizeof(r.str), "%s", argv[3]);
	} else if ((err = scn_rhs(s, argv[3], &r)) ||
		   (err = scn_compare(s, &l, op, &r, &ok))) {
		return err;
	}
	if (ok) {
		s->passed++;
		scn_out(s, SCN_OUT_PASS, "ok: %s %s %s", argv[1], argv[2],
			argv[3]);
	} else {
		s->failed++;
		if (op == SCN_OP_MATCH)
			scn_out(s, SCN_OUT_FAIL, "FAILED: %s %s %s", argv[1],
				argv[2], argv[3]);
		else
			scn_out(s, SCN_OUT_FAIL, "FAILED: %s %s %s (is %s)",
				argv[1], argv[2], argv[3], l.str);
	}
	return 0;
}

/* Resolve a pending ask and hand the truth to the hook. */
int scn_finish(struct scn *s)
{
	struct scn_val v;
	int err, line = s->line;

	if (!s->ask_pending)
		return 0;
	s->ask_pending = 0;
	err = scn_get(s, s->ask_name, &v);
	if (err) {
		s->line = s->ask_line;	/* the error belongs to the ask */
		(void)line;
		return err;
	}
	if (s->ask)
		s->ask(s->ctx, s->ask_q, &v);
	return 0;
}

static int scn_cmd_ask(struct scn *s, int argc, char **argv)
{
	struct scn_val v;
	int err;

	if (argc != 3)
		return scn_err(s, -EINVAL, "ask needs \"QUESTION\" VALUE");
	if ((err = scn_finish(s)))
		return err;
	/* the value may name an object the next line creates: it is
	 * resolved then, and a bad name is reported at this line */
	(void)v;
	snprintf(s->ask_q, sizeof(s->ask_q), "%s", argv[1]);
	snprintf(s->ask_name, sizeof(s->ask_name), "%s", argv[2]);
	s->ask_pending = 1;
	s->ask_line = s->line;
	if (s->ask)
		s->ask(s->ctx, s->ask_q, NULL);
	return 0;
}

/*
 * Public (scn.h).  repeat N [from=S] [by=K] LINE...: LINE N times, each
 * '#' in it replaced by S + i*K (defaults 0 and 1).  Repeats do not nest.
 */
int scn_repeat(struct scn *s, int argc, char **argv,
	       int (*run)(void *ctx, char *line), void *ctx)
{
	long long n, from = 0, by = 1, i;
	char line[SCN_LINE_MAX], num[32];
	const char *v;
	int first = 2, err, j;

	if (argc < 3 || scn_parse_num(argv[1], &n) || n < 0 || n > 100000)
		return scn_err(s, -EINVAL, "repeat needs a count (0 to 100000) "
			       "and a line");
	for (; first < argc; first++) {
		if ((v = scn_kv(argv[first], "from"))) {
			if (scn_parse_num(v, &from) || from < 0 ||
			    from > 1000000)
				return scn_err(s, -EINVAL, "invalid from '%s'",
					       v);
		} else if ((v = scn_kv(argv[first], "by"))) {
			if (scn_parse_num(v, &by) || by < 1 || by > 1000000)
				return scn_err(s, -EINVAL, "invalid by '%s'",
					       v);
		} else {
			break;
		}
	}
	if (first == argc)
		return scn_err(s, -EINVAL, "repeat needs a line to repeat");
	if (!strcmp(argv[first], "repeat"))
		return scn_err(s, -EINVAL, "repeat does not nest");
	for (j = first; j < argc; j++)
		if (strchr(argv[j], ' ') || !*argv[j])
			return scn_err(s, -EINVAL, "repeat cannot hold quoted "
				       "text");
	for (i = 0; i < n; i++) {
		size_t len = 0;

		snprintf(num, sizeof(num), "%lld", from + i * by);
		for (j = first; j < argc; j++) {
			const char *p;

			if (len && len < sizeof(line) - 1)
				line[len++] = ' ';
			for (p = argv[j]; *p && len < sizeof(line) - 24; p++) {
				if (*p == '#') {
					len += (size_t)snprintf(line + len,
						sizeof(line) - len, "%s", num);
				} else {
					line[len++] = *p;
				}
			}
		}
		line[len] = '\0';
		if ((err = run(ctx, line)))
			return err;
	}
	return 0;
}

static int scn_repeat_line(void *ctx, char *line)
{
	return scn_line(ctx, line);
}

static int scn_cmd_repeat(struct scn *s, int argc, char **argv)
{
	return scn_repeat(s, argc, argv, scn_repeat_line, s);
}

const struct scn_cmd scn_core_cmds[] = {
	{ "repeat", 0, scn_cmd_repeat },
	{ "machine", 0, scn_cmd_machine },
	{ "alloc_pages", 0, scn_cmd_alloc_pages },
	{ "free_pages", 0, scn_cmd_free_pages },
	{ "cache", 0, scn_cmd_cache },
	{ "kmem_cache_create", 0, scn_cmd_cache },
	{ "cache_destroy", 0, scn_cmd_cache_destroy },
	{ "kmem_cache_destroy", 0, scn_cmd_cache_destroy },
	{ "kmem_cache_alloc", 0, scn_cmd_cache_alloc },
	{ "kmem_cache_free", 0, scn_cmd_cache_free },
	{ "kmalloc", 0, scn_cmd_kmalloc },
	{ "kfree", 0, scn_cmd_kfree },
	{ "write", 0, scn_cmd_write },
	{ "validate", 0, scn_cmd_validate },
	{ "show", 0, scn_cmd_show },
	{ "expect", 0, scn_cmd_expect },
	{ "ask", 0, scn_cmd_ask },
	{ NULL, 0, NULL },
};

/* ---- tokenizer and dispatch ---- */

/*
 * Split line into tokens in place.  "quoted strings" are one token; after
 * a "~" token the rest of the line is one token (a /regex/); '#' outside
 * quotes starts a comment.  Returns the count or -EINVAL.  Exported for
 * host mode (engine/simhost.c), which reads scenarios with the same rules.
 */
int scn_tokenize(struct scn *s, char *p, char **argv)
{
	int argc = 0;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			break;
		if (argc == SCN_MAX_TOKENS)
			return scn_err(s, -EINVAL, "too many tokens (at "
				       "'%.20s')", p);
		if (argc > 0 && !strcmp(argv[argc - 1], "~")) {
			char *e = p + strlen(p);

			while (e > p && (e[-1] == ' ' || e[-1] == '\t' ||
					 e[-1] == '\r' || e[-1] == '\n'))
				e--;
			*e = '\0';
			argv[argc++] = p;
			break;
		}
		if (*p == '"') {
			char *e = strchr(p + 1, '"');

			if (!e)
				return scn_err(s, -EINVAL, "unterminated quote "
					       "'%.20s'", p);
			*e = '\0';
			argv[argc++] = p + 1;
			p = e + 1;
			if (*p && *p != ' ' && *p != '\t')
				return scn_err(s, -EINVAL, "missing blank "
					       "after quote at '%.20s'", p);
			continue;
		}
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
		       *p != '\n')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return argc;
}

static const struct scn_cmd *scn_find_cmd(const struct scn_cmd *t,
					  const char *name, int subject)
{
	for (; t->name; t++)
		if (t->subject == subject && !strcmp(t->name, name))
			return t;
	return NULL;
}

/* Public (scn.h). */
const struct scn_cmd *scn_lookup(int argc, char **argv)
{
	const struct scn_cmd *c;

	if (argc < 1)
		return NULL;
	c = scn_find_cmd(scn_core_cmds, argv[0], 0);
	if (!c)
		c = scn_find_cmd(scn_proc_cmds, argv[0], 0);
	if (!c && argc > 1)
		c = scn_find_cmd(scn_proc_cmds, argv[1], 1);
	return c;
}

int scn_line(struct scn *s, char *line)
{
	char *argv[SCN_MAX_TOKENS + 1];
	const struct scn_cmd *c;
	int argc, err;

	s->err[0] = '\0';
	argc = scn_tokenize(s, line, argv);
	if (argc <= 0)
		return argc;
	argv[argc] = NULL;
	c = scn_lookup(argc, argv);
	if (!c && argc > 1 && s->m.ext && vm_proc_find(s->m.ext, argv[0]))
		return scn_err(s, -EINVAL, "unknown process command '%s' "
			       "(after '%s')", argv[1], argv[0]);
	if (!c)
		return scn_err(s, -EINVAL, "unknown command '%s'", argv[0]);
	if (s->have_machine)
		s->m.trace = s->trace;
	err = c->run(s, argc, argv);
	if (!err && s->have_machine)
		scn_proc_after_line(s);
	if (err || c->run == scn_cmd_ask || !s->ask_pending)
		return err;
	return scn_finish(s);
}

/* Public (scn.h). */
int scn_next_line(struct scn *s, const char **pos, char *buf, size_t size)
{
	const char *p = *pos;
	size_t n;

	if (!*p)
		return 0;
	n = strcspn(p, "\n");
	s->line++;
	*pos = p + n + (p[n] != '\0');
	if (n >= size)
		return scn_err(s, -EINVAL, "line too long (%zu bytes)", n);
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 1;
}

int scn_run_text(struct scn *s, const char *text)
{
	const char *p = text;
	char buf[SCN_LINE_MAX];
	int err;

	s->line = 0;
	while ((err = scn_next_line(s, &p, buf, sizeof(buf))) > 0)
		if ((err = scn_line(s, buf)))
			return err;
	return err ? err : scn_finish(s);
}

/* Public (scn.h). */
int scn_lint_text(struct scn *s, const char *text,
		  void (*bad)(void *ctx, int line, const char *err),
		  void *ctx)
{
	const char *p = text;
	char buf[SCN_LINE_MAX];
	int err, nbad = 0;

	s->line = 0;
	while ((err = scn_next_line(s, &p, buf, sizeof(buf))) != 0) {
		if (err > 0)
			err = scn_line(s, buf);
		if (err) {
			bad(ctx, s->line, s->err);
			nbad++;
		}
	}
	if (scn_finish(s)) {
		bad(ctx, s->line, s->err);
		nbad++;
	}
	return nbad;
}
