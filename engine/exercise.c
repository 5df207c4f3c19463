// SPDX-License-Identifier: GPL-2.0
/*
 * exercise.c - exercises (see exercise.h): the workspace, building the
 * learner's code, one VM boot for a batch of them, the verdict's notes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "engine/exercise.h"
#include "engine/labvm.h"
#include "engine/spawn.h"
#include "util/paths.h"
#include "util/xalloc.h"

/* The guest's steps have 15 s watchdogs; the whole boot gets this. */
#define EXERCISE_TIMEOUT 150

static long long exercise_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void exercise_workspace(const struct lab_page *pg, struct sbuf *path)
{
	sbuf_addf(path, "%s/exercises/%s/%s", paths_data(), pg->id,
		  pg->source);
}

/* Replace @path by @text (mode @mode) unless it holds it already. */
static int exercise_write(const char *path, const struct sbuf *text,
			  mode_t mode)
{
	struct sbuf old = SBUF_INIT;
	int same, fd, rc = -1;

	same = sbuf_read_file(&old, path) >= 0 && old.len == text->len &&
	       !memcmp(old.buf, text->buf, text->len);
	sbuf_release(&old);
	if (same)
		return 0;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	if (write(fd, text->buf, text->len) == (ssize_t)text->len)
		rc = 0;
	if (close(fd) < 0)
		rc = -1;
	return rc;
}

static int exercise_copy(const char *from, const char *to, char *reason,
			 size_t rsz)
{
	struct sbuf t = SBUF_INIT;
	int rc = -1;

	if (sbuf_read_file(&t, from) < 0)
		snprintf(reason, rsz, "cannot read '%s': %s", from,
			 strerror(errno));
	else if (exercise_write(to, &t, 0644) < 0)
		snprintf(reason, rsz, "cannot write '%s': %s", to,
			 strerror(errno));
	else
		rc = 0;
	sbuf_release(&t);
	return rc;
}

int exercise_start(const struct lab_page *pg, int fresh, struct sbuf *path,
		   char *reason, size_t rsz)
{
	struct sbuf skel = SBUF_INIT, dir = SBUF_INIT;
	int rc;

	exercise_workspace(pg, path);
	if (!fresh && !access(path->buf, F_OK))
		return 0;
	sbuf_addf(&dir, "%s/exercises/%s", paths_data(), pg->id);
	if (paths_mkdirs_for(dir.buf) < 0 ||
	    (mkdir(dir.buf, 0700) < 0 && errno != EEXIST)) {
		snprintf(reason, rsz, "cannot create '%s': %s", dir.buf,
			 strerror(errno));
		sbuf_release(&dir);
		return -1;
	}
	lab_exercise_path(pg, "skeleton", pg->source, &skel);
	rc = exercise_copy(skel.buf, path->buf, reason, rsz) < 0 ? -1 : 1;
	sbuf_release(&skel);
	sbuf_release(&dir);
	return rc;
}

void exercise_task(const struct lab_page *pg, struct sbuf *out)
{
	const char *p = strstr(pg->prose, "## Task\n"), *e;

	if (!p && !strncmp(pg->prose, "## Task", 7))
		p = pg->prose;
	if (!p)
		return;
	p = strchr(p, '\n') + 1;
	p += strspn(p, "\n");
	e = strstr(p, "\n## ");
	sbuf_add(out, p, e ? (size_t)(e - p) + 1 : strlen(p));
	sbuf_rtrim(out);
	sbuf_addch(out, '\n');
}

/* ---- a batch: build, boot once, check ---- */

/* One piece of code to build and run: the learner's, a skeleton, ... */
struct exercise_item {
	const struct lab_page *pg;
	const char *src;	/* the C file */
	const char *shown;	/* its name in messages */
	char obj[64];		/* object, module and VM action name */
	struct labrun_result *res;
	int built, ran;
};

/*
 * Lines of the build log @log about @it's copy (dir/OBJ.c), the path
 * shown as the learner's, into @it->res->notes; with none, the log's
 * ERROR lines (modpost's undefined symbols) naming the object.
 */
static void exercise_build_notes(struct exercise_item *it, const char *dir,
				 const char *log)
{
	struct sbuf copy = SBUF_INIT, *n = &it->res->notes;
	const char *p, *nl, *at;
	int lines = 0, inside = 0;

	sbuf_addf(&copy, "%s/%s.c", dir, it->obj);
	for (p = log; *p && lines < 40; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		at = strstr(p, copy.buf);
		if (at && at < nl) {	/* gcc: "path:line:col: error: ..." */
			sbuf_add(n, p, (size_t)(at - p));
			sbuf_addstr(n, it->shown);
			at += copy.len;
			sbuf_add(n, at, (size_t)(nl - at));
			sbuf_addch(n, '\n');
			inside = 1;
			lines++;
		} else if (inside && (*p == ' ' || *p == '\t') && nl > p) {
			sbuf_add(n, p, (size_t)(nl - p) + 1);	/* the code */
			lines++;
		} else {
			inside = 0;
			if ((at = strstr(p, "ERROR:")) && at < nl &&
			    (at = strstr(p, it->obj)) && at < nl) {
				sbuf_add(n, p, (size_t)(nl - p));
				sbuf_addch(n, '\n');
				lines++;
			}
		}
		if (!*nl)
			break;
	}
	if (!n->len)
		sbuf_addf(n, "%s was not built (see %s)\n", it->shown, log);
	sbuf_release(&copy);
}

/* Modification time of @dir/@obj@ext in ns, or 0 when it is missing. */
static long long exercise_mtime(const char *dir, const char *obj,
				const char *ext)
{
	struct sbuf p = SBUF_INIT;
	struct stat st;
	long long t = 0;

	sbuf_addf(&p, "%s/%s%s", dir, obj, ext);
	if (!stat(p.buf, &st))
		t = st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
	sbuf_release(&p);
	return t;
}

/*
 * Did kbuild build @obj from the copy it has now?  The copy is rewritten
 * only when the source changed, so a .ko older than it is stale: the
 * last build of this source failed.
 */
static int exercise_fresh(const char *dir, const char *obj)
{
	long long ko = exercise_mtime(dir, obj, ".ko");

	return ko && ko >= exercise_mtime(dir, obj, ".c");
}

/*
 * Copy each module's source into @dir (rewritten only when it changed,
 * so kbuild rebuilds only what changed), write the Kbuild, run kbuild.
 */
static int exercise_build_modules(struct exercise_item *it, size_t n,
				  const char *kdir, const char *dir,
				  const struct labrun_opts *o, char *reason,
				  size_t rsz)
{
	struct sbuf kb = SBUF_INIT, p = SBUF_INIT, m = SBUF_INIT;
	struct sbuf log = SBUF_INIT, text = SBUF_INIT;
	char *argv[] = { "make", "-s", "-k", "-j2", "-C", (char *)kdir, NULL,
			 "modules", NULL };
	size_t i, mods = 0;
	int rc = 0;

	sbuf_addstr(&kb, "# SPDX-License-Identifier: GPL-2.0\n");
	for (i = 0; i < n && !rc; i++) {
		if (it[i].pg->exercise != LAB_EX_MODULE)
			continue;
		sbuf_reset(&p);
		sbuf_addf(&p, "%s/%s.c", dir, it[i].obj);
		rc = exercise_copy(it[i].src, p.buf, reason, rsz);
		sbuf_addf(&kb, "obj-m += %s.o\n", it[i].obj);
		mods++;
	}
	if (rc || !mods)
		goto out;
	sbuf_reset(&p);
	sbuf_addf(&p, "%s/Kbuild", dir);
	if (exercise_write(p.buf, &kb, 0644) < 0) {
		snprintf(reason, rsz, "cannot write '%s'", p.buf);
		rc = -1;
		goto out;
	}
	sbuf_addf(&m, "M=%s", dir);
	argv[6] = m.buf;
	sbuf_addf(&log, "%s/build.log", dir);
	if (o->progress)
		o->progress(o->ctx, "building the module");
	spawn_run(argv, NULL, NULL, log.buf, 600);
	sbuf_read_file(&text, log.buf);
	for (i = 0; i < n; i++) {
		if (it[i].pg->exercise != LAB_EX_MODULE)
			continue;
		it[i].built = exercise_fresh(dir, it[i].obj);
		if (!it[i].built)
			exercise_build_notes(&it[i], dir, text.buf);
	}
out:
	sbuf_release(&kb);
	sbuf_release(&p);
	sbuf_release(&m);
	sbuf_release(&log);
	sbuf_release(&text);
	return rc;
}

/* gcc -static @src into @bin, the log to @log; the exit status. */
static int exercise_gcc(const char *src, const char *bin, const char *log,
			int werror)
{
	char *argv[] = { "gcc", "-static", "-O2", "-Wall", "-Wextra",
			 "-o", (char *)bin, (char *)src,
			 werror ? "-Werror" : NULL, NULL };

	unlink(bin);
	return spawn_run(argv, NULL, NULL, log, 120);
}

/*
 * The guest's loader for the learner's modules (kmod/ex_insmod.c) into
 * @dir/ex_insmod, rebuilt when its source is newer; 0 or -1.
 */
static int exercise_build_loader(const char *dir, char *reason, size_t rsz)
{
	struct sbuf src = SBUF_INIT, bin = SBUF_INIT, log = SBUF_INIT;
	struct stat s, b;
	int rc = 0;

	sbuf_addf(&src, "%s/ex_insmod.c", paths_in_home("kmod"));
	sbuf_addf(&bin, "%s/ex_insmod", dir);
	sbuf_addf(&log, "%s/ex_insmod.log", dir);
	if (stat(src.buf, &s) < 0) {
		snprintf(reason, rsz, "cannot read '%s': %s", src.buf,
			 strerror(errno));
		rc = -1;
	} else if ((stat(bin.buf, &b) < 0 ||
		    b.st_mtim.tv_sec < s.st_mtim.tv_sec) &&
		   exercise_gcc(src.buf, bin.buf, log.buf, 1)) {
		snprintf(reason, rsz, "building the loader '%s' failed (see "
			 "%s)", src.buf, log.buf);
		rc = -1;
	}
	sbuf_release(&src);
	sbuf_release(&bin);
	sbuf_release(&log);
	return rc;
}

/* The learner's programs and the exercises' drivers. */
static int exercise_build_programs(struct exercise_item *it, size_t n,
				   const char *dir, char *reason, size_t rsz)
{
	struct sbuf src = SBUF_INIT, bin = SBUF_INIT, log = SBUF_INIT;
	struct sbuf text = SBUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		sbuf_reset(&bin);
		sbuf_reset(&log);
		sbuf_addf(&log, "%s/%s.log", dir, it[i].obj);
		if (it[i].pg->exercise == LAB_EX_PROGRAM) {
			sbuf_reset(&src);
			sbuf_addf(&src, "%s/%s.c", dir, it[i].obj);
			sbuf_addf(&bin, "%s/%s", dir, it[i].obj);
			rc = exercise_copy(it[i].src, src.buf, reason, rsz);
			if (rc)
				break;
			it[i].built = !exercise_gcc(src.buf, bin.buf, log.buf,
						    0);
			sbuf_reset(&text);
			sbuf_read_file(&text, log.buf);
			if (!it[i].built)
				exercise_build_notes(&it[i], dir, text.buf);
		} else if (it[i].pg->driver) {
			sbuf_reset(&src);
			lab_exercise_path(it[i].pg, NULL, it[i].pg->driver,
					  &src);
			sbuf_addstr(&src, ".c");
			sbuf_addf(&bin, "%s/%s.drv", dir, it[i].obj);
			if (exercise_gcc(src.buf, bin.buf, log.buf, 1)) {
				snprintf(reason, rsz, "building the driver "
					 "'%s' failed (see %s)", src.buf,
					 log.buf);
				rc = -1;
			}
		}
	}
	sbuf_release(&src);
	sbuf_release(&bin);
	sbuf_release(&log);
	sbuf_release(&text);
	return rc;
}

/*
 * Add the line @p (@n bytes) to @notes unless it is there already: an
 * oops reaches the console twice (console_verbose() prints it at once,
 * then the guest's dmesg dump has it again).
 */
static void exercise_note(struct sbuf *notes, const char *p, size_t n)
{
	struct sbuf line = SBUF_INIT, all = SBUF_INIT;

	sbuf_addch(&line, '\n');
	sbuf_add(&line, p, n);
	sbuf_addch(&line, '\n');
	sbuf_addch(&all, '\n');
	sbuf_add(&all, notes->buf, notes->len);
	if (!strstr(all.buf, line.buf))
		sbuf_add(notes, line.buf + 1, line.len - 1);
	sbuf_release(&line);
	sbuf_release(&all);
}

/*
 * Lines of @out that matter when code fails in the kernel: an oops, a
 * BUG or WARNING, SLUB's reports, the watchdog, a crash; the first 16.
 */
static void exercise_kernel_notes(const char *out, struct sbuf *notes)
{
	static const char *const keys[] = {
		"BUG", "Oops", "general protection fault", "WARNING:",
		"Objects remaining", "Poison overwritten",
		"Redzone overwritten", "Object already free", "RIP:",
		"watchdog", "soft lockup", "segfault", "failed with status",
		"Kernel panic", "double free", "Freed in", "Allocated in",
	};
	const char *p, *nl;
	size_t k;
	int lines = 0;

	for (p = out; *p && lines < 16; p = nl + 1) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		for (k = 0; k < sizeof(keys) / sizeof(*keys); k++) {
			const char *at = strstr(p, keys[k]);

			if (at && at < nl) {
				exercise_note(notes, p, (size_t)(nl - p));
				lines++;
				break;
			}
		}
		if (!*nl)
			break;
	}
}

/* The text after @it's begin marker when the VM stopped before its end. */
static int exercise_unfinished(const struct exercise_item *it,
			       const char *console, struct sbuf *out)
{
	struct sbuf mark = SBUF_INIT;
	const char *b;

	sbuf_addf(&mark, "=== memdrill action %s %s begin", LABVM_EXERCISE,
		  it->obj);
	b = strstr(console, mark.buf);
	sbuf_release(&mark);
	if (!b || !(b = strchr(b, '\n')))
		return -1;
	for (b++; *b; b++)
		if (*b != '\r')
			sbuf_addch(out, *b);
	return 0;
}

/* After the boot: @it's output, checks, verdict and notes. */
static void exercise_judge(struct exercise_item *it, const char *console,
			   int booted, const char *why)
{
	struct labrun_result *res = it->res;
	long long ms = -1;

	if (labvm_section(console, LABVM_EXERCISE, it->obj, &res->out,
			  &ms) == 0) {
		labrun_check_text(it->pg, res->out.buf, res);
		if (ms >= 0)
			res->ms = ms;
	} else if (exercise_unfinished(it, console, &res->out) == 0) {
		/* it hung or crashed the guest: a verdict, not a hang */
		labrun_check_text(it->pg, res->out.buf, res);
		res->verdict = LABRUN_FAIL;
		sbuf_addf(&res->notes, "the VM did not finish: %s\n", why);
	} else {
		res->verdict = LABRUN_NOT_RUN;
		snprintf(res->reason, sizeof(res->reason), "%s", booted ?
			 "the VM printed no output for the exercise" : why);
		return;
	}
	if (res->verdict == LABRUN_FAIL)
		exercise_kernel_notes(res->out.buf, &res->notes);
}

/*
 * preempt=full (the kernel is built with PREEMPT_DYNAMIC), so code of
 * the learner's that spins in the kernel can be preempted: the guest's
 * watchdog still runs and the VM still powers off; then every Boot
 * argument of the items' pages, each once.
 */
static void exercise_boot_args(const struct exercise_item *it, size_t n,
			       struct sbuf *args)
{
	size_t i;

	sbuf_addstr(args, "preempt=full");
	for (i = 0; i < n; i++) {
		char *copy, *tok, *save = NULL;

		if (!it[i].pg->boot || !it[i].built)
			continue;
		copy = xstrdup(it[i].pg->boot);
		for (tok = strtok_r(copy, " \t", &save); tok;
		     tok = strtok_r(NULL, " \t", &save)) {
			struct sbuf t = SBUF_INIT;

			sbuf_addf(&t, " %s ", tok);
			sbuf_addch(args, ' ');
			if (!strstr(args->buf, t.buf))
				sbuf_addstr(args, tok);
			sbuf_rtrim(args);
			sbuf_release(&t);
		}
		free(copy);
	}
}

/*
 * Build the @n items in @dir, boot once for those that built, and fill
 * each item's result.  A failure before the boot (no headers, no VM)
 * makes every item "could not run".
 */
static void exercise_batch(struct exercise_item *it, size_t n,
			   const char *subdir, const struct labrun_opts *o)
{
	struct sbuf kdir = SBUF_INIT, dir = SBUF_INIT, console = SBUF_INIT;
	struct sbuf args = SBUF_INIT, p = SBUF_INIT;
	struct labvm_action *a = xcalloc(n ? n : 1, sizeof(*a));
	struct labvm_file *f = xcalloc(2 * n + 1, sizeof(*f));
	char **names = xcalloc(4 * n + 1, sizeof(*names));
	struct labvm_opts vo = { .timeout = EXERCISE_TIMEOUT, .cpus = 2 };
	char reason[1024] = "";
	const char *cache = paths_cache();
	size_t i, na = 0, nf = 0, nn = 0;
	int booted = 0, loader = 0, rc;

	if (!cache) {
		snprintf(reason, sizeof(reason), "cannot create the cache "
			 "folder: %s", strerror(errno));
		goto fail;
	}
	sbuf_addf(&dir, "%s/vm/%s", cache, subdir);
	if (paths_mkdirs_for(dir.buf) < 0 ||
	    (mkdir(dir.buf, 0700) < 0 && errno != EEXIST)) {
		snprintf(reason, sizeof(reason), "cannot create '%s': %s",
			 dir.buf, strerror(errno));
		goto fail;
	}
	if (labvm_kdir(&kdir, reason, sizeof(reason)) < 0 ||
	    exercise_build_modules(it, n, kdir.buf, dir.buf, o, reason,
				   sizeof(reason)) < 0 ||
	    exercise_build_programs(it, n, dir.buf, reason,
				    sizeof(reason)) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		int mod = it[i].pg->exercise == LAB_EX_MODULE;

		if (mod && it[i].built && !loader) {
			if (exercise_build_loader(dir.buf, reason,
						  sizeof(reason)) < 0)
				goto fail;
			sbuf_reset(&p);
			sbuf_addf(&p, "%s/ex_insmod", dir.buf);
			names[nn] = xstrdup(p.buf);
			f[nf].src = names[nn++];
			f[nf].dst = "ex/ex_insmod";
			f[nf++].mode = 0755;
			loader = 1;
		}
		if (!it[i].built) {
			it[i].res->build_failed = 1;
			it[i].res->verdict = LABRUN_FAIL;
			continue;
		}
		a[na].module = LABVM_EXERCISE;
		a[na++].action = it[i].obj;
		sbuf_reset(&p);
		sbuf_addf(&p, "%s/%s%s", dir.buf, it[i].obj, mod ? ".ko" : "");
		names[nn] = xstrdup(p.buf);
		f[nf].src = names[nn++];
		sbuf_reset(&p);
		sbuf_addf(&p, "ex/%s%s", it[i].obj, mod ? ".ko" : "");
		names[nn] = xstrdup(p.buf);
		f[nf].dst = names[nn++];
		f[nf++].mode = mod ? 0644 : 0755;
		if (mod && it[i].pg->driver) {
			sbuf_reset(&p);
			sbuf_addf(&p, "%s/%s.drv", dir.buf, it[i].obj);
			names[nn] = xstrdup(p.buf);
			f[nf].src = names[nn++];
			sbuf_reset(&p);
			sbuf_addf(&p, "ex/%s.drv", it[i].obj);
			names[nn] = xstrdup(p.buf);
			f[nf].dst = names[nn++];
			f[nf++].mode = 0755;
		}
	}
	if (!na)
		goto out;
	exercise_boot_args(it, n, &args);
	vo.boot = args.len ? args.buf : NULL;
	vo.accel = o->accel;
	vo.progress = o->progress;
	vo.ctx = o->ctx;
	vo.files = f;
	vo.nfiles = nf;
	rc = labvm_run(a, na, &vo, &console, reason, sizeof(reason));
	booted = !rc || strstr(console.buf, "=== memdrill vm up");
	for (i = 0; i < n; i++)
		if (it[i].built)
			exercise_judge(&it[i], console.buf, booted, reason);
	goto out;
fail:
	for (i = 0; i < n; i++) {
		it[i].res->verdict = LABRUN_NOT_RUN;
		snprintf(it[i].res->reason, sizeof(it[i].res->reason), "%s",
			 reason);
	}
out:
	for (i = 0; i < nn; i++)
		free(names[i]);
	free(names);
	free(a);
	free(f);
	sbuf_release(&kdir);
	sbuf_release(&dir);
	sbuf_release(&console);
	sbuf_release(&args);
	sbuf_release(&p);
}

enum labrun_verdict exercise_run(const struct lab_page *pg,
				 const struct labrun_opts *o,
				 struct labrun_result *res)
{
	struct exercise_item it = { .pg = pg, .res = res };
	struct sbuf path = SBUF_INIT, obj = SBUF_INIT;
	long long t0 = exercise_now_ms();

	res->runner = LABRUN_BY_EXERCISE;
	res->verdict = LABRUN_NOT_RUN;
	exercise_workspace(pg, &path);
	if (o->mode == LABRUN_MODE_HOST) {
		snprintf(res->reason, sizeof(res->reason), "an exercise runs "
			 "the learner's code in the lab VM only");
	} else if (access(path.buf, R_OK) < 0) {
		snprintf(res->reason, sizeof(res->reason), "no copy of the "
			 "exercise at '%s' (memdrill lab start %s makes it)",
			 path.buf, pg->id);
	} else {
		lab_exercise_object(pg, &obj);
		snprintf(it.obj, sizeof(it.obj), "%s", obj.buf);
		it.src = path.buf;
		it.shown = path.buf;
		exercise_batch(&it, 1, "ex-run", o);
		res->ms = exercise_now_ms() - t0;
	}
	sbuf_release(&path);
	sbuf_release(&obj);
	return res->verdict;
}

size_t exercise_verify(const struct lab_page *pages, size_t n,
		       const struct labrun_opts *o,
		       void (*each)(void *arg, size_t i,
				    const struct labrun_result *solution,
				    const struct labrun_result *skeleton,
				    const char *why),
		       void *arg)
{
	struct exercise_item *it = xcalloc(n ? 2 * n : 1, sizeof(*it));
	struct labrun_result *res = xcalloc(n ? 2 * n : 1, sizeof(*res));
	struct sbuf *src = xcalloc(n ? 2 * n : 1, sizeof(*src));
	struct sbuf obj = SBUF_INIT;
	size_t i, k, good = 0;

	/* the solutions first: a skeleton that wedges its module in the
	 * guest cannot spoil its solution's run */
	for (k = 0; k < 2 * n; k++) {
		const struct lab_page *pg = &pages[k % n];
		int skel = k >= n;

		i = skel ? n + k % n : k % n;
		sbuf_init(&res[i].out);
		sbuf_init(&res[i].notes);
		res[i].first_failed = -1;
		res[i].runner = LABRUN_BY_EXERCISE;
		sbuf_init(&src[i]);
		lab_exercise_path(pg, skel ? "skeleton" : "solution",
				  pg->source, &src[i]);
		sbuf_reset(&obj);
		lab_exercise_object(pg, &obj);
		it[i].pg = pg;
		it[i].src = src[i].buf;
		it[i].shown = src[i].buf;
		it[i].res = &res[i];
		snprintf(it[i].obj, sizeof(it[i].obj), "%.50s_%s", obj.buf,
			 skel ? "skel" : "sol");
	}
	exercise_batch(it, 2 * n, "ex-verify", o);
	for (i = 0; i < n; i++) {
		const struct labrun_result *sol = &res[i], *sk = &res[n + i];
		char why[256] = "";

		if (sol->verdict != LABRUN_PASS)
			snprintf(why, sizeof(why), "the solution does not "
				 "pass");
		else if (sk->verdict != LABRUN_FAIL || sk->build_failed)
			snprintf(why, sizeof(why), "the skeleton %s",
				 sk->build_failed ? "does not build" :
				 sk->verdict == LABRUN_PASS ? "passes" :
				 "could not run");
		else if (sk->first_failed != pages[i].skeleton_fails - 1)
			snprintf(why, sizeof(why), "the skeleton fails check "
				 "%d first, not %d", sk->first_failed + 1,
				 pages[i].skeleton_fails);
		good += !*why;
		each(arg, i, sol, sk, why);
	}
	for (i = 0; i < 2 * n; i++) {
		labrun_result_release(&res[i]);
		sbuf_release(&src[i]);
	}
	sbuf_release(&obj);
	free(it);
	free(res);
	free(src);
	return good;
}

int exercise_solution(const struct lab_page *pg, struct sbuf *out,
		      int *had_copy, char *reason, size_t rsz)
{
	struct sbuf mine = SBUF_INIT, sol = SBUF_INIT, tmp = SBUF_INIT;
	char *argv[] = { "diff", "-u", NULL, NULL, NULL };
	const char *cache = paths_cache();
	int rc = -1, st;

	exercise_workspace(pg, &mine);
	lab_exercise_path(pg, "solution", pg->source, &sol);
	*had_copy = !access(mine.buf, R_OK);
	if (!*had_copy) {
		if (sbuf_read_file(out, sol.buf) < 0)
			snprintf(reason, rsz, "cannot read '%s': %s", sol.buf,
				 strerror(errno));
		else
			rc = 0;
		goto out;
	}
	if (!cache) {
		snprintf(reason, rsz, "cannot create the cache folder");
		goto out;
	}
	sbuf_addf(&tmp, "%s/solution.diff", cache);
	argv[2] = mine.buf;
	argv[3] = sol.buf;
	st = spawn_run(argv, NULL, NULL, tmp.buf, 30);
	if (st != 0 && st != 1) {
		snprintf(reason, rsz, "diff -u failed (status %d; install "
			 "diffutils)", st);
	} else if (sbuf_read_file(out, tmp.buf) < 0) {
		snprintf(reason, rsz, "cannot read '%s'", tmp.buf);
	} else {
		rc = 0;
	}
	unlink(tmp.buf);
out:
	sbuf_release(&mine);
	sbuf_release(&sol);
	sbuf_release(&tmp);
	return rc;
}
