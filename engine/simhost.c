// SPDX-License-Identifier: GPL-2.0
/*
 * simhost.c - host mode of `memdrill sim` (docs/scenario-language.md,
 * "Host mode"): the real kernel as the oracle.
 *
 * A scenario is read as the interpreter reads it (sim/scn.h: lines,
 * tokens, repeat, the machine line, expect's operators and patterns).
 * Process lines are carried out by real processes (simhost-proc.c), and
 * each expect line whose value has a real equivalent (simhost-val.c) is
 * checked on the kernel's own counters.  The simulator runs the same
 * lines in lock step: `sim check --host` compares every such value with
 * it, and in both modes its 6.1 tells a known host difference (this
 * kernel is not 6.1, and why) from a failure.  Lines and values with no
 * real equivalent are reported as skipped, never as ok.
 *
 * Nothing here prints: every result is an item of struct simhost_result,
 * handed to the caller's callback as it comes.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "engine/kmsg.h"
#include "engine/leftover.h"
#include "engine/simhost-int.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* The run being cleaned up if a signal arrives. */
static struct simhost *simhost_active;

/* Public (simhost-int.h): h->err, and -1. */
int simhost_err(struct simhost *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->err, sizeof(h->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* Public (simhost.h). */
const struct simhost_item *simhost_result_add(struct simhost_result *res,
					      int line, enum simhost_kind kind,
					      char *text)
{
	struct simhost_item *it;

	res->items = xgrow(res->items, &res->capitems, res->nitems + 1,
			   sizeof(*res->items));
	it = &res->items[res->nitems++];
	it->line = line;
	it->kind = kind;
	it->text = text;
	return it;
}

/* Public (simhost-int.h). */
void simhost_item(struct simhost *h, enum simhost_kind kind,
		  const char *fmt, ...)
{
	const struct simhost_item *it;
	struct sbuf text = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&text, fmt, ap);
	va_end(ap);
	it = simhost_result_add(h->res, kind == SIMHOST_NOTE ? 0 : h->line,
				kind, sbuf_detach(&text, NULL));
	if (h->o->out)
		h->o->out(h->o->ctx, it);
}

/* A line or value with no real equivalent (run mode shows it). */
static void simhost_skip(struct simhost *h, const char *what,
			 const char *why)
{
	h->res->skipped++;
	if (!h->o->check)
		simhost_item(h, SIMHOST_SKIPPED, "skipped: %s (%s)", what, why);
}

/* Public (simhost-int.h). */
int simhost_skip_line(struct simhost *h, const char *text, const char *verb,
		      const char *why)
{
	simhost_skip(h, text, why);
	if (!h->taint_line) {
		h->taint_line = h->line;
		snprintf(h->taint, sizeof(h->taint), "%s", verb);
		snprintf(h->taint_why, sizeof(h->taint_why), "%s", why);
	}
	return 0;
}

/* ---- the host kernel ---- */

/* The bracketed word of /sys/kernel/mm/transparent_hugepage/enabled. */
static void simhost_host_thp(char *mode, size_t n)
{
	char buf[128], *a, *b;

	snprintf(mode, n, "unknown");
	if (simhost_read(SIMHOST_THP, buf, sizeof(buf)))
		return;
	a = strchr(buf, '[');
	b = a ? strchr(a, ']') : NULL;
	if (a && b)
		snprintf(mode, n, "%.*s", (int)(b - a - 1), a + 1);
}

/*
 * read_ahead_kb of the block device holding dir (the temp files): the
 * bdi of st_dev (/sys/class/bdi/MAJ:MIN, else /sys/dev/block/MAJ:MIN/
 * queue, or the parent disk's for a partition).  -1 when unknown.
 */
static long simhost_host_ra_kb(const char *dir)
{
	static const char *const fmt[] = {
		"/sys/class/bdi/%u:%u/read_ahead_kb",
		"/sys/dev/block/%u:%u/queue/read_ahead_kb",
		"/sys/dev/block/%u:%u/../queue/read_ahead_kb",
	};
	char path[128], buf[32];
	struct stat st;
	size_t i;

	if (stat(dir, &st))
		return -1;
	for (i = 0; i < sizeof(fmt) / sizeof(fmt[0]); i++) {
		snprintf(path, sizeof(path), fmt[i], major(st.st_dev),
			 minor(st.st_dev));
		if (!simhost_read(path, buf, sizeof(buf)) &&
		    isdigit((unsigned char)buf[0]))
			return strtol(buf, NULL, 10);
	}
	return -1;
}

/*
 * The lock the host kernel's user faults first run under: per-VMA locks
 * (CONFIG_PER_VMA_LOCK, y on x86_64 SMP) from 6.4 on, else the mmap_lock.
 * *release gets uname's release.
 */
static int simhost_host_fault_lock(char *release, size_t n)
{
	struct utsname u;
	int major = 0, minor = 0;

	snprintf(release, n, "unknown");
	if (uname(&u))
		return MM_FAULT_LOCK_MMAP;
	snprintf(release, n, "%s", u.release);
	sscanf(u.release, "%d.%d", &major, &minor);
	return major > 6 || (major == 6 && minor >= 4) ? MM_FAULT_LOCK_VMA :
	       MM_FAULT_LOCK_MMAP;
}

static const char *simhost_fault_lock_name(int lock)
{
	return lock == MM_FAULT_LOCK_VMA ? "vma" : "mmap";
}

/* PM_PRESENT (bit 63) and PM_MMAP_EXCLUSIVE (bit 56) of addr's
 * /proc/self/pagemap entry: 1 present, 2 present and exclusive, 0 not
 * present, -1 unreadable. */
static int simhost_pagemap(const void *addr)
{
	uint64_t e;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = pread(fd, &e, sizeof(e),
		  (off_t)((uintptr_t)addr / SIMHOST_PAGE * sizeof(e)));
	close(fd);
	if (n != (ssize_t)sizeof(e))
		return -1;
	if (!(e >> 63))
		return 0;
	return e >> 56 & 1 ? 2 : 1;
}

/*
 * Does this kernel map the shared zero page on a read fault of private
 * anonymous memory (6.1: do_anonymous_page), and the huge zero page on a
 * read fault of a THP range (6.1: do_huge_pmd_anonymous_page)?  A page,
 * then a 2 MiB range, is mapped and read: a zero page is never mapped
 * exclusively (PM_MMAP_EXCLUSIVE), a page allocated for the read is.
 * The huge probe also needs the next page present (one PMD mapped both),
 * else the read fell back to a small page and says nothing.  Some
 * kernels allocate (the 6.18 host of this project did for both):
 * h->zero and h->huge_zero get 1 (maps the zero page), 0 (allocates) or
 * -1 (unknown: THP off, pagemap unreadable).
 */
static void simhost_probe_zero(struct simhost *h)
{
	const size_t huge = 2UL << 20;
	volatile char *a;
	char *p, mode[32];
	int e, e2;

	h->zero = h->huge_zero = -1;
	p = mmap(NULL, 2 * huge, PROT_READ | PROT_WRITE, MAP_PRIVATE |
		 MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return;
	a = (volatile char *)(((uintptr_t)p + huge - 1) & ~(huge - 1));
	madvise((void *)a, huge, MADV_NOHUGEPAGE);
	(void)a[0];
	e = simhost_pagemap((const void *)a);
	if (e > 0)
		h->zero = e == 1;
	simhost_host_thp(mode, sizeof(mode));
	if (strcmp(mode, "always") && strcmp(mode, "madvise"))
		goto out;
	madvise((void *)a, huge, MADV_DONTNEED);
	madvise((void *)a, huge, MADV_HUGEPAGE);
	(void)a[0];
	e = simhost_pagemap((const void *)a);
	e2 = simhost_pagemap((const void *)(a + SIMHOST_PAGE));
	if (e > 0 && e2 > 0)
		h->huge_zero = e == 1;
out:
	munmap(p, 2 * huge);
}

/* The why of a known host difference (simhost_note_known()). */
#define SIMHOST_NO_ZERO "this kernel allocates a page on a read fault of " \
	"anonymous memory; 6.1 maps the zero page (mm/memory.c " \
	"do_anonymous_page)"
#define SIMHOST_NO_HUGE_ZERO "this kernel allocates a huge page on a read " \
	"fault of a THP range; 6.1 maps the huge zero page " \
	"(mm/huge_memory.c do_huge_pmd_anonymous_page)"

/* The simulator's value of @name, or @dflt when it has none. */
static long long simhost_sim_num(struct simhost *h, const char *name,
				 long long dflt)
{
	struct scn_val v;

	return scn_get(h->sim, name, &v) || v.is_str ? dflt : v.num;
}

/*
 * After each line: has the host reached a state where its values differ
 * from 6.1's for a known reason?  From then on a value that differs is
 * reported as a known host difference with h->known, never as agreement
 * nor as a simulator failure.  The reasons:
 * - the simulator mapped the (huge) zero page and the probe found that
 *   this kernel allocates instead;
 * - the kernel's OOM killer took more victims than the simulator's, the
 *   first one the same: the second was chosen while the first one's
 *   memory was still being freed.  exit_mmap() sets MMF_OOM_SKIP after
 *   unmap_vmas() but before tlb_finish_mmu() frees the pages, and
 *   oom_evaluate_task() passes over a victim with MMF_OOM_SKIP, so a
 *   task still charging in the memcg finds it full and is killed too
 *   (mm/mmap.c, mm/oom_kill.c: the same in 6.1 and 6.18; seen on the
 *   6.18 host and in the 6.1 VM under load).  The simulator frees a
 *   victim's memory at once.
 */
static void simhost_note_known(struct simhost *h)
{
	struct scn_val v;
	long long zero = 0, kills = 0;
	char name[SIMHOST_NAME_MAX + 16];
	int i, huge;

	/* (a value asked of a simulator with no machine yet would make it
	 * take the default machine) */
	if (h->known[0] || !h->sim || h->sim_dead || !h->sim->have_machine)
		return;
	for (i = 0; i < h->nproc; i++) {
		snprintf(name, sizeof(name), "%s.zero_maps", h->proc[i].name);
		zero += simhost_sim_num(h, name, 0);
	}
	huge = simhost_sim_num(h, "vmstat.thp_zero_page_alloc", 0) > 0;
	if (huge && h->huge_zero == 0)
		snprintf(h->known, sizeof(h->known), SIMHOST_NO_HUGE_ZERO);
	else if (zero > 0 && h->zero == 0)
		snprintf(h->known, sizeof(h->known), SIMHOST_NO_ZERO);
	for (i = 0; i < h->ncg; i++) {
		snprintf(name, sizeof(name), "%s.oom_kill", h->cg[i].name);
		kills += simhost_sim_num(h, name, 0);
	}
	if (!h->known[0] && kills == 1 && h->kills > kills &&
	    !scn_get(h->sim, "oom.victim", &v) &&
	    !strcmp(v.str, h->proc[h->first_kill].name))
		snprintf(h->known, sizeof(h->known), "the kernel killed '%s' "
			 "too, while %s's memory was still being freed "
			 "(exit_mmap() sets MMF_OOM_SKIP before "
			 "tlb_finish_mmu() frees the pages, and "
			 "oom_evaluate_task() passes over a victim with "
			 "MMF_OOM_SKIP: mm/mmap.c, mm/oom_kill.c, as in 6.1); "
			 "the simulator frees a victim's memory at once",
			 h->proc[h->last_kill].name, v.str);
	if (h->known[0])
		h->known_line = h->line;
}

/* ---- expect ---- */

/*
 * check: the simulator and the host disagree on this line: a difference,
 * or a known host difference when h->known says why (then not counted
 * as one).
 */
static void simhost_differs(struct simhost *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void simhost_differs(struct simhost *h, const char *fmt, ...)
{
	struct sbuf text = SBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sbuf_vaddf(&text, fmt, ap);
	va_end(ap);
	if (h->known[0]) {
		h->res->known++;
		simhost_item(h, SIMHOST_KNOWN, "known host difference: %s "
			     "(since line %d: %s)", text.buf, h->known_line,
			     h->known);
	} else {
		h->res->diffs++;
		simhost_item(h, SIMHOST_DIFFERS, "differs: %s", text.buf);
	}
	sbuf_release(&text);
}

/* The simulator's value of a right side that names one (0), or -1. */
static int simhost_sim_rhs(struct simhost *h, const char *tok,
			   struct scn_val *v)
{
	return scn_literal(tok, v) && scn_get(h->sim, tok, v) ? -1 : 0;
}

/*
 * A pattern naming the kernel's taint ("\(Not tainted\)", "\(Tainted: G
 * B  *\)") that the real log misses only for the taint flags: on the
 * run's own machine the companion module (kmod/simvm_lab.c, out of tree
 * and unsigned: O, E) taints the kernel before any scenario, and the
 * scenarios before this one in the same boot may have added B and W.  If
 * the pattern matches with any flags in that place, report a known
 * difference and return 1.
 */
static int simhost_taint_match(struct simhost *h, const char *re)
{
	struct sbuf alt = SBUF_INIT;
	const char *at = strstr(re, "\\(Not tainted\\)"), *end;
	int ok = 0;

	if (!at)
		at = strstr(re, "\\(Tainted:");
	end = at ? strstr(at + 2, "\\)") : NULL;
	if (!h->o->own || !end)
		return 0;
	sbuf_add(&alt, re, (size_t)(at - re));
	sbuf_addstr(&alt, "\\(Tainted: [A-Z ]*\\)");
	sbuf_addstr(&alt, end + 2);
	if (!scn_match(&h->tok, h->dmesg.buf ? h->dmesg.buf : "", alt.buf,
		       &ok) && ok) {
		h->res->known++;
		simhost_item(h, SIMHOST_KNOWN, "known host difference: dmesg "
			     "~ %s: matches but for the taint flags (the "
			     "companion module kmod/simvm_lab.c taints this "
			     "kernel O and E, earlier scenarios of the boot "
			     "B and W)", re);
	}
	sbuf_release(&alt);
	return ok;
}

/*
 * check: compare the simulator's verdict and value of this expect line
 * with the host's (hv: the host's left value, hr: its right one, host_ok
 * its verdict).  `==` compares the values; a bound (!= < <= > >=) and `~`
 * compare verdicts, since timing can move the kernel's exact numbers
 * (per-CPU charge stocks, asynchronous reclaim) where 6.1's answer to
 * the question is the same.
 */
static void simhost_compare(struct simhost *h, char **argv, int op,
			    const struct scn_val *hv,
			    const struct scn_val *hr, int host_ok)
{
	struct scn_val sv, sr;
	int sok = 0;

	if (h->sim_dead)
		return;
	if (scn_get(h->sim, argv[1], &sv)) {
		simhost_differs(h, "%s: simulator: %s, host: %s", argv[1],
				h->sim->err, hv->str);
		return;
	}
	h->res->compared++;
	if (op == SCN_OP_MATCH) {
		scn_match(h->sim, h->sim->m.dmesg ? h->sim->m.dmesg : "",
			  argv[3], &sok);
		if (sok && !host_ok && simhost_taint_match(h, argv[3]))
			return;
		if (sok != host_ok)
			simhost_differs(h, "%s ~ %s: simulator %s, host %s",
					argv[1], argv[3], sok ? "matches" :
					"does not match", host_ok ? "matches" :
					"does not match");
		else if (h->o->verbose)
			simhost_item(h, SIMHOST_AGREES, "agrees: %s ~ %s: "
				     "both %s", argv[1], argv[3], sok ?
				     "match" : "do not match");
		return;
	}
	if (op != SCN_OP_EQ) {
		if (simhost_sim_rhs(h, argv[3], &sr) ||
		    scn_compare(h->sim, &sv, op, &sr, &sok)) {
			simhost_differs(h, "%s: simulator: %s, host: %s",
					argv[3], h->sim->err, hr->str);
			return;
		}
		if (sok != host_ok)
			simhost_differs(h, "%s %s %s: simulator %s (%s), host "
					"%s (%s)", argv[1], argv[2], argv[3],
					sv.str, sok ? "true" : "false",
					hv->str, host_ok ? "true" : "false");
		else if (h->o->verbose)
			simhost_item(h, SIMHOST_AGREES, "agrees: %s %s %s: "
				     "simulator %s, host %s, both %s",
				     argv[1], argv[2], argv[3], sv.str,
				     hv->str, sok ? "true" : "false");
		return;
	}
	if (sv.is_str != hv->is_str ||
	    (sv.is_str ? strcmp(sv.str, hv->str) : sv.num != hv->num))
		simhost_differs(h, "%s: simulator %s, host %s", argv[1],
				sv.str, hv->str);
	else if (h->o->verbose)
		simhost_item(h, SIMHOST_AGREES, "agrees: %s: simulator %s, "
			     "host %s", argv[1], sv.str, hv->str);
}

/* expect VALUE OP VALUE on the real values. */
static int simhost_cmd_expect(struct simhost *h, struct simhost_proc *p,
			      int argc, char **argv)
{
	char what[400], why[300];
	struct scn_val l, r;
	int rc, ok = 0, op;

	(void)p;
	if (argc != 4)
		return simhost_err(h, "expect needs VALUE OP VALUE");
	op = scn_parse_op(argv[2]);
	if (op < 0)
		return simhost_err(h, "unknown operator '%s' (== != < <= > >= "
				   "~)", argv[2]);
	snprintf(what, sizeof(what), "%s %s %s", argv[1], argv[2], argv[3]);
	simhost_reap(h);
	rc = simhost_value(h, argv[1], &l, why, sizeof(why));
	if (rc < 0)
		return -1;
	if (rc == 0 && h->taint_line) {
		snprintf(why, sizeof(why), "state after skipped line %d "
			 "('%s')", h->taint_line, h->taint);
		rc = 1;
	}
	if (rc == 0 && op == SCN_OP_MATCH && h->block_line) {
		snprintf(why, sizeof(why), "no real equivalent: the kernel "
			 "log after line %d, where the block of pages '%s' "
			 "was had on one machine only: that depends on the "
			 "machine's RAM and free lists (the VM's: 256 MiB "
			 "and what its boot left)", h->block_line, h->block);
		rc = 1;
	}
	if (rc == 0 && op == SCN_OP_MATCH) {
		if (strcmp(argv[1], "dmesg"))
			return simhost_err(h, "invalid pattern '%s' (write "
					   "/regex/ after dmesg ~)", argv[3]);
		if (scn_match(&h->tok, h->dmesg.buf ? h->dmesg.buf : "",
			      argv[3], &ok))
			return simhost_err(h, "%s", h->tok.err);
	} else if (rc == 0) {
		rc = scn_literal(argv[3], &r);
		if (rc)
			rc = simhost_value(h, argv[3], &r, why, sizeof(why));
		if (rc < 0)
			return -1;
		if (!rc && scn_compare(&h->tok, &l, op, &r, &ok))
			return simhost_err(h, "%s", h->tok.err);
	}
	if (rc) {
		simhost_skip(h, what, why);
		return 0;
	}
	if (h->o->check) {
		simhost_compare(h, argv, op, &l, &r, ok);
	} else if (ok) {
		h->res->passed++;
		simhost_item(h, SIMHOST_OK, "ok: %s", what);
	} else if (h->known[0] && !h->sim_dead && !h->sim_failed) {
		/* the simulator's 6.1 holds; this host differs, known why */
		h->res->known++;
		simhost_item(h, SIMHOST_KNOWN, "known host difference: %s "
			     "(is %s): %s", what, op == SCN_OP_MATCH ?
			     "not matched" : l.str, h->known);
	} else {
		h->res->failed++;
		if (op == SCN_OP_MATCH)
			simhost_item(h, SIMHOST_FAILED, "FAILED: %s", what);
		else
			simhost_item(h, SIMHOST_FAILED, "FAILED: %s (is %s)",
				     what, l.str);
	}
	return 0;
}

/* ---- lines ---- */

static int simhost_cmd_show(struct simhost *h, struct simhost_proc *unused,
			    int argc, char **argv)
{
	struct simhost_proc *p;
	char text[200];
	int i, n = 0;

	(void)unused;
	if (argc == 3 && !strcmp(argv[1], "maps")) {
		p = simhost_proc_find(h, argv[2]);
		if (!p)
			return simhost_err(h, "unknown process '%s'", argv[2]);
		if (!h->o->check)
			simhost_show_maps(h, p);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "dmesg")) {
		simhost_reap(h);
		if (!h->o->check && h->dmesg.len)
			simhost_item(h, SIMHOST_SHOW, "%.*s",
				     (int)h->dmesg.len - 1, h->dmesg.buf);
		return 0;
	}
	for (i = 0; i < argc && n < (int)sizeof(text) - 1; i++)
		n += snprintf(text + n, sizeof(text) - (size_t)n, "%s%s",
			      i ? " " : "", argv[i]);
	simhost_skip(h, text, "no real equivalent: the simulated machine's "
		     "view");
	return 0;
}

/* Lines the scan (machine) or nobody (ask) needs at run time. */
static int simhost_cmd_none(struct simhost *h, struct simhost_proc *p,
			    int argc, char **argv)
{
	(void)h;
	(void)p;
	(void)argc;
	(void)argv;
	return 0;
}

/*
 * oom: on the run's own machine, the kernel's OOM killer now: sysrq f
 * (moom_callback(): out_of_memory() with order -1, the victim chosen by
 * oom_badness() over every task; memdrill's own are at -1000).  Never on
 * a shared host.
 */
static int simhost_cmd_oom(struct simhost *h, struct simhost_proc *p,
			   int argc, char **argv)
{
	(void)p;
	(void)argv;
	if (!h->o->own)
		return simhost_skip_line(h, "oom", "oom", "a global OOM is "
					 "never run on the host (the VM's: "
					 "sim check --vm)");
	if (argc != 1)
		return simhost_err(h, "oom takes no arguments");
	if (simhost_write("/proc/sysrq-trigger", "f"))
		return simhost_err(h, "cannot write /proc/sysrq-trigger: %s",
				   strerror(errno));
	return 0;
}

static int simhost_line(struct simhost *h, char *line);

static int simhost_repeat_line(void *ctx, char *line)
{
	return simhost_line(ctx, line) ? -EINVAL : 0;
}

/* repeat N [from=S] [by=K] LINE...: expanded by the interpreter's rules. */
static int simhost_cmd_repeat(struct simhost *h, struct simhost_proc *p,
			      int argc, char **argv)
{
	(void)p;
	h->err[0] = '\0';
	if (!scn_repeat(&h->tok, argc, argv, simhost_repeat_line, h))
		return 0;
	return h->err[0] ? -1 : simhost_err(h, "%s", h->tok.err);
}

/*
 * What host mode carries out, as scn.h's tables: a plain command by its
 * first token, a subject command ("A mmap ...") by its second, run with
 * the live process A.  Every other line the interpreter knows runs on
 * the simulated machine only, and is skipped.
 */
static const struct simhost_cmd_entry {
	const char *name;
	int subject;
	int (*run)(struct simhost *h, struct simhost_proc *p, int argc,
		   char **argv);
} simhost_cmds[] = {
	{ "machine", 0, simhost_cmd_none },	/* read by simhost_scan() */
	{ "ask", 0, simhost_cmd_none },		/* nobody is asked */
	{ "proc", 0, simhost_cmd_proc },
	{ "file", 0, simhost_cmd_file },
	{ "memcg", 0, simhost_cmd_memcg },
	{ "expect", 0, simhost_cmd_expect },
	{ "show", 0, simhost_cmd_show },
	{ "repeat", 0, simhost_cmd_repeat },
	{ "oom", 0, simhost_cmd_oom },
	{ "mmap", 1, simhost_cmd_mmap },
	{ "touch", 1, simhost_cmd_touch },
	{ "read", 1, simhost_cmd_read },
	{ "fork", 1, simhost_cmd_fork },
	{ "exit", 1, simhost_cmd_exit },
	{ "mprotect", 1, simhost_cmd_range },
	{ "munmap", 1, simhost_cmd_range },
	{ "madvise", 1, simhost_cmd_range },
	/* on the run's own machine only (simhost-kern.c), else skipped */
	{ "alloc_pages", 0, simhost_cmd_alloc_pages },
	{ "free_pages", 0, simhost_cmd_kfree },
	{ "kmalloc", 0, simhost_cmd_kmalloc },
	{ "kfree", 0, simhost_cmd_kfree },
	{ "cache", 0, simhost_cmd_cache },
	{ "kmem_cache_create", 0, simhost_cmd_cache },
	{ "cache_destroy", 0, simhost_cmd_cache_destroy },
	{ "kmem_cache_destroy", 0, simhost_cmd_cache_destroy },
	{ "kmem_cache_alloc", 0, simhost_cmd_cache_obj },
	{ "kmem_cache_free", 0, simhost_cmd_cache_obj },
	{ "write", 0, simhost_cmd_kwrite },
	{ "validate", 0, simhost_cmd_validate },
	{ NULL, 0, NULL },
};

static const struct simhost_cmd_entry *simhost_find_cmd(int argc,
							 char **argv)
{
	const struct simhost_cmd_entry *c;

	for (c = simhost_cmds; c->name; c++)
		if (!c->subject && !strcmp(c->name, argv[0]))
			return c;
	for (c = simhost_cmds; argc > 1 && c->name; c++)
		if (c->subject && !strcmp(c->name, argv[1]))
			return c;
	return NULL;
}

/* Run one line on the host.  0, or -1 with h->err. */
static int simhost_line(struct simhost *h, char *line)
{
	const struct simhost_cmd_entry *c;
	char *argv[SCN_MAX_TOKENS + 1], text[512];
	struct simhost_proc *p = NULL;
	int argc;

	snprintf(text, sizeof(text), "%s", line + strspn(line, " \t"));
	text[strcspn(text, "\r\n")] = '\0';
	argc = scn_tokenize(&h->tok, line, argv);
	if (argc < 0)
		return simhost_err(h, "%s", h->tok.err);
	if (argc == 0)
		return 0;
	argv[argc] = NULL;
	c = simhost_find_cmd(argc, argv);
	if (c && c->subject && !(p = simhost_live(h, argv[0])))
		return -1;
	if (c)
		return c->run(h, p, argc, argv);
	if (scn_lookup(argc, argv))
		return simhost_skip_line(h, text, argv[0], "no real "
					 "equivalent: runs on the simulated "
					 "machine only");
	if (argc > 1 && simhost_proc_find(h, argv[0]))
		return simhost_err(h, "unknown process command '%s' (after "
				   "'%s')", argv[1], argv[0]);
	return simhost_err(h, "unknown command '%s'", argv[0]);
}

/* ---- set-up: what the scenario needs, and whether the host has it ---- */

/* What simhost_scan() finds. */
enum simhost_scan {
	SIMHOST_SCAN_RUN,	/* the host can run it */
	SIMHOST_SCAN_SKIP,	/* it cannot: h->err says why */
	SIMHOST_SCAN_BAD,	/* a bad line: h->line, h->err */
};

/*
 * The host's readahead and fault lock against the machine line's: the
 * simulated machine takes the host's unless the line sets another.
 */
static enum simhost_scan simhost_scan_host(struct simhost *h,
					   const struct mm_config *cfg,
					   int files)
{
	char rel[65];

	h->ra_kb = simhost_host_ra_kb(simhost_tmp_parent());
	h->fault_lock = simhost_host_fault_lock(rel, sizeof(rel));
	if (cfg->readahead_kb >= 0 && cfg->readahead_kb != h->ra_kb) {
		simhost_err(h, "machine readahead_kb=%ld, the host has "
			    "readahead_kb=%ld (%s)", cfg->readahead_kb,
			    h->ra_kb, simhost_tmp_parent());
		return SIMHOST_SCAN_SKIP;
	}
	if (cfg->fault_lock >= 0 && cfg->fault_lock != h->fault_lock) {
		simhost_err(h, "machine fault_lock=%s, the host has "
			    "fault_lock=%s (kernel %s)",
			    simhost_fault_lock_name(cfg->fault_lock),
			    simhost_fault_lock_name(h->fault_lock), rel);
		return SIMHOST_SCAN_SKIP;
	}
	if (h->ra_kb >= 0)
		h->sim->readahead_kb = h->ra_kb;
	h->sim->fault_lock = h->fault_lock;
	if (files && !h->o->check)
		simhost_item(h, SIMHOST_NOTE, "%s: host: readahead_kb=%ld (the "
			     "device of %s), fault_lock=%s (kernel %s)",
			     h->file, h->ra_kb, simhost_tmp_parent(),
			     simhost_fault_lock_name(h->fault_lock), rel);
	return SIMHOST_SCAN_RUN;
}

/* Read the scenario once: can the host run it? */
static enum simhost_scan simhost_scan(struct simhost *h, const char *text)
{
	static const char *const thp_names[] = {
		[MM_THP_NEVER] = "never", [MM_THP_MADVISE] = "madvise",
		[MM_THP_ALWAYS] = "always",
	};
	char buf[SCN_LINE_MAX], *argv[SCN_MAX_TOKENS + 1], mode[32];
	const char *p = text;
	int argc = 0, rc, procs = 0, memcg = 0, reals = 0, files = 0, kern = 0;
	uint64_t fbytes = 0, mbytes = 0, size;
	struct mm_config cfg;

	mm_config_default(&cfg);
	h->tok.line = 0;
	h->thp_off = 1;
	while ((rc = scn_next_line(&h->tok, &p, buf, sizeof(buf))) > 0) {
		argc = scn_tokenize(&h->tok, buf, argv);
		if (argc <= 0)
			goto next;
		if (!strcmp(argv[0], "proc"))
			procs++;
		else if (!strcmp(argv[0], "memcg"))
			memcg++;
		else if (!strcmp(argv[0], "file"))
			files++;
		/* what the run would write to disk and map: bounded first */
		if (argc >= 3 && !strcmp(argv[0], "file") &&
		    !scn_parse_size(argv[2], &size) &&
		    (fbytes += size) > SIMHOST_FILES_MAX) {
			h->line = h->tok.line;
			return simhost_err(h, "the scenario's files add up to "
					   "more than 1 GiB (host mode writes "
					   "them to disk)"), SIMHOST_SCAN_BAD;
		}
		if (argc >= 4 && !strcmp(argv[1], "mmap") &&
		    !scn_parse_size(argv[3], &size) &&
		    (mbytes += size) > simhost_host_cap() &&
		    !h->o->own) {
			h->line = h->tok.line;
			return simhost_err(h, "the scenario maps %llu MiB in "
					   "all, more than half of this "
					   "host's RAM (%llu MiB)",
					   (unsigned long long)(mbytes >> 20),
					   (unsigned long long)
					   (simhost_host_cap() >> 19)),
			       SIMHOST_SCAN_BAD;
		}
		else if (!strcmp(argv[0], "expect") && argc == 4 &&
			 simhost_value_real(argv[1], h->o->own))
			reals++;
		else if (!strcmp(argv[0], "cache") ||
			 !strcmp(argv[0], "kmem_cache_create") ||
			 !strcmp(argv[0], "kmalloc") ||
			 !strcmp(argv[0], "alloc_pages"))
			kern++;
		else if (!strcmp(argv[0], "machine"))
			argc = scn_machine_parse(&h->tok, argc, argv, &cfg);
next:
		if (argc < 0)
			break;
	}
	h->line = h->tok.line;
	if (rc < 0 || argc < 0)
		return simhost_err(h, "%s", h->tok.err), SIMHOST_SCAN_BAD;
	h->ram = cfg.ram_bytes;
	h->line = 0;
	if (!procs && !(h->o->own && kern))
		return simhost_err(h, "no process lines"), SIMHOST_SCAN_SKIP;
	if (!reals)
		return simhost_err(h, "no expect line with a real "
				   "equivalent"), SIMHOST_SCAN_SKIP;
	simhost_host_thp(mode, sizeof(mode));
	if (cfg.thp != MM_THP_NEVER) {
		if (strcmp(thp_names[cfg.thp], mode))
			return simhost_err(h, "machine thp=%s, the host has "
					   "thp=%s", thp_names[cfg.thp],
					   mode), SIMHOST_SCAN_SKIP;
		h->thp_off = 0;
	}
	if (simhost_scan_host(h, &cfg, files) != SIMHOST_SCAN_RUN)
		return SIMHOST_SCAN_SKIP;
	if (memcg) {
		char path[SIMHOST_PATH_MAX + 32];

		if (geteuid())
			return simhost_err(h, "memcg lines need root"),
			       SIMHOST_SCAN_SKIP;
		snprintf(path, sizeof(path), "%s/memory.limit_in_bytes",
			 h->cgroot);
		if (access(path, F_OK))
			return simhost_err(h, "no cgroup v1 memory controller "
					   "at '%s'", h->cgroot),
			       SIMHOST_SCAN_SKIP;
	}
	simhost_probe_zero(h);
	return SIMHOST_SCAN_RUN;
}

/* ---- the run ---- */

/* SIGINT/SIGTERM during a run: leave nothing behind, then die. */
static void simhost_on_signal(int sig)
{
	if (simhost_active)
		simhost_cleanup(simhost_active);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* The per-process fault counts both ways (--trace): baseline vs commands. */
static void simhost_trace(struct simhost *h)
{
	int i;

	for (i = 0; i < h->nproc; i++) {
		struct simhost_proc *p = &h->proc[i];

		simhost_proc_counters(p);
		simhost_item(h, SIMHOST_NOTE, "host: %s pid %d: minflt %ld "
			     "(inside commands %ld), majflt %ld (inside "
			     "commands %ld)", p->name, (int)p->pid, p->min,
			     p->cmd_min, p->maj, p->cmd_maj);
	}
}

/* One line on the simulator, then on the host. */
static int simhost_step(struct simhost *h, const char *line)
{
	char sbuf[SCN_LINE_MAX], hbuf[SCN_LINE_MAX];
	int f0 = h->sim->failed;

	snprintf(sbuf, sizeof(sbuf), "%s", line);
	snprintf(hbuf, sizeof(hbuf), "%s", line);
	h->sim_failed = 0;
	if (!h->sim_dead) {
		h->sim->line = h->line;
		if (scn_line(h->sim, sbuf)) {
			h->sim_dead = h->line;
			/* check: a scenario the simulator cannot run fails */
			if (h->o->check) {
				h->res->diffs++;
				simhost_item(h, SIMHOST_DIFFERS, "differs: the "
					     "simulator stops here: %s",
					     h->sim->err);
			}
		}
		h->sim_failed = h->sim->failed > f0;
	}
	if (simhost_line(h, hbuf))
		return -1;
	simhost_reap(h);
	simhost_note_known(h);
	return 0;
}

/* Run the lines of text.  0, or -1 at a bad line (h->line, h->err). */
static int simhost_exec(struct simhost *h, const char *text)
{
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa, old[3];
	char buf[SCN_LINE_MAX];
	const char *p = text;
	int rc = 0, i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = simhost_on_signal;
	simhost_active = h;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	h->kmsg = kmsg_open();	/* from the log's current end */
	rc = simhost_runcg_start(h);
	h->tok.line = 0;
	while (!rc && (rc = scn_next_line(&h->tok, &p, buf, sizeof(buf))) > 0) {
		h->line = h->tok.line;
		rc = simhost_step(h, buf);
	}
	if (rc > 0)
		rc = 0;
	else if (rc < 0 && !h->err[0])
		simhost_err(h, "%s", h->tok.err);
	if (h->o->trace)
		simhost_trace(h);
	simhost_cleanup(h);
	if (h->kmsg >= 0)
		close(h->kmsg);
	h->kmsg = -1;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	simhost_active = NULL;
	return rc ? -1 : 0;
}

/* The verdict of a run that went to the end. */
static enum simhost_verdict simhost_verdict(struct simhost *h)
{
	struct simhost_result *res = h->res;

	if (!h->o->check)
		return res->failed ? SIMHOST_FAIL : SIMHOST_PASS;
	if (res->diffs)
		return SIMHOST_FAIL;
	if (res->compared)
		return SIMHOST_PASS;
	if (h->taint_line)
		snprintf(res->why, sizeof(res->why), "no value compared: the "
			 "real values follow skipped line %d ('%s': %s)",
			 h->taint_line, h->taint, h->taint_why);
	else
		snprintf(res->why, sizeof(res->why), "no value compared");
	return SIMHOST_SKIP;
}

/* Read a scenario file (text only).  0 or -1 with h->err. */
static int simhost_load(struct simhost *h, const char *path,
			struct sbuf *text)
{
	if (sbuf_read_file(text, path) < 0)
		return simhost_err(h, "cannot read scenario '%s': %s", path,
				   strerror(errno));
	if (memchr(text->buf, '\0', text->len))
		return simhost_err(h, "cannot run scenario '%s': not a text "
				   "file", path);
	return 0;
}

/* Public (simhost.h). */
enum simhost_verdict simhost_run(const char *path,
				 const struct simhost_opts *o,
				 struct simhost_result *res)
{
	const char *root = getenv("MEMDRILL_CGROUP_ROOT");
	struct sbuf text = SBUF_INIT;
	struct simhost *h = xcalloc(1, sizeof(*h));
	struct scn *sim = xcalloc(1, sizeof(*sim));

	memset(res, 0, sizeof(*res));
	h->file = path;
	h->o = o;
	h->res = res;
	h->victim = -1;
	h->first_kill = -1;
	h->zero = h->huge_zero = -1;
	h->kmsg = -1;
	h->cgroot = root && *root ? root : SIMHOST_CGROOT;
	h->sim = sim;
	scn_init(&h->tok, path);
	scn_init(sim, path);
	sbuf_init(&h->dmesg);
	if (simhost_load(h, path, &text)) {
		res->verdict = SIMHOST_ERROR;
		goto out;
	}
	switch (simhost_scan(h, text.buf)) {
	case SIMHOST_SCAN_BAD:
		res->verdict = SIMHOST_ERROR;
		goto out;
	case SIMHOST_SCAN_SKIP:
		res->verdict = SIMHOST_SKIP;
		snprintf(res->why, sizeof(res->why), "%s", h->err);
		goto out;
	case SIMHOST_SCAN_RUN:
		break;
	}
	/* what earlier runs killed by SIGKILL left behind */
	if (!o->own)
		leftover_sweep(h->cgroot, simhost_tmp_parent());
	if (simhost_exec(h, text.buf))
		res->verdict = SIMHOST_ERROR;
	else
		res->verdict = simhost_verdict(h);
out:
	if (res->verdict == SIMHOST_ERROR) {
		res->line = h->line;
		snprintf(res->why, sizeof(res->why), "%s", h->err);
	}
	scn_free(sim);
	scn_free(&h->tok);
	sbuf_release(&h->dmesg);
	sbuf_release(&text);
	free(sim);
	free(h);
	return res->verdict;
}

/* Public (simhost.h). */
void simhost_result_release(struct simhost_result *res)
{
	size_t i;

	for (i = 0; i < res->nitems; i++)
		free(res->items[i].text);
	free(res->items);
	memset(res, 0, sizeof(*res));
}

/* Public (simhost.h). */
long simhost_readahead_kb(const char **dir, const char **lock,
			  char *release, size_t n)
{
	*dir = simhost_tmp_parent();
	*lock = simhost_fault_lock_name(simhost_host_fault_lock(release, n));
	return simhost_host_ra_kb(*dir);
}
