// SPDX-License-Identifier: GPL-2.0
/*
 * simvm.c - host mode in the lab VM (simvm.h): build the guest program,
 * pack it with the scenarios and the modules of Debian's kernel the
 * guest's files need (brd: a RAM disk; ext4, which mounts the ext2 file
 * system busybox makes), boot once, read the results back from the
 * console.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine/labvm.h"
#include "engine/simvm.h"
#include "engine/spawn.h"
#include "util/paths.h"
#include "util/sbuf.h"
#include "util/xalloc.h"

/* The folders whose sources make up the guest program, and which files
 * of each (a prefix; "" for all). */
static const struct {
	const char *dir, *prefix;
} simvm_srcs[] = {
	{ "sim", "" },
	{ "util", "sbuf" },
	{ "util", "xalloc" },
	{ "engine", "simhost" },
	{ "engine", "kmsg" },
	{ "engine", "leftover" },
	{ "kmod", "simvm_guest" },
};

/* Modules of the VM's kernel the guest loads, in this order (ext4's
 * dependencies first; it mounts the ext2 busybox makes). */
static const char *const simvm_kmods[] = {
	"drivers/block/brd.ko", "crypto/crc32c_generic.ko", "lib/crc16.ko",
	"fs/mbcache.ko",
	"fs/jbd2/jbd2.ko", "fs/ext4/ext4.ko",
};
#define SIMVM_NKMODS (sizeof(simvm_kmods) / sizeof(*simvm_kmods))

static int simvm_fail(char *reason, size_t rsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int simvm_fail(char *reason, size_t rsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, rsz, fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * The guest program's sources: each .c into @argv-style list @c (the
 * compiler's arguments), and the newest mtime of them and their headers.
 */
static long long simvm_sources(struct sbuf *list)
{
	long long newest = 0;
	struct dirent *de;
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(simvm_srcs) / sizeof(*simvm_srcs); i++) {
		const char *dir = paths_in_home(simvm_srcs[i].dir);
		char path[4096];
		DIR *d = opendir(dir);

		if (!d)
			continue;
		while ((de = readdir(d))) {
			size_t len = strlen(de->d_name);

			if (len < 3 || strncmp(de->d_name, simvm_srcs[i].prefix,
					       strlen(simvm_srcs[i].prefix)) ||
			    (strcmp(de->d_name + len - 2, ".c") &&
			     strcmp(de->d_name + len - 2, ".h")))
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir,
				 de->d_name);
			if (!stat(path, &st) && st.st_mtime > newest)
				newest = st.st_mtime;
			if (!strcmp(de->d_name + len - 2, ".c"))
				sbuf_addf(list, "%s%c", path, '\0');
		}
		closedir(d);
	}
	return newest;
}

/* gcc -static the guest program into @bin unless it is newer than its
 * sources.  0 or -1 with the reason. */
static int simvm_build(const char *bin, char *reason, size_t rsz)
{
	struct sbuf srcs = SBUF_INIT, log = SBUF_INIT, inc = SBUF_INIT;
	struct stat st;
	char **argv = NULL;
	size_t n = 0, off;
	long long newest;
	int rc = 0;

	newest = simvm_sources(&srcs);
	if (!stat(bin, &st) && st.st_mtime > newest)
		goto out;
	sbuf_addf(&inc, "-I%s", paths_home());
	sbuf_addf(&log, "%s.log", bin);
	argv = xcalloc(srcs.len + 16, sizeof(*argv));
	argv[n++] = "gcc";
	argv[n++] = "-static";
	argv[n++] = "-std=gnu11";
	argv[n++] = "-O2";
	argv[n++] = "-Wall";
	argv[n++] = "-Wextra";
	argv[n++] = "-Werror";
	argv[n++] = "-D_GNU_SOURCE";
	argv[n++] = inc.buf;
	argv[n++] = "-o";
	argv[n++] = (char *)bin;
	for (off = 0; off < srcs.len; off += strlen(srcs.buf + off) + 1)
		argv[n++] = srcs.buf + off;
	argv[n] = NULL;
	if (spawn_run(argv, NULL, NULL, log.buf, 300)) {
		unlink(bin);
		rc = simvm_fail(reason, rsz, "building the VM's host-mode "
				"program with gcc -static failed (see %s)",
				log.buf);
	}
out:
	free(argv);
	sbuf_release(&srcs);
	sbuf_release(&log);
	sbuf_release(&inc);
	return rc;
}

/* Undo simvm_guest_put()'s escapes. */
static char *simvm_unescape(const char *s, size_t n)
{
	struct sbuf out = SBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '\\' && i + 1 < n) {
			i++;
			sbuf_addch(&out, s[i] == 'n' ? '\n' : s[i]);
		} else {
			sbuf_addch(&out, s[i]);
		}
	}
	return sbuf_detach(&out, NULL);
}

/*
 * Read the guest's records back (kmod/simvm_guest.c): scenario i's items
 * into res[i], to o->out as they come.  Scenarios with no @@end are
 * errors: the VM stopped in them or before.
 */
static void simvm_parse(const char *text, const char *const *paths,
			size_t n, const struct simhost_opts *o,
			void (*start)(void *sctx, size_t i), void *sctx,
			struct simhost_result *res)
{
	const char *line, *nl;
	long cur = -1;
	int *done = xcalloc(n ? n : 1, sizeof(*done));
	size_t i;

	for (line = text; *line; line = nl + (*nl != '\0')) {
		int a, b, c, d, e, used = 0;
		char *t;

		nl = line + strcspn(line, "\n");
		if (!strncmp(line, "@@scn ", 6)) {
			cur = strtol(line + 6, NULL, 10);
			if (cur < 0 || (size_t)cur >= n)
				cur = -1;
			else if (start)
				start(sctx, (size_t)cur);
		} else if (cur >= 0 && sscanf(line, "@@item %d %d%n", &a, &b,
					      &used) == 2 && used) {
			/* (a blank in the format would eat the newline) */
			used += line[used] == ' ';
			t = simvm_unescape(line + used,
					   (size_t)(nl - line) - (size_t)used);
			if (o->out)
				o->out(o->ctx, simhost_result_add(&res[cur], a,
						(enum simhost_kind)b, t));
			else
				simhost_result_add(&res[cur], a,
						   (enum simhost_kind)b, t);
		} else if (cur >= 0 && sscanf(line, "@@end %d %d %d %d %d%n",
					      &a, &b, &c, &d, &e,
					      &used) == 5 && used) {
			struct simhost_result *r = &res[cur];

			used += line[used] == ' ';
			r->verdict = (enum simhost_verdict)a;
			r->compared = b;
			r->diffs = c;
			r->known = d;
			r->line = e;
			t = simvm_unescape(line + used,
					   (size_t)(nl - line) - (size_t)used);
			snprintf(r->why, sizeof(r->why), "%s", t);
			free(t);
			done[cur] = 1;
			cur = -1;
		}
	}
	for (i = 0; i < n; i++) {
		if (done[i])
			continue;
		res[i].verdict = SIMHOST_ERROR;
		res[i].line = 0;
		snprintf(res[i].why, sizeof(res[i].why), "the VM did not "
			 "finish scenario '%s'", paths[i]);
	}
	free(done);
}

/* Count the items of each kind into the counters run mode keeps. */
static void simvm_count(struct simhost_result *r)
{
	size_t i;

	for (i = 0; i < r->nitems; i++) {
		r->passed += r->items[i].kind == SIMHOST_OK;
		r->failed += r->items[i].kind == SIMHOST_FAILED;
		r->skipped += r->items[i].kind == SIMHOST_SKIPPED;
	}
}

int simvm_run(const char *const *paths, size_t n,
	      const struct labvm_opts *vm, const struct simhost_opts *o,
	      void (*start)(void *sctx, size_t i), void *sctx,
	      struct simhost_result *res, char *reason, size_t rsz)
{
	static const struct labvm_action act = { "simvm_lab", "check" };
	/*
	 * slub_nomerge: every cache of a scenario is its own, as in the
	 * simulator, with its own /sys/kernel/slab/NAME.  no_hash_pointers:
	 * SLUB's reports print addresses as the simulator does, where early
	 * in a boot %p gives "(____ptrval____)" until its hashing key is
	 * ready (lib/vsprintf.c).
	 */
	struct labvm_opts lo = *vm;
	struct sbuf dir = SBUF_INIT, bin = SBUF_INIT, ver = SBUF_INIT;
	struct sbuf console = SBUF_INIT, sec = SBUF_INIT, mode = SBUF_INIT;
	struct sbuf names = SBUF_INIT, kos = SBUF_INIT;
	const char *src, *dst;
	size_t nf = 0, i;
	struct labvm_file *f;
	FILE *mf;
	int rc = -1;

	memset(res, 0, n * sizeof(*res));
	f = xcalloc(n + 8, sizeof(*f));
	if (!paths_cache()) {
		simvm_fail(reason, rsz, "cannot create the cache folder: %s",
			   strerror(errno));
		goto out;
	}
	sbuf_addf(&dir, "%s/vm", paths_cache());
	if (mkdir(dir.buf, 0700) < 0 && errno != EEXIST) {
		simvm_fail(reason, rsz, "cannot create '%s': %s", dir.buf,
			   strerror(errno));
		goto out;
	}
	sbuf_addf(&bin, "%s/simvm_guest", dir.buf);
	if (labvm_kernel_version(&ver, reason, rsz) < 0 ||
	    simvm_build(bin.buf, reason, rsz) < 0)
		goto out;
	f[nf++] = (struct labvm_file){ bin.buf, "bin/simvm_guest", 0755 };
	/* the mode file: "check" or "run" for the guest program */
	sbuf_addf(&mode, "%s/simvm-mode", dir.buf);
	mf = fopen(mode.buf, "w");
	if (!mf || fputs(o->check ? "check\n" : "run\n", mf) < 0) {
		if (mf)
			fclose(mf);
		simvm_fail(reason, rsz, "cannot write '%s'", mode.buf);
		goto out;
	}
	fclose(mf);
	/* every name first: the buffers must not move once pointed at */
	for (i = 0; i < SIMVM_NKMODS; i++) {
		sbuf_addf(&kos, "/lib/modules/%s/kernel/%s%c", ver.buf,
			  simvm_kmods[i], '\0');
		sbuf_addf(&names, "modules/%s%c",
			  strrchr(simvm_kmods[i], '/') + 1, '\0');
	}
	for (i = 0; i < n; i++)
		sbuf_addf(&names, "scn/%03zu.scn%c", i, '\0');
	sbuf_addf(&names, "scn/mode%c", '\0');
	src = kos.buf;
	dst = names.buf;
	for (i = 0; i < SIMVM_NKMODS; i++) {
		if (access(src, R_OK)) {
			simvm_fail(reason, rsz, "no '%s' (the VM kernel's "
				   "modules: install linux-image-amd64)", src);
			goto out;
		}
		f[nf++] = (struct labvm_file){ src, dst, 0644 };
		src += strlen(src) + 1;
		dst += strlen(dst) + 1;
	}
	for (i = 0; i < n; i++, dst += strlen(dst) + 1)
		f[nf++] = (struct labvm_file){ paths[i], dst, 0644 };
	f[nf++] = (struct labvm_file){ mode.buf, dst, 0644 };
	lo.boot = "slub_nomerge no_hash_pointers";
	lo.files = f;
	lo.nfiles = nf;
	if (labvm_run(&act, 1, &lo, &console, reason, rsz) < 0)
		goto out;
	if (labvm_section(console.buf, act.module, act.action, &sec,
			  NULL) < 0) {
		simvm_fail(reason, rsz, "the VM printed no results");
		goto out;
	}
	simvm_parse(sec.buf, paths, n, o, start, sctx, res);
	for (i = 0; i < n; i++)
		simvm_count(&res[i]);
	rc = 0;
out:
	free(f);
	sbuf_release(&dir);
	sbuf_release(&bin);
	sbuf_release(&ver);
	sbuf_release(&console);
	sbuf_release(&sec);
	sbuf_release(&mode);
	sbuf_release(&names);
	sbuf_release(&kos);
	return rc;
}
