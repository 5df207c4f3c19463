// SPDX-License-Identifier: GPL-2.0
/*
 * simhost-val.c - the real values of host mode: which value names of the
 * scenario language have a real equivalent on this kernel, where each is
 * read, and why the others have none.  One table (simhost_fields[]) says
 * it all: the expect lines use it, the scan that decides whether a
 * scenario is worth running derives its list of real names from it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine/simhost-int.h"
#include "util/sbuf.h"

/* Sums of the smaps fields over the VMAs inside p's mappings. */
struct simhost_smaps {
	long rss, anon, thp, vmas;	/* pages, huge pages, VMAs */
};

static int simhost_in_maps(struct simhost_proc *p, uint64_t a, uint64_t b)
{
	int i;

	for (i = 0; i < p->nmap; i++)
		if (a < p->map[i].addr + p->map[i].len && b > p->map[i].addr)
			return 1;
	return 0;
}

static void simhost_smaps(struct simhost_proc *p, struct simhost_smaps *sm)
{
	struct sbuf text = SBUF_INIT;
	char path[64], *line, *nl;
	int in = 0;

	memset(sm, 0, sizeof(*sm));
	if (!p->live)
		return;
	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)p->pid);
	if (sbuf_read_file(&text, path) < 0) {
		sbuf_release(&text);
		return;
	}
	for (line = text.buf; *line; line = nl + 1) {
		unsigned long long a, b;
		long kb;

		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		if (sscanf(line, "%llx-%llx ", &a, &b) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			in = simhost_in_maps(p, a, b);
			sm->vmas += in;
		} else if (in && sscanf(line, "Rss: %ld kB", &kb) == 1) {
			sm->rss += kb / 4;
		} else if (in && sscanf(line, "Anonymous: %ld kB", &kb) == 1) {
			sm->anon += kb / 4;
		} else if (in && sscanf(line, "AnonHugePages: %ld kB",
					&kb) == 1) {
			sm->thp += kb / 2048;
		}
	}
	sbuf_release(&text);
}

/* Public (simhost-int.h). */
long simhost_status(pid_t pid, const char *field)
{
	char path[64], buf[4096], *p;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (simhost_read(path, buf, sizeof(buf)))
		return -1;
	p = strstr(buf, field);
	if (!p)
		return -1;
	return strtol(p + strlen(field), NULL, 10) / 4;
}

static void simhost_setnum(struct scn_val *v, long long n)
{
	v->is_str = 0;
	v->num = n;
	snprintf(v->str, sizeof(v->str), "%lld", n);
}

/* ---- process values ---- */

static int simhost_v_minflt(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_proc *p = o;

	(void)h;
	simhost_proc_counters(p);
	simhost_setnum(v, p->min);
	return 0;
}

static int simhost_v_majflt(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_proc *p = o;

	(void)h;
	simhost_proc_counters(p);
	simhost_setnum(v, p->maj);
	return 0;
}

static int simhost_v_rss(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_smaps sm;

	(void)h;
	simhost_smaps(o, &sm);
	simhost_setnum(v, sm.rss);
	return 0;
}

static int simhost_v_rss_anon(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_smaps sm;

	(void)h;
	simhost_smaps(o, &sm);
	simhost_setnum(v, sm.anon);
	return 0;
}

static int simhost_v_rss_file(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_smaps sm;

	(void)h;
	simhost_smaps(o, &sm);
	simhost_setnum(v, sm.rss - sm.anon);
	return 0;
}

static int simhost_v_thp(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_smaps sm;

	(void)h;
	simhost_smaps(o, &sm);
	simhost_setnum(v, sm.thp);
	return 0;
}

static int simhost_v_vmas(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_smaps sm;

	(void)h;
	simhost_smaps(o, &sm);
	simhost_setnum(v, sm.vmas);
	return 0;
}

static int simhost_v_segv(struct simhost *h, void *o, struct scn_val *v)
{
	(void)h;
	simhost_setnum(v, ((struct simhost_proc *)o)->segv);
	return 0;
}

/* As the simulator words it: SEGV_MAPERR (1), SEGV_ACCERR (2), none. */
static int simhost_v_segv_code(struct simhost *h, void *o, struct scn_val *v)
{
	static const char *const code[] = {
		"none", "SEGV_MAPERR", "SEGV_ACCERR",
	};
	int c = ((struct simhost_proc *)o)->segv_code;

	(void)h;
	v->is_str = 1;
	snprintf(v->str, sizeof(v->str), "%s",
		 code[c == 1 || c == 2 ? c : 0]);
	return 0;
}

static int simhost_v_live(struct simhost *h, void *o, struct scn_val *v)
{
	(void)h;
	simhost_setnum(v, ((struct simhost_proc *)o)->live);
	return 0;
}

/* /proc/PID/oom_score of a live process, else 0. */
static int simhost_v_oom_score(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_proc *p = o;
	char path[64], buf[64];

	(void)h;
	snprintf(path, sizeof(path), "/proc/%d/oom_score", (int)p->pid);
	if (!p->live || simhost_read(path, buf, sizeof(buf)))
		simhost_setnum(v, 0);
	else
		simhost_setnum(v, strtol(buf, NULL, 10));
	return 0;
}

/*
 * Page tables: VmPTE (mm_pgtables_bytes: PTE, PMD and PUD tables) since
 * the process said ready.  Its mappings lie where the simulator's are,
 * in a PGD entry of their own (the program, its libraries and its stack
 * sit in the last one, with ASLR off), so the tables they need are the
 * same ones.
 */
static long simhost_pgtables(struct simhost_proc *p)
{
	long pte = p->live ? simhost_status(p->pid, "VmPTE:") : -1;

	return pte < 0 ? 0 : pte - p->base_pte;
}

/* A forked child said ready after the fork: its VmPTE then holds the
 * tables the fork copied for the scenario's mappings (and its VmRSS the
 * pages), which the simulator counts as the child's. */
static int simhost_v_pgtables(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_proc *p = o;

	(void)h;
	if (p->forked)
		return 1;
	simhost_setnum(v, simhost_pgtables(p));
	return 0;
}

/*
 * oom_badness() of 6.1: rss + swap entries + page-table pages, plus
 * adj * (totalpages / 1000), from /proc/PID/status (VmRSS, VmSwap, VmPTE)
 * less what the process had when it said ready (its program, stack and
 * libraries: not the scenario's).  A.badness is the global OOM's, whose
 * totalpages is this host's RAM and swap, not the simulated machine's:
 * only a process with adj 0 compares.
 */
static int simhost_v_badness(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_proc *p = o;
	long rss, swap;

	(void)h;
	if (p->adj || p->forked)
		return 1;
	if (!p->live) {
		simhost_setnum(v, 0);
		return 0;
	}
	rss = simhost_status(p->pid, "VmRSS:");
	swap = simhost_status(p->pid, "VmSwap:");
	simhost_setnum(v, rss - p->base_rss + (swap > 0 ? swap : 0) +
		       simhost_pgtables(p));
	return 0;
}

static int simhost_v_swapents(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_proc *p = o;
	long swap = p->live ? simhost_status(p->pid, "VmSwap:") : 0;

	(void)h;
	simhost_setnum(v, swap > 0 ? swap : 0);
	return 0;
}

/*
 * COW copies, reuses and zero-page maps: the kernel counts none of them
 * per process; simhost_cow_count() reads them off the page tables around
 * each touch (pagemap frame numbers and kpageflags, as root).
 */
#define SIMHOST_COW_WHY "the kernel does not count them per process, and " \
	"reading them off the page tables (/proc/PID/pagemap, " \
	"/proc/kpageflags) needs root and no huge page in the range"

static int simhost_v_copies(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_proc *p = o;

	(void)h;
	if (!p->cow_known)
		return 1;
	simhost_setnum(v, p->copies);
	return 0;
}

static int simhost_v_reuses(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_proc *p = o;

	(void)h;
	if (!p->cow_known)
		return 1;
	simhost_setnum(v, p->reuses);
	return 0;
}

static int simhost_v_zero_maps(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_proc *p = o;

	(void)h;
	if (!p->cow_known)
		return 1;
	simhost_setnum(v, p->zero_maps);
	return 0;
}

/* ---- memcg and file values ---- */

/* A number from a memcg file ("oom_kill N" lines for key). */
static int simhost_cg_num(struct simhost_cg *g, const char *file,
			  const char *key, struct scn_val *v)
{
	char path[SIMHOST_PATH_MAX + 48], buf[1024], *p;

	snprintf(path, sizeof(path), "%s/%s", g->path, file);
	if (simhost_read(path, buf, sizeof(buf)))
		return 1;
	p = buf;
	if (key) {
		p = strstr(buf, key);
		if (!p)
			return 1;
		p += strlen(key);
	}
	simhost_setnum(v, strtoll(p, NULL, 10));
	return 0;
}

static int simhost_v_usage(struct simhost *h, void *o, struct scn_val *v)
{
	(void)h;
	return simhost_cg_num(o, "memory.usage_in_bytes", NULL, v);
}

static int simhost_v_limit(struct simhost *h, void *o, struct scn_val *v)
{
	(void)h;
	return simhost_cg_num(o, "memory.limit_in_bytes", NULL, v);
}

static int simhost_v_failcnt(struct simhost *h, void *o, struct scn_val *v)
{
	(void)h;
	return simhost_cg_num(o, "memory.failcnt", NULL, v);
}

static int simhost_v_oom_kill(struct simhost *h, void *o, struct scn_val *v)
{
	(void)h;
	return simhost_cg_num(o, "memory.oom_control", "oom_kill ", v);
}

static int simhost_v_cached(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_file *f = o;

	(void)h;
	simhost_setnum(v, simhost_cached(f->path, f->size));
	return 0;
}

static int simhost_v_pages(struct simhost *h, void *o, struct scn_val *v)
{
	struct simhost_file *f = o;

	(void)h;
	simhost_setnum(v, (long long)((f->size + SIMHOST_PAGE - 1) /
				      SIMHOST_PAGE));
	return 0;
}

/* ---- the table ---- */

enum simhost_of { SIMHOST_OF_PROC, SIMHOST_OF_CG, SIMHOST_OF_FILE };

/*
 * OBJ.FIELD values: get() returns 0 with v, or 1 when the value cannot
 * be had now (its why, or a generic one); no get: never a real
 * equivalent, and why says so.
 */
static const struct simhost_field {
	const char *name;
	enum simhost_of of;
	int (*get)(struct simhost *h, void *obj, struct scn_val *v);
	const char *why;
} simhost_fields[] = {
	{ "minflt", SIMHOST_OF_PROC, simhost_v_minflt, NULL },
	{ "majflt", SIMHOST_OF_PROC, simhost_v_majflt, NULL },
	{ "rss", SIMHOST_OF_PROC, simhost_v_rss, NULL },
	{ "rss_anon", SIMHOST_OF_PROC, simhost_v_rss_anon, NULL },
	{ "rss_file", SIMHOST_OF_PROC, simhost_v_rss_file, NULL },
	{ "thp", SIMHOST_OF_PROC, simhost_v_thp, NULL },
	{ "vmas", SIMHOST_OF_PROC, simhost_v_vmas, NULL },
	{ "segv", SIMHOST_OF_PROC, simhost_v_segv, NULL },
	{ "segv_code", SIMHOST_OF_PROC, simhost_v_segv_code, NULL },
	{ "live", SIMHOST_OF_PROC, simhost_v_live, NULL },
	{ "oom_score", SIMHOST_OF_PROC, simhost_v_oom_score, NULL },
	{ "pgtables", SIMHOST_OF_PROC, simhost_v_pgtables,
	  "a process made by fork said ready after it, so its baseline "
	  "(VmPTE then) holds the tables the fork copied" },
	{ "swapents", SIMHOST_OF_PROC, simhost_v_swapents, NULL },
	{ "badness", SIMHOST_OF_PROC, simhost_v_badness,
	  "its adj term is adj * totalpages / 1000, and totalpages is this "
	  "host's RAM, not the simulated machine's; a process made by fork "
	  "said ready after it, so its baseline holds what the fork "
	  "copied" },
	{ "copies", SIMHOST_OF_PROC, simhost_v_copies, SIMHOST_COW_WHY },
	{ "reuses", SIMHOST_OF_PROC, simhost_v_reuses, SIMHOST_COW_WHY },
	{ "zero_maps", SIMHOST_OF_PROC, simhost_v_zero_maps,
	  SIMHOST_COW_WHY },
	{ "usage", SIMHOST_OF_CG, simhost_v_usage, NULL },
	{ "limit", SIMHOST_OF_CG, simhost_v_limit, NULL },
	{ "failcnt", SIMHOST_OF_CG, simhost_v_failcnt, NULL },
	{ "oom_kill", SIMHOST_OF_CG, simhost_v_oom_kill, NULL },
	{ "oom", SIMHOST_OF_CG, NULL,
	  "cgroup v1 does not count MEMCG_OOM events (v2's memory.events "
	  "does)" },
	{ "cached", SIMHOST_OF_FILE, simhost_v_cached, NULL },
	{ "pages", SIMHOST_OF_FILE, simhost_v_pages, NULL },
	{ NULL, 0, NULL, NULL },
};

/* Names of the simulated machine that no process on the host shows. */
static const struct {
	const char *prefix, *why;
} simhost_machine_names[] = {
	{ "vmstat.", "a system-wide counter that every other process on the "
		     "host changes too" },
	{ "lru.", "a system-wide counter that every other process on the "
		  "host changes too" },
	{ "swap.", "the host's swap is not the simulated machine's" },
	{ "buddy.", "the free lists of the simulated machine, which starts "
		    "with every page free (the VM's hold what its boot left)" },
	{ "zone.", "the zones of the simulated machine's RAM, not this "
		   "machine's" },
	{ "mem.", "the simulated machine's RAM, not this machine's" },
	{ "", "state of the simulated machine's allocators" },
};

/* Fields of the allocation lines' objects (kmod/simvm_lab.c), and why
 * the others are not the simulated machine's. */
static const struct {
	const char *name, *why;
} simhost_kfields[] = {
	{ "live", NULL }, { "failed", NULL }, { "order", NULL },
	{ "ksize", NULL }, { "cache", NULL }, { "zone", NULL },
	{ "pfn", "where the VM's buddy allocator put it: its free lists hold "
		 "what its boot left, the simulated machine's start empty" },
	{ "addr", "where the VM's allocator put it" },
};

/* OBJ.FIELD of an object of the allocation lines: 0, 1 (why), -1 none. */
static int simhost_kvalue(struct simhost *h, const char *obj,
			  const char *field, struct scn_val *v, char *why,
			  size_t whylen)
{
	struct simhost_kobj k;
	size_t i;

	if (!simhost_kern_obj(h, obj, &k))
		return -1;
	for (i = 0; i < sizeof(simhost_kfields) / sizeof(*simhost_kfields);
	     i++) {
		if (strcmp(field, simhost_kfields[i].name))
			continue;
		if (simhost_kfields[i].why) {
			snprintf(why, whylen, "no real equivalent: %s",
				 simhost_kfields[i].why);
			return 1;
		}
		if (!strcmp(k.cache, "-") && (!strcmp(field, "failed") ||
					      !strcmp(field, "zone"))) {
			snprintf(why, whylen, "no real equivalent: whether "
				 "and where a block of pages can be had "
				 "depends on the machine's RAM and free lists "
				 "(the VM's: 256 MiB and what its boot left)");
			return 1;
		}
		if (!strcmp(field, "cache") || !strcmp(field, "zone")) {
			v->is_str = 1;
			snprintf(v->str, sizeof(v->str), "%s", field[0] == 'c' ?
				 k.cache : k.zone);
			/* the simulator names zones in lower case */
			for (i = 0; field[0] == 'z' && v->str[i]; i++)
				if (v->str[i] >= 'A' && v->str[i] <= 'Z')
					v->str[i] += 'a' - 'A';
			return 0;
		}
		simhost_setnum(v, !strcmp(field, "live") ? k.live :
			       !strcmp(field, "failed") ? k.failed :
			       !strcmp(field, "order") ? k.order : k.ksize);
		return 0;
	}
	return -1;
}

/* Public (simhost-int.h). */
int simhost_value_real(const char *name, int own)
{
	const struct simhost_field *f;
	const char *dot = strchr(name, '.');
	size_t i;

	if (!strcmp(name, "dmesg") || !strcmp(name, "oom.victim"))
		return 1;
	if (own && (!strncmp(name, "slab.", 5) || !strcmp(name, "slub.bugs")))
		return 1;
	for (i = 0; own && dot && i < sizeof(simhost_kfields) /
	     sizeof(*simhost_kfields); i++)
		if (!simhost_kfields[i].why &&
		    !strcmp(dot + 1, simhost_kfields[i].name))
			return 1;
	if (!dot || strchr(dot + 1, '.'))
		return 0;
	for (f = simhost_fields; f->name; f++)
		if (f->get && !strcmp(dot + 1, f->name))
			return 1;
	return 0;
}

/* The object OBJ of OBJ.FIELD for a field of kind @of, or NULL. */
static void *simhost_obj(struct simhost *h, const char *obj,
			 enum simhost_of of)
{
	if (of == SIMHOST_OF_PROC)
		return simhost_proc_find(h, obj);
	if (of == SIMHOST_OF_CG)
		return simhost_cg_find(h, obj);
	return simhost_file_find(h, obj);
}

/* Public (simhost-int.h). */
int simhost_value(struct simhost *h, const char *name, struct scn_val *v,
		  char *why, size_t whylen)
{
	const struct simhost_field *f;
	const char *dot = strchr(name, '.');
	char obj[SIMHOST_NAME_MAX];
	size_t i, n;
	void *o;
	int rc;

	memset(v, 0, sizeof(*v));
	if (!strcmp(name, "dmesg")) {
		if (h->kmsg < 0) {
			snprintf(why, whylen, "cannot read /dev/kmsg");
			return 1;
		}
		v->is_str = 1;
		return 0;
	}
	if (!strcmp(name, "oom.victim")) {
		v->is_str = 1;
		snprintf(v->str, sizeof(v->str), "%s", h->victim < 0 ?
			 "none" : h->proc[h->victim].name);
		return 0;
	}
	if (h->o->own && !strcmp(name, "slub.bugs")) {
		simhost_setnum(v, simhost_kern_bugs(h));
		return 0;
	}
	rc = simhost_kern_slab(h, name, v, why, whylen);
	if (rc >= 0)
		return rc;
	n = dot ? (size_t)(dot - name) : 0;
	if (dot && n < sizeof(obj)) {
		memcpy(obj, name, n);
		obj[n] = '\0';
		for (f = simhost_fields; f->name; f++) {
			if (strcmp(dot + 1, f->name) ||
			    !(o = simhost_obj(h, obj, f->of)))
				continue;
			rc = f->get ? f->get(h, o, v) : 1;
			if (rc)
				snprintf(why, whylen, "no real equivalent: %s",
					 f->why ? f->why : "not in the "
					 "kernel's files");
			return rc;
		}
		rc = simhost_kvalue(h, obj, dot + 1, v, why, whylen);
		if (rc >= 0)
			return rc;
	}
	for (i = 0; ; i++) {
		const char *pre = simhost_machine_names[i].prefix;

		if (!*pre && !strchr(name, '.') && !strchr(name, '['))
			break;
		if (!strncmp(name, pre, strlen(pre))) {
			snprintf(why, whylen, "no real equivalent: %s",
				 simhost_machine_names[i].why);
			return 1;
		}
	}
	snprintf(why, whylen, "no real equivalent");
	return 1;
}

/* Public (simhost-int.h). */
void simhost_show_maps(struct simhost *h, struct simhost_proc *p)
{
	struct sbuf text = SBUF_INIT;
	char path[64], *line, *nl;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
	if (!p->live || sbuf_read_file(&text, path) < 0) {
		sbuf_release(&text);
		return;
	}
	for (line = text.buf; *line; line = nl + 1) {
		unsigned long long a, b;
		int i;

		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		if (sscanf(line, "%llx-%llx", &a, &b) != 2)
			continue;
		for (i = 0; i < p->nmap; i++)
			if (a < p->map[i].addr + p->map[i].len &&
			    b > p->map[i].addr)
				simhost_item(h, SIMHOST_SHOW, "%s [%s]", line,
					     p->map[i].name);
	}
	sbuf_release(&text);
}
