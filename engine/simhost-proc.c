// SPDX-License-Identifier: GPL-2.0
/*
 * simhost-proc.c - the real processes of host mode: a spawner that holds
 * nothing of memdrill's, the scenario processes cloned from it or from
 * each other, the commands sent to them (simhost-child.c carries them
 * out), their fault counters, and their deaths (waitpid, /dev/kmsg).
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/kmsg.h"
#include "engine/simhost-int.h"
#include "sim/vm.h"
#include "util/xalloc.h"

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
			/* the OOM killer's choice is the first victim of a
			 * line; a second one is the race simhost_note_known()
			 * tells about */
			if (h->victim_line != h->line)
				h->victim = k;
			h->victim_line = h->line;
			h->last_kill = k;
			h->kills++;
			if (h->first_kill < 0)
				h->first_kill = k;
		}
		simhost_dmesg_add(h, line.buf, line.len);
	}
	sbuf_release(&line);
}

/* ---- processes ---- */

struct simhost_proc *simhost_proc_find(struct simhost *h, const char *name)
{
	int i;

	for (i = 0; i < h->nproc; i++)
		if (!strcmp(h->proc[i].name, name))
			return &h->proc[i];
	return NULL;
}

/* Fault counters of p since its baseline (kept after it died). */
void simhost_proc_counters(struct simhost_proc *p)
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
		/* without the kernel's word (no /dev/kmsg) the first death
		 * of a line is its victim */
		if (h->victim_line != h->line) {
			h->victim = (int)(p - h->proc);
			h->victim_line = h->line;
		}
	}
}

/* After a line: collect dead children and the kernel's OOM lines. */
void simhost_reap(struct simhost *h)
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
	p->base_rss = simhost_status(p->pid, "VmRSS:");
	p->base_pte = simhost_status(p->pid, "VmPTE:");
	p->next = VM_MMAP_BASE;
	/* page frame numbers are 0 without CAP_SYS_ADMIN */
	p->cow_known = !geteuid();
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

/* Put a process into a memcg and set its oom_score_adj. */
static int simhost_proc_place(struct simhost *h, struct simhost_proc *p,
			      struct simhost_cg *g, long adj)
{
	char path[SIMHOST_PATH_MAX + 32], num[32];

	p->cg = g;
	p->adj = (int)adj;
	snprintf(num, sizeof(num), "%d", (int)p->pid);
	if (g) {
		snprintf(path, sizeof(path), "%s/cgroup.procs", g->path);
		if (simhost_write(path, num))
			return simhost_err(h, "cannot move '%s' into memcg "
					   "'%s': %s", p->name, g->name,
					   strerror(errno));
	}
	/* on the run's own machine memdrill itself is -1000 (the OOM
	 * killer's choice is among the scenario's processes), and so is
	 * what it spawns: 0 too is written there */
	if (adj || h->o->own) {
		snprintf(path, sizeof(path), "/proc/%d/oom_score_adj",
			 (int)p->pid);
		snprintf(num, sizeof(num), "%ld", adj);
		if (!simhost_write(path, num))
			return 0;
		if (adj < 0 && errno == EACCES) {
			p->adj = 0;
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
		/* the same address space layout every run: the scenario's
		 * mappings go where the simulator puts them, apart from the
		 * program's own (simhost_cmd_mmap()) */
		personality(ADDR_NO_RANDOMIZE);
		fcntl(sv[1], F_SETFD, 0);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	close(sv[1]);
	p->pid = pid;
	p->sock = sv[0];
	p->live = 1;
	if (h->runcg[0]) {
		char path[SIMHOST_PATH_MAX + 32], num[32];

		/* every scenario process is the spawner's clone */
		snprintf(path, sizeof(path), "%s/cgroup.procs", h->runcg);
		snprintf(num, sizeof(num), "%d", (int)pid);
		if (simhost_write(path, num))
			return simhost_err(h, "cannot move the spawner into "
					   "'%s': %s", h->runcg,
					   strerror(errno));
	}
	return simhost_proc_ready(h, p) ? simhost_err(h, "cannot start host "
						     "mode's process "
						     "spawner") : 0;
}

/* proc A [adj=N] [unkillable] [memcg=G]: a real child of the spawner. */
int simhost_cmd_proc(struct simhost *h, struct simhost_proc *unused,
		     int argc, char **argv)
{
	struct simhost_cg *g = NULL;
	struct simhost_proc *p;
	long long adj = 0;
	const char *v;
	int i;

	(void)unused;
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

/* ---- copy-on-write and the zero page, seen in the page tables ---- */

#define SIMHOST_PM_PRESENT	(1ULL << 63)
#define SIMHOST_PM_PFN		((1ULL << 55) - 1)
#define SIMHOST_KPF_THP		(1ULL << 22)
#define SIMHOST_KPF_ZERO_PAGE	(1ULL << 24)

/* A page as /proc/PID/pagemap and /proc/kpageflags show it. */
struct simhost_pm {
	uint64_t e, flags;
};

/*
 * The pagemap entries of @n pages of @pid from @addr, with the
 * kpageflags of each present page.  0, or -1 when the page frame
 * numbers cannot be read (they are 0 for a reader without
 * CAP_SYS_ADMIN).
 */
static int simhost_pagemap(pid_t pid, uint64_t addr, uint64_t n,
			   struct simhost_pm *pm)
{
	char path[64];
	uint64_t i, *e = xcalloc(n, sizeof(*e));
	int fd, kfd, rc = -1;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	kfd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || kfd < 0 ||
	    pread(fd, e, n * sizeof(*e), (off_t)(addr / SIMHOST_PAGE *
						 sizeof(*e))) !=
	    (ssize_t)(n * sizeof(*e)))
		goto out;
	for (i = 0; i < n; i++) {
		uint64_t pfn = e[i] & SIMHOST_PM_PFN;

		pm[i].e = e[i];
		pm[i].flags = 0;
		if (!(e[i] & SIMHOST_PM_PRESENT))
			continue;
		if (!pfn || pread(kfd, &pm[i].flags, sizeof(pm[i].flags),
				  (off_t)(pfn * sizeof(uint64_t))) !=
		    (ssize_t)sizeof(uint64_t))
			goto out;
	}
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (kfd >= 0)
		close(kfd);
	free(e);
	return rc;
}

/*
 * What a touch of @n pages did, from the page tables before (@b) and
 * after (@a) and the faults it took (the child's getrusage): a page that
 * was not there and is now the zero page was a zero-page map
 * (do_anonymous_page); a page written whose frame changed was copied
 * (wp_page_copy; a write to a private file page not there yet too:
 * do_cow_fault), unless it was the zero page (6.1 counts no copy then,
 * nor does the simulator); the faults left over, on pages that were there
 * and kept their frame, were reuses (wp_page_reuse).  A huge page in
 * the range makes the counts unknowable this way (one fault maps 512
 * pages): the values are then not compared for this process.
 */
static void simhost_cow_count(struct simhost_proc *p,
			      const struct simhost_map *m,
			      const struct simhost_pm *b,
			      const struct simhost_pm *a, uint64_t n,
			      int write, long faults)
{
	long zero = 0, copies = 0, pcopies = 0, faulted = 0;
	uint64_t i;

	for (i = 0; i < n; i++) {
		int bp = !!(b[i].e & SIMHOST_PM_PRESENT);
		int ap = !!(a[i].e & SIMHOST_PM_PRESENT);
		int bz = bp && (b[i].flags & SIMHOST_KPF_ZERO_PAGE);
		int az = ap && (a[i].flags & SIMHOST_KPF_ZERO_PAGE);

		if ((b[i].flags | a[i].flags) & SIMHOST_KPF_THP) {
			p->cow_known = 0;
			return;
		}
		if (!bp && az)
			zero++;
		if (!bp && ap && write && m->file && !m->shared)
			copies++;
		else if (bp && !bz && ap && write &&
			 (a[i].e & SIMHOST_PM_PFN) != (b[i].e & SIMHOST_PM_PFN))
			pcopies++;
		/* faults that are not reuses: a page brought in, the zero
		 * page written over, a copy */
		faulted += (!bp && ap) || (write && bz && ap && !az);
	}
	p->zero_maps += zero;
	p->copies += copies + pcopies;
	faulted += pcopies;
	/* (a write to a shared mapping's page is no reuse: wp_page_shared) */
	if (write && !m->shared && faults > faulted)
		p->reuses += faults - faulted;
}

/* ---- process lines ---- */

/* A live process by name; -1 with h->err as the simulator words it. */
struct simhost_proc *simhost_live(struct simhost *h, const char *name)
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

/* "buf", "buf[3]", "buf[0:16]" -> mapping, first page and page count,
 * read as the simulator reads them (scn_range_*()). */
static int simhost_range(struct simhost *h, struct simhost_proc *p,
			 const char *tok, struct simhost_map **m,
			 uint64_t *first, uint64_t *n)
{
	char name[SIMHOST_NAME_MAX];
	int i;

	if (scn_range_name(&h->tok, tok, name, sizeof(name)))
		return simhost_err(h, "%s", h->tok.err);
	*m = NULL;
	for (i = 0; i < p->nmap && !*m; i++)
		if (!strcmp(p->map[i].name, name))
			*m = &p->map[i];
	if (!*m)
		return simhost_err(h, "unknown mapping '%s' in '%s'", name,
				   p->name);
	if (scn_range_pages(&h->tok, tok, (*m)->len / SIMHOST_PAGE,
			    "mapping", first, n))
		return simhost_err(h, "%s", h->tok.err);
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
int simhost_cmd_mmap(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv)
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
	if (argc < 4)
		return simhost_err(h, "mmap needs a name and a size");
	if (scn_parse_size(argv[3], &c.len) || !c.len)
		return simhost_err(h, "invalid size '%s' (e.g. 64K, 2M)",
				   argv[3]);
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
	for (i = 0; i < p->nmap; i++)
		if (!strcmp(p->map[i].name, argv[2]))
			return simhost_err(h, "mapping '%s' exists in '%s'",
					   argv[2], p->name);
	if (p->nmap == SIMHOST_MAX_MAP || strlen(argv[2]) >= SIMHOST_NAME_MAX)
		return simhost_err(h, "too many mappings in '%s'", p->name);
	/* where the simulator puts it (vm_mmap_place()), so page tables,
	 * THP ranges and show maps addresses are the same on both sides */
	c.addr = vm_mmap_place(&p->next, c.len);
	rc = simhost_do(h, p, &c, &r);
	if (rc)
		return rc < 0 ? -1 : 0;
	m = &p->map[p->nmap++];
	snprintf(m->name, sizeof(m->name), "%s", argv[2]);
	m->addr = r.addr;
	m->len = c.len;
	m->file = c.path[0] != '\0';
	m->shared = !!(c.flags & MAP_SHARED);
	return 0;
}

/* A touch NAME[a:b] read|write */
int simhost_cmd_touch(struct simhost *h, struct simhost_proc *p, int argc,
		      char **argv)
{
	struct simhost_pm *before, *after;
	struct simhost_cmd c;
	struct simhost_rep r;
	struct simhost_map *m;
	uint64_t first, n;
	int rc;

	if (argc != 4)
		return simhost_err(h, "touch needs a range and read|write");
	if (strcmp(argv[3], "read") && strcmp(argv[3], "write"))
		return simhost_err(h, "unknown access '%s' (use read or "
				   "write)", argv[3]);
	if (simhost_range(h, p, argv[2], &m, &first, &n))
		return -1;
	memset(&c, 0, sizeof(c));
	c.op = SIMHOST_TOUCH;
	c.write = !strcmp(argv[3], "write");
	c.addr = m->addr + first * SIMHOST_PAGE;
	c.len = n * SIMHOST_PAGE;
	before = p->cow_known ? xcalloc(n, sizeof(*before)) : NULL;
	if (before && simhost_pagemap(p->pid, c.addr, n, before))
		p->cow_known = 0;
	rc = simhost_do(h, p, &c, &r);
	if (!rc && p->cow_known) {
		after = xcalloc(n, sizeof(*after));
		if (simhost_pagemap(p->pid, c.addr, n, after))
			p->cow_known = 0;
		else
			simhost_cow_count(p, m, before, after, n, c.write,
					  r.minflt);
		free(after);
	}
	free(before);
	if (rc < 0)
		return -1;
	if (r.segv) {
		p->segv++;
		p->segv_code = r.segv_code;
	}
	return 0;
}

/* A mprotect NAME[a:b] r|rw|none, A munmap NAME[a:b], A madvise ... */
int simhost_cmd_range(struct simhost *h, struct simhost_proc *p, int argc,
		      char **argv)
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
	/* pages keep their numbers after a partial munmap (a page in the
	 * hole is SIGSEGV); the whole mapping gone, so is its name */
	if (c.op == SIMHOST_MUNMAP && first == 0 &&
	    n == m->len / SIMHOST_PAGE)
		*m = p->map[--p->nmap];
	return 0;
}

/* A read F[a:b] (or "A read F [a:b]"): read(2) through the page cache. */
int simhost_cmd_read(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv)
{
	char tok[SIMHOST_NAME_MAX + 64], name[SIMHOST_NAME_MAX];
	struct simhost_file *f;
	struct simhost_cmd c;
	struct simhost_rep r;
	uint64_t first, n;

	if (argc != 3 && (argc != 4 || argv[3][0] != '['))
		return simhost_err(h, "read needs a file range");
	snprintf(tok, sizeof(tok), "%s%s", argv[2], argc == 4 ? argv[3] : "");
	if (scn_range_name(&h->tok, tok, name, sizeof(name)))
		return simhost_err(h, "%s", h->tok.err);
	f = simhost_file_find(h, name);
	if (!f)
		return simhost_err(h, "unknown file '%s'", name);
	if (scn_range_pages(&h->tok, tok, (f->size + SIMHOST_PAGE - 1) /
			    SIMHOST_PAGE, "file", &first, &n))
		return simhost_err(h, "%s", h->tok.err);
	memset(&c, 0, sizeof(c));
	c.op = SIMHOST_READ;
	c.off = first * SIMHOST_PAGE;
	c.len = n * SIMHOST_PAGE;
	snprintf(c.path, sizeof(c.path), "%s", f->path);
	return simhost_do(h, p, &c, &r) < 0 ? -1 : 0;
}

/* A fork B: a real fork of A's child, wired to a new socket. */
int simhost_cmd_fork(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv)
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
	q->next = p->next;
	q->cg = p->cg;		/* the child stays in the cgroup */
	q->adj = p->adj;	/* and inherits oom_score_adj */
	q->forked = 1;
	return 0;
}

/* A exit: counters read, then the child exits and is reaped. */
int simhost_cmd_exit(struct simhost *h, struct simhost_proc *p, int argc,
		     char **argv)
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
