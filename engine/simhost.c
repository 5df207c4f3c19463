// SPDX-License-Identifier: GPL-2.0
/*
 * simhost.c - host mode of `memdrill sim` (docs/scenario-language.md,
 * "Host mode"): the real kernel as the oracle.
 *
 * A scenario is read with the simulator's tokenizer (scn_tokenize()).
 * Process lines are carried out by real child processes (simhost-child.c)
 * and each expect line whose value has a real equivalent is checked on
 * the kernel's counters: /proc/PID/stat for faults, /proc/PID/smaps for
 * RSS, SIGSEGVs caught in the child, waitpid and /dev/kmsg for OOM kills,
 * the cgroup v1 files for memcgs, mincore(2) for the page cache.  Lines
 * and values with no real equivalent are reported as skipped, never as
 * ok.  `sim check --host` runs the simulator in lock step and compares
 * the values themselves.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <regex.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/msg.h"
#include "engine/kmsg.h"
#include "engine/simhost.h"
#include "sim/scn.h"
#include "util/sbuf.h"

#define SIMHOST_MAX_PROC	32
#define SIMHOST_MAX_MAP		32
#define SIMHOST_MAX_FILE	16
#define SIMHOST_MAX_CG		8
#define SIMHOST_PAGE		4096ULL
#define SIMHOST_PID_BASE	100	/* the simulator's first PID */
#define SIMHOST_TIMEOUT		30	/* seconds a child may take */
#define SIMHOST_CGROOT		"/sys/fs/cgroup/memory"
#define SIMHOST_THP		"/sys/kernel/mm/transparent_hugepage/enabled"

/* A mapping of a scenario process, where the child put it. */
struct simhost_map {
	char name[SIMHOST_NAME_MAX];
	uint64_t addr, len;
};

/* A scenario process: a real child. */
struct simhost_proc {
	char name[SIMHOST_NAME_MAX];
	pid_t pid;
	int sock;
	int live;
	int oom_killed;		/* died of a SIGKILL memdrill did not send */
	int segv;
	long base_min, base_maj;	/* /proc/PID/stat when it said ready */
	long min, maj;		/* last counters read (kept after death) */
	long cmd_min, cmd_maj;	/* faults inside commands (getrusage) */
	struct simhost_map map[SIMHOST_MAX_MAP];
	int nmap;
};

struct simhost_file {
	char name[SIMHOST_NAME_MAX];
	char path[SIMHOST_PATH_MAX];
	uint64_t size;
};

struct simhost_cg {
	char name[SIMHOST_NAME_MAX];
	char path[SIMHOST_PATH_MAX];
};

struct simhost {
	const char *file;
	int line;
	int trace;
	int check;		/* sim check --host: compare, print less */
	int verbose;		/* check: print the values that agree too */
	struct scn tok;		/* tokenizer messages */
	struct scn *sim;	/* check: the simulator in lock step */
	int sim_dead;		/* the simulator refused a line */
	int sim_failed;		/* its expect on this line failed */
	char sim_why[300];
	int thp_off;		/* PR_SET_THP_DISABLE in the children */
	long ra_kb;		/* read_ahead_kb of the temp files' device */
	int fault_lock;		/* the host kernel's MM_FAULT_LOCK_* */
	const char *cgroot;
	char tmpdir[SIMHOST_PATH_MAX - SIMHOST_NAME_MAX - 8];
	struct simhost_proc proc[SIMHOST_MAX_PROC];
	int nproc;
	struct simhost_file files[SIMHOST_MAX_FILE];
	int nfile;
	struct simhost_cg cg[SIMHOST_MAX_CG];
	int ncg;
	int kmsg;		/* /dev/kmsg read from the run's start, or -1 */
	struct sbuf dmesg;	/* kernel lines since then, PIDs translated */
	int victim;		/* proc index the OOM killer chose, or -1 */
	int kills;		/* "Killed process" lines naming ours */
	int first_kill;		/* proc index of the first of them, or -1 */
	struct simhost_proc spawner;	/* the clean process children come
					 * from (simhost_spawner_start()) */
	int zero, huge_zero;	/* simhost_probe_zero(): 1 the host maps the
				 * (huge) zero page on a read fault, 0 it
				 * allocates, -1 unknown */
	char known[600];	/* why values may differ from here on, or "" */
	int known_line;		/* the line that made it so */
	int taint_line;		/* a skipped line that changed state */
	char taint[32];		/* its verb */
	char taint_why[160];	/* why it was skipped */
	int passed, failed, skipped;
	int compared, diffs, nknown;
	char err[300];
};

/* The run being cleaned up if a signal arrives. */
static struct simhost *simhost_active;

static int simhost_err(struct simhost *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int simhost_err(struct simhost *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h->err, sizeof(h->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* "FILE:LINE: TEXT" (check mode prints only differences and errors). */
static void simhost_say(struct simhost *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void simhost_say(struct simhost *h, const char *fmt, ...)
{
	va_list ap;

	if (h->check)
		return;
	printf("%s:%d: ", h->file, h->line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

/* A line or value with no real equivalent. */
static void simhost_skip(struct simhost *h, const char *what,
			 const char *why)
{
	h->skipped++;
	simhost_say(h, "skipped: %s (%s)", what, why);
}

/* ---- small file helpers ---- */

/* Write text to path (a sysfs/procfs knob).  0 or -1 with errno. */
static int simhost_write(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	if (n < 0) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	close(fd);
	return 0;
}

/* Read a small file into buf (NUL-terminated).  0 or -1. */
static int simhost_read(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t got;

	if (fd < 0)
		return -1;
	got = read(fd, buf, n - 1);
	close(fd);
	if (got < 0)
		return -1;
	buf[got] = '\0';
	return 0;
}

/* minflt and majflt of a live process: /proc/PID/stat fields 10, 12. */
static int simhost_stat(pid_t pid, long *min, long *maj)
{
	char path[64], buf[1024], *p;
	int i;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (simhost_read(path, buf, sizeof(buf)))
		return -1;
	p = strrchr(buf, ')');
	if (!p)
		return -1;
	p++;
	for (i = 3; i <= 12 && p; i++) {	/* p is before field i */
		p += strspn(p, " ");
		if (i == 10)
			*min = strtol(p, NULL, 10);
		if (i == 12)
			*maj = strtol(p, NULL, 10);
		p = strchr(p, ' ');
	}
	return i > 12 ? 0 : -1;
}

/* ---- the kernel log ---- */

/* Append one kernel line, the children's PIDs replaced by the sim's. */
static void simhost_dmesg_add(struct simhost *h, const char *msg, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t j = i;
		int k, done = 0;

		if (!isdigit((unsigned char)msg[i]) ||
		    (i && isalnum((unsigned char)msg[i - 1]))) {
			sbuf_addch(&h->dmesg, msg[i++]);
			continue;
		}
		while (j < n && isdigit((unsigned char)msg[j]))
			j++;
		for (k = 0; k < h->nproc && !done; k++) {
			char num[16];

			snprintf(num, sizeof(num), "%d", (int)h->proc[k].pid);
			if (strlen(num) == j - i &&
			    !memcmp(num, msg + i, j - i) &&
			    (j == n || !isalnum((unsigned char)msg[j]))) {
				sbuf_addf(&h->dmesg, "%d",
					  SIMHOST_PID_BASE + k);
				done = 1;
			}
		}
		if (!done)
			sbuf_add(&h->dmesg, msg + i, j - i);
		i = j;
	}
	sbuf_addch(&h->dmesg, '\n');
}

/*
 * Read the new /dev/kmsg records; for each "Killed process N" of one of
 * ours, note the victim and wait for it to die.
 */
static void simhost_kmsg(struct simhost *h)
{
	struct sbuf line = SBUF_INIT;

	if (h->kmsg < 0)
		return;
	while (kmsg_next(h->kmsg, &line)) {
		int k;

		for (k = 0; k < h->nproc; k++) {
			char pat[48];

			snprintf(pat, sizeof(pat), "Killed process %d ",
				 (int)h->proc[k].pid);
			if (!strstr(line.buf, pat))
				continue;
			h->victim = k;
			h->kills++;
			if (h->first_kill < 0)
				h->first_kill = k;
		}
		simhost_dmesg_add(h, line.buf, line.len);
	}
	sbuf_release(&line);
}

/* ---- processes ---- */

static int simhost_skip_line(struct simhost *h, const char *text,
			     const char *verb, const char *why);

static struct simhost_proc *simhost_proc_find(struct simhost *h,
					      const char *name)
{
	int i;

	for (i = 0; i < h->nproc; i++)
		if (!strcmp(h->proc[i].name, name))
			return &h->proc[i];
	return NULL;
}

/* Fault counters of p since its baseline (kept after it died). */
static void simhost_proc_counters(struct simhost_proc *p)
{
	long min, maj;

	if (p->live && !simhost_stat(p->pid, &min, &maj)) {
		p->min = min - p->base_min;
		p->maj = maj - p->base_maj;
	}
}

/*
 * A child has ended (or is ending): read its counters while it is a
 * zombie, then reap it.  block waits for it (2: an `exit` line whose
 * counters were read before it).
 */
static void simhost_proc_reap(struct simhost *h, struct simhost_proc *p,
			      int block)
{
	siginfo_t si;
	int st;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)p->pid, &si, WEXITED | WNOWAIT |
		   (block ? 0 : WNOHANG)) || si.si_pid != p->pid)
		return;
	if (block != 2)		/* 2: `exit`, counters read before it */
		simhost_proc_counters(p);
	waitpid(p->pid, &st, 0);
	p->live = 0;
	close(p->sock);
	p->sock = -1;
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) {
		p->oom_killed = 1;
		if (h->victim < 0 || !h->proc[h->victim].oom_killed)
			h->victim = (int)(p - h->proc);
	}
}

/* After a line: collect dead children and the kernel's OOM lines. */
static void simhost_reap(struct simhost *h)
{
	int i;

	simhost_kmsg(h);
	for (i = 0; i < h->nproc; i++) {
		if (!h->proc[i].live)
			continue;
		/* a victim named in the log is dying: wait for it */
		simhost_proc_reap(h, &h->proc[i], h->victim == i);
	}
}

/*
 * Send a command (with a socket fd for fork) and wait for the answer.
 * Returns 0, or -1 when the child died meanwhile (then reaped), or -2 on
 * another failure (h->err set).
 */
static int simhost_call(struct simhost *h, struct simhost_proc *p,
			struct simhost_cmd *c, int fd, struct simhost_rep *r)
{
	ssize_t n;

	if (simhost_cmd_send(p->sock, c, fd) < 0)
		goto dead;
	if (c->op == SIMHOST_EXIT)
		return 0;
	n = recv(p->sock, r, sizeof(*r), 0);
	if (n == (ssize_t)sizeof(*r)) {
		p->cmd_min += r->minflt;
		p->cmd_maj += r->majflt;
		return 0;
	}
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
		simhost_err(h, "process '%s' (pid %d) did not answer in %d s",
			    p->name, (int)p->pid, SIMHOST_TIMEOUT);
		return -2;
	}
dead:
	simhost_kmsg(h);
	simhost_proc_reap(h, p, 1);
	return -1;
}

/* Wait for a new child's "ready" and take its baseline. */
static int simhost_proc_ready(struct simhost *h, struct simhost_proc *p)
{
	struct timeval tv = { SIMHOST_TIMEOUT, 0 };
	struct simhost_rep r;

	setsockopt(p->sock, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (recv(p->sock, &r, sizeof(r), 0) != (ssize_t)sizeof(r))
		return simhost_err(h, "process '%s' did not start", p->name);
	if (simhost_stat(p->pid, &p->base_min, &p->base_maj))
		return simhost_err(h, "cannot read /proc/%d/stat: %s",
				   (int)p->pid, strerror(errno));
	return 0;
}

/* Add a process slot named name (fresh, not yet started). */
static struct simhost_proc *simhost_proc_add(struct simhost *h,
					     const char *name)
{
	struct simhost_proc *p;

	if (simhost_proc_find(h, name)) {
		simhost_err(h, "process '%s' exists", name);
		return NULL;
	}
	if (strlen(name) >= SIMHOST_NAME_MAX ||
	    !isalpha((unsigned char)*name)) {
		simhost_err(h, "invalid name '%s'", name);
		return NULL;
	}
	if (h->nproc == SIMHOST_MAX_PROC) {
		simhost_err(h, "too many processes (%d)", SIMHOST_MAX_PROC);
		return NULL;
	}
	p = &h->proc[h->nproc++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->sock = -1;
	return p;
}

static struct simhost_cg *simhost_cg_find(struct simhost *h,
					  const char *name)
{
	int i;

	for (i = 0; i < h->ncg; i++)
		if (!strcmp(h->cg[i].name, name))
			return &h->cg[i];
	return NULL;
}

/* Put a process into a memcg and set its oom_score_adj. */
static int simhost_proc_place(struct simhost *h, struct simhost_proc *p,
			      struct simhost_cg *g, long adj)
{
	char path[SIMHOST_PATH_MAX + 32], num[32];

	snprintf(num, sizeof(num), "%d", (int)p->pid);
	if (g) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", g->path);
		if (simhost_write(path, num))
			return simhost_err(h, "cannot move '%s' into memcg "
					   "'%s': %s", p->name, g->name,
					   strerror(errno));
	}
	if (adj) {
		snprintf(path, sizeof(path), "/proc/%d/oom_score_adj",
			 (int)p->pid);
		snprintf(num, sizeof(num), "%ld", adj);
		if (!simhost_write(path, num))
			return 0;
		if (adj < 0 && errno == EACCES) {
			snprintf(path, sizeof(path), "proc %s adj=%ld",
				 p->name, adj);
			return simhost_skip_line(h, path, "proc", "lowering "
						 "oom_score_adj needs "
						 "CAP_SYS_RESOURCE, which "
						 "memdrill does not have");
		}
		return simhost_err(h, "cannot set oom_score_adj of '%s': %s",
				   p->name, strerror(errno));
	}
	return 0;
}

/*
 * Start a fresh copy of q from @from (the spawner or a scenario process):
 * @from clones itself (CLONE_PARENT, so memdrill can wait for the copy)
 * and the copy obeys a new socket.  The faults @from takes for the clone
 * (copy-on-write of its own stack and data) are not the scenario's: its
 * baseline moves past them.  0 or -1 with h->err.
 */
static int simhost_fork_from(struct simhost *h, struct simhost_proc *from,
			     struct simhost_proc *q)
{
	struct simhost_cmd c;
	struct simhost_rep r;
	long min0, maj0, min1, maj1;
	int sv[2], rc;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return simhost_err(h, "cannot make a socket: %s",
				   strerror(errno));
	memset(&c, 0, sizeof(c));
	c.op = SIMHOST_FORK;
	snprintf(c.name, sizeof(c.name), "%s", q->name);
	if (simhost_stat(from->pid, &min0, &maj0))
		min0 = maj0 = -1;
	rc = simhost_call(h, from, &c, sv[1], &r);
	close(sv[1]);
	if (!rc && min0 >= 0 && !simhost_stat(from->pid, &min1, &maj1)) {
		from->base_min += min1 - min0;
		from->base_maj += maj1 - maj0;
		from->cmd_min -= r.minflt;
		from->cmd_maj -= r.majflt;
	}
	if (rc || r.err || r.pid <= 0) {
		close(sv[0]);
		return rc == -2 ? -1 : simhost_err(h, "fork of '%s' failed: "
						   "%s", from->name,
						   strerror(r.err ? r.err :
							    ESRCH));
	}
	q->pid = r.pid;
	q->sock = sv[0];
	q->live = 1;
	return simhost_proc_ready(h, q);
}

/*
 * The spawner: a process that holds nothing of memdrill's (a fresh exec
 * of this program, simhost_child_exec()), from which every `proc` line's
 * child is cloned.  A child forked from memdrill itself would carry
 * memdrill's heap (the simulated machine: 200 MB at ram=24G) in its RSS,
 * its oom_score and its memcg charges.
 */
static int simhost_spawner_start(struct simhost *h)
{
	struct simhost_proc *p = &h->spawner;
	char fdnum[16], thp[4];
	char *argv[] = { "memdrill", SIMHOST_CHILD_ARG, fdnum, thp, NULL };
	int sv[2];
	pid_t pid;

	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "memdrill-spawn");
	p->sock = -1;
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return simhost_err(h, "cannot make a socket: %s",
				   strerror(errno));
	snprintf(fdnum, sizeof(fdnum), "%d", sv[1]);
	snprintf(thp, sizeof(thp), "%d", h->thp_off);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return simhost_err(h, "cannot fork: %s", strerror(errno));
	}
	if (pid == 0) {
		fcntl(sv[1], F_SETFD, 0);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(sv[1]);
	p->pid = pid;
	p->sock = sv[0];
	p->live = 1;
	return simhost_proc_ready(h, p) ? simhost_err(h, "cannot start host "
						     "mode's process "
						     "spawner") : 0;
}

/* proc A [adj=N] [unkillable] [memcg=G]: a real child of the spawner. */
static int simhost_cmd_proc(struct simhost *h, int argc, char **argv)
{
	struct simhost_cg *g = NULL;
	struct simhost_proc *p;
	long long adj = 0;
	const char *v;
	int i;

	if (argc < 2)
		return simhost_err(h, "proc needs a name");
	for (i = 2; i < argc; i++) {
		if ((v = scn_kv(argv[i], "adj"))) {
			if (scn_parse_num(v, &adj) || adj < -1000 ||
			    adj > 1000)
				return simhost_err(h, "bad oom_score_adj "
						   "'%s'", argv[i]);
		} else if ((v = scn_kv(argv[i], "memcg"))) {
			g = simhost_cg_find(h, v);
			if (!g)
				return simhost_err(h, "unknown memcg '%s'", v);
		} else if (!strcmp(argv[i], "unkillable")) {
			adj = -1000;
		} else {
			return simhost_err(h, "unknown proc option '%s'",
					   argv[i]);
		}
	}
	if (!h->spawner.live && simhost_spawner_start(h))
		return -1;
	p = simhost_proc_add(h, argv[1]);
	if (!p)
		return -1;
	if (simhost_fork_from(h, &h->spawner, p)) {
		h->nproc--;
		return -1;
	}
	return simhost_proc_place(h, p, g, (long)adj);
}

/* ---- process lines ---- */

/* A live process by name; -1 with h->err as the simulator words it. */
static struct simhost_proc *simhost_live(struct simhost *h, const char *name)
{
	struct simhost_proc *p = simhost_proc_find(h, name);

	if (!p) {
		simhost_err(h, "unknown process '%s'", name);
		return NULL;
	}
	if (!p->live) {
		simhost_err(h, "process '%s' has exited", name);
		return NULL;
	}
	return p;
}

static struct simhost_map *simhost_map_find(struct simhost_proc *p,
					    const char *name, size_t len)
{
	int i;

	for (i = 0; i < p->nmap; i++)
		if (strlen(p->map[i].name) == len &&
		    !strncmp(p->map[i].name, name, len))
			return &p->map[i];
	return NULL;
}

/* "buf", "buf[3]", "buf[0:16]" -> mapping, first page and page count. */
static int simhost_range(struct simhost *h, struct simhost_proc *p,
			 const char *tok, struct simhost_map **m,
			 uint64_t *first, uint64_t *n)
{
	const char *br = strchr(tok, '[');
	size_t len = br ? (size_t)(br - tok) : strlen(tok);
	uint64_t pages;
	long a, b;
	char *end;

	*m = simhost_map_find(p, tok, len);
	if (!*m)
		return simhost_err(h, "unknown mapping '%.*s' in '%s'",
				   (int)len, tok, p->name);
	pages = (*m)->len / SIMHOST_PAGE;
	*first = 0;
	*n = pages;
	if (!br)
		return 0;
	a = strtol(br + 1, &end, 10);
	if (end == br + 1 || a < 0)
		return simhost_err(h, "bad page range '%s'", tok);
	b = a + 1;
	if (*end == ':') {
		const char *q = end + 1;

		b = strtol(q, &end, 10);
		if (end == q)
			return simhost_err(h, "bad page range '%s'", tok);
	}
	if (strcmp(end, "]") || b <= a || (uint64_t)b > pages)
		return simhost_err(h, "bad page range '%s' (mapping has %llu "
				   "pages)", tok, (unsigned long long)pages);
	*first = (uint64_t)a;
	*n = (uint64_t)(b - a);
	return 0;
}

static int simhost_prot(const char *tok)
{
	if (!strcmp(tok, "r"))
		return PROT_READ;
	if (!strcmp(tok, "rw"))
		return PROT_READ | PROT_WRITE;
	if (!strcmp(tok, "none"))
		return PROT_NONE;
	return -1;
}

static struct simhost_file *simhost_file_find(struct simhost *h,
					      const char *name)
{
	int i;

	for (i = 0; i < h->nfile; i++)
		if (!strcmp(h->files[i].name, name))
			return &h->files[i];
	return NULL;
}

/* Run c on p; a child that died meanwhile is not an error. */
static int simhost_do(struct simhost *h, struct simhost_proc *p,
		      struct simhost_cmd *c, struct simhost_rep *r)
{
	int rc = simhost_call(h, p, c, -1, r);

	if (rc == -2)
		return -1;
	if (rc == -1) {
		r->err = 0;
		return 1;	/* killed (OOM): the line is done */
	}
	if (r->err)
		return simhost_err(h, "%s: %s", c->op == SIMHOST_MMAP ? "mmap" :
				   c->op == SIMHOST_MPROTECT ? "mprotect" :
				   c->op == SIMHOST_MUNMAP ? "munmap" :
				   c->op == SIMHOST_MADVISE ? "madvise" :
				   "read", strerror(r->err));
	return 0;
}

/* A mmap NAME SIZE [anon] [file=F] [shared|private] [r|rw|none] [populate] */
static int simhost_cmd_mmap(struct simhost *h, struct simhost_proc *p,
			    int argc, char **argv)
{
	struct simhost_cmd c;
	struct simhost_rep r;
	struct simhost_file *f = NULL;
	struct simhost_map *m;
	const char *v;
	int i, pr, rc;

	memset(&c, 0, sizeof(c));
	c.op = SIMHOST_MMAP;
	c.prot = PROT_READ | PROT_WRITE;
	c.flags = MAP_PRIVATE;
	if (argc < 4 || scn_parse_size(argv[3], &c.len) || !c.len)
		return simhost_err(h, "mmap needs a name and a size");
	c.len = (c.len + SIMHOST_PAGE - 1) & ~(SIMHOST_PAGE - 1);
	for (i = 4; i < argc; i++) {
		if ((pr = simhost_prot(argv[i])) >= 0)
			c.prot = pr;
		else if (!strcmp(argv[i], "populate"))
			c.flags |= MAP_POPULATE;
		else if (!strcmp(argv[i], "shared"))
			c.flags = (c.flags & ~MAP_PRIVATE) | MAP_SHARED;
		else if (!strcmp(argv[i], "private") ||
			 !strcmp(argv[i], "anon"))
			continue;
		else if ((v = scn_kv(argv[i], "file")) &&
			 (f = simhost_file_find(h, v)))
			snprintf(c.path, sizeof(c.path), "%s", f->path);
		else if (v)
			return simhost_err(h, "unknown file '%s'", v);
		else
			return simhost_err(h, "unknown mmap option '%s'",
					   argv[i]);
	}
	if (simhost_map_find(p, argv[2], strlen(argv[2])))
		return simhost_err(h, "mapping '%s' exists in '%s'", argv[2],
				   p->name);
	if (p->nmap == SIMHOST_MAX_MAP || strlen(argv[2]) >= SIMHOST_NAME_MAX)
		return simhost_err(h, "too many mappings in '%s'", p->name);
	rc = simhost_do(h, p, &c, &r);
	if (rc)
		return rc < 0 ? -1 : 0;
	m = &p->map[p->nmap++];
	snprintf(m->name, sizeof(m->name), "%s", argv[2]);
	m->addr = r.addr;
	m->len = c.len;
	return 0;
}

/* A touch NAME[a:b] read|write */
static int simhost_cmd_touch(struct simhost *h, struct simhost_proc *p,
			     int argc, char **argv)
{
	struct simhost_cmd c;
	struct simhost_rep r;
	struct simhost_map *m;
	uint64_t first, n;

	if (argc != 4 || (strcmp(argv[3], "read") && strcmp(argv[3], "write")))
		return simhost_err(h, "touch needs a range and read|write");
	if (simhost_range(h, p, argv[2], &m, &first, &n))
		return -1;
	memset(&c, 0, sizeof(c));
	c.op = SIMHOST_TOUCH;
	c.write = !strcmp(argv[3], "write");
	c.addr = m->addr + first * SIMHOST_PAGE;
	c.len = n * SIMHOST_PAGE;
	if (simhost_do(h, p, &c, &r) < 0)
		return -1;
	p->segv += r.segv;
	return 0;
}

/* munmap of a mapping's head: its page 0 moves (as in the simulator). */
static void simhost_map_cut(struct simhost_map *m, uint64_t bytes)
{
	m->addr += bytes;
	m->len -= bytes;
}

/* A mprotect NAME[a:b] r|rw|none, A munmap NAME[a:b], A madvise ... */
static int simhost_cmd_range(struct simhost *h, struct simhost_proc *p,
			     int argc, char **argv)
{
	static const struct { const char *name; int advice; } adv[] = {
		{ "hugepage", MADV_HUGEPAGE },
		{ "nohugepage", MADV_NOHUGEPAGE },
		{ "dontneed", MADV_DONTNEED },
	};
	struct simhost_cmd c;
	struct simhost_rep r;
	struct simhost_map *m;
	uint64_t first, n;
	size_t i;

	memset(&c, 0, sizeof(c));
	if (!strcmp(argv[1], "munmap")) {
		if (argc != 3)
			return simhost_err(h, "munmap needs a range");
		c.op = SIMHOST_MUNMAP;
	} else if (!strcmp(argv[1], "mprotect")) {
		if (argc != 4 || (c.prot = simhost_prot(argv[3])) < 0)
			return simhost_err(h, "mprotect needs a range and "
					   "r|rw|none");
		c.op = SIMHOST_MPROTECT;
	} else {
		c.op = SIMHOST_MADVISE;
		c.flags = -1;
		for (i = 0; argc == 4 && i < sizeof(adv) / sizeof(adv[0]); i++)
			if (!strcmp(argv[3], adv[i].name))
				c.flags = adv[i].advice;
		if (c.flags < 0)
			return simhost_err(h, "madvise needs a range and "
					   "hugepage|nohugepage|dontneed");
	}
	if (simhost_range(h, p, argv[2], &m, &first, &n))
		return -1;
	c.addr = m->addr + first * SIMHOST_PAGE;
	c.len = n * SIMHOST_PAGE;
	if (simhost_do(h, p, &c, &r) < 0)
		return -1;
	if (c.op != SIMHOST_MUNMAP)
		return 0;
	/* the simulator's bookkeeping: head and tail cuts move the range */
	if (first == 0 && n == m->len / SIMHOST_PAGE)
		*m = p->map[--p->nmap];
	else if (first == 0)
		simhost_map_cut(m, n * SIMHOST_PAGE);
	else if (first + n == m->len / SIMHOST_PAGE)
		m->len = first * SIMHOST_PAGE;
	return 0;
}

/* A read F [a:b]: read(2) through the page cache. */
static int simhost_cmd_read(struct simhost *h, struct simhost_proc *p,
			    int argc, char **argv)
{
	struct simhost_file *f;
	struct simhost_cmd c;
	struct simhost_rep r;
	char name[SIMHOST_NAME_MAX];
	const char *range = NULL, *br;
	long a = 0, b;
	char *end;

	if (argc < 3 || argc > 4)
		return simhost_err(h, "read needs a file and an optional "
				   "page range a:b");
	/* "F [a:b]" or "F[a:b]", as the simulator takes them */
	br = strchr(argv[2], '[');
	if (br && argc == 3 && (size_t)(br - argv[2]) < sizeof(name)) {
		snprintf(name, sizeof(name), "%.*s", (int)(br - argv[2]),
			 argv[2]);
		range = br;
	} else {
		snprintf(name, sizeof(name), "%s", argv[2]);
		if (argc == 4)
			range = argv[3];
	}
	f = simhost_file_find(h, name);
	if (!f)
		return simhost_err(h, "unknown file '%s'", name);
	b = (long)((f->size + SIMHOST_PAGE - 1) / SIMHOST_PAGE);
	if (range) {
		const char *q = range + (range[0] == '[');

		a = strtol(q, &end, 10);
		b = *end == ':' ? strtol(end + 1, &end, 10) : a + 1;
		if (end == q || a < 0 || b <= a || (*end && strcmp(end, "]")))
			return simhost_err(h, "bad page range '%s'", range);
	}
	memset(&c, 0, sizeof(c));
	c.op = SIMHOST_READ;
	c.off = (uint64_t)a * SIMHOST_PAGE;
	c.len = (uint64_t)(b - a) * SIMHOST_PAGE;
	snprintf(c.path, sizeof(c.path), "%s", f->path);
	return simhost_do(h, p, &c, &r) < 0 ? -1 : 0;
}

/* A fork B: a real fork of A's child, wired to a new socket. */
static int simhost_cmd_fork(struct simhost *h, struct simhost_proc *p,
			    int argc, char **argv)
{
	struct simhost_proc *q;

	if (argc != 3)
		return simhost_err(h, "fork needs the child's name");
	q = simhost_proc_add(h, argv[2]);
	if (!q)
		return -1;
	if (simhost_fork_from(h, p, q)) {
		h->nproc--;
		return -1;
	}
	memcpy(q->map, p->map, sizeof(q->map));
	q->nmap = p->nmap;
	return 0;
}

/* A exit: counters read, then the child exits and is reaped. */
static int simhost_cmd_exit(struct simhost *h, struct simhost_proc *p,
			    int argc, char **argv)
{
	struct simhost_cmd c;
	struct simhost_rep r;

	(void)argv;
	if (argc != 2)
		return simhost_err(h, "exit takes no arguments");
	simhost_proc_counters(p);
	memset(&c, 0, sizeof(c));
	c.op = SIMHOST_EXIT;
	simhost_call(h, p, &c, -1, &r);
	simhost_proc_reap(h, p, 2);
	p->oom_killed = 0;
	if (h->victim == (int)(p - h->proc))
		h->victim = -1;
	return 0;
}

/* "A VERB ...": the process lines host mode carries out. */
static int simhost_subject(struct simhost *h, int argc, char **argv)
{
	struct simhost_proc *p = simhost_live(h, argv[0]);

	if (!p)
		return -1;
	if (!strcmp(argv[1], "mmap"))
		return simhost_cmd_mmap(h, p, argc, argv);
	if (!strcmp(argv[1], "touch"))
		return simhost_cmd_touch(h, p, argc, argv);
	if (!strcmp(argv[1], "read"))
		return simhost_cmd_read(h, p, argc, argv);
	if (!strcmp(argv[1], "fork"))
		return simhost_cmd_fork(h, p, argc, argv);
	if (!strcmp(argv[1], "exit"))
		return simhost_cmd_exit(h, p, argc, argv);
	return simhost_cmd_range(h, p, argc, argv);
}

/* ---- files and memcgs ---- */

/* The folder the temp files go to (simhost_tmpdir()'s parent). */
static const char *simhost_tmp_parent(void)
{
	const char *t = getenv("TMPDIR");

	return t && *t ? t : "/tmp";
}

/* Make the run's temporary folder on first use. */
static int simhost_tmpdir(struct simhost *h)
{
	if (h->tmpdir[0])
		return 0;
	snprintf(h->tmpdir, sizeof(h->tmpdir), "%s/memdrill-host.XXXXXX",
		 simhost_tmp_parent());
	if (!mkdtemp(h->tmpdir)) {
		simhost_err(h, "cannot make a temporary folder '%s': %s",
			    h->tmpdir, strerror(errno));
		h->tmpdir[0] = '\0';
		return -1;
	}
	return 0;
}

/* Pages of path in the page cache (mincore over a mapping). */
static long simhost_cached(const char *path, uint64_t size)
{
	size_t pages = (size_t)((size + SIMHOST_PAGE - 1) / SIMHOST_PAGE);
	unsigned char *vec;
	long n = 0;
	size_t i;
	void *m;
	int fd;

	if (!size)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	m = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (m == MAP_FAILED)
		return -1;
	vec = malloc(pages);
	if (vec && !mincore(m, (size_t)size, vec))
		for (i = 0; i < pages; i++)
			n += vec[i] & 1;
	else
		n = -1;
	free(vec);
	munmap(m, (size_t)size);
	return n;
}

/* Fill a new file with size bytes, then drop it from the page cache. */
static int simhost_file_fill(struct simhost *h, struct simhost_file *f)
{
	static char block[64 << 10];
	uint64_t done = 0;
	int fd;

	memset(block, 0x5a, sizeof(block));
	fd = open(f->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return simhost_err(h, "cannot create '%s': %s", f->path,
				   strerror(errno));
	while (done < f->size) {
		size_t n = f->size - done > sizeof(block) ? sizeof(block) :
			   (size_t)(f->size - done);

		if (write(fd, block, n) != (ssize_t)n) {
			close(fd);
			return simhost_err(h, "cannot write '%s': %s",
					   f->path, strerror(errno));
		}
		done += n;
	}
	fsync(fd);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	close(fd);
	return 0;
}

/*
 * Put exactly the first `cached` bytes (whole pages) of f in the page
 * cache: read them on a descriptor with POSIX_FADV_RANDOM (FMODE_RANDOM:
 * page_cache_sync_ra() then does force_page_cache_ra() of just the
 * request, no readahead window, no PG_readahead mark), as the simulator
 * does.
 */
static int simhost_file_cache(struct simhost *h, struct simhost_file *f,
			      uint64_t cached)
{
	static char block[64 << 10];
	uint64_t done = 0;
	int fd;

	fd = open(f->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return simhost_err(h, "cannot open '%s': %s", f->path,
				   strerror(errno));
	posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
	cached = (cached + SIMHOST_PAGE - 1) & ~(SIMHOST_PAGE - 1);
	while (done < cached) {
		size_t n = cached - done > sizeof(block) ? sizeof(block) :
			   (size_t)(cached - done);
		ssize_t got = pread(fd, block, n, (off_t)done);

		if (got <= 0)
			break;
		done += (uint64_t)got;
	}
	close(fd);
	return 0;
}

/* file F SIZE [cached=all|none|Np|SIZE] */
static int simhost_cmd_file(struct simhost *h, int argc, char **argv)
{
	struct simhost_file *f;
	uint64_t cached = 0;
	const char *v;
	int i;

	if (argc < 3)
		return simhost_err(h, "file needs a name and a size");
	if (simhost_file_find(h, argv[1]) || h->nfile == SIMHOST_MAX_FILE ||
	    strlen(argv[1]) >= SIMHOST_NAME_MAX ||
	    !isalpha((unsigned char)argv[1][0]) || strchr(argv[1], '/'))
		return simhost_err(h, "invalid file name '%s'", argv[1]);
	f = &h->files[h->nfile];
	if (scn_parse_size(argv[2], &f->size) || !f->size ||
	    f->size > (4ULL << 30))
		return simhost_err(h, "invalid size '%s'", argv[2]);
	for (i = 3; i < argc; i++) {
		if (!(v = scn_kv(argv[i], "cached")))
			return simhost_err(h, "unknown file option '%s'",
					   argv[i]);
		if (!strcmp(v, "all"))
			cached = f->size;
		else if (!strcmp(v, "none"))
			cached = 0;
		else if (scn_parse_size(v, &cached))
			return simhost_err(h, "invalid cached '%s'", v);
	}
	if (simhost_tmpdir(h))
		return -1;
	snprintf(f->name, sizeof(f->name), "%s", argv[1]);
	snprintf(f->path, sizeof(f->path), "%s/%s", h->tmpdir, argv[1]);
	h->nfile++;
	if (simhost_file_fill(h, f))
		return -1;
	if (cached > f->size)
		cached = f->size;
	if (!cached)
		return 0;
	return simhost_file_cache(h, f, cached);
}

/* memcg G limit=SIZE: /sys/fs/cgroup/memory/memdrill-PID-G */
static int simhost_cmd_memcg(struct simhost *h, int argc, char **argv)
{
	char path[SIMHOST_PATH_MAX + 32], num[32];
	struct simhost_cg *g;
	uint64_t limit = 0;
	const char *v;

	if (argc != 3 || !(v = scn_kv(argv[2], "limit")) ||
	    scn_parse_size(v, &limit) || !limit)
		return simhost_err(h, "memcg needs a name and limit=SIZE");
	if (simhost_cg_find(h, argv[1]) || h->ncg == SIMHOST_MAX_CG ||
	    strlen(argv[1]) >= SIMHOST_NAME_MAX || strchr(argv[1], '/'))
		return simhost_err(h, "invalid memcg name '%s'", argv[1]);
	g = &h->cg[h->ncg];
	snprintf(g->name, sizeof(g->name), "%s", argv[1]);
	snprintf(g->path, sizeof(g->path), "%s/memdrill-%d-%s", h->cgroot,
		 (int)getpid(), argv[1]);
	if (mkdir(g->path, 0755))
		return simhost_err(h, "cannot create memcg '%s': %s", g->path,
				   strerror(errno));
	h->ncg++;
	snprintf(num, sizeof(num), "%llu", (unsigned long long)limit);
	snprintf(path, sizeof(path), "%s/memory.limit_in_bytes", g->path);
	if (simhost_write(path, num))
		return simhost_err(h, "cannot set '%s': %s", path,
				   strerror(errno));
	snprintf(path, sizeof(path), "%s/memory.memsw.limit_in_bytes",
		 g->path);
	if (!access(path, F_OK) && simhost_write(path, num))
		return simhost_err(h, "cannot set '%s': %s", path,
				   strerror(errno));
	return 0;
}

/* ---- cleanup ---- */

/* Kill and reap every child, remove memcgs and files.  Signal-safe. */
static void simhost_cleanup(struct simhost *h)
{
	int i, tries, st;
	char path[SIMHOST_PATH_MAX + 32];

	if (h->spawner.live) {
		kill(h->spawner.pid, SIGKILL);
		waitpid(h->spawner.pid, &st, 0);
		close(h->spawner.sock);
		h->spawner.live = 0;
		h->spawner.sock = -1;
	}
	for (i = 0; i < h->nproc; i++)
		if (h->proc[i].live && h->proc[i].pid > 0)
			kill(h->proc[i].pid, SIGKILL);
	for (i = 0; i < h->nproc; i++) {
		if (h->proc[i].live && h->proc[i].pid > 0)
			waitpid(h->proc[i].pid, &st, 0);
		h->proc[i].live = 0;
		if (h->proc[i].sock >= 0)
			close(h->proc[i].sock);
		h->proc[i].sock = -1;
	}
	for (i = 0; i < h->ncg; i++) {
		/* a memcg whose last task just died may be busy a moment */
		for (tries = 0; tries < 100 && rmdir(h->cg[i].path) &&
		     errno == EBUSY; tries++)
			usleep(10000);
	}
	h->ncg = 0;
	for (i = 0; i < h->nfile; i++)
		unlink(h->files[i].path);
	h->nfile = 0;
	if (h->tmpdir[0]) {
		snprintf(path, sizeof(path), "%s", h->tmpdir);
		rmdir(path);
		h->tmpdir[0] = '\0';
	}
}

/* SIGINT/SIGTERM during a run: leave nothing behind, then die. */
static void simhost_on_signal(int sig)
{
	if (simhost_active)
		simhost_cleanup(simhost_active);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* ---- values ---- */

/* Sums of the smaps fields over the VMAs inside p's mappings. */
struct simhost_smaps {
	long rss, anon, thp, vmas;	/* pages, huge pages, VMAs */
};

static int simhost_in_maps(struct simhost_proc *p, uint64_t a, uint64_t b)
{
	int i;

	for (i = 0; i < p->nmap; i++)
		if (a < p->map[i].addr + p->map[i].len && b > p->map[i].addr)
			return 1;
	return 0;
}

static void simhost_smaps(struct simhost_proc *p, struct simhost_smaps *sm)
{
	struct sbuf text = SBUF_INIT;
	char path[64], *line, *nl;
	int in = 0;

	memset(sm, 0, sizeof(*sm));
	if (!p->live)
		return;
	snprintf(path, sizeof(path), "/proc/%d/smaps", (int)p->pid);
	if (sbuf_read_file(&text, path) < 0) {
		sbuf_release(&text);
		return;
	}
	for (line = text.buf; *line; line = nl + 1) {
		unsigned long long a, b;
		long kb;

		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		if (sscanf(line, "%llx-%llx ", &a, &b) == 2 &&
		    strchr(line, '-') < strchr(line, ' ')) {
			in = simhost_in_maps(p, a, b);
			sm->vmas += in;
		} else if (in && sscanf(line, "Rss: %ld kB", &kb) == 1) {
			sm->rss += kb / 4;
		} else if (in && sscanf(line, "Anonymous: %ld kB", &kb) == 1) {
			sm->anon += kb / 4;
		} else if (in && sscanf(line, "AnonHugePages: %ld kB",
					&kb) == 1) {
			sm->thp += kb / 2048;
		}
	}
	sbuf_release(&text);
}

static void simhost_setnum(struct scn_val *v, long long n)
{
	v->is_str = 0;
	v->num = n;
	snprintf(v->str, sizeof(v->str), "%lld", n);
}

/* A number from a memcg file ("oom_kill N" lines for key). */
static int simhost_cg_value(struct simhost_cg *g, const char *file,
			    const char *key, struct scn_val *v)
{
	char path[SIMHOST_PATH_MAX + 48], buf[1024], *p;

	snprintf(path, sizeof(path), "%s/%s", g->path, file);
	if (simhost_read(path, buf, sizeof(buf)))
		return -1;
	p = buf;
	if (key) {
		p = strstr(buf, key);
		if (!p)
			return -1;
		p += strlen(key);
	}
	simhost_setnum(v, strtoll(p, NULL, 10));
	return 0;
}

/* Process values the kernel does not keep, and why. */
static const struct {
	const char *field, *why;
} simhost_unreal[] = {
	{ "copies", "the kernel does not count COW copies or reuses per "
		    "process" },
	{ "reuses", "the kernel does not count COW copies or reuses per "
		    "process" },
	{ "zero_maps", "zero-page mappings are not counted per process" },
	{ "pgtables", "VmPTE counts the page tables of the whole process, "
		      "not of the scenario's mappings" },
	{ "badness", "oom_badness() is not exported (oom_score is)" },
};

/* /proc/PID/oom_score of a live process, else 0. */
static long simhost_oom_score(struct simhost_proc *p)
{
	char path[64], buf[64];

	snprintf(path, sizeof(path), "/proc/%d/oom_score", (int)p->pid);
	if (!p->live || simhost_read(path, buf, sizeof(buf)))
		return 0;
	return strtol(buf, NULL, 10);
}

/* Process values: 0 with v, or 1 when it has no real equivalent (why). */
static int simhost_proc_value(struct simhost_proc *p, const char *f,
			      struct scn_val *v, const char **why)
{
	static char text[200];
	struct simhost_smaps sm;
	size_t i;

	simhost_proc_counters(p);
	simhost_smaps(p, &sm);
	if (!strcmp(f, "minflt"))
		simhost_setnum(v, p->min);
	else if (!strcmp(f, "majflt"))
		simhost_setnum(v, p->maj);
	else if (!strcmp(f, "segv"))
		simhost_setnum(v, p->segv);
	else if (!strcmp(f, "live"))
		simhost_setnum(v, p->live);
	else if (!strcmp(f, "oom_score"))
		simhost_setnum(v, simhost_oom_score(p));
	else if (!strcmp(f, "rss"))
		simhost_setnum(v, sm.rss);
	else if (!strcmp(f, "rss_anon"))
		simhost_setnum(v, sm.anon);
	else if (!strcmp(f, "rss_file"))
		simhost_setnum(v, sm.rss - sm.anon);
	else if (!strcmp(f, "thp"))
		simhost_setnum(v, sm.thp);
	else if (!strcmp(f, "vmas"))
		simhost_setnum(v, sm.vmas);
	else
		goto unreal;
	return 0;
unreal:
	*why = "no real equivalent";
	for (i = 0; i < sizeof(simhost_unreal) / sizeof(simhost_unreal[0]);
	     i++) {
		if (strcmp(f, simhost_unreal[i].field))
			continue;
		snprintf(text, sizeof(text), "no real equivalent: %s",
			 simhost_unreal[i].why);
		*why = text;
	}
	return 1;
}

/*
 * A value on the host: 0 with v; 1 when it has no real equivalent (why
 * says so); -1 for a name that is nobody's (h->err).
 */
static int simhost_value(struct simhost *h, const char *name,
			 struct scn_val *v, const char **why)
{
	const char *dot = strchr(name, '.');
	char obj[SIMHOST_NAME_MAX];
	struct simhost_proc *p;
	struct simhost_file *f;
	struct simhost_cg *g;
	size_t n;

	memset(v, 0, sizeof(*v));
	if (!strcmp(name, "dmesg")) {
		if (h->kmsg < 0) {
			*why = "cannot read /dev/kmsg";
			return 1;
		}
		v->is_str = 1;
		return 0;
	}
	if (!strcmp(name, "oom.victim")) {
		v->is_str = 1;
		snprintf(v->str, sizeof(v->str), "%s", h->victim < 0 ?
			 "none" : h->proc[h->victim].name);
		return 0;
	}
	n = dot ? (size_t)(dot - name) : 0;
	if (dot && n < sizeof(obj)) {
		memcpy(obj, name, n);
		obj[n] = '\0';
		if ((p = simhost_proc_find(h, obj)))
			return simhost_proc_value(p, dot + 1, v, why);
		if ((g = simhost_cg_find(h, obj))) {
			const char *f = dot + 1;
			int r = -1;

			if (!strcmp(f, "usage"))
				r = simhost_cg_value(g, "memory.usage_in_bytes",
						     NULL, v);
			else if (!strcmp(f, "limit"))
				r = simhost_cg_value(g, "memory.limit_in_bytes",
						     NULL, v);
			else if (!strcmp(f, "failcnt"))
				r = simhost_cg_value(g, "memory.failcnt",
						     NULL, v);
			else if (!strcmp(f, "oom_kill"))
				r = simhost_cg_value(g, "memory.oom_control",
						     "oom_kill ", v);
			if (r)
				*why = "no real equivalent in the memcg files";
			return r ? 1 : 0;
		}
		if ((f = simhost_file_find(h, obj)) &&
		    !strcmp(dot + 1, "cached")) {
			simhost_setnum(v, simhost_cached(f->path, f->size));
			return 0;
		}
	}
	if (!strncmp(name, "vmstat.", 7) || !strncmp(name, "lru.", 4))
		*why = "no real equivalent: a system-wide counter that every "
		       "other process on the host changes too";
	else if (strchr(name, '.') || strchr(name, '['))
		*why = "no real equivalent: state of the simulated machine's "
		       "allocators";
	else
		*why = "no real equivalent";
	return 1;
}

/* ---- expect ---- */

/* Does re (/regex/) match text?  1, 0, or -1 on a bad pattern. */
static int simhost_match(const char *text, const char *re)
{
	size_t n = strlen(re);
	char pat[512];
	regex_t rx;
	int ok;

	if (n < 2 || re[0] != '/' || re[n - 1] != '/' || n - 2 >= sizeof(pat))
		return -1;
	memcpy(pat, re + 1, n - 2);
	pat[n - 2] = '\0';
	if (scn_regex_sane(pat) ||
	    regcomp(&rx, pat, REG_EXTENDED | REG_NOSUB | REG_NEWLINE))
		return -1;
	ok = regexec(&rx, text, 0, NULL, 0) == 0;
	regfree(&rx);
	return ok;
}

/* Compare two values with op; 1 true, 0 false, -1 cannot order. */
static int simhost_cmp(const struct scn_val *l, const char *op,
		       const struct scn_val *r)
{
	long long a = l->num, b = r->num;

	if (l->is_str || r->is_str) {
		int c = strcmp(l->str, r->str);

		if (!strcmp(op, "=="))
			return c == 0;
		if (!strcmp(op, "!="))
			return c != 0;
		return -1;
	}
	if (!strcmp(op, "=="))
		return a == b;
	if (!strcmp(op, "!="))
		return a != b;
	if (!strcmp(op, "<"))
		return a < b;
	if (!strcmp(op, "<="))
		return a <= b;
	if (!strcmp(op, ">"))
		return a > b;
	if (!strcmp(op, ">="))
		return a >= b;
	return -1;
}

/* The right side: number, size, value name or word. */
static int simhost_rhs(struct simhost *h, const char *tok, struct scn_val *v,
		       const char **why)
{
	long long n;
	uint64_t b;

	memset(v, 0, sizeof(*v));
	if (!scn_parse_num(tok, &n) ||
	    (tok[0] == '-' && !scn_parse_num(tok + 1, &n) && (n = -n, 1))) {
		simhost_setnum(v, n);
		return 0;
	}
	if (!scn_parse_size(tok, &b)) {
		simhost_setnum(v, (long long)b);
		return 0;
	}
	if (strchr(tok, '.') || strchr(tok, '['))
		return simhost_value(h, tok, v, why);
	v->is_str = 1;
	snprintf(v->str, sizeof(v->str), "%s", tok);
	return 0;
}

/*
 * check: the simulator and the host disagree on this line: a difference,
 * or a known host difference when h->known says why (then not counted
 * as one).  The text is "WHAT: simulator X, host Y".
 */
static void simhost_differs(struct simhost *h, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void simhost_differs(struct simhost *h, const char *fmt, ...)
{
	va_list ap;

	printf("%s:%d: %s: ", h->file, h->line, h->known[0] ?
	       "known host difference" : "differs");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (h->known[0]) {
		printf(" (since line %d: %s)", h->known_line, h->known);
		h->nknown++;
	} else {
		h->diffs++;
	}
	putchar('\n');
}

/*
 * A bound (expect with != < <= > >=): the verdicts are compared, not the
 * values, which may differ where the kernel's timing does (per-CPU charge
 * stocks, asynchronous reclaim).  hr is the host's right side; a value
 * name on the right is read from the simulator again.
 */
static void simhost_compare_bound(struct simhost *h, char **argv,
				  const struct scn_val *sv,
				  const struct scn_val *hv,
				  const struct scn_val *hr, int host_ok)
{
	struct scn_val sr = *hr;
	int sok;

	if ((strchr(argv[3], '.') || strchr(argv[3], '[')) &&
	    scn_get(h->sim, argv[3], &sr)) {
		simhost_differs(h, "%s: simulator: %s, host: %s", argv[3],
				h->sim->err, hr->str);
		return;
	}
	sok = simhost_cmp(sv, argv[2], &sr) == 1;
	if (sok != host_ok) {
		simhost_differs(h, "%s %s %s: simulator %s (%s), host %s "
				"(%s)", argv[1], argv[2], argv[3], sv->str,
				sok ? "true" : "false", hv->str,
				host_ok ? "true" : "false");
	} else if (h->verbose) {
		printf("%s:%d: agrees: %s %s %s: simulator %s, host %s, both "
		       "%s\n", h->file, h->line, argv[1], argv[2], argv[3],
		       sv->str, hv->str, sok ? "true" : "false");
	}
}

/* check: compare the simulator's value of argv[1] with the host's (hr:
 * the host's right side, NULL for ~). */
static void simhost_compare(struct simhost *h, char **argv,
			    const struct scn_val *hv,
			    const struct scn_val *hr, int host_ok)
{
	struct scn_val sv;
	int same;

	if (!h->check || !h->sim || h->sim_dead)
		return;
	if (scn_get(h->sim, argv[1], &sv)) {
		simhost_differs(h, "%s: simulator: %s, host: %s", argv[1],
				h->sim->err, hv->str);
		return;
	}
	h->compared++;
	if (!strcmp(argv[2], "~")) {
		int sok = simhost_match(h->sim->m.dmesg ? h->sim->m.dmesg : "",
					argv[3]) == 1;

		if (sok != host_ok) {
			simhost_differs(h, "%s ~ %s: simulator %s, host %s",
					argv[1], argv[3], sok ? "matches" :
					"does not match", host_ok ? "matches" :
					"does not match");
		} else if (h->verbose) {
			printf("%s:%d: agrees: %s ~ %s: both %s\n", h->file,
			       h->line, argv[1], argv[3], sok ? "match" :
			       "do not match");
		}
		return;
	}
	if (hr && strcmp(argv[2], "==")) {
		simhost_compare_bound(h, argv, &sv, hv, hr, host_ok);
		return;
	}
	same = sv.is_str == hv->is_str &&
	       (sv.is_str ? !strcmp(sv.str, hv->str) : sv.num == hv->num);
	if (!same) {
		simhost_differs(h, "%s: simulator %s, host %s", argv[1],
				sv.str, hv->str);
	} else if (h->verbose) {
		printf("%s:%d: agrees: %s: simulator %s, host %s\n", h->file,
		       h->line, argv[1], sv.str, hv->str);
	}
}

/* expect VALUE OP VALUE on the real values. */
static int simhost_cmd_expect(struct simhost *h, int argc, char **argv)
{
	const char *why = NULL;
	char what[400];
	struct scn_val l, r;
	int rc, ok, tilde;

	if (argc != 4)
		return simhost_err(h, "expect needs VALUE OP VALUE");
	tilde = !strcmp(argv[2], "~");
	snprintf(what, sizeof(what), "%s %s %s", argv[1], argv[2], argv[3]);
	simhost_reap(h);
	rc = simhost_value(h, argv[1], &l, &why);
	if (rc < 0)
		return -1;
	if (rc == 0 && h->taint_line) {
		char buf[96];

		snprintf(buf, sizeof(buf), "state after skipped line %d "
			 "('%s')", h->taint_line, h->taint);
		simhost_skip(h, what, buf);
		return 0;
	}
	if (rc > 0) {
		simhost_skip(h, what, why);
		return 0;
	}
	if (!strcmp(argv[2], "~")) {
		ok = simhost_match(h->dmesg.buf, argv[3]);
		if (ok < 0 || strcmp(argv[1], "dmesg"))
			return simhost_err(h, "invalid pattern '%s' (write "
					   "/regex/ after dmesg ~)", argv[3]);
	} else {
		rc = simhost_rhs(h, argv[3], &r, &why);
		if (rc < 0)
			return -1;
		if (rc > 0) {
			simhost_skip(h, what, why);
			return 0;
		}
		ok = simhost_cmp(&l, argv[2], &r);
		if (ok < 0)
			return simhost_err(h, "unknown operator '%s' or "
					   "cannot order '%s' and '%s'",
					   argv[2], l.str, r.str);
	}
	if (ok) {
		h->passed++;
		simhost_say(h, "ok: %s", what);
	} else if (!h->check && h->known[0] && !h->sim_dead &&
		   !h->sim_failed) {
		/* the simulator's 6.1 holds; this host differs, known why */
		h->nknown++;
		simhost_say(h, "known host difference: %s (is %s): %s", what,
			    tilde ? "not matched" : l.str, h->known);
	} else {
		h->failed++;
		if (!strcmp(argv[2], "~"))
			simhost_say(h, "FAILED: %s", what);
		else
			simhost_say(h, "FAILED: %s (is %s)", what, l.str);
	}
	simhost_compare(h, argv, &l, tilde ? NULL : &r, ok);
	return 0;
}

/* ---- show ---- */

/* show maps A: the real /proc/PID/maps lines of A's mappings. */
static void simhost_show_maps(struct simhost *h, struct simhost_proc *p)
{
	struct sbuf text = SBUF_INIT;
	char path[64], *line, *nl;

	snprintf(path, sizeof(path), "/proc/%d/maps", (int)p->pid);
	if (!p->live || sbuf_read_file(&text, path) < 0) {
		sbuf_release(&text);
		return;
	}
	for (line = text.buf; *line; line = nl + 1) {
		unsigned long long a, b;
		int i;

		nl = strchr(line, '\n');
		if (!nl)
			break;
		*nl = '\0';
		if (sscanf(line, "%llx-%llx", &a, &b) != 2)
			continue;
		for (i = 0; i < p->nmap; i++)
			if (a < p->map[i].addr + p->map[i].len &&
			    b > p->map[i].addr && !h->check)
				printf("%s [%s]\n", line, p->map[i].name);
	}
	sbuf_release(&text);
}

static int simhost_cmd_show(struct simhost *h, int argc, char **argv,
			    const char *text)
{
	struct simhost_proc *p;

	if (argc == 3 && !strcmp(argv[1], "maps")) {
		p = simhost_proc_find(h, argv[2]);
		if (!p)
			return simhost_err(h, "unknown process '%s'", argv[2]);
		simhost_show_maps(h, p);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "dmesg")) {
		simhost_reap(h);
		if (!h->check)
			fputs(h->dmesg.buf, stdout);
		return 0;
	}
	simhost_skip(h, text, "no real equivalent: the simulated machine's "
		     "view");
	return 0;
}

/* ---- lines ---- */

/* Is name a command of the simulator's tables (subject: "A verb")? */
static int simhost_sim_knows(const char *name, int subject)
{
	const struct scn_cmd *t;

	for (t = scn_core_cmds; t->name; t++)
		if (t->subject == subject && !strcmp(t->name, name))
			return 1;
	for (t = scn_proc_cmds; t->name; t++)
		if (t->subject == subject && !strcmp(t->name, name))
			return 1;
	return 0;
}

/* A line with no real equivalent that changes the simulated state. */
static int simhost_skip_line(struct simhost *h, const char *text,
			     const char *verb, const char *why)
{
	simhost_skip(h, text, why);
	if (!h->taint_line) {
		h->taint_line = h->line;
		snprintf(h->taint, sizeof(h->taint), "%s", verb);
		snprintf(h->taint_why, sizeof(h->taint_why), "%s", why);
	}
	return 0;
}

static int simhost_line(struct simhost *h, char *line);

/* repeat N [from=S] [by=K] LINE...: as the simulator expands it. */
static int simhost_cmd_repeat(struct simhost *h, int argc, char **argv)
{
	long long n, from = 0, by = 1, i;
	char line[1024];
	int first = 2, j;
	const char *v;

	if (argc < 3 || scn_parse_num(argv[1], &n) || n < 0 || n > 100000)
		return simhost_err(h, "repeat needs a count and a line");
	for (; first < argc; first++) {
		if ((v = scn_kv(argv[first], "from")))
			scn_parse_num(v, &from);
		else if ((v = scn_kv(argv[first], "by")))
			scn_parse_num(v, &by);
		else
			break;
	}
	if (first == argc || !strcmp(argv[first], "repeat"))
		return simhost_err(h, "repeat needs a line to repeat");
	for (i = 0; i < n; i++) {
		size_t len = 0;

		for (j = first; j < argc; j++) {
			const char *p;

			if (len && len < sizeof(line) - 1)
				line[len++] = ' ';
			for (p = argv[j]; *p && len < sizeof(line) - 24; p++)
				if (*p == '#')
					len += (size_t)snprintf(line + len,
						sizeof(line) - len, "%lld",
						from + i * by);
				else
					line[len++] = *p;
		}
		line[len] = '\0';
		if (simhost_line(h, line))
			return -1;
	}
	return 0;
}

/* Run one line on the host.  0, or -1 with h->err. */
static int simhost_line(struct simhost *h, char *line)
{
	char *argv[SCN_MAX_TOKENS + 1], text[512];
	int argc;

	snprintf(text, sizeof(text), "%s", line + strspn(line, " \t"));
	text[strcspn(text, "\r\n")] = '\0';
	argc = scn_tokenize(&h->tok, line, argv);
	if (argc < 0)
		return simhost_err(h, "%s", h->tok.err);
	if (argc == 0)
		return 0;
	argv[argc] = NULL;
	if (!strcmp(argv[0], "machine") || !strcmp(argv[0], "ask"))
		return 0;	/* machine: simhost_scan(); ask: nobody asks */
	if (!strcmp(argv[0], "proc"))
		return simhost_cmd_proc(h, argc, argv);
	if (!strcmp(argv[0], "file"))
		return simhost_cmd_file(h, argc, argv);
	if (!strcmp(argv[0], "memcg"))
		return simhost_cmd_memcg(h, argc, argv);
	if (!strcmp(argv[0], "expect"))
		return simhost_cmd_expect(h, argc, argv);
	if (!strcmp(argv[0], "show"))
		return simhost_cmd_show(h, argc, argv, text);
	if (!strcmp(argv[0], "repeat"))
		return simhost_cmd_repeat(h, argc, argv);
	if (!strcmp(argv[0], "oom"))
		return simhost_skip_line(h, text, "oom", "a global OOM is "
					 "never run on the host");
	if (argc > 1 && (!strcmp(argv[1], "mmap") ||
			 !strcmp(argv[1], "touch") ||
			 !strcmp(argv[1], "read") ||
			 !strcmp(argv[1], "fork") ||
			 !strcmp(argv[1], "exit") ||
			 !strcmp(argv[1], "mprotect") ||
			 !strcmp(argv[1], "munmap") ||
			 !strcmp(argv[1], "madvise")))
		return simhost_subject(h, argc, argv);
	if (simhost_sim_knows(argv[0], 0) ||
	    (argc > 1 && simhost_sim_knows(argv[1], 1)))
		return simhost_skip_line(h, text, argv[0], "no real "
					 "equivalent: runs on the simulated "
					 "machine only");
	if (argc > 1 && simhost_proc_find(h, argv[0]))
		return simhost_err(h, "unknown process command '%s' (after "
				   "'%s')", argv[1], argv[0]);
	return simhost_err(h, "unknown command '%s'", argv[0]);
}

/* ---- set-up: what the scenario needs, and whether the host has it ---- */

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
 * Could this value have a real equivalent (by its field)?  The scan's
 * rough test; simhost_value() decides at run time.
 */
static int simhost_real_name(const char *name)
{
	static const char *const fields[] = {
		"minflt", "majflt", "rss", "rss_anon", "rss_file", "segv",
		"live", "oom_score", "thp", "vmas", "usage", "limit",
		"failcnt", "oom_kill", "cached",
	};
	const char *dot = strrchr(name, '.');
	size_t i;

	if (!strcmp(name, "dmesg") || !strcmp(name, "oom.victim"))
		return 1;
	if (!dot || !strncmp(name, "vmstat.", 7) || !strncmp(name, "lru.", 4))
		return 0;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (!strcmp(dot + 1, fields[i]))
			return 1;
	return 0;
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

/* The machine line's thp=, readahead_kb= and fault_lock= (kept when
 * absent; fault_lock -2 for a bad word). */
static void simhost_scan_machine(int argc, char **argv, char *thp,
				 size_t n, long long *ra, int *lock)
{
	const char *v;
	int i;

	for (i = 1; i < argc; i++) {
		if ((v = scn_kv(argv[i], "thp")))
			snprintf(thp, n, "%s", v);
		else if ((v = scn_kv(argv[i], "readahead_kb")))
			scn_parse_num(v, ra);
		else if ((v = scn_kv(argv[i], "fault_lock")))
			*lock = !strcmp(v, "vma") ? MM_FAULT_LOCK_VMA :
				!strcmp(v, "mmap") ? MM_FAULT_LOCK_MMAP : -2;
	}
}

/*
 * The host's readahead and fault lock against the machine line's: the
 * simulated machine takes the host's unless the line sets another (then
 * 1: the host cannot run the scenario, h->err says why).
 */
static int simhost_scan_host(struct simhost *h, long long ra, int lock,
			     int files)
{
	char rel[65];

	h->ra_kb = simhost_host_ra_kb(simhost_tmp_parent());
	h->fault_lock = simhost_host_fault_lock(rel, sizeof(rel));
	if (ra >= 0 && ra != h->ra_kb)
		return simhost_err(h, "machine readahead_kb=%lld, the host "
				   "has readahead_kb=%ld (%s)", ra, h->ra_kb,
				   simhost_tmp_parent()) + 2;
	if (lock != -1 && lock != h->fault_lock)
		return simhost_err(h, "machine fault_lock=%s, the host has "
				   "fault_lock=%s (kernel %s)",
				   lock == -2 ? "?" :
				   simhost_fault_lock_name(lock),
				   simhost_fault_lock_name(h->fault_lock),
				   rel) + 2;
	if (h->sim) {
		if (h->ra_kb >= 0)
			h->sim->readahead_kb = h->ra_kb;
		h->sim->fault_lock = h->fault_lock;
	}
	if (files && !h->check)
		printf("%s: host: readahead_kb=%ld (the device of %s), "
		       "fault_lock=%s (kernel %s)\n", h->file, h->ra_kb,
		       simhost_tmp_parent(),
		       simhost_fault_lock_name(h->fault_lock), rel);
	return 0;
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

/*
 * Read the scenario once: can the host run it?  0 yes; 1 no, h->err says
 * why; -1 a line that does not even tokenize (h->line, h->err).
 */
static int simhost_scan(struct simhost *h, const char *text)
{
	char buf[4096], *argv[SCN_MAX_TOKENS + 1], mode[32], thp[32] = "";
	const char *p = text;
	int argc, procs = 0, memcg = 0, reals = 0, files = 0;
	long long ra = -1;
	int lock = -1;

	h->line = 0;
	h->thp_off = 1;
	while (*p) {
		size_t n = strcspn(p, "\n");

		h->line++;
		snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
		p += n + (p[n] != '\0');
		argc = scn_tokenize(&h->tok, buf, argv);
		if (argc < 0)
			return simhost_err(h, "%s", h->tok.err);
		if (argc == 0)
			continue;
		if (!strcmp(argv[0], "proc"))
			procs++;
		else if (!strcmp(argv[0], "memcg"))
			memcg++;
		else if (!strcmp(argv[0], "file"))
			files++;
		else if (!strcmp(argv[0], "expect") && argc == 4 &&
			 simhost_real_name(argv[1]))
			reals++;
		else if (!strcmp(argv[0], "machine"))
			simhost_scan_machine(argc, argv, thp, sizeof(thp),
					     &ra, &lock);
	}
	h->line = 0;
	if (!procs)
		return simhost_err(h, "no process lines") + 2;
	if (!reals)
		return simhost_err(h, "no expect line with a real "
				   "equivalent") + 2;
	simhost_host_thp(mode, sizeof(mode));
	if (thp[0] && strcmp(thp, "never")) {
		if (strcmp(thp, mode))
			return simhost_err(h, "machine thp=%s, the host has "
					   "thp=%s", thp, mode) + 2;
		h->thp_off = 0;
	}
	if (simhost_scan_host(h, ra, lock, files))
		return 1;
	simhost_probe_zero(h);
	if (memcg) {
		char path[SIMHOST_PATH_MAX + 32];

		if (geteuid())
			return simhost_err(h, "memcg lines need root") + 2;
		snprintf(path, sizeof(path), "%s/memory.limit_in_bytes",
			 h->cgroot);
		if (access(path, F_OK))
			return simhost_err(h, "no cgroup v1 memory controller "
					   "at '%s'", h->cgroot) + 2;
	}
	return 0;
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
			 h->proc[h->victim].name, v.str);
	if (h->known[0])
		h->known_line = h->line;
}

static void simhost_init(struct simhost *h, const char *path)
{
	const char *root = getenv("MEMDRILL_CGROUP_ROOT");

	memset(h, 0, sizeof(*h));
	h->file = path;
	h->victim = -1;
	h->first_kill = -1;
	h->zero = h->huge_zero = -1;
	h->kmsg = -1;
	h->cgroot = root && *root ? root : SIMHOST_CGROOT;
	scn_init(&h->tok, path);
	sbuf_init(&h->dmesg);
}

/* The per-process fault counts both ways (--trace): baseline vs commands. */
static void simhost_trace(struct simhost *h)
{
	int i;

	for (i = 0; i < h->nproc; i++) {
		struct simhost_proc *p = &h->proc[i];

		simhost_proc_counters(p);
		printf("host: %s pid %d: minflt %ld (inside commands %ld), "
		       "majflt %ld (inside commands %ld)\n", p->name,
		       (int)p->pid, p->min, p->cmd_min, p->maj, p->cmd_maj);
	}
}

/*
 * Run the lines of text on the host (and, in check mode, the simulator).
 * 0, or -1 at a bad line (h->line, h->err).
 */
static int simhost_exec(struct simhost *h, const char *text)
{
	struct sigaction sa, old[3];
	static const int sigs[3] = { SIGINT, SIGTERM, SIGHUP };
	char buf[4096], sbuf[4096];
	const char *p = text;
	int rc = 0, i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = simhost_on_signal;
	simhost_active = h;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	h->kmsg = kmsg_open();	/* from the log's current end */
	h->line = 0;
	while (*p && !rc) {
		size_t n = strcspn(p, "\n");

		h->line++;
		snprintf(buf, sizeof(buf), "%.*s", (int)n, p);
		p += n + (p[n] != '\0');
		if (h->sim && !h->sim_dead) {
			memcpy(sbuf, buf, sizeof(sbuf));
			int f0 = h->sim->failed;

			h->sim->line = h->line;
			h->sim_failed = 0;
			if (scn_line(h->sim, sbuf)) {
				h->sim_dead = h->line;
				snprintf(h->sim_why, sizeof(h->sim_why),
					 "the simulator stops at line %d: %s",
					 h->line, h->sim->err);
			}
			h->sim_failed = h->sim->failed > f0;
		}
		rc = simhost_line(h, buf);
		if (!rc) {
			simhost_reap(h);
			simhost_note_known(h);
		}
	}
	if (h->trace)
		simhost_trace(h);
	simhost_cleanup(h);
	if (h->kmsg >= 0)
		close(h->kmsg);
	h->kmsg = -1;
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
	simhost_active = NULL;
	return rc;
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

int simhost_run(const char *path, int trace)
{
	struct sbuf text = SBUF_INIT;
	struct simhost h;
	struct scn sim;
	int rc = EXIT_OK, r;

	simhost_init(&h, path);
	scn_init(&sim, path);
	h.trace = trace;
	h.sim = &sim;	/* its 6.1 tells a known host difference */
	if (simhost_load(&h, path, &text)) {
		msg_error("%s", h.err);
		rc = EXIT_USAGE;
		goto out;
	}
	r = simhost_scan(&h, text.buf);
	if (r) {
		if (r < 0) {
			msg_at(path, h.line, "error", "%s", h.err);
			rc = EXIT_USAGE;
		} else {
			printf("%s: skipped: not run on the host: %s\n", path,
			       h.err);
		}
		goto out;
	}
	if (simhost_exec(&h, text.buf)) {
		msg_at(path, h.line, "error", "%s", h.err);
		rc = EXIT_USAGE;
	} else if (h.failed) {
		rc = EXIT_FINDING;
	}
	printf("%d ok, %d failed, %d skipped, %d known\n", h.passed, h.failed,
	       h.skipped, h.nknown);
out:
	scn_free(&sim);
	scn_free(&h.tok);
	sbuf_release(&h.dmesg);
	sbuf_release(&text);
	return rc;
}

long simhost_readahead_kb(const char **dir, const char **lock,
			  char *release, size_t n)
{
	*dir = simhost_tmp_parent();
	*lock = simhost_fault_lock_name(simhost_host_fault_lock(release, n));
	return simhost_host_ra_kb(*dir);
}

enum simhost_verdict simhost_check_file(const char *path, int verbose,
					char *why, size_t whylen, int *known)
{
	enum simhost_verdict v = SIMHOST_PASS;
	struct sbuf text = SBUF_INIT;
	struct simhost h;
	struct scn sim;
	int r;

	simhost_init(&h, path);
	scn_init(&sim, path);
	h.check = 1;
	h.verbose = verbose;
	h.sim = &sim;
	if (simhost_load(&h, path, &text)) {
		msg_error("%s", h.err);
		v = SIMHOST_FAIL;
		goto out;
	}
	r = simhost_scan(&h, text.buf);
	if (r) {
		if (r < 0)
			msg_at(path, h.line, "error", "%s", h.err);
		else
			snprintf(why, whylen, "%s", h.err);
		v = r < 0 ? SIMHOST_FAIL : SIMHOST_SKIP;
		goto out;
	}
	if (simhost_exec(&h, text.buf)) {
		msg_at(path, h.line, "error", "host: %s", h.err);
		v = SIMHOST_FAIL;
	} else if (h.diffs) {
		v = SIMHOST_FAIL;
	} else if (!h.compared && h.sim_dead) {
		snprintf(why, whylen, "no value compared: %s", h.sim_why);
		v = SIMHOST_SKIP;
	} else if (!h.compared && h.taint_line) {
		snprintf(why, whylen, "no value compared: the real values "
			 "follow skipped line %d ('%s': %s)", h.taint_line,
			 h.taint, h.taint_why);
		v = SIMHOST_SKIP;
	} else if (!h.compared) {
		snprintf(why, whylen, "no value compared");
		v = SIMHOST_SKIP;
	}
out:
	*known = h.nknown;
	scn_free(&sim);
	scn_free(&h.tok);
	sbuf_release(&h.dmesg);
	sbuf_release(&text);
	return v;
}
