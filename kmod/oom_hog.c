// SPDX-License-Identifier: GPL-2.0
/*
 * oom_hog.c - the oom_lab helper (userland, built static and run inside
 * the lab VM as `oom_hog oom_lab victim`): the whole OOM lab in one
 * process, no shell, no exec.
 *
 * It mounts the cgroup v1 memory controller, makes the group `lab`
 * limited to 16 MiB (no swap in the VM), and forks three hogs into it one
 * at a time: hogA 4 MiB with oom_score_adj 0, hogB 8 MiB with -1000,
 * hogC 2 MiB with 0.  Each names itself, sets its own oom_score_adj,
 * joins the group, writes one byte in every page of an anonymous mapping
 * and reports through a pipe once it is at size.  Then it prints each
 * hog's oom_score and the group's usage, and forks hogD, which touches
 * 4 MiB in the group and exits: one of hogD's page faults finds the group
 * full and the memcg OOM killer picks a victim.  It reads the kernel's
 * "Killed process PID (NAME)" lines, waits for the victims to be gone,
 * reports each hog's fate and the group's oom_kill count, and ends the
 * hogs.
 *
 * Its lines ("oom_lab: ..." and the hogs' "oom_hog: ...") go to stdout,
 * errors to stderr.  The caller clears the kernel log before the action
 * and prints it after, so this program reads the log but never clears
 * it.  Exit status 0, 1 when the cgroup cannot be set up, 2 on a wrong
 * command line.
 *
 * Why a C program: under TCG every fork+exec costs ~15 ms, and the shell
 * version of this lab spent most of its time in them.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define OOM_CG		"/sys/fs/cgroup/memory"
#define OOM_LAB		OOM_CG "/lab"

/* klogctl() types (include/linux/syslog.h; libc headers lack them). */
#define OOM_SYSLOG_READ_ALL	3
#define OOM_SYSLOG_SIZE_BUFFER	10

/* More kills than hogs cannot happen; the rest of the log is ignored. */
#define OOM_MAX_KILLS	16

struct hog {
	const char *name;	/* what the kernel prints: comm, <16 bytes */
	long mib;		/* anonymous memory to touch */
	int adj;		/* its oom_score_adj */
	pid_t pid;		/* 0 until forked */
};

/* The hogs that stay, in the order they start and are reported. */
static struct hog oom_hogs[] = {
	{ "hogA", 4, 0, 0 },
	{ "hogB", 8, -1000, 0 },
	{ "hogC", 2, 0, 0 },
};

#define OOM_NHOGS	(sizeof(oom_hogs) / sizeof(oom_hogs[0]))

/* The hog that pushes the group over its limit, then exits. */
static struct hog oom_pusher = { "hogD", 4, 0, 0 };

/* Write @text to the file @path; 0, or -1 with errno set. */
static int oom_write(const char *path, const char *text)
{
	size_t len = strlen(text);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return -1;
	n = write(fd, text, len);
	err = errno;
	close(fd);
	if (n == (ssize_t)len)
		return 0;
	errno = n < 0 ? err : EIO;
	return -1;
}

/*
 * Read the file @path into @buf (NUL-terminated, at most @size - 1
 * bytes); its length, or -1 with errno set and @buf empty.
 */
static ssize_t oom_read(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = 0;
	size_t got = 0;

	buf[0] = '\0';
	if (fd < 0)
		return -1;
	while (got < size - 1) {
		n = read(fd, buf + got, size - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += n;
	}
	close(fd);
	if (n < 0) {
		buf[0] = '\0';
		return -1;
	}
	buf[got] = '\0';
	return got;
}

/*
 * Read the first line of the file @path into @buf without its newline
 * (empty when the file cannot be read: the shell's `read` gave the same
 * for a hog already gone).
 */
static void oom_read_line(const char *path, char *buf, size_t size)
{
	if (oom_read(path, buf, size) < 0)
		return;
	buf[strcspn(buf, "\n")] = '\0';
}

/* Print one line of the lab's output and flush it before any fork. */
#define oom_say(...)	do { printf(__VA_ARGS__); fflush(stdout); } while (0)

/* Report a failed step of the setup on stderr; 1, the exit status. */
static int oom_fail(const char *what, const char *path)
{
	fprintf(stderr, "oom_hog: %s '%s': %s\n", what, path,
		strerror(errno));
	return 1;
}

/*
 * Mount a tmpfs on /sys/fs/cgroup and the v1 memory controller under it
 * (the VM's kernel runs no systemd, nothing mounted them), make the group
 * `lab` and limit it to 16 MiB; 0, or 1 after saying what failed.
 */
static int oom_setup(void)
{
	if (mount("cgroup", "/sys/fs/cgroup", "tmpfs", 0, NULL) < 0)
		return oom_fail("cannot mount tmpfs on", "/sys/fs/cgroup");
	if (mkdir(OOM_CG, 0755) < 0 && errno != EEXIST)
		return oom_fail("cannot make", OOM_CG);
	if (mount("memory", OOM_CG, "cgroup", 0, "memory") < 0)
		return oom_fail("cannot mount the memory cgroup on", OOM_CG);
	if (mkdir(OOM_LAB, 0755) < 0 && errno != EEXIST)
		return oom_fail("cannot make", OOM_LAB);
	if (oom_write(OOM_LAB "/memory.limit_in_bytes", "16M") < 0)
		return oom_fail("cannot write",
				OOM_LAB "/memory.limit_in_bytes");
	return 0;
}

/*
 * The body of a forked hog; never returns.  It joins the group first, so
 * every page it faults in from then on (its copies of the parent's
 * pages included) is charged to `lab`: the v1 controller does not move
 * charges made before (memory.move_charge_at_immigrate is 0).  Its report
 * line goes to @fd once every page is touched; with @stay it then waits
 * for a signal, else it exits 0.
 */
static void hog_main(const struct hog *h, int fd, int stay)
{
	long psz = sysconf(_SC_PAGESIZE);
	size_t len = (size_t)h->mib << 20, off;
	volatile char *mem;
	char adj[16];

	snprintf(adj, sizeof(adj), "%d", h->adj);
	if (oom_write(OOM_LAB "/cgroup.procs", "0") < 0) {
		dprintf(2, "oom_hog: %s: cannot join '%s': %s\n", h->name,
			OOM_LAB, strerror(errno));
		_exit(1);
	}
	prctl(PR_SET_NAME, h->name, 0, 0, 0);
	if (oom_write("/proc/self/oom_score_adj", adj) < 0) {
		dprintf(2, "oom_hog: %s: oom_score_adj: %s\n", h->name,
			strerror(errno));
		_exit(1);
	}
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED) {
		dprintf(2, "oom_hog: %s: mmap: %s\n", h->name,
			strerror(errno));
		_exit(1);
	}
	/*
	 * One write per page: each is a page fault that allocates the page
	 * and charges it to the group (volatile, so none is left out).
	 */
	for (off = 0; off < len; off += psz)
		mem[off] = 1;
	dprintf(fd, "oom_hog: %s pid %d touched %ld MiB, oom_score_adj %s\n",
		h->name, (int)getpid(), h->mib, adj);
	if (!stay)
		_exit(0);
	for (;;)
		pause();
}

/*
 * Fork the hog @h, which stays, and wait up to 30 s for its report (on a
 * loaded host a TCG guest is slow, and the lab's numbers need every hog
 * at size): print the report, or say the hog is not at size.
 */
static void hog_start(struct hog *h)
{
	struct pollfd pfd;
	char line[128];
	ssize_t n = -1;
	int p[2], r;

	if (pipe(p) < 0) {
		perror("oom_hog: pipe");
		return;
	}
	fflush(stdout);
	h->pid = fork();
	if (h->pid < 0) {
		perror("oom_hog: fork");
		h->pid = 0;
		close(p[0]);
		close(p[1]);
		return;
	}
	if (!h->pid) {
		close(p[0]);
		hog_main(h, p[1], 1);
	}
	close(p[1]);
	pfd.fd = p[0];
	pfd.events = POLLIN;
	do
		r = poll(&pfd, 1, 30000);
	while (r < 0 && errno == EINTR);
	/* the report is one write shorter than PIPE_BUF: it comes whole */
	if (r > 0)
		n = read(p[0], line, sizeof(line) - 1);
	close(p[0]);
	if (n > 0) {
		line[n] = '\0';
		oom_say("%s", line);
	} else if (r > 0) {
		/* end of file: the hog died and said why on stderr */
		oom_say("oom_lab: %s exited before it was at size\n",
			h->name);
	} else {
		oom_say("oom_lab: %s not at size after 30 s\n", h->name);
	}
}

/*
 * Fork hogD, its report on our stdout, and wait for it; its exit status
 * as the shell gives it ($?: 128 + the signal for a killed one).
 */
static int hog_push(struct hog *h)
{
	int st;

	fflush(stdout);
	h->pid = fork();
	if (h->pid < 0) {
		perror("oom_hog: fork");
		return 1;
	}
	if (!h->pid)
		hog_main(h, 1, 0);
	while (waitpid(h->pid, &st, 0) < 0)
		if (errno != EINTR)
			return 1;
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}

/* Is the task @pid alive: neither gone nor a zombie? */
static int oom_alive(pid_t pid)
{
	char path[64], buf[1024], *st;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (oom_read(path, buf, sizeof(buf)) < 0)
		return 0;
	st = strstr(buf, "\nState:");
	if (!st)
		return 0;
	st += strlen("\nState:");
	st += strspn(st, " \t");
	return *st != 'Z' && *st != '\0';
}

/*
 * If the log line @line (@len bytes, no newline) holds "Killed process
 * PID (NAME)", store PID and NAME (at most @nsz - 1 bytes) and return 1.
 * The last such mention in the line counts, as `sed 's/.*Killed...'`
 * took it.
 */
static int oom_killed_in(const char *line, size_t len, pid_t *pid,
			 char *name, size_t nsz)
{
	static const char key[] = "Killed process ";
	const char *end = line + len, *p, *q, *found = NULL;
	size_t klen = sizeof(key) - 1, nlen;
	char *e;

	for (p = line; (size_t)(end - p) >= klen; p++) {
		if (memcmp(p, key, klen))
			continue;
		q = p + klen;
		while (q < end && *q >= '0' && *q <= '9')
			q++;
		if (end - q < 2 || q[0] != ' ' || q[1] != '(')
			continue;
		q += 2;
		while (q < end && *q != ')')
			q++;
		if (q < end)
			found = p;
	}
	if (!found)
		return 0;
	*pid = (pid_t)strtol(found + klen, &e, 10);
	p = e + 2;
	q = memchr(p, ')', end - p);
	nlen = (size_t)(q - p) < nsz - 1 ? (size_t)(q - p) : nsz - 1;
	memcpy(name, p, nlen);
	name[nlen] = '\0';
	return 1;
}

/*
 * The tasks the kernel log says the OOM killer killed, oldest first,
 * into @pids and @names (at most OOM_MAX_KILLS); how many.  The whole
 * log is read and left as it is: the caller cleared it before the action
 * and prints it after.
 */
static int oom_victims(pid_t *pids, char (*names)[16])
{
	int size = klogctl(OOM_SYSLOG_SIZE_BUFFER, NULL, 0), len, n = 0;
	char *buf, *line, *nl;

	if (size <= 0)
		return 0;
	buf = malloc(size);
	if (!buf)
		return 0;
	len = klogctl(OOM_SYSLOG_READ_ALL, buf, size);
	if (len < 0) {
		perror("oom_hog: klogctl");
		len = 0;
	}
	for (line = buf; line < buf + len && n < OOM_MAX_KILLS;
	     line = nl + 1) {
		nl = memchr(line, '\n', buf + len - line);
		if (!nl)
			nl = buf + len;
		n += oom_killed_in(line, nl - line, &pids[n], names[n],
				   sizeof(names[n]));
	}
	free(buf);
	return n;
}

/*
 * Wait up to 10 s for each of the @n killed tasks to be gone or a
 * zombie: SIGKILL is delivered at once, but exiting (freeing its memory
 * under TCG) takes a while, and a fate read too early says "alive".
 */
static void oom_settle(const pid_t *pids, int n)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	int i, t;

	for (i = 0; i < n; i++)
		for (t = 0; t < 1000 && oom_alive(pids[i]); t++)
			nanosleep(&tick, NULL);
}

/* Print the oom_kill count of the group's memory.oom_control. */
static void oom_kills(void)
{
	char buf[512], *line, *nl;

	if (oom_read(OOM_LAB "/memory.oom_control", buf, sizeof(buf)) < 0)
		return;
	for (line = buf; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!strncmp(line, "oom_kill ", strlen("oom_kill ")))
			oom_say("oom_lab: oom_kill %s\n",
				line + strlen("oom_kill "));
		if (!nl)
			break;
	}
}

int main(int argc, char **argv)
{
	pid_t pids[OOM_MAX_KILLS];
	char names[OOM_MAX_KILLS][16];
	char path[64], adj[32], v[64];
	size_t i;
	int n, rc;

	if (argc != 3 || strcmp(argv[1], "oom_lab") ||
	    strcmp(argv[2], "victim")) {
		fprintf(stderr, "usage: oom_hog oom_lab victim\n");
		return 2;
	}
	if (oom_setup())
		return 1;
	oom_read_line(OOM_LAB "/memory.limit_in_bytes", v, sizeof(v));
	oom_say("oom_lab: memory cgroup limit %s bytes\n", v);
	for (i = 0; i < OOM_NHOGS; i++)
		hog_start(&oom_hogs[i]);
	for (i = 0; i < OOM_NHOGS; i++) {
		snprintf(path, sizeof(path), "/proc/%d/oom_score_adj",
			 (int)oom_hogs[i].pid);
		oom_read_line(path, adj, sizeof(adj));
		snprintf(path, sizeof(path), "/proc/%d/oom_score",
			 (int)oom_hogs[i].pid);
		oom_read_line(path, v, sizeof(v));
		oom_say("oom_lab: %s pid %d oom_score_adj %s oom_score %s\n",
			oom_hogs[i].name, (int)oom_hogs[i].pid, adj, v);
	}
	oom_read_line(OOM_LAB "/memory.usage_in_bytes", v, sizeof(v));
	oom_say("oom_lab: usage %s bytes; hogD adds %ld MiB\n", v,
		oom_pusher.mib);
	rc = hog_push(&oom_pusher);
	oom_say("oom_lab: hogD exited with status %d\n", rc);
	/* every kill happened in hogD's charges, so before it exited */
	n = oom_victims(pids, names);
	oom_settle(pids, n);
	oom_say("oom_lab: first victim %s\n", n ? names[0] : "");
	for (i = 0; i < OOM_NHOGS; i++)
		oom_say("oom_lab: %s pid %d %s\n", oom_hogs[i].name,
			(int)oom_hogs[i].pid,
			oom_alive(oom_hogs[i].pid) ? "alive" : "killed");
	oom_kills();
	for (i = 0; i < OOM_NHOGS; i++)
		if (oom_hogs[i].pid > 0)
			kill(oom_hogs[i].pid, SIGTERM);
	while (wait(NULL) > 0 || errno == EINTR)
		;
	return 0;
}
