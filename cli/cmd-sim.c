// SPDX-License-Identifier: GPL-2.0
/*
 * cmd-sim.c - `memdrill sim`: run a scenario on the simulated machine
 * (run), check every scenario's expectations (check), and generate
 * exercises from a seed (gen).  The simulator (sim/) never prints; this
 * file is where its output, errors and expectation results are shown.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli/cmd.h"
#include "cli/floor.h"
#include "cli/msg.h"
#include "engine/simhost.h"
#include "engine/simvm.h"
#include "sim/scn-gen.h"
#include "sim/scn.h"
#include "sim/slub.h"
#include "sim/vm.h"
#include "util/dir.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

#define SIM_MAX_FILE (4 << 20)

/* What a run prints and how. */
struct sim_run {
	const char *file;
	int quiet;		/* check: only failures */
	int step;		/* wait for Enter; ask for predictions */
	char prediction[128];
	int have_prediction;
	int right, asked;
	int asks;		/* ask lines reached */
	struct scn *s;
};

/* Output hook: show text and results to stdout. */
static void sim_out(void *ctx, enum scn_out_kind kind, const char *text)
{
	struct sim_run *r = ctx;

	switch (kind) {
	case SCN_OUT_SHOW:
		if (!r->quiet)
			msg_write(stdout, text, strlen(text));
		break;
	case SCN_OUT_PASS:
		if (!r->quiet)
			msg_print("%s:%d: %s\n", r->file, r->s->line, text);
		break;
	case SCN_OUT_FAIL:
		msg_print("%s:%d: %s\n", r->file, r->s->line, text);
		break;
	case SCN_OUT_EVENT:
	case SCN_OUT_TRACE:
	case SCN_OUT_NOTE:
		if (!r->quiet)
			msg_print("%s\n", text);
		break;
	}
}

/* Read one line from the terminal into buf (empty at EOF). */
static void sim_read_answer(char *buf, size_t n)
{
	size_t len;

	if (!fgets(buf, (int)n, stdin)) {
		buf[0] = '\0';
		return;
	}
	len = strlen(buf);
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
}

/* Ask hook: prediction first, truth after the next line. */
static void sim_ask(void *ctx, const char *question, const struct scn_val *v)
{
	struct sim_run *r = ctx;

	if (!v)
		r->asks++;
	if (!r->step)
		return;
	if (!v) {
		msg_print("? %s\n  your prediction: ", question);
		fflush(stdout);
		sim_read_answer(r->prediction, sizeof(r->prediction));
		r->have_prediction = 1;
		return;
	}
	r->asked++;
	if (r->have_prediction && !strcmp(r->prediction, v->str)) {
		r->right++;
		msg_print("  answer: %s - right\n", v->str);
	} else {
		msg_print("  answer: %s - you said '%s'\n", v->str,
		       r->have_prediction ? r->prediction : "");
	}
	r->have_prediction = 0;
}

/* Is this line only blanks or a comment? */
static int sim_blank(const char *line)
{
	line += strspn(line, " \t\r");
	return !*line || *line == '#';
}

/*
 * Run one scenario file.  Returns EXIT_OK, EXIT_FINDING (a failed
 * expectation) or EXIT_USAGE (unreadable file or a bad line, reported).
 */
static int sim_run_file(const char *path, int trace, int step, int quiet,
			int *passed, int *failed)
{
	struct sbuf text = SBUF_INIT;
	struct sim_run r;
	struct scn s;
	char *p, *nl;
	int err = 0, rc;

	if (sbuf_read_file_max(&text, path, SIM_MAX_FILE) < 0) {
		msg_error("cannot read scenario '%s': %s", path,
			  errno == EFBIG ? "larger than 4 MiB" :
			  sbuf_read_strerror(errno));
		sbuf_release(&text);
		return EXIT_USAGE;
	}
	if (text.len > SIM_MAX_FILE || memchr(text.buf, '\0', text.len)) {
		msg_error("cannot run scenario '%s': not a text file", path);
		sbuf_release(&text);
		return EXIT_USAGE;
	}
	memset(&r, 0, sizeof(r));
	r.file = path;
	r.quiet = quiet;
	r.step = step;
	r.s = &s;
	scn_init(&s, path);
	s.out = sim_out;
	s.ask = sim_ask;
	s.ctx = &r;
	s.trace = trace;
	if (step)
		printf("Stepping through %s: each line is shown before it runs; "
		       "press Enter to run it.\n", path);
	for (p = text.buf; *p && !err; p = nl ? nl + 1 : p + strlen(p)) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = '\0';
		s.line++;
		if (step && sim_blank(p) && p[strspn(p, " \t\r")] == '#') {
			/* the scenario's comments explain the next lines */
			printf("%s\n", p + strspn(p, " \t"));
		} else if (step && !sim_blank(p)) {
			char buf[16];

			printf("%s:%d> %s", path, s.line, p);
			fflush(stdout);
			sim_read_answer(buf, sizeof(buf));
		} else if (trace && !sim_blank(p) && !quiet) {
			printf("> %s\n", p);
		}
		err = scn_line(&s, p);
	}
	if (!err)
		err = scn_finish(&s);
	if (err)
		msg_at(path, s.line, "error", "%s", s.err);
	if (step && r.asked)
		printf("%d of %d predictions right\n", r.right, r.asked);
	if (!step && !quiet && r.asks)
		printf("%d ask line%s: run with --step to predict before the "
		       "answer%s shown\n", r.asks, r.asks == 1 ? "" : "s",
		       r.asks == 1 ? " is" : "s are");
	if (passed)
		*passed += s.passed;
	if (failed)
		*failed += s.failed;
	rc = err ? EXIT_USAGE : s.failed ? EXIT_FINDING : EXIT_OK;
	scn_free(&s);
	sbuf_release(&text);
	return rc;
}

/* Where host-mode items go: the scenario printed, and whether the
 * values that agree are shown too (check --verbose). */
struct sim_out {
	const char *path;
	int verbose;
	char **names;		/* check --vm: every scenario of the boot */
};

/* A host-mode item as it comes: "FILE:LINE: TEXT", or show/note text. */
static void sim_host_item(void *ctx, const struct simhost_item *it)
{
	const struct sim_out *so = ctx;

	if (it->kind == SIMHOST_AGREES && !so->verbose)
		return;
	if (it->kind == SIMHOST_SHOW || it->kind == SIMHOST_NOTE)
		msg_print("%s\n", it->text);
	else
		msg_print("%s:%d: %s\n", so->path, it->line, it->text);
}

/* A host-mode error: at its line, or about the file. */
static void sim_host_error(const char *path, const struct simhost_result *r,
			   const char *prefix)
{
	if (r->line)
		msg_at(path, r->line, "error", "%s%s", prefix, r->why);
	else
		msg_error("%s%s", prefix, r->why);
}

/* sim run FILE --host|--vm: each result as it comes, then the counts. */
/* How sim run --vm and sim check --vm boot: accelerator from the
 * environment, progress on a terminal. */
static const struct labvm_opts sim_vm_opts = { .progress = cmd_progress };

static int sim_run_real(const char *path, int trace, int vm)
{
	struct sim_out so = { path, 0, NULL };
	struct simhost_opts o = {
		.trace = trace, .out = sim_host_item, .ctx = &so,
	};
	struct simhost_result r;
	char reason[1024];
	int rc = EXIT_OK;

	if (vm && simvm_run(&path, 1, &sim_vm_opts, &o, NULL, NULL, &r, reason,
			    sizeof(reason)) < 0) {
		msg_error("cannot run '%s' in the VM: %s", path, reason);
		return EXIT_USAGE;
	}
	switch (vm ? r.verdict : simhost_run(path, &o, &r)) {
	case SIMHOST_SKIP:
		printf("%s: skipped: not run on the %s: %s\n", path,
		       vm ? "VM" : "host", r.why);
		goto out;
	case SIMHOST_ERROR:
		sim_host_error(path, &r, "");
		rc = EXIT_USAGE;
		if (!r.line)
			goto out;
		break;
	case SIMHOST_FAIL:
		rc = EXIT_FINDING;
		break;
	case SIMHOST_PASS:
		break;
	}
	printf("%d ok, %d failed, %d skipped, %d known\n", r.passed, r.failed,
	       r.skipped, r.known);
out:
	simhost_result_release(&r);
	return rc;
}

/*
 * The file `sim run ARG` means: ARG itself when it exists or names a
 * folder, else the bundled labs/scenarios/ARG(.scn) when that exists.
 */
static const char *sim_resolve(const char *arg, struct sbuf *buf)
{
	struct stat st;
	size_t n = strlen(arg);
	char **dirs;
	int i, nd, found = 0;

	if (!stat(arg, &st) || strchr(arg, '/'))
		return arg;
	if (n > 4 && !strcmp(arg + n - 4, ".scn"))
		n -= 4;
	nd = paths_search("labs", &dirs);
	for (i = 0; i < nd && !found; i++) {
		sbuf_reset(buf);
		sbuf_addf(buf, "%s/scenarios/%.*s.scn", dirs[i], (int)n, arg);
		found = !stat(buf->buf, &st);
	}
	paths_search_free(dirs);
	return found ? buf->buf : arg;
}

static int sim_run(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "trace", no_argument, NULL, 't' },
		{ "step", no_argument, NULL, 's' },
		{ "host", no_argument, NULL, 'H' },
		{ "vm", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int trace = 0, step = 0, host = 0, vm = 0, c, rc;
	struct sbuf buf = SBUF_INIT;
	const char *path;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 't')
			trace = 1;
		else if (c == 's')
			step = 1;
		else if (c == 'H')
			host = 1;
		else if (c == 'V')
			vm = 1;
		else
			return cmd_usage(&cmd_sim_entry);
	}
	if (optind != argc - 1 || ((host || vm) && step) || (host && vm) ||
	    (vm && trace))
		return cmd_usage(&cmd_sim_entry);
	path = sim_resolve(argv[optind], &buf);
	if (host || vm)
		rc = sim_run_real(path, trace, vm);
	else
		rc = sim_run_file(path, trace, step, 0, NULL, NULL);
	sbuf_release(&buf);
	return rc;
}

/* The tallies of check --host and --vm. */
struct sim_tally {
	int ok, bad, skipped, known, compared;
};

/* One scenario's comparison, counted; the reason of a skip or an error
 * printed (the differences were, as they came). */
static void sim_check_count(const char *name, struct simhost_result *r,
			    const char *where, struct sim_tally *t)
{
	switch (r->verdict) {
	case SIMHOST_PASS:
		t->ok++;
		break;
	case SIMHOST_SKIP:
		printf("%s: skipped: %s\n", name, r->why);
		t->skipped++;
		break;
	case SIMHOST_ERROR:
		sim_host_error(name, r, where);
		t->bad++;
		break;
	case SIMHOST_FAIL:
		t->bad++;
		break;
	}
	t->known += r->known;
	t->compared += r->compared;
	simhost_result_release(r);
}

/* check --vm: the start of scenario i's items. */
static void sim_vm_start(void *ctx, size_t i)
{
	struct sim_out *so = ctx;

	so->path = so->names[i];
}

/* check --vm: every scenario in one boot.  0, or -1 (reason printed). */
static int sim_check_vm(char **names, size_t n, int verbose,
			struct sim_tally *t)
{
	struct sim_out c = { NULL, verbose, names };
	struct simhost_opts o = {
		.check = 1, .verbose = 1, .out = sim_host_item, .ctx = &c,
	};
	struct simhost_result *r = xcalloc(n ? n : 1, sizeof(*r));
	char reason[1024];
	size_t i;

	if (simvm_run((const char *const *)names, n, &sim_vm_opts, &o,
		      sim_vm_start, &c, r, reason, sizeof(reason)) < 0) {
		msg_error("cannot run the scenarios in the VM: %s", reason);
		free(r);
		return -1;
	}
	for (i = 0; i < n; i++)
		sim_check_count(names[i], &r[i], "vm: ", t);
	free(r);
	return 0;
}

/* Run every *.scn in dir; one line per failure, then the totals. */
static int sim_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "host", no_argument, NULL, 'H' },
		{ "vm", no_argument, NULL, 'V' },
		{ "verbose", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	struct sim_tally t = { 0, 0, 0, 0, 0 };
	const char *dir;
	char **names;
	int n, i, host = 0, vm = 0, verbose = 0, c;

	while ((c = getopt_long(argc, argv, "v", opts, NULL)) != -1) {
		if (c == 'H')
			host = 1;
		else if (c == 'V')
			vm = 1;
		else if (c == 'v')
			verbose = 1;
		else
			return cmd_usage(&cmd_sim_entry);
	}
	if (argc - optind > 1 || (host && vm) || (verbose && !host && !vm))
		return cmd_usage(&cmd_sim_entry);
	dir = argc - optind == 1 ? argv[optind] :
	      paths_in_home("labs/scenarios");
	n = dir_list(dir, ".scn", &names);
	if (n < 0) {
		msg_error("cannot open scenario folder '%s': %s", dir,
			  strerror(errno));
		return EXIT_USAGE;
	}
	for (i = 0; i < n; i++) {	/* each name as a path */
		struct sbuf path = SBUF_INIT;

		sbuf_addf(&path, "%s/%s", dir, names[i]);
		free(names[i]);
		names[i] = sbuf_detach(&path, NULL);
	}
	if (host) {
		const char *tmp, *lock;
		char rel[65];
		long ra = simhost_readahead_kb(&tmp, &lock, rel, sizeof(rel));

		printf("host: readahead_kb=%ld (the device of %s), "
		       "fault_lock=%s (kernel %s), used by the simulated "
		       "machine\n", ra, tmp, lock, rel);
	}
	if (vm && sim_check_vm(names, (size_t)n, verbose, &t) < 0)
		t.bad = -1;
	for (i = 0; i < n; i++) {
		int passed = 0, failed = 0, rc;

		if (host) {
			struct sim_out so = { names[i], verbose, NULL };
			struct simhost_opts o = {
				.check = 1, .verbose = verbose,
				.out = sim_host_item, .ctx = &so,
			};
			struct simhost_result r;

			simhost_run(names[i], &o, &r);
			sim_check_count(names[i], &r, "host: ", &t);
		} else if (!vm) {
			rc = sim_run_file(names[i], 0, 0, 1, &passed, &failed);
			if (rc == EXIT_OK && passed > 0) {
				t.ok++;
			} else {
				if (rc == EXIT_OK)
					msg_at(names[i], 1, "error", "scenario "
					       "has no expect lines");
				t.bad++;
			}
		}
	}
	dir_list_free(names);
	if (t.bad < 0)
		return EXIT_USAGE;
	if (host || vm)
		printf("%d skipped\n%d known %s differences\n%d values "
		       "compared\n", t.skipped, t.known, vm ? "VM" : "host",
		       t.compared);
	printf("%d passed, %d failed\n", t.ok, t.bad);
	return t.bad ? EXIT_FINDING : EXIT_OK;
}

/* ---- gen ---- */

static int sim_gen(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "seed", required_argument, NULL, 's' },
		{ "solve", no_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	static const struct {
		const char *name;
		enum scn_gen_kind kind;
		const char *intro;
	} kinds[] = {
		{ "buddy", SCN_GEN_BUDDY, "# The 16 MiB machine has one zone, "
		  "DMA: 4096 frames in four order-10 blocks.\n# Fill in "
		  "/proc/buddyinfo (free blocks per order) after these "
		  "lines.\n" },
		{ "slab", SCN_GEN_SLAB, "# Fill in the cache's slabinfo after "
		  "these lines (1 CPU, slub_max_order 3).\n" },
		{ "fault", SCN_GEN_FAULT, "# A's 16 pages start unmapped.  How "
		  "many minor faults, zero-page maps and resident\n# pages "
		  "after these lines (a read maps the shared zero page)?\n" },
		{ "oom", SCN_GEN_OOM, "# Which process does the OOM killer "
		  "choose (badness: rss + swap + page tables,\n# plus "
		  "oom_score_adj * totalpages / 1000; -1000 is never "
		  "chosen)?\n" },
	};
	struct mm_buf sc = { 0 }, ans = { 0 };
	unsigned long long seed = (unsigned long long)time(NULL);
	int solve = 0, c, rc = EXIT_OK;
	size_t k;
	char *end, *line, *nl, err[300];

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 's') {
			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (errno || *end || !*optarg) {
				msg_error("invalid seed '%s'", optarg);
				return EXIT_USAGE;
			}
		} else if (c == 'S') {
			solve = 1;
		} else {
			return cmd_usage(&cmd_sim_entry);
		}
	}
	if (optind != argc - 1)
		return cmd_usage(&cmd_sim_entry);
	for (k = 0; k < sizeof(kinds) / sizeof(*kinds); k++)
		if (!strcmp(argv[optind], kinds[k].name))
			break;
	if (k == sizeof(kinds) / sizeof(*kinds))
		return cmd_usage(&cmd_sim_entry);
	if (scn_gen(kinds[k].kind, seed, &sc, &ans, err, sizeof(err))) {
		msg_error("cannot solve the exercise: %s", err);
		rc = EXIT_USAGE;
		goto out;
	}
	printf("# memdrill sim gen %s --seed %llu\n%s", kinds[k].name, seed,
	       kinds[k].intro);
	fputs(sc.s, stdout);
	for (line = ans.s; line && *line; line = nl + 1) {
		char *sp;

		nl = strchr(line, '\n');
		*nl = '\0';
		sp = strchr(line, ' ');
		*sp = '\0';
		if (solve)
			printf("expect %s == %s\n", line, sp + 1);
		else
			printf("ask \"%s?\" %s\n", line, line);
	}
out:
	mm_buf_free(&sc);
	mm_buf_free(&ans);
	return rc;
}

/* ---- bench (hidden: used by bench/sim.sh) ---- */

static double sim_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The baselines' machine: a zone of the simulator's frames with the sum
 * of its zones' low watermarks (cli/floor.h says what each does). */
static int sim_bench_floor(struct mm_machine *m, struct floor *f)
{
	unsigned long low = 0;
	int zi;

	for (zi = 0; zi < MM_NR_ZONES; zi++)
		low += m->zones[zi].wmark[MM_WMARK_LOW];
	if (floor_init(f, m->nr_pages & ~((1U << (MM_MAX_ORDER - 1)) - 1),
		       low))
		return mm_err(m, -ENOMEM, "cannot build the baseline");
	return 0;
}

/* Print "(R.RRx BASE)" after a figure of @rate against @floor_rate. */
static void sim_bench_ratio(double rate, double floor_rate, const char *what)
{
	printf(" (%.2fx %s: %.0f/s; target 0.6x)\n",
	       floor_rate > 0 ? rate / floor_rate : 0, what, floor_rate);
}

/* Buddy alloc+free pairs per second, random orders, 256 blocks live. */
static int sim_bench_buddy(struct mm_machine *m, long pairs, uint64_t *st)
{
	enum { LIVE = 256 };
	uint32_t pfn[LIVE];
	unsigned ord[LIVE];
	uint64_t fst = *st;
	struct floor f;
	double t0, t1, rate;
	long i;
	int k;

	for (k = 0; k < LIVE; k++) {
		ord[k] = (unsigned)(scn_gen_rand(st) % MM_MAX_ORDER) / 2;
		if (mm_buddy_alloc(m, ord[k], MM_GFP_KERNEL, MM_OWNER_KERNEL,
				   0, &pfn[k]))
			return -1;
	}
	t0 = sim_now();
	for (i = 0; i < pairs; i++) {
		k = (int)(i & (LIVE - 1));
		mm_buddy_free(m, pfn[k], ord[k]);
		ord[k] = (unsigned)(scn_gen_rand(st) % MM_MAX_ORDER);
		if (mm_buddy_alloc(m, ord[k], MM_GFP_KERNEL, MM_OWNER_KERNEL,
				   0, &pfn[k]))
			return -1;
	}
	t1 = sim_now();
	rate = pairs / (t1 - t0);
	printf("buddy alloc+free pairs/s (1 GiB, random orders 0-10): %.0f",
	       rate);
	for (k = 0; k < LIVE; k++)
		mm_buddy_free(m, pfn[k], ord[k]);
	if (mm_buddy_check(m) || sim_bench_floor(m, &f))
		return -1;
	for (k = 0; k < LIVE; k++) {
		ord[k] = (unsigned)(scn_gen_rand(&fst) % MM_MAX_ORDER) / 2;
		if (floor_alloc(&f, ord[k], &pfn[k]))
			goto bad;
	}
	t0 = sim_now();
	for (i = 0; i < pairs; i++) {
		k = (int)(i & (LIVE - 1));
		if (floor_free(&f, pfn[k], ord[k]))
			goto bad;
		ord[k] = (unsigned)(scn_gen_rand(&fst) % MM_MAX_ORDER);
		if (floor_alloc(&f, ord[k], &pfn[k]))
			goto bad;
	}
	t1 = sim_now();
	sim_bench_ratio(rate, pairs / (t1 - t0), "a minimal buddy allocator");
	floor_free_all(&f);
	return 0;
bad:
	floor_free_all(&f);
	return mm_err(m, -EFAULT, "the buddy baseline failed");
}

/* kmem_cache alloc+free pairs per second, 100-byte objects. */
static int sim_bench_slab(struct mm_machine *m, long pairs, uint64_t *st)
{
	enum { LIVE = 256 };
	uint64_t addr[LIVE];
	uint64_t fst = *st;
	struct mm_cache_info ci;
	struct floor f;
	double t0, t1, rate;
	long i;
	int id, k;

	if (mm_slub_cache_create(m, "bench", 100, 0, 0, &id))
		return -1;
	for (k = 0; k < LIVE; k++)
		if (mm_slub_alloc(m, id, &addr[k]))
			return -1;
	t0 = sim_now();
	for (i = 0; i < pairs; i++) {
		k = (int)(scn_gen_rand(st) & (LIVE - 1));
		mm_slub_free(m, id, addr[k]);
		if (mm_slub_alloc(m, id, &addr[k]))
			return -1;
	}
	t1 = sim_now();
	rate = pairs / (t1 - t0);
	printf("kmem_cache alloc+free pairs/s (100-byte objects): %.0f",
	       rate);
	if (mm_slub_info(m, id, &ci) || sim_bench_floor(m, &f))
		return -1;
	if (floor_slab_init(&f, ci.size, ci.objects, ci.order, ci.offset,
			    ci.min_partial))
		goto bad;
	for (k = 0; k < LIVE; k++)
		if (floor_slab_alloc(&f, &addr[k]))
			goto bad;
	t0 = sim_now();
	for (i = 0; i < pairs; i++) {
		k = (int)(scn_gen_rand(&fst) & (LIVE - 1));
		if (floor_slab_free(&f, addr[k]) ||
		    floor_slab_alloc(&f, &addr[k]))
			goto bad;
	}
	t1 = sim_now();
	sim_bench_ratio(rate, pairs / (t1 - t0), "a minimal SLUB");
	floor_free_all(&f);
	return 0;
bad:
	floor_free_all(&f);
	return mm_err(m, -EFAULT, "the slab baseline failed");
}

/*
 * Simulated page faults per second: a process maps 64 MiB, takes one
 * fault per page (@write: do_anonymous_page; else a zero-page read
 * fault then a do_wp_page write fault), unmaps it and starts again until
 * @faults faults were taken.  Counts come from the process's minflt.
 */
static int sim_bench_faults(struct mm_machine *m, long faults, int write)
{
	const uint64_t len = 64ULL << 20;
	struct vm_proc *p = vm_proc_new(m, write ? "W" : "R", 0);
	struct floor f;
	double t0, t1, rate;
	uint64_t a;
	long done;

	if (!p)
		return -1;
	t0 = sim_now();
	for (done = 0; p->minflt < faults; done++) {
		struct vm_vma *v;

		if (vm_mmap(m, p, "buf", len, VM_PROT_R | VM_PROT_W, 0))
			return -1;
		v = vm_vma_find(p, "buf");
		for (a = v->start; a < v->end; a += MM_PAGE_SIZE)
			if ((!write && vm_access(m, p, a, 0)) ||
			    vm_access(m, p, a, 1))
				return -1;
		if (vm_munmap(m, p, v, 0, len >> MM_PAGE_SHIFT))
			return -1;
	}
	t1 = sim_now();
	rate = p->minflt / (t1 - t0);
	printf("simulated page faults/s (%s, 64 MiB mapped %ld times): "
	       "%.0f", write ? "first write" : "read, then write", done,
	       rate);
	vm_exit(m, p);
	if (sim_bench_floor(m, &f))
		return -1;
	t0 = sim_now();
	while (f.minflt < (unsigned long)faults) {
		if (floor_mmap(&f, VM_MMAP_BASE, len))
			goto bad;
		for (a = VM_MMAP_BASE; a < VM_MMAP_BASE + len;
		     a += MM_PAGE_SIZE)
			if ((!write && floor_fault(&f, a, 0)) ||
			    floor_fault(&f, a, 1))
				goto bad;
		if (floor_munmap(&f))
			goto bad;
	}
	t1 = sim_now();
	sim_bench_ratio(rate, f.minflt / (t1 - t0),
			"a minimal 4-level page table");
	floor_free_all(&f);
	return 0;
bad:
	floor_free_all(&f);
	return mm_err(m, -EFAULT, "the fault baseline failed");
}

/* bench [N]: the figures bench/sim.sh prints (N pairs and faults). */
static int sim_bench(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 5000000;
	struct mm_machine m;
	struct mm_config cfg;
	uint64_t st = 42;
	int r;

	if (n <= 0)
		n = 5000000;
	mm_config_default(&cfg);
	cfg.ram_bytes = 1ULL << 30;
	if (mm_machine_init(&m, &cfg)) {
		msg_error("cannot build the machine: %s", m.err);
		return EXIT_USAGE;
	}
	r = sim_bench_buddy(&m, n, &st);
	if (!r)
		r = sim_bench_slab(&m, n, &st);
	if (!r)
		r = sim_bench_faults(&m, n, 1);
	if (!r)
		r = sim_bench_faults(&m, n, 0);
	if (r)
		msg_error("the bench failed: %s", m.err);
	mm_machine_free(&m);
	return r ? EXIT_FINDING : EXIT_OK;
}

static const struct cmd_sub cmd_sim_subs[] = {
	{ "run", "FILE|NAME [--trace] [--step] [--host | --vm]",
	  "run a scenario (a file, or the NAME of one in the\n"
	  "scenarios/ of a lab folder): print its show output and\n"
	  "each expect result; exit 1 if an expectation\n"
	  "fails, 2 on a bad line (reported as FILE:LINE)", sim_run },
	{ "check", "[--host | --vm [-v]] [DIR]",
	  "run the expect lines of every DIR/*.scn (default\n"
	  "labs/scenarios); print failures and \"N passed, N\n"
	  "failed\"; exit 1 if any scenario fails", sim_check },
	{ "gen", "buddy|slab|fault|oom [--seed N] [--solve]",
	  "print a new exercise (a scenario with ask lines);\n"
	  "the same seed gives the same exercise", sim_gen },
	{ "bench", "[N]", NULL, sim_bench },	/* for bench/sim.sh */
	{ NULL, NULL, NULL, NULL },
};

const struct cmd_entry cmd_sim_entry = {
	.name = "sim",
	.summary = "run memory-management simulator scenarios",
	.help =
	"Options of run:\n"
	"  --trace       print every event with the kernel call path\n"
	"  --step        wait for Enter before each line; at an ask line,\n"
	"                ask for a prediction and show the true value after\n"
	"                the next line\n"
	"  --host        run the process lines for real on this machine\n"
	"                and check expect lines on the kernel's counters;\n"
	"                values with no real equivalent print \"skipped\";\n"
	"                last line \"N ok, N failed, N skipped, N known\"\n"
	"  --vm          the same in the throwaway lab VM, on Debian's real\n"
	"                6.1 kernel (qemu; see lab run --vm)\n"
	"Options of check:\n"
	"  --host        run each scenario host mode can run on the\n"
	"                simulator and on this machine; fail on any value\n"
	"                that differs (a bound, != < <= > >=: its verdict;\n"
	"                both printed); say what was skipped and why\n"
	"                (memcg lines: root, MEMDRILL_CGROUP_ROOT)\n"
	"  --vm          the same against the real 6.1 kernel in the lab VM,\n"
	"                every scenario in one boot\n"
	"  -v, --verbose (with --host or --vm) the values that agree too\n"
	"Options of gen:\n"
	"  --seed N      the exercise's seed (default: the time)\n"
	"  --solve       print it with expect lines holding the answers\n"
	"\n"
	"The scenario language is described in docs/scenario-language.md.\n",
	.subs = cmd_sim_subs,
};
