// SPDX-License-Identifier: GPL-2.0
/*
 * kmodhost.c - run a companion module's action on the running kernel.
 *
 * The kernel log of the action is read from /dev/kmsg: the reader is
 * positioned at the end after the module is loaded (as the VM's init runs
 * `dmesg -c` after insmod), so the output holds what the action printed,
 * plus any unrelated messages the kernel logged at the same time.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "engine/kbuild.h"
#include "engine/kmodhost.h"
#include "engine/kmsg.h"
#include "engine/spawn.h"
#include "util/paths.h"

#define KMODHOST_BUILD_TIMEOUT	600
#define KMODHOST_UNLOAD_TRIES	50

static int kmodhost_fail(char *reason, size_t rsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int kmodhost_fail(char *reason, size_t rsz, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, rsz, fmt, ap);
	va_end(ap);
	return -1;
}

int kmodhost_build(const char *kdir, const char *module, struct sbuf *ko,
		   char *reason, size_t rsz)
{
	struct sbuf dir = SBUF_INIT, m = SBUF_INIT, log = SBUF_INIT;
	char *argv[] = { "make", "-s", "-C", (char *)kdir, NULL, "modules",
			 NULL };
	const char *cache = paths_cache();
	struct utsname u;
	struct stat st;
	int rc = -1, r;

	uname(&u);
	if (!cache) {
		kmodhost_fail(reason, rsz, "cannot create the cache folder: "
			      "%s", strerror(errno));
		goto out;
	}
	sbuf_addf(&dir, "%s/kmod-host/%s", cache, u.release);
	if (kbuild_sources(dir.buf, reason, rsz) < 0)
		goto out;
	sbuf_addf(&m, "M=%s", dir.buf);
	argv[4] = m.buf;
	sbuf_addf(&log, "%s/build.log", dir.buf);
	r = spawn_run(argv, NULL, NULL, log.buf, KMODHOST_BUILD_TIMEOUT);
	if (r) {
		kmodhost_fail(reason, rsz, "building the modules against '%s' "
			      "failed (%s; see '%s')", kdir,
			      r == -2 ? "timed out" : r == -1 ?
			      "make did not start" : "make failed", log.buf);
		goto out;
	}
	sbuf_addf(ko, "%s/%s.ko", dir.buf, module);
	if (stat(ko->buf, &st) < 0) {
		kmodhost_fail(reason, rsz, "the build made no '%s'", ko->buf);
		goto out;
	}
	rc = 0;
out:
	sbuf_release(&dir);
	sbuf_release(&m);
	sbuf_release(&log);
	return rc;
}

/* 1 when /proc/modules lists @module. */
static int kmodhost_loaded(const char *module)
{
	size_t n = strlen(module);
	char line[512];
	int found = 0;
	FILE *f = fopen("/proc/modules", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, module, n) && line[n] == ' ';
	fclose(f);
	return found;
}

/* Append every kernel log record not yet read from @fd to @out. */
static void kmodhost_drain(int fd, struct sbuf *out)
{
	struct sbuf line = SBUF_INIT;

	while (kmsg_next(fd, &line))
		sbuf_addf(out, "%s\n", line.buf);
	sbuf_release(&line);
}

/* Write "@action\n" to /proc/@module. */
static int kmodhost_trigger(const char *module, const char *action,
			    char *reason, size_t rsz)
{
	char path[256], line[128];
	int fd, n, ok;

	snprintf(path, sizeof(path), "/proc/%s", module);
	n = snprintf(line, sizeof(line), "%s\n", action);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return kmodhost_fail(reason, rsz, "cannot open '%s': %s",
				     path, strerror(errno));
	ok = write(fd, line, n) == n;
	if (!ok)
		kmodhost_fail(reason, rsz, "action '%s' of '%s' failed: %s",
			      action, module, strerror(errno));
	close(fd);
	return ok ? 0 : -1;
}

/* delete_module(2), retrying while the module is still busy. */
static int kmodhost_unload(const char *module, char *reason, size_t rsz)
{
	struct timespec nap = { 0, 100 * 1000 * 1000 };
	int i;

	for (i = 0; i < KMODHOST_UNLOAD_TRIES; i++) {
		if (!syscall(SYS_delete_module, module, O_NONBLOCK))
			return 0;
		if (errno != EAGAIN && errno != EBUSY)
			break;
		nanosleep(&nap, NULL);
	}
	return kmodhost_fail(reason, rsz, "could not unload '%s': %s (it is "
			     "still loaded: run 'rmmod %s')", module,
			     strerror(errno), module);
}

int kmodhost_run(const char *ko, const char *module, const char *action,
		 struct sbuf *out, char *reason, size_t rsz)
{
	char why[512];
	int fd, kmsg, rc;

	if (kmodhost_loaded(module))
		return kmodhost_fail(reason, rsz, "module '%s' is already "
				     "loaded; memdrill only unloads what it "
				     "loaded (run 'rmmod %s' first)", module,
				     module);
	fd = open(ko, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return kmodhost_fail(reason, rsz, "cannot open '%s': %s", ko,
				     strerror(errno));
	kmsg = kmsg_open();
	if (kmsg < 0) {
		close(fd);
		return kmodhost_fail(reason, rsz, "cannot read the kernel "
				     "log '/dev/kmsg': %s", strerror(errno));
	}
	if (syscall(SYS_finit_module, fd, "", 0)) {
		rc = kmodhost_fail(reason, rsz, "the kernel refused to load "
				   "'%s': %s", ko, strerror(errno));
		goto out;
	}
	/* only what the action logs, not the module's load messages */
	lseek(kmsg, 0, SEEK_END);
	rc = kmodhost_trigger(module, action, reason, rsz);
	kmodhost_drain(kmsg, out);
	if (kmodhost_unload(module, why, sizeof(why)) < 0) {
		if (rc)
			snprintf(reason + strlen(reason), rsz - strlen(reason),
				 "; %s", why);
		else
			snprintf(reason, rsz, "%s", why);
		rc = -1;
	}
out:
	close(kmsg);
	close(fd);
	return rc;
}
