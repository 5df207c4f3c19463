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

/*
 * sim run FILE --host: run the scenario for real and print each result
 * as `sim run` does, then "N ok, N failed, N skipped, N known".  An
 * expectation that holds on the simulator and fails on the host for a
 * known reason (this kernel differs from 6.1, see the docs) is a known
 * host difference, not a failure.  Returns EXIT_OK,
 * EXIT_FINDING (a failed expectation) or EXIT_USAGE (a bad line, or the
 * scenario could not run).
 */
int simhost_run(const char *path, int trace);

/* Outcome of one scenario under `sim check --host`. */
enum simhost_verdict { SIMHOST_PASS, SIMHOST_FAIL, SIMHOST_SKIP };

/*
 * sim check --host, one scenario: run it on the simulator and the host in
 * lock step and compare the value of every expect line that has a real
 * equivalent.  Differences are printed as "FILE:LINE: differs: ..." with
 * both values (with @verbose, agreements as "FILE:LINE: agrees: ..."
 * too); a skip writes its reason to @why.  Differences with a known
 * reason are printed as "FILE:LINE: known host difference: ..." and
 * counted in *known, not as differences.
 */
enum simhost_verdict simhost_check_file(const char *path, int verbose,
					char *why, size_t whylen, int *known);

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
