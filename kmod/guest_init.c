// SPDX-License-Identifier: GPL-2.0
/*
 * guest_init.c - PID 1 of memdrill's throwaway lab VM (userland, linked
 * statically by the runner, engine/labvm.c, into the initramfs as /init).
 *
 * Says "=== memdrill vm up RELEASE t=NS" first (the host's probe waits
 * for it; NS, the guest's clock, tells how long the kernel took to get
 * here).  Reads memdrill.actions=MODULE:ACTION,... from the kernel
 * command line (the runner puts only registry entries there), loads each
 * module once from /modules, runs each action and prints the kernel log
 * of that action between markers that carry the guest's clock:
 *   === memdrill action MODULE ACTION begin t=NS
 *   ...kernel log lines, as busybox `dmesg -c` prints them...
 *   === memdrill action MODULE ACTION end rc=N t=NS
 * then powers the VM off.  The console runs at loglevel 1, so kernel
 * messages reach the output only through these dumps.
 *
 * What an action does comes from /actions, which the runner generates
 * from the registry (engine/kmod-actions.h): "MODULE ACTION HOW" per
 * line.  HOW "-" means: write ACTION to /proc/MODULE; "sh:FUNC" means:
 * run the shell function helper_FUNC of /helpers (engine/guest-helpers)
 * under /bin/busybox, for the engine's own actions; anything else names
 * a helper program (kmod/HOW.c) run as /bin/HOW MODULE ACTION.  A module
 * without /modules/MODULE.ko (the action is its helper's alone) is not
 * loaded.
 *
 * Why C and not a busybox script: under TCG every fork+exec of busybox
 * costs 13-15 ms and the 2 MB binary is unpacked from the initramfs on
 * every boot; a script's dmesg, sed and clock reads came to 0.2-0.4 s of
 * a 2 s boot.  This init forks only for helpers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define INIT_MAX_ACTIONS 64	/* the runner's table has a few dozen lines */
#define INIT_NAME_MAX 64	/* module, action and helper names */

/* klogctl() commands (linux/syslog.h, not in every libc's headers) */
#define INIT_LOG_READ_CLEAR 4
#define INIT_LOG_CLEAR 5
#define INIT_LOG_SIZE 10

/* One line of /actions. */
struct init_action {
	char module[INIT_NAME_MAX];
	char action[INIT_NAME_MAX];
	char how[INIT_NAME_MAX];
};

static struct init_action init_table[INIT_MAX_ACTIONS];
static int init_nactions;

/* Write all of @len bytes of @buf to the console. */
static void init_out(const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(STDOUT_FILENO, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= (size_t)n;
	}
}

/* printf() to the console, unbuffered: helpers share the descriptor. */
static void init_say(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static void init_say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		init_out(buf, (size_t)n < sizeof(buf) ? (size_t)n :
			 sizeof(buf) - 1);
}

/*
 * The guest's monotonic clock in ns: what /proc/timer_list's "now at"
 * shows (ktime_get()), which the host subtracts for an action's time.
 */
static long long init_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Read up to @size - 1 bytes of @path into @buf, NUL-terminated; -1. */
static ssize_t init_read(const char *path, char *buf, size_t size)
{
	ssize_t n, got = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((size_t)got < size - 1) {
		n = read(fd, buf + got, size - 1 - (size_t)got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	buf[got] = '\0';
	return got;
}

/* Is @s all of [a-z0-9_] (the registry's names; empty passes)? */
static int init_name_ok(const char *s)
{
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") ==
	       strlen(s);
}

/* Load /actions; a line that does not parse is left out. */
static void init_load_table(void)
{
	static char text[16384];
	char *line, *save = NULL;

	if (init_read("/actions", text, sizeof(text)) < 0)
		return;
	for (line = strtok_r(text, "\n", &save);
	     line && init_nactions < INIT_MAX_ACTIONS;
	     line = strtok_r(NULL, "\n", &save)) {
		struct init_action *a = &init_table[init_nactions];

		if (sscanf(line, "%63s %63s %63s", a->module, a->action,
			   a->how) == 3)
			init_nactions++;
	}
}

/* How /actions says to run @module @action, or NULL. */
static const char *init_how(const char *module, const char *action)
{
	int i;

	for (i = 0; i < init_nactions; i++)
		if (!strcmp(init_table[i].module, module) &&
		    !strcmp(init_table[i].action, action))
			return init_table[i].how;
	return NULL;
}

/*
 * Print the kernel log and clear it, as busybox `dmesg -c` does: the
 * "<LEVEL>" at each line's start left out, a final newline added.
 */
static void init_dmesg(void)
{
	int size = klogctl(INIT_LOG_SIZE, NULL, 0), n, i, start = 1;
	char *buf, *out;
	size_t o = 0;

	if (size <= 0)
		size = 1 << 17;
	buf = malloc((size_t)size);
	out = malloc((size_t)size + 1);
	if (!buf || !out) {
		free(buf);
		free(out);
		return;
	}
	n = klogctl(INIT_LOG_READ_CLEAR, buf, size);
	for (i = 0; i < n; i++) {
		if (start && buf[i] == '<') {
			while (i < n && buf[i] != '>')
				i++;
			continue;
		}
		out[o++] = buf[i];
		start = buf[i] == '\n';
	}
	if (o && out[o - 1] != '\n')
		out[o++] = '\n';
	init_out(out, o);
	free(buf);
	free(out);
}

/* Load /modules/@module.ko, if there is one; 0, or -1 said on the console. */
static int init_load_module(const char *module)
{
	char path[128];
	int fd, rc;

	snprintf(path, sizeof(path), "/modules/%s.ko", module);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	rc = (int)syscall(SYS_finit_module, fd, "", 0);
	if (rc < 0 && errno != EEXIST)
		init_say("memdrill: cannot load %s: %s\n", path,
			 strerror(errno));
	close(fd);
	return rc < 0 && errno != EEXIST ? -1 : 0;
}

/* Write @action to /proc/@module, as `echo ACTION >/proc/MODULE`. */
static int init_write_proc(const char *module, const char *action)
{
	char path[128], line[INIT_NAME_MAX + 1];
	int fd, len;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%s", module);
	len = snprintf(line, sizeof(line), "%s\n", action);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		init_say("memdrill: cannot open %s: %s\n", path,
			 strerror(errno));
		return 1;
	}
	n = write(fd, line, (size_t)len);
	if (n != len)
		init_say("memdrill: writing '%s' to %s failed: %s\n", action,
			 path, n < 0 ? strerror(errno) : "short write");
	close(fd);
	return n == len ? 0 : 1;
}

/* Run @argv to its end; its exit status, 128+signal, or 127. */
static int init_run(char *const argv[])
{
	pid_t pid = fork(), w;
	int st;

	if (pid < 0) {
		init_say("memdrill: cannot fork: %s\n", strerror(errno));
		return 127;
	}
	if (!pid) {
		execv(argv[0], argv);
		init_say("memdrill: cannot run %s: %s\n", argv[0],
			 strerror(errno));
		_exit(127);
	}
	/* PID 1 also reaps orphans a helper left: wait for ours */
	while ((w = waitpid(-1, &st, 0)) != pid)
		if (w < 0 && errno != EINTR)
			return 127;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return 128 + WTERMSIG(st);
}

/* Run one action as /actions says; its status (0 is success). */
static int init_action(const char *module, const char *action)
{
	const char *how = init_how(module, action);
	char prog[INIT_NAME_MAX + 8], mod[INIT_NAME_MAX], act[INIT_NAME_MAX];
	char fn[INIT_NAME_MAX];

	if (!how) {
		init_say("memdrill: action %s %s is not in /actions\n",
			 module, action);
		return 1;
	}
	if (!strcmp(how, "-"))
		return init_write_proc(module, action);
	snprintf(mod, sizeof(mod), "%s", module);
	snprintf(act, sizeof(act), "%s", action);
	if (!strncmp(how, "sh:", 3)) {
		char *argv[] = { "/bin/busybox", "sh", "/helpers", fn, mod,
				 act, NULL };

		snprintf(fn, sizeof(fn), "%s", how + 3);
		return init_run(argv);
	} else {
		char *argv[] = { prog, mod, act, NULL };

		snprintf(prog, sizeof(prog), "/bin/%s", how);
		return init_run(argv);
	}
}

/* memdrill.actions=... from the kernel command line into @buf. */
static void init_actions_arg(char *buf, size_t size)
{
	static char cmdline[4096];
	char *tok, *save = NULL;

	buf[0] = '\0';
	if (init_read("/proc/cmdline", cmdline, sizeof(cmdline)) < 0)
		return;
	for (tok = strtok_r(cmdline, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save))
		if (!strncmp(tok, "memdrill.actions=", 17))
			snprintf(buf, size, "%s", tok + 17);
}

/* Is @module one of the @n modules loaded so far? */
static int init_loaded(char loaded[][INIT_NAME_MAX], int n,
		       const char *module)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(loaded[i], module))
			return 1;
	return 0;
}

int main(void)
{
	static char list[4096];
	static char loaded[INIT_MAX_ACTIONS][INIT_NAME_MAX];
	char *pair, *save = NULL;
	struct utsname u;
	int nloaded = 0;

	mount("proc", "/proc", "proc", 0, NULL);
	mount("sys", "/sys", "sysfs", 0, NULL);
	mount("dev", "/dev", "devtmpfs", 0, NULL);
	klogctl(INIT_LOG_CLEAR, NULL, 0);
	setenv("PATH", "/bin", 1);
	init_load_table();
	init_actions_arg(list, sizeof(list));
	uname(&u);
	init_say("=== memdrill vm up %s t=%lld\n", u.release, init_now());
	for (pair = strtok_r(list, ",", &save); pair;
	     pair = strtok_r(NULL, ",", &save)) {
		char *colon = strchr(pair, ':');
		const char *mod = pair, *act = colon ? colon + 1 : "";
		int rc;

		if (colon)
			*colon = '\0';
		if (!init_name_ok(mod) || !init_name_ok(act) ||
		    strlen(mod) >= INIT_NAME_MAX ||
		    strlen(act) >= INIT_NAME_MAX) {
			init_say("=== memdrill bad action %s%s%s\n", mod,
				 colon ? ":" : "", act);
			continue;
		}
		if (!init_loaded(loaded, nloaded, mod) &&
		    !init_load_module(mod) && nloaded < INIT_MAX_ACTIONS)
			snprintf(loaded[nloaded++], INIT_NAME_MAX, "%s", mod);
		klogctl(INIT_LOG_CLEAR, NULL, 0);
		init_say("=== memdrill action %s %s begin t=%lld\n", mod, act,
			 init_now());
		rc = init_action(mod, act);
		init_dmesg();
		init_say("=== memdrill action %s %s end rc=%d t=%lld\n", mod,
			 act, rc, init_now());
	}
	init_say("=== memdrill vm done\n");
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
