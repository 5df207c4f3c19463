// SPDX-License-Identifier: GPL-2.0
/*
 * labvm.c - the lab VM runner (see labvm.h): build, pack, boot, capture.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/kbuild.h"
#include "engine/lab.h"
#include "engine/labvm.h"
#include "engine/spawn.h"
#include "util/dir.h"
#include "util/paths.h"
#include "util/xalloc.h"

/*
 * Actions memdrill's own engine runs in the VM, never named by a page
 * (page validation reads only the registry, engine/kmod-actions.h): the
 * program each runs and its inputs come as the caller's files
 * (labvm_opts.files), and engine/guest-helpers has its shell function
 * helper_HELPER.  /actions lists them beside the registry's, as
 * "sh:HELPER".
 */
static const struct lab_action labvm_internal[] = {
	/* engine/simvm.c: host mode of the scenario language in the VM */
	{ "simvm_lab", "check", "simvm_check",
	  "run the packed scenarios in host mode against this kernel" },
};

#define LABVM_NINTERNAL (sizeof(labvm_internal) / sizeof(*labvm_internal))

/* An exercise's action: "ex OBJ" (labvm.h), OBJ of [a-z0-9_]. */
static int labvm_is_exercise(const struct labvm_action *a)
{
	size_t n = strlen(a->action);

	return !strcmp(a->module, LABVM_EXERCISE) && n && n < 64 &&
	       strspn(a->action, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

/* The registry's entry for @a, or an internal action's, or NULL. */
static const struct lab_action *labvm_action(const struct labvm_action *a)
{
	static const struct lab_action exercise = {
		LABVM_EXERCISE, "*", "exercise", "the learner's code"
	};
	const struct lab_action *la = lab_action_find(a->module, a->action);
	size_t i;

	if (labvm_is_exercise(a))
		return &exercise;
	for (i = 0; !la && i < LABVM_NINTERNAL; i++)
		if (!strcmp(labvm_internal[i].module, a->module) &&
		    !strcmp(labvm_internal[i].action, a->action))
			la = &labvm_internal[i];
	return la;
}

/* Tell the caller what a long step is doing (labvm_opts.progress). */
static void labvm_progress(const struct labvm_opts *o, const char *what)
{
	if (o->progress)
		o->progress(o->ctx, what);
}

static int labvm_fail(char *reason, size_t rsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int labvm_fail(char *reason, size_t rsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, rsz, fmt, ap);
	va_end(ap);
	return -1;
}

static int labvm_exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

/* Modification time of @path in ns, or 0 when it is missing. */
static long long labvm_mtime(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	return st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec;
}

/* The newest /boot/vmlinuz-* (or $MEMDRILL_KERNEL) and its version. */
static int labvm_kernel(struct sbuf *img, struct sbuf *ver, char *reason,
			size_t rsz)
{
	const char *env = getenv("MEMDRILL_KERNEL");
	const char *base, *best = NULL;
	char **names;
	int i, n;

	if (env && *env) {
		sbuf_addstr(img, env);
	} else if ((n = dir_list("/boot", "", &names)) >= 0) {
		for (i = 0; i < n; i++)	/* sorted: keep the greatest name */
			if (!strncmp(names[i], "vmlinuz-", 8))
				best = names[i];
		if (best)
			sbuf_addf(img, "/boot/%s", best);
		dir_list_free(names);
	}
	if (!img->len || !labvm_exists(img->buf))
		return labvm_fail(reason, rsz, "no kernel image%s%s (install "
				  "linux-image-amd64 or set MEMDRILL_KERNEL)",
				  img->len ? " at " : "", img->buf);
	base = strrchr(img->buf, '/');
	base = base ? base + 1 : img->buf;
	sbuf_addstr(ver, strncmp(base, "vmlinuz-", 8) ? base : base + 8);
	return 0;
}

/* The last line of the file at @path, for error messages. */
static void labvm_last_lines(const char *path, int lines, struct sbuf *out)
{
	struct sbuf t = SBUF_INIT;
	size_t i;

	if (sbuf_read_file(&t, path) < 0)
		return;
	sbuf_rtrim(&t);
	for (i = t.len; i > 0 && lines > 0; i--)
		if (t.buf[i - 1] == '\n')
			lines--;
	sbuf_add(out, t.buf + i, t.len - i);
	sbuf_release(&t);
}

/* Replace the file @path by @len bytes of @data; 0 or -1. */
static int labvm_write(const char *path, const char *data, size_t len,
		       mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode), rc = -1;

	if (fd >= 0 && write(fd, data, len) == (ssize_t)len)
		rc = 0;
	if (fd >= 0)
		close(fd);
	return rc;
}

static int labvm_copy(const char *from, const char *to, mode_t mode)
{
	struct sbuf t = SBUF_INIT;
	int rc = -1;

	if (sbuf_read_file(&t, from) >= 0)
		rc = labvm_write(to, t.buf, t.len, mode);
	sbuf_release(&t);
	return rc;
}

/* The helper program the registry gives @a, or NULL. */
static const char *labvm_helper(const struct labvm_action *a)
{
	const struct lab_action *la = lab_action_find(a->module, a->action);

	return la ? la->helper : NULL;
}

/*
 * The helper of @a[@i] when it needs one that no action before it
 * needed (so each helper is built and packed once), else NULL.
 */
static const char *labvm_helper_first(const struct labvm_action *a,
				      size_t i)
{
	const char *h = labvm_helper(&a[i]);
	size_t j;

	for (j = 0; h && j < i; j++)
		if (labvm_helper(&a[j]) && !strcmp(labvm_helper(&a[j]), h))
			return NULL;
	return h;
}

int labvm_action_ships(const char *module, const char *action)
{
	const struct labvm_action a = { module, action };
	const char *h = labvm_helper(&a);

	if (!lab_action_find(module, action) ||
	    (h && !lab_kmod_source(h)))
		return 0;
	return lab_kmod_source(module) || h;
}

/*
 * Build the guest program kmod/@name.c into @dir/guest/@name unless it is
 * newer than its source.  musl, static and stripped: a glibc static
 * binary is 0.75 MB, a musl one 20-60 KB, and the guest unpacks and
 * faults in every byte of the initramfs under TCG.
 */
static int labvm_build_program(const char *dir, const char *name,
			       char *reason, size_t rsz)
{
	struct sbuf src = SBUF_INIT, bin = SBUF_INIT, log = SBUF_INIT;
	struct sbuf last = SBUF_INIT;
	char *argv[] = { "musl-gcc", "-static", "-Os", "-s", "-Wall",
			 "-Wextra", "-Werror", "-o", NULL, NULL, NULL };
	int rc = 0;

	sbuf_addf(&src, "%s/%s.c", paths_in_home("kmod"), name);
	sbuf_addf(&bin, "%s/guest/%s", dir, name);
	sbuf_addf(&log, "%s/guest.log", dir);
	if (labvm_mtime(bin.buf) &&
	    labvm_mtime(bin.buf) >= labvm_mtime(src.buf))
		goto out;
	if (!spawn_in_path("musl-gcc")) {
		rc = labvm_fail(reason, rsz, "no musl-gcc to build the guest "
				"programs (install musl-tools)");
		goto out;
	}
	argv[8] = bin.buf;
	argv[9] = src.buf;
	if (spawn_run(argv, NULL, NULL, log.buf, 120)) {
		labvm_last_lines(log.buf, 4, &last);
		rc = labvm_fail(reason, rsz, "building the guest program '%s' "
				"with musl-gcc failed:\n%s", name, last.buf);
	}
out:
	sbuf_release(&src);
	sbuf_release(&bin);
	sbuf_release(&log);
	sbuf_release(&last);
	return rc;
}

/* Build the guest's init and each helper the actions need. */
static int labvm_build_programs(const char *dir, const struct labvm_action *a,
				size_t n, char *reason, size_t rsz)
{
	struct sbuf d = SBUF_INIT;
	size_t i;
	int rc;

	sbuf_addf(&d, "%s/guest", dir);
	mkdir(d.buf, 0755);
	sbuf_release(&d);
	rc = labvm_build_program(dir, "guest_init", reason, rsz);
	for (i = 0; i < n && !rc; i++) {
		const char *h = labvm_helper_first(a, i);

		if (h)
			rc = labvm_build_program(dir, h, reason, rsz);
	}
	return rc;
}

/* Modification time of @dir/kmod/@name@ext (the build's copy), or 0. */
static long long labvm_kmod_mtime(const char *dir, const char *name,
				  const char *ext)
{
	struct sbuf p = SBUF_INIT;
	long long t;

	sbuf_addf(&p, "%s/kmod/%s%s", dir, name, ext);
	t = labvm_mtime(p.buf);
	sbuf_release(&p);
	return t;
}

/*
 * Can the last module build be reused?  @stamp (written after a build
 * that succeeded) names the headers it used and is no older than Kbuild,
 * every needed module's source and its .ko.  A no-op kbuild run costs
 * seconds, so the runner skips it when this holds.
 */
static int labvm_build_fresh(const char *kdir, const char *dir,
			     const char *stamp, const struct labvm_action *a,
			     size_t n)
{
	struct sbuf used = SBUF_INIT;
	long long t = labvm_mtime(stamp);
	size_t i;
	int ok;

	ok = t && sbuf_read_file(&used, stamp) >= 0 &&
	     !strcmp(used.buf, kdir) &&
	     labvm_kmod_mtime(dir, "Kbuild", "") <= t;
	for (i = 0; i < n && ok; i++) {
		if (!lab_kmod_source(a[i].module))
			continue;
		ok = labvm_kmod_mtime(dir, a[i].module, ".c") <= t &&
		     labvm_kmod_mtime(dir, a[i].module, ".ko") &&
		     labvm_kmod_mtime(dir, a[i].module, ".ko") <= t;
	}
	sbuf_release(&used);
	return ok;
}

/* Record that the modules were built against @kdir. */
static void labvm_build_stamp(const char *kdir, const char *stamp)
{
	if (labvm_write(stamp, kdir, strlen(kdir), 0644) < 0)
		unlink(stamp);
}

/* Copy kmod/ to @dir/kmod (kbuild.h), make -C KDIR M=@dir/kmod modules. */
static int labvm_build(const char *kdir, const char *dir,
		       const struct labvm_action *a, size_t n,
		       const struct labvm_opts *o, char *reason, size_t rsz)
{
	struct sbuf m = SBUF_INIT, log = SBUF_INIT, last = SBUF_INIT;
	struct sbuf stamp = SBUF_INIT;
	char *argv[] = { "make", "-s", "-C", (char *)kdir, NULL, "modules",
			 NULL };
	int rc = 0;

	sbuf_addf(&m, "M=%s/kmod", dir);
	if (kbuild_sources(m.buf + 2, reason, rsz) < 0) {
		sbuf_release(&m);
		return -1;
	}
	sbuf_addf(&stamp, "%s/kbuild.stamp", dir);
	if (labvm_build_fresh(kdir, dir, stamp.buf, a, n)) {
		sbuf_release(&m);
		sbuf_release(&stamp);
		return 0;
	}
	unlink(stamp.buf);
	argv[4] = m.buf;
	sbuf_addf(&log, "%s/build.log", dir);
	labvm_progress(o, "building the lab modules");
	rc = spawn_run(argv, NULL, NULL, log.buf, 600);
	if (rc) {
		labvm_last_lines(log.buf, 4, &last);
		labvm_fail(reason, rsz, "building the modules against '%s' "
			   "failed:\n%s", kdir, last.buf);
	} else {
		labvm_build_stamp(kdir, stamp.buf);
	}
	sbuf_release(&stamp);
	sbuf_release(&m);
	sbuf_release(&log);
	sbuf_release(&last);
	return rc ? -1 : 0;
}

/* Has an action before @a[@i] the same module? */
static int labvm_module_seen(const struct labvm_action *a, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (!strcmp(a[j].module, a[i].module))
			return 1;
	return 0;
}

/*
 * Copy each action's module (once) to @dir/root/modules, listing it,
 * without its debug sections: 260-300 KB of DWARF a module the VM loads
 * never reads, against 11-16 KB of code, data and symbols (kept: the
 * kernel's reports name the module's functions).
 */
static int labvm_pack_modules(const char *dir, const struct labvm_action *a,
			      size_t n, struct sbuf *list, char *reason,
			      size_t rsz)
{
	struct sbuf ko = SBUF_INIT, p = SBUF_INIT, log = SBUF_INIT;
	char *argv[] = { "strip", "--strip-debug", "-o", NULL, NULL, NULL };
	size_t i;
	int rc = 0;

	sbuf_addf(&log, "%s/strip.log", dir);
	for (i = 0; i < n && !rc; i++) {
		if (labvm_module_seen(a, i) || labvm_is_exercise(&a[i]) ||
		    (!lab_kmod_source(a[i].module) && labvm_helper(&a[i])))
			continue;
		sbuf_reset(&ko);
		sbuf_addf(&ko, "%s/kmod/%s.ko", dir, a[i].module);
		sbuf_reset(&p);
		sbuf_addf(&p, "%s/root/modules/%s.ko", dir, a[i].module);
		argv[3] = p.buf;
		argv[4] = ko.buf;
		if (!labvm_exists(ko.buf))
			rc = labvm_fail(reason, rsz, "module '%s' is not built "
					"(no kmod/%s.c ships yet)",
					a[i].module, a[i].module);
		else if (spawn_run(argv, NULL, NULL, log.buf, 60))
			rc = labvm_fail(reason, rsz, "stripping '%s' failed "
					"(see %s)", ko.buf, log.buf);
		else
			sbuf_addf(list, "modules/%s.ko\n", a[i].module);
	}
	sbuf_release(&ko);
	sbuf_release(&p);
	sbuf_release(&log);
	return rc;
}

/* Copy the helpers the actions need to @dir/root/bin, listing them. */
static int labvm_pack_helpers(const char *dir, const struct labvm_action *a,
			      size_t n, struct sbuf *list, char *reason,
			      size_t rsz)
{
	struct sbuf from = SBUF_INIT, to = SBUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < n && !rc; i++) {
		const char *h = labvm_helper_first(a, i);

		if (!h)
			continue;
		sbuf_reset(&from);
		sbuf_addf(&from, "%s/guest/%s", dir, h);
		sbuf_reset(&to);
		sbuf_addf(&to, "%s/root/bin/%s", dir, h);
		rc = labvm_copy(from.buf, to.buf, 0755);
		if (rc < 0)
			labvm_fail(reason, rsz, "helper '%s' is not built", h);
		else
			sbuf_addf(list, "bin/%s\n", h);
	}
	sbuf_release(&from);
	sbuf_release(&to);
	return rc;
}

/*
 * The guest's dispatch table, generated from the registry: one "MODULE
 * ACTION HOW" line per shipped action, HOW "-" for a write of ACTION to
 * /proc/MODULE, else the helper program; then the internal ones and this
 * run's exercises, HOW "sh:FUNC" (a shell function of guest-helpers).
 * The guest's init (kmod/guest_init.c) reads it as /actions, so it holds
 * no list of its own.
 */
static int labvm_pack_actions(const char *dir, const struct labvm_action *a,
			      size_t n, struct sbuf *list, char *reason,
			      size_t rsz)
{
	struct sbuf t = SBUF_INIT, p = SBUF_INIT;
	size_t i;
	int rc;

	for (i = 0; i < lab_nactions; i++)
		sbuf_addf(&t, "%s %s %s\n", lab_actions[i].module,
			  lab_actions[i].action, lab_actions[i].helper ?
			  lab_actions[i].helper : "-");
	for (i = 0; i < LABVM_NINTERNAL; i++)
		sbuf_addf(&t, "%s %s sh:%s\n", labvm_internal[i].module,
			  labvm_internal[i].action, labvm_internal[i].helper);
	for (i = 0; i < n; i++)
		if (labvm_is_exercise(&a[i]))
			sbuf_addf(&t, "%s %s sh:exercise\n", a[i].module,
				  a[i].action);
	sbuf_addf(&p, "%s/root/actions", dir);
	rc = labvm_write(p.buf, t.buf, t.len, 0644);
	if (rc < 0)
		labvm_fail(reason, rsz, "cannot write '%s'", p.buf);
	else
		sbuf_addstr(list, "actions\n");
	sbuf_release(&t);
	sbuf_release(&p);
	return rc;
}

/* Copy the caller's files into @dir/root, listing them (and their
 * folders, made as needed). */
static int labvm_pack_files(const char *dir, const struct labvm_file *f,
			    size_t nf, struct sbuf *list, char *reason,
			    size_t rsz)
{
	struct sbuf to = SBUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < nf && !rc; i++) {
		const char *slash = strchr(f[i].dst, '/');

		if (slash) {	/* the folder, listed once (cpio needs it) */
			sbuf_reset(&to);
			sbuf_addf(&to, "\n%.*s\n", (int)(slash - f[i].dst),
				  f[i].dst);
			if (!strstr(list->buf, to.buf))
				sbuf_addstr(list, to.buf + 1);
			sbuf_reset(&to);
			sbuf_addf(&to, "%s/root/%.*s", dir,
				  (int)(slash - f[i].dst), f[i].dst);
			mkdir(to.buf, 0755);
		}
		sbuf_reset(&to);
		sbuf_addf(&to, "%s/root/%s", dir, f[i].dst);
		rc = labvm_copy(f[i].src, to.buf, (mode_t)f[i].mode);
		if (rc < 0)
			labvm_fail(reason, rsz, "cannot copy '%s' into the "
				   "VM image", f[i].src);
		else
			sbuf_addf(list, "%s\n", f[i].dst);
	}
	sbuf_release(&to);
	return rc;
}

/* Does an action of @a run a shell helper (an internal one, an exercise)? */
static int labvm_needs_shell(const struct labvm_action *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!lab_action_find(a[i].module, a[i].action))
			return 1;
	return 0;
}

/*
 * Pack /@dst from @src (mode @mode) into @dir/root, listing it; 0, or -1
 * with "cannot read" and @what in @reason.
 */
static int labvm_pack_one(const char *dir, const char *src, const char *dst,
			  mode_t mode, const char *what, struct sbuf *list,
			  char *reason, size_t rsz)
{
	struct sbuf p = SBUF_INIT;
	int rc;

	sbuf_addf(&p, "%s/root/%s", dir, dst);
	rc = labvm_copy(src, p.buf, mode);
	sbuf_release(&p);
	if (rc < 0)
		return labvm_fail(reason, rsz, "cannot read '%s'%s", src, what);
	sbuf_addf(list, "%s\n", dst);
	return 0;
}

/*
 * Lay out the initramfs tree under @dir/root and pack @dir/initramfs:
 * the init, the modules, the helper programs, /actions, the caller's
 * files; busybox and the shell helpers only for actions that need them.
 */
static int labvm_pack(const char *dir, const struct labvm_action *a, size_t n,
		      const struct labvm_opts *o, char *reason, size_t rsz)
{
	static const char *const subdirs[] = { "bin", "proc", "sys", "dev",
					       "modules", "tmp" };
	struct sbuf p = SBUF_INIT, list = SBUF_INIT, out = SBUF_INIT;
	char *argv[] = { "cpio", "-o", "-H", "newc", "--quiet", NULL };
	size_t i;
	int rc = -1;

	sbuf_addf(&p, "%s/root", dir);
	mkdir(p.buf, 0755);
	sbuf_addstr(&list, ".\n");
	for (i = 0; i < sizeof(subdirs) / sizeof(*subdirs); i++) {
		sbuf_reset(&p);
		sbuf_addf(&p, "%s/root/%s", dir, subdirs[i]);
		mkdir(p.buf, 0755);
		sbuf_addf(&list, "%s\n", subdirs[i]);
	}
	sbuf_reset(&p);
	sbuf_addf(&p, "%s/guest/guest_init", dir);
	if (labvm_pack_one(dir, p.buf, "init", 0755, "", &list, reason,
			   rsz) < 0)
		goto out;
	if (labvm_needs_shell(a, n) &&
	    (labvm_pack_one(dir, "/bin/busybox", "bin/busybox", 0755,
			    " (install busybox-static)", &list, reason,
			    rsz) < 0 ||
	     labvm_pack_one(dir, paths_in_home("engine/guest-helpers"),
			    "helpers", 0755, "", &list, reason, rsz) < 0))
		goto out;
	if (labvm_pack_modules(dir, a, n, &list, reason, rsz) < 0 ||
	    labvm_pack_helpers(dir, a, n, &list, reason, rsz) < 0 ||
	    labvm_pack_actions(dir, a, n, &list, reason, rsz) < 0 ||
	    labvm_pack_files(dir, o->files, o->nfiles, &list, reason,
			     rsz) < 0)
		goto out;
	sbuf_reset(&p);
	sbuf_addf(&p, "%s/files", dir);
	if (labvm_write(p.buf, list.buf, list.len, 0644) < 0) {
		labvm_fail(reason, rsz, "cannot write '%s'", p.buf);
		goto out;
	}
	sbuf_addf(&out, "%s/initramfs.cpio", dir);
	sbuf_reset(&list);
	sbuf_addf(&list, "%s/root", dir);
	if (spawn_run(argv, list.buf, p.buf, out.buf, 60)) {
		labvm_fail(reason, rsz, "packing the initramfs with cpio "
			   "failed (install cpio)");
		goto out;
	}
	rc = 0;
out:
	sbuf_release(&p);
	sbuf_release(&list);
	sbuf_release(&out);
	return rc;
}

/* The kernel command line: console, boot args, the actions. */
static int labvm_cmdline(const struct labvm_action *a, size_t n,
			 const char *boot, struct sbuf *cl, char *reason,
			 size_t rsz)
{
	size_t i;

	/* no crypto self-tests: 0.3-0.6 s of every boot, nothing a lab uses */
	sbuf_addstr(cl, "console=ttyS0 loglevel=1 panic=-1 no5lvl "
		    "cryptomgr.notests");
	if (boot && *boot) {
		char *copy = xstrdup(boot), *tok, *save = NULL;

		for (tok = strtok_r(copy, " \t", &save); tok;
		     tok = strtok_r(NULL, " \t", &save)) {
			if (!lab_boot_arg_allowed(tok)) {
				free(copy);
				return labvm_fail(reason, rsz, "boot argument "
						  "'%s' is not allowed", tok);
			}
			sbuf_addf(cl, " %s", tok);
		}
		free(copy);
	}
	sbuf_addstr(cl, " memdrill.actions=");
	for (i = 0; i < n; i++) {
		/* only registry entries: their names are [a-z0-9_] */
		if (!labvm_action(&a[i]))
			return labvm_fail(reason, rsz, "module action '%s %s' "
					  "is not shipped with memdrill",
					  a[i].module, a[i].action);
		sbuf_addf(cl, "%s%s:%s", i ? "," : "", a[i].module,
			  a[i].action);
	}
	return 0;
}

/* What the KVM probe watches: the console log of the boot. */
struct labvm_probe {
	const char *log;
	time_t deadline;
	int up;		/* the guest's init has printed its first line */
};

/* spawn_wait() watch: stop a KVM boot that printed nothing in time. */
static int labvm_probe_watch(void *arg)
{
	struct labvm_probe *pr = arg;
	struct sbuf t = SBUF_INIT;

	if (pr->up)
		return 0;
	if (sbuf_read_file(&t, pr->log) >= 0 &&
	    strstr(t.buf, "=== memdrill vm up"))
		pr->up = 1;
	sbuf_release(&t);
	return !pr->up && time(NULL) >= pr->deadline;
}

/* "auto", "kvm" or "tcg" from @accel, else the environment; NULL if bad. */
static const char *labvm_accel_name(const char *accel)
{
	if (!accel || !*accel)
		accel = getenv("MEMDRILL_VM_ACCEL");
	if (!accel || !*accel)
		return "auto";
	if (!strcmp(accel, "auto") || !strcmp(accel, "kvm") ||
	    !strcmp(accel, "tcg"))
		return accel;
	return NULL;
}

/* auto: try KVM?  Only with a usable /dev/kvm and no remembered hang. */
static int labvm_try_kvm(const char *dir)
{
	struct sbuf mark = SBUF_INIT;
	int fd, ok;

	sbuf_addf(&mark, "%s/kvm-hangs", dir);
	ok = access(mark.buf, F_OK) < 0;
	sbuf_release(&mark);
	if (!ok)
		return 0;
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return 0;
	close(fd);
	return 1;
}

/* Remember that KVM hung here, so auto goes straight to TCG next time. */
static void labvm_remember_hang(const char *dir)
{
	struct sbuf mark = SBUF_INIT;
	FILE *f;

	sbuf_addf(&mark, "%s/kvm-hangs", dir);
	f = fopen(mark.buf, "w");
	if (f) {
		fprintf(f, "a KVM boot printed nothing within %d s; memdrill "
			"uses TCG for --accel auto while this file exists\n",
			LABVM_KVM_PROBE);
		fclose(f);
	}
	sbuf_release(&mark);
}

/*
 * One qemu run with @accel ("kvm" or "tcg") into @log.  With @probe, a
 * boot whose guest prints nothing within LABVM_KVM_PROBE s is stopped
 * (-3).  Returns as spawn_wait().
 */
static int labvm_qemu(const char *img, const char *initrd,
		      const char *cmdline, const char *accel, const char *log,
		      int probe, const struct labvm_opts *o)
{
	char cpus[16];
	char *argv[] = { "qemu-system-x86_64", "-kernel", (char *)img,
			 "-initrd", (char *)initrd, "-append", (char *)cmdline,
			 "-nographic", "-no-reboot", "-m", "256M", "-accel",
			 (char *)accel, "-smp", cpus, NULL };
	struct labvm_probe pr = { log, time(NULL) + LABVM_KVM_PROBE, 0 };

	snprintf(cpus, sizeof(cpus), "%d", o->cpus > 0 ? o->cpus : 1);
	/* the probe must not read an earlier boot's "vm up" before the
	 * child has truncated the file */
	unlink(log);
	return spawn_wait(spawn_start(argv, NULL, NULL, log),
			  o->timeout > 0 ? o->timeout : LABVM_TIMEOUT,
			  probe ? labvm_probe_watch : NULL, &pr);
}

/* Boot @img with @cmdline; the console goes to @console. */
static int labvm_boot(const char *img, const char *dir, const char *cmdline,
		      const struct labvm_opts *o, struct sbuf *console,
		      char *reason, size_t rsz)
{
	struct sbuf initrd = SBUF_INIT, log = SBUF_INIT, last = SBUF_INIT;
	const char *name = labvm_accel_name(o->accel);
	int rc = -3;

	if (!name)
		return labvm_fail(reason, rsz, "accelerator '%s' is not auto, "
				  "kvm or tcg", o->accel && *o->accel ?
				  o->accel : getenv("MEMDRILL_VM_ACCEL"));
	sbuf_addf(&initrd, "%s/initramfs.cpio", dir);
	sbuf_addf(&log, "%s/console.log", dir);
	if (!strcmp(name, "kvm") ||
	    (!strcmp(name, "auto") && labvm_try_kvm(dir))) {
		labvm_progress(o, "booting the lab VM (KVM)");
		rc = labvm_qemu(img, initrd.buf, cmdline, "kvm", log.buf,
				!strcmp(name, "auto"), o);
		if (rc == -3) {
			char why[96];

			snprintf(why, sizeof(why), "KVM printed nothing "
				 "within %d s: falling back to TCG",
				 LABVM_KVM_PROBE);
			labvm_progress(o, why);
			labvm_remember_hang(dir);
		}
	}
	if (rc == -3) {
		labvm_progress(o, "booting the lab VM (TCG, a few seconds)");
		rc = labvm_qemu(img, initrd.buf, cmdline, "tcg", log.buf, 0,
				o);
	}
	if (sbuf_read_file(console, log.buf) < 0)
		rc = -1;
	if (rc == -2 || (!rc && !strstr(console->buf,
					 "=== memdrill vm done"))) {
		labvm_last_lines(log.buf, 5, &last);
		labvm_fail(reason, rsz, rc == -2 ? "the VM did not finish "
			   "within %d s; last console lines:\n%s" : "the VM "
			   "stopped before finishing (%d s limit); last "
			   "console lines:\n%s", o->timeout > 0 ? o->timeout :
			   LABVM_TIMEOUT, last.buf);
		rc = -1;
	} else if (rc) {
		labvm_last_lines(log.buf, 3, &last);
		labvm_fail(reason, rsz, "qemu failed (exit %d): %s", rc,
			   last.buf);
		rc = -1;
	}
	sbuf_release(&initrd);
	sbuf_release(&log);
	sbuf_release(&last);
	return rc;
}

/* Does /boot/config-@ver say the kernel can boot from its ELF (PVH)? */
static int labvm_has_pvh(const char *ver)
{
	struct sbuf p = SBUF_INIT, cfg = SBUF_INIT;
	int ok;

	sbuf_addf(&p, "/boot/config-%s", ver);
	ok = sbuf_read_file(&cfg, p.buf) >= 0 &&
	     strstr(cfg.buf, "\nCONFIG_PVH=y\n");
	sbuf_release(&p);
	sbuf_release(&cfg);
	return ok;
}

/* Write the xz stream inside the bzImage @img to @xz; 0 or -1. */
static int labvm_xz_payload(const char *img, const char *xz)
{
	static const char magic[] = "\3757zXZ";
	struct sbuf t = SBUF_INIT;
	const char *at = NULL;
	size_t i;
	int fd, rc = -1;

	if (sbuf_read_file(&t, img) < 0)
		return -1;
	for (i = 0; i + sizeof(magic) <= t.len && !at; i++)
		if (!memcmp(t.buf + i, magic, sizeof(magic)))
			at = t.buf + i;
	fd = at ? open(xz, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;
	if (fd >= 0) {
		size_t len = t.len - (size_t)(at - t.buf);

		rc = write(fd, at, len) == (ssize_t)len ? 0 : -1;
		close(fd);
	}
	sbuf_release(&t);
	return rc;
}

/*
 * Under TCG a guest spends seconds unpacking an xz bzImage.  A kernel
 * built with CONFIG_PVH boots from its plain ELF vmlinux instead (qemu's
 * -kernel takes the PVH entry point), so unpack it once on the host with
 * `xz -dc --single-stream` into @dir/vmlinux-@ver and reuse it while it
 * is newer than @img.  Sets @out to the ELF, or leaves it empty (boot the
 * bzImage) when anything is missing or fails.
 */
static void labvm_unpacked(const char *img, const char *ver, const char *dir,
			   const struct labvm_opts *o, struct sbuf *out)
{
	struct sbuf elf = SBUF_INIT, xz = SBUF_INIT, tmp = SBUF_INIT;
	char *argv[] = { "xz", "-dc", "--single-stream", NULL, NULL };
	char head[4];
	int fd;

	sbuf_addf(&elf, "%s/vmlinux-%s", dir, ver);
	if (labvm_mtime(elf.buf) > labvm_mtime(img)) {
		sbuf_addstr(out, elf.buf);
		goto out;
	}
	if (!labvm_has_pvh(ver) || !spawn_in_path("xz"))
		goto out;
	sbuf_addf(&xz, "%s/vmlinuz.xz", dir);
	sbuf_addf(&tmp, "%s.tmp", elf.buf);
	argv[3] = xz.buf;
	labvm_progress(o, "unpacking the kernel image for a faster boot");
	if (labvm_xz_payload(img, xz.buf) < 0 ||
	    spawn_run(argv, NULL, NULL, tmp.buf, 120))
		goto out;
	fd = open(tmp.buf, O_RDONLY);
	if (fd >= 0 && read(fd, head, 4) == 4 && !memcmp(head, "\177ELF", 4) &&
	    !rename(tmp.buf, elf.buf))
		sbuf_addstr(out, elf.buf);
	if (fd >= 0)
		close(fd);
out:
	if (tmp.len)
		unlink(tmp.buf);
	if (xz.len)
		unlink(xz.buf);
	sbuf_release(&elf);
	sbuf_release(&xz);
	sbuf_release(&tmp);
}

/* The headers for kernel @ver (or $MEMDRILL_KDIR) into @kdir; 0 or -1. */
static int labvm_headers(const char *ver, struct sbuf *kdir, char *reason,
			 size_t rsz)
{
	const char *env = getenv("MEMDRILL_KDIR");
	struct sbuf mk = SBUF_INIT;
	int ok;

	if (env && *env)
		sbuf_addstr(kdir, env);
	else
		sbuf_addf(kdir, "/usr/src/linux-headers-%s", ver);
	sbuf_addf(&mk, "%s/Makefile", kdir->buf);
	ok = labvm_exists(mk.buf);
	sbuf_release(&mk);
	if (ok)
		return 0;
	return labvm_fail(reason, rsz, "no headers for kernel %s at '%s' "
			  "(install linux-headers-%s or set MEMDRILL_KDIR)",
			  ver, kdir->buf, ver);
}

int labvm_kdir(struct sbuf *kdir, char *reason, size_t rsz)
{
	struct sbuf img = SBUF_INIT, ver = SBUF_INIT;
	int rc = labvm_kernel(&img, &ver, reason, rsz);

	if (!rc)
		rc = labvm_headers(ver.buf, kdir, reason, rsz);
	sbuf_release(&img);
	sbuf_release(&ver);
	return rc;
}

int labvm_kernel_version(struct sbuf *ver, char *reason, size_t rsz)
{
	struct sbuf img = SBUF_INIT;
	int rc = labvm_kernel(&img, ver, reason, rsz);

	sbuf_release(&img);
	return rc;
}

/* Are all @n actions exercises (no kmod/ module or helper needed)? */
static int labvm_only_exercises(const struct labvm_action *a, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!labvm_is_exercise(&a[i]))
			return 0;
	return 1;
}

int labvm_run(const struct labvm_action *a, size_t n,
	      const struct labvm_opts *o, struct sbuf *console, char *reason,
	      size_t rsz)
{
	struct sbuf img = SBUF_INIT, ver = SBUF_INIT, kdir = SBUF_INIT;
	struct sbuf dir = SBUF_INIT, cl = SBUF_INIT, elf = SBUF_INIT;
	const char *cache = paths_cache();
	int rc = -1;

	if (!spawn_in_path("qemu-system-x86_64")) {
		labvm_fail(reason, rsz, "no qemu-system-x86_64 (install "
			   "qemu-system-x86)");
		goto out;
	}
	if (labvm_kernel(&img, &ver, reason, rsz) < 0 ||
	    labvm_headers(ver.buf, &kdir, reason, rsz) < 0)
		goto out;
	if (labvm_cmdline(a, n, o->boot, &cl, reason, rsz) < 0)
		goto out;
	if (!cache) {
		labvm_fail(reason, rsz, "cannot create the cache folder: %s",
			   strerror(errno));
		goto out;
	}
	sbuf_addf(&dir, "%s/vm", cache);
	if (mkdir(dir.buf, 0700) < 0 && errno != EEXIST) {
		labvm_fail(reason, rsz, "cannot create '%s': %s", dir.buf,
			   strerror(errno));
		goto out;
	}
	if ((!labvm_only_exercises(a, n) &&
	     labvm_build(kdir.buf, dir.buf, a, n, o, reason, rsz) < 0) ||
	    labvm_build_programs(dir.buf, a, n, reason, rsz) < 0 ||
	    labvm_pack(dir.buf, a, n, o, reason, rsz) < 0)
		goto out;
	labvm_unpacked(img.buf, ver.buf, dir.buf, o, &elf);
	if (labvm_boot(elf.len ? elf.buf : img.buf, dir.buf, cl.buf, o,
		       console, reason, rsz) < 0)
		goto out;
	rc = 0;
out:
	sbuf_release(&img);
	sbuf_release(&ver);
	sbuf_release(&kdir);
	sbuf_release(&dir);
	sbuf_release(&cl);
	sbuf_release(&elf);
	return rc;
}

/*
 * The guest's clock in ns that the marker line at @line ends with
 * (" t=NS", from /proc/timer_list), or -1 when it has none.
 */
static long long labvm_marker_ns(const char *line)
{
	const char *t = line + strcspn(line, "\r\n");

	while (t > line && strncmp(t, " t=", 3))
		t--;
	if (t == line || !isdigit((unsigned char)t[3]))
		return -1;
	return strtoll(t + 3, NULL, 10);
}

int labvm_section(const char *console, const char *module, const char *action,
		  struct sbuf *out, long long *ms)
{
	struct sbuf mark = SBUF_INIT;
	const char *b, *e;
	long long t0 = -1, t1;

	sbuf_addf(&mark, "=== memdrill action %s %s begin", module, action);
	b = strstr(console, mark.buf);
	if (b) {
		t0 = labvm_marker_ns(b);
		b = strchr(b, '\n');	/* serial console lines end \r\n */
	}
	if (b)
		b++;
	sbuf_reset(&mark);
	sbuf_addf(&mark, "=== memdrill action %s %s end", module, action);
	e = b ? strstr(b, mark.buf) : NULL;
	sbuf_release(&mark);
	if (!e)
		return -1;
	t1 = labvm_marker_ns(e);
	if (ms)
		*ms = t0 >= 0 && t1 >= t0 ? (t1 - t0) / 1000000 : -1;
	for (; b < e; b++)
		if (*b != '\r')
			sbuf_addch(out, *b);
	return 0;
}
