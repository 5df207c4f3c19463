// SPDX-License-Identifier: GPL-2.0
/*
 * simhost-child.c - the process side of host mode: a real process that
 * maps, touches, protects, unmaps and forks as memdrill tells it over a
 * socket (protocol in simhost.h).
 *
 * The kernel's fault counters of this process are the oracle, so the
 * child must not fault for its own bookkeeping once memdrill has taken
 * the baseline: before it says "ready" it runs every command once on a
 * scratch mapping (code, GOT, errno, signal frame, stack and buffers are
 * then all mapped and private) and memdrill reads /proc/PID/stat after
 * that.  Each answer also carries the faults taken inside the command
 * (getrusage around it), which memdrill can compare with the stat delta.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine/simhost.h"

#ifndef CLONE_PARENT		/* hidden by _XOPEN_SOURCE in some builds */
#define CLONE_PARENT	0x00008000
#endif

#define SIMHOST_PAGE	4096UL
#define SIMHOST_STACK	(128 << 10)	/* stack pre-faulted before "ready" */
#define SIMHOST_BUF	(64 << 10)	/* read(2) buffer */

static sigjmp_buf simhost_child_jmp;
static volatile sig_atomic_t simhost_child_code;
static char simhost_child_buf[SIMHOST_BUF];

/* SIGSEGV inside a touch: remember why and jump back to the loop. */
static void simhost_child_segv(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	simhost_child_code = si->si_code;
	siglongjmp(simhost_child_jmp, 1);
}

/* Faults so far (this thread). */
static void simhost_child_faults(long *min, long *maj)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	*min = ru.ru_minflt;
	*maj = ru.ru_majflt;
}

/*
 * mmap len bytes at c->addr (where the simulator puts the mapping;
 * MAP_FIXED_NOREPLACE: never over something of ours), or anywhere for
 * the warm-up's scratch mapping (addr 0).  A file is always opened
 * read-write, whatever the protection, so that a later mprotect rw of a
 * MAP_SHARED mapping is allowed as in the simulator (docs: "Files").
 */
static int simhost_child_mmap(const struct simhost_cmd *c,
			      struct simhost_rep *r)
{
	int fd = -1, flags = c->flags;
	void *p;

	if (c->addr)
		flags |= MAP_FIXED_NOREPLACE;
	if (c->path[0]) {
		fd = open(c->path, O_RDWR);
		if (fd < 0)
			return errno;
	} else {
		flags |= MAP_ANONYMOUS;
	}
	p = mmap((void *)(uintptr_t)c->addr, c->len, c->prot, flags, fd, 0);
	if (fd >= 0)
		close(fd);
	if (p == MAP_FAILED)
		return errno;
	if (c->addr && (uintptr_t)p != c->addr) {	/* an old kernel */
		munmap(p, c->len);
		return EEXIST;
	}
	r->addr = (uintptr_t)p;
	return 0;
}

/*
 * One byte per page; a SIGSEGV stops the range (as the simulator does).
 * Not instrumented by ASan: its shadow reads would fault on their own.
 */
__attribute__((no_sanitize_address))
static void simhost_child_touch(const struct simhost_cmd *c,
				struct simhost_rep *r)
{
	volatile char *p = (volatile char *)(uintptr_t)c->addr;
	volatile uint64_t i;

	for (i = 0; i < c->len; i += SIMHOST_PAGE) {
		if (sigsetjmp(simhost_child_jmp, 1)) {
			r->segv = 1;
			r->segv_code = simhost_child_code;
			return;
		}
		if (c->write)
			p[i] = 1;
		else
			(void)p[i];
	}
}

/* read(2) a file range through the page cache into a private buffer,
 * without readahead. */
static int simhost_child_read(const struct simhost_cmd *c)
{
	uint64_t done = 0;
	int fd = open(c->path, O_RDONLY);

	if (fd < 0)
		return errno;
	/* FMODE_RANDOM: read exactly the range, no readahead window (the
	 * simulator's `A read` does none) */
	posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
	while (done < c->len) {
		size_t n = c->len - done > SIMHOST_BUF ? SIMHOST_BUF :
			   (size_t)(c->len - done);
		ssize_t got = pread(fd, simhost_child_buf, n,
				    (off_t)(c->off + done));

		if (got <= 0)
			break;
		done += (uint64_t)got;
	}
	close(fd);
	return 0;
}

/* Send one answer (a dead memdrill must not kill us with SIGPIPE). */
static void simhost_child_send(int sock, const struct simhost_rep *r)
{
	send(sock, r, sizeof(*r), MSG_NOSIGNAL);
}

/* Public (simhost.h): one command, @fd (>= 0) passed with SCM_RIGHTS. */
int simhost_cmd_send(int sock, const struct simhost_cmd *c, int fd)
{
	char ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { (void *)c, sizeof(*c) };
	struct msghdr mh;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	if (fd >= 0) {
		struct cmsghdr *cm;

		memset(ctl, 0, sizeof(ctl));
		mh.msg_control = ctl;
		mh.msg_controllen = sizeof(ctl);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	return sendmsg(sock, &mh, MSG_NOSIGNAL) < 0 ? -1 : 0;
}

/* Receive one command and, for fork, the socket that comes with it. */
static int simhost_child_recv(int sock, struct simhost_cmd *c, int *fd)
{
	char ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { c, sizeof(*c) };
	struct msghdr mh;
	struct cmsghdr *cm;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl;
	mh.msg_controllen = sizeof(ctl);
	*fd = -1;
	n = recvmsg(sock, &mh, 0);
	if (n != (ssize_t)sizeof(*c))
		return -1;
	cm = CMSG_FIRSTHDR(&mh);
	if (cm && cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SCM_RIGHTS)
		memcpy(fd, CMSG_DATA(cm), sizeof(int));
	return 0;
}

static void simhost_child_loop(int sock, const char *name)
	__attribute__((noreturn));
static void simhost_child_warm(int sock);

/*
 * fork: clone(CLONE_PARENT) so that the copy is memdrill's child (it can
 * wait for it and see an OOM kill) while its memory is a real fork of
 * this process.  The copy starts a fresh loop on the new socket.
 */
static void simhost_child_fork(int sock, const struct simhost_cmd *c,
			       int fd, struct simhost_rep *r)
{
	long pid;
	int e;

	if (fd < 0) {
		r->err = EBADF;
		return;
	}
	pid = syscall(SYS_clone, CLONE_PARENT | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		close(sock);
		simhost_child_loop(fd, c->name);
	}
	e = pid < 0 ? errno : 0;
	close(fd);
	/*
	 * fork write-protected our own stack and data too: take those
	 * copy-on-write faults now, inside this command, whose faults
	 * memdrill leaves out of the scenario's counts.  c and r live in
	 * the loop's frame, above the warmed stack.
	 */
	simhost_child_warm(sock);
	((volatile char *)(uintptr_t)c)[0] = ((char *)(uintptr_t)c)[0];
	((volatile char *)(uintptr_t)c)[sizeof(*c) - 1] =
		((char *)(uintptr_t)c)[sizeof(*c) - 1];
	memset(r, 0, sizeof(*r));
	r->err = e;
	r->pid = (pid_t)pid;
}

/* Carry out one command; returns 1 when the process should exit. */
static int simhost_child_do(int sock, const struct simhost_cmd *c, int fd,
			    struct simhost_rep *r)
{
	long min0, maj0, min1, maj1;

	memset(r, 0, sizeof(*r));
	simhost_child_faults(&min0, &maj0);
	switch (c->op) {
	case SIMHOST_MMAP:
		r->err = simhost_child_mmap(c, r);
		break;
	case SIMHOST_TOUCH:
		simhost_child_touch(c, r);
		break;
	case SIMHOST_MPROTECT:
		if (mprotect((void *)(uintptr_t)c->addr, c->len, c->prot))
			r->err = errno;
		break;
	case SIMHOST_MUNMAP:
		if (munmap((void *)(uintptr_t)c->addr, c->len))
			r->err = errno;
		break;
	case SIMHOST_MADVISE:
		if (madvise((void *)(uintptr_t)c->addr, c->len, c->flags))
			r->err = errno;
		break;
	case SIMHOST_READ:
		r->err = simhost_child_read(c);
		break;
	case SIMHOST_FORK:
		simhost_child_fork(sock, c, fd, r);
		break;
	case SIMHOST_EXIT:
		return 1;
	default:
		r->err = EINVAL;
	}
	simhost_child_faults(&min1, &maj1);
	r->minflt = min1 - min0;
	r->majflt = maj1 - maj0;
	return 0;
}

/*
 * One round trip of the protocol through a private socket pair, an fd
 * attached: the send and receive paths (and any interceptor around them)
 * have then run once before the baseline.
 */
static void simhost_child_echo(struct simhost_cmd *c, struct simhost_rep *r)
{
	int sv[2], fd;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv))
		return;
	if (simhost_cmd_send(sv[1], c, sv[1]) == 0 &&
	    !simhost_child_recv(sv[0], c, &fd)) {
		if (fd >= 0)
			close(fd);
		simhost_child_send(sv[0], r);
		recv(sv[1], r, sizeof(*r), 0);
	}
	close(sv[0]);
	close(sv[1]);
}

/*
 * Run every command once on a scratch mapping, a SIGSEGV included, and
 * write the stack and buffers, so that nothing the loop does later takes
 * a fault of its own.
 */
static void simhost_child_warm(int sock)
{
	volatile char stack[SIMHOST_STACK];
	struct simhost_cmd c;
	struct simhost_rep r;
	size_t i;

	for (i = 0; i < sizeof(stack); i += SIMHOST_PAGE)
		stack[i] = 0;
	memset(simhost_child_buf, 0, sizeof(simhost_child_buf));
	memset(&c, 0, sizeof(c));
	c.op = SIMHOST_MMAP;
	c.len = 2 * SIMHOST_PAGE;
	c.prot = PROT_READ | PROT_WRITE;
	c.flags = MAP_PRIVATE;
	simhost_child_do(sock, &c, -1, &r);
	c.addr = r.addr;
	c.op = SIMHOST_TOUCH;
	c.write = 1;
	simhost_child_do(sock, &c, -1, &r);
	c.write = 0;
	simhost_child_do(sock, &c, -1, &r);
	c.op = SIMHOST_MPROTECT;
	c.prot = PROT_NONE;
	simhost_child_do(sock, &c, -1, &r);
	c.op = SIMHOST_TOUCH;
	simhost_child_do(sock, &c, -1, &r);	/* SIGSEGV */
	c.op = SIMHOST_MADVISE;
	c.flags = MADV_DONTNEED;
	simhost_child_do(sock, &c, -1, &r);
	c.op = SIMHOST_READ;
	strcpy(c.path, "/proc/self/stat");
	c.len = 64;
	simhost_child_do(sock, &c, -1, &r);
	c.op = SIMHOST_MUNMAP;
	c.len = 2 * SIMHOST_PAGE;
	simhost_child_do(sock, &c, -1, &r);
	simhost_child_echo(&c, &r);
	close(-1);		/* errno written once */
}

/*
 * The command loop of one scenario process.  A forked copy calls it anew,
 * so its frames lie below the clone point, on stack the warm-up wrote.
 */
static void simhost_child_loop(int sock, const char *name)
{
	struct simhost_cmd c;
	struct simhost_rep r;
	int fd;

	prctl(PR_SET_NAME, name, 0, 0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
	if (getppid() == 1)
		_exit(1);
	simhost_child_warm(sock);
	memset(&r, 0, sizeof(r));
	simhost_child_send(sock, &r);		/* ready */
	for (;;) {
		if (simhost_child_recv(sock, &c, &fd))
			_exit(0);
		if (simhost_child_do(sock, &c, fd, &r))
			_exit(0);
		simhost_child_send(sock, &r);
	}
}

void simhost_child_main(int sock, const char *name, int thp_off)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = simhost_child_segv;
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);
	if (thp_off)
		prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0);	/* kept by fork */
	simhost_child_loop(sock, name);
}

int simhost_child_exec(int argc, char **argv)
{
	char *end;
	long fd;

	if (argc != 4 || strcmp(argv[1], SIMHOST_CHILD_ARG))
		return 2;
	fd = strtol(argv[2], &end, 10);
	if (*end || fd < 0 || fcntl((int)fd, F_GETFD) < 0)
		return 2;
	fcntl((int)fd, F_SETFD, FD_CLOEXEC);
	simhost_child_main((int)fd, "memdrill-spawn", !strcmp(argv[3], "1"));
}
