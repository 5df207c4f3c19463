// SPDX-License-Identifier: GPL-2.0
/*
 * labhost.c - host-kind lab probes (see labhost.h).  Every probe runs in a
 * forked child that writes its report to a pipe; the parent collects it.
 * A child that cannot run its probe writes "skip: REASON" as its last line
 * and exits LABHOST_SKIP.  Regions are 64 pages of private anonymous
 * memory, too small to hold an aligned 2 MiB huge page and marked
 * MADV_NOHUGEPAGE, so every fault is a 4 KiB one.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "engine/kmsg.h"
#include "engine/labhost.h"
#include "engine/leftover.h"

#define LABHOST_PAGES	64
#define LABHOST_SKIP	3
#define LABHOST_CG	"/sys/fs/cgroup/memory"
#define LABHOST_LIMIT	(16L << 20)
#define LABHOST_HOG	(64L << 20)

const char *const labhost_probes[] = {
	"fault_count", "cow", "populate", "memcg_oom", NULL,
};

static int labhost_fd = -1;	/* the report pipe, in the child */

/* Append one report line to the pipe (the child's stdout for the lab). */
static void labhost_say(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static void labhost_say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vdprintf(labhost_fd, fmt, ap);
	va_end(ap);
	dprintf(labhost_fd, "\n");
}

/* Give up: the reason is the child's last line. */
static void labhost_skip(const char *fmt, ...)
	__attribute__((format(printf, 1, 2), noreturn));
static void labhost_skip(const char *fmt, ...)
{
	va_list ap;

	dprintf(labhost_fd, "skip: ");
	va_start(ap, fmt);
	vdprintf(labhost_fd, fmt, ap);
	va_end(ap);
	dprintf(labhost_fd, "\n");
	_exit(LABHOST_SKIP);
}

static long labhost_minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/*
 * Resident pages of this process (second field of /proc/self/statm), read
 * with a stack buffer: stdio would allocate and fault on its own.
 */
static long labhost_rss(void)
{
	char buf[128];
	long size, rss;
	int fd = open("/proc/self/statm", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if (sscanf(buf, "%ld %ld", &size, &rss) != 2)
		return -1;
	return rss;
}

/* A fresh region of LABHOST_PAGES private anonymous pages. */
static char *labhost_region(int flags)
{
	size_t len = LABHOST_PAGES * (size_t)sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);

	if (p == MAP_FAILED)
		labhost_skip("mmap of %zu bytes failed: %s", len,
			     strerror(errno));
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

/* Touch the first byte of every page; return the minor faults taken. */
static long labhost_touch(char *p, int write, char byte)
{
	volatile char *v = p;
	long ps = sysconf(_SC_PAGESIZE), before = labhost_minflt();
	char sink = 0;
	int i;

	for (i = 0; i < LABHOST_PAGES; i++) {
		if (write)
			v[i * ps] = byte;
		else
			sink += v[i * ps];
	}
	(void)sink;
	return labhost_minflt() - before;
}

static void labhost_report(const char *what, long faults)
{
	labhost_say("%s: %ld minor faults (%ld per page)", what, faults,
		    (faults + LABHOST_PAGES / 2) / LABHOST_PAGES);
}

/* fault_count: one fault per page and access kind, none once mapped. */
static void labhost_fault_count(void)
{
	char *a = labhost_region(0), *b = labhost_region(0);

	labhost_say("pages per region: %d", LABHOST_PAGES);
	labhost_report("write 64 untouched pages", labhost_touch(a, 1, 'x'));
	labhost_report("write them again", labhost_touch(a, 1, 'y'));
	labhost_report("read 64 untouched pages", labhost_touch(b, 0, 0));
	labhost_report("write those pages after reading",
		       labhost_touch(b, 1, 'z'));
	labhost_report("read them again", labhost_touch(b, 0, 0));
}

/* populate: MAP_POPULATE takes the faults inside mmap() itself. */
static void labhost_populate(void)
{
	long before, rss, faults;
	char *p;

	/* Warm up: page in the code and data of the calls measured below. */
	p = labhost_region(0);
	munmap(p, LABHOST_PAGES * (size_t)sysconf(_SC_PAGESIZE));
	labhost_rss();

	before = labhost_minflt();
	rss = labhost_rss();
	p = labhost_region(0);
	faults = labhost_minflt() - before;
	labhost_say("mmap without MAP_POPULATE: %ld minor faults in mmap, "
		    "resident +%ld pages", faults, labhost_rss() - rss);
	labhost_report("write 64 pages after mmap without MAP_POPULATE",
		       labhost_touch(p, 1, 'x'));

	before = labhost_minflt();
	rss = labhost_rss();
	p = labhost_region(MAP_POPULATE);
	faults = labhost_minflt() - before;
	labhost_say("mmap with MAP_POPULATE: %ld minor faults in mmap, "
		    "resident +%ld pages", faults, labhost_rss() - rss);
	labhost_report("write 64 pages after mmap with MAP_POPULATE",
		       labhost_touch(p, 1, 'x'));
}

/* cow: a forked child shares the pages until someone writes. */
static void labhost_cow(void)
{
	char *p = labhost_region(0);
	long faults;
	pid_t pid;
	int st;

	labhost_report("parent writes 64 pages before fork",
		       labhost_touch(p, 1, 'P'));
	pid = fork();
	if (pid < 0)
		labhost_skip("fork failed: %s", strerror(errno));
	if (pid == 0) {
		labhost_report("child reads the 64 shared pages",
			       labhost_touch(p, 0, 0));
		labhost_report("child writes the 64 shared pages",
			       labhost_touch(p, 1, 'C'));
		_exit(0);
	}
	waitpid(pid, &st, 0);
	labhost_say("parent still reads '%c' where the child wrote 'C'",
		    p[0]);
	faults = labhost_touch(p, 1, 'Q');
	labhost_report("parent writes the 64 pages after the child exited",
		       faults);
}

/* Write @val to the cgroup file @dir/@file; 0 or -1 with errno. */
static int labhost_cg_write(const char *dir, const char *file,
			    const char *val)
{
	char path[256];
	int fd, rc = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	if (write(fd, val, strlen(val)) < 0)
		rc = -1;
	close(fd);
	return rc;
}

/* Report the lines of @dir/@file that start with @key. */
static void labhost_cg_show(const char *dir, const char *file,
			    const char *key)
{
	char path[256], line[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, key, strlen(key)))
			labhost_say("%s %s", file, line);
	}
	fclose(f);
}

/* The memory hog: join the cgroup, then touch LABHOST_HOG bytes. */
static void labhost_hog(const char *dir)
{
	long ps = sysconf(_SC_PAGESIZE), i;
	char pid[32];
	char *p;

	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	if (labhost_cg_write(dir, "cgroup.procs", pid) < 0)
		_exit(10);
	p = mmap(NULL, LABHOST_HOG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		_exit(11);
	for (i = 0; i < LABHOST_HOG; i += ps)
		p[i] = 1;
	_exit(0);
}

/*
 * Report the kernel's OOM lines logged since kmsg_open() and whether the
 * victim they name is @pid.
 */
static void labhost_kmsg_oom(int fd, pid_t pid)
{
	struct sbuf line = SBUF_INIT;
	int victim = -1;
	const char *k;

	if (fd < 0) {
		labhost_say("dmesg: /dev/kmsg not readable, victim not "
			    "confirmed");
		return;
	}
	while (kmsg_next(fd, &line)) {
		if (!strstr(line.buf, "out of memory") &&
		    !strstr(line.buf, "oom-kill"))
			continue;
		labhost_say("dmesg: %s", line.buf);
		k = strstr(line.buf, "Killed process ");
		if (k)
			victim = atoi(k + strlen("Killed process "));
	}
	sbuf_release(&line);
	close(fd);
	if (victim == (int)pid)
		labhost_say("dmesg names the child %d as the victim", (int)pid);
	else if (victim > 0)
		labhost_say("dmesg names pid %d, not the child %d", victim,
			    (int)pid);
}

/* The memcg OOM probe's cgroup and hog, for labhost_memcg_signal(). */
static char labhost_cg_dir[128];
static volatile pid_t labhost_hog_pid;

/*
 * SIGINT/SIGTERM/SIGHUP in the probe (Ctrl-C reaches the whole process
 * group): kill the hog, remove the cgroup, then die of the signal.
 * Async-signal-safe calls only.
 */
static void labhost_memcg_signal(int sig)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int st, tries;

	if (labhost_hog_pid > 0) {
		kill(labhost_hog_pid, SIGKILL);
		waitpid(labhost_hog_pid, &st, 0);
	}
	for (tries = 0; labhost_cg_dir[0] && tries < 100 &&
	     rmdir(labhost_cg_dir) && errno == EBUSY; tries++)
		nanosleep(&ts, NULL);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* memcg_oom: a 64 MiB hog in a 16 MiB v1 memory cgroup gets OOM-killed. */
static void labhost_memcg_oom(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;
	char dir[128], val[32];
	struct stat st;
	int ws, kmsg;
	pid_t pid;

	if (geteuid() != 0)
		labhost_skip("the memcg OOM lab needs root (it creates a "
			     "memory cgroup)");
	if (stat(LABHOST_CG "/memory.limit_in_bytes", &st) < 0)
		labhost_skip("no v1 memory cgroup controller at %s",
			     LABHOST_CG);
	/* the cgroups of probes killed before they could clean up */
	leftover_sweep(LABHOST_CG, NULL);
	snprintf(dir, sizeof(dir), "%s/memdrill-lab-%d", LABHOST_CG,
		 (int)getpid());
	/* from here until the cgroup is gone, a signal cleans up first */
	snprintf(labhost_cg_dir, sizeof(labhost_cg_dir), "%s", dir);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = labhost_memcg_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaddset(&sa.sa_mask, sigs[i]);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	if (mkdir(dir, 0755) < 0)
		labhost_skip("cannot create cgroup '%s': %s", dir,
			     strerror(errno));
	snprintf(val, sizeof(val), "%ld", LABHOST_LIMIT);
	if (labhost_cg_write(dir, "memory.limit_in_bytes", val) < 0) {
		rmdir(dir);
		labhost_skip("cannot set the cgroup's limit: %s",
			     strerror(errno));
	}
	/* No swap for this group: the limit must end in OOM, not swap. */
	labhost_cg_write(dir, "memory.swappiness", "0");
	labhost_cg_write(dir, "memory.memsw.limit_in_bytes", val);
	labhost_say("cgroup %s: memory.limit_in_bytes %ld (16 MiB)", dir,
		    LABHOST_LIMIT);
	labhost_say("child will touch %ld MiB", LABHOST_HOG >> 20);
	kmsg = kmsg_open();
	pid = fork();
	if (pid < 0) {
		if (kmsg >= 0)
			close(kmsg);
		rmdir(dir);
		labhost_skip("fork failed: %s", strerror(errno));
	}
	if (pid == 0) {
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		signal(SIGHUP, SIG_DFL);
		labhost_hog(dir);
	}
	labhost_hog_pid = pid;
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	labhost_hog_pid = 0;
	if (WIFSIGNALED(ws))
		labhost_say("child %d killed by signal %d (%s)", (int)pid,
			    WTERMSIG(ws), strsignal(WTERMSIG(ws)));
	else
		labhost_say("child %d exited with status %d", (int)pid,
			    WEXITSTATUS(ws));
	labhost_cg_show(dir, "memory.failcnt", "");
	labhost_cg_show(dir, "memory.max_usage_in_bytes", "");
	labhost_cg_show(dir, "memory.oom_control", "oom_kill ");
	labhost_kmsg_oom(kmsg, pid);
	if (rmdir(dir) < 0)
		labhost_say("warning: cannot remove cgroup '%s': %s", dir,
			    strerror(errno));
}

int labhost_known(const char *probe)
{
	int i;

	for (i = 0; labhost_probes[i]; i++)
		if (!strcmp(labhost_probes[i], probe))
			return 1;
	return 0;
}

/* In the child: run @probe with its report going to @fd. */
static void labhost_child(const char *probe, int fd)
{
	labhost_fd = fd;
	if (!strcmp(probe, "fault_count"))
		labhost_fault_count();
	else if (!strcmp(probe, "cow"))
		labhost_cow();
	else if (!strcmp(probe, "populate"))
		labhost_populate();
	else if (!strcmp(probe, "memcg_oom"))
		labhost_memcg_oom();
	_exit(0);
}

/* Read @fd to its end into @out. */
static void labhost_collect(int fd, struct sbuf *out)
{
	char buf[4096];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		sbuf_add(out, buf, (size_t)n);
	}
}

/* The text after the last "skip: " in @out, removed from it. */
static void labhost_take_reason(struct sbuf *out, char *reason, size_t rsz)
{
	char *s = strstr(out->buf, "skip: "), *next;

	if (!s) {
		snprintf(reason, rsz, "the probe stopped without a reason");
		return;
	}
	while ((next = strstr(s + 1, "skip: ")))
		s = next;
	snprintf(reason, rsz, "%.*s", (int)strcspn(s + 6, "\n"), s + 6);
	sbuf_setlen(out, (size_t)(s - out->buf));
}

int labhost_run(const char *probe, struct sbuf *out, char *reason,
		size_t rsz)
{
	int fds[2], ws;
	pid_t pid;

	if (!labhost_known(probe)) {
		snprintf(reason, rsz, "unknown host probe '%s'", probe);
		return -1;
	}
	if (pipe(fds) < 0) {
		snprintf(reason, rsz, "cannot create a pipe: %s",
			 strerror(errno));
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(reason, rsz, "cannot fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		labhost_child(probe, fds[1]);
	}
	close(fds[1]);
	labhost_collect(fds[0], out);
	close(fds[0]);
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == 0)
		return 0;
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == LABHOST_SKIP)
		labhost_take_reason(out, reason, rsz);
	else if (WIFSIGNALED(ws))
		snprintf(reason, rsz, "the probe was killed by signal %d",
			 WTERMSIG(ws));
	else
		snprintf(reason, rsz, "the probe failed with status %d",
			 WEXITSTATUS(ws));
	return -1;
}

/* 1 when /sys/kernel/security/lockdown selects integrity/confidentiality. */
static int labhost_locked_down(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "r");

	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	return strstr(buf, "[integrity]") || strstr(buf, "[confidentiality]");
}

int labhost_kmod_ready(char *kdir, size_t ksz, char *reason, size_t rsz)
{
	const char *env = getenv("MEMDRILL_KDIR");
	struct utsname u;
	char mk[4200];
	struct stat st;

	if (stat("/proc/modules", &st) < 0) {
		snprintf(reason, rsz, "this kernel has no module support "
			 "(no /proc/modules); use the VM (--vm)");
		return -1;
	}
	if (labhost_locked_down()) {
		snprintf(reason, rsz, "the kernel is locked down (see "
			 "/sys/kernel/security/lockdown): it will not load "
			 "unsigned modules; use the VM (--vm)");
		return -1;
	}
	uname(&u);
	if (env && *env)
		snprintf(kdir, ksz, "%s", env);
	else
		snprintf(kdir, ksz, "/lib/modules/%s/build", u.release);
	snprintf(mk, sizeof(mk), "%s/Makefile", kdir);
	if (stat(mk, &st) < 0) {
		snprintf(reason, rsz, "no kernel headers for %s at '%s' "
			 "(install linux-headers-%s)", u.release, kdir,
			 u.release);
		return -1;
	}
	if (geteuid() != 0) {
		snprintf(reason, rsz, "loading a module needs root");
		return -1;
	}
	return 0;
}
