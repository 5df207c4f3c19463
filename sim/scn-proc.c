// SPDX-License-Identifier: GPL-2.0
/*
 * scn-proc.c - process lines of the scenario language (part 2):
 * proc, "A mmap|touch|mprotect|munmap|fork|exit", oom; the shows maps,
 * pagetable and oom_score; the values A.minflt A.majflt A.rss A.copies
 * A.zero_maps A.segv A.reuses A.oom_score A.badness A.pgtables and
 * oom.victim; madvise (thp.c), partial mprotect/munmap (vma.c), memcg=
 * (scn-memcg.c), A.thp and A.vmas.
 *
 * NAME[a:b] counts pages from the start of the mmap that made NAME, also
 * after munmap or mprotect split it (a page in a hole faults SIGSEGV).
 *
 * Files and reclaim: file, "A read", pressure, "A mmap ... file=F
 * [shared|private]", show meminfo, the values F.cached A.rss_file
 * A.rss_anon A.swapents lru.{in,}active_{anon,file} swap.used swap.free,
 * and the end-of-line kswapd run (scn_proc_after_line).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim/scn-memcg.h"
#include "sim/scn.h"
#include "sim/vm.h"

/* The process named by tok, live or not (counters stay readable). */
static struct vm_proc *scn_proc_get(struct scn *s, const char *tok,
				    int need_live)
{
	struct vm_sys *vs;
	struct vm_proc *p;

	if (scn_machine(s))
		return NULL;
	vs = vm_sys(&s->m);
	if (!vs) {
		scn_err(s, -ENOMEM, "%s", s->m.err);
		return NULL;
	}
	p = vm_proc_find(vs, tok);
	if (!p) {
		scn_err(s, -ENOENT, "unknown process '%s'", tok);
		return NULL;
	}
	if (need_live && !p->live) {
		scn_err(s, -ESRCH, "process '%s' has exited", tok);
		return NULL;
	}
	return p;
}

/* "buf", "buf[3]", "buf[0:16]" -> VMA and page range. */
static int scn_proc_range(struct scn *s, struct vm_proc *p, const char *tok,
			  struct vm_vma **v, uint64_t *first, uint64_t *n)
{
	char name[VM_NAME_MAX];

	if (scn_range_name(s, tok, name, sizeof(name)))
		return -EINVAL;
	*v = vm_vma_find(p, name);
	if (!*v)
		return scn_err(s, -ENOENT, "unknown mapping '%s' in '%s'",
			       name, p->name);
	return scn_range_pages(s, tok, (*v)->base_pages, "mapping", first, n);
}

static int scn_proc_prot(const char *tok)
{
	if (!strcmp(tok, "r"))
		return VM_PROT_R;
	if (!strcmp(tok, "rw"))
		return VM_PROT_R | VM_PROT_W;
	if (!strcmp(tok, "none"))
		return 0;
	return -1;
}

/* Pass a simulator failure on as the line's error. */
static int scn_proc_mmerr(struct scn *s, int r)
{
	return scn_err(s, r, "%s", s->m.err);
}

/* proc A [adj=N] [unkillable] [memcg=G] */
static int scn_proc_new(struct scn *s, int argc, char **argv)
{
	long long adj = 0;
	struct vm_proc *p;
	int i, unk = 0, cg = 0;

	if (argc < 2)
		return scn_err(s, -EINVAL, "proc needs a name");
	for (i = 2; i < argc; i++) {
		const char *v = scn_kv(argv[i], "adj");

		if (v) {
			if (scn_parse_num(v, &adj) || adj < -1000 ||
			    adj > 1000)
				return scn_err(s, -EINVAL, "bad oom_score_adj "
					       "'%s'", argv[i]);
		} else if (!strcmp(argv[i], "unkillable")) {
			unk = 1;
		} else if ((v = scn_kv(argv[i], "memcg"))) {
			if (scn_machine(s))
				return -EINVAL;
			cg = memcg_find(&s->m, v);
			if (!cg)
				return scn_err(s, -ENOENT, "unknown memcg '%s'",
					       v);
		} else {
			return scn_err(s, -EINVAL, "unknown proc option '%s'",
				       argv[i]);
		}
	}
	if (scn_machine(s))
		return -EINVAL;
	p = vm_proc_new(&s->m, argv[1], (int)adj);
	if (!p)
		return scn_err(s, -EINVAL, "%s", s->m.err);
	p->unkillable = unk;
	p->memcg = cg;
	return 0;
}

/* A mmap buf 64K [anon] [private] [r|rw|none] [populate] */
static int scn_proc_mmap(struct scn *s, int argc, char **argv)
{
	struct vm_proc *p = scn_proc_get(s, argv[0], 1);
	int i, prot = VM_PROT_R | VM_PROT_W, pop = 0, shared = 0, r;
	struct vm_file *f = NULL;
	const char *fname;
	uint64_t len;

	if (!p)
		return -ENOENT;
	if (argc < 4)
		return scn_err(s, -EINVAL, "mmap needs a name and a size");
	if (scn_parse_size(argv[3], &len) || !len)
		return scn_err(s, -EINVAL, "invalid size '%s' (e.g. 64K, 2M)",
			       argv[3]);
	for (i = 4; i < argc; i++) {
		int pr = scn_proc_prot(argv[i]);

		if (pr >= 0) {
			prot = pr;
		} else if (!strcmp(argv[i], "populate")) {
			pop = 1;
		} else if (!strcmp(argv[i], "anon") ||
			   !strcmp(argv[i], "private")) {
			shared = 0;
		} else if (!strcmp(argv[i], "shared")) {
			shared = 1;
		} else if ((fname = scn_kv(argv[i], "file"))) {
			f = file_find(vm_sys(&s->m), fname);
			if (!f)
				return scn_err(s, -ENOENT, "unknown file '%s'",
					       fname);
		} else {
			return scn_err(s, -ENOSYS, "mmap option '%s' is not "
				       "simulated yet", argv[i]);
		}
	}
	if (shared && !f)
		return scn_err(s, -ENOSYS, "shared anonymous mapping '%s' is "
			       "not simulated", argv[2]);
	if (f)
		r = file_mmap(&s->m, p, argv[2], len, prot, f, shared, pop);
	else
		r = vm_mmap(&s->m, p, argv[2], len, prot, pop);
	return r ? scn_proc_mmerr(s, r) : 0;
}

/* A touch buf[0:16] read|write */
static int scn_proc_touch(struct scn *s, int argc, char **argv)
{
	struct vm_proc *p = scn_proc_get(s, argv[0], 1);
	uint64_t first, n, i, start;
	struct vm_vma *v;
	int write, r;

	if (!p)
		return -ENOENT;
	if (argc != 4)
		return scn_err(s, -EINVAL, "touch needs a range and "
			       "read|write");
	if (strcmp(argv[3], "read") && strcmp(argv[3], "write"))
		return scn_err(s, -EINVAL, "unknown access '%s' (use read or "
			       "write)", argv[3]);
	write = !strcmp(argv[3], "write");
	if (scn_proc_range(s, p, argv[2], &v, &first, &n))
		return -EINVAL;
	start = v->base;
	for (i = first; i < first + n && p->live; i++) {
		r = vm_access(&s->m, p, start + (i << MM_PAGE_SHIFT), write);
		if (r < 0)
			return scn_proc_mmerr(s, r);
		if (r == 1)	/* SIGSEGV: the default action kills */
			break;
	}
	return 0;
}

/* Page range of NAME[a:b] as addresses. */
static int scn_proc_addr(struct scn *s, struct vm_proc *p, const char *tok,
			 uint64_t *start, uint64_t *end)
{
	uint64_t first, n;
	struct vm_vma *v;

	if (scn_proc_range(s, p, tok, &v, &first, &n))
		return -EINVAL;
	*start = v->base + (first << MM_PAGE_SHIFT);
	*end = *start + (n << MM_PAGE_SHIFT);
	return 0;
}

/* A mprotect buf[a:b] r|rw|none (part of a VMA: split) */
static int scn_proc_mprotect(struct scn *s, int argc, char **argv)
{
	struct vm_proc *p = scn_proc_get(s, argv[0], 1);
	uint64_t start, end;
	int prot, r;

	if (!p)
		return -ENOENT;
	if (argc != 4)
		return scn_err(s, -EINVAL, "mprotect needs a range and "
			       "r|rw|none");
	if ((prot = scn_proc_prot(argv[3])) < 0)
		return scn_err(s, -EINVAL, "unknown protection '%s' (use r, "
			       "rw or none)", argv[3]);
	if (scn_proc_addr(s, p, argv[2], &start, &end))
		return -EINVAL;
	r = vma_mprotect(&s->m, p, start, end, prot);
	return r ? scn_proc_mmerr(s, r) : 0;
}

/* A munmap buf[a:b] (a middle range splits the VMA) */
static int scn_proc_munmap(struct scn *s, int argc, char **argv)
{
	struct vm_proc *p = scn_proc_get(s, argv[0], 1);
	uint64_t start, end;
	int r;

	if (!p)
		return -ENOENT;
	if (argc != 3)
		return scn_err(s, -EINVAL, "munmap needs a range");
	if (scn_proc_addr(s, p, argv[2], &start, &end))
		return -EINVAL;
	r = vma_munmap(&s->m, p, start, end);
	return r ? scn_proc_mmerr(s, r) : 0;
}

/* A madvise buf[a:b] hugepage|nohugepage|dontneed */
static int scn_proc_madvise(struct scn *s, int argc, char **argv)
{
	struct vm_proc *p = scn_proc_get(s, argv[0], 1);
	uint64_t start, end;
	int adv, r;

	if (!p)
		return -ENOENT;
	if (argc != 4)
		return scn_err(s, -EINVAL, "madvise needs a range and "
			       "hugepage|nohugepage|dontneed");
	if (!strcmp(argv[3], "hugepage"))
		adv = VM_MADV_HUGEPAGE;
	else if (!strcmp(argv[3], "nohugepage"))
		adv = VM_MADV_NOHUGEPAGE;
	else if (!strcmp(argv[3], "dontneed"))
		adv = VM_MADV_DONTNEED;
	else
		return scn_err(s, -EINVAL, "unknown madvise advice '%s' "
			       "(hugepage|nohugepage|dontneed)", argv[3]);
	if (scn_proc_addr(s, p, argv[2], &start, &end))
		return -EINVAL;
	r = thp_madvise(&s->m, p, start, end, adv);
	return r ? scn_proc_mmerr(s, r) : 0;
}

static int scn_proc_fork(struct scn *s, int argc, char **argv)
{
	struct vm_proc *p = scn_proc_get(s, argv[0], 1);
	int r;

	if (!p)
		return -ENOENT;
	if (argc != 3)
		return scn_err(s, -EINVAL, "fork needs the child's name");
	r = vm_fork(&s->m, p, argv[2]);
	return r ? scn_proc_mmerr(s, r) : 0;
}

static int scn_proc_exit(struct scn *s, int argc, char **argv)
{
	struct vm_proc *p = scn_proc_get(s, argv[0], 1);

	if (!p)
		return -ENOENT;
	if (argc != 2)
		return scn_err(s, -EINVAL, "exit takes no arguments");
	vm_exit(&s->m, p);
	return 0;
}

/* oom: run out_of_memory() now (as a failing allocation would). */
static int scn_proc_oom(struct scn *s, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return scn_err(s, -EINVAL, "oom takes no arguments");
	if (scn_machine(s) || !vm_sys(&s->m))
		return -ENOMEM;
	vm_oom_kill(&s->m, "oom line");
	return 0;
}

/* file F SIZE [cached=all|none|Np|SIZE] */
static int scn_proc_file(struct scn *s, int argc, char **argv)
{
	uint64_t size, cached = 0;
	const char *v;
	int r;

	if (argc < 3 || argc > 4)
		return scn_err(s, -EINVAL, "file needs a name and a size");
	if (scn_parse_size(argv[2], &size) || !size)
		return scn_err(s, -EINVAL, "invalid size '%s' (e.g. 64K, 2M)",
			       argv[2]);
	if (argc == 4) {
		v = scn_kv(argv[3], "cached");
		if (!v)
			return scn_err(s, -EINVAL, "unknown file option '%s'",
				       argv[3]);
		if (!strcmp(v, "all"))
			cached = size;
		else if (strcmp(v, "none") && scn_parse_size(v, &cached))
			return scn_err(s, -EINVAL, "bad cached size '%s'", v);
	}
	if (scn_machine(s))
		return -EINVAL;
	cached = (cached + MM_PAGE_SIZE - 1) >> MM_PAGE_SHIFT;
	r = file_new(&s->m, argv[1], size, cached);
	return r ? scn_proc_mmerr(s, r) : 0;
}

/* "F", "F[3]", "F[0:16]" -> file and page range. */
static int scn_proc_file_range(struct scn *s, const char *tok,
			       struct vm_file **f, uint64_t *first,
			       uint64_t *n)
{
	char name[VM_NAME_MAX];

	if (scn_range_name(s, tok, name, sizeof(name)))
		return -EINVAL;
	*f = file_find(vm_sys(&s->m), name);
	if (!*f)
		return scn_err(s, -ENOENT, "unknown file '%s'", name);
	return scn_range_pages(s, tok, (*f)->pages, "file", first, n);
}

/* A read F[a:b] (or "A read F [a:b]"): read(2) through the page cache. */
static int scn_proc_read(struct scn *s, int argc, char **argv)
{
	struct vm_proc *p = scn_proc_get(s, argv[0], 1);
	uint64_t first = 0, n = 0;
	struct vm_file *f = NULL;
	char tok[128];
	int r;

	if (!p)
		return -ENOENT;
	if (argc != 3 && (argc != 4 || argv[3][0] != '['))
		return scn_err(s, -EINVAL, "read needs a file range");
	snprintf(tok, sizeof(tok), "%s%s", argv[2], argc == 4 ? argv[3] : "");
	r = scn_proc_file_range(s, tok, &f, &first, &n);
	if (r)
		return r;
	r = file_read(&s->m, p, f, first, n);
	return r ? scn_proc_mmerr(s, r) : 0;
}

/* pressure SIZE: order-0 GFP_KERNEL pages that stay allocated. */
static int scn_proc_pressure(struct scn *s, int argc, char **argv)
{
	unsigned long got;
	uint64_t size;
	int r;

	if (argc != 2)
		return scn_err(s, -EINVAL, "pressure needs a size");
	if (scn_parse_size(argv[1], &size) || !size)
		return scn_err(s, -EINVAL, "invalid size '%s' (e.g. 64K, 2M)",
			       argv[1]);
	if (scn_machine(s) || !vm_sys(&s->m))
		return -ENOMEM;
	r = lru_pressure(&s->m, (unsigned long)((size + MM_PAGE_SIZE - 1) >>
						MM_PAGE_SHIFT), &got);
	if (r)
		return scn_err(s, r, "pressure stopped after %lu pages: %s",
			       got, s->m.err);
	return 0;
}

void scn_proc_after_line(struct scn *s)
{
	lru_kswapd_pending(&s->m);
}

/* Lines still to come: refuse by name. */

const struct scn_cmd scn_proc_cmds[] = {
	{ "proc", 0, scn_proc_new },
	{ "oom", 0, scn_proc_oom },
	{ "memcg", 0, scn_memcg_new },
	{ "pressure", 0, scn_proc_pressure },
	{ "file", 0, scn_proc_file },
	{ "read", 1, scn_proc_read },
	{ "mmap", 1, scn_proc_mmap },
	{ "touch", 1, scn_proc_touch },
	{ "fork", 1, scn_proc_fork },
	{ "exit", 1, scn_proc_exit },
	{ "mprotect", 1, scn_proc_mprotect },
	{ "madvise", 1, scn_proc_madvise },
	{ "munmap", 1, scn_proc_munmap },
	{ NULL, 0, NULL },
};

/*
 * One /proc/PID/maps line (show_map_vma, show_vma_header_prefix in
 * fs/proc/task_mmu.c): start-end, flags, the file offset (vm_pgoff <<
 * PAGE_SHIFT), the device and inode of a file, then, padded to column
 * 73, the file's path, or [anon:NAME] for an anonymous VMA named with
 * PR_SET_VMA_ANON_NAME.  Simulated files have no disk: they print as
 * /sim/F on an invented device 08:01 with inode 12 + the file's index
 * (docs/scenario-language.md).
 */
static void scn_proc_map_line(struct scn *s, struct mm_buf *out,
			      const struct vm_vma *v)
{
	struct vm_file *f = v->file ? &vm_sys(&s->m)->file[v->file - 1] :
			    NULL;
	size_t len = out->len;
	int n;

	mm_buf_printf(out, "%08llx-%08llx %c%c-%c %08llx %02x:%02x %lu ",
		      (unsigned long long)v->start,
		      (unsigned long long)v->end,
		      v->prot & VM_PROT_R ? 'r' : '-',
		      v->prot & VM_PROT_W ? 'w' : '-',
		      v->shared ? 's' : 'p',
		      (unsigned long long)(f ? v->pgoff << MM_PAGE_SHIFT : 0),
		      f ? 8 : 0, f ? 1 : 0,
		      f ? 12 + (unsigned long)v->file - 1 : 0UL);
	/* seq_setwidth(m, 25 + sizeof(void *) * 6 - 1), then seq_pad() */
	n = out->oom ? 0 : 72 - (int)(out->len - len);
	mm_buf_printf(out, "%*s", n > 0 ? n : 0, "");
	if (f)
		mm_buf_printf(out, " /sim/%s\n", f->name);
	else
		mm_buf_printf(out, " [anon:%s]\n", v->name);
}

/* show maps A / show smaps A: /proc/PID/maps lines; smaps adds the size,
 * Rss and THP lines of each VMA (a subset of show_smap()). */
static int scn_proc_show_maps(struct scn *s, int argc, char **argv,
			      struct mm_buf *out)
{
	int i, smaps = !strcmp(argv[0], "smaps");
	struct vm_proc *p;

	if (argc != 2)
		return scn_err(s, -EINVAL, "show %s needs a process", argv[0]);
	p = scn_proc_get(s, argv[1], 0);
	if (!p)
		return -ENOENT;
	for (i = 0; i < p->nvma; i++) {
		struct vm_vma *v = p->vma[i];
		unsigned long rss, anon, huge;

		scn_proc_map_line(s, out, v);
		if (!smaps)
			continue;
		thp_vma_rss(&s->m, p, v, &rss, &anon, &huge);
		mm_buf_printf(out, "Size:           %8llu kB\n"
			      "KernelPageSize: %8d kB\n"
			      "MMUPageSize:    %8d kB\n"
			      "Rss:            %8lu kB\n"
			      "Anonymous:      %8lu kB\n"
			      "AnonHugePages:  %8lu kB\n"
			      "THPeligible:    %d\n",
			      (unsigned long long)(v->end - v->start) >> 10,
			      4, 4, rss * 4, anon * 4, huge * 4,
			      v->end - v->start >= VM_HPAGE_SIZE &&
			      thp_vma_eligible(&s->m, v,
					       v->end - VM_HPAGE_SIZE));
	}
	return 0;
}

static void scn_proc_bits(struct mm_buf *out, uint64_t e)
{
	mm_buf_printf(out, "%s%s%s%s%s%s", e & VM_PTE_P ? " P" : "",
		      e & VM_PTE_RW ? " RW" : "", e & VM_PTE_US ? " US" : "",
		      e & VM_PTE_A ? " A" : "", e & VM_PTE_D ? " D" : "",
		      e & VM_PTE_NX ? " NX" : "");
}

/* A huge PMD: PSE (bit 7) and the 2 MiB frame; no PTE level. */
static void scn_proc_huge(struct scn *s, struct mm_buf *out, uint64_t e)
{
	uint64_t pfn = (e & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT;
	struct vm_sys *vs = vm_sys(&s->m);

	mm_buf_printf(out, " PSE pfn %llu (2 MiB%s)\n",
		      (unsigned long long)pfn,
		      vs->have_huge_zero && pfn == vs->huge_zero_pfn ?
		      ", huge zero page" : "");
	mm_buf_printf(out, "(huge page: no pte level)\n");
}

/* show pagetable A buf[i]: the walk of one address. */
static int scn_proc_show_pt(struct scn *s, int argc, char **argv,
			    struct mm_buf *out)
{
	static const char *const lvl[4] = { "pgd", "pud", "pmd", "pte" };
	uint64_t first, n, addr;
	struct vm_proc *p;
	struct vm_vma *v;
	struct vm_pt *t;
	int l;

	if (argc != 3)
		return scn_err(s, -EINVAL, "show pagetable needs a process "
			       "and a page");
	p = scn_proc_get(s, argv[1], 1);
	if (!p)
		return -ENOENT;
	if (scn_proc_range(s, p, argv[2], &v, &first, &n))
		return -EINVAL;
	addr = v->base + (first << MM_PAGE_SHIFT);
	mm_buf_printf(out, "%s 0x%llx\n", argv[2], (unsigned long long)addr);
	/* CR3: mm->pgd, two pages with PTI */
	mm_buf_printf(out, "pgd table at pfn %u\n", p->pgd->pfn);
	t = p->pgd;
	for (l = 0; l < 4 && t; l++) {
		unsigned i = vm_pt_index(addr, l);
		uint64_t e = t->e[i];
		unsigned long long pfn = (e & VM_PTE_PFN_MASK) >> MM_PAGE_SHIFT;

		mm_buf_printf(out, "%s[%u] = 0x%016llx", lvl[l], i,
			      (unsigned long long)e);
		scn_proc_bits(out, e);
		if (l == 2 && (e & VM_PTE_PSE)) {
			scn_proc_huge(s, out, e);
			return 0;
		}
		/* an upper entry holds the next table's frame */
		if (l < 3 && (e & VM_PTE_P))
			mm_buf_printf(out, " pfn %llu (%s table)", pfn,
				      lvl[l + 1]);
		if (l == 3 && (e & VM_PTE_P))
			mm_buf_printf(out, " pfn %llu%s", pfn,
				      pfn == vm_sys(&s->m)->zero_pfn ?
				      " (zero page)" : "");
		mm_buf_printf(out, "\n");
		t = l < 3 ? t->next[i] : NULL;
	}
	if (l < 4)
		mm_buf_printf(out, "(not mapped: no %s table)\n", lvl[l]);
	return 0;
}

/* show oom_score: every live process's /proc/PID/oom_score. */
static int scn_proc_show_oom(struct scn *s, int argc, char **argv,
			     struct mm_buf *out)
{
	struct vm_sys *vs;
	int i;

	(void)argc;
	(void)argv;
	if (scn_machine(s) || !(vs = vm_sys(&s->m)))
		return -ENOMEM;
	mm_buf_printf(out, "%-8s %6s %8s %8s %9s\n", "proc", "adj", "rss",
		      "badness", "oom_score");
	for (i = 0; i < vs->nproc; i++) {
		struct vm_proc *p = &vs->proc[i];
		long b = vm_proc_badness(&s->m, p);

		if (!p->live)
			continue;
		mm_buf_printf(out, "%-8s %6d %8ld %8ld %9ld\n", p->name,
			      p->adj, p->rss_anon + p->rss_file,
			      b == LONG_MIN ? 0 : b,
			      vm_oom_score(b, vm_totalpages(&s->m)));
	}
	return 0;
}

/* show meminfo: the /proc/meminfo lines the simulator keeps. */
static int scn_proc_show_meminfo(struct scn *s, int argc, char **argv,
				 struct mm_buf *out)
{
	(void)argc;
	(void)argv;
	if (scn_machine(s) || !vm_sys(&s->m))
		return -ENOMEM;
	lru_meminfo(&s->m, out);
	return 0;
}

const struct scn_show scn_proc_shows[] = {
	{ "meminfo", scn_proc_show_meminfo },
	{ "maps", scn_proc_show_maps },
	{ "smaps", scn_proc_show_maps },
	{ "pagetable", scn_proc_show_pt },
	{ "oom_score", scn_proc_show_oom },
	{ NULL, NULL },
};

/* lru.active_anon ... and swap.used / swap.free / swap.total (pages). */
static int scn_proc_get_lru(struct scn *s, struct vm_sys *vs,
			    const char *group, const char *f,
			    struct scn_val *v)
{
	static const char *const lists[VM_NR_LRU] = {
		"inactive_anon", "active_anon", "inactive_file",
		"active_file",
	};
	struct vm_lru *l = &vs->lru;
	int i;

	v->is_str = 0;
	if (!strcmp(group, "lru")) {
		for (i = 0; i < VM_NR_LRU; i++) {
			if (!strcmp(f, lists[i])) {
				v->num = (long long)l->nr[i];
				return 0;
			}
		}
		return scn_err(s, -ENOENT, "unknown lru list '%s'", f);
	}
	if (!strcmp(f, "used"))
		v->num = (long long)l->swap_used;
	else if (!strcmp(f, "free"))
		v->num = (long long)(l->swap_pages - l->swap_used);
	else if (!strcmp(f, "total"))
		v->num = (long long)l->swap_pages;
	else
		return scn_err(s, -ENOENT, "unknown swap value '%s'", f);
	return 0;
}

/* A.counter, F.cached, lru.*, swap.* and oom.victim. */
static int scn_proc_getter_raw(struct scn *s, const char *name,
			       struct scn_val *v)
{
	char pname[VM_NAME_MAX];
	const char *dot = strchr(name, '.');
	struct vm_sys *vs;
	struct vm_proc *p;
	const char *f;
	long b;

	if (!dot || (size_t)(dot - name) >= sizeof(pname))
		return -ENOENT;
	if (scn_machine(s) || !(vs = vm_sys(&s->m)))
		return -ENOENT;
	f = dot + 1;
	if (!strncmp(name, "oom.", 4) && !strcmp(f, "victim")) {
		v->is_str = 1;
		snprintf(v->str, sizeof(v->str), "%s", vs->oom_victim < 0 ?
			 "none" : vs->proc[vs->oom_victim].name);
		return 0;
	}
	memcpy(pname, name, (size_t)(dot - name));
	pname[dot - name] = 0;
	if (!strcmp(pname, "lru") || !strcmp(pname, "swap"))
		return scn_proc_get_lru(s, vs, pname, f, v);
	p = vm_proc_find(vs, pname);
	if (!p) {
		struct vm_file *fl = file_find(vs, pname);

		if (!fl)
			return -ENOENT;
		if (strcmp(f, "cached") && strcmp(f, "pages"))
			return scn_err(s, -ENOENT, "unknown file value '%s'",
				       f);
		v->is_str = 0;
		v->num = !strcmp(f, "cached") ? fl->cached :
			(long long)fl->pages;
		return 0;
	}
	if (!strcmp(f, "segv_code")) {
		static const char *const code[] = {
			"none", "SEGV_MAPERR", "SEGV_ACCERR",
		};

		v->is_str = 1;
		snprintf(v->str, sizeof(v->str), "%s",
			 code[p->last_segv_code == 1 ||
			      p->last_segv_code == 2 ? p->last_segv_code : 0]);
		return 0;
	}
	v->is_str = 0;
	b = vm_proc_badness(&s->m, p);
	if (!strcmp(f, "minflt"))
		v->num = p->minflt;
	else if (!strcmp(f, "majflt"))
		v->num = p->majflt;
	else if (!strcmp(f, "rss"))
		v->num = p->rss_anon + p->rss_file;
	else if (!strcmp(f, "rss_anon"))
		v->num = p->rss_anon;
	else if (!strcmp(f, "rss_file"))
		v->num = p->rss_file;
	else if (!strcmp(f, "swapents"))
		v->num = p->swapents;
	else if (!strcmp(f, "copies"))
		v->num = p->copies;
	else if (!strcmp(f, "reuses"))
		v->num = p->reuses;
	else if (!strcmp(f, "zero_maps"))
		v->num = p->zero_maps;
	else if (!strcmp(f, "segv"))
		v->num = p->segv;
	else if (!strcmp(f, "pgtables"))
		v->num = p->nr_pt;
	else if (!strcmp(f, "live"))
		v->num = p->live;
	else if (!strcmp(f, "badness"))
		v->num = b == LONG_MIN ? 0 : b;
	else if (!strcmp(f, "oom_score"))
		v->num = vm_oom_score(b, vm_totalpages(&s->m));
	else if (!strcmp(f, "thp"))
		v->num = p->thp;
	else if (!strcmp(f, "vmas"))
		v->num = p->nvma;
	else
		return scn_err(s, -ENOENT, "unknown process value '%s'", f);
	return 0;
}

/* The getter, with a number's text filled in (expect prints it). */
static int scn_proc_getter(struct scn *s, const char *name,
			   struct scn_val *v)
{
	int r = scn_proc_getter_raw(s, name, v);

	if (!r && !v->is_str)
		snprintf(v->str, sizeof(v->str), "%lld", v->num);
	return r;
}

const struct scn_getter scn_proc_getters[] = {
	{ scn_proc_getter },
	{ scn_memcg_get },
	{ NULL },
};

/* Part 2 state lives on s->m.ext (freed with the machine). */
void scn_proc_free(struct scn *s)
{
	s->proc = NULL;
}
