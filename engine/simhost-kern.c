// SPDX-License-Identifier: GPL-2.0
/*
 * simhost-kern.c - the allocation lines of a scenario (alloc_pages,
 * kmalloc, cache, kmem_cache_alloc, write, validate, ...) on the real
 * allocators, through the companion module kmod/simvm_lab.c: only on a
 * machine that is the run's own (the lab VM, opts.own), where a module
 * may be loaded and its bugs are the point.  Elsewhere they run on the
 * simulated machine only and are skipped.  Also the values of what they
 * made: the objects (/proc/simvm_lab), the scenario's caches (/proc/
 * slabinfo, /sys/kernel/slab/NAME) and SLUB's reports (the kernel log).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/simhost-int.h"
#include "sim/slub.h"
#include "util/sbuf.h"

#define SIMHOST_KPROC	"/proc/simvm_lab"

/* Send one command to the module; 0 or -1 with h->err. */
static int simhost_kern_do(struct simhost *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int simhost_kern_do(struct simhost *h, const char *fmt, ...)
{
	char cmd[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (simhost_write(SIMHOST_KPROC, cmd))
		return simhost_err(h, "%s: %s (kmod/simvm_lab.c: '%s')",
				   SIMHOST_KPROC, strerror(errno), cmd);
	return 0;
}

/* Not on this machine: the line runs on the simulated one only. */
static int simhost_kern_skip(struct simhost *h, int argc, char **argv)
{
	char text[200];
	int i, n = 0;

	for (i = 0; i < argc && n < (int)sizeof(text) - 1; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "%s%s",
			      i ? " " : "", argv[i]);
	return simhost_skip_line(h, text, argv[0], "no real equivalent: "
				 "runs on the simulated machine only (the "
				 "real allocators: sim check --vm)");
}

/*
 * Did the block of pages @name come on one machine and not on the other
 * (the simulator ran the line first)?  Whether one can be had is the
 * machine's RAM and free lists, not 6.1's logic: from the first such
 * line on, the kernel logs are not comparable (warn_alloc()'s report is
 * in one only), and simhost_cmd_expect() skips the dmesg patterns.
 */
static void simhost_kern_note_block(struct simhost *h, const char *name)
{
	char key[SIMHOST_NAME_MAX + 8];
	struct simhost_kobj k;
	struct scn_val v;

	if (h->block_line || !h->sim || h->sim_dead ||
	    !simhost_kern_obj(h, name, &k))
		return;
	snprintf(key, sizeof(key), "%s.failed", name);
	if (scn_get(h->sim, key, &v) || v.is_str || v.num == k.failed)
		return;
	h->block_line = h->line;
	snprintf(h->block, sizeof(h->block), "%s", name);
}

/* alloc_pages P order=N [gfp=G] */
int simhost_cmd_alloc_pages(struct simhost *h, struct simhost_proc *p,
			    int argc, char **argv)
{
	enum mm_gfp gfp = MM_GFP_KERNEL;
	long long order = 0;

	(void)p;
	if (!h->o->own)
		return simhost_kern_skip(h, argc, argv);
	if (argc < 2)
		return simhost_err(h, "alloc_pages needs a name");
	if (scn_alloc_opts(&h->tok, argc, argv, 2, &order, &gfp))
		return simhost_err(h, "%s", h->tok.err);
	if (simhost_kern_do(h, "alloc %s %lld %s", argv[1], order,
			    scn_gfp_name(gfp)))
		return -1;
	simhost_kern_note_block(h, argv[1]);
	return 0;
}

/* free_pages P, kfree K */
int simhost_cmd_kfree(struct simhost *h, struct simhost_proc *p, int argc,
		      char **argv)
{
	(void)p;
	if (!h->o->own)
		return simhost_kern_skip(h, argc, argv);
	if (argc != 2)
		return simhost_err(h, "%s needs a name", argv[0]);
	return simhost_kern_do(h, "%s %s", strcmp(argv[0], "kfree") ?
			       "free" : "kfree", argv[1]);
}

/* kmalloc K SIZE [gfp=G] */
int simhost_cmd_kmalloc(struct simhost *h, struct simhost_proc *p, int argc,
			char **argv)
{
	enum mm_gfp gfp = MM_GFP_KERNEL;
	uint64_t size;

	(void)p;
	if (!h->o->own)
		return simhost_kern_skip(h, argc, argv);
	if (argc < 3 || scn_parse_size(argv[2], &size))
		return simhost_err(h, "kmalloc needs a name and a size");
	if (scn_alloc_opts(&h->tok, argc, argv, 3, NULL, &gfp))
		return simhost_err(h, "%s", h->tok.err);
	return simhost_kern_do(h, "kmalloc %s %llu %s", argv[1],
			       (unsigned long long)size, scn_gfp_name(gfp));
}

/* cache C size=N [flags=FZPU] [align=N] [hwcache_align] */
int simhost_cmd_cache(struct simhost *h, struct simhost_proc *p, int argc,
		      char **argv)
{
	static const struct {
		unsigned flag;
		char letter;
	} letters[] = {
		{ MM_SLAB_CONSISTENCY, 'F' }, { MM_SLAB_RED_ZONE, 'Z' },
		{ MM_SLAB_POISON, 'P' }, { MM_SLAB_STORE_USER, 'U' },
		{ MM_SLAB_HWCACHE_ALIGN, 'H' },
	};
	struct scn_cache_opts o;
	char flags[8];
	size_t i, n = 0;

	(void)p;
	if (!h->o->own)
		return simhost_kern_skip(h, argc, argv);
	if (scn_cache_opts(&h->tok, argc, argv, &o))
		return simhost_err(h, "%s", h->tok.err);
	for (i = 0; i < sizeof(letters) / sizeof(*letters); i++)
		if (o.flags & letters[i].flag)
			flags[n++] = letters[i].letter;
	flags[n] = '\0';
	if (h->nkcache == SIMHOST_MAX_KCACHE || strlen(argv[1]) >=
	    SIMHOST_NAME_MAX)
		return simhost_err(h, "too many caches");
	if (simhost_kern_do(h, "cache %s %u %u %s", argv[1], o.size, o.align,
			    n ? flags : "-"))
		return -1;
	snprintf(h->kcache[h->nkcache++], SIMHOST_NAME_MAX, "%s", argv[1]);
	return 0;
}

/* kmem_cache_destroy C (cache_destroy C) */
int simhost_cmd_cache_destroy(struct simhost *h, struct simhost_proc *p,
			      int argc, char **argv)
{
	(void)p;
	if (!h->o->own)
		return simhost_kern_skip(h, argc, argv);
	if (argc != 2)
		return simhost_err(h, "%s needs a cache", argv[0]);
	return simhost_kern_do(h, "destroy %s", argv[1]);
}

/* kmem_cache_alloc C X, kmem_cache_free C X */
int simhost_cmd_cache_obj(struct simhost *h, struct simhost_proc *p,
			  int argc, char **argv)
{
	(void)p;
	if (!h->o->own)
		return simhost_kern_skip(h, argc, argv);
	if (argc != 3)
		return simhost_err(h, "%s needs a cache and a name", argv[0]);
	return simhost_kern_do(h, "%s %s %s", strcmp(argv[0],
			       "kmem_cache_free") ? "calloc" : "cfree",
			       argv[1], argv[2]);
}

/* write X offset=N byte=B [len=N] */
int simhost_cmd_kwrite(struct simhost *h, struct simhost_proc *p, int argc,
		       char **argv)
{
	struct scn_write_opts w;

	(void)p;
	if (!h->o->own)
		return simhost_kern_skip(h, argc, argv);
	if (scn_write_opts(&h->tok, argc, argv, &w))
		return simhost_err(h, "%s", h->tok.err);
	return simhost_kern_do(h, "write %s %lld %lld %lld", argv[1], w.off,
			       w.byte, w.len);
}

/* validate C: echo 1 > /sys/kernel/slab/C/validate */
int simhost_cmd_validate(struct simhost *h, struct simhost_proc *p, int argc,
			 char **argv)
{
	char path[SIMHOST_NAME_MAX + 40];

	(void)p;
	if (!h->o->own)
		return simhost_kern_skip(h, argc, argv);
	if (argc != 2 || strchr(argv[1], '/'))
		return simhost_err(h, "validate needs a cache");
	snprintf(path, sizeof(path), "/sys/kernel/slab/%s/validate", argv[1]);
	if (simhost_write(path, "1"))
		return simhost_err(h, "cannot write '%s': %s", path,
				   strerror(errno));
	return 0;
}

/* ---- values ---- */

/* Is @name one of the scenario's caches? */
static int simhost_kern_cache(struct simhost *h, const char *name)
{
	int i;

	for (i = 0; i < h->nkcache; i++)
		if (!strcmp(h->kcache[i], name))
			return 1;
	return 0;
}

/*
 * The object @obj's line of /proc/simvm_lab into *k: 1 found, 0 not an
 * object of the module.
 */
int simhost_kern_obj(struct simhost *h, const char *obj,
		     struct simhost_kobj *k)
{
	struct sbuf text = SBUF_INIT;
	char *line, *nl;
	int found = 0;

	if (!h->o->own || sbuf_read_file(&text, SIMHOST_KPROC) < 0) {
		sbuf_release(&text);
		return 0;
	}
	for (line = text.buf; *line && !found; line = nl + 1) {
		char name[SIMHOST_NAME_MAX];

		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		found = sscanf(line, "%31s %d %d %d %ld %31s %15s", name,
			       &k->live, &k->failed, &k->order, &k->ksize,
			       k->cache, k->zone) == 7 && !strcmp(name, obj);
	}
	sbuf_release(&text);
	return found;
}

/* A column of the cache's /proc/slabinfo line (0: active_objs). */
static int simhost_slabinfo(const char *cache, int col, long long *v)
{
	struct sbuf text = SBUF_INIT;
	char *line, *nl;
	int rc = -1;

	if (sbuf_read_file(&text, "/proc/slabinfo") < 0) {
		sbuf_release(&text);
		return -1;
	}
	for (line = text.buf; *line && rc; line = nl + 1) {
		char name[64];
		long long c[7];

		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		/* name active_objs num_objs objsize objperslab pagesperslab
		 * : tunables ... : slabdata active_slabs num_slabs ... */
		if (sscanf(line, "%63s %lld %lld %lld %lld %lld : tunables "
			   "%*d %*d %*d : slabdata %lld %lld", name, &c[0],
			   &c[1], &c[2], &c[3], &c[4], &c[5], &c[6]) == 8 &&
		    !strcmp(name, cache)) {
			*v = c[col];
			rc = 0;
		}
	}
	sbuf_release(&text);
	return rc;
}

/*
 * slab.C.FIELD of a cache the scenario made: 0 with v, 1 with why (no
 * real equivalent), -1 not such a name.
 */
int simhost_kern_slab(struct simhost *h, const char *name, struct scn_val *v,
		      char *why, size_t whylen)
{
	static const char *const slabinfo[] = {
		"active_objs", "num_objs", "objsize", "objperslab",
		"pagesperslab", "active_slabs", "num_slabs",
	};
	static const struct {
		const char *field, *file;
	} sysfs[] = {
		{ "object_size", "object_size" }, { "size", "slab_size" },
		{ "align", "align" }, { "order", "order" },
		{ "objects", "objs_per_slab" },
		{ "red_left_pad", "red_zone" },
	};
	char cache[64], path[160], buf[64];
	const char *dot;
	long long n;
	size_t i;

	if (strncmp(name, "slab.", 5) || !(dot = strrchr(name, '.')) ||
	    dot == name + 4 || (size_t)(dot - name - 5) >= sizeof(cache))
		return -1;
	snprintf(cache, sizeof(cache), "%.*s", (int)(dot - name - 5),
		 name + 5);
	if (!h->o->own || !simhost_kern_cache(h, cache)) {
		snprintf(why, whylen, "no real equivalent: %s", h->o->own ?
			 "a cache the whole kernel uses, not the scenario's "
			 "alone" : "the simulated machine's allocators (the "
			 "real ones: sim check --vm)");
		return 1;
	}
	for (i = 0; i < sizeof(slabinfo) / sizeof(*slabinfo); i++) {
		if (strcmp(dot + 1, slabinfo[i]))
			continue;
		if (simhost_slabinfo(cache, (int)i, &n))
			break;
		v->is_str = 0;
		v->num = n;
		snprintf(v->str, sizeof(v->str), "%lld", n);
		return 0;
	}
	for (i = 0; i < sizeof(sysfs) / sizeof(*sysfs); i++) {
		if (strcmp(dot + 1, sysfs[i].field))
			continue;
		snprintf(path, sizeof(path), "/sys/kernel/slab/%s/%s", cache,
			 sysfs[i].file);
		if (simhost_read(path, buf, sizeof(buf)))
			break;
		v->is_str = 0;
		v->num = strtoll(buf, NULL, 10);
		snprintf(v->str, sizeof(v->str), "%lld", v->num);
		return 0;
	}
	snprintf(why, whylen, "no real equivalent: /proc/slabinfo and "
		 "/sys/kernel/slab/%s do not show '%s'", cache, dot + 1);
	return 1;
}

/* slub.bugs: SLUB's "BUG CACHE (...): ..." reports in the kernel log. */
long simhost_kern_bugs(struct simhost *h)
{
	const char *p = h->dmesg.buf ? h->dmesg.buf : "";
	long n = 0;

	for (; *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
		n += !strncmp(p, "BUG ", 4);
	return n;
}
