/* SPDX-License-Identifier: GPL-2.0 */
/*
 * simhost.h - host mode of `memdrill sim` (docs/scenario-language.md,
 * "Host mode"): a scenario's process lines are carried out by real
 * processes on this machine and its expect lines are checked against the
 * kernel's own counters.  The simulator (sim/) stays free of real
 * syscalls; everything real lives here and in simhost-child.c.
 *
 * Each scenario process is a real child that obeys commands sent over a
 * SOCK_SEQPACKET socket (one struct simhost_cmd per message, answered by
 * one struct simhost_rep).  `A fork B` makes A clone(CLONE_PARENT) itself,
 * so B is a true copy-on-write fork of A that memdrill can still wait for.
 */
#ifndef MEMDRILL_SIMHOST_H
#define MEMDRILL_SIMHOST_H

#include <stdint.h>
#include <sys/types.h>

#define SIMHOST_NAME_MAX	32
#define SIMHOST_PATH_MAX	256

/* What a child is asked to do. */
enum simhost_op {
	SIMHOST_MMAP,		/* mmap len bytes (path: a file), 2M aligned */
	SIMHOST_TOUCH,		/* read or write one byte per page of a range */
	SIMHOST_MPROTECT,	/* mprotect(addr, len, prot) */
	SIMHOST_MUNMAP,		/* munmap(addr, len) */
	SIMHOST_MADVISE,	/* madvise(addr, len, flags) */
	SIMHOST_READ,		/* pread(2) path over [off, off + len) */
	SIMHOST_FORK,		/* clone a child that obeys the passed socket */
	SIMHOST_EXIT,		/* _exit(0), no answer */
};

/* One command (memdrill -> child). */
struct simhost_cmd {
	int op;			/* enum simhost_op */
	int prot;		/* PROT_* (mmap, mprotect) */
	int flags;		/* MAP_* (mmap) or MADV_* (madvise) */
	int write;		/* touch: 1 write, 0 read */
	uint64_t addr;		/* start of the range */
	uint64_t len;		/* bytes */
	uint64_t off;		/* read: file offset */
	char name[SIMHOST_NAME_MAX];	/* fork: the new process's name */
	char path[SIMHOST_PATH_MAX];	/* mmap file=, read */
};

/* One answer (child -> memdrill); also the "ready" message of a child. */
struct simhost_rep {
	int err;		/* 0 or an errno value */
	int segv;		/* 1 when the touch stopped at a SIGSEGV */
	int segv_code;		/* its si_code (SEGV_MAPERR, SEGV_ACCERR) */
	pid_t pid;		/* fork: the new process */
	uint64_t addr;		/* mmap: where it landed */
	long minflt, majflt;	/* faults taken inside this command */
};

/* Send command @c on @sock, with @fd attached (SCM_RIGHTS) when >= 0;
 * 0, or -1 when the peer is gone. */
int simhost_cmd_send(int sock, const struct simhost_cmd *c, int fd);

/* The process side (simhost-child.c): never returns. */
void simhost_child_main(int sock, const char *name, int thp_off)
	__attribute__((noreturn));

/*
 * Host mode starts its process spawner as a fresh exec of this program
 * with argv[1] == SIMHOST_CHILD_ARG, argv[2] the socket's fd number and
 * argv[3] 1 for PR_SET_THP_DISABLE (main() hands such a run to
 * simhost_child_exec() before anything else).  Returns 2 on bad
 * arguments; otherwise it does not return.
 */
#define SIMHOST_CHILD_ARG	"--simhost-child"
int simhost_child_exec(int argc, char **argv);

/* What a run reports, line by line (struct simhost_item). */
enum simhost_kind {
	SIMHOST_OK,		/* run: an expectation holds on the host */
	SIMHOST_FAILED,		/* run: it does not */
	SIMHOST_SKIPPED,	/* run: a line or value with no real
				 * equivalent (the text says why) */
	SIMHOST_KNOWN,		/* a known host difference: this kernel is
				 * not 6.1 here (the text says how) */
	SIMHOST_DIFFERS,	/* check: the simulator and the host differ */
	SIMHOST_AGREES,		/* check (verbose): they agree */
	SIMHOST_SHOW,		/* run: output of a show line */
	SIMHOST_NOTE,		/* about the host (readahead, --trace) */
};

/*
 * One result.  text is the whole message after "FILE:LINE: " ("ok:
 * A.rss == 4", "differs: A.rss: simulator 0, host 8"); for SHOW and NOTE
 * (line 0) it is the whole output, without a final newline.
 */
struct simhost_item {
	int line;
	enum simhost_kind kind;
	char *text;		/* owned by the result */
};

enum simhost_verdict {
	SIMHOST_PASS,	/* run: every expectation held (known host
			 * differences aside); check: every compared value
			 * agrees */
	SIMHOST_FAIL,	/* run: one failed; check: a value differs, or the
			 * simulator stopped with an error */
	SIMHOST_SKIP,	/* not run on this host (the scenario needs what it
			 * has not: why), or nothing compared (why) */
	SIMHOST_ERROR,	/* a bad line (line, why) or an unreadable file
			 * (line 0) */
};

struct simhost_result {
	enum simhost_verdict verdict;
	int passed, failed, skipped, known;	/* run: expect lines */
	int compared, diffs;			/* check: values */
	int line;		/* ERROR: the bad line, 0 for the file */
	char why[512];		/* SKIP and ERROR: the reason */
	struct simhost_item *items;
	size_t nitems, capitems;
};

struct simhost_opts {
	int check;	/* sim check --host: compare with the simulator */
	int verbose;	/* check: an AGREES item for every agreement */
	int trace;	/* run: a NOTE per process with its fault counts */
	int own;	/* the machine is the run's own (the lab VM): memcgs
			 * get the scenario's names, not memdrill-PID-NAME;
			 * the allocation lines (alloc_pages, kmalloc, cache,
			 * ...) run on the kernel's allocators through the
			 * companion module kmod/simvm_lab.c */
	/* called with each item as it is made (may be NULL) */
	void (*out)(void *ctx, const struct simhost_item *it);
	void *ctx;
};

/*
 * Run the scenario at @path in host mode: its process lines by real
 * processes on this machine, its expect lines checked on the kernel's
 * counters, the simulator beside it in lock step.  Without o->check
 * (sim run --host) every expect line gives an OK, FAILED, SKIPPED or
 * KNOWN item: an expectation that holds on the simulator and fails on
 * the host for a known reason (docs/scenario-language.md, "Known host
 * differences") is KNOWN, not FAILED.  With o->check (sim check --host)
 * each value with a real equivalent is compared with the simulator's:
 * DIFFERS, KNOWN, or with o->verbose AGREES.  *res is filled (release it
 * with simhost_result_release()); returns res->verdict.  Nothing is
 * printed; children, memcgs and files are gone when it returns, and on
 * SIGINT, SIGTERM and SIGHUP meanwhile.
 */
enum simhost_verdict simhost_run(const char *path,
				 const struct simhost_opts *o,
				 struct simhost_result *res);
void simhost_result_release(struct simhost_result *res);

/* Append an item to @res, which takes @text (malloc'ed); returns it. */
const struct simhost_item *simhost_result_add(struct simhost_result *res,
					      int line, enum simhost_kind kind,
					      char *text);

/*
 * read_ahead_kb of the device holding host mode's temp files (*dir: the
 * folder, $TMPDIR or /tmp); -1 when unknown.  *lock names the host
 * kernel's fault lock ("mmap", "vma"), release gets its uname release.
 * Host mode gives both to the simulated machine (a machine line's
 * readahead_kb= or fault_lock= must match them).
 */
long simhost_readahead_kb(const char **dir, const char **lock,
			  char *release, size_t n);

#endif
